//! Mutations of opportunities: opening a deal, moving it through the open stages, and closing
//! it as won or lost with the competitors met on it.

use std::collections::HashSet;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{
    CompetitionOutcome as ModelCompetitionOutcome, OpportunityStage, OpportunityStatus, Role,
};
use salesgraph_entities::{
    competitors, customers, employees, opportunities, opportunity_competitors,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use super::Opportunity;
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::{CompetitionOutcome, OpportunityStage as Stage};
use crate::graphql::write::{
    self, Area, created, db_error, diff, money, optional_text, reference, target, text, within,
};
use crate::graphql::{audit, history, principal};
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

/// A new opportunity.
#[derive(InputObject)]
pub struct NewOpportunityInput {
    /// The customer; the deal belongs to the customer's branch.
    pub customer_id: ID,
    /// What is being sold, 2 to 100 characters, such as 2027 年度网络设备升级.
    pub name: String,
    /// Expected value in yuan (¥), at least 0.
    pub amount: Decimal,
    /// The day it is expected to close; not before today (business time zone).
    pub expected_close_date: NaiveDate,
    /// Where it stands (default LEAD); one of the open stages, not CLOSED_WON or CLOSED_LOST.
    pub stage: Option<Stage>,
    /// Chance of winning in percent, 0 to 100 (default: 10 for LEAD, 25 QUALIFIED, 50
    /// PROPOSAL, 75 NEGOTIATION).
    pub probability: Option<i32>,
    /// Who works it, an active employee of the customer's branch (default: the caller). A
    /// sales rep opens deals for themself only.
    pub owner_id: Option<ID>,
    /// Competitors already known to be in the running, each once: recorded as PENDING.
    pub competitor_ids: Option<Vec<ID>>,
    /// When the deal was opened, an RFC 3339 instant with its offset; now by default. Not in
    /// the future (5 minutes of clock skew allowed); more than 7 days back only in a history
    /// import (HQ_ADMIN or an API key with the import right), FORBIDDEN on `createdAt` for
    /// anyone else. A won deal's sales cycle runs from it to its close.
    pub created_at: Option<DateTime<Utc>>,
    /// How the deal ended, for a deal imported already closed: history import only (FORBIDDEN
    /// on `closing` for anyone else). What `closeOpportunity` takes, its fields named
    /// `closing.…` in errors; `closedAt` not before `createdAt`. Competitors given here replace
    /// `competitorIds`; when none are, those of `competitorIds` take the deal's outcome. The
    /// expected close date may then lie in the past, not before the day the deal was created.
    pub closing: Option<CloseOpportunityInput>,
}

/// Changes to an open opportunity; only the fields given change.
#[derive(InputObject)]
pub struct OpportunityChangesInput {
    /// What is being sold, 2 to 100 characters.
    pub name: Option<String>,
    /// Expected value in yuan (¥), at least 0.
    pub amount: Option<Decimal>,
    /// The day it is expected to close; not before today (business time zone).
    pub expected_close_date: Option<NaiveDate>,
    /// Where it stands, one of the open stages: deals close with `closeOpportunity`.
    pub stage: Option<Stage>,
    /// Chance of winning in percent, 0 to 100.
    pub probability: Option<i32>,
    /// Who works it, an active employee of the deal's branch (not for sales reps).
    pub owner_id: Option<ID>,
}

/// The probability a deal at `stage` gets when none is given.
fn usual_probability(stage: OpportunityStage) -> i32 {
    match stage {
        OpportunityStage::Lead => 10,
        OpportunityStage::Qualified => 25,
        OpportunityStage::Proposal => 50,
        OpportunityStage::Negotiation => 75,
        OpportunityStage::ClosedWon => 100,
        OpportunityStage::ClosedLost => 0,
    }
}

/// An open stage, else BAD_USER_INPUT on `stage`.
fn open_stage(stage: Stage) -> Result<OpportunityStage, ApiError> {
    let stage: OpportunityStage = stage.into();
    if matches!(stage, OpportunityStage::ClosedWon | OpportunityStage::ClosedLost) {
        return Err(ApiError::bad_input("stage", "deals close with closeOpportunity"));
    }
    Ok(stage)
}

/// The owner of a deal at `branch`: an active employee there, visible to the caller; a sales
/// rep may name only themself.
async fn deal_owner(
    db: &impl sea_orm::ConnectionTrait,
    p: &Principal,
    owner: &ID,
    branch: i32,
    imported: bool,
) -> Result<i32, ApiError> {
    let owner = reference::<employees::Entity>(db, p, "ownerId", owner).await?;
    if p.role == Role::SalesRep && Some(owner.id) != p.employee_id {
        return Err(ApiError::bad_input("ownerId", "a sales rep opens deals for themself only"));
    }
    // The owner of an imported deal may have left since.
    let active = owner.status == salesgraph_entities::enums::EmployeeStatus::Active;
    if owner.branch_id != Some(branch) || !(active || imported) {
        return Err(ApiError::bad_input(
            "ownerId",
            "must be an active employee of the deal's branch",
        ));
    }
    Ok(owner.id)
}

/// How a deal closes, checked: what `closeOpportunity` and a deal imported closed write.
struct Closing {
    status: OpportunityStatus,
    stage: OpportunityStage,
    probability: i32,
    /// What the competitors still PENDING become.
    deal_outcome: ModelCompetitionOutcome,
    lost_reason: Option<String>,
    closed_at: DateTime<Utc>,
    /// The competitors given, (competitor, outcome, notes); none keeps those recorded.
    met: Option<Vec<(i32, ModelCompetitionOutcome, Option<String>)>>,
}

/// Checks a closing: the lost reason, a close not in the future, the competitors. Every field
/// an error names starts with `prefix` (`closing.` for a new deal's closing).
async fn closing(
    db: &impl sea_orm::ConnectionTrait,
    p: &Principal,
    input: &CloseOpportunityInput,
    prefix: &str,
    now: DateTime<Utc>,
) -> Result<Closing, ApiError> {
    let f = |name: &str| format!("{prefix}{name}");
    let lost_reason = match (input.outcome, input.lost_reason.as_deref().map(str::trim)) {
        (DealOutcome::Won, None | Some("")) => None,
        (DealOutcome::Won, Some(_)) => {
            return Err(ApiError::bad_input(&f("lostReason"), "a won deal has no lost reason"));
        }
        (DealOutcome::Lost, None | Some("")) => {
            return Err(ApiError::bad_input(&f("lostReason"), "is required for a lost deal"));
        }
        (DealOutcome::Lost, Some(reason)) => Some(text(&f("lostReason"), reason, 2, 500)?),
    };
    let (status, stage, probability, deal_outcome) = match input.outcome {
        DealOutcome::Won => {
            (OpportunityStatus::Won, OpportunityStage::ClosedWon, 100, ModelCompetitionOutcome::Won)
        }
        DealOutcome::Lost => (
            OpportunityStatus::Lost,
            OpportunityStage::ClosedLost,
            0,
            ModelCompetitionOutcome::Lost,
        ),
    };
    let closed_at = input.closed_at.unwrap_or(now);
    if closed_at > now + history::CLOCK_SKEW {
        return Err(ApiError::bad_input(&f("closedAt"), "is in the future"));
    }
    let mut met = None;
    if let Some(list) = &input.competitors {
        if list.len() > MAX_COMPETITORS {
            let message = format!("at most {MAX_COMPETITORS} competitors");
            return Err(ApiError::bad_input(&f("competitors"), message));
        }
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let field = |name: &str| f(&format!("competitors[{i}].{name}"));
            let competitor =
                reference::<competitors::Entity>(db, p, &field("competitorId"), &c.competitor_id)
                    .await?;
            if !seen.insert(competitor.id) {
                return Err(ApiError::bad_input(&field("competitorId"), "is listed twice"));
            }
            let outcome: ModelCompetitionOutcome = c.outcome.into();
            if outcome == ModelCompetitionOutcome::Pending {
                return Err(ApiError::bad_input(
                    &field("outcome"),
                    "a closed deal is WON or LOST against each competitor",
                ));
            }
            let notes = optional_text(&field("notes"), c.notes.as_deref(), 500)?;
            rows.push((competitor.id, outcome, notes));
        }
        met = Some(rows);
    }
    Ok(Closing { status, stage, probability, deal_outcome, lost_reason, closed_at, met })
}

