//! Checks on the actual data, next to the structural rule check: every preset segment and
//! score level that is empty here, with the reason and the option that would fill it, and
//! every client whose labels of two criteria contradict each other (a segment that means
//! "bought recently" holding a churned client, a key-client play reaching a churned one, a
//! win-back play reaching a loyal one, a VIP of one criterion that is small by another).

use super::Report;
use crate::calendar;
use crate::criteria::{AbcClass, CutSource, Dimension, Engine, Stage, Tier};
use crate::locale::{fmt_locale, pick, Lang};
use serde::Serialize;

/// What a check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    /// A preset segment holds no client.
    EmptySegment,
    /// A score level holds no client.
    EmptyLevel,
    /// Clients of a segment that means "bought recently" are lifecycle-churned.
    RecentButChurned,
    /// A play meant for key clients who still buy reaches churned clients.
    KeyPlayToChurned,
    /// A win-back play reaches clients of a loyal segment.
    WinBackToLoyal,
    /// Value-tier VIPs outside ABC class A.
    VipOutsideA,
    /// The top points tier holds clients of the small value tier.
    TopPointsSmallValue,
}

/// One finding on the data.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataCheck {
    /// What was found.
    pub kind: CheckKind,
    /// The segment, level (`"F2"`) or play it is about.
    pub key: String,
    /// Clients concerned (0 for an empty segment or level).
    pub clients: u64,
    /// What and why, in the report's language.
    pub message: String,
    /// What would change it, in the report's language.
    pub remedy: String,
    /// The option that would change it, as JSON, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
}

const DIMS: [(Dimension, char); 3] = [
    (Dimension::Recency, 'R'),
    (Dimension::Frequency, 'F'),
    (Dimension::Monetary, 'M'),
];

/// Whether a segment's recency range means "bought recently": it leaves out the two lowest
/// levels, which are the churned and the sleeping clients (see the RFM module).
fn means_recent(r: (u8, u8)) -> bool {
    r.0 >= 3
}

/// Segment keys whose clients are loyal (a win-back play is wrong for them).
const LOYAL: &[&str] = &["champions", "loyal", "keyClients"];

/// Whether a play is meant for key clients who still buy, by its key or its rule.
fn key_client_play(key: &str, rule: &str) -> bool {
    matches!(key, "personalService" | "keyClients")
        || [
            "Champions",
            "Key clients",
            "keyClients",
            "champions",
            "\"AX\"",
        ]
        .iter()
        .any(|w| rule.contains(w))
}

/// Whether a play wins back churned clients.
fn win_back_play(key: &str, rule: &str) -> bool {
    matches!(key, "winBack" | "churned") || rule.contains("\"churned\"")
}

struct Counts {
    /// Clients per level (index = level − 1) of R, F, M.
    levels: [Vec<u64>; 3],
    /// Clients per segment.
    segments: Vec<u64>,
}

impl Report {
    /// The checks on this report's data (see the module docs).
    pub fn data_checks(&self) -> Vec<DataCheck> {
        let e = self.labeler.engine();
        let lang = self.lang;
        let c = &self.cols;
        let bins = e.rfm.bins as usize;
        let mut n = Counts {
            levels: std::array::from_fn(|_| vec![0; bins]),
            segments: vec![0; e.segments.defs.len()],
        };
        for (i, lv) in c.rfm.levels.iter().enumerate() {
            if lv[0] == 0 {
                continue;
            }
            for (count, level) in n.levels.iter_mut().zip(lv) {
                count[*level as usize - 1] += 1;
            }
            if let Some(s) = n.segments.get_mut(c.rfm.segment[i] as usize) {
                *s += 1;
            }
        }
        let mut out = Vec::new();
        if self.customers == 0 {
            return out;
        }
        self.empty_levels(&e, &n, lang, &mut out);
        self.empty_segments(&e, &n, lang, &mut out);
        self.contradictions(&e, lang, &mut out);
        out
    }

