//! Reading one file in byte ranges on several Web Workers: `RangeReader`, `findCut`,
//! `mergeRanges` (what `parallel.js` drives).

use super::{
    bytes_of, decode_options, encode, finished, option_error, thrown, to_js_error, Report,
};
use crate::locale::Lang;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// Reads one byte range of a file split across Web Workers (what `parallel.js` runs in each
/// worker): `push` the range's bytes, then `finish()` returns its partial state as bytes for
/// `mergeRanges`.
#[wasm_bindgen]
pub struct RangeReader {
    inner: Option<crate::parallel::RangeReader>,
    head: Vec<u8>,
    total: u64,
    /// The language of its errors.
    lang: Lang,
}

#[wasm_bindgen]
impl RangeReader {
    /// A reader of range `index` (0 = the file's start; the others start where `findCut`
    /// said). `head` is the file's first `splitHeadBytes()` bytes (the whole file when
    /// smaller), `total` the file's size, `rangeBytes` the range's. Throws for inputs that are
    /// never split (`mergeBy`, encodings other than UTF-8 and one-byte ones).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
        head: &[u8],
        total: f64,
        index: u32,
        range_bytes: f64,
    ) -> Result<RangeReader, JsValue> {
        let (opts, _) = decode_options(&options)?;
        let r =
            crate::parallel::RangeReader::new(&opts, head, total as u64, index, range_bytes as u64)
                .map_err(thrown(opts.lang))?;
        Ok(RangeReader {
            inner: Some(r),
            // Only the first range's reader merges (see `finishAndMerge`).
            head: if index == 0 {
                head.to_vec()
            } else {
                Vec::new()
            },
            total: total as u64,
            lang: opts.lang,
        })
    }

    fn get(&mut self) -> Result<&mut crate::parallel::RangeReader, JsValue> {
        let lang = self.lang;
        self.inner
            .as_mut()
            .ok_or_else(|| finished("range reader", lang))
    }

    /// Feeds the next chunk of the range.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let lang = self.lang;
        let r = self.get()?;
        r.push(chunk).map_err(|e| {
            self.inner = None;
            to_js_error(e, lang)
        })
    }

    /// Bytes received, rows read and clients seen so far in this range.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(&mut self) -> Result<JsValue, JsValue> {
        encode(&self.get()?.progress())
    }

    fn take(&mut self) -> Result<crate::parallel::Partial, JsValue> {
        let lang = self.lang;
        let mut r = self
            .inner
            .take()
            .ok_or_else(|| finished("range reader", lang))?;
        r.finish().map_err(thrown(lang))
    }

    /// Ends the range; its partial state as bytes (transferable to the merging thread).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        Ok(self.take()?.to_bytes())
    }

    /// Ends this range (the file's first, read by the merging thread itself) and merges the
    /// other ranges' parts (from `finish()` in other workers) into it: the report one reader
    /// would have made. Throws `kind: "inexactSplit"` like `mergeRanges`.
    #[wasm_bindgen(js_name = finishAndMerge)]
    pub fn finish_and_merge(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] parts: JsValue,
    ) -> Result<Report, JsValue> {
        let first = self.take()?;
        merge(&options, &self.head, self.total, Some(first), &parts)
    }
}

/// Decodes the options and parts, and merges.
fn merge(
    options: &JsValue,
    head: &[u8],
    total: u64,
    first: Option<crate::parallel::Partial>,
    parts: &JsValue,
) -> Result<Report, JsValue> {
    let (opts, clients) = decode_options(options)?;
    let lang = opts.lang;
    let parts: &Array = parts.dyn_ref().ok_or_else(|| {
        option_error(
            lang,
            "parts must be an array of Uint8Array",
            "части файла должны быть массивом Uint8Array",
        )
    })?;
    let parts = parts
        .iter()
        .map(|p| bytes_of(&p, ("a range's part", "часть файла"), lang))
        .collect::<Result<Vec<_>, _>>()?;
    crate::merge_ranges(&opts, clients.as_deref(), head, total, first, &parts)
        .map(Report::from)
        .map_err(thrown(lang))
}

/// Bytes of the file's start every range reader needs (`head` of `RangeReader`).
#[wasm_bindgen(js_name = splitHeadBytes)]
pub fn split_head_bytes() -> u32 {
    crate::parallel::HEAD_BYTES as u32
}

/// Bytes `findCut` wants to see after an ideal cut point.
#[wasm_bindgen(js_name = splitCutWindow)]
pub fn split_cut_window() -> u32 {
    crate::parallel::CUT_WINDOW as u32
}

/// The offset in `window` (bytes of the file from anywhere after its head) of a line start
/// where the date moves on, to start a range at; `undefined` when there is none. Throws for
/// inputs that are never split.
#[wasm_bindgen(js_name = findCut)]
pub fn find_cut_js(
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
    head: &[u8],
    total: f64,
    window: &[u8],
) -> Result<Option<f64>, JsValue> {
    let (opts, _) = decode_options(&options)?;
    crate::parallel::find_cut(&opts, head, total as u64, window)
        .map(|c| c.map(|c| c as f64))
        .map_err(thrown(opts.lang))
}

/// Merges the partial states of every range of one file (from `RangeReader.finish()`) into
/// the report one reader would have made. Throws `kind: "inexactSplit"` when the ranges could
/// have seen each other's rows (the file is not in date order, an order spans a cut…): read
/// the file with one `Analyzer` then.
#[wasm_bindgen(js_name = mergeRanges)]
pub fn merge_ranges_js(
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
    head: &[u8],
    total: f64,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] parts: JsValue,
) -> Result<Report, JsValue> {
    merge(&options, head, total as u64, None, &parts)
}
