//! How to fit and project: the unit, the horizon, the discount rate, the purchase model the
//! predictions come from and the backtest's calibration end.

use super::Unit;
use crate::calendar::{self, Day};
use crate::error::Error;
use serde::{Deserialize, Serialize};

/// The purchase model the predictions come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PurchaseModel {
    /// MBG/NBD: a client who never came back grows less likely to be alive with time.
    #[default]
    Mbgnbd,
    /// BG/NBD: a client without repeat purchases is alive for certain.
    Bgnbd,
}

/// How to fit and project (the `clv` option).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ClvOptions {
    /// The unit of time of the summary and the parameters. Default weeks.
    pub unit: Unit,
    /// Months ahead (of 30 days) the expected purchases and the CLV cover. Default 12.
    #[serde(alias = "horizon")]
    pub horizon_months: u32,
    /// Monthly discount rate of the CLV (lifetimes' convention: each month's expected
    /// value divided by (1 + rate)^month, a month being 30 days). Default 0.01.
    pub discount: f64,
    /// The purchase model the predictions come from. Default MBG/NBD: BG/NBD holds every
    /// one-time buyer alive, which contradicts "lost" on real files.
    pub model: PurchaseModel,
    /// Fit Pareto/NBD as well (slower; reported beside the others). Default false.
    pub pareto_nbd: bool,
    /// The backtest's calibration end (`YYYY-MM-DD`): the models are fitted on the orders
    /// up to it and their predictions compared with the orders after it. Default: the
    /// analysis date less half the span of the orders, at most the horizon.
    pub calibration_end: Option<String>,
    /// Run the backtest. Default true.
    pub backtest: bool,
}

impl Default for ClvOptions {
    fn default() -> Self {
        ClvOptions {
            unit: Unit::Week,
            horizon_months: 12,
            discount: 0.01,
            model: PurchaseModel::Mbgnbd,
            pareto_nbd: false,
            calibration_end: None,
            backtest: true,
        }
    }
}

impl ClvOptions {
    /// Checks the numbers and the date.
    pub fn validate(&self) -> Result<(), Error> {
        if !(self.discount.is_finite() && (0.0..1.0).contains(&self.discount))
            || self.horizon_months == 0
            || self.horizon_months > 1200
        {
            return Err(Error::option(
                "option `clv`: discount from 0 to 1 (monthly), horizonMonths from 1 to 1200",
            )
            .ru("настройка `clv`: ставка дисконтирования от 0 до 1 (в месяц), горизонт от 1 до 1200 месяцев"));
        }
        self.calibration_day().map(|_| ())
    }

    /// The calibration end, when given.
    pub fn calibration_day(&self) -> Result<Option<Day>, Error> {
        let Some(text) = &self.calibration_end else {
            return Ok(None);
        };
        calendar::parse_iso(text).map(Some).ok_or_else(|| {
            Error::option(format!(
                "option `clv.calibrationEnd`: `{text}` is not a YYYY-MM-DD date"
            ))
            .ru(format!(
                "настройка `clv.calibrationEnd`: «{text}» — не дата ГГГГ-ММ-ДД"
            ))
        })
    }
}
