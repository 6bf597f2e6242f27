//! Access tokens: HS256 JWTs, signed with the configured secret. The algorithm is pinned, and
//! `exp`, `nbf`, `iat`, `iss`, `aud`, the subject and the role are all required and checked.

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

/// Signs and verifies access tokens.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
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
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            ttl: Duration::minutes(ttl_minutes),
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
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            tracing::debug!(error = %e, "rejected access token");
            ApiError::Unauthenticated("invalid or expired token")
        })?;
        let claims = data.claims;
        let user_id: i32 = claims
            .sub
            .parse()
            .map_err(|_| ApiError::Unauthenticated("invalid or expired token"))?;
        if claims.iat > claims.exp {
            return Err(ApiError::Unauthenticated("invalid or expired token"));
        }
        Ok(Principal {
            actor: Actor::User(user_id),
            role: claims.role,
            scope: claims.scope,
            region_id: claims.region_id,
            branch_id: claims.branch_id,
            employee_id: claims.employee_id,
        })
    }
}
