//! Plain edits of competitive intelligence: competitors, their products and our strategies
//! against them. Observed prices have their own verb (`recordPriceObservation`).

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{
    competitive_strategies, competitor_products, competitors, employees, market_size_estimates,
    product_categories, products, regions,
};
use sea_orm::DatabaseTransaction;

use super::{CompetitiveStrategy, Competitor, CompetitorProduct, MarketSizeEstimate};
use crate::error::ApiError;
use crate::graphql::crud::{
    Date, Enum, Money, Nullable, OptionalBranchRef, Ref, Table, Text, TotalMoney, crud, no_check,
    ordered, visible,
};

/// Who maintains competitive intelligence.
const ANALYSTS: &[Role] = &[Role::HqAdmin, Role::HqAnalyst];

const COMPETITORS: Table<competitors::Entity> = Table {
    what: "competitor",
    actions: ["competitor.create", "competitor.update", "competitor.delete"],
    roles: ANALYSTS,
    unique: &["name"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of competitors.
    CompetitorMutation: Competitor(competitors) {
        table: COMPETITORS,
        /// The fields of a competitor; on update, only those given change, and `null` empties
        /// an optional one.
        input: CompetitorInput,
        /// Adds a competitor (HQ_ADMIN, HQ_ANALYST).
        create: create_competitor,
        /// Changes a competitor (HQ_ADMIN, HQ_ANALYST), if it is still at the version you read.
        update: update_competitor,
        /// Deletes a competitor nothing refers to (HQ_ADMIN, HQ_ANALYST); CONFLICT otherwise.
        delete: delete_competitor,
    }
    fields {
        /// Its name, unique, 1 to 100 characters, such as 华信科技.
        name: Text<1, 100> => name,
        /// Optional. Its website, at most 200 characters.
        website: Nullable<Text<1, 200>> => website,
        /// Optional. Where it is based, at most 100 characters.
        headquarters: Nullable<Text<1, 100>> => headquarters,
        /// What it does well, 1 to 2,000 characters.
        strengths: Text<1, 2000> => strengths,
        /// Where it is weak, 1 to 2,000 characters.
        weaknesses: Text<1, 2000> => weaknesses,
        /// How much of a threat it is.
        threat_level: Enum<model::Level> => threat_level,
    }
    server |p, now| {}
}

const COMPETITOR_PRODUCTS: Table<competitor_products::Entity> = Table {
    what: "competitor product",
    actions: ["competitorProduct.create", "competitorProduct.update", "competitorProduct.delete"],
    roles: ANALYSTS,
    unique: &["name"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of competitors' products.
    CompetitorProductMutation: CompetitorProduct(competitor_products) {
        table: COMPETITOR_PRODUCTS,
        /// The fields of a competitor's product; on update, only those given change, and
        /// `null` empties an optional one.
        input: CompetitorProductInput,
        /// Adds a competitor's product (HQ_ADMIN, HQ_ANALYST).
        create: create_competitor_product,
        /// Changes a competitor's product (HQ_ADMIN, HQ_ANALYST), if it is still at the version
        /// you read.
        update: update_competitor_product,
        /// Deletes a competitor's product without observed prices (HQ_ADMIN, HQ_ANALYST);
        /// CONFLICT otherwise.
        delete: delete_competitor_product,
    }
    fields {
        /// The competitor selling it.
        competitor_id: Ref<competitors::Entity> => competitor_id,
        /// Its name, unique per competitor, 1 to 100 characters.
        name: Text<1, 100> => name,
        /// Optional. Our product it competes with.
        our_product_id: Nullable<Ref<products::Entity>> => our_product_id,
        /// Optional. Its category in our catalogue.
        category_id: Nullable<Ref<product_categories::Entity>> => category_id,
        /// Optional. Its list price in yuan (¥).
        list_price: Nullable<Money> => list_price,
        /// Optional. Notes, at most 2,000 characters.
        notes: Nullable<Text<1, 2000>> => notes,
    }
    server |p, now| {}
}

const STRATEGIES: Table<competitive_strategies::Entity> = Table {
    what: "competitive strategy",
    actions: [
        "competitiveStrategy.create",
        "competitiveStrategy.update",
        "competitiveStrategy.delete",
    ],
    roles: ANALYSTS,
    unique: &[],
    write_scope: visible,
    check: strategy_dates,
};

fn strategy_dates<'a>(
    _: &'a DatabaseTransaction,
    strategy: &'a competitive_strategies::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let result = ordered("endsOn", &strategy.starts_on, strategy.ends_on.as_ref());
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of competitive strategies.
    CompetitiveStrategyMutation: CompetitiveStrategy(competitive_strategies) {
        table: STRATEGIES,
        /// The fields of a competitive strategy; on update, only those given change, and
        /// `null` empties an optional one.
        input: CompetitiveStrategyInput,
        /// Adopts a competitive strategy (HQ_ADMIN, HQ_ANALYST).
        create: create_competitive_strategy,
        /// Changes a competitive strategy (HQ_ADMIN, HQ_ANALYST), if it is still at the version
        /// you read.
        update: update_competitive_strategy,
        /// Deletes a competitive strategy (HQ_ADMIN, HQ_ANALYST).
        delete: delete_competitive_strategy,
    }
    fields {
        /// Optional. The competitor it answers; none for a general strategy.
        competitor_id: Nullable<Ref<competitors::Entity>> => competitor_id,
        /// What kind of strategy it is.
        kind: Enum<model::StrategyKind> => kind,
        /// Headline, 2 to 200 characters.
        title: Text<2, 200> => title,
        /// What we do, 1 to 4,000 characters.
        description: Text<1, 4000> => description,
        /// Optional. The region it applies to.
        region_id: Nullable<Ref<regions::Entity>> => region_id,
        /// Optional. The branch it applies to.
        branch_id: OptionalBranchRef => branch_id,
        /// Optional. Who owns it.
        owner_id: Nullable<Ref<employees::Entity>> => owner_id,
        /// First day.
        starts_on: Date => starts_on,
        /// Optional. Last day, not before the first.
        ends_on: Nullable<Date> => ends_on,
        /// Its lifecycle (default DRAFT).
        status: Enum<model::LifecycleStatus> = model::LifecycleStatus::Draft => status,
    }
    server |p, now| {}
}

const MARKET_SIZES: Table<market_size_estimates::Entity> = Table {
    what: "market size estimate",
    actions: [
        "marketSizeEstimate.create",
        "marketSizeEstimate.update",
        "marketSizeEstimate.delete",
    ],
    roles: ANALYSTS,
    unique: &["period_start"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of market-size estimates, from which branch market shares are computed.
    MarketSizeEstimateMutation: MarketSizeEstimate(market_size_estimates) {
        table: MARKET_SIZES,
        /// The fields of a market-size estimate; on update, only those given change, and
        /// `null` empties an optional one.
        input: MarketSizeEstimateInput,
        /// Records an estimate (HQ_ADMIN, HQ_ANALYST); CONFLICT when the region, category and
        /// period already have one.
        create: create_market_size_estimate,
        /// Changes an estimate (HQ_ADMIN, HQ_ANALYST), if it is still at the version you read.
        update: update_market_size_estimate,
        /// Deletes an estimate (HQ_ADMIN, HQ_ANALYST).
        delete: delete_market_size_estimate,
    }
    fields {
        /// The region.
        region_id: Ref<regions::Entity> => region_id,
        /// The product category.
        category_id: Ref<product_categories::Entity> => category_id,
        /// The length of the period.
        period_kind: Enum<model::PeriodKind> => period_kind,
        /// The first day of the period.
        period_start: Date => period_start,
        /// The estimated market size in yuan (¥), at most ¥10,000,000,000,000.00.
        amount: TotalMoney => amount,
        /// Optional. Where the estimate comes from, at most 200 characters.
        source: Nullable<Text<1, 200>> => source,
    }
    server |p, now| {}
}