    fn empty_levels(&self, e: &Engine<'_>, n: &Counts, lang: Lang, out: &mut Vec<DataCheck>) {
        let bins = e.rfm.bins;
        let life = &e.catalogue.lifecycle;
        let span = self
            .min_day
            .zip(self.max_day)
            .map_or(0, |(a, b)| (b - a) as i64);
        let cuts = &e.rfm.cuts;
        for (d, (dim, letter)) in DIMS.iter().enumerate() {
            let c = match dim {
                Dimension::Recency => &cuts.recency,
                Dimension::Frequency => &cuts.frequency,
                Dimension::Monetary => &cuts.monetary,
            };
            let distinct = self.distinct_values(*dim, bins as usize);
            for level in 1..=bins {
                if n.levels[d][level as usize - 1] > 0 {
                    continue;
                }
                let digit = e.digit(level).unwrap_or(level);
                let key = format!("{letter}{digit}");
                let (why, remedy, option) = match (dim, c.source) {
                    (Dimension::Recency, CutSource::Lifecycle) if level == 1 => (
                        format!(
                            "{} {} {}{}",
                            pick(lang, "no client has gone more than", "ни один клиент не молчит дольше"),
                            life.churn_days,
                            pick(lang, "days without a purchase (the churn threshold)", "дн. (порог ухода)"),
                            if span < life.churn_days as i64 {
                                format!(
                                    "; {} {} {}",
                                    pick(lang, "the file spans only", "файл охватывает всего"),
                                    span,
                                    pick(lang, "days", "дн.")
                                )
                            } else {
                                String::new()
                            }
                        ),
                        pick(lang, "Nothing to fix when every client still buys; a lower churn threshold would fill it.", "Исправлять нечего, если все клиенты ещё покупают; заполнит более низкий порог ухода.").to_string(),
                        Some(format!("{{\"lifecycle\": {{\"churnDays\": {}}}}}", life.sleep_days.max(1) * 2)),
                    ),
                    (Dimension::Recency, CutSource::Lifecycle) if level == 2 => (
                        format!(
                            "{} {}–{} {}",
                            pick(lang, "no client is sleeping: none has been silent for", "нет спящих: никто не молчит"),
                            life.sleep_days + 1,
                            life.churn_days,
                            pick(lang, "days", "дн.")
                        ),
                        pick(lang, "Other sleep and churn thresholds would fill it.", "Заполнят другие пороги сна и ухода.").to_string(),
                        None,
                    ),
                    (_, CutSource::Fixed) => (
                        pick(lang, "no client's value falls between the given thresholds", "ни одно значение не попадает между заданными порогами").to_string(),
                        pick(lang, "Change the thresholds or use quantiles.", "Измените пороги или используйте квантили.").to_string(),
                        Some(format!("{{\"thresholds\": {{\"{}\": null}}}}", dim_key(*dim))),
                    ),
                    _ if distinct < bins as usize => (
                        format!(
                            "{} {} {} {}",
                            pick(lang, "only", "всего"),
                            distinct,
                            pick(lang, "distinct values for", "различных значений на"),
                            bins
                        ) + pick(lang, " levels", " уровней"),
                        pick(lang, "Fewer levels.", "Меньше уровней.").to_string(),
                        Some(format!("{{\"bins\": {}}}", distinct.clamp(2, 3))),
                    ),
                    _ => (
                        pick(lang, "the clients' values tie at a cut point", "значения клиентов совпадают на границе уровня").to_string(),
                        pick(lang, "Fewer levels or fixed thresholds.", "Меньше уровней или фиксированные пороги.").to_string(),
                        Some("{\"bins\": 3}".into()),
                    ),
                };
                out.push(DataCheck {
                    kind: CheckKind::EmptyLevel,
                    key: key.clone(),
                    clients: 0,
                    message: format!(
                        "{} {key} {}: {why}.",
                        pick(lang, "Level", "Уровень"),
                        pick(lang, "holds no client", "пуст")
                    ),
                    remedy,
                    option,
                });
            }
        }
    }

