//! Points scoring: a scoring card turns metrics and attributes into points and a tier.
//!
//! A card has **parameters**, each reading one field (a metric like `recency_days`, a label
//! like `abc`, or a clients-table attribute like `region`) and giving points by the first
//! matching **range** (`min ≤ value ≤ max`, either bound optional) or **category** (the text
//! equals one of `values`, ignoring case), else `default` (0); the parameter's points are
//! multiplied by its `weight` (1). A client's total is the sum; its **tier** is the last tier
//! whose `min` the total reaches (tiers sorted by `min`). Every client keeps its points per
//! parameter, so the tier can be explained.
//!
//! The default card is currency-independent: recency in days (≤ 30 → 30 points, ≤ 90 → 20,
//! ≤ 180 → 10), frequency (≥ 10 orders → 30, ≥ 5 → 20, ≥ 2 → 10) and the monetary score
//! level (up to 40 points, spread evenly over the levels), 100 points at most; tiers
//! average (0), good (40), excellent (60), VIP (80).

use super::order::Standing;
use super::parts::{
    Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, PointsPart, Tally,
};
use super::wording::named;
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::{Error, ErrorKind};
use crate::locale::{fmt_locale, Lang};
use crate::rules::{normalize_text, FieldType, Fields, Schema};
use serde::{Deserialize, Serialize};

/// A range of values worth `points`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointsRange {
    /// Smallest value (inclusive); absent = no lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest value (inclusive); absent = no upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Points.
    pub points: f64,
}

/// Category values worth `points`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointsCategory {
    /// Values (compared ignoring case and surrounding spaces).
    pub values: Vec<String>,
    /// Points.
    pub points: f64,
}

/// One parameter of a card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointsParameter {
    /// Field read (metric, label or attribute name).
    pub field: String,
    /// Label shown in explanations (defaults to the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Russian label (defaults to `label`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ru: Option<String>,
    /// Multiplier. Default 1.
    #[serde(default = "one")]
    pub weight: f64,
    /// Ranges, for numeric fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<PointsRange>,
    /// Categories, for text fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<PointsCategory>,
    /// Points when nothing matches (or the value is missing). Default 0.
    #[serde(default)]
    pub default: f64,
}

fn one() -> f64 {
    1.0
}

/// A named tier by total points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointsTier {
    /// Stable key (defaults to the name).
    #[serde(default)]
    pub key: String,
    /// English name.
    pub name: String,
    /// Russian name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    /// Smallest total of the tier.
    pub min: f64,
}

/// A scoring card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointsCard {
    /// Parameters.
    pub parameters: Vec<PointsParameter>,
    /// Tiers (any order; sorted by `min`).
    pub tiers: Vec<PointsTier>,
}

/// The default tiers' keys and names before they were renamed apart from the value tiers'
/// "VIP" (`points_tier == "vip"` still matches the top tier).
const FORMER_TIERS: &[(&str, &str, &str)] = &[
    ("low", "average", "Average"),
    ("medium", "good", "Good"),
    ("high", "excellent", "Excellent"),
    ("top", "vip", "VIP"),
];

fn range(min: Option<f64>, max: Option<f64>, points: f64) -> PointsRange {
    PointsRange { min, max, points }
}

fn tier(key: &str, name: &str, ru: &str, min: f64) -> PointsTier {
    PointsTier {
        key: key.into(),
        name: name.into(),
        name_ru: Some(ru.into()),
        min,
    }
}

