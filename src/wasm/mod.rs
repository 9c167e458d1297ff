//! The JavaScript binding: the only module that names `wasm_bindgen`, `js_sys` or
//! `serde_wasm_bindgen`. Every export decodes its arguments, calls the core, encodes the
//! result and maps errors to a thrown `SegmentationError`.

mod analyze;
mod columns;
mod parallel;
mod report;
mod scorer;
mod tools;

pub use analyze::{analyze_js, audit_js, sniff_js, Analyzer};
pub use parallel::{find_cut_js, merge_ranges_js, split_cut_window, split_head_bytes, RangeReader};
pub use report::Report;
pub use scorer::Scorer;
pub use tools::{check_rule_js, count_lines, demo_sample_js, memory_bytes, presets_js, version};

use crate::error::{Error, ErrorKind};
use crate::ingest::ReadOptions;
use crate::options::Options;
use crate::report::CsvOptions;
use js_sys::{Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

#[wasm_bindgen(start)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Builds a thrown `Error` with `name = "SegmentationError"`, a stable `kind`, and the
/// position (`row`, `line`, `column`) and `fix` (`{ option, value }`) when known.
fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("SegmentationError");
    let obj: &Object = err.as_ref();
    set(obj, "kind", &JsValue::from_str(e.kind().as_str()));
    if let Some(p) = e.position() {
        if let Some(r) = p.row {
            set(obj, "row", &JsValue::from_f64(r as f64));
        }
        if let Some(l) = p.line {
            set(obj, "line", &JsValue::from_f64(l as f64));
        }
        if let Some(c) = &p.column {
            set(obj, "column", &JsValue::from_str(c));
        }
    }
    if let Some(f) = e.fix() {
        let fix = Object::new();
        set(&fix, "option", &JsValue::from_str(f.option()));
        set(&fix, "value", &JsValue::from_str(f.value()));
        set(obj, "fix", &fix);
    }
    err.into()
}

fn option_error(e: impl std::fmt::Display) -> JsValue {
    to_js_error(Error::option(e.to_string()))
}

/// The error of a streaming reader used after `finish()`.
fn finished(what: &str) -> JsValue {
    to_js_error(Error::new(
        ErrorKind::Finished,
        format!("the {what} has already finished"),
    ))
}

fn encode<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&SERIALIZER)
        .map_err(|e| option_error(format!("cannot encode result: {e}")))
}

/// Bytes of a `Uint8Array | ArrayBuffer | string` argument.
fn bytes_of(data: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = data.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = data.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(option_error(format!(
        "{what} must be a Uint8Array, an ArrayBuffer or a string"
    )))
}

/// Decodes options (with `today` from the clock when absent); a `clients` field holding
/// bytes is taken out and returned apart.
fn decode_options(options: &JsValue) -> Result<(Options, Option<Vec<u8>>), JsValue> {
    if options.is_undefined() || options.is_null() {
        let read = ReadOptions {
            today: Some(today()),
            ..ReadOptions::default()
        };
        return Ok((
            Options {
                read,
                ..Options::default()
            },
            None,
        ));
    }
    if !options.is_object() {
        return Err(option_error("options must be an object"));
    }
    let copy = Object::assign(&Object::new(), options.unchecked_ref());
    let key = JsValue::from_str("clients");
    let clients = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
    let mut clients_bytes = None;
    if !clients.is_undefined() && !clients.is_null() && clients.as_string().is_none() {
        clients_bytes = Some(bytes_of(&clients, "option `clients`")?);
        let _ = Reflect::delete_property(&copy, &key);
    }
    let mut o: Options = from_js(copy.into(), "options", ErrorKind::InvalidOption)?;
    if o.read.today.is_none() {
        o.read.today = Some(today());
    }
    Ok((o, clients_bytes))
}

/// Today's date from the JavaScript clock (the core never reads a clock), local time.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// CSV options over the Excel defaults of the report's language.
fn decode_csv_options(options: &JsValue, report: &crate::Report) -> Result<CsvOptions, JsValue> {
    let base = CsvOptions::excel(report.lang());
    if options.is_undefined() || options.is_null() {
        return Ok(base);
    }
    let given: serde_json::Value = serde_wasm_bindgen::from_value(options.clone())
        .map_err(|e| option_error(format!("CSV options: {e}")))?;
    base.with(given).map_err(to_js_error)
}

/// Decodes a JavaScript value through JSON's data model, so `deny_unknown_fields` catches
/// misspelt option names (serde-wasm-bindgen reads only the fields it knows).
fn from_js<T: serde::de::DeserializeOwned>(
    v: JsValue,
    what: &str,
    kind: ErrorKind,
) -> Result<T, JsValue> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(v)
        .map_err(|e| to_js_error(Error::new(kind, format!("{what}: {e}"))))?;
    serde_json::from_value(value).map_err(|e| to_js_error(Error::new(kind, format!("{what}: {e}"))))
}

/// A rule as text or as its JSON AST.
fn decode_rule(rule: &JsValue) -> Result<crate::criteria::RuleSource, JsValue> {
    if let Some(s) = rule.as_string() {
        return Ok(crate::criteria::RuleSource::Text(s));
    }
    from_js(rule.clone(), "rule", ErrorKind::InvalidRule)
}
