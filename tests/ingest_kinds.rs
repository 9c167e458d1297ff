//! Kinds of real-world exports, each read from a file in `tests/data/kinds/` (see the README
//! there): the column chosen as the client key, the clients, the revenue and the audit, or the
//! error a file that is not a table gets.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::{analyze, ErrorKind, Options, Role};

fn file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/kinds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The error `analyze` and `sniff` give on the file (`sniff` may also succeed).
fn error_of(name: &str) -> segmenta::Error {
    match analyze(&file(name), &Options::default()) {
        Ok(_) => panic!("{name}: read without an error"),
        Err(e) => e,
    }
}

#[test]
fn a_file_that_is_not_text_says_so_before_anything_else() {
    #[rustfmt::skip]
    let cases = [
        ("image.png.csv", "a PNG image"),
        ("archive.zip.csv", "a ZIP archive (an .xlsx, .docx or .zip file)"),
        ("document.pdf.csv", "a PDF document"),
    ];
    for (name, what) in cases {
        let e = error_of(name);
        assert_eq!(e.kind(), ErrorKind::NotText, "{name}: {e}");
        assert_eq!(e.kind().as_str(), "notText");
        assert_eq!(
            e.to_string(),
            format!("the file is not a text file: its first bytes are those of {what}; save the table as CSV (text) and open that file"),
            "{name}"
        );
        // The sniff, which the page calls first, says the same.
        let e = segmenta::sniff(&file(name), &Options::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotText, "{name}: sniff");
        // An encoding given does not make it text.
        let opts = Options::from_json(r#"{"encoding":"windows-1251"}"#).unwrap();
        let e = analyze(&file(name), &opts).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::NotText, "{name}: with an encoding");
    }
    // Text in UTF-16 (zero bytes in every other place) is still read.
    let utf16: Vec<u8> = "client,date,amount\na,2024-01-01,1\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let r = analyze(&utf16, &Options::default()).unwrap();
    assert_eq!(r.summary().customers, 1);
}

#[test]
fn a_header_without_rows_is_named_as_such() {
    let e = error_of("header-only.csv");
    assert_eq!(e.kind(), ErrorKind::HeaderOnly, "{e}");
    assert_eq!(e.kind().as_str(), "headerOnly");
    assert_eq!(
        e.to_string(),
        "line 1: the file has a header but no rows: there are no orders to analyse below it"
    );
    // The sniff reads the header and says what is missing.
    let s = segmenta::sniff(&file("header-only.csv"), &Options::default()).unwrap();
    assert_eq!(s.header_line, Some(1));
    assert_eq!(s.column(Role::Client).unwrap().name, "Клиент");
    assert!(s.preview.is_empty());
    assert!(
        s.warnings
            .iter()
            .any(|w| w == "the file has a header but no rows"),
        "{:?}",
        s.warnings
    );
    // Title lines above, blank lines and rows of empty fields below change nothing.
    for text in [
        "Отчёт за 2024 год\nКлиент;Дата;Сумма\n",
        "client,date,amount\n\n,,\n , ,\n",
    ] {
        let e = analyze(text.as_bytes(), &Options::default()).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::HeaderOnly, "{text:?}: {e}");
    }
    // One row is enough to be read.
    let r = analyze(b"client,date,amount\na,2024-01-01,1\n", &Options::default()).unwrap();
    assert_eq!(r.summary().customers, 1);
}
