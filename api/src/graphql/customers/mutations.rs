//! Mutations of the customer relationship: interactions with customers and their satisfaction
//! survey responses.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesgraph_entities::enums::{EmployeeStatus, Role};
use salesgraph_entities::{
    contacts, customers, employees, interactions, sales_orders, service_tickets, survey_responses,
};
use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::{NotSet, Set};

use super::{Interaction, SurveyResponse};
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::InteractionKind;
use crate::graphql::write::{self, Area, created, optional_text, reference, text, within};
use crate::graphql::{audit, history, principal};
use crate::state::AppState;

/// How far in the future a time may lie (clocks differ a little).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// A new interaction with a customer.
#[derive(InputObject)]
pub struct RecordInteractionInput {
    /// The customer met.
    pub customer_id: ID,
    /// The customer's contact person met, if any; must be a contact of that customer.
    pub contact_id: Option<ID>,
    /// The employee who had the interaction; by default the caller. A sales rep records
    /// only their own; a branch manager may name an employee of the customer's branch.
    pub employee_id: Option<ID>,
    /// Visit, call, meeting, event or email.
    pub kind: InteractionKind,
    /// When it took place; now by default. Not in the future (5 minutes of clock skew
    /// allowed).
    pub occurred_at: Option<DateTime<Utc>>,
    /// What was discussed, 2 to 2,000 characters, such as 拜访客户，演示新品.
    pub summary: String,
    /// The agreed next step, at most 500 characters, such as 两周内提交正式报价.
    pub next_step: Option<String>,
}

/// A customer's answer to a satisfaction survey. At least one of `csat` and `nps` is given.
#[derive(InputObject)]
pub struct RecordSurveyResponseInput {
    /// The customer who answered; the response counts for the customer's branch.
    pub customer_id: ID,
    /// The order the survey follows up, if any; must be an order of that customer.
    pub order_id: Option<ID>,
    /// The service ticket the survey follows up, if any; must be a ticket of that customer.
    pub ticket_id: Option<ID>,
    /// Satisfaction (CSAT), 1 (very dissatisfied) to 5 (very satisfied).
    pub csat: Option<i32>,
    /// Likelihood to recommend (NPS), 0 to 10.
    pub nps: Option<i32>,
    /// The customer's comment, at most 2,000 characters, such as 服务专业,响应及时.
    pub comment: Option<String>,
    /// When the customer answered, an RFC 3339 instant with its offset; now by default. Not in
    /// the future (5 minutes of clock skew allowed); more than 7 days back only in a history
    /// import (HQ_ADMIN or an API key with the import right), FORBIDDEN on `respondedAt` for
    /// anyone else.
    pub responded_at: Option<DateTime<Utc>>,
}

/// Mutations of the customer relationship.
#[derive(Default)]
pub struct CustomersMutation;

