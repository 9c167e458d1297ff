//! Splitting CSV bytes into records, chunk by chunk.
//!
//! Two paths give the same records: a byte-level fast path for lines without quotes or
//! stray carriage returns (nearly every line of an export), and `csv_core`'s reader for the
//! rest (quoted fields, delimiters and line breaks inside quotes, doubled quotes). The
//! reader keeps its state between chunks, so a record, a quoted field or a CRLF may be
//! split anywhere between two `feed` calls.
//!
//! A quote opened and never closed would swallow every line after it into one field. The
//! reader stops at one that runs to the end of the input or over [`MAX_QUOTED_LINES`] lines
//! and says where it opened ([`RecordReader::open_quote`]); the rows check the width and the
//! lines of every record that holds a line break. Read with [`QuoteMode::Line`], every line
//! is one record, and a quote still open at its end closes there ([`Record::open_quote`]).

use crate::error::{Error, ErrorKind, Position};
use crate::locale::QuoteMode;
use memchr::{memchr, memchr_iter};

/// Longest record accepted (a quote left open would otherwise swallow the file).
pub(crate) const MAX_RECORD_BYTES: usize = 8 << 20;

/// Lines a quoted field may span; one spanning more is taken for a quote left open (a note
/// or an address spans a few).
pub(crate) const MAX_QUOTED_LINES: u64 = 200;

/// One record: its fields as byte ranges into `buf`.
pub(crate) struct Record<'a> {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// The bytes the field ranges point into.
    pub buf: &'a [u8],
    /// Start and end of each field in `buf`.
    pub bounds: &'a [(u32, u32)],
    /// Whether the record went through the full parser (it had quotes or CRs).
    pub quoted: bool,
    /// Whether a quoted field of the record holds a line break.
    pub multiline: bool,
    /// Whether a quote was still open at the end of the record's line and closed there
    /// (with [`QuoteMode::Line`]).
    pub open_quote: bool,
}

impl<'a> Record<'a> {
    /// Field `i`, or `None` past the end.
    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<&'a [u8]> {
        self.bounds
            .get(i)
            .map(|&(s, e)| &self.buf[s as usize..e as usize])
    }

    /// Number of fields.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }
}

/// Receives records from a [`RecordReader`].
pub(crate) trait RecordSink {
    /// Called once per record, in order.
    fn record(&mut self, record: &Record<'_>) -> Result<(), Error>;
}

/// How lines end in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    Crlf,
    /// `\r` alone (old Mac files)
    Cr,
}

impl LineEnding {
    /// Counts line endings in `text` and picks the most common (`Lf` when none).
    pub fn detect(text: &[u8]) -> LineEnding {
        let lf = memchr_iter(b'\n', text).count();
        let crlf = memchr::memmem::find_iter(text, b"\r\n").count();
        let cr = memchr_iter(b'\r', text).count() - crlf;
        if cr > lf {
            LineEnding::Cr
        } else if crlf * 2 > lf {
            LineEnding::Crlf
        } else {
            LineEnding::Lf
        }
    }
}

/// Splits a byte stream into records.
pub(crate) struct RecordReader {
    delimiter: u8,
    fast: bool,
    newline: u8,
    core: csv_core::Reader,
    carry: Vec<u8>,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    bounds: Vec<(u32, u32)>,
    in_slow: bool,
    slow_line: u64,
    last_slow_byte: u8,
    line: u64,
    skip_lf: bool,
    blank_lines: u64,
    bytes: u64,
    /// Every line is one record ([`QuoteMode::Line`]).
    line_quotes: bool,
    /// The record being closed at its line's end is emitted with `open_quote`.
    closing: bool,
    /// The line of a quote found open (at the end of the input, or over too many lines):
    /// the reader stopped there.
    open_quote: Option<u64>,
}

impl RecordReader {
    /// A reader for `delimiter`-separated records with `"` quotes.
    pub(crate) fn new(delimiter: u8, line_ending: LineEnding) -> Self {
        let core = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(b'"')
            .double_quote(true)
            .build();
        RecordReader {
            delimiter,
            fast: line_ending != LineEnding::Cr,
            newline: if line_ending == LineEnding::Cr {
                b'\r'
            } else {
                b'\n'
            },
            core,
            carry: Vec::new(),
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            bounds: Vec::with_capacity(64),
            in_slow: false,
            slow_line: 0,
            last_slow_byte: 0,
            line: 1,
            skip_lf: false,
            blank_lines: 0,
            bytes: 0,
            line_quotes: false,
            closing: false,
            open_quote: None,
        }
    }

