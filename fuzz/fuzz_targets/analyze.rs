//! Any bytes with random options, read whole and in random chunks: the analysis ends in a
//! report or a clear error, never a panic, and streaming agrees with the whole read.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use segmenta::criteria::{Direction, MonetaryMode, RfmOptions};
use segmenta::{
    BadRowPolicy, ClientIdMode, DuplicatePolicy, Lang, MergeKey, Options, QuoteMode,
    ReadOptions,
};

#[derive(Arbitrary, Debug)]
struct Input {
    data: Vec<u8>,
    chunk: u16,
    bins: u8,
    one_is_best: bool,
    average: bool,
    keep_duplicates: bool,
    fail_on_bad_row: bool,
    case_insensitive: bool,
    merge: u8,
    delimiter: Option<u8>,
    encoding: u8,
    history_window: u8,
    as_of: Option<u16>,
    clients: Option<Vec<u8>>,
    rule: Option<String>,
    line_quotes: bool,
}

fuzz_target!(|input: Input| {
    let rfm = RfmOptions {
        bins: Some(2 + input.bins % 9),
        direction: if input.one_is_best {
            Direction::OneIsBest
        } else {
            Direction::HighIsBest
        },
        monetary: if input.average {
            MonetaryMode::Average
        } else {
            MonetaryMode::Total
        },
        ..RfmOptions::default()
    };
    let read = ReadOptions {
        duplicates: if input.keep_duplicates {
            DuplicatePolicy::Keep
        } else {
            DuplicatePolicy::Drop
        },
        on_bad_row: if input.fail_on_bad_row {
            BadRowPolicy::Fail
        } else {
            BadRowPolicy::Skip
        },
        client_ids: Some(if input.case_insensitive {
            ClientIdMode::CaseInsensitive
        } else {
            ClientIdMode::Exact
        }),
        merge_by: match input.merge % 4 {
            0 => vec![],
            1 => vec![MergeKey::Email],
            2 => vec![MergeKey::Phone],
            _ => vec![MergeKey::Email, MergeKey::Phone],
        },
        delimiter: input
            .delimiter
            .map(|d| (b",;\t|"[d as usize % 4] as char).to_string()),
        encoding: match input.encoding % 5 {
            1 => Some("windows-1251".into()),
            2 => Some("utf-16le".into()),
            3 => Some("utf-8".into()),
            _ => None,
        },
        history_window: Some(input.history_window as u32),
        as_of: input.as_of.map(|d| segmenta::calendar::iso(10_000 + d as i32)),
        quotes: input.line_quotes.then_some(QuoteMode::Line),
        ..ReadOptions::default()
    };
    let mut o = Options {
        read,
        rfm,
        lang: Lang::Ru,
        ..Options::default()
    };
    if let Some(rule) = &input.rule {
        if let Ok(json) = serde_json::to_string(rule) {
            if let Ok(extra) = Options::from_json(&format!(
                r#"{{"ruleSegments":[{{"name":"r","rule":{json}}}]}}"#
            )) {
                o.criteria.rule_segments = extra.criteria.rule_segments;
            }
        }
    }
    let whole = segmenta::analyze_with_clients(&input.data, input.clients.as_deref(), &o);
    if let Ok(r) = &whole {
        let _ = r.summary();
        let _ = r.customers_csv(&segmenta::CsvOptions::default());
        if r.len() > 0 {
            let _ = r.explain_row(0);
        }
    }
    // Streaming in chunks agrees with the whole read (when it does not need a re-read).
    let size = 1 + input.chunk as usize % 4096;
    if let Ok(mut a) = segmenta::Analyzer::new(&o, input.clients.as_deref()) {
        let mut ok = true;
        for c in input.data.chunks(size) {
            if a.push(c).is_err() {
                ok = false;
                break;
            }
        }
        if ok {
            let streamed = a.finish();
            if let (Ok(w), Ok(s)) = (&whole, &streamed) {
                assert_eq!(w.columns().revenue, s.columns().revenue);
                assert_eq!(w.columns().frequency, s.columns().frequency);
                assert_eq!(w.audit().rows_read, s.audit().rows_read);
            }
        }
    }
});
