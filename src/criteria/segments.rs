//! Named RFM segments: an ordered list of rules on R, F and M scores; the first rule that
//! matches a client's scores names its segment, and clients no rule matches go to "Other".
//!
//! Segments are data. Two presets ship:
//!
//! * `rfm11`, the common 11-segment scheme for 5 levels (Champions, Loyal, Can't lose them,
//!   At risk, New, Promising, Need attention, Potential loyalist, About to sleep,
//!   Hibernating, Lost), ordered so that every segment is reachable and every score cell is
//!   covered;
//! * `ru3`, the 3-level scheme of the Russian sources, written with "1 = best":
//!   Ключевые клиенты (R1 F1 M1), Новички с потенциалом (R1 F3 M2), В зоне риска (R2 F1 M1),
//!   and a complete cover of the other 24 codes.
//!
//! Preset rules are written in levels (best = highest) for their own number of levels and
//! scaled when used with another: level `l` of `bins` takes the preset level at the centre
//! of its share, `ceil((2l − 1) · presetBins / (2 · bins))`. Custom rules are written in the digits the
//! user sees, i.e. in the configured `direction`.
//!
//! [`SegmentTable::check`] reports rules that can never match (shadowed by earlier rules) and
//! the score cells left to "Other".

use super::order::Standing;
use super::rfm::{self, Direction};
use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use serde::{Deserialize, Serialize};

/// An inclusive range of score digits, written `[lo, hi]` or a single digit; `[0, 0]` never
/// matches (a rule kept in place but switched off).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScoreRange {
    /// One digit.
    One(u8),
    /// `[lo, hi]`, inclusive.
    Span([u8; 2]),
}

impl ScoreRange {
    fn bounds(self) -> (u8, u8) {
        match self {
            ScoreRange::One(d) => (d, d),
            ScoreRange::Span([a, b]) => (a.min(b), a.max(b)),
        }
    }
}

/// One segment rule. Absent ranges match any score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentDef {
    /// Stable key (camelCase), used in exports and rules; defaults to the name.
    #[serde(default)]
    pub key: String,
    /// English name.
    pub name: String,
    /// Russian name (defaults to the English one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    /// One-line English description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One-line Russian description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_ru: Option<String>,
    /// Recency digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r: Option<ScoreRange>,
    /// Frequency digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f: Option<ScoreRange>,
    /// Monetary digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<ScoreRange>,
}

impl SegmentDef {
    /// The name in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name,
            Lang::Ru => self.name_ru.as_deref().unwrap_or(&self.name),
        }
    }

    /// The description in `lang`.
    pub fn description_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.description.as_deref().unwrap_or(""),
            Lang::Ru => self
                .description_ru
                .as_deref()
                .or(self.description.as_deref())
                .unwrap_or(""),
        }
    }
}

/// The `segments` option: a preset name or custom rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SegmentsOption {
    /// `"rfm11"` or `"ru3"`.
    Preset(String),
    /// Custom rules in the digits of the configured direction.
    Custom(Vec<SegmentDef>),
}

