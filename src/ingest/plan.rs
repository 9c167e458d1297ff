//! The column plan: which columns the reader takes the client, date, amount, order id and
//! contacts from, resolved from the sniff and the options.

use super::sniff::{normalize_header, Role, Sniff};
use crate::error::{Error, ErrorKind, Position};

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
    /// The client's name column.
    pub name: Option<usize>,
    /// Order status or document kind column.
    pub status: Option<usize>,
    /// Quantity column beside an amount column: a negative quantity is a return.
    pub quantity: Option<usize>,
    /// What an order line bought: its category, product or service.
    pub category: Option<usize>,
    /// `C` + digits among numeric order ids is a cancellation invoice.
    pub cancel_prefix: bool,
    /// Client ids written as floats (`17850.0`) are read as integers.
    pub float_ids: bool,
    /// The amount is the order's total, repeated on its lines: taken once per order.
    pub order_total: bool,
    /// Column names.
    pub names: Vec<String>,
}

/// Amount headers that name the order's total rather than the line's.
const ORDER_TOTAL_HEADERS: &[&str] = &[
    "ordertotal",
    "totalorder",
    "orderamount",
    "ordersum",
    "invoicetotal",
    "суммазаказа",
    "итогозаказа",
    "итогопозаказу",
    "суммапозаказу",
    "суммадокумента",
    "итогподокументу",
    "суммасчета",
];

