//! The SQL that differs between the backends: cutting a timestamp into business-calendar
//! buckets, and summing money exactly.
//!
//! PostgreSQL does both natively (`AT TIME ZONE`, `date_trunc`, NUMERIC sums). SQLite has no
//! time zones and keeps decimals as floating point, so there a timestamp is moved into the
//! business time zone by its UTC offset (a `CASE` over the daylight-saving changes in the
//! range, when the zone has any) and money is summed as integer fen.

use chrono::{DateTime, Duration, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use sea_orm::{DbBackend, DbErr, QueryResult};

use super::period::{Grain, Range, day_start};

/// A column as SQL text, `"table"."column"`. Names come from the code, never from input.
pub fn col(table: &str, column: &str) -> String {
    format!("\"{table}\".\"{column}\"")
}

/// The SQL of one backend in one business time zone.
#[derive(Clone, Debug)]
pub struct Dialect {
    pub backend: DbBackend,
    pub tz: Tz,
}

impl Dialect {
    /// The dialect of `backend` for periods cut in `tz`.
    pub fn new(backend: DbBackend, tz: Tz) -> Self {
        Self { backend, tz }
    }

    fn postgres(&self) -> bool {
        self.backend == DbBackend::Postgres
    }

    /// The start of the `grain` bucket, as `YYYY-MM-DD` text, of the timestamp `column`
    /// (stored in UTC) in the business time zone. `range` bounds the rows it is applied to:
    /// SQLite needs the offsets in force over it.
    pub fn timestamp_bucket(&self, column: &str, grain: Grain, range: &Range) -> String {
        if self.postgres() {
            // Zone names are letters, digits and `/_+-` (checked when settings load); quoting
            // them here keeps the expression identical in SELECT and GROUP BY.
            let zone = self.tz.name().replace('\'', "");
            let local = format!("({column} AT TIME ZONE '{zone}')");
            return format!("to_char(date_trunc('{}', {local}), 'YYYY-MM-DD')", pg_unit(grain));
        }
        let shift = self.sqlite_shift(column, range);
        sqlite_bucket(&format!("{column}, {shift}"), grain)
    }

    /// The start of the `grain` bucket, as `YYYY-MM-DD` text, of the date `column` (a business
    /// day already).
    pub fn date_bucket(&self, column: &str, grain: Grain) -> String {
        if self.postgres() {
            return format!("to_char(date_trunc('{}', {column}), 'YYYY-MM-DD')", pg_unit(grain));
        }
        sqlite_bucket(column, grain)
    }

    /// SQLite's modifier moving a UTC timestamp into the business time zone: a fixed
    /// `'+480 minutes'` for Shanghai, a `CASE` on the instants of each offset change in the
    /// range for a zone with daylight saving. Timestamps are stored as RFC 3339 text in UTC,
    /// which compares in time order.
    fn sqlite_shift(&self, column: &str, range: &Range) -> String {
        let changes = offset_changes(self.tz, range);
        let minutes = |m: i32| format!("'{m:+} minutes'");
        let Some((first, _)) = changes.first() else { return minutes(0) };
        if changes.len() == 1 {
            return minutes(*first);
        }
        let mut case = String::from("CASE");
        for pair in changes.windows(2) {
            let (offset, (_, from)) = (pair[0].0, pair[1]);
            let at =
                from.map_or_else(String::new, |t| t.to_rfc3339_opts(SecondsFormat::Secs, false));
            case.push_str(&format!(" WHEN {column} < '{at}' THEN {}", minutes(offset)));
        }
        let last = changes.last().map_or(0, |c| c.0);
        case.push_str(&format!(" ELSE {} END", minutes(last)));
        case
    }

    /// `SUM(amount)` of a money expression, exact: NUMERIC on PostgreSQL, integer fen on
    /// SQLite. With `times`, the sum of `amount × times` (an integer expression). Read it
    /// with [`Dialect::money`].
    pub fn money_sum(&self, amount: &str, times: Option<&str>) -> String {
        let times = times.map(|t| format!(" * {t}")).unwrap_or_default();
        if self.postgres() {
            format!("SUM(({amount}){times})")
        } else {
            format!("SUM(CAST(ROUND(({amount}) * 100) AS INTEGER){times})")
        }
    }

    /// The money sum at `index`; zero when there were no rows.
    pub fn money(&self, row: &QueryResult, index: usize) -> Result<Decimal, DbErr> {
        if self.postgres() {
            return Ok(row.try_get_by_index::<Option<Decimal>>(index)?.unwrap_or_default());
        }
        let fen = row.try_get_by_index::<Option<i64>>(index)?.unwrap_or_default();
        Ok(Decimal::new(fen, 2))
    }

    /// Seconds from timestamp `from` to timestamp `to`, as a floating-point expression.
    pub fn seconds_between(&self, from: &str, to: &str) -> String {
        if self.postgres() {
            format!("CAST(EXTRACT(EPOCH FROM ({to} - {from})) AS DOUBLE PRECISION)")
        } else {
            format!("((julianday({to}) - julianday({from})) * 86400.0)")
        }
    }
}

fn pg_unit(grain: Grain) -> &'static str {
    match grain {
        Grain::Day => "day",
        Grain::Week => "week",
        Grain::Month => "month",
        Grain::Quarter => "quarter",
        Grain::Year => "year",
    }
}

