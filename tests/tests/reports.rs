//! Reports end to end: runs requested over GraphQL and executed as the requester, PDFs read
//! back and compared with `salesMetrics`, downloads with their headers and refusals, the
//! one-step download, and the monthly archive claimed once.

use std::time::Duration;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use salesgraph_api::graphql::build_report_schema;
use salesgraph_api::reports::archive;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

const GENERATE: &str = "mutation($kind: String!, $params: JSON) {
    generateReport(kind: $kind, params: $params) { id status kind params } }";
const RUN: &str = "query($id: ID!) {
    reportRun(id: $id) { id status error title checksum pages sizeBytes downloadUrl branchId archived } }";

/// Asks for a report and waits until its run has finished; returns the run.
pub async fn generate(app: &TestApp, token: &str, kind: &str, params: Value) -> Value {
    let body = app.graphql_as(token, GENERATE, json!({ "kind": kind, "params": params })).await;
    let run = &body["data"]["generateReport"];
    assert_eq!(run["status"], "QUEUED", "{body}");
    let id = run["id"].as_str().unwrap().to_owned();
    for _ in 0..1200 {
        let body = app.graphql_as(token, RUN, json!({ "id": id })).await;
        let run = body["data"]["reportRun"].clone();
        if run["status"] == "SUCCEEDED" || run["status"] == "FAILED" {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("report run {id} did not finish within a minute");
}

/// Downloads a path with a token; returns the status, the headers and the body.
pub async fn download(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.client.get(app.url(path));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The text of a PDF, without whitespace (lines break where the layout decides).
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text of the PDF");
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF of a succeeded run.
async fn pdf_of(app: &TestApp, token: &str, run: &Value) -> Vec<u8> {
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let (status, headers, body) =
        download(app, Some(token), run["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(
        headers["etag"].to_str().unwrap(),
        format!("\"{}\"", run["checksum"].as_str().unwrap())
    );
    assert_eq!(body.len() as i64, run["sizeBytes"].as_i64().unwrap());
    body
}

/// `salesMetrics` of October 2026 without grouping, as `token` sees it.
async fn october(app: &TestApp, token: &str, fields: &str) -> Value {
    let query = format!(
        "{{ salesMetrics(input: {{ from: \"2026-10-01\", to: \"2026-10-31\" }}) {{ {fields} }} }}"
    );
    let body = app.graphql_as(token, &query, json!({})).await;
    body["data"]["salesMetrics"][0].clone()
}

fn money(v: &Value) -> String {
    salesgraph_report_sdk::money(v.as_str().unwrap().parse::<Decimal>().unwrap())
}

fn percent(v: &Value) -> String {
    salesgraph_report_sdk::percent(v.as_str().unwrap().parse::<Decimal>().unwrap())
}

async fn monthly_review_shows_the_numbers_of_sales_metrics(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let run = generate(&app, &admin, "monthly-review", json!({ "month": "2026-10" })).await;
    let text = pdf_text(&pdf_of(&app, &admin, &run).await);
    assert!(text.contains("月度经营回顾"), "the Chinese title: {text}");
    assert!(run["title"].as_str().unwrap().contains("2026年10月"), "{run}");
    assert!(run["pages"].as_i64().unwrap() >= 2, "{run}");
    let m = october(&app, &admin, "revenue orders attainment").await;
    for figure in [money(&m["revenue"]), percent(&m["attainment"])] {
        assert!(text.contains(&figure), "{figure} (salesMetrics) not in the review");
    }
    // Every branch is ranked in the company review.
    for branch in ["上海分公司", "广州分公司"] {
        assert!(text.contains(branch), "{branch} missing");
    }
}

async fn a_branch_managers_review_holds_only_their_branch(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let run = generate(&app, &manager, "monthly-review", json!({ "month": "2026-10" })).await;
    let text = pdf_text(&pdf_of(&app, &manager, &run).await);
    let own = october(&app, &manager, "revenue").await;
    assert!(text.contains(&money(&own["revenue"])), "Shanghai's revenue is the review's");
    let (admin, _) = app.login("admin").await;
    let company = october(&app, &admin, "revenue").await;
    assert_ne!(own["revenue"], company["revenue"]);
    assert!(!text.contains(&money(&company["revenue"])), "the company's revenue leaked");
    for other in ["广州分公司", "北京分公司", "杭州分公司"] {
        assert!(!text.contains(other), "{other} appears in Shanghai's review");
    }
}

async fn a_failed_run_records_why(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    // Nobody has employee 99999: the plugin cannot build its report.
    let run = generate(&app, &admin, "performance-review", json!({ "employee": "99999" })).await;
    assert_eq!(run["status"], "FAILED", "{run}");
    assert!(run["error"].as_str().is_some_and(|e| !e.is_empty()), "{run}");
    assert_eq!(run["downloadUrl"], Value::Null);
    let (status, _, body) =
        download(&app, Some(&admin), &format!("/reports/runs/{}/pdf", run["id"].as_str().unwrap()))
            .await;
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    // Bad parameters never become runs.
    let body = app
        .graphql_as(
            &admin,
            GENERATE,
            json!({ "kind": "monthly-review", "params": { "month": "2026-13" } }),
        )
        .await;
    assert_eq!(error(&body).0, "BAD_USER_INPUT");
    assert_eq!(error(&body).1, "params.month");
    let body = app
        .graphql_as(
            &admin,
            GENERATE,
            json!({ "kind": "monthly-review", "params": { "branch": "99999" } }),
        )
        .await;
    assert_eq!(error(&body).1, "params.branch");
    let body = app.graphql_as(&admin, GENERATE, json!({ "kind": "no-such-report" })).await;
    assert_eq!(error(&body).0, "NOT_FOUND");
}

async fn downloads_are_refused_outside_the_requesters_scope(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (shanghai, _) = app.login("mgr.sh").await;
    let (guangzhou, _) = app.login("mgr.gz").await;
    let (admin, _) = app.login("admin").await;
    let run = generate(&app, &shanghai, "monthly-review", json!({ "month": "2026-10" })).await;
    let path = run["downloadUrl"].as_str().unwrap().to_owned();
    let (status, _, _) = download(&app, Some(&guangzhou), &path).await;
    assert_eq!(status, 404, "another branch's manager cannot download it");
    let (status, _, _) = download(&app, None, &path).await;
    assert_eq!(status, 401);
    let (status, headers, _) = download(&app, Some(&admin), &path).await;
    assert_eq!(status, 200);
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("filename*=UTF-8''2026%E5%B9%B410%E6%9C%88"), "{disposition}");
    // Private, revalidated by its ETag (not the no-store of GraphQL answers).
    assert_eq!(headers["cache-control"], "private, max-age=0, must-revalidate");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    // The ETag spares a second download.
    let etag = headers["etag"].clone();
    let response = app
        .client
        .get(app.url(&path))
        .bearer_auth(&admin)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 304);
    // Another branch's manager does not even see the run.
    let body = app.graphql_as(&guangzhou, RUN, json!({ "id": run["id"] })).await;
    assert_eq!(body["data"]["reportRun"], Value::Null, "{body}");
}

async fn the_one_step_download_generates_the_file(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let (status, headers, body) =
        download(&app, Some(&admin), "/reports/monthly-review.pdf?month=2026-10&locale=en").await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers["content-type"], "application/pdf");
    let text = pdf_text(&body);
    let m = october(&app, &admin, "revenue").await;
    assert!(text.contains(&money(&m["revenue"])));
    assert!(text.contains("Monthlyreview") || text.contains("MonthlyReview"), "English title");
    let (status, _, body) =
        download(&app, Some(&admin), "/reports/monthly-review.pdf?month=13").await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("BAD_USER_INPUT"), Some("params.month"))
    );
    let (status, _, _) = download(&app, Some(&admin), "/reports/nothing.pdf").await;
    assert_eq!(status, 404);
    let (status, _, _) = download(&app, None, "/reports/monthly-review.pdf").await;
    assert_eq!(status, 401);
}

