//! Competition (竞争分析): competitors, their products mapped to ours, observed prices,
//! competitors met on opportunities, competitive strategies and market-size estimates.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    CompetitionOutcome, Level, LifecycleStatus, PeriodKind, StrategyKind,
};
use salesgraph_entities::{
    competitive_strategies, competitor_products, competitors, market_size_estimates,
    opportunity_competitors, price_observations,
};

use super::node::node;
use super::organisation::{Branch, Employee, Region};
use super::sales::{Opportunity, Product, ProductCategory};

pub mod mutations;
pub mod records;

node! {
    /// A competitor (竞争对手), such as 华锐科技, with its strengths and weaknesses.
    Competitor(competitors) {
        filter: CompetitorFilter, sort: CompetitorSort, query: CompetitorQuery,
        name: "competitor",
        /// The competitors (visible to every caller).
        list: competitors,
        /// One competitor.
        one: competitor,
    }
    fields {
        /// The competitor's name, unique, such as 华锐科技.
        name: String = Name,
        /// The competitor's website address.
        website: Option<String> = Website,
        /// Where the competitor is headquartered, such as 深圳.
        headquarters: Option<String> = Headquarters,
        /// What the competitor does well, as text.
        strengths: String = Strengths,
        /// Where the competitor is weak, as text.
        weaknesses: String = Weaknesses,
        /// How much of a threat the competitor is to us: low, medium or high.
        threat_level: Level = ThreatLevel,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {
        /// The competitor's products.
        products: CompetitorProduct = competitor_products::CompetitorId,
        /// The competitive strategies aimed at this competitor.
        strategies: CompetitiveStrategy = competitive_strategies::CompetitorId,
    }
    extra {}
}

node! {
    /// A product of a competitor, mapped to the product of ours it competes with.
    CompetitorProduct(competitor_products) {
        filter: CompetitorProductFilter, sort: CompetitorProductSort,
        query: CompetitorProductQuery,
        name: "competitor product",
        /// The competitor products (visible to every caller).
        list: competitor_products,
        /// One competitor product.
        one: competitor_product,
    }
    fields {
        /// The product's name or model, unique per competitor, such as `HR-100`.
        name: String = Name,
        /// The competitor's list price per unit in yuan (¥), when known.
        list_price: Option<rust_decimal::Decimal> = ListPrice,
        /// Notes, such as 对标我方网络设备产品.
        notes: Option<String> = Notes,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the competitor that sells it.
        competitor_id: i32 = CompetitorId,
        /// The id of our product it competes with; null when none is mapped.
        our_product_id: Option<i32> = OurProductId,
        /// The id of the product category it falls in.
        category_id: Option<i32> = CategoryId,
    }
    belongs {
        /// The competitor that sells it.
        competitor: Competitor = competitor_id,
        /// Our product it competes with; null when none is mapped.
        our_product: Product = our_product_id,
        /// The product category it falls in.
        category: ProductCategory = category_id,
    }
    has_many {
        /// The prices observed for it in the field, oldest record first.
        price_observations: PriceObservation = price_observations::CompetitorProductId,
    }
    extra {}
}

node! {
    /// A price of a competitor product observed in the field, such as in a tender result or
    /// a quote a customer showed us.
    PriceObservation(price_observations) {
        filter: PriceObservationFilter, sort: PriceObservationSort, query: PriceObservationQuery,
        name: "price observation",
        /// The price observations (visible to every caller).
        list: price_observations,
        /// One price observation.
        one: price_observation,
    }
    fields {
        /// The price observed per unit, in yuan (¥).
        price: rust_decimal::Decimal = Price,
        /// The day the price was observed.
        observed_on: chrono::NaiveDate = ObservedOn,
        /// Where the price comes from, such as 客户提供报价单 or 公开招标结果.
        source: Option<String> = Source,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the competitor product.
        competitor_product_id: i32 = CompetitorProductId,
        /// The id of the branch where the price was observed, if known.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee who observed the price, if known.
        observed_by_id: Option<i32> = ObservedById,
    }
    belongs {
        /// The competitor product.
        competitor_product: CompetitorProduct = competitor_product_id,
        /// The branch where the price was observed, if known.
        branch: Branch = branch_id,
        /// The employee who observed the price, if known.
        observed_by: Employee = observed_by_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A competitor met on an opportunity, and how the deal ended against it; the win rate
    /// per competitor counts the closed opportunities where it was listed.
    OpportunityCompetitor(opportunity_competitors) {
        filter: OpportunityCompetitorFilter, sort: OpportunityCompetitorSort,
        query: OpportunityCompetitorQuery,
        name: "opportunity competitor",
        /// The competitors on the opportunities the caller may see.
        list: opportunity_competitors,
        /// One competitor on an opportunity.
        one: opportunity_competitor,
    }
    fields {
        /// Pending while the deal is open; won or lost against this competitor.
        outcome: CompetitionOutcome = Outcome,
        /// Notes on the competitor's offer, such as 报价低 15%.
        notes: Option<String> = Notes,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the opportunity; one row per opportunity and competitor.
        opportunity_id: i32 = OpportunityId,
        /// The id of the competitor.
        competitor_id: i32 = CompetitorId,
    }
    belongs {
        /// The opportunity.
        opportunity: Opportunity = opportunity_id,
        /// The competitor.
        competitor: Competitor = competitor_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A competitive strategy (竞争策略): differentiation, price or service, against one
    /// competitor or in general, for a region, a branch or the whole company.
    CompetitiveStrategy(competitive_strategies) {
        filter: CompetitiveStrategyFilter, sort: CompetitiveStrategySort,
        query: CompetitiveStrategyQuery,
        name: "competitive strategy",
        /// The competitive strategies (visible to every caller).
        list: competitive_strategies,
        /// One competitive strategy.
        one: competitive_strategy,
    }
    fields {
        /// Differentiation, price or service.
        kind: StrategyKind = Kind,
        /// A one-line headline, such as 中端交换机价格保护.
        title: String = Title,
        /// What the strategy does, such as 对重点争夺项目启用特价审批,降幅不超过 8%.
        description: String = Description,
        /// The first day the strategy applies.
        starts_on: chrono::NaiveDate = StartsOn,
        /// The last day the strategy applies; null when open-ended.
        ends_on: Option<chrono::NaiveDate> = EndsOn,
        /// Draft, active (in force) or retired.
        status: LifecycleStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the competitor the strategy is aimed at; null when it targets none in
        /// particular.
        competitor_id: Option<i32> = CompetitorId,
        /// The id of the region it applies to; null when it is not limited to a region.
        region_id: Option<i32> = RegionId,
        /// The id of the branch it applies to; null when it is not limited to a branch.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee responsible for it.
        owner_id: Option<i32> = OwnerId,
    }
    belongs {
        /// The competitor the strategy is aimed at; null when it targets none in particular.
        competitor: Competitor = competitor_id,
        /// The region it applies to; null when it is not limited to a region.
        region: Region = region_id,
        /// The branch it applies to; null when it is not limited to a branch.
        branch: Branch = branch_id,
        /// The employee responsible for it.
        owner: Employee = owner_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An estimate of the total market size of a product category in a region for a period,
    /// against which our market share is computed (our revenue ÷ market size).
    MarketSizeEstimate(market_size_estimates) {
        filter: MarketSizeEstimateFilter, sort: MarketSizeEstimateSort,
        query: MarketSizeEstimateQuery,
        name: "market size estimate",
        /// The market-size estimates (visible to every caller).
        list: market_size_estimates,
        /// One market-size estimate.
        one: market_size_estimate,
    }
    fields {
        /// The length of the period: year, quarter or month.
        period_kind: PeriodKind = PeriodKind,
        /// The first day of the period, such as 2026-07-01 for the third quarter of 2026.
        period_start: chrono::NaiveDate = PeriodStart,
        /// The estimated size of the whole market over the period, in yuan (¥).
        amount: rust_decimal::Decimal = Amount,
        /// Where the estimate comes from, such as 第三方行业研究机构估算.
        source: Option<String> = Source,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the region; one estimate per region, category, period kind and start.
        region_id: i32 = RegionId,
        /// The id of the product category.
        category_id: i32 = CategoryId,
    }
    belongs {
        /// The region.
        region: Region = region_id,
        /// The product category.
        category: ProductCategory = category_id,
    }
    has_many {}
    extra {}
}

/// Queries of the competition domain.
#[derive(MergedObject, Default)]
pub struct CompetitionQuery(
    CompetitorQuery,
    CompetitorProductQuery,
    PriceObservationQuery,
    OpportunityCompetitorQuery,
    CompetitiveStrategyQuery,
    MarketSizeEstimateQuery,
);
