//! Plain edits of product feedback (defects, feature requests, praise).

use salesgraph_entities::enums::{self as model, Role, Scope};
use salesgraph_entities::{customers, product_feedback, products};
use sea_orm::{ColumnTrait, Condition};

use super::ProductFeedback;
use crate::auth::Principal;
use crate::graphql::crud::{Enum, Nullable, Rating, Ref, Table, Text, crud, no_check};

/// Feedback from nobody in particular is everyone's to read, but only HQ's to change.
fn feedback_writes(p: &Principal) -> Condition {
    if p.scope == Scope::All {
        return Condition::all();
    }
    Condition::any()
        .add(product_feedback::Column::CustomerId.is_not_null())
        .add(product_feedback::Column::ReportedById.is_not_null())
}

const PRODUCT_FEEDBACK: Table<product_feedback::Entity> = Table {
    what: "product feedback",
    actions: ["productFeedback.create", "productFeedback.update", "productFeedback.delete"],
    roles: &[Role::HqAdmin, Role::BranchManager, Role::SalesRep],
    unique: &[],
    write_scope: feedback_writes,
    check: no_check,
};

crud! {
    /// Plain edits of product feedback.
    ProductFeedbackMutation: ProductFeedback(product_feedback) {
        table: PRODUCT_FEEDBACK,
        /// The fields of product feedback; on update, only those given change, and `null`
        /// empties an optional one.
        input: ProductFeedbackInput,
        /// Records feedback on a product, received now; you are recorded as its reporter.
        create: create_product_feedback,
        /// Changes product feedback, if it is still at the version you read.
        update: update_product_feedback,
        /// Deletes product feedback.
        delete: delete_product_feedback,
    }
    fields {
        /// The product it is about.
        product_id: Ref<products::Entity> => product_id,
        /// Optional. The customer it came from.
        customer_id: Nullable<Ref<customers::Entity>> => customer_id,
        /// What kind of feedback it is.
        kind: Enum<model::ProductFeedbackKind> => kind,
        /// Optional. A rating from 1 to 5.
        rating: Nullable<Rating<1, 5>> => rating,
        /// What was said, 1 to 4,000 characters.
        content: Text<1, 4000> => content,
    }
    server |p, now| { reported_by_id: p.employee_id, received_at: now }
}
