//! Who moved between two reports: per criterion, the clients on each path from a label
//! before to a label after, with their revenue before and after, whether the path goes up,
//! stays or goes down the criterion's order of value, and why each client moved.
//!
//! Clients are matched by id: the later report's clients in its order (a client it has and
//! the earlier one does not comes from "New in the data"), then the earlier report's clients
//! it no longer has (to "Gone from the data"). Matching walks both id lists side by side and
//! hashes the earlier one's ids only from the first client whose row differs, so one file
//! read at two `asOf` dates costs no hashing at all. Labels are small codes: the matrix pass
//! reads two bytes and two amounts per client and criterion, and allocates nothing per
//! client.

use super::columns::{Contacts, IdList};
use super::csv::{CsvOptions, CsvWriter};
use super::export::headers;
use super::Report;
use crate::calendar::{self, Day};
use crate::criteria::{criterion_name, scales, CellSink, Scale, ScaleLabel, Standing, XyzMethod};
use crate::error::Error;
use crate::locale::{count, fmt_fixed, fmt_locale, pick, Lang};
use crate::money::{self, Money};
use serde::Serialize;

/// No row: the client is absent from that report.
const ABSENT: u32 = u32::MAX;

/// Which way a path goes along the criterion's order of value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Movement {
    /// To a label of higher rank.
    Up,
    /// The same label (or another of the same rank).
    Stayed,
    /// To a label of lower rank.
    Down,
    /// Between labels of which one has no rank (rule segments, XYZ's "too little history").
    Changed,
    /// Absent from the earlier report.
    New,
    /// Absent from the later report.
    Lost,
}

impl Movement {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Movement::Up => "up",
            Movement::Stayed => "stayed",
            Movement::Down => "down",
            Movement::Changed => "changed",
            Movement::New => "new",
            Movement::Lost => "lost",
        }
    }

    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Movement::Up => pick(lang, "moved up", "выросли"),
            Movement::Stayed => pick(lang, "stayed", "без изменений"),
            Movement::Down => pick(lang, "moved down", "снизились"),
            Movement::Changed => pick(lang, "changed", "сменили"),
            Movement::New => pick(lang, "new", "новые"),
            Movement::Lost => pick(lang, "gone", "выбыли"),
        }
    }
}

/// One path: the clients who had label `from` before and have `to` after.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    /// Index of the label before in [`Flow::labels`] ([`Flow::new_label`] for new clients).
    pub from: u8,
    /// Index of the label after ([`Flow::lost_label`] for clients gone).
    pub to: u8,
    /// Clients on the path.
    pub clients: u32,
    /// Their net revenue in the earlier report.
    pub revenue_before: f64,
    /// Their net revenue in the later report.
    pub revenue_after: f64,
    /// `revenue_after − revenue_before`: what came in between.
    pub revenue_change: f64,
    /// Up, stayed, down, changed, new or lost.
    pub movement: Movement,
    /// Whether the path goes from a valuable label to a risky one.
    pub valuable_to_risky: bool,
}

/// Clients by movement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveCounts {
    /// Moved up.
    pub up: u32,
    /// Stayed.
    pub stayed: u32,
    /// Moved down.
    pub down: u32,
    /// Changed between labels outside the order of value.
    pub changed: u32,
    /// New in the data.
    pub new: u32,
    /// Gone from the data.
    pub lost: u32,
    /// From a valuable label to a risky one.
    pub valuable_to_risky: u32,
}

/// One criterion's transitions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    /// Criterion key: `rfm`, `lifecycle`, `valueTier`, `abc`, `xyz`, `points`,
    /// `ruleSegments`.
    pub criterion: &'static str,
    /// Its name in the report's language.
    pub name: String,
    /// The labels of both reports (by key), then "New in the data" and "Gone from the
    /// data".
    pub labels: Vec<ScaleLabel>,
    /// Every path with clients, by `from` then `to`: the transition matrix.
    pub paths: Vec<Path>,
    /// Clients by movement.
    pub counts: MoveCounts,
}