/// The fallback segment.
pub(crate) fn other_segment() -> SegmentDef {
    SegmentDef {
        key: "other".into(),
        name: "Other".into(),
        name_ru: Some("Прочие".into()),
        description: Some("Scores no segment rule covers.".into()),
        description_ru: Some("Оценки, не попавшие ни в одно правило.".into()),
        r: None,
        f: None,
        m: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn def(
    key: &str,
    name: &str,
    name_ru: &str,
    desc: &str,
    desc_ru: &str,
    r: [u8; 2],
    f: [u8; 2],
    m: [u8; 2],
) -> SegmentDef {
    SegmentDef {
        key: key.into(),
        name: name.into(),
        name_ru: Some(name_ru.into()),
        description: Some(desc.into()),
        description_ru: Some(desc_ru.into()),
        r: Some(ScoreRange::Span(r)),
        f: Some(ScoreRange::Span(f)),
        m: Some(ScoreRange::Span(m)),
    }
}

/// The 11-segment preset for 5 levels, in levels (5 = best).
pub(crate) fn preset_rfm11() -> Vec<SegmentDef> {
    vec![
        def(
            "champions",
            "Champions",
            "Чемпионы",
            "Bought recently, buy often and spend the most.",
            "Покупали недавно, покупают часто и тратят больше всех.",
            [4, 5],
            [4, 5],
            [4, 5],
        ),
        def(
            "loyal",
            "Loyal",
            "Лояльные",
            "Buy regularly and spend well; respond to loyalty programmes.",
            "Покупают регулярно и тратят хорошо; откликаются на программы лояльности.",
            [3, 5],
            [3, 5],
            [3, 5],
        ),
        def(
            "cantLoseThem",
            "Can't lose them",
            "Нельзя потерять",
            "Used to buy often and spend a lot, but not for a long time.",
            "Раньше покупали часто и много, но давно не возвращались.",
            [1, 2],
            [4, 5],
            [4, 5],
        ),
        def(
            "atRisk",
            "At risk",
            "В зоне риска",
            "Bought often some time ago and are slipping away.",
            "Покупали часто, но давно; уходят.",
            [1, 2],
            [3, 5],
            [1, 5],
        ),
        def(
            "new",
            "New",
            "Новые",
            "First order very recently.",
            "Первая покупка совсем недавно.",
            [5, 5],
            [1, 1],
            [1, 5],
        ),
        def(
            "promising",
            "Promising",
            "Перспективные",
            "One recent order; could become regulars.",
            "Один недавний заказ; могут стать постоянными.",
            [4, 4],
            [1, 1],
            [1, 5],
        ),
        def(
            "needAttention",
            "Need attention",
            "Требуют внимания",
            "Average recency with few orders; a nudge may bring them back.",
            "Средняя давность и мало заказов; им нужен повод вернуться.",
            [3, 3],
            [1, 2],
            [1, 5],
        ),
        def(
            "potentialLoyalist",
            "Potential loyalist",
            "Потенциально лояльные",
            "Recent clients with repeat orders and room to grow.",
            "Недавние клиенты с повторными заказами и потенциалом роста.",
            [3, 5],
            [2, 5],
            [1, 5],
        ),
        def(
            "aboutToSleep",
            "About to sleep",
            "Засыпающие",
            "Below-average recency and few orders; will be lost without action.",
            "Давность ниже средней и мало заказов; без действий уйдут.",
            [2, 2],
            [1, 2],
            [1, 5],
        ),
        def(
            "hibernating",
            "Hibernating",
            "Давние с парой заказов",
            "Long time since the last order, a couple of orders.",
            "Давно не покупали, было всего пару заказов.",
            [1, 1],
            [2, 2],
            [1, 5],
        ),
        def(
            "lost",
            "Lost",
            "Потерянные",
            "Lowest recency and frequency.",
            "Самая низкая давность и частота.",
            [1, 2],
            [1, 2],
            [1, 5],
        ),
    ]
}

/// The Russian 3-level preset, in levels (3 = best, i.e. digit 1 in "1 = best").
pub(crate) fn preset_ru3() -> Vec<SegmentDef> {
    // Written here in the sources' digits (1 = best) and converted to levels.
    let d = |x: [u8; 2]| [4 - x[1], 4 - x[0]];
    vec![
        def(
            "keyClients",
            "Key clients",
            "Ключевые клиенты",
            "Buy recently, often and a lot: the core of the business.",
            "Покупают недавно, часто и много: основа бизнеса.",
            d([1, 1]),
            d([1, 1]),
            d([1, 1]),
        ),
        def(
            "atRisk",
            "At risk",
            "В зоне риска",
            "Were key clients, but have not bought for a while.",
            "Были ключевыми, но давно не покупали.",
            d([2, 2]),
            d([1, 1]),
            d([1, 1]),
        ),
        def(
            "newWithPotential",
            "Newcomers with potential",
            "Новички с потенциалом",
            "Recent first orders with a good check.",
            "Недавние первые заказы с хорошим чеком.",
            d([1, 1]),
            d([3, 3]),
            d([2, 2]),
        ),
        def(
            "loyal",
            "Loyal",
            "Лояльные",
            "Recent, regular clients; grow their check.",
            "Недавние постоянные клиенты; растить средний чек.",
            d([1, 1]),
            d([1, 2]),
            d([1, 3]),
        ),
        def(
            "newcomers",
            "Newcomers",
            "Новички",
            "Recent clients with few orders.",
            "Недавние клиенты с малым числом заказов.",
            d([1, 1]),
            d([3, 3]),
            d([1, 3]),
        ),
        def(
            "needAttention",
            "Need attention",
            "Требуют внимания",
            "Not recent, but bought often or a lot.",
            "Покупали не недавно, но часто или много.",
            d([2, 2]),
            d([1, 2]),
            d([1, 2]),
        ),
        def(
            "fallingAsleep",
            "Falling asleep",
            "Засыпающие",
            "Not recent, few orders, small checks.",
            "Давно не покупали, мало заказов, небольшой чек.",
            d([2, 2]),
            d([1, 3]),
            d([1, 3]),
        ),
        def(
            "lostValuable",
            "Lost valuable",
            "Ушедшие ценные",
            "Long gone, but used to buy often or a lot: win them back.",
            "Давно ушли, но покупали часто или много: стоит вернуть.",
            d([3, 3]),
            d([1, 2]),
            d([1, 2]),
        ),
        def(
            "lost",
            "Lost",
            "Потерянные",
            "Long gone, few orders, small checks.",
            "Давно ушли, мало заказов, небольшой чек.",
            d([3, 3]),
            d([1, 3]),
            d([1, 3]),
        ),
    ]
}

/// The preset segments from the most valuable to the least, each with its standing: the
/// order a comparison of two reports reads to say whether a client moved up or down.
/// "Can't lose them" and "At risk" bought often and a lot, so they rank above clients who
/// never did, but they are slipping away.
const RFM11_ORDER: &[(&str, Standing)] = &[
    ("champions", Standing::Valuable),
    ("loyal", Standing::Valuable),
    ("potentialLoyalist", Standing::Valuable),
    ("new", Standing::Neutral),
    ("promising", Standing::Neutral),
    ("cantLoseThem", Standing::Risky),
    ("needAttention", Standing::Neutral),
    ("atRisk", Standing::Risky),
    ("aboutToSleep", Standing::Risky),
    ("hibernating", Standing::Risky),
    ("lost", Standing::Neutral),
];

/// [`RFM11_ORDER`] for the Russian 3-level preset.
const RU3_ORDER: &[(&str, Standing)] = &[
    ("keyClients", Standing::Valuable),
    ("loyal", Standing::Valuable),
    ("newWithPotential", Standing::Valuable),
    ("newcomers", Standing::Neutral),
    ("atRisk", Standing::Risky),
    ("needAttention", Standing::Risky),
    ("fallingAsleep", Standing::Risky),
    ("lostValuable", Standing::Risky),
    ("lost", Standing::Neutral),
];

/// Each segment's place in the order of value (higher is better) and its standing. When
/// every segment but "Other" is one of a preset's, the preset's order holds; otherwise (custom
/// segments) segments rank by the sum of the middles of their R, F and M ranges, recency
/// counting double. "Other" has no rank; a segment's standing is that of the preset segment
/// with its key, else neutral.
pub(crate) fn value_order(defs: &[SegmentDef], bins: u8) -> Vec<(Option<u8>, Standing)> {
    let standing = |key: &str| {
        RFM11_ORDER
            .iter()
            .chain(RU3_ORDER)
            .find(|(k, _)| *k == key)
            .map_or(Standing::Neutral, |(_, s)| *s)
    };
    let named = defs.iter().filter(|d| d.key != "other");
    let preset = [RFM11_ORDER, RU3_ORDER].into_iter().find(|order| {
        named
            .clone()
            .all(|d| order.iter().any(|(k, _)| *k == d.key))
    });
    defs.iter()
        .map(|d| {
            if d.key == "other" {
                return (None, standing(&d.key));
            }
            let rank = match preset {
                Some(order) => order
                    .iter()
                    .position(|(k, _)| *k == d.key)
                    .map(|p| (order.len() - p) as u8),
                None => {
                    let mid = |r: Option<ScoreRange>| match r {
                        Some(r) => r.bounds().0 as u32 + r.bounds().1 as u32,
                        None => 1 + bins as u32,
                    };
                    Some((2 * mid(d.r) + mid(d.f) + mid(d.m)).min(254) as u8)
                }
            };
            (rank, standing(&d.key))
        })
        .collect()
}

/// A compiled list of segments with a lookup table over every score cell.
#[derive(Clone, Debug)]
pub struct SegmentTable {
    /// The segments in rule order, then "Other" last.
    pub defs: Vec<SegmentDef>,
    /// Levels (1 = worst … bins = best).
    pub bins: u8,
    /// Segment index per cell `(r-1)·bins² + (f-1)·bins + (m-1)` (levels).
    cells: Vec<u8>,
    /// Level ranges per rule: [(lo, hi); 3] for R, F, M.
    ranges: Vec<[(u8, u8); 3]>,
}

impl SegmentTable {
    /// The level ranges of segment `s` for R, F, M (every level for "Other").
    pub fn ranges_of(&self, s: usize) -> [(u8, u8); 3] {
        self.ranges.get(s).copied().unwrap_or([(1, self.bins); 3])
    }
}

/// Result of checking segment rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCheck {
    /// Keys of rules that never match any score cell (shadowed by earlier rules).
    pub unreachable: Vec<String>,
    /// Score codes (in the configured direction) that no rule covers: they go to "Other".
    pub uncovered: Vec<String>,
    /// Number of cells each rule wins, in rule order.
    pub cells_per_rule: Vec<u32>,
}

impl SegmentTable {
    /// Builds the table for `bins` levels from the `segments` option.
    pub fn new(
        option: Option<&SegmentsOption>,
        bins: u8,
        direction: Direction,
    ) -> Result<SegmentTable, Error> {
        let (defs, preset_bins) = match option {
            None => {
                if bins == 3 {
                    (preset_ru3(), Some(3))
                } else {
                    (preset_rfm11(), Some(5))
                }
            }
            Some(SegmentsOption::Preset(name)) => match name.as_str() {
                "rfm11" => (preset_rfm11(), Some(5)),
                "ru3" => (preset_ru3(), Some(3)),
                other => {
                    return Err(Error::option(format!(
                    "option `segments`: unknown preset \"{other}\" (presets: \"rfm11\", \"ru3\")"
                ))
                    .ru(format!(
                        "сегменты RFM: неизвестный набор «{other}» (наборы: \"rfm11\", \"ru3\")"
                    )))
                }
            },
            Some(SegmentsOption::Custom(defs)) => (defs.clone(), None),
        };
        if defs.len() > 250 {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "option `segments`: at most 250 segments",
            )
            .ru("сегменты RFM: не больше 250 сегментов"));
        }
        let mut ranges = Vec::with_capacity(defs.len());
        for (i, d) in defs.iter().enumerate() {
            if d.name.trim().is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("option `segments`: segment {} has no name", i + 1),
                )
                .ru(format!("сегменты RFM: у сегмента {} нет названия", i + 1)));
            }
            let mut rr = [(1u8, bins); 3];
            for (k, range) in [d.r, d.f, d.m].into_iter().enumerate() {
                let Some(range) = range else { continue };
                let (lo, hi) = range.bounds();
                match preset_bins {
                    Some(pb) => {
                        // Level l of `bins` takes the preset level at its centre.
                        let map = |l: u8| {
                            ((2 * l as u32 - 1) * pb as u32).div_ceil(2 * bins as u32) as u8
                        };
                        let levels: Vec<u8> = (1..=bins)
                            .filter(|l| (lo..=hi).contains(&map(*l)))
                            .collect();
                        rr[k] = match (levels.first(), levels.last()) {
                            (Some(a), Some(b)) => (*a, *b),
                            _ => (1, 0), // empty
                        };
                    }
                    None if (lo, hi) == (0, 0) => rr[k] = (1, 0), // never matches
                    None => {
                        if lo < 1 || hi > bins {
                            let score = if lo < 1 { lo } else { hi };
                            return Err(Error::new(
                                ErrorKind::InvalidRule,
                                format!(
                                    "option `segments`: segment \"{}\" uses score {score} outside 1..={bins}",
                                    d.name,
                                ),
                            )
                            .ru(format!(
                                "сегменты RFM: в сегменте «{}» оценка {score} — вне диапазона от 1 до {bins}",
                                d.name_in(Lang::Ru),
                            )));
                        }
                        let (a, b) = (
                            rfm::level_of_digit(lo, bins, direction),
                            rfm::level_of_digit(hi, bins, direction),
                        );
                        rr[k] = (a.min(b), a.max(b));
                    }
                }
            }
            ranges.push(rr);
        }
        let mut defs = defs;
        for d in defs.iter_mut() {
            if d.key.is_empty() {
                d.key = d.name.clone();
            }
        }
        defs.push(other_segment());
        let other = (defs.len() - 1) as u8;
        let b = bins as usize;
        let mut cells = vec![other; b * b * b];
        for r in 1..=bins {
            for f in 1..=bins {
                for m in 1..=bins {
                    let idx = ranges.iter().position(|rr| {
                        (rr[0].0..=rr[0].1).contains(&r)
                            && (rr[1].0..=rr[1].1).contains(&f)
                            && (rr[2].0..=rr[2].1).contains(&m)
                    });
                    if let Some(i) = idx {
                        cells[cell(r, f, m, bins)] = i as u8;
                    }
                }
            }
        }
        Ok(SegmentTable {
            defs,
            bins,
            cells,
            ranges,
        })
    }

    /// The segment index of levels `(r, f, m)`.
    #[inline]
    pub fn segment(&self, r: u8, f: u8, m: u8) -> u8 {
        self.cells[cell(r, f, m, self.bins)]
    }

    /// Index of the "Other" segment.
    pub fn other(&self) -> u8 {
        (self.defs.len() - 1) as u8
    }

    /// Level ranges of rule `i` (R, F, M), for explanations.
    pub fn level_ranges(&self, i: usize) -> Option<[(u8, u8); 3]> {
        self.ranges.get(i).copied()
    }

    /// Reports unreachable rules and uncovered cells.
    pub fn check(&self, direction: Direction) -> RuleCheck {
        let rules = self.defs.len() - 1;
        let mut wins = vec![0u32; rules];
        let mut uncovered = Vec::new();
        let bins = self.bins;
        for r in 1..=bins {
            for f in 1..=bins {
                for m in 1..=bins {
                    let s = self.segment(r, f, m) as usize;
                    if s < rules {
                        wins[s] += 1;
                    } else {
                        uncovered.push(rfm::code(
                            rfm::digit(r, bins, direction),
                            rfm::digit(f, bins, direction),
                            rfm::digit(m, bins, direction),
                            bins,
                        ));
                    }
                }
            }
        }
        uncovered.sort();
        RuleCheck {
            unreachable: self.defs[..rules]
                .iter()
                .zip(&wins)
                .filter(|(_, w)| **w == 0)
                .map(|(d, _)| d.key.clone())
                .collect(),
            uncovered,
            cells_per_rule: wins,
        }
    }
}

