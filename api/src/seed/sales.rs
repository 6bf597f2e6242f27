//! Data (数据驱动): customers and contacts, orders and their lines.

use chrono::{Datelike, Duration};
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::{Bulk, V};
use super::names::{COMPANY_HEADS, INDUSTRIES, person};
use super::{CustomerInfo, ORDERS_PER_MONTH, Seeder};

/// Relative sales per calendar month: the Spring Festival dip, the mid-year and year-end peaks.
pub(crate) const SEASON: [f64; 12] =
    [0.85, 0.65, 0.95, 0.95, 1.0, 1.1, 0.95, 0.95, 1.05, 1.0, 1.1, 1.35];

/// Yearly growth of sales.
pub(crate) const GROWTH: f64 = 0.12;

/// Customers per branch at scale 1.
const CUSTOMERS_PER_BRANCH: u32 = 90;

/// Lines per order: 1 to 4, with these weights (mean 2.0).
const LINE_WEIGHTS: [u32; 4] = [40, 30, 20, 10];

/// Discounts in percent and their weights.
const DISCOUNTS: [(i64, u32); 5] = [(0, 40), (3, 20), (5, 20), (8, 12), (10, 8)];

/// Largest quantity of a line for a product of this list price (quantities are 1..=max).
pub(crate) fn max_quantity(price: Decimal) -> u32 {
    if price > Decimal::from(20_000) {
        3
    } else if price > Decimal::from(3_000) {
        8
    } else {
        30
    }
}

