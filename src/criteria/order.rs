//! The order of value of each criterion's labels: every client's label as a small code, and
//! per code its key, name, rank (higher is better) and standing (valuable, risky or
//! neither). A comparison of two reports reads these scales to say who moved up or down,
//! and who went from a valuable label to a risky one. Each criterion declares the ranks and
//! standings of its own labels (`Stage::rank`, `Tier::rank`, `AbcClass::rank`, …); this file
//! only lines them up.

use super::rfm::RfmColumns;
use super::segments;
use super::{AbcClass, Engine, LabelColumns, Stage, Tier, XyzClass};
use crate::locale::{pick, Lang};
use serde::Serialize;

/// What a label means for the business, beside its rank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Standing {
    /// Clients to keep: the best segments, active clients, VIP, class A, the top tier.
    Valuable,
    /// Neither.
    #[default]
    Neutral,
    /// Clients slipping away: "At risk", "Can't lose them", "About to sleep", sleeping.
    Risky,
}

/// One label of a scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleLabel {
    /// Stable key.
    pub key: String,
    /// Name in the report's language.
    pub name: String,
    /// Place in the order of value (higher is better); `None` for a label outside it
    /// ("Other", too little history, no rule segment).
    pub rank: Option<u8>,
    /// Valuable, risky or neither.
    pub standing: Standing,
}

/// One criterion's labels as codes (index = output row) into its labels.
#[derive(Clone, Debug)]
pub struct Scale {
    /// The criterion's key: `rfm`, `lifecycle`, `valueTier`, `abc`, `xyz`, `points`,
    /// `ruleSegments`.
    pub criterion: &'static str,
    /// Its labels, by code.
    pub labels: Vec<ScaleLabel>,
    /// Every client's code.
    pub codes: Vec<u8>,
}

/// The criteria a comparison follows, in the order they are shown: key, English and
/// Russian name.
pub const COMPARED: [(&str, &str, &str); 7] = [
    ("rfm", "RFM segment", "Сегмент RFM"),
    ("lifecycle", "Lifecycle stage", "Этап жизненного цикла"),
    ("valueTier", "Value tier", "Уровень ценности"),
    ("abc", "ABC", "ABC"),
    ("xyz", "XYZ", "XYZ"),
    ("points", "Points tier", "Уровень по баллам"),
    ("ruleSegments", "Rule segment", "Сегмент по правилам"),
];

/// The name of compared criterion `key` in `lang` (the key itself when unknown).
pub fn criterion_name(key: &str, lang: Lang) -> &str {
    COMPARED
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, en, ru)| pick(lang, en, ru))
}

fn label(key: &str, name: &str, rank: Option<u8>, standing: Standing) -> ScaleLabel {
    ScaleLabel {
        key: key.to_string(),
        name: name.to_string(),
        rank,
        standing,
    }
}

/// The scale of every compared criterion the report has (rule segments only when some are
/// defined; a client in several has the first one's label).
pub(crate) fn scales(
    e: &Engine<'_>,
    rfm: &RfmColumns,
    cols: &LabelColumns,
    lang: Lang,
) -> Vec<Scale> {
    let mut out = vec![rfm_scale(e, rfm, lang)];
    let stages = Stage::ALL
        .iter()
        .map(|s| label(s.key(), s.name(lang), Some(s.rank()), s.standing()));
    out.push(scale("lifecycle", stages.collect(), cols.lifecycle.clone()));
    let tiers = Tier::ALL
        .iter()
        .map(|t| label(t.key(), t.name(lang), Some(t.rank()), t.standing()));
    out.push(scale(
        "valueTier",
        tiers.collect(),
        cols.value_tiers.clone(),
    ));
    let abc = AbcClass::ALL
        .iter()
        .map(|a| label(a.as_str(), a.as_str(), Some(a.rank()), a.standing()));
    out.push(scale("abc", abc.collect(), cols.abc.clone()));
    let xyz = XyzClass::ALL.iter().map(|x| {
        let name = match x {
            XyzClass::NotEnough => pick(lang, "Too little history", "Мало истории"),
            _ => x.as_str(),
        };
        let key = if *x == XyzClass::NotEnough {
            "notEnough"
        } else {
            x.as_str()
        };
        label(key, name, x.rank(), Standing::Neutral)
    });
    out.push(scale("xyz", xyz.collect(), cols.xyz.clone()));
    let card = &e.compiled.points;
    let tiers = (0..card.card.tiers.len().min(255) as u8).map(|i| {
        let key = &card.card.tiers[i as usize].key;
        label(
            key,
            card.tier_name(i, lang),
            Some(card.tier_rank(i)),
            card.tier_standing(i),
        )
    });
    out.push(scale("points", tiers.collect(), cols.points.tier.clone()));
    if let Some(s) = rule_scale(e, cols, lang) {
        out.push(s);
    }
    out
}