async fn the_archive_generates_each_review_once(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let schema = build_report_schema(app.state.clone());
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let branches = number(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM branches").await;
    // Two instances at the turn of the month: between them, every review once.
    let (a, b) = tokio::join!(
        archive::run_once(&app.state, &schema, today),
        archive::run_once(&app.state, &schema, today)
    );
    assert_eq!((a.unwrap() + b.unwrap()) as i64, branches + 1);
    let archived = "SELECT CAST(COUNT(*) AS BIGINT) FROM report_runs WHERE archive_key IS NOT NULL";
    assert_eq!(number(&app, archived).await, branches + 1);
    let succeeded = "SELECT CAST(COUNT(*) AS BIGINT) FROM report_runs \
                     WHERE archive_key IS NOT NULL AND status = 'SUCCEEDED'";
    assert_eq!(number(&app, succeeded).await, branches + 1);
    // A later job finds nothing to do.
    assert_eq!(archive::run_once(&app.state, &schema, today).await.unwrap(), 0);
    // A server that was down over two turns of the month catches both up.
    let later = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    assert_eq!(
        archive::run_once(&app.state, &schema, later).await.unwrap() as i64,
        2 * (branches + 1)
    );
    let months = "SELECT CAST(COUNT(DISTINCT SUBSTR(archive_key, 16, 7)) AS BIGINT) FROM report_runs \
                  WHERE archive_key IS NOT NULL";
    assert_eq!(number(&app, months).await, 3, "October, November and December");
    // HQ lists the archive; a branch manager sees their own branch's reviews only.
    let list = "{ reportRuns(first: 50, filter: {}) { totalCount nodes { archived branchId } } }";
    let (admin, _) = app.login("admin").await;
    let body = app.graphql_as(&admin, list, json!({})).await;
    let nodes = body["data"]["reportRuns"]["nodes"].as_array().unwrap().clone();
    assert_eq!(
        nodes.iter().filter(|n| n["archived"] == true).count() as i64,
        3 * (branches + 1),
        "{body}"
    );
    let (manager, _) = app.login("mgr.sh").await;
    let body = app.graphql_as(&manager, list, json!({})).await;
    let nodes = body["data"]["reportRuns"]["nodes"].as_array().unwrap().clone();
    assert_eq!(nodes.len(), 3, "Shanghai's review of each month: {body}");
}

async fn competitor_analysis_shows_win_rates_of_sales_metrics(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let params = json!({ "month": "2026-10", "months": "3" });
    let run = generate(&app, &admin, "competitor-analysis", params).await;
    let text = pdf_text(&pdf_of(&app, &admin, &run).await);
    assert!(text.contains("竞争分析摘要"), "the Chinese title");
    let body = app
        .graphql_as(
            &admin,
            r#"{ salesMetrics(input: { from: "2026-08-01", to: "2026-10-31", groupBy: [COMPETITOR] }) {
                competitor { name } wonDeals lostDeals winRate } }"#,
            json!({}),
        )
        .await;
    let rows = body["data"]["salesMetrics"].as_array().unwrap();
    assert!(!rows.is_empty(), "{body}");
    for row in rows {
        let name = row["competitor"]["name"].as_str().unwrap();
        let (won, lost) = (row["wonDeals"].as_i64().unwrap(), row["lostDeals"].as_i64().unwrap());
        if won + lost == 0 {
            continue;
        }
        // The ranking row: met, won, lost and the win rate, side by side.
        let figures = format!("{}{won}{lost}{}", won + lost, percent(&row["winRate"]));
        assert!(text.contains(name), "{name} missing");
        assert!(text.contains(&figures), "{name}: {figures} (salesMetrics) not in the report");
    }
}

