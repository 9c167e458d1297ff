// Locale formatting with Intl: numbers, money, shares, dates and plural categories. One
// formatter set per language and currency; created once and reused (Intl constructors are
// not cheap). Every number the page shows goes through one of these: the views through
// the `fmt` of the store, interface strings through i18n.js (which formats the numbers
// it is given with `numbers(lang)`).

const LOCALES = { ru: 'ru-RU', en: 'en-GB' };
const DAY_MS = 86400000;
/** Marks a client without orders in the Int32 date columns. */
export const NO_DATE = -2147483648;

/** The number formats of a language that do not depend on the currency, cached. */
const plainByLang = new Map();
export function numbers(lang) {
  let n = plainByLang.get(lang);
  if (!n) {
    const locale = LOCALES[lang] || 'ru-RU';
    const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const plurals = new Intl.PluralRules(locale);
    n = {
      locale,
      int: (x) => int.format(x),
      /** Any number, with up to two decimals. */
      num: (x) => num.format(x),
      /** The plural category of `x` ("one", "few", "many", "other"). */
      plural: (x) => plurals.select(x),
    };
    plainByLang.set(lang, n);
  }
  return n;
}

export function makeFormat(lang, currency) {
  const locale = LOCALES[lang] || 'ru-RU';
  const plain = numbers(lang);
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const dec2 = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sig4 = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const pct0 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const cur = currency && currency !== 'none';
  const money = cur
    ? new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : dec2;
  const money0 = cur
    ? new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 })
    : int;
  const compact = new Intl.NumberFormat(locale, {
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(cur ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol' } : {}),
  });
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const dateLong = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const ok = (n) => typeof n === 'number' && Number.isFinite(n);
  return {
    lang,
    locale,
    int: (n) => (ok(n) ? int.format(n) : '—'),
    dec1: (n) => (ok(n) ? dec1.format(n) : '—'),
    dec2: (n) => (ok(n) ? dec2.format(n) : '—'),
    /** Four significant digits (model parameters, their standard errors). */
    sig4: (n) => (ok(n) ? sig4.format(n) : '—'),
    pct: (x) => (ok(x) ? pct.format(x) : '—'),
    pct0: (x) => (ok(x) ? pct0.format(x) : '—'),
    /** The plural category of `n` in this language. */
    plural: (n) => plain.plural(n),
    money: (n) => (ok(n) ? money.format(n) : '—'),
    money0: (n) => (ok(n) ? money0.format(n) : '—'),
    compact: (n) => (ok(n) ? compact.format(n) : '—'),
    /** An ISO `YYYY-MM-DD` date. */
    date: (iso) => (iso ? date.format(new Date(iso + 'T00:00:00Z')) : '—'),
    dateLong: (iso) => (iso ? dateLong.format(new Date(iso + 'T00:00:00Z')) : '—'),
    /** Days since 1970-01-01 (the columns' date encoding). */
    day: (d) => (d === NO_DATE || !ok(d) ? '—' : date.format(new Date(d * DAY_MS))),
    bytes: (n) => {
      if (!ok(n)) return '—';
      const units = lang === 'ru' ? ['Б', 'КБ', 'МБ', 'ГБ'] : ['B', 'KB', 'MB', 'GB'];
      let i = 0;
      while (n >= 1024 && i < units.length - 1) {
        n /= 1024;
        i++;
      }
      return `${i ? dec1.format(n) : int.format(n)} ${units[i]}`;
    },
  };
}
