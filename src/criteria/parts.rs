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
    /// The client's tags and manual segments, the clients table's first, then those
    /// assigned by hand (absent when it has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<ExplainedMark>,
    /// What the client did besides ordering (absent without an events table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<super::ExplainedEvents>,
    /// What the purchase and spend models predict, and from what (absent without the
    /// `clv` option).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<crate::clv::ExplainedPrediction>,
}

/// What a mark is: a tag (the rule field `tags`) or a manual segment (`manual_segments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MarkKind {
    /// A tag.
    Tag,
    /// A manual segment.
    Segment,
}

/// Where a client's mark comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MarkSource {
    /// The clients table's cell.
    Table,
    /// Assigned by hand ([`Report::assign`](crate::Report::assign)).
    Manual,
    /// In a summary: the clients table for some clients, by hand for others.
    Both,
}

/// One tag or manual segment of a client, in its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedMark {
    /// A tag or a manual segment.
    pub kind: MarkKind,
    /// The mark as first spelt.
    pub name: String,
    /// [`MarkSource::Table`] or [`MarkSource::Manual`].
    pub source: MarkSource,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::SCALE;

    /// A tally as the summary makes it: the total is the net revenue of every client.
    fn tally<'a>(revenue: &'a [Money], recency: &'a [i32]) -> Tally<'a> {
        let total = revenue.iter().fold(0 as Money, |a, b| a.saturating_add(*b));
        Tally {
            revenue,
            recency,
            customers: recency.iter().filter(|r| **r >= 0).count(),
            total: money::to_f64(total),
        }
    }

    fn units(v: &[i64]) -> Vec<Money> {
        v.iter().map(|x| x * SCALE).collect()
    }

    #[test]
    fn count_table() {
        // Revenue per client (units), each client's code (`None`: skipped), codes →
        // clients and revenue (units) per code.
        type Case<'a> = (
            &'a str,
            &'a [i64],
            &'a [Option<usize>],
            usize,
            &'a [u64],
            &'a [i64],
        );
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("one code each", &[10, 20, 30], &[Some(0), Some(1), Some(2)], 3, &[1, 1, 1], &[10, 20, 30]),
            ("shared codes add up", &[10, 20, 30], &[Some(1), Some(1), Some(1)], 2, &[0, 3], &[0, 60]),
            ("skipped clients", &[10, 20, 30], &[None, Some(0), None], 1, &[1], &[20]),
            ("returns net out", &[10, -4, -10], &[Some(0), Some(0), Some(1)], 2, &[2, 1], &[6, -10]),
            ("no clients", &[], &[], 2, &[0, 0], &[0, 0]),
            ("no codes", &[10], &[None], 0, &[], &[]),
        ];
        for (name, revenue, codes, n, clients, want) in cases {
            let revenue = units(revenue);
            let recency = vec![0; revenue.len()];
            let t = tally(&revenue, &recency);
            let (cnt, rev) = t.count(*n, |i| codes[i]);
            assert_eq!(cnt, *clients, "{name}: clients");
            assert_eq!(rev, units(want), "{name}: revenue");
        }
    }

    #[test]
    fn a_sum_beyond_the_range_saturates() {
        let revenue = [Money::MAX - 1, 5, Money::MIN + 1, -5];
        let t = tally(&revenue, &[0, 0, 0, 0]);
        let (_, rev) = t.count(2, |i| Some(i / 2));
        assert_eq!(rev, vec![Money::MAX, Money::MIN]);
    }

    #[test]
    fn labels_table() {
        use Among::{All, Clients};
        let legend = [("a", "A"), ("b", "B"), ("c", "C")];
        // Revenue (units) and recency (−1: a lead) per client, among whom, each client's
        // code → per code: clients, share of clients, revenue, share of revenue.
        type Stats = [(u64, f64, f64, f64); 3];
        type Case<'a> = (&'a str, &'a [i64], &'a [i32], Among, &'a [usize], Stats);
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("clients with orders", &[60, 30, 10], &[0, 5, 9], Clients, &[0, 0, 1], [(2, 2.0 / 3.0, 90.0, 0.9), (1, 1.0 / 3.0, 10.0, 0.1), (0, 0.0, 0.0, 0.0)]),
            ("leads left out among clients", &[60, 40, 0], &[0, 3, -1], Clients, &[0, 1, 1], [(1, 0.5, 60.0, 0.6), (1, 0.5, 40.0, 0.4), (0, 0.0, 0.0, 0.0)]),
            ("leads counted among all", &[60, 40, 0], &[0, 3, -1], All, &[0, 1, 1], [(1, 1.0 / 3.0, 60.0, 0.6), (2, 2.0 / 3.0, 40.0, 0.4), (0, 0.0, 0.0, 0.0)]),
            ("recency 0 has orders", &[5], &[0], Clients, &[2], [(0, 0.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0), (1, 1.0, 5.0, 1.0)]),
            ("no clients", &[], &[], Clients, &[], [(0, 0.0, 0.0, 0.0); 3]),
            ("no clients, among all", &[], &[], All, &[], [(0, 0.0, 0.0, 0.0); 3]),
            ("only leads, among clients", &[0, 0], &[-1, -1], Clients, &[1, 1], [(0, 0.0, 0.0, 0.0); 3]),
            ("only leads, among all", &[0, 0], &[-1, -1], All, &[1, 1], [(0, 0.0, 0.0, 0.0), (2, 1.0, 0.0, 0.0), (0, 0.0, 0.0, 0.0)]),
            ("zero total revenue", &[10, -10], &[0, 0], Clients, &[0, 1], [(1, 0.5, 10.0, 0.0), (1, 0.5, -10.0, 0.0), (0, 0.0, 0.0, 0.0)]),
            ("a label of returns", &[100, -20], &[0, 0], Clients, &[0, 1], [(1, 0.5, 100.0, 1.25), (1, 0.5, -20.0, -0.25), (0, 0.0, 0.0, 0.0)]),
            ("net returns overall", &[10, -30], &[0, 0], Clients, &[0, 2], [(1, 0.5, 10.0, 0.0), (0, 0.0, 0.0, 0.0), (1, 0.5, -30.0, 0.0)]),
        ];
        for (name, revenue, recency, among, codes, want) in cases {
            let revenue = units(revenue);
            let t = tally(&revenue, recency);
            assert_eq!(
                (t.len(), t.is_empty()),
                (codes.len(), codes.is_empty()),
                "{name}"
            );
            let got = t.labels(legend, *among, |i| codes[i]);
            let keys: Vec<(&str, &str)> = got
                .iter()
                .map(|s| (s.key.as_str(), s.name.as_str()))
                .collect();
            assert_eq!(keys, legend, "{name}: keys");
            let got: Vec<(u64, f64, f64, f64)> = got
                .iter()
                .map(|s| (s.customers, s.customers_share, s.revenue, s.revenue_share))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn stats_table() {
        use Among::{All, Clients};
        // Clients with orders, all clients, total revenue; the label's clients, revenue
        // (units), among whom → share of clients, share of revenue.
        #[rustfmt::skip]
        let cases: &[(&str, usize, usize, f64, u64, i64, Among, (f64, f64))] = &[
            ("among clients", 4, 5, 200.0, 1, 50, Clients, (0.25, 0.25)),
            ("among all", 4, 5, 200.0, 1, 50, All, (0.2, 0.25)),
            ("every client", 4, 4, 200.0, 4, 200, Clients, (1.0, 1.0)),
            ("an empty label", 4, 5, 200.0, 0, 0, All, (0.0, 0.0)),
            ("no clients with orders", 0, 3, 0.0, 2, 0, Clients, (0.0, 0.0)),
            ("no clients at all", 0, 0, 0.0, 0, 0, All, (0.0, 0.0)),
            ("negative total", 2, 2, -10.0, 1, 5, Clients, (0.5, 0.0)),
            ("returns in a positive total", 2, 2, 10.0, 1, -5, Clients, (0.5, -0.5)),
        ];
        for (name, customers, len, total, n, revenue, among, want) in cases {
            let revenue_col = vec![0; *len];
            let recency = vec![0; *len];
            let t = Tally {
                revenue: &revenue_col,
                recency: &recency,
                customers: *customers,
                total: *total,
            };
            let s = t.stats("k".into(), "K".into(), *n, revenue * SCALE, *among);
            assert_eq!(
                (s.key.as_str(), s.name.as_str(), s.customers),
                ("k", "K", *n),
                "{name}"
            );
            assert_eq!((s.customers_share, s.revenue_share), *want, "{name}");
            assert_eq!(s.revenue, *revenue as f64, "{name}: revenue");
        }
    }
}
