//! User accounts over GraphQL: the `Account` node (`me`, `accounts`, `account`) and the
//! administrator's mutations — create, change role and scope, deactivate and reactivate,
//! reset a password — all HQ_ADMIN with ALL scope, all audited (`crate::accounts` validates
//! and writes).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::Utc;
use salesgraph_entities::enums::{Role, Scope};
use salesgraph_entities::user_accounts;
use sea_orm::DatabaseTransaction;
use serde_json::Value;

use super::auth::require_admin;
use super::enums::{Role as RoleKind, Scope as ScopeKind};
use super::node::node;
use super::organisation::{Branch, Employee, Region};
use super::{parse_id, parse_optional_id, principal};
use crate::accounts::{self, Assignment, Change, NewAccount};
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::state::AppState;

node! {
    /// A user account: who logs in, with which role and data scope. HQ_ADMIN sees every
    /// account; everyone else only their own (`me`). The password hash is never exposed.
    Account(user_accounts) {
        filter: AccountFilter, sort: AccountSort, query: AccountQuery,
        name: "account",
        /// The user accounts: all of them for HQ_ADMIN, the caller's own for anyone else.
        list: accounts,
        /// One user account.
        one: account,
    }
    fields {
        /// Login name, unique whatever its letter case.
        username: String = Username,
        /// Name shown in the interface, such as 上海分公司总经理.
        display_name: String = DisplayName,
        /// Role: what the account may do.
        role: Role = Role,
        /// Data scope: which rows it sees.
        scope: Scope = Scope,
        /// Whether it may log in; a deactivated account keeps its history.
        is_active: bool = IsActive,
        /// Last successful login; null when it never logged in.
        last_login_at: Option<chrono::DateTime<chrono::Utc>> = LastLoginAt,
        /// The version of the record; `updateAccount` must name the version it read.
        version: i32 = Version,
        /// When the account was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the account was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The region of a REGION scope.
        region_id: Option<i32> = RegionId,
        /// The branch of a BRANCH or OWN scope.
        branch_id: Option<i32> = BranchId,
        /// The employee behind the account, if any.
        employee_id: Option<i32> = EmployeeId,
    }
    belongs {
        /// The region of a REGION scope.
        region: Region = region_id,
        /// The branch of a BRANCH or OWN scope.
        branch: Branch = branch_id,
        /// The employee behind the account.
        employee: Employee = employee_id,
    }
    has_many {}
    extra {}
}

/// What `createAccount` needs.
#[derive(InputObject)]
pub struct CreateAccountInput {
    /// Login name: 2–64 letters (any script), digits and `. _ - @`; unique whatever its case.
    pub username: String,
    /// Name shown in the interface (1–100 characters).
    pub display_name: String,
    /// The first password (at least 10 characters); the user should change it.
    pub password: String,
    /// HQ_ADMIN (scope ALL), HQ_ANALYST (ALL, REGION or BRANCH), BRANCH_MANAGER (BRANCH) or
    /// SALES_REP (OWN, with an employee). Integrators use API keys.
    pub role: RoleKind,
    /// The data scope.
    pub scope: ScopeKind,
    /// The region, for REGION scope.
    pub region_id: Option<ID>,
    /// The branch, for BRANCH and OWN scope.
    pub branch_id: Option<ID>,
    /// The employee behind the account; required for a SALES_REP, who sees that employee's
    /// rows. They must work at the account's branch and have no other active account.
    pub employee_id: Option<ID>,
}

/// What `updateAccount` changes; a field left out stays as it is, `null` clears it.
#[derive(InputObject)]
pub struct UpdateAccountInput {
    /// New display name.
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<RoleKind>,
    /// New scope.
    pub scope: Option<ScopeKind>,
    /// New region (REGION scope), or null.
    pub region_id: MaybeUndefined<ID>,
    /// New branch (BRANCH and OWN scope), or null.
    pub branch_id: MaybeUndefined<ID>,
    /// New employee, or null.
    pub employee_id: MaybeUndefined<ID>,
}

fn changed_id(field: &str, id: &MaybeUndefined<ID>) -> Result<Option<Option<i32>>, ApiError> {
    match id {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(id) => parse_id(field, id).map(|v| Some(Some(v))),
    }
}

/// A write transaction of a caller [`accounts::authorize`] finds an administrator now,
/// with `target` locked among the administrators. Dropped on an error, it rolls back.
async fn begin<'c>(
    ctx: &Context<'c>,
    target: Option<i32>,
) -> Result<(DatabaseTransaction, &'c Principal), ApiError> {
    let p = principal(ctx).map_err(|_| ApiError::Unauthenticated("authentication required"))?;
    let state = ctx.data::<AppState>().map_err(|e| ApiError::Internal(anyhow::anyhow!("{e:?}")))?;
    let txn = crate::db::begin_write(state.db()).await?;
    accounts::authorize(&txn, p, target).await?;
    Ok((txn, p))
}

