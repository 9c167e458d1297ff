//! FunnelStatus status: cold lead, warm lead, active client, loyal regular.
//!
//! * **loyal regular**: `loyalOrders` (3) or more orders and recency ≤ `loyalDays` (180);
//! * **active client**: any other client with orders;
//! * **warm lead**: no orders, but a contact or activity within `warmDays` (90) of `asOf`, or
//!   a clients-table status naming a warm stage (`warm`, `contacted`, `qualified`,
//!   `тёплый`, `в работе`, `переговоры`, …);
//! * **cold lead**: no orders and nothing of the above.

use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::Error;
use crate::locale::Lang;
use crate::rules::{normalize_text, Schema};
use serde::{Deserialize, Serialize};

/// FunnelStatus options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FunnelOptions {
    /// Orders that make a regular. Default 3.
    pub loyal_orders: u32,
    /// A regular's recency must be at most this. Default 180.
    pub loyal_days: u32,
    /// A lead with contact within this many days is warm. Default 90.
    pub warm_days: u32,
    /// Extra status words meaning "warm" (matched ignoring case).
    pub warm_statuses: Vec<String>,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions {
            loyal_orders: 3,
            loyal_days: 180,
            warm_days: 90,
            warm_statuses: Vec::new(),
        }
    }
}

/// FunnelStatus status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FunnelStatus {
    /// No orders, no contact.
    #[default]
    ColdLead,
    /// No orders, had contact.
    WarmLead,
    /// Has ordered.
    ActiveClient,
    /// Orders regularly.
    LoyalRegular,
}

impl FunnelStatus {
    /// All statuses in funnel order.
    pub const ALL: [FunnelStatus; 4] = [
        FunnelStatus::ColdLead,
        FunnelStatus::WarmLead,
        FunnelStatus::ActiveClient,
        FunnelStatus::LoyalRegular,
    ];
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            FunnelStatus::ColdLead => "coldLead",
            FunnelStatus::WarmLead => "warmLead",
            FunnelStatus::ActiveClient => "activeClient",
            FunnelStatus::LoyalRegular => "loyalRegular",
        }
    }
    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, FunnelStatus::ColdLead) => "Cold lead",
            (Lang::En, FunnelStatus::WarmLead) => "Warm lead",
            (Lang::En, FunnelStatus::ActiveClient) => "Active client",
            (Lang::En, FunnelStatus::LoyalRegular) => "Loyal regular",
            (Lang::Ru, FunnelStatus::ColdLead) => "Холодный лид",
            (Lang::Ru, FunnelStatus::WarmLead) => "Тёплый лид",
            (Lang::Ru, FunnelStatus::ActiveClient) => "Активный клиент",
            (Lang::Ru, FunnelStatus::LoyalRegular) => "Постоянный клиент",
        }
    }
}

const WARM_WORDS: &[&str] = &[
    "warm",
    "hot",
    "contacted",
    "qualified",
    "engaged",
    "negotiation",
    "proposal",
    "meeting",
    "теплый",
    "тёплый",
    "горячий",
    "в работе",
    "контакт",
    "переговоры",
    "квалифицирован",
    "встреча",
    "кп отправлено",
    "предложение",
];

/// Whether a status text names a warm stage.
pub(super) fn is_warm_status(status: &str, o: &FunnelOptions) -> bool {
    let s = normalize_text(status);
    if s.is_empty() {
        return false;
    }
    WARM_WORDS.iter().any(|w| s.contains(&normalize_text(w)))
        || o.warm_statuses.iter().any(|w| s == normalize_text(w))
}

/// The funnel status of a client.
pub(super) fn funnel(
    o: &FunnelOptions,
    orders: u32,
    recency: Option<f64>,
    days_since_contact: Option<f64>,
    status: Option<&str>,
) -> FunnelStatus {
    if orders > 0 {
        if orders >= o.loyal_orders && recency.is_some_and(|r| r <= o.loyal_days as f64) {
            FunnelStatus::LoyalRegular
        } else {
            FunnelStatus::ActiveClient
        }
    } else if days_since_contact.is_some_and(|d| d <= o.warm_days as f64)
        || status.is_some_and(|s| is_warm_status(s, o))
    {
        FunnelStatus::WarmLead
    } else {
        FunnelStatus::ColdLead
    }
}

