//! `segmenta` on the command line: summarise a file, generate data, export, measure.

#![warn(clippy::too_many_lines)]

#[path = "segmenta/compare.rs"]
mod compare;
#[path = "segmenta/dynamic.rs"]
mod dynamic;
#[path = "segmenta/mark.rs"]
mod mark;
#[path = "segmenta/predict.rs"]
mod predict;

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
  segmenta state FILE --out STATE.bin [--clients FILE] [--options JSON] [--lang en|ru]
      analyse FILE and save its state, to add later orders without reading FILE again
  segmenta update STATE.bin NEW.csv [--out STATE.bin] [--lang en|ru]
      add the orders of NEW.csv to the saved state, print the summary (as `summary` does)
      and save the updated state (over STATE.bin unless --out names another file)
  segmenta mark STATE.bin --ids ID,ID,... (--tag TEXT | --segment TEXT) [--remove]
                [--out STATE.bin] [--lang en|ru]
      assign (or with --remove take away) a tag or a manual segment by hand, kept in
      the state through later updates (segmenta mark --help)
  segmenta predict FILE [--clients FILE] [--options JSON] [--out OUT.csv] [--lang en|ru]
      P(alive), expected purchases and CLV of every client (MBG/NBD and Gamma-Gamma,
      options under clv), the limits of the data, CLV by segment and the backtest
      against the orders after the calibration end; --out writes the client table with
      the predictions
  segmenta compare OLD NEW [--criterion KEY] [--options JSON] [--lang en|ru]
  segmenta compare FILE --days N | --as-of YYYY-MM-DD [--criterion KEY] [...]
      who moved between two files, or between FILE N days before its last date (or as
      of a date) and FILE whole: per criterion (rfm, lifecycle, valueTier, abc, xyz,
      points, ruleSegments) the matrix of labels before and after, and how many clients
      moved up, stayed, moved down, are new or gone
  segmenta compare ... --export OUT.csv [--criterion KEY] (--from LABEL --to LABEL |
                       --valuable-to-risky)
      write the clients of one path (labels by key or name; newInData, goneFromData),
      or of every path from a valuable label to a risky one, with the reason of each
  segmenta automate FILE --spec SPEC.json [--journal JOURNAL.json] [--as-of YYYY-MM-DD]
                    [--before-as-of YYYY-MM-DD | --before-days N | --before-state STATE.bin]
                    [--clients FILE] [--tasks OUT.csv] [--contacts OUT.csv]
                    [--firings OUT.csv]
      run the triggers of SPEC.json between the previous run (FILE as of an earlier date,
      or a saved state) and FILE now: print every firing with its reason, the tasks and
      the planned contacts; the journal (read, then rewritten) remembers firings and
      contacts for re-entry, cooldown and the frequency cap
  segmenta pilot FILE --spec PILOT.json --out PILOT_OUT.json [--test-csv OUT.csv]
                 [--as-of YYYY-MM-DD] [--clients FILE]
      split the clients of a segment into test and control, reproducibly from the seed
  segmenta pilot-result PILOT_OUT.json FILE [--as-of YYYY-MM-DD] [--clients FILE]
      what the pilot did by FILE's date: response rate, revenue per client and uplift
      with a 95 % interval, overall, per segment and channel
  segmenta gen ROWS [--clients N] [--seed N] [--out FILE]
      write ROWS (e.g. 100k, 1M) realistic transactions for N clients (default ROWS/8),
      deterministically
  segmenta gen-retail ROWS [--flavor pandas|excel-us] [--seed N] --out FILE
      write ROWS order lines like a real online shop's export: cancellation invoices,
      negative quantities, lines without a client id, duplicates, postage lines
  segmenta gen-clients FILE --out OUT.csv [--leads N] [--seed N]
      write a clients table (attributes, tags, statuses) for the client ids of FILE
  segmenta demo-sample --out-dir DIR [--clients N] [--end YYYY-MM-DD]
      write the demo's sample transactions, clients table and events table
  segmenta bench FILE [--reps N] [--threads N] [--options JSON]
      time the native analysis of FILE (median of N runs)
  segmenta bench-compare FILE [--days N] [--reps N]
      time the comparison of FILE N days (default 30) before its last date with FILE whole
      (median of N runs; the two analyses are not timed)
  segmenta bench-one FILE [--threads N] [--options JSON]
      one timed run, as a JSON line: milliseconds, peak memory, value checksum

