// The settings panel (#settings): the form of settings-form.js, opened and closed from the
// top bar, and what its changes lead to (a re-run, new formats, a settings file saved or
// read). Owns the slices `settings` (changed in place by the form) and `presets` (the
// module's built-in segment presets and fields, for the form).
import { get, own } from './store.js';
import { $, download } from './dom.js';
import { t } from './i18n.js';
import * as S from './settings.js';
import { buildSettingsForm, refreshSettingsForm } from './settings-form.js';
import { showMessage } from './messages.js';
import { mappingNames, readSettingsFileOptions } from './reading.js';
import { rememberPrefs, rememberSettingsFile } from './prefs.js';
import { ruleAttributes } from './rules.js';
import { runAnalysis, scheduleRun } from './analysis.js';
import { renderMapping } from './mapping.js';

const mine = own('settingsPanel', { settings: S.defaultSettings(), presets: null });
/** Redraws every view (new formats); given to bindSettingsPanel(). */
let redrawAll = () => {};

/** At start: the remembered settings. */
export function restoreSettings(settings) {
  mine.set('settings', settings);
}

/** Once the module is loaded: its presets, then the form. */
export function startSettingsPanel(presets) {
  mine.set('presets', presets);
  buildSettings();
}

/** Builds the form again (new settings or a new language). */
export function buildSettings() {
  buildSettingsForm($('#settings-form'), settingsCtx());
}

/** Updates the form after a run (cut points in force, fields for rules), keeping focus. */
export function refreshSettings() {
  refreshSettingsForm(settingsCtx());
}

async function importSettings(file) {
  try {
    const data = S.readSettingsFile(await file.text());
    mine.set('settings', data.settings);
    if (get('source')?.kind === 'file') {
      readSettingsFileOptions(data);
      renderMapping();
    }
    rememberSettingsFile(data);
    buildSettings();
    showMessage(t('settingsImported'), 'info');
    rememberPrefs();
    runAnalysis();
  } catch {
    showMessage(t('settingsBadFile'), 'error');
  }
}

function settingsCtx() {
  // Getters: the form outlives runs and must see the current report.
  return {
    get settings() {
      return get('settings');
    },
    get result() {
      return get('result');
    },
    get presets() {
      return get('presets');
    },
    get fmt() {
      return get('fmt');
    },
    get attributes() {
      return ruleAttributes();
    },
    onChange: (immediate) => {
      rememberPrefs();
      scheduleRun(immediate ? 0 : 450);
    },
    onCurrency: () => {
      rememberPrefs();
      redrawAll();
    },
    onExport: () => {
      download(S.settingsFile(get('settings'), get('parse'), mappingNames()), 'segmenta-settings.json', 'application/json');
    },
    onImport: importSettings,
    onReset: () => {
      mine.set('settings', S.defaultSettings());
      buildSettings();
      rememberPrefs();
      runAnalysis();
    },
  };
}

function toggleSettings(open) {
  const panel = $('#settings');
  const show = open ?? panel.hidden;
  panel.hidden = !show;
  document.body.classList.toggle('settings-open', show);
  $('#settings-toggle').setAttribute('aria-expanded', String(show));
  if (show) $('#settings-form').querySelector('input, select, button')?.focus();
  else $('#settings-toggle').focus();
}

/** Opening and closing; `onDisplayChange()` redraws the views when the currency changes. */
export function bindSettingsPanel({ onDisplayChange }) {
  redrawAll = onDisplayChange;
  $('#settings-toggle').addEventListener('click', () => toggleSettings());
  $('#settings-close').addEventListener('click', () => toggleSettings(false));
  $('#settings').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggleSettings(false);
  });
}
