//! Review cycles: each reviews exactly one month, quarter or year, and no two cycles of one
//! kind review the same days, on create and on update alike.

use serde_json::json;

use crate::helpers::{Backend, TestApp, error, number};

const CREATE: &str = "mutation($i: ReviewCycleInput!) { createReviewCycle(input: $i) { id periodKind periodStart periodEnd version } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: ReviewCycleInput!) { updateReviewCycle(id: $id, version: $v, input: $i) { id periodKind periodStart periodEnd version } }";

async fn review_cycles_review_one_period_of_their_kind_once(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let cycle = |name: &str, kind: &str, from: &str, to: &str| json!({ "i": { "name": name, "periodKind": kind, "periodStart": from, "periodEnd": to } });
    let cycles = "SELECT COUNT(*) FROM review_cycles";
    let count = number(&app, cycles).await;

    // A period that is not one month, quarter or year of the cycle's kind.
    for (kind, from, to, field) in [
        ("MONTH", "2027-01-01", "2027-03-31", "periodEnd"),
        ("MONTH", "2027-01-05", "2027-02-04", "periodStart"),
        ("MONTH", "2027-02-01", "2027-02-27", "periodEnd"),
        ("QUARTER", "2027-02-01", "2027-04-30", "periodStart"),
        ("QUARTER", "2027-01-01", "2027-02-28", "periodEnd"),
        ("QUARTER", "2027-01-01", "2027-06-30", "periodEnd"),
        ("YEAR", "2027-01-01", "2027-06-30", "periodEnd"),
        ("YEAR", "2027-04-01", "2028-03-31", "periodStart"),
    ] {
        let body = app.graphql_as(&admin, CREATE, cycle("错误周期", kind, from, to)).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("BAD_USER_INPUT", field),
            "{kind} {from}..{to}: {body}"
        );
    }
    assert_eq!(number(&app, cycles).await, count, "nothing written");

    // One of each kind over the same days is fine: they review different periods.
    let mut ids = Vec::new();
    for (name, kind, from, to) in [
        ("2027年1月绩效考核", "MONTH", "2027-01-01", "2027-01-31"),
        ("2027年第1季度绩效考核", "QUARTER", "2027-01-01", "2027-03-31"),
        ("2027年度绩效考核", "YEAR", "2027-01-01", "2027-12-31"),
        ("2027年第2季度绩效考核", "QUARTER", "2027-04-01", "2027-06-30"),
    ] {
        let body = app.graphql_as(&admin, CREATE, cycle(name, kind, from, to)).await;
        let created = &body["data"]["createReviewCycle"];
        assert_eq!(
            (created["periodKind"].as_str(), created["periodEnd"].as_str()),
            (Some(kind), Some(to)),
            "{body}"
        );
        ids.push(created["id"].as_str().unwrap().to_owned());
    }

    // Two cycles of one kind for the same period: refused, the seeded quarter included.
    for (kind, from, to) in [
        ("QUARTER", "2027-01-01", "2027-03-31"),
        ("QUARTER", "2026-10-01", "2026-12-31"),
        ("MONTH", "2027-01-01", "2027-01-31"),
    ] {
        let body = app.graphql_as(&admin, CREATE, cycle("重复考核", kind, from, to)).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("CONFLICT", "periodStart"),
            "{kind} {from}: {body}"
        );
    }

    // On update alike: moved onto another cycle's quarter, or no longer one period.
    let (month, second_quarter) = (&ids[0], &ids[3]);
    let body = app
        .graphql_as(&admin, UPDATE, json!({ "id": second_quarter, "v": 1, "i": { "periodStart": "2027-01-01", "periodEnd": "2027-03-31" } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "periodStart"), "{body}");
    let body = app
        .graphql_as(
            &admin,
            UPDATE,
            json!({ "id": second_quarter, "v": 1, "i": { "periodEnd": "2027-05-31" } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "periodEnd"), "{body}");
    let body = app
        .graphql_as(
            &admin,
            UPDATE,
            json!({ "id": month, "v": 1, "i": { "periodKind": "QUARTER" } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "periodEnd"), "{body}");
    let kept = format!(
        "SELECT COUNT(*) FROM review_cycles WHERE id IN ({month}, {second_quarter}) AND version = 1"
    );
    assert_eq!(number(&app, &kept).await, 2, "both cycles are as they were");
    let body = app
        .graphql_as(&admin, UPDATE, json!({ "id": second_quarter, "v": 1, "i": { "periodStart": "2027-07-01", "periodEnd": "2027-09-30" } }))
        .await;
    let moved = &body["data"]["updateReviewCycle"];
    assert_eq!(
        (moved["periodStart"].as_str(), moved["version"].as_i64()),
        (Some("2027-07-01"), Some(2)),
        "{body}"
    );
    app.stop().await;
}

crate::on_both_backends!(review_cycles_review_one_period_of_their_kind_once);