FILE and the clients FILE may be CSV or Excel workbooks (.xlsx): a workbook is read from
its first visible sheet, or from the sheet --sheet names (or numbers, from 1; the clients
workbook: --clients-sheet). --events FILE (summary, export, automate, pilot) joins an
events table (views, carts, clicks, opens: client, time, event type, category…) for the
behaviour fields and the triggers clickedNoOrder, viewedNoOrder and abandonedCart.
--threads N reads the file in N byte ranges at once (files in
date order; the result is the same as with one thread). --lang ru writes the results (and
this help: segmenta --help --lang ru) in Russian.
";

/// [`USAGE`] in Russian, for `--lang ru`.
const USAGE_RU: &str = "\
segmenta — сегменты клиентов из выгрузки заказов (CSV или книга Excel)

использование:
  segmenta summary ФАЙЛ [--sheet ЛИСТ] [--clients ФАЙЛ] [--options JSON] [--lang en|ru]
                        [--threads N]
      сегменты, метки и аудит данных ФАЙЛА
  segmenta export ФАЙЛ --out ВЫХОД.csv [--sheet ЛИСТ] [--clients ФАЙЛ] [--options JSON]
                       [--lang en|ru]
      таблица клиентов с метками (CSV для Excel)
  segmenta state ФАЙЛ --out СОСТОЯНИЕ.bin [--clients ФАЙЛ] [--options JSON] [--lang en|ru]
      анализ ФАЙЛА с сохранением состояния, чтобы потом добавлять заказы, не читая ФАЙЛ
  segmenta update СОСТОЯНИЕ.bin НОВЫЕ.csv [--out СОСТОЯНИЕ.bin] [--lang en|ru]
      добавить заказы из НОВЫЕ.csv к состоянию, вывести сводку (как summary) и сохранить
      обновлённое состояние (поверх СОСТОЯНИЯ, если --out не называет другой файл)
  segmenta mark СОСТОЯНИЕ.bin --ids ID,ID,... (--tag ТЕКСТ | --segment ТЕКСТ) [--remove]
                [--out СОСТОЯНИЕ.bin] [--lang en|ru]
      поставить вручную (с --remove — снять) тег или ручной сегмент; метки хранятся в
      состоянии и переживают обновления (segmenta mark --help --lang ru)
  segmenta automate ФАЙЛ --spec НАСТРОЙКИ.json [--journal ЖУРНАЛ.json] [--as-of ГГГГ-ММ-ДД]
                    [--before-as-of ГГГГ-ММ-ДД | --before-days N | --before-state СОСТОЯНИЕ.bin]
                    [--clients ФАЙЛ] [--tasks ВЫХОД.csv] [--contacts ВЫХОД.csv]
                    [--firings ВЫХОД.csv]
      триггеры из НАСТРОЕК между прошлым запуском (ФАЙЛ на более раннюю дату или
      сохранённое состояние) и ФАЙЛОМ сейчас: каждое срабатывание с причиной, задачи
      менеджерам и план касаний; журнал (читается и перезаписывается) помнит срабатывания
      и касания для повторного входа, паузы и лимита частоты
  segmenta pilot ФАЙЛ --spec ПИЛОТ.json --out ПИЛОТ_ВЫХОД.json [--test-csv ВЫХОД.csv]
                 [--as-of ГГГГ-ММ-ДД] [--clients ФАЙЛ]
      разделить клиентов сегмента на тест и контроль, воспроизводимо по seed
  segmenta pilot-result ПИЛОТ_ВЫХОД.json ФАЙЛ [--as-of ГГГГ-ММ-ДД] [--clients ФАЙЛ]
      что дал пилот к дате ФАЙЛА: отклик, выручка на клиента и прирост с 95 % интервалом,
      всего, по сегментам и каналам
  segmenta predict ФАЙЛ [--clients ФАЙЛ] [--options JSON] [--out ВЫХОД.csv] [--lang en|ru]
      вероятность активности, ожидаемые покупки и CLV каждого клиента (MBG/NBD и
      Gamma-Gamma, настройки в clv), ограничения данных, CLV по сегментам и проверка
      на истории по заказам после конца калибровки; --out пишет таблицу клиентов с
      прогнозом
  segmenta compare СТАРЫЙ НОВЫЙ [--criterion КЛЮЧ] [--options JSON] [--lang en|ru]
  segmenta compare ФАЙЛ --days N | --as-of ГГГГ-ММ-ДД [--criterion КЛЮЧ] [...]
      кто из клиентов перешёл между двумя файлами или между ФАЙЛОМ за N дней до его
      последней даты (или на дату) и ФАЙЛОМ целиком: по каждому критерию (rfm, lifecycle,
      valueTier, abc, xyz, points, ruleSegments) матрица «было — стало» и сколько клиентов
      выросли, остались, снизились, новые и выбыли
  segmenta compare ... --export ВЫХОД.csv [--criterion КЛЮЧ] (--from МЕТКА --to МЕТКА |
                       --valuable-to-risky)
      клиенты одного перехода (метки по ключу или названию; newInData, goneFromData) или
      всех переходов из ценных меток в зону риска, с причиной для каждого
  segmenta gen СТРОК [--clients N] [--seed N] [--out ФАЙЛ]
      СТРОК (например 100k, 1M) правдоподобных заказов N клиентов (по умолчанию СТРОК/8),
      всегда одинаково
  segmenta gen-retail СТРОК [--flavor pandas|excel-us] [--seed N] --out ФАЙЛ
      СТРОК строк заказов, как в выгрузке интернет-магазина: отмены, отрицательные
      количества, строки без клиента, дубли, доставка
  segmenta gen-clients ФАЙЛ --out ВЫХОД.csv [--leads N] [--seed N]
      таблица клиентов (атрибуты, теги, статусы) для клиентов ФАЙЛА
  segmenta demo-sample --out-dir ПАПКА [--clients N] [--end ГГГГ-ММ-ДД]
      заказы, таблица клиентов и события примера со страницы
  segmenta bench ФАЙЛ [--reps N] [--threads N] [--options JSON]
      время анализа ФАЙЛА (медиана N запусков)
  segmenta bench-compare ФАЙЛ [--days N] [--reps N]
      время сравнения ФАЙЛА за N дней (по умолчанию 30) до его последней даты с ФАЙЛОМ
      целиком (медиана N запусков; сами анализы не замеряются)
  segmenta bench-one ФАЙЛ [--threads N] [--options JSON]
      один замер строкой JSON: миллисекунды, пик памяти, контрольная сумма

