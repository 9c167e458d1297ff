//! Property tests over generated data: streaming equals whole-input analysis for any
//! chunking, row order does not matter, every client gets one label per criterion, and the
//! scorer reproduces the batch.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmenta::Period;
use segmenta::{
    analyze, analyze_in_ranges, parallel, Analyzer, AttributeValue, ClientInput, Options, Report,
    Scorer, SplitOutcome,
};
use std::collections::BTreeMap;

mod common;

fn generated(rows: u64, seed: u64) -> Vec<u8> {
    let mut v = Vec::new();
    segmenta::sample::transactions(rows, seed, &mut v).unwrap();
    v
}

/// A Russian export: quoted names with `;` inside, CRLF line ends, decimal commas, spaces
/// in thousands, in UTF-8 or Windows-1251.
fn russian(rows: u64, seed: u64, cp1251: bool) -> Vec<u8> {
    let base = generated(rows, seed);
    let text = String::from_utf8(base).unwrap();
    let mut out = String::from("\"Клиент; ФИО\";Дата;Сумма\r\n");
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (y, m, d) = (&f[2][..4], &f[2][5..7], &f[2][8..10]);
        let amount = f[3].replace('.', ",");
        out.push_str(&format!("\"Ёжиков; {}\";{d}.{m}.{y};{amount}\r\n", f[0]));
    }
    if cp1251 {
        encoding_rs::WINDOWS_1251.encode(&out).0.into_owned()
    } else {
        out.into_bytes()
    }
}

fn stream(data: &[u8], cuts: &[usize], opts: &Options) -> Report {
    let mut a = Analyzer::new(opts, None).unwrap();
    let mut pos = 0;
    for &c in cuts {
        let end = (pos + c).min(data.len());
        a.push(&data[pos..end]).unwrap();
        pos = end;
    }
    a.push(&data[pos..]).unwrap();
    a.finish().unwrap()
}

fn fingerprint(r: &Report) -> String {
    let mut summary = r.summary();
    summary.memory_bytes = 0; // a measurement, not a result (tables sized differently)
    let mut s = serde_json::to_string(&summary).unwrap();
    let c = r.columns();
    s.push_str(&format!(
        "{:?}{:?}{:?}{:?}{:?}",
        c.recency, c.frequency, c.revenue, c.rfm.segment, c.labels.playbook
    ));
    s.push_str(&serde_json::to_string(r.audit()).unwrap());
    // What each client bought and its largest order.
    for i in 0..r.len() {
        let f = r.client_facts(i);
        s.push_str(&format!("{:?}{:?}", f.categories, f.largest_order));
    }
    s
}

/// A Russian export (see [`russian`]) with a category column, in UTF-8.
fn russian_bought(rows: u64, seed: u64) -> Vec<u8> {
    let text = String::from_utf8(common::with_categories(&generated(rows, seed))).unwrap();
    let mut out = String::from("\"Клиент; ФИО\";Дата;Сумма;Категория товара\r\n");
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (y, m, d) = (&f[2][..4], &f[2][5..7], &f[2][8..10]);
        let amount = f[3].replace('.', ",");
        out.push_str(&format!(
            "\"Ёжиков; {}\";{d}.{m}.{y};{amount};{}\r\n",
            f[0], f[4]
        ));
    }
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn streaming_equals_whole_for_any_chunking(
        seed in 0u64..1000,
        cuts in proptest::collection::vec(1usize..5000, 1..40),
        kind in 0u8..5,
    ) {
        let data = match kind {
            0 => generated(3000, seed),
            1 => russian(1500, seed, false),
            2 => russian(1500, seed, true),
            3 => common::with_categories(&generated(3000, seed)),
            _ => russian_bought(1500, seed),
        };
        let opts = Options::default();
        let whole = analyze(&data, &opts).unwrap();
        let streamed = stream(&data, &cuts, &opts);
        prop_assert_eq!(fingerprint(&whole), fingerprint(&streamed));
    }

    #[test]
    fn small_chunks_split_characters_quotes_and_crlf(seed in 0u64..1000, size in 1usize..7) {
        let data = russian(60, seed, false);
        let cuts = vec![size; data.len() / size + 1];
        let opts = Options::default();
        prop_assert_eq!(fingerprint(&analyze(&data, &opts).unwrap()), fingerprint(&stream(&data, &cuts, &opts)));
    }

    #[test]
    fn row_order_changes_nothing(seed in 0u64..1000, shuffle_seed in any::<u64>()) {
        let data = String::from_utf8(generated(2000, seed)).unwrap();
        let mut lines: Vec<&str> = data.lines().skip(1).collect();
        let mut s = shuffle_seed | 1;
        for i in (1..lines.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            lines.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let shuffled = format!("customer_id,order_id,order_date,amount\n{}\n", lines.join("\n"));
        let a = analyze(data.as_bytes(), &Options::default()).unwrap();
        let b = analyze(shuffled.as_bytes(), &Options::default()).unwrap();
        let by_id = |r: &Report| -> BTreeMap<String, (i32, u32, i64, u8, u8, u8)> {
            let c = r.columns();
            (0..r.len()).map(|i| (r.ids().get(i).to_string(), (c.recency[i], c.frequency[i], c.revenue[i], c.rfm.segment[i], c.labels.abc[i], c.labels.xyz[i]))).collect()
        };
        prop_assert_eq!(by_id(&a), by_id(&b));
        prop_assert_eq!(a.audit().rows_accepted, b.audit().rows_accepted);
        prop_assert_eq!(serde_json::to_value(a.summary().rfm.segments).unwrap(), serde_json::to_value(b.summary().rfm.segments).unwrap());
    }
}

