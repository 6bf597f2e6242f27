//! Communication mutations: branch reports submitted by their branch (a seeded draft taken
//! over at its version) and reviewed by HQ only; meetings scheduled with their attendees in
//! one transaction; action items for invited employees; invalid input named field by field
//! with nothing written.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

async fn numbers(app: &TestApp, sql: &str) -> Vec<i64> {
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<i64>(0).unwrap()).collect()
}

async fn employee_of(app: &TestApp, username: &str) -> i64 {
    number(
        app,
        &format!(
            "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = '{username}'"
        ),
    )
    .await
}

/// `base` with the fields of `over` replaced.
fn with(base: &Value, over: Value) -> Value {
    let mut input = base.clone();
    for (k, v) in over.as_object().unwrap() {
        input[k.as_str()] = v.clone();
    }
    json!({ "i": input })
}

const SUBMIT: &str = "mutation($i: SubmitBranchReportInput!) { submitBranchReport(input: $i) { id version kind status title periodEnd submittedAt authorId branch { code } template { name } } }";
const REVIEW: &str = "mutation($id: ID!, $v: Int!, $c: String!) { reviewBranchReport(id: $id, version: $v, comment: $c) { id version status hqComment reviewedAt reviewedById } }";
const DRAFTS: &str = "{ branchReports(filter: { status: { eq: DRAFT } }) { edges { node { id version kind periodStart periodEnd } } } }";

