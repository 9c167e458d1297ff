// Contrast: every text the page shows reaches 4.5:1 against what is behind it (WCAG 2
// relative luminance), computed from the computed colours: the heat-map cells of the R×F
// grid and the ABC×XYZ matrix, the badges, pills and chips, and then every text node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, rerun, cp1251File, dropFile } from './harness.mjs';

useBrowser();

const MIN = 4.5;

/**
 * In the page: for each element matching `selector` (or each visible text node's parent
 * when `selector` is null), its text, text colour, the background it sits on (the
 * backgrounds of its ancestors composited over white, with their opacity) and the ratio.
 */
function measure(page, selector) {
  return page.evaluate(
    ({ selector }) => {
      const parse = (c) => {
        const m = c.match(/rgba?\(([^)]+)\)/);
        if (!m) return [0, 0, 0, 0];
        const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
      };
      const over = (top, under) => top.slice(0, 3).map((x, i) => x * top[3] + under[i] * (1 - top[3]));
      const lum = (rgb) => {
        const [r, g, b] = rgb.map((c) => {
          const x = c / 255;
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      /** The background under `el`: its ancestors' colours from the first opaque one up. */
      const background = (el) => {
        const layers = [];
        for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
          const s = getComputedStyle(e);
          const c = parse(s.backgroundColor);
          const o = Number(s.opacity);
          if (c[3] > 0) layers.push([c[0], c[1], c[2], c[3] * o]);
          if (c[3] === 1 && o === 1) break;
        }
        let bg = [255, 255, 255];
        for (const layer of layers.reverse()) bg = over(layer, bg);
        return bg;
      };
      const opacity = (el) => {
        let o = 1;
        for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
        return o;
      };
      const one = (el, textOf) => {
        const s = getComputedStyle(el);
        const svg = el instanceof SVGElement;
        const fg = parse(svg ? s.fill : s.color);
        const bg = background(svg ? el.closest('svg').parentElement : el);
        const ink = over([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
        return {
          text: textOf.trim().slice(0, 60),
          where: `${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className).trim().replace(/\s+/g, '.')}`,
          ratio: Math.round(ratio(ink, bg) * 100) / 100,
          fg: ink.map(Math.round).join(','),
          bg: bg.map(Math.round).join(','),
        };
      };
      const visible = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && !el.closest('.visually-hidden, option');
      if (selector) {
        return Array.from(document.querySelectorAll(selector))
          .filter((el) => visible(el) && el.textContent.trim())
          .map((el) => one(el, el.textContent));
      }
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n; (n = walker.nextNode()); ) {
        const el = n.parentElement;
        if (n.textContent.trim() && visible(el)) out.push(one(el, n.textContent));
      }
      return out;
    },
    { selector },
  );
}

const low = (list) => list.filter((x) => x.ratio < MIN);

test('heat-map cells: each number and name on an R×F or ABC×XYZ cell reaches 4.5:1, at every intensity', async (t) => {
  const { page, errors } = await openPage(t);
  const cells = '.rf-cell .rf-count, .rf-cell .rf-money, .mx .mx-count, .mx .mx-name, .mx .mx-rev';
  const seen = [];
  const check = async (label) => {
    const found = await measure(page, cells);
    assert.ok(found.length >= 25, `${label}: ${found.length} texts on cells`);
    assert.deepEqual(low(found), [], `${label}: texts under ${MIN}:1`);
    seen.push(...found);
  };
  await check('5 levels');
  await page.click('#settings-toggle');
  await rerun(page, () => page.check('#set-bins-3'));
  await check('3 levels');
  await rerun(page, () => page.selectOption('#set-preset', 'ru3'));
  await check('3 levels, 3×3×3 segments');
  // The cells span the whole scale: light ones under dark text and dark ones under white.
  assert.ok(seen.some((x) => x.fg === '255,255,255'), 'some cells are dark');
  assert.ok(seen.some((x) => x.fg === '29,35,48' && x.bg !== '255,255,255'), 'some cells are light');
  // The rest of the page in this state too (segments nobody falls into, the settings).
  for (const d of await page.locator('details').all()) await d.evaluate((x) => (x.open = true));
  assert.deepEqual(low(await measure(page, null)), [], 'texts under 4.5:1');
  assert.deepEqual(errors, []);
});

test('the scale itself: the text colour chosen for every intensity reaches 4.5:1', async (t) => {
  const { page } = await openPage(t);
  const worst = await page.evaluate(async () => {
    const { heat, contrast } = await import('./charts.js');
    const rgb = (s) => s.match(/\d+/g).map(Number);
    let min = Infinity;
    for (let i = 0; i <= 1000; i++) {
      const { background, color } = heat(i / 1000);
      min = Math.min(min, contrast(rgb(background), rgb(color)));
    }
    return min;
  });
  assert.ok(worst >= MIN, `lowest ratio on the scale ${worst}`);
});

test('badges, pills, chips and every other text of the page reach 4.5:1', async (t) => {
  const { page, errors } = await openPage(t);
  // A file with rejected and flagged rows: the quality section's pills and banner.
  await rerun(page, () => dropFile(page, cp1251File().bytes, 'выгрузка-1с.csv'));
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  for (const d of await page.locator('details').all()) await d.evaluate((x) => (x.open = true));
  await page.locator('#quality').scrollIntoViewIfNeeded();
  const badges = await measure(page, '.pill, .channel, .chip, .seg-chip, .stat-value, .kpi-value, .banner, .message, .lang-switch button, .btn, .detect-chips li, .source-status');
  assert.ok(badges.some((x) => x.where.startsWith('span.pill')), 'pills measured');
  assert.ok(badges.some((x) => x.where.startsWith('span.channel')), 'channels measured');
  assert.deepEqual(low(badges), [], 'badges under 4.5:1');
  // Every text node, with the settings open and a filter chip in place.
  await page.click('#settings-toggle');
  await page.locator('#plan .plan-card button').first().click();
  const all = await measure(page, null);
  assert.ok(all.length > 300, `${all.length} texts measured`);
  assert.deepEqual(low(all), [], 'texts under 4.5:1');
  // A mapping that lacks a role: the disabled button stays legible.
  await page.locator('#role-0').selectOption('');
  assert.deepEqual(low(await measure(page, '#apply-mapping, #mapping-problem')), []);
  assert.deepEqual(errors, []);
});
