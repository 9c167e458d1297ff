//! Scoring one client from a fitted model, e.g. in an edge function at request time.
//!
//! A [`Scorer`] is built from the JSON-serialisable [`Model`] a report carries and labels a
//! client from its own figures alone, with the same code the batch analysis runs, so it
//! returns exactly the labels the batch gave that client.

use super::{Labeler, Model};
use crate::calendar::{self, Day};
use crate::clv::Intervals;
use crate::criteria::{self, rfm, AttributeType, Client, Facts, Labels, MonetaryMode, Scores};
use crate::error::{Error, ErrorKind};
use crate::ingest::accumulate::gap_cv;
use crate::ingest::clients::parse_number;
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
    /// Revenue per period from the first order's period to the scoring date's period.
    pub period_revenue: Option<Vec<f64>>,
    /// Periods (default: from the first order date to the scoring date).
    pub periods: Option<u32>,
    /// Purchase dates, `YYYY-MM-DD` (any order, repeats allowed): give them for XYZ by the
    /// regularity of purchases, or give `purchaseDays` and `gapCv`.
    pub order_dates: Option<Vec<String>>,
    /// Distinct purchase days (default: `frequency`).
    pub purchase_days: Option<u32>,
    /// Coefficient of variation of the days between purchases.
    pub gap_cv: Option<f64>,
    /// Return rows (default 0).
    pub returns: Option<u32>,
    /// Sum of returns, positive (default 0).
    pub returned: Option<f64>,
    /// The client's name (for message templates).
    pub name: Option<String>,
    /// The client's e-mail.
    pub email: Option<String>,
    /// The client's phone.
    pub phone: Option<String>,
    /// Clients-table attributes by header name: text, or for a numeric attribute a number
    /// or a numeric string (`"1 234,5"`, `"1,234.5"`; a lone `,` is the decimal separator).
    pub attributes: BTreeMap<String, AttributeValue>,
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

    // What the client bought (the orders file's category column).
    /// The client's categories, with their rows and revenue, in any order (as the report's
    /// `categories` of the client: `top_category` is the one with the most revenue).
    pub categories: Vec<CategoryInput>,
    /// The largest order's total (`largest_order`).
    pub largest_order: Option<f64>,
    /// The value of the first purchase day: the mean value of the repeat purchases, which
    /// the CLV's order value comes from, is the rest of the revenue over the rest of the
    /// purchase days. Default: the average purchase day.
    pub first_order_value: Option<f64>,

    // What the client did besides ordering.
    /// The client's recent events, in any order: the behaviour fields (`views`,
    /// `carts_without_order`…) count those in the `eventWindow` days (30) up to the scoring
    /// date, as the report counts the events table's. Absent: the fields have no value.
    pub events: Option<Vec<EventInput>>,
}

/// One event of a client given to the scorer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EventInput {
    /// Its day, `YYYY-MM-DD` (a time after the date is ignored).
    pub date: String,
    /// Its type as an export writes it (`view`, `add_to_cart`, «клик»…).
    pub event: String,
    /// Category or site section.
    pub category: Option<String>,
}

/// One category a client bought in, given to the scorer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CategoryInput {
    /// The category's name.
    pub name: String,
    /// Purchase rows in it (default 1).
    pub rows: Option<u32>,
    /// Revenue in it, its returns netted out (default 0).
    pub revenue: Option<f64>,
}

/// An attribute's value given to the scorer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeValue {
    /// A number.
    Number(f64),
    /// Text (a number's text for a numeric attribute).
    Text(String),
}

impl From<&str> for AttributeValue {
    fn from(s: &str) -> AttributeValue {
        AttributeValue::Text(s.to_string())
    }
}

impl From<f64> for AttributeValue {
    fn from(v: f64) -> AttributeValue {
        AttributeValue::Number(v)
    }
}

