//! Scoring one client from a fitted model, e.g. in an edge function at request time.
//!
//! A [`Scorer`] is built from the JSON-serialisable [`Model`] a report carries and labels a
//! client from its own figures alone, with the same code the batch analysis runs, so it
//! returns exactly the labels the batch gave that client.

use super::{Labeler, Model};
use crate::calendar::{self, Day};
use crate::criteria::{self, rfm, Client, Facts, Labels, MonetaryMode, Scores};
use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use crate::money;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeMap;

/// One client's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ClientInput {
    /// Client id (for message templates).
    pub id: Option<String>,
    /// Last order date, `YYYY-MM-DD` (or give `recencyDays`).
    pub last_order_date: Option<String>,
    /// Days since the last order.
    pub recency_days: Option<f64>,
    /// First order date (or give `tenureDays`; default: the last order date).
    pub first_order_date: Option<String>,
    /// Days since the first order.
    pub tenure_days: Option<f64>,
    /// Orders. Without orders (and without a last order) the client is a lead.
    pub frequency: Option<u32>,
    /// Monetary value as the model scores it (total, or average order value when the model
    /// uses `monetary: "average"`).
    pub monetary: Option<f64>,
    /// Total net revenue (default: derived from `monetary`).
    pub revenue: Option<f64>,
    /// Coefficient of variation of period revenue (or give `periodRevenue`).
    pub cv: Option<f64>,
    /// Revenue per period from the first order's period to the model's `asOf` period.
    pub period_revenue: Option<Vec<f64>>,
    /// Periods (default: from the first order date to `asOf`).
    pub periods: Option<u32>,
    /// Clients-table attributes by header name.
    pub attributes: BTreeMap<String, String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Manual segments.
    pub segments: Vec<String>,
    /// Marked as gone.
    pub gone: bool,
    /// Days since the last contact.
    pub days_since_contact: Option<f64>,
    /// Funnel status text.
    pub status: Option<String>,
}

/// The labels of one client.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult {
    /// RFM digits, code and segment.
    #[serde(flatten)]
    pub rfm: rfm::RfmScore,
    /// Every catalogue label.
    #[serde(flatten)]
    pub labels: Scores,
}

/// Scores clients with a fitted model.
pub struct Scorer {
    labeler: Labeler,
    as_of: Day,
}

