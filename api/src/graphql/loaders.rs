//! The data loaders of one request: every nested relation is loaded in one query per batch,
//! and every batch is filtered by the caller's scope, so a nested path shows no more than the
//! top-level lists do.

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::Context;
use async_graphql::Lookahead;
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::{ColumnTrait, EntityTrait, Iden, ModelTrait, QueryFilter, QueryOrder, Value};

use super::connection::{ModelOf, Node};
use super::filter::graphql_name;
use super::principal;
use crate::auth::Principal;
use crate::error::{ApiResult, IntoGraphql};
use crate::scope::Scoped;
use crate::state::AppState;

/// How long a loader gathers keys before it queries. Lists do not rely on it: a connection
/// prefetches the relations its selection asks for (see [`prefetch_belongs`]), so its nested
/// fields are answered from the loaders' caches whatever the page size.
const BATCH_WINDOW: Duration = Duration::from_millis(1);

/// The loaders of one request, created when first used.
pub struct Loaders {
    state: AppState,
    principal: Principal,
    made: Mutex<HashMap<(TypeId, String), Arc<dyn Any + Send + Sync>>>,
}

impl Loaders {
    /// Loaders reading for `principal`.
    pub fn new(state: AppState, principal: Principal) -> Self {
        Self { state, principal, made: Mutex::default() }
    }

    fn get<L>(&self, column: String, make: impl FnOnce() -> L) -> Arc<DataLoader<L, HashMapCache>>
    where
        L: Loader<i32> + 'static,
    {
        let key = (TypeId::of::<L>(), column);
        let mut made = self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(loader) = made.get(&key).and_then(|l| Arc::clone(l).downcast().ok()) {
            return loader;
        }
        // Batches run in tasks of their own: keep them in the request's span.
        let spawn = |batch| tokio::spawn(tracing::Instrument::in_current_span(batch));
        let loader = Arc::new(
            DataLoader::with_cache(make(), spawn, HashMapCache::default()).delay(BATCH_WINDOW),
        );
        made.insert(key, loader.clone());
        loader
    }
}

fn id_value(value: Value) -> Option<i32> {
    match value {
        Value::Int(Some(v)) => Some(v),
        Value::BigInt(Some(v)) => i32::try_from(v).ok(),
        _ => None,
    }
}

/// Loads rows of `E` by id.
pub struct ById<E: Scoped> {
    state: AppState,
    principal: Principal,
    id: E::Column,
}

impl<E: Scoped> Loader<i32> for ById<E>
where
    E::Model: Clone + Send + Sync,
{
    type Value = E::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, E::Model>, Self::Error> {
        let rows = E::find()
            .filter(self.id.is_in(keys.iter().copied()))
            .filter(E::visible_to(&self.principal))
            .all(self.state.db())
            .await
            .gql()?;
        Ok(rows.into_iter().filter_map(|m| Some((id_value(m.get(self.id))?, m))).collect())
    }
}

/// Loads the rows of `E` whose `parent` column holds the key, ordered by id.
pub struct ByParent<E: Scoped> {
    state: AppState,
    principal: Principal,
    parent: E::Column,
    id: E::Column,
}

impl<E: Scoped> Loader<i32> for ByParent<E>
where
    E::Model: Clone + Send + Sync,
{
    type Value = Vec<E::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Vec<E::Model>>, Self::Error> {
        let rows = E::find()
            .filter(self.parent.is_in(keys.iter().copied()))
            .filter(E::visible_to(&self.principal))
            .order_by_asc(self.id)
            .all(self.state.db())
            .await
            .gql()?;
        let mut grouped: HashMap<i32, Vec<E::Model>> = HashMap::new();
        for row in rows {
            if let Some(parent) = id_value(row.get(self.parent)) {
                grouped.entry(parent).or_default().push(row);
            }
        }
        Ok(grouped)
    }
}

