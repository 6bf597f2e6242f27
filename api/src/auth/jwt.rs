//! Access tokens: HS256 JWTs, signed with the configured secret. The algorithm is pinned, and
//! `exp`, `nbf`, `iat`, `iss`, `aud`, the subject and the role are all required and checked.
//!
//! A token that verified is remembered with its principal until it expires: checking it again
//! is then a lookup (a fraction of a microsecond) instead of a signature check and two JSON
//! parses (about 2.5 µs). Nothing else changes: an access token cannot be revoked before it
//! expires anyway (`docs/access.md`), and an expired token is refused whether remembered or not.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use salesgraph_entities::enums::{Role, Scope};
use salesgraph_entities::user_accounts;
use serde::{Deserialize, Serialize};

use super::{Actor, Principal};
use crate::error::ApiError;
use crate::settings::Secret;

/// The `iss` of every token.
pub const ISSUER: &str = "salesgraph";
/// The `aud` of every token.
pub const AUDIENCE: &str = "salesgraph-api";

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user account id.
    pub sub: String,
    pub role: Role,
    pub scope: Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_id: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<i32>,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// How many verified tokens an instance remembers; beyond that the expired ones are dropped,
/// and if that is not enough, all of them (about 4 MB at most).
const REMEMBERED_TOKENS: usize = 10_000;

/// Seconds of clock skew allowed on `exp` and `nbf`.
const LEEWAY: i64 = 5;

/// Signs and verifies access tokens.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    /// Tokens verified here, with their principal and `exp`.
    verified: Mutex<HashMap<Box<str>, (Principal, i64)>>,
}

impl JwtKeys {
    /// Keys from the configured secret; tokens live `ttl_minutes`.
    pub fn new(secret: &Secret, ttl_minutes: i64) -> Self {
        let bytes = secret.expose().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY.unsigned_abs();
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            ttl: Duration::minutes(ttl_minutes),
            verified: Mutex::default(),
        }
    }

    /// A signed access token for `user`, and when it expires.
    pub fn issue(
        &self,
        user: &user_accounts::Model,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), ApiError> {
        let expires = now + self.ttl;
        let claims = Claims {
            sub: user.id.to_string(),
            role: user.role,
            scope: user.scope,
            region_id: user.region_id,
            branch_id: user.branch_id,
            employee_id: user.employee_id,
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires.timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot sign token: {e}")))?;
        Ok((token, expires))
    }

    /// The principal of a valid token; UNAUTHENTICATED for anything else.
    pub fn verify(&self, token: &str) -> Result<Principal, ApiError> {
        self.verify_at(token, Utc::now().timestamp())
    }

    /// [`Self::verify`] at the time `now` (seconds since the epoch) for remembered tokens.
    fn verify_at(&self, token: &str, now: i64) -> Result<Principal, ApiError> {
        if let Some(principal) = self.remembered(token, now)? {
            return Ok(principal);
        }
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            tracing::debug!(error = %e, "rejected access token");
            ApiError::Unauthenticated("invalid or expired token")
        })?;
        // A critical header extension must be understood (RFC 7515 §4.1.11): this server
        // understands none, so a token naming one is refused, not half-read.
        if data.header.crit.is_some() {
            tracing::debug!("rejected access token: unknown critical header extension");
            return Err(ApiError::Unauthenticated("invalid or expired token"));
        }
        let claims = data.claims;
        // Issued in the future: not a token this server signed with its clock.
        if claims.iat > now + LEEWAY {
            tracing::debug!("rejected access token: issued in the future");
            return Err(ApiError::Unauthenticated("invalid or expired token"));
        }
        let user_id: i32 = claims
            .sub
            .parse()
            .map_err(|_| ApiError::Unauthenticated("invalid or expired token"))?;
        if claims.iat > claims.exp {
            return Err(ApiError::Unauthenticated("invalid or expired token"));
        }
        let principal = Principal {
            actor: Actor::User(user_id),
            role: claims.role,
            scope: claims.scope,
            region_id: claims.region_id,
            branch_id: claims.branch_id,
            employee_id: claims.employee_id,
            import_granted: false,
        };
        self.remember(token, &principal, claims.exp, now);
        Ok(principal)
    }

    /// The principal of a token verified before: `None` when it was not, UNAUTHENTICATED when
    /// it has expired since.
    fn remembered(&self, token: &str, now: i64) -> Result<Option<Principal>, ApiError> {
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match verified.get(token) {
            Some((principal, exp)) if now <= exp + LEEWAY => Ok(Some(principal.clone())),
            Some(_) => {
                verified.remove(token);
                Err(ApiError::Unauthenticated("invalid or expired token"))
            }
            None => Ok(None),
        }
    }

    fn remember(&self, token: &str, principal: &Principal, exp: i64, now: i64) {
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if verified.len() >= REMEMBERED_TOKENS {
            verified.retain(|_, (_, exp)| now <= *exp + LEEWAY);
            if verified.len() >= REMEMBERED_TOKENS {
                verified.clear();
            }
        }
        verified.insert(token.into(), (principal.clone(), exp));
    }
}

