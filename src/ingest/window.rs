//! Bounded histories of keys for the duplicate, order-id and period checks.

use super::codec::{Field, Reader, Writer};
use super::interner::fmix;
use crate::calendar::Day;
use crate::error::Error;
use hashbrown::HashTable;

/// A map from 64-bit keys that forgets old entries when the input is in date order.
///
/// Entries carry a generation. When the current generation holds `budget` keys, the input
/// has been in date order so far and the date has just moved on, entries older than the
/// previous generation are swept out and a new generation starts. Rows dated on or before
/// the last swept date can no longer be checked: [`Window::covers`] says so, and the caller
/// reports it.
pub(crate) struct Window<V> {
    table: HashTable<(u64, V, u32)>,
    generation: u32,
    in_generation: usize,
    cur_max: Day,
    prev_max: Day,
    horizon: Option<Day>,
    budget: usize,
}

impl<V: Copy> Window<V> {
    /// A window keeping at least `budget` keys (0 = keep everything).
    #[cfg(test)]
    pub(crate) fn new(budget: usize) -> Self {
        Self::with_capacity(budget, 0)
    }

    /// A window with room for `expected` keys up front (capped by two generations).
    pub(crate) fn with_capacity(budget: usize, expected: usize) -> Self {
        let cap = if budget == 0 {
            expected
        } else {
            expected.min(budget * 2 + 1)
        };
        Window {
            table: HashTable::with_capacity(cap),
            generation: 0,
            in_generation: 0,
            cur_max: Day::MIN,
            prev_max: Day::MIN,
            horizon: None,
            budget,
        }
    }

    /// Whether a row dated `day` is fully checked by the window.
    #[inline]
    pub(crate) fn covers(&self, day: Day) -> bool {
        match self.horizon {
            None => true,
            Some(h) => day > h,
        }
    }

    /// Called before a row dated `day` when the input has been in date order so far and
    /// `day` is later than every earlier row: starts a new generation if the budget is used.
    #[inline]
    pub(crate) fn advance(&mut self, day: Day) {
        if self.budget > 0 && self.in_generation >= self.budget && day > self.cur_max {
            self.rotate();
        }
    }

    #[cold]
    fn rotate(&mut self) {
        if self.generation > 0 {
            let keep = self.generation;
            self.table.retain(|e| e.2 >= keep);
            self.horizon = Some(self.prev_max);
        }
        self.generation += 1;
        self.prev_max = self.cur_max;
        self.in_generation = 0;
    }

    /// The value of `key`, if present.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        self.table.find(fmix(key), |e| e.0 == key).map(|e| e.1)
    }

    /// Inserts `key` (dated `day`) unless present; returns the existing value if any.
    #[inline]
    pub(crate) fn insert(&mut self, key: u64, value: V, day: Day) -> Option<V> {
        match self.table.entry(fmix(key), |e| e.0 == key, |e| fmix(e.0)) {
            hashbrown::hash_table::Entry::Occupied(e) => Some(e.get().1),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert((key, value, self.generation));
                self.in_generation += 1;
                if day > self.cur_max {
                    self.cur_max = day;
                }
                None
            }
        }
    }

    /// The keys held, in no particular order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.table.iter().map(|e| e.0)
    }

    /// Replaces the value of an existing key.
    pub(crate) fn set(&mut self, key: u64, value: V) {
        if let Some(e) = self.table.find_mut(fmix(key), |e| e.0 == key) {
            e.1 = value;
        }
    }

    /// Number of keys held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// Bytes held (for memory reports).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.table.capacity() * (1 + std::mem::size_of::<(u64, V, u32)>())
    }
}

/// A [`Window`] that stays cheap while the input is in date order, for keys whose history
/// matters only once the input leaves date order.
///
/// While the input is in date order, inserts are appended to a log that is pruned by
/// generations exactly as the window would be, instead of going to random places of a
/// large table. The first row out of date order ([`Deferred::unsorted`]) turns the log into
/// the window's table, holding what the window would have held, and the window takes over.
/// Two uses:
///
/// - [`Deferred::same_date`]: exact duplicate rows. A duplicate carries the same date as
///   its original, so in date order only rows of the current date can match; those are
///   also kept in a small table, cleared when the date moves on.
/// - [`Deferred::write_once`]: keys that are inserted once and never looked up in date
///   order (a client's closed periods: in date order a client's periods only move on).
///   Lookups before the first row out of order turn the log into the table first.
///
/// The answers are a [`Window`]'s throughout.
pub(crate) struct Deferred<V> {
    window: Window<V>,
    /// Whether entries live in `log` (and `today`) rather than in the window's table.
    deferred: bool,
    /// Whether inserts in date order check the current date's keys.
    same_date: bool,
    today: HashTable<(u64, V)>,
    /// (key, value, generation) in insertion order.
    log: Vec<(u64, V, u32)>,
}

