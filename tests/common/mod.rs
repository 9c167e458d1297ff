//! Test files shared by several test crates.

/// A 1C-style export in Windows-1251 with the quirks of real ones: a preamble, day-first
/// dates with times, decimal commas with spaces as thousands separators, currency marks, a
/// return, a totals line, blank lines, a missing client, an impossible and a future date,
/// exact duplicates of the data lines `duplicated` (from 0), a reused order number and a
/// short row.
#[allow(dead_code)]
pub fn messy_1c(duplicated: &[usize]) -> Vec<u8> {
    let (orders, _) = segmenta::sample::demo(300, "2026-06-30", 11);
    let text = String::from_utf8(orders).unwrap();
    let mut out = String::from("Отчёт по продажам за период\r\nСформирован 01.07.2026\r\n\r\n");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    out.push_str(lines.next().unwrap());
    out.push_str("\r\n");
    for (i, line) in lines.enumerate() {
        out.push_str(line);
        out.push_str("\r\n");
        match i {
            i if duplicated.contains(&i) => out.push_str(line), // exact duplicates
            25 => out.push_str(";;;"),
            40 => out.push_str("Итого;;;;1 000 000,00"),
            55 => out.push_str(&line.replacen(';', ";;", 1)),
            70 => out.push_str(&line.replace(".2025", ".2041").replace(".2026", ".2041")),
            85 => out.push_str(
                &line
                    .replace(".2025", ".13.2025")
                    .replace(".2026", ".13.2026"),
            ),
            _ => continue,
        }
        out.push_str("\r\n");
    }
    out.push_str("\r\nИтого;;;;\r\n");
    encoding_rs::WINDOWS_1251.encode(&out).0.into_owned()
}

/// `csv` (comma-separated, a header and one row a line) with a category column added at
/// the end: a few categories, spelt differently on some rows (case, spaces), and some rows
/// without one, chosen from each line's bytes.
#[allow(dead_code)]
pub fn with_categories(csv: &[u8]) -> Vec<u8> {
    const NAMES: [&str; 6] = ["Кремы", " кремы", "Шампуни", "Маски для лица", "", "SKU-17"];
    let text = std::str::from_utf8(csv).unwrap();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.lines().enumerate() {
        out.push_str(line);
        if i == 0 {
            out.push_str(",category\n");
            continue;
        }
        let h = line.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        out.push(',');
        out.push_str(NAMES[(h % NAMES.len() as u64) as usize]);
        out.push('\n');
    }
    out.into_bytes()
}