    /// Numbers lines from `line` (rows that continue an earlier input).
    pub(crate) fn starting_at(mut self, line: u64) -> Self {
        self.line = line;
        self
    }

    /// Reads quotes the `mode` way.
    pub(crate) fn with_quotes(mut self, mode: QuoteMode) -> Self {
        self.line_quotes = mode == QuoteMode::Line;
        self
    }

    /// The line where a quote opened that is never closed (it runs to the end of the input)
    /// or spans more than [`MAX_QUOTED_LINES`] lines; the reader stopped reading there.
    pub(crate) fn open_quote(&self) -> Option<u64> {
        self.open_quote
    }

    /// Turns the fast path off (every record goes through `csv_core`); for tests.
    #[cfg(test)]
    pub(crate) fn without_fast_path(mut self) -> Self {
        self.fast = false;
        self
    }

    /// Blank lines skipped so far.
    pub(crate) fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Whether everything fed so far ends at a record boundary: no partial line carried, no
    /// record open in the full parser (e.g. inside a quoted field).
    pub(crate) fn at_record_start(&self) -> bool {
        self.carry.is_empty() && !self.in_slow && !self.skip_lf
    }

    /// The line number the next record would start on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Feeds the next chunk of UTF-8 bytes; complete records go to `sink`.
    pub(crate) fn feed(
        &mut self,
        mut data: &[u8],
        sink: &mut impl RecordSink,
    ) -> Result<(), Error> {
        self.bytes += data.len() as u64;
        if data.is_empty() || self.open_quote.is_some() {
            return Ok(());
        }
        if self.skip_lf {
            self.skip_lf = false;
            if data[0] == b'\n' {
                data = &data[1..];
                self.line += 1;
            }
        }
        if !self.carry.is_empty() {
            // Complete the partial line carried from the previous chunk.
            match memchr(self.newline, data) {
                None => {
                    self.carry.extend_from_slice(data);
                    return self.check_carry();
                }
                Some(i) => {
                    let mut carry = std::mem::take(&mut self.carry);
                    carry.extend_from_slice(&data[..=i]);
                    data = &data[i + 1..];
                    let used = self.process(&carry, false, sink)?;
                    debug_assert_eq!(used, carry.len());
                    carry.clear();
                    self.carry = carry;
                    if self.skip_lf {
                        self.skip_lf = false;
                        if data.first() == Some(&b'\n') {
                            data = &data[1..];
                            self.line += 1;
                        }
                    }
                }
            }
        }
        let used = self.process(data, false, sink)?;
        self.carry.extend_from_slice(&data[used..]);
        self.check_carry()
    }

    /// Processes what is left at the end of the input.
    pub(crate) fn finish(&mut self, sink: &mut impl RecordSink) -> Result<(), Error> {
        if self.open_quote.is_some() {
            return Ok(());
        }
        let carry = std::mem::take(&mut self.carry);
        let used = self.process(&carry, true, sink)?;
        debug_assert_eq!(used, carry.len());
        Ok(())
    }

    fn check_carry(&self) -> Result<(), Error> {
        if self.carry.len() > MAX_RECORD_BYTES {
            return Err(Error::new(
                ErrorKind::UnreadableInput,
                format!(
                    "the line is longer than {} MB; the file may not be a CSV table",
                    MAX_RECORD_BYTES >> 20
                ),
            )
            .ru(format!(
                "строка длиннее {} МБ; возможно, это не таблица CSV",
                MAX_RECORD_BYTES >> 20
            ))
            .at(Position {
                line: Some(self.line),
                ..Position::default()
            }));
        }
        Ok(())
    }

