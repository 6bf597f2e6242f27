//! Reading the query result into plain records, with a path-named [`DataError`] wherever the
//! result is not shaped as [`crate::query::TEXT`] asks.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_report_sdk::{DataError, View};

/// A competitor as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Competitor {
    /// Its id.
    pub id: i64,
    /// Its name, such as 华锐科技.
    pub name: String,
    /// `LOW`, `MEDIUM` or `HIGH`.
    pub threat: String,
    /// What it does well, item by item.
    pub strengths: Vec<String>,
    /// Where it is weak, item by item.
    pub weaknesses: Vec<String>,
}

/// One `salesMetrics` row: the deals closed in the period where the competitor was listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// The competitor's id.
    pub competitor: i64,
    /// The competitor's name, when the row carries it.
    pub name: Option<String>,
    /// `wonDeals`, as returned.
    pub won: Option<i64>,
    /// `lostDeals`, as returned.
    pub lost: Option<i64>,
    /// In percent, as returned.
    pub win_rate: Option<Decimal>,
}

/// Our product a competitor product is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct OurProduct {
    /// Its id.
    pub id: i64,
    /// The current list price.
    pub list_price: Decimal,
    /// The name of its category.
    pub category: Option<String>,
}

/// A competitor product with the prices observed for it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetitorProduct {
    /// The id of the competitor selling it.
    pub competitor: i64,
    /// The name of the category it falls in.
    pub category: Option<String>,
    /// Our product it is mapped to.
    pub ours: Option<OurProduct>,
    /// Day and price of each observation.
    pub observations: Vec<(NaiveDate, Decimal)>,
}

/// A change of one of our list prices: `old_price` applied until the day before `effective_on`.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceChange {
    /// Our product's id.
    pub product: i64,
    /// The list price before the change.
    pub old_price: Decimal,
    /// The first day of the new price.
    pub effective_on: NaiveDate,
}

/// A competitive strategy in force during the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    /// The id of the competitor it is aimed at.
    pub competitor: Option<i64>,
    /// `PRICE`, `DIFFERENTIATION` or `SERVICE`.
    pub kind: String,
    /// Its headline.
    pub title: String,
    /// What it does.
    pub description: String,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day, when it has one.
    pub ends_on: Option<NaiveDate>,
    /// `ACTIVE` or `RETIRED`.
    pub status: String,
    /// The branch or region it is limited to.
    pub scope: StrategyScope,
}

/// Where a strategy applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrategyScope {
    /// Everywhere: it names no region and no branch.
    Company,
    /// The named branch or region.
    Named(String),
    /// A branch or region the requester may not see (its name is not theirs to read).
    Elsewhere,
}

/// A deal lost around the period, with the competitors listed on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LostDeal {
    /// When it was lost.
    pub closed_at: DateTime<FixedOffset>,
    /// Why, when recorded.
    pub reason: Option<String>,
    /// The ids of the competitors listed on it, each once.
    pub competitors: Vec<i64>,
}

/// Everything the query returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    /// The competitors asked about: all, or the one chosen.
    pub competitors: Vec<Competitor>,
    /// `salesMetrics` grouped by competitor, every competitor met.
    pub metrics: Vec<Metrics>,
    /// Their products with the prices observed.
    pub products: Vec<CompetitorProduct>,
    /// Our list price changes after the first day of the period.
    pub price_changes: Vec<PriceChange>,
    /// The strategies in force during the period.
    pub strategies: Vec<Strategy>,
    /// The deals lost around the period, latest first.
    pub lost_deals: Vec<LostDeal>,
    /// How many lost deals matched, of which `lost_deals` are the latest (at most 500).
    pub lost_total: i64,
}

impl Data {
    /// Reads the `data` of the query result.
    pub fn read(value: &serde_json::Value) -> Result<Self, DataError> {
        let root = View::root(value);
        let competitors = required(root.get("competitors"))?;
        required(competitors.get("totalCount"))?.int()?;
        let lost = required(root.get("lostDeals"))?;
        Ok(Self {
            competitors: competitors.nodes()?.iter().map(competitor).collect::<Result<_, _>>()?,
            metrics: list(&root, "salesMetrics")?.iter().map(metrics).collect::<Result<_, _>>()?,
            products: nodes(&root, "competitorProducts")?
                .iter()
                .map(product)
                .collect::<Result<_, _>>()?,
            price_changes: nodes(&root, "priceChanges")?
                .iter()
                .map(price_change)
                .collect::<Result<_, _>>()?,
            strategies: nodes(&root, "competitiveStrategies")?
                .iter()
                .map(strategy)
                .collect::<Result<_, _>>()?,
            lost_deals: lost.nodes()?.iter().map(lost_deal).collect::<Result<_, _>>()?,
            lost_total: required(lost.get("totalCount"))?.int()?.unwrap_or_default(),
        })
    }
}