    /// Distinct values of a dimension among clients with orders, counted up to `cap + 1`.
    fn distinct_values(&self, dim: Dimension, cap: usize) -> usize {
        let c = &self.cols;
        let mut seen: Vec<f64> = Vec::new();
        for i in 0..c.frequency.len() {
            if c.frequency[i] == 0 {
                continue;
            }
            let v = match dim {
                Dimension::Recency => c.recency[i] as f64,
                Dimension::Frequency => c.frequency[i] as f64,
                Dimension::Monetary => c.rfm.monetary[i],
            };
            if !seen.contains(&v) {
                seen.push(v);
                if seen.len() > cap {
                    break;
                }
            }
        }
        seen.len()
    }

    fn empty_segments(&self, e: &Engine<'_>, n: &Counts, lang: Lang, out: &mut Vec<DataCheck>) {
        let unreachable = &self.check.unreachable;
        let c = &self.cols;
        for (s, def) in e.segments.defs.iter().enumerate() {
            if n.segments[s] > 0 || def.key == "other" || unreachable.contains(&def.key) {
                continue;
            }
            let ranges = e.segments.ranges_of(s);
            let empty_dim = (0..3).find(|&d| {
                let (lo, hi) = ranges[d];
                (lo..=hi).all(|l| n.levels[d][l as usize - 1] == 0)
            });
            let name = def.name_in(lang);
            let (why, remedy, option) = if let Some(d) = empty_dim {
                (
                    format!(
                        "{} {} {}",
                        pick(lang, "its", "его уровни"),
                        range_text(e, DIMS[d].1, ranges[d]),
                        pick(
                            lang,
                            "levels hold no client (see the empty levels)",
                            "пусты (см. пустые уровни)"
                        )
                    ),
                    pick(
                        lang,
                        "Fill the levels (below), or fewer levels.",
                        "Заполните уровни (ниже) или уменьшите их число.",
                    )
                    .to_string(),
                    Some("{\"bins\": 3}".to_string()),
                )
            } else if ranges[1] == (1, 1) && means_recent(ranges[0]) {
                // First-time buyers who bought recently: a file without new clients.
                let last_first = (0..c.frequency.len())
                    .filter(|&i| c.frequency[i] == 1)
                    .map(|i| c.first[i])
                    .max();
                let when = last_first.map_or_else(String::new, |d| {
                    format!(
                        "; {} {} ({} {})",
                        pick(
                            lang,
                            "the latest first order of a one-order client is on",
                            "последний первый заказ клиента с одним заказом —"
                        ),
                        date(d, lang),
                        fmt_locale((self.as_of - d) as f64, lang),
                        pick(lang, "days before the analysis date", "дн. до даты анализа")
                    )
                });
                (
                    format!(
                        "{}{when}",
                        pick(lang, "no client with a single order bought recently", "нет недавних клиентов с одним заказом")
                    ),
                    pick(lang, "Normal for a file without new clients (a cohort); an earlier analysis date or a newer export would fill it.", "Так бывает в файле без новых клиентов (когорта); заполнит более ранняя дата анализа или свежая выгрузка.").to_string(),
                    None,
                )
            } else {
                (
                    format!(
                        "{} {}, {} {} {}",
                        pick(lang, "no client combines", "ни один клиент не сочетает"),
                        range_text(e, 'R', ranges[0]),
                        range_text(e, 'F', ranges[1]),
                        pick(lang, "and", "и"),
                        range_text(e, 'M', ranges[2])
                    ),
                    pick(
                        lang,
                        "Fewer levels or your own segments would fill it.",
                        "Заполнят меньшее число уровней или свои сегменты.",
                    )
                    .to_string(),
                    Some("{\"bins\": 3}".to_string()),
                )
            };
            out.push(DataCheck {
                kind: CheckKind::EmptySegment,
                key: def.key.clone(),
                clients: 0,
                message: match lang {
                    Lang::En => format!("Segment “{name}” is empty: {why}."),
                    Lang::Ru => format!("Сегмент «{name}» пуст: {why}."),
                },
                remedy,
                option,
            });
        }
    }

