//! Boolean rules that select clients.
//!
//! Marketers write a rule as text; the module parses it into an [`Expr`]
//! (which is also the JSON rule format through serde), checks it against a
//! [`Schema`] of known fields and compiles it into a [`Compiled`] rule that is
//! evaluated once per client through the [`Fields`] trait.
//!
//! ```text
//! recency_days > 30 and segment == "Champions"
//! region in ["Москва", "Казань"] and type == "B2B"
//! tags contains "vip" or (frequency >= 5 and not abc == "C")
//! не (регион == "Москва") и сумма > 1000
//! ```
//!
//! # Grammar
//!
//! In EBNF. Whitespace (any Unicode white space, including line breaks) may
//! stand between any two tokens. Keywords are case-insensitive (`AND`, `И`,
//! `Not In` all work); the Russian words are synonyms of the English ones.
//!
//! ```text
//! rule       = or ;
//! or         = and , { ( "or" | "или" | "||" ) , and } ;
//! and        = unary , { ( "and" | "и" | "&&" ) , unary } ;
//! unary      = ( "not" | "не" | "!" ) , unary
//!            | primary ;
//! primary    = "(" , or , ")"
//!            | group
//!            | comparison ;
//! group      = ( "and" | "и" | "or" | "или" ) , "(" , [ or , { "," , or } ] , ")" ;
//! comparison = field , op , literal
//!            | literal , op , field                 (* the operator is flipped: 30 < x  is  x > 30 *)
//!            | field , [ "not" | "не" ] , "in" , list
//!            | field , ( "contains" | "содержит" ) , literal ;
//! op         = "==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
//! list       = "[" , [ literal , { "," , literal } , [ "," ] ] , "]" ;
//! literal    = number | string ;
//! number     = [ "-" ] , digits , [ "." , digits ] , [ ( "e" | "E" ) , [ "+" | "-" ] , digits ] ;
//! digits     = digit , { digit } ;                  (* ASCII 0-9; the decimal mark is a dot only *)
//! string     = '"' , { char | escape } , '"'
//!            | "'" , { char | escape } , "'" ;
//! escape     = "\" , ( '"' | "'" | "`" | "\" | "n" | "t" ) ;
//! field      = name
//!            | "`" , { char | escape } , "`" ;      (* any text, e.g. `Размер компании` *)
//! name       = ( letter | "_" ) , { letter | digit | "_" | "." } ;   (* but not a keyword *)
//! ```
//!
//! * `letter` and `digit` are Unicode letters and digits, so `регион` or
//!   `сумма_2024` are plain names. A field whose name is a keyword (`in`,
//!   `или`, ...) or contains other characters is written in backticks.
//! * `and` binds tighter than `or`; `not` binds tighter than both and applies
//!   to a single comparison: `not abc == "C"` is `not (abc == "C")`.
//! * `a and b and c` is one `and` with three operands; parentheses are kept
//!   as written, so `(a and b) and c` is an `and` nested in an `and`.
//! * The `group` form `and(...)` / `or(...)` lists operands separated by commas.
//!   It is mostly used by the canonical text form for `and` / `or` with fewer
//!   than two operands: `and()` is always true, `or()` is always false.
//! * Comparing two fields (`a > b`) is not supported; text values need quotes.
//! * Rules nest at most 32 levels deep (parentheses, `not`, groups).
//! * A number must fit in an `f64`: `1e999` is a syntax error.
//!
//! The [`Display`](std::fmt::Display) form of an [`Expr`] is canonical
//! (English keywords, `==`, `!=`, double quotes, field first, minimal
//! parentheses), and `Expr::parse(&e.to_string()) == Ok(e)` for every AST
//! whose numbers are finite.
//!
//! # JSON form
//!
//! The serde form of [`Expr`] is the JSON rule format:
//!
//! ```json
//! {"and": [
//!   {"cmp": {"field": "recency_days", "op": ">", "value": 30}},
//!   {"in": {"field": "region", "values": ["Москва", "Казань"]}},
//!   {"not": {"contains": {"field": "tags", "value": "vip"}}},
//!   {"in": {"field": "abc", "values": ["C"], "negated": true}}
//! ]}
//! ```
//!
//! `op` is one of `==`, `!=`, `<`, `<=`, `>`, `>=`; a value is a JSON number or
//! string; `negated` may be left out (it means `not in`). Unknown keys are
//! rejected.
//!
//! # Checks
//!
//! [`Compiled::compile`] rejects, with the position of the offending field or
//! value when the rule text is given:
//!
//! * an unknown field (the message lists up to 5 closest known names);
//! * `<`, `<=`, `>`, `>=` on a text or list field;
//! * a text value compared with a number field (also inside `in` lists);
//! * `==` / `!=` on a list field (use `contains`);
//! * `contains` on a number field;
//! * an empty `in` list;
//! * a number that is not finite.
//!
//! A number value used with a text field is compared as its canonical text
//! (`zip == 101000` is `zip == "101000"`).
//!
//! # Evaluation
//!
//! * Number fields compare numerically with every operator; `in` is numeric
//!   equality with any listed value.
//! * Text fields compare with `==`, `!=`, `in`, `contains` after
//!   [`normalize_text`] on both sides (trim, lowercase, `ё`→`е`, whitespace
//!   runs collapsed): `segment == "champions"` matches `"  Champions "`.
//!   `contains` on a text field is a substring test.
//! * List fields (`FieldType::TextList`, e.g. tags): `contains` tests
//!   membership, `in` tests whether any listed value is a member, `not in`
//!   whether none is.
//! * A missing value makes every comparison, `in`, `not in` and `contains` on
//!   it false, so `not (x == 1)` is true for a client without `x` while
//!   `x != 1` and `x not in [1]` are false. A missing list is an empty list.
//! * `and` with no operands is true, `or` with no operands is false. The
//!   compiled rule may test cheap operands (numbers) first; the result is the
//!   same since evaluation has no side effects.
//!
//! [`Compiled::eval`] does not allocate.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// The deepest nesting of parentheses, `not` and groups that the parser accepts.
const MAX_DEPTH: usize = 32;

// ---------------------------------------------------------------------------
// AST
// ---------------------------------------------------------------------------

/// A literal in a rule: a number or a text value.
///
/// In JSON a literal is a plain number (`30`) or string (`"Москва"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    /// A number, written `30`, `-2.5` or `1e3` in rule text.
    Number(f64),
    /// A text value, written in double or single quotes in rule text.
    Text(String),
}

