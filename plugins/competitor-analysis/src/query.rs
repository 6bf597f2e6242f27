//! The one GraphQL request the report needs: the competitors, their products with every price
//! observed and our product each maps to, our list price changes, the competitive strategies
//! in force, the deals lost around the period and `salesMetrics` grouped by competitor.

use chrono::Days;
use salesgraph_report_sdk::Query;
use serde_json::{Value, json};

use crate::period::Period;

/// The query text; everything that depends on the parameters is a variable.
pub const TEXT: &str = r#"query CompetitorAnalysis(
  $from: NaiveDate!
  $to: NaiveDate!
  $competitors: CompetitorFilter
  $products: CompetitorProductFilter
  $priceChanges: PriceChangeFilter!
  $strategies: CompetitiveStrategyFilter!
  $lost: OpportunityFilter!
) {
  competitors(first: 500, orderBy: NAME, filter: $competitors) {
    totalCount
    nodes { id name threatLevel strengths weaknesses }
  }
  competitorProducts(first: 500, orderBy: ID, filter: $products) {
    nodes {
      id
      name
      competitorId
      category { id name }
      ourProduct { id name listPrice category { id name } }
      priceObservations { price observedOn }
    }
  }
  priceChanges(first: 500, orderBy: EFFECTIVE_ON, filter: $priceChanges) {
    nodes { productId oldPrice effectiveOn }
  }
  competitiveStrategies(first: 500, orderBy: STARTS_ON, filter: $strategies) {
    nodes {
      competitorId
      kind
      title
      description
      startsOn
      endsOn
      status
      regionId
      region { name }
      branchId
      branch { name }
    }
  }
  lostDeals: opportunities(first: 500, orderBy: CLOSED_AT, direction: DESC, filter: $lost) {
    totalCount
    nodes { id closedAt lostReason competitors { competitorId } }
  }
  salesMetrics(input: { from: $from, to: $to, groupBy: [COMPETITOR] }) {
    competitorId
    competitor { name }
    wonDeals
    lostDeals
    winRate
  }
}"#;

/// The request for `period` and, when one was chosen, one competitor.
///
/// Lost deals are asked for from a day before the period to a day after it (in UTC), because
/// the business time zone is known only when the document is built: [`crate::data`] keeps those
/// closed on a business day of the period, as `salesMetrics` does.
pub fn query(period: &Period, competitor: Option<i64>) -> Query {
    let from = period.from.to_string();
    let to = period.to.to_string();
    let utc_day = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(String::new, |d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
    };
    let lost_from = utc_day(period.from.checked_sub_days(Days::new(1)));
    let lost_to = utc_day(period.to.checked_add_days(Days::new(2)));
    let id = competitor.map(|id| id.to_string());
    let in_force = json!({
        "startsOn": { "lte": to },
        "status": { "ne": "DRAFT" },
        "or": [
            { "endsOn": { "gte": from } },
            { "endsOn": { "isNull": true }, "status": { "eq": "ACTIVE" } }
        ]
    });
    let (competitors, products, strategies) = match &id {
        Some(id) => (
            json!({ "id": { "eq": id } }),
            json!({ "competitorId": { "eq": id } }),
            with(in_force, "competitorId", json!({ "eq": id })),
        ),
        None => {
            (Value::Null, Value::Null, with(in_force, "competitorId", json!({ "isNull": false })))
        }
    };
    Query {
        text: TEXT.to_owned(),
        variables: json!({
            "from": from,
            "to": to,
            "competitors": competitors,
            "products": products,
            "priceChanges": { "effectiveOn": { "gt": from } },
            "strategies": strategies,
            "lost": {
                "status": { "eq": "LOST" },
                "closedAt": { "gte": lost_from, "lt": lost_to }
            }
        }),
    }
}

/// `filter` with one more condition.
fn with(mut filter: Value, key: &str, condition: Value) -> Value {
    if let Some(map) = filter.as_object_mut() {
        map.insert(key.to_owned(), condition);
    }
    filter
}
