//! How numbers read in a report: `¥1,234,567.89`, `12.34%`, `+2.50 pp`, `1,234`, and compact
//! axis labels (`120万`, `1.2亿`, `1.2M`).
//!
//! Money, percentages and points keep two decimals, the precision of the API's figures
//! (`salesMetrics` rounds half away from zero to the fen and to a hundredth of a percent), so
//! a figure the API gives prints digit for digit, and a figure a plugin computes from exact
//! values is rounded once, by the same rule. Never round a value before handing it to these.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::Locale;

/// Yuan with two decimals and thousands separators: `¥1,234,567.89`, `-¥12.00`.
pub fn money(v: Decimal) -> String {
    let v = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let sign = if v.is_sign_negative() && !v.is_zero() { "-" } else { "" };
    format!("{sign}¥{}", grouped(v.abs(), 2))
}

/// A percentage with two decimals, as the API gives it: `12.34%`.
pub fn percent(v: Decimal) -> String {
    format!("{}%", grouped(v, PERCENT_DP))
}

/// A signed change in percentage points, with two decimals: `+2.50 pp`.
pub fn points(v: Decimal) -> String {
    let text = grouped(v, PERCENT_DP);
    let sign = if v.is_sign_positive() && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "+"
    } else {
        ""
    };
    format!("{sign}{text} pp")
}

/// The decimals of a percentage: those of the API's percentages.
const PERCENT_DP: u32 = 2;

/// A number with thousands separators and the decimals it has (at most two).
pub fn number(v: Decimal) -> String {
    let dp = v.normalize().scale().min(2);
    grouped(v, dp)
}

/// A short label for an axis tick: `0`, `500`, `1.5万`, `3亿` (zh) or `1.5k`, `3M` (en).
pub fn compact(v: f64, locale: Locale) -> String {
    let units: &[(f64, &str)] = match locale {
        Locale::ZhCn => &[(1e8, "亿"), (1e4, "万")],
        Locale::En => &[(1e9, "B"), (1e6, "M"), (1e3, "k")],
    };
    for (size, unit) in units {
        if v.abs() >= *size {
            return format!("{}{unit}", trim(v / size));
        }
    }
    trim(v)
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// `v` rounded half away from zero to `dp` decimals, with `,` between thousands.
fn grouped(v: Decimal, dp: u32) -> String {
    let rounded = v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", dp as usize, rounded);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if out.chars().all(|c| c == '0' || c == ',')
        && frac.is_none_or(|f| f.chars().all(|c| c == '0'))
    {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn money_has_yuan_sign_separators_and_two_decimals() {
        assert_eq!(money(d("1234567.891")), "¥1,234,567.89");
        assert_eq!(money(d("1234567.895")), "¥1,234,567.90");
        assert_eq!(money(d("0")), "¥0.00");
        assert_eq!(money(d("999")), "¥999.00");
        assert_eq!(money(d("-1000.5")), "-¥1,000.50");
        assert_eq!(money(d("-0.001")), "¥0.00");
    }

    #[test]
    fn percentages_and_points_have_the_apis_two_decimals() {
        // What the API returns prints unchanged: no second rounding (−15.15 is not −15.2).
        assert_eq!(percent(d("-15.15")), "-15.15%");
        assert_eq!(percent(d("89.75")), "89.75%");
        assert_eq!(percent(d("12.3")), "12.30%");
        // Exact values are rounded once, half away from zero, as the API rounds.
        assert_eq!(percent(d("12.345")), "12.35%");
        assert_eq!(percent(d("-4.005")), "-4.01%");
        assert_eq!(percent(d("89.7449")), "89.74%");
        assert_eq!(percent(d("1234.5")), "1,234.50%");
        assert_eq!(percent(d("-0.001")), "0.00%");
        assert_eq!(points(d("2.54")), "+2.54 pp");
        assert_eq!(points(d("0.004")), "0.00 pp");
        assert_eq!(points(d("-0.004")), "0.00 pp");
        assert_eq!(points(d("-1.5")), "-1.50 pp");
        assert_eq!(number(d("1234567")), "1,234,567");
        assert_eq!(number(d("4.50")), "4.5");
    }

    #[test]
    fn axis_labels_are_short_in_both_languages() {
        assert_eq!(compact(0.0, Locale::ZhCn), "0");
        assert_eq!(compact(15_000.0, Locale::ZhCn), "1.5万");
        assert_eq!(compact(300_000_000.0, Locale::ZhCn), "3亿");
        assert_eq!(compact(1_500.0, Locale::En), "1.5k");
        assert_eq!(compact(2_000_000.0, Locale::En), "2M");
        assert_eq!(compact(250.0, Locale::En), "250");
    }
}
