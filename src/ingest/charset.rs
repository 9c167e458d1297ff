//! Text encodings: detection from the first bytes, and streaming conversion to UTF-8.
//!
//! Exports come as UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode
//! text"), or a Windows code page (1C and Bitrix24 write Windows-1251). Everything is
//! converted to UTF-8 before the CSV is read; UTF-8 input is read in place.

use encoding_rs::{Decoder, DecoderResult, Encoding};

/// A detected or requested encoding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Charset {
    /// The encoding (from `encoding_rs`).
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark at the start of the input (0 when none).
    pub bom_len: usize,
    /// How sure the detection is, 0..=1 (1 for a BOM or an explicit option).
    pub confidence: f32,
}

impl Charset {
    /// The WHATWG name of the encoding, lowercase (`utf-8`, `windows-1251`, `utf-16le`).
    pub fn name(&self) -> String {
        let n = self.encoding.name().to_ascii_lowercase();
        if self.bom_len > 0 && self.encoding == encoding_rs::UTF_8 {
            "utf-8-bom".to_string()
        } else {
            n
        }
    }

    /// Whether the input is read in place (UTF-8).
    pub fn is_utf8(&self) -> bool {
        self.encoding == encoding_rs::UTF_8
    }
}

/// Looks up an encoding by label (`utf-8`, `cp1251`, `windows-1251`, `utf-16le`, `koi8-r`…).
pub(crate) fn for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "cp1251" | "win1251" | "win-1251" | "1251" => "windows-1251",
        "utf8" => "utf-8",
        "utf16le" | "utf-16" => "utf-16le",
        "utf16be" => "utf-16be",
        "cp866" | "866" | "dos" => "ibm866",
        "utf-8-bom" | "utf8bom" => "utf-8",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// Detects the encoding of `sample`, the first bytes of the input. `complete` says the
/// sample is the whole input (a multibyte character cut at the end is then an error).
pub(crate) fn detect(sample: &[u8], complete: bool) -> Charset {
    if let Some((enc, bom_len)) = Encoding::for_bom(sample) {
        return Charset {
            encoding: enc,
            bom_len,
            confidence: 1.0,
        };
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return Charset {
            encoding,
            bom_len: 0,
            confidence: 0.8,
        };
    }
    let valid_up_to = match std::str::from_utf8(sample) {
        Ok(_) => sample.len(),
        Err(e) => {
            // A character cut by the end of a partial sample is fine.
            if !complete && e.error_len().is_none() {
                e.valid_up_to()
            } else {
                0
            }
        }
    };
    if valid_up_to == sample.len() || (!complete && sample.len() - valid_up_to < 4) {
        let ascii = sample.is_ascii();
        return Charset {
            encoding: encoding_rs::UTF_8,
            bom_len: 0,
            confidence: if ascii { 1.0 } else { 0.99 },
        };
    }
    // A single-byte code page: the Cyrillic ones (1C and Bitrix24 write Windows-1251) or
    // Windows-1252 (Excel in Western locales). The one whose decoding reads most like words
    // wins: lowercase Cyrillic letters for the Cyrillic pages, accented Latin letters inside
    // Latin words for 1252; a Cyrillic letter glued to a Latin one, or a symbol no text
    // uses, counts against.
    let mut best = (encoding_rs::WINDOWS_1251, -1i64);
    for enc in [
        encoding_rs::WINDOWS_1251,
        encoding_rs::KOI8_R,
        encoding_rs::IBM866,
        encoding_rs::WINDOWS_1252,
    ] {
        let (text, _) = enc.decode_without_bom_handling(&sample[..sample.len().min(65_536)]);
        let score = word_score(&text, enc == encoding_rs::WINDOWS_1252);
        if score > best.1 {
            best = (enc, score);
        }
    }
    let high = sample.iter().filter(|b| **b >= 0x80).count().max(1);
    Charset {
        encoding: best.0,
        bom_len: 0,
        confidence: (best.1.max(0) as f32 / high as f32).clamp(0.3, 0.95),
    }
}

/// UTF-16 without a BOM: zero bytes in every other position of mostly-ASCII text.
pub(crate) fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len().min(4096) / 2;
    if pairs < 4 {
        return None;
    }
    let even_zero = (0..pairs).filter(|i| sample[2 * i] == 0).count();
    let odd_zero = (0..pairs).filter(|i| sample[2 * i + 1] == 0).count();
    if odd_zero * 10 >= pairs * 4 && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 4 && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// How much `text` reads like words of its script (see [`detect`]); `latin` for a Western