/// A comparison operator.
///
/// In JSON it is written as its symbol: `"=="`, `"!="`, `"<"`, `"<="`, `">"`, `">="`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    /// Equal: `==` (also `=` in rule text).
    #[serde(rename = "==")]
    Eq,
    /// Not equal: `!=` (also `<>` in rule text).
    #[serde(rename = "!=")]
    Ne,
    /// Less than: `<`.
    #[serde(rename = "<")]
    Lt,
    /// Less than or equal: `<=`.
    #[serde(rename = "<=")]
    Le,
    /// Greater than: `>`.
    #[serde(rename = ">")]
    Gt,
    /// Greater than or equal: `>=`.
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// The operator's canonical symbol, e.g. `">="`.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator with its sides swapped: `a < b` is `b > a`.
    fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    #[inline]
    fn apply(self, x: f64, v: f64) -> bool {
        match self {
            CmpOp::Eq => x == v,
            CmpOp::Ne => x != v,
            CmpOp::Lt => x < v,
            CmpOp::Le => x <= v,
            CmpOp::Gt => x > v,
            CmpOp::Ge => x >= v,
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A parsed rule.
///
/// Its serde form is the JSON rule format, e.g.
/// `{"and":[{"cmp":{"field":"recency_days","op":">","value":30}},{"in":{"field":"region","values":["Москва"]}}]}`.
/// Its [`Display`](fmt::Display) form is the canonical rule text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Expr {
    /// True when every operand is true (true when there are none).
    And(Vec<Expr>),
    /// True when any operand is true (false when there are none).
    Or(Vec<Expr>),
    /// True when the operand is false.
    Not(Box<Expr>),
    /// `field op value`.
    Cmp {
        /// The field name as written in the rule.
        field: String,
        /// The operator.
        op: CmpOp,
        /// The value the field is compared with.
        value: Literal,
    },
    /// `field in [values]`, or `field not in [values]` when `negated`.
    In {
        /// The field name as written in the rule.
        field: String,
        /// The listed values.
        values: Vec<Literal>,
        /// `not in`: true when the value is present and none of the listed values.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        negated: bool,
    },
    /// `field contains value`: membership for list fields, substring for text fields.
    Contains {
        /// The field name as written in the rule.
        field: String,
        /// The value looked for.
        value: Literal,
    },
}

impl Expr {
    /// Parses rule text (see the [module documentation](self) for the grammar).
    ///
    /// Never panics; errors carry the position of the offending token.
    pub fn parse(text: &str) -> Result<Expr, RuleError> {
        parse_with_spans(text).map(|(expr, _)| expr)
    }
}

impl fmt::Display for Expr {
    /// Writes the canonical rule text, which parses back to the same AST.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(self, f)
    }
}

impl fmt::Display for Literal {
    /// Writes the literal as rule text: a number or a double-quoted string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(n) => write_number(*n, f),
            Literal::Text(s) => {
                f.write_str("\"")?;
                write_escaped(s, '"', f)?;
                f.write_str("\"")
            }
        }
    }
}

/// `and` / `or` with two or more operands: written infix.
fn is_infix(e: &Expr) -> bool {
    matches!(e, Expr::And(v) | Expr::Or(v) if v.len() >= 2)
}

fn write_expr(e: &Expr, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match e {
        Expr::And(items) if items.len() >= 2 => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(" and ")?;
                }
                write_operand(item, is_infix(item), f)?;
            }
            Ok(())
        }
        Expr::Or(items) if items.len() >= 2 => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(" or ")?;
                }
                write_operand(item, matches!(item, Expr::Or(v) if v.len() >= 2), f)?;
            }
            Ok(())
        }
        Expr::And(items) => write_group("and", items, f),
        Expr::Or(items) => write_group("or", items, f),
        Expr::Not(inner) => {
            f.write_str("not ")?;
            write_operand(inner, is_infix(inner), f)
        }
        Expr::Cmp { field, op, value } => write!(f, "{} {} {}", FieldName(field), op, value),
        Expr::In {
            field,
            values,
            negated,
        } => {
            write!(
                f,
                "{} {}in [",
                FieldName(field),
                if *negated { "not " } else { "" }
            )?;
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str("]")
        }
        Expr::Contains { field, value } => write!(f, "{} contains {}", FieldName(field), value),
    }
}

fn write_operand(e: &Expr, parens: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if parens {
        f.write_str("(")?;
        write_expr(e, f)?;
        f.write_str(")")
    } else {
        write_expr(e, f)
    }
}

fn write_group(word: &str, items: &[Expr], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(word)?;
    f.write_str("(")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_expr(item, f)?;
    }
    f.write_str(")")
}

/// Writes a number so that it parses back to the same value. Non-finite
/// numbers (rejected by the parser and the compiler) have no such form.
fn write_number(n: f64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if n.is_nan() {
        f.write_str("nan")
    } else if n.is_infinite() {
        f.write_str(if n > 0.0 { "1e999" } else { "-1e999" })
    } else {
        let a = n.abs();
        if a == 0.0 || (1e-6..1e16).contains(&a) {
            write!(f, "{n}")
        } else {
            write!(f, "{n:e}")
        }
    }
}

fn number_text(n: f64) -> String {
    Literal::Number(n).to_string()
}

fn write_escaped(s: &str, quote: char, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c if c == quote => {
                f.write_str("\\")?;
                fmt::Write::write_char(f, c)?;
            }
            c => fmt::Write::write_char(f, c)?,
        }
    }
    Ok(())
}

/// A field name as written in rule text: bare when it is a plain name, else in backticks.
struct FieldName<'a>(&'a str);

impl fmt::Display for FieldName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_plain_name(self.0) {
            f.write_str(self.0)
        } else {
            f.write_str("`")?;
            write_escaped(self.0, '`', f)?;
            f.write_str("`")
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

fn is_plain_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => {}
        _ => return false,
    }
    chars.all(is_name_continue) && keyword_of(s).is_none()
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// An error in a rule: a syntax error from [`Expr::parse`] or a schema error
/// from [`Compiled::compile`].
#[derive(Clone, Debug, PartialEq)]
pub struct RuleError {
    /// What is wrong, in plain words.
    pub message: String,
    /// Offset of the offending token in the rule text, in chars (0 when there is no position).
    pub offset: usize,
    /// 1-based line of the offending token (0 when there is no position, e.g. for JSON rules).
    pub line: u32,
    /// 1-based column of the offending token, in chars (0 when there is no position).
    pub column: u32,
}

impl RuleError {
    fn at(src: &[char], offset: usize, message: impl Into<String>) -> RuleError {
        let (line, column) = line_col(src, offset);
        RuleError {
            message: message.into(),
            offset,
            line,
            column,
        }
    }

    fn unpositioned(message: impl Into<String>) -> RuleError {
        RuleError {
            message: message.into(),
            offset: 0,
            line: 0,
            column: 0,
        }
    }
}

