//! Dynamic segmentation: clients moving between groups, and what a CRM does about it.
//!
//! - [`automate`]: what happened between two reports (the previous run's and the current
//!   one), which [`Trigger`]s fire for which clients given the [`Journal`] (re-entry and
//!   cooldown), the [`Task`]s for managers they and the plays create, and the contacts the
//!   communication plan allows ([`ContactPlan`]: channels per segment, a frequency cap,
//!   quiet hours in the client's time zone). Every firing says why.
//! - [`Pilot`]: an offer tried on a seeded random part of each segment first, and later its
//!   response rate, revenue and uplift over the control group with confidence intervals.
//!
//! Everything here is a pure function of reports and JSON: a CRM keeps the journal and the
//! pilot, and calls these on its own schedule.

mod automation;
mod journal;
mod pilot;
mod plan;
mod tasks;
mod triggers;
mod zone;

pub use automation::{
    automate, Automation, AutomationSpec, FiredAction, Firing, Suppressed, TriggerCount,
};
pub use journal::{Fired, Journal, JOURNAL_VERSION};
pub use pilot::{
    CellResult, GroupResult, Member, Pilot, PilotResult, PilotSpec, Uplift, PILOT_VERSION,
};
pub use plan::{Cap, Contact, ContactPlan, Held, QuietHours, SegmentPlan};
pub use tasks::{
    tasks_csv, AssigneeRule, PlayTask, Priority, Task, TaskRules, TaskSource, TaskSpec,
};
pub use triggers::{EventWait, LabelRef, Then, Trigger, When};
