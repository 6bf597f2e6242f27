//! Codes for the errors the GraphQL engine makes itself (syntax, unknown fields, values of the
//! wrong type, unknown enum values, unparsable scalars) and the depth and complexity limits,
//! so that every error a client receives carries `extensions.code`: BAD_USER_INPUT, with the
//! input field where the engine names one (`input.segment`, `input.lines[1].quantity`).
//! The resolvers' own errors already carry theirs ([`crate::error::ApiError`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::ErrorExtensions;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextResolve,
    NextValidation, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::registry::{MetaType, MetaTypeName, Registry};

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::settings::Introspection;
use crate::state::AppState;
use async_graphql::{
    Name, Pos, Response, ServerError, ServerResult, ValidationResult, Value as ConstValue,
    Variables,
};

/// The depth and complexity limits, checked after validation (which measures both), with
/// errors that say how far over the limit a query is; and the codes of the engine's errors.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The deepest selection allowed.
    pub depth: usize,
    /// The highest complexity allowed; none for trusted queries (reports).
    pub complexity: Option<usize>,
}

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestLimits {
            limits: *self,
            request: Mutex::new(None),
            introspection_cost: AtomicUsize::new(0),
            root_fields: tokio::sync::Semaphore::new(super::limits::ROOT_FIELDS_AT_ONCE),
        })
    }
}

/// The most errors of one answer whose input field is looked for.
const MAX_NAMED_ERRORS: usize = 100;

