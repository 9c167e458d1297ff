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

mod ast;
mod compiler;
mod error;
mod lexer;
mod parser;
mod schema;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod text;

pub use ast::{CmpOp, Expr, Literal};
pub use compiler::Compiled;
pub use error::RuleError;
pub use schema::{FieldType, Fields, Schema};
pub use text::normalize_text;
pub(crate) use text::{fast_lower, folds_to};
pub(crate) use text::{normalize_into, same_text};
