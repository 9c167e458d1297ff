//! `report.clv()`: the purchase and spend models on a report's clients, with each client's
//! predictions as typed arrays.

use super::{encode, from_js, set, thrown, Report};
use crate::error::ErrorKind;
use crate::report::ClvOptions;
use js_sys::{Float64Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Report {
    /// BG/NBD, Gamma-Gamma and (with `paretoNbd: true`) Pareto/NBD fitted on the report's
    /// clients (the calibration ending on its `asOf`), the limits of the data, and per
    /// output row `pAlive`,
    /// `expectedPurchases`, `expectedValue` and `clv` (Float64Array; NaN where there is
    /// none).
    #[wasm_bindgen(unchecked_return_type = "ClvResult")]
    pub fn clv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClvOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let opts: ClvOptions = if options.is_undefined() || options.is_null() {
            ClvOptions::default()
        } else {
            from_js(
                options,
                ("option `clv`", "настройка `clv`"),
                ErrorKind::InvalidOption,
                lang,
            )?
        };
        let c = self.inner.clv(&opts).map_err(thrown(lang))?;
        let out: Object = encode(&c)?.unchecked_into();
        for (name, values) in [
            ("pAlive", &c.p_alive),
            ("expectedPurchases", &c.expected_purchases),
            ("expectedValue", &c.expected_value),
            ("clv", &c.clv),
        ] {
            set(&out, name, &Float64Array::from(&values[..]).into());
        }
        Ok(out.into())
    }
}
