//! The rule language: parsing, canonical text, JSON, checks and evaluation.

use super::ast::*;
use super::compiler::*;
use super::error::*;
use super::schema::*;
use super::text::*;
use crate::locale::Lang;
use proptest::prelude::*;

fn num(n: f64) -> Literal {
    Literal::Number(n)
}
fn txt(s: &str) -> Literal {
    Literal::Text(s.to_string())
}
fn cmp(field: &str, op: CmpOp, value: Literal) -> Expr {
    Expr::Cmp {
        field: field.to_string(),
        op,
        value,
    }
}
fn isin(field: &str, values: Vec<Literal>) -> Expr {
    Expr::In {
        field: field.to_string(),
        values,
        negated: false,
    }
}
fn notin(field: &str, values: Vec<Literal>) -> Expr {
    Expr::In {
        field: field.to_string(),
        values,
        negated: true,
    }
}
fn has(field: &str, value: Literal) -> Expr {
    Expr::Contains {
        field: field.to_string(),
        value,
    }
}
fn and(items: Vec<Expr>) -> Expr {
    Expr::And(items)
}
fn or(items: Vec<Expr>) -> Expr {
    Expr::Or(items)
}
fn not(e: Expr) -> Expr {
    Expr::Not(Box::new(e))
}

use CmpOp::*;

