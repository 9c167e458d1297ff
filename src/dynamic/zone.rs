//! A client's time zone, from a time-zone cell or the region, as a fixed offset from UTC.
//!
//! Calls and messages go out in the client's working hours, so the plan needs each
//! client's offset. A cell may hold an offset (`UTC+3`, `GMT+05:00`, `+0700`, `МСК+4`), an
//! IANA name of the zones business clients in Russia and the CIS are in
//! (`Europe/Moscow`, `Asia/Yekaterinburg`) or a city or region (`Новосибирск`,
//! `Свердловская область`). Russia has kept fixed offsets since 2014, so an offset per name
//! is exact there; other countries' summer time is not applied (the plan says which offset
//! it used).

use crate::rules::normalize_text;

/// Minutes east of UTC.
pub(crate) type Offset = i32;

/// Names and their offsets in hours: IANA zones, then cities and regions (folded as rules
/// fold text; a cell matches when it contains the name as a word prefix).
const NAMES: &[(&str, i32)] = &[
    ("europe/kaliningrad", 2),
    ("europe/moscow", 3),
    ("europe/minsk", 3),
    ("europe/samara", 4),
    ("asia/yekaterinburg", 5),
    ("asia/omsk", 6),
    ("asia/novosibirsk", 7),
    ("asia/krasnoyarsk", 7),
    ("asia/irkutsk", 8),
    ("asia/yakutsk", 9),
    ("asia/vladivostok", 10),
    ("asia/magadan", 11),
    ("asia/kamchatka", 12),
    ("asia/almaty", 5),
    ("asia/tashkent", 5),
    ("asia/dubai", 4),
    ("europe/london", 0),
    ("europe/berlin", 1),
    ("utc", 0),
    ("калининград", 2),
    ("kaliningrad", 2),
    ("москв", 3),
    ("moscow", 3),
    ("санкт-петербург", 3),
    ("петербург", 3),
    ("спб", 3),
    ("ленинград", 3),
    ("saint petersburg", 3),
    ("st. petersburg", 3),
    ("нижний новгород", 3),
    ("нижегородск", 3),
    ("казань", 3),
    ("татарстан", 3),
    ("воронеж", 3),
    ("ростов", 3),
    ("краснодар", 3),
    ("сочи", 3),
    ("ярославл", 3),
    ("тула", 3),
    ("минск", 3),
    ("самар", 4),
    ("samara", 4),
    ("саратов", 4),
    ("ульяновск", 4),
    ("ижевск", 4),
    ("удмурт", 4),
    ("астрахан", 4),
    ("волгоград", 4),
    ("екатеринбург", 5),
    ("yekaterinburg", 5),
    ("свердловск", 5),
    ("челябинск", 5),
    ("пермь", 5),
    ("пермск", 5),
    ("тюмен", 5),
    ("уфа", 5),
    ("башкор", 5),
    ("оренбург", 5),
    ("алматы", 5),
    ("ташкент", 5),
    ("омск", 6),
    ("omsk", 6),
    ("новосибирск", 7),
    ("novosibirsk", 7),
    ("томск", 7),
    ("барнаул", 7),
    ("алтай", 7),
    ("кемерово", 7),
    ("кузбасс", 7),
    ("красноярск", 7),
    ("krasnoyarsk", 7),
    ("иркутск", 8),
    ("irkutsk", 8),
    ("бурят", 8),
    ("улан-удэ", 8),
    ("якутск", 9),
    ("якутия", 9),
    ("саха", 9),
    ("чита", 9),
    ("забайкал", 9),
    ("благовещенск", 9),
    ("амурск", 9),
    ("владивосток", 10),
    ("vladivostok", 10),
    ("приморск", 10),
    ("хабаровск", 10),
    ("магадан", 11),
    ("сахалин", 11),
    ("южно-сахалинск", 11),
    ("камчат", 12),
    ("петропавловск-камчатский", 12),
    ("чукот", 12),
];

/// The offset a cell names, if any.
pub(crate) fn parse(cell: &str) -> Option<Offset> {
    let t = normalize_text(cell.trim());
    if t.is_empty() {
        return None;
    }
    let written_as_offset = ["utc", "gmt", "мск", "msk", "+", "-"]
        .iter()
        .any(|p| t.starts_with(p));
    if written_as_offset {
        return offset(&t);
    }
    // The longest name the cell contains at the start of a word.
    NAMES
        .iter()
        .filter(|(n, _)| contains_word_prefix(&t, n))
        .max_by_key(|(n, _)| n.len())
        .map(|&(_, h)| h * 60)
}

fn contains_word_prefix(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// `utc+3`, `gmt-05:30`, `+0700`, `мск+4` (Moscow + 4), `+3`.
fn offset(t: &str) -> Option<Offset> {
    // Moscow time is UTC+3: `МСК+4` is UTC+7.
    let prefixes = [("utc", 0), ("gmt", 0), ("мск", 180), ("msk", 180)];
    let (base, rest) = prefixes
        .iter()
        .find_map(|&(p, base)| t.strip_prefix(p).map(|r| (base, r)))
        .unwrap_or((0, t));
    let rest = rest.trim();
    if rest.is_empty() {
        return (t.len() >= 3).then_some(base);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let digits = digits.trim();
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse::<i32>().ok()?, 0),
    };
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(base + sign * (h * 60 + m))
}

/// `UTC+03:00`.
pub(crate) fn name(o: Offset) -> String {
    let sign = if o < 0 { '-' } else { '+' };
    let a = o.abs();
    format!("UTC{sign}{:02}:{:02}", a / 60, a % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_name_offsets() {
        let cases: &[(&str, Option<i32>)] = &[
            ("UTC+3", Some(180)),
            ("GMT-05:30", Some(-330)),
            ("+0700", Some(420)),
            ("МСК+4", Some(420)),
            ("мск", Some(180)),
            ("UTC", Some(0)),
            ("Europe/Moscow", Some(180)),
            ("Asia/Yekaterinburg", Some(300)),
            ("г. Новосибирск", Some(420)),
            ("Свердловская область", Some(300)),
            ("Москва", Some(180)),
            ("Петропавловск-Камчатский", Some(720)),
            ("Нижний Новгород", Some(180)),
            ("Марс", None),
            ("", None),
            ("UTC+25", None),
            ("омская", Some(360)),
        ];
        for &(cell, want) in cases {
            assert_eq!(parse(cell), want, "{cell}");
        }
        assert_eq!(name(180), "UTC+03:00");
        assert_eq!(name(-330), "UTC-05:30");
    }
}
