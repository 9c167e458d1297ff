//! Dynamic segmentation end to end: triggers between two reports, the journal's re-entry and
//! cooldown, tasks and their assignees, the communication plan's frequency cap (a property
//! test over successive runs) and pilot campaigns.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmenta::dynamic::{automate, AutomationSpec, Journal, Pilot, PilotSpec};
use segmenta::{analyze, analyze_with_clients, Options, Report};

fn opts(as_of: &str) -> Options {
    Options::from_json(&format!(r#"{{"asOf":"{as_of}","lang":"ru"}}"#)).unwrap()
}

const ORDERS: &str = "client,date,amount\n\
    A,2024-01-05,1200\n\
    A,2024-01-20,800\n\
    B,2024-01-10,500\n\
    B,2024-02-10,700\n\
    C,2024-02-01,300\n\
    D,2024-01-02,90000\n\
    A,2024-03-01,400\n";

const CLIENTS: &str = "client;region;email;phone\n\
    A;Москва;a@example.com;+7 900 000-00-01\n\
    B;Новосибирск;b@example.com;\n\
    C;Екатеринбург;;+7 900 000-00-03\n\
    D;Москва;d@example.com;+7 900 000-00-04\n";

fn report(as_of: &str) -> Report {
    analyze_with_clients(ORDERS.as_bytes(), Some(CLIENTS.as_bytes()), &opts(as_of)).unwrap()
}

fn sleeping(extra: &str) -> AutomationSpec {
    AutomationSpec::from_json(&format!(
        r#"{{
        "triggers": [{{
            "key": "sleeping", "name": "Sleeping", "nameRu": "Спящий",
            "when": {{ "noOrderDays": 30 }},
            "then": {{ "status": "Sleeping", "statusRu": "Спящий", "play": "reactivation",
                      "task": {{ "title": "Reactivate {{client}}", "titleRu": "Вернуть {{client}}", "dueDays": 2 }} }}
            {extra}
        }}],
        "tasks": {{
            "assignees": [{{ "when": "region = \"Москва\"", "assignee": "Иванова" }}],
            "defaultAssignee": "Петров"
        }},
        "plan": {{ "playbook": false, "defaultZone": "UTC+3" }}
    }}"#
    ))
    .unwrap()
}

#[test]
fn no_order_for_30_days_makes_a_client_sleeping_once() {
    let before = report("2024-02-15");
    let now = report("2024-02-25");
    let run = automate(Some(&before), &now, &sleeping(""), &Journal::default()).unwrap();
    // A's last order was 2024-01-20: 30 days on 2024-02-19, inside (02-15, 02-25].
    let fired: Vec<(&str, &str)> = run
        .firings
        .iter()
        .map(|f| (f.client.as_str(), f.day.as_str()))
        .collect();
    assert_eq!(fired, vec![("A", "2024-02-19")]);
    let f = &run.firings[0];
    assert_eq!(f.status.as_deref(), Some("Спящий"));
    assert!(
        f.reason.contains("2024-01-20") && f.reason.contains("30"),
        "{}",
        f.reason
    );
    assert_eq!(
        f.action.as_ref().unwrap().play.as_deref(),
        Some("reactivation")
    );
    // The task: assignee by the region rule, due two days after the run.
    let t = &run.tasks[f.task.unwrap() as usize];
    assert_eq!(
        (t.assignee.as_str(), t.assigned_by.as_str()),
        ("Иванова", "rule 1")
    );
    assert_eq!(t.due, "2024-02-27");
    assert_eq!(t.title, "Вернуть A");
    // The contact: A's e-mail, 10:00 Moscow time is 07:00 UTC.
    assert_eq!(run.contacts.len(), 1);
    let c = &run.contacts[0];
    assert_eq!(
        (c.date.as_str(), c.utc.as_str()),
        ("2024-02-25", "2024-02-25T07:00:00Z")
    );
    assert_eq!(c.zone, "UTC+03:00");
    assert_eq!(c.zone_source, "region");
    // The same run again with the journal it returned fires nothing.
    let again = automate(Some(&before), &now, &sleeping(""), &run.journal).unwrap();
    assert!(again.firings.is_empty() && again.tasks.is_empty());
    // CSV exports open in Excel: a BOM, Russian headers.
    let csv = String::from_utf8(run.tasks_csv(&Default::default()).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}Задача,ID клиента"), "{csv}");
    assert!(csv.contains("Иванова"));
}

