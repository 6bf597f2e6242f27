//! Relay connections over any entity: keyset pagination on the chosen column with the id as
//! tie-breaker, so a cursor stays valid while rows are inserted; the viewer's scope and the
//! filter are applied to every page and to `totalCount`.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ID, Lookahead, Object, OutputType};
use sea_orm::sea_query::{Alias, Expr, NullOrdering, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde_json::{Value as Json, json};

use super::filter::{Cursored, FilterTree};
use super::principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::scope::Scoped;
use crate::state::AppState;

/// The most nodes one page may hold.
pub const MAX_PAGE: i32 = 500;
/// The page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: i32 = 50;

/// The model of a node's entity.
pub type ModelOf<N> = <<N as Node>::Entity as EntityTrait>::Model;

/// A GraphQL object type over the rows of one entity.
pub trait Node: OutputType + Sized + Send + Sync + 'static {
    /// The entity the node shows.
    type Entity: Scoped;
    /// Its filter input.
    type Filter: FilterTree + Send + Sync;
    /// The columns it can be ordered by.
    type Sort: SortKey<Self::Entity>;
    /// What it is called in errors ("order not found").
    const NAME: &'static str;

    /// The node of a row.
    fn wrap(model: ModelOf<Self>) -> Self;
    /// The row's id.
    fn id_of(model: &ModelOf<Self>) -> i32;
    /// The id column.
    fn id_column() -> <Self::Entity as EntityTrait>::Column;
    /// The row the node shows.
    fn model(&self) -> &ModelOf<Self>;
    /// Loads, in one query per relation, the relations `selection` (the node's selection set)
    /// asks for of all `rows`, and recursively what it asks below them.
    fn prefetch<'a>(
        ctx: &'a Context<'_>,
        selection: &'a Lookahead<'a>,
        rows: &'a [&'a ModelOf<Self>],
    ) -> Prefetch<'a>;
}

/// The future of [`Node::prefetch`].
pub type Prefetch<'a> = std::pin::Pin<Box<dyn Future<Output = ApiResult<()>> + Send + 'a>>;

/// A column a connection can be ordered by.
pub trait SortKey<E: EntityTrait>: Copy + Send + Sync {
    /// The ordering by id, used when no `orderBy` is given.
    const ID: Self;
    /// The column.
    fn column(self) -> E::Column;
    /// Its name in cursors.
    fn name(self) -> &'static str;
    /// Whether it may be NULL (NULL sorts before every value).
    fn nullable(self) -> bool;
    /// The row's value of the column, as kept in a cursor.
    fn cursor_value(self, model: &E::Model) -> Json;
    /// A cursor's value read back; `None` when it is not a value of the column's type.
    fn parse_cursor_value(self, value: &Json) -> Option<Cursored>;
}

/// Which way a connection is ordered.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default, Debug)]
pub enum SortDirection {
    /// Smallest first; missing values come first.
    #[default]
    Asc,
    /// Largest first; missing values come last.
    Desc,
}

impl SortDirection {
    fn reversed(self) -> Self {
        match self {
            Self::Asc => Self::Desc,
            Self::Desc => Self::Asc,
        }
    }

