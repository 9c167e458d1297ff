//! A rule in words: the reason of a rule segment or of a next action as a reader of the
//! language reads it. English shows the rule's canonical text; Russian names each field by
//! the interface's word and each label by its Russian name, and writes the operators out:
//! `segment in ["Champions", "At risk"] or abcxyz == "AX"` reads «(сегмент — один из:
//! «Чемпионы», «В зоне риска») или ABC/XYZ — «AX»».

use super::Engine;
use crate::locale::{fmt_locale, Lang};
use crate::rules::{normalize_text, CmpOp, Expr, Literal};

/// The rule in words in `lang`.
pub(crate) fn rule_in_words(e: &Expr, engine: &Engine<'_>, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Ru => Words { engine, lang }.expr(e),
    }
}

/// The label among `all` that `value` names by one of its `names` (compared as rules
/// compare text: case, `ё` and spaces folded).
pub(crate) fn named<'n, T: Copy + 'n, const N: usize>(
    all: impl IntoIterator<Item = T>,
    value: &str,
    names: impl Fn(T) -> [&'n str; N],
) -> Option<T> {
    let v = normalize_text(value);
    all.into_iter()
        .find(|&t| names(t).iter().any(|n| normalize_text(n) == v))
}

struct Words<'e, 'a> {
    engine: &'e Engine<'a>,
    lang: Lang,
}

impl Words<'_, '_> {
    fn expr(&self, e: &Expr) -> String {
        match e {
            Expr::And(items) => self.group(items, " и "),
            Expr::Or(items) => self.group(items, " или "),
            Expr::Not(inner) => format!("не ({})", self.expr(inner)),
            Expr::Cmp { field, op, value } => self.cmp(field, *op, value),
            Expr::In {
                field,
                values,
                negated,
            } => {
                let (title, days) = self.engine.schema.title(field, self.lang);
                let list: Vec<String> = values.iter().map(|v| self.value(field, v)).collect();
                let list = list.join(", ");
                let unit = if days { " дн." } else { "" };
                match negated {
                    false => format!("{title} — один из: {list}{unit}"),
                    true => format!("{title} — ни один из: {list}{unit}"),
                }
            }
            Expr::Contains { field, value } => {
                let (title, _) = self.engine.schema.title(field, self.lang);
                let v = self.value(field, value);
                match self.engine.schema.schema.lookup(field) {
                    Some((_, crate::rules::FieldType::TextList)) => format!("{title}: есть {v}"),
                    _ => format!("{title} содержит {v}"),
                }
            }
        }
    }

    /// `a и b`, `a или b`; an operand that is itself a list of conditions or values is put
    /// in parentheses so that the reader sees where it ends.
    fn group(&self, items: &[Expr], word: &str) -> String {
        let compound = |e: &Expr| match e {
            Expr::And(v) | Expr::Or(v) => v.len() > 1,
            Expr::In { values, .. } => values.len() > 1,
            _ => false,
        };
        let parts: Vec<String> = items
            .iter()
            .map(|e| match items.len() > 1 && compound(e) {
                true => format!("({})", self.expr(e)),
                false => self.expr(e),
            })
            .collect();
        match parts.is_empty() {
            true => "всегда".into(),
            false => parts.join(word),
        }
    }

    fn cmp(&self, field: &str, op: CmpOp, value: &Literal) -> String {
        let (title, days) = self.engine.schema.title(field, self.lang);
        let v = self.value(field, value);
        let unit = if days { " дн." } else { "" };
        match (value, op) {
            (Literal::Text(_), CmpOp::Eq) => format!("{title} — {v}"),
            (Literal::Text(_), CmpOp::Ne) => format!("{title} — не {v}"),
            (_, CmpOp::Eq) => format!("{title} = {v}{unit}"),
            (_, CmpOp::Ne) => format!("{title} ≠ {v}{unit}"),
            (_, CmpOp::Lt) => format!("{title} меньше {v}{unit}"),
            (_, CmpOp::Le) => format!("{title} не больше {v}{unit}"),
            (_, CmpOp::Gt) => format!("{title} больше {v}{unit}"),
            (_, CmpOp::Ge) => format!("{title} не меньше {v}{unit}"),
        }
    }

    /// A number as the language writes it; a text in quotes, by its label's name when it
    /// names one.
    fn value(&self, field: &str, v: &Literal) -> String {
        match v {
            Literal::Number(n) => fmt_locale(*n, self.lang),
            Literal::Text(t) => {
                let name = self
                    .engine
                    .schema
                    .value_name(self.engine, field, t, self.lang);
                format!("«{}»", name.as_deref().unwrap_or(t))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labeler;

    #[test]
    fn rules_in_russian_words() {
        let csv = "client,date,amount\na,2024-01-05,10\nb,2024-02-01,20\nb,2024-03-01,30\n";
        let opts = crate::Options::from_json(
            r#"{"lang": "ru", "ruleSegments": [{"name": "Slipping", "nameRu": "Ускользают", "rule": "frequency > 1"}]}"#,
        )
        .unwrap();
        let report = crate::analyze(csv.as_bytes(), &opts).unwrap();
        let labeler = Labeler::new(report.model().clone()).unwrap();
        let engine = labeler.engine();
        #[rustfmt::skip]
        let cases = [
            (r#"segment in ["Champions", "Key clients"] or abcxyz == "AX""#,
             "(сегмент — один из: «Чемпионы», «Ключевые клиенты») или ABC/XYZ — «AX»"),
            (r#"lifecycle == "sleeping""#, "этап — «Спящий»"),
            (r#"funnel == "Warm lead""#, "воронка — «Тёплый лид»"),
            (r#"стадия != "Новый""#, "этап — не «Новый»"),
            ("давность > 90 и frequency >= 2", "давность больше 90 дн. и частота не меньше 2"),
            ("revenue <= 1000.5 or aov < 7", "выручка не больше 1000,50 или средний чек меньше 7"),
            (r#"rule_segments contains "Slipping""#, "сегменты по правилам: есть «Ускользают»"),
            (r#"tags contains "vip" and not (value_tier == "vip")"#, "теги: есть «vip» и не (уровень ценности — «VIP»)"),
            (r#"next_action == "atRisk""#, "следующее действие — «Звонок менеджера»"),
            (r#"region in ["Москва"]"#, "регион — один из: «Москва»"),
            ("recency_days not in [1, 2]", "давность — ни один из: 1, 2 дн."),
            ("frequency == 3 and (r > 1 or m < 2)", "частота = 3 и (R больше 1 или M меньше 2)"),
        ];
        for (rule, want) in cases {
            let e = Expr::parse(rule).unwrap();
            assert_eq!(rule_in_words(&e, &engine, Lang::Ru), want, "{rule}");
            assert_eq!(
                rule_in_words(&e, &engine, Lang::En),
                e.to_string(),
                "{rule}"
            );
        }
    }
}
