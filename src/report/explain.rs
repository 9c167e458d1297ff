//! Why a client has each label.

use super::Report;
use crate::criteria::{rfm, Client, Explanation, Labels};
use crate::ingest::sniff::Role;
use crate::model::ScoreResult;
use serde::Serialize;
use std::cell::Cell;

/// Who a client is, as the data says: the name, e-mail and phone (the clients table's
/// first, then the orders file's) and every cell of the clients table's row.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientProfile {
    /// Client id.
    pub client_id: String,
    /// Name, when the data has one.
    pub name: Option<String>,
    /// E-mail, as written.
    pub email: Option<String>,
    /// Phone, as written.
    pub phone: Option<String>,
    /// Whether the clients table has a row of this client; `None` without a clients table.
    pub in_clients_table: Option<bool>,
    /// The clients table's cells of this client, in the table's column order (none when
    /// the client is not in the table or there is no table).
    pub attributes: Vec<ProfileCell>,
}

/// One cell of the clients table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileCell {
    /// The column's name as its header writes it.
    pub name: String,
    /// What the column holds.
    pub role: Role,
    /// The cell as written, trimmed; empty for no value.
    pub value: String,
    /// The cell as a number, for a numeric column.
    pub number: Option<f64>,
}

impl Report {
    /// Why client `id` has each label; `None` for an unknown id.
    pub fn explain(&self, id: &str) -> Option<Explanation> {
        let i = self.find(id)?;
        Some(self.explain_row(i))
    }

    /// Explanation of output row `i`.
    pub fn explain_row(&self, i: usize) -> Explanation {
        let lang = self.lang;
        let engine = self.labeler.engine();
        let facts = self.facts(i);
        let mut labels = Labels::default();
        engine.label(&facts, &mut labels);
        let bits = Cell::new(None);
        let c = Client::new(&engine, &facts, &labels, &bits);
        let mut out = Explanation {
            client_id: facts.id.to_string(),
            labels: vec![rfm::explain(&c, lang)],
            points: Vec::new(),
            marks: self.explained_marks(i),
            events: facts.events.as_ref().map(|e| e.explain(lang)),
            prediction: self.summary_row(i).and_then(|(m, [x, tx, t, v])| {
                Some(m.explain(x, tx, t, v, lang)).filter(|_| facts.prediction.is_some())
            }),
        };
        engine.explain_catalogue(&c, lang, &mut out);
        out
    }
}

impl Report {
    /// Who client `id` is; `None` for an unknown id.
    pub fn profile(&self, id: &str) -> Option<ClientProfile> {
        Some(self.profile_row(self.find(id)?))
    }

    /// The name of the client of output row `i`: the clients table's, else the orders
    /// file's; `None` when neither has one.
    pub fn client_name(&self, i: usize) -> Option<&str> {
        let row = self.cols.attr_row[i];
        let from_table = match (&self.clients, row != u32::MAX) {
            (Some(t), true) => t.role(Role::Name).map(|col| t.cell(row, col)),
            _ => None,
        };
        let from_orders = self.cols.contacts.as_ref().map(|p| p.name.get(i));
        from_table
            .filter(|s| !s.is_empty())
            .or(from_orders.filter(|s| !s.is_empty()))
    }

    /// Whether any client has a name (see [`Report::client_name`]).
    pub fn has_names(&self) -> bool {
        let table = self
            .clients
            .as_ref()
            .is_some_and(|t| t.role(Role::Name).is_some());
        // An orders file with e-mails or phones but no name column has contacts, not names.
        let orders = self
            .cols
            .contacts
            .as_ref()
            .is_some_and(|p| (0..p.name.len()).any(|i| !p.name.get(i).is_empty()));
        table || orders
    }

    /// Who the client of output row `i` is.
    pub fn profile_row(&self, i: usize) -> ClientProfile {
        let facts = self.facts(i);
        let owned = |s: Option<&str>| s.map(str::to_string);
        let row = self.cols.attr_row[i];
        let attributes = match &self.clients {
            Some(t) if row != u32::MAX => t
                .columns
                .iter()
                .filter(|col| col.role != Role::Client)
                .map(|col| ProfileCell {
                    name: col.name.clone(),
                    role: col.role,
                    value: t.cell(row, col.index).to_string(),
                    number: t.number(row, col.index),
                })
                .collect(),
            _ => Vec::new(),
        };
        ClientProfile {
            client_id: facts.id.to_string(),
            name: owned(facts.name),
            email: owned(facts.email),
            phone: owned(facts.phone),
            in_clients_table: self.clients.as_ref().map(|_| row != u32::MAX),
            attributes,
        }
    }
}

impl Report {
    /// The labels of output row `i` as the [`Scorer`](crate::Scorer) returns them (names in
    /// the model's language): what a scorer given this client's figures must return.
    pub fn score_row(&self, i: usize) -> ScoreResult {
        let engine = self.labeler.engine();
        let facts = self.facts(i);
        let mut labels = Labels::default();
        self.cols.labels_of(i, &mut labels);
        let bits = Cell::new(None);
        let c = Client::new(&engine, &facts, &labels, &bits);
        let lang = self.labeler.model.lang;
        ScoreResult {
            rfm: rfm::score(&c, lang),
            labels: engine.scores(&c, lang),
            as_of: None,
            model_age_days: None,
            stale: None,
            prediction: self
                .summary_row(i)
                .map(|(m, [x, tx, t, v])| m.intervals(x, tx, t, v)),
        }
    }
}
