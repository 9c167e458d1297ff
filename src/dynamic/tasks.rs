//! Manager tasks: what a firing or a play asks a person to do, for whom, by when.
//!
//! The assignee comes from the task itself, else from the first assignee rule that holds for
//! the client (a rule of the rule language: `region = "Москва"`, `segment = "Champions"`),
//! else from the default assignee; a task nobody is assigned to stays unassigned, which the
//! CRM shows. Titles may name the client: `{client}` (the name, or the id), `{id}`.

use super::automation::RunContext;
use crate::calendar::{iso, Day};
use crate::criteria::RuleSource;
use crate::error::Error;
use crate::locale::{pick, Lang};
use crate::report::{CsvOptions, CsvWriter, Report};
use serde::{Deserialize, Serialize};

/// A task's urgency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Priority {
    /// Today.
    High,
    /// The default.
    #[default]
    Normal,
    /// When there is time.
    Low,
}

impl Priority {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Priority::High => pick(lang, "high", "высокий"),
            Priority::Normal => pick(lang, "normal", "обычный"),
            Priority::Low => pick(lang, "low", "низкий"),
        }
    }
}

fn one() -> u32 {
    1
}

/// A task to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskSpec {
    /// Title, English (`{client}` and `{id}` are filled in).
    pub title: String,
    /// Title, Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ru: Option<String>,
    /// Who does it (else the assignee rules decide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Days from the firing to the due date. Default 1.
    #[serde(default = "one")]
    pub due_days: u32,
    /// Default `normal`.
    #[serde(default)]
    pub priority: Priority,
}

/// Who gets a client's tasks: the first rule that holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssigneeRule {
    /// Which clients.
    pub when: RuleSource,
    /// The manager.
    pub assignee: String,
}

fn thirty() -> u32 {
    30
}

/// A task for every client whose next action is a play.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlayTask {
    /// The play's key.
    pub play: String,
    /// The task.
    pub task: TaskSpec,
    /// Days before the same client gets this play's task again. Default 30.
    #[serde(default = "thirty")]
    pub every_days: u32,
}

/// How tasks are assigned, and which plays create them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskRules {
    /// Assignee rules, in order.
    #[serde(default)]
    pub assignees: Vec<AssigneeRule>,
    /// The assignee when no rule holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_assignee: Option<String>,
    /// Plays that create tasks.
    #[serde(default)]
    pub plays: Vec<PlayTask>,
}

/// Where a task comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TaskSource {
    /// A trigger's firing.
    Trigger,
    /// A client's next action.
    Play,
}

/// A task for a manager.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// A trigger or a play.
    pub source: TaskSource,
    /// The trigger's or the play's key.
    pub key: String,
    /// The title, filled in.
    pub title: String,
    /// Client id.
    pub client: String,
    /// The client's name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// E-mail, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The manager (empty: unassigned).
    pub assignee: String,
    /// Which rule chose the assignee: `task`, `rule N` (from 1), `default` or `none`.
    pub assigned_by: String,
    /// Due date, `YYYY-MM-DD`.
    pub due: String,
    /// Urgency.
    pub priority: Priority,
    /// Why: the firing's or the play's reason.
    pub reason: String,
}

/// The assignee rules compiled: each rule's rows in the current report.
pub(crate) struct Assigner {
    rules: Vec<(Vec<bool>, String)>,
    default: Option<String>,
}

impl Assigner {
    pub(crate) fn new(rules: &TaskRules, now: &Report) -> Result<Assigner, Error> {
        let mut compiled = Vec::new();
        for r in &rules.assignees {
            let mut rows = vec![false; now.len()];
            for i in now.select(&r.when)?.rows {
                rows[i as usize] = true;
            }
            compiled.push((rows, r.assignee.clone()));
        }
        Ok(Assigner {
            rules: compiled,
            default: rules.default_assignee.clone(),
        })
    }

    /// The assignee of a task for `row`, and which rule chose it.
    fn assign(&self, spec: &TaskSpec, row: u32) -> (String, String) {
        if let Some(a) = &spec.assignee {
            return (a.clone(), "task".into());
        }
        for (k, (rows, who)) in self.rules.iter().enumerate() {
            if rows.get(row as usize).copied().unwrap_or(false) {
                return (who.clone(), format!("rule {}", k + 1));
            }
        }
        match &self.default {
            Some(d) => (d.clone(), "default".into()),
            None => (String::new(), "none".into()),
        }
    }
}

/// The task `spec` asks for client `row`, dated from `day`.
pub(crate) fn make(
    ctx: &RunContext<'_>,
    source: (TaskSource, &str),
    spec: &TaskSpec,
    row: u32,
    day: Day,
    reason: &str,
) -> Task {
    let now = ctx.now;
    let id = now.ids().get(row as usize);
    let profile = now.profile_row(row as usize);
    let name = now.client_name(row as usize).map(str::to_string);
    let title = match ctx.lang {
        Lang::En => &spec.title,
        Lang::Ru => spec.title_ru.as_ref().unwrap_or(&spec.title),
    };
    let title = title
        .replace("{client}", name.as_deref().unwrap_or(id))
        .replace("{id}", id);
    let (assignee, assigned_by) = ctx.assigner.assign(spec, row);
    Task {
        source: source.0,
        key: source.1.to_string(),
        title,
        client: id.to_string(),
        client_name: name,
        email: profile.email,
        phone: profile.phone,
        assignee,
        assigned_by,
        due: iso(day.saturating_add(spec.due_days as Day)),
        priority: spec.priority,
        reason: reason.to_string(),
    }
}

/// Tasks as CSV for import into a CRM: one row per task.
pub fn tasks_csv(tasks: &[Task], lang: Lang, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
    let lang = opts.lang.unwrap_or(lang);
    let mut w = CsvWriter::new(opts)?;
    let head: [&str; 11] = match (lang, opts.header_keys) {
        (Lang::Ru, false) => [
            "Задача",
            "ID клиента",
            "Клиент",
            "E-mail",
            "Телефон",
            "Ответственный",
            "Срок",
            "Приоритет",
            "Источник",
            "Код",
            "Причина",
        ],
        _ => [
            "title",
            "customer_id",
            "name",
            "email",
            "phone",
            "assignee",
            "due",
            "priority",
            "source",
            "key",
            "reason",
        ],
    };
    w.header(&head);
    use crate::criteria::CellSink;
    for t in tasks {
        w.text(&t.title);
        w.text(&t.client);
        w.text(t.client_name.as_deref().unwrap_or(""));
        w.text(t.email.as_deref().unwrap_or(""));
        w.text(t.phone.as_deref().unwrap_or(""));
        w.text(&t.assignee);
        w.exact(&t.due);
        w.text(t.priority.name(lang));
        w.text(match t.source {
            TaskSource::Trigger => pick(lang, "trigger", "триггер"),
            TaskSource::Play => pick(lang, "play", "действие"),
        });
        w.exact(&t.key);
        w.text(&t.reason);
        w.end_row();
    }
    Ok(w.finish())
}
