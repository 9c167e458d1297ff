//! One automation run: triggers fire, firings and plays create tasks, and the communication
//! plan turns actions into contacts; the journal carries what the next run must remember.

use super::journal::Journal;
use super::plan::{Contact, ContactPlan, Held, Planner, Wish};
use super::tasks::{self, Assigner, Task, TaskRules, TaskSource};
use super::triggers::{self, Candidate, Scene, Trigger};
use crate::calendar::{iso, parse_iso, Day};
use crate::criteria::{CellSink, Channel};
use crate::error::Error;
use crate::locale::{pick, Lang};
use crate::report::{CsvOptions, CsvWriter, Report};
use serde::{Deserialize, Serialize};

/// What automation does: its triggers, how tasks are made and assigned, and the
/// communication plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutomationSpec {
    /// Triggers, in order.
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// Tasks.
    #[serde(default)]
    pub tasks: TaskRules,
    /// The communication plan.
    #[serde(default)]
    pub plan: ContactPlan,
    /// On a first run (no earlier report, no journal), look only at days after this date
    /// (`YYYY-MM-DD`); default: every day up to the report's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

impl AutomationSpec {
    /// Reads a spec from JSON; unknown fields are an error naming them.
    pub fn from_json(text: &str) -> Result<AutomationSpec, Error> {
        serde_json::from_str(text).map_err(|e| {
            Error::option(format!("automation: {e}")).ru(format!("настройки автоматизации: {e}"))
        })
    }
}

/// The action a firing asks for.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FiredAction {
    /// The play's key, when the action is a play.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
    /// Channel.
    pub channel: Channel,
    /// Channel name.
    pub channel_name: String,
    /// What to offer or do.
    pub offer: String,
    /// 1 = most urgent.
    pub priority: u8,
}

/// A trigger that fired for a client.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Firing {
    /// The trigger's key.
    pub trigger: String,
    /// Its name in the run's language.
    pub trigger_name: String,
    /// Client id.
    pub client: String,
    /// The client's name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The day the condition happened, `YYYY-MM-DD`.
    pub day: String,
    /// Why it fired, in the run's language.
    pub reason: String,
    /// The status the client gets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<FiredAction>,
    /// The tag to give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The index of its task in [`Automation::tasks`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<u32>,
}

/// A condition that happened and did not fire, with the reason (re-entry or cooldown).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppressed {
    /// The trigger's key.
    pub trigger: String,
    /// Client id.
    pub client: String,
    /// The day the condition happened.
    pub day: String,
    /// Why it did not fire.
    pub reason: String,
}

/// Counts of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerCount {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Firings.
    pub fired: u32,
    /// Held back by re-entry or cooldown.
    pub suppressed: u32,
}

/// The result of [`automate`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Automation {
    /// The language of texts.
    pub lang: Lang,
    /// The run's date (the current report's `asOf`).
    pub as_of: String,
    /// The days looked at start after this date (none: from the start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Per trigger, its firings and suppressions.
    pub triggers: Vec<TriggerCount>,
    /// Every firing, by trigger then client.
    pub firings: Vec<Firing>,
    /// Conditions that did not fire, with their reasons.
    pub suppressed: Vec<Suppressed>,
    /// Tasks for managers.
    pub tasks: Vec<Task>,
    /// Planned contacts, one per client at most.
    pub contacts: Vec<Contact>,
    /// Actions not planned, with their reasons.
    pub held: Vec<Held>,
    /// The journal for the next run.
    pub journal: Journal,
}

/// What the parts of a run share.
pub(crate) struct RunContext<'a> {
    pub now: &'a Report,
    pub lang: Lang,
    pub assigner: Assigner,
}

