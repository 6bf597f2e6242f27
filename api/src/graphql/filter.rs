//! Typed filters of the connections: one input type per kind of column, each turned into a SQL
//! condition that means the same on SQLite and PostgreSQL.
//!
//! [`Field`] ties a column's Rust type to its GraphQL output, its filter input and its cursor
//! encoding; the `node!` macro uses it for every column of every entity.

use async_graphql::{ID, InputObject, InputType, OutputType};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{ColumnTrait, Condition, DbBackend, Value};
use serde_json::Value as Json;

use crate::error::ApiError;

/// The most values an `in` or `notIn` list may hold.
pub const MAX_IN_VALUES: usize = 500;

/// A value read from a cursor: SQL NULL or a value to compare with.
#[derive(Clone, Debug)]
pub enum Cursored {
    Null,
    Value(Value),
}

/// A column type as the API shows it: its GraphQL type, its filter and its cursor encoding.
pub trait Field {
    /// What the field resolves to.
    type Out: OutputType;
    /// The filter input of a column of this type.
    type Filter: InputType;
    /// Whether the column may be NULL.
    const NULLABLE: bool = false;

    /// The value as the API shows it.
    fn out(&self) -> Self::Out;
    /// The condition `filter` puts on `column`; `field` names it in errors.
    fn condition(
        column: impl ColumnTrait,
        filter: &Self::Filter,
        field: &str,
        backend: DbBackend,
    ) -> Result<Condition, ApiError>;
    /// The value as it is kept in a cursor.
    fn to_cursor(&self) -> Json;
    /// A value read back from a cursor; `None` when it is not a value of this type.
    fn from_cursor(value: &Json) -> Option<Cursored>;
}

/// The GraphQL name of a column: `customer_id` → `customerId`.
pub fn graphql_name(column: &str) -> String {
    let mut name = String::with_capacity(column.len());
    let mut upper = false;
    for c in column.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                name.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => name.push(c),
        }
    }
    name
}

/// Checks the length of an `in` / `notIn` list.
pub(super) fn checked<'a, T>(field: &str, values: &'a [T]) -> Result<&'a [T], ApiError> {
    if values.len() > MAX_IN_VALUES {
        let message = format!("lists more than {MAX_IN_VALUES} values");
        return Err(ApiError::bad_input(&graphql_name(field), message));
    }
    Ok(values)
}

/// The `isNull` part every filter has.
pub(super) fn null_check(column: impl ColumnTrait, is_null: Option<bool>) -> Condition {
    match is_null {
        Some(true) => Condition::all().add(column.is_null()),
        Some(false) => Condition::all().add(column.is_not_null()),
        None => Condition::all(),
    }
}

