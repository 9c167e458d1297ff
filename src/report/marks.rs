//! Marks set by hand: tags and manual segments assigned to clients, or removed from them,
//! on top of the clients table's, kept in the saved state.
//!
//! The overlay records, per client id, the marks assigned and the clients table's marks
//! removed, each kind apart. A client's tags (the rule field `tags`) are the clients
//! table's, less the removed ones, then the assigned ones; its manual segments
//! (`manual_segments`) likewise. Text is trimmed and compared folded, as rules compare it
//! ([`normalize_text`](crate::rules::normalize_text)): `VIP` and ` vip ` are one mark, and
//! the spelling first seen (the clients table's, then the first assigned) is kept.
//!
//! The lists of clients with edits are resolved once per report, so labelling a client
//! without edits reads the clients table's lists as before, without allocating.

use super::Report;
use crate::criteria::{ExplainedMark, MarkKind, MarkSource};
use crate::error::{Error, ErrorKind};
use crate::ingest::codec::{Reader, Writer};
use crate::ingest::ClientsTable;
use crate::money::{self, Money};
use crate::rules::{normalize_into, same_text};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A tag or a manual segment, by its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// A tag or a manual segment.
    pub kind: MarkKind,
    /// The text (trimmed when applied; compared folded).
    pub text: String,
}

impl Mark {
    /// A tag.
    pub fn tag(text: impl Into<String>) -> Mark {
        Mark {
            kind: MarkKind::Tag,
            text: text.into(),
        }
    }

    /// A manual segment.
    pub fn segment(text: impl Into<String>) -> Mark {
        Mark {
            kind: MarkKind::Segment,
            text: text.into(),
        }
    }
}

/// One edit of [`Report::mark`]: a mark assigned to clients, or removed from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkEdit {
    /// The clients' ids.
    pub ids: Vec<String>,
    /// The mark.
    pub mark: Mark,
    /// Whether the mark is removed rather than assigned.
    pub remove: bool,
}

/// The tags and manual segments of a report with their clients and revenue (each list
/// sorted by clients, most first, then by name).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarksSummary {
    /// Tags.
    pub tags: Vec<MarkStats>,
    /// Manual segments.
    pub segments: Vec<MarkStats>,
}

/// The clients of one tag or manual segment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkStats {
    /// The mark as first spelt.
    pub name: String,
    /// Clients with the mark (with orders and leads).
    pub clients: u64,
    /// Their net revenue.
    pub revenue: f64,
    /// Whether the clients have it from the clients table, by hand, or some each way.
    pub source: MarkSource,
}

/// What was set by hand (see [`Report::manual_marks`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualMarks {
    /// Tags.
    pub tags: Vec<ManualMark>,
    /// Manual segments.
    pub segments: Vec<ManualMark>,
}

/// One mark set by hand: the clients it was assigned to and those whose clients-table
/// mark was removed, by id in id order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualMark {
    /// The mark as first spelt.
    pub name: String,
    /// Clients it was assigned to.
    pub assigned: Vec<String>,
    /// Clients whose clients-table mark was removed.
    pub removed: Vec<String>,
}

/// Edits of one kind for one client.
#[derive(Clone, Debug, Default, PartialEq)]
struct Edits {
    /// Marks assigned that the clients table does not give.
    added: Vec<String>,
    /// Marks of the clients table removed.
    removed: Vec<String>,
}

impl Edits {
    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// `table` less the removed marks, then the assigned ones not already there, and how
    /// many come from the table.
    fn resolve(&self, table: &[String]) -> (Vec<String>, usize) {
        let mut out: Vec<String> = table
            .iter()
            .filter(|t| !self.removed.iter().any(|r| same_text(r, t)))
            .cloned()
            .collect();
        let from_table = out.len();
        for a in &self.added {
            if !out.iter().any(|t| same_text(t, a)) {
                out.push(a.clone());
            }
        }
        (out, from_table)
    }

    fn assign(&mut self, text: &str, table: &[String]) {
        self.removed.retain(|r| !same_text(r, text));
        let in_table = table.iter().any(|t| same_text(t, text));
        if !in_table && !self.added.iter().any(|a| same_text(a, text)) {
            self.added.push(text.to_string());
        }
    }

