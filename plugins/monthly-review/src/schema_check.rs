//! The query checked against the workspace's `schema.graphql` before any server runs it:
//! every field, argument, input field and enum value exists, variables are declared with
//! types their positions accept, leaves have no selection and objects have one, and the
//! request stays under the API's complexity limit (20,000, connections counting `first`).

use std::collections::{HashMap, HashSet};

use async_graphql::Value;
use async_graphql::parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, Selection, SelectionSet, Type,
    TypeDefinition, TypeKind, TypeSystemDefinition,
};
use async_graphql::parser::{parse_query, parse_schema};
use serde_json::json;

use crate::MonthlyReview;
use crate::tests::params;
use salesgraph_report_sdk::ReportPlugin;

/// How a variable reads once the query's values are made constant: `\u{1}var:name`.
const VAR: &str = "\u{1}var:";

/// The value with each variable replaced by a [`VAR`] marker (the parser's value type is
/// not exported, its constant form is).
macro_rules! constant {
    ($v:expr) => {
        $v.clone()
            .into_const_with(|name| {
                Ok::<_, std::convert::Infallible>(Value::String(format!("{VAR}{name}")))
            })
            .unwrap_or_default()
    };
}

/// The API's complexity limit (`api/src/graphql.rs`).
const LIMIT: usize = 20_000;

struct Schema {
    types: HashMap<String, TypeDefinition>,
}

fn base_name(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(n) => n.as_str(),
        BaseType::List(inner) => base_name(inner),
    }
}

impl Schema {
    fn load() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql");
        let sdl = std::fs::read_to_string(path).unwrap();
        let doc = parse_schema(&sdl).unwrap();
        let mut types = HashMap::new();
        for def in doc.definitions {
            if let TypeSystemDefinition::Type(t) = def {
                types.insert(t.node.name.node.to_string(), t.node);
            }
        }
        Self { types }
    }

    fn kind(&self, name: &str) -> &TypeKind {
        match self.types.get(name) {
            Some(t) => &t.kind,
            None if ["String", "Int", "Float", "Boolean", "ID"].contains(&name) => {
                &TypeKind::Scalar
            }
            None => panic!("no type {name} in the schema"),
        }
    }

    /// Checks `value` given where `ty` is expected; records the variables used.
    fn value(
        &self,
        value: &Value,
        ty: &Type,
        vars: &HashMap<String, Type>,
        used: &mut HashSet<String>,
        at: &str,
    ) {
        match value {
            Value::String(marker) if marker.starts_with(VAR) => {
                let name = &marker[VAR.len()..];
                used.insert(name.to_owned());
                let var = vars.get(name).unwrap_or_else(|| panic!("${name} not declared ({at})"));
                assert_eq!(
                    var.to_string().trim_end_matches('!'),
                    ty.to_string().trim_end_matches('!'),
                    "${name} at {at}"
                );
                assert!(
                    !var.nullable || ty.nullable,
                    "nullable ${name} where {ty} is needed ({at})"
                );
            }
            Value::Null => assert!(ty.nullable, "null where {ty} is needed ({at})"),
            Value::List(items) => match &ty.base {
                BaseType::List(inner) => {
                    items.iter().for_each(|i| self.value(i, inner, vars, used, at))
                }
                BaseType::Named(_) => panic!("a list where {ty} is needed ({at})"),
            },
            _ if matches!(ty.base, BaseType::List(_)) => {
                let BaseType::List(inner) = &ty.base else { return };
                self.value(value, inner, vars, used, at);
            }
            Value::Enum(v) => match self.kind(base_name(ty)) {
                TypeKind::Enum(e) => assert!(
                    e.values.iter().any(|x| x.node.value.node == *v),
                    "{v} is no {ty} ({at})"
                ),
                _ => panic!("enum value {v} where {ty} is needed ({at})"),
            },
            Value::Object(fields) => {
                let TypeKind::InputObject(input) = self.kind(base_name(ty)) else {
                    panic!("an object where {ty} is needed ({at})")
                };
                for (key, v) in fields {
                    let def = input.fields.iter().find(|f| f.node.name.node == *key);
                    let def = def
                        .unwrap_or_else(|| panic!("{} has no field {key} ({at})", base_name(ty)));
                    self.value(v, &def.node.ty.node, vars, used, &format!("{at}.{key}"));
                }
                for f in &input.fields {
                    let required = !f.node.ty.node.nullable && f.node.default_value.is_none();
                    assert!(
                        !required || fields.contains_key(&f.node.name.node),
                        "{at} lacks {}",
                        f.node.name.node
                    );
                }
            }
            Value::Number(n) => assert!(
                ["Int", "Float", "ID", "Decimal"].contains(&base_name(ty)),
                "{n} for {ty} ({at})"
            ),
            Value::String(_) => assert!(
                matches!(self.kind(base_name(ty)), TypeKind::Scalar),
                "a string for {ty} ({at})"
            ),
            Value::Boolean(_) => assert_eq!(base_name(ty), "Boolean", "{at}"),
            Value::Binary(_) => panic!("binary ({at})"),
        }
    }

    /// Checks a selection on type `on`; returns its complexity as async-graphql counts it.
    fn selection(
        &self,
        set: &SelectionSet,
        on: &str,
        vars: &HashMap<String, Type>,
        used: &mut HashSet<String>,
    ) -> usize {
        let TypeKind::Object(object) = self.kind(on) else { panic!("{on} is not an object") };
        let mut complexity = 0;
        for item in &set.items {
            let Selection::Field(field) = &item.node else { panic!("fragments are not used") };
            let field = &field.node;
            let name = field.name.node.as_str();
            let def = object.fields.iter().find(|f| f.node.name.node == name);
            let def = &def.unwrap_or_else(|| panic!("{on} has no field {name}")).node;
            let at = format!("{on}.{name}");
            for (arg, value) in &field.arguments {
                let spec = def.arguments.iter().find(|a| a.node.name.node == arg.node);
                let spec = spec.unwrap_or_else(|| panic!("{at} has no argument {}", arg.node));
                self.value(
                    &constant!(value.node),
                    &spec.node.ty.node,
                    vars,
                    used,
                    &format!("{at}({})", arg.node),
                );
            }
            for a in &def.arguments {
                let required = !a.node.ty.node.nullable && a.node.default_value.is_none();
                assert!(
                    !required || field.get_argument(&a.node.name.node).is_some(),
                    "{at} needs {}",
                    a.node.name.node
                );
            }
            let ty = base_name(&def.ty.node);
            let children = match self.kind(ty) {
                TypeKind::Object(_) => {
                    assert!(!field.selection_set.node.items.is_empty(), "{at} needs a selection");
                    self.selection(&field.selection_set.node, ty, vars, used)
                }
                _ => {
                    assert!(field.selection_set.node.items.is_empty(), "{at} is a leaf");
                    0
                }
            };
            let first = match field.get_argument("first").map(|v| constant!(v.node)) {
                Some(Value::Number(n)) => {
                    let first = n.as_u64().unwrap() as usize;
                    assert!((1..=500).contains(&first), "{at}: first is at most 500");
                    first
                }
                _ => 50,
            };
            complexity += if ty.ends_with("Connection") { first * children } else { 1 + children };
        }
        complexity
    }
}

