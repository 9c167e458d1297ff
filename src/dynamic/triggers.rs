//! Triggers: what happened to a client between two runs, as firings with their reasons.
//!
//! A trigger names a condition that *happens* on a day: a client enters or leaves a label of
//! a criterion, a rule starts to hold, the last order gets N days old, the largest order
//! passes a threshold, a click, view or cart is not followed by an order within N days. A
//! run looks at the days after the previous run's date (`since`) up to the current report's
//! date, so a condition fires once when it happens, not on every run while it holds.
//! Whether a client may fire the same trigger again is explicit: `reentry` (default true)
//! and `cooldownDays` (default 0: no wait) decide, from the journal.

use super::journal::Journal;
use super::tasks::TaskSpec;
use crate::calendar::{iso, Day};
use crate::criteria::{Channel, RuleSource};
use crate::error::Error;
use crate::ingest::EventKind;
use crate::locale::{fmt_fixed, pick, Lang};
use crate::report::{Comparison, Report};
use crate::rules::folds_to;
use serde::{Deserialize, Serialize};

/// A label of a criterion: `{ "criterion": "lifecycle", "label": "sleeping" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelRef {
    /// Criterion key: `rfm`, `lifecycle`, `valueTier`, `abc`, `xyz`, `points`,
    /// `ruleSegments`.
    pub criterion: String,
    /// The label's key or name, in either language.
    pub label: String,
}

/// What makes a trigger fire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum When {
    /// The client is in the label now and was not before (or is new in the data).
    Entered(LabelRef),
    /// The client was in the label before and is not now.
    Left(LabelRef),
    /// The rule holds now and did not before (or the client is new).
    Becomes(RuleSource),
    /// The last order became this many days old.
    NoOrderDays(u32),
    /// The client's largest single order went above this amount.
    OrderAbove(f64),
    /// A click (of a mailing, an ad) was not followed by an order within the days.
    ClickedNoOrder(EventWait),
    /// A view (of a product, a section) was not followed by an order within the days.
    ViewedNoOrder(EventWait),
    /// A cart was not followed by an order within the days: an abandoned cart.
    AbandonedCart(EventWait),
}

/// How long an event waits for an order: `{ "days": 3, "category": "Кремы" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventWait {
    /// Days after the event's day without an order (0: fires on the event's day).
    pub days: u32,
    /// Only events in this category or section (folded), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// What a firing does: a status to show, an action, a tag, a task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Then {
    /// The status the client gets (`Sleeping`, `VIP`), English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The status, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_ru: Option<String>,
    /// A play of the playbook, by key: its channel and offer become the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
    /// An action written here instead, English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The action, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_ru: Option<String>,
    /// The action's channel (default e-mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// 1 = most urgent (default 2: a firing comes before routine plays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// A tag to give the client in the CRM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A task for a manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskSpec>,
}

fn yes() -> bool {
    true
}

/// One trigger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trigger {
    /// Stable key (the journal remembers firings by it).
    pub key: String,
    /// Name, English (default: the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Name, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    /// The condition.
    pub when: When,
    /// What it does.
    #[serde(default)]
    pub then: Then,
    /// Whether a client who fired it may fire it again. Default true.
    #[serde(default = "yes")]
    pub reentry: bool,
    /// Days a client must wait after a firing before firing it again. Default 0.
    #[serde(default)]
    pub cooldown_days: u32,
}

impl Trigger {
    /// The name in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        let n = match lang {
            Lang::En => self.name.as_deref(),
            Lang::Ru => self.name_ru.as_deref().or(self.name.as_deref()),
        };
        n.unwrap_or(&self.key)
    }

    /// The status in `lang`.
    pub fn status_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.then.status.as_deref(),
            Lang::Ru => self
                .then
                .status_ru
                .as_deref()
                .or(self.then.status.as_deref()),
        }
    }
}

