//! Organisation: regions and branches.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, Object, SimpleObject};
use salesgraph_entities::{branches, enums::BranchStatus, regions};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::principal;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::scope::Scoped;
use crate::state::AppState;

/// A sales region (大区) that groups branches.
#[derive(SimpleObject, Clone)]
pub struct Region {
    /// Identifier.
    pub id: ID,
    /// Short code, unique, such as `EAST`.
    pub code: String,
    /// Display name, such as 华东大区.
    pub name: String,
}

impl From<regions::Model> for Region {
    fn from(m: regions::Model) -> Self {
        Self { id: m.id.into(), code: m.code, name: m.name }
    }
}

/// A branch office (分公司).
#[derive(Clone)]
pub struct Branch(branches::Model);

/// A branch office (分公司).
#[Object]
impl Branch {
    /// Identifier.
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    /// Short code, unique, such as `SH`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Display name, such as 上海分公司.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// City the branch is in.
    async fn city(&self) -> &str {
        &self.0.city
    }
    /// Whether the branch is active.
    async fn active(&self) -> bool {
        self.0.status == BranchStatus::Active
    }
    /// The region the branch belongs to.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Region> {
        let loader = ctx.data::<async_graphql::dataloader::DataLoader<RegionLoader>>()?;
        loader.load_one(self.0.region_id).await?.ok_or(ApiError::NotFound("region")).gql()
    }
}

/// Queries of the organisation domain.
#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// The branches the caller may see, ordered by code.
    async fn branches(&self, ctx: &Context<'_>) -> ApiResult<Vec<Branch>> {
        let principal = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let rows = branches::Entity::find()
            .filter(branches::Entity::visible_to(principal))
            .order_by_asc(branches::Column::Code)
            .all(state.db())
            .await
            .gql()?;
        Ok(rows.into_iter().map(Branch).collect())
    }
}

/// Loads the regions a caller may see by id, in one query per batch.
pub struct RegionLoader {
    state: AppState,
    principal: Principal,
}

impl RegionLoader {
    /// A loader reading, for `principal`, from the application's database.
    pub fn new(state: AppState, principal: Principal) -> Self {
        Self { state, principal }
    }
}

impl Loader<i32> for RegionLoader {
    type Value = Region;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Region>, Self::Error> {
        let rows = regions::Entity::find()
            .filter(regions::Column::Id.is_in(keys.iter().copied()))
            .filter(regions::Entity::visible_to(&self.principal))
            .all(self.state.db())
            .await
            .gql()?;
        Ok(rows.into_iter().map(|m| (m.id, Region::from(m))).collect())
    }
}
