//! Fast batched inserts for seeding: rows are rendered as SQL literals into multi-row
//! `INSERT` statements of a few hundred rows each, executed inside the seeding transaction.
//!
//! Only the seed uses this, and every value it renders is generated here (numbers, dates and
//! text from the demo catalogues, quotes escaped), never user input. Timestamps use the exact
//! text form sqlx writes for SQLite, so rows seeded here and rows written by the API sort and
//! compare alike.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use indicatif::ProgressBar;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// Rows per `VALUES` statement on SQLite: large enough to amortise parsing.
const ROWS_PER_STATEMENT: usize = 500;

/// Rows per `unnest` statement on PostgreSQL.
const PG_ROWS_PER_STATEMENT: usize = 5_000;

/// One value of a row.
#[derive(Clone, Copy, Debug)]
pub enum V<'a> {
    /// An integer.
    I(i64),
    /// SQL NULL.
    Null,
    /// Text, quoted and escaped.
    S(&'a str),
    /// A decimal amount.
    D(Decimal),
    /// A calendar date.
    Day(NaiveDate),
    /// An instant, stored in UTC.
    T(DateTime<Utc>),
    /// A boolean.
    B(bool),
}

impl From<i32> for V<'_> {
    fn from(v: i32) -> Self {
        V::I(v.into())
    }
}

impl From<Option<i32>> for V<'_> {
    fn from(v: Option<i32>) -> Self {
        v.map_or(V::Null, V::from)
    }
}

impl<'a> From<&'a str> for V<'a> {
    fn from(v: &'a str) -> Self {
        V::S(v)
    }
}

impl<'a> From<Option<&'a str>> for V<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(V::Null, V::S)
    }
}

impl From<Decimal> for V<'_> {
    fn from(v: Decimal) -> Self {
        V::D(v)
    }
}

impl From<Option<Decimal>> for V<'_> {
    fn from(v: Option<Decimal>) -> Self {
        v.map_or(V::Null, V::D)
    }
}

impl From<NaiveDate> for V<'_> {
    fn from(v: NaiveDate) -> Self {
        V::Day(v)
    }
}

impl From<Option<NaiveDate>> for V<'_> {
    fn from(v: Option<NaiveDate>) -> Self {
        v.map_or(V::Null, V::Day)
    }
}

impl From<DateTime<Utc>> for V<'_> {
    fn from(v: DateTime<Utc>) -> Self {
        V::T(v)
    }
}

impl From<Option<DateTime<Utc>>> for V<'_> {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        v.map_or(V::Null, V::T)
    }
}

impl From<bool> for V<'_> {
    fn from(v: bool) -> Self {
        V::B(v)
    }
}

/// How a batch reaches the database.
enum Batch {
    /// SQLite: one multi-row `INSERT … VALUES (…), (…)` statement of literals.
    Values { head: String, sql: String },
    /// PostgreSQL: one array literal per column, bound as parameters and inserted with
    /// `INSERT … SELECT * FROM unnest($1::text::int4[], …)`. PostgreSQL parses the statement
    /// once per batch instead of once per value, which makes it several times faster.
    Unnest { columns: Vec<String>, arrays: Vec<String>, types: Vec<String> },
}

/// Collects the rows of one table and writes them in batches.
pub struct Bulk<'c, C> {
    conn: &'c C,
    table: String,
    batch: Batch,
    capacity: usize,
    columns: usize,
    pending: usize,
    written: u64,
    progress: ProgressBar,
    stamp: Option<DateTime<Utc>>,
    started: std::time::Instant,
}

impl<'c, C: ConnectionTrait> Bulk<'c, C> {
    /// Starts inserting into `table` with `columns` in this order. With a `stamp`, every row
    /// also gets it as `created_at` and `updated_at`.
    pub fn new(
        conn: &'c C,
        table: &str,
        columns: &[&str],
        stamp: Option<DateTime<Utc>>,
        progress: &ProgressBar,
    ) -> Self {
        let mut names: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
        if stamp.is_some() {
            names.extend(["created_at".to_owned(), "updated_at".to_owned()]);
        }
        let (batch, capacity) = match conn.get_database_backend() {
            DbBackend::Postgres => {
                let arrays = vec![String::new(); names.len()];
                (Batch::Unnest { columns: names, arrays, types: Vec::new() }, PG_ROWS_PER_STATEMENT)
            }
            _ => {
                let head =
                    format!("INSERT INTO \"{table}\" (\"{}\") VALUES ", names.join("\", \""));
                (Batch::Values { head, sql: String::with_capacity(64 * 1024) }, ROWS_PER_STATEMENT)
            }
        };
        Self {
            conn,
            table: table.to_owned(),
            batch,
            capacity,
            columns: columns.len(),
            pending: 0,
            written: 0,
            progress: progress.clone(),
            stamp,
            started: std::time::Instant::now(),
        }
    }

