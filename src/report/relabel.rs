//! The same clients labelled under other options, without reading the file again.

use super::build::fit;
use super::marks::Marks;
use super::Report;
use crate::criteria;
use crate::error::{Error, IssueKind};
use crate::money;
use crate::options::Options;
use std::sync::Arc;

fn changed(name: &str) -> Error {
    Error::option(format!(
        "option `{name}` changes how the file is read: analyse it again"
    ))
    .ru(format!(
        "настройка `{name}` меняет чтение файла: проанализируйте его заново"
    ))
}

impl Report {
    /// The same clients labelled under other options, without reading the file again.
    ///
    /// Everything that labels or scores can change (levels, direction, thresholds, presets,
    /// ABC/XYZ thresholds, lifecycle, tiers, funnel, points, rule segments, playbook,
    /// language), and `asOf` when it is not before the last order date. Options that change
    /// how the file is read (encoding, columns, formats, duplicates, merging, the XYZ period,
    /// an earlier `asOf`, the clients table) are an `invalidOption` error naming the option:
    /// analyse the file again for those.
    pub fn relabel(&self, opts: &Options) -> Result<Report, Error> {
        self.relabel_marked(opts, self.marks.clone())
    }

    /// [`Report::relabel`] with the marks set by hand `marks`.
    pub(super) fn relabel_marked(
        &self,
        opts: &Options,
        marks: Arc<Marks>,
    ) -> Result<Report, Error> {
        let old = &self.options;
        if let Some(name) = old.read.first_difference(&opts.read) {
            return Err(changed(name));
        }
        if opts.xyz_tracking().is_some() && old.xyz_tracking() != opts.xyz_tracking() {
            return Err(changed("xyz.method"));
        }
        let r = opts.read.resolve()?;
        let old_as_of = old.read.resolve()?.as_of;
        let as_of = r.as_of.or(self.max_day).unwrap_or(self.as_of);
        let excluded_after = self
            .audit
            .issues
            .iter()
            .any(|g| g.kind == IssueKind::AfterAsOf);
        if self.max_day.is_some_and(|m| as_of < m)
            || (excluded_after && old_as_of.is_some_and(|o| as_of > o))
        {
            return Err(Error::option(
                "option `asOf` moves past rows the file was read with: analyse it again",
            )
            .ru("новая дата анализа отсекает строки, с которыми прочитан файл: проанализируйте его заново"));
        }
        let mut cols = self.cols.clone();
        let period = opts.xyz_period();
        let p_as_of = period.index(as_of);
        for i in 0..self.customers {
            cols.recency[i] = as_of - cols.last[i];
            let p = (p_as_of - period.index(cols.first[i]) + 1).max(1) as u32;
            cols.periods[i] = p;
            cols.cv[i] =
                criteria::cv(money::to_f64(cols.revenue[i]), cols.ss[i], p).unwrap_or(f64::NAN);
        }
        let (labeler, check) = fit(&cols, self.customers, self.clients.as_ref(), opts, as_of)?;
        // What reading wrote is kept in both languages: it follows the new one.
        let mut audit = self.audit.clone();
        audit.localize(opts.lang);
        let mut sniff = self.sniff.clone();
        sniff.localize(opts.lang);
        let base_warnings = self.base_warnings.iter().map(|w| w.localized(opts.lang));
        let mut report = Report {
            labeler,
            lang: opts.lang,
            as_of,
            ids: self.ids.clone(),
            cols,
            audit,
            rejected: self.rejected.clone(),
            sniff,
            check,
            warnings: Vec::new(),
            base_warnings: base_warnings.collect(),
            clients: self.clients.clone(),
            transactions: self.transactions,
            customers: self.customers,
            heap_bytes: self.heap_bytes,
            min_day: self.min_day,
            max_day: self.max_day,
            sorted: self.sorted,
            options: opts.clone(),
            history: self.history.clone(),
            update: self.update,
            marks,
            events: self.events.clone(),
            clv: None,
        };
        // The fits depend on the dates and the model options, not on the language: kept
        // (with the backtest) and told in the new one.
        let same = as_of == self.as_of && old.clv_options() == opts.clv_options();
        let kept = self
            .clv
            .as_ref()
            .filter(|_| same)
            .map(|c| match opts.lang == self.lang {
                true => c.clone(),
                false => Arc::new(c.localized(opts.lang)),
            });
        report.predict(kept)?;
        report.label_all();
        report.warnings = report.find_warnings();
        Ok(report)
    }
}
