//! Options of the analysis: every one has a documented default, and an unknown name or an
//! invalid value is an error that names it.
//!
//! The JSON/JavaScript form is one flat object with camelCase names (`asOf`, `bins`,
//! `columns.client`, `lifecycle.churnDays`); see the TypeScript declarations in the package
//! for the full shape. In Rust the options are grouped by who reads them: [`Options::read`],
//! [`Options::rfm`], [`Options::criteria`].

use crate::calendar::Period;
use crate::criteria::{CriteriaOptions, RfmOptions};
use crate::error::{Error, Fix};
use crate::ingest::ReadOptions;
use crate::locale::Lang;
use serde::{Deserialize, Serialize};

/// All options of `analyze`. Every field has a default; see each field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// How the file is read (encoding, columns, formats, duplicates, `asOf`, the clients
    /// table…).
    #[serde(flatten)]
    pub read: ReadOptions,

    /// RFM: levels, direction, monetary mode, fixed thresholds, segments.
    #[serde(flatten)]
    pub rfm: RfmOptions,
    /// Language of names and descriptions in outputs. Default `en`.
    pub lang: Lang,
    /// The catalogue criteria's options (`abc`, `xyz`, `lifecycle`, `valueTiers`, `funnel`,
    /// `points`, `ruleSegments`, `playbook`).
    #[serde(flatten)]
    pub criteria: CriteriaOptions,
    /// Days of events counted back from the analysis date in the behaviour fields (`views`,
    /// `carts_without_order`…). Default 30.
    pub event_window: Option<u32>,
    /// Predictive value: the purchase and spend models fitted on the clients, each
    /// client's P(alive), expected purchases, order value and CLV (rule fields `p_alive`,
    /// `clv`…), and a backtest. Default: not fitted (unless `lifecycle.churnPAlive` asks
    /// for P(alive)).
    pub clv: Option<crate::clv::ClvOptions>,
}

impl Options {
    /// Parses options from JSON text (for tests and the command line).
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| {
            Error::option(format!("options: {e}")).ru(format!("настройки: {}", serde_ru(&e)))
        })
    }

    /// Days of events the behaviour fields count (`eventWindow`, default 30).
    pub fn event_window(&self) -> u32 {
        self.event_window.unwrap_or(30)
    }

    /// The XYZ period (the periods of a client's history count in it).
    pub fn xyz_period(&self) -> Period {
        self.criteria
            .xyz
            .as_ref()
            .map(|x| x.period)
            .unwrap_or_default()
    }

    /// The period whose revenue the reader accumulates per client: only XYZ by revenue
    /// needs it.
    pub fn xyz_tracking(&self) -> Option<Period> {
        match &self.criteria.xyz {
            Some(x) if x.method == crate::criteria::XyzMethod::Revenue => Some(x.period),
            _ => None,
        }
    }

    /// The predictive-value options in effect: `clv` as given, or its defaults when the
    /// lifecycle calls churn by P(alive).
    pub fn clv_options(&self) -> Option<crate::clv::ClvOptions> {
        let wanted = self
            .criteria
            .lifecycle
            .as_ref()
            .is_some_and(|l| l.churn_p_alive.is_some());
        self.clv.clone().or_else(|| wanted.then(Default::default))
    }

    /// Checks every option that can be checked before reading: the reading options, RFM
    /// and every criterion's.
    pub fn validate(&self) -> Result<(), Error> {
        self.read.resolve()?;
        if self.event_window == Some(0) || self.event_window.is_some_and(|d| d > 36_600) {
            return Err(Error::option("option `eventWindow`: 1 to 36600 days")
                .ru("настройка `eventWindow`: от 1 до 36600 дней"));
        }
        self.rfm.bins()?;
        if let Some(c) = &self.clv {
            c.validate()?;
        }
        self.criteria.validate()
    }
}

/// A JSON decoding error in Russian: an unknown or missing option, a value of the wrong type
/// or out of its list, with the position in the text when there is one. Option names and
/// values stay as written (in backticks).
pub(crate) fn serde_ru(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let text = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => &full[..i],
        _ => full.as_str(),
    };
    let ticked = |s: &str| s.split('`').nth(1).map(str::to_string).unwrap_or_default();
    let head = if let Some(rest) = text.strip_prefix("unknown field ") {
        format!("неизвестная настройка `{}`", ticked(rest))
    } else if let Some(rest) = text.strip_prefix("unknown variant ") {
        let expected = rest.split_once("expected ").map_or("", |(_, a)| a);
        let allowed: Vec<String> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|v| format!("`{v}`"))
            .collect();
        format!(
            "неизвестное значение `{}`; можно: {}",
            ticked(rest),
            allowed.join(", ")
        )
    } else if let Some(rest) = text.strip_prefix("missing field ") {
        format!("не хватает поля `{}`", ticked(rest))
    } else if let Some(rest) = text.strip_prefix("duplicate field ") {
        format!("поле `{}` указано дважды", ticked(rest))
    } else if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        match (type_ru(found), type_ru(expected)) {
            (Some(f), Some(e)) if f != e => format!("неподходящее значение: {f}, а нужно {e}"),
            (Some(f), _) => format!("неподходящее значение: {f}"),
            _ => "неподходящее значение".to_string(),
        }
    } else if text.starts_with("invalid value") {
        "недопустимое значение".to_string()
    } else if text.starts_with("data did not match any variant") {
        "значение не подходит ни под один из допустимых видов".to_string()
    } else {
        "запись не разобрана".to_string()
    };
    if e.line() > 0 {
        format!("{head} (строка {}, позиция {})", e.line(), e.column())
    } else {
        head
    }
}

