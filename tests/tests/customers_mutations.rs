//! Customer relationship mutations: interactions and survey responses recorded for the
//! customers in the caller's scope, invalid input named field by field with nothing written,
//! the write rules, and audit entries.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

fn id_of(value: &Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("not an id: {value}")).to_owned()
}

const RECORD_INTERACTION: &str = "mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id kind summary nextStep occurredAt version customer { id } contact { id } employee { id } } }";
const RECORD_SURVEY: &str = "mutation($i: RecordSurveyResponseInput!) { recordSurveyResponse(input: $i) { id csat nps comment respondedAt orderId ticketId branch { code } customer { id } } }";

/// A customer of rep.sh with one of its orders and a contact, and a contact of another of its
/// customers.
struct Fixture {
    rep_employee: String,
    customer: String,
    order: String,
    contact: String,
    other_customer: String,
    other_contact: String,
}

async fn fixture(app: &TestApp, rep: &str) -> Fixture {
    let body = app
        .graphql_as(
            rep,
            "{ me { employeeId } orders(first: 50) { edges { node { id customer { id contacts { id } } } } } customers(first: 3) { edges { node { id contacts { id } } } } }",
            json!({}),
        )
        .await;
    // One order in five is booked by a rep for a colleague's customer, which the rep does not
    // see: take an order of one of its own customers.
    let order = body["data"]["orders"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| &e["node"])
        .find(|o| o["customer"].is_object())
        .unwrap_or_else(|| panic!("rep.sh has an order of its own customer: {body}"));
    let customer = id_of(&order["customer"]["id"]);
    let other = body["data"]["customers"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| &e["node"])
        .find(|c| c["id"].as_str() != Some(customer.as_str()))
        .unwrap_or_else(|| panic!("rep.sh has a second customer: {body}"));
    Fixture {
        rep_employee: id_of(&body["data"]["me"]["employeeId"]),
        order: id_of(&order["id"]),
        contact: id_of(&order["customer"]["contacts"][0]["id"]),
        customer,
        other_customer: id_of(&other["id"]),
        other_contact: id_of(&other["contacts"][0]["id"]),
    }
}

