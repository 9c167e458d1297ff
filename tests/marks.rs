//! Tags and manual segments set by hand: assigned and removed on top of the clients
//! table's, read by rules, shown in the summary, explanations and the customers export,
//! and kept in the saved state through `from_state` and `update`; damaged bytes of the
//! marks' section are `invalidState` errors.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::criteria::RuleSource;
use segmenta::{
    analyze, analyze_with_clients, from_state, seal_state, update, CsvOptions, ErrorKind, Lang,
    Mark, MarkEdit, MarkKind, MarkSource, Options, Report, Updater,
};

const ORDERS: &[u8] = b"client,date,amount\n\
1,2024-01-05,100\n\
2,2024-02-01,50\n\
3,2024-03-01,70\n\
1,2024-03-10,30\n";

const CLIENTS: &[u8] = b"client,tags,segments\n\
1,\"VIP, opt\",\xd0\x9a\xd0\xbb\xd1\x8e\xd1\x87\xd0\xb5\xd0\xb2\xd1\x8b\xd0\xb5\n\
2,,\n\
4,vip,\n";

fn report() -> Report {
    analyze_with_clients(ORDERS, Some(CLIENTS), &Options::default()).unwrap()
}

/// The ids of the clients matching `rule`, sorted.
fn ids(r: &Report, rule: &str) -> Vec<String> {
    let sel = r.select(&RuleSource::Text(rule.into())).unwrap();
    let mut v: Vec<String> = sel
        .rows
        .iter()
        .map(|&i| r.ids().get(i as usize).to_string())
        .collect();
    v.sort();
    v
}

/// (kind, name, source) of a client's explained marks.
fn explained(r: &Report, id: &str) -> Vec<(MarkKind, String, MarkSource)> {
    let e = r.explain(id).unwrap();
    e.marks
        .into_iter()
        .map(|m| (m.kind, m.name, m.source))
        .collect()
}

fn csv(r: &Report, lang: Lang) -> String {
    let opts = CsvOptions {
        lang: Some(lang),
        bom: false,
        ..CsvOptions::default()
    };
    String::from_utf8(r.customers_csv(&opts).unwrap()).unwrap()
}

#[test]
fn assigned_tags_are_read_by_rules_and_leave_the_report_as_it_was() {
    let r = report();
    assert_eq!(ids(&r, "tags contains 'vip'"), ["1", "4"]);
    let tagged = r.assign(&["2", "3"], &Mark::tag("  Vip ")).unwrap();
    assert_eq!(ids(&tagged, "tags contains 'vip'"), ["1", "2", "3", "4"]);
    assert_eq!(
        ids(&r, "tags contains 'vip'"),
        ["1", "4"],
        "the first is unchanged"
    );
    // The spelling in use is kept: the clients table's.
    let tags = tagged.summary().marks.tags;
    assert_eq!(tags[0].name, "VIP");
    assert_eq!(tags[0].clients, 4);
    assert_eq!(tags[0].source, MarkSource::Both);
    assert_eq!(tags[0].revenue, 250.0);
    assert_eq!(tags[1].name, "opt");
    assert_eq!(tags[1].source, MarkSource::Table);
    // Assigning twice changes nothing.
    let again = tagged.assign(&["2"], &Mark::tag("VIP")).unwrap();
    assert_eq!(again.manual_marks(), tagged.manual_marks());
}

