//! Plain edits of the organisation: regions, branches, teams, employees and career levels.

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{branches, career_levels, employees, regions, teams};
use sea_orm::{DatabaseTransaction, EntityTrait};

use super::{Branch, CareerLevel, Employee, Region, Team};
use crate::error::ApiError;
use crate::graphql::crud::{
    BranchRef, Date, Enum, Int, Nullable, OptionalBranchRef, Ref, Table, Text, crud, no_check,
    visible,
};
use crate::graphql::formats::{Email, Phone};

const REGIONS: Table<regions::Entity> = Table {
    what: "region",
    actions: ["region.create", "region.update", "region.delete"],
    roles: &[Role::HqAdmin],
    unique: &["code"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of regions.
    RegionMutation: Region(regions) {
        table: REGIONS,
        /// The fields of a region; on update, only those given change.
        input: RegionInput,
        /// Creates a region (HQ_ADMIN).
        create: create_region,
        /// Changes a region (HQ_ADMIN), if it is still at the version you read.
        update: update_region,
        /// Deletes a region that has no branches (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_region,
    }
    fields {
        /// Short code, unique, 2 to 10 characters, such as `EAST`.
        code: Text<2, 10> => code,
        /// Display name, 2 to 50 characters, such as 华东大区.
        name: Text<2, 50> => name,
    }
    server |p, now| {}
}

const BRANCHES: Table<branches::Entity> = Table {
    what: "branch",
    actions: ["branch.create", "branch.update", "branch.delete"],
    roles: &[Role::HqAdmin],
    unique: &["code"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of branch offices.
    BranchMutation: Branch(branches) {
        table: BRANCHES,
        /// The fields of a branch; on update, only those given change, and `null` empties an
        /// optional one.
        input: BranchInput,
        /// Opens a branch (HQ_ADMIN).
        create: create_branch,
        /// Changes a branch (HQ_ADMIN), if it is still at the version you read. A branch that
        /// closes keeps its history: set its status to CLOSED rather than deleting it.
        update: update_branch,
        /// Deletes a branch nothing refers to yet (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_branch,
    }
    fields {
        /// The region it belongs to.
        region_id: Ref<regions::Entity> => region_id,
        /// Short code, unique, 2 to 10 characters, such as `SH`.
        code: Text<2, 10> => code,
        /// Display name, 2 to 50 characters, such as 上海分公司.
        name: Text<2, 50> => name,
        /// The city, 1 to 50 characters.
        city: Text<1, 50> => city,
        /// Optional. Street address, at most 200 characters.
        address: Nullable<Text<1, 200>> => address,
        /// Optional. Switchboard phone number, at most 30 characters, such as 021-6888 1234 or
        /// 400-820-1000.
        phone: Nullable<Phone> => phone,
        /// Optional. The branch manager (分公司总经理).
        manager_id: Nullable<Ref<employees::Entity>> => manager_id,
        /// Optional. The fixed liaison to HQ (固定联络人).
        liaison_id: Nullable<Ref<employees::Entity>> => liaison_id,
        /// Optional. The day it opened.
        opened_on: Nullable<Date> => opened_on,
        /// Whether it operates (default ACTIVE).
        status: Enum<model::BranchStatus> = model::BranchStatus::Active => status,
    }
    server |p, now| {}
}

const TEAMS: Table<teams::Entity> = Table {
    what: "team",
    actions: ["team.create", "team.update", "team.delete"],
    roles: &[Role::HqAdmin, Role::BranchManager],
    unique: &["name"],
    write_scope: visible,
    check: leader_of_the_branch,
};

/// A team's leader works at the team's branch.
fn leader_of_the_branch<'a>(
    db: &'a DatabaseTransaction,
    team: &'a teams::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        let Some(leader) = team.leader_id else { return Ok(()) };
        let leader = employees::Entity::find_by_id(leader).one(db).await?;
        match leader {
            Some(leader) if leader.branch_id == Some(team.branch_id) => Ok(()),
            _ => Err(ApiError::bad_input("leaderId", "must work at the team's branch")),
        }
    })
}

