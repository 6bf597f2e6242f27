//! Mutations of the organisation with a verb of their own: moving an employee to another team
//! or title, which a branch manager may do for its staff.

use async_graphql::{Context, ID, Object};
use chrono::Utc;
use salesgraph_entities::enums::Role;
use salesgraph_entities::{employees, teams};
use sea_orm::ActiveValue::Set;

use super::Employee;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::principal;
use crate::graphql::write::{self, Area, reference, target, text};
use crate::state::AppState;

/// Mutations of the organisation.
#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Moves an employee to a team of their branch and/or gives them a new title, if they are
    /// still at the version you read. HQ_ADMIN may move anyone, a branch manager the staff of
    /// its branch. Career levels change with `promoteEmployee`; everything else with
    /// `updateEmployee` (HQ_ADMIN). Writes an audit entry `employee.assign`.
    async fn assign_employee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employee.")] id: ID,
        #[graphql(desc = "The version of the employee you read.")] version: i32,
        #[graphql(desc = "Their new team, a team of their branch.")] team_id: Option<ID>,
        #[graphql(desc = "Their new title, 1 to 50 characters, such as 销售主管.")] title: Option<
            String,
        >,
    ) -> ApiResult<Employee> {
        let p = principal(ctx)?;
        write::require(p, Area::Organisation).gql()?;
        if team_id.is_none() && title.is_none() {
            return Err(ApiError::bad_input("teamId", "give a team, a title or both")).gql();
        }
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let title = title.as_deref().map(|t| text("title", t, 1, 50)).transpose().gql()?;
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<employees::Entity>(&txn, p, &id, "employee").await.gql()?;
        if p.role != Role::HqAdmin
            && (before.branch_id.is_none() || before.branch_id != p.branch_id)
        {
            return Err(ApiError::Forbidden).gql();
        }
        let mut changes = employees::ActiveModel { updated_at: Set(now), ..Default::default() };
        if let Some(team) = &team_id {
            let team = reference::<teams::Entity>(&txn, p, "teamId", team).await.gql()?;
            if Some(team.branch_id) != before.branch_id {
                return Err(ApiError::bad_input(
                    "teamId",
                    "must be a team of the employee's branch",
                ))
                .gql();
            }
            changes.team_id = Set(Some(team.id));
        }
        if let Some(title) = title {
            changes.title = Set(title);
        }
        let after = write::update_audited::<employees::Entity>(
            ctx,
            &txn,
            p,
            "employee.assign",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(Employee(after))
    }
}
