//! `segmenta automate` (triggers, tasks, contacts and the journal between runs), `segmenta
//! pilot` (a test/control split) and `segmenta pilot-result` (what the pilot did).

use super::{arg, joined_events, options, read, read_table, write_atomically, Say};
use segmenta::dynamic::{automate as run, Automation, AutomationSpec, Journal, Pilot, PilotSpec};
use segmenta::{CsvOptions, Options, Report};
use std::fmt::Write as _;

/// One of a run's CSV exports.
type CsvOf = fn(&Automation, &CsvOptions) -> Result<Vec<u8>, segmenta::Error>;

/// FILE analysed with `opts` (and the clients table of `--clients`).
fn report_of(args: &[String], opts: &Options) -> Result<Report, String> {
    let file = args.get(1).ok_or("FILE is missing")?;
    let data = read_table(file, arg(args, "--sheet"), opts.lang)?;
    let clients = match arg(args, "--clients") {
        Some(p) => Some(read_table(&p, arg(args, "--clients-sheet"), opts.lang)?),
        None => None,
    };
    let report = segmenta::analyze_with_clients(&data, clients.as_deref(), opts)
        .map_err(|e| e.text(opts.lang))?;
    joined_events(args, report)
}

/// The current report (as of `--as-of` when given) and the previous run's: FILE as of
/// `--before-as-of`, or `--before-days` days earlier, or the report of `--before-state`.
fn reports(args: &[String]) -> Result<(Option<Report>, Report), String> {
    let mut opts = options(args)?;
    if let Some(d) = arg(args, "--as-of") {
        opts.read.as_of = Some(d);
    }
    let now = report_of(args, &opts)?;
    if let Some(path) = arg(args, "--before-state") {
        let b = segmenta::from_state(&read(&path)?, None).map_err(|e| e.text(opts.lang))?;
        return Ok((Some(b), now));
    }
    let as_of = match (arg(args, "--before-as-of"), arg(args, "--before-days")) {
        (Some(d), _) => Some(d),
        (None, Some(n)) => {
            let n: i32 = n.parse().map_err(|_| "--before-days: a number of days")?;
            Some(segmenta::calendar::iso(now.as_of() - n))
        }
        (None, None) => None,
    };
    let Some(as_of) = as_of else {
        return Ok((None, now));
    };
    let mut o = opts.clone();
    o.read.as_of = Some(as_of);
    Ok((Some(report_of(args, &o)?), now))
}

/// `segmenta automate FILE --spec SPEC.json [--journal J.json] [...]`.
pub(super) fn automate(args: &[String]) -> Result<(), String> {
    let (before, now) = reports(args)?;
    let lang = now.lang();
    let say = Say { lang };
    let spec_path = arg(args, "--spec").ok_or(say.pick("--spec is missing", "нет --spec"))?;
    let spec_text =
        String::from_utf8(read(&spec_path)?).map_err(|_| format!("{spec_path}: not UTF-8"))?;
    let spec = AutomationSpec::from_json(&spec_text).map_err(|e| e.text(lang))?;
    let journal_path = arg(args, "--journal");
    let journal = match &journal_path {
        Some(p) if std::path::Path::new(p).exists() => {
            let text = String::from_utf8(read(p)?).map_err(|_| format!("{p}: not UTF-8"))?;
            Journal::from_json(&text).map_err(|e| e.text(lang))?
        }
        _ => Journal::default(),
    };
    let result = run(before.as_ref(), &now, &spec, &journal).map_err(|e| e.text(lang))?;
    print!("{}", text(&result, say));
    let csv = CsvOptions::excel(lang);
    let outputs: [(&str, CsvOf); 3] = [
        ("--tasks", Automation::tasks_csv),
        ("--contacts", Automation::contacts_csv),
        ("--firings", Automation::firings_csv),
    ];
    for (flag, write) in outputs {
        if let Some(out) = arg(args, flag) {
            let bytes = write(&result, &csv).map_err(|e| e.text(lang))?;
            std::fs::write(&out, bytes).map_err(|e| format!("{out}: {e}"))?;
            eprintln!("{} {out}", say.pick("wrote", "записан"));
        }
    }
    if let Some(p) = journal_path {
        let json = serde_json::to_string_pretty(&result.journal).map_err(|e| e.to_string())?;
        write_atomically(&p, json.as_bytes())?;
        eprintln!("{} {p}", say.pick("wrote the journal", "записан журнал"));
    }
    Ok(())
}

