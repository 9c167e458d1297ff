//! Rows given as fields (`analyze_rows`, `analyzeRows` in JavaScript) give the report the
//! file of the same rows gives: every label of every client on CDNOW, the audit of a messy
//! Russian export (decimal commas, cancelled orders, blank ids, a value holding the
//! delimiter, quotes and a line break), rejected rows numbered by their position, and the
//! predictive value's backtest.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmenta::{
    analyze, analyze_rows, analyze_with_clients, CsvOptions, Fields, Options, Report, Table,
};

/// The names and the fields of `rows`, as `analyzeRows` hands them to the core.
fn fields(rows: &[Vec<String>]) -> (Vec<u8>, Vec<u32>) {
    let mut text = Vec::new();
    let mut ends = Vec::new();
    for row in rows {
        for f in row {
            text.extend_from_slice(f.as_bytes());
            ends.push(text.len() as u32);
        }
    }
    (text, ends)
}

fn by_rows(names: &[&str], rows: &[Vec<String>], options: &str) -> Report {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let (text, ends) = fields(rows);
    let opts = Options::from_json(options).unwrap();
    let fields = Fields {
        text: &text,
        ends: &ends,
    };
    analyze_rows(
        Table {
            names: &names,
            fields,
        },
        None,
        &opts,
    )
    .unwrap()
}

fn by_file(csv: &str, options: &str) -> Report {
    analyze(csv.as_bytes(), &Options::from_json(options).unwrap()).unwrap()
}

fn customers(r: &Report) -> String {
    String::from_utf8(r.customers_csv(&CsvOptions::default()).unwrap()).unwrap()
}

/// CSV of `rows` with every field quoted.
fn csv(names: &[&str], rows: &[Vec<String>], delimiter: char) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(&delimiter.to_string());
    out.push('\n');
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|f| quote(f))
                .collect::<Vec<_>>()
                .join(&delimiter.to_string()),
        );
        out.push('\n');
    }
    out
}

/// CDNOW's text, its header and its rows split at the commas (it has no quotes).
fn cdnow() -> (String, Vec<String>, Vec<Vec<String>>) {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow.csv"))
            .unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (text, header, rows)
}

#[test]
fn cdnow_rows_label_every_client_as_the_file_does() {
    let (text, header, rows) = cdnow();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let a = by_rows(&header, &rows, "{}");
    let b = by_file(&text, "{}");
    assert_eq!(a.len(), 23_570);
    assert_eq!(customers(&a), customers(&b));
    let summary = |r: &Report| {
        let mut v = serde_json::to_value(r.summary()).unwrap();
        // What the tables hold in memory differs: the file's reader keeps its lines.
        v.as_object_mut().unwrap().remove("memoryBytes");
        v
    };
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(a.audit().rows_read, b.audit().rows_read);
    assert_eq!(a.audit().rows_accepted, b.audit().rows_accepted);
}

fn messy() -> (Vec<&'static str>, Vec<Vec<String>>) {
    let names = vec!["Контрагент", "Дата", "Сумма", "Номер", "Статус"];
    let raw: &[[&str; 5]] = &[
        [
            "ООО \"Ромашка\"; опт\nсклад 2",
            "05.01.2024",
            "12 500,50",
            "1",
            "Оплачен",
        ],
        ["ИП Иванов", "06.01.2024", "3 000,00", "2", "Оплачен"],
        ["ИП Иванов", "07.02.2024", "1 200,00", "3", "Отменён"],
        ["", "08.02.2024", "700,00", "4", "Оплачен"],
        ["Петров", "31.02.2024", "100,00", "5", "Оплачен"],
        ["Петров", "01.03.2024", "900,00", "6", "Оплачен"],
        [
            "ООО \"Ромашка\"; опт\nсклад 2",
            "10.03.2024",
            "-500,00",
            "7",
            "Возврат",
        ],
        ["Сидорова", "11.03.2024", "abc", "8", "Оплачен"],
        ["Сидорова", "12.03.2024", "4 100,00", "9", "Оплачен"],
        ["ИП Иванов", "20.03.2024", "2 000,00", "10", "Оплачен"],
    ];
    let rows = raw
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    (names, rows)
}

#[test]
fn a_messy_russian_export_reads_as_its_file() {
    let (names, rows) = messy();
    let options = r#"{"asOf":"2024-04-01","lang":"ru"}"#;
    let a = by_rows(&names, &rows, options);
    let b = by_file(&csv(&names, &rows, ';'), options);
    assert_eq!(customers(&a), customers(&b));
    assert_eq!(a.audit().rows_read, 10);
    assert_eq!(a.audit().rows_accepted, b.audit().rows_accepted);
    // A row's line is its position among the rows, from 1; the reasons are the file's.
    let lines = |r: &Report, line: bool| -> Vec<(u64, String)> {
        let mut v: Vec<(u64, String)> = r
            .audit()
            .issues
            .iter()
            .flat_map(|g| {
                g.examples.iter().map(move |x| {
                    let at = if line { x.line } else { x.row };
                    (at, format!("{:?}", g.kind))
                })
            })
            .collect();
        v.sort();
        v
    };
    // The file's row numbers (its lines differ: a value spans two lines).
    assert_eq!(lines(&a, true), lines(&b, false));
    let rejected: Vec<u64> = lines(&a, true).into_iter().map(|(l, _)| l).collect();
    assert_eq!(rejected, vec![3, 4, 5, 7, 8], "{:?}", lines(&a, true));
    // The name with the delimiter, quotes and a line break is one client.
    assert!(a.explain("ООО \"Ромашка\"; опт\nсклад 2").is_some());
}