    fn unassign(&mut self, text: &str, table: &[String]) {
        self.added.retain(|a| !same_text(a, text));
        let in_table = table.iter().find(|t| same_text(t, text));
        if let Some(t) = in_table {
            if !self.removed.iter().any(|r| same_text(r, text)) {
                self.removed.push(t.clone());
            }
        }
    }
}

/// Both kinds of edits of one client.
#[derive(Clone, Debug, Default, PartialEq)]
struct ClientEdits {
    tags: Edits,
    segments: Edits,
}

impl ClientEdits {
    fn of(&mut self, kind: MarkKind) -> &mut Edits {
        match kind {
            MarkKind::Tag => &mut self.tags,
            MarkKind::Segment => &mut self.segments,
        }
    }
}

/// The marks set by hand, by client id.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Overlay {
    clients: BTreeMap<String, ClientEdits>,
}

impl Overlay {
    /// Whether nothing was set by hand.
    pub(crate) fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    /// The overlay's bytes (see [`Overlay::read`]).
    pub(crate) fn write(&self, w: &mut Writer) {
        w.vlen(self.clients.len());
        for (id, e) in &self.clients {
            w.vbytes(id.as_bytes());
            for list in [
                &e.tags.added,
                &e.tags.removed,
                &e.segments.added,
                &e.segments.removed,
            ] {
                w.vlen(list.len());
                for t in list {
                    w.vbytes(t.as_bytes());
                }
            }
        }
    }

    /// Reads what [`Overlay::write`] wrote: ids in increasing order, texts trimmed and not
    /// empty, no client without edits; anything else is the reader's error.
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Overlay, Error> {
        let n = r.vlen(5)?;
        let mut clients = BTreeMap::new();
        let mut last: Option<String> = None;
        for _ in 0..n {
            let id = text(r)?;
            if last.as_ref().is_some_and(|l| *l >= id) {
                return Err(r.bad());
            }
            let mut lists = [(); 4].map(|_| Vec::new());
            for list in &mut lists {
                for _ in 0..r.vlen(1)? {
                    let t = text(r)?;
                    if t.trim() != t || t.is_empty() {
                        return Err(r.bad());
                    }
                    list.push(t);
                }
            }
            let [ta, tr, sa, sr] = lists;
            let e = ClientEdits {
                tags: Edits {
                    added: ta,
                    removed: tr,
                },
                segments: Edits {
                    added: sa,
                    removed: sr,
                },
            };
            if e.tags.is_empty() && e.segments.is_empty() {
                return Err(r.bad());
            }
            last = Some(id.clone());
            clients.insert(id, e);
        }
        Ok(Overlay { clients })
    }
}

/// A UTF-8 string with its varint length.
fn text(r: &mut Reader<'_>) -> Result<String, Error> {
    let b = r.vbytes()?;
    String::from_utf8(b.to_vec()).map_err(|_| r.bad())
}

/// The resolved lists of one client with edits.
#[derive(Clone, Debug, Default)]
struct Resolved {
    tags: Vec<String>,
    table_tags: usize,
    segments: Vec<String>,
    table_segments: usize,
}

/// The overlay of a report and the resolved lists of its clients with edits.
#[derive(Clone, Default)]
pub(crate) struct Marks {
    overlay: Overlay,
    /// Per output row: the index of its resolved lists, `u32::MAX` for none (empty when
    /// the overlay is).
    slot: Vec<u32>,
    resolved: Vec<Resolved>,
}

/// A client's tags or manual segments: the clients table's first (`from_table` of them).
#[derive(Clone, Copy)]
pub(crate) struct MarkList<'a> {
    pub(crate) all: &'a [String],
    pub(crate) from_table: usize,
}

impl<'a> MarkList<'a> {
    /// Each mark and whether it was assigned by hand.
    fn iter(self) -> impl Iterator<Item = (&'a String, bool)> {
        self.all
            .iter()
            .enumerate()
            .map(move |(k, t)| (t, k >= self.from_table))
    }
}

