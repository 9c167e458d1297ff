//! Checking a rule against a schema and evaluating it per client.

use super::ast::{number_text, FieldName};
use super::ast::{CmpOp, Expr, Literal};
use super::error::RuleError;
use super::parser::{parse_with_spans, LeafSpan};
use super::schema::{text_any, FieldType, Fields, Schema};
use super::text::{kmp_contains, kmp_table, normalize_text, NormChars};
use std::cmp::Ordering;

#[derive(Clone, Debug)]
pub(super) enum Node {
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

pub(super) struct Compiler<'a> {
    schema: &'a Schema,
    src: Vec<char>,
    spans: Option<Vec<LeafSpan>>,
    next_leaf: usize,
}

impl Compiler<'_> {
    fn error(&self, at: Option<usize>, en: impl Into<String>, ru: impl Into<String>) -> RuleError {
        match at {
            Some(offset) if self.spans.is_some() => RuleError::at(&self.src, offset, en, ru),
            _ => RuleError::unpositioned(en, ru),
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
        let (en, ru) = if self.schema.is_empty() {
            (
                format!("unknown field \"{name}\" (the schema has no fields)"),
                format!("неизвестное поле «{name}» (полей нет)"),
            )
        } else {
            let names: Vec<String> = self
                .schema
                .closest(name)
                .into_iter()
                .map(|n| FieldName(n).to_string())
                .collect();
            let names = names.join(", ");
            (
                format!("unknown field \"{name}\"; closest known fields: {names}"),
                format!("неизвестное поле «{name}»; похожие поля: {names}"),
            )
        };
        Err(self.error(at, en, ru))
    }

    fn check_finite(&self, value: &Literal, at: Option<usize>) -> Result<(), RuleError> {
        match value {
            Literal::Number(n) if !n.is_finite() => Err(self.error(
                at,
                format!("the number {n} is not finite"),
                format!("число {n} не конечно"),
            )),
            _ => Ok(()),
        }
    }

    fn node(&mut self, e: &Expr) -> Result<Node, RuleError> {
        match e {
            Expr::And(items) | Expr::Or(items) => self.group(e, items),
            Expr::Not(inner) => Ok(Node::Not(Box::new(self.node(inner)?))),
            Expr::Cmp { field, op, value } => self.cmp(field, *op, value),
            Expr::In {
                field,
                values,
                negated,
            } => self.is_in(field, values, *negated),
            Expr::Contains { field, value } => self.contains(field, value),
        }
    }

    /// `and` / `or`: one operand is that operand; cheap tests go first.
    fn group(&mut self, e: &Expr, items: &[Expr]) -> Result<Node, RuleError> {
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

    fn cmp(&mut self, field: &str, op: CmpOp, value: &Literal) -> Result<Node, RuleError> {
        let span = self.next_span();
        let (fpos, vpos) = (Some(span.field), span.values.first().copied());
        let (index, ty) = self.field(field, fpos)?;
        self.check_finite(value, vpos)?;
        let shown = FieldName(field);
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        match (ty, value) {
            (FieldType::Number, Literal::Number(n)) => Ok(Node::NumCmp {
                field: index,
                op,
                value: *n,
            }),
            (FieldType::Number, Literal::Text(_)) => Err(self.error(
                vpos,
                format!("{shown} is a number field, but {value} is text"),
                format!("{shown} — числовое поле, а {value} — текст"),
            )),
            (FieldType::Text, _) if equality => Ok(Node::TextEq {
                field: index,
                value: normalize_text(&literal_text(value)),
                negated: op == CmpOp::Ne,
            }),
            (FieldType::Text, _) => Err(self.error(
                fpos,
                format!("\"{op}\" compares numbers, but {shown} is a text field (use == or !=)"),
                format!(
                    "«{op}» сравнивает числа, а {shown} — текстовое поле (используйте == или !=)"
                ),
            )),
            (FieldType::TextList, _) if equality => Err(self.error(
                fpos,
                format!("{shown} is a list field; use contains, e.g. {shown} contains {value}"),
                format!(
                    "{shown} — поле-список; пишите «содержит», например {shown} содержит {value}"
                ),
            )),
            (FieldType::TextList, _) => Err(self.error(
                fpos,
                format!("\"{op}\" compares numbers, but {shown} is a list field"),
                format!("«{op}» сравнивает числа, а {shown} — поле-список"),
            )),
        }
    }

    fn is_in(&mut self, field: &str, values: &[Literal], negated: bool) -> Result<Node, RuleError> {
        let span = self.next_span();
        let fpos = Some(span.field);
        let (index, ty) = self.field(field, fpos)?;
        if values.is_empty() {
            return Err(self.error(
                span.list.or(fpos),
                "empty list after \"in\"",
                "пустой список после «in»",
            ));
        }
        for (i, v) in values.iter().enumerate() {
            self.check_finite(v, span.values.get(i).copied())?;
        }
        let texts = || {
            let mut texts: Vec<String> = values
                .iter()
                .map(|v| normalize_text(&literal_text(v)))
                .collect();
            texts.sort();
            texts.dedup();
            texts
        };
        match ty {
            FieldType::Number => {
                let nums = self.numbers(field, values, &span)?;
                Ok(Node::NumIn {
                    field: index,
                    values: nums,
                    negated,
                })
            }
            FieldType::Text => Ok(Node::TextIn {
                field: index,
                values: texts(),
                negated,
            }),
            FieldType::TextList => Ok(Node::ListIn {
                field: index,
                values: texts(),
                negated,
            }),
        }
    }

    /// The numbers of an `in` list on a number field, sorted and distinct.
    fn numbers(
        &self,
        field: &str,
        values: &[Literal],
        span: &LeafSpan,
    ) -> Result<Vec<f64>, RuleError> {
        let mut nums = Vec::with_capacity(values.len());
        let has_number = values.iter().any(|v| matches!(v, Literal::Number(_)));
        for (i, v) in values.iter().enumerate() {
            match v {
                Literal::Number(n) => nums.push(*n),
                Literal::Text(_) => {
                    let shown = FieldName(field);
                    let (en, ru) = if has_number {
                        (
                            format!("the list mixes numbers and text, but {shown} is a number field ({v} is text)"),
                            format!("в списке и числа, и текст, а {shown} — числовое поле ({v} — текст)"),
                        )
                    } else {
                        (
                            format!("{shown} is a number field, but {v} is text"),
                            format!("{shown} — числовое поле, а {v} — текст"),
                        )
                    };
                    return Err(self.error(span.values.get(i).copied(), en, ru));
                }
            }
        }
        nums.sort_by(f64::total_cmp);
        nums.dedup_by(|a, b| a == b);
        Ok(nums)
    }

    fn contains(&mut self, field: &str, value: &Literal) -> Result<Node, RuleError> {
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
                format!(
                    "«содержит» работает с текстом и списками, а {} — числовое поле",
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

/// A literal as text: numbers in their canonical form.
pub(super) fn literal_text(v: &Literal) -> String {
    match v {
        Literal::Number(n) => number_text(*n),
        Literal::Text(s) => s.clone(),
    }
}
