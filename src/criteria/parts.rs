//! What a criterion contributes to a report: summary entries, explanation lines, CSV cells
//! and typed columns. The report assembles them; the binding encodes them.

use crate::money::{self, Money};
use serde::Serialize;

/// Counts and revenue of one label.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelStats {
    /// Stable key.
    pub key: String,
    /// Name in the report's language.
    pub name: String,
    /// Clients.
    pub customers: u64,
    /// Share of clients (0..1).
    pub customers_share: f64,
    /// Net revenue.
    pub revenue: f64,
    /// Share of net revenue (0..1 when no label has net returns).
    pub revenue_share: f64,
}

/// Why a client has each label.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Client id.
    pub client_id: String,
    /// One entry per criterion.
    pub labels: Vec<ExplainedLabel>,
    /// Points per card parameter.
    pub points: Vec<PointsPart>,
}

/// One explained label.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedLabel {
    /// Criterion key (`rfm`, `abc`, `xyz`, `abcXyz`, `lifecycle`, `valueTier`, `funnel`,
    /// `points`, `ruleSegments`, `nextAction`).
    pub criterion: &'static str,
    /// The label.
    pub value: String,
    /// Why, in the report's language.
    pub reason: String,
}

/// Points of one card parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsPart {
    /// Parameter label.
    pub parameter: String,
    /// The value read.
    pub value: String,
    /// Points (weighted).
    pub points: f64,
}

/// Where the cells of a CSV row go (the report's CSV writer).
pub trait CellSink {
    /// A text cell.
    fn text(&mut self, s: &str);
    /// A number with up to `decimals` decimals.
    fn number(&mut self, v: f64, decimals: usize);
    /// An integer.
    fn int(&mut self, v: i64);
    /// An exact amount.
    fn money(&mut self, m: Money);
    /// An empty cell.
    fn empty(&mut self);
}

/// Where typed per-client columns go (the binding turns them into typed arrays). Codes
/// index the names and keys given with them.
pub trait ColumnSink {
    /// One byte per client.
    fn u8s(&mut self, name: &str, values: &[u8]);
    /// A signed 16-bit value per client.
    fn i16s(&mut self, name: &str, values: &[i16]);
    /// A signed 32-bit value per client.
    fn i32s(&mut self, name: &str, values: &[i32]);
    /// An unsigned 32-bit value per client.
    fn u32s(&mut self, name: &str, values: &[u32]);
    /// A float per client.
    fn f64s(&mut self, name: &str, values: &[f64]);
    /// The names (or keys) codes index.
    fn names(&mut self, name: &str, values: &[&str]);
}

/// Which clients a label's shares are of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Among {
    /// Clients with orders.
    Clients,
    /// Every client, leads included.
    All,
}

/// Per-client revenue and whether each client has orders, for the summary's tallies.
pub struct Tally<'a> {
    /// Net revenue per client.
    pub revenue: &'a [Money],
    /// Days since the last order (−1 without orders).
    pub recency: &'a [i32],
    /// Clients with orders.
    pub customers: usize,
    /// Net revenue of all clients.
    pub total: f64,
}

impl Tally<'_> {
    /// Clients in total.
    pub fn len(&self) -> usize {
        self.revenue.len()
    }

    /// Whether there are no clients.
    pub fn is_empty(&self) -> bool {
        self.revenue.is_empty()
    }

    /// Whether client `i` has orders.
    pub fn has_orders(&self, i: usize) -> bool {
        self.recency[i] >= 0
    }

    /// Clients and revenue per code (`of` gives a client's code, `None` to skip it).
    pub fn count(
        &self,
        codes: usize,
        of: impl Fn(usize) -> Option<usize>,
    ) -> (Vec<u64>, Vec<Money>) {
        let mut cnt = vec![0u64; codes];
        let mut rev = vec![0 as Money; codes];
        for i in 0..self.len() {
            if let Some(k) = of(i) {
                cnt[k] += 1;
                rev[k] = rev[k].saturating_add(self.revenue[i]);
            }
        }
        (cnt, rev)
    }

    /// The stats of one label.
    pub fn stats(
        &self,
        key: String,
        name: String,
        customers: u64,
        revenue: Money,
        among: Among,
    ) -> LabelStats {
        let denom = match among {
            Among::Clients => self.customers as f64,
            Among::All => self.len() as f64,
        };
        LabelStats {
            key,
            name,
            customers,
            customers_share: if denom > 0.0 {
                customers as f64 / denom
            } else {
                0.0
            },
            revenue: money::to_f64(revenue),
            revenue_share: if self.total > 0.0 {
                money::to_f64(revenue) / self.total
            } else {
                0.0
            },
        }
    }

    /// The stats of every code of a categorical label: `legend` gives each code's key and
    /// name, `of` each client's code.
    pub fn labels<'k>(
        &self,
        legend: impl IntoIterator<Item = (&'k str, &'k str)>,
        among: Among,
        of: impl Fn(usize) -> usize,
    ) -> Vec<LabelStats> {
        let legend: Vec<(&str, &str)> = legend.into_iter().collect();
        let (cnt, rev) = self.count(legend.len(), |i| match among {
            Among::Clients if !self.has_orders(i) => None,
            _ => Some(of(i)),
        });
        legend
            .iter()
            .enumerate()
            .map(|(k, (key, name))| {
                self.stats(key.to_string(), name.to_string(), cnt[k], rev[k], among)
            })
            .collect()
    }
}
