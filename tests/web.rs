//! The JavaScript boundary, run by `wasm-pack test --node` and in headless Chromium:
//! thrown errors, typed arrays, plain objects, streaming, the scorer and the `asOf` and
//! `today` defaults. Core checks marked `unsupported = test` also run natively.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use segmenta::wasm::{analyze_js, audit_js, check_rule_js, presets_js, sniff_js, Analyzer, Scorer};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

const CSV: &str = "customer_id,order_id,order_date,amount\n\
                   001,1,2024-01-05,120.50\n\
                   002,2,2024-02-10,35.00\n\
                   001,3,2024-03-01,80.00\n\
                   003,4,2024-03-01,10.00\n";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(f64::NAN)
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn analyze_returns_summary_columns_and_csv() {
    let r = analyze_js(JsValue::from_str(CSV), JsValue::UNDEFINED).unwrap();
    assert_eq!(r.length(), 3);
    let s = r.summary().unwrap();
    assert_eq!(num(&s, "customers"), 3.0);
    assert_eq!(num(&s, "transactions"), 4.0);
    assert_eq!(num(&s, "rejectedRows"), 0.0);
    assert_eq!(text(&s, "asOf"), "2024-03-01");
    let segments = Array::from(&get(&s, "segments"));
    assert!(segments.length() > 0);
    assert!(!get(&segments.get(0), "segment")
        .as_string()
        .unwrap()
        .is_empty());
    assert!(Array::is_array(&get(&s, "warnings")));
    // Columns are typed arrays, not one object per client.
    let c = r.columns().unwrap();
    let rec = get(&c, "recency");
    assert!(rec.is_instance_of::<js_sys::Int32Array>());
    assert_eq!(js_sys::Int32Array::from(rec).to_vec(), vec![0, 20, 0]);
    assert!(get(&c, "monetary").is_instance_of::<js_sys::Float64Array>());
    assert_eq!(
        js_sys::Uint32Array::from(get(&c, "frequency")).to_vec(),
        vec![2, 1, 1]
    );
    let ids = Array::from(&r.client_ids());
    assert_eq!(ids.get(0).as_string().unwrap(), "001");
    // CSV bytes with the documented header.
    let bytes = r.customers_csv(options(r#"{"bom":false}"#)).unwrap();
    let csv = String::from_utf8(bytes).unwrap();
    assert!(
        csv.starts_with("customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment"),
        "{csv}"
    );
    assert!(csv.contains("\r\n001,0,2,200.5,"), "{csv}");
    // Model → Scorer reproduces the batch.
    let model = r.model().unwrap();
    let json = js_sys::JSON::stringify(&model).unwrap();
    let scorer = Scorer::new(js_sys::JSON::parse(&json.as_string().unwrap()).unwrap()).unwrap();
    let scored = scorer
        .score(
            options(r#"{"lastOrderDate":"2024-03-01","frequency":2,"monetary":200.5}"#),
            options(r#"{"asOf":"2024-03-01"}"#),
        )
        .unwrap();
    assert_eq!(text(&scored, "asOf"), "2024-03-01");
    assert_eq!(num(&scored, "modelAgeDays"), 0.0);
    // Without a date: today by the clock, and a model of March 2024 is stale.
    let today = scorer
        .score(
            options(r#"{"recencyDays":0,"frequency":1,"monetary":10}"#),
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert_eq!(get(&today, "stale"), JsValue::TRUE);
    assert!(num(&today, "modelAgeDays") > 200.0);
    let first_segment = text(&segments.get(0), "segment");
    let _ = first_segment;
    let explain = r.explain("001").unwrap();
    let labels = Array::from(&get(&explain, "labels"));
    assert!(text(&labels.get(0), "value").starts_with(&text(&scored, "rfm")));
}

#[wasm_bindgen_test]
fn bytes_strings_and_buffers_are_accepted() {
    let bytes = Uint8Array::from(CSV.as_bytes());
    let a = analyze_js(bytes.clone().into(), JsValue::UNDEFINED).unwrap();
    let b = analyze_js(bytes.buffer().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(a.length(), b.length());
    let err = analyze_js(JsValue::from_f64(3.0), JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "invalidOption");
}

#[wasm_bindgen_test]
fn errors_are_real_errors_with_kind_and_position() {
    let err = analyze_js(JsValue::from_str(CSV), options(r#"{"bins": 11}"#))
        .err()
        .unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&err, "name"), "SegmentationError");
    assert_eq!(text(&err, "kind"), "invalidOption");
    assert!(text(&err, "message").contains("bins"));
    let err = analyze_js(JsValue::from_str(CSV), options(r#"{"binz": 3}"#))
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "invalidOption");
    assert!(
        text(&err, "message").contains("binz"),
        "{}",
        text(&err, "message")
    );
    let bad = "client,date,amount\na,2024-01-01,1\nb,2024-13-01,2\n";
    let err = analyze_js(JsValue::from_str(bad), options(r#"{"onBadRow":"fail"}"#))
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "badRow");
    assert_eq!(num(&err, "line"), 3.0);
    assert_eq!(num(&err, "row"), 2.0);
    assert_eq!(text(&err, "column"), "date");
    let err = analyze_js(JsValue::from_str("x\n1\n"), JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "missingColumn");
    // Files that are no table have kinds of their own, for the page to word.
    let png = Uint8Array::from(&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x04"[..]);
    let err = analyze_js(png.into(), JsValue::UNDEFINED).err().unwrap();
    assert_eq!(text(&err, "kind"), "notText");
    let err = analyze_js(
        JsValue::from_str("client,date,amount\n"),
        JsValue::UNDEFINED,
    )
    .err()
    .unwrap();
    assert_eq!(text(&err, "kind"), "headerOnly");
    assert_eq!(num(&err, "line"), 1.0);
    // The message is in the options' language; kind and position stay.
    let err = analyze_js(JsValue::from_str(""), options(r#"{"lang":"ru"}"#))
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "emptyInput");
    assert_eq!(text(&err, "message"), "файл пуст");
    let err = analyze_js(
        JsValue::from_str(bad),
        options(r#"{"onBadRow":"fail","lang":"ru"}"#),
    )
    .err()
    .unwrap();
    assert_eq!(num(&err, "line"), 3.0);
    assert_eq!(text(&err, "column"), "date");
    assert!(
        text(&err, "message").starts_with("запись 2 (строка 3), столбец «date»: «2024-13-01»"),
        "{}",
        text(&err, "message")
    );
    let err = analyze_js(JsValue::from_str(CSV), options(r#"{"lang":"ru","binz":3}"#))
        .err()
        .unwrap();
    assert!(text(&err, "message").contains("неизвестная настройка `binz`"));
    // Garbage never traps the module: the next call still works.
    for junk in [
        "\"",
        "\u{0}\u{0}\u{0}",
        ";;;;\n;;;",
        "a,b\n\"open",
        "\u{feff}\r\r\r",
    ] {
        let _ = analyze_js(JsValue::from_str(junk), JsValue::UNDEFINED);
    }
    assert_eq!(
        analyze_js(JsValue::from_str(CSV), JsValue::UNDEFINED)
            .unwrap()
            .length(),
        3
    );
}

#[wasm_bindgen_test]
fn as_of_defaults_and_today_from_the_clock() {
    // A date after today (from the JS clock) is rejected as a typo.
    let future = "client,date,amount\na,2024-01-01,1\nb,2999-01-01,5\n";
    let r = analyze_js(JsValue::from_str(future), JsValue::UNDEFINED).unwrap();
    let s = r.summary().unwrap();
    assert_eq!(text(&s, "asOf"), "2024-01-01");
    assert_eq!(num(&s, "rejectedRows"), 1.0);
    let audit = r.audit().unwrap();
    let issues = Array::from(&get(&audit, "issues"));
    assert_eq!(text(&issues.get(0), "kind"), "futureDate");
    let r = analyze_js(JsValue::from_str(CSV), options(r#"{"asOf":"2024-02-15"}"#)).unwrap();
    let s = r.summary().unwrap();
    assert_eq!(text(&s, "asOf"), "2024-02-15");
    assert_eq!(num(&s, "excludedRows"), 2.0);
}

#[wasm_bindgen_test]
fn streaming_analyzer_matches_analyze() {
    let mut a = Analyzer::new(JsValue::UNDEFINED, Some(CSV.len() as f64)).unwrap();
    for chunk in CSV.as_bytes().chunks(7) {
        a.push(chunk).unwrap();
    }
    let p = a.progress().unwrap();
    assert_eq!(num(&p, "bytes"), CSV.len() as f64);
    let r = a.finish().unwrap();
    let whole = analyze_js(JsValue::from_str(CSV), JsValue::UNDEFINED).unwrap();
    let s1 = js_sys::JSON::stringify(&r.summary().unwrap()).unwrap();
    let s2 = js_sys::JSON::stringify(&whole.summary().unwrap()).unwrap();
    assert_eq!(s1, s2);
    let err = a.finish().err().unwrap();
    assert_eq!(text(&err, "kind"), "finished");
}

#[wasm_bindgen_test]
fn clients_table_as_bytes_in_options() {
    let opts = Object::new();
    let table = "client,region,type\n001,Москва,B2B\n999,Казань,B2C\n";
    Reflect::set(
        &opts,
        &"clients".into(),
        &Uint8Array::from(table.as_bytes()),
    )
    .unwrap();
    Reflect::set(
        &opts,
        &"ruleSegments".into(),
        &options(r#"[{"name":"Moscow","rule":"region == \"москва\""}]"#),
    )
    .unwrap();
    let r = analyze_js(JsValue::from_str(CSV), opts.into()).unwrap();
    assert_eq!(r.length(), 4, "three clients with orders and one lead");
    let s = r.summary().unwrap();
    assert_eq!(num(&s, "leads"), 1.0);
    let rs = Array::from(&get(&s, "ruleSegments"));
    assert_eq!(num(&rs.get(0), "customers"), 1.0);
    let sel = r.select(JsValue::from_str("region == \"Москва\"")).unwrap();
    assert_eq!(num(&sel, "customers"), 1.0);
    let contacts = String::from_utf8(
        r.contacts_csv(
            JsValue::from_str("abc == \"A\""),
            options(r#"{"bom":false}"#),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        contacts.starts_with("customer_id,name,email,phone,segment"),
        "{contacts}"
    );
    // The card's profile: the clients table's cells of a client, and whether it is there.
    let p = r.profile("001").unwrap();
    assert_eq!(get(&p, "inClientsTable"), JsValue::TRUE);
    let cells = Array::from(&get(&p, "attributes"));
    assert_eq!(text(&cells.get(0), "name"), "region");
    assert_eq!(text(&cells.get(0), "value"), "Москва");
    assert!(r.profile("nobody").unwrap().is_undefined());
    assert!(r.client_names().is_null(), "no names in these files");
}

#[wasm_bindgen_test]
fn sniff_audit_presets_and_rule_check() {
    let s = sniff_js(
        JsValue::from_str("Клиент;Дата;Сумма\nИванов;05.03.2024;1 234,56\n"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(text(&s, "delimiter"), ";");
    assert_eq!(text(&s, "decimalSeparator"), ",");
    assert_eq!(text(&s, "dateFormat"), "DD.MM.YYYY");
    let a = audit_js(JsValue::from_str(CSV), JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&a, "rowsRead"), 4.0);
    assert_eq!(get(&a, "reconciled"), JsValue::TRUE);
    let p = presets_js(None, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        Array::from(&get(&get(&p, "segments"), "rfm11")).length(),
        11
    );
    assert_eq!(
        check_rule_js(
            JsValue::from_str("frequency > 2"),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED
        )
        .unwrap(),
        JsValue::NULL
    );
    let e = check_rule_js(
        JsValue::from_str("frequency > "),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(num(&e, "column"), 13.0);
    assert!(text(&e, "message").contains("end of rule"));
    let e = check_rule_js(
        JsValue::from_str("frequency > "),
        JsValue::UNDEFINED,
        JsValue::from_str("ru"),
    )
    .unwrap();
    assert_eq!(
        text(&e, "message"),
        "после «>» нужно значение, а здесь конец правила"
    );
    let e = check_rule_js(
        JsValue::from_str("regoin == \"x\""),
        options(r#"["region"]"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(text(&e, "message").contains("region"));
}

#[wasm_bindgen_test]
fn relabel_changes_labels_without_reading_again() {
    let r = analyze_js(JsValue::from_str(CSV), JsValue::UNDEFINED).unwrap();
    let re = r
        .relabel(options(r#"{"bins":3,"direction":"oneIsBest","lang":"ru"}"#))
        .unwrap();
    let s = re.summary().unwrap();
    assert_eq!(num(&s, "bins"), 3.0);
    let fresh = analyze_js(
        JsValue::from_str(CSV),
        options(r#"{"bins":3,"direction":"oneIsBest","lang":"ru"}"#),
    )
    .unwrap();
    let a = js_sys::JSON::stringify(&re.columns().unwrap()).unwrap();
    let b = js_sys::JSON::stringify(&fresh.columns().unwrap()).unwrap();
    assert_eq!(a, b);
    let err = r
        .relabel(options(r#"{"duplicates":"keep"}"#))
        .err()
        .unwrap();
    assert_eq!(text(&err, "kind"), "invalidOption");
    assert!(text(&err, "message").contains("duplicates"));
}

#[wasm_bindgen_test]
fn version_is_exported() {
    let f: Function = Reflect::get(&js_sys::global(), &"Object".into())
        .unwrap()
        .into();
    assert!(f.is_function());
    assert_eq!(segmenta::wasm::version(), env!("CARGO_PKG_VERSION"));
}

/// A core check that runs both natively (`cargo test`) and in wasm.
#[wasm_bindgen_test(unsupported = test)]
fn core_scores_stay_in_range_everywhere() {
    let r = segmenta::analyze(CSV.as_bytes(), &segmenta::Options::default()).unwrap();
    for l in &r.columns().rfm.levels {
        assert!(l.iter().all(|d| (1..=5).contains(d)));
    }
    assert_eq!(r.ids().get(0), "001");
}

/// A state written by the native build (`tests/data/state/history.state`) reads in
/// WebAssembly, in Node and in Chromium, and updates to the report of the history and the
/// new rows together: the bytes are the same on every target.
#[wasm_bindgen_test]
fn a_state_written_natively_reads_and_updates_here() {
    const STATE: &[u8] = include_bytes!("data/state/history.state");
    const HISTORY: &[u8] = include_bytes!("data/state/history.csv");
    const MORE: &[u8] = include_bytes!("data/state/more.csv");
    let restored = segmenta::wasm::Report::from_state(STATE, JsValue::UNDEFINED).unwrap();
    let history = analyze_js(Uint8Array::from(HISTORY).into(), JsValue::UNDEFINED).unwrap();
    let csv = |r: &segmenta::wasm::Report| r.customers_csv(JsValue::UNDEFINED).unwrap();
    assert_eq!(csv(&restored), csv(&history));
    let header_end = MORE.iter().position(|&c| c == b'\n').unwrap() + 1;
    let whole = [HISTORY, &MORE[header_end..]].concat();
    let one = analyze_js(Uint8Array::from(&whole[..]).into(), JsValue::UNDEFINED).unwrap();
    let updated = restored.update(MORE).unwrap();
    assert_eq!(csv(&updated), csv(&one));
    let note = updated.update_note().unwrap();
    assert_eq!(num(&note, "rowsAdded"), 103.0);
    assert_eq!(num(&note, "firstLine"), 302.0);
    // Damaged bytes throw `invalidState`.
    let mut bad = STATE.to_vec();
    bad[40] ^= 1;
    let e = segmenta::wasm::Report::from_state(&bad, JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert_eq!(text(&e, "kind"), "invalidState");
}

/// The events table as bytes in the options (a Windows-1251 export, as a Russian site's
/// analytics writes it) and joined later with `withEvents`: the same behaviour, the audit
/// accounting for every row, a bad table a thrown error with its kind.
#[wasm_bindgen_test]
fn events_as_bytes_in_options_and_joined_later() {
    let orders = "client,date,amount\nA,2024-03-01,100\nB,2024-03-10,50\n";
    let table = "клиент;время;событие;раздел\nA;2024-03-05 10:00;просмотр;Кремы\nA;2024-03-06;корзина;Кремы\nB;2024-03-09;клик;\n;2024-03-09;клик;\n";
    // Windows-1251: the Cyrillic letters as single bytes.
    let cp1251: Vec<u8> = table
        .chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            _ => c as u8,
        })
        .collect();
    let opts = Object::new();
    Reflect::set(&opts, &"asOf".into(), &"2024-03-20".into()).unwrap();
    Reflect::set(&opts, &"events".into(), &Uint8Array::from(&cp1251[..])).unwrap();
    let r = analyze_js(JsValue::from_str(orders), opts.into()).unwrap();
    assert!(r.has_events());
    let a = r.events_audit().unwrap();
    assert_eq!(num(&a, "rows"), 4.0);
    assert_eq!(num(&a, "accepted"), 3.0);
    assert_eq!(num(&a, "rejected"), 1.0);
    let sel = r
        .select(JsValue::from_str(
            "carts_without_order > 0 and viewed_categories contains \"кремы\"",
        ))
        .unwrap();
    assert_eq!(num(&sel, "customers"), 1.0);
    let plain = analyze_js(
        JsValue::from_str(orders),
        options(r#"{"asOf":"2024-03-20"}"#),
    )
    .unwrap();
    assert!(!plain.has_events());
    assert!(plain.events_audit().unwrap().is_undefined());
    let joined = plain
        .with_events(Uint8Array::from(&cp1251[..]).into())
        .unwrap();
    let behaviour = |r: &segmenta::wasm::Report| {
        js_sys::JSON::stringify(&get(&r.summary().unwrap(), "behaviour")).unwrap()
    };
    assert_eq!(behaviour(&joined), behaviour(&r));
    let e = plain
        .with_events(JsValue::from_str("client,date\nA,2024-03-01\n"))
        .err()
        .unwrap();
    assert_eq!(text(&e, "kind"), "missingColumn");
    let segments = segmenta::wasm::behaviour_segments_js().unwrap();
    assert_eq!(Array::from(&segments).length(), 4);
}

/// The purchase and spend models reproduce their published CDNOW cohort fits in
/// WebAssembly too (the same code as natively, in Node and in Chromium).
#[wasm_bindgen_test]
fn the_published_clv_fits_hold_in_webassembly() {
    use segmenta::clv::{BgNbd, GammaGamma, ParetoNbd, Repeat};
    const SUMMARY: &str = include_str!("data/clv/cdnow_sample_summary.csv");
    let mut d = Repeat::default();
    for line in SUMMARY.lines().skip(1) {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        d.x.push(f[1]);
        d.tx.push(f[2]);
        d.t.push(f[3]);
        d.m.push(f[4]);
        d.holdout.push(0.0);
    }
    let rel = |got: f64, want: f64| ((got - want) / want).abs();
    let bg = BgNbd::fit(&d);
    for (got, want) in [
        (bg.model.r, 0.2426),
        (bg.model.alpha, 4.4136),
        (bg.model.a, 0.7929),
        (bg.model.b, 2.4259),
    ] {
        assert!(rel(got, want) < 1e-3, "{got} vs {want}");
    }
    assert!((bg.ln_likelihood + 9582.43).abs() < 0.01);
    let pn = ParetoNbd::fit(&d);
    for (got, want) in [
        (pn.model.r, 0.5532),
        (pn.model.alpha, 10.5776),
        (pn.model.s, 0.6062),
        (pn.model.beta, 11.6679),
    ] {
        assert!(rel(got, want) < 1e-3, "{got} vs {want}");
    }
    assert!((pn.ln_likelihood + 9594.97).abs() < 0.01);
    let gg = GammaGamma::fit(&d.x, &d.m);
    for (got, want) in [
        (gg.model.p, 6.2488),
        (gg.model.q, 3.7446),
        (gg.model.gamma, 15.4477),
    ] {
        assert!(rel(got, want) < 1e-3, "{got} vs {want}");
    }
    assert!((gg.ln_likelihood + 4055.92).abs() < 0.01);
}