impl fmt::Display for RuleError {
    /// `line 1, column 17: expected a value after ">", found end of rule`;
    /// just the message when there is no position.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for RuleError {}

fn line_col(src: &[char], offset: usize) -> (u32, u32) {
    let mut line = 1u32;
    let mut column = 1u32;
    for &c in src.iter().take(offset) {
        if c == '\n' {
            line = line.saturating_add(1);
            column = 1;
        } else {
            column = column.saturating_add(1);
        }
    }
    (line, column)
}

/// "at column 5" in a one-line rule, else "at line 2, column 5".
fn where_text(src: &[char], offset: usize) -> String {
    let (line, column) = line_col(src, offset);
    if src.contains(&'\n') {
        format!("at line {line}, column {column}")
    } else {
        format!("at column {column}")
    }
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(CmpOp),
    Bang,
    AndAnd,
    OrOr,
    Num(f64),
    Str(String),
    /// A bare word: a field name or a keyword.
    Word(String),
    /// A field name in backticks (never a keyword).
    Quoted(String),
    Eof,
    /// A lexical error; the parser reports it when it reaches this token.
    Error(RuleError),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    And,
    Or,
    Not,
    In,
    Contains,
}

fn keyword_of(word: &str) -> Option<Kw> {
    // Every keyword is short; skip lowercasing long words.
    if word.chars().count() > 8 {
        return None;
    }
    match word.to_lowercase().as_str() {
        "and" | "и" => Some(Kw::And),
        "or" | "или" => Some(Kw::Or),
        "not" | "не" => Some(Kw::Not),
        "in" => Some(Kw::In),
        "contains" | "содержит" => Some(Kw::Contains),
        _ => None,
    }
}

fn token_keyword(t: &Tok) -> Option<Kw> {
    match t {
        Tok::Word(w) => keyword_of(w),
        Tok::AndAnd => Some(Kw::And),
        Tok::OrOr => Some(Kw::Or),
        Tok::Bang => Some(Kw::Not),
        _ => None,
    }
}

/// Splits the rule into tokens. The result always ends with `Eof` or `Error`.
fn lex(src: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while src.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        let start = i;
        let Some(&c) = src.get(i) else {
            out.push(Token {
                kind: Tok::Eof,
                start,
                end: start,
            });
            return out;
        };
        let next = src.get(i + 1).copied();
        let result: Result<(Tok, usize), RuleError> = match c {
            '(' => Ok((Tok::LParen, i + 1)),
            ')' => Ok((Tok::RParen, i + 1)),
            '[' => Ok((Tok::LBracket, i + 1)),
            ']' => Ok((Tok::RBracket, i + 1)),
            ',' => Ok((Tok::Comma, i + 1)),
            '=' if next == Some('=') => Ok((Tok::Op(CmpOp::Eq), i + 2)),
            '=' => Ok((Tok::Op(CmpOp::Eq), i + 1)),
            '!' if next == Some('=') => Ok((Tok::Op(CmpOp::Ne), i + 2)),
            '!' => Ok((Tok::Bang, i + 1)),
            '<' if next == Some('=') => Ok((Tok::Op(CmpOp::Le), i + 2)),
            '<' if next == Some('>') => Ok((Tok::Op(CmpOp::Ne), i + 2)),
            '<' => Ok((Tok::Op(CmpOp::Lt), i + 1)),
            '>' if next == Some('=') => Ok((Tok::Op(CmpOp::Ge), i + 2)),
            '>' => Ok((Tok::Op(CmpOp::Gt), i + 1)),
            '&' if next == Some('&') => Ok((Tok::AndAnd, i + 2)),
            '|' if next == Some('|') => Ok((Tok::OrOr, i + 2)),
            '&' => Err(RuleError::at(
                src,
                i,
                "unexpected character \"&\" (write \"and\" or \"&&\")",
            )),
            '|' => Err(RuleError::at(
                src,
                i,
                "unexpected character \"|\" (write \"or\" or \"||\")",
            )),
            '"' | '\'' => lex_quoted(src, i, c).map(|(s, end)| (Tok::Str(s), end)),
            '`' => lex_quoted(src, i, c).map(|(s, end)| (Tok::Quoted(s), end)),
            '-' if next.is_some_and(|d| d.is_ascii_digit()) => lex_number(src, i),
            c if c.is_ascii_digit() => lex_number(src, i),
            c if is_name_start(c) => {
                let mut j = i + 1;
                while src.get(j).is_some_and(|&d| is_name_continue(d)) {
                    j += 1;
                }
                Ok((Tok::Word(src[i..j].iter().collect()), j))
            }
            c => Err(RuleError::at(
                src,
                i,
                format!(
                    "unexpected character \"{}\"{}",
                    c.escape_debug(),
                    char_hint(c)
                ),
            )),
        };
        match result {
            Ok((kind, end)) => {
                out.push(Token { kind, start, end });
                i = end;
            }
            Err(e) => {
                out.push(Token {
                    kind: Tok::Error(e),
                    start,
                    end: start,
                });
                return out;
            }
        }
    }
}

/// A hint for characters that people type for operators or quotes.
fn char_hint(c: char) -> &'static str {
    match c {
        '≥' => " (write >=)",
        '≤' => " (write <=)",
        '≠' => " (write !=)",
        '«' | '»' | '“' | '”' | '„' | '‘' | '’' => {
            " (text values are written in \"double\" or 'single' quotes)"
        }
        _ => "",
    }
}

/// Lexes a string or a backticked field name starting at the opening quote.
fn lex_quoted(src: &[char], start: usize, quote: char) -> Result<(String, usize), RuleError> {
    let unterminated = || {
        let what = if quote == '`' {
            "field name"
        } else {
            "text value"
        };
        RuleError::at(
            src,
            start,
            format!("unterminated {what}: the {quote} opened here is never closed"),
        )
    };
    let mut s = String::new();
    let mut i = start + 1;
    loop {
        match src.get(i) {
            None => return Err(unterminated()),
            Some(&c) if c == quote => return Ok((s, i + 1)),
            Some('\\') => {
                let c = match src.get(i + 1) {
                    None => return Err(unterminated()),
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some(&c @ ('"' | '\'' | '`' | '\\')) => c,
                    Some(&other) => {
                        return Err(RuleError::at(
                            src,
                            i,
                            format!(
                                "unknown escape \"\\{}\" (use \\\" \\' \\` \\\\ \\n or \\t)",
                                other.escape_debug()
                            ),
                        ))
                    }
                };
                s.push(c);
                i += 2;
            }
            Some(&c) => {
                s.push(c);
                i += 1;
            }
        }
    }
}

