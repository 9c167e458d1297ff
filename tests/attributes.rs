//! Numeric clients-table attributes: a column whose every non-empty cell is a number is a
//! number in rules, points cards, the scorer, explanations and exports; a column with one
//! other cell stays text.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::criteria::{AttributeType, RuleSource};
use segmenta::{
    analyze_with_clients, AttributeValue, ClientInput, CsvOptions, Options, Report, Scorer,
};
use serde_json::Value;

const ORDERS: &str = "Клиент;Дата;Сумма\n\
    Анна;01.02.2024;1 000,50\n\
    Анна;01.03.2024;2 000\n\
    Анна;20.03.2024;1 500\n\
    Борис;05.03.2024;500\n\
    Борис;15.03.2024;700\n\
    Вера;10.01.2024;700\n\
    Глеб;12.02.2024;300\n\
    Глеб;25.03.2024;450\n\
    Дина;28.03.2024;900\n";

/// Written by hand: Анна recommends, Борис is committed (NPS 8, repeat orders), Вера buys
/// elsewhere, Глеб gave 5 with repeat orders, Дина has no answers; `Код` has one code that
/// is not a number.
const CLIENTS: &str = "Клиент;Возраст;Сотрудников;NPS;Рекомендации;Покупает у конкурентов;Код\n\
    Анна;34;1 200;10;2;нет;12\n\
    Борис;29;40;8;0;нет;7\n\
    Вера;41;;9;0;да;A7\n\
    Глеб;;120;5;0;нет;3\n\
    Дина;30,5;15;;;;\n";

fn analyze(options: &str) -> Report {
    let opts = Options::from_json(options).unwrap();
    analyze_with_clients(ORDERS.as_bytes(), Some(CLIENTS.as_bytes()), &opts).unwrap()
}

fn selected(r: &Report, rule: &str) -> Vec<String> {
    let sel = r.select(&RuleSource::Text(rule.to_string())).unwrap();
    sel.rows
        .iter()
        .map(|&i| r.ids().get(i as usize).to_string())
        .collect()
}

const POINTS: &str = r#"{"asOf": "2024-03-31", "points": {
    "parameters": [{"field": "Сотрудников", "ranges": [{"min": 100, "points": 10}, {"max": 99.99, "points": 2}], "default": -1}],
    "tiers": [{"name": "Small", "min": -5}, {"name": "Big", "min": 10}]
}}"#;

#[test]
fn numeric_columns_are_numbers_and_the_others_text() {
    let r = analyze(r#"{"asOf": "2024-03-31"}"#);
    let types: Vec<(&str, AttributeType)> = r
        .model()
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.ty))
        .collect();
    use AttributeType::{Number, Text};
    assert_eq!(
        types,
        [
            ("Возраст", Number),
            ("Сотрудников", Number),
            ("NPS", Number),
            ("Рекомендации", Number),
            ("Покупает у конкурентов", Text),
            ("Код", Text)
        ]
    );
    let model = serde_json::to_value(r.model()).unwrap();
    assert_eq!(model["attributes"][0]["type"], "number");
    assert!(model["attributes"][4].get("type").is_none());
}