#[test]
fn parses_rules() {
    let a = || cmp("a", Eq, num(1.0));
    let b = || cmp("b", Eq, num(2.0));
    let c = || cmp("c", Eq, num(3.0));
    #[rustfmt::skip]
    let cases: Vec<(&str, Expr)> = vec![
        ("recency_days > 30", cmp("recency_days", Gt, num(30.0))),
        ("recency_days > 30 and segment == \"Champions\"", and(vec![cmp("recency_days", Gt, num(30.0)), cmp("segment", Eq, txt("Champions"))])),
        ("region in [\"Москва\", \"Казань\"] and type == \"B2B\"", and(vec![isin("region", vec![txt("Москва"), txt("Казань")]), cmp("type", Eq, txt("B2B"))])),
        ("tags contains \"vip\" or (frequency >= 5 and not abc == \"C\")", or(vec![has("tags", txt("vip")), and(vec![cmp("frequency", Ge, num(5.0)), not(cmp("abc", Eq, txt("C")))])])),
        ("не (регион == \"Москва\") и сумма > 1000", and(vec![not(cmp("регион", Eq, txt("Москва"))), cmp("сумма", Gt, num(1000.0))])),
        ("регион == 'Казань' ИЛИ НЕ сумма <= 5", or(vec![cmp("регион", Eq, txt("Казань")), not(cmp("сумма", Le, num(5.0)))])),
        ("описание содержит \"вип\"", has("описание", txt("вип"))),
        ("регион не in ['Москва']", notin("регион", vec![txt("Москва")])),
        ("x NOT IN [1, 2,]", notin("x", vec![num(1.0), num(2.0)])),
        ("x in []", isin("x", vec![])),
        ("x in [1, 'a']", isin("x", vec![num(1.0), txt("a")])),
        ("30 < x", cmp("x", Gt, num(30.0))),
        ("'a' != x", cmp("x", Ne, txt("a"))),
        ("5 >= `Размер компании`", cmp("Размер компании", Le, num(5.0))),
        ("x = 1", cmp("x", Eq, num(1.0))),
        ("x <> 1", cmp("x", Ne, num(1.0))),
        ("x<=1", cmp("x", Le, num(1.0))),
        ("x>=-1", cmp("x", Ge, num(-1.0))),
        ("x == -2.5", cmp("x", Eq, num(-2.5))),
        ("x == 1e3", cmp("x", Eq, num(1000.0))),
        ("x == 1.5E-2", cmp("x", Eq, num(0.015))),
        ("x == 007", cmp("x", Eq, num(7.0))),
        (r#"x == 'it\'s \"q\" \\ \n \t \`'"#, cmp("x", Eq, txt("it's \"q\" \\ \n \t `"))),
        ("x == \"don't\"", cmp("x", Eq, txt("don't"))),
        ("`a\\`b` == 1", cmp("a`b", Eq, num(1.0))),
        ("`and` == 1", cmp("and", Eq, num(1.0))),
        ("``== 1", cmp("", Eq, num(1.0))),
        ("a.b_c1 == 1", cmp("a.b_c1", Eq, num(1.0))),
        ("_x == 1", cmp("_x", Eq, num(1.0))),
        ("a == 1 and b == 2 and c == 3", and(vec![a(), b(), c()])),
        ("a == 1 or b == 2 or c == 3", or(vec![a(), b(), c()])),
        ("a == 1 AND b == 2 OR c == 3", or(vec![and(vec![a(), b()]), c()])),
        ("a == 1 or b == 2 and c == 3", or(vec![a(), and(vec![b(), c()])])),
        ("a == 1 && b == 2 || !c == 3", or(vec![and(vec![a(), b()]), not(c())])),
        ("(a == 1 and b == 2) and c == 3", and(vec![and(vec![a(), b()]), c()])),
        ("(a == 1 or b == 2) and c == 3", and(vec![or(vec![a(), b()]), c()])),
        ("((a == 1))", a()),
        ("not not a == 1", not(not(a()))),
        ("!(a == 1 or b == 2)", not(or(vec![a(), b()]))),
        ("and()", and(vec![])),
        ("or( )", or(vec![])),
        ("и(a == 1)", and(vec![a()])),
        ("OR(a == 1, b == 2 and c == 3)", or(vec![a(), and(vec![b(), c()])])),
        ("a == 1 and and()", and(vec![a(), and(vec![])])),
        ("not and(a == 1)", not(and(vec![a()]))),
        ("  a\n==\n1  ", a()),
        ("\u{a0}a == 1\u{a0}", a()),
    ];
    for (text, expected) in cases {
        assert_eq!(Expr::parse(text), Ok(expected), "rule: {text}");
    }
}

#[test]
fn parse_errors_point_at_the_token() {
    let deep = format!("{}a == 1{}", "(".repeat(40), ")".repeat(40));
    let deep_not = format!("{}a == 1", "not ".repeat(40));
    #[rustfmt::skip]
    let cases: Vec<(&str, u32, u32, &str)> = vec![
        ("", 1, 1, "empty rule"),
        ("   ", 1, 1, "empty rule"),
        ("recency_days > ", 1, 16, "expected a value after \">\", found end of rule"),
        ("recency_days >  and x == 1", 1, 17, "expected a value after \">\", found \"and\""),
        ("x == \"abc", 1, 6, "unterminated text value"),
        ("x == 'abc\\'", 1, 6, "unterminated text value"),
        ("`abc == 1", 1, 1, "unterminated field name"),
        ("(a == 1 and b == 2", 1, 19, "expected \")\" to match the \"(\" at column 1, found end of rule"),
        ("(a == 1\n and (b == 2)", 2, 14, "at line 1, column 1"),
        ("a == 1 b == 2", 1, 8, "expected \"and\", \"or\" or end of rule, found \"b\""),
        ("a == 1)", 1, 7, "found \")\""),
        ("x > 1,5", 1, 6, "dot for decimals"),
        ("x $ 1", 1, 3, "unexpected character \"$\""),
        ("x == 1 & y == 2", 1, 8, "unexpected character \"&\""),
        ("x == 1 | y == 2", 1, 8, "unexpected character \"|\""),
        ("x - 1", 1, 3, "unexpected character \"-\""),
        ("x ≥ 1", 1, 3, "(write >=)"),
        ("x == «a»", 1, 6, "quotes"),
        ("x == segment", 1, 6, "text values are written in quotes"),
        ("x 1", 1, 3, "expected an operator after x"),
        ("`my x` 1", 1, 8, "expected an operator after `my x`"),
        ("x", 1, 2, "expected an operator after x"),
        ("x in 1", 1, 6, "expected a list in brackets"),
        ("x in [1, 2", 1, 11, "expected \",\" or \"]\" in the list opened at column 6"),
        ("x in [1 2]", 1, 9, "expected \",\" or \"]\""),
        ("x in [,]", 1, 7, "expected a value in the list, found \",\""),
        ("x not [1]", 1, 7, "expected \"in\" after \"not\""),
        ("x contains", 1, 11, "expected a value after \"contains\""),
        ("x == 1.", 1, 7, "digits after the decimal point"),
        ("x == 1e999", 1, 6, "too large"),
        ("x == 30d", 1, 6, "invalid number \"30d\""),
        ("x == 1.2.3", 1, 6, "invalid number"),
        ("x == 'a\\q'", 1, 8, "unknown escape"),
        ("and == 1", 1, 1, "expected a condition, found \"and\""),
        ("in == 1", 1, 1, "backticks"),
        ("x == 1 and", 1, 11, "expected a condition, found end of rule"),
        ("x == 1 и\n y ==", 2, 6, "expected a value after \"==\""),
        ("()", 1, 2, "expected a condition, found \")\""),
        ("1 x", 1, 3, "expected a comparison operator after the value"),
        ("1 < 2", 1, 5, "expected a field name after \"<\""),
        ("and(a == 1 b == 2)", 1, 12, "expected \",\" or \")\""),
        ("x == 1 == 2", 1, 8, "expected \"and\", \"or\""),
        (deep.as_str(), 1, 33, "nested too deeply"),
        (deep_not.as_str(), 1, 129, "nested too deeply"),
    ];
    for (text, line, column, fragment) in cases {
        let err = Expr::parse(text).expect_err(text);
        assert!(
            err.message.contains(fragment),
            "rule {text:?}: message {:?} lacks {fragment:?}",
            err.message
        );
        assert_eq!(
            (err.line, err.column),
            (line, column),
            "rule {text:?}: {err}"
        );
    }
}

#[test]
fn error_display() {
    let err = Expr::parse("recency_days > ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 16: expected a value after \">\", found end of rule"
    );
    assert_eq!(err.offset, 15);
    assert_eq!(
        err.text(Lang::Ru),
        "строка 1, позиция 16: после «>» нужно значение, а здесь конец правила"
    );
    let err = RuleError::unpositioned("boom", "бум");
    assert_eq!(err.to_string(), "boom");
    assert_eq!(err.text(Lang::Ru), "бум");
    let cyr = Expr::parse("регион == ").unwrap_err();
    assert_eq!((cyr.offset, cyr.column), (10, 11));
}

#[test]
fn display_is_canonical() {
    #[rustfmt::skip]
    let cases = [
        ("x = 1", "x == 1"),
        ("x <> 'a'", "x != \"a\""),
        ("30 < x", "x > 30"),
        ("не (регион == 'Москва') и сумма > 1000", "not регион == \"Москва\" and сумма > 1000"),
        ("not (a == 1 and b == 2)", "not (a == 1 and b == 2)"),
        ("(a == 1 and b == 2) and c == 3", "(a == 1 and b == 2) and c == 3"),
        ("(a == 1 or b == 2) or c == 3", "(a == 1 or b == 2) or c == 3"),
        ("(a == 1 and b == 2) or c == 3", "a == 1 and b == 2 or c == 3"),
        ("(a == 1 or b == 2) and c == 3", "(a == 1 or b == 2) and c == 3"),
        ("x не in [1, 'a',]", "x not in [1, \"a\"]"),
        ("tags СОДЕРЖИТ 'vip'", "tags contains \"vip\""),
        ("`Размер компании` == 'it'", "`Размер компании` == \"it\""),
        ("`in` == 1", "`in` == 1"),
        ("`x y` == 'a\"b'", "`x y` == \"a\\\"b\""),
        ("x == 1e20", "x == 1e20"),
        ("x == 0.0000001", "x == 1e-7"),
        ("x == 123456.5", "x == 123456.5"),
        ("x == -0.5", "x == -0.5"),
        ("и()", "and()"),
        ("или(a == 1)", "or(a == 1)"),
    ];
    for (text, canonical) in cases {
        let e = Expr::parse(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(e.to_string(), canonical, "rule: {text}");
    }
    // Not reachable through text, but every AST still prints parseably.
    let odd = and(vec![
        or(vec![]),
        and(vec![or(vec![cmp("a", Eq, num(1.0))])]),
        not(and(vec![])),
        cmp("1x", Lt, txt("\n\t\\")),
    ]);
    assert_eq!(
        odd.to_string(),
        "or() and and(or(a == 1)) and not and() and `1x` < \"\\n\\t\\\\\""
    );
    assert_eq!(Expr::parse(&odd.to_string()), Ok(odd));
}

#[test]
fn json_form() {
    let e = Expr::parse("recency_days > 30 and region in ['Москва'] and abc not in ['C'] and not tags contains 'vip'").unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"and":[{"cmp":{"field":"recency_days","op":">","value":30.0}},{"in":{"field":"region","values":["Москва"]}},{"in":{"field":"abc","values":["C"],"negated":true}},{"not":{"contains":{"field":"tags","value":"vip"}}}]}"#
    );
    let back: Expr = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);

    let hand = r#"{"and":[{"cmp":{"field":"recency_days","op":">","value":30}},{"in":{"field":"region","values":["Москва", 5]}}]}"#;
    let parsed: Expr = serde_json::from_str(hand).unwrap();
    assert_eq!(
        parsed,
        and(vec![
            cmp("recency_days", Gt, num(30.0)),
            isin("region", vec![txt("Москва"), num(5.0)])
        ])
    );
    for (op, expected) in [
        ("==", Eq),
        ("!=", Ne),
        ("<", Lt),
        ("<=", Le),
        (">", Gt),
        (">=", Ge),
    ] {
        let j = format!(r#"{{"cmp":{{"field":"x","op":"{op}","value":"1"}}}}"#);
        assert_eq!(
            serde_json::from_str::<Expr>(&j).unwrap(),
            cmp("x", expected, txt("1"))
        );
    }
    assert_eq!(
        serde_json::from_str::<Expr>(r#"{"or":[]}"#).unwrap(),
        or(vec![])
    );
    // Bad JSON rules are rejected.
    for bad in [
        r#"{"cmp":{"field":"x","op":"=~","value":1}}"#,
        r#"{"cmp":{"field":"x","op":"==","value":null}}"#,
        r#"{"cmp":{"field":"x","op":"==","vaule":1}}"#,
        r#"{"in":{"field":"x","values":[1],"negatd":true}}"#,
        r#"{"xor":[]}"#,
    ] {
        assert!(serde_json::from_str::<Expr>(bad).is_err(), "{bad}");
    }
}

// ----- schema, compile, eval -----

fn schema() -> Schema {
    let mut s = Schema::new();
    assert_eq!(s.add("recency_days", FieldType::Number), 0);
    assert_eq!(s.add("frequency", FieldType::Number), 1);
    assert_eq!(s.add("segment", FieldType::Text), 2);
    let region = s.add("region", FieldType::Text);
    assert_eq!(region, 3);
    s.add("type", FieldType::Text);
    s.add("tags", FieldType::TextList);
    s.add("abc", FieldType::Text);
    s.add("Размер компании", FieldType::Text);
    let sum = s.add("сумма", FieldType::Number);
    s.alias("регион", region);
    s.alias("Sum", sum);
    s
}

#[derive(Clone, Debug)]
enum V {
    Missing,
    N(f64),
    T(String),
    L(Vec<String>),
}

fn t(s: &str) -> V {
    V::T(s.to_string())
}

fn l(items: &[&str]) -> V {
    V::L(items.iter().map(|s| s.to_string()).collect())
}

#[derive(Debug)]
struct Client(Vec<V>);

impl Fields for Client {
    fn number(&self, field: usize) -> Option<f64> {
        match self.0.get(field) {
            Some(V::N(n)) => Some(*n),
            _ => None,
        }
    }
    fn text(&self, field: usize) -> Option<&str> {
        match self.0.get(field) {
            Some(V::T(s)) => Some(s),
            _ => None,
        }
    }
    fn list_contains(&self, field: usize, needle: &str) -> bool {
        match self.0.get(field) {
            Some(V::L(items)) => items.iter().any(|i| normalize_text(i) == needle),
            _ => false,
        }
    }
}

fn client() -> Client {
    Client(vec![
        V::N(45.0),
        V::N(3.0),
        t("  CHAMPIONS "),
        t("москва"),
        t("b2b"),
        l(&["VIP", "Ёлка"]),
        V::Missing,
        t("Большая\u{a0}\u{a0}компания"),
        V::N(1500.0),
    ])
}

#[test]
fn evaluates_rules() {
    let s = schema();
    let c = client();
    #[rustfmt::skip]
    let cases: &[(&str, bool)] = &[
        ("recency_days > 30 and segment == \"Champions\"", true),
        ("region in [\"Москва\", \"Казань\"] and type == \"B2B\"", true),
        ("tags contains \"vip\" or (frequency >= 5 and not abc == \"C\")", true),
        ("frequency >= 5 and not abc == 'C'", false),
        ("не (регион == \"Москва\") и сумма > 1000", false),
        ("регион == \"МОСКВА\" и SUM > 1000", true),
        ("recency_days == 45 and recency_days != 44 and recency_days <= 45 and recency_days >= 45", true),
        ("recency_days < 45 or recency_days > 45", false),
        ("30 < recency_days and 45 >= recency_days", true),
        ("segment != 'champions'", false),
        ("segment != 'loyal'", true),
        ("segment in ['loyal', 'champions ']", true),
        ("segment not in ['loyal', 'champions ']", false),
        ("segment contains 'amp'", true),
        ("segment contains 'AMPS'", false),
        ("segment contains ''", true),
        ("frequency in [1, 2, 3]", true),
        ("frequency in [1, 2, 4]", false),
        ("frequency not in [1, 2]", true),
        ("tags contains 'елка'", true),
        ("tags contains 'ёлка'", true),
        ("tags contains 'vi'", false),
        ("tags in ['x', 'vip']", true),
        ("tags in ['x']", false),
        ("tags not in ['x', 'vip']", false),
        ("tags not in ['x']", true),
        ("`Размер компании` == 'большая компания'", true),
        ("`размер  КОМПАНИИ` contains 'АЯ КОМ'", true),
        ("`Размер компании` contains 'большая  компания '", true),
        // missing values
        ("abc == 'C'", false),
        ("abc != 'C'", false),
        ("not abc == 'C'", true),
        ("abc in ['C']", false),
        ("abc not in ['C']", false),
        ("not abc in ['C']", true),
        ("abc contains ''", false),
        ("and()", true),
        ("or()", false),
        ("and(recency_days > 1)", true),
        ("or(recency_days > 1, abc == 'x')", true),
        // number literal against a text field is compared as text
        ("type in [1, 'B2B']", true),
    ];
    for &(text, expected) in cases {
        let e = Expr::parse(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        let rule =
            Compiled::compile(&e, &s, Some(text)).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(rule.eval(&c), expected, "rule: {text}");
    }

    let missing = Client(vec![V::Missing; 9]);
    for text in [
        "recency_days > 0",
        "recency_days != 0",
        "frequency in [1]",
        "frequency not in [1]",
        "tags contains 'vip'",
        "segment contains ''",
    ] {
        let rule = Compiled::compile(&Expr::parse(text).unwrap(), &s, None).unwrap();
        assert!(!rule.eval(&missing), "{text}");
    }
    let rule = Compiled::compile(&Expr::parse("tags not in ['vip']").unwrap(), &s, None).unwrap();
    assert!(rule.eval(&missing), "a missing list is empty");
}

#[test]
fn number_literal_on_text_field() {
    let mut s = Schema::new();
    let zip = s.add("zip", FieldType::Text);
    let rule = Compiled::compile(&Expr::parse("zip == 101000").unwrap(), &s, None).unwrap();
    let mut values = vec![V::Missing; zip + 1];
    values[zip] = t("101000");
    assert!(rule.eval(&Client(values)));
}

#[test]
fn fields_used_and_compiled_json() {
    let s = schema();
    let json = r#"{"or":[{"cmp":{"field":"SEGMENT","op":"==","value":"x"}},{"in":{"field":"регион","values":["Москва"]}},{"cmp":{"field":"frequency","op":">","value":1}},{"cmp":{"field":"segment","op":"!=","value":"y"}}]}"#;
    let e: Expr = serde_json::from_str(json).unwrap();
    let rule = Compiled::compile(&e, &s, None).unwrap();
    assert_eq!(rule.fields_used(), vec![1, 2, 3]);
    assert!(rule.eval(&client()));
}

#[test]
fn compile_errors_point_at_the_field_or_value() {
    let s = schema();
    #[rustfmt::skip]
    let cases: &[(&str, u32, u32, &str)] = &[
        ("recncy_days > 30", 1, 1, "unknown field \"recncy_days\"; closest known fields: recency_days"),
        ("frequency > 1 and\n  segmnt == 'a'", 2, 3, "closest known fields: segment"),
        ("регоин == 'a'", 1, 1, "closest known fields: регион"),
        ("`Размер` == 'a'", 1, 1, "`Размер компании`"),
        ("segment < 5", 1, 1, "\"<\" compares numbers, but segment is a text field"),
        ("5 > segment", 1, 5, "\"<\" compares numbers"),
        ("recency_days == 'abc'", 1, 17, "recency_days is a number field, but \"abc\" is text"),
        ("frequency contains 'a'", 1, 1, "\"contains\" works with text and list fields"),
        ("frequency in [1, 'a']", 1, 18, "the list mixes numbers and text"),
        ("frequency in ['a']", 1, 15, "frequency is a number field, but \"a\" is text"),
        ("region in []", 1, 11, "empty list"),
        ("tags == 'vip'", 1, 1, "use contains, e.g. tags contains \"vip\""),
        ("tags >= 1", 1, 1, "list field"),
        ("a == 1 and x == 1", 1, 1, "unknown field \"a\""),
    ];
    for &(text, line, column, fragment) in cases {
        let e = Expr::parse(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        let err = Compiled::compile(&e, &s, Some(text))
            .err()
            .unwrap_or_else(|| panic!("{text} compiled"));
        assert!(
            err.message.contains(fragment),
            "rule {text:?}: message {:?} lacks {fragment:?}",
            err.message
        );
        assert_eq!(
            (err.line, err.column),
            (line, column),
            "rule {text:?}: {err}"
        );
        // Without source: same message, no position.
        let err2 = Compiled::compile(&e, &s, None).unwrap_err();
        assert_eq!(
            (err2.message.as_str(), err2.offset, err2.line, err2.column),
            (err.message.as_str(), 0, 0, 0)
        );
    }
    // At most five suggestions.
    let err = Compiled::compile(&Expr::parse("zzz == 1").unwrap(), &s, None).unwrap_err();
    assert_eq!(err.message.matches(", ").count(), 4, "{}", err.message);
    // Empty schema.
    let err = Compiled::compile(&Expr::parse("x == 1").unwrap(), &Schema::new(), None).unwrap_err();
    assert!(err.message.contains("no fields"));
    // Non-finite numbers built in code.
    for bad in [f64::NAN, f64::INFINITY] {
        let e = cmp("frequency", Gt, num(bad));
        let err = Compiled::compile(&e, &s, None).unwrap_err();
        assert!(err.message.contains("not finite"), "{}", err.message);
        let e = isin("segment", vec![txt("a"), num(bad)]);
        assert!(Compiled::compile(&e, &s, None).is_err());
    }
    // A source that does not match the AST gives no position.
    let e = Expr::parse("segment < 5").unwrap();
    let err = Compiled::compile(&e, &s, Some("segment > 5")).unwrap_err();
    assert_eq!(err.line, 0);
}

#[test]
fn schema_lookup() {
    let mut s = schema();
    assert_eq!(s.lookup("SEGMENT"), Some((2, FieldType::Text)));
    assert_eq!(s.lookup("размер  КОМПАНИИ"), Some((7, FieldType::Text)));
    assert_eq!(s.lookup("СУММА"), Some((8, FieldType::Number)));
    assert_eq!(s.lookup("sum"), Some((8, FieldType::Number)));
    assert_eq!(s.lookup("nope"), None);
    assert_eq!(s.len(), 9);
    assert_eq!(s.names().next(), Some("recency_days"));
    assert_eq!(s.name(7), Some("Размер компании"));
    assert_eq!(s.field_type(5), Some(FieldType::TextList));
    // Re-adding a field changes its type and keeps its index.
    assert_eq!(s.add("Frequency", FieldType::Text), 1);
    assert_eq!(s.lookup("frequency"), Some((1, FieldType::Text)));
    // An alias does not hide a field name.
    s.alias("segment", 0);
    assert_eq!(s.lookup("segment"), Some((2, FieldType::Text)));
}

#[test]
fn normalizes_text() {
    assert_eq!(normalize_text("  Ёлка\u{a0}\u{a0}ЗЕЛЁНАЯ "), "елка зеленая");
    assert_eq!(normalize_text("A\t\n b"), "a b");
    assert_eq!(normalize_text(" \u{a0} "), "");
    assert_eq!(normalize_text("İ"), "i\u{307}");
    assert_eq!(normalize_text("ΣΑΣ"), "σασ");
}

#[test]
fn fast_lowercase_matches_unicode() {
    for u in 0..0x500u32 {
        let Some(c) = char::from_u32(u) else { continue };
        if let Some(fast) = fast_lower(c) {
            let slow: Vec<char> = c.to_lowercase().map(fold_yo).collect();
            assert_eq!(vec![fast], slow, "{c:?}");
        }
    }
}

// ----- property tests -----

fn token_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "and",
        "or",
        "not",
        "и",
        "или",
        "не",
        "in",
        "contains",
        "содержит",
        "(",
        ")",
        "[",
        "]",
        ",",
        "==",
        "=",
        "!=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "!",
        "&&",
        "||",
        "x",
        "регион",
        "`a b`",
        "`",
        "\"s\"",
        "'т'",
        "\"",
        "'",
        "\\",
        "1",
        "-2.5",
        "1e3",
        "1e999",
        "-",
        ".",
        "and(",
        "or(",
        "\n",
    ]);
    prop::collection::vec((pieces, prop::bool::ANY), 0..16).prop_map(|v| {
        v.into_iter()
            .map(|(p, space)| {
                if space {
                    format!("{p} ")
                } else {
                    p.to_string()
                }
            })
            .collect()
    })
}