fn lex_number(src: &[char], start: usize) -> Result<(Tok, usize), RuleError> {
    let digit_at = |k: usize| src.get(k).is_some_and(|d| d.is_ascii_digit());
    let mut j = start;
    if src.get(j) == Some(&'-') {
        j += 1;
    }
    while digit_at(j) {
        j += 1;
    }
    if src.get(j) == Some(&'.') {
        if !digit_at(j + 1) {
            return Err(RuleError::at(
                src,
                j,
                "expected digits after the decimal point",
            ));
        }
        j += 1;
        while digit_at(j) {
            j += 1;
        }
    }
    if matches!(src.get(j), Some('e' | 'E')) {
        let mut k = j + 1;
        if matches!(src.get(k), Some('+' | '-')) {
            k += 1;
        }
        if digit_at(k) {
            while digit_at(k) {
                k += 1;
            }
            j = k;
        }
    }
    if src.get(j).is_some_and(|&c| is_name_continue(c)) {
        let mut k = j;
        while src
            .get(k)
            .is_some_and(|&c| is_name_continue(c) || c == '-' || c == '+')
            && k - start < 40
        {
            k += 1;
        }
        let text: String = src[start..k].iter().collect();
        return Err(RuleError::at(
            src,
            start,
            format!("invalid number \"{text}\" (numbers look like 30, -2.5 or 1e3)"),
        ));
    }
    let text: String = src[start..j].iter().collect();
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok((Tok::Num(n), j)),
        _ => Err(RuleError::at(
            src,
            start,
            format!("number \"{text}\" is too large"),
        )),
    }
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// Where the parts of one comparison start in the rule text (char offsets).
/// Kept in a side table, one entry per comparison in left-to-right order.
#[derive(Clone, Debug, Default)]
struct LeafSpan {
    field: usize,
    values: Vec<usize>,
    list: Option<usize>,
}

struct Parser<'s> {
    src: &'s [char],
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    spans: Vec<LeafSpan>,
}

fn parse_with_spans(text: &str) -> Result<(Expr, Vec<LeafSpan>), RuleError> {
    let src: Vec<char> = text.chars().collect();
    let toks = lex(&src);
    let mut p = Parser {
        src: &src,
        toks,
        pos: 0,
        depth: 0,
        spans: Vec::new(),
    };
    if matches!(p.peek()?.kind, Tok::Eof) {
        return Err(RuleError::at(&src, 0, "empty rule"));
    }
    let expr = p.parse_or()?;
    let t = p.peek()?;
    if !matches!(t.kind, Tok::Eof) {
        let mut msg = format!(
            "expected \"and\", \"or\" or end of rule, found {}",
            p.describe(&t)
        );
        let after_number =
            p.pos > 0 && matches!(p.toks.get(p.pos - 1).map(|t| &t.kind), Some(Tok::Num(_)));
        if matches!(t.kind, Tok::Comma) && after_number {
            msg.push_str(" (numbers use a dot for decimals, e.g. 2.5)");
        }
        return Err(p.error_at(&t, msg));
    }
    Ok((expr, p.spans))
}

