//! A real company's first day (issue 13, item 11): an empty database, the first administrator
//! created from the server's machine, the organisation and the accounts built over GraphQL,
//! and a branch manager who logs in and sees only their branch; then the administrator's
//! account management — bad assignments refused with the field named, role changes,
//! deactivation and password resets that end logins, the last administrator kept — all
//! audited without a password in the log.

use chrono::Utc;
use salesgraph_api::accounts;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

const ADMIN_PASSWORD: &str = "总部初始密码-2026-abc";
const LOGIN: &str = "mutation($u: String!, $p: String!) {
    login(username: $u, password: $p) { accessToken refreshToken account { id username role scope branchId } } }";
const REFRESH: &str = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }";
const CREATE: &str = "mutation($i: CreateAccountInput!) {
    createAccount(input: $i) { id username displayName role scope branchId employeeId isActive version branch { name } employee { name } } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: UpdateAccountInput!) {
    updateAccount(id: $id, version: $v, input: $i) { id role scope regionId branchId displayName version } }";
const ACTIVE: &str = "mutation($id: ID!, $a: Boolean!) { setAccountActive(id: $id, active: $a) { id isActive version } }";
const RESET: &str =
    "mutation($id: ID!, $p: String!) { resetPassword(id: $id, newPassword: $p) { id version } }";

async fn login(app: &TestApp, username: &str, password: &str) -> Value {
    app.graphql(LOGIN, json!({ "u": username, "p": password })).await
}

/// Logs in and returns (access token, refresh token, account).
async fn logged_in(app: &TestApp, username: &str, password: &str) -> (String, String, Value) {
    let body = login(app, username, password).await;
    let l = &body["data"]["login"];
    assert!(l.is_object(), "login of {username}: {body}");
    (
        l["accessToken"].as_str().unwrap().to_owned(),
        l["refreshToken"].as_str().unwrap().to_owned(),
        l["account"].clone(),
    )
}

