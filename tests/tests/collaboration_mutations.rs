//! Collaboration mutations: tasks created (a sales rep only for themselves), reassigned by
//! managers with optimistic versions, completed by their assignee or manager once; invalid
//! input named field by field with nothing written.

use chrono::Duration;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

async fn numbers(app: &TestApp, sql: &str) -> Vec<i64> {
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<i64>(0).unwrap()).collect()
}

async fn employee_of(app: &TestApp, username: &str) -> i64 {
    let sql = format!(
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = '{username}'"
    );
    number(app, &sql).await
}

/// `base` with the fields of `over` replaced.
fn with(base: &Value, over: Value) -> Value {
    let mut input = base.clone();
    for (k, v) in over.as_object().unwrap() {
        input[k.as_str()] = v.clone();
    }
    json!({ "i": input })
}

const CREATE: &str = "mutation($i: CreateTaskInput!) { createTask(input: $i) { id title description status priority dueDate version projectId assigneeId creatorId branch { code } } }";
const ASSIGN: &str = "mutation($id: ID!, $v: Int!, $a: ID!) { assignTask(id: $id, version: $v, assigneeId: $a) { id version assigneeId status } }";
const COMPLETE: &str = "mutation($id: ID!, $v: Int!) { completeTask(id: $id, version: $v) { id version status completedAt } }";

