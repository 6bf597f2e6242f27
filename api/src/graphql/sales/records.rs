//! Plain edits of sales data without a verb of their own: product categories, customers'
//! contacts and market feedback from the field.

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{contacts, customers, market_feedback, product_categories, products};
use sea_orm::sea_query::LockType;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use super::{Contact, MarketFeedback, ProductCategory};
use crate::error::ApiError;
use crate::graphql::crud::{
    BranchRef, Enum, Flag, Nullable, Ref, Table, Text, crud, no_check, visible,
};
use crate::graphql::formats::{Email, Phone};

/// Who edits customers' data: everyone in sales, within their scope.
const SALES: &[Role] = &[Role::HqAdmin, Role::BranchManager, Role::SalesRep];

/// The deepest category tree the catalogue keeps.
const MAX_CATEGORY_DEPTH: usize = 8;

const CATEGORIES: Table<product_categories::Entity> = Table {
    what: "product category",
    actions: ["productCategory.create", "productCategory.update", "productCategory.delete"],
    roles: &[Role::HqAdmin],
    unique: &["code"],
    write_scope: visible,
    check: no_cycle,
};

/// A category is not its own ancestor, and the tree stays shallow.
fn no_cycle<'a>(
    db: &'a DatabaseTransaction,
    category: &'a product_categories::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        let mut parent = category.parent_id;
        for _ in 0..MAX_CATEGORY_DEPTH {
            let Some(id) = parent else { return Ok(()) };
            if id == category.id {
                return Err(ApiError::bad_input(
                    "parentId",
                    "would make the category its own ancestor",
                ));
            }
            parent =
                product_categories::Entity::find_by_id(id).one(db).await?.and_then(|c| c.parent_id);
        }
        Err(ApiError::bad_input(
            "parentId",
            format!("would nest categories deeper than {MAX_CATEGORY_DEPTH} levels"),
        ))
    })
}

crud! {
    /// Plain edits of product categories.
    ProductCategoryMutation: ProductCategory(product_categories) {
        table: CATEGORIES,
        /// The fields of a product category; on update, only those given change, and `null`
        /// empties an optional one.
        input: ProductCategoryInput,
        /// Creates a product category (HQ_ADMIN).
        create: create_product_category,
        /// Changes a product category (HQ_ADMIN), if it is still at the version you read.
        update: update_product_category,
        /// Deletes a category without products or subcategories (HQ_ADMIN); CONFLICT
        /// otherwise.
        delete: delete_product_category,
    }
    fields {
        /// Short code, unique, 2 to 20 characters, such as `NET`.
        code: Text<2, 20> => code,
        /// Display name, 1 to 50 characters, such as 网络设备.
        name: Text<1, 50> => name,
        /// Optional. The category it belongs to; none for a top-level one.
        parent_id: Nullable<Ref<product_categories::Entity>> => parent_id,
    }
    server |p, now| {}
}

const CONTACTS: Table<contacts::Entity> = Table {
    what: "contact",
    actions: ["contact.create", "contact.update", "contact.delete"],
    roles: SALES,
    unique: &[],
    write_scope: visible,
    check: one_primary_contact,
};

/// A customer has at most one primary contact: making a second one primary is CONFLICT on
/// `isPrimary`, naming the current one (unset it first). On PostgreSQL the customer row stays
/// locked until the transaction ends, so that two such changes cannot both pass (SQLite lets
/// one writer at a time).
fn one_primary_contact<'a>(
    db: &'a DatabaseTransaction,
    contact: &'a contacts::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        if !contact.is_primary {
            return Ok(());
        }
        customers::Entity::find_by_id(contact.customer_id)
            .lock(LockType::NoKeyUpdate)
            .one(db)
            .await?;
        let other = contacts::Entity::find()
            .filter(contacts::Column::CustomerId.eq(contact.customer_id))
            .filter(contacts::Column::IsPrimary.eq(true))
            .filter(contacts::Column::Id.ne(contact.id))
            .one(db)
            .await?;
        match other {
            Some(other) => Err(ApiError::Conflict {
                field: "isPrimary".into(),
                message: format!(
                    "the customer's primary contact is {} (id {}): unset it first",
                    other.name, other.id
                ),
            }),
            None => Ok(()),
        }
    })
}

crud! {
    /// Plain edits of customers' contact people.
    ContactMutation: Contact(contacts) {
        table: CONTACTS,
        /// The fields of a contact; on update, only those given change, and `null` empties an
        /// optional one.
        input: ContactInput,
        /// Adds a contact person to a customer you may edit.
        create: create_contact,
        /// Changes a contact, if it is still at the version you read.
        update: update_contact,
        /// Deletes a contact.
        delete: delete_contact,
    }
    fields {
        /// The customer they work for.
        customer_id: Ref<customers::Entity> => customer_id,
        /// Full name, 1 to 50 characters, such as 李明.
        name: Text<1, 50> => name,
        /// Optional. Job title, at most 50 characters, such as 采购经理.
        title: Nullable<Text<1, 50>> => title,
        /// Optional. Phone number, at most 30 characters: a mobile such as 138 0013 8000, a
        /// landline with its area code and optional extension such as 021-6888 1234 转 802, a
        /// 400/800 number, or an international number such as +852 2123 4567.
        phone: Nullable<Phone> => phone,
        /// Optional. E-mail address, at most 100 characters, such as li.ming@example.cn.
        email: Nullable<Email> => email,
        /// Whether they are the customer's main contact (default false). A customer has at
        /// most one: making a second one primary is a CONFLICT (unset the current one first).
        is_primary: Flag = false => is_primary,
    }
    server |p, now| {}
}

const MARKET_FEEDBACK: Table<market_feedback::Entity> = Table {
    what: "market feedback",
    actions: ["marketFeedback.create", "marketFeedback.update", "marketFeedback.delete"],
    roles: SALES,
    unique: &[],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of market feedback from the field.
    MarketFeedbackMutation: MarketFeedback(market_feedback) {
        table: MARKET_FEEDBACK,
        /// The fields of market feedback; on update, only those given change, and `null`
        /// empties an optional one.
        input: MarketFeedbackInput,
        /// Reports what you heard in the market; you are recorded as its reporter, now as its
        /// time.
        create: create_market_feedback,
        /// Changes market feedback, if it is still at the version you read.
        update: update_market_feedback,
        /// Deletes market feedback.
        delete: delete_market_feedback,
    }
    fields {
        /// The branch whose market it is about; left out, the caller's own (HQ must name one).
        branch_id: BranchRef => branch_id,
        /// Optional. The customer it came from.
        customer_id: Nullable<Ref<customers::Entity>> => customer_id,
        /// Optional. The product it is about.
        product_id: Nullable<Ref<products::Entity>> => product_id,
        /// What it is about.
        category: Enum<model::FeedbackCategory> => category,
        /// Its tone.
        sentiment: Enum<model::Sentiment> => sentiment,
        /// What was heard, 1 to 4,000 characters.
        content: Text<1, 4000> => content,
    }
    server |p, now| {
        reported_by_id: p.employee_id.ok_or(ApiError::Forbidden).gql()?,
        reported_at: now,
    }
}