/// SQLite's bucket start of `args` (a time value and its modifiers).
fn sqlite_bucket(args: &str, grain: Grain) -> String {
    match grain {
        Grain::Day => format!("date({args})"),
        // `weekday 0` moves forward to Sunday (a Sunday stays); six days earlier is Monday.
        Grain::Week => format!("date({args}, 'weekday 0', '-6 days')"),
        Grain::Month => format!("strftime('%Y-%m-01', {args})"),
        Grain::Quarter => format!(
            "printf('%s-%02d-01', strftime('%Y', {args}), \
             (CAST(strftime('%m', {args}) AS INTEGER) - 1) / 3 * 3 + 1)"
        ),
        Grain::Year => format!("strftime('%Y-01-01', {args})"),
    }
}

/// The UTC offsets, in minutes, of `tz` over `range` (a day of margin either side), each with
/// the instant it starts at (none for the first).
fn offset_changes(tz: Tz, range: &Range) -> Vec<(i32, Option<DateTime<Utc>>)> {
    let offset =
        |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc() / 60;
    let start = day_start(range.from - Duration::days(1), tz);
    let end = day_start(range.end() + Duration::days(1), tz);
    let mut changes = vec![(offset(start), None)];
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        if offset(next) != offset(day) {
            // The change lies in (day, next]: find its first second.
            let (mut low, mut high) = (day, next);
            while (high - low).num_seconds() > 1 {
                let mid = low + (high - low) / 2;
                if offset(mid) == offset(day) { low = mid } else { high = mid }
            }
            changes.push((offset(high), Some(high)));
        }
        day = next;
    }
    changes
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn shanghai_is_one_fixed_shift_and_new_york_changes_in_march() {
        let year = Range { from: day(2026, 1, 1), to: day(2026, 12, 31) };
        let sqlite = Dialect::new(DbBackend::Sqlite, chrono_tz::Asia::Shanghai);
        assert_eq!(sqlite.sqlite_shift("t", &year), "'+480 minutes'");
        let ny = Dialect::new(DbBackend::Sqlite, chrono_tz::America::New_York);
        assert_eq!(
            ny.sqlite_shift("t", &year),
            "CASE WHEN t < '2026-03-08T07:00:00+00:00' THEN '-300 minutes' \
             WHEN t < '2026-11-01T06:00:00+00:00' THEN '-240 minutes' ELSE '-300 minutes' END"
        );
    }
}
