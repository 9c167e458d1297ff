//! Merging clients that share a normalised e-mail or phone (`mergeBy`).
//!
//! Rows note the contact keys of their client; clients sharing a key are joined in a
//! union-find, and at the end every group is merged into its earliest client.

use super::accumulate::Accumulator;
use super::interner::{fingerprint, mix, FastState, Interner};
use super::options::{MergeKey, ReadOptions};
use super::plan::Plan;
use super::records::Record;
use crate::error::{Error, ErrorKind};

/// Clients merged at the end of reading: for each client the index of the client it was
/// merged into (itself when kept; empty when nothing was merged), and per kept client the
/// ids merged into it.
pub(super) type Merged = (Vec<u32>, Vec<(String, Vec<String>)>);

/// The contact keys seen and the groups of clients they join.
pub(super) struct Contacts {
    email: Option<usize>,
    phone: Option<usize>,
    country: Vec<u8>,
    keys: hashbrown::HashMap<u64, u32, FastState>,
    parent: Vec<u32>,
}

impl Contacts {
    /// The merging `opts` ask for with the columns of `plan`; `None` when nothing is merged.
    pub(super) fn new(opts: &ReadOptions, plan: &Plan, country: &str) -> Option<Contacts> {
        let email = plan
            .email
            .filter(|_| opts.merge_by.contains(&MergeKey::Email));
        let phone = plan
            .phone
            .filter(|_| opts.merge_by.contains(&MergeKey::Phone));
        (email.is_some() || phone.is_some()).then(|| Contacts {
            email,
            phone,
            country: country.as_bytes().to_vec(),
            keys: hashbrown::HashMap::with_hasher(Default::default()),
            parent: Vec::new(),
        })
    }

    /// Notes the contacts of an accepted row of `client`.
    pub(super) fn note(&mut self, r: &Record<'_>, client: u32) {
        for (col, phone) in [(self.email, false), (self.phone, true)] {
            let Some(col) = col else {
                continue;
            };
            let Some(key) = self.key(r.field(col).unwrap_or_default(), phone) else {
                continue;
            };
            match self.keys.entry(key) {
                hashbrown::hash_map::Entry::Occupied(e) => {
                    let other = *e.get();
                    if other != client {
                        self.union(other, client);
                    }
                }
                hashbrown::hash_map::Entry::Vacant(e) => {
                    e.insert(client);
                }
            }
        }
    }

    /// The normalised key of a contact: digits with the country code for phones, the
    /// lowercase address for e-mails; `None` for what is not one.
    fn key(&self, raw: &[u8], phone: bool) -> Option<u64> {
        let s = std::str::from_utf8(raw).ok()?;
        if phone {
            let country = std::str::from_utf8(&self.country).unwrap_or("");
            let e164 = super::contact_text::e164(s, country)?;
            Some(mix(fingerprint(e164.as_bytes()), 2))
        } else {
            let e = super::contact_text::clean_email(s)?.to_lowercase();
            Some(mix(fingerprint(e.as_bytes()), 1))
        }
    }

    fn find_root(&mut self, mut c: u32) -> u32 {
        while (c as usize) < self.parent.len() && self.parent[c as usize] != c {
            let p = self.parent[c as usize];
            let gp = if (p as usize) < self.parent.len() {
                self.parent[p as usize]
            } else {
                p
            };
            if (c as usize) < self.parent.len() {
                self.parent[c as usize] = gp;
            }
            c = p;
        }
        c
    }

    fn union(&mut self, a: u32, b: u32) {
        let need = (a.max(b) as usize) + 1;
        if self.parent.len() < need {
            let start = self.parent.len() as u32;
            self.parent.extend(start..need as u32);
        }
        let (ra, rb) = (self.find_root(a), self.find_root(b));
        if ra != rb {
            // The earlier client is kept.
            let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[gone as usize] = keep;
        }
    }

    /// Merges every group into its earliest client: the others' stats are added to it
    /// and cleared.
    pub(super) fn merge(mut self, ids: &Interner, acc: &mut Accumulator) -> Result<Merged, Error> {
        if self.parent.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let n = acc.stats.len();
        self.parent.extend(self.parent.len() as u32..n as u32);
        let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        let mut merged_into: Vec<u32> = (0..n as u32).collect();
        for c in 0..n as u32 {
            let root = self.find_root(c);
            merged_into[c as usize] = root;
            if root != c {
                groups.entry(root).or_default().push(c);
            }
        }
        let mut merges = Vec::new();
        for (&root, gone) in &groups {
            for &g in gone {
                acc.absorb(root, g).map_err(|_| {
                    Error::new(
                        ErrorKind::Overflow,
                        "a merged client's total exceeds the exactly representable range",
                    )
                    .ru("сумма объединённого клиента больше, чем можно сосчитать точно")
                })?;
            }
            merges.push((
                ids.get(root).to_string(),
                gone.iter().map(|&g| ids.get(g).to_string()).collect(),
            ));
        }
        Ok((merged_into, merges))
    }
}