/// How to score: the date recency is measured to and when a model counts as stale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ScoreOptions {
    /// The date recency, tenure and periods are measured to, `YYYY-MM-DD`: today, at
    /// request time. Default: the model's `asOf`. The model's cut points, thresholds and
    /// rules stay as fitted.
    pub as_of: Option<String>,
    /// A model older than this many days at `asOf` is flagged `stale`. Default
    /// [`STALE_AFTER_DAYS`].
    pub stale_after_days: Option<u32>,
    /// Days of the client's events the behaviour fields count. Default 30.
    pub event_window: Option<u32>,
}

/// Days after its `asOf` from which a model is flagged stale by default: a month. The
/// quantile cut points, value thresholds and the purchase cycle the model learnt drift as
/// the base ages; a monthly refit keeps them the base's.
pub const STALE_AFTER_DAYS: u32 = 30;

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
    /// The date the client was scored at, when options gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Days from the model's `asOf` to the scoring date (negative for a date before it),
    /// when options gave a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_age_days: Option<i64>,
    /// Whether the model is older than `staleAfterDays` at the scoring date, when options
    /// gave a date: fit it again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<bool>,
    /// P(alive), the expected purchases and order value over the horizon and the CLV, with
    /// 95 % intervals, when the model carries the purchase and spend models and the client
    /// has orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Intervals>,
}