#[test]
fn rules_compare_numeric_attributes_as_numbers() {
    let r = analyze(r#"{"asOf": "2024-03-31"}"#);
    // rule, clients selected
    let cases: &[(&str, &[&str])] = &[
        ("возраст >= 30", &["Анна", "Вера", "Дина"]),
        ("Возраст < 30", &["Борис"]),
        ("возраст >= 30 and возраст <= 31", &["Дина"]),
        ("сотрудников >= 100", &["Анна", "Глеб"]),
        ("company_size > 1000", &["Анна"]),
        ("nps in [9, 10]", &["Анна", "Вера"]),
        // An empty cell is no value: no comparison holds.
        ("not nps >= 0", &["Дина"]),
        // The text stays reachable.
        ("`column:Возраст` == \"30,5\"", &["Дина"]),
        ("код == \"A7\"", &["Вера"]),
    ];
    for (rule, want) in cases {
        assert_eq!(selected(&r, rule), *want, "{rule}");
    }
    // Text comparisons on a number are refused, as on any number field.
    assert!(r
        .select(&RuleSource::Text("возраст == \"34\"".into()))
        .is_err());
    assert!(segmenta::criteria::check_rule("nps >= 9", vec![]).is_err());
}

#[test]
fn points_ranges_read_numeric_attributes() {
    let r = analyze(POINTS);
    let points = |id: &str| {
        let v = serde_json::to_value(r.score_row(r.find(id).unwrap())).unwrap();
        v["points"].as_f64().unwrap()
    };
    assert_eq!(points("Анна"), 10.0);
    assert_eq!(points("Борис"), 2.0);
    assert_eq!(points("Вера"), -1.0, "an empty cell takes the default");
    assert_eq!(points("Глеб"), 10.0);
    // The explanation shows the number in the report's language.
    let e = serde_json::to_string(&r.explain("Анна").unwrap()).unwrap();
    assert!(
        e.contains("1 200") || e.contains("1\u{a0}200") || e.contains("1200"),
        "{e}"
    );
}

#[test]
fn the_scorer_takes_numbers_and_numeric_strings() {
    let r = analyze(POINTS);
    let json = serde_json::to_string(r.model()).unwrap();
    let scorer = Scorer::new(serde_json::from_str(&json).unwrap()).unwrap();
    let client = |employees: AttributeValue| ClientInput {
        recency_days: Some(3.0),
        frequency: Some(2),
        revenue: Some(1000.0),
        attributes: [("Сотрудников".to_string(), employees)]
            .into_iter()
            .collect(),
        ..ClientInput::default()
    };
    let points = |v: AttributeValue| {
        let s = scorer.score(&client(v)).unwrap();
        serde_json::to_value(s).unwrap()["points"].as_f64().unwrap()
    };
    assert_eq!(points(AttributeValue::Number(150.0)), 10.0);
    assert_eq!(points("1 200".into()), 10.0);
    assert_eq!(points("99,5".into()), 2.0);
    assert_eq!(points("".into()), -1.0);
    assert!(scorer.score(&client("много".into())).is_err());
    // From JSON, as the page sends it.
    let input: ClientInput = serde_json::from_str(
        r#"{"recencyDays": 3, "frequency": 2, "attributes": {"Сотрудников": 500, "Код": "A7"}}"#,
    )
    .unwrap();
    let s = serde_json::to_value(scorer.score(&input).unwrap()).unwrap();
    assert_eq!(s["points"], 10.0);
    // The batch and the scorer agree on every client.
    for i in 0..r.len() {
        let f = r.client_facts(i);
        let attributes = r
            .model()
            .attributes
            .iter()
            .zip(f.attributes.iter().zip(&f.attribute_numbers))
            .map(|(a, (t, n))| {
                let v = n.map_or_else(|| AttributeValue::from(*t), AttributeValue::Number);
                (a.name.clone(), v)
            })
            .collect();
        let c = r.columns();
        let input = ClientInput {
            last_order_date: Some(segmenta::calendar::iso(c.last[i])),
            first_order_date: Some(segmenta::calendar::iso(c.first[i])),
            frequency: Some(c.frequency[i]),
            revenue: Some(segmenta::money::to_f64(c.revenue[i])),
            cv: (!c.cv[i].is_nan()).then_some(c.cv[i]),
            purchase_days: Some(c.days[i]),
            gap_cv: (!c.gap_cv[i].is_nan()).then_some(c.gap_cv[i]),
            attributes,
            ..ClientInput::default()
        };
        assert_eq!(scorer.score(&input).unwrap(), r.score_row(i));
    }
}

#[test]
fn exports_write_numeric_attributes_in_the_export_format() {
    let r = analyze(r#"{"asOf": "2024-03-31"}"#);
    let csv = |opts: Value| {
        let o = CsvOptions::default().with(opts).unwrap();
        String::from_utf8(r.customers_csv(&o).unwrap()).unwrap()
    };
    let en = csv(serde_json::json!({"delimiter": ",", "decimal": "."}));
    let dina = en.lines().find(|l| l.starts_with("Дина")).unwrap();
    assert!(dina.ends_with(",30.5,15,,,,"), "{dina}");
    let ru = csv(serde_json::json!({"delimiter": ";", "decimal": ","}));
    let anna = ru.lines().find(|l| l.starts_with("Анна")).unwrap();
    assert!(anna.ends_with(";34;1200;10;2;нет;12"), "{anna}");
}

#[test]
fn the_loyalty_preset_ranks_every_client_once() {
    let plain = analyze(r#"{"asOf": "2024-03-31"}"#);
    let attributes: Vec<segmenta::criteria::AttributeRef> = plain
        .model()
        .attributes
        .iter()
        .map(|a| serde_json::from_value(serde_json::to_value(a).unwrap()).unwrap())
        .collect();
    let presets = segmenta::criteria::presets_with(None, attributes);
    assert_eq!(presets.field_types["Возраст"], "number");
    assert_eq!(presets.field_types["column:Возраст"], "text");
    assert_eq!(presets.field_types["Код"], "text");
    let loyalty = &presets.rule_segments["loyalty"];
    let names: Vec<(&str, Option<&str>)> = loyalty
        .iter()
        .map(|s| (s.name.as_str(), s.name_ru.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("Advocates", Some("Адвокаты бренда")),
            ("Waverers", Some("Колеблющиеся")),
            ("Committed", Some("Приверженные"))
        ]
    );
    let options = serde_json::json!({"asOf": "2024-03-31", "ruleSegments": loyalty});
    let r = analyze(&options.to_string());
    // Анна brought two friends, Вера answered 9 (though she also buys elsewhere), Глеб
    // answered 5 with orders, Борис answered 8 with two orders; Дина said nothing.
    let cases: &[(&str, &[&str])] = &[
        ("Advocates", &["Анна", "Вера"]),
        ("Waverers", &["Глеб"]),
        ("Committed", &["Борис"]),
    ];
    for (name, want) in cases {
        let rule = format!("rule_segments contains \"{name}\"");
        assert_eq!(selected(&r, &rule), *want, "{name}");
    }
    let summary = serde_json::to_value(r.summary()).unwrap();
    let counts: Vec<u64> = summary["ruleSegments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [2, 1, 1]);
    // Without the loyalty columns, no preset.
    let bare = segmenta::criteria::presets_with(None, vec![]);
    assert!(bare.rule_segments.is_empty());
}
