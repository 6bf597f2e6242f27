//! Limits on the work of parsing and validating a request, checked before anything recursive
//! runs (issue 14, items 1 and 2): how deeply brackets nest in the query text and values nest
//! in the variables — the parser and the validator recurse on both, and a few hundred levels
//! overflow a worker's stack and abort the process — and how many fields a query has once its
//! fragments are expanded, which validation walks (fragments that each spread the previous
//! one twice make 2²⁴ fields of 1 KB).
//!
//! Each check is linear in the size of the request and uses no recursion of its own beyond
//! the (bounded) number of fragment definitions.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Value, Variables};

/// The deepest nesting of `{`, `[` and `(` in a query: selections (at most
/// [`super::MAX_DEPTH`]), arguments and input values together. A real query nests a filter a
/// few levels inside a few selections; 300 levels overflowed the stack, and 60 levels still
/// do in a debug build on a 2 MiB worker stack (parsing the nested input object is
/// recursive), so the limit has a margin: `hostile::` tests it at the limit on exactly that.
pub const MAX_NESTING: usize = 32;
/// The deepest nesting of lists and objects in the variables (the same recursion).
pub const MAX_VARIABLE_NESTING: usize = 32;
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

/// The number of fields of `doc`'s operations with every fragment spread expanded, counted
/// without expanding anything (each fragment's size is computed once), and saturating.
/// `None` when the document has more than [`MAX_FRAGMENTS`] fragment definitions.
pub fn expanded_fields(doc: &ExecutableDocument) -> Option<usize> {
    if doc.fragments.len() > MAX_FRAGMENTS {
        return None;
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    let mut total = 0usize;
    for (_, operation) in doc.operations.iter() {
        let size = selection_size(doc, &operation.node.selection_set.node, &mut sizes, 0);
        total = total.saturating_add(size);
    }
    Some(total)
}

fn selection_size<'d>(
    doc: &'d ExecutableDocument,
    set: &'d SelectionSet,
    sizes: &mut HashMap<&'d str, usize>,
    fragments_deep: usize,
) -> usize {
    let mut size = 0usize;
    for selection in &set.items {
        let more = match &selection.node {
            Selection::Field(field) => 1usize.saturating_add(selection_size(
                doc,
                &field.node.selection_set.node,
                sizes,
                fragments_deep,
            )),
            Selection::InlineFragment(inline) => {
                selection_size(doc, &inline.node.selection_set.node, sizes, fragments_deep)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match sizes.get(name) {
                    Some(known) => *known,
                    // A cycle (validation refuses it) or an unknown fragment: counted as empty
                    // here; the depth is bounded by the number of fragments.
                    None if fragments_deep > MAX_FRAGMENTS => 0,
                    None => match doc.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => {
                            sizes.insert(name, 0);
                            let own = selection_size(
                                doc,
                                &fragment.node.selection_set.node,
                                sizes,
                                fragments_deep + 1,
                            );
                            sizes.insert(name, own);
                            own
                        }
                        None => 0,
                    },
                }
            }
        };
        size = size.saturating_add(more);
    }
    size
}

#[cfg(test)]
mod tests {
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
        // Each fragment spreads the previous one twice: 2^30 fields, counted at once.
        let mut query = String::from("fragment f0 on Query { __typename }\n");
        for i in 1..=30 {
            query.push_str(&format!("fragment f{i} on Query {{ ...f{} ...f{} }}\n", i - 1, i - 1));
        }
        query.push_str("{ ...f30 }");
        let doc = async_graphql::parser::parse_query(&query).unwrap();
        assert_eq!(expanded_fields(&doc), Some(1 << 30));
        let doc = async_graphql::parser::parse_query("{ a { b c } d }").unwrap();
        assert_eq!(expanded_fields(&doc), Some(4));
        // A cycle ends.
        let cyclic = "fragment a on Query { x ...b } fragment b on Query { y ...a } { ...a }";
        let doc = async_graphql::parser::parse_query(cyclic).unwrap();
        assert_eq!(expanded_fields(&doc), Some(2));
    }
}
