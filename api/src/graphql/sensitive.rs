//! Who may read the sensitive fields of a row (incentive amounts, review scores): HQ roles, the
//! subject, and the manager of the subject's branch. Everyone else in scope reads the row with
//! those fields null. Sensitive fields are never filterable or sortable, so a filter cannot
//! reveal them either.

use async_graphql::Context;
use salesgraph_entities::enums::Role;

use super::loaders::belongs;
use super::organisation::Employee;
use super::principal;
use crate::error::ApiResult;

/// Whether the caller may read the sensitive fields about `employee` (when the row is about a
/// person) or else about `branch`.
pub async fn may_see(
    ctx: &Context<'_>,
    employee: Option<i32>,
    branch: Option<i32>,
) -> ApiResult<bool> {
    let p = principal(ctx)?;
    if matches!(p.role, Role::HqAdmin | Role::HqAnalyst) {
        return Ok(true);
    }
    if let Some(employee) = employee {
        if p.employee_id == Some(employee) {
            return Ok(true);
        }
        if p.role != Role::BranchManager {
            return Ok(false);
        }
        let subject = belongs::<Employee>(ctx, employee).await?;
        return Ok(subject.is_some_and(|e| e.0.branch_id.is_some() && e.0.branch_id == p.branch_id));
    }
    Ok(p.role == Role::BranchManager && branch.is_some() && branch == p.branch_id)
}

/// `value` when the caller may read the sensitive fields about the subject, else null.
pub async fn masked<T>(
    ctx: &Context<'_>,
    employee: Option<i32>,
    branch: Option<i32>,
    value: Option<T>,
) -> ApiResult<Option<T>> {
    Ok(if may_see(ctx, employee, branch).await? { value } else { None })
}
