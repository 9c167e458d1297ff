//! The events table joined to a report: each event of a known client (by id, else by
//! e-mail) indexed by the client's output row in time order, the per-client behaviour
//! facts the rules read, and the behaviour summary.

use super::Report;
use crate::calendar::{self, Day};
use crate::criteria::EventFacts;
use crate::error::Error;
use crate::ingest::events::{self, EventsTable};
use crate::ingest::{EventKind, EventsAudit, EVENT_KINDS};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The events of a report's clients.
#[derive(Default)]
pub(crate) struct ReportEvents {
    table: EventsTable,
    /// Event indices, grouped by output row, each group in time order.
    order: Vec<u32>,
    /// Where each output row's events start in `order` (one more than rows).
    starts: Vec<u32>,
}

/// One event of a client.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event<'a> {
    /// Its day.
    pub day: Day,
    /// Minutes since midnight (0 when the file gives no time of day).
    pub minute: u16,
    /// What the client did.
    pub kind: EventKind,
    /// Category or site section.
    pub category: Option<&'a str>,
    /// Item or product.
    pub item: Option<&'a str>,
    /// Campaign or mailing.
    pub campaign: Option<&'a str>,
    /// Channel.
    pub channel: Option<&'a str>,
}

impl Event<'_> {
    /// The day as `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        calendar::iso(self.day)
    }
}

/// What the clients did besides ordering, in the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BehaviourSummary {
    /// Days counted back from the analysis date.
    pub window_days: u32,
    /// Clients with an event in the window.
    pub active_clients: u64,
    /// Clients with a view not followed by an order in the window.
    pub viewed_without_order: u64,
    /// Clients with a cart not followed by an order in the window.
    pub abandoned_carts: u64,
    /// Clients with a click not followed by an order in the window.
    pub clicked_without_order: u64,
    /// Events in the window by kind.
    pub events: Vec<crate::ingest::KindCount>,
}

impl Report {
    /// This report with the events table `data` (CSV bytes, read with the report's
    /// `eventsColumns`) joined to its clients: the behaviour fields (`views`,
    /// `carts_without_order`…) then hold, the labels are computed again, and
    /// [`Report::events_audit`] says what became of every row. An event's client is found
    /// by its id, else by its e-mail.
    pub fn with_events(&self, data: &[u8]) -> Result<Report, Error> {
        let table = events::read(data, &self.options.read, self.lang)?;
        let mut report = self.relabel(&self.options)?;
        report.events = Some(Arc::new(self.join(table)));
        report.label_all();
        report.warnings = report.find_warnings();
        Ok(report)
    }

    /// What became of the events table's rows; `None` without one.
    pub fn events_audit(&self) -> Option<&EventsAudit> {
        self.events.as_ref().map(|e| &e.table.audit)
    }

    /// Whether an events table is joined.
    pub fn has_events(&self) -> bool {
        self.events.is_some()
    }

    /// The events of output row `row`, in time order (none without an events table).
    pub fn client_events(&self, row: usize) -> impl Iterator<Item = Event<'_>> + '_ {
        let (t, range): (Option<&ReportEvents>, std::ops::Range<usize>) = match &self.events {
            Some(e) if row + 1 < e.starts.len() => {
                (Some(e), e.starts[row] as usize..e.starts[row + 1] as usize)
            }
            _ => (None, 0..0),
        };
        range.map(move |k| {
            let e = t.expect("a range only with events");
            let i = e.order[k] as usize;
            let tb = &e.table;
            Event {
                day: tb.day[i],
                minute: tb.minute[i],
                kind: tb.kind[i],
                category: tb.value(tb.category[i]),
                item: tb.value(tb.item[i]),
                campaign: tb.value(tb.campaign[i]),
                channel: tb.value(tb.channel[i]),
            }
        })
    }