/// code page.
fn word_score(text: &str, latin: bool) -> i64 {
    let mut score = 0i64;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        if !c.is_ascii() {
            let cyrillic = ('а'..='я').contains(&c) || ('А'..='Я').contains(&c) || "ёЁ".contains(c);
            let glued = prev.is_ascii_alphabetic() || next.is_ascii_alphabetic();
            score += match (latin, cyrillic) {
                (false, true) if glued => -2,
                (false, true) if c.is_lowercase() => 1,
                (false, true) => 0,
                (true, _) if c.is_alphabetic() && glued => 1,
                (true, _) if c.is_alphabetic() => 0,
                _ if c.is_alphanumeric() => 0,
                _ if matches!(
                    c,
                    '№' | '«'
                        | '»'
                        | '—'
                        | '–'
                        | '\u{a0}'
                        | '’'
                        | '“'
                        | '”'
                        | '€'
                        | '£'
                        | '°'
                ) =>
                {
                    0
                }
                _ => -2,
            };
        }
        prev = c;
    }
    score
}

/// Converts a stream of bytes in some encoding to UTF-8, chunk by chunk; characters split
/// between chunks are handled.
pub(crate) struct Transcoder {
    decoder: Decoder,
    out: Vec<u8>,
    /// Replacement characters written for invalid sequences.
    pub replacements: u64,
}

impl Transcoder {
    /// A transcoder for `charset`; the BOM, if any, is removed.
    pub(crate) fn new(charset: Charset) -> Self {
        Transcoder {
            decoder: charset.encoding.new_decoder_with_bom_removal(),
            out: Vec::new(),
            replacements: 0,
        }
    }

    /// Converts `input` (and, with `last`, flushes what is pending); returns UTF-8 bytes.
    pub(crate) fn convert(&mut self, input: &[u8], last: bool) -> &[u8] {
        let need = self
            .decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len() * 3 + 16);
        self.out.clear();
        self.out.resize(need, 0);
        let mut read = 0;
        let mut written = 0;
        loop {
            let (result, r, w) = self.decoder.decode_to_utf8_without_replacement(
                &input[read..],
                &mut self.out[written..],
                last,
            );
            read += r;
            written += w;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {
                    let more = self.out.len() + 64;
                    self.out.resize(more * 2, 0);
                }
                DecoderResult::Malformed(_, _) => {
                    // U+FFFD marks the spot; rows holding it in a used field are rejected.
                    self.replacements += 1;
                    if self.out.len() - written < 3 {
                        let n = self.out.len() * 2 + 3;
                        self.out.resize(n, 0);
                    }
                    self.out[written..written + 3].copy_from_slice("\u{FFFD}".as_bytes());
                    written += 3;
                }
            }
        }
        &self.out[..written]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp1251(s: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
    }

    #[test]
    fn detects() {
        let text = "Клиент;Дата;Сумма\nИванов Иван;05.03.2024;1 234,56\n";
        let cases: Vec<(Vec<u8>, &str, usize)> = vec![
            (text.as_bytes().to_vec(), "utf-8", 0),
            (
                [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
                "utf-8-bom",
                3,
            ),
            (cp1251(text), "windows-1251", 0),
            (encoding_rs::KOI8_R.encode(text).0.into_owned(), "koi8-r", 0),
            (
                [
                    &[0xFF, 0xFE][..],
                    &text
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes)
                        .collect::<Vec<_>>(),
                ]
                .concat(),
                "utf-16le",
                2,
            ),
            (
                [
                    &[0xFE, 0xFF][..],
                    &text
                        .encode_utf16()
                        .flat_map(u16::to_be_bytes)
                        .collect::<Vec<_>>(),
                ]
                .concat(),
                "utf-16be",
                2,
            ),
            (
                "id,date\n1,2024-01-01\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect(),
                "utf-16le",
                0,
            ),
            (b"plain,ascii\n".to_vec(), "utf-8", 0),
            (
                encoding_rs::WINDOWS_1252
                    .encode("StockCode,Description\n90214A,CAFÉ TABLE – CHARM\n2,Müller's crème\n")
                    .0
                    .into_owned(),
                "windows-1252",
                0,
            ),
            (
                cp1251("Клиент;Сумма\nИП Иванов – ООО «Ромашка»;10\n"),
                "windows-1251",
                0,
            ),
            (cp1251("Name;Сумма\nIvanov Иван;10\n"), "windows-1251", 0),
        ];
        for (bytes, name, bom) in cases {
            let c = detect(&bytes, true);
            assert_eq!((c.name().as_str(), c.bom_len), (name, bom), "{name}");
        }
    }

    #[test]
    fn split_characters_survive_chunking() {
        let text = "Клиент;Сумма\nЁжиков;1\n";
        for enc in [
            encoding_rs::WINDOWS_1251,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_8,
        ] {
            let bytes = if enc == encoding_rs::UTF_16LE {
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<_>>()
            } else {
                enc.encode(text).0.into_owned()
            };
            for split in 0..bytes.len() {
                let mut t = Transcoder::new(Charset {
                    encoding: enc,
                    bom_len: 0,
                    confidence: 1.0,
                });
                let mut out = t.convert(&bytes[..split], false).to_vec();
                out.extend_from_slice(t.convert(&bytes[split..], true));
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    text,
                    "{} split {split}",
                    enc.name()
                );
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(for_label("cp1251"), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(for_label("UTF-8"), Some(encoding_rs::UTF_8));
        assert_eq!(for_label("nonsense"), None);
    }
}
