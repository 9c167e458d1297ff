// The demo page's state store (www/store.js): one owner per slice, reads and listeners
// for everyone, derived values recomputed only when their inputs change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../www/store.js';

test('only the owner of a slice changes it; anyone reads it', () => {
  const store = createStore();
  const a = store.own('a', { filter: { segment: null }, sort: 'revenue' });
  const b = store.own('b', { lang: 'ru' });
  assert.equal(store.get('sort'), 'revenue');
  a.set('sort', 'client');
  assert.equal(store.get('sort'), 'client');
  a.update('filter', (f) => ({ ...f, segment: 'champions' }));
  assert.deepEqual(store.get('filter'), { segment: 'champions' });
  assert.throws(() => b.set('sort', 'points'), /b does not own "sort"/);
  assert.throws(() => store.own('c', { lang: 'en' }), /"lang" already belongs to b/);
  assert.throws(() => store.get('nothing'), /no slice "nothing"/);
  assert.equal(store.get('lang'), 'ru');
});

test('listeners hear every change of their slice, in place or not, until unsubscribed', () => {
  const store = createStore();
  const mine = store.own('reading', { parse: { encoding: '' }, sniff: null });
  const heard = [];
  const stop = store.subscribe('parse', (value, key) => heard.push([key, value.encoding]));
  store.subscribe('sniff', () => heard.push(['sniff']));
  const parse = store.get('parse');
  mine.update('parse', (p) => {
    p.encoding = 'windows-1251';
    return p;
  });
  assert.equal(store.get('parse'), parse, 'an in-place update keeps the object');
  mine.set('parse', { encoding: 'utf-8' });
  stop();
  mine.set('parse', { encoding: 'koi8-r' });
  assert.deepEqual(heard, [['parse', 'windows-1251'], ['parse', 'utf-8']]);
  assert.throws(() => store.subscribe('nothing', () => {}), /no slice/);
});

test('a derived value is computed when first read and again only when an input changes', () => {
  const store = createStore();
  const lang = store.own('language', { lang: 'ru' });
  const settings = { currency: 'RUB' };
  store.own('settings', { settings });
  let computed = 0;
  store.derive('fmt', () => [store.get('lang'), store.get('settings').currency], (l, c) => ({ l, c, n: ++computed }));
  assert.equal(computed, 0);
  const first = store.get('fmt');
  assert.deepEqual(first, { l: 'ru', c: 'RUB', n: 1 });
  assert.equal(store.get('fmt'), first);
  settings.currency = 'USD';
  assert.deepEqual(store.get('fmt'), { l: 'ru', c: 'USD', n: 2 });
  lang.set('lang', 'en');
  assert.deepEqual(store.get('fmt'), { l: 'en', c: 'USD', n: 3 });
  assert.throws(() => store.own('x', { fmt: null }), /already belongs to a derived value/);
  assert.throws(() => store.derive('lang', () => [], () => 0), /already exists/);
});