crud! {
    /// Plain edits of sales teams.
    TeamMutation: Team(teams) {
        table: TEAMS,
        /// The fields of a team; on update, only those given change.
        input: TeamInput,
        /// Creates a team (HQ_ADMIN, or the manager of its branch).
        create: create_team,
        /// Changes a team (HQ_ADMIN, or the manager of its branch), if it is still at the
        /// version you read.
        update: update_team,
        /// Deletes a team without members or targets (HQ_ADMIN, or the manager of its
        /// branch); CONFLICT otherwise.
        delete: delete_team,
    }
    fields {
        /// The branch it belongs to; left out, a branch manager's own.
        branch_id: BranchRef => branch_id,
        /// Its name, unique within the branch, 1 to 50 characters, such as 一组.
        name: Text<1, 50> => name,
        /// Optional. Its leader, who must work at the branch.
        leader_id: Nullable<Ref<employees::Entity>> => leader_id,
    }
    server |p, now| {}
}

const EMPLOYEES: Table<employees::Entity> = Table {
    what: "employee",
    actions: ["employee.create", "employee.update", "employee.delete"],
    roles: &[Role::HqAdmin],
    unique: &["employee_no"],
    write_scope: visible,
    check: team_of_the_branch,
};

/// An employee's team belongs to the employee's branch.
fn team_of_the_branch<'a>(
    db: &'a DatabaseTransaction,
    employee: &'a employees::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        let Some(team) = employee.team_id else { return Ok(()) };
        let team = teams::Entity::find_by_id(team).one(db).await?;
        match team {
            Some(team) if Some(team.branch_id) == employee.branch_id => Ok(()),
            _ => Err(ApiError::bad_input("teamId", "must be a team of the employee's branch")),
        }
    })
}

crud! {
    /// Plain edits of employees. Promotions go through `promoteEmployee`.
    EmployeeMutation: Employee(employees) {
        table: EMPLOYEES,
        /// The fields of an employee; on update, only those given change, and `null` empties an
        /// optional one.
        input: EmployeeInput,
        /// Hires an employee (HQ_ADMIN).
        create: create_employee,
        /// Changes an employee (HQ_ADMIN), if it is still at the version you read. Someone who
        /// leaves keeps their history: set the status to LEFT rather than deleting them.
        update: update_employee,
        /// Deletes an employee nothing refers to yet, such as one entered by mistake
        /// (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_employee,
    }
    fields {
        /// Employee number, unique, 2 to 20 characters.
        employee_no: Text<2, 20> => employee_no,
        /// Full name, 1 to 50 characters, such as 王芳.
        name: Text<1, 50> => name,
        /// Optional. The branch they work at; none for HQ staff.
        branch_id: OptionalBranchRef => branch_id,
        /// Optional. Their team, a team of their branch.
        team_id: Nullable<Ref<teams::Entity>> => team_id,
        /// Job title, 1 to 50 characters, such as 销售代表.
        title: Text<1, 50> => title,
        /// Optional. Their career level.
        career_level_id: Nullable<Ref<career_levels::Entity>> => career_level_id,
        /// The day they were hired.
        hire_date: Date => hire_date,
        /// Employment status (default ACTIVE).
        status: Enum<model::EmployeeStatus> = model::EmployeeStatus::Active => status,
        /// Optional. Work e-mail address, at most 100 characters, such as wang.fang@example.cn.
        email: Nullable<Email> => email,
        /// Optional. Work phone number, at most 30 characters, such as 138 0013 8000 or
        /// 021-6888 1234 转 802.
        phone: Nullable<Phone> => phone,
    }
    server |p, now| {}
}

const CAREER_LEVELS: Table<career_levels::Entity> = Table {
    what: "career level",
    actions: ["careerLevel.create", "careerLevel.update", "careerLevel.delete"],
    roles: &[Role::HqAdmin],
    unique: &["code", "rank"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of the career ladder.
    CareerLevelMutation: CareerLevel(career_levels) {
        table: CAREER_LEVELS,
        /// The fields of a career level; on update, only those given change.
        input: CareerLevelInput,
        /// Adds a level to the career ladder (HQ_ADMIN).
        create: create_career_level,
        /// Changes a career level (HQ_ADMIN), if it is still at the version you read.
        update: update_career_level,
        /// Deletes a career level nobody holds (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_career_level,
    }
    fields {
        /// Short code, unique, 1 to 10 characters, such as `P3`.
        code: Text<1, 10> => code,
        /// Display name, 1 to 50 characters, such as 高级销售经理.
        name: Text<1, 50> => name,
        /// Position on the ladder, unique, 1 to 100; higher is more senior.
        rank: Int<1, 100> => rank,
        /// Optional. What the level expects, at most 1,000 characters.
        description: Nullable<Text<1, 1000>> => description,
    }
    server |p, now| {}
}