    fn contradictions(&self, e: &Engine<'_>, lang: Lang, out: &mut Vec<DataCheck>) {
        let c = &self.cols;
        let l = &c.labels;
        let defs = &e.segments.defs;
        let churned = Stage::Churned as u8;
        // Recent segments holding churned clients.
        let mut recent = vec![0u64; defs.len()];
        for i in 0..c.frequency.len() {
            let s = c.rfm.segment[i] as usize;
            if s < defs.len()
                && l.lifecycle[i] == churned
                && means_recent(e.segments.ranges_of(s)[0])
            {
                recent[s] += 1;
            }
        }
        for (s, &k) in recent.iter().enumerate().filter(|(_, k)| **k > 0) {
            out.push(DataCheck {
                kind: CheckKind::RecentButChurned,
                key: defs[s].key.clone(),
                clients: k,
                message: format!(
                    "{} {} «{}» {}",
                    fmt_locale(k as f64, lang),
                    pick(lang, "clients of", "клиентов сегмента"),
                    defs[s].name_in(lang),
                    pick(lang, "(bought recently) are churned by the lifecycle.", "(покупали недавно) по жизненному циклу ушли.")
                ),
                remedy: pick(lang, "Score recency inside the lifecycle's windows (the default: no `thresholds.recency`), or one lifecycle threshold for every client (`lifecycle.relative: false`).", "Считайте давность в окнах жизненного цикла (так по умолчанию, без своих порогов давности) или задайте один порог жизненного цикла для всех клиентов.").to_string(),
                option: Some("{\"thresholds\": {\"recency\": null}, \"lifecycle\": {\"relative\": false}}".into()),
            });
        }
        // Plays that contradict the lifecycle or the segment.
        let plays = &e.catalogue.playbook;
        let mut key_churned = vec![0u64; plays.len()];
        let mut win_loyal = vec![0u64; plays.len()];
        // What each play and segment is, once, not per client.
        let (key_play, win_back): (Vec<bool>, Vec<bool>) = plays
            .iter()
            .map(|play| {
                let rule = play.when.text();
                (
                    key_client_play(&play.key, &rule),
                    win_back_play(&play.key, &rule),
                )
            })
            .unzip();
        let loyal: Vec<bool> = defs
            .iter()
            .map(|d| LOYAL.contains(&d.key.as_str()))
            .collect();
        for i in 0..c.frequency.len() {
            let Some(p) = usize::try_from(l.playbook[i])
                .ok()
                .filter(|p| *p < plays.len())
            else {
                continue;
            };
            if l.lifecycle[i] == churned && key_play[p] {
                key_churned[p] += 1;
            }
            let s = c.rfm.segment[i] as usize;
            if loyal.get(s).copied().unwrap_or(false) && l.lifecycle[i] != churned && win_back[p] {
                win_loyal[p] += 1;
            }
        }
        for (p, play) in plays.iter().enumerate() {
            let name = play.name_in(lang);
            if key_churned[p] > 0 {
                out.push(DataCheck {
                    kind: CheckKind::KeyPlayToChurned,
                    key: play.key.clone(),
                    clients: key_churned[p],
                    message: format!(
                        "{} «{name}» {} {} {}",
                        pick(lang, "The play", "Действие"),
                        pick(lang, "for key clients reaches", "для ключевых клиентов получают"),
                        fmt_locale(key_churned[p] as f64, lang),
                        pick(lang, "churned clients.", "ушедших клиентов.")
                    ),
                    remedy: pick(lang, "Add `and lifecycle in [\"newClient\", \"active\"]` to its rule, or give the churned play a higher priority.", "Ограничьте его правило новыми и активными клиентами жизненного цикла или поднимите приоритет действия для ушедших.").to_string(),
                    option: None,
                });
            }
            if win_loyal[p] > 0 {
                out.push(DataCheck {
                    kind: CheckKind::WinBackToLoyal,
                    key: play.key.clone(),
                    clients: win_loyal[p],
                    message: format!(
                        "{} «{name}» {} {} {}",
                        pick(lang, "The win-back play", "Действие возврата"),
                        pick(lang, "reaches", "получают"),
                        fmt_locale(win_loyal[p] as f64, lang),
                        pick(
                            lang,
                            "clients of loyal segments who have not churned.",
                            "клиентов лояльных сегментов, которые не ушли."
                        )
                    ),
                    remedy: pick(
                        lang,
                        "Limit its rule to `lifecycle == \"churned\"`.",
                        "Ограничьте его правило ушедшими клиентами жизненного цикла.",
                    )
                    .to_string(),
                    option: None,
                });
            }
        }
        self.vip_checks(e, lang, out);
    }