fn check_round_trips(text: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = Expr::parse(text) {
        let shown = e.to_string();
        prop_assert_eq!(Expr::parse(&shown), Ok(e.clone()), "display {:?}", shown);
        let json = serde_json::to_string(&e).unwrap();
        let back: Expr = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, e);
    }
    Ok(())
}

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Zа-яё_][a-zA-Z0-9_.а-я]{0,6}",
        ".{0,6}",
        prop::sample::select(vec![
            "and", "Или", "in", "НЕ", "contains", "1x", "a`b\\", ""
        ])
        .prop_map(String::from),
    ]
}

fn arb_number(nice: bool) -> BoxedStrategy<f64> {
    if nice {
        (any::<i32>(), 0u32..4)
            .prop_map(|(i, k)| f64::from(i) / f64::from(1u32 << k))
            .boxed()
    } else {
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .boxed()
    }
}

fn arb_literal(nice: bool) -> impl Strategy<Value = Literal> {
    prop_oneof![
        arb_number(nice).prop_map(Literal::Number),
        ".{0,6}".prop_map(Literal::Text)
    ]
}

fn arb_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![Eq, Ne, Lt, Le, Gt, Ge])
}

fn arb_expr(nice: bool) -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (arb_name(), arb_op(), arb_literal(nice)).prop_map(|(field, op, value)| Expr::Cmp {
            field,
            op,
            value
        }),
        (
            arb_name(),
            prop::collection::vec(arb_literal(nice), 0..4),
            prop::bool::ANY
        )
            .prop_map(|(field, values, negated)| Expr::In {
                field,
                values,
                negated
            }),
        (arb_name(), arb_literal(nice)).prop_map(|(field, value)| Expr::Contains { field, value }),
    ];
    leaf.prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