    fn order(self) -> Order {
        match self {
            Self::Asc => Order::Asc,
            Self::Desc => Order::Desc,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }
}

/// The complexity of a connection field: its page size times the complexity of a node, so
/// that the complexity limit bounds the rows a request can ask for.
pub fn complexity(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let size = first.or(last).unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    usize::try_from(size).unwrap_or(1).saturating_mul(child_complexity)
}

/// The paging arguments of a connection field.
#[derive(Default, Debug)]
pub struct Page {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Where a page starts: the ordering column's value and the id of a row.
struct Position {
    value: Cursored,
    id: i32,
}

fn encode_cursor(sort: &str, direction: SortDirection, value: Json, id: i32) -> String {
    hex::encode(json!([sort, direction.as_str(), value, id]).to_string())
}

fn decode_cursor<E: EntityTrait, S: SortKey<E>>(
    arg: &str,
    cursor: &str,
    sort: S,
    direction: SortDirection,
) -> Result<Position, ApiError> {
    let invalid = || ApiError::bad_input(arg, "is not a cursor of this connection");
    let bytes = hex::decode(cursor).map_err(|_| invalid())?;
    let parts: Vec<Json> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let [name, dir, value, id] = parts.as_slice() else { return Err(invalid()) };
    if name.as_str() != Some(sort.name()) || dir.as_str() != Some(direction.as_str()) {
        return Err(ApiError::bad_input(
            arg,
            "was made for another orderBy or direction: start again from the first page",
        ));
    }
    let id = id.as_i64().and_then(|v| i32::try_from(v).ok()).ok_or_else(invalid)?;
    let value = sort.parse_cursor_value(value).ok_or_else(invalid)?;
    Ok(Position { value, id })
}

/// The rows that come after `at` when ordered by (`column`, `id`) in `direction`, NULL being
/// smaller than every value.
fn after(
    column: impl ColumnTrait,
    id: impl ColumnTrait,
    at: Position,
    direction: SortDirection,
) -> Condition {
    let next_id = match direction {
        SortDirection::Asc => id.gt(at.id),
        SortDirection::Desc => id.lt(at.id),
    };
    match (at.value, direction) {
        (Cursored::Null, SortDirection::Asc) => Condition::any()
            .add(Condition::all().add(column.is_null()).add(next_id))
            .add(column.is_not_null()),
        (Cursored::Null, SortDirection::Desc) => {
            Condition::all().add(column.is_null()).add(next_id)
        }
        (Cursored::Value(v), SortDirection::Asc) => Condition::any()
            .add(column.gt(v.clone()))
            .add(Condition::all().add(column.eq(v)).add(next_id)),
        (Cursored::Value(v), SortDirection::Desc) => Condition::any()
            .add(column.lt(v.clone()))
            .add(Condition::all().add(column.eq(v)).add(next_id))
            .add(column.is_null()),
    }
}

/// Checks a page size argument.
fn page_size(arg: &str, value: i32) -> Result<u64, ApiError> {
    if !(0..=MAX_PAGE).contains(&value) {
        return Err(ApiError::bad_input(arg, format!("must be between 0 and {MAX_PAGE}")));
    }
    Ok(u64::try_from(value).unwrap_or_default())
}

/// The fields of a connection besides its edges: `totalCount`, counted only when asked for.
pub struct Counted {
    rows: SelectStatement,
}

#[Object]
impl Counted {
    /// How many rows match the filter in the caller's scope, over all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let state = ctx.data::<AppState>()?;
        count(state.db(), self.rows.clone()).await.gql()
    }
}

/// The number of rows of a select.
pub async fn count(db: &impl ConnectionTrait, rows: SelectStatement) -> Result<i64, ApiError> {
    let statement = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(rows, Alias::new("matched"))
        .to_owned();
    let row = db.query_one(&statement).await?;
    let n = match row {
        Some(row) => row.try_get::<i64>("", "n")?,
        None => 0,
    };
    Ok(n)
}

/// A connection of `N`s.
pub type NodeConnection<N> = Connection<String, N, Counted, EmptyFields>;

/// One page of the `N`s the caller may see that match `filter` and `extra` (the condition of
/// a nested connection), ordered by `sort` in `direction` then by id.
pub async fn list<N: Node>(
    ctx: &Context<'_>,
    page: Page,
    filter: Option<N::Filter>,
    sort: Option<N::Sort>,
    direction: Option<SortDirection>,
    extra: Condition,
) -> ApiResult<NodeConnection<N>> {
    let principal = principal(ctx)?;
    let state = ctx.data::<AppState>()?;
    let backend = state.db().get_database_backend();
    let connection =
        page_of::<N>(state.db(), backend, principal, page, filter, sort, direction, extra)
            .await
            .gql()?;
    let selection = ctx.look_ahead();
    let nodes = selection.field("edges").field("node");
    let rows: Vec<_> = connection.edges.iter().map(|e| e.node.model()).collect();
    N::prefetch(ctx, &nodes, &rows).await?;
    Ok(connection)
}

#[allow(clippy::too_many_arguments)]
async fn page_of<N: Node>(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    principal: &crate::auth::Principal,
    page: Page,
    filter: Option<N::Filter>,
    sort: Option<N::Sort>,
    direction: Option<SortDirection>,
    extra: Condition,
) -> Result<NodeConnection<N>, ApiError> {
    if page.first.is_some() && page.last.is_some() {
        return Err(ApiError::bad_input("last", "cannot be combined with first"));
    }
    let direction = direction.unwrap_or_default();
    let id = N::id_column();
    let mut select = <N::Entity as EntityTrait>::find()
        .filter(<N::Entity as Scoped>::visible_to(principal))
        .filter(extra);
    if let Some(filter) = &filter {
        select = select.filter(filter.condition(backend)?);
    }
    let counted = Counted { rows: select.clone().into_query() };

    let backward = page.last.is_some() || (page.before.is_some() && page.first.is_none());
    let (size, cursor_arg) = if backward {
        (page_size("last", page.last.unwrap_or(DEFAULT_PAGE))?, "before")
    } else {
        (page_size("first", page.first.unwrap_or(DEFAULT_PAGE))?, "after")
    };
    let walk = if backward { direction.reversed() } else { direction };
    let sort = sort.unwrap_or(N::Sort::ID);
    let column = sort.column();
    let cursor = if backward { &page.before } else { &page.after };
    if let Some(c) = cursor {
        let at = decode_cursor::<N::Entity, _>(cursor_arg, c, sort, direction)?;
        select = select.filter(after(column, id, at, walk));
    }
    // The other cursor of the pair (after with last, before with first) bounds the page.
    let bound = if backward { &page.after } else { &page.before };
    if let Some(c) = bound {
        let bound_arg = if backward { "after" } else { "before" };
        let at = decode_cursor::<N::Entity, _>(bound_arg, c, sort, direction)?;
        select = select.filter(after(column, id, at, walk.reversed()));
    }
    select = if sort.nullable() {
        let nulls = match walk {
            SortDirection::Asc => NullOrdering::First,
            SortDirection::Desc => NullOrdering::Last,
        };
        select.order_by_with_nulls(column, walk.order(), nulls)
    } else {
        select.order_by(column, walk.order())
    };
    let mut rows = select.order_by(id, walk.order()).limit(size + 1).all(db).await?;
    let more = rows.len() as u64 > size;
    rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    if backward {
        rows.reverse();
    }
    let (has_previous, has_next) =
        if backward { (more, page.before.is_some()) } else { (page.after.is_some(), more) };
    let mut connection = Connection::with_additional_fields(has_previous, has_next, counted);
    connection.edges = rows
        .into_iter()
        .map(|row| {
            let value = sort.cursor_value(&row);
            let cursor = encode_cursor(sort.name(), direction, value, N::id_of(&row));
            Edge::new(cursor, N::wrap(row))
        })
        .collect();
    Ok(connection)
}

/// The `N` with this id, if the caller may see it; NOT_FOUND otherwise (even when it exists
/// outside the caller's scope) and BAD_USER_INPUT for a malformed id.
pub async fn one<N: Node>(ctx: &Context<'_>, id: &ID) -> ApiResult<N> {
    let principal = principal(ctx)?;
    let state = ctx.data::<AppState>()?;
    let id = super::parse_id("id", id).gql()?;
    let row = <N::Entity as EntityTrait>::find()
        .filter(<N::Entity as Scoped>::visible_to(principal))
        .filter(N::id_column().eq(id))
        .one(state.db())
        .await
        .map_err(ApiError::from)
        .and_then(|row| row.ok_or(ApiError::NotFound(N::NAME)))
        .gql()?;
    let selection = ctx.look_ahead();
    N::prefetch(ctx, &selection, &[&row]).await?;
    Ok(N::wrap(row))
}