impl PointsCard {
    /// The default card for `bins` score levels.
    pub fn default_card(bins: u8) -> PointsCard {
        let b = bins.max(2);
        let m_ranges = (1..=b)
            .map(|l| {
                let pts = (40.0 * (l - 1) as f64 / (b - 1) as f64).round();
                range(Some(l as f64), Some(l as f64), pts)
            })
            .collect();
        PointsCard {
            parameters: vec![
                PointsParameter {
                    field: "recency_days".into(),
                    label: Some("Recency".into()),
                    label_ru: Some("Давность".into()),
                    weight: 1.0,
                    ranges: vec![
                        range(None, Some(30.0), 30.0),
                        range(None, Some(90.0), 20.0),
                        range(None, Some(180.0), 10.0),
                    ],
                    categories: vec![],
                    default: 0.0,
                },
                PointsParameter {
                    field: "frequency".into(),
                    label: Some("Frequency".into()),
                    label_ru: Some("Частота".into()),
                    weight: 1.0,
                    ranges: vec![
                        range(Some(10.0), None, 30.0),
                        range(Some(5.0), None, 20.0),
                        range(Some(2.0), None, 10.0),
                    ],
                    categories: vec![],
                    default: 0.0,
                },
                PointsParameter {
                    field: "m_level".into(),
                    label: Some("Monetary level".into()),
                    label_ru: Some("Уровень суммы".into()),
                    weight: 1.0,
                    ranges: m_ranges,
                    categories: vec![],
                    default: 0.0,
                },
            ],
            tiers: vec![
                tier("low", "Low score", "Низкий балл", 0.0),
                tier("medium", "Medium score", "Средний балл", 40.0),
                tier("high", "High score", "Высокий балл", 60.0),
                tier("top", "Top score", "Лучший балл", 80.0),
            ],
        }
    }
}

/// A card checked against the field schema.
#[derive(Clone, Debug)]
pub struct CompiledCard {
    /// The card, tiers sorted by `min`.
    pub card: PointsCard,
    fields: Vec<(usize, FieldType)>,
    categories: Vec<Vec<Vec<String>>>,
}

