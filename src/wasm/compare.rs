//! `compareFiles` and the `Comparison` class: who moved between two analyses. The flows are
//! small plain objects; the clients of a path cross as a `Uint32Array` of indices, their ids
//! and reasons as string lists asked for by those indices, a path's CSV as bytes.

use super::report::Report;
use super::{decode_options, encode, from_js, thrown};
use crate::error::ErrorKind;
use crate::locale::Lang;
use crate::report::CsvOptions;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// Who moved between two analyses.
#[wasm_bindgen]
pub struct Comparison {
    inner: crate::Comparison,
}

/// Analyses `before` with `beforeOptions` and `after` (the same bytes when absent) with
/// `afterOptions`, and compares them: one file at two dates is
/// `compareFiles(bytes, undefined, { asOf: "1998-03-31" }, {})`. Names and reasons are in
/// the later analysis's language.
#[wasm_bindgen(js_name = compareFiles)]
pub fn compare_files_js(
    before: &[u8],
    after: Option<Vec<u8>>,
    #[wasm_bindgen(js_name = beforeOptions, unchecked_optional_param_type = "AnalyzeOptions")]
    before_options: JsValue,
    #[wasm_bindgen(js_name = afterOptions, unchecked_optional_param_type = "AnalyzeOptions")]
    after_options: JsValue,
) -> Result<Comparison, JsValue> {
    let run = |bytes: &[u8], options: &JsValue| {
        let (o, clients) = decode_options(options)?;
        crate::analyze_with_clients(bytes, clients.as_deref(), &o).map_err(thrown(o.lang))
    };
    let old = run(before, &before_options)?;
    let new = run(after.as_deref().unwrap_or(before), &after_options)?;
    Ok(Comparison {
        inner: crate::Report::compare(&old, &new),
    })
}

/// Compares two reports already made (yesterday's, restored with `Report.fromState`, and
/// today's after `update`; or any two analyses): clients are matched by id. Names and
/// reasons are in the later report's language.
#[wasm_bindgen(js_name = compare)]
pub fn compare_js(before: &Report, after: &Report) -> Comparison {
    Comparison {
        inner: crate::Report::compare(&before.inner, &after.inner),
    }
}

impl Comparison {
    fn lang(&self) -> Lang {
        self.inner.lang()
    }

    /// An error for a criterion the comparison does not have.
    fn unknown(&self, key: &str) -> JsValue {
        super::option_error(
            self.lang(),
            format!("no criterion \"{key}\" to compare"),
            format!("нет критерия «{key}» для сравнения"),
        )
    }
}

#[wasm_bindgen]
impl Comparison {
    /// Clients of either analysis (each is on exactly one path of every flow).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// The two dates, the clients and every criterion's flow: labels, paths, counts.
    #[wasm_bindgen(unchecked_return_type = "ComparisonSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.summary())
    }

    /// The flow of one criterion (`rfm`, `lifecycle`, `valueTier`, `abc`, `xyz`, `points`,
    /// `ruleSegments`); `undefined` when the analyses do not have it.
    #[wasm_bindgen(unchecked_return_type = "Flow | undefined")]
    pub fn flow(&self, criterion: &str) -> Result<JsValue, JsValue> {
        match self.inner.flow(criterion) {
            Some(f) => encode(f),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The clients (indices) on the path from label `from` to label `to` (indices into the
    /// flow's `labels`).
    #[wasm_bindgen(js_name = clientsOn)]
    pub fn clients_on(&self, criterion: &str, from: u8, to: u8) -> Result<Vec<u32>, JsValue> {
        self.inner
            .clients_on(criterion, from, to)
            .ok_or_else(|| self.unknown(criterion))
    }

    /// The clients (indices) who went from a valuable label to a risky one.
    #[wasm_bindgen(js_name = valuableToRisky)]
    pub fn valuable_to_risky(&self, criterion: &str) -> Result<Vec<u32>, JsValue> {
        self.inner
            .valuable_to_risky(criterion)
            .ok_or_else(|| self.unknown(criterion))
    }

    /// The ids of clients (indices).
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn ids(&self, clients: &[u32]) -> Array {
        let out = Array::new_with_length(clients.len() as u32);
        for (n, &k) in clients.iter().enumerate() {
            if (k as usize) < self.inner.len() {
                out.set(
                    n as u32,
                    JsValue::from_str(self.inner.client_id(k as usize)),
                );
            }
        }
        out
    }

    /// Why client `id` moved on a criterion, e.g. `Loyal → At risk: R 4 → 2, last order
    /// 95 days ago`; `undefined` for an unknown id.
    pub fn explain(&self, criterion: &str, id: &str) -> Result<Option<String>, JsValue> {
        if self.inner.flow(criterion).is_none() {
            return Err(self.unknown(criterion));
        }
        Ok(self.inner.explain(criterion, id))
    }

    /// The reasons of clients (indices), in their order.
    #[wasm_bindgen(js_name = explainClients, unchecked_return_type = "string[]")]
    pub fn explain_clients(&self, criterion: &str, clients: &[u32]) -> Result<Array, JsValue> {
        if self.inner.flow(criterion).is_none() {
            return Err(self.unknown(criterion));
        }
        let out = Array::new_with_length(clients.len() as u32);
        for (n, &k) in clients.iter().enumerate() {
            if let Some(why) = self.inner.explain_client(criterion, k as usize) {
                out.set(n as u32, JsValue::from_str(&why));
            }
        }
        Ok(out)
    }

    /// The clients (indices) of a criterion as CSV bytes: id, contacts, the labels before and
    /// after, the movement, revenue before, after and its change, recency, orders and the
    /// reason (Excel-friendly by default, headers in the comparison's language).
    #[wasm_bindgen(js_name = pathCsv)]
    pub fn path_csv(
        &self,
        criterion: &str,
        clients: &[u32],
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let lang = self.lang();
        let mut o = CsvOptions::excel(lang);
        if !options.is_undefined() && !options.is_null() {
            let what = ("CSV options", "настройки CSV");
            let given: serde_json::Value = from_js(options, what, ErrorKind::InvalidOption, lang)?;
            o = o.with(given).map_err(thrown(lang))?;
        }
        self.inner.csv(criterion, clients, &o).map_err(thrown(lang))
    }
}
