//! The events table on a report: `withEvents`, `eventsAudit`, and the behaviour presets.

use super::{bytes_of, encode, thrown, Report};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Report {
    /// This report with the events table (views, carts, clicks, opens; CSV bytes or text)
    /// joined to its clients: the behaviour fields then hold and the labels are computed
    /// again. Read with the report's `eventsColumns`.
    #[wasm_bindgen(js_name = withEvents)]
    pub fn with_events(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    ) -> Result<Report, JsValue> {
        let lang = self.inner.lang();
        let bytes = bytes_of(&data, ("events", "таблица событий"), lang)?;
        self.inner
            .with_events(&bytes)
            .map(Report::from)
            .map_err(thrown(lang))
    }

    /// What became of the events table's rows (`undefined` without one).
    #[wasm_bindgen(js_name = eventsAudit, unchecked_return_type = "EventsAudit | undefined")]
    pub fn events_audit(&self) -> Result<JsValue, JsValue> {
        match self.inner.events_audit() {
            Some(a) => encode(a),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Whether an events table is joined.
    #[wasm_bindgen(getter, js_name = hasEvents)]
    pub fn has_events(&self) -> bool {
        self.inner.has_events()
    }
}

/// The behaviour rule segments ("Viewed, did not buy", "Abandoned cart", "Clicked, did
/// not buy", "Reads, never bought") for the `ruleSegments` option.
#[wasm_bindgen(js_name = behaviourSegments, unchecked_return_type = "RuleSegment[]")]
pub fn behaviour_segments_js() -> Result<JsValue, JsValue> {
    encode(&crate::criteria::behaviour_segments())
}
