//! The JavaScript binding: the only module that names `wasm_bindgen`, `js_sys` or
//! `serde_wasm_bindgen`. Every export decodes its arguments, calls the core, encodes the
//! result and maps errors to a thrown `SegmentationError`.

use crate::error::Error;
use crate::options::Options;
use crate::output::CsvOptions;
use crate::rule_segments::RuleSource;
use js_sys::{
    Array, Float64Array, Int16Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("wasm_types.d.ts");

const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

#[wasm_bindgen(start)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Builds a thrown `Error` with `name = "SegmentationError"`, a stable `kind`, and the
/// position (`row`, `line`, `column`) and `fix` (`{ option, value }`) when known.
fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("SegmentationError");
    let obj: &Object = err.as_ref();
    set(obj, "kind", &JsValue::from_str(e.kind().as_str()));
    if let Some(p) = e.position() {
        if let Some(r) = p.row {
            set(obj, "row", &JsValue::from_f64(r as f64));
        }
        if let Some(l) = p.line {
            set(obj, "line", &JsValue::from_f64(l as f64));
        }
        if let Some(c) = &p.column {
            set(obj, "column", &JsValue::from_str(c));
        }
    }
    if let Some(f) = e.fix() {
        let fix = Object::new();
        set(&fix, "option", &JsValue::from_str(f.option()));
        set(&fix, "value", &JsValue::from_str(f.value()));
        set(obj, "fix", &fix);
    }
    err.into()
}

fn option_error(e: impl std::fmt::Display) -> JsValue {
    to_js_error(Error::option(e.to_string()))
}

fn encode<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&SERIALIZER)
        .map_err(|e| option_error(format!("cannot encode result: {e}")))
}

/// Bytes of a `Uint8Array | string` argument.
fn bytes_of(data: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = data.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = data.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(option_error(format!(
        "{what} must be a Uint8Array, an ArrayBuffer or a string"
    )))
}

/// Decodes options; a `clients` field holding bytes is taken out and returned apart.
fn decode_options(options: &JsValue) -> Result<(Options, Option<Vec<u8>>), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok((
            Options {
                read: crate::ingest::ReadOptions {
                    today: Some(today()),
                    ..Default::default()
                },
                ..Options::default()
            },
            None,
        ));
    }
    if !options.is_object() {
        return Err(option_error("options must be an object"));
    }
    let copy = Object::assign(&Object::new(), options.unchecked_ref());
    let key = JsValue::from_str("clients");
    let clients = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
    let mut clients_bytes = None;
    if !clients.is_undefined() && !clients.is_null() && clients.as_string().is_none() {
        clients_bytes = Some(bytes_of(&clients, "option `clients`")?);
        let _ = Reflect::delete_property(&copy, &key);
    }
    let mut o: Options = from_js(copy.into(), "options", crate::ErrorKind::InvalidOption)?;
    if o.read.today.is_none() {
        o.read.today = Some(today());
    }
    Ok((o, clients_bytes))
}

/// Today's date from the JavaScript clock (the core never reads a clock), local time.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

fn decode_csv_options(options: &JsValue, report: &crate::Report) -> Result<CsvOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(CsvOptions::excel(report.lang()));
    }
    let mut base = serde_json::to_value(CsvOptions::excel(report.lang())).map_err(option_error)?;
    let given: serde_json::Value = serde_wasm_bindgen::from_value(options.clone())
        .map_err(|e| option_error(format!("CSV options: {e}")))?;
    if let (Some(b), Some(g)) = (base.as_object_mut(), given.as_object()) {
        for (k, v) in g {
            b.insert(k.clone(), v.clone());
        }
    } else {
        return Err(option_error("CSV options must be an object"));
    }
    serde_json::from_value(base).map_err(|e| option_error(format!("CSV options: {e}")))
}

/// Decodes a JavaScript value through JSON's data model, so `deny_unknown_fields` catches
/// misspelt option names (serde-wasm-bindgen reads only the fields it knows).
fn from_js<T: serde::de::DeserializeOwned>(
    v: JsValue,
    what: &str,
    kind: crate::ErrorKind,
) -> Result<T, JsValue> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(v)
        .map_err(|e| to_js_error(Error::new(kind, format!("{what}: {e}"))))?;
    serde_json::from_value(value).map_err(|e| to_js_error(Error::new(kind, format!("{what}: {e}"))))
}

