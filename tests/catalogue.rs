//! The whole catalogue in one call on CDNOW with a generated clients table: every client gets
//! every label, each explainable; defaults are the documented ones; bad options name the
//! option.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::Role;
use segmenta::{analyze_with_clients, ErrorKind, Options};

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

fn cdnow_clients(leads: usize) -> Vec<u8> {
    let r = segmenta::analyze(CDNOW, &Options::default()).unwrap();
    let ids: Vec<&str> = (0..r.len()).map(|i| r.ids().get(i)).collect();
    segmenta::sample::clients_for(&ids, leads, 7)
}

const EVERYTHING: &str = r#"{
  "ruleSegments": [
    {"name": "Slipping champions", "rule": "recency_days > 30 and segment == \"Champions\""},
    {"name": "Capital B2B", "rule": "region in [\"Moscow\", \"Saint Petersburg\"] and type == \"B2B\""},
    {"name": "VIP tag", "rule": "tags contains \"vip\""},
    {"name": "Big AZ", "rule": {"and": [{"cmp": {"field": "abcxyz", "op": "==", "value": "AZ"}}, {"cmp": {"field": "revenue", "op": ">", "value": 100}}]}}
  ],
  "points": {
    "parameters": [
      {"field": "frequency", "ranges": [{"min": 5, "points": 40}, {"min": 2, "points": 20}]},
      {"field": "type", "weight": 2, "categories": [{"values": ["B2B"], "points": 10}]},
      {"field": "tags", "categories": [{"values": ["vip"], "points": 30}]},
      {"field": "m_level", "ranges": [{"min": 4, "points": 20}]}
    ],
    "tiers": [{"name": "average", "min": 0}, {"name": "good", "min": 30}, {"name": "excellent", "min": 60}, {"name": "VIP", "min": 80}]
  },
  "lifecycle": {"relative": true},
  "valueTiers": {"by": "average"},
  "xyz": {"period": "quarter"},
  "abc": {"a": 0.7, "b": 0.9}
}"#;

