// The amoCRM widget: an AMD module whose value is the widget constructor amoCRM extends
// with its Widget methods (`params`, `system`, `get_settings`, `i18n`, `render_template`,
// `list_selected`). The work is done by two ES modules of the widget's folder, loaded with
// `import()`: adapter.js (the API pages → order rows) and segmenta/segmenta-report.js (the
// <segmenta-report> element, which loads the WebAssembly module next to it).
define([], function () {
  'use strict';

  var ELEMENT = 'segmenta-report';
  var STYLE_ID = 'segmenta-widget-style';
  /** How long the loaded deals serve the next card or list before they are loaded again. */
  var CACHE_MS = 5 * 60 * 1000;
  /** The account's deals as order rows, shared by the widget instances of this page. */
  var cache = null;

  var CSS = [
    '.segmenta-widget{font:13px/1.4 inherit;padding:6px 0}',
    '.segmenta-status{color:#6b7a90;padding:4px 0}',
    '.segmenta-status[data-kind="error"]{color:#c0392b}',
    '[data-segmenta="card"] segmenta-report::part(status){display:none}',
    '.segmenta-overlay{position:fixed;inset:0;z-index:10000;background:rgba(20,30,45,.45);display:flex;align-items:flex-start;justify-content:center;overflow:auto;padding:40px 16px}',
    '.segmenta-panel{background:#fff;border-radius:6px;box-shadow:0 10px 40px rgba(0,0,0,.25);width:min(1100px,100%);padding:16px 20px}',
    '.segmenta-panel__head{display:flex;align-items:center;gap:12px;margin-bottom:8px}',
    '.segmenta-panel__title{font-size:17px;font-weight:600;flex:1}',
    '.segmenta-panel__close{border:1px solid #c5cdd8;background:#fff;border-radius:4px;padding:4px 12px;cursor:pointer}',
    '.segmenta-panel__note{color:#6b7a90;margin-bottom:8px}',
  ].join('\n');

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  return function SegmentaWidget() {
    var self = this;
    /** Nodes this instance put on the page; `destroy` removes them. */
    var mounted = [];
    var onKey = null;

    function words() {
      var w = typeof self.i18n === 'function' ? self.i18n('segmenta') : null;
      return w && typeof w === 'object' ? w : {};
    }
    function lang() {
      return words().lang === 'en' ? 'en' : 'ru';
    }
    function say(key, values) {
      var text = String(words()[key] || key);
      return text.replace(/\{(\w+)\}/g, function (m, name) {
        return values && values[name] != null ? String(values[name]) : m;
      });
    }
    function settings() {
      var s = typeof self.get_settings === 'function' ? self.get_settings() : null;
      return s || {};
    }
    /** The area amoCRM runs the widget in (`ccard`, `clist`, `llist`, `settings`…). */
    function area() {
      var system = typeof self.system === 'function' ? self.system() : null;
      if (system && system.area) return system.area;
      var data = window.AMOCRM && window.AMOCRM.data;
      return data && data.current_card && data.current_entity === 'contacts' ? 'ccard' : '';
    }
    /** The widget folder's URL, ending in `/`. */
    function folder() {
      var path = String((self.params && self.params.path) || '').replace(/\/*$/, '/');
      return new URL(path, window.location.href).href;
    }
    /** The account's currency (ISO 4217) when amoCRM tells it, else null. */
    function accountCurrency() {
      var amo = window.AMOCRM;
      var acc = amo && typeof amo.constant === 'function' ? amo.constant('account') : null;
      var code = acc && acc.currency ? String(acc.currency).toUpperCase() : '';
      return /^[A-Z]{3}$/.test(code) ? code : null;
    }
    /** Unix seconds of the first `closed_at` to load, from the `months` setting (0: all). */
    function since() {
      var months = parseFloat(String(settings().months || '').replace(',', '.'));
      return months > 0 ? Math.floor(Date.now() / 1000 - months * 30.44 * 86400) : 0;
    }

    function modules() {
      var base = folder();
      return Promise.all([import(base + 'adapter.js'), import(base + 'segmenta/segmenta-report.js')]).then(function (m) {
        return m[0];
      });
    }

    /** `{ adapter, account }`: the deals loaded once for CACHE_MS (a failure is not kept). */
    function account(onProgress) {
      var key = folder() + '|' + since() + '|' + lang();
      if (!cache || cache.key !== key || Date.now() - cache.at > CACHE_MS) {
        var entry = { key: key, at: Date.now(), listeners: [] };
        entry.promise = modules().then(function (adapter) {
          return adapter.loadAccount({
            fetch: window.fetch.bind(window),
            origin: window.location.origin,
            since: since(),
            lang: lang(),
            onProgress: function (p) {
              entry.listeners.forEach(function (f) { f(p); });
            },
          }).then(function (loaded) {
            return { adapter: adapter, account: loaded };
          });
        });
        entry.promise.catch(function () {
          if (cache === entry) cache = null;
        });
        cache = entry;
      }
      if (onProgress) cache.listeners.push(onProgress);
      return cache.promise;
    }

    function addStyle() {
      if (document.getElementById(STYLE_ID)) return;
      var style = document.createElement('style');
      style.id = STYLE_ID;
      style.textContent = CSS;
      document.head.appendChild(style);
      mounted.push(style);
    }

    function setStatus(box, text, kind) {
      var status = box.querySelector('.segmenta-status');
      if (!status) return;
      status.textContent = text;
      status.hidden = !text;
      if (kind) status.setAttribute('data-kind', kind);
      else status.removeAttribute('data-kind');
    }

    /** The <segmenta-report> element over `rows` (one client's card when `client` is given). */
    function makeReport(adapter, rows, client, box) {
      var el = document.createElement(ELEMENT);
      el.addEventListener('segmenta-ready', function () {
        setStatus(box, '');
      });
      el.addEventListener('segmenta-error', function (e) {
        var detail = e && e.detail;
        var message = detail && (detail.message || (detail.error && detail.error.message));
        setStatus(box, say('error') + (message ? ': ' + message : ''), 'error');
      });
      el.lang = lang();
      el.wasmUrl = folder() + 'segmenta/segmenta_bg.wasm';
      el.options = adapter.analyzeOptions({ lang: lang() });
      var currency = accountCurrency();
      if (currency) el.currency = currency;
      if (client != null) el.client = String(client);
      el.rows = rows;
      return el;
    }

    function renderCard() {
      var card = window.AMOCRM && window.AMOCRM.data && window.AMOCRM.data.current_card;
      var id = card && card.id;
      // A contact being created has id 0: nothing to show yet.
      if (!id || String(id) === '0') return;
      addStyle();
      self.render_template({
        caption: { class_name: 'segmenta-caption', html: '' },
        body: '',
        render: '<div class="segmenta-widget" data-segmenta="card" data-contact="' + escapeHtml(id) + '">'
          + '<div class="segmenta-status">' + escapeHtml(say('loading')) + '</div></div>',
      });
      var box = document.querySelector('[data-segmenta="card"][data-contact="' + String(id).replace(/"/g, '') + '"]');
      if (!box) return;
      mounted.push(box);
      account(function (p) {
        setStatus(box, say('progress', p));
      }).then(function (loaded) {
        if (!box.isConnected) return;
        var rows = loaded.account.rows;
        if (!loaded.adapter.buyers(loaded.adapter.selectRows(rows, [id])).has(String(id))) {
          setStatus(box, say('no_deals'));
          return;
        }
        setStatus(box, say('loading'));
        box.appendChild(makeReport(loaded.adapter, rows, id, box));
      }, function (err) {
        setStatus(box, say('error') + ': ' + (err && err.message ? err.message : err), 'error');
      });
    }

    function closeOverlay() {
      var open = document.querySelectorAll('.segmenta-overlay');
      for (var i = 0; i < open.length; i += 1) open[i].remove();
    }

    /**
     * The full report in a panel over the list: of the contacts `contactIds`, of the main
     * contacts of `leadIds`, or (neither given, or both empty) of the whole base.
     */
    function openReport(contactIds, leadIds) {
      closeOverlay();
      addStyle();
      var overlay = document.createElement('div');
      overlay.className = 'segmenta-overlay';
      overlay.setAttribute('data-segmenta', 'list');
      overlay.innerHTML = '<div class="segmenta-panel segmenta-widget" role="dialog" aria-modal="true">'
        + '<div class="segmenta-panel__head"><div class="segmenta-panel__title">' + escapeHtml(say('title')) + '</div>'
        + '<button type="button" class="segmenta-panel__close">' + escapeHtml(say('close')) + '</button></div>'
        + '<div class="segmenta-panel__note"></div>'
        + '<div class="segmenta-status">' + escapeHtml(say('loading')) + '</div></div>';
      overlay.querySelector('.segmenta-panel__close').addEventListener('click', function () {
        overlay.remove();
      });
      overlay.addEventListener('click', function (e) {
        if (e.target === overlay) overlay.remove();
      });
      document.body.appendChild(overlay);
      mounted.push(overlay);
      var panel = overlay.querySelector('.segmenta-panel');
      var note = overlay.querySelector('.segmenta-panel__note');
      account(function (p) {
        setStatus(panel, say('progress', p));
      }).then(function (loaded) {
        if (!overlay.isConnected) return;
        var adapter = loaded.adapter;
        var all = loaded.account.rows;
        var ids = contactIds && contactIds.length ? contactIds.map(String) : [];
        if (!ids.length && leadIds && leadIds.length) ids = adapter.contactsOfLeads(loaded.account.leads, leadIds);
        var rows = ids.length ? adapter.selectRows(all, ids) : all;
        var m = adapter.buyers(rows).size;
        note.textContent = ids.length ? say('selection', { n: ids.length, m: m }) : say('whole', { m: m });
        if (m === 0) {
          setStatus(panel, say('no_deals'));
          return;
        }
        setStatus(panel, say('loading'));
        panel.appendChild(makeReport(adapter, rows, null, panel));
      }, function (err) {
        setStatus(panel, say('error') + ': ' + (err && err.message ? err.message : err), 'error');
      });
    }

    function selectedIds() {
      var sel = typeof self.list_selected === 'function' ? self.list_selected() : null;
      var items = (sel && sel.selected) || [];
      return items.map(function (item) {
        return String(item && item.id != null ? item.id : item);
      });
    }

    this.callbacks = {
      render: function () {
        if (area() === 'ccard') renderCard();
        return true;
      },
      init: function () {
        return true;
      },
      bind_actions: function () {
        if (!onKey) {
          onKey = function (e) {
            if (e.key === 'Escape') closeOverlay();
          };
          document.addEventListener('keydown', onKey);
        }
        return true;
      },
      settings: function (modalBody) {
        var node = modalBody && (modalBody.nodeType === 1 ? modalBody : modalBody[0]);
        if (node && node.nodeType === 1 && !node.querySelector('.segmenta-settings-hint')) {
          var hint = document.createElement('p');
          hint.className = 'segmenta-settings-hint';
          hint.textContent = say('settings_hint');
          node.appendChild(hint);
          mounted.push(hint);
        }
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        mounted.forEach(function (node) {
          node.remove();
        });
        mounted = [];
        if (onKey) {
          document.removeEventListener('keydown', onKey);
          onKey = null;
        }
        return true;
      },
      contacts: {
        selected: function () {
          openReport(selectedIds(), null);
          return true;
        },
      },
      leads: {
        selected: function () {
          openReport(null, selectedIds());
          return true;
        },
      },
    };
    return this;
  };
});
