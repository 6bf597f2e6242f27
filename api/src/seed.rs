//! The demo data set: `salesgraph seed --demo [--scale N]`.
//!
//! Deterministic (a fixed ChaCha seed and an explicit `as_of` day), realistic and in Chinese:
//! five regions, ten branches in real cities, two teams and ten reps per branch, 36 products in
//! six categories, and 24 months of orders with seasonality, yearly growth and one weak branch
//! (天津) that misses its targets. Targets are built bottom-up from rep months, so every parent
//! is exactly the sum of its children. Everything is written in one transaction: a failure
//! leaves the database as it was.

use std::fmt;
use std::io::IsTerminal;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use salesgraph_entities::{regions, sales_orders, user_accounts};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait, Statement,
};

mod agility;
mod bulk;
mod catalogue;
mod collaboration;
mod communication;
mod competition;
mod incentives;
mod names;
mod opportunities;
mod org;
mod performance;
mod platform;
mod sales;
mod service;
mod targets;
mod training;

use bulk::Bulk;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "salesgraph-demo";

/// Demo accounts and what each may see, as `demo` prints them.
pub const DEMO_LOGINS: &[(&str, &str)] = &[
    ("admin", "HQ_ADMIN, whole company"),
    ("analyst", "HQ_ANALYST, whole company"),
    ("east", "HQ_ANALYST, 华东大区 only"),
    ("mgr.sh", "BRANCH_MANAGER, 上海分公司"),
    ("mgr.gz", "BRANCH_MANAGER, 广州分公司"),
    ("rep.sh", "SALES_REP, own customers in 上海"),
];

/// Fixed seed of the random generator: the same options give the same data.
const RNG_SEED: u64 = 20_261_127;

/// Orders per month at scale 1 (24 months ≈ 20,000 orders).
const ORDERS_PER_MONTH: f64 = 20_000.0 / 24.0;

/// What to seed.
#[derive(Clone, Debug)]
pub struct SeedOptions {
    /// Size of the data set: 1 ≈ 20,000 orders, 50 ≈ 1,000,000 orders.
    pub scale: u32,
    /// Last day with data; orders cover the 24 months ending with its month. Nothing is dated
    /// after it.
    pub as_of: NaiveDate,
    /// Business time zone: orders are placed in its office hours.
    pub time_zone: Tz,
}

impl SeedOptions {
    /// Options for `scale`, ending `as_of` (default: yesterday in `time_zone`, the last
    /// complete day, so that no seeded sale lies in the future).
    pub fn new(scale: u32, as_of: Option<NaiveDate>, time_zone: Tz) -> Self {
        let as_of = as_of.unwrap_or_else(|| {
            let today = Utc::now().with_timezone(&time_zone).date_naive();
            today.pred_opt().unwrap_or(today)
        });
        Self { scale: scale.max(1), as_of, time_zone }
    }
}

/// Why seeding failed. Nothing was written in either case.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "the database already holds data ({0}); seeding only fills an empty database \
         (use a new database file or drop this one)"
    )]
    NotEmpty(String),
    #[error("cannot hash the demo password: {0}")]
    Hash(String),
    #[error("seeding failed, nothing was written")]
    Db(#[from] DbErr),
}

/// Row counts of a finished seed.
#[derive(Debug, Default)]
pub struct SeedSummary {
    /// Rows written per table, in the order written.
    pub tables: Vec<(&'static str, u64)>,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl SeedSummary {
    /// Rows written into `table`.
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().filter(|(t, _)| *t == table).map(|(_, n)| n).sum()
    }
}

impl fmt::Display for SeedSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: u64 = self.tables.iter().map(|(_, n)| n).sum();
        writeln!(
            f,
            "seeded {total} rows in {} tables in {:.1} s: {} orders, {} order lines, {} customers",
            self.tables.len(),
            self.seconds,
            self.rows("sales_orders"),
            self.rows("order_lines"),
            self.rows("customers"),
        )
    }
}

/// True when the database holds no organisation, orders or accounts yet.
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(describe_content(db).await?.is_none())
}

