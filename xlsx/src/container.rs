//! What the bytes are, before any part is decompressed: an .xlsx workbook (a ZIP archive
//! with a workbook part), an old .xls or a password-protected workbook (both OLE compound
//! files), or something else; and how much memory the parts read up front will take.

use crate::error::{Error, ErrorKind, Part};
use std::io::{Cursor, Read};
use zip::ZipArchive;

const ZIP: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
/// An OLE compound file: Excel 97–2003 workbooks, and the package Office wraps an
/// encrypted .xlsx in.
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` start like a ZIP archive or an OLE compound file: an .xlsx, .xls or
/// password-protected workbook (or another Office document), never a CSV. Use it to route
/// a file to [`crate::xlsx_to_csv`], which then says what the file is.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP) || bytes.starts_with(COMPOUND_FILE)
}

/// The parts of a workbook that matter before it is opened.
pub(crate) struct Parts {
    /// Bytes the parts read up front take once parsed, estimated.
    pub(crate) up_front: u64,
}

/// Checks that `bytes` are an .xlsx archive, and that the parts read whole when it is opened
/// (shared strings, styles, the workbook) fit in `limit` bytes.
pub(crate) fn inspect(bytes: &[u8], limit: u64) -> Result<Parts, Error> {
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(compound_file(bytes));
    }
    if !bytes.starts_with(ZIP) && !bytes.starts_with(EMPTY_ZIP) {
        return Err(not_a_workbook(bytes));
    }
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::damaged(Part::Archive, e))?;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive
            .by_index_data(i)
            .map_err(|e| Error::damaged(Part::Directory, e))?;
        let name = String::from_utf8_lossy(entry.name_raw()).to_ascii_lowercase();
        names.push((name, entry.size(), i));
    }
    if !names.iter().any(|(n, ..)| is_workbook_part(n)) {
        return Err(other_archive(&names));
    }
    // What calamine parses when it opens the workbook: the relationships, the shared
    // strings, the styles, the theme and the workbook part. Parsed, they take at most a few
    // times their size (each shared string becomes a `String`).
    let mut up_front = 0u64;
    for (name, size, index) in &names {
        let read_whole = name.ends_with(".rels")
            || name.ends_with("sharedstrings.xml")
            || name.ends_with("styles.xml")
            || name.ends_with("theme1.xml")
            || is_workbook_part(name);
        if !read_whole {
            continue;
        }
        up_front = up_front.saturating_add(size.saturating_mul(3));
        if name.ends_with("sharedstrings.xml") {
            check_string_count(&mut archive, *index, *size)?;
        }
    }
    if up_front > limit {
        return Err(Error::too_large(Part::TextAndStyles, up_front, limit));
    }
    Ok(Parts { up_front })
}

fn is_workbook_part(name: &str) -> bool {
    name == "workbook.xml" || name.ends_with("/workbook.xml")
}

/// calamine reserves room for the number of strings the table declares: a count beyond
/// what its bytes can hold (each string takes at least 5 bytes, `<si/>`) is refused before
/// that reservation could fail.
fn check_string_count(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
) -> Result<(), Error> {
    const WHAT: Part = Part::SharedStrings;
    let mut head = Vec::new();
    archive
        .by_index(index)
        .map_err(|e| Error::damaged(WHAT, e))?
        .take(64 << 10)
        .read_to_end(&mut head)
        .map_err(|e| Error::damaged(WHAT, e))?;
    let Some(count) = declared_count(&head) else {
        return Ok(());
    };
    if count > size / 5 + 1 {
        return Err(Error::damaged_because(
            WHAT,
            &format!("{count} strings declared in {size} bytes"),
            &format!("объявлено строк: {count}, а в части всего {size} байт"),
        ));
    }
    Ok(())
}

/// The `uniqueCount` of the `<sst>` start tag in `head`, when it is a number.
fn declared_count(head: &[u8]) -> Option<u64> {
    let start = find(head, b"<sst")?;
    let tag = &head[start..];
    let tag = &tag[..find(tag, b">")?];
    let at = find(tag, b"uniqueCount=")? + b"uniqueCount=".len();
    let digits = tag.get(at + 1..)?;
    let end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    // Too many digits for a u64 is too many strings.
    std::str::from_utf8(&digits[..end])
        .ok()?
        .parse()
        .ok()
        .or(Some(u64::MAX).filter(|_| end > 0))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An OLE compound file: an encrypted workbook or an Excel 97–2003 one (or another old
/// Office document).
fn compound_file(bytes: &[u8]) -> Error {
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    if find(bytes, &utf16("EncryptedPackage")).is_some() {
        return Error::new(
            ErrorKind::Encrypted,
            "the workbook is protected by a password; open it in Excel, remove the password \
             (File → Info → Protect Workbook → Encrypt with Password) and save it again, or \
             save the sheet as CSV",
            "книга защищена паролем; откройте её в Excel, снимите пароль (Файл → Сведения → \
             Защита книги → Зашифровать с использованием пароля) и сохраните книгу заново \
             или сохраните лист как CSV",
        );
    }
    Error::new(
        ErrorKind::LegacyXls,
        "this is an old Excel 97–2003 workbook (.xls); open it in Excel and save it as \
         .xlsx (Excel Workbook) or as CSV",
        "это книга старого формата Excel 97–2003 (.xls); откройте её в Excel и сохраните \
         как .xlsx (тип «Книга Excel») или как CSV",
    )
}

/// Bytes that are not an archive at all: say what they look like.
fn not_a_workbook(bytes: &[u8]) -> Error {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let (en, ru) = if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        (
            "an XML Spreadsheet 2003 file, not an .xlsx workbook; open it in Excel and save \
             it as .xlsx or CSV",
            "таблица XML 2003, а не книга .xlsx; откройте его в Excel и сохраните как .xlsx \
             или CSV",
        )
    } else if head.contains("<html") || head.contains("<table") {
        (
            "a web page (HTML) saved with a spreadsheet's name, not an .xlsx workbook; open \
             it in Excel and save it as .xlsx or CSV",
            "веб-страница, сохранённая под именем таблицы, а не книга .xlsx; откройте его в \
             Excel и сохраните как .xlsx или CSV",
        )
    } else {
        (
            "not an Excel workbook (.xlsx); save the sheet as .xlsx or CSV",
            "не книга Excel (.xlsx); сохраните лист как .xlsx или CSV",
        )
    };
    not_xlsx(en, ru)
}

/// A ZIP archive without a workbook part: an OpenDocument or binary workbook, or another
/// archive.
fn other_archive(names: &[(String, u64, usize)]) -> Error {
    let has = |part: &str| names.iter().any(|(n, ..)| n == part);
    let (en, ru) = if has("xl/workbook.bin") {
        (
            "a binary Excel workbook (.xlsb); open it in Excel and save it as .xlsx or CSV",
            "двоичная книга Excel (.xlsb); откройте его в Excel и сохраните как .xlsx или CSV",
        )
    } else if has("content.xml") && has("mimetype") {
        (
            "an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV",
            "таблица формата .ods; сохраните его как .xlsx или CSV",
        )
    } else {
        (
            "a ZIP archive, not an Excel workbook; unpack it, or save the sheet as .xlsx or CSV",
            "архив, а не книга Excel; распакуйте его или сохраните лист как .xlsx или CSV",
        )
    };
    not_xlsx(en, ru)
}

/// «The file is …», in both languages.
fn not_xlsx(en: &str, ru: &str) -> Error {
    Error::new(
        ErrorKind::NotXlsx,
        format!("the file is {en}"),
        format!("этот файл — {ru}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_counts() {
        let cases: &[(&[u8], Option<u64>)] = &[
            (
                b"<?xml?><sst xmlns=\"x\" count=\"3\" uniqueCount=\"2\"><si>",
                Some(2),
            ),
            (b"<sst uniqueCount='17'>", Some(17)),
            (b"<sst count=\"3\">", None),
            (b"<sst uniqueCount=\"\">", None),
            (
                b"<sst uniqueCount=\"99999999999999999999999\">",
                Some(u64::MAX),
            ),
            (b"<sst uniqueCount=\"5\"", None),
            (b"no table", None),
        ];
        for (head, want) in cases {
            assert_eq!(
                declared_count(head),
                *want,
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn kinds_of_files() {
        let cases: &[(&[u8], ErrorKind)] = &[
            (b"client,date,amount\n1,2024-01-02,3\n", ErrorKind::NotXlsx),
            (b"", ErrorKind::NotXlsx),
            (
                b"<html><table><tr><td>1</td></tr></table>",
                ErrorKind::NotXlsx,
            ),
            (COMPOUND_FILE, ErrorKind::LegacyXls),
            (b"PK\x03\x04 truncated", ErrorKind::Damaged),
            (
                b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
                ErrorKind::NotXlsx,
            ),
        ];
        for (bytes, kind) in cases {
            let got = inspect(bytes, 1 << 30).err().map(|e| e.kind());
            assert_eq!(got, Some(*kind), "{}", String::from_utf8_lossy(bytes));
        }
        let mut encrypted = COMPOUND_FILE.to_vec();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            inspect(&encrypted, 1 << 30).err().map(|e| e.kind()),
            Some(ErrorKind::Encrypted)
        );
    }
}
