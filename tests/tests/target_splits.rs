//! Time splits of region, branch, team and rep targets keep their unit; a change above
//! re-divides each split on its own; `salesMetrics` reads each target once; and a property
//! test that splits and changes targets at random and checks every sum after every step.

use chrono::{Datelike, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use salesgraph_entities::sales_targets;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::analytics::{admin, company};
use crate::helpers::{Backend, TestApp, error};

const TARGET: &str = "id version amount scopeKey periodKind periodStart children { id version amount scopeKey periodStart }";

async fn create(app: &TestApp, kind: &str, start: &str, amount: &str) -> Value {
    let q = format!(
        "mutation($i: CreateSalesTargetInput!) {{ createSalesTarget(input: $i) {{ {TARGET} }} }}"
    );
    let input =
        json!({ "metric": "REVENUE", "periodKind": kind, "periodStart": start, "amount": amount });
    let body = app.graphql_as(&admin(), &q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["createSalesTarget"].clone()
}

async fn allocate(app: &TestApp, input: Value) -> Value {
    let q = format!(
        "mutation($i: AllocateTargetInput!) {{ allocateTarget(input: $i) {{ {TARGET} }} }}"
    );
    app.graphql_as(&admin(), &q, json!({ "i": input })).await
}

async fn split(app: &TestApp, id: &Value, over: &str) -> Value {
    let body = allocate(app, json!({ "parentId": id, "over": over, "strategy": "EVEN" })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["allocateTarget"].clone()
}

async fn read(app: &TestApp, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ salesTarget(id: $id) {{ {TARGET} }} }}");
    app.graphql_as(&admin(), &q, json!({ "id": id })).await["data"]["salesTarget"].clone()
}

/// The children of `target` whose scope key is `key`, in period order.
fn children_keyed<'a>(target: &'a Value, key: &str) -> Vec<&'a Value> {
    target["children"].as_array().unwrap().iter().filter(|c| c["scopeKey"] == key).collect()
}

/// Fen of a Decimal written as text.
fn fen(amount: &Value) -> i64 {
    let text = amount.as_str().unwrap();
    let (whole, part) = text.split_once('.').unwrap_or((text, "0"));
    whole.parse::<i64>().unwrap() * 100 + format!("{part:0<2}")[..2].parse::<i64>().unwrap()
}

fn fen_of(d: rust_decimal::Decimal) -> i64 {
    let mut d = d;
    d.rescale(2);
    i64::try_from(d.mantissa()).unwrap()
}

/// `salesMetrics`' revenue target of one row: the range and grouping given, the rows filtered
/// to `filter`.
async fn metrics_target(
    app: &TestApp,
    from: &str,
    to: &str,
    group: &[&str],
    filter: Value,
) -> Vec<Value> {
    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { regionId branchId teamId employeeId period { label } target } }";
    let input = json!({ "from": from, "to": to, "groupBy": group, "filter": filter });
    let body = app.graphql_as(&admin(), q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["salesMetrics"].as_array().unwrap().clone()
}