fn scale(criterion: &'static str, labels: Vec<ScaleLabel>, codes: Vec<u8>) -> Scale {
    Scale {
        criterion,
        labels,
        codes,
    }
}

/// RFM segments in their order of value; clients without orders have the code after the
/// last segment.
fn rfm_scale(e: &Engine<'_>, rfm: &RfmColumns, lang: Lang) -> Scale {
    let defs = &e.segments.defs;
    let order = segments::value_order(defs, e.segments.bins);
    let mut labels: Vec<ScaleLabel> = defs
        .iter()
        .zip(order)
        .map(|(d, (rank, standing))| label(&d.key, d.name_in(lang), rank, standing))
        .collect();
    let none = labels.len() as u8;
    labels.push(label(
        "noOrders",
        e.segment_name(None, lang),
        Some(0),
        Standing::Neutral,
    ));
    let codes = rfm
        .segment
        .iter()
        .map(|&s| if s == u8::MAX { none } else { s })
        .collect();
    scale("rfm", labels, codes)
}

/// Rule segments as one label per client: the first matching segment, or none.
fn rule_scale(e: &Engine<'_>, cols: &LabelColumns, lang: Lang) -> Option<Scale> {
    let list = &e.catalogue.rule_segments;
    if list.is_empty() || list.len() >= 255 {
        return None;
    }
    let mut labels: Vec<ScaleLabel> = list
        .iter()
        .map(|s| label(&s.name, s.name_in(lang), None, Standing::Neutral))
        .collect();
    let none = labels.len() as u8;
    labels.push(label(
        "none",
        pick(lang, "No rule segment", "Вне сегментов"),
        None,
        Standing::Neutral,
    ));
    let c = &cols.rule_segments;
    let n = c.offsets.len().saturating_sub(1);
    let codes = (0..n)
        .map(|i| match c.offsets[i] < c.offsets[i + 1] {
            true => c.ids[c.offsets[i] as usize] as u8,
            false => none,
        })
        .collect();
    Some(scale("ruleSegments", labels, codes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::segments::{preset_rfm11, preset_ru3, value_order};

    #[test]
    fn every_criterion_declares_its_order() {
        use Standing::*;
        let rfm11 = value_order(&preset_rfm11(), 5);
        let ru3 = value_order(&preset_ru3(), 3);
        let rank = |o: &[(Option<u8>, Standing)], i: usize| o[i].0;
        #[rustfmt::skip]
        let cases: [(&str, bool, Standing); 12] = [
            ("champions above loyal", rank(&rfm11, 0) > rank(&rfm11, 1), rfm11[0].1),
            ("loyal above at risk", rank(&rfm11, 1) > rank(&rfm11, 3), rfm11[1].1),
            ("at risk is risky", rank(&rfm11, 3) > rank(&rfm11, 10), rfm11[3].1),
            ("can't lose them is risky", rank(&rfm11, 2) > rank(&rfm11, 3), rfm11[2].1),
            ("key clients first in ru3", rank(&ru3, 0) > rank(&ru3, 3), ru3[0].1),
            ("lost valuable is risky", rank(&ru3, 7) > rank(&ru3, 8), ru3[7].1),
            ("active above sleeping", Stage::Active.rank() > Stage::Sleeping.rank(), Stage::Active.standing()),
            ("sleeping above churned", Stage::Sleeping.rank() > Stage::Churned.rank(), Stage::Sleeping.standing()),
            ("VIP on top", Tier::Vip.rank() > Tier::Middle.rank(), Tier::Vip.standing()),
            ("A above B above C", AbcClass::A.rank() > AbcClass::B.rank() && AbcClass::B.rank() > AbcClass::C.rank(), AbcClass::A.standing()),
            ("X above Z", XyzClass::X.rank() > XyzClass::Z.rank(), Neutral),
            ("too little history has no rank", XyzClass::NotEnough.rank().is_none(), Neutral),
        ];
        let expected = [
            Valuable, Valuable, Risky, Risky, Valuable, Risky, Valuable, Risky, Valuable, Valuable,
            Neutral, Neutral,
        ];
        for ((name, holds, standing), want) in cases.into_iter().zip(expected) {
            assert!(holds, "{name}");
            assert_eq!(standing, want, "{name}");
        }
    }

    #[test]
    fn custom_segments_rank_by_their_ranges() {
        let mut defs = preset_rfm11();
        defs[0].key = "best".into();
        let order = value_order(&defs, 5);
        // "best" (R, F, M 4–5) outranks "lost" (R, F 1–2).
        assert!(order[0].0 > order[10].0);
        assert_eq!(order[0].1, Standing::Neutral);
        assert_eq!(order[3].1, Standing::Risky);
    }
}