/// Mutations of opportunities.
#[derive(Default)]
pub struct OpportunityMutation;

#[Object]
impl OpportunityMutation {
    /// Opens an opportunity for a customer you may edit, in the customer's branch, with the
    /// competitors already known recorded as PENDING. HQ_ADMIN, BRANCH_MANAGER (its branch's
    /// customers) and SALES_REP (its own customers, owning the deal) may call it, and API keys
    /// with the import right. A history import may date it (`createdAt`) and bring it closed
    /// (`closing`). Writes an audit entry `opportunity.create`, or `opportunity.import` for a
    /// deal created more than 7 days back or closed.
    async fn create_opportunity(
        &self,
        ctx: &Context<'_>,
        input: NewOpportunityInput,
    ) -> ApiResult<Opportunity> {
        let p = principal(ctx)?;
        history::require_create(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let tz = state.settings().time_zone;
        let today = now.with_timezone(&tz).date_naive();
        let opened = history::happened_at(p, "createdAt", input.created_at, now).gql()?;
        let closed = match &input.closing {
            Some(c) => {
                history::import_only(p, "closing").gql()?;
                let closed = closing(db, p, c, "closing.", now).await.gql()?;
                if closed.closed_at < opened.at {
                    return Err(ApiError::bad_input(
                        "closing.closedAt",
                        "is before the opportunity was created (createdAt)",
                    ))
                    .gql();
                }
                Some(closed)
            }
            None => None,
        };
        let imported = opened.imported || closed.is_some();
        let customer =
            reference::<customers::Entity>(db, p, "customerId", &input.customer_id).await.gql()?;
        let name = text("name", &input.name, 2, 100).gql()?;
        let amount = money("amount", input.amount).gql()?;
        // An open deal is still expected to close; a closed one was, after it was created.
        let created_on = opened.at.with_timezone(&tz).date_naive();
        if closed.is_some() && input.expected_close_date < created_on {
            return Err(ApiError::bad_input(
                "expectedCloseDate",
                "is before the day the deal was created",
            ))
            .gql();
        }
        if closed.is_none() && input.expected_close_date < today {
            return Err(ApiError::bad_input("expectedCloseDate", "is in the past")).gql();
        }
        let stage = open_stage(input.stage.unwrap_or(Stage::Lead)).gql()?;
        let probability = match input.probability {
            Some(v) => within("probability", v, 0, 100).gql()?,
            None => usual_probability(stage),
        };
        let branch = customer.branch_id;
        let owner = match (&input.owner_id, p.employee_id) {
            (Some(owner), _) => deal_owner(db, p, owner, branch, imported).await.gql()?,
            (None, Some(me)) => {
                deal_owner(db, p, &ID::from(me.to_string()), branch, imported).await.gql()?
            }
            (None, None) => {
                return Err(ApiError::bad_input("ownerId", "is required: you are not an employee"))
                    .gql();
            }
        };
        let mut competitor_ids = Vec::new();
        for (i, c) in input.competitor_ids.iter().flatten().enumerate() {
            let field = format!("competitorIds[{i}]");
            if competitor_ids.len() >= MAX_COMPETITORS {
                let message = format!("at most {MAX_COMPETITORS} competitors");
                return Err(ApiError::bad_input("competitorIds", message)).gql();
            }
            let competitor = reference::<competitors::Entity>(db, p, &field, c).await.gql()?;
            if competitor_ids.contains(&competitor.id) {
                return Err(ApiError::bad_input(&field, "is listed twice")).gql();
            }
            competitor_ids.push(competitor.id);
        }
        // The competitors as recorded: PENDING on an open deal; on a closed one those given
        // with the closing, else the known ones with the deal's outcome.
        let met: Vec<(i32, ModelCompetitionOutcome, Option<String>)> = match &closed {
            Some(Closing { met: Some(rows), .. }) => rows.clone(),
            Some(c) => competitor_ids.iter().map(|&id| (id, c.deal_outcome, None)).collect(),
            None => competitor_ids
                .iter()
                .map(|&id| (id, ModelCompetitionOutcome::Pending, None))
                .collect(),
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let mut opportunity = opportunities::ActiveModel {
            id: NotSet,
            name: Set(name),
            customer_id: Set(customer.id),
            branch_id: Set(customer.branch_id),
            owner_id: Set(owner),
            stage: Set(stage),
            status: Set(OpportunityStatus::Open),
            amount: Set(amount),
            probability: Set(probability),
            expected_close_date: Set(input.expected_close_date),
            closed_at: Set(None),
            lost_reason: Set(None),
            created_at: Set(opened.at),
            updated_at: Set(now),
            version: Set(1),
        };
        if let Some(c) = closed {
            opportunity.status = Set(c.status);
            opportunity.stage = Set(c.stage);
            opportunity.probability = Set(c.probability);
            opportunity.closed_at = Set(Some(c.closed_at));
            opportunity.lost_reason = Set(c.lost_reason);
        }
        let opportunity = sea_orm::ActiveModelTrait::insert(opportunity, &txn).await.gql()?;
        if !met.is_empty() {
            let rows = met.iter().map(|(competitor_id, outcome, notes)| {
                opportunity_competitors::ActiveModel {
                    id: NotSet,
                    opportunity_id: Set(opportunity.id),
                    competitor_id: Set(*competitor_id),
                    outcome: Set(*outcome),
                    notes: Set(notes.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
            });
            opportunity_competitors::Entity::insert_many(rows)
                .exec(&txn)
                .await
                .map_err(|e| db_error(e, "competitorIds"))
                .gql()?;
        }
        let mut changes = created(&opportunity);
        // A closed deal's competitors have outcomes: recorded as `closeOpportunity` does.
        changes["competitors"] = if opportunity.status == OpportunityStatus::Open {
            json!({ "before": null, "after": competitor_ids })
        } else {
            let after: Vec<_> = met
                .iter()
                .map(|(id, outcome, notes)| json!({ "competitor_id": id, "outcome": outcome, "notes": notes }))
                .collect();
            json!({ "before": null, "after": after })
        };
        let action = history::action(imported, "opportunity.create", "opportunity.import");
        let entry = Entry::by(p, action, "opportunities", opportunity.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Opportunity(opportunity))
    }

    /// Changes an OPEN opportunity (name, amount, expected close, stage, probability, owner),
    /// if it is still at the version you read. A deal already WON or LOST is refused
    /// (BAD_USER_INPUT on `id`); closing is `closeOpportunity`. Writes an audit entry
    /// `opportunity.update`.
    async fn update_opportunity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The opportunity.")] id: ID,
        #[graphql(desc = "The version of the opportunity you read.")] version: i32,
        input: OpportunityChangesInput,
    ) -> ApiResult<Opportunity> {
        let p = principal(ctx)?;
        write::require(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let today = state.business_day(now);
        let mut changes = opportunities::ActiveModel { updated_at: Set(now), ..Default::default() };
        if let Some(name) = &input.name {
            changes.name = Set(text("name", name, 2, 100).gql()?);
        }
        if let Some(amount) = input.amount {
            changes.amount = Set(money("amount", amount).gql()?);
        }
        if let Some(date) = input.expected_close_date {
            if date < today {
                return Err(ApiError::bad_input("expectedCloseDate", "is in the past")).gql();
            }
            changes.expected_close_date = Set(date);
        }
        if let Some(stage) = input.stage {
            changes.stage = Set(open_stage(stage).gql()?);
        }
        if let Some(probability) = input.probability {
            changes.probability = Set(within("probability", probability, 0, 100).gql()?);
        }
        if input.owner_id.is_some() && p.role == Role::SalesRep {
            return Err(ApiError::Forbidden).gql();
        }
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<opportunities::Entity>(&txn, p, &id, "opportunity").await.gql()?;
        if before.status != OpportunityStatus::Open {
            let message = format!("the opportunity is already {}", before.status.to_value());
            return Err(ApiError::bad_input("id", message)).gql();
        }
        if let Some(owner) = &input.owner_id {
            changes.owner_id =
                Set(deal_owner(&txn, p, owner, before.branch_id, false).await.gql()?);
        }
        let after = write::update_versioned::<opportunities::Entity>(
            &txn, before.id, version, changes, "id",
        )
        .await
        .gql()?;
        let entry = Entry::by(p, "opportunity.update", "opportunities", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Opportunity(after))
    }

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
        let Closing { status, stage, probability, deal_outcome, lost_reason, closed_at, met } =
            closing(db, p, &input, "", now).await.gql()?;

        let txn = crate::db::begin_write(db).await.gql()?;
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
