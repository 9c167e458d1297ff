//! Exact amounts of money.
//!
//! Money is kept as an integer count of 1/10 000 of the currency unit ([`Money`]), so sums
//! are exact and do not depend on the order rows are added in (chunked, streamed and split
//! reads give identical totals). Amounts with more than four decimals are rounded half away
//! from zero at the fourth.

/// Units of money per currency unit.
pub const SCALE: i64 = 10_000;

/// An exact amount in 1/10 000 of the currency unit.
pub type Money = i64;

/// Converts money to a float (for statistics and output).
#[inline]
pub fn to_f64(m: Money) -> f64 {
    m as f64 / SCALE as f64
}

/// The nearest money value of a float, or `None` when not finite or out of range.
pub fn from_f64(x: f64) -> Option<Money> {
    let v = (x * SCALE as f64).round();
    if v.is_finite() && v.abs() < 9.0e18 {
        Some(v as i64)
    } else {
        None
    }
}

/// The product of two amounts (quantity × price), rounded half away from zero; `None`
/// when it leaves the range a client total may reach.
pub fn mul_money(a: Money, b: Money) -> Option<Money> {
    let p = a as i128 * b as i128;
    let s = SCALE as i128;
    let q = if p >= 0 {
        (p + s / 2) / s
    } else {
        (p - s / 2) / s
    };
    i64::try_from(q).ok().filter(|v| v.abs() <= i64::MAX / 4)
}

/// Writes `m` as a plain decimal with `decimal` as the separator and no trailing zeros
/// beyond two decimals (`12.5` → `12.50`, `3.1416` → `3.1416`).
pub fn push_money(out: &mut Vec<u8>, m: Money, decimal: u8) {
    if m < 0 {
        out.push(b'-');
    }
    let a = m.unsigned_abs();
    let whole = a / SCALE as u64;
    let mut frac = a % SCALE as u64;
    push_u64(out, whole);
    out.push(decimal);
    let mut digits = 4;
    while digits > 2 && frac.is_multiple_of(10) {
        frac /= 10;
        digits -= 1;
    }
    let mut buf = [b'0'; 4];
    for i in (0..digits).rev() {
        buf[i] = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    out.extend_from_slice(&buf[..digits]);
}

/// Writes an unsigned integer in decimal.
pub fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing() {
        let mut v = Vec::new();
        push_money(&mut v, from_f64(-1234.5).unwrap(), b'.');
        v.push(b' ');
        push_money(&mut v, from_f64(2.5113).unwrap(), b',');
        v.push(b' ');
        push_money(&mut v, 0, b'.');
        assert_eq!(String::from_utf8(v).unwrap(), "-1234.50 2,5113 0.00");
        assert_eq!(
            mul_money(from_f64(3.0).unwrap(), from_f64(33.333).unwrap()),
            from_f64(99.999)
        );
    }
}