#[Object]
impl CustomersMutation {
    /// Records an interaction (visit, call, meeting, event or email) with a customer the
    /// caller may see. HQ_ADMIN, BRANCH_MANAGER and SALES_REP (for their own customers) may
    /// call it. The employee is the caller's own unless a manager or HQ_ADMIN names another
    /// employee of the customer's branch. Adds one interaction (version 1) and an audit entry
    /// `interaction.record`.
    async fn record_interaction(
        &self,
        ctx: &Context<'_>,
        input: RecordInteractionInput,
    ) -> ApiResult<Interaction> {
        let p = principal(ctx)?;
        write::require(p, Area::Crm).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let summary = text("summary", &input.summary, 2, 2000).gql()?;
        let next_step = optional_text("nextStep", input.next_step.as_deref(), 500).gql()?;
        let occurred_at = input.occurred_at.unwrap_or(now);
        if occurred_at > now + CLOCK_SKEW {
            return Err(ApiError::bad_input("occurredAt", "is in the future")).gql();
        }
        let customer =
            reference::<customers::Entity>(db, p, "customerId", &input.customer_id).await.gql()?;
        let contact_id = match &input.contact_id {
            Some(id) => {
                let contact = reference::<contacts::Entity>(db, p, "contactId", id).await.gql()?;
                if contact.customer_id != customer.id {
                    return Err(ApiError::bad_input(
                        "contactId",
                        "is not a contact of this customer",
                    ))
                    .gql();
                }
                Some(contact.id)
            }
            None => None,
        };
        let employee_id = match (&input.employee_id, p.role, p.employee_id) {
            (_, Role::SalesRep, Some(me)) => {
                if input.employee_id.as_ref().is_some_and(|id| id.as_str() != me.to_string()) {
                    return Err(ApiError::bad_input(
                        "employeeId",
                        "a sales rep records only their own interactions",
                    ))
                    .gql();
                }
                me
            }
            (Some(id), _, _) => {
                let employee =
                    reference::<employees::Entity>(db, p, "employeeId", id).await.gql()?;
                if employee.branch_id != Some(customer.branch_id) {
                    return Err(ApiError::bad_input(
                        "employeeId",
                        "must work at the customer's branch",
                    ))
                    .gql();
                }
                if employee.status == EmployeeStatus::Left {
                    return Err(ApiError::bad_input("employeeId", "has left the company")).gql();
                }
                employee.id
            }
            (None, _, Some(me)) => me,
            (None, _, None) => {
                return Err(ApiError::bad_input("employeeId", "is required")).gql();
            }
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let row = interactions::ActiveModel {
            id: NotSet,
            customer_id: Set(customer.id),
            contact_id: Set(contact_id),
            employee_id: Set(employee_id),
            kind: Set(input.kind.into()),
            occurred_at: Set(occurred_at),
            summary: Set(summary),
            next_step: Set(next_step),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let entry =
            Entry::by(p, "interaction.record", "interactions", row.id).with_changes(created(&row));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Interaction(row))
    }

    /// Records a customer's answer to a satisfaction survey, optionally following up one of
    /// the customer's orders or service tickets. HQ_ADMIN, BRANCH_MANAGER and SALES_REP (for
    /// their own customers) may call it, and API keys with the import right. Adds one survey
    /// response (version 1) counted for the customer's branch, and an audit entry
    /// `surveyResponse.record`, or `surveyResponse.import` when it is dated more than 7 days
    /// back.
    async fn record_survey_response(
        &self,
        ctx: &Context<'_>,
        input: RecordSurveyResponseInput,
    ) -> ApiResult<SurveyResponse> {
        let p = principal(ctx)?;
        history::require_create(p, Area::Crm).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        if input.csat.is_none() && input.nps.is_none() {
            return Err(ApiError::bad_input("csat", "give csat, nps or both")).gql();
        }
        let csat = input.csat.map(|v| within("csat", v, 1, 5)).transpose().gql()?;
        let nps = input.nps.map(|v| within("nps", v, 0, 10)).transpose().gql()?;
        let comment = optional_text("comment", input.comment.as_deref(), 2000).gql()?;
        let responded = history::happened_at(p, "respondedAt", input.responded_at, now).gql()?;
        let responded_at = responded.at;
        let customer =
            reference::<customers::Entity>(db, p, "customerId", &input.customer_id).await.gql()?;
        let order_id = match &input.order_id {
            Some(id) => {
                let order = reference::<sales_orders::Entity>(db, p, "orderId", id).await.gql()?;
                if order.customer_id != customer.id {
                    return Err(ApiError::bad_input("orderId", "is not an order of this customer"))
                        .gql();
                }
                Some(order.id)
            }
            None => None,
        };
        let ticket_id = match &input.ticket_id {
            Some(id) => {
                let ticket =
                    reference::<service_tickets::Entity>(db, p, "ticketId", id).await.gql()?;
                if ticket.customer_id != customer.id {
                    return Err(ApiError::bad_input(
                        "ticketId",
                        "is not a ticket of this customer",
                    ))
                    .gql();
                }
                Some(ticket.id)
            }
            None => None,
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let row = survey_responses::ActiveModel {
            id: NotSet,
            customer_id: Set(customer.id),
            branch_id: Set(customer.branch_id),
            order_id: Set(order_id),
            ticket_id: Set(ticket_id),
            // Both are within a small range, checked above.
            csat: Set(csat.map(|v| v as i16)),
            nps: Set(nps.map(|v| v as i16)),
            comment: Set(comment),
            responded_at: Set(responded_at),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let action =
            history::action(responded.imported, "surveyResponse.record", "surveyResponse.import");
        let entry = Entry::by(p, action, "survey_responses", row.id).with_changes(created(&row));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(SurveyResponse(row))
    }
}
