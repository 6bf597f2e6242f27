//! The GraphQL schema: one module per domain, roots merged here, and the per-request context
//! (the viewer, the client address, the data loaders).

use std::net::IpAddr;

use async_graphql::{Context, EmptySubscription, ID, MergedObject, Request, Schema};

use crate::auth::{Principal, Viewer};
use crate::error::ApiError;
use crate::state::AppState;

pub mod accounts;
pub mod agility;
pub mod analytics;
pub mod auth;
pub mod collaboration;
pub mod communication;
pub mod competition;
pub mod connection;
pub mod crud;
pub mod customers;
pub mod enums;
pub mod errors;
pub mod filter;
pub mod formats;
pub mod history;
pub mod limits;
pub mod loaders;
mod node;
pub mod organisation;
pub mod performance;
pub mod platform;
pub mod reports;
pub mod sales;
pub mod sensitive;
pub mod service;
pub mod targets;
pub mod training;
pub mod write;

/// The query root, merged from the domain modules.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    auth::AuthQuery,
    accounts::AccountQuery,
    organisation::OrganisationQuery,
    communication::CommunicationQuery,
    sales::SalesQuery,
    targets::TargetsQuery,
    agility::AgilityQuery,
    training::TrainingQuery,
    customers::CustomersQuery,
    service::ServiceQuery,
    performance::PerformanceQuery,
    collaboration::CollaborationQuery,
    competition::CompetitionQuery,
    platform::PlatformQuery,
    analytics::AnalyticsQuery,
    targets::tree::TargetTreeQuery,
    reports::ReportsQuery,
);

/// The mutation root, merged from the domain modules.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    auth::AuthMutation,
    accounts::AccountMutation,
    sales::mutations::SalesMutation,
    targets::tree::TargetTreeMutation,
    targets::incentives::IncentiveMutation,
    performance::scoring::ScoringMutation,
    performance::records::ReviewCycleMutation,
    targets::records::IncentivePlanMutation,
    targets::records::IncentiveTierMutation,
    competition::records::MarketSizeEstimateMutation,
    sales::closing::OpportunityMutation,
    communication::mutations::CommunicationMutation,
    collaboration::mutations::CollaborationMutation,
    customers::mutations::CustomersMutation,
    service::mutations::ServiceMutation,
    training::mutations::TrainingMutation,
    competition::mutations::CompetitionMutation,
    organisation::mutations::OrganisationMutation,
    organisation::records::RegionMutation,
    organisation::records::BranchMutation,
    organisation::records::TeamMutation,
    organisation::records::EmployeeMutation,
    organisation::records::CareerLevelMutation,
    agility::mutations::AgilityMutation,
    agility::records::AlertRuleMutation,
    agility::records::MarketSignalMutation,
    agility::records::ContingencyPlanMutation,
    agility::records::PromotionMutation,
    communication::records::ReportTemplateMutation,
    training::records::CourseMutation,
    training::records::TrainingSessionMutation,
    collaboration::records::ProjectMutation,
    competition::records::CompetitorMutation,
    competition::records::CompetitorProductMutation,
    competition::records::CompetitiveStrategyMutation,
    sales::records::ProductCategoryMutation,
    sales::records::ContactMutation,
    sales::records::MarketFeedbackMutation,
    customers::records::CustomerFeedbackMutation,
    service::records::ProductFeedbackMutation,
    reports::ReportsMutation,
);

/// The salesgraph schema.
pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// The `x-request-id` of the request.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The address of the client, for login throttling.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// The deepest selection a query may have.
pub const MAX_DEPTH: usize = 16;
/// The most a client's query may cost (a connection counts its page size times its node's
/// fields).
pub const MAX_COMPLEXITY: usize = 20_000;

/// Builds the schema with the application state as schema data.
pub fn build_schema(state: AppState) -> AppSchema {
    Schema::build(QueryRoot::default(), MutationRoot::default(), EmptySubscription)
        .data(state)
        .extension(errors::Limits { depth: MAX_DEPTH, complexity: Some(MAX_COMPLEXITY) })
        .finish()
}

/// The schema report runs execute on: the same types and scope rules, without the
/// complexity limit. That limit protects the server from clients' queries; a report's query
/// is compiled into the server by a registered plugin, and fetches a month of data at once.
#[derive(Clone)]
pub struct ReportSchema(pub AppSchema);

/// Builds the [`ReportSchema`].
pub fn build_report_schema(state: AppState) -> ReportSchema {
    ReportSchema(
        Schema::build(QueryRoot::default(), MutationRoot::default(), EmptySubscription)
            .data(state)
            .extension(errors::Limits { depth: MAX_DEPTH, complexity: None })
            .finish(),
    )
}

/// Adds what one request needs: who is calling, from where, and data loaders that only see
/// what the caller may see.
pub fn with_request_data(
    request: Request,
    state: &AppState,
    viewer: Viewer,
    client: Option<IpAddr>,
    request_id: Option<String>,
) -> Request {
    let mut request = request;
    // A caller's own request id is kept in the logs; the audit log takes it only when it is
    // a short token, like the UUIDs the server makes.
    let usable = |id: &String| id.len() <= 64 && id.chars().all(|c| c.is_ascii_graphic());
    if let Some(id) = request_id.filter(usable) {
        request = request.data(RequestId(id));
    }
    if let Viewer::Authenticated(principal) = &viewer {
        request = request.data(loaders::Loaders::new(state.clone(), principal.clone()));
    }
    if let Some(ip) = client {
        request = request.data(ClientAddr(ip));
    }
    request.data(viewer)
}

/// The SDL of the schema, as `salesgraph schema` prints it.
pub fn sdl() -> String {
    Schema::build(QueryRoot::default(), MutationRoot::default(), EmptySubscription).finish().sdl()
}

/// The authenticated caller; UNAUTHENTICATED for an anonymous one.
pub fn principal<'c>(ctx: &Context<'c>) -> Result<&'c Principal, async_graphql::Error> {
    use async_graphql::ErrorExtensions;
    match ctx.data_opt::<Viewer>() {
        Some(viewer) => viewer.principal().map_err(|e| e.extend()),
        None => Err(ApiError::Unauthenticated("authentication required").extend()),
    }
}

/// Writes an audit entry of this request (tagged with its request id) on `conn`, which is the
/// transaction of the change.
pub async fn audit<C: sea_orm::ConnectionTrait>(
    ctx: &Context<'_>,
    conn: &C,
    entry: crate::audit::Entry<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let request_id = ctx.data_opt::<RequestId>().map(|r| r.0.clone());
    crate::audit::record(conn, crate::audit::Entry { request_id, ..entry }, now).await
}

/// An id argument as a database id; BAD_USER_INPUT naming `field` when it is not one.
pub fn parse_id(field: &str, id: &ID) -> Result<i32, ApiError> {
    id.parse::<i32>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| ApiError::bad_input(field, "is not a valid id"))
}

/// [`parse_id`] of an optional id argument.
pub fn parse_optional_id(field: &str, id: Option<&ID>) -> Result<Option<i32>, ApiError> {
    id.map(|id| parse_id(field, id)).transpose()
}