fn decode_rule(rule: &JsValue) -> Result<RuleSource, JsValue> {
    if let Some(s) = rule.as_string() {
        return Ok(RuleSource::Text(s));
    }
    from_js(rule.clone(), "rule", crate::ErrorKind::InvalidRule)
}

/// Segments every client of a transactions CSV (bytes in any supported encoding, or text).
#[wasm_bindgen(js_name = analyze)]
pub fn analyze_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<Report, JsValue> {
    let bytes = bytes_of(&data, "data")?;
    let (opts, clients) = decode_options(&options)?;
    crate::analyze_with_clients(&bytes, clients.as_deref(), &opts)
        .map(|r| Report { inner: r })
        .map_err(to_js_error)
}

/// Detects encoding, delimiter, header, column roles, formats, and shows the first rows.
#[wasm_bindgen(js_name = sniff, unchecked_return_type = "SniffResult")]
pub fn sniff_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes_of(&data, "data")?;
    let (opts, _) = decode_options(&options)?;
    let s = crate::sniff(&bytes, &opts).map_err(to_js_error)?;
    encode(&s)
}

/// The data audit of a transactions CSV, without the segmentation.
#[wasm_bindgen(js_name = audit, unchecked_return_type = "Audit")]
pub fn audit_js(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes_of(&data, "data")?;
    let (opts, clients) = decode_options(&options)?;
    let r = crate::analyze_with_clients(&bytes, clients.as_deref(), &opts).map_err(to_js_error)?;
    encode(r.audit())
}

/// Checks a rule against the fields a report would have, plus the clients table's
/// attributes: names, or `{ name, role }` objects so role names (`region`, `type`,
/// `source`, …) resolve as in the analysis. Returns `null` when the rule is valid, else the
/// error with its position.
#[wasm_bindgen(js_name = checkRule, unchecked_return_type = "RuleError | null")]
pub fn check_rule_js(
    #[wasm_bindgen(unchecked_param_type = "string")] rule: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "(string | { name: string; role?: Role })[] | undefined"
    )]
    attributes: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Attr {
        Name(String),
        Def {
            name: String,
            #[serde(default)]
            role: Option<crate::ingest::Role>,
        },
    }
    let text = rule
        .as_string()
        .ok_or_else(|| option_error("rule must be a string"))?;
    let list: Vec<Attr> = if attributes.is_undefined() || attributes.is_null() {
        Vec::new()
    } else {
        from_js(attributes, "attributes", crate::ErrorKind::InvalidOption)?
    };
    let attrs: Vec<crate::labels::AttributeDef> = list
        .into_iter()
        .map(|a| match a {
            Attr::Name(name) => crate::labels::AttributeDef {
                name,
                role: crate::ingest::Role::Attribute,
            },
            Attr::Def { name, role } => crate::labels::AttributeDef {
                name,
                role: role.unwrap_or(crate::ingest::Role::Attribute),
            },
        })
        .collect();
    let schema = crate::labels::schema(&attrs);
    let result = crate::rules::Expr::parse(&text)
        .and_then(|e| crate::rules::Compiled::compile(&e, &schema, Some(&text)).map(|_| ()));
    match result {
        Ok(()) => Ok(JsValue::NULL),
        Err(e) => {
            #[derive(Serialize)]
            struct RuleErr<'a> {
                message: &'a str,
                offset: usize,
                line: u32,
                column: u32,
            }
            encode(&RuleErr {
                message: &e.message,
                offset: e.offset,
                line: e.line,
                column: e.column,
            })
        }
    }
}