fn weighted<const N: usize>(roll: u32, weights: [u32; N]) -> usize {
    let mut acc = 0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if roll < acc {
            return i;
        }
    }
    N - 1
}

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn customers(&mut self) -> Result<(), DbErr> {
        let mut customers = self.bulk(
            "customers",
            &[
                "id",
                "code",
                "name",
                "branch_id",
                "owner_id",
                "segment",
                "industry",
                "city",
                "status",
                "acquired_on",
                "churned_on",
            ],
        );
        let mut contacts = self.bulk(
            "contacts",
            &["id", "customer_id", "name", "title", "phone", "email", "is_primary"],
        );
        let per_branch = CUSTOMERS_PER_BRANCH * self.scale;
        let (mut id, mut contact_id) = (0i32, 0i32);
        let first_month = self.months[0];
        for b in 0..self.branches.len() {
            for k in 0..per_branch {
                id += 1;
                let (industry, ending) = *self.pick(INDUSTRIES);
                let head = *self.pick(COMPANY_HEADS);
                let city = self.branches[b].city;
                let name = format!("{city}{head}{ending}");
                let segment = match (industry, self.rng.random_range(0..10)) {
                    ("政府", _) => "GOVERNMENT",
                    (_, 0..=2) => "ENTERPRISE",
                    (_, 3..=7) => "SMB",
                    _ => "DISTRIBUTOR",
                };
                let reps = &self.branches[b].reps;
                let owner = reps[k as usize % reps.len()].0;
                // Six in ten customers predate the data; the rest are won during it.
                let acquired_on = if self.rng.random_range(0..10) < 6 {
                    first_month - Duration::days(self.rng.random_range(30..1500))
                } else {
                    self.any_day()
                };
                let roll = self.rng.random_range(0..100);
                let (status, churned_on) = match roll {
                    0..=3 => ("PROSPECT", None),
                    4..=9 => {
                        let churn = self.any_day();
                        if churn > acquired_on + Duration::days(60) {
                            ("CHURNED", Some(churn))
                        } else {
                            ("ACTIVE", None)
                        }
                    }
                    _ => ("ACTIVE", None),
                };
                let code = format!("C{}{:06}", self.branches[b].code, k + 1);
                customers.push(&[
                    id.into(),
                    code.as_str().into(),
                    name.as_str().into(),
                    self.branches[b].id.into(),
                    owner.into(),
                    segment.into(),
                    industry.into(),
                    city.into(),
                    status.into(),
                    // A prospect has not been won yet: no acquisition day.
                    (status != "PROSPECT").then_some(acquired_on).into(),
                    churned_on.into(),
                ])?;
                for c in 0..(1 + self.rng.random_range(0..2)) {
                    contact_id += 1;
                    let title =
                        *self.pick(&["采购经理", "IT 主管", "总经理", "财务总监", "行政经理"]);
                    let phone = format!("139{:08}", (contact_id as u64 * 104_729) % 100_000_000);
                    let email = format!("contact{contact_id}@customer.example.cn");
                    contacts.push(&[
                        contact_id.into(),
                        id.into(),
                        person(contact_id as usize * 31 + 11).as_str().into(),
                        title.into(),
                        phone.as_str().into(),
                        email.as_str().into(),
                        (c == 0).into(),
                    ])?;
                }
                Bulk::flush_together(&mut [&mut customers, &mut contacts]).await?;
                self.branches[b].customers.push(self.customers.len());
                self.customers.push(CustomerInfo {
                    id,

                    owner,
                    acquired_on,
                    churned_on,
                    active: status != "PROSPECT",
                    name,
                });
            }
        }
        let n = customers.finish().await?;
        self.done("customers", n);
        let n = contacts.finish().await?;
        self.done("contacts", n);
        Ok(())
    }

    /// Expected orders of a branch of `strength` in the month starting `month`: its share of
    /// the company's orders, times the season, times growth measured from the middle of the
    /// order window (so that the whole window averages `ORDERS_PER_MONTH` per month at scale 1).
    pub(crate) fn planned_orders(&self, strength: f64, month: chrono::NaiveDate) -> f64 {
        let total_strength: f64 = self.branches.iter().map(|b| b.strength).sum();
        let first = self.months[0];
        let offset =
            (month.year() - first.year()) * 12 + month.month0() as i32 - first.month0() as i32;
        let years_from_middle = (f64::from(offset) - 11.5) / 12.0;
        ORDERS_PER_MONTH * f64::from(self.scale) * strength / total_strength
            * SEASON[month.month0() as usize]
            * (1.0 + GROWTH).powf(years_from_middle)
    }

    pub(super) async fn orders(&mut self) -> Result<(), DbErr> {
        let mut orders = self.bulk(
            "sales_orders",
            &[
                "id",
                "order_no",
                "customer_id",
                "branch_id",
                "salesperson_id",
                "ordered_at",
                "status",
                "total_amount",
                "currency",
            ],
        );
        let mut lines = self.bulk(
            "order_lines",
            &["id", "order_id", "product_id", "quantity", "unit_price", "discount_pct", "amount"],
        );
        let (mut order_id, mut line_id) = (0i32, 0i32);
        self.order_sample = vec![Vec::new(); self.branches.len()];
        let current = self.months.len() - 1;
        for (m, month) in self.months.clone().into_iter().enumerate() {
            let mut cut = 1.0;
            if m == current {
                let days = super::last_day(month).day() as f64;
                cut = f64::from(self.as_of.day()) / days;
            }
            for b in 0..self.branches.len() {
                let planned = self.planned_orders(self.branches[b].strength, month) * cut;
                let count = (planned * self.rng.random_range(0.93..1.07)).round() as u32;
                let mut seq = 0;
                for _ in 0..count {
                    let day = self.day_in(month);
                    let Some(c) = self.pick_customer(b, day) else { continue };
                    order_id += 1;
                    seq += 1;
                    let owner = self.customers[c].owner;
                    let salesperson = if self.rng.random_range(0..10) < 8 {
                        owner
                    } else {
                        self.pick(&self.branches[b].reps.clone()).0
                    };
                    let ordered_at = self.office_time(day);
                    let status = match (m == current, self.rng.random_range(0..100)) {
                        (true, 0..=4) => "DRAFT",
                        (_, 95..) => "CANCELLED",
                        _ => "CONFIRMED",
                    };
                    let mut total = Decimal::ZERO;
                    let line_count = weighted(self.rng.random_range(0..100), LINE_WEIGHTS) + 1;
                    for _ in 0..line_count {
                        line_id += 1;
                        let p = self.rng.random_range(0..self.products.len());
                        let price = self.products[p].price;
                        let quantity = self.rng.random_range(1..=max_quantity(price));
                        let discount = DISCOUNTS
                            [weighted(self.rng.random_range(0..100), DISCOUNTS.map(|d| d.1))]
                        .0;
                        let unit_price = (price * Decimal::new(100 - discount, 2)).round_dp(2);
                        let amount = unit_price * Decimal::from(quantity);
                        total += amount;
                        lines.push(&[
                            line_id.into(),
                            order_id.into(),
                            self.products[p].id.into(),
                            V::I(quantity.into()),
                            unit_price.into(),
                            Decimal::from(discount).into(),
                            amount.into(),
                        ])?;
                    }
                    let order_no = format!(
                        "SO{}{:02}{}{seq:06}",
                        month.year(),
                        month.month(),
                        self.branches[b].code
                    );
                    orders.push(&[
                        order_id.into(),
                        order_no.as_str().into(),
                        self.customers[c].id.into(),
                        self.branches[b].id.into(),
                        salesperson.into(),
                        V::T(ordered_at),
                        status.into(),
                        total.into(),
                        "CNY".into(),
                    ])?;
                    Bulk::flush_together(&mut [&mut orders, &mut lines]).await?;
                    if status == "CONFIRMED" {
                        *self.rep_revenue.entry((salesperson, m)).or_default() += total;
                    }
                    if order_id % 10 == 0 {
                        self.order_sample[b].push((order_id, c, ordered_at));
                    }
                }
            }
        }
        let n = orders.finish().await?;
        self.done("sales_orders", n);
        let n = lines.finish().await?;
        self.done("order_lines", n);
        Ok(())
    }

    /// A customer of branch `b` who can order on `day`: acquired, not churned, not a prospect.
    /// Larger customers (lower indexes) order more often.
    fn pick_customer(&mut self, b: usize, day: chrono::NaiveDate) -> Option<usize> {
        let list = &self.branches[b].customers;
        for _ in 0..8 {
            let r: f64 = self.rng.random();
            let c = list[((r * r) * list.len() as f64) as usize % list.len()];
            let customer = &self.customers[c];
            if customer.active
                && customer.acquired_on <= day
                && customer.churned_on.is_none_or(|churn| day < churn)
            {
                return Some(c);
            }
        }
        None
    }
}
