//! The data audit: what was read, used, rejected and why, with totals that reconcile.
//!
//! Every data row ends in exactly one of: accepted, rejected (unusable), excluded (after
//! `asOf`, or a dropped duplicate). `rowsRead = accepted + rejected + excluded`, and the
//! amounts reconcile the same way: the file's total over every row whose amount parses
//! equals the accepted total plus the totals of excluded and rejected rows.

use super::codec::{Reader, Writer};
use crate::error::{Disposition, Error, IssueKind};
use crate::locale::{Bilingual, Lang};
use crate::money::{self, Money};
use serde::Serialize;

/// One example of an issue.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueExample {
    /// Physical line where the row starts.
    pub line: u64,
    /// Data row number (1-based, header not counted).
    pub row: u64,
    /// The column concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The offending value (or the row's text), shortened to 200 characters.
    pub value: String,
    /// More detail in the report's language (e.g. "same as line 12").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The detail in both languages, as read ([`IssueExample::detail`] is the report's).
    #[serde(skip)]
    pub(crate) details: Option<Box<Bilingual>>,
    /// The line `detail` refers to, if any (kept as a number so that the lines of a file
    /// read in byte ranges can be shifted when the ranges are merged).
    #[serde(skip)]
    pub ref_line: Option<u64>,
}

impl IssueExample {
    /// An example without detail.
    pub(crate) fn new(line: u64, row: u64, column: Option<String>, value: String) -> Self {
        IssueExample {
            line,
            row,
            column,
            value,
            detail: None,
            details: None,
            ref_line: None,
        }
    }

    /// The same with its detail in both languages.
    pub(crate) fn with_details(mut self, details: Option<Bilingual>) -> Self {
        self.details = details.map(Box::new);
        self
    }

    /// The detail in `lang`.
    pub(crate) fn localize(&mut self, lang: Lang) {
        self.detail = self.details.as_ref().map(|d| d.get(lang).to_string());
    }
}

/// "same as line 12": the detail of a duplicate row.
pub(crate) fn same_as(line: u64) -> Bilingual {
    Bilingual::new(format!("same as line {line}"), format!("как строка {line}"))
}

/// All rows with one kind of issue.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueGroup {
    /// Stable kind name.
    pub kind: IssueKind,
    /// What happens to these rows.
    pub disposition: Disposition,
    /// How many rows.
    pub count: u64,
    /// Sum of the rows' amounts where they parse.
    pub amount: f64,
    /// What the kind means, in the report's language.
    pub description: String,
    /// The first examples, in file order.
    pub examples: Vec<IssueExample>,
}

/// A kept rejected row, for the "download rejected rows" file.
#[derive(Clone, Debug)]
pub struct RejectedRow {
    /// Line.
    pub line: u64,
    /// Reason.
    pub kind: IssueKind,
    /// The row's fields.
    pub fields: Vec<String>,
}

/// Counts and examples gathered while reading.
#[derive(Clone, Debug)]
pub struct AuditBuilder {
    pub(crate) counts: [u64; IssueKind::ALL.len()],
    pub(crate) amounts: [Money; IssueKind::ALL.len()],
    pub(crate) examples: Vec<Vec<IssueExample>>,
    pub(crate) max_examples: usize,
    pub(crate) rejected_rows: Vec<RejectedRow>,
    pub(crate) rejected_rows_dropped: u64,
    /// Data rows read (header and title lines not counted; blank lines not counted).
    pub rows_read: u64,
    /// Rows used by the analysis.
    pub rows_accepted: u64,
    /// Blank lines and rows with every field empty.
    pub blank_rows: u64,
    /// Lines above the header.
    pub preamble_lines: u64,
    /// Sum of accepted amounts.
    pub accepted_amount: Money,
    /// Sum of accepted negative amounts (returns).
    pub returns_amount: Money,
    /// Largest accepted amounts (amount, line), descending, for the outlier list.
    pub(crate) top: Vec<(Money, u64)>,
    /// Histogram of accepted positive amounts by log10 in 1/8 decades, from 10^-4.
    pub(crate) histogram: Vec<u64>,
}

