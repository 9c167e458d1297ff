//! `segmenta` on the command line: summarise a file, generate data, export, measure.

#![warn(clippy::too_many_lines)]

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
segmenta — client segmentation from a transactions CSV or Excel workbook

usage:
  segmenta summary FILE [--sheet NAME] [--clients FILE] [--options JSON] [--lang en|ru]
                        [--threads N]
      print the segments, labels and data audit of FILE
  segmenta export FILE --out OUT.csv [--sheet NAME] [--clients FILE] [--options JSON]
                       [--lang en|ru]
      write the scored client table (Excel-friendly CSV)
  segmenta gen ROWS [--clients N] [--seed N] [--out FILE]
      write ROWS (e.g. 100k, 1M) realistic transactions for N clients (default ROWS/8),
      deterministically
  segmenta gen-retail ROWS [--flavor pandas|excel-us] [--seed N] --out FILE
      write ROWS order lines like a real online shop's export: cancellation invoices,
      negative quantities, lines without a client id, duplicates, postage lines
  segmenta gen-clients FILE --out OUT.csv [--leads N] [--seed N]
      write a clients table (attributes, tags, statuses) for the client ids of FILE
  segmenta demo-sample --out-dir DIR [--clients N] [--end YYYY-MM-DD]
      write the demo's sample transactions and clients table
  segmenta bench FILE [--reps N] [--threads N] [--options JSON]
      time the native analysis of FILE (median of N runs)
  segmenta bench-one FILE [--threads N] [--options JSON]
      one timed run, as a JSON line: milliseconds, peak memory, value checksum

FILE and the clients FILE may be CSV or Excel workbooks (.xlsx): a workbook is read from
its first visible sheet, or from the sheet --sheet names (or numbers, from 1; the clients
workbook: --clients-sheet). --threads N reads the file in N byte ranges at once (files in
date order; the result is the same as with one thread).
";

