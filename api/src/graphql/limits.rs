//! Limits on the work of parsing and validating a request, checked before anything recursive
//! runs (issue 14, items 1 and 2): how deeply brackets nest in the query text and values nest
//! in the variables — the parser and the validator recurse on both, and a few hundred levels
//! overflow a worker's stack and abort the process — and how many fields a query has once its
//! fragments are expanded, which validation walks (fragments that each spread the previous
//! one twice make 2²⁴ fields of 1 KB).
//!
//! Each check is linear in the size of the request and uses no recursion of its own beyond
//! the (bounded) number of fragment definitions.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::registry::{MetaDirective, MetaField, MetaInputValue, MetaType, Registry};
use async_graphql::{Name, Positioned, Value, Variables};

/// The deepest nesting of `{`, `[` and `(` in a query: selections (at most
/// [`super::MAX_DEPTH`]), arguments and input values together. A real query nests a filter a
/// few levels inside a few selections; 300 levels overflowed the stack, and 60 levels still
/// do in a debug build on a 2 MiB worker stack (parsing the nested input object is
/// recursive), so the limit has a margin: `hostile::` tests it at the limit on exactly that.
pub const MAX_NESTING: usize = 32;
/// The deepest nesting of lists and objects in the variables (the same recursion).
pub const MAX_VARIABLE_NESTING: usize = 32;
/// The root fields of one request resolved at once (with everything they select), so that a
/// request of many aliases cannot hold the whole connection pool.
pub const ROOT_FIELDS_AT_ONCE: usize = 4;
/// The most fragment definitions a document may have.
pub const MAX_FRAGMENTS: usize = 256;
/// The most fields a query may have with its fragments expanded (as many as the complexity
/// limit allows at the cheapest, one per field).
pub const MAX_FIELDS: usize = super::MAX_COMPLEXITY;

/// The deepest nesting of brackets in `query` outside strings and comments.
pub fn nesting(query: &str) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The deepest nesting of lists and objects among the variables' values (a scalar is 0).
pub fn variable_nesting(variables: &Variables) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Value, usize)> = variables.values().map(|v| (v, 0)).collect();
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::List(items) => {
                deepest = deepest.max(depth + 1);
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(fields) => {
                deepest = deepest.max(depth + 1);
                stack.extend(fields.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

/// Every field of the document's operations and fragment definitions, each once (spreads
/// are not followed: the fragment's own fields are there).
pub fn fields(doc: &ExecutableDocument) -> Vec<&Positioned<Field>> {
    let mut found = Vec::new();
    let mut sets: Vec<&SelectionSet> =
        doc.operations.iter().map(|(_, op)| &op.node.selection_set.node).collect();
    sets.extend(doc.fragments.values().map(|f| &f.node.selection_set.node));
    while let Some(set) = sets.pop() {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    sets.push(&field.node.selection_set.node);
                    found.push(field);
                }
                Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    found
}

/// The first string of the request that holds a NUL character, which PostgreSQL cannot
/// store or compare (and no text of this API has): its path among the variables (`u`,
/// `f.code.in[1]`) or, in the query, the argument's (`filter.name.contains`).
pub fn nul_string(doc: &ExecutableDocument, variables: &Variables) -> Option<String> {
    let mut values: Vec<(String, &Value)> =
        variables.iter().map(|(name, value)| (name.to_string(), value)).collect();
    // The variables' default values, given or not.
    for (_, operation) in doc.operations.iter() {
        for definition in &operation.node.variable_definitions {
            if let Some(default) = &definition.node.default_value {
                values.push((definition.node.name.node.to_string(), &default.node));
            }
        }
    }
    let mut literals: Vec<(String, &async_graphql::Positioned<_>)> = Vec::new();
    for field in fields(doc) {
        let field = &field.node;
        for (name, value) in &field.arguments {
            literals.push((name.node.to_string(), value));
        }
        for directive in &field.directives {
            for (name, value) in &directive.node.arguments {
                literals.push((name.node.to_string(), value));
            }
        }
    }
    // Literals with their variables left as they are: a variable is checked above.
    let constants: Vec<(String, Value)> = literals
        .into_iter()
        .filter_map(|(path, value)| {
            let constant = value.node.clone().into_const_with(|_| Ok::<_, ()>(Value::Null));
            constant.ok().map(|c| (path, c))
        })
        .collect();
    values.extend(constants.iter().map(|(path, value)| (path.clone(), value)));
    // Own stack: values may nest (as deep as the nesting limits allow).
    while let Some((path, value)) = values.pop() {
        match value {
            Value::String(text) if text.contains('\0') => return Some(path),
            Value::List(items) => {
                values.extend(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)))
            }
            Value::Object(fields) => {
                values.extend(fields.iter().map(|(key, v)| (format!("{path}.{key}"), v)))
            }
            _ => {}
        }
    }
    None
}

/// What validation and execution will walk: the fields of the document's operations with every
/// fragment spread expanded and how deeply they nest, counted without expanding anything and
/// without recursing through chains of fragments (each fragment is measured once, after the
/// fragments it spreads; a cycle, which validation refuses, counts as empty).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Fields, saturating.
    pub fields: usize,
    /// The deepest nesting of fields (`{ a { b } }` is 2).
    pub depth: usize,
    /// The deepest nesting of selection sets, fragment spreads and inline fragments included:
    /// how deep validation recurses (`{ ...f }` with `fragment f on Q { a }` is 2).
    pub levels: usize,
}

