//! Parsing tokens into an [`Expr`], keeping where each comparison was written.

use super::ast::FieldName;
use super::ast::{Expr, Literal};
use super::error::where_text;
use super::error::RuleError;
use super::lexer::{keyword_of, lex, token_keyword, Kw, Tok, Token};

/// The deepest nesting of parentheses, `not` and groups that the parser accepts.
pub(super) const MAX_DEPTH: usize = 32;

/// Where the parts of one comparison start in the rule text (char offsets).
/// Kept in a side table, one entry per comparison in left-to-right order.
#[derive(Clone, Debug, Default)]
pub(super) struct LeafSpan {
    pub(super) field: usize,
    pub(super) values: Vec<usize>,
    pub(super) list: Option<usize>,
}

pub(super) struct Parser<'s> {
    src: &'s [char],
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    spans: Vec<LeafSpan>,
}

pub(super) fn parse_with_spans(text: &str) -> Result<(Expr, Vec<LeafSpan>), RuleError> {
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
        return Err(RuleError::at(&src, 0, "empty rule", "правило пустое"));
    }
    let expr = p.parse_or()?;
    let t = p.peek()?;
    if !matches!(t.kind, Tok::Eof) {
        let mut msg = format!(
            "expected \"and\", \"or\" or end of rule, found {}",
            p.describe(&t)
        );
        let mut msg_ru = format!(
            "нужно «и», «или» или конец правила, а здесь {}",
            p.describe_ru(&t)
        );
        let after_number =
            p.pos > 0 && matches!(p.toks.get(p.pos - 1).map(|t| &t.kind), Some(Tok::Num(_)));
        if matches!(t.kind, Tok::Comma) && after_number {
            msg.push_str(" (numbers use a dot for decimals, e.g. 2.5)");
            msg_ru.push_str(" (дробная часть числа отделяется точкой: 2.5)");
        }
        return Err(p.error_at(&t, msg, msg_ru));
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

    fn error_at(&self, t: &Token, en: impl Into<String>, ru: impl Into<String>) -> RuleError {
        RuleError::at(self.src, t.start, en, ru)
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

    /// What the token is, in Russian: `конец правила`, `число 5`, `текст "a"`, `«and»`.
    fn describe_ru(&self, t: &Token) -> String {
        match &t.kind {
            Tok::Eof => "конец правила".to_string(),
            Tok::Num(_) => format!("число {}", self.slice(t)),
            Tok::Str(_) => format!("текст {}", self.slice(t)),
            _ => format!("«{}»", self.slice(t)),
        }
    }

    fn enter(&mut self, t: &Token) -> Result<(), RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(
                t,
                format!("the rule is nested too deeply (more than {MAX_DEPTH} levels)"),
                format!("в правиле слишком много вложенных скобок (больше {MAX_DEPTH})"),
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
                    let (at, at_ru) = where_text(self.src, t.start);
                    return Err(self.error_at(
                        &close,
                        format!(
                            "expected \")\" to match the \"(\" {at}, found {}",
                            self.describe(&close)
                        ),
                        format!(
                            "нужна «)» к скобке «(» {at_ru}, а здесь {}",
                            self.describe_ru(&close)
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
                    let (hint, hint_ru) = if matches!(kw, Kw::In | Kw::Contains) {
                        (
                            format!(" (to use a field named {w}, write it in backticks: `{w}`)"),
                            format!(" (поле с именем {w} пишется в обратных кавычках: `{w}`)"),
                        )
                    } else {
                        (String::new(), String::new())
                    };
                    Err(self.error_at(
                        &t,
                        format!("expected a condition, found \"{w}\"{hint}"),
                        format!("нужно условие, а здесь «{w}»{hint_ru}"),
                    ))
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
                format!("нужно условие, а здесь {}", self.describe_ru(&t)),
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
                        let (at, at_ru) = where_text(self.src, open.start);
                        return Err(self.error_at(
                            &sep,
                            format!(
                                "expected \",\" or \")\" to match the \"(\" {at}, found {}",
                                self.describe(&sep)
                            ),
                            format!(
                                "нужна «,» или «)» к скобке «(» {at_ru}, а здесь {}",
                                self.describe_ru(&sep)
                            ),
                        ));
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
            let after = (
                format!("after \"{}\"", self.slice(&t)),
                format!("после «{}»", self.slice(&t)),
            );
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
                        format!(
                            "после «{}» нужно «in», а здесь {}",
                            self.slice(&t),
                            self.describe_ru(&t2)
                        ),
                    ));
                }
                self.bump();
                self.parse_in(field, field_start, true)
            }
            Some(Kw::Contains) => {
                self.bump();
                let after = (
                    format!("after \"{}\"", self.slice(&t)),
                    format!("после «{}»", self.slice(&t)),
                );
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
                format!(
                    "после {} нужен оператор (==, !=, <, <=, >, >=, in, not in, содержит), а здесь {}",
                    FieldName(&field),
                    self.describe_ru(&t)
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
                format!(
                    "после «in» нужен список в квадратных скобках, например [\"а\", \"б\"], а здесь {}",
                    self.describe_ru(&open)
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
            let (value, start) = self.parse_literal(&("in the list".into(), "в списке".into()))?;
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
                    let (at, at_ru) = where_text(self.src, open.start);
                    return Err(self.error_at(
                        &sep,
                        format!(
                            "expected \",\" or \"]\" in the list opened {at}, found {}",
                            self.describe(&sep)
                        ),
                        format!(
                            "в списке, открытом {at_ru}, нужна «,» или «]», а здесь {}",
                            self.describe_ru(&sep)
                        ),
                    ));
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

    /// A literal; `context` completes "expected a value ..." (English, Russian).
    fn parse_literal(&mut self, context: &(String, String)) -> Result<(Literal, usize), RuleError> {
        let (context, context_ru) = context;
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
                format!(
                    "{}нужно значение, а здесь «{w}» (текст пишется в кавычках: \"{w}\"; сравнивать два поля нельзя)",
                    ru_context(context_ru)
                ),
            )),
            _ => Err(self.error_at(
                &t,
                format!("expected a value {context}, found {}", self.describe(&t)),
                format!(
                    "{}нужно значение, а здесь {}",
                    ru_context(context_ru),
                    self.describe_ru(&t)
                ),
            )),
        }
    }

    /// `literal op field`, stored as `field flipped-op literal`.
    fn parse_value_first(&mut self) -> Result<Expr, RuleError> {
        let (value, value_start) = self.parse_literal(&Default::default())?;
        let t = self.peek()?;
        let Tok::Op(op) = t.kind else {
            return Err(self.error_at(
                &t,
                format!(
                    "expected a comparison operator after the value, found {}",
                    self.describe(&t)
                ),
                format!(
                    "после значения нужен оператор сравнения, а здесь {}",
                    self.describe_ru(&t)
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
                    format!(
                        "после «{}» нужно имя поля, а здесь {}",
                        self.slice(&t),
                        self.describe_ru(&f)
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

/// `после «>» ` before a Russian sentence, nothing without a context.
fn ru_context(context: &str) -> String {
    if context.is_empty() {
        String::new()
    } else {
        format!("{context} ")
    }
}
