//! Mutations of the sales data: orders with their lines, customers, products.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use salesgraph_entities::enums::{
    CustomerSegment as ModelSegment, CustomerStatus as ModelCustomerStatus,
    OrderStatus as ModelOrderStatus, ProductStatus as ModelProductStatus, Role,
};
use salesgraph_entities::{
    branches, customers, employees, order_lines, price_changes, product_categories, products,
    sales_orders,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, EntityTrait};
use serde_json::json;

use super::{Customer, Order, Product};
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::agility::PriceChange;
use crate::graphql::enums::{CustomerSegment, CustomerStatus, OrderStatus, ProductStatus};
use crate::graphql::write::{
    self, Area, created, db_error, diff, money, optional_text, reference, target, text, within,
};
use crate::graphql::{audit, history, principal};
use crate::state::AppState;

/// The most lines one order may have.
const MAX_LINES: usize = 200;

/// A line of a new order.
#[derive(InputObject)]
pub struct OrderLineInput {
    /// The product ordered; it must be on sale.
    pub product_id: ID,
    /// Units ordered, 1 to 1,000,000; the line's amount may be at most ¥10,000,000,000.00.
    pub quantity: i32,
    /// Price per unit in yuan (¥), at most ¥10,000,000,000.00; the product's list price when
    /// left out.
    pub unit_price: Option<Decimal>,
    /// Discount in percent, 0 to 100 (default 0).
    pub discount_pct: Option<Decimal>,
}

/// A new sales order. Its branch is the customer's; amounts and the total are computed by
/// the server.
#[derive(InputObject)]
pub struct CreateOrderInput {
    /// The customer buying.
    pub customer_id: ID,
    /// The sales rep booking the order; by default the caller (a sales rep can only book as
    /// themselves). Must work at the customer's branch.
    pub salesperson_id: Option<ID>,
    /// When the order was placed, an RFC 3339 instant with its offset (its business day and
    /// month are those of the business time zone); now by default. Not in the future (5
    /// minutes of clock skew allowed); more than 7 days back only in a history import (HQ_ADMIN
    /// or an API key with the import right), FORBIDDEN on `orderedAt` for anyone else. An
    /// imported CONFIRMED order lies within the customer's life: not before its `acquiredOn`,
    /// not after its `churnedOn`.
    pub ordered_at: Option<DateTime<Utc>>,
    /// DRAFT or CONFIRMED (the default); a history import may also bring CANCELLED orders.
    /// Only confirmed orders count as revenue.
    pub status: Option<OrderStatus>,
    /// Free-text note, at most 2,000 characters.
    pub note: Option<String>,
    /// The lines, 1 to 200, together at most ¥10,000,000,000.00.
    pub lines: Vec<OrderLineInput>,
}

/// A new customer.
#[derive(InputObject)]
pub struct CreateCustomerInput {
    /// Customer code, unique, 2 to 32 characters.
    pub code: String,
    /// Company name, 2 to 100 characters, such as 上海华信科技有限公司.
    pub name: String,
    /// The branch that serves the customer; the caller's branch by default.
    pub branch_id: Option<ID>,
    /// The account manager; the caller, for a sales rep.
    pub owner_id: Option<ID>,
    /// Segment.
    pub segment: CustomerSegment,
    /// Industry, such as 制造业 (at most 50 characters).
    pub industry: String,
    /// City, such as 上海 (at most 50 characters).
    pub city: String,
    /// Where the customer stands: PROSPECT (the default), or, in a history import only,
    /// ACTIVE (with `acquiredOn`) or CHURNED (with `acquiredOn` and `churnedOn`); by default
    /// what the dates given imply.
    pub status: Option<CustomerStatus>,
    /// The business day the customer was won (its first confirmed order), not in the future.
    /// History import only (FORBIDDEN on `acquiredOn` for others).
    pub acquired_on: Option<NaiveDate>,
    /// The business day the customer was lost, not before `acquiredOn` and not in the future.
    /// History import only (FORBIDDEN on `churnedOn` for others).
    pub churned_on: Option<NaiveDate>,
}

