//! Playbooks: what to do with each segment.
//!
//! A playbook is a list of plays. Each play has a rule (`when`, in the rule language, over
//! any label, metric, attribute or rule segment) and an action: a channel, an offer, a short
//! message template and a priority (1 = most urgent). A client's **next action** is the
//! matching play with the lowest priority number (the first in the list on ties).
//!
//! Message templates may use `{client}`, `{segment}`, `{recency_days}`, `{frequency}`,
//! `{monetary}`, `{lifecycle}` and any other field name in braces.
//!
//! The default playbook (English and Russian) follows the usual practice: key clients get
//! personal service and no mass discounts; clients at risk get a call from a manager asking
//! what happened; sleeping clients a reactivation offer; active ones cross-sell without
//! discounts; new ones a welcome series; churned ones win-back retargeting; CZ clients are
//! moved to automated service; warm leads a call, cold leads a nurturing series.

use super::parts::{CellSink, ColumnSink, ExplainedLabel, Explanation, Tally};
use super::rule_segments::RuleSource;
use super::wording::named;
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::{Error, ErrorKind};
use crate::locale::{fmt_locale, pick, Lang};
use crate::rules::{FieldType, Fields, Schema};
use serde::{Deserialize, Serialize};

/// Channel of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Channel {
    /// E-mail.
    Email,
    /// Messenger (Telegram, WhatsApp, SMS).
    Messenger,
    /// A call from a manager.
    Call,
    /// A discount or promo code.
    Discount,
    /// Ad retargeting audience.
    AdRetargeting,
    /// No outreach (automate, observe).
    None,
}

impl Channel {
    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Channel::Email) => "email",
            (Lang::En, Channel::Messenger) => "messenger",
            (Lang::En, Channel::Call) => "call",
            (Lang::En, Channel::Discount) => "discount",
            (Lang::En, Channel::AdRetargeting) => "ad retargeting",
            (Lang::En, Channel::None) => "none",
            (Lang::Ru, Channel::Email) => "e-mail",
            (Lang::Ru, Channel::Messenger) => "мессенджер",
            (Lang::Ru, Channel::Call) => "звонок",
            (Lang::Ru, Channel::Discount) => "скидка",
            (Lang::Ru, Channel::AdRetargeting) => "ретаргетинг",
            (Lang::Ru, Channel::None) => "нет",
        }
    }
}

/// One play.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Play {
    /// Stable key (defaults to the position).
    #[serde(default)]
    pub key: String,
    /// Name, English (defaults to the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Name, Russian (defaults to the English one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    /// Which clients.
    pub when: RuleSource,
    /// Channel.
    pub channel: Channel,
    /// The offer, English.
    pub offer: String,
    /// The offer, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_ru: Option<String>,
    /// Message template, English.
    #[serde(default)]
    pub message: String,
    /// Message template, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_ru: Option<String>,
    /// 1 = most urgent. Default 5.
    #[serde(default = "five")]
    pub priority: u8,
}

fn five() -> u8 {
    5
}

impl Play {
    /// The name in `lang`; a play without one is named by its offer (its key when that
    /// is empty too).
    pub fn name_in(&self, lang: Lang) -> &str {
        let named = match lang {
            Lang::En => self.name.as_deref(),
            Lang::Ru => self.name_ru.as_deref().or(self.name.as_deref()),
        };
        match (named, self.offer_in(lang)) {
            (Some(n), _) => n,
            (None, "") => &self.key,
            (None, offer) => offer,
        }
    }
    /// The offer in `lang`.
    pub fn offer_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.offer,
            Lang::Ru => self.offer_ru.as_deref().unwrap_or(&self.offer),
        }
    }
    /// The message template in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Ru => self.message_ru.as_deref().unwrap_or(&self.message),
        }
    }
}

/// The `playbook` option: `"default"`, `"none"`, or plays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PlaybookOption {
    /// A preset name.
    Preset(String),
    /// Custom plays.
    Custom(Vec<Play>),
}

