//! Notes for the user about the data and the configuration: rows rejected or excluded,
//! too few clients or too short a history for the scores to mean much, segment rules that
//! never match, clients merged.

use super::Report;
use crate::calendar;
use crate::error::{Disposition, IssueKind};
use crate::locale::{count, count_ru, fmt_date, fmt_locale, Lang};
use serde::Serialize;

/// What a warning is about. Stable camelCase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WarningKind {
    /// No row could be used.
    NoUsableRows,
    /// Something about the file's format (from the sniff).
    Format,
    /// Rows were rejected (see the audit).
    RejectedRows,
    /// A quote is not closed by the end of its line: the file was read one row per line.
    UnclosedQuote,
    /// Rows dated after the analysis date were excluded.
    AfterAsOf,
    /// Exact duplicate rows were dropped.
    DuplicateRows,
    /// Rows came after newer ones beyond the history window.
    OutOfOrder,
    /// Too few clients for quantile scores.
    FewClients,
    /// The orders cover too short a time.
    ShortHistory,
    /// Segment rules that can never match.
    UnreachableSegments,
    /// Score codes no segment rule covers.
    UncoveredScores,
    /// Clients merged by a shared contact.
    MergedClients,
    /// New rows added to a saved state.
    Update,
}

/// A note for the user about the data or the configuration.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// The line concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The message, in the report's language.
    pub message: String,
}

pub(super) fn warning(
    kind: WarningKind,
    line: Option<u64>,
    lang: Lang,
    en: String,
    ru: String,
) -> Warning {
    Warning {
        kind,
        line,
        message: match lang {
            Lang::En => en,
            Lang::Ru => ru,
        },
    }
}

impl Warning {
    /// No row could be used.
    pub(super) fn no_usable_rows(lang: Lang) -> Warning {
        warning(
            WarningKind::NoUsableRows,
            None,
            lang,
            "No row could be used: see the audit for why.".into(),
            "Ни одна строка не подошла для анализа: причины — в аудите данных.".into(),
        )
    }

    /// The warning in `lang`, for a report relabelled in another language (the others are
    /// found again).
    pub(super) fn localized(&self, lang: Lang) -> Warning {
        match self.kind {
            WarningKind::NoUsableRows => Warning::no_usable_rows(lang),
            _ => self.clone(),
        }
    }
}

impl Report {
    /// `1 row`, `1,234 rows`, as English writes them.
    fn rows(&self, n: u64) -> String {
        count(n, Lang::En, ["row", "rows"], ["", "", ""])
    }

    /// A count as English writes it.
    fn number(&self, n: u64) -> String {
        fmt_locale(n as f64, Lang::En)
    }

    /// Rows with an issue of `kind`.
    fn issue_count(&self, kind: IssueKind) -> u64 {
        self.audit
            .issues
            .iter()
            .filter(|g| g.kind == kind)
            .map(|g| g.count)
            .sum()
    }

    /// Every warning, in a fixed order.
    pub(super) fn find_warnings(&self) -> Vec<Warning> {
        let mut w = self.base_warnings.clone();
        w.extend(self.sniff.warnings.iter().map(|s| Warning {
            kind: WarningKind::Format,
            line: None,
            message: s.clone(),
        }));
        let found = [
            self.rejected_warning(),
            self.unclosed_quote_warning(),
            self.after_as_of_warning(),
            self.duplicates_warning(),
            self.out_of_order_warning(),
            self.few_clients_warning(),
            self.short_history_warning(),
            self.unreachable_warning(),
            self.uncovered_warning(),
            self.merged_warning(),
        ];
        w.extend(found.into_iter().flatten());
        w.extend(self.update_warnings());
        w
    }

