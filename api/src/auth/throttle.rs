//! Slows down and then refuses password guessing, without letting anyone lock an account at
//! will. Three counters per attempt, in the database so that every instance applies them:
//! - the username *from this address* locks after [`LOCK_AFTER`] failures: the guesser is
//!   stopped, the account's owner elsewhere is not;
//! - the address alone (an IPv6 client by its /64) locks after [`ADDRESS_LOCK_AFTER`]: one
//!   client guessing many usernames, far above what the users behind one NAT mistype;
//! - the username alone never locks (anyone could lock `admin` from anywhere) but slows every
//!   failed answer once it has failures, against guessing spread over many addresses.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use salesgraph_entities::login_failures;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ApiError;

/// Failures older than this are forgotten.
const WINDOW_MINUTES: i64 = 15;
/// From this many failures on, every answer is delayed.
const SLOW_AFTER: i32 = 3;
/// Beyond this many attempts that were not successful logins, a username is locked for the
/// address they come from.
const LOCK_AFTER: i32 = 10;
/// Beyond this many, an address is locked for every username.
const ADDRESS_LOCK_AFTER: i32 = 100;
/// How long a lock lasts.
const LOCK_MINUTES: i64 = 15;
/// Longest delay, in seconds.
const MAX_DELAY_SECS: i32 = 4;

/// The throttling keys of a login attempt, in the order they are counted: the address (a
/// locked address adds no row for each new username it tries), the username from the address
/// (a locked guesser no longer counts against the username), the username.
pub fn keys(username: &str, client: Option<std::net::IpAddr>) -> Vec<String> {
    let user = username.trim().to_lowercase();
    let mut keys = Vec::new();
    if let Some(ip) = client {
        let net = network(ip);
        keys.push(format!("ip:{net}"));
        keys.push(format!("pair:{user}@{net}"));
    }
    keys.push(format!("user:{user}"));
    keys
}

/// The network an address counts as: itself for IPv4, its /64 for IPv6 (one subscriber holds
/// a whole /64).
fn network(ip: std::net::IpAddr) -> String {
    // An IPv4 client of a server listening on `[::]` arrives as ::ffff:a.b.c.d.
    match ip.to_canonical() {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// How many attempts a key allows before it locks; none for a username alone.
fn lock_after(key: &str) -> Option<i32> {
    if key.starts_with("pair:") {
        Some(LOCK_AFTER)
    } else if key.starts_with("ip:") {
        Some(ADDRESS_LOCK_AFTER)
    } else {
        None
    }
}

/// Counts a login attempt against every key *before* the password is checked, so that guesses
/// sent in parallel cannot slip past the limit, and refuses a locked key. An attempt beyond
/// the limit locks the key. Returns how long to wait before answering a failed attempt.
pub async fn begin_attempt<C: ConnectionTrait>(
    conn: &C,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<StdDuration, ApiError> {
    use login_failures::Column as F;
    let locked = || ApiError::Unauthenticated("too many failed logins: try again later");
    let mut earlier = 0;
    for key in keys {
        // A window that has passed, or a lock that has expired, starts afresh.
        login_failures::Entity::update_many()
            .col_expr(F::Failures, Expr::value(0))
            .col_expr(F::WindowStartedAt, Expr::value(now))
            .col_expr(F::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(F::Key.eq(key.as_str()))
            .filter(
                Condition::any()
                    .add(F::WindowStartedAt.lte(now - Duration::minutes(WINDOW_MINUTES)))
                    .add(F::LockedUntil.lte(now)),
            )
            .exec(conn)
            .await?;
        // Count this attempt in one statement: concurrent attempts cannot lose a count.
        let upsert = Query::insert()
            .into_table(login_failures::Entity)
            .columns([F::Key, F::Failures, F::WindowStartedAt, F::CreatedAt, F::UpdatedAt])
            .values_panic([
                Expr::value(key.clone()),
                Expr::value(1),
                Expr::value(now),
                Expr::value(now),
                Expr::value(now),
            ])
            .on_conflict(
                OnConflict::column(F::Key)
                    .value(F::Failures, Expr::col((login_failures::Entity, F::Failures)).add(1))
                    .value(F::UpdatedAt, Expr::value(now))
                    .to_owned(),
            )
            .returning(Query::returning().columns([F::Failures, F::LockedUntil]))
            .to_owned();
        let backend = conn.get_database_backend();
        let row = conn
            .query_one_raw(backend.build(&upsert))
            .await?
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("login attempt not counted")))?;
        let failures: i32 = row.try_get("", "failures")?;
        let locked_until: Option<DateTime<Utc>> = row.try_get("", "locked_until")?;
        if locked_until.is_some_and(|until| until > now) {
            return Err(locked());
        }
        if lock_after(key).is_some_and(|limit| failures > limit) {
            login_failures::Entity::update_many()
                .col_expr(F::LockedUntil, Expr::value(now + Duration::minutes(LOCK_MINUTES)))
                .filter(F::Key.eq(key.as_str()))
                .exec(conn)
                .await?;
            return Err(locked());
        }
        earlier = std::cmp::max(earlier, failures - 1);
    }
    let delay = (earlier - SLOW_AFTER + 1).clamp(0, MAX_DELAY_SECS);
    Ok(StdDuration::from_secs(delay.unsigned_abs().into()))
}

/// After a correct password: the attempt was no failure. The username (alone and from this
/// address) starts afresh; the address only takes this attempt back, so that one client
/// guessing many usernames stays slowed.
pub async fn succeeded<C: ConnectionTrait>(conn: &C, keys: &[String]) -> Result<(), ApiError> {
    use login_failures::Column as F;
    for key in keys {
        if !key.starts_with("ip:") {
            login_failures::Entity::delete_many()
                .filter(F::Key.eq(key.as_str()))
                .exec(conn)
                .await?;
        } else {
            login_failures::Entity::update_many()
                .col_expr(F::Failures, Expr::col(F::Failures).sub(1))
                .filter(F::Key.eq(key.as_str()))
                .filter(F::Failures.gt(0))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}