    /// Processes whole records in `buf`; returns how many bytes were used. Without `last`,
    /// a trailing partial line is left for the caller to carry.
    fn process(
        &mut self,
        buf: &[u8],
        last: bool,
        sink: &mut impl RecordSink,
    ) -> Result<usize, Error> {
        if self.open_quote.is_some() {
            return Ok(buf.len());
        }
        let mut pos = 0;
        loop {
            if self.in_slow {
                if pos == buf.len() {
                    if !last {
                        return Ok(pos);
                    }
                    // The end of the input: a line break ends the record there, unless a
                    // quote is open (it takes the line break in).
                    self.slow_step(&[self.newline], sink)?;
                    if self.open_quote.is_some() {
                        return Ok(pos);
                    }
                    if self.in_slow && !self.line_quotes {
                        // A quote runs to the end of the input.
                        self.stop_at_open_quote();
                        return Ok(pos);
                    }
                    if self.in_slow {
                        self.close_at_line_end(sink)?;
                    }
                    // The line break was not the input's.
                    self.line -= 1;
                    continue;
                }
                // With line quotes csv_core sees one line at a time.
                let end = match self.line_quotes {
                    true => memchr(self.newline, &buf[pos..]).map_or(buf.len(), |i| pos + i + 1),
                    false => buf.len(),
                };
                pos += self.slow_step(&buf[pos..end], sink)?;
                if self.open_quote.is_some() {
                    return Ok(buf.len());
                }
                if self.in_slow {
                    if self.line_quotes && pos > 0 && buf[pos - 1] == self.newline {
                        // The line ended inside quotes: the record ends with it.
                        self.close_at_line_end(sink)?;
                    }
                    // csv_core took all the input and wants more (or, with `last`, the
                    // next step closes the record at the end of the input).
                    continue;
                }
                if self.last_slow_byte == b'\r' && self.newline == b'\n' {
                    if pos < buf.len() {
                        if buf[pos] == b'\n' {
                            pos += 1;
                            self.line += 1;
                        }
                    } else {
                        self.skip_lf = true;
                    }
                }
                continue;
            }
            if pos >= buf.len() {
                return Ok(pos);
            }
            if self.fast {
                let (next, stop) = self.fast_lines(buf, pos, last, sink)?;
                pos = next;
                match stop {
                    Stop::End => return Ok(pos),
                    Stop::Incomplete => return Ok(pos),
                    Stop::Slow => {}
                }
            }
            let rest = &buf[pos..];
            let (line_len, next) = match memchr(self.newline, rest) {
                Some(i) => (i, i + 1),
                None if last => (rest.len(), rest.len()),
                None => return Ok(pos),
            };
            let mut line = &rest[..line_len];
            if self.newline == b'\n' && line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            if line.is_empty() {
                self.blank_lines += 1;
                self.line += 1;
                pos += next;
                continue;
            }
            // Full parser from this record start on.
            self.in_slow = true;
            self.slow_line = self.line;
            self.out_len = 0;
            self.ends_len = 0;
        }
    }

    /// Runs `csv_core` on `input` until a record ends or the input runs out; returns the
    /// bytes consumed.
    fn slow_step(&mut self, input: &[u8], sink: &mut impl RecordSink) -> Result<usize, Error> {
        use csv_core::ReadRecordResult as R;
        let mut pos = 0;
        loop {
            let (res, nin, nout, nend) = self.core.read_record(
                &input[pos..],
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            let consumed = &input[pos..pos + nin];
            self.line += memchr_iter(self.newline, consumed).count() as u64;
            if let Some(&b) = consumed.last() {
                self.last_slow_byte = b;
            }
            if self.line - self.slow_line > MAX_QUOTED_LINES && !self.line_quotes {
                self.stop_at_open_quote();
                return Ok(input.len());
            }
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                R::InputEmpty => {
                    if self.out_len > MAX_RECORD_BYTES && !self.line_quotes {
                        // A quote left open over fewer, longer lines.
                        self.stop_at_open_quote();
                        return Ok(input.len());
                    }
                    if self.out_len > MAX_RECORD_BYTES {
                        return Err(Error::new(
                            ErrorKind::UnreadableInput,
                            format!(
                                "a quoted field is not closed: the record runs past {} MB",
                                MAX_RECORD_BYTES >> 20
                            ),
                        )
                        .ru(format!(
                            "поле в кавычках не закрыто: запись длиннее {} МБ",
                            MAX_RECORD_BYTES >> 20
                        ))
                        .at(Position {
                            line: Some(self.slow_line),
                            ..Position::default()
                        }));
                    }
                    if !input.is_empty() {
                        return Ok(pos);
                    }
                    // Empty input means end of data; csv_core will report Record or End.
                }
                R::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                R::Record => {
                    self.in_slow = false;
                    if self.closing {
                        self.drop_line_break();
                    }
                    self.bounds.clear();
                    let mut start = 0u32;
                    for &e in &self.ends[..self.ends_len] {
                        self.bounds.push((start, e as u32));
                        start = e as u32;
                    }
                    // Line breaks inside quotes: the lines the record spans, less the one
                    // that ends it.
                    let ended = (self.last_slow_byte == self.newline) as u64;
                    let multiline = self.line > self.slow_line + ended;
                    let blank = self.ends_len == 1 && self.out_len == 0;
                    if blank {
                        self.blank_lines += 1;
                    } else {
                        sink.record(&Record {
                            line: self.slow_line,
                            buf: &self.out[..self.out_len],
                            bounds: &self.bounds,
                            quoted: true,
                            multiline,
                            open_quote: self.closing,
                        })?;
                    }
                    return Ok(pos);
                }
                R::End => {
                    self.in_slow = false;
                    return Ok(pos);
                }
            }
        }
    }
}

