//! Workbooks written by rust_xlsxwriter (and some edited after), converted through the
//! public API: typed cells, where the table is, the sheet chosen, and every kind of error.

#![cfg(not(target_arch = "wasm32"))]

use rust_xlsxwriter::{
    Chart, ChartType, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};
use segmenta_xlsx::{sheet_names, xlsx_to_csv, Error, ErrorKind, Lang, Options, SheetChoice};
use std::io::{Cursor, Read, Write};

type Fill = fn(&mut Worksheet) -> Result<(), XlsxError>;

fn workbook(fill: Fill) -> Vec<u8> {
    let mut wb = Workbook::new();
    fill(wb.add_worksheet()).unwrap();
    wb.save_to_buffer().unwrap()
}

fn csv_of(bytes: &[u8]) -> String {
    let out = xlsx_to_csv(bytes, &Options::default()).unwrap();
    String::from_utf8(out.csv).unwrap()
}

fn error_of(bytes: &[u8], options: &Options) -> ErrorKind {
    let e = xlsx_to_csv(bytes, options).unwrap_err();
    assert_russian(&e);
    e.kind()
}

/// The Russian message is Russian: outside «quoted names», no Latin word but the names of
/// formats and of Excel.
fn assert_russian(e: &Error) {
    const CODES: [&str; 7] = ["CSV", "Excel", "xlsx", "xls", "xlsb", "ods", "XML"];
    let ru = e.message(Lang::Ru);
    assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
    assert_ne!(ru, e.message(Lang::En));
    let mut outside = String::new();
    let mut quoted = 0;
    for c in ru.chars() {
        match c {
            '«' => quoted += 1,
            '»' => quoted -= 1,
            c if quoted == 0 => outside.push(c),
            _ => {}
        }
    }
    for word in outside.split(|c: char| !c.is_ascii_alphabetic()) {
        assert!(word.len() < 2 || CODES.contains(&word), "{word:?} in {ru}");
    }
}

