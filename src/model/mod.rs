//! The fitted model: everything needed to label one client, JSON-serialisable, small and
//! versioned; the [`Labeler`] that compiles it; the [`Scorer`] that labels one client from
//! its own figures, e.g. in an edge function at request time.
//!
//! The batch fits what depends on all clients (quantile cut points, ABC and tier
//! thresholds) into a [`Model`]; every label of a client then follows from that model and
//! the client's own facts alone. Because the scorer runs the same labelling with the same
//! model, it reproduces every label of the batch.

mod labeler;
mod scorer;

pub use labeler::Labeler;
pub use scorer::{
    AttributeValue, CategoryInput, ClientInput, EventInput, ScoreOptions, ScoreResult, Scorer,
    STALE_AFTER_DAYS,
};

use crate::criteria::{AttributeDef, Catalogue, RfmModel};
use crate::locale::Lang;
use serde::{Deserialize, Serialize};

/// Version of the model format.
pub const MODEL_VERSION: u32 = 2;

/// Everything needed to label one client: JSON-serialisable, small, versioned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// Format version.
    pub version: u32,
    /// Analysis date, `YYYY-MM-DD`.
    pub as_of: String,
    /// RFM: levels, direction, monetary mode, cut points and segment rules.
    #[serde(flatten)]
    pub rfm: RfmModel,
    /// What every catalogue criterion learnt (`abc`, `xyz`, `lifecycle`, …).
    #[serde(flatten)]
    pub catalogue: Catalogue,
    /// Clients-table attributes, in schema order.
    pub attributes: Vec<AttributeDef>,
    /// Language of names.
    pub lang: Lang,
    /// What predicts a client's P(alive), purchases, order value and CLV (with the `clv`
    /// option, unless the data cannot support the models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clv: Option<crate::clv::ClvModel>,
}
