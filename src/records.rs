//! Splitting CSV bytes into records, chunk by chunk.
//!
//! Two paths give the same records: a byte-level fast path for lines without quotes or
//! stray carriage returns (nearly every line of an export), and `csv_core`'s reader for the
//! rest (quoted fields, delimiters and line breaks inside quotes, doubled quotes). The
//! reader keeps its state between chunks, so a record, a quoted field or a CRLF may be
//! split anywhere between two `feed` calls.

use crate::error::{Error, ErrorKind, Position};
use memchr::{memchr, memchr2, memchr_iter};

/// Longest record accepted (a quote left open would otherwise swallow the file).
pub const MAX_RECORD_BYTES: usize = 8 << 20;

/// One record: its fields as byte ranges into `buf`.
pub struct Record<'a> {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// The bytes the field ranges point into.
    pub buf: &'a [u8],
    /// Start and end of each field in `buf`.
    pub bounds: &'a [(u32, u32)],
    /// Whether the record went through the full parser (it had quotes or CRs).
    pub quoted: bool,
}

impl<'a> Record<'a> {
    /// Field `i`, or `None` past the end.
    #[inline]
    pub fn field(&self, i: usize) -> Option<&'a [u8]> {
        self.bounds
            .get(i)
            .map(|&(s, e)| &self.buf[s as usize..e as usize])
    }

    /// Number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether the record has no fields.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// Receives records from a [`RecordReader`].
pub trait RecordSink {
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
        let crlf = text.windows(2).filter(|w| w == b"\r\n").count();
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
pub struct RecordReader {
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
}

impl RecordReader {
    /// A reader for `delimiter`-separated records with `"` quotes.
    pub fn new(delimiter: u8, line_ending: LineEnding) -> Self {
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
        }
    }

    /// Turns the fast path off (every record goes through `csv_core`); for tests.
    pub fn without_fast_path(mut self) -> Self {
        self.fast = false;
        self
    }

    /// Blank lines skipped so far.
    pub fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The line number the next record would start on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Feeds the next chunk of UTF-8 bytes; complete records go to `sink`.
    pub fn feed(&mut self, mut data: &[u8], sink: &mut impl RecordSink) -> Result<(), Error> {
        self.bytes += data.len() as u64;
        if data.is_empty() {
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
    pub fn finish(&mut self, sink: &mut impl RecordSink) -> Result<(), Error> {
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
        let mut pos = 0;
        loop {
            if self.in_slow {
                if pos == buf.len() && !last {
                    return Ok(pos);
                }
                pos += self.slow_step(&buf[pos..], sink)?;
                if self.in_slow {
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
            if self.fast && memchr2(b'"', b'\r', line).is_none() {
                if line.is_empty() {
                    self.blank_lines += 1;
                } else {
                    self.bounds.clear();
                    let mut start = 0u32;
                    for d in memchr_iter(self.delimiter, line) {
                        self.bounds.push((start, d as u32));
                        start = d as u32 + 1;
                    }
                    self.bounds.push((start, line.len() as u32));
                    sink.record(&Record {
                        line: self.line,
                        buf: line,
                        bounds: &self.bounds,
                        quoted: false,
                    })?;
                }
                self.line += 1;
                pos += next;
                continue;
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
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                R::InputEmpty => {
                    if self.out_len > MAX_RECORD_BYTES {
                        return Err(Error::new(
                            ErrorKind::UnreadableInput,
                            format!(
                                "a quoted field is not closed: the record runs past {} MB",
                                MAX_RECORD_BYTES >> 20
                            ),
                        )
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
                    self.bounds.clear();
                    let mut start = 0u32;
                    for &e in &self.ends[..self.ends_len] {
                        self.bounds.push((start, e as u32));
                        start = e as u32;
                    }
                    let blank = self.ends_len == 1 && self.out_len == 0;
                    if blank {
                        self.blank_lines += 1;
                    } else {
                        sink.record(&Record {
                            line: self.slow_line,
                            buf: &self.out[..self.out_len],
                            bounds: &self.bounds,
                            quoted: true,
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn records_table() {
        let cases: Vec<(&str, Vec<(u64, Vec<String>)>, u64)> = vec![
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
            ("a,\"open\n", vec![rec(1, &["a", "open\n"])], 0),
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

    #[test]
    fn open_quote_is_bounded() {
        let mut data = b"a,\"".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        let mut r = RecordReader::new(b',', LineEnding::Lf);
        let mut c = Collect::default();
        let res = r.feed(&data, &mut c).and_then(|_| r.finish(&mut c));
        let e = res.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnreadableInput);
    }
}