/// Built-in presets: segment schemes, the default playbook and points card, and the names
/// of rule fields (for editors and settings pages).
#[wasm_bindgen(js_name = presets, unchecked_return_type = "Presets")]
pub fn presets_js(bins: Option<u8>) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Presets {
        segments: std::collections::BTreeMap<&'static str, Vec<crate::segments::SegmentDef>>,
        playbook: Vec<crate::playbook::Play>,
        points: crate::points::PointsCard,
        fields: Vec<String>,
        version: &'static str,
    }
    let mut segments = std::collections::BTreeMap::new();
    segments.insert("rfm11", crate::segments::preset_rfm11());
    segments.insert("ru3", crate::segments::preset_ru3());
    let schema = crate::labels::schema(&[]);
    encode(&Presets {
        segments,
        playbook: crate::playbook::default_playbook(),
        points: crate::points::PointsCard::default_card(bins.unwrap_or(5)),
        fields: schema.names().map(str::to_string).collect(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The analysis result. Large results cross as typed arrays or CSV bytes.
#[wasm_bindgen]
pub struct Report {
    inner: crate::Report,
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
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
    ) -> Result<Report, JsValue> {
        let (opts, _) = decode_options(&options)?;
        self.inner
            .relabel(&opts)
            .map(|r| Report { inner: r })
            .map_err(to_js_error)
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
        #[wasm_bindgen(unchecked_param_type = "CsvOptions | undefined")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        self.inner.customers_csv(&o).map_err(to_js_error)
    }

    /// The contact list of the clients matching a rule, with their next action, as CSV.
    #[wasm_bindgen(js_name = contactsCsv)]
    pub fn contacts_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | RuleAst")] rule: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CsvOptions | undefined")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        let r = decode_rule(&rule)?;
        self.inner.contacts_csv(&r, &o).map_err(to_js_error)
    }

    /// The rejected rows (line, reason, fields) as CSV.
    #[wasm_bindgen(js_name = rejectedCsv)]
    pub fn rejected_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CsvOptions | undefined")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = decode_csv_options(&options, &self.inner)?;
        self.inner.rejected_csv(&o).map_err(to_js_error)
    }

    /// Clients matching a rule: their row numbers, count and revenue.
    #[wasm_bindgen(unchecked_return_type = "Selection")]
    pub fn select(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | RuleAst")] rule: JsValue,
    ) -> Result<JsValue, JsValue> {
        let r = decode_rule(&rule)?;
        let sel = self.inner.select(&r).map_err(to_js_error)?;
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

    /// Per-client columns as typed arrays, with the names their codes index.
    #[wasm_bindgen(unchecked_return_type = "ClientColumns")]
    pub fn columns(&self) -> Result<JsValue, JsValue> {
        let r = &self.inner;
        let c = r.columns();
        let m = r.model();
        let lang = r.lang();
        let obj = Object::new();
        let n = c.recency.len();
        set(&obj, "length", &JsValue::from_f64(n as f64));
        set(&obj, "recency", &Int32Array::from(&c.recency[..]).into());
        set(
            &obj,
            "frequency",
            &Uint32Array::from(&c.frequency[..]).into(),
        );
        set(
            &obj,
            "monetary",
            &Float64Array::from(&c.monetary[..]).into(),
        );
        let revenue: Vec<f64> = c.revenue.iter().map(|v| crate::money::to_f64(*v)).collect();
        set(&obj, "revenue", &Float64Array::from(&revenue[..]).into());
        set(&obj, "firstOrder", &Int32Array::from(&c.first[..]).into());
        set(&obj, "lastOrder", &Int32Array::from(&c.last[..]).into());
        for (k, name) in ["r", "f", "m"].iter().enumerate() {
            let d: Vec<u8> = c
                .levels
                .iter()
                .map(|l| {
                    if l[k] == 0 {
                        0
                    } else {
                        crate::rfm::digit(l[k], m.bins, m.direction)
                    }
                })
                .collect();
            set(&obj, name, &Uint8Array::from(&d[..]).into());
        }
        set(&obj, "segment", &Uint8Array::from(&c.segment[..]).into());
        let seg_names = Array::new();
        let seg_keys = Array::new();
        for d in &r.labeler().segments.defs {
            seg_names.push(&JsValue::from_str(d.name_in(lang)));
            seg_keys.push(&JsValue::from_str(&d.key));
        }
        set(&obj, "segmentNames", &seg_names);
        set(&obj, "segmentKeys", &seg_keys);
        set(&obj, "abc", &Uint8Array::from(&c.abc[..]).into());
        set(&obj, "xyz", &Uint8Array::from(&c.xyz[..]).into());
        set(&obj, "cv", &Float64Array::from(&c.cv[..]).into());
        set(&obj, "lifecycle", &Uint8Array::from(&c.stage[..]).into());
        set(&obj, "valueTier", &Uint8Array::from(&c.tier[..]).into());
        set(&obj, "funnel", &Uint8Array::from(&c.funnel[..]).into());
        set(&obj, "points", &Float64Array::from(&c.points[..]).into());
        set(
            &obj,
            "pointsTier",
            &Uint8Array::from(&c.points_tier[..]).into(),
        );
        let action: Vec<i16> = c.action.iter().map(|a| *a as i16).collect();
        set(&obj, "action", &Int16Array::from(&action[..]).into());
        set(
            &obj,
            "ruleOffsets",
            &Uint32Array::from(&c.rule_offsets[..]).into(),
        );
        set(&obj, "ruleIds", &Uint32Array::from(&c.rule_ids[..]).into());
        let names = |list: Vec<String>| -> JsValue {
            let a = Array::new();
            for s in list {
                a.push(&JsValue::from_str(&s));
            }
            a.into()
        };
        set(
            &obj,
            "abcNames",
            &names(vec!["A".into(), "B".into(), "C".into()]),
        );
        set(
            &obj,
            "xyzNames",
            &names(vec!["X".into(), "Y".into(), "Z".into(), "-".into()]),
        );
        set(
            &obj,
            "lifecycleNames",
            &names(
                crate::lifecycle::Stage::ALL
                    .iter()
                    .map(|s| s.name(lang).to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "lifecycleKeys",
            &names(
                crate::lifecycle::Stage::ALL
                    .iter()
                    .map(|s| s.key().to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "valueTierNames",
            &names(
                crate::tiers::Tier::ALL
                    .iter()
                    .map(|s| s.name(lang).to_string())
                    .collect(),
            ),
        );
        let card = r.labeler().card();
        set(
            &obj,
            "funnelKeys",
            &names(
                crate::funnel::Funnel::ALL
                    .iter()
                    .map(|s| s.key().to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "valueTierKeys",
            &names(
                crate::tiers::Tier::ALL
                    .iter()
                    .map(|s| s.key().to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "pointsTierKeys",
            &names(card.card.tiers.iter().map(|t| t.key.clone()).collect()),
        );
        set(
            &obj,
            "funnelNames",
            &names(
                crate::funnel::Funnel::ALL
                    .iter()
                    .map(|s| s.name(lang).to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "pointsTierNames",
            &names(
                (0..card.card.tiers.len())
                    .map(|i| card.tier_name(i as u8, lang).to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "ruleSegmentNames",
            &names(
                m.rule_segments
                    .iter()
                    .map(|s| s.name_in(lang).to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "actionKeys",
            &names(m.playbook.iter().map(|p| p.key.clone()).collect()),
        );
        set(
            &obj,
            "actionOffers",
            &names(
                m.playbook
                    .iter()
                    .map(|p| p.offer_in(lang).to_string())
                    .collect(),
            ),
        );
        set(
            &obj,
            "actionChannels",
            &names(
                m.playbook
                    .iter()
                    .map(|p| p.channel.name(lang).to_string())
                    .collect(),
            ),
        );
        Ok(obj.into())
    }
}

/// The error of a streaming reader used after `finish()`.
fn finished(what: &str) -> JsValue {
    to_js_error(Error::new(
        crate::ErrorKind::Finished,
        format!("the {what} has already finished"),
    ))
}

/// Streaming analysis: `push(chunk)` as the bytes arrive (e.g. from `File.stream()`), then
/// `finish()`.
#[wasm_bindgen]
pub struct Analyzer {
    inner: Option<crate::Analyzer>,
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
        let mut a = crate::Analyzer::new(&opts, clients.as_deref()).map_err(to_js_error)?;
        if let Some(t) = total_bytes.filter(|t| t.is_finite() && *t > 0.0) {
            a.set_size_hint(t as u64);
        }
        Ok(Analyzer { inner: Some(a) })
    }

    fn get(&mut self) -> Result<&mut crate::Analyzer, JsValue> {
        self.inner.as_mut().ok_or_else(|| finished("analyzer"))
    }

    /// Feeds the next chunk of bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let a = self.get()?;
        a.push(chunk).map_err(|e| {
            self.inner = None;
            to_js_error(e)
        })
    }

    /// Bytes received, rows read and clients seen so far.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(&mut self) -> Result<JsValue, JsValue> {
        let p = self.get()?.progress();
        encode(&p)
    }

    /// The sniff, once enough bytes have arrived (`undefined` before).
    #[wasm_bindgen(unchecked_return_type = "SniffResult | undefined")]
    pub fn sniffed(&mut self) -> Result<JsValue, JsValue> {
        match self.get()?.sniffed() {
            Some(s) => encode(s),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Ends the input and returns the report.
    pub fn finish(&mut self) -> Result<Report, JsValue> {
        let mut a = self.inner.take().ok_or_else(|| finished("analyzer"))?;
        a.finish().map(|r| Report { inner: r }).map_err(to_js_error)
    }
}

/// Reads one byte range of a file split across Web Workers (what `parallel.js` runs in each
/// worker): `push` the range's bytes, then `finish()` returns its partial state as bytes for
/// `mergeRanges`.
#[wasm_bindgen]
pub struct RangeReader {
    inner: Option<crate::parallel::RangeReader>,
    head: Vec<u8>,
    total: u64,
}

#[wasm_bindgen]
impl RangeReader {
    /// A reader of range `index` (0 = the file's start; the others start where `findCut`
    /// said). `head` is the file's first `splitHeadBytes()` bytes (the whole file when
    /// smaller), `total` the file's size, `rangeBytes` the range's. Throws for inputs that are
    /// never split (`mergeBy`, encodings other than UTF-8 and one-byte ones).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
        head: &[u8],
        total: f64,
        index: u32,
        range_bytes: f64,
    ) -> Result<RangeReader, JsValue> {
        let (opts, _) = decode_options(&options)?;
        let r =
            crate::parallel::RangeReader::new(&opts, head, total as u64, index, range_bytes as u64)
                .map_err(to_js_error)?;
        Ok(RangeReader {
            inner: Some(r),
            // Only the first range's reader merges (see `finishAndMerge`).
            head: if index == 0 {
                head.to_vec()
            } else {
                Vec::new()
            },
            total: total as u64,
        })
    }

    fn get(&mut self) -> Result<&mut crate::parallel::RangeReader, JsValue> {
        self.inner.as_mut().ok_or_else(|| finished("range reader"))
    }

    /// Feeds the next chunk of the range.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let r = self.get()?;
        r.push(chunk).map_err(|e| {
            self.inner = None;
            to_js_error(e)
        })
    }

    /// Bytes received, rows read and clients seen so far in this range.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(&mut self) -> Result<JsValue, JsValue> {
        let p = self.get()?.progress();
        encode(&p)
    }

    fn take(&mut self) -> Result<crate::parallel::Partial, JsValue> {
        let mut r = self.inner.take().ok_or_else(|| finished("range reader"))?;
        r.finish().map_err(to_js_error)
    }

    /// Ends the range; its partial state as bytes (transferable to the merging thread).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        Ok(self.take()?.to_bytes())
    }

    /// Ends this range (the file's first, read by the merging thread itself) and merges the
    /// other ranges' parts (from `finish()` in other workers) into it: the report one reader
    /// would have made. Throws `kind: "inexactSplit"` like `mergeRanges`.
    #[wasm_bindgen(js_name = finishAndMerge)]
    pub fn finish_and_merge(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] parts: JsValue,
    ) -> Result<Report, JsValue> {
        let first = self.take()?;
        merge_parts(&options, &self.head, self.total, Some(first), &parts)
    }
}

/// Merges `first` (when the merging thread read a range itself) and the parts as bytes.
fn merge_parts(
    options: &JsValue,
    head: &[u8],
    total: u64,
    first: Option<crate::parallel::Partial>,
    parts: &JsValue,
) -> Result<Report, JsValue> {
    let (opts, clients) = decode_options(options)?;
    let table = crate::analyze::clients_table(&opts, clients.as_deref()).map_err(to_js_error)?;
    let parts: &Array = parts
        .dyn_ref()
        .ok_or_else(|| option_error("parts must be an array of Uint8Array"))?;
    let mut partials: Vec<_> = first.into_iter().collect();
    for p in parts.iter() {
        let bytes = bytes_of(&p, "a range's part")?;
        partials.push(crate::parallel::Partial::from_bytes(&bytes).map_err(to_js_error)?);
    }
    match crate::parallel::merge(&opts, head, total, partials).map_err(to_js_error)? {
        crate::parallel::Merged::Exact(agg) => crate::report::build(*agg, &opts, table)
            .map(|r| Report { inner: r })
            .map_err(to_js_error),
        crate::parallel::Merged::Inexact(why) => Err(to_js_error(Error::new(
            crate::ErrorKind::InexactSplit,
            format!("the ranges cannot be merged exactly: {why}"),
        ))),
    }
}

/// Bytes of the file's start every range reader needs (`head` of `RangeReader`).
#[wasm_bindgen(js_name = splitHeadBytes)]
pub fn split_head_bytes() -> u32 {
    crate::parallel::HEAD_BYTES as u32
}

/// Bytes `findCut` wants to see after an ideal cut point.
#[wasm_bindgen(js_name = splitCutWindow)]
pub fn split_cut_window() -> u32 {
    crate::parallel::CUT_WINDOW as u32
}

/// The offset in `window` (bytes of the file from anywhere after its head) of a line start
/// where the date moves on, to start a range at; `undefined` when there is none. Throws for
/// inputs that are never split.
#[wasm_bindgen(js_name = findCut)]
pub fn find_cut_js(
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
    head: &[u8],
    total: f64,
    window: &[u8],
) -> Result<Option<f64>, JsValue> {
    let (opts, _) = decode_options(&options)?;
    if !opts.read.merge_by.is_empty() {
        return Err(option_error(
            "a file is read in parallel ranges only without `mergeBy`",
        ));
    }
    crate::parallel::find_cut(&opts, head, total as u64, window)
        .map(|c| c.map(|c| c as f64))
        .map_err(to_js_error)
}

/// Merges the partial states of every range of one file (from `RangeReader.finish()`) into
/// the report one reader would have made. Throws `kind: "inexactSplit"` when the ranges could
/// have seen each other's rows (the file is not in date order, an order spans a cut…): read
/// the file with one `Analyzer` then.
#[wasm_bindgen(js_name = mergeRanges)]
pub fn merge_ranges_js(
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
    head: &[u8],
    total: f64,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] parts: JsValue,
) -> Result<Report, JsValue> {
    merge_parts(&options, head, total as u64, None, &parts)
}

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
        let m: crate::Model = from_js(model, "model", crate::ErrorKind::InvalidModel)?;
        crate::Scorer::new(m)
            .map(|s| Scorer { inner: s })
            .map_err(to_js_error)
    }

    /// Labels one client.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput")] client: JsValue,
    ) -> Result<JsValue, JsValue> {
        let c: crate::ClientInput = from_js(client, "client", crate::ErrorKind::InvalidClient)?;
        let r = self.inner.score(&c).map_err(to_js_error)?;
        encode(&r)
    }
}

/// The demo sample: a year of orders of a Russian shop (about `clients` clients, default
/// 1500) ending on `end` (`YYYY-MM-DD`, default 2026-10-31), and its clients table with
/// leads, generated deterministically: `{ orders: Uint8Array, clients: Uint8Array }`, both
/// `;`-separated UTF-8 with a BOM, as Excel writes them.
#[wasm_bindgen(js_name = demoSample, unchecked_return_type = "{ orders: Uint8Array; clients: Uint8Array }")]
pub fn demo_sample_js(clients: Option<u32>, end: Option<String>) -> JsValue {
    let (orders, table) = crate::sample::demo(
        clients.unwrap_or(1500).clamp(10, 200_000) as usize,
        end.as_deref().unwrap_or("2026-10-31"),
        2026,
    );
    let obj = Object::new();
    set(&obj, "orders", &Uint8Array::from(&orders[..]).into());
    set(&obj, "clients", &Uint8Array::from(&table[..]).into());
    obj.into()
}

/// Counts the line feeds in `data`: a copy into the module's memory and one scan, the least
/// any analysis of the same bytes must do (benchmarks report speeds relative to it; pages can
/// use it to estimate rows before a long analysis).
#[wasm_bindgen(js_name = countLines)]
pub fn count_lines(data: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', data).count() as u32
}

/// Bytes of linear memory the module holds (it grows as needed and never shrinks, so after
/// an analysis this is its peak).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::ArrayBuffer::from(mem.buffer()).byte_length() as f64
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