/// Records the audit entry `action` of a change (none when it changed nothing) and commits.
async fn finish(
    ctx: &Context<'_>,
    txn: DatabaseTransaction,
    p: &Principal,
    action: &str,
    (model, changes): (user_accounts::Model, Value),
) -> Result<Account, ApiError> {
    if !changes.is_null() {
        let entry = Entry::by(p, action, "user_accounts", model.id).with_changes(changes);
        super::audit(ctx, &txn, entry, Utc::now()).await?;
    }
    txn.commit().await?;
    Ok(Account(model))
}

/// The administrator's account mutations.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates a user account (HQ_ADMIN with ALL scope). Its logins see what its role and
    /// scope allow from the first request on.
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        input: CreateAccountInput,
    ) -> ApiResult<Account> {
        require_admin(principal(ctx)?).gql()?;
        let new = NewAccount {
            username: input.username,
            display_name: input.display_name,
            assignment: Assignment {
                role: input.role.into(),
                scope: input.scope.into(),
                region_id: parse_optional_id("regionId", input.region_id.as_ref()).gql()?,
                branch_id: parse_optional_id("branchId", input.branch_id.as_ref()).gql()?,
                employee_id: parse_optional_id("employeeId", input.employee_id.as_ref()).gql()?,
            },
        };
        // Checked before the (slow) hash, so bad input is refused at once.
        accounts::username(&new.username).gql()?;
        accounts::display_name(&new.display_name).gql()?;
        let hash = accounts::checked_hash("password", input.password).await.gql()?;
        let (txn, p) = begin(ctx, None).await.gql()?;
        let created = accounts::create(&txn, new, hash, Utc::now()).await.gql()?;
        finish(ctx, txn, p, "account.create", created).await.gql()
    }

    /// Changes an account's display name, role, scope, region, branch or employee, if it is
    /// still at the version you read (HQ_ADMIN with ALL scope). A change of role, scope or
    /// assignment ends the account's logins: refresh tokens stop at once, access tokens when
    /// they expire. The last active administrator cannot be demoted (CONFLICT).
    async fn update_account(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(desc = "The version of the record you read.")] version: i32,
        input: UpdateAccountInput,
    ) -> ApiResult<Account> {
        require_admin(principal(ctx)?).gql()?;
        let id = parse_id("id", &id).gql()?;
        let change = Change {
            display_name: input.display_name,
            role: input.role.map(Into::into),
            scope: input.scope.map(Into::into),
            region_id: changed_id("regionId", &input.region_id).gql()?,
            branch_id: changed_id("branchId", &input.branch_id).gql()?,
            employee_id: changed_id("employeeId", &input.employee_id).gql()?,
        };
        let (txn, p) = begin(ctx, Some(id)).await.gql()?;
        let updated = accounts::update(&txn, id, version, change, Utc::now()).await.gql()?;
        finish(ctx, txn, p, "account.update", updated).await.gql()
    }

    /// Deactivates (`active: false`) or reactivates an account (HQ_ADMIN with ALL scope). A
    /// deactivated account cannot log in; its logins end (refresh tokens at once, access
    /// tokens when they expire) and its history stays. The last active administrator cannot
    /// be deactivated (CONFLICT).
    async fn set_account_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> ApiResult<Account> {
        require_admin(principal(ctx)?).gql()?;
        let id = parse_id("id", &id).gql()?;
        let action = if active { "account.activate" } else { "account.deactivate" };
        let (txn, p) = begin(ctx, Some(id)).await.gql()?;
        let changed = accounts::set_active(&txn, id, active, Utc::now()).await.gql()?;
        finish(ctx, txn, p, action, changed).await.gql()
    }

    /// Sets a new password for an account (HQ_ADMIN with ALL scope), for a user who forgot
    /// theirs, and ends all of that account's logins. Tell the user over another channel.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        id: ID,
        new_password: String,
    ) -> ApiResult<Account> {
        require_admin(principal(ctx)?).gql()?;
        let id = parse_id("id", &id).gql()?;
        let hash = accounts::checked_hash("newPassword", new_password).await.gql()?;
        let (txn, p) = begin(ctx, Some(id)).await.gql()?;
        let reset = accounts::reset_password(&txn, id, hash, Utc::now()).await.gql()?;
        finish(ctx, txn, p, "account.resetPassword", reset).await.gql()
    }
}
