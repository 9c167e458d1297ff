//! The fitted model and the per-client labelling that both the batch analysis and the
//! [`Scorer`](crate::scorer::Scorer) run.
//!
//! The batch fits what depends on all clients (quantile cut points, ABC thresholds, tier
//! thresholds) into a [`Model`]; every label of a client then follows from that model and
//! the client's own facts alone, through [`Labeler::label`]. Because the scorer calls the
//! same function with the same model, it reproduces every label of the batch.

use crate::abc_xyz::{self, Abc, AbcModel, Xyz, XyzOptions};
use crate::error::{Error, ErrorKind};
use crate::funnel::{self, Funnel, FunnelOptions};
use crate::ingest::Role;
use crate::lifecycle::{self, LifecycleOptions, Stage};
use crate::locale::Lang;
use crate::options::{Direction, MonetaryMode};
use crate::playbook::{self, Play};
use crate::points::{CompiledCard, PointsCard};
use crate::rfm::{self, Cuts};
use crate::rule_segments::{self, RuleSegment};
use crate::rules::{normalize_text, Compiled, FieldType, Fields, Schema};
use crate::segments::{ScoreRange, SegmentDef, SegmentTable, SegmentsOption};
use crate::tiers::{Tier, TierMeasure, TierModel};
use serde::{Deserialize, Serialize};

/// Version of the model format.
pub const MODEL_VERSION: u32 = 1;

/// Cut points of the three dimensions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmCuts {
    /// Recency cuts.
    pub recency: Cuts,
    /// Frequency cuts.
    pub frequency: Cuts,
    /// Monetary cuts.
    pub monetary: Cuts,
}

/// A clients-table attribute known to the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeDef {
    /// Header name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// Everything needed to label one client: JSON-serialisable, small, versioned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// Format version.
    pub version: u32,
    /// Analysis date, `YYYY-MM-DD`.
    pub as_of: String,
    /// Score levels.
    pub bins: u8,
    /// Which digit is best.
    pub direction: Direction,
    /// Monetary as total or average.
    pub monetary_mode: MonetaryMode,
    /// RFM cut points.
    pub cuts: RfmCuts,
    /// Segment rules in the model's digits ("Other" is implied).
    pub segments: Vec<SegmentDef>,
    /// ABC thresholds.
    pub abc: AbcModel,
    /// XYZ options.
    pub xyz: XyzOptions,
    /// Lifecycle options.
    pub lifecycle: LifecycleOptions,
    /// Value tier thresholds.
    pub value_tiers: TierModel,
    /// Funnel options.
    pub funnel: FunnelOptions,
    /// Points card.
    pub points: PointsCard,
    /// Rule segments.
    pub rule_segments: Vec<RuleSegment>,
    /// Playbook.
    pub playbook: Vec<Play>,
    /// Clients-table attributes, in schema order.
    pub attributes: Vec<AttributeDef>,
    /// Language of names.
    pub lang: Lang,
}

/// Fixed field indices of the rule schema.
pub mod field {
    #![allow(missing_docs)]
    pub const RECENCY_DAYS: usize = 0;
    pub const FREQUENCY: usize = 1;
    pub const MONETARY: usize = 2;
    pub const REVENUE: usize = 3;
    pub const AOV: usize = 4;
    pub const TENURE_DAYS: usize = 5;
    pub const INTERVAL_DAYS: usize = 6;
    pub const R: usize = 7;
    pub const F: usize = 8;
    pub const M: usize = 9;
    pub const R_LEVEL: usize = 10;
    pub const F_LEVEL: usize = 11;
    pub const M_LEVEL: usize = 12;
    pub const CV: usize = 13;
    pub const PERIODS: usize = 14;
    pub const POINTS: usize = 15;
    pub const DAYS_SINCE_CONTACT: usize = 16;
    pub const CLIENT_ID: usize = 17;
    pub const RFM: usize = 18;
    pub const SEGMENT: usize = 19;
    pub const SEGMENT_RU: usize = 20;
    pub const ABC: usize = 21;
    pub const XYZ: usize = 22;
    pub const ABCXYZ: usize = 23;
    pub const LIFECYCLE: usize = 24;
    pub const VALUE_TIER: usize = 25;
    pub const FUNNEL: usize = 26;
    pub const POINTS_TIER: usize = 27;
    pub const STATUS: usize = 28;
    pub const TAGS: usize = 29;
    pub const MANUAL_SEGMENTS: usize = 30;
    pub const RULE_SEGMENTS: usize = 31;
    pub const NEXT_ACTION: usize = 32;
    pub const FIRST_ATTRIBUTE: usize = 33;
}

