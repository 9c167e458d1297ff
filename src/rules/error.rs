//! Errors in rules, with their line and column.

use crate::locale::Lang;
use std::fmt;

/// An error in a rule: a syntax error from [`Expr::parse`](super::Expr::parse) or a
/// schema error from [`Compiled::compile`](super::Compiled::compile).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleError {
    /// What is wrong, in plain words.
    pub message: String,
    /// What is wrong, in Russian.
    pub message_ru: String,
    /// Offset of the offending token in the rule text, in chars (0 when there is no position).
    pub offset: usize,
    /// 1-based line of the offending token (0 when there is no position, e.g. for JSON rules).
    pub line: u32,
    /// 1-based column of the offending token, in chars (0 when there is no position).
    pub column: u32,
}

impl RuleError {
    pub(super) fn at(
        src: &[char],
        offset: usize,
        en: impl Into<String>,
        ru: impl Into<String>,
    ) -> RuleError {
        let (line, column) = line_col(src, offset);
        RuleError {
            message: en.into(),
            message_ru: ru.into(),
            offset,
            line,
            column,
        }
    }

    pub(super) fn unpositioned(en: impl Into<String>, ru: impl Into<String>) -> RuleError {
        RuleError {
            message: en.into(),
            message_ru: ru.into(),
            offset: 0,
            line: 0,
            column: 0,
        }
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Ru => &self.message_ru,
        }
    }

    /// The message in `lang` after its position: `line 1, column 17: …` (the
    /// [`Display`](fmt::Display) form) or `строка 1, позиция 17: …`.
    pub fn text(&self, lang: Lang) -> String {
        let message = self.message_in(lang);
        match (self.line, lang) {
            (0, _) => message.to_string(),
            (_, Lang::En) => format!("line {}, column {}: {message}", self.line, self.column),
            (_, Lang::Ru) => format!("строка {}, позиция {}: {message}", self.line, self.column),
        }
    }
}

impl fmt::Display for RuleError {
    /// `line 1, column 17: expected a value after ">", found end of rule`;
    /// just the message when there is no position.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for RuleError {}

pub(super) fn line_col(src: &[char], offset: usize) -> (u32, u32) {
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

/// "at column 5" in a one-line rule, else "at line 2, column 5"; and in Russian.
pub(super) fn where_text(src: &[char], offset: usize) -> (String, String) {
    let (line, column) = line_col(src, offset);
    if src.contains(&'\n') {
        (
            format!("at line {line}, column {column}"),
            format!("в строке {line}, позиции {column}"),
        )
    } else {
        (format!("at column {column}"), format!("в позиции {column}"))
    }
}
