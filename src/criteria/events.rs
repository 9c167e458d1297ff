//! What a client did besides ordering, from the events table: views, carts, clicks and
//! opens in the last days, those not followed by an order, the sections viewed and the
//! last visit — as facts, as rule fields (`views_without_order > 0`,
//! `viewed_categories contains "кремы"`) and as the behaviour presets ("viewed but did
//! not buy", "abandoned cart", "clicked but did not buy").
//!
//! An event is **without an order** when the client has placed no order on or after the
//! event's day (up to the analysis date): a view on the day of an order counts as bought.

use super::playbook::{default_playbook, play, Channel, Play};
use super::rule_segments::{RuleSegment, RuleSource};
use super::{Client, FieldSpec};
use crate::calendar::{self, Day};
use crate::ingest::EventKind;
use crate::locale::Lang;
use crate::rules::{folds_to, FieldType};
use serde::Serialize;

/// A client's events in the window before the analysis date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFacts<'a> {
    /// Days counted back from the analysis date.
    pub window_days: u32,
    /// The day of the client's last event of any kind, up to the analysis date (also
    /// before the window).
    pub last_visit: Option<Day>,
    /// Days from the last event to the analysis date.
    pub days_since_visit: Option<f64>,
    /// Views in the window.
    pub views: u32,
    /// Carts in the window.
    pub carts: u32,
    /// Clicks in the window.
    pub clicks: u32,
    /// E-mails opened in the window.
    pub opens: u32,
    /// Visits (sessions) in the window.
    pub visits: u32,
    /// Views in the window not followed by an order.
    pub views_without_order: u32,
    /// Carts in the window not followed by an order.
    pub carts_without_order: u32,
    /// Clicks in the window not followed by an order.
    pub clicks_without_order: u32,
    /// Categories (sections) viewed or put in the cart in the window, first seen first.
    pub viewed_categories: Vec<&'a str>,
}

/// The rule fields of what a client did, in this order.
pub(super) const FIELDS: &[FieldSpec] = &[
    FieldSpec::value("views", FieldType::Number, &["просмотры"]),
    FieldSpec::value("carts", FieldType::Number, &["корзины"]),
    FieldSpec::value("clicks", FieldType::Number, &["клики"]),
    FieldSpec::value("opens", FieldType::Number, &["открытия"]),
    FieldSpec::value("visits", FieldType::Number, &["визиты"]),
    FieldSpec::value(
        "views_without_order",
        FieldType::Number,
        &["просмотры_без_заказа"],
    ),
    FieldSpec::value(
        "carts_without_order",
        FieldType::Number,
        &["брошенные_корзины", "abandoned_carts"],
    ),
    FieldSpec::value(
        "clicks_without_order",
        FieldType::Number,
        &["клики_без_заказа"],
    ),
    FieldSpec::value(
        "days_since_visit",
        FieldType::Number,
        &["дней_с_визита", "дней_с_последнего_визита"],
    ),
    FieldSpec::value(
        "viewed_categories",
        FieldType::TextList,
        &["просмотренные_категории", "просмотренные_разделы"],
    ),
];

/// The fields as a Russian reader names them; the flag says the numbers are days.
pub(super) const TITLES_RU: &[(&str, &str, bool)] = &[
    ("views", "просмотры", false),
    ("carts", "корзины", false),
    ("clicks", "клики", false),
    ("opens", "открытия писем", false),
    ("visits", "визиты", false),
    ("views_without_order", "просмотры без заказа", false),
    ("carts_without_order", "брошенные корзины", false),
    ("clicks_without_order", "клики без заказа", false),
    ("days_since_visit", "дней с последнего визита", true),
    ("viewed_categories", "просмотренные категории", false),
];