/// Maximum rejected rows kept in full for download.
pub(crate) const MAX_REJECTED_ROWS: usize = 10_000;
const HIST_BINS: usize = 8 * 19;
const TOP_K: usize = 20;

impl AuditBuilder {
    /// A builder keeping `max_examples` examples per kind.
    pub fn new(max_examples: usize) -> Self {
        AuditBuilder {
            counts: [0; IssueKind::ALL.len()],
            amounts: [0; IssueKind::ALL.len()],
            examples: vec![Vec::new(); IssueKind::ALL.len()],
            max_examples,
            rejected_rows: Vec::new(),
            rejected_rows_dropped: 0,
            rows_read: 0,
            rows_accepted: 0,
            blank_rows: 0,
            preamble_lines: 0,
            accepted_amount: 0,
            returns_amount: 0,
            top: Vec::new(),
            histogram: vec![0; HIST_BINS],
        }
    }

    /// Counts an issue; `example` is built only when it will be kept.
    #[inline]
    pub fn issue(
        &mut self,
        kind: IssueKind,
        amount: Option<Money>,
        example: impl FnOnce() -> IssueExample,
    ) {
        let k = kind.index();
        self.counts[k] += 1;
        if let Some(a) = amount {
            self.amounts[k] = self.amounts[k].saturating_add(a);
        }
        if self.examples[k].len() < self.max_examples {
            self.examples[k].push(example());
        }
    }

    /// Records the line the last example of `kind` refers to (see [`IssueExample::ref_line`]).
    pub fn set_last_ref_line(&mut self, kind: IssueKind, line: u64) {
        if let Some(e) = self.examples[kind.index()].last_mut() {
            e.ref_line = Some(line);
        }
    }

    /// Whether more examples of `kind` are wanted (to skip building them).
    pub fn wants_example(&self, kind: IssueKind) -> bool {
        self.examples[kind.index()].len() < self.max_examples
    }

    /// Keeps a rejected row for download (up to [`MAX_REJECTED_ROWS`]).
    pub fn keep_rejected(
        &mut self,
        line: u64,
        kind: IssueKind,
        fields: impl FnOnce() -> Vec<String>,
    ) {
        if self.rejected_rows.len() < MAX_REJECTED_ROWS {
            self.rejected_rows.push(RejectedRow {
                line,
                kind,
                fields: fields(),
            });
        } else {
            self.rejected_rows_dropped += 1;
        }
    }

    /// Records an accepted amount for totals, returns and outliers.
    #[inline]
    pub fn accepted(&mut self, amount: Money, line: u64) {
        self.rows_accepted += 1;
        self.accepted_amount = self.accepted_amount.saturating_add(amount);
        if amount < 0 {
            self.returns_amount = self.returns_amount.saturating_add(amount);
        }
        if amount > 0 {
            let b = hist_bin(amount);
            self.histogram[b] += 1;
            if self.top.len() < TOP_K || amount > self.top[self.top.len() - 1].0 {
                let pos = self.top.partition_point(|&(a, _)| a >= amount);
                self.top.insert(pos, (amount, line));
                self.top.truncate(TOP_K);
            }
        }
    }

    /// Moves `rows` accepted rows summing `amount` (none of them positive) to the excluded
    /// `kind`: rows left out once the whole file is known (a client with only returns).
    pub fn exclude_accepted(
        &mut self,
        kind: IssueKind,
        rows: u64,
        amount: Money,
        example: impl FnOnce() -> IssueExample,
    ) {
        let k = kind.index();
        self.rows_accepted -= rows.min(self.rows_accepted);
        self.accepted_amount -= amount;
        self.returns_amount -= amount.min(0);
        self.counts[k] += rows;
        self.amounts[k] = self.amounts[k].saturating_add(amount);
        if self.examples[k].len() < self.max_examples {
            self.examples[k].push(example());
        }
    }

