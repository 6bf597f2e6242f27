//! Report runs: a request is validated and stored as QUEUED; a runner claims it (QUEUED →
//! RUNNING, one atomic update, so two instances never both run it), runs the plugin's query
//! as the requester, builds the document, renders it on the blocking pool and stores the PDF
//! with its checksum (SUCCEEDED), or the reason it could not (FAILED).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::{Request, Variables};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use salesgraph_entities::enums::RunStatus;
use salesgraph_entities::{api_keys, branches, report_files, report_runs, user_accounts};
use salesgraph_report_sdk::{BuildContext, Params, Pdf, RenderMeta, ReportPlugin, Zone};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::auth::{Principal, Viewer};
use crate::error::ApiError;
use crate::graphql::{ReportSchema, with_request_data};
use crate::scope::Scoped;
use crate::state::AppState;

/// Why a report could not be produced, in words for the requester.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

/// The server is stopping: the run goes back to the queue for the next start.
const STOPPING: &str = "the server stopped while rendering the report";

/// A rendered report, its title, and where the time went.
#[derive(Debug)]
pub struct Produced {
    pub title: String,
    pub pdf: Pdf,
    /// Running the plugin's GraphQL query.
    pub query_time: Duration,
    /// Building the document and rendering the PDF.
    pub render_time: Duration,
}

/// The current day in the business time zone.
pub fn today(state: &AppState) -> NaiveDate {
    state.business_day(Utc::now())
}

/// The plugin `kind` and `given` parameters, validated for `principal`: NOT_FOUND for an
/// unknown kind, BAD_USER_INPUT naming the parameter (a `branch` must be one the principal
/// may see).
pub async fn resolve(
    state: &AppState,
    principal: &Principal,
    kind: &str,
    given: &Map<String, Value>,
) -> Result<(Arc<dyn ReportPlugin>, Params), ApiError> {
    let plugin = state.registry().get(kind).cloned().ok_or(ApiError::NotFound("report kind"))?;
    let params = plugin
        .manifest()
        .resolve(given, today(state))
        .map_err(|e| ApiError::bad_input(&format!("params.{}", e.param), e.message))?;
    if let Some(branch) = params.id("branch") {
        let visible = match i32::try_from(branch) {
            Ok(id) => branches::Entity::find_by_id(id)
                .filter(branches::Entity::visible_to(principal))
                .one(state.db())
                .await?
                .is_some(),
            Err(_) => false,
        };
        if !visible {
            return Err(ApiError::bad_input(
                "params.branch",
                format!("there is no branch {branch} in your scope"),
            ));
        }
    }
    Ok((plugin, params))
}