fn check(text: &str, variables: &serde_json::Value) -> usize {
    let schema = Schema::load();
    let doc: ExecutableDocument = parse_query(text).unwrap();
    let op = match doc.operations {
        DocumentOperations::Single(op) => op.node,
        DocumentOperations::Multiple(ops) => {
            assert_eq!(ops.len(), 1, "one operation");
            ops.into_values().next().unwrap().node
        }
    };
    let mut vars = HashMap::new();
    for v in &op.variable_definitions {
        let ty = v.node.var_type.node.clone();
        assert!(matches!(
            schema.kind(base_name(&ty)),
            TypeKind::Scalar | TypeKind::Enum(_) | TypeKind::InputObject(_)
        ));
        let name = v.node.name.node.to_string();
        assert!(ty.nullable || variables.get(&name).is_some(), "${name} has no value");
        vars.insert(name, ty);
    }
    let keys: HashSet<String> = variables.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, vars.keys().cloned().collect(), "the variables given are those declared");
    let mut used = HashSet::new();
    let complexity = schema.selection(&op.selection_set.node, "QueryRoot", &vars, &mut used);
    assert_eq!(used, vars.keys().cloned().collect(), "every variable declared is used");
    complexity
}

#[test]
fn the_query_matches_the_schema_and_stays_under_the_complexity_limit() {
    let plugin = MonthlyReview::new();
    for given in [json!({"month": "2026-10"}), json!({"month": "2026-02", "branch": "3"})] {
        let query = plugin.query(&params(given));
        let complexity = check(&query.text, &query.variables);
        assert!(complexity < LIMIT, "complexity {complexity}");
    }
}

#[test]
fn the_checker_catches_mistakes() {
    let query = MonthlyReview::new().query(&params(json!({"month": "2026-10", "branch": "3"})));
    for (right, wrong) in [
        ("productMixShare", "productMixShares"),
        ("orderBy: TOTAL_AMOUNT", "orderBy: AMOUNT"),
        ("groupBy: [TEAM]", "groupBy: [CUSTOMER]"),
        ("branchIds: [$branch]", "branchId: [$branch]"),
        ("triggeredAt: { gte", "raisedAt: { gte"),
        ("direction: DESC", "order: DESC"),
        ("team { name }", "team"),
        ("$asOf: DateTime!", "$asOf: NaiveDate!"),
        ("first: 1,", "first: 1000,"),
    ] {
        assert!(query.text.contains(right), "{right}");
        let text = query.text.replacen(right, wrong, 1);
        let complexity = std::panic::catch_unwind(|| check(&text, &query.variables));
        assert!(complexity.is_err() || complexity.is_ok_and(|c| c >= LIMIT), "{wrong} passed");
    }
    let complexity = check(&query.text, &query.variables);
    assert!((10_000..LIMIT).contains(&complexity), "{complexity}");
}
