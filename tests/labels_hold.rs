//! With default options, on CDNOW, on the retail look-alike (both flavours) and on the demo
//! sample, the labels do not contradict each other: no client of a segment that means
//! "bought recently" is churned, no key-client play reaches a churned client, XYZ separates
//! the clients with five orders or more, every empty segment or level is named in the
//! summary with its reason and remedy, and cancellations change neither frequency nor
//! recency.

use segmenta::criteria::Stage;
use segmenta::sample::{demo, retail, RetailFlavor};
use segmenta::{analyze, analyze_with_clients, CheckKind, Options, Report};
use std::collections::{HashMap, HashSet};

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

/// The segments whose description says they bought recently.
const RECENT: &[&str] = &[
    "champions",
    "loyal",
    "new",
    "promising",
    "potentialLoyalist",
];

fn files() -> Vec<(&'static str, Report)> {
    let o = Options::default();
    let (orders, clients) = demo(1500, "2026-10-31", 2026);
    vec![
        ("CDNOW", analyze(CDNOW, &o).unwrap()),
        (
            "retail, pandas",
            analyze(&retail(541_909, 2011, RetailFlavor::Pandas), &o).unwrap(),
        ),
        (
            "retail, Excel en-US",
            analyze(&retail(541_909, 2011, RetailFlavor::ExcelUs), &o).unwrap(),
        ),
        (
            "demo sample",
            analyze_with_clients(&orders, Some(&clients), &o).unwrap(),
        ),
    ]
}

#[test]
fn default_labels_do_not_contradict_each_other() {
    for (name, r) in files() {
        let c = r.columns();
        let e = r.labeler().engine();
        let defs = &e.segments.defs;
        let plays = &e.catalogue.playbook;
        let churned = Stage::Churned as u8;
        let (mut recent_churned, mut key_churned, mut regular_gone) = (0, 0, 0);
        let mut xyz: HashMap<String, u64> = HashMap::new();
        let mut with5 = 0u64;
        for i in 0..r.len() {
            let Some(def) = defs.get(c.rfm.segment[i] as usize) else {
                continue;
            };
            let stage = c.labels.lifecycle[i];
            if RECENT.contains(&def.key.as_str()) && stage == churned {
                recent_churned += 1;
            }
            let play = usize::try_from(c.labels.playbook[i])
                .ok()
                .map(|p| &plays[p]);
            if play.is_some_and(|p| p.key == "personalService") && stage == churned {
                key_churned += 1;
            }
            // A regular customer of the funnel is never sleeping or churned.
            let regular = segmenta::criteria::FunnelStatus::LoyalRegular as u8;
            if c.labels.funnel[i] == regular && stage >= Stage::Sleeping as u8 {
                regular_gone += 1;
            }
            if c.frequency[i] >= 5 {
                with5 += 1;
                let class = segmenta::criteria::XyzClass::ALL[c.labels.xyz[i] as usize];
                *xyz.entry(format!("{class:?}")).or_default() += 1;
            }
        }
        assert_eq!(
            recent_churned, 0,
            "{name}: recent segments hold churned clients"
        );
        assert_eq!(
            key_churned, 0,
            "{name}: personal service reaches churned clients"
        );
        assert_eq!(
            regular_gone, 0,
            "{name}: regular customers who are sleeping or churned"
        );
        for class in ["X", "Y", "Z"] {
            let share = *xyz.get(class).unwrap_or(&0) as f64 / with5 as f64;
            assert!(
                share >= 0.10,
                "{name}: XYZ {class} holds {:.1} % of the {with5} clients with 5+ orders ({xyz:?})",
                share * 100.0
            );
        }
        let s = r.summary();
        let contradictions: Vec<_> = s
            .data_checks
            .iter()
            .filter(|d| {
                matches!(
                    d.kind,
                    CheckKind::RecentButChurned
                        | CheckKind::KeyPlayToChurned
                        | CheckKind::WinBackToLoyal
                )
            })
            .collect();
        assert!(contradictions.is_empty(), "{name}: {contradictions:?}");
        // Every empty segment and level is named, with a reason and a remedy.
        for g in &s.rfm.segments {
            if g.customers == 0 && g.key != "other" {
                let named = s.data_checks.iter().any(|d| {
                    d.kind == CheckKind::EmptySegment && d.key == g.key && !d.remedy.is_empty()
                }) || s.rule_check.unreachable.contains(&g.key);
                assert!(named, "{name}: empty segment {} is not named", g.key);
            }
        }
        let mut levels = [[0u64; 10]; 3];
        for lv in &c.rfm.levels {
            if lv[0] > 0 {
                for (count, level) in levels.iter_mut().zip(lv) {
                    count[*level as usize - 1] += 1;
                }
            }
        }
        for (d, letter) in ['R', 'F', 'M'].iter().enumerate() {
            for level in 1..=s.rfm.bins {
                if levels[d][level as usize - 1] == 0 {
                    let key = format!("{letter}{}", e.digit(level).unwrap());
                    assert!(
                        s.data_checks
                            .iter()
                            .any(|x| x.kind == CheckKind::EmptyLevel && x.key == key),
                        "{name}: empty level {key} is not named"
                    );
                }
            }
        }
    }
}

