//! Byte helpers of the hot paths: trimming and short comparisons without `memcmp` calls.

/// Strips spaces, tabs and no-break spaces (UTF-8) from both ends.
pub(crate) fn trim(mut b: &[u8]) -> &[u8] {
    loop {
        match b {
            [b' ' | b'\t', rest @ ..] => b = rest,
            [0xC2, 0xA0, rest @ ..] => b = rest,
            [rest @ .., b' ' | b'\t'] => b = rest,
            [rest @ .., 0xC2, 0xA0] => b = rest,
            _ => return b,
        }
    }
}

/// Equality of two slices, without a `memcmp` call for short ones.
#[inline(always)]
pub(crate) fn short_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n <= 16 {
        pack16(a) == pack16(b)
    } else {
        a == b
    }
}

#[inline(always)]
fn read_u64(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline(always)]
fn read_u32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

/// An injective packing of up to 8 bytes, for slices of a known equal length (two
/// overlapping fixed-size loads instead of a variable-length copy).
#[inline(always)]
pub(crate) fn pack8(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        read_u64(b, 0)
    } else if n >= 4 {
        read_u32(b, 0) as u64 | (read_u32(b, n - 4) as u64) << 32
    } else if n > 0 {
        b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16
    } else {
        0
    }
}

/// Like [`pack8`] for up to 16 bytes.
#[inline(always)]
pub(crate) fn pack16(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    if n >= 8 {
        (read_u64(b, 0), read_u64(b, n - 8))
    } else {
        (pack8(b), 0)
    }
}
