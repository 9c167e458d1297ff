//! What each client bought: the category (or product, or service) of its order lines, with
//! per client and category the purchase rows and the net revenue.
//!
//! Category texts are interned once: trimmed, compared folded as rules compare text
//! ([`normalize_text`]: case, `ё` and white space), shown as first spelt. A row looks its
//! raw text up in a table of the spellings seen, so a row allocates nothing; only a new
//! spelling is folded. The tallies are one flat table keyed by (client, category): about
//! 29 bytes per pair a client bought in (24 for the key and tally, a control byte, the
//! table's slack), nothing per client without a category.

use super::codec::{Reader, Writer};
use super::interner::FastState;
use crate::error::Error;
use crate::money::Money;
use crate::rules::normalize_text;
use hashbrown::HashMap;

/// Distinct categories kept; texts first seen after this many are left out (a column of
/// free text rather than categories).
pub(crate) const MAX_CATEGORIES: usize = 1 << 16;

/// Spellings remembered for the lookup of raw texts (more are folded on each row).
const MAX_SPELLINGS: usize = 1 << 18;

/// No category: an empty text, or one beyond [`MAX_CATEGORIES`].
const NONE: u32 = u32::MAX;

/// One client's purchases in one category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Purchase rows (returns aside).
    pub(crate) rows: u32,
    /// Revenue, the returns of the category netted out.
    pub(crate) revenue: Money,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.rows = self.rows.saturating_add(o.rows);
        self.revenue = self.revenue.saturating_add(o.revenue);
    }
}

#[inline]
fn key(client: u32, category: u32) -> u64 {
    ((client as u64) << 32) | category as u64
}

/// The categories of a file and every client's tallies by category.
#[derive(Clone, Debug, Default)]
pub(crate) struct Categories {
    /// The category column.
    pub(crate) col: usize,
    /// Names as first spelt, by id.
    names: Vec<String>,
    /// Folded name → id.
    folded: HashMap<String, u32, FastState>,
    /// Raw trimmed text → id ([`NONE`] for a text that folds to nothing or came after the
    /// limit).
    spellings: HashMap<Box<[u8]>, u32, FastState>,
    /// (client, category) → tally.
    table: HashMap<u64, Tally, FastState>,
    /// Whether texts beyond [`MAX_CATEGORIES`] were left out.
    pub(crate) capped: bool,
}

impl Categories {
    /// Categories read from column `col`.
    pub(crate) fn new(col: usize) -> Categories {
        Categories {
            col,
            ..Categories::default()
        }
    }

    /// Adds an accepted row of `client` whose category cell is `raw` (trimmed): a purchase
    /// row, or a return (`amount` not positive) that nets out of its category.
    #[inline]
    pub(crate) fn note(&mut self, raw: &[u8], client: u32, amount: Money, is_return: bool) {
        if raw.is_empty() {
            return;
        }
        let id = match self.spellings.get(raw) {
            Some(&id) => id,
            None => self.spelling(raw),
        };
        if id == NONE {
            return;
        }
        self.add(
            client,
            id,
            Tally {
                rows: !is_return as u32,
                revenue: amount,
            },
        );
    }

    /// The id of a spelling not looked up before (remembered while there is room).
    #[cold]
    fn spelling(&mut self, raw: &[u8]) -> u32 {
        let text = String::from_utf8_lossy(raw);
        let id = self.intern(&text);
        if self.spellings.len() < MAX_SPELLINGS {
            self.spellings.insert(raw.into(), id);
        }
        id
    }

    /// The id of category `name` (trimmed for display), new when its folded form is;
    /// [`NONE`] when it folds to nothing or the limit is reached.
    fn intern(&mut self, name: &str) -> u32 {
        let folded = normalize_text(name);
        if folded.is_empty() {
            return NONE;
        }
        if let Some(&id) = self.folded.get(&folded) {
            return id;
        }
        if self.names.len() >= MAX_CATEGORIES {
            self.capped = true;
            return NONE;
        }
        let id = self.names.len() as u32;
        self.names.push(name.trim().to_string());
        self.folded.insert(folded, id);
        id
    }