#[test]
fn removing_a_table_mark_hides_it_and_assigning_shows_it_again() {
    let r = report();
    let hidden = r.unassign(&["1"], &Mark::tag("vip")).unwrap();
    assert_eq!(ids(&hidden, "tags contains 'vip'"), ["4"]);
    assert_eq!(
        explained(&hidden, "1"),
        [
            (MarkKind::Tag, "opt".into(), MarkSource::Table),
            (MarkKind::Segment, "Ключевые".into(), MarkSource::Table),
        ]
    );
    let m = hidden.manual_marks();
    assert_eq!(m.tags.len(), 1);
    assert_eq!(
        (m.tags[0].name.as_str(), &m.tags[0].removed[..]),
        ("VIP", &["1".to_string()][..])
    );
    let shown = hidden.assign(&["1"], &Mark::tag("VIP")).unwrap();
    assert_eq!(ids(&shown, "tags contains 'vip'"), ["1", "4"]);
    assert!(shown.manual_marks().tags.is_empty(), "back to the table's");
    // Removing a mark a client has not does nothing.
    let same = r.unassign(&["2"], &Mark::tag("vip")).unwrap();
    assert!(same.manual_marks().tags.is_empty());
}

#[test]
fn manual_segments_are_read_by_rules_and_explained() {
    let r = report();
    let edits = [
        MarkEdit {
            ids: vec!["2".into(), "4".into()],
            mark: Mark::segment("ключевые"),
            remove: false,
        },
        MarkEdit {
            ids: vec!["3".into()],
            mark: Mark::segment("Не звонить"),
            remove: false,
        },
        MarkEdit {
            ids: vec!["3".into()],
            mark: Mark::tag("Партнёр"),
            remove: false,
        },
    ];
    let m = r.mark(&edits).unwrap();
    assert_eq!(
        ids(&m, "manual_segments contains 'Ключевые'"),
        ["1", "2", "4"]
    );
    assert_eq!(ids(&m, "tags contains 'партнер'"), ["3"]);
    assert_eq!(
        explained(&m, "2"),
        [(MarkKind::Segment, "Ключевые".into(), MarkSource::Manual)]
    );
    assert_eq!(
        explained(&m, "3"),
        [
            (MarkKind::Tag, "Партнёр".into(), MarkSource::Manual),
            (MarkKind::Segment, "Не звонить".into(), MarkSource::Manual),
        ]
    );
    let s = m.summary().marks.segments;
    assert_eq!(
        (s[0].name.as_str(), s[0].clients, s[0].source),
        ("Ключевые", 3, MarkSource::Both)
    );
    assert_eq!(
        (s[1].name.as_str(), s[1].clients, s[1].source),
        ("Не звонить", 1, MarkSource::Manual)
    );
    // Relabelling keeps the marks.
    let ru = Options {
        lang: Lang::Ru,
        ..Options::default()
    };
    assert_eq!(m.relabel(&ru).unwrap().manual_marks(), m.manual_marks());
}

#[test]
fn unknown_ids_and_bad_texts_are_errors() {
    let r = report();
    let e = r.assign(&["1", "x", "y"], &Mark::tag("vip")).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidClient);
    assert!(e.to_string().contains("x, y"), "{e}");
    assert!(e.message_in(Lang::Ru).contains("x, y"));
    // (mark, kind)
    let cases = [
        (Mark::tag(" "), ErrorKind::InvalidOption),
        (Mark::segment("a; b"), ErrorKind::InvalidOption),
    ];
    for (mark, kind) in cases {
        assert_eq!(
            r.assign(&["1"], &mark).err().unwrap().kind(),
            kind,
            "{mark:?}"
        );
    }
}

#[test]
fn clients_without_a_clients_table_can_be_marked() {
    let r = analyze(ORDERS, &Options::default()).unwrap();
    assert!(r.summary().marks.tags.is_empty());
    assert!(!csv(&r, Lang::En).lines().next().unwrap().contains("tags"));
    let m = r.assign(&["3"], &Mark::tag("vip")).unwrap();
    assert_eq!(ids(&m, "tags contains 'vip'"), ["3"]);
    let header = csv(&m, Lang::En).lines().next().unwrap().to_string();
    assert!(header.ends_with(",tags"), "{header}");
}

