// What counts as an English word in the Russian page (russian.test.mjs).

/** Words that are the same in a Russian interface: brands, acronyms, units, codes. */
const ALLOWED = new Set([
  'segmenta', 'excel', 'amocrm', 'crm', 'rfm', 'abc', 'xyz', 'csv', 'xlsx', 'json', 'clv', 'vip', 'id', 'cv',
  'ru', 'en', 'rub', 'usd', 'eur', 'kzt', 'byn', 'unix', 'b2b', 'b2c',
]);

/** The English words of a text, once e-mails, file names, encodings and format codes are set aside. */
export function englishWords(s) {
  const x = s
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\S+\.(csv|tsv|txt|xlsx|json)\b/gi, ' ')
    // Formats named by their extension: «сохраните как .xlsx», «(.xls)».
    .replace(/(^|[\s(«])\.(xlsx|xlsb|xls|ods|csv)\b/gi, ' ')
    .replace(/\b(utf-8(-bom)?|utf-16 ?(le|be)?|windows-125\d|koi8-r|ibm866|cp866)\b/gi, ' ')
    .replace(/\b(DD\.MM\.YYYY|YYYY-MM-DD|MM\/DD\/YYYY|YYYYMMDD)\b/g, ' ')
    .replace(/\be-mail\b/gi, ' ')
    .replace(/\b[ABC][XYZ]\b/g, ' ');
  return (x.match(/[A-Za-z]{2,}/g) || []).filter((w) => !ALLOWED.has(w.toLowerCase()));
}