/// Runs automation: what happened between `before` (the previous run's report, if any) and
/// `now`, what fires given the journal, the tasks and the contacts. Pure: the same inputs
/// give the same result, and running it again with the journal it returned fires nothing
/// twice.
pub fn automate(
    before: Option<&Report>,
    now: &Report,
    spec: &AutomationSpec,
    journal: &Journal,
) -> Result<Automation, Error> {
    journal.check()?;
    triggers::validate(&spec.triggers, now)?;
    let since = match (&spec.since, &journal.as_of) {
        (_, Some(j)) => parse_iso(j),
        (Some(s), None) => Some(parse_iso(s).ok_or_else(|| {
            Error::option(format!(
                "automation: since {s:?} is not a date (YYYY-MM-DD)"
            ))
            .ru(format!("автоматизация: since {s:?} не дата (ГГГГ-ММ-ДД)"))
        })?),
        (None, None) => None,
    };
    let scene = Scene::new(before, now, since);
    let lang = now.lang();
    let ctx = RunContext {
        now,
        lang,
        assigner: Assigner::new(&spec.tasks, now)?,
    };
    let mut out = Automation {
        lang,
        as_of: iso(now.as_of()),
        since: scene.window.since.map(iso),
        triggers: Vec::new(),
        firings: Vec::new(),
        suppressed: Vec::new(),
        tasks: Vec::new(),
        contacts: Vec::new(),
        held: Vec::new(),
        journal: journal.clone(),
    };
    let mut wishes: Vec<Wish> = Vec::new();
    for (k, t) in spec.triggers.iter().enumerate() {
        let mut found = Vec::new();
        triggers::happened(&scene, k, t, &mut found)?;
        fire(&ctx, t, found, &mut out, &mut wishes)?;
    }
    play_tasks(&ctx, spec, &mut out, &mut wishes)?;
    plan_contacts(now, spec, &mut out, wishes)?;
    out.journal.as_of = Some(iso(now.as_of()));
    Ok(out)
}

/// The action a trigger's `then` names: a play of the playbook, or its own.
fn action_of(now: &Report, t: &Trigger, lang: Lang) -> Result<Option<FiredAction>, Error> {
    let then = &t.then;
    let priority = then.priority.unwrap_or(2);
    if let Some(key) = &then.play {
        let plays = &now.model().catalogue.playbook;
        let Some(p) = plays.iter().find(|p| &p.key == key) else {
            let keys: Vec<&str> = plays.iter().map(|p| p.key.as_str()).collect();
            return Err(Error::option(format!(
                "trigger {}: no play {key:?} in the playbook ({})",
                t.key,
                keys.join(", ")
            ))
            .ru(format!(
                "триггер {}: в плейбуке нет действия {key:?} ({})",
                t.key,
                keys.join(", ")
            )));
        };
        return Ok(Some(FiredAction {
            play: Some(key.clone()),
            channel: then.channel.unwrap_or(p.channel),
            channel_name: then.channel.unwrap_or(p.channel).name(lang).to_string(),
            offer: p.offer_in(lang).to_string(),
            priority: then.priority.unwrap_or(p.priority.min(2)),
        }));
    }
    let text = match lang {
        Lang::En => then.action.as_deref(),
        Lang::Ru => then.action_ru.as_deref().or(then.action.as_deref()),
    };
    Ok(text.map(|a| {
        let channel = then.channel.unwrap_or(Channel::Email);
        FiredAction {
            play: None,
            channel,
            channel_name: channel.name(lang).to_string(),
            offer: a.to_string(),
            priority,
        }
    }))
}