    /// Adds one row and writes the batch when it is full; values follow the column order.
    pub async fn row(&mut self, values: &[V<'_>]) -> Result<(), DbErr> {
        self.push(values)?;
        if self.pending >= self.capacity {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes the batches of parent and child tables, parents first, once any of them is full.
    /// Rows whose foreign keys point at rows of another writer go through [`Bulk::push`] and
    /// this, so that a child batch never reaches the database before its parents.
    pub async fn flush_together(writers: &mut [&mut Self]) -> Result<(), DbErr> {
        if writers.iter().any(|w| w.pending >= w.capacity) {
            for writer in writers.iter_mut() {
                writer.flush().await?;
            }
        }
        Ok(())
    }

    /// Adds one row without writing; see [`Bulk::flush_together`].
    pub fn push(&mut self, values: &[V<'_>]) -> Result<(), DbErr> {
        if values.len() != self.columns {
            return Err(DbErr::Custom(format!(
                "seed row has {} values for {} columns",
                values.len(),
                self.columns
            )));
        }
        let stamps = self.stamp.map(|t| [V::T(t), V::T(t)]);
        let all = values.iter().chain(stamps.iter().flatten());
        match &mut self.batch {
            Batch::Values { head, sql } => {
                sql.push_str(if self.pending == 0 { head } else { ", " });
                sql.push('(');
                for (i, value) in all.enumerate() {
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    render(sql, *value);
                }
                sql.push(')');
            }
            Batch::Unnest { arrays, .. } => {
                for (array, value) in arrays.iter_mut().zip(all) {
                    array.push(if self.pending == 0 { '{' } else { ',' });
                    render_element(array, *value);
                }
            }
        }
        self.pending += 1;
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), DbErr> {
        if self.pending == 0 {
            return Ok(());
        }
        let result = match &mut self.batch {
            Batch::Values { sql, .. } => {
                let result = self.conn.execute_unprepared(sql).await.map(|_| ());
                sql.clear();
                result
            }
            Batch::Unnest { columns, arrays, types } => {
                if types.is_empty() {
                    *types = column_types(self.conn, &self.table, columns).await?;
                }
                let casts: Vec<String> = types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("${}::text::{t}[]", i + 1))
                    .collect();
                let sql = format!(
                    "INSERT INTO \"{}\" (\"{}\") SELECT * FROM unnest({})",
                    self.table,
                    columns.join("\", \""),
                    casts.join(", ")
                );
                let values: Vec<Value> = arrays
                    .iter_mut()
                    .map(|array| {
                        array.push('}');
                        Value::from(std::mem::take(array))
                    })
                    .collect();
                self.conn
                    .execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values))
                    .await
                    .map(|_| ())
            }
        };
        result.map_err(|e| DbErr::Custom(format!("writing {}: {e}", self.table)))?;
        self.written += self.pending as u64;
        self.progress.inc(self.pending as u64);
        self.pending = 0;
        Ok(())
    }

    /// Writes what is left and returns the number of rows written.
    pub async fn finish(mut self) -> Result<u64, DbErr> {
        self.flush().await?;
        let elapsed_ms = self.started.elapsed().as_millis();
        tracing::debug!(table = %self.table, rows = self.written, elapsed_ms, "seeded table");
        Ok(self.written)
    }
}

/// PostgreSQL type names (`int4`, `numeric`, `timestamptz`, …) of `columns` of `table`.
async fn column_types<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    columns: &[String],
) -> Result<Vec<String>, DbErr> {
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT column_name::text, udt_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
            [Value::from(table.to_owned())],
        ))
        .await?;
    let mut types = std::collections::HashMap::new();
    for row in rows {
        let name: String = row.try_get_by_index(0)?;
        let udt: String = row.try_get_by_index(1)?;
        types.insert(name, udt);
    }
    columns
        .iter()
        .map(|c| {
            types
                .get(c)
                .cloned()
                .ok_or_else(|| DbErr::Custom(format!("table {table} has no column {c}")))
        })
        .collect()
}

/// Renders one element of a PostgreSQL array literal.
fn render_element(array: &mut String, value: V<'_>) {
    let _ = match value {
        V::I(v) => write!(array, "{v}"),
        V::Null => write!(array, "NULL"),
        V::S(v) => {
            array.push('"');
            for ch in v.chars() {
                if ch == '"' || ch == '\\' {
                    array.push('\\');
                }
                array.push(ch);
            }
            write!(array, "\"")
        }
        V::D(v) => write!(array, "{v}"),
        V::Day(v) => write!(array, "{}", v.format("%Y-%m-%d")),
        V::T(v) => write!(array, "{}", v.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
        V::B(v) => write!(array, "{}", if v { 't' } else { 'f' }),
    };
}

fn render(sql: &mut String, value: V<'_>) {
    // Writing into a String cannot fail.
    let _ = match value {
        V::I(v) => write!(sql, "{v}"),
        V::Null => write!(sql, "NULL"),
        V::S(v) => {
            sql.push('\'');
            sql.push_str(&v.replace('\'', "''"));
            write!(sql, "'")
        }
        V::D(v) => write!(sql, "{v}"),
        V::Day(v) => write!(sql, "'{}'", v.format("%Y-%m-%d")),
        V::T(v) => write!(sql, "'{}'", v.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
        V::B(v) => write!(sql, "{}", if v { "TRUE" } else { "FALSE" }),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_and_escaped() {
        let mut sql = String::new();
        render(&mut sql, V::S("O'Brien 上海"));
        assert_eq!(sql, "'O''Brien 上海'");
    }

    #[test]
    fn array_elements_escape_quotes_and_backslashes() {
        let mut array = String::new();
        render_element(&mut array, V::S(r#"say "你好" \ bye"#));
        assert_eq!(array, r#""say \"你好\" \\ bye""#);
    }

    #[test]
    fn instants_use_the_sqlx_text_form() {
        let mut sql = String::new();
        let t = DateTime::parse_from_rfc3339("2026-03-31T15:30:00Z").map(|t| t.to_utc());
        render(&mut sql, V::T(t.unwrap_or_default()));
        assert_eq!(sql, "'2026-03-31T15:30:00+00:00'");
    }
}
