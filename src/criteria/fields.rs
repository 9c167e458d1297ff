//! The fields of the rule language: a client's facts, the RFM fields, the registered
//! criteria's fields and the clients table's attributes, and where each value comes from.

use super::{categories, events, predicted, rfm, Client, Engine, FieldSpec, FIELDS};
use crate::ingest::Role;
use crate::locale::Lang;
use crate::rules::{normalize_text, FieldType, Fields, Schema};
use serde::{Deserialize, Serialize};

/// A clients-table attribute known to the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeDef {
    /// Header name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The type of its values (`text` when absent).
    #[serde(
        rename = "type",
        default,
        skip_serializing_if = "AttributeType::is_text"
    )]
    pub ty: AttributeType,
}

/// The type of a clients-table attribute's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AttributeType {
    /// Text, compared as text.
    #[default]
    Text,
    /// A number: every non-empty cell of its column is one.
    Number,
}

impl AttributeType {
    /// Whether it is text.
    pub fn is_text(&self) -> bool {
        *self == AttributeType::Text
    }
}

/// Where a field's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// A fact of the client (index in [`FACTS`]).
    Fact(usize),
    /// What the client bought (index in [`categories::FIELDS`]).
    Bought(usize),
    /// What the client did (index in [`events::FIELDS`]).
    Behaviour(usize),
    /// What the models predict (index in [`predicted::FIELDS`]).
    Predicted(usize),
    /// An RFM field (index in [`rfm::FIELDS`]).
    Rfm(usize),
    /// Field `k` of registered criterion `owner`.
    Criterion { owner: usize, k: usize },
    /// Attribute `k` of the clients table, in model order, as its type says.
    Attribute(usize),
    /// The text of numeric attribute `k` (`column:<name>`).
    AttributeText(usize),
}

/// A client's facts as fields, in this order.
const FACTS: &[FieldSpec] = &[
    FieldSpec::value("recency_days", FieldType::Number, &["давность"]),
    FieldSpec::value("frequency", FieldType::Number, &["orders", "частота"]),
    FieldSpec::value("revenue", FieldType::Number, &["выручка"]),
    FieldSpec::value("aov", FieldType::Number, &["средний_чек"]),
    FieldSpec::value("tenure_days", FieldType::Number, &[]),
    FieldSpec::value("interval_days", FieldType::Number, &[]),
    FieldSpec::value("days_since_contact", FieldType::Number, &[]),
    FieldSpec::value("client_id", FieldType::Text, &["id"]),
    FieldSpec::value("status", FieldType::Text, &[]),
    FieldSpec::value("tags", FieldType::TextList, &["теги"]),
    FieldSpec::value("manual_segments", FieldType::TextList, &["segments"]),
];

/// The built-in fields as a Russian reader names them (the interface's words), for rules
/// written out in words; the second value says the numbers are days.
const TITLES_RU: &[(&str, &str, bool)] = &[
    ("recency_days", "давность", true),
    ("frequency", "частота", false),
    ("revenue", "выручка", false),
    ("aov", "средний чек", false),
    ("tenure_days", "срок с первого заказа", true),
    ("interval_days", "интервал между заказами", true),
    ("days_since_contact", "дней с последнего контакта", false),
    ("client_id", "ID клиента", false),
    ("status", "статус", false),
    ("tags", "теги", false),
    ("manual_segments", "ручные сегменты", false),
    ("monetary", "сумма (M)", false),
    ("r", "R", false),
    ("f", "F", false),
    ("m", "M", false),
    ("r_level", "уровень R", false),
    ("f_level", "уровень F", false),
    ("m_level", "уровень M", false),
    ("rfm", "код RFM", false),
    ("segment", "сегмент", false),
    ("segment_ru", "сегмент", false),
    ("abc", "ABC", false),
    ("cv", "CV", false),
    ("periods", "число периодов", false),
    ("xyz", "XYZ", false),
    ("abcxyz", "ABC/XYZ", false),
    ("lifecycle", "этап", false),
    ("value_tier", "уровень ценности", false),
    ("funnel", "воронка", false),
    ("points", "баллы", false),
    ("points_tier", "уровень по баллам", false),
    ("rule_segments", "сегменты по правилам", false),
    ("next_action", "следующее действие", false),
    // Clients-table attributes named by their role.
    ("region", "регион", false),
    ("type", "тип клиента", false),
    ("company_size", "размер компании", false),
    ("revenue_band", "диапазон выручки", false),
    ("contact_role", "должность контакта", false),
    ("source", "источник", false),
];

