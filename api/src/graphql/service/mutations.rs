//! Mutations of after-sales service: opening and resolving service tickets.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{Datelike, Duration, Utc};
use salesgraph_entities::enums::{Priority as ModelPriority, Role, TicketStatus as ModelStatus};
use salesgraph_entities::{customers, employees, products, sales_orders, service_tickets};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveEnum, ActiveModelTrait};

use super::ServiceTicket;
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::Priority;
use crate::graphql::write::{self, Area, created, db_error, diff, reference, target, text, within};
use crate::graphql::{audit, principal};
use crate::state::AppState;

/// A new service ticket. Its branch is the customer's; its number, status (OPEN), opening
/// time and SLA due time are set by the server.
#[derive(InputObject)]
pub struct OpenTicketInput {
    /// The customer reporting the problem.
    pub customer_id: ID,
    /// The product concerned, if known.
    pub product_id: Option<ID>,
    /// The order the product was bought with, if known; must be an order of that customer.
    pub order_id: Option<ID>,
    /// The employee handling the ticket, who must work at the customer's branch. A sales
    /// rep's ticket is assigned to the rep (the default; they cannot name anyone else); for
    /// others it stays unassigned when left out.
    pub assignee_id: Option<ID>,
    /// A one-line summary of the problem, 2 to 200 characters, such as 网络间歇性中断.
    pub subject: String,
    /// The problem as the customer reported it, 1 to 5,000 characters.
    pub description: String,
    /// LOW, NORMAL, HIGH or URGENT; decides the SLA (see `openTicket`).
    pub priority: Priority,
}

/// Mutations of after-sales service.
#[derive(Default)]
pub struct ServiceMutation;

/// The hours a ticket of `priority` has to be resolved in, as in the demo data: URGENT 4 h,
/// HIGH 24 h, NORMAL 72 h, LOW 120 h.
pub fn sla_hours(priority: ModelPriority) -> i64 {
    match priority {
        ModelPriority::Urgent => 4,
        ModelPriority::High => 24,
        ModelPriority::Normal => 72,
        ModelPriority::Low => 120,
    }
}

#[Object]
impl ServiceMutation {
    /// Opens a service ticket for a customer the caller may see. HQ_ADMIN, BRANCH_MANAGER and
    /// SALES_REP (for their own customers; the ticket is assigned to them) may call it. The
    /// ticket is OPEN, opened now, numbered `T<year>-<7-digit id>` (such as `T2026-0000601`;
    /// the demo data's `T<year><id>` numbers have no dash, so the two never collide), and due
    /// by its SLA: URGENT 4 hours, HIGH 24, NORMAL 72, LOW 120 after opening. Writes an audit
    /// entry `ticket.open`.
    async fn open_ticket(
        &self,
        ctx: &Context<'_>,
        input: OpenTicketInput,
    ) -> ApiResult<ServiceTicket> {
        let p = principal(ctx)?;
        write::require(p, Area::Service).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let subject = text("subject", &input.subject, 2, 200).gql()?;
        let description = text("description", &input.description, 1, 5000).gql()?;
        let priority: ModelPriority = input.priority.into();
        let customer =
            reference::<customers::Entity>(db, p, "customerId", &input.customer_id).await.gql()?;
        let product_id = match &input.product_id {
            Some(id) => Some(reference::<products::Entity>(db, p, "productId", id).await.gql()?.id),
            None => None,
        };
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
        let assignee_id = match (&input.assignee_id, p.role, p.employee_id) {
            (_, Role::SalesRep, Some(me)) => {
                if input.assignee_id.as_ref().is_some_and(|id| id.as_str() != me.to_string()) {
                    return Err(ApiError::bad_input(
                        "assigneeId",
                        "a sales rep's tickets are assigned to themselves",
                    ))
                    .gql();
                }
                Some(me)
            }
            (Some(id), _, _) => {
                let assignee =
                    reference::<employees::Entity>(db, p, "assigneeId", id).await.gql()?;
                if assignee.branch_id != Some(customer.branch_id) {
                    return Err(ApiError::bad_input(
                        "assigneeId",
                        "must work at the customer's branch",
                    ))
                    .gql();
                }
                Some(assignee.id)
            }
            (None, _, _) => None,
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        let placeholder = format!("pending-{}", uuid::Uuid::new_v4().simple());
        let ticket = service_tickets::ActiveModel {
            id: NotSet,
            ticket_no: Set(placeholder),
            customer_id: Set(customer.id),
            branch_id: Set(customer.branch_id),
            product_id: Set(product_id),
            order_id: Set(order_id),
            assignee_id: Set(assignee_id),
            subject: Set(subject),
            description: Set(description),
            priority: Set(priority),
            status: Set(ModelStatus::Open),
            opened_at: Set(now),
            sla_due_at: Set(now + Duration::hours(sla_hours(priority))),
            resolved_at: Set(None),
            resolution: Set(None),
            satisfaction: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error(e, "ticketNo"))
        .gql()?;
        // The number is made from the id, so two tickets opened at once never collide.
        let ticket_no = format!("T{}-{:07}", now.year(), ticket.id);
        let mut numbered: service_tickets::ActiveModel = ticket.into();
        numbered.ticket_no = Set(ticket_no);
        let ticket = numbered.update(&txn).await.map_err(|e| db_error(e, "ticketNo")).gql()?;
        let entry = Entry::by(p, "ticket.open", "service_tickets", ticket.id)
            .with_changes(created(&ticket));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ServiceTicket(ticket))
    }