/// Builds the rule schema: the fixed fields, then one text field per attribute.
pub fn schema(attributes: &[AttributeDef]) -> Schema {
    use FieldType::*;
    let mut s = Schema::new();
    let fixed: [(&str, FieldType); 33] = [
        ("recency_days", Number),
        ("frequency", Number),
        ("monetary", Number),
        ("revenue", Number),
        ("aov", Number),
        ("tenure_days", Number),
        ("interval_days", Number),
        ("r", Number),
        ("f", Number),
        ("m", Number),
        ("r_level", Number),
        ("f_level", Number),
        ("m_level", Number),
        ("cv", Number),
        ("periods", Number),
        ("points", Number),
        ("days_since_contact", Number),
        ("client_id", Text),
        ("rfm", Text),
        ("segment", Text),
        ("segment_ru", Text),
        ("abc", Text),
        ("xyz", Text),
        ("abcxyz", Text),
        ("lifecycle", Text),
        ("value_tier", Text),
        ("funnel", Text),
        ("points_tier", Text),
        ("status", Text),
        ("tags", TextList),
        ("manual_segments", TextList),
        ("rule_segments", TextList),
        ("next_action", Text),
    ];
    for (i, (name, ty)) in fixed.iter().enumerate() {
        let idx = s.add(name, *ty);
        debug_assert_eq!(idx, i);
    }
    for (alias, target) in [
        ("orders", field::FREQUENCY),
        ("давность", field::RECENCY_DAYS),
        ("частота", field::FREQUENCY),
        ("выручка", field::REVENUE),
        ("сумма", field::MONETARY),
        ("средний_чек", field::AOV),
        ("сегмент", field::SEGMENT_RU),
        ("стадия", field::LIFECYCLE),
        ("теги", field::TAGS),
        ("баллы", field::POINTS),
        ("tier", field::VALUE_TIER),
        ("stage", field::LIFECYCLE),
        ("id", field::CLIENT_ID),
        ("segments", field::MANUAL_SEGMENTS),
    ] {
        s.alias(alias, target);
    }
    for a in attributes {
        // A column named like a built-in field (tags, status, segments) keeps the built-in
        // meaning; its raw text stays reachable as `column:<name>`.
        let name = if s.lookup(&a.name).is_some() {
            format!("column:{}", a.name)
        } else {
            a.name.clone()
        };
        let idx = s.add(&name, Text);
        let role_alias = match a.role {
            Role::Region => Some("region"),
            Role::ClientType => Some("type"),
            Role::CompanySize => Some("company_size"),
            Role::RevenueBand => Some("revenue_band"),
            Role::ContactRole => Some("contact_role"),
            Role::Source => Some("source"),
            _ => None,
        };
        if let Some(al) = role_alias {
            if s.lookup(al).is_none() {
                s.alias(al, idx);
            }
        }
    }
    s
}

/// What is known about one client before labelling.
#[derive(Clone, Debug, Default)]
pub struct Facts<'a> {
    /// Client id.
    pub id: &'a str,
    /// Days from the last order to `asOf` (`None` without orders).
    pub recency: Option<f64>,
    /// Days from the first order to `asOf`.
    pub tenure: Option<f64>,
    /// First and last order day (for the typical interval).
    pub first: Option<i64>,
    /// Last order day.
    pub last: Option<i64>,
    /// Orders.
    pub orders: u32,
    /// Total revenue (net).
    pub revenue: f64,
    /// Periods from the first order's period to `asOf`'s.
    pub periods: u32,
    /// Coefficient of variation of period revenue.
    pub cv: Option<f64>,
    /// Attribute values, in model order (empty = missing).
    pub attributes: Vec<&'a str>,
    /// Tags.
    pub tags: &'a [String],
    /// Manual segments.
    pub manual_segments: &'a [String],
    /// Marked as gone.
    pub gone: bool,
    /// Days since the last contact.
    pub days_since_contact: Option<f64>,
    /// Funnel status text from the clients table.
    pub status: Option<&'a str>,
}