#[test]
fn rows_carry_the_backtest() {
    let (text, header, rows) = cdnow();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let options = r#"{"clv":{"calibrationEnd":"1997-09-30"}}"#;
    let a = by_rows(&header, &rows, options);
    let b = by_file(&text, options);
    let clv = |r: &Report| {
        let c = r.clv(&r.options().clv_options().unwrap()).unwrap();
        serde_json::to_value(c.backtest).unwrap()
    };
    assert_eq!(clv(&a), clv(&b));
    assert!(a.state().is_err(), "no state is kept for rows");
}

#[test]
fn rows_out_of_date_order_are_not_repeats() {
    let rows: Vec<Vec<String>> = [
        ["A", "2024-01-05", "120"],
        ["A", "2024-03-11", "80"],
        ["B", "2024-02-14", "40"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    let a = by_rows(&["client", "date", "amount"], &rows, "{}");
    assert_eq!(a.len(), 2, "{:?}", a.audit().issues);
}

#[test]
fn a_clients_table_of_rows_reads_as_its_file() {
    let (names, rows) = messy();
    let client_names = ["Контрагент", "Регион", "Теги", "Последний контакт"];
    let clients: Vec<Vec<String>> = [
        ["ИП Иванов", "Москва", "vip, опт", "01.03.2024"],
        ["Петров", "Казань", "", ""],
        ["Новиков", "Сочи", "лид", "15.03.2024"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    let options = r#"{"asOf":"2024-04-01"}"#;
    let opts = Options::from_json(options).unwrap();
    let (o_names, c_names): (Vec<String>, Vec<String>) = (
        names.iter().map(|s| s.to_string()).collect(),
        client_names.iter().map(|s| s.to_string()).collect(),
    );
    let (o_text, o_ends) = fields(&rows);
    let (c_text, c_ends) = fields(&clients);
    let a = analyze_rows(
        Table {
            names: &o_names,
            fields: Fields {
                text: &o_text,
                ends: &o_ends,
            },
        },
        Some(Table {
            names: &c_names,
            fields: Fields {
                text: &c_text,
                ends: &c_ends,
            },
        }),
        &opts,
    )
    .unwrap();
    let orders = csv(&names, &rows, ';');
    let table = csv(&client_names, &clients, ';');
    let b = analyze_with_clients(orders.as_bytes(), Some(table.as_bytes()), &opts).unwrap();
    assert_eq!(customers(&a), customers(&b));
    // The client with no order is a lead, with the region and tags of the table.
    assert!(a.explain("Новиков").is_some());
    assert_eq!(a.len(), b.len());
}

/// A field of a generated row: plain, or holding what a CSV must quote.
fn field(kind: u8, n: u16) -> String {
    match kind % 6 {
        0 => format!("{n}"),
        1 => format!("Клиент «{n}»"),
        2 => format!("a;b \"{n}\""),
        3 => format!("line\n{n}"),
        4 => format!(" {n} "),
        _ => String::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any rows, with values that need quoting, blank and bad ones, give the labels, the
    /// audit and the rejected rows of their quoted CSV file.
    #[test]
    fn rows_equal_their_file(
        rows in proptest::collection::vec(
            (any::<u8>(), 0u16..40, 0u16..400, any::<u8>(), 0u32..100_000, any::<u8>()),
            1..300,
        ),
    ) {
        let names = ["client", "date", "amount", "note"];
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|&(kind, id, day, bad, cents, note)| {
                let date = match bad % 17 {
                    0 => "2024-02-30".to_string(),
                    1 => String::new(),
                    _ => {
                        let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                            + chrono::Days::new(day as u64);
                        d.format("%Y-%m-%d").to_string()
                    }
                };
                let amount = match bad % 13 {
                    0 => "n/a".to_string(),
                    _ => format!("{}.{:02}", cents / 100, cents % 100),
                };
                vec![field(kind, id), date, amount, field(note, id)]
            })
            .collect();
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let (text, ends) = fields(&table);
        let fields = Fields { text: &text, ends: &ends };
        let opts = Options::from_json(r#"{"asOf":"2024-03-01"}"#).unwrap();
        let a = analyze_rows(Table { names: &names, fields }, None, &opts);
        let head: Vec<&str> = names.iter().map(String::as_str).collect();
        let file = csv(&head, &table, ';');
        let read = r#"{"asOf":"2024-03-01","delimiter":";","headerRow":1}"#;
        let b = analyze(file.as_bytes(), &Options::from_json(read).unwrap());
        let (a, b) = match (a, b) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.kind(), b.kind());
                return Ok(());
            }
            (a, b) => {
                prop_assert!(false, "{:?} against {:?}", a.map(|r| r.len()), b.map(|r| r.len()));
                unreachable!()
            }
        };
        prop_assert_eq!(customers(&a), customers(&b));
        prop_assert_eq!(a.audit().rows_read, b.audit().rows_read);
        prop_assert_eq!(a.audit().rows_accepted, b.audit().rows_accepted);
        prop_assert_eq!(a.audit().rows_rejected, b.audit().rows_rejected);
    }
}
