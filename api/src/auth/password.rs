//! Password hashing with argon2id. Both functions are slow on purpose: call them off the
//! async runtime's worker threads (`tokio::task::spawn_blocking`).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Longest accepted password, in bytes (argon2 is slow on purpose; don't let it be abused).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// An argon2id hash in PHC string form, with a fresh salt.
pub fn hash(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot hash password: {e}")))
}

/// Whether `password` matches the PHC `hash`. A malformed hash matches nothing.
pub fn verify(password: &str, hash: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// Checks a new password given as `newPassword`: long enough, not absurdly long.
pub fn validate_new(password: &str) -> Result<(), ApiError> {
    validate("newPassword", password)
}

/// Checks a new password given in the input field `field`.
pub fn validate(field: &str, password: &str) -> Result<(), ApiError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ApiError::bad_input(
            field,
            format!("must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::bad_input(
            field,
            format!("is too long (at most {MAX_PASSWORD_BYTES} bytes)"),
        ));
    }
    if password.contains('\0') {
        return Err(ApiError::bad_input(field, "may not contain NUL"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hashed = hash("正确的密码-correct").unwrap();
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("正确的密码-correct", &hashed));
        assert!(!verify("正确的密码-wrong", &hashed));
        assert!(!verify("anything", "not a hash"));
    }
}