/// The deepest [`Shape::levels`] a query may have: as the engine's own recursion limit,
/// which this check replaces (the engine's walks every spread again, exponential in the
/// number of fragments that spread each other twice: 13 s for 1.3 KB).
pub const MAX_LEVELS: usize = 32;

/// Why a document has no [`Shape`]: what the validator would loop on or drown in.
#[derive(Debug, PartialEq, Eq)]
pub enum Unshaped {
    /// More than [`MAX_FRAGMENTS`] fragment definitions.
    Fragments(usize),
    /// A fragment that spreads itself, directly or through others (the validator's own
    /// walks would recurse for ever).
    Cycle(String),
    /// A spread of a fragment the document does not define.
    Unknown(String),
}

/// The [`Shape`] of `doc`: the fields of all its operations (validation walks every one,
/// whichever is run), and the deepest nesting of any. Refused: too many fragments, a cycle,
/// an unknown fragment — each checked here because the validator recurses through spreads
/// before it reports them.
pub fn shape(doc: &ExecutableDocument) -> Result<Shape, Unshaped> {
    if doc.fragments.len() > MAX_FRAGMENTS {
        return Err(Unshaped::Fragments(doc.fragments.len()));
    }
    // The fragments in an order where each comes after those it spreads (depth first, with
    // an explicit stack; `visiting` holds the fragments being measured, so a spread of one of
    // them closes a cycle).
    let mut shapes: HashMap<&str, Shape> = HashMap::new();
    let mut visiting: HashSet<&str> = HashSet::new();
    for name in doc.fragments.keys() {
        let mut stack = vec![(name.as_str(), false)];
        while let Some((name, spreads_done)) = stack.pop() {
            if shapes.contains_key(name) {
                continue;
            }
            let Some(fragment) = doc.fragments.get(&Name::new(name)) else {
                return Err(Unshaped::Unknown(name.to_owned()));
            };
            let set = &fragment.node.selection_set.node;
            if spreads_done {
                visiting.remove(name);
                shapes.insert(name, measure(set, &shapes));
                continue;
            }
            visiting.insert(name);
            stack.push((name, true));
            for spread in spreads(set) {
                if visiting.contains(spread) {
                    return Err(Unshaped::Cycle(spread.to_owned()));
                }
                if !shapes.contains_key(spread) {
                    stack.push((spread, false));
                }
            }
        }
    }
    let mut total = Shape::default();
    for (_, operation) in doc.operations.iter() {
        let set = &operation.node.selection_set.node;
        if let Some(unknown) = spreads(set).into_iter().find(|s| !shapes.contains_key(s)) {
            return Err(Unshaped::Unknown(unknown.to_owned()));
        }
        let one = measure(set, &shapes);
        total = Shape {
            fields: total.fields.saturating_add(one.fields),
            depth: total.depth.max(one.depth),
            levels: total.levels.max(one.levels),
        };
    }
    Ok(total)
}

/// The fragments `set` spreads, at any depth of its own.
fn spreads(set: &SelectionSet) -> Vec<&str> {
    let mut found = Vec::new();
    let mut sets = vec![set];
    while let Some(set) = sets.pop() {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => sets.push(&field.node.selection_set.node),
                Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    found.push(spread.node.fragment_name.node.as_str())
                }
            }
        }
    }
    found
}

