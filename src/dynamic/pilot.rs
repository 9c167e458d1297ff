//! Pilot campaigns: an offer tried on part of a segment first, and what it did.
//!
//! [`Pilot::new`] splits the clients a rule selects into a test and a control group, within
//! each segment of the criterion the pilot is read by (default the RFM segment), in the
//! order of a seeded hash of the client id: the same seed gives the same groups whatever the
//! order of the file. The test group is spread over the channels tried. The pilot keeps
//! each member's orders and revenue at the start, so [`Pilot::evaluate`] with any later
//! report of the same clients measures, per segment and channel, the share of clients who
//! ordered after the start (response rate), the revenue per client after the start, and the
//! uplift of test over control with a 95 % confidence interval: Newcombe's hybrid score
//! interval for the difference of two proportions, Welch's for the difference of means.

use crate::calendar::{iso, parse_iso, Day};
use crate::criteria::{Channel, RuleSource};
use crate::error::{Error, ErrorKind};
use crate::locale::{fmt_fixed, Lang};
use crate::money;
use crate::report::{CsvOptions, CsvWriter, Report};
use serde::{Deserialize, Serialize};

/// The pilot's format version.
pub const PILOT_VERSION: u32 = 1;

fn half() -> f64 {
    0.5
}

fn email() -> Vec<Channel> {
    vec![Channel::Email]
}

/// What to try, on whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotSpec {
    /// The pilot's name.
    pub name: String,
    /// Which clients (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RuleSource>,
    /// The criterion whose labels split the results: `segment` (RFM, default),
    /// `lifecycle`, `value_tier`, `abc`, `points_tier`, any text field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The share of each segment in the test group, 0–1. Default 0.5.
    #[serde(default = "half")]
    pub share: f64,
    /// The seed of the split.
    #[serde(default)]
    pub seed: u64,
    /// Channels tried (the test group is split evenly between them). Default e-mail.
    #[serde(default = "email")]
    pub channels: Vec<Channel>,
    /// The offer.
    #[serde(default)]
    pub offer: String,
}

/// One client of a pilot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Member {
    /// Client id.
    pub id: String,
    /// Its segment at the start.
    pub segment: String,
    /// Whether it is in the test group.
    pub test: bool,
    /// The channel of a test client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Orders at the start.
    pub orders: u32,
    /// Net revenue at the start.
    pub revenue: f64,
}

/// A pilot: its spec, start date and members (JSON, versioned).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pilot {
    /// Format version ([`PILOT_VERSION`]).
    pub version: u32,
    /// The spec.
    pub spec: PilotSpec,
    /// The start (the report's `asOf`), `YYYY-MM-DD`.
    pub start: String,
    /// Every member, test and control.
    pub members: Vec<Member>,
}

