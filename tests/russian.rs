//! A Russian analysis speaks Russian: the summary, warnings, audit, explanations, scores and
//! errors of Russian analyses of CDNOW, of the demo shop and of messy exports hold no Latin
//! word but brand names, units and codes (the list of `tests/e2e/words.mjs`). Data stays as
//! written: client ids and names, values quoted «…» from the file or the rules, and option
//! names in `backticks` in the errors of options only a program sets.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::criteria::RuleSource;
use segmenta::{
    analyze, analyze_with_clients, ClientInput, CsvOptions, Error, Lang, Options, Report, Scorer,
};
use serde_json::Value;

mod common;

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

/// Words that are the same in a Russian interface: brands, acronyms, units, codes.
const ALLOWED: &[&str] = &[
    "segmenta",
    "excel",
    "amocrm",
    "crm",
    "rfm",
    "abc",
    "xyz",
    "csv",
    "xlsx",
    "json",
    "clv",
    "vip",
    "id",
    "cv",
    "ru",
    "en",
    "rub",
    "usd",
    "eur",
    "kzt",
    "byn",
    "unix",
    "b2b",
    "b2c",
    "ascii",
    "uint8array",
    "arraybuffer",
];

/// The Latin words of a Russian text, once e-mails, file names, encodings, format codes,
/// quoted data and code spans are set aside.
fn latin_words(s: &str) -> Vec<String> {
    let mut text = String::new();
    let (mut quoted, mut code) = (0usize, false);
    for c in s.chars() {
        match c {
            '«' => quoted += 1,
            '»' => quoted = quoted.saturating_sub(1),
            '`' => code = !code,
            _ if quoted > 0 || code => {}
            _ => text.push(c),
        }
    }
    let mut words = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || ",;:()[]!?\"'".contains(c)) {
        let t = token.trim_matches(|c: char| c == '.' || c == '—');
        let lower = t.to_lowercase();
        let data_like = t.contains('@')
            || [".csv", ".tsv", ".txt", ".xlsx", ".json"]
                .iter()
                .any(|x| lower.ends_with(x))
            || lower.starts_with("utf-")
            || lower.starts_with("windows-125")
            || ["koi8-r", "ibm866", "cp866", "e-mail"].contains(&lower.as_str())
            || ["DD.MM.YYYY", "YYYY-MM-DD", "MM/DD/YYYY", "YYYYMMDD"].contains(&t);
        if data_like {
            continue;
        }
        for w in t.split(|c: char| !c.is_ascii_alphabetic()) {
            let cell_code = w.len() == 2
                && matches!(w.as_bytes()[0], b'A'..=b'C')
                && matches!(w.as_bytes()[1], b'X'..=b'Z');
            if w.len() >= 2 && !cell_code && !ALLOWED.contains(&w.to_lowercase().as_str()) {
                words.push(w.to_string());
            }
        }
    }
    words
}

/// Keys whose values are codes or data, not texts for the reader.
const CODES: &[&str] = &[
    "key",
    "kind",
    "channel",
    "dimension",
    "source",
    "direction",
    "disposition",
    "criterion",
    "clientId",
    "cell",
    "asOf",
    "firstDate",
    "lastDate",
    "segmentKey",
    "rfm",
    "column",
    "encoding",
    "delimiter",
    "lineEnding",
    "dateFormat",
    "decimalSeparator",
    "role",
    "columnType",
    "thousandsSeparator",
    "type",
    "unreachable",
    "uncovered",
];

/// Keys of the score whose values are stable label keys.
const SCORE_KEYS: &[&str] = &[
    "lifecycle",
    "funnel",
    "pointsTier",
    "valueTier",
    "abc",
    "xyz",
    "abcXyz",
];

/// Every text of a JSON value (its strings outside [`CODES`] and outside the audit's example
/// values and the sniff's previews, which are the file's own).
fn texts(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Array(a) => a.iter().for_each(|x| texts(x, &format!("{path}[]"), out)),
        Value::Object(o) => {
            for (k, x) in o {
                let data = CODES.contains(&k.as_str())
                    || (path == "score" && SCORE_KEYS.contains(&k.as_str()))
                    || (path.ends_with("examples[]") && k == "value")
                    || ["preview", "rawPreview", "name", "examples"].contains(&k.as_str())
                        && path.ends_with("columns[]")
                    || ["preview", "rawPreview"].contains(&k.as_str());
                if !data {
                    texts(x, &format!("{path}.{k}"), out);
                }
            }
        }
        _ => {}
    }
}

