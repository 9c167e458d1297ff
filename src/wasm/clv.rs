//! `report.clv()`: the purchase and spend models on a report's clients, with each client's
//! predictions as typed arrays.

use super::{encode, from_js, set, thrown, Report};
use crate::error::ErrorKind;
use crate::report::ClvOptions;
use js_sys::{Float64Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Report {
    /// The purchase models (BG/NBD, MBG/NBD, with `paretoNbd: true` Pareto/NBD) and
    /// Gamma-Gamma fitted on the report's clients (the calibration ending on its `asOf`),
    /// the limits of the data, the backtest (with `analyze`'s `clv` option), and per output
    /// row `pAlive`, `expectedPurchases`, `expectedValue` and `clv` (Float64Array; NaN
    /// where there is none). Without `options`: those of `analyze`'s `clv`, else the
    /// defaults.
    #[wasm_bindgen(unchecked_return_type = "ClvResult")]
    pub fn clv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ClvOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let opts: ClvOptions = if options.is_undefined() || options.is_null() {
            self.inner.options().clv_options().unwrap_or_default()
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

#[wasm_bindgen]
impl Report {
    /// The options that analyse the same data to the backtest's calibration end (`asOf`
    /// set to it), for a report read in a stream or in byte ranges: analyse with them,
    /// then `setBacktest` (`analyze` does both itself). `undefined` without the `clv`
    /// option or with `backtest: false`.
    #[wasm_bindgen(js_name = calibrationOptions, unchecked_return_type = "AnalyzeOptions | undefined")]
    pub fn calibration_options(&self) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        match self.inner.calibration_options().map_err(thrown(lang))? {
            Some(o) => encode(&o),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Sets the backtest of the `clv` option's models from `calibration`: the same data
    /// analysed with `calibrationOptions()`.
    #[wasm_bindgen(js_name = setBacktest)]
    pub fn set_backtest(&mut self, calibration: &Report) {
        self.inner.set_backtest(Ok(&calibration.inner));
    }
}