/// A quote left open: how it is found, stopped at, or closed at its line's end.
impl RecordReader {
    /// Stops reading at the quote of the record being read: the rest of the input is not
    /// read (the analysis reads it again one record per line).
    #[cold]
    fn stop_at_open_quote(&mut self) {
        self.open_quote = Some(self.slow_line);
        self.in_slow = false;
        self.carry.clear();
        self.core.reset();
    }

    /// Ends the record being read where its line ends (with line quotes), as read so far.
    #[cold]
    fn close_at_line_end(&mut self, sink: &mut impl RecordSink) -> Result<(), Error> {
        self.closing = true;
        // No input is the end of the input to csv_core: it ends the field and the record.
        let done = self.slow_step(&[], sink);
        self.closing = false;
        self.in_slow = false;
        self.core.reset();
        done.map(|_| ())
    }

    /// Takes the line break the open quote took in off its field's end.
    fn drop_line_break(&mut self) {
        let ends = &mut self.ends[..self.ends_len];
        let start = match ends.len() {
            0 => return,
            1 => 0,
            n => ends[n - 2],
        };
        let end = &mut ends[ends.len() - 1];
        if *end > start && self.out[*end - 1] == self.newline {
            *end -= 1;
            if self.newline == b'\n' && *end > start && self.out[*end - 1] == b'\r' {
                *end -= 1;
            }
        }
        self.out_len = self.out_len.min(*end);
    }
}

/// Why the fast path stopped.
enum Stop {
    /// The buffer is used up.
    End,
    /// The line at the returned position has no end yet.
    Incomplete,
    /// The line at the returned position needs the full parser (a quote or a stray CR).
    Slow,
}

/// Line feeds, delimiters and quote/CR bytes of a 64-byte block, one bit per byte.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Masks {
    nl: u64,
    delim: u64,
    special: u64,
}

/// Masks of a full block: SSE2 on x86_64 (part of its baseline), SIMD128 on wasm when
/// enabled, eight bytes at a time elsewhere.
#[inline(always)]
fn block_masks(b: &[u8; 64], delim: u8) -> Masks {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let mut m = Masks {
            nl: 0,
            delim: 0,
            special: 0,
        };
        // SAFETY: SSE2 is always available on x86_64; each load reads 16 bytes inside `b`.
        unsafe {
            let nl = _mm_set1_epi8(b'\n' as i8);
            let dl = _mm_set1_epi8(delim as i8);
            let qt = _mm_set1_epi8(b'"' as i8);
            let cr = _mm_set1_epi8(b'\r' as i8);
            for k in 0..4 {
                let v = _mm_loadu_si128(b.as_ptr().add(16 * k) as *const __m128i);
                let n = _mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)) as u32 as u64;
                let d = _mm_movemask_epi8(_mm_cmpeq_epi8(v, dl)) as u32 as u64;
                let sp =
                    _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, qt), _mm_cmpeq_epi8(v, cr)))
                        as u32 as u64;
                m.nl |= n << (16 * k);
                m.delim |= d << (16 * k);
                m.special |= sp << (16 * k);
            }
        }
        m
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let mut m = Masks {
            nl: 0,
            delim: 0,
            special: 0,
        };
        let nl = u8x16_splat(b'\n');
        let dl = u8x16_splat(delim);
        let qt = u8x16_splat(b'"');
        let cr = u8x16_splat(b'\r');
        for k in 0..4 {
            // SAFETY: reads 16 bytes inside `b` (unaligned loads are allowed on wasm).
            let v = unsafe { v128_load(b.as_ptr().add(16 * k) as *const v128) };
            let n = u8x16_bitmask(u8x16_eq(v, nl)) as u64;
            let d = u8x16_bitmask(u8x16_eq(v, dl)) as u64;
            let sp = u8x16_bitmask(v128_or(u8x16_eq(v, qt), u8x16_eq(v, cr))) as u64;
            m.nl |= n << (16 * k);
            m.delim |= d << (16 * k);
            m.special |= sp << (16 * k);
        }
        m
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    {
        swar::block_masks(b, delim)
    }
}

