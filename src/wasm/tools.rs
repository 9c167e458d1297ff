//! Helpers for pages and editors: rule checks, presets, the demo sample, counts and the
//! version.

use super::{encode, from_js, option_error, set};
use crate::error::ErrorKind;
use crate::locale::Lang;
use js_sys::{Object, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Checks a rule against the fields a report would have, plus the clients table's
/// attributes: names, or `{ name, role, type }` objects so role names (`region`, `type`,
/// `source`, …) resolve and numeric attributes compare as numbers as in the analysis.
/// Returns `null` when the rule is valid, else the error with its position, its message in
/// `lang` (`"en"` by default, or `"ru"`).
#[wasm_bindgen(js_name = checkRule, unchecked_return_type = "RuleError | null")]
pub fn check_rule_js(
    #[wasm_bindgen(unchecked_param_type = "string")] rule: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "(string | { name: string; role?: Role; type?: AttributeType })[]"
    )]
    attributes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Lang")] lang: JsValue,
) -> Result<JsValue, JsValue> {
    let lang = match lang.as_string().as_deref() {
        Some("ru") => Lang::Ru,
        _ => Lang::En,
    };
    let text = rule.as_string().ok_or_else(|| {
        option_error(lang, "rule must be a string", "правило должно быть строкой")
    })?;
    let list = if attributes.is_undefined() || attributes.is_null() {
        Vec::new()
    } else {
        let what = ("attributes", "свойства клиентов");
        from_js(attributes, what, ErrorKind::InvalidOption, lang)?
    };
    match crate::criteria::check_rule(&text, list) {
        Ok(()) => Ok(JsValue::NULL),
        Err(e) => {
            #[derive(Serialize)]
            struct RuleErr<'a> {
                message: &'a str,
                offset: usize,
                line: u32,
                column: u32,
            }
            encode(&RuleErr {
                message: e.message_in(lang),
                offset: e.offset,
                line: e.line,
                column: e.column,
            })
        }
    }
}

/// Built-in presets: segment schemes, the default playbook and points card, and the names
/// and types of rule fields (for editors and settings pages). With a clients table's
/// attributes (as `checkRule` takes them), its fields too and the rule-segment presets its
/// columns allow (`ruleSegments.loyalty`).
#[wasm_bindgen(js_name = presets, unchecked_return_type = "Presets")]
pub fn presets_js(
    bins: Option<u8>,
    #[wasm_bindgen(
        unchecked_optional_param_type = "(string | { name: string; role?: Role; type?: AttributeType })[]"
    )]
    attributes: JsValue,
) -> Result<JsValue, JsValue> {
    let list = if attributes.is_undefined() || attributes.is_null() {
        Vec::new()
    } else {
        from_js(
            attributes,
            ("attributes", "свойства клиентов"),
            ErrorKind::InvalidOption,
            Lang::En,
        )?
    };
    encode(&crate::criteria::presets_with(bins, list))
}

/// The demo sample: a year of orders of a Russian shop (about `clients` clients, default
/// 1500) ending on `end` (`YYYY-MM-DD`, default 2026-10-31), and its clients table with
/// leads and 45 days of its site and mailing events, generated deterministically:
/// `{ orders: Uint8Array, clients: Uint8Array, events: Uint8Array }`, all
/// `;`-separated UTF-8 with a BOM, as Excel writes them.
#[wasm_bindgen(
    js_name = demoSample,
    unchecked_return_type = "{ orders: Uint8Array; clients: Uint8Array; events: Uint8Array }"
)]
pub fn demo_sample_js(clients: Option<u32>, end: Option<String>) -> JsValue {
    let (orders, table) = crate::sample::demo(
        clients.unwrap_or(1500).clamp(10, 200_000) as usize,
        end.as_deref().unwrap_or("2026-10-31"),
        2026,
    );
    let obj = Object::new();
    set(&obj, "orders", &Uint8Array::from(&orders[..]).into());
    set(&obj, "clients", &Uint8Array::from(&table[..]).into());
    let events = crate::sample::demo_events(
        clients.unwrap_or(1500).clamp(10, 200_000) as usize,
        end.as_deref().unwrap_or("2026-10-31"),
        2026,
    );
    set(&obj, "events", &Uint8Array::from(&events[..]).into());
    obj.into()
}

/// Counts the line feeds in `data`: a copy into the module's memory and one scan, the least
/// any analysis of the same bytes must do (benchmarks report speeds relative to it; pages can
/// use it to estimate rows before a long analysis).
#[wasm_bindgen(js_name = countLines)]
pub fn count_lines(data: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', data).count() as u32
}

/// Bytes of linear memory the module holds (it grows as needed and never shrinks, so after
/// an analysis this is its peak).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::ArrayBuffer::from(mem.buffer()).byte_length() as f64
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
