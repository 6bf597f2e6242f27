//! User accounts: the HQ administrator's management of who may log in, with which role and
//! scope (`docs/access.md`, "User accounts"), and the first administrator of an empty
//! database (`salesgraph admin create`).
//!
//! The functions here validate and write; they take a connection inside the caller's write
//! transaction and return what changed, which the caller records in the audit log in the
//! same transaction. Password hashes are computed by the caller, off the async workers.

use chrono::{DateTime, Utc};
use salesgraph_entities::enums::{EmployeeStatus, Role, Scope};
use salesgraph_entities::{branches, employees, regions, user_accounts};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use serde_json::Value;

use crate::audit;
use crate::auth::{Actor, Principal, password, sessions};
use crate::error::ApiError;
use crate::graphql::write;

/// Longest username, in characters (the column's width).
pub const MAX_USERNAME_CHARS: usize = 64;
/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// Who an account is and what it may see: the parts of an account an administrator sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub role: Role,
    pub scope: Scope,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub employee_id: Option<i32>,
}

impl Assignment {
    /// HQ_ADMIN over the whole company, not tied to an employee: the first account.
    pub fn administrator() -> Self {
        Self {
            role: Role::HqAdmin,
            scope: Scope::All,
            region_id: None,
            branch_id: None,
            employee_id: None,
        }
    }

    fn of(account: &user_accounts::Model) -> Self {
        Self {
            role: account.role,
            scope: account.scope,
            region_id: account.region_id,
            branch_id: account.branch_id,
            employee_id: account.employee_id,
        }
    }

    /// Whether the account administers (HQ_ADMIN with ALL scope).
    fn administers(&self) -> bool {
        self.role == Role::HqAdmin && self.scope == Scope::All
    }
}

