import type { AppliedFix, Report } from './segmenta.js';

/** Files smaller than this are read by one reader. */
export const MIN_PARALLEL_BYTES: number;

export interface ParallelOptions {
  /** Web Workers to read with (default `navigator.hardwareConcurrency`). */
  workers?: number;
  /** The compiled module (default: compiled from `segmenta_bg.wasm` next to this file). */
  module?: WebAssembly.Module;
  /** Cancels the run (the promise rejects with `kind: "cancelled"`). */
  signal?: AbortSignal;
  /** Bytes and rows read so far by all workers. */
  onProgress?: (p: { bytes: number; total: number; rows: number }) => void;
}

/** Milliseconds of a run in byte ranges: finding cuts, reading the ranges, merging; per range. */
export interface RangeTimings {
  cuts: number;
  ranges: number;
  merge: number;
  workers: { read: number; finish?: number; began?: number; done?: number; arrived?: number }[];
}

/** Reads the file in byte ranges on several workers; `report: null` with the reason when not split. */
export function analyzeInRanges(
  source: Blob | Uint8Array | ArrayBuffer,
  options?: object,
  how?: ParallelOptions,
): Promise<{ report: Report; ranges: number; timings: RangeTimings } | { report: null; reason: string }>;

/** How `analyzeStream` reads. */
export interface StreamOptions {
  /** Cancels the run (the promise rejects with `kind: "cancelled"`). */
  signal?: AbortSignal;
  /** Bytes, rows and clients read so far, at most every `progressEvery` ms. */
  onProgress?: (p: { bytes: number; total: number; rows: number; clients: number }) => void;
  /** A late row contradicted the format: the fix taken, before the bytes are read again. */
  onReadAgain?: (fix: AppliedFix) => void;
  /** Milliseconds between progress reports (default 100). */
  progressEvery?: number;
  /** Let other tasks run at least this often (ms), e.g. a worker's cancel message. */
  yieldEvery?: number;
}

/** Reads the file with one streaming `Analyzer`, reading it again when the analyzer takes a fix. */
export function analyzeStream(
  source: Blob | Uint8Array | ArrayBuffer,
  options?: object,
  how?: StreamOptions,
): Promise<{ report: Report; fixes: AppliedFix[] }>;

/** Like `analyzeInRanges`, falling back to one `Analyzer`; `fallback` says why one reader read it. */
export function analyzeParallel(
  source: Blob | Uint8Array | ArrayBuffer,
  options?: object,
  how?: ParallelOptions & StreamOptions,
): Promise<{ report: Report; ranges: number; fallback?: string; timings?: RangeTimings; fixes: AppliedFix[] }>;

/** Starts `n` workers ahead of a run, so that the run does not wait for them. */
export function startWorkers(n: number, module?: WebAssembly.Module): Promise<void>;

/** Stops the kept workers. */
export function terminateWorkers(): void;