    /// Resolves an OPEN or IN_PROGRESS ticket, if it is still at the version you read: it
    /// becomes RESOLVED, resolved now, with the resolution and, when given, the customer's
    /// satisfaction. HQ_ADMIN, BRANCH_MANAGER (its branch's tickets) and SALES_REP (tickets
    /// assigned to them) may call it. A RESOLVED or CLOSED ticket is refused (BAD_USER_INPUT
    /// on `id`). Writes an audit entry `ticket.resolve`.
    async fn resolve_ticket(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ticket.")] id: ID,
        #[graphql(desc = "The version of the ticket you read.")] version: i32,
        #[graphql(
            desc = "What was done, 2 to 5,000 characters, such as 已更换故障部件并完成测试."
        )]
        resolution: String,
        #[graphql(
            desc = "The customer's satisfaction, 1 (very dissatisfied) to 5 (very satisfied)."
        )]
        satisfaction: Option<i32>,
    ) -> ApiResult<ServiceTicket> {
        let p = principal(ctx)?;
        write::require(p, Area::Service).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let resolution = text("resolution", &resolution, 2, 5000).gql()?;
        let satisfaction =
            satisfaction.map(|s| within("satisfaction", s, 1, 5)).transpose().gql()?;
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before =
            target::<service_tickets::Entity>(&txn, p, &id, "service ticket").await.gql()?;
        if !matches!(before.status, ModelStatus::Open | ModelStatus::InProgress) {
            let message = format!("the ticket is already {}", before.status.to_value());
            return Err(ApiError::bad_input("id", message)).gql();
        }
        let mut changes = service_tickets::ActiveModel {
            status: Set(ModelStatus::Resolved),
            resolved_at: Set(Some(now)),
            resolution: Set(Some(resolution)),
            updated_at: Set(now),
            ..Default::default()
        };
        if let Some(s) = satisfaction {
            // Between 1 and 5, checked above.
            changes.satisfaction = Set(Some(s as i16));
        }
        let after = write::update_versioned::<service_tickets::Entity>(
            &txn, before.id, version, changes, "ticketNo",
        )
        .await
        .gql()?;
        let entry = Entry::by(p, "ticket.resolve", "service_tickets", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ServiceTicket(after))
    }
}
