//! Options of the analysis: every one has a documented default, and an unknown name or an
//! invalid value is an error that names it.
//!
//! The JSON/JavaScript form uses camelCase names (`asOf`, `bins`, `columns.client`); see
//! the TypeScript declarations in the package for the full shape.

use crate::date::{self, DateFormat, Day};
use crate::error::Error;
use crate::number::Decimal;
use serde::{Deserialize, Serialize};

/// A column given by header name (matched ignoring case and surrounding spaces) or by
/// 0-based position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// 0-based position.
    Index(usize),
    /// Header name.
    Name(String),
}

/// Explicit column roles; anything not given is guessed by the sniffer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ColumnMapping {
    /// The client id column.
    pub client: Option<ColumnRef>,
    /// The order date column.
    pub date: Option<ColumnRef>,
    /// The amount column (net of returns; negative amounts are returns).
    pub amount: Option<ColumnRef>,
    /// The order id column; with it, frequency counts distinct orders.
    pub order_id: Option<ColumnRef>,
    /// Quantity, used with `price` when there is no amount column.
    pub quantity: Option<ColumnRef>,
    /// Unit price, used with `quantity` when there is no amount column.
    pub price: Option<ColumnRef>,
    /// The client's e-mail (used for merging clients).
    pub email: Option<ColumnRef>,
    /// The client's phone (used for merging clients).
    pub phone: Option<ColumnRef>,
}

/// Where the header is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderRow {
    /// `false`: the file has no header; columns are named `column 1`, `column 2`, …
    /// (`true` means "detect", the default).
    Present(bool),
    /// The 1-based line of the header (lines above it are skipped).
    Line(u64),
}

/// What to do with a row that cannot be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BadRowPolicy {
    /// Skip it, count it with its line and reason (default).
    #[default]
    Skip,
    /// Stop with an error naming the line.
    Fail,
}

/// What to do with exact duplicate rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DuplicatePolicy {
    /// Drop repeats of an earlier row and report them (default).
    #[default]
    Drop,
    /// Keep them (line items that are genuinely identical).
    Keep,
}

/// Which score digit is best.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// The highest digit is best: `555` are the best clients (international convention).
    #[default]
    #[serde(rename = "highIsBest")]
    HighIsBest,
    /// `1` is best: `111` are the best clients (the convention of Russian sources).
    #[serde(rename = "oneIsBest")]
    OneIsBest,
}

/// How monetary value is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MonetaryMode {
    /// Sum of amounts, returns netted out (default).
    #[default]
    Total,
    /// Average order value: the sum divided by the number of orders.
    Average,
}

/// Fixed score thresholds, per dimension (each optional; quantiles are used where absent).
///
/// With `bins` levels, each list has `bins - 1` non-decreasing values:
/// * `recency` (days): a client with recency ≤ `recency[0]` gets the best level, ≤
///   `recency[1]` the next, …, above the last the worst;
/// * `frequency` and `monetary`: a value ≥ the last threshold gets the best level, ≥ the one
///   before the next, …, below the first the worst.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Thresholds {
    /// Recency cut points in days, ascending.
    pub recency: Option<Vec<f64>>,
    /// Frequency cut points in orders, ascending.
    pub frequency: Option<Vec<f64>>,
    /// Monetary cut points, ascending.
    pub monetary: Option<Vec<f64>>,
}

/// Output language of names, descriptions and messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lang {
    /// English (default).
    #[default]
    En,
    /// Russian.
    Ru,
}