/// Masks of the bytes of a short tail (fewer than 64).
fn tail_masks(b: &[u8], delim: u8) -> Masks {
    let mut m = Masks {
        nl: 0,
        delim: 0,
        special: 0,
    };
    for (i, &c) in b.iter().enumerate() {
        let bit = 1u64 << i;
        if c == b'\n' {
            m.nl |= bit;
        } else if c == delim {
            m.delim |= bit;
        } else if c == b'"' || c == b'\r' {
            m.special |= bit;
        }
    }
    m
}

/// Masks eight bytes at a time in plain integer arithmetic, for targets without the SIMD
/// paths (also built for tests, so it is checked on every machine).
#[cfg(any(
    all(test, not(target_arch = "wasm32")),
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
mod swar {
    use super::Masks;

    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

    /// High bit set in each byte of `w` equal to `b` (exact: no carries between bytes).
    #[inline(always)]
    fn eq_mask(w: u64, b: u8) -> u64 {
        let x = w ^ (LO * b as u64);
        !(((x & LOW7) + LOW7) | x) & HI
    }

    /// Gathers the high bit of each byte into the low eight bits (byte i → bit i).
    #[inline(always)]
    fn pack(m: u64) -> u64 {
        ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }

    /// Masks of a full block.
    #[inline(always)]
    pub(super) fn block_masks(b: &[u8; 64], delim: u8) -> Masks {
        let mut m = Masks {
            nl: 0,
            delim: 0,
            special: 0,
        };
        for k in 0..8 {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[8 * k..8 * k + 8]);
            let w = u64::from_le_bytes(w);
            m.nl |= pack(eq_mask(w, b'\n')) << (8 * k);
            m.delim |= pack(eq_mask(w, delim)) << (8 * k);
            m.special |= pack(eq_mask(w, b'"') | eq_mask(w, b'\r')) << (8 * k);
        }
        m
    }
}

impl RecordReader {
    /// Splits the lines from `pos` on the fast path, 64 bytes at a time, handing each to
    /// `sink`; stops at the end of the buffer, at a line without its end (unless `last`), or
    /// at a line that needs the full parser. Returns the position reached and why it stopped.
    fn fast_lines(
        &mut self,
        buf: &[u8],
        pos: usize,
        last: bool,
        sink: &mut impl RecordSink,
    ) -> Result<(usize, Stop), Error> {
        let n = buf.len();
        let delim = self.delimiter;
        let mut line_start = pos;
        let mut field_start = pos;
        let mut cr_end = usize::MAX;
        self.bounds.clear();
        let mut base = pos;
        while base < n {
            let m = if let Ok(block) = <&[u8; 64]>::try_from(&buf[base..(base + 64).min(n)]) {
                block_masks(block, delim)
            } else {
                tail_masks(&buf[base..], delim)
            };
            let mut events = m.nl | m.delim | m.special;
            while events != 0 {
                let k = events.trailing_zeros() as usize;
                let bit = 1u64 << k;
                events &= events - 1;
                let p = base + k;
                if m.delim & bit != 0 {
                    self.bounds
                        .push(((field_start - line_start) as u32, (p - line_start) as u32));
                    field_start = p + 1;
                } else if m.special & bit != 0 {
                    // A CR is fine only right before the LF (or at the very end of the input).
                    if buf[p] == b'\r' {
                        if p + 1 < n && buf[p + 1] == b'\n' {
                            cr_end = p;
                            continue;
                        }
                        if p + 1 == n && !last {
                            self.bounds.clear();
                            return Ok((line_start, Stop::Incomplete));
                        }
                    }
                    self.bounds.clear();
                    return Ok((line_start, Stop::Slow));
                } else {
                    let end = if p > 0 && cr_end == p - 1 { p - 1 } else { p };
                    self.emit(buf, line_start, field_start, end, sink)?;
                    line_start = p + 1;
                    field_start = p + 1;
                    cr_end = usize::MAX;
                }
            }
            base += 64;
        }
        if line_start == n {
            return Ok((n, Stop::End));
        }
        if !last {
            self.bounds.clear();
            return Ok((line_start, Stop::Incomplete));
        }
        self.emit(buf, line_start, field_start, n, sink)?;
        Ok((n, Stop::End))
    }