/// A loader of `N` by id for this request.
fn by_id<N: Node>(loaders: &Loaders) -> Arc<DataLoader<ById<N::Entity>, HashMapCache>>
where
    ModelOf<N>: Clone + Send + Sync,
{
    loaders.get(String::new(), || ById::<N::Entity> {
        state: loaders.state.clone(),
        principal: loaders.principal.clone(),
        id: N::id_column(),
    })
}

/// A loader of the `N`s whose `parent` column holds the key, for this request.
fn by_parent<N: Node>(
    loaders: &Loaders,
    parent: <N::Entity as EntityTrait>::Column,
) -> Arc<DataLoader<ByParent<N::Entity>, HashMapCache>>
where
    ModelOf<N>: Clone + Send + Sync,
{
    loaders.get(parent.to_string(), || ByParent::<N::Entity> {
        state: loaders.state.clone(),
        principal: loaders.principal.clone(),
        parent,
        id: N::id_column(),
    })
}

/// When the relation `relation` (a field of the nodes of `selection`, named in snake case) is
/// selected, loads the `N`s the `keys` point at in one query, then what is selected below
/// them, and leaves them in the loader's cache: the relation's resolvers then find every row
/// there, so a page of any size costs one query per selected relation. The query runs at
/// once, without the loader's batching window.
pub async fn prefetch_belongs<N: Node>(
    ctx: &Context<'_>,
    selection: &Lookahead<'_>,
    relation: &'static str,
    keys: Vec<i32>,
) -> ApiResult<()>
where
    ModelOf<N>: Clone + Send + Sync,
{
    let below = selection.field(&graphql_name(relation));
    let keys: Vec<i32> = keys.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
    if !below.exists() || keys.is_empty() {
        return Ok(());
    }
    let loader = by_id::<N>(loaders(ctx)?);
    let rows = loader.loader().load(&keys).await?;
    let models: Vec<&ModelOf<N>> = rows.values().collect();
    N::prefetch(ctx, &below, &models).await?;
    loader.feed_many(rows).await;
    Ok(())
}

/// Like [`prefetch_belongs`], for the children whose `parent` column holds one of `keys`.
pub async fn prefetch_has_many<N: Node>(
    ctx: &Context<'_>,
    selection: &Lookahead<'_>,
    relation: &'static str,
    parent: <N::Entity as EntityTrait>::Column,
    keys: Vec<i32>,
) -> ApiResult<()>
where
    ModelOf<N>: Clone + Send + Sync,
{
    let below = selection.field(&graphql_name(relation));
    if !below.exists() || keys.is_empty() {
        return Ok(());
    }
    let loader = by_parent::<N>(loaders(ctx)?, parent);
    let mut children = loader.loader().load(&keys).await?;
    let models: Vec<&ModelOf<N>> = children.values().flatten().collect();
    N::prefetch(ctx, &below, &models).await?;
    // Parents without children are cached too, as empty lists.
    for key in keys {
        children.entry(key).or_default();
    }
    loader.feed_many(children).await;
    Ok(())
}

fn loaders<'c>(ctx: &Context<'c>) -> ApiResult<&'c Loaders> {
    principal(ctx)?;
    ctx.data::<Loaders>()
}

/// The `N` a foreign key points at; null when there is none or the caller may not see it.
pub async fn belongs<N: Node>(
    ctx: &Context<'_>,
    key: impl Into<Option<i32>>,
) -> ApiResult<Option<N>>
where
    ModelOf<N>: Clone + Send + Sync,
{
    let Some(key) = key.into() else { return Ok(None) };
    let loaders = loaders(ctx)?;
    Ok(by_id::<N>(loaders).load_one(key).await?.map(N::wrap))
}

/// The `N`s whose `parent` column holds `key`, that the caller may see, ordered by id.
pub async fn has_many<N: Node>(
    ctx: &Context<'_>,
    parent: <N::Entity as EntityTrait>::Column,
    key: i32,
) -> ApiResult<Vec<N>>
where
    ModelOf<N>: Clone + Send + Sync,
{
    let loaders = loaders(ctx)?;
    let rows = by_parent::<N>(loaders, parent).load_one(key).await?;
    Ok(rows.unwrap_or_default().into_iter().map(N::wrap).collect())
}