impl<V: Copy> Deferred<V> {
    /// For exact duplicate rows: keeps at least `budget` keys (0 = keep everything), with
    /// room for `expected` up front (capped by two generations).
    pub(crate) fn same_date(budget: usize, expected: usize) -> Self {
        Self::new(budget, expected, true)
    }

    /// For keys inserted once while the input is in date order (see the type's notes).
    pub(crate) fn write_once(budget: usize, expected: usize) -> Self {
        Self::new(budget, expected, false)
    }

    fn new(budget: usize, expected: usize, same_date: bool) -> Self {
        let cap = if budget == 0 {
            expected
        } else {
            expected.min(budget * 2 + 1)
        };
        Deferred {
            window: Window::with_capacity(budget, 0),
            deferred: true,
            same_date,
            today: HashTable::new(),
            log: Vec::with_capacity(cap),
        }
    }

    /// See [`Window::covers`].
    #[inline]
    pub(crate) fn covers(&self, day: Day) -> bool {
        self.window.covers(day)
    }

    /// See [`Window::advance`]; also starts a new date.
    #[inline]
    pub(crate) fn advance(&mut self, day: Day) {
        let generation = self.window.generation;
        let new_date = day > self.window.cur_max;
        self.window.advance(day);
        if self.deferred {
            if new_date && self.same_date {
                self.today.clear();
            }
            if self.window.generation != generation && generation > 0 {
                // The window has just kept generations >= `generation`.
                let cut = self.log.partition_point(|e| e.2 < generation);
                self.log.drain(..cut);
            }
        }
    }

    /// Called on the first row out of date order: the window takes over.
    #[cold]
    pub(crate) fn unsorted(&mut self) {
        if !self.deferred {
            return;
        }
        self.deferred = false;
        self.today = HashTable::new();
        let table = &mut self.window.table;
        table.reserve(self.log.len(), |e| fmix(e.0));
        for &(key, value, generation) in &self.log {
            if let hashbrown::hash_table::Entry::Vacant(e) =
                table.entry(fmix(key), |e| e.0 == key, |e| fmix(e.0))
            {
                e.insert((key, value, generation));
            }
        }
        self.log = Vec::new();
    }

    /// Inserts `key` (dated `day`) unless present; returns the existing value if any.
    #[inline]
    pub(crate) fn insert(&mut self, key: u64, value: V, day: Day) -> Option<V> {
        if !self.deferred {
            return self.window.insert(key, value, day);
        }
        if self.same_date {
            match self.today.entry(fmix(key), |e| e.0 == key, |e| fmix(e.0)) {
                hashbrown::hash_table::Entry::Occupied(e) => return Some(e.get().1),
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert((key, value));
                }
            }
        }
        let w = &mut self.window;
        self.log.push((key, value, w.generation));
        w.in_generation += 1;
        if day > w.cur_max {
            w.cur_max = day;
        }
        None
    }

    /// The value of `key`, if present.
    pub(crate) fn get(&mut self, key: u64) -> Option<V> {
        self.unsorted();
        self.window.get(key)
    }

    /// Replaces the value of an existing key.
    pub(crate) fn set(&mut self, key: u64, value: V) {
        self.unsorted();
        self.window.set(key, value);
    }

    /// Bytes held (for memory reports).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.window.heap_bytes()
            + self.today.capacity() * (1 + std::mem::size_of::<(u64, V)>())
            + self.log.capacity() * std::mem::size_of::<(u64, V, u32)>()
    }
}

/// How the keys of a history are written in a saved state.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyForm {
    /// 64-bit fingerprints, as they are.
    Fingerprint,
    /// A client index in the high 32 bits and a date or period in the low ones: the client
    /// as a varint, the date as the difference from the previous key's.
    ClientDay,
}

/// Writes keys in `form`, each after the previous one.
struct Keys {
    form: KeyForm,
    prev: i64,
}

