//! Internal collaboration (内部协作): projects and the tasks that plan and allocate their work.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{Priority, ProjectStatus, TaskStatus};
use salesgraph_entities::{projects, tasks};

use super::node::node;
use super::organisation::{Branch, Employee};

pub mod mutations;
pub mod records;

node! {
    /// An internal project grouping tasks, such as 渠道伙伴赋能项目; run by a branch, or by HQ
    /// for the whole company.
    Project(projects) {
        filter: ProjectFilter, sort: ProjectSort, query: ProjectQuery, name: "project",
        /// The projects of the branches the caller may see, and the company-wide ones.
        list: projects,
        /// One project.
        one: project,
    }
    fields {
        /// The project's name, such as 华东大客户攻坚计划.
        name: String = Name,
        /// What the project is for, plain text.
        description: Option<String> = Description,
        /// Whether the project is planned, active, done or cancelled.
        status: ProjectStatus = Status,
        /// The day the project starts (business time zone).
        starts_on: chrono::NaiveDate = StartsOn,
        /// The day the project ends or ended; null when open-ended.
        ends_on: Option<chrono::NaiveDate> = EndsOn,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the branch running the project; null for a company-wide project run by
        /// HQ.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee responsible for the project.
        owner_id: i32 = OwnerId,
    }
    belongs {
        /// The branch running the project; null for a company-wide project run by HQ.
        branch: Branch = branch_id,
        /// The employee responsible for the project.
        owner: Employee = owner_id,
    }
    has_many {
        /// The project's tasks that the caller may see.
        tasks: Task = tasks::ProjectId,
    }
    extra {}
}

node! {
    /// A task: a piece of planned work, such as 制定拜访计划, assigned to an employee, with a
    /// priority and a due date; part of a project or standing alone.
    Task(tasks) {
        filter: TaskFilter, sort: TaskSort, query: TaskQuery, name: "task",
        /// The tasks the caller may see: a sales rep those assigned to or created by them;
        /// others those of their branches; everyone the company-wide ones.
        list: tasks,
        /// One task.
        one: task,
    }
    fields {
        /// What is to be done, in a few words, such as 跟进报价与合同.
        title: String = Title,
        /// Details of the task, plain text.
        description: Option<String> = Description,
        /// How urgent the task is: low, normal, high or urgent.
        priority: Priority = Priority,
        /// Whether the task is to do, in progress, done or cancelled.
        status: TaskStatus = Status,
        /// The day the task is due (business time zone); null when it has no deadline.
        due_date: Option<chrono::NaiveDate> = DueDate,
        /// When the task was done; null unless it is done.
        completed_at: Option<chrono::DateTime<chrono::Utc>> = CompletedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the project the task belongs to; null for a standalone task.
        project_id: Option<i32> = ProjectId,
        /// The id of the task's branch; null for a company-wide task.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee the task is assigned to; null while unassigned.
        assignee_id: Option<i32> = AssigneeId,
        /// The id of the employee who created the task.
        creator_id: i32 = CreatorId,
    }
    belongs {
        /// The project the task belongs to; null for a standalone task.
        project: Project = project_id,
        /// The task's branch; null for a company-wide task.
        branch: Branch = branch_id,
        /// The employee the task is assigned to; null while unassigned.
        assignee: Employee = assignee_id,
        /// The employee who created the task.
        creator: Employee = creator_id,
    }
    has_many {}
    extra {}
}

/// Queries of the collaboration domain.
#[derive(MergedObject, Default)]
pub struct CollaborationQuery(ProjectQuery, TaskQuery);
