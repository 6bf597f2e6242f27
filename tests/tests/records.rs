//! Plain create, update and delete of the tables without a verb of their own (regions, teams,
//! courses, competitors, contacts…): for each table, the happy path as the role that does it,
//! a checked field read back, a stale version, an invalid input naming its field with nothing
//! written, a role that may not, and the audit trail of all three changes. Then the rules that
//! need more than one row: write scopes, fields that must agree with each other, unique keys,
//! rows still referred to, and emptying an optional field.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

/// One table's plain mutations, exercised end to end.
struct Case {
    /// The GraphQL type, such as `Region`: the mutations are `createRegion`…
    kind: &'static str,
    /// Its table, for the audit log and row counts.
    table: &'static str,
    /// Who creates, changes and deletes it.
    user: &'static str,
    /// A role that may not write it at all.
    refused: &'static str,
    create: Value,
    /// A change of one field.
    update: Value,
    /// An input that is invalid, and the field the error must name.
    invalid: (Value, &'static str),
}

fn lower_first(kind: &str) -> String {
    let mut chars = kind.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Equal, or the same decimal number (`"15"` is saved as `15.00` on PostgreSQL).
fn same(shown: &Value, given: &Value) -> bool {
    let decimal = |v: &Value| v.as_str().and_then(|s| s.parse::<f64>().ok());
    shown == given || matches!((decimal(shown), decimal(given)), (Some(a), Some(b)) if a == b)
}

/// The one key of a one-field object.
fn only_key(value: &Value) -> &str {
    let map = value.as_object().unwrap();
    assert_eq!(map.len(), 1, "{value}");
    map.keys().next().unwrap()
}

async fn exercise(app: &TestApp, tokens: &[(&str, String)], case: &Case) {
    let token = |user: &str| tokens.iter().find(|(u, _)| *u == user).unwrap().1.clone();
    let Case { kind, table, user, refused, create, update, invalid } = case;
    let as_user = token(user);
    let shown: Vec<&String> = create.as_object().unwrap().keys().collect();
    let selection = shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    let changed = only_key(update);
    let create_q = format!(
        "mutation($input: {kind}Input!) {{ create{kind}(input: $input) {{ id version {selection} }} }}"
    );
    let update_q = format!(
        "mutation($id: ID!, $v: Int!, $input: {kind}Input!) {{ update{kind}(id: $id, version: $v, input: $input) {{ id version {changed} }} }}"
    );
    let delete_q = format!("mutation($id: ID!) {{ delete{kind}(id: $id) }}");
    let read_q = format!("query($id: ID!) {{ {}(id: $id) {{ id {changed} }} }}", lower_first(kind));
    let rows = format!("SELECT COUNT(*) FROM {table}");
    let rows_before = number(app, &rows).await;

    // Created as given (Chinese text included), at version 1.
    let body = app.graphql_as(&as_user, &create_q, json!({ "input": create })).await;
    let row = &body["data"][format!("create{kind}")];
    assert_eq!(row["version"], 1, "{kind}: {body}");
    for field in &shown {
        assert!(same(&row[field.as_str()], &create[field.as_str()]), "{kind}.{field}: {body}");
    }
    let id = row["id"].as_str().unwrap().to_owned();
    assert_eq!(number(app, &rows).await, rows_before + 1, "{kind}");

    // Changed at the version read; the change is what a later read shows.
    let body =
        app.graphql_as(&as_user, &update_q, json!({ "id": id, "v": 1, "input": update })).await;
    let row = &body["data"][format!("update{kind}")];
    assert_eq!(row["version"], 2, "{kind}: {body}");
    assert!(same(&row[changed], &update[changed]), "{kind}: {body}");
    let body = app.graphql_as(&as_user, &read_q, json!({ "id": id })).await;
    assert!(same(&body["data"][lower_first(kind)][changed], &update[changed]), "{kind}: {body}");

    // A second change at the old version is a conflict and changes nothing.
    let body =
        app.graphql_as(&as_user, &update_q, json!({ "id": id, "v": 1, "input": update })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{kind}: {body}");

    // Invalid input names its field; nothing is written.
    let (bad, field) = invalid;
    let body = app.graphql_as(&as_user, &create_q, json!({ "input": bad })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", *field), "{kind}: {body}");
    assert_eq!(number(app, &rows).await, rows_before + 1, "{kind}: {body}");

    // A role without the right is refused before anything is looked at.
    let body = app.graphql_as(&token(refused), &create_q, json!({ "input": create })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{kind} as {refused}: {body}");
    let body = app.graphql_as(&token(refused), &delete_q, json!({ "id": id })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{kind} as {refused}: {body}");

    // Deleted: gone for readers, and the audit log holds all three changes.
    let body = app.graphql_as(&as_user, &delete_q, json!({ "id": id })).await;
    assert_eq!(body["data"][format!("delete{kind}")], id, "{kind}: {body}");
    let body = app.graphql_as(&as_user, &read_q, json!({ "id": id })).await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{kind}: {body}");
    assert_eq!(number(app, &rows).await, rows_before, "{kind}");
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE entity = '{table}' AND entity_id = '{id}' AND action IN ('{0}.create', '{0}.update', '{0}.delete')",
        lower_first(kind)
    );
    assert_eq!(number(app, &audited).await, 3, "{kind}");
}

async fn id_of(app: &TestApp, sql: &str) -> String {
    number(app, sql).await.to_string()
}

async fn every_plain_table_is_created_changed_and_deleted(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let east = id_of(&app, "SELECT CAST(id AS BIGINT) FROM regions WHERE code = 'EAST'").await;
    let sh = id_of(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let gz = id_of(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let rep = id_of(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let mine = id_of(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM customers WHERE owner_id = {rep}"),
    )
    .await;
    let theirs = id_of(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM customers WHERE branch_id = {gz}"),
    )
    .await;
    let product = id_of(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM products").await;
    let course = id_of(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM courses").await;
    let competitor = id_of(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM competitors").await;
    let category = id_of(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM product_categories").await;
    let plan = id_of(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM incentive_plans").await;

    let mut tokens = Vec::new();
    for user in ["admin", "analyst", "mgr.sh", "rep.sh"] {
        tokens.push((user, app.login(user).await.0));
    }
    let cases = [
        Case {
            kind: "Region",
            table: "regions",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "code": "NW", "name": "西北大区" }),
            update: json!({ "name": "大西北区" }),
            invalid: (json!({ "code": "N", "name": "西北大区" }), "code"),
        },
        Case {
            kind: "Branch",
            table: "branches",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "regionId": east, "code": "XA", "name": "西安分公司", "city": "西安" }),
            update: json!({ "address": "高新区科技路 1 号" }),
            invalid: (
                json!({ "regionId": "abc", "code": "XA", "name": "西安分公司", "city": "西安" }),
                "regionId",
            ),
        },
        Case {
            kind: "Team",
            table: "teams",
            user: "mgr.sh",
            refused: "rep.sh",
            create: json!({ "branchId": sh, "name": "三组" }),
            update: json!({ "name": "攻坚组" }),
            invalid: (json!({ "branchId": gz, "name": "三组" }), "branchId"),
        },
        Case {
            kind: "Employee",
            table: "employees",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "employeeNo": "E-9001", "name": "赵敏", "title": "销售代表", "hireDate": "2026-11-02", "branchId": sh }),
            update: json!({ "title": "高级销售代表" }),
            invalid: (
                json!({ "employeeNo": "E-9001", "name": "赵敏", "title": "销售代表", "branchId": sh }),
                "hireDate",
            ),
        },
        Case {
            kind: "CareerLevel",
            table: "career_levels",
            user: "admin",
            refused: "analyst",
            create: json!({ "code": "P9", "name": "首席销售专家", "rank": 99 }),
            update: json!({ "description": "带领全国重点客户团队" }),
            invalid: (json!({ "code": "P9", "name": "首席销售专家", "rank": 0 }), "rank"),
        },
        Case {
            kind: "AlertRule",
            table: "alert_rules",
            user: "admin",
            refused: "analyst",
            create: json!({ "name": "周进度预警", "metric": "PACE", "scopeKind": "BRANCH", "branchId": sh, "comparator": "LT", "threshold": "80", "window": "WEEK", "severity": "WARNING" }),
            update: json!({ "isActive": false }),
            invalid: (
                json!({ "name": "周进度预警", "metric": "PACE", "scopeKind": "COMPANY", "branchId": sh, "comparator": "LT", "threshold": "80", "window": "WEEK", "severity": "WARNING" }),
                "branchId",
            ),
        },
        Case {
            kind: "MarketSignal",
            table: "market_signals",
            user: "mgr.sh",
            refused: "rep.sh",
            create: json!({ "branchId": sh, "kind": "POLICY", "title": "上海出台设备更新补贴", "description": "符合条件的企业采购可获 10% 补贴", "impact": "HIGH", "observedOn": "2026-11-20" }),
            update: json!({ "impact": "LOW" }),
            invalid: (
                json!({ "branchId": sh, "kind": "POLICY", "title": "补", "description": "…", "impact": "HIGH", "observedOn": "2026-11-20" }),
                "title",
            ),
        },
        Case {
            kind: "ContingencyPlan",
            table: "contingency_plans",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "name": "供应中断应急预案", "triggerCondition": "核心产品断货超过 7 天", "actions": "启用备选供应商；优先保障重点客户", "severity": "CRITICAL" }),
            update: json!({ "status": "ACTIVE" }),
            invalid: (
                json!({ "name": "  ", "triggerCondition": "断货", "actions": "补货", "severity": "CRITICAL" }),
                "name",
            ),
        },
        Case {
            kind: "Promotion",
            table: "promotions",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "name": "年终大促", "discountPct": "15", "startsOn": "2026-12-01", "endsOn": "2026-12-31" }),
            update: json!({ "name": "年终特惠" }),
            invalid: (
                json!({ "name": "年终大促", "discountPct": "120", "startsOn": "2026-12-01", "endsOn": "2026-12-31" }),
                "discountPct",
            ),
        },
        Case {
            kind: "ReportTemplate",
            table: "report_templates",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "name": "重点客户周报", "kind": "WEEKLY", "sections": "重点客户动态；商机进展；风险" }),
            update: json!({ "isActive": false }),
            invalid: (
                json!({ "name": "重点客户周报", "kind": "WEEKLY", "sections": "" }),
                "sections",
            ),
        },
        Case {
            kind: "Course",
            table: "courses",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "code": "AI-201", "title": "数据驱动的销售", "category": "SALES_SKILL", "hours": "6.5" }),
            update: json!({ "isMandatory": true }),
            invalid: (
                json!({ "code": "AI-201", "title": "数据驱动的销售", "category": "SALES_SKILL", "hours": "-1" }),
                "hours",
            ),
        },
        Case {
            kind: "TrainingSession",
            table: "training_sessions",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "courseId": course, "branchId": sh, "startsAt": "2026-12-10T01:00:00+00:00", "endsAt": "2026-12-10T09:00:00+00:00", "capacity": 30 }),
            update: json!({ "location": "上海培训中心 3 楼" }),
            invalid: (
                json!({ "courseId": course, "startsAt": "2026-12-10T01:00:00+00:00", "endsAt": "2026-12-09T09:00:00+00:00", "capacity": 30 }),
                "endsAt",
            ),
        },
        Case {
            kind: "Project",
            table: "projects",
            user: "mgr.sh",
            refused: "rep.sh",
            create: json!({ "name": "浦东重点客户攻坚", "branchId": sh, "ownerId": rep, "startsOn": "2026-12-01" }),
            update: json!({ "status": "ACTIVE" }),
            invalid: (
                json!({ "name": "浦东重点客户攻坚", "branchId": sh, "ownerId": "99999999", "startsOn": "2026-12-01" }),
                "ownerId",
            ),
        },
        Case {
            kind: "Competitor",
            table: "competitors",
            user: "analyst",
            refused: "mgr.sh",
            create: json!({ "name": "瀚海智能", "strengths": "价格低，交付快", "weaknesses": "售后网点少", "threatLevel": "MEDIUM" }),
            update: json!({ "threatLevel": "HIGH" }),
            invalid: (
                json!({ "name": "瀚海智能", "strengths": "   ", "weaknesses": "售后网点少", "threatLevel": "MEDIUM" }),
                "strengths",
            ),
        },
        Case {
            kind: "CompetitorProduct",
            table: "competitor_products",
            user: "analyst",
            refused: "rep.sh",
            create: json!({ "competitorId": competitor, "name": "瀚海 X1 路由器", "listPrice": "1999.5" }),
            update: json!({ "notes": "主打中小企业" }),
            invalid: (
                json!({ "competitorId": competitor, "name": "瀚海 X1 路由器", "listPrice": "-5" }),
                "listPrice",
            ),
        },
        Case {
            kind: "CompetitiveStrategy",
            table: "competitive_strategies",
            user: "analyst",
            refused: "mgr.sh",
            create: json!({ "kind": "PRICE", "title": "以价换量", "description": "对重点行业客户阶梯报价", "startsOn": "2026-12-01" }),
            update: json!({ "status": "ACTIVE" }),
            invalid: (
                json!({ "kind": "PRICE", "title": "以价换量", "description": "阶梯报价", "startsOn": "2026-12-01", "endsOn": "2026-11-30" }),
                "endsOn",
            ),
        },
        Case {
            kind: "ProductCategory",
            table: "product_categories",
            user: "admin",
            refused: "analyst",
            create: json!({ "code": "IOT", "name": "物联网设备" }),
            update: json!({ "name": "智能物联" }),
            invalid: (json!({ "code": "I", "name": "物联网设备" }), "code"),
        },
        Case {
            kind: "Contact",
            table: "contacts",
            user: "rep.sh",
            refused: "analyst",
            create: json!({ "customerId": mine, "name": "李明", "title": "采购经理" }),
            update: json!({ "phone": "138 0013 8000" }),
            invalid: (json!({ "customerId": theirs, "name": "李明" }), "customerId"),
        },
        Case {
            kind: "MarketFeedback",
            table: "market_feedback",
            user: "rep.sh",
            refused: "analyst",
            create: json!({ "branchId": sh, "category": "PRICE", "sentiment": "NEGATIVE", "content": "客户反映报价比竞品高 8%" }),
            update: json!({ "sentiment": "NEUTRAL" }),
            invalid: (
                json!({ "branchId": gz, "category": "PRICE", "sentiment": "NEGATIVE", "content": "报价高" }),
                "branchId",
            ),
        },
        Case {
            kind: "CustomerFeedback",
            table: "customer_feedback",
            user: "rep.sh",
            refused: "analyst",
            create: json!({ "customerId": mine, "kind": "COMPLAINT", "content": "交付延迟两天" }),
            update: json!({ "status": "ADDRESSED" }),
            invalid: (json!({ "customerId": mine, "content": "交付延迟两天" }), "kind"),
        },
        Case {
            kind: "ProductFeedback",
            table: "product_feedback",
            user: "rep.sh",
            refused: "analyst",
            create: json!({ "productId": product, "customerId": mine, "kind": "DEFECT", "rating": 2, "content": "偶发断连" }),
            update: json!({ "rating": 4 }),
            invalid: (
                json!({ "productId": product, "customerId": mine, "kind": "DEFECT", "rating": 6, "content": "偶发断连" }),
                "rating",
            ),
        },
        Case {
            kind: "ReviewCycle",
            table: "review_cycles",
            user: "admin",
            refused: "analyst",
            create: json!({ "name": "2027年第1季度绩效考核", "periodKind": "QUARTER", "periodStart": "2027-01-01", "periodEnd": "2027-03-31" }),
            update: json!({ "status": "OPEN" }),
            invalid: (
                json!({ "name": "2027年第2季度绩效考核", "periodKind": "QUARTER", "periodStart": "2027-04-01", "periodEnd": "2027-03-31" }),
                "periodEnd",
            ),
        },
        Case {
            kind: "IncentivePlan",
            table: "incentive_plans",
            user: "admin",
            refused: "mgr.sh",
            create: json!({ "name": "新客户开拓奖", "metric": "NEW_CUSTOMERS", "periodKind": "QUARTER", "startsOn": "2027-01-01", "endsOn": "2027-12-31" }),
            update: json!({ "status": "ACTIVE" }),
            invalid: (
                json!({ "name": "新客户开拓奖（试行）", "metric": "NEW_CUSTOMERS", "periodKind": "QUARTER", "startsOn": "2027-01-01", "endsOn": "2026-12-31" }),
                "endsOn",
            ),
        },
        Case {
            kind: "IncentiveTier",
            table: "incentive_tiers",
            user: "admin",
            refused: "analyst",
            create: json!({ "planId": plan, "minAttainment": "180", "bonusRate": "0.0625", "awardKind": "BONUS" }),
            update: json!({ "bonusRate": "0.07" }),
            invalid: (
                json!({ "planId": plan, "minAttainment": "180", "bonusRate": "1.5", "awardKind": "BONUS" }),
                "bonusRate",
            ),
        },
        Case {
            kind: "MarketSizeEstimate",
            table: "market_size_estimates",
            user: "analyst",
            refused: "mgr.sh",
            create: json!({ "regionId": east, "categoryId": category, "periodKind": "QUARTER", "periodStart": "2027-01-01", "amount": "88000000.00", "source": "行业协会年报" }),
            update: json!({ "amount": "90000000.50" }),
            invalid: (
                json!({ "regionId": east, "categoryId": category, "periodKind": "QUARTER", "periodStart": "2027-01-01", "amount": "-1" }),
                "amount",
            ),
        },
    ];
    for case in &cases {
        exercise(&app, &tokens, case).await;
    }
    app.stop().await;
}

