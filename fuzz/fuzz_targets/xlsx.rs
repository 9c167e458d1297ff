//! Any bytes as an Excel workbook: one sheet as CSV, or an error with a kind, never a
//! panic (the seeds are small workbooks, deflated and stored, so that mutations reach the
//! archive's directory, the XML of every part and the cells).
#![no_main]
use libfuzzer_sys::fuzz_target;
use segmenta_xlsx::{sheet_names, xlsx_to_csv, Options, SheetChoice};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        max_bytes: 64 << 20,
        ..Options::default()
    };
    let _ = xlsx_to_csv(data, &options);
    if let Ok(names) = sheet_names(data) {
        for (i, name) in names.into_iter().enumerate().take(4) {
            for sheet in [SheetChoice::Name(name), SheetChoice::Index(i)] {
                let _ = xlsx_to_csv(data, &Options { sheet, ..options.clone() });
            }
        }
    }
});
