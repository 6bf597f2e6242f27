//! Organisation and people: regions, branches, career levels, teams, employees, accounts.

use chrono::{Datelike, NaiveDate};
use rand::RngExt;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::V;
use super::names::{BRANCHES, CAREER_LEVELS, REGIONS, STREETS, TEAMS, person};
use super::{BranchInfo, Seeder};

/// Sales reps per team.
const REPS_PER_TEAM: usize = 5;

/// HQ staff: title, career level index.
const HQ_STAFF: &[(&str, usize)] = &[
    ("总经理", 4),
    ("销售总监", 4),
    ("数据分析师", 1),
    ("培训经理", 2),
    ("客服经理", 2),
    ("华东大区总监", 4),
];

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn organisation(&mut self) -> Result<(), DbErr> {
        let mut rows = self.bulk("regions", &["id", "code", "name"]);
        for (i, (code, name)) in REGIONS.iter().enumerate() {
            let id = i as i32 + 1;
            rows.row(&[id.into(), (*code).into(), (*name).into()]).await?;
            self.region_ids.push(id);
        }
        let n = rows.finish().await?;
        self.done("regions", n);

        let mut rows = self.bulk(
            "branches",
            &["id", "region_id", "code", "name", "city", "address", "phone", "opened_on", "status"],
        );
        for (i, (code, city, region, strength)) in BRANCHES.iter().enumerate() {
            let id = i as i32 + 1;
            let region_id = REGIONS.iter().position(|(c, _)| c == region).unwrap_or(0) as i32 + 1;
            let address = format!("{city}市{}{}号", self.pick(STREETS), 100 + i * 37);
            let phone = format!("400-820-{:04}", 1000 + i);
            let opened = NaiveDate::from_ymd_opt(2008 + i as i32, 3 + (i % 9) as u32, 1);
            rows.row(&[
                id.into(),
                region_id.into(),
                (*code).into(),
                format!("{city}分公司").as_str().into(),
                (*city).into(),
                address.as_str().into(),
                phone.as_str().into(),
                opened.into(),
                "ACTIVE".into(),
            ])
            .await?;
            self.branches.push(BranchInfo {
                id,
                region_id,
                code,
                city,
                strength: *strength,
                manager: 0,
                teams: Vec::new(),
                reps: Vec::new(),
                customers: Vec::new(),
            });
        }
        let n = rows.finish().await?;
        self.done("branches", n);

        let mut rows = self.bulk("career_levels", &["id", "code", "name", "rank", "description"]);
        for (i, (code, name)) in CAREER_LEVELS.iter().enumerate() {
            let id = i as i32 + 1;
            let description = format!("职级 {code}:{name}");
            rows.row(&[
                id.into(),
                (*code).into(),
                (*name).into(),
                id.into(),
                description.as_str().into(),
            ])
            .await?;
            self.level_ids.push(id);
        }
        let n = rows.finish().await?;
        self.done("career_levels", n);

        let mut rows = self.bulk("teams", &["id", "branch_id", "name"]);
        let mut team_id = 0;
        for b in 0..self.branches.len() {
            for name in TEAMS {
                team_id += 1;
                let branch_id = self.branches[b].id;
                rows.row(&[team_id.into(), branch_id.into(), (*name).into()]).await?;
                self.branches[b].teams.push(team_id);
            }
        }
        let n = rows.finish().await?;
        self.done("teams", n);

        self.employees().await?;
        self.accounts().await
    }

    async fn employees(&mut self) -> Result<(), DbErr> {
        let mut rows = self.bulk(
            "employees",
            &[
                "id",
                "employee_no",
                "name",
                "branch_id",
                "team_id",
                "title",
                "career_level_id",
                "hire_date",
                "status",
                "email",
                "phone",
            ],
        );
        let mut id = 0i32;
        // (branch index, team id, title, level index) of every employee, HQ first.
        let mut people: Vec<(Option<usize>, Option<i32>, &str, usize)> =
            HQ_STAFF.iter().map(|(title, level)| (None, None, *title, *level)).collect();
        for (b, branch) in self.branches.iter().enumerate() {
            people.push((Some(b), None, "分公司总经理", 3));
            for team in &branch.teams {
                for seat in 0..REPS_PER_TEAM {
                    let (title, level) = match seat {
                        0 => ("销售主管", 2),
                        1 | 2 => ("高级销售代表", 1),
                        _ => ("销售代表", 0),
                    };
                    people.push((Some(b), Some(*team), title, level));
                }
            }
        }
        for (branch, team, title, level) in people {
            id += 1;
            // Hired 2 to 14 years before the end of the data.
            let hire = NaiveDate::from_ymd_opt(
                self.as_of.year() - 14 + self.rng.random_range(0..12),
                self.rng.random_range(1..=12),
                self.rng.random_range(1..=28),
            );
            // One rep in every 25 is on leave: still an employee, still owns customers.
            let status = if id % 25 == 0 { "ON_LEAVE" } else { "ACTIVE" };
            let no = format!("E{id:05}");
            let email = format!("{}@salesgraph.example", no.to_lowercase());
            let phone = format!("138{:08}", 10_000_000 + id * 7919);
            let branch_id = branch.map(|b| self.branches[b].id);
            rows.row(&[
                id.into(),
                no.as_str().into(),
                person(id as usize * 13 + 5).as_str().into(),
                branch_id.into(),
                team.into(),
                title.into(),
                self.level_ids[level].into(),
                hire.into(),
                status.into(),
                email.as_str().into(),
                phone.as_str().into(),
            ])
            .await?;
            self.employee_levels.push(level);
            self.employee_hires.push(hire.unwrap_or(self.months[0]));
            match (branch, team) {
                (None, _) => self.hq.push(id),
                (Some(b), None) => self.branches[b].manager = id,
                (Some(b), Some(team)) => self.branches[b].reps.push((id, team)),
            }
        }
        let n = rows.finish().await?;
        self.done("employees", n);

        // Managers, liaisons and team leaders point at employees, who point at branches and
        // teams: the links are set once both exist.
        for branch in &self.branches {
            let liaison = branch.reps.first().map_or(branch.manager, |(rep, _)| *rep);
            self.conn
                .execute_unprepared(&format!(
                    "UPDATE branches SET manager_id = {}, liaison_id = {liaison} WHERE id = {}",
                    branch.manager, branch.id
                ))
                .await?;
            for team in &branch.teams {
                let leader =
                    branch.reps.iter().find(|(_, t)| t == team).map_or(branch.manager, |r| r.0);
                self.conn
                    .execute_unprepared(&format!(
                        "UPDATE teams SET leader_id = {leader} WHERE id = {team}"
                    ))
                    .await?;
            }
        }
        Ok(())
    }

    async fn accounts(&mut self) -> Result<(), DbErr> {
        let branch = |code: &str| self.branches.iter().position(|b| b.code == code).unwrap_or(0);
        let (sh, gz) = (branch("SH"), branch("GZ"));
        let sh_rep = self.branches[sh].reps.first().map_or(0, |r| r.0);
        // username, display name, employee, role, scope, region, branch
        type Account =
            (&'static str, &'static str, i32, &'static str, &'static str, Option<i32>, Option<i32>);
        let accounts: Vec<Account> = vec![
            ("admin", "系统管理员", self.hq[0], "HQ_ADMIN", "ALL", None, None),
            ("analyst", "总部数据分析师", self.hq[2], "HQ_ANALYST", "ALL", None, None),
            (
                "east",
                "华东大区总监",
                self.hq[5],
                "HQ_ANALYST",
                "REGION",
                Some(self.region_ids[0]),
                None,
            ),
            (
                "mgr.sh",
                "上海分公司总经理",
                self.branches[sh].manager,
                "BRANCH_MANAGER",
                "BRANCH",
                None,
                Some(self.branches[sh].id),
            ),
            (
                "mgr.gz",
                "广州分公司总经理",
                self.branches[gz].manager,
                "BRANCH_MANAGER",
                "BRANCH",
                None,
                Some(self.branches[gz].id),
            ),
            (
                "rep.sh",
                "上海销售代表",
                sh_rep,
                "SALES_REP",
                "OWN",
                None,
                Some(self.branches[sh].id),
            ),
        ];
        let mut rows = self.bulk(
            "user_accounts",
            &[
                "id",
                "username",
                "username_key",
                "password_hash",
                "display_name",
                "employee_id",
                "role",
                "scope",
                "region_id",
                "branch_id",
                "is_active",
            ],
        );
        let hash = self.password_hash.clone();
        for (i, (username, display, employee, role, scope, region, branch)) in
            accounts.iter().enumerate()
        {
            rows.row(&[
                (i as i32 + 1).into(),
                (*username).into(),
                crate::accounts::username_key(username).as_str().into(),
                hash.as_str().into(),
                (*display).into(),
                (*employee).into(),
                (*role).into(),
                (*scope).into(),
                (*region).into(),
                (*branch).into(),
                true.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("user_accounts", n);
        self.admin_user = 1;

        // A revoked integrator key of a BI tool. It never had a secret ("!" matches no hash):
        // it shows the shape of the table; real keys are issued through the API.
        let mut rows = self.bulk(
            "api_keys",
            &[
                "id",
                "name",
                "prefix",
                "key_hash",
                "role",
                "scope",
                "created_by_id",
                "expires_at",
                "revoked_at",
            ],
        );
        let expires = self.at(self.as_of, 0, 0) + chrono::Duration::days(365);
        rows.row(&[
            1.into(),
            "BI 看板集成(已吊销)".into(),
            "sgk_demo".into(),
            "!".into(),
            "INTEGRATOR".into(),
            "ALL".into(),
            self.admin_user.into(),
            V::T(expires),
            V::T(self.stamp),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("api_keys", n);
        Ok(())
    }
}