#[inline]
fn cell(r: u8, f: u8, m: u8, bins: u8) -> usize {
    let b = bins as usize;
    (r as usize - 1) * b * b + (f as usize - 1) * b + (m as usize - 1)
}

/// Converts a segment table back to rules in the digits of `direction` (for the model).
pub(crate) fn segment_defs(table: &SegmentTable, direction: Direction) -> Vec<SegmentDef> {
    let bins = table.bins;
    table.defs[..table.defs.len() - 1]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ranges = table.level_ranges(i).unwrap_or([(1, bins); 3]);
            let conv = |(lo, hi): (u8, u8)| {
                if lo > hi {
                    // Empty after scaling: a range that never matches keeps its place.
                    return Some(ScoreRange::Span([0, 0]));
                }
                let (a, b) = (
                    rfm::digit(lo, bins, direction),
                    rfm::digit(hi, bins, direction),
                );
                Some(ScoreRange::Span([a.min(b), a.max(b)]))
            };
            SegmentDef {
                r: conv(ranges[0]),
                f: conv(ranges[1]),
                m: conv(ranges[2]),
                ..d.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_complete_and_reachable() {
        for (preset, bins) in [
            ("rfm11", 5),
            ("ru3", 3),
            ("rfm11", 3),
            ("rfm11", 10),
            ("ru3", 5),
            ("rfm11", 2),
        ] {
            for dir in [Direction::HighIsBest, Direction::OneIsBest] {
                let t = SegmentTable::new(Some(&SegmentsOption::Preset(preset.into())), bins, dir)
                    .unwrap();
                let c = t.check(dir);
                assert!(
                    c.uncovered.is_empty(),
                    "{preset}/{bins}: uncovered {:?}",
                    c.uncovered
                );
                if (preset, bins) == ("rfm11", 5) || (preset, bins) == ("ru3", 3) {
                    assert!(
                        c.unreachable.is_empty(),
                        "{preset}/{bins}: unreachable {:?}",
                        c.unreachable
                    );
                }
            }
        }
    }

    #[test]
    fn russian_preset_cells() {
        let t = SegmentTable::new(
            Some(&SegmentsOption::Preset("ru3".into())),
            3,
            Direction::OneIsBest,
        )
        .unwrap();
        let name = |code: &str| {
            let d: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
            let l = |x: u8| rfm::level_of_digit(x, 3, Direction::OneIsBest);
            t.defs[t.segment(l(d[0]), l(d[1]), l(d[2])) as usize]
                .name_in(Lang::Ru)
                .to_string()
        };
        assert_eq!(name("111"), "Ключевые клиенты");
        assert_eq!(name("132"), "Новички с потенциалом");
        assert_eq!(name("211"), "В зоне риска");
        assert_eq!(name("333"), "Потерянные");
    }

    #[test]
    fn custom_rules_in_user_digits_and_shadowing() {
        let rules: Vec<SegmentDef> = serde_json::from_str(
            r#"[{"name":"Best","r":1,"f":1,"m":1},
                {"name":"Recent","r":[1,1]},
                {"name":"Shadowed","r":1,"f":2}]"#,
        )
        .unwrap();
        let t = SegmentTable::new(
            Some(&SegmentsOption::Custom(rules)),
            3,
            Direction::OneIsBest,
        )
        .unwrap();
        assert_eq!(t.defs[t.segment(3, 3, 3) as usize].name, "Best");
        assert_eq!(t.defs[t.segment(3, 1, 1) as usize].name, "Recent");
        assert_eq!(t.segment(1, 1, 1), t.other());
        let c = t.check(Direction::OneIsBest);
        assert_eq!(c.unreachable, vec!["Shadowed".to_string()]);
        assert_eq!(c.uncovered.len(), 18);
        assert!(c.uncovered.contains(&"333".to_string()));
        let bad: Vec<SegmentDef> = serde_json::from_str(r#"[{"name":"X","r":7}]"#).unwrap();
        let e = SegmentTable::new(Some(&SegmentsOption::Custom(bad)), 5, Direction::HighIsBest)
            .unwrap_err();
        assert!(e.to_string().contains("outside 1..=5"), "{e}");
    }
}