/// Days beyond which a recency or tenure is not a client's (a century).
const MAX_DAYS: f64 = 36_525.0;

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
            .ru(format!("модель: дата анализа «{}» — не дата", model.as_of))
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

    /// Scores one client as of the model's date.
    pub fn score(&self, c: &ClientInput) -> Result<ScoreResult, Error> {
        self.score_with(c, &ScoreOptions::default())
    }

    /// Scores one client as of `opts.as_of` (default: the model's date): recency, tenure
    /// and periods are measured to that date with the model's cut points and rules, and the
    /// result says how old the model is there and whether that makes it stale.
    pub fn score_with(&self, c: &ClientInput, opts: &ScoreOptions) -> Result<ScoreResult, Error> {
        let at = match &opts.as_of {
            None => self.as_of,
            Some(text) => calendar::parse_iso(text.trim()).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOption,
                    format!("asOf \"{text}\" is not a date (YYYY-MM-DD)"),
                )
                .ru(format!("дата анализа «{text}» — не дата (ГГГГ-ММ-ДД)"))
            })?,
        };
        let (facts, _owned) = self.facts(c, at)?;
        let values = self.attribute_values(c)?;
        let window = opts.event_window.unwrap_or(30).clamp(1, 36_600);
        let last = facts.last.map(|d| d as Day);
        let summary = self.repeat_summary(c, &facts)?;
        let clv = self.labeler.model.clv.as_ref();
        let facts = Facts {
            events: event_facts(c, at, window, last)?,
            attributes: values.iter().map(|(t, _)| t.as_str()).collect(),
            attribute_numbers: values.iter().map(|(_, n)| *n).collect(),
            prediction: clv
                .zip(summary)
                .map(|(m, (x, tx, t, mean))| m.predict(x, tx, t, mean)),
            ..facts
        };
        let prediction = clv
            .zip(summary)
            .map(|(m, (x, tx, t, mean))| m.intervals(x, tx, t, mean));
        let mut labels = Labels::default();
        let engine = self.labeler.engine();
        engine.label(&facts, &mut labels);
        let bits = Cell::new(None);
        let c = Client::new(&engine, &facts, &labels, &bits);
        let lang = self.lang();
        let dated = opts.as_of.is_some();
        let age = (at - self.as_of) as i64;
        let stale_after = opts.stale_after_days.unwrap_or(STALE_AFTER_DAYS) as i64;
        Ok(ScoreResult {
            rfm: rfm::score(&c, lang),
            labels: engine.scores(&c, lang),
            as_of: dated.then(|| calendar::iso(at)),
            model_age_days: dated.then_some(age),
            stale: dated.then_some(age > stale_after),
            prediction,
        })
    }

    /// The client's BTYD summary in the model's unit — repeat purchase days, time from the
    /// first purchase to the last and to the scoring date, mean repeat value — as the
    /// report computes it; `None` without orders or without the purchase model.
    fn repeat_summary(
        &self,
        c: &ClientInput,
        f: &Facts<'_>,
    ) -> Result<Option<(f64, f64, f64, f64)>, Error> {
        let (Some(m), Some(first), Some(last), Some(tenure)) =
            (&self.labeler.model.clv, f.first, f.last, f.tenure)
        else {
            return Ok(None);
        };
        let per = m.unit.days();
        let days = f.days.max(1) as f64;
        let x = days - 1.0;
        let purchases = f.revenue + f.returned;
        let first_value =
            finite("firstOrderValue", c.first_order_value)?.unwrap_or(purchases / days);
        let mean = if x > 0.0 {
            ((purchases - first_value) / x).max(0.0)
        } else {
            0.0
        };
        Ok(Some((x, (last - first) as f64 / per, tenure / per, mean)))
    }

    /// The model's attributes from `c`: each one's text and, for a numeric one, its number.
    fn attribute_values(&self, c: &ClientInput) -> Result<Vec<(String, Option<f64>)>, Error> {
        let model = &self.labeler.model;
        let mut out = Vec::with_capacity(model.attributes.len());
        for a in &model.attributes {
            let given = c.attributes.get(&a.name);
            let text = match given {
                Some(AttributeValue::Text(s)) => s.trim().to_string(),
                Some(AttributeValue::Number(v)) => v.to_string(),
                None => String::new(),
            };
            let number = match (a.ty, given) {
                (AttributeType::Text, _) | (_, None) => None,
                (AttributeType::Number, Some(AttributeValue::Number(v))) => {
                    finite(&format!("attributes.{}", a.name), Some(*v))?
                }
                (AttributeType::Number, Some(AttributeValue::Text(_))) if text.is_empty() => None,
                (AttributeType::Number, Some(AttributeValue::Text(s))) => {
                    Some(parse_number(&text).ok_or_else(|| {
                        Scorer::bad(
                            format!("attribute \"{}\" is a number; \"{s}\" is not one", a.name),
                            format!("атрибут «{}» — число; «{s}» не число", a.name),
                        )
                    })?)
                }
            };
            out.push((text, number));
        }
        Ok(out)
    }

    fn bad(en: impl Into<String>, ru: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidClient, en).ru(ru)
    }

    /// The date `at` as a message names it: the model's `asOf`, or the scoring date.
    fn at_name(&self, at: Day) -> (String, String) {
        match at == self.as_of {
            true => (
                format!("the model's asOf {}", self.labeler.model.as_of),
                format!("даты анализа модели {}", self.labeler.model.as_of),
            ),
            false => (
                format!("asOf {}", calendar::iso(at)),
                format!("даты анализа {}", calendar::iso(at)),
            ),
        }
    }

    fn facts<'a>(&self, c: &'a ClientInput, at: Day) -> Result<(Facts<'a>, ()), Error> {
        // Purchase dates, sorted and distinct, when given: they also give the first and the
        // last order date.
        let dates = purchase_dates(c)?;
        let (first_given, last_given) = (
            dates.as_ref().and_then(|d| d.first().copied()),
            dates.as_ref().and_then(|d| d.last().copied()),
        );
        let last = day("lastOrderDate", &c.last_order_date)?
            .or(last_given.filter(|_| c.recency_days.is_none()));
        let first = day("firstOrderDate", &c.first_order_date)?
            .or(first_given.filter(|_| c.tenure_days.is_none()));
        let recency = match (last, finite("recencyDays", c.recency_days)?) {
            (Some(l), _) => {
                if l > at {
                    let (en, ru) = self.at_name(at);
                    return Err(Scorer::bad(
                        format!("`lastOrderDate` {} is after {en}", calendar::iso(l)),
                        format!(
                            "`lastOrderDate`: последний заказ {} позже {ru}",
                            calendar::iso(l)
                        ),
                    ));
                }
                Some((at - l) as f64)
            }
            (None, Some(r)) => {
                if r < 0.0 {
                    return Err(Scorer::bad(
                        "`recencyDays` must not be negative",
                        "`recencyDays`: давность не может быть отрицательной",
                    ));
                }
                if r > MAX_DAYS {
                    return Err(Scorer::bad(
                        "`recencyDays` is more than a century",
                        "`recencyDays`: давность больше века",
                    ));
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
                "у клиента с заказами нужна дата последнего заказа (`lastOrderDate`) или давность (`recencyDays`)",
            ));
        }
        let last_day = recency.map(|r| at - r as Day);
        let tenure = match (first, finite("tenureDays", c.tenure_days)?) {
            (Some(f), _) => Some((at - f) as f64),
            (None, Some(t)) if !(0.0..=MAX_DAYS).contains(&t) => {
                return Err(Scorer::bad(
                    "`tenureDays` must be 0 or more, and less than a century",
                    "`tenureDays`: срок с первого заказа — от 0 дней и меньше века",
                ));
            }
            (None, Some(t)) => Some(t.floor()),
            (None, None) => recency,
        };
        // The first order is on or before the last, and not after the model's date.
        match (tenure, recency) {
            (Some(t), _) if t < 0.0 => {
                let (en, ru) = self.at_name(at);
                return Err(Scorer::bad(
                    format!("`firstOrderDate` is after {en}"),
                    format!("`firstOrderDate`: первый заказ позже {ru}"),
                ));
            }
            (Some(t), Some(r)) if t < r => {
                return Err(Scorer::bad(
                    "the first order (`firstOrderDate` or `tenureDays`) is after the last one",
                    "первый заказ (`firstOrderDate` или `tenureDays`) позже последнего",
                ));
            }
            _ => {}
        }
        let first_day = tenure.map(|t| at - t as Day);
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
            Some(f) => (period.index(at) - period.index(f) + 1).max(1) as u32,
            None => 0,
        });
        let cv = revenue_cv(c, periods)?;
        let (days, gap_cv) = match &dates {
            Some(d) => {
                let sq: u64 = d.windows(2).map(|w| ((w[1] - w[0]) as u64).pow(2)).sum();
                let span = d.last().zip(d.first()).map_or(0, |(l, f)| (l - f) as i64);
                (d.len() as u32, gap_cv(span, d.len() as u32, sq))
            }
            None => (
                c.purchase_days.unwrap_or(orders),
                finite("gapCv", c.gap_cv)?,
            ),
        };
        Ok((
            Facts {
                id: c.id.as_deref().unwrap_or(""),
                gap_cv,
                days,
                returns: c.returns.unwrap_or(0),
                returned: finite("returned", c.returned)?.unwrap_or(0.0),
                name: c.name.as_deref(),
                email: c.email.as_deref(),
                phone: c.phone.as_deref(),
                recency,
                tenure: if orders > 0 { tenure } else { None },
                first: first_day.map(|d| d as i64),
                last: last_day.map(|d| d as i64),
                orders,
                revenue,
                periods,
                cv,
                attributes: Vec::new(),
                attribute_numbers: Vec::new(),
                tags: &c.tags,
                manual_segments: &c.segments,
                gone: c.gone,
                days_since_contact: finite("daysSinceContact", c.days_since_contact)?,
                status: c.status.as_deref(),
                categories: categories(c)?,
                largest_order: match orders {
                    0 => None,
                    _ => finite("largestOrder", c.largest_order)?,
                },
                events: None,
                prediction: None,
            },
            (),
        ))
    }

    /// The language of names in results.
    pub fn lang(&self) -> Lang {
        self.labeler.model.lang
    }
}

