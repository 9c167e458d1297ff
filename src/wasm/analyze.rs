//! `analyze`, `sniff`, `audit` and the streaming `Analyzer`.

use super::{
    bytes_of, decode_options, encode, events_of, finished, lang_of, thrown, to_js_error, Report,
};
use crate::locale::Lang;
use crate::Outcome;
use wasm_bindgen::prelude::*;

/// Segments every client of a transactions CSV (bytes in any supported encoding, or text).
#[wasm_bindgen(js_name = analyze)]
pub fn analyze_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<Report, JsValue> {
    let bytes = bytes_of(&data, DATA, lang_of(&options))?;
    let (opts, clients) = decode_options(&options)?;
    let events = events_of(&options, opts.lang)?;
    let report = crate::analyze_with_clients(&bytes, clients.as_deref(), &opts);
    match events {
        Some(e) => report.and_then(|r| r.with_events(&e)),
        None => report,
    }
    .map(Report::from)
    .map_err(thrown(opts.lang))
}

/// The data argument, as errors name it.
const DATA: (&str, &str) = ("data", "данные");

/// Detects encoding, delimiter, header, column roles, formats, and shows the first rows.
#[wasm_bindgen(js_name = sniff, unchecked_return_type = "SniffResult")]
pub fn sniff_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes_of(&data, DATA, lang_of(&options))?;
    let (opts, _) = decode_options(&options)?;
    encode(&crate::sniff(&bytes, &opts).map_err(thrown(opts.lang))?)
}

/// The data audit of a transactions CSV, without the segmentation.
#[wasm_bindgen(js_name = audit, unchecked_return_type = "Audit")]
pub fn audit_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes_of(&data, DATA, lang_of(&options))?;
    let (opts, clients) = decode_options(&options)?;
    let r = crate::analyze_with_clients(&bytes, clients.as_deref(), &opts)
        .map_err(thrown(opts.lang))?;
    encode(r.audit())
}

/// Streaming analysis: `push(chunk)` as the bytes arrive (e.g. from `File.stream()`), then
/// `end()` (or `finish()`).
#[wasm_bindgen]
pub struct Analyzer {
    inner: Option<crate::Analyzer>,
    /// The fixes taken, kept once the analyzer has ended.
    fixes: Vec<crate::AppliedFix>,
    /// The language of its errors.
    lang: Lang,
}

#[wasm_bindgen]
impl Analyzer {
    /// A new streaming analysis; `totalBytes` (e.g. `file.size`), when known, lets it size
    /// its tables once.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
        total_bytes: Option<f64>,
    ) -> Result<Analyzer, JsValue> {
        let (opts, clients) = decode_options(&options)?;
        let lang = opts.lang;
        let mut a = crate::Analyzer::new(&opts, clients.as_deref()).map_err(thrown(lang))?;
        if let Some(t) = total_bytes.filter(|t| t.is_finite() && *t > 0.0) {
            a.set_size_hint(t as u64);
        }
        Ok(Analyzer {
            inner: Some(a),
            fixes: Vec::new(),
            lang,
        })
    }

    fn get(&mut self) -> Result<&mut crate::Analyzer, JsValue> {
        let lang = self.lang;
        self.inner
            .as_mut()
            .ok_or_else(|| finished("analyzer", lang))
    }

    /// Feeds the next chunk of bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let lang = self.lang;
        let a = self.get()?;
        a.push(chunk).map_err(|e| {
            self.inner = None;
            to_js_error(e, lang)
        })
    }

    /// Bytes received, rows read and clients seen so far.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(&mut self) -> Result<JsValue, JsValue> {
        encode(&self.get()?.progress())
    }

    /// The sniff, once enough bytes have arrived (`undefined` before).
    #[wasm_bindgen(unchecked_return_type = "SniffResult | undefined")]
    pub fn sniffed(&mut self) -> Result<JsValue, JsValue> {
        match self.get()?.sniffed() {
            Some(s) => encode(s),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The fixes taken (also after `end()`): a row late in the file contradicted the date or
    /// decimal format the first rows suggested.
    #[wasm_bindgen(unchecked_return_type = "AppliedFix[]")]
    pub fn fixes(&self) -> Result<JsValue, JsValue> {
        match &self.inner {
            Some(a) => encode(&a.fixes()),
            None => encode(&self.fixes),
        }
    }

    /// Ends the input: the report, or `undefined` when a late row contradicted a format the
    /// first rows suggested; the analyzer then took the fix (the last of `fixes()`) and wants
    /// the same bytes again from the start, then `end()` again.
    pub fn end(&mut self) -> Result<Option<Report>, JsValue> {
        let a = self.get()?;
        let outcome = a.end();
        self.fixes = a.fixes().to_vec();
        match outcome {
            Ok(Outcome::Report(r)) => {
                self.inner = None;
                Ok(Some(Report::from(*r)))
            }
            Ok(Outcome::ReadAgain) => Ok(None),
            Err(e) => {
                self.inner = None;
                Err(to_js_error(e, self.lang))
            }
        }
    }

    /// Ends the input and returns the report, for callers that cannot read the input again:
    /// a late row contradicting the format throws `formatContradiction` with the `fix`.
    pub fn finish(&mut self) -> Result<Report, JsValue> {
        let lang = self.lang;
        let mut a = self
            .inner
            .take()
            .ok_or_else(|| finished("analyzer", lang))?;
        a.finish().map(Report::from).map_err(thrown(lang))
    }
}
