//! Plain create, update and delete for the tables whose edits have no verb of their own in the
//! domain (regions, teams, courses, competitors…).
//!
//! The `crud!` macro declares, per table, an input type whose fields are typed by the kinds
//! below ([`Text`], [`Money`], [`Ref`]…), and three mutations that share the steps of every
//! mutation of the API: the role may write the table, every input is checked before the
//! transaction (BAD_USER_INPUT naming the field), every referenced row must exist and be visible
//! to the caller, the row written must stay in the caller's write scope (else FORBIDDEN and
//! nothing is kept), an update must name the version it read (CONFLICT otherwise), a unique-key
//! collision is CONFLICT naming the field, a delete of a row others refer to is CONFLICT, and the
//! audit entry is written in the same transaction as the change.

use std::future::Future;
use std::marker::PhantomData;

use async_graphql::{Context, ID, InputType, MaybeUndefined};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::future::BoxFuture;
use salesgraph_entities::branches;
use salesgraph_entities::enums::Role;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
};

use super::audit;
use super::write::{self, created, db_error_among, diff, removed};
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::scope::Scoped;
use crate::state::AppState;

/// How an input value of one kind becomes a column value: checked, and references resolved.
pub trait Kind: Send + Sync {
    /// The GraphQL input type.
    type In: InputType + Send + Sync;
    /// The column's Rust type.
    type Out: Send;

    /// The column value of `value`, or BAD_USER_INPUT naming `field`.
    fn convert(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
    ) -> impl Future<Output = Result<Self::Out, ApiError>> + Send;

    /// Whether `value` means "no value" for a nullable column (blank text).
    fn is_blank(_value: &Self::In) -> bool {
        false
    }
}

/// An input field of a mutation: the input type, and the column value on create and update.
pub trait Input: Send + Sync {
    /// The GraphQL input type (always optional: an update changes only what it names).
    type In: InputType + Send + Sync;
    /// The column's Rust type.
    type Out: Send;

    /// The value of a new row: the given value, else `default`, else BAD_USER_INPUT.
    fn on_create(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
        default: Option<Self::Out>,
    ) -> impl Future<Output = Result<Self::Out, ApiError>> + Send;

    /// The new value of an updated row; `None` leaves the column as it is.
    fn on_update(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
    ) -> impl Future<Output = Result<Option<Self::Out>, ApiError>> + Send;
}

impl<K: Kind> Input for K {
    type In = Option<K::In>;
    type Out = K::Out;

    async fn on_create(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
        default: Option<K::Out>,
    ) -> Result<K::Out, ApiError> {
        match (value, default) {
            (Some(value), _) => K::convert(db, principal, field, value).await,
            (None, Some(default)) => Ok(default),
            (None, None) => Err(ApiError::bad_input(field, "is required")),
        }
    }

    async fn on_update(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Option<K::Out>, ApiError> {
        match value {
            Some(value) => K::convert(db, principal, field, value).await.map(Some),
            None => Ok(None),
        }
    }
}

/// A column that may be empty: left out on create it is null; on update, `null` (or blank
/// text) empties it and leaving it out keeps it.
pub struct Nullable<K>(PhantomData<K>);

impl<K: Kind> Input for Nullable<K> {
    type In = MaybeUndefined<K::In>;
    type Out = Option<K::Out>;

    async fn on_create(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
        default: Option<Option<K::Out>>,
    ) -> Result<Option<K::Out>, ApiError> {
        match value {
            MaybeUndefined::Value(v) if !K::is_blank(&v) => {
                K::convert(db, principal, field, v).await.map(Some)
            }
            MaybeUndefined::Undefined => Ok(default.flatten()),
            _ => Ok(None),
        }
    }

    async fn on_update(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Option<Option<K::Out>>, ApiError> {
        match value {
            MaybeUndefined::Undefined => Ok(None),
            MaybeUndefined::Value(v) if !K::is_blank(&v) => {
                K::convert(db, principal, field, v).await.map(|v| Some(Some(v)))
            }
            _ => Ok(Some(None)),
        }
    }
}

/// Text of `MIN..=MAX` characters, trimmed.
pub struct Text<const MIN: usize, const MAX: usize>;

impl<const MIN: usize, const MAX: usize> Kind for Text<MIN, MAX> {
    type In = String;
    type Out = String;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: String,
    ) -> Result<String, ApiError> {
        write::text(field, &value, MIN, MAX)
    }