/// The rule fields of a model, and where each comes from.
#[derive(Clone, Debug)]
pub struct RuleSchema {
    /// Names, types and aliases.
    pub schema: Schema,
    sources: Vec<Source>,
    label_only: Vec<bool>,
}

impl RuleSchema {
    /// The facts, RFM, every registered criterion's fields, then one field per attribute,
    /// a number or text as its type says (a column named like a built-in field keeps the
    /// built-in meaning; the column stays reachable as `column:<name>`). A numeric
    /// attribute's text is `column:<name>` too, unless that name holds the number.
    pub fn new(attributes: &[AttributeDef]) -> RuleSchema {
        let mut s = RuleSchema {
            schema: Schema::new(),
            sources: Vec::new(),
            label_only: Vec::new(),
        };
        for (i, f) in FACTS.iter().enumerate() {
            s.add(f, Source::Fact(i));
        }
        for (i, f) in categories::FIELDS.iter().enumerate() {
            s.add(f, Source::Bought(i));
        }
        for (i, f) in events::FIELDS.iter().enumerate() {
            s.add(f, Source::Behaviour(i));
        }
        for (i, f) in predicted::FIELDS.iter().enumerate() {
            s.add(f, Source::Predicted(i));
        }
        for (i, f) in rfm::FIELDS.iter().enumerate() {
            s.add(f, Source::Rfm(i));
        }
        for (owner, fields) in FIELDS.iter().enumerate() {
            for (k, f) in fields.iter().enumerate() {
                s.add(f, Source::Criterion { owner, k });
            }
        }
        for (k, a) in attributes.iter().enumerate() {
            s.add_attribute(a, k);
        }
        s
    }

    fn add(&mut self, f: &FieldSpec, source: Source) {
        let idx = self.schema.add(f.name, f.ty);
        debug_assert_eq!(idx, self.sources.len(), "field {} twice", f.name);
        self.sources.push(source);
        self.label_only.push(f.label_only);
        for a in f.aliases {
            self.schema.alias(a, idx);
        }
    }

    fn add_attribute(&mut self, a: &AttributeDef, k: usize) {
        let column = format!("column:{}", a.name);
        let shadowed = self.schema.lookup(&a.name).is_some();
        let name = if shadowed { &column } else { &a.name };
        let ty = match a.ty {
            AttributeType::Text => FieldType::Text,
            AttributeType::Number => FieldType::Number,
        };
        let Some(idx) = self.add_attribute_field(name, ty, Source::Attribute(k)) else {
            return;
        };
        if ty == FieldType::Number && !shadowed {
            self.add_attribute_field(&column, FieldType::Text, Source::AttributeText(k));
        }
        let role_alias = match a.role {
            Role::Region => Some("region"),
            Role::ClientType => Some("type"),
            Role::CompanySize => Some("company_size"),
            Role::RevenueBand => Some("revenue_band"),
            Role::ContactRole => Some("contact_role"),
            Role::Source => Some("source"),
            _ => None,
        };
        if let Some(al) = role_alias {
            if self.schema.lookup(al).is_none() {
                self.schema.alias(al, idx);
            }
        }
    }

    /// Adds an attribute's field; `None` when an earlier attribute has the name (two
    /// attributes with one name: the first one is read).
    fn add_attribute_field(&mut self, name: &str, ty: FieldType, source: Source) -> Option<usize> {
        if self.schema.lookup(name).is_some() {
            return None;
        }
        let idx = self.schema.add(name, ty);
        self.sources.push(source);
        self.label_only.push(false);
        Some(idx)
    }

    /// The name of the field a rule writes as `written`, in `lang`: in Russian the
    /// interface's word for a built-in field or an attribute's role, an attribute's column as
    /// written; in English as written. The flag says its numbers are days.
    pub(crate) fn title(&self, written: &str, lang: Lang) -> (String, bool) {
        let key = normalize_text(written);
        let canonical = match self.schema.lookup(written) {
            // An attribute keeps its column's name unless the rule named it by its role.
            Some((i, _)) if !matches!(self.source(i), Some(Source::Attribute(_))) => {
                self.schema.name(i).map(normalize_text)
            }
            _ => None,
        };
        let titled = TITLES_RU
            .iter()
            .chain(categories::TITLES_RU)
            .chain(events::TITLES_RU)
            .chain(predicted::TITLES_RU)
            .find(|t| Some(t.0) == canonical.as_deref() || t.0 == key);
        match (lang, titled) {
            (Lang::Ru, Some(&(_, title, days))) => (title.to_string(), days),
            _ => (written.to_string(), false),
        }
    }

