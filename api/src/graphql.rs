//! The GraphQL schema: one module per domain, roots merged here.

use async_graphql::dataloader::DataLoader;
use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};

use crate::state::AppState;

pub mod organisation;

/// The query root, merged from the domain modules.
#[derive(MergedObject, Default)]
pub struct QueryRoot(organisation::OrganisationQuery);

/// The salesgraph schema.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Builds the schema with the application state as schema data.
pub fn build_schema(state: AppState) -> AppSchema {
    let loader = DataLoader::new(organisation::RegionLoader::new(state.clone()), tokio::spawn);
    Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        .data(state)
        .data(loader)
        .limit_depth(16)
        .limit_complexity(5_000)
        .finish()
}

/// The SDL of the schema, as `salesgraph schema` prints it.
pub fn sdl() -> String {
    Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription).finish().sdl()
}
