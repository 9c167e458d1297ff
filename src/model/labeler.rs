//! A model compiled for labelling: its segment table, rule schema and compiled criteria.

use super::{Model, MODEL_VERSION};
use crate::criteria::{Compiled, Engine, Facts, Labels, RuleSchema, SegmentTable, SegmentsOption};
use crate::error::{Error, ErrorKind};

/// A compiled model, ready to label clients.
pub struct Labeler {
    /// The model.
    pub model: Model,
    segments: SegmentTable,
    schema: RuleSchema,
    compiled: Compiled,
}

fn invalid(en: impl Into<String>, ru: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidModel, en).ru(ru)
}

impl Labeler {
    /// Checks and compiles a model.
    pub fn new(mut model: Model) -> Result<Labeler, Error> {
        if model.version != MODEL_VERSION {
            return Err(invalid(
                format!(
                    "model version {} is not supported (expected {MODEL_VERSION})",
                    model.version
                ),
                format!(
                    "версия модели {} не поддерживается (нужна {MODEL_VERSION})",
                    model.version
                ),
            ));
        }
        let rfm = &model.rfm;
        if !(2..=10).contains(&rfm.bins) {
            return Err(invalid(
                "model: `bins` must be 2..=10",
                "модель: `bins` должно быть от 2 до 10",
            ));
        }
        let cuts = [&rfm.cuts.recency, &rfm.cuts.frequency, &rfm.cuts.monetary];
        if cuts.iter().any(|c| c.cuts.len() != rfm.bins as usize - 1) {
            return Err(invalid(
                "model: each dimension needs bins − 1 cut points",
                "модель: у каждого измерения должно быть на одну границу меньше, чем уровней",
            ));
        }
        let custom = SegmentsOption::Custom(rfm.segments.clone());
        let segments = SegmentTable::new(Some(&custom), rfm.bins, rfm.direction)?;
        let schema = RuleSchema::new(&model.attributes);
        let compiled = Compiled::new(&mut model.catalogue, &schema)?;
        Ok(Labeler {
            model,
            segments,
            schema,
            compiled,
        })
    }

