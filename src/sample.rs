//! Deterministic generators of realistic data: transactions files for benchmarks and tests,
//! and the demo sample (Russian names, a year of orders, a clients table).
//!
//! The transactions follow the shape of real shops: heavy-tailed activity (many one-time
//! buyers, a few clients with hundreds of orders), acquisition spread over two years with
//! mild growth, churn after an active window, orders of one to a few line items, log-normal
//! line amounts and about 1 % returns. Rows are sorted by date and order id, like an order
//! export. The same arguments always give byte-identical output.

use crate::calendar::{self, Day};

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.f64().max(1e-300);
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f64()).ln()
    }
}

/// Parses a row count like `100k`, `1M`, `5m`, `250000`.
pub fn parse_rows(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_lowercase().replace('_', "");
    let (num, mult) = if let Some(n) = s.strip_suffix('k') {
        (n, 1_000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 1_000_000.0)
    } else {
        (s.as_str(), 1.0)
    };
    let v: f64 = num.parse().ok()?;
    (v > 0.0 && v.is_finite()).then_some((v * mult) as u64)
}

struct Order {
    day: u16,
    customer: u32,
    lines: u8,
}

/// Writes `rows` transactions (`customer_id,order_id,order_date,amount`) into `out`, for
/// about one client per eight rows. Dates run over the two years from 2022-01-01.
pub fn transactions(rows: u64, seed: u64, out: &mut impl std::io::Write) -> std::io::Result<u64> {
    transactions_for(rows, rows / 8, seed, out)
}

