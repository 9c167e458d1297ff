//! `automate` and the `Automation` class (triggers, tasks, contacts, the journal), and the
//! `Pilot` class (a seeded test/control split and its evaluation).

use super::report::Report;
use super::{csv_options_in, encode, from_js, thrown};
use crate::dynamic::{self, AutomationSpec, Journal, PilotSpec};
use crate::error::ErrorKind;
use wasm_bindgen::prelude::*;

/// One automation run.
#[wasm_bindgen]
pub struct Automation {
    inner: dynamic::Automation,
    /// The report it ran on, for CSV defaults.
    lang: crate::Lang,
}

/// Runs automation between `before` (the previous run's report) and `now`: which triggers
/// fire for whom (given `journal`, the previous run's `journal()`), the tasks for managers
/// and the contacts the plan allows.
#[wasm_bindgen(js_name = automate)]
pub fn automate_js(
    before: &Report,
    now: &Report,
    #[wasm_bindgen(unchecked_param_type = "AutomationSpec")] spec: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Journal")] journal: JsValue,
) -> Result<Automation, JsValue> {
    run(Some(&before.inner), &now.inner, spec, journal)
}

/// A first run of automation, with no earlier report: label triggers fire for everyone in
/// the label, day triggers for every day up to `now`'s date (or after the spec's `since`).
#[wasm_bindgen(js_name = automateFirst)]
pub fn automate_first_js(
    now: &Report,
    #[wasm_bindgen(unchecked_param_type = "AutomationSpec")] spec: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Journal")] journal: JsValue,
) -> Result<Automation, JsValue> {
    run(None, &now.inner, spec, journal)
}

fn run(
    before: Option<&crate::Report>,
    now: &crate::Report,
    spec: JsValue,
    journal: JsValue,
) -> Result<Automation, JsValue> {
    let lang = now.lang();
    let spec: AutomationSpec = from_js(
        spec,
        ("automation", "настройки автоматизации"),
        ErrorKind::InvalidOption,
        lang,
    )?;
    let journal: Journal = match journal.is_undefined() || journal.is_null() {
        true => Journal::default(),
        false => from_js(
            journal,
            ("automation journal", "журнал автоматизации"),
            ErrorKind::InvalidState,
            lang,
        )?,
    };
    let inner = dynamic::automate(before, now, &spec, &journal).map_err(thrown(lang))?;
    Ok(Automation { inner, lang })
}

#[wasm_bindgen]
impl Automation {
    /// The run's date, what it looked at, and per trigger its firings and suppressions.
    #[wasm_bindgen(unchecked_return_type = "AutomationSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.summary())
    }

    /// Every firing, with its reason.
    #[wasm_bindgen(unchecked_return_type = "Firing[]")]
    pub fn firings(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.firings)
    }

    /// Conditions that did not fire (re-entry off, cooldown), with the reason.
    #[wasm_bindgen(unchecked_return_type = "Suppressed[]")]
    pub fn suppressed(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.suppressed)
    }

    /// Tasks for managers.
    #[wasm_bindgen(unchecked_return_type = "Task[]")]
    pub fn tasks(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.tasks)
    }

    /// Planned contacts (one per client at most).
    #[wasm_bindgen(unchecked_return_type = "Contact[]")]
    pub fn contacts(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.contacts)
    }

    /// Actions not planned this run, with the reason.
    #[wasm_bindgen(unchecked_return_type = "Held[]")]
    pub fn held(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.held)
    }

    /// The journal to pass to the next run.
    #[wasm_bindgen(unchecked_return_type = "Journal")]
    pub fn journal(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.journal)
    }

    /// The tasks as CSV bytes for import into a CRM.
    #[wasm_bindgen(js_name = tasksCsv)]
    pub fn tasks_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = csv_options_in(&options, self.lang)?;
        self.inner.tasks_csv(&o).map_err(thrown(self.lang))
    }

    /// The contacts as CSV bytes (a call list, or a mailing list with `mailing: true`).
    #[wasm_bindgen(js_name = contactsCsv)]
    pub fn contacts_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = csv_options_in(&options, self.lang)?;
        self.inner.contacts_csv(&o).map_err(thrown(self.lang))
    }

    /// The firings as CSV bytes.
    #[wasm_bindgen(js_name = firingsCsv)]
    pub fn firings_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let o = csv_options_in(&options, self.lang)?;
        self.inner.firings_csv(&o).map_err(thrown(self.lang))
    }
}

/// A pilot campaign: the test and control groups, kept as JSON until it is evaluated.
#[wasm_bindgen]
pub struct Pilot {
    inner: dynamic::Pilot,
}

#[wasm_bindgen]
impl Pilot {
    /// Splits the clients `spec.when` selects in `report` into test and control, per
    /// segment, reproducibly from `spec.seed`.
    pub fn create(
        report: &Report,
        #[wasm_bindgen(unchecked_param_type = "PilotSpec")] spec: JsValue,
    ) -> Result<Pilot, JsValue> {
        let lang = report.inner.lang();
        let spec: PilotSpec = from_js(spec, ("pilot", "пилот"), ErrorKind::InvalidOption, lang)?;
        let inner = dynamic::Pilot::new(&report.inner, &spec).map_err(thrown(lang))?;
        Ok(Pilot { inner })
    }

    /// A pilot saved with `toJSON()`; other versions are refused.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(text: &str) -> Result<Pilot, JsValue> {
        let inner = dynamic::Pilot::from_json(text).map_err(thrown(crate::Lang::En))?;
        Ok(Pilot { inner })
    }

    /// The pilot as JSON text, to keep until it is evaluated.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).unwrap_or_default()
    }

    /// The start date.
    #[wasm_bindgen(getter)]
    pub fn start(&self) -> String {
        self.inner.start.clone()
    }

    /// Members: id, segment, test or control, channel, orders and revenue at the start.
    #[wasm_bindgen(unchecked_return_type = "PilotMember[]")]
    pub fn members(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.members)
    }

    /// The test group as CSV bytes for a mailing tool, with contacts from `report`.
    #[wasm_bindgen(js_name = testCsv)]
    pub fn test_csv(
        &self,
        report: &Report,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let lang = report.inner.lang();
        let o = csv_options_in(&options, lang)?;
        self.inner.test_csv(&report.inner, &o).map_err(thrown(lang))
    }

    /// What the pilot did by `later`'s date: response rate, revenue per client and uplift
    /// with 95 % intervals, overall, per segment and per segment and channel.
    #[wasm_bindgen(unchecked_return_type = "PilotResult")]
    pub fn evaluate(&self, later: &Report) -> Result<JsValue, JsValue> {
        let lang = later.inner.lang();
        encode(&self.inner.evaluate(&later.inner).map_err(thrown(lang))?)
    }
}
