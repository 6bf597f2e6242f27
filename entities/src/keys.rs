//! Text keys that make "one row per scope" unique even where the scope columns are nullable
//! (SQL unique indexes treat NULLs as distinct, so they cannot do it alone).

use crate::enums::{ScopeKind, SubjectKind};

/// Key of an organisational scope, such as `COMPANY` or `BRANCH:12`, stored in
/// `sales_targets.scope_key`.
pub fn scope_key(kind: ScopeKind, id: Option<i32>) -> String {
    let name = match kind {
        ScopeKind::Company => return "COMPANY".to_owned(),
        ScopeKind::Region => "REGION",
        ScopeKind::Branch => "BRANCH",
        ScopeKind::Team => "TEAM",
        ScopeKind::Employee => "EMPLOYEE",
    };
    format!("{name}:{}", id.unwrap_or_default())
}

/// Key of the subject of a review or award, such as `EMPLOYEE:7`, stored in `subject_key` and
/// `recipient_key`.
pub fn subject_key(kind: SubjectKind, id: i32) -> String {
    match kind {
        SubjectKind::Employee => format!("EMPLOYEE:{id}"),
        SubjectKind::Branch => format!("BRANCH:{id}"),
    }
}