/// Like [`transactions`], for a population of `clients` clients whatever the number of rows
/// (a long history of one shop rather than a bigger shop).
pub fn transactions_for(
    rows: u64,
    clients: u64,
    seed: u64,
    out: &mut impl std::io::Write,
) -> std::io::Result<u64> {
    const NDAYS: u32 = 730;
    let start = calendar::day_from_ymd(2022, 1, 1).unwrap_or(18_993);
    let mut rng = Rng::new(seed);
    let n_cust = clients.clamp(100, u32::MAX as u64 - 1) as usize;
    let width = n_cust.to_string().len().max(6);
    // Clients: activity weight (Lomax, capped), acquisition day, active window.
    let mut weight = Vec::with_capacity(n_cust);
    let mut start_day = Vec::with_capacity(n_cust);
    let mut window = Vec::with_capacity(n_cust);
    for _ in 0..n_cust {
        let w = ((1.0 - rng.f64()).powf(-1.0 / 1.5) - 1.0).min(300.0);
        let sd = (NDAYS as f64 * rng.f64().powf(0.85)).floor() as u32;
        let life = rng.exp(300.0) + 30.0 * w;
        weight.push(w);
        start_day.push(sd.min(NDAYS - 1));
        window.push(life.min((NDAYS - sd) as f64).max(1.0));
    }
    let mut cum = Vec::with_capacity(n_cust);
    let mut acc = 0.0;
    for w in &weight {
        acc += w;
        cum.push(acc);
    }
    // Orders: one acquisition order per client, the rest by weight.
    let target = (rows as f64 / 1.25 * 1.03) as usize + 1;
    let mut orders: Vec<Order> = Vec::with_capacity(target.max(n_cust));
    let line_count = |rng: &mut Rng| -> u8 {
        let mut l = 1u8;
        while l < 20 && rng.f64() >= 0.8 {
            l += 1;
        }
        l
    };
    for (c, sd) in start_day.iter().enumerate() {
        let lines = line_count(&mut rng);
        orders.push(Order {
            day: *sd as u16,
            customer: c as u32,
            lines,
        });
    }
    while orders.len() < target {
        let x = rng.f64() * acc;
        let c = cum.partition_point(|v| *v <= x).min(n_cust - 1);
        let day = start_day[c] + (rng.f64() * window[c]).floor() as u32;
        let lines = line_count(&mut rng);
        orders.push(Order {
            day: day.min(NDAYS - 1) as u16,
            customer: c as u32,
            lines,
        });
    }
    // Shuffle (so truncation is fair), truncate to exactly `rows` lines, then sort by day.
    for i in (1..orders.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        orders.swap(i, j);
    }
    let mut total = 0u64;
    let mut keep = 0;
    for (i, o) in orders.iter_mut().enumerate() {
        if total >= rows {
            break;
        }
        let l = (o.lines as u64).min(rows - total);
        o.lines = l as u8;
        total += l;
        keep = i + 1;
    }
    orders.truncate(keep);
    orders.sort_by_key(|o| o.day);
    // Client ids unrelated to activity.
    let mut ids: Vec<u32> = (1..=n_cust as u32).collect();
    for i in (1..ids.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        ids.swap(i, j);
    }
    let mut buf = Vec::with_capacity(1 << 20);
    buf.extend_from_slice(b"customer_id,order_id,order_date,amount\n");
    let mut written = 0u64;
    let mut last_day = u16::MAX;
    let mut day_text = Vec::new();
    for (k, o) in orders.iter().enumerate() {
        if o.day != last_day {
            day_text.clear();
            calendar::push_iso(&mut day_text, start + o.day as Day);
            last_day = o.day;
        }
        for _ in 0..o.lines {
            let id = ids[o.customer as usize];
            let s = id.to_string();
            buf.resize(buf.len() + width.saturating_sub(s.len()), b'0');
            buf.extend_from_slice(s.as_bytes());
            buf.push(b',');
            crate::money::push_u64(&mut buf, 100_000 + k as u64);
            buf.push(b',');
            buf.extend_from_slice(&day_text);
            buf.push(b',');
            let cents = (((3.2 + 0.9 * rng.normal()).exp() * 100.0).round() as i64).max(1);
            let cents = if rng.f64() < 0.01 { -cents } else { cents };
            if cents < 0 {
                buf.push(b'-');
            }
            let a = cents.unsigned_abs();
            crate::money::push_u64(&mut buf, a / 100);
            buf.push(b'.');
            buf.push(b'0' + (a % 100 / 10) as u8);
            buf.push(b'0' + (a % 10) as u8);
            buf.push(b'\n');
            written += 1;
            if buf.len() > (1 << 20) - 128 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    out.write_all(&buf)?;
    Ok(written)
}

const SURNAMES: [&str; 40] = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
];
const MALE: [&str; 20] = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Евгений",
    "Тимофей",
    "Владимир",
];
const FEMALE: [&str; 20] = [
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Екатерина",
    "Светлана",
    "Юлия",
    "Анастасия",
    "Дарья",
    "Ксения",
    "Алина",
    "Виктория",
    "Полина",
    "Марина",
    "Софья",
    "Вера",
    "Людмила",
];
const PATRONYMICS: [&str; 12] = [
    "Александров",
    "Дмитриев",
    "Сергеев",
    "Андреев",
    "Алексеев",
    "Иванов",
    "Михайлов",
    "Петров",
    "Николаев",
    "Владимиров",
    "Викторов",
    "Юрьев",
];
const COMPANIES: [&str; 24] = [
    "Ромашка",
    "Вектор",
    "Альфа-Строй",
    "Северный ветер",
    "Техносфера",
    "Горизонт",
    "Меридиан",
    "Лотос",
    "Сибирь-Трейд",
    "Волга-Логистик",
    "Уралмаш-Сервис",
    "Прогресс",
    "Каскад",
    "Омега",
    "Стройинвест",
    "Байкал",
    "Феникс",
    "Арктика",
    "Заря",
    "Импульс",
    "Гранит",
    "Кедр",
    "Полюс",
    "Орион",
];
const CITIES: [&str; 10] = [
    "Москва",
    "Санкт-Петербург",
    "Казань",
    "Екатеринбург",
    "Новосибирск",
    "Нижний Новгород",
    "Самара",
    "Краснодар",
    "Ростов-на-Дону",
    "Пермь",
];
const SOURCES: [&str; 6] = [
    "Сайт",
    "Маркетплейс",
    "Рекомендация",
    "Выставка",
    "Реклама",
    "Холодный звонок",
];

/// The demo sample: (transactions CSV, clients CSV), both UTF-8 with a BOM, `;`-separated,
/// with `DD.MM.YYYY` dates and decimal commas, as Excel in Russian writes them. A year of
/// orders ending on `end` (`YYYY-MM-DD`) for about `clients` clients, plus leads.
pub fn demo(clients: usize, end: &str, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let end = calendar::parse_iso(end).unwrap_or(20_392);
    let mut rng = Rng::new(seed);
    let names = demo_names(&mut rng, clients + clients / 5);
    let tx = demo_orders(&mut rng, &names[..clients.min(names.len())], end);
    let cl = demo_clients(&mut rng, &names, clients, end);
    (tx, cl)
}

