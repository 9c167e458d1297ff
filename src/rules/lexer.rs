//! Splitting rule text into tokens.

use super::ast::{is_name_continue, is_name_start, CmpOp};
use super::error::RuleError;

#[derive(Clone, Debug)]
pub(super) enum Tok {
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
pub(super) struct Token {
    pub(super) kind: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kw {
    And,
    Or,
    Not,
    In,
    Contains,
}

pub(super) fn keyword_of(word: &str) -> Option<Kw> {
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

pub(super) fn token_keyword(t: &Tok) -> Option<Kw> {
    match t {
        Tok::Word(w) => keyword_of(w),
        Tok::AndAnd => Some(Kw::And),
        Tok::OrOr => Some(Kw::Or),
        Tok::Bang => Some(Kw::Not),
        _ => None,
    }
}

/// Splits the rule into tokens. The result always ends with `Eof` or `Error`.
pub(super) fn lex(src: &[char]) -> Vec<Token> {
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
                "лишний знак «&» (пишите «и» или «&&»)",
            )),
            '|' => Err(RuleError::at(
                src,
                i,
                "unexpected character \"|\" (write \"or\" or \"||\")",
                "лишний знак «|» (пишите «или» или «||»)",
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
                    char_hint(c).0
                ),
                format!("лишний знак «{}»{}", c.escape_debug(), char_hint(c).1),
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

/// A hint for characters that people type for operators or quotes, in English and Russian.
pub(super) fn char_hint(c: char) -> (&'static str, &'static str) {
    match c {
        '≥' => (" (write >=)", " (пишите >=)"),
        '≤' => (" (write <=)", " (пишите <=)"),
        '≠' => (" (write !=)", " (пишите !=)"),
        '«' | '»' | '“' | '”' | '„' | '‘' | '’' => (
            " (text values are written in \"double\" or 'single' quotes)",
            " (текст пишется в прямых кавычках: \"двойных\" или 'одинарных')",
        ),
        _ => ("", ""),
    }
}

/// Lexes a string or a backticked field name starting at the opening quote.
pub(super) fn lex_quoted(
    src: &[char],
    start: usize,
    quote: char,
) -> Result<(String, usize), RuleError> {
    let unterminated = || {
        let (what, what_ru) = if quote == '`' {
            ("field name", "имя поля")
        } else {
            ("text value", "текст")
        };
        RuleError::at(
            src,
            start,
            format!("unterminated {what}: the {quote} opened here is never closed"),
            format!("{what_ru} не закончен: открытая здесь кавычка {quote} не закрыта"),
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
                            format!(
                                "неизвестная последовательность «\\{}» (можно \\\" \\' \\` \\\\ \\n или \\t)",
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

pub(super) fn lex_number(src: &[char], start: usize) -> Result<(Tok, usize), RuleError> {
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
                "после десятичной точки нужны цифры",
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
            format!("неверное число «{text}» (числа пишутся так: 30, -2.5 или 1e3)"),
        ));
    }
    let text: String = src[start..j].iter().collect();
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok((Tok::Num(n), j)),
        _ => Err(RuleError::at(
            src,
            start,
            format!("number \"{text}\" is too large"),
            format!("число «{text}» слишком велико"),
        )),
    }
}
