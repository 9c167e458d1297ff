//! The analysis result: a columnar per-client table, the summary, the audit, the fitted
//! model, explanations, selections and exports.
//!
//! [`build`](Report::build) turns the reader's aggregates into columns, fits the model and
//! labels every client; [`relabel`](Report::relabel) does the same for the same clients
//! under other options. The summary, explanations, CSV exports, typed columns and selections
//! read the columns; each criterion contributes its own part of each.

mod build;
mod checks;
mod clv;
mod columns;
mod compare;
mod csv;
mod events;
mod explain;
mod export;
mod marks;
mod relabel;
mod select;
mod state;
mod summary;
mod warnings;

pub use crate::clv::ClvOptions;
pub use checks::{CheckKind, DataCheck};
pub use clv::{Backtest, BacktestRow, Clv, ClvLimit};
pub use columns::{Columns, IdList};
pub use compare::{Comparison, ComparisonSummary, Flow, MoveCounts, Movement, Path};
pub use csv::CsvOptions;
pub(crate) use csv::CsvWriter;
pub use events::{BehaviourSummary, Event};
pub use explain::{ClientProfile, ProfileCell};
pub(crate) use marks::Overlay;
pub use marks::{ManualMark, ManualMarks, Mark, MarkEdit, MarkStats, MarksSummary};
pub use select::Selection;
pub(crate) use state::{read_state, History, StateParts};
pub use state::{seal_state, UpdateNote, STATE_MAGIC, STATE_VERSION};
pub use summary::{CategorySummary, Summary};
pub use warnings::{Warning, WarningKind};

use crate::calendar::Day;
use crate::criteria::{Facts, Labels, RuleCheck};
use crate::ingest::{Audit, ClientsTable, RejectedRow, Sniff};
use crate::locale::Lang;
use crate::model::{Labeler, Model};
use crate::options::Options;

/// The result of an analysis.
pub struct Report {
    labeler: Labeler,
    lang: Lang,
    as_of: Day,
    ids: IdList,
    cols: Columns,
    audit: Audit,
    rejected: Vec<RejectedRow>,
    sniff: Sniff,
    check: RuleCheck,
    warnings: Vec<Warning>,
    /// Warnings found while building (no usable rows), kept through relabelling.
    base_warnings: Vec<Warning>,
    clients: Option<ClientsTable>,
    transactions: u64,
    customers: usize,
    heap_bytes: usize,
    min_day: Option<Day>,
    max_day: Option<Day>,
    sorted: bool,
    options: Options,
    /// What a later update needs (none for a file read in byte ranges).
    history: Option<std::sync::Arc<History>>,
    /// What the update that made this report added.
    update: Option<UpdateNote>,
    /// Tags and manual segments set by hand (see [`Report::mark`]).
    marks: std::sync::Arc<marks::Marks>,
    /// The events table joined to the clients (see [`Report::with_events`]).
    events: Option<std::sync::Arc<events::ReportEvents>>,
    /// The predictions of the `clv` option.
    clv: Option<std::sync::Arc<Clv>>,
}

impl Report {
    /// The fitted model.
    pub fn model(&self) -> &Model {
        &self.labeler.model
    }

    /// The labeler (for scoring more clients with this model).
    pub fn labeler(&self) -> &Labeler {
        &self.labeler
    }

    /// The audit.
    pub fn audit(&self) -> &Audit {
        &self.audit
    }

    /// What was sniffed.
    pub fn sniff(&self) -> &Sniff {
        &self.sniff
    }

    /// Warnings.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The columns.
    pub fn columns(&self) -> &Columns {
        &self.cols
    }

    /// Client ids in output order.
    pub fn ids(&self) -> &IdList {
        &self.ids
    }

    /// Number of clients (with orders and leads).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no clients.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The analysis date.
    pub fn as_of(&self) -> Day {
        self.as_of
    }

    /// The options the report was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The report language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The output row of a client id.
    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.ids.len()).find(|&i| self.ids.get(i) == id)
    }

    /// The labels of output row `i`, as the labeler gave them.
    pub fn labels(&self, i: usize) -> Labels {
        let mut l = Labels::default();
        self.cols.labels_of(i, &mut l);
        l
    }

    /// The facts of output row `i`.
    pub fn client_facts(&self, i: usize) -> Facts<'_> {
        self.facts(i)
    }
}
