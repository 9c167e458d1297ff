//! Options of the analysis: every one has a documented default, and an unknown name or an
//! invalid value is an error that names it.
//!
//! The JSON/JavaScript form is one flat object with camelCase names (`asOf`, `bins`,
//! `columns.client`, `lifecycle.churnDays`); see the TypeScript declarations in the package
//! for the full shape. In Rust the reading options are [`Options::read`].

use crate::calendar::Period;
use crate::error::{Error, Fix};
use crate::ingest::ReadOptions;
use crate::locale::Lang;
use serde::{Deserialize, Serialize};

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

/// All options of `analyze`. Every field has a default; see each field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// How the file is read (encoding, columns, formats, duplicates, `asOf`, the clients
    /// table…).
    #[serde(flatten)]
    pub read: ReadOptions,

    // ---------------------------------------------------------------- RFM
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
}

impl Options {
    /// Parses options from JSON text (for tests and the command line).
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| Error::option(format!("options: {e}")))
    }

    /// The XYZ period, whose revenue the reader accumulates per client.
    pub fn xyz_period(&self) -> Period {
        self.xyz.as_ref().map(|x| x.period).unwrap_or_default()
    }

    /// The score levels, after checking `bins` and the fixed thresholds.
    pub fn bins(&self) -> Result<u8, Error> {
        let bins = self.bins.unwrap_or(5);
        if !(2..=10).contains(&bins) {
            return Err(Error::option(format!(
                "option `bins`: {bins} is outside 2..=10"
            )));
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
        Ok(bins)
    }
}

impl Fix {
    /// Sets the option this fix names, unless it is already set: then nothing changes and
    /// the result is `false` (a contradiction of the user's own format is theirs to see).
    pub fn apply(self, options: &mut Options) -> bool {
        let read = &mut options.read;
        match self {
            Fix::DateFormat(f) if read.date_format.is_none() => read.date_format = Some(f),
            Fix::DecimalSeparator(d) if read.decimal_separator.is_none() => {
                read.decimal_separator = Some(d)
            }
            _ => return false,
        }
        true
    }
}
