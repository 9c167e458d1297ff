//! Client-id interning and the fingerprints of rows and order ids.
//!
//! Client ids are interned once into one byte arena and mapped to dense `u32` indices;
//! per-client state lives in `Vec`s indexed by them.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Hasher for in-memory tables (fast; not for persisted values).
pub(crate) type FastState = foldhash::fast::FixedState;

/// The multiplier constants of the fingerprint (wyhash's primes).
const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const SEED: u64 = 0x5e9_3e47a;

/// The 128-bit product of `a` and `b`, folded to 64 bits.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let r = (a as u128).wrapping_mul(b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline(always)]
fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

#[inline(always)]
fn le32(b: &[u8]) -> u64 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64
}

/// A fixed-seed 64-bit hash of bytes, used as a fingerprint of rows and order ids. Plain
/// integer arithmetic on little-endian words, so it is the same on every target (native
/// and WebAssembly): fingerprints may be kept and read back elsewhere.
#[inline]
pub(crate) fn fingerprint(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let mut h = SEED ^ fold(n as u64 ^ P0, P1);
    let mut chunks = bytes.chunks_exact(16);
    for c in &mut chunks {
        h = fold(le64(&c[..8]) ^ P0 ^ h, le64(&c[8..]) ^ P1);
    }
    let rest = chunks.remainder();
    let k = rest.len();
    // The last 0–15 bytes as two words, overlapping when longer than eight (the length
    // above tells the overlaps apart).
    let (a, b) = if k >= 8 {
        (le64(rest), le64(&rest[k - 8..]))
    } else if k >= 4 {
        (le32(rest), le32(&rest[k - 4..]))
    } else if k > 0 {
        let v = (rest[0] as u64) << 16 | (rest[k / 2] as u64) << 8 | rest[k - 1] as u64;
        (v, k as u64)
    } else {
        (0, 0)
    };
    fold(fold(a ^ P0 ^ h, b ^ P1 ^ n as u64) ^ P0, P1 ^ h)
}

/// Mixes two 64-bit values (for composite fingerprints), the same on every target.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let h = fold(a ^ P0 ^ 0x0bd3_12c5, b ^ P1);
    fold(h ^ P0, P1 ^ a)
}

/// An id that is not valid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotUtf8;

/// Interned client ids: index ↔ text.
///
/// Table entries hold the first eight bytes and the length of the id, so the usual short
/// ids (codes, phone numbers) are found without touching the text arena.
#[derive(Clone, Default)]
pub struct Interner {
    arena: Vec<u8>,
    ends: Vec<u32>,
    table: HashTable<Slot>,
    state: FastState,
    /// Ids of up to nine digits are also found by their value: `numeric[value]` holds the
    /// index + 1 of the first id with that value in the low 28 bits and its length above
    /// (the length tells "007" from "7" without reading the text).
    numeric: Vec<u32>,
}

/// Bits of a numeric slot holding the index + 1.
const NUMERIC_INDEX: u32 = (1 << 28) - 1;

/// The value of an id of one to nine ASCII digits.
#[inline(always)]
fn digits_value(id: &[u8]) -> Option<usize> {
    if id.is_empty() || id.len() > 9 {
        return None;
    }
    let mut v = 0usize;
    for &c in id {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as usize;
    }
    Some(v)
}

#[derive(Clone, Copy)]
struct Slot {
    head: u64,
    len: u32,
    index: u32,
}

/// The first eight bytes of `b` (packed; with the length, identifies ids up to 8 bytes).
#[inline(always)]
fn head8(b: &[u8]) -> u64 {
    super::bytes::pack8(&b[..b.len().min(8)])
}