/// CDNOW's empty segments say why: no new clients after the first quarter of 1997.
#[test]
fn cdnow_says_why_new_is_empty() {
    let s = analyze(CDNOW, &Options::default()).unwrap().summary();
    let new = s
        .data_checks
        .iter()
        .find(|d| d.key == "new")
        .expect("New is empty on CDNOW");
    assert!(new.message.contains("1997-03-25"), "{}", new.message);
    let ru = Options::from_json(r#"{"lang": "ru"}"#).unwrap();
    let s = analyze(CDNOW, &ru).unwrap().summary();
    let new = s.data_checks.iter().find(|d| d.key == "new").unwrap();
    assert!(
        new.message.starts_with("Сегмент «Новые» пуст"),
        "{}",
        new.message
    );
    assert!(new.message.contains("25.03.1997"), "{}", new.message);
}

/// Frequency and the last purchase date of every client, counted from the retail file
/// independently: invoices that do not start with `C`, with a positive quantity.
fn expected_retail(bytes: &[u8]) -> HashMap<String, (u32, String)> {
    let mut invoices: HashMap<String, HashSet<String>> = HashMap::new();
    let mut last: HashMap<String, String> = HashMap::new();
    let mut rd = csv::ReaderBuilder::new().from_reader(bytes);
    let mut seen = HashSet::new();
    for row in rd.records() {
        let row = row.unwrap();
        if !seen.insert(row.iter().collect::<Vec<_>>().join("\u{1}")) {
            continue;
        }
        let (invoice, qty, date, client) = (&row[0], &row[3], &row[4], &row[6]);
        let client = client.trim_end_matches(".0");
        if client.is_empty() || invoice.starts_with('C') || qty.parse::<i64>().unwrap() <= 0 {
            continue;
        }
        invoices
            .entry(client.to_string())
            .or_default()
            .insert(invoice.to_string());
        let day = date[..10].to_string();
        let l = last.entry(client.to_string()).or_default();
        if *l < day {
            *l = day;
        }
    }
    invoices
        .into_iter()
        .map(|(c, inv)| {
            let l = last.remove(&c).unwrap();
            (c, (inv.len() as u32, l))
        })
        .collect()
}

#[test]
fn cancellations_change_neither_frequency_nor_recency() {
    let bytes = retail(541_909, 2011, RetailFlavor::Pandas);
    let want = expected_retail(&bytes);
    let r = analyze(&bytes, &Options::default()).unwrap();
    let c = r.columns();
    let ids = r.ids();
    let mut checked = 0;
    for i in 0..r.len() {
        let id = ids.get(i);
        let Some((orders, last)) = want.get(id) else {
            continue;
        };
        assert_eq!(c.frequency[i], *orders, "frequency of {id}");
        assert_eq!(
            &segmenta::calendar::iso(c.last[i]),
            last,
            "last purchase of {id}"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        want.len(),
        "every client with a purchase is in the report"
    );
    assert!(checked > 4000);
}

/// Options that make criteria contradict each other get each contradiction named, with
/// the count the columns show.
#[test]
fn contradictions_are_named_with_their_counts() {
    let o = Options::from_json(
        r#"{"thresholds": {"recency": [300, 400, 450, 500]},
            "playbook": [{"key": "vipCall", "when": "segment == \"Champions\"", "channel": "call",
                          "offer": "Personal service", "priority": 1}]}"#,
    )
    .unwrap();
    let r = analyze(CDNOW, &o).unwrap();
    let c = r.columns();
    let e = r.labeler().engine();
    let churned_champions = (0..r.len())
        .filter(|&i| {
            e.segments
                .defs
                .get(c.rfm.segment[i] as usize)
                .is_some_and(|d| d.key == "champions")
                && c.labels.lifecycle[i] == Stage::Churned as u8
        })
        .count() as u64;
    assert!(churned_champions > 0);
    let s = r.summary();
    let find = |kind: CheckKind, key: &str| {
        s.data_checks
            .iter()
            .find(|d| d.kind == kind && d.key == key)
            .unwrap_or_else(|| panic!("{kind:?} {key} in {:?}", s.data_checks))
    };
    assert_eq!(
        find(CheckKind::RecentButChurned, "champions").clients,
        churned_champions
    );
    let play = find(CheckKind::KeyPlayToChurned, "vipCall");
    assert_eq!(play.clients, churned_champions);
    assert!(play.message.contains("Personal service") && !play.remedy.is_empty());
}