#[test]
fn the_customers_export_has_tags_and_manual_segments() {
    let r = report().assign(&["3"], &Mark::segment("Ключевые")).unwrap();
    let en = csv(&r, Lang::En);
    let header: Vec<&str> = en.lines().next().unwrap().split(',').collect();
    let tags = header.iter().position(|h| *h == "tags").unwrap();
    assert_eq!(header[tags + 1], "manual_segments");
    let ru = csv(&r, Lang::Ru);
    assert!(
        ru.lines().next().unwrap().contains("Теги,Ручные сегменты"),
        "{ru}"
    );
    let row3 = en.lines().find(|l| l.starts_with("3,")).unwrap();
    assert!(row3.contains("Ключевые"), "{row3}");
    let row1 = en.lines().find(|l| l.starts_with("1,")).unwrap();
    assert!(row1.contains("\"VIP, opt\",Ключевые"), "{row1}");
}

fn marked() -> Report {
    report()
        .assign(&["2"], &Mark::tag("vip"))
        .and_then(|r| r.unassign(&["1"], &Mark::segment("ключевые")))
        .and_then(|r| r.assign(&["3"], &Mark::segment("Ключевые")))
        .unwrap()
}

#[test]
fn marks_survive_the_state_and_updates() {
    let m = marked();
    let state = m.state().unwrap();
    let back = from_state(&state, None).unwrap();
    assert_eq!(back.manual_marks(), m.manual_marks());
    assert_eq!(back.summary().marks, m.summary().marks);
    assert_eq!(ids(&back, "tags contains 'vip'"), ["1", "2", "4"]);
    assert_eq!(ids(&back, "manual_segments contains 'Ключевые'"), ["3"]);
    // New orders: the marks stay, on old and new clients alike.
    let more = b"client,date,amount\n2,2024-04-01,10\n5,2024-04-02,20\n";
    for upd in [update(&back, more).unwrap(), update(&m, more).unwrap(), {
        let mut u = Updater::new(&state).unwrap();
        u.push(more).unwrap();
        u.finish().unwrap()
    }] {
        assert_eq!(upd.len(), m.len() + 1);
        assert_eq!(upd.manual_marks(), m.manual_marks());
        assert_eq!(ids(&upd, "tags contains 'vip'"), ["1", "2", "4"]);
        let again = upd.assign(&["5"], &Mark::tag("new")).unwrap();
        let back = from_state(&again.state().unwrap(), None).unwrap();
        assert_eq!(ids(&back, "tags contains 'new'"), ["5"]);
    }
    // Without marks the state is what it was before marks existed.
    let plain = report();
    let unmarked = plain
        .assign(&["2"], &Mark::tag("vip"))
        .and_then(|r| r.unassign(&["2"], &Mark::tag("vip")))
        .unwrap();
    assert_eq!(unmarked.state().unwrap(), plain.state().unwrap());
}

#[test]
fn damaged_marks_are_invalid_state_errors() {
    let state = marked().state().unwrap();
    let kind = |b: &[u8]| from_state(b, None).err().map(|e| e.kind());
    assert_eq!(kind(&state), None);
    let word = "Ключевые".as_bytes();
    // The last spelling is the marks' (the clients table's bytes come first).
    let at = state.windows(word.len()).rposition(|w| w == word).unwrap();
    // (what, damaged bytes)
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut utf8 = state.clone();
    utf8[at] = 0xff;
    cases.push(("a text that is not UTF-8", utf8));
    let mut blank = state.clone();
    blank[at] = b' ';
    cases.push(("a text with a leading space", blank));
    let mut long = state.clone();
    long[at - 1] = 0x7f;
    cases.push(("a text longer than its section", long));
    for (what, mut bad) in cases {
        assert_eq!(
            kind(&bad),
            Some(ErrorKind::InvalidState),
            "{what}, unsealed"
        );
        seal_state(&mut bad);
        assert_eq!(kind(&bad), Some(ErrorKind::InvalidState), "{what}");
    }
    for i in 12..state.len() {
        let mut bad = state.clone();
        bad[i] ^= 0x04;
        seal_state(&mut bad);
        let _ = from_state(&bad, None).map(|r| r.summary());
    }
}