/// The data of a mutation that must succeed.
async fn ok(app: &TestApp, token: &str, query: &str, variables: Value, field: &str) -> Value {
    let body = app.graphql_as(token, query, variables).await;
    assert!(body["data"][field].is_object(), "{field}: {body}");
    body["data"][field].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn a_company_starts_from_an_empty_database(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    // A migrated, empty database: nobody can log in.
    assert_eq!(number(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM user_accounts").await, 0);
    let body = login(&app, "hq.admin", ADMIN_PASSWORD).await;
    assert_eq!(error(&body).0, "UNAUTHENTICATED");

    // The first administrator, as `salesgraph admin create` makes it.
    let short =
        accounts::create_administrator(&app.db, "hq.admin", None, "short".into(), Utc::now())
            .await
            .unwrap_err();
    assert_eq!((short.code(), short.to_string().contains("password")), ("BAD_USER_INPUT", true));
    let first = accounts::create_administrator(
        &app.db,
        "hq.admin",
        Some("总部管理员"),
        ADMIN_PASSWORD.into(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(first.display_name, "总部管理员");
    let again = accounts::create_administrator(
        &app.db,
        "HQ.Admin",
        None,
        ADMIN_PASSWORD.into(),
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), "CONFLICT", "a name differing in letter case only is taken");
    let (admin, _, account) = logged_in(&app, "hq.admin", ADMIN_PASSWORD).await;
    assert_eq!(
        (account["role"].as_str(), account["scope"].as_str()),
        (Some("HQ_ADMIN"), Some("ALL"))
    );

    // The organisation: two regions, a branch in each, a manager and a rep in Shanghai, a
    // manager in Guangzhou.
    let region = "mutation($i: RegionInput!) { createRegion(input: $i) { id } }";
    let east = id(&ok(
        &app,
        &admin,
        region,
        json!({ "i": { "code": "EAST", "name": "华东大区" } }),
        "createRegion",
    )
    .await);
    let south = id(&ok(
        &app,
        &admin,
        region,
        json!({ "i": { "code": "SOUTH", "name": "华南大区" } }),
        "createRegion",
    )
    .await);
    let branch = "mutation($i: BranchInput!) { createBranch(input: $i) { id name } }";
    let sh = id(&ok(
        &app,
        &admin,
        branch,
        json!({ "i": { "regionId": east, "code": "SH", "name": "上海分公司", "city": "上海" } }),
        "createBranch",
    )
    .await);
    let gz = id(&ok(
        &app,
        &admin,
        branch,
        json!({ "i": { "regionId": south, "code": "GZ", "name": "广州分公司", "city": "广州" } }),
        "createBranch",
    )
    .await);
    let employee = "mutation($i: EmployeeInput!) { createEmployee(input: $i) { id } }";
    let person = |no: &str, name: &str, branch: &str, title: &str| json!({ "i": { "employeeNo": no, "name": name, "branchId": branch, "title": title, "hireDate": "2026-12-01" } });
    let mut people = Vec::new();
    for (no, name, branch, title) in [
        ("E001", "王建国", &sh, "分公司总经理"),
        ("E002", "李小燕", &sh, "销售代表"),
        ("E003", "陈志强", &gz, "分公司总经理"),
    ] {
        let created = ok(&app, &admin, employee, person(no, name, branch, title), "createEmployee");
        people.push(id(&created.await));
    }
    let [wang, li, chen] = <[String; 3]>::try_from(people).unwrap();

    // Accounts.
    let account = |username: &str,
                   role: &str,
                   scope: &str,
                   branch: Option<&str>,
                   employee: Option<&str>| {
        json!({ "i": { "username": username, "displayName": username, "password": "初始密码-请尽快修改",
                       "role": role, "scope": scope, "branchId": branch, "employeeId": employee } })
    };
    let manager = ok(
        &app,
        &admin,
        CREATE,
        account("wang.sh", "BRANCH_MANAGER", "BRANCH", Some(&sh), Some(&wang)),
        "createAccount",
    )
    .await;
    assert_eq!(manager["branch"]["name"], "上海分公司");
    assert_eq!(manager["employee"]["name"], "王建国");
    assert_eq!((manager["isActive"].as_bool(), manager["version"].as_i64()), (Some(true), Some(1)));
    let rep = ok(
        &app,
        &admin,
        CREATE,
        account("李小燕", "SALES_REP", "OWN", Some(&sh), Some(&li)),
        "createAccount",
    )
    .await;
    ok(
        &app,
        &admin,
        CREATE,
        account("chen.gz", "BRANCH_MANAGER", "BRANCH", Some(&gz), Some(&chen)),
        "createAccount",
    )
    .await;

    // Assignments that do not go together are refused, the field named; nothing is created.
    let refused = [
        (account("bi", "INTEGRATOR", "ALL", None, None), "BAD_USER_INPUT", "role"),
        (account("boss", "BRANCH_MANAGER", "ALL", None, None), "BAD_USER_INPUT", "scope"),
        (account("nobranch", "BRANCH_MANAGER", "BRANCH", None, None), "BAD_USER_INPUT", "branchId"),
        (account("nobody", "SALES_REP", "OWN", Some(&sh), None), "BAD_USER_INPUT", "employeeId"),
        (
            account("wrongbranch", "SALES_REP", "OWN", Some(&sh), Some(&chen)),
            "BAD_USER_INPUT",
            "employeeId",
        ),
        (account("li.twice", "SALES_REP", "OWN", Some(&sh), Some(&li)), "CONFLICT", "employeeId"),
        (account("WANG.SH", "HQ_ANALYST", "ALL", None, None), "CONFLICT", "username"),
        (account("wang sh", "HQ_ANALYST", "ALL", None, None), "BAD_USER_INPUT", "username"),
        (
            account("ghost", "BRANCH_MANAGER", "BRANCH", Some("99999"), None),
            "BAD_USER_INPUT",
            "branchId",
        ),
        (account("east", "HQ_ANALYST", "REGION", None, None), "BAD_USER_INPUT", "regionId"),
    ];
    for (input, code, field) in refused {
        let body = app.graphql_as(&admin, CREATE, input.clone()).await;
        assert_eq!((error(&body).0, error(&body).1), (code, field), "{input}: {body}");
    }
    let mut weak = account("weak", "HQ_ANALYST", "ALL", None, None);
    weak["i"]["password"] = json!("123");
    let body = app.graphql_as(&admin, CREATE, weak).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "password"));
    assert_eq!(number(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM user_accounts").await, 4);

    // The manager logs in and sees his branch only; he cannot manage accounts.
    let (mgr, mgr_refresh, me) = logged_in(&app, "wang.sh", "初始密码-请尽快修改").await;
    assert_eq!(me["branchId"], json!(sh));
    let customer = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
    let c = |code: &str, name: &str, branch: &str| json!({ "i": { "code": code, "name": name, "branchId": branch, "segment": "SMB", "industry": "制造业", "city": "广州" } });
    ok(&app, &admin, customer, c("C-GZ-1", "广州恒达机电有限公司", &gz), "createCustomer").await;
    ok(&app, &mgr, customer, c("C-SH-1", "上海浦江贸易有限公司", &sh), "createCustomer").await;
    let seen = "{ branches(first: 50) { nodes { name } } employees(first: 50) { totalCount }
                 customers(first: 50) { nodes { name } } accounts(first: 50) { totalCount nodes { username } } }";
    let mine = app.graphql_as(&mgr, seen, json!({})).await;
    assert_eq!(mine["data"]["branches"]["nodes"], json!([{ "name": "上海分公司" }]), "{mine}");
    assert_eq!(mine["data"]["employees"]["totalCount"], 2);
    assert_eq!(mine["data"]["customers"]["nodes"], json!([{ "name": "上海浦江贸易有限公司" }]));
    assert_eq!(mine["data"]["accounts"]["nodes"], json!([{ "username": "wang.sh" }]));
    let all = app.graphql_as(&admin, seen, json!({})).await;
    assert_eq!(all["data"]["accounts"]["totalCount"], 4);
    assert_eq!(all["data"]["customers"]["nodes"].as_array().unwrap().len(), 2);
    let body = app.graphql_as(&mgr, CREATE, account("x.y", "HQ_ANALYST", "ALL", None, None)).await;
    assert_eq!(error(&body).0, "FORBIDDEN");
    let body = app.graphql_as(&mgr, ACTIVE, json!({ "id": id(&rep), "a": false })).await;
    assert_eq!(error(&body).0, "FORBIDDEN");

    // A change at a stale version is a CONFLICT; moving the manager to Guangzhou's region as
    // an analyst ends his logins (his refresh token stops at once).
    let stale = app
        .graphql_as(
            &admin,
            UPDATE,
            json!({ "id": id(&manager), "v": 7, "i": { "displayName": "王总" } }),
        )
        .await;
    assert_eq!((error(&stale).0, error(&stale).1), ("CONFLICT", "version"));
    let moved = ok(
        &app,
        &admin,
        UPDATE,
        json!({ "id": id(&manager), "v": 1, "i": { "role": "HQ_ANALYST", "scope": "REGION", "regionId": south, "branchId": null, "employeeId": null } }),
        "updateAccount",
    )
    .await;
    assert_eq!(
        (moved["scope"].as_str(), moved["branchId"].clone(), moved["version"].as_i64()),
        (Some("REGION"), Value::Null, Some(2))
    );
    let body = app.graphql(REFRESH, json!({ "t": mgr_refresh })).await;
    assert_eq!(error(&body).0, "UNAUTHENTICATED", "the old login ended: {body}");
    let (analyst, _, _) = logged_in(&app, "wang.sh", "初始密码-请尽快修改").await;
    let now_sees = app.graphql_as(&analyst, seen, json!({})).await;
    assert_eq!(now_sees["data"]["branches"]["nodes"], json!([{ "name": "广州分公司" }]));

    // Deactivated, the rep cannot log in and his refresh token stops; reactivated, he can.
    let (_, rep_refresh, _) = logged_in(&app, "李小燕", "初始密码-请尽快修改").await;
    let off =
        ok(&app, &admin, ACTIVE, json!({ "id": id(&rep), "a": false }), "setAccountActive").await;
    assert_eq!(off["isActive"], false);
    assert_eq!(error(&login(&app, "李小燕", "初始密码-请尽快修改").await).0, "UNAUTHENTICATED");
    assert_eq!(
        error(&app.graphql(REFRESH, json!({ "t": rep_refresh })).await).0,
        "UNAUTHENTICATED"
    );
    ok(&app, &admin, ACTIVE, json!({ "id": id(&rep), "a": true }), "setAccountActive").await;

    // A reset password replaces the old one and ends the logins made with it.
    let (_, rep_refresh, _) = logged_in(&app, "李小燕", "初始密码-请尽快修改").await;
    let body = app.graphql_as(&admin, RESET, json!({ "id": id(&rep), "p": "短" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "newPassword"));
    ok(
        &app,
        &admin,
        RESET,
        json!({ "id": id(&rep), "p": "新的密码-李小燕-2026" }),
        "resetPassword",
    )
    .await;
    assert_eq!(error(&login(&app, "李小燕", "初始密码-请尽快修改").await).0, "UNAUTHENTICATED");
    assert_eq!(
        error(&app.graphql(REFRESH, json!({ "t": rep_refresh })).await).0,
        "UNAUTHENTICATED"
    );
    logged_in(&app, "李小燕", "新的密码-李小燕-2026").await;

    // The last administrator can be neither deactivated nor demoted.
    let admin_id = first.id.to_string();
    let body = app.graphql_as(&admin, ACTIVE, json!({ "id": admin_id, "a": false })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "active"));
    let body = app
        .graphql_as(
            &admin,
            UPDATE,
            json!({ "id": admin_id, "v": 1, "i": { "role": "HQ_ANALYST" } }),
        )
        .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "role"));
    let body = app.graphql_as(&admin, ACTIVE, json!({ "id": "99999", "a": false })).await;
    assert_eq!(error(&body).0, "NOT_FOUND");

    // Changes that change nothing write nothing (no new version, no audit entry).
    let same = ok(
        &app,
        &admin,
        UPDATE,
        json!({ "id": admin_id, "v": 1, "i": { "displayName": "总部管理员" } }),
        "updateAccount",
    )
    .await;
    assert_eq!(same["version"], 1);
    let same =
        ok(&app, &admin, ACTIVE, json!({ "id": admin_id, "a": true }), "setAccountActive").await;
    assert_eq!(same["version"], 1);

    // A second administrator; of two, one may be demoted. His token still says HQ_ADMIN
    // until it expires, but the rights to manage accounts and keys are checked as they are
    // now: he cannot restore himself, create accounts or issue keys.
    let mut second = account("hq.second", "HQ_ADMIN", "ALL", None, None);
    second["i"]["password"] = json!(ADMIN_PASSWORD);
    let second = ok(&app, &admin, CREATE, second, "createAccount").await;
    let (second_token, _, _) = logged_in(&app, "hq.second", ADMIN_PASSWORD).await;
    ok(
        &app,
        &admin,
        UPDATE,
        json!({ "id": id(&second), "v": 1, "i": { "role": "HQ_ANALYST" } }),
        "updateAccount",
    )
    .await;
    let restore = json!({ "id": id(&second), "v": 2, "i": { "role": "HQ_ADMIN" } });
    let key = "mutation { createApiKey(input: { name: \"后门\", role: INTEGRATOR, scope: ALL }) { secret } }";
    for (query, variables) in [
        (UPDATE, restore),
        (CREATE, account("backdoor", "HQ_ADMIN", "ALL", None, None)),
        (RESET, json!({ "id": admin_id, "p": "我来重置你的密码-2026" })),
        (key, json!({})),
    ] {
        let body = app.graphql_as(&second_token, query, variables).await;
        assert_eq!(error(&body).0, "FORBIDDEN", "a demoted administrator's old token: {body}");
    }

    // Letter case makes no new name, in any script.
    ok(&app, &admin, CREATE, account("Émile", "HQ_ANALYST", "ALL", None, None), "createAccount")
        .await;
    let body =
        app.graphql_as(&admin, CREATE, account("émile", "HQ_ANALYST", "ALL", None, None)).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "username"), "{body}");

    // An account whose employee has left cannot be reactivated.
    ok(&app, &admin, ACTIVE, json!({ "id": id(&rep), "a": false }), "setAccountActive").await;
    let left = format!("UPDATE employees SET status = 'LEFT' WHERE id = {li}");
    app.db.execute_unprepared(&left).await.unwrap();
    let body = app.graphql_as(&admin, ACTIVE, json!({ "id": id(&rep), "a": true })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "employeeId"), "{body}");

    // Everything is audited; no password is.
    let count = |action: &str| {
        format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = '{action}'")
    };
    assert_eq!(number(&app, &count("account.create")).await, 6);
    assert_eq!(number(&app, &count("account.update")).await, 2);
    assert_eq!(number(&app, &count("account.deactivate")).await, 2);
    assert_eq!(number(&app, &count("account.activate")).await, 1);
    assert_eq!(number(&app, &count("account.resetPassword")).await, 1);
    let by_system = "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'account.create' \
                     AND actor_user_id IS NULL AND actor_api_key_id IS NULL";
    assert_eq!(number(&app, by_system).await, 1, "the first account is the system's");
    for secret in [ADMIN_PASSWORD, "初始密码-请尽快修改", "新的密码-李小燕-2026", "argon2"]
    {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE CAST(changes AS TEXT) LIKE '%{secret}%'"
        );
        assert_eq!(number(&app, &sql).await, 0, "{secret} is in the audit log");
    }
}