/// Analyses `data` on `--threads` threads (default 1); the report and how it was read.
fn analyze_bytes(
    args: &[String],
    data: &[u8],
    clients: Option<&[u8]>,
    opts: &segmenta::Options,
) -> Result<(segmenta::Report, segmenta::SplitOutcome), String> {
    let threads = arg(args, "--threads")
        .map(|t| t.parse::<usize>().map_err(|_| "--threads: a number"))
        .transpose()?
        .unwrap_or(1);
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 {
        let (r, outcome) =
            segmenta::analyze_parallel(data, clients, opts, threads).map_err(|e| e.to_string())?;
        if let Some(why) = &outcome.fallback {
            eprintln!("segmenta: read by one thread: {why}");
        }
        return Ok((r, outcome));
    }
    let _ = threads;
    let r = segmenta::analyze_with_clients(data, clients, opts).map_err(|e| e.to_string())?;
    let outcome = segmenta::SplitOutcome {
        ranges: 1,
        fallback: None,
    };
    Ok((r, outcome))
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn options(args: &[String]) -> Result<segmenta::Options, String> {
    let mut o = match arg(args, "--options") {
        Some(j) => segmenta::Options::from_json(&j).map_err(|e| e.to_string())?,
        None => segmenta::Options::default(),
    };
    if let Some(l) = arg(args, "--lang") {
        o.lang = match l.as_str() {
            "ru" => segmenta::Lang::Ru,
            "en" => segmenta::Lang::En,
            _ => return Err(format!("--lang: \"{l}\" must be en or ru")),
        };
    }
    Ok(o)
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// The bytes of a CSV file, or of one sheet of a workbook as CSV (`sheet`: a name, else a
/// position from 1); a workbook's errors in `lang`.
#[cfg(not(target_arch = "wasm32"))]
fn read_table(path: &str, sheet: Option<String>, lang: segmenta::Lang) -> Result<Vec<u8>, String> {
    use segmenta_xlsx::{ErrorKind, Options, SheetChoice};
    let data = read(path)?;
    if !segmenta_xlsx::is_workbook(&data) {
        if sheet.is_some() {
            return Err(format!("{path}: --sheet is for Excel workbooks (.xlsx)"));
        }
        return Ok(data);
    }
    let convert = |choice: SheetChoice| {
        let options = Options {
            sheet: choice,
            ..Options::default()
        };
        segmenta_xlsx::xlsx_to_csv(&data, &options)
    };
    let out = match sheet {
        None => convert(SheetChoice::First),
        Some(name) => match convert(SheetChoice::Name(name.clone())) {
            Err(e) if e.kind() == ErrorKind::SheetNotFound => match name.parse::<usize>() {
                Ok(n) if n >= 1 => convert(SheetChoice::Index(n - 1)),
                _ => Err(e),
            },
            other => other,
        },
    }
    .map_err(|e| {
        let lang = match lang {
            segmenta::Lang::Ru => segmenta_xlsx::Lang::Ru,
            segmenta::Lang::En => segmenta_xlsx::Lang::En,
        };
        format!("{path}: {}", e.message(lang))
    })?;
    let rows = if out.first_row == 1 {
        String::new()
    } else {
        format!(
            "; line N in the messages is row N+{} of the sheet",
            out.first_row - 1
        )
    };
    eprintln!(
        "segmenta: {path}: sheet \"{}\" (of {}){rows}",
        out.sheet,
        out.sheets.join(", ")
    );
    Ok(out.csv)
}

/// Built for wasm32 (as `cargo test --target wasm32-unknown-unknown` does), the command
/// line reads CSV only: segmenta-xlsx is a native dependency.
#[cfg(target_arch = "wasm32")]
fn read_table(path: &str, sheet: Option<String>, _lang: segmenta::Lang) -> Result<Vec<u8>, String> {
    match sheet {
        Some(_) => Err(format!("{path}: this build reads CSV files only")),
        None => read(path),
    }
}

fn analyze(args: &[String]) -> Result<segmenta::Report, String> {
    let file = args.get(1).ok_or("FILE is missing")?;
    let opts = options(args)?;
    let data = read_table(file, arg(args, "--sheet"), opts.lang)?;
    let clients = match arg(args, "--clients") {
        Some(p) => Some(read_table(&p, arg(args, "--clients-sheet"), opts.lang)?),
        None => None,
    };
    Ok(analyze_bytes(args, &data, clients.as_deref(), &opts)?.0)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn summary(args: &[String]) -> Result<(), String> {
    let r = analyze(args)?;
    let s = r.summary();
    let a = r.audit();
    let ru = r.lang() == segmenta::Lang::Ru;
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(
        out,
        "{} clients with orders, {} leads, {} rows used, revenue {:.2}, as of {} ({} .. {})",
        s.customers,
        s.leads,
        s.transactions,
        s.revenue,
        s.as_of,
        s.first_date.as_deref().unwrap_or("-"),
        s.last_date.as_deref().unwrap_or("-")
    );
    let _ = writeln!(
        out,
        "rows read {}, accepted {}, rejected {}, excluded {}; amounts reconcile: {}",
        a.rows_read, a.rows_accepted, a.rows_rejected, a.rows_excluded, a.reconciled
    );
    let _ = writeln!(
        out,
        "\n{:<26} {:>8} {:>7} {:>14} {:>7} {:>10} {:>8}  {}",
        if ru { "сегмент" } else { "segment" },
        "clients",
        "%",
        "revenue",
        "%",
        "avg check",
        "recency",
        if ru { "действие" } else { "action" }
    );
    for g in &s.rfm.segments {
        let _ = writeln!(
            out,
            "{:<26} {:>8} {:>7} {:>14.2} {:>7} {:>10.2} {:>8}  {}",
            g.segment,
            g.customers,
            pct(g.customers_share),
            g.revenue,
            pct(g.revenue_share),
            g.average_check,
            g.median_recency,
            g.action
                .as_ref()
                .map(|x| format!("{}: {}", x.channel_name, x.offer))
                .unwrap_or_default()
        );
    }
    let line = |title: &str, v: &[segmenta::criteria::LabelStats]| {
        let parts: Vec<String> = v
            .iter()
            .map(|l| format!("{} {} ({})", l.name, l.customers, pct(l.revenue_share)))
            .collect();
        format!("{title}: {}\n", parts.join(", "))
    };
    out.push('\n');
    out.push_str(&line("ABC", &s.labels.abc.abc));
    out.push_str(&line("XYZ", &s.labels.xyz.xyz));
    out.push_str(&line(
        if ru { "стадии" } else { "lifecycle" },
        &s.labels.lifecycle.lifecycle,
    ));
    out.push_str(&line(
        if ru { "уровни" } else { "value tiers" },
        &s.labels.value_tiers.value_tiers,
    ));
    out.push_str(&line(
        if ru { "воронка" } else { "funnel" },
        &s.labels.funnel.funnel,
    ));
    out.push_str(&line(
        if ru { "баллы" } else { "points" },
        &s.labels.points.points_tiers,
    ));
    if !s.labels.rule_segments.rule_segments.is_empty() {
        out.push_str(&line(
            if ru {
                "правила"
            } else {
                "rule segments"
            },
            &s.labels.rule_segments.rule_segments,
        ));
    }
    let actions: Vec<String> = s
        .labels
        .playbook
        .actions
        .iter()
        .map(|a| format!("{} {} ({})", a.name, a.customers, a.channel_name))
        .collect();
    let _ = writeln!(
        out,
        "{}: {}",
        if ru {
            "действия"
        } else {
            "next actions"
        },
        actions.join(", ")
    );
    if !a.issues.is_empty() {
        let _ = writeln!(
            out,
            "\n{}:",
            if ru {
                "аудит данных"
            } else {
                "data audit"
            }
        );
        for g in &a.issues {
            let ex: Vec<String> = g
                .examples
                .iter()
                .take(3)
                .map(|e| match e.line {
                    0 => format!("\"{}\"", e.value),
                    l => format!("line {l} \"{}\"", e.value),
                })
                .collect();
            let _ = writeln!(
                out,
                "  {:<24} {:>8}  {}  {}",
                g.kind.as_str(),
                g.count,
                g.description,
                ex.join("; ")
            );
        }
    }
    write_checks(&s, ru, &mut out);
    for w in &s.warnings {
        let _ = writeln!(out, "! {}", w.message);
    }
    print!("{out}");
    Ok(())
}

/// The checks on the data: what is empty or contradicts, why, and what would change it.
fn write_checks(s: &segmenta::Summary, ru: bool, out: &mut String) {
    use std::fmt::Write as _;
    if s.data_checks.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}:",
        if ru {
            "проверки данных"
        } else {
            "data checks"
        }
    );
    for c in &s.data_checks {
        let _ = write!(out, "  {} {}", c.message, c.remedy);
        if let Some(o) = &c.option {
            let _ = write!(out, " {o}");
        }
        out.push('\n');
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("summary") => summary(&args),
        Some("export") => (|| {
            let r = analyze(&args)?;
            let out = arg(&args, "--out").ok_or("--out is missing")?;
            let csv = r
                .customers_csv(&segmenta::CsvOptions::excel(r.lang()))
                .map_err(|e| e.to_string())?;
            std::fs::write(&out, csv).map_err(|e| format!("{out}: {e}"))?;
            eprintln!("wrote {out}: {} clients", r.len());
            Ok(())
        })(),
        Some("gen") => gen(&args),
        Some("gen-retail") => gen_retail(&args),
        Some("gen-clients") => gen_clients(&args),
        Some("demo-sample") => demo_sample(&args),
        Some("bench-one") => (|| {
            let file = args.get(1).ok_or("FILE is missing")?;
            let opts = options(&args)?;
            let t0 = std::time::Instant::now();
            let data = read(file)?;
            let t1 = std::time::Instant::now();
            let (r, outcome) = analyze_bytes(&args, &data, None, &opts)?;
            let ranges = outcome.ranges;
            let fallback = serde_json::to_string(&outcome.fallback).unwrap_or_default();
            let t2 = std::time::Instant::now();
            let c = r.columns();
            // Values in the peers' terms: recency from the day after the last date.
            let n = r.summary().customers;
            let sum_r: i64 = c
                .recency
                .iter()
                .filter(|v| **v >= 0)
                .map(|v| *v as i64 + 1)
                .sum();
            let sum_f: u64 = c.frequency.iter().map(|v| *v as u64).sum();
            let sum_m: i64 = c.revenue.iter().sum::<i64>() / 100;
            let hwm = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                });
            println!(
                "{{\"read_ms\":{:.1},\"compute_ms\":{:.1},\"total_ms\":{:.1},\"peak_mb\":{:.1},\"bytes\":{},\"ranges\":{ranges},\"fallback\":{fallback},\"n\":{n},\"sumR\":{sum_r},\"sumF\":{sum_f},\"sumM\":{sum_m}}}",
                (t1 - t0).as_secs_f64() * 1e3,
                (t2 - t1).as_secs_f64() * 1e3,
                (t2 - t0).as_secs_f64() * 1e3,
                hwm.unwrap_or(0.0) / 1024.0,
                data.len()
            );
            Ok(())
        })(),
        Some("bench") => (|| {
            let file = args.get(1).ok_or("FILE is missing")?;
            let data = read(file)?;
            let opts = options(&args)?;
            let reps = arg(&args, "--reps")
                .and_then(|s| s.parse().ok())
                .unwrap_or(5usize);
            let mut times = Vec::new();
            let mut clients = 0;
            for _ in 0..reps {
                let t = std::time::Instant::now();
                let (r, _) = analyze_bytes(&args, &data, None, &opts)?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                clients = r.len();
            }
            times.sort_by(f64::total_cmp);
            let med = times[times.len() / 2];
            let mb = data.len() as f64 / 1e6;
            println!("{file}: {:.1} MB, {clients} clients; median {med:.1} ms over {reps} runs; {:.0} MB/s", mb, mb / (med / 1000.0));
            Ok(())
        })(),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("segmenta: {e}");
            ExitCode::FAILURE
        }
    }
}

