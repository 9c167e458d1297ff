// The mapping step (#mapping): the sheet of a workbook with several, the parsing options
// with what was detected, the first lines of the file as read, and a role for each column.
// Changes go to reading.js; the analysis runs again when the user applies them. Another
// sheet is read as a new file (source.js).
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import * as S from './settings.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { mappingProblem, setParseOption, resniff, assignRole, sniffOptions } from './reading.js';
import { runAnalysis } from './analysis.js';
import { lineLabel, sheetLine } from './workbook.js';

/** Called with a sheet's name when the user picks another sheet of the workbook. */
let onSheet = () => {};

/** Who reads another sheet when the user picks one (source.js). */
export function bindSheetChoice(handler) {
  onSheet = handler;
}

/** A delimiter as the page names it: «;» semicolon, tab, … */
export function delimiterName(d) {
  return { ';': `«;» ${t('semicolon')}`, ',': `«,» ${t('comma')}`, '\t': t('tab'), '|': `«|» ${t('pipe')}` }[d] || d;
}

/** Opens (or folds) the mapping step. */
export function openMapping(open) {
  $('#mapping').open = open;
}

/** The sheet select of a workbook with several visible sheets, or null. */
function sheetField() {
  const wb = get('source')?.workbook;
  if (!wb || wb.sheets.length < 2) return null;
  const select = h(
    'select',
    { id: 'sheet-select', translate: 'no', onchange: (e) => onSheet(e.target.value) },
    wb.sheets.map((s) => h('option', { value: s, selected: s === wb.sheet }, s)),
  );
  return h('label', { class: 'field sheet-field' }, h('span', {}, t('sheet')), select);
}

function parseGrid(sn) {
  const parse = get('parse');
  // A workbook's sheet comes as UTF-8 with commas: its encoding and delimiter are not the user's.
  const workbook = !!get('source')?.workbook;
  const sel = (key, options) => {
    const select = h(
      'select',
      { id: `parse-${key}`, onchange: (e) => onParseChange(key, e.target.value) },
      options.map(([v, label]) => h('option', { value: v, selected: String(parse[key]) === v }, label)),
    );
    return h('label', { class: 'field' }, h('span', {}, t(key)), select);
  };
  const detected = (v) => t('autoDetected', { value: v });
  return h(
    'div',
    { class: 'parse-grid' },
    sheetField(),
    workbook ? null : sel('encoding', [
      ['', detected(sn.encoding)],
      ['utf-8', 'UTF-8'],
      ['windows-1251', 'Windows-1251'],
      ['koi8-r', 'KOI8-R'],
      ['ibm866', 'CP866'],
      ['utf-16le', 'UTF-16 LE'],
      ['utf-16be', 'UTF-16 BE'],
      ['windows-1252', 'Windows-1252'],
    ]),
    workbook ? null : sel('delimiter', [
      ['', detected(delimiterName(sn.delimiter))],
      [';', delimiterName(';')],
      [',', delimiterName(',')],
      ['tab', delimiterName('\t')],
      ['|', delimiterName('|')],
    ]),
    sel('headerRow', [
      ['', detected(sn.headerLine ? lineLabel(sn.headerLine) : t('noHeader'))],
      ['none', t('noHeader')],
      ...[1, 2, 3, 4, 5].map((n) => [String(n), lineLabel(n)]),
    ]),
    sel('decimalSeparator', [
      ['', detected(sn.decimalSeparator)],
      [',', `«,» ${t('comma')}`],
      ['.', `«.» ${t('dot')}`],
    ]),
    sel('dateFormat', [
      ['', detected(sn.dateFormat || '—')],
      ['DD.MM.YYYY', 'DD.MM.YYYY'],
      ['YYYY-MM-DD', 'YYYY-MM-DD'],
      ['MM/DD/YYYY', 'MM/DD/YYYY'],
      ['YYYYMMDD', 'YYYYMMDD'],
      ['excel', t('excelSerial')],
      ['unix', t('unixSeconds')],
      ['unixMs', t('unixMs')],
    ]),
  );
}