async fn account_changes_at_the_same_instant_queue(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let now = Utc::now();
    for name in ["hq.a", "hq.b"] {
        accounts::create_administrator(&app.db, name, None, ADMIN_PASSWORD.into(), now)
            .await
            .unwrap();
    }
    let (a, _, a_account) = logged_in(&app, "hq.a", ADMIN_PASSWORD).await;
    let (b, _, b_account) = logged_in(&app, "hq.b", ADMIN_PASSWORD).await;

    // Eight case variants of one name at once: one account, seven CONFLICTs, no INTERNAL.
    let names = [
        "zhang.wei",
        "Zhang.Wei",
        "ZHANG.WEI",
        "zhang.WEI",
        "Zhang.wei",
        "zHANG.wei",
        "ZHANG.wei",
        "zhang.Wei",
    ];
    let creates = names.iter().map(|name| {
        let input = json!({ "i": { "username": name, "displayName": "张伟", "password": "初始密码-请尽快修改", "role": "HQ_ANALYST", "scope": "ALL" } });
        app.graphql_as(&a, CREATE, input)
    });
    let bodies = futures_util::future::join_all(creates).await;
    let created = bodies.iter().filter(|b| b["data"]["createAccount"].is_object()).count();
    let conflicts =
        bodies.iter().filter(|b| b["errors"][0]["extensions"]["code"] == "CONFLICT").count();
    assert_eq!((created, conflicts), (1, 7), "{bodies:?}");

    // Two administrators deactivating each other at once: one wins, the other is refused
    // (FORBIDDEN: no longer an administrator, or CONFLICT: the last one), never INTERNAL,
    // and one administrator remains.
    let (off_b, off_a) = tokio::join!(
        app.graphql_as(&a, ACTIVE, json!({ "id": b_account["id"], "a": false })),
        app.graphql_as(&b, ACTIVE, json!({ "id": a_account["id"], "a": false })),
    );
    let won = [&off_b, &off_a].iter().filter(|r| r["data"]["setAccountActive"].is_object()).count();
    assert_eq!(won, 1, "{off_b} {off_a}");
    for body in [&off_b, &off_a].into_iter().filter(|r| !r["errors"].is_null()) {
        assert!(["FORBIDDEN", "CONFLICT"].contains(&error(body).0), "{body}");
    }
    let active =
        "SELECT CAST(COUNT(*) AS BIGINT) FROM user_accounts WHERE role = 'HQ_ADMIN' AND is_active";
    assert_eq!(number(&app, active).await, 1);
}

crate::on_both_backends!(
    a_company_starts_from_an_empty_database,
    account_changes_at_the_same_instant_queue
);
