//! The steps every mutation shares: may this role write this area, is the target row in the
//! caller's scope, do the referenced rows exist and are they visible, is the version the one
//! the caller read, and database errors turned into client errors that name the field.

use std::str::FromStr;

use async_graphql::ID;
use salesgraph_entities::enums::{Role, Scope};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, RuntimeErr,
    SqlErr,
};
use serde_json::{Map, Value, json};

use super::parse_id;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::scope::Scoped;

/// The areas of the permission matrix in `docs/access.md`, as far as writes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Customers, contacts, opportunities, orders, market feedback.
    SalesData,
    /// Product categories and products.
    Catalogue,
    /// Interactions, surveys, customer feedback.
    Crm,
    /// Product feedback and service tickets.
    Service,
    /// Projects and tasks.
    Collaboration,
    /// Branch reports, meetings, action items, announcements.
    Communication,
    /// Courses, sessions, enrollments, promotion records.
    Training,
    /// Employees' positions and promotions.
    Organisation,
    /// Competitors, their products and strategies.
    Competition,
    /// Price observations of competitors' products.
    PriceObservations,
}

/// Whether `role` may write in `area` at all (the row must then be in its scope too).
pub fn may_write(role: Role, area: Area) -> bool {
    use Area::*;
    match role {
        Role::HqAdmin => true,
        Role::HqAnalyst => matches!(area, Competition | PriceObservations),
        Role::BranchManager => matches!(
            area,
            SalesData
                | Crm
                | Service
                | Collaboration
                | Communication
                | Training
                | Organisation
                | PriceObservations
        ),
        Role::SalesRep => {
            matches!(area, SalesData | Crm | Service | Collaboration | PriceObservations)
        }
        Role::Integrator => false,
    }
}

/// FORBIDDEN unless `principal` may write in `area`.
pub fn require(principal: &Principal, area: Area) -> Result<(), ApiError> {
    if may_write(principal.role, area) { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// FORBIDDEN unless `principal` has one of `roles`.
pub fn require_role(principal: &Principal, roles: &[Role]) -> Result<(), ApiError> {
    if roles.contains(&principal.role) { Ok(()) } else { Err(ApiError::Forbidden) }
}

pub(super) fn column<E: EntityTrait>(name: &str) -> Result<E::Column, ApiError> {
    E::Column::from_str(name)
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("{name} is not a column")))
}

/// FORBIDDEN unless the caller is an HQ_ADMIN with ALL scope: for the company-wide
/// computations (reviews, incentives) and the tops of the target tree.
pub fn require_company_admin(principal: &Principal) -> Result<(), ApiError> {
    require_role(principal, &[Role::HqAdmin])?;
    if principal.scope != salesgraph_entities::enums::Scope::All {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// The id of a row of `E`.
pub fn row_id<E: EntityTrait>(row: &E::Model) -> Result<i32, ApiError> {
    use sea_orm::ModelTrait;
    match row.get(column::<E>("id")?) {
        sea_orm::Value::Int(Some(id)) => Ok(id),
        other => Err(ApiError::Internal(anyhow::anyhow!("a row's id is {other:?}"))),
    }
}

/// The row a mutation changes: NOT_FOUND when there is no such row, FORBIDDEN when it exists
/// outside the caller's scope.
pub async fn target<E: Scoped>(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: &ID,
    what: &'static str,
) -> Result<E::Model, ApiError> {
    let id = parse_id("id", id)?;
    let id_col = column::<E>("id")?;
    let visible = E::find().filter(id_col.eq(id)).filter(E::visible_to(principal)).one(db).await?;
    if let Some(row) = visible {
        return Ok(row);
    }
    match E::find().filter(id_col.eq(id)).one(db).await? {
        Some(_) => Err(ApiError::Forbidden),
        None => Err(ApiError::NotFound(what)),
    }
}

/// A row an input refers to: it must exist and be visible to the caller, else BAD_USER_INPUT
/// naming `field` (without revealing whether it exists outside the caller's scope).
pub async fn reference<E: Scoped>(
    db: &impl ConnectionTrait,
    principal: &Principal,
    field: &str,
    id: &ID,
) -> Result<E::Model, ApiError> {
    let id = parse_id(field, id)?;
    E::find()
        .filter(column::<E>("id")?.eq(id))
        .filter(E::visible_to(principal))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::bad_input(field, "does not name a record you can see"))
}

/// Writes `changes` to the row `id` if it is still at `version`, bumping the version; CONFLICT
/// on `version` when someone changed it since the caller read it, CONFLICT on `unique_field`
/// when the change collides with another row's unique key. Returns the row as saved.
pub async fn update_versioned<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: i32,
    version: i32,
    changes: E::ActiveModel,
    unique_field: &str,
) -> Result<E::Model, ApiError>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    update_versioned_with::<E>(db, id, version, changes, |e| db_error(e, unique_field)).await
}

