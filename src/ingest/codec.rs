//! Little-endian bytes of the reader's state: the partial state of a byte range sent
//! between Workers, and the saved state of a history that later orders update. Reading is
//! bounds-checked: malformed bytes are an error, never a panic or a huge allocation.
//!
//! Fixed-width integers keep the range format simple; the saved state, which is kept and
//! sent around, writes most numbers as LEB128 varints (zigzag for signed ones).

use crate::error::Error;

/// Writer of little-endian fields.
#[derive(Default)]
pub(crate) struct Writer(pub(crate) Vec<u8>);

impl Writer {
    /// A writer with room for `n` bytes.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Writer(Vec::with_capacity(n))
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i128(&mut self, v: i128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub(crate) fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.u64(v);
            }
            None => self.u8(0),
        }
    }
    pub(crate) fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.bytes(v.as_bytes());
            }
            None => self.u8(0),
        }
    }
    /// An unsigned varint (LEB128).
    #[inline]
    pub(crate) fn uv(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    /// A signed varint (zigzag, then LEB128).
    #[inline]
    pub(crate) fn iv(&mut self, v: i64) {
        self.uv(((v << 1) ^ (v >> 63)) as u64);
    }
    /// A signed 128-bit varint.
    pub(crate) fn iv128(&mut self, v: i128) {
        let mut z = ((v << 1) ^ (v >> 127)) as u128;
        while z >= 0x80 {
            self.0.push(z as u8 | 0x80);
            z >>= 7;
        }
        self.0.push(z as u8);
    }
    /// A count or a length, as a varint.
    pub(crate) fn vlen(&mut self, n: usize) {
        self.uv(n as u64);
    }
    /// Bytes with their varint length.
    pub(crate) fn vbytes(&mut self, b: &[u8]) {
        self.vlen(b.len());
        self.0.extend_from_slice(b);
    }
}

/// Bounds-checked reader of what a [`Writer`] wrote; `bad` makes the error of malformed
/// bytes.
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    bad: fn() -> Error,
}

impl<'a> Reader<'a> {
    /// A reader of `b` whose malformed bytes are `bad()`.
    pub(crate) fn new(b: &'a [u8], bad: fn() -> Error) -> Self {
        Reader { b, bad }
    }
    /// The error of malformed bytes.
    pub(crate) fn bad(&self) -> Error {
        (self.bad)()
    }
    /// Whether every byte was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.b.is_empty()
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.b.len() {
            return Err(self.bad());
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn bool(&mut self) -> Result<bool, Error> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.bad()),
        }
    }
    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub(crate) fn i32(&mut self) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64, Error> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    pub(crate) fn i128(&mut self) -> Result<i128, Error> {
        Ok(i128::from_le_bytes(self.array()?))
    }
    /// A count of items of at least `item` bytes each, checked against what is left.
    pub(crate) fn len(&mut self, item: usize) -> Result<usize, Error> {
        let n = self.u64()?;
        if n > (self.b.len() / item.max(1)) as u64 {
            return Err(self.bad());
        }
        Ok(n as usize)
    }
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.len(1)?;
        self.take(n)
    }
    pub(crate) fn string(&mut self) -> Result<String, Error> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| self.bad())
    }
    pub(crate) fn opt_u64(&mut self) -> Result<Option<u64>, Error> {
        Ok(if self.bool()? {
            Some(self.u64()?)
        } else {
            None
        })
    }
    pub(crate) fn opt_string(&mut self) -> Result<Option<String>, Error> {
        Ok(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }
    /// An unsigned varint; more than 64 bits is an error.
    #[inline]
    pub(crate) fn uv(&mut self) -> Result<u64, Error> {
        match self.b.first() {
            Some(&b) if b < 0x80 => {
                self.b = &self.b[1..];
                Ok(b as u64)
            }
            _ => self.uv_long(),
        }
    }

    #[inline(never)]
    fn uv_long(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for (i, &b) in self.b.iter().enumerate().take(10) {
            if i == 9 && b > 1 {
                break;
            }
            v |= ((b & 0x7f) as u64) << (7 * i);
            if b < 0x80 {
                self.b = &self.b[i + 1..];
                return Ok(v);
            }
        }
        Err(self.bad())
    }
    /// A signed varint.
    #[inline]
    pub(crate) fn iv(&mut self) -> Result<i64, Error> {
        let z = self.uv()?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }
    /// A varint that fits in 32 bits.
    pub(crate) fn uv32(&mut self) -> Result<u32, Error> {
        u32::try_from(self.uv()?).map_err(|_| self.bad())
    }
    /// A signed varint that fits in 32 bits.
    pub(crate) fn iv32(&mut self) -> Result<i32, Error> {
        i32::try_from(self.iv()?).map_err(|_| self.bad())
    }
    /// A signed 128-bit varint.
    pub(crate) fn iv128(&mut self) -> Result<i128, Error> {
        let mut z = 0u128;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            if shift == 126 && b > 3 {
                return Err(self.bad());
            }
            z |= ((b & 0x7f) as u128) << shift;
            if b < 0x80 {
                return Ok((z >> 1) as i128 ^ -((z & 1) as i128));
            }
            shift += 7;
            if shift > 126 {
                return Err(self.bad());
            }
        }
    }
    /// A varint count of items of at least `item` bytes each, checked against what is
    /// left.
    pub(crate) fn vlen(&mut self, item: usize) -> Result<usize, Error> {
        let n = self.uv()?;
        if n > (self.b.len() / item.max(1)) as u64 {
            return Err(self.bad());
        }
        Ok(n as usize)
    }
    /// Bytes with their varint length.
    pub(crate) fn vbytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.vlen(1)?;
        self.take(n)
    }
}

/// A value kept in a history table, written as a varint.
pub(crate) trait Field: Copy {
    fn put(self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Result<Self, Error>;
}

impl Field for u32 {
    fn put(self, w: &mut Writer) {
        w.uv(self as u64);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.uv32()
    }
}

impl Field for u64 {
    fn put(self, w: &mut Writer) {
        w.uv(self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.uv()
    }
}

impl Field for i64 {
    fn put(self, w: &mut Writer) {
        w.iv(self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.iv()
    }
}

impl Field for i32 {
    fn put(self, w: &mut Writer) {
        w.iv(self as i64);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.iv32()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn bad() -> Error {
        Error::new(ErrorKind::UnreadableInput, "bad")
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        let us = [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        let is = [0i64, -1, 1, -64, 64, i64::MIN, i64::MAX];
        let ws = [0i128, -1, i128::MIN, i128::MAX, 1 << 100];
        let mut w = Writer::default();
        us.iter().for_each(|&v| w.uv(v));
        is.iter().for_each(|&v| w.iv(v));
        ws.iter().for_each(|&v| w.iv128(v));
        let mut r = Reader::new(&w.0, bad);
        for &v in &us {
            assert_eq!(r.uv().unwrap(), v);
        }
        for &v in &is {
            assert_eq!(r.iv().unwrap(), v);
        }
        for &v in &ws {
            assert_eq!(r.iv128().unwrap(), v);
        }
        assert!(r.is_empty());
        // Eleven continuation bytes, a truncated varint, a count beyond the bytes left.
        assert!(Reader::new(&[0xff; 11], bad).uv().is_err());
        assert!(Reader::new(&[0x80], bad).uv().is_err());
        assert!(Reader::new(&[0xff; 20], bad).iv128().is_err());
        assert!(Reader::new(&[5, 1, 2], bad).vbytes().is_err());
        assert!(Reader::new(&[2], bad).bool().is_err());
    }
}