ФАЙЛ и таблица клиентов могут быть CSV или книгами Excel (.xlsx): книга читается с первого
видимого листа или с листа --sheet (по имени или номеру с 1; для таблицы клиентов —
--clients-sheet). --events ФАЙЛ (summary, export, automate, pilot) добавляет таблицу
событий (просмотры, корзины, клики, открытия писем: клиент, время, тип события, категория…)
для полей поведения и триггеров clickedNoOrder, viewedNoOrder и abandonedCart.
--threads N читает файл N частями одновременно (файлы в порядке дат;
результат тот же, что в один поток). --lang ru пишет результаты (и эту справку) по-русски,
--lang en — по-английски.
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
        let (r, outcome) = segmenta::analyze_parallel(data, clients, opts, threads)
            .map_err(|e| e.text(opts.lang))?;
        if let Some(why) = &outcome.fallback {
            eprintln!("segmenta: read by one thread: {why}");
        }
        return Ok((r, outcome));
    }
    let _ = threads;
    let r = segmenta::analyze_with_clients(data, clients, opts).map_err(|e| e.text(opts.lang))?;
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
    let lang = match arg(args, "--lang").as_deref() {
        None => None,
        Some("ru") => Some(segmenta::Lang::Ru),
        Some("en") => Some(segmenta::Lang::En),
        Some(l) => return Err(format!("--lang: \"{l}\" must be en or ru")),
    };
    let mut o = match arg(args, "--options") {
        Some(j) => {
            segmenta::Options::from_json(&j).map_err(|e| e.text(lang.unwrap_or_default()))?
        }
        None => segmenta::Options::default(),
    };
    if let Some(l) = lang {
        o.lang = l;
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
    let report = analyze_bytes(args, &data, clients.as_deref(), &opts)?.0;
    joined_events(args, report)
}

/// `report` with the events table of `--events` joined, when given.
fn joined_events(args: &[String], report: segmenta::Report) -> Result<segmenta::Report, String> {
    let Some(path) = arg(args, "--events") else {
        return Ok(report);
    };
    let lang = report.lang();
    let data = read_table(&path, arg(args, "--events-sheet"), lang)?;
    report
        .with_events(&data)
        .map_err(|e| format!("{path}: {}", e.text(lang)))
}

/// How the summary writes its words and numbers: in English or in Russian.
#[derive(Clone, Copy)]
struct Say {
    lang: segmenta::Lang,
}

