//! Reading one file in byte ranges on native threads, as Web Workers do in the browser.

use super::{cut_points, merge, Merged, Partial, RangeReader, HEAD_BYTES};
use crate::error::{Error, ErrorKind};
use crate::ingest::Aggregates;
use crate::options::Options;

/// Reads `data` in up to `ranges` ranges on as many threads and merges them; the aggregates
/// and the number of ranges, or why the file was not split (no cut found, a range failed,
/// the merge would not be exact).
pub fn read_split(
    data: &[u8],
    opts: &Options,
    ranges: usize,
) -> Result<Result<(Aggregates, usize), String>, Error> {
    let starts = cut_points(data, opts, ranges)?;
    if starts.len() < 2 {
        return Ok(Err("no cut point was found".into()));
    }
    let head = &data[..data.len().min(HEAD_BYTES)];
    let total = data.len() as u64;
    let bounds: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(data.len())))
        .collect();
    let read = |i: usize| -> Result<Partial, Error> {
        let (s, e) = bounds[i];
        let mut r = RangeReader::new(opts, head, total, i as u32, (e - s) as u64)?;
        r.push(&data[s..e])?;
        r.finish()
    };
    // The first range on this thread (its state stays as it is), the others on their own
    // threads, sent back as bytes as from a Web Worker.
    type Sent = Result<Vec<u8>, Error>;
    let (first, later): (Result<Partial, Error>, Vec<Sent>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..bounds.len())
            .map(|i| scope.spawn(move || read(i).map(|p| p.to_bytes())))
            .collect();
        let first = read(0);
        let later = handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::new(ErrorKind::UnreadableInput, "panic")
                        .ru("сбой при чтении части файла"))
                })
            })
            .collect();
        (first, later)
    });
    // One reader reports the error of a range with the file's own line and row numbers.
    let failed = |e: Error| {
        Ok(Err(if e.kind() == ErrorKind::InexactSplit {
            e.to_string()
        } else {
            format!("a range failed: {e}")
        }))
    };
    let mut parts = Vec::with_capacity(bounds.len());
    match first {
        Ok(p) => parts.push(p),
        Err(e) => return failed(e),
    }
    for r in later {
        match r {
            Ok(b) => parts.push(Partial::from_bytes(&b)?),
            Err(e) => return failed(e),
        }
    }
    match merge(opts, head, total, parts)? {
        Merged::Exact(a) => Ok(Ok((*a, bounds.len()))),
        Merged::Inexact(why) => Ok(Err(why)),
    }
}
