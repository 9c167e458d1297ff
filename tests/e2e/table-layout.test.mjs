// The clients table in a marketer's window and on a phone: the key columns (client,
// segment, stage, revenue, points, next action) are in view without scrolling sideways;
// the other columns are reachable (by scrolling, or in the client card on a phone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, text, shot } from './harness.mjs';

useBrowser();

const KEY = ['client', 'segment', 'lifecycle', 'revenue', 'points', 'action'];
const MORE = ['recency', 'frequency', 'lastOrder', 'abcxyz'];

/** Bounding boxes of the table's scroller, of each header by key, and of the first row's cells. */
function boxes(page) {
  return page.evaluate(() => {
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.width && r.height ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : null;
    };
    const scroller = document.querySelector('#client-table .vt-scroll');
    const heads = {};
    for (const th of document.querySelectorAll('#client-table thead th')) heads[th.dataset.key] = box(th);
    const cells = {};
    const row = document.querySelector('#client-table tbody tr:not(.spacer)');
    for (const td of row.querySelectorAll('td')) cells[td.dataset.key] = box(td);
    return {
      table: box(scroller),
      heads,
      cells,
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    };
  });
}

const inside = (b, outer, what) => {
  assert.ok(b, `${what} is shown`);
  assert.ok(b.left >= outer.left - 0.5 && b.right <= outer.right + 0.5, `${what} [${b.left}, ${b.right}] inside [${outer.left}, ${outer.right}]`);
};

for (const lang of ['ru', 'en']) {
  test(`1,400 px window (${lang}): the key columns are in view, the others a scroll away, the client column stays`, async (t) => {
    const { page, errors } = await openPage(t, { viewport: { width: 1400, height: 900 } });
    if (lang === 'en') {
      await page.click('.lang-switch button[data-lang="en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dataset.state === 'ready');
    }
    await page.locator('#clients').scrollIntoViewIfNeeded();
    const b = await boxes(page);
    const viewport = { left: 0, right: b.viewport };
    for (const key of KEY) {
      inside(b.heads[key], b.table, `header ${key}`);
      inside(b.heads[key], viewport, `header ${key}`);
      inside(b.cells[key], b.table, `cell ${key}`);
    }
    assert.ok(b.scrollWidth > b.clientWidth, 'the other columns are further right');
    assert.ok(b.pageWidth <= b.viewport, 'the page itself does not scroll sideways');
    await shot(page, `table-1400-${lang}`);
    // Scrolled to the end: the other columns are in view, and so is the client column.
    await page.locator('#client-table .vt-scroll').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const end = await boxes(page);
    for (const key of MORE) inside(end.heads[key], end.table, `header ${key} after scrolling`);
    inside(end.heads.client, end.table, 'the client header after scrolling');
    inside(end.cells.client, end.table, 'the client cell after scrolling');
    assert.deepEqual(errors, []);
  });

  test(`phone 390×844 (${lang}): each client a compact card with the key columns, no sideways scrolling`, async (t) => {
    const { page, errors } = await openPage(t, { viewport: { width: 390, height: 844 } });
    if (lang === 'en') {
      await page.click('.lang-switch button[data-lang="en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dataset.state === 'ready');
    }
    await page.locator('#client-table').scrollIntoViewIfNeeded();
    const b = await boxes(page);
    const viewport = { left: 0, right: b.viewport };
    for (const key of KEY) {
      inside(b.heads[key], b.table, `header ${key}`);
      inside(b.heads[key], viewport, `header ${key}`);
      inside(b.cells[key], b.table, `cell ${key}`);
    }
    assert.ok(b.scrollWidth <= b.clientWidth + 1, `no sideways scrolling in the table (${b.scrollWidth} > ${b.clientWidth})`);
    assert.ok(b.pageWidth <= b.viewport, `the page fits the phone (${b.pageWidth} px)`);
    const first = page.locator('#client-table tbody tr:not(.spacer)').first();
    const card = await text(first);
    assert.match(card, lang === 'ru' ? /Баллы \d/ : /Points \d/, 'the points say what they are');
    assert.match(card, /₽/);
    await shot(page, `table-phone-${lang}`);
    // In the browser's accessibility tree the cards are still rows of cells under column headers.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const roles = nodes.filter((n) => !n.ignored).map((n) => n.role?.value);
    assert.ok(roles.includes('table'), 'a table');
    assert.ok(roles.filter((r) => r === 'columnheader').length >= KEY.length, 'its column headers');
    assert.ok(roles.filter((r) => r === 'row').length > 5, 'its rows');
    assert.ok(roles.filter((r) => r === 'cell').length > 5 * KEY.length, 'their cells');
    // The arrow keys move from card to card, keeping the focused one in view.
    await page.locator('#client-table .client-link').first().focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      const box = document.querySelector('#client-table .vt-scroll').getBoundingClientRect();
      return { pos: el.closest('tr')?.dataset.pos, inView: r.top >= box.top - 1 && r.bottom <= box.bottom + 1 };
    });
    assert.deepEqual(focused, { pos: '12', inView: true });
    await page.locator('#client-table .vt-scroll').evaluate((el) => (el.scrollTop = 0));
    // Sorting by a key column and opening a card work by touch.
    await page.locator('#client-table thead th[data-key="points"] button').click();
    assert.equal(await page.locator('#client-table thead th[data-key="points"]').getAttribute('aria-sort'), 'descending');
    await page.locator('#client-table .client-link').first().click();
    await page.locator('#client-card').waitFor({ state: 'visible' });
    const dialog = await page.locator('#client-card').boundingBox();
    assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= 390, 'the card fits the phone');
    // The rest of the columns are in the card.
    assert.match(await text(page.locator('#client-card')), lang === 'ru' ? /Давность[\s\S]*Заказов[\s\S]*Последний заказ/ : /Recency[\s\S]*Orders[\s\S]*Last order/);
    await shot(page, `table-phone-card-${lang}`);
    assert.deepEqual(errors, []);
  });
}
