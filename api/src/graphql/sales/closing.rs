//! Mutations of opportunities: closing a deal as won or lost, with the competitors met on it.

use std::collections::HashSet;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesgraph_entities::enums::{
    CompetitionOutcome as ModelCompetitionOutcome, OpportunityStage, OpportunityStatus,
};
use salesgraph_entities::{competitors, opportunities, opportunity_competitors};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde_json::json;

use super::Opportunity;
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::CompetitionOutcome;
use crate::graphql::write::{self, Area, db_error, diff, optional_text, reference, target, text};
use crate::graphql::{audit, principal};
use crate::state::AppState;

/// The most competitors one closed deal may list.
const MAX_COMPETITORS: usize = 20;

/// How a deal ended.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum DealOutcome {
    /// The customer bought: status WON, stage CLOSED_WON, probability 100.
    Won,
    /// The deal is lost: status LOST, stage CLOSED_LOST, probability 0.
    Lost,
}

/// A competitor met on the deal and how the deal ended against it.
#[derive(InputObject)]
pub struct ClosingCompetitorInput {
    /// The competitor; each competitor at most once per deal.
    pub competitor_id: ID,
    /// WON or LOST against this competitor (PENDING is for open deals only).
    pub outcome: CompetitionOutcome,
    /// Notes on the competitor's offer, at most 500 characters, such as 报价低 15%.
    pub notes: Option<String>,
}

/// How an opportunity closes.
#[derive(InputObject)]
pub struct CloseOpportunityInput {
    /// WON or LOST.
    pub outcome: DealOutcome,
    /// Why the deal was lost, 2 to 500 characters, such as 价格高于竞品: required when LOST,
    /// refused when WON (a won deal has no lost reason).
    pub lost_reason: Option<String>,
    /// The competitors met on the deal, at most 20, each once: when given, they replace the
    /// competitors recorded so far (an empty list removes them all). When left out, the
    /// competitors recorded so far stay and those still PENDING take the deal's outcome.
    pub competitors: Option<Vec<ClosingCompetitorInput>>,
    /// When the deal closed; now by default. Not in the future (5 minutes of clock skew
    /// allowed) and not before the opportunity was created.
    pub closed_at: Option<DateTime<Utc>>,
}

/// Mutations of opportunities.
#[derive(Default)]
pub struct OpportunityMutation;