/// The behaviour facts of the client's events, as the report counts them.
fn event_facts(
    c: &ClientInput,
    at: Day,
    window: u32,
    last_order: Option<Day>,
) -> Result<Option<criteria::EventFacts<'_>>, Error> {
    let Some(list) = &c.events else {
        return Ok(None);
    };
    let mut events = Vec::with_capacity(list.len());
    for (k, e) in list.iter().enumerate() {
        let date = e.date.trim();
        let day = date
            .get(..10)
            .and_then(calendar::parse_iso)
            .ok_or_else(|| {
                Scorer::bad(
                    format!("`events[{k}].date`: \"{date}\" is not a date YYYY-MM-DD"),
                    format!("`events[{k}].date`: «{date}» — не дата в виде ГГГГ-ММ-ДД"),
                )
            })?;
        let kind = crate::ingest::EventKind::from_text(&e.event);
        let category = e
            .category
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        events.push((day, kind, category));
    }
    Ok(Some(criteria::events::tally(
        events.into_iter(),
        at,
        window,
        last_order,
    )))
}

/// The client's categories as the report orders them: by revenue (highest first), then
/// name; blank names left out.
fn categories(c: &ClientInput) -> Result<Vec<criteria::CategoryFact<'_>>, Error> {
    let mut out = Vec::with_capacity(c.categories.len());
    for x in &c.categories {
        let name = x.name.trim();
        if name.is_empty() {
            continue;
        }
        out.push(criteria::CategoryFact {
            name,
            rows: x.rows.unwrap_or(1),
            revenue: finite("categories.revenue", x.revenue)?.unwrap_or(0.0),
        });
    }
    out.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.name.cmp(b.name))
    });
    Ok(out)
}