/// A 64-bit hash of a seed and an id (FNV-1a, then a final mix): the same on every target.
fn member_hash(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in id.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn invalid(en: String, ru: String) -> Error {
    Error::new(ErrorKind::InvalidState, en).ru(ru)
}

impl Pilot {
    /// Splits the clients `spec.when` selects in `report` into test and control.
    pub fn new(report: &Report, spec: &PilotSpec) -> Result<Pilot, Error> {
        if !(spec.share > 0.0 && spec.share < 1.0) {
            return Err(
                Error::option("pilot: share must be between 0 and 1 (exclusive)")
                    .ru("пилот: доля должна быть больше 0 и меньше 1"),
            );
        }
        if spec.channels.is_empty() {
            return Err(Error::option("pilot: name at least one channel")
                .ru("пилот: укажите хотя бы один канал"));
        }
        let rows: Vec<u32> = match &spec.when {
            Some(r) => report.select(r)?.rows,
            None => (0..report.len() as u32).collect(),
        };
        let by = spec.by.as_deref().unwrap_or("segment");
        let segs = segment_of(report, by, &rows)?;
        // Per segment, members in the order of their hash.
        let mut order: Vec<(String, u64, u32)> = rows
            .iter()
            .zip(segs)
            .map(|(&r, s)| (s, member_hash(spec.seed, report.ids().get(r as usize)), r))
            .collect();
        order.sort();
        let cols = report.columns();
        let mut members = Vec::with_capacity(order.len());
        // Test places per segment by cumulative rounding, so that small segments take
        // turns and the whole pilot has its share exactly.
        let mut i = 0;
        let placed = |k: usize| ((k as f64) * spec.share).round() as usize;
        while i < order.len() {
            let n = order[i..].iter().take_while(|m| m.0 == order[i].0).count();
            let tests = placed(i + n) - placed(i);
            for (k, (seg, _, r)) in order[i..i + n].iter().enumerate() {
                let test = k < tests;
                members.push(Member {
                    id: report.ids().get(*r as usize).to_string(),
                    segment: seg.clone(),
                    test,
                    channel: test.then(|| spec.channels[k % spec.channels.len()]),
                    orders: cols.frequency[*r as usize],
                    revenue: money::to_f64(cols.revenue[*r as usize]),
                });
            }
            i += n;
        }
        Ok(Pilot {
            version: PILOT_VERSION,
            spec: spec.clone(),
            start: iso(report.as_of()),
            members,
        })
    }

    /// Reads a pilot from JSON, refusing other versions.
    pub fn from_json(text: &str) -> Result<Pilot, Error> {
        let p: Pilot = serde_json::from_str(text)
            .map_err(|e| invalid(format!("pilot: {e}"), format!("пилот не читается: {e}")))?;
        if p.version != PILOT_VERSION {
            return Err(invalid(
                format!(
                    "pilot of version {} (this version reads {PILOT_VERSION})",
                    p.version
                ),
                format!(
                    "пилот версии {} (эта версия читает {PILOT_VERSION})",
                    p.version
                ),
            ));
        }
        if parse_iso(&p.start).is_none() {
            return Err(invalid(
                format!("pilot: start {:?} is not a date", p.start),
                format!("пилот: начало {:?} не дата", p.start),
            ));
        }
        Ok(p)
    }

    /// The start day.
    pub fn start_day(&self) -> Day {
        parse_iso(&self.start).unwrap_or(0)
    }

    /// The test group as CSV for a mailing tool: id, name, e-mail, phone, segment, channel.
    pub fn test_csv(&self, report: &Report, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(report.lang());
        let mut w = CsvWriter::new(opts)?;
        let head: [&str; 6] = match (lang, opts.header_keys) {
            (Lang::Ru, false) => [
                "ID клиента",
                "Клиент",
                "E-mail",
                "Телефон",
                "Сегмент",
                "Канал",
            ],
            _ => [
                "customer_id",
                "name",
                "email",
                "phone",
                "segment",
                "channel",
            ],
        };
        w.header(&head);
        use crate::criteria::CellSink;
        for m in self.members.iter().filter(|m| m.test) {
            let p = report.find(&m.id).map(|r| report.profile_row(r));
            let text = |w: &mut CsvWriter, v: Option<&str>| match (v, opts.mailing) {
                (Some(s), true) => w.exact(s),
                (Some(s), false) => w.text(s),
                (None, _) => w.empty(),
            };
            w.text(&m.id);
            w.text(p.as_ref().and_then(|p| p.name.as_deref()).unwrap_or(""));
            text(&mut w, p.as_ref().and_then(|p| p.email.as_deref()));
            text(&mut w, p.as_ref().and_then(|p| p.phone.as_deref()));
            w.text(&m.segment);
            w.text(m.channel.map_or("", |c| c.name(lang)));
            w.end_row();
        }
        Ok(w.finish())
    }
}

/// Each selected row's label on criterion `by`, named in the report's language.
fn segment_of(report: &Report, by: &str, rows: &[u32]) -> Result<Vec<String>, Error> {
    let key = match by {
        "segment" | "rfm" => "rfm",
        "value_tier" | "valueTier" => "valueTier",
        "points_tier" | "points" => "points",
        "rule_segments" | "ruleSegments" => "ruleSegments",
        other => other,
    };
    // A report compared with itself: every client's label on each criterion.
    let c = Report::compare(report, report);
    let Some((flow, moves)) = c.transitions(key) else {
        return Err(Error::option(format!(
            "pilot: {by:?} is not a criterion (segment, lifecycle, valueTier, abc, xyz, points, ruleSegments)"
        ))
        .ru(format!(
            "пилот: {by:?} — не критерий (segment, lifecycle, valueTier, abc, xyz, points, ruleSegments)"
        )));
    };
    let mut label = vec![0u8; report.len()];
    for (m, &[_, a]) in moves.iter().zip(c.pairs()) {
        if a != u32::MAX {
            label[a as usize] = m[1];
        }
    }
    Ok(rows
        .iter()
        .map(|&r| flow.labels[label[r as usize] as usize].name.clone())
        .collect())
}

/// A group's figures after the start.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupResult {
    /// Clients.
    pub clients: u32,
    /// Clients who ordered after the start.
    pub responders: u32,
    /// `responders / clients`.
    pub response_rate: f64,
    /// Revenue after the start.
    pub revenue: f64,
    /// Revenue after the start per client.
    pub revenue_per_client: f64,
    #[serde(skip)]
    sum_sq: f64,
}

