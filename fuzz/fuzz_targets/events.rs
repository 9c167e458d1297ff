//! Any bytes as an events table joined to a small report, with random reading options and
//! window: a report or a clear error, never a panic; every row accepted or rejected, every
//! accepted one matched or of an unknown client, and each matched one in its client's
//! events; the behaviour fields, the summary, explanations and an event trigger run.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use segmenta::dynamic::{automate, AutomationSpec, Journal};
use segmenta::{EventColumns, Options};

#[derive(Arbitrary, Debug)]
struct Input {
    events: Vec<u8>,
    window: u16,
    delimiter: Option<u8>,
    encoding: u8,
    days: u8,
}

const ORDERS: &str = "client;email;date;amount\nA;a@x.ru;2024-03-02;100\nB;;2024-03-03;50\nC;c@x.ru;2024-01-10;70\n";

fuzz_target!(|input: Input| {
    let mut o = Options::from_json(r#"{"asOf":"2024-03-31","lang":"ru"}"#).unwrap();
    o.event_window = Some(1 + input.window as u32 % 400);
    o.read.events_columns = Some(EventColumns {
        delimiter: input
            .delimiter
            .map(|d| (b",;\t|"[d as usize % 4] as char).to_string()),
        encoding: match input.encoding % 4 {
            1 => Some("windows-1251".into()),
            2 => Some("utf-16le".into()),
            _ => None,
        },
        ..EventColumns::default()
    });
    let Ok(r) = segmenta::analyze(ORDERS.as_bytes(), &o) else {
        return;
    };
    let Ok(r) = r.with_events(&input.events) else {
        return;
    };
    let a = r.events_audit().unwrap();
    assert_eq!(a.rows, a.accepted + a.rejected);
    assert_eq!(a.accepted, a.matched + a.unknown_client);
    let per_client: u64 = (0..r.len()).map(|i| r.client_events(i).count() as u64).sum();
    assert_eq!(per_client, a.matched);
    let _ = r.summary();
    for i in 0..r.len() {
        let _ = r.explain_row(i);
    }
    let spec = AutomationSpec::from_json(&format!(
        r#"{{"triggers":[{{"key":"c","when":{{"abandonedCart":{{"days":{}}}}}}},{{"key":"v","when":{{"viewedNoOrder":{{"days":1}}}}}}]}}"#,
        input.days
    ))
    .unwrap();
    let run = automate(None, &r, &spec, &Journal::default()).unwrap();
    for f in &run.firings {
        assert!(!f.reason.is_empty());
    }
});