async fn performance_review_renders_the_latest_cycle(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let run = generate(&app, &admin, "performance-review", json!({})).await;
    let text = pdf_text(&pdf_of(&app, &admin, &run).await);
    assert!(text.contains("绩效"), "the Chinese title");
    // The latest cycle that has reviews (a cycle under way has none yet).
    let body = app
        .graphql_as(
            &admin,
            "{ reviewCycles(first: 50) { nodes { id name periodEnd } } reviews(first: 500) { nodes { cycleId } } }",
            json!({}),
        )
        .await;
    let reviewed: Vec<&Value> = body["data"]["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["cycleId"])
        .collect();
    let cycle = body["data"]["reviewCycles"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| reviewed.contains(&&c["id"]))
        .max_by_key(|c| c["periodEnd"].as_str().unwrap().to_owned())
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no reviewed cycle: {body}"));
    let title = run["title"].as_str().unwrap();
    assert!(title.replace(' ', "").contains(&cycle.replace(' ', "")), "{title} names {cycle}");
}

async fn an_employees_performance_review_shows_their_scores(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let body = app
        .graphql_as(
            &admin,
            r#"{ reviews(first: 500, filter: { subjectKind: { eq: EMPLOYEE } }) { nodes {
                cycleId totalScore employee { id name }
                scores { actual score kpi { name unit } } } } }"#,
            json!({}),
        )
        .await;
    let review = body["data"]["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["totalScore"].is_string() && r["scores"].as_array().is_some_and(|s| !s.is_empty())
        })
        .unwrap_or_else(|| panic!("no scored employee review: {body}"))
        .clone();
    let params = json!({ "employee": review["employee"]["id"], "cycle": review["cycleId"] });
    let run = generate(&app, &admin, "performance-review", params).await;
    let text = pdf_text(&pdf_of(&app, &admin, &run).await);
    let number =
        |v: &Value| salesgraph_report_sdk::number(v.as_str().unwrap().parse::<Decimal>().unwrap());
    let name = review["employee"]["name"].as_str().unwrap();
    assert!(text.contains(name), "{name} missing");
    assert!(text.contains(&number(&review["totalScore"])), "total score missing");
    for score in review["scores"].as_array().unwrap() {
        let kpi = score["kpi"]["name"].as_str().unwrap().replace(' ', "");
        assert!(text.contains(&kpi), "KPI {kpi} missing");
        // Actuals read in the KPI's unit (percentages to one decimal), scores as numbers.
        if score["actual"].is_string() {
            let actual = if score["kpi"]["unit"] == "%" {
                percent(&score["actual"])
            } else {
                number(&score["actual"])
            };
            assert!(text.contains(&actual), "{kpi}: actual {actual} missing");
        }
        if score["score"].is_string() {
            assert!(text.contains(&number(&score["score"])), "{kpi}: score missing");
        }
    }
}