#[test]
fn one_call_labels_every_client_with_every_criterion() {
    let table = cdnow_clients(500);
    let opts = Options::from_json(EVERYTHING).unwrap();
    let r = analyze_with_clients(CDNOW, Some(&table), &opts).unwrap();
    let s = r.summary();
    assert_eq!(s.customers, 23_570);
    assert_eq!(s.leads, 500);
    assert_eq!(r.len(), 24_070);
    assert!(r
        .audit()
        .issues
        .iter()
        .all(|g| g.kind != segmenta::IssueKind::UnknownClient));
    // Clients-table roles were recognised from the header.
    let attrs: Vec<(String, Role)> = r
        .model()
        .attributes
        .iter()
        .map(|a| (a.name.clone(), a.role))
        .collect();
    for (name, role) in [
        ("region", Role::Region),
        ("type", Role::ClientType),
        ("company_size", Role::CompanySize),
        ("revenue_band", Role::RevenueBand),
        ("role", Role::ContactRole),
        ("source", Role::Source),
        ("status", Role::Status),
        ("segments", Role::Segments),
        ("tags", Role::Tags),
        ("last_contact", Role::LastContact),
        ("gone", Role::Gone),
        ("email", Role::Email),
        ("phone", Role::Phone),
    ] {
        assert!(
            attrs.contains(&(name.to_string(), role)),
            "{name}: {attrs:?}"
        );
    }
    // Every rule segment matches someone; tallies add up.
    for rs in &s.labels.rule_segments.rule_segments {
        assert!(rs.customers > 0, "{rs:?}");
    }
    assert_eq!(
        s.labels
            .lifecycle
            .lifecycle
            .iter()
            .map(|l| l.customers)
            .sum::<u64>(),
        24_070
    );
    assert_eq!(
        s.labels
            .funnel
            .funnel
            .iter()
            .map(|l| l.customers)
            .sum::<u64>(),
        24_070
    );
    assert_eq!(
        s.labels
            .points
            .points_tiers
            .iter()
            .map(|l| l.customers)
            .sum::<u64>(),
        24_070
    );
    assert_eq!(
        s.labels.abc.abc.iter().map(|l| l.customers).sum::<u64>(),
        23_570
    );
    assert_eq!(
        s.labels
            .xyz
            .abc_xyz
            .iter()
            .map(|l| l.customers)
            .sum::<u64>(),
        23_570
    );
    assert!(s
        .labels
        .funnel
        .funnel
        .iter()
        .any(|f| f.key == "warmLead" && f.customers > 0));
    assert!(s
        .labels
        .lifecycle
        .lifecycle
        .iter()
        .any(|f| f.key == "lead" && f.customers > 0));
    // Each client is explained on every criterion.
    for i in (0..r.len()).step_by(997) {
        let e = r.explain_row(i);
        let criteria: Vec<&str> = e.labels.iter().map(|l| l.criterion).collect();
        for c in [
            "rfm",
            "abc",
            "xyz",
            "lifecycle",
            "valueTier",
            "funnel",
            "points",
        ] {
            assert!(
                criteria.contains(&c),
                "{c} missing for {}: {criteria:?}",
                e.client_id
            );
        }
        assert_eq!(e.points.len(), 4);
        assert!(e.labels.iter().all(|l| !l.reason.is_empty()));
    }
    // The scored table carries every label and the attributes.
    let csv = String::from_utf8(
        r.customers_csv(&segmenta::CsvOptions {
            bom: false,
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "segment",
        "abc",
        "xyz",
        "abc_xyz",
        "lifecycle",
        "value_tier",
        "funnel",
        "points",
        "points_tier",
        "rule_segments",
        "next_action",
        "region",
        "tags",
    ] {
        assert!(header.split(',').any(|h| h == col), "{col} in {header}");
    }
    // Filter and contact list.
    let sel = r
        .select(&segmenta::criteria::RuleSource::Text(
            "lifecycle == \"churned\" and abc == \"A\"".into(),
        ))
        .unwrap();
    assert!(sel.customers > 0);
    let contacts = r
        .contacts_csv(
            &segmenta::criteria::RuleSource::Text("segment == \"Can't lose them\"".into()),
            &segmenta::CsvOptions::default(),
        )
        .unwrap();
    let text = String::from_utf8(contacts[3..].to_vec()).unwrap();
    assert!(text.lines().count() > 1);
    assert!(text.contains("@example.com"));
}

#[test]
fn bad_options_name_the_option() {
    let cases = [
        (r#"{"abc": {"a": 0.8, "bb": 1}}"#, "bb"),
        (r#"{"xyz": {"period": "fortnight"}}"#, "fortnight"),
        (r#"{"lifecycle": {"churnDays": 10}}"#, "churnDays"),
        (r#"{"abc": {"a": 0.99, "b": 0.5}}"#, "abc"),
        (r#"{"valueTiers": {"method": "fixed"}}"#, "vipMin"),
        (r#"{"segments": "rfm12"}"#, "rfm12"),
        (r#"{"playbook": "loud"}"#, "playbook"),
        (
            r#"{"thresholds": {"recency": [30, 10, 90, 180]}}"#,
            "thresholds.recency",
        ),
        (
            r#"{"thresholds": {"frequency": [1, 2]}}"#,
            "thresholds.frequency",
        ),
        (
            r#"{"ruleSegments": [{"name": "x", "rule": "regoin == \"a\""}]}"#,
            "regoin",
        ),
        (
            r#"{"ruleSegments": [{"name": "x", "rule": "frequency >"}]}"#,
            "column 12",
        ),
        (
            r#"{"points": {"parameters": [{"field": "nope", "ranges": []}], "tiers": [{"name": "a", "min": 0}]}}"#,
            "nope",
        ),
        (r#"{"asOf": "2024-13-01"}"#, "asOf"),
        (r#"{"delimiter": "ab"}"#, "delimiter"),
        (r#"{"encoding": "klingon"}"#, "klingon"),
    ];
    for (json, needle) in cases {
        let err = Options::from_json(json)
            .and_then(|o| segmenta::analyze(CDNOW, &o).map(|_| ()))
            .unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::InvalidOption | ErrorKind::InvalidRule
            ),
            "{json}: {err}"
        );
        assert!(err.to_string().contains(needle), "{json}: {err}");
    }
}

#[test]
fn relabel_equals_a_fresh_analysis() {
    let table = cdnow_clients(50);
    let base = analyze_with_clients(CDNOW, Some(&table), &Options::default()).unwrap();
    for json in [
        r#"{"bins":3,"direction":"oneIsBest","segments":"ru3","lang":"ru"}"#,
        r#"{"thresholds":{"recency":[30,90,180,365]},"abc":{"a":0.7,"b":0.9},"lifecycle":{"relative":true}}"#,
        r#"{"asOf":"1998-12-31","ruleSegments":[{"name":"B2B","rule":"type == \"B2B\""}],"playbook":"none"}"#,
        r#"{"xyz":{"period":"week","x":0.4}}"#,
    ] {
        let o = Options::from_json(json).unwrap();
        let fresh = analyze_with_clients(CDNOW, Some(&table), &o).unwrap();
        let re = base.relabel(&o).unwrap();
        let strip = |r: &segmenta::Report| {
            let mut s = r.summary();
            s.memory_bytes = 0;
            serde_json::to_string(&s).unwrap()
        };
        assert_eq!(strip(&re), strip(&fresh), "{json}");
        assert_eq!(re.columns().rfm.segment, fresh.columns().rfm.segment);
        assert_eq!(
            re.columns().labels.playbook,
            fresh.columns().labels.playbook
        );
        assert_eq!(
            serde_json::to_string(re.model()).unwrap(),
            serde_json::to_string(fresh.model()).unwrap()
        );
    }
    for (json, name) in [
        (r#"{"duplicates":"keep"}"#, "duplicates"),
        (r#"{"xyz":{"method":"revenue"}}"#, "xyz.method"),
        (r#"{"returns":"asOrders"}"#, "returns"),
        (r#"{"asOf":"1998-01-01"}"#, "asOf"),
        (r#"{"columns":{"client":0}}"#, "columns"),
    ] {
        let e = base
            .relabel(&Options::from_json(json).unwrap())
            .err()
            .unwrap();
        assert!(e.to_string().contains(name), "{json}: {e}");
    }
}

#[test]
fn labels_answer_to_keys_and_names_in_both_languages() {
    let r = segmenta::analyze(CDNOW, &Options::default()).unwrap();
    let count = |rule: &str| {
        r.select(&segmenta::criteria::RuleSource::Text(rule.into()))
            .unwrap()
            .customers
    };
    let at_risk = count(r#"segment == "At risk""#);
    assert!(at_risk > 0);
    assert_eq!(count(r#"segment == "atRisk""#), at_risk);
    assert_eq!(count(r#"segment == "В зоне риска""#), at_risk);
    assert_eq!(count(r#"сегмент == "at risk""#), at_risk);
    assert_eq!(
        count(r#"segment in ["atRisk", "cantLoseThem"]"#),
        count(r#"segment in ["At risk", "Can't lose them"]"#)
    );
    let sleeping = count(r#"lifecycle == "sleeping""#);
    assert_eq!(count(r#"lifecycle == "Спящий""#), sleeping);
    assert_eq!(
        count(r#"funnel == "loyalRegular""#),
        count(r#"funnel == "Loyal regular""#)
    );
    assert_eq!(
        count(r#"value_tier == "VIP""#),
        count(r#"value_tier == "vip""#)
    );
    assert!(count(r#"next_action == "atRisk""#) > 0);
    assert_eq!(count(r#"not (segment != "atRisk")"#), at_risk);
}
