//! API keys for integrators: `sgk_<prefix>_<secret>`. The prefix identifies the key and is
//! stored in clear; the secret is shown once, and only its SHA-256 is kept (a 160-bit random
//! secret needs no slow hash).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use salesgraph_entities::api_keys;
use salesgraph_entities::enums::{Role, Scope};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::Principal;
use super::sessions::{digest, random_hex};
use crate::error::ApiError;

/// Prefix of every API key.
pub const KEY_PREFIX: &str = "sgk_";

/// How stale `last_used_at` may get before a request refreshes it: one write per key and
/// minute at most, not one per request.
const LAST_USED_RESOLUTION: i64 = 60;

/// What an HQ_ADMIN asks for when creating a key.
#[derive(Debug)]
pub struct NewKey {
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the key may import history (INTEGRATOR keys only).
    pub can_import: bool,
}

/// Checks a key request: a name, no admin keys, a scope that names its region or branch.
pub fn validate(key: &NewKey, now: DateTime<Utc>) -> Result<(), ApiError> {
    let name = key.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_input("name", "must have 1 to 200 characters"));
    }
    match (key.role, key.scope) {
        (Role::HqAdmin, _) => {
            return Err(ApiError::bad_input(
                "role",
                "API keys cannot administer: choose another role",
            ));
        }
        (Role::SalesRep, _) => {
            return Err(ApiError::bad_input(
                "role",
                "a sales rep's rows belong to a person: keys cannot have them",
            ));
        }
        (Role::BranchManager, scope) if scope != Scope::Branch => {
            return Err(ApiError::bad_input("scope", "a BRANCH_MANAGER key has BRANCH scope"));
        }
        _ => {}
    }
    match key.scope {
        Scope::Own => {
            return Err(ApiError::bad_input(
                "scope",
                "an API key has no own rows: use ALL, REGION or BRANCH",
            ));
        }
        Scope::Region if key.region_id.is_none() => {
            return Err(ApiError::bad_input("regionId", "is required for REGION scope"));
        }
        Scope::Branch if key.branch_id.is_none() => {
            return Err(ApiError::bad_input("branchId", "is required for BRANCH scope"));
        }
        _ => {}
    }
    if key.can_import && key.role != Role::Integrator {
        return Err(ApiError::bad_input(
            "canImport",
            "only an INTEGRATOR key can be granted the import right",
        ));
    }
    if key.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::bad_input("expiresAt", "must be in the future"));
    }
    Ok(())
}

/// Stores a validated key created by `created_by` and returns it with its secret, which is
/// never available again.
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    key: NewKey,
    created_by: i32,
    now: DateTime<Utc>,
) -> Result<(api_keys::Model, String), ApiError> {
    let prefix = random_hex(4);
    let secret = random_hex(20);
    let (region_id, branch_id) = match key.scope {
        Scope::Region => (key.region_id, None),
        Scope::Branch => (None, key.branch_id),
        _ => (None, None),
    };
    let row = api_keys::ActiveModel {
        name: Set(key.name.trim().to_owned()),
        prefix: Set(prefix.clone()),
        key_hash: Set(digest(&secret)),
        role: Set(key.role),
        scope: Set(key.scope),
        region_id: Set(region_id),
        branch_id: Set(branch_id),
        created_by_id: Set(created_by),
        expires_at: Set(key.expires_at),
        can_import: Set(key.can_import),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    let id = api_keys::Entity::insert(row).exec(conn).await?.last_insert_id;
    let model = api_keys::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("api key {id} vanished")))?;
    Ok((model, format!("{KEY_PREFIX}{prefix}_{secret}")))
}

/// How long a verified key is trusted without asking the database again. A key revoked on
/// this instance stops at once; on other instances within this time.
const CACHE_SECONDS: u64 = 30;

/// Keys verified recently, by prefix: saves a database round trip on most requests.
#[derive(Default)]
pub struct KeyCache(Mutex<Entries>);

#[derive(Default)]
struct Entries {
    keys: HashMap<String, Cached>,
    /// Keys revoked here recently: a request that read the key before the revocation
    /// committed must not put it back.
    forgotten: HashMap<String, Instant>,
}