    fn is_blank(value: &String) -> bool {
        value.trim().is_empty()
    }
}

/// An amount of money in yuan: at least 0, at most two decimals, at most
/// [`write::MAX_AMOUNT`].
pub struct Money;

impl Kind for Money {
    type In = rust_decimal::Decimal;
    type Out = rust_decimal::Decimal;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Self::Out, ApiError> {
        write::money(field, value)
    }
}

/// A total in yuan, such as a market size: like [`Money`], at most [`write::MAX_TOTAL`].
pub struct TotalMoney;

impl Kind for TotalMoney {
    type In = rust_decimal::Decimal;
    type Out = rust_decimal::Decimal;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Self::Out, ApiError> {
        write::total_money(field, value)
    }
}

/// `value` when it has at most `decimals` decimals (`in_words` for the message) and lies
/// within `min..=max`.
fn decimal_within(
    field: &str,
    value: rust_decimal::Decimal,
    (decimals, in_words): (u32, &str),
    min: rust_decimal::Decimal,
    max: rust_decimal::Decimal,
) -> Result<rust_decimal::Decimal, ApiError> {
    if value.normalize().scale() > decimals {
        return Err(ApiError::bad_input(field, format!("has more than {in_words} decimals")));
    }
    write::within(field, value, min, max)
}

/// A decimal number within `MIN..=MAX`, at most two decimals (percentages, hours, thresholds).
pub struct Number<const MIN: i64, const MAX: i64>;

impl<const MIN: i64, const MAX: i64> Kind for Number<MIN, MAX> {
    type In = rust_decimal::Decimal;
    type Out = rust_decimal::Decimal;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Self::Out, ApiError> {
        decimal_within(field, value, (2, "two"), MIN.into(), MAX.into())
    }
}

/// A share from 0 to 1 with at most four decimals, such as a bonus rate of 0.035.
pub struct Fraction;

impl Kind for Fraction {
    type In = rust_decimal::Decimal;
    type Out = rust_decimal::Decimal;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: Self::In,
    ) -> Result<Self::Out, ApiError> {
        decimal_within(
            field,
            value,
            (4, "four"),
            rust_decimal::Decimal::ZERO,
            rust_decimal::Decimal::ONE,
        )
    }
}

/// A whole number within `MIN..=MAX`.
pub struct Int<const MIN: i32, const MAX: i32>;

impl<const MIN: i32, const MAX: i32> Kind for Int<MIN, MAX> {
    type In = i32;
    type Out = i32;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: i32,
    ) -> Result<i32, ApiError> {
        write::within(field, value, MIN, MAX)
    }
}

/// A rating within `MIN..=MAX`, kept in a small integer column.
pub struct Rating<const MIN: i16, const MAX: i16>;

impl<const MIN: i16, const MAX: i16> Kind for Rating<MIN, MAX> {
    type In = i16;
    type Out = i16;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: i16,
    ) -> Result<i16, ApiError> {
        write::within(field, value, MIN, MAX)
    }
}

/// A value taken as it is: dates, times, flags.
pub struct Plain<T>(PhantomData<T>);

macro_rules! plain {
    ($($t:ty),+) => {$(
        impl Kind for Plain<$t> {
            type In = $t;
            type Out = $t;

            async fn convert(
                _: &DatabaseConnection,
                _: &Principal,
                _: &str,
                value: $t,
            ) -> Result<$t, ApiError> {
                Ok(value)
            }
        }
    )+};
}
plain!(NaiveDate, DateTime<Utc>, bool);

/// A day.
pub type Date = Plain<NaiveDate>;
/// A point in time.
pub type Time = Plain<DateTime<Utc>>;
/// A yes/no flag.
pub type Flag = Plain<bool>;

/// One of the values of the model enum `M`, given as its GraphQL twin.
pub struct Enum<M>(PhantomData<M>);

impl<M> Kind for Enum<M>
where
    M: super::filter::Field + Send + Sync,
    M::Out: InputType + Into<M> + Send + Sync,
{
    type In = M::Out;
    type Out = M;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        _: &str,
        value: M::Out,
    ) -> Result<M, ApiError> {
        Ok(value.into())
    }
}

/// The id of a row of `E` that exists and that the caller may see.
pub struct Ref<E>(PhantomData<E>);

