//! The audit log: who changed what, when, with the before and after of the changed fields.
//! Entries are written with the change, on the same connection or transaction, so a change
//! that rolls back leaves no entry behind.

use chrono::{DateTime, Utc};
use salesgraph_entities::audit_log;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::Value;

use crate::auth::{Actor, Principal};
use crate::error::ApiError;

/// Parts of field names whose values never reach the audit log (matched case-insensitively,
/// so `newPassword`, `password_hash`, `refreshToken`, `keyHash` and `secret` are all caught).
const SECRET_PARTS: &[&str] = &["password", "secret", "token", "hash"];

fn is_secret(field: &str) -> bool {
    let field = field.to_ascii_lowercase();
    SECRET_PARTS.iter().any(|part| field.contains(part))
}

/// One audited change.
#[derive(Debug)]
pub struct Entry<'a> {
    /// Who did it; `None` for the system itself.
    pub actor: Option<Actor>,
    /// What was done, such as `auth.login` or `apiKey.revoke`.
    pub action: &'a str,
    /// The table of the changed row.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: String,
    /// Changed fields, as `{"field": {"before": …, "after": …}}` or any JSON object.
    pub changes: Value,
    /// The `x-request-id` of the request that made the change, to find its log lines.
    pub request_id: Option<String>,
}

impl<'a> Entry<'a> {
    /// An entry for a change made by `principal`.
    pub fn by(
        principal: &Principal,
        action: &'a str,
        entity: &'a str,
        entity_id: impl ToString,
    ) -> Self {
        Self {
            actor: Some(principal.actor),
            action,
            entity,
            entity_id: entity_id.to_string(),
            changes: Value::Null,
            request_id: None,
        }
    }

    /// Adds the changed fields.
    pub fn with_changes(mut self, changes: Value) -> Self {
        self.changes = changes;
        self
    }
}

/// Writes an entry; secrets in `changes` are replaced by `"[redacted]"`.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let (user, key) = entry.actor.map_or((None, None), Actor::account_ids);
    let changes = redact(entry.changes);
    let row = audit_log::ActiveModel {
        actor_user_id: Set(user),
        actor_api_key_id: Set(key),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        changes: Set((!changes.is_null()).then_some(changes)),
        request_id: Set(entry.request_id),
        occurred_at: Set(now),
        ..Default::default()
    };
    audit_log::Entity::insert(row).exec_without_returning(conn).await?;
    Ok(())
}

fn redact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    if is_secret(&k) {
                        (k, Value::String("[redacted]".to_owned()))
                    } else {
                        (k, redact(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let redacted = redact(serde_json::json!({
            "name": "BI",
            "password_hash": {"before": "$argon2id$a", "after": "$argon2id$b"},
            "nested": [{"secret": "sgk_x"}],
            "refreshToken": "sgr_x",
            "newPassword": "x",
        }));
        assert_eq!(redacted["refreshToken"], "[redacted]");
        assert_eq!(redacted["newPassword"], "[redacted]");
        assert_eq!(redacted["name"], "BI");
        assert_eq!(redacted["password_hash"], "[redacted]");
        assert_eq!(redacted["nested"][0]["secret"], "[redacted]");
    }
}