impl Marks {
    /// The resolved lists of output row `i`, when its client has edits.
    fn row(&self, i: usize) -> Option<&Resolved> {
        let s = *self.slot.get(i)?;
        self.resolved.get(s as usize)
    }
}

/// The clients table's lists of a client, by its table row (`u32::MAX`: none).
fn table_lists(table: Option<&ClientsTable>, row: u32) -> (&[String], &[String]) {
    match table {
        Some(t) if row != u32::MAX => (
            t.tags.get(row as usize).map_or(&[][..], Vec::as_slice),
            t.segments.get(row as usize).map_or(&[][..], Vec::as_slice),
        ),
        _ => (&[], &[]),
    }
}

fn unknown_ids(ids: &[&str]) -> Error {
    let shown: Vec<&str> = ids.iter().take(10).copied().collect();
    let list = shown.join(", ");
    let more = ids.len() - shown.len();
    let (en, ru) = match more {
        0 => (String::new(), String::new()),
        n => (format!(" and {n} more"), format!(" и ещё {n}")),
    };
    Error::new(
        ErrorKind::InvalidClient,
        format!("no client has these ids: {list}{en}; nothing was marked"),
    )
    .ru(format!(
        "клиентов с такими id нет: {list}{ru}; ничего не отмечено"
    ))
}

