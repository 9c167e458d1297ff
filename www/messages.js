// The message line under the header (#message): one text at a time, with its kind.
import { $ } from './dom.js';
import { get } from './store.js';
import { t } from './i18n.js';
import { sheetLine } from './workbook.js';

/** Shows `text` (or hides the line when it is empty); kind: info, warn or error. */
export function showMessage(text, kind = 'info') {
  const el = $('#message');
  el.hidden = !text;
  el.className = `message ${kind}`;
  el.textContent = text || '';
}

/** Whether the line currently has one of these classes (an error, a progress note). */
export function messageHas(...classes) {
  const el = $('#message');
  return classes.some((c) => el.classList.contains(c));
}

/** The module's errors the page words itself, by their kind: the message's key here. */
const KIND_TEXT = { notText: 'errorNotText', headerOnly: 'errorHeaderOnly' };

/** Whether the open source is a workbook that was read: its lines are the sheet's rows. */
const readWorkbook = () => !!get('source')?.workbook?.firstRow;

/**
 * The text of an error from the worker, with its line (a workbook's: the sheet's row) and
 * column when it has them. Errors the page itself raises carry `text`, the key of their
 * message here; the module's own errors bring their message, unless the page words their
 * kind itself.
 */
export function errorText(e) {
  const where = [];
  if (e.line) where.push(readWorkbook() ? t('errorAtRow', { row: sheetLine(e.line) }) : t('errorAt', { line: e.line }));
  if (e.column) where.push(t('errorColumn', { column: e.column }));
  const key = e.text || KIND_TEXT[e.kind];
  const message = key ? t(key) : e.message;
  return `${t('errorPrefix')}: ${message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** The line that says a format fix was applied: the setting by its name on the page. */
export function fixText(f) {
  if (f.option === 'quotes') return t('fixQuotes', { line: f.line ?? '?' });
  const value = f.option === 'decimalSeparator' ? `«${f.value}» ${t(f.value === ',' ? 'comma' : 'dot')}` : f.value;
  if (readWorkbook() && f.line) return t('fixAppliedRow', { row: sheetLine(f.line), option: t(f.option), value });
  return t('fixApplied', { line: f.line ?? '?', option: t(f.option), value });
}