/// Stores a QUEUED run of `kind` requested by `principal`. `archive_key` marks a run of the
/// monthly archive; it is unique, and `None` is returned when another run holds it already.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    principal: &Principal,
    kind: &str,
    params: &Params,
    archive_key: Option<String>,
) -> Result<Option<report_runs::Model>, ApiError> {
    let now = Utc::now();
    let (user, key) = principal.actor.account_ids();
    let branch = params.id("branch").and_then(|b| i32::try_from(b).ok());
    let row = report_runs::ActiveModel {
        kind: Set(kind.to_owned()),
        params: Set(params.to_json()),
        requester_user_id: Set(user),
        requester_api_key_id: Set(key),
        branch_id: Set(branch),
        status: Set(RunStatus::Queued),
        archive_key: Set(archive_key.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    if archive_key.is_none() {
        return Ok(Some(row.insert(conn).await?));
    }
    let inserted = report_runs::Entity::insert(row)
        .on_conflict_do_nothing_on([report_runs::Column::ArchiveKey])
        .exec(conn)
        .await?;
    match inserted {
        sea_orm::TryInsertResult::Inserted(r) => {
            Ok(report_runs::Entity::find_by_id(r.last_insert_id).one(conn).await?)
        }
        _ => Ok(None),
    }
}

/// Claims the QUEUED run `id` and executes it. Returns whether this call ran it (false when
/// another runner claimed it first). Failures are recorded on the run, not returned.
pub async fn execute(state: &AppState, schema: &ReportSchema, id: i32) -> Result<bool, ApiError> {
    let db = state.db();
    let now = Utc::now();
    let claimed = report_runs::Entity::update_many()
        .col_expr(report_runs::Column::Status, Expr::value(RunStatus::Running))
        .col_expr(report_runs::Column::StartedAt, Expr::value(now))
        .col_expr(report_runs::Column::UpdatedAt, Expr::value(now))
        .filter(report_runs::Column::Id.eq(id))
        .filter(report_runs::Column::Status.eq(RunStatus::Queued))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let run = report_runs::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("report run"))?;
    let outcome = run_stored(state, schema, &run).await;
    let finished = Utc::now();
    let mut done = report_runs::ActiveModel {
        id: Set(id),
        finished_at: Set(Some(finished)),
        updated_at: Set(finished),
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    match outcome {
        Ok(produced) => {
            tracing::info!(run = id, kind = %run.kind, pages = produced.pdf.pages, bytes = produced.pdf.bytes.len(), "report run succeeded");
            done.status = Set(RunStatus::Succeeded);
            done.checksum = Set(Some(hex::encode(Sha256::digest(&produced.pdf.bytes))));
            done.size_bytes =
                Set(Some(i32::try_from(produced.pdf.bytes.len()).unwrap_or(i32::MAX)));
            done.pages = Set(Some(i32::try_from(produced.pdf.pages).unwrap_or(i32::MAX)));
            done.title = Set(Some(produced.title));
            report_files::ActiveModel { run_id: Set(id), pdf: Set(produced.pdf.bytes) }
                .insert(&txn)
                .await?;
        }
        Err(Failure(reason)) if reason == STOPPING => {
            tracing::info!(run = id, kind = %run.kind, "report run queued again: the server is stopping");
            done.status = Set(RunStatus::Queued);
            done.started_at = Set(None);
            done.finished_at = Set(None);
        }
        Err(Failure(reason)) => {
            tracing::warn!(run = id, kind = %run.kind, reason = %reason, "report run failed");
            done.status = Set(RunStatus::Failed);
            done.error = Set(Some(reason));
        }
    }
    done.update(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// How long a run may stay RUNNING before it is taken for abandoned (its instance stopped
/// mid-run): rendering takes well under a second.
pub const ABANDONED_AFTER: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Executes every QUEUED run, oldest first, after queueing again the runs abandoned RUNNING
/// by a stopped instance: what a server does at start-up, so that no run is left waiting.
pub async fn resume(state: &AppState, schema: &ReportSchema) -> Result<usize, ApiError> {
    let stale = Utc::now() - ABANDONED_AFTER;
    let requeued = report_runs::Entity::update_many()
        .col_expr(report_runs::Column::Status, Expr::value(RunStatus::Queued))
        .col_expr(report_runs::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(report_runs::Column::Status.eq(RunStatus::Running))
        .filter(report_runs::Column::StartedAt.lt(stale))
        .exec(state.db())
        .await?;
    if requeued.rows_affected > 0 {
        tracing::warn!(runs = requeued.rows_affected, "abandoned report runs queued again");
    }
    let queued: Vec<i32> = report_runs::Entity::find()
        .select_only()
        .column(report_runs::Column::Id)
        .filter(report_runs::Column::Status.eq(RunStatus::Queued))
        .into_tuple()
        .all(state.db())
        .await?;
    let mut ran = 0;
    for id in queued {
        if execute(state, schema, id).await? {
            ran += 1;
        }
    }
    Ok(ran)
}

/// Runs a stored run: its requester's current rights, its stored parameters.
async fn run_stored(
    state: &AppState,
    schema: &ReportSchema,
    run: &report_runs::Model,
) -> Result<Produced, Failure> {
    let plugin = state
        .registry()
        .get(&run.kind)
        .cloned()
        .ok_or_else(|| Failure(format!("this server has no report plugin `{}`", run.kind)))?;
    let principal = requester(state, run).await?;
    let given = run.params.as_object().cloned().unwrap_or_default();
    let params = plugin.manifest().resolve(&given, today(state)).map_err(|e| Failure(e.message))?;
    produce(state, schema, &principal, plugin.as_ref(), &params).await
}

/// The principal a run executes as: its requester as they are now (a disabled account or a
/// revoked key runs nothing), or the server itself for the archive.
async fn requester(state: &AppState, run: &report_runs::Model) -> Result<Principal, Failure> {
    let gone = || Failure("the account that requested this report can no longer use it".into());
    let internal = |e: sea_orm::DbErr| {
        tracing::error!(error = %crate::error::Logged(&e), "cannot load the requester of a report run");
        Failure("internal error while loading the requester".into())
    };
    match (run.requester_user_id, run.requester_api_key_id) {
        (Some(user), _) => {
            let account =
                user_accounts::Entity::find_by_id(user).one(state.db()).await.map_err(internal)?;
            account.filter(|a| a.is_active).map(|a| Principal::of_user(&a)).ok_or_else(gone)
        }
        (None, Some(key)) => {
            let key = api_keys::Entity::find_by_id(key).one(state.db()).await.map_err(internal)?;
            let key =
                key.filter(|k| crate::auth::api_keys::in_force(k, Utc::now())).ok_or_else(gone)?;
            Ok(Principal::of_api_key(&key))
        }
        (None, None) => Ok(Principal::system()),
    }
}

/// Runs the plugin's query as `principal`, builds the document and renders it off the async
/// workers.
pub async fn produce(
    state: &AppState,
    schema: &ReportSchema,
    principal: &Principal,
    plugin: &dyn ReportPlugin,
    params: &Params,
) -> Result<Produced, Failure> {
    let _slot = state.report_slot().await;
    let started = Instant::now();
    let params = &params.clone().in_zone(business_zone(state));
    let query = plugin.query(params);
    let request = Request::new(query.text).variables(Variables::from_json(query.variables));
    let request =
        with_request_data(request, state, Viewer::Authenticated(principal.clone()), None, None);
    let response = schema.0.execute(request).await;
    if !response.errors.is_empty() {
        let messages: Vec<String> = response.errors.iter().map(|e| e.message.clone()).collect();
        return Err(Failure(format!("the report's query failed: {}", messages.join("; "))));
    }
    let data =
        response.data.into_json().map_err(|_| Failure("the report's data is not JSON".into()))?;
    let query_time = started.elapsed();
    let started = Instant::now();
    let generated_at = generated_at(state);
    let audience = super::audience::of(state.db(), principal).await.map_err(|e| {
        tracing::error!(error = %crate::error::Logged(&e), "cannot load the audience of a report");
        Failure("internal error while loading the requester's scope".into())
    })?;
    let document = plugin
        .build(&data, params, &BuildContext::new(generated_at, audience))
        .map_err(|e| Failure(e.to_string()))?;
    let meta = RenderMeta {
        company: state.settings().company_name.clone(),
        generated_at,
        locale: params.locale(),
    };
    let fonts = Arc::clone(state.fonts());
    let title = document.title.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        salesgraph_report_sdk::render(&document, &fonts, &meta)
    })
    .await
    .map_err(|e| {
        if e.is_cancelled() {
            return Failure(STOPPING.into());
        }
        tracing::error!(error = %crate::error::Logged(&e), "report rendering panicked");
        Failure("the report could not be rendered (internal error)".into())
    })?;
    let render_time = started.elapsed();
    tracing::info!(
        kind = plugin.manifest().id,
        query_ms = query_time.as_millis() as u64,
        render_ms = render_time.as_millis() as u64,
        pages = pdf.pages,
        bytes = pdf.bytes.len(),
        "report produced"
    );
    Ok(Produced { title, pdf, query_time, render_time })
}

/// The configured business time zone, for plugins: the offset in force at each day's start.
fn business_zone(state: &AppState) -> Zone {
    let tz = state.settings().time_zone;
    Zone::new(move |day| tz.offset_from_utc_datetime(&day.and_time(NaiveTime::MIN)).fix())
}

fn generated_at(state: &AppState) -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&state.settings().time_zone).fixed_offset()
}
