//! Files that are not text: an image, an archive, a PDF or a workbook renamed `.csv`. Told
//! from the first bytes, before any encoding is guessed: a known format's magic number, or
//! control bytes (NUL and the like) that no text table holds. UTF-16, whose ASCII letters
//! come with a zero byte each, is text.

use crate::ingest::charset;

/// What a file that is no text is, in English and in Russian (in the genitive a message
/// needs: «байты изображения PNG»).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct What {
    /// English, with its article.
    pub(crate) en: &'static str,
    /// Russian, in the genitive.
    pub(crate) ru: &'static str,
}

const fn what(en: &'static str, ru: &'static str) -> What {
    What { en, ru }
}

const ZIP: What = what(
    "a ZIP archive (an .xlsx, .docx or .zip file)",
    "архива ZIP (файла .xlsx, .docx или .zip)",
);
const GIF: What = what("a GIF image", "изображения GIF");
const TIFF: What = what("a TIFF image", "изображения TIFF");
const WEBP: What = what("a WebP image", "изображения WebP");
const BINARY: What = what("binary data", "двоичных данных");

/// Magic numbers of the formats most often dropped in place of a CSV, with what they are.
const MAGIC: &[(&[u8], What)] = &[
    (b"\x89PNG\r\n\x1a\n", what("a PNG image", "изображения PNG")),
    (b"\xFF\xD8\xFF", what("a JPEG image", "изображения JPEG")),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"%PDF-", what("a PDF document", "документа PDF")),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),
    (b"PK\x07\x08", ZIP),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        what(
            "an old Office document (an .xls or .doc file)",
            "старого документа Office (файла .xls или .doc)",
        ),
    ),
    (b"\x1F\x8B", what("a gzip archive", "архива gzip")),
    (
        b"7z\xBC\xAF\x27\x1C",
        what("a 7-Zip archive", "архива 7-Zip"),
    ),
    (b"Rar!\x1A\x07", what("a RAR archive", "архива RAR")),
    (b"\xFD7zXZ\x00", what("an xz archive", "архива xz")),
    (b"\x28\xB5\x2F\xFD", what("a zstd archive", "архива zstd")),
    (
        b"SQLite format 3\x00",
        what("an SQLite database", "базы данных SQLite"),
    ),
    (b"\x7FELF", what("a program", "программы")),
    (
        b"\x00asm",
        what("a WebAssembly module", "модуля WebAssembly"),
    ),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
];

/// Bytes looked at for control bytes.
const PROBE: usize = 4096;

/// What the input is when it is not text, from its first bytes; `None` for text.
/// `encoding` is the encoding the options give, if any (UTF-16 has zero bytes).
pub(crate) fn not_text(sample: &[u8], encoding: Option<&str>) -> Option<What> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| sample.starts_with(m)) {
        return Some(*what);
    }
    if sample.starts_with(b"RIFF") && sample.get(8..12) == Some(b"WEBP") {
        return Some(WEBP);
    }
    let utf16 = encoding
        .and_then(charset::for_label)
        .or_else(|| encoding_rs::Encoding::for_bom(sample).map(|(e, _)| e))
        .or_else(|| charset::utf16_without_bom(sample))
        .is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    if utf16 {
        return None;
    }
    // Text has tabs, line breaks, now and then a form feed or a DOS end-of-file byte; a
    // binary file has every byte value, a control byte in about eight.
    let probe = &sample[..sample.len().min(PROBE)];
    let controls = probe
        .iter()
        .filter(|&&b| matches!(b, 0x00..=0x08 | 0x0E..=0x19 | 0x1C..=0x1F))
        .count();
    (controls > 0 && controls * 100 >= probe.len()).then_some(BINARY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn not_text_table() {
        let mut noise: Vec<u8> = (0..2000u32)
            .map(|i| ((i * 2_654_435_761) >> 13) as u8)
            .collect();
        let png = [&b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"[..], &noise].concat();
        let webp = [&b"RIFF\x10\x00\x00\x00WEBPVP8 "[..], &noise].concat();
        let one_nul = [&b"client,date,amount\n"[..], &[b'a'; 200], b"\x00", b"\n"].concat();
        let text_with_feed = b"client;date;amount\x0c\na;2024-01-01;1\x1a".to_vec();
        let cp1251 = encoding_rs::WINDOWS_1251
            .encode("Клиент;Дата\nИванов;01.01.2024\n")
            .0;
        let mut bom16 = vec![0xFF, 0xFE];
        bom16.extend(utf16le("client,date\na,2024-01-01\n"));
        noise.truncate(600);
        #[rustfmt::skip]
        let cases: &[(&str, &[u8], Option<&str>, Option<&str>)] = &[
            ("a PNG", &png, None, Some("a PNG image")),
            ("a PNG with an encoding given", &png, Some("windows-1251"), Some("a PNG image")),
            ("a JPEG", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", None, Some("a JPEG image")),
            ("an .xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00", None, Some("a ZIP archive (an .xlsx, .docx or .zip file)")),
            ("a PDF", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", None, Some("a PDF document")),
            ("an old .xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", None, Some("an old Office document (an .xls or .doc file)")),
            ("a WebP", &webp, None, Some("a WebP image")),
            ("random bytes", &noise, None, Some("binary data")),
            ("a CSV", b"client,date,amount\na,2024-01-01,1\n", None, None),
            ("a CSV starting like a format's name", b"PK;Rar!;GIF\n1;2;3\n", None, None),
            ("one stray NUL in a line of text", &one_nul, None, None),
            ("a form feed and a DOS end of file", &text_with_feed, None, None),
            ("Windows-1251", &cp1251, None, None),
            ("UTF-16 with a BOM", &bom16, None, None),
            ("UTF-16 without a BOM", &utf16le("client,date,amount\na,2024-01-01,1\n"), None, None),
            ("UTF-16 given as the encoding", &utf16le("a,b\n"), Some("utf-16le"), None),
            ("empty", b"", None, None),
        ];
        for (name, bytes, encoding, want) in cases {
            assert_eq!(not_text(bytes, *encoding).map(|w| w.en), *want, "{name}");
        }
    }
}