#[test]
fn every_client_gets_one_label_per_criterion() {
    let (tx, cl) = segmenta::sample::demo(800, "2026-10-31", 3);
    let r = segmenta::analyze_with_clients(&tx, Some(&cl), &Options::default()).unwrap();
    let c = r.columns();
    let n = r.len();
    let m = r.model();
    let l = &c.labels;
    for v in [
        c.rfm.segment.len(),
        l.abc.len(),
        l.xyz.len(),
        l.lifecycle.len(),
        l.value_tiers.len(),
        l.funnel.len(),
        l.points.points.len(),
        l.playbook.len(),
    ] {
        assert_eq!(v, n);
    }
    assert_eq!(l.rule_segments.offsets.len(), n + 1);
    let segments = r.summary().rfm.segments.len();
    for i in 0..n {
        let has = c.recency[i] >= 0;
        if has {
            for level in c.rfm.levels[i] {
                assert!((1..=m.rfm.bins).contains(&level));
            }
            assert!((c.rfm.segment[i] as usize) < segments.max(12));
        } else {
            assert_eq!(c.rfm.segment[i], u8::MAX);
            assert!(
                l.lifecycle[i] == 0 || l.lifecycle[i] == 4,
                "a client without orders is a lead or churned"
            );
        }
        assert!(
            l.abc[i] < 3
                && l.xyz[i] < 4
                && l.lifecycle[i] < 5
                && l.value_tiers[i] < 3
                && l.funnel[i] < 5
        );
    }
    // ABC shares add up to all revenue.
    let s = r.summary();
    let share: f64 = s.labels.abc.abc.iter().map(|a| a.revenue_share).sum();
    assert!((share - 1.0).abs() < 1e-9, "{share}");
}

#[test]
fn scorer_equals_batch_on_generated_data_with_a_clients_table() {
    let (tx, cl) = segmenta::sample::demo(600, "2026-10-31", 9);
    let opts = Options::from_json(
        r#"{"ruleSegments":[
              {"name":"Moscow B2B","rule":"region in [\"Москва\"] and type == \"B2B\""},
              {"name":"VIP tag","rule":"tags contains \"vip\""},
              {"name":"Slipping","rule":"recency_days > 60 and frequency >= 2"}],
            "lifecycle":{"relative":true},
            "lang":"ru"}"#,
    )
    .unwrap();
    let r = segmenta::analyze_with_clients(&tx, Some(&cl), &opts).unwrap();
    let json = serde_json::to_string(r.model()).unwrap();
    let scorer = Scorer::new(serde_json::from_str(&json).unwrap()).unwrap();
    let c = r.columns();
    let m = r.model();
    let mut checked = 0;
    for i in 0..r.len() {
        let facts = r.client_facts(i);
        let attributes = m
            .attributes
            .iter()
            .zip(facts.attributes.iter().zip(&facts.attribute_numbers))
            .map(|(a, (text, number))| {
                let value = match number {
                    Some(v) => AttributeValue::Number(*v),
                    None => AttributeValue::from(*text),
                };
                (a.name.clone(), value)
            })
            .collect();
        let has = c.recency[i] >= 0;
        let input = ClientInput {
            id: Some(r.ids().get(i).to_string()),
            last_order_date: has.then(|| segmenta::calendar::iso(c.last[i])),
            first_order_date: has.then(|| segmenta::calendar::iso(c.first[i])),
            frequency: Some(c.frequency[i]),
            revenue: Some(segmenta::money::to_f64(c.revenue[i])),
            cv: (!c.cv[i].is_nan()).then_some(c.cv[i]),
            purchase_days: Some(c.days[i]),
            gap_cv: (!c.gap_cv[i].is_nan()).then_some(c.gap_cv[i]),
            attributes,
            tags: facts.tags.to_vec(),
            segments: facts.manual_segments.to_vec(),
            gone: facts.gone,
            days_since_contact: facts.days_since_contact,
            status: facts.status.map(str::to_string),
            ..ClientInput::default()
        };
        let got = scorer.score(&input).unwrap();
        assert_eq!(got, r.score_row(i), "client {}", r.ids().get(i));
        checked += 1;
    }
    assert!(checked > 600);
    assert!(
        r.summary()
            .labels
            .rule_segments
            .rule_segments
            .iter()
            .all(|s| s.customers > 0),
        "{:?}",
        r.summary().labels.rule_segments.rule_segments
    );
}

