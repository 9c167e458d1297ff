//! Why a client has each label.

use super::Report;
use crate::criteria::{rfm, Client, Explanation, Labels};
use crate::model::ScoreResult;
use std::cell::Cell;

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
        };
        engine.explain_catalogue(&c, lang, &mut out);
        out
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
        }
    }
}
