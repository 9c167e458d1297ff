//! Tags and manual segments set by hand: `report.assign`, `report.unassign` and
//! `report.marks()`.

use super::report::Report;
use super::{encode, from_js, option_error, thrown};
use crate::error::ErrorKind;
use crate::locale::Lang;
use crate::report::Mark;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// A mark as JavaScript gives it: `{ tag: "vip" }` or `{ segment: "Ключевые" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkJs {
    tag: Option<String>,
    segment: Option<String>,
}

fn decode_mark(mark: &JsValue, lang: Lang) -> Result<Mark, JsValue> {
    let what = ("mark", "отметка");
    let m: MarkJs = from_js(mark.clone(), what, ErrorKind::InvalidOption, lang)?;
    match (m.tag, m.segment) {
        (Some(t), None) => Ok(Mark::tag(t)),
        (None, Some(s)) => Ok(Mark::segment(s)),
        _ => Err(option_error(
            lang,
            "a mark is { tag: \"…\" } or { segment: \"…\" }, one of them",
            "отметка — это { tag: \"…\" } или { segment: \"…\" }, что-то одно",
        )),
    }
}

fn decode_ids(ids: &JsValue, lang: Lang) -> Result<Vec<String>, JsValue> {
    let what = ("client ids", "id клиентов");
    from_js(ids.clone(), what, ErrorKind::InvalidClient, lang)
}

impl Report {
    fn edit(&self, ids: &JsValue, mark: &JsValue, remove: bool) -> Result<Report, JsValue> {
        let lang = self.inner.lang();
        let edit = crate::MarkEdit {
            ids: decode_ids(ids, lang)?,
            mark: decode_mark(mark, lang)?,
            remove,
        };
        self.inner
            .mark(&[edit])
            .map(Report::from)
            .map_err(thrown(lang))
    }
}

#[wasm_bindgen]
impl Report {
    /// This report with a tag (`{ tag: "vip" }`) or a manual segment
    /// (`{ segment: "Ключевые" }`) assigned to the clients `ids`, relabelled: rules read
    /// `tags` and `manual_segments`. The text is trimmed and compared folded; the spelling
    /// in use is kept. Unknown ids throw `invalidClient` (listing them, nothing applied); an
    /// empty text or one with `,` `;` `|` throws `invalidOption`. The marks are kept in
    /// `state()`.
    pub fn assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MarkInput")] mark: JsValue,
    ) -> Result<Report, JsValue> {
        self.edit(&ids, &mark, false)
    }

    /// This report with the mark removed from the clients `ids`, relabelled: a mark of the
    /// clients table is hidden (assigning it again shows it).
    pub fn unassign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MarkInput")] mark: JsValue,
    ) -> Result<Report, JsValue> {
        self.edit(&ids, &mark, true)
    }

    /// What was set by hand: per tag and per manual segment, the clients it was assigned to
    /// and those whose clients-table mark was removed.
    #[wasm_bindgen(unchecked_return_type = "ManualMarks")]
    pub fn marks(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.manual_marks())
    }
}
