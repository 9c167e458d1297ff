//! The saved state of a report: compact, versioned bytes that hold what reading the history
//! left (see [`crate::ingest::state`]), the options and the clients table, so that new
//! orders are added later without reading the history again.
//!
//! The bytes are `SGMSTATE`, the format version (little-endian `u32`), the options (JSON),
//! a byte of flags (1: the clients table's bytes follow, as it was given; 2: the marks set
//! by hand follow, see [`super::marks`]), those sections, the reader's state, and a 64-bit
//! fingerprint of everything before it: bytes of another version, truncated or changed
//! are an [`ErrorKind::InvalidState`] error, never a wrong report. A state without marks
//! is byte for byte what version 1 always wrote, so the marks needed no new version; a
//! reader that predates them refuses a state with marks as damaged.

use super::marks::Overlay;
use super::warnings::{warning, Warning, WarningKind};
use super::Report;
use crate::error::{Error, ErrorKind};
use crate::ingest::codec::{Reader, Writer};
use crate::ingest::interner::fingerprint;
use crate::ingest::Resumed;
use crate::locale::{count, fmt_locale, Lang};
use crate::options::Options;
use std::sync::Arc;

/// The first bytes of a saved state.
pub const STATE_MAGIC: &[u8; 8] = b"SGMSTATE";

/// The format version of saved states this build writes and reads.
pub const STATE_VERSION: u32 = 3;

/// What a report keeps for a later update.
pub(crate) struct History {
    /// The reader's state, or why none is kept.
    pub(crate) ingest: Result<Vec<u8>, Error>,
    /// The clients table as it was given, in bytes.
    pub(crate) clients: Option<Vec<u8>>,
}

/// What an update added to a saved state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateNote {
    /// Data rows the state held.
    pub history_rows: u64,
    /// Data rows the update added.
    pub rows_added: u64,
    /// The line the update's rows start on, counted after the history's lines.
    pub first_line: u64,
    /// Rows of the update dated before what the history window still holds: their
    /// duplicate and order-id checks covered only the window.
    pub beyond_window: u64,
}

impl UpdateNote {
    /// The note of an update that continued `resumed` and ended with `rows_read` rows and
    /// `beyond_window` rows beyond the window in all.
    pub(crate) fn new(resumed: &Resumed, rows_read: u64, beyond_window: u64) -> UpdateNote {
        UpdateNote {
            history_rows: resumed.history_rows,
            rows_added: rows_read - resumed.history_rows,
            first_line: resumed.history_lines + 1,
            beyond_window: beyond_window - resumed.history_beyond_window,
        }
    }
}

/// The error of a state that cannot be read.
pub(crate) fn invalid_state() -> Error {
    Error::new(
        ErrorKind::InvalidState,
        "the saved state is damaged or truncated: analyse the whole file again",
    )
    .ru("сохранённое состояние повреждено или обрезано: проанализируйте весь файл заново")
}

/// The parts of a saved state.
pub(crate) struct StateParts<'a> {
    /// The options the history was read with.
    pub(crate) options: Options,
    /// The clients table's bytes, when it was given as bytes.
    pub(crate) clients: Option<&'a [u8]>,
    /// The marks set by hand.
    pub(crate) marks: Overlay,
    /// The reader's state.
    pub(crate) ingest: Reader<'a>,
}

/// The flag of the clients table's section.
const HAS_CLIENTS: u8 = 1;
/// The flag of the marks' section.
const HAS_MARKS: u8 = 2;

