//! Organisation and people: regions, branches, teams, employees and career levels.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{BranchStatus, EmployeeStatus};
use salesgraph_entities::{branches, career_levels, employees, regions, teams};

use super::node::node;

pub mod mutations;
pub mod records;

node! {
    /// A sales region (大区) grouping branches, such as 华东大区.
    Region(regions) {
        filter: RegionFilter, sort: RegionSort, query: RegionQuery, name: "region",
        /// The regions the caller may see.
        list: regions,
        /// One region.
        one: region,
    }
    fields {
        /// Short code, unique, such as `EAST`.
        code: String = Code,
        /// Display name, such as 华东大区.
        name: String = Name,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {
        /// The region's branches that the caller may see.
        branches: Branch = branches::RegionId,
    }
    extra {}
}

node! {
    /// A branch office (分公司).
    Branch(branches) {
        filter: BranchFilter, sort: BranchSort, query: BranchQuery, name: "branch",
        /// The branches the caller may see.
        list: branches,
        /// One branch.
        one: branch,
    }
    fields {
        /// Short code, unique, such as `SH`.
        code: String = Code,
        /// Display name, such as 上海分公司.
        name: String = Name,
        /// The city the branch is in.
        city: String = City,
        /// Street address.
        address: Option<String> = Address,
        /// Switchboard phone number.
        phone: Option<String> = Phone,
        /// The day the branch opened.
        opened_on: Option<chrono::NaiveDate> = OpenedOn,
        /// Whether the branch operates.
        status: BranchStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the branch's region.
        region_id: i32 = RegionId,
        /// The id of the branch manager (分公司总经理).
        manager_id: Option<i32> = ManagerId,
        /// The id of the branch's fixed liaison to HQ (固定联络人).
        liaison_id: Option<i32> = LiaisonId,
    }
    belongs {
        /// The region the branch belongs to.
        region: Region = region_id,
        /// The branch manager (分公司总经理).
        manager: Employee = manager_id,
        /// The branch's fixed liaison to HQ (固定联络人), who keeps HQ informed.
        liaison: Employee = liaison_id,
    }
    has_many {
        /// The branch's teams.
        teams: Team = teams::BranchId,
    }
    extra {}
}

node! {
    /// A sales team of a branch.
    Team(teams) {
        filter: TeamFilter, sort: TeamSort, query: TeamQuery, name: "team",
        /// The teams the caller may see.
        list: teams,
        /// One team.
        one: team,
    }
    fields {
        /// The team's name, unique within its branch.
        name: String = Name,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the team's branch.
        branch_id: i32 = BranchId,
        /// The id of the team leader.
        leader_id: Option<i32> = LeaderId,
    }
    belongs {
        /// The team's branch.
        branch: Branch = branch_id,
        /// The team leader.
        leader: Employee = leader_id,
    }
    has_many {
        /// The team's members that the caller may see.
        members: Employee = employees::TeamId,
    }
    extra {}
}

node! {
    /// An employee: a sales rep, a manager, or HQ staff (who belong to no branch).
    Employee(employees) {
        filter: EmployeeFilter, sort: EmployeeSort, query: EmployeeQuery, name: "employee",
        /// The employees the caller may see.
        list: employees,
        /// One employee.
        one: employee,
    }
    fields {
        /// Employee number, unique.
        employee_no: String = EmployeeNo,
        /// Full name, such as 王芳.
        name: String = Name,
        /// Job title, such as 销售代表.
        title: String = Title,
        /// The day the employee was hired.
        hire_date: chrono::NaiveDate = HireDate,
        /// Employment status.
        status: EmployeeStatus = Status,
        /// Work email address.
        email: Option<String> = Email,
        /// Work phone number.
        phone: Option<String> = Phone,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the employee's branch; null for HQ staff.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee's team.
        team_id: Option<i32> = TeamId,
        /// The id of the employee's career level.
        career_level_id: Option<i32> = CareerLevelId,
    }
    belongs {
        /// The employee's branch; null for HQ staff.
        branch: Branch = branch_id,
        /// The employee's team.
        team: Team = team_id,
        /// The employee's career level.
        career_level: CareerLevel = career_level_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A step of the career ladder, such as 高级销售经理.
    CareerLevel(career_levels) {
        filter: CareerLevelFilter, sort: CareerLevelSort, query: CareerLevelQuery,
        name: "career level",
        /// The career ladder.
        list: career_levels,
        /// One career level.
        one: career_level,
    }
    fields {
        /// Short code, unique.
        code: String = Code,
        /// Display name.
        name: String = Name,
        /// Position on the ladder: higher is more senior; unique.
        rank: i32 = Rank,
        /// What the level expects of a person.
        description: Option<String> = Description,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {}
    extra {}
}

/// Queries of the organisation domain.
#[derive(MergedObject, Default)]
pub struct OrganisationQuery(RegionQuery, BranchQuery, TeamQuery, EmployeeQuery, CareerLevelQuery);