async fn interactions_and_surveys_are_recorded_for_customers_in_scope(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (manager, _) = app.login("mgr.sh").await;
    let f = fixture(&app, &rep).await;

    // A rep records its own visit; the employee is the rep.
    let input = json!({ "i": {
        "customerId": f.customer,
        "contactId": f.contact,
        "kind": "VISIT",
        "summary": "拜访客户，演示新品",
        "nextStep": "两周内提交正式报价",
    }});
    let body = app.graphql_as(&rep, RECORD_INTERACTION, input).await;
    let created = &body["data"]["recordInteraction"];
    assert_eq!(created["kind"], "VISIT", "{body}");
    assert_eq!(created["summary"], "拜访客户，演示新品");
    assert_eq!(created["nextStep"], "两周内提交正式报价");
    assert_eq!(created["version"], 1);
    assert!(created["occurredAt"].is_string());
    assert_eq!(created["customer"]["id"], f.customer.as_str());
    assert_eq!(created["contact"]["id"], f.contact.as_str());
    assert_eq!(created["employee"]["id"], f.rep_employee.as_str());
    let interaction = id_of(&created["id"]);
    // The branch manager reads it back.
    let q = format!(
        r#"{{ interaction(id: "{interaction}") {{ summary kind employeeId contactId }} }}"#
    );
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["interaction"]["summary"], "拜访客户，演示新品", "{read}");
    assert_eq!(read["data"]["interaction"]["employeeId"], f.rep_employee.as_str());

    // A manager records a call on behalf of a rep of the branch.
    let input = json!({ "i": {
        "customerId": f.customer, "employeeId": f.rep_employee, "kind": "CALL",
        "summary": "电话回访,确认到货与安装情况",
    }});
    let body = app.graphql_as(&manager, RECORD_INTERACTION, input).await;
    let created = &body["data"]["recordInteraction"];
    assert_eq!(created["employee"]["id"], f.rep_employee.as_str(), "{body}");
    assert!(created["contact"].is_null() && created["nextStep"].is_null());

    // Invalid interactions name the field and write nothing.
    let interactions_before = number(&app, "SELECT COUNT(*) FROM interactions").await;
    let audit_before = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let guangzhou = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'GZ'").await;
    let guangzhou_staff = number(&app, "SELECT CAST(MIN(e.id) AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = 'GZ'").await;
    let base = json!({ "customerId": f.customer, "kind": "MEETING", "summary": "方案交流会" });
    let with = |extra: Value| {
        let mut input = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        json!({ "i": input })
    };
    let long_step = "跟".repeat(501);
    let rep_cases = [
        (with(json!({ "summary": "拜" })), "summary"),
        (with(json!({ "summary": "   " })), "summary"),
        (with(json!({ "nextStep": long_step })), "nextStep"),
        (with(json!({ "contactId": f.other_contact })), "contactId"),
        (with(json!({ "contactId": "99999999" })), "contactId"),
        (with(json!({ "occurredAt": "2099-01-01T00:00:00Z" })), "occurredAt"),
        (with(json!({ "customerId": guangzhou.to_string() })), "customerId"),
        (with(json!({ "customerId": "c-1" })), "customerId"),
        (with(json!({ "employeeId": guangzhou_staff.to_string() })), "employeeId"),
    ];
    for (input, field) in rep_cases {
        let body = app.graphql_as(&rep, RECORD_INTERACTION, input).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(error(&body).1, field, "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    // A manager cannot credit someone outside the branch.
    let body = app
        .graphql_as(
            &manager,
            RECORD_INTERACTION,
            with(json!({ "employeeId": guangzhou_staff.to_string() })),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "employeeId"), "{body}");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM interactions").await, interactions_before);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audit_before);

    // A survey response after an order; it counts for the customer's branch.
    let input = json!({ "i": {
        "customerId": f.customer, "orderId": f.order, "csat": 5, "nps": 9,
        "comment": "服务专业,响应及时",
    }});
    let body = app.graphql_as(&rep, RECORD_SURVEY, input).await;
    let survey = &body["data"]["recordSurveyResponse"];
    assert_eq!(survey["csat"], 5, "{body}");
    assert_eq!(survey["nps"], 9);
    assert_eq!(survey["comment"], "服务专业,响应及时");
    assert_eq!(survey["orderId"], f.order.as_str());
    assert!(survey["ticketId"].is_null());
    assert_eq!(survey["branch"]["code"], "SH");
    let survey_id = id_of(&survey["id"]);
    let q = format!(
        r#"{{ surveyResponse(id: "{survey_id}") {{ csat nps comment customer {{ id }} }} }}"#
    );
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["surveyResponse"]["comment"], "服务专业,响应及时", "{read}");
    assert_eq!(read["data"]["surveyResponse"]["customer"]["id"], f.customer.as_str());
    // NPS alone is enough.
    let body = app
        .graphql_as(&rep, RECORD_SURVEY, json!({ "i": { "customerId": f.customer, "nps": 0 } }))
        .await;
    assert_eq!(body["data"]["recordSurveyResponse"]["nps"], 0, "{body}");
    assert!(body["data"]["recordSurveyResponse"]["csat"].is_null());

    // Invalid survey responses.
    let surveys_before = number(&app, "SELECT COUNT(*) FROM survey_responses").await;
    let other_ticket = number(&app, &format!("SELECT CAST(MIN(t.id) AS BIGINT) FROM service_tickets t JOIN branches b ON b.id = t.branch_id WHERE b.code = 'SH' AND t.customer_id <> {}", f.customer)).await;
    let survey_cases = [
        (json!({ "customerId": f.customer }), "csat"),
        (json!({ "customerId": f.customer, "csat": 0 }), "csat"),
        (json!({ "customerId": f.customer, "csat": 6, "nps": 8 }), "csat"),
        (json!({ "customerId": f.customer, "nps": 11 }), "nps"),
        (json!({ "customerId": f.customer, "nps": -1 }), "nps"),
        (json!({ "customerId": f.customer, "csat": 4, "comment": "好".repeat(2001) }), "comment"),
        (
            json!({ "customerId": f.customer, "csat": 4, "respondedAt": "2099-01-01T00:00:00Z" }),
            "respondedAt",
        ),
        (json!({ "customerId": f.other_customer, "csat": 4, "orderId": f.order }), "orderId"),
        (json!({ "customerId": guangzhou.to_string(), "csat": 4 }), "customerId"),
    ];
    for (input, field) in survey_cases {
        let body = app.graphql_as(&rep, RECORD_SURVEY, json!({ "i": input })).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(error(&body).1, field, "{body}");
    }
    // The manager sees every ticket of the branch, but this one is another customer's.
    let input = json!({ "i": { "customerId": f.customer, "csat": 3, "ticketId": other_ticket.to_string() } });
    let body = app.graphql_as(&manager, RECORD_SURVEY, input).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "ticketId"), "{body}");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM survey_responses").await, surveys_before);

    // HQ analysts read customer relationships but do not write them.
    let (analyst, _) = app.login("analyst").await;
    let body = app.graphql_as(&analyst, RECORD_INTERACTION, with(json!({}))).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(
            &analyst,
            RECORD_SURVEY,
            json!({ "i": { "customerId": f.customer, "csat": 4 } }),
        )
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");

    // HQ finds who recorded what in the audit log.
    let (admin, _) = app.login("admin").await;
    let audit = app
        .graphql_as(&admin, r#"{ i: auditEntries(filter: { action: { eq: "interaction.record" } }) { totalCount } s: auditEntries(filter: { action: { eq: "surveyResponse.record" } }) { totalCount edges { node { entity entityId } } } }"#, json!({}))
        .await;
    assert_eq!(audit["data"]["i"]["totalCount"], 2, "{audit}");
    assert_eq!(audit["data"]["s"]["totalCount"], 2, "{audit}");
    assert_eq!(audit["data"]["s"]["edges"][0]["node"]["entity"], "survey_responses");
    assert_eq!(audit["data"]["s"]["edges"][0]["node"]["entityId"], survey_id.as_str());
    app.stop().await;
}