impl Scorer {
    /// Compiles a model.
    pub fn new(model: Model) -> Result<Scorer, Error> {
        let as_of = calendar::parse_iso(&model.as_of).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidModel,
                format!("model: asOf \"{}\" is not a date", model.as_of),
            )
        })?;
        Ok(Scorer {
            labeler: Labeler::new(model)?,
            as_of,
        })
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.labeler.model
    }

    /// Scores one client.
    pub fn score(&self, c: &ClientInput) -> Result<ScoreResult, Error> {
        let (facts, _owned) = self.facts(c)?;
        let attrs: Vec<&str> = self
            .labeler
            .model
            .attributes
            .iter()
            .map(|a| c.attributes.get(&a.name).map(String::as_str).unwrap_or(""))
            .collect();
        let facts = Facts {
            attributes: attrs,
            ..facts
        };
        let mut labels = Labels::default();
        let engine = self.labeler.engine();
        engine.label(&facts, &mut labels);
        let bits = Cell::new(None);
        let c = Client::new(&engine, &facts, &labels, &bits);
        let lang = self.lang();
        Ok(ScoreResult {
            rfm: rfm::score(&c, lang),
            labels: engine.scores(&c, lang),
        })
    }

    fn bad(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidClient, msg)
    }

    fn facts<'a>(&self, c: &'a ClientInput) -> Result<(Facts<'a>, ()), Error> {
        let day = |name: &str, v: &Option<String>| -> Result<Option<Day>, Error> {
            match v {
                None => Ok(None),
                Some(s) => calendar::parse_iso(s).map(Some).ok_or_else(|| {
                    Scorer::bad(format!("`{name}`: \"{s}\" is not a date YYYY-MM-DD"))
                }),
            }
        };
        let finite = |name: &str, v: Option<f64>| -> Result<Option<f64>, Error> {
            match v {
                Some(x) if !x.is_finite() => {
                    Err(Scorer::bad(format!("`{name}` must be a finite number")))
                }
                _ => Ok(v),
            }
        };
        let last = day("lastOrderDate", &c.last_order_date)?;
        let first = day("firstOrderDate", &c.first_order_date)?;
        let recency = match (last, finite("recencyDays", c.recency_days)?) {
            (Some(l), _) => {
                if l > self.as_of {
                    return Err(Scorer::bad(format!(
                        "`lastOrderDate` {} is after the model's asOf {}",
                        calendar::iso(l),
                        self.labeler.model.as_of
                    )));
                }
                Some((self.as_of - l) as f64)
            }
            (None, Some(r)) => {
                if r < 0.0 {
                    return Err(Scorer::bad("`recencyDays` must not be negative"));
                }
                Some(r.floor())
            }
            (None, None) => None,
        };
        let orders = c.frequency.unwrap_or(if recency.is_some() { 1 } else { 0 });
        let recency = if orders == 0 { None } else { recency };
        if orders > 0 && recency.is_none() {
            return Err(Scorer::bad(
                "a client with orders needs `lastOrderDate` or `recencyDays`",
            ));
        }
        let last_day = recency.map(|r| self.as_of - r as Day);
        let tenure = match (first, finite("tenureDays", c.tenure_days)?) {
            (Some(f), _) => Some((self.as_of - f) as f64),
            (None, Some(t)) => Some(t.floor()),
            (None, None) => recency,
        };
        let first_day = tenure.map(|t| self.as_of - t as Day);
        let mode = self.labeler.model.rfm.monetary_mode;
        let monetary = finite("monetary", c.monetary)?;
        let revenue = match (finite("revenue", c.revenue)?, monetary) {
            (Some(r), _) => r,
            (None, Some(m)) => match mode {
                MonetaryMode::Total => m,
                MonetaryMode::Average => m * orders as f64,
            },
            (None, None) => 0.0,
        };
        let period = self.labeler.model.catalogue.xyz.period;
        let periods = c.periods.unwrap_or_else(|| match first_day {
            Some(f) => (period.index(self.as_of) - period.index(f) + 1).max(1) as u32,
            None => 0,
        });
        let cv = match (&c.period_revenue, finite("cv", c.cv)?) {
            (_, Some(cv)) => Some(cv),
            (Some(list), None) => {
                let mut s: i64 = 0;
                let mut ss: i128 = 0;
                for v in list {
                    let m = money::from_f64(*v)
                        .ok_or_else(|| Scorer::bad("`periodRevenue` values must be finite"))?;
                    s = s.saturating_add(m);
                    ss += m as i128 * m as i128;
                }
                let p = periods.max(list.len() as u32);
                criteria::cv(
                    money::to_f64(s),
                    ss as f64 / (money::SCALE as f64 * money::SCALE as f64),
                    p,
                )
            }
            (None, None) => None,
        };
        Ok((
            Facts {
                id: c.id.as_deref().unwrap_or(""),
                recency,
                tenure: if orders > 0 { tenure } else { None },
                first: first_day.map(|d| d as i64),
                last: last_day.map(|d| d as i64),
                orders,
                revenue,
                periods,
                cv,
                attributes: Vec::new(),
                tags: &c.tags,
                manual_segments: &c.segments,
                gone: c.gone,
                days_since_contact: finite("daysSinceContact", c.days_since_contact)?,
                status: c.status.as_deref(),
            },
            (),
        ))
    }

    /// The language of names in results.
    pub fn lang(&self) -> Lang {
        self.labeler.model.lang
    }
}