/// A condition that happened: trigger `trigger` for the current report's row `row` on `day`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub trigger: usize,
    pub row: u32,
    pub day: Day,
    pub reason: String,
}

/// The window of days a run looks at: after `since` (none: from the start) up to `now`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    pub since: Option<Day>,
    pub now: Day,
}

impl Window {
    pub(crate) fn holds(&self, day: Day) -> bool {
        day <= self.now && self.since.is_none_or(|s| day > s)
    }
}

/// What every trigger kind reads: both reports and their comparison.
pub(crate) struct Scene<'a> {
    pub before: Option<&'a Report>,
    pub now: &'a Report,
    pub comparison: Option<Comparison>,
    /// For each of `now`'s rows, its row in `before` (`u32::MAX`: absent or no `before`).
    pub before_row: Vec<u32>,
    pub window: Window,
    pub lang: Lang,
}

impl<'a> Scene<'a> {
    pub(crate) fn new(before: Option<&'a Report>, now: &'a Report, since: Option<Day>) -> Self {
        let comparison = before.map(|b| Report::compare(b, now));
        let mut before_row = vec![u32::MAX; now.len()];
        if let Some(c) = &comparison {
            for &[b, a] in c.pairs() {
                if a != u32::MAX {
                    before_row[a as usize] = b;
                }
            }
        }
        Scene {
            before,
            now,
            comparison,
            before_row,
            window: Window {
                since: before.map(|b| b.as_of()).or(since),
                now: now.as_of(),
            },
            lang: now.lang(),
        }
    }
}

/// The criterion keys users may write, and the comparison's key for each.
fn criterion_key(k: &str) -> &str {
    match k {
        "value_tier" | "tier" | "valueTiers" => "valueTier",
        "rule_segments" | "rules" | "segments" => "ruleSegments",
        "points_tier" | "pointsTier" => "points",
        other => other,
    }
}

/// Checks what can be checked before a run: labels exist, rules compile.
pub(crate) fn validate(triggers: &[Trigger], now: &Report) -> Result<(), Error> {
    let mut keys = std::collections::BTreeSet::new();
    for t in triggers {
        if t.key.trim().is_empty() || !keys.insert(t.key.as_str()) {
            return Err(
                Error::option(format!("trigger key {:?} is empty or used twice", t.key))
                    .ru(format!("ключ триггера {:?} пуст или повторяется", t.key)),
            );
        }
        match &t.when {
            When::Entered(l) | When::Left(l) => {
                // The comparison of a report with itself has every label of its scales.
                let c = Report::compare(now, now);
                label_index(&c, l, &t.key)?;
            }
            When::Becomes(rule) => {
                now.select(rule)?;
            }
            When::ClickedNoOrder(_) | When::ViewedNoOrder(_) | When::AbandonedCart(_)
                if !now.has_events() =>
            {
                return Err(Error::option(format!(
                    "trigger {}: clicks, views and carts need the events table (`events`)",
                    t.key
                ))
                .ru(format!(
                    "триггер {}: для кликов, просмотров и корзин нужна таблица событий (`events`)",
                    t.key
                )));
            }
            When::OrderAbove(x) if !x.is_finite() || *x < 0.0 => {
                return Err(Error::option(format!(
                    "trigger {}: orderAbove must be an amount of 0 or more",
                    t.key
                ))
                .ru(format!("триггер {}: orderAbove — сумма не меньше 0", t.key)));
            }
            _ => {}
        }
    }
    Ok(())
}