/** One row per column: its name, a role select (with the worker's guess) and examples. */
function columnRows(sn) {
  const roles = S.MAPPING_ROLES;
  const mapping = get('mapping');
  return sn.columns.map((col) => {
    const assigned = Object.entries(mapping).find(([, idx]) => idx === col.index)?.[0] || '';
    const select = h(
      'select',
      {
        id: `role-${col.index}`,
        dataset: { column: col.index },
        // Named by the header "what it holds" and the column's name, both on screen.
        'aria-labelledby': `mapping-role-head column-name-${col.index}`,
        onchange: (e) => onRoleChange(col.index, e.target.value),
      },
      h('option', { value: '', selected: !assigned }, t('roleNone')),
      roles.map((r) => h('option', { value: r, selected: assigned === r }, t(`role_${r}`))),
    );
    const other = !roles.includes(col.role) && col.role !== 'attribute' ? t('guessedOther', { role: t(`role_${col.role}`) }) : '';
    const sure = roles.includes(col.role) && col.roleConfidence ? t('confidence', { value: get('fmt').pct0(col.roleConfidence) }) : '';
    return h(
      'tr',
      { class: assigned ? 'mapped' : null },
      h('th', { scope: 'row', id: `column-name-${col.index}`, translate: 'no' }, col.name),
      h('td', {}, select, other || sure ? h('div', { class: 'muted small' }, other || sure) : null),
      h('td', { class: 'examples', translate: 'no' }, col.examples.slice(0, 3).join(' · ')),
    );
  });
}

export function renderMapping() {
  const body = $('#mapping-body');
  clear(body);
  const source = get('source');
  const workbook = !!source?.workbook;
  $('#mapping > summary').textContent = t(workbook ? 'mappingSummaryWorkbook' : 'mappingSummary');
  // A file the worker could not open has no reading to show (the sniff is the previous
  // file's); a workbook whose sheet could not be read still offers its other sheets.
  const sn = source?.error ? null : get('sniff');
  const choice = sn ? null : sheetField();
  $('#mapping').hidden = !sn && !choice;
  if (!sn) {
    if (choice) body.append(h('div', { class: 'parse-grid' }, choice));
    return;
  }
  body.append(parseGrid(sn));
  // Lines numbered as the user finds them: a workbook's by the sheet's rows.
  const numbers = sn.rawPreview.slice(0, 8).map((_, i) => String(sheetLine(i + 1)));
  const width = Math.max(2, ...numbers.map((n) => n.length));
  const preview = workbook ? 'rawPreviewWorkbook' : 'rawPreview';
  body.append(
    h('h3', {}, t(preview)),
    h('pre', { class: 'raw-preview', tabindex: '0', translate: 'no', 'aria-label': t(preview) }, sn.rawPreview.slice(0, 8).map((l, i) => h('span', {}, h('span', { class: 'ln', 'aria-hidden': 'true' }, numbers[i].padStart(width, ' ')), ' ', l, '\n'))),
  );
  const rows = columnRows(sn);
  const problem = mappingProblem();
  body.append(
    h('h3', {}, t('columnsTitle')),
    h('p', { class: 'muted small' }, t('requiredRoles')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data mapping-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('columnName')), h('th', { scope: 'col', id: 'mapping-role-head' }, t('columnRole')), h('th', { scope: 'col' }, t('columnExamples')))),
        h('tbody', {}, rows),
      ),
    ),
    h('div', { id: 'mapping-problem', class: 'field-error', role: 'alert', hidden: !problem }, problem || ''),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', id: 'apply-mapping', class: 'btn primary', disabled: !!problem, onclick: () => applyMapping() }, t('applyMapping')),
      h('span', { class: 'muted small' }, t('mappingRemembered')),
    ),
  );
}

function onRoleChange(index, role) {
  assignRole(index, role);
  renderMapping();
  const sel = $(`#role-${index}`);
  if (sel) sel.focus();
}

async function onParseChange(key, value) {
  setParseOption(key, value);
  try {
    // Keeps the user's choices where the columns still exist; guesses the rest.
    resniff(await ask('sniff', { options: sniffOptions(get('parse')) }));
  } catch (e) {
    showMessage(errorText(e), 'error');
  }
  renderMapping();
  $(`#parse-${key}`)?.focus();
}

function applyMapping() {
  const problem = mappingProblem();
  if (problem) {
    showMessage(problem, 'error');
    return;
  }
  showMessage('');
  runAnalysis();
}