/// The English texts among a report's: `(where, text, words)`.
fn english(r: &Report) -> Vec<(String, String, Vec<String>)> {
    let mut all = Vec::new();
    texts(
        &serde_json::to_value(r.summary()).unwrap(),
        "summary",
        &mut all,
    );
    texts(&serde_json::to_value(r.audit()).unwrap(), "audit", &mut all);
    texts(&serde_json::to_value(r.sniff()).unwrap(), "sniff", &mut all);
    let n = r.len();
    let scorer = Scorer::new(r.model().clone()).unwrap();
    let cols = r.columns();
    for i in (0..n).step_by((n / 400).max(1)) {
        let ex = serde_json::to_value(r.explain_row(i)).unwrap();
        texts(&ex, "explain", &mut all);
        if cols.frequency[i] > 0 {
            let input = ClientInput {
                id: Some(r.ids().get(i).to_string()),
                last_order_date: Some(segmenta::calendar::iso(cols.last[i])),
                first_order_date: Some(segmenta::calendar::iso(cols.first[i])),
                frequency: Some(cols.frequency[i]),
                revenue: Some(segmenta::money::to_f64(cols.revenue[i])),
                ..ClientInput::default()
            };
            let score = serde_json::to_value(scorer.score(&input).unwrap()).unwrap();
            texts(&score, "score", &mut all);
        }
    }
    all.sort();
    all.dedup();
    assert!(all.len() > 50, "{} texts read", all.len());
    all.into_iter()
        .filter_map(|(p, s)| {
            let w = latin_words(&s);
            (!w.is_empty()).then_some((p, s, w))
        })
        .collect()
}

