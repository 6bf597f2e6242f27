//! Hostile requests the server answers instead of dying (issue 14, items 1 and 2): input
//! values nested hundreds deep, inline or as variables, and fragments that expand to millions
//! of fields are refused with BAD_USER_INPUT (the limit and the request's own figure in the
//! extensions) before the parser or the validator recurse on them, and the server keeps
//! serving.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error};

/// A cheap query still answers: the process did not abort and is not stalled.
async fn still_serving(app: &TestApp) {
    let body = app.graphql("{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "QueryRoot", "{body}");
}

fn refused(body: &Value, what: &str, limit: u64) {
    assert_eq!(error(body).0, "BAD_USER_INPUT", "{body}");
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["limit"], limit, "{body}");
    assert!(ext[what].as_u64().unwrap() > limit, "{body}");
}

/// Fragments `f0` (selecting `leaf`) to `f{levels}`, each spreading the previous one twice:
/// `f{levels}` expands to 2^levels leaves.
fn doubling(levels: usize, leaf: &str) -> String {
    let mut fragments = format!("fragment f0 on QueryRoot {{ {leaf} }}\n");
    for i in 1..=levels {
        fragments.push_str(&format!(
            "fragment f{i} on QueryRoot {{ ...f{} ...f{} }}\n",
            i - 1,
            i - 1
        ));
    }
    fragments
}

/// `customers(filter: …)` with the filter `not` nested `depth` times, inline.
fn nested_filter(depth: usize) -> String {
    format!(
        "{{ customers(filter: {}{{ code: {{ eq: \"x\" }} }}{}) {{ totalCount }} }}",
        "{ not: ".repeat(depth),
        " }".repeat(depth)
    )
}

async fn nesting_and_fragments_are_bounded_before_parsing(backend: Backend) {
    let app = TestApp::spawn(&backend).await;

    // 300 nested input objects inline (1.8 KB) used to abort the process; 2,000 nested lists
    // too. Anonymous callers get the limit, not a crash.
    refused(&app.graphql(&nested_filter(300), json!({})).await, "nesting", 32);
    let lists = format!(
        "{{ customers(filter: {{ code: {{ in: {}\"x\"{} }} }}) {{ totalCount }} }}",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    refused(&app.graphql(&lists, json!({})).await, "nesting", 32);
    // Brackets inside strings and comments do not count.
    let quoted = format!("{{ __typename # {}\n }}", "{".repeat(500));
    assert_eq!(app.graphql(&quoted, json!({})).await["data"]["__typename"], "QueryRoot");
    still_serving(&app).await;

    // At the limit (32 brackets), the request is parsed, validated and run — anonymous
    // (authentication required) and by HQ (the filter becomes SQL) — on a test worker's
    // stack of a debug build, without overflowing it.
    let body = app.graphql(&nested_filter(28), json!({})).await;
    assert_eq!(error(&body).0, "UNAUTHENTICATED", "{body}");
    crate::analytics::admin_account(&app).await;
    let admin = crate::analytics::admin();
    let body = app.graphql_as(&admin, &nested_filter(28), json!({})).await;
    assert_eq!(body["data"]["customers"]["totalCount"], 0, "{body}");
    refused(&app.graphql_as(&admin, &nested_filter(29), json!({})).await, "nesting", 32);

    // The same as variables: 100 levels (serde's own limit is 128) are refused; at the limit
    // (32 levels) the filter runs.
    let nested = |depth: usize| {
        let mut filter = json!({ "code": { "eq": "x" } });
        for _ in 0..depth {
            filter = json!({ "not": filter });
        }
        json!({ "f": filter })
    };
    let query = "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }";
    refused(&app.graphql(query, nested(100)).await, "nesting", 32);
    let body = app.graphql_as(&admin, query, nested(30)).await;
    assert_eq!(body["data"]["customers"]["totalCount"], 0, "{body}");
    still_serving(&app).await;

    // Fragments that each spread the previous one twice: 2^24 fields in about 1 KB, refused
    // before validation walks them.
    let query = format!("{}{{ ...f24 }}", doubling(24, "__typename"));
    assert!(query.len() < 1200);
    let body = app.graphql(&query, json!({})).await;
    refused(&body, "fields", 20_000);
    assert_eq!(body["errors"][0]["extensions"]["fields"], 1 << 24);
    // 40 such fragments: 2^40 fields, counted as fast (the engine's own recursion check
    // walked them all: 13 s for 28 fragments; `bench/hostile.sh` measures it).
    let query = format!("{}{{ ...f40 }}", doubling(40, "__typename"));
    let body = app.graphql(&query, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["fields"], 1u64 << 40, "{body}");
    // A chain of 100 fragments, each only spreading the next: no field is deep, but the
    // validator recurses through each spread.
    let mut chain = String::from("{ ...c0 }\n");
    for i in 0..100 {
        let next = if i < 99 { format!("...c{}", i + 1) } else { "__typename".into() };
        chain.push_str(&format!("fragment c{i} on QueryRoot {{ {next} }}\n"));
    }
    refused(&app.graphql(&chain, json!({})).await, "levels", 32);
    // A fragment that spreads itself, which the validator's cost walk would follow until the
    // stack overflows; and doubling fragments whose leaves are unknown (no field to count).
    for cyclic in [
        "{ ...a } fragment a on QueryRoot { ...a }",
        "{ me { ...a } } fragment a on SessionAccount { id ...b } fragment b on SessionAccount { ...a }",
    ] {
        let body = app.graphql(cyclic, json!({})).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{body}");
        assert!(error(&body).2.contains("spreads itself"), "{body}");
    }
    let unknown = format!("{}{{ __typename ...f30 }}", doubling(30, "...nowhere"));
    let body = app.graphql(&unknown, json!({})).await;
    assert_eq!(error(&body), ("BAD_USER_INPUT", "", "unknown fragment nowhere"), "{body}");
    // Validation walks every operation, whichever is asked for: their fields add up.
    let mut operations = doubling(10, "__typename");
    for i in 0..40 {
        operations.push_str(&format!("query q{i} {{ ...f10 }}\n"));
    }
    let body = app.post(None, &operations, json!({})).await.1;
    refused(&body, "fields", 20_000);
    assert_eq!(body["errors"][0]["extensions"]["fields"], 40 * 1024);
    // Too many fragment definitions.
    let mut many = String::new();
    for i in 0..300 {
        many.push_str(&format!("fragment g{i} on QueryRoot {{ __typename }}\n"));
    }
    many.push_str("{ ...g0 }");
    refused(&app.graphql(&many, json!({})).await, "fragments", 256);
    still_serving(&app).await;
}

/// A token of HQ_ADMIN signed with the server's secret, `iat` at `issued` seconds from now,
/// with `crit` in its header when given.
fn forged(issued: i64, crit: Option<Vec<String>>) -> String {
    use jsonwebtoken::{EncodingKey, Header, encode};
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "sub": "1", "role": "HQ_ADMIN", "scope": "ALL",
        "iat": now + issued, "nbf": now, "exp": now + 600, "iss": "salesgraph", "aud": "salesgraph-api",
    });
    let header = Header { crit, ..Header::default() };
    let key = EncodingKey::from_secret(crate::helpers::TEST_SECRET.as_bytes());
    encode(&header, &claims, &key).unwrap()
}