async fn plain_edits_keep_rows_whole_and_in_scope(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = id_of(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let gz = id_of(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'GZ'").await;
    let east = id_of(&app, "SELECT CAST(id AS BIGINT) FROM regions WHERE code = 'EAST'").await;
    let gz_team =
        id_of(&app, &format!("SELECT CAST(MIN(id) AS BIGINT) FROM teams WHERE branch_id = {gz}"))
            .await;
    let sh_team =
        id_of(&app, &format!("SELECT CAST(MIN(id) AS BIGINT) FROM teams WHERE branch_id = {sh}"))
            .await;
    let gz_staff = id_of(
        &app,
        &format!("SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id = {gz}"),
    )
    .await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let audit = "SELECT COUNT(*) FROM audit_log";

    // A manager edits its own branch's teams only; a leader comes from the team's branch.
    let team_q = "mutation($input: TeamInput!) { createTeam(input: $input) { id name leaderId } }";
    let body = app
        .graphql_as(
            &manager,
            team_q,
            json!({ "input": { "branchId": sh, "name": "新兴行业组", "leaderId": gz_staff } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "leaderId"), "{body}");
    let body = app
        .graphql_as(
            &admin,
            team_q,
            json!({ "input": { "branchId": sh, "name": "新兴行业组", "leaderId": gz_staff } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "leaderId"), "{body}");
    let rename =
        "mutation($id: ID!) { updateTeam(id: $id, version: 1, input: { name: \"改名\" }) { id } }";
    let body = app.graphql_as(&manager, rename, json!({ "id": gz_team })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(
            &manager,
            "mutation($id: ID!) { deleteTeam(id: $id) }",
            json!({ "id": gz_team }),
        )
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");

    // A manager moves its own staff between its teams and retitles them; nobody else's.
    let assign = "mutation($id: ID!, $v: Int!, $t: ID, $title: String) { assignEmployee(id: $id, version: $v, teamId: $t, title: $title) { teamId title version } }";
    let sh_staff = number(&app, &format!("SELECT CAST(MIN(id) AS BIGINT) FROM employees WHERE branch_id = {sh} AND team_id IS NOT NULL")).await;
    let staff_version = number(
        &app,
        &format!("SELECT CAST(version AS BIGINT) FROM employees WHERE id = {sh_staff}"),
    )
    .await;
    let other_team = id_of(&app, &format!("SELECT CAST(MAX(id) AS BIGINT) FROM teams WHERE branch_id = {sh} AND id <> (SELECT team_id FROM employees WHERE id = {sh_staff})")).await;
    let body =
        app.graphql_as(&manager, assign, json!({ "id": gz_staff, "v": 1, "title": "主管" })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(
            &manager,
            assign,
            json!({ "id": sh_staff.to_string(), "v": staff_version, "t": gz_team }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "teamId"), "{body}");
    let body = app.graphql_as(&manager, assign, json!({ "id": sh_staff.to_string(), "v": staff_version, "t": other_team, "title": "销售主管" })).await;
    let moved = &body["data"]["assignEmployee"];
    assert_eq!(
        (moved["teamId"].as_str(), moved["title"].as_str()),
        (Some(other_team.as_str()), Some("销售主管")),
        "{body}"
    );
    assert_eq!(moved["version"].as_i64(), Some(staff_version + 1));

    // An employee's team is a team of the employee's branch.
    let hire = "mutation($input: EmployeeInput!) { createEmployee(input: $input) { id } }";
    let rows = "SELECT COUNT(*) FROM employees";
    let employees = number(&app, rows).await;
    let audited = number(&app, audit).await;
    let body = app.graphql_as(&admin, hire, json!({ "input": { "employeeNo": "E-9100", "name": "钱进", "title": "销售代表", "hireDate": "2026-11-02", "branchId": sh, "teamId": gz_team } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "teamId"), "{body}");
    assert_eq!((number(&app, rows).await, number(&app, audit).await), (employees, audited));
    let body = app.graphql_as(&admin, hire, json!({ "input": { "employeeNo": "E-9100", "name": "钱进", "title": "销售代表", "hireDate": "2026-11-02", "branchId": sh, "teamId": sh_team } })).await;
    assert!(body["data"]["createEmployee"]["id"].is_string(), "{body}");
    // The same employee number again is a conflict on that field, in no database's words.
    let body = app.graphql_as(&admin, hire, json!({ "input": { "employeeNo": "E-9100", "name": "钱进", "title": "销售代表", "hireDate": "2026-11-02" } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "employeeNo"), "{body}");
    assert!(!body.to_string().to_lowercase().contains("unique"), "{body}");

    // With two unique keys, the collision names the one that collided.
    let level = "mutation($input: CareerLevelInput!) { createCareerLevel(input: $input) { id } }";
    let taken = number(&app, "SELECT CAST(MIN(rank) AS BIGINT) FROM career_levels").await;
    let body = app
        .graphql_as(
            &admin,
            level,
            json!({ "input": { "code": "ZZ", "name": "测试", "rank": taken } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "rank"), "{body}");
    let code = app
        .graphql_as(&admin, "{ careerLevels(first: 1) { edges { node { code } } } }", json!({}))
        .await;
    let code = code["data"]["careerLevels"]["edges"][0]["node"]["code"].clone();
    let body = app
        .graphql_as(&admin, level, json!({ "input": { "code": code, "name": "测试", "rank": 98 } }))
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "code"), "{body}");

    // A region with branches cannot go; the error says why without database text.
    let body = app
        .graphql_as(&admin, "mutation($id: ID!) { deleteRegion(id: $id) }", json!({ "id": east }))
        .await;
    assert_eq!(error(&body).0, "CONFLICT", "{body}");
    assert!(!body.to_string().to_lowercase().contains("foreign"), "{body}");
    assert_eq!(number(&app, &format!("SELECT COUNT(*) FROM regions WHERE id = {east}")).await, 1);

    // Company-wide rows are HQ's: a manager's signal without a branch is refused (left out,
    // its branch is the manager's own).
    let signal = "mutation($input: MarketSignalInput!) { createMarketSignal(input: $input) { id branchId reportedById } }";
    let signals = number(&app, "SELECT COUNT(*) FROM market_signals").await;
    let fields = json!({ "kind": "PRICE", "title": "原材料涨价", "description": "芯片涨价 5%", "impact": "MEDIUM", "observedOn": "2026-11-21" });
    let mut company_wide = fields.clone();
    company_wide["branchId"] = json!(null);
    let body = app.graphql_as(&manager, signal, json!({ "input": company_wide })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM market_signals").await, signals);
    let mut in_branch = fields.clone();
    in_branch["branchId"] = json!(sh);
    let body = app.graphql_as(&manager, signal, json!({ "input": in_branch })).await;
    let manager_employee = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'mgr.sh'",
    )
    .await;
    assert_eq!(
        body["data"]["createMarketSignal"]["reportedById"],
        manager_employee.to_string(),
        "{body}"
    );
    let hq_signal = app.graphql_as(&admin, signal, json!({ "input": fields })).await;
    let hq_signal = hq_signal["data"]["createMarketSignal"]["id"].as_str().unwrap().to_owned();
    let body = app.graphql_as(&manager, "mutation($id: ID!) { updateMarketSignal(id: $id, version: 1, input: { impact: LOW }) { id } }", json!({ "id": hq_signal })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    // …and moving one's own row out of one's scope is refused too, leaving it as it was.
    let mine = body_id(
        &app.graphql_as(&manager, signal, json!({ "input": in_branch })).await,
        "createMarketSignal",
    );
    let body = app.graphql_as(&manager, "mutation($id: ID!, $b: ID) { updateMarketSignal(id: $id, version: 1, input: { branchId: $b }) { id } }", json!({ "id": mine, "b": null })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let kept = format!(
        "SELECT COUNT(*) FROM market_signals WHERE id = {mine} AND branch_id = {sh} AND version = 1"
    );
    assert_eq!(number(&app, &kept).await, 1);

    // A category is never its own ancestor.
    let category =
        "mutation($input: ProductCategoryInput!) { createProductCategory(input: $input) { id } }";
    let parent = body_id(
        &app.graphql_as(&admin, category, json!({ "input": { "code": "P1", "name": "父类" } }))
            .await,
        "createProductCategory",
    );
    let child = body_id(
        &app.graphql_as(
            &admin,
            category,
            json!({ "input": { "code": "C1", "name": "子类", "parentId": parent } }),
        )
        .await,
        "createProductCategory",
    );
    let body = app.graphql_as(&admin, "mutation($id: ID!, $p: ID) { updateProductCategory(id: $id, version: 1, input: { parentId: $p }) { id } }", json!({ "id": parent, "p": child })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "parentId"), "{body}");

    // An optional field is emptied by null or blank text, and kept when left out.
    let branch = "mutation($input: BranchInput!) { createBranch(input: $input) { id address phone version } }";
    let body = app.graphql_as(&admin, branch, json!({ "input": { "regionId": east, "code": "NJ2", "name": "南京二分公司", "city": "南京", "address": "鼓楼区 1 号", "phone": "025-8432 1234" } })).await;
    let id = body_id(&body, "createBranch");
    let change = "mutation($id: ID!, $v: Int!, $input: BranchInput!) { updateBranch(id: $id, version: $v, input: $input) { address phone version } }";
    let body = app
        .graphql_as(&admin, change, json!({ "id": id, "v": 1, "input": { "address": null } }))
        .await;
    let row = &body["data"]["updateBranch"];
    assert!(row["address"].is_null(), "{body}");
    assert_eq!(row["phone"], "025-8432 1234", "{body}");
    let body = app
        .graphql_as(&admin, change, json!({ "id": id, "v": 2, "input": { "phone": "  " } }))
        .await;
    assert!(body["data"]["updateBranch"]["phone"].is_null(), "{body}");
    app.stop().await;
}

fn body_id(body: &Value, field: &str) -> String {
    body["data"][field]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
}

crate::on_both_backends!(
    every_plain_table_is_created_changed_and_deleted,
    plain_edits_keep_rows_whole_and_in_scope,
);