/// A difference with its 95 % interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Uplift {
    /// Test minus control.
    pub value: f64,
    /// Lower bound (none when a group has fewer than two clients).
    pub low: Option<f64>,
    /// Upper bound.
    pub high: Option<f64>,
    /// Whether the interval excludes 0.
    pub significant: bool,
}

/// The results of one segment and channel (`segment`/`channel` empty: all).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellResult {
    /// Segment (empty: all).
    pub segment: String,
    /// Channel (none: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The test group.
    pub test: GroupResult,
    /// The control group (of the segment: control has no channel).
    pub control: GroupResult,
    /// Response rate, test − control.
    pub response_uplift: Uplift,
    /// Revenue per client, test − control.
    pub revenue_uplift: Uplift,
    /// What it says, in the report's language.
    pub verdict: String,
}

/// What a pilot did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PilotResult {
    /// The pilot's name.
    pub name: String,
    /// The start.
    pub start: String,
    /// The later report's date.
    pub until: String,
    /// Days measured.
    pub days: i32,
    /// Members not in the later report (counted as not responding).
    pub missing: u32,
    /// All members.
    pub overall: CellResult,
    /// Per segment (all channels).
    pub segments: Vec<CellResult>,
    /// Per segment and channel.
    pub cells: Vec<CellResult>,
}

const Z: f64 = 1.959_963_984_540_054;

/// Wilson's score interval of a proportion.
fn wilson(x: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p) = (n as f64, x as f64 / n as f64);
    let d = 1.0 + Z * Z / n;
    let c = (p + Z * Z / (2.0 * n)) / d;
    let h = Z * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

/// Newcombe's hybrid score interval of `p1 − p2`.
fn newcombe(t: &GroupResult, c: &GroupResult) -> Uplift {
    let (p1, p2) = (t.response_rate, c.response_rate);
    let (l1, u1) = wilson(t.responders, t.clients);
    let (l2, u2) = wilson(c.responders, c.clients);
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    uplift(d, low, high)
}

fn uplift(value: f64, low: f64, high: f64) -> Uplift {
    let bounded = low.is_finite() && high.is_finite();
    Uplift {
        value,
        low: bounded.then_some(low),
        high: bounded.then_some(high),
        significant: bounded && (low > 0.0 || high < 0.0),
    }
}

/// Welch's interval of the difference of two means (normal quantile).
fn welch(t: &GroupResult, c: &GroupResult) -> Uplift {
    let var = |g: &GroupResult| {
        if g.clients < 2 {
            return f64::INFINITY;
        }
        let n = g.clients as f64;
        let m = g.revenue_per_client;
        ((g.sum_sq - n * m * m) / (n - 1.0)).max(0.0) / n
    };
    let d = t.revenue_per_client - c.revenue_per_client;
    let se = (var(t) + var(c)).sqrt();
    if !se.is_finite() {
        return uplift(d, f64::NEG_INFINITY, f64::INFINITY);
    }
    uplift(d, d - Z * se, d + Z * se)
}

impl GroupResult {
    fn add(&mut self, responded: bool, revenue: f64) {
        self.clients += 1;
        self.responders += responded as u32;
        self.revenue += revenue;
        self.sum_sq += revenue * revenue;
    }

    fn close(&mut self) {
        let n = self.clients.max(1) as f64;
        self.response_rate = self.responders as f64 / n;
        self.revenue_per_client = self.revenue / n;
    }
}

fn cell(
    segment: &str,
    channel: Option<Channel>,
    mut t: GroupResult,
    mut c: GroupResult,
    lang: Lang,
) -> CellResult {
    t.close();
    c.close();
    let response_uplift = newcombe(&t, &c);
    let revenue_uplift = welch(&t, &c);
    let pp = |v: Option<f64>| {
        v.map_or("?".to_string(), |v| {
            let sign = if v >= 0.0 { "+" } else { "−" };
            format!("{sign}{}", fmt_fixed((v * 100.0).abs(), 1, lang))
        })
    };
    let (v, lo, hi) = (
        Some(response_uplift.value),
        response_uplift.low,
        response_uplift.high,
    );
    let interval = format!("{} pp (95 % CI {} … {})", pp(v), pp(lo), pp(hi));
    let interval_ru = format!("{} п.п. (95 % ДИ {} … {})", pp(v), pp(lo), pp(hi));
    let up = response_uplift.value > 0.0;
    let verdict = match (lang, response_uplift.significant, up) {
        (Lang::En, true, true) => format!("worked: response {interval}"),
        (Lang::En, true, false) => format!("did harm: response {interval}"),
        (Lang::En, false, _) => format!("no clear difference: response {interval}"),
        (Lang::Ru, true, true) => format!("сработало: отклик {interval_ru}"),
        (Lang::Ru, true, false) => format!("навредило: отклик {interval_ru}"),
        (Lang::Ru, false, _) => format!("разница не доказана: отклик {interval_ru}"),
    };
    CellResult {
        segment: segment.to_string(),
        channel,
        test: t,
        control: c,
        response_uplift,
        revenue_uplift,
        verdict,
    }
}