    /// The model and its compiled parts, for labelling and everything that reads labels.
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            rfm: &self.model.rfm,
            segments: &self.segments,
            catalogue: &self.model.catalogue,
            compiled: &self.compiled,
            schema: &self.schema,
        }
    }

    /// Labels one client.
    pub fn label(&self, facts: &Facts<'_>, out: &mut Labels) {
        self.engine().label(facts, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar;
    use crate::criteria::{AbcClass, FunnelStatus, Stage, Tier, XyzClass};
    use crate::options::Options;
    use AbcClass::{A, B, C};
    use FunnelStatus::{ActiveClient, ColdLead, LostLead, LoyalRegular, WarmLead};
    use Stage::{Active, Churned, Lead, New, Sleeping};
    use Tier::{Middle, Small, Vip};
    use XyzClass::{NotEnough, X, Y, Z};

    /// Three clients fitting ABC: x is A (8000), y is B (1500), z is C; every other
    /// threshold is fixed.
    const CSV: &str =
        "client,date,amount\nx,2024-06-01,8000\ny,2024-05-01,1500\nz,2024-04-01,500\n";
    const OPTIONS: &str = r#"{"asOf": "2024-06-30",
        "thresholds": {"recency": [7, 30, 90, 180], "frequency": [2, 3, 5, 10],
                       "monetary": [100, 300, 1000, 3000]},
        "valueTiers": {"method": "fixed", "vipMin": 3000, "middleMin": 500},
        "ruleSegments": [{"name": "Big spender", "rule": "revenue >= 3000"},
                         {"name": "Tagged VIP", "rule": "tags contains \"vip\""},
                         {"name": "Lapsed", "rule": "recency_days > 90 and frequency >= 2"}]}"#;

    fn fitted() -> Model {
        let opts = Options::from_json(OPTIONS).unwrap();
        crate::analyze(CSV.as_bytes(), &opts)
            .unwrap()
            .model()
            .clone()
    }

    /// Recency, tenure, orders, revenue, periods, CV, gone, days since contact, status, tags.
    type In = (
        Option<f64>,
        Option<f64>,
        u32,
        f64,
        u32,
        Option<f64>,
        bool,
        Option<f64>,
        Option<&'static str>,
        &'static [&'static str],
    );

    /// Levels, segment key, ABC, XYZ, stage, value tier, funnel, points, points tier, rule
    /// segments, next action.
    type Out<S, L> = (
        [u8; 3],
        S,
        AbcClass,
        XyzClass,
        Stage,
        Tier,
        FunnelStatus,
        f64,
        S,
        L,
        Option<S>,
    );
    type Want = Out<&'static str, &'static [&'static str]>;
    type Got = Out<String, Vec<String>>;

    fn owned(w: &Want) -> Got {
        let s = |x: &str| x.to_string();
        let (levels, seg, abc, xyz, stage, tier, funnel, points, ptier, rules, action) = *w;
        let rules = rules.iter().map(|r| s(r)).collect();
        (
            levels,
            s(seg),
            abc,
            xyz,
            stage,
            tier,
            funnel,
            points,
            s(ptier),
            rules,
            action.map(s),
        )
    }

    fn label(l: &Labeler, input: &In) -> Got {
        let (recency, tenure, orders, revenue, periods, cv, gone, contact, status, tags) = *input;
        let as_of = calendar::parse_iso(&l.model.as_of).unwrap() as i64;
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let facts = Facts {
            id: "c",
            recency,
            tenure,
            first: tenure.map(|t| as_of - t as i64),
            last: recency.map(|r| as_of - r as i64),
            orders,
            revenue,
            periods,
            // The XYZ measure of the default method and its count.
            gap_cv: cv,
            days: periods,
            tags: &tags,
            gone,
            days_since_contact: contact,
            status,
            ..Facts::default()
        };
        let mut out = Labels::default();
        l.label(&facts, &mut out);
        let (e, cat) = (l.engine(), &l.model.catalogue);
        let rules = out.rule_segments.iter();
        (
            out.rfm.levels,
            e.segment_key(out.rfm.segment).to_string(),
            out.abc,
            out.xyz,
            out.lifecycle,
            out.value_tiers,
            out.funnel,
            out.points.total,
            e.compiled.points.card.tiers[out.points.tier as usize]
                .key
                .clone(),
            rules
                .map(|&i| cat.rule_segments[i as usize].name.clone())
                .collect(),
            out.playbook.map(|i| cat.playbook[i as usize].key.clone()),
        )
    }

    /// A lead: no orders, no contact.
    const LEAD: In = (None, None, 0, 0.0, 0, None, false, None, None, &[]);

    #[test]
    fn the_fit_is_as_planned() {
        let m = fitted();
        assert_eq!(
            (m.catalogue.abc.a_min, m.catalogue.abc.b_min),
            (Some(8000.0), Some(1500.0))
        );
        assert_eq!((m.rfm.bins, m.as_of.as_str()), (5, "2024-06-30"));
    }

    #[test]
    fn labels_table() {
        let l = Labeler::new(fitted()).unwrap();
        let json = serde_json::to_string(&l.model).unwrap();
        let read_back = Labeler::new(serde_json::from_str(&json).unwrap()).unwrap();
        // Recency levels: ≤ 7 → 5, ≤ 30 → 4, ≤ 90 → 3, ≤ 180 → 2; frequency: 2 → 2, 3 → 3,
        // 5 → 4, 10 → 5; monetary: 100 → 2, 300 → 3, 1000 → 4, 3000 → 5.
        #[rustfmt::skip]
        let cases: &[(&str, In, Want)] = &[
            ("champion", (Some(3.0), Some(400.0), 12, 9000.0, 14, Some(0.05), false, None, None, &[]), ([5, 5, 5], "champions", A, X, Active, Vip, LoyalRegular, 100.0, "top", &["Big spender"], Some("personalService"))),
            ("on every bound", (Some(7.0), Some(30.0), 10, 8000.0, 4, Some(0.58), false, None, None, &[]), ([5, 5, 5], "champions", A, X, New, Vip, LoyalRegular, 100.0, "top", &["Big spender"], Some("personalService"))),
            ("just past every bound", (Some(8.0), Some(31.0), 9, 2999.99, 2, Some(0.05), false, None, None, &[]), ([4, 4, 4], "champions", B, NotEnough, Active, Middle, LoyalRegular, 80.0, "top", &[], Some("personalService"))),
            ("new client", (Some(2.0), Some(2.0), 1, 50.0, 1, None, false, None, None, &[]), ([5, 1, 1], "new", C, NotEnough, New, Small, ActiveClient, 30.0, "low", &[], Some("welcome"))),
            ("can't lose them", (Some(120.0), Some(700.0), 6, 2000.0, 24, Some(0.9), false, None, None, &[]), ([2, 4, 4], "cantLoseThem", B, Y, Sleeping, Middle, ActiveClient, 60.0, "high", &["Lapsed"], Some("managerCall"))),
            ("sleeping on the churn bound", (Some(180.0), Some(900.0), 1, 300.0, 30, Some(5.4), false, None, None, &[]), ([2, 1, 3], "aboutToSleep", C, Z, Sleeping, Small, ActiveClient, 30.0, "low", &[], Some("reactivation"))),
            ("churned after one order", (Some(400.0), Some(400.0), 1, 100.0, 14, Some(3.6), false, None, None, &[]), ([1, 1, 2], "lost", C, Z, Churned, Small, ActiveClient, 10.0, "low", &[], Some("winBack"))),
            ("marked as gone: R1 as churned", (Some(10.0), Some(100.0), 3, 600.0, 4, Some(1.5), true, None, None, &[]), ([1, 3, 3], "atRisk", C, Z, Churned, Middle, ActiveClient, 60.0, "high", &[], Some("managerCall"))),
            ("a champion marked as gone: a call, not personal service", (Some(3.0), Some(400.0), 12, 9000.0, 14, Some(0.05), true, None, None, &[]), ([1, 5, 5], "cantLoseThem", A, X, Churned, Vip, ActiveClient, 100.0, "top", &["Big spender"], Some("managerCall"))),
            ("tagged", (Some(45.0), Some(200.0), 2, 400.0, 7, Some(1.01), false, None, None, &["VIP"]), ([3, 2, 3], "needAttention", C, Z, Active, Small, ActiveClient, 50.0, "medium", &["Tagged VIP"], Some("automate"))),
            ("returns exceed purchases", (Some(20.0), Some(100.0), 2, -50.0, 4, None, false, None, None, &[]), ([4, 2, 1], "potentialLoyalist", C, NotEnough, Active, Small, ActiveClient, 40.0, "medium", &[], Some("crossSell"))),
            ("warm lead by contact", (None, None, 0, 0.0, 0, None, false, Some(90.0), None, &[]), ([0, 0, 0], "noOrders", C, NotEnough, Lead, Small, WarmLead, 0.0, "low", &[], Some("callLead"))),
            ("warm lead by status", (None, None, 0, 0.0, 0, None, false, None, Some("В работе"), &[]), ([0, 0, 0], "noOrders", C, NotEnough, Lead, Small, WarmLead, 0.0, "low", &[], Some("callLead"))),
            ("cold lead", (None, None, 0, 0.0, 0, None, false, Some(91.0), Some("welcome"), &[]), ([0, 0, 0], "noOrders", C, NotEnough, Lead, Small, ColdLead, 0.0, "low", &[], Some("nurture"))),
            ("lost lead: no play of the default playbook", (None, None, 0, 0.0, 0, None, false, Some(10.0), Some("Не квалифицирован"), &[]), ([0, 0, 0], "noOrders", C, NotEnough, Lead, Small, LostLead, 0.0, "low", &[], None)),
            ("lead marked as gone", (None, None, 0, 0.0, 0, None, true, None, None, &[]), ([0, 0, 0], "noOrders", C, NotEnough, Churned, Small, ColdLead, 0.0, "low", &[], Some("winBack"))),
            ("lead with no facts at all", LEAD, ([0, 0, 0], "noOrders", C, NotEnough, Lead, Small, ColdLead, 0.0, "low", &[], Some("nurture"))),
        ];
        for (name, input, want) in cases {
            assert_eq!(label(&l, input), owned(want), "{name}");
            assert_eq!(
                label(&read_back, input),
                owned(want),
                "{name}: model read back"
            );
        }
    }

    #[test]
    fn invalid_models_table() {
        fn cuts(m: &mut Model, n: usize) {
            let c = &mut m.rfm.cuts;
            for d in [&mut c.recency, &mut c.frequency, &mut c.monetary] {
                d.cuts = (1..=n).map(|i| Some(i as f64)).collect();
            }
        }
        // The message's start, or `None`: the model is valid.
        #[rustfmt::skip]
        let cases: &[(&str, fn(&mut Model), Option<&str>)] = &[
            ("as fitted", |_| {}, None),
            ("the next version", |m| m.version = MODEL_VERSION + 1, Some("model version 3 is not supported (expected 2)")),
            ("version 0", |m| m.version = 0, Some("model version 0 is not supported")),
            ("one bin", |m| m.rfm.bins = 1, Some("model: `bins` must be 2..=10")),
            ("eleven bins", |m| m.rfm.bins = 11, Some("model: `bins` must be 2..=10")),
            ("zero bins", |m| m.rfm.bins = 0, Some("model: `bins` must be 2..=10")),
            ("fewer bins than cuts", |m| m.rfm.bins = 4, Some("model: each dimension needs bins − 1 cut points")),
            ("a recency cut missing", |m| { m.rfm.cuts.recency.cuts.pop(); }, Some("model: each dimension needs")),
            ("a frequency cut too many", |m| m.rfm.cuts.frequency.cuts.push(None), Some("model: each dimension needs")),
            ("no monetary cuts", |m| m.rfm.cuts.monetary.cuts.clear(), Some("model: each dimension needs")),
            ("two bins, one cut each", |m| { m.rfm.bins = 2; cuts(m, 1); m.rfm.segments.clear(); }, None),
            ("ten bins, nine cuts each", |m| { m.rfm.bins = 10; cuts(m, 9); m.rfm.segments.clear(); }, None),
        ];
        let base = fitted();
        for (name, change, want) in cases {
            let mut m = base.clone();
            change(&mut m);
            match (Labeler::new(m), want) {
                (Ok(_), None) => {}
                (Ok(_), Some(w)) => panic!("{name}: accepted, expected {w}"),
                (Err(e), None) => panic!("{name}: {e}"),
                (Err(e), Some(w)) => {
                    assert_eq!(e.kind(), ErrorKind::InvalidModel, "{name}: {e}");
                    assert!(e.message().starts_with(w), "{name}: {e}");
                }
            }
        }
    }
}
