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

    /// Labels one client.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput")] client: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let what = ("client", "клиент");
        let c: crate::ClientInput = from_js(client, what, ErrorKind::InvalidClient, lang)?;
        encode(&self.inner.score(&c).map_err(thrown(lang))?)
    }
}