impl Say {
    fn ru(self) -> bool {
        self.lang == segmenta::Lang::Ru
    }

    /// `en` or `ru`.
    fn pick<'a>(self, en: &'a str, ru: &'a str) -> &'a str {
        if self.ru() {
            ru
        } else {
            en
        }
    }

    fn count(self, n: u64) -> String {
        segmenta::fmt_locale(n as f64, self.lang)
    }

    fn money(self, v: f64) -> String {
        segmenta::fmt_fixed(v, 2, self.lang)
    }

    fn pct(self, share: f64) -> String {
        segmenta::fmt_percent(share, self.lang)
    }

    /// Days: whole, or with the half of a median.
    fn days(self, v: f64) -> String {
        segmenta::fmt_fixed(v, if v.fract() == 0.0 { 0 } else { 1 }, self.lang)
    }

    /// An ISO date as the language writes it.
    fn date(self, iso: &str) -> String {
        match (self.ru(), segmenta::calendar::parse_iso(iso)) {
            (true, Some(d)) => {
                let (y, m, d) = segmenta::calendar::ymd(d);
                format!("{d:02}.{m:02}.{y:04}")
            }
            _ => iso.to_string(),
        }
    }
}

fn summary(args: &[String]) -> Result<(), String> {
    let r = analyze(args)?;
    let say = Say { lang: r.lang() };
    let mut out = summary_head(&r, say);
    out.push_str(&segment_table(&r, say));
    out.push_str(&catalogue_lines(&r, say));
    out.push_str(&audit_lines(&r, say));
    out.push_str(&behaviour_lines(&r, say));
    write_checks(&r.summary(), say.ru(), &mut out);
    for w in &r.summary().warnings {
        out.push_str(&format!("! {}\n", w.message));
    }
    print!("{out}");
    Ok(())
}

/// With an events table: what became of its rows, and who viewed, carted or clicked
/// without buying in the window.
fn behaviour_lines(r: &segmenta::Report, say: Say) -> String {
    let (Some(a), Some(b)) = (r.events_audit(), r.summary().behaviour) else {
        return String::new();
    };
    let n = |v: u64| say.count(v);
    let kinds: Vec<String> = b
        .events
        .iter()
        .map(|k| format!("{} {}", k.name, n(k.count)))
        .collect();
    let (rows, ok, bad) = (n(a.rows), n(a.accepted), n(a.rejected));
    let (clients, unknown) = (n(a.clients), n(a.unknown_client));
    let (viewed, carts, clicked) = (
        n(b.viewed_without_order),
        n(b.abandoned_carts),
        n(b.clicked_without_order),
    );
    let (days, kinds) = (b.window_days, kinds.join(", "));
    let mut out = match say.ru() {
        true => format!(
            "\nсобытия: строк {rows}, принято {ok}, отклонено {bad}, клиентов с событиями {clients}, не из заказов и таблицы клиентов {unknown}\n\
             за {days} дн.: {kinds}; смотрели без заказа {viewed}, брошенные корзины {carts}, кликнули без заказа {clicked}\n"
        ),
        false => format!(
            "\nevents: rows {rows}, accepted {ok}, rejected {bad}, clients with events {clients}, of neither the orders nor the clients table {unknown}\n\
             last {days} days: {kinds}; viewed without an order {viewed}, abandoned carts {carts}, clicked without an order {clicked}\n"
        ),
    };
    for x in a.rejected_rows.iter().take(5) {
        out.push_str(&format!(
            "  {} {}: {}\n",
            say.pick("line", "строка"),
            x.line,
            x.text
        ));
    }
    out
}

/// Clients, leads, rows, revenue and dates; the rows read and what became of them.
fn summary_head(r: &segmenta::Report, say: Say) -> String {
    let (s, a) = (r.summary(), r.audit());
    let first = s.first_date.as_deref().map_or("-".into(), |d| say.date(d));
    let last = s.last_date.as_deref().map_or("-".into(), |d| say.date(d));
    let (c, l, t) = (
        say.count(s.customers),
        say.count(s.leads),
        say.count(s.transactions),
    );
    let (revenue, as_of) = (say.money(s.revenue), say.date(&s.as_of));
    let (read, ok) = (say.count(a.rows_read), say.count(a.rows_accepted));
    let (rejected, excluded) = (say.count(a.rows_rejected), say.count(a.rows_excluded));
    if say.ru() {
        let yes = if a.reconciled { "да" } else { "нет" };
        format!(
            "клиентов с заказами {c}, лидов {l}, строк в расчёте {t}, выручка {revenue}, на {as_of} ({first} – {last})\n\
             прочитано строк {read}, принято {ok}, отклонено {rejected}, исключено {excluded}; суммы сходятся: {yes}\n"
        )
    } else {
        format!(
            "{c} clients with orders, {l} leads, {t} rows used, revenue {revenue}, as of {as_of} ({first} .. {last})\n\
             rows read {read}, accepted {ok}, rejected {rejected}, excluded {excluded}; amounts reconcile: {}\n",
            a.reconciled
        )
    }
}

