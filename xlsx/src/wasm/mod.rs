//! The JavaScript binding: the only module that names `wasm_bindgen` or `js_sys`. Every
//! export decodes its arguments, calls the core, encodes the result and maps errors to a
//! thrown `SegmentationError`, as segmenta's own module does.

use crate::error::{Error, ErrorKind, Lang};
use crate::workbook::{Options, SheetChoice};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

/// Panics (there should be none) print their message to the console. Without the default
/// feature there is no start function, so another module can link this crate.
#[cfg(feature = "console_error_panic_hook")]
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// One sheet of an .xlsx workbook as UTF-8 CSV bytes for `analyze`, with the workbook's
/// visible worksheets. Dates become `YYYY-MM-DD`, numbers plain decimals, text stays as
/// it is. Errors are worded in `options.lang` (English by default).
#[wasm_bindgen(js_name = xlsxToCsv, unchecked_return_type = "XlsxCsv")]
pub fn xlsx_to_csv_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "XlsxOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let lang = decode_lang(&options)?;
    let options = decode_options(&options, lang)?;
    let bytes = bytes_of(&data, lang)?;
    let out = crate::xlsx_to_csv(&bytes, &options).map_err(|e| to_js_error(&e, lang))?;
    drop(bytes);
    let obj = Object::new();
    set(&obj, "csv", &Uint8Array::from(&out.csv[..]));
    set(&obj, "sheets", &names(&out.sheets));
    set(&obj, "sheet", &JsValue::from_str(&out.sheet));
    set(&obj, "firstRow", &JsValue::from(out.first_row));
    set(&obj, "firstColumn", &JsValue::from(out.first_column));
    set(&obj, "lines", &JsValue::from(out.lines));
    Ok(obj.into())
}

/// The visible worksheets of an .xlsx workbook, in the order of its tabs. Errors are
/// worded in `options.lang` (English by default).
#[wasm_bindgen(js_name = xlsxSheets, unchecked_return_type = "string[]")]
pub fn xlsx_sheets_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "XlsxSheetsOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let lang = decode_lang(&options)?;
    let bytes = bytes_of(&data, lang)?;
    let sheets = crate::sheet_names(&bytes).map_err(|e| to_js_error(&e, lang))?;
    Ok(names(&sheets).into())
}

fn names(list: &[String]) -> Array {
    list.iter().map(|s| JsValue::from_str(s)).collect()
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Builds a thrown `Error` with `name = "SegmentationError"`, a stable `kind` and the
/// message in `lang`.
fn to_js_error(e: &Error, lang: Lang) -> JsValue {
    let err = js_sys::Error::new(e.message(lang));
    err.set_name("SegmentationError");
    set(err.as_ref(), "kind", &JsValue::from_str(e.kind().as_str()));
    err.into()
}

/// An invalid argument: a programming error, worded in both languages all the same.
fn option_error(lang: Lang, en: &str, ru: &str) -> JsValue {
    to_js_error(&Error::new(ErrorKind::InvalidOption, en, ru), lang)
}

/// Bytes of a `Uint8Array | ArrayBuffer` argument.
fn bytes_of(data: &JsValue, lang: Lang) -> Result<Vec<u8>, JsValue> {
    if let Some(a) = data.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(option_error(
        lang,
        "the workbook must be a Uint8Array or an ArrayBuffer",
        "книгу передают как Uint8Array или ArrayBuffer",
    ))
}

fn field(options: &JsValue, key: &str) -> JsValue {
    Reflect::get(options, &JsValue::from_str(key)).unwrap_or_default()
}

/// `options.lang`, read first so that every other error is worded in it.
fn decode_lang(options: &JsValue) -> Result<Lang, JsValue> {
    if !options.is_object() {
        return Ok(Lang::En);
    }
    let lang = field(options, "lang");
    match lang.as_string().as_deref() {
        Some("en") => Ok(Lang::En),
        Some("ru") => Ok(Lang::Ru),
        None if lang.is_undefined() || lang.is_null() => Ok(Lang::En),
        _ => Err(option_error(
            Lang::En,
            "option `lang` must be \"en\" or \"ru\"",
            "параметр `lang` — \"en\" или \"ru\"",
        )),
    }
}

fn decode_options(options: &JsValue, lang: Lang) -> Result<Options, JsValue> {
    let mut out = Options::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(option_error(
            lang,
            "options must be an object",
            "параметры передают объектом",
        ));
    }
    let sheet = field(options, "sheet");
    if let Some(name) = sheet.as_string() {
        out.sheet = SheetChoice::Name(name);
    } else if let Some(i) = sheet.as_f64() {
        if i < 0.0 || i.fract() != 0.0 || i > u32::MAX as f64 {
            return Err(option_error(
                lang,
                "option `sheet`: a position must be a whole number from 0",
                "параметр `sheet`: номер листа — целое число от 0",
            ));
        }
        out.sheet = SheetChoice::Index(i as usize);
    } else if !sheet.is_undefined() && !sheet.is_null() {
        return Err(option_error(
            lang,
            "option `sheet` must be a sheet's name or its position",
            "параметр `sheet` — имя листа или его номер",
        ));
    }
    let max = field(options, "maxBytes");
    if let Some(n) = max.as_f64() {
        if n.is_nan() || n < 1.0 {
            return Err(option_error(
                lang,
                "option `maxBytes` must be a positive number",
                "параметр `maxBytes` — положительное число",
            ));
        }
        out.max_bytes = n as u64;
    } else if !max.is_undefined() && !max.is_null() {
        return Err(option_error(
            lang,
            "option `maxBytes` must be a number",
            "параметр `maxBytes` — число",
        ));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !["sheet", "maxBytes", "lang"].contains(&key.as_str()) {
            return Err(option_error(
                lang,
                &format!("unknown option `{key}` (options are `sheet`, `maxBytes` and `lang`)"),
                &format!("неизвестный параметр `{key}` (параметры: `sheet`, `maxBytes` и `lang`)"),
            ));
        }
    }
    Ok(out)
}