impl CompiledCard {
    /// Checks every parameter's field and shape.
    pub fn compile(card: &PointsCard, schema: &Schema) -> Result<CompiledCard, Error> {
        let mut card = card.clone();
        if card.tiers.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "option `points`: at least one tier is needed",
            )
            .ru("баллы: нужен хотя бы один уровень"));
        }
        for t in card.tiers.iter_mut() {
            if t.key.is_empty() {
                t.key = t.name.clone();
            }
            if !t.min.is_finite() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("option `points`: tier \"{}\" needs a finite `min`", t.name),
                )
                .ru(format!(
                    "баллы: у уровня «{}» нужна конечная нижняя граница (`min`)",
                    t.name_ru.as_deref().unwrap_or(&t.name)
                )));
            }
        }
        card.tiers.sort_by(|a, b| a.min.total_cmp(&b.min));
        if card.tiers.len() > 250 {
            return Err(
                Error::new(ErrorKind::InvalidRule, "option `points`: at most 250 tiers")
                    .ru("баллы: не больше 250 уровней"),
            );
        }
        let mut fields = Vec::new();
        let mut categories = Vec::new();
        for (i, p) in card.parameters.iter().enumerate() {
            let Some((idx, ty)) = schema.lookup(&p.field) else {
                let known: Vec<&str> = schema.names().take(40).collect();
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!(
                        "option `points`: parameter {} reads unknown field \"{}\" (fields: {})",
                        i + 1,
                        p.field,
                        known.join(", ")
                    ),
                )
                .ru(format!(
                    "баллы: параметр {} читает неизвестное поле «{}» (поля: {})",
                    i + 1,
                    p.field,
                    known.join(", ")
                )));
            };
            if !p.weight.is_finite() || !p.default.is_finite() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!(
                        "option `points`: parameter \"{}\" needs finite weight and default",
                        p.field
                    ),
                )
                .ru(format!(
                    "баллы: у параметра «{}» вес и баллы по умолчанию должны быть конечными числами",
                    p.field
                )));
            }
            if ty == FieldType::Number && !p.categories.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!(
                        "option `points`: \"{}\" is a number; use `ranges`, not `categories`",
                        p.field
                    ),
                )
                .ru(format!(
                    "баллы: «{}» — число; задайте диапазоны (`ranges`), а не категории (`categories`)",
                    p.field
                )));
            }
            if ty != FieldType::Number && !p.ranges.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!(
                        "option `points`: \"{}\" is text; use `categories`, not `ranges`",
                        p.field
                    ),
                )
                .ru(format!(
                    "баллы: «{}» — текст; задайте категории (`categories`), а не диапазоны (`ranges`)",
                    p.field
                )));
            }
            if p.ranges.iter().any(|r| !r.points.is_finite())
                || p.categories.iter().any(|c| !c.points.is_finite())
            {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("option `points`: \"{}\" has non-finite points", p.field),
                )
                .ru(format!(
                    "баллы: у «{}» баллы должны быть конечными числами",
                    p.field
                )));
            }
            fields.push((idx, ty));
            categories.push(
                p.categories
                    .iter()
                    .map(|c| c.values.iter().map(|v| normalize_text(v)).collect())
                    .collect(),
            );
        }
        Ok(CompiledCard {
            card,
            fields,
            categories,
        })
    }

    /// Points per parameter (weighted) for one client, written into `out`; returns the total.
    pub fn score(&self, f: &dyn Fields, out: &mut Vec<f64>) -> f64 {
        out.clear();
        let mut total = 0.0;
        for (i, p) in self.card.parameters.iter().enumerate() {
            let (idx, ty) = self.fields[i];
            let pts = match ty {
                FieldType::Number => f
                    .number(idx)
                    .and_then(|v| {
                        p.ranges
                            .iter()
                            .find(|r| r.min.is_none_or(|m| v >= m) && r.max.is_none_or(|m| v <= m))
                            .map(|r| r.points)
                    })
                    .unwrap_or(p.default),
                FieldType::Text => f
                    .text(idx)
                    .map(normalize_text)
                    .and_then(|v| {
                        self.categories[i]
                            .iter()
                            .position(|vals| vals.contains(&v))
                            .map(|k| p.categories[k].points)
                    })
                    .unwrap_or(p.default),
                FieldType::TextList => self.categories[i]
                    .iter()
                    .position(|vals| vals.iter().any(|x| f.list_contains(idx, x)))
                    .map(|k| p.categories[k].points)
                    .unwrap_or(p.default),
            };
            let w = pts * p.weight;
            out.push(w);
            total += w;
        }
        total
    }

    /// The tier index of a total.
    pub fn tier(&self, total: f64) -> u8 {
        let n = self
            .card
            .tiers
            .iter()
            .take_while(|t| total >= t.min)
            .count();
        n.saturating_sub(1) as u8
    }

    /// Name of tier `i` in `lang`.
    pub fn tier_name(&self, i: u8, lang: Lang) -> &str {
        let t = &self.card.tiers[i as usize];
        match lang {
            Lang::En => &t.name,
            Lang::Ru => t.name_ru.as_deref().unwrap_or(&t.name),
        }
    }

    /// Tier `i`'s place in the order of value: tiers are sorted by their smallest total, so
    /// the index itself (higher is more points).
    pub fn tier_rank(&self, i: u8) -> u8 {
        i
    }

    /// The top tier of a card with several holds the valuable clients; no tier is a risk by
    /// itself.
    pub fn tier_standing(&self, i: u8) -> Standing {
        match self.card.tiers.len() {
            n if n > 1 && i as usize == n - 1 => Standing::Valuable,
            _ => Standing::Neutral,
        }
    }

    /// The value parameter `i` reads for a client, as text (`—` when missing).
    pub fn value_text(&self, i: usize, f: &dyn Fields, lang: Lang) -> String {
        let (idx, ty) = self.fields[i];
        match ty {
            FieldType::Number => f.number(idx).map_or("—".into(), |v| fmt_locale(v, lang)),
            FieldType::Text => f.text(idx).unwrap_or("—").to_string(),
            FieldType::TextList => String::new(),
        }
    }

    /// Label of parameter `i` in `lang`.
    pub fn parameter_label(&self, i: usize, lang: Lang) -> &str {
        let p = &self.card.parameters[i];
        match lang {
            Lang::Ru => p
                .label_ru
                .as_deref()
                .or(p.label.as_deref())
                .unwrap_or(&p.field),
            Lang::En => p.label.as_deref().unwrap_or(&p.field),
        }
    }
}

/// Points scoring: the criterion.
pub struct Points;

/// One client's points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointsLabel {
    /// Total points.
    pub total: f64,
    /// Points per card parameter (weighted).
    pub parts: Vec<f64>,
    /// Tier index (tiers sorted by `min`).
    pub tier: u8,
}

/// Every client's points.
#[derive(Clone, Debug, Default)]
pub struct PointsColumn {
    /// Total points.
    pub points: Vec<f64>,
    /// Tier index.
    pub tier: Vec<u8>,
}

/// The points' summary entry.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsSummary {
    /// Points tiers.
    pub points_tiers: Vec<LabelStats>,
}

/// What the scorer returns for points.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsScore {
    /// Points.
    pub points: f64,
    /// Points tier key.
    pub points_tier: String,
}