#[allow(clippy::too_many_arguments)]
pub(super) fn play(
    (key, name, name_ru): (&str, &str, &str),
    when: &str,
    channel: Channel,
    priority: u8,
    offer: &str,
    offer_ru: &str,
    msg: &str,
    msg_ru: &str,
) -> Play {
    Play {
        key: key.into(),
        name: Some(name.into()),
        name_ru: Some(name_ru.into()),
        when: RuleSource::Text(when.into()),
        channel,
        offer: offer.into(),
        offer_ru: Some(offer_ru.into()),
        message: msg.into(),
        message_ru: Some(msg_ru.into()),
        priority,
    }
}

/// The default playbook. Precedence: a manager's call for valuable clients slipping away,
/// then personal service for key clients who still buy (never a "we value you" play for a
/// churned client), reactivation of sleeping ones, a welcome for new ones, automation for
/// small irregular buyers, cross-sell for the other active ones and a win-back audience for
/// churned ones; leads are called when warm and nurtured when cold.
pub fn default_playbook() -> Vec<Play> {
    vec![
        play(("managerCall", "Manager's call", "Звонок менеджера"),
            r#"segment in ["Can't lose them", "At risk"]"#,
            Channel::Call, 1,
            "A manager calls to ask what happened",
            "Менеджер звонит узнать, что случилось",
            "{client}, we have not seen you for {recency_days} days. Is everything all right? We would like to help.",
            "{client}, мы не виделись уже {recency_days} дн. Всё ли в порядке? Хотим помочь."),
        play(("personalService", "Personal service", "Персональный сервис"),
            r#"(segment in ["Champions", "Key clients"] or abcxyz == "AX") and lifecycle in ["newClient", "active"]"#,
            Channel::Call, 2,
            "Personal service, early access to news; no mass discounts",
            "Персональный сервис, ранний доступ к новинкам; без массовых скидок",
            "{client}, thank you for being with us: your personal manager has something new for you first.",
            "{client}, спасибо, что вы с нами: ваш персональный менеджер первым расскажет о новинках."),
        play(("reactivation", "Reactivation", "Реактивация"),
            r#"lifecycle == "sleeping""#,
            Channel::Messenger, 3,
            "Reactivation offer",
            "Предложение для возврата",
            "{client}, we miss you: here is something to come back for.",
            "{client}, мы скучаем: вот повод вернуться."),
        play(("welcome", "Welcome series", "Приветственная серия"),
            r#"lifecycle == "newClient""#,
            Channel::Email, 4,
            "Welcome series and a reason for the second order",
            "Приветственная серия и повод для второго заказа",
            "{client}, welcome! Here is what our clients like most.",
            "{client}, добро пожаловать! Вот что больше всего нравится нашим клиентам."),
        play(("automate", "Automated service", "Автоматическое обслуживание"),
            r#"abcxyz == "CZ" and lifecycle == "active""#,
            Channel::None, 5,
            "Automate: self-service, no manager time",
            "Автоматизировать: самообслуживание, без времени менеджера",
            "",
            ""),
        play(("crossSell", "Cross-sell", "Кросс-продажи"),
            r#"lifecycle == "active""#,
            Channel::Email, 6,
            "Cross-sell related products; no discounts",
            "Кросс-продажи сопутствующих товаров; без скидок",
            "{client}, these go well with your last order.",
            "{client}, это хорошо дополнит ваш последний заказ."),
        play(("winBack", "Win-back audience", "Аудитория возврата"),
            r#"lifecycle == "churned""#,
            Channel::AdRetargeting, 7,
            "Ads with an offer to come back",
            "Реклама с предложением вернуться",
            "",
            ""),
        play(("callLead", "Call the lead", "Звонок лиду"),
            r#"funnel == "Warm lead""#,
            Channel::Call, 3,
            "Call to turn the contact into a first order",
            "Позвонить и довести до первого заказа",
            "{client}, following up on our conversation: shall we prepare an offer?",
            "{client}, продолжаем наш разговор: подготовить для вас предложение?"),
        play(("nurture", "Nurturing series", "Прогревающая серия"),
            r#"funnel == "Cold lead""#,
            Channel::Email, 9,
            "Nurturing series: useful content, then an offer",
            "Прогревающая серия: полезный контент, затем предложение",
            "{client}, a few useful tips from us.",
            "{client}, несколько полезных советов от нас."),
    ]
}

