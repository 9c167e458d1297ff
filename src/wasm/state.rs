//! Saved states and updates: `report.state()`, `Report.fromState`, `report.update` and the
//! streaming `Updater`.

use super::report::Report;
use super::{decode_options, encode, finished, thrown, to_js_error};
use crate::locale::Lang;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Report {
    /// The saved state: compact, versioned bytes (the same in the browser, Node, Deno and
    /// workerd) that `Report.fromState` reads back and `update` continues with new orders.
    /// Throws `invalidState` for a report that keeps none (clients merged by contacts, a
    /// file read in parallel byte ranges).
    pub fn state(&self) -> Result<Vec<u8>, JsValue> {
        self.inner.state().map_err(thrown(self.inner.lang()))
    }

    /// The size of the saved state in bytes (0 when none is kept).
    #[wasm_bindgen(getter, js_name = stateBytes)]
    pub fn state_bytes(&self) -> f64 {
        self.inner.state_bytes() as f64
    }

    /// The report a saved state holds, relabelled with `options` when given (options that
    /// change how the file is read throw `invalidOption`). Bytes of another format version,
    /// truncated or changed throw `invalidState`.
    #[wasm_bindgen(js_name = fromState)]
    pub fn from_state(
        state: &[u8],
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
    ) -> Result<Report, JsValue> {
        let opts = if options.is_undefined() || options.is_null() {
            None
        } else {
            Some(decode_options(&options)?.0)
        };
        let lang = opts.as_ref().map_or(Lang::En, |o| o.lang);
        crate::from_state(state, opts.as_ref())
            .map(Report::from)
            .map_err(thrown(lang))
    }

    /// This report with the new rows `bytes` added (the same columns and format as its
    /// file; a repeated header is left out): equal to analysing the file and the new rows
    /// together, without reading the file again.
    pub fn update(&self, bytes: &[u8]) -> Result<Report, JsValue> {
        crate::update(&self.inner, bytes)
            .map(Report::from)
            .map_err(thrown(self.inner.lang()))
    }

    /// A streaming update of this report: `push` the new rows in chunks, then `finish`.
    pub fn updater(&self) -> Result<Updater, JsValue> {
        let lang = self.inner.lang();
        let inner = crate::Updater::of(&self.inner).map_err(thrown(lang))?;
        Ok(Updater {
            inner: Some(inner),
            lang,
        })
    }

    /// What the update that made this report added (`undefined` for other reports).
    #[wasm_bindgen(js_name = updateNote, unchecked_return_type = "UpdateNote | undefined")]
    pub fn update_note(&self) -> Result<JsValue, JsValue> {
        match self.inner.update_note() {
            Some(n) => encode(&n),
            None => Ok(JsValue::UNDEFINED),
        }
    }
}

/// Streaming update of a saved state.
#[wasm_bindgen]
pub struct Updater {
    inner: Option<crate::Updater>,
    lang: Lang,
}

#[wasm_bindgen]
impl Updater {
    /// An update of the saved `state` (`report.state()`); throws `invalidState` for bytes
    /// of another format version, truncated or changed.
    #[wasm_bindgen(constructor)]
    pub fn new(state: &[u8]) -> Result<Updater, JsValue> {
        let inner = crate::Updater::new(state).map_err(thrown(Lang::En))?;
        Ok(Updater {
            inner: Some(inner),
            lang: Lang::En,
        })
    }

    fn get(&mut self) -> Result<&mut crate::Updater, JsValue> {
        let lang = self.lang;
        self.inner.as_mut().ok_or_else(|| finished("updater", lang))
    }

    /// Feeds the next chunk of new rows.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let lang = self.lang;
        let u = self.get()?;
        u.push(chunk).map_err(|e| {
            self.inner = None;
            to_js_error(e, lang)
        })
    }

    /// Bytes, rows and clients so far, the history's included.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(&mut self) -> Result<JsValue, JsValue> {
        encode(&self.get()?.progress())
    }

    /// Ends the new rows: the updated report (which keeps the updated state).
    pub fn finish(&mut self) -> Result<Report, JsValue> {
        let lang = self.lang;
        let mut u = self.inner.take().ok_or_else(|| finished("updater", lang))?;
        u.finish().map(Report::from).map_err(thrown(lang))
    }
}
