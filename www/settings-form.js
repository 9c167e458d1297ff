// The settings panel: built once per language, refreshed (not rebuilt) after each run so
// that focus and typing are never disturbed.
import { checkRule, presets as getPresets } from './pkg/segmenta.js';
import { h, clear, $ } from './dom.js';
import { t, getLang } from './i18n.js';
import { thresholdsValid, CLV_MAX_MONTHS, CLV_MAX_DISCOUNT } from './settings.js';
import { attributeNames } from './rules.js';

const DIMS = ['recency', 'frequency', 'monetary'];
/** Attribute names the rule checks accept (the clients table's columns and aliases). */
let attributes = [];
const DIM_LABEL = { recency: 'dimRecency', frequency: 'dimFrequency', monetary: 'dimMonetary' };

function fieldset(legend, ...children) {
  return h('fieldset', {}, h('legend', {}, legend), children);
}

function radios(name, value, options, onChange) {
  return h(
    'div',
    { class: 'radios', role: 'radiogroup' },
    options.map(([v, label, id]) =>
      h(
        'label',
        { class: 'radio' },
        h('input', { type: 'radio', name, value: String(v), id, checked: String(value) === String(v), onchange: () => onChange(v) }),
        h('span', { id: `${id}-label` }, label),
      ),
    ),
  );
}

function numberField(id, label, value, onInput, extra = {}) {
  return h(
    'label',
    { class: 'field inline' },
    h('span', {}, label),
    h('input', {
      type: 'number',
      id,
      step: 'any',
      inputmode: 'decimal',
      value: value ?? '',
      ...extra,
      oninput: (e) => onInput(e.target.value === '' ? null : Number(e.target.value)),
    }),
  );
}

function directionOptions(bins) {
  return [
    ['highIsBest', bins === 3 ? t('setHighIsBest3') : t('setHighIsBest'), 'set-dir-high'],
    ['oneIsBest', t('setOneIsBest'), 'set-dir-one'],
  ];
}