/// The funnel status: the criterion.
pub struct Funnel;

/// The funnel's summary entry.
#[derive(Clone, Debug, Serialize)]
pub struct FunnelSummary {
    /// Funnel statuses.
    pub funnel: Vec<LabelStats>,
}

/// What the scorer returns for the funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelScore {
    /// Funnel status key.
    pub funnel: String,
}

impl Criterion for Funnel {
    type Options = FunnelOptions;
    type Fitted = FunnelOptions;
    type Compiled = ();
    type Label = FunnelStatus;
    type Column = Vec<u8>;
    type Summary = FunnelSummary;
    type Score = FunnelScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::label("funnel", &[])];
    const CSV: &'static [&'static str] = &["funnel"];
    const CODE_BITS: u32 = 3;

    fn fit(o: Option<&FunnelOptions>, _: &Population<'_>) -> Result<FunnelOptions, Error> {
        Ok(o.cloned().unwrap_or_default())
    }

    fn compile(_: &mut FunnelOptions, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut FunnelStatus) {
        let f = c.facts;
        *out = funnel(
            &c.engine.catalogue.funnel,
            f.orders,
            f.recency,
            f.days_since_contact,
            f.status,
        );
    }

    fn code(l: &FunnelStatus) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.funnel.name(Lang::En))
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        let f = c.labels.funnel;
        [f.key(), f.name(Lang::Ru)].get(n).copied()
    }

    fn push(col: &mut Vec<u8>, l: &FunnelStatus) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut FunnelStatus) {
        *out = FunnelStatus::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let o = &c.engine.catalogue.funnel;
        let orders = c.facts.orders;
        let (n, days) = (o.loyal_orders, o.loyal_days);
        out.labels.push(ExplainedLabel {
            criterion: "funnel",
            value: c.labels.funnel.name(lang).into(),
            reason: match lang {
                Lang::Ru => {
                    format!("заказов {orders}; постоянный от {n} заказов при давности ≤ {days}")
                }
                Lang::En => {
                    format!("{orders} orders; a regular has ≥ {n} orders and recency ≤ {days}")
                }
            },
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.funnel.name(lang));
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("funnel", &cols.funnel);
        let keys: Vec<&str> = FunnelStatus::ALL.iter().map(|s| s.key()).collect();
        let names: Vec<&str> = FunnelStatus::ALL.iter().map(|s| s.name(lang)).collect();
        sink.names("funnelKeys", &keys);
        sink.names("funnelNames", &names);
    }

    fn summary(_: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, lang: Lang) -> FunnelSummary {
        let legend = FunnelStatus::ALL.iter().map(|s| (s.key(), s.name(lang)));
        FunnelSummary {
            funnel: t.labels(legend, Among::All, |i| cols.funnel[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> FunnelScore {
        FunnelScore {
            funnel: c.labels.funnel.key().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnel_table() {
        let o = FunnelOptions::default();
        let cases = [
            (5, Some(10.0), None, None, FunnelStatus::LoyalRegular),
            (5, Some(400.0), None, None, FunnelStatus::ActiveClient),
            (1, Some(1.0), None, None, FunnelStatus::ActiveClient),
            (0, None, Some(10.0), None, FunnelStatus::WarmLead),
            (0, None, Some(100.0), None, FunnelStatus::ColdLead),
            (0, None, None, Some("В работе"), FunnelStatus::WarmLead),
            (0, None, None, Some("Тёплый"), FunnelStatus::WarmLead),
            (0, None, None, Some("new"), FunnelStatus::ColdLead),
        ];
        for (orders, rec, contact, status, want) in cases {
            assert_eq!(
                funnel(&o, orders, rec, contact, status),
                want,
                "{orders} {status:?}"
            );
        }
    }
}
