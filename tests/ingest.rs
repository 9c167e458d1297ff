//! Real-world ingest, table-driven: small files written here, byte for byte, each with the
//! expected clients, totals, rejected rows and warnings.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::{analyze, ErrorKind, IssueKind, Options, Report};

fn cp1251(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn utf16be_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFE, 0xFF];
    v.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    v
}

fn bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xEF, 0xBB, 0xBF];
    v.extend_from_slice(s.as_bytes());
    v
}

struct Case {
    name: &'static str,
    input: Vec<u8>,
    options: &'static str,
    clients: usize,
    accepted: u64,
    issues: &'static [(IssueKind, u64)],
    /// Accepted revenue in cents.
    revenue: i64,
}

fn case(
    name: &'static str,
    input: impl Into<Vec<u8>>,
    options: &'static str,
    clients: usize,
    accepted: u64,
    issues: &'static [(IssueKind, u64)],
    revenue: i64,
) -> Case {
    Case {
        name,
        input: input.into(),
        options,
        clients,
        accepted,
        issues,
        revenue,
    }
}

const EN: &str = "customer_id,order_id,order_date,amount\nA1,1,2024-01-05,100.00\nB2,2,2024-02-10,50.50\nA1,3,2024-03-01,25.25\n";
const RU: &str = "Клиент;Номер заказа;Дата;Сумма\nA1;1;05.01.2024;100,00\nB2;2;10.02.2024;50,50\nA1;3;01.03.2024;25,25\n";