export function buildSettingsForm(form, ctx) {
  const st = ctx.settings;
  attributes = ctx.attributes;
  clear(form);
  const changed = (immediate) => ctx.onChange(immediate);

  // RFM scoring.
  const asOf = h('input', {
    type: 'date',
    id: 'set-asof',
    value: st.asOf,
    onchange: (e) => {
      st.asOf = e.target.value;
      changed(true);
    },
  });
  const dirBox = h('div', { id: 'set-direction' });
  const renderDirection = () => {
    clear(dirBox).append(
      radios('direction', st.direction, directionOptions(st.bins), (v) => {
        st.direction = v;
        changed(true);
      }),
    );
  };
  renderDirection();
  const cutsBox = h('div', { id: 'set-cuts' });
  form.append(
    fieldset(
      t('setScoring'),
      h('label', { class: 'field' }, h('span', {}, t('setAsOf')), asOf, h('span', { class: 'hint muted small', id: 'set-asof-hint' })),
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'label' }, t('setBins')),
        radios('bins', st.bins, [[3, '3', 'set-bins-3'], [5, '5', 'set-bins-5']], (v) => {
          st.bins = v;
          st.thresholdMode = 'quantile';
          st.thresholds = { recency: [], frequency: [], monetary: [] };
          renderDirection();
          renderCuts(cutsBox, ctx);
          changed(true);
        }),
      ),
      h('div', { class: 'field' }, h('span', { class: 'label' }, t('setDirection')), dirBox),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('setPreset')),
        h(
          'select',
          {
            id: 'set-preset',
            onchange: (e) => {
              st.preset = e.target.value;
              changed(true);
            },
          },
          h('option', { value: 'rfm11', selected: st.preset === 'rfm11' }, t('presetRfm11')),
          h('option', { value: 'ru3', selected: st.preset === 'ru3' }, t('presetRu3')),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('setMonetary')),
        h(
          'select',
          {
            id: 'set-monetary',
            onchange: (e) => {
              st.monetary = e.target.value;
              changed(true);
            },
          },
          h('option', { value: 'total', selected: st.monetary === 'total' }, t('setMonetaryTotal')),
          h('option', { value: 'average', selected: st.monetary === 'average' }, t('setMonetaryAverage')),
        ),
      ),
    ),
    fieldset(t('setThresholds'), cutsBox),
  );
  renderCuts(cutsBox, ctx);

  // Lifecycle, ABC, XYZ.
  const lc = st.lifecycle;
  form.append(
    fieldset(
      t('setLifecycle'),
      numberField('set-new-days', t('setNewDays'), lc.newDays, (v) => { lc.newDays = v; changed(false); }, { min: 1 }),
      numberField('set-sleep-days', t('setSleepDays'), lc.sleepDays, (v) => { lc.sleepDays = v; changed(false); }, { min: 1 }),
      numberField('set-churn-days', t('setChurnDays'), lc.churnDays, (v) => { lc.churnDays = v; changed(false); }, { min: 1 }),
    ),
    fieldset(
      t('setAbc'),
      numberField('set-abc-a', t('setAbcA'), st.abc.a, (v) => { st.abc.a = v; changed(false); }, { min: 1, max: 99 }),
      numberField('set-abc-b', t('setAbcB'), st.abc.b, (v) => { st.abc.b = v; changed(false); }, { min: 1, max: 100 }),
    ),
    fieldset(
      t('setXyz'),
      h(
        'label',
        { class: 'field inline' },
        h('span', {}, t('setXyzPeriod')),
        h(
          'select',
          {
            id: 'set-xyz-period',
            onchange: (e) => {
              st.xyz.period = e.target.value || null;
              changed(true);
            },
          },
          h('option', { value: '', selected: !st.xyz.period }, t('auto')),
          ['week', 'month', 'quarter'].map((p) => h('option', { value: p, selected: st.xyz.period === p }, t(`period_${p}`))),
        ),
      ),
      numberField('set-xyz-x', t('setXyzX'), st.xyz.x, (v) => { st.xyz.x = v; changed(false); }, { min: 0 }),
      numberField('set-xyz-y', t('setXyzY'), st.xyz.y, (v) => { st.xyz.y = v; changed(false); }, { min: 0 }),
    ),
    fieldset(
      t('setClv'),
      numberField('set-clv-horizon', t('setClvHorizon'), st.clv.horizonMonths, (v) => { st.clv.horizonMonths = v; changed(false); }, { min: 1, max: CLV_MAX_MONTHS, step: 1 }),
      numberField('set-clv-discount', t('setClvDiscount'), st.clv.discount, (v) => { st.clv.discount = v; changed(false); }, { min: 0, max: CLV_MAX_DISCOUNT }),
    ),
  );

  // Rule segments.
  const list = h('div', { id: 'rule-list', class: 'rule-list' });
  const renderRules = () => {
    clear(list);
    st.ruleSegments.forEach((r, i) => list.append(ruleRow(r, i, ctx, renderRules)));
  };
  renderRules();
  form.append(
    fieldset(
      t('setRules'),
      h(
        'p',
        { class: 'muted small rules-hint' },
        t('setRulesHint'),
        ' ',
        t('setRulesExamples').map((rule, i) => [i ? '; ' : '', h('code', { translate: 'no' }, rule)]),
        '. ',
        t('setRulesWords'),
      ),
      list,
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          id: 'rule-add',
          onclick: () => {
            st.ruleSegments.push({ name: '', rule: '' });
            renderRules();
            list.querySelector('.rule-row:last-child input')?.focus();
          },
        },
        t('ruleAdd'),
      ),
      // Offered when the clients table has loyalty columns (referrals, NPS, buys elsewhere).
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          id: 'rule-loyalty',
          hidden: true,
          onclick: () => {
            const have = new Set(st.ruleSegments.map((r) => r.rule.trim()));
            const ru = getLang() === 'ru';
            for (const seg of loyaltyPreset()) {
              if (!have.has(seg.rule)) st.ruleSegments.push({ name: ru ? seg.nameRu || seg.name : seg.name, rule: seg.rule });
            }
            renderRules();
            document.getElementById('rule-loyalty').hidden = true;
            changed(true);
          },
        },
        t('ruleLoyalty'),
      ),
      h('details', { class: 'fields-hint' }, h('summary', { class: 'small' }, t('setRulesFields', { fields: '' }).replace(/[:：]\s*$/, '')), h('p', { class: 'small mono', id: 'rule-fields', translate: 'no' })),
    ),
  );

  // Display and the settings file.
  const fileInput = h('input', {
    type: 'file',
    id: 'settings-file',
    accept: '.json,application/json',
    hidden: true,
    onchange: (e) => {
      const f = e.target.files[0];
      e.target.value = '';
      if (f) ctx.onImport(f);
    },
  });
  form.append(
    fieldset(
      t('setDisplay'),
      h(
        'label',
        { class: 'field inline' },
        h('span', {}, t('setCurrency')),
        h(
          'select',
          {
            id: 'set-currency',
            onchange: (e) => {
              st.currency = e.target.value;
              ctx.onCurrency();
            },
          },
          ['RUB', 'USD', 'EUR', 'KZT', 'BYN'].map((c) => h('option', { value: c, selected: st.currency === c }, c)),
          h('option', { value: 'none', selected: st.currency === 'none' }, t('currencyNone')),
        ),
      ),
    ),
    h(
      'div',
      { class: 'row settings-actions' },
      h('button', { type: 'button', class: 'btn small', id: 'settings-export', onclick: () => ctx.onExport() }, t('settingsExport')),
      h('button', { type: 'button', class: 'btn small', id: 'settings-import', onclick: () => fileInput.click() }, t('settingsImport')),
      h('button', { type: 'button', class: 'btn small ghost', id: 'settings-reset', onclick: () => ctx.onReset() }, t('settingsReset')),
      fileInput,
    ),
  );
  refreshSettingsForm(ctx);
}