impl Parser<'_> {
    fn peek(&self) -> Result<Token, RuleError> {
        let t = self
            .toks
            .get(self.pos)
            .or_else(|| self.toks.last())
            .cloned()
            .unwrap_or(Token {
                kind: Tok::Eof,
                start: self.src.len(),
                end: self.src.len(),
            });
        match t.kind {
            Tok::Error(e) => Err(e),
            _ => Ok(t),
        }
    }

    fn peek_kind_at(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.pos + ahead).map(|t| &t.kind)
    }

    fn bump(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    fn peek_keyword(&self) -> Result<Option<Kw>, RuleError> {
        Ok(token_keyword(&self.peek()?.kind))
    }

    fn error_at(&self, t: &Token, message: impl Into<String>) -> RuleError {
        RuleError::at(self.src, t.start, message)
    }

    fn slice(&self, t: &Token) -> String {
        let end = t.end.min(self.src.len());
        let start = t.start.min(end);
        let text: String = self.src[start..end].iter().take(40).collect();
        if end - start > 40 {
            format!("{text}…")
        } else {
            text
        }
    }

    fn describe(&self, t: &Token) -> String {
        match &t.kind {
            Tok::Eof => "end of rule".to_string(),
            Tok::Num(_) => format!("number {}", self.slice(t)),
            Tok::Str(_) => format!("text {}", self.slice(t)),
            _ => format!("\"{}\"", self.slice(t)),
        }
    }

    fn enter(&mut self, t: &Token) -> Result<(), RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(
                t,
                format!("the rule is nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn parse_or(&mut self) -> Result<Expr, RuleError> {
        let first = self.parse_and()?;
        if self.peek_keyword()? != Some(Kw::Or) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek_keyword()? == Some(Kw::Or) {
            self.bump();
            items.push(self.parse_and()?);
        }
        Ok(Expr::Or(items))
    }

    fn parse_and(&mut self) -> Result<Expr, RuleError> {
        let first = self.parse_unary()?;
        if self.peek_keyword()? != Some(Kw::And) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek_keyword()? == Some(Kw::And) {
            self.bump();
            items.push(self.parse_unary()?);
        }
        Ok(Expr::And(items))
    }

    fn parse_unary(&mut self) -> Result<Expr, RuleError> {
        let t = self.peek()?;
        if token_keyword(&t.kind) == Some(Kw::Not) {
            self.enter(&t)?;
            self.bump();
            let inner = self.parse_unary()?;
            self.leave();
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary()
    }

    fn parse_primary(&mut self) -> Result<Expr, RuleError> {
        let t = self.peek()?;
        match &t.kind {
            Tok::LParen => {
                self.enter(&t)?;
                self.bump();
                let inner = self.parse_or()?;
                let close = self.peek()?;
                if !matches!(close.kind, Tok::RParen) {
                    return Err(self.error_at(
                        &close,
                        format!(
                            "expected \")\" to match the \"(\" {}, found {}",
                            where_text(self.src, t.start),
                            self.describe(&close)
                        ),
                    ));
                }
                self.bump();
                self.leave();
                Ok(inner)
            }
            Tok::Word(w) => match keyword_of(w) {
                Some(kw @ (Kw::And | Kw::Or))
                    if matches!(self.peek_kind_at(1), Some(Tok::LParen)) =>
                {
                    self.parse_group(kw, &t)
                }
                Some(kw) => {
                    let hint = if matches!(kw, Kw::In | Kw::Contains) {
                        format!(" (to use a field named {w}, write it in backticks: `{w}`)")
                    } else {
                        String::new()
                    };
                    Err(self.error_at(&t, format!("expected a condition, found \"{w}\"{hint}")))
                }
                None => {
                    let name = w.clone();
                    self.bump();
                    self.parse_after_field(name, t.start)
                }
            },
            Tok::Quoted(name) => {
                let name = name.clone();
                self.bump();
                self.parse_after_field(name, t.start)
            }
            Tok::Num(_) | Tok::Str(_) => self.parse_value_first(),
            _ => Err(self.error_at(
                &t,
                format!("expected a condition, found {}", self.describe(&t)),
            )),
        }
    }

    /// `and(a, b, ...)` / `or(...)`; the current token is the keyword, the next one "(".
    fn parse_group(&mut self, kw: Kw, t: &Token) -> Result<Expr, RuleError> {
        self.enter(t)?;
        self.bump();
        let open = self.peek()?;
        self.bump();
        let mut items = Vec::new();
        if matches!(self.peek()?.kind, Tok::RParen) {
            self.bump();
        } else {
            loop {
                items.push(self.parse_or()?);
                let sep = self.peek()?;
                match sep.kind {
                    Tok::Comma => self.bump(),
                    Tok::RParen => {
                        self.bump();
                        break;
                    }
                    _ => {
                        return Err(self.error_at(
                            &sep,
                            format!(
                                "expected \",\" or \")\" to match the \"(\" {}, found {}",
                                where_text(self.src, open.start),
                                self.describe(&sep)
                            ),
                        ))
                    }
                }
            }
        }
        self.leave();
        Ok(if kw == Kw::And {
            Expr::And(items)
        } else {
            Expr::Or(items)
        })
    }

    fn parse_after_field(&mut self, field: String, field_start: usize) -> Result<Expr, RuleError> {
        let t = self.peek()?;
        if let Tok::Op(op) = t.kind {
            self.bump();
            let after = format!("after \"{}\"", self.slice(&t));
            let (value, value_start) = self.parse_literal(&after)?;
            self.spans.push(LeafSpan {
                field: field_start,
                values: vec![value_start],
                list: None,
            });
            return Ok(Expr::Cmp { field, op, value });
        }
        match token_keyword(&t.kind) {
            Some(Kw::In) => {
                self.bump();
                self.parse_in(field, field_start, false)
            }
            Some(Kw::Not) => {
                self.bump();
                let t2 = self.peek()?;
                if token_keyword(&t2.kind) != Some(Kw::In) {
                    return Err(self.error_at(
                        &t2,
                        format!(
                            "expected \"in\" after \"{}\", found {}",
                            self.slice(&t),
                            self.describe(&t2)
                        ),
                    ));
                }
                self.bump();
                self.parse_in(field, field_start, true)
            }
            Some(Kw::Contains) => {
                self.bump();
                let after = format!("after \"{}\"", self.slice(&t));
                let (value, value_start) = self.parse_literal(&after)?;
                self.spans.push(LeafSpan {
                    field: field_start,
                    values: vec![value_start],
                    list: None,
                });
                Ok(Expr::Contains { field, value })
            }
            _ => Err(self.error_at(
                &t,
                format!(
                    "expected an operator after {} (==, !=, <, <=, >, >=, in, not in, contains), found {}",
                    FieldName(&field),
                    self.describe(&t)
                ),
            )),
        }
    }

    fn parse_in(
        &mut self,
        field: String,
        field_start: usize,
        negated: bool,
    ) -> Result<Expr, RuleError> {
        let open = self.peek()?;
        if !matches!(open.kind, Tok::LBracket) {
            return Err(self.error_at(
                &open,
                format!(
                    "expected a list in brackets after \"in\", e.g. [\"a\", \"b\"], found {}",
                    self.describe(&open)
                ),
            ));
        }
        self.bump();
        let mut values = Vec::new();
        let mut starts = Vec::new();
        loop {
            let t = self.peek()?;
            if matches!(t.kind, Tok::RBracket) {
                self.bump();
                break;
            }
            let (value, start) = self.parse_literal("in the list")?;
            values.push(value);
            starts.push(start);
            let sep = self.peek()?;
            match sep.kind {
                Tok::Comma => self.bump(),
                Tok::RBracket => {
                    self.bump();
                    break;
                }
                _ => {
                    return Err(self.error_at(
                        &sep,
                        format!(
                            "expected \",\" or \"]\" in the list opened {}, found {}",
                            where_text(self.src, open.start),
                            self.describe(&sep)
                        ),
                    ))
                }
            }
        }
        self.spans.push(LeafSpan {
            field: field_start,
            values: starts,
            list: Some(open.start),
        });
        Ok(Expr::In {
            field,
            values,
            negated,
        })
    }

    /// A literal; `context` completes "expected a value ...".
    fn parse_literal(&mut self, context: &str) -> Result<(Literal, usize), RuleError> {
        let t = self.peek()?;
        match &t.kind {
            Tok::Num(n) => {
                self.bump();
                Ok((Literal::Number(*n), t.start))
            }
            Tok::Str(s) => {
                let s = s.clone();
                self.bump();
                Ok((Literal::Text(s), t.start))
            }
            Tok::Word(w) if keyword_of(w).is_none() => Err(self.error_at(
                &t,
                format!(
                    "expected a value {context}, found \"{w}\" (text values are written in quotes: \"{w}\"; comparing two fields is not supported)"
                ),
            )),
            _ => Err(self.error_at(
                &t,
                format!("expected a value {context}, found {}", self.describe(&t)),
            )),
        }
    }

    /// `literal op field`, stored as `field flipped-op literal`.
    fn parse_value_first(&mut self) -> Result<Expr, RuleError> {
        let (value, value_start) = self.parse_literal("")?;
        let t = self.peek()?;
        let Tok::Op(op) = t.kind else {
            return Err(self.error_at(
                &t,
                format!(
                    "expected a comparison operator after the value, found {}",
                    self.describe(&t)
                ),
            ));
        };
        self.bump();
        let f = self.peek()?;
        let field = match &f.kind {
            Tok::Word(w) if keyword_of(w).is_none() => w.clone(),
            Tok::Quoted(w) => w.clone(),
            _ => {
                return Err(self.error_at(
                    &f,
                    format!(
                        "expected a field name after \"{}\", found {}",
                        self.slice(&t),
                        self.describe(&f)
                    ),
                ))
            }
        };
        self.bump();
        self.spans.push(LeafSpan {
            field: f.start,
            values: vec![value_start],
            list: None,
        });
        Ok(Expr::Cmp {
            field,
            op: op.flipped(),
            value,
        })
    }
}

// ---------------------------------------------------------------------------
// Text normalisation
// ---------------------------------------------------------------------------

/// Normalises text for comparison: trims white space (Unicode white space,
/// including U+00A0), lowercases every char (Unicode), maps `ё` to `е` and
/// collapses inner white-space runs to one space.
///
/// `normalize_text("  Ёлка\u{a0}\u{a0}ЗЕЛЁНАЯ ")` is `"елка зеленая"`.
pub fn normalize_text(s: &str) -> String {
    NormChars::new(s).collect()
}

/// The chars of `normalize_text(s)`, produced without allocating.
#[derive(Clone)]
struct NormChars<'a> {
    chars: std::str::Chars<'a>,
    pending: Option<std::char::ToLowercase>,
}

impl<'a> NormChars<'a> {
    fn new(s: &'a str) -> Self {
        NormChars {
            chars: s.trim().chars(),
            pending: None,
        }
    }
}

#[inline]
fn fold_yo(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        c
    }
}

