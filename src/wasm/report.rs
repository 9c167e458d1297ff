//! The `Report` class: the result of an analysis. Large results cross as typed arrays or
//! CSV bytes.

use super::columns::JsColumns;
use super::{decode_csv_options, decode_options, decode_rule, encode, set, thrown};
use js_sys::{Array, Object, Uint32Array};
use wasm_bindgen::prelude::*;

/// The analysis result.
#[wasm_bindgen]
pub struct Report {
    pub(super) inner: crate::Report,
}

impl From<crate::Report> for Report {
    fn from(inner: crate::Report) -> Report {
        Report { inner }
    }
}

#[wasm_bindgen]
impl Report {
    /// Clients (with orders and leads).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Counts, revenue and actions per segment and label, cut points and warnings.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.summary())
    }

    /// The same clients labelled under new options, without reading the file again (levels,
    /// direction, thresholds, presets, ABC/XYZ thresholds, lifecycle, tiers, funnel, points,
    /// rule segments, playbook, language, a later `asOf`). Options that change how the file
    /// is read throw `invalidOption`; the clients table of the first analysis is kept.
    pub fn relabel(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
    ) -> Result<Report, JsValue> {
        let (opts, _) = decode_options(&options)?;
        self.inner
            .relabel(&opts)
            .map(Report::from)
            .map_err(thrown(opts.lang))
    }

    /// Rows read, accepted, rejected and excluded, by reason with lines and values.
    #[wasm_bindgen(unchecked_return_type = "Audit")]
    pub fn audit(&self) -> Result<JsValue, JsValue> {
        encode(self.inner.audit())
    }

    /// The fitted model (plain JSON-serialisable object) for `new Scorer(model)`.
    #[wasm_bindgen(unchecked_return_type = "Model")]
    pub fn model(&self) -> Result<JsValue, JsValue> {
        encode(self.inner.model())
    }

    /// What was detected about the file.
    #[wasm_bindgen(unchecked_return_type = "SniffResult")]
    pub fn sniff(&self) -> Result<JsValue, JsValue> {
        encode(self.inner.sniff())
    }

    /// The scored client table as UTF-8 CSV bytes (Excel-friendly by default).
    #[wasm_bindgen(js_name = customersCsv)]
    pub fn customers_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        self.inner
            .customers_csv(&o)
            .map_err(thrown(self.inner.lang()))
    }

    /// The contact list of the clients matching a rule, with their next action, as CSV.
    #[wasm_bindgen(js_name = contactsCsv)]
    pub fn contacts_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | RuleAst")] rule: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        let lang = self.inner.lang();
        let r = decode_rule(&rule, lang)?;
        self.inner.contacts_csv(&r, &o).map_err(thrown(lang))
    }

    /// The rejected rows (line, reason, fields) as CSV.
    #[wasm_bindgen(js_name = rejectedCsv)]
    pub fn rejected_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        self.inner
            .rejected_csv(&o)
            .map_err(thrown(self.inner.lang()))
    }

    /// Clients matching a rule: their row numbers, count and revenue.
    #[wasm_bindgen(unchecked_return_type = "Selection")]
    pub fn select(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | RuleAst")] rule: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let r = decode_rule(&rule, lang)?;
        let sel = self.inner.select(&r).map_err(thrown(lang))?;
        let obj = Object::new();
        set(&obj, "rows", &Uint32Array::from(&sel.rows[..]).into());
        set(&obj, "customers", &JsValue::from_f64(sel.customers as f64));
        set(&obj, "revenue", &JsValue::from_f64(sel.revenue));
        Ok(obj.into())
    }

    /// Why a client has each label; `undefined` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Explanation | undefined")]
    pub fn explain(&self, client_id: &str) -> Result<JsValue, JsValue> {
        match self.inner.explain(client_id) {
            Some(e) => encode(&e),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Explanation of the client in output row `row`.
    #[wasm_bindgen(js_name = explainRow, unchecked_return_type = "Explanation | undefined")]
    pub fn explain_row(&self, row: u32) -> Result<JsValue, JsValue> {
        if (row as usize) < self.inner.len() {
            encode(&self.inner.explain_row(row as usize))
        } else {
            Ok(JsValue::UNDEFINED)
        }
    }

    /// Who a client is: name, e-mail, phone and the clients table's cells; `undefined` for
    /// an unknown id.
    #[wasm_bindgen(unchecked_return_type = "ClientProfile | undefined")]
    pub fn profile(&self, client_id: &str) -> Result<JsValue, JsValue> {
        match self.inner.profile(client_id) {
            Some(p) => encode(&p),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Who the client in output row `row` is.
    #[wasm_bindgen(js_name = profileRow, unchecked_return_type = "ClientProfile | undefined")]
    pub fn profile_row(&self, row: u32) -> Result<JsValue, JsValue> {
        if (row as usize) < self.inner.len() {
            encode(&self.inner.profile_row(row as usize))
        } else {
            Ok(JsValue::UNDEFINED)
        }
    }

    /// Client ids in row order.
    #[wasm_bindgen(js_name = clientIds, unchecked_return_type = "string[]")]
    pub fn client_ids(&self) -> JsValue {
        let ids = self.inner.ids();
        let arr = Array::new_with_length(ids.len() as u32);
        for i in 0..ids.len() {
            arr.set(i as u32, JsValue::from_str(ids.get(i)));
        }
        arr.into()
    }

    /// Client names in row order (the clients table's, else the orders file's; `""` for a
    /// client without one), or `null` when the data has no names at all.
    #[wasm_bindgen(js_name = clientNames, unchecked_return_type = "string[] | null")]
    pub fn client_names(&self) -> JsValue {
        if !self.inner.has_names() {
            return JsValue::NULL;
        }
        let n = self.inner.len();
        let arr = Array::new_with_length(n as u32);
        for i in 0..n {
            arr.set(
                i as u32,
                JsValue::from_str(self.inner.client_name(i).unwrap_or("")),
            );
        }
        arr.into()
    }

    /// Per-client columns as typed arrays, with the names and keys their codes index.
    #[wasm_bindgen(unchecked_return_type = "ClientColumns")]
    pub fn columns(&self) -> Result<JsValue, JsValue> {
        let mut sink = JsColumns(Object::new());
        set(
            &sink.0,
            "length",
            &JsValue::from_f64(self.inner.len() as f64),
        );
        self.inner.write_columns(&mut sink);
        Ok(sink.0.into())
    }
}
