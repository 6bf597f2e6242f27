//! Periods of the business calendar: the buckets a range of days is cut into (day, ISO week,
//! month, quarter, year), their labels, the UTC instants they start and end at in the business
//! time zone, and the comparison periods of YoY and MoM growth.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The length of a time bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grain {
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    Month,
    Quarter,
    Year,
}

impl Grain {
    /// The first day of the bucket of this grain containing `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        let first = |month: u32| NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day);
        match self {
            Self::Day => day,
            Self::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Self::Month => first(day.month()),
            Self::Quarter => first(day.month0() / 3 * 3 + 1),
            Self::Year => first(1),
        }
    }

    /// The first day after the bucket starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let months = |n| start.checked_add_months(Months::new(n)).unwrap_or(start);
        match self {
            Self::Day => start + Duration::days(1),
            Self::Week => start + Duration::days(7),
            Self::Month => months(1),
            Self::Quarter => months(3),
            Self::Year => months(12),
        }
    }

    /// How a bucket starting on `start` is named: `2026-03-31`, `2026-W14`, `2026-03`,
    /// `2026-Q1`, `2026`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Self::Day => start.format("%Y-%m-%d").to_string(),
            Self::Week => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Self::Month => start.format("%Y-%m").to_string(),
            Self::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
            Self::Year => start.year().to_string(),
        }
    }

    /// The start of the bucket a year before the one starting on `start` (for a week: 52 weeks
    /// before, the same weekday).
    pub fn year_before(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => start - Duration::weeks(52),
            _ => start.checked_sub_months(Months::new(12)).unwrap_or(start),
        }
    }

    /// The start of the bucket a month before the one starting on `start`: the previous month
    /// of a month, the same day of the previous month for a day that has one. Weeks, quarters
    /// and years have no month-earlier bucket of the same length.
    pub fn month_before(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Month => start.checked_sub_months(Months::new(1)),
            Self::Day => start
                .checked_sub_months(Months::new(1))
                .filter(|earlier| earlier.day() == start.day()),
            Self::Week | Self::Quarter | Self::Year => None,
        }
    }
}

/// An inclusive range of business days, `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Range {
    /// The first day after the range.
    pub fn end(&self) -> NaiveDate {
        self.to + Duration::days(1)
    }

    /// The number of days in the range.
    pub fn days(&self) -> i64 {
        (self.end() - self.from).num_days()
    }

    /// The same range a year earlier.
    pub fn year_before(&self) -> Self {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        Self { from: back(self.from), to: back(self.end()) - Duration::days(1) }
    }

    /// The same range a month earlier (the first day after it moves back a month, so that
    /// March 1–31 compares with February 1–28).
    pub fn month_before(&self) -> Self {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(1)).unwrap_or(d);
        Self { from: back(self.from), to: back(self.end()) - Duration::days(1) }
    }

    /// The buckets of `grain` covering the range, each clipped to it: `(start, end)` with
    /// `end` the first day after.
    pub fn buckets(&self, grain: Grain) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut start = grain.start_of(self.from);
        while start < self.end() {
            let next = grain.next(start);
            out.push((start.max(self.from), next.min(self.end())));
            start = next;
        }
        out
    }
}

/// The UTC instant at which business day `day` starts in `tz`. A day that starts in a gap of
/// a daylight-saving change starts at the first instant that exists.
pub fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..4)
        .find_map(|hour| tz.from_local_datetime(&(midnight + Duration::hours(hour))).earliest())
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
}

/// The business day of the instant `at` in `tz`: how every date derived from a timestamp is
/// cut (07:30 on 1 April in Shanghai is 23:30 on 31 March in UTC, and 1 April).
pub fn business_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// How much of the days `[start, end)` has elapsed at `now`: `(elapsed, length)` in seconds,
/// with `elapsed` between 0 and `length`.
pub fn elapsed(start: NaiveDate, end: NaiveDate, now: DateTime<Utc>, tz: Tz) -> (i64, i64) {
    let (from, to) = (day_start(start, tz), day_start(end, tz));
    let length = (to - from).num_seconds().max(0);
    ((now - from).num_seconds().clamp(0, length), length)
}

