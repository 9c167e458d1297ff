//! The fields a rule may name, their types, and the values of one client.

use super::text::normalize_text;
use std::collections::BTreeMap;

/// The type of a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A number, compared with `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`.
    Number,
    /// A text value, compared (normalised) with `==`, `!=`, `in`, `contains`.
    Text,
    /// A list of text values such as tags, tested with `contains` and `in`.
    TextList,
}

/// The fields a rule may use: an ordered list of names with types, plus aliases.
///
/// Names and aliases are looked up after [`normalize_text`], so they compare
/// case-insensitively (and `ё` = `е`, runs of spaces = one space).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    fields: Vec<(String, FieldType)>,
    aliases: Vec<(String, usize)>,
    by_name: BTreeMap<String, usize>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field and returns its index (dense: 0, 1, 2, ...). Adding a name
    /// that is already a field's name changes that field's type and returns
    /// its index.
    pub fn add(&mut self, name: &str, ty: FieldType) -> usize {
        let key = normalize_text(name);
        if let Some(&i) = self.by_name.get(&key) {
            if let Some(field) = self.fields.get_mut(i) {
                if normalize_text(&field.0) == key {
                    field.1 = ty;
                    return i;
                }
            }
        }
        let index = self.fields.len();
        self.fields.push((name.to_string(), ty));
        self.by_name.insert(key, index);
        index
    }

    /// Lets `alias` name the field at `index` too. An alias never hides a
    /// field's own name: an alias equal to a field name is ignored.
    ///
    /// # Panics
    ///
    /// If there is no field at `index`.
    pub fn alias(&mut self, alias: &str, index: usize) {
        assert!(
            index < self.fields.len(),
            "Schema::alias: no field with index {index}"
        );
        let key = normalize_text(alias);
        let is_field_name = self
            .by_name
            .get(&key)
            .and_then(|&i| self.fields.get(i))
            .is_some_and(|f| normalize_text(&f.0) == key);
        if !is_field_name {
            self.by_name.insert(key, index);
            self.aliases.push((alias.to_string(), index));
        }
    }

    /// The index and type of the field called `name` (a field name or an alias).
    pub fn lookup(&self, name: &str) -> Option<(usize, FieldType)> {
        let &i = self.by_name.get(&normalize_text(name))?;
        self.fields.get(i).map(|f| (i, f.1))
    }

    /// The field names in index order (aliases not included).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.0.as_str())
    }

    /// The number of fields (aliases not counted).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the schema has no fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The name of the field at `index`.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.fields.get(index).map(|f| f.0.as_str())
    }

    /// The type of the field at `index`.
    pub fn field_type(&self, index: usize) -> Option<FieldType> {
        self.fields.get(index).map(|f| f.1)
    }

    /// Up to 5 known names (fields and aliases) closest to `name`: names that
    /// contain it (or that it contains) first, then by edit distance.
    pub(super) fn closest(&self, name: &str) -> Vec<&str> {
        let query_text = normalize_text(name);
        let query: Vec<char> = query_text.chars().collect();
        let mut scored: Vec<(bool, usize, usize, &str)> = self
            .fields
            .iter()
            .map(|f| f.0.as_str())
            .chain(self.aliases.iter().map(|a| a.0.as_str()))
            .enumerate()
            .map(|(order, cand)| {
                let cand_text = normalize_text(cand);
                let related = !query_text.is_empty()
                    && (cand_text.contains(&query_text) || query_text.contains(&cand_text));
                let c: Vec<char> = cand_text.chars().collect();
                (!related, edit_distance(&query, &c), order, cand)
            })
            .collect();
        scored.sort();
        let mut out: Vec<&str> = Vec::new();
        for (_, _, _, cand) in scored {
            if !out.contains(&cand) {
                out.push(cand);
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }
}

pub(super) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The values of one client, looked up by field index (as returned by
/// [`Schema::add`]). Return `None` for a missing value.
pub trait Fields {
    /// The value of a [`FieldType::Number`] field.
    fn number(&self, field: usize) -> Option<f64>;
    /// The value of a [`FieldType::Text`] field, as stored (rules normalise it).
    fn text(&self, field: usize) -> Option<&str>;
    /// Whether the [`FieldType::TextList`] field holds an item equal to
    /// `needle` after normalisation. `needle` is already normalised with
    /// [`normalize_text`]; store the items normalised (or normalise them here)
    /// and compare. A missing list contains nothing.
    fn list_contains(&self, field: usize, needle: &str) -> bool;
    /// Other spellings of a [`FieldType::Text`] field's value that `==`, `!=` and `in`
    /// also accept (a label's stable key and its names in other languages); `i` counts from
    /// 0 until `None`.
    fn text_alias(&self, _field: usize, _i: usize) -> Option<&str> {
        None
    }
}

/// Whether the text of `field`, or one of its aliases, satisfies `matches`; `None` when
/// the field has no value.
pub(super) fn text_any(
    f: &dyn Fields,
    field: usize,
    matches: impl Fn(&str) -> bool,
) -> Option<bool> {
    let s = f.text(field)?;
    if matches(s) {
        return Some(true);
    }
    let mut i = 0;
    while let Some(a) = f.text_alias(field, i) {
        if matches(a) {
            return Some(true);
        }
        i += 1;
    }
    Some(false)
}
