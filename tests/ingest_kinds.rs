//! Kinds of real-world exports, each read from a file in `tests/data/kinds/` (see the README
//! there): the column chosen as the client key, the clients, the revenue and the audit, or the
//! error a file that is not a table gets.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::{analyze, ErrorKind, IssueKind, Options, Report, Role};

fn file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/kinds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One client as read: id, name (empty when the file has none), orders, revenue.
type Client = (&'static str, &'static str, u32, f64);

/// What a file should read as.
struct Want {
    /// The header of the column the client key comes from.
    key: &'static str,
    /// Every client, in order of first appearance.
    clients: &'static [Client],
    /// Rows read, accepted, rejected, excluded.
    rows: (u64, u64, u64, u64),
    /// Every issue of the audit with its count.
    issues: &'static [(IssueKind, u64)],
}

/// The header of the column the key was read from (the e-mail or phone when no column names
/// the client).
fn key_column(r: &Report) -> String {
    let s = r.sniff();
    [Role::Client, Role::Email, Role::Phone]
        .iter()
        .find_map(|&role| s.column(role))
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn clients_of(r: &Report) -> Vec<(String, String, u32, f64)> {
    let c = r.columns();
    (0..r.len())
        .map(|i| {
            let name = c.contacts.as_ref().map_or("", |p| p.name.get(i));
            let revenue = c.revenue[i] as f64 / segmenta::money::SCALE as f64;
            (
                r.ids().get(i).to_string(),
                name.to_string(),
                c.frequency[i],
                revenue,
            )
        })
        .collect()
}

/// Reads `name` and checks it against `want`, whole: key, clients, revenue and the audit.
fn check(name: &str, opts: &str, want: &Want) -> Report {
    let r = analyze(&file(name), &Options::from_json(opts).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(key_column(&r), want.key, "{name}: the key column");
    let expected: Vec<(String, String, u32, f64)> = want
        .clients
        .iter()
        .map(|&(id, n, o, m)| (id.into(), n.into(), o, m))
        .collect();
    assert_eq!(clients_of(&r), expected, "{name}: clients");
    let revenue: f64 = want.clients.iter().map(|c| c.3).sum();
    assert!(
        (r.summary().revenue - revenue).abs() < 1e-6,
        "{name}: revenue {}",
        r.summary().revenue
    );
    let a = r.audit();
    let rows = (
        a.rows_read,
        a.rows_accepted,
        a.rows_rejected,
        a.rows_excluded,
    );
    assert_eq!(
        rows, want.rows,
        "{name}: rows read, accepted, rejected, excluded"
    );
    let issues: Vec<(IssueKind, u64)> = a.issues.iter().map(|g| (g.kind, g.count)).collect();
    assert_eq!(issues, want.issues, "{name}: issues");
    assert!(a.reconciled, "{name}: the audit reconciles");
    r
}

#[test]
fn the_client_is_the_contact_or_the_counterparty() {
    use IssueKind::*;
    // amoCRM: the deal's main contact, not its company (which comes first here); the
    // budget is the amount, a deal «Закрыто и не реализовано» did not happen.
    check(
        "amocrm-deals.csv",
        "{}",
        &Want {
            key: "Основной контакт",
            clients: &[
                ("Иванов Иван", "", 2, 27_000.0),
                ("Петров Пётр", "", 1, 8_000.0),
                ("Сидорова Анна", "", 1, 45_000.0),
                ("Кузнецов Олег", "", 1, 7_000.0),
            ],
            rows: (6, 5, 0, 1),
            issues: &[(CancelledOrder, 1)],
        },
    );
    // A contact beside a company.
    check(
        "contacts.csv",
        "{}",
        &Want {
            key: "Контакт",
            clients: &[
                ("Иванов Иван", "", 2, 1_500.0),
                ("Петров Пётр", "", 1, 2_000.0),
            ],
            rows: (3, 3, 0, 0),
            issues: &[],
        },
    );
    // 1C: the counterparty (Windows-1251, quotes inside names, the document as the order).
    check(
        "1c-counterparties.csv",
        "{}",
        &Want {
            key: "Контрагент",
            clients: &[
                ("ООО \"Вектор\"", "", 2, 19_999.5),
                ("ИП Петров А. В.", "", 1, 3_200.5),
                ("АО \"Север\"", "", 1, 100_000.0),
            ],
            rows: (4, 4, 0, 0),
            issues: &[],
        },
    );
}

#[test]
fn a_tax_id_is_the_key_and_the_name_the_clients_name() {
    // ИНН of 10 and 12 digits (a leading zero kept), «Наименование» the name.
    let r = check(
        "legal-entities.csv",
        "{}",
        &Want {
            key: "ИНН",
            clients: &[
                ("7707083893", "ПАО «Сбербанк»", 2, 200_000.0),
                ("0274062111", "ООО «Башкирэнерго»", 1, 20_000.0),
                ("500100732259", "ИП Иванов Иван Иванович", 1, 9_990.0),
                ("7736050003", "ПАО «Газпром»", 1, 1_000_000.0),
            ],
            rows: (5, 5, 0, 0),
            issues: &[],
        },
    );
    assert_eq!(r.sniff().column(Role::Name).unwrap().name, "Наименование");
    // Line items: «Наименование» is the item's (it changes within a client), so the
    // counterparty is the name; one invoice over two lines is one order.
    let r = check(
        "legal-entities-items.csv",
        "{}",
        &Want {
            key: "ИНН",
            clients: &[
                ("7707083893", "ПАО «Сбербанк»", 1, 5_500.0),
                ("0274062111", "ООО «Башкирэнерго»", 1, 1_800.0),
                ("500100732259", "ИП Иванов Иван Иванович", 1, 4_000.0),
            ],
            rows: (5, 5, 0, 0),
            issues: &[],
        },
    );
    assert_eq!(r.sniff().column(Role::Name).unwrap().name, "Контрагент");
    assert_eq!(r.sniff().columns[2].role, Role::Attribute);
}

#[test]
fn an_email_is_the_key_not_the_notes_beside_it() {
    check(
        "email-notes.csv",
        "{}",
        &Want {
            key: "Email",
            clients: &[
                ("ann@example.com", "", 2, 200.0),
                ("bob@example.com", "", 1, 35.5),
                ("cleo@example.com", "", 1, 15.25),
            ],
            rows: (4, 4, 0, 0),
            issues: &[],
        },
    );
    // «Комментарий к заказу» is a comment, not the order's id.
    let r = check(
        "email-comments.csv",
        "{}",
        &Want {
            key: "Эл. почта",
            clients: &[
                ("anna@mail.ru", "", 2, 1_600.0),
                ("boris@ya.ru", "", 1, 850.0),
            ],
            rows: (3, 3, 0, 0),
            issues: &[],
        },
    );
    assert_eq!(r.sniff().columns[1].role, Role::Attribute);
    assert!(r.sniff().column(Role::OrderId).is_none());
}

#[test]
fn a_line_item_export_counts_each_order_once_at_its_total() {
    use IssueKind::*;
    // 1C-style lines (Windows-1251): the order's total on its first line only, the item's own
    // price on every line.
    let r = check(
        "line-items.csv",
        "{}",
        &Want {
            key: "Клиент",
            clients: &[
                ("Иванов Иван", "", 2, 950.0),
                ("Петрова Мария", "", 2, 950.0),
            ],
            rows: (7, 7, 0, 0),
            issues: &[(OrderLine, 3)],
        },
    );
    let lines = r
        .audit()
        .issues
        .iter()
        .find(|g| g.kind == OrderLine)
        .unwrap();
    let at: Vec<u64> = lines.examples.iter().map(|e| e.line).collect();
    assert_eq!(at, [3, 6, 7], "the continuation lines");
    assert_eq!(r.summary().orders, 4);
    // Shopify: "Name" is the order (`#1001`), the e-mail is on every line and the key, the
    // billing name only on the first; "Created at" is on every line, "Paid at" not; "Total"
    // rather than "Subtotal"; a refunded order did not happen.
    let r = check(
        "shopify-orders.csv",
        "{}",
        &Want {
            key: "Email",
            clients: &[
                ("ann@example.com", "Ann Lee", 2, 430.0),
                ("bob@example.com", "Bob Stone", 1, 55.0),
            ],
            rows: (6, 5, 0, 1),
            issues: &[(CancelledOrder, 1), (OrderLine, 2)],
        },
    );
    let s = r.sniff();
    let role = |name: &str| s.columns.iter().find(|c| c.name == name).unwrap().role;
    assert_eq!(role("Name"), Role::OrderId);
    assert_eq!(role("Created at"), Role::Date);
    assert_eq!(role("Total"), Role::Amount);
    assert_eq!(role("Billing Name"), Role::Name);
}

#[test]
fn ids_written_as_floats_read_as_integers() {
    use IssueKind::*;
    // The online retailer's lines as pandas writes them: every CustomerID `17850.0`, one
    // line without a client; quantity × price is the amount.
    check(
        "float-ids.csv",
        "{}",
        &Want {
            key: "CustomerID",
            clients: &[
                ("17850", "", 2, 4_674.0 / 100.0),
                ("13047", "", 2, 7_958.0 / 100.0),
            ],
            rows: (6, 5, 1, 0),
            issues: &[(MissingClient, 1)],
        },
    );
    // One id without the suffix: every id is kept as written.
    let mixed = String::from_utf8(file("float-ids.csv"))
        .unwrap()
        .replacen("13047.0", "13047", 1);
    let r = analyze(mixed.as_bytes(), &Options::default()).unwrap();
    let ids: Vec<&str> = (0..r.len()).map(|i| r.ids().get(i)).collect();
    assert_eq!(ids, ["17850.0", "13047", "13047.0"]);
}

#[test]
fn a_quote_never_closed_is_read_one_line_at_a_time() {
    use IssueKind::*;
    // The quote opened on line 3 runs to the end of the file: read one row per line, the row
    // with it flagged, nothing swallowed.
    let r = check(
        "open-quote-to-the-end.csv",
        "{}",
        &Want {
            key: "client",
            clients: &[
                ("a", "", 1, 10.0),
                ("b", "", 1, 20.0),
                ("c", "", 1, 30.0),
                ("d", "", 1, 40.0),
            ],
            rows: (4, 4, 0, 0),
            issues: &[(UnclosedQuote, 1)],
        },
    );
    let flagged = &r.audit().issues[0].examples[0];
    assert_eq!((flagged.line, flagged.row), (3, 2));
    assert_eq!(flagged.value, "b,2024-01-02,20,broken note");
    let w = r
        .warnings()
        .iter()
        .find(|w| w.kind == segmenta::WarningKind::UnclosedQuote);
    assert_eq!(w.and_then(|w| w.line), Some(3), "{:?}", r.warnings());
    // Closed four lines later by another field's quote: the lines between read as rows.
    check(
        "open-quote-closed-later.csv",
        "{}",
        &Want {
            key: "Клиент",
            clients: &[
                ("Иванов", "", 2, 1_500.0),
                ("Петров", "", 1, 2_000.0),
                ("Сидоров", "", 1, 1_500.0),
                ("Кузнецова", "", 1, 700.0),
            ],
            rows: (5, 5, 0, 0),
            issues: &[(UnclosedQuote, 1)],
        },
    );
    // A quote opened in a name: its row falls apart (rejected with its line and why), the
    // row after it is read, and so is a name with a stray quote inside.
    let r = check(
        "open-quote-in-a-name.csv",
        "{}",
        &Want {
            key: "Код клиента",
            clients: &[
                ("2", "ИП Петров", 1, 2_000.0),
                ("3", "АО Север\"", 1, 3_000.0),
            ],
            rows: (3, 2, 1, 0),
            issues: &[(FieldCount, 1)],
        },
    );
    let rejected = &r.audit().issues[0].examples[0];
    assert_eq!(rejected.line, 2);
    assert_eq!(
        rejected.detail.as_deref(),
        Some("2 fields, header has 4; a quote in the row is not closed by the end of its line")
    );
    // Line breaks inside quotes that do close are read as ever, in one pass.
    let r = check(
        "multiline-notes.csv",
        "{}",
        &Want {
            key: "client",
            clients: &[("a", "", 1, 10.0), ("b", "", 1, 20.0), ("c", "", 1, 30.0)],
            rows: (3, 3, 0, 0),
            issues: &[],
        },
    );
    assert!(r
        .warnings()
        .iter()
        .all(|w| w.kind != segmenta::WarningKind::UnclosedQuote));
}

#[test]
fn a_quote_never_closed_names_its_line_and_the_option() {
    let data = file("open-quote-to-the-end.csv");
    // The streaming analyzer asks for the bytes again, whatever the chunks, and says why.
    for chunk in [1, 7, 1 << 20] {
        let mut a = segmenta::Analyzer::new(&Options::default(), None).unwrap();
        let report = loop {
            for part in data.chunks(chunk) {
                a.push(part).unwrap();
            }
            match a.end().unwrap() {
                segmenta::Outcome::Report(r) => break r,
                segmenta::Outcome::ReadAgain => {}
            }
        };
        assert_eq!(report.summary().customers, 4, "chunk {chunk}");
        let f = a.fixes();
        assert_eq!(f.len(), 1, "chunk {chunk}");
        assert_eq!(
            (f[0].option, f[0].value, f[0].line),
            ("quotes", "line", Some(3))
        );
    }
    // One that cannot read again fails, naming the line and the option.
    let mut a = segmenta::Analyzer::new(&Options::default(), None).unwrap();
    a.push(&data).unwrap();
    let e = a.finish().err().unwrap();
    assert_eq!(e.kind(), ErrorKind::FormatContradiction);
    assert_eq!(
        e.to_string(),
        "line 3: a quote opened on this line is never closed, so the lines after it would be read as one field; read the file again with the option quotes: \"line\" (one record per line)"
    );
    let fix = e.fix().unwrap();
    assert_eq!((fix.option(), fix.value()), ("quotes", "line"));
    // Quotes the options say are multiline stay so: the error, not a silent loss.
    let opts = Options::from_json(r#"{"quotes":"multiline"}"#).unwrap();
    let e = analyze(&data, &opts).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::FormatContradiction);
    assert_eq!(e.position().and_then(|p| p.line), Some(3));
    // Given `quotes: "line"`, one pass reads what the fix reads.
    let opts = Options::from_json(r#"{"quotes":"line"}"#).unwrap();
    let mut a = segmenta::Analyzer::new(&opts, None).unwrap();
    a.push(&data).unwrap();
    assert_eq!(a.finish().unwrap().audit().rows_accepted, 4);
    // Read in byte ranges, the file falls back to one reader with the same result.
    let (r, outcome) = segmenta::analyze_in_ranges(&data, None, &Options::default(), 2).unwrap();
    assert_eq!(outcome.ranges, 1);
    assert_eq!(r.audit().rows_accepted, 4);
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
