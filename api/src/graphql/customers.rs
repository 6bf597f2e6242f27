//! Customer relationship (客户关系管理): interactions with customers, satisfaction survey
//! responses and customer feedback.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{CustomerFeedbackKind, FeedbackStatus, InteractionKind};
use salesgraph_entities::{customer_feedback, interactions, survey_responses};

use super::node::node;
use super::organisation::{Branch, Employee};
use super::sales::{Contact, Customer, Order};
use super::service::ServiceTicket;

pub mod mutations;
pub mod records;

node! {
    /// An interaction with a customer: a visit, call, meeting, event or email, recorded by the
    /// employee who had it.
    Interaction(interactions) {
        filter: InteractionFilter, sort: InteractionSort, query: InteractionQuery,
        name: "interaction",
        /// The interactions the caller may see (a sales rep: those it recorded and those with
        /// its customers).
        list: interactions,
        /// One interaction.
        one: interaction,
    }
    fields {
        /// Visit, call, meeting, event or email.
        kind: InteractionKind = Kind,
        /// When the interaction took place.
        occurred_at: chrono::DateTime<chrono::Utc> = OccurredAt,
        /// What was discussed, such as 上门拜访,了解扩容需求.
        summary: String = Summary,
        /// The agreed next step, such as 两周内提交正式报价; null when none.
        next_step: Option<String> = NextStep,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the customer.
        customer_id: i32 = CustomerId,
        /// The id of the customer's contact person met, if any.
        contact_id: Option<i32> = ContactId,
        /// The id of the employee who had the interaction.
        employee_id: i32 = EmployeeId,
    }
    belongs {
        /// The customer.
        customer: Customer = customer_id,
        /// The customer's contact person met, if any.
        contact: Contact = contact_id,
        /// The employee who had the interaction.
        employee: Employee = employee_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A customer's answer to a satisfaction survey, after an order or a service ticket: CSAT
    /// on a 1–5 scale and NPS on a 0–10 scale.
    SurveyResponse(survey_responses) {
        filter: SurveyResponseFilter, sort: SurveyResponseSort, query: SurveyResponseQuery,
        name: "survey response",
        /// The survey responses the caller may see (a sales rep: those of its customers).
        list: survey_responses,
        /// One survey response.
        one: survey_response,
    }
    fields {
        /// Satisfaction (CSAT) from 1 (very dissatisfied) to 5 (very satisfied); 4 and 5 count
        /// as satisfied. Null when the question was not answered.
        csat: Option<i16> = Csat,
        /// Likelihood to recommend (NPS) from 0 to 10: 9–10 promoters, 0–6 detractors. Null
        /// when the question was not answered.
        nps: Option<i16> = Nps,
        /// The customer's comment, such as 服务专业,响应及时.
        comment: Option<String> = Comment,
        /// When the customer answered.
        responded_at: chrono::DateTime<chrono::Utc> = RespondedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the customer who answered.
        customer_id: i32 = CustomerId,
        /// The id of the branch the response counts for.
        branch_id: i32 = BranchId,
        /// The id of the order the survey follows up, if any.
        order_id: Option<i32> = OrderId,
        /// The id of the service ticket the survey follows up, if any.
        ticket_id: Option<i32> = TicketId,
    }
    belongs {
        /// The customer who answered.
        customer: Customer = customer_id,
        /// The branch the response counts for.
        branch: Branch = branch_id,
        /// The order the survey follows up, if any.
        order: Order = order_id,
        /// The service ticket the survey follows up, if any.
        ticket: ServiceTicket = ticket_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A complaint, suggestion or praise from a customer, and whether it was addressed.
    CustomerFeedback(customer_feedback) {
        filter: CustomerFeedbackFilter, sort: CustomerFeedbackSort, query: CustomerFeedbackQuery,
        name: "customer feedback",
        /// The customer feedback the caller may see (that of the customers it may see).
        list: customer_feedback_entries,
        /// One piece of customer feedback.
        one: customer_feedback,
    }
    fields {
        /// Complaint, suggestion or praise.
        kind: CustomerFeedbackKind = Kind,
        /// What the customer said, such as 发票开具延迟.
        content: String = Content,
        /// Open, or addressed by an employee.
        status: FeedbackStatus = Status,
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
        /// The id of the customer.
        customer_id: i32 = CustomerId,
        /// The id of the employee who handled the feedback; null while nobody has.
        handled_by_id: Option<i32> = HandledById,
    }
    belongs {
        /// The customer.
        customer: Customer = customer_id,
        /// The employee who handled the feedback; null while nobody has.
        handled_by: Employee = handled_by_id,
    }
    has_many {}
    extra {}
}

/// Queries of the customer relationship domain.
#[derive(MergedObject, Default)]
pub struct CustomersQuery(InteractionQuery, SurveyResponseQuery, CustomerFeedbackQuery);
