//! Prints one sheet of an .xlsx workbook as CSV: `cargo run -p segmenta-xlsx --example to_csv -- FILE [SHEET]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: to_csv FILE [SHEET]");
    let bytes = std::fs::read(&path).expect("read the file");
    let mut options = segmenta_xlsx::Options::default();
    if let Some(name) = args.next() {
        options.sheet = segmenta_xlsx::SheetChoice::Name(name);
    }
    match segmenta_xlsx::xlsx_to_csv(&bytes, &options) {
        Ok(c) => {
            eprintln!(
                "sheets {:?}, sheet {:?}, first row {}, first column {}, {} lines",
                c.sheets, c.sheet, c.first_row, c.first_column, c.lines
            );
            print!("{}", String::from_utf8_lossy(&c.csv));
        }
        Err(e) => {
            eprintln!("{}: {e}", e.kind().as_str());
            std::process::exit(1);
        }
    }
}