/// All options of `analyze`. Every field has a default; see each field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    // ---------------------------------------------------------------- reading
    /// Encoding label (`utf-8`, `windows-1251`, `utf-16le`, …); detected when absent.
    pub encoding: Option<String>,
    /// Field delimiter, one character; detected among `,` `;` tab `|` when absent.
    pub delimiter: Option<String>,
    /// Header position; detected when absent.
    pub header_row: Option<HeaderRow>,
    /// Column roles; guessed from header names and content when absent.
    pub columns: ColumnMapping,
    /// Date format of the date column; detected from the column when absent.
    pub date_format: Option<DateFormat>,
    /// Decimal separator of amounts (`"."` or `","`); detected when absent.
    pub decimal_separator: Option<Decimal>,
    /// Skip bad rows (default) or fail on the first.
    pub on_bad_row: BadRowPolicy,
    /// Drop (default) or keep exact duplicate rows.
    pub duplicates: DuplicatePolicy,
    /// Dates before this (`YYYY-MM-DD`) are rejected as implausible. Default `1990-01-01`.
    pub min_date: Option<String>,
    /// Today's date (`YYYY-MM-DD`); rows dated later are rejected as future dates. The
    /// JavaScript binding fills it from the clock; absent natively.
    pub today: Option<String>,
    /// How many examples to keep per issue kind in the audit. Default 20.
    pub max_examples: Option<u32>,
    /// Rows of history kept for duplicate and order-id checks in files sorted by date.
    /// Files in date order keep memory bounded by this; files out of order keep every row's
    /// fingerprint (exact). `0` keeps everything. Default 65 536.
    pub history_window: Option<u32>,
    /// Normalise client ids: `"exact"` (default: kept as written, only outer spaces
    /// trimmed) or `"caseInsensitive"` (case folded, inner spaces collapsed).
    pub client_ids: Option<ClientIdMode>,
    /// Merge clients sharing a normalised e-mail or phone (`["email"]`, `["phone"]`, both).
    pub merge_by: Vec<MergeKey>,
    /// Country calling code assumed for phones written without one. Default `"7"`.
    pub phone_country: Option<String>,

    // ---------------------------------------------------------------- RFM
    /// Analysis date (`YYYY-MM-DD`); default: the latest order date in the data. Rows dated
    /// after it are excluded and counted.
    pub as_of: Option<String>,
    /// Score levels per dimension, 2..=10. Default 5.
    pub bins: Option<u8>,
    /// Which digit is best. Default `highIsBest`.
    pub direction: Direction,
    /// Monetary as total (default) or average order value.
    pub monetary: MonetaryMode,
    /// Fixed thresholds instead of quantiles, per dimension.
    pub thresholds: Option<Thresholds>,
    /// Segment preset name (`"rfm11"`, `"ru3"`; default `"rfm11"` with 5 bins and `"ru3"`
    /// with 3) or a list of custom rules.
    pub segments: Option<crate::segments::SegmentsOption>,
    /// Language of names and descriptions in outputs. Default `en`.
    pub lang: Lang,

    // ---------------------------------------------------------------- catalogue
    /// ABC options.
    pub abc: Option<crate::abc_xyz::AbcOptions>,
    /// XYZ options.
    pub xyz: Option<crate::abc_xyz::XyzOptions>,
    /// Lifecycle options.
    pub lifecycle: Option<crate::lifecycle::LifecycleOptions>,
    /// Value tier options.
    pub value_tiers: Option<crate::tiers::ValueTierOptions>,
    /// Funnel options.
    pub funnel: Option<crate::funnel::FunnelOptions>,
    /// Points scoring card; the default card when absent.
    pub points: Option<crate::points::PointsCard>,
    /// Rule segments: named boolean rules (text or JSON AST); a client may match many.
    pub rule_segments: Vec<crate::rule_segments::RuleSegment>,
    /// Playbook: segment → offer and action; the default playbook when absent.
    pub playbook: Option<crate::playbook::PlaybookOption>,
    /// The clients table (CSV text). The JavaScript binding also takes bytes.
    pub clients: Option<String>,
    /// Options for reading the clients table (encoding, delimiter, column roles).
    pub clients_columns: Option<crate::clients::ClientColumns>,
}

/// How client ids are compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClientIdMode {
    /// As written, outer spaces trimmed (default; leading zeros survive).
    #[default]
    Exact,
    /// Case folded and inner spaces collapsed (`"ООО  Ромашка"` = `"ооо ромашка"`).
    CaseInsensitive,
}