async fn time_splits_keep_their_unit_at_every_level(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    // 2027: the company → 华东 and 华南 → 上海 and 杭州 → 上海一组 → 张伟 and 李娜.
    let year = create(&app, "YEAR", "2027-01-01", "1200.00").await;
    let year = split(&app, &year["id"], "ORGANISATION").await;
    let regions = read(&app, &year["id"]).await;
    let east = regions["children"][0].clone();
    let south = regions["children"][1].clone();
    let branches = split(&app, &east["id"], "ORGANISATION").await;
    let branches = read(&app, &branches["id"]).await;
    let shanghai = branches["children"][0].clone();
    let hangzhou = branches["children"][1].clone();
    let team = read(&app, &split(&app, &shanghai["id"], "ORGANISATION").await["id"]).await;
    let team = team["children"][0].clone();
    let reps = read(&app, &split(&app, &team["id"], "ORGANISATION").await["id"]).await;
    let rep = reps["children"][0].clone();

    // Each of them, and a second unit of each level, splits over time into four quarters that
    // keep its key.
    for unit in [&east, &south, &shanghai, &hangzhou, &team, &rep] {
        let key = unit["scopeKey"].as_str().unwrap();
        assert_ne!(key.split(':').nth(1), Some("0"), "{unit}");
        split(&app, &unit["id"], "TIME").await;
        let after = read(&app, &unit["id"]).await;
        let quarters = children_keyed(&after, key);
        let starts: Vec<&str> =
            quarters.iter().map(|q| q["periodStart"].as_str().unwrap()).collect();
        assert_eq!(starts, ["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"], "{after}");
        assert_eq!(quarters.iter().map(|q| fen(&q["amount"])).sum::<i64>(), fen(&after["amount"]));
    }
    // 上海's first quarter splits into months that keep 上海's key too.
    let shanghai_now = read(&app, &shanghai["id"]).await;
    let q1 = children_keyed(&shanghai_now, "BRANCH:1")[0]["id"].clone();
    let months = read(&app, &split(&app, &q1, "TIME").await["id"]).await;
    assert_eq!(children_keyed(&months, "BRANCH:1").len(), 3, "{months}");

    // Changing the company's year re-divides each split on its own: 华东's two branches and
    // its four quarters each add up to 华东's new amount.
    let update = "mutation($id: ID!, $v: Int!, $a: Decimal!) { updateSalesTarget(id: $id, version: $v, amount: $a) { amount } }";
    let root = read(&app, &year["id"]).await;
    let body = app
        .graphql_as(
            &admin(),
            update,
            json!({ "id": root["id"], "v": root["version"], "a": "2400.00" }),
        )
        .await;
    assert_eq!(body["data"]["updateSalesTarget"]["amount"], "2400.00", "{body}");
    let east = read(&app, &east["id"]).await;
    assert_eq!(east["amount"], "1200.00");
    let quarters: Vec<i64> =
        children_keyed(&east, "REGION:1").iter().map(|q| fen(&q["amount"])).collect();
    assert_eq!(quarters, [30_000, 30_000, 30_000, 30_000]);
    let below: i64 = east["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["scopeKey"] != "REGION:1")
        .map(|c| fen(&c["amount"]))
        .sum();
    assert_eq!(below, 120_000, "{east}");
    let shanghai = read(&app, &shanghai["id"]).await;
    assert_eq!(shanghai["amount"], "600.00");
    assert_eq!(
        children_keyed(&shanghai, "BRANCH:1").iter().map(|q| fen(&q["amount"])).sum::<i64>(),
        60_000
    );

    // salesMetrics reads each region's quarter once, and the regions add up to the company.
    let rows = metrics_target(&app, "2027-01-01", "2027-03-31", &["REGION"], json!({})).await;
    let targets: Vec<(Value, Value)> =
        rows.iter().map(|r| (r["regionId"].clone(), r["target"].clone())).collect();
    assert_eq!(targets, [(json!("1"), json!("300.00")), (json!("2"), json!("300.00"))]);
    let rows = metrics_target(&app, "2027-01-01", "2027-12-31", &["REGION"], json!({})).await;
    let sum: i64 = rows.iter().map(|r| fen(&r["target"])).sum();
    assert_eq!(sum, 240_000, "{rows:?}");
    let rows = metrics_target(
        &app,
        "2027-01-01",
        "2027-03-31",
        &["BRANCH"],
        json!({ "branchIds": ["1", "2"] }),
    )
    .await;
    let targets: Vec<&Value> = rows.iter().map(|r| &r["target"]).collect();
    assert_eq!(targets, [&json!("150.00"), &json!("150.00")], "{rows:?}");
}

async fn a_target_belongs_to_one_split(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    // 2028's first quarter split over the regions makes 华东's Q1 target; 华东's year, split
    // over time, would make it a second time: refused, and nothing is written.
    let q1 = create(&app, "QUARTER", "2028-01-01", "400.00").await;
    split(&app, &q1["id"], "ORGANISATION").await;
    let year = create(&app, "YEAR", "2028-01-01", "1600.00").await;
    let regions = read(&app, &split(&app, &year["id"], "ORGANISATION").await["id"]).await;
    let east = regions["children"][0].clone();
    let body =
        allocate(&app, json!({ "parentId": east["id"], "over": "TIME", "strategy": "EVEN" })).await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("CONFLICT", "parentId"), "{body}");
    assert!(message.contains("REGION:1") && message.contains("2028-01-01"), "{message}");
    assert_eq!(read(&app, &east["id"]).await["children"], json!([]), "nothing written");
    let rows = metrics_target(&app, "2028-01-01", "2028-03-31", &["REGION"], json!({})).await;
    assert_eq!(rows[0]["target"], "200.00", "{rows:?}");
}

