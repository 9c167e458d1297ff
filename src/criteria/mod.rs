//! The criteria: each file owns one, its options and their checks, its names in English and
//! Russian, what it learns from all clients (the fit), how it labels one client, why (the
//! explanation), its rule fields, its summary entries, CSV columns, typed columns and what
//! the scorer returns for it.
//!
//! RFM (`rfm.rs`, with its named segments in `segments.rs`) is the base every other
//! criterion may read: its options are top-level (`bins`, `direction`, `thresholds`, …). The
//! catalogue criteria implement [`Criterion`] and are listed once, in output order, in the
//! registry at the end of `criteria/mod.rs`; that line is all the rest of the crate needs to
//! know about one:
//! options, model, labels, columns, summary, explanation, exports, rule fields and scores
//! follow from it.
//!
//! Adding a criterion: write `src/criteria/<name>.rs` with a type implementing
//! [`Criterion`], and add `<name>: <module>::<Type>,` to the registry. A criterion may read
//! the labels of the criteria before it (points read segments and ABC; the playbook reads
//! everything).

mod abc_xyz;
mod categories;
pub(crate) mod events;
mod fields;
mod funnel;
mod lifecycle;
mod loyalty;
mod order;
mod parts;
pub(crate) mod playbook;
mod points;
mod predicted;
mod presets;
pub(crate) mod rfm;
mod rule_segments;
mod ruleset;
pub(crate) mod segments;
mod tiers;
mod wording;

pub(crate) use abc_xyz::cv;
pub use abc_xyz::{
    AbcClass, AbcModel, AbcOptions, MatrixCell, XyzClass, XyzMethod, XyzModel, XyzOptions,
};
pub use categories::CategoryFact;
pub use events::{behaviour_playbook, behaviour_segments, EventFacts, ExplainedEvents};
pub use fields::{AttributeDef, AttributeType, RuleSchema};
pub use funnel::{FunnelOptions, FunnelStatus};
pub use lifecycle::{LifecycleModel, LifecycleOptions, Stage, ThresholdSource};
pub use loyalty::loyalty_preset;
pub(crate) use order::scales;
pub use order::{criterion_name, Scale, ScaleLabel, Standing, COMPARED};
pub use parts::{
    Among, CellSink, ColumnSink, ExplainedLabel, ExplainedMark, Explanation, LabelStats, MarkKind,
    MarkSource, PointsPart, Tally,
};
pub use playbook::{
    default_playbook, message, ActionSummary, Channel, Play, PlaybookOption, ScoredAction,
};
pub use points::{
    CompiledCard, PointsCard, PointsCategory, PointsLabel, PointsParameter, PointsRange, PointsTier,
};
pub use presets::{check_rule, presets, presets_with, AttributeRef, Presets};
pub use rfm::{
    CutSource, Cuts, Dimension, Direction, MonetaryMode, RfmCuts, RfmLabel, RfmModel, RfmOptions,
    Thresholds,
};
pub use rule_segments::{RuleSegment, RuleSource};
pub use segments::{RuleCheck, ScoreRange, SegmentDef, SegmentTable, SegmentsOption};
pub use tiers::{Tier, TierMeasure, TierMethod, TierModel, ValueTierOptions};

use crate::error::Error;
use crate::locale::Lang;
use crate::rules::{FieldType, Schema};
pub use ruleset::RuleSet;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::fmt::Debug;

/// What is known about one client before labelling.
#[derive(Clone, Debug, Default)]
pub struct Facts<'a> {
    /// Client id.
    pub id: &'a str,
    /// Days from the last order to `asOf` (`None` without orders).
    pub recency: Option<f64>,
    /// Days from the first order to `asOf`.
    pub tenure: Option<f64>,
    /// First order day.
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
    /// Coefficient of variation of the days between purchases.
    pub gap_cv: Option<f64>,
    /// Distinct purchase days.
    pub days: u32,
    /// Return rows.
    pub returns: u32,
    /// Sum of returns, positive.
    pub returned: f64,
    /// The client's name, when the data has one.
    pub name: Option<&'a str>,
    /// The client's e-mail, when the data has one.
    pub email: Option<&'a str>,
    /// The client's phone, when the data has one.
    pub phone: Option<&'a str>,
    /// Attribute values, in model order (empty = missing).
    pub attributes: Vec<&'a str>,
    /// Numeric attributes' values, in model order (`None` for text or missing).
    pub attribute_numbers: Vec<Option<f64>>,
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

    // What the client bought (the orders file's category column).
    /// The client's categories with their rows and revenue, by revenue (highest first),
    /// then name; empty without a category column.
    pub categories: Vec<CategoryFact<'a>>,
    /// The largest order's total: the sum of its purchase lines (`None` without orders).
    pub largest_order: Option<f64>,

    /// What the client did besides ordering (`None` without an events table).
    pub events: Option<EventFacts<'a>>,

    /// What the purchase and spend models predict (`None` without the `clv` option).
    pub prediction: Option<crate::clv::Prediction>,
}

