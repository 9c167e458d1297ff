//! The `Scorer` class: one client at a time from a fitted model.

use super::{encode, from_js, lang_of, thrown};
use crate::error::ErrorKind;
use wasm_bindgen::prelude::*;

/// Scores single clients with a fitted model.
#[wasm_bindgen]
pub struct Scorer {
    inner: crate::Scorer,
}

#[wasm_bindgen]
impl Scorer {
    /// Compiles a model from `report.model()` (or its JSON parsed back).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Model")] model: JsValue,
    ) -> Result<Scorer, JsValue> {
        let lang = lang_of(&model);
        let m: crate::Model = from_js(model, ("model", "модель"), ErrorKind::InvalidModel, lang)?;
        crate::Scorer::new(m)
            .map(|s| Scorer { inner: s })
            .map_err(thrown(lang))
    }

    /// Labels one client as of `options.asOf`, by default today by the JavaScript clock:
    /// recency is measured to that date with the model's cut points and rules, and the
    /// result says the model's age there and whether it is `stale` (older than
    /// `options.staleAfterDays`, default 30).
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput")] client: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let what = ("client", "клиент");
        let c: crate::ClientInput = from_js(client, what, ErrorKind::InvalidClient, lang)?;
        let mut o: crate::ScoreOptions = if options.is_undefined() || options.is_null() {
            crate::ScoreOptions::default()
        } else {
            from_js(
                options,
                ("options", "настройки"),
                ErrorKind::InvalidOption,
                lang,
            )?
        };
        // The core reads no clock: today comes from here.
        if o.as_of.is_none() {
            o.as_of = Some(super::today());
        }
        encode(&self.inner.score_with(&c, &o).map_err(thrown(lang))?)
    }
}