impl Keys {
    fn new(form: KeyForm) -> Self {
        Keys { form, prev: 0 }
    }
    fn put(&mut self, w: &mut Writer, key: u64) {
        match self.form {
            KeyForm::Fingerprint => w.u64(key),
            KeyForm::ClientDay => {
                let low = key as u32 as i32 as i64;
                w.uv(key >> 32);
                w.iv(low - self.prev);
                self.prev = low;
            }
        }
    }
    fn get(&mut self, r: &mut Reader<'_>) -> Result<u64, Error> {
        Ok(match self.form {
            KeyForm::Fingerprint => r.u64()?,
            KeyForm::ClientDay => {
                let client = r.uv32()? as u64;
                let low = self.prev.checked_add(r.iv()?).ok_or_else(|| r.bad())?;
                let low = i32::try_from(low).map_err(|_| r.bad())?;
                self.prev = low as i64;
                (client << 32) | low as u32 as u64
            }
        })
    }
}

fn put_day(w: &mut Writer, d: Day) {
    w.iv(d as i64);
}

fn get_day(r: &mut Reader<'_>) -> Result<Day, Error> {
    r.iv32()
}

impl<V: Field> Window<V> {
    /// Writes the window for a saved state.
    pub(crate) fn encode(&self, w: &mut Writer, form: KeyForm) {
        w.uv(self.generation as u64);
        w.uv(self.in_generation as u64);
        put_day(w, self.cur_max);
        put_day(w, self.prev_max);
        match self.horizon {
            Some(h) => {
                w.u8(1);
                put_day(w, h);
            }
            None => w.u8(0),
        }
        w.uv(self.budget as u64);
        w.vlen(self.table.len());
        let mut keys = Keys::new(form);
        for &(k, v, g) in self.table.iter() {
            keys.put(w, k);
            v.put(w);
            w.uv(g as u64);
        }
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub(crate) fn decode(r: &mut Reader<'_>, form: KeyForm) -> Result<Self, Error> {
        let generation = r.uv32()?;
        let in_generation = r.uv()? as usize;
        let (cur_max, prev_max) = (get_day(r)?, get_day(r)?);
        let horizon = if r.bool()? { Some(get_day(r)?) } else { None };
        let budget = r.uv()? as usize;
        let n = r.vlen(3)?;
        let mut table = HashTable::with_capacity(n);
        let mut keys = Keys::new(form);
        for _ in 0..n {
            let (k, v, g) = (keys.get(r)?, V::get(r)?, r.uv32()?);
            match table.entry(fmix(k), |e: &(u64, V, u32)| e.0 == k, |e| fmix(e.0)) {
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert((k, v, g));
                }
                hashbrown::hash_table::Entry::Occupied(_) => return Err(r.bad()),
            }
        }
        Ok(Window {
            table,
            generation,
            in_generation,
            cur_max,
            prev_max,
            horizon,
            budget,
        })
    }
}

