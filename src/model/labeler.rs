//! A model compiled for labelling: its segment table, rule schema and compiled criteria.

use super::{Model, MODEL_VERSION};
use crate::criteria::{Compiled, Engine, Facts, Labels, RuleSchema, SegmentTable, SegmentsOption};
use crate::error::{Error, ErrorKind};

/// A compiled model, ready to label clients.
pub struct Labeler {
    /// The model.
    pub model: Model,
    segments: SegmentTable,
    schema: RuleSchema,
    compiled: Compiled,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidModel, message)
}

impl Labeler {
    /// Checks and compiles a model.
    pub fn new(mut model: Model) -> Result<Labeler, Error> {
        if model.version != MODEL_VERSION {
            return Err(invalid(format!(
                "model version {} is not supported (expected {MODEL_VERSION})",
                model.version
            )));
        }
        let rfm = &model.rfm;
        if !(2..=10).contains(&rfm.bins) {
            return Err(invalid("model: `bins` must be 2..=10"));
        }
        let cuts = [&rfm.cuts.recency, &rfm.cuts.frequency, &rfm.cuts.monetary];
        if cuts.iter().any(|c| c.cuts.len() != rfm.bins as usize - 1) {
            return Err(invalid("model: each dimension needs bins − 1 cut points"));
        }
        let custom = SegmentsOption::Custom(rfm.segments.clone());
        let segments = SegmentTable::new(Some(&custom), rfm.bins, rfm.direction)?;
        let schema = RuleSchema::new(&model.attributes);
        let compiled = Compiled::new(&mut model.catalogue, &schema)?;
        Ok(Labeler {
            model,
            segments,
            schema,
            compiled,
        })
    }

    /// The model and its compiled parts, for labelling and everything that reads labels.
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            rfm: &self.model.rfm,
            segments: &self.segments,
            catalogue: &self.model.catalogue,
            compiled: &self.compiled,
            schema: &self.schema,
        }
    }

    /// Labels one client.
    pub fn label(&self, facts: &Facts<'_>, out: &mut Labels) {
        self.engine().label(facts, out);
    }
}