    /// Joins the table to the output rows and fills the audit's matched counts.
    fn join(&self, mut table: EventsTable) -> ReportEvents {
        let rows = self.ids.len();
        let mut by_key: HashMap<String, u32> = HashMap::with_capacity(rows * 2);
        for i in 0..rows {
            by_key.insert(self.ids.get(i).to_string(), i as u32);
        }
        for i in 0..rows {
            if let Some(email) = self.facts(i).email {
                by_key
                    .entry(email.trim().to_lowercase())
                    .or_insert(i as u32);
            }
        }
        let row_of: Vec<u32> = (0..table.ids.len() as u32)
            .map(|c| {
                let id = table.ids.get(c);
                by_key
                    .get(id)
                    .or_else(|| by_key.get(&id.trim().to_lowercase()))
                    .copied()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        let mut counts = vec![0u32; rows + 1];
        let (mut unknown, mut after) = (0u64, 0u64);
        let mut examples: Vec<String> = Vec::new();
        for (i, &c) in table.client.iter().enumerate() {
            let row = row_of[c as usize];
            if row == u32::MAX {
                unknown += 1;
                let id = table.ids.get(c);
                if examples.len() < 10 && !examples.iter().any(|x| x == id) {
                    examples.push(id.to_string());
                }
                continue;
            }
            if table.day[i] > self.as_of {
                after += 1;
            }
            counts[row as usize + 1] += 1;
        }
        let clients = counts.iter().skip(1).filter(|&&n| n > 0).count() as u64;
        let mut starts = counts;
        for r in 1..starts.len() {
            starts[r] += starts[r - 1];
        }
        let mut fill = starts.clone();
        let mut order = vec![0u32; starts[rows] as usize];
        for (i, &c) in table.client.iter().enumerate() {
            let row = row_of[c as usize];
            if row != u32::MAX {
                order[fill[row as usize] as usize] = i as u32;
                fill[row as usize] += 1;
            }
        }
        for r in 0..rows {
            let group = &mut order[starts[r] as usize..starts[r + 1] as usize];
            group.sort_by_key(|&i| (table.day[i as usize], table.minute[i as usize], i));
        }
        let a = &mut table.audit;
        a.matched = a.accepted - unknown;
        a.unknown_client = unknown;
        a.unknown_client_examples = examples;
        a.clients = clients;
        a.after_as_of = after;
        ReportEvents {
            table,
            order,
            starts,
        }
    }

    /// The behaviour facts of output row `i`: its events against its last order.
    pub(super) fn event_facts(&self, i: usize) -> Option<EventFacts<'_>> {
        self.events.as_ref()?;
        let last_order = (self.cols.frequency[i] > 0).then_some(self.cols.last[i]);
        let events = self.client_events(i).map(|e| (e.day, e.kind, e.category));
        Some(crate::criteria::events::tally(
            events,
            self.as_of,
            self.options.event_window(),
            last_order,
        ))
    }

    /// The behaviour summary; `None` without an events table.
    pub(super) fn behaviour_summary(&self) -> Option<BehaviourSummary> {
        self.events.as_ref()?;
        let window = self.options.event_window();
        let from = self.as_of - window as Day + 1;
        let mut s = BehaviourSummary {
            window_days: window,
            active_clients: 0,
            viewed_without_order: 0,
            abandoned_carts: 0,
            clicked_without_order: 0,
            events: Vec::new(),
        };
        let mut counts = [0u64; 7];
        for i in 0..self.ids.len() {
            let Some(f) = self.event_facts(i) else {
                continue;
            };
            let mut any = false;
            for ev in self.client_events(i) {
                if (from..=self.as_of).contains(&ev.day) {
                    any = true;
                    if let Some(k) = EVENT_KINDS.iter().position(|&k| k == ev.kind) {
                        counts[k] += 1;
                    }
                }
            }
            s.active_clients += any as u64;
            s.viewed_without_order += (f.views_without_order > 0) as u64;
            s.abandoned_carts += (f.carts_without_order > 0) as u64;
            s.clicked_without_order += (f.clicks_without_order > 0) as u64;
        }
        s.events = EVENT_KINDS
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(&kind, count)| crate::ingest::KindCount {
                kind,
                name: kind.name(self.lang).to_string(),
                count,
            })
            .collect();
        Some(s)
    }

    /// Bytes the events hold.
    pub(super) fn events_heap_bytes(&self) -> usize {
        self.events.as_ref().map_or(0, |e| {
            e.table.heap_bytes() + (e.order.len() + e.starts.len()) * 4
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Options};

    #[test]
    fn events_join_by_id_or_email_and_count_without_an_order() {
        let orders = "client,email,date,amount\nA,a@x.ru,2024-03-01,100\nB,b@x.ru,2024-03-10,50\n";
        let opts = Options::from_json(r#"{"asOf":"2024-03-20"}"#).unwrap();
        let r = analyze(orders.as_bytes(), &opts).unwrap();
        let events = "client,time,event,category\n\
            A,2024-02-25,view,Кремы\n\
            A,2024-03-05 10:00,view,Маски\n\
            A,2024-03-06,cart,Маски\n\
            B@X.RU,2024-03-09,click,\n\
            B,2024-03-10,view,Кремы\n\
            Z,2024-03-10,view,\n\
            A,2024-03-25,view,\n";
        let r = r.with_events(events.as_bytes()).unwrap();
        let a = r.events_audit().unwrap();
        assert_eq!(
            (a.rows, a.accepted, a.matched, a.unknown_client),
            (7, 7, 6, 1)
        );
        assert_eq!((a.clients, a.after_as_of), (2, 1));
        let fa = r.client_facts(r.find("A").unwrap()).events.unwrap();
        assert_eq!((fa.views, fa.carts), (2, 1));
        assert_eq!((fa.views_without_order, fa.carts_without_order), (1, 1));
        assert_eq!(fa.viewed_categories, ["Кремы", "Маски"]);
        assert_eq!(fa.days_since_visit, Some(14.0));
        let fb = r.client_facts(r.find("B").unwrap()).events.unwrap();
        // The click came the day before the order, the view on its day: both bought.
        assert_eq!(
            (fb.clicks, fb.clicks_without_order, fb.views_without_order),
            (1, 0, 0)
        );
        let s = r.summary();
        let b = s.behaviour.unwrap();
        assert_eq!((b.abandoned_carts, b.viewed_without_order), (1, 1));
    }
}
