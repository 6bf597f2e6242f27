//! Collaboration (内部协作): projects and their tasks.

use chrono::Duration;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::{Bulk, V};
use super::names::WEAK_BRANCH;

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn collaboration(&mut self) -> Result<(), DbErr> {
        let projects = [
            "华东大客户攻坚计划",
            "政企国产化替代专项",
            "渠道伙伴赋能项目",
            "客户满意度提升行动",
            "新品上市推广",
            "天津分公司业绩提升专项",
        ];
        let mut rows = self.bulk(
            "projects",
            &[
                "id",
                "name",
                "description",
                "branch_id",
                "owner_id",
                "status",
                "starts_on",
                "ends_on",
            ],
        );
        let mut tasks = self.bulk(
            "tasks",
            &[
                "id",
                "project_id",
                "branch_id",
                "title",
                "description",
                "assignee_id",
                "creator_id",
                "priority",
                "status",
                "due_date",
                "completed_at",
            ],
        );
        let mut task_id = 0;
        for (i, name) in projects.iter().enumerate() {
            let id = i as i32 + 1;
            let b = if name.starts_with("天津") {
                self.branches.iter().position(|b| b.code == WEAK_BRANCH).unwrap_or(0)
            } else {
                i * 3 % self.branches.len()
            };
            let starts = self.months[self.months.len() - 8 + i];
            let done = i < 2;
            let ends = done.then(|| starts + Duration::days(120));
            // The product launch is run by HQ for the whole company.
            let branch = (*name != "新品上市推广").then_some(self.branches[b].id);
            rows.push(&[
                id.into(),
                (*name).into(),
                format!("{name}:跨部门协作推进").as_str().into(),
                branch.into(),
                self.branches[b].manager.into(),
                if done { "DONE" } else { "ACTIVE" }.into(),
                starts.into(),
                ends.into(),
            ])?;
            let staff = self.staff(b);
            for k in 0..7 {
                task_id += 1;
                let due = starts + Duration::days(20 * (k as i64 + 1));
                let status = if done || due < self.as_of - Duration::days(10) {
                    "DONE"
                } else if k % 3 == 0 {
                    "IN_PROGRESS"
                } else {
                    "TODO"
                };
                let completed =
                    (status == "DONE").then(|| self.at(due - Duration::days(2), 17, 30));
                let priority = ["LOW", "NORMAL", "HIGH", "URGENT"][k % 4];
                let title = [
                    "梳理目标客户清单",
                    "制定拜访计划",
                    "准备解决方案材料",
                    "组织客户交流会",
                    "跟进报价与合同",
                    "复盘与总结",
                    "更新 CRM 商机阶段",
                ][k];
                tasks.push(&[
                    task_id.into(),
                    id.into(),
                    branch.into(),
                    title.into(),
                    V::Null,
                    staff[1 + k % (staff.len() - 1)].into(),
                    staff[0].into(),
                    priority.into(),
                    status.into(),
                    due.into(),
                    completed.into(),
                ])?;
            }
            Bulk::flush_together(&mut [&mut rows, &mut tasks]).await?;
        }
        for (table, writer) in [("projects", rows), ("tasks", tasks)] {
            let n = writer.finish().await?;
            self.done(table, n);
        }
        Ok(())
    }
}