/// Order ids are told apart the same way whatever their shape: plain numbers, a prefix
/// (`#1001`), zero-padded (`ORD-000001001`), mixed shapes in one file, or text. Some ids
/// are reused by other clients and on other dates, so conflicts are found the same way too.
#[test]
fn order_id_shapes_change_nothing() {
    type Shape = fn(u64) -> String;
    let shapes: [Shape; 8] = [
        |id| id.to_string(),
        |id| format!("#{id}"),
        |id| format!("ORD-{id:09}"),
        |id| {
            if id % 3 == 0 {
                format!("#{id}")
            } else {
                format!("{id:08}")
            }
        },
        |id| format!("{id}x"),
        // The same number under two prefixes, and with and without zero padding.
        |id| format!("{}{}", ["A", "B"][id as usize % 2], id / 2),
        |id| {
            if id % 2 == 0 {
                format!("{:08}", id / 2)
            } else {
                (id / 2).to_string()
            }
        },
        |id| {
            if id % 2 == 1 {
                format!("{:08}", id / 2)
            } else {
                (id / 2).to_string()
            }
        },
    ];
    for seed in 0..4 {
        let data = String::from_utf8(generated(3000, seed)).unwrap();
        let rows: Vec<Vec<&str>> = data
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let mut ids: Vec<u64> = rows.iter().map(|f| f[1].parse().unwrap()).collect();
        for i in (5..ids.len()).step_by(37) {
            ids[i] = ids[i - 5];
        }
        let mut results = Vec::new();
        for shape in shapes {
            let mut text = String::from("customer_id,order_id,order_date,amount\n");
            for (f, id) in rows.iter().zip(&ids) {
                text.push_str(&format!("{},{},{},{}\n", f[0], shape(*id), f[2], f[3]));
            }
            let r = analyze(text.as_bytes(), &Options::default()).unwrap();
            let c = r.columns();
            let per_client: BTreeMap<String, (u32, i64)> = (0..r.len())
                .map(|i| (r.ids().get(i).to_string(), (c.frequency[i], c.revenue[i])))
                .collect();
            let issues: Vec<(String, u64, Vec<u64>)> = r
                .audit()
                .issues
                .iter()
                .map(|g| {
                    (
                        format!("{:?}", g.kind),
                        g.count,
                        g.examples.iter().map(|e| e.line).collect(),
                    )
                })
                .collect();
            results.push((per_client, issues, r.audit().rows_accepted));
        }
        assert!(results[0]
            .1
            .iter()
            .any(|(k, n, _)| k.contains("OrderIdConflict") && *n > 0));
        for r in &results[1..] {
            assert_eq!(r, &results[0], "seed {seed}");
        }
    }
}

