//! The communication plan: which channel, when, and why each client is contacted.
//!
//! Candidates are the firings' actions and the clients' next actions (the playbook). Each
//! client gets at most one contact per run, the most urgent candidate (lowest priority
//! number; a firing before a play on ties); the others are held with the reason. The
//! contact's channel is the first of the client's segment plan that reaches the client (an
//! e-mail for e-mail, a phone for calls and messengers, when the data has such contacts),
//! else the action's own. Its day is the run's date or the first day the frequency cap
//! allows: at most `cap.contacts` contacts in any `cap.days` consecutive days, counting the
//! journal's contacts and the clients table's last contact date. Its hour is `sendHour` in
//! the client's time zone, moved out of the quiet hours.

use super::zone::{self, Offset};
use crate::calendar::{iso, Day};
use crate::criteria::{Channel, RuleSource};
use crate::error::Error;
use crate::ingest::Role;
use crate::locale::{pick, Lang};
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// The frequency cap: at most `contacts` contacts in any `days` days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cap {
    /// Contacts allowed in the window. Default 1.
    #[serde(default = "one")]
    pub contacts: u32,
    /// The window in days. Default 7.
    #[serde(default = "seven")]
    pub days: u32,
}

fn one() -> u32 {
    1
}
fn seven() -> u32 {
    7
}

impl Default for Cap {
    fn default() -> Self {
        Cap {
            contacts: 1,
            days: 7,
        }
    }
}

/// Local hours no call or message goes out: from `from` (inclusive) to `to` (exclusive),
/// across midnight when `from > to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuietHours {
    /// Default 21.
    pub from: u8,
    /// Default 9.
    pub to: u8,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours { from: 21, to: 9 }
    }
}

impl QuietHours {
    fn quiet(&self, hour: u8) -> bool {
        match self.from <= self.to {
            true => hour >= self.from && hour < self.to,
            false => hour >= self.from || hour < self.to,
        }
    }
}

/// The channels and reasons of the clients of one segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentPlan {
    /// Which clients (a rule: `segment = "At risk"`, `lifecycle = "sleeping"`).
    pub when: RuleSource,
    /// Channels in order of preference.
    pub channels: Vec<Channel>,
    /// Reasons to contact these clients, English.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Reasons, Russian.
    #[serde(default)]
    pub reasons_ru: Vec<String>,
}

fn ten() -> u8 {
    10
}
fn yes() -> bool {
    true
}

/// The communication plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactPlan {
    /// The frequency cap across all plays and triggers.
    #[serde(default)]
    pub cap: Cap,
    /// Quiet hours in the client's time.
    #[serde(default)]
    pub quiet_hours: QuietHours,
    /// The local hour contacts are planned at. Default 10.
    #[serde(default = "ten")]
    pub send_hour: u8,
    /// The time zone of clients whose own is unknown (`UTC+3`, `Europe/Moscow`). Default UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_zone: Option<String>,
    /// The clients table's column with the time zone (default: one named like `timezone`,
    /// `часовой пояс`, else the region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_column: Option<String>,
    /// Per-segment channels and reasons; the first that holds for a client applies.
    #[serde(default)]
    pub segments: Vec<SegmentPlan>,
    /// Whether clients' next actions (the playbook) are contacts too. Default true.
    #[serde(default = "yes")]
    pub playbook: bool,
}

impl Default for ContactPlan {
    fn default() -> Self {
        ContactPlan {
            cap: Cap::default(),
            quiet_hours: QuietHours::default(),
            send_hour: 10,
            default_zone: None,
            zone_column: None,
            segments: Vec::new(),
            playbook: true,
        }
    }
}

/// A planned contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// Client id.
    pub client: String,
    /// The client's name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Channel.
    pub channel: Channel,
    /// Channel name in the run's language.
    pub channel_name: String,
    /// The address: e-mail or phone, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The day, `YYYY-MM-DD` (the client's local date).
    pub date: String,
    /// The local time, `HH:00`.
    pub local_time: String,
    /// The moment in UTC, `YYYY-MM-DDTHH:MM:00Z`.
    pub utc: String,
    /// The client's time zone as an offset (`UTC+03:00`), and where it came from.
    pub zone: String,
    /// `column`, `region` or `default`.
    pub zone_source: &'static str,
    /// What to offer or say.
    pub offer: String,
    /// `trigger` or `play`.
    pub source: &'static str,
    /// The trigger's or the play's key.
    pub key: String,
    /// Why this client, why now, and why this day and channel.
    pub reasons: Vec<String>,
    /// The day the contact was due, when the cap moved it later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postponed_from: Option<String>,
}

