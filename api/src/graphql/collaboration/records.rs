//! Plain edits of projects. Their tasks have verbs of their own (`createTask`…).

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{employees, projects};
use sea_orm::{Condition, DatabaseTransaction};

use super::Project;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::graphql::crud::{
    Date, Enum, Nullable, OptionalBranchRef, Ref, Table, Text, crud, ordered,
};
use crate::scope::branch_writes;

/// HQ_ADMIN writes any project; a branch manager those of its branch.
fn project_writes(p: &Principal) -> Condition {
    branch_writes(projects::Column::BranchId, p)
}

const PROJECTS: Table<projects::Entity> = Table {
    what: "project",
    actions: ["project.create", "project.update", "project.delete"],
    roles: &[Role::HqAdmin, Role::BranchManager],
    unique: &[],
    write_scope: project_writes,
    check: project_dates,
};

fn project_dates<'a>(
    _: &'a DatabaseTransaction,
    project: &'a projects::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let result = ordered("endsOn", &project.starts_on, project.ends_on.as_ref());
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of projects.
    ProjectMutation: Project(projects) {
        table: PROJECTS,
        /// The fields of a project; on update, only those given change, and `null` empties an
        /// optional one.
        input: ProjectInput,
        /// Starts a project (HQ_ADMIN; a branch manager for its own branch).
        create: create_project,
        /// Changes a project (HQ_ADMIN; a branch manager those of its branch), if it is still
        /// at the version you read.
        update: update_project,
        /// Deletes a project without tasks (HQ_ADMIN; a branch manager those of its branch);
        /// CONFLICT otherwise: cancel it instead.
        delete: delete_project,
    }
    fields {
        /// Its name, 2 to 100 characters, such as 华东重点客户攻坚.
        name: Text<2, 100> => name,
        /// Optional. What it is about, at most 2,000 characters.
        description: Nullable<Text<1, 2000>> => description,
        /// Optional. The branch it belongs to; left out, a branch manager's own. None for an HQ
        /// project (HQ_ADMIN only).
        branch_id: OptionalBranchRef => branch_id,
        /// Who leads it.
        owner_id: Ref<employees::Entity> => owner_id,
        /// Its state (default PLANNED).
        status: Enum<model::ProjectStatus> = model::ProjectStatus::Planned => status,
        /// First day.
        starts_on: Date => starts_on,
        /// Optional. Planned last day, not before the first.
        ends_on: Nullable<Date> => ends_on,
    }
    server |p, now| {}
}