impl Flow {
    /// The index of "New in the data" in [`Flow::labels`].
    pub fn new_label(&self) -> u8 {
        (self.labels.len() - 2) as u8
    }

    /// The index of "Gone from the data" in [`Flow::labels`].
    pub fn lost_label(&self) -> u8 {
        (self.labels.len() - 1) as u8
    }

    /// The label whose key or name (in either case) is `text`.
    pub fn label(&self, text: &str) -> Option<u8> {
        let t = text.trim();
        self.labels
            .iter()
            .position(|l| {
                l.key.eq_ignore_ascii_case(t) || l.name.to_lowercase() == t.to_lowercase()
            })
            .map(|i| i as u8)
    }
}

/// A comparison in one plain value: the two dates, the clients and every criterion's flow.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonSummary {
    /// The earlier report's analysis date (`YYYY-MM-DD`).
    pub before_as_of: String,
    /// The later report's analysis date.
    pub after_as_of: String,
    /// Clients of either report.
    pub clients: u32,
    /// Clients of the earlier report.
    pub clients_before: u32,
    /// Clients of the later report.
    pub clients_after: u32,
    /// Every compared criterion's transitions.
    pub flows: Vec<Flow>,
}

/// What a comparison keeps of one report: ids and the figures explanations and exports read.
#[derive(Clone)]
struct Side {
    as_of: Day,
    ids: IdList,
    recency: Vec<i32>,
    frequency: Vec<u32>,
    revenue: Vec<Money>,
    levels: Vec<[u8; 3]>,
    cv: Vec<f64>,
    points: Vec<f64>,
    contacts: Option<Contacts>,
}

impl Side {
    fn of(r: &Report) -> Side {
        let c = &r.cols;
        let cv = match r.labeler.engine().catalogue.xyz.method {
            XyzMethod::Intervals => c.gap_cv.clone(),
            XyzMethod::Revenue => c.cv.clone(),
        };
        Side {
            as_of: r.as_of,
            ids: r.ids.clone(),
            recency: c.recency.clone(),
            frequency: c.frequency.clone(),
            revenue: c.revenue.clone(),
            levels: c.rfm.levels.clone(),
            cv,
            points: c.labels.points.points.clone(),
            contacts: c.contacts.clone(),
        }
    }

    fn revenue(&self, row: u32) -> Money {
        match row {
            ABSENT => 0,
            r => self.revenue.get(r as usize).copied().unwrap_or(0),
        }
    }
}

/// The result of [`Report::compare`].
#[derive(Clone)]
pub struct Comparison {
    lang: Lang,
    before: Side,
    after: Side,
    /// Every client of either report: its row before and after (`ABSENT` when absent).
    pairs: Vec<[u32; 2]>,
    flows: Vec<Flow>,
    /// Per flow, every client's label before and after (indices into the flow's labels).
    moves: Vec<Vec<[u8; 2]>>,
}

impl Report {
    /// Who moved between `before` and `after` (see [`Comparison`]); names in `after`'s
    /// language. The two may be two files, or one file read at two `asOf` dates.
    pub fn compare(before: &Report, after: &Report) -> Comparison {
        let lang = after.lang;
        let pairs = match_rows(&before.ids, &after.ids);
        let scale_of = |r: &Report| {
            let e = r.labeler.engine();
            scales(&e, &r.cols.rfm, &r.cols.labels, lang)
        };
        let (sb, sa) = (scale_of(before), scale_of(after));
        let (side_b, side_a) = (Side::of(before), Side::of(after));
        // Every client's revenue before and after, read once for all criteria.
        let revenue: Vec<[Money; 2]> = pairs
            .iter()
            .map(|&[i, j]| [side_b.revenue(i), side_a.revenue(j)])
            .collect();
        let mut flows = Vec::new();
        let mut moves = Vec::new();
        for a in &sa {
            let Some(b) = sb.iter().find(|b| b.criterion == a.criterion) else {
                continue;
            };
            let (flow, m) = flow(b, a, &pairs, &revenue, lang);
            flows.push(flow);
            moves.push(m);
        }
        Comparison {
            lang,
            before: side_b,
            after: side_a,
            pairs,
            flows,
            moves,
        }
    }
}

