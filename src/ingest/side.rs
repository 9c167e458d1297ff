//! What the tables read beside the orders — the clients table and the events table — share:
//! sniffing with only their own encoding and delimiter options, the column roles their
//! options set by hand, and their text as UTF-8.

use super::charset::Transcoder;
use super::options::{ColumnRef, ReadOptions};
use super::sniff::{self, Role, Sniff, SniffedColumn, TableKind};
use crate::error::Error;
use crate::locale::Lang;
use std::borrow::Cow;

/// Sniffs a side table of `kind` with its own `encoding` and `delimiter` options; errors
/// name the table (`what`, in English and Russian).
pub(super) fn sniff_side(
    data: &[u8],
    encoding: &Option<String>,
    delimiter: &Option<String>,
    kind: TableKind,
    lang: Lang,
    what: (&str, &str),
) -> Result<Sniff, Error> {
    let opts = ReadOptions {
        encoding: encoding.clone(),
        delimiter: delimiter.clone(),
        ..ReadOptions::default()
    };
    sniff::sniff_table(data, true, &opts, kind, lang).map_err(|e| e.context(what.0, what.1))
}

/// Gives each role its column where the options name one (the column guessed for it
/// before becomes an attribute).
pub(super) fn map_roles(
    columns: &mut [SniffedColumn],
    mapping: &[(Role, &Option<ColumnRef>)],
    what: (&str, &str),
) -> Result<(), Error> {
    for &(role, r) in mapping {
        let Some(r) = r else {
            continue;
        };
        let idx = sniff::find_column(columns, r, role).map_err(|e| e.context(what.0, what.1))?;
        for c in columns.iter_mut().filter(|c| c.role == role) {
            c.role = Role::Attribute;
        }
        columns[idx].role = role;
        columns[idx].role_confidence = 1.0;
    }
    Ok(())
}

/// The table's text as UTF-8: borrowed (its BOM aside) when it is UTF-8 already.
pub(super) fn utf8_text<'a>(data: &'a [u8], s: &Sniff) -> Cow<'a, [u8]> {
    let charset = s.charset();
    if charset.is_utf8() {
        Cow::Borrowed(&data[charset.bom_len.min(data.len())..])
    } else {
        Cow::Owned(Transcoder::new(charset).convert(data, true).to_vec())
    }
}