async fn describe_content(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    let regions = regions::Entity::find().count(db).await?;
    let orders = sales_orders::Entity::find().count(db).await?;
    let users = user_accounts::Entity::find().count(db).await?;
    Ok((regions + orders + users > 0)
        .then(|| format!("{regions} regions, {orders} orders, {users} user accounts")))
}

/// Seeds the demo data set into an empty, migrated database.
pub async fn seed_demo(
    db: &DatabaseConnection,
    options: &SeedOptions,
) -> Result<SeedSummary, SeedError> {
    if let Some(content) = describe_content(db).await? {
        return Err(SeedError::NotEmpty(content));
    }
    let started = std::time::Instant::now();
    let password_hash = tokio::task::spawn_blocking(hash_demo_password)
        .await
        .map_err(|e| SeedError::Hash(e.to_string()))??;
    let progress = progress_bar(options);
    let txn = crate::db::begin_write(db).await?;
    let mut seeder = Seeder::new(&txn, options, progress.clone(), password_hash);
    seeder.run().await?;
    if db.get_database_backend() == DbBackend::Postgres {
        reset_sequences(&txn, &seeder.summary).await?;
    }
    let mut summary = std::mem::take(&mut seeder.summary);
    txn.commit().await?;
    // Fresh statistics: without them the planner guesses, and right after a bulk load it
    // guesses seq scans (a page of orders' lines took 3 ms instead of 0.3 on PostgreSQL).
    // On PostgreSQL, VACUUM also marks the loaded pages all-visible, which index-only scans
    // (the analytics' covering index) need; autovacuum would get there only later.
    let refresh = match db.get_database_backend() {
        DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(refresh).await?;
    progress.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// One argon2id hash shared by the demo accounts: they share a published password anyway, and
/// hashing it once keeps seeding fast.
fn hash_demo_password() -> Result<String, SeedError> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(DEMO_PASSWORD.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| SeedError::Hash(e.to_string()))
}

fn progress_bar(options: &SeedOptions) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    // Orders, their lines and the rest: about 3.6 rows per order.
    let estimate = (ORDERS_PER_MONTH * 24.0 * f64::from(options.scale) * 3.6) as u64;
    let bar = ProgressBar::new(estimate);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {percent:>3}% {pos}/{len} rows {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// Seeded ids were written explicitly; move PostgreSQL's sequences past them.
async fn reset_sequences<C: ConnectionTrait>(conn: &C, summary: &SeedSummary) -> Result<(), DbErr> {
    for (table, _) in &summary.tables {
        conn.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), \
             COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
        ))
        .await?;
    }
    Ok(())
}

/// On PostgreSQL, drops the secondary indexes and foreign keys of `tables` and returns the
/// statements that restore them. Building an index once over a million rows and validating a
/// foreign key with one join is several times faster than maintaining both row by row, and it
/// all happens inside the seeding transaction. SQLite keeps its indexes: there the row-by-row
/// cost is small.
async fn defer_indexes<C: ConnectionTrait>(
    conn: &C,
    tables: &[&str],
) -> Result<Vec<String>, DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(Vec::new());
    }
    let list = tables.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    let query = |sql: String| conn.query_all_raw(Statement::from_string(DbBackend::Postgres, sql));
    let mut restore = Vec::new();
    let mut drop = Vec::new();
    for row in query(format!(
        "SELECT indexname::text, indexdef FROM pg_indexes \
         WHERE schemaname = current_schema() AND tablename IN ({list}) \
         AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))"
    ))
    .await?
    {
        let name: String = row.try_get_by_index(0)?;
        restore.push(row.try_get_by_index::<String>(1)?);
        drop.push(format!("DROP INDEX \"{name}\""));
    }
    for row in query(format!(
        "SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid) FROM pg_constraint \
         WHERE contype = 'f' AND conrelid::regclass::text IN ({list})"
    ))
    .await?
    {
        let (table, name, definition): (String, String, String) =
            (row.try_get_by_index(0)?, row.try_get_by_index(1)?, row.try_get_by_index(2)?);
        restore.push(format!("ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}"));
        drop.push(format!("ALTER TABLE {table} DROP CONSTRAINT \"{name}\""));
    }
    for sql in drop {
        conn.execute_unprepared(&sql).await?;
    }
    Ok(restore)
}