function parseCut(text) {
  const v = Number(String(text).replace(/\s/g, '').replace(',', '.'));
  return text === '' || !Number.isFinite(v) ? NaN : v;
}

function renderCuts(box, ctx) {
  const st = ctx.settings;
  clear(box);
  const fixed = st.thresholdMode === 'fixed';
  box.append(
    radios('thresholdMode', st.thresholdMode, [['quantile', t('setQuantile'), 'set-th-quantile'], ['fixed', t('setFixed'), 'set-th-fixed']], (v) => {
      st.thresholdMode = v;
      if (v === 'fixed') {
        // Start from the cut points in force.
        const cuts = ctx.result?.summary.cuts;
        for (const d of DIMS) {
          const cur = cuts?.[d]?.cuts || [];
          const arr = [];
          for (let i = 0; i < st.bins - 1; i++) {
            const c = cur[i];
            arr.push(typeof c === 'number' ? c : i ? arr[i - 1] : 0);
          }
          st.thresholds[d] = arr;
        }
      }
      renderCuts(box, ctx);
      ctx.onChange(true);
    }),
    h('p', { class: 'muted small' }, t('setCutsHint', { n: st.bins - 1 })),
  );
  for (const d of DIMS) {
    const inputs = [];
    for (let i = 0; i < st.bins - 1; i++) {
      inputs.push(
        h('input', {
          type: 'number',
          step: 'any',
          id: `set-cut-${d}-${i}`,
          class: 'cut',
          'aria-label': `${t(DIM_LABEL[d])} ${i + 1}`,
          readOnly: !fixed,
          value: fixed ? st.thresholds[d][i] ?? '' : '',
          oninput: (e) => {
            st.thresholds[d][i] = parseCut(e.target.value);
            const ok = thresholdsValid(st);
            const err = $('#set-cuts-error');
            err.hidden = ok;
            err.textContent = ok ? '' : t('cutsError', { n: st.bins - 1 });
            if (ok) ctx.onChange(false);
          },
        }),
      );
    }
    box.append(h('div', { class: 'cuts-row' }, h('span', { class: 'cuts-label' }, t(DIM_LABEL[d])), h('span', { class: 'cuts' }, inputs)));
  }
  box.append(h('div', { id: 'set-cuts-error', class: 'field-error', role: 'alert', hidden: true }));
  if (ctx.result) fillQuantileCuts(ctx);
}

function fillQuantileCuts(ctx) {
  const st = ctx.settings;
  if (st.thresholdMode !== 'quantile' || !ctx.result) return;
  const cuts = ctx.result.summary.cuts;
  for (const d of DIMS) {
    for (let i = 0; i < st.bins - 1; i++) {
      const el = document.getElementById(`set-cut-${d}-${i}`);
      const v = cuts[d]?.cuts?.[i];
      if (el) el.value = typeof v === 'number' ? String(Math.round(v * 100) / 100) : '';
    }
  }
}

