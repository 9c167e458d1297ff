// The page language (the slice `lang`) and the formats that follow it and the currency
// setting (the derived value `fmt`). Switching translates the static page; the views
// that build their text from data are redrawn by whoever switched.
import { get, own, derive } from './store.js';
import { $$ } from './dom.js';
import { setLang, translatePage } from './i18n.js';
import { makeFormat } from './format.js';

const mine = own('language', { lang: 'ru' });
derive('fmt', () => [get('lang'), get('settings').currency], makeFormat);

function showLanguage(lang) {
  setLang(lang);
  translatePage();
  for (const b of $$('.lang-switch button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
}

/** At start: the remembered language, if any, applied to the page. */
export function startLanguage(lang) {
  if (lang) mine.set('lang', lang);
  showLanguage(get('lang'));
}

/** Switches to `lang`; false when it is the current one already. */
export function switchLanguage(lang) {
  if (lang === get('lang')) return false;
  mine.set('lang', lang);
  showLanguage(lang);
  return true;
}

/** Calls `onSwitch(lang)` when a language button is pressed. */
export function bindLanguageSwitch(onSwitch) {
  for (const b of $$('.lang-switch button')) b.addEventListener('click', () => onSwitch(b.dataset.lang));
}