/// Turns one trigger's conditions into firings (or suppressions), with their tasks.
fn fire(
    ctx: &RunContext<'_>,
    t: &Trigger,
    mut found: Vec<Candidate>,
    out: &mut Automation,
    wishes: &mut Vec<Wish>,
) -> Result<(), Error> {
    let (now, lang) = (ctx.now, ctx.lang);
    found.sort_by_key(|c| (c.row, c.day));
    // One firing per client and run: the earliest condition in the window.
    found.dedup_by_key(|c| c.row);
    let action = action_of(now, t, lang)?;
    let mut count = TriggerCount {
        key: t.key.clone(),
        name: t.name_in(lang).to_string(),
        fired: 0,
        suppressed: 0,
    };
    for c in found {
        let id = now.ids().get(c.row as usize);
        match triggers::held_back(t, id, c.day, &out.journal, lang) {
            Err(()) => continue,
            Ok(Some(reason)) => {
                count.suppressed += 1;
                out.suppressed.push(Suppressed {
                    trigger: t.key.clone(),
                    client: id.to_string(),
                    day: iso(c.day),
                    reason: format!("{}; {reason}", c.reason),
                });
                continue;
            }
            Ok(None) => {}
        }
        out.journal.record_firing(&t.key, id, c.day);
        count.fired += 1;
        let task = t.then.task.as_ref().map(|spec| {
            out.tasks.push(tasks::make(
                ctx,
                (TaskSource::Trigger, &t.key),
                spec,
                c.row,
                now.as_of().max(c.day),
                &c.reason,
            ));
            (out.tasks.len() - 1) as u32
        });
        if let Some(a) = &action {
            wishes.push(Wish {
                row: c.row,
                priority: a.priority,
                from_trigger: true,
                key: t.key.clone(),
                channel: a.channel,
                offer: a.offer.clone(),
                reason: format!("{}: {}", t.name_in(lang), c.reason),
            });
        }
        out.firings.push(Firing {
            trigger: t.key.clone(),
            trigger_name: t.name_in(lang).to_string(),
            client: id.to_string(),
            client_name: now.client_name(c.row as usize).map(str::to_string),
            day: iso(c.day),
            reason: c.reason,
            status: t.status_in(lang).map(str::to_string),
            action: action.clone(),
            tag: t.then.tag.clone(),
            task,
        });
    }
    out.triggers.push(count);
    Ok(())
}

/// Tasks of plays, and the plays as contact wishes.
fn play_tasks(
    ctx: &RunContext<'_>,
    spec: &AutomationSpec,
    out: &mut Automation,
    wishes: &mut Vec<Wish>,
) -> Result<(), Error> {
    let now = ctx.now;
    let plays = &now.model().catalogue.playbook;
    for pt in &spec.tasks.plays {
        if !plays.iter().any(|p| p.key == pt.play) {
            return Err(Error::option(format!(
                "tasks.plays: no play {:?} in the playbook",
                pt.play
            ))
            .ru(format!(
                "tasks.plays: в плейбуке нет действия {:?}",
                pt.play
            )));
        }
    }
    let column = &now.columns().labels.playbook;
    let day = now.as_of();
    for row in 0..now.len() {
        let Some(p) = column
            .get(row)
            .and_then(|&p| plays.get(usize::try_from(p).ok()?))
        else {
            continue;
        };
        let reason = format!(
            "{}: {}",
            pick(ctx.lang, "next action", "следующее действие"),
            p.name_in(ctx.lang)
        );
        let id = now.ids().get(row);
        for pt in spec.tasks.plays.iter().filter(|pt| pt.play == p.key) {
            let key = format!("play:{}", pt.play);
            let due = match out.journal.fired(&key, id) {
                Some((last, _)) => last.saturating_add(pt.every_days as Day) <= day && last != day,
                None => true,
            };
            if due {
                out.journal.record_firing(&key, id, day);
                out.tasks.push(tasks::make(
                    ctx,
                    (TaskSource::Play, &p.key),
                    &pt.task,
                    row as u32,
                    day,
                    &reason,
                ));
            }
        }
        if spec.plan.playbook {
            wishes.push(Wish {
                row: row as u32,
                priority: p.priority,
                from_trigger: false,
                key: p.key.clone(),
                channel: p.channel,
                offer: p.offer_in(ctx.lang).to_string(),
                reason,
            });
        }
    }
    Ok(())
}

/// Each client's contact from its wishes, keeping the cap.
fn plan_contacts(
    now: &Report,
    spec: &AutomationSpec,
    out: &mut Automation,
    mut wishes: Vec<Wish>,
) -> Result<(), Error> {
    let planner = Planner::new(&spec.plan, now)?;
    let today = now.as_of();
    let lang = now.lang();
    wishes.sort_by_key(|w| w.row);
    let cols = now.columns();
    let mut start = 0;
    while start < wishes.len() {
        let row = wishes[start].row;
        let end = start + wishes[start..].iter().take_while(|w| w.row == row).count();
        let id = now.ids().get(row as usize).to_string();
        let mut past = out.journal.contacts_of(&id);
        if let Some(d) = last_contact(now, row as usize) {
            past.push(d);
            past.sort_unstable();
        }
        let _ = cols;
        if let Some(c) =
            planner.plan_client(&mut wishes[start..end], &past, today, lang, &mut out.held)
        {
            if let Some(d) = parse_iso(&c.date) {
                out.journal
                    .record_contact(&id, d, spec.plan.cap.contacts.max(1) as usize);
            }
            out.contacts.push(c);
        }
        start = end;
    }
    Ok(())
}

