//! Products and service (产品与服务优化): feedback on products and after-sales service tickets.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{Priority, ProductFeedbackKind, TicketStatus};
use salesgraph_entities::{product_feedback, service_tickets};

use super::node::node;
use super::organisation::{Branch, Employee};
use super::sales::{Customer, Order, Product};

pub mod mutations;
pub mod records;

node! {
    /// Feedback on a product: a defect, a feature request, praise or another remark, from a
    /// customer or from an employee's own testing.
    ProductFeedback(product_feedback) {
        filter: ProductFeedbackFilter, sort: ProductFeedbackSort, query: ProductFeedbackQuery,
        name: "product feedback",
        /// The product feedback the caller may see: that of the customers it may see, and
        /// feedback without a customer reported by its employees (or by nobody).
        list: product_feedback_entries,
        /// One piece of product feedback.
        one: product_feedback,
    }
    fields {
        /// Defect, feature request, praise or other.
        kind: ProductFeedbackKind = Kind,
        /// The rating given to the product, from 1 (poor) to 5 (excellent); null when none
        /// was given.
        rating: Option<i16> = Rating,
        /// The feedback itself, such as 批次产品偶发死机 or 希望支持远程集中管理.
        content: String = Content,
        /// When the feedback was received.
        received_at: chrono::DateTime<chrono::Utc> = ReceivedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the product the feedback is about.
        product_id: i32 = ProductId,
        /// The id of the customer who gave the feedback; null when the feedback is about no
        /// customer (an employee's own testing, an anonymous web form).
        customer_id: Option<i32> = CustomerId,
        /// The id of the employee who reported the feedback; null for an anonymous source.
        reported_by_id: Option<i32> = ReportedById,
    }
    belongs {
        /// The product the feedback is about.
        product: Product = product_id,
        /// The customer who gave the feedback; null when the feedback is about no customer.
        customer: Customer = customer_id,
        /// The employee who reported the feedback; null for an anonymous source.
        reported_by: Employee = reported_by_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An after-sales service ticket (售后工单): a customer's problem, its priority, the time
    /// it must be resolved by (SLA), the resolution and the customer's satisfaction.
    ServiceTicket(service_tickets) {
        filter: ServiceTicketFilter, sort: ServiceTicketSort, query: ServiceTicketQuery,
        name: "service ticket",
        /// The service tickets the caller may see (a sales rep: those assigned to it).
        list: service_tickets,
        /// One service ticket.
        one: service_ticket,
    }
    fields {
        /// Ticket number, unique, such as `T20260000123`.
        ticket_no: String = TicketNo,
        /// A one-line summary of the problem, such as 网络间歇性中断.
        subject: String = Subject,
        /// The problem as the customer reported it.
        description: String = Description,
        /// Low, normal, high or urgent.
        priority: Priority = Priority,
        /// Open, in progress, resolved or closed.
        status: TicketStatus = Status,
        /// When the ticket was opened.
        opened_at: chrono::DateTime<chrono::Utc> = OpenedAt,
        /// The time the ticket must be resolved by (SLA due time); a ticket resolved later, or
        /// still unresolved after it, missed its SLA.
        sla_due_at: chrono::DateTime<chrono::Utc> = SlaDueAt,
        /// When the ticket was resolved; null while it is open or in progress.
        resolved_at: Option<chrono::DateTime<chrono::Utc>> = ResolvedAt,
        /// What was done, such as 已更换故障部件并完成测试; null until resolved.
        resolution: Option<String> = Resolution,
        /// The customer's satisfaction with the service, from 1 (very dissatisfied) to 5 (very
        /// satisfied); null until the customer rates it.
        satisfaction: Option<i16> = Satisfaction,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the customer who reported the problem.
        customer_id: i32 = CustomerId,
        /// The id of the branch handling the ticket.
        branch_id: i32 = BranchId,
        /// The id of the product concerned, if known.
        product_id: Option<i32> = ProductId,
        /// The id of the order the product was bought with, if known.
        order_id: Option<i32> = OrderId,
        /// The id of the employee the ticket is assigned to; null while unassigned.
        assignee_id: Option<i32> = AssigneeId,
    }
    belongs {
        /// The customer who reported the problem.
        customer: Customer = customer_id,
        /// The branch handling the ticket.
        branch: Branch = branch_id,
        /// The product concerned, if known.
        product: Product = product_id,
        /// The order the product was bought with, if known.
        order: Order = order_id,
        /// The employee the ticket is assigned to; null while unassigned.
        assignee: Employee = assignee_id,
    }
    has_many {}
    extra {}
}

/// Queries of the products and service domain.
#[derive(MergedObject, Default)]
pub struct ServiceQuery(ProductFeedbackQuery, ServiceTicketQuery);