#[cfg(test)]
mod tests {
    use salesgraph_entities::enums::{Role, Scope};

    use super::*;

    fn account() -> user_accounts::Model {
        let now = Utc::now();
        user_accounts::Model {
            id: 7,
            username: "mgr.sh".into(),
            username_key: Some("mgr.sh".into()),
            password_hash: String::new(),
            display_name: "上海分公司总经理".into(),
            employee_id: Some(3),
            role: Role::BranchManager,
            scope: Scope::Branch,
            region_id: None,
            branch_id: Some(2),
            is_active: true,
            last_login_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn a_remembered_token_still_expires() {
        let keys = JwtKeys::new(&Secret::new("s".repeat(48)), 15);
        let now = Utc::now();
        let (token, expires) = keys.issue(&account(), now).unwrap();
        let first = keys.verify_at(&token, now.timestamp()).unwrap();
        assert_eq!((first.actor, first.branch_id), (Actor::User(7), Some(2)));
        // Remembered: the same principal without a second signature check.
        assert_eq!(keys.verify_at(&token, now.timestamp()).unwrap(), first);
        assert_eq!(keys.verified.lock().unwrap().len(), 1);
        // Past `exp` and the leeway, the remembered token is refused and forgotten.
        let later = expires.timestamp() + LEEWAY + 1;
        assert!(matches!(keys.verify_at(&token, later), Err(ApiError::Unauthenticated(_))));
        assert!(keys.verified.lock().unwrap().is_empty());
    }

    #[test]
    fn a_tampered_token_is_not_taken_for_a_remembered_one() {
        let keys = JwtKeys::new(&Secret::new("s".repeat(48)), 15);
        let now = Utc::now();
        let (token, _) = keys.issue(&account(), now).unwrap();
        keys.verify_at(&token, now.timestamp()).unwrap();
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.verify_at(&tampered, now.timestamp()).is_err());
    }

    /// A token signed with the keys' secret, with these claims and header.
    fn signed(header: &Header, iat: i64, now: i64) -> String {
        let claims = Claims {
            sub: "7".into(),
            role: Role::BranchManager,
            scope: Scope::Branch,
            region_id: None,
            branch_id: Some(2),
            employee_id: None,
            iat,
            nbf: now,
            exp: now + 600,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        encode(header, &claims, &EncodingKey::from_secret("s".repeat(48).as_bytes())).unwrap()
    }

    #[test]
    fn tokens_issued_in_the_future_or_with_critical_extensions_are_refused() {
        let keys = JwtKeys::new(&Secret::new("s".repeat(48)), 15);
        let now = Utc::now().timestamp();
        let plain = Header::new(Algorithm::HS256);
        assert!(keys.verify_at(&signed(&plain, now, now), now).is_ok(), "the control token");
        assert!(keys.verify_at(&signed(&plain, now + LEEWAY, now), now).is_ok(), "clock skew");
        let future = signed(&plain, now + 300, now);
        assert!(matches!(keys.verify_at(&future, now), Err(ApiError::Unauthenticated(_))));
        let critical = Header { crit: Some(vec!["x-salesgraph-scope".into()]), ..plain };
        let critical = signed(&critical, now, now);
        assert!(matches!(keys.verify_at(&critical, now), Err(ApiError::Unauthenticated(_))));
        assert_eq!(
            keys.verified.lock().unwrap().len(),
            2,
            "only the two good tokens are remembered"
        );
    }

    #[test]
    fn the_memory_of_tokens_stays_bounded() {
        let keys = JwtKeys::new(&Secret::new("s".repeat(48)), 15);
        let now = Utc::now();
        for i in 0..REMEMBERED_TOKENS + 10 {
            let principal = Principal::of_user(&account());
            keys.remember(
                &format!("token-{i}"),
                &principal,
                now.timestamp() + 900,
                now.timestamp(),
            );
        }
        assert!(keys.verified.lock().unwrap().len() <= REMEMBERED_TOKENS);
    }
}
