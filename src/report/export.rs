//! CSV exports: the scored client table, contact lists with the next action, and the
//! rejected rows.

use super::csv::{CsvOptions, CsvWriter};
use super::Report;
use crate::calendar;
use crate::criteria::{playbook, rfm, CellSink, Client, Facts, Labels, RuleSource};
use crate::error::Error;
use crate::ingest::contact_text;
use crate::ingest::Role;
use crate::locale::Lang;
use crate::money;
use std::cell::Cell;

/// The behaviour columns of the scored client table, with an events table.
const BEHAVIOUR_COLUMNS: [&str; 8] = [
    "views",
    "carts",
    "clicks",
    "opens",
    "views_without_order",
    "carts_without_order",
    "clicks_without_order",
    "days_since_visit",
];

/// The prediction columns of the scored client table, with the `clv` option, and their
/// decimals.
const PREDICTION_COLUMNS: [(&str, usize); 4] = [
    ("p_alive", 3),
    ("expected_purchases", 2),
    ("expected_value", 2),
    ("clv", 2),
];

/// The Russian name of each column of the exports, by its key. Codes stay codes: the next
/// action's key is its code beside the offer (the action to take), and a rejected row's
/// reason key beside its text.
const HEADERS_RU: &[(&str, &str)] = &[
    ("customer_id", "ID клиента"),
    ("name", "Имя"),
    ("email", "E-mail"),
    ("phone", "Телефон"),
    ("recency_days", "Давность, дн."),
    ("frequency", "Заказов"),
    ("monetary", "Сумма (M)"),
    ("r", "R"),
    ("f", "F"),
    ("m", "M"),
    ("rfm", "RFM"),
    ("segment", "Сегмент"),
    ("revenue", "Выручка"),
    ("average_check", "Средний чек"),
    ("first_order", "Первый заказ"),
    ("last_order", "Последний заказ"),
    ("top_category", "Главная категория"),
    ("largest_order", "Крупнейший заказ"),
    ("views", "Просмотры"),
    ("carts", "Корзины"),
    ("clicks", "Клики"),
    ("opens", "Открытия писем"),
    ("views_without_order", "Просмотры без заказа"),
    ("carts_without_order", "Брошенные корзины"),
    ("clicks_without_order", "Клики без заказа"),
    ("days_since_visit", "Дней с визита"),
    ("p_alive", "Вероятность активности"),
    ("expected_purchases", "Ожидаемые покупки"),
    ("expected_value", "Ожидаемый чек"),
    ("clv", "CLV (прогноз ценности)"),
    ("abc", "ABC"),
    ("xyz", "XYZ"),
    ("abc_xyz", "ABC/XYZ"),
    ("cv", "CV"),
    ("lifecycle", "Этап"),
    ("value_tier", "Уровень ценности"),
    ("funnel", "Воронка"),
    ("points", "Баллы"),
    ("points_tier", "Уровень по баллам"),
    ("rule_segments", "Сегменты по правилам"),
    ("tags", "Теги"),
    ("manual_segments", "Ручные сегменты"),
    ("next_action", "Действие"),
    ("channel", "Канал"),
    ("offer", "Следующее действие"),
    ("message", "Текст сообщения"),
    ("line", "Строка"),
    ("reason", "Код причины"),
    ("reason_text", "Причина"),
    ("from", "Было"),
    ("to", "Стало"),
    ("movement", "Движение"),
    ("revenue_before", "Выручка до"),
    ("revenue_after", "Выручка после"),
    ("revenue_change", "Изменение выручки"),
];

/// The headers of an export: the keys, or their names in Russian (see
/// [`CsvOptions::header_keys`]); the clients table's and the file's own columns as named.
pub(super) fn headers<'a>(
    keys: &[&'a str],
    own: &[&'a str],
    lang: Lang,
    opts: &CsvOptions,
) -> Vec<&'a str> {
    let name = |k: &'a str| match (lang, opts.header_keys) {
        (Lang::Ru, false) => HEADERS_RU
            .iter()
            .find(|(key, _)| *key == k)
            .map_or(k, |(_, ru)| ru),
        _ => k,
    };
    keys.iter()
        .map(|k| name(k))
        .chain(own.iter().copied())
        .collect()
}