const CREATE_CONTACT: &str = "mutation($i: ContactInput!) { createContact(input: $i) { id name phone email isPrimary version } }";
const UPDATE_CONTACT: &str = "mutation($id: ID!, $v: Int!, $i: ContactInput!) { updateContact(id: $id, version: $v, input: $i) { id phone email isPrimary version } }";

async fn contacts_have_well_formed_details_and_one_primary(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let f = fixture(&app, &rep).await;
    let customer = &f.customer;
    let contacts = "SELECT COUNT(*) FROM contacts";
    let count = number(&app, contacts).await;
    let contact = |over: Value| {
        let mut input = json!({ "customerId": customer, "name": "李明", "title": "采购经理" });
        for (k, v) in over.as_object().unwrap() {
            input[k.as_str()] = v.clone();
        }
        json!({ "i": input })
    };

    // Malformed details are refused, naming the field; nothing is written.
    for (over, field) in [
        (json!({ "email": "li.ming" }), "email"),
        (json!({ "email": "li.ming@example" }), "email"),
        (json!({ "email": "li ming@example.cn" }), "email"),
        (json!({ "email": "li@@example.cn" }), "email"),
        (json!({ "phone": "12345" }), "phone"),
        (json!({ "phone": "138 0013 800" }), "phone"),
        (json!({ "phone": "128 0013 8000" }), "phone"),
        (json!({ "phone": "6888 1234" }), "phone"),
        (json!({ "phone": "电话 021-6888 1234" }), "phone"),
    ] {
        let body = app.graphql_as(&rep, CREATE_CONTACT, contact(over.clone())).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{over}: {body}");
    }
    assert_eq!(number(&app, contacts).await, count, "nothing written");

    // Numbers and addresses as people write them are kept as written, trimmed.
    let mut created = Vec::new();
    for (phone, email) in [
        ("138 0013 8000", "li.ming@example.cn"),
        ("+86 139-1234-5678", "13912345678@163.com"),
        ("021-6888 1234 转 802", "王芳@例子.中国"),
        ("(0755) 2601 2345", "sales+crm@customer.example.com.cn"),
        ("400-820-1000", "LI@EXAMPLE.CN"),
        ("+852 2123 4567", "li-ming@hk.example.com"),
    ] {
        let body = app
            .graphql_as(
                &rep,
                CREATE_CONTACT,
                contact(json!({ "phone": format!(" {phone} "), "email": email })),
            )
            .await;
        let row = &body["data"]["createContact"];
        assert_eq!(
            (row["phone"].as_str(), row["email"].as_str()),
            (Some(phone), Some(email)),
            "{body}"
        );
        created.push(row["id"].as_str().unwrap().to_owned());
    }

    // On update alike.
    let id = &created[0];
    for (input, field) in
        [(json!({ "phone": "021-688" }), "phone"), (json!({ "email": "li@example..cn" }), "email")]
    {
        let body =
            app.graphql_as(&rep, UPDATE_CONTACT, json!({ "id": id, "v": 1, "i": input })).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let body = app
        .graphql_as(
            &rep,
            UPDATE_CONTACT,
            json!({ "id": id, "v": 1, "i": { "phone": "010-8888 6666" } }),
        )
        .await;
    assert_eq!(body["data"]["updateContact"]["phone"], "010-8888 6666", "{body}");

    // A customer has one primary contact: a second one is a conflict, on create and update.
    let primary = format!(
        "SELECT CAST(id AS BIGINT) FROM contacts WHERE customer_id = {customer} AND is_primary"
    );
    let current = number(&app, &primary).await;
    let body = app.graphql_as(&rep, CREATE_CONTACT, contact(json!({ "isPrimary": true }))).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "isPrimary"), "{body}");
    assert!(error(&body).2.contains(&current.to_string()), "names the current one: {body}");
    let body = app
        .graphql_as(&rep, UPDATE_CONTACT, json!({ "id": id, "v": 2, "i": { "isPrimary": true } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "isPrimary"), "{body}");
    let primaries =
        format!("SELECT COUNT(*) FROM contacts WHERE customer_id = {customer} AND is_primary");
    assert_eq!(number(&app, &primaries).await, 1);
    // Unset the current one first, and the other becomes primary.
    let version =
        number(&app, &format!("SELECT CAST(version AS BIGINT) FROM contacts WHERE id = {current}"))
            .await;
    let body = app
        .graphql_as(
            &rep,
            UPDATE_CONTACT,
            json!({ "id": current.to_string(), "v": version, "i": { "isPrimary": false } }),
        )
        .await;
    assert_eq!(body["data"]["updateContact"]["isPrimary"], false, "{body}");
    let body = app
        .graphql_as(&rep, UPDATE_CONTACT, json!({ "id": id, "v": 2, "i": { "isPrimary": true } }))
        .await;
    assert_eq!(body["data"]["updateContact"]["isPrimary"], true, "{body}");
    assert_eq!(number(&app, &primary).await.to_string(), *id);
    app.stop().await;
}

crate::on_both_backends!(
    interactions_and_surveys_are_recorded_for_customers_in_scope,
    contacts_have_well_formed_details_and_one_primary,
);
