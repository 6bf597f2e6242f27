//! Competition mutations: competitor prices observed in the field, recorded by the caller for
//! its branch (HQ: any branch in scope, or national), with the input checked field by field.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

const RECORD: &str = "mutation($i: RecordPriceObservationInput!) { recordPriceObservation(input: $i) { id price observedOn source branch { code } observedBy { id } competitorProduct { id } } }";
const CREATE_KEY: &str = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";

async fn prices_are_recorded_for_the_callers_branch_or_nationally_by_hq(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let product =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM competitor_products").await.to_string();
    let rep_employee = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let guangzhou =
        number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await.to_string();
    let (rep, _) = app.login("rep.sh").await;
    let (analyst, _) = app.login("analyst").await;
    let (admin, _) = app.login("admin").await;
    let key = app
        .graphql_as(
            &admin,
            CREATE_KEY,
            json!({ "i": { "name": "竞品价格采集", "role": "INTEGRATOR", "scope": "ALL" } }),
        )
        .await;
    let key = key["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{key}"))
        .to_owned();
    let today = crate::helpers::business_today();

    // A rep records for its own branch, as itself, today by default.
    let input = json!({ "i": { "competitorProductId": product, "price": "12800.00", "source": "客户报价单" } });
    let body = app.graphql_as(&rep, RECORD, input).await;
    let observation = &body["data"]["recordPriceObservation"];
    assert_eq!(
        observation["price"].as_str().map(|p| p.parse::<f64>().unwrap()),
        Some(12800.0),
        "{body}"
    );
    assert_eq!(observation["observedOn"], today.to_string());
    assert_eq!(observation["source"], "客户报价单");
    assert_eq!(observation["branch"]["code"], "SH");
    assert_eq!(observation["observedBy"]["id"], rep_employee.to_string());
    assert_eq!(observation["competitorProduct"]["id"], product.as_str());
    let id = observation["id"].as_str().unwrap().to_owned();
    let q =
        format!(r#"{{ priceObservation(id: "{id}") {{ source observedOn branch {{ code }} }} }}"#);
    let read = app.graphql_as(&analyst, &q, json!({})).await;
    assert_eq!(read["data"]["priceObservation"]["source"], "客户报价单", "{read}");
    assert_eq!(read["data"]["priceObservation"]["branch"]["code"], "SH");

    // HQ records nationally, or for a branch it names, backdated.
    let last_month = (today - chrono::Duration::days(30)).to_string();
    let input = json!({ "i": { "competitorProductId": product, "price": "11999.5", "observedOn": last_month } });
    let body = app.graphql_as(&analyst, RECORD, input).await;
    assert!(body["data"]["recordPriceObservation"]["branch"].is_null(), "{body}");
    assert_eq!(body["data"]["recordPriceObservation"]["observedOn"], last_month);
    assert!(body["data"]["recordPriceObservation"]["source"].is_null());
    let input = json!({ "i": { "competitorProductId": product, "price": "11800", "branchId": guangzhou, "source": "公开招标结果" } });
    let body = app.graphql_as(&analyst, RECORD, input).await;
    assert_eq!(body["data"]["recordPriceObservation"]["branch"]["code"], "GZ", "{body}");

    // Invalid input names its field and writes nothing.
    let observations = "SELECT COUNT(*) FROM price_observations";
    let audit = "SELECT COUNT(*) FROM audit_log";
    let (observations_before, audit_before) =
        (number(&app, observations).await, number(&app, audit).await);
    let tomorrow_but_one = (today + chrono::Duration::days(2)).to_string();
    let three_years_ago = (today - chrono::Duration::days(3 * 365)).to_string();
    let with = |extra: Value| {
        let mut i = json!({ "competitorProductId": product, "price": "12800" });
        for (k, v) in extra.as_object().unwrap() {
            i[k] = v.clone();
        }
        json!({ "i": i })
    };
    let cases = [
        (with(json!({ "price": "0" })), "price"),
        (with(json!({ "price": "-10" })), "price"),
        (with(json!({ "price": "99.999" })), "price"),
        (with(json!({ "observedOn": tomorrow_but_one })), "observedOn"),
        (with(json!({ "observedOn": three_years_ago })), "observedOn"),
        (with(json!({ "source": "单" })), "source"),
        (with(json!({ "source": "报".repeat(201) })), "source"),
        (with(json!({ "competitorProductId": "99999999" })), "competitorProductId"),
        (with(json!({ "branchId": guangzhou })), "branchId"),
    ];
    for (variables, field) in cases {
        let body = app.graphql_as(&rep, RECORD, variables).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    // Integrators read competition data but record nothing.
    let body = app.graphql_as(&key, RECORD, with(json!({}))).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, observations).await, observations_before);
    assert_eq!(number(&app, audit).await, audit_before);

    let body = app
        .graphql_as(&admin, r#"{ auditEntries(filter: { action: { eq: "priceObservation.create" } }) { totalCount } }"#, json!({}))
        .await;
    assert_eq!(body["data"]["auditEntries"]["totalCount"], 3, "{body}");
    app.stop().await;
}

crate::on_both_backends!(prices_are_recorded_for_the_callers_branch_or_nationally_by_hq);
