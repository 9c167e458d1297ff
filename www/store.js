// The page state, in named slices. Every slice has one owner: the module that claims it
// with own() and alone can change it, through the handle own() returns. Any module may
// read a slice with get() and hear of its changes with subscribe(). Derived values
// (the number and date formats) are read with get() too and are recomputed only when
// their inputs change.
//
//   const mine = own('clients', { filter: emptyFilter(), sort: { key: 'revenue', dir: -1 } });
//   mine.set('sort', { key, dir });              // owner only; listeners of 'sort' run
//   mine.update('filter', (f) => ({ ...f, abc })); // the same, from the current value
//   get('filter');                               // anyone
//   subscribe('result', (result) => ...);        // anyone; returns an unsubscribe function
//   derive('fmt', () => [lang, currency], makeFormat);

/** A store of its own (the page uses the one below). */
export function createStore() {
  const values = new Map();
  const owners = new Map();
  const listeners = new Map();
  const derived = new Map();

  function known(key) {
    if (!values.has(key) && !derived.has(key)) throw new Error(`store: no slice "${key}"`);
  }

  function get(key) {
    const d = derived.get(key);
    if (!d) {
      known(key);
      return values.get(key);
    }
    const inputs = d.inputs();
    if (!d.last || inputs.length !== d.last.length || inputs.some((x, i) => !Object.is(x, d.last[i]))) {
      d.value = d.compute(...inputs);
      d.last = inputs;
    }
    return d.value;
  }

  function notify(key) {
    const value = values.get(key);
    for (const fn of Array.from(listeners.get(key) || [])) fn(value, key);
  }

  /** Claims the slices of `initial` (name -> first value) for `owner`. */
  function own(owner, initial) {
    for (const key of Object.keys(initial)) {
      if (owners.has(key) || derived.has(key)) throw new Error(`store: "${key}" already belongs to ${owners.get(key) || 'a derived value'}`);
    }
    const mine = new Set(Object.keys(initial));
    for (const key of mine) {
      owners.set(key, owner);
      values.set(key, initial[key]);
    }
    const check = (key) => {
      if (!mine.has(key)) throw new Error(`store: ${owner} does not own "${key}"`);
    };
    return {
      /** Replaces a slice and tells its listeners. */
      set(key, value) {
        check(key);
        values.set(key, value);
        notify(key);
      },
      /** Sets a slice to `fn(current)`; `fn` may also change the value in place and return it. */
      update(key, fn) {
        check(key);
        values.set(key, fn(values.get(key)));
        notify(key);
      },
    };
  }

  /** Calls `fn(value, key)` after each change of the slice; returns the unsubscribe. */
  function subscribe(key, fn) {
    known(key);
    if (!listeners.has(key)) listeners.set(key, new Set());
    listeners.get(key).add(fn);
    return () => listeners.get(key).delete(fn);
  }

  /** A read-only value `compute(...inputs())`, recomputed when an input is not the same. */
  function derive(key, inputs, compute) {
    if (values.has(key) || derived.has(key)) throw new Error(`store: "${key}" already exists`);
    derived.set(key, { inputs, compute, last: null, value: undefined });
  }

  return { get, own, subscribe, derive };
}

const page = createStore();
export const { get, own, subscribe, derive } = page;
