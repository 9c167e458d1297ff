//! The loyalty preset: rule segments that read a clients table's loyalty columns.
//!
//! The CRM-marketing ladder of loyalty, from what a client says and does:
//!
//! * **Advocates** («Адвокаты бренда») recommend the brand: they brought a friend
//!   (`referrals ≥ 1`) or answered 9–10 to "would you recommend us" (`NPS ≥ 9`).
//! * **Waverers** («Колеблющиеся»), of the others, also buy from competitors (a yes in a
//!   "buys elsewhere" column) or answered 6 or less while buying (`NPS ≤ 6` with an order).
//! * **Committed** («Приверженные»), of the rest, buy repeatedly (two orders or more) and
//!   answered 7–8, or said they do not buy elsewhere.
//!
//! Each client is in at most one of them (each rule excludes the ones above it); a client
//! whose columns are empty, or who fits none, is in none. The columns are found by their
//! headers, in Russian or English: referrals (`Рекомендации`, `Приведено друзей`,
//! `referrals`…), NPS (`NPS`, `Оценка`, `Оценка NPS`…), buying elsewhere (`Покупает у
//! конкурентов`, `buys elsewhere`…). Referrals and NPS must be numeric columns; a yes is
//! `да`/`yes`/`1`/`true` (`+`, `x`, `y`, `д`), a no `нет`/`no`/`0`/`false` (`-`, `n`, `н`),
//! in a text or a 0/1 column. The preset is offered only when the table has at least one
//! of these columns, with the levels its columns can tell: no NPS and no "buys elsewhere"
//! column, no committed nor waverers.

use super::fields::{AttributeDef, AttributeType, RuleSchema};
use super::rule_segments::{RuleSegment, RuleSource};
use crate::ingest::sniff::normalize_header;
use crate::rules::{Compiled, Expr};

/// Headers (normalised: lower case, letters and digits only) of the columns read.
const REFERRALS: &[&str] = &[
    "рекомендации",
    "рекомендаций",
    "приведенодрузей",
    "приведенныедрузья",
    "привелдрузей",
    "приглашенодрузей",
    "рефералы",
    "рефералов",
    "referrals",
    "referral",
    "referredfriends",
    "friendsreferred",
    "invitedfriends",
];
const NPS: &[&str] = &[
    "nps",
    "npsscore",
    "оценка",
    "оценканps",
    "оценкаnps",
    "npsоценка",
    "индексnps",
    "готовностьрекомендовать",
    "likelihoodtorecommend",
    "recommendscore",
];
const ELSEWHERE: &[&str] = &[
    "покупаетуконкурентов",
    "покупаетвдругихместах",
    "покупаетвдругихмагазинах",
    "покупаетиуконкурентов",
    "уконкурентов",
    "buyselsewhere",
    "alsobuyselsewhere",
    "buysfromcompetitors",
    "buysatcompetitors",
    "shopselsewhere",
];

const YES: &str = r#"["да", "д", "yes", "y", "true", "1", "+", "x"]"#;
const NO: &str = r#"["нет", "н", "no", "n", "false", "0", "-"]"#;

/// The attribute with one of `headers`, of `ty` when given.
fn find<'a>(
    attributes: &'a [AttributeDef],
    headers: &[&str],
    ty: Option<AttributeType>,
) -> Option<&'a AttributeDef> {
    attributes.iter().find(|a| {
        headers.contains(&normalize_header(&a.name).as_str()) && ty.is_none_or(|t| a.ty == t)
    })
}

/// A field name as rule text.
fn field(a: &AttributeDef) -> String {
    format!("`{}`", a.name.replace('\\', "\\\\").replace('`', "\\`"))
}

/// `a` holds a yes (`yes`) or a no.
fn answer(a: &AttributeDef, yes: bool) -> String {
    match (a.ty, yes) {
        (AttributeType::Number, true) => format!("{} == 1", field(a)),
        (AttributeType::Number, false) => format!("{} == 0", field(a)),
        (AttributeType::Text, true) => format!("{} in {YES}", field(a)),
        (AttributeType::Text, false) => format!("{} in {NO}", field(a)),
    }
}

/// `any` of the parts: `None` without parts.
fn any(parts: &[Option<String>]) -> Option<String> {
    let list: Vec<&String> = parts.iter().flatten().collect();
    match list.len() {
        0 => None,
        1 => Some(list[0].clone()),
        _ => Some(
            list.iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" or "),
        ),
    }
}