/// The coarsest period kind whose whole periods tile `[start, end)`: a year from January 1,
/// quarters, months; none for a range that does not start and end on a month boundary.
pub fn tiling_grain(start: NaiveDate, end: NaiveDate) -> Option<Grain> {
    [Grain::Year, Grain::Quarter, Grain::Month]
        .into_iter()
        .find(|g| g.start_of(start) == start && g.start_of(end) == end)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_shanghai_morning_is_the_previous_day_in_utc() {
        let at = "2026-03-31T23:30:00Z".parse::<DateTime<Utc>>().unwrap_or_default();
        let day = business_day(at, chrono_tz::Asia::Shanghai);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or_default());
        assert_eq!(
            day_start(day, chrono_tz::Asia::Shanghai).to_rfc3339(),
            "2026-03-31T16:00:00+00:00"
        );
    }

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn buckets_are_cut_on_calendar_boundaries_and_clipped_to_the_range() {
        let range = Range { from: day(2026, 2, 15), to: day(2026, 4, 10) };
        assert_eq!(
            range.buckets(Grain::Month),
            vec![
                (day(2026, 2, 15), day(2026, 3, 1)),
                (day(2026, 3, 1), day(2026, 4, 1)),
                (day(2026, 4, 1), day(2026, 4, 11)),
            ]
        );
        assert_eq!(range.buckets(Grain::Quarter)[1], (day(2026, 4, 1), day(2026, 4, 11)));
        // 2026-02-15 is a Sunday: its ISO week began on Monday the 9th.
        assert_eq!(range.buckets(Grain::Week)[0], (day(2026, 2, 15), day(2026, 2, 16)));
        assert_eq!(Grain::Week.label(day(2026, 2, 9)), "2026-W07");
        // ISO week 1 of 2027 starts on Monday 2027-01-04; 2027-01-01 is in 2026-W53.
        assert_eq!(Grain::Week.label(Grain::Week.start_of(day(2027, 1, 1))), "2026-W53");
        assert_eq!(Grain::Quarter.label(day(2026, 10, 1)), "2026-Q4");
        assert_eq!(range.days(), 55);
    }

    #[test]
    fn a_shanghai_day_starts_at_16_utc_the_day_before() {
        let start = day_start(day(2026, 4, 1), chrono_tz::Asia::Shanghai);
        assert_eq!(start.to_rfc3339(), "2026-03-31T16:00:00+00:00");
        // New York's 2026-03-08 starts at 05:00 UTC (EST); the next day at 04:00 (EDT).
        let ny = chrono_tz::America::New_York;
        assert_eq!(day_start(day(2026, 3, 8), ny).to_rfc3339(), "2026-03-08T05:00:00+00:00");
        assert_eq!(day_start(day(2026, 3, 9), ny).to_rfc3339(), "2026-03-09T04:00:00+00:00");
    }

    #[test]
    fn comparison_periods() {
        assert_eq!(Grain::Month.month_before(day(2026, 3, 1)), Some(day(2026, 2, 1)));
        assert_eq!(Grain::Day.month_before(day(2026, 3, 31)), None);
        assert_eq!(Grain::Quarter.month_before(day(2026, 4, 1)), None);
        assert_eq!(Grain::Year.year_before(day(2026, 1, 1)), day(2025, 1, 1));
        let march = Range { from: day(2026, 3, 1), to: day(2026, 3, 31) };
        assert_eq!(march.month_before(), Range { from: day(2026, 2, 1), to: day(2026, 2, 28) });
        assert_eq!(march.year_before(), Range { from: day(2025, 3, 1), to: day(2025, 3, 31) });
    }

    #[test]
    fn elapsed_share_and_tiling() {
        let tz = chrono_tz::Asia::Shanghai;
        // 15 of March's 31 days have passed at midnight starting the 16th.
        let now = day_start(day(2026, 3, 16), tz);
        let day_seconds = 86_400;
        let march = elapsed(day(2026, 3, 1), day(2026, 4, 1), now, tz);
        assert_eq!(march, (15 * day_seconds, 31 * day_seconds));
        assert_eq!(elapsed(day(2026, 4, 1), day(2026, 5, 1), now, tz), (0, 30 * day_seconds));
        assert_eq!(
            elapsed(day(2026, 1, 1), day(2026, 2, 1), now, tz),
            (31 * day_seconds, 31 * day_seconds)
        );
        assert_eq!(tiling_grain(day(2026, 1, 1), day(2027, 1, 1)), Some(Grain::Year));
        assert_eq!(tiling_grain(day(2026, 4, 1), day(2026, 10, 1)), Some(Grain::Quarter));
        assert_eq!(tiling_grain(day(2026, 2, 1), day(2026, 4, 1)), Some(Grain::Month));
        assert_eq!(tiling_grain(day(2026, 2, 2), day(2026, 4, 1)), None);
    }
}