/// The shape of `set` with the fragments it spreads taken from `shapes` (all of them there:
/// [`shape`] refuses unknown fragments and cycles). Recursion follows the brackets of the set, which
/// [`MAX_NESTING`] bounds.
fn measure(set: &SelectionSet, shapes: &HashMap<&str, Shape>) -> Shape {
    let mut shape = Shape { levels: 1, ..Shape::default() };
    for selection in &set.items {
        let more = match &selection.node {
            Selection::Field(field) if field.node.selection_set.node.items.is_empty() => {
                Shape { fields: 1, depth: 1, levels: 0 }
            }
            Selection::Field(field) => {
                let inner = measure(&field.node.selection_set.node, shapes);
                Shape { fields: inner.fields.saturating_add(1), depth: inner.depth + 1, ..inner }
            }
            Selection::InlineFragment(inline) => measure(&inline.node.selection_set.node, shapes),
            Selection::FragmentSpread(spread) => {
                shapes.get(spread.node.fragment_name.node.as_str()).copied().unwrap_or_default()
            }
        };
        shape.fields = shape.fields.saturating_add(more.fields);
        shape.depth = shape.depth.max(more.depth);
        shape.levels = shape.levels.max(more.levels + 1);
    }
    shape
}

/// What introspection in a query returns, in values (each object, list element and scalar
/// is one), counted against the schema's registry without building anything; counting stops
/// just past `budget`. A full introspection of this schema is about
/// [`FULL_INTROSPECTION`] values, and 2,000 aliases of `__schema` were 95 MB of answer.
///
/// Call it on a document whose [`shape`] is within the limits: it follows fragment spreads
/// (once per chain, cycles skipped) as deep as the expanded query nests.
pub fn introspection_values(
    doc: &ExecutableDocument,
    variables: &Variables,
    registry: &Registry,
    budget: usize,
) -> usize {
    let mut counter = Introspection {
        doc,
        variables,
        defaults: HashMap::new(),
        registry,
        budget,
        count: 0,
        steps: 0,
        active: Vec::new(),
    };
    let mut largest = 0;
    for (_, operation) in doc.operations.iter() {
        counter.count = 0;
        counter.defaults = defaults(&operation.node);
        counter.set(&operation.node.selection_set.node, Intro::Root);
        largest = largest.max(counter.count);
    }
    largest
}

/// The default values of `operation`'s variables, by name.
fn defaults(operation: &OperationDefinition) -> HashMap<Name, Value> {
    operation
        .variable_definitions
        .iter()
        .filter_map(|d| {
            Some((d.node.name.node.clone(), d.node.default_value.as_ref()?.node.clone()))
        })
        .collect()
}

/// A full introspection of this schema (GraphiQL's query) returns about this many values
/// (`errors::tests` measures it on the schema and fails when it outgrows this).
pub const FULL_INTROSPECTION: usize = 60_000;

/// How many values of introspection cost as much as one field of a query: they are built from
/// the schema in memory, with no database work.
pub const INTROSPECTION_VALUES_PER_COST: usize = 20;