/// A date field, when given.
fn day(name: &str, v: &Option<String>) -> Result<Option<Day>, Error> {
    match v {
        None => Ok(None),
        Some(s) => calendar::parse_iso(s).map(Some).ok_or_else(|| {
            Scorer::bad(
                format!("`{name}`: \"{s}\" is not a date YYYY-MM-DD"),
                format!("`{name}`: «{s}» — не дата в виде ГГГГ-ММ-ДД"),
            )
        }),
    }
}

/// A number field, when given: finite.
fn finite(name: &str, v: Option<f64>) -> Result<Option<f64>, Error> {
    match v {
        Some(x) if !x.is_finite() => Err(Scorer::bad(
            format!("`{name}` must be a finite number"),
            format!("`{name}`: нужно конечное число"),
        )),
        _ => Ok(v),
    }
}

/// `orderDates`, sorted and distinct.
fn purchase_dates(c: &ClientInput) -> Result<Option<Vec<Day>>, Error> {
    let Some(list) = &c.order_dates else {
        return Ok(None);
    };
    let mut d = Vec::with_capacity(list.len());
    for s in list {
        d.push(calendar::parse_iso(s).ok_or_else(|| {
            Scorer::bad(
                format!("`orderDates`: \"{s}\" is not a date YYYY-MM-DD"),
                format!("`orderDates`: «{s}» — не дата в виде ГГГГ-ММ-ДД"),
            )
        })?);
    }
    d.sort_unstable();
    d.dedup();
    Ok(Some(d))
}

