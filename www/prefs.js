// What the browser remembers between visits (localStorage, through settings.js): the
// language, the settings and, for files, the parsing options and the roles by column
// name. Owns the slice `remembered`: the parsing options and mapping last remembered,
// applied to the next file with the same columns.
import { get, own } from './store.js';
import * as S from './settings.js';
import { mappingNames, signature } from './reading.js';

const mine = own('prefs', { remembered: null });

/** Reads the stored preferences (null when there are none) and keeps their file part. */
export function restorePrefs() {
  const prefs = S.loadPrefs();
  if (prefs) mine.set('remembered', { parse: prefs.parse, mapping: prefs.mapping });
  return prefs;
}

/** Stores the current preferences: a file's options and roles, else the remembered ones. */
export function rememberPrefs() {
  const prefs = { lang: get('lang'), settings: get('settings') };
  const remembered = get('remembered');
  if (get('source')?.kind === 'file') {
    prefs.parse = get('parse');
    prefs.mapping = { names: mappingNames(), signature: signature(get('sniff')) };
  } else if (remembered) {
    prefs.parse = remembered.parse;
    prefs.mapping = remembered.mapping;
  }
  mine.set('remembered', { parse: prefs.parse, mapping: prefs.mapping });
  S.savePrefs(prefs);
}

/** An imported settings file's options and roles, for the next file whatever its columns. */
export function rememberSettingsFile(data) {
  mine.set('remembered', { parse: data.parse, mapping: { names: data.mapping.names, signature: '' } });
}