/// What an introspection selection is on.
#[derive(Clone, Copy)]
enum Intro<'r> {
    /// The query root, where `__schema` and `__type` are.
    Root,
    Schema,
    /// A type reference as the registry writes it: `[String!]!`, `Customer`.
    Type(&'r str),
    Field(&'r MetaField),
    Input(&'r MetaInputValue),
    EnumValue,
    Directive(&'r MetaDirective),
}

struct Introspection<'d, 'r> {
    doc: &'d ExecutableDocument,
    variables: &'d Variables,
    /// The default values of the operation's variables (used when a variable is not given).
    defaults: HashMap<Name, Value>,
    registry: &'r Registry,
    budget: usize,
    count: usize,
    /// Selections visited, values or not (spreads of fragments that add nothing), bounded
    /// too: past `4 × budget` the count is taken to be over the budget.
    steps: usize,
    /// The fragments being expanded, so that a cycle ends.
    active: Vec<&'d str>,
}

impl<'d, 'r> Introspection<'d, 'r> {
    fn set(&mut self, set: &'d SelectionSet, on: Intro<'r>) {
        for selection in &set.items {
            self.steps += 1;
            if self.steps > self.budget.saturating_mul(4) {
                self.count = self.count.max(self.budget + 1);
            }
            if self.count > self.budget {
                return;
            }
            match &selection.node {
                Selection::Field(field) => self.field(&field.node, on),
                Selection::InlineFragment(inline) => self.set(&inline.node.selection_set.node, on),
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    if self.active.contains(&name.as_str()) {
                        continue;
                    }
                    if let Some(fragment) = self.doc.fragments.get(name) {
                        self.active.push(name.as_str());
                        self.set(&fragment.node.selection_set.node, on);
                        self.active.pop();
                    }
                }
            }
        }
    }

    /// Counts `field` of an object of `on`, and what it selects.
    fn field(&mut self, field: &'d Field, on: Intro<'r>) {
        let registry = self.registry;
        let sub = &field.selection_set.node;
        let name = field.name.node.as_str();
        if matches!(on, Intro::Root) {
            match name {
                "__schema" => {
                    self.count += 1;
                    self.set(sub, Intro::Schema);
                }
                "__type" => {
                    self.count += 1;
                    let named = field.get_argument("name").and_then(|value| {
                        let value = value.node.clone().into_const_with(|variable| {
                            let given = self.variables.get(&variable);
                            given.or_else(|| self.defaults.get(&variable)).cloned().ok_or(())
                        });
                        match value {
                            Ok(Value::String(name)) => registry.types.get_key_value(&name),
                            _ => None,
                        }
                    });
                    if let Some((name, _)) = named {
                        self.set(sub, Intro::Type(name));
                    }
                }
                // Not introspection: the complexity limit counts it.
                _ => {}
            }
            return;
        }
        self.count += 1;
        match (on, name) {
            (Intro::Schema, "types") => {
                for name in registry.types.keys() {
                    self.element(sub, Intro::Type(name));
                }
            }
            (Intro::Schema, "queryType") => self.set(sub, Intro::Type(&registry.query_type)),
            (Intro::Schema, "mutationType") => {
                if let Some(name) = &registry.mutation_type {
                    self.set(sub, Intro::Type(name));
                }
            }
            (Intro::Schema, "subscriptionType") => {
                if let Some(name) = &registry.subscription_type {
                    self.set(sub, Intro::Type(name));
                }
            }
            (Intro::Schema, "directives") => {
                for directive in registry.directives.values() {
                    self.element(sub, Intro::Directive(directive));
                }
            }
            (Intro::Type(ty), "ofType") => {
                let inner = if let Some(inner) = ty.strip_suffix('!') {
                    Some(inner)
                } else {
                    ty.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
                };
                if let Some(inner) = inner {
                    self.set(sub, Intro::Type(inner));
                }
            }
            (Intro::Type(ty), list) => {
                let Some(meta) = registry.types.get(ty) else { return };
                match (meta, list) {
                    (
                        MetaType::Object { fields, .. } | MetaType::Interface { fields, .. },
                        "fields",
                    ) => {
                        for field in fields.values() {
                            self.element(sub, Intro::Field(field));
                        }
                    }
                    (MetaType::Object { .. }, "interfaces") => {
                        for name in registry.implements.get(ty).into_iter().flatten() {
                            self.element(sub, Intro::Type(name));
                        }
                    }
                    (
                        MetaType::Interface { possible_types, .. }
                        | MetaType::Union { possible_types, .. },
                        "possibleTypes",
                    ) => {
                        for name in possible_types {
                            self.element(sub, Intro::Type(name));
                        }
                    }
                    (MetaType::Enum { enum_values, .. }, "enumValues") => {
                        for _ in enum_values.values() {
                            self.element(sub, Intro::EnumValue);
                        }
                    }
                    (MetaType::InputObject { input_fields, .. }, "inputFields") => {
                        for input in input_fields.values() {
                            self.element(sub, Intro::Input(input));
                        }
                    }
                    _ => {}
                }
            }
            (Intro::Field(field), "args") => {
                for arg in field.args.values() {
                    self.element(sub, Intro::Input(arg));
                }
            }
            (Intro::Field(field), "type") => self.set(sub, Intro::Type(&field.ty)),
            (Intro::Input(input), "type") => self.set(sub, Intro::Type(&input.ty)),
            (Intro::Directive(directive), "args") => {
                for arg in directive.args.values() {
                    self.element(sub, Intro::Input(arg));
                }
            }
            (Intro::Directive(directive), "locations") => self.count += directive.locations.len(),
            _ => {}
        }
    }

    /// One element of a list: the object and its selection.
    fn element(&mut self, sub: &'d SelectionSet, on: Intro<'r>) {
        if self.count <= self.budget {
            self.count += 1;
            self.set(sub, on);
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    #[test]
    fn nesting_skips_strings_and_comments() {
        assert_eq!(nesting("{ a(f: { b: [1, [2]] }) { c } }"), 5);
        assert_eq!(
            nesting(
                r#"{ a(s: "{{{[[[(((\"{") # {{{{
            b: """ {{{ \""" {{ """) }"#
            ),
            2
        );
        assert_eq!(nesting(&"[".repeat(5000)), 5000);
        assert_eq!(nesting("}}}{"), 1);
    }

    #[test]
    fn fragments_are_counted_without_being_expanded() {
        let fields = |query: &str| shape(&parse_query(query).unwrap()).unwrap().fields;
        // Each fragment spreads the previous one twice: 2^30 fields, counted at once.
        let mut query = String::from("fragment f0 on Query { __typename }\n");
        for i in 1..=30 {
            query.push_str(&format!("fragment f{i} on Query {{ ...f{} ...f{} }}\n", i - 1, i - 1));
        }
        query.push_str("{ ...f30 }");
        assert_eq!(fields(&query), 1 << 30);
        assert_eq!(fields("{ a { b c } d }"), 4);
        // Validation walks every operation, whichever runs: they add up.
        assert_eq!(fields("query a { x } query b { x y z }"), 4);
    }

    #[test]
    fn cycles_and_unknown_fragments_are_refused_before_the_validator_recurses_through_them() {
        let shaped = |query: &str| shape(&parse_query(query).unwrap());
        let cycle =
            shaped("fragment a on Query { x ...b } fragment b on Query { y ...a } { ...a }");
        assert!(matches!(cycle, Err(Unshaped::Cycle(_))), "{cycle:?}");
        let own = shaped("fragment a on Query { x ...a } { ...a }");
        assert_eq!(own, Err(Unshaped::Cycle("a".into())));
        let deep = shaped("fragment a on Query { x { y { ...a } } } { z }");
        assert_eq!(deep, Err(Unshaped::Cycle("a".into())));
        assert_eq!(shaped("{ x ...nowhere }"), Err(Unshaped::Unknown("nowhere".into())));
        let inner = shaped("fragment a on Query { ...nowhere ...nowhere } { ...a }");
        assert_eq!(inner, Err(Unshaped::Unknown("nowhere".into())));
        // A diamond is no cycle.
        let diamond =
            "fragment a on Q { ...b ...c } fragment b on Q { ...d } fragment c on Q { ...d }
            fragment d on Q { x } { ...a }";
        assert_eq!(shaped(diamond).unwrap().fields, 2);
        let many: String = (0..257).map(|i| format!("fragment g{i} on Query {{ x }}\n")).collect();
        assert_eq!(shaped(&format!("{many}{{ x }}")), Err(Unshaped::Fragments(257)));
    }

    #[test]
    fn depth_counts_through_chains_of_fragments_without_recursing_along_them() {
        let depth = |query: &str| shape(&parse_query(query).unwrap()).unwrap().depth;
        assert_eq!(depth("{ a { b { c } } d }"), 3);
        assert_eq!(depth("fragment f on Q { b { c } } { a { ...f } }"), 3);
        // 256 fragments, each nesting 30 fields and spreading the next at the bottom: 7,680
        // levels, which the validator would recurse through. Measured in order, each once.
        let mut query = String::from("{ ...f0 }\n");
        for i in 0..256 {
            let next = if i < 255 { format!("...f{}", i + 1) } else { "x".into() };
            query.push_str(&format!(
                "fragment f{i} on Q {{ {}{next}{} }}\n",
                "a { ".repeat(30),
                " }".repeat(30)
            ));
        }
        assert_eq!(depth(&query), 256 * 30 + 1);
    }

    #[test]
    fn levels_count_selection_sets_and_fragments_as_the_engine_recursion_does() {
        let levels = |query: &str| shape(&parse_query(query).unwrap()).unwrap().levels;
        assert_eq!(levels("{ a }"), 1);
        assert_eq!(levels("{ a { b } }"), 2);
        assert_eq!(levels("fragment f on Q { a } { ...f }"), 2);
        assert_eq!(levels("{ ... on Q { a { b } } }"), 3);
        // A chain of 200 fragments without fields in between: 201 levels.
        let mut chain = String::from("{ ...f0 }\n");
        for i in 0..200 {
            let next = if i < 199 { format!("...f{}", i + 1) } else { "x".into() };
            chain.push_str(&format!("fragment f{i} on Q {{ {next} }}\n"));
        }
        assert_eq!(levels(&chain), 201);
    }
}