async fn start_up_runs_queued_and_abandoned_runs(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let schema = build_report_schema(app.state.clone());
    // The seed queued a company review; another run was left RUNNING by a stopped instance
    // an hour ago, and one started a minute ago is still someone's.
    let params = r#"{"month":"2026-10"}"#;
    let insert = |id: i32, minutes: i64| {
        format!(
            "INSERT INTO report_runs (id, kind, params, requester_user_id, status, started_at, created_at, updated_at) \
             VALUES ({id}, 'monthly-review', '{params}', 1, 'RUNNING', '{at}', '{at}', '{at}')",
            at = (chrono::Utc::now() - chrono::TimeDelta::minutes(minutes)).to_rfc3339()
        )
    };
    for (id, minutes) in [(90, 60), (91, 1)] {
        let sql = insert(id, minutes);
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, &sql).await.unwrap();
    }
    let ran = salesgraph_api::reports::runs::resume(&app.state, &schema).await.unwrap();
    assert_eq!(ran, 2, "the queued run and the abandoned one");
    let status = |id: i32| {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM report_runs WHERE id = {id} AND status = 'SUCCEEDED'"
        )
    };
    assert_eq!(number(&app, &status(1)).await, 1);
    assert_eq!(number(&app, &status(90)).await, 1);
    assert_eq!(number(&app, &status(91)).await, 0, "a run started a minute ago is left alone");
}

async fn report_kinds_describe_every_plugin(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let body = app
        .graphql_as(
            &crate::analytics::admin(),
            "{ reportKinds { id titleZh titleEn params { name kind default } } }",
            json!({}),
        )
        .await;
    let kinds = body["data"]["reportKinds"].as_array().unwrap();
    let ids: Vec<&str> = kinds.iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["competitor-analysis", "monthly-review", "performance-review"]);
    let monthly = &kinds[1];
    assert_eq!(monthly["titleZh"], "月度经营回顾");
    let month =
        monthly["params"].as_array().unwrap().iter().find(|p| p["name"] == "month").unwrap();
    assert_eq!(month["kind"], "MONTH");
    assert!(month["default"].as_str().is_some_and(|d| d.len() == 7), "{month}");
}

crate::on_both_backends!(
    monthly_review_shows_the_numbers_of_sales_metrics,
    a_branch_managers_review_holds_only_their_branch,
    a_failed_run_records_why,
    downloads_are_refused_outside_the_requesters_scope,
    the_one_step_download_generates_the_file,
    the_archive_generates_each_review_once,
    report_kinds_describe_every_plugin,
    competitor_analysis_shows_win_rates_of_sales_metrics,
    performance_review_renders_the_latest_cycle,
    an_employees_performance_review_shows_their_scores,
    start_up_runs_queued_and_abandoned_runs,
);
