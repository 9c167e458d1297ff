//! Text as rules compare it: case, `ё` and white space folded.

/// Normalises text for comparison: trims white space (Unicode white space,
/// including U+00A0), lowercases every char (Unicode), maps `ё` to `е` and
/// collapses inner white-space runs to one space.
///
/// `normalize_text("  Ёлка\u{a0}\u{a0}ЗЕЛЁНАЯ ")` is `"елка зеленая"`.
pub fn normalize_text(s: &str) -> String {
    NormChars::new(s).collect()
}

/// Whether `normalize_text(s) == folded`, without allocating.
pub(crate) fn folds_to(s: &str, folded: &str) -> bool {
    NormChars::new(s).eq(folded.chars())
}

/// Whether `a` and `b` are the same text once folded as [`normalize_text`] folds it,
/// compared without allocating.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    NormChars::new(a).eq(NormChars::new(b))
}

/// Writes `normalize_text(s)` into `out` (cleared first), reusing its buffer.
pub(crate) fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    out.extend(NormChars::new(s));
}

/// The chars of `normalize_text(s)`, produced without allocating.
#[derive(Clone)]
pub(super) struct NormChars<'a> {
    chars: std::str::Chars<'a>,
    pending: Option<std::char::ToLowercase>,
}

impl<'a> NormChars<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        NormChars {
            chars: s.trim().chars(),
            pending: None,
        }
    }
}

#[inline]
pub(super) fn fold_yo(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        c
    }
}

/// Lowercase (and `ё`→`е`) for ASCII and Cyrillic without the Unicode
/// tables; `None` for other chars.
#[inline]
pub(crate) fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0x410..=0x42F => u + 0x20, // А-Я
        0x400..=0x40F => u + 0x50, // Ѐ-Џ, including Ё
        0x430..=0x45F => u,        // а-я, ѐ-џ
        _ => return None,
    };
    char::from_u32(l).map(fold_yo)
}

impl Iterator for NormChars<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        if let Some(lower) = &mut self.pending {
            if let Some(c) = lower.next() {
                return Some(fold_yo(c));
            }
            self.pending = None;
        }
        let c = self.chars.next()?;
        if c.is_whitespace() {
            // The text is trimmed, so a non-space char follows the run.
            for d in self.chars.by_ref() {
                if !d.is_whitespace() {
                    self.pending = Some(d.to_lowercase());
                    break;
                }
            }
            return Some(' ');
        }
        if let Some(l) = fast_lower(c) {
            return Some(l);
        }
        let mut lower = c.to_lowercase();
        let first = lower.next()?;
        self.pending = Some(lower);
        Some(fold_yo(first))
    }
}

/// Whether the normalised `haystack` contains `needle` (KMP with the
/// precomputed `fail` table), without allocating.
pub(super) fn kmp_contains(haystack: NormChars<'_>, needle: &[char], fail: &[usize]) -> bool {
    if needle.is_empty() {
        return true;
    }
    let mut k = 0usize;
    for c in haystack {
        while k > 0 && needle.get(k) != Some(&c) {
            k = fail.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(k) == Some(&c) {
            k += 1;
            if k == needle.len() {
                return true;
            }
        }
    }
    false
}

pub(super) fn kmp_table(needle: &[char]) -> Vec<usize> {
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0usize;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    fail
}