    /// Count of rows with `kind`.
    pub fn count(&self, kind: IssueKind) -> u64 {
        self.counts[kind.index()]
    }

    /// Sum of rows' amounts with `kind`.
    pub fn amount(&self, kind: IssueKind) -> Money {
        self.amounts[kind.index()]
    }

    /// Rows rejected (all rejected kinds).
    pub fn rows_rejected(&self) -> u64 {
        IssueKind::ALL
            .iter()
            .filter(|k| k.disposition() == Disposition::Rejected)
            .map(|k| self.count(*k))
            .sum()
    }

    /// Rows excluded (after `asOf`, dropped duplicates).
    pub fn rows_excluded(&self) -> u64 {
        IssueKind::ALL
            .iter()
            .filter(|k| k.disposition() == Disposition::Excluded)
            .map(|k| self.count(*k))
            .sum()
    }

    /// The amount from which an accepted amount counts as an outlier: the lower edge of the
    /// histogram bin at Q3 · (Q3/Q1)³ on the log scale (the "3 × IQR" rule for amounts,
    /// which are log-normal). `None` with fewer than 20 positive amounts.
    pub fn outlier_threshold(&self) -> Option<Money> {
        let n: u64 = self.histogram.iter().sum();
        if n < 20 {
            return None;
        }
        let q = |p: f64| -> usize {
            let target = (p * n as f64).ceil() as u64;
            let mut acc = 0;
            for (i, c) in self.histogram.iter().enumerate() {
                acc += c;
                if acc >= target {
                    return i;
                }
            }
            HIST_BINS - 1
        };
        let (q1, q3) = (q(0.25), q(0.75));
        let bin = q3 + 3 * (q3 - q1).max(1) + 1;
        if bin >= HIST_BINS {
            return None;
        }
        Some(bin_floor(bin))
    }

    /// Number of accepted amounts at or above `threshold` (exact: thresholds are bin edges).
    pub fn count_at_least(&self, threshold: Money) -> u64 {
        let b = hist_bin(threshold);
        self.histogram[b..].iter().sum()
    }

    /// Moves every line and row number on by `lines` and `rows`: the builder of a byte range
    /// of a file counts from the range's start.
    pub fn shift(&mut self, lines: u64, rows: u64) {
        for e in self.examples.iter_mut().flatten() {
            e.line += lines;
            e.row += rows;
            if let Some(l) = &mut e.ref_line {
                *l += lines;
                e.details = Some(Box::new(same_as(*l)));
            }
        }
        for r in &mut self.rejected_rows {
            r.line += lines;
        }
        for t in &mut self.top {
            t.1 += lines;
        }
    }

    /// Merges another builder's counts (examples are concatenated and cut).
    pub fn merge(&mut self, o: &AuditBuilder) {
        for i in 0..self.counts.len() {
            self.counts[i] += o.counts[i];
            self.amounts[i] = self.amounts[i].saturating_add(o.amounts[i]);
            let room = self.max_examples.saturating_sub(self.examples[i].len());
            self.examples[i].extend(o.examples[i].iter().take(room).cloned());
        }
        for r in &o.rejected_rows {
            if self.rejected_rows.len() < MAX_REJECTED_ROWS {
                self.rejected_rows.push(r.clone());
            } else {
                self.rejected_rows_dropped += 1;
            }
        }
        self.rejected_rows_dropped += o.rejected_rows_dropped;
        self.rows_read += o.rows_read;
        self.rows_accepted += o.rows_accepted;
        self.blank_rows += o.blank_rows;
        self.preamble_lines += o.preamble_lines;
        self.accepted_amount = self.accepted_amount.saturating_add(o.accepted_amount);
        self.returns_amount = self.returns_amount.saturating_add(o.returns_amount);
        for (a, b) in self.histogram.iter_mut().zip(&o.histogram) {
            *a += b;
        }
        for &t in &o.top {
            let pos = self.top.partition_point(|&(a, _)| a >= t.0);
            self.top.insert(pos, t);
        }
        self.top.truncate(TOP_K);
    }
}

