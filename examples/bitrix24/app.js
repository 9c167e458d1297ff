// The placement handler and the installer of the Bitrix24 application.
//
// main(): reads BX24.placement.info(); a contact (or company) card tab shows that client's
// segment, reasons and next action (<segmenta-report client="…">); the list menus and the
// application's own page show the whole base. Every deal, contact and company is loaded,
// even for one client's card: a segment is a place among all the clients.
// install(): binds the placements to this page's URL and finishes the installation.
import { bx24Transport, loadCrm, toRows, describe, placementView, installCommands, COLUMNS, errorText } from './adapter.js';

const REPORT_MODULE = './segmenta/segmenta-report.js';

const TEXT = {
  ru: {
    loading: 'Загружаю сделки, контакты и компании…',
    progress: (a, b) => `Загружено записей: ${a} из ${b}`,
    analyzing: 'Считаю сегменты…',
    noPackage: 'Не найден пакет segmenta в папке ./segmenta/ рядом с приложением (см. README: build.sh).',
    failed: 'Не удалось загрузить данные CRM: ',
    noPurchases: 'У клиента пока нет успешных сделок: сегмент появится после первой покупки.',
    inProgress: (n) => `Сделок в работе: ${n}.`,
    lost: (n) => `Проваленных сделок: ${n}.`,
    installing: 'Устанавливаю приложение…',
    installed: 'Готово: вкладка «Сегмент клиента» в карточках контактов и компаний, пункт «Сегменты базы» в меню списков контактов и сделок.',
    installFailed: 'Не удалось установить: ',
  },
  en: {
    loading: 'Loading deals, contacts and companies…',
    progress: (a, b) => `Records loaded: ${a} of ${b}`,
    analyzing: 'Computing segments…',
    noPackage: 'The segmenta package is missing from ./segmenta/ next to the application (see README: build.sh).',
    failed: 'Could not load the CRM data: ',
    noPurchases: 'This client has no won deals yet: the segment appears after the first purchase.',
    inProgress: (n) => `Deals in progress: ${n}.`,
    lost: (n) => `Lost deals: ${n}.`,
    installing: 'Installing the application…',
    installed: 'Done: the “Client segment” tab in contact and company cards, the “Customer segments” item in the contact and deal list menus.',
    installFailed: 'Could not install: ',
  },
};

function sdk() {
  const BX24 = globalThis.BX24;
  if (!BX24) throw new Error('BX24 SDK (//api.bitrix24.com/api/v1/) is not loaded');
  return BX24;
}

const ready = (BX24) => new Promise((resolve) => BX24.init(resolve));

/** 'en' for an English portal, else 'ru'. */
export function pageLang(BX24) {
  const l = typeof BX24.getLang === 'function' ? String(BX24.getLang() || '') : '';
  return l === 'en' ? 'en' : 'ru';
}

function fit(BX24) {
  if (typeof BX24.fitWindow === 'function') BX24.fitWindow();
}

function say(el, text, kind = 'info') {
  el.hidden = false;
  el.dataset.kind = kind;
  el.textContent = text;
}

export async function main({ root = document.getElementById('app'), status = document.getElementById('status'), notes = document.getElementById('notes') } = {}) {
  const BX24 = sdk();
  await ready(BX24);
  const lang = pageLang(BX24);
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  const view = placementView(BX24.placement.info());
  document.body.dataset.mode = view.mode;

  const component = import(REPORT_MODULE).then(() => true, () => false);
  say(status, t.loading);
  let data;
  try {
    data = await loadCrm(bx24Transport(BX24), { onProgress: ({ loaded, total }) => say(status, t.progress(loaded, total)) });
  } catch (e) {
    say(status, t.failed + errorText(e), 'error');
    fit(BX24);
    return;
  }
  const mapped = toRows(data);
  if (view.mode === 'card') {
    const deals = mapped.clients.get(view.client);
    if (!deals || deals.won === 0) {
      const lines = [t.noPurchases];
      if (deals?.inProgress) lines.push(t.inProgress(deals.inProgress));
      if (deals?.lost) lines.push(t.lost(deals.lost));
      say(status, lines.join(' '), 'empty');
      fit(BX24);
      return;
    }
  } else {
    notes.replaceChildren(...describe(mapped, lang).concat(data.warnings).map((line) => Object.assign(document.createElement('li'), { textContent: line })));
    notes.hidden = false;
  }

  if (!(await component)) {
    say(status, t.noPackage, 'error');
    fit(BX24);
    return;
  }
  say(status, t.analyzing);
  const el = document.createElement('segmenta-report');
  el.lang = lang;
  el.options = { columns: { ...COLUMNS }, lang };
  if (mapped.currency) el.currency = mapped.currency;
  if (view.mode === 'card') el.client = view.client;
  el.addEventListener('segmenta-ready', () => {
    status.hidden = true;
    fit(BX24);
  });
  el.addEventListener('segmenta-error', (e) => {
    say(status, t.failed + errorText(e.detail?.error ?? e.detail), 'error');
    fit(BX24);
  });
  el.rows = mapped.rows;
  root.append(el);
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => fit(BX24)).observe(root);
}

/** The handler URL the placements are bound to: `data-handler` of <body>, else this directory. */
export function handlerUrl(doc = document, href = location.href) {
  return doc.body?.dataset.handler || new URL('./', href).href;
}

export async function install({ status = document.getElementById('status') } = {}) {
  const BX24 = sdk();
  await ready(BX24);
  const t = TEXT[pageLang(BX24)];
  say(status, t.installing);
  const commands = installCommands(handlerUrl());
  const results = await bx24Transport(BX24).batch(commands);
  // An unbind of a placement that was not bound fails, and that is fine; a bind must not.
  const failed = Object.entries(results).filter(([key, r]) => key.startsWith('bind_') && r.error);
  if (failed.length) {
    say(status, t.installFailed + failed.map(([key, r]) => `${key.slice(5)}: ${r.error}`).join('; '), 'error');
    return;
  }
  say(status, t.installed, 'done');
  BX24.installFinish();
}