fn segment(name: &str, ru: &str, description: &str, rule: String) -> RuleSegment {
    RuleSegment {
        name: name.into(),
        name_ru: Some(ru.into()),
        description: Some(description.into()),
        rule: RuleSource::Text(rule),
    }
}

/// `rule`, for the clients not matching any of `above`.
fn below(above: &[&Option<String>], rule: &str) -> String {
    let mut parts: Vec<String> = above
        .iter()
        .filter_map(|a| a.as_ref().map(|a| format!("not ({a})")))
        .collect();
    parts.push(rule.to_string());
    parts.join(" and ")
}

/// The loyalty preset for a clients table with these attributes (see the module docs);
/// `None` when none of its columns is there.
pub fn loyalty_preset(attributes: &[AttributeDef]) -> Option<Vec<RuleSegment>> {
    let referrals = find(attributes, REFERRALS, Some(AttributeType::Number));
    let nps = find(attributes, NPS, Some(AttributeType::Number));
    let elsewhere = find(attributes, ELSEWHERE, None);
    let advocate = any(&[
        referrals.map(|a| format!("{} >= 1", field(a))),
        nps.map(|a| format!("{} >= 9", field(a))),
    ]);
    let waverer = any(&[
        elsewhere.map(|a| answer(a, true)),
        nps.map(|a| format!("{} <= 6 and frequency >= 1", field(a))),
    ]);
    let committed = any(&[
        nps.map(|a| format!("{} >= 7", field(a))),
        elsewhere.map(|a| answer(a, false)),
    ]);
    let mut out = Vec::new();
    if let Some(a) = &advocate {
        out.push(segment(
            "Advocates",
            "Адвокаты бренда",
            "Recommend the brand: brought a friend or answered 9–10 (NPS)",
            a.clone(),
        ));
    }
    if let Some(w) = &waverer {
        out.push(segment(
            "Waverers",
            "Колеблющиеся",
            "Also buy from competitors, or answered 6 or less (NPS) while buying",
            below(&[&advocate], &format!("({w})")),
        ));
    }
    if let Some(c) = &committed {
        out.push(segment(
            "Committed",
            "Приверженные",
            "Buy repeatedly and answered 7–8 (NPS) or do not buy elsewhere",
            below(&[&advocate, &waverer], &format!("frequency >= 2 and ({c})")),
        ));
    }
    // A column shadowed by a built-in field reads otherwise: leave its rules out.
    let schema = RuleSchema::new(attributes);
    out.retain(|s| match &s.rule {
        RuleSource::Text(t) => Expr::parse(t)
            .ok()
            .is_some_and(|e| Compiled::compile(&e, &schema.schema, Some(t)).is_ok()),
        RuleSource::Ast(_) => false,
    });
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Role;

    fn attr(name: &str, number: bool) -> AttributeDef {
        AttributeDef {
            name: name.into(),
            role: Role::Attribute,
            ty: if number {
                AttributeType::Number
            } else {
                AttributeType::Text
            },
        }
    }

    #[test]
    fn levels_follow_the_columns_found() {
        // name, attributes, levels offered
        let cases: &[(&str, Vec<AttributeDef>, &[&str])] = &[
            ("none", vec![attr("Город", false)], &[]),
            (
                "referrals only",
                vec![attr("Приведено друзей", true)],
                &["Advocates"],
            ),
            ("referrals as text", vec![attr("Referrals", false)], &[]),
            (
                "nps",
                vec![attr("Оценка NPS", true)],
                &["Advocates", "Waverers", "Committed"],
            ),
            (
                "elsewhere only",
                vec![attr("Buys elsewhere", false)],
                &["Waverers", "Committed"],
            ),
            (
                "all",
                vec![
                    attr("NPS", true),
                    attr("Рекомендации", true),
                    attr("Покупает у конкурентов", false),
                ],
                &["Advocates", "Waverers", "Committed"],
            ),
        ];
        for (name, attrs, want) in cases {
            let got: Vec<String> = loyalty_preset(attrs)
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.name)
                .collect();
            assert_eq!(got, *want, "{name}");
        }
    }

    #[test]
    fn yes_and_no_read_text_and_numbers() {
        let p = loyalty_preset(&[attr("Оценка", true), attr("Buys elsewhere", true)]).unwrap();
        assert_eq!(
            p[1].rule,
            RuleSource::Text(
                "not (`Оценка` >= 9) and ((`Buys elsewhere` == 1) or (`Оценка` <= 6 and frequency >= 1))"
                    .into()
            )
        );
    }
}