#[test]
fn re_entry_and_cooldown_are_explicit() {
    // A orders again on 2024-03-01 and lapses again: 30 days on 2024-03-31.
    let r1 = report("2024-02-15");
    let r2 = report("2024-02-25");
    let r3 = report("2024-04-05");
    let first = automate(Some(&r1), &r2, &sleeping(""), &Journal::default()).unwrap();
    assert_eq!(first.firings.len(), 1);
    // Re-entry on, no cooldown: A fires again; B (last order 02-10) now too.
    let second = automate(Some(&r2), &r3, &sleeping(""), &first.journal).unwrap();
    let who: Vec<&str> = second.firings.iter().map(|f| f.client.as_str()).collect();
    assert_eq!(who, vec!["A", "B", "C"]);
    assert_eq!(second.journal.fired["sleeping"]["A"].count, 2);
    // Re-entry off: A is held back, with the reason.
    let once = sleeping(r#", "reentry": false"#);
    let first = automate(Some(&r1), &r2, &once, &Journal::default()).unwrap();
    let second = automate(Some(&r2), &r3, &once, &first.journal).unwrap();
    assert!(second.firings.iter().all(|f| f.client != "A"));
    let held = second.suppressed.iter().find(|s| s.client == "A").unwrap();
    assert!(
        held.reason.contains("повторный вход выключен"),
        "{}",
        held.reason
    );
    // A cooldown of 60 days from 2024-02-19: not again before 2024-04-19.
    let cool = sleeping(r#", "cooldownDays": 60"#);
    let first = automate(Some(&r1), &r2, &cool, &Journal::default()).unwrap();
    let second = automate(Some(&r2), &r3, &cool, &first.journal).unwrap();
    let held = second.suppressed.iter().find(|s| s.client == "A").unwrap();
    assert!(held.reason.contains("2024-04-19"), "{}", held.reason);
}

#[test]
fn entering_a_label_and_a_rule_fire_with_the_move_explained() {
    let before = report("2024-02-15");
    let now = report("2024-04-05");
    let spec = AutomationSpec::from_json(
        r#"{ "triggers": [
            { "key": "toSleeping", "when": { "entered": { "criterion": "lifecycle", "label": "sleeping" } } },
            { "key": "big", "when": { "becomes": "revenue >= 2300" } }
        ], "plan": { "playbook": false } }"#,
    )
    .unwrap();
    let run = automate(Some(&before), &now, &spec, &Journal::default()).unwrap();
    for f in &run.firings {
        assert!(!f.reason.is_empty(), "{f:?}");
    }
    let big: Vec<&str> = run
        .firings
        .iter()
        .filter(|f| f.trigger == "big")
        .map(|f| f.client.as_str())
        .collect();
    // A reaches 2,400 with its March order; D had 90,000 before already.
    assert_eq!(big, vec!["A"]);
    // A label that does not exist is an error naming the labels.
    let bad = AutomationSpec::from_json(
        r#"{ "triggers": [{ "key": "x", "when": { "entered": { "criterion": "lifecycle", "label": "asleep" } } }] }"#,
    )
    .unwrap();
    let e = automate(Some(&before), &now, &bad, &Journal::default()).unwrap_err();
    assert!(e.message().contains("sleeping"), "{}", e.message());
}

/// Orders of `n` clients on random days, and a clients table with last contact dates.
fn random_orders(n: usize, seed: u64) -> (String, String) {
    let mut s = seed | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut orders = String::from("client,date,amount\n");
    let mut clients = String::from("client,email,phone,last_contact,timezone\n");
    for c in 0..n {
        for _ in 0..(1 + next() % 4) {
            let day = 1 + next() % 120;
            let date = chrono_like(day as i64);
            orders.push_str(&format!("c{c},{date},{}\n", 100 + next() % 5000));
        }
        let contact = chrono_like((next() % 150) as i64);
        let zone = ["UTC+3", "UTC+7", "Asia/Vladivostok", "", "UTC-5"][(next() % 5) as usize];
        clients.push_str(&format!(
            "c{c},c{c}@example.com,+7900{c:07},{contact},{zone}\n"
        ));
    }
    (orders, clients)
}