fn cases() -> Vec<Case> {
    use IssueKind::*;
    vec![
        // Dialects of the same three orders.
        case("english comma iso", EN, "{}", 2, 3, &[], 17_575),
        case("russian semicolon decimal comma", RU, "{}", 2, 3, &[], 17_575),
        case("russian cp1251", cp1251(RU), "{}", 2, 3, &[], 17_575),
        case("russian utf-8 bom", bom(RU), "{}", 2, 3, &[], 17_575),
        case("russian utf-16le bom", utf16le_bom(RU), "{}", 2, 3, &[], 17_575),
        case("russian utf-16be bom", utf16be_bom(RU), "{}", 2, 3, &[], 17_575),
        case("tab separated", EN.replace(',', "\t"), "{}", 2, 3, &[], 17_575),
        case("pipe separated", EN.replace(',', "|"), "{}", 2, 3, &[], 17_575),
        case("crlf line ends", EN.replace('\n', "\r\n"), "{}", 2, 3, &[], 17_575),
        case("cr line ends", EN.replace('\n', "\r"), "{}", 2, 3, &[], 17_575),
        case("no final newline", EN.trim_end(), "{}", 2, 3, &[], 17_575),
        case("quoted fields", "\"customer_id\",\"order_date\",\"amount\"\n\"A1\",\"2024-01-05\",\"100.00\"\n\"B2\",\"2024-02-10\",\"50.50\"\n", "{}", 2, 2, &[], 15_050),
        case("quoted delimiter and newline in a name", "client,date,amount,note\nA1,2024-01-05,10,\"a, b\nc\"\nB2,2024-01-06,20,\"x\"\"y\"\n", "{}", 2, 2, &[], 3_000),
        case("english headers: client/date/revenue", "client,date,revenue\nx,2024-01-01,1\ny,2024-01-02,2\n", "{}", 2, 2, &[], 300),
        case("english headers: email/created_at/total", "email,created_at,total\na@x.com,2024-01-01,1.5\nb@x.com,2024-01-02,2.5\n", "{}", 2, 2, &[], 400),
        case("russian headers: Покупатель/Дата заказа/Выручка", "Покупатель;Дата заказа;Выручка\nИванов;01.02.2024;10\nПетров;02.02.2024;20\n", "{}", 2, 2, &[], 3_000),
        case("russian headers: Контрагент/Период/Сумма документа", "Контрагент;Период;Сумма документа\nООО Ромашка;01.02.2024;1 000,00\nИП Петров;02.02.2024;2 000,00\n", "{}", 2, 2, &[], 300_000),
        case("title lines above the header", "Отчёт о продажах\nза 2024 год\nКлиент;Дата;Сумма\nИванов;01.02.2024;10\n", "{}", 1, 1, &[], 1_000),
        case("no header: roles from content", "anna,2024-01-05,10.50\nboris,2024-01-06,20.00\nanna,2024-02-01,5.25\n", "{}", 2, 3, &[], 3_575),
        case("explicit mapping by name and index", "name,email,total,when\nAnn,a@x.ru,10,2024-01-01\nBob,b@x.ru,5,2024-01-02\n", r#"{"columns":{"client":"email","amount":2,"date":"when"}}"#, 2, 2, &[], 1_500),
        // Numbers.
        case("thousands with space and nbsp", "client;date;amount\na;2024-01-01;1 234,56\nb;2024-01-02;1\u{a0}000,00\n", "{}", 2, 2, &[], 223_456),
        case("thousands with comma, decimal point", "client,date,amount\na,2024-01-01,\"1,234.56\"\nb,2024-01-02,\"2,000.00\"\n", "{}", 2, 2, &[], 323_456),
        case("thousands with dot, decimal comma", "client;date;amount\na;2024-01-01;1.234,56\nb;2024-01-02;2.000,00\n", "{}", 2, 2, &[], 323_456),
        case("apostrophe thousands", "client,date,amount\na,2024-01-01,1'234.50\n", "{}", 1, 1, &[], 123_450),
        case("currency symbols and codes", "client;date;amount\na;2024-01-01;1 000 ₽\nb;2024-01-02;$12.50\nc;2024-01-03;99,90 руб.\nd;2024-01-04;EUR 5\n", r#"{"decimalSeparator":","}"#, 3, 3, &[(InvalidAmount, 1)], 110_490),
        case("negatives: parentheses, trailing minus, unicode minus", "client,date,amount\na,2024-01-01,100\na,2024-01-02,(10.00)\nb,2024-01-03,50\nb,2024-01-04,5.00-\nc,2024-01-05,20\nc,2024-01-06,\u{2212}2\n", "{}", 3, 6, &[(Return, 3)], 15_300),
        case("returns net out", "client,date,amount\na,2024-01-01,100\na,2024-01-02,-100\nb,2024-01-02,10\n", "{}", 2, 3, &[(Return, 1)], 1_000),
        case("NaN and infinities rejected", "client,date,amount\na,2024-01-01,NaN\nb,2024-01-02,inf\nc,2024-01-03,-Infinity\nd,2024-01-04,7\n", "{}", 1, 1, &[(InvalidAmount, 3)], 700),
        case("overflow rejected", "client,date,amount\na,2024-01-01,999999999999999999999\nb,2024-01-02,1\n", "{}", 1, 1, &[(AmountOverflow, 1)], 100),
        case("amount as quantity times price", "client;date;Количество;Цена\na;01.01.2024;3;33,33\nb;02.01.2024;2;10\n", "{}", 2, 2, &[], 11_999),
        case("zero amounts flagged, kept", "client,date,amount\na,2024-01-01,0\nb,2024-01-02,5\n", "{}", 2, 2, &[(ZeroAmount, 1)], 500),
        case("missing amount", "client,date,amount\na,2024-01-01,\nb,2024-01-02,5\n", "{}", 1, 1, &[(MissingAmount, 1)], 500),
        case("garbage amount", "client,date,amount\na,2024-01-01,12.5O\nb,2024-01-02,5\n", "{}", 1, 1, &[(InvalidAmount, 1)], 500),
        // Dates.
        case("iso with time and offset", "client,date,amount\na,2024-03-05T23:10:00+03:00,1\nb,2024-03-05 10:20,2\nc,2024-03-06T00:00:00Z,3\n", "{}", 3, 3, &[], 600),
        case("dd.mm.yyyy with time", "client;date;amount\na;05.03.2024 14:30;1\nb;06.03.2024 09:00:05;2\n", "{}", 2, 2, &[], 300),
        case("dd/mm decided by a value", "client,date,amount\na,25/04/2024,1\nb,04/05/2024,2\n", "{}", 2, 2, &[], 300),
        case("mm/dd decided by a value", "client,date,amount\na,04/25/2024,1\nb,04/05/2024,2\n", "{}", 2, 2, &[], 300),
        case("excel serial dates", "client,date,amount\na,45292,1\nb,45293.5,2\n", "{}", 2, 2, &[], 300),
        case("unix seconds", "client,date,amount\na,1709596800,1\nb,1709683200,2\n", "{}", 2, 2, &[], 300),
        case("compact yyyymmdd", "client,date,amount\na,20240305,1\nb,20240306,2\n", "{}", 2, 2, &[], 300),
        case("invalid calendar date", "client,date,amount\na,2023-02-29,1\nb,2024-02-29,2\n", "{}", 1, 1, &[(InvalidDate, 1)], 200),
        case("missing date", "client,date,amount\na,,1\nb,2024-02-29,2\n", "{}", 1, 1, &[(MissingDate, 1)], 200),
        case("implausible old date", "client,date,amount\na,1900-01-01,1\nb,2024-02-29,2\n", "{}", 1, 1, &[(ImplausibleDate, 1)], 200),
        case("future date", "client,date,amount\na,2042-01-01,1\nb,2024-02-29,2\n", r#"{"today":"2024-06-01"}"#, 1, 1, &[(FutureDate, 1)], 200),
        case("after asOf excluded", "client,date,amount\na,2024-01-01,1\na,2024-06-01,2\nb,2024-02-01,4\n", r#"{"asOf":"2024-03-01"}"#, 2, 2, &[(AfterAsOf, 1)], 500),
        // Rows.
        case("blank lines and empty rows", "client,date,amount\n\na,2024-01-01,1\n,,\n\nb,2024-01-02,2\n", "{}", 2, 2, &[], 300),
        case("totals row", "Клиент;Дата;Сумма\nИванов;01.02.2024;10\nПетров;02.02.2024;20\nИтого;;30\n", "{}", 2, 2, &[(TotalsRow, 1)], 3_000),
        case("totals row with empty client", "Клиент;Дата;Сумма\nИванов;01.02.2024;10\n;Итого:;10\n", "{}", 1, 1, &[(TotalsRow, 1)], 1_000),
        case("missing client", "client,date,amount\n,2024-01-01,1\nb,2024-01-02,2\n", "{}", 1, 1, &[(MissingClient, 1)], 200),
        case("too many fields", "client;date;amount\na;2024-01-01;1;x\nb;2024-01-02;2\n", "{}", 1, 1, &[(FieldCount, 1)], 200),
        case("extra empty trailing field ok", "client;date;amount\na;2024-01-01;1;\nb;2024-01-02;2\n", "{}", 2, 2, &[], 300),
        case("unquoted decimal comma in a comma file", "client,date,amount\na,2024-01-01,1,50\nb,2024-01-02,2\n", "{}", 1, 1, &[(FieldCount, 1)], 200),
        case("exact duplicates dropped", "client,order,date,amount\na,1,2024-01-01,10\na,1,2024-01-01,10\nb,2,2024-01-02,5\n", "{}", 2, 2, &[(DuplicateRow, 1)], 1_500),
        case("exact duplicates kept on request", "client,order,date,amount\na,1,2024-01-01,10\na,1,2024-01-01,10\nb,2,2024-01-02,5\n", r#"{"duplicates":"keep"}"#, 2, 3, &[], 2_500),
        case("order id reused by another client", "client,order,date,amount\na,1,2024-01-01,10\nb,1,2024-01-01,5\n", "{}", 2, 2, &[(OrderIdConflict, 1)], 1_500),
        case("leading zeros kept", "client,date,amount\n007,2024-01-01,1\n7,2024-01-02,2\n", "{}", 2, 2, &[], 300),
        case("same client written with spaces and case", "client,date,amount\nООО  Ромашка,2024-01-01,1\nооо ромашка,2024-01-02,2\n", r#"{"clientIds":"caseInsensitive"}"#, 1, 2, &[], 300),
        case("merge by e-mail", "client,email,date,amount\n1,Ann@X.ru ,2024-01-01,1\n2,ann@x.ru,2024-01-02,2\n3,b@x.ru,2024-01-03,4\n", r#"{"mergeBy":["email"]}"#, 2, 3, &[], 700),
        case("merge by phone", "client;phone;date;amount\n1;+7 (912) 345-67-89;01.01.2024;1\n2;89123456789;02.01.2024;2\n3;8 912 000 00 00;03.01.2024;4\n", r#"{"mergeBy":["phone"]}"#, 2, 3, &[], 700),
        case("invalid utf-8 client id", [&b"client,date,amount\n"[..], b"\xff\xfe,2024-01-01,1\nok,2024-01-02,2\n"].concat(), r#"{"encoding":"utf-8"}"#, 1, 1, &[(InvalidEncoding, 1)], 200),
    ]
}

fn cents(r: &Report) -> i64 {
    r.columns().revenue.iter().sum::<i64>() / 100
}

#[test]
fn every_case_gives_the_expected_report() {
    let mut failures = Vec::new();
    for c in cases() {
        let opts = Options::from_json(c.options).unwrap();
        let r = match analyze(&c.input, &opts) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: error {e}", c.name));
                continue;
            }
        };
        let a = r.audit();
        let mut got: Vec<(IssueKind, u64)> = a
            .issues
            .iter()
            .filter(|g| {
                !matches!(
                    g.kind,
                    IssueKind::Return | IssueKind::ZeroAmount | IssueKind::OrderIdConflict
                ) || c.issues.iter().any(|(k, _)| *k == g.kind)
            })
            .map(|g| (g.kind, g.count))
            .collect();
        got.sort();
        let mut want = c.issues.to_vec();
        want.sort();
        let customers = r.summary().customers as usize;
        if customers != c.clients
            || a.rows_accepted != c.accepted
            || got != want
            || cents(&r) != c.revenue
            || !a.reconciled
        {
            failures.push(format!(
                "{}: clients {} (want {}), accepted {} (want {}), issues {:?} (want {:?}), revenue {} (want {}), reconciled {}",
                c.name, customers, c.clients, a.rows_accepted, c.accepted, got, want, cents(&r), c.revenue, a.reconciled
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n")
    );
    assert!(cases().len() >= 60, "{} cases", cases().len());
}

#[test]
fn dialects_give_the_same_report() {
    let base = analyze(EN.as_bytes(), &Options::default()).unwrap();
    let want = serde_json::to_value(base.summary().rfm.segments).unwrap();
    for input in [
        RU.as_bytes().to_vec(),
        cp1251(RU),
        utf16le_bom(RU),
        utf16be_bom(RU),
        bom(RU),
        EN.replace('\n', "\r\n").into_bytes(),
        EN.replace(',', "\t").into_bytes(),
    ] {
        let r = analyze(&input, &Options::default()).unwrap();
        assert_eq!(
            serde_json::to_value(r.summary().rfm.segments).unwrap(),
            want
        );
        assert_eq!(r.columns().revenue, base.columns().revenue);
        assert_eq!(r.columns().recency, base.columns().recency);
        assert_eq!(r.columns().frequency, base.columns().frequency);
    }
}

#[test]
fn late_month_first_date_rereads_the_file() {
    // The first 20 000 rows (beyond the sniffed sample) are undecided (both parts ≤ 12); a
    // late row settles month-first.
    let mut csv = String::from("client,date,amount\n");
    for i in 0..20_000 {
        csv.push_str(&format!("c{i},0{}/0{}/2024,1\n", 1 + i % 9, 1 + i % 9));
    }
    csv.push_str("late,04/25/2024,1\n");
    let r = analyze(csv.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.audit().rows_rejected, 0);
    assert_eq!(r.sniff().date_format, Some(segmenta::DateFormat::Mdy));
    assert_eq!(r.audit().rows_accepted, 20_001);
    // `finish` cannot re-read: it names the fix and the first line that shows it.
    let mut a = segmenta::Analyzer::new(&Options::default(), None).unwrap();
    a.push(csv.as_bytes()).unwrap();
    let e = a.finish().err().unwrap();
    assert_eq!(e.kind(), ErrorKind::FormatContradiction);
    let fix = e.fix().unwrap();
    assert_eq!((fix.option(), fix.value()), ("dateFormat", "MM/DD/YYYY"));
    assert_eq!(e.position().and_then(|p| p.line), Some(20_002));
    // `end` takes the fix and asks for the bytes again, whatever the chunks.
    let mut a = segmenta::Analyzer::new(&Options::default(), None).unwrap();
    for attempt in 0.. {
        for chunk in csv.as_bytes().chunks(70_001) {
            a.push(chunk).unwrap();
        }
        match a.end().unwrap() {
            segmenta::Outcome::Report(streamed) => {
                assert_eq!(attempt, 1);
                assert_eq!(streamed.summary().customers, r.summary().customers);
                break;
            }
            segmenta::Outcome::ReadAgain => assert_eq!(attempt, 0),
        }
    }
    let fixes = a.fixes();
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        (fixes[0].option, fixes[0].value, fixes[0].line),
        ("dateFormat", "MM/DD/YYYY", Some(20_002))
    );
    // A format the options set is not overridden: the contradiction is reported.
    let given = Options::from_json(r#"{"dateFormat": "DD.MM.YYYY"}"#).unwrap();
    let r = analyze(csv.as_bytes(), &given).unwrap();
    assert_eq!(r.audit().rows_rejected, 1);
}

#[test]
fn rejected_rows_name_line_and_value() {
    let csv = "client,date,amount\na,2024-01-01,1\nb,not a date,2\nc,2024-01-03,x\n";
    let r = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let a = r.audit();
    let date = a
        .issues
        .iter()
        .find(|g| g.kind == IssueKind::InvalidDate)
        .unwrap();
    assert_eq!(date.examples[0].line, 3);
    assert_eq!(date.examples[0].value, "not a date");
    assert_eq!(date.examples[0].column.as_deref(), Some("date"));
    assert_eq!(date.amount, 2.0);
    let amount = a
        .issues
        .iter()
        .find(|g| g.kind == IssueKind::InvalidAmount)
        .unwrap();
    assert_eq!(amount.examples[0].line, 4);
    assert!((a.file_amount - 3.0).abs() < 1e-9, "{}", a.file_amount);
    let csv_out = String::from_utf8(
        r.rejected_csv(&segmenta::CsvOptions {
            bom: false,
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap();
    assert!(csv_out.contains("3,invalidDate"), "{csv_out}");
    // Failing on the first bad row.
    let e = analyze(
        csv.as_bytes(),
        &Options::from_json(r#"{"onBadRow":"fail"}"#).unwrap(),
    )
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::BadRow);
    assert_eq!(e.position().unwrap().line, Some(3));
    assert!(
        e.to_string().starts_with("row 2 (line 3), column \"date\""),
        "{e}"
    );
}

#[test]
fn clear_errors_for_unusable_input() {
    let cases: &[(&[u8], &str, ErrorKind, &str)] = &[
        (b"", "{}", ErrorKind::EmptyInput, "empty"),
        (
            b"just one column\nx\n",
            "{}",
            ErrorKind::MissingColumn,
            "no order date column",
        ),
        (
            b"a,b,c\nx,y,z\n",
            "{}",
            ErrorKind::MissingColumn,
            "map it with the option",
        ),
        (
            b"client,date,amount\n",
            r#"{"bins": 1}"#,
            ErrorKind::InvalidOption,
            "bins",
        ),
        (
            b"client,date,amount\na,2024-01-01,1\n",
            r#"{"columns":{"client":"nope"}}"#,
            ErrorKind::MissingColumn,
            "no column named \"nope\"",
        ),
    ];
    for (input, opts, kind, text) in cases {
        let e = Options::from_json(opts)
            .and_then(|o| analyze(input, &o).map(|_| ()))
            .unwrap_err();
        assert_eq!(e.kind(), *kind, "{e}");
        assert!(e.to_string().contains(text), "{e}");
    }
    let e = Options::from_json(r#"{"binz": 3}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidOption);
    assert!(e.to_string().contains("binz"));
}

#[test]
fn garbage_never_panics() {
    let mut seed = 1u64;
    for len in [0usize, 1, 2, 7, 100, 1000, 5000] {
        for _ in 0..30 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    b",;\t\"\r\n0123456789.-abc\xD0\x90\xD0\x91\xff\xd0"[(seed >> 33) as usize % 27]
                })
                .collect();
            let _ = analyze(&bytes, &Options::default());
            let _ = segmenta::sniff(&bytes, &Options::default());
        }
    }
}
