//! Test files shared by several test crates.

/// A 1C-style export in Windows-1251 with the quirks of real ones: a preamble, day-first
/// dates with times, decimal commas with spaces as thousands separators, currency marks, a
/// return, a totals line, blank lines, a missing client, an impossible and a future date,
/// exact duplicates of the data lines `duplicated` (from 0), a reused order number and a
/// short row.
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