/// Checks, inside the write transaction of an account or API-key change, that the caller is
/// an administrator *now*: an HQ_ADMIN user account with ALL scope, active — not merely one
/// whose access token says so (a deactivated or demoted administrator keeps a valid token
/// until it expires, and must not use it to undo that). FORBIDDEN otherwise.
///
/// It locks the active administrators, the caller and `target` in id order (PostgreSQL; SQLite
/// serialises write transactions), so that account changes running at once — two
/// administrators demoting each other, say — queue instead of deadlocking, and the
/// last-administrator rule sees the others' outcome.
pub async fn authorize(
    db: &impl ConnectionTrait,
    principal: &Principal,
    target: Option<i32>,
) -> Result<(), ApiError> {
    let Actor::User(me) = principal.actor else { return Err(ApiError::Forbidden) };
    let mut which =
        Condition::any().add(active_administrators()).add(user_accounts::Column::Id.eq(me));
    if let Some(id) = target {
        which = which.add(user_accounts::Column::Id.eq(id));
    }
    let locked = user_accounts::Entity::find()
        .filter(which)
        .order_by_asc(user_accounts::Column::Id)
        .lock_exclusive()
        .all(db)
        .await?;
    match locked.iter().find(|a| a.id == me) {
        Some(a) if a.is_active && Assignment::of(a).administers() => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// The active HQ_ADMIN accounts with ALL scope: those who administer.
fn active_administrators() -> Condition {
    Condition::all()
        .add(user_accounts::Column::Role.eq(Role::HqAdmin))
        .add(user_accounts::Column::Scope.eq(Scope::All))
        .add(user_accounts::Column::IsActive.eq(true))
}

/// A new account, validated by [`create`].
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub assignment: Assignment,
}

/// A username as stored: trimmed; 2 to 64 letters (any script, so `张伟` is one), digits and
/// `. _ - @`. BAD_USER_INPUT on `username` otherwise.
pub fn username(given: &str) -> Result<String, ApiError> {
    let name = write::text("username", given, 2, MAX_USERNAME_CHARS)?;
    if let Some(c) =
        name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
    {
        let shown = if c.is_whitespace() || c.is_control() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Err(ApiError::bad_input(
            "username",
            format!("may hold letters, digits and . _ - @ only, not {shown}"),
        ));
    }
    Ok(name)
}

/// A display name as stored: trimmed, 1 to 100 characters, no control characters.
pub fn display_name(given: &str) -> Result<String, ApiError> {
    let name = write::text("displayName", given, 1, MAX_DISPLAY_NAME_CHARS)?;
    if name.chars().any(char::is_control) {
        return Err(ApiError::bad_input("displayName", "may not hold control characters"));
    }
    Ok(name)
}

/// Checks that a role, a scope and the region, branch and employee go together and exist:
///
/// - HQ_ADMIN has ALL scope; HQ_ANALYST ALL, REGION or BRANCH; BRANCH_MANAGER BRANCH;
///   SALES_REP OWN and an employee (whose rows are theirs). INTEGRATOR is for API keys.
/// - REGION scope names a region, BRANCH and OWN a branch, and no scope names what it does
///   not use.
/// - The employee exists, has not left, works at the branch of a BRANCH or OWN scope, and has
///   no other active account (`exclude` is the account being changed).
pub async fn check_assignment(
    db: &impl ConnectionTrait,
    a: &Assignment,
    exclude: Option<i32>,
) -> Result<(), ApiError> {
    let scopes: &[Scope] = match a.role {
        Role::HqAdmin => &[Scope::All],
        Role::HqAnalyst => &[Scope::All, Scope::Region, Scope::Branch],
        Role::BranchManager => &[Scope::Branch],
        Role::SalesRep => &[Scope::Own],
        Role::Integrator => {
            return Err(ApiError::bad_input(
                "role",
                "integrators use API keys (createApiKey), not user accounts",
            ));
        }
    };
    if !scopes.contains(&a.scope) {
        let names: Vec<String> = scopes.iter().map(ActiveEnum::to_value).collect();
        return Err(ApiError::bad_input(
            "scope",
            format!("a {} account has scope {}", a.role.to_value(), names.join(" or ")),
        ));
    }
    match (a.scope, a.region_id) {
        (Scope::Region, None) => {
            return Err(ApiError::bad_input("regionId", "is required for REGION scope"));
        }
        (Scope::Region, Some(id)) => {
            if regions::Entity::find_by_id(id).one(db).await?.is_none() {
                return Err(ApiError::bad_input("regionId", "no such region"));
            }
        }
        (_, Some(_)) => {
            return Err(ApiError::bad_input("regionId", "is only for REGION scope"));
        }
        (_, None) => {}
    }
    match (a.scope, a.branch_id) {
        (Scope::Branch | Scope::Own, None) => {
            return Err(ApiError::bad_input(
                "branchId",
                format!("is required for {} scope", a.scope.to_value()),
            ));
        }
        (Scope::Branch | Scope::Own, Some(id)) => {
            if branches::Entity::find_by_id(id).one(db).await?.is_none() {
                return Err(ApiError::bad_input("branchId", "no such branch"));
            }
        }
        (_, Some(_)) => {
            return Err(ApiError::bad_input("branchId", "is only for BRANCH or OWN scope"));
        }
        (_, None) => {}
    }
    let Some(employee_id) = a.employee_id else {
        if a.role == Role::SalesRep {
            return Err(ApiError::bad_input(
                "employeeId",
                "is required for a SALES_REP: their rows are the employee's",
            ));
        }
        return Ok(());
    };
    // Locked (PostgreSQL) so that two accounts cannot be given the same employee at once.
    let employee = employees::Entity::find_by_id(employee_id).lock_exclusive().one(db).await?;
    let Some(employee) = employee else {
        return Err(ApiError::bad_input("employeeId", "no such employee"));
    };
    if employee.status == EmployeeStatus::Left {
        return Err(ApiError::bad_input("employeeId", "has left the company"));
    }
    if matches!(a.scope, Scope::Branch | Scope::Own) && employee.branch_id != a.branch_id {
        return Err(ApiError::bad_input("employeeId", "does not work at the account's branch"));
    }
    let mut other = user_accounts::Entity::find()
        .filter(user_accounts::Column::EmployeeId.eq(employee_id))
        .filter(user_accounts::Column::IsActive.eq(true));
    if let Some(id) = exclude {
        other = other.filter(user_accounts::Column::Id.ne(id));
    }
    if let Some(other) = other.one(db).await? {
        return Err(ApiError::Conflict {
            field: "employeeId".into(),
            message: format!("the employee already has the active account {}", other.username),
        });
    }
    Ok(())
}

/// Creates an account with the (already computed) argon2 `password_hash`. CONFLICT on
/// `username` when it is taken, whatever its letter case (`Admin` and `admin` would be
/// indistinguishable to people).
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewAccount,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(user_accounts::Model, Value), ApiError> {
    let username = username(&new.username)?;
    let display_name = display_name(&new.display_name)?;
    check_assignment(db, &new.assignment, None).await?;
    if let Some(taken) = named(db, &username).await? {
        return Err(username_taken(&taken.username));
    }
    let a = new.assignment;
    let row = user_accounts::ActiveModel {
        username_key: Set(Some(username_key(&username))),
        username: Set(username.clone()),
        password_hash: Set(password_hash),
        display_name: Set(display_name),
        employee_id: Set(a.employee_id),
        role: Set(a.role),
        scope: Set(a.scope),
        region_id: Set(a.region_id),
        branch_id: Set(a.branch_id),
        is_active: Set(true),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    let model = row.insert(db).await.map_err(|e| match e.sql_err() {
        // Lost a race against another creation of the same name.
        Some(SqlErr::UniqueConstraintViolation(_)) => username_taken(&username),
        _ => ApiError::from(e),
    })?;
    let changes = write::created(&model);
    Ok((model, changes))
}

/// The key that makes usernames unique whatever their letter case, in every script: the
/// username lower-cased by Rust (the databases' `lower()` differ; SQLite's folds ASCII only).
/// Stored in `user_accounts.username_key`, which has a unique index.
pub fn username_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The account whose username is `name` whatever the letter case (exactly `name` for an
/// account older than the key whose name differs from another only in case).
pub async fn named(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<user_accounts::Model>, ApiError> {
    let by_key = user_accounts::Entity::find()
        .filter(user_accounts::Column::UsernameKey.eq(username_key(name)))
        .one(db)
        .await?;
    if by_key.is_some() {
        return Ok(by_key);
    }
    Ok(user_accounts::Entity::find()
        .filter(user_accounts::Column::Username.eq(name.trim()))
        .one(db)
        .await?)
}

fn username_taken(name: &str) -> ApiError {
    ApiError::Conflict { field: "username".into(), message: format!("{name} is taken") }
}

/// Creates an HQ_ADMIN account with ALL scope from the server's machine (`salesgraph admin
/// create`): the first account of an empty database. The password is checked, hashed and
/// stored in one transaction with the audit entry (by the system, `via: command line`).
pub async fn create_administrator(
    db: &DatabaseConnection,
    username: &str,
    display_name: Option<&str>,
    password: String,
    now: DateTime<Utc>,
) -> Result<user_accounts::Model, ApiError> {
    let new = NewAccount {
        username: username.to_owned(),
        display_name: display_name.unwrap_or(username).to_owned(),
        assignment: Assignment::administrator(),
    };
    let hash = checked_hash("password", password).await?;
    let txn = crate::db::begin_write(db).await?;
    let (model, changes) = create(&txn, new, hash, now).await?;
    by_command_line(&txn, "account.create", &model, changes, now).await?;
    txn.commit().await?;
    Ok(model)
}

/// Sets a new password for the account `username` from the server's machine (`salesgraph
/// admin reset-password`) and ends its logins; audited like [`create_administrator`].
pub async fn reset_password_of(
    db: &DatabaseConnection,
    username: &str,
    password: String,
    now: DateTime<Utc>,
) -> Result<user_accounts::Model, ApiError> {
    let hash = checked_hash("password", password).await?;
    let txn = crate::db::begin_write(db).await?;
    let account = user_accounts::Entity::find()
        .filter(user_accounts::Column::Username.eq(username.trim()))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("account"))?;
    let (model, changes) = reset_password(&txn, account.id, hash, now).await?;
    by_command_line(&txn, "account.resetPassword", &model, changes, now).await?;
    txn.commit().await?;
    Ok(model)
}

/// A new password checked as the input `field` and hashed off the async workers.
pub async fn checked_hash(field: &str, password: String) -> Result<String, ApiError> {
    password::validate(field, &password)?;
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
}

async fn by_command_line(
    db: &impl ConnectionTrait,
    action: &str,
    model: &user_accounts::Model,
    mut changes: Value,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(map) = changes.as_object_mut() {
        map.insert("via".into(), "command line".into());
    }
    let entry = audit::Entry {
        actor: None,
        action,
        entity: "user_accounts",
        entity_id: model.id.to_string(),
        changes,
        request_id: None,
    };
    audit::record(db, entry, now).await
}

/// What [`update`] changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub scope: Option<Scope>,
    pub region_id: Option<Option<i32>>,
    pub branch_id: Option<Option<i32>>,
    pub employee_id: Option<Option<i32>>,
}

/// Changes an account's display name, role, scope, region, branch or employee, at `version`
/// (CONFLICT when stale). A change of what the account may do or see ends its logins: its
/// refresh tokens stop at once, its access token at its expiry. The last administrator cannot
/// be demoted (CONFLICT).
pub async fn update(
    db: &impl ConnectionTrait,
    id: i32,
    version: i32,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(user_accounts::Model, Value), ApiError> {
    let before = locked(db, id).await?;
    if before.version != version {
        return Err(write::stale_version());
    }
    let old = Assignment::of(&before);
    let new = Assignment {
        role: change.role.unwrap_or(old.role),
        scope: change.scope.unwrap_or(old.scope),
        region_id: change.region_id.unwrap_or(old.region_id),
        branch_id: change.branch_id.unwrap_or(old.branch_id),
        employee_id: change.employee_id.unwrap_or(old.employee_id),
    };
    let display = match change.display_name.as_deref() {
        Some(given) => display_name(given)?,
        None => before.display_name.clone(),
    };
    if old == new && display == before.display_name {
        return Ok((before, Value::Null));
    }
    if new != old {
        check_assignment(db, &new, Some(id)).await?;
    }
    if old.administers() && !new.administers() && before.is_active {
        let field = if new.role != old.role { "role" } else { "scope" };
        keep_an_administrator(db, id, field).await?;
    }
    let row = user_accounts::ActiveModel {
        display_name: Set(display),
        role: Set(new.role),
        scope: Set(new.scope),
        region_id: Set(new.region_id),
        branch_id: Set(new.branch_id),
        employee_id: Set(new.employee_id),
        updated_at: Set(now),
        ..Default::default()
    };
    let model =
        write::update_versioned::<user_accounts::Entity>(db, id, version, row, "id").await?;
    if old != new {
        sessions::revoke_user(db, id, now).await?;
    }
    let changes = write::diff(&before, &model);
    Ok((model, changes))
}

/// Activates or deactivates an account. A deactivated account cannot log in and its logins
/// end (refresh tokens at once, the access token at its expiry); its rows and history stay.
/// The last active administrator cannot be deactivated (CONFLICT). Setting the state it
/// already has changes nothing and returns no changes.
pub async fn set_active(
    db: &impl ConnectionTrait,
    id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(user_accounts::Model, Value), ApiError> {
    let before = locked(db, id).await?;
    if before.is_active == active {
        return Ok((before, Value::Null));
    }
    if active {
        // Its employee may have another active account by now.
        check_assignment(db, &Assignment::of(&before), Some(id)).await?;
    } else if Assignment::of(&before).administers() {
        keep_an_administrator(db, id, "active").await?;
    }
    let row = user_accounts::ActiveModel {
        is_active: Set(active),
        updated_at: Set(now),
        ..Default::default()
    };
    let model =
        write::update_versioned::<user_accounts::Entity>(db, id, before.version, row, "id").await?;
    if !active {
        sessions::revoke_user(db, id, now).await?;
    }
    let changes = write::diff(&before, &model);
    Ok((model, changes))
}

/// Sets a new password (already hashed) and ends every login of the account.
pub async fn reset_password(
    db: &impl ConnectionTrait,
    id: i32,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(user_accounts::Model, Value), ApiError> {
    let before = locked(db, id).await?;
    let row = user_accounts::ActiveModel {
        password_hash: Set(password_hash),
        updated_at: Set(now),
        ..Default::default()
    };
    let model =
        write::update_versioned::<user_accounts::Entity>(db, id, before.version, row, "id").await?;
    sessions::revoke_user(db, id, now).await?;
    // The hash is in the changes only as `[redacted]` (the audit log redacts it).
    let changes = write::diff(&before, &model);
    Ok((model, changes))
}

/// The account `id`, locked for the rest of the transaction on PostgreSQL (SQLite's write
/// transactions hold the database already). NOT_FOUND when there is none.
async fn locked(db: &impl ConnectionTrait, id: i32) -> Result<user_accounts::Model, ApiError> {
    user_accounts::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("account"))
}

/// CONFLICT on `field` unless an active administrator other than `id` remains. The other
/// administrators are locked, so two administrators demoting each other at once cannot both
/// succeed.
async fn keep_an_administrator(
    db: &impl ConnectionTrait,
    id: i32,
    field: &str,
) -> Result<(), ApiError> {
    let others = user_accounts::Entity::find()
        .filter(active_administrators())
        .filter(user_accounts::Column::Id.ne(id))
        .lock_exclusive()
        .all(db)
        .await?;
    if others.is_empty() {
        return Err(ApiError::Conflict {
            field: field.to_owned(),
            message: "this is the last active HQ_ADMIN account with ALL scope: create or activate another first".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_words_of_any_script() {
        assert_eq!(username("  zhang.wei@sh ").unwrap(), "zhang.wei@sh");
        assert_eq!(username("张伟").unwrap(), "张伟");
        for bad in ["a", "", "   ", "zhang wei", "a\0b", "a/b", "a\u{200b}b", &"x".repeat(65)] {
            let err = username(bad).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT", "{bad:?}");
        }
        assert!(display_name("上海分公司 销售代表").is_ok());
        assert!(display_name(" ").is_err());
        assert!(display_name("a\nb").is_err());
        assert!(display_name(&"名".repeat(101)).is_err());
    }
}