/// The default plays' keys before they were renamed apart from the criteria's labels
/// (`next_action == "keyClients"` still matches).
const FORMER_KEYS: &[(&str, &str)] = &[
    ("managerCall", "atRisk"),
    ("personalService", "keyClients"),
    ("reactivation", "sleeping"),
    ("welcome", "new"),
    ("automate", "ballast"),
    ("crossSell", "active"),
    ("winBack", "churned"),
    ("callLead", "warmLead"),
    ("nurture", "coldLead"),
];

/// Resolves the option to plays.
pub(crate) fn plays(option: Option<&PlaybookOption>) -> Result<Vec<Play>, Error> {
    match option {
        None => Ok(default_playbook()),
        Some(PlaybookOption::Preset(p)) if p == "default" => Ok(default_playbook()),
        Some(PlaybookOption::Preset(p)) if p == "none" => Ok(Vec::new()),
        Some(PlaybookOption::Preset(p)) if p == "behaviour" => {
            Ok(super::events::behaviour_playbook())
        }
        Some(PlaybookOption::Preset(p)) => Err(Error::option(format!(
            "option `playbook`: unknown preset \"{p}\" (\"default\", \"behaviour\" or \"none\", or a list of plays)"
        ))
        .ru(format!(
            "настройка `playbook`: неизвестный набор «{p}» (\"default\", \"behaviour\" или \"none\", либо список действий)"
        ))),
        Some(PlaybookOption::Custom(v)) => Ok(v.clone()),
    }
}

/// Fills `{field}` placeholders with `value(field)`; unknown ones are left as written.
pub(crate) fn fill_template(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match value(name.trim()) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The playbook: the criterion.
pub struct Playbook;

/// The playbook compiled: each play's rule, and the plays by urgency.
pub struct CompiledPlays {
    rules: Vec<usize>,
    order: Vec<u16>,
}

/// A play in the summary.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSummary {
    /// Play key.
    pub key: String,
    /// Play name in the report's language.
    pub name: String,
    /// Channel.
    pub channel: Channel,
    /// Channel name in the report's language.
    pub channel_name: String,
    /// Offer in the report's language.
    pub offer: String,
    /// Priority.
    pub priority: u8,
    /// Clients whose next action this is.
    pub customers: u64,
}

/// The playbook's summary entry.
#[derive(Clone, Debug, Serialize)]
pub struct PlaybookSummary {
    /// Next actions.
    pub actions: Vec<ActionSummary>,
}

/// A client's next action.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoredAction {
    /// Play key.
    pub key: String,
    /// Play name.
    pub name: String,
    /// Channel.
    pub channel: Channel,
    /// Offer.
    pub offer: String,
    /// Filled message.
    pub message: String,
    /// Priority.
    pub priority: u8,
}

/// What the scorer returns for the playbook.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaybookScore {
    /// Next action.
    pub action: Option<ScoredAction>,
}

/// At most this many plays.
const MAX_PLAYS: usize = 1000;

/// The next action of client `i`, as a play index.
pub(crate) fn action_of(cols: &LabelColumns, i: usize) -> Option<usize> {
    let a = cols.playbook[i];
    (a >= 0).then_some(a as usize)
}

