//! Identity: login, token refresh, logout, the caller's account, password change, and the
//! API keys HQ_ADMIN issues to integrators.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesgraph_entities::enums::{Role, Scope};
use salesgraph_entities::{api_keys, branches, regions, user_accounts};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use super::accounts::Account;
use super::enums::{Role as RoleKind, Scope as ScopeKind};
use super::{ClientAddr, parse_id, parse_optional_id, principal};
use crate::audit::Entry;
use crate::auth::api_keys::NewKey;
use crate::auth::{Actor, Principal, api_keys as keys, password, sessions, throttle};
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::state::AppState;

/// The account a login or refresh is for, as the tokens carry it. Its relations are not
/// resolved here (the request is anonymous until the token is used): query `me` with the new
/// access token for the region, branch and employee.
#[derive(SimpleObject)]
pub struct SessionAccount {
    /// Identifier.
    pub id: ID,
    /// Login name.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Role.
    pub role: RoleKind,
    /// Data scope.
    pub scope: ScopeKind,
    /// Region of a REGION scope.
    pub region_id: Option<ID>,
    /// Branch of a BRANCH or OWN scope.
    pub branch_id: Option<ID>,
    /// The employee behind the account.
    pub employee_id: Option<ID>,
    /// This login, or the last one before a refresh.
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<user_accounts::Model> for SessionAccount {
    fn from(m: user_accounts::Model) -> Self {
        Self {
            id: m.id.into(),
            username: m.username,
            display_name: m.display_name,
            role: m.role.into(),
            scope: m.scope.into(),
            region_id: m.region_id.map(ID::from),
            branch_id: m.branch_id.map(ID::from),
            employee_id: m.employee_id.map(ID::from),
            last_login_at: m.last_login_at,
        }
    }
}

/// Tokens returned by `login` and `refreshToken`.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`.
    pub access_token: String,
    /// When the access token stops working.
    pub access_token_expires_at: DateTime<Utc>,
    /// Exchange with `refreshToken` for new tokens; works once.
    pub refresh_token: String,
    /// The logged-in account.
    pub account: SessionAccount,
}

/// An integrator's API key. Its secret is shown once, at creation.
#[derive(SimpleObject)]
pub struct ApiKey {
    /// Identifier.
    pub id: ID,
    /// What the key is for.
    pub name: String,
    /// Public part of the key, `sgk_<prefix>_…`, to recognise it.
    pub prefix: String,
    /// Role the key acts with.
    pub role: RoleKind,
    /// Data scope of the key.
    pub scope: ScopeKind,
    /// Region of a REGION scope.
    pub region_id: Option<ID>,
    /// Branch of a BRANCH scope.
    pub branch_id: Option<ID>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Last request made with it (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Whether it may import history: create customers, opportunities, orders and survey
    /// responses with their past dates (INTEGRATOR keys only; see `docs/access.md`).
    pub can_import: bool,
    /// Version for optimistic concurrency.
    pub version: i32,
}

impl From<api_keys::Model> for ApiKey {
    fn from(m: api_keys::Model) -> Self {
        Self {
            id: m.id.into(),
            name: m.name,
            prefix: m.prefix,
            role: m.role.into(),
            scope: m.scope.into(),
            region_id: m.region_id.map(ID::from),
            branch_id: m.branch_id.map(ID::from),
            created_at: m.created_at,
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
            last_used_at: m.last_used_at,
            can_import: m.can_import,
            version: m.version,
        }
    }
}

/// A new API key and its secret.
#[derive(SimpleObject)]
pub struct CreatedApiKey {
    /// The stored key.
    pub api_key: ApiKey,
    /// The whole key, `sgk_<prefix>_<secret>`: shown only now, never again.
    pub secret: String,
}

/// What `createApiKey` needs.
#[derive(InputObject)]
pub struct CreateApiKeyInput {
    /// What the key is for (1–200 characters).
    pub name: String,
    /// Role of the key; not HQ_ADMIN.
    pub role: RoleKind,
    /// Scope of the key: ALL, REGION or BRANCH.
    pub scope: ScopeKind,
    /// Region, for REGION scope.
    pub region_id: Option<ID>,
    /// Branch, for BRANCH scope.
    pub branch_id: Option<ID>,
    /// Expiry; none means the key lasts until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// Grants the right to import history (default false): the key may then create
    /// customers, opportunities, orders and survey responses in its scope, dated in the past.
    /// INTEGRATOR keys only.
    pub can_import: Option<bool>,
}

/// Only an HQ_ADMIN user with ALL scope manages keys and accounts (as the token says; the
/// write transaction checks it again in the database, `accounts::authorize`).
pub(super) fn require_admin(principal: &Principal) -> Result<i32, ApiError> {
    match (principal.role, principal.scope, principal.actor) {
        (Role::HqAdmin, Scope::All, Actor::User(id)) => Ok(id),
        _ => Err(ApiError::Forbidden),
    }
}

/// Identity queries.
#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The calling user's account; null when the caller is an API key.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<Account>> {
        let principal = principal(ctx)?;
        let Some(id) = principal.user_id() else { return Ok(None) };
        let state = ctx.data::<AppState>()?;
        let account = user_accounts::Entity::find_by_id(id).one(state.db()).await.gql()?;
        Ok(account.map(Account))
    }

    /// Every API key, newest first (HQ_ADMIN only).
    async fn api_keys(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApiKey>> {
        require_admin(principal(ctx)?).gql()?;
        let state = ctx.data::<AppState>()?;
        let rows = api_keys::Entity::find()
            .order_by_desc(api_keys::Column::Id)
            .all(state.db())
            .await
            .gql()?;
        Ok(rows.into_iter().map(ApiKey::from).collect())
    }
}