/// A JSON type as serde names it (`string "3"`, `u8`, `a sequence`), in Russian.
fn type_ru(serde: &str) -> Option<&'static str> {
    let t = serde.trim_start_matches("a ").trim_start_matches("an ");
    let word = t.split([' ', '(']).next().unwrap_or("");
    Some(match word {
        "string" | "char" => "текст",
        "integer" | "floating" | "number" | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32"
        | "i64" | "f32" | "f64" => "число",
        "boolean" => "логическое значение",
        "map" | "struct" => "объект",
        "sequence" | "tuple" => "список",
        "null" | "unit" => "пустое значение",
        _ => return None,
    })
}

impl Fix {
    /// Sets the option this fix names, unless it is already set: then nothing changes and
    /// the result is `false` (a contradiction of the user's own format is theirs to see).
    pub fn apply(self, options: &mut Options) -> bool {
        let read = &mut options.read;
        match self {
            Fix::DateFormat(f) if read.date_format.is_none() => read.date_format = Some(f),
            Fix::DecimalSeparator(d) if read.decimal_separator.is_none() => {
                read.decimal_separator = Some(d)
            }
            Fix::Quotes(q) if read.quotes.is_none() => read.quotes = Some(q),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::*;
    use crate::ingest::DuplicatePolicy;

    #[test]
    fn defaults_are_the_documented_ones() {
        let o = Options::default();
        let r = o.read.resolve().unwrap();
        assert_eq!(o.rfm.bins().unwrap(), 5);
        assert_eq!(
            r.min_date,
            crate::calendar::day_from_ymd(1990, 1, 1).unwrap()
        );
        assert_eq!(r.max_examples, 20);
        assert_eq!(r.history_window, 65_536);
        assert_eq!(r.phone_country, "7");
        let abc = AbcOptions::default();
        assert_eq!((abc.a, abc.b), (0.8, 0.95));
        let xyz = XyzOptions::default().resolve();
        assert_eq!(
            (xyz.method, xyz.x, xyz.y, xyz.min),
            (XyzMethod::Intervals, 0.58, 1.0, 4)
        );
        let by_revenue = XyzOptions {
            method: XyzMethod::Revenue,
            ..XyzOptions::default()
        }
        .resolve();
        assert_eq!(
            (
                by_revenue.period,
                by_revenue.x,
                by_revenue.y,
                by_revenue.min
            ),
            (Period::Month, 0.10, 0.25, 3)
        );
        let l = LifecycleModel::default();
        assert_eq!(
            (
                l.new_days,
                l.sleep_days,
                l.churn_days,
                l.relative,
                l.sleep_factor,
                l.churn_factor
            ),
            (30, 90, 180, false, 2.0, 6.0)
        );
        let t = ValueTierOptions::default();
        assert_eq!((t.vip_share, t.middle_share), (0.1, 0.4));
        let f = FunnelOptions::default();
        assert_eq!((f.loyal_orders, f.loyal_days, f.warm_days), (3, None, 90));
        assert_eq!(o.rfm.direction, Direction::HighIsBest);
        assert_eq!(o.rfm.monetary, MonetaryMode::Total);
        assert_eq!(o.read.duplicates, DuplicatePolicy::Drop);
        assert_eq!(o.lang, Lang::En);
        let card = PointsCard::default_card(5);
        assert_eq!(
            card.tiers.iter().map(|t| t.min).collect::<Vec<_>>(),
            vec![0.0, 40.0, 60.0, 80.0]
        );
        assert_eq!(default_playbook().len(), 9);
    }

    #[test]
    fn the_json_form_is_flat() {
        let o = Options::from_json(
            r#"{"encoding": "utf-8", "asOf": "2024-01-31", "bins": 3, "lang": "ru",
                "lifecycle": {"sleepDays": 45}, "ruleSegments": []}"#,
        )
        .unwrap();
        assert_eq!(o.read.encoding.as_deref(), Some("utf-8"));
        assert_eq!(o.read.as_of.as_deref(), Some("2024-01-31"));
        assert_eq!(o.rfm.bins, Some(3));
        assert_eq!(o.lang, Lang::Ru);
        assert_eq!(
            o.criteria.lifecycle.as_ref().map(|l| l.sleep_days),
            Some(Some(45))
        );
        for (bad, name) in [
            (r#"{"binz": 3}"#, "binz"),
            (r#"{"lifecycle": {"sleep": 1}}"#, "sleep"),
        ] {
            let e = Options::from_json(bad).unwrap_err();
            assert!(e.to_string().contains(name), "{e}");
        }
    }

    #[test]
    fn json_errors_in_russian() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"bnis": 3}"#,
                "настройки: неизвестная настройка `bnis` (строка 1, позиция 11)",
            ),
            (
                r#"{"lang": "de"}"#,
                "настройки: неизвестное значение `de`; можно: `en`, `ru` (строка 1, позиция 13)",
            ),
            (
                r#"{"bins": "3"}"#,
                "настройки: неподходящее значение: текст, а нужно число (строка 1, позиция 13)",
            ),
            (
                r#"{"bins": 3"#,
                "настройки: запись не разобрана (строка 1, позиция 10)",
            ),
        ];
        for (json, want) in cases {
            let e = Options::from_json(json).unwrap_err();
            assert_eq!(e.message_in(Lang::Ru), *want, "{json}: {e}");
        }
    }

    #[test]
    fn a_fix_does_not_override_the_users_format() {
        let mut o = Options::default();
        assert!(Fix::DateFormat(crate::locale::DateFormat::Mdy).apply(&mut o));
        assert_eq!(o.read.date_format, Some(crate::locale::DateFormat::Mdy));
        assert!(!Fix::DateFormat(crate::locale::DateFormat::Dmy).apply(&mut o));
        assert_eq!(o.read.date_format, Some(crate::locale::DateFormat::Mdy));
    }
}
