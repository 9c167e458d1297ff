//! Who moved between two reports: a small file at two `asOf` dates with known movers, new
//! and gone clients, revenue that reconciles with both reports, ranks, Russian wording, and
//! CDNOW at 1998-03-31 against the whole file.

use segmenta::{analyze, Comparison, CsvOptions, Movement, Options, Report};

/// Five clients over the first half of 2024 (fixed thresholds, so every label is known):
/// `a` stops buying in February, `b` keeps buying, `c` pauses in April, `d` arrives in May,
/// `e` buys once on 29 February.
const ORDERS: &str = "\
customer_id,order_date,amount
a,2024-01-01,50
b,2024-01-05,50
c,2024-01-10,50
a,2024-02-20,50
b,2024-02-25,50
c,2024-02-28,50
e,2024-02-29,120
c,2024-04-15,50
d,2024-05-25,80
b,2024-05-30,250
d,2024-06-01,80
";

fn options(extra: &str) -> Options {
    let json = format!(
        r#"{{"lifecycle":{{"newDays":10,"sleepDays":30,"churnDays":90}},
            "thresholds":{{"recency":[7,14,30,60],"frequency":[2,3,4,5],"monetary":[100,200,300,400]}}
            {extra}}}"#
    );
    Options::from_json(&json).unwrap()
}

fn report(csv: &str, extra: &str) -> Report {
    analyze(csv.as_bytes(), &options(extra)).unwrap()
}

