//! Refresh tokens: random, stored as SHA-256, rotated on every use. A login starts a family;
//! presenting a token that was already exchanged (a replay: someone else holds a copy)
//! revokes the whole family, as does logging out or changing the password.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use salesgraph_entities::{refresh_tokens, user_accounts};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Prefix of every refresh token, so that a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "sgr_";

/// A new random token: 32 bytes from the thread-local CSPRNG, hex encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill(&mut buf[..]);
    hex::encode(buf)
}

/// Hex SHA-256 of a token, as stored.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Stores a new refresh token of `user_id` in `family` and returns it.
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    family: &str,
    ttl_days: i64,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let token = format!("{TOKEN_PREFIX}{}", random_hex(32));
    let row = refresh_tokens::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(digest(&token)),
        family: Set(family.to_owned()),
        expires_at: Set(now + Duration::days(ttl_days)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    refresh_tokens::Entity::insert(row).exec_without_returning(conn).await?;
    Ok(token)
}

/// The stored row of a token, if any.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<refresh_tokens::Model>, ApiError> {
    Ok(refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(digest(token)))
        .one(conn)
        .await?)
}

/// Whether `token` was already exchanged: a replay, meaning someone else holds a copy. The
/// whole family is revoked at once, on `conn`, which must not be a transaction that the
/// failing request will roll back.
pub async fn revoke_if_replayed<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let row = find(conn, token).await?;
    match row {
        Some(row) if row.replaced_at.is_some() => {
            tracing::warn!(family = %row.family, user_id = row.user_id, "refresh token replayed, revoking its family");
            revoke_family(conn, &row.family, now).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Exchanges a refresh token for a new one of the same family and returns the active user.
/// Unknown, exchanged, revoked or expired tokens and inactive users are UNAUTHENTICATED.
pub async fn rotate<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    ttl_days: i64,
    now: DateTime<Utc>,
) -> Result<(user_accounts::Model, String), ApiError> {
    let invalid = || ApiError::Unauthenticated("invalid or expired refresh token");
    let row = find(conn, token).await?.ok_or_else(invalid)?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    // Claim the token: of two exchanges racing, only one succeeds.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::ReplacedAt, Expr::value(now))
        .col_expr(refresh_tokens::Column::UpdatedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(row.id))
        .filter(refresh_tokens::Column::ReplacedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .filter(refresh_tokens::Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    let user = user_accounts::Entity::find_by_id(row.user_id)
        .one(conn)
        .await?
        .filter(|u| u.is_active)
        .ok_or_else(invalid)?;
    let next = issue(conn, user.id, &row.family, ttl_days, now).await?;
    Ok((user, next))
}

/// Revokes every unrevoked token of a family.
pub async fn revoke_family<C: ConnectionTrait>(
    conn: &C,
    family: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    revoke_where(conn, refresh_tokens::Column::Family.eq(family), now).await
}

/// Revokes every unrevoked token of a user (after a password change).
pub async fn revoke_user<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    revoke_where(conn, refresh_tokens::Column::UserId.eq(user_id), now).await
}

async fn revoke_where<C: ConnectionTrait>(
    conn: &C,
    which: Expr,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .col_expr(refresh_tokens::Column::UpdatedAt, Expr::value(now))
        .filter(which)
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
