//! Reading a GraphQL result without a schema: a [`View`] walks the JSON and says what is
//! missing, by path, when the data is not shaped as the plugin expects.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

/// The query result lacks a field the report needs, or has it in another shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the report data has no usable `{path}`")]
pub struct DataError {
    pub path: String,
}

/// A position in a JSON value, remembering the path that led there.
#[derive(Debug, Clone)]
pub struct View<'a> {
    value: Option<&'a Value>,
    path: String,
}

impl<'a> View<'a> {
    /// The root of a query result's `data`.
    pub fn root(value: &'a Value) -> Self {
        Self { value: Some(value), path: String::new() }
    }

    /// The field `key` (or a dotted path of fields).
    pub fn get(&self, key: &str) -> View<'a> {
        let mut value = self.value;
        for part in key.split('.') {
            value = value.and_then(|v| v.get(part));
        }
        let path =
            if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        View { value: value.filter(|v| !v.is_null()), path }
    }

    /// Whether there is a non-null value here.
    pub fn exists(&self) -> bool {
        self.value.is_some()
    }

    /// The elements of a list (an empty list when null).
    pub fn list(&self) -> Result<Vec<View<'a>>, DataError> {
        match self.value {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| View {
                    value: Some(v).filter(|v| !v.is_null()),
                    path: format!("{}[{i}]", self.path),
                })
                .collect()),
            Some(_) => Err(self.error()),
        }
    }

    /// The nodes of a Relay connection (`edges[].node` or `nodes[]`).
    pub fn nodes(&self) -> Result<Vec<View<'a>>, DataError> {
        if self.get("nodes").exists() {
            return self.get("nodes").list();
        }
        Ok(self.get("edges").list()?.into_iter().map(|e| e.get("node")).collect())
    }

    /// A decimal (GraphQL `Decimal` arrives as a string), or `None` when null.
    pub fn decimal(&self) -> Result<Option<Decimal>, DataError> {
        match self.value {
            None => Ok(None),
            Some(Value::String(s)) => Decimal::from_str(s).map(Some).map_err(|_| self.error()),
            Some(Value::Number(n)) => {
                Decimal::from_str(&n.to_string()).map(Some).map_err(|_| self.error())
            }
            Some(_) => Err(self.error()),
        }
    }

    /// A decimal, zero when null.
    pub fn decimal_or_zero(&self) -> Result<Decimal, DataError> {
        Ok(self.decimal()?.unwrap_or_default())
    }

    /// An integer (or an ID given as a string), or `None` when null.
    pub fn int(&self) -> Result<Option<i64>, DataError> {
        match self.value {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| self.error()),
            Some(Value::String(s)) => s.parse().map(Some).map_err(|_| self.error()),
            Some(_) => Err(self.error()),
        }
    }

    /// A string, or `None` when null.
    pub fn str(&self) -> Result<Option<&'a str>, DataError> {
        match self.value {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error()),
        }
    }

    /// A string that must be there.
    pub fn text(&self) -> Result<&'a str, DataError> {
        self.str()?.ok_or_else(|| self.error())
    }

    /// The error for this position.
    pub fn error(&self) -> DataError {
        DataError { path: self.path.clone() }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_name_what_is_missing() {
        let data = json!({"a": {"rows": [{"revenue": "12.50", "orders": 3, "id": "7"}, null]}});
        let root = View::root(&data);
        let rows = root.get("a.rows").list().unwrap();
        assert_eq!(rows[0].get("revenue").decimal().unwrap(), Some("12.50".parse().unwrap()));
        assert_eq!(rows[0].get("orders").int().unwrap(), Some(3));
        assert_eq!(rows[0].get("id").int().unwrap(), Some(7));
        assert!(!rows[1].exists());
        assert_eq!(
            rows[0].get("name").text().unwrap_err().to_string(),
            "the report data has no usable `a.rows[0].name`"
        );
        assert_eq!(root.get("a").decimal().unwrap_err().path, "a");
        assert!(root.get("missing").list().unwrap().is_empty());
    }
}