    /// Adds a tally to `client`'s in category `id`.
    #[inline]
    fn add(&mut self, client: u32, id: u32, t: Tally) {
        self.table.entry(key(client, id)).or_default().add(t);
    }

    /// The names, by id.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// Every (client, category, tally), by client, then category id.
    pub(crate) fn entries(&self) -> Vec<(u32, u32, Tally)> {
        let mut out: Vec<(u32, u32, Tally)> = self
            .table
            .iter()
            .map(|(&k, &t)| ((k >> 32) as u32, k as u32, t))
            .collect();
        out.sort_unstable_by_key(|e| (e.0, e.1));
        out
    }

    /// Moves the tallies of merged clients to the client each was merged into
    /// (`merged_into[c]`, `c` itself when kept).
    pub(crate) fn merge_clients(&mut self, merged_into: &[u32]) {
        if merged_into.is_empty() {
            return;
        }
        let moved: Vec<(u64, Tally)> = self
            .table
            .iter()
            .filter(|e| {
                let c = (*e.0 >> 32) as usize;
                merged_into.get(c).is_some_and(|&m| m as usize != c)
            })
            .map(|(&k, &t)| (k, t))
            .collect();
        for (k, t) in moved {
            self.table.remove(&k);
            let kept = merged_into[(k >> 32) as usize];
            self.add(kept, k as u32, t);
        }
    }

    /// Adds the categories and tallies of `other`, whose client `i` is this one's client
    /// `clients[i]` (a later range of the same file: its categories are interned after
    /// this one's, as one reader would meet them). False when `clients` misses one of
    /// `other`'s.
    pub(crate) fn absorb(&mut self, other: &Categories, clients: &[u32]) -> bool {
        let ids: Vec<u32> = other.names.iter().map(|n| self.intern(n)).collect();
        for (c, k, t) in other.entries() {
            let (Some(&g), Some(&id)) = (clients.get(c as usize), ids.get(k as usize)) else {
                return false;
            };
            if id != NONE {
                self.add(g, id, t);
            }
        }
        self.capped |= other.capped;
        true
    }

    /// Estimated bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        let names: usize = self.names.iter().map(|n| n.capacity() * 2 + 48).sum();
        names
            + self.spellings.capacity() * 33
            + self.table.capacity() * (std::mem::size_of::<(u64, Tally)>() + 1)
    }
}

