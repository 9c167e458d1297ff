//! The client's name, e-mail and phone as the orders file gives them: per client, the first
//! non-empty value of each in file order.

use super::plan::Plan;
use super::records::Record;

/// The fields kept, in order.
pub(crate) const FIELDS: usize = 3;

/// Index of the name in a profile.
pub(crate) const NAME: usize = 0;
/// Index of the e-mail in a profile.
pub(crate) const EMAIL: usize = 1;
/// Index of the phone in a profile.
pub(crate) const PHONE: usize = 2;

/// Every client's name, e-mail and phone from the orders file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profiles {
    /// The column of each field, if the file has it.
    cols: [Option<usize>; FIELDS],
    /// The values, one after the other.
    arena: Vec<u8>,
    /// Per client and field: start and end in `arena` (empty while unknown).
    spans: Vec<[(u32, u32); FIELDS]>,
}

impl Profiles {
    /// Profiles of the plan's name, e-mail and phone columns; `None` when it has none.
    pub(crate) fn new(plan: &Plan) -> Option<Profiles> {
        let cols = [plan.name, plan.email, plan.phone];
        cols.iter().any(Option::is_some).then(|| Profiles {
            cols,
            ..Profiles::default()
        })
    }

    /// Room for a new client.
    pub(crate) fn new_client(&mut self) {
        self.spans.push([(0, 0); FIELDS]);
    }

    /// Keeps the fields of `client` not known yet from an accepted row.
    #[inline]
    pub(crate) fn note(&mut self, r: &Record<'_>, client: u32) {
        let Some(spans) = self.spans.get_mut(client as usize) else {
            return;
        };
        for (k, col) in self.cols.iter().enumerate() {
            let (Some(col), true) = (col, spans[k].0 == spans[k].1) else {
                continue;
            };
            let v = super::bytes::trim(r.field(*col).unwrap_or_default());
            if !v.is_empty() && self.arena.len() + v.len() <= u32::MAX as usize {
                let start = self.arena.len() as u32;
                self.arena.extend_from_slice(v);
                spans[k] = (start, self.arena.len() as u32);
            }
        }
    }

    /// Field `k` of `client`, empty when unknown.
    pub(crate) fn get(&self, client: usize, k: usize) -> &str {
        self.spans
            .get(client)
            .and_then(|s| self.arena.get(s[k].0 as usize..s[k].1 as usize))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Number of clients.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The columns, for the wire form.
    pub(crate) fn columns(&self) -> [Option<usize>; FIELDS] {
        self.cols
    }

    /// Profiles of `cols` to be filled by [`Profiles::set`] (the wire form, merges).
    pub(crate) fn with_columns(cols: [Option<usize>; FIELDS], clients: usize) -> Profiles {
        Profiles {
            cols,
            arena: Vec::new(),
            spans: vec![[(0, 0); FIELDS]; clients],
        }
    }

    /// Sets field `k` of `client` unless it is known (the earlier value wins).
    pub(crate) fn set(&mut self, client: usize, k: usize, v: &str) {
        if client >= self.spans.len() {
            self.spans.resize(client + 1, [(0, 0); FIELDS]);
        }
        let s = &mut self.spans[client][k];
        if s.0 == s.1 && !v.is_empty() && self.arena.len() + v.len() <= u32::MAX as usize {
            let start = self.arena.len() as u32;
            self.arena.extend_from_slice(v.as_bytes());
            *s = (start, self.arena.len() as u32);
        }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.spans.capacity() * std::mem::size_of::<[(u32, u32); FIELDS]>()
    }
}
