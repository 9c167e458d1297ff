//! What the purchase and spend models predict of a client — P(alive), the expected
//! purchases and order value over the horizon, the discounted CLV — as rule fields
//! (`p_alive < 0.3`, `clv > 5000`). They hold with the `clv` option; without it a rule on
//! them matches no one.

use super::{Client, FieldSpec};
use crate::rules::FieldType;

/// The rule fields of the predictions, in this order.
pub(super) const FIELDS: &[FieldSpec] = &[
    FieldSpec::value(
        "p_alive",
        FieldType::Number,
        &["вероятность_активности", "живой"],
    ),
    FieldSpec::value(
        "expected_purchases",
        FieldType::Number,
        &["ожидаемые_покупки", "прогноз_покупок"],
    ),
    FieldSpec::value("expected_value", FieldType::Number, &["ожидаемый_чек"]),
    FieldSpec::value(
        "clv",
        FieldType::Number,
        &["ценность_клиента", "прогноз_ценности"],
    ),
];

/// The fields as a Russian reader names them; the flag says the numbers are days.
pub(super) const TITLES_RU: &[(&str, &str, bool)] = &[
    ("p_alive", "вероятность, что клиент активен", false),
    ("expected_purchases", "ожидаемые покупки", false),
    ("expected_value", "ожидаемый чек", false),
    ("clv", "прогноз ценности клиента (CLV)", false),
];

/// Field `k`'s number (`None` without predictions or where the models give none).
pub(super) fn number(c: &Client<'_>, k: usize) -> Option<f64> {
    let p = c.facts.prediction.as_ref()?;
    let v = match k {
        0 => p.p_alive,
        1 => p.expected_purchases,
        2 => p.expected_value,
        3 => p.clv,
        _ => return None,
    };
    (!v.is_nan()).then_some(v)
}
