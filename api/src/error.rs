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

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
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
