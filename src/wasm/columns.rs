//! Typed columns as a plain object of typed arrays and name lists.

use super::set;
use crate::criteria::ColumnSink;
use js_sys::{Array, Float64Array, Int16Array, Int32Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::JsValue;

/// Collects columns into a JavaScript object.
pub(super) struct JsColumns(pub(super) Object);

impl ColumnSink for JsColumns {
    fn u8s(&mut self, name: &str, values: &[u8]) {
        set(&self.0, name, &Uint8Array::from(values).into());
    }

    fn i16s(&mut self, name: &str, values: &[i16]) {
        set(&self.0, name, &Int16Array::from(values).into());
    }

    fn i32s(&mut self, name: &str, values: &[i32]) {
        set(&self.0, name, &Int32Array::from(values).into());
    }

    fn u32s(&mut self, name: &str, values: &[u32]) {
        set(&self.0, name, &Uint32Array::from(values).into());
    }

    fn f64s(&mut self, name: &str, values: &[f64]) {
        set(&self.0, name, &Float64Array::from(values).into());
    }

    fn names(&mut self, name: &str, values: &[&str]) {
        let a = Array::new_with_length(values.len() as u32);
        for (i, v) in values.iter().enumerate() {
            a.set(i as u32, JsValue::from_str(v));
        }
        set(&self.0, name, &a);
    }
}