impl<V: Field> Deferred<V> {
    /// Writes the history for a saved state.
    pub(crate) fn encode(&self, w: &mut Writer, form: KeyForm) {
        self.window.encode(w, form);
        w.u8(self.deferred as u8);
        w.u8(self.same_date as u8);
        w.vlen(self.today.len());
        let mut keys = Keys::new(form);
        for &(k, v) in self.today.iter() {
            keys.put(w, k);
            v.put(w);
        }
        w.vlen(self.log.len());
        let (mut keys, mut generation) = (Keys::new(form), 0u32);
        for &(k, v, g) in &self.log {
            keys.put(w, k);
            v.put(w);
            // Generations only grow along the log.
            w.uv(g.wrapping_sub(generation) as u64);
            generation = g;
        }
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub(crate) fn decode(r: &mut Reader<'_>, form: KeyForm) -> Result<Self, Error> {
        let window = Window::decode(r, form)?;
        let (deferred, same_date) = (r.bool()?, r.bool()?);
        let n = r.vlen(2)?;
        let mut today = HashTable::with_capacity(n);
        let mut keys = Keys::new(form);
        for _ in 0..n {
            let (k, v) = (keys.get(r)?, V::get(r)?);
            today.insert_unique(fmix(k), (k, v), |e: &(u64, V)| fmix(e.0));
        }
        let n = r.vlen(3)?;
        let mut log = Vec::with_capacity(n);
        let (mut keys, mut generation) = (Keys::new(form), 0u32);
        for _ in 0..n {
            let (k, v) = (keys.get(r)?, V::get(r)?);
            generation = generation.checked_add(r.uv32()?).ok_or_else(|| r.bad())?;
            log.push((k, v, generation));
        }
        Ok(Deferred {
            window,
            deferred,
            same_date,
            today,
            log,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn window_rotates_only_forward() {
        let mut w: Window<()> = Window::new(2);
        for (k, day) in [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2), (6, 2), (7, 3)] {
            w.advance(day);
            assert_eq!(w.insert(k, (), day), None);
        }
        // Generations: {5,6} prev, {7} cur; {1..4} dropped, last dropped date 1.
        assert!(w.get(1).is_none());
        assert!(w.get(5).is_some());
        assert!(!w.covers(1));
        assert!(w.covers(2));
        let mut all: Window<()> = Window::new(0);
        for k in 0..100 {
            all.advance(k as Day);
            all.insert(k, (), k as Day);
        }
        assert_eq!(all.len(), 100);
        assert!(all.covers(-5));
    }

    /// What the ingest does before each row: `unsorted` on the first row dated before an
    /// earlier one, `advance` on a later date while in date order; then both must agree on
    /// whether the row's date is covered.
    fn next_row<V: Copy>(
        w: &mut Window<V>,
        d: &mut Deferred<V>,
        day: Day,
        max_day: &mut Day,
        sorted: &mut bool,
    ) {
        if day < *max_day {
            if *sorted {
                d.unsorted();
            }
            *sorted = false;
        } else if day > *max_day {
            if *sorted {
                w.advance(day);
                d.advance(day);
            }
            *max_day = day;
        }
        assert_eq!(w.covers(day), d.covers(day), "day {day}");
    }

    /// Drives a [`Window`] and a [`Deferred`] window like the ingest does (advance on a later date
    /// while in date order, `unsorted` on the first earlier date) and compares every answer.
    #[test]
    fn same_date_window_answers_like_window() {
        for seed in 0..200u64 {
            let mut rng = crate::sample::Rng::new(seed);
            let budget = [0, 1, 3, 8, 50][rng.below(5) as usize];
            let mut w: Window<u32> = Window::new(budget);
            let mut d = Deferred::same_date(budget, rng.below(64) as usize);
            let (mut max_day, mut sorted) = (Day::MIN, true);
            let mut day: Day = 0;
            let unsorted_after = rng.below(400);
            for line in 0..400u32 {
                // Mostly forward in time, a few repeats of the same row; later, any date.
                if (line as u64) < unsorted_after {
                    day += (rng.below(4) == 0) as Day;
                } else {
                    day = rng.below(40) as Day;
                }
                let key = fmix(((day as u64) << 32) | rng.below(12));
                next_row(&mut w, &mut d, day, &mut max_day, &mut sorted);
                assert_eq!(
                    w.insert(key, line, day),
                    d.insert(key, line, day),
                    "seed {seed} line {line}"
                );
            }
        }
    }

    /// The same for keys written once in date order (a client's closed periods): a client
    /// moves to a later period in date order, and earlier ones are read and updated after.
    #[test]
    fn write_once_window_answers_like_window() {
        for seed in 0..200u64 {
            let mut rng = crate::sample::Rng::new(seed);
            let budget = [0, 1, 3, 8, 50][rng.below(5) as usize];
            let mut w: Window<i64> = Window::new(budget);
            let mut d = Deferred::write_once(budget, rng.below(64) as usize);
            let mut open = [i32::MIN; 6];
            let (mut max_day, mut sorted) = (Day::MIN, true);
            let mut day: Day = 0;
            let unsorted_after = rng.below(400);
            for line in 0..400i64 {
                if (line as u64) < unsorted_after {
                    day += (rng.below(3) == 0) as Day;
                } else {
                    day = rng.below(60) as Day;
                }
                let client = rng.below(6) as usize;
                let period = day / 7;
                next_row(&mut w, &mut d, day, &mut max_day, &mut sorted);
                let key = ((client as u64) << 32) | period as u32 as u64;
                if period > open[client] {
                    if open[client] != i32::MIN {
                        let closed = ((client as u64) << 32) | open[client] as u32 as u64;
                        assert_eq!(w.insert(closed, line, day), d.insert(closed, line, day));
                    }
                    open[client] = period;
                } else if period < open[client] {
                    assert_eq!(w.get(key), d.get(key), "seed {seed} line {line}");
                    if w.get(key).is_some() {
                        w.set(key, -line);
                        d.set(key, -line);
                    } else {
                        assert_eq!(w.insert(key, line, day), d.insert(key, line, day));
                    }
                }
            }
        }
    }
}
