//! PDF downloads: a stored run's file, and the one-step `GET /reports/{kind}.pdf` for people
//! who just want the file. Same credentials as GraphQL; a run the caller may not see is
//! NOT_FOUND, whether it exists or not.

use axum::extract::{Path, Query, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use salesgraph_entities::enums::RunStatus;
use salesgraph_entities::{report_files, report_runs};
use sea_orm::{EntityTrait, QueryFilter};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::runs;
use crate::auth::{Principal, authenticate};
use crate::error::ApiError;
use crate::graphql::ReportSchema;
use crate::scope::Scoped;
use crate::state::AppState;

/// `GET /reports/runs/{id}/pdf`: the PDF of a succeeded run.
pub async fn run_pdf(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let principal = match caller(&state, &headers).await {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let Ok(id) = id.parse::<i32>() else { return error(&ApiError::NotFound("report run")) };
    let found = report_runs::Entity::find_by_id(id)
        .filter(report_runs::Entity::visible_to(&principal))
        .one(state.db())
        .await;
    match found {
        Ok(Some(run)) => respond(&state, &run, &headers).await,
        Ok(None) => error(&ApiError::NotFound("report run")),
        Err(e) => error(&e.into()),
    }
}

/// `GET /reports/{kind}.pdf?param=value…`: generates the report now, as the caller, and
/// returns the file. The run is stored like any other.
pub async fn generate_pdf(
    State((state, schema)): State<(AppState, ReportSchema)>,
    Path(file): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let principal = match caller(&state, &headers).await {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let Some(kind) = file.strip_suffix(".pdf") else {
        return error(&ApiError::NotFound("report kind"));
    };
    let given: Map<String, Value> = query.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    let result = async {
        let (_, params) = runs::resolve(&state, &principal, kind, &given).await?;
        let run = runs::enqueue(state.db(), &principal, kind, &params, None)
            .await?
            .ok_or(ApiError::NotFound("report run"))?;
        runs::execute(&state, &schema, run.id).await?;
        report_runs::Entity::find_by_id(run.id)
            .one(state.db())
            .await?
            .ok_or(ApiError::NotFound("report run"))
    }
    .await;
    match result {
        Ok(run) => respond(&state, &run, &headers).await,
        Err(e) => error(&e),
    }
}

/// The run's PDF (read only when the run has one), or why there is none.
async fn respond(state: &AppState, run: &report_runs::Model, headers: &HeaderMap) -> Response {
    let file = if run.status == RunStatus::Succeeded {
        match report_files::Entity::find_by_id(run.id).one(state.db()).await {
            Ok(file) => file,
            Err(e) => return error(&e.into()),
        }
    } else {
        None
    };
    serve(run, file.as_ref().map(|f| f.pdf.as_slice()), headers)
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let header = headers.get(AUTHORIZATION).map(|v| v.to_str().unwrap_or("\u{0}"));
    let viewer = authenticate(state, header).await?;
    viewer.principal().cloned()
}

/// The PDF of a run, or why there is none.
fn serve(run: &report_runs::Model, pdf: Option<&[u8]>, headers: &HeaderMap) -> Response {
    match (run.status, pdf, &run.checksum) {
        (RunStatus::Succeeded, Some(pdf), Some(checksum)) => {
            let etag = format!("\"{checksum}\"");
            let matches = headers
                .get(IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
            let mut response = if matches {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                let mut r = pdf.to_vec().into_response();
                r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
                r
            };
            let h = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&etag) {
                h.insert(ETAG, v);
            }
            h.insert(
                CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=0, must-revalidate"),
            );
            let name = run.title.clone().unwrap_or_else(|| run.kind.clone());
            if let Ok(v) = HeaderValue::from_str(&disposition(&name)) {
                h.insert(CONTENT_DISPOSITION, v);
            }
            response
        }
        (RunStatus::Failed, ..) => {
            let reason = run.error.clone().unwrap_or_default();
            json(
                StatusCode::UNPROCESSABLE_ENTITY,
                "BAD_USER_INPUT",
                &format!("the report failed: {reason}"),
            )
        }
        _ => {
            json(StatusCode::CONFLICT, "CONFLICT", "the report is not ready yet; try again shortly")
        }
    }
}

/// RFC 3986 unreserved characters stay as they are in `filename*` (RFC 5987 attr-char).
const ATTR: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `attachment` with an ASCII fallback name and the real (Chinese) name as `filename*`
/// (RFC 6266).
pub fn disposition(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let file = format!("{}.pdf", cleaned.trim());
    let ascii: String = file
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_. ()".contains(c) { c } else { '_' })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8_percent_encode(&file, ATTR)
    )
}

fn error(err: &ApiError) -> Response {
    let status = match err {
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden | ApiError::ForbiddenField { .. } => StatusCode::FORBIDDEN,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        ApiError::Conflict { .. } => StatusCode::CONFLICT,
        ApiError::Internal(cause) => {
            tracing::error!(error = %crate::error::Logged(cause.as_ref()), "report download failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let mut body = serde_json::json!({ "message": err.to_string(), "code": err.code() });
    if let ApiError::BadUserInput { field, .. } = err {
        body["field"] = Value::String(field.clone());
    }
    (status, [(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn json(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "message": message, "code": code });
    (status, [(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn file_names_keep_chinese_in_filename_star() {
        assert_eq!(
            disposition("2026年10月 月度经营回顾"),
            "attachment; filename=\"2026_10_ ______.pdf\"; filename*=UTF-8''2026%E5%B9%B410%E6%9C%88%20%E6%9C%88%E5%BA%A6%E7%BB%8F%E8%90%A5%E5%9B%9E%E9%A1%BE.pdf"
        );
        assert!(disposition("a/b\"c").starts_with("attachment; filename=\"a_b_c.pdf\""));
    }
}