/// An action that could become a contact.
#[derive(Clone, Debug)]
pub(crate) struct Wish {
    pub row: u32,
    pub priority: u8,
    /// Firings before plays on the same priority.
    pub from_trigger: bool,
    pub key: String,
    pub channel: Channel,
    pub offer: String,
    pub reason: String,
}

/// A candidate not contacted this run, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Held {
    /// Client id.
    pub client: String,
    /// `trigger` or `play`.
    pub source: &'static str,
    /// Key.
    pub key: String,
    /// Why it is not a contact.
    pub reason: String,
}

/// Whether a channel is a contact the cap counts (a discount goes by e-mail).
fn contact_channel(c: Channel) -> Option<Channel> {
    match c {
        Channel::Email | Channel::Discount => Some(Channel::Email),
        Channel::Messenger => Some(Channel::Messenger),
        Channel::Call => Some(Channel::Call),
        Channel::AdRetargeting | Channel::None => None,
    }
}

/// The plan compiled against a report.
pub(crate) struct Planner<'a> {
    plan: &'a ContactPlan,
    now: &'a Report,
    segments: Vec<Vec<bool>>,
    default_zone: Offset,
    has_email: bool,
    has_phone: bool,
}

/// The earliest day ≥ `today` a new contact keeps the cap, given past contact days (sorted):
/// on or after every contact, and `days` after the `contacts`-th latest.
pub(crate) fn earliest(today: Day, past: &[Day], cap: Cap) -> Day {
    let mut d = today;
    if let Some(&latest) = past.last() {
        d = d.max(latest);
    }
    let n = cap.contacts.max(1) as usize;
    if past.len() >= n {
        d = d.max(past[past.len() - n].saturating_add(cap.days as Day));
    }
    d
}