/// Distinct names of people and companies (`true`: a company).
fn demo_names(rng: &mut Rng, wanted: usize) -> Vec<(String, bool)> {
    let mut names: Vec<(String, bool)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut attempts = 0;
    while names.len() < wanted && attempts < wanted * 50 {
        attempts += 1;
        let b2b = rng.f64() < 0.25;
        let name = if b2b {
            let form = ["ООО", "ИП", "АО"][rng.below(3) as usize];
            let n = rng.below(COMPANIES.len() as u64) as usize;
            let city = CITIES[rng.below(CITIES.len() as u64) as usize];
            format!("{form} «{}» ({city})", COMPANIES[n])
        } else {
            let male = rng.f64() < 0.45;
            let s = SURNAMES[rng.below(40) as usize];
            let p = PATRONYMICS[rng.below(PATRONYMICS.len() as u64) as usize];
            if male {
                format!("{s} {} {p}ич", MALE[rng.below(20) as usize])
            } else {
                format!("{s}а {} {p}на", FEMALE[rng.below(20) as usize])
            }
        };
        if seen.insert(name.clone()) {
            names.push((name, b2b));
        }
    }
    names
}

/// A year of orders of `clients` up to `end`, as a 1C export writes them.
fn demo_orders(rng: &mut Rng, clients: &[(String, bool)], end: Day) -> Vec<u8> {
    let first = end - 364;
    let mut tx = Vec::new();
    tx.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    tx.extend_from_slice("Клиент;Телефон;Дата;Номер заказа;Сумма\n".as_bytes());
    let mut rows: Vec<(Day, usize, f64)> = Vec::new();
    for (i, (_, b2b)) in clients.iter().enumerate() {
        let weight = ((1.0 - rng.f64()).powf(-1.0 / 1.6) - 1.0).min(60.0);
        let start = first + (rng.f64().powf(0.9) * 364.0) as Day;
        let life = (rng.exp(150.0) + 20.0 * weight) as Day;
        let n = 1 + (weight * 6.0 * rng.f64()) as usize;
        let mean = if *b2b { 9.6 } else { 7.9 };
        for k in 0..n {
            let d = if k == 0 {
                start
            } else {
                start + (rng.f64() * life.max(1) as f64) as Day
            };
            if d > end {
                continue;
            }
            let amount = ((mean + 0.7 * rng.normal()).exp() / 10.0).round() * 10.0;
            let amount = if rng.f64() < 0.02 { -amount } else { amount };
            rows.push((d, i, amount));
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    for (k, (d, i, amount)) in rows.iter().enumerate() {
        let (y, m, dd) = calendar::ymd(*d);
        let phone = format!(
            "+7 9{:02} {:03}-{:02}-{:02}",
            10 + i % 89,
            (i * 37) % 1000,
            (i * 7) % 100,
            (i * 13) % 100
        );
        let a = *amount as i64;
        let whole = a.unsigned_abs();
        let grouped = if whole >= 1000 {
            format!("{} {:03}", whole / 1000, whole % 1000)
        } else {
            whole.to_string()
        };
        let line = format!(
            "{};{};{:02}.{:02}.{};З-{:05};{}{},00\n",
            clients[*i].0,
            phone,
            dd,
            m,
            y,
            10_000 + k,
            if a < 0 { "-" } else { "" },
            grouped
        );
        tx.extend_from_slice(line.as_bytes());
    }
    tx
}

/// A Russian name in Latin letters, for e-mail addresses.
fn translit(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let t = match c.to_lowercase().next().unwrap_or(c) {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'д' => "d",
                'е' | 'ё' => "e",
                'ж' => "zh",
                'з' => "z",
                'и' => "i",
                'й' => "y",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "h",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "sch",
                'ы' => "y",
                'э' => "e",
                'ю' => "yu",
                'я' => "ya",
                ' ' => ".",
                '-' => "-",
                _ => "",
            };
            (!t.is_empty()).then_some(t)
        })
        .collect()
}

/// The clients table of the demo: every name, those after the first `clients` as leads.
fn demo_clients(rng: &mut Rng, names: &[(String, bool)], clients: usize, end: Day) -> Vec<u8> {
    let mut cl = Vec::new();
    cl.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    cl.extend_from_slice(
        "Клиент;Город;Тип;Источник;Теги;Статус;Последний контакт;E-mail\n".as_bytes(),
    );
    for (i, (name, b2b)) in names.iter().enumerate() {
        let lead = i >= clients;
        let city = CITIES[rng.below(CITIES.len() as u64) as usize];
        let source = SOURCES[rng.below(SOURCES.len() as u64) as usize];
        let mut tags = Vec::new();
        if rng.f64() < 0.15 {
            tags.push("vip");
        }
        if *b2b && rng.f64() < 0.4 {
            tags.push("опт");
        }
        if rng.f64() < 0.1 {
            tags.push("рассылка");
        }
        let status = if lead {
            ["Новый", "В работе", "Холодный", "Переговоры"][rng.below(4) as usize]
        } else if rng.f64() < 0.03 {
            "Ушёл"
        } else {
            "Клиент"
        };
        let contact = if lead && rng.f64() < 0.5 {
            let (y, m, d) = calendar::ymd(end - rng.below(200) as Day);
            format!("{d:02}.{m:02}.{y}")
        } else {
            String::new()
        };
        let email = format!("{}{}@example.ru", translit(name).trim_matches('.'), i);
        let line = format!(
            "{name};{city};{};{source};{};{status};{contact};{email}\n",
            if *b2b { "B2B" } else { "B2C" },
            tags.join(", ")
        );
        cl.extend_from_slice(line.as_bytes());
    }
    cl
}

