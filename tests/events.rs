//! The events table end to end: the three scenarios of `tests/data/dynamic/` from files
//! (orders + clients + events) to firings, actions, tasks and contacts; the behaviour
//! fields, presets and explanations; the scorer counting one client's events as the
//! report does; and the events audit reconciling every row, on messy tables too.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmenta::dynamic::{automate, AutomationSpec, Journal};
use segmenta::{analyze_with_clients, analyze_with_events, ClientInput, Options, Report};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dynamic");

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

fn opts(json: &str) -> Options {
    Options::from_json(json).unwrap()
}

fn scenario(as_of: &str, more: &str) -> Report {
    let o = opts(&format!(r#"{{"asOf":"{as_of}","lang":"ru"{more}}}"#));
    analyze_with_events(
        &file("orders.csv"),
        Some(&file("clients.csv")),
        &file("events.csv"),
        &o,
    )
    .unwrap()
}

fn spec() -> AutomationSpec {
    AutomationSpec::from_json(std::str::from_utf8(&file("spec.json")).unwrap()).unwrap()
}

#[test]
fn the_three_scenarios_run_from_files_to_firings_tasks_and_contacts() {
    let before = scenario("2024-03-24", "");
    let now = scenario("2024-03-31", "");
    let run = automate(Some(&before), &now, &spec(), &Journal::default()).unwrap();
    let mut fired: Vec<(&str, &str, &str)> = run
        .firings
        .iter()
        .map(|f| (f.trigger.as_str(), f.client.as_str(), f.day.as_str()))
        .collect();
    fired.sort();
    assert_eq!(
        fired,
        [
            ("cart", "Глеб Орлов", "2024-03-28"),
            ("clicked", "Борис Котов", "2024-03-28"),
            ("sleeping", "Анна Смирнова", "2024-03-26"),
            ("sleeping", "Борис Котов", "2024-03-31"),
            ("sleeping", "Глеб Орлов", "2024-03-29"),
            ("vip", "ООО «Ромашка»", "2024-03-27"),
        ]
    );
    // Every firing says why, in the report's language.
    for f in &run.firings {
        assert!(!f.reason.trim().is_empty(), "{f:?}");
    }
    let by = |key: &str, client: &str| {
        run.firings
            .iter()
            .find(|f| f.trigger == key && f.client == client)
            .unwrap()
    };
    // «Кликнул, но не купил → система ставит задачу менеджеру».
    let click = by("clicked", "Борис Котов");
    assert!(
        click.reason.contains("кликнул 2024-03-25")
            && click.reason.contains("Весенняя распродажа")
            && click.reason.contains("за 3 дн."),
        "{}",
        click.reason
    );
    let task = &run.tasks[click.task.unwrap() as usize];
    assert_eq!(task.title, "Позвонить Борис Котов: кликнул, но не купил");
    assert_eq!(
        (task.assignee.as_str(), task.due.as_str()),
        ("Петров", "2024-04-01")
    );
    // «Совершил покупку на крупную сумму → VIP → менеджер отправляет подарок».
    let vip = by("vip", "ООО «Ромашка»");
    assert_eq!(vip.status.as_deref(), Some("VIP"));
    let digits: String = vip.reason.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(digits.contains("120000,00"), "{}", vip.reason);
    let task = &run.tasks[vip.task.unwrap() as usize];
    assert_eq!(task.assignee, "Ключевой менеджер");
    assert_eq!(task.title, "Отправить подарок: ООО «Ромашка»");
    // «Не покупал 30 дней → Спящий → Реактивация».
    let anna = by("sleeping", "Анна Смирнова");
    assert_eq!(anna.status.as_deref(), Some("Спящий"));
    assert_eq!(
        anna.action.as_ref().unwrap().play.as_deref(),
        Some("reactivation")
    );
    assert_eq!(run.tasks[anna.task.unwrap() as usize].assignee, "Иванова");
    // Vera clicked and bought the next day; Dina's view is still within its wait.
    assert!(run.firings.iter().all(|f| f.client != "Вера Лебедева"));
    assert!(run.firings.iter().all(|f| f.client != "Дина Павлова"));
    assert_eq!(run.tasks.len(), 5);
    // One contact per client a run, whatever fired for it.
    let mut contacted: Vec<&str> = run.contacts.iter().map(|c| c.client.as_str()).collect();
    contacted.sort();
    let before_dedup = contacted.len();
    contacted.dedup();
    assert_eq!(contacted.len(), before_dedup);
    // The journal keeps them: the same week again fires nothing.
    let again = automate(Some(&before), &now, &spec(), &run.journal).unwrap();
    assert!(again.firings.is_empty(), "{:?}", again.firings);
}

#[test]
fn the_events_audit_accounts_for_every_row() {
    let r = scenario("2024-03-31", "");
    let a = r.events_audit().unwrap();
    assert_eq!((a.rows, a.accepted, a.rejected), (9, 8, 1));
    assert_eq!(a.rejected_rows[0].line, 10);
    assert_eq!(a.rejected_rows[0].text, "нет типа события");
    assert_eq!((a.matched, a.unknown_client), (7, 1));
    assert_eq!(a.unknown_client_examples, ["Незнакомый Посетитель"]);
    assert_eq!(a.clients, 4, "Boris by his e-mail, Vera, Gleb, Dina");
    let kinds: Vec<(&str, u64)> = a.kinds.iter().map(|k| (k.kind.as_str(), k.count)).collect();
    assert_eq!(kinds, [("view", 4), ("cart", 1), ("click", 2), ("open", 1)]);
}

#[test]
fn behaviour_fields_presets_and_explanations() {
    let segments = serde_json::to_string(&segmenta::criteria::behaviour_segments()).unwrap();
    let r = scenario(
        "2024-03-31",
        &format!(r#","playbook":"behaviour","ruleSegments":{segments}"#),
    );
    let row = |id: &str| r.find(id).unwrap();
    let gleb = r.client_facts(row("Глеб Орлов")).events.unwrap();
    assert_eq!((gleb.carts_without_order, gleb.views_without_order), (1, 1));
    assert_eq!(gleb.viewed_categories, ["Кремы"]);
    let score = r.score_row(row("Глеб Орлов"));
    assert_eq!(
        score.labels.rule_segments.rule_segments,
        ["Брошенная корзина"]
    );
    assert_eq!(score.labels.playbook.action.unwrap().key, "abandonedCart");
    let boris = r.score_row(row("Борис Котов"));
    assert!(boris
        .labels
        .rule_segments
        .rule_segments
        .contains(&"Кликнул, но не купил".to_string()));
    // Vera bought after her click: no behaviour segment, the default plays decide.
    let vera = r.score_row(row("Вера Лебедева"));
    assert!(vera.labels.rule_segments.rule_segments.is_empty());
    // The explanation shows the events.
    let e = r.explain("Глеб Орлов").unwrap();
    let ev = e.events.unwrap();
    assert!(
        ev.text.contains("корзин 1") && ev.text.contains("Кремы"),
        "{}",
        ev.text
    );
    // A rule reads them, and the summary counts them.
    let sel = r
        .select(&segmenta::criteria::RuleSource::Text(
            r#"viewed_categories contains "кремы" and carts_without_order > 0"#.into(),
        ))
        .unwrap();
    assert_eq!(sel.rows.len(), 1);
    let b = r.summary().behaviour.unwrap();
    assert_eq!((b.abandoned_carts, b.clicked_without_order), (1, 1));
    assert_eq!(b.viewed_without_order, 3, "Boris, Gleb and Dina");
    // The scored table has the behaviour columns: a list to import into a mailing tool.
    let excel = segmenta::CsvOptions::excel(segmenta::Lang::Ru);
    let csv = String::from_utf8(r.customers_csv(&excel).unwrap()).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let col = header
        .iter()
        .position(|h| *h == "Брошенные корзины")
        .unwrap();
    let gleb_line = lines.find(|l| l.starts_with("Глеб Орлов")).unwrap();
    assert_eq!(gleb_line.split(';').nth(col), Some("1"), "{gleb_line}");
    // Points read the behaviour fields like any other.
    let card = r#","points":{"parameters":[{"field":"carts_without_order","ranges":[{"min":1,"max":100,"points":30}]}],"tiers":[{"name":"all","min":0}]}"#;
    let p = scenario("2024-03-31", card);
    assert_eq!(
        p.score_row(p.find("Глеб Орлов").unwrap())
            .labels
            .points
            .points,
        30.0
    );
    assert_eq!(
        p.score_row(p.find("Вера Лебедева").unwrap())
            .labels
            .points
            .points,
        0.0
    );
    // Without an events table the fields have no value and rules on them hold for nobody.
    let plain = analyze_with_clients(
        &file("orders.csv"),
        Some(&file("clients.csv")),
        &opts(r#"{"asOf":"2024-03-31"}"#),
    )
    .unwrap();
    assert!(plain.summary().behaviour.is_none());
    let none = plain
        .select(&segmenta::criteria::RuleSource::Text("views >= 0".into()))
        .unwrap();
    assert!(none.rows.is_empty());
}

#[test]
fn the_scorer_counts_one_clients_events_as_the_report_does() {
    let segments = serde_json::to_string(&segmenta::criteria::behaviour_segments()).unwrap();
    let r = scenario(
        "2024-03-31",
        &format!(r#","playbook":"behaviour","ruleSegments":{segments}"#),
    );
    let scorer = segmenta::Scorer::new(r.model().clone()).unwrap();
    let input: ClientInput = serde_json::from_str(
        r#"{
            "id": "Глеб Орлов", "firstOrderDate": "2024-02-28", "lastOrderDate": "2024-02-28",
            "frequency": 1, "revenue": 4200, "largestOrder": 4200,
            "events": [
                { "date": "2024-03-27 21:40", "event": "просмотр", "category": "Кремы" },
                { "date": "2024-03-27", "event": "добавление в корзину", "category": "Кремы" }
            ]
        }"#,
    )
    .unwrap();
    let at_edge = scorer.score(&input).unwrap();
    let in_report = r.score_row(r.find("Глеб Орлов").unwrap());
    assert_eq!(
        at_edge.labels.rule_segments, in_report.labels.rule_segments,
        "rule segments"
    );
    assert_eq!(
        at_edge.labels.playbook.action.as_ref().map(|a| &a.key),
        in_report.labels.playbook.action.as_ref().map(|a| &a.key)
    );
    // Bought after the cart: no abandoned cart.
    let mut bought = input.clone();
    bought.last_order_date = Some("2024-03-28".into());
    bought.frequency = Some(2);
    let s = scorer.score(&bought).unwrap();
    assert!(s.labels.rule_segments.rule_segments.is_empty(), "{s:?}");
    // A bad event date is a clear error naming it.
    let mut bad = input.clone();
    bad.events.as_mut().unwrap()[0].date = "вчера".into();
    let e = scorer.score(&bad).unwrap_err();
    assert!(e.to_string().contains("events[0].date"), "{e}");
}

#[test]
fn triggers_on_events_need_the_events_table() {
    let plain = analyze_with_clients(
        &file("orders.csv"),
        Some(&file("clients.csv")),
        &opts(r#"{"asOf":"2024-03-31"}"#),
    )
    .unwrap();
    let e = automate(None, &plain, &spec(), &Journal::default()).unwrap_err();
    assert!(e.to_string().contains("events"), "{e}");
}

#[test]
fn a_category_narrows_a_view_trigger() {
    let now = scenario("2024-04-05", "");
    let before = scenario("2024-03-31", "");
    let spec = |category: &str| {
        AutomationSpec::from_json(&format!(
            r#"{{"triggers":[{{"key":"viewed","when":{{"viewedNoOrder":{{"days":2{category}}}}}}}]}}"#
        ))
        .unwrap()
    };
    let who = |s: AutomationSpec| -> Vec<String> {
        let run = automate(Some(&before), &now, &s, &Journal::default()).unwrap();
        run.firings.into_iter().map(|f| f.client).collect()
    };
    // Dina viewed «Маски» on 03-30 and has not bought since: due 04-01.
    assert_eq!(who(spec("")), ["Дина Павлова"]);
    assert_eq!(who(spec(r#","category":"маски""#)), ["Дина Павлова"]);
    assert!(who(spec(r#","category":"Кремы""#)).is_empty());
}

/// A messy events row: a client or not, a date or not, a type or not.
fn row() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(""), Just("A"), Just("B"), Just("Z"), Just("a@x.ru")],
        prop_oneof![
            Just("2024-03-01"),
            Just("2024-03-05 10:30"),
            Just(""),
            Just("вчера"),
            Just("2024-02-30")
        ],
        prop_oneof![
            Just("view"),
            Just("корзина"),
            Just(""),
            Just("webinar"),
            Just("клик")
        ],
        prop_oneof![Just(""), Just("Кремы"), Just("\"a;b\"")],
    )
        .prop_map(|(c, t, e, cat)| format!("{c};{t};{e};{cat}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_event_row_is_accepted_or_rejected(rows in prop::collection::vec(row(), 1..40)) {
        let orders = "client;email;date;amount\nA;a@x.ru;2024-03-02;100\nB;;2024-03-03;50\n";
        let r = segmenta::analyze(orders.as_bytes(), &opts(r#"{"asOf":"2024-03-31"}"#)).unwrap();
        let mut csv = String::from("client;time;event;category\n2024-03-01;2024-03-01;view;x\n");
        for x in &rows {
            csv.push_str(x);
            csv.push('\n');
        }
        let Ok(r) = r.with_events(csv.as_bytes()) else {
            return Ok(());
        };
        let a = r.events_audit().unwrap();
        let nonblank = 1 + rows.iter().filter(|x| x.trim_matches(';').trim() != "").count() as u64;
        prop_assert_eq!(a.rows, nonblank);
        prop_assert_eq!(a.rows, a.accepted + a.rejected);
        prop_assert_eq!(a.accepted, a.matched + a.unknown_client);
        let kinds: u64 = a.kinds.iter().map(|k| k.count).sum();
        prop_assert_eq!(kinds, a.accepted);
        let per_client: u64 = (0..r.len()).map(|i| r.client_events(i).count() as u64).sum();
        prop_assert_eq!(per_client, a.matched);
    }
}

#[test]
fn the_command_line_reads_the_events_table() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_segmenta"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let p = |name: &str| format!("{DIR}/{name}");
    let (orders, clients, events) = (p("orders.csv"), p("clients.csv"), p("events.csv"));
    let summary = run(&[
        "summary",
        &orders,
        "--clients",
        &clients,
        "--events",
        &events,
        "--lang",
        "ru",
        "--options",
        r#"{"asOf":"2024-03-31"}"#,
    ]);
    assert!(
        summary.contains("события: строк 9, принято 8, отклонено 1")
            && summary.contains("брошенные корзины 1")
            && summary.contains("строка 10: нет типа события"),
        "{summary}"
    );
    let tasks = std::env::temp_dir().join(format!("segmenta-events-{}.csv", std::process::id()));
    let automation = run(&[
        "automate",
        &orders,
        "--clients",
        &clients,
        "--events",
        &events,
        "--spec",
        &p("spec.json"),
        "--as-of",
        "2024-03-31",
        "--before-days",
        "7",
        "--lang",
        "ru",
        "--tasks",
        tasks.to_str().unwrap(),
    ]);
    assert!(
        automation.contains("[clicked] Борис Котов 28.03.2024: кликнул 2024-03-25"),
        "{automation}"
    );
    let csv = std::fs::read_to_string(&tasks).unwrap();
    let _ = std::fs::remove_file(&tasks);
    assert_eq!(csv.lines().count(), 6, "{csv}");
}