async fn tasks_are_created_assigned_and_completed(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let (rep, _) = app.login("rep.sh").await;
    // Logins write audit entries of their own: log everyone in before counting.
    let (admin, _) = app.login("admin").await;
    let (analyst, _) = app.login("analyst").await;
    let (mgr_id, rep_id) = (employee_of(&app, "mgr.sh").await, employee_of(&app, "rep.sh").await);
    let staff_of = |code: &str| {
        format!(
            "SELECT CAST(e.id AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = '{code}' ORDER BY e.id"
        )
    };
    let colleague = numbers(&app, &staff_of("SH"))
        .await
        .into_iter()
        .find(|e| *e != mgr_id && *e != rep_id)
        .unwrap()
        .to_string();
    let outsider = numbers(&app, &staff_of("GZ")).await[0].to_string();
    let hq_staff =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id IS NULL")
            .await
            .to_string();
    // The product launch is HQ's company-wide project, still active.
    let company_project = number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM projects WHERE branch_id IS NULL AND status = 'ACTIVE'").await.to_string();
    let today = crate::helpers::business_today();
    let due = (today + Duration::days(7)).to_string();

    // A manager's task in a company-wide project lands in the manager's branch.
    let task = json!({
        "title": "拜访华信科技并跟进报价", "description": "带上新品方案,确认采购时间表。",
        "projectId": company_project, "assigneeId": rep_id.to_string(), "priority": "HIGH", "dueDate": due,
    });
    let body = app.graphql_as(&manager, CREATE, with(&task, json!({}))).await;
    let created = &body["data"]["createTask"];
    assert_eq!(created["status"], "TODO", "{body}");
    assert_eq!(created["title"], "拜访华信科技并跟进报价");
    assert_eq!(created["priority"], "HIGH");
    assert_eq!(created["dueDate"], due.as_str());
    assert_eq!(created["branch"]["code"], "SH");
    assert_eq!(created["projectId"], company_project.as_str());
    assert_eq!(created["assigneeId"], rep_id.to_string());
    assert_eq!(created["creatorId"], mgr_id.to_string());
    assert_eq!(created["version"], 1);
    let first = created["id"].as_str().unwrap().to_owned();
    let read = app
        .graphql_as(
            &rep,
            &format!(r#"{{ task(id: "{first}") {{ title status assigneeId }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(
        read["data"]["task"]["title"], "拜访华信科技并跟进报价",
        "the assignee sees it: {read}"
    );

    // A rep's own task: assigned to the rep, NORMAL by default.
    let body = app.graphql_as(&rep, CREATE, json!({ "i": { "title": "整理客户拜访纪要" } })).await;
    let own = &body["data"]["createTask"];
    assert_eq!(own["assigneeId"], rep_id.to_string(), "{body}");
    assert_eq!(own["creatorId"], rep_id.to_string());
    assert_eq!(own["priority"], "NORMAL");
    assert_eq!(own["branch"]["code"], "SH");
    assert!(own["dueDate"].is_null());
    let second = own["id"].as_str().unwrap().to_owned();

    // Invalid input names its field and writes nothing.
    let tasks = number(&app, "SELECT COUNT(*) FROM tasks").await;
    let audits = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let body = app
        .graphql_as(
            &rep,
            CREATE,
            json!({ "i": { "title": "替同事建任务", "assigneeId": colleague } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "assigneeId"), "{body}");
    let guangzhou = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let cases = [
        (json!({ "title": "x" }), "title"),
        (json!({ "description": "说".repeat(5001) }), "description"),
        (json!({ "dueDate": (today - Duration::days(2)).to_string() }), "dueDate"),
        (json!({ "projectId": "99999999" }), "projectId"),
        (json!({ "branchId": guangzhou.to_string() }), "branchId"),
        (json!({ "assigneeId": outsider }), "assigneeId"),
        (json!({ "assigneeId": hq_staff }), "assigneeId"),
    ];
    for (over, field) in cases {
        let body = app.graphql_as(&manager, CREATE, with(&task, over)).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    let done_project =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM projects WHERE status = 'DONE'").await;
    let body = app
        .graphql_as(
            &admin,
            CREATE,
            json!({ "i": { "title": "补充复盘材料", "projectId": done_project.to_string() } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "projectId"), "{body}");
    let body = app.graphql_as(&analyst, CREATE, json!({ "i": { "title": "分析任务" } })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM tasks").await, tasks);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audits);

    // Reassigning: managers only, at the version read, to someone of the task's branch.
    let body = app.graphql_as(&rep, ASSIGN, json!({ "id": first, "v": 1, "a": colleague })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body =
        app.graphql_as(&manager, ASSIGN, json!({ "id": first, "v": 1, "a": colleague })).await;
    let assigned = &body["data"]["assignTask"];
    assert_eq!(assigned["assigneeId"], colleague.as_str(), "{body}");
    assert_eq!(assigned["version"], 2);
    let stale = app
        .graphql_as(&manager, ASSIGN, json!({ "id": first, "v": 1, "a": rep_id.to_string() }))
        .await;
    assert_eq!((error(&stale).0, error(&stale).1), ("CONFLICT", "version"), "{stale}");
    let body =
        app.graphql_as(&manager, ASSIGN, json!({ "id": first, "v": 2, "a": outsider })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "assigneeId"), "{body}");
    let (gz_manager, _) = app.login("mgr.gz").await;
    let body =
        app.graphql_as(&gz_manager, ASSIGN, json!({ "id": first, "v": 2, "a": outsider })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let read = app
        .graphql_as(
            &manager,
            &format!(r#"{{ task(id: "{first}") {{ assigneeId version }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(read["data"]["task"]["assigneeId"], colleague.as_str(), "{read}");
    assert_eq!(read["data"]["task"]["version"], 2);

    // Completing: the assignee or the branch's manager, once.
    let body = app.graphql_as(&rep, COMPLETE, json!({ "id": first, "v": 2 })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "no longer the rep's task: {body}");
    let body = app.graphql_as(&rep, COMPLETE, json!({ "id": second, "v": 1 })).await;
    let done = &body["data"]["completeTask"];
    assert_eq!(done["status"], "DONE", "{body}");
    assert!(done["completedAt"].is_string());
    assert_eq!(done["version"], 2);
    let read = app
        .graphql_as(
            &rep,
            &format!(r#"{{ task(id: "{second}") {{ status completedAt }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(read["data"]["task"]["status"], "DONE", "{read}");
    assert!(read["data"]["task"]["completedAt"].is_string());
    let body = app.graphql_as(&rep, COMPLETE, json!({ "id": second, "v": 2 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(error(&body).2.contains("DONE"), "{body}");
    let body =
        app.graphql_as(&manager, ASSIGN, json!({ "id": second, "v": 2, "a": colleague })).await;
    assert_eq!(
        (error(&body).0, error(&body).1),
        ("BAD_USER_INPUT", "id"),
        "done tasks stay with their assignee: {body}"
    );
    let body = app.graphql_as(&manager, COMPLETE, json!({ "id": first, "v": 2 })).await;
    assert_eq!(body["data"]["completeTask"]["status"], "DONE", "{body}");
    let sql = format!(
        "SELECT COUNT(*) FROM tasks WHERE id IN ({first}, {second}) AND status = 'DONE' AND completed_at IS NOT NULL"
    );
    assert_eq!(number(&app, &sql).await, 2);

    let audit = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "task.complete" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 2, "{audit}");
    let audit = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "task.assign" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 1, "{audit}");
    app.stop().await;
}

crate::on_both_backends!(tasks_are_created_assigned_and_completed);
