//! The built-in presets and field names, for rule editors and settings pages.

use super::fields::{AttributeDef, AttributeType, RuleSchema};
use super::playbook::{default_playbook, Play};
use super::points::PointsCard;
use super::segments::{preset_rfm11, preset_ru3, SegmentDef};
use crate::ingest::Role;
use crate::rules::{Compiled, Expr, RuleError};
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
    /// The rule fields without a clients table.
    pub fields: Vec<String>,
    /// The package version.
    pub version: &'static str,
}

/// The presets for `bins` score levels (default 5).
pub fn presets(bins: Option<u8>) -> Presets {
    let mut segments = BTreeMap::new();
    segments.insert("rfm11", preset_rfm11());
    segments.insert("ru3", preset_ru3());
    let schema = RuleSchema::new(&[]);
    Presets {
        segments,
        playbook: default_playbook(),
        points: PointsCard::default_card(bins.unwrap_or(5)),
        fields: schema.schema.names().map(str::to_string).collect(),
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
