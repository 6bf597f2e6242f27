//! The one error type of the API, mapped onto the closed set of codes of DESIGN.md.

use async_graphql::ErrorExtensions;

/// An error a client may see. Its message never carries database text: the cause of an
/// `Internal` error goes to the log, and the client reads only "internal error".
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("forbidden")]
    Forbidden,
    /// FORBIDDEN because of one input field the caller may not set, named for the client.
    #[error("forbidden {field}: {message}")]
    ForbiddenField { field: String, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("invalid {field}: {message}")]
    BadUserInput { field: String, message: String },
    #[error("conflict on {field}: {message}")]
    Conflict { field: String, message: String },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// BAD_USER_INPUT naming the offending input field.
    pub fn bad_input(field: &str, message: impl Into<String>) -> Self {
        Self::BadUserInput { field: field.to_owned(), message: message.into() }
    }

    /// FORBIDDEN naming the input field the caller has no right to set.
    pub fn forbidden_field(field: &str, message: impl Into<String>) -> Self {
        Self::ForbiddenField { field: field.to_owned(), message: message.into() }
    }

    /// The value of `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden | Self::ForbiddenField { .. } => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::Internal(_) => "INTERNAL",
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(err.into())
    }
}

/// The most bytes of an error the log shows.
pub const LOGGED_BYTES: usize = 2048;

/// An error as the log shows it: its message and causes on one line (`a: b: c`), without a
/// backtrace, at most [`LOGGED_BYTES`] (a hostile input inside a message cannot flood the
/// log). Log errors with `error = %Logged(&*err)`.
pub struct Logged<'e>(pub &'e (dyn std::error::Error + 'static));

impl std::fmt::Display for Logged<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut line = self.0.to_string();
        let mut source = self.0.source();
        while let Some(cause) = source {
            line.push_str(": ");
            line.push_str(&cause.to_string());
            source = cause.source();
        }
        if line.len() > LOGGED_BYTES {
            let mut end = LOGGED_BYTES;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            line.truncate(end);
            line.push_str("… (cut)");
        }
        f.write_str(&line.replace(['\n', '\r'], " "))
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let Self::Internal(cause) = self {
            tracing::error!(error = %Logged(cause.as_ref()), "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                Self::BadUserInput { field, .. }
                | Self::Conflict { field, .. }
                | Self::ForbiddenField { field, .. } => ext.set("field", field.as_str()),
                _ => {}
            }
        })
    }
}

/// What resolvers return: the error is already converted, so `?` on a `DbErr` cannot leak
/// database text to the client.
pub type ApiResult<T> = Result<T, async_graphql::Error>;

/// Converts any error that becomes an [`ApiError`] into a client error with its code.
pub trait IntoGraphql<T> {
    /// Maps the error through [`ApiError`].
    fn gql(self) -> ApiResult<T>;
}

impl<T, E: Into<ApiError>> IntoGraphql<T> for Result<T, E> {
    fn gql(self) -> ApiResult<T> {
        self.map_err(|e| e.into().extend())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_error_is_one_bounded_line_with_its_causes() {
        let cause = anyhow::anyhow!("disk full\nat block 7").context("cannot write order");
        assert_eq!(Logged(cause.as_ref()).to_string(), "cannot write order: disk full at block 7");
        let huge = anyhow::anyhow!("{}", "参数".repeat(5000));
        let shown = Logged(huge.as_ref()).to_string();
        assert!(shown.len() <= LOGGED_BYTES + 12 && shown.ends_with("… (cut)"), "{}", shown.len());
    }
}