/// The units one level below a unit of `kind` in `analytics::company`.
fn units_below(kind: &str, unit: i32) -> Vec<i32> {
    match (kind, unit) {
        ("COMPANY", _) => vec![1, 2],
        ("REGION", 1) => vec![1, 2],
        ("REGION", _) => vec![3],
        ("BRANCH", b) => vec![b],
        ("TEAM", 1) => vec![1, 2],
        ("TEAM", 2) => vec![3],
        ("TEAM", _) => vec![4],
        _ => vec![],
    }
}

/// The first days of the periods of the next shorter kind.
fn periods_below(kind: &str, start: NaiveDate) -> Vec<NaiveDate> {
    let (n, step) = match kind {
        "YEAR" => (4, 3),
        "QUARTER" => (3, 1),
        _ => return vec![],
    };
    (0..n).map(|i| start.checked_add_months(chrono::Months::new(i * step)).unwrap()).collect()
}

fn unit_of(t: &sales_targets::Model) -> i32 {
    t.scope_key.split(':').nth(1).map_or(0, |id| id.parse().unwrap())
}

fn kind_of(t: &sales_targets::Model) -> &'static str {
    use salesgraph_entities::enums::ScopeKind::*;
    match t.scope_kind {
        Company => "COMPANY",
        Region => "REGION",
        Branch => "BRANCH",
        Team => "TEAM",
        Employee => "EMPLOYEE",
    }
}

fn period_kind(t: &sales_targets::Model) -> &'static str {
    use salesgraph_entities::enums::PeriodKind::*;
    match t.period_kind {
        Year => "YEAR",
        Quarter => "QUARTER",
        Month => "MONTH",
    }
}

/// Every split adds up to its parent to the fen; a time child keeps its parent's key and lies
/// in its period; an organisation child has its parent's period and a unit below its parent's.
fn check_tree(all: &[sales_targets::Model], step: &str) {
    for parent in all {
        let children: Vec<&sales_targets::Model> =
            all.iter().filter(|t| t.parent_id == Some(parent.id)).collect();
        let (time, org): (Vec<&sales_targets::Model>, Vec<&sales_targets::Model>) =
            children.iter().partition(|c| c.scope_key == parent.scope_key);
        for split in [&time, &org] {
            if split.is_empty() {
                continue;
            }
            let sum: i64 = split.iter().map(|c| fen_of(c.amount)).sum();
            assert_eq!(sum, fen_of(parent.amount), "{step}: split of {parent:?}: {split:?}");
        }
        let periods = periods_below(period_kind(parent), parent.period_start);
        for c in &time {
            assert!(periods.contains(&c.period_start), "{step}: {c:?} outside {parent:?}");
        }
        let units = units_below(kind_of(parent), unit_of(parent));
        for c in &org {
            assert_eq!(c.period_start, parent.period_start, "{step}: {c:?}");
            assert!(units.contains(&unit_of(c)), "{step}: {c:?} is not below {parent:?}");
        }
    }
}