impl<E: Scoped + Send + Sync> Kind for Ref<E>
where
    E::Model: Send + Sync,
{
    type In = ID;
    type Out = i32;

    async fn convert(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: ID,
    ) -> Result<i32, ApiError> {
        let row = write::reference::<E>(db, principal, field, &value).await?;
        write::row_id::<E>(&row)
    }
}

/// The branch a row belongs to, which it must have. Left out on create, it is the caller's
/// own for a caller bound to one branch (a BRANCH_MANAGER or SALES_REP, a BRANCH-scope key),
/// and required of anyone else (see
/// [`write::branch_of_new`]); on update, left out it stays.
pub struct BranchRef;

impl Input for BranchRef {
    type In = Option<ID>;
    type Out = i32;

    async fn on_create(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Option<ID>,
        _: Option<i32>,
    ) -> Result<i32, ApiError> {
        write::branch_of_new(db, principal, field, value.as_ref()).await
    }

    async fn on_update(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: Option<ID>,
    ) -> Result<Option<i32>, ApiError> {
        <Ref<branches::Entity> as Input>::on_update(db, principal, field, value).await
    }
}

/// The branch of a row that may concern the whole company instead. Left out on create, it is
/// the caller's own for a caller bound to one branch and none for the others (see
/// [`write::optional_branch_of_new`]); `null` is none, which the table's write scope may
/// refuse. On update, like any optional reference.
pub struct OptionalBranchRef;

impl Input for OptionalBranchRef {
    type In = MaybeUndefined<ID>;
    type Out = Option<i32>;

    async fn on_create(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: MaybeUndefined<ID>,
        _: Option<Option<i32>>,
    ) -> Result<Option<i32>, ApiError> {
        match value {
            MaybeUndefined::Undefined => {
                write::optional_branch_of_new(db, principal, field, None).await
            }
            MaybeUndefined::Null => Ok(None),
            MaybeUndefined::Value(id) => {
                write::branch_of_new(db, principal, field, Some(&id)).await.map(Some)
            }
        }
    }

    async fn on_update(
        db: &DatabaseConnection,
        principal: &Principal,
        field: &str,
        value: MaybeUndefined<ID>,
    ) -> Result<Option<Option<i32>>, ApiError> {
        <Nullable<Ref<branches::Entity>> as Input>::on_update(db, principal, field, value).await
    }
}

/// What the three mutations of a table need to know about it.
pub struct Table<E: EntityTrait> {
    /// The record in messages, such as `region`.
    pub what: &'static str,
    /// The audit actions of create, update and delete, such as `region.create`.
    pub actions: [&'static str; 3],
    /// The roles that may write it (within their scope).
    pub roles: &'static [Role],
    /// The columns of its unique keys, in snake case: a collision names the one it is about.
    pub unique: &'static [&'static str],
    /// Beyond being visible, the rows `principal` may write, such as "its branch's, not the
    /// company-wide ones".
    pub write_scope: fn(&Principal) -> Condition,
    /// Rules across fields of the row as it would be saved (an end not before its start, a
    /// team of the employee's branch…), checked in the transaction of the change.
    pub check: Check<E::Model>,
}

/// A rule across the fields of a row, read in the transaction that writes it.
pub type Check<M> =
    for<'a> fn(&'a DatabaseTransaction, &'a M) -> BoxFuture<'a, Result<(), ApiError>>;

/// No rule beyond visibility.
pub fn visible(_: &Principal) -> Condition {
    Condition::all()
}

/// No rule across fields.
pub fn no_check<'a, M>(
    _: &'a DatabaseTransaction,
    _: &'a M,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(std::future::ready(Ok(())))
}

/// BAD_USER_INPUT on `field` unless `end` is absent or not before `start`.
pub fn ordered<T: PartialOrd>(field: &str, start: &T, end: Option<&T>) -> Result<(), ApiError> {
    match end {
        Some(end) if end < start => Err(ApiError::bad_input(field, "must not be before the start")),
        _ => Ok(()),
    }
}

