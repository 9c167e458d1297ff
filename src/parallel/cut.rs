//! Where to cut a file: line starts where the date moves on, near equal shares.

use super::CUT_WINDOW;
use super::HEAD_BYTES;
use crate::calendar::Day;
use crate::error::Error;
use crate::ingest::dates::DateParser;
use crate::ingest::plan::Plan;
use crate::ingest::records::LineEnding;
use crate::ingest::sniff::{self, Sniff};
use crate::ingest::SNIFF_BYTES;
use crate::locale::DateFormat;
use crate::options::Options;

/// The offset in `window` of a line start where the date moves on from the line before
/// (`None` when there is none). `window` is a piece of the file starting anywhere after its
/// head; the first (possibly partial) line is skipped, and a line is read as one record.
/// A cut found here is checked by the merge, so a wrong guess costs time, never accuracy.
pub fn find_cut(
    opts: &Options,
    head: &[u8],
    total: u64,
    window: &[u8],
) -> Result<Option<usize>, Error> {
    if !opts.read.merge_by.is_empty() {
        return Err(
            Error::option("a file is read in parallel ranges only without `mergeBy`")
                .ru("файл с объединением клиентов по контактам (`mergeBy`) читается одним потоком"),
        );
    }
    let s = sniff_head(opts, head, total)?;
    let plan = Plan::from_sniff(&s)?;
    let mut parser = DateParser::new(s.date_format.unwrap_or(DateFormat::Ymd));
    let newline = if s.line_ending == LineEnding::Cr {
        b'\r'
    } else {
        b'\n'
    };
    let delimiter = s.delimiter_byte();
    let Some(first) = memchr::memchr(newline, window) else {
        return Ok(None);
    };
    let mut pos = first + 1;
    let mut prev: Option<Day> = None;
    while let Some(len) = memchr::memchr(newline, &window[pos..]) {
        let line = &window[pos..pos + len];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let day = nth_field(line, delimiter, plan.date).and_then(|f| parser.parse(f).ok());
        if let (Some(p), Some(d)) = (prev, day) {
            if d > p {
                return Ok(Some(pos));
            }
        }
        prev = day;
        pos += len + 1;
    }
    Ok(None)
}

/// Field `n` of a line read as one whole record, without its quotes; `None` when the line
/// has too few fields or an odd number of quotes (a field going on to the next line).
fn nth_field(line: &[u8], delimiter: u8, n: usize) -> Option<&[u8]> {
    if memchr::memchr(b'"', line).is_none() {
        return line.split(|&c| c == delimiter).nth(n);
    }
    if memchr::memchr_iter(b'"', line).count() % 2 == 1 {
        return None;
    }
    let (mut field, mut start, mut quoted) = (0, 0, false);
    for (i, &c) in line.iter().enumerate() {
        if c == b'"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            if field == n {
                return Some(unquote(&line[start..i]));
            }
            field += 1;
            start = i + 1;
        }
    }
    (field == n).then(|| unquote(&line[start..]))
}

fn unquote(f: &[u8]) -> &[u8] {
    match f {
        [b'"', inner @ .., b'"'] => inner,
        _ => f,
    }
}

/// Where to cut `data` into at most `ranges` ranges: the start of each range (the first is
/// 0), from [`find_cut`] near equal shares.
pub fn cut_points(data: &[u8], opts: &Options, ranges: usize) -> Result<Vec<usize>, Error> {
    let head = &data[..data.len().min(HEAD_BYTES)];
    let mut starts = vec![0];
    for k in 1..ranges.max(1) {
        let ideal = (data.len() as u128 * k as u128 / ranges as u128) as usize;
        let ideal = ideal.max(head.len());
        if ideal >= data.len() {
            break;
        }
        let window = &data[ideal..data.len().min(ideal + CUT_WINDOW)];
        if let Some(off) = find_cut(opts, head, data.len() as u64, window)? {
            let cut = ideal + off;
            if cut > *starts.last().unwrap_or(&0) && cut < data.len() {
                starts.push(cut);
            }
        }
    }
    Ok(starts)
}

pub(super) fn sniff_head(opts: &Options, head: &[u8], total: u64) -> Result<Sniff, Error> {
    let sample = &head[..head.len().min(SNIFF_BYTES)];
    let complete = total <= SNIFF_BYTES as u64 && head.len() as u64 >= total;
    sniff::sniff(sample, complete, &opts.read, opts.lang)
}
