//! Decimal text for the few numbers the page writes and reads, without core's float formatting
//! and parsing: those bring the Grisu/Dragon formatters and the Eisel-Lemire power table, about
//! 20 KB of gzipped wasm for numbers that never need more than a few decimals. Likewise
//! [`sin_cos`] spares the page libm's argument reduction tables.

use std::f64::consts::{PI, TAU};

/// `v` rounded to `decimals` places (at most 6), trailing zeros and a trailing point removed:
/// `decimal(2.50, 2)` is `"2.5"`, `decimal(-0.04, 1)` is `"0"`. Not finite: `"0"`.
pub fn decimal(v: f64, decimals: u32) -> String {
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals);
    if !v.is_finite() {
        return "0".into();
    }
    // Saturating cast: beyond u64 the page has bigger problems than the last digit.
    let scaled = (v.abs() * scale as f64).round() as u64;
    let (int, mut frac) = (scaled / scale, scaled % scale);
    let mut out = String::new();
    if v < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&int.to_string());
    if frac != 0 {
        let mut width = decimals as usize;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        out.push('.');
        let digits = frac.to_string();
        out.extend(std::iter::repeat_n('0', width - digits.len()));
        out.push_str(&digits);
    }
    out
}

/// Reads a plain decimal: optional sign, digits, optionally a point and more digits
/// (`"12"`, `"-0.5"`, `".25"`, `"3."`), correctly rounded. No exponents, `inf` or `NaN`, and at
/// most 15 significant digits and 15 decimals: `None` for those and for anything else that is
/// not such a number. Surrounding spaces are allowed.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !(int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // All the digits as one integer, divided once by a power of ten: both exact in f64 up to
    // 15 digits, so the quotient is the correctly rounded value of the text.
    let digits = int.bytes().chain(frac.bytes()).skip_while(|&b| b == b'0');
    if digits.clone().count() > 15 || frac.len() > 15 {
        return None;
    }
    let mantissa = int
        .bytes()
        .chain(frac.bytes())
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let value = mantissa as f64 / 10f64.powi(frac.len() as i32);
    Some(if negative { -value } else { value })
}

/// The sine and cosine of `angle` (radians), to within 1e-9: plenty for drawing, and free of
/// libm's large-argument reduction.
pub fn sin_cos(angle: f64) -> (f64, f64) {
    if !angle.is_finite() {
        return (0.0, 1.0);
    }
    // Into [-π, π], then fold into [-π/2, π/2] where the series converges fast.
    let mut x = angle - TAU * (angle / TAU).round();
    let mut cos_sign = 1.0;
    if x > PI / 2.0 {
        x = PI - x;
        cos_sign = -1.0;
    } else if x < -PI / 2.0 {
        x = -PI - x;
        cos_sign = -1.0;
    }
    let x2 = x * x;
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut s_term, mut c_term) = (x, 1.0);
    for k in 1..=10 {
        sin += s_term;
        cos += c_term;
        let k = f64::from(k);
        s_term *= -x2 / ((2.0 * k) * (2.0 * k + 1.0));
        c_term *= -x2 / ((2.0 * k - 1.0) * (2.0 * k));
    }
    (sin, cos * cos_sign)
}

/// Node ids as a configuration is written: `1,2,3`.
pub fn ids(ids: &[sim::raft::NodeId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rounds_and_trims() {
        assert_eq!(decimal(2.5, 2), "2.5");
        assert_eq!(decimal(2.0, 3), "2");
        assert_eq!(decimal(0.125, 2), "0.13");
        assert_eq!(decimal(0.05, 2), "0.05");
        assert_eq!(decimal(1.005, 3), "1.005");
        assert_eq!(decimal(-3.25, 1), "-3.3");
        assert_eq!(decimal(-0.04, 1), "0");
        assert_eq!(decimal(123.456, 1), "123.5");
        assert_eq!(decimal(f64::NAN, 1), "0");
        assert_eq!(decimal(0.000_001, 9), "0.000001");
    }

    #[test]
    fn decimal_matches_core_formatting() {
        let mut x = 0.37_f64;
        for _ in 0..2000 {
            x = (x * 7919.123).fract() * 1000.0 - 500.0;
            for d in 0..=4 {
                let ours = decimal(x, d);
                let core = format!("{x:.*}", d as usize);
                let ours_value: f64 = ours.parse().unwrap();
                let core_value: f64 = core.parse().unwrap();
                assert!(
                    (ours_value - core_value).abs() <= 1.01 / 10f64.powi(d as i32),
                    "{x} to {d}: {ours} vs {core}"
                );
            }
        }
    }

    #[test]
    fn parse_decimal_reads_plain_numbers_only() {
        assert_eq!(parse_decimal("12"), Some(12.0));
        assert_eq!(parse_decimal(" -0.5 "), Some(-0.5));
        assert_eq!(parse_decimal(".25"), Some(0.25));
        assert_eq!(parse_decimal("3."), Some(3.0));
        assert_eq!(parse_decimal("+7"), Some(7.0));
        for bad in [
            "", ".", "-", "1e3", "inf", "NaN", "1.2.3", "12a", "--1", "0x10", "1 2",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        for s in [
            "0.1",
            "0.3",
            "33.3",
            "999.999",
            "1000",
            "0.001",
            "12.345",
            "00042.5000",
        ] {
            assert_eq!(parse_decimal(s), s.parse::<f64>().ok(), "{s}");
        }
        assert_eq!(parse_decimal("1234567890123456"), None, "16 digits");
        // What `decimal` writes, `parse_decimal` reads back exactly.
        for m in 0..20_000u32 {
            let v = f64::from(m) / 1000.0;
            assert_eq!(parse_decimal(&decimal(v, 3)), Some(v), "{v}");
        }
    }

    #[test]
    fn sin_cos_agrees_with_libm() {
        let mut a = -40.0;
        while a < 40.0 {
            let (s, c) = sin_cos(a);
            assert!((s - a.sin()).abs() < 1e-9, "sin {a}: {s}");
            assert!((c - a.cos()).abs() < 1e-9, "cos {a}: {c}");
            a += 0.0137;
        }
        assert_eq!(sin_cos(f64::INFINITY), (0.0, 1.0));
    }
}