/// `YYYY-MM-DD` of day `d` after 2024-01-01.
fn chrono_like(d: i64) -> String {
    segmenta::calendar::iso(segmenta::calendar::day_from_ymd(2024, 1, 1).unwrap() + d as i32)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// However runs follow each other, no client is contacted more than `contacts` times in
    /// any `days` consecutive days (its last contact in the clients table included).
    #[test]
    fn the_frequency_cap_is_never_exceeded(
        seed in 1u64..u64::MAX,
        contacts in 1u32..3,
        days in 1u32..15,
        steps in proptest::collection::vec(1i64..12, 1..6),
    ) {
        let (orders, clients) = random_orders(30, seed);
        let spec = AutomationSpec::from_json(&format!(r#"{{
            "triggers": [
                {{ "key": "sleeping", "when": {{ "noOrderDays": 20 }}, "then": {{ "action": "Come back", "channel": "call" }} }},
                {{ "key": "active", "when": {{ "becomes": "frequency >= 2" }}, "then": {{ "action": "Thanks", "priority": 1 }} }}
            ],
            "plan": {{ "cap": {{ "contacts": {contacts}, "days": {days} }},
                      "segments": [{{ "when": "frequency >= 3", "channels": ["messenger", "email"] }}] }}
        }}"#)).unwrap();
        let mut journal = Journal::default();
        let mut before: Option<Report> = None;
        let mut day = 60i64;
        let mut made: std::collections::BTreeMap<String, Vec<i32>> = Default::default();
        let table_contact: std::collections::BTreeMap<String, i32> = clients
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0].to_string(), segmenta::calendar::parse_iso(f[3]).unwrap())
            })
            .collect();
        for step in steps {
            day += step;
            let now = analyze_with_clients(orders.as_bytes(), Some(clients.as_bytes()), &opts(&chrono_like(day))).unwrap();
            let run = automate(before.as_ref(), &now, &spec, &journal).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            for c in &run.contacts {
                prop_assert!(seen.insert(c.client.clone()), "two contacts of {} in one run", c.client);
                made.entry(c.client.clone()).or_default().push(segmenta::calendar::parse_iso(&c.date).unwrap());
            }
            journal = run.journal;
            before = Some(now);
        }
        prop_assert!(!made.is_empty(), "no contact was planned");
        for (client, days_made) in &made {
            let mut all = days_made.clone();
            all.push(table_contact[client]);
            all.sort_unstable();
            for (i, &d) in all.iter().enumerate() {
                let within = all[i..].iter().take_while(|&&e| e < d + days as i32).count();
                prop_assert!(within <= contacts as usize, "{client}: {all:?} exceeds {contacts} in {days} days");
            }
        }
    }
}

/// 400 clients who ordered in January; after the start, test clients order with
/// probability 0.4 and control clients with 0.2.
fn pilot_files(pilot: Option<&Pilot>) -> String {
    let mut s: u64 = 0x9e37_79b9;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % 1000
    };
    let mut csv = String::from("client,date,amount\n");
    for c in 0..400 {
        let day = 1 + c % 28;
        csv.push_str(&format!("k{c},2024-01-{day:02},{}\n", 500 + 10 * (c % 50)));
        if c % 3 == 0 {
            csv.push_str(&format!("k{c},2024-01-29,300\n"));
        }
    }
    if let Some(p) = pilot {
        for m in &p.members {
            let rate = if m.test { 400 } else { 200 };
            if next() < rate {
                csv.push_str(&format!("{},2024-02-15,1000\n", m.id));
            }
        }
    }
    csv
}

#[test]
fn a_pilot_splits_reproducibly_and_measures_its_uplift() {
    let start = analyze(pilot_files(None).as_bytes(), &opts("2024-02-01")).unwrap();
    let spec: PilotSpec = serde_json::from_str(
        r#"{ "name": "Spring offer", "share": 0.5, "seed": 42, "channels": ["email", "messenger"] }"#,
    )
    .unwrap();
    let pilot = Pilot::new(&start, &spec).unwrap();
    assert_eq!(pilot.members.len(), 400);
    let tests = pilot.members.iter().filter(|m| m.test).count();
    assert!((195..=205).contains(&tests), "{tests}");
    // The same seed gives the same groups whatever the order of the rows.
    let text = pilot_files(None);
    let mut rows: Vec<&str> = text.lines().skip(1).collect();
    rows.reverse();
    let reversed = format!("client,date,amount\n{}\n", rows.join("\n"));
    let again = Pilot::new(
        &analyze(reversed.as_bytes(), &opts("2024-02-01")).unwrap(),
        &spec,
    )
    .unwrap();
    let groups = |p: &Pilot| {
        let mut v: Vec<(String, bool)> = p.members.iter().map(|m| (m.id.clone(), m.test)).collect();
        v.sort();
        v
    };
    assert_eq!(groups(&pilot), groups(&again));
    // The pilot survives JSON; another version is refused.
    let json = serde_json::to_string(&pilot).unwrap();
    assert_eq!(Pilot::from_json(&json).unwrap(), pilot);
    assert!(Pilot::from_json(&json.replace("\"version\":1", "\"version\":9")).is_err());
    // Later: test clients responded about twice as often.
    let later = analyze(pilot_files(Some(&pilot)).as_bytes(), &opts("2024-03-01")).unwrap();
    let result = Pilot::evaluate(&pilot, &later).unwrap();
    let o = &result.overall;
    assert!(o.response_uplift.value > 0.1, "{o:?}");
    assert!(o.response_uplift.significant, "{o:?}");
    let (low, high) = (
        o.response_uplift.low.unwrap(),
        o.response_uplift.high.unwrap(),
    );
    assert!(low < o.response_uplift.value && o.response_uplift.value < high);
    assert!(o.revenue_uplift.value > 0.0);
    assert!(o.verdict.starts_with("сработало"), "{}", o.verdict);
    assert_eq!(result.days, 29);
    assert!(!result.segments.is_empty() && !result.cells.is_empty());
    let test_csv = String::from_utf8(pilot.test_csv(&start, &Default::default()).unwrap()).unwrap();
    assert_eq!(test_csv.lines().count(), tests + 1);
}

