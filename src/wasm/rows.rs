//! `analyzeRows`: the rows a CRM holds in JavaScript, segmented with no CSV in between.
//!
//! `src/js/rows.js` turns a chunk of rows (objects, or columns) into one UTF-8 buffer of
//! fields and their ends; the core reads each chunk as the records of a file with these
//! columns ([`crate::Fields`]). Two calls cross the boundary per chunk of rows, none per row.

use super::{decode_options, events_of, lang_of, option_error, thrown, Report};
use crate::{Analyzer, Error, Fields, Options, Outcome};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/rows.js")]
extern "C" {
    type RowsTable;

    #[wasm_bindgen(js_name = rowsTable)]
    fn rows_table(rows: &JsValue) -> RowsTable;

    #[wasm_bindgen(method, getter)]
    fn problem(this: &RowsTable) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    fn names(this: &RowsTable) -> Vec<String>;

    #[wasm_bindgen(method, getter)]
    fn length(this: &RowsTable) -> u32;

    #[wasm_bindgen(method)]
    fn chunk(this: &RowsTable, start: u32, end: u32) -> Vec<u8>;

    #[wasm_bindgen(method)]
    fn ends(this: &RowsTable) -> Vec<u32>;
}

/// Rows per chunk: about a megabyte of fields for a typical orders table.
const CHUNK_ROWS: u32 = 16_384;

/// Segments every client of rows given in JavaScript: an array of objects (one per order
/// line; keys are the columns) or an object of columns (arrays or typed arrays of one
/// length). `options` are `analyze`'s; `options.columns` maps roles to keys. Values may be
/// strings, numbers, `Date`s (read as the local calendar day), booleans or null. The
/// report is the one the CSV of these rows would give; a row's line is its position in the
/// array counted from 1.
#[wasm_bindgen(js_name = analyzeRows)]
pub fn analyze_rows_js(
    #[wasm_bindgen(
        unchecked_param_type = "Array<Record<string, unknown>> | Record<string, ArrayLike<unknown>>"
    )]
    rows: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<Report, JsValue> {
    let lang = lang_of(&options);
    let table = rows_table(&rows);
    if let Some(p) = table.problem() {
        return Err(option_error(
            lang,
            format!("rows must be an array of objects or an object of columns of one length ({p})"),
            format!("строки — массив объектов или объект со столбцами одной длины ({p})"),
        ));
    }
    let (opts, clients) = decode_options(&options)?;
    let events = events_of(&options, opts.lang)?;
    let names = table.names();
    let read = |opts: &Options| -> Result<crate::Report, Error> {
        let mut analyzer = Analyzer::new(opts, clients.as_deref())?;
        let total = table.length();
        loop {
            let mut start = 0;
            loop {
                let end = total.min(start + CHUNK_ROWS);
                let text = table.chunk(start, end);
                let ends = table.ends();
                let fields = Fields {
                    text: &text,
                    ends: &ends,
                };
                analyzer.push_rows(&names, fields, total as usize)?;
                if end == total {
                    break;
                }
                start = end;
            }
            if let Outcome::Report(r) = analyzer.end()? {
                return match (&events, &opts.read.events) {
                    (Some(bytes), _) => r.with_events(bytes),
                    (None, Some(text)) => r.with_events(text.as_bytes()),
                    (None, None) => Ok(*r),
                };
            }
        }
    };
    let mut report = read(&opts).map_err(thrown(opts.lang))?;
    if let Some(cal) = report.calibration_options().map_err(thrown(opts.lang))? {
        match read(&cal) {
            Ok(c) => report.set_backtest(Ok(&c)),
            Err(e) => report.set_backtest(Err(e)),
        }
    }
    Ok(Report::from(report))
}