async fn tokens_from_the_future_or_with_critical_extensions_are_refused(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    crate::analytics::admin_account(&app).await;
    let query = "{ customers(first: 1) { totalCount } }";
    let good = app.graphql_as(&forged(0, None), query, json!({})).await;
    assert_eq!(good["data"]["customers"]["totalCount"], 0, "the control token works: {good}");
    for token in [forged(300, None), forged(0, Some(vec!["x-salesgraph-scope".into()]))] {
        let (status, body) = app.post(Some(&format!("Bearer {token}")), query, json!({})).await;
        assert_eq!(error(&body).0, "UNAUTHENTICATED", "{status} {body}");
        assert_eq!(body["data"], Value::Null);
    }
}

async fn responses_carry_no_store_and_security_headers(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let login =
        json!({ "query": "mutation { login(username: \"x\", password: \"y\") { accessToken } }" });
    let response = app.client.post(app.url("/graphql")).json(&login).send().await.unwrap();
    let h = response.headers();
    for (name, value) in [
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
    ] {
        assert_eq!(h.get(name).and_then(|v| v.to_str().ok()), Some(value), "{name}: {h:?}");
    }
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.headers()["cache-control"], "no-store");
}

/// The start of an answer, for a failure message.
fn short(body: &Value) -> String {
    body.to_string().chars().take(300).collect()
}

/// GraphiQL's introspection query, as frontends and code generators send it.
const FULL_INTROSPECTION: &str =
    include_str!("../../api/src/graphql/testdata/introspection.graphql");