/// [`update_versioned`] of a row read as `before` in the transaction `txn`, with the audit
/// entry `action` holding the fields that changed. The caller commits.
pub async fn update_audited<E: EntityTrait>(
    ctx: &async_graphql::Context<'_>,
    txn: &sea_orm::DatabaseTransaction,
    principal: &Principal,
    action: &str,
    before: &E::Model,
    version: i32,
    changes: E::ActiveModel,
) -> Result<E::Model, ApiError>
where
    E::Model: IntoActiveModel<E::ActiveModel> + serde::Serialize,
{
    let id = row_id::<E>(before)?;
    let after = update_versioned::<E>(txn, id, version, changes, "id").await?;
    let entry = crate::audit::Entry::by(principal, action, E::default().table_name(), id)
        .with_changes(diff(before, &after));
    super::audit(ctx, txn, entry, chrono::Utc::now()).await?;
    Ok(after)
}

/// [`update_versioned`] with the caller's own mapping of database errors.
pub async fn update_versioned_with<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: i32,
    version: i32,
    changes: E::ActiveModel,
    on_error: impl Fn(DbErr) -> ApiError,
) -> Result<E::Model, ApiError>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let id_col = column::<E>("id")?;
    let version_col = column::<E>("version")?;
    let result = E::update_many()
        .set(changes)
        .col_expr(version_col, Expr::col(version_col).add(1))
        .filter(id_col.eq(id))
        .filter(version_col.eq(version))
        .exec(db)
        .await
        .map_err(on_error)?;
    if result.rows_affected == 0 {
        return Err(stale_version());
    }
    E::find()
        .filter(id_col.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("updated row {id} vanished")))
}

/// CONFLICT on `version`: the row changed since the caller read it.
pub fn stale_version() -> ApiError {
    ApiError::Conflict {
        field: "version".into(),
        message: "the record was changed by someone else since you read it: read it again".into(),
    }
}

/// [`db_error`] for a table with several unique keys: the collision names the first of
/// `columns` (snake case) that the database's message mentions, as its GraphQL field.
pub fn db_error_among(err: DbErr, columns: &[&str]) -> ApiError {
    let column = match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            columns.iter().find(|c| message.contains(*c)).or(columns.first()).copied()
        }
        _ => columns.first().copied(),
    };
    db_error(err, &super::filter::graphql_name(column.unwrap_or("id")))
}

/// A database error as the client may see it: a unique-key collision is CONFLICT on
/// `unique_field`, a row still referenced is CONFLICT, anything else INTERNAL (logged only).
pub fn db_error(err: DbErr, unique_field: &str) -> ApiError {
    if restricted_by_sqlite(&err) {
        return db_error_of(SqlErr::ForeignKeyConstraintViolation(String::new()), unique_field);
    }
    match err.sql_err() {
        Some(known) => db_error_of(known, unique_field),
        None => ApiError::Internal(err.into()),
    }
}

