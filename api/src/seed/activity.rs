//! The rest of the model: communication (高效沟通), training (培训与发展), customer
//! relationship and service (客户关系, 产品与服务), collaboration (内部协作), competition
//! (竞争分析), the audit entry of the seed itself and a queued report request.

use chrono::{Datelike, Duration, NaiveDate};
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::{Bulk, V};
use super::names::{CATEGORIES, WEAK_BRANCH};
use super::{Seeder, last_day};

impl<C: ConnectionTrait> Seeder<'_, C> {
    /// All employees of branch `b`: the manager, then the reps.
    fn staff(&self, b: usize) -> Vec<i32> {
        let branch = &self.branches[b];
        std::iter::once(branch.manager).chain(branch.reps.iter().map(|r| r.0)).collect()
    }

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
            let day = self.any_day();
            let at = self.office_time(day);
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

    pub(super) async fn training(&mut self) -> Result<(), DbErr> {
        let courses = [
            ("ONB-101", "新员工入职培训", "ONBOARDING", 16, true),
            ("PRD-201", "网络产品线知识", "PRODUCT", 8, true),
            ("PRD-202", "服务器与存储方案", "PRODUCT", 8, false),
            ("SKL-301", "顾问式销售技巧", "SALES_SKILL", 12, true),
            ("SKL-302", "大客户谈判策略", "SALES_SKILL", 8, false),
            ("SVC-401", "客户服务与投诉处理", "SERVICE", 6, false),
            ("MGT-501", "销售团队管理", "MANAGEMENT", 12, false),
            ("SKL-303", "竞品分析与应对", "SALES_SKILL", 4, false),
        ];
        let mut rows = self.bulk(
            "courses",
            &["id", "code", "title", "category", "hours", "is_mandatory", "description"],
        );
        for (i, (code, title, category, hours, mandatory)) in courses.iter().enumerate() {
            let description = format!("{title}({hours} 学时)");
            rows.row(&[
                (i as i32 + 1).into(),
                (*code).into(),
                (*title).into(),
                (*category).into(),
                Decimal::from(*hours).into(),
                (*mandatory).into(),
                description.as_str().into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("courses", n);

        let mut sessions = self.bulk(
            "training_sessions",
            &[
                "id",
                "course_id",
                "branch_id",
                "trainer",
                "starts_at",
                "ends_at",
                "location",
                "capacity",
                "status",
            ],
        );
        let mut enrollments = self.bulk(
            "enrollments",
            &["id", "session_id", "employee_id", "status", "score", "completed_at"],
        );
        let (mut session_id, mut enrollment_id) = (0, 0);
        for (c, (_, _, _, hours, _)) in courses.iter().enumerate() {
            for k in 0..3 {
                session_id += 1;
                let b = (c * 3 + k) % self.branches.len();
                let month = self.months[(c * 5 + k * 9 + 3) % self.months.len()];
                let day = self.day_in(month);
                let starts = self.at(day, 9, 30);
                let done = day < self.as_of;
                sessions.push(&[
                    session_id.into(),
                    (c as i32 + 1).into(),
                    self.branches[b].id.into(),
                    "总部培训中心讲师".into(),
                    V::T(starts),
                    V::T(starts + Duration::hours(i64::from(*hours))),
                    format!("{}培训室", self.branches[b].city).as_str().into(),
                    20.into(),
                    if done { "DONE" } else { "PLANNED" }.into(),
                ])?;
                for employee in self.staff(b).into_iter().skip(1).take(8) {
                    enrollment_id += 1;
                    let (status, score, completed) = if !done {
                        ("ENROLLED", None, None)
                    } else if self.rng.random_range(0..20) == 0 {
                        ("FAILED", Some(Decimal::from(self.rng.random_range(40..60))), None)
                    } else {
                        (
                            "COMPLETED",
                            Some(Decimal::from(self.rng.random_range(70..100))),
                            Some(starts + Duration::hours(i64::from(*hours))),
                        )
                    };
                    enrollments.push(&[
                        enrollment_id.into(),
                        session_id.into(),
                        employee.into(),
                        status.into(),
                        score.into(),
                        completed.into(),
                    ])?;
                }
                Bulk::flush_together(&mut [&mut sessions, &mut enrollments]).await?;
            }
        }
        for (table, writer) in [("training_sessions", sessions), ("enrollments", enrollments)] {
            let n = writer.finish().await?;
            self.done(table, n);
        }

        // Everyone above the first level was promoted into it.
        let mut rows = self.bulk(
            "promotion_records",
            &[
                "id",
                "employee_id",
                "from_level_id",
                "to_level_id",
                "effective_on",
                "reason",
                "approved_by_id",
            ],
        );
        let mut id = 0;
        for (e, level) in self.employee_levels.clone().iter().enumerate() {
            if *level == 0 {
                continue;
            }
            id += 1;
            let day = self.months[0] - Duration::days(30 + (e as i64 * 37) % 700);
            rows.row(&[
                id.into(),
                (e as i32 + 1).into(),
                self.level_ids[level - 1].into(),
                self.level_ids[*level].into(),
                day.into(),
                "年度考核优秀,晋升一级".into(),
                self.hq[0].into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("promotion_records", n);
        Ok(())
    }

    pub(super) async fn service(&mut self) -> Result<(), DbErr> {
        let mut rows = self.bulk(
            "interactions",
            &[
                "id",
                "customer_id",
                "contact_id",
                "employee_id",
                "kind",
                "occurred_at",
                "summary",
                "next_step",
            ],
        );
        let kinds = [
            ("VISIT", "上门拜访,了解扩容需求"),
            ("CALL", "电话回访,确认到货与安装情况"),
            ("MEETING", "方案交流会,演示整体解决方案"),
            ("EVENT", "邀请参加新品发布会"),
            ("EMAIL", "发送报价单与产品资料"),
        ];
        for id in 1..=(3000 * self.scale) as i32 {
            let c = self.rng.random_range(0..self.customers.len());
            let (kind, summary) = *self.pick(&kinds);
            let day = self.any_day();
            let at = self.office_time(day);
            let next = (id % 3 == 0).then_some("两周内提交正式报价");
            rows.row(&[
                id.into(),
                self.customers[c].id.into(),
                V::Null,
                self.customers[c].owner.into(),
                kind.into(),
                V::T(at),
                summary.into(),
                next.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("interactions", n);

        let mut tickets = self.bulk(
            "service_tickets",
            &[
                "id",
                "ticket_no",
                "customer_id",
                "branch_id",
                "product_id",
                "order_id",
                "assignee_id",
                "subject",
                "description",
                "priority",
                "status",
                "opened_at",
                "sla_due_at",
                "resolved_at",
                "resolution",
                "satisfaction",
            ],
        );
        let subjects = [
            ("设备无法开机", "HIGH", 24),
            ("网络间歇性中断", "URGENT", 4),
            ("打印质量下降", "NORMAL", 72),
            ("软件授权激活失败", "NORMAL", 72),
            ("咨询扩容方案", "LOW", 120),
        ];
        let mut ticket_branch: Vec<(i32, usize, usize)> = Vec::new();
        for id in 1..=(600 * self.scale) as i32 {
            let b = self.rng.random_range(0..self.branches.len());
            let sample = &self.order_sample[b];
            let Some(&(order, c, ordered_at)) =
                sample.get(self.rng.random_range(0..sample.len().max(1)))
            else {
                continue;
            };
            let (subject, priority, sla_hours) = *self.pick(&subjects);
            let opened = ordered_at + Duration::days(self.rng.random_range(5..90));
            if opened.date_naive() > self.as_of {
                continue;
            }
            let sla_due = opened + Duration::hours(sla_hours);
            let weak = self.branches[b].code == WEAK_BRANCH;
            let age = (self.stamp - opened).num_hours();
            let took = self
                .rng
                .random_range(1..(sla_hours * if weak { 2 } else { 1 } + sla_hours / 2).max(2));
            let (status, resolved, resolution, satisfaction) = if took < age {
                let satisfied = self.rng.random_range(if took > sla_hours { 1..4 } else { 3..6 });
                (
                    if age - took > 240 { "CLOSED" } else { "RESOLVED" },
                    Some(opened + Duration::hours(took)),
                    Some("已更换故障部件并完成测试"),
                    Some(satisfied),
                )
            } else {
                (if took < age * 2 { "IN_PROGRESS" } else { "OPEN" }, None, None, None)
            };
            let product = self.products[(id as usize * 7) % self.products.len()].id;
            let ticket_no = format!("T{}{:07}", opened.year(), id);
            tickets
                .row(&[
                    id.into(),
                    ticket_no.as_str().into(),
                    self.customers[c].id.into(),
                    self.branches[b].id.into(),
                    product.into(),
                    order.into(),
                    self.customers[c].owner.into(),
                    subject.into(),
                    format!("客户报修:{subject}").as_str().into(),
                    priority.into(),
                    status.into(),
                    V::T(opened),
                    V::T(sla_due),
                    resolved.into(),
                    resolution.into(),
                    satisfaction.map(V::I).unwrap_or(V::Null),
                ])
                .await?;
            if resolved.is_some() {
                ticket_branch.push((id, b, c));
            }
        }
        let n = tickets.finish().await?;
        self.done("service_tickets", n);

        let mut surveys = self.bulk(
            "survey_responses",
            &[
                "id",
                "customer_id",
                "branch_id",
                "order_id",
                "ticket_id",
                "csat",
                "nps",
                "comment",
                "responded_at",
            ],
        );
        for id in 1..=(800 * self.scale) as i32 {
            let b = self.rng.random_range(0..self.branches.len());
            let weak = self.branches[b].code == WEAK_BRANCH;
            let sample = &self.order_sample[b];
            let Some(&(order, c, ordered_at)) =
                sample.get(self.rng.random_range(0..sample.len().max(1)))
            else {
                continue;
            };
            let ticket = (id % 4 == 0)
                .then(|| ticket_branch.get(id as usize % ticket_branch.len().max(1)))
                .flatten()
                .filter(|t| t.1 == b && t.2 == c)
                .map(|t| t.0);
            let csat = if weak {
                self.rng.random_range(1..=5).max(self.rng.random_range(1..=4))
            } else {
                self.rng.random_range(2..=5).max(self.rng.random_range(3..=5))
            };
            let nps = (csat * 2 + self.rng.random_range(-1..=0)).clamp(0, 10);
            let responded = ordered_at + Duration::days(self.rng.random_range(3..20));
            if responded.date_naive() > self.as_of {
                continue;
            }
            let comment = match csat {
                5 => "服务专业,响应及时",
                4 => "整体满意",
                3 => "一般,交付稍慢",
                _ => "售后响应太慢",
            };
            surveys
                .row(&[
                    id.into(),
                    self.customers[c].id.into(),
                    self.branches[b].id.into(),
                    order.into(),
                    ticket.into(),
                    V::I(csat),
                    V::I(nps),
                    comment.into(),
                    V::T(responded),
                ])
                .await?;
        }
        let n = surveys.finish().await?;
        self.done("survey_responses", n);

        let mut rows = self.bulk(
            "customer_feedback",
            &["id", "customer_id", "kind", "content", "status", "received_at", "handled_by_id"],
        );
        let kinds = [
            ("COMPLAINT", "发票开具延迟"),
            ("SUGGESTION", "希望提供季度使用报告"),
            ("PRAISE", "工程师服务态度很好"),
        ];
        for id in 1..=(100 * self.scale) as i32 {
            let c = self.rng.random_range(0..self.customers.len());
            let (kind, content) = *self.pick(&kinds);
            let day = self.any_day();
            let at = self.office_time(day);
            let handled = day + Duration::days(7) < self.as_of;
            rows.row(&[
                id.into(),
                self.customers[c].id.into(),
                kind.into(),
                content.into(),
                if handled { "ADDRESSED" } else { "OPEN" }.into(),
                V::T(at),
                handled.then_some(self.customers[c].owner).into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("customer_feedback", n);

        let mut rows = self.bulk(
            "product_feedback",
            &[
                "id",
                "product_id",
                "customer_id",
                "reported_by_id",
                "kind",
                "rating",
                "content",
                "received_at",
            ],
        );
        let kinds = [
            ("DEFECT", 2, "批次产品偶发死机"),
            ("FEATURE_REQUEST", 4, "希望支持远程集中管理"),
            ("PRAISE", 5, "性能稳定,性价比高"),
            ("OTHER", 3, "包装说明书需要更新"),
        ];
        for id in 1..=(100 * self.scale) as i32 {
            let p = self.products[self.rng.random_range(0..self.products.len())].id;
            let c = self.rng.random_range(0..self.customers.len());
            let (kind, rating, content) = *self.pick(&kinds);
            let day = self.any_day();
            let at = self.office_time(day);
            rows.row(&[
                id.into(),
                p.into(),
                self.customers[c].id.into(),
                self.customers[c].owner.into(),
                kind.into(),
                V::I(rating),
                content.into(),
                V::T(at),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("product_feedback", n);
        Ok(())
    }

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
            rows.push(&[
                id.into(),
                (*name).into(),
                format!("{name}:跨部门协作推进").as_str().into(),
                self.branches[b].id.into(),
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
                    self.branches[b].id.into(),
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

    pub(super) async fn competition(&mut self) -> Result<(), DbErr> {
        let mut products = self.bulk(
            "competitor_products",
            &[
                "id",
                "competitor_id",
                "name",
                "our_product_id",
                "category_id",
                "list_price",
                "notes",
            ],
        );
        let mut observations = self.bulk(
            "price_observations",
            &[
                "id",
                "competitor_product_id",
                "branch_id",
                "observed_by_id",
                "price",
                "observed_on",
                "source",
            ],
        );
        let (mut id, mut obs_id) = (0, 0);
        // Each competitor prices at its own level against ours.
        let levels = [0.86, 1.08, 0.97, 0.90, 0.94];
        for (k, competitor) in self.competitor_ids.clone().iter().enumerate() {
            for j in 0..4 {
                id += 1;
                let ours = &self.products[(k * 7 + j * 9) % self.products.len()];
                let (ours_id, category, our_price) = (ours.id, ours.category, ours.price);
                let level = levels[k % levels.len()];
                let list = super::yuan(f64::try_from(our_price).unwrap_or_default() * level);
                let name =
                    format!("{}{}", ["HR-", "DF-", "DX-", "HC-", "BY-"][k % 5], 100 + j * 10 + k);
                products.push(&[
                    id.into(),
                    (*competitor).into(),
                    name.as_str().into(),
                    ours_id.into(),
                    self.category_ids[category].into(),
                    list.into(),
                    format!("对标我方{}产品", CATEGORIES[category].1).as_str().into(),
                ])?;
                for (m, month) in self.months.clone().iter().enumerate() {
                    if m % 2 == 1 {
                        continue;
                    }
                    obs_id += 1;
                    let b = (k + j + m) % self.branches.len();
                    let drift = 1.0 - 0.004 * m as f64 * if k == 0 { 2.0 } else { 1.0 };
                    let noise = self.rng.random_range(0.97..1.03);
                    let price = super::yuan(
                        f64::try_from(our_price).unwrap_or_default() * level * drift * noise,
                    );
                    let day = self.day_in(*month);
                    observations.push(&[
                        obs_id.into(),
                        id.into(),
                        self.branches[b].id.into(),
                        self.branches[b].reps[0].0.into(),
                        price.into(),
                        day.into(),
                        if m % 4 == 0 { "客户提供报价单" } else { "公开招标结果" }.into(),
                    ])?;
                }
                Bulk::flush_together(&mut [&mut products, &mut observations]).await?;
            }
        }
        for (table, writer) in
            [("competitor_products", products), ("price_observations", observations)]
        {
            let n = writer.finish().await?;
            self.done(table, n);
        }

        let strategies = [
            (0, "PRICE", "中端交换机价格保护", "对华锐科技重点争夺项目启用特价审批,降幅不超过 8%"),
            (
                1,
                "DIFFERENTIATION",
                "政企整体解决方案",
                "以国产化整体方案对抗东方智联,突出交付与本地服务",
            ),
            (2, "SERVICE", "软件订阅增值服务", "订阅客户免费提供季度健康检查"),
            (
                3,
                "DIFFERENTIATION",
                "安防+网络一体化",
                "打包网络与安防方案,弱化海川电子单品价格优势",
            ),
            (4, "SERVICE", "西南区域 4 小时响应", "在成都、重庆建立备件库,承诺 4 小时上门"),
            (0, "SERVICE", "延保计划", "重点客户免费延保一年,应对竞品延保促销"),
        ];
        let mut rows = self.bulk(
            "competitive_strategies",
            &[
                "id",
                "competitor_id",
                "kind",
                "title",
                "description",
                "region_id",
                "branch_id",
                "owner_id",
                "starts_on",
                "ends_on",
                "status",
            ],
        );
        for (i, (competitor, kind, title, description)) in strategies.iter().enumerate() {
            let starts = self.months[4 + i * 3];
            let retired = i == 5;
            rows.row(&[
                (i as i32 + 1).into(),
                self.competitor_ids[*competitor].into(),
                (*kind).into(),
                (*title).into(),
                (*description).into(),
                self.region_ids[i % self.region_ids.len()].into(),
                V::Null,
                self.hq[1].into(),
                starts.into(),
                retired.then(|| starts + Duration::days(180)).into(),
                if retired { "RETIRED" } else { "ACTIVE" }.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("competitive_strategies", n);

        // Market size per region, category and quarter: about seven times our own sales.
        let mut rows = self.bulk(
            "market_size_estimates",
            &["id", "region_id", "category_id", "period_kind", "period_start", "amount", "source"],
        );
        let mut id = 0;
        let quarters: Vec<NaiveDate> =
            self.months.iter().copied().filter(|m| m.month0() % 3 == 0).collect();
        for (r, region) in self.region_ids.clone().iter().enumerate() {
            let strength: f64 =
                self.branches.iter().filter(|b| b.region_id == *region).map(|b| b.strength).sum();
            for (c, category) in self.category_ids.clone().iter().enumerate() {
                for q in &quarters {
                    id += 1;
                    let base = 3.0e6
                        * f64::from(self.scale)
                        * strength
                        * (1.0 + 0.1 * ((r + c) % 4) as f64);
                    let amount = Decimal::from(
                        (base * self.rng.random_range(0.95..1.05) / 10_000.0).round() as i64
                            * 10_000,
                    );
                    rows.row(&[
                        id.into(),
                        (*region).into(),
                        (*category).into(),
                        "QUARTER".into(),
                        (*q).into(),
                        amount.into(),
                        "第三方行业研究机构估算".into(),
                    ])
                    .await?;
                }
            }
        }
        let n = rows.finish().await?;
        self.done("market_size_estimates", n);
        Ok(())
    }

    pub(super) async fn audit(&mut self) -> Result<(), DbErr> {
        let changes = serde_json::json!({
            "scale": self.scale,
            "asOf": self.as_of.to_string(),
            "rows": self.summary.tables.iter().map(|(t, n)| (t.to_string(), *n)).collect::<std::collections::BTreeMap<_, _>>(),
        })
        .to_string();
        let mut rows = self.bulk_unstamped(
            "audit_log",
            &["id", "actor_user_id", "action", "entity", "entity_id", "changes", "occurred_at"],
        );
        rows.row(&[
            1.into(),
            V::Null,
            "seed.demo".into(),
            "database".into(),
            "demo".into(),
            changes.as_str().into(),
            V::T(self.stamp),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("audit_log", n);

        // HQ has asked for last month's company review. It waits in the queue for the report
        // runner; nothing pretends it has been rendered.
        let last_month = self.months[self.months.len() - 2];
        let params = format!(r#"{{"month":"{}","scope":"COMPANY"}}"#, last_month.format("%Y-%m"));
        let mut rows =
            self.bulk("report_runs", &["id", "kind", "params", "requester_user_id", "status"]);
        rows.row(&[
            1.into(),
            "monthly-review".into(),
            params.as_str().into(),
            self.admin_user.into(),
            "QUEUED".into(),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("report_runs", n);
        Ok(())
    }
}
