//! Saved states and updates: a state read back is the same report; new rows added to a
//! state give the report of one file holding the history and the new rows, for any split
//! of a file in date order, with increments that overlap the history window, duplicate
//! rows across increments and a header repeated at the top of an increment; damaged,
//! truncated and other-version states are `invalidState` errors, never a panic.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmenta::{
    analyze, from_state, seal_state, update, CsvOptions, ErrorKind, Options, Period, Report,
    Updater, WarningKind, STATE_MAGIC,
};

mod common;

fn generated(rows: u64, seed: u64) -> Vec<u8> {
    let mut v = Vec::new();
    segmenta::sample::transactions(rows, seed, &mut v).unwrap();
    v
}

/// Everything a user reads from a report, without what only measures the run (memory) and
/// the note an update adds.
fn fingerprint(r: &Report) -> String {
    let mut summary = r.summary();
    summary.memory_bytes = 0;
    summary.warnings.retain(|w| w.kind != WarningKind::Update);
    let mut s = serde_json::to_string(&summary).unwrap();
    s.push_str(&serde_json::to_string(r.audit()).unwrap());
    let csv = r.customers_csv(&CsvOptions::default()).unwrap();
    s.push_str(&String::from_utf8(csv).unwrap());
    let rejected = r.rejected_csv(&CsvOptions::default()).unwrap();
    s.push_str(&String::from_utf8(rejected).unwrap());
    s
}

/// Byte offsets of the starts of `data`'s lines.
fn line_starts(data: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        data.iter()
            .enumerate()
            .filter(|(_, c)| **c == b'\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < data.len()),
    );
    v
}

/// The history (up to the first cut) analysed, then each increment added in turn, through
/// the saved bytes every other time.
fn updated(parts: &[Vec<u8>], opts: &Options) -> Report {
    let mut report = analyze(&parts[0], opts).unwrap();
    for (i, p) in parts[1..].iter().enumerate() {
        report = if i % 2 == 0 {
            update(&report, p).unwrap()
        } else {
            let mut u = Updater::new(&report.state().unwrap()).unwrap();
            for chunk in p.chunks(97) {
                u.push(chunk).unwrap();
            }
            u.finish().unwrap()
        };
    }
    report
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn an_update_equals_one_file_for_any_split(
        rows in 200u64..2_500,
        seed in 0u64..1000,
        cuts in proptest::collection::vec(0.0f64..1.0, 1..4),
        window in 0usize..4,
        period in 0usize..3,
        repeat in proptest::collection::vec(any::<u16>(), 0..6),
        header in any::<bool>(),
        bought in any::<bool>(),
    ) {
        let data = match bought {
            true => common::with_categories(&generated(rows, seed)),
            false => generated(rows, seed),
        };
        let starts = line_starts(&data);
        let mut opts = Options::default();
        opts.read.history_window = [None, Some(0), Some(8), Some(64)][window];
        opts.criteria.xyz = Some(segmenta::criteria::XyzOptions {
            period: [Period::Month, Period::Week, Period::Quarter][period],
            ..Default::default()
        });
        // Cuts at line starts after the header.
        let mut at: Vec<usize> = cuts
            .iter()
            .map(|f| starts[2 + ((starts.len() - 3) as f64 * f) as usize])
            .collect();
        at.sort_unstable();
        at.dedup();
        let header_line = &data[..starts[1]];
        let mut parts = Vec::new();
        let mut whole = Vec::new();
        let mut from = 0;
        for (k, &cut) in at.iter().chain(std::iter::once(&data.len())).enumerate() {
            let mut part = Vec::new();
            if k > 0 && header {
                part.extend_from_slice(header_line);
            }
            // Rows already read, repeated at the top of the increment: duplicates across
            // increments, dated before the newest rows.
            let mut body = Vec::new();
            if k > 0 {
                for r in &repeat {
                    let line = 1 + *r as usize % (starts.iter().filter(|&&s| s < from).count() - 1).max(1);
                    let end = starts.get(line + 1).copied().unwrap_or(data.len());
                    if starts[line] < from {
                        body.extend_from_slice(&data[starts[line]..end.min(from)]);
                    }
                }
            }
            body.extend_from_slice(&data[from..cut]);
            part.extend_from_slice(&body);
            whole.extend_from_slice(&body);
            parts.push(part);
            from = cut;
        }
        let one = analyze(&whole, &opts).unwrap();
        let upd = updated(&parts, &opts);
        prop_assert_eq!(fingerprint(&one), fingerprint(&upd));
        let note = upd.update_note().unwrap();
        prop_assert_eq!(note.history_rows + note.rows_added, one.audit().rows_read);
    }
}

