//! Closing opportunities: won or lost with stage, probability and closing time set together,
//! the competitors replaced or settled in the same transaction, invalid input named field by
//! field with nothing written, stale versions, the write rules, and audit entries.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

fn id_of(value: &Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("not an id: {value}")).to_owned()
}

const CLOSE: &str = "mutation($id: ID!, $v: Int!, $i: CloseOpportunityInput!) { closeOpportunity(id: $id, version: $v, input: $i) { id status stage probability closedAt lostReason version competitors { competitorId outcome notes } } }";

async fn opportunities_close_as_won_or_lost_with_their_competitors(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (manager, _) = app.login("mgr.sh").await;
    let body = app
        .graphql_as(
            &rep,
            "{ me { employeeId } opportunities(first: 1, filter: { status: { eq: OPEN } }) { edges { node { id version } } } competitors(first: 2) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let me = id_of(&body["data"]["me"]["employeeId"]);
    let mine = &body["data"]["opportunities"]["edges"][0]["node"];
    let (won_id, won_version) = (id_of(&mine["id"]), mine["version"].as_i64().unwrap());
    let competitor = |i: usize| id_of(&body["data"]["competitors"]["edges"][i]["node"]["id"]);
    let (first, second) = (competitor(0), competitor(1));
    // Open deals of 上海 owned by someone else than rep.sh.
    let others = format!(
        "FROM opportunities o JOIN branches b ON b.id = o.branch_id WHERE b.code = 'SH' AND o.status = 'OPEN' AND o.owner_id <> {me}"
    );
    let colleagues = number(&app, &format!("SELECT CAST(MIN(o.id) AS BIGINT) {others}")).await;
    let lost_id = number(&app, &format!("SELECT CAST(MAX(o.id) AS BIGINT) {others}")).await;

    // The rep wins its deal, against one competitor.
    let input = json!({ "outcome": "WON", "competitors": [
        { "competitorId": first, "outcome": "WON", "notes": "竞品报价高 10%" },
    ]});
    let vars = json!({ "id": won_id, "v": won_version, "i": input });
    let body = app.graphql_as(&rep, CLOSE, vars).await;
    let won = &body["data"]["closeOpportunity"];
    assert_eq!(won["status"], "WON", "{body}");
    assert_eq!(won["stage"], "CLOSED_WON");
    assert_eq!(won["probability"], 100);
    assert!(won["closedAt"].is_string());
    assert!(won["lostReason"].is_null());
    assert_eq!(won["version"], won_version + 1);
    assert_eq!(won["competitors"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(won["competitors"][0]["competitorId"], first.as_str());
    assert_eq!(won["competitors"][0]["outcome"], "WON");
    assert_eq!(won["competitors"][0]["notes"], "竞品报价高 10%");
    let q = format!(
        r#"{{ opportunity(id: "{won_id}") {{ status stage probability competitors {{ outcome }} }} }}"#
    );
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["opportunity"]["status"], "WON", "{read}");
    assert_eq!(read["data"]["opportunity"]["stage"], "CLOSED_WON");
    let sql =
        format!("SELECT COUNT(*) FROM opportunity_competitors WHERE opportunity_id = {won_id}");
    assert_eq!(number(&app, &sql).await, 1);

    // A closed deal stays closed.
    let vars = json!({ "id": won_id, "v": won_version + 1, "i": { "outcome": "LOST", "lostReason": "客户预算取消" } });
    let body = app.graphql_as(&rep, CLOSE, vars).await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(message.contains("WON"), "{message}");

    // Invalid closings name the field and change nothing.
    let body = app
        .graphql_as(
            &manager,
            &format!(r#"{{ opportunity(id: "{lost_id}") {{ version }} }}"#),
            json!({}),
        )
        .await;
    let lost_version =
        body["data"]["opportunity"]["version"].as_i64().unwrap_or_else(|| panic!("{body}"));
    let audit_before = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let met_before = number(
        &app,
        &format!("SELECT COUNT(*) FROM opportunity_competitors WHERE opportunity_id = {lost_id}"),
    )
    .await;
    let lost = |reason: &str| json!({ "outcome": "LOST", "lostReason": reason });
    let with = |competitors: Value| json!({ "outcome": "LOST", "lostReason": "价格高于竞品", "competitors": competitors });
    let cases = [
        (json!({ "outcome": "LOST" }), "lostReason"),
        (lost(" "), "lostReason"),
        (lost("贵"), "lostReason"),
        (lost("因".repeat(501).as_str()), "lostReason"),
        (json!({ "outcome": "WON", "lostReason": "价格高于竞品" }), "lostReason"),
        (
            json!({ "outcome": "LOST", "lostReason": "价格高于竞品", "closedAt": "2099-01-01T00:00:00Z" }),
            "closedAt",
        ),
        (
            json!({ "outcome": "LOST", "lostReason": "价格高于竞品", "closedAt": "2001-01-01T00:00:00Z" }),
            "closedAt",
        ),
        (
            with(json!([{ "competitorId": "99999999", "outcome": "WON" }])),
            "competitors[0].competitorId",
        ),
        (
            with(
                json!([{ "competitorId": first, "outcome": "LOST" }, { "competitorId": first, "outcome": "WON" }]),
            ),
            "competitors[1].competitorId",
        ),
        (with(json!([{ "competitorId": first, "outcome": "PENDING" }])), "competitors[0].outcome"),
        (
            with(json!([{ "competitorId": second, "outcome": "LOST", "notes": "注".repeat(501) }])),
            "competitors[0].notes",
        ),
    ];
    for (input, field) in cases {
        let vars = json!({ "id": lost_id.to_string(), "v": lost_version, "i": input });
        let body = app.graphql_as(&manager, CLOSE, vars).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(error(&body).1, field, "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    let sql = format!(
        "SELECT COUNT(*) FROM opportunities WHERE id = {lost_id} AND status = 'OPEN' AND version = {lost_version}"
    );
    assert_eq!(number(&app, &sql).await, 1);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audit_before);

    // Someone changed the deal since the manager read it: CONFLICT, and it stays open.
    app.db
        .execute_unprepared(&format!(
            "UPDATE opportunities SET version = version + 1 WHERE id = {lost_id}"
        ))
        .await
        .unwrap();
    let vars = json!({ "id": lost_id.to_string(), "v": lost_version, "i": lost("价格高于竞品") });
    let body = app.graphql_as(&manager, CLOSE, vars).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    assert_eq!(
        number(
            &app,
            &format!("SELECT COUNT(*) FROM opportunities WHERE id = {lost_id} AND status = 'OPEN'")
        )
        .await,
        1
    );

    // At the current version the manager closes it as lost, without naming competitors: those
    // already recorded stay and are lost too.
    let vars =
        json!({ "id": lost_id.to_string(), "v": lost_version + 1, "i": lost("价格高于竞品") });
    let body = app.graphql_as(&manager, CLOSE, vars).await;
    let closed = &body["data"]["closeOpportunity"];
    assert_eq!(closed["status"], "LOST", "{body}");
    assert_eq!(closed["stage"], "CLOSED_LOST");
    assert_eq!(closed["probability"], 0);
    assert_eq!(closed["lostReason"], "价格高于竞品");
    let met = closed["competitors"].as_array().unwrap();
    assert_eq!(met.len() as i64, met_before);
    assert!(met.iter().all(|c| c["outcome"] == "LOST"), "{body}");

    // A rep closes only its own deals; HQ analysts none.
    let vars = json!({ "id": colleagues.to_string(), "v": 1, "i": { "outcome": "WON" } });
    let body = app.graphql_as(&rep, CLOSE, vars.clone()).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let (analyst, _) = app.login("analyst").await;
    let body = app.graphql_as(&analyst, CLOSE, vars).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let sql =
        format!("SELECT COUNT(*) FROM opportunities WHERE id = {colleagues} AND status = 'OPEN'");
    assert_eq!(number(&app, &sql).await, 1);

    // HQ finds both closings in the audit log, with the competitors replaced.
    let (admin, _) = app.login("admin").await;
    let audit = app
        .graphql_as(&admin, r#"{ auditEntries(filter: { action: { eq: "opportunity.close" } }) { totalCount edges { node { entityId changes } } } }"#, json!({}))
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 2, "{audit}");
    let entry = audit["data"]["auditEntries"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["entityId"] == won_id.as_str())
        .unwrap_or_else(|| panic!("{audit}"));
    assert_eq!(entry["changes"]["status"]["after"], "WON", "{entry}");
    assert_eq!(entry["changes"]["competitors"]["after"][0]["outcome"], "WON", "{entry}");
    app.stop().await;
}

crate::on_both_backends!(opportunities_close_as_won_or_lost_with_their_competitors);
