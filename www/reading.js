// How the open source is read: the parsing options (encoding, delimiter, …), what the
// worker detected in its head (the sniff) and which column plays which role. Owns the
// slices `parse`, `sniff` and `mapping`; the mapping step, the loading of a source and
// the settings file change them through the functions here.
import { get, own } from './store.js';
import { t } from './i18n.js';
import * as S from './settings.js';
import { ask } from './worker-client.js';

const mine = own('reading', { parse: S.defaultParse(), sniff: null, mapping: {} });

/**
 * The reading options of `parse` for the open source. A workbook's sheet arrives as UTF-8
 * CSV with commas (workbook.js): an encoding or delimiter kept from a CSV does not apply.
 */
export function readingOptions(parse = get('parse')) {
  const o = S.parseOptions(parse);
  if (get('source')?.workbook) {
    delete o.encoding;
    delete o.delimiter;
  }
  return o;
}

/** sniff() options for the parsing options: in the page's language (notes, and the names of columns without a header). */
export function sniffOptions(parse) {
  return { lang: get('lang'), ...readingOptions(parse) };
}

/**
 * The open source's sniff again, in the page's language after a switch: the roles stay on
 * their columns.
 */
export async function translateSniff() {
  const sn = get('sniff');
  if (!sn || get('source')?.error) return;
  const again = await ask('sniff', { options: sniffOptions(get('parse')) });
  if (get('sniff') === sn && again.columns.length === sn.columns.length) mine.set('sniff', again);
}

/** The column names of a sniff, as one string: remembered mappings apply to equal ones. */
export function signature(sniff) {
  return sniff ? sniff.columns.map((c) => c.name).join('\u241f') : '';
}

/** Role -> column index: the roles the worker guessed, then remembered names on top. */
export function mappingFromSniff(sniff, rememberedNames) {
  const m = {};
  for (const col of sniff.columns) {
    if (S.MAPPING_ROLES.includes(col.role) && !(col.role in m)) m[col.role] = col.index;
  }
  if (rememberedNames) {
    for (const [role, name] of Object.entries(rememberedNames)) {
      const col = sniff.columns.find((c) => c.name === name);
      if (!col) continue;
      for (const r of Object.keys(m)) if (m[r] === col.index) delete m[r];
      m[role] = col.index;
    }
  }
  return m;
}

/** Role -> column name of the current mapping. */
export function mappingNames() {
  const names = {};
  for (const [role, idx] of Object.entries(get('mapping'))) {
    const col = get('sniff')?.columns.find((c) => c.index === idx);
    if (col) names[role] = col.name;
  }
  return names;
}

/** What the mapping lacks to run (client, date, an amount), or null. */
export function mappingProblem() {
  const m = get('mapping');
  const missing = [];
  if (m.client === undefined) missing.push(t('role_client'));
  if (m.date === undefined) missing.push(t('role_date'));
  if (m.amount === undefined && !(m.quantity !== undefined && m.price !== undefined)) missing.push(t('role_amount'));
  return missing.length ? t('missingRoles', { roles: missing.join(', ') }) : null;
}

/** The sample: default options and the guessed roles. */
export function readSample(sniff) {
  mine.set('parse', S.defaultParse());
  mine.set('sniff', sniff);
  mine.set('mapping', mappingFromSniff(sniff, null));
}

/**
 * A newly opened file. When its columns are the ones remembered, the remembered parsing
 * options are tried first (falling back to the defaults) and the remembered roles kept.
 */
export async function readFile(sniff, remembered) {
  mine.set('parse', S.defaultParse());
  const kept = remembered?.mapping;
  if (kept && kept.signature === signature(sniff) && remembered.parse) {
    const parse = S.sanitizeParse(remembered.parse);
    if (get('source')?.workbook) {
      parse.encoding = '';
      parse.delimiter = '';
    }
    if (S.PARSE_KEYS.some((k) => parse[k])) {
      mine.set('parse', parse);
      try {
        sniff = await ask('sniff', { options: sniffOptions(parse) });
      } catch {
        mine.set('parse', S.defaultParse());
      }
    }
  }
  mine.set('sniff', sniff);
  mine.set('mapping', mappingFromSniff(sniff, kept?.names));
}

/**
 * Changes one parsing option. In place: the remembered preferences may hold this very
 * object, and see the change as they always have.
 */
export function setParseOption(key, value) {
  mine.update('parse', (parse) => {
    parse[key] = value;
    return parse;
  });
}

/** A new sniff under changed options: the user's roles stay where their columns still are. */
export function resniff(sniff) {
  mine.set('sniff', sniff);
  mine.set('mapping', mappingFromSniff(sniff, mappingNames()));
}

/** Gives column `index` the role `role` (or none), taking the role from any other column. */
export function assignRole(index, role) {
  mine.update('mapping', (old) => {
    const m = { ...old };
    for (const r of Object.keys(m)) if (m[r] === index) delete m[r];
    if (role) {
      delete m[role];
      m[role] = index;
    }
    return m;
  });
}

/** How a source was read, put back with its results (a newer source's read was cancelled). */
export function restoreReading({ parse, sniff, mapping }) {
  mine.set('parse', { ...parse });
  mine.set('sniff', sniff);
  mine.set('mapping', mapping);
}

/** The parsing options and roles (by column name) of an imported settings file. */
export function readSettingsFileOptions(data) {
  mine.set('parse', data.parse);
  if (get('sniff')) mine.set('mapping', mappingFromSniff(get('sniff'), data.mapping.names));
}