impl Plan {
    /// Resolves the plan; fails naming the missing role and the columns there are.
    pub fn from_sniff(s: &Sniff) -> Result<Plan, Error> {
        let col = |r: Role| s.column(r).map(|c| c.index);
        let listing = |open: &str, close: &str| {
            s.columns
                .iter()
                .map(|c| format!("{open}{}{close}", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing = |what: &str, option: &str, what_ru: &str| {
            Error::new(
                ErrorKind::MissingColumn,
                format!(
                    "no {what} column found; map it with the option `columns.{option}` (columns: {})",
                    listing("\"", "\"")
                ),
            )
            .ru(format!(
                "не найден столбец {what_ru}; укажите его при сопоставлении столбцов (столбцы: {})",
                listing("«", "»")
            ))
        };
        if s.header_only {
            let at = Position {
                line: s.header_line,
                ..Position::default()
            };
            return Err(Error::new(
                ErrorKind::HeaderOnly,
                "the file has a header but no rows: there are no orders to analyse below it",
            )
            .ru("в файле есть заголовок, но нет строк: под ним нет заказов для анализа")
            .at(at));
        }
        let client = col(Role::Client)
            .or_else(|| col(Role::Email))
            .or_else(|| col(Role::Phone))
            .ok_or_else(|| missing("client id", "client", "с клиентом"))?;
        let date =
            col(Role::Date).ok_or_else(|| missing("order date", "date", "с датой заказа"))?;
        let amount = match (col(Role::Amount), col(Role::Quantity), col(Role::Price)) {
            (Some(a), _, _) => AmountSource::Column(a),
            (None, Some(q), Some(p)) => AmountSource::Product(q, p),
            (None, None, Some(p)) => AmountSource::Column(p),
            _ => return Err(missing("amount", "amount", "с суммой")),
        };
        if s.date_format.is_none() {
            return Err(Error::new(
                ErrorKind::UnreadableInput,
                format!(
                    "the dates in column \"{}\" are in no known format; set the option `dateFormat`",
                    s.columns[date].name
                ),
            )
            .ru(format!(
                "даты в столбце «{}» записаны в неизвестном формате; выберите формат даты",
                s.columns[date].name
            )));
        }
        let order = col(Role::OrderId);
        let email = col(Role::Email);
        let phone = col(Role::Phone);
        let name = col(Role::Name).filter(|&n| n != client);
        let status = col(Role::Status);
        let category = col(Role::Category).filter(|&c| c != client);
        let quantity = match amount {
            AmountSource::Column(_) => col(Role::Quantity),
            AmountSource::Product(..) => None,
        };
        let order_total = order.is_some()
            && matches!(amount, AmountSource::Column(a)
                if ORDER_TOTAL_HEADERS.contains(&normalize_header(&s.columns[a].name).as_str()));
        let used = [
            Some(client),
            Some(date),
            order,
            email,
            phone,
            name,
            status,
            quantity,
            category,
        ]
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
            name,
            status,
            quantity,
            category,
            cancel_prefix: order.is_some() && s.hints.numeric_orders,
            float_ids: s.hints.float_ids,
            order_total,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::options::ReadOptions;
    use AmountSource::{Column, Product};

    fn plan(text: &str) -> Result<Plan, Error> {
        let s = super::super::sniff::sniff(
            text.as_bytes(),
            true,
            &ReadOptions::default(),
            crate::locale::Lang::En,
        )?;
        Plan::from_sniff(&s)
    }

    #[test]
    fn columns_found_table() {
        // (client, date, amount, order, email, phone, width, max_used)
        type Want = (
            usize,
            usize,
            AmountSource,
            Option<usize>,
            Option<usize>,
            Option<usize>,
            usize,
            usize,
        );
        #[rustfmt::skip]
        let cases: &[(&str, &str, Want)] = &[
            ("client, date, amount", "client,date,amount\na,2024-01-05,10.50\n", (0, 1, Column(2), None, None, None, 3, 2)),
            ("order id and other names", "order_id,customer_id,order_date,total\n1,a,2024-01-05,10.50\n", (1, 2, Column(3), Some(0), None, None, 4, 3)),
            ("Russian names", "Клиент;Дата;Сумма\nИванов;05.01.2024;10,50\n", (0, 1, Column(2), None, None, None, 3, 2)),
            ("quantity × price without an amount", "client,date,quantity,price\na,2024-01-05,2,10.50\n", (0, 1, Product(2, 3), None, None, None, 4, 3)),
            ("an amount wins over quantity × price", "client,date,quantity,price,amount\na,2024-01-05,2,10.50,21.00\n", (0, 1, Column(4), None, None, None, 5, 4)),
            ("price alone is the amount", "client,date,price\na,2024-01-05,10.50\n", (0, 1, Column(2), None, None, None, 3, 2)),
            ("e-mail as the client", "email,date,amount\nann@example.com,2024-01-05,10.50\n", (0, 1, Column(2), None, Some(0), None, 3, 2)),
            ("phone as the client", "phone,date,amount\n+7 900 123-45-67,2024-01-05,10.50\n", (0, 1, Column(2), None, None, Some(0), 3, 2)),
            ("client id and e-mail", "client,email,date,amount\na,ann@example.com,2024-01-05,10.50\n", (0, 2, Column(3), None, Some(1), None, 4, 3)),
            ("unused columns after the used ones", "client,date,amount,note,source\na,2024-01-05,10.50,x,y\n", (0, 1, Column(2), None, None, None, 5, 2)),
        ];
        for (name, text, want) in cases {
            let p = plan(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got = (
                p.client, p.date, p.amount, p.order, p.email, p.phone, p.width, p.max_used,
            );
            assert_eq!(got, *want, "{name}");
            assert_eq!(p.names.len(), p.width, "{name}: names");
        }
    }

    #[test]
    fn missing_columns_table() {
        // The error kind and parts of its message.
        #[rustfmt::skip]
        let cases: &[(&str, &str, ErrorKind, &[&str])] = &[
            ("no date", "client,amount\na,10.50\nb,20.00\n", ErrorKind::MissingColumn, &["no order date column", "`columns.date`", "(columns: \"client\", \"amount\")"]),
            ("no amount", "client,date\na,2024-01-05\nb,2024-01-06\n", ErrorKind::MissingColumn, &["no amount column", "`columns.amount`"]),
            ("quantity without a price", "client,date,quantity\na,2024-01-05,2\n", ErrorKind::MissingColumn, &["no amount column", "`columns.amount`"]),
            ("no date format", "client,date,amount\na,,10.50\nb,,20.00\n", ErrorKind::UnreadableInput, &["column \"date\"", "`dateFormat`"]),
            ("a header and no rows", "client,date,amount\n", ErrorKind::HeaderOnly, &["the file has a header but no rows"]),
            ("a header, blank lines and empty rows", "Клиент;Дата;Сумма\r\n\r\n;;\r\n", ErrorKind::HeaderOnly, &["the file has a header but no rows"]),
            ("a header no column names", "a,b\n", ErrorKind::HeaderOnly, &["the file has a header but no rows"]),
        ];
        for (name, text, kind, parts) in cases {
            let e = plan(text)
                .err()
                .unwrap_or_else(|| panic!("{name}: no error"));
            assert_eq!(e.kind(), *kind, "{name}: {e}");
            for part in *parts {
                assert!(e.message().contains(part), "{name}: {e}");
            }
        }
    }

    #[test]
    fn the_amount_column_of_errors() {
        let p = plan("client,date,quantity,price\na,2024-01-05,2,10.50\n").unwrap();
        assert_eq!(p.amount_column(), 2);
        let p = plan("client,date,amount\na,2024-01-05,10.50\n").unwrap();
        assert_eq!(p.amount_column(), 2);
    }
}
