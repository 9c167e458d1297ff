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
pub mod audit;
pub mod charset;
pub mod clients;
pub mod date;
pub mod error;
pub mod funnel;
pub mod input;
pub mod labels;
pub mod lifecycle;
pub mod model;
pub mod number;
pub mod options;
pub mod output;
pub mod playbook;
pub mod points;
pub mod records;
pub mod report;
pub mod rfm;
pub mod rule_segments;
pub mod rules;
pub mod sample;
pub mod scorer;
pub mod segments;
pub mod sniff;
pub mod split;
pub mod tiers;
pub mod wasm;

pub use audit::Audit;
pub use error::{Error, ErrorKind, IssueKind, Position};
pub use input::Progress;
pub use labels::Model;
pub use options::Options;
pub use output::CsvOptions;
pub use report::{Report, Summary};
pub use scorer::{ClientInput, ScoreResult, Scorer};
pub use sniff::Sniff;

use abc_xyz::Period;

pub(crate) fn period_of(opts: &Options) -> Option<Period> {
    Some(opts.xyz.as_ref().map(|x| x.period).unwrap_or_default())
}

pub(crate) fn clients_table(
    opts: &Options,
    bytes: Option<&[u8]>,
) -> Result<Option<clients::ClientsTable>, Error> {
    match (bytes, &opts.clients) {
        (Some(b), _) => clients::read(b, opts).map(Some),
        (None, Some(text)) => clients::read(text.as_bytes(), opts).map(Some),
        (None, None) => Ok(None),
    }
}

/// Segments every client in the transactions `data` (CSV bytes in any supported encoding).
///
/// When the first rows leave the date or decimal format undecided and a later row decides
/// it the other way, the input is read again with the right format.
pub fn analyze(data: &[u8], opts: &Options) -> Result<Report, Error> {
    analyze_with_clients(data, None, opts)
}

/// Like [`analyze`], with the clients table given as bytes.
pub fn analyze_with_clients(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
) -> Result<Report, Error> {
    let table = clients_table(opts, clients)?;
    let mut opts = opts.clone();
    for _ in 0..3 {
        match input::read_all(data, &opts, period_of(&opts)) {
            Ok(agg) => return report::build(agg, &opts, table),
            Err(e) if e.kind() == ErrorKind::FormatContradiction => {
                let Some((option, value)) = e.fix() else {
                    return Err(e);
                };
                match option {
                    "dateFormat" if opts.date_format.is_none() => {
                        opts.date_format = serde_json::from_str(value).ok();
                    }
                    "decimalSeparator" if opts.decimal_separator.is_none() => {
                        opts.decimal_separator = serde_json::from_str(value).ok();
                    }
                    _ => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::new(
        ErrorKind::FormatContradiction,
        "the date and number formats could not be settled",
    ))
}

/// How [`analyze_parallel`] read the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitOutcome {
    /// Ranges read in parallel (1: the input was read by one reader).
    pub ranges: usize,
    /// Why the input was read by one reader after all, if it was.
    pub fallback: Option<String>,
}

/// Like [`analyze_with_clients`], reading the input in up to `threads` byte ranges on as
/// many threads (see [`split`]) when it is at least [`split::MIN_SPLIT_BYTES`] long. The
/// report is the same as [`analyze`]'s: when the ranges cannot be merged exactly (a file not
/// in date order, an order spanning a cut, an error in a range) the input is read again by
/// one reader, and the outcome says why.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_parallel(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
    threads: usize,
) -> Result<(Report, SplitOutcome), Error> {
    if data.len() < split::MIN_SPLIT_BYTES {
        return one_reader(data, clients, opts, "the file is small".into());
    }
    analyze_in_ranges(data, clients, opts, threads)
}

/// [`analyze_parallel`] whatever the input's size.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_in_ranges(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
    ranges: usize,
) -> Result<(Report, SplitOutcome), Error> {
    let fallback = if ranges < 2 {
        "one thread asked for".to_string()
    } else if !opts.merge_by.is_empty() {
        "clients are merged by contact".to_string()
    } else {
        let table = clients_table(opts, clients)?;
        match split::read_split(data, opts, ranges) {
            Ok(Ok((agg, ranges))) => {
                let report = report::build(agg, opts, table)?;
                let outcome = SplitOutcome {
                    ranges,
                    fallback: None,
                };
                return Ok((report, outcome));
            }
            Ok(Err(why)) => why,
            Err(e) => e.to_string(),
        }
    };
    one_reader(data, clients, opts, fallback)
}

#[cfg(not(target_arch = "wasm32"))]
fn one_reader(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
    why: String,
) -> Result<(Report, SplitOutcome), Error> {
    let report = analyze_with_clients(data, clients, opts)?;
    let outcome = SplitOutcome {
        ranges: 1,
        fallback: Some(why),
    };
    Ok((report, outcome))
}

/// The data audit of `data`, without the segmentation.
pub fn audit(data: &[u8], opts: &Options) -> Result<Audit, Error> {
    Ok(analyze(data, opts)?.audit().clone())
}

/// What the file is: encoding, delimiter, header, column roles, formats, preview.
pub fn sniff(data: &[u8], opts: &Options) -> Result<Sniff, Error> {
    let n = data.len().min(sniff::SNIFF_BYTES);
    sniff::sniff(&data[..n], n == data.len(), opts)
}

/// Streaming analysis: feed chunks with [`push`](Analyzer::push), then
/// [`finish`](Analyzer::finish). The result equals [`analyze`] on the whole input for every
/// way of cutting it into chunks, and memory stays bounded by the number of clients for
/// files in date order.
pub struct Analyzer {
    opts: Options,
    clients: Option<clients::ClientsTable>,
    ingest: input::Ingest,
}

impl Analyzer {
    /// A new analysis with `opts` (and the clients table as bytes, if any).
    pub fn new(opts: &Options, clients: Option<&[u8]>) -> Result<Analyzer, Error> {
        Ok(Analyzer {
            clients: clients_table(opts, clients)?,
            ingest: input::Ingest::new(opts, period_of(opts))?,
            opts: opts.clone(),
        })
    }

    /// Tells the total input size in advance (e.g. `File.size`), so tables are sized once.
    pub fn set_size_hint(&mut self, total_bytes: u64) {
        self.ingest.set_size_hint(total_bytes);
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.ingest.push(chunk)
    }

    /// Bytes, rows and clients so far.
    pub fn progress(&self) -> Progress {
        self.ingest.progress()
    }

    /// The sniff, once the first 256 KB (or the whole input) have arrived.
    pub fn sniffed(&self) -> Option<&Sniff> {
        self.ingest.sniffed()
    }

    /// Ends the input and builds the report. A date or decimal format contradicted late in
    /// the file is an error of kind `formatContradiction` whose [`Error::fix`] names the
    /// option to read the file again with.
    pub fn finish(&mut self) -> Result<Report, Error> {
        let agg = self.ingest.finish()?;
        report::build(agg, &self.opts, self.clients.take())
    }
}
