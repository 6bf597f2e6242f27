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

const OPEN: &str = "mutation($i: NewOpportunityInput!) { createOpportunity(input: $i) { id name status stage probability amount branchId ownerId customerId version competitors { competitorId outcome } } }";
const CHANGE: &str = "mutation($id: ID!, $v: Int!, $i: OpportunityChangesInput!) { updateOpportunity(id: $id, version: $v, input: $i) { id stage probability amount ownerId version } }";

async fn opportunities_open_in_the_customers_branch_and_move_through_open_stages(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (manager, _) = app.login("mgr.sh").await;
    let me = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let mine = number(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM customers WHERE owner_id = {me}"),
    )
    .await;
    let colleague = number(&app, &format!("SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id = {sh} AND id <> {me} AND status = 'ACTIVE'")).await;
    let gz_customer = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'GZ'").await;
    let competitor = number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM competitors").await;
    let rows = "SELECT COUNT(*) FROM opportunities";
    let count = number(&app, rows).await;
    let audit = "SELECT COUNT(*) FROM audit_log";
    let audited = number(&app, audit).await;
    let valid = json!({ "customerId": mine.to_string(), "name": "2027 年度网络设备升级", "amount": "880000.00", "expectedCloseDate": "2099-06-30", "competitorIds": [competitor.to_string()] });

    // Invalid input names its field and writes nothing.
    let with = |field: &str, value: Value| {
        let mut input = valid.clone();
        input[field] = value;
        input
    };
    let cases = [
        (with("customerId", json!(gz_customer.to_string())), "customerId"),
        (with("name", json!("x")), "name"),
        (with("amount", json!("-1")), "amount"),
        (with("expectedCloseDate", json!("2020-01-01")), "expectedCloseDate"),
        (with("stage", json!("CLOSED_WON")), "stage"),
        (with("probability", json!(101)), "probability"),
        (with("ownerId", json!(colleague.to_string())), "ownerId"),
        (
            with("competitorIds", json!([competitor.to_string(), competitor.to_string()])),
            "competitorIds[1]",
        ),
    ];
    for (input, field) in cases {
        let body = app.graphql_as(&rep, OPEN, json!({ "i": input })).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    assert_eq!((number(&app, rows).await, number(&app, audit).await), (count, audited));

    // A rep opens a deal of its own customer: the customer's branch, owned by the rep, at the
    // usual probability of its stage, the known competitor PENDING.
    let body = app.graphql_as(&rep, OPEN, json!({ "i": valid })).await;
    let deal = &body["data"]["createOpportunity"];
    assert_eq!(deal["status"], "OPEN", "{body}");
    assert_eq!((deal["stage"].as_str(), deal["probability"].as_i64()), (Some("LEAD"), Some(10)));
    assert_eq!(deal["branchId"], sh.to_string());
    assert_eq!(deal["ownerId"], me.to_string());
    assert_eq!(deal["name"], "2027 年度网络设备升级");
    assert_eq!(deal["competitors"][0]["outcome"], "PENDING", "{body}");
    let id = id_of(&deal["id"]);

    // Moved on by the rep; handed to a colleague by the manager, not by the rep.
    let body = app.graphql_as(&rep, CHANGE, json!({ "id": id, "v": 1, "i": { "stage": "PROPOSAL", "probability": 60, "amount": "900000" } })).await;
    let deal = &body["data"]["updateOpportunity"];
    assert_eq!(
        (deal["stage"].as_str(), deal["probability"].as_i64(), deal["version"].as_i64()),
        (Some("PROPOSAL"), Some(60), Some(2)),
        "{body}"
    );
    let body = app
        .graphql_as(
            &rep,
            CHANGE,
            json!({ "id": id, "v": 2, "i": { "ownerId": colleague.to_string() } }),
        )
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(&rep, CHANGE, json!({ "id": id, "v": 2, "i": { "stage": "CLOSED_LOST" } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "stage"), "{body}");
    let body = app
        .graphql_as(
            &manager,
            CHANGE,
            json!({ "id": id, "v": 1, "i": { "ownerId": colleague.to_string() } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    let body = app
        .graphql_as(
            &manager,
            CHANGE,
            json!({ "id": id, "v": 2, "i": { "ownerId": colleague.to_string() } }),
        )
        .await;
    assert_eq!(body["data"]["updateOpportunity"]["ownerId"], colleague.to_string(), "{body}");
    // Now the colleague's deal, the rep no longer sees it.
    let body =
        app.graphql_as(&rep, CHANGE, json!({ "id": id, "v": 3, "i": { "probability": 70 } })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");

    // Closed deals do not change any more.
    let body = app
        .graphql_as(&manager, CLOSE, json!({ "id": id, "v": 3, "i": { "outcome": "WON" } }))
        .await;
    assert_eq!(body["data"]["closeOpportunity"]["status"], "WON", "{body}");
    let body =
        app.graphql_as(&manager, CHANGE, json!({ "id": id, "v": 4, "i": { "amount": "1" } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");

    let actions = format!(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'opportunities' AND entity_id = '{id}' AND action IN ('opportunity.create', 'opportunity.update', 'opportunity.close')"
    );
    assert_eq!(number(&app, &actions).await, 4);
    app.stop().await;
}

crate::on_both_backends!(
    opportunities_close_as_won_or_lost_with_their_competitors,
    opportunities_open_in_the_customers_branch_and_move_through_open_stages,
);
