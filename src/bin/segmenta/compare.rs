//! `segmenta compare`: who moved between two files, or between one file some days before
//! its last date and now.

use super::{arg, options, read_table, Say};
use segmenta::{Comparison, CsvOptions, Flow, Report};
use std::fmt::Write as _;

/// The two reports: OLD and NEW, or FILE as of `--as-of` (or `--days` before its last date)
/// and FILE whole.
fn reports(args: &[String]) -> Result<(Report, Report), String> {
    let first = args.get(1).ok_or("FILE is missing")?;
    let second = args.get(2).filter(|a| !a.starts_with("--"));
    let opts = options(args)?;
    let analyze = |path: &str, o: &segmenta::Options| {
        let data = read_table(path, arg(args, "--sheet"), o.lang)?;
        segmenta::analyze(&data, o).map_err(|e| e.text(o.lang))
    };
    let after = analyze(second.unwrap_or(first), &opts)?;
    let as_of = match (arg(args, "--as-of"), arg(args, "--days")) {
        (Some(d), _) => Some(d),
        (None, Some(n)) => {
            let n: i32 = n.parse().map_err(|_| "--days: a number of days")?;
            let last = after.summary().last_date.ok_or("the file has no orders")?;
            let day = segmenta::calendar::parse_iso(&last).ok_or("no last date")?;
            Some(segmenta::calendar::iso(day - n))
        }
        (None, None) => None,
    };
    if second.is_none() && as_of.is_none() {
        return Err("compare OLD NEW, or FILE --days N or --as-of YYYY-MM-DD".into());
    }
    let mut o = opts.clone();
    o.read.as_of = as_of;
    let before = analyze(first, &o)?;
    Ok((before, after))
}

pub(super) fn compare(args: &[String]) -> Result<(), String> {
    let (before, after) = reports(args)?;
    let c = Report::compare(&before, &after);
    let say = Say { lang: c.lang() };
    if let Some(out) = arg(args, "--export") {
        return export(&c, args, &out, say);
    }
    let only = arg(args, "--criterion");
    let mut text = String::new();
    for f in c.flows() {
        if only.as_deref().is_some_and(|k| k != f.criterion) {
            continue;
        }
        text.push_str(&flow_text(&c, f, say));
    }
    print!("{text}");
    Ok(())
}

/// One criterion: its counts, the matrix (rows before, numbered columns after) and the
/// paths with their revenue.
fn flow_text(c: &Comparison, f: &Flow, say: Say) -> String {
    let mut out = String::new();
    let date = |d| say.date(&segmenta::calendar::iso(d));
    let _ = writeln!(
        out,
        "\n{} ({} → {})",
        f.name,
        date(c.before_as_of()),
        date(c.after_as_of())
    );
    let k = f.counts;
    let n = |v: u32| say.count(v as u64);
    let _ = writeln!(
        out,
        "  {} {}, {} {}, {} {}, {} {}, {} {}{}; {} {}",
        say.pick("moved up", "выросли"),
        n(k.up),
        say.pick("stayed", "без изменений"),
        n(k.stayed),
        say.pick("moved down", "снизились"),
        n(k.down),
        say.pick("new", "новые"),
        n(k.new),
        say.pick("gone", "выбыли"),
        n(k.lost),
        match k.changed {
            0 => String::new(),
            ch => format!(", {} {}", say.pick("changed", "сменили"), n(ch)),
        },
        say.pick("valuable → risky", "из ценных в зону риска"),
        n(k.valuable_to_risky)
    );
    let used = |side: fn(&segmenta::Path) -> u8| {
        let mut v: Vec<u8> = f.paths.iter().map(side).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (rows, cols) = (used(|p| p.from), used(|p| p.to));
    let _ = write!(
        out,
        "  {:<28}",
        say.pick("before \\ after", "было \\ стало")
    );
    for (i, _) in cols.iter().enumerate() {
        let _ = write!(out, " {:>8}", i + 1);
    }
    out.push('\n');
    for &r in &rows {
        let _ = write!(out, "  {:<28}", short(&f.labels[r as usize].name, 28));
        for &t in &cols {
            let cell = f.paths.iter().find(|p| p.from == r && p.to == t);
            let _ = write!(out, " {:>8}", cell.map_or(String::new(), |p| n(p.clients)));
        }
        out.push('\n');
    }
    let legend: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, &t)| format!("{} {}", i + 1, f.labels[t as usize].name))
        .collect();
    let _ = writeln!(
        out,
        "  {}: {}",
        say.pick("columns", "столбцы"),
        legend.join(", ")
    );
    out.push_str(&path_lines(f, say));
    out
}