impl Criterion for Points {
    type Options = PointsCard;
    type Fitted = PointsCard;
    type Compiled = CompiledCard;
    type Label = PointsLabel;
    type Column = PointsColumn;
    type Summary = PointsSummary;
    type Score = PointsScore;

    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::value("points", FieldType::Number, &["баллы"]),
        FieldSpec::label("points_tier", &[]),
    ];
    const CSV: &'static [&'static str] = &["points", "points_tier"];
    const CODE_BITS: u32 = 8;

    fn fit(o: Option<&PointsCard>, p: &Population<'_>) -> Result<PointsCard, Error> {
        Ok(o.cloned()
            .unwrap_or_else(|| PointsCard::default_card(p.bins)))
    }

    fn compile(
        card: &mut PointsCard,
        schema: &Schema,
        _: &mut RuleSet,
    ) -> Result<CompiledCard, Error> {
        CompiledCard::compile(card, schema)
    }

    fn label(c: &Client<'_>, out: &mut PointsLabel) {
        let card = &c.engine.compiled.points;
        out.total = card.score(c, &mut out.parts);
        out.tier = card.tier(out.total);
    }

    fn reset(l: &mut PointsLabel) {
        l.total = 0.0;
        l.parts.clear();
        l.tier = 0;
    }

    fn code(l: &PointsLabel) -> u64 {
        l.tier as u64
    }

    fn number(c: &Client<'_>, k: usize) -> Option<f64> {
        (k == 0).then_some(c.labels.points.total)
    }

    fn text<'a>(c: &Client<'a>, k: usize) -> Option<&'a str> {
        (k == 1).then(|| {
            c.engine
                .compiled
                .points
                .tier_name(c.labels.points.tier, Lang::En)
        })
    }

    fn text_alias<'a>(c: &Client<'a>, k: usize, n: usize) -> Option<&'a str> {
        if k != 1 {
            return None;
        }
        let t = &c.engine.compiled.points.card.tiers[c.labels.points.tier as usize];
        let former = FORMER_TIERS
            .iter()
            .find(|(k, _, _)| *k == t.key)
            .map(|(_, key, name)| [*key, *name]);
        [Some(t.key.as_str()), t.name_ru.as_deref()]
            .into_iter()
            .flatten()
            .chain(former.into_iter().flatten())
            .nth(n)
    }

    fn value_name(e: &Engine<'_>, k: usize, value: &str, lang: Lang) -> Option<String> {
        let card = &e.compiled.points;
        let names = |i: usize| {
            let t = &card.card.tiers[i];
            [
                t.key.as_str(),
                t.name.as_str(),
                t.name_ru.as_deref().unwrap_or(""),
            ]
        };
        let i = named(0..card.card.tiers.len(), value, names).filter(|_| k == 1)?;
        Some(card.tier_name(i as u8, lang).to_string())
    }

    fn push(col: &mut PointsColumn, l: &PointsLabel) {
        col.points.push(l.total);
        col.tier.push(l.tier);
    }

    fn read(col: &PointsColumn, i: usize, out: &mut PointsLabel) {
        out.total = col.points[i];
        out.tier = col.tier[i];
        out.parts.clear();
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let card = &c.engine.compiled.points;
        let l = &c.labels.points;
        let fmt = |v: f64| fmt_locale(v, lang);
        let part = |k: usize| l.parts.get(k).copied().unwrap_or(0.0);
        let n = card.card.parameters.len();
        // A parameter without a label of its own is named by its field, as rules read.
        let label = |k: usize| {
            let p = &card.card.parameters[k];
            match (p.label.is_none() && p.label_ru.is_none(), lang) {
                (true, Lang::Ru) => c.engine.schema.title(&p.field, lang).0,
                _ => card.parameter_label(k, lang).to_string(),
            }
        };
        let value = |k: usize| {
            let text = card.value_text(k, c, lang);
            let field = &card.card.parameters[k].field;
            match lang {
                Lang::En => text,
                Lang::Ru => c
                    .engine
                    .schema
                    .value_name(c.engine, field, &text, lang)
                    .unwrap_or(text),
            }
        };
        out.labels.push(ExplainedLabel {
            criterion: "points",
            value: format!("{} {}", fmt(l.total), card.tier_name(l.tier, lang)),
            reason: (0..n)
                .map(|k| format!("{} {}", label(k), fmt(part(k))))
                .collect::<Vec<_>>()
                .join(" + "),
        });
        out.points = (0..n)
            .map(|k| PointsPart {
                parameter: label(k),
                value: value(k),
                points: part(k),
            })
            .collect();
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        let l = &c.labels.points;
        w.number(l.total, 2);
        w.text(c.engine.compiled.points.tier_name(l.tier, lang));
    }

    fn columns(e: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        let card = &e.compiled.points;
        sink.f64s("points", &cols.points.points);
        sink.u8s("pointsTier", &cols.points.tier);
        let keys: Vec<&str> = card.card.tiers.iter().map(|t| t.key.as_str()).collect();
        let names: Vec<&str> = (0..card.card.tiers.len())
            .map(|i| card.tier_name(i as u8, lang))
            .collect();
        sink.names("pointsTierKeys", &keys);
        sink.names("pointsTierNames", &names);
    }

    fn summary(e: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, lang: Lang) -> PointsSummary {
        let card = &e.compiled.points;
        let legend = card
            .card
            .tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| (tier.key.as_str(), card.tier_name(i as u8, lang)));
        PointsSummary {
            points_tiers: t.labels(legend, Among::All, |i| cols.points.tier[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> PointsScore {
        let l = &c.labels.points;
        PointsScore {
            points: l.total,
            points_tier: c.engine.compiled.points.card.tiers[l.tier as usize]
                .key
                .clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F(Vec<Option<f64>>, Vec<Option<String>>);
    impl Fields for F {
        fn number(&self, i: usize) -> Option<f64> {
            self.0.get(i).copied().flatten()
        }
        fn text(&self, i: usize) -> Option<&str> {
            self.1.get(i).and_then(|s| s.as_deref())
        }
        fn list_contains(&self, _: usize, _: &str) -> bool {
            false
        }
    }

    #[test]
    fn default_card_scores() {
        let mut s = Schema::new();
        s.add("recency_days", FieldType::Number);
        s.add("frequency", FieldType::Number);
        s.add("m_level", FieldType::Number);
        let c = CompiledCard::compile(&PointsCard::default_card(5), &s).unwrap();
        let mut parts = Vec::new();
        let total = c.score(
            &F(vec![Some(10.0), Some(12.0), Some(5.0)], vec![]),
            &mut parts,
        );
        assert_eq!(parts, vec![30.0, 30.0, 40.0]);
        assert_eq!(total, 100.0);
        assert_eq!(c.tier_name(c.tier(total), Lang::En), "Top score");
        let total = c.score(
            &F(vec![Some(200.0), Some(1.0), Some(1.0)], vec![]),
            &mut parts,
        );
        assert_eq!(total, 0.0);
        assert_eq!(c.tier_name(c.tier(total), Lang::Ru), "Низкий балл");
        let total = c.score(
            &F(vec![Some(60.0), Some(5.0), Some(3.0)], vec![]),
            &mut parts,
        );
        assert_eq!(total, 60.0);
        assert_eq!(c.tier_name(c.tier(total), Lang::En), "High score");
    }

    #[test]
    fn categories_and_errors() {
        let mut s = Schema::new();
        s.add("type", FieldType::Text);
        s.add("frequency", FieldType::Number);
        let card: PointsCard = serde_json::from_str(
            r#"{"parameters":[{"field":"type","weight":2,"categories":[{"values":["B2B"],"points":10}]}],
                "tiers":[{"name":"Low","min":0},{"name":"High","min":15}]}"#,
        )
        .unwrap();
        let c = CompiledCard::compile(&card, &s).unwrap();
        let mut parts = Vec::new();
        assert_eq!(
            c.score(&F(vec![], vec![Some(" b2b ".into())]), &mut parts),
            20.0
        );
        assert_eq!(c.tier(20.0), 1);
        let bad: PointsCard = serde_json::from_str(
            r#"{"parameters":[{"field":"nope","ranges":[]}],"tiers":[{"name":"A","min":0}]}"#,
        )
        .unwrap();
        let e = CompiledCard::compile(&bad, &s).unwrap_err();
        assert!(e.to_string().contains("unknown field \"nope\""), "{e}");
        let bad: PointsCard = serde_json::from_str(r#"{"parameters":[{"field":"frequency","categories":[{"values":["x"],"points":1}]}],"tiers":[{"name":"A","min":0}]}"#).unwrap();
        assert!(CompiledCard::compile(&bad, &s).is_err());
    }
}
