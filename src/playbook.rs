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

use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use crate::rule_segments::RuleSource;
use crate::rules::{Compiled, Schema};
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
            (Lang::Ru, Channel::Email) => "email",
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
fn play(
    key: &str,
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
        when: RuleSource::Text(when.into()),
        channel,
        offer: offer.into(),
        offer_ru: Some(offer_ru.into()),
        message: msg.into(),
        message_ru: Some(msg_ru.into()),
        priority,
    }
}

/// The default playbook.
pub fn default_playbook() -> Vec<Play> {
    vec![
        play("keyClients",
            r#"segment in ["Champions", "Key clients"] or abcxyz == "AX""#,
            Channel::Call, 2,
            "Personal service, early access to news; no mass discounts",
            "Персональный сервис, ранний доступ к новинкам; без массовых скидок",
            "{client}, thank you for being with us: your personal manager has something new for you first.",
            "{client}, спасибо, что вы с нами: ваш персональный менеджер первым расскажет о новинках."),
        play("atRisk",
            r#"segment in ["Can't lose them", "At risk"]"#,
            Channel::Call, 1,
            "A manager calls to ask what happened",
            "Менеджер звонит узнать, что случилось",
            "{client}, we have not seen you for {recency_days} days. Is everything all right? We would like to help.",
            "{client}, мы не виделись уже {recency_days} дн. Всё ли в порядке? Хотим помочь."),
        play("sleeping",
            r#"lifecycle == "sleeping""#,
            Channel::Messenger, 3,
            "Reactivation offer",
            "Предложение для возврата",
            "{client}, we miss you: here is something to come back for.",
            "{client}, мы скучаем: вот повод вернуться."),
        play("new",
            r#"lifecycle == "new""#,
            Channel::Email, 4,
            "Welcome series and a reason for the second order",
            "Приветственная серия и повод для второго заказа",
            "{client}, welcome! Here is what our clients like most.",
            "{client}, добро пожаловать! Вот что больше всего нравится нашим клиентам."),
        play("active",
            r#"lifecycle == "active""#,
            Channel::Email, 6,
            "Cross-sell related products; no discounts",
            "Кросс-продажи сопутствующих товаров; без скидок",
            "{client}, these go well with your last order.",
            "{client}, это хорошо дополнит ваш последний заказ."),
        play("churned",
            r#"lifecycle == "churned""#,
            Channel::AdRetargeting, 7,
            "Win-back retargeting audience",
            "Аудитория ретаргетинга для возврата",
            "",
            ""),
        play("ballast",
            r#"abcxyz == "CZ""#,
            Channel::None, 8,
            "Automate: self-service, no manager time",
            "Автоматизировать: самообслуживание, без времени менеджера",
            "",
            ""),
        play("warmLead",
            r#"funnel == "Warm lead""#,
            Channel::Call, 3,
            "Call to turn the contact into a first order",
            "Позвонить и довести до первого заказа",
            "{client}, following up on our conversation: shall we prepare an offer?",
            "{client}, продолжаем наш разговор: подготовить для вас предложение?"),
        play("coldLead",
            r#"funnel == "Cold lead""#,
            Channel::Email, 9,
            "Nurturing series: useful content, then an offer",
            "Прогревающая серия: полезный контент, затем предложение",
            "{client}, a few useful tips from us.",
            "{client}, несколько полезных советов от нас."),
    ]
}

/// Resolves the option to plays.
pub fn plays(option: Option<&PlaybookOption>) -> Result<Vec<Play>, Error> {
    match option {
        None => Ok(default_playbook()),
        Some(PlaybookOption::Preset(p)) if p == "default" => Ok(default_playbook()),
        Some(PlaybookOption::Preset(p)) if p == "none" => Ok(Vec::new()),
        Some(PlaybookOption::Preset(p)) => Err(Error::option(format!(
            "option `playbook`: unknown preset \"{p}\" (\"default\" or \"none\", or a list of plays)"
        ))),
        Some(PlaybookOption::Custom(v)) => Ok(v.clone()),
    }
}

/// Compiles every play's rule.
pub fn compile_plays(plays: &mut [Play], schema: &Schema) -> Result<Vec<Compiled>, Error> {
    if plays.len() > 1000 {
        return Err(Error::new(
            ErrorKind::InvalidRule,
            "option `playbook`: at most 1000 plays",
        ));
    }
    plays
        .iter_mut()
        .enumerate()
        .map(|(i, p)| {
            if p.key.is_empty() {
                p.key = format!("play{}", i + 1);
            }
            p.when
                .compile(schema, &format!("playbook play \"{}\"", p.key))
                .map(|(_, c)| c)
        })
        .collect()
}

/// Fills `{field}` placeholders with `value(field)`; unknown ones are left as written.
pub fn fill_template(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
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
