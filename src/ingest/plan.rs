//! The column plan: which columns the reader takes the client, date, amount, order id and
//! contacts from, resolved from the sniff and the options.

use super::sniff::{Role, Sniff};
use crate::error::{Error, ErrorKind};

/// Where the amount of a row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountSource {
    /// One column.
    Column(usize),
    /// Quantity × price.
    Product(usize, usize),
}

/// The columns the analysis reads, resolved from the sniff and the options.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Number of columns in the header.
    pub width: usize,
    /// Highest column index read.
    pub max_used: usize,
    /// Client id column.
    pub client: usize,
    /// Date column.
    pub date: usize,
    /// Amount source.
    pub amount: AmountSource,
    /// Order id column.
    pub order: Option<usize>,
    /// E-mail column.
    pub email: Option<usize>,
    /// Phone column.
    pub phone: Option<usize>,
    /// Column names.
    pub names: Vec<String>,
}

impl Plan {
    /// Resolves the plan; fails naming the missing role and the columns there are.
    pub fn from_sniff(s: &Sniff) -> Result<Plan, Error> {
        let col = |r: Role| s.column(r).map(|c| c.index);
        let listing = || {
            s.columns
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing = |what: &str, option: &str| {
            Error::new(
                ErrorKind::MissingColumn,
                format!(
                    "no {what} column found; map it with the option `columns.{option}` (columns: {})",
                    listing()
                ),
            )
        };
        let client = col(Role::Client)
            .or_else(|| col(Role::Email))
            .or_else(|| col(Role::Phone))
            .ok_or_else(|| missing("client id", "client"))?;
        let date = col(Role::Date).ok_or_else(|| missing("order date", "date"))?;
        let amount = match (col(Role::Amount), col(Role::Quantity), col(Role::Price)) {
            (Some(a), _, _) => AmountSource::Column(a),
            (None, Some(q), Some(p)) => AmountSource::Product(q, p),
            (None, None, Some(p)) => AmountSource::Column(p),
            _ => return Err(missing("amount", "amount")),
        };
        if s.date_format.is_none() {
            return Err(Error::new(
                ErrorKind::UnreadableInput,
                format!(
                    "the dates in column \"{}\" are in no known format; set the option `dateFormat`",
                    s.columns[date].name
                ),
            ));
        }
        let order = col(Role::OrderId);
        let email = col(Role::Email);
        let phone = col(Role::Phone);
        let used = [Some(client), Some(date), order, email, phone]
            .into_iter()
            .flatten()
            .chain(match amount {
                AmountSource::Column(a) => vec![a],
                AmountSource::Product(q, p) => vec![q, p],
            });
        let max_used = used.max().unwrap_or(0);
        Ok(Plan {
            width: s.columns.len(),
            max_used,
            client,
            date,
            amount,
            order,
            email,
            phone,
            names: s.columns.iter().map(|c| c.name.clone()).collect(),
        })
    }
}

impl Plan {
    /// The column an amount error points at.
    pub fn amount_column(&self) -> usize {
        match self.amount {
            AmountSource::Column(a) => a,
            AmountSource::Product(q, _) => q,
        }
    }
}
