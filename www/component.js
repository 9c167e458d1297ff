// The page of the <segmenta-report> element: the sample in one element, a language switch
// and a log of the element's events.
import './pkg/segmenta-report.js';

const WORDS = {
  en: {
    title: 'The <segmenta-report> element',
    intro: 'The demo sample analysed in this page by one HTML element. Choose a segment, a cell of the grid or a client; the events appear in the log below.',
    log: 'Events',
    clients: 'clients',
  },
  ru: {
    title: 'Элемент <segmenta-report>',
    intro: 'Демо-выборка, проанализированная на этой странице одним HTML-элементом. Выберите сегмент, клетку сетки или клиента — события появятся в журнале ниже.',
    log: 'События',
    clients: 'клиентов',
  },
};

const el = document.getElementById('report');
const log = document.getElementById('log');

function setLang(lang) {
  const w = WORDS[lang];
  document.documentElement.lang = lang;
  el.lang = lang;
  const title = document.getElementById('title');
  const code = document.createElement('code');
  code.textContent = '<segmenta-report>';
  const [before, after] = w.title.split('<segmenta-report>');
  title.replaceChildren(before, code, after);
  document.getElementById('intro').textContent = w.intro;
  document.getElementById('log-title').textContent = w.log;
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
}

function note(type, text) {
  const li = document.createElement('li');
  li.dataset.event = type;
  li.textContent = `${new Date().toLocaleTimeString()} ${type}: ${text}`;
  log.prepend(li);
  while (log.childElementCount > 50) log.lastElementChild.remove();
}

for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));

el.addEventListener('segment-select', (e) => note('segment-select', `${e.detail.name} (${e.detail.key}), ${e.detail.count} ${WORDS[el.lang].clients}`));
el.addEventListener('client-select', (e) => note('client-select', `${e.detail.id} (row ${e.detail.row})`));
el.addEventListener('segmenta-ready', (e) => note('segmenta-ready', `${e.detail.report.length} ${WORDS[el.lang].clients}`));
el.addEventListener('segmenta-error', (e) => note('segmenta-error', e.detail.error.message));

const start = new URLSearchParams(location.search).get('lang');
if (start === 'ru' || start === 'en') setLang(start);
