//! The figures of the report, independent of language: the threat ranking, the price index
//! per category and month, the strategies in force and the reasons of lost deals.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::data::{Competitor, CompetitorProduct, Data, Metrics, PriceChange, Strategy};
use crate::period::Period;

/// How many competitors get a detail section when the report covers all of them.
pub const TOP: usize = 5;

/// One competitor in the ranking.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The competitor's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The recorded threat level (`HIGH`, `MEDIUM`, `LOW`), empty when unknown.
    pub threat: String,
    /// Its `salesMetrics` row; none when no deal where it was listed closed in the period.
    pub metrics: Option<&'a Metrics>,
    /// The threat rank, 1 the biggest; none for a competitor not met in the period.
    pub rank: Option<usize>,
    /// The mean price index over all its observations in the period.
    pub price_index: Option<Decimal>,
}

impl Row<'_> {
    /// Deals met: won + lost, when the row has both counts.
    pub fn met(&self) -> Option<i64> {
        let m = self.metrics?;
        Some(m.won? + m.lost?)
    }
}

/// Their observed price ÷ our list price × 100 per category and month.
#[derive(Debug, Clone, Default)]
pub struct PriceIndex {
    /// The categories, by name; `None` for products without a category.
    pub categories: Vec<Option<String>>,
    /// Per category, per month of the period: the mean index of the observations.
    pub monthly: Vec<Vec<Option<Decimal>>>,
    /// Per category: the mean index over the period.
    pub by_category: Vec<Option<Decimal>>,
    /// Per month: the mean over every observation of the month.
    pub all_monthly: Vec<Option<Decimal>>,
    /// The mean over every observation of the period.
    pub overall: Option<Decimal>,
    /// How many observations were compared.
    pub observations: usize,
}

/// The detail section of one competitor.
#[derive(Debug, Clone)]
pub struct Detail<'a> {
    /// Its ranking row.
    pub row: Row<'a>,
    /// Its record, when the competitor list has it.
    pub competitor: Option<&'a Competitor>,
    /// Its price index.
    pub prices: PriceIndex,
    /// The strategies aimed at it in force during the period.
    pub strategies: Vec<&'a Strategy>,
    /// Lost deals per reason (`None`: no reason given), most frequent first.
    pub reasons: Vec<(Option<String>, i64)>,
}

/// Everything the document shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The summary rows: every competitor in rank order, or the one chosen.
    pub rows: Vec<Row<'a>>,
    /// How many competitors were met in the period (and so ranked).
    pub ranked: usize,
    /// The detail sections: the top threats, or the one chosen.
    pub details: Vec<Detail<'a>>,
    /// The competitor chosen, if any.
    pub chosen: Option<&'a Competitor>,
    /// Whether more deals were lost than the query returned (the reasons are then partial).
    pub lost_partial: bool,
}

impl<'a> Report<'a> {
    /// The figures for `period`, of all competitors or of `chosen`; `Err` with the id when the
    /// chosen competitor is not in the data. `offset` is the business time zone's, which cuts
    /// the lost deals into business days.
    pub fn new(
        data: &'a Data,
        period: &Period,
        chosen: Option<i64>,
        offset: FixedOffset,
    ) -> Result<Self, i64> {
        let chosen = match chosen {
            Some(id) => Some(data.competitors.iter().find(|c| c.id == id).ok_or(id)?),
            None => None,
        };
        let ranking = ranking(data, period);
        let ranked = ranking.iter().filter(|r| r.rank.is_some()).count();
        let rows: Vec<Row<'a>> = match chosen {
            Some(c) => ranking.into_iter().filter(|r| r.id == c.id).collect(),
            None => ranking,
        };
        let details = rows
            .iter()
            .take(TOP)
            .map(|row| Detail {
                row: row.clone(),
                competitor: data.competitors.iter().find(|c| c.id == row.id),
                prices: price_index(data, row.id, period),
                strategies: data
                    .strategies
                    .iter()
                    .filter(|s| s.competitor == Some(row.id) && in_force(s, period))
                    .collect(),
                reasons: reasons(data, row.id, period, offset),
            })
            .collect();
        let lost_partial = data.lost_total > data.lost_deals.len() as i64;
        Ok(Self { rows, ranked, details, chosen, lost_partial })
    }
}