/// Every label of one client.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Labels {
    /// R, F, M levels (1 = worst … bins = best; 0 without orders).
    pub levels: [u8; 3],
    /// Monetary value as scored (total or average).
    pub monetary: f64,
    /// Segment index (`None` without orders).
    pub segment: Option<u8>,
    /// ABC class.
    pub abc: Option<Abc>,
    /// XYZ class.
    pub xyz: Option<Xyz>,
    /// Lifecycle stage.
    pub stage: Option<Stage>,
    /// Value tier.
    pub tier: Option<Tier>,
    /// Funnel status.
    pub funnel: Option<Funnel>,
    /// Total points.
    pub points: f64,
    /// Points per card parameter.
    pub points_parts: Vec<f64>,
    /// Points tier index.
    pub points_tier: u8,
    /// Indices of matched rule segments.
    pub rule_segments: Vec<u32>,
    /// Index of the next action's play, if any matches.
    pub action: Option<u16>,
}

/// A compiled model, ready to label clients.
pub struct Labeler {
    /// The model.
    pub model: Model,
    /// Segment lookup.
    pub segments: SegmentTable,
    /// Rule schema.
    pub schema: Schema,
    card: CompiledCard,
    rules: Vec<Compiled>,
    plays: Vec<Compiled>,
    play_order: Vec<u16>,
    /// Rules and plays that read only labels: (is a play, index), at most 128.
    categorical: Vec<(bool, usize)>,
    rule_slot: Vec<Option<usize>>,
    play_slot: Vec<Option<usize>>,
    cache: std::cell::RefCell<hashbrown::HashMap<u64, u128>>,
}

/// Fields whose value follows from a client's labels alone.
fn is_label_field(f: usize) -> bool {
    use field::*;
    matches!(
        f,
        R | F
            | M
            | R_LEVEL
            | F_LEVEL
            | M_LEVEL
            | SEGMENT
            | SEGMENT_RU
            | ABC
            | XYZ
            | ABCXYZ
            | LIFECYCLE
            | VALUE_TIER
            | FUNNEL
            | POINTS_TIER
    )
}

impl Labeler {
    /// Compiles a model.
    pub fn new(model: Model) -> Result<Labeler, Error> {
        if model.version != MODEL_VERSION {
            return Err(Error::new(
                ErrorKind::InvalidModel,
                format!(
                    "model version {} is not supported (expected {MODEL_VERSION})",
                    model.version
                ),
            ));
        }
        if !(2..=10).contains(&model.bins) {
            return Err(Error::new(
                ErrorKind::InvalidModel,
                "model: `bins` must be 2..=10",
            ));
        }
        for c in [
            &model.cuts.recency,
            &model.cuts.frequency,
            &model.cuts.monetary,
        ] {
            if c.cuts.len() != model.bins as usize - 1 {
                return Err(Error::new(
                    ErrorKind::InvalidModel,
                    "model: each dimension needs bins − 1 cut points",
                ));
            }
        }
        let segments = SegmentTable::new(
            Some(&SegmentsOption::Custom(model.segments.clone())),
            model.bins,
            model.direction,
        )?;
        let schema = schema(&model.attributes);
        let card = CompiledCard::compile(&model.points, &schema)?;
        let rules = rule_segments::compile_all(&model.rule_segments, &schema)?;
        let mut playbook = model.playbook.clone();
        let plays = playbook::compile_plays(&mut playbook, &schema)?;
        let mut play_order: Vec<u16> = (0..playbook.len() as u16).collect();
        play_order.sort_by_key(|&i| (playbook[i as usize].priority, i));
        let mut model = model;
        model.playbook = playbook;
        let mut categorical = Vec::new();
        let slots = |list: &[Compiled], is_play: bool, categorical: &mut Vec<(bool, usize)>| {
            list.iter()
                .enumerate()
                .map(|(i, c)| {
                    let labels_only = c.fields_used().iter().all(|f| is_label_field(*f));
                    (labels_only && categorical.len() < 128).then(|| {
                        categorical.push((is_play, i));
                        categorical.len() - 1
                    })
                })
                .collect::<Vec<_>>()
        };
        let rule_slot = slots(&rules, false, &mut categorical);
        let play_slot = slots(&plays, true, &mut categorical);
        Ok(Labeler {
            model,
            segments,
            schema,
            card,
            rules,
            plays,
            play_order,
            categorical,
            rule_slot,
            play_slot,
            cache: Default::default(),
        })
    }

