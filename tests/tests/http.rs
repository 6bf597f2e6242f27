//! The HTTP surface: health, readiness, GraphiQL, request ids, and the first GraphQL query.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};

async fn health_and_readiness_answer(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "the database is reachable");

    // Once the pool is closed the instance reports it is not ready.
    app.db.clone().close().await.unwrap();
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    app.stop().await;
}

async fn graphiql_is_served_and_requests_carry_an_id(backend: Backend) {
    // Off by default (`serve`): a JSON error that says how to turn it on.
    let app = TestApp::spawn(&backend).await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 405);
    assert_eq!(page.headers()["allow"], "POST");
    let body: serde_json::Value = page.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("setting graphiql"));
    app.stop().await;

    let app = TestApp::spawn_with(&backend, |s| s.graphiql = Some(true)).await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let id =
        page.headers().get("x-request-id").expect("request id header").to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert!(page.text().await.unwrap().to_lowercase().contains("graphiql"));

    // A request id sent by the caller is kept.
    let echoed =
        app.client.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "abc-123");
    app.stop().await;
}

async fn branches_come_with_their_region_in_chinese(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let query = "{ branches(orderBy: CODE) { totalCount edges { node { code name city status region { code name } } } } }";
    let response = app.graphql_as(&token, query, json!({})).await;
    assert_eq!(response.get("errors"), None, "{response}");
    assert_eq!(response["data"]["branches"]["totalCount"], 10);
    let edges = response["data"]["branches"]["edges"].as_array().unwrap();
    let branches: Vec<&Value> = edges.iter().map(|e| &e["node"]).collect();
    assert_eq!(branches.len(), 10);
    let shanghai = branches.iter().find(|b| b["code"] == "SH").unwrap();
    assert_eq!(shanghai["name"], "上海分公司");
    assert_eq!(shanghai["status"], "ACTIVE");
    assert_eq!(shanghai["region"], json!({ "code": "EAST", "name": "华东大区" }));
    let guangzhou = branches.iter().find(|b| b["code"] == "GZ").unwrap();
    assert_eq!(guangzhou["region"]["name"], "华南大区");
    let codes: Vec<&str> = branches.iter().map(|b| b["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "ordered by code");
    app.stop().await;
}

async fn unknown_fields_are_graphql_errors_not_crashes(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let response =
        app.graphql_as(&token, "{ branches { edges { node { salary } } } }", json!({})).await;
    let message = response["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("salary"), "{message}");
    app.stop().await;
}

crate::on_both_backends!(
    health_and_readiness_answer,
    graphiql_is_served_and_requests_carry_an_id,
    branches_come_with_their_region_in_chinese,
    unknown_fields_are_graphql_errors_not_crashes,
);
