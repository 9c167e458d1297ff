
/** Which sheet and how much memory: every field optional. */
export interface XlsxOptions {
  /** A sheet's name (hidden sheets too), or its 0-based position in `sheets`; the first visible worksheet by default. */
  sheet?: string | number;
  /** At most this many bytes for the workbook's text and styles and the CSV (default 1 GiB); beyond it, or when memory runs out first, `kind: "tooLarge"`. */
  maxBytes?: number;
  /** The language of error messages: `"en"` (the default) or `"ru"`. */
  lang?: "en" | "ru";
}

/** Options of `xlsxSheets`. */
export interface XlsxSheetsOptions {
  /** The language of error messages: `"en"` (the default) or `"ru"`. */
  lang?: "en" | "ru";
}

/** One sheet of a workbook as CSV, and the workbook's sheets. */
export interface XlsxCsv {
  /** UTF-8 CSV without a BOM (`,`, `"` quotes, `\n`): give it to `analyze`, `sniff` or an `Analyzer`. */
  csv: Uint8Array;
  /** The visible worksheets, in the order of the workbook's tabs. */
  sheets: string[];
  /** The sheet converted. */
  sheet: string;
  /** The sheet's row (1-based) of the CSV's first line: line `n` is row `firstRow + n - 1`. */
  firstRow: number;
  /** The sheet's column (1-based, 1 is A) of the CSV's first field. */
  firstColumn: number;
  /** Lines of the CSV. */
  lines: number;
}

export type XlsxErrorKind =
  | "notXlsx" | "legacyXls" | "encrypted" | "damaged" | "sheetNotFound" | "emptySheet"
  | "tooLarge" | "invalidOption";

/** The error the functions throw: `err.name === "SegmentationError"`; branch on `err.kind`, show `err.message` (in the options' `lang`). */
export interface XlsxError extends Error {
  kind: XlsxErrorKind;
}