/// Histogram bin of a positive amount: 8 bins per decade from 10^-4 (1 money unit).
#[inline]
fn hist_bin(amount: Money) -> usize {
    if amount <= 0 {
        return 0;
    }
    // Start at the bin of the amount's highest bit, then step over at most a few edges:
    // cheaper per row than a logarithm or a full binary search.
    let e = bin_edges();
    let bits = 64 - amount.leading_zeros() as usize;
    let mut b = bin_starts()[bits];
    while b + 1 < HIST_BINS && e[b + 1] <= amount {
        b += 1;
    }
    b
}

/// For each bit length, the bin of the smallest amount with that length.
fn bin_starts() -> &'static [usize; 65] {
    static STARTS: std::sync::OnceLock<[usize; 65]> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let e = bin_edges();
        let mut s = [0usize; 65];
        for (bits, v) in s.iter_mut().enumerate().skip(1) {
            let smallest: Money = if bits >= 64 {
                Money::MAX
            } else {
                1 << (bits - 1)
            };
            *v = e.partition_point(|x| *x <= smallest).saturating_sub(1);
        }
        s
    })
}

fn bin_edges() -> &'static [Money; HIST_BINS] {
    static EDGES: std::sync::OnceLock<[Money; HIST_BINS]> = std::sync::OnceLock::new();
    EDGES.get_or_init(|| {
        // Bin b starts at 10^(b/8) rounded; the edges define the bins.
        let mut e = [0 as Money; HIST_BINS];
        for (b, v) in e.iter_mut().enumerate() {
            *v = (10f64.powf(b as f64 / 8.0).round() as Money).max(1);
        }
        e
    })
}

/// Smallest amount in bin `b` or above.
fn bin_floor(b: usize) -> Money {
    bin_edges()[b.min(HIST_BINS - 1)]
}

/// The audit as reported.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    /// Data rows read (not counting the header, title lines and blank lines).
    pub rows_read: u64,
    /// Rows used by the analysis.
    pub rows_accepted: u64,
    /// Rows rejected as unusable.
    pub rows_rejected: u64,
    /// Valid rows not used (after `asOf`, dropped duplicates).
    pub rows_excluded: u64,
    /// Blank lines and rows with every field empty (not data).
    pub blank_rows: u64,
    /// Lines above the header (titles).
    pub preamble_lines: u64,
    /// Sum of amounts over every data row whose amount parses.
    pub file_amount: f64,
    /// Sum of accepted amounts.
    pub accepted_amount: f64,
    /// Sum of amounts of rejected rows whose amount parses.
    pub rejected_amount: f64,
    /// Sum of amounts of excluded rows.
    pub excluded_amount: f64,
    /// Whether `file = accepted + rejected + excluded` holds for amounts and rows.
    pub reconciled: bool,
    /// Sum of negative accepted amounts (returns).
    pub returns_amount: f64,
    /// Accepted amounts from which a row counts as an outlier (see the docs), if computed.
    pub outlier_threshold: Option<f64>,
    /// Issues by kind (only kinds that occurred), in report order.
    pub issues: Vec<IssueGroup>,
    /// The largest accepted amounts with their lines.
    pub largest_amounts: Vec<(f64, u64)>,
    /// Clients merged by e-mail or phone: (kept id, merged ids).
    pub merges: Vec<(String, Vec<String>)>,
    /// Clients in the clients table without orders (leads).
    pub clients_without_orders: u64,
    /// Rejected rows kept for download (the rest are counted only).
    pub rejected_rows_kept: u64,
}