    fn rejected_warning(&self) -> Option<Warning> {
        let n = self.audit.rows_rejected;
        let first = self
            .audit
            .issues
            .iter()
            .filter(|g| g.disposition == Disposition::Rejected)
            .flat_map(|g| g.examples.first())
            .map(|e| e.line)
            .min();
        let (rows, were) = (self.rows(n), if n == 1 { "was" } else { "were" });
        let n_ru = fmt_locale(n as f64, Lang::Ru);
        (n > 0).then(|| {
            warning(
                WarningKind::RejectedRows,
                first,
                self.lang,
                format!("{rows} {were} rejected; see the audit for each reason and line."),
                format!("Отклонено строк: {n_ru}; причины и номера строк — в аудите."),
            )
        })
    }

    fn unclosed_quote_warning(&self) -> Option<Warning> {
        let lines = self.audit.issues.iter().flat_map(|g| {
            let quoted = |e: &&crate::ingest::IssueExample| match g.kind {
                IssueKind::UnclosedQuote => true,
                IssueKind::FieldCount => e.detail.as_deref().is_some_and(|d| d.contains("quote")),
                _ => false,
            };
            g.examples.iter().filter(quoted).map(|e| e.line)
        });
        let line = lines.min()?;
        Some(warning(
            WarningKind::UnclosedQuote,
            Some(line),
            self.lang,
            format!("Line {line} has a quote that is not closed by the end of the line: the file was read one row per line (quotes: \"line\"); the rows with such a quote are in the audit."),
            format!("В строке {line} кавычка не закрыта до конца строки: файл прочитан построчно (quotes: \"line\"); строки с такой кавычкой — в аудите."),
        ))
    }

    fn after_as_of_warning(&self) -> Option<Warning> {
        let n = self.issue_count(IssueKind::AfterAsOf);
        let line = self
            .audit
            .issues
            .iter()
            .find(|g| g.kind == IssueKind::AfterAsOf)
            .and_then(|g| g.examples.first())
            .map(|e| e.line);
        let day = calendar::ymd(self.as_of);
        let (en, ru) = (fmt_date(day, Lang::En), fmt_date(day, Lang::Ru));
        let (rows, were) = (self.rows(n), if n == 1 { "was" } else { "were" });
        let n_ru = fmt_locale(n as f64, Lang::Ru);
        (n > 0).then(|| {
            warning(
                WarningKind::AfterAsOf,
                line,
                self.lang,
                format!("{rows} dated after the analysis date {en} {were} excluded."),
                format!("Исключено строк с датой позже даты анализа {ru}: {n_ru}."),
            )
        })
    }

    fn duplicates_warning(&self) -> Option<Warning> {
        let n = self.issue_count(IssueKind::DuplicateRow);
        let dropped = match n {
            1 => "1 exact duplicate row was dropped".to_string(),
            _ => format!("{} exact duplicate rows were dropped", self.number(n)),
        };
        let n_ru = fmt_locale(n as f64, Lang::Ru);
        (n > 0).then(|| {
            warning(
                WarningKind::DuplicateRows,
                None,
                self.lang,
                format!("{dropped} (set duplicates: \"keep\" to keep them)."),
                format!(
                    "Удалено точных повторов строк: {n_ru} (строка, во всём совпадающая с более \
                     ранней, считается повтором выгрузки)."
                ),
            )
        })
    }

    fn out_of_order_warning(&self) -> Option<Warning> {
        let n = self.issue_count(IssueKind::OutOfOrderBeyondWindow);
        let rows = self.rows(n);
        let n_ru = fmt_locale(n as f64, Lang::Ru);
        (n > 0 && !self.sorted).then(|| {
            warning(
                WarningKind::OutOfOrder,
                None,
                self.lang,
                format!("{rows} came after newer ones beyond the history window; their duplicate checks covered only the window (set historyWindow: 0 for full checks)."),
                format!("Строк, пришедших после более новых за пределами окна истории: {n_ru}; повторы для них проверены только в пределах окна."),
            )
        })
    }

