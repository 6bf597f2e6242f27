//! Sales data (数据驱动): product categories, products, customers and contacts, opportunities,
//! sales orders with their lines, and market feedback from the field.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    CustomerSegment, CustomerStatus, FeedbackCategory, OpportunityStage, OpportunityStatus,
    OrderStatus, ProductStatus, Sentiment,
};
use salesgraph_entities::{
    contacts, customers, interactions, market_feedback, opportunities, opportunity_competitors,
    order_lines, product_categories, products, sales_orders, service_tickets, survey_responses,
};

use super::competition::OpportunityCompetitor;
use super::customers::{Interaction, SurveyResponse};
use super::node::node;
use super::organisation::{Branch, Employee};
use super::service::ServiceTicket;

pub mod closing;
pub mod mutations;
pub mod records;

node! {
    /// A product category, such as 办公设备; categories form a tree.
    ProductCategory(product_categories) {
        filter: ProductCategoryFilter, sort: ProductCategorySort, query: ProductCategoryQuery,
        name: "product category",
        /// The product categories.
        list: product_categories,
        /// One product category.
        one: product_category,
    }
    fields {
        /// Short code, unique.
        code: String = Code,
        /// Display name, such as 办公设备.
        name: String = Name,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the parent category; null for a top-level category.
        parent_id: Option<i32> = ParentId,
    }
    belongs {
        /// The parent category; null for a top-level category.
        parent: ProductCategory = parent_id,
    }
    has_many {
        /// The products of the category.
        products: Product = products::CategoryId,
    }
    extra {}
}

