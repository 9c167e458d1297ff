//! Contact lists carry the name, e-mail and phone of the orders file, for a spreadsheet
//! (with the formula guard) or for import into a mailing or SMS service (E.164 phones,
//! clean e-mails, no guard).

use segmenta::criteria::RuleSource;
use segmenta::{analyze, analyze_with_clients, CsvOptions, Options};

const ORDERS: &str = "\
Номер клиента;ФИО;E-mail;Телефон;Дата;Сумма
1001;Анна Петрова; Anna.Petrova@Example.COM ;8 (912) 345-67-89;05.10.2026;12 500,00
1001;Анна Петрова;Anna.Petrova@Example.COM;8 (912) 345-67-89;20.10.2026;8 000,00
1002;Иван Смирнов;ivan@mail.ru;+7 903 111-22-33;01.03.2026;1 200,00
1003;Ольга Ким;не указан;нет;15.10.2026;3 000,00
";

fn rows(csv: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rd.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column<'a>(rows: &'a [Vec<String>], name: &str, id: &str) -> &'a str {
    let k = rows[0].iter().position(|h| h == name).unwrap();
    &rows.iter().find(|r| r[0] == id).unwrap()[k]
}

#[test]
fn contact_lists_hold_the_orders_files_contacts() {
    let ru = Options::from_json(r#"{"lang": "ru"}"#).unwrap();
    let r = analyze(ORDERS.as_bytes(), &ru).unwrap();
    let all = RuleSource::Text("frequency >= 1".into());
    // For a spreadsheet: as written, the formula guard on a leading "+".
    let keys = CsvOptions {
        header_keys: true,
        ..CsvOptions::default()
    };
    let sheet = rows(&r.contacts_csv(&all, &keys).unwrap());
    assert_eq!(&sheet[0][..4], ["customer_id", "name", "email", "phone"]);
    assert_eq!(column(&sheet, "name", "1001"), "Анна Петрова");
    assert_eq!(column(&sheet, "phone", "1002"), "'+7 903 111-22-33");
    // For a mailing service: E.164 and clean e-mails, empty when not valid.
    let mailing = CsvOptions {
        mailing: true,
        ..keys.clone()
    };
    let list = rows(&r.contacts_csv(&all, &mailing).unwrap());
    assert_eq!(list.len(), 4);
    assert_eq!(column(&list, "email", "1001"), "Anna.Petrova@example.com");
    assert_eq!(column(&list, "phone", "1001"), "+79123456789");
    assert_eq!(column(&list, "phone", "1002"), "+79031112233");
    assert_eq!(column(&list, "email", "1003"), "");
    assert_eq!(column(&list, "phone", "1003"), "");
    // The message greets by name.
    let message = column(&list, "message", "1001");
    assert!(message.starts_with("Анна Петрова,"), "{message}");
}

#[test]
fn without_a_name_the_message_greets_neutrally() {
    let r = analyze(
        b"client,date,amount\nc1,2026-10-01,100\nc1,2026-10-20,100\n",
        &Options::default(),
    )
    .unwrap();
    let list = rows(
        &r.contacts_csv(
            &RuleSource::Text("frequency >= 1".into()),
            &CsvOptions::default(),
        )
        .unwrap(),
    );
    let message = column(&list, "message", "c1");
    assert!(!message.is_empty() && !message.contains("c1"), "{message}");
    assert!(message.starts_with("Hello,"), "{message}");
}

#[test]
fn a_clients_table_contact_comes_first() {
    let clients = "Номер клиента;E-mail\n1002;smirnov@work.ru\n";
    let r = analyze_with_clients(
        ORDERS.as_bytes(),
        Some(clients.as_bytes()),
        &Options::default(),
    )
    .unwrap();
    let list = rows(
        &r.contacts_csv(
            &RuleSource::Text("frequency >= 1".into()),
            &CsvOptions::default(),
        )
        .unwrap(),
    );
    assert_eq!(column(&list, "email", "1002"), "smirnov@work.ru");
    assert_eq!(column(&list, "name", "1002"), "Иван Смирнов");
}

#[test]
fn a_clients_profile_names_it_and_holds_its_contacts_and_cells() {
    let r = analyze(ORDERS.as_bytes(), &Options::default()).unwrap();
    let p = r.profile("1001").unwrap();
    assert_eq!(p.name.as_deref(), Some("Анна Петрова"));
    assert_eq!(p.email.as_deref(), Some("Anna.Petrova@Example.COM"));
    assert_eq!(p.phone.as_deref(), Some("8 (912) 345-67-89"));
    assert_eq!(p.in_clients_table, None, "no clients table");
    assert!(p.attributes.is_empty());
    assert!(r.has_names());
    let row = (0..r.len()).find(|&i| r.ids().get(i) == "1002").unwrap();
    assert_eq!(r.client_name(row), Some("Иван Смирнов"));
    assert!(r.profile("nobody").is_none());

    // The clients table's name and contacts come first; its other cells follow, typed.
    let clients = "Клиент;Имя;Город;Возраст\n1001;Петрова Анна Сергеевна;Казань;34\n";
    let r = analyze_with_clients(
        ORDERS.as_bytes(),
        Some(clients.as_bytes()),
        &Options::default(),
    )
    .unwrap();
    let p = r.profile("1001").unwrap();
    assert_eq!(p.name.as_deref(), Some("Петрова Анна Сергеевна"));
    assert_eq!(
        p.email.as_deref(),
        Some("Anna.Petrova@Example.COM"),
        "the orders file's"
    );
    assert_eq!(p.in_clients_table, Some(true));
    let cells: Vec<(&str, &str, Option<f64>)> = p
        .attributes
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_str(), c.number))
        .collect();
    assert!(cells.contains(&("Город", "Казань", None)), "{cells:?}");
    assert!(cells.contains(&("Возраст", "34", Some(34.0))), "{cells:?}");
    let p = r.profile("1002").unwrap();
    assert_eq!(p.in_clients_table, Some(false));
    assert_eq!(
        p.name.as_deref(),
        Some("Иван Смирнов"),
        "not in the table: the orders file's"
    );

    // Without names anywhere there are none to show.
    let bare = "client,date,amount\na,2024-01-01,10\n";
    let r = analyze(bare.as_bytes(), &Options::default()).unwrap();
    assert!(!r.has_names());
    assert_eq!(r.client_name(0), None);
}