/// The bytes of the categories, for a saved state and a range's partial state.
impl Categories {
    /// Writes the column, the names and every tally (clients as steps from the previous).
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.uv(self.col as u64);
        w.u8(self.capped as u8);
        w.vlen(self.names.len());
        for n in &self.names {
            w.vbytes(n.as_bytes());
        }
        let entries = self.entries();
        w.vlen(entries.len());
        let mut prev = 0u32;
        for (c, k, t) in entries {
            w.uv((c - prev) as u64);
            w.uv(k as u64);
            w.uv(t.rows as u64);
            w.iv(t.revenue);
            prev = c;
        }
    }

    /// Reads what [`encode`](Self::encode) wrote, for `clients` clients.
    pub(crate) fn decode(r: &mut Reader<'_>, clients: usize) -> Result<Categories, Error> {
        let col = usize::try_from(r.uv()?).map_err(|_| r.bad())?;
        let capped = r.bool()?;
        let mut out = Categories::new(col);
        let n = r.vlen(1)?;
        if n > MAX_CATEGORIES {
            return Err(r.bad());
        }
        for i in 0..n {
            let name = std::str::from_utf8(r.vbytes()?).map_err(|_| r.bad())?;
            // Names are distinct and never fold to nothing.
            if out.intern(name) != i as u32 {
                return Err(r.bad());
            }
        }
        out.capped = capped;
        let n = r.vlen(4)?;
        out.table.reserve(n);
        let mut c = 0u32;
        for i in 0..n {
            let step = u32::try_from(r.uv()?).map_err(|_| r.bad())?;
            c = c.checked_add(step).ok_or_else(|| r.bad())?;
            let k = r.uv32()?;
            let t = Tally {
                rows: r.uv32()?,
                revenue: r.iv()?,
            };
            let fresh = i == 0 || step > 0 || !out.table.contains_key(&key(c, k));
            if c as usize >= clients || k as usize >= out.names.len() || !fresh {
                return Err(r.bad());
            }
            out.table.insert(key(c, k), t);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: client, category text, amount, whether a return.
    type Row<'a> = (u32, &'a str, Money, bool);

    fn read(rows: &[Row<'_>]) -> Categories {
        let mut c = Categories::new(0);
        for (client, text, amount, ret) in rows {
            c.note(text.trim().as_bytes(), *client, *amount, *ret);
        }
        c
    }

    fn named(c: &Categories) -> Vec<(u32, String, u32, Money)> {
        c.entries()
            .into_iter()
            .map(|(cl, k, t)| (cl, c.names()[k as usize].clone(), t.rows, t.revenue))
            .collect()
    }

    #[test]
    fn categories_table() {
        type Want<'a> = &'a [(u32, &'a str, u32, Money)];
        #[rustfmt::skip]
        let cases: &[(&str, &[Row<'_>], Want<'_>)] = &[
            ("one row", &[(0, "Кремы", 10, false)], &[(0, "Кремы", 1, 10)]),
            ("folded (case, spaces, ё), first spelling kept", &[(0, "Кремы", 10, false), (0, " КРЕМЫ ", 5, false), (1, "крёмы", 1, false), (1, "кремы", 2, false)], &[(0, "Кремы", 2, 15), (1, "Кремы", 2, 3)]),
            ("a return nets out of its category", &[(0, "Tea", 10, false), (0, "tea", -4, true)], &[(0, "Tea", 1, 6)]),
            ("empty is none", &[(0, "", 10, false), (0, "   ", 3, false)], &[]),
            ("two categories", &[(0, "a", 1, false), (0, "b", 2, false), (0, "a", 3, false)], &[(0, "a", 2, 4), (0, "b", 1, 2)]),
            ("inner spaces folded", &[(0, "Уход  за\u{a0}кожей", 1, false), (0, "уход за кожей", 1, false)], &[(0, "Уход  за\u{a0}кожей", 2, 2)]),
        ];
        for (name, rows, want) in cases {
            let got = named(&read(rows));
            let want: Vec<(u32, String, u32, Money)> = want
                .iter()
                .map(|w| (w.0, w.1.to_string(), w.2, w.3))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn bytes_round_trip_and_damage_is_refused() {
        let c = read(&[(0, "a", 1, false), (2, "b", 2, false), (2, "A", -1, true)]);
        let mut w = Writer::with_capacity(0);
        c.encode(&mut w);
        let bad = || crate::error::Error::new(crate::error::ErrorKind::InvalidState, "bad");
        let back = Categories::decode(&mut Reader::new(&w.0, bad), 3).unwrap();
        assert_eq!(named(&back), named(&c));
        // Too few clients for the tallies.
        assert!(Categories::decode(&mut Reader::new(&w.0, bad), 2).is_err());
        for cut in 0..w.0.len() {
            assert!(Categories::decode(&mut Reader::new(&w.0[..cut], bad), 3).is_err());
        }
    }

    #[test]
    fn merged_clients_and_later_ranges() {
        let mut a = read(&[(0, "a", 1, false), (1, "b", 2, false), (2, "a", 4, false)]);
        a.merge_clients(&[0, 1, 0]);
        assert_eq!(named(&a), [(0, "a".into(), 2, 5), (1, "b".into(), 1, 2)]);
        let later = read(&[(0, "C", 1, false), (1, "B", 7, false)]);
        assert!(a.absorb(&later, &[3, 1]));
        assert_eq!(
            named(&a),
            [
                (0, "a".into(), 2, 5),
                (1, "b".into(), 2, 9),
                (3, "C".into(), 1, 1)
            ]
        );
        assert!(!a.absorb(&later, &[3]));
    }
}