/// Play `p` with `customers` clients, for the summary.
pub(crate) fn action_summary(
    e: &Engine<'_>,
    p: usize,
    customers: u64,
    lang: Lang,
) -> ActionSummary {
    let play = &e.catalogue.playbook[p];
    ActionSummary {
        key: play.key.clone(),
        name: play.name_in(lang).to_string(),
        channel: play.channel,
        channel_name: play.channel.name(lang).to_string(),
        offer: play.offer_in(lang).to_string(),
        priority: play.priority,
        customers,
    }
}

/// How a message addresses the client: by name when the data has one, else a neutral
/// greeting (never by the client's id).
fn greeting(name: Option<&str>, lang: Lang) -> &str {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n,
        None => pick(lang, "Hello", "Здравствуйте"),
    }
}

/// Play `play`'s message template filled for the client.
pub fn message(c: &Client<'_>, play: usize, lang: Lang) -> String {
    let p = &c.engine.catalogue.playbook[play];
    fill_template(p.message_in(lang), |name| {
        if name == "client" {
            return Some(greeting(c.facts.name, lang).to_string());
        }
        if name == "segment" {
            return Some(
                c.engine
                    .segment_name(c.labels.rfm.segment, lang)
                    .to_string(),
            );
        }
        let (idx, ty) = c.engine.schema.schema.lookup(name)?;
        match ty {
            FieldType::Number => c.number(idx).map(|v| fmt_locale(v, lang)),
            FieldType::Text => c.text(idx).map(str::to_string),
            FieldType::TextList => None,
        }
    })
}