/// Runs the statements [`defer_indexes`] returned.
async fn restore_indexes<C: ConnectionTrait>(conn: &C, restore: Vec<String>) -> Result<(), DbErr> {
    for sql in restore {
        conn.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// A branch as the generators need it.
pub(crate) struct BranchInfo {
    pub id: i32,
    pub region_id: i32,
    pub code: &'static str,
    pub city: &'static str,
    pub strength: f64,
    pub manager: i32,
    pub teams: Vec<i32>,
    /// Sales reps with their team.
    pub reps: Vec<(i32, i32)>,
    /// Indexes into `Seeder::customers`.
    pub customers: Vec<usize>,
}

/// A customer as the generators need it.
pub(crate) struct CustomerInfo {
    pub id: i32,
    pub owner: i32,
    pub acquired_on: NaiveDate,
    pub churned_on: Option<NaiveDate>,
    pub active: bool,
    pub name: String,
}

/// A product as the generators need it.
pub(crate) struct ProductInfo {
    pub id: i32,
    pub category: usize,
    pub price: Decimal,
}

/// The state shared by the generators: the transaction, the random generator and the ids and
/// facts written so far, so that later tables stay consistent with earlier ones.
pub(crate) struct Seeder<'c, C> {
    pub conn: &'c C,
    pub rng: ChaCha8Rng,
    pub tz: Tz,
    pub as_of: NaiveDate,
    pub scale: u32,
    /// Instant of `created_at` / `updated_at` for rows without a history of their own: the
    /// midnight after `as_of`, later than every seeded event.
    pub stamp: DateTime<Utc>,
    /// First days of the 24 months with orders, oldest first.
    pub months: Vec<NaiveDate>,
    pub progress: ProgressBar,
    pub summary: SeedSummary,
    pub password_hash: String,
    pub region_ids: Vec<i32>,
    pub branches: Vec<BranchInfo>,
    pub level_ids: Vec<i32>,
    /// HQ staff: general manager, sales director, analyst, training and service managers.
    pub hq: Vec<i32>,
    /// Career level index of every employee, by id - 1.
    pub employee_levels: Vec<usize>,
    /// Hire date of every employee, by id - 1.
    pub employee_hires: Vec<NaiveDate>,
    pub admin_user: i32,
    pub category_ids: Vec<i32>,
    pub products: Vec<ProductInfo>,
    pub customers: Vec<CustomerInfo>,
    /// Confirmed revenue per rep (by employee id) and month index.
    pub rep_revenue: std::collections::HashMap<(i32, usize), Decimal>,
    /// A sample of orders per branch: (order id, customer index, ordered at).
    pub order_sample: Vec<Vec<(i32, usize, DateTime<Utc>)>>,
    pub competitor_ids: Vec<i32>,
    /// Target per (scope key, period start) of the monthly REVENUE targets.
    pub month_targets: std::collections::HashMap<(String, NaiveDate), Decimal>,
    /// Alerts seeded so far.
    pub alert_ids: Vec<agility::SeededAlert>,
}

impl<'c, C: ConnectionTrait> Seeder<'c, C> {
    fn new(
        conn: &'c C,
        options: &SeedOptions,
        progress: ProgressBar,
        password_hash: String,
    ) -> Self {
        let first_of_month = options.as_of.with_day(1).unwrap_or(options.as_of);
        let months = (0..24u32)
            .rev()
            .map(|back| {
                first_of_month.checked_sub_months(Months::new(back)).unwrap_or(first_of_month)
            })
            .collect();
        let next_day = options.as_of.succ_opt().unwrap_or(options.as_of);
        let stamp = options
            .time_zone
            .from_local_datetime(&next_day.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map_or_else(Utc::now, |t| t.with_timezone(&Utc));
        Self {
            conn,
            rng: ChaCha8Rng::seed_from_u64(RNG_SEED),
            tz: options.time_zone,
            as_of: options.as_of,
            scale: options.scale,
            stamp,
            months,
            progress,
            summary: SeedSummary::default(),
            password_hash,
            region_ids: Vec::new(),
            branches: Vec::new(),
            level_ids: Vec::new(),
            hq: Vec::new(),
            employee_levels: Vec::new(),
            employee_hires: Vec::new(),
            admin_user: 0,
            category_ids: Vec::new(),
            products: Vec::new(),
            customers: Vec::new(),
            rep_revenue: Default::default(),
            order_sample: Vec::new(),
            competitor_ids: Vec::new(),
            month_targets: Default::default(),
            alert_ids: Vec::new(),
        }
    }

    async fn run(&mut self) -> Result<(), DbErr> {
        self.organisation().await?;
        self.catalogue().await?;
        self.customers().await?;
        let deferred = defer_indexes(self.conn, &["sales_orders", "order_lines"]).await?;
        self.orders().await?;
        restore_indexes(self.conn, deferred).await?;
        self.opportunities().await?;
        self.targets().await?;
        self.incentives().await?;
        self.early_warning().await?;
        self.communication().await?;
        self.training().await?;
        self.service().await?;
        self.collaboration().await?;
        self.competition().await?;
        // Reviews are scored from everything above, market-size estimates included.
        self.performance().await?;
        self.audit().await
    }

    /// A batch writer for `table` whose rows get the seed stamp as timestamps.
    pub fn bulk(&self, table: &'static str, columns: &[&str]) -> Bulk<'c, C> {
        Bulk::new(self.conn, table, columns, Some(self.stamp), &self.progress)
    }

    /// A batch writer for `table` that lists its own timestamps (or has none).
    pub fn bulk_unstamped(&self, table: &'static str, columns: &[&str]) -> Bulk<'c, C> {
        Bulk::new(self.conn, table, columns, None, &self.progress)
    }

    /// Records how many rows `table` received.
    pub fn done(&mut self, table: &'static str, rows: u64) {
        self.summary.tables.push((table, rows));
    }

    /// All employees of branch `b`: the manager, then the reps.
    pub fn staff(&self, b: usize) -> Vec<i32> {
        let branch = &self.branches[b];
        std::iter::once(branch.manager).chain(branch.reps.iter().map(|r| r.0)).collect()
    }

    /// A uniformly chosen element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    /// The instant of a local time of day on `day` in the business time zone.
    pub fn at(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let naive = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
    }

    /// A random office-hours instant on `day`.
    pub fn office_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let hour = self.rng.random_range(9..18);
        let minute = self.rng.random_range(0..60);
        self.at(day, hour, minute)
    }

    /// A random day of the month starting `month`, never after `as_of`.
    pub fn day_in(&mut self, month: NaiveDate) -> NaiveDate {
        let last = last_day(month).min(self.as_of);
        let span = (last - month).num_days().max(0);
        month + chrono::Duration::days(self.rng.random_range(0..=span))
    }

    /// A random day within the whole order window.
    pub fn any_day(&mut self) -> NaiveDate {
        let month = *self.pick(&self.months.clone());
        self.day_in(month)
    }

    /// A random office-hours moment within the order window: its day and instant.
    pub fn any_moment(&mut self) -> (NaiveDate, DateTime<Utc>) {
        let day = self.any_day();
        (day, self.office_time(day))
    }

    /// Index of the month containing `day` in `months`, if any.
    pub fn month_index(&self, day: NaiveDate) -> Option<usize> {
        let first = day.with_day(1)?;
        self.months.iter().position(|m| *m == first)
    }
}

/// The last day of the month starting `month`.
pub(crate) fn last_day(month: NaiveDate) -> NaiveDate {
    month.checked_add_months(Months::new(1)).and_then(|next| next.pred_opt()).unwrap_or(month)
}

/// `value` as money, rounded to the fen.
pub(crate) fn yuan(value: f64) -> Decimal {
    Decimal::from_f64_retain(value).unwrap_or_default().round_dp(2)
}
