//! Contacts as text in one form: phones in E.164 (`+79123456789`), e-mails trimmed with
//! the domain in lower case; what cannot be made valid is `None` rather than passed on
//! broken. Merging clients by phone or e-mail and the contact lists for mailing services
//! read contacts the same way.

/// `raw` as an E.164 number, reading national numbers with the calling code `country`
/// (digits, e.g. `"7"`; empty for none): `8 (912) 345-67-89` → `+79123456789`.
pub(crate) fn e164(raw: &str, country: &str) -> Option<String> {
    let raw = raw.trim();
    // Extensions and notes after the number are not part of it.
    let number = raw
        .split(|c: char| c == ',' || c == ';' || c.is_alphabetic())
        .next()
        .unwrap_or("");
    let plus = number.trim_start().starts_with('+');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if country == "7" && digits.len() == 11 && matches!(digits.as_bytes()[0], b'7' | b'8') {
        // Russia and Kazakhstan: 8 (trunk) or 7 (code) before ten digits.
        format!("7{}", &digits[1..])
    } else if country == "7" && digits.len() == 10 {
        format!("7{digits}")
    } else if !country.is_empty() && digits.starts_with('0') && digits.len() > 6 {
        // The usual national trunk prefix 0 (UK, Germany, France, …).
        format!("{country}{}", &digits[1..])
    } else if !country.is_empty() && digits.len() >= 6 && !digits.starts_with(country) {
        format!("{country}{digits}")
    } else if !country.is_empty() {
        digits
    } else {
        // A national number without a country to read it with.
        return None;
    };
    let ok = (8..=15).contains(&international.len()) && !international.starts_with('0');
    ok.then(|| format!("+{international}"))
}

/// `raw` as an e-mail address a mailing service accepts: trimmed, without `mailto:` or
/// angle brackets, the domain in lower case; `None` when it is not one address.
pub(crate) fn clean_email(raw: &str) -> Option<String> {
    let s = raw.trim().trim_start_matches("mailto:");
    let s = s.trim_matches(|c| c == '<' || c == '>' || c == '"').trim();
    let (local, domain) = s.rsplit_once('@')?;
    let valid_local = !local.is_empty()
        && !local.contains(char::is_whitespace)
        && !local.contains('@')
        && !local.starts_with('.')
        && !local.ends_with('.');
    let domain = domain.to_lowercase();
    let valid_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    (valid_local && valid_domain).then(|| format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_table() {
        #[rustfmt::skip]
        let cases = [
            ("8 (912) 345-67-89", "7", Some("+79123456789")),
            ("+7 912 345 67 89", "7", Some("+79123456789")),
            ("79123456789", "7", Some("+79123456789")),
            ("9123456789", "7", Some("+79123456789")),
            ("'+7 (495) 123-45-67", "7", Some("+74951234567")),
            ("8-912-345-67-89 доб. 12", "7", Some("+79123456789")),
            ("0044 20 7946 0958", "7", Some("+442079460958")),
            ("+44 20 7946 0958", "", Some("+442079460958")),
            ("020 7946 0958", "44", Some("+442079460958")),
            ("07700 900123", "44", Some("+447700900123")),
            ("12345", "7", None),
            ("", "7", None),
            ("нет", "7", None),
            ("+0123456789", "7", None),
            ("9123456789", "", None),
        ];
        for (raw, cc, want) in cases {
            assert_eq!(e164(raw, cc).as_deref(), want, "{raw} with {cc}");
        }
    }

    #[test]
    fn emails_table() {
        #[rustfmt::skip]
        let cases = [
            ("  Anna.Petrova@Example.COM ", Some("Anna.Petrova@example.com")),
            ("mailto:ivan@mail.ru", Some("ivan@mail.ru")),
            ("<olga@yandex.ru>", Some("olga@yandex.ru")),
            ("иван@почта.рф", Some("иван@почта.рф")),
            ("no at sign", None),
            ("a@b", None),
            ("two words@mail.ru", None),
            ("a@@mail.ru", None),
            ("a@mail..ru", None),
            ("a@mail.ru, b@mail.ru", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_email(raw).as_deref(), want, "{raw}");
        }
    }
}