/// Identity mutations.
#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Logs in with a username and password. Unknown users and wrong passwords get the same
    /// answer; repeated failures are slowed down, then refused for a while.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> ApiResult<AuthPayload> {
        // No account has a longer name: refused before it is recorded as an attempt.
        let max = crate::accounts::MAX_USERNAME_CHARS;
        if username.trim().chars().count() > max {
            let message = format!("is at most {max} characters");
            return Err(ApiError::bad_input("username", message)).gql();
        }
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let client = ctx.data_opt::<ClientAddr>().map(|c| c.0);
        let keys = throttle::keys(&username, client);
        let delay = throttle::begin_attempt(db, &keys, now).await.gql()?;
        let user = user_accounts::Entity::find()
            .filter(user_accounts::Column::Username.eq(username.trim()))
            .one(db)
            .await
            .gql()?
            .filter(|u| u.is_active);
        let hash = match &user {
            Some(u) => u.password_hash.clone(),
            None => state.dummy_hash().await.gql()?.to_owned(),
        };
        let matches = tokio::task::spawn_blocking(move || password::verify(&password, &hash))
            .await
            .map_err(|e| ApiError::Internal(e.into()))
            .gql()?;
        let Some(user) = user.filter(|_| matches) else {
            tokio::time::sleep(delay).await;
            return Err(ApiError::Unauthenticated("invalid username or password")).gql();
        };
        let txn = crate::db::begin_write(db).await.gql()?;
        throttle::succeeded(&txn, &keys).await.gql()?;
        user_accounts::Entity::update_many()
            .col_expr(user_accounts::Column::LastLoginAt, Expr::value(now))
            .filter(user_accounts::Column::Id.eq(user.id))
            .exec(&txn)
            .await
            .gql()?;
        let family = uuid::Uuid::new_v4().to_string();
        let refresh =
            sessions::issue(&txn, user.id, &family, state.settings().refresh_token_days, now)
                .await
                .gql()?;
        let entry = Entry {
            actor: Some(Actor::User(user.id)),
            action: "auth.login",
            entity: "user_accounts",
            entity_id: user.id.to_string(),
            changes: json!({ "client": client.map(|c| c.to_string()) }),
            request_id: None,
        };
        super::audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        let (access, expires) = state.jwt().issue(&user, now).gql()?;
        let account =
            SessionAccount::from(user_accounts::Model { last_login_at: Some(now), ..user });
        Ok(AuthPayload {
            access_token: access,
            access_token_expires_at: expires,
            refresh_token: refresh,
            account,
        })
    }

    /// Exchanges a refresh token for new tokens. Each refresh token works once; presenting
    /// one again revokes every token of that login.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> ApiResult<AuthPayload> {
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        if sessions::revoke_if_replayed(state.db(), &refresh_token, now).await.gql()? {
            return Err(ApiError::Unauthenticated("invalid or expired refresh token")).gql();
        }
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let rotated =
            sessions::rotate(&txn, &refresh_token, state.settings().refresh_token_days, now).await;
        let (user, next) = match rotated {
            Ok(rotated) => rotated,
            Err(err) => {
                // Lost a race against another exchange of the same token: that is a replay
                // too. Revoke outside the transaction, which rolls back.
                txn.rollback().await.gql()?;
                sessions::revoke_if_replayed(state.db(), &refresh_token, now).await.gql()?;
                return Err(err).gql();
            }
        };
        let entry = Entry {
            actor: Some(Actor::User(user.id)),
            action: "auth.refresh",
            entity: "user_accounts",
            entity_id: user.id.to_string(),
            changes: serde_json::Value::Null,
            request_id: None,
        };
        super::audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        let (access, expires) = state.jwt().issue(&user, now).gql()?;
        Ok(AuthPayload {
            access_token: access,
            access_token_expires_at: expires,
            refresh_token: next,
            account: user.into(),
        })
    }

    /// Ends the login a refresh token belongs to: every token of it stops working. Returns
    /// false when the token is unknown or not the caller's.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: String) -> ApiResult<bool> {
        let principal = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let Some(user_id) = principal.user_id() else { return Err(ApiError::Forbidden).gql() };
        let Some(session) = sessions::find(state.db(), &refresh_token)
            .await
            .gql()?
            .filter(|session| session.user_id == user_id)
        else {
            return Ok(false);
        };
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        sessions::revoke_family(&txn, &session.family, now).await.gql()?;
        super::audit(ctx, &txn, Entry::by(principal, "auth.logout", "user_accounts", user_id), now)
            .await
            .gql()?;
        txn.commit().await.gql()?;
        Ok(true)
    }

    /// Changes the caller's password and ends all of the caller's logins.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> ApiResult<bool> {
        let principal = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let Some(user_id) = principal.user_id() else { return Err(ApiError::Forbidden).gql() };
        password::validate_new(&new_password).gql()?;
        let user = user_accounts::Entity::find_by_id(user_id)
            .one(state.db())
            .await
            .gql()?
            .ok_or(ApiError::Unauthenticated("authentication required"))
            .gql()?;
        let hash = user.password_hash.clone();
        let (matches, new_hash) = tokio::task::spawn_blocking(move || {
            let matches = password::verify(&current_password, &hash);
            (matches, matches.then(|| password::hash(&new_password)))
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))
        .gql()?;
        let Some(new_hash) = new_hash.filter(|_| matches) else {
            return Err(ApiError::bad_input("currentPassword", "is not correct")).gql();
        };
        let new_hash = new_hash.gql()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let version = user.version;
        let mut row: user_accounts::ActiveModel = user.into();
        row.password_hash = Set(new_hash);
        row.version = Set(version + 1);
        row.updated_at = Set(now);
        row.update(&txn).await.gql()?;
        sessions::revoke_user(&txn, user_id, now).await.gql()?;
        let entry = Entry::by(principal, "auth.changePassword", "user_accounts", user_id)
            .with_changes(json!({ "password_hash": { "before": "", "after": "" } }));
        super::audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(true)
    }

    /// Issues an API key (HQ_ADMIN only). The returned secret is shown once.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: CreateApiKeyInput,
    ) -> ApiResult<CreatedApiKey> {
        let principal = principal(ctx)?;
        let admin = require_admin(principal).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let key = NewKey {
            name: input.name,
            role: input.role.into(),
            scope: input.scope.into(),
            region_id: parse_optional_id("regionId", input.region_id.as_ref()).gql()?,
            branch_id: parse_optional_id("branchId", input.branch_id.as_ref()).gql()?,
            expires_at: input.expires_at,
            can_import: input.can_import.unwrap_or(false),
        };
        keys::validate(&key, now).gql()?;
        if let (Scope::Region, Some(id)) = (key.scope, key.region_id)
            && regions::Entity::find_by_id(id).one(state.db()).await.gql()?.is_none()
        {
            return Err(ApiError::bad_input("regionId", "no such region")).gql();
        }
        if let (Scope::Branch, Some(id)) = (key.scope, key.branch_id)
            && branches::Entity::find_by_id(id).one(state.db()).await.gql()?.is_none()
        {
            return Err(ApiError::bad_input("branchId", "no such branch")).gql();
        }
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        // The token may outlive the administrator's rights: check them as they are now.
        crate::accounts::authorize(&txn, principal, None).await.gql()?;
        let (model, secret) = keys::create(&txn, key, admin, now).await.gql()?;
        let changes = json!({ "name": model.name, "role": model.role, "scope": model.scope, "regionId": model.region_id, "branchId": model.branch_id, "expiresAt": model.expires_at, "canImport": model.can_import });
        super::audit(
            ctx,
            &txn,
            Entry::by(principal, "apiKey.create", "api_keys", model.id).with_changes(changes),
            now,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(CreatedApiKey { api_key: model.into(), secret })
    }

    /// Revokes an API key at once (HQ_ADMIN only). Revoking a revoked key changes nothing.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ApiKey> {
        let principal = principal(ctx)?;
        require_admin(principal).gql()?;
        let state = ctx.data::<AppState>()?;
        let id = parse_id("id", &id).gql()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        crate::accounts::authorize(&txn, principal, None).await.gql()?;
        let key = api_keys::Entity::find_by_id(id)
            .one(&txn)
            .await
            .gql()?
            .ok_or(ApiError::NotFound("API key"))
            .gql()?;
        if key.revoked_at.is_some() {
            return Ok(key.into());
        }
        let version = key.version;
        let mut row: api_keys::ActiveModel = key.into();
        row.revoked_at = Set(Some(now));
        row.updated_at = Set(now);
        row.version = Set(version + 1);
        let key = row.update(&txn).await.gql()?;
        let changes = json!({ "revokedAt": { "before": null, "after": now } });
        super::audit(
            ctx,
            &txn,
            Entry::by(principal, "apiKey.revoke", "api_keys", id).with_changes(changes),
            now,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        // After the commit: a request racing the revocation cannot cache the key again.
        state.key_cache().forget(&key.prefix);
        Ok(key.into())
    }
}
