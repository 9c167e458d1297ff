//! `segmenta mark`: tags and manual segments set by hand in a saved state.

use super::{arg, read, write_atomically, Say};
use segmenta::{Lang, Mark, MarkEdit, MarksSummary};
use std::fmt::Write as _;

const HELP: &str = "\
usage: segmenta mark STATE.bin --ids ID,ID,... (--tag TEXT | --segment TEXT)...
                     [--remove] [--out STATE.bin] [--lang en|ru]
  assign a tag or a manual segment to the clients of the ids (with --remove: take it
  away; a mark of the clients table is hidden), print the tags and manual segments with
  their clients, and save the state (over STATE.bin unless --out names another file; the
  file is replaced whole, never left half written). Rules read the marks as the fields
  tags and manual_segments; later updates of the state keep them. Text is trimmed and
  compared without case; an id of no client is an error and nothing is changed.
";

const HELP_RU: &str = "\
использование: segmenta mark СОСТОЯНИЕ.bin --ids ID,ID,... (--tag ТЕКСТ | --segment ТЕКСТ)...
                             [--remove] [--out СОСТОЯНИЕ.bin] [--lang en|ru]
  поставить клиентам с этими id тег или ручной сегмент (с --remove — снять; метка из
  таблицы клиентов скрывается), вывести теги и ручные сегменты с числом клиентов и
  сохранить состояние (поверх СОСТОЯНИЯ, если --out не называет другой файл; файл
  заменяется целиком и не остаётся записанным наполовину). Правила видят метки в полях
  tags и manual_segments; последующие обновления состояния их сохраняют. Текст
  обрезается по краям и сравнивается без учёта регистра; id, которого нет среди
  клиентов, — ошибка, и ничего не меняется.
";

/// Every value of `name` in `args`.
fn values(args: &[String], name: &str) -> Vec<String> {
    args.windows(2)
        .filter(|w| w[0] == name)
        .map(|w| w[1].clone())
        .collect()
}

/// `segmenta mark STATE.bin --ids 1,2,3 --tag vip [--segment TEXT] [--remove]`.
pub(super) fn mark(args: &[String]) -> Result<(), String> {
    let lang = match arg(args, "--lang").as_deref() {
        Some("ru") => Lang::Ru,
        _ => Lang::En,
    };
    let say = Say { lang };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{}", say.pick(HELP, HELP_RU));
        return Ok(());
    }
    let path = args.get(1).filter(|p| !p.starts_with("--"));
    let ids: Vec<String> = values(args, "--ids")
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let marks: Vec<Mark> = values(args, "--tag")
        .into_iter()
        .map(Mark::tag)
        .chain(values(args, "--segment").into_iter().map(Mark::segment))
        .collect();
    let (Some(path), false, false) = (path, ids.is_empty(), marks.is_empty()) else {
        return Err(say
            .pick(
                "a state file, --ids and --tag or --segment are needed (segmenta mark --help)",
                "нужны файл состояния, --ids и --tag или --segment (segmenta mark --help --lang ru)",
            )
            .into());
    };
    let remove = args.iter().any(|a| a == "--remove");
    let report = segmenta::from_state(&read(path)?, None).map_err(|e| e.text(lang))?;
    let edits: Vec<MarkEdit> = marks
        .into_iter()
        .map(|mark| MarkEdit {
            ids: ids.clone(),
            mark,
            remove,
        })
        .collect();
    let marked = report.mark(&edits).map_err(|e| e.text(lang))?;
    let out = arg(args, "--out").unwrap_or_else(|| path.clone());
    let state = marked.state().map_err(|e| e.text(lang))?;
    write_atomically(&out, &state)?;
    print!("{}", marks_text(&marked.marks_summary(), say));
    match say.ru() {
        true => eprintln!(
            "записано состояние {out}: {} байт",
            say.count(state.len() as u64)
        ),
        false => eprintln!(
            "wrote the state {out}: {} bytes",
            say.count(state.len() as u64)
        ),
    }
    Ok(())
}

/// The tags and manual segments with their clients, revenue and source.
fn marks_text(s: &MarksSummary, say: Say) -> String {
    let mut out = String::new();
    let groups = [
        (say.pick("tags", "теги"), &s.tags),
        (say.pick("manual segments", "ручные сегменты"), &s.segments),
    ];
    for (title, list) in groups {
        let _ = writeln!(out, "{title}:");
        if list.is_empty() {
            let _ = writeln!(out, "  {}", say.pick("none", "нет"));
        }
        for m in list {
            let source = match m.source {
                segmenta::MarkSource::Table => say.pick("clients table", "таблица клиентов"),
                segmenta::MarkSource::Manual => say.pick("by hand", "вручную"),
                segmenta::MarkSource::Both => {
                    say.pick("clients table and by hand", "таблица клиентов и вручную")
                }
            };
            let _ = writeln!(
                out,
                "  {:<24} {}: {:>8}  {:>14} ({source})",
                m.name,
                say.pick("clients", "клиентов"),
                say.count(m.clients),
                say.money(m.revenue),
            );
        }
    }
    out
}
