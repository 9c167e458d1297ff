//! The rule's syntax tree and its canonical text.

use super::error::RuleError;
use super::lexer::keyword_of;
use super::parser::parse_with_spans;
use serde::{Deserialize, Serialize};
use std::fmt;

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
    pub(super) fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    #[inline]
    pub(super) fn apply(self, x: f64, v: f64) -> bool {
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
    /// Parses rule text (see the [rule language](crate::rules) for the grammar).
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
pub(super) fn is_infix(e: &Expr) -> bool {
    matches!(e, Expr::And(v) | Expr::Or(v) if v.len() >= 2)
}

pub(super) fn write_expr(e: &Expr, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

pub(super) fn write_operand(e: &Expr, parens: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if parens {
        f.write_str("(")?;
        write_expr(e, f)?;
        f.write_str(")")
    } else {
        write_expr(e, f)
    }
}

pub(super) fn write_group(word: &str, items: &[Expr], f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
pub(super) fn write_number(n: f64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

pub(super) fn number_text(n: f64) -> String {
    Literal::Number(n).to_string()
}

pub(super) fn write_escaped(s: &str, quote: char, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
pub(super) struct FieldName<'a>(pub(super) &'a str);

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

pub(super) fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub(super) fn is_name_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

pub(super) fn is_plain_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => {}
        _ => return false,
    }
    chars.all(is_name_continue) && keyword_of(s).is_none()
}