/// The paths that changed label, most clients first: clients, revenue before and after.
fn path_lines(f: &Flow, say: Say) -> String {
    let mut moved: Vec<&segmenta::Path> = f.paths.iter().filter(|p| p.from != p.to).collect();
    moved.sort_by_key(|p| std::cmp::Reverse(p.clients));
    let mut out = String::new();
    for p in moved.iter().take(12) {
        let (a, b) = (
            &f.labels[p.from as usize].name,
            &f.labels[p.to as usize].name,
        );
        let _ = writeln!(
            out,
            "  {:<44} {:>8}  {} {} → {} ({}){}",
            format!("{a} → {b}"),
            say.count(p.clients as u64),
            say.pick("revenue", "выручка"),
            say.money(p.revenue_before),
            say.money(p.revenue_after),
            p.movement.name(say.lang),
            if p.valuable_to_risky { " !" } else { "" }
        );
    }
    out
}

fn short(s: &str, n: usize) -> String {
    match s.chars().count() > n {
        true => s.chars().take(n - 1).chain(['…']).collect(),
        false => s.to_string(),
    }
}

/// Writes the clients of one path (`--from`, `--to`) or of every path from a valuable label
/// to a risky one (`--valuable-to-risky`) of `--criterion` (default rfm) as CSV.
fn export(c: &Comparison, args: &[String], out: &str, say: Say) -> Result<(), String> {
    let key = arg(args, "--criterion").unwrap_or_else(|| "rfm".into());
    let f = c
        .flow(&key)
        .ok_or_else(|| format!("--criterion: no criterion \"{key}\" to compare"))?;
    let clients = if args.iter().any(|a| a == "--valuable-to-risky") {
        c.valuable_to_risky(&key).unwrap_or_default()
    } else {
        let label = |name: &str| {
            let v = arg(args, name).ok_or(format!("{name} is missing (or --valuable-to-risky)"))?;
            f.label(&v)
                .ok_or(format!("{name}: \"{v}\" is no label of {key}"))
        };
        let (from, to) = (label("--from")?, label("--to")?);
        c.clients_on(&key, from, to).unwrap_or_default()
    };
    let csv = c
        .csv(&key, &clients, &CsvOptions::excel(c.lang()))
        .map_err(|e| e.text(c.lang()))?;
    std::fs::write(out, csv).map_err(|e| format!("{out}: {e}"))?;
    match say.ru() {
        true => eprintln!(
            "записан {out}: клиентов {}",
            say.count(clients.len() as u64)
        ),
        false => eprintln!("wrote {out}: {} clients", clients.len()),
    }
    Ok(())
}

/// Times [`Report::compare`] of FILE `--days` (default 30) before its last date against
/// FILE whole: the median of `--reps` runs.
pub(super) fn bench(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    if arg(&args, "--days").is_none() && arg(&args, "--as-of").is_none() {
        args.extend(["--days".to_string(), "30".to_string()]);
    }
    let (before, after) = reports(&args)?;
    let reps = arg(&args, "--reps")
        .and_then(|s| s.parse().ok())
        .unwrap_or(7usize);
    let mut times = Vec::new();
    let mut moved = 0;
    for _ in 0..reps.max(1) {
        let t = std::time::Instant::now();
        let c = Report::compare(&before, &after);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        moved = c.flow("rfm").map_or(0, |f| f.counts.up + f.counts.down);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "compare {} → {} clients: median {:.1} ms over {} runs ({moved} moved on RFM)",
        before.len(),
        after.len(),
        times[times.len() / 2],
        times.len()
    );
    Ok(())
}