/// [`Limits`] for one request, which keep its query text and variables to name the field of
/// a value that does not parse.
struct RequestLimits {
    limits: Limits,
    request: Mutex<Option<(String, Variables)>>,
    /// What the query's introspection costs, found while parsing.
    introspection_cost: AtomicUsize,
    /// The root fields of the request being resolved at once.
    root_fields: tokio::sync::Semaphore,
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestLimits {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        if response.errors.is_empty() {
            return response;
        }
        // Parsed again once, only for an answer with errors.
        let request = self.request.lock().ok().and_then(|mut r| r.take());
        let request = request.and_then(|(query, variables)| {
            Some((async_graphql::parser::parse_query(&query).ok()?, variables))
        });
        // Each error's field is looked for over the whole query: the first hundred are
        // named (a query of thousands of bad values would otherwise cost their product).
        for (i, error) in response.errors.iter_mut().enumerate() {
            let request = request.as_ref().filter(|_| i < MAX_NAMED_ERRORS);
            give_code(error, request, &ctx.schema_env.registry);
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        use super::limits::{
            self, INTROSPECTION_VALUES_PER_COST, MAX_FIELDS, MAX_FRAGMENTS, MAX_LEVELS,
            MAX_NESTING, MAX_VARIABLE_NESTING,
        };
        // Before the parser, which recurses on nesting: bounded depth or no parse at all.
        let nesting = limits::nesting(query);
        if nesting > MAX_NESTING {
            let message = format!(
                "the query nests brackets {nesting} deep; at most {MAX_NESTING} are allowed"
            );
            return Err(limit_error(message, "nesting", MAX_NESTING, nesting));
        }
        let nesting = limits::variable_nesting(variables);
        if nesting > MAX_VARIABLE_NESTING {
            let message = format!(
                "the variables nest lists and objects {nesting} deep; at most {MAX_VARIABLE_NESTING} are allowed"
            );
            return Err(limit_error(message, "nesting", MAX_VARIABLE_NESTING, nesting));
        }
        // The engine's parse step (`next`) would parse, then check the recursion depth by
        // walking every fragment spread again — exponential in fragments that spread each
        // other twice — before any extension sees the document. It is replaced by the parse
        // and the linear checks below (there is no other extension to run after this one).
        let _ = next;
        if let Ok(mut request) = self.request.lock() {
            *request = Some((query.to_owned(), variables.clone()));
        }
        let doc = async_graphql::parser::parse_query(query).map_err(ServerError::from)?;
        // Before validation, which walks every field of every expanded fragment, recursing
        // as deep as they nest.
        let shape = match limits::shape(&doc) {
            Ok(shape) => shape,
            Err(limits::Unshaped::Fragments(n)) => {
                let message = format!("the query has more than {MAX_FRAGMENTS} fragments");
                return Err(limit_error(message, "fragments", MAX_FRAGMENTS, n));
            }
            Err(limits::Unshaped::Cycle(name)) => {
                let message = format!("fragment {name} spreads itself, directly or through others");
                return Err(coded(message));
            }
            Err(limits::Unshaped::Unknown(name)) => {
                return Err(coded(format!("unknown fragment {name}")));
            }
        };
        if shape.fields > MAX_FIELDS {
            let message = format!(
                "the query has {} fields once its fragments are expanded; at most {MAX_FIELDS} are allowed",
                shape.fields
            );
            return Err(limit_error(message, "fields", MAX_FIELDS, shape.fields));
        }
        if shape.depth > self.limits.depth {
            return Err(depth_error(shape.depth, self.limits.depth));
        }
        if shape.levels > MAX_LEVELS {
            let message = format!(
                "the query nests selections and fragments {} deep; at most {MAX_LEVELS} are allowed",
                shape.levels
            );
            return Err(limit_error(message, "levels", MAX_LEVELS, shape.levels));
        }
        // Introspection is answered from memory, but 2,000 aliases of `__schema` are 95 MB:
        // what it returns counts in the cost.
        // Before any of it reaches a database (PostgreSQL refuses NUL in text).
        if let Some(field) = limits::nul_string(&doc, variables) {
            let message = "no text may contain a NUL character (U+0000)";
            return Err(ApiError::bad_input(&field, message)
                .extend()
                .into_server_error(Pos::default()));
        }
        // Client queries only (reports do not introspect).
        if let Some(limit) = self.limits.complexity {
            let budget = limit.saturating_mul(INTROSPECTION_VALUES_PER_COST);
            let registry = &ctx.schema_env.registry;
            let values = limits::introspection_values(&doc, variables, registry, budget);
            if values > 0 {
                may_introspect(ctx)?;
            }
            self.introspection_cost
                .store(values.div_ceil(INTROSPECTION_VALUES_PER_COST), Ordering::Relaxed);
        }
        Ok(doc)
    }

    /// Root fields (of a query; a mutation's run one after the other anyway) are resolved
    /// [`super::limits::ROOT_FIELDS_AT_ONCE`] at a time, each with everything it selects:
    /// 200 aliases in one request take turns instead of 200 pool connections.
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<ConstValue>> {
        if info.path_node.parent.is_some() {
            return next.run(ctx, info).await;
        }
        let _turn = self.root_fields.acquire().await;
        next.run(ctx, info).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let limits = self.limits;
        if result.depth > limits.depth {
            return Err(vec![depth_error(result.depth, limits.depth)]);
        }
        let cost =
            result.complexity.saturating_add(self.introspection_cost.load(Ordering::Relaxed));
        if let Some(limit) = limits.complexity
            && cost > limit
        {
            let message = format!(
                "the query costs {cost} and at most {limit} is allowed: ask for smaller pages or fewer fields"
            );
            return Err(vec![limit_error(message, "cost", limit, cost)]);
        }
        Ok(result)
    }
}

/// Whether the caller may introspect, by the `introspection` setting.
fn may_introspect(ctx: &ExtensionContext<'_>) -> ServerResult<()> {
    let setting = ctx.data_opt::<AppState>().map(|s| s.settings().introspection());
    let anonymous = !matches!(ctx.data_opt::<Viewer>(), Some(Viewer::Authenticated(_)));
    let refusal = match setting {
        Some(Introspection::Public) | None => return Ok(()),
        Some(Introspection::Authenticated) if !anonymous => return Ok(()),
        Some(Introspection::Authenticated) => ApiError::Unauthenticated(
            "introspection needs a token on this server (setting introspection = authenticated)",
        ),
        Some(Introspection::Off) => ApiError::forbidden_field(
            "__schema",
            "introspection is off on this server (setting introspection = off); the schema is in schema.graphql",
        ),
    };
    Err(refusal.extend().into_server_error(Pos::default()))
}

/// BAD_USER_INPUT without a field.
fn coded(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    error.extensions.get_or_insert_with(Default::default).set("code", "BAD_USER_INPUT");
    error
}

fn depth_error(depth: usize, limit: usize) -> ServerError {
    let message = format!("the query is nested {depth} levels deep; at most {limit} are allowed");
    limit_error(message, "depth", limit, depth)
}

/// BAD_USER_INPUT with the limit and the query's own figure (`depth` or `cost`).
fn limit_error(message: String, what: &str, limit: usize, actual: usize) -> ServerError {
    let mut error = ServerError::new(message, None);
    let ext = error.extensions.get_or_insert_with(Default::default);
    ext.set("code", "BAD_USER_INPUT");
    ext.set("limit", limit as u64);
    ext.set(what, actual as u64);
    error
}

/// Gives an error of the engine's its code (the resolvers' errors already have one), and the
/// input field it is about: named in a validation message, or found for a value that did not
/// parse (a decimal, a date) from the error's position in the query.
fn give_code(
    error: &mut ServerError,
    request: Option<&(ExecutableDocument, Variables)>,
    registry: &Registry,
) {
    if error.extensions.as_ref().is_some_and(|ext| ext.get("code").is_some()) {
        return;
    }
    let field = named_field(&error.message).or_else(|| {
        let (doc, variables) = request?;
        unparsed_field(&error.message, error.locations.first()?, doc, variables, registry)
    });
    let ext = error.extensions.get_or_insert_with(Default::default);
    ext.set("code", "BAD_USER_INPUT");
    if let Some(field) = field {
        ext.set("field", field);
    }
}

/// The input field of an engine message such as `Invalid value for argument "input.lines.1.quantity", …`,
/// written as the API writes fields elsewhere: `input.lines[1].quantity`.
fn named_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    let path = &rest[..rest.find('"')?];
    let mut field = String::with_capacity(path.len() + 4);
    for segment in path.split('.') {
        if segment.chars().all(|c| c.is_ascii_digit()) && !field.is_empty() {
            field.push_str(&format!("[{segment}]"));
        } else {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(segment);
        }
    }
    Some(field)
}