/// Every competitor known from the records or the metrics, the ones met in the period first,
/// ranked by lost deals (most first), then win rate (lowest first), then deals met (most
/// first), then name; then the others by recorded threat level and name.
fn ranking<'a>(data: &'a Data, period: &Period) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = data
        .competitors
        .iter()
        .map(|c| (c.id, c.name.clone(), c.threat.clone()))
        .chain(
            data.metrics
                .iter()
                .filter(|m| !data.competitors.iter().any(|c| c.id == m.competitor))
                .map(|m| {
                    (
                        m.competitor,
                        m.name.clone().unwrap_or_else(|| format!("#{}", m.competitor)),
                        String::new(),
                    )
                }),
        )
        .map(|(id, name, threat)| Row {
            id,
            name,
            threat,
            metrics: data.metrics.iter().find(|m| m.competitor == id),
            rank: None,
            price_index: price_index(data, id, period).overall,
        })
        .collect();
    let threat = |r: &Row<'_>| match r.threat.as_str() {
        "HIGH" => 0,
        "MEDIUM" => 1,
        "LOW" => 2,
        _ => 3,
    };
    rows.sort_by(|a, b| {
        let (ma, mb) = (a.met().unwrap_or(0), b.met().unwrap_or(0));
        let lost = |r: &Row<'_>| r.metrics.and_then(|m| m.lost).unwrap_or(0);
        let rate = |r: &Row<'_>| r.metrics.and_then(|m| m.win_rate);
        (mb > 0)
            .cmp(&(ma > 0))
            .then_with(|| lost(b).cmp(&lost(a)))
            .then_with(|| match (rate(a), rate(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| mb.cmp(&ma))
            .then_with(|| if ma > 0 { Ordering::Equal } else { threat(a).cmp(&threat(b)) })
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        if row.met().unwrap_or(0) > 0 {
            row.rank = Some(i + 1);
        }
    }
    rows
}

/// Whether a strategy applies on some day of the period.
fn in_force(s: &Strategy, period: &Period) -> bool {
    let ends_after = match s.ends_on {
        Some(end) => end >= period.from,
        None => s.status == "ACTIVE",
    };
    s.status != "DRAFT" && s.starts_on <= period.to && ends_after
}

/// Our list price of `product` on `day`: the old price of the first change after that day,
/// or the current price when it has not changed since.
fn list_price_on(
    changes: &[PriceChange],
    product: i64,
    current: Decimal,
    day: NaiveDate,
) -> Decimal {
    changes
        .iter()
        .filter(|c| c.product == product && c.effective_on > day)
        .min_by_key(|c| c.effective_on)
        .map_or(current, |c| c.old_price)
}

/// `100 × price ÷ list`, when our list price is positive.
pub fn index(price: Decimal, list: Decimal) -> Option<Decimal> {
    if list <= Decimal::ZERO {
        return None;
    }
    price.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(list)
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    let sum = values.iter().try_fold(Decimal::ZERO, |s, v| s.checked_add(*v))?;
    let mean = sum.checked_div(Decimal::from(values.len()))?;
    Some(mean.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// The price index of `competitor` per category and month of `period`.
pub fn price_index(data: &Data, competitor: i64, period: &Period) -> PriceIndex {
    let n = period.months.len();
    // category → per month, the indices observed
    let mut cells: BTreeMap<Option<String>, Vec<Vec<Decimal>>> = BTreeMap::new();
    let products = data.products.iter().filter(|p| p.competitor == competitor);
    for (p, ours) in products.filter_map(|p: &CompetitorProduct| Some((p, p.ours.as_ref()?))) {
        let category = p.category.clone().or_else(|| ours.category.clone());
        for (day, price) in &p.observations {
            let Some(month) = period.month_of(*day) else { continue };
            let list = list_price_on(&data.price_changes, ours.id, ours.list_price, *day);
            if let Some(i) = index(*price, list) {
                let months = cells.entry(category.clone()).or_insert_with(|| vec![Vec::new(); n]);
                if let Some(slot) = months.get_mut(month) {
                    slot.push(i);
                }
            }
        }
    }
    // Named categories first, by name; uncategorised last.
    let mut categories: Vec<Option<String>> = cells.keys().cloned().collect();
    categories.sort_by_key(|c| (c.is_none(), c.clone()));
    let mut out = PriceIndex { all_monthly: vec![None; n], ..PriceIndex::default() };
    let mut all: Vec<Vec<Decimal>> = vec![Vec::new(); n];
    for category in categories {
        let months = cells.remove(&category).unwrap_or_default();
        let flat: Vec<Decimal> = months.iter().flatten().copied().collect();
        out.observations += flat.len();
        out.by_category.push(mean(&flat));
        out.monthly.push(months.iter().map(|m| mean(m)).collect());
        for (slot, m) in all.iter_mut().zip(&months) {
            slot.extend_from_slice(m);
        }
        out.categories.push(category);
    }
    out.all_monthly = all.iter().map(|m| mean(m)).collect();
    out.overall = mean(&all.concat());
    out
}

/// The lost deals of the period where `competitor` was listed, counted by reason.
fn reasons(
    data: &Data,
    competitor: i64,
    period: &Period,
    offset: FixedOffset,
) -> Vec<(Option<String>, i64)> {
    let mut counts: BTreeMap<Option<String>, i64> = BTreeMap::new();
    for deal in &data.lost_deals {
        let day = deal.closed_at.with_timezone(&offset).date_naive();
        if deal.competitors.contains(&competitor) && period.month_of(day).is_some() {
            *counts.entry(deal.reason.clone()).or_default() += 1;
        }
    }
    let mut out: Vec<(Option<String>, i64)> = counts.into_iter().collect();
    out.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| (a.0.is_none(), &a.0).cmp(&(b.0.is_none(), &b.0)))
    });
    out
}
