//! Rule segments: user-defined, named boolean rules over metrics, scores, labels,
//! attributes and tags. A client can match many (labels are multi-valued).
//!
//! A rule is text in the rule language (see [`crate::rules`]), e.g.
//! `recency_days > 30 and segment == "Champions"`, or the same AST as JSON.

use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::wording::{named, rule_in_words};
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use crate::rules::{normalize_text, Compiled, Expr, FieldType, RuleError, Schema};
use serde::{Deserialize, Serialize};

/// A rule as text or as its JSON AST.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RuleSource {
    /// Rule-language text.
    Text(String),
    /// The AST.
    Ast(Expr),
}

impl RuleSource {
    /// Parses and compiles against `schema`; errors name what the rule is (`what`, in
    /// English and Russian) and point into the rule.
    pub fn compile(&self, schema: &Schema, what: (&str, &str)) -> Result<(Expr, Compiled), Error> {
        let invalid = |e: RuleError| {
            Error::new(ErrorKind::InvalidRule, format!("{}: {e}", what.0)).ru(format!(
                "{}: {}",
                what.1,
                e.text(Lang::Ru)
            ))
        };
        let (expr, text) = match self {
            RuleSource::Text(t) => (Expr::parse(t).map_err(invalid)?, Some(t.as_str())),
            RuleSource::Ast(e) => (e.clone(), None),
        };
        let compiled = Compiled::compile(&expr, schema, text).map_err(invalid)?;
        Ok((expr, compiled))
    }

    /// The rule as a reason reads it in `lang`: its text in English, in words in Russian
    /// (see [`wording`](super::wording)).
    pub(crate) fn in_words(&self, engine: &Engine<'_>, lang: Lang) -> String {
        let expr = match (lang, self) {
            (Lang::En, _) => return self.text(),
            (_, RuleSource::Text(t)) => match Expr::parse(t) {
                Ok(e) => e,
                Err(_) => return t.clone(),
            },
            (_, RuleSource::Ast(e)) => e.clone(),
        };
        rule_in_words(&expr, engine, lang)
    }

    /// The canonical text of the rule.
    pub fn text(&self) -> String {
        match self {
            RuleSource::Text(t) => t.clone(),
            RuleSource::Ast(e) => e.to_string(),
        }
    }
}

/// A named rule segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleSegment {
    /// English name (also the value matched by `rule_segments contains "…"`).
    pub name: String,
    /// Russian name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    /// One-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The rule.
    pub rule: RuleSource,
}

impl RuleSegment {
    /// The name in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name,
            Lang::Ru => self.name_ru.as_deref().unwrap_or(&self.name),
        }
    }
}

/// Rule segments: the criterion.
pub struct RuleSegments;

/// Every client's rule segments: `ids[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct RuleColumn {
    /// Where each client's matches start (one more than clients).
    pub offsets: Vec<u32>,
    /// Indices of matched rule segments.
    pub ids: Vec<u32>,
}

/// The rule segments' summary entry.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSegmentsSummary {
    /// Rule segments.
    pub rule_segments: Vec<LabelStats>,
}

/// What the scorer returns for rule segments.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSegmentsScore {
    /// Matched rule segments (names).
    pub rule_segments: Vec<String>,
}

/// At most this many rule segments.
const MAX_RULES: usize = 1024;

impl Criterion for RuleSegments {
    type Options = Vec<RuleSegment>;
    type Fitted = Vec<RuleSegment>;
    type Compiled = Vec<usize>;
    type Label = Vec<u32>;
    type Column = RuleColumn;
    type Summary = RuleSegmentsSummary;
    type Score = RuleSegmentsScore;