/// A 32-bit hash of an id for [`IdIndex`] (FNV-1a with a final mix): word-sized arithmetic,
/// as fast in WebAssembly as natively; it is never stored, so it need not be portable.
fn id_hash(id: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in id {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// The rows of a report's ids, found by hash: open addressing over a table twice the size of
/// the list, holding row + 1 (0 is an empty slot); a slot's hash and then its id are
/// compared, so colliding hashes only cost a probe.
struct IdIndex<'a> {
    ids: &'a IdList,
    hashes: Vec<u32>,
    slots: Vec<u32>,
    mask: usize,
}

impl<'a> IdIndex<'a> {
    fn new(ids: &'a IdList) -> Self {
        let n = ids.len();
        let size = (2 * n).next_power_of_two().max(16);
        let mut index = IdIndex {
            ids,
            hashes: Vec::with_capacity(n),
            slots: vec![0; size],
            mask: size - 1,
        };
        for i in 0..n {
            let fp = id_hash(ids.get(i).as_bytes());
            index.hashes.push(fp);
            let mut slot = fp as usize & index.mask;
            while index.slots[slot] != 0 {
                slot = (slot + 1) & index.mask;
            }
            index.slots[slot] = i as u32 + 1;
        }
        index
    }

    fn find(&self, id: &str) -> Option<u32> {
        let fp = id_hash(id.as_bytes());
        let mut slot = fp as usize & self.mask;
        loop {
            let row = self.slots[slot].checked_sub(1)?;
            if self.hashes[row as usize] == fp && self.ids.get(row as usize) == id {
                return Some(row);
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

/// Pairs the rows of the same ids: the later report's clients in order, then the earlier
/// one's clients it lacks. Both lists are walked side by side; an id that is not the next
/// one of the earlier list is looked up in an index of it (made on the first such id) and
/// the walk goes on after the row found, so a client added or dropped costs one lookup.
fn match_rows(before: &IdList, after: &IdList) -> Vec<[u32; 2]> {
    let mut seen = vec![false; before.len()];
    let mut pairs = Vec::with_capacity(after.len().max(before.len()));
    let mut index: Option<IdIndex<'_>> = None;
    let mut next = 0;
    for j in 0..after.len() {
        let id = after.get(j);
        let i = if next < before.len() && !seen[next] && before.get(next) == id {
            Some(next as u32)
        } else {
            index.get_or_insert_with(|| IdIndex::new(before)).find(id)
        };
        if let Some(i) = i {
            seen[i as usize] = true;
            next = i as usize + 1;
        }
        pairs.push([i.unwrap_or(ABSENT), j as u32]);
    }
    for (i, _) in seen.iter().enumerate().filter(|(_, s)| !**s) {
        pairs.push([i as u32, ABSENT]);
    }
    pairs
}

/// The labels of both scales by key (the later one's name, rank and standing first), then
/// the two for clients absent before or after; and each scale's codes in them.
fn union(b: &Scale, a: &Scale, lang: Lang) -> (Vec<ScaleLabel>, Vec<u8>, Vec<u8>) {
    let mut labels = a.labels.clone();
    let remap_a: Vec<u8> = (0..a.labels.len() as u8).collect();
    let mut remap_b = Vec::with_capacity(b.labels.len());
    for l in &b.labels {
        let i = match labels.iter().position(|u| u.key == l.key) {
            Some(i) => i,
            None => {
                labels.push(l.clone());
                labels.len() - 1
            }
        };
        remap_b.push(i as u8);
    }
    let pseudo = |key: &str, en: &str, ru: &str| ScaleLabel {
        key: key.into(),
        name: pick(lang, en, ru).into(),
        rank: None,
        standing: Standing::Neutral,
    };
    labels.push(pseudo("newInData", "New in the data", "Новые в данных"));
    labels.push(pseudo(
        "goneFromData",
        "Gone from the data",
        "Выбыли из данных",
    ));
    (labels, remap_b, remap_a)
}

fn movement(labels: &[ScaleLabel], from: usize, to: usize) -> Movement {
    let n = labels.len();
    if from == n - 2 {
        return Movement::New;
    }
    if to == n - 1 {
        return Movement::Lost;
    }
    if from == to {
        return Movement::Stayed;
    }
    match (labels[from].rank, labels[to].rank) {
        (Some(a), Some(b)) if b > a => Movement::Up,
        (Some(a), Some(b)) if b < a => Movement::Down,
        (Some(_), Some(_)) => Movement::Stayed,
        _ => Movement::Changed,
    }
}

/// One criterion's matrix: every client's path, and per path its clients and revenue.
fn flow(
    b: &Scale,
    a: &Scale,
    pairs: &[[u32; 2]],
    revenue: &[[Money; 2]],
    lang: Lang,
) -> (Flow, Vec<[u8; 2]>) {
    let (labels, remap_b, remap_a) = union(b, a, lang);
    let n = labels.len();
    let (new, lost) = ((n - 2) as u8, (n - 1) as u8);
    let mut cells = vec![(0u32, 0 as Money, 0 as Money); n * n];
    let mut moves = Vec::with_capacity(pairs.len());
    // Codes outside the scale (none are expected) count as absent.
    let remap_b: Vec<u8> = (0..=255u8)
        .map(|c| remap_b.get(c as usize).copied().unwrap_or(new))
        .collect();
    let remap_a: Vec<u8> = (0..=255u8)
        .map(|c| remap_a.get(c as usize).copied().unwrap_or(lost))
        .collect();
    let code = |codes: &[u8], remap: &[u8], row: u32, absent: u8| match codes.get(row as usize) {
        Some(&c) => remap[c as usize],
        None => absent,
    };
    for (&[i, j], &[rb, ra]) in pairs.iter().zip(revenue) {
        let from = code(&b.codes, &remap_b, i, new);
        let to = code(&a.codes, &remap_a, j, lost);
        moves.push([from, to]);
        let cell = &mut cells[from as usize * n + to as usize];
        cell.0 += 1;
        cell.1 = cell.1.saturating_add(rb);
        cell.2 = cell.2.saturating_add(ra);
    }
    let mut counts = MoveCounts::default();
    let mut paths = Vec::new();
    for (k, &(clients, rb, ra)) in cells.iter().enumerate().filter(|(_, c)| c.0 > 0) {
        let (from, to) = (k / n, k % n);
        let movement = movement(&labels, from, to);
        let risky = labels[from].standing == Standing::Valuable
            && labels[to].standing == Standing::Risky
            && from < n - 2;
        let slot = match movement {
            Movement::Up => &mut counts.up,
            Movement::Stayed => &mut counts.stayed,
            Movement::Down => &mut counts.down,
            Movement::Changed => &mut counts.changed,
            Movement::New => &mut counts.new,
            Movement::Lost => &mut counts.lost,
        };
        *slot += clients;
        if risky {
            counts.valuable_to_risky += clients;
        }
        paths.push(Path {
            from: from as u8,
            to: to as u8,
            clients,
            revenue_before: money::to_f64(rb),
            revenue_after: money::to_f64(ra),
            revenue_change: money::to_f64(ra.saturating_sub(rb)),
            movement,
            valuable_to_risky: risky,
        });
    }
    let flow = Flow {
        criterion: a.criterion,
        name: criterion_name(a.criterion, lang).to_string(),
        labels,
        paths,
        counts,
    };
    (flow, moves)
}

impl Comparison {
    /// Every compared criterion's transitions.
    pub fn flows(&self) -> &[Flow] {
        &self.flows
    }

    /// The dates, the clients and every flow, as one value.
    pub fn summary(&self) -> ComparisonSummary {
        ComparisonSummary {
            before_as_of: calendar::iso(self.before.as_of),
            after_as_of: calendar::iso(self.after.as_of),
            clients: self.pairs.len() as u32,
            clients_before: self.before.ids.len() as u32,
            clients_after: self.after.ids.len() as u32,
            flows: self.flows.clone(),
        }
    }

    /// The flow of criterion `key` (`rfm`, `lifecycle`, …).
    pub fn flow(&self, key: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.criterion == key)
    }

    fn flow_index(&self, key: &str) -> Option<usize> {
        self.flows.iter().position(|f| f.criterion == key)
    }

    /// Clients of either report (each is on exactly one path of every flow).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether neither report has clients.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The language of names and explanations.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The earlier report's analysis date.
    pub fn before_as_of(&self) -> Day {
        self.before.as_of
    }

    /// The later report's analysis date.
    pub fn after_as_of(&self) -> Day {
        self.after.as_of
    }

    /// The id of client `k` (an index into this comparison's clients).
    pub fn client_id(&self, k: usize) -> &str {
        match self.pairs[k] {
            [_, j] if j != ABSENT => self.after.ids.get(j as usize),
            [i, _] => self.before.ids.get(i as usize),
        }
    }

    /// The index of client `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.pairs.len()).find(|&k| self.client_id(k) == id)
    }

    /// Criterion `key`'s clients on the path from label `from` to label `to` (indices into
    /// [`Flow::labels`]), in the later report's order; `None` for an unknown criterion.
    pub fn clients_on(&self, key: &str, from: u8, to: u8) -> Option<Vec<u32>> {
        let f = self.flow_index(key)?;
        Some(self.clients_where(f, |m| m == [from, to]))
    }

    /// Every client of either report as its rows `[before, after]` (`u32::MAX`: absent).
    pub(crate) fn pairs(&self) -> &[[u32; 2]] {
        &self.pairs
    }

    /// Criterion `key`'s flow and every client's labels `[before, after]` on it, in the
    /// order of [`Comparison::pairs`].
    pub(crate) fn transitions(&self, key: &str) -> Option<(&Flow, &[[u8; 2]])> {
        let f = self.flow_index(key)?;
        Some((&self.flows[f], &self.moves[f]))
    }

    /// Criterion `key`'s clients who went from a valuable label to a risky one.
    pub fn valuable_to_risky(&self, key: &str) -> Option<Vec<u32>> {
        let f = self.flow_index(key)?;
        let labels = &self.flows[f].labels;
        let n = labels.len() as u8;
        Some(self.clients_where(f, |[from, to]| {
            from < n - 2
                && labels[from as usize].standing == Standing::Valuable
                && labels[to as usize].standing == Standing::Risky
        }))
    }

    fn clients_where(&self, f: usize, keep: impl Fn([u8; 2]) -> bool) -> Vec<u32> {
        (0..self.moves[f].len() as u32)
            .filter(|&k| keep(self.moves[f][k as usize]))
            .collect()
    }

    /// Why client `id` moved on criterion `key`, in the comparison's language, e.g.
    /// `Loyal → At risk: R 4 → 2, last order 95 days ago`.
    pub fn explain(&self, key: &str, id: &str) -> Option<String> {
        let f = self.flow_index(key)?;
        Some(self.reason(f, self.find(id)?, self.lang))
    }

    /// [`Comparison::explain`] of client `k` (an index into this comparison's clients).
    pub fn explain_client(&self, key: &str, k: usize) -> Option<String> {
        let f = self.flow_index(key)?;
        (k < self.pairs.len()).then(|| self.reason(f, k, self.lang))
    }

    fn reason(&self, f: usize, k: usize, lang: Lang) -> String {
        let flow = &self.flows[f];
        let [from, to] = self.moves[f][k];
        let head = format!(
            "{} → {}",
            flow.labels[from as usize].name, flow.labels[to as usize].name
        );
        let parts = match self.pairs[k] {
            [ABSENT, j] => {
                let mut p = vec![
                    pick(lang, "not in the earlier data", "не было в ранних данных").to_string(),
                ];
                self.orders_and_recency(j as usize, &mut p, lang);
                p
            }
            [_, ABSENT] => {
                vec![pick(lang, "not in the later data", "нет в поздних данных").to_string()]
            }
            [i, j] => self.inputs(flow.criterion, i as usize, j as usize, lang),
        };
        match parts.is_empty() {
            true => format!(
                "{head}: {}",
                pick(
                    lang,
                    "the inputs did not change",
                    "входные данные не изменились"
                )
            ),
            false => format!("{head}: {}", parts.join(", ")),
        }
    }

    /// The orders and last order of the later report's row `j`.
    fn orders_and_recency(&self, j: usize, out: &mut Vec<String>, lang: Lang) {
        let orders = self.after.frequency[j] as u64;
        out.push(count(
            orders,
            lang,
            ["order", "orders"],
            ["заказ", "заказа", "заказов"],
        ));
        if let Some(r) = recency_text(self.after.recency[j], lang) {
            out.push(r);
        }
    }

    /// The inputs of criterion `key` that changed from row `i` before to row `j` after.
    fn inputs(&self, key: &str, i: usize, j: usize, lang: Lang) -> Vec<String> {
        let (b, a) = (&self.before, &self.after);
        let mut out = Vec::new();
        let arrow = |name: &str, x: String, y: String| format!("{name} {x} → {y}");
        let (ob, oa) = (b.frequency[i], a.frequency[j]);
        let orders = |out: &mut Vec<String>| {
            if ob != oa {
                out.push(arrow(
                    pick(lang, "orders", "заказов"),
                    ob.to_string(),
                    oa.to_string(),
                ));
            }
        };
        let revenue = |out: &mut Vec<String>| {
            if b.revenue[i] != a.revenue[j] {
                let m = |v: Money| fmt_locale(money::to_f64(v), lang);
                out.push(arrow(
                    pick(lang, "revenue", "выручка"),
                    m(b.revenue[i]),
                    m(a.revenue[j]),
                ));
            }
        };
        match key {
            "rfm" => {
                for (d, letter) in ["R", "F", "M"].iter().enumerate() {
                    let (x, y) = (b.levels[i][d], a.levels[j][d]);
                    if x != y {
                        out.push(arrow(letter, level(x), level(y)));
                    }
                }
                orders(&mut out);
            }
            "lifecycle" => orders(&mut out),
            "valueTier" | "abc" => revenue(&mut out),
            "xyz" => {
                let (x, y) = (b.cv[i], a.cv[j]);
                if x.to_bits() != y.to_bits() {
                    let c = |v: f64| match v.is_nan() {
                        true => "—".to_string(),
                        false => fmt_fixed(v, 2, lang),
                    };
                    out.push(arrow("CV", c(x), c(y)));
                }
            }
            "points" => {
                let (x, y) = (b.points[i], a.points[j]);
                if x != y {
                    let p = |v: f64| fmt_locale(v, lang);
                    out.push(arrow(pick(lang, "points", "баллы"), p(x), p(y)));
                }
            }
            _ => {
                orders(&mut out);
                revenue(&mut out);
            }
        }
        if matches!(key, "rfm" | "lifecycle") || !out.is_empty() {
            if let Some(r) = recency_text(a.recency[j], lang) {
                out.push(r);
            }
        }
        out
    }

    /// The clients `clients` (indices into this comparison's clients) of criterion `key` as
    /// CSV: id, contacts (when the data has them), the label before and after, the movement,
    /// revenue before, after and its change, recency, orders and the reason; headers in the
    /// options' language as the other exports write them.
    pub fn csv(&self, key: &str, clients: &[u32], opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let f = self.flow_index(key).ok_or_else(|| {
            Error::option(format!("no criterion \"{key}\" to compare"))
                .ru(format!("нет критерия «{key}» для сравнения"))
        })?;
        let lang = opts.lang.unwrap_or(self.lang);
        let contacts = self.after.contacts.is_some() || self.before.contacts.is_some();
        let mut keys = vec!["customer_id"];
        if contacts {
            keys.extend(["name", "email", "phone"]);
        }
        keys.extend([
            "from",
            "to",
            "movement",
            "revenue_before",
            "revenue_after",
            "revenue_change",
            "recency_days",
            "frequency",
            "reason_text",
        ]);
        let mut w = CsvWriter::new(opts)?;
        w.header(&headers(&keys, &[], lang, opts));
        let flow = &self.flows[f];
        for &k in clients {
            let k = k as usize;
            let Some(&[i, j]) = self.pairs.get(k) else {
                continue;
            };
            w.text(self.client_id(k));
            if contacts {
                self.write_contacts(i, j, &mut w);
            }
            let [from, to] = self.moves[f][k];
            w.text(&flow.labels[from as usize].name);
            w.text(&flow.labels[to as usize].name);
            w.text(movement(&flow.labels, from as usize, to as usize).name(lang));
            let (rb, ra) = (self.before.revenue(i), self.after.revenue(j));
            w.money(rb);
            w.money(ra);
            w.money(ra.saturating_sub(rb));
            let (recency, orders) = match (i, j) {
                (_, j) if j != ABSENT => (
                    self.after.recency[j as usize],
                    self.after.frequency[j as usize],
                ),
                (i, _) => (
                    self.before.recency[i as usize],
                    self.before.frequency[i as usize],
                ),
            };
            match recency >= 0 {
                true => w.int(recency as i64),
                false => w.empty(),
            }
            w.int(orders as i64);
            w.text(&self.reason(f, k, lang));
            w.end_row();
        }
        Ok(w.finish())
    }

    fn write_contacts(&self, i: u32, j: u32, w: &mut CsvWriter) {
        let (side, row) = match j {
            ABSENT => (&self.before, i),
            j => (&self.after, j),
        };
        match &side.contacts {
            Some(c) => {
                let r = row as usize;
                w.text(c.name.get(r));
                w.text(c.email.get(r));
                w.text(c.phone.get(r));
            }
            None => (0..3).for_each(|_| w.empty()),
        }
    }
}

/// A score level, `—` for none (no orders).
fn level(l: u8) -> String {
    match l {
        0 => "—".to_string(),
        l => l.to_string(),
    }
}

/// `last order 95 days ago`, `последний заказ 95 дней назад`; `None` without orders.
fn recency_text(days: i32, lang: Lang) -> Option<String> {
    match days {
        d if d < 0 => None,
        0 => Some(
            pick(
                lang,
                "last order on the analysis date",
                "последний заказ в день анализа",
            )
            .into(),
        ),
        d => {
            let n = count(d as u64, lang, ["day", "days"], ["день", "дня", "дней"]);
            Some(match lang {
                Lang::En => format!("last order {n} ago"),
                Lang::Ru => format!("последний заказ {n} назад"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(ids: &[&str]) -> IdList {
        let mut l = IdList::default();
        for id in ids {
            l.push(id);
        }
        l
    }

    #[test]
    fn rows_pair_by_id() {
        const A: u32 = ABSENT;
        #[rustfmt::skip]
        let cases: [(&str, &[&str], &[&str], &[[u32; 2]]); 6] = [
            ("same order", &["a", "b", "c"], &["a", "b", "c"], &[[0, 0], [1, 1], [2, 2]]),
            ("one new in the middle", &["a", "c"], &["a", "b", "c"], &[[0, 0], [A, 1], [1, 2]]),
            ("one gone", &["a", "b", "c"], &["a", "c"], &[[0, 0], [2, 1], [1, A]]),
            ("reordered", &["c", "b", "a"], &["a", "b", "c"], &[[2, 0], [1, 1], [0, 2]]),
            ("nothing before", &[], &["a"], &[[A, 0]]),
            ("nothing after", &["a", "b"], &[], &[[0, A], [1, A]]),
        ];
        for (name, before, after, want) in cases {
            assert_eq!(match_rows(&list(before), &list(after)), want, "{name}");
        }
    }

    #[test]
    fn the_index_finds_every_id_and_no_other() {
        let ids: Vec<String> = (0..5000).map(|i| format!("{i:06}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let l = list(&refs);
        let index = IdIndex::new(&l);
        for (i, id) in refs.iter().enumerate() {
            assert_eq!(index.find(id), Some(i as u32));
        }
        assert_eq!(index.find("005000"), None);
        assert_eq!(index.find(""), None);
    }
}