/// The input field of an error such as `Failed to parse "Decimal": …` raised at `pos`, the
/// position of an argument's value: that argument, then the first value of that scalar type
/// inside it that does not parse, as `input.lines[1].unitPrice`.
fn unparsed_field(
    message: &str,
    pos: &Pos,
    doc: &ExecutableDocument,
    variables: &Variables,
    registry: &Registry,
) -> Option<String> {
    let scalar = ["Failed to parse \"", "Expected input type \""]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))?;
    let scalar = &scalar[..scalar.find('"')?];
    arguments_at(doc, *pos, variables).into_iter().find_map(|(field, argument, value)| {
        let ty = registry.types.values().find_map(|t| match t {
            MetaType::Object { fields, .. } | MetaType::Interface { fields, .. } => {
                fields.get(field.as_str())?.args.get(argument.as_str()).map(|a| a.ty.clone())
            }
            _ => None,
        })?;
        unparsed_in(argument.to_string(), ty, value, scalar, registry)
    })
}

/// The path of the first value of the scalar `scalar` inside `value` (of type `ty`) that does
/// not parse.
fn unparsed_in(
    path: String,
    ty: String,
    value: ConstValue,
    scalar: &str,
    registry: &Registry,
) -> Option<String> {
    // A walk with its own stack: a hostile value may be nested deeply.
    let mut stack = vec![(path, ty, value)];
    while let Some((path, ty, value)) = stack.pop() {
        let name = MetaTypeName::concrete_typename(&ty);
        match (registry.types.get(name), value) {
            (Some(MetaType::InputObject { input_fields, .. }), ConstValue::Object(object)) => {
                for (key, field) in input_fields.iter().rev() {
                    if let Some(inner) = object.get(key.as_str()) {
                        stack.push((format!("{path}.{key}"), field.ty.clone(), inner.clone()));
                    }
                }
            }
            (_, ConstValue::List(items)) if ty.trim_end_matches('!').starts_with('[') => {
                let inner = ty.trim_end_matches('!').trim_start_matches('[');
                let inner = inner.strip_suffix(']').unwrap_or(inner).to_owned();
                for (i, item) in items.into_iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), inner.clone(), item));
                }
            }
            (_, value) if name == scalar && !parses(scalar, &value) => return Some(path),
            _ => {}
        }
    }
    None
}