/// SQLite reports a delete refused by `ON DELETE RESTRICT` under a code sea-orm does not map.
fn restricted_by_sqlite(err: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => {
            db.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>().is_some()
                && db.message().contains("FOREIGN KEY constraint failed")
        }
        _ => false,
    }
}

fn db_error_of(err: SqlErr, unique_field: &str) -> ApiError {
    match err {
        SqlErr::UniqueConstraintViolation(_) => ApiError::Conflict {
            field: unique_field.to_owned(),
            message: "is already taken".into(),
        },
        SqlErr::ForeignKeyConstraintViolation(_) => ApiError::Conflict {
            field: "id".into(),
            message: "other records refer to it or it refers to a record that is gone".into(),
        },
        other => ApiError::Internal(anyhow::anyhow!("{other:?}")),
    }
}

/// The audit `changes` of an update: `{"field": {"before": …, "after": …}}` for every field
/// that changed, bookkeeping columns left out.
pub fn diff<M: serde::Serialize>(before: &M, after: &M) -> Value {
    let (Ok(Value::Object(before)), Ok(Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Value::Null;
    };
    let mut changes = Map::new();
    for (field, new) in after {
        if matches!(field.as_str(), "updated_at" | "version" | "created_at") {
            continue;
        }
        let old = before.get(&field).cloned().unwrap_or(Value::Null);
        if old != new {
            changes.insert(field, json!({ "before": old, "after": new }));
        }
    }
    Value::Object(changes)
}

/// The audit `changes` of a created row: every field with its value as `after`.
pub fn created<M: serde::Serialize>(row: &M) -> Value {
    every_field(row, |v| json!({ "before": null, "after": v }))
}

/// The audit `changes` of a deleted row: every field with its value as `before`.
pub fn removed<M: serde::Serialize>(row: &M) -> Value {
    every_field(row, |v| json!({ "before": v, "after": null }))
}

/// Every field of `row` but the bookkeeping ones, each as `change` makes it.
fn every_field<M: serde::Serialize>(row: &M, change: impl Fn(Value) -> Value) -> Value {
    match serde_json::to_value(row) {
        Ok(Value::Object(fields)) => Value::Object(
            fields
                .into_iter()
                .filter(|(f, _)| !matches!(f.as_str(), "updated_at" | "version" | "created_at"))
                .map(|(f, v)| (f, change(v)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// A trimmed text of `min..=max` characters, else BAD_USER_INPUT naming `field`.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    let length = value.chars().count();
    if length < min {
        let message = if min == 1 {
            "must not be empty".into()
        } else {
            format!("needs at least {min} characters")
        };
        return Err(ApiError::bad_input(field, message));
    }
    if length > max {
        return Err(ApiError::bad_input(field, format!("must be at most {max} characters")));
    }
    Ok(value.to_owned())
}

/// An optional text: empty becomes null.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, 1, max).map(Some),
    }
}

/// The most money one price, order line, order, deal or observation may carry:
/// ¥10,000,000,000.00 (100 亿).
///
/// Both backends store and add up every amount up to it exactly. PostgreSQL keeps NUMERIC.
/// SQLite keeps a decimal column as a double, exact to the fen up to about ¥7×10¹³, and the
/// analytics add amounts up as 64-bit integer fen, exact up to ¥9.2×10¹⁶ in all: about
/// 900,000 orders at this bound, or 9,000 open deals weighted by their probability.
pub const MAX_AMOUNT: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(3_567_587_328, 232, 0, false, 2);

/// The most money a target or a market-size estimate may carry, the total of many orders:
/// ¥10,000,000,000,000.00 (10 万亿), a thousand times [`MAX_AMOUNT`].
pub const MAX_TOTAL: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(2_764_472_320, 232_830, 0, false, 2);

/// An amount of money in yuan: at least 0, at most two decimals, at most [`MAX_AMOUNT`].
pub fn money(field: &str, value: rust_decimal::Decimal) -> Result<rust_decimal::Decimal, ApiError> {
    money_within(field, value, MAX_AMOUNT)
}

/// A total in yuan (a target, a market size): like [`money`], at most [`MAX_TOTAL`].
pub fn total_money(
    field: &str,
    value: rust_decimal::Decimal,
) -> Result<rust_decimal::Decimal, ApiError> {
    money_within(field, value, MAX_TOTAL)
}

fn money_within(
    field: &str,
    value: rust_decimal::Decimal,
    max: rust_decimal::Decimal,
) -> Result<rust_decimal::Decimal, ApiError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ApiError::bad_input(field, "must not be negative"));
    }
    if value.normalize().scale() > 2 {
        return Err(ApiError::bad_input(field, "has more than two decimals (fen)"));
    }
    if value > max {
        return Err(ApiError::bad_input(field, format!("must be at most {max}")));
    }
    Ok(value)
}