impl Audit {
    /// Builds the report from a builder.
    pub fn from_builder(
        b: &AuditBuilder,
        lang: Lang,
        merges: Vec<(String, Vec<String>)>,
        clients_without_orders: u64,
    ) -> Audit {
        let outlier = b.outlier_threshold();
        let mut issues = Vec::new();
        for kind in IssueKind::ALL {
            let mut count = b.count(kind);
            let mut amount = b.amount(kind);
            if kind == IssueKind::OutlierAmount {
                // Outliers are known only at the end: counted from the histogram.
                if let Some(t) = outlier {
                    count = b.count_at_least(t);
                    amount = 0;
                }
            }
            if count == 0 {
                continue;
            }
            let mut examples = b.examples[kind.index()].clone();
            if kind == IssueKind::OutlierAmount {
                if let Some(t) = outlier {
                    examples = b
                        .top
                        .iter()
                        .filter(|(a, _)| *a >= t)
                        .take(b.max_examples)
                        .map(|&(a, line)| IssueExample::new(line, 0, None, fmt_money(a)))
                        .collect();
                    amount = 0;
                }
            }
            issues.push(IssueGroup {
                kind,
                disposition: kind.disposition(),
                count,
                amount: money::to_f64(amount),
                description: String::new(),
                examples,
            });
        }
        let rejected: Money = IssueKind::ALL
            .iter()
            .filter(|k| k.disposition() == Disposition::Rejected)
            .map(|k| b.amount(*k))
            .sum();
        let excluded: Money = IssueKind::ALL
            .iter()
            .filter(|k| k.disposition() == Disposition::Excluded)
            .map(|k| b.amount(*k))
            .sum();
        let rows_rejected = b.rows_rejected();
        let rows_excluded = b.rows_excluded();
        let file = b.accepted_amount + rejected + excluded;
        let mut audit = Audit {
            rows_read: b.rows_read,
            rows_accepted: b.rows_accepted,
            rows_rejected,
            rows_excluded,
            blank_rows: b.blank_rows,
            preamble_lines: b.preamble_lines,
            file_amount: money::to_f64(file),
            accepted_amount: money::to_f64(b.accepted_amount),
            rejected_amount: money::to_f64(rejected),
            excluded_amount: money::to_f64(excluded),
            reconciled: b.rows_read == b.rows_accepted + rows_rejected + rows_excluded,
            returns_amount: money::to_f64(b.returns_amount),
            outlier_threshold: outlier.map(money::to_f64),
            issues,
            largest_amounts: b.top.iter().map(|&(a, l)| (money::to_f64(a), l)).collect(),
            merges,
            clients_without_orders,
            rejected_rows_kept: b.rejected_rows.len() as u64,
        };
        audit.localize(lang);
        audit
    }

    /// Writes what the kinds mean and the examples' details in `lang`.
    pub(crate) fn localize(&mut self, lang: Lang) {
        for g in &mut self.issues {
            g.description = g.kind.describe(lang).to_string();
            g.examples.iter_mut().for_each(|e| e.localize(lang));
        }
    }
}

fn fmt_money(m: Money) -> String {
    let mut v = Vec::new();
    money::push_money(&mut v, m, b'.');
    String::from_utf8(v).unwrap_or_default()
}

