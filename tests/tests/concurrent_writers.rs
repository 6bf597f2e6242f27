//! Concurrent writers queue on both backends: versioned updates of different rows all succeed
//! (SQLite takes the write lock when a write transaction begins, so a transaction that read
//! first is never refused its write), and of several writers of one version exactly one wins
//! while the others get CONFLICT, never INTERNAL.

use futures_util::future::join_all;
use serde_json::json;

use crate::analytics::admin;
use crate::helpers::{Backend, TestApp, error};

const CREATE: &str =
    "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id version } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $name: String!) { updateCustomer(id: $id, version: $v, input: { name: $name }) { id version name } }";

async fn versioned_writers_queue_and_only_stale_ones_conflict(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    crate::analytics::company(&app).await;
    let token = admin();
    let mut customers = Vec::new();
    for i in 0..20 {
        let input = json!({ "code": format!("CW{i}"), "name": format!("并发客户{i}"), "branchId": "1", "segment": "SMB", "industry": "制造", "city": "上海" });
        let body = app.graphql_as(&token, CREATE, json!({ "i": input })).await;
        customers.push(body["data"]["createCustomer"].clone());
    }
    // Three rounds of 20 writers on 20 different rows, all at once.
    for round in 0..3 {
        let writes = customers.iter().map(|c| {
            let vars = json!({ "id": c["id"], "v": c["version"].as_i64().unwrap() + round, "name": format!("改名{round}") });
            app.graphql_as(&token, UPDATE, vars)
        });
        for body in join_all(writes).await {
            assert!(body["errors"].is_null(), "round {round}: {body}");
        }
    }
    // Ten writers of one row at the same version: one wins, nine are told CONFLICT on version.
    let target = &customers[0];
    let writes = (0..10).map(|i| {
        app.graphql_as(
            &token,
            UPDATE,
            json!({ "id": target["id"], "v": 4, "name": format!("抢{i}") }),
        )
    });
    let bodies = join_all(writes).await;
    let won = bodies.iter().filter(|b| b["errors"].is_null()).count();
    assert_eq!(won, 1, "{bodies:?}");
    for body in bodies.iter().filter(|b| !b["errors"].is_null()) {
        assert_eq!((error(body).0, error(body).1), ("CONFLICT", "version"), "{body}");
    }
}

crate::on_both_backends!(versioned_writers_queue_and_only_stale_ones_conflict);