/// The archive with the part `name` changed by `edit`.
fn edited(bytes: &[u8], name: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry_name == name {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(entry_name, stored).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn typed_cells() {
    let bytes = workbook(|ws| {
        let date = Format::new().set_num_format("dd.mm.yyyy");
        let date_time = Format::new().set_num_format("dd.mm.yyyy hh:mm");
        let money = Format::new().set_num_format("#,##0.00 ₽");
        ws.write_row(0, 0, ["id", "date", "amount", "paid", "note", "check"])?;
        ws.write_number(1, 0, 17850)?;
        ws.write_datetime_with_format(1, 1, &ExcelDateTime::from_ymd(2024, 2, 1)?, &date)?;
        ws.write_number_with_format(1, 2, 1234.5, &money)?;
        ws.write_boolean(1, 3, true)?;
        ws.write_string(1, 4, "Иванов, \"ВИП\"")?;
        ws.write_formula(1, 5, Formula::new("=NA()").set_result("#N/A"))?;
        ws.write_string(2, 0, "00042")?;
        let evening = ExcelDateTime::from_ymd(2024, 2, 29)?.and_hms(18, 30, 0)?;
        ws.write_datetime_with_format(2, 1, &evening, &date_time)?;
        ws.write_formula(
            2,
            2,
            Formula::new("=0.1+0.2").set_result("0.30000000000000004"),
        )?;
        ws.write_boolean(2, 3, false)?;
        ws.write_string(2, 4, "two\nlines")?;
        ws.write_formula(2, 5, Formula::new("=1/0").set_result("#DIV/0!"))?;
        Ok(())
    });
    assert_eq!(
        csv_of(&bytes),
        "id,date,amount,paid,note,check\n\
         17850,2024-02-01,1234.5,TRUE,\"Иванов, \"\"ВИП\"\"\",\n\
         00042,2024-02-29 18:30:00,0.3,FALSE,\"two\nlines\",\n"
    );
}

#[test]
fn the_1904_date_system() {
    let bytes = workbook(|ws| {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_row(0, 0, ["client", "date"])?;
        ws.write_string(1, 0, "a")?;
        // 2024-02-01 counted from 1904-01-01.
        ws.write_number_with_format(1, 1, 43861.0, &date)?;
        Ok(())
    });
    assert_eq!(csv_of(&bytes), "client,date\na,2020-01-31\n");
    let bytes = edited(&bytes, "xl/workbook.xml", |xml| {
        xml.replace("<workbookPr", "<workbookPr date1904=\"1\"")
    });
    assert_eq!(csv_of(&bytes), "client,date\na,2024-02-01\n");
}

#[test]
fn where_the_table_is() {
    // A title in B2, an empty row, the table from C4 with an empty row inside, formatted
    // and merged cells without values below it.
    let bytes = workbook(|ws| {
        let yellow = Format::new().set_background_color("#FFFF00");
        ws.write_string(1, 1, "Продажи за 2024 год")?;
        ws.write_row(3, 2, ["client", "date", "amount", "email"])?;
        ws.write_row(4, 2, ["a", "2024-01-05", "10"])?;
        ws.write_row(6, 2, ["b", "2024-01-06", "20", "b@example.com"])?;
        ws.write_row(7, 3, ["2024-01-07", "30"])?;
        ws.write_blank(9, 2, &yellow)?;
        ws.merge_range(11, 2, 12, 5, "", &yellow)?;
        Ok(())
    });
    let out = xlsx_to_csv(&bytes, &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(out.csv).unwrap(),
        "Продажи за 2024 год\n\
         \n\
         client,date,amount,email\n\
         a,2024-01-05,10,\n\
         \n\
         b,2024-01-06,20,b@example.com\n\
         ,2024-01-07,30,\n"
    );
    assert_eq!((out.first_row, out.first_column, out.lines), (2, 3, 7));
}

#[test]
fn blank_text_is_no_value() {
    let bytes = workbook(|ws| {
        ws.write_row(0, 0, ["client", "amount"])?;
        ws.write_row(1, 0, ["a", "1"])?;
        ws.write_row(2, 0, [" ", ""])?;
        ws.write_string(3, 3, "  ")?;
        Ok(())
    });
    assert_eq!(csv_of(&bytes), "client,amount\na,1\n");
}

fn three_sheets() -> Vec<u8> {
    let mut wb = Workbook::new();
    let hidden = wb.add_worksheet().set_name("Служебный").unwrap();
    hidden.write_string(0, 0, "hidden").unwrap();
    hidden.set_hidden(true);
    let orders = wb.add_worksheet().set_name("Заказы").unwrap();
    orders.write_row(0, 0, ["client", "amount"]).unwrap();
    orders.write_row(1, 0, ["a", "1"]).unwrap();
    orders.set_active(true);
    let clients = wb.add_worksheet().set_name("Clients").unwrap();
    clients.write_row(0, 0, ["client", "city"]).unwrap();
    clients.write_row(1, 0, ["a", "Омск"]).unwrap();
    wb.add_worksheet().set_name("Empty").unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Clients!$A$1:$A$2");
    wb.add_chartsheet()
        .set_name("Chart")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn sheets() {
    let bytes = three_sheets();
    assert_eq!(sheet_names(&bytes).unwrap(), ["Заказы", "Clients", "Empty"]);
    let pick = |sheet: SheetChoice| {
        let options = Options {
            sheet,
            ..Options::default()
        };
        xlsx_to_csv(&bytes, &options).map(|c| (c.sheet, String::from_utf8(c.csv).unwrap()))
    };
    let first = ("Заказы".to_string(), "client,amount\na,1\n".to_string());
    assert_eq!(pick(SheetChoice::First).unwrap(), first);
    assert_eq!(pick(SheetChoice::Index(0)).unwrap(), first);
    assert_eq!(
        pick(SheetChoice::Name("Clients".into())).unwrap().1,
        "client,city\na,Омск\n"
    );
    assert_eq!(pick(SheetChoice::Index(1)).unwrap().0, "Clients");
    assert_eq!(
        pick(SheetChoice::Name("Служебный".into())).unwrap().1,
        "hidden\n"
    );
    let cases = [
        (SheetChoice::Index(3), ErrorKind::SheetNotFound),
        (
            SheetChoice::Name("clients".into()),
            ErrorKind::SheetNotFound,
        ),
        (SheetChoice::Name("Chart".into()), ErrorKind::SheetNotFound),
        (SheetChoice::Name("Empty".into()), ErrorKind::EmptySheet),
    ];
    for (choice, kind) in cases {
        let e = pick(choice.clone()).unwrap_err();
        assert_eq!(e.kind(), kind, "{choice:?}: {e}");
        assert!(e.to_string().contains("Заказы, Clients"), "{e}");
        assert!(e.message(Lang::Ru).contains("«Заказы», «Clients»"), "{e}");
        assert_russian(&e);
    }
}

#[test]
fn files_that_are_not_xlsx() {
    let valid = workbook(|ws| ws.write_string(0, 0, "x").map(|_| ()));
    let mut other_zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    other_zip
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    other_zip.write_all(b"<w:document/>").unwrap();
    let other_zip = other_zip.finish().unwrap().into_inner();
    let no_rels = edited(&valid, "_rels/.rels", |_| "<Relationships/>".into());
    let archive_of = |parts: &[&str]| {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for part in parts {
            out.start_file(*part, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(b"x").unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let cases: Vec<(&str, Vec<u8>, ErrorKind)> = vec![
        (
            "csv",
            b"client,date,amount\na,2024-01-02,1\n".to_vec(),
            ErrorKind::NotXlsx,
        ),
        ("word", other_zip, ErrorKind::NotXlsx),
        (
            "truncated",
            valid[..valid.len() / 2].to_vec(),
            ErrorKind::Damaged,
        ),
        ("no relationships", no_rels, ErrorKind::Damaged),
        (
            "xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 Workbook".to_vec(),
            ErrorKind::LegacyXls,
        ),
        ("encrypted", encrypted, ErrorKind::Encrypted),
        (
            "ods",
            archive_of(&["mimetype", "content.xml"]),
            ErrorKind::NotXlsx,
        ),
        ("xlsb", archive_of(&["xl/workbook.bin"]), ErrorKind::NotXlsx),
        (
            "html",
            b"<html><table><tr><td>1</td></tr></table></html>".to_vec(),
            ErrorKind::NotXlsx,
        ),
        (
            "xml 2003",
            b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
                .to_vec(),
            ErrorKind::NotXlsx,
        ),
    ];
    for (what, bytes, kind) in cases {
        let e = xlsx_to_csv(&bytes, &Options::default()).unwrap_err();
        assert_eq!(e.kind(), kind, "{what}: {e}");
        assert!(e.to_string().contains("CSV"), "{what}: {e}");
        assert!(e.message(Lang::Ru).contains("CSV"), "{what}: {e}");
        assert_russian(&e);
    }
}

#[test]
fn memory_limits() {
    let bytes = workbook(|ws| {
        for r in 0..2000 {
            ws.write_row(r, 0, ["client-with-a-long-name", "2024-01-01", "123.45"])?;
        }
        Ok(())
    });
    let options = |max_bytes| Options {
        max_bytes,
        ..Options::default()
    };
    assert_eq!(error_of(&bytes, &options(20_000)), ErrorKind::TooLarge);
    assert!(xlsx_to_csv(&bytes, &options(200_000)).is_ok());
    // A shared strings table that declares more strings than its bytes can hold.
    let lying = edited(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replacen("uniqueCount=\"", "uniqueCount=\"9999999999", 1)
    });
    assert_eq!(error_of(&lying, &Options::default()), ErrorKind::Damaged);
}

#[test]
fn columns_filled_only_further_down() {
    // The first 100 rows show the table in B:C; a note in E130 and a value in A140 widen
    // it, and every row has the whole sheet's width.
    let bytes = workbook(|ws| {
        ws.write_row(0, 1, ["client", "amount"])?;
        for r in 1..150 {
            ws.write_row(r, 1, [format!("c{r}"), format!("{r}")])?;
        }
        ws.write_string(129, 4, "note")?;
        ws.write_string(139, 0, "x")?;
        Ok(())
    });
    let out = xlsx_to_csv(&bytes, &Options::default()).unwrap();
    let csv = String::from_utf8(out.csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 150);
    assert_eq!(lines[0], ",client,amount,,");
    assert_eq!(lines[129], ",c129,129,,note");
    assert_eq!(lines[139], "x,c139,139,,");
    assert_eq!((out.first_row, out.first_column), (1, 1));
}
