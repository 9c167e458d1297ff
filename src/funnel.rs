//! Funnel status: cold lead, warm lead, active client, loyal regular.
//!
//! * **loyal regular**: `loyalOrders` (3) or more orders and recency ≤ `loyalDays` (180);
//! * **active client**: any other client with orders;
//! * **warm lead**: no orders, but a contact or activity within `warmDays` (90) of `asOf`, or
//!   a clients-table status naming a warm stage (`warm`, `contacted`, `qualified`,
//!   `тёплый`, `в работе`, `переговоры`, …);
//! * **cold lead**: no orders and nothing of the above.

use crate::locale::Lang;
use serde::{Deserialize, Serialize};

/// Funnel options.
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

/// Funnel status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Funnel {
    /// No orders, no contact.
    ColdLead,
    /// No orders, had contact.
    WarmLead,
    /// Has ordered.
    ActiveClient,
    /// Orders regularly.
    LoyalRegular,
}

impl Funnel {
    /// All statuses in funnel order.
    pub const ALL: [Funnel; 4] = [
        Funnel::ColdLead,
        Funnel::WarmLead,
        Funnel::ActiveClient,
        Funnel::LoyalRegular,
    ];
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Funnel::ColdLead => "coldLead",
            Funnel::WarmLead => "warmLead",
            Funnel::ActiveClient => "activeClient",
            Funnel::LoyalRegular => "loyalRegular",
        }
    }
    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Funnel::ColdLead) => "Cold lead",
            (Lang::En, Funnel::WarmLead) => "Warm lead",
            (Lang::En, Funnel::ActiveClient) => "Active client",
            (Lang::En, Funnel::LoyalRegular) => "Loyal regular",
            (Lang::Ru, Funnel::ColdLead) => "Холодный лид",
            (Lang::Ru, Funnel::WarmLead) => "Тёплый лид",
            (Lang::Ru, Funnel::ActiveClient) => "Активный клиент",
            (Lang::Ru, Funnel::LoyalRegular) => "Постоянный клиент",
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
pub fn is_warm_status(status: &str, o: &FunnelOptions) -> bool {
    let s = crate::rules::normalize_text(status);
    if s.is_empty() {
        return false;
    }
    WARM_WORDS
        .iter()
        .any(|w| s.contains(&crate::rules::normalize_text(w)))
        || o.warm_statuses
            .iter()
            .any(|w| s == crate::rules::normalize_text(w))
}

/// The funnel status of a client.
pub fn funnel(
    o: &FunnelOptions,
    orders: u32,
    recency: Option<f64>,
    days_since_contact: Option<f64>,
    status: Option<&str>,
) -> Funnel {
    if orders > 0 {
        if orders >= o.loyal_orders && recency.is_some_and(|r| r <= o.loyal_days as f64) {
            Funnel::LoyalRegular
        } else {
            Funnel::ActiveClient
        }
    } else if days_since_contact.is_some_and(|d| d <= o.warm_days as f64)
        || status.is_some_and(|s| is_warm_status(s, o))
    {
        Funnel::WarmLead
    } else {
        Funnel::ColdLead
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnel_table() {
        let o = FunnelOptions::default();
        let cases = [
            (5, Some(10.0), None, None, Funnel::LoyalRegular),
            (5, Some(400.0), None, None, Funnel::ActiveClient),
            (1, Some(1.0), None, None, Funnel::ActiveClient),
            (0, None, Some(10.0), None, Funnel::WarmLead),
            (0, None, Some(100.0), None, Funnel::ColdLead),
            (0, None, None, Some("В работе"), Funnel::WarmLead),
            (0, None, None, Some("Тёплый"), Funnel::WarmLead),
            (0, None, None, Some("new"), Funnel::ColdLead),
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