/// Field `k`'s number (`None` without an events table).
pub(super) fn number(c: &Client<'_>, k: usize) -> Option<f64> {
    let e = c.facts.events.as_ref()?;
    let n = |v: u32| Some(v as f64);
    match k {
        0 => n(e.views),
        1 => n(e.carts),
        2 => n(e.clicks),
        3 => n(e.opens),
        4 => n(e.visits),
        5 => n(e.views_without_order),
        6 => n(e.carts_without_order),
        7 => n(e.clicks_without_order),
        8 => e.days_since_visit,
        _ => None,
    }
}

/// Whether list field `k` holds `needle` (folded).
pub(super) fn list_contains(c: &Client<'_>, k: usize, needle: &str) -> bool {
    match (k, &c.facts.events) {
        (9, Some(e)) => e.viewed_categories.iter().any(|x| folds_to(x, needle)),
        _ => false,
    }
}

/// A client's events as an explanation shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedEvents {
    /// Days counted back from the analysis date.
    pub window_days: u32,
    /// Views, carts, clicks, opens and visits in the window.
    pub views: u32,
    /// See [`ExplainedEvents::views`].
    pub carts: u32,
    /// See [`ExplainedEvents::views`].
    pub clicks: u32,
    /// See [`ExplainedEvents::views`].
    pub opens: u32,
    /// See [`ExplainedEvents::views`].
    pub visits: u32,
    /// Views, carts and clicks not followed by an order.
    pub views_without_order: u32,
    /// See [`ExplainedEvents::views_without_order`].
    pub carts_without_order: u32,
    /// See [`ExplainedEvents::views_without_order`].
    pub clicks_without_order: u32,
    /// The last event's day (`YYYY-MM-DD`).
    pub last_visit: Option<String>,
    /// Categories viewed or carted in the window.
    pub viewed_categories: Vec<String>,
    /// All of it in one sentence, in the report's language.
    pub text: String,
}

impl EventFacts<'_> {
    /// The explanation's entry, in `lang`.
    pub fn explain(&self, lang: Lang) -> ExplainedEvents {
        let text = match lang {
            Lang::En => {
                let mut t = format!(
                    "In the last {} days: {} views, {} carts, {} clicks, {} opened e-mails; not followed by an order: {} views, {} carts, {} clicks.",
                    self.window_days,
                    self.views,
                    self.carts,
                    self.clicks,
                    self.opens,
                    self.views_without_order,
                    self.carts_without_order,
                    self.clicks_without_order
                );
                if !self.viewed_categories.is_empty() {
                    t.push_str(&format!(" Viewed: {}.", self.viewed_categories.join(", ")));
                }
                t
            }
            Lang::Ru => {
                let mut t = format!(
                    "За последние {} дн.: просмотров {}, корзин {}, кликов {}, открытых писем {}; без заказа после них: просмотров {}, корзин {}, кликов {}.",
                    self.window_days,
                    self.views,
                    self.carts,
                    self.clicks,
                    self.opens,
                    self.views_without_order,
                    self.carts_without_order,
                    self.clicks_without_order
                );
                if !self.viewed_categories.is_empty() {
                    t.push_str(&format!(" Смотрел: {}.", self.viewed_categories.join(", ")));
                }
                t
            }
        };
        ExplainedEvents {
            window_days: self.window_days,
            views: self.views,
            carts: self.carts,
            clicks: self.clicks,
            opens: self.opens,
            visits: self.visits,
            views_without_order: self.views_without_order,
            carts_without_order: self.carts_without_order,
            clicks_without_order: self.clicks_without_order,
            last_visit: self.last_visit.map(calendar::iso),
            viewed_categories: self
                .viewed_categories
                .iter()
                .map(|s| s.to_string())
                .collect(),
            text,
        }
    }
}