    const FIELDS: &'static [FieldSpec] =
        &[FieldSpec::value("rule_segments", FieldType::TextList, &[])];
    const CSV: &'static [&'static str] = &["rule_segments"];

    fn validate(list: &Vec<RuleSegment>) -> Result<(), Error> {
        if list.len() > MAX_RULES {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "option `ruleSegments`: at most 1024 rules",
            )
            .ru("сегменты по правилам: не больше 1024 правил"));
        }
        match list.iter().position(|s| s.name.trim().is_empty()) {
            Some(i) => Err(Error::new(
                ErrorKind::InvalidRule,
                format!("option `ruleSegments`: rule {} has no name", i + 1),
            )
            .ru(format!(
                "сегменты по правилам: у правила {} нет названия",
                i + 1
            ))),
            None => Ok(()),
        }
    }

    fn fit(o: Option<&Vec<RuleSegment>>, _: &Population<'_>) -> Result<Vec<RuleSegment>, Error> {
        let list = o.cloned().unwrap_or_default();
        RuleSegments::validate(&list)?;
        Ok(list)
    }

    fn compile(
        list: &mut Vec<RuleSegment>,
        schema: &Schema,
        rules: &mut RuleSet,
    ) -> Result<Vec<usize>, Error> {
        RuleSegments::validate(list)?;
        list.iter()
            .map(|s| {
                let what = format!("rule segment \"{}\"", s.name);
                let what_ru = format!("сегмент по правилу «{}»", s.name_in(Lang::Ru));
                let (_, compiled) = s.rule.compile(schema, (&what, &what_ru))?;
                Ok(rules.add(compiled))
            })
            .collect()
    }

    fn value_name(e: &Engine<'_>, _k: usize, value: &str, lang: Lang) -> Option<String> {
        let list = &e.catalogue.rule_segments;
        named(list, value, |s| [s.name.as_str(), s.name_in(Lang::Ru)])
            .map(|s| s.name_in(lang).to_string())
    }

    fn label(c: &Client<'_>, out: &mut Vec<u32>) {
        for (i, &rule) in c.engine.compiled.rule_segments.iter().enumerate() {
            if c.matches(rule) {
                out.push(i as u32);
            }
        }
    }

    fn reset(l: &mut Vec<u32>) {
        l.clear();
    }

    fn list_contains(c: &Client<'_>, _k: usize, needle: &str) -> bool {
        let list = &c.engine.catalogue.rule_segments;
        c.labels.rule_segments.iter().any(|&r| {
            let s = &list[r as usize];
            normalize_text(&s.name) == needle
                || s.name_ru
                    .as_deref()
                    .is_some_and(|n| normalize_text(n) == needle)
        })
    }

    fn push(col: &mut RuleColumn, l: &Vec<u32>) {
        if col.offsets.is_empty() {
            col.offsets.push(0);
        }
        col.ids.extend_from_slice(l);
        col.offsets.push(col.ids.len() as u32);
    }

    fn read(col: &RuleColumn, i: usize, out: &mut Vec<u32>) {
        out.clear();
        out.extend_from_slice(&col.ids[col.offsets[i] as usize..col.offsets[i + 1] as usize]);
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let matched = &c.labels.rule_segments;
        if matched.is_empty() {
            return;
        }
        let list = &c.engine.catalogue.rule_segments;
        let join = |f: &dyn Fn(&RuleSegment) -> String, sep: &str| {
            matched
                .iter()
                .map(|&r| f(&list[r as usize]))
                .collect::<Vec<_>>()
                .join(sep)
        };
        out.labels.push(ExplainedLabel {
            criterion: "ruleSegments",
            value: join(&|s| s.name_in(lang).to_string(), ", "),
            reason: join(&|s| s.rule.in_words(c.engine, lang), "; "),
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        let list = &c.engine.catalogue.rule_segments;
        let names: Vec<&str> = c
            .labels
            .rule_segments
            .iter()
            .map(|&r| list[r as usize].name_in(lang))
            .collect();
        w.text(&names.join("; "));
    }

    fn columns(e: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        let c = &cols.rule_segments;
        sink.u32s(
            "ruleOffsets",
            if c.offsets.is_empty() {
                &[0]
            } else {
                &c.offsets
            },
        );
        sink.u32s("ruleIds", &c.ids);
        let names: Vec<&str> = e
            .catalogue
            .rule_segments
            .iter()
            .map(|s| s.name_in(lang))
            .collect();
        sink.names("ruleSegmentNames", &names);
    }

    fn summary(
        e: &Engine<'_>,
        cols: &LabelColumns,
        t: &Tally<'_>,
        lang: Lang,
    ) -> RuleSegmentsSummary {
        let list = &e.catalogue.rule_segments;
        let c = &cols.rule_segments;
        let mut count = vec![0u64; list.len()];
        let mut revenue = vec![0i64; list.len()];
        for i in 0..t.len() {
            for &r in &c.ids[c.offsets[i] as usize..c.offsets[i + 1] as usize] {
                count[r as usize] += 1;
                revenue[r as usize] = revenue[r as usize].saturating_add(t.revenue[i]);
            }
        }
        RuleSegmentsSummary {
            rule_segments: list
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    t.stats(
                        s.name.clone(),
                        s.name_in(lang).into(),
                        count[k],
                        revenue[k],
                        Among::All,
                    )
                })
                .collect(),
        }
    }

    fn score(c: &Client<'_>, lang: Lang) -> RuleSegmentsScore {
        let list = &c.engine.catalogue.rule_segments;
        RuleSegmentsScore {
            rule_segments: c
                .labels
                .rule_segments
                .iter()
                .map(|&r| list[r as usize].name_in(lang).to_string())
                .collect(),
        }
    }
}