/// A contact field clients may be merged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MergeKey {
    /// Normalised e-mail: trimmed, lowercase.
    Email,
    /// Normalised phone: digits only, with the country code.
    Phone,
}

/// Options checked and converted to the forms the analysis uses.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// Analysis date, when given.
    pub as_of: Option<Day>,
    /// Today, when given.
    pub today: Option<Day>,
    /// Lower plausibility bound.
    pub min_date: Day,
    /// Score levels.
    pub bins: u8,
    /// Delimiter byte, when given.
    pub delimiter: Option<u8>,
    /// Examples kept per issue kind.
    pub max_examples: usize,
    /// History window (0 = unbounded).
    pub history_window: usize,
    /// Country code for phones.
    pub phone_country: String,
}

impl Options {
    /// Parses options from JSON text (for tests and the command line).
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| Error::option(format!("options: {e}")))
    }

    /// Checks every option and converts dates and numbers.
    pub fn resolve(&self) -> Result<Resolved, Error> {
        let day = |name: &str, v: &Option<String>| -> Result<Option<Day>, Error> {
            match v {
                None => Ok(None),
                Some(s) => date::parse_iso(s).map(Some).ok_or_else(|| {
                    Error::option(format!(
                        "option `{name}`: \"{s}\" is not a date in the form YYYY-MM-DD"
                    ))
                }),
            }
        };
        let bins = self.bins.unwrap_or(5);
        if !(2..=10).contains(&bins) {
            return Err(Error::option(format!(
                "option `bins`: {bins} is outside 2..=10"
            )));
        }
        let delimiter = match &self.delimiter {
            None => None,
            Some(d) => {
                let d = if d == "\\t" || d.eq_ignore_ascii_case("tab") {
                    "\t"
                } else {
                    d.as_str()
                };
                if d.len() != 1 || matches!(d.as_bytes()[0], b'"' | b'\n' | b'\r') {
                    return Err(Error::option(format!(
                        "option `delimiter`: {d:?} must be one ASCII character other than a quote or a line break"
                    )));
                }
                Some(d.as_bytes()[0])
            }
        };
        if let Some(enc) = &self.encoding {
            if crate::charset::for_label(enc).is_none() {
                return Err(Error::option(format!(
                    "option `encoding`: unknown encoding \"{enc}\""
                )));
            }
        }
        if let Some(t) = &self.thresholds {
            for (name, v) in [
                ("recency", &t.recency),
                ("frequency", &t.frequency),
                ("monetary", &t.monetary),
            ] {
                if let Some(v) = v {
                    if v.len() != bins as usize - 1 {
                        return Err(Error::option(format!(
                            "option `thresholds.{name}`: {} values given, {} needed for {bins} levels",
                            v.len(),
                            bins - 1
                        )));
                    }
                    if v.iter().any(|x| !x.is_finite()) || v.windows(2).any(|w| w[0] > w[1]) {
                        return Err(Error::option(format!(
                            "option `thresholds.{name}`: values must be finite and ascending"
                        )));
                    }
                }
            }
        }
        let phone_country = self.phone_country.clone().unwrap_or_else(|| "7".into());
        if phone_country.is_empty() || !phone_country.bytes().all(|c| c.is_ascii_digit()) {
            return Err(Error::option(format!(
                "option `phoneCountry`: \"{phone_country}\" must be digits, e.g. \"7\""
            )));
        }
        Ok(Resolved {
            as_of: day("asOf", &self.as_of)?,
            today: day("today", &self.today)?,
            min_date: day("minDate", &self.min_date)?
                .unwrap_or_else(|| date::day_from_ymd(1990, 1, 1).unwrap_or(7305)),
            bins,
            delimiter,
            max_examples: self.max_examples.unwrap_or(20) as usize,
            history_window: self.history_window.map(|w| w as usize).unwrap_or(1 << 16),
            phone_country,
        })
    }
}