    /// A key identifying every label that label-only rules can read.
    fn label_key(&self, l: &Labels) -> u64 {
        let [r, f, m] = l.levels;
        (r as u64)
            | (f as u64) << 4
            | (m as u64) << 8
            | (l.segment.map_or(255, |s| s) as u64) << 12
            | (l.abc.map_or(3, |a| a as u64)) << 20
            | (l.xyz.map_or(7, |x| x as u64)) << 22
            | (l.stage.map_or(7, |x| x as u64)) << 25
            | (l.tier.map_or(3, |x| x as u64)) << 28
            | (l.funnel.map_or(7, |x| x as u64)) << 30
            | (l.points_tier as u64) << 33
    }

    /// The compiled points card.
    pub fn card(&self) -> &CompiledCard {
        &self.card
    }

    /// Labels one client.
    pub fn label(&self, facts: &Facts<'_>, out: &mut Labels) {
        let m = &self.model;
        out.rule_segments.clear();
        out.action = None;
        let has_orders = facts.recency.is_some();
        let monetary = match m.monetary_mode {
            MonetaryMode::Total => facts.revenue,
            MonetaryMode::Average => {
                if facts.orders > 0 {
                    facts.revenue / facts.orders as f64
                } else {
                    0.0
                }
            }
        };
        out.monetary = monetary;
        if let Some(rec) = facts.recency {
            out.levels = [
                m.cuts.recency.level(rec),
                m.cuts.frequency.level(facts.orders as f64),
                m.cuts.monetary.level(monetary),
            ];
            out.segment = Some(
                self.segments
                    .segment(out.levels[0], out.levels[1], out.levels[2]),
            );
        } else {
            out.levels = [0; 3];
            out.segment = None;
        }
        out.abc = Some(m.abc.class(facts.revenue));
        out.xyz = Some(if has_orders {
            abc_xyz::xyz_class(facts.cv, facts.periods, &m.xyz)
        } else {
            Xyz::NotEnough
        });
        out.stage = Some(lifecycle::stage(
            &m.lifecycle,
            facts.recency,
            facts.tenure,
            facts.orders,
            facts.first,
            facts.last,
            facts.gone,
        ));
        let tier_value = match m.value_tiers.by {
            TierMeasure::Total => facts.revenue,
            TierMeasure::Average => {
                if facts.orders > 0 {
                    facts.revenue / facts.orders as f64
                } else {
                    0.0
                }
            }
        };
        out.tier = Some(if has_orders {
            m.value_tiers.tier(tier_value)
        } else {
            Tier::Small
        });
        out.funnel = Some(funnel::funnel(
            &m.funnel,
            facts.orders,
            facts.recency,
            facts.days_since_contact,
            facts.status,
        ));
        // Points, then rule segments, then the playbook: each may read the labels before it.
        let mut parts = std::mem::take(&mut out.points_parts);
        out.points = {
            let view = View {
                l: self,
                f: facts,
                labels: out,
            };
            self.card.score(&view, &mut parts)
        };
        out.points_parts = parts;
        out.points_tier = self.card.tier(out.points);
        // Rules that read only labels (segment, ABC, lifecycle, …) give the same answer for
        // every client with the same labels: their results are cached per combination.
        let key = self.label_key(out);
        let cached = {
            let mut cache = self.cache.borrow_mut();
            if cache.len() > 1 << 16 {
                cache.clear();
            }
            *cache.entry(key).or_insert_with(|| {
                let view = View {
                    l: self,
                    f: facts,
                    labels: out,
                };
                let mut bits = 0u128;
                for (k, &(is_play, i)) in self.categorical.iter().enumerate() {
                    let c = if is_play {
                        &self.plays[i]
                    } else {
                        &self.rules[i]
                    };
                    if c.eval(&view) {
                        bits |= 1 << k;
                    }
                }
                bits
            })
        };
        let result = |is_play: bool, i: usize, view: &View<'_>| -> bool {
            let slot = if is_play {
                self.play_slot[i]
            } else {
                self.rule_slot[i]
            };
            match slot {
                Some(k) => cached & (1 << k) != 0,
                None => {
                    if is_play {
                        self.plays[i].eval(view)
                    } else {
                        self.rules[i].eval(view)
                    }
                }
            }
        };
        let mut matched = std::mem::take(&mut out.rule_segments);
        {
            let view = View {
                l: self,
                f: facts,
                labels: out,
            };
            for i in 0..self.rules.len() {
                if result(false, i, &view) {
                    matched.push(i as u32);
                }
            }
        }
        out.rule_segments = matched;
        let action = {
            let view = View {
                l: self,
                f: facts,
                labels: out,
            };
            self.play_order
                .iter()
                .copied()
                .find(|&i| result(true, i as usize, &view))
        };
        out.action = action;
    }

    /// The segment name of a label in `lang` ("No orders" without orders).
    pub fn segment_name(&self, s: Option<u8>, lang: Lang) -> &str {
        match s {
            Some(i) => self.segments.defs[i as usize].name_in(lang),
            None => match lang {
                Lang::En => "No orders",
                Lang::Ru => "Без заказов",
            },
        }
    }

    /// The RFM code of levels, in the model's direction ("" without orders).
    pub fn code(&self, levels: [u8; 3]) -> String {
        if levels[0] == 0 {
            return String::new();
        }
        let (b, d) = (self.model.bins, self.model.direction);
        rfm::code(
            rfm::digit(levels[0], b, d),
            rfm::digit(levels[1], b, d),
            rfm::digit(levels[2], b, d),
            b,
        )
    }

    /// Fills a play's message template for a client.
    pub fn message(&self, play: usize, facts: &Facts<'_>, labels: &Labels, lang: Lang) -> String {
        let p = &self.model.playbook[play];
        let view = View {
            l: self,
            f: facts,
            labels,
        };
        playbook::fill_template(p.message_in(lang), |name| {
            if name == "client" {
                return Some(facts.id.to_string());
            }
            if name == "segment" {
                return Some(self.segment_name(labels.segment, lang).to_string());
            }
            let (idx, ty) = self.schema.lookup(name)?;
            match ty {
                FieldType::Number => view.number(idx).map(|v| fmt_locale(v, lang)),
                FieldType::Text => view.text(idx).map(str::to_string),
                FieldType::TextList => None,
            }
        })
    }
}

