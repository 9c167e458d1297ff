//! Reading transactions: bytes in, per-client accumulators and the audit out.
//!
//! The pipeline, in the order a byte meets it:
//!
//! 1. [`sniff`] looks at the first [`SNIFF_BYTES`]: encoding ([`charset`]), delimiter,
//!    header, the role of each column, the date and number formats;
//! 2. [`plan`] resolves the columns to read from the sniff and the options;
//! 3. [`reader`] streams chunks of any size: the encoding is converted (UTF-8 is read in
//!    place) and [`records`] splits records;
//! 4. [`rows`] checks each record step by step (shape, client, date, amount, date order,
//!    duplicates, order ids in [`orders`]) and either counts it under an issue in the
//!    [`audit`] or adds it to its client's accumulators ([`accumulate`]), with client ids
//!    interned once ([`interner`]) and bounded histories ([`window`]);
//! 5. at the end, clients sharing a contact are merged ([`contacts`]) and late rows that
//!    contradict a format assumed from the first ones fail with the fix ([`evidence`]), as
//!    does a quote opened and never closed ([`quotes`]).
//!
//! [`fields`] feeds rows given as fields (a CRM's rows in memory) to the same [`rows`]
//! checks, with no bytes to split. [`range`] is the same reader on one byte range of a file read in several at once. The
//! clients table (attributes, tags, statuses) is read by [`clients`].

pub(crate) mod accumulate;
pub(crate) mod audit;
pub(crate) mod bytes;
pub(crate) mod categories;
pub(crate) mod charset;
pub(crate) mod clients;
pub(crate) mod codec;
pub(crate) mod contact_text;
pub(crate) mod contacts;
pub(crate) mod dates;
pub(crate) mod events;
pub(crate) mod evidence;
pub(crate) mod fields;
pub(crate) mod gaps;
pub(crate) mod interner;
pub(crate) mod numbers;
pub(crate) mod options;
pub(crate) mod orders;
pub(crate) mod plan;
pub(crate) mod profile;
pub(crate) mod quotes;
pub(crate) mod range;
pub(crate) mod reader;
pub(crate) mod records;
pub(crate) mod rows;
mod side;
pub(crate) mod sniff;
pub(crate) mod state;
pub(crate) mod status;
pub(crate) mod window;

pub use audit::{Audit, IssueExample, IssueGroup, RejectedRow};
pub use clients::ClientColumns;
pub(crate) use clients::ClientsTable;
pub use events::{
    EventColumns, EventKind, EventReject, EventsAudit, KindCount, RejectedEvent, UnknownType,
    EVENT_KINDS,
};
pub use fields::{Fields, Table};
pub(crate) use gaps::Gaps;
pub use options::{
    BadRowPolicy, CancelledPolicy, ClientIdMode, ColumnMapping, ColumnRef, DuplicatePolicy,
    HeaderRow, MergeKey, ReadOptions, ReturnPolicy,
};
pub use range::Partial;
pub use reader::Progress;
pub(crate) use reader::{Aggregates, Ingest};
pub(crate) use sniff::SNIFF_BYTES;
pub use sniff::{ColumnType, Role, Sniff, SniffedColumn};
pub(crate) use state::Resumed;
