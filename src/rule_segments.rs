//! Rule segments: user-defined, named boolean rules over metrics, scores, labels,
//! attributes and tags. A client can match many (labels are multi-valued).
//!
//! A rule is text in the rule language (see [`crate::rules`]), e.g.
//! `recency_days > 30 and segment == "Champions"`, or the same AST as JSON.

use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use crate::rules::{Compiled, Expr, Schema};
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
    /// Parses and compiles against `schema`; errors name `what` and point into the rule.
    pub fn compile(&self, schema: &Schema, what: &str) -> Result<(Expr, Compiled), Error> {
        let (expr, text) = match self {
            RuleSource::Text(t) => (
                Expr::parse(t)
                    .map_err(|e| Error::new(ErrorKind::InvalidRule, format!("{what}: {e}")))?,
                Some(t.as_str()),
            ),
            RuleSource::Ast(e) => (e.clone(), None),
        };
        let compiled = Compiled::compile(&expr, schema, text)
            .map_err(|e| Error::new(ErrorKind::InvalidRule, format!("{what}: {e}")))?;
        Ok((expr, compiled))
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

/// Compiles all rule segments.
pub fn compile_all(list: &[RuleSegment], schema: &Schema) -> Result<Vec<Compiled>, Error> {
    if list.len() > 64 * 16 {
        return Err(Error::new(
            ErrorKind::InvalidRule,
            "option `ruleSegments`: at most 1024 rules",
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            if s.name.trim().is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("option `ruleSegments`: rule {} has no name", i + 1),
                ));
            }
            s.rule
                .compile(schema, &format!("rule segment \"{}\"", s.name))
                .map(|(_, c)| c)
        })
        .collect()
}
