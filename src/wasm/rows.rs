//! `analyzeRows`: the rows a CRM holds in JavaScript, segmented with no CSV in between.
//!
//! `src/js/rows.js` turns a chunk of rows (objects, or columns) into one UTF-8 buffer of
//! fields and their ends; the core reads each chunk as the records of a file with these
//! columns ([`crate::Fields`]). Two calls cross the boundary per chunk of rows, none per row.

use super::{decode_options, events_of, lang_of, option_error, thrown, Report};
use crate::analyze::{analyze_fed, Clients};
use crate::locale::Lang;
use crate::{Analyzer, Error, Fields, Table};
use js_sys::{Array, ArrayBuffer, Object, Reflect};
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
/// length). `options` are `analyze`'s; `options.columns` maps roles to keys, and
/// `options.clients` may be rows too (the CRM's contacts). Values may be strings, numbers,
/// `Date`s (read as the local calendar day), booleans or null. The report is the one the
/// CSV of these rows would give; a row's line is its position in the array counted from 1.
#[wasm_bindgen(js_name = analyzeRows)]
pub fn analyze_rows_js(
    #[wasm_bindgen(
        unchecked_param_type = "Array<Record<string, unknown>> | Record<string, ArrayLike<unknown>>"
    )]
    rows: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<Report, JsValue> {
    let lang = lang_of(&options);
    let table = checked(rows_table(&rows), lang, ("rows", "строки"))?;
    let (options, clients_rows) = take_clients_rows(&options, lang)?;
    let (opts, clients_bytes) = decode_options(&options)?;
    let events = events_of(&options, opts.lang)?;
    let clients = match (clients_rows, &clients_bytes) {
        (Some(t), _) => {
            let (names, text, ends) = (t.names(), t.chunk(0, t.length()), t.ends());
            let fields = Fields {
                text: &text,
                ends: &ends,
            };
            Clients::of(
                Some(Table {
                    names: &names,
                    fields,
                }),
                &opts,
            )
            .map_err(thrown(opts.lang))?
        }
        (None, Some(bytes)) => Clients::Bytes(bytes),
        (None, None) => Clients::None,
    };
    let names = table.names();
    let total = table.length();
    let feed = |analyzer: &mut Analyzer| -> Result<(), Error> {
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
                return Ok(());
            }
            start = end;
        }
    };
    analyze_fed(&opts, &clients, events.as_deref(), feed)
        .map(Report::from)
        .map_err(thrown(opts.lang))
}

/// The rows table, or the error of what is wrong with it; `what` names it in errors.
fn checked(t: RowsTable, lang: Lang, what: (&str, &str)) -> Result<RowsTable, JsValue> {
    match t.problem() {
        None => Ok(t),
        Some(p) => Err(option_error(
            lang,
            format!(
                "{} must be an array of objects or an object of columns of one length ({p})",
                what.0
            ),
            format!(
                "{} — массив объектов или объект со столбцами одной длины ({p})",
                what.1
            ),
        )),
    }
}

/// `options` without a `clients` field that holds rows (an array, or an object that is not
/// bytes), and those rows.
fn take_clients_rows(
    options: &JsValue,
    lang: Lang,
) -> Result<(JsValue, Option<RowsTable>), JsValue> {
    if !options.is_object() {
        return Ok((options.clone(), None));
    }
    let key = JsValue::from_str("clients");
    let clients = Reflect::get(options, &key).unwrap_or(JsValue::UNDEFINED);
    let rows = Array::is_array(&clients)
        || (clients.is_object()
            && !ArrayBuffer::is_view(&clients)
            && !clients.is_instance_of::<ArrayBuffer>());
    if !rows {
        return Ok((options.clone(), None));
    }
    let copy = Object::assign(&Object::new(), options.unchecked_ref());
    let _ = Reflect::delete_property(&copy, &key);
    let what = ("option `clients`", "таблица клиентов");
    Ok((
        copy.into(),
        Some(checked(rows_table(&clients), lang, what)?),
    ))
}
