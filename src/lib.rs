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
//! assert_eq!(first.levels[0], 5); // ordered on the analysis date: best recency
//! # Ok::<(), segmenta::Error>(())
//! ```
//!
//! The pure core (this crate's modules) is plain Rust; `wasm` holds the only JavaScript
//! binding. See the README for the JavaScript API.

#![warn(missing_docs)]

pub mod abc_xyz;
pub(crate) mod analyze;
pub mod calendar;
pub mod error;
pub mod funnel;
pub mod ingest;
pub mod labels;
pub mod lifecycle;
pub mod locale;
pub mod money;
pub mod options;
pub mod output;
pub mod parallel;
pub mod playbook;
pub mod points;
pub mod report;
pub mod rfm;
pub mod rule_segments;
pub mod rules;
pub mod sample;
pub mod scorer;
pub mod segments;
pub mod tiers;
pub mod wasm;

pub use analyze::{
    analyze, analyze_with_clients, audit, sniff, Analyzer, AppliedFix, Outcome, SplitOutcome,
};
#[cfg(not(target_arch = "wasm32"))]
pub use analyze::{analyze_in_ranges, analyze_parallel};
pub use error::{Error, ErrorKind, Fix, IssueKind, Position};
pub use ingest::{Audit, Progress, Sniff};
pub use labels::Model;
pub use locale::Lang;
pub use options::Options;
pub use output::CsvOptions;
pub use report::{Report, Summary};
pub use scorer::{ClientInput, ScoreResult, Scorer};
