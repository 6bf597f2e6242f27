//! Early warning and response: alerts acknowledged by whoever answers for them and resolved
//! by HQ, contingency plans activated for an alert's branch and closed with their outcome,
//! state transitions that make sense, stale versions and audit entries.

use serde_json::json;

use crate::helpers::{Backend, TestApp, error, number};

const ACK: &str = "mutation($id: ID!, $v: Int!) { acknowledgeAlert(id: $id, version: $v) { id status acknowledgedById version } }";
const RESOLVE: &str = "mutation($id: ID!, $v: Int!) { resolveAlert(id: $id, version: $v) { id status resolvedAt version } }";
const ACTIVATE: &str = "mutation($i: ActivateContingencyPlanInput!) { activateContingencyPlan(input: $i) { id status branchId alertId activatedById reason version } }";
const CLOSE: &str = "mutation($id: ID!, $v: Int!, $o: String!) { closeContingencyActivation(id: $id, version: $v, outcome: $o) { id status closedAt outcome version } }";

async fn alerts_are_acknowledged_resolved_and_answered_with_a_plan(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let gz = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let rule = number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM alert_rules").await;
    // Three fresh open alerts: Shanghai's, Guangzhou's and a company-wide one.
    let db = &app.db;
    for branch in [sh.to_string(), gz.to_string(), "NULL".to_owned()] {
        let sql = format!(
            "INSERT INTO alerts (rule_id, branch_id, employee_id, triggered_at, observed_value, message, severity, status, acknowledged_by_id, resolved_at, created_at, updated_at, version) VALUES ({rule}, {branch}, NULL, '2026-11-20T01:00:00+00:00', 55, '达成率 55%', 'WARNING', 'OPEN', NULL, NULL, '2026-11-20T01:00:00+00:00', '2026-11-20T01:00:00+00:00', 1)"
        );
        sea_orm::ConnectionTrait::execute_unprepared(db, &sql).await.unwrap();
    }
    let alert = |branch: &str| {
        let clause = if branch == "NULL" { "IS NULL".to_owned() } else { format!("= {branch}") };
        format!(
            "SELECT CAST(MAX(id) AS BIGINT) FROM alerts WHERE status = 'OPEN' AND branch_id {clause}"
        )
    };
    let shanghai = number(&app, &alert(&sh.to_string())).await.to_string();
    let guangzhou = number(&app, &alert(&gz.to_string())).await.to_string();
    let company = number(&app, &alert("NULL")).await.to_string();
    let (manager, _) = app.login("mgr.sh").await;
    let (rep, _) = app.login("rep.sh").await;
    let (analyst, _) = app.login("analyst").await;
    let (admin, _) = app.login("admin").await;
    let manager_account =
        number(&app, "SELECT CAST(id AS BIGINT) FROM user_accounts WHERE username = 'mgr.sh'")
            .await;

    // The manager answers for its branch's alerts only; a rep for none.
    let body = app.graphql_as(&rep, ACK, json!({ "id": shanghai, "v": 1 })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    for other in [&guangzhou, &company] {
        let body = app.graphql_as(&manager, ACK, json!({ "id": other, "v": 1 })).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    }
    let body = app.graphql_as(&manager, ACK, json!({ "id": shanghai, "v": 1 })).await;
    let acked = &body["data"]["acknowledgeAlert"];
    assert_eq!(
        (acked["status"].as_str(), acked["version"].as_i64()),
        (Some("ACKNOWLEDGED"), Some(2)),
        "{body}"
    );
    assert_eq!(acked["acknowledgedById"], manager_account.to_string());
    let body = app.graphql_as(&manager, ACK, json!({ "id": shanghai, "v": 2 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");
    let body = app.graphql_as(&analyst, ACK, json!({ "id": company, "v": 1 })).await;
    assert_eq!(body["data"]["acknowledgeAlert"]["status"], "ACKNOWLEDGED", "{body}");

    // Resolving is HQ_ADMIN's, once, at the version read.
    let body = app.graphql_as(&analyst, RESOLVE, json!({ "id": shanghai, "v": 2 })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app.graphql_as(&admin, RESOLVE, json!({ "id": shanghai, "v": 1 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    let body = app.graphql_as(&admin, RESOLVE, json!({ "id": shanghai, "v": 2 })).await;
    let resolved = &body["data"]["resolveAlert"];
    assert_eq!(resolved["status"], "RESOLVED", "{body}");
    assert!(resolved["resolvedAt"].is_string(), "{body}");
    let body = app.graphql_as(&admin, RESOLVE, json!({ "id": shanghai, "v": 3 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");

    // A plan answers an alert: ACTIVE plans only, for the alert's branch.
    let plan = number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM contingency_plans").await;
    sea_orm::ConnectionTrait::execute_unprepared(
        db,
        &format!("UPDATE contingency_plans SET status = 'DRAFT' WHERE id = {plan}"),
    )
    .await
    .unwrap();
    let activations = "SELECT COUNT(*) FROM contingency_activations";
    let count = number(&app, activations).await;
    let input = json!({ "planId": plan.to_string(), "alertId": guangzhou, "reason": "广州分公司达成率跌破 60%" });
    let body = app.graphql_as(&admin, ACTIVATE, json!({ "i": input })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "planId"), "{body}");
    sea_orm::ConnectionTrait::execute_unprepared(
        db,
        &format!("UPDATE contingency_plans SET status = 'ACTIVE' WHERE id = {plan}"),
    )
    .await
    .unwrap();
    let mut wrong = input.clone();
    wrong["branchId"] = json!(sh.to_string());
    let body = app.graphql_as(&admin, ACTIVATE, json!({ "i": wrong })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "branchId"), "{body}");
    let body = app.graphql_as(&manager, ACTIVATE, json!({ "i": input })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, activations).await, count);
    let body = app.graphql_as(&admin, ACTIVATE, json!({ "i": input })).await;
    let activation = &body["data"]["activateContingencyPlan"];
    assert_eq!(activation["status"], "ACTIVE", "{body}");
    assert_eq!(activation["branchId"], gz.to_string());
    assert_eq!(activation["alertId"], json!(guangzhou));
    assert_eq!(activation["reason"], "广州分公司达成率跌破 60%");
    let id = activation["id"].as_str().unwrap().to_owned();

    // Closed once, with what came of it.
    let body = app.graphql_as(&admin, CLOSE, json!({ "id": id, "v": 1, "o": "" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "outcome"), "{body}");
    let body =
        app.graphql_as(&admin, CLOSE, json!({ "id": id, "v": 1, "o": "两周内恢复至 85%" })).await;
    let closed = &body["data"]["closeContingencyActivation"];
    assert_eq!(
        (closed["status"].as_str(), closed["outcome"].as_str()),
        (Some("CLOSED"), Some("两周内恢复至 85%")),
        "{body}"
    );
    let body = app.graphql_as(&admin, CLOSE, json!({ "id": id, "v": 2, "o": "再次关闭" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");

    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('alert.acknowledge', 'alert.resolve') AND entity_id IN ('{shanghai}', '{company}')"
    );
    assert_eq!(number(&app, &audited).await, 3);
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'contingency_activations' AND entity_id = '{id}'"
    );
    assert_eq!(number(&app, &audited).await, 2);
    app.stop().await;
}

const CREATE_RULE: &str =
    "mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id metric threshold version } }";
const UPDATE_RULE: &str = "mutation($id: ID!, $v: Int!, $i: AlertRuleInput!) { updateAlertRule(id: $id, version: $v, input: $i) { id metric threshold version } }";

/// The same decimal, whatever its scale (PostgreSQL shows `80.00` for `80`).
fn decimal(value: &serde_json::Value) -> f64 {
    value.as_str().unwrap_or_else(|| panic!("not a decimal: {value}")).parse().unwrap()
}

async fn alert_thresholds_lie_within_their_metrics_range(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let rule = |name: &str, metric: &str, threshold: &str| json!({ "i": { "name": name, "metric": metric, "scopeKind": "BRANCH", "comparator": "LT", "threshold": threshold, "window": "MONTH", "severity": "WARNING" } });
    let rules = "SELECT COUNT(*) FROM alert_rules";
    let count = number(&app, rules).await;

    // A threshold the metric can never reach, or always passes, is refused on create.
    for (metric, threshold) in [
        ("CSAT", "-5"),
        ("CSAT", "500"),
        ("NPS", "-101"),
        ("NPS", "100.01"),
        ("ATTAINMENT", "-1"),
        ("ATTAINMENT", "1000.5"),
        ("PACE", "-10"),
        ("REVENUE_DROP", "101"),
        ("REVENUE_DROP", "-20"),
        ("SLA_BREACHES", "-1"),
        ("SLA_BREACHES", "2.5"),
    ] {
        let body = app.graphql_as(&admin, CREATE_RULE, rule("越界预警", metric, threshold)).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("BAD_USER_INPUT", "threshold"),
            "{metric} {threshold}: {body}"
        );
    }
    assert_eq!(number(&app, rules).await, count, "nothing written");

    // Thresholds within range are kept, the ends included.
    let mut ids = Vec::new();
    for (name, metric, threshold) in [
        ("净推荐值预警", "NPS", "-20"),
        ("净推荐值底线", "NPS", "-100"),
        ("满意度全满", "CSAT", "100"),
        ("超额达成", "ATTAINMENT", "150"),
        ("收入骤降", "REVENUE_DROP", "30"),
        ("超时工单", "SLA_BREACHES", "3"),
    ] {
        let body = app.graphql_as(&admin, CREATE_RULE, rule(name, metric, threshold)).await;
        let created = &body["data"]["createAlertRule"];
        assert_eq!(created["metric"], metric, "{body}");
        assert_eq!(decimal(&created["threshold"]), threshold.parse::<f64>().unwrap(), "{body}");
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(number(&app, rules).await, count + 6);

    // On update alike: a new threshold, or a new metric the old threshold does not fit.
    let nps = &ids[0];
    let body = app
        .graphql_as(&admin, UPDATE_RULE, json!({ "id": nps, "v": 1, "i": { "threshold": "500" } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "threshold"), "{body}");
    let body = app
        .graphql_as(&admin, UPDATE_RULE, json!({ "id": nps, "v": 1, "i": { "metric": "CSAT" } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "threshold"), "{body}");
    assert!(error(&body).2.contains("CSAT"), "{body}");
    let kept = format!(
        "SELECT COUNT(*) FROM alert_rules WHERE id = {nps} AND metric = 'NPS' AND version = 1"
    );
    assert_eq!(number(&app, &kept).await, 1, "the rule is as it was");
    let body = app
        .graphql_as(
            &admin,
            UPDATE_RULE,
            json!({ "id": nps, "v": 1, "i": { "metric": "CSAT", "threshold": "75" } }),
        )
        .await;
    let updated = &body["data"]["updateAlertRule"];
    assert_eq!(
        (updated["metric"].as_str(), updated["version"].as_i64()),
        (Some("CSAT"), Some(2)),
        "{body}"
    );
    assert_eq!(decimal(&updated["threshold"]), 75.0);
    app.stop().await;
}

const CREATE_PROMOTION: &str = "mutation($i: PromotionInput!) { createPromotion(input: $i) { id name startsOn endsOn status version } }";
const UPDATE_PROMOTION: &str = "mutation($id: ID!, $v: Int!, $i: PromotionInput!) { updatePromotion(id: $id, version: $v, input: $i) { id startsOn endsOn status version } }";

async fn the_same_promotion_does_not_run_twice(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let gz = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let product = number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM products").await;
    let promotion = |name: &str, branch: i64, from: &str, to: &str| json!({ "i": { "name": name, "productId": product.to_string(), "branchId": branch.to_string(), "discountPct": "10", "startsOn": from, "endsOn": to } });
    let body = app
        .graphql_as(&admin, CREATE_PROMOTION, promotion("新春特惠", sh, "2027-01-01", "2027-01-31"))
        .await;
    let january = body["data"]["createPromotion"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let promotions = "SELECT COUNT(*) FROM promotions";
    let count = number(&app, promotions).await;

    // The same product at the same branch on overlapping days is the same promotion twice.
    for (from, to) in
        [("2027-01-15", "2027-02-15"), ("2026-12-20", "2027-01-01"), ("2027-01-10", "2027-01-12")]
    {
        let body =
            app.graphql_as(&admin, CREATE_PROMOTION, promotion("新春特惠二期", sh, from, to)).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("CONFLICT", "startsOn"),
            "{from}..{to}: {body}"
        );
        assert!(error(&body).2.contains("新春特惠"), "names the other promotion: {body}");
    }
    assert_eq!(number(&app, promotions).await, count);

    // Another branch, or the days after, are another promotion.
    let body = app
        .graphql_as(
            &admin,
            CREATE_PROMOTION,
            promotion("广州新春特惠", gz, "2027-01-15", "2027-02-15"),
        )
        .await;
    assert_eq!(body["data"]["createPromotion"]["status"], "DRAFT", "{body}");
    let body = app
        .graphql_as(&admin, CREATE_PROMOTION, promotion("早春特惠", sh, "2027-02-01", "2027-02-28"))
        .await;
    let february = body["data"]["createPromotion"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();

    // Moving a promotion onto another's days is refused too; a retired one no longer counts.
    let body = app
        .graphql_as(
            &admin,
            UPDATE_PROMOTION,
            json!({ "id": february, "v": 1, "i": { "startsOn": "2027-01-31" } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "startsOn"), "{body}");
    let body = app
        .graphql_as(
            &admin,
            UPDATE_PROMOTION,
            json!({ "id": january, "v": 1, "i": { "status": "RETIRED" } }),
        )
        .await;
    assert_eq!(body["data"]["updatePromotion"]["status"], "RETIRED", "{body}");
    let body = app
        .graphql_as(
            &admin,
            UPDATE_PROMOTION,
            json!({ "id": february, "v": 1, "i": { "startsOn": "2027-01-31" } }),
        )
        .await;
    assert_eq!(body["data"]["updatePromotion"]["startsOn"], "2027-01-31", "{body}");
    app.stop().await;
}

crate::on_both_backends!(
    alerts_are_acknowledged_resolved_and_answered_with_a_plan,
    alert_thresholds_lie_within_their_metrics_range,
    the_same_promotion_does_not_run_twice,
);
