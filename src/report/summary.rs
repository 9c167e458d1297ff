//! The summary: counts, revenue, the RFM segments and grid, every label's tally, the
//! segment rule check and the warnings.

use super::events::BehaviourSummary;
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
    /// What was bought, by category (the orders file's category column), by revenue
    /// (highest first), then name; empty (and left out) without one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategorySummary>,
    /// What the clients did besides ordering (absent without an events table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<BehaviourSummary>,
}

/// One category of the orders file, over all clients.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CategorySummary {
    /// The category as first spelt in the file.
    pub name: String,
    /// Clients with purchase rows in it.
    pub clients: u64,
    /// Purchase rows (order lines) in it, returns aside.
    pub rows: u64,
    /// Net revenue in it, its returns netted out.
    pub revenue: f64,
    /// Its share of the revenue of all categories (0 when that is not positive).
    pub share: f64,
    /// Clients whose top category it is.
    pub top_clients: u64,
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
            memory_bytes: (self.heap_bytes + self.events_heap_bytes()) as u64,
            categories: self.category_summary(),
            behaviour: self.behaviour_summary(),
        }
    }

    /// The categories over all clients (see [`Summary::categories`]).
    fn category_summary(&self) -> Vec<CategorySummary> {
        let Some(t) = &self.cols.categories else {
            return Vec::new();
        };
        // Per category: clients, rows, revenue (exact), top clients.
        let mut per = vec![(0u64, 0u64, 0 as Money, 0u64); t.names.len()];
        for i in 0..self.customers {
            let row = t.row(i);
            for &(k, rows, revenue) in row {
                let Some(p) = per.get_mut(k as usize) else {
                    continue;
                };
                p.0 += (rows > 0) as u64;
                p.1 += rows as u64;
                p.2 = p.2.saturating_add(revenue);
            }
            // The row is in the order of the facts: the first with rows is the top one.
            if let Some(p) = row
                .iter()
                .find(|e| e.1 > 0)
                .and_then(|e| per.get_mut(e.0 as usize))
            {
                p.3 += 1;
            }
        }
        let total: Money = per.iter().fold(0, |a, p| a.saturating_add(p.2));
        let mut out: Vec<(usize, Money)> = (0..per.len()).map(|k| (k, per[k].2)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| t.names[a.0].cmp(&t.names[b.0])));
        out.into_iter()
            .filter(|&(k, _)| per[k].0 > 0 || per[k].2 != 0)
            .map(|(k, revenue)| CategorySummary {
                name: t.names[k].clone(),
                clients: per[k].0,
                rows: per[k].1,
                revenue: money::to_f64(revenue),
                share: match total > 0 {
                    true => money::to_f64(revenue) / money::to_f64(total),
                    false => 0.0,
                },
                top_clients: per[k].3,
            })
            .collect()
    }
}
