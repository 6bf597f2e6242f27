//! Identity and access: login, every kind of bad token, refresh rotation, logout, password
//! change, API keys, and branch scopes on the first query.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use salesgraph_entities::{api_keys, audit_log};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Backend, TEST_SECRET, TestApp};

const BRANCH_CODES: &str =
    "{ branches(orderBy: CODE) { edges { node { code region { name } } } } }";

fn codes(body: &Value) -> Vec<String> {
    body["data"]["branches"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no branches in {body}"))
        .iter()
        .map(|b| b["node"]["code"].as_str().unwrap().to_owned())
        .collect()
}

fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

/// Claims like the server's, with the times given relative to now.
fn claims(sub: &str, role: &str, iat: i64, nbf: i64, exp: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "sub": sub, "role": role, "scope": "ALL",
        "iat": now + iat, "nbf": now + nbf, "exp": now + exp,
        "iss": "salesgraph", "aud": "salesgraph-api",
    })
}

fn sign(alg: Algorithm, secret: &str, claims: &Value) -> String {
    encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn anonymous_callers_may_only_log_in_and_name_types(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let body = app.graphql(BRANCH_CODES, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    assert_eq!(body["data"], Value::Null);
    let me = app.graphql("{ me { username } }", json!({})).await;
    assert_eq!(error_code(&me), "UNAUTHENTICATED");
    // `serve`'s default: introspection needs a token; `__typename` does not.
    let introspection = "{ __schema { queryType { name } } }";
    let body = app.graphql(introspection, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    assert_eq!(body["data"], Value::Null, "{body}");
    let body = app.graphql("{ t: __type(name: \"Customer\") { name } }", json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    assert_eq!(app.graphql("{ __typename }", json!({})).await["data"]["__typename"], "QueryRoot");
    let (token, _) = app.login("mgr.sh").await;
    let schema = app.graphql_as(&token, introspection, json!({})).await;
    assert_eq!(schema["data"]["__schema"]["queryType"]["name"], "QueryRoot", "{schema}");
}

async fn introspection_follows_its_setting(backend: Backend) {
    use salesgraph_api::settings::Introspection;
    let introspection = "{ __schema { queryType { name } } }";
    // `demo`'s: everyone.
    let app =
        TestApp::spawn_with(&backend, |s| s.introspection = Some(Introspection::Public)).await;
    let schema = app.graphql(introspection, json!({})).await;
    assert_eq!(schema["data"]["__schema"]["queryType"]["name"], "QueryRoot", "{schema}");
    app.stop().await;
    // Off: nobody, HQ included.
    let app = TestApp::spawn_with(&backend, |s| s.introspection = Some(Introspection::Off)).await;
    crate::analytics::admin_account(&app).await;
    let body = app.graphql_as(&crate::analytics::admin(), introspection, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("schema.graphql"), "{body}");
    app.stop().await;
}

async fn login_returns_tokens_and_failures_look_alike(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (access, refresh) = app.login("mgr.sh").await;
    assert!(refresh.starts_with("sgr_"));
    let me = app
        .graphql_as(&access, "{ me { username displayName role scope branchId } }", json!({}))
        .await;
    assert_eq!(me["data"]["me"]["username"], "mgr.sh");
    assert_eq!(me["data"]["me"]["displayName"], "上海分公司总经理");
    assert_eq!(me["data"]["me"]["role"], "BRANCH_MANAGER");
    assert_eq!(me["data"]["me"]["scope"], "BRANCH");

    let login =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let wrong = app.graphql(login, json!({ "u": "mgr.sh", "p": "wrong-password" })).await;
    let unknown = app.graphql(login, json!({ "u": "nobody", "p": "wrong-password" })).await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"], unknown["errors"][0]["message"],
        "no hint whether the user exists"
    );
    assert_eq!(wrong["errors"][0]["message"], "invalid username or password");

    let logins = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.login"))
        .all(&app.db)
        .await
        .unwrap();
    let request_id = logins.first().and_then(|entry| entry.request_id.clone()).unwrap_or_default();
    // A caller's request id too long for the audit log does not break the login.
    let long_id = "x".repeat(300);
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("x-request-id", &long_id)
        .json(&json!({ "query": login, "variables": { "u": "mgr.sh", "p": salesgraph_api::seed::DEMO_PASSWORD } }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(body["data"]["login"]["accessToken"].is_string(), "{body}");
    assert_eq!(request_id.len(), 36, "the entry carries the request id of its log lines");
    assert_eq!(logins.len(), 1, "the successful login is audited, the failures are not changes");
    let after = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.login"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(after, 2, "the login with an oversized request id is audited too");
}

async fn every_bad_token_is_unauthenticated_never_anonymous(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (good, _) = app.login("admin").await;
    let (ok_status, ok) = app.post(Some(&format!("Bearer {good}")), BRANCH_CODES, json!({})).await;
    assert_eq!(ok_status, 200);
    assert_eq!(codes(&ok).len(), 10);

    let valid = claims("1", "HQ_ADMIN", 0, 0, 600);
    let payload = good.split('.').nth(1).unwrap();
    let mut without_subject = valid.clone();
    without_subject.as_object_mut().unwrap().remove("sub");
    let mut other_audience = valid.clone();
    other_audience["aud"] = json!("someone-else");
    let cases: Vec<(&str, String)> = vec![
        ("malformed", "Bearer not-a-token".to_owned()),
        ("not a bearer", format!("Basic {good}")),
        ("empty bearer", "Bearer ".to_owned()),
        (
            "expired",
            format!(
                "Bearer {}",
                sign(Algorithm::HS256, TEST_SECRET, &claims("1", "HQ_ADMIN", -7200, -7200, -3600))
            ),
        ),
        (
            "not yet valid",
            format!(
                "Bearer {}",
                sign(Algorithm::HS256, TEST_SECRET, &claims("1", "HQ_ADMIN", 0, 3600, 7200))
            ),
        ),
        (
            "wrongly signed",
            format!(
                "Bearer {}",
                sign(Algorithm::HS256, "another-secret-another-secret-another", &valid)
            ),
        ),
        ("another HMAC", format!("Bearer {}", sign(Algorithm::HS512, TEST_SECRET, &valid))),
        // {"alg":"none","typ":"JWT"} with the payload of a real token and no signature.
        ("alg none", format!("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")),
        // {"alg":"RS256","typ":"JWT"}: a public-key algorithm.
        (
            "public-key alg",
            format!("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.{payload}.c2lnbmF0dXJl"),
        ),
        (
            "unknown role",
            format!(
                "Bearer {}",
                sign(Algorithm::HS256, TEST_SECRET, &claims("1", "SUPERUSER", 0, 0, 600))
            ),
        ),
        ("no subject", format!("Bearer {}", sign(Algorithm::HS256, TEST_SECRET, &without_subject))),
        (
            "wrong audience",
            format!("Bearer {}", sign(Algorithm::HS256, TEST_SECRET, &other_audience)),
        ),
        (
            "unknown API key",
            "Bearer sgk_00000000_0000000000000000000000000000000000000000".to_owned(),
        ),
    ];
    for (case, header) in cases {
        let (status, body) = app.post(Some(&header), BRANCH_CODES, json!({})).await;
        assert_eq!(status, 401, "{case}: {body}");
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{case}");
        assert_eq!(body["data"], Value::Null, "{case}: nothing runs");
    }
    // Even the anonymous operations refuse a bad token rather than running anonymously.
    let (status, _) = app
        .post(Some("Bearer not-a-token"), "{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(status, 401);
}

const REFRESH: &str =
    "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }";

async fn refresh_tokens_rotate_and_a_replay_revokes_the_login(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (_, first) = app.login("analyst").await;
    let rotated = app.graphql(REFRESH, json!({ "t": first })).await;
    let second = rotated["data"]["refreshToken"]["refreshToken"].as_str().unwrap().to_owned();
    let access = rotated["data"]["refreshToken"]["accessToken"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    let me = app.graphql_as(&access, "{ me { username } }", json!({})).await;
    assert_eq!(me["data"]["me"]["username"], "analyst");

    let replay = app.graphql(REFRESH, json!({ "t": first })).await;
    assert_eq!(error_code(&replay), "UNAUTHENTICATED", "an old refresh token is refused");
    let after = app.graphql(REFRESH, json!({ "t": second })).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED", "the replay revoked the whole login");

    // Another login of the same user is not affected.
    let (_, other) = app.login("analyst").await;
    let fine = app.graphql(REFRESH, json!({ "t": other })).await;
    assert!(fine["data"]["refreshToken"]["refreshToken"].is_string(), "{fine}");
}

async fn logout_and_password_change_end_sessions(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (access, refresh) = app.login("rep.sh").await;
    let out = app
        .graphql_as(
            &access,
            "mutation($t: String!) { logout(refreshToken: $t) }",
            json!({ "t": refresh }),
        )
        .await;
    assert_eq!(out["data"]["logout"], true);
    assert_eq!(error_code(&app.graphql(REFRESH, json!({ "t": refresh })).await), "UNAUTHENTICATED");

    let (access, refresh) = app.login("rep.sh").await;
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let wrong = app
        .graphql_as(&access, change, json!({ "c": "not-it-at-all", "n": "新的密码-long-enough" }))
        .await;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT");
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "currentPassword");
    let short = app
        .graphql_as(
            &access,
            change,
            json!({ "c": salesgraph_api::seed::DEMO_PASSWORD, "n": "short" }),
        )
        .await;
    assert_eq!(short["errors"][0]["extensions"]["field"], "newPassword");
    let done = app
        .graphql_as(
            &access,
            change,
            json!({ "c": salesgraph_api::seed::DEMO_PASSWORD, "n": "新的密码-long-enough" }),
        )
        .await;
    assert_eq!(done["data"]["changePassword"], true, "{done}");
    assert_eq!(
        error_code(&app.graphql(REFRESH, json!({ "t": refresh })).await),
        "UNAUTHENTICATED",
        "sessions end"
    );

    let login =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let old = app
        .graphql(login, json!({ "u": "rep.sh", "p": salesgraph_api::seed::DEMO_PASSWORD }))
        .await;
    assert_eq!(error_code(&old), "UNAUTHENTICATED");
    let new = app.graphql(login, json!({ "u": "rep.sh", "p": "新的密码-long-enough" })).await;
    assert!(new["data"]["login"]["accessToken"].is_string(), "{new}");
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.changePassword"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!audit.changes.unwrap().to_string().contains("argon2"), "no hash in the audit log");
}

const CREATE_KEY: &str = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix role scope } } }";

async fn api_keys_are_issued_once_scoped_and_revocable(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let shanghai = codes(
        &app.graphql_as(&manager, "{ branches { edges { node { code } } } }", json!({})).await,
    );
    assert_eq!(shanghai, vec!["SH"]);

    let input = json!({ "i": { "name": "上海 BI 看板", "role": "INTEGRATOR", "scope": "BRANCH", "branchId": "1" } });
    let refused = app.graphql_as(&manager, CREATE_KEY, input.clone()).await;
    assert_eq!(error_code(&refused), "FORBIDDEN");

    let created = app.graphql_as(&admin, CREATE_KEY, input).await;
    let key = created["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let prefix = created["data"]["createApiKey"]["apiKey"]["prefix"].as_str().unwrap();
    assert!(key.starts_with(&format!("sgk_{prefix}_")), "{key}");
    let stored = api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.key_hash.contains(key.rsplit('_').next().unwrap()), "only a hash is stored");

    let seen = app.graphql_as(&key, BRANCH_CODES, json!({})).await;
    assert_eq!(codes(&seen), vec!["SH"], "a branch-scoped key sees its branch only");
    assert_eq!(seen["data"]["branches"]["edges"][0]["node"]["region"]["name"], "华东大区");
    let listed = app.graphql_as(&admin, "{ apiKeys { prefix name lastUsedAt } }", json!({})).await;
    let mine = listed["data"]["apiKeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["prefix"] == prefix)
        .unwrap()
        .clone();
    assert_eq!(mine["name"], "上海 BI 看板");
    assert!(mine["lastUsedAt"].is_string(), "use is recorded: {mine}");

    let bad = app
        .graphql_as(
            &admin,
            CREATE_KEY,
            json!({ "i": { "name": "x", "role": "HQ_ADMIN", "scope": "ALL" } }),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "role");
    let bad = app.graphql_as(&admin, CREATE_KEY, json!({ "i": { "name": "x", "role": "INTEGRATOR", "scope": "BRANCH", "branchId": "999" } })).await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "branchId");
    let creations = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("apiKey.create"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(creations, 1, "refused creations leave no audit entry");

    let id = created["data"]["createApiKey"]["apiKey"]["id"].as_str().unwrap();
    let revoked = app
        .graphql_as(
            &admin,
            "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
            json!({ "id": id }),
        )
        .await;
    assert!(revoked["data"]["revokeApiKey"]["revokedAt"].is_string(), "{revoked}");
    let (status, body) = app.post(Some(&format!("Bearer {key}")), BRANCH_CODES, json!({})).await;
    assert_eq!(
        (status, error_code(&body)),
        (401, "UNAUTHENTICATED"),
        "a revoked key stops at once"
    );

    // An expired key is refused.
    let second = app
        .graphql_as(
            &admin,
            CREATE_KEY,
            json!({ "i": { "name": "短期", "role": "HQ_ANALYST", "scope": "ALL" } }),
        )
        .await;
    let key = second["data"]["createApiKey"]["secret"].as_str().unwrap().to_owned();
    api_keys::Entity::update_many()
        .col_expr(
            api_keys::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(api_keys::Column::Prefix.eq(key.split('_').nth(1).unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
    let (status, _) = app.post(Some(&format!("Bearer {key}")), BRANCH_CODES, json!({})).await;
    assert_eq!(status, 401);
}

async fn branch_scopes_shape_the_first_query(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    for (user, expected) in [
        ("admin", vec!["BJ", "CD", "CQ", "GZ", "HZ", "NJ", "SH", "SZ", "TJ", "WH"]),
        ("east", vec!["HZ", "NJ", "SH"]),
        ("mgr.sh", vec!["SH"]),
        ("mgr.gz", vec!["GZ"]),
        ("rep.sh", vec!["SH"]),
    ] {
        let (token, _) = app.login(user).await;
        let body = app.graphql_as(&token, BRANCH_CODES, json!({})).await;
        assert_eq!(codes(&body), expected, "{user}");
    }
    let (token, _) = app.login("mgr.gz").await;
    let body = app.graphql_as(&token, BRANCH_CODES, json!({})).await;
    assert_eq!(body["data"]["branches"]["edges"][0]["node"]["region"]["name"], "华南大区");
}

async fn a_guesser_is_locked_out_but_not_the_account(backend: Backend) {
    use salesgraph_api::auth::throttle;
    // Behind a trusted proxy, so that requests can come from several addresses.
    let app = TestApp::spawn_with(&backend, |s| {
        s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    app.seed().await;
    let now = chrono::Utc::now();
    let ip = |s: &str| Some(s.parse::<std::net::IpAddr>().unwrap());
    let login = |user: &'static str, from: &'static str| {
        let request = app.client.post(app.url("/graphql")).header("x-forwarded-for", from).json(&json!({
            "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }",
            "variables": { "u": user, "p": salesgraph_api::seed::DEMO_PASSWORD },
        }));
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };

    // Parallel guesses at admin from one address cannot slip past the limit: every attempt
    // is counted before its password is checked, in one statement.
    let keys = throttle::keys("admin", ip("198.51.100.1"));
    let attempts = (0..30).map(|_| {
        let db = app.db.clone();
        let keys = keys.clone();
        tokio::spawn(async move { throttle::begin_attempt(&db, &keys, now).await.is_ok() })
    });
    let mut allowed = 0;
    for attempt in attempts {
        allowed += usize::from(attempt.await.unwrap());
    }
    assert_eq!(allowed, 10, "ten attempts pass, the rest are refused");
    // The guesser is locked out of admin, even with the right password ...
    let body = login("admin", "198.51.100.1").await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("too many failed logins"), "{body}");
    // ... but not of other accounts, and admin logs in from anywhere else.
    assert!(login("analyst", "198.51.100.1").await["data"]["login"]["accessToken"].is_string());
    let body = login("admin", "203.0.113.9").await;
    assert!(body["data"]["login"]["accessToken"].is_string(), "{body}");

    // Ten bad logins with random names from an office's NAT lock nobody out there.
    for i in 0..10 {
        let keys = throttle::keys(&format!("nobody{i}"), ip("192.0.2.7"));
        throttle::begin_attempt(&app.db, &keys, now).await.unwrap();
    }
    let body = login("mgr.sh", "192.0.2.7").await;
    assert!(body["data"]["login"]["accessToken"].is_string(), "{body}");
    // One address guessing a hundred usernames is locked out, for every username.
    for i in 0..100 {
        let keys = throttle::keys(&format!("guess{i}"), ip("192.0.2.99"));
        throttle::begin_attempt(&app.db, &keys, now).await.unwrap();
    }
    let body = login("mgr.sh", "192.0.2.99").await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    // An IPv6 client counts by its /64: changing the low bits changes nothing.
    let a = throttle::keys("admin", ip("2001:db8:1:2::1"));
    let b = throttle::keys("admin", ip("2001:db8:1:2:ffff::9"));
    assert_eq!(a, b);
    assert_eq!(a[1], "pair:admin@2001:db8:1:2::/64");
}

crate::on_both_backends!(
    anonymous_callers_may_only_log_in_and_name_types,
    introspection_follows_its_setting,
    login_returns_tokens_and_failures_look_alike,
    every_bad_token_is_unauthenticated_never_anonymous,
    refresh_tokens_rotate_and_a_replay_revokes_the_login,
    logout_and_password_change_end_sessions,
    api_keys_are_issued_once_scoped_and_revocable,
    branch_scopes_shape_the_first_query,
    a_guesser_is_locked_out_but_not_the_account,
);
