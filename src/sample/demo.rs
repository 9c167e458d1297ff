//! The demo sample: Russian names of people and companies, a year of orders as a 1C export
//! writes them, and a clients table.

use super::Rng;
use crate::calendar::{self, Day};

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

/// Sections of the demo shop, as an events table names them.
const SECTIONS: &[&str] = &[
    "Кремы",
    "Маски",
    "Сыворотки",
    "Наборы",
    "Уход за волосами",
    "Подарочные сертификаты",
];

/// Mailings of the demo shop.
const CAMPAIGNS: &[&str] = &["Осенняя распродажа", "Новинки месяца", "Скидка на наборы"];

/// The demo's events table for the clients of [`demo`] with the same `clients`, `end` and
/// `seed`: 45 days of views by section, carts, opened mailings and clicks up to `end`, as a
/// site analytics export writes them (UTF-8 with a BOM, `;`-separated, times
/// `YYYY-MM-DD HH:MM`).
pub fn demo_events(clients: usize, end: &str, seed: u64) -> Vec<u8> {
    let end = calendar::parse_iso(end).unwrap_or(20_392);
    let mut rng = Rng::new(seed);
    let names = demo_names(&mut rng, clients + clients / 5);
    let mut rng = Rng::new(seed ^ 0x0e7e_475e);
    let mut rows: Vec<(Day, u32, usize, &str, &str, &str)> = Vec::new();
    for (i, _) in names.iter().enumerate() {
        if rng.f64() >= 0.45 {
            continue;
        }
        let visits = 1 + rng.below(4) as usize;
        for _ in 0..visits {
            let day = end - rng.below(45) as Day;
            let minute = (8 * 60 + rng.below(15 * 60)) as u32;
            let section = SECTIONS[rng.below(SECTIONS.len() as u64) as usize];
            rows.push((day, minute, i, "просмотр", section, ""));
            if rng.f64() < 0.3 {
                rows.push((day, minute + 3, i, "добавление в корзину", section, ""));
            }
        }
        if rng.f64() < 0.5 {
            let day = end - rng.below(30) as Day;
            let minute = (9 * 60 + rng.below(12 * 60)) as u32;
            let campaign = CAMPAIGNS[rng.below(CAMPAIGNS.len() as u64) as usize];
            rows.push((day, minute, i, "открытие письма", "", campaign));
            if rng.f64() < 0.4 {
                rows.push((day, minute + 2, i, "клик", "", campaign));
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1, r.2));
    let mut out = Vec::new();
    out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    out.extend_from_slice("Клиент;Время;Событие;Раздел;Кампания\n".as_bytes());
    for (day, minute, i, kind, section, campaign) in rows {
        let (y, m, d) = calendar::ymd(day);
        let line = format!(
            "{};{y:04}-{m:02}-{d:02} {:02}:{:02};{kind};{section};{campaign}\n",
            names[i].0,
            minute / 60,
            minute % 60
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}
