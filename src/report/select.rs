//! Selecting clients by a rule.

use super::Report;
use crate::criteria::{Client, Labels, RuleSource};
use crate::error::Error;
use crate::money::{self, Money};
use serde::Serialize;
use std::cell::Cell;

/// A selection of clients.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Output rows selected.
    pub rows: Vec<u32>,
    /// Clients.
    pub customers: u64,
    /// Net revenue.
    pub revenue: f64,
}

impl Report {
    /// Clients matching a rule (text or JSON AST).
    pub fn select(&self, rule: &RuleSource) -> Result<Selection, Error> {
        let engine = self.labeler.engine();
        let (_, compiled) = rule.compile(&engine.schema.schema, ("filter", "фильтр"))?;
        let mut sel = Selection::default();
        let mut labels = Labels::default();
        let mut revenue: Money = 0;
        for i in 0..self.ids.len() {
            self.cols.labels_of(i, &mut labels);
            let facts = self.facts(i);
            let bits = Cell::new(None);
            if compiled.eval(&Client::new(&engine, &facts, &labels, &bits)) {
                sel.rows.push(i as u32);
                revenue = revenue.saturating_add(self.cols.revenue[i]);
            }
        }
        sel.customers = sel.rows.len() as u64;
        sel.revenue = money::to_f64(revenue);
        Ok(sel)
    }
}
