//! The summary: counts, revenue, the RFM segments and grid, every label's tally, the
//! segment rule check and the warnings.

use super::{DataCheck, MarksSummary, Report, Warning};
use crate::calendar;
use crate::criteria::rfm::{self, RfmSummary};
use crate::criteria::{RuleCheck, Summaries, Tally};
use crate::money::{self, Money};
use serde::Serialize;

/// The summary of a report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Clients with orders.
    pub customers: u64,
    /// Clients from the clients table without orders.
    pub leads: u64,
    /// Accepted rows.
    pub transactions: u64,
    /// Orders.
    pub orders: u64,
    /// Net revenue.
    pub revenue: f64,
    /// Rejected rows.
    pub rejected_rows: u64,
    /// Excluded rows (after `asOf`, duplicates).
    pub excluded_rows: u64,
    /// Analysis date.
    pub as_of: String,
    /// First order date.
    pub first_date: Option<String>,
    /// Last order date.
    pub last_date: Option<String>,
    /// Score levels, direction, cut points, segments and the R×F grid.
    #[serde(flatten)]
    pub rfm: RfmSummary,
    /// Every catalogue label's tally (`abc`, `xyz`, `abcXyz`, `lifecycle`, …).
    #[serde(flatten)]
    pub labels: Summaries,
    /// Tags and manual segments: per mark its clients and revenue, and whether it comes
    /// from the clients table, was set by hand, or both.
    pub marks: MarksSummary,
    /// Segment rule check.
    pub rule_check: RuleCheck,
    /// Checks on the data: empty segments and levels, labels that contradict each other.
    pub data_checks: Vec<DataCheck>,
    /// Notes on the data and configuration.
    pub warnings: Vec<Warning>,
    /// Estimated bytes held by the aggregation while reading.
    pub memory_bytes: u64,
}

impl Report {
    /// The summary.
    pub fn summary(&self) -> Summary {
        let lang = self.lang;
        let c = &self.cols;
        let engine = self.labeler.engine();
        // Shares are of net revenue (returns included), summed exactly so they do not
        // depend on the order of clients and add up to one.
        let revenue: Money = c.revenue.iter().fold(0, |a, b| a.saturating_add(*b));
        let tally = Tally {
            revenue: &c.revenue,
            recency: &c.recency,
            customers: self.customers,
            total: money::to_f64(revenue),
        };
        Summary {
            customers: self.customers as u64,
            leads: (self.ids.len() - self.customers) as u64,
            transactions: self.transactions,
            orders: c.frequency.iter().map(|f| *f as u64).sum(),
            revenue: money::to_f64(revenue),
            rejected_rows: self.audit.rows_rejected,
            excluded_rows: self.audit.rows_excluded,
            as_of: calendar::iso(self.as_of),
            first_date: self.min_day.map(calendar::iso),
            last_date: self.max_day.map(calendar::iso),
            rfm: rfm::summary(&engine, &c.rfm, &c.labels, &c.frequency, &tally, lang),
            labels: engine.summaries(&c.labels, &tally, lang),
            marks: self.marks_summary(),
            rule_check: self.check.clone(),
            data_checks: self.data_checks(),
            warnings: self.warnings.clone(),
            memory_bytes: self.heap_bytes as u64,
        }
    }
}
