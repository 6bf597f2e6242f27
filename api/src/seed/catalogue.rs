//! The catalogue: product categories, products and competitors.

use chrono::Duration;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::V;
use super::names::{CATEGORIES, COMPETITORS};
use super::{ProductInfo, Seeder};

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn catalogue(&mut self) -> Result<(), DbErr> {
        let mut cats = self.bulk("product_categories", &["id", "code", "name", "parent_id"]);
        let mut products = self.bulk(
            "products",
            &[
                "id",
                "category_id",
                "sku",
                "name",
                "unit",
                "list_price",
                "cost_price",
                "status",
                "launched_on",
            ],
        );
        let mut product_id = 0;
        for (c, (code, name, items)) in CATEGORIES.iter().enumerate() {
            let category_id = c as i32 + 1;
            cats.row(&[category_id.into(), (*code).into(), (*name).into(), V::Null]).await?;
            self.category_ids.push(category_id);
            for (p, (pname, unit, price)) in items.iter().enumerate() {
                product_id += 1;
                let price = Decimal::from(*price);
                let cost = (price * Decimal::new(62 + (p as i64 * 3), 2)).round_dp(2);
                let sku = format!("{code}-{:03}", p + 1);
                let launched = self.months[0] - Duration::days(200 + 90 * p as i64);
                let status = if p == 5 && c == 0 { "DISCONTINUED" } else { "ACTIVE" };
                products
                    .row(&[
                        product_id.into(),
                        category_id.into(),
                        sku.as_str().into(),
                        (*pname).into(),
                        (*unit).into(),
                        price.into(),
                        cost.into(),
                        status.into(),
                        launched.into(),
                    ])
                    .await?;
                self.products.push(ProductInfo { id: product_id, category: c, price });
            }
        }
        let n = cats.finish().await?;
        self.done("product_categories", n);
        let n = products.finish().await?;
        self.done("products", n);

        let mut rows = self.bulk(
            "competitors",
            &["id", "name", "website", "headquarters", "strengths", "weaknesses", "threat_level"],
        );
        for (i, (name, hq, strengths, weaknesses, threat)) in COMPETITORS.iter().enumerate() {
            let id = i as i32 + 1;
            let website = format!("https://competitor{id}.example.cn");
            rows.row(&[
                id.into(),
                (*name).into(),
                website.as_str().into(),
                (*hq).into(),
                (*strengths).into(),
                (*weaknesses).into(),
                (*threat).into(),
            ])
            .await?;
            self.competitor_ids.push(id);
        }
        let n = rows.finish().await?;
        self.done("competitors", n);
        Ok(())
    }
}