async fn introspection_costs_what_it_returns_and_answers_are_bounded(backend: Backend) {
    use salesgraph_api::settings::Introspection;
    let app =
        TestApp::spawn_with(&backend, |s| s.introspection = Some(Introspection::Public)).await;
    // The full introspection is answered, anonymously here.
    let body = app.graphql(FULL_INTROSPECTION, json!({})).await;
    let types = body["data"]["__schema"]["types"].as_array().map_or(0, Vec::len);
    assert!(types > 300, "{types} types: {}", short(&body));
    // 2,000 aliases of `__schema` (98 KB) were 95 MB of answer and 2 GB of memory: now
    // refused by the cost limit before anything runs.
    let aliases: String = (0..2000)
        .map(|i| format!("s{i}: __schema {{ types {{ name fields {{ name }} }} }}\n"))
        .collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    refused(&body, "cost", 20_000);
    // Aliases inside one `__schema`, or fragments, amount to the same.
    let inner: String = (0..2000).map(|i| format!("t{i}: types {{ name }}\n")).collect();
    refused(
        &app.graphql(&format!("{{ __schema {{ {inner} }} }}"), json!({})).await,
        "cost",
        20_000,
    );
    // (Spreads of one fragment are counted each time, though the engine merges them: an
    // upper bound.)
    let spread = format!(
        "query {{ __schema {{ {} }} }}
        fragment A on __Schema {{ a: types {{ ...B }} b: types {{ ...B }} }}
        fragment B on __Type {{ name fields {{ name args {{ name }} type {{ name }} }} }}",
        "...A ".repeat(40)
    );
    refused(&app.graphql(&spread, json!({})).await, "cost", 20_000);
    // `__type` named by a variable's default value counts as that type.
    let aliases: String = (0..400)
        .map(|i| format!("t{i}: __type(name: $t) {{ fields {{ name args {{ name }} }} }}\n"))
        .collect();
    let by_default = format!("query($t: String! = \"QueryRoot\") {{ {aliases} }}");
    refused(&app.graphql(&by_default, json!({})).await, "cost", 20_000);
    // A few copies of the full introspection still fit; eight do not.
    let copies = |n: usize| {
        let (head, fragments) = FULL_INTROSPECTION.split_once("fragment FullType").unwrap();
        let selection = head.split_once('{').unwrap().1.rsplit_once('}').unwrap().0;
        let aliased: String = (0..n).map(|i| format!("c{i}: {selection}\n")).collect();
        format!("{{ {aliased} }}\nfragment FullType{fragments}")
    };
    let body = app.graphql(&copies(2), json!({})).await;
    assert!(body["errors"].is_null(), "{}", short(&body["errors"]));
    refused(&app.graphql(&copies(8), json!({})).await, "cost", 20_000);
    still_serving(&app).await;

    // Fragments chained 256 deep, each nesting 30 levels (about 30 KB): 7,680 levels for
    // the validator to recurse through, refused before it does.
    let mut chain = String::from("{ ...f0 }\n");
    for i in 0..256 {
        let next = if i < 255 { format!("...f{}", i + 1) } else { "id".into() };
        chain.push_str(&format!(
            "fragment f{i} on QueryRoot {{ {}{next}{} }}\n",
            "me { employee { branch { ".repeat(10),
            " } } }".repeat(10)
        ));
    }
    refused(&app.graphql(&chain, json!({})).await, "depth", 16);
    still_serving(&app).await;
    app.stop().await;

    // An answer over `max_response_bytes` is replaced by an error, with the limit.
    let app = TestApp::spawn_with(&backend, |s| {
        s.introspection = Some(Introspection::Public);
        s.max_response_bytes = 100_000;
    })
    .await;
    let (status, body) = app.post(None, FULL_INTROSPECTION, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(error(&body).0, "RESPONSE_TOO_LARGE", "{}", short(&body));
    assert_eq!(body["errors"][0]["extensions"]["limit"], 100_000);
    assert_eq!(body["data"], Value::Null);
    still_serving(&app).await;
}

async fn analytics_cost_what_they_compute(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    crate::analytics::company(&app).await;
    let admin = crate::analytics::admin();
    let metrics = |n: usize, group: &str, fields: &str| {
        let aliases: String = (0..n)
            .map(|i| {
                format!(
                    "m{i}: salesMetrics(input: {{ from: \"2026-03-01\", to: \"2026-03-31\", groupBy: [{group}] }}) {{ {fields} }}\n"
                )
            })
            .collect();
        format!("{{ {aliases} }}")
    };
    // 200 aliases of a 10,000-row analysis took 8–26 s, 48 MB and the connection pool: now
    // refused before anything runs, by the cost of what they would compute.
    let all =
        "employeeId period { label } revenue orders units attainment pace yoyGrowth momGrowth";
    // One analysis costs 1,000 and its expected rows (50 reps × 31 days) times their fields
    // (10 here).
    let one = 1_000 + 50 * 31 * 10;
    let body = app.graphql_as(&admin, &metrics(200, "EMPLOYEE, DAY", all), json!({})).await;
    refused(&body, "cost", 20_000);
    assert_eq!(body["errors"][0]["extensions"]["cost"], 200 * one, "{body}");
    let body = app.graphql_as(&admin, &metrics(2, "EMPLOYEE, DAY", all), json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["cost"], 2 * one, "{body}");
    let body = app.graphql_as(&admin, &metrics(1, "EMPLOYEE, DAY", all), json!({})).await;
    assert!(body["errors"].is_null(), "{}", short(&body));
    assert!(body["data"]["m0"].as_array().unwrap().len() >= 31);
    // Nineteen small analyses fit (1,001 each), and each answers as it would alone; 20 do
    // not.
    let alone = app.graphql_as(&admin, &metrics(1, "", "revenue"), json!({})).await;
    let body = app.graphql_as(&admin, &metrics(19, "", "revenue"), json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    for i in 0..19 {
        assert_eq!(body["data"][format!("m{i}")], alone["data"]["m0"], "{body}");
    }
    refused(&app.graphql_as(&admin, &metrics(20, "", "revenue"), json!({})).await, "cost", 20_000);
    // The target tree counts its levels of children.
    let tree = |depth: usize| {
        format!(
            "{{ targetTree(periodKind: MONTH, periodStart: \"2026-03-01\") {{ name {}actual{} }} }}",
            "children { name ".repeat(depth),
            " }".repeat(depth)
        )
    };
    let body = app.graphql_as(&admin, &tree(2), json!({})).await;
    assert!(body["data"]["targetTree"]["name"].is_string(), "{body}");
    refused(&app.graphql_as(&admin, &tree(4), json!({})).await, "cost", 20_000);
    still_serving(&app).await;
}

async fn input_the_database_would_refuse_is_bad_input(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    crate::analytics::company(&app).await;
    let admin = crate::analytics::admin();
    let named = |body: &Value, field: &str| {
        assert_eq!(error(body), ("BAD_USER_INPUT", field, error(body).2), "{body}");
    };
    // A NUL anywhere in a string, anonymous `login` included, in literals and variables.
    let login =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    named(&app.graphql(login, json!({ "u": "admin\u{0}", "p": "x" })).await, "u");
    named(&app.graphql(login, json!({ "u": "admin", "p": "x\u{0}" })).await, "p");
    let literal = "mutation { login(username: \"a\\u0000\", password: \"x\") { accessToken } }";
    named(&app.graphql(literal, json!({})).await, "username");
    let default = "mutation($u: String! = \"a\\u0000\") { login(username: $u, password: \"x\") { accessToken } }";
    named(&app.graphql(default, json!({})).await, "u");
    let filter = "{ customers(filter: { name: { contains: \"华\\u0000\" } }) { totalCount } }";
    named(&app.graphql_as(&admin, filter, json!({})).await, "filter.name.contains");
    let listed = "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }";
    let variables = json!({ "f": { "code": { "in": ["C1", "C\u{0}"] } } });
    named(&app.graphql_as(&admin, listed, variables).await, "f.code.in[1]");
    // A username longer than any account's.
    let body = app.graphql(login, json!({ "u": "名".repeat(300), "p": "x" })).await;
    named(&body, "username");
    // An amount past what a target may be.
    let target =
        "mutation($a: Decimal!) { createSalesTarget(input: { metric: REVENUE, periodKind: MONTH,
        periodStart: \"2026-05-01\", amount: $a }) { id } }";
    let body = app.graphql_as(&admin, target, json!({ "a": "1000000000000000000000" })).await;
    assert_eq!(error(&body).0, "BAD_USER_INPUT", "{body}");
    assert!(error(&body).1.ends_with("amount"), "{body}");
    // Months no report can cover.
    for month in ["0000-01", "1900-01", "1969-12"] {
        let path = format!("/reports/monthly-review.pdf?month={month}");
        let (status, _, body) = crate::reports::download(&app, Some(&admin), &path).await;
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 400, "{month}: {body}");
        assert!(body.contains("BAD_USER_INPUT") && body.contains("month"), "{month}: {body}");
    }
    still_serving(&app).await;
}

crate::on_both_backends!(
    input_the_database_would_refuse_is_bad_input,
    analytics_cost_what_they_compute,
    introspection_costs_what_it_returns_and_answers_are_bounded,
    responses_carry_no_store_and_security_headers,
    nesting_and_fragments_are_bounded_before_parsing,
    tokens_from_the_future_or_with_critical_extensions_are_refused
);
