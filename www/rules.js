// Rules (in the rule language of segmenta) about the current report: the attribute names
// a rule may use, and the rules that select one segment or several.
import { get } from './store.js';

/** The attributes the rule language knows for this data, as checkRule takes them: name,
 *  role (for its alias: region, type…) and type (numeric ones compare as numbers). */
export function ruleAttributes() {
  return (get('result')?.model.attributes || []).map((a) => ({ name: a.name, role: a.role, type: a.type || 'text' }));
}

/** The names of those attributes (and their role aliases), to list them. */
export function attributeNames(attributes) {
  const aliases = { region: 'region', clientType: 'type', companySize: 'company_size', revenueBand: 'revenue_band', contactRole: 'contact_role', source: 'source' };
  const out = [];
  for (const a of attributes) {
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
