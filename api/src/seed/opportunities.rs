//! Opportunities (商机) and the competitors met on them.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::{Bulk, V};
use super::names::CATEGORIES;

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn opportunities(&mut self) -> Result<(), DbErr> {
        let mut opps = self.bulk_unstamped(
            "opportunities",
            &[
                "id",
                "name",
                "customer_id",
                "branch_id",
                "owner_id",
                "stage",
                "status",
                "amount",
                "probability",
                "expected_close_date",
                "closed_at",
                "lost_reason",
                "created_at",
                "updated_at",
            ],
        );
        let mut met = self.bulk(
            "opportunity_competitors",
            &["id", "opportunity_id", "competitor_id", "outcome", "notes"],
        );
        let (mut id, mut met_id) = (0i32, 0i32);
        let per_branch = 150 * self.scale;
        let reasons = [
            "价格高于竞品",
            "客户选择了竞品方案",
            "客户预算取消",
            "交付周期不满足要求",
            "客户关系维护不足",
        ];
        for b in 0..self.branches.len() {
            let weak = self.branches[b].strength < 0.8;
            for _ in 0..per_branch {
                let c = *self.pick(&self.branches[b].customers.clone());
                let category = self.rng.random_range(0..CATEGORIES.len());
                id += 1;
                let name = format!(
                    "{} {}项目",
                    short_name(&self.customers[c].name),
                    CATEGORIES[category].1
                );
                let amount = Decimal::from(self.rng.random_range(20..800) * 1000);
                let closed = self.rng.random_range(0..10) < 6;
                let (stage, status, probability, created, closed_at, expected) = if closed {
                    let close_day = self.any_day();
                    let created = close_day - Duration::days(self.rng.random_range(20..150));
                    let win = self.rng.random_range(0..100) < if weak { 32 } else { 48 };
                    let (stage, status, p) =
                        if win { ("CLOSED_WON", "WON", 100) } else { ("CLOSED_LOST", "LOST", 0) };
                    (stage, status, p, created, Some(self.office_time(close_day)), close_day)
                } else {
                    let created = self.as_of - Duration::days(self.rng.random_range(5..120));
                    let (stage, p) = *self.pick(&[
                        ("LEAD", 10),
                        ("QUALIFIED", 25),
                        ("PROPOSAL", 50),
                        ("NEGOTIATION", 75),
                    ]);
                    (
                        stage,
                        "OPEN",
                        p,
                        created,
                        None,
                        self.as_of + Duration::days(self.rng.random_range(10..150)),
                    )
                };
                let created_at = self.office_time(created);
                let updated_at: DateTime<Utc> = closed_at.unwrap_or(created_at);
                let lost_reason = (status == "LOST").then(|| *self.pick(&reasons));
                opps.push(&[
                    id.into(),
                    name.as_str().into(),
                    self.customers[c].id.into(),
                    self.branches[b].id.into(),
                    self.customers[c].owner.into(),
                    stage.into(),
                    status.into(),
                    amount.into(),
                    V::I(probability),
                    expected.into(),
                    closed_at.into(),
                    lost_reason.into(),
                    V::T(created_at),
                    V::T(updated_at),
                ])?;
                if self.rng.random_range(0..100) < 65 {
                    let first = self.rng.random_range(0..self.competitor_ids.len());
                    let count = 1 + usize::from(self.rng.random_range(0..3) == 0);
                    for k in 0..count {
                        met_id += 1;
                        let competitor =
                            self.competitor_ids[(first + k) % self.competitor_ids.len()];
                        let outcome = match status {
                            "WON" => "WON",
                            "LOST" => "LOST",
                            _ => "PENDING",
                        };
                        let note =
                            format!("竞品报价约为我方的 {}%", self.rng.random_range(80..110));
                        met.push(&[
                            met_id.into(),
                            id.into(),
                            competitor.into(),
                            outcome.into(),
                            note.as_str().into(),
                        ])?;
                    }
                }
                Bulk::flush_together(&mut [&mut opps, &mut met]).await?;
            }
        }
        let n = opps.finish().await?;
        self.done("opportunities", n);
        let n = met.finish().await?;
        self.done("opportunity_competitors", n);
        Ok(())
    }
}

/// The distinctive part of a company name: the city and legal form stripped.
fn short_name(name: &str) -> String {
    name.chars().skip(2).take(2).collect()
}