/// Counts `events` (day, kind, category; any order) into a client's facts: those up to
/// `as_of` in the `window` days ending on it, each without an order when the client's
/// last order (`last_order`) is before the event's day.
pub(crate) fn tally<'a>(
    events: impl Iterator<Item = (Day, EventKind, Option<&'a str>)>,
    as_of: Day,
    window: u32,
    last_order: Option<Day>,
) -> EventFacts<'a> {
    let from = as_of - window as Day + 1;
    let mut f = EventFacts {
        window_days: window,
        ..EventFacts::default()
    };
    for (day, kind, category) in events {
        if day > as_of {
            continue;
        }
        f.last_visit = f.last_visit.max(Some(day));
        if day < from {
            continue;
        }
        let open = last_order.is_none_or(|l| l < day) as u32;
        match kind {
            EventKind::View => {
                f.views += 1;
                f.views_without_order += open;
            }
            EventKind::Cart => {
                f.carts += 1;
                f.carts_without_order += open;
            }
            EventKind::Click => {
                f.clicks += 1;
                f.clicks_without_order += open;
            }
            EventKind::Open => f.opens += 1,
            EventKind::Visit => f.visits += 1,
            EventKind::Purchase | EventKind::Other => {}
        }
        if let (EventKind::View | EventKind::Cart, Some(c)) = (kind, category) {
            if !f.viewed_categories.contains(&c) {
                f.viewed_categories.push(c);
            }
        }
    }
    f.days_since_visit = f.last_visit.map(|d| (as_of - d) as f64);
    f
}

fn segment(name: &str, name_ru: &str, description: &str, rule: &str) -> RuleSegment {
    RuleSegment {
        name: name.into(),
        name_ru: Some(name_ru.into()),
        description: Some(description.into()),
        rule: RuleSource::Text(rule.into()),
    }
}

/// The behaviour rule segments: "Viewed, did not buy", "Abandoned cart", "Clicked, did not
/// buy" and "Opens, never bought", for `ruleSegments`.
pub fn behaviour_segments() -> Vec<RuleSegment> {
    vec![
        segment(
            "Viewed, did not buy",
            "Смотрел, но не купил",
            "Viewed products or sections and placed no order since",
            "views_without_order > 0 and carts_without_order == 0",
        ),
        segment(
            "Abandoned cart",
            "Брошенная корзина",
            "Put products in the cart and placed no order since",
            "carts_without_order > 0",
        ),
        segment(
            "Clicked, did not buy",
            "Кликнул, но не купил",
            "Clicked a mailing or an ad and placed no order since",
            "clicks_without_order > 0",
        ),
        segment(
            "Reads, never bought",
            "Читает, но не покупал",
            "Opens the mailings and has no order",
            "opens > 0 and frequency == 0",
        ),
    ]
}

/// The `behaviour` playbook: reminders of an abandoned cart and of what a client viewed, a
/// manager's task for a click without an order, before the default plays.
pub fn behaviour_playbook() -> Vec<Play> {
    let mut plays = vec![
        play(
            (
                "abandonedCart",
                "Abandoned cart reminder",
                "Напоминание о корзине",
            ),
            "carts_without_order > 0",
            Channel::Email,
            1,
            "Remind of the cart; free delivery if it helps",
            "Напомнить о корзине; бесплатная доставка, если поможет",
            "{client}, you left something in your cart: it is still waiting for you.",
            "{client}, вы оставили товары в корзине: они всё ещё ждут вас.",
        ),
        play(
            (
                "clickedNotBought",
                "Call after a click",
                "Звонок после клика",
            ),
            "clicks_without_order > 0",
            Channel::Call,
            1,
            "A manager calls to help choose",
            "Менеджер звонит помочь с выбором",
            "{client}, you were interested in our offer: can we help you choose?",
            "{client}, вас заинтересовало наше предложение: помочь с выбором?",
        ),
        play(
            (
                "viewedNotBought",
                "Viewed, not bought",
                "Смотрел, но не купил",
            ),
            "views_without_order > 0",
            Channel::Email,
            2,
            "A selection from the sections viewed",
            "Подборка из просмотренных разделов",
            "{client}, we picked a few things like the ones you looked at.",
            "{client}, мы подобрали похожее на то, что вы смотрели.",
        ),
    ];
    plays.extend(default_playbook());
    plays
}