/// Splits saved state bytes into their parts, checking the magic, the version and the
/// fingerprint.
pub(crate) fn read_state(bytes: &[u8]) -> Result<StateParts<'_>, Error> {
    if bytes.len() < 12 || &bytes[..8] != STATE_MAGIC {
        return Err(Error::new(
            ErrorKind::InvalidState,
            "these bytes are not a saved segmenta state (they should start with SGMSTATE)",
        )
        .ru("эти байты — не сохранённое состояние segmenta (оно начинается с SGMSTATE)"));
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != STATE_VERSION {
        return Err(Error::new(
            ErrorKind::InvalidState,
            format!("the state was saved in format version {version}; this version of segmenta reads version {STATE_VERSION}: analyse the whole file again"),
        )
        .ru(format!("состояние сохранено в формате версии {version}, а эта версия segmenta читает версию {STATE_VERSION}: проанализируйте весь файл заново")));
    }
    if bytes.len() < 20 {
        return Err(invalid_state());
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if fingerprint(body).to_le_bytes() != sum {
        return Err(invalid_state());
    }
    let mut r = Reader::new(&body[12..], invalid_state);
    let options: Options = serde_json::from_slice(r.vbytes()?).map_err(|_| invalid_state())?;
    let flags = r.u8()?;
    if flags & !(HAS_CLIENTS | HAS_MARKS) != 0 {
        return Err(invalid_state());
    }
    let clients = match flags & HAS_CLIENTS {
        0 => None,
        _ => Some(r.vbytes()?),
    };
    let marks = match flags & HAS_MARKS {
        0 => Overlay::default(),
        _ => {
            let mut m = Reader::new(r.vbytes()?, invalid_state);
            let marks = Overlay::read(&mut m)?;
            if !m.is_empty() || marks.is_empty() {
                return Err(invalid_state());
            }
            marks
        }
    };
    Ok(StateParts {
        options,
        clients,
        marks,
        ingest: r,
    })
}

/// Recomputes the fingerprint at the end of saved state bytes, for tools that change a
/// state on purpose (and to check that the reader of a state with a valid fingerprint but
/// wrong contents fails cleanly). Bytes too short to hold one are left as they are.
pub fn seal_state(bytes: &mut [u8]) {
    if bytes.len() >= 20 {
        let n = bytes.len() - 8;
        let sum = fingerprint(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
    }
}

/// The error of a report that keeps no state.
fn no_state() -> Error {
    Error::new(
        ErrorKind::InvalidState,
        "this report keeps no state: a file read in parallel byte ranges is analysed again with one reader to keep one",
    )
    .ru("у этого отчёта нет сохранённого состояния: файл, прочитанный частями параллельно, нужно проанализировать одним потоком")
}

/// A copy of an error (its kind and both messages).
fn copy(e: &Error) -> Error {
    Error::new(e.kind(), e.message_in(Lang::En)).ru(e.message_in(Lang::Ru))
}

impl Report {
    /// The saved state: bytes that [`from_state`](crate::from_state) turns back into this
    /// report and [`update`](crate::update) continues with new orders. Portable between
    /// targets (the same bytes in the browser, Node, Deno and workerd).
    ///
    /// A report keeps no state when its clients were merged by contacts (`mergeBy`) or its
    /// file was read in byte ranges: then an [`ErrorKind::InvalidState`] error says so.
    pub fn state(&self) -> Result<Vec<u8>, Error> {
        let Some(h) = &self.history else {
            return Err(no_state());
        };
        let ingest = h.ingest.as_ref().map_err(copy)?;
        let options = serde_json::to_vec(&self.options).map_err(|_| invalid_state())?;
        let clients = h.clients.as_deref().map_or(0, <[u8]>::len);
        let mut marks = Writer::default();
        let overlay = self.overlay();
        if !overlay.is_empty() {
            overlay.write(&mut marks);
        }
        let size = ingest.len() + options.len() + clients + marks.0.len() + 50;
        let mut w = Writer::with_capacity(size);
        w.0.extend_from_slice(STATE_MAGIC);
        w.u32(STATE_VERSION);
        w.vbytes(&options);
        let has_marks = if overlay.is_empty() { 0 } else { HAS_MARKS };
        w.u8(has_marks | h.clients.as_ref().map_or(0, |_| HAS_CLIENTS));
        if let Some(c) = &h.clients {
            w.vbytes(c);
        }
        if !overlay.is_empty() {
            w.vbytes(&marks.0);
        }
        w.0.extend_from_slice(ingest);
        let sum = fingerprint(&w.0);
        w.0.extend_from_slice(&sum.to_le_bytes());
        Ok(w.0)
    }

    /// The parts of the state this report keeps, as [`read_state`] gives them from bytes
    /// (without the copy and the fingerprint: the report made them).
    pub(crate) fn kept_state(&self) -> Result<StateParts<'_>, Error> {
        let Some(h) = &self.history else {
            return Err(no_state());
        };
        let ingest = h.ingest.as_ref().map_err(copy)?;
        Ok(StateParts {
            options: self.options.clone(),
            clients: h.clients.as_deref(),
            marks: self.overlay().clone(),
            ingest: Reader::new(ingest, invalid_state),
        })
    }

    /// The size of the saved state in bytes, without building it (0 when none is kept).
    pub fn state_bytes(&self) -> usize {
        self.history
            .as_ref()
            .and_then(|h| h.ingest.as_ref().ok())
            .map_or(0, Vec::len)
    }

    /// What the last update added, for a report made by one.
    pub fn update_note(&self) -> Option<UpdateNote> {
        self.update
    }

    /// Keeps what a later update needs.
    pub(crate) fn keep_history(&mut self, history: History, update: Option<UpdateNote>) {
        self.history = Some(Arc::new(history));
        self.update = update;
        self.warnings = self.find_warnings();
    }

    /// Notes on the update that made this report, if any.
    pub(super) fn update_warnings(&self) -> Vec<Warning> {
        let Some(u) = self.update else {
            return Vec::new();
        };
        let lang = self.lang;
        let en = |n: u64| count(n, Lang::En, ["row", "rows"], ["", "", ""]);
        let ru = |n: u64| fmt_locale(n as f64, Lang::Ru);
        let mut out = vec![warning(
            WarningKind::Update,
            Some(u.first_line),
            lang,
            format!(
                "Updated with {} from line {} on a saved state of {}.",
                en(u.rows_added),
                u.first_line,
                en(u.history_rows)
            ),
            format!(
                "Новые строки ({}, начиная со строки {}) добавлены к сохранённому состоянию (строк в нём: {}).",
                ru(u.rows_added),
                ru(u.first_line),
                ru(u.history_rows)
            ),
        )];
        if u.beyond_window > 0 {
            out.push(warning(
                WarningKind::Update,
                None,
                lang,
                format!(
                    "{} of the update are dated before what the saved history window holds: their duplicate and order checks covered only the window. For exact checks analyse the whole file again (with historyWindow: 0).",
                    en(u.beyond_window)
                ),
                format!(
                    "Строки обновления ({}) датированы раньше, чем хранит окно истории состояния: повторы и номера заказов для них проверены только по окну. Для точной проверки проанализируйте весь файл заново (с historyWindow: 0).",
                    ru(u.beyond_window)
                ),
            ));
        }
        out
    }
}