    fn few_clients_warning(&self) -> Option<Warning> {
        let bins = self.labeler.model.rfm.bins as usize;
        let (n, need) = (self.customers, bins * 20);
        let clients = count(n as u64, Lang::En, ["client", "clients"], ["", "", ""]);
        let levels = count_ru(bins as u64, ["уровень", "уровня", "уровней"]);
        let (n_ru, need_ru) = (
            fmt_locale(n as f64, Lang::Ru),
            fmt_locale(need as f64, Lang::Ru),
        );
        (n > 0 && n < need).then(|| {
            warning(
                WarningKind::FewClients,
                None,
                self.lang,
                format!("Only {clients} with orders: quantile scores with {bins} levels are unreliable below {need} clients."),
                format!("Клиентов с заказами всего {n_ru}: квантильные оценки на {levels} ненадёжны, если клиентов меньше {need_ru}."),
            )
        })
    }

    fn short_history_warning(&self) -> Option<Warning> {
        let days = self.max_day? - self.min_day? + 1;
        let span = count(days as u64, Lang::En, ["day", "days"], ["", "", ""]);
        let span_ru = count_ru(days as u64, ["день", "дня", "дней"]);
        (days < 90).then(|| {
            warning(
                WarningKind::ShortHistory,
                None,
                self.lang,
                format!("The orders cover only {span}: recency and XYZ need several months of history to mean much."),
                format!("Заказы охватывают всего {span_ru}: для давности и XYZ нужна история в несколько месяцев."),
            )
        })
    }

    fn unreachable_warning(&self) -> Option<Warning> {
        let list = &self.check.unreachable;
        let engine = self.labeler.engine();
        let names = |lang: Lang, open: &str, close: &str| -> String {
            let name = |key: &String| {
                let def = engine.segments.defs.iter().find(|d| &d.key == key);
                def.map_or(key.as_str(), |d| d.name_in(lang)).to_string()
            };
            let names: Vec<String> = list
                .iter()
                .map(|k| format!("{open}{}{close}", name(k)))
                .collect();
            names.join(", ")
        };
        let names_ru = names(Lang::Ru, "«", "»");
        let names = names(Lang::En, "", "");
        (!list.is_empty()).then(|| {
            warning(
                WarningKind::UnreachableSegments,
                None,
                self.lang,
                format!("Segment rules that can never match (earlier rules cover them): {names}."),
                format!("Правила сегментов, которые никогда не сработают (их перекрывают более ранние): {names_ru}."),
            )
        })
    }

    fn uncovered_warning(&self) -> Option<Warning> {
        let list = &self.check.uncovered;
        let n = list.len();
        let shown: Vec<&str> = list.iter().take(12).map(String::as_str).collect();
        let (shown, more) = (shown.join(", "), if n > 12 { ", …" } else { "" });
        let codes = match n {
            1 => "1 score code matches".to_string(),
            _ => format!("{n} score codes match"),
        };
        (n > 0).then(|| {
            warning(
                WarningKind::UncoveredScores,
                None,
                self.lang,
                format!("{codes} no segment rule and go to \"Other\": {shown}{more}."),
                format!("Кодов оценок, которые не попадают ни в одно правило и идут в «Прочие»: {n} — {shown}{more}."),
            )
        })
    }

    fn merged_warning(&self) -> Option<Warning> {
        let n: usize = self.audit.merges.iter().map(|m| m.1.len()).sum();
        let ids = match n {
            1 => "1 client id was".to_string(),
            _ => format!("{} client ids were", self.number(n as u64)),
        };
        let n_ru = fmt_locale(n as f64, Lang::Ru);
        (!self.audit.merges.is_empty()).then(|| {
            warning(
                WarningKind::MergedClients,
                None,
                self.lang,
                format!("{ids} merged into others sharing an e-mail or phone (see the audit)."),
                format!("Идентификаторов клиентов, объединённых с другими по общему e-mail или телефону: {n_ru} (см. аудит)."),
            )
        })
    }
}
