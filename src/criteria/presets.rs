//! The built-in presets and field names, for rule editors and settings pages; with a
//! clients table's attributes, also its fields' types and the rule-segment presets its
//! columns allow (the loyalty ladder, see [`loyalty_preset`](super::loyalty_preset)).

use super::fields::{AttributeDef, AttributeType, RuleSchema};
use super::loyalty::loyalty_preset;
use super::playbook::{default_playbook, Play};
use super::points::PointsCard;
use super::rule_segments::RuleSegment;
use super::segments::{preset_rfm11, preset_ru3, SegmentDef};
use crate::ingest::Role;
use crate::rules::{Compiled, Expr, FieldType, RuleError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Segment schemes, the default playbook and points card, and the rule fields.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Presets {
    /// Segment presets by name, in levels (best = highest).
    pub segments: BTreeMap<&'static str, Vec<SegmentDef>>,
    /// The default playbook.
    pub playbook: Vec<Play>,
    /// The default points card for the levels asked for.
    pub points: PointsCard,
    /// Rule-segment presets by name, offered when the clients table's attributes allow:
    /// `loyalty` (advocates, waverers, committed) when it has loyalty columns.
    pub rule_segments: BTreeMap<&'static str, Vec<RuleSegment>>,
    /// The rule fields (with the attributes given, if any).
    pub fields: Vec<String>,
    /// Each rule field's type: `number`, `text` or `textList`.
    pub field_types: BTreeMap<String, &'static str>,
    /// The package version.
    pub version: &'static str,
}

/// The presets for `bins` score levels (default 5), without a clients table.
pub fn presets(bins: Option<u8>) -> Presets {
    presets_with(bins, Vec::new())
}

/// The presets for `bins` score levels (default 5) and a clients table with these
/// attributes: its fields, their types, and the rule-segment presets its columns allow.
pub fn presets_with(bins: Option<u8>, attributes: Vec<AttributeRef>) -> Presets {
    let attrs: Vec<AttributeDef> = attributes.into_iter().map(AttributeDef::from).collect();
    let mut segments = BTreeMap::new();
    segments.insert("rfm11", preset_rfm11());
    segments.insert("ru3", preset_ru3());
    let mut rule_segments = BTreeMap::new();
    if let Some(list) = loyalty_preset(&attrs) {
        rule_segments.insert("loyalty", list);
    }
    let schema = RuleSchema::new(&attrs);
    let types = (0..schema.schema.len()).map(|i| match schema.schema.field_type(i) {
        Some(FieldType::Number) => "number",
        Some(FieldType::TextList) => "textList",
        _ => "text",
    });
    Presets {
        segments,
        playbook: default_playbook(),
        points: PointsCard::default_card(bins.unwrap_or(5)),
        rule_segments,
        fields: schema.schema.names().map(str::to_string).collect(),
        field_types: schema
            .schema
            .names()
            .map(str::to_string)
            .zip(types)
            .collect(),
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// An attribute as a rule editor names it: its header, or `{ name, role }` so that role
/// names (`region`, `type`, `source`, …) resolve as in the analysis.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum AttributeRef {
    /// A header.
    Name(String),
    /// A header and its role.
    Def {
        /// Header.
        name: String,
        /// Role.
        #[serde(default)]
        role: Option<Role>,
        /// The type of its values (default text).
        #[serde(rename = "type", default)]
        ty: Option<AttributeType>,
    },
}

impl From<AttributeRef> for AttributeDef {
    fn from(a: AttributeRef) -> AttributeDef {
        match a {
            AttributeRef::Name(name) => AttributeDef {
                name,
                role: Role::Attribute,
                ty: AttributeType::Text,
            },
            AttributeRef::Def { name, role, ty } => AttributeDef {
                name,
                role: role.unwrap_or(Role::Attribute),
                ty: ty.unwrap_or_default(),
            },
        }
    }
}

/// Checks rule text against the fields a report would have with these attributes.
pub fn check_rule(text: &str, attributes: Vec<AttributeRef>) -> Result<(), RuleError> {
    let attrs: Vec<AttributeDef> = attributes.into_iter().map(AttributeDef::from).collect();
    let schema = RuleSchema::new(&attrs);
    let e = Expr::parse(text)?;
    Compiled::compile(&e, &schema.schema, Some(text)).map(|_| ())
}
