//! Who is calling: password logins with short-lived access tokens and rotating refresh
//! tokens, API keys for integrators, and the throttling of failed logins.
//!
//! Every request becomes a [`Viewer`]: anonymous when it carries no `Authorization` header,
//! an authenticated [`Principal`] when it carries a valid token or key, and an error — never
//! anonymous — when what it carries is bad in any way.

use salesgraph_entities::enums::{Role, Scope};
use salesgraph_entities::user_accounts;

use crate::error::ApiError;
use crate::state::AppState;

pub mod api_keys;
pub mod jwt;
pub mod password;
pub mod sessions;
pub mod throttle;

/// Who an authenticated principal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A user account, by id.
    User(i32),
    /// An API key, by id.
    ApiKey(i32),
    /// The server itself: the monthly report archive and the command line, with HQ rights.
    System,
}

impl Actor {
    /// The ids rows record an actor by: (user account, API key); neither for the server.
    pub fn account_ids(self) -> (Option<i32>, Option<i32>) {
        match self {
            Self::User(id) => (Some(id), None),
            Self::ApiKey(id) => (None, Some(id)),
            Self::System => (None, None),
        }
    }
}

/// An authenticated caller, with the role and the data scope that decide what it may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub actor: Actor,
    pub role: Role,
    pub scope: Scope,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub employee_id: Option<i32>,
    /// Whether an API key was granted the right to import history (`canImport`); false for
    /// accounts, whose right follows from their role. Read it through [`Self::may_import`].
    pub import_granted: bool,
}

impl Principal {
    /// The principal of a user account.
    pub fn of_user(user: &user_accounts::Model) -> Self {
        Self {
            actor: Actor::User(user.id),
            role: user.role,
            scope: user.scope,
            region_id: user.region_id,
            branch_id: user.branch_id,
            employee_id: user.employee_id,
            import_granted: false,
        }
    }

    /// The principal of an API key. Keys act for no employee.
    pub fn of_api_key(key: &salesgraph_entities::api_keys::Model) -> Self {
        Self {
            actor: Actor::ApiKey(key.id),
            role: key.role,
            scope: key.scope,
            region_id: key.region_id,
            branch_id: key.branch_id,
            employee_id: None,
            import_granted: key.role == Role::Integrator && key.can_import,
        }
    }

    /// Whether the principal may import history, that is create records dated in the past
    /// (`docs/access.md`, "History import"): HQ_ADMIN, and INTEGRATOR keys granted the right.
    pub fn may_import(&self) -> bool {
        match self.role {
            Role::HqAdmin => true,
            Role::Integrator => self.import_granted,
            Role::HqAnalyst | Role::BranchManager | Role::SalesRep => false,
        }
    }

    /// The user id, when the principal is a user.
    pub fn user_id(&self) -> Option<i32> {
        match self.actor {
            Actor::User(id) => Some(id),
            Actor::ApiKey(_) | Actor::System => None,
        }
    }

    /// The server itself, with HQ_ADMIN rights over all data: what the monthly archive and
    /// the command line run as.
    pub fn system() -> Self {
        Self {
            actor: Actor::System,
            role: Role::HqAdmin,
            scope: Scope::All,
            region_id: None,
            branch_id: None,
            employee_id: None,
            import_granted: false,
        }
    }
}

/// The caller of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// No credentials: may only log in, refresh a token and read the schema.
    Anonymous,
    /// Valid credentials.
    Authenticated(Principal),
}

impl Viewer {
    /// The principal, or UNAUTHENTICATED for an anonymous caller.
    pub fn principal(&self) -> Result<&Principal, ApiError> {
        match self {
            Self::Authenticated(principal) => Ok(principal),
            Self::Anonymous => Err(ApiError::Unauthenticated("authentication required")),
        }
    }
}

/// Turns the `Authorization` header of a request into a viewer.
pub async fn authenticate(state: &AppState, header: Option<&str>) -> Result<Viewer, ApiError> {
    let Some(header) = header else { return Ok(Viewer::Anonymous) };
    let token = header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthenticated("malformed authorization header"))?;
    let principal = if token.starts_with(api_keys::KEY_PREFIX) {
        api_keys::authenticate(state.db(), state.key_cache(), token).await?
    } else {
        state.jwt().verify(token)?
    };
    Ok(Viewer::Authenticated(principal))
}