async fn random_splits_always_add_up(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let update = "mutation($id: ID!, $v: Int!, $a: Decimal!) { updateSalesTarget(id: $id, version: $v, amount: $a) { amount } }";
    let adjust = "mutation($p: ID!, $a: [TargetAmountInput!]!) { adjustTargets(parentId: $p, amounts: $a) { id } }";
    let amount = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    create(&app, "YEAR", "2029-01-01", &amount(rng.random_range(1..10_000_000_000))).await;
    create(&app, "QUARTER", "2029-04-01", &amount(rng.random_range(1..1_000_000))).await;
    let (mut splits, mut refused) = (0, 0);
    for step in 0..40 {
        let all = sales_targets::Entity::find().all(&app.db).await.unwrap();
        let t = &all[rng.random_range(0..all.len())];
        let choice = rng.random_range(0..10);
        let label = format!("step {step} on target {} ({} {})", t.id, t.scope_key, t.period_start);
        if choice < 7 {
            // Split over time or the organisation, evenly or by random weights.
            let over = if rng.random_bool(0.5) { "TIME" } else { "ORGANISATION" };
            let keys: Vec<Value> = if over == "TIME" {
                periods_below(period_kind(t), t.period_start)
                    .iter()
                    .map(|d| json!({ "periodStart": d.to_string() }))
                    .collect()
            } else {
                units_below(kind_of(t), unit_of(t))
                    .iter()
                    .map(|u| json!({ "unitId": u.to_string() }))
                    .collect()
            };
            if keys.is_empty() {
                continue;
            }
            let mut input =
                json!({ "parentId": t.id.to_string(), "over": over, "strategy": "EVEN" });
            if rng.random_bool(0.5) {
                let mut weights: Vec<Value> = keys
                    .into_iter()
                    .map(|mut k| {
                        k["weight"] = json!(rng.random_range(0..7).to_string());
                        k
                    })
                    .collect();
                weights[0]["weight"] = json!("1");
                input["strategy"] = json!("BY_WEIGHTS");
                input["weights"] = json!(weights);
            }
            let body = allocate(&app, input).await;
            match body["errors"].is_null() {
                true => splits += 1,
                false => {
                    // The only refusal possible here: the child already belongs to another split.
                    assert_eq!(error(&body).0, "CONFLICT", "{label}: {body}");
                    let after = sales_targets::Entity::find().all(&app.db).await.unwrap();
                    assert_eq!(after, all, "{label}: a refused split writes nothing");
                    refused += 1;
                }
            }
        } else if t.parent_id.is_none() {
            let body = app
                .graphql_as(&admin(), update, json!({ "id": t.id.to_string(), "v": t.version, "a": amount(rng.random_range(0..10_000_000_000)) }))
                .await;
            assert!(body["errors"].is_null(), "{label}: {body}");
        } else {
            // Move a random amount between two children of the same split.
            let parent = all.iter().find(|p| Some(p.id) == t.parent_id).unwrap();
            let time = t.scope_key == parent.scope_key;
            let Some(other) = all.iter().find(|o| {
                o.parent_id == t.parent_id
                    && o.id != t.id
                    && (o.scope_key == parent.scope_key) == time
            }) else {
                continue;
            };
            let moved = rng.random_range(0..=fen_of(other.amount));
            let amounts = json!([
                { "targetId": t.id.to_string(), "amount": amount(fen_of(t.amount) + moved) },
                { "targetId": other.id.to_string(), "amount": amount(fen_of(other.amount) - moved) },
            ]);
            let body = app
                .graphql_as(&admin(), adjust, json!({ "p": parent.id.to_string(), "a": amounts }))
                .await;
            assert!(body["errors"].is_null(), "{label}: {body}");
        }
        check_tree(&sales_targets::Entity::find().all(&app.db).await.unwrap(), &label);
    }
    assert!(splits >= 10, "the walk split {splits} times ({refused} refused)");

    // Every target reads back through salesMetrics, for its own unit and period.
    let all = sales_targets::Entity::find().all(&app.db).await.unwrap();
    for t in &all {
        let from = t.period_start;
        let end = match period_kind(t) {
            "YEAR" => NaiveDate::from_ymd_opt(from.year(), 12, 31).unwrap(),
            "QUARTER" => {
                from.checked_add_months(chrono::Months::new(3)).unwrap().pred_opt().unwrap()
            }
            _ => from.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap(),
        };
        let (group, filter) = match kind_of(t) {
            "COMPANY" => (vec![], json!({})),
            "REGION" => (vec!["REGION"], json!({ "regionIds": [unit_of(t).to_string()] })),
            "BRANCH" => (vec!["BRANCH"], json!({ "branchIds": [unit_of(t).to_string()] })),
            "TEAM" => (vec!["TEAM"], json!({ "teamIds": [unit_of(t).to_string()] })),
            _ => (vec!["EMPLOYEE"], json!({ "employeeIds": [unit_of(t).to_string()] })),
        };
        let rows = metrics_target(&app, &from.to_string(), &end.to_string(), &group, filter).await;
        let targets: Vec<i64> =
            rows.iter().filter(|r| !r["target"].is_null()).map(|r| fen(&r["target"])).collect();
        assert_eq!(targets, [fen_of(t.amount)], "salesMetrics of {t:?}: {rows:?}");
    }
}

crate::on_both_backends!(
    time_splits_keep_their_unit_at_every_level,
    a_target_belongs_to_one_split,
    random_splits_always_add_up,
);
