//! Competition (竞争分析): competitor products, price observations, competitive strategies
//! and market-size estimates.

use chrono::{Datelike, Duration, NaiveDate};
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::{Bulk, V};
use super::names::CATEGORIES;

impl<C: ConnectionTrait> Seeder<'_, C> {
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
                    let base = 2.25e7
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
}