    /// The name in `lang` of the label a rule names as `value` in the field it writes as
    /// `written` (a segment, stage, tier, status, rule segment or play by its key or its name
    /// in either language); `None` when the value is not a label (then it is data, shown as
    /// written).
    pub(crate) fn value_name(
        &self,
        engine: &Engine<'_>,
        written: &str,
        value: &str,
        lang: Lang,
    ) -> Option<String> {
        let (i, _) = self.schema.lookup(written)?;
        match self.source(i)? {
            Source::Rfm(k) => rfm::value_name(engine, k, value, lang),
            Source::Criterion { owner, k } => {
                super::criterion_value_name(owner, engine, k, value, lang)
            }
            _ => None,
        }
    }

    /// Whether field `i` follows from a client's labels alone.
    pub fn is_label(&self, i: usize) -> bool {
        self.label_only.get(i).copied().unwrap_or(false)
    }

    fn source(&self, i: usize) -> Option<Source> {
        self.sources.get(i).copied()
    }
}

#[cfg(test)]
#[test]
fn facts_are_in_the_order_their_values_are_read() {
    let names: Vec<&str> = FACTS.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "recency_days",
            "frequency",
            "revenue",
            "aov",
            "tenure_days",
            "interval_days",
            "days_since_contact",
            "client_id",
            "status",
            "tags",
            "manual_segments"
        ]
    );
}

fn fact_number(c: &Client<'_>, k: usize) -> Option<f64> {
    let f = c.facts;
    match k {
        0 => f.recency,
        1 => Some(f.orders as f64),
        2 => Some(f.revenue),
        3 => (f.orders > 0).then(|| f.average_order()),
        4 => f.tenure,
        5 => f.interval(),
        6 => f.days_since_contact,
        _ => None,
    }
}

fn fact_text<'a>(c: &Client<'a>, k: usize) -> Option<&'a str> {
    match k {
        7 => Some(c.facts.id),
        8 => c.facts.status,
        _ => None,
    }
}

fn fact_list_contains(c: &Client<'_>, k: usize, needle: &str) -> bool {
    let list: &[String] = match k {
        9 => c.facts.tags,
        10 => c.facts.manual_segments,
        _ => return false,
    };
    list.iter().any(|t| normalize_text(t) == needle)
}

impl Fields for Client<'_> {
    fn number(&self, i: usize) -> Option<f64> {
        match self.engine.schema.source(i)? {
            Source::Fact(k) => fact_number(self, k),
            Source::Bought(k) => categories::number(self, k),
            Source::Behaviour(k) => events::number(self, k),
            Source::Predicted(k) => predicted::number(self, k),
            Source::Rfm(k) => rfm::number(self, k),
            Source::Criterion { owner, k } => super::criterion_number(owner, self, k),
            Source::Attribute(k) => self.facts.attribute_numbers.get(k).copied().flatten(),
            Source::AttributeText(_) => None,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        match self.engine.schema.source(i)? {
            Source::Fact(k) => fact_text(self, k),
            Source::Bought(k) => categories::text(self, k),
            Source::Behaviour(_) | Source::Predicted(_) => None,
            Source::Rfm(k) => rfm::text(self, k),
            Source::Criterion { owner, k } => super::criterion_text(owner, self, k),
            Source::Attribute(k) | Source::AttributeText(k) => self
                .facts
                .attributes
                .get(k)
                .copied()
                .filter(|s| !s.is_empty()),
        }
    }

    fn text_alias(&self, i: usize, n: usize) -> Option<&str> {
        match self.engine.schema.source(i)? {
            Source::Rfm(k) => rfm::text_alias(self, k, n),
            Source::Criterion { owner, k } => super::criterion_text_alias(owner, self, k, n),
            _ => None,
        }
    }

    fn list_contains(&self, i: usize, needle: &str) -> bool {
        match self.engine.schema.source(i) {
            Some(Source::Fact(k)) => fact_list_contains(self, k, needle),
            Some(Source::Bought(k)) => categories::list_contains(self, k, needle),
            Some(Source::Behaviour(k)) => events::list_contains(self, k, needle),
            Some(Source::Criterion { owner, k }) => {
                super::criterion_list_contains(owner, self, k, needle)
            }
            _ => false,
        }
    }
}