/// Lowercase (and `ё`→`е`) for ASCII and Cyrillic without the Unicode
/// tables; `None` for other chars.
#[inline]
fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0x410..=0x42F => u + 0x20, // А-Я
        0x400..=0x40F => u + 0x50, // Ѐ-Џ, including Ё
        0x430..=0x45F => u,        // а-я, ѐ-џ
        _ => return None,
    };
    char::from_u32(l).map(fold_yo)
}

impl Iterator for NormChars<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        if let Some(lower) = &mut self.pending {
            if let Some(c) = lower.next() {
                return Some(fold_yo(c));
            }
            self.pending = None;
        }
        let c = self.chars.next()?;
        if c.is_whitespace() {
            // The text is trimmed, so a non-space char follows the run.
            for d in self.chars.by_ref() {
                if !d.is_whitespace() {
                    self.pending = Some(d.to_lowercase());
                    break;
                }
            }
            return Some(' ');
        }
        if let Some(l) = fast_lower(c) {
            return Some(l);
        }
        let mut lower = c.to_lowercase();
        let first = lower.next()?;
        self.pending = Some(lower);
        Some(fold_yo(first))
    }
}

/// Whether the normalised `haystack` contains `needle` (KMP with the
/// precomputed `fail` table), without allocating.
fn kmp_contains(haystack: NormChars<'_>, needle: &[char], fail: &[usize]) -> bool {
    if needle.is_empty() {
        return true;
    }
    let mut k = 0usize;
    for c in haystack {
        while k > 0 && needle.get(k) != Some(&c) {
            k = fail.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(k) == Some(&c) {
            k += 1;
            if k == needle.len() {
                return true;
            }
        }
    }
    false
}

fn kmp_table(needle: &[char]) -> Vec<usize> {
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0usize;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    fail
}

// ---------------------------------------------------------------------------
// Schema and client values
// ---------------------------------------------------------------------------

/// The type of a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A number, compared with `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`.
    Number,
    /// A text value, compared (normalised) with `==`, `!=`, `in`, `contains`.
    Text,
    /// A list of text values such as tags, tested with `contains` and `in`.
    TextList,
}