fn gen(args: &[String]) -> Result<(), String> {
    let rows = args
        .get(1)
        .and_then(|s| segmenta::sample::parse_rows(s))
        .ok_or("ROWS must be like 100k or 1M")?;
    let seed = arg(args, "--seed")
        .map(|s| s.parse::<u64>().map_err(|e| e.to_string()))
        .transpose()?
        .unwrap_or(20240501);
    let clients = match arg(args, "--clients") {
        Some(s) => segmenta::sample::parse_rows(&s).ok_or("--clients must be like 125k")?,
        None => rows / 8,
    };
    match arg(args, "--out") {
        Some(p) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&p).map_err(|e| format!("{p}: {e}"))?,
            );
            let n = segmenta::sample::transactions_for(rows, clients, seed, &mut f)
                .map_err(|e| e.to_string())?;
            f.flush().map_err(|e| e.to_string())?;
            eprintln!("wrote {p}: {n} rows");
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            segmenta::sample::transactions_for(rows, clients, seed, &mut lock)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn gen_retail(args: &[String]) -> Result<(), String> {
    let rows = args
        .get(1)
        .and_then(|s| segmenta::sample::parse_rows(s))
        .ok_or("ROWS must be like 100k or 1M")?;
    let seed = arg(args, "--seed")
        .map(|s| s.parse::<u64>().map_err(|e| e.to_string()))
        .transpose()?
        .unwrap_or(2011);
    let flavor = match arg(args, "--flavor").as_deref() {
        None | Some("pandas") => segmenta::sample::RetailFlavor::Pandas,
        Some("excel-us") => segmenta::sample::RetailFlavor::ExcelUs,
        Some(f) => return Err(format!("--flavor: pandas or excel-us, not {f}")),
    };
    let out = arg(args, "--out").ok_or("--out is missing")?;
    let bytes = segmenta::sample::retail(rows, seed, flavor);
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!("wrote {out}: {} bytes", bytes.len());
    Ok(())
}

