//! Reports over GraphQL: the kinds on offer (`reportKinds`) and `generateReport`, which
//! queues a run and returns it at once; `reportRun` / `reportRuns` follow it to SUCCEEDED or
//! FAILED, and the PDF is downloaded from `downloadUrl`.

use async_graphql::{Context, Enum, Json, Object, SimpleObject};
use salesgraph_report_sdk::{Locale, ParamKind, ReportPlugin};
use serde_json::{Map, Value};

use super::platform::ReportRun;
use super::{ReportSchema, principal};
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::reports::runs;
use crate::state::AppState;

/// A report the server can generate: what its plugin's manifest says.
#[derive(SimpleObject)]
pub struct ReportKind {
    /// The plugin id, as `generateReport(kind:)` takes it, such as `monthly-review`.
    id: String,
    /// The title in Chinese.
    title_zh: String,
    /// The title in English.
    title_en: String,
    /// What the report shows, in Chinese.
    description_zh: String,
    /// What the report shows, in English.
    description_en: String,
    /// The parameters; every one has a default. `locale` (`zh-CN` or `en`) is always taken too.
    params: Vec<ReportParam>,
}

/// One parameter of a report.
#[derive(SimpleObject)]
pub struct ReportParam {
    /// The name to use in `generateReport(params:)` and in download URLs.
    name: String,
    /// What it means, in Chinese.
    label_zh: String,
    /// What it means, in English.
    label_en: String,
    /// Its type.
    kind: ReportParamKind,
    /// For ID parameters: what the id is of, such as `branch`.
    entity: Option<String>,
    /// For CHOICE parameters: the accepted values.
    options: Vec<String>,
    /// The value used when the parameter is left out, as the API would send it (a month as
    /// `YYYY-MM`: the last complete month today); null for "none" (all, or the latest).
    default: Option<String>,
}

/// The type of a report parameter.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ReportParamKind {
    /// A calendar month, `YYYY-MM`.
    Month,
    /// The id of a record.
    Id,
    /// One of the listed options.
    Choice,
}

fn describe(plugin: &dyn ReportPlugin, state: &AppState) -> ReportKind {
    let m = plugin.manifest();
    let defaults = m.resolve(&Map::new(), runs::today(state)).ok().map(|p| p.to_json());
    let params = m
        .params
        .iter()
        .map(|p| {
            let (kind, entity, options) = match &p.kind {
                ParamKind::Month => (ReportParamKind::Month, None, Vec::new()),
                ParamKind::Id { entity } => {
                    (ReportParamKind::Id, Some((*entity).to_owned()), Vec::new())
                }
                ParamKind::Choice { options, .. } => (
                    ReportParamKind::Choice,
                    None,
                    options.iter().map(|o| (*o).to_owned()).collect(),
                ),
            };
            let default = defaults
                .as_ref()
                .and_then(|d| d.get(p.name))
                .and_then(Value::as_str)
                .map(str::to_owned);
            ReportParam {
                name: p.name.to_owned(),
                label_zh: p.label.get(Locale::ZhCn).to_owned(),
                label_en: p.label.get(Locale::En).to_owned(),
                kind,
                entity,
                options,
                default,
            }
        })
        .collect();
    ReportKind {
        id: m.id.to_owned(),
        title_zh: m.title.get(Locale::ZhCn).to_owned(),
        title_en: m.title.get(Locale::En).to_owned(),
        description_zh: m.description.get(Locale::ZhCn).to_owned(),
        description_en: m.description.get(Locale::En).to_owned(),
        params,
    }
}

/// Report queries.
#[derive(Default)]
pub struct ReportsQuery;

#[Object]
impl ReportsQuery {
    /// The reports this server can generate, by id.
    async fn report_kinds(&self, ctx: &Context<'_>) -> ApiResult<Vec<ReportKind>> {
        principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        Ok(state.registry().all().map(|p| describe(p.as_ref(), state)).collect())
    }
}

/// Report mutations.
#[derive(Default)]
pub struct ReportsMutation;

#[Object]
impl ReportsMutation {
    /// Asks for a report. The run is returned QUEUED and executed in the background as the
    /// caller (a branch manager's report holds only their branch); follow it with
    /// `reportRun(id)` until it is SUCCEEDED (download it from `downloadUrl`) or FAILED (see
    /// `error`). Parameters left out take their defaults (`reportKinds`); an unknown kind is
    /// NOT_FOUND, a bad parameter BAD_USER_INPUT naming `params.<name>`.
    async fn generate_report(
        &self,
        ctx: &Context<'_>,
        kind: String,
        params: Option<Json<Map<String, Value>>>,
    ) -> ApiResult<ReportRun> {
        let p = principal(ctx)?.clone();
        let state = ctx.data::<AppState>()?;
        let schema = ctx
            .data::<ReportSchema>()
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("no schema in the request data")))
            .gql()?
            .clone();
        let given = params.map(|j| j.0).unwrap_or_default();
        let (_, resolved) = runs::resolve(state, &p, &kind, &given).await.gql()?;
        let run = runs::enqueue(state.db(), &p, &kind, &resolved, None)
            .await
            .gql()?
            .ok_or(ApiError::NotFound("report run"))
            .gql()?;
        let (state, id) = (state.clone(), run.id);
        tokio::spawn(async move {
            if let Err(e) = runs::execute(&state, &schema, id).await {
                tracing::error!(error = %crate::error::Logged(&e), run = id, "report run could not be recorded");
            }
        });
        Ok(ReportRun(run))
    }
}
