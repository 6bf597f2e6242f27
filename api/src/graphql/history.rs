//! History import: who may create records dated in the past, and how far back everyone else
//! may date what they record. A company that starts with salesgraph brings years of deals,
//! customers, orders and survey answers; those dates are what win rate, sales cycle, new
//! customers, churn, revenue and CSAT are computed from. The rules are in `docs/access.md`
//! ("History import").

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::write::{Area, may_write};
use crate::auth::Principal;
use crate::error::ApiError;

/// How far in the future a time may lie (clocks differ a little).
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// How far back anyone who may create a record may date it: a late entry, such as last
/// week's order typed in after a trip. Further back is a history import.
pub const LATE_ENTRY_DAYS: i64 = 7;

/// What the FORBIDDEN of a history field says.
const IMPORTERS: &str = "only a history import may set it: HQ_ADMIN, or an INTEGRATOR API key \
                         with the import right (canImport)";

/// FORBIDDEN unless `p` may create records of `area`: those who may write it, and API keys
/// with the import right, which may create customers, opportunities, orders and survey
/// responses (the mutations that call this) but change nothing.
pub fn require_create(p: &Principal, area: Area) -> Result<(), ApiError> {
    if may_write(p.role, area) || p.may_import() { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// FORBIDDEN naming `field` unless `p` may import history: for the fields only an import
/// sets (a customer's lifecycle, a deal created already closed).
pub fn import_only(p: &Principal, field: &str) -> Result<(), ApiError> {
    if p.may_import() { Ok(()) } else { Err(ApiError::forbidden_field(field, IMPORTERS)) }
}

/// A time a record happened at, as checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Whether it lies further back than a late entry, so that only an import may set it.
    pub imported: bool,
}

/// When something happened, as the caller gives it (an RFC 3339 instant; `now` when left
/// out): not in the future (BAD_USER_INPUT on `field`), and more than
/// [`LATE_ENTRY_DAYS`] back only for a principal who may import (FORBIDDEN on `field`).
pub fn happened_at(
    p: &Principal,
    field: &str,
    given: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Dated, ApiError> {
    let at = given.unwrap_or(now);
    if at > now + CLOCK_SKEW {
        return Err(ApiError::bad_input(field, "is in the future"));
    }
    let imported = at < now - Duration::days(LATE_ENTRY_DAYS);
    if imported && !p.may_import() {
        let message = format!(
            "is more than {LATE_ENTRY_DAYS} days ago: {IMPORTERS}; anyone else dates a record \
             at most {LATE_ENTRY_DAYS} days back"
        );
        return Err(ApiError::forbidden_field(field, message));
    }
    Ok(Dated { at, imported })
}

/// A business day the caller gives: not after `today` (in the business time zone), else
/// BAD_USER_INPUT on `field`.
pub fn past_day(field: &str, day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    if day > today {
        return Err(ApiError::bad_input(field, "is in the future"));
    }
    Ok(day)
}

/// The audit action of a created record: `<kind>.import` when it was imported, else
/// `created` (such as `order.create`).
pub fn action(imported: bool, created: &'static str, import: &'static str) -> &'static str {
    if imported { import } else { created }
}

#[cfg(test)]
mod tests {
    use salesgraph_entities::enums::{Role, Scope};

    use super::*;
    use crate::auth::Actor;

    fn principal(role: Role, import_granted: bool) -> Principal {
        Principal {
            actor: Actor::ApiKey(1),
            role,
            scope: Scope::All,
            region_id: None,
            branch_id: None,
            employee_id: None,
            import_granted,
        }
    }

    #[test]
    fn only_admins_and_granted_integrators_date_records_far_back() {
        let now = Utc::now();
        let long_ago = Some(now - Duration::days(400));
        let last_week = Some(now - Duration::days(LATE_ENTRY_DAYS - 1));
        for (role, granted, may) in [
            (Role::HqAdmin, false, true),
            (Role::Integrator, true, true),
            (Role::Integrator, false, false),
            (Role::BranchManager, true, false),
            (Role::SalesRep, false, false),
        ] {
            let p = principal(role, granted);
            let far = happened_at(&p, "orderedAt", long_ago, now);
            assert_eq!(far.is_ok(), may, "{role:?} {granted}");
            if let Err(e) = far {
                assert_eq!(e.code(), "FORBIDDEN");
                assert!(e.to_string().contains("orderedAt"), "{e}");
            }
            let recent = happened_at(&p, "orderedAt", last_week, now).map(|d| d.imported);
            assert_eq!(recent.ok(), Some(false), "a late entry is no import");
            let future = happened_at(&p, "orderedAt", Some(now + Duration::hours(1)), now);
            assert_eq!(future.map_err(|e| e.code()).err(), Some("BAD_USER_INPUT"));
        }
    }
}
