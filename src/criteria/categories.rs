//! What a client bought: the categories of its order lines and its largest order, as facts
//! and as rule fields (`categories contains "кремы"`, `top_category`, `largest_order`).

use super::{Client, Facts, FieldSpec};
use crate::rules::{folds_to, FieldType};

/// One category a client bought in.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoryFact<'a> {
    /// The category as first spelt in the file.
    pub name: &'a str,
    /// Purchase rows (order lines) in it, returns aside.
    pub rows: u32,
    /// Revenue in it, its returns netted out.
    pub revenue: f64,
}

impl<'a> Facts<'a> {
    /// The top category: the first with purchase rows in [`Facts::categories`] (by revenue,
    /// highest first, then name).
    pub fn top_category(&self) -> Option<&CategoryFact<'a>> {
        self.categories.iter().find(|c| c.rows > 0)
    }

    /// The top category's share of the client's revenue across its categories, 0..=1
    /// (categories whose returns net them to zero or below count as none); `None` without
    /// a top category or revenue.
    pub fn top_category_share(&self) -> Option<f64> {
        let top = self.top_category()?;
        let total: f64 = self.categories.iter().map(|c| c.revenue.max(0.0)).sum();
        (total > 0.0).then(|| (top.revenue.max(0.0) / total).clamp(0.0, 1.0))
    }
}

/// The rule fields of what a client bought, in this order.
pub(super) const FIELDS: &[FieldSpec] = &[
    FieldSpec::value(
        "categories",
        FieldType::TextList,
        &["категории", "товары", "products"],
    ),
    FieldSpec::value(
        "top_category",
        FieldType::Text,
        &["главная_категория", "основная_категория"],
    ),
    FieldSpec::value(
        "top_category_share",
        FieldType::Number,
        &["доля_главной_категории"],
    ),
    FieldSpec::value("category_count", FieldType::Number, &["число_категорий"]),
    FieldSpec::value("largest_order", FieldType::Number, &["крупнейший_заказ"]),
];

/// The fields as a Russian reader names them; the flag says the numbers are days.
pub(super) const TITLES_RU: &[(&str, &str, bool)] = &[
    ("categories", "категории", false),
    ("top_category", "главная категория", false),
    ("top_category_share", "доля главной категории", false),
    ("category_count", "число категорий", false),
    ("largest_order", "крупнейший заказ", false),
];

/// Field `k`'s number.
pub(super) fn number(c: &Client<'_>, k: usize) -> Option<f64> {
    let f = c.facts;
    match k {
        2 => f.top_category_share(),
        3 => (!f.categories.is_empty()).then_some(f.categories.len() as f64),
        4 => f.largest_order,
        _ => None,
    }
}

/// Field `k`'s text.
pub(super) fn text<'a>(c: &Client<'a>, k: usize) -> Option<&'a str> {
    match k {
        1 => c.facts.top_category().map(|t| t.name),
        _ => None,
    }
}

/// Whether list field `k` holds `needle` (folded).
pub(super) fn list_contains(c: &Client<'_>, k: usize, needle: &str) -> bool {
    match k {
        0 => c.facts.categories.iter().any(|x| folds_to(x.name, needle)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(name: &str, rows: u32, revenue: f64) -> CategoryFact<'_> {
        CategoryFact {
            name,
            rows,
            revenue,
        }
    }

    #[test]
    fn top_category_and_share_table() {
        #[rustfmt::skip]
        let cases: &[(&str, &[CategoryFact<'_>], Option<&str>, Option<f64>)] = &[
            ("none", &[], None, None),
            ("one", &[cat("a", 1, 10.0)], Some("a"), Some(1.0)),
            ("two", &[cat("a", 2, 30.0), cat("b", 1, 10.0)], Some("a"), Some(0.75)),
            ("returns only in the first", &[cat("a", 0, 0.0), cat("b", 1, 10.0)], Some("b"), Some(1.0)),
            ("netted below zero counts as none", &[cat("a", 1, 10.0), cat("b", 1, -5.0)], Some("a"), Some(1.0)),
            ("no revenue", &[cat("a", 1, 0.0)], Some("a"), None),
        ];
        for (name, cats, top, share) in cases {
            let f = Facts {
                categories: cats.to_vec(),
                ..Facts::default()
            };
            assert_eq!(f.top_category().map(|t| t.name), *top, "{name}");
            assert_eq!(f.top_category_share(), *share, "{name}");
        }
    }
}
