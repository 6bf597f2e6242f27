//! Mutations of internal collaboration: tasks created, reassigned and completed.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{NaiveDate, Utc};
use salesgraph_entities::enums::{
    Priority as ModelPriority, ProjectStatus as ModelProjectStatus, Role,
    TaskStatus as ModelTaskStatus,
};
use salesgraph_entities::{branches, employees, projects, tasks};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveEnum, ActiveModelTrait};

use super::Task;
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::Priority;
use crate::graphql::write::{self, Area, created, diff, optional_text, reference, target, text};
use crate::graphql::{audit, principal};
use crate::state::AppState;

/// A new task.
#[derive(InputObject)]
pub struct CreateTaskInput {
    /// What is to be done, 2 to 200 characters, such as 制定拜访计划.
    pub title: String,
    /// Details, plain text, at most 5,000 characters.
    pub description: Option<String>,
    /// The project the task belongs to, planned or active; none by default.
    pub project_id: Option<ID>,
    /// The task's branch: by default the project's branch, else the caller's (none for an
    /// HQ caller: a company-wide task). A project of a branch keeps its tasks in that branch;
    /// anyone but HQ_ADMIN creates tasks of their own branch only.
    pub branch_id: Option<ID>,
    /// The employee the task is assigned to, who must work at the task's branch; unassigned
    /// by default. A sales rep creates tasks for themselves only: left out, it is the rep.
    pub assignee_id: Option<ID>,
    /// How urgent it is; NORMAL by default.
    pub priority: Option<Priority>,
    /// The day it is due (business time zone), not in the past; none by default.
    pub due_date: Option<NaiveDate>,
}

/// Mutations of the collaboration domain.
#[derive(Default)]
pub struct CollaborationMutation;