/// The coefficient of variation of period revenue: given, or from `periodRevenue` over
/// `periods` periods.
fn revenue_cv(c: &ClientInput, periods: u32) -> Result<Option<f64>, Error> {
    Ok(match (&c.period_revenue, finite("cv", c.cv)?) {
        (_, Some(cv)) => Some(cv),
        (Some(list), None) => {
            let mut s: i64 = 0;
            let mut ss: i128 = 0;
            for v in list {
                let m = money::from_f64(*v).ok_or_else(|| {
                    Scorer::bad(
                        "`periodRevenue` values must be finite",
                        "`periodRevenue`: выручка за периоды — конечные числа",
                    )
                })?;
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    /// Three clients fitting ABC: A from 8000, B from 1500; every other threshold is fixed.
    const CSV: &str =
        "client,date,amount\nx,2024-06-01,8000\ny,2024-05-01,1500\nz,2024-04-01,500\n";

    /// A scorer with recency cuts 7, 30, 90, 180 days, frequency 2, 3, 5, 10 orders,
    /// monetary 100, 300, 1000, 3000 (total or average) and value tiers from 500 and 3000.
    fn scorer(monetary: &str) -> Scorer {
        scorer_with(monetary, "")
    }

    /// Like [`scorer`], with more options (`"key": value, `).
    fn scorer_with(monetary: &str, more: &str) -> Scorer {
        let opts = Options::from_json(&format!(
            r#"{{{more}"asOf": "2024-06-30", "monetary": "{monetary}",
                "thresholds": {{"recency": [7, 30, 90, 180], "frequency": [2, 3, 5, 10],
                                "monetary": [100, 300, 1000, 3000]}},
                "valueTiers": {{"method": "fixed", "vipMin": 3000, "middleMin": 500}}}}"#
        ))
        .unwrap();
        let report = crate::analyze(CSV.as_bytes(), &opts).unwrap();
        Scorer::new(report.model().clone()).unwrap()
    }

    /// RFM code, segment key, ABC, XYZ, ABC×XYZ, lifecycle, value tier.
    type Want = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );

    fn score(s: &Scorer, input: &str) -> Result<[String; 7], Error> {
        let input: ClientInput = serde_json::from_str(input).expect("input");
        let r = s.score(&input)?;
        let l = r.labels;
        Ok([
            r.rfm.rfm,
            r.rfm.segment_key,
            l.abc.abc,
            l.xyz.xyz,
            l.xyz.abc_xyz,
            l.lifecycle.lifecycle,
            l.value_tiers.value_tier,
        ])
    }

    #[test]
    fn scores_table() {
        let (total, average) = (scorer("total"), scorer("average"));
        let revenue = scorer_with("total", r#""xyz": {"method": "revenue"}, "#);
        #[rustfmt::skip]
        let cases: &[(&str, &Scorer, &str, Want)] = &[
            ("last order date", &total, r#"{"lastOrderDate": "2024-06-28", "firstOrderDate": "2023-01-01", "frequency": 12, "monetary": 9000}"#, ("555", "champions", "A", "-", "", "active", "vip")),
            ("recency and tenure in days", &total, r#"{"recencyDays": 2, "tenureDays": 500, "frequency": 12, "monetary": 9000}"#, ("555", "champions", "A", "-", "", "active", "vip")),
            ("fractional days are cut to whole days", &total, r#"{"recencyDays": 7.9, "tenureDays": 500.5}"#, ("511", "new", "C", "-", "", "active", "small")),
            ("last order on asOf", &total, r#"{"lastOrderDate": "2024-06-30", "firstOrderDate": "2024-01-01"}"#, ("511", "new", "C", "-", "", "active", "small")),
            ("recency on a cut", &total, r#"{"lastOrderDate": "2024-06-23", "firstOrderDate": "2024-01-01"}"#, ("511", "new", "C", "-", "", "active", "small")),
            ("a day past the cut", &total, r#"{"lastOrderDate": "2024-06-22", "firstOrderDate": "2024-01-01"}"#, ("411", "promising", "C", "-", "", "active", "small")),
            ("first order defaults to the last", &total, r#"{"lastOrderDate": "2024-06-20"}"#, ("411", "promising", "C", "-", "", "newClient", "small")),
            ("first order long before", &total, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2023-06-20"}"#, ("411", "promising", "C", "-", "", "active", "small")),
            ("a lead", &total, "{}", ("", "noOrders", "C", "-", "", "lead", "small")),
            ("no orders despite a last order date", &total, r#"{"lastOrderDate": "2024-06-20", "frequency": 0}"#, ("", "noOrders", "C", "-", "", "lead", "small")),
            ("total: monetary is the revenue", &total, r#"{"lastOrderDate": "2024-03-01", "frequency": 3, "monetary": 600}"#, ("233", "atRisk", "C", "-", "", "sleeping", "middle")),
            ("total: revenue wins over monetary", &total, r#"{"lastOrderDate": "2024-03-01", "frequency": 3, "monetary": 10, "revenue": 600}"#, ("233", "atRisk", "C", "-", "", "sleeping", "middle")),
            ("average: revenue is monetary × orders", &average, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 4, "monetary": 500}"#, ("433", "loyal", "B", "-", "", "active", "middle")),
            ("average: monetary from revenue", &average, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 4, "revenue": 4000}"#, ("434", "loyal", "B", "-", "", "active", "vip")),
            ("average: revenue wins over monetary", &average, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 4, "monetary": 10, "revenue": 4000}"#, ("434", "loyal", "B", "-", "", "active", "vip")),
            ("average: one order by default", &average, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "monetary": 2000}"#, ("414", "promising", "B", "-", "", "active", "middle")),
            ("steady period revenue", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-04-01", "frequency": 3, "monetary": 300, "periodRevenue": [100, 100, 100]}"#, ("433", "loyal", "C", "X", "CX", "active", "small")),
            ("irregular period revenue", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-04-01", "frequency": 3, "monetary": 300, "periodRevenue": [100, 0, 200]}"#, ("433", "loyal", "C", "Z", "CZ", "active", "small")),
            ("periods missing from the list are zero", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-04-01", "frequency": 3, "monetary": 300, "periodRevenue": [150, 150]}"#, ("433", "loyal", "C", "Z", "CZ", "active", "small")),
            ("fluctuating period revenue", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-04-01", "frequency": 3, "monetary": 300, "periodRevenue": [80, 100, 120]}"#, ("433", "loyal", "C", "Y", "CY", "active", "small")),
            ("a given CV wins over period revenue", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-04-01", "frequency": 3, "monetary": 300, "cv": 0.05, "periodRevenue": [100, 0, 200]}"#, ("433", "loyal", "C", "X", "CX", "active", "small")),
            ("too few periods to judge", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-05-15", "frequency": 3, "monetary": 300, "cv": 0.05}"#, ("433", "loyal", "C", "-", "", "active", "small")),
            ("purchases on a cycle", &total, r#"{"orderDates": ["2024-03-02", "2024-04-01", "2024-05-01", "2024-05-31", "2024-06-20", "2024-06-20"], "frequency": 5, "monetary": 300}"#, ("443", "loyal", "C", "X", "CX", "active", "small")),
            ("purchases in a burst", &total, r#"{"orderDates": ["2024-01-02", "2024-01-03", "2024-01-05", "2024-06-20"], "frequency": 4, "monetary": 300}"#, ("433", "loyal", "C", "Z", "CZ", "active", "small")),
            ("too few purchase days", &total, r#"{"orderDates": ["2024-01-02", "2024-03-03", "2024-06-20"], "frequency": 3, "monetary": 300}"#, ("433", "loyal", "C", "-", "", "active", "small")),
            ("a given gap CV", &total, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 6, "monetary": 300, "gapCv": 0.8}"#, ("443", "loyal", "C", "Y", "CY", "active", "small")),
            ("the revenue CV is not the method's", &total, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 6, "monetary": 300, "cv": 0.05}"#, ("443", "loyal", "C", "-", "", "active", "small")),
            ("periods given", &revenue, r#"{"lastOrderDate": "2024-06-20", "firstOrderDate": "2024-01-01", "frequency": 3, "monetary": 300, "cv": 0.05, "periods": 2}"#, ("433", "loyal", "C", "-", "", "active", "small")),
        ];
        for (name, s, input, want) in cases {
            let got = score(s, input).unwrap_or_else(|e| panic!("{name}: {e}"));
            let (a, b, c, d, e, f, g) = *want;
            assert_eq!(got, [a, b, c, d, e, f, g], "{name}");
        }
    }

    #[test]
    fn invalid_clients_table() {
        let s = scorer("total");
        let d = || ClientInput {
            last_order_date: Some("2024-06-20".into()),
            ..ClientInput::default()
        };
        #[rustfmt::skip]
        let cases: Vec<(&str, ClientInput, &str)> = vec![
            ("recency not finite", ClientInput { last_order_date: None, recency_days: Some(f64::NAN), ..d() }, "`recencyDays` must be a finite number"),
            ("recency not finite beside a date", ClientInput { recency_days: Some(f64::INFINITY), ..d() }, "`recencyDays` must be a finite number"),
            ("negative recency", ClientInput { last_order_date: None, recency_days: Some(-1.0), ..d() }, "`recencyDays` must not be negative"),
            ("recency beyond a century", ClientInput { last_order_date: None, recency_days: Some(1e12), ..d() }, "`recencyDays` is more than a century"),
            ("negative tenure", ClientInput { last_order_date: None, recency_days: Some(100.0), tenure_days: Some(-50.0), ..d() }, "`tenureDays` must be 0 or more, and less than a century"),
            ("tenure beyond a century", ClientInput { tenure_days: Some(1e12), ..d() }, "`tenureDays` must be 0 or more, and less than a century"),
            ("tenure shorter than recency", ClientInput { last_order_date: None, recency_days: Some(100.0), tenure_days: Some(50.0), ..d() }, "the first order (`firstOrderDate` or `tenureDays`) is after the last one"),
            ("first order after the last", ClientInput { first_order_date: Some("2024-06-25".into()), ..d() }, "the first order (`firstOrderDate` or `tenureDays`) is after the last one"),
            ("first order after asOf", ClientInput { last_order_date: None, first_order_date: Some("2030-01-01".into()), ..d() }, "`firstOrderDate` is after the model's asOf 2024-06-30"),
            ("tenure not finite", ClientInput { tenure_days: Some(f64::NEG_INFINITY), ..d() }, "`tenureDays` must be a finite number"),
            ("monetary not finite", ClientInput { monetary: Some(f64::NAN), ..d() }, "`monetary` must be a finite number"),
            ("revenue not finite", ClientInput { revenue: Some(f64::INFINITY), ..d() }, "`revenue` must be a finite number"),
            ("CV not finite", ClientInput { cv: Some(f64::NAN), ..d() }, "`cv` must be a finite number"),
            ("period revenue not finite", ClientInput { period_revenue: Some(vec![1.0, f64::NAN]), ..d() }, "`periodRevenue` values must be finite"),
            ("days since contact not finite", ClientInput { days_since_contact: Some(f64::NAN), ..d() }, "`daysSinceContact` must be a finite number"),
            ("not a calendar date", ClientInput { last_order_date: Some("2024-02-30".into()), ..d() }, "`lastOrderDate`: \"2024-02-30\" is not a date YYYY-MM-DD"),
            ("another date form", ClientInput { last_order_date: Some("20.06.2024".into()), ..d() }, "`lastOrderDate`: \"20.06.2024\" is not a date YYYY-MM-DD"),
            ("a bad first order date", ClientInput { first_order_date: Some("yesterday".into()), ..d() }, "`firstOrderDate`: \"yesterday\" is not a date YYYY-MM-DD"),
            ("last order after asOf", ClientInput { last_order_date: Some("2024-07-01".into()), ..d() }, "`lastOrderDate` 2024-07-01 is after the model's asOf 2024-06-30"),
            ("orders without a last order", ClientInput { last_order_date: None, frequency: Some(3), ..d() }, "a client with orders needs `lastOrderDate` or `recencyDays`"),
        ];
        for (name, input, want) in &cases {
            let e = s
                .score(input)
                .err()
                .unwrap_or_else(|| panic!("{name}: accepted"));
            assert_eq!(e.kind(), ErrorKind::InvalidClient, "{name}: {e}");
            assert_eq!(e.message(), *want, "{name}");
        }
    }

    #[test]
    fn a_model_with_a_bad_as_of_is_invalid() {
        let mut m = scorer("total").model().clone();
        m.as_of = "30.06.2024".into();
        let e = Scorer::new(m).err().expect("an error");
        assert_eq!(e.kind(), ErrorKind::InvalidModel);
        assert_eq!(e.message(), "model: asOf \"30.06.2024\" is not a date");
    }
}
