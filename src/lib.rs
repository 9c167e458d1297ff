//! # segmenta
//!
//! Client segmentation that runs where the data is: in the browser, in Node, Deno and edge
//! workers (through WebAssembly), or natively. A transactions CSV goes in; every client comes
//! out with RFM scores and a named segment, ABC and XYZ classes, a lifecycle stage, a value
//! tier, a funnel status, points and a tier, rule segments and a next action, each with an
//! explanation, plus an audit of the data in which every row is accounted for.
//!
//! ```
//! let csv = "customer_id,order_date,amount\n\
//!            001,2024-01-05,120.50\n\
//!            002,2024-02-10,35.00\n\
//!            001,2024-03-01,80.00\n";
//! let report = segmenta::analyze(csv.as_bytes(), &segmenta::Options::default())?;
//! let summary = report.summary();
//! assert_eq!(summary.customers, 2);
//! assert_eq!(summary.as_of, "2024-03-01");
//! let first = report.labels(0);
//! assert_eq!(report.ids().get(0), "001"); // ids are kept as written
//! assert_eq!(report.columns().frequency[0], 2);
//! assert_eq!(first.rfm.levels[0], 5); // ordered on the analysis date: best recency
//! # Ok::<(), segmenta::Error>(())
//! ```
//!
//! The entry points are [`analyze`], [`analyze_with_clients`] and the streaming
//! [`Analyzer`]; the result is a [`Report`] (summary, audit, explanations, exports, columns)
//! with its fitted [`Model`], which a [`Scorer`] uses to label one client at a time.
//! Options are [`Options`]; the criteria, their options, labels and summaries are in
//! [`criteria`]; reading one file in byte ranges is [`parallel`]; the rule language is
//! [`rules`]. The core is plain Rust; [`wasm`] is the only JavaScript binding (see the README
//! for the JavaScript API and `ARCHITECTURE.md` for how the crate is organised).

#![warn(missing_docs)]
#![warn(clippy::too_many_lines)]
#![warn(unreachable_pub)]

mod analyze;
pub mod calendar;
pub mod clv;
pub mod criteria;
pub mod dynamic;
mod error;
mod ingest;
mod locale;
mod model;
pub mod money;
mod options;
pub mod parallel;
mod report;
pub mod rules;
pub mod sample;
pub mod wasm;

// Reading a file into a report.
pub use analyze::{
    analyze, analyze_rows, analyze_with_clients, audit, merge_ranges, sniff, Analyzer, AppliedFix,
    Outcome, SplitOutcome,
};
#[cfg(not(target_arch = "wasm32"))]
pub use analyze::{analyze_in_ranges, analyze_parallel};
pub use ingest::{Fields, Table};

// Segments over time: a saved state and new orders added to it.
pub use analyze::{from_state, update, Updater};
pub use error::{Disposition, Error, ErrorKind, Fix, IssueKind, Position};
pub use report::{seal_state, UpdateNote, STATE_MAGIC, STATE_VERSION};

// Options (those of the criteria are in `criteria`).
pub use calendar::Period;
pub use ingest::{
    BadRowPolicy, CancelledPolicy, ClientColumns, ClientIdMode, ColumnMapping, ColumnRef,
    DuplicatePolicy, HeaderRow, MergeKey, ReadOptions, ReturnPolicy,
};
pub use locale::{fmt_fixed, fmt_locale, fmt_percent, DateFormat, Decimal, Lang, QuoteMode};
pub use options::Options;

// What the file was and what became of each row.
pub use ingest::{
    Audit, ColumnType, IssueExample, IssueGroup, Progress, RejectedRow, Role, Sniff, SniffedColumn,
};

// What clients did besides ordering: the events table.
pub use analyze::analyze_with_events;
pub use ingest::{
    EventColumns, EventKind, EventReject, EventsAudit, KindCount, RejectedEvent, UnknownType,
    EVENT_KINDS,
};
pub use report::{BehaviourSummary, Event};

// Predictive value: the BTYD models on a report's clients.
pub use report::{Backtest, BacktestRow, Clv, ClvLimit, ClvOptions};

// The result.
// Tags and manual segments set by hand.
pub use criteria::{MarkKind, MarkSource};
pub use report::{
    CategorySummary, CheckKind, ClientProfile, Columns, Comparison, ComparisonSummary, CsvOptions,
    DataCheck, Flow, IdList, MoveCounts, Movement, Path, ProfileCell, Report, Selection, Summary,
    Warning, WarningKind,
};
pub use report::{ManualMark, ManualMarks, Mark, MarkEdit, MarkStats, MarksSummary};

// The fitted model and scoring at request time.
pub use model::{
    AttributeValue, CategoryInput, ClientInput, EventInput, Labeler, Model, ScoreOptions,
    ScoreResult, Scorer, MODEL_VERSION, STALE_AFTER_DAYS,
};