impl<'a> Planner<'a> {
    pub(crate) fn new(plan: &'a ContactPlan, now: &'a Report) -> Result<Planner<'a>, Error> {
        if plan.send_hour > 23 || plan.quiet_hours.from > 23 || plan.quiet_hours.to > 23 {
            return Err(Error::option("plan: hours are 0–23").ru("план: часы от 0 до 23"));
        }
        let default_zone = match &plan.default_zone {
            None => 0,
            Some(z) => zone::parse(z).ok_or_else(|| {
                Error::option(format!(
                    "plan.defaultZone: {z:?} is not a time zone (UTC+3, Europe/Moscow)"
                ))
                .ru(format!(
                    "plan.defaultZone: {z:?} не часовой пояс (UTC+3, Europe/Moscow)"
                ))
            })?,
        };
        let mut segments = Vec::new();
        for s in &plan.segments {
            let mut rows = vec![false; now.len()];
            for i in now.select(&s.when)?.rows {
                rows[i as usize] = true;
            }
            segments.push(rows);
        }
        let (has_email, has_phone) = match &now.columns().contacts {
            Some(c) => (
                (0..c.email.len()).any(|i| !c.email.get(i).is_empty()),
                (0..c.phone.len()).any(|i| !c.phone.get(i).is_empty()),
            ),
            None => (false, false),
        };
        Ok(Planner {
            plan,
            now,
            segments,
            default_zone,
            has_email,
            has_phone,
        })
    }

    /// The client's time zone and where it came from.
    fn zone_of(&self, row: u32) -> (Offset, &'static str) {
        let p = self.now.profile_row(row as usize);
        let named = |n: &str| {
            let n = crate::rules::normalize_text(n);
            match &self.plan.zone_column {
                Some(c) => n == crate::rules::normalize_text(c),
                None => matches!(
                    n.as_str(),
                    "timezone"
                        | "time_zone"
                        | "time zone"
                        | "tz"
                        | "часовой пояс"
                        | "часовой_пояс"
                        | "пояс"
                ),
            }
        };
        if let Some(o) = p
            .attributes
            .iter()
            .filter(|c| named(&c.name))
            .find_map(|c| zone::parse(&c.value))
        {
            return (o, "column");
        }
        if let Some(o) = p
            .attributes
            .iter()
            .filter(|c| c.role == Role::Region)
            .find_map(|c| zone::parse(&c.value))
        {
            return (o, "region");
        }
        (self.default_zone, "default")
    }

    /// Whether `c` reaches the client, and its address.
    fn reaches(
        &self,
        c: Channel,
        email: &Option<String>,
        phone: &Option<String>,
    ) -> (bool, Option<String>) {
        match c {
            Channel::Email => (!self.has_email || email.is_some(), email.clone()),
            _ => (!self.has_phone || phone.is_some(), phone.clone()),
        }
    }

    /// Plans one client's wishes (most urgent first) given its past contact days.
    pub(crate) fn plan_client(
        &self,
        wishes: &mut [Wish],
        past: &[Day],
        today: Day,
        lang: Lang,
        held: &mut Vec<Held>,
    ) -> Option<Contact> {
        wishes.sort_by_key(|w| (w.priority, !w.from_trigger));
        let row = wishes.first()?.row;
        let id = self.now.ids().get(row as usize).to_string();
        let source = |w: &Wish| if w.from_trigger { "trigger" } else { "play" };
        let profile = self.now.profile_row(row as usize);
        let seg = self.segments.iter().position(|s| s[row as usize]);
        let mut chosen = None;
        for w in wishes.iter() {
            let Some(own) = contact_channel(w.channel) else {
                held.push(Held {
                    client: id.clone(),
                    source: source(w),
                    key: w.key.clone(),
                    reason: pick(
                        lang,
                        "not a contact (an audience or no outreach)",
                        "не контакт (аудитория или без касания)",
                    )
                    .into(),
                });
                continue;
            };
            if chosen.is_some() {
                held.push(Held {
                    client: id.clone(),
                    source: source(w),
                    key: w.key.clone(),
                    reason: pick(
                        lang,
                        "one contact per run: a more urgent one is planned",
                        "одно касание за запуск: запланировано более срочное",
                    )
                    .into(),
                });
                continue;
            }
            let options: Vec<Channel> = match seg {
                Some(s) => self.plan.segments[s]
                    .channels
                    .iter()
                    .filter_map(|&c| contact_channel(c))
                    .collect(),
                None => vec![own],
            };
            match options.iter().find_map(|&c| {
                let (ok, addr) = self.reaches(c, &profile.email, &profile.phone);
                ok.then_some((c, addr))
            }) {
                Some(c) => chosen = Some((w.clone(), c)),
                None => held.push(Held {
                    client: id.clone(),
                    source: source(w),
                    key: w.key.clone(),
                    reason: pick(
                        lang,
                        "no channel of the plan reaches the client (no e-mail or phone)",
                        "ни один канал плана не доходит до клиента (нет e-mail или телефона)",
                    )
                    .into(),
                }),
            }
        }
        let (w, (channel, address)) = chosen?;
        let cap = self.plan.cap;
        let day = earliest(today, past, cap);
        let (offset, zone_source) = self.zone_of(row);
        let mut hour = self.plan.send_hour;
        if self.plan.quiet_hours.quiet(hour) {
            hour = self.plan.quiet_hours.to;
        }
        let utc_minutes = hour as i32 * 60 - offset;
        let utc_day = day + utc_minutes.div_euclid(1440);
        let m = utc_minutes.rem_euclid(1440);
        let mut reasons = vec![w.reason.clone()];
        if let Some(s) = seg {
            let plan = &self.plan.segments[s];
            let list = match lang {
                Lang::Ru if !plan.reasons_ru.is_empty() => &plan.reasons_ru,
                _ => &plan.reasons,
            };
            reasons.extend(list.iter().cloned());
        }
        if day > today {
            let last = past.last().copied().unwrap_or(today);
            reasons.push(match lang {
                Lang::En => format!(
                    "at most {} contact(s) in {} days: last contact {}, so from {}",
                    cap.contacts,
                    cap.days,
                    iso(last),
                    iso(day)
                ),
                Lang::Ru => format!(
                    "не больше {} касаний за {} дн.: последнее {}, поэтому с {}",
                    cap.contacts,
                    cap.days,
                    iso(last),
                    iso(day)
                ),
            });
        }
        Some(Contact {
            client: id,
            client_name: self.now.client_name(row as usize).map(str::to_string),
            channel,
            channel_name: channel.name(lang).to_string(),
            address,
            date: iso(day),
            local_time: format!("{hour:02}:00"),
            utc: format!("{}T{:02}:{:02}:00Z", iso(utc_day), m / 60, m % 60),
            zone: zone::name(offset),
            zone_source,
            offer: w.offer.clone(),
            source: source(&w),
            key: w.key.clone(),
            reasons,
            postponed_from: (day > today).then(|| iso(today)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_keeps_the_cap() {
        let cap = Cap {
            contacts: 1,
            days: 7,
        };
        assert_eq!(earliest(100, &[], cap), 100);
        assert_eq!(earliest(100, &[90], cap), 100);
        assert_eq!(earliest(100, &[95], cap), 102);
        assert_eq!(earliest(100, &[110], cap), 117);
        let cap2 = Cap {
            contacts: 2,
            days: 7,
        };
        assert_eq!(earliest(100, &[98], cap2), 100);
        assert_eq!(earliest(100, &[97, 99], cap2), 104);
        let q = QuietHours::default();
        assert!(q.quiet(22) && q.quiet(3) && !q.quiet(9) && !q.quiet(20));
        let day = QuietHours { from: 13, to: 14 };
        assert!(day.quiet(13) && !day.quiet(14));
    }
}