fn label_index(c: &Comparison, l: &LabelRef, trigger: &str) -> Result<u8, Error> {
    let key = criterion_key(&l.criterion);
    let Some((flow, _)) = c.transitions(key) else {
        return Err(Error::option(format!(
            "trigger {trigger}: unknown criterion {:?} (rfm, lifecycle, valueTier, abc, xyz, points, ruleSegments)",
            l.criterion
        ))
        .ru(format!(
            "триггер {trigger}: неизвестный критерий {:?} (rfm, lifecycle, valueTier, abc, xyz, points, ruleSegments)",
            l.criterion
        )));
    };
    let n = flow.labels.len() - 2;
    match flow.label(&l.label).filter(|&i| (i as usize) < n) {
        Some(i) => Ok(i),
        None => {
            let names: Vec<&str> = flow.labels[..n].iter().map(|x| x.key.as_str()).collect();
            Err(Error::option(format!(
                "trigger {trigger}: {:?} is not a label of {} ({})",
                l.label,
                flow.criterion,
                names.join(", ")
            ))
            .ru(format!(
                "триггер {trigger}: {:?} не метка критерия {} ({})",
                l.label,
                flow.criterion,
                names.join(", ")
            )))
        }
    }
}

/// Every condition of trigger `t` (index `k`) that happened in the scene's window.
pub(crate) fn happened(
    scene: &Scene<'_>,
    k: usize,
    t: &Trigger,
    out: &mut Vec<Candidate>,
) -> Result<(), Error> {
    match &t.when {
        When::Entered(l) | When::Left(l) => crossings(scene, k, t, l, out),
        When::Becomes(rule) => becomes(scene, k, rule, out),
        When::NoOrderDays(n) => {
            no_order(scene, k, *n, out);
            Ok(())
        }
        When::OrderAbove(x) => {
            order_above(scene, k, *x, out);
            Ok(())
        }
        When::ClickedNoOrder(w) => {
            no_order_after(scene, k, EventKind::Click, w, out);
            Ok(())
        }
        When::ViewedNoOrder(w) => {
            no_order_after(scene, k, EventKind::View, w, out);
            Ok(())
        }
        When::AbandonedCart(w) => {
            no_order_after(scene, k, EventKind::Cart, w, out);
            Ok(())
        }
    }
}

