//! Service ticket mutations: a ticket opened with a server-made number and an SLA from its
//! priority, resolved once, invalid input named field by field with nothing written, stale
//! versions, the write rules, and audit entries.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

fn id_of(value: &Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("not an id: {value}")).to_owned()
}

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a time: {value}")).parse().unwrap()
}

const OPEN_TICKET: &str = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { id ticketNo status priority subject description openedAt slaDueAt resolvedAt version branch { code } customer { id } order { id } product { id } assignee { id } } }";
const RESOLVE_TICKET: &str = "mutation($id: ID!, $v: Int!, $r: String!, $s: Int) { resolveTicket(id: $id, version: $v, resolution: $r, satisfaction: $s) { id status resolution satisfaction resolvedAt version } }";

async fn tickets_are_opened_with_an_sla_and_resolved_once(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (manager, _) = app.login("mgr.sh").await;
    let body = app
        .graphql_as(
            &rep,
            "{ me { employeeId } orders(first: 50) { edges { node { id customer { id } } } } products(first: 1, filter: { status: { eq: ACTIVE } }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let me = id_of(&body["data"]["me"]["employeeId"]);
    // An order of one of the rep's own customers (some of its orders are for colleagues').
    let order = body["data"]["orders"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| &e["node"])
        .find(|o| o["customer"].is_object())
        .unwrap_or_else(|| panic!("rep.sh has an order of its own customer: {body}"));
    let (order_id, customer) = (id_of(&order["id"]), id_of(&order["customer"]["id"]));
    let product = id_of(&body["data"]["products"]["edges"][0]["node"]["id"]);

    // A rep opens an urgent ticket: assigned to the rep, due in 4 hours.
    let input = json!({ "i": {
        "customerId": customer, "productId": product, "orderId": order_id,
        "subject": "网络间歇性中断", "description": "客户报修:办公室网络每小时中断数次",
        "priority": "URGENT",
    }});
    let body = app.graphql_as(&rep, OPEN_TICKET, input).await;
    let ticket = &body["data"]["openTicket"];
    assert_eq!(ticket["status"], "OPEN", "{body}");
    assert_eq!(ticket["priority"], "URGENT");
    assert_eq!(ticket["subject"], "网络间歇性中断");
    assert_eq!(ticket["description"], "客户报修:办公室网络每小时中断数次");
    assert_eq!(ticket["branch"]["code"], "SH");
    assert_eq!(ticket["customer"]["id"], customer.as_str());
    assert_eq!(ticket["order"]["id"], order_id.as_str());
    assert_eq!(ticket["product"]["id"], product.as_str());
    assert_eq!(ticket["assignee"]["id"], me.as_str());
    assert!(ticket["resolvedAt"].is_null());
    assert_eq!(ticket["version"], 1);
    assert_eq!(time(&ticket["slaDueAt"]) - time(&ticket["openedAt"]), chrono::Duration::hours(4));
    let id = id_of(&ticket["id"]);
    let ticket_no = ticket["ticketNo"].as_str().unwrap();
    assert!(
        ticket_no.starts_with('T') && ticket_no.ends_with(&format!("-{id:0>7}")),
        "{ticket_no}"
    );
    let sql = format!("SELECT COUNT(*) FROM service_tickets WHERE ticket_no = '{ticket_no}'");
    assert_eq!(number(&app, &sql).await, 1);

    // A manager's ticket without an assignee stays unassigned; LOW is due in 120 hours.
    let input = json!({ "i": {
        "customerId": customer, "subject": "咨询扩容方案", "description": "客户咨询明年扩容",
        "priority": "LOW",
    }});
    let body = app.graphql_as(&manager, OPEN_TICKET, input).await;
    let unassigned = &body["data"]["openTicket"];
    assert!(unassigned["assignee"].is_null(), "{body}");
    let due = time(&unassigned["slaDueAt"]) - time(&unassigned["openedAt"]);
    assert_eq!(due, chrono::Duration::hours(120));
    let unassigned = id_of(&unassigned["id"]);

    // Invalid tickets name the field and write nothing.
    let tickets_before = number(&app, "SELECT COUNT(*) FROM service_tickets").await;
    let audit_before = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let guangzhou = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'GZ'").await;
    let guangzhou_staff = number(&app, "SELECT CAST(MIN(e.id) AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = 'GZ'").await;
    let others_order = number(&app, &format!("SELECT CAST(MIN(o.id) AS BIGINT) FROM sales_orders o JOIN branches b ON b.id = o.branch_id WHERE b.code = 'SH' AND o.customer_id <> {customer}")).await;
    let base = json!({ "customerId": customer, "subject": "设备无法开机", "description": "客户报修", "priority": "HIGH" });
    let with = |extra: Value| {
        let mut input = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        json!({ "i": input })
    };
    let rep_cases = [
        (with(json!({ "subject": "坏" })), "subject"),
        (with(json!({ "subject": "长".repeat(201) })), "subject"),
        (with(json!({ "description": "  " })), "description"),
        (with(json!({ "description": "述".repeat(5001) })), "description"),
        (with(json!({ "customerId": guangzhou.to_string() })), "customerId"),
        (with(json!({ "productId": "99999999" })), "productId"),
        (with(json!({ "assigneeId": guangzhou_staff.to_string() })), "assigneeId"),
    ];
    for (input, field) in rep_cases {
        let body = app.graphql_as(&rep, OPEN_TICKET, input).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(error(&body).1, field, "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    let manager_cases = [
        (with(json!({ "orderId": others_order.to_string() })), "orderId"),
        (with(json!({ "assigneeId": guangzhou_staff.to_string() })), "assigneeId"),
    ];
    for (input, field) in manager_cases {
        let body = app.graphql_as(&manager, OPEN_TICKET, input).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM service_tickets").await, tickets_before);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audit_before);

    // Resolving: the inputs are checked first.
    let resolve = |v: i64, r: &str, s: Value| json!({ "id": id, "v": v, "r": r, "s": s });
    let body = app.graphql_as(&rep, RESOLVE_TICKET, resolve(1, "好", json!(5))).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "resolution"), "{body}");
    let body = app.graphql_as(&rep, RESOLVE_TICKET, resolve(1, "已处理完毕", json!(6))).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "satisfaction"), "{body}");

    // The rep resolves its ticket; the manager reads it back resolved.
    let body = app
        .graphql_as(&rep, RESOLVE_TICKET, resolve(1, "已更换故障部件并完成测试", json!(5)))
        .await;
    let resolved = &body["data"]["resolveTicket"];
    assert_eq!(resolved["status"], "RESOLVED", "{body}");
    assert_eq!(resolved["resolution"], "已更换故障部件并完成测试");
    assert_eq!(resolved["satisfaction"], 5);
    assert_eq!(resolved["version"], 2);
    assert!(resolved["resolvedAt"].is_string());
    let q = format!(
        r#"{{ serviceTicket(id: "{id}") {{ status resolution satisfaction resolvedAt }} }}"#
    );
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["serviceTicket"]["status"], "RESOLVED", "{read}");
    assert_eq!(read["data"]["serviceTicket"]["resolution"], "已更换故障部件并完成测试");

    // A resolved ticket cannot be resolved again, even at its current version.
    let body = app.graphql_as(&manager, RESOLVE_TICKET, resolve(2, "再次处理", Value::Null)).await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(message.contains("RESOLVED"), "{message}");
    // Nor a closed one.
    let (admin, _) = app.login("admin").await;
    let closed =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM service_tickets WHERE status = 'CLOSED'")
            .await;
    let vars = json!({ "id": closed.to_string(), "v": 1, "r": "再次处理" });
    let body = app.graphql_as(&admin, RESOLVE_TICKET, vars).await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(message.contains("CLOSED"), "{message}");

    // Someone changed the unassigned ticket since the manager read it at version 1.
    app.db
        .execute_unprepared(&format!(
            "UPDATE service_tickets SET version = version + 1 WHERE id = {unassigned}"
        ))
        .await
        .unwrap();
    let vars = json!({ "id": unassigned, "v": 1, "r": "已电话答复客户" });
    let body = app.graphql_as(&manager, RESOLVE_TICKET, vars).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    let sql = format!(
        "SELECT COUNT(*) FROM service_tickets WHERE id = {unassigned} AND status = 'OPEN' AND resolution IS NULL"
    );
    assert_eq!(number(&app, &sql).await, 1);

    // Out of scope: the rep does not own the unassigned ticket; 广州's manager not 上海's.
    let vars = json!({ "id": unassigned, "v": 2, "r": "已电话答复客户" });
    let body = app.graphql_as(&rep, RESOLVE_TICKET, vars.clone()).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let (guangzhou_manager, _) = app.login("mgr.gz").await;
    let body = app.graphql_as(&guangzhou_manager, RESOLVE_TICKET, vars).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(&manager, RESOLVE_TICKET, json!({ "id": "99999999", "v": 1, "r": "已处理" }))
        .await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{body}");
    let (analyst, _) = app.login("analyst").await;
    let body = app.graphql_as(&analyst, OPEN_TICKET, with(json!({}))).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");

    // HQ finds the changes in the audit log.
    let audit = app
        .graphql_as(&admin, r#"{ o: auditEntries(filter: { action: { eq: "ticket.open" } }) { totalCount } r: auditEntries(filter: { action: { eq: "ticket.resolve" } }) { totalCount edges { node { entity entityId changes } } } }"#, json!({}))
        .await;
    assert_eq!(audit["data"]["o"]["totalCount"], 2, "{audit}");
    assert_eq!(audit["data"]["r"]["totalCount"], 1, "{audit}");
    let entry = &audit["data"]["r"]["edges"][0]["node"];
    assert_eq!(entry["entity"], "service_tickets");
    assert_eq!(entry["entityId"], id.as_str());
    assert_eq!(entry["changes"]["status"]["after"], "RESOLVED", "{entry}");
    app.stop().await;
}

crate::on_both_backends!(tickets_are_opened_with_an_sla_and_resolved_once);