/// The bytes of an audit, for the partial state of a byte range and for a saved state.
impl AuditBuilder {
    /// Writes the counts, examples and rejected rows.
    pub(crate) fn encode(&self, w: &mut Writer) {
        let a = self;
        w.len(a.max_examples);
        for i in 0..IssueKind::ALL.len() {
            w.u64(a.counts[i]);
            w.i64(a.amounts[i]);
            w.len(a.examples[i].len());
            for x in &a.examples[i] {
                w.u64(x.line);
                w.u64(x.row);
                w.opt_str(x.column.as_deref());
                w.bytes(x.value.as_bytes());
                w.opt_str(x.details.as_ref().map(|d| d.en.as_str()));
                w.opt_str(x.details.as_ref().map(|d| d.ru.as_str()));
                w.opt_u64(x.ref_line);
            }
        }
        w.len(a.rejected_rows.len());
        for r in &a.rejected_rows {
            w.u64(r.line);
            w.u8(r.kind.index() as u8);
            w.len(r.fields.len());
            for f in &r.fields {
                w.bytes(f.as_bytes());
            }
        }
        for v in [
            a.rejected_rows_dropped,
            a.rows_read,
            a.rows_accepted,
            a.blank_rows,
            a.preamble_lines,
        ] {
            w.u64(v);
        }
        w.i64(a.accepted_amount);
        w.i64(a.returns_amount);
        w.len(a.top.len());
        for &(m, l) in &a.top {
            w.i64(m);
            w.u64(l);
        }
        w.len(a.histogram.len());
        for &h in &a.histogram {
            w.u64(h);
        }
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<AuditBuilder, Error> {
        let max_examples = r.u64()?.min(1 << 20) as usize;
        let mut audit = AuditBuilder::new(max_examples);
        for i in 0..IssueKind::ALL.len() {
            audit.counts[i] = r.u64()?;
            audit.amounts[i] = r.i64()?;
            let n = r.len(20)?;
            for _ in 0..n {
                let (line, row, column, value) = (r.u64()?, r.u64()?, r.opt_string()?, r.string()?);
                let details = match (r.opt_string()?, r.opt_string()?) {
                    (Some(en), Some(ru)) => Some(Bilingual::new(en, ru)),
                    _ => None,
                };
                let mut example = IssueExample::new(line, row, column, value).with_details(details);
                example.ref_line = r.opt_u64()?;
                audit.examples[i].push(example);
            }
        }
        let n = r.len(17)?;
        for _ in 0..n {
            let line = r.u64()?;
            let kind = *IssueKind::ALL
                .get(r.u8()? as usize)
                .ok_or_else(|| r.bad())?;
            let m = r.len(8)?;
            let fields = (0..m).map(|_| r.string()).collect::<Result<_, _>>()?;
            audit.rejected_rows.push(RejectedRow { line, kind, fields });
        }
        audit.rejected_rows_dropped = r.u64()?;
        audit.rows_read = r.u64()?;
        audit.rows_accepted = r.u64()?;
        audit.blank_rows = r.u64()?;
        audit.preamble_lines = r.u64()?;
        audit.accepted_amount = r.i64()?;
        audit.returns_amount = r.i64()?;
        let n = r.len(16)?;
        audit.top = (0..n)
            .map(|_| Ok((r.i64()?, r.u64()?)))
            .collect::<Result<_, Error>>()?;
        let n = r.len(8)?;
        if n != audit.histogram.len() {
            return Err(r.bad());
        }
        for h in audit.histogram.iter_mut() {
            *h = r.u64()?;
        }
        Ok(audit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::SCALE;

    #[test]
    fn histogram_edges_are_exact() {
        for b in 1..100 {
            let f = bin_floor(b);
            assert!(hist_bin(f) >= b, "{b}");
            assert!(hist_bin(f - 1) < b, "{b}");
        }
    }

    #[test]
    fn bins_match_a_search() {
        for v in (1..5000).chain([1 << 20, 123_456_789, i64::MAX / 3]) {
            let want = bin_edges().partition_point(|e| *e <= v).saturating_sub(1);
            assert_eq!(hist_bin(v), want, "{v}");
        }
    }

    #[test]
    fn outliers_found() {
        let mut a = AuditBuilder::new(5);
        for i in 0..1000 {
            a.accepted((50 + i % 50) * SCALE, i as u64 + 2);
        }
        a.accepted(1_000_000 * SCALE, 5000);
        let t = a.outlier_threshold().unwrap();
        assert!(t > 100 * SCALE && t < 1_000_000 * SCALE, "{t}");
        assert_eq!(a.count_at_least(t), 1);
        assert_eq!(a.top[0], (1_000_000 * SCALE, 5000));
    }
}
