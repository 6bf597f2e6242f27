//! Plain edits of customer feedback (complaints, suggestions, praise).

use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{customer_feedback, customers, employees};

use super::CustomerFeedback;
use crate::graphql::crud::{Enum, Nullable, Ref, Table, Text, crud, no_check, visible};

const CUSTOMER_FEEDBACK: Table<customer_feedback::Entity> = Table {
    what: "customer feedback",
    actions: ["customerFeedback.create", "customerFeedback.update", "customerFeedback.delete"],
    roles: &[Role::HqAdmin, Role::BranchManager, Role::SalesRep],
    unique: &[],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of customer feedback.
    CustomerFeedbackMutation: CustomerFeedback(customer_feedback) {
        table: CUSTOMER_FEEDBACK,
        /// The fields of customer feedback; on update, only those given change, and `null`
        /// empties an optional one.
        input: CustomerFeedbackInput,
        /// Records feedback from a customer you may edit, received now.
        create: create_customer_feedback,
        /// Changes customer feedback (marks it ADDRESSED, names who handled it…), if it is
        /// still at the version you read.
        update: update_customer_feedback,
        /// Deletes customer feedback.
        delete: delete_customer_feedback,
    }
    fields {
        /// The customer it came from.
        customer_id: Ref<customers::Entity> => customer_id,
        /// What kind of feedback it is.
        kind: Enum<model::CustomerFeedbackKind> => kind,
        /// What the customer said, 1 to 4,000 characters.
        content: Text<1, 4000> => content,
        /// Whether it was addressed (default OPEN).
        status: Enum<model::FeedbackStatus> = model::FeedbackStatus::Open => status,
        /// Optional. Who handles it.
        handled_by_id: Nullable<Ref<employees::Entity>> => handled_by_id,
    }
    server |p, now| { received_at: now }
}