async fn branch_reports_are_submitted_by_their_branch_and_reviewed_by_hq(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let me = employee_of(&app, "mgr.sh").await;
    let today = crate::helpers::business_today();
    let (start, end) = (today - Duration::days(10), today - Duration::days(4));
    let weekly = json!({
        "kind": "WEEKLY", "templateId": "1", "periodStart": start.to_string(), "periodEnd": end.to_string(),
        "title": "上海分公司周报", "content": "本周销售进展:新签两家制造业客户。\n下周计划:推进政企商机。",
    });
    let body = app.graphql_as(&manager, SUBMIT, with(&weekly, json!({}))).await;
    let report = &body["data"]["submitBranchReport"];
    assert_eq!(report["status"], "SUBMITTED", "{body}");
    assert_eq!(report["kind"], "WEEKLY");
    assert_eq!(report["branch"]["code"], "SH");
    assert_eq!(report["template"]["name"], "分公司周报");
    assert_eq!(report["authorId"], me.to_string());
    assert_eq!(report["periodEnd"], end.to_string());
    assert_eq!(report["version"], 1);
    assert!(report["submittedAt"].is_string(), "{body}");
    let id = report["id"].as_str().unwrap().to_owned();
    let read = app
        .graphql_as(
            &manager,
            &format!(r#"{{ branchReport(id: "{id}") {{ status title content }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(read["data"]["branchReport"]["status"], "SUBMITTED", "{read}");
    assert_eq!(read["data"]["branchReport"]["title"], "上海分公司周报");
    assert!(
        read["data"]["branchReport"]["content"].as_str().unwrap().contains("新签两家制造业客户")
    );

    // The same period again is a conflict; invalid input names its field and writes nothing.
    let again = app.graphql_as(&manager, SUBMIT, with(&weekly, json!({}))).await;
    assert_eq!((error(&again).0, error(&again).1), ("CONFLICT", "periodStart"), "{again}");
    let reports = number(&app, "SELECT COUNT(*) FROM branch_reports").await;
    let audits = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let guangzhou = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let future = today + Duration::days(3);
    let earlier = start - Duration::days(7);
    let cases = [
        (json!({ "title": "周" }), "title"),
        (json!({ "content": "   " }), "content"),
        (json!({ "periodEnd": (start - Duration::days(1)).to_string() }), "periodEnd"),
        (json!({ "periodEnd": (start + Duration::days(7)).to_string() }), "periodEnd"),
        (
            json!({ "periodStart": future.to_string(), "periodEnd": (future + Duration::days(6)).to_string() }),
            "periodStart",
        ),
        (
            json!({ "kind": "MONTHLY", "templateId": "2", "periodStart": "2025-03-02", "periodEnd": "2025-03-31" }),
            "periodStart",
        ),
        (
            json!({ "kind": "MONTHLY", "templateId": "2", "periodStart": "2025-02-01", "periodEnd": "2025-02-27" }),
            "periodEnd",
        ),
        (json!({ "templateId": "2" }), "templateId"),
        (json!({ "templateId": "999" }), "templateId"),
        (json!({ "branchId": guangzhou.to_string() }), "branchId"),
        (
            json!({ "version": 1, "periodStart": earlier.to_string(), "periodEnd": (earlier + Duration::days(6)).to_string() }),
            "version",
        ),
    ];
    for (over, field) in cases {
        let body = app.graphql_as(&manager, SUBMIT, with(&weekly, over)).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM branch_reports").await, reports);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audits);

    // This month's seeded draft is submitted by naming its version: same report, now SUBMITTED.
    let drafts = app.graphql_as(&manager, DRAFTS, json!({})).await;
    let draft = drafts["data"]["branchReports"]["edges"][0]["node"].clone();
    assert!(draft.is_object(), "the seed leaves this month's report a draft: {drafts}");
    let draft_version = draft["version"].as_i64().unwrap();
    let monthly = json!({
        "kind": "MONTHLY", "templateId": "2", "periodStart": draft["periodStart"], "periodEnd": draft["periodEnd"],
        "title": "上海分公司本月经营报告", "content": "一、经营概况:本月销售稳步增长。\n二、下月计划:加快商机转化。",
    });
    let body = app.graphql_as(&manager, SUBMIT, with(&monthly, json!({}))).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "version"), "{body}");
    let body =
        app.graphql_as(&manager, SUBMIT, with(&monthly, json!({ "version": draft_version }))).await;
    let submitted = &body["data"]["submitBranchReport"];
    assert_eq!(submitted["id"], draft["id"], "{body}");
    assert_eq!(submitted["status"], "SUBMITTED");
    assert_eq!(submitted["title"], "上海分公司本月经营报告");
    assert_eq!(submitted["version"], draft_version + 1);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM branch_reports").await, reports);

    // Reviews are HQ's.
    let body = app.graphql_as(&manager, REVIEW, json!({ "id": id, "v": 1, "c": "已阅" })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let (admin, _) = app.login("admin").await;
    let hq = employee_of(&app, "admin").await;
    let comment = "已阅。请关注回款与重点商机推进。";
    let body = app.graphql_as(&admin, REVIEW, json!({ "id": id, "v": 1, "c": comment })).await;
    let reviewed = &body["data"]["reviewBranchReport"];
    assert_eq!(reviewed["status"], "REVIEWED", "{body}");
    assert_eq!(reviewed["hqComment"], comment);
    assert_eq!(reviewed["reviewedById"], hq.to_string());
    assert_eq!(reviewed["version"], 2);
    assert!(reviewed["reviewedAt"].is_string());
    let read = app
        .graphql_as(
            &manager,
            &format!(r#"{{ branchReport(id: "{id}") {{ status hqComment }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(read["data"]["branchReport"]["status"], "REVIEWED", "{read}");
    assert_eq!(read["data"]["branchReport"]["hqComment"], comment);

    let body = app.graphql_as(&admin, REVIEW, json!({ "id": id, "v": 2, "c": "再阅" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(error(&body).2.contains("REVIEWED"), "{body}");
    let body = app
        .graphql_as(&admin, REVIEW, json!({ "id": draft["id"], "v": draft_version, "c": "已阅" }))
        .await;
    assert_eq!(
        (error(&body).0, error(&body).1),
        ("CONFLICT", "version"),
        "a stale version: {body}"
    );
    let body = app
        .graphql_as(&admin, REVIEW, json!({ "id": draft["id"], "v": draft_version + 1, "c": " " }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "comment"), "{body}");
    let others = app.graphql_as(&admin, DRAFTS, json!({})).await;
    let other = &others["data"]["branchReports"]["edges"][0]["node"];
    let body = app
        .graphql_as(
            &admin,
            REVIEW,
            json!({ "id": other["id"], "v": other["version"], "c": "已阅" }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"), "{body}");
    assert!(error(&body).2.contains("DRAFT"), "{body}");

    let audit = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "branchReport.review" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 1, "{audit}");
    let audit = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "branchReport.submit" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 2, "{audit}");
    app.stop().await;
}

const SCHEDULE: &str = "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id title kind status location branchId organizerId branch { code } attendees { employeeId attended } } }";
const ADD_ITEM: &str = "mutation($m: ID!, $i: AddActionItemInput!) { addActionItem(meetingId: $m, input: $i) { id description status dueDate assigneeId meetingId completedAt } }";

async fn meetings_are_scheduled_with_attendees_and_action_items(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let me = employee_of(&app, "mgr.sh").await;
    let shanghai = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let staff_of = |code: &str| {
        format!(
            "SELECT CAST(e.id AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = '{code}' ORDER BY e.id"
        )
    };
    let sh_staff: Vec<i64> =
        numbers(&app, &staff_of("SH")).await.into_iter().filter(|e| *e != me).collect();
    let gz_staff = numbers(&app, &staff_of("GZ")).await;
    let invited: Vec<String> = sh_staff.iter().take(3).map(i64::to_string).collect();
    let starts = Utc::now() + Duration::days(2);
    let meeting = json!({
        "title": "上海分公司季度复盘会", "kind": "BRANCH_INTERNAL", "branchId": shanghai.to_string(),
        "startsAt": starts.to_rfc3339(), "endsAt": (starts + Duration::hours(2)).to_rfc3339(),
        "location": "分公司会议室", "attendeeIds": invited,
    });
    let body = app.graphql_as(&manager, SCHEDULE, with(&meeting, json!({}))).await;
    let scheduled = &body["data"]["scheduleMeeting"];
    assert_eq!(scheduled["status"], "SCHEDULED", "{body}");
    assert_eq!(scheduled["kind"], "BRANCH_INTERNAL");
    assert_eq!(scheduled["branch"]["code"], "SH");
    assert_eq!(scheduled["organizerId"], me.to_string());
    assert_eq!(scheduled["location"], "分公司会议室");
    let attendees = scheduled["attendees"].as_array().unwrap();
    let mut ids: Vec<String> =
        attendees.iter().map(|a| a["employeeId"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    let mut expected = invited.clone();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(attendees.iter().all(|a| a["attended"] == false), "{body}");
    let id = scheduled["id"].as_str().unwrap().to_owned();
    // A rep of the branch sees it.
    let (rep, _) = app.login("rep.sh").await;
    let read = app
        .graphql_as(
            &rep,
            &format!(r#"{{ meeting(id: "{id}") {{ title status attendees {{ attended }} }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(read["data"]["meeting"]["title"], "上海分公司季度复盘会", "{read}");
    assert_eq!(read["data"]["meeting"]["attendees"].as_array().map(Vec::len), Some(3));

    // Invalid input names its field; nothing is written.
    let meetings = number(&app, "SELECT COUNT(*) FROM meetings").await;
    let attendee_rows = number(&app, "SELECT COUNT(*) FROM meeting_attendees").await;
    let (a, b) = (invited[0].clone(), invited[1].clone());
    let cases = [
        (json!({ "title": "会" }), "title"),
        (json!({ "endsAt": starts.to_rfc3339() }), "endsAt"),
        (json!({ "endsAt": (starts + Duration::hours(25)).to_rfc3339() }), "endsAt"),
        (json!({ "location": "会".repeat(201) }), "location"),
        (json!({ "attendeeIds": [] }), "attendeeIds"),
        (json!({ "attendeeIds": vec![a.clone(); 101] }), "attendeeIds"),
        (json!({ "attendeeIds": [a, b, invited[0]] }), "attendeeIds"),
        (json!({ "attendeeIds": [invited[0], gz_staff[0].to_string()] }), "attendeeIds[1]"),
    ];
    for (over, field) in cases {
        let body = app.graphql_as(&manager, SCHEDULE, with(&meeting, over)).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let guangzhou = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let body = app
        .graphql_as(
            &manager,
            SCHEDULE,
            with(&meeting, json!({ "branchId": guangzhou.to_string() })),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "branchId"), "{body}");
    // HQ meetings are HQ's; reps schedule nothing.
    let body =
        app.graphql_as(&manager, SCHEDULE, with(&meeting, json!({ "branchId": null }))).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app.graphql_as(&rep, SCHEDULE, with(&meeting, json!({}))).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM meetings").await, meetings);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM meeting_attendees").await, attendee_rows);

    // HQ_ADMIN schedules an HQ meeting of no branch.
    let (admin, _) = app.login("admin").await;
    let managers = [me.to_string(), employee_of(&app, "mgr.gz").await.to_string()];
    let hq_meeting = with(
        &meeting,
        json!({ "title": "总部季度经营分析会", "kind": "CROSS_DEPARTMENT", "branchId": null, "location": "视频会议", "attendeeIds": managers }),
    );
    let body = app.graphql_as(&admin, SCHEDULE, hq_meeting).await;
    let hq = &body["data"]["scheduleMeeting"];
    assert!(hq["branchId"].is_null() && hq["branch"].is_null(), "{body}");
    assert_eq!(hq["organizerId"], employee_of(&app, "admin").await.to_string());
    let hq_id = hq["id"].as_str().unwrap().to_owned();

    // Action items: for an invited employee, due no earlier than the meeting's day.
    let due = (starts + Duration::days(7)).date_naive().to_string();
    let item = json!({ "assigneeId": invited[0], "description": "整理本季度重点客户清单", "dueDate": due });
    let body = app.graphql_as(&manager, ADD_ITEM, json!({ "m": id, "i": item })).await;
    let added = &body["data"]["addActionItem"];
    assert_eq!(added["status"], "OPEN", "{body}");
    assert_eq!(added["assigneeId"], invited[0].as_str());
    assert_eq!(added["meetingId"], id.as_str());
    assert_eq!(added["dueDate"], due.as_str());
    assert!(added["completedAt"].is_null());
    let read = app
        .graphql_as(
            &manager,
            &format!(r#"{{ meeting(id: "{id}") {{ actionItems {{ description status }} }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(
        read["data"]["meeting"]["actionItems"][0]["description"], "整理本季度重点客户清单",
        "{read}"
    );

    let outsider = sh_staff[3].to_string();
    let cases = [
        (json!({ "assigneeId": outsider }), "assigneeId"),
        (json!({ "assigneeId": gz_staff[0].to_string() }), "assigneeId"),
        (json!({ "description": "做" }), "description"),
        (json!({ "dueDate": (starts - Duration::days(2)).date_naive().to_string() }), "dueDate"),
    ];
    for (over, field) in cases {
        let body = app
            .graphql_as(&manager, ADD_ITEM, json!({ "m": id, "i": with(&item, over)["i"] }))
            .await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let body = app.graphql_as(&manager, ADD_ITEM, json!({ "m": "abc", "i": item })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "meetingId"), "{body}");
    // Reps add none; a manager none to HQ's meeting nor to another branch's.
    let (gz_manager, _) = app.login("mgr.gz").await;
    for (token, meeting_id) in [(&rep, &id), (&manager, &hq_id), (&gz_manager, &id)] {
        let body = app.graphql_as(token, ADD_ITEM, json!({ "m": meeting_id, "i": item })).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    }
    assert_eq!(
        number(&app, &format!("SELECT COUNT(*) FROM action_items WHERE meeting_id = {id}")).await,
        1
    );

    let audit = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "meeting.schedule" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditEntries"]["totalCount"], 2, "{audit}");
    app.stop().await;
}

const PUBLISH: &str = "mutation($i: PublishAnnouncementInput!) { publishAnnouncement(input: $i) { id title priority authorId targets { branchId } } }";

async fn announcements_reach_the_branches_they_name(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let gz = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let operating = number(&app, "SELECT COUNT(*) FROM branches WHERE status = 'ACTIVE'").await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let (rep, _) = app.login("rep.sh").await;
    let (guangzhou, _) = app.login("mgr.gz").await;
    let rows = "SELECT COUNT(*) FROM announcements";
    let count = number(&app, rows).await;

    let valid = json!({ "title": "关于调整第四季度销售目标的通知", "body": "各分公司：\n第四季度目标上调 5%。", "priority": "HIGH" });
    let with = |field: &str, value: serde_json::Value| {
        let mut input = valid.clone();
        input[field] = value;
        input
    };
    for (input, field) in [
        (with("title", json!("通")), "title"),
        (with("body", json!("  ")), "body"),
        (with("expiresAt", json!("2020-01-01T00:00:00+00:00")), "expiresAt"),
        (with("branchIds", json!([])), "branchIds"),
        (with("branchIds", json!([sh.to_string(), sh.to_string()])), "branchIds[1]"),
    ] {
        let body = app.graphql_as(&admin, PUBLISH, json!({ "i": input })).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    // A manager speaks to its own branch only; a rep not at all.
    let body = app
        .graphql_as(&manager, PUBLISH, json!({ "i": with("branchIds", json!([gz.to_string()])) }))
        .await;
    assert_eq!(error(&body).0, "BAD_USER_INPUT", "{body}");
    let body = app.graphql_as(&rep, PUBLISH, json!({ "i": valid })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, rows).await, count);

    // HQ's goes to every operating branch by default; the manager's to its branch.
    let body = app.graphql_as(&admin, PUBLISH, json!({ "i": valid })).await;
    let hq = &body["data"]["publishAnnouncement"];
    assert_eq!(hq["title"], "关于调整第四季度销售目标的通知", "{body}");
    assert_eq!(hq["targets"].as_array().unwrap().len() as i64, operating, "{body}");
    let hq_id = hq["id"].as_str().unwrap().to_owned();
    let body = app
        .graphql_as(&manager, PUBLISH, json!({ "i": with("title", json!("上海分公司周例会改期")) }))
        .await;
    let local = &body["data"]["publishAnnouncement"];
    assert_eq!(local["targets"], json!([{ "branchId": sh.to_string() }]), "{body}");
    let local_id = local["id"].as_str().unwrap().to_owned();

    // Guangzhou reads HQ's, not Shanghai's.
    let read = "query($id: ID!) { announcement(id: $id) { title } }";
    let body = app.graphql_as(&guangzhou, read, json!({ "id": hq_id })).await;
    assert_eq!(body["data"]["announcement"]["title"], "关于调整第四季度销售目标的通知", "{body}");
    let body = app.graphql_as(&guangzhou, read, json!({ "id": local_id })).await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{body}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'announcement.publish'";
    assert_eq!(number(&app, audited).await, 2);
    app.stop().await;
}

const SET_STATUS: &str = "mutation($id: ID!, $v: Int!, $s: ActionStatus!) { setActionItemStatus(id: $id, version: $v, status: $s) { id status completedAt version } }";

async fn action_items_are_done_by_their_assignee_and_managed_by_the_organiser(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let rep = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let meeting = number(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM meetings WHERE branch_id = {sh}"),
    )
    .await;
    let colleague = number(
        &app,
        &format!(
            "SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id = {sh} AND id <> {rep}"
        ),
    )
    .await;
    // Two open items of a Shanghai meeting: one for the rep, one for a colleague.
    for (assignee, text) in [(rep, "整理客户拜访记录"), (colleague, "更新商机阶段")] {
        let sql = format!(
            "INSERT INTO action_items (meeting_id, assignee_id, description, due_date, status, completed_at, created_at, updated_at, version) VALUES ({meeting}, {assignee}, '{text}', '2099-01-01', 'OPEN', NULL, '2026-11-20T01:00:00+00:00', '2026-11-20T01:00:00+00:00', 1)"
        );
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, &sql).await.unwrap();
    }
    let item = |who: i64| {
        format!(
            "SELECT CAST(MAX(id) AS BIGINT) FROM action_items WHERE assignee_id = {who} AND status = 'OPEN'"
        )
    };
    let mine = number(&app, &item(rep)).await.to_string();
    let theirs = number(&app, &item(colleague)).await.to_string();
    let (rep_token, _) = app.login("rep.sh").await;
    let (manager, _) = app.login("mgr.sh").await;

    // The rep completes its own item, and only that.
    let body =
        app.graphql_as(&rep_token, SET_STATUS, json!({ "id": theirs, "v": 1, "s": "DONE" })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(&rep_token, SET_STATUS, json!({ "id": mine, "v": 1, "s": "CANCELLED" }))
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body =
        app.graphql_as(&rep_token, SET_STATUS, json!({ "id": mine, "v": 1, "s": "DONE" })).await;
    let done = &body["data"]["setActionItemStatus"];
    assert_eq!(
        (done["status"].as_str(), done["version"].as_i64()),
        (Some("DONE"), Some(2)),
        "{body}"
    );
    assert!(done["completedAt"].is_string(), "{body}");
    let body =
        app.graphql_as(&rep_token, SET_STATUS, json!({ "id": mine, "v": 2, "s": "DONE" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "status"), "{body}");

    // The manager reopens it (the completion time goes) and cancels the other one.
    let body =
        app.graphql_as(&manager, SET_STATUS, json!({ "id": mine, "v": 1, "s": "OPEN" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    let body =
        app.graphql_as(&manager, SET_STATUS, json!({ "id": mine, "v": 2, "s": "OPEN" })).await;
    let reopened = &body["data"]["setActionItemStatus"];
    assert_eq!(reopened["status"], "OPEN", "{body}");
    assert!(reopened["completedAt"].is_null(), "{body}");
    let body = app
        .graphql_as(&manager, SET_STATUS, json!({ "id": theirs, "v": 1, "s": "CANCELLED" }))
        .await;
    assert_eq!(body["data"]["setActionItemStatus"]["status"], "CANCELLED", "{body}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'actionItem.setStatus'";
    assert_eq!(number(&app, audited).await, 3);
    app.stop().await;
}

async fn reports_of_a_branch_do_not_overlap_and_meetings_are_not_in_the_past(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let (gz_manager, _) = app.login("mgr.gz").await;
    let today = Utc::now().date_naive();
    let week = |start: chrono::NaiveDate| {
        json!({ "i": {
            "kind": "WEEKLY", "periodStart": start.to_string(), "periodEnd": (start + Duration::days(6)).to_string(),
            "title": "上海分公司周报", "content": "本周新签两家客户。",
        } })
    };
    let first = today - Duration::days(20);
    let body = app.graphql_as(&manager, SUBMIT, week(first)).await;
    assert_eq!(body["data"]["submitBranchReport"]["status"], "SUBMITTED", "{body}");
    let reports = "SELECT COUNT(*) FROM branch_reports";
    let count = number(&app, reports).await;

    // A weekly report of the same branch over some of the same days is refused.
    for shift in [3, -3, 6, -6] {
        let body = app.graphql_as(&manager, SUBMIT, week(first + Duration::days(shift))).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("CONFLICT", "periodStart"),
            "{shift}: {body}"
        );
        assert!(error(&body).2.contains(&first.to_string()), "names the other report: {body}");
    }
    assert_eq!(number(&app, reports).await, count, "nothing written");
    // The next week, and another branch's week over the same days, are other reports.
    let body = app.graphql_as(&manager, SUBMIT, week(first + Duration::days(7))).await;
    assert_eq!(body["data"]["submitBranchReport"]["status"], "SUBMITTED", "{body}");
    let mut guangzhou = week(first + Duration::days(3));
    guangzhou["i"]["title"] = json!("广州分公司周报");
    let body = app.graphql_as(&gz_manager, SUBMIT, guangzhou).await;
    assert_eq!(body["data"]["submitBranchReport"]["branch"]["code"], "GZ", "{body}");

    // A meeting starts in the future, give or take five minutes of clock skew; left out, its
    // branch is the manager's own.
    let me = employee_of(&app, "mgr.sh").await;
    let staff = numbers(&app, &format!("SELECT CAST(e.id AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = 'SH' AND e.id <> {me} ORDER BY e.id")).await;
    let meeting = |starts: chrono::DateTime<Utc>| {
        json!({ "i": {
            "title": "上海分公司周例会", "kind": "BRANCH_INTERNAL",
            "startsAt": starts.to_rfc3339(), "endsAt": (starts + Duration::hours(1)).to_rfc3339(),
            "attendeeIds": [staff[0].to_string()],
        } })
    };
    let meetings = "SELECT COUNT(*) FROM meetings";
    let count = number(&app, meetings).await;
    for ago in [Duration::hours(1), Duration::days(3), Duration::minutes(6)] {
        let body = app.graphql_as(&manager, SCHEDULE, meeting(Utc::now() - ago)).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("BAD_USER_INPUT", "startsAt"),
            "{ago}: {body}"
        );
    }
    assert_eq!(number(&app, meetings).await, count, "nothing written");
    for starts in [Utc::now() - Duration::minutes(2), Utc::now() + Duration::days(1)] {
        let body = app.graphql_as(&manager, SCHEDULE, meeting(starts)).await;
        let scheduled = &body["data"]["scheduleMeeting"];
        assert_eq!(scheduled["status"], "SCHEDULED", "{body}");
        assert_eq!(scheduled["branch"]["code"], "SH", "the manager's branch by default: {body}");
    }
    app.stop().await;
}

crate::on_both_backends!(
    reports_of_a_branch_do_not_overlap_and_meetings_are_not_in_the_past,
    branch_reports_are_submitted_by_their_branch_and_reviewed_by_hq,
    meetings_are_scheduled_with_attendees_and_action_items,
    announcements_reach_the_branches_they_name,
    action_items_are_done_by_their_assignee_and_managed_by_the_organiser,
);