/// A number within `min..=max`, else BAD_USER_INPUT naming `field`.
pub fn within<T: PartialOrd + std::fmt::Display>(
    field: &str,
    value: T,
    min: T,
    max: T,
) -> Result<T, ApiError> {
    if value < min || value > max {
        return Err(ApiError::bad_input(field, format!("must be between {min} and {max}")));
    }
    Ok(value)
}

/// How far a time given as "now or later" may lie in the past, for clocks that differ a
/// little between the caller and the server.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// The branch a branch-scoped caller (scope BRANCH or OWN: branch managers, reps, and API
/// keys issued for one branch) writes for when a create names none: its own. Callers that see
/// a region or the whole company have no such default.
pub fn own_branch(principal: &Principal) -> Option<i32> {
    if branch_bound(principal) { principal.branch_id } else { None }
}

/// Whether the caller writes for one branch only: branch managers and reps whatever their
/// scope, and every caller scoped to a branch or its own rows.
fn branch_bound(principal: &Principal) -> bool {
    matches!(principal.role, Role::BranchManager | Role::SalesRep)
        || matches!(principal.scope, Scope::Branch | Scope::Own)
}

/// The branch of a new row that belongs to one: the branch named in `field` (it must exist and
/// be visible), else the caller's own ([`own_branch`]); BAD_USER_INPUT naming `field` when
/// there is neither.
pub async fn branch_of_new(
    db: &impl ConnectionTrait,
    principal: &Principal,
    field: &str,
    given: Option<&ID>,
) -> Result<i32, ApiError> {
    match given {
        Some(id) => {
            Ok(reference::<salesgraph_entities::branches::Entity>(db, principal, field, id)
                .await?
                .id)
        }
        None => own_branch(principal).ok_or_else(|| ApiError::bad_input(field, "is required")),
    }
}

/// The branch of a new row that may concern the whole company: the branch named in `field`;
/// left out, the caller's own for a branch-scoped caller (who writes no company-wide rows) and
/// none for HQ. A branch-scoped account without a branch must name one (BAD_USER_INPUT).
pub async fn optional_branch_of_new(
    db: &impl ConnectionTrait,
    principal: &Principal,
    field: &str,
    given: Option<&ID>,
) -> Result<Option<i32>, ApiError> {
    if given.is_some() || branch_bound(principal) {
        branch_of_new(db, principal, field, given).await.map(Some)
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn the_money_bounds_are_what_they_say() {
        assert_eq!(MAX_AMOUNT, Decimal::new(1_000_000_000_000, 2));
        assert_eq!(MAX_TOTAL, Decimal::new(1_000_000_000_000_000, 2));
        assert!(money("price", MAX_AMOUNT).is_ok());
        let over = money("price", MAX_AMOUNT + Decimal::new(1, 2));
        assert!(matches!(over, Err(ApiError::BadUserInput { field, .. }) if field == "price"));
        assert!(total_money("amount", MAX_TOTAL).is_ok());
        assert!(total_money("amount", MAX_TOTAL + Decimal::new(1, 2)).is_err());
    }
}
