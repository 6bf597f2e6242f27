//! Communication (高效沟通): report templates, monthly branch reports, meetings with
//! attendees and action items, announcements, and market feedback from the field.

use chrono::{Datelike, Duration};
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::{Bulk, V};
use super::names::WEAK_BRANCH;
use super::{Seeder, last_day};

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn communication(&mut self) -> Result<(), DbErr> {
        let mut rows =
            self.bulk("report_templates", &["id", "name", "kind", "sections", "is_active"]);
        rows.row(&[
            1.into(),
            "分公司周报".into(),
            "WEEKLY".into(),
            "本周销售进展;重点客户动态;下周计划;需总部支持事项".into(),
            true.into(),
        ])
        .await?;
        rows.row(&[
            2.into(),
            "分公司月度经营报告".into(),
            "MONTHLY".into(),
            "经营概况;目标达成;市场与竞品;客户与服务;问题与对策;下月计划".into(),
            true.into(),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("report_templates", n);

        let mut reports = self.bulk(
            "branch_reports",
            &[
                "id",
                "branch_id",
                "template_id",
                "author_id",
                "kind",
                "period_start",
                "period_end",
                "title",
                "content",
                "status",
                "submitted_at",
                "reviewed_by_id",
                "reviewed_at",
                "hq_comment",
            ],
        );
        let mut id = 0;
        let last = self.months.len() - 1;
        for b in 0..self.branches.len() {
            for m in (last - 6)..=last {
                id += 1;
                let month = self.months[m];
                let branch = &self.branches[b];
                let revenue: Decimal = branch
                    .reps
                    .iter()
                    .filter_map(|(rep, _)| self.rep_revenue.get(&(*rep, m)))
                    .sum();
                let title =
                    format!("{}分公司 {}年{}月经营报告", branch.city, month.year(), month.month());
                let content = format!(
                    "一、经营概况:本月确认销售额 ¥{},重点推进政企与制造业客户。\n二、问题与对策:{}\n三、下月计划:巩固存量客户,加快商机转化。",
                    revenue.round_dp(2),
                    if branch.code == WEAK_BRANCH {
                        "达成率偏低,大客户流失,需总部支持价格政策。"
                    } else {
                        "竞品价格压力加大,以服务差异化应对。"
                    }
                );
                let report_due = self.at(last_day(month) + Duration::days(3), 18, 0);
                let reviewed_by = report_due + Duration::days(2);
                let (status, submitted, reviewed, comment) = match last - m {
                    _ if report_due > self.stamp => ("DRAFT", None, None, None),
                    1 => ("SUBMITTED", Some(report_due), None, None),
                    _ if reviewed_by > self.stamp => ("SUBMITTED", Some(report_due), None, None),
                    _ => (
                        "REVIEWED",
                        Some(report_due),
                        Some(report_due + Duration::days(2)),
                        Some("已阅。请关注回款与重点商机推进。"),
                    ),
                };
                reports
                    .row(&[
                        id.into(),
                        branch.id.into(),
                        2.into(),
                        branch.manager.into(),
                        "MONTHLY".into(),
                        month.into(),
                        last_day(month).into(),
                        title.as_str().into(),
                        content.as_str().into(),
                        status.into(),
                        submitted.into(),
                        reviewed.map(|_| self.hq[1]).into(),
                        reviewed.into(),
                        comment.into(),
                    ])
                    .await?;
            }
        }
        let n = reports.finish().await?;
        self.done("branch_reports", n);

        let mut meetings = self.bulk(
            "meetings",
            &[
                "id",
                "title",
                "kind",
                "branch_id",
                "organizer_id",
                "starts_at",
                "ends_at",
                "location",
                "minutes",
                "status",
            ],
        );
        let mut attendees =
            self.bulk("meeting_attendees", &["id", "meeting_id", "employee_id", "attended"]);
        let mut items = self.bulk(
            "action_items",
            &[
                "id",
                "meeting_id",
                "assignee_id",
                "description",
                "due_date",
                "status",
                "completed_at",
            ],
        );
        let (mut meeting_id, mut attendee_id, mut item_id) = (0, 0, 0);
        for m in (last - 11)..=last {
            let month = self.months[m];
            for b in 0..self.branches.len() {
                // A monthly HQ review with each branch, and one internal sales meeting.
                for (kind, title) in [
                    ("HQ_BRANCH", "总部-分公司月度经营分析会"),
                    ("BRANCH_INTERNAL", "分公司月度销售例会"),
                ] {
                    meeting_id += 1;
                    let day = (month + Duration::days(4 + b as i64 % 10)).min(last_day(month));
                    let starts = self.at(day, 14, 0);
                    let held = day < self.as_of;
                    let organizer =
                        if kind == "HQ_BRANCH" { self.hq[1] } else { self.branches[b].manager };
                    let minutes = held.then(|| {
                        format!(
                            "{}:回顾上月目标达成,明确本月重点客户与商机推进计划。",
                            self.branches[b].city
                        )
                    });
                    meetings.push(&[
                        meeting_id.into(),
                        format!("{}{title}", self.branches[b].city).as_str().into(),
                        kind.into(),
                        self.branches[b].id.into(),
                        organizer.into(),
                        V::T(starts),
                        V::T(starts + Duration::hours(2)),
                        if kind == "HQ_BRANCH" { "视频会议" } else { "分公司会议室" }.into(),
                        minutes.as_deref().into(),
                        if held { "HELD" } else { "SCHEDULED" }.into(),
                    ])?;
                    let staff = self.staff(b);
                    let invited: Vec<i32> = if kind == "HQ_BRANCH" {
                        vec![self.hq[1], self.branches[b].manager, staff[1]]
                    } else {
                        staff.iter().take(6).copied().collect()
                    };
                    for employee in &invited {
                        attendee_id += 1;
                        let attended = held && self.rng.random_range(0..10) < 9;
                        attendees.push(&[
                            attendee_id.into(),
                            meeting_id.into(),
                            (*employee).into(),
                            attended.into(),
                        ])?;
                    }
                    for text in ["跟进重点商机并更新阶段", "整理竞品报价信息报总部"]
                    {
                        item_id += 1;
                        let due = day + Duration::days(14);
                        let done = held && due < self.as_of;
                        let assignee = invited[item_id as usize % invited.len()];
                        let completed = done.then(|| self.at(due - Duration::days(1), 17, 0));
                        items.push(&[
                            item_id.into(),
                            meeting_id.into(),
                            assignee.into(),
                            text.into(),
                            due.into(),
                            if done { "DONE" } else { "OPEN" }.into(),
                            completed.into(),
                        ])?;
                    }
                    Bulk::flush_together(&mut [&mut meetings, &mut attendees, &mut items]).await?;
                }
            }
        }
        for (table, writer) in
            [("meetings", meetings), ("meeting_attendees", attendees), ("action_items", items)]
        {
            let n = writer.finish().await?;
            self.done(table, n);
        }

        let mut announcements = self.bulk(
            "announcements",
            &["id", "title", "body", "author_id", "priority", "published_at", "expires_at"],
        );
        let mut targets =
            self.bulk("announcement_targets", &["id", "announcement_id", "branch_id", "read_at"]);
        let notes = [
            (
                "关于下调网络设备渠道价格的通知",
                "为应对竞品降价,自下月起网络设备渠道价格下调 5%。",
                "HIGH",
            ),
            ("季度销售达成奖金发放说明", "上季度奖金已核定,将随本月工资发放。", "NORMAL"),
            ("新版 CRM 系统上线培训安排", "请各分公司组织销售人员参加线上培训。", "NORMAL"),
            ("年终冲刺动员", "距年底还有两个月,请各分公司确保全年目标达成。", "URGENT"),
            ("客户满意度回访要求", "所有结案工单须在 3 个工作日内完成回访。", "NORMAL"),
        ];
        let (mut target_id, mut ann_id) = (0, 0);
        for m in (last - 9)..=last {
            let (title, body, priority) = notes[m % notes.len()];
            ann_id += 1;
            let published = self.at(self.months[m] + Duration::days(1), 10, 0);
            announcements.push(&[
                ann_id.into(),
                title.into(),
                body.into(),
                self.hq[0].into(),
                priority.into(),
                V::T(published),
                V::T(published + Duration::days(60)),
            ])?;
            for b in 0..self.branches.len() {
                // Every other announcement goes to one region only.
                if ann_id % 2 == 0
                    && self.branches[b].region_id
                        != self.region_ids[ann_id as usize % self.region_ids.len()]
                {
                    continue;
                }
                target_id += 1;
                let read = (m < last).then(|| published + Duration::hours(3 + b as i64));
                targets.push(&[
                    target_id.into(),
                    ann_id.into(),
                    self.branches[b].id.into(),
                    read.into(),
                ])?;
            }
            Bulk::flush_together(&mut [&mut announcements, &mut targets]).await?;
        }
        for (table, writer) in [("announcements", announcements), ("announcement_targets", targets)]
        {
            let n = writer.finish().await?;
            self.done(table, n);
        }

        let mut feedback = self.bulk(
            "market_feedback",
            &[
                "id",
                "branch_id",
                "reported_by_id",
                "customer_id",
                "product_id",
                "category",
                "sentiment",
                "content",
                "reported_at",
            ],
        );
        let samples = [
            ("PRICE", "NEGATIVE", "客户反映我方报价高于竞品约 10%"),
            ("QUALITY", "POSITIVE", "客户认可设备稳定性,故障率低"),
            ("DEMAND", "POSITIVE", "客户计划明年扩容,预计增加采购"),
            ("COMPETITION", "NEGATIVE", "竞品提供免费延保,对我方形成压力"),
            ("SERVICE", "NEUTRAL", "客户希望缩短上门服务响应时间"),
        ];
        for id in 1..=(200 * self.scale) as i32 {
            let b = self.rng.random_range(0..self.branches.len());
            let c = *self.pick(&self.branches[b].customers.clone());
            let (category, sentiment, content) = *self.pick(&samples);
            let product = self.products[self.rng.random_range(0..self.products.len())].id;
            let (_, at) = self.any_moment();
            feedback
                .row(&[
                    id.into(),
                    self.branches[b].id.into(),
                    self.customers[c].owner.into(),
                    self.customers[c].id.into(),
                    product.into(),
                    category.into(),
                    sentiment.into(),
                    content.into(),
                    V::T(at),
                ])
                .await?;
        }
        let n = feedback.finish().await?;
        self.done("market_feedback", n);
        Ok(())
    }
}