impl Pilot {
    /// What the pilot did by `later`'s date: orders and revenue after the start.
    pub fn evaluate(&self, later: &Report) -> Result<PilotResult, Error> {
        let start = self.start_day();
        if later.as_of() <= start {
            return Err(Error::option(format!(
                "pilot: the report's date {} is not after the start {}",
                iso(later.as_of()),
                self.start
            ))
            .ru(format!(
                "пилот: дата отчёта {} не позже начала {}",
                iso(later.as_of()),
                self.start
            )));
        }
        let lang = later.lang();
        let cols = later.columns();
        let index = id_rows(later);
        let mut missing = 0;
        // (segment, channel) → (test, control); control under channel None.
        let mut groups: std::collections::BTreeMap<(String, Option<u8>), GroupResult> =
            Default::default();
        let mut all = (GroupResult::default(), GroupResult::default());
        for m in &self.members {
            let (responded, revenue) = match index.get(m.id.as_str()) {
                Some(&r) => (
                    cols.frequency[r] > m.orders,
                    money::to_f64(cols.revenue[r]) - m.revenue,
                ),
                None => {
                    missing += 1;
                    (false, 0.0)
                }
            };
            let ch = m.channel.map(|c| c as u8);
            groups
                .entry((m.segment.clone(), if m.test { ch } else { None }))
                .or_default()
                .add(responded, revenue);
            match m.test {
                true => all.0.add(responded, revenue),
                false => all.1.add(responded, revenue),
            }
        }
        let mut segments = Vec::new();
        let mut cells = Vec::new();
        let names: std::collections::BTreeSet<&String> = groups.keys().map(|k| &k.0).collect();
        for seg in names {
            let control = groups
                .get(&(seg.clone(), None))
                .cloned()
                .unwrap_or_default();
            let mut seg_test = GroupResult::default();
            for &ch in &self.spec.channels {
                let Some(t) = groups.get(&(seg.clone(), Some(ch as u8))) else {
                    continue;
                };
                seg_test.clients += t.clients;
                seg_test.responders += t.responders;
                seg_test.revenue += t.revenue;
                seg_test.sum_sq += t.sum_sq;
                cells.push(cell(seg, Some(ch), t.clone(), control.clone(), lang));
            }
            segments.push(cell(seg, None, seg_test, control, lang));
        }
        Ok(PilotResult {
            name: self.spec.name.clone(),
            start: self.start.clone(),
            until: iso(later.as_of()),
            days: later.as_of() - start,
            missing,
            overall: cell("", None, all.0, all.1, lang),
            segments,
            cells,
        })
    }
}

fn id_rows(r: &Report) -> std::collections::HashMap<&str, usize> {
    (0..r.len()).map(|i| (r.ids().get(i), i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_match_published_values() {
        // Newcombe (1998), example: 56/70 vs 48/80 → 0.2000, CI 0.0524 … 0.3339.
        let mut t = GroupResult {
            clients: 70,
            responders: 56,
            ..Default::default()
        };
        let mut c = GroupResult {
            clients: 80,
            responders: 48,
            ..Default::default()
        };
        t.close();
        c.close();
        let u = newcombe(&t, &c);
        assert!((u.value - 0.2).abs() < 1e-12);
        assert!((u.low.unwrap() - 0.0524).abs() < 5e-4, "{:?}", u.low);
        assert!((u.high.unwrap() - 0.3339).abs() < 5e-4, "{:?}", u.high);
        assert!(u.significant);
        let (l, h) = wilson(0, 10);
        assert_eq!(l, 0.0);
        assert!((h - 0.2775).abs() < 5e-4);
        assert_ne!(member_hash(1, "a"), member_hash(2, "a"));
        assert_eq!(member_hash(7, "client"), member_hash(7, "client"));
    }
}
