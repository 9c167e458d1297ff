//! Reading one file in several byte ranges at once (Web Workers, threads), with a merge that
//! gives exactly the result of one reader, or says it cannot.
//!
//! The file is cut at line starts where the date moves on ([`find_cut`]): in a file in date
//! order no date, no exact duplicate and no order spans two ranges then. Each range is read
//! by [`RangeReader`] (the same reader as streaming, plus what the merge needs: the revenue
//! of each client's first XYZ period and every order id seen) into a [`Partial`], which
//! travels as bytes ([`Partial::to_bytes`]). [`merge`] checks that the ranges could not have
//! seen each other (every range in date order, each range's dates after the previous one's,
//! cuts at record starts, no order id in two ranges or repeated within one), then adds the
//! clients up in file order, joining the XYZ period open at each cut, and shifts lines and
//! rows of the audit. When a check fails the merge says why ([`Merged::Inexact`]) and the
//! caller reads the file again with one reader: the result is the same either way.

use crate::error::Error;
use crate::ingest::{Ingest, Progress, SNIFF_BYTES};
use crate::options::Options;

mod cut;
mod merge;
#[cfg(not(target_arch = "wasm32"))]
mod threads;
mod wire;

pub use crate::ingest::Partial;
pub use cut::{cut_points, find_cut};
pub(crate) use merge::why_ru;
pub use merge::{merge, Merged};
#[cfg(not(target_arch = "wasm32"))]
pub use threads::read_split;

/// Bytes looked at after an ideal cut point for a line where the date moves on.
pub const CUT_WINDOW: usize = 1 << 20;

/// Files smaller than this are read by one reader: more readers would not pay for themselves.
pub const MIN_SPLIT_BYTES: usize = 4 << 20;

/// Bytes of the file's start every range reader needs (see [`RangeReader::new`]).
pub const HEAD_BYTES: usize = SNIFF_BYTES;

/// Reads one byte range of a file split for parallel reading.
pub struct RangeReader {
    ingest: Ingest,
}

impl RangeReader {
    /// A reader of range number `index`. `head` is the file's first [`HEAD_BYTES`] (or the
    /// whole file when smaller), the same for every range; `total` is the file's size and
    /// `range_bytes` the range's. Range 0 starts at the file's start; the others must start
    /// where [`find_cut`] said. Fails for inputs that are never split: `mergeBy`, and
    /// encodings other than UTF-8 and the one-byte ones.
    pub fn new(
        opts: &Options,
        head: &[u8],
        total: u64,
        index: u32,
        range_bytes: u64,
    ) -> Result<RangeReader, Error> {
        Ok(RangeReader {
            ingest: Ingest::range(
                &opts.read,
                opts.xyz_tracking(),
                opts.lang,
                head,
                total,
                index,
                range_bytes,
            )?,
        })
    }

    /// Feeds the next chunk of the range.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.ingest.push(chunk)
    }

    /// Bytes, rows and clients so far.
    pub fn progress(&self) -> Progress {
        self.ingest.progress()
    }

    /// Ends the range.
    pub fn finish(&mut self) -> Result<Partial, Error> {
        self.ingest.finish_range()
    }
}