impl Interner {
    /// An interner with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        Interner {
            arena: Vec::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
            ..Interner::default()
        }
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no ids.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of id `i`.
    #[inline]
    pub fn get(&self, i: u32) -> &str {
        // Only valid UTF-8 is interned.
        std::str::from_utf8(self.bytes(i)).unwrap_or("")
    }

    #[inline]
    fn bytes(&self, i: u32) -> &[u8] {
        bytes_at(&self.arena, &self.ends, i)
    }

    /// The bytes of id `i`.
    #[inline]
    pub fn bytes_of(&self, i: u32) -> &[u8] {
        self.bytes(i)
    }

    #[inline(always)]
    fn hash(state: &FastState, id: &[u8], head: u64) -> u64 {
        if id.len() <= 8 {
            fmix(head ^ ((id.len() as u64) << 59))
        } else {
            state.hash_one(id)
        }
    }

    /// The index of `id`, if interned.
    #[inline]
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        if let Some(v) = digits_value(id) {
            if let Some(&slot) = self.numeric.get(v) {
                if slot != 0 && (slot >> 28) as usize == id.len() {
                    return Some((slot & NUMERIC_INDEX) - 1);
                }
            }
        }
        let head = head8(id);
        let h = Self::hash(&self.state, id, head);
        let len = id.len() as u32;
        self.table
            .find(h, |s| {
                s.head == head && s.len == len && (len <= 8 || self.bytes(s.index) == id)
            })
            .map(|s| s.index)
    }

    /// The index of `id`, interning it if new. `Err` when `id` is not UTF-8. The `bool` is
    /// true when the id is new.
    #[inline]
    pub fn intern(&mut self, id: &[u8]) -> Result<(u32, bool), NotUtf8> {
        if let Some(i) = self.find(id) {
            return Ok((i, false));
        }
        self.push_distinct(id).map(|i| (i, true))
    }

    /// Appends `id`, known to differ from every id held (a new one, or one read back from
    /// a saved state, which holds each once), hashing it once. `Err` when `id` is not UTF-8.
    #[inline]
    pub(crate) fn push_distinct(&mut self, id: &[u8]) -> Result<u32, NotUtf8> {
        if std::str::from_utf8(id).is_err() {
            return Err(NotUtf8);
        }
        let head = head8(id);
        let h = Self::hash(&self.state, id, head);
        let i = self.ends.len() as u32;
        self.arena.extend_from_slice(id);
        self.ends.push(self.arena.len() as u32);
        self.note_numeric(id, i);
        let Interner {
            arena,
            ends,
            table,
            state,
            ..
        } = self;
        let (a, e, st) = (&*arena, &*ends, &*state);
        table.insert_unique(
            h,
            Slot {
                head,
                len: id.len() as u32,
                index: i,
            },
            |s| Self::hash(st, bytes_at(a, e, s.index), s.head),
        );
        Ok(i)
    }

    /// Gives a dense numeric id its direct slot.
    #[inline]
    fn note_numeric(&mut self, id: &[u8], i: u32) {
        if let Some(v) = digits_value(id) {
            // Dense numeric ids (codes, order-style numbers) get a direct slot; sparse ones
            // (phones as ids) stay in the hash table only.
            let cap = (self.ends.len() * 16).clamp(1 << 20, 1 << 24);
            if v < cap {
                if v >= self.numeric.len() {
                    let grown = (v + 1).max(self.numeric.len() * 2).min(cap);
                    self.numeric.resize(grown, 0);
                }
                if self.numeric[v] == 0 && i < NUMERIC_INDEX {
                    self.numeric[v] = (i + 1) | (id.len() as u32) << 28;
                }
            }
        }
    }

    /// Makes room for `additional` more ids of about `bytes` bytes in all.
    pub(crate) fn reserve(&mut self, additional: usize, bytes: usize) {
        self.arena.reserve(bytes);
        self.ends.reserve(additional);
        let Interner {
            arena,
            ends,
            table,
            state,
            ..
        } = self;
        let (a, e, st) = (&*arena, &*ends, &*state);
        table.reserve(additional, |s| {
            Self::hash(st, bytes_at(a, e, s.index), s.head)
        });
    }

    /// The ids' bytes end to end, and where each ends.
    pub(crate) fn parts(&self) -> (&[u8], &[u32]) {
        (&self.arena, &self.ends)
    }

    /// Bytes held (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.ends.capacity() * 4
            + self.table.capacity() * 17
            + self.numeric.capacity() * 4
    }
}

#[inline(always)]
fn bytes_at<'a>(arena: &'a [u8], ends: &[u32], i: u32) -> &'a [u8] {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena[start..ends[i] as usize]
}

/// MurmurHash3's 64-bit finaliser: spreads structured keys (client, period) over all bits.
#[inline(always)]
pub(crate) fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_short_and_shifted_inputs_apart() {
        let mut seen = std::collections::HashSet::new();
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for a in 0..=255u8 {
            inputs.push(vec![a]);
            for b in [0u8, 1, b'0', b'a', 255] {
                inputs.push(vec![a, b]);
                inputs.push(vec![b, a, b]);
            }
        }
        // Every length up to 40, and one byte changed at every place.
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..=base.len() {
            inputs.push(base[..n].to_vec());
            for i in 0..n {
                let mut x = base[..n].to_vec();
                x[i] ^= 1;
                inputs.push(x);
            }
        }
        inputs.push(b"client,2024-01-01,10\n".to_vec());
        inputs.push(b"client,2024-01-01,10\0".to_vec());
        inputs.sort();
        inputs.dedup();
        for x in &inputs {
            assert!(seen.insert(fingerprint(x)), "{x:?} collides");
        }
        assert_ne!(mix(1, 2), mix(2, 1));
        assert_ne!(mix(0, 0), mix(0, 1));
    }

    #[test]
    fn fingerprints_are_pinned() {
        // The same values on every target: a change here changes kept fingerprints.
        let got = [
            fingerprint(b""),
            fingerprint(b"a"),
            fingerprint(b"17850"),
            fingerprint(b"C536379,2010-12-01,-27.50"),
            mix(fingerprint(b"+79123456789"), 2),
        ];
        assert_eq!(got, PINNED, "{got:#x?}");
    }

    const PINNED: [u64; 5] = [
        0x4384_dbc7_157b_7566,
        0x7536_1147_8cfd_1d64,
        0x35ab_d367_a410_063f,
        0x8497_e15b_dbfc_14f4,
        0xaf62_8ab4_5c66_ac4f,
    ];

    #[test]
    fn interner_round_trip() {
        let mut it = Interner::default();
        assert_eq!(it.intern(b"007"), Ok((0, true)));
        assert_eq!(it.intern(b"7"), Ok((1, true)));
        assert_eq!(it.intern(b"007"), Ok((0, false)));
        assert_eq!(it.intern(&[0xff, 0xfe]), Err(NotUtf8));
        assert_eq!(it.get(0), "007");
        assert_eq!(it.get(1), "7");
        assert_eq!(it.find(b"7"), Some(1));
        assert_eq!(it.find(b"8"), None);
        for i in 0..10_000u32 {
            let s = format!("client-{i}");
            assert_eq!(it.intern(s.as_bytes()).unwrap().0, i + 2);
        }
        assert_eq!(it.get(5002), "client-5000");
    }
}