fn two_dates(lang: &str) -> Comparison {
    let before = report(ORDERS, &format!(r#","asOf":"2024-03-01","lang":"{lang}""#));
    let after = report(ORDERS, &format!(r#","lang":"{lang}""#));
    Report::compare(&before, &after)
}

/// The labels before and after of client `id` on criterion `key`, and the path's movement.
fn path_of(c: &Comparison, key: &str, id: &str) -> (String, String, Movement) {
    let f = c.flow(key).unwrap();
    for p in &f.paths {
        let on = c.clients_on(key, p.from, p.to).unwrap();
        if on.iter().any(|&k| c.client_id(k as usize) == id) {
            let name = |i: u8| f.labels[i as usize].key.clone();
            return (name(p.from), name(p.to), p.movement);
        }
    }
    panic!("{id} is on no path of {key}");
}

#[test]
fn known_movers_at_two_dates() {
    use Movement::*;
    let c = two_dates("en");
    #[rustfmt::skip]
    let cases = [
        ("lifecycle", "a", "active", "churned", Down),
        ("lifecycle", "b", "active", "active", Stayed),
        ("lifecycle", "c", "active", "sleeping", Down),
        ("lifecycle", "d", "newInData", "newClient", New),
        ("lifecycle", "e", "newClient", "churned", Down),
        ("rfm", "b", "potentialLoyalist", "loyal", Up),
        ("rfm", "d", "newInData", "potentialLoyalist", New),
        ("abc", "d", "newInData", "A", New),
    ];
    for (key, id, from, to, movement) in cases {
        assert_eq!(
            path_of(&c, key, id),
            (from.to_string(), to.to_string(), movement),
            "{key} {id}"
        );
    }
    let life = c.flow("lifecycle").unwrap().counts;
    assert_eq!(
        (life.up, life.stayed, life.down, life.new, life.lost),
        (0, 1, 3, 1, 0)
    );
    // Active → sleeping is the one move from a valuable stage to a risky one.
    assert_eq!(life.valuable_to_risky, 1);
    let risky = c.valuable_to_risky("lifecycle").unwrap();
    let ids: Vec<&str> = risky.iter().map(|&k| c.client_id(k as usize)).collect();
    assert_eq!(ids, ["c"]);
}

#[test]
fn every_client_is_on_one_path_and_revenue_reconciles() {
    let before = report(ORDERS, r#","asOf":"2024-03-01""#);
    let after = report(ORDERS, "");
    let c = Report::compare(&before, &after);
    assert_eq!(c.len(), 5);
    for f in c.flows() {
        let clients: u32 = f.paths.iter().map(|p| p.clients).sum();
        assert_eq!(clients as usize, c.len(), "{}", f.criterion);
        let rb: f64 = f.paths.iter().map(|p| p.revenue_before).sum();
        let ra: f64 = f.paths.iter().map(|p| p.revenue_after).sum();
        assert!(
            (rb - before.summary().revenue).abs() < 1e-6,
            "{}",
            f.criterion
        );
        assert!(
            (ra - after.summary().revenue).abs() < 1e-6,
            "{}",
            f.criterion
        );
        let change: f64 = f.paths.iter().map(|p| p.revenue_change).sum();
        assert!((change - (ra - rb)).abs() < 1e-6);
    }
    // 880 in all, 420 of it by 1 March: 460 came in between (b 250, c 50, d 160).
    assert_eq!(before.summary().revenue, 420.0);
    assert_eq!(after.summary().revenue, 880.0);
}

#[test]
fn clients_gone_from_the_later_file() {
    let earlier = format!("{ORDERS}z,2024-01-15,500\n");
    let before = report(&earlier, r#","asOf":"2024-03-01""#);
    let after = report(ORDERS, "");
    let c = Report::compare(&before, &after);
    assert_eq!(c.len(), 6);
    let (from, to, m) = path_of(&c, "rfm", "z");
    assert_eq!((to.as_str(), m), ("goneFromData", Movement::Lost));
    assert_ne!(from, "goneFromData");
    let counts = c.flow("abc").unwrap().counts;
    assert_eq!((counts.new, counts.lost), (1, 1));
    let why = c.explain("abc", "z").unwrap();
    assert!(
        why.ends_with("Gone from the data: not in the later data"),
        "{why}"
    );
    let p = c
        .flow("abc")
        .unwrap()
        .paths
        .iter()
        .find(|p| p.movement == Movement::Lost)
        .unwrap();
    assert_eq!(
        (p.revenue_before, p.revenue_after, p.revenue_change),
        (500.0, 0.0, -500.0)
    );
}

#[test]
fn explanations_name_what_changed_in_both_languages() {
    let en = two_dates("en");
    #[rustfmt::skip]
    let cases = [
        ("rfm", "c", "R 5 → 2, F 2 → 3, orders 2 → 3, last order 47 days ago"),
        ("lifecycle", "a", "Active → Churned: last order 102 days ago"),
        ("lifecycle", "d", "New in the data → New client: not in the earlier data, 2 orders, last order on the analysis date"),
        ("abc", "b", "revenue 100 → 350"),
    ];
    for (key, id, part) in cases {
        let why = en.explain(key, id).unwrap();
        assert!(why.contains(part), "{key} {id}: {why}");
    }
    let ru = two_dates("ru");
    #[rustfmt::skip]
    let cases = [
        ("rfm", "c", "R 5 → 2, F 2 → 3, заказов 2 → 3, последний заказ 47 дней назад"),
        ("lifecycle", "c", "Активный → Спящий: заказов 2 → 3, последний заказ 47 дней назад"),
        ("lifecycle", "d", "Новые в данных → Новый клиент: не было в ранних данных, 2 заказа"),
        ("abc", "b", "выручка 100 → 350"),
    ];
    for (key, id, part) in cases {
        let why = ru.explain(key, id).unwrap();
        assert!(why.contains(part), "{key} {id}: {why}");
    }
}

#[test]
fn a_path_as_csv_in_both_languages() {
    let c = two_dates("en");
    let risky = c.valuable_to_risky("lifecycle").unwrap();
    let csv = c
        .csv("lifecycle", &risky, &CsvOptions::excel(segmenta::Lang::En))
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer_id,from,to,movement,revenue_before,revenue_after,revenue_change,recency_days,frequency,reason_text"
    );
    assert_eq!(
        lines.next().unwrap(),
        "c,Active,Sleeping,moved down,100.00,150.00,50.00,47,3,\"Active → Sleeping: orders 2 → 3, last order 47 days ago\""
    );
    assert!(lines.next().is_none());
    let ru = two_dates("ru");
    let csv = ru
        .csv("lifecycle", &risky, &CsvOptions::excel(segmenta::Lang::Ru))
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let head = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        head,
        "ID клиента;Было;Стало;Движение;Выручка до;Выручка после;Изменение выручки;Давность, дн.;Заказов;Причина"
    );
    assert!(
        text.contains("c;Активный;Спящий;снизились;100,00;150,00;50,00;47;3;"),
        "{text}"
    );
    assert!(c.csv("nothing", &risky, &CsvOptions::default()).is_err());
}

#[test]
fn paths_move_along_each_criterion_order_of_value() {
    let c = two_dates("en");
    for f in c.flows() {
        for p in &f.paths {
            let (a, b) = (&f.labels[p.from as usize], &f.labels[p.to as usize]);
            let expected = match (p.from == f.new_label(), p.to == f.lost_label()) {
                (true, _) => Movement::New,
                (_, true) => Movement::Lost,
                _ if p.from == p.to => Movement::Stayed,
                _ => match (a.rank, b.rank) {
                    (Some(x), Some(y)) if y > x => Movement::Up,
                    (Some(x), Some(y)) if y < x => Movement::Down,
                    (Some(_), Some(_)) => Movement::Stayed,
                    _ => Movement::Changed,
                },
            };
            assert_eq!(
                p.movement, expected,
                "{} {} → {}",
                f.criterion, a.key, b.key
            );
        }
    }
}

#[test]
fn cdnow_at_the_end_of_march_1998_against_the_whole_file() {
    let csv = std::fs::read("tests/data/cdnow.csv").unwrap();
    let at = |json: &str| analyze(&csv, &Options::from_json(json).unwrap()).unwrap();
    let before = at(r#"{"asOf":"1998-03-31"}"#);
    let after = at("{}");
    let t = std::time::Instant::now();
    let c = Report::compare(&before, &after);
    let took = t.elapsed();
    let (nb, na) = (before.summary().customers, after.summary().customers);
    assert_eq!(
        c.len() as u64,
        na,
        "every client of the later report, none gone"
    );
    for f in c.flows() {
        let clients: u32 = f.paths.iter().map(|p| p.clients).sum();
        assert_eq!(clients as u64, na, "{}", f.criterion);
        let k = f.counts;
        assert_eq!(
            (k.up + k.stayed + k.down + k.changed + k.new + k.lost) as u64,
            na,
            "{}",
            f.criterion
        );
        assert_eq!(k.new as u64, na - nb);
        assert_eq!(k.lost, 0);
        let ra: f64 = f.paths.iter().map(|p| p.revenue_after).sum();
        let rb: f64 = f.paths.iter().map(|p| p.revenue_before).sum();
        assert!((ra - after.summary().revenue).abs() < 1e-3);
        assert!((rb - before.summary().revenue).abs() < 1e-3);
    }
    // Three months on without new clients, more clients slip down the stages than up.
    let life = c.flow("lifecycle").unwrap().counts;
    assert!(life.down > life.up, "{life:?}");
    let rfm = c.flow("rfm").unwrap();
    assert!(rfm.counts.valuable_to_risky > 0);
    eprintln!("compare of {na} CDNOW clients: {took:?}");
}