/// The contact list's columns.
const CONTACTS: [&str; 13] = [
    "customer_id",
    "name",
    "email",
    "phone",
    "segment",
    "lifecycle",
    "recency_days",
    "frequency",
    "monetary",
    "next_action",
    "channel",
    "offer",
    "message",
];

impl Report {
    /// A client's facts from its orders alone (no clients-table attributes): what the
    /// criteria's CSV cells read.
    fn order_facts(&self, i: usize) -> Facts<'_> {
        let c = &self.cols;
        let has = c.recency[i] >= 0;
        Facts {
            id: self.ids.get(i),
            recency: has.then_some(c.recency[i] as f64),
            orders: c.frequency[i],
            revenue: money::to_f64(c.revenue[i]),
            periods: c.periods[i],
            cv: (!c.cv[i].is_nan()).then_some(c.cv[i]),
            ..Facts::default()
        }
    }

    /// The clients table's attribute columns: (header, column index).
    fn attribute_columns(&self) -> Vec<(String, usize)> {
        match &self.clients {
            Some(t) => t
                .columns
                .iter()
                .filter(|col| col.role != Role::Client)
                .map(|col| (col.name.clone(), col.index))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The scored client table as CSV (header includes
    /// `customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment`, then the catalogue
    /// labels and the clients-table attributes, numeric ones in the export's decimal format;
    /// in Russian `ID клиента;Давность, дн.;…`).
    pub fn customers_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let engine = self.labeler.engine();
        let attrs = self.attribute_columns();
        let mut keys: Vec<&str> = vec!["customer_id", "recency_days", "frequency"];
        keys.extend_from_slice(rfm::CSV);
        keys.extend(["revenue", "average_check", "first_order", "last_order"]);
        // A file with a category column (a line-item export): what each client bought.
        let bought = self.cols.categories.is_some();
        if bought {
            keys.extend(["top_category", "largest_order"]);
        }
        // An events table: what each client did in the window.
        let behaved = self.has_events();
        if behaved {
            keys.extend(BEHAVIOUR_COLUMNS);
        }
        // The `clv` option: what the models predict of each client.
        let predicted = self.clv.as_ref();
        if predicted.is_some() {
            keys.extend(PREDICTION_COLUMNS.map(|(k, _)| k));
        }
        keys.extend(engine.csv_headers());
        // Tags and manual segments as the rules read them (the clients table's with the
        // marks set by hand), when any client has one.
        let (any_tags, any_segments) = self.has_marks();
        if any_tags {
            keys.push("tags");
        }
        if any_segments {
            keys.push("manual_segments");
        }
        let own: Vec<&str> = attrs.iter().map(|(n, _)| n.as_str()).collect();
        w.header(&headers(&keys, &own, lang, opts));
        let c = &self.cols;
        let mut labels = Labels::default();
        let mut joined = String::new();
        for i in 0..self.ids.len() {
            c.labels_of(i, &mut labels);
            let facts = self.order_facts(i);
            let bits = Cell::new(None);
            let client = Client::new(&engine, &facts, &labels, &bits);
            w.text(facts.id);
            match facts.has_orders() {
                true => w.int(c.recency[i] as i64),
                false => w.empty(),
            }
            w.int(c.frequency[i] as i64);
            rfm::csv(&client, lang, &mut w);
            w.money(c.revenue[i]);
            if c.frequency[i] > 0 {
                w.number(facts.average_order(), 2);
                w.text(&calendar::iso(c.first[i]));
                w.text(&calendar::iso(c.last[i]));
            } else {
                w.empty();
                w.empty();
                w.empty();
            }
            if bought {
                self.bought_cells(i, &mut w);
            }
            if behaved {
                self.behaviour_cells(i, &mut w);
            }
            if let Some(p) = predicted {
                let p = p.prediction(i);
                let values = [p.p_alive, p.expected_purchases, p.expected_value, p.clv];
                for (v, (_, decimals)) in values.into_iter().zip(PREDICTION_COLUMNS) {
                    w.number(v, decimals);
                }
            }
            engine.csv_catalogue(&client, lang, &mut w);
            let (tags, segments) = self.mark_lists(i);
            for (any, list) in [(any_tags, tags), (any_segments, segments)] {
                if any {
                    joined.clear();
                    for (k, t) in list.all.iter().enumerate() {
                        if k > 0 {
                            joined.push_str(", ");
                        }
                        joined.push_str(t);
                    }
                    w.text(&joined);
                }
            }
            for (_, col) in &attrs {
                match (&self.clients, c.attr_row[i]) {
                    // Numbers in the export's decimal format (read to four decimals).
                    (Some(t), row) if row != u32::MAX => match t.number(row, *col) {
                        Some(v) => w.number(v, 4),
                        None => w.text(t.cell(row, *col)),
                    },
                    _ => w.empty(),
                }
            }
            w.end_row();
        }
        Ok(w.finish())
    }

    /// The behaviour columns of output row `i` ([`BEHAVIOUR_COLUMNS`]).
    fn behaviour_cells(&self, i: usize, w: &mut CsvWriter) {
        let Some(e) = self.event_facts(i) else {
            for _ in BEHAVIOUR_COLUMNS {
                w.empty();
            }
            return;
        };
        for v in [
            e.views,
            e.carts,
            e.clicks,
            e.opens,
            e.views_without_order,
            e.carts_without_order,
            e.clicks_without_order,
        ] {
            w.int(v as i64);
        }
        match e.days_since_visit {
            Some(d) => w.int(d as i64),
            None => w.empty(),
        }
    }

    /// The top category and the largest order of output row `i`.
    fn bought_cells(&self, i: usize, w: &mut CsvWriter) {
        let c = &self.cols;
        let top = c.categories.as_ref().and_then(|t| {
            let (k, _, _) = t.row(i).iter().find(|e| e.1 > 0)?;
            t.names.get(*k as usize)
        });
        match top {
            Some(name) => w.text(name),
            None => w.empty(),
        }
        match (c.frequency[i] > 0, c.largest.get(i)) {
            (true, Some(v)) => w.money(*v),
            _ => w.empty(),
        }
    }

    /// Contacts of the clients matching `rule`, with their next action and its message, as
    /// CSV.
    pub fn contacts_csv(&self, rule: &RuleSource, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let sel = self.select(rule)?;
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        w.header(&headers(&CONTACTS, &[], lang, opts));
        let engine = self.labeler.engine();
        let c = &self.cols;
        let country = opts
            .phone_country
            .as_ref()
            .or(self.options.read.phone_country.as_ref())
            .map_or("7", |c| c.as_str())
            .trim_start_matches('+')
            .to_string();
        let mut labels = Labels::default();
        for &row in &sel.rows {
            let i = row as usize;
            c.labels_of(i, &mut labels);
            let facts = self.facts(i);
            let bits = Cell::new(None);
            let client = Client::new(&engine, &facts, &labels, &bits);
            w.text(facts.id);
            w.text(facts.name.unwrap_or(""));
            let (email, phone) = (facts.email.unwrap_or(""), facts.phone.unwrap_or(""));
            if opts.mailing {
                w.exact(&contact_text::clean_email(email).unwrap_or_default());
                w.exact(&contact_text::e164(phone, &country).unwrap_or_default());
            } else {
                w.text(email);
                w.text(phone);
            }
            w.text(engine.segment_name(labels.rfm.segment, lang));
            w.text(labels.lifecycle.name(lang));
            match facts.has_orders() {
                true => w.int(c.recency[i] as i64),
                false => w.empty(),
            }
            w.int(c.frequency[i] as i64);
            w.number(labels.rfm.monetary, 4);
            match labels.playbook {
                Some(a) => {
                    let p = &engine.catalogue.playbook[a as usize];
                    w.text(p.name_in(lang));
                    w.text(p.channel.name(lang));
                    w.text(p.offer_in(lang));
                    w.text(&playbook::message(&client, a as usize, lang));
                }
                None => (0..4).for_each(|_| w.empty()),
            }
            w.end_row();
        }
        Ok(w.finish())
    }

    /// The rejected rows kept for download, as CSV: line, reason, then the row's fields.
    pub fn rejected_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let own: Vec<&str> = self.sniff.columns.iter().map(|c| c.name.as_str()).collect();
        w.header(&headers(
            &["line", "reason", "reason_text"],
            &own,
            lang,
            opts,
        ));
        for r in &self.rejected {
            w.int(r.line as i64);
            w.text(r.kind.as_str());
            w.text(r.kind.describe(lang));
            for f in &r.fields {
                w.text(f);
            }
            w.end_row();
        }
        Ok(w.finish())
    }
}