    fn vip_checks(&self, e: &Engine<'_>, lang: Lang, out: &mut Vec<DataCheck>) {
        let c = &self.cols;
        let l = &c.labels;
        let (mut vip_not_a, mut top_small) = (0u64, 0u64);
        let card = &e.compiled.points;
        let top = card.card.tiers.len().checked_sub(1);
        for i in 0..c.frequency.len() {
            if c.frequency[i] == 0 {
                continue;
            }
            if l.value_tiers[i] == Tier::Vip as u8 && l.abc[i] != AbcClass::A as u8 {
                vip_not_a += 1;
            }
            if top.is_some_and(|t| l.points.tier[i] as usize == t)
                && l.value_tiers[i] == Tier::Small as u8
            {
                top_small += 1;
            }
        }
        if vip_not_a > 0 {
            out.push(DataCheck {
                kind: CheckKind::VipOutsideA,
                key: "vip".into(),
                clients: vip_not_a,
                message: format!(
                    "{} {}",
                    fmt_locale(vip_not_a as f64, lang),
                    pick(
                        lang,
                        "value-tier VIP clients are not in ABC class A.",
                        "VIP-клиентов по уровню ценности не входят в класс A."
                    )
                ),
                remedy: pick(
                    lang,
                    "Set the VIP threshold at or above the A class's (`valueTiers`).",
                    "Поставьте порог VIP по уровню ценности не ниже порога класса A.",
                )
                .to_string(),
                option: None,
            });
        }
        if top_small > 0 {
            let name = top.map_or("", |t| card.tier_name(t as u8, lang));
            out.push(DataCheck {
                kind: CheckKind::TopPointsSmallValue,
                key: top.map_or(String::new(), |t| card.card.tiers[t].key.clone()),
                clients: top_small,
                message: format!(
                    "{} {} «{name}» {}",
                    fmt_locale(top_small as f64, lang),
                    pick(lang, "clients of the points tier", "клиентов уровня баллов"),
                    pick(
                        lang,
                        "are in the small value tier.",
                        "входят в малый уровень ценности."
                    )
                ),
                remedy: pick(
                    lang,
                    "Give revenue more weight in the points card (`points`).",
                    "Дайте выручке больший вес в карте баллов.",
                )
                .to_string(),
                option: None,
            });
        }
    }
}

/// A date as the language writes it.
fn date(d: calendar::Day, lang: Lang) -> String {
    let iso = calendar::iso(d);
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Ru, [y, m, d]) => format!("{d}.{m}.{y}"),
        _ => iso,
    }
}

fn dim_key(d: Dimension) -> &'static str {
    match d {
        Dimension::Recency => "recency",
        Dimension::Frequency => "frequency",
        Dimension::Monetary => "monetary",
    }
}

/// `F1` or `R3–5` in the model's digits.
fn range_text(e: &Engine<'_>, letter: char, (lo, hi): (u8, u8)) -> String {
    let a = e.digit(lo).unwrap_or(lo);
    let b = e.digit(hi).unwrap_or(hi);
    let (a, b) = (a.min(b), a.max(b));
    if a == b {
        format!("{letter}{a}")
    } else {
        format!("{letter}{a}–{b}")
    }
}