fn arb_client() -> impl Strategy<Value = Client> {
    let text = prop::sample::select(vec![
        "",
        " a ",
        "Москва",
        "ёлка",
        "VIP",
        "champions",
        "b2b",
        "1",
    ]);
    let value = prop_oneof![
        Just(V::Missing),
        prop::sample::select(vec![0.0, 1.0, 3.0, -2.5, 45.0, f64::NAN]).prop_map(V::N),
        text.clone().prop_map(t),
        prop::collection::vec(text, 0..3).prop_map(|v| l(&v)),
    ];
    prop::collection::vec(value, 9).prop_map(Client)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics_on_any_string(text in any::<String>()) {
        check_round_trips(&text)?;
    }

    #[test]
    fn parse_never_panics_on_printable_text(text in "\\PC{0,40}") {
        check_round_trips(&text)?;
    }

    #[test]
    fn parse_never_panics_on_token_soup(text in token_soup()) {
        check_round_trips(&text)?;
    }

    #[test]
    fn every_ast_round_trips_through_display(e in arb_expr(false)) {
        let shown = e.to_string();
        prop_assert_eq!(Expr::parse(&shown), Ok(e), "display {:?}", shown);
    }

    #[test]
    fn every_ast_round_trips_through_json(e in arb_expr(true)) {
        let json = serde_json::to_string(&e).unwrap();
        let back: Expr = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, e);
    }

    #[test]
    fn compile_and_eval_never_panic(e in arb_expr(false), c in arb_client()) {
        let s = schema();
        let text = e.to_string();
        if let Ok(rule) = Compiled::compile(&e, &s, Some(&text)) {
            let _ = rule.eval(&c);
        }
    }

    #[test]
    fn text_eq_and_contains_match_normalize(hay in "[ aAbBёЁе\u{a0}]{0,10}", needle in "[ aAbBёЁе\u{a0}]{0,4}") {
        let mut s = Schema::new();
        s.add("t", FieldType::Text);
        let eq = Compiled::compile(&cmp("t", Eq, Literal::Text(needle.clone())), &s, None).unwrap();
        let has = Compiled::compile(&has("t", Literal::Text(needle.clone())), &s, None).unwrap();
        let c = Client(vec![V::T(hay.clone())]);
        prop_assert_eq!(eq.eval(&c), normalize_text(&hay) == normalize_text(&needle));
        prop_assert_eq!(has.eval(&c), normalize_text(&hay).contains(&normalize_text(&needle)));
    }

    #[test]
    fn normalize_is_idempotent(text in any::<String>()) {
        let once = normalize_text(&text);
        prop_assert_eq!(normalize_text(&once), once.clone());
    }
}
