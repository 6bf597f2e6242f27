//! Slows down and then refuses password guessing, per username and per client address. The
//! counters live in the database, so every instance applies the same limits.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use salesgraph_entities::login_failures;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::error::ApiError;

/// Failures older than this are forgotten.
const WINDOW_MINUTES: i64 = 15;
/// From this many failures on, every answer is delayed.
const SLOW_AFTER: i32 = 3;
/// At this many failures, the key is locked.
const LOCK_AFTER: i32 = 10;
/// How long a lock lasts.
const LOCK_MINUTES: i64 = 15;
/// Longest delay, in seconds.
const MAX_DELAY_SECS: i32 = 4;

/// The throttling keys of a login attempt.
pub fn keys(username: &str, client: Option<std::net::IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("user:{}", username.trim().to_lowercase())];
    if let Some(ip) = client {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

/// Refuses a locked key; otherwise returns how long to wait before answering.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<StdDuration, ApiError> {
    let rows = login_failures::Entity::find()
        .filter(login_failures::Column::Key.is_in(keys.iter().cloned()))
        .all(conn)
        .await?;
    if rows.iter().any(|r| r.locked_until.is_some_and(|until| until > now)) {
        return Err(ApiError::Unauthenticated("too many failed logins: try again later"));
    }
    let failures = rows
        .iter()
        .filter(|r| now - r.window_started_at < Duration::minutes(WINDOW_MINUTES))
        .map(|r| r.failures)
        .max()
        .unwrap_or(0);
    let delay = (failures - SLOW_AFTER + 1).clamp(0, MAX_DELAY_SECS);
    Ok(StdDuration::from_secs(delay.unsigned_abs().into()))
}

/// Counts a failed login against every key, locking those that reach the limit.
pub async fn record_failure<C: ConnectionTrait>(
    conn: &C,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for key in keys {
        let existing = login_failures::Entity::find()
            .filter(login_failures::Column::Key.eq(key.as_str()))
            .one(conn)
            .await?;
        match existing {
            Some(row) => {
                let fresh = now - row.window_started_at >= Duration::minutes(WINDOW_MINUTES)
                    || row.locked_until.is_some_and(|until| until <= now);
                let failures = if fresh { 1 } else { row.failures + 1 };
                let mut row: login_failures::ActiveModel = row.into();
                if fresh {
                    row.window_started_at = Set(now);
                    row.locked_until = Set(None);
                }
                if failures >= LOCK_AFTER {
                    row.locked_until = Set(Some(now + Duration::minutes(LOCK_MINUTES)));
                }
                row.failures = Set(failures);
                row.updated_at = Set(now);
                row.update(conn).await?;
            }
            None => {
                let row = login_failures::ActiveModel {
                    key: Set(key.clone()),
                    failures: Set(1),
                    window_started_at: Set(now),
                    locked_until: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                login_failures::Entity::insert(row).exec_without_returning(conn).await?;
            }
        }
    }
    Ok(())
}

/// Forgets the failures of a username after a successful login. The address keeps its count,
/// so that one client guessing many usernames stays slowed.
pub async fn clear_user<C: ConnectionTrait>(conn: &C, username: &str) -> Result<(), ApiError> {
    let key = format!("user:{}", username.trim().to_lowercase());
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::Key.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}