impl<E> Table<E>
where
    E: Scoped,
    E::Model: IntoActiveModel<E::ActiveModel> + serde::Serialize + Send + Sync,
    E::ActiveModel: ActiveModelBehavior + Send,
{
    /// FORBIDDEN unless the caller's role may write this table.
    pub fn allow(&self, principal: &Principal) -> Result<(), ApiError> {
        write::require_role(principal, self.roles)
    }

    /// Saves a new row built from checked inputs, with its audit entry.
    pub async fn create(
        &self,
        ctx: &Context<'_>,
        principal: &Principal,
        row: E::ActiveModel,
        now: DateTime<Utc>,
    ) -> Result<E::Model, ApiError> {
        let txn = crate::db::begin_write(ctx.data::<AppState>().map_err(internal)?.db()).await?;
        let saved = row.insert(&txn).await.map_err(|e| db_error_among(e, self.unique))?;
        let id = write::row_id::<E>(&saved)?;
        self.writable(&txn, principal, id).await?;
        (self.check)(&txn, &saved).await?;
        let entry = Entry::by(principal, self.actions[0], E::default().table_name(), id)
            .with_changes(created(&saved));
        audit(ctx, &txn, entry, now).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Applies checked changes to the row `id` if it is still at `version`, with its audit
    /// entry; the row must be writable by the caller before and after.
    pub async fn update(
        &self,
        ctx: &Context<'_>,
        principal: &Principal,
        id: &ID,
        version: i32,
        changes: E::ActiveModel,
        now: DateTime<Utc>,
    ) -> Result<E::Model, ApiError> {
        let txn = crate::db::begin_write(ctx.data::<AppState>().map_err(internal)?.db()).await?;
        let before = write::target::<E>(&txn, principal, id, self.what).await?;
        let id = write::row_id::<E>(&before)?;
        self.writable(&txn, principal, id).await?;
        let after = write::update_versioned_with::<E>(&txn, id, version, changes, |e| {
            db_error_among(e, self.unique)
        })
        .await?;
        self.writable(&txn, principal, id).await?;
        (self.check)(&txn, &after).await?;
        let entry = Entry::by(principal, self.actions[1], E::default().table_name(), id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Deletes the row `id`, with its audit entry keeping what it held; CONFLICT when other
    /// records still refer to it.
    pub async fn delete(
        &self,
        ctx: &Context<'_>,
        principal: &Principal,
        id: &ID,
        now: DateTime<Utc>,
    ) -> Result<ID, ApiError> {
        let txn = crate::db::begin_write(ctx.data::<AppState>().map_err(internal)?.db()).await?;
        let before = write::target::<E>(&txn, principal, id, self.what).await?;
        let id = write::row_id::<E>(&before)?;
        self.writable(&txn, principal, id).await?;
        E::delete_many()
            .filter(write::column::<E>("id")?.eq(id))
            .exec(&txn)
            .await
            .map_err(|e| db_error_among(e, &[]))?;
        let entry = Entry::by(principal, self.actions[2], E::default().table_name(), id)
            .with_changes(removed(&before));
        audit(ctx, &txn, entry, now).await?;
        txn.commit().await?;
        Ok(ID::from(id.to_string()))
    }

    /// FORBIDDEN unless the row `id` is visible to the caller and in its write scope.
    async fn writable(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        principal: &Principal,
        id: i32,
    ) -> Result<(), ApiError> {
        let found = E::find()
            .filter(write::column::<E>("id")?.eq(id))
            .filter(E::visible_to(principal))
            .filter((self.write_scope)(principal))
            .one(db)
            .await?;
        found.map(|_| ()).ok_or(ApiError::Forbidden)
    }
}

fn internal(err: async_graphql::Error) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("{}", err.message))
}

/// Declares the input type and the create, update and delete mutations of a table.
///
/// ```text
/// crud! {
///     /// Plain edits of regions.
///     RegionMutation: Region(regions) {
///         table: Table { what: "region", actions: […], roles: &[Role::HqAdmin], … },
///         /// The fields of a region.
///         input: RegionInput,
///         /// Creates a region (HQ_ADMIN).
///         create: create_region,
///         /// Changes a region (HQ_ADMIN), if it is still at the version you read.
///         update: update_region,
///         /// Deletes a region nothing refers to (HQ_ADMIN).
///         delete: delete_region,
///     }
///     fields {
///         /// Short code, unique.
///         code: Text<2, 10> => code,
///         /// Whether it operates (default ACTIVE).
///         status: Enum<model::BranchStatus> = model::BranchStatus::Active => status,
///         /// The manager, if any.
///         manager_id: Nullable<Ref<employees::Entity>> => manager_id,
///     }
///     server |principal, now| {}
/// }
/// ```
///
/// A field without `= default` is required on create. `server` sets columns the caller does
/// not give (who reported it, when it was received).
macro_rules! crud {
    (
        $(#[doc = $doc:literal])*
        $mutation:ident: $node:ident($table:ident) {
            table: $rules:expr,
            $(#[doc = $idoc:literal])*
            input: $input:ident,
            $(#[doc = $cdoc:literal])*
            create: $create:ident,
            $(#[doc = $udoc:literal])*
            update: $update:ident,
            $(#[doc = $ddoc:literal])*
            delete: $delete:ident $(,)?
        }
        fields {
            $(
                $(#[doc = $fdoc:literal])*
                $field:ident: $kind:ty $(= $default:expr)? => $col:ident,
            )*
        }
        server |$p:ident, $now:ident| { $($scol:ident: $sexpr:expr),* $(,)? }
    ) => {
        $(#[doc = $idoc])*
        #[doc = ""]
        #[doc = "On create, every field is required unless it is marked optional or names its default."]
        #[derive(async_graphql::InputObject)]
        pub struct $input {
            $(
                $(#[doc = $fdoc])*
                pub $field: <$kind as $crate::graphql::crud::Input>::In,
            )*
        }

        $(#[doc = $doc])*
        #[derive(Default)]
        pub struct $mutation;

        #[async_graphql::Object]
        impl $mutation {
            $(#[doc = $cdoc])*
            async fn $create(
                &self,
                ctx: &async_graphql::Context<'_>,
                input: $input,
            ) -> $crate::error::ApiResult<$node> {
                use $crate::error::IntoGraphql;
                let table: $crate::graphql::crud::Table<$table::Entity> = $rules;
                let $p = $crate::graphql::principal(ctx)?;
                table.allow($p).gql()?;
                let db = ctx.data::<$crate::state::AppState>()?.db();
                let $now = chrono::Utc::now();
                let row = $table::ActiveModel {
                    $(
                        $col: sea_orm::ActiveValue::Set(
                            <$kind as $crate::graphql::crud::Input>::on_create(
                                db,
                                $p,
                                &$crate::graphql::filter::graphql_name(stringify!($field)),
                                input.$field,
                                None$(.or(Some($default)))?,
                            )
                            .await
                            .gql()?,
                        ),
                    )*
                    $( $scol: sea_orm::ActiveValue::Set($sexpr), )*
                    created_at: sea_orm::ActiveValue::Set($now),
                    updated_at: sea_orm::ActiveValue::Set($now),
                    version: sea_orm::ActiveValue::Set(1),
                    ..Default::default()
                };
                table.create(ctx, $p, row, $now).await.map($node).gql()
            }

            $(#[doc = $udoc])*
            async fn $update(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The record to change.")] id: async_graphql::ID,
                #[graphql(desc = "The version of the record you read.")] version: i32,
                input: $input,
            ) -> $crate::error::ApiResult<$node> {
                use $crate::error::IntoGraphql;
                let table: $crate::graphql::crud::Table<$table::Entity> = $rules;
                let $p = $crate::graphql::principal(ctx)?;
                table.allow($p).gql()?;
                let db = ctx.data::<$crate::state::AppState>()?.db();
                let $now = chrono::Utc::now();
                let mut changes = $table::ActiveModel {
                    updated_at: sea_orm::ActiveValue::Set($now),
                    ..Default::default()
                };
                $(
                    if let Some(value) = <$kind as $crate::graphql::crud::Input>::on_update(
                        db,
                        $p,
                        &$crate::graphql::filter::graphql_name(stringify!($field)),
                        input.$field,
                    )
                    .await
                    .gql()?
                    {
                        changes.$col = sea_orm::ActiveValue::Set(value);
                    }
                )*
                table.update(ctx, $p, &id, version, changes, $now).await.map($node).gql()
            }

            $(#[doc = $ddoc])*
            async fn $delete(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The record to delete.")] id: async_graphql::ID,
            ) -> $crate::error::ApiResult<async_graphql::ID> {
                use $crate::error::IntoGraphql;
                let table: $crate::graphql::crud::Table<$table::Entity> = $rules;
                let $p = $crate::graphql::principal(ctx)?;
                table.allow($p).gql()?;
                table.delete(ctx, $p, &id, chrono::Utc::now()).await.gql()
            }
        }
    };
}

pub(crate) use crud;