/// The RFM segments: clients and revenue with their shares, average check, median recency
/// and the next action.
fn segment_table(r: &segmenta::Report, say: Say) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{:<26} {:>9} {:>11} {:>15} {:>10} {:>12} {:>14}  {}",
        say.pick("segment", "сегмент"),
        say.pick("clients", "клиентов"),
        say.pick("% clients", "% клиентов"),
        say.pick("revenue", "выручка"),
        say.pick("% revenue", "% выручки"),
        say.pick("avg check", "средний чек"),
        say.pick("recency, days", "давность, дн."),
        say.pick("action", "действие")
    );
    for g in &r.summary().rfm.segments {
        let _ = writeln!(
            out,
            "{:<26} {:>9} {:>11} {:>15} {:>10} {:>12} {:>14}  {}",
            g.segment,
            say.count(g.customers),
            say.pct(g.customers_share),
            say.money(g.revenue),
            say.pct(g.revenue_share),
            say.money(g.average_check),
            say.days(g.median_recency),
            g.action
                .as_ref()
                .map(|x| format!("{}: {}", x.channel_name, x.offer))
                .unwrap_or_default()
        );
    }
    out
}

/// One line per catalogue criterion: each label's clients and shares, then the next actions.
fn catalogue_lines(r: &segmenta::Report, say: Say) -> String {
    let s = r.summary();
    let line = |title: &str, v: &[segmenta::criteria::LabelStats]| {
        let parts: Vec<String> = v
            .iter()
            .map(|l| {
                let (c, m) = (say.pct(l.customers_share), say.pct(l.revenue_share));
                let shares = match say.ru() {
                    true => format!("{c} клиентов, {m} выручки"),
                    false => format!("{c} of clients, {m} of revenue"),
                };
                format!("{} {} ({shares})", l.name, say.count(l.customers))
            })
            .collect();
        format!("{title}: {}\n", parts.join(", "))
    };
    let labels = &s.labels;
    let mut out = String::from("\n");
    out.push_str(&line("ABC", &labels.abc.abc));
    out.push_str(&line("XYZ", &labels.xyz.xyz));
    out.push_str(&line(
        say.pick("lifecycle", "этапы"),
        &labels.lifecycle.lifecycle,
    ));
    out.push_str(&line(
        say.pick("value tiers", "уровни ценности"),
        &labels.value_tiers.value_tiers,
    ));
    out.push_str(&line(say.pick("funnel", "воронка"), &labels.funnel.funnel));
    out.push_str(&line(
        say.pick("points", "уровни по баллам"),
        &labels.points.points_tiers,
    ));
    if !labels.rule_segments.rule_segments.is_empty() {
        out.push_str(&line(
            say.pick("rule segments", "сегменты по правилам"),
            &labels.rule_segments.rule_segments,
        ));
    }
    let actions = &labels.playbook.actions;
    if say.ru() {
        // Offers hold commas and semicolons: one a line.
        out.push_str("следующие действия:\n");
        for a in actions {
            let n = say.count(a.customers);
            out.push_str(&format!(
                "  {} ({}), {n}: {}\n",
                a.name, a.channel_name, a.offer
            ));
        }
    } else {
        let list: Vec<String> = actions
            .iter()
            .map(|a| format!("{} {} ({})", a.name, say.count(a.customers), a.channel_name))
            .collect();
        out.push_str(&format!("next actions: {}\n", list.join(", ")));
    }
    out
}