node! {
    /// A product we sell.
    Product(products) {
        filter: ProductFilter, sort: ProductSort, query: ProductQuery, name: "product",
        /// The product catalogue.
        list: products,
        /// One product.
        one: product,
    }
    fields {
        /// Stock-keeping unit, unique, such as `OF-PRN-001`.
        sku: String = Sku,
        /// Product name, such as 激光打印机 P300.
        name: String = Name,
        /// The unit it is sold in, such as 台 or 套.
        unit: String = Unit,
        /// List price per unit in yuan (¥), before discounts.
        list_price: rust_decimal::Decimal = ListPrice,
        /// Cost per unit in yuan (¥), when known.
        cost_price: Option<rust_decimal::Decimal> = CostPrice,
        /// Whether the product is on sale.
        status: ProductStatus = Status,
        /// The day the product was launched.
        launched_on: Option<chrono::NaiveDate> = LaunchedOn,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the product's category.
        category_id: i32 = CategoryId,
    }
    belongs {
        /// The product's category.
        category: ProductCategory = category_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A customer, owned by a branch and usually by an account manager.
    Customer(customers) {
        filter: CustomerFilter, sort: CustomerSort, query: CustomerQuery, name: "customer",
        /// The customers the caller may see (a sales rep: its own).
        list: customers,
        /// One customer.
        one: customer,
    }
    fields {
        /// Customer code, unique.
        code: String = Code,
        /// Company name, such as 上海华信科技有限公司.
        name: String = Name,
        /// Segment: enterprise, small business, government or distributor.
        segment: CustomerSegment = Segment,
        /// Industry, such as 制造业.
        industry: String = Industry,
        /// City, such as 上海.
        city: String = City,
        /// Prospect, active customer, or lost (churned).
        status: CustomerStatus = Status,
        /// The day the customer was won.
        acquired_on: Option<chrono::NaiveDate> = AcquiredOn,
        /// The day the customer was lost (churned); null while it is a customer.
        churned_on: Option<chrono::NaiveDate> = ChurnedOn,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the branch that serves the customer.
        branch_id: i32 = BranchId,
        /// The id of the account manager.
        owner_id: Option<i32> = OwnerId,
    }
    belongs {
        /// The branch that serves the customer.
        branch: Branch = branch_id,
        /// The account manager.
        owner: Employee = owner_id,
    }
    has_many {
        /// The people at the customer.
        contacts: Contact = contacts::CustomerId,
        /// The customer's orders (its purchase history), oldest first.
        orders: Order = sales_orders::CustomerId,
        /// The customer's opportunities.
        opportunities: Opportunity = opportunities::CustomerId,
        /// Visits, calls, meetings and events with the customer.
        interactions: Interaction = interactions::CustomerId,
        /// The customer's satisfaction survey responses.
        survey_responses: SurveyResponse = survey_responses::CustomerId,
        /// The customer's after-sales service tickets.
        service_tickets: ServiceTicket = service_tickets::CustomerId,
    }
    extra {}
}

node! {
    /// A person at a customer.
    Contact(contacts) {
        filter: ContactFilter, sort: ContactSort, query: ContactQuery, name: "contact",
        /// The contacts the caller may see.
        list: contacts,
        /// One contact.
        one: contact,
    }
    fields {
        /// Full name, such as 李明.
        name: String = Name,
        /// Job title, such as 采购经理.
        title: Option<String> = Title,
        /// Phone number.
        phone: Option<String> = Phone,
        /// Email address.
        email: Option<String> = Email,
        /// Whether this is the customer's main contact.
        is_primary: bool = IsPrimary,
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
    }
    belongs {
        /// The customer the contact works at.
        customer: Customer = customer_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A sales opportunity (商机): a deal in progress, won or lost.
    Opportunity(opportunities) {
        filter: OpportunityFilter, sort: OpportunitySort, query: OpportunityQuery,
        name: "opportunity",
        /// The opportunities the caller may see (a sales rep: its own).
        list: opportunities,
        /// One opportunity.
        one: opportunity,
    }
    fields {
        /// What the deal is, such as 2027 年度打印设备采购.
        name: String = Name,
        /// The stage of the sales funnel.
        stage: OpportunityStage = Stage,
        /// Open, won or lost.
        status: OpportunityStatus = Status,
        /// Expected deal value in yuan (¥).
        amount: rust_decimal::Decimal = Amount,
        /// Probability of winning, in percent (0–100).
        probability: i32 = Probability,
        /// The day the deal is expected to close.
        expected_close_date: chrono::NaiveDate = ExpectedCloseDate,
        /// When the deal was won or lost; null while open.
        closed_at: Option<chrono::DateTime<chrono::Utc>> = ClosedAt,
        /// Why the deal was lost, such as 价格偏高; null unless lost.
        lost_reason: Option<String> = LostReason,
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
        /// The id of the branch.
        branch_id: i32 = BranchId,
        /// The id of the sales rep who owns the deal.
        owner_id: i32 = OwnerId,
    }
    belongs {
        /// The customer.
        customer: Customer = customer_id,
        /// The branch.
        branch: Branch = branch_id,
        /// The sales rep who owns the deal.
        owner: Employee = owner_id,
    }
    has_many {
        /// The competitors met on this deal, with the outcome against each.
        competitors: OpportunityCompetitor = opportunity_competitors::OpportunityId,
    }
    extra {}
}

node! {
    /// A sales order; its total is the sum of its lines.
    Order(sales_orders) {
        filter: OrderFilter, sort: OrderSort, query: OrderQuery, name: "order",
        /// The orders the caller may see (a sales rep: its own).
        list: orders,
        /// One order.
        one: order,
    }
    fields {
        /// Order number, unique, such as `SO202611SH000123` (demo data) or `SO202611SH-20001` (booked through the API).
        order_no: String = OrderNo,
        /// When the order was placed.
        ordered_at: chrono::DateTime<chrono::Utc> = OrderedAt,
        /// Draft, confirmed or cancelled; revenue counts confirmed orders only.
        status: OrderStatus = Status,
        /// The order's total in yuan (¥): the sum of its lines' amounts.
        total_amount: rust_decimal::Decimal = TotalAmount,
        /// Currency code, `CNY`.
        currency: String = Currency,
        /// Free-text note.
        note: Option<String> = Note,
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
        /// The id of the branch that booked the order.
        branch_id: i32 = BranchId,
        /// The id of the sales rep who booked the order.
        salesperson_id: i32 = SalespersonId,
        /// The id of the opportunity the order came from, if any.
        opportunity_id: Option<i32> = OpportunityId,
    }
    belongs {
        /// The customer.
        customer: Customer = customer_id,
        /// The branch that booked the order.
        branch: Branch = branch_id,
        /// The sales rep who booked the order.
        salesperson: Employee = salesperson_id,
        /// The opportunity the order came from, if any.
        opportunity: Opportunity = opportunity_id,
    }
    has_many {
        /// The order's lines.
        lines: OrderLine = order_lines::OrderId,
    }
    extra {}
}

node! {
    /// A line of a sales order: a product, a quantity and a price.
    OrderLine(order_lines) {
        filter: OrderLineFilter, sort: OrderLineSort, query: OrderLineQuery,
        name: "order line",
        /// The order lines the caller may see.
        list: order_lines,
        /// One order line.
        one: order_line,
    }
    fields {
        /// Units ordered (more than 0).
        quantity: i32 = Quantity,
        /// Price per unit in yuan (¥), before the discount.
        unit_price: rust_decimal::Decimal = UnitPrice,
        /// Discount in percent (0–100).
        discount_pct: rust_decimal::Decimal = DiscountPct,
        /// The line's amount in yuan (¥): quantity × unit price × (1 − discount), to the fen.
        amount: rust_decimal::Decimal = Amount,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the order.
        order_id: i32 = OrderId,
        /// The id of the product.
        product_id: i32 = ProductId,
    }
    belongs {
        /// The order the line belongs to.
        order: Order = order_id,
        /// The product ordered.
        product: Product = product_id,
    }
    has_many {}
    extra {}
}

node! {
    /// Feedback from the market reported by the field: price, quality, demand, competition.
    MarketFeedback(market_feedback) {
        filter: MarketFeedbackFilter, sort: MarketFeedbackSort, query: MarketFeedbackQuery,
        name: "market feedback",
        /// The market feedback the caller may see.
        list: market_feedback_entries,
        /// One piece of market feedback.
        one: market_feedback,
    }
    fields {
        /// What the feedback is about: price, quality, demand, competition or service.
        category: FeedbackCategory = Category,
        /// Positive, neutral or negative.
        sentiment: Sentiment = Sentiment,
        /// The feedback itself, such as 客户反映竞品降价 10%.
        content: String = Content,
        /// When it was reported.
        reported_at: chrono::DateTime<chrono::Utc> = ReportedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the reporting branch.
        branch_id: i32 = BranchId,
        /// The id of the employee who reported it.
        reported_by_id: i32 = ReportedById,
        /// The id of the customer it concerns, if any.
        customer_id: Option<i32> = CustomerId,
        /// The id of the product it concerns, if any.
        product_id: Option<i32> = ProductId,
    }
    belongs {
        /// The reporting branch.
        branch: Branch = branch_id,
        /// The employee who reported it.
        reported_by: Employee = reported_by_id,
        /// The customer it concerns, if any.
        customer: Customer = customer_id,
        /// The product it concerns, if any.
        product: Product = product_id,
    }
    has_many {}
    extra {}
}

/// Queries of the sales data domain.
#[derive(MergedObject, Default)]
pub struct SalesQuery(
    ProductCategoryQuery,
    ProductQuery,
    CustomerQuery,
    ContactQuery,
    OpportunityQuery,
    OrderQuery,
    OrderLineQuery,
    MarketFeedbackQuery,
);
