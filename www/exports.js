// Downloads of client lists: CSV from the worker, XLSX through the XLSX worker, named
// after the report's date; and the export buttons under the clients table.
import { get } from './store.js';
import { $, download } from './dom.js';
import { t } from './i18n.js';
import { ask } from './worker-client.js';
import { xlsxBlob } from './xlsx-client.js';
import { showMessage, errorText } from './messages.js';
import { filterRule } from './clients.js';

/** CSV for the XLSX writer to read back: `,` and `.` decimals, no BOM, text as is. */
const CSV_PLAIN = { bom: false, delimiter: ',', decimal: '.', raw: true };

/** The date in file names: the report's as-of date. */
function stamp() {
  return get('result')?.summary.asOf || new Date().toISOString().slice(0, 10);
}

/** A contact list for import into a mailing or SMS service: E.164 phones, clean e-mails. */
const CSV_MAILING = { bom: false, delimiter: ',', decimal: '.', mailing: true };

/** Downloads a CSV of the worker's csv(): `what` (customers, contacts, rejected), `rule`. */
export async function exportCsv(what, rule, base, csv) {
  if (!get('result')) return;
  try {
    const bytes = await ask('csv', { reportId: get('result').reportId, what, rule, csv });
    const name = `${base}-${stamp()}.csv`;
    download(bytes, name, 'text/csv;charset=utf-8');
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

/** The same as an XLSX file, written by the XLSX worker; `sheet` names its sheet. */
export async function exportXlsx(what, rule, base, sheet) {
  if (!get('result')) return;
  try {
    showMessage(t('exporting'), 'info');
    const bytes = await ask('csv', { reportId: get('result').reportId, what, rule, csv: CSV_PLAIN });
    const blob = await xlsxBlob(bytes, sheet || base, get('lang'));
    const name = `${base}-${stamp()}.xlsx`;
    download(blob, name);
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

/** The contacts of the clients the table's filters select. */
function exportFiltered(kind) {
  const rule = filterRule();
  if (/["\\]/.test(get('filter').search)) showMessage(t('exportSearchIgnored'), 'warn');
  if (kind === 'csv') exportCsv('contacts', rule, 'segmenta-contacts');
  else if (kind === 'mailing') exportCsv('contacts', rule, 'segmenta-mailing', CSV_MAILING);
  else exportXlsx('contacts', rule, 'segmenta-contacts', t('clientsTitle'));
}

export function bindExports() {
  $('#export-filtered-csv').addEventListener('click', () => exportFiltered('csv'));
  $('#export-filtered-xlsx').addEventListener('click', () => exportFiltered('xlsx'));
  $('#export-mailing-csv').addEventListener('click', () => exportFiltered('mailing'));
  $('#export-all-csv').addEventListener('click', () => exportCsv('customers', null, 'segmenta-clients'));
  $('#export-all-xlsx').addEventListener('click', () => exportXlsx('customers', null, 'segmenta-clients', t('clientsTitle')));
}