/// A run in words: per trigger its firings, then each firing with its reason, the tasks and
/// the contacts.
fn text(a: &Automation, say: Say) -> String {
    let mut out = String::new();
    let s = a.summary();
    let since = s.since.as_deref().map(|d| say.date(d));
    let _ = writeln!(
        out,
        "{} {}{}",
        say.pick("Automation as of", "Автоматизация на"),
        say.date(&s.as_of),
        since.map_or(String::new(), |d| format!(
            " ({} {d})",
            say.pick("since", "после")
        ))
    );
    for t in &s.triggers {
        let _ = writeln!(
            out,
            "  {:<32} {} {}, {} {}",
            t.name,
            say.pick("fired", "сработал"),
            say.count(t.fired as u64),
            say.pick("held back", "задержан"),
            say.count(t.suppressed as u64)
        );
    }
    for f in &a.firings {
        let status = f
            .status
            .as_deref()
            .map_or(String::new(), |s| format!(" → {s}"));
        let _ = writeln!(
            out,
            "  [{}] {} {}{status}: {}",
            f.trigger,
            f.client,
            say.date(&f.day),
            f.reason
        );
    }
    let _ = writeln!(
        out,
        "{} {}",
        say.pick("Tasks:", "Задачи:"),
        say.count(s.tasks as u64)
    );
    for t in &a.tasks {
        let who = if t.assignee.is_empty() {
            say.pick("unassigned", "не назначена")
        } else {
            &t.assignee
        };
        let _ = writeln!(
            out,
            "  {} — {who}, {} {}, {}",
            t.title,
            say.pick("due", "срок"),
            say.date(&t.due),
            t.priority.name(say.lang)
        );
    }
    let _ = writeln!(
        out,
        "{} {} ({} {})",
        say.pick("Contacts:", "Касания:"),
        say.count(s.contacts as u64),
        say.pick("postponed by the cap", "перенесены из-за лимита"),
        say.count(s.postponed as u64)
    );
    out
}

fn pilot_spec(args: &[String], lang: segmenta::Lang) -> Result<PilotSpec, String> {
    let path = arg(args, "--spec").ok_or("--spec is missing")?;
    let text = String::from_utf8(read(&path)?).map_err(|_| format!("{path}: not UTF-8"))?;
    serde_json::from_str(&text).map_err(|e| match lang {
        segmenta::Lang::Ru => format!("{path}: пилот не читается: {e}"),
        segmenta::Lang::En => format!("{path}: pilot: {e}"),
    })
}

/// `segmenta pilot FILE --spec PILOT.json --out PILOT.json [--test-csv OUT.csv]`.
pub(super) fn pilot(args: &[String]) -> Result<(), String> {
    let mut opts = options(args)?;
    if let Some(d) = arg(args, "--as-of") {
        opts.read.as_of = Some(d);
    }
    let r = report_of(args, &opts)?;
    let say = Say { lang: r.lang() };
    let spec = pilot_spec(args, r.lang())?;
    let p = Pilot::new(&r, &spec).map_err(|e| e.text(r.lang()))?;
    let out = arg(args, "--out").ok_or(say.pick("--out is missing", "нет --out"))?;
    let json = serde_json::to_string_pretty(&p).map_err(|e| e.to_string())?;
    write_atomically(&out, json.as_bytes())?;
    let tests = p.members.iter().filter(|m| m.test).count();
    println!(
        "{} {}: {} {}, {} {}, {} {}",
        say.pick("Pilot", "Пилот"),
        spec.name,
        say.pick("test", "тест"),
        say.count(tests as u64),
        say.pick("control", "контроль"),
        say.count((p.members.len() - tests) as u64),
        say.pick("start", "начало"),
        say.date(&p.start)
    );
    if let Some(csv) = arg(args, "--test-csv") {
        let bytes = p
            .test_csv(&r, &CsvOptions::excel(r.lang()))
            .map_err(|e| e.text(r.lang()))?;
        std::fs::write(&csv, bytes).map_err(|e| format!("{csv}: {e}"))?;
        eprintln!("{} {csv}", say.pick("wrote", "записан"));
    }
    Ok(())
}

/// `segmenta pilot-result PILOT.json FILE`: the response and revenue uplift per segment and
/// channel.
pub(super) fn pilot_result(args: &[String]) -> Result<(), String> {
    let path = args.get(1).ok_or("PILOT.json is missing")?;
    let text = String::from_utf8(read(path)?).map_err(|_| format!("{path}: not UTF-8"))?;
    let mut opts = options(args)?;
    let p = Pilot::from_json(&text).map_err(|e| e.text(opts.lang))?;
    if let Some(d) = arg(args, "--as-of") {
        opts.read.as_of = Some(d);
    }
    let rest: Vec<String> = args[1..].to_vec();
    let later = report_of(&rest, &opts)?;
    let say = Say { lang: later.lang() };
    let r = p.evaluate(&later).map_err(|e| e.text(later.lang()))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {} → {} ({} {})",
        say.pick("Pilot", "Пилот"),
        r.name,
        say.date(&r.start),
        say.date(&r.until),
        say.count(r.days as u64),
        say.pick("days", "дн.")
    );
    let line = |out: &mut String, c: &segmenta::dynamic::CellResult| {
        let name = match (c.segment.as_str(), c.channel) {
            ("", _) => say.pick("all", "все").to_string(),
            (s, Some(ch)) => format!("{s} / {}", ch.name(say.lang)),
            (s, None) => s.to_string(),
        };
        let _ = writeln!(
            out,
            "  {name:<36} {} {}/{} {} {}/{} {} {}: {}",
            say.pick("test", "тест"),
            say.count(c.test.responders as u64),
            say.count(c.test.clients as u64),
            say.pick("control", "контроль"),
            say.count(c.control.responders as u64),
            say.count(c.control.clients as u64),
            say.pick("revenue per client +", "выручка на клиента +"),
            say.money(c.revenue_uplift.value),
            c.verdict
        );
    };
    line(&mut out, &r.overall);
    for c in r.segments.iter().chain(&r.cells) {
        line(&mut out, c);
    }
    print!("{out}");
    Ok(())
}