/// Changes to a customer; fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateCustomerInput {
    /// Company name, 2 to 100 characters.
    pub name: Option<String>,
    /// Segment.
    pub segment: Option<CustomerSegment>,
    /// Industry (at most 50 characters).
    pub industry: Option<String>,
    /// City (at most 50 characters).
    pub city: Option<String>,
    /// Status; CHURNED records today as the churn date.
    pub status: Option<CustomerStatus>,
    /// The account manager, who must work at the customer's branch.
    pub owner_id: Option<ID>,
}

/// A product of the catalogue, new or changed; on update, fields left out stay as they are.
#[derive(InputObject)]
pub struct ProductInput {
    /// Stock-keeping unit, unique, 2 to 32 characters.
    pub sku: Option<String>,
    /// Product name, 2 to 100 characters.
    pub name: Option<String>,
    /// The category.
    pub category_id: Option<ID>,
    /// The unit it is sold in, such as 台 (at most 10 characters).
    pub unit: Option<String>,
    /// List price per unit in yuan (¥), at least 0.
    pub list_price: Option<Decimal>,
    /// Cost per unit in yuan (¥), at least 0.
    pub cost_price: Option<Decimal>,
    /// On sale or discontinued.
    pub status: Option<ProductStatus>,
}

/// Mutations of the sales data.
#[derive(Default)]
pub struct SalesMutation;

