//! Performance reviews and incentives computed from the hand-made company of `analytics.rs`
//! for the first quarter of 2026, every score worked out by hand below; and the demo's
//! reviews, which are what `computeReviews` computes.

use std::collections::BTreeMap;

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::analytics::{admin, advance_sequences, company, day, insert, money};
use crate::helpers::{Backend, TestApp, error};

/// Q1 2026: a review cycle, quarter targets for reps 1 (1000.00) and 2 (100.00) and for
/// 上海 (2000.00), and 华东's market for the quarter (10000.00).
async fn quarter(app: &TestApp) {
    company(app).await;
    insert(
        app,
        "review_cycles",
        vec![
            ("id", 1.into()),
            ("name", "2026年第1季度绩效考核".into()),
            ("period_kind", "QUARTER".into()),
            ("period_start", day("2026-01-01")),
            ("period_end", day("2026-03-31")),
            ("status", "OPEN".into()),
        ],
    )
    .await;
    // (id, scope kind, key, region, branch, team, employee, amount)
    for (id, kind, key, branch, team, employee, amount) in [
        (11, "EMPLOYEE", "EMPLOYEE:1", 1, Some(1), Some(1), "1000.00"),
        (12, "EMPLOYEE", "EMPLOYEE:2", 1, Some(1), Some(2), "100.00"),
        (13, "BRANCH", "BRANCH:1", 1, None, None, "2000.00"),
    ] {
        insert(
            app,
            "sales_targets",
            vec![
                ("id", id.into()),
                ("metric", "REVENUE".into()),
                ("period_kind", "QUARTER".into()),
                ("period_start", day("2026-01-01")),
                ("scope_kind", kind.into()),
                ("scope_key", key.into()),
                ("region_id", 1.into()),
                ("branch_id", branch.into()),
                ("team_id", team.into()),
                ("employee_id", employee.into()),
                ("amount", money(amount)),
                ("locked", false.into()),
            ],
        )
        .await;
    }
    insert(
        app,
        "market_size_estimates",
        vec![
            ("id", 1.into()),
            ("region_id", 1.into()),
            ("category_id", 1.into()),
            ("period_kind", "QUARTER".into()),
            ("period_start", day("2026-01-01")),
            ("amount", money("10000.00")),
            ("source", "行业协会".into()),
        ],
    )
    .await;
    advance_sequences(app, &["review_cycles", "sales_targets", "market_size_estimates"]).await;
}

const SET_KPIS: &str = "mutation($c: ID!, $s: SubjectKind!, $k: [KpiInput!]!) { setKpiDefinitions(cycleId: $c, subjectKind: $s, kpis: $k) { id code weight } }";
const COMPUTE: &str = "mutation { computeReviews(cycleId: \"1\") { computed finalized } }";
const REVIEWS: &str = "{ reviews(first: 50, orderBy: SUBJECT_KEY) { edges { node { id version subjectKey totalScore rating status \
    scores { kpi { code } target actual score weightedScore } } } } }";

fn kpi(code: &str, weight: &str, target: &str) -> Value {
    json!({ "code": code, "name": code, "weight": weight, "target": target, "unit": "%" })
}

