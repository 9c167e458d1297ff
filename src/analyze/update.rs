//! New orders added to a saved state without reading the history again.
//!
//! A report keeps what reading its file left ([`Report::state`]); an [`Updater`] puts it
//! back, reads the new rows as if they followed the history in one file, and relabels every
//! client. The result equals the analysis of the history and the new rows together: the
//! same clients, totals, audit and labels; lines are numbered after the history's, and a
//! repeat of the header at the top of the new rows (a fresh export with the same columns)
//! is left out.

use super::clients_table;
use crate::error::{Error, IssueKind};
use crate::ingest::{ClientsTable, Ingest, Progress, Resumed};
use crate::options::Options;
use crate::report::{read_state, History, Overlay, Report, StateParts, UpdateNote};

/// Streaming update of a saved state: feed the new rows with [`push`](Updater::push), then
/// [`finish`](Updater::finish).
pub struct Updater {
    opts: Options,
    clients: Option<ClientsTable>,
    clients_bytes: Option<Vec<u8>>,
    ingest: Ingest,
    resumed: Resumed,
    /// The marks set by hand, put back on the updated report.
    marks: Overlay,
}

impl Updater {
    /// An update of the saved `state` ([`Report::state`]). Bytes of another format
    /// version, truncated or changed ones are an `invalidState` error.
    pub fn new(state: &[u8]) -> Result<Updater, Error> {
        Updater::from_parts(read_state(state)?)
    }

    fn from_parts(parts: StateParts<'_>) -> Result<Updater, Error> {
        let opts = parts.options;
        opts.validate()?;
        let clients = clients_table(&opts, parts.clients)?;
        let mut r = parts.ingest;
        let (ingest, resumed) = Ingest::resume(&opts.read, opts.xyz_tracking(), opts.lang, &mut r)?;
        if !r.is_empty() {
            return Err(r.bad());
        }
        Ok(Updater {
            clients,
            clients_bytes: parts.clients.map(<[u8]>::to_vec),
            opts,
            ingest,
            resumed,
            marks: parts.marks,
        })
    }

    /// An update of `report`'s state.
    pub fn of(report: &Report) -> Result<Updater, Error> {
        Updater::from_parts(report.kept_state()?)
    }

    /// Feeds the next chunk of new rows.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.ingest.push(chunk)
    }

    /// Bytes, rows and clients so far, the history's included.
    pub fn progress(&self) -> Progress {
        self.ingest.progress()
    }

    /// Ends the new rows and builds the updated report (which keeps the updated state).
    pub fn finish(&mut self) -> Result<Report, Error> {
        self.end(true)
    }

    fn end(&mut self, note: bool) -> Result<Report, Error> {
        let (agg, kept) = self.ingest.finish_keeping()?;
        let beyond = agg.audit.counts[IssueKind::OutOfOrderBeyondWindow.index()];
        let note = note.then(|| UpdateNote::new(&self.resumed, agg.audit.rows_read, beyond));
        let mut report = Report::build(agg, &self.opts, self.clients.take())?;
        report.restore_marks(std::mem::take(&mut self.marks));
        let history = History {
            ingest: kept.state,
            clients: self.clients_bytes.take(),
        };
        report.keep_history(history, note);
        Ok(report)
    }
}

/// The report a saved state holds, relabelled with `opts` when given (options that change
/// how the file is read cannot change: an `invalidOption` error names the option).
pub fn from_state(state: &[u8], opts: Option<&Options>) -> Result<Report, Error> {
    let report = Updater::new(state)?.end(false)?;
    match opts {
        Some(o) => report.relabel(o),
        None => Ok(report),
    }
}

/// `report` with the new rows `data` added: equal to the analysis of its file and `data`
/// together (see the module notes).
pub fn update(report: &Report, data: &[u8]) -> Result<Report, Error> {
    let mut u = Updater::of(report)?;
    u.push(data)?;
    u.finish()
}