    #[inline(always)]
    fn emit(
        &mut self,
        buf: &[u8],
        line_start: usize,
        field_start: usize,
        end: usize,
        sink: &mut impl RecordSink,
    ) -> Result<(), Error> {
        if end == line_start {
            self.blank_lines += 1;
        } else {
            self.bounds
                .push(((field_start - line_start) as u32, (end - line_start) as u32));
            sink.record(&Record {
                line: self.line,
                buf: &buf[line_start..end],
                bounds: &self.bounds,
                quoted: false,
                multiline: false,
                open_quote: false,
            })?;
        }
        self.bounds.clear();
        self.line += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block paths (this target's SIMD, the integer fallback) and the byte loop agree on
    /// every byte value and on blocks dense in the bytes they look for.
    #[test]
    fn block_masks_agree() {
        let mut rng = crate::sample::Rng::new(7);
        let alphabet = b"\n\r\",;\t|a0\x80\xff\xc2\xa0";
        for round in 0..5000usize {
            let mut b = [0u8; 64];
            for (i, c) in b.iter_mut().enumerate() {
                *c = if round < 256 {
                    (round + i) as u8
                } else {
                    alphabet[rng.below(alphabet.len() as u64) as usize]
                };
            }
            for delim in [b',', b';', b'\t', b'|'] {
                let want = tail_masks(&b, delim);
                assert_eq!(block_masks(&b, delim), want, "{b:?}");
                #[cfg(not(target_arch = "wasm32"))]
                assert_eq!(swar::block_masks(&b, delim), want, "{b:?}");
            }
        }
    }

    #[derive(Default)]
    struct Collect(Vec<(u64, Vec<String>)>);
    impl RecordSink for Collect {
        fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
            let f = (0..r.len())
                .map(|i| String::from_utf8_lossy(r.field(i).unwrap()).into_owned())
                .collect();
            self.0.push((r.line, f));
            Ok(())
        }
    }

    fn read(data: &[u8], chunk: usize, fast: bool) -> (Vec<(u64, Vec<String>)>, u64) {
        let ending = LineEnding::detect(data);
        let mut r = RecordReader::new(b',', ending);
        if !fast {
            r = r.without_fast_path();
        }
        let mut c = Collect::default();
        for part in data.chunks(chunk.max(1)) {
            r.feed(part, &mut c).unwrap();
        }
        r.finish(&mut c).unwrap();
        (c.0, r.blank_lines())
    }

    fn rec(line: u64, f: &[&str]) -> (u64, Vec<String>) {
        (line, f.iter().map(|s| s.to_string()).collect())
    }

    type Rec = (u64, Vec<String>);

    #[test]
    fn records_table() {
        let cases: Vec<(&str, Vec<Rec>, u64)> = vec![
            (
                "a,b\n1,2\n",
                vec![rec(1, &["a", "b"]), rec(2, &["1", "2"])],
                0,
            ),
            (
                "a,b\r\n1,2\r\n",
                vec![rec(1, &["a", "b"]), rec(2, &["1", "2"])],
                0,
            ),
            (
                "a,b\n1,2",
                vec![rec(1, &["a", "b"]), rec(2, &["1", "2"])],
                0,
            ),
            (
                "a,b\n\n1,2\n\n",
                vec![rec(1, &["a", "b"]), rec(3, &["1", "2"])],
                2,
            ),
            (
                "\"a,1\",b\n1,\"x\"\"y\"\n",
                vec![rec(1, &["a,1", "b"]), rec(2, &["1", "x\"y"])],
                0,
            ),
            (
                "a,\"multi\nline\"\n2,3\n",
                vec![rec(1, &["a", "multi\nline"]), rec(3, &["2", "3"])],
                0,
            ),
            (
                "a,\"multi\r\nline\"\r\n2,3\r\n",
                vec![rec(1, &["a", "multi\r\nline"]), rec(3, &["2", "3"])],
                0,
            ),
            (
                "x,,\n,,\n",
                vec![rec(1, &["x", "", ""]), rec(2, &["", "", ""])],
                0,
            ),
            ("a\rb\r", vec![rec(1, &["a"]), rec(2, &["b"])], 0),
            // A quote left open at the end: no record (the reader stops at it).
            ("a,\"open\n", vec![], 0),
            ("q\"uote,x\n", vec![rec(1, &["q\"uote", "x"])], 0),
            ("", vec![], 0),
        ];
        for (input, want, blanks) in cases {
            for fast in [true, false] {
                for chunk in [1, 2, 3, 5, 1000] {
                    let (got, b) = read(input.as_bytes(), chunk, fast);
                    assert_eq!(got, want, "{input:?} fast={fast} chunk={chunk}");
                    assert_eq!(
                        b, blanks,
                        "blank lines in {input:?} fast={fast} chunk={chunk}"
                    );
                }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn fast_path_equals_full_parser(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b'1', b',', b';', b'"', b'\n', b'\r', b' ', 0xD0, 0x96, b'a', b'b', b'c', b'1', b'2']), 0..700),
            chunk in 1usize..40,
        ) {
            let (fast, fb) = read(&bytes, chunk, true);
            let (slow, sb) = read(&bytes, 1000, false);
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fb, sb);
        }
    }

    /// Records as (line, fields, closed at the line's end), the blank lines and the line of a
    /// quote left open.
    type Read = (Vec<(u64, Vec<String>, bool)>, u64, Option<u64>);

    fn read_quotes(data: &[u8], chunk: usize, mode: QuoteMode) -> Read {
        struct Flags(Vec<(u64, Vec<String>, bool)>);
        impl RecordSink for Flags {
            fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
                let f = (0..r.len())
                    .map(|i| String::from_utf8_lossy(r.field(i).unwrap()).into_owned())
                    .collect();
                self.0.push((r.line, f, r.open_quote));
                Ok(())
            }
        }
        let mut r = RecordReader::new(b',', LineEnding::detect(data)).with_quotes(mode);
        let mut c = Flags(Vec::new());
        for part in data.chunks(chunk.max(1)) {
            r.feed(part, &mut c).unwrap();
        }
        r.finish(&mut c).unwrap();
        (c.0, r.blank_lines(), r.open_quote())
    }

    /// (case, input, how quotes are read, the records, the line of a quote left open)
    type QuoteCase<'a> = (
        &'a str,
        &'a str,
        QuoteMode,
        Vec<(u64, Vec<String>, bool)>,
        Option<u64>,
    );

    #[test]
    fn quotes_left_open_table() {
        use QuoteMode::{Line, Multiline};
        let many: String = (0..=MAX_QUOTED_LINES).map(|i| format!("{i}\n")).collect();
        let many = format!("a,b\n1,\"x\n{many}\"\n2,3\n");
        let r = |line: u64, f: &[&str], open: bool| {
            (
                line,
                f.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                open,
            )
        };
        #[rustfmt::skip]
        let cases: Vec<QuoteCase> = vec![
            ("runs to the end", "a,b\n1,\"x\n2,y\n3,z\n", Multiline, vec![r(1, &["a", "b"], false)], Some(2)),
            ("runs to the end without a last line break", "a,b\n1,\"x\n2,y", Multiline, vec![r(1, &["a", "b"], false)], Some(2)),
            ("closed on a later line", "a,b\n1,\"x\ny\"\n2,3\n", Multiline, vec![r(1, &["a", "b"], false), r(2, &["1", "x\ny"], false), r(4, &["2", "3"], false)], None),
            ("closed at the very end", "a,b\n1,\"x\ny\"", Multiline, vec![r(1, &["a", "b"], false), r(2, &["1", "x\ny"], false)], None),
            ("over too many lines", &many, Multiline, vec![r(1, &["a", "b"], false)], Some(2)),
            ("one record per line", "a,b\n1,\"x\n2,y\n3,z\n", Line, vec![r(1, &["a", "b"], false), r(2, &["1", "x"], true), r(3, &["2", "y"], false), r(4, &["3", "z"], false)], None),
            ("one record per line, CRLF", "a,b\r\n1,\"x\r\n2,\"y\"\r\n3,z\r\n", Line, vec![r(1, &["a", "b"], false), r(2, &["1", "x"], true), r(3, &["2", "y"], false), r(4, &["3", "z"], false)], None),
            ("one record per line, the last without a line break", "a,b\n1,\"x", Line, vec![r(1, &["a", "b"], false), r(2, &["1", "x"], true)], None),
            ("one record per line, a delimiter inside closed quotes", "a,b\n\"1,5\",x\n\"2\n", Line, vec![r(1, &["a", "b"], false), r(2, &["1,5", "x"], false), r(3, &["2"], true)], None),
            ("one record per line, a quote alone is a blank line", "a,b\n\"\n2,y\n", Line, vec![r(1, &["a", "b"], false), r(3, &["2", "y"], false)], None),
        ];
        for (name, input, mode, want, open) in cases {
            for chunk in [1, 2, 3, 7, 1 << 20] {
                let (got, _, got_open) = read_quotes(input.as_bytes(), chunk, mode);
                assert_eq!(got, want, "{name}, chunk {chunk}");
                assert_eq!(got_open, open, "{name}, chunk {chunk}: the open quote");
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn line_quotes_whatever_the_chunks(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b'1', b',', b'"', b'\n', b'\r', b' ']), 0..400),
            chunk in 1usize..40,
        ) {
            let whole = read_quotes(&bytes, 1 << 20, QuoteMode::Line);
            proptest::prop_assert_eq!(read_quotes(&bytes, chunk, QuoteMode::Line), whole.clone());
            // A quote never joins two lines: no field holds the file's line break.
            let nl = if LineEnding::detect(&bytes) == LineEnding::Cr { '\r' } else { '\n' };
            proptest::prop_assert!(whole.0.iter().all(|r| r.1.iter().all(|f| !f.contains(nl))));
            proptest::prop_assert_eq!(whole.2, None);
        }

        #[test]
        fn an_open_quote_is_found_whatever_the_chunks(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b'1', b',', b'"', b'\n', b'\r', b' ']), 0..400),
            chunk in 1usize..40,
        ) {
            proptest::prop_assert_eq!(
                read_quotes(&bytes, chunk, QuoteMode::Multiline),
                read_quotes(&bytes, 1 << 20, QuoteMode::Multiline)
            );
        }
    }

    #[test]
    fn open_quote_is_bounded() {
        // A line without an end longer than a table's.
        let mut data = b"a,\"".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        let mut r = RecordReader::new(b',', LineEnding::Lf);
        let mut c = Collect::default();
        let res = r.feed(&data, &mut c).and_then(|_| r.finish(&mut c));
        assert_eq!(res.unwrap_err().kind(), ErrorKind::UnreadableInput);
        // A quote open over a hundred long lines: the reader stops at it, whatever the chunks.
        let mut data = b"h\na,\"".to_vec();
        let line = [&[b'y'; 100_000][..], b"\n"].concat();
        for _ in 0..(MAX_RECORD_BYTES / 100_000 + 2) {
            data.extend_from_slice(&line);
        }
        for chunk in [1 << 16, data.len()] {
            let mut r = RecordReader::new(b',', LineEnding::Lf);
            let mut c = Collect::default();
            for part in data.chunks(chunk) {
                r.feed(part, &mut c).unwrap();
            }
            r.finish(&mut c).unwrap();
            assert_eq!(r.open_quote(), Some(2));
            assert_eq!(c.0.len(), 1);
        }
        // One record per line: every line is read.
        let mut r = RecordReader::new(b',', LineEnding::Lf).with_quotes(QuoteMode::Line);
        let mut c = Collect::default();
        r.feed(&data, &mut c).unwrap();
        r.finish(&mut c).unwrap();
        assert_eq!(c.0.len() as u64, memchr_iter(b'\n', &data).count() as u64);
        assert_eq!(r.open_quote(), None);
    }
}
