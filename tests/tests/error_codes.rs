//! Every error a client can get carries `extensions.code`: syntax errors, unknown fields,
//! unknown enum values (in literals and variables, swept over every mutation that takes
//! one), unparsable decimals and dates (with the field named), and the depth and
//! complexity limits (with the limit and the query's own figure).

use serde_json::{Value, json};

use crate::analytics::{admin, company};
use crate::helpers::{Backend, TestApp};

/// Every error of `body`, each of which must carry a code.
fn codes(body: &Value) -> Vec<(String, String)> {
    let errors = body["errors"].as_array().unwrap_or_else(|| panic!("no errors in {body}"));
    errors
        .iter()
        .map(|e| {
            let code = e["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no code: {e}"));
            (code.to_owned(), e["extensions"]["field"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

fn assert_bad_input(body: &Value, field: &str) {
    let found = codes(body);
    assert!(found.iter().all(|(code, _)| code == "BAD_USER_INPUT"), "{body}");
    assert!(found.iter().any(|(_, f)| f == field), "no error names {field}: {body}");
}

async fn engine_errors_carry_codes_and_fields(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let token = admin();

    // Syntax and unknown fields.
    let body = app.graphql_as(&token, "{ branches { ", json!({})).await;
    assert_bad_input(&body, "");
    let body = app.graphql_as(&token, "{ noSuchField }", json!({})).await;
    assert_bad_input(&body, "");
    let (status, body) =
        app.post(None, "{ branches(first: \"x\") { totalCount } }", json!({})).await;
    assert_eq!(status, 200);
    assert_bad_input(&body, "first");

    // An unknown enum value, as a literal and as a variable.
    let literal = "mutation { createCustomer(input: { code: \"E1\", name: \"测试客户\", branchId: \"1\", segment: VIP, industry: \"制造\", city: \"上海\" }) { id } }";
    assert_bad_input(&app.graphql_as(&token, literal, json!({})).await, "input.segment");
    let q = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
    let input = json!({ "code": "E1", "name": "测试客户", "branchId": "1", "segment": "VIP", "industry": "制造", "city": "上海" });
    assert_bad_input(&app.graphql_as(&token, q, json!({ "i": input })).await, "input.segment");

    // Decimals and dates that do not parse, with the field named.
    let q = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }";
    let input = json!({ "customerId": "1", "salespersonId": "1",
        "lines": [{ "productId": "1", "quantity": 1 }, { "productId": "1", "quantity": 1, "unitPrice": "12,5" }] });
    assert_bad_input(
        &app.graphql_as(&token, q, json!({ "i": input })).await,
        "input.lines[1].unitPrice",
    );
    let input = json!({ "customerId": "1", "salespersonId": "1", "orderedAt": "昨天",
        "lines": [{ "productId": "1", "quantity": 1 }] });
    assert_bad_input(&app.graphql_as(&token, q, json!({ "i": input })).await, "input.orderedAt");
    let literal = "mutation { createOpportunity(input: { customerId: \"1\", name: \"大单\", amount: \"1e\", expectedCloseDate: \"2031-02-30\" }) { id } }";
    let body = app.graphql_as(&token, literal, json!({})).await;
    let named: Vec<String> = codes(&body).into_iter().map(|(_, f)| f).collect();
    assert!(
        named.contains(&"input.amount".to_owned())
            || named.contains(&"input.expectedCloseDate".to_owned()),
        "{body}"
    );
    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { revenue } }";
    let body = app
        .graphql_as(&token, q, json!({ "i": { "from": "2026-02-30", "to": "2026-03-31" } }))
        .await;
    assert_bad_input(&body, "input.from");

    // The limits say what they are and what the query came to.
    let deep = format!(
        "{{ regions {{ edges {{ node {{ {} name {} }} }} }} }}",
        "branches { region { ".repeat(8),
        "} } ".repeat(8)
    );
    let body = app.graphql_as(&token, &deep, json!({})).await;
    let e = &body["errors"][0]["extensions"];
    assert_eq!(
        (e["code"].clone(), e["limit"].clone()),
        (json!("BAD_USER_INPUT"), json!(16)),
        "{body}"
    );
    assert!(e["depth"].as_u64().unwrap() > 16, "{body}");
    let heavy = format!("{{ {} }}", (0..5).map(|i| format!("a{i}: orders(first: 500) {{ edges {{ node {{ id orderNo totalAmount status note currency version customerId branchId orderedAt }} }} }}")).collect::<Vec<_>>().join(" "));
    let body = app.graphql_as(&token, &heavy, json!({})).await;
    let e = &body["errors"][0]["extensions"];
    assert_eq!(
        (e["code"].clone(), e["limit"].clone()),
        (json!("BAD_USER_INPUT"), json!(20_000)),
        "{body}"
    );
    assert!(e["cost"].as_u64().unwrap() > 20_000, "{body}");
    assert!(
        body["errors"][0]["message"].as_str().unwrap().contains(&e["cost"].to_string()),
        "{body}"
    );
}

/// The named type inside NON_NULL and LIST wrappers.
fn named(ty: &Value) -> &Value {
    if ty["ofType"].is_object() { named(&ty["ofType"]) } else { ty }
}

/// A literal of type `ty` that passes validation: the first value of an enum, a sample of a
/// scalar, an input object with its required fields, in GraphQL syntax.
fn sample(ty: &Value, types: &[Value], depth: usize) -> String {
    match ty["kind"].as_str() {
        Some("NON_NULL") => sample(&ty["ofType"], types, depth),
        Some("LIST") => format!("[{}]", sample(&ty["ofType"], types, depth)),
        _ => {
            let name = ty["name"].as_str().unwrap();
            let def = types.iter().find(|t| t["name"] == name).unwrap();
            match def["kind"].as_str().unwrap() {
                "ENUM" => def["enumValues"][0]["name"].as_str().unwrap().to_owned(),
                "INPUT_OBJECT" if depth < 4 => {
                    format!("{{ {} }}", required(def, types, depth + 1, None))
                }
                "INPUT_OBJECT" => "{}".to_owned(),
                _ => match name {
                    "Int" => "1".to_owned(),
                    "Float" => "1.0".to_owned(),
                    "Boolean" => "true".to_owned(),
                    "NaiveDate" => "\"2030-01-01\"".to_owned(),
                    "DateTime" => "\"2030-01-01T00:00:00Z\"".to_owned(),
                    "Decimal" => "\"1\"".to_owned(),
                    "JSON" => "{}".to_owned(),
                    _ => "\"1\"".to_owned(),
                },
            }
        }
    }
}

/// The required fields of an input object (or arguments of a field), `name: value, …`, with
/// `bad` set to an unknown enum value.
fn required(def: &Value, types: &[Value], depth: usize, bad: Option<&str>) -> String {
    let fields = def["inputFields"].as_array().or(def["args"].as_array()).unwrap();
    fields
        .iter()
        .filter_map(|f| {
            let name = f["name"].as_str().unwrap();
            if Some(name) == bad {
                return Some(format!("{name}: NO_SUCH_VALUE"));
            }
            (f["type"]["kind"] == "NON_NULL" && f["defaultValue"].is_null())
                .then(|| format!("{name}: {}", sample(&f["type"], types, depth)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn an_unknown_enum_value_is_bad_input_in_every_mutation(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let token = admin();
    let introspection = "{ __schema { mutationType { fields { name args { name defaultValue type { ...T } } } }
        types { name kind enumValues { name } inputFields { name defaultValue type { ...T } } } } }
        fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
    let schema = app.graphql_as(&token, introspection, json!({})).await;
    let types = schema["data"]["__schema"]["types"].as_array().unwrap().clone();
    let mut tried = 0;
    for field in schema["data"]["__schema"]["mutationType"]["fields"].as_array().unwrap() {
        for arg in field["args"].as_array().unwrap() {
            let ty = named(&arg["type"]);
            let arg_name = arg["name"].as_str().unwrap();
            // The enum may be the argument itself or a field of its input object.
            let (args, path) = match ty["kind"].as_str() {
                Some("ENUM") => (required(field, &types, 0, Some(arg_name)), arg_name.to_owned()),
                Some("INPUT_OBJECT") => {
                    let def = types.iter().find(|t| t["name"] == ty["name"]).unwrap();
                    let Some(inner) = def["inputFields"].as_array().unwrap().iter().find(|f| {
                        f["type"]["kind"] != "LIST" && named(&f["type"])["kind"] == "ENUM"
                    }) else {
                        continue;
                    };
                    let inner = inner["name"].as_str().unwrap();
                    let value = format!("{{ {} }}", required(def, &types, 1, Some(inner)));
                    let others = required(field, &types, 0, Some(arg_name)).replace(
                        &format!("{arg_name}: NO_SUCH_VALUE"),
                        &format!("{arg_name}: {value}"),
                    );
                    (others, format!("{arg_name}.{inner}"))
                }
                _ => continue,
            };
            let query = format!(
                "mutation {{ {}({args}) {{ __typename }} }}",
                field["name"].as_str().unwrap()
            );
            let body = app.graphql_as(&token, &query, json!({})).await;
            assert_bad_input(&body, &path);
            tried += 1;
        }
    }
    assert!(tried >= 19, "only {tried} mutations take an enum");
}

crate::on_both_backends!(
    engine_errors_carry_codes_and_fields,
    an_unknown_enum_value_is_bad_input_in_every_mutation
);
