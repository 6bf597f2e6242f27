//! Training mutations: enrolling staff in sessions within their seats and before they start,
//! completing training (a rep only its own), and promoting employees up the career ladder
//! with a promotion record and a versioned change of the employee, all within the matrix.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

async fn exec(app: &TestApp, sql: &str) {
    app.db.execute_unprepared(sql).await.unwrap();
}

fn decimal(value: &Value) -> f64 {
    value.as_str().unwrap_or_else(|| panic!("not a decimal: {value}")).parse().unwrap()
}

const ENROLL: &str = "mutation($s: ID!, $e: ID!) { enrollEmployee(sessionId: $s, employeeId: $e) { id status version score completedAt employee { id } session { id } } }";
const COMPLETE: &str = "mutation($id: ID!, $v: Int!, $score: Decimal) { completeTraining(enrollmentId: $id, version: $v, score: $score) { id status score completedAt version } }";

async fn staff_are_enrolled_within_seats_and_complete_their_own_training(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let rep = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let staff =
        format!("FROM employees WHERE branch_id = {sh} AND id <> {rep} AND status = 'ACTIVE'");
    let first = number(&app, &format!("SELECT CAST(MIN(id) AS BIGINT) {staff}")).await;
    let last = number(&app, &format!("SELECT CAST(MAX(id) AS BIGINT) {staff}")).await;
    let guangzhou_rep = number(&app, "SELECT CAST(MIN(e.id) AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = 'GZ'").await;
    let hq =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id IS NULL").await;
    let guangzhou_session = number(&app, "SELECT CAST(MIN(s.id) AS BIGINT) FROM training_sessions s JOIN branches b ON b.id = s.branch_id WHERE b.code = 'GZ'").await;
    // A Shanghai session two seats large, emptied and moved to the future; another one done.
    let session = number(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM training_sessions WHERE branch_id = {sh}"),
    )
    .await;
    let done = number(
        &app,
        &format!("SELECT CAST(MAX(id) AS BIGINT) FROM training_sessions WHERE branch_id = {sh}"),
    )
    .await;
    assert_ne!(session, done);
    exec(&app, &format!("DELETE FROM enrollments WHERE session_id = {session}")).await;
    exec(&app, &format!("UPDATE training_sessions SET starts_at = '2099-03-02T01:30:00+00:00', ends_at = '2099-03-02T09:30:00+00:00', status = 'PLANNED', capacity = 2 WHERE id = {session}")).await;
    exec(&app, &format!("UPDATE training_sessions SET status = 'DONE' WHERE id = {done}")).await;
    let id = |n: i64| n.to_string();

    // Logins are audited too: every account logs in before the audit log is counted.
    let (manager, _) = app.login("mgr.sh").await;
    let (rep_token, _) = app.login("rep.sh").await;
    let (analyst, _) = app.login("analyst").await;
    let (admin, _) = app.login("admin").await;
    let body = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(rep) })).await;
    let enrollment = &body["data"]["enrollEmployee"];
    assert_eq!(enrollment["status"], "ENROLLED", "{body}");
    assert_eq!(enrollment["employee"]["id"], id(rep));
    assert_eq!(enrollment["session"]["id"], id(session));
    assert!(enrollment["score"].is_null() && enrollment["completedAt"].is_null());
    let mine = enrollment["id"].as_str().unwrap().to_owned();

    // Twice is a conflict on the employee; a third employee finds the session full.
    let body = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(rep) })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "employeeId"), "{body}");
    assert!(error(&body).2.contains("already enrolled"), "{body}");
    let body = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(first) })).await;
    let other = body["data"]["enrollEmployee"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let enrollments = format!("SELECT COUNT(*) FROM enrollments WHERE session_id = {session}");
    let audit = "SELECT COUNT(*) FROM audit_log";
    let audit_before = number(&app, audit).await;
    let cases = [
        (json!({ "s": id(session), "e": id(last) }), "sessionId"),
        (json!({ "s": id(done), "e": id(last) }), "sessionId"),
        (json!({ "s": id(guangzhou_session), "e": id(last) }), "sessionId"),
        (json!({ "s": "s-1", "e": id(last) }), "sessionId"),
        (json!({ "s": id(session), "e": id(guangzhou_rep) }), "employeeId"),
        (json!({ "s": id(session), "e": "99999999" }), "employeeId"),
    ];
    for (variables, field) in cases {
        let body = app.graphql_as(&manager, ENROLL, variables).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let full = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(last) })).await;
    assert!(error(&full).2.contains("is full"), "{full}");
    // HQ staff are visible to the branch but are not its staff; reps and analysts enroll no one.
    let body = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(hq) })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    for token in [&rep_token, &analyst] {
        let body = app.graphql_as(token, ENROLL, json!({ "s": id(session), "e": id(last) })).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    }
    assert_eq!(number(&app, &enrollments).await, 2);
    assert_eq!(number(&app, audit).await, audit_before);

    // A withdrawn seat is free again.
    exec(&app, &format!("UPDATE enrollments SET status = 'WITHDRAWN' WHERE id = {other}")).await;
    let body = app.graphql_as(&manager, ENROLL, json!({ "s": id(session), "e": id(last) })).await;
    assert_eq!(body["data"]["enrollEmployee"]["status"], "ENROLLED", "{body}");
    let theirs = body["data"]["enrollEmployee"]["id"].as_str().unwrap().to_owned();
    let q = format!(
        r#"{{ enrollments(filter: {{ sessionId: {{ eq: "{session}" }}, status: {{ eq: ENROLLED }} }}) {{ totalCount }} }}"#
    );
    let listed = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(listed["data"]["enrollments"]["totalCount"], 2, "{listed}");

    // Training is completed once the session has started.
    let body = app.graphql_as(&rep_token, COMPLETE, json!({ "id": mine, "v": 1 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "enrollmentId"), "{body}");
    assert!(error(&body).2.contains("not started"), "{body}");
    exec(&app, &format!("UPDATE training_sessions SET starts_at = '2020-03-02T01:30:00+00:00', ends_at = '2020-03-02T09:30:00+00:00' WHERE id = {session}")).await;
    for (score, field) in [("100.5", "score"), ("-1", "score"), ("88.125", "score")] {
        let body = app
            .graphql_as(&rep_token, COMPLETE, json!({ "id": mine, "v": 1, "score": score }))
            .await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{score}: {body}");
    }
    // A rep completes its own training only.
    let body = app.graphql_as(&rep_token, COMPLETE, json!({ "id": theirs, "v": 1 })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body =
        app.graphql_as(&rep_token, COMPLETE, json!({ "id": mine, "v": 1, "score": "92.5" })).await;
    let completed = &body["data"]["completeTraining"];
    assert_eq!(completed["status"], "COMPLETED", "{body}");
    assert_eq!(decimal(&completed["score"]), 92.5);
    assert!(completed["completedAt"].is_string());
    assert_eq!(completed["version"], 2);
    let body = app.graphql_as(&rep_token, COMPLETE, json!({ "id": mine, "v": 2 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "enrollmentId"), "{body}");

    // The manager completes its staff's, at the version it read.
    let body = app.graphql_as(&manager, COMPLETE, json!({ "id": theirs, "v": 5 })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    let body = app.graphql_as(&manager, COMPLETE, json!({ "id": theirs, "v": 1 })).await;
    assert_eq!(body["data"]["completeTraining"]["status"], "COMPLETED", "{body}");
    assert!(body["data"]["completeTraining"]["score"].is_null());

    let q = format!(
        r#"{{ enrollment(id: "{mine}") {{ status score completedAt session {{ id }} }} }}"#
    );
    let read = app.graphql_as(&rep_token, &q, json!({})).await;
    assert_eq!(read["data"]["enrollment"]["status"], "COMPLETED", "{read}");
    assert_eq!(decimal(&read["data"]["enrollment"]["score"]), 92.5);
    for (action, n) in [("enrollment.create", 3), ("enrollment.complete", 2)] {
        let q = format!(
            r#"{{ auditEntries(filter: {{ action: {{ eq: "{action}" }} }}) {{ totalCount }} }}"#
        );
        let body = app.graphql_as(&admin, &q, json!({})).await;
        assert_eq!(body["data"]["auditEntries"]["totalCount"], n, "{action}: {body}");
    }
    app.stop().await;
}

const PROMOTE: &str = "mutation($i: PromoteEmployeeInput!) { promoteEmployee(input: $i) { id effectiveOn reason fromLevel { code } toLevel { code } approvedBy { id } employee { id title version careerLevel { code } } } }";

async fn employees_are_promoted_up_the_ladder_by_hq_or_their_manager(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let junior = number(&app, &format!("SELECT CAST(MIN(e.id) AS BIGINT) FROM employees e JOIN career_levels l ON l.id = e.career_level_id WHERE e.branch_id = {sh} AND l.code = 'S1' AND e.status = 'ACTIVE'")).await;
    let guangzhou_rep = number(&app, "SELECT CAST(MIN(e.id) AS BIGINT) FROM employees e JOIN branches b ON b.id = e.branch_id WHERE b.code = 'GZ'").await;
    let hq =
        number(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id IS NULL").await;
    let boss = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'mgr.sh'",
    )
    .await;
    let (manager, _) = app.login("mgr.sh").await;
    let levels = app
        .graphql_as(&manager, "{ careerLevels { edges { node { id code } } } }", json!({}))
        .await;
    let level = |code: &str| -> String {
        levels["data"]["careerLevels"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{levels}"))
            .iter()
            .find(|e| e["node"]["code"] == code)
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let q = format!(r#"{{ employee(id: "{junior}") {{ version title careerLevel {{ code }} }} }}"#);
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["employee"]["careerLevel"]["code"], "S1", "{read}");
    let version = read["data"]["employee"]["version"].as_i64().unwrap();
    let today = crate::helpers::business_today();
    let input = |employee: i64, to: &str, extra: Value| {
        let mut i = json!({ "employeeId": employee.to_string(), "employeeVersion": version, "toLevelId": level(to), "reason": "年度业绩优秀" });
        for (k, v) in extra.as_object().unwrap() {
            i[k] = v.clone();
        }
        json!({ "i": i })
    };

    let records = "SELECT COUNT(*) FROM promotion_records";
    let records_before = number(&app, records).await;
    let two_years_ago = (today - chrono::Duration::days(800)).to_string();
    let long = "优".repeat(501);
    let cases = [
        (input(junior, "S2", json!({ "reason": "优" })), "reason"),
        (input(junior, "S2", json!({ "reason": long })), "reason"),
        (input(junior, "S2", json!({ "title": "X" })), "title"),
        (input(junior, "S2", json!({ "effectiveOn": "2099-01-01" })), "effectiveOn"),
        (input(junior, "S2", json!({ "effectiveOn": two_years_ago })), "effectiveOn"),
        (input(junior, "S1", json!({})), "toLevelId"),
        (input(junior, "S2", json!({ "toLevelId": "999" })), "toLevelId"),
        (input(guangzhou_rep, "S2", json!({})), "employeeId"),
    ];
    for (variables, field) in cases {
        let body = app.graphql_as(&manager, PROMOTE, variables).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    // Not HQ staff, not itself; reps and analysts promote no one.
    for employee in [hq, boss] {
        let body = app.graphql_as(&manager, PROMOTE, input(employee, "M3", json!({}))).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    }
    let (rep, _) = app.login("rep.sh").await;
    let (analyst, _) = app.login("analyst").await;
    for token in [&rep, &analyst] {
        let body = app.graphql_as(token, PROMOTE, input(junior, "S2", json!({}))).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    }
    assert_eq!(number(&app, records).await, records_before);

    let body = app
        .graphql_as(&manager, PROMOTE, input(junior, "S2", json!({ "title": "高级销售代表" })))
        .await;
    let record = &body["data"]["promoteEmployee"];
    assert_eq!(record["fromLevel"]["code"], "S1", "{body}");
    assert_eq!(record["toLevel"]["code"], "S2");
    assert_eq!(record["reason"], "年度业绩优秀");
    assert_eq!(record["effectiveOn"], today.to_string());
    assert_eq!(record["approvedBy"]["id"], boss.to_string());
    assert_eq!(record["employee"]["careerLevel"]["code"], "S2");
    assert_eq!(record["employee"]["title"], "高级销售代表");
    assert_eq!(record["employee"]["version"], version + 1);

    // A second writer with the old version is refused; the level stays where it is.
    let stale = app.graphql_as(&manager, PROMOTE, input(junior, "M1", json!({}))).await;
    assert_eq!((error(&stale).0, error(&stale).1), ("CONFLICT", "employeeVersion"), "{stale}");
    let read = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(read["data"]["employee"]["careerLevel"]["code"], "S2", "{read}");
    assert_eq!(read["data"]["employee"]["title"], "高级销售代表");
    let again = json!({ "employeeVersion": version + 1 });
    let body = app.graphql_as(&manager, PROMOTE, input(junior, "S2", again)).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "toLevelId"), "{body}");

    // HQ promotes anyone, backdated within the year.
    let (admin, _) = app.login("admin").await;
    let a_month_ago = (today - chrono::Duration::days(30)).to_string();
    let extra = json!({ "employeeVersion": version + 1, "effectiveOn": a_month_ago, "reason": "季度销售冠军" });
    let body = app.graphql_as(&admin, PROMOTE, input(junior, "M1", extra)).await;
    assert_eq!(body["data"]["promoteEmployee"]["effectiveOn"], a_month_ago, "{body}");
    assert_eq!(body["data"]["promoteEmployee"]["fromLevel"]["code"], "S2");
    let q = format!(
        r#"{{ promotionRecords(filter: {{ employeeId: {{ eq: "{junior}" }} }}, orderBy: ID) {{ totalCount edges {{ node {{ toLevel {{ code }} reason }} }} }} }}"#
    );
    let history = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(history["data"]["promotionRecords"]["totalCount"], 2, "{history}");
    assert_eq!(history["data"]["promotionRecords"]["edges"][1]["node"]["reason"], "季度销售冠军");
    assert_eq!(number(&app, records).await, records_before + 2);
    let body = app
        .graphql_as(
            &admin,
            r#"{ auditEntries(filter: { action: { eq: "employee.promote" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["auditEntries"]["totalCount"], 2, "{body}");
    app.stop().await;
}

async fn a_score_below_the_pass_mark_fails_the_training(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    // A Shanghai session that has taken place, its enrollments not yet assessed.
    let session = number(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM training_sessions WHERE branch_id = {sh}"),
    )
    .await;
    let course = number(
        &app,
        &format!("SELECT CAST(course_id AS BIGINT) FROM training_sessions WHERE id = {session}"),
    )
    .await;
    exec(&app, &format!("UPDATE training_sessions SET starts_at = '2026-03-02T01:30:00+00:00', ends_at = '2026-03-02T09:30:00+00:00', status = 'DONE' WHERE id = {session}")).await;
    exec(&app, &format!("UPDATE enrollments SET status = 'ENROLLED', score = NULL, completed_at = NULL WHERE session_id = {session}")).await;
    let q = format!(
        r#"{{ trainingSession(id: "{session}") {{ course {{ id passMark }} enrollments {{ id version }} }} }}"#
    );
    let body = app.graphql_as(&manager, &q, json!({})).await;
    let read = &body["data"]["trainingSession"];
    // Courses pass at 60 unless HQ sets another mark.
    assert_eq!(decimal(&read["course"]["passMark"]), 60.0, "{body}");
    let seats: Vec<(String, i64)> = read["enrollments"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e["version"].as_i64().unwrap()))
        .collect();
    assert!(seats.len() >= 4, "{body}");
    let complete = |seat: &(String, i64), score: Option<&str>| json!({ "id": seat.0, "v": seat.1, "score": score });

    // Below the pass mark the enrollment is FAILED with its score, and is not completed.
    let body = app.graphql_as(&manager, COMPLETE, complete(&seats[0], Some("59.99"))).await;
    let failed = &body["data"]["completeTraining"];
    assert_eq!(failed["status"], "FAILED", "{body}");
    assert_eq!(decimal(&failed["score"]), 59.99);
    assert!(failed["completedAt"].is_null(), "{body}");
    // At the mark, or without a score, it is COMPLETED.
    for (seat, score) in [(&seats[1], Some("60")), (&seats[2], None)] {
        let body = app.graphql_as(&manager, COMPLETE, complete(seat, score)).await;
        let done = &body["data"]["completeTraining"];
        assert_eq!(done["status"], "COMPLETED", "{score:?}: {body}");
        assert!(done["completedAt"].is_string(), "{body}");
    }
    // A failed enrollment is not completed afterwards.
    let body = app
        .graphql_as(
            &manager,
            COMPLETE,
            json!({ "id": seats[0].0, "v": seats[0].1 + 1, "score": "90" }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "enrollmentId"), "{body}");

    // HQ sets a course's pass mark, 0 to 100, on create and update; it applies from then on.
    let update = "mutation($id: ID!, $v: Int!, $i: CourseInput!) { updateCourse(id: $id, version: $v, input: $i) { passMark version } }";
    let version =
        number(&app, &format!("SELECT CAST(version AS BIGINT) FROM courses WHERE id = {course}"))
            .await;
    for mark in ["101", "-1", "80.125"] {
        let body = app
            .graphql_as(
                &admin,
                update,
                json!({ "id": course.to_string(), "v": version, "i": { "passMark": mark } }),
            )
            .await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("BAD_USER_INPUT", "passMark"),
            "{mark}: {body}"
        );
    }
    let create = "mutation($i: CourseInput!) { createCourse(input: $i) { passMark } }";
    let body = app
        .graphql_as(&admin, create, json!({ "i": { "code": "QA-101", "title": "质量管理", "category": "PRODUCT", "hours": "4", "passMark": "100.5" } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "passMark"), "{body}");
    let body = app
        .graphql_as(&admin, create, json!({ "i": { "code": "QA-101", "title": "质量管理", "category": "PRODUCT", "hours": "4" } }))
        .await;
    assert_eq!(decimal(&body["data"]["createCourse"]["passMark"]), 60.0, "{body}");
    let body = app
        .graphql_as(
            &admin,
            update,
            json!({ "id": course.to_string(), "v": version, "i": { "passMark": "80" } }),
        )
        .await;
    assert_eq!(decimal(&body["data"]["updateCourse"]["passMark"]), 80.0, "{body}");
    let body = app.graphql_as(&manager, COMPLETE, complete(&seats[3], Some("75"))).await;
    assert_eq!(body["data"]["completeTraining"]["status"], "FAILED", "{body}");
    app.stop().await;
}

crate::on_both_backends!(
    a_score_below_the_pass_mark_fails_the_training,
    staff_are_enrolled_within_seats_and_complete_their_own_training,
    employees_are_promoted_up_the_ladder_by_hq_or_their_manager,
);