struct Cached {
    digest: String,
    principal: Principal,
    expires_at: Option<DateTime<Utc>>,
    verified: Instant,
}

impl KeyCache {
    fn get(&self, prefix: &str, digest: &str, now: DateTime<Utc>) -> Option<Principal> {
        let cache = self.0.lock().ok()?;
        let hit = cache.keys.get(prefix)?;
        let fresh = hit.verified.elapsed() < StdDuration::from_secs(CACHE_SECONDS);
        let valid = hit.digest == digest && hit.expires_at.is_none_or(|at| at > now);
        (fresh && valid).then(|| hit.principal.clone())
    }

    fn put(&self, prefix: &str, entry: Cached) {
        if let Ok(mut cache) = self.0.lock() {
            let ttl = StdDuration::from_secs(CACHE_SECONDS);
            cache.forgotten.retain(|_, at| at.elapsed() < ttl);
            if !cache.forgotten.contains_key(prefix) {
                cache.keys.insert(prefix.to_owned(), entry);
            }
        }
    }

    /// Forgets a key, after it was revoked.
    pub fn forget(&self, prefix: &str) {
        if let Ok(mut cache) = self.0.lock() {
            cache.keys.remove(prefix);
            cache.forgotten.insert(prefix.to_owned(), Instant::now());
        }
    }
}

/// The principal of a valid, unrevoked, unexpired key; UNAUTHENTICATED for anything else.
pub async fn authenticate<C: ConnectionTrait>(
    conn: &C,
    cache: &KeyCache,
    key: &str,
) -> Result<Principal, ApiError> {
    let invalid = || ApiError::Unauthenticated("invalid, revoked or expired API key");
    let (prefix, secret) =
        key.strip_prefix(KEY_PREFIX).and_then(|rest| rest.split_once('_')).ok_or_else(invalid)?;
    let digest = digest(secret);
    let now = Utc::now();
    if let Some(principal) = cache.get(prefix, &digest, now) {
        return Ok(principal);
    }
    let row = api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix))
        .one(conn)
        .await?
        .ok_or_else(invalid)?;
    let usable = row.key_hash == digest && in_force(&row, now);
    if !usable {
        return Err(invalid());
    }
    if row.last_used_at.is_none_or(|at| now - at > Duration::seconds(LAST_USED_RESOLUTION)) {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(now))
            .filter(api_keys::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
    }
    let principal = Principal::of_api_key(&row);
    let entry = Cached {
        digest,
        principal: principal.clone(),
        expires_at: row.expires_at,
        verified: Instant::now(),
    };
    cache.put(prefix, entry);
    Ok(principal)
}

/// Whether a key is neither revoked nor expired at `now`.
pub fn in_force(key: &api_keys::Model, now: DateTime<Utc>) -> bool {
    key.revoked_at.is_none() && key.expires_at.is_none_or(|at| at > now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Actor;

    fn entry(expires_at: Option<DateTime<Utc>>) -> Cached {
        Cached {
            digest: "abc".to_owned(),
            principal: Principal {
                actor: Actor::ApiKey(7),
                role: Role::Integrator,
                scope: Scope::All,
                region_id: None,
                branch_id: None,
                employee_id: None,
                import_granted: false,
            },
            expires_at,
            verified: Instant::now(),
        }
    }

    #[test]
    fn the_cache_answers_only_for_the_right_secret_before_expiry() {
        let now = Utc::now();
        let cache = KeyCache::default();
        cache.put("p1", entry(Some(now + Duration::minutes(5))));
        assert_eq!(cache.get("p1", "abc", now).map(|p| p.actor), Some(Actor::ApiKey(7)));
        assert!(cache.get("p1", "wrong", now).is_none(), "another secret with the same prefix");
        assert!(
            cache.get("p1", "abc", now + Duration::minutes(6)).is_none(),
            "expired while cached"
        );
        cache.forget("p1");
        assert!(cache.get("p1", "abc", now).is_none(), "forgotten after revocation");
        cache.put("p1", entry(None));
        assert!(cache.get("p1", "abc", now).is_none(), "a late reader cannot put it back");
    }
}