impl Criterion for Playbook {
    type Options = PlaybookOption;
    type Fitted = Vec<Play>;
    type Compiled = CompiledPlays;
    type Label = Option<u16>;
    type Column = Vec<i32>;
    type Summary = PlaybookSummary;
    type Score = PlaybookScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::value("next_action", FieldType::Text, &[])];
    const CSV: &'static [&'static str] = &["next_action", "channel", "offer"];

    fn validate(o: &PlaybookOption) -> Result<(), Error> {
        plays(Some(o)).map(|_| ())
    }

    fn fit(o: Option<&PlaybookOption>, _: &Population<'_>) -> Result<Vec<Play>, Error> {
        plays(o)
    }

    fn compile(
        plays: &mut Vec<Play>,
        schema: &Schema,
        rules: &mut RuleSet,
    ) -> Result<CompiledPlays, Error> {
        if plays.len() > MAX_PLAYS {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "option `playbook`: at most 1000 plays",
            )
            .ru("сценарий действий: не больше 1000 действий"));
        }
        let mut ids = Vec::with_capacity(plays.len());
        for (i, p) in plays.iter_mut().enumerate() {
            if p.key.is_empty() {
                p.key = format!("play{}", i + 1);
            }
            let what = format!("playbook play \"{}\"", p.key);
            let what_ru = match p.offer_in(Lang::Ru) {
                "" => format!("действие «{}»", p.key),
                offer => format!("действие «{offer}»"),
            };
            let (_, compiled) = p.when.compile(schema, (&what, &what_ru))?;
            ids.push(rules.add(compiled));
        }
        let mut order: Vec<u16> = (0..plays.len() as u16).collect();
        order.sort_by_key(|&i| (plays[i as usize].priority, i));
        Ok(CompiledPlays { rules: ids, order })
    }

    fn label(c: &Client<'_>, out: &mut Option<u16>) {
        let k = &c.engine.compiled.playbook;
        *out = k
            .order
            .iter()
            .copied()
            .find(|&i| c.matches(k.rules[i as usize]));
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        c.labels
            .playbook
            .map(|a| c.engine.catalogue.playbook[a as usize].key.as_str())
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        let p = &c.engine.catalogue.playbook[c.labels.playbook? as usize];
        match n {
            0 => Some(p.name_in(Lang::En)),
            1 => Some(p.name_in(Lang::Ru)),
            2 => FORMER_KEYS
                .iter()
                .find(|(k, _)| *k == p.key)
                .map(|(_, former)| *former),
            _ => None,
        }
    }

    fn value_name(e: &Engine<'_>, _k: usize, value: &str, lang: Lang) -> Option<String> {
        let plays = &e.catalogue.playbook;
        let former = |p: &Play| {
            FORMER_KEYS
                .iter()
                .find(|(k, _)| *k == p.key)
                .map_or("", |(_, f)| *f)
        };
        let p = named(plays, value, |p: &Play| {
            [
                p.key.as_str(),
                p.name_in(Lang::En),
                p.name_in(Lang::Ru),
                former(p),
            ]
        })?;
        Some(p.name_in(lang).to_string())
    }

    fn push(col: &mut Vec<i32>, l: &Option<u16>) {
        col.push(l.map_or(-1, |a| a as i32));
    }

    fn read(col: &Vec<i32>, i: usize, out: &mut Option<u16>) {
        *out = (col[i] >= 0).then_some(col[i] as u16);
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let Some(a) = c.labels.playbook else {
            return;
        };
        let p = &c.engine.catalogue.playbook[a as usize];
        out.labels.push(ExplainedLabel {
            criterion: "nextAction",
            value: format!(
                "{} ({}): {}",
                p.name_in(lang),
                p.channel.name(lang),
                p.offer_in(lang)
            ),
            reason: format!(
                "{} ({} {})",
                p.when.in_words(c.engine, lang),
                pick(lang, "priority", "приоритет"),
                p.priority
            ),
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        match c.labels.playbook {
            Some(a) => {
                let p = &c.engine.catalogue.playbook[a as usize];
                w.text(p.name_in(lang));
                w.text(p.channel.name(lang));
                w.text(p.offer_in(lang));
            }
            None => {
                w.empty();
                w.empty();
                w.empty();
            }
        }
    }

    fn columns(e: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        let action: Vec<i16> = cols.playbook.iter().map(|a| *a as i16).collect();
        sink.i16s("action", &action);
        let plays = &e.catalogue.playbook;
        let keys: Vec<&str> = plays.iter().map(|p| p.key.as_str()).collect();
        let names: Vec<&str> = plays.iter().map(|p| p.name_in(lang)).collect();
        sink.names("actionNames", &names);
        let offers: Vec<&str> = plays.iter().map(|p| p.offer_in(lang)).collect();
        let channels: Vec<&str> = plays.iter().map(|p| p.channel.name(lang)).collect();
        sink.names("actionKeys", &keys);
        sink.names("actionOffers", &offers);
        sink.names("actionChannels", &channels);
    }

    fn summary(e: &Engine<'_>, cols: &LabelColumns, _t: &Tally<'_>, lang: Lang) -> PlaybookSummary {
        let mut count = vec![0u64; e.catalogue.playbook.len()];
        for &a in &cols.playbook {
            if a >= 0 {
                count[a as usize] += 1;
            }
        }
        PlaybookSummary {
            actions: (0..count.len())
                .filter(|&p| count[p] > 0)
                .map(|p| action_summary(e, p, count[p], lang))
                .collect(),
        }
    }

    fn score(c: &Client<'_>, lang: Lang) -> PlaybookScore {
        PlaybookScore {
            action: c.labels.playbook.map(|a| {
                let p = &c.engine.catalogue.playbook[a as usize];
                ScoredAction {
                    key: p.key.clone(),
                    name: p.name_in(lang).to_string(),
                    channel: p.channel,
                    offer: p.offer_in(lang).to_string(),
                    message: message(c, a as usize, lang),
                    priority: p.priority,
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let v = |k: &str| match k {
            "client" => Some("Анна".to_string()),
            "recency_days" => Some("40".to_string()),
            _ => None,
        };
        assert_eq!(
            fill_template("{client}, {recency_days} дн. {x} {", v),
            "Анна, 40 дн. {x} {"
        );
    }
}