/// Reads `data` in `threads` ranges; checks the report is one reader's and returns how the
/// file was read.
fn parallel_equals_one_reader(data: &[u8], opts: &Options, threads: usize) -> SplitOutcome {
    let one = analyze(data, opts).unwrap();
    let (split, outcome) = analyze_in_ranges(data, None, opts, threads).unwrap();
    assert_eq!(fingerprint(&one), fingerprint(&split), "{outcome:?}");
    outcome
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn ranges_merge_exactly_on_files_in_date_order(
        rows in 12_000u64..30_000,
        seed in 0u64..1000,
        threads in 2usize..6,
        period in 0usize..3,
        bought in any::<bool>(),
    ) {
        let data = match bought {
            true => common::with_categories(&generated(rows, seed)),
            false => generated(rows, seed),
        };
        let mut opts = Options::default();
        opts.criteria.xyz = Some(segmenta::criteria::XyzOptions {
            period: [Period::Month, Period::Week, Period::Quarter][period],
            ..Default::default()
        });
        let outcome = parallel_equals_one_reader(&data, &opts, threads);
        // The generated files are in date order: they must not need one reader.
        prop_assert_eq!(outcome.fallback, None);
        prop_assert!(outcome.ranges >= 2);
    }

    #[test]
    fn ranges_merge_exactly_on_quoted_russian_exports(
        seed in 0u64..1000,
        cp1251 in any::<bool>(),
        bought in any::<bool>(),
    ) {
        let data = match bought {
            true => russian_bought(16_000, seed),
            false => russian(16_000, seed, cp1251),
        };
        let outcome = parallel_equals_one_reader(&data, &Options::default(), 3);
        prop_assert_eq!(outcome.fallback, None);
    }

    #[test]
    fn partial_bytes_never_panic(seed in 0u64..50, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), cut in any::<usize>()) {
        let data = generated(400, seed);
        let head = &data[..data.len().min(parallel::HEAD_BYTES)];
        let mut r = parallel::RangeReader::new(&Options::default(), head, data.len() as u64, 0, data.len() as u64).unwrap();
        r.push(&data).unwrap();
        let bytes = r.finish().unwrap().to_bytes();
        let back = parallel::Partial::from_bytes(&bytes).unwrap();
        prop_assert_eq!(back.to_bytes(), bytes.clone());
        let mut bad = bytes.clone();
        for (i, v) in flips {
            let n = bad.len();
            bad[i % n] ^= v;
        }
        bad.truncate(cut % (bytes.len() + 1));
        if let Ok(p) = parallel::Partial::from_bytes(&bad) {
            let _ = parallel::merge(&Options::default(), head, data.len() as u64, vec![p]);
        }
    }
}

#[test]
fn files_out_of_date_order_are_read_by_one_reader() {
    // Sorted by client, as many CRM exports are.
    let text = String::from_utf8(generated(20_000, 7)).unwrap();
    let mut lines: Vec<&str> = text.lines().skip(1).collect();
    lines.sort();
    let data = format!(
        "customer_id,order_id,order_date,amount\n{}\n",
        lines.join("\n")
    );
    let outcome = parallel_equals_one_reader(data.as_bytes(), &Options::default(), 3);
    assert!(outcome.fallback.is_some());
    assert_eq!(outcome.ranges, 1);
}

#[test]
fn bad_rows_and_reused_order_ids_merge_exactly_or_fall_back() {
    let text = String::from_utf8(generated(20_000, 3)).unwrap();
    let with = |reuse: bool| {
        let mut out = String::from("customer_id,order_id,order_date,amount\n");
        for (i, line) in text.lines().skip(1).enumerate() {
            let f: Vec<&str> = line.split(',').collect();
            // Every 1009th row has a bad date, every 97th is repeated (a duplicate row);
            // with `reuse`, every 997th reuses an order id from far back.
            let order = if reuse && i % 997 == 996 {
                "100005"
            } else {
                f[1]
            };
            let date = if i % 1009 == 1008 { "2023-13-45" } else { f[2] };
            let row = format!("{},{order},{date},{}\n", f[0], f[3]);
            out.push_str(&row);
            if i % 97 == 0 {
                out.push_str(&row);
            }
        }
        out
    };
    let clean = with(false);
    for threads in 2..5 {
        let outcome = parallel_equals_one_reader(clean.as_bytes(), &Options::default(), threads);
        assert_eq!(outcome.fallback, None);
    }
    let reused = with(true);
    let outcome = parallel_equals_one_reader(reused.as_bytes(), &Options::default(), 3);
    assert_eq!(outcome.fallback.as_deref(), Some("order ids are reused"));
    // With `onBadRow: "fail"` the error is one reader's, with the file's line.
    let opts: Options = serde_json::from_str(r#"{"onBadRow":"fail"}"#).unwrap();
    let one = analyze(clean.as_bytes(), &opts).err().unwrap();
    let split = analyze_in_ranges(clean.as_bytes(), None, &opts, 3)
        .err()
        .unwrap();
    assert_eq!(one.to_string(), split.to_string());
}

#[test]
fn a_cut_guessed_inside_a_record_is_noticed() {
    // Every row has a quoted comment whose inner lines look like rows, the second dated
    // later than the first, so the only cut points found are inside records (and the rows
    // after such a cut stay in date order).
    let text = String::from_utf8(generated(20_000, 5)).unwrap();
    let mut out = String::from("customer_id,order_id,order_date,amount,comment\n");
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        out.push_str(&format!(
            "{line},\"note\n{},{},2000-01-01,{}\n{},{},{},{}\nend\"\n",
            f[0], f[1], f[3], f[0], f[1], f[2], f[3]
        ));
    }
    for threads in 2..5 {
        let outcome = parallel_equals_one_reader(out.as_bytes(), &Options::default(), threads);
        assert_eq!(
            outcome.fallback.as_deref(),
            Some("a cut fell inside a record")
        );
    }
}