fn ru(extra: &str) -> Options {
    let sep = if extra.is_empty() { "" } else { ", " };
    Options::from_json(&format!(r#"{{"lang": "ru"{sep}{extra}}}"#)).unwrap()
}

/// The 1C-style export of `golden.rs` with two exact duplicates.
fn messy() -> Vec<u8> {
    common::messy_1c(&[10, 11])
}

/// The same orders without a header, as a bare export.
fn headerless() -> Vec<u8> {
    let (orders, _) = segmenta::sample::demo(60, "2026-06-30", 5);
    let text = String::from_utf8(orders).unwrap();
    let body: Vec<&str> = text.lines().skip(1).collect();
    body.join("\n").into_bytes()
}

/// Options that use every criterion, named in Russian.
const EVERYTHING: &str = r#"
  "bins": 3, "segments": "ru3", "asOf": "2026-05-31",
  "ruleSegments": [
    {"name": "Slipping", "nameRu": "Ускользают", "rule": "давность > 60 и частота >= 2"},
    {"name": "Big", "nameRu": "Крупные", "rule": {"and": [{"cmp": {"field": "abcxyz", "op": "==", "value": "AZ"}}, {"cmp": {"field": "revenue", "op": ">", "value": 100}}]}}
  ],
  "points": {
    "parameters": [
      {"field": "frequency", "ranges": [{"min": 5, "points": 40}, {"min": 2, "points": 20}]},
      {"field": "lifecycle", "categories": [{"values": ["active", "new"], "points": 15}]}
    ],
    "tiers": [{"name": "average", "nameRu": "Обычный", "min": 0}, {"name": "good", "nameRu": "Хороший", "min": 30}]
  },
  "playbook": [
    {"key": "call", "when": "points_tier == \"good\" and segment in [\"Key clients\", \"At risk\"]", "channel": "call", "priority": 1, "offer": "Call", "offerRu": "Позвонить"},
    {"key": "slipping", "when": "rule_segments contains \"Slipping\" or not (lifecycle == \"sleeping\")", "channel": "email", "offer": "Nurture", "offerRu": "Прогреть"}
  ]"#;

fn assert_russian(name: &str, r: &Report) {
    let found = english(r);
    assert!(
        found.is_empty(),
        "{name}: English in the Russian analysis:\n{}",
        found
            .iter()
            .map(|(p, s, w)| format!("  {p}: {s:?} {w:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_itself() {
    assert!(
        latin_words("Файл: orders.csv · utf-8 · DD.MM.YYYY · ABC/XYZ · AZ · RFM 555").is_empty()
    );
    assert!(latin_words("ip@example.ru · e-mail: Позвонить · USD · статус «contacted»").is_empty());
    assert_eq!(latin_words(r#"duplicates: "keep""#), ["duplicates", "keep"]);
    assert_eq!(latin_words("column 1"), ["column"]);
    assert!(latin_words("настройка `bins`: 12").is_empty());
}

#[test]
fn cdnow_in_russian() {
    let r = analyze(CDNOW, &ru("")).unwrap();
    assert_russian("cdnow", &r);
    let r = analyze(
        CDNOW,
        &ru(EVERYTHING.replace("2026-05-31", "1998-06-30").as_str()),
    )
    .unwrap();
    assert_russian("cdnow, every criterion", &r);
}

#[test]
fn the_demo_shop_and_messy_exports_in_russian() {
    let (orders, clients) = segmenta::sample::demo(1500, "2026-10-31", 2026);
    let r = analyze_with_clients(&orders, Some(&clients), &ru("")).unwrap();
    assert_russian("demo", &r);
    let r = analyze_with_clients(&orders, Some(&clients), &ru(EVERYTHING)).unwrap();
    assert_russian("demo, every criterion", &r);
    let r = analyze(
        &messy(),
        &ru(r#""today": "2026-07-01", "asOf": "2026-06-15""#),
    )
    .unwrap();
    assert_russian("messy", &r);
    let kinds: Vec<_> = r.summary().warnings.iter().map(|w| w.kind).collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
    let r = analyze(&headerless(), &ru("")).unwrap();
    assert_russian("headerless", &r);
    let sn = r.sniff();
    assert!(
        sn.columns.iter().all(|c| c.name.starts_with("столбец ")),
        "{:?}",
        sn.columns
    );
    // 3 levels of the 11 segments: rules that can no longer match, by their Russian names.
    let r = analyze_with_clients(&orders, Some(&clients), &ru(r#""bins": 3"#)).unwrap();
    assert_russian("demo, 3 levels", &r);
    let merged = r#""mergeBy": ["email", "phone"], "bins": 4"#;
    let r = analyze_with_clients(&orders, Some(&clients), &ru(merged)).unwrap();
    assert_russian("demo, merged by contacts", &r);
}

#[test]
fn a_relabel_into_the_other_language_rewrites_what_reading_wrote() {
    let en = analyze(&headerless(), &Options::default()).unwrap();
    assert_eq!(en.sniff().columns[0].name, "column 1");
    let r = en.relabel(&ru("")).unwrap();
    assert_eq!(r.sniff().columns[0].name, "столбец 1");
    assert!(r
        .sniff()
        .warnings
        .iter()
        .any(|w| w.starts_with("строки заголовка нет")));
    assert_russian("headerless, relabelled", &r);
    let m = analyze(&messy(), &ru(r#""today": "2026-07-01""#)).unwrap();
    let back = m
        .relabel(&Options::from_json(r#"{"today": "2026-07-01"}"#).unwrap())
        .unwrap();
    let details: Vec<String> = back
        .audit()
        .issues
        .iter()
        .flat_map(|g| g.examples.iter().filter_map(|e| e.detail.clone()))
        .collect();
    assert!(
        details.iter().any(|d| d == "6 fields, header has 5"),
        "{details:?}"
    );
    assert!(back
        .sniff()
        .warnings
        .iter()
        .any(|w| w.contains("above the header")));
}

#[test]
fn warnings_count_as_russian_counts() {
    let small =
        "Клиент;Дата;Сумма\nа;01.03.2024;10\nб;02.03.2024;20\nб;02.03.2024;20\nв;31.02.2024;5\n";
    let r = analyze(small.as_bytes(), &ru("")).unwrap();
    let summary = r.summary();
    let messages: Vec<&str> = summary
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    let want = [
        "Отклонено строк: 1; причины и номера строк — в аудите.",
        "Клиентов с заказами всего 2: квантильные оценки на 5 уровней ненадёжны, если клиентов меньше 100.",
        "Заказы охватывают всего 2 дня: для давности и XYZ нужна история в несколько месяцев.",
    ];
    for w in want {
        assert!(messages.contains(&w), "{w:?} not in {messages:#?}");
    }
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Удалено точных повторов строк: 1")),
        "{messages:#?}"
    );
}

#[test]
fn a_next_action_says_its_rule_in_words() {
    let (orders, clients) = segmenta::sample::demo(1500, "2026-10-31", 2026);
    let r = analyze_with_clients(&orders, Some(&clients), &ru("")).unwrap();
    let reasons: Vec<String> = (0..r.len())
        .flat_map(|i| r.explain_row(i).labels)
        .filter(|l| l.criterion == "nextAction")
        .map(|l| l.reason)
        .collect();
    for want in [
        "сегмент — один из: «Нельзя потерять», «В зоне риска» (приоритет 1)",
        "этап — «Спящий» (приоритет 3)",
        "((сегмент — один из: «Чемпионы», «Ключевые клиенты») или ABC/XYZ — «AX») и (этап — один из: «Новый клиент», «Активный») (приоритет 2)",
    ] {
        assert!(
            reasons.iter().any(|r| r == want),
            "{want:?} not among the reasons"
        );
    }
    let summary = r.summary();
    let actions = &summary.labels.playbook.actions;
    assert!(actions.iter().any(|a| a.channel_name == "e-mail"));
}

#[test]
fn russian_exports_have_russian_headers() {
    let r = analyze(CDNOW, &ru("")).unwrap();
    let opts = CsvOptions::excel(Lang::Ru);
    let first = |csv: Vec<u8>| {
        let text = String::from_utf8(csv).unwrap();
        text.trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    let customers = first(r.customers_csv(&opts).unwrap());
    assert!(
        customers.starts_with("ID клиента;Давность, дн.;Заказов;Сумма (M);R;F;M;RFM;Сегмент;"),
        "{customers}"
    );
    assert!(
        customers.contains(";Действие;Канал;Следующее действие"),
        "{customers}"
    );
    let contacts = first(
        r.contacts_csv(&RuleSource::Text("frequency > 1".into()), &opts)
            .unwrap(),
    );
    assert_eq!(contacts, "ID клиента;Имя;E-mail;Телефон;Сегмент;Этап;Давность, дн.;Заказов;Сумма (M);Действие;Канал;Следующее действие;Текст сообщения");
    let rejected = first(r.rejected_csv(&opts).unwrap());
    assert!(
        rejected.starts_with("Строка;Код причины;Причина;"),
        "{rejected}"
    );
    for header in [&customers, &contacts] {
        assert_eq!(latin_words(header), Vec::<String>::new(), "{header}");
    }
    // Programs reading columns by name ask for the keys.
    let keys = CsvOptions {
        header_keys: true,
        ..opts
    };
    let customers = first(r.customers_csv(&keys).unwrap());
    assert!(
        customers.starts_with("customer_id;recency_days;frequency;"),
        "{customers}"
    );
}

/// Errors a Russian user can meet, each with its Russian message and no English in it.
#[test]
fn errors_in_russian() {
    let bad_rule = r#""ruleSegments": [{"name": "x", "nameRu": "Икс", "rule": "давность >"}]"#;
    let bad_play = r#""playbook": [{"key": "p", "when": "сегмент == ", "channel": "call", "offer": "o", "offerRu": "о"}]"#;
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        ("empty", Vec::new(), String::new()),
        ("blank", b" \n\n".to_vec(), String::new()),
        ("header only", "Клиент;Дата;Сумма\n".into(), String::new()),
        ("no columns", "Имя;Когда;Что\nа;б;в\n".into(), String::new()),
        (
            "no amount",
            "Клиент;Дата\nа;01.02.2024\nб;02.02.2024\n".into(),
            String::new(),
        ),
        (
            "unknown dates",
            "Клиент;Дата;Сумма\nа;скоро;5\nб;потом;6\n".into(),
            String::new(),
        ),
        (
            "bad row",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\nб;01.02.2024;пять\n".into(),
            r#""onBadRow": "fail""#.into(),
        ),
        (
            "bad rule",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\n".into(),
            bad_rule.into(),
        ),
        (
            "bad play",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\n".into(),
            bad_play.into(),
        ),
        (
            "levels",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\n".into(),
            r#""bins": 12"#.into(),
        ),
        (
            "lifecycle",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\n".into(),
            r#""lifecycle": {"sleepDays": 90, "churnDays": 30}"#.into(),
        ),
        (
            "mapping",
            "Клиент;Дата;Сумма\nа;01.02.2024;5\n".into(),
            r#""columns": {"client": "Покупатель"}"#.into(),
        ),
    ];
    for (name, data, extra) in cases {
        let e: Error = match Options::from_json(&format!(
            r#"{{"lang": "ru"{}{extra}}}"#,
            if extra.is_empty() { "" } else { ", " }
        )) {
            Ok(o) => analyze(&data, &o)
                .err()
                .unwrap_or_else(|| panic!("{name}: no error")),
            Err(e) => e,
        };
        let text = e.text(Lang::Ru);
        assert!(e.has_russian(), "{name}: no Russian message: {e}");
        assert_eq!(latin_words(&text), Vec::<String>::new(), "{name}: {text}");
        assert_ne!(text, e.to_string(), "{name}");
    }
    let e = Options::from_json(r#"{"lang": "ru", "binz": 3}"#).unwrap_err();
    assert!(e
        .message_in(Lang::Ru)
        .starts_with("настройки: неизвестная настройка `binz`"));
}