#[test]
fn the_command_line_runs_automation_and_keeps_the_journal() {
    let dir = std::env::temp_dir().join(format!("segmenta-automate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("orders.csv");
    let clients = dir.join("clients.csv");
    std::fs::write(&orders, ORDERS).unwrap();
    std::fs::write(&clients, CLIENTS).unwrap();
    let spec = dir.join("spec.json");
    std::fs::write(&spec, serde_json::to_string(&sleeping("")).unwrap()).unwrap();
    let journal = dir.join("journal.json");
    let tasks = dir.join("tasks.csv");
    let exe = env!("CARGO_BIN_EXE_segmenta");
    let run = || {
        std::process::Command::new(exe)
            .args([
                "automate",
                orders.to_str().unwrap(),
                "--spec",
                spec.to_str().unwrap(),
            ])
            .args([
                "--clients",
                clients.to_str().unwrap(),
                "--as-of",
                "2024-02-25",
            ])
            .args([
                "--before-days",
                "10",
                "--journal",
                journal.to_str().unwrap(),
            ])
            .args(["--tasks", tasks.to_str().unwrap(), "--lang", "ru"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8(first.stdout).unwrap();
    assert!(out.contains("[sleeping] A 19.02.2024 → Спящий"), "{out}");
    let csv = std::fs::read_to_string(&tasks).unwrap();
    assert!(
        csv.contains("Вернуть A") && csv.contains("Иванова"),
        "{csv}"
    );
    let j = Journal::from_json(&std::fs::read_to_string(&journal).unwrap()).unwrap();
    assert_eq!(j.fired["sleeping"]["A"].count, 1);
    // The second run reads the journal: nothing fires twice.
    let second = String::from_utf8(run().stdout).unwrap();
    assert!(!second.contains("[sleeping]"), "{second}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_large_purchase_makes_a_client_vip_and_asks_the_manager_for_a_gift() {
    let orders = format!("{ORDERS}B,2024-03-05,60000\nC,2024-03-06,1000\n");
    let at = |d: &str| {
        analyze_with_clients(orders.as_bytes(), Some(CLIENTS.as_bytes()), &opts(d)).unwrap()
    };
    let (before, now) = (at("2024-02-25"), at("2024-03-10"));
    let spec = AutomationSpec::from_json(
        r#"{ "triggers": [{ "key": "vip", "name": "VIP", "when": { "orderAbove": 50000 },
              "then": { "status": "VIP", "tag": "VIP",
                        "task": { "title": "Send a gift to {client}", "titleRu": "Отправить подарок: {client}", "priority": "high" } },
              "reentry": false }],
            "tasks": { "defaultAssignee": "Петров" }, "plan": { "playbook": false } }"#,
    )
    .unwrap();
    let run = automate(Some(&before), &now, &spec, &Journal::default()).unwrap();
    // B's 60,000 order is new; D's 90,000 was there before.
    let who: Vec<&str> = run.firings.iter().map(|f| f.client.as_str()).collect();
    assert_eq!(who, vec!["B"]);
    let f = &run.firings[0];
    assert_eq!(
        (f.status.as_deref(), f.tag.as_deref(), f.day.as_str()),
        (Some("VIP"), Some("VIP"), "2024-03-05")
    );
    assert!(
        f.reason.contains("60") && f.reason.contains("50"),
        "{}",
        f.reason
    );
    let t = &run.tasks[0];
    assert_eq!(t.title, "Отправить подарок: B");
    assert_eq!(t.priority, segmenta::dynamic::Priority::High);
    assert_eq!(t.assignee, "Петров");
    // On a first run, everyone above the threshold is VIP, once.
    let first = automate(None, &now, &spec, &Journal::default()).unwrap();
    let who: Vec<&str> = first.firings.iter().map(|f| f.client.as_str()).collect();
    assert_eq!(who, vec!["B", "D"]);
    let again = automate(Some(&before), &now, &spec, &first.journal).unwrap();
    assert!(again.firings.is_empty());
    assert!(again.suppressed.iter().all(|s| s.client == "B"));
}