/// Clients with an event of `kind` whose wait for an order ended in the window with no
/// order on or after the event's day: the earliest such event fires, its reason names it
/// ([`validate`] has checked that the report has events).
fn no_order_after(
    scene: &Scene<'_>,
    k: usize,
    kind: EventKind,
    w: &EventWait,
    out: &mut Vec<Candidate>,
) {
    let want = w.category.as_deref().map(crate::rules::normalize_text);
    let cols = scene.now.columns();
    let as_of = scene.now.as_of();
    for row in 0..scene.now.len() {
        let last = (cols.frequency[row] > 0).then_some(cols.last[row]);
        let mut first: Option<(crate::report::Event<'_>, Day)> = None;
        let mut count = 0u32;
        for e in scene.now.client_events(row) {
            let due = e.day.saturating_add(w.days as Day);
            let category_ok = match &want {
                None => true,
                Some(c) => e.category.is_some_and(|x| folds_to(x, c)),
            };
            if e.kind != kind || e.day > as_of || !category_ok {
                continue;
            }
            if !scene.window.holds(due) || last.is_some_and(|l| l >= e.day) {
                continue;
            }
            count += 1;
            if first.is_none() {
                first = Some((e, due));
            }
        }
        let Some((e, due)) = first else {
            continue;
        };
        out.push(Candidate {
            trigger: k,
            row: row as u32,
            day: due,
            reason: event_reason(&e, w.days, due, count, scene.lang),
        });
    }
}

fn event_reason(
    e: &crate::report::Event<'_>,
    days: u32,
    due: Day,
    count: u32,
    lang: Lang,
) -> String {
    let verb = match (lang, e.kind) {
        (Lang::En, EventKind::Click) => "clicked",
        (Lang::En, EventKind::View) => "viewed",
        (Lang::En, _) => "put in the cart",
        (Lang::Ru, EventKind::Click) => "кликнул",
        (Lang::Ru, EventKind::View) => "смотрел",
        (Lang::Ru, _) => "положил в корзину",
    };
    let what: Vec<String> = [
        e.category.map(|c| c.to_string()),
        e.item.map(|c| c.to_string()),
        e.campaign.map(|c| match lang {
            Lang::En => format!("campaign {c}"),
            Lang::Ru => format!("кампания {c}"),
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" ({})", what.join(", "))
    };
    let more = match (lang, count) {
        (_, 0 | 1) => String::new(),
        (Lang::En, n) => format!("; {n} such events"),
        (Lang::Ru, n) => format!("; таких событий: {n}"),
    };
    match lang {
        Lang::En => format!(
            "{verb} on {}{what} and placed no order in {days} days (by {}){more}",
            iso(e.day),
            iso(due)
        ),
        Lang::Ru => format!(
            "{verb} {}{what} и не сделал заказ за {days} дн. (к {}){more}",
            iso(e.day),
            iso(due)
        ),
    }
}

fn crossings(
    scene: &Scene<'_>,
    k: usize,
    t: &Trigger,
    l: &LabelRef,
    out: &mut Vec<Candidate>,
) -> Result<(), Error> {
    let entered = matches!(t.when, When::Entered(_));
    let day = scene.window.now;
    let Some(c) = &scene.comparison else {
        // The first run: everyone in the label has entered it.
        if entered {
            let c = Report::compare(scene.now, scene.now);
            let want = label_index(&c, l, &t.key)?;
            let Some((flow, moves)) = c.transitions(criterion_key(&l.criterion)) else {
                return Ok(());
            };
            for (m, &[_, a]) in moves.iter().zip(c.pairs()) {
                if m[1] == want && a != u32::MAX {
                    let name = &flow.labels[want as usize].name;
                    let reason = match scene.lang {
                        Lang::En => format!("{}: {name} (the first run)", flow.name),
                        Lang::Ru => format!("{}: {name} (первый запуск)", flow.name),
                    };
                    out.push(Candidate {
                        trigger: k,
                        row: a,
                        day,
                        reason,
                    });
                }
            }
        }
        return Ok(());
    };
    let want = label_index(c, l, &t.key)?;
    let key = criterion_key(&l.criterion);
    let Some((flow, moves)) = c.transitions(key) else {
        return Ok(());
    };
    let lost = flow.lost_label();
    for (i, (m, &[_, a])) in moves.iter().zip(c.pairs()).enumerate() {
        let fires = match entered {
            true => m[1] == want && m[0] != want,
            false => m[0] == want && m[1] != want && m[1] != lost,
        };
        if fires && a != u32::MAX {
            let reason = c.explain_client(key, i).unwrap_or_default();
            out.push(Candidate {
                trigger: k,
                row: a,
                day,
                reason,
            });
        }
    }
    Ok(())
}

fn becomes(
    scene: &Scene<'_>,
    k: usize,
    rule: &RuleSource,
    out: &mut Vec<Candidate>,
) -> Result<(), Error> {
    let now = scene.now.select(rule)?;
    let mut held = vec![false; scene.before.map_or(0, |b| b.len())];
    if let Some(b) = scene.before {
        for r in b.select(rule)?.rows {
            held[r as usize] = true;
        }
    }
    let text = match rule {
        RuleSource::Text(t) => t.clone(),
        RuleSource::Ast(_) => pick(scene.lang, "the rule", "правило").to_string(),
    };
    for r in now.rows {
        let b = scene.before_row[r as usize];
        if b != u32::MAX && held[b as usize] {
            continue;
        }
        let reason = match (scene.lang, scene.before) {
            (Lang::En, Some(b)) => format!("{text}: holds now, did not on {}", iso(b.as_of())),
            (Lang::Ru, Some(b)) => format!("{text}: выполняется сейчас, {} — нет", iso(b.as_of())),
            (Lang::En, None) => format!("{text}: holds (the first run)"),
            (Lang::Ru, None) => format!("{text}: выполняется (первый запуск)"),
        };
        out.push(Candidate {
            trigger: k,
            row: r,
            day: scene.window.now,
            reason,
        });
    }
    Ok(())
}

fn no_order(scene: &Scene<'_>, k: usize, n: u32, out: &mut Vec<Candidate>) {
    let cols = scene.now.columns();
    for row in 0..scene.now.len() {
        if cols.recency[row] < 0 || cols.frequency[row] == 0 {
            continue;
        }
        let last = cols.last[row];
        let day = last.saturating_add(n as Day);
        if !scene.window.holds(day) {
            continue;
        }
        let reason = match scene.lang {
            Lang::En => format!(
                "last order on {}: {n} days without an order on {}",
                iso(last),
                iso(day)
            ),
            Lang::Ru => format!(
                "последний заказ {}: {n} дн. без заказов исполнилось {}",
                iso(last),
                iso(day)
            ),
        };
        out.push(Candidate {
            trigger: k,
            row: row as u32,
            day,
            reason,
        });
    }
}

/// Clients whose largest single order is above `x` now and was not before (or who are new).
fn order_above(scene: &Scene<'_>, k: usize, x: f64, out: &mut Vec<Candidate>) {
    let lang = scene.lang;
    for row in 0..scene.now.len() {
        let Some(now) = scene.now.client_facts(row).largest_order.filter(|&v| v > x) else {
            continue;
        };
        let b = scene.before_row[row];
        let before = match (scene.before, b) {
            (Some(r), b) if b != u32::MAX => r.client_facts(b as usize).largest_order,
            _ => None,
        };
        if before.is_some_and(|v| v > x) {
            continue;
        }
        let amount = |v: f64| fmt_fixed(v, 2, lang);
        let reason = match (lang, before) {
            (Lang::En, Some(v)) => format!(
                "largest order {} (before: {}) is above {}",
                amount(now),
                amount(v),
                amount(x)
            ),
            (Lang::Ru, Some(v)) => format!(
                "крупнейший заказ {} (был {}) больше {}",
                amount(now),
                amount(v),
                amount(x)
            ),
            (Lang::En, None) => format!("largest order {} is above {}", amount(now), amount(x)),
            (Lang::Ru, None) => format!("крупнейший заказ {} больше {}", amount(now), amount(x)),
        };
        let last = scene.now.columns().last[row];
        let day = if scene.window.holds(last) {
            last
        } else {
            scene.window.now
        };
        out.push(Candidate {
            trigger: k,
            row: row as u32,
            day,
            reason,
        });
    }
}

/// Why a condition that happened did not fire, if it did not: the journal's memory of the
/// trigger for the client, against `reentry` and `cooldownDays`. `Ok(None)` fires; `Err(())`
/// is the same firing already recorded (a run repeated), which is left out silently.
pub(crate) fn held_back(
    t: &Trigger,
    client: &str,
    day: Day,
    journal: &Journal,
    lang: Lang,
) -> Result<Option<String>, ()> {
    let Some((last, count)) = journal.fired(&t.key, client) else {
        return Ok(None);
    };
    if last == day {
        return Err(());
    }
    if !t.reentry {
        return Ok(Some(match lang {
            Lang::En => format!("fired on {} already; re-entry is off", iso(last)),
            Lang::Ru => format!("уже срабатывал {}; повторный вход выключен", iso(last)),
        }));
    }
    let next = last.saturating_add(t.cooldown_days as Day);
    if t.cooldown_days > 0 && day < next {
        return Ok(Some(match lang {
            Lang::En => format!(
                "cooldown of {} days: fired on {} ({count} times), again from {}",
                t.cooldown_days,
                iso(last),
                iso(next)
            ),
            Lang::Ru => format!(
                "пауза {} дн.: срабатывал {} (раз: {count}), снова — с {}",
                t.cooldown_days,
                iso(last),
                iso(next)
            ),
        }));
    }
    Ok(None)
}
