//! Customers and service (客户关系, 产品与服务): interactions, service tickets, surveys,
//! customer and product feedback.

use chrono::{Datelike, Duration};
use rand::RngExt;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::V;
use super::names::WEAK_BRANCH;

impl<C: ConnectionTrait> Seeder<'_, C> {
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
            let (_, at) = self.any_moment();
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
        // Resolved tickets: (id, branch, customer, order, resolved at), for follow-up surveys.
        let mut resolved_tickets: Vec<(i32, usize, usize, i32, chrono::DateTime<chrono::Utc>)> =
            Vec::new();
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
            // Most tickets close within their SLA; the weak branch misses it half the time.
            let longest = if weak { sla_hours * 2 } else { sla_hours + sla_hours / 5 };
            let took = self.rng.random_range(1..longest.max(2));
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
            if let Some(at) = resolved {
                resolved_tickets.push((id, b, c, order, at));
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
            // One survey in four follows up a resolved ticket; the others an order.
            let follow_up = (id % 4 == 0 && !resolved_tickets.is_empty())
                .then(|| resolved_tickets[(id as usize / 4) % resolved_tickets.len()]);
            let (b, c, order, ticket, after) = match follow_up {
                Some((ticket, b, c, order, resolved)) => (b, c, order, Some(ticket), resolved),
                None => {
                    let b = self.rng.random_range(0..self.branches.len());
                    let sample = &self.order_sample[b];
                    let Some(&(order, c, ordered_at)) =
                        sample.get(self.rng.random_range(0..sample.len().max(1)))
                    else {
                        continue;
                    };
                    (b, c, order, None, ordered_at)
                }
            };
            let weak = self.branches[b].code == WEAK_BRANCH;
            let csat = if weak {
                self.rng.random_range(1..=5).max(self.rng.random_range(1..=4))
            } else {
                self.rng.random_range(2..=5).max(self.rng.random_range(3..=5))
            };
            let nps = (csat * 2 + self.rng.random_range(-1..=0)).clamp(0, 10);
            let responded = after + Duration::days(self.rng.random_range(1..15));
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
            let (day, at) = self.any_moment();
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
            let (_, at) = self.any_moment();
            // One in five comes from a rep's own testing, without a customer; one in fifty
            // from an anonymous web form.
            let customer = (id % 5 != 0).then_some(self.customers[c].id);
            let reporter = (id % 50 != 0).then_some(self.customers[c].owner);
            rows.row(&[
                id.into(),
                p.into(),
                customer.into(),
                reporter.into(),
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
}
