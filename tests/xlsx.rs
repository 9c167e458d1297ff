//! Excel workbooks read like the CSV they were made from: the summary and the client table
//! of a workbook (converted by segmenta-xlsx, as the command line and the page do) are
//! exactly those of its CSV. Dates are date cells, amounts and order ids number cells, ids
//! number or text cells; in the Russian workbook dates and amounts are text cells
//! (`01.02.2024`, `1 234,50`) that go through the same sniffing as a CSV's.

#![cfg(not(target_arch = "wasm32"))]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use segmenta::{analyze, CsvOptions, Options, Report};
use segmenta_xlsx::{xlsx_to_csv, Options as XlsxOptions, SheetChoice};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap()
}

/// The summary and client table of a report, the way a user sees them.
fn outputs(report: &Report) -> (String, Vec<u8>) {
    let summary = serde_json::to_string_pretty(&report.summary()).unwrap();
    (
        summary,
        report.customers_csv(&CsvOptions::default()).unwrap(),
    )
}

fn assert_same(name: &str, workbook: &[u8], sheet: SheetChoice, csv: &[u8]) {
    let options = XlsxOptions {
        sheet,
        ..XlsxOptions::default()
    };
    let converted = xlsx_to_csv(workbook, &options).unwrap();
    let from_xlsx = analyze(&converted.csv, &Options::default()).unwrap();
    let from_csv = analyze(csv, &Options::default()).unwrap();
    let (summary, clients) = outputs(&from_xlsx);
    let (want_summary, want_clients) = outputs(&from_csv);
    assert_eq!(summary, want_summary, "{name}: summary");
    assert!(clients == want_clients, "{name}: client table");
    assert!(from_xlsx.summary().customers > 50, "{name}");
}

#[test]
fn fixtures_read_like_their_csv() {
    let cases = [
        ("orders.xlsx", SheetChoice::First, "orders.csv"),
        ("orders-text-ids.xlsx", SheetChoice::First, "orders.csv"),
        (
            "orders-text-ids.xlsx",
            SheetChoice::Name("Заказы".into()),
            "orders.csv",
        ),
        (
            "orders-titled.xlsx",
            SheetChoice::First,
            "orders-titled.csv",
        ),
        ("orders-ru.xlsx", SheetChoice::First, "orders-ru.csv"),
    ];
    for (workbook, sheet, csv) in cases {
        let name = format!("xlsx/{workbook}");
        assert_same(&name, &read(&name), sheet, &read(&format!("xlsx/{csv}")));
    }
}

/// The first 5,000 rows of CDNOW as a workbook: ids (with their leading zeros) as text,
/// order ids and amounts as numbers, dates as date cells.
fn cdnow_workbook(csv: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (r, line) in csv.lines().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let r = r as u32;
        if r == 0 {
            ws.write_row(0, 0, f).unwrap();
            continue;
        }
        ws.write_string(r, 0, f[0]).unwrap();
        ws.write_number(r, 1, f[1].parse::<f64>().unwrap()).unwrap();
        let (y, m, d) = (&f[2][..4], &f[2][5..7], &f[2][8..]);
        let day =
            ExcelDateTime::from_ymd(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap())
                .unwrap();
        ws.write_datetime_with_format(r, 2, day, &date).unwrap();
        ws.write_number(r, 3, f[3].parse::<f64>().unwrap()).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn cdnow_as_a_workbook_reads_like_its_csv() {
    let all = String::from_utf8(read("cdnow.csv")).unwrap();
    let csv: String = all.lines().take(5001).flat_map(|l| [l, "\n"]).collect();
    assert_same(
        "cdnow",
        &cdnow_workbook(&csv),
        SheetChoice::First,
        csv.as_bytes(),
    );
}

fn segmenta(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_segmenta"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.success(), text(out.stdout), text(out.stderr))
}

#[test]
fn command_line_reads_workbooks() {
    let path = |name: &str| data(name).to_string_lossy().into_owned();
    let (ok, from_csv, _) = segmenta(&["summary", &path("xlsx/orders.csv")]);
    assert!(ok);
    let text_ids = path("xlsx/orders-text-ids.xlsx");
    for args in [
        vec!["summary", &path("xlsx/orders.xlsx")],
        vec!["summary", &text_ids, "--sheet", "Заказы"],
        vec!["summary", &text_ids, "--sheet", "1"],
    ] {
        let (ok, out, err) = segmenta(&args);
        assert!(ok, "{args:?}: {err}");
        assert_eq!(out, from_csv, "{args:?}");
        assert!(err.contains("sheet \""), "{err}");
    }
    let (ok, out, _) = segmenta(&["summary", &path("xlsx/orders-ru.xlsx"), "--lang", "ru"]);
    assert!(
        ok && (out.contains("клиент") || out.contains("сегмент")),
        "{out}"
    );

    let (ok, _, err) = segmenta(&["summary", &text_ids, "--sheet", "Nope"]);
    assert!(!ok);
    assert!(
        err.contains("no sheet \"Nope\"") && err.contains("Заказы, Клиенты"),
        "{err}"
    );
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let xls = dir.join(format!("segmenta-{id}-old.xls"));
    std::fs::write(&xls, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old workbook").unwrap();
    let (ok, _, err) = segmenta(&["summary", &xls.to_string_lossy()]);
    assert!(!ok);
    assert!(
        err.contains("Excel 97–2003") && err.contains(".xlsx"),
        "{err}"
    );
    let (ok, _, err) = segmenta(&["summary", &xls.to_string_lossy(), "--lang", "ru"]);
    assert!(!ok);
    assert!(
        err.contains("книга старого формата Excel 97–2003") && err.contains("сохраните"),
        "{err}"
    );
    let (ok, _, err) = segmenta(&["summary", &path("xlsx/orders.csv"), "--sheet", "x"]);
    assert!(!ok && err.contains("--sheet"), "{err}");

    // The scored client table of a workbook is that of its CSV.
    let a = dir.join(format!("segmenta-{id}-from-xlsx.csv"));
    let b = dir.join(format!("segmenta-{id}-from-csv.csv"));
    let (ok, _, err) = segmenta(&[
        "export",
        &path("xlsx/orders.xlsx"),
        "--out",
        &a.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = segmenta(&[
        "export",
        &path("xlsx/orders.csv"),
        "--out",
        &b.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
    for f in [xls, a, b] {
        let _ = std::fs::remove_file(f);
    }
}