impl Facts<'_> {
    /// Whether the client has orders.
    pub fn has_orders(&self) -> bool {
        self.recency.is_some()
    }

    /// Revenue per order (0 without orders).
    pub fn average_order(&self) -> f64 {
        if self.orders > 0 {
            self.revenue / self.orders as f64
        } else {
            0.0
        }
    }

    /// The typical days between orders, `(last − first) / (orders − 1)`, from two orders.
    pub fn interval(&self) -> Option<f64> {
        match (self.first, self.last) {
            (Some(a), Some(b)) if self.orders >= 2 => {
                Some((b - a) as f64 / (self.orders - 1) as f64)
            }
            _ => None,
        }
    }
}

/// The clients with orders, as the fits see them (index = client).
pub struct Population<'a> {
    /// Score levels.
    pub bins: u8,
    /// Net revenue.
    pub revenue: &'a [f64],
    /// Orders.
    pub orders: &'a [u32],
    /// Days since the last order.
    pub recency: &'a [i32],
    /// Clients with two purchase days or more.
    pub returning: u64,
    /// The days between consecutive purchases, over all clients.
    pub gaps: &'a crate::ingest::Gaps,
}

/// A rule field a criterion adds to the rule language.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Other names for it.
    pub aliases: &'static [&'static str],
    /// Whether its value follows from a client's labels alone (rules reading only such
    /// fields are evaluated once per combination of labels).
    pub label_only: bool,
}

impl FieldSpec {
    /// A field that is not a label.
    pub const fn value(
        name: &'static str,
        ty: FieldType,
        aliases: &'static [&'static str],
    ) -> FieldSpec {
        FieldSpec {
            name,
            ty,
            aliases,
            label_only: false,
        }
    }

    /// A text field holding a label.
    pub const fn label(name: &'static str, aliases: &'static [&'static str]) -> FieldSpec {
        FieldSpec {
            name,
            ty: FieldType::Text,
            aliases,
            label_only: true,
        }
    }
}

/// A criterion of the catalogue. Every method has the client (or all clients) and the
/// whole fitted model at hand: a criterion reads its own parts by its registry key
/// (`c.engine.catalogue.<key>`, `c.labels.<key>`) and may read the criteria before it.
pub trait Criterion {
    /// The options users write under the registry key.
    type Options: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// What the fit learns from all clients, kept in the model under the registry key.
    type Fitted: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// The fitted part checked against the rule schema (rules compiled, names resolved).
    type Compiled;
    /// One client's label.
    type Label: Clone + Debug + Default + PartialEq;
    /// Every client's labels.
    type Column: Clone + Debug + Default;
    /// Its entries in the summary (flattened into it).
    type Summary: Clone + Debug + Serialize;
    /// What the scorer returns for it (flattened into the score).
    type Score: Clone + Debug + PartialEq + Serialize;