#[test]
fn a_state_read_back_is_the_same_report_and_relabels() {
    let data = generated(3_000, 7);
    let report = analyze(&data, &Options::default()).unwrap();
    let state = report.state().unwrap();
    assert_eq!(&state[..8], STATE_MAGIC);
    let back = from_state(&state, None).unwrap();
    assert_eq!(fingerprint(&report), fingerprint(&back));
    assert!(back.update_note().is_none());
    // Other labelling options apply; other reading options are refused by name.
    let ru = Options {
        lang: segmenta::Lang::Ru,
        ..Default::default()
    };
    let relabelled = from_state(&state, Some(&ru)).unwrap();
    assert_eq!(relabelled.lang(), segmenta::Lang::Ru);
    let mut other = Options::default();
    other.read.history_window = Some(3);
    let e = from_state(&state, Some(&other)).err().unwrap();
    assert!(e.to_string().contains("historyWindow"), "{e}");
    // A relabelled report's state keeps its options.
    let again = from_state(&relabelled.state().unwrap(), None).unwrap();
    assert_eq!(again.lang(), segmenta::Lang::Ru);
}

#[test]
fn damaged_states_are_invalid_state_errors() {
    let report = analyze(&generated(800, 3), &Options::default()).unwrap();
    let state = report.state().unwrap();
    let kind = |b: &[u8]| Updater::new(b).err().map(|e| e.kind());
    assert_eq!(kind(&state), None);
    assert_eq!(kind(b""), Some(ErrorKind::InvalidState));
    assert_eq!(kind(b"client,date,amount\n"), Some(ErrorKind::InvalidState));
    for n in [8, 12, 19, 100, state.len() / 2, state.len() - 1] {
        assert_eq!(
            kind(&state[..n]),
            Some(ErrorKind::InvalidState),
            "cut at {n}"
        );
    }
    for i in (0..state.len()).step_by(state.len() / 97 + 1) {
        let mut bad = state.clone();
        bad[i] ^= 0x21;
        assert_eq!(kind(&bad), Some(ErrorKind::InvalidState), "byte {i}");
    }
    // A later format, and the earlier ones as versions 1 (without what clients bought) and
    // 2 (without each client's first purchase day's value) wrote them: refused by their
    // version, in both languages.
    let mut v4 = state.clone();
    v4[8] = 4;
    seal_state(&mut v4);
    let earlier = |name: &str| {
        std::fs::read(format!(
            "{}/tests/data/state/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let (v1, v2) = (earlier("history.v1.state"), earlier("history.v2.state"));
    for (bytes, v) in [(v4, 4), (v1, 1), (v2, 2)] {
        let e = Updater::new(&bytes).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::InvalidState);
        assert!(e.to_string().contains(&format!("version {v};")), "{e}");
        assert!(
            e.to_string().contains("analyse the whole file again"),
            "{e}"
        );
        assert!(e
            .message_in(segmenta::Lang::Ru)
            .contains(&format!("версии {v},")));
        assert_eq!(
            from_state(&bytes, None).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidState)
        );
    }
}

#[test]
fn resealed_damage_never_panics() {
    let report = analyze(&generated(600, 5), &Options::default()).unwrap();
    let state = report.state().unwrap();
    let mut rng = segmenta::sample::Rng::new(11);
    for _ in 0..3_000 {
        let mut bad = state.clone();
        for _ in 0..1 + rng.below(4) {
            let i = 12 + rng.below(bad.len() as u64 - 20) as usize;
            bad[i] = rng.below(256) as u8;
        }
        seal_state(&mut bad);
        if let Ok(mut u) = Updater::new(&bad) {
            let _ = u.push(b"c9,2024-06-01,10\n");
            let _ = u.finish().map(|r| r.summary());
        }
    }
}

#[test]
fn no_state_is_kept_for_merged_contacts_or_byte_ranges() {
    let data = b"client,email,date,amount\na,x@y.ru,2024-01-01,10\nb,x@y.ru,2024-01-02,5\n";
    let opts: Options = serde_json::from_str(r#"{"mergeBy": ["email"]}"#).unwrap();
    let e = analyze(data, &opts).unwrap().state().err().unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidState);
    assert!(e.to_string().contains("mergeBy"), "{e}");
    let big = generated(40_000, 1);
    let (r, outcome) = segmenta::analyze_in_ranges(&big, None, &Options::default(), 2).unwrap();
    assert!(outcome.fallback.is_none());
    assert_eq!(r.state().err().unwrap().kind(), ErrorKind::InvalidState);
}

#[test]
fn a_russian_export_continues_with_its_bom_header_and_encoding() {
    let head =
        "\u{feff}Клиент;Дата;Сумма\r\nИванов;01.03.2024;1 200,50\r\nПетров;02.03.2024;300\r\n";
    let more = "\u{feff}Клиент;Дата;Сумма\r\nИванов;05.03.2024;99,90\r\nСидоров;06.03.2024;10\r\n";
    let whole = format!("{head}{}", &more["\u{feff}Клиент;Дата;Сумма\r\n".len()..]);
    let opts = Options::default();
    for cp1251 in [false, true] {
        let enc = |s: &str| -> Vec<u8> {
            if cp1251 {
                encoding_rs::WINDOWS_1251
                    .encode(s.trim_start_matches('\u{feff}'))
                    .0
                    .into_owned()
            } else {
                s.as_bytes().to_vec()
            }
        };
        let one = analyze(&enc(&whole), &opts).unwrap();
        let upd = update(&analyze(&enc(head), &opts).unwrap(), &enc(more)).unwrap();
        assert_eq!(fingerprint(&one), fingerprint(&upd), "cp1251 {cp1251}");
        assert_eq!(upd.len(), 3);
        let note = upd.update_note().unwrap();
        assert_eq!((note.rows_added, note.first_line), (2, 4));
    }
}

#[test]
fn rows_older_than_the_window_are_said() {
    let data = generated(3_000, 9);
    let starts = line_starts(&data);
    let mut opts = Options::default();
    opts.read.history_window = Some(16);
    let cut = starts[2_500];
    let history = analyze(&data[..cut], &opts).unwrap();
    // An early row again, now far older than the window.
    let old = &data[starts[5]..starts[6]];
    let mut more = old.to_vec();
    more.extend_from_slice(&data[cut..]);
    let upd = update(&history, &more).unwrap();
    let note = upd.update_note().unwrap();
    assert_eq!(note.beyond_window, 1);
    let said: Vec<_> = upd
        .warnings()
        .iter()
        .filter(|w| w.kind == WarningKind::Update)
        .map(|w| w.message.clone())
        .collect();
    assert!(
        said.iter().any(|m| m.contains("historyWindow: 0")),
        "{said:?}"
    );
}

/// CDNOW up to 1998-03-31 saved, the rest added: every client and label as in one run.
#[test]
fn cdnow_history_and_the_rest_equal_one_run() {
    let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow.csv")).unwrap();
    let text = std::str::from_utf8(&data).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (mut before, mut after) = (format!("{header}\n"), String::new());
    for l in lines {
        let date = l.split(',').nth(2).unwrap();
        if date <= "1998-03-31" {
            &mut before
        } else {
            &mut after
        }
        .push_str(&format!("{l}\n"));
    }
    let opts = Options::default();
    let one = analyze(&data, &opts).unwrap();
    let state = analyze(before.as_bytes(), &opts).unwrap().state().unwrap();
    let upd = update(&from_state(&state, None).unwrap(), after.as_bytes()).unwrap();
    let sorted = |r: &Report| {
        let csv = String::from_utf8(r.customers_csv(&CsvOptions::default()).unwrap()).unwrap();
        let mut v: Vec<String> = csv.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(one.len(), 23_570);
    assert_eq!(sorted(&one), sorted(&upd));
    assert_eq!(one.audit().rows_accepted, upd.audit().rows_accepted);
    assert_eq!(one.summary().revenue, upd.summary().revenue);
}

/// The pinned state of `tests/data/state/history.csv` reads back natively as the history's
/// report and updates with `more.csv` to the report of both; `tests/web.rs` reads the same
/// bytes in WebAssembly.
#[test]
fn the_pinned_state_reads_back() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/state/");
    let history = std::fs::read(format!("{dir}history.csv")).unwrap();
    let more = std::fs::read(format!("{dir}more.csv")).unwrap();
    let opts = Options::default();
    let report = analyze(&history, &opts).unwrap();
    if std::env::var_os("SEGMENTA_BLESS").is_some() {
        std::fs::write(format!("{dir}history.state"), report.state().unwrap()).unwrap();
    }
    let pinned = std::fs::read(format!("{dir}history.state")).unwrap();
    assert_eq!(
        fingerprint(&from_state(&pinned, None).unwrap()),
        fingerprint(&report)
    );
    let header_end = more.iter().position(|&c| c == b'\n').unwrap() + 1;
    let whole = [&history[..], &more[header_end..]].concat();
    let updated = update(&from_state(&pinned, None).unwrap(), &more).unwrap();
    assert_eq!(
        fingerprint(&updated),
        fingerprint(&analyze(&whole, &opts).unwrap())
    );
}
