//! One vocabulary: no name or key of a label is shared by two criteria, in English or in
//! Russian, not even as another grammatical form of the same word ("Новые" and "Новый",
//! "Спящие" and "Спящий"), so that a name in a report, a filter or a rule means one thing.

use segmenta::criteria::ColumnSink;
use segmenta::sample::demo;
use segmenta::{analyze_with_clients, Options};
use std::collections::BTreeMap;

/// The names and keys each code table of `columns()` holds, by table.
#[derive(Default)]
struct Names(BTreeMap<String, Vec<String>>);

impl ColumnSink for Names {
    fn u8s(&mut self, _: &str, _: &[u8]) {}
    fn i16s(&mut self, _: &str, _: &[i16]) {}
    fn i32s(&mut self, _: &str, _: &[i32]) {}
    fn u32s(&mut self, _: &str, _: &[u32]) {}
    fn f64s(&mut self, _: &str, _: &[f64]) {}
    fn names(&mut self, name: &str, values: &[&str]) {
        self.0
            .entry(name.to_string())
            .or_default()
            .extend(values.iter().map(|v| v.to_string()));
    }
}

/// The criterion a code table belongs to: `segmentNames` → `segment`.
fn criterion(table: &str) -> &str {
    ["Names", "Keys", "Offers", "Channels", "Descriptions"]
        .iter()
        .find_map(|s| table.strip_suffix(s))
        .unwrap_or(table)
}

/// A name folded for comparison: lower case, `ё` as `е`, each word without the endings
/// its grammatical forms differ by («новые», «новый» → «нов»; «спящие», «спящий» →
/// «спящ»; "clients" → "client").
fn fold(name: &str) -> String {
    const ENDINGS: &[&str] = &[
        "ого", "его", "ыми", "ими", "ые", "ый", "ий", "ая", "яя", "ое", "ее", "ие", "ой", "ых",
        "их", "ым", "им", "ую", "юю", "ов", "ев", "ам", "ям", "ах", "ях", "а", "я", "ы", "и", "е",
        "о", "у", "ю", "s",
    ];
    name.to_lowercase()
        .replace('ё', "е")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            ENDINGS
                .iter()
                .find_map(|e| w.strip_suffix(e).filter(|stem| stem.chars().count() >= 3))
                .unwrap_or(w)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn no_name_or_key_is_shared_by_two_criteria() {
    let (orders, clients) = demo(1500, "2026-10-31", 2026);
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut clashes = Vec::new();
    for options in [
        r#"{"lang": "en"}"#,
        r#"{"lang": "ru"}"#,
        r#"{"lang": "en", "segments": "ru3"}"#,
        r#"{"lang": "ru", "segments": "ru3"}"#,
    ] {
        let o = Options::from_json(options).unwrap();
        let r = analyze_with_clients(&orders, Some(&clients), &o).unwrap();
        let mut names = Names::default();
        r.write_columns(&mut names);
        assert!(names.0.len() >= 15, "{:?}", names.0.keys());
        for (table, values) in &names.0 {
            if table.ends_with("Offers") || table.ends_with("Channels") {
                continue;
            }
            let owner = criterion(table);
            for v in values {
                let f = fold(v);
                match seen.get(&f) {
                    Some((o, other)) if o != owner => {
                        clashes.push(format!("{owner} «{v}» and {o} «{other}»"));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(f, (owner.to_string(), v.clone()));
                    }
                }
            }
        }
    }
    assert!(seen.len() > 100, "{} names and keys read", seen.len());
    clashes.sort();
    clashes.dedup();
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}

#[test]
fn forms_of_one_word_fold_together() {
    assert_eq!(fold("Спящие"), fold("Спящий"));
    assert_eq!(fold("Новые"), fold("новый"));
    assert_eq!(fold("VIP"), fold("vip"));
    assert_ne!(fold("Новые"), fold("Новый клиент"));
    assert_ne!(fold("Новички"), fold("Новые"));
}
