//! Mutations of the competition data: prices of competitor products observed in the field.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::{branches, competitor_products, price_observations};
use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::{NotSet, Set};

use super::PriceObservation;
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::write::{self, Area, created, db_error, money, reference, text};
use crate::graphql::{audit, principal};
use crate::state::AppState;

/// A price of a competitor product observed in the field.
#[derive(InputObject)]
pub struct RecordPriceObservationInput {
    /// The competitor product whose price was observed.
    pub competitor_product_id: ID,
    /// The price per unit in yuan (¥), greater than 0, at most two decimals.
    pub price: Decimal,
    /// The day the price was observed; today by default. Not in the future and at most two
    /// years back.
    pub observed_on: Option<NaiveDate>,
    /// Where the price comes from, 2 to 200 characters, such as 客户报价单 or 公开招标结果.
    pub source: Option<String>,
    /// The branch where the price was observed. Callers of a branch record for their own
    /// branch (leave it out or name it); HQ callers may name a branch in their scope or leave
    /// it out for a national observation.
    pub branch_id: Option<ID>,
}

/// Mutations of the competition domain.
#[derive(Default)]
pub struct CompetitionMutation;

#[Object]
impl CompetitionMutation {
    /// Records a price of a competitor product observed in the field, by the caller's
    /// employee, for the caller's branch (HQ: a branch of its choice, or none for a national
    /// observation). HQ_ADMIN, HQ_ANALYST, branch managers and sales reps may record prices;
    /// integrators may not.
    async fn record_price_observation(
        &self,
        ctx: &Context<'_>,
        input: RecordPriceObservationInput,
    ) -> ApiResult<PriceObservation> {
        let p = principal(ctx)?;
        write::require(p, Area::PriceObservations).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let today = state.business_day(now);
        let price = money("price", input.price).gql()?;
        if price <= Decimal::ZERO {
            return Err(ApiError::bad_input("price", "must be greater than 0")).gql();
        }
        let observed_on = input.observed_on.unwrap_or(today);
        if observed_on > today {
            return Err(ApiError::bad_input("observedOn", "is in the future")).gql();
        }
        if observed_on < today.checked_sub_months(Months::new(24)).unwrap_or(today) {
            return Err(ApiError::bad_input("observedOn", "is more than two years back")).gql();
        }
        let source = match input.source.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(text("source", s, 2, 200).gql()?),
        };
        let product = reference::<competitor_products::Entity>(
            db,
            p,
            "competitorProductId",
            &input.competitor_product_id,
        )
        .await
        .gql()?;
        let branch_id = match (p.branch_id, &input.branch_id) {
            (Some(mine), Some(id)) => {
                let branch = reference::<branches::Entity>(db, p, "branchId", id).await.gql()?;
                if branch.id != mine {
                    return Err(ApiError::bad_input("branchId", "must be your branch")).gql();
                }
                Some(mine)
            }
            (Some(mine), None) => Some(mine),
            (None, Some(id)) => {
                Some(reference::<branches::Entity>(db, p, "branchId", id).await.gql()?.id)
            }
            (None, None) => None,
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let observation = price_observations::ActiveModel {
            id: NotSet,
            competitor_product_id: Set(product.id),
            branch_id: Set(branch_id),
            observed_by_id: Set(p.employee_id),
            price: Set(price),
            observed_on: Set(observed_on),
            source: Set(source),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error(e, "competitorProductId"))
        .gql()?;
        let entry = Entry::by(p, "priceObservation.create", "price_observations", observation.id)
            .with_changes(created(&observation));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(PriceObservation(observation))
    }
}