/// The fields a rule may use: an ordered list of names with types, plus aliases.
///
/// Names and aliases are looked up after [`normalize_text`], so they compare
/// case-insensitively (and `ё` = `е`, runs of spaces = one space).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    fields: Vec<(String, FieldType)>,
    aliases: Vec<(String, usize)>,
    by_name: BTreeMap<String, usize>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field and returns its index (dense: 0, 1, 2, ...). Adding a name
    /// that is already a field's name changes that field's type and returns
    /// its index.
    pub fn add(&mut self, name: &str, ty: FieldType) -> usize {
        let key = normalize_text(name);
        if let Some(&i) = self.by_name.get(&key) {
            if let Some(field) = self.fields.get_mut(i) {
                if normalize_text(&field.0) == key {
                    field.1 = ty;
                    return i;
                }
            }
        }
        let index = self.fields.len();
        self.fields.push((name.to_string(), ty));
        self.by_name.insert(key, index);
        index
    }

    /// Lets `alias` name the field at `index` too. An alias never hides a
    /// field's own name: an alias equal to a field name is ignored.
    ///
    /// # Panics
    ///
    /// If there is no field at `index`.
    pub fn alias(&mut self, alias: &str, index: usize) {
        assert!(
            index < self.fields.len(),
            "Schema::alias: no field with index {index}"
        );
        let key = normalize_text(alias);
        let is_field_name = self
            .by_name
            .get(&key)
            .and_then(|&i| self.fields.get(i))
            .is_some_and(|f| normalize_text(&f.0) == key);
        if !is_field_name {
            self.by_name.insert(key, index);
            self.aliases.push((alias.to_string(), index));
        }
    }

    /// The index and type of the field called `name` (a field name or an alias).
    pub fn lookup(&self, name: &str) -> Option<(usize, FieldType)> {
        let &i = self.by_name.get(&normalize_text(name))?;
        self.fields.get(i).map(|f| (i, f.1))
    }

    /// The field names in index order (aliases not included).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.0.as_str())
    }

    /// The number of fields (aliases not counted).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the schema has no fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The name of the field at `index`.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.fields.get(index).map(|f| f.0.as_str())
    }

    /// The type of the field at `index`.
    pub fn field_type(&self, index: usize) -> Option<FieldType> {
        self.fields.get(index).map(|f| f.1)
    }

    /// Up to 5 known names (fields and aliases) closest to `name`: names that
    /// contain it (or that it contains) first, then by edit distance.
    fn closest(&self, name: &str) -> Vec<&str> {
        let query_text = normalize_text(name);
        let query: Vec<char> = query_text.chars().collect();
        let mut scored: Vec<(bool, usize, usize, &str)> = self
            .fields
            .iter()
            .map(|f| f.0.as_str())
            .chain(self.aliases.iter().map(|a| a.0.as_str()))
            .enumerate()
            .map(|(order, cand)| {
                let cand_text = normalize_text(cand);
                let related = !query_text.is_empty()
                    && (cand_text.contains(&query_text) || query_text.contains(&cand_text));
                let c: Vec<char> = cand_text.chars().collect();
                (!related, edit_distance(&query, &c), order, cand)
            })
            .collect();
        scored.sort();
        let mut out: Vec<&str> = Vec::new();
        for (_, _, _, cand) in scored {
            if !out.contains(&cand) {
                out.push(cand);
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The values of one client, looked up by field index (as returned by
/// [`Schema::add`]). Return `None` for a missing value.
pub trait Fields {
    /// The value of a [`FieldType::Number`] field.
    fn number(&self, field: usize) -> Option<f64>;
    /// The value of a [`FieldType::Text`] field, as stored (rules normalise it).
    fn text(&self, field: usize) -> Option<&str>;
    /// Whether the [`FieldType::TextList`] field holds an item equal to
    /// `needle` after normalisation. `needle` is already normalised with
    /// [`normalize_text`]; store the items normalised (or normalise them here)
    /// and compare. A missing list contains nothing.
    fn list_contains(&self, field: usize, needle: &str) -> bool;
    /// Other spellings of a [`FieldType::Text`] field's value that `==`, `!=` and `in`
    /// also accept (a label's stable key and its names in other languages); `i` counts from
    /// 0 until `None`.
    fn text_alias(&self, _field: usize, _i: usize) -> Option<&str> {
        None
    }
}

/// Whether the text of `field`, or one of its aliases, satisfies `matches`; `None` when
/// the field has no value.
fn text_any(f: &dyn Fields, field: usize, matches: impl Fn(&str) -> bool) -> Option<bool> {
    let s = f.text(field)?;
    if matches(s) {
        return Some(true);
    }
    let mut i = 0;
    while let Some(a) = f.text_alias(field, i) {
        if matches(a) {
            return Some(true);
        }
        i += 1;
    }
    Some(false)
}

// ---------------------------------------------------------------------------
// Compiled rules
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    NumCmp {
        field: usize,
        op: CmpOp,
        value: f64,
    },
    /// `==` (or `!=` when negated) on a text field; `value` is normalised.
    TextEq {
        field: usize,
        value: String,
        negated: bool,
    },
    /// `values` sorted and deduplicated.
    NumIn {
        field: usize,
        values: Vec<f64>,
        negated: bool,
    },
    /// `values` normalised, sorted and deduplicated.
    TextIn {
        field: usize,
        values: Vec<String>,
        negated: bool,
    },
    /// Any of `values` (normalised) is a member of the list field.
    ListIn {
        field: usize,
        values: Vec<String>,
        negated: bool,
    },
    ListContains {
        field: usize,
        value: String,
    },
    /// Substring test; `needle` normalised, `fail` its KMP table.
    TextContains {
        field: usize,
        needle: Vec<char>,
        fail: Vec<usize>,
    },
}

impl Node {
    fn eval(&self, f: &dyn Fields) -> bool {
        match self {
            Node::And(items) => items.iter().all(|n| n.eval(f)),
            Node::Or(items) => items.iter().any(|n| n.eval(f)),
            Node::Not(inner) => !inner.eval(f),
            Node::NumCmp { field, op, value } => {
                f.number(*field).is_some_and(|x| op.apply(x, *value))
            }
            Node::TextEq {
                field,
                value,
                negated,
            } => text_any(f, *field, |s| NormChars::new(s).eq(value.chars()))
                .is_some_and(|found| found != *negated),
            Node::NumIn {
                field,
                values,
                negated,
            } => f.number(*field).is_some_and(|x| {
                let found = values
                    .binary_search_by(|v| v.partial_cmp(&x).unwrap_or(Ordering::Less))
                    .is_ok();
                found != *negated
            }),
            Node::TextIn {
                field,
                values,
                negated,
            } => text_any(f, *field, |s| {
                values
                    .binary_search_by(|v| v.chars().cmp(NormChars::new(s)))
                    .is_ok()
            })
            .is_some_and(|found| found != *negated),
            Node::ListIn {
                field,
                values,
                negated,
            } => values.iter().any(|v| f.list_contains(*field, v)) != *negated,
            Node::ListContains { field, value } => f.list_contains(*field, value),
            Node::TextContains {
                field,
                needle,
                fail,
            } => f
                .text(*field)
                .is_some_and(|s| kmp_contains(NormChars::new(s), needle, fail)),
        }
    }

    /// A rough evaluation cost, used to test cheap operands of `and` / `or` first.
    fn cost(&self) -> usize {
        match self {
            Node::And(items) | Node::Or(items) => items.iter().map(Node::cost).sum(),
            Node::Not(inner) => inner.cost(),
            Node::NumCmp { .. } | Node::NumIn { .. } => 1,
            Node::ListContains { .. } => 2,
            Node::TextEq { .. } => 3,
            Node::TextIn { .. } => 4,
            Node::TextContains { .. } => 5,
            Node::ListIn { values, .. } => 2 * values.len(),
        }
    }

    fn collect_fields(&self, out: &mut Vec<usize>) {
        match self {
            Node::And(items) | Node::Or(items) => {
                for item in items {
                    item.collect_fields(out);
                }
            }
            Node::Not(inner) => inner.collect_fields(out),
            Node::NumCmp { field, .. }
            | Node::TextEq { field, .. }
            | Node::NumIn { field, .. }
            | Node::TextIn { field, .. }
            | Node::ListIn { field, .. }
            | Node::ListContains { field, .. }
            | Node::TextContains { field, .. } => out.push(*field),
        }
    }
}

/// A rule checked against a [`Schema`], with field names resolved to indices
/// and text values normalised, ready to evaluate per client.
#[derive(Clone, Debug)]
pub struct Compiled {
    root: Node,
    fields: Vec<usize>,
}

impl Compiled {
    /// Checks `expr` against `schema` and compiles it.
    ///
    /// Pass the rule text as `source` when `expr` was parsed from it: errors
    /// then point at the offending field or value. Without it (e.g. for JSON
    /// rules), or when `source` does not parse to `expr`, errors have offset
    /// 0, line 0 and column 0.
    pub fn compile(
        expr: &Expr,
        schema: &Schema,
        source: Option<&str>,
    ) -> Result<Compiled, RuleError> {
        let mut src = Vec::new();
        let mut spans = None;
        if let Some(text) = source {
            if let Ok((parsed, leaf_spans)) = parse_with_spans(text) {
                if parsed == *expr {
                    src = text.chars().collect();
                    spans = Some(leaf_spans);
                }
            }
        }
        let mut c = Compiler {
            schema,
            src,
            spans,
            next_leaf: 0,
        };
        let root = c.node(expr)?;
        let mut fields = Vec::new();
        root.collect_fields(&mut fields);
        fields.sort_unstable();
        fields.dedup();
        Ok(Compiled { root, fields })
    }

    /// Whether the client matches the rule. Does not allocate.
    #[inline]
    pub fn eval(&self, fields: &dyn Fields) -> bool {
        self.root.eval(fields)
    }

    /// The indices of the fields the rule reads, sorted, without duplicates.
    pub fn fields_used(&self) -> Vec<usize> {
        self.fields.clone()
    }
}

struct Compiler<'a> {
    schema: &'a Schema,
    src: Vec<char>,
    spans: Option<Vec<LeafSpan>>,
    next_leaf: usize,
}

impl Compiler<'_> {
    fn error(&self, at: Option<usize>, message: impl Into<String>) -> RuleError {
        match at {
            Some(offset) if self.spans.is_some() => RuleError::at(&self.src, offset, message),
            _ => RuleError::unpositioned(message),
        }
    }

    fn next_span(&mut self) -> LeafSpan {
        let span = self
            .spans
            .as_ref()
            .and_then(|s| s.get(self.next_leaf).cloned())
            .unwrap_or_default();
        self.next_leaf += 1;
        span
    }

    fn field(&self, name: &str, at: Option<usize>) -> Result<(usize, FieldType), RuleError> {
        if let Some(found) = self.schema.lookup(name) {
            return Ok(found);
        }
        let message = if self.schema.is_empty() {
            format!("unknown field \"{name}\" (the schema has no fields)")
        } else {
            let names: Vec<String> = self
                .schema
                .closest(name)
                .into_iter()
                .map(|n| FieldName(n).to_string())
                .collect();
            format!(
                "unknown field \"{name}\"; closest known fields: {}",
                names.join(", ")
            )
        };
        Err(self.error(at, message))
    }

    fn check_finite(&self, value: &Literal, at: Option<usize>) -> Result<(), RuleError> {
        match value {
            Literal::Number(n) if !n.is_finite() => {
                Err(self.error(at, format!("the number {n} is not finite")))
            }
            _ => Ok(()),
        }
    }

    fn node(&mut self, e: &Expr) -> Result<Node, RuleError> {
        match e {
            Expr::And(items) | Expr::Or(items) => {
                let mut nodes = items
                    .iter()
                    .map(|i| self.node(i))
                    .collect::<Result<Vec<_>, _>>()?;
                if nodes.len() == 1 {
                    if let Some(only) = nodes.pop() {
                        return Ok(only);
                    }
                }
                // Evaluation has no side effects, so cheap tests may go first.
                nodes.sort_by_key(Node::cost);
                Ok(if matches!(e, Expr::And(_)) {
                    Node::And(nodes)
                } else {
                    Node::Or(nodes)
                })
            }
            Expr::Not(inner) => Ok(Node::Not(Box::new(self.node(inner)?))),
            Expr::Cmp { field, op, value } => {
                let span = self.next_span();
                let (fpos, vpos) = (Some(span.field), span.values.first().copied());
                let (index, ty) = self.field(field, fpos)?;
                self.check_finite(value, vpos)?;
                let shown = FieldName(field);
                match (ty, value) {
                    (FieldType::Number, Literal::Number(n)) => Ok(Node::NumCmp {
                        field: index,
                        op: *op,
                        value: *n,
                    }),
                    (FieldType::Number, Literal::Text(_)) => Err(self.error(
                        vpos,
                        format!("{shown} is a number field, but {value} is text"),
                    )),
                    (FieldType::Text, _) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                        Ok(Node::TextEq {
                            field: index,
                            value: normalize_text(&literal_text(value)),
                            negated: *op == CmpOp::Ne,
                        })
                    }
                    (FieldType::Text, _) => Err(self.error(
                        fpos,
                        format!(
                            "\"{op}\" compares numbers, but {shown} is a text field (use == or !=)"
                        ),
                    )),
                    (FieldType::TextList, _) if matches!(op, CmpOp::Eq | CmpOp::Ne) => Err(self
                        .error(
                            fpos,
                            format!(
                            "{shown} is a list field; use contains, e.g. {shown} contains {value}"
                        ),
                        )),
                    (FieldType::TextList, _) => Err(self.error(
                        fpos,
                        format!("\"{op}\" compares numbers, but {shown} is a list field"),
                    )),
                }
            }
            Expr::In {
                field,
                values,
                negated,
            } => {
                let span = self.next_span();
                let fpos = Some(span.field);
                let (index, ty) = self.field(field, fpos)?;
                if values.is_empty() {
                    return Err(self.error(span.list.or(fpos), "empty list after \"in\""));
                }
                for (i, v) in values.iter().enumerate() {
                    self.check_finite(v, span.values.get(i).copied())?;
                }
                let negated = *negated;
                match ty {
                    FieldType::Number => {
                        let mut nums = Vec::with_capacity(values.len());
                        let has_number = values.iter().any(|v| matches!(v, Literal::Number(_)));
                        for (i, v) in values.iter().enumerate() {
                            match v {
                                Literal::Number(n) => nums.push(*n),
                                Literal::Text(_) => {
                                    let shown = FieldName(field);
                                    let message = if has_number {
                                        format!("the list mixes numbers and text, but {shown} is a number field ({v} is text)")
                                    } else {
                                        format!("{shown} is a number field, but {v} is text")
                                    };
                                    return Err(self.error(span.values.get(i).copied(), message));
                                }
                            }
                        }
                        nums.sort_by(f64::total_cmp);
                        nums.dedup_by(|a, b| a == b);
                        Ok(Node::NumIn {
                            field: index,
                            values: nums,
                            negated,
                        })
                    }
                    FieldType::Text => {
                        let mut texts: Vec<String> = values
                            .iter()
                            .map(|v| normalize_text(&literal_text(v)))
                            .collect();
                        texts.sort();
                        texts.dedup();
                        Ok(Node::TextIn {
                            field: index,
                            values: texts,
                            negated,
                        })
                    }
                    FieldType::TextList => {
                        let mut texts: Vec<String> = values
                            .iter()
                            .map(|v| normalize_text(&literal_text(v)))
                            .collect();
                        texts.sort();
                        texts.dedup();
                        Ok(Node::ListIn {
                            field: index,
                            values: texts,
                            negated,
                        })
                    }
                }
            }
            Expr::Contains { field, value } => {
                let span = self.next_span();
                let (fpos, vpos) = (Some(span.field), span.values.first().copied());
                let (index, ty) = self.field(field, fpos)?;
                self.check_finite(value, vpos)?;
                let needle = normalize_text(&literal_text(value));
                match ty {
                    FieldType::Number => Err(self.error(
                        fpos,
                        format!(
                            "\"contains\" works with text and list fields, but {} is a number field",
                            FieldName(field)
                        ),
                    )),
                    FieldType::Text => {
                        let needle: Vec<char> = needle.chars().collect();
                        let fail = kmp_table(&needle);
                        Ok(Node::TextContains {
                            field: index,
                            needle,
                            fail,
                        })
                    }
                    FieldType::TextList => Ok(Node::ListContains {
                        field: index,
                        value: needle,
                    }),
                }
            }
        }
    }
}

/// A literal as text: numbers in their canonical form.
fn literal_text(v: &Literal) -> String {
    match v {
        Literal::Number(n) => number_text(*n),
        Literal::Text(s) => s.clone(),
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
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
        let err = RuleError::unpositioned("boom");
        assert_eq!(err.to_string(), "boom");
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
        let rule =
            Compiled::compile(&Expr::parse("tags not in ['vip']").unwrap(), &s, None).unwrap();
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
        let err =
            Compiled::compile(&Expr::parse("x == 1").unwrap(), &Schema::new(), None).unwrap_err();
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
        let leaf =
            prop_oneof![
                (arb_name(), arb_op(), arb_literal(nice))
                    .prop_map(|(field, op, value)| Expr::Cmp { field, op, value }),
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
                (arb_name(), arb_literal(nice))
                    .prop_map(|(field, value)| Expr::Contains { field, value }),
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
}
