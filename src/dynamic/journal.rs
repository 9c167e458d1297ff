//! What automation remembers between runs: when each trigger last fired for each client,
//! and each client's recent contacts. A run reads the journal and returns the next one, so
//! runs are pure functions and a CRM keeps the journal wherever it keeps its data.

use crate::calendar::{iso, parse_iso, Day};
use crate::error::{Error, ErrorKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The journal's format version.
pub const JOURNAL_VERSION: u32 = 1;

/// The last firing of one trigger for one client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fired {
    /// The day of the last firing, `YYYY-MM-DD`.
    pub last: String,
    /// How many times it fired.
    pub count: u32,
}

/// The memory of automation runs (JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Journal {
    /// Format version ([`JOURNAL_VERSION`]).
    pub version: u32,
    /// The analysis date of the last run, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Trigger key → client id → its last firing.
    #[serde(default)]
    pub fired: BTreeMap<String, BTreeMap<String, Fired>>,
    /// Client id → the days of its latest contacts (planned ones included), oldest first.
    #[serde(default)]
    pub contacts: BTreeMap<String, Vec<String>>,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            version: JOURNAL_VERSION,
            as_of: None,
            fired: BTreeMap::new(),
            contacts: BTreeMap::new(),
        }
    }
}

fn invalid(en: String, ru: String) -> Error {
    Error::new(ErrorKind::InvalidState, en).ru(ru)
}

impl Journal {
    /// Reads a journal from JSON, refusing other versions and malformed dates.
    pub fn from_json(text: &str) -> Result<Journal, Error> {
        let j: Journal = serde_json::from_str(text).map_err(|e| {
            invalid(
                format!("automation journal: {e}"),
                format!("журнал автоматизации не читается: {e}"),
            )
        })?;
        j.check()?;
        Ok(j)
    }

    /// Checks the version and every date.
    pub fn check(&self) -> Result<(), Error> {
        if self.version != JOURNAL_VERSION {
            return Err(invalid(
                format!(
                    "automation journal of version {} (this version reads {JOURNAL_VERSION})",
                    self.version
                ),
                format!(
                    "журнал автоматизации версии {} (эта версия читает {JOURNAL_VERSION})",
                    self.version
                ),
            ));
        }
        let bad = |d: &str| {
            invalid(
                format!("automation journal: {d:?} is not a date (YYYY-MM-DD)"),
                format!("журнал автоматизации: {d:?} не дата (ГГГГ-ММ-ДД)"),
            )
        };
        let dates = self
            .as_of
            .iter()
            .chain(
                self.fired
                    .values()
                    .flat_map(|m| m.values().map(|f| &f.last)),
            )
            .chain(self.contacts.values().flatten());
        for d in dates {
            parse_iso(d).ok_or_else(|| bad(d))?;
        }
        Ok(())
    }

    /// The last firing of `trigger` for `client`: its day and count.
    pub(crate) fn fired(&self, trigger: &str, client: &str) -> Option<(Day, u32)> {
        let f = self.fired.get(trigger)?.get(client)?;
        Some((parse_iso(&f.last)?, f.count))
    }

    /// Records a firing.
    pub(crate) fn record_firing(&mut self, trigger: &str, client: &str, day: Day) {
        let e = self
            .fired
            .entry(trigger.to_string())
            .or_default()
            .entry(client.to_string())
            .or_insert(Fired {
                last: iso(day),
                count: 0,
            });
        e.last = iso(day);
        e.count += 1;
    }

    /// A client's contact days, oldest first.
    pub(crate) fn contacts_of(&self, client: &str) -> Vec<Day> {
        let mut v: Vec<Day> = self
            .contacts
            .get(client)
            .map(|l| l.iter().filter_map(|d| parse_iso(d)).collect())
            .unwrap_or_default();
        v.sort_unstable();
        v
    }

    /// Records a contact, keeping the latest `keep`.
    pub(crate) fn record_contact(&mut self, client: &str, day: Day, keep: usize) {
        let mut days = self.contacts_of(client);
        days.push(day);
        days.sort_unstable();
        let from = days.len().saturating_sub(keep.max(1));
        self.contacts.insert(
            client.to_string(),
            days[from..].iter().map(|&d| iso(d)).collect(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_and_refuses_other_versions() {
        let mut j = Journal::default();
        j.record_firing("sleeping", "c1", 100);
        j.record_firing("sleeping", "c1", 130);
        j.record_contact("c1", 120, 2);
        j.record_contact("c1", 90, 2);
        j.record_contact("c1", 140, 2);
        let text = serde_json::to_string(&j).unwrap();
        let back = Journal::from_json(&text).unwrap();
        assert_eq!(back, j);
        assert_eq!(back.fired("sleeping", "c1"), Some((130, 2)));
        assert_eq!(back.contacts_of("c1"), vec![120, 140]);
        for bad in [
            r#"{"version":2}"#,
            r#"{"version":1,"asOf":"2024-13-01"}"#,
            r#"{"version":1,"contacts":{"a":["x"]}}"#,
            r#"{"version":1,"other":1}"#,
            "[",
        ] {
            let e = Journal::from_json(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidState, "{bad}");
        }
    }
}