async fn reviews(app: &TestApp) -> Vec<Value> {
    let body = app.graphql_as(&admin(), REVIEWS, json!({})).await;
    body["data"]["reviews"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn scores(review: &Value) -> Vec<Value> {
    review["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["kpi"]["code"], s["actual"], s["score"], s["weightedScore"]]))
        .collect()
}

async fn reviews_are_scored_from_the_data_and_finalised_once(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    quarter(&app).await;
    let token = admin();
    for (kpis, field) in [
        (json!([kpi("SALES_ATTAINMENT", "60", "100"), kpi("CSAT", "30", "80")]), "kpis"),
        (json!([kpi("SALES_VOLUME", "100", "1")]), "kpis[0].code"),
        (json!([kpi("MARKET_SHARE", "100", "10")]), "kpis[0].code"),
        (json!([kpi("CSAT", "50", "80"), kpi("CSAT", "50", "80")]), "kpis[1].code"),
    ] {
        let body =
            app.graphql_as(&token, SET_KPIS, json!({ "c": "1", "s": "EMPLOYEE", "k": kpis })).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let rep_kpis = json!([
        kpi("SALES_ATTAINMENT", "60", "100"),
        kpi("NEW_CUSTOMERS", "20", "2"),
        kpi("CSAT", "20", "80")
    ]);
    let body =
        app.graphql_as(&token, SET_KPIS, json!({ "c": "1", "s": "EMPLOYEE", "k": rep_kpis })).await;
    assert_eq!(body["data"]["setKpiDefinitions"].as_array().map(Vec::len), Some(3), "{body}");
    let branch_kpis =
        json!([kpi("SALES_ATTAINMENT", "50", "100"), kpi("MARKET_SHARE", "50", "10")]);
    let body = app
        .graphql_as(&token, SET_KPIS, json!({ "c": "1", "s": "BRANCH", "k": branch_kpis }))
        .await;
    assert!(body["errors"].is_null(), "{body}");

    let body = app.graphql_as(&token, COMPUTE, json!({})).await;
    // Reps 1 and 2 (the reps with a Q1 target) and the three branches.
    assert_eq!(body["data"]["computeReviews"], json!({ "computed": 5, "finalized": 0 }), "{body}");
    let all = reviews(&app).await;
    let keys: Vec<&str> = all.iter().map(|r| r["subjectKey"].as_str().unwrap()).collect();
    assert_eq!(keys, ["BRANCH:1", "BRANCH:2", "BRANCH:3", "EMPLOYEE:1", "EMPLOYEE:2"]);

    // Rep 1: 1500.15 of 1000.00 is 150.015% → 150.02, capped at 120 → 72.00 of 60; no new
    // customer → 0; 上海's CSAT (answers 5 and 3) 50.00 of 80 → 62.50 → 12.50. Total 84.50.
    let rep1 = &all[3];
    assert_eq!(
        scores(rep1),
        [
            json!(["SALES_ATTAINMENT", "150.02", "120.00", "72.00"]),
            json!(["NEW_CUSTOMERS", "0.00", "0.00", "0.00"]),
            json!(["CSAT", "50.00", "62.50", "12.50"]),
        ]
    );
    assert_eq!(
        (rep1["totalScore"].clone(), rep1["rating"].clone()),
        (json!("84.50"), json!("MEETS"))
    );
    // Rep 2: 0.10 of 100.00 → 0.10 → 0.06; one new customer of 2 → 50.00 → 10.00; CSAT
    // 12.50. Total 22.56: UNSATISFACTORY.
    let rep2 = &all[4];
    assert_eq!(
        (rep2["totalScore"].clone(), rep2["rating"].clone()),
        (json!("22.56"), json!("UNSATISFACTORY"))
    );
    // 上海: 1500.25 of 2000.00 → 75.0125 → 75.01 → 37.51 (37.505); 华东 sold 1500.45 of a
    // 10000.00 market: 15.00% of a 10% target → 150, capped at 120 → 60.00. Total 97.51.
    let shanghai = &all[0];
    assert_eq!(
        scores(shanghai),
        [
            json!(["SALES_ATTAINMENT", "75.01", "75.01", "37.51"]),
            json!(["MARKET_SHARE", "15.00", "120.00", "60.00"]),
        ]
    );
    assert_eq!(
        (shanghai["totalScore"].clone(), shanghai["rating"].clone()),
        (json!("97.51"), json!("GOOD"))
    );

    // Again: recomputed, nothing created twice.
    let body = app.graphql_as(&token, COMPUTE, json!({})).await;
    assert_eq!(body["data"]["computeReviews"]["computed"], 5);
    assert_eq!(reviews(&app).await.len(), 5);

    // An UNSATISFACTORY review is finalised only with an improvement plan.
    let finalize = "mutation($id: ID!, $v: Int!) { finalizeReview(id: $id, version: $v, comments: \"需制定改进计划\") { status comments version } }";
    let rep2 = reviews(&app).await[4].clone();
    let body =
        app.graphql_as(&token, finalize, json!({ "id": rep2["id"], "v": rep2["version"] })).await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(message.contains("improvement plan"), "{message}");
    let plan = "mutation($i: CreateImprovementPlanInput!) { createImprovementPlan(input: $i) { goals status actions { description } } }";
    let input = json!({ "reviewId": rep2["id"], "goals": "下季度销售达成率提升至 90%", "dueDate": "2099-06-30",
        "actions": [{ "description": "每周复盘重点客户拜访", "dueDate": "2099-04-30" }] });
    let body = app.graphql_as(&token, plan, json!({ "i": input })).await;
    assert_eq!(
        body["data"]["createImprovementPlan"]["actions"][0]["description"], "每周复盘重点客户拜访",
        "{body}"
    );
    let body =
        app.graphql_as(&token, finalize, json!({ "id": rep2["id"], "v": rep2["version"] })).await;
    let done = &body["data"]["finalizeReview"];
    assert_eq!(
        (done["status"].clone(), done["comments"].clone()),
        (json!("FINALIZED"), json!("需制定改进计划")),
        "{body}"
    );
    let finalized_version = done["version"].clone();

    // A finalised review is read-only: recomputing leaves it, plans and KPI changes are refused.
    let body = app.graphql_as(&token, COMPUTE, json!({})).await;
    assert_eq!(body["data"]["computeReviews"], json!({ "computed": 4, "finalized": 1 }), "{body}");
    let after = reviews(&app).await[4].clone();
    assert_eq!(
        (after["status"].clone(), after["version"].clone()),
        (json!("FINALIZED"), finalized_version)
    );
    assert_eq!(after["totalScore"], "22.56");
    let body = app.graphql_as(&token, plan, json!({ "i": input })).await;
    assert_eq!(error(&body).0, "CONFLICT", "{body}");
    let body =
        app.graphql_as(&token, SET_KPIS, json!({ "c": "1", "s": "EMPLOYEE", "k": rep_kpis })).await;
    assert_eq!(error(&body).0, "CONFLICT", "{body}");
}

async fn incentives_are_granted_once(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    quarter(&app).await;
    insert(
        &app,
        "incentive_plans",
        vec![
            ("id", 1.into()),
            ("name", "季度销售达成奖金".into()),
            ("metric", "REVENUE".into()),
            ("period_kind", "QUARTER".into()),
            ("starts_on", day("2026-01-01")),
            ("ends_on", day("2026-12-31")),
            ("status", "ACTIVE".into()),
        ],
    )
    .await;
    for (id, min, rate) in [(1, "100", "0.0200"), (2, "120", "0.0350")] {
        insert(
            &app,
            "incentive_tiers",
            vec![
                ("id", id.into()),
                ("plan_id", 1.into()),
                ("min_attainment", money(min)),
                ("bonus_rate", money(rate)),
                ("award_kind", "BONUS".into()),
            ],
        )
        .await;
    }
    let compute = "mutation($s: NaiveDate!) { computeIncentives(periodKind: QUARTER, periodStart: $s) { existing created { recipientKey attainment amount reason status } } }";
    let body = app.graphql_as(&admin(), compute, json!({ "s": "2026-01-01" })).await;
    // Rep 1 reached 150.02%: the 120% tier, 1500.15 × 3.5% = 52.50525 → 52.51. Rep 2 (0.10%)
    // earns nothing.
    assert_eq!(
        body["data"]["computeIncentives"],
        json!({ "existing": 0, "created": [{
        "recipientKey": "EMPLOYEE:1", "attainment": "150.02", "amount": "52.51",
        "reason": "达成率 150.02%,达到 120% 档", "status": "PROPOSED" }] }),
        "{body}"
    );
    let body = app.graphql_as(&admin(), compute, json!({ "s": "2026-01-01" })).await;
    assert_eq!(
        body["data"]["computeIncentives"],
        json!({ "existing": 1, "created": [] }),
        "{body}"
    );
    let body = app.graphql_as(&admin(), compute, json!({ "s": "2099-01-01" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "periodStart"), "{body}");
    let body = app
        .graphql_as(
            &crate::analytics::token("BRANCH_MANAGER", "BRANCH", Some(1)),
            compute,
            json!({ "s": "2026-01-01" }),
        )
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
}

const SEEDED_REVIEWS: &str = "query($after: String) { reviews(first: 200, after: $after, orderBy: SUBJECT_KEY) { \
    pageInfo { hasNextPage endCursor } nodes { id cycleId subjectKey status totalScore rating \
    scores { kpi { id code } target actual score weightedScore } } } }";

/// Every review of the demo by id: its status, and what `computeReviews` decides (cycle,
/// subject, total, rating and the per-KPI lines).
async fn seeded_reviews(app: &TestApp, token: &str) -> BTreeMap<String, (String, Value)> {
    let mut out = BTreeMap::new();
    let mut after = Value::Null;
    loop {
        let body = app.graphql_as(token, SEEDED_REVIEWS, json!({ "after": after })).await;
        let page = &body["data"]["reviews"];
        for r in page["nodes"].as_array().unwrap_or_else(|| panic!("{body}")) {
            let scored =
                json!([r["cycleId"], r["subjectKey"], r["totalScore"], r["rating"], r["scores"]]);
            let status = r["status"].as_str().unwrap_or_default().to_owned();
            out.insert(r["id"].as_str().unwrap().to_owned(), (status, scored));
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return out;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// The reviews of `before` whose scoring differs in `after`, or that are gone.
fn changed(
    before: &BTreeMap<String, (String, Value)>,
    after: &BTreeMap<String, (String, Value)>,
) -> Vec<String> {
    before
        .iter()
        .filter(|(id, (_, scored))| after.get(*id).map(|(_, s)| s) != Some(scored))
        .map(|(id, (status, scored))| {
            format!("{status} review {id}: {scored} became {:?}", after.get(id).map(|(_, s)| s))
        })
        .collect()
}

/// Runs `computeReviews` on every cycle of the demo; returns how many reviews it computed.
async fn compute_every_cycle(app: &TestApp, token: &str) -> i64 {
    let body =
        app.graphql_as(token, "{ reviewCycles(first: 50) { nodes { id } } }", json!({})).await;
    let cycles = body["data"]["reviewCycles"]["nodes"].as_array().cloned().unwrap_or_default();
    assert!(cycles.len() >= 4, "{body}");
    let mut computed = 0;
    for cycle in cycles {
        let body = app
            .graphql_as(
                token,
                "mutation($c: ID!) { computeReviews(cycleId: $c) { computed finalized } }",
                json!({ "c": cycle["id"] }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        computed += body["data"]["computeReviews"]["computed"].as_i64().unwrap();
    }
    computed
}

/// The demo's reviews are what `computeReviews` computes: recomputing every seeded cycle
/// changes no total, rating or KPI line, and neither does recomputing the finalised reviews
/// once they are reopened. Each low rating, and only a low rating, has an improvement plan.
async fn seeded_reviews_are_what_compute_reviews_computes(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let seeded = seeded_reviews(&app, &token).await;
    let open = seeded.values().filter(|(status, _)| status == "COMPUTED").count();
    assert!(open >= 100, "the last closed cycle's reviews can be recomputed: {open}");
    assert!(seeded.len() >= 400, "four reviewed cycles: {}", seeded.len());
    let body = app
        .graphql_as(&token, "{ improvementPlans(first: 500) { nodes { reviewId } } }", json!({}))
        .await;
    let planned: Vec<&str> = body["data"]["improvementPlans"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .filter_map(|p| p["reviewId"].as_str())
        .collect();
    for (id, (status, scored)) in &seeded {
        let low = matches!(scored[3].as_str(), Some("NEEDS_IMPROVEMENT" | "UNSATISFACTORY"));
        assert_eq!(planned.contains(&id.as_str()), low, "{status} review {id} rated {}", scored[3]);
    }

    // Recomputed as a user would: the cycle under way gets its first reviews, the reviewed
    // cycles gain none and keep theirs as they were.
    assert!(compute_every_cycle(&app, &token).await >= open as i64);
    let after = seeded_reviews(&app, &token).await;
    let diff = changed(&seeded, &after);
    assert!(
        diff.is_empty(),
        "{} of {} reviews changed: {:#?}",
        diff.len(),
        seeded.len(),
        &diff[..diff.len().min(5)]
    );
    let reviewed_cycles: Vec<&Value> = seeded.values().map(|(_, s)| &s[0]).collect();
    let added: Vec<&Value> = after
        .iter()
        .filter(|(id, (_, s))| !seeded.contains_key(*id) && reviewed_cycles.contains(&&s[0]))
        .map(|(_, (_, s))| &s[1])
        .collect();
    assert!(added.is_empty(), "subjects the seed did not review: {added:?}");

    // The finalised reviews too, reopened behind the API's back and recomputed.
    app.db
        .execute_unprepared("UPDATE reviews SET status = 'COMPUTED' WHERE status = 'FINALIZED'")
        .await
        .unwrap();
    assert!(compute_every_cycle(&app, &token).await >= seeded.len() as i64);
    let diff = changed(&seeded, &seeded_reviews(&app, &token).await);
    assert!(
        diff.is_empty(),
        "{} of {} reviews changed: {:#?}",
        diff.len(),
        seeded.len(),
        &diff[..diff.len().min(5)]
    );
}

crate::on_both_backends!(
    reviews_are_scored_from_the_data_and_finalised_once,
    incentives_are_granted_once,
    seeded_reviews_are_what_compute_reviews_computes
);