    /// Its rule fields.
    const FIELDS: &'static [FieldSpec] = &[];
    /// Its CSV columns' headers.
    const CSV: &'static [&'static str] = &[];
    /// Bits of [`Criterion::code`] (0: its label is not categorical).
    const CODE_BITS: u32 = 0;

    /// Checks the options before any row is read.
    fn validate(_options: &Self::Options) -> Result<(), Error> {
        Ok(())
    }
    /// Learns from all clients with orders (`None`: the defaults).
    fn fit(
        options: Option<&Self::Options>,
        population: &Population<'_>,
    ) -> Result<Self::Fitted, Error>;
    /// Checks the fitted part against the schema; rules go to `rules`.
    fn compile(
        fitted: &mut Self::Fitted,
        schema: &Schema,
        rules: &mut RuleSet,
    ) -> Result<Self::Compiled, Error>;
    /// Labels one client.
    fn label(c: &Client<'_>, out: &mut Self::Label);
    /// Clears a label before the next client (keeping what it allocated).
    fn reset(label: &mut Self::Label) {
        *label = Self::Label::default();
    }
    /// A label's code, below `1 << CODE_BITS`.
    fn code(_label: &Self::Label) -> u64 {
        0
    }
    /// The value of its number field `k`.
    fn number(_c: &Client<'_>, _k: usize) -> Option<f64> {
        None
    }
    /// The value of its text field `k`.
    fn text<'a>(_c: &Client<'a>, _k: usize) -> Option<&'a str> {
        None
    }
    /// Other spellings of its text field `k` (see [`crate::rules::Fields::text_alias`]).
    fn text_alias<'a>(_c: &Client<'a>, _k: usize, _i: usize) -> Option<&'a str> {
        None
    }
    /// Whether its list field `k` holds `needle` (normalised).
    fn list_contains(_c: &Client<'_>, _k: usize, _needle: &str) -> bool {
        false
    }
    /// The name in `lang` of the label a rule names as `value` in its text field `k` (by
    /// its key or its name in either language), for a rule written out in words; `None`
    /// when `value` is no label of it.
    fn value_name(_e: &Engine<'_>, _k: usize, _value: &str, _lang: Lang) -> Option<String> {
        None
    }
    /// Stores a label.
    fn push(column: &mut Self::Column, label: &Self::Label);
    /// Reads label `i` back.
    fn read(column: &Self::Column, i: usize, out: &mut Self::Label);
    /// Why the client has its label.
    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation);
    /// Its CSV cells of one client (one per [`Criterion::CSV`] header).
    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink);
    /// Its typed columns and their names.
    fn columns(e: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink);
    /// Its summary entries.
    fn summary(e: &Engine<'_>, cols: &LabelColumns, tally: &Tally<'_>, lang: Lang)
        -> Self::Summary;
    /// What the scorer returns for the client.
    fn score(c: &Client<'_>, lang: Lang) -> Self::Score;
}

/// The fitted model and its compiled form: everything labelling needs.
#[derive(Clone, Copy)]
pub struct Engine<'a> {
    /// RFM: levels, cut points, segments.
    pub rfm: &'a RfmModel,
    /// RFM segments, compiled.
    pub segments: &'a SegmentTable,
    /// What each catalogue criterion learnt.
    pub catalogue: &'a Catalogue,
    /// Their compiled forms.
    pub compiled: &'a Compiled,
    /// The rule fields and where each comes from.
    pub schema: &'a RuleSchema,
}

/// One client as criteria and rules see it.
pub struct Client<'a> {
    /// Its facts.
    pub facts: &'a Facts<'a>,
    /// Its labels (while labelling: those of the criteria before).
    pub labels: &'a Labels,
    /// The model.
    pub engine: &'a Engine<'a>,
    /// Label-only rules' results, once evaluated.
    bits: &'a Cell<Option<u128>>,
}

impl<'a> Client<'a> {
    /// A client with its labels.
    pub fn new(
        engine: &'a Engine<'a>,
        facts: &'a Facts<'a>,
        labels: &'a Labels,
        bits: &'a Cell<Option<u128>>,
    ) -> Self {
        Client {
            facts,
            labels,
            engine,
            bits,
        }
    }

    /// Whether compiled rule `id` holds for the client.
    pub fn matches(&self, id: usize) -> bool {
        self.engine.compiled.rules.matches(id, self)
    }
}

impl Engine<'_> {
    /// A key identifying every label that label-only rules can read.
    fn label_key(&self, l: &Labels) -> u64 {
        let [r, f, m] = l.rfm.levels;
        let mut key = (r as u64) | (f as u64) << 4 | (m as u64) << 8;
        key |= (l.rfm.segment.map_or(255, |s| s) as u64) << 12;
        let mut shift = 20;
        l.each_code(|bits, code| {
            key |= code << shift;
            shift += bits;
        });
        key
    }

    /// Labels one client.
    pub fn label(&self, facts: &Facts<'_>, out: &mut Labels) {
        rfm::label(self, facts, &mut out.rfm);
        let bits = Cell::new(None);
        self.label_catalogue(facts, out, &bits);
    }
}

