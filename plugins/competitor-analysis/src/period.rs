//! The period a report covers: the `months` months ending with the `month` parameter, and how
//! it and its months are named in each language.

use chrono::{Datelike, Months, NaiveDate};
use salesgraph_report_sdk::{Locale, Params};

/// The months of a report, oldest first, and the business days they span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The first day of the first month.
    pub from: NaiveDate,
    /// The last day of the last month.
    pub to: NaiveDate,
    /// The first day of each month, oldest first.
    pub months: Vec<NaiveDate>,
}

impl Period {
    /// The period of validated parameters: `months` months (3 when the choice is not a
    /// number from 1 to 12) ending with `month`.
    pub fn of(params: &Params) -> Self {
        let count = params
            .choice("months")
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .unwrap_or(3);
        Self::ending(params.month("month"), count)
    }

    /// `count` months ending with the month starting on `last`.
    pub fn ending(last: NaiveDate, count: u32) -> Self {
        let months: Vec<NaiveDate> = (0..count.max(1))
            .rev()
            .filter_map(|k| last.checked_sub_months(Months::new(k)))
            .collect();
        let from = months.first().copied().unwrap_or(last);
        let to = last
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(last);
        Self { from, to, months }
    }

    /// The position of the month `day` falls in, when it lies in the period.
    pub fn month_of(&self, day: NaiveDate) -> Option<usize> {
        if day < self.from || day > self.to {
            return None;
        }
        self.months.iter().rposition(|m| *m <= day)
    }

    /// Whether the period runs over the turn of a year.
    fn spans_years(&self) -> bool {
        self.from.year() != self.to.year()
    }

    /// The period in words: `2026年8月–10月`, `2025年11月–2026年1月`, `2026年10月`; in
    /// English `Aug–Oct 2026`, `Nov 2025–Jan 2026`, `Oct 2026`.
    pub fn label(&self, locale: Locale) -> String {
        let (first, last) = (self.from, self.to);
        let single = self.months.len() <= 1;
        match locale {
            Locale::ZhCn if single => format!("{}年{}月", last.year(), last.month()),
            Locale::ZhCn if self.spans_years() => {
                format!("{}年{}月–{}年{}月", first.year(), first.month(), last.year(), last.month())
            }
            Locale::ZhCn => format!("{}年{}月–{}月", last.year(), first.month(), last.month()),
            Locale::En if single => last.format("%b %Y").to_string(),
            Locale::En if self.spans_years() => {
                format!("{}–{}", first.format("%b %Y"), last.format("%b %Y"))
            }
            Locale::En => format!("{}–{}", first.format("%b"), last.format("%b %Y")),
        }
    }

    /// The days of the period: `2026-08-01 至 2026-10-31` / `2026-08-01 to 2026-10-31`.
    pub fn days(&self, locale: Locale) -> String {
        format!("{} {} {}", self.from, locale.pick("至", "to"), self.to)
    }

    /// The short name of each month for chart axes and table rows: `8月` / `Aug`, or
    /// `2025-12` when the period runs over the turn of a year.
    pub fn month_labels(&self, locale: Locale) -> Vec<String> {
        self.months
            .iter()
            .map(|m| {
                if self.spans_years() {
                    m.format("%Y-%m").to_string()
                } else {
                    match locale {
                        Locale::ZhCn => format!("{}月", m.month()),
                        Locale::En => m.format("%b").to_string(),
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_end_with_the_month_and_read_in_both_languages() {
        let p = Period::ending(day("2026-10-01"), 3);
        assert_eq!((p.from, p.to), (day("2026-08-01"), day("2026-10-31")));
        assert_eq!(p.label(Locale::ZhCn), "2026年8月–10月");
        assert_eq!(p.label(Locale::En), "Aug–Oct 2026");
        assert_eq!(p.month_labels(Locale::ZhCn), ["8月", "9月", "10月"]);
        assert_eq!(p.month_of(day("2026-09-30")), Some(1));
        assert_eq!(p.month_of(day("2026-11-01")), None);

        let p = Period::ending(day("2026-01-01"), 3);
        assert_eq!(p.from, day("2025-11-01"));
        assert_eq!(p.label(Locale::ZhCn), "2025年11月–2026年1月");
        assert_eq!(p.label(Locale::En), "Nov 2025–Jan 2026");
        assert_eq!(p.month_labels(Locale::En), ["2025-11", "2025-12", "2026-01"]);

        let p = Period::ending(day("2026-02-01"), 1);
        assert_eq!((p.from, p.to), (day("2026-02-01"), day("2026-02-28")));
        assert_eq!(p.label(Locale::ZhCn), "2026年2月");
        assert_eq!(p.label(Locale::En), "Feb 2026");
        assert_eq!(Period::ending(day("2026-12-01"), 12).from, day("2026-01-01"));
    }
}