/// The audit's issues: kind, rows, what it means and a few examples.
fn audit_lines(r: &segmenta::Report, say: Say) -> String {
    use std::fmt::Write as _;
    let a = r.audit();
    let mut out = String::new();
    if a.issues.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{}:", say.pick("data audit", "аудит данных"));
    for g in &a.issues {
        let ex: Vec<String> = g
            .examples
            .iter()
            .take(3)
            .map(|e| match (say.ru(), e.line) {
                (true, 0) => format!("«{}»", e.value),
                (false, 0) => format!("\"{}\"", e.value),
                (true, l) => format!("строка {l} «{}»", e.value),
                (false, l) => format!("line {l} \"{}\"", e.value),
            })
            .collect();
        let _ = match say.ru() {
            true => writeln!(
                out,
                "  {:>8}  {}  {}",
                say.count(g.count),
                g.description,
                ex.join("; ")
            ),
            false => writeln!(
                out,
                "  {:<24} {:>8}  {}  {}",
                g.kind.as_str(),
                say.count(g.count),
                g.description,
                ex.join("; ")
            ),
        };
    }
    out
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
                .map_err(|e| e.text(r.lang()))?;
            std::fs::write(&out, csv).map_err(|e| format!("{out}: {e}"))?;
            let say = Say { lang: r.lang() };
            match say.ru() {
                true => eprintln!("записан {out}: клиентов {}", say.count(r.len() as u64)),
                false => eprintln!("wrote {out}: {} clients", r.len()),
            }
            Ok(())
        })(),
        Some("state") => save_state(&args),
        Some("update") => update_state(&args),
        Some("mark") => mark::mark(&args),
        Some("predict") => predict::predict(&args),
        Some("compare") => compare::compare(&args),
        Some("bench-compare") => compare::bench(&args),
        Some("automate") => dynamic::automate(&args),
        Some("pilot") => dynamic::pilot(&args),
        Some("pilot-result") => dynamic::pilot_result(&args),
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
            let ru = arg(&args, "--lang").as_deref() == Some("ru");
            eprint!("{}", if ru { USAGE_RU } else { USAGE });
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

/// `segmenta state FILE --out STATE.bin`.
fn save_state(args: &[String]) -> Result<(), String> {
    let r = analyze(args)?;
    let out = arg(args, "--out").ok_or("--out is missing")?;
    let state = r.state().map_err(|e| e.text(r.lang()))?;
    write_atomically(&out, &state)?;
    let say = Say { lang: r.lang() };
    match say.ru() {
        true => eprintln!(
            "записано состояние {out}: {} байт, клиентов {}",
            say.count(state.len() as u64),
            say.count(r.len() as u64)
        ),
        false => eprintln!(
            "wrote the state {out}: {} bytes, {} clients",
            say.count(state.len() as u64),
            say.count(r.len() as u64)
        ),
    }
    Ok(())
}

/// `segmenta update STATE.bin NEW.csv [--out STATE.bin]`.
fn update_state(args: &[String]) -> Result<(), String> {
    let lang = match arg(args, "--lang").as_deref() {
        Some("ru") => segmenta::Lang::Ru,
        _ => segmenta::Lang::En,
    };
    let (Some(path), Some(new)) = (args.get(1), args.get(2)) else {
        return Err(match lang {
            segmenta::Lang::Ru => "нужны файл состояния и файл новых заказов".into(),
            segmenta::Lang::En => "a state file and a file of new orders are needed".into(),
        });
    };
    let mut u = segmenta::Updater::new(&read(path)?).map_err(|e| e.text(lang))?;
    u.push(&read(new)?).map_err(|e| e.text(lang))?;
    let mut r = u.finish().map_err(|e| e.text(lang))?;
    if arg(args, "--lang").is_some() && r.lang() != lang {
        let mut o = r.options().clone();
        o.lang = lang;
        r = r.relabel(&o).map_err(|e| e.text(lang))?;
    }
    let out = arg(args, "--out").unwrap_or_else(|| path.clone());
    let state = r.state().map_err(|e| e.text(r.lang()))?;
    write_atomically(&out, &state)?;
    let say = Say { lang: r.lang() };
    let mut text = summary_head(&r, say);
    text.push_str(&segment_table(&r, say));
    for w in &r.summary().warnings {
        text.push_str(&format!("! {}\n", w.message));
    }
    print!("{text}");
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

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so that a
/// failed write never leaves half a state.
fn write_atomically(path: &str, bytes: &[u8]) -> Result<(), String> {
    let tmp = format!("{path}.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{tmp}: {e}"))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{path}: {e}"))
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
    let ev = segmenta::sample::demo_events(n, &end, 2026);
    std::fs::write(format!("{dir}/sample-events.csv"), ev).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {dir}/sample-orders.csv, {dir}/sample-clients.csv and {dir}/sample-events.csv"
    );
    Ok(())
}
