//! The JavaScript binding: the only module that names `wasm_bindgen`, `js_sys` or
//! `serde_wasm_bindgen`. Every export decodes its arguments, calls the core, encodes the
//! result and maps errors to a thrown `SegmentationError`.

mod analyze;
mod clv;
mod columns;
mod compare;
mod dynamic;
mod events;
mod marks;
mod parallel;
mod report;
mod rows;
mod scorer;
mod state;
mod tools;

pub use analyze::{analyze_js, audit_js, sniff_js, Analyzer};
pub use compare::{compare_files_js, compare_js, Comparison};
pub use dynamic::{automate_first_js, automate_js, Automation, Pilot};
pub use events::behaviour_segments_js;
pub use parallel::{find_cut_js, merge_ranges_js, split_cut_window, split_head_bytes, RangeReader};
pub use report::Report;
pub use rows::analyze_rows_js;
pub use scorer::Scorer;
pub use state::Updater;
pub use tools::{check_rule_js, count_lines, demo_sample_js, memory_bytes, presets_js, version};

use crate::error::{Error, ErrorKind};
use crate::ingest::ReadOptions;
use crate::locale::Lang;
use crate::options::{serde_ru, Options};
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

/// Builds a thrown `Error` with `name = "SegmentationError"`, the message in `lang`, a
/// stable `kind`, and the position (`row`, `line`, `column`) and `fix` (`{ option, value }`)
/// when known.
fn to_js_error(e: Error, lang: Lang) -> JsValue {
    let err = js_sys::Error::new(&e.text(lang));
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

/// [`to_js_error`] in `lang`, for `map_err`.
fn thrown(lang: Lang) -> impl Fn(Error) -> JsValue {
    move |e| to_js_error(e, lang)
}

/// A thrown `invalidOption` error with its English and Russian messages.
fn option_error(lang: Lang, en: impl Into<String>, ru: impl Into<String>) -> JsValue {
    to_js_error(Error::option(en).ru(ru), lang)
}

/// The language a JavaScript options object (or model) asks for, read before decoding it so
/// that its own errors are in that language: `ru` when `lang` is `"ru"`, else English.
fn lang_of(v: &JsValue) -> Lang {
    let lang = if v.is_object() {
        Reflect::get(v, &JsValue::from_str("lang")).ok()
    } else {
        None
    };
    match lang.and_then(|l| l.as_string()).as_deref() {
        Some("ru") => Lang::Ru,
        _ => Lang::En,
    }
}

/// The error of a streaming reader used after `finish()`.
fn finished(what: &str, lang: Lang) -> JsValue {
    let e = Error::new(
        ErrorKind::Finished,
        format!("the {what} has already finished"),
    )
    .ru("чтение файла уже закончено");
    to_js_error(e, lang)
}

fn encode<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    // The result is the module's own: failing to encode it is a bug, reported in English.
    v.serialize(&SERIALIZER).map_err(|e| {
        to_js_error(
            Error::option(format!("cannot encode result: {e}")),
            Lang::En,
        )
    })
}

/// Bytes of a `Uint8Array | ArrayBuffer | string` argument; `what` names it in English and
/// Russian.
fn bytes_of(data: &JsValue, what: (&str, &str), lang: Lang) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = data.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = data.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(option_error(
        lang,
        format!(
            "{} must be a Uint8Array, an ArrayBuffer or a string",
            what.0
        ),
        format!(
            "{}: нужны байты (Uint8Array, ArrayBuffer) или строка",
            what.1
        ),
    ))
}

/// Decodes options (with `today` from the clock when absent); a `clients` field holding
/// bytes is taken out and returned apart. Errors are in the language the options ask for.
fn decode_options(options: &JsValue) -> Result<(Options, Option<Vec<u8>>), JsValue> {
    let lang = lang_of(options);
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
        return Err(option_error(
            lang,
            "options must be an object",
            "настройки должны быть объектом",
        ));
    }
    let copy = Object::assign(&Object::new(), options.unchecked_ref());
    let key = JsValue::from_str("clients");
    let clients = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
    let mut clients_bytes = None;
    if !clients.is_undefined() && !clients.is_null() && clients.as_string().is_none() {
        clients_bytes = Some(bytes_of(
            &clients,
            ("option `clients`", "таблица клиентов"),
            lang,
        )?);
        let _ = Reflect::delete_property(&copy, &key);
    }
    // Events given as bytes are read by `events_of`; as text they stay an option.
    let key = JsValue::from_str("events");
    let events = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
    if !events.is_undefined() && !events.is_null() && events.as_string().is_none() {
        let _ = Reflect::delete_property(&copy, &key);
    }
    let what = ("options", "настройки");
    let mut o: Options = from_js(copy.into(), what, ErrorKind::InvalidOption, lang)?;
    if o.read.today.is_none() {
        o.read.today = Some(today());
    }
    Ok((o, clients_bytes))
}

/// The events table given as bytes in `options.events`, if it is.
fn events_of(options: &JsValue, lang: Lang) -> Result<Option<Vec<u8>>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let events = Reflect::get(options, &JsValue::from_str("events")).unwrap_or(JsValue::UNDEFINED);
    if events.is_undefined() || events.is_null() || events.as_string().is_some() {
        return Ok(None);
    }
    bytes_of(&events, ("option `events`", "таблица событий"), lang).map(Some)
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
    csv_options_in(options, report.lang())
}

/// CSV options over the Excel defaults of `lang`.
fn csv_options_in(options: &JsValue, lang: Lang) -> Result<CsvOptions, JsValue> {
    let base = CsvOptions::excel(lang);
    if options.is_undefined() || options.is_null() {
        return Ok(base);
    }
    let what = ("CSV options", "настройки CSV");
    let given: serde_json::Value = from_js(options.clone(), what, ErrorKind::InvalidOption, lang)?;
    base.with(given).map_err(thrown(lang))
}

/// Decodes a JavaScript value through JSON's data model, so `deny_unknown_fields` catches
/// misspelt option names (serde-wasm-bindgen reads only the fields it knows). `what` names
/// the value in English and Russian.
fn from_js<T: serde::de::DeserializeOwned>(
    v: JsValue,
    what: (&str, &str),
    kind: ErrorKind,
    lang: Lang,
) -> Result<T, JsValue> {
    let (en, ru) = what;
    let value: serde_json::Value = serde_wasm_bindgen::from_value(v).map_err(|e| {
        let e = Error::new(kind, format!("{en}: {e}")).ru(format!("{ru}: значение не разобрано"));
        to_js_error(e, lang)
    })?;
    serde_json::from_value(value).map_err(|e| {
        let e = Error::new(kind, format!("{en}: {e}")).ru(format!("{ru}: {}", serde_ru(&e)));
        to_js_error(e, lang)
    })
}

/// A rule as text or as its JSON AST.
fn decode_rule(rule: &JsValue, lang: Lang) -> Result<crate::criteria::RuleSource, JsValue> {
    if let Some(s) = rule.as_string() {
        return Ok(crate::criteria::RuleSource::Text(s));
    }
    from_js(
        rule.clone(),
        ("rule", "правило"),
        ErrorKind::InvalidRule,
        lang,
    )
}
