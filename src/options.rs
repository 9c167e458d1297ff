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
}

impl Options {
    /// Parses options from JSON text (for tests and the command line).
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| Error::option(format!("options: {e}")))
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

    /// Checks every option that can be checked before reading: the reading options, RFM
    /// and every criterion's.
    pub fn validate(&self) -> Result<(), Error> {
        self.read.resolve()?;
        self.rfm.bins()?;
        self.criteria.validate()
    }
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
        assert_eq!((f.loyal_orders, f.loyal_days, f.warm_days), (3, 180, 90));
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
    fn a_fix_does_not_override_the_users_format() {
        let mut o = Options::default();
        assert!(Fix::DateFormat(crate::locale::DateFormat::Mdy).apply(&mut o));
        assert_eq!(o.read.date_format, Some(crate::locale::DateFormat::Mdy));
        assert!(!Fix::DateFormat(crate::locale::DateFormat::Dmy).apply(&mut o));
        assert_eq!(o.read.date_format, Some(crate::locale::DateFormat::Mdy));
    }
}
