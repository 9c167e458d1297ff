// The recorded Bitrix24 answers of ../fixtures/, read for the tests.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../', import.meta.url));
export const fixture = (name) => JSON.parse(readFileSync(`${dir}fixtures/${name}`, 'utf8'));

/** The recorded answers: { method: { start: answer } }. */
export function recordedFixtures() {
  const out = {};
  for (const f of readdirSync(`${dir}fixtures`)) {
    const m = /^(crm\.[a-z]+\.list)\.(\d+)\.json$/.exec(f);
    if (m) (out[m[1]] ??= {})[m[2]] = fixture(f);
  }
  return out;
}

/** Every record of a recorded list. */
export function recorded(method) {
  const pages = recordedFixtures()[method];
  return Object.keys(pages).map(Number).sort((a, b) => a - b).flatMap((s) => pages[s].result);
}

export function fixtureCrm() {
  return {
    deals: recorded('crm.deal.list'),
    contacts: recorded('crm.contact.list'),
    companies: recorded('crm.company.list'),
    currencies: recorded('crm.currency.list'),
  };
}