function ruleRow(r, i, ctx, rerender) {
  const st = ctx.settings;
  const err = h('div', { class: 'field-error', id: `rule-error-${i}`, role: 'alert', hidden: true });
  const check = () => {
    let msg = '';
    if (r.rule.trim()) {
      const e = checkRule(r.rule, attributes, getLang());
      if (e) msg = t('ruleError', { line: e.line, column: e.column, message: e.message });
      else if (!r.name.trim()) msg = t('ruleNeedsName');
    }
    err.hidden = !msg;
    err.textContent = msg;
  };
  const row = h(
    'div',
    { class: 'rule-row', dataset: { index: i } },
    h(
      'label',
      { class: 'field' },
      h('span', {}, t('ruleName')),
      h('input', {
        type: 'text',
        id: `rule-name-${i}`,
        value: r.name,
        oninput: (e) => {
          r.name = e.target.value;
          check();
          ctx.onChange(false);
        },
      }),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', {}, t('ruleText')),
      h('textarea', {
        id: `rule-text-${i}`,
        rows: 2,
        spellcheck: 'false',
        value: r.rule,
        'aria-describedby': `rule-error-${i}`,
        oninput: (e) => {
          r.rule = e.target.value;
          check();
          ctx.onChange(false);
        },
      }),
    ),
    err,
    h(
      'button',
      {
        type: 'button',
        class: 'btn tiny ghost',
        onclick: () => {
          st.ruleSegments.splice(i, 1);
          rerender();
          ctx.onChange(true);
        },
      },
      t('ruleRemove'),
    ),
  );
  row.check = check;
  check();
  return row;
}

/** The loyalty ladder's rule segments the current clients table's columns allow, if any. */
function loyaltyPreset() {
  if (!attributes.length) return [];
  try {
    return getPresets(undefined, attributes).ruleSegments.loyalty || [];
  } catch {
    return [];
  }
}

/** Shows the values in force (cut points, defaults as placeholders) after a run. */
export function refreshSettingsForm(ctx) {
  const res = ctx.result;
  attributes = ctx.attributes;
  if (!res) return;
  const fmt = ctx.fmt;
  const hint = document.getElementById('set-asof-hint');
  if (hint) hint.textContent = t('setAsOfHint', { date: fmt.date(res.summary.lastDate) });
  fillQuantileCuts(ctx);
  const m = res.model;
  // The values in force as placeholders, written the way the page writes numbers.
  const ph = (id, v) => {
    const el = document.getElementById(id);
    if (el) el.placeholder = v === null || v === undefined ? '' : fmt.dec1(v);
  };
  ph('set-new-days', m.lifecycle.newDays);
  ph('set-sleep-days', m.lifecycle.sleepDays);
  ph('set-churn-days', m.lifecycle.churnDays);
  ph('set-abc-a', Math.round(m.abc.options.a * 1000) / 10);
  ph('set-abc-b', Math.round(m.abc.options.b * 1000) / 10);
  ph('set-xyz-x', Math.round(m.xyz.x * 1000) / 10);
  ph('set-xyz-y', Math.round(m.xyz.y * 1000) / 10);
  if (res.clv) {
    ph('set-clv-horizon', res.clv.horizonMonths);
    ph('set-clv-discount', Math.round(res.clv.discount * 1000) / 10);
  }
  const loyalty = document.getElementById('rule-loyalty');
  if (loyalty) {
    const have = new Set(ctx.settings.ruleSegments.map((r) => r.rule.trim()));
    const offered = loyaltyPreset().filter((seg) => !have.has(seg.rule));
    loyalty.hidden = !offered.length;
    loyalty.title = offered.map((seg) => (getLang() === 'ru' ? seg.nameRu || seg.name : seg.name)).join(', ');
  }
  const fields = document.getElementById('rule-fields');
  if (fields) fields.textContent = [...(ctx.presets?.fields || []), ...attributeNames(ctx.attributes)].join(', ');
  for (const row of document.querySelectorAll('#rule-list .rule-row')) row.check?.();
}