/// The field and argument whose value starts at `pos`, with that value (its variables
/// resolved); or, for an error at a field itself (raised while its cost was computed from
/// its arguments), every argument of that field.
fn arguments_at(
    doc: &ExecutableDocument,
    pos: Pos,
    variables: &Variables,
) -> Vec<(Name, Name, ConstValue)> {
    for positioned in super::limits::fields(doc) {
        let field = &positioned.node;
        let at_value = field.arguments.iter().any(|(_, value)| value.pos == pos);
        if at_value || positioned.pos == pos {
            return field
                .arguments
                .iter()
                .filter(|(_, value)| !at_value || value.pos == pos)
                .filter_map(|(argument, value)| {
                    let value = value
                        .node
                        .clone()
                        .into_const_with(|name| variables.get(&name).cloned().ok_or(()));
                    Some((field.name.node.clone(), argument.node.clone(), value.ok()?))
                })
                .collect();
        }
    }
    Vec::new()
}

/// Whether `value` parses as the scalar `scalar`, as far as this API's scalars go: decimals,
/// dates and times. Others are taken to be the one that failed.
fn parses(scalar: &str, value: &ConstValue) -> bool {
    let text = match value {
        ConstValue::String(text) => text.as_str(),
        ConstValue::Number(_) => return scalar == "Decimal",
        _ => return false,
    };
    match scalar {
        "Decimal" => text.parse::<rust_decimal::Decimal>().is_ok(),
        "NaiveDate" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        "DateTime" => text.parse::<chrono::DateTime<chrono::Utc>>().is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_paths_become_api_fields() {
        assert_eq!(
            named_field(
                "Invalid value for argument \"input.segment\", enumeration type \"CustomerSegment\" does not contain the value \"VIP\""
            )
            .as_deref(),
            Some("input.segment")
        );
        assert_eq!(
            named_field(
                "Invalid value for argument \"input.lines.1.quantity\", expected type \"Int\""
            )
            .as_deref(),
            Some("input.lines[1].quantity")
        );
        assert_eq!(named_field("Unknown field \"x\" on type \"Query\"."), None);
    }

    #[test]
    fn an_error_with_a_code_keeps_it_and_one_without_gets_bad_user_input() {
        let mut coded = ServerError::new("forbidden", None);
        coded.extensions.get_or_insert_with(Default::default).set("code", "FORBIDDEN");
        let registry = Registry::default();
        give_code(&mut coded, None, &registry);
        let code = |e: &ServerError| e.extensions.as_ref().and_then(|x| x.get("code")).cloned();
        assert_eq!(code(&coded), Some(async_graphql::Value::from("FORBIDDEN")));
        let mut bare =
            ServerError::new(" --> 1:3\n  |\n1 | { {\n  |   ^---\n  |\n  = expected name", None);
        give_code(&mut bare, None, &registry);
        assert_eq!(code(&bare), Some(async_graphql::Value::from("BAD_USER_INPUT")));
    }

    /// The values of an answer: every field of every object and every element of every list.
    fn values(value: &serde_json::Value) -> usize {
        match value {
            serde_json::Value::Object(map) => map.values().map(|v| 1 + values(v)).sum(),
            serde_json::Value::Array(items) => items.iter().map(|v| 1 + values(v)).sum(),
            _ => 0,
        }
    }

    /// Records what [`super::super::limits::introspection_values`] finds in each request.
    struct Probe(Arc<Mutex<Vec<usize>>>);

    impl ExtensionFactory for Probe {
        fn create(&self) -> Arc<dyn Extension> {
            Arc::new(Probe(self.0.clone()))
        }
    }

    #[async_graphql::async_trait::async_trait]
    impl Extension for Probe {
        async fn parse_query(
            &self,
            ctx: &ExtensionContext<'_>,
            query: &str,
            variables: &Variables,
            next: NextParseQuery<'_>,
        ) -> ServerResult<ExecutableDocument> {
            let doc = next.run(ctx, query, variables).await?;
            let registry = &ctx.schema_env.registry;
            let found =
                super::super::limits::introspection_values(&doc, variables, registry, 10_000_000);
            self.0.lock().unwrap().push(found);
            Ok(doc)
        }
    }

    #[tokio::test]
    async fn introspection_is_counted_as_what_it_returns() {
        use super::super::limits::{FULL_INTROSPECTION, INTROSPECTION_VALUES_PER_COST};
        use super::super::{MAX_COMPLEXITY, MutationRoot, QueryRoot};
        let found = Arc::new(Mutex::new(Vec::new()));
        let schema = async_graphql::Schema::build(
            QueryRoot::default(),
            MutationRoot::default(),
            async_graphql::EmptySubscription,
        )
        .extension(Probe(found.clone()))
        .finish();
        let full = include_str!("testdata/introspection.graphql");
        let small = r#"query($t: String!) { __schema { types { name fields { name } } }
            a: __type(name: "Customer") { name fields { name type { name ofType { name } } } }
            b: __type(name: $t) { enumValues { name } } c: __type(name: "Nothing") { name } }"#;
        let requests = [
            async_graphql::Request::new(full),
            async_graphql::Request::new(small)
                .variables(Variables::from_json(serde_json::json!({ "t": "Rating" }))),
        ];
        for request in requests {
            let response = schema.execute(request).await;
            assert!(response.errors.is_empty(), "{:?}", response.errors);
            let answer = serde_json::to_value(&response.data).unwrap();
            let counted = found.lock().unwrap().pop().unwrap();
            // The registry holds a few types and directives that introspection leaves out
            // (invisible ones): an upper bound, within 1 %.
            let answered = values(&answer);
            assert!(
                counted >= answered && counted <= answered + answered / 100,
                "{counted} {answered}"
            );
        }
        // The full introspection of this schema: within the figure the docs give, and
        // affordable on its own.
        let full_values = {
            let response = schema.execute(full).await;
            values(&serde_json::to_value(&response.data).unwrap())
        };
        println!("a full introspection returns {full_values} values");
        assert!(full_values <= FULL_INTROSPECTION, "{full_values}");
        assert!(full_values / INTROSPECTION_VALUES_PER_COST < MAX_COMPLEXITY / 2);
    }

    /// Counts how many of its fields resolve at once.
    #[derive(Clone, Default)]
    struct Counting(Arc<(AtomicUsize, AtomicUsize)>);

    #[async_graphql::Object]
    impl Counting {
        async fn slow(&self) -> bool {
            let (now, most) = &*self.0;
            most.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            true
        }
    }

    /// The most root fields of 20 aliases resolved at once, with or without [`Limits`].
    async fn most_at_once(limits: bool) -> usize {
        let root = Counting::default();
        let mut schema = async_graphql::Schema::build(
            root.clone(),
            async_graphql::EmptyMutation,
            async_graphql::EmptySubscription,
        );
        if limits {
            schema = schema.extension(Limits { depth: 16, complexity: Some(20_000) });
        }
        let query: String = (0..20).map(|i| format!("a{i}: slow ")).collect();
        let response = schema.finish().execute(format!("{{ {query} }}")).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        root.0.1.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn root_fields_take_turns() {
        assert_eq!(most_at_once(false).await, 20);
        assert_eq!(most_at_once(true).await, super::super::limits::ROOT_FIELDS_AT_ONCE);
    }
}