/// The mark's text trimmed, or why it cannot be one.
fn mark_text(mark: &Mark) -> Result<&str, Error> {
    let t = mark.text.trim();
    let what = match mark.kind {
        MarkKind::Tag => ("a tag", "тег"),
        MarkKind::Segment => ("a manual segment", "ручной сегмент"),
    };
    if t.is_empty() {
        return Err(Error::option(format!("{} needs a text", what.0))
            .ru(format!("{}: нужен текст", capitalized(what.1))));
    }
    // The clients table splits a cell of tags on these: a mark holding one could not be
    // written back to a table.
    if t.contains([',', ';', '|']) {
        return Err(Error::option(format!(
            "{} cannot contain `,`, `;` or `|`: \"{t}\"",
            what.0
        ))
        .ru(format!(
            "{} не может содержать `,`, `;` или `|`: «{t}»",
            capitalized(what.1)
        )));
    }
    Ok(t)
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl Report {
    /// This report with `mark` assigned to the clients `ids`, relabelled (rules read the
    /// fields `tags` and `manual_segments`). See [`Report::mark`].
    pub fn assign(&self, ids: &[&str], mark: &Mark) -> Result<Report, Error> {
        self.mark(&[edit(ids, mark, false)])
    }

    /// This report with `mark` removed from the clients `ids`, relabelled: a mark that
    /// comes from the clients table is hidden. See [`Report::mark`].
    pub fn unassign(&self, ids: &[&str], mark: &Mark) -> Result<Report, Error> {
        self.mark(&[edit(ids, mark, true)])
    }

    /// This report with the `edits` applied in order, relabelled; `self` is left as it was.
    ///
    /// A mark's text is trimmed and compared folded as rules compare text; a new mark takes
    /// the spelling already in use (the clients table's, then the first assigned).
    /// Assigning a mark a client has does nothing, and so does removing one it has not;
    /// removing a clients-table mark hides it, assigning it again shows it. An id of no
    /// client is an `invalidClient` error listing the ids, and nothing is applied; an empty
    /// text, or one with `,` `;` `|` (the clients table's list separators), is
    /// `invalidOption`. The marks are kept in the saved state ([`Report::state`]), so
    /// [`from_state`](crate::from_state) and [`update`](crate::update) keep them.
    pub fn mark(&self, edits: &[MarkEdit]) -> Result<Report, Error> {
        let rows: HashMap<&str, usize> =
            (0..self.ids.len()).map(|i| (self.ids.get(i), i)).collect();
        let mut missing: Vec<&str> = Vec::new();
        for e in edits {
            mark_text(&e.mark)?;
            for id in &e.ids {
                if !rows.contains_key(id.as_str()) && !missing.contains(&id.as_str()) {
                    missing.push(id);
                }
            }
        }
        if !missing.is_empty() {
            return Err(unknown_ids(&missing));
        }
        let mut overlay = self.marks.overlay.clone();
        for e in edits {
            let text = self.spelling(&overlay, e.mark.kind, mark_text(&e.mark)?);
            for id in &e.ids {
                let Some(&i) = rows.get(id.as_str()) else {
                    continue;
                };
                let (tags, segments) = table_lists(self.clients.as_ref(), self.cols.attr_row[i]);
                let table = match e.mark.kind {
                    MarkKind::Tag => tags,
                    MarkKind::Segment => segments,
                };
                let client = overlay.clients.entry(id.clone()).or_default();
                match e.remove {
                    false => client.of(e.mark.kind).assign(&text, table),
                    true => client.of(e.mark.kind).unassign(&text, table),
                }
                if client.tags.is_empty() && client.segments.is_empty() {
                    overlay.clients.remove(id);
                }
            }
        }
        let marks = self.resolve_marks(overlay);
        self.relabel_marked(&self.options, Arc::new(marks))
    }

    /// The spelling of `text` already in use: the clients table's, then the overlay's.
    fn spelling(&self, overlay: &Overlay, kind: MarkKind, text: &str) -> String {
        let from_table = self.clients.as_ref().and_then(|t| {
            let lists = match kind {
                MarkKind::Tag => &t.tags,
                MarkKind::Segment => &t.segments,
            };
            lists.iter().flatten().find(|s| same_text(s, text))
        });
        let from_overlay = || {
            overlay.clients.values().find_map(|c| {
                let e = match kind {
                    MarkKind::Tag => &c.tags,
                    MarkKind::Segment => &c.segments,
                };
                e.added.iter().find(|s| same_text(s, text))
            })
        };
        from_table
            .or_else(from_overlay)
            .map_or_else(|| text.to_string(), String::clone)
    }

    /// The overlay resolved against this report's clients (ids of no client are kept for
    /// the state and resolve to nothing).
    pub(crate) fn resolve_marks(&self, overlay: Overlay) -> Marks {
        if overlay.is_empty() {
            return Marks::default();
        }
        let mut slot = vec![u32::MAX; self.ids.len()];
        let mut resolved = Vec::new();
        for (i, slot) in slot.iter_mut().enumerate() {
            let Some(e) = overlay.clients.get(self.ids.get(i)) else {
                continue;
            };
            let (tags, segments) = table_lists(self.clients.as_ref(), self.cols.attr_row[i]);
            let (tags, table_tags) = e.tags.resolve(tags);
            let (segments, table_segments) = e.segments.resolve(segments);
            *slot = resolved.len() as u32;
            resolved.push(Resolved {
                tags,
                table_tags,
                segments,
                table_segments,
            });
        }
        Marks {
            overlay,
            slot,
            resolved,
        }
    }

    /// Puts back the marks a saved state kept and labels the clients again with them.
    pub(crate) fn restore_marks(&mut self, overlay: Overlay) {
        if overlay.is_empty() {
            return;
        }
        self.marks = Arc::new(self.resolve_marks(overlay));
        self.label_all();
        self.warnings = self.find_warnings();
    }

    /// The marks set by hand, for the saved state.
    pub(crate) fn overlay(&self) -> &Overlay {
        &self.marks.overlay
    }

    /// The tags and manual segments of output row `i` when its client has edits (one
    /// look-up in a column: clients without edits read the clients table's lists).
    pub(super) fn edited_marks(&self, i: usize) -> Option<(&[String], &[String])> {
        self.marks
            .row(i)
            .map(|r| (r.tags.as_slice(), r.segments.as_slice()))
    }

    /// The tags and manual segments of output row `i`.
    pub(crate) fn mark_lists(&self, i: usize) -> (MarkList<'_>, MarkList<'_>) {
        if let Some(r) = self.marks.row(i) {
            return (
                MarkList {
                    all: &r.tags,
                    from_table: r.table_tags,
                },
                MarkList {
                    all: &r.segments,
                    from_table: r.table_segments,
                },
            );
        }
        let row = self.cols.attr_row.get(i).copied().unwrap_or(u32::MAX);
        let (tags, segments) = table_lists(self.clients.as_ref(), row);
        (
            MarkList {
                all: tags,
                from_table: tags.len(),
            },
            MarkList {
                all: segments,
                from_table: segments.len(),
            },
        )
    }

    /// The tags and manual segments of every client, with their clients and revenue.
    pub fn marks_summary(&self) -> MarksSummary {
        let mut tags = Counter::default();
        let mut segments = Counter::default();
        for i in 0..self.ids.len() {
            let (t, s) = self.mark_lists(i);
            let revenue = self.cols.revenue[i];
            tags.add(i, t, revenue);
            segments.add(i, s, revenue);
        }
        MarksSummary {
            tags: tags.finish(),
            segments: segments.finish(),
        }
    }

    /// The tags and manual segments of output row `i`, for its explanation.
    pub(crate) fn explained_marks(&self, i: usize) -> Vec<ExplainedMark> {
        let (tags, segments) = self.mark_lists(i);
        let one = |kind: MarkKind, (name, manual): (&String, bool)| ExplainedMark {
            kind,
            name: name.clone(),
            source: if manual {
                MarkSource::Manual
            } else {
                MarkSource::Table
            },
        };
        let tags = tags.iter().map(|m| one(MarkKind::Tag, m));
        tags.chain(segments.iter().map(|m| one(MarkKind::Segment, m)))
            .collect()
    }

    /// What was set by hand: per mark, the clients it was assigned to and those whose
    /// clients-table mark was removed.
    pub fn manual_marks(&self) -> ManualMarks {
        let mut tags = Vec::new();
        let mut segments = Vec::new();
        for (id, e) in &self.marks.overlay.clients {
            for (out, edits) in [(&mut tags, &e.tags), (&mut segments, &e.segments)] {
                for (list, removed) in [(&edits.added, false), (&edits.removed, true)] {
                    for name in list {
                        manual_entry(out, name, id, removed);
                    }
                }
            }
        }
        ManualMarks { tags, segments }
    }

    /// Whether any client has a tag or a manual segment.
    pub(crate) fn has_marks(&self) -> (bool, bool) {
        let mut any = (false, false);
        for i in 0..self.ids.len() {
            let (t, s) = self.mark_lists(i);
            any.0 |= !t.all.is_empty();
            any.1 |= !s.all.is_empty();
            if any.0 && any.1 {
                break;
            }
        }
        any
    }
}

fn manual_entry(out: &mut Vec<ManualMark>, name: &str, id: &str, removed: bool) {
    let k = match out.iter().position(|m| same_text(&m.name, name)) {
        Some(k) => k,
        None => {
            out.push(ManualMark {
                name: name.to_string(),
                assigned: Vec::new(),
                removed: Vec::new(),
            });
            out.len() - 1
        }
    };
    let m = &mut out[k];
    match removed {
        false => m.assigned.push(id.to_string()),
        true => m.removed.push(id.to_string()),
    }
}

fn edit(ids: &[&str], mark: &Mark, remove: bool) -> MarkEdit {
    MarkEdit {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        mark: mark.clone(),
        remove,
    }
}

/// One mark's tally while summing.
struct Entry {
    name: String,
    clients: u64,
    revenue: Money,
    table: bool,
    manual: bool,
    /// The last row counted (a client whose list repeats a mark counts once).
    last: usize,
}

/// Tallies of one kind of mark, by folded text.
#[derive(Default)]
struct Counter {
    index: HashMap<String, usize>,
    entries: Vec<Entry>,
    folded: String,
}

impl Counter {
    fn add(&mut self, row: usize, list: MarkList<'_>, revenue: Money) {
        for (name, manual) in list.iter() {
            normalize_into(name, &mut self.folded);
            let k = match self.index.get(&self.folded) {
                Some(&k) => k,
                None => {
                    self.index.insert(self.folded.clone(), self.entries.len());
                    self.entries.push(Entry {
                        name: name.clone(),
                        clients: 0,
                        revenue: 0,
                        table: false,
                        manual: false,
                        last: usize::MAX,
                    });
                    self.entries.len() - 1
                }
            };
            let e = &mut self.entries[k];
            if e.last != row {
                e.last = row;
                e.clients += 1;
                e.revenue = e.revenue.saturating_add(revenue);
            }
            e.table |= !manual;
            e.manual |= manual;
        }
    }

    fn finish(self) -> Vec<MarkStats> {
        let mut out: Vec<MarkStats> = self
            .entries
            .into_iter()
            .map(|e| MarkStats {
                name: e.name,
                clients: e.clients,
                revenue: money::to_f64(e.revenue),
                source: match (e.table, e.manual) {
                    (true, true) => MarkSource::Both,
                    (false, true) => MarkSource::Manual,
                    _ => MarkSource::Table,
                },
            })
            .collect();
        out.sort_by(|a, b| b.clients.cmp(&a.clients).then_with(|| a.name.cmp(&b.name)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn edits_resolve_over_the_table() {
        // (table, edits as (text, remove), resolved, from table)
        let cases: &[(&[&str], &[(&str, bool)], &[&str], usize)] = &[
            (&[], &[("vip", false)], &["vip"], 0),
            (&["VIP"], &[("vip", false)], &["VIP"], 1),
            (&["VIP", "опт"], &[("vip", true)], &["опт"], 1),
            (&["VIP"], &[("vip", true), ("Vip", false)], &["VIP"], 1),
            (&[], &[("vip", false), ("VIP", false)], &["vip"], 0),
            (&[], &[("vip", false), ("vip", true)], &[], 0),
            (&["ёлка"], &[("Елка", true)], &[], 0),
            (&["a"], &[("b", false), ("c", false)], &["a", "b", "c"], 1),
            (&[], &[("x", true)], &[], 0),
        ];
        for (table, edits, want, from_table) in cases {
            let table = list(table);
            let mut e = Edits::default();
            for (text, remove) in *edits {
                match remove {
                    false => e.assign(text, &table),
                    true => e.unassign(text, &table),
                }
            }
            let (got, n) = e.resolve(&table);
            assert_eq!(got, list(want), "{table:?} {edits:?}");
            assert_eq!(n, *from_table, "{table:?} {edits:?}");
        }
    }

    #[test]
    fn overlay_bytes_round_trip_and_reject_damage() {
        let mut o = Overlay::default();
        let mut e = ClientEdits::default();
        e.tags.added.push("vip".into());
        e.segments.removed.push("Ключевые".into());
        o.clients.insert("7".into(), e.clone());
        o.clients.insert("8".into(), e);
        let mut w = Writer::default();
        o.write(&mut w);
        let bytes = w.0;
        let back = Overlay::read(&mut Reader::new(&bytes, super::super::state::invalid_state));
        assert_eq!(back.unwrap(), o);
        // (what, bytes)
        let mut swapped = bytes.clone();
        swapped[2] = b'9'; // the first id after the second
        let mut blank = bytes.clone();
        let at = bytes.iter().position(|&b| b == b'v').unwrap();
        blank[at] = b' ';
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("truncated", bytes[..bytes.len() - 1].to_vec()),
            ("ids out of order", swapped),
            ("untrimmed text", blank),
            ("no edits", vec![1, 1, b'7', 0, 0, 0, 0]),
            ("not utf-8", vec![1, 1, 0xff, 1, 1, b'a', 0, 0, 0]),
            ("huge count", vec![0xff, 0xff, 0x03]),
        ];
        for (what, b) in cases {
            let r = Overlay::read(&mut Reader::new(&b, super::super::state::invalid_state));
            assert!(r.is_err(), "{what}");
        }
    }

    #[test]
    fn mark_texts_are_checked() {
        // (mark, ok)
        let cases = [
            (Mark::tag(" vip "), true),
            (Mark::tag("  "), false),
            (Mark::segment("a,b"), false),
            (Mark::segment("a|b"), false),
            (Mark::tag("Не звонить"), true),
        ];
        for (m, ok) in cases {
            assert_eq!(mark_text(&m).is_ok(), ok, "{m:?}");
        }
        let e = mark_text(&Mark::segment("")).unwrap_err();
        assert!(e.message_in(crate::Lang::Ru).starts_with("Ручной сегмент"));
        let e = unknown_ids(&["1"; 12]);
        assert!(e.to_string().contains("and 2 more"), "{e}");
    }
}