/// Declares the filter of an ordered type (numbers, money, dates) and its [`Field`] impl.
macro_rules! comparable {
    ($(#[$meta:meta])* $filter:ident, $ty:ty, $to_json:expr, $from_json:expr) => {
        comparable!($(#[$meta])* $filter, $ty, $to_json, $from_json, |v: &$ty| v.clone());
    };
    ($(#[$meta:meta])* $filter:ident, $ty:ty, $to_json:expr, $from_json:expr, $show:expr) => {
        $(#[$meta])*
        #[derive(InputObject, Clone, Default)]
        pub struct $filter {
            /// Equal to.
            pub eq: Option<$ty>,
            /// Not equal to.
            pub ne: Option<$ty>,
            /// One of (at most 500 values).
            #[graphql(name = "in")]
            pub in_: Option<Vec<$ty>>,
            /// None of (at most 500 values).
            pub not_in: Option<Vec<$ty>>,
            /// Greater than.
            pub gt: Option<$ty>,
            /// Greater than or equal to.
            pub gte: Option<$ty>,
            /// Less than.
            pub lt: Option<$ty>,
            /// Less than or equal to.
            pub lte: Option<$ty>,
            /// True: the value is missing; false: it is present.
            pub is_null: Option<bool>,
        }

        impl Field for $ty {
            type Out = $ty;
            type Filter = $filter;

            fn out(&self) -> $ty {
                ($show)(self)
            }

            fn condition(
                column: impl ColumnTrait,
                f: &$filter,
                field: &str,
                _: DbBackend,
            ) -> Result<Condition, ApiError> {
                let mut c = null_check(column, f.is_null);
                if let Some(v) = &f.eq {
                    c = c.add(column.eq(v.clone()));
                }
                if let Some(v) = &f.ne {
                    c = c.add(column.ne(v.clone()));
                }
                if let Some(v) = &f.in_ {
                    c = c.add(column.is_in(checked(field, v)?.iter().cloned()));
                }
                if let Some(v) = &f.not_in {
                    c = c.add(column.is_not_in(checked(field, v)?.iter().cloned()));
                }
                if let Some(v) = &f.gt {
                    c = c.add(column.gt(v.clone()));
                }
                if let Some(v) = &f.gte {
                    c = c.add(column.gte(v.clone()));
                }
                if let Some(v) = &f.lt {
                    c = c.add(column.lt(v.clone()));
                }
                if let Some(v) = &f.lte {
                    c = c.add(column.lte(v.clone()));
                }
                Ok(c)
            }

            fn to_cursor(&self) -> Json {
                ($to_json)(self)
            }

            fn from_cursor(value: &Json) -> Option<Cursored> {
                let parsed: Option<$ty> = ($from_json)(value);
                parsed.map(|v| Cursored::Value(v.into()))
            }
        }
    };
}

comparable!(
    /// Conditions on a whole number.
    IntFilter,
    i32,
    |v: &i32| Json::from(*v),
    |v: &Json| v.as_i64().and_then(|n| i32::try_from(n).ok())
);
comparable!(
    /// Conditions on a small whole number, such as a survey score.
    SmallIntFilter,
    i16,
    |v: &i16| Json::from(*v),
    |v: &Json| v.as_i64().and_then(|n| i16::try_from(n).ok())
);
comparable!(
    /// Conditions on an amount of money or another exact decimal.
    DecimalFilter,
    Decimal,
    |v: &Decimal| Json::from(v.to_string()),
    |v: &Json| v.as_str().and_then(|s| s.parse::<Decimal>().ok()),
    // At least two decimals, as PostgreSQL's NUMERIC(18, 2) gives them: SQLite stores
    // decimals as floating point and reads 300.00 back as 300.
    |v: &Decimal| {
        let mut shown = *v;
        if shown.scale() < 2 {
            shown.rescale(2);
        }
        shown
    }
);
comparable!(
    /// Conditions on a calendar date.
    DateFilter,
    NaiveDate,
    |v: &NaiveDate| Json::from(v.to_string()),
    |v: &Json| v.as_str().and_then(|s| s.parse::<NaiveDate>().ok())
);
comparable!(
    /// Conditions on a moment in time (RFC 3339).
    DateTimeFilter,
    DateTime<Utc>,
    |v: &DateTime<Utc>| Json::from(v.to_rfc3339()),
    |v: &Json| v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.to_utc())
);

/// Conditions on a text. `contains` and `startsWith` match literally (`%` and `_` are plain
/// characters); with `caseInsensitive` they, `eq` and `ne` ignore the case of A–Z. Chinese
/// text matches character by character.
#[derive(InputObject, Clone, Default)]
pub struct StringFilter {
    /// Equal to.
    pub eq: Option<String>,
    /// Not equal to.
    pub ne: Option<String>,
    /// One of (at most 500 values).
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    /// None of (at most 500 values).
    pub not_in: Option<Vec<String>>,
    /// Contains this text.
    pub contains: Option<String>,
    /// Starts with this text.
    pub starts_with: Option<String>,
    /// Compare ignoring the case of the letters A–Z (default false).
    pub case_insensitive: Option<bool>,
    /// True: the value is missing; false: it is present.
    pub is_null: Option<bool>,
}

/// `text` with the wildcards of LIKE escaped by a backslash.
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Field for String {
    type Out = String;
    type Filter = StringFilter;

    fn out(&self) -> String {
        self.clone()
    }

    fn condition(
        column: impl ColumnTrait,
        f: &StringFilter,
        field: &str,
        backend: DbBackend,
    ) -> Result<Condition, ApiError> {
        let mut c = null_check(column, f.is_null);
        if let Some(v) = &f.in_ {
            c = c.add(column.is_in(checked(field, v)?.iter().cloned()));
        }
        if let Some(v) = &f.not_in {
            c = c.add(column.is_not_in(checked(field, v)?.iter().cloned()));
        }
        if f.case_insensitive == Some(true) {
            // Both sides folded the same way on both backends: LOWER() and ASCII folding.
            let folded = || Expr::expr(Func::lower(Expr::col(column.as_column_ref())));
            let like = |pattern: String| LikeExpr::new(pattern).escape('\\');
            if let Some(v) = &f.eq {
                c = c.add(folded().eq(v.to_ascii_lowercase()));
            }
            if let Some(v) = &f.ne {
                c = c.add(folded().ne(v.to_ascii_lowercase()));
            }
            if let Some(v) = &f.contains {
                let pattern = format!("%{}%", like_literal(&v.to_ascii_lowercase()));
                c = c.add(folded().like(like(pattern)));
            }
            if let Some(v) = &f.starts_with {
                let pattern = format!("{}%", like_literal(&v.to_ascii_lowercase()));
                c = c.add(folded().like(like(pattern)));
            }
            return Ok(c);
        }
        if let Some(v) = &f.eq {
            c = c.add(column.eq(v.clone()));
        }
        if let Some(v) = &f.ne {
            c = c.add(column.ne(v.clone()));
        }
        // SQLite's LIKE ignores case, so exact matching uses position functions instead.
        let col = || Expr::col(column.as_column_ref());
        if let Some(v) = &f.contains {
            let position = match backend {
                DbBackend::Postgres => Func::cust("strpos").arg(col()).arg(v.clone()),
                _ => Func::cust("instr").arg(col()).arg(v.clone()),
            };
            c = c.add(Expr::expr(position).gt(0));
        }
        if let Some(v) = &f.starts_with {
            // Bound as 32-bit integers: PostgreSQL has no substr(text, bigint, bigint).
            let length = i32::try_from(v.chars().count()).unwrap_or(i32::MAX);
            let prefix = Func::cust("substr").arg(col()).arg(1_i32).arg(length);
            c = c.add(Expr::expr(prefix).eq(v.clone()));
        }
        Ok(c)
    }

    fn to_cursor(&self) -> Json {
        Json::from(self.as_str())
    }

    fn from_cursor(value: &Json) -> Option<Cursored> {
        value.as_str().map(|s| Cursored::Value(s.to_owned().into()))
    }
}

/// Conditions on a yes/no value.
#[derive(InputObject, Clone, Default)]
pub struct BoolFilter {
    /// Equal to.
    pub eq: Option<bool>,
    /// True: the value is missing; false: it is present.
    pub is_null: Option<bool>,
}

impl Field for bool {
    type Out = bool;
    type Filter = BoolFilter;

    fn out(&self) -> bool {
        *self
    }

    fn condition(
        column: impl ColumnTrait,
        f: &BoolFilter,
        _: &str,
        _: DbBackend,
    ) -> Result<Condition, ApiError> {
        let mut c = null_check(column, f.is_null);
        if let Some(v) = f.eq {
            c = c.add(column.eq(v));
        }
        Ok(c)
    }

    fn to_cursor(&self) -> Json {
        Json::from(*self)
    }

    fn from_cursor(value: &Json) -> Option<Cursored> {
        value.as_bool().map(|b| Cursored::Value(b.into()))
    }
}

impl<T: Field> Field for Option<T> {
    type Out = Option<T::Out>;
    type Filter = T::Filter;
    const NULLABLE: bool = true;

    fn out(&self) -> Self::Out {
        self.as_ref().map(T::out)
    }

    fn condition(
        column: impl ColumnTrait,
        f: &T::Filter,
        field: &str,
        backend: DbBackend,
    ) -> Result<Condition, ApiError> {
        T::condition(column, f, field, backend)
    }

    fn to_cursor(&self) -> Json {
        self.as_ref().map_or(Json::Null, T::to_cursor)
    }

    fn from_cursor(value: &Json) -> Option<Cursored> {
        if value.is_null() { Some(Cursored::Null) } else { T::from_cursor(value) }
    }
}

/// Conditions on an identifier.
#[derive(InputObject, Clone, Default)]
pub struct IdFilter {
    /// Equal to.
    pub eq: Option<ID>,
    /// Not equal to.
    pub ne: Option<ID>,
    /// One of (at most 500 values).
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
    /// None of (at most 500 values).
    pub not_in: Option<Vec<ID>>,
    /// True: the reference is missing; false: it is present.
    pub is_null: Option<bool>,
}

/// An identifier column (`id` or a foreign key), shown as a GraphQL `ID`.
pub trait IdField {
    /// `ID`, or `ID` or null.
    type Out: OutputType;
    /// The value as the API shows it.
    fn out_id(&self) -> Self::Out;
}

impl IdField for i32 {
    type Out = ID;
    fn out_id(&self) -> ID {
        ID(self.to_string())
    }
}

impl IdField for Option<i32> {
    type Out = Option<ID>;
    fn out_id(&self) -> Option<ID> {
        self.map(|v| ID(v.to_string()))
    }
}

/// The condition an [`IdFilter`] puts on `column`; a malformed id is BAD_USER_INPUT.
pub fn id_condition(
    column: impl ColumnTrait,
    f: &IdFilter,
    field: &str,
) -> Result<Condition, ApiError> {
    let name = graphql_name(field);
    let parse = |id: &ID| crate::graphql::parse_id(&name, id);
    let parse_all = |ids: &[ID]| -> Result<Vec<i32>, ApiError> {
        checked(field, ids)?.iter().map(parse).collect()
    };
    let mut c = null_check(column, f.is_null);
    if let Some(v) = &f.eq {
        c = c.add(column.eq(parse(v)?));
    }
    if let Some(v) = &f.ne {
        c = c.add(column.ne(parse(v)?));
    }
    if let Some(v) = &f.in_ {
        c = c.add(column.is_in(parse_all(v)?));
    }
    if let Some(v) = &f.not_in {
        c = c.add(column.is_not_in(parse_all(v)?));
    }
    Ok(c)
}

/// A filter input with `and`, `or` and `not`: the condition of the whole tree.
pub trait FilterTree {
    /// The condition this filter puts on the rows.
    fn condition(&self, backend: DbBackend) -> Result<Condition, ApiError>;
}