fn gen_clients(args: &[String]) -> Result<(), String> {
    let r = analyze(args)?;
    let out = arg(args, "--out").ok_or("--out is missing")?;
    let leads = arg(args, "--leads")
        .and_then(|s| s.parse().ok())
        .unwrap_or(500usize);
    let seed = arg(args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(7u64);
    let ids: Vec<&str> = (0..r.len()).map(|i| r.ids().get(i)).collect();
    let table = segmenta::sample::clients_for(&ids, leads, seed);
    std::fs::write(&out, table).map_err(|e| format!("{out}: {e}"))?;
    eprintln!("wrote {out}: {} clients and {leads} leads", ids.len());
    Ok(())
}

fn demo_sample(args: &[String]) -> Result<(), String> {
    let dir = arg(args, "--out-dir").ok_or("--out-dir is missing")?;
    let n = arg(args, "--clients")
        .map(|s| s.parse::<usize>().map_err(|e| e.to_string()))
        .transpose()?
        .unwrap_or(1500);
    let end = arg(args, "--end").unwrap_or_else(|| "2026-10-31".into());
    let (tx, cl) = segmenta::sample::demo(n, &end, 2026);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(format!("{dir}/sample-orders.csv"), tx).map_err(|e| e.to_string())?;
    std::fs::write(format!("{dir}/sample-clients.csv"), cl).map_err(|e| e.to_string())?;
    eprintln!("wrote {dir}/sample-orders.csv and {dir}/sample-clients.csv");
    Ok(())
}