/// The clients table's last contact day of `row`.
fn last_contact(now: &Report, row: usize) -> Option<Day> {
    let f = now.client_facts(row);
    f.days_since_contact.map(|d| now.as_of() - d as Day)
}

/// The counts of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomationSummary {
    /// The run's date.
    pub as_of: String,
    /// The days looked at start after this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Per trigger, its firings and suppressions.
    pub triggers: Vec<TriggerCount>,
    /// Firings.
    pub firings: u32,
    /// Conditions held back.
    pub suppressed: u32,
    /// Tasks.
    pub tasks: u32,
    /// Contacts planned.
    pub contacts: u32,
    /// Contacts postponed by the cap.
    pub postponed: u32,
    /// Actions not planned.
    pub held: u32,
}

impl Automation {
    /// The counts of the run.
    pub fn summary(&self) -> AutomationSummary {
        AutomationSummary {
            as_of: self.as_of.clone(),
            since: self.since.clone(),
            triggers: self.triggers.clone(),
            firings: self.firings.len() as u32,
            suppressed: self.suppressed.len() as u32,
            tasks: self.tasks.len() as u32,
            contacts: self.contacts.len() as u32,
            postponed: self
                .contacts
                .iter()
                .filter(|c| c.postponed_from.is_some())
                .count() as u32,
            held: self.held.len() as u32,
        }
    }

    /// The firings as CSV: one row per firing.
    pub fn firings_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let head: [&str; 9] = match (lang, opts.header_keys) {
            (Lang::Ru, false) => [
                "Триггер",
                "Название",
                "ID клиента",
                "Клиент",
                "Дата",
                "Причина",
                "Статус",
                "Действие",
                "Тег",
            ],
            _ => [
                "trigger",
                "trigger_name",
                "customer_id",
                "name",
                "day",
                "reason",
                "status",
                "action",
                "tag",
            ],
        };
        w.header(&head);
        for f in &self.firings {
            w.exact(&f.trigger);
            w.text(&f.trigger_name);
            w.text(&f.client);
            w.text(f.client_name.as_deref().unwrap_or(""));
            w.exact(&f.day);
            w.text(&f.reason);
            w.text(f.status.as_deref().unwrap_or(""));
            w.text(f.action.as_ref().map_or("", |a| a.offer.as_str()));
            w.text(f.tag.as_deref().unwrap_or(""));
            w.end_row();
        }
        Ok(w.finish())
    }

    /// The tasks as CSV for import into a CRM.
    pub fn tasks_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        tasks::tasks_csv(&self.tasks, self.lang, opts)
    }

    /// The planned contacts as CSV (for a mailing tool or a call list).
    pub fn contacts_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let head: [&str; 11] = match (lang, opts.header_keys) {
            (Lang::Ru, false) => [
                "ID клиента",
                "Клиент",
                "Канал",
                "Адрес",
                "Дата",
                "Местное время",
                "UTC",
                "Часовой пояс",
                "Предложение",
                "Код",
                "Причины",
            ],
            _ => [
                "customer_id",
                "name",
                "channel",
                "address",
                "date",
                "local_time",
                "utc",
                "zone",
                "offer",
                "key",
                "reasons",
            ],
        };
        w.header(&head);
        for c in &self.contacts {
            w.text(&c.client);
            w.text(c.client_name.as_deref().unwrap_or(""));
            w.text(&c.channel_name);
            match (&c.address, opts.mailing) {
                (Some(a), true) => w.exact(a),
                (Some(a), false) => w.text(a),
                (None, _) => w.empty(),
            }
            w.exact(&c.date);
            w.exact(&c.local_time);
            w.exact(&c.utc);
            w.exact(&c.zone);
            w.text(&c.offer);
            w.exact(&c.key);
            w.text(&c.reasons.join("; "));
            w.end_row();
        }
        Ok(w.finish())
    }
}
