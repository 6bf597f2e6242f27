//! Mutations of early warning and response: acknowledging and resolving alerts, activating a
//! contingency plan and closing the activation with its outcome.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::Utc;
use salesgraph_entities::enums::{ActivationStatus, AlertStatus, LifecycleStatus, Role};
use salesgraph_entities::{alerts, branches, contingency_activations, contingency_plans};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveEnum, ActiveModelTrait, EntityTrait, QueryFilter};

use super::{Alert, ContingencyActivation};
use crate::audit::Entry;
use crate::auth::{Actor, Principal};
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::write::{self, created, reference, require_role, target, text};
use crate::graphql::{audit, principal};
use crate::scope::branch_writes;
use crate::state::AppState;

/// FORBIDDEN unless the alert is one the caller answers for: any for HQ, its branch's for a
/// branch manager (not company-wide ones).
async fn answerable(
    db: &impl sea_orm::ConnectionTrait,
    p: &Principal,
    alert: &alerts::Model,
) -> Result<(), ApiError> {
    let mine = alerts::Entity::find_by_id(alert.id)
        .filter(branch_writes(alerts::Column::BranchId, p))
        .one(db)
        .await?;
    mine.map(|_| ()).ok_or(ApiError::Forbidden)
}

/// A contingency plan put into action.
#[derive(InputObject)]
pub struct ActivateContingencyPlanInput {
    /// The plan; it must be ACTIVE.
    pub plan_id: ID,
    /// The alert that calls for it, if any; the activation then concerns the alert's branch.
    pub alert_id: Option<ID>,
    /// The branch it concerns; none for the whole company. Must agree with the alert's.
    pub branch_id: Option<ID>,
    /// Why, 2 to 1,000 characters, such as 天津分公司月度达成率低于 60%.
    pub reason: String,
}

/// Mutations of alerts and contingency plans.
#[derive(Default)]
pub struct AgilityMutation;

#[Object]
impl AgilityMutation {
    /// Acknowledges an OPEN alert, if it is still at the version you read: someone is on it.
    /// HQ_ADMIN and HQ_ANALYST may acknowledge any alert, a branch manager its branch's. The
    /// caller's account is recorded (none for an API key). Writes an audit entry `alert.acknowledge`.
    async fn acknowledge_alert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alert.")] id: ID,
        #[graphql(desc = "The version of the alert you read.")] version: i32,
    ) -> ApiResult<Alert> {
        let p = principal(ctx)?;
        require_role(p, &[Role::HqAdmin, Role::HqAnalyst, Role::BranchManager]).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<alerts::Entity>(&txn, p, &id, "alert").await.gql()?;
        answerable(&txn, p, &before).await.gql()?;
        if before.status != AlertStatus::Open {
            let message = format!("the alert is already {}", before.status.to_value());
            return Err(ApiError::bad_input("id", message)).gql();
        }
        let changes = alerts::ActiveModel {
            status: Set(AlertStatus::Acknowledged),
            // The account, not the employee: integrators' keys acknowledge anonymously.
            acknowledged_by_id: Set(match p.actor {
                Actor::User(account) => Some(account),
                Actor::ApiKey(_) | Actor::System => None,
            }),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_audited::<alerts::Entity>(
            ctx,
            &txn,
            p,
            "alert.acknowledge",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(Alert(after))
    }

    /// Resolves an OPEN or ACKNOWLEDGED alert (HQ_ADMIN), if it is still at the version you
    /// read. Writes an audit entry `alert.resolve`.
    async fn resolve_alert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alert.")] id: ID,
        #[graphql(desc = "The version of the alert you read.")] version: i32,
    ) -> ApiResult<Alert> {
        let p = principal(ctx)?;
        require_role(p, &[Role::HqAdmin]).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<alerts::Entity>(&txn, p, &id, "alert").await.gql()?;
        if before.status == AlertStatus::Resolved {
            return Err(ApiError::bad_input("id", "the alert is already RESOLVED")).gql();
        }
        let changes = alerts::ActiveModel {
            status: Set(AlertStatus::Resolved),
            resolved_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_audited::<alerts::Entity>(
            ctx,
            &txn,
            p,
            "alert.resolve",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(Alert(after))
    }

    /// Puts an ACTIVE contingency plan into action (HQ_ADMIN), for an alert or a branch or
    /// the whole company; the caller is recorded as who activated it. Writes an audit entry
    /// `contingencyActivation.create`.
    async fn activate_contingency_plan(
        &self,
        ctx: &Context<'_>,
        input: ActivateContingencyPlanInput,
    ) -> ApiResult<ContingencyActivation> {
        let p = principal(ctx)?;
        require_role(p, &[Role::HqAdmin]).gql()?;
        let by = p
            .employee_id
            .ok_or_else(|| ApiError::bad_input("planId", "only an employee activates a plan"))
            .gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let reason = text("reason", &input.reason, 2, 1000).gql()?;
        let plan =
            reference::<contingency_plans::Entity>(db, p, "planId", &input.plan_id).await.gql()?;
        if plan.status != LifecycleStatus::Active {
            let message = format!("the plan is {}, not ACTIVE", plan.status.to_value());
            return Err(ApiError::bad_input("planId", message)).gql();
        }
        let alert = match &input.alert_id {
            Some(id) => Some(reference::<alerts::Entity>(db, p, "alertId", id).await.gql()?),
            None => None,
        };
        let branch = match &input.branch_id {
            Some(id) => Some(reference::<branches::Entity>(db, p, "branchId", id).await.gql()?.id),
            None => None,
        };
        let branch = match (&alert, branch) {
            (Some(alert), Some(branch)) if alert.branch_id != Some(branch) => {
                return Err(ApiError::bad_input("branchId", "is not the alert's branch")).gql();
            }
            (Some(alert), None) => alert.branch_id,
            (_, branch) => branch,
        };
        let txn = crate::db::begin_write(db).await.gql()?;
        let activation = contingency_activations::ActiveModel {
            id: NotSet,
            plan_id: Set(plan.id),
            branch_id: Set(branch),
            alert_id: Set(alert.map(|a| a.id)),
            activated_by_id: Set(by),
            activated_at: Set(now),
            reason: Set(reason),
            status: Set(ActivationStatus::Active),
            closed_at: Set(None),
            outcome: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let entry =
            Entry::by(p, "contingencyActivation.create", "contingency_activations", activation.id)
                .with_changes(created(&activation));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ContingencyActivation(activation))
    }

    /// Closes an ACTIVE activation of a contingency plan with its outcome (HQ_ADMIN), if it is
    /// still at the version you read. Writes an audit entry `contingencyActivation.close`.
    async fn close_contingency_activation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activation.")] id: ID,
        #[graphql(desc = "The version of the activation you read.")] version: i32,
        #[graphql(desc = "What came of it, 2 to 2,000 characters.")] outcome: String,
    ) -> ApiResult<ContingencyActivation> {
        let p = principal(ctx)?;
        require_role(p, &[Role::HqAdmin]).gql()?;
        let outcome = text("outcome", &outcome, 2, 2000).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before =
            target::<contingency_activations::Entity>(&txn, p, &id, "contingency activation")
                .await
                .gql()?;
        if before.status != ActivationStatus::Active {
            return Err(ApiError::bad_input("id", "the activation is already CLOSED")).gql();
        }
        let changes = contingency_activations::ActiveModel {
            status: Set(ActivationStatus::Closed),
            closed_at: Set(Some(now)),
            outcome: Set(Some(outcome)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_audited::<contingency_activations::Entity>(
            ctx,
            &txn,
            p,
            "contingencyActivation.close",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(ContingencyActivation(after))
    }
}
