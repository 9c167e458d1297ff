//! The entry points: a transactions file, whole, streamed or in byte ranges, to a report.

use crate::error::{Error, ErrorKind};
use crate::ingest::{self, Audit, ClientsTable, Fields, Ingest, Partial, Progress, Sniff, Table};
use crate::options::Options;
use crate::parallel::Merged;
use crate::report::{History, Report};
use serde::Serialize;

mod update;

pub use update::{from_state, update, Updater};

/// The clients table, from bytes or from the `clients` option's text.
pub(crate) fn clients_table(
    opts: &Options,
    bytes: Option<&[u8]>,
) -> Result<Option<ClientsTable>, Error> {
    match (bytes, &opts.read.clients) {
        (Some(b), _) => ingest::clients::read(b, &opts.read, opts.lang).map(Some),
        (None, Some(text)) => {
            ingest::clients::read(text.as_bytes(), &opts.read, opts.lang).map(Some)
        }
        (None, None) => Ok(None),
    }
}

/// Segments every client in the transactions `data` (CSV bytes in any supported encoding).
///
/// When the first rows leave the date or decimal format undecided and a later row decides
/// it the other way, or a quote is opened and never closed, the input is read again with the
/// right format (see [`Analyzer::end`]).
pub fn analyze(data: &[u8], opts: &Options) -> Result<Report, Error> {
    analyze_with_clients(data, None, opts)
}

/// Like [`analyze`], with the clients table given as bytes.
pub fn analyze_with_clients(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
) -> Result<Report, Error> {
    let clients = clients.map_or(Clients::None, Clients::Bytes);
    analyze_fed(opts, &clients, None, |analyzer| {
        analyzer.set_size_hint(data.len() as u64);
        analyzer.push(data)
    })
}

/// The clients table beside rows of orders: none, bytes (as [`analyze_with_clients`] takes
/// them) or rows of fields read already.
pub(crate) enum Clients<'a> {
    None,
    Bytes(&'a [u8]),
    Read(Box<ClientsTable>),
}