/// FORBIDDEN unless a caller other than HQ_ADMIN changes a task of its own branch
/// (company-wide tasks are HQ's).
fn of_own_branch(p: &crate::auth::Principal, task: &tasks::Model) -> Result<(), ApiError> {
    if p.role == Role::HqAdmin || (task.branch_id.is_some() && task.branch_id == p.branch_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// BAD_USER_INPUT on `id` when the task is done or cancelled.
fn still_open(task: &tasks::Model, verb: &str) -> Result<(), ApiError> {
    if matches!(task.status, ModelTaskStatus::Done | ModelTaskStatus::Cancelled) {
        let message = format!("is {}: only an open task can be {verb}", task.status.to_value());
        return Err(ApiError::bad_input("id", message));
    }
    Ok(())
}

#[Object]
impl CollaborationMutation {
    /// Creates a task (HQ_ADMIN, BRANCH_MANAGER, or a SALES_REP for themselves), TODO, created
    /// by the caller's employee (an API key, which is nobody, is FORBIDDEN).
    async fn create_task(&self, ctx: &Context<'_>, input: CreateTaskInput) -> ApiResult<Task> {
        let p = principal(ctx)?;
        write::require(p, Area::Collaboration).gql()?;
        let creator = p.employee_id.ok_or(ApiError::Forbidden).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let today = state.business_day(now);
        let title = text("title", &input.title, 2, 200).gql()?;
        let description = optional_text("description", input.description.as_deref(), 5000).gql()?;
        if input.due_date.is_some_and(|due| due < today) {
            return Err(ApiError::bad_input("dueDate", "is in the past")).gql();
        }
        let project = match &input.project_id {
            Some(id) => {
                let project = reference::<projects::Entity>(db, p, "projectId", id).await.gql()?;
                if matches!(
                    project.status,
                    ModelProjectStatus::Done | ModelProjectStatus::Cancelled
                ) {
                    let message = format!("is {}", project.status.to_value());
                    return Err(ApiError::bad_input("projectId", message)).gql();
                }
                Some(project)
            }
            None => None,
        };
        let project_branch = project.as_ref().and_then(|pr| pr.branch_id);
        let branch_id = match &input.branch_id {
            Some(id) => {
                let branch = reference::<branches::Entity>(db, p, "branchId", id).await.gql()?;
                if project_branch.is_some_and(|b| b != branch.id) {
                    return Err(ApiError::bad_input("branchId", "must be the project's branch"))
                        .gql();
                }
                Some(branch.id)
            }
            None => project_branch.or(p.branch_id),
        };
        if p.role != Role::HqAdmin && branch_id != p.branch_id {
            return Err(ApiError::bad_input("branchId", "must be your branch")).gql();
        }
        let assignee_id = match (&input.assignee_id, p.role) {
            (_, Role::SalesRep) => {
                if input.assignee_id.as_ref().is_some_and(|id| id.as_str() != creator.to_string()) {
                    return Err(ApiError::bad_input(
                        "assigneeId",
                        "a sales rep creates tasks for themselves",
                    ))
                    .gql();
                }
                Some(creator)
            }
            (Some(id), _) => {
                let assignee =
                    reference::<employees::Entity>(db, p, "assigneeId", id).await.gql()?;
                if branch_id.is_some() && assignee.branch_id != branch_id {
                    return Err(ApiError::bad_input(
                        "assigneeId",
                        "must work at the task's branch",
                    ))
                    .gql();
                }
                Some(assignee.id)
            }
            (None, _) => None,
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let task = tasks::ActiveModel {
            id: NotSet,
            project_id: Set(project.map(|pr| pr.id)),
            branch_id: Set(branch_id),
            title: Set(title),
            description: Set(description),
            assignee_id: Set(assignee_id),
            creator_id: Set(creator),
            priority: Set(input.priority.map_or(ModelPriority::Normal, Into::into)),
            status: Set(ModelTaskStatus::Todo),
            due_date: Set(input.due_date),
            completed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let entry = Entry::by(p, "task.create", "tasks", task.id).with_changes(created(&task));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Task(task))
    }

    /// Reassigns an open task to an employee of its branch (BRANCH_MANAGER for tasks of
    /// their branch, HQ_ADMIN for any; a sales rep may not). A done or cancelled task cannot
    /// be reassigned.
    async fn assign_task(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The task.")] id: ID,
        #[graphql(desc = "The version of the task you read.")] version: i32,
        #[graphql(desc = "The employee to do it; must work at the task's branch.")] assignee_id: ID,
    ) -> ApiResult<Task> {
        let p = principal(ctx)?;
        write::require(p, Area::Collaboration).gql()?;
        if p.role == Role::SalesRep {
            return Err(ApiError::Forbidden).gql();
        }
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<tasks::Entity>(&txn, p, &id, "task").await.gql()?;
        of_own_branch(p, &before).gql()?;
        still_open(&before, "reassigned").gql()?;
        let assignee =
            reference::<employees::Entity>(&txn, p, "assigneeId", &assignee_id).await.gql()?;
        if before.branch_id.is_some() && assignee.branch_id != before.branch_id {
            return Err(ApiError::bad_input("assigneeId", "must work at the task's branch")).gql();
        }
        let changes = tasks::ActiveModel {
            assignee_id: Set(Some(assignee.id)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after =
            write::update_versioned::<tasks::Entity>(&txn, before.id, version, changes, "id")
                .await
                .gql()?;
        let entry =
            Entry::by(p, "task.assign", "tasks", after.id).with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Task(after))
    }

    /// Marks an open task DONE, now. Allowed to its assignee, to the manager of its branch
    /// and to HQ_ADMIN; a sales rep completes only the tasks assigned to them.
    async fn complete_task(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The task.")] id: ID,
        #[graphql(desc = "The version of the task you read.")] version: i32,
    ) -> ApiResult<Task> {
        let p = principal(ctx)?;
        write::require(p, Area::Collaboration).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<tasks::Entity>(&txn, p, &id, "task").await.gql()?;
        let assigned_to_me = p.employee_id.is_some() && before.assignee_id == p.employee_id;
        let allowed = match p.role {
            Role::HqAdmin => true,
            Role::BranchManager => assigned_to_me || of_own_branch(p, &before).is_ok(),
            _ => assigned_to_me,
        };
        if !allowed {
            return Err(ApiError::Forbidden).gql();
        }
        still_open(&before, "completed").gql()?;
        let changes = tasks::ActiveModel {
            status: Set(ModelTaskStatus::Done),
            completed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after =
            write::update_versioned::<tasks::Entity>(&txn, before.id, version, changes, "id")
                .await
                .gql()?;
        let entry =
            Entry::by(p, "task.complete", "tasks", after.id).with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Task(after))
    }
}