#[Object]
impl OpportunityMutation {
    /// Closes an OPEN opportunity as won or lost, if it is still at the version you read. It
    /// takes status WON or LOST, stage CLOSED_WON or CLOSED_LOST, probability 100 or 0, the
    /// closing time and (when lost) the reason; its competitors are replaced by those given
    /// or, when none are given, the PENDING ones take the deal's outcome, all in one
    /// transaction. HQ_ADMIN, BRANCH_MANAGER (its branch's deals) and SALES_REP (its own) may
    /// call it; a deal already WON or LOST is refused (BAD_USER_INPUT on `id`). Writes an
    /// audit entry `opportunity.close`.
    async fn close_opportunity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The opportunity.")] id: ID,
        #[graphql(desc = "The version of the opportunity you read.")] version: i32,
        input: CloseOpportunityInput,
    ) -> ApiResult<Opportunity> {
        let p = principal(ctx)?;
        write::require(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let lost_reason = match (input.outcome, input.lost_reason.as_deref().map(str::trim)) {
            (DealOutcome::Won, None | Some("")) => None,
            (DealOutcome::Won, Some(_)) => {
                return Err(ApiError::bad_input("lostReason", "a won deal has no lost reason"))
                    .gql();
            }
            (DealOutcome::Lost, None | Some("")) => {
                return Err(ApiError::bad_input("lostReason", "is required for a lost deal")).gql();
            }
            (DealOutcome::Lost, Some(reason)) => Some(text("lostReason", reason, 2, 500).gql()?),
        };
        let (status, stage, probability, deal_outcome) = match input.outcome {
            DealOutcome::Won => (
                OpportunityStatus::Won,
                OpportunityStage::ClosedWon,
                100,
                ModelCompetitionOutcome::Won,
            ),
            DealOutcome::Lost => (
                OpportunityStatus::Lost,
                OpportunityStage::ClosedLost,
                0,
                ModelCompetitionOutcome::Lost,
            ),
        };
        let closed_at = input.closed_at.unwrap_or(now);
        if closed_at > now + chrono::Duration::minutes(5) {
            return Err(ApiError::bad_input("closedAt", "is in the future")).gql();
        }
        // The competitors given, checked: (competitor, outcome, notes).
        let mut met = None;
        if let Some(list) = &input.competitors {
            if list.len() > MAX_COMPETITORS {
                let message = format!("at most {MAX_COMPETITORS} competitors");
                return Err(ApiError::bad_input("competitors", message)).gql();
            }
            let mut seen = HashSet::new();
            let mut rows = Vec::with_capacity(list.len());
            for (i, c) in list.iter().enumerate() {
                let field = |name: &str| format!("competitors[{i}].{name}");
                let competitor = reference::<competitors::Entity>(
                    db,
                    p,
                    &field("competitorId"),
                    &c.competitor_id,
                )
                .await
                .gql()?;
                if !seen.insert(competitor.id) {
                    return Err(ApiError::bad_input(&field("competitorId"), "is listed twice"))
                        .gql();
                }
                let outcome: ModelCompetitionOutcome = c.outcome.into();
                if outcome == ModelCompetitionOutcome::Pending {
                    return Err(ApiError::bad_input(
                        &field("outcome"),
                        "a closed deal is WON or LOST against each competitor",
                    ))
                    .gql();
                }
                let notes = optional_text(&field("notes"), c.notes.as_deref(), 500).gql()?;
                rows.push((competitor.id, outcome, notes));
            }
            met = Some(rows);
        }

        let txn = db.begin().await.gql()?;
        let before = target::<opportunities::Entity>(&txn, p, &id, "opportunity").await.gql()?;
        if before.status != OpportunityStatus::Open {
            let message = format!("the opportunity is already {}", before.status.to_value());
            return Err(ApiError::bad_input("id", message)).gql();
        }
        if closed_at < before.created_at {
            return Err(ApiError::bad_input("closedAt", "is before the opportunity was created"))
                .gql();
        }
        let changes = opportunities::ActiveModel {
            status: Set(status),
            stage: Set(stage),
            probability: Set(probability),
            closed_at: Set(Some(closed_at)),
            lost_reason: Set(lost_reason),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_versioned::<opportunities::Entity>(
            &txn, before.id, version, changes, "id",
        )
        .await
        .gql()?;

        let of_this = opportunity_competitors::Column::OpportunityId.eq(before.id);
        let competitors_before = opportunity_competitors::Entity::find()
            .filter(of_this.clone())
            .order_by_asc(opportunity_competitors::Column::Id)
            .all(&txn)
            .await
            .gql()?;
        match met {
            Some(rows) => {
                opportunity_competitors::Entity::delete_many()
                    .filter(of_this.clone())
                    .exec(&txn)
                    .await
                    .gql()?;
                let models = rows.into_iter().map(|(competitor_id, outcome, notes)| {
                    opportunity_competitors::ActiveModel {
                        id: NotSet,
                        opportunity_id: Set(before.id),
                        competitor_id: Set(competitor_id),
                        outcome: Set(outcome),
                        notes: Set(notes),
                        created_at: Set(now),
                        updated_at: Set(now),
                        version: Set(1),
                    }
                });
                opportunity_competitors::Entity::insert_many(models)
                    .exec(&txn)
                    .await
                    .map_err(|e| db_error(e, "competitors"))
                    .gql()?;
            }
            None => {
                let version_col = opportunity_competitors::Column::Version;
                opportunity_competitors::Entity::update_many()
                    .set(opportunity_competitors::ActiveModel {
                        outcome: Set(deal_outcome),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .col_expr(version_col, Expr::col(version_col).add(1))
                    .filter(of_this.clone())
                    .filter(
                        opportunity_competitors::Column::Outcome
                            .eq(ModelCompetitionOutcome::Pending),
                    )
                    .exec(&txn)
                    .await
                    .gql()?;
            }
        }
        let competitors_after = opportunity_competitors::Entity::find()
            .filter(of_this)
            .order_by_asc(opportunity_competitors::Column::Id)
            .all(&txn)
            .await
            .gql()?;

        let mut changes = diff(&before, &after);
        let summary = |rows: &[opportunity_competitors::Model]| -> Vec<serde_json::Value> {
            rows.iter()
                .map(|r| json!({ "competitor_id": r.competitor_id, "outcome": r.outcome, "notes": r.notes }))
                .collect()
        };
        let (was, now_met) = (summary(&competitors_before[..]), summary(&competitors_after[..]));
        if was != now_met {
            changes["competitors"] = json!({ "before": was, "after": now_met });
        }
        let entry =
            Entry::by(p, "opportunity.close", "opportunities", after.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Opportunity(after))
    }
}