impl<'a> Clients<'a> {
    /// The clients `table`'s rows read, if given.
    pub(crate) fn of(table: Option<Table<'_>>, opts: &Options) -> Result<Clients<'a>, Error> {
        Ok(match table {
            None => Clients::None,
            Some(t) => Clients::Read(Box::new(ingest::clients::read_rows(
                t, &opts.read, opts.lang,
            )?)),
        })
    }
}

/// Segments every client of rows given as fields rather than bytes: the rows a CRM holds
/// in memory (`orders`), and the clients table as rows too if any. The report is the one
/// the files with these columns and rows would give; a row's line is its position among the
/// rows counted from 1. No state is kept for a later update.
pub fn analyze_rows(
    orders: Table<'_>,
    clients: Option<Table<'_>>,
    opts: &Options,
) -> Result<Report, Error> {
    let clients = Clients::of(clients, opts)?;
    analyze_fed(opts, &clients, None, |a| {
        a.push_rows(orders.names, orders.fields, orders.rows())
    })
}

/// The report of rows that `feed` gives an analyzer (again when a format must be read
/// again, and for the backtest at the calibration end), with the clients table and the
/// events (as bytes, else the `events` option's text).
pub(crate) fn analyze_fed(
    opts: &Options,
    clients: &Clients<'_>,
    events: Option<&[u8]>,
    mut feed: impl FnMut(&mut Analyzer) -> Result<(), Error>,
) -> Result<Report, Error> {
    let mut read = |opts: &Options| -> Result<Report, Error> {
        let mut analyzer = match clients {
            Clients::None => Analyzer::new(opts, None)?,
            Clients::Bytes(b) => Analyzer::new(opts, Some(b))?,
            Clients::Read(t) => Analyzer::with_table(opts, (**t).clone())?,
        };
        loop {
            feed(&mut analyzer)?;
            if let Outcome::Report(r) = analyzer.end()? {
                return match (events, &opts.read.events) {
                    (Some(bytes), _) => r.with_events(bytes),
                    (None, Some(text)) => r.with_events(text.as_bytes()),
                    (None, None) => Ok(*r),
                };
            }
        }
    };
    let mut r = read(opts)?;
    if let Some(cal) = r.calibration_options()? {
        match read(&cal) {
            Ok(c) => r.set_backtest(Ok(&c)),
            Err(e) => r.set_backtest(Err(e)),
        }
    }
    Ok(r)
}

/// `r` with the backtest of its `clv` option, from `data` analysed again to the
/// calibration end (see [`Report::calibration_options`]).
#[cfg(not(target_arch = "wasm32"))]
fn with_backtest(mut r: Report, data: &[u8], clients: Option<&[u8]>) -> Result<Report, Error> {
    if let Some(cal) = r.calibration_options()? {
        match analyze_with_clients(data, clients, &cal) {
            Ok(c) => r.set_backtest(Ok(&c)),
            Err(e) => r.set_backtest(Err(e)),
        }
    }
    Ok(r)
}

/// Like [`analyze_with_clients`], with the events table (views, carts, clicks, opens)
/// joined to the clients (see [`Report::with_events`]).
pub fn analyze_with_events(
    data: &[u8],
    clients: Option<&[u8]>,
    events: &[u8],
    opts: &Options,
) -> Result<Report, Error> {
    analyze_with_clients(data, clients, opts)?.with_events(events)
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
/// many threads (see [`crate::parallel`]) when it is at least
/// [`MIN_SPLIT_BYTES`](crate::parallel::MIN_SPLIT_BYTES) long. The report is the same as
/// [`analyze`]'s: when the ranges cannot be merged exactly (a file not in date order, an
/// order spanning a cut, an error in a range) the input is read again by one reader, and
/// the outcome says why.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_parallel(
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &Options,
    threads: usize,
) -> Result<(Report, SplitOutcome), Error> {
    if data.len() < crate::parallel::MIN_SPLIT_BYTES {
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
    } else if !opts.read.merge_by.is_empty() {
        "clients are merged by contact".to_string()
    } else {
        let table = clients_table(opts, clients)?;
        match crate::parallel::read_split(data, opts, ranges) {
            Ok(Ok((agg, ranges))) => {
                let report = Report::build(agg, opts, table)?;
                let report = with_backtest(report, data, clients)?;
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
    let n = data.len().min(ingest::SNIFF_BYTES);
    ingest::sniff::sniff(&data[..n], n == data.len(), &opts.read, opts.lang)
}

/// A fix the analyzer applied when a row late in the file contradicted a format the first
/// rows suggested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedFix {
    /// The option set (`dateFormat`, `decimalSeparator`, `quotes`).
    pub option: &'static str,
    /// Its value.
    pub value: &'static str,
    /// The first line that showed the file's real format.
    pub line: Option<u64>,
    /// What was found, in the analysis language.
    pub message: String,
}

/// How [`Analyzer::end`] ended.
pub enum Outcome {
    /// The report.
    Report(Box<Report>),
    /// The analyzer took a fix (the last of [`Analyzer::fixes`]) and starts over: push the
    /// same input again from its first byte, then end again.
    ReadAgain,
}

/// A format can be contradicted once per option (dates, decimals, quotes).
const MAX_FIXES: usize = 3;

/// Streaming analysis: feed chunks with [`push`](Analyzer::push), then
/// [`end`](Analyzer::end) (or [`finish`](Analyzer::finish)). The result equals [`analyze`]
/// on the whole input for every way of cutting it into chunks, and memory stays bounded by
/// the number of clients for files in date order.
pub struct Analyzer {
    opts: Options,
    clients: Option<ClientsTable>,
    /// The clients table as given, for the saved state.
    clients_bytes: Option<Vec<u8>>,
    ingest: Ingest,
    size_hint: Option<u64>,
    fixes: Vec<AppliedFix>,
}

impl Analyzer {
    /// A new analysis with `opts` (and the clients table as bytes, if any).
    pub fn new(opts: &Options, clients: Option<&[u8]>) -> Result<Analyzer, Error> {
        opts.validate()?;
        let table = clients_table(opts, clients)?;
        Analyzer::build(opts, table, clients.map(<[u8]>::to_vec))
    }

    /// A new analysis with `opts` and the clients table read already (no state is kept of
    /// it: rows given as fields keep none).
    pub(crate) fn with_table(opts: &Options, clients: ClientsTable) -> Result<Analyzer, Error> {
        opts.validate()?;
        Analyzer::build(opts, Some(clients), None)
    }

    /// An analysis of valid `opts` with the clients table and its bytes, if any.
    fn build(
        opts: &Options,
        clients: Option<ClientsTable>,
        clients_bytes: Option<Vec<u8>>,
    ) -> Result<Analyzer, Error> {
        Ok(Analyzer {
            clients,
            clients_bytes,
            ingest: Ingest::new(&opts.read, opts.xyz_tracking(), opts.lang)?,
            opts: opts.clone(),
            size_hint: None,
            fixes: Vec::new(),
        })
    }

    /// Tells the total input size in advance (e.g. `File.size`), so tables are sized once.
    pub fn set_size_hint(&mut self, total_bytes: u64) {
        self.size_hint = Some(total_bytes);
        self.ingest.set_size_hint(total_bytes);
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.ingest.push(chunk)
    }

    /// Feeds a chunk of rows given as fields, not bytes (see [`analyze_rows`]); `names` are
    /// the columns, the same for every chunk, and `total_rows` the rows of all the chunks.
    /// Rows and bytes cannot be fed to one analysis.
    pub fn push_rows(
        &mut self,
        names: &[String],
        rows: Fields<'_>,
        total_rows: usize,
    ) -> Result<(), Error> {
        self.ingest.push_rows(names, rows, total_rows)
    }

    /// Bytes, rows and clients so far.
    pub fn progress(&self) -> Progress {
        self.ingest.progress()
    }

    /// The sniff, once the first 256 KB (or the whole input) have arrived.
    pub fn sniffed(&self) -> Option<&Sniff> {
        self.ingest.sniffed()
    }

    /// The fixes applied so far, in order.
    pub fn fixes(&self) -> &[AppliedFix] {
        &self.fixes
    }

    /// Ends the input. When a row late in the file contradicted a date or decimal format the
    /// first rows suggested, the analyzer takes the option that fits every row (unless the
    /// options set it) and asks for the input again ([`Outcome::ReadAgain`]); otherwise the
    /// report. So it does for a quote opened and never closed (it would swallow the lines
    /// after it): the input is read again one record per line (`quotes: "line"`), the rows
    /// whose quote closes at their line's end counted in the audit (`unclosedQuote`, or
    /// rejected for their field count).
    pub fn end(&mut self) -> Result<Outcome, Error> {
        match self.ingest.finish_keeping() {
            Ok((agg, kept)) => Ok(Outcome::Report(Box::new(self.report(agg, kept)?))),
            Err(e) if e.kind() == ErrorKind::FormatContradiction => {
                let Some(fix) = e.fix() else {
                    return Err(e);
                };
                if self.fixes.len() >= MAX_FIXES || !fix.apply(&mut self.opts) {
                    return Err(e);
                }
                self.fixes.push(AppliedFix {
                    option: fix.option(),
                    value: fix.value(),
                    line: e.position().and_then(|p| p.line),
                    message: e.message_in(self.opts.lang).to_string(),
                });
                let (read, period) = (&self.opts.read, self.opts.xyz_tracking());
                self.ingest = Ingest::new(read, period, self.opts.lang)?;
                if let Some(n) = self.size_hint {
                    self.ingest.set_size_hint(n);
                }
                Ok(Outcome::ReadAgain)
            }
            Err(e) => Err(e),
        }
    }

    /// Ends the input and builds the report, for callers that cannot read the input again:
    /// a date or decimal format contradicted late in the file, or a quote never closed, is
    /// an error of kind `formatContradiction` whose [`Error::fix`] names the option to read
    /// it again with and whose line is the first that shows it.
    pub fn finish(&mut self) -> Result<Report, Error> {
        let (agg, kept) = self.ingest.finish_keeping()?;
        self.report(agg, kept)
    }

    /// The report of what was read, keeping the state a later update needs.
    fn report(
        &mut self,
        agg: ingest::Aggregates,
        kept: ingest::state::Kept,
    ) -> Result<Report, Error> {
        let mut report = Report::build(agg, &self.opts, self.clients.take())?;
        let history = History {
            ingest: kept.state,
            clients: self.clients_bytes.take(),
        };
        report.keep_history(history, None);
        Ok(report)
    }
}

/// The report of a file read in byte ranges (in Web Workers): `first` is the state of the
/// range the caller read itself, if any, and `parts` the bytes of the others'
/// ([`Partial::to_bytes`]). Fails with [`ErrorKind::InexactSplit`] when the ranges could have
/// seen each other's rows: read the file with one [`Analyzer`] then.
pub fn merge_ranges(
    opts: &Options,
    clients: Option<&[u8]>,
    head: &[u8],
    total: u64,
    first: Option<Partial>,
    parts: &[Vec<u8>],
) -> Result<Report, Error> {
    let table = clients_table(opts, clients)?;
    let mut partials: Vec<Partial> = first.into_iter().collect();
    for p in parts {
        partials.push(Partial::from_bytes(p)?);
    }
    match crate::parallel::merge(opts, head, total, partials)? {
        Merged::Exact(agg) => Report::build(*agg, opts, table),
        Merged::Inexact(why) => Err(Error::new(
            ErrorKind::InexactSplit,
            format!("the ranges cannot be merged exactly: {why}"),
        )
        .ru(format!(
            "части файла нельзя объединить точно: {}",
            crate::parallel::why_ru(&why)
        ))),
    }
}