/// A clients table for the given client ids (plus `leads` ids without orders), with every
/// attribute the catalogue reads: region, type, company size, revenue band, contact role,
/// acquisition source, funnel status, manual segments, tags, last contact, gone mark,
/// e-mail and phone. UTF-8, `,`-separated, deterministic.
pub fn clients_for(ids: &[&str], leads: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = String::from(
        "client_id,region,type,company_size,revenue_band,role,source,status,segments,tags,last_contact,gone,email,phone\n",
    );
    let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
    let lead_ids: Vec<String> = (0..leads).map(|i| format!("lead-{:05}", i + 1)).collect();
    for (k, id) in ids
        .iter()
        .copied()
        .chain(lead_ids.iter().map(String::as_str))
        .enumerate()
    {
        let is_lead = k >= ids.len();
        let b2b = rng.f64() < 0.3;
        let size = if b2b {
            pick(&mut rng, &["1-10", "11-50", "51-250", "250+"])
        } else {
            ""
        };
        let band = if b2b {
            pick(&mut rng, &["<10M", "10-100M", "100M+"])
        } else {
            ""
        };
        let role = if b2b {
            pick(&mut rng, &["owner", "buyer", "marketing", "CEO"])
        } else {
            ""
        };
        let status = if is_lead {
            pick(&mut rng, &["new", "contacted", "qualified", "cold"])
        } else {
            "client"
        };
        let mut tags = Vec::new();
        if rng.f64() < 0.1 {
            tags.push("vip");
        }
        if rng.f64() < 0.2 {
            tags.push("newsletter");
        }
        if b2b && rng.f64() < 0.3 {
            tags.push("wholesale");
        }
        let segments = if rng.f64() < 0.05 { "key account" } else { "" };
        let contact = if is_lead && rng.f64() < 0.5 {
            format!("1998-0{}-{:02}", 1 + rng.below(6), 1 + rng.below(28))
        } else {
            String::new()
        };
        let gone = if !is_lead && rng.f64() < 0.02 {
            "yes"
        } else {
            ""
        };
        out.push_str(&format!(
            "{id},{},{},{size},{band},{role},{},{status},{segments},\"{}\",{contact},{gone},client{k}@example.com,+1 555 {:03} {:04}\n",
            pick(&mut rng, &["Moscow", "Kazan", "Saint Petersburg", "Novosibirsk", "Yekaterinburg", "Samara"]),
            if b2b { "B2B" } else { "B2C" },
            pick(&mut rng, &["website", "marketplace", "referral", "trade show", "ads"]),
            tags.join(", "),
            k % 1000,
            (k * 7) % 10_000
        ));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_exact_row_count() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        assert_eq!(transactions(5_000, 7, &mut a).unwrap(), 5_000);
        transactions(5_000, 7, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.iter().filter(|c| **c == b'\n').count(), 5_001);
        let mut c = Vec::new();
        transactions(5_000, 8, &mut c).unwrap();
        assert_ne!(a, c);
        assert_eq!(parse_rows("1M"), Some(1_000_000));
        assert_eq!(parse_rows("100k"), Some(100_000));
        assert_eq!(parse_rows("x"), None);
    }

    #[test]
    fn demo_reads_back() {
        let (tx, cl) = demo(300, "2026-10-31", 1);
        let r = crate::analyze_with_clients(&tx, Some(&cl), &crate::Options::default()).unwrap();
        let s = r.summary();
        assert!(s.customers > 250, "{}", s.customers);
        assert!(s.leads > 0);
        assert_eq!(r.audit().rows_rejected, 0, "{:?}", r.audit().issues);
        assert_eq!(r.sniff().delimiter, ";");
        assert_eq!(s.as_of, "2026-10-31");
    }
}