/// Formats a number for messages: integers without decimals, others with two.
pub fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// Formats a number the way the language writes it: `48 240,50` in Russian (no-break
/// space, decimal comma), `48,240.50` in English; integers without decimals.
pub fn fmt_locale(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let plain = fmt_number(v.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let (group, point) = match lang {
        Lang::Ru => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(plain.len() + 4);
    if v < 0.0 && (v * 100.0).round() != 0.0 {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A client's facts and labels as rule fields.
pub struct View<'a> {
    l: &'a Labeler,
    f: &'a Facts<'a>,
    labels: &'a Labels,
}

impl<'a> View<'a> {
    /// A view of one client.
    pub fn new(l: &'a Labeler, f: &'a Facts<'a>, labels: &'a Labels) -> Self {
        View { l, f, labels }
    }
}

impl Fields for View<'_> {
    fn number(&self, i: usize) -> Option<f64> {
        let f = self.f;
        let l = self.labels;
        let m = &self.l.model;
        let has = f.recency.is_some();
        let digit = |lv: u8| (lv > 0).then(|| rfm::digit(lv, m.bins, m.direction) as f64);
        match i {
            field::RECENCY_DAYS => f.recency,
            field::FREQUENCY => Some(f.orders as f64),
            field::MONETARY => Some(l.monetary),
            field::REVENUE => Some(f.revenue),
            field::AOV => (f.orders > 0).then(|| f.revenue / f.orders as f64),
            field::TENURE_DAYS => f.tenure,
            field::INTERVAL_DAYS => match (f.first, f.last) {
                (Some(a), Some(b)) if f.orders >= 2 => Some((b - a) as f64 / (f.orders - 1) as f64),
                _ => None,
            },
            field::R => digit(l.levels[0]),
            field::F => digit(l.levels[1]),
            field::M => digit(l.levels[2]),
            field::R_LEVEL => has.then_some(l.levels[0] as f64),
            field::F_LEVEL => has.then_some(l.levels[1] as f64),
            field::M_LEVEL => has.then_some(l.levels[2] as f64),
            field::CV => f.cv,
            field::PERIODS => has.then_some(f.periods as f64),
            field::POINTS => Some(l.points),
            field::DAYS_SINCE_CONTACT => f.days_since_contact,
            _ => None,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        let l = self.labels;
        let f = self.f;
        match i {
            field::CLIENT_ID => Some(f.id),
            field::RFM => None, // codes are matched via the `r`, `f`, `m` numbers
            field::SEGMENT => Some(self.l.segment_name(l.segment, Lang::En)),
            field::SEGMENT_RU => Some(self.l.segment_name(l.segment, Lang::Ru)),
            field::ABC => l.abc.map(Abc::as_str),
            field::XYZ => l.xyz.map(Xyz::as_str),
            field::ABCXYZ => match (l.abc, l.xyz) {
                (Some(a), Some(x)) if x != Xyz::NotEnough => {
                    Some(ABCXYZ[a as usize * 3 + x as usize])
                }
                _ => None,
            },
            field::LIFECYCLE => l.stage.map(|s| s.key()),
            field::VALUE_TIER => l.tier.map(|t| t.key()),
            field::FUNNEL => l.funnel.map(|x| x.name(Lang::En)),
            field::POINTS_TIER => Some(self.l.card.tier_name(l.points_tier, Lang::En)),
            field::STATUS => f.status,
            field::NEXT_ACTION => l
                .action
                .map(|a| self.l.model.playbook[a as usize].key.as_str()),
            i if i >= field::FIRST_ATTRIBUTE => f
                .attributes
                .get(i - field::FIRST_ATTRIBUTE)
                .copied()
                .filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    fn text_alias(&self, i: usize, k: usize) -> Option<&str> {
        let l = self.labels;
        // Labels also answer to their stable key and to their names in both languages.
        let candidates: [Option<&str>; 3] = match i {
            field::SEGMENT | field::SEGMENT_RU => match l.segment {
                Some(s) => {
                    let d = &self.l.segments.defs[s as usize];
                    [
                        Some(d.key.as_str()),
                        Some(d.name_in(Lang::En)),
                        Some(d.name_in(Lang::Ru)),
                    ]
                }
                None => [Some("noOrders"), Some("No orders"), Some("Без заказов")],
            },
            field::LIFECYCLE => l.stage.map_or([None; 3], |s| {
                [Some(s.name(Lang::En)), Some(s.name(Lang::Ru)), None]
            }),
            field::VALUE_TIER => l.tier.map_or([None; 3], |t| {
                [Some(t.name(Lang::En)), Some(t.name(Lang::Ru)), None]
            }),
            field::FUNNEL => l
                .funnel
                .map_or([None; 3], |f| [Some(f.key()), Some(f.name(Lang::Ru)), None]),
            field::POINTS_TIER => {
                let t = &self.l.card.card.tiers[l.points_tier as usize];
                [Some(t.key.as_str()), t.name_ru.as_deref(), None]
            }
            _ => [None; 3],
        };
        candidates.into_iter().flatten().nth(k)
    }

    fn list_contains(&self, i: usize, needle: &str) -> bool {
        match i {
            field::TAGS => self.f.tags.iter().any(|t| normalize_text(t) == needle),
            field::MANUAL_SEGMENTS => self
                .f
                .manual_segments
                .iter()
                .any(|t| normalize_text(t) == needle),
            field::RULE_SEGMENTS => self.labels.rule_segments.iter().any(|&r| {
                let s = &self.l.model.rule_segments[r as usize];
                normalize_text(&s.name) == needle
                    || s.name_ru
                        .as_deref()
                        .is_some_and(|n| normalize_text(n) == needle)
            }),
            _ => false,
        }
    }
}

/// Names of the nine ABC×XYZ cells, indexed `abc * 3 + xyz`.
pub const ABCXYZ: [&str; 9] = ["AX", "AY", "AZ", "BX", "BY", "BZ", "CX", "CY", "CZ"];

/// Converts a segment table back to rules in the digits of `direction` (for the model).
pub fn segment_defs(table: &SegmentTable, direction: Direction) -> Vec<SegmentDef> {
    let bins = table.bins;
    table.defs[..table.defs.len() - 1]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ranges = table.level_ranges(i).unwrap_or([(1, bins); 3]);
            let conv = |(lo, hi): (u8, u8)| {
                if lo > hi {
                    // Empty after scaling: a range that never matches keeps its place.
                    return Some(ScoreRange::Span([0, 0]));
                }
                let (a, b) = (
                    rfm::digit(lo, bins, direction),
                    rfm::digit(hi, bins, direction),
                );
                Some(ScoreRange::Span([a.min(b), a.max(b)]))
            };
            SegmentDef {
                r: conv(ranges[0]),
                f: conv(ranges[1]),
                m: conv(ranges[2]),
                ..d.clone()
            }
        })
        .collect()
}