/// The amount of a line: quantity × unit price × (1 − discount ÷ 100), rounded half away
/// from zero to the fen.
pub fn line_amount(quantity: i32, unit_price: Decimal, discount_pct: Decimal) -> Decimal {
    let gross = Decimal::from(quantity) * unit_price;
    (gross * (Decimal::ONE_HUNDRED - discount_pct) / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The lifecycle step of a confirmed order, in its transaction: its PROSPECT customer
/// becomes ACTIVE, acquired on the order's business day (audited as `customer.acquire`).
async fn customer_acquired<C: sea_orm::ConnectionTrait>(
    ctx: &Context<'_>,
    txn: &C,
    p: &crate::auth::Principal,
    state: &AppState,
    order: &sales_orders::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let day = state.business_day(order.ordered_at);
    let Some((before, after)) =
        crate::lifecycle::order_confirmed(txn, order.customer_id, day, now).await?
    else {
        return Ok(());
    };
    let mut changes = diff(&before, &after);
    changes["orderId"] = json!(order.id);
    let entry = Entry::by(p, "customer.acquire", "customers", after.id).with_changes(changes);
    audit(ctx, txn, entry, now).await
}

/// Where a new customer stands in its lifecycle.
struct Lifecycle {
    status: ModelCustomerStatus,
    acquired_on: Option<NaiveDate>,
    churned_on: Option<NaiveDate>,
    /// Whether the caller set it, which only a history import does.
    imported: bool,
}

/// The lifecycle a new customer starts with: PROSPECT, or what a history import says, checked
/// against `today` (business time zone): days not in the future, churned not before
/// acquired, a status that agrees with the days.
fn imported_lifecycle(
    p: &Principal,
    input: &CreateCustomerInput,
    today: NaiveDate,
) -> Result<Lifecycle, ApiError> {
    let status = input.status.map(ModelCustomerStatus::from);
    let prospect = Lifecycle {
        status: ModelCustomerStatus::Prospect,
        acquired_on: None,
        churned_on: None,
        imported: false,
    };
    if matches!(status, None | Some(ModelCustomerStatus::Prospect))
        && input.acquired_on.is_none()
        && input.churned_on.is_none()
    {
        return Ok(prospect);
    }
    if status.is_some_and(|s| s != ModelCustomerStatus::Prospect) {
        history::import_only(p, "status")?;
    }
    if input.acquired_on.is_some() {
        history::import_only(p, "acquiredOn")?;
    }
    if input.churned_on.is_some() {
        history::import_only(p, "churnedOn")?;
    }
    let acquired_on =
        input.acquired_on.map(|d| history::past_day("acquiredOn", d, today)).transpose()?;
    let churned_on =
        input.churned_on.map(|d| history::past_day("churnedOn", d, today)).transpose()?;
    let status = status.unwrap_or(match (acquired_on, churned_on) {
        (_, Some(_)) => ModelCustomerStatus::Churned,
        (Some(_), None) => ModelCustomerStatus::Active,
        (None, None) => ModelCustomerStatus::Prospect,
    });
    match (status, acquired_on, churned_on) {
        (ModelCustomerStatus::Prospect, Some(_), _) => {
            Err(ApiError::bad_input("acquiredOn", "a PROSPECT has not been acquired"))
        }
        (ModelCustomerStatus::Prospect | ModelCustomerStatus::Active, _, Some(_)) => {
            Err(ApiError::bad_input("churnedOn", "only a CHURNED customer has a churn day"))
        }
        (ModelCustomerStatus::Active | ModelCustomerStatus::Churned, None, _) => {
            Err(ApiError::bad_input("acquiredOn", "is required: the day the customer was won"))
        }
        (ModelCustomerStatus::Churned, Some(_), None) => {
            Err(ApiError::bad_input("churnedOn", "is required for a CHURNED customer"))
        }
        (_, Some(acquired), Some(churned)) if churned < acquired => Err(ApiError::bad_input(
            "churnedOn",
            format!("is before the customer was acquired ({acquired})"),
        )),
        (status, acquired_on, churned_on) => {
            Ok(Lifecycle { status, acquired_on, churned_on, imported: true })
        }
    }
}

/// BAD_USER_INPUT on `orderedAt` unless a confirmed order of the business day `day` fits the
/// customer's lifecycle: not after it churned. One before its acquisition day moves that day
/// back ([`crate::lifecycle::order_confirmed`]): its first confirmed order makes it a customer.
fn fits_customer_history(customer: &customers::Model, day: NaiveDate) -> Result<(), ApiError> {
    if let Some(churned) = customer.churned_on
        && day > churned
    {
        let message = format!("is after the customer churned ({churned})");
        return Err(ApiError::bad_input("orderedAt", message));
    }
    Ok(())
}

#[Object]
impl SalesMutation {
    /// Books an order with its lines in one transaction. Line amounts and the total are
    /// computed here from quantities, prices and discounts, for an imported order too (dated
    /// more than 7 days back, or CANCELLED; it may name products discontinued since). Writes
    /// an audit entry `order.create`, or `order.import` for an imported order.
    async fn create_order(&self, ctx: &Context<'_>, input: CreateOrderInput) -> ApiResult<Order> {
        let p = principal(ctx)?;
        history::require_create(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        if input.lines.is_empty() || input.lines.len() > MAX_LINES {
            return Err(ApiError::bad_input("lines", format!("needs 1 to {MAX_LINES} lines")))
                .gql();
        }
        let note = optional_text("note", input.note.as_deref(), 2000).gql()?;
        let dated = history::happened_at(p, "orderedAt", input.ordered_at, now).gql()?;
        let ordered_at = dated.at;
        let status = input.status.map_or(ModelOrderStatus::Confirmed, Into::into);
        // A cancelled order is history only an import brings.
        if status == ModelOrderStatus::Cancelled && !p.may_import() {
            return Err(ApiError::bad_input("status", "a new order is DRAFT or CONFIRMED")).gql();
        }
        let imported = dated.imported || status == ModelOrderStatus::Cancelled;
        let customer =
            reference::<customers::Entity>(db, p, "customerId", &input.customer_id).await.gql()?;
        if imported && status == ModelOrderStatus::Confirmed {
            fits_customer_history(&customer, state.business_day(ordered_at)).gql()?;
        }
        let salesperson = match (&input.salesperson_id, p.role, p.employee_id) {
            (_, Role::SalesRep, Some(me)) => {
                if input.salesperson_id.as_ref().is_some_and(|id| id.as_str() != me.to_string()) {
                    return Err(ApiError::bad_input(
                        "salespersonId",
                        "a sales rep books orders as themselves",
                    ))
                    .gql();
                }
                me
            }
            (Some(id), _, _) => {
                reference::<employees::Entity>(db, p, "salespersonId", id).await.gql()?.id
            }
            (None, _, Some(me)) => me,
            (None, _, None) => {
                return Err(ApiError::bad_input("salespersonId", "is required")).gql();
            }
        };
        let rep = employees::Entity::find_by_id(salesperson).one(db).await.gql()?;
        if rep.and_then(|r| r.branch_id) != Some(customer.branch_id) {
            return Err(ApiError::bad_input("salespersonId", "must work at the customer's branch"))
                .gql();
        }
        let mut lines = Vec::with_capacity(input.lines.len());
        for (i, line) in input.lines.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            let product =
                reference::<products::Entity>(db, p, &field("productId"), &line.product_id)
                    .await
                    .gql()?;
            // A product discontinued since was on sale when an imported order was placed.
            if product.status != ModelProductStatus::Active && !imported {
                return Err(ApiError::bad_input(&field("productId"), "is discontinued")).gql();
            }
            let quantity = within(&field("quantity"), line.quantity, 1, 1_000_000).gql()?;
            let unit_price =
                money(&field("unitPrice"), line.unit_price.unwrap_or(product.list_price)).gql()?;
            let discount = line.discount_pct.unwrap_or_default();
            let discount =
                within(&field("discountPct"), discount, Decimal::ZERO, Decimal::ONE_HUNDRED)
                    .gql()?;
            let amount = line_amount(quantity, unit_price, discount);
            if amount > write::MAX_AMOUNT {
                let message =
                    format!("the line comes to {amount}, more than {} allows", write::MAX_AMOUNT);
                return Err(ApiError::bad_input(&field("quantity"), message)).gql();
            }
            lines.push((product.id, quantity, unit_price, discount, amount));
        }
        let total: Decimal = lines.iter().map(|l| l.4).sum();
        if total > write::MAX_AMOUNT {
            let message =
                format!("the order comes to {total}, more than {} allows", write::MAX_AMOUNT);
            return Err(ApiError::bad_input("lines", message)).gql();
        }
        let branch = branches::Entity::find_by_id(customer.branch_id).one(db).await.gql()?;
        let branch_code = branch.map(|b| b.code).unwrap_or_default();

        let txn = crate::db::begin_write(db).await.gql()?;
        let placeholder = format!("pending-{}", uuid::Uuid::new_v4().simple());
        let order = sales_orders::ActiveModel {
            id: NotSet,
            order_no: Set(placeholder),
            customer_id: Set(customer.id),
            branch_id: Set(customer.branch_id),
            salesperson_id: Set(salesperson),
            opportunity_id: Set(None),
            ordered_at: Set(ordered_at),
            status: Set(status),
            total_amount: Set(total),
            currency: Set("CNY".into()),
            note: Set(note),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        // The number is made from the id, so two orders booked at once never collide.
        // The month of the number is the business month, like every period of the model.
        let local = ordered_at.with_timezone(&state.settings().time_zone);
        let order_no = format!("SO{}{:02}{branch_code}-{}", local.year(), local.month(), order.id);
        let mut numbered: sales_orders::ActiveModel = order.into();
        numbered.order_no = Set(order_no);
        let order = numbered.update(&txn).await.map_err(|e| db_error(e, "orderNo")).gql()?;
        let rows = lines.iter().map(|&(product_id, quantity, unit_price, discount, amount)| {
            order_lines::ActiveModel {
                id: NotSet,
                order_id: Set(order.id),
                product_id: Set(product_id),
                quantity: Set(quantity),
                unit_price: Set(unit_price),
                discount_pct: Set(discount),
                amount: Set(amount),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
        });
        order_lines::Entity::insert_many(rows).exec(&txn).await.gql()?;
        let lines_json: Vec<_> = lines
            .iter()
            .map(|l| json!({ "product_id": l.0, "quantity": l.1, "unit_price": l.2, "discount_pct": l.3, "amount": l.4 }))
            .collect();
        let mut changes = created(&order);
        changes["lines"] = json!({ "before": null, "after": lines_json });
        let action = history::action(imported, "order.create", "order.import");
        let entry = Entry::by(p, action, "sales_orders", order.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        if status == ModelOrderStatus::Confirmed {
            customer_acquired(ctx, &txn, p, state, &order, now).await.gql()?;
        }
        txn.commit().await.gql()?;
        Ok(Order(order))
    }

    /// Confirms a draft order, or cancels a draft or confirmed one.
    async fn set_order_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order.")] id: ID,
        #[graphql(desc = "The version of the order you read.")] version: i32,
        #[graphql(desc = "CONFIRMED (from DRAFT) or CANCELLED.")] status: OrderStatus,
    ) -> ApiResult<Order> {
        let p = principal(ctx)?;
        write::require(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<sales_orders::Entity>(&txn, p, &id, "order").await.gql()?;
        let status: ModelOrderStatus = status.into();
        let allowed = matches!(
            (before.status, status),
            (ModelOrderStatus::Draft, ModelOrderStatus::Confirmed)
                | (
                    ModelOrderStatus::Draft | ModelOrderStatus::Confirmed,
                    ModelOrderStatus::Cancelled
                )
        );
        if !allowed {
            let message = format!("cannot go from {:?} to {:?}", before.status, status);
            return Err(ApiError::bad_input("status", message.to_uppercase())).gql();
        }
        let changes = sales_orders::ActiveModel {
            status: Set(status),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_versioned::<sales_orders::Entity>(
            &txn, before.id, version, changes, "orderNo",
        )
        .await
        .gql()?;
        let entry = Entry::by(p, "order.setStatus", "sales_orders", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        if status == ModelOrderStatus::Confirmed {
            customer_acquired(ctx, &txn, p, state, &after, now).await.gql()?;
        }
        txn.commit().await.gql()?;
        Ok(Order(after))
    }

    /// Adds a customer to a branch, as a PROSPECT; a history import may bring it ACTIVE or
    /// CHURNED with the days it was acquired and lost. Writes an audit entry `customer.create`,
    /// or `customer.import` when the lifecycle was imported.
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
    ) -> ApiResult<Customer> {
        let p = principal(ctx)?;
        history::require_create(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let today = now.with_timezone(&state.settings().time_zone).date_naive();
        let lifecycle = imported_lifecycle(p, &input, today).gql()?;
        let code = text("code", &input.code, 2, 32).gql()?;
        let name = text("name", &input.name, 2, 100).gql()?;
        let industry = text("industry", &input.industry, 1, 50).gql()?;
        let city = text("city", &input.city, 1, 50).gql()?;
        let branch_id =
            write::branch_of_new(db, p, "branchId", input.branch_id.as_ref()).await.gql()?;
        let owner_id = match (&input.owner_id, p.role) {
            (_, Role::SalesRep) => p.employee_id,
            (Some(id), _) => {
                let owner = reference::<employees::Entity>(db, p, "ownerId", id).await.gql()?;
                if owner.branch_id != Some(branch_id) {
                    return Err(ApiError::bad_input(
                        "ownerId",
                        "must work at the customer's branch",
                    ))
                    .gql();
                }
                Some(owner.id)
            }
            (None, _) => None,
        };
        if p.role == Role::SalesRep && Some(branch_id) != p.branch_id {
            return Err(ApiError::bad_input("branchId", "must be your branch")).gql();
        }
        let txn = crate::db::begin_write(db).await.gql()?;
        let customer = customers::ActiveModel {
            id: NotSet,
            code: Set(code),
            name: Set(name),
            branch_id: Set(branch_id),
            owner_id: Set(owner_id),
            segment: Set(ModelSegment::from(input.segment)),
            industry: Set(industry),
            city: Set(city),
            status: Set(lifecycle.status),
            acquired_on: Set(lifecycle.acquired_on),
            churned_on: Set(lifecycle.churned_on),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error(e, "code"))
        .gql()?;
        let action = history::action(lifecycle.imported, "customer.create", "customer.import");
        let entry = Entry::by(p, action, "customers", customer.id).with_changes(created(&customer));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Customer(customer))
    }

    /// Changes a customer, if it is still at the version you read.
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The customer.")] id: ID,
        #[graphql(desc = "The version of the customer you read.")] version: i32,
        input: UpdateCustomerInput,
    ) -> ApiResult<Customer> {
        let p = principal(ctx)?;
        write::require(p, Area::SalesData).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<customers::Entity>(&txn, p, &id, "customer").await.gql()?;
        let mut changes = customers::ActiveModel { updated_at: Set(now), ..Default::default() };
        if let Some(name) = &input.name {
            changes.name = Set(text("name", name, 2, 100).gql()?);
        }
        if let Some(segment) = input.segment {
            changes.segment = Set(segment.into());
        }
        if let Some(industry) = &input.industry {
            changes.industry = Set(text("industry", industry, 1, 50).gql()?);
        }
        if let Some(city) = &input.city {
            changes.city = Set(text("city", city, 1, 50).gql()?);
        }
        if let Some(status) = input.status {
            let status: ModelCustomerStatus = status.into();
            changes.status = Set(status);
            let today = state.business_day(now);
            match status {
                ModelCustomerStatus::Churned if before.churned_on.is_none() => {
                    changes.churned_on = Set(Some(today));
                }
                ModelCustomerStatus::Active => {
                    changes.churned_on = Set(None);
                    if before.acquired_on.is_none() {
                        changes.acquired_on = Set(Some(today));
                    }
                }
                _ => {}
            }
        }
        if let Some(owner) = &input.owner_id {
            if p.role == Role::SalesRep {
                return Err(ApiError::Forbidden).gql();
            }
            let owner = reference::<employees::Entity>(&txn, p, "ownerId", owner).await.gql()?;
            if owner.branch_id != Some(before.branch_id) {
                return Err(ApiError::bad_input("ownerId", "must work at the customer's branch"))
                    .gql();
            }
            changes.owner_id = Set(Some(owner.id));
        }
        let after =
            write::update_versioned::<customers::Entity>(&txn, before.id, version, changes, "code")
                .await
                .gql()?;
        let entry = Entry::by(p, "customer.update", "customers", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Customer(after))
    }

    /// Adds a product to the catalogue (HQ_ADMIN).
    async fn create_product(&self, ctx: &Context<'_>, input: ProductInput) -> ApiResult<Product> {
        let p = principal(ctx)?;
        write::require(p, Area::Catalogue).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let required = |field: &str| ApiError::bad_input(field, "is required");
        let sku =
            text("sku", input.sku.as_deref().ok_or_else(|| required("sku")).gql()?, 2, 32).gql()?;
        let name =
            text("name", input.name.as_deref().ok_or_else(|| required("name")).gql()?, 2, 100)
                .gql()?;
        let unit =
            text("unit", input.unit.as_deref().ok_or_else(|| required("unit")).gql()?, 1, 10)
                .gql()?;
        let category_id = input.category_id.as_ref().ok_or_else(|| required("categoryId")).gql()?;
        let category = reference::<product_categories::Entity>(db, p, "categoryId", category_id)
            .await
            .gql()?;
        let list_price =
            money("listPrice", input.list_price.ok_or_else(|| required("listPrice")).gql()?)
                .gql()?;
        let cost_price = input.cost_price.map(|c| money("costPrice", c)).transpose().gql()?;
        let txn = crate::db::begin_write(db).await.gql()?;
        let product = products::ActiveModel {
            id: NotSet,
            category_id: Set(category.id),
            sku: Set(sku),
            name: Set(name),
            unit: Set(unit),
            list_price: Set(list_price),
            cost_price: Set(cost_price),
            status: Set(input.status.map_or(ModelProductStatus::Active, Into::into)),
            launched_on: Set(Some(state.business_day(now))),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error(e, "sku"))
        .gql()?;
        let entry =
            Entry::by(p, "product.create", "products", product.id).with_changes(created(&product));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Product(product))
    }

    /// Changes a product (HQ_ADMIN), if it is still at the version you read.
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product.")] id: ID,
        #[graphql(desc = "The version of the product you read.")] version: i32,
        input: ProductInput,
    ) -> ApiResult<Product> {
        let p = principal(ctx)?;
        write::require(p, Area::Catalogue).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<products::Entity>(&txn, p, &id, "product").await.gql()?;
        let mut changes = products::ActiveModel { updated_at: Set(now), ..Default::default() };
        if let Some(sku) = &input.sku {
            changes.sku = Set(text("sku", sku, 2, 32).gql()?);
        }
        if let Some(name) = &input.name {
            changes.name = Set(text("name", name, 2, 100).gql()?);
        }
        if let Some(unit) = &input.unit {
            changes.unit = Set(text("unit", unit, 1, 10).gql()?);
        }
        if let Some(category) = &input.category_id {
            let category = reference::<product_categories::Entity>(&txn, p, "categoryId", category)
                .await
                .gql()?;
            changes.category_id = Set(category.id);
        }
        if let Some(price) = input.list_price {
            changes.list_price = Set(money("listPrice", price).gql()?);
        }
        if let Some(price) = input.cost_price {
            changes.cost_price = Set(Some(money("costPrice", price).gql()?));
        }
        if let Some(status) = input.status {
            changes.status = Set(status.into());
        }
        let after =
            write::update_versioned::<products::Entity>(&txn, before.id, version, changes, "sku")
                .await
                .gql()?;
        let entry = Entry::by(p, "product.update", "products", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Product(after))
    }

    /// Removes a product that no order, feedback or price record refers to (HQ_ADMIN);
    /// discontinue it instead when it has history. Returns the removed product's id.
    async fn delete_product(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let p = principal(ctx)?;
        write::require(p, Area::Catalogue).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<products::Entity>(&txn, p, &id, "product").await.gql()?;
        products::Entity::delete_by_id(before.id)
            .exec(&txn)
            .await
            .map_err(|e| db_error(e, "id"))
            .gql()?;
        let entry = Entry::by(p, "product.delete", "products", before.id).with_changes(json!({
            "sku": { "before": before.sku, "after": null },
            "name": { "before": before.name, "after": null },
        }));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(id)
    }

    /// Changes a product's list price from today (business time zone), if the product is
    /// still at the version you read (HQ_ADMIN). Records the change (old price, new price,
    /// reason, the caller as approver) and sets the new list price in one transaction; orders
    /// booked from now on use it. Writes an audit entry `product.changePrice`.
    async fn change_product_price(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product.")] product_id: ID,
        #[graphql(desc = "The version of the product you read.")] version: i32,
        #[graphql(desc = "The new list price in yuan (¥), at least 0.")] new_price: Decimal,
        #[graphql(desc = "Why, 2 to 500 characters, such as 原材料成本上涨.")] reason: String,
    ) -> ApiResult<PriceChange> {
        let p = principal(ctx)?;
        write::require(p, Area::Catalogue).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let today = state.business_day(now);
        let new_price = money("newPrice", new_price).gql()?;
        let reason = text("reason", &reason, 2, 500).gql()?;
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<products::Entity>(&txn, p, &product_id, "product").await.gql()?;
        if before.list_price == new_price {
            return Err(ApiError::bad_input("newPrice", "is the current list price")).gql();
        }
        let changes = products::ActiveModel {
            list_price: Set(new_price),
            updated_at: Set(now),
            ..Default::default()
        };
        write::update_audited::<products::Entity>(
            ctx,
            &txn,
            p,
            "product.changePrice",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        let change = price_changes::ActiveModel {
            id: NotSet,
            product_id: Set(before.id),
            old_price: Set(before.list_price),
            new_price: Set(new_price),
            effective_on: Set(today),
            reason: Set(reason),
            approved_by_id: Set(p.employee_id),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(PriceChange(change))
    }
}