fn required(view: View<'_>) -> Result<View<'_>, DataError> {
    if view.exists() { Ok(view) } else { Err(view.error()) }
}

fn list<'a>(root: &View<'a>, key: &str) -> Result<Vec<View<'a>>, DataError> {
    required(root.get(key))?.list()
}

fn nodes<'a>(root: &View<'a>, key: &str) -> Result<Vec<View<'a>>, DataError> {
    required(root.get(key))?.nodes()
}

fn id(view: &View<'_>) -> Result<i64, DataError> {
    view.int()?.ok_or_else(|| view.error())
}

fn date(view: &View<'_>) -> Result<NaiveDate, DataError> {
    NaiveDate::parse_from_str(view.text()?, "%Y-%m-%d").map_err(|_| view.error())
}

fn price(view: &View<'_>) -> Result<Decimal, DataError> {
    view.decimal()?.ok_or_else(|| view.error())
}

fn text(view: &View<'_>) -> Result<Option<String>, DataError> {
    Ok(view.str()?.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned))
}

/// The items of a free-text list such as `价格低,渠道下沉快,交付周期短`.
fn items(text: &str) -> Vec<String> {
    text.split([',', '，', ';', '；', '、', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn competitor(v: &View<'_>) -> Result<Competitor, DataError> {
    Ok(Competitor {
        id: id(&v.get("id"))?,
        name: v.get("name").text()?.to_owned(),
        threat: v.get("threatLevel").str()?.unwrap_or_default().to_owned(),
        strengths: items(v.get("strengths").str()?.unwrap_or_default()),
        weaknesses: items(v.get("weaknesses").str()?.unwrap_or_default()),
    })
}

fn metrics(v: &View<'_>) -> Result<Metrics, DataError> {
    Ok(Metrics {
        competitor: id(&v.get("competitorId"))?,
        name: text(&v.get("competitor.name"))?,
        won: v.get("wonDeals").int()?,
        lost: v.get("lostDeals").int()?,
        win_rate: v.get("winRate").decimal()?,
    })
}

fn product(v: &View<'_>) -> Result<CompetitorProduct, DataError> {
    let ours = v.get("ourProduct");
    let ours = if ours.exists() {
        Some(OurProduct {
            id: id(&ours.get("id"))?,
            list_price: price(&ours.get("listPrice"))?,
            category: text(&ours.get("category.name"))?,
        })
    } else {
        None
    };
    let observations = required(v.get("priceObservations"))?
        .list()?
        .iter()
        .map(|o| Ok((date(&o.get("observedOn"))?, price(&o.get("price"))?)))
        .collect::<Result<_, DataError>>()?;
    Ok(CompetitorProduct {
        competitor: id(&v.get("competitorId"))?,
        category: text(&v.get("category.name"))?,
        ours,
        observations,
    })
}

fn price_change(v: &View<'_>) -> Result<PriceChange, DataError> {
    Ok(PriceChange {
        product: id(&v.get("productId"))?,
        old_price: price(&v.get("oldPrice"))?,
        effective_on: date(&v.get("effectiveOn"))?,
    })
}

fn strategy(v: &View<'_>) -> Result<Strategy, DataError> {
    let ends = v.get("endsOn");
    Ok(Strategy {
        competitor: v.get("competitorId").int()?,
        kind: v.get("kind").text()?.to_owned(),
        title: v.get("title").text()?.to_owned(),
        description: text(&v.get("description"))?.unwrap_or_default(),
        starts_on: date(&v.get("startsOn"))?,
        ends_on: if ends.exists() { Some(date(&ends)?) } else { None },
        status: v.get("status").text()?.to_owned(),
        scope: strategy_scope(v)?,
    })
}

/// The narrowest unit a strategy names — its branch, else its region — by name, or
/// `Elsewhere` when the requester may not see that unit (the API gives its id, not its name:
/// a hidden branch is not passed off as its visible region).
fn strategy_scope(v: &View<'_>) -> Result<StrategyScope, DataError> {
    for unit in ["branch", "region"] {
        if v.get(&format!("{unit}Id")).exists() {
            return Ok(match text(&v.get(&format!("{unit}.name")))? {
                Some(name) => StrategyScope::Named(name),
                None => StrategyScope::Elsewhere,
            });
        }
    }
    Ok(StrategyScope::Company)
}

fn lost_deal(v: &View<'_>) -> Result<LostDeal, DataError> {
    let closed = v.get("closedAt");
    let closed_at = DateTime::parse_from_rfc3339(closed.text()?).map_err(|_| closed.error())?;
    let mut competitors = required(v.get("competitors"))?
        .list()?
        .iter()
        .map(|c| id(&c.get("competitorId")))
        .collect::<Result<Vec<_>, _>>()?;
    competitors.sort_unstable();
    competitors.dedup();
    Ok(LostDeal { closed_at, reason: text(&v.get("lostReason"))?, competitors })
}