/// Lists the catalogue criteria in output order and generates what follows from the list:
/// the options, model, labels and columns structs, and one loop per stage.
macro_rules! registry {
    ($( $(#[doc = $doc:literal])* $key:ident : $ty:ty ),* $(,)?) => {
        /// The options of the catalogue criteria (flattened into [`Options`](crate::Options)).
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct CriteriaOptions {
            $( $(#[doc = $doc])* pub $key: Option<<$ty as Criterion>::Options>, )*
        }

        /// What every catalogue criterion learnt from all clients (flattened into the model).
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct Catalogue {
            $( $(#[doc = $doc])* pub $key: <$ty as Criterion>::Fitted, )*
        }

        /// The compiled form of every catalogue criterion, and their rules.
        pub struct Compiled {
            $( $(#[doc = $doc])* pub $key: <$ty as Criterion>::Compiled, )*
            /// Every compiled rule.
            pub rules: RuleSet,
        }

        /// Every label of one client.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Labels {
            /// RFM levels and segment.
            pub rfm: RfmLabel,
            $( $(#[doc = $doc])* pub $key: <$ty as Criterion>::Label, )*
        }

        /// Every client's catalogue labels.
        #[derive(Clone, Debug, Default)]
        pub struct LabelColumns {
            $( $(#[doc = $doc])* pub $key: <$ty as Criterion>::Column, )*
        }

        /// The summary entries of the catalogue criteria (flattened into the summary).
        #[derive(Clone, Debug, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct Summaries {
            $( $(#[doc = $doc])* #[serde(flatten)] pub $key: <$ty as Criterion>::Summary, )*
        }

        /// What the scorer returns for the catalogue criteria (flattened into the score).
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct Scores {
            $( $(#[doc = $doc])* #[serde(flatten)] pub $key: <$ty as Criterion>::Score, )*
        }

        /// The bits every criterion's code takes in [`Engine::label_key`], after the
        /// 20 of RFM.
        const CODE_BITS: u32 = 0 $( + <$ty as Criterion>::CODE_BITS )*;
        const _: () = assert!(20 + CODE_BITS <= 64, "label codes must fit in 64 bits");

        /// The registered criteria's fields, by criterion (in registry order).
        pub(crate) const FIELDS: &[&[FieldSpec]] = &[ $( <$ty as Criterion>::FIELDS, )* ];

        impl CriteriaOptions {
            /// Checks every criterion's options.
            pub fn validate(&self) -> Result<(), Error> {
                $( if let Some(o) = &self.$key { <$ty as Criterion>::validate(o)?; } )*
                Ok(())
            }
        }

        impl Catalogue {
            /// Fits every criterion.
            pub fn fit(options: &CriteriaOptions, population: &Population<'_>) -> Result<Catalogue, Error> {
                Ok(Catalogue {
                    $( $key: <$ty as Criterion>::fit(options.$key.as_ref(), population)?, )*
                })
            }
        }

        impl Compiled {
            /// Compiles every criterion against the schema (normalising the fitted parts:
            /// play keys, tier order).
            pub fn new(catalogue: &mut Catalogue, schema: &RuleSchema) -> Result<Compiled, Error> {
                let mut rules = RuleSet::new(schema);
                $( let $key = <$ty as Criterion>::compile(&mut catalogue.$key, &schema.schema, &mut rules)?; )*
                Ok(Compiled { $( $key, )* rules })
            }
        }

        impl Labels {
            /// Calls `f(bits, code)` for every categorical label, in registry order.
            fn each_code(&self, mut f: impl FnMut(u32, u64)) {
                $( if <$ty as Criterion>::CODE_BITS > 0 {
                    f(<$ty as Criterion>::CODE_BITS, <$ty as Criterion>::code(&self.$key));
                } )*
            }
        }

        impl LabelColumns {
            /// Stores one client's labels.
            pub fn push(&mut self, l: &Labels) {
                $( <$ty as Criterion>::push(&mut self.$key, &l.$key); )*
            }

            /// Reads client `i`'s labels back.
            pub fn read(&self, i: usize, out: &mut Labels) {
                $( <$ty as Criterion>::read(&self.$key, i, &mut out.$key); )*
            }
        }

        impl Engine<'_> {
            /// Labels the catalogue criteria in order, each seeing the labels before it.
            fn label_catalogue(&self, facts: &Facts<'_>, out: &mut Labels, bits: &Cell<Option<u128>>) {
                // Every criterion sees the labels before it and the defaults after it.
                $( <$ty as Criterion>::reset(&mut out.$key); )*
                $( {
                    let mut label = std::mem::take(&mut out.$key);
                    <$ty as Criterion>::label(&Client::new(self, facts, out, bits), &mut label);
                    out.$key = label;
                    if <$ty as Criterion>::CODE_BITS > 0 {
                        // Label-only rules evaluated so far read the code before it.
                        bits.set(None);
                    }
                } )*
            }

            /// Why the client has each catalogue label.
            pub fn explain_catalogue(&self, c: &Client<'_>, lang: Lang, out: &mut Explanation) {
                $( <$ty as Criterion>::explain(c, lang, out); )*
            }

            /// The catalogue's CSV headers.
            pub fn csv_headers(&self) -> impl Iterator<Item = &'static str> {
                [$( <$ty as Criterion>::CSV, )*].into_iter().flatten().copied()
            }

            /// The catalogue's CSV cells of one client.
            pub fn csv_catalogue(&self, c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
                $( <$ty as Criterion>::csv(c, lang, w); )*
            }

            /// The catalogue's typed columns.
            pub fn columns_catalogue(&self, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
                $( <$ty as Criterion>::columns(self, cols, lang, sink); )*
            }

            /// The catalogue's summary entries.
            pub fn summaries(&self, cols: &LabelColumns, tally: &Tally<'_>, lang: Lang) -> Summaries {
                Summaries { $( $key: <$ty as Criterion>::summary(self, cols, tally, lang), )* }
            }

            /// What the scorer returns for the catalogue.
            pub fn scores(&self, c: &Client<'_>, lang: Lang) -> Scores {
                Scores { $( $key: <$ty as Criterion>::score(c, lang), )* }
            }
        }

        /// Field `k` of registered criterion `owner`, dispatched to it.
        fn criterion_number(owner: usize, c: &Client<'_>, k: usize) -> Option<f64> {
            let mut i = 0;
            $( if owner == i { return <$ty as Criterion>::number(c, k); } i += 1; )*
            let _ = i;
            None
        }

        fn criterion_text<'a>(owner: usize, c: &Client<'a>, k: usize) -> Option<&'a str> {
            let mut i = 0;
            $( if owner == i { return <$ty as Criterion>::text(c, k); } i += 1; )*
            let _ = i;
            None
        }

        fn criterion_text_alias<'a>(owner: usize, c: &Client<'a>, k: usize, n: usize) -> Option<&'a str> {
            let mut i = 0;
            $( if owner == i { return <$ty as Criterion>::text_alias(c, k, n); } i += 1; )*
            let _ = i;
            None
        }

        fn criterion_value_name(owner: usize, e: &Engine<'_>, k: usize, value: &str, lang: Lang) -> Option<String> {
            let mut i = 0;
            $( if owner == i { return <$ty as Criterion>::value_name(e, k, value, lang); } i += 1; )*
            let _ = i;
            None
        }

        fn criterion_list_contains(owner: usize, c: &Client<'_>, k: usize, needle: &str) -> bool {
            let mut i = 0;
            $( if owner == i { return <$ty as Criterion>::list_contains(c, k, needle); } i += 1; )*
            let _ = i;
            false
        }
    };
}

registry! {
    /// ABC by revenue share.
    abc: abc_xyz::Abc,
    /// XYZ by stability of demand, with the ABC×XYZ cell.
    xyz: abc_xyz::Xyz,
    /// Lifecycle stage.
    lifecycle: lifecycle::Lifecycle,
    /// Value tier.
    value_tiers: tiers::ValueTiers,
    /// Funnel status.
    funnel: funnel::Funnel,
    /// Points and their tier.
    points: points::Points,
    /// Rule segments.
    rule_segments: rule_segments::RuleSegments,
    /// Next action.
    playbook: playbook::Playbook,
}
