// Rules (in the rule language of segmenta) about the current report: the attribute names
// a rule may use, and the rules that select one segment or several.
import { get } from './store.js';

/** Attribute names (and their role aliases) the rule language knows for this data. */
export function ruleAttributes() {
  const aliases = { region: 'region', clientType: 'type', companySize: 'company_size', revenueBand: 'revenue_band', contactRole: 'contact_role', source: 'source' };
  const out = [];
  for (const a of get('result')?.model.attributes || []) {
    out.push(a.name);
    if (aliases[a.role]) out.push(aliases[a.role]);
  }
  return out;
}

/** The rule selecting the segment at `index` of the report's columns, by its name. */
export function segmentRule(index) {
  const c = get('result').columns;
  const name = c.segmentNames[index].replace(/"/g, '\\"');
  return get('lang') === 'ru' ? `segment_ru == "${name}"` : `segment == "${name}"`;
}

export function segmentRuleByKey(key) {
  return segmentRule(get('result').columns.segmentKeys.indexOf(key));
}

/** The rule selecting the clients of any of these segments. */
export function riskRule(keys) {
  return keys.map((k) => `(${segmentRuleByKey(k)})`).join(' or ');
}
