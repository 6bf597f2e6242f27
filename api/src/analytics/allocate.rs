//! Splitting an amount into parts that add up to it exactly.
//!
//! The remainder rule: each part first gets its exact share rounded down to the unit (a fen
//! for money, 1 for counts); the units left over then go one each to the parts with the
//! largest discarded fractions, the earlier part first when two fractions are equal.

use rust_decimal::Decimal;

/// Splits `total` by `weights` into parts that are whole multiples of `unit` and add up to
/// `total` exactly. None when the weights are empty, negative or all zero, or when `total` is
/// not a whole number of units.
pub fn split(total: Decimal, weights: &[Decimal], unit: Decimal) -> Option<Vec<Decimal>> {
    let sum: Decimal = weights.iter().sum();
    if weights.is_empty() || weights.iter().any(|w| w.is_sign_negative()) || sum <= Decimal::ZERO {
        return None;
    }
    let units = total.checked_div(unit)?;
    if units.fract() != Decimal::ZERO || units.is_sign_negative() {
        return None;
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut fractions = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = units.checked_mul(*w)?.checked_div(sum)?;
        let floor = exact.floor();
        parts.push(floor);
        fractions.push((exact - floor, i));
    }
    let left = units - parts.iter().sum::<Decimal>();
    // Largest fraction first; on a tie, the earlier part.
    fractions.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = left.to_string().parse::<usize>().ok()?;
    for (_, i) in fractions {
        if left == 0 {
            break;
        }
        parts[i] += Decimal::ONE;
        left -= 1;
    }
    Some(parts.into_iter().map(|p| (p * unit).normalize()).collect())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn an_awkward_amount_splits_exactly_with_the_remainder_to_the_first() {
        let parts = split(d("1000000.01"), &[Decimal::ONE; 3], d("0.01"));
        assert_eq!(parts, Some(vec![d("333333.34"), d("333333.34"), d("333333.33")]));
    }

    #[test]
    fn weights_split_by_share_and_leftover_units_go_to_the_largest_fractions() {
        // 100 by 1:1:1 in whole units: 33.33.. each; the one unit left goes to the first.
        assert_eq!(
            split(d("100"), &[d("1"), d("1"), d("1")], Decimal::ONE),
            Some(vec![d("34"), d("33"), d("33")])
        );
        // 10.00 by 2:3:5 is exact.
        assert_eq!(
            split(d("10"), &[d("2"), d("3"), d("5")], d("0.01")),
            Some(vec![d("2"), d("3"), d("5")])
        );
        // 0.05 by 1:2: exact shares 1.67 and 3.33 fen: the larger fraction (0.67) wins the fen.
        assert_eq!(
            split(d("0.05"), &[d("1"), d("2")], d("0.01")),
            Some(vec![d("0.02"), d("0.03")])
        );
        // A zero weight gets nothing.
        assert_eq!(split(d("7"), &[d("0"), d("1")], Decimal::ONE), Some(vec![d("0"), d("7")]));
    }

    #[test]
    fn impossible_splits_are_refused() {
        assert_eq!(split(d("10"), &[], Decimal::ONE), None);
        assert_eq!(split(d("10"), &[d("0"), d("0")], Decimal::ONE), None);
        assert_eq!(split(d("10"), &[d("-1"), d("2")], Decimal::ONE), None);
        assert_eq!(split(d("10.005"), &[d("1")], d("0.01")), None);
    }
}
