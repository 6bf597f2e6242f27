//! The first sections: the key-figure tiles, the ranking by attainment, the twelve-month
//! trend and the product-category mix.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use salesgraph_report_sdk::{
    Block, Cell, Change, Chart, ChartKind, Column, Document, Locale, Series, Table, Tile,
};

use crate::model::{Data, Month, Totals, Unit};

/// How many categories get a slice of their own in the pie.
const PIE_SLICES: usize = 7;

/// What an empty section says.
pub(crate) fn no_data(locale: Locale) -> Block {
    Block::Note(locale.pick("本期无数据", "No data for this period").to_owned())
}

fn tile(label: &str, value: Cell, change: Option<Change>) -> Tile {
    Tile { label: label.to_owned(), value, change }
}

/// The key figures: the whole month's `salesMetrics` values as they are.
pub(crate) fn tiles(t: &Totals, locale: Locale) -> Vec<Tile> {
    let p = |zh, en| locale.pick(zh, en);
    vec![
        tile(
            p("营收", "Revenue"),
            Cell::money(t.revenue),
            Some(Change { value: Cell::percent(t.yoy), against: p("同比", "YoY").to_owned() }),
        ),
        tile(p("目标达成率", "Attainment"), Cell::percent(t.attainment), None),
        tile(p("月末进度", "Pace at month end"), Cell::percent(t.pace), None),
        tile(p("同比增长", "YoY growth"), Cell::percent(t.yoy), None),
        tile(p("环比增长", "MoM growth"), Cell::percent(t.mom), None),
        tile(p("订单数", "Orders"), Cell::int(t.orders), None),
        tile(p("新客户", "New customers"), Cell::int(t.new_customers), None),
        tile(p("客户满意度（CSAT）", "CSAT"), Cell::percent(t.csat), None),
        tile(p("净推荐值（NPS）", "NPS"), Cell::number(t.nps), None),
    ]
}

/// Highest first; a missing value after every value.
pub(crate) fn desc_nulls_last(a: Option<Decimal>, b: Option<Decimal>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The units ranked by attainment (highest first, missing last), then revenue, then name.
pub(crate) fn ranked(units: &[Unit]) -> Vec<&Unit> {
    let mut rows: Vec<&Unit> = units.iter().collect();
    rows.sort_by(|a, b| {
        desc_nulls_last(a.attainment, b.attainment)
            .then_with(|| desc_nulls_last(a.revenue, b.revenue))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// The ranking by attainment: branches company-wide, the branch's teams for one branch; the
/// total row is `scope`, what the report covers.
pub(crate) fn ranking(doc: &mut Document, data: &Data, scope: &str, single: bool, locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    let (heading, unit) = if single {
        (p("团队达成排名", "Team ranking by attainment"), p("团队", "Team"))
    } else {
        (p("分公司达成排名", "Branch ranking by attainment"), p("分公司", "Branch"))
    };
    doc.push(Block::Heading(heading.to_owned()));
    if data.units.is_empty() {
        doc.push(no_data(locale));
        return;
    }
    let rows = ranked(&data.units)
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(u.name.clone()),
                Cell::money(u.revenue),
                Cell::money(u.target),
                Cell::percent(u.attainment),
                Cell::percent(u.pace),
                Cell::percent(u.yoy),
            ]
        })
        .collect();
    let t = &data.totals;
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(p("排名", "Rank"), 0.6),
            Column::new(unit, 2.0),
            Column::new(p("营收", "Revenue"), 1.7),
            Column::new(p("目标", "Target"), 1.7),
            Column::new(p("达成率", "Attainment"), 1.0),
            Column::new(p("进度", "Pace"), 0.9),
            Column::new(p("同比", "YoY"), 0.9),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            Cell::text(scope),
            Cell::money(t.revenue),
            Cell::money(t.target),
            Cell::percent(t.attainment),
            Cell::percent(t.pace),
            Cell::percent(t.yoy),
        ]),
    }));
}

fn yuan(v: Option<Decimal>) -> Option<f64> {
    v.and_then(|d| d.to_f64())
}

/// Revenue against target over the twelve months ending with the report's month.
pub(crate) fn trend(doc: &mut Document, months: &[Month], locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(
        p("近12个月营收与目标", "Revenue vs target, last 12 months").to_owned(),
    ));
    doc.push(Block::Chart(Chart {
        title: p("月度营收与目标（元）", "Monthly revenue and target (¥)").to_owned(),
        kind: ChartKind::GroupedBar,
        categories: months.iter().map(|m| m.label.clone()).collect(),
        series: vec![
            Series {
                name: p("营收", "Revenue").to_owned(),
                values: months.iter().map(|m| yuan(m.revenue)).collect(),
            },
            Series {
                name: p("目标", "Target").to_owned(),
                values: months.iter().map(|m| yuan(m.target)).collect(),
            },
        ],
        money: true,
    }));
}

/// Revenue by product category: a table of revenue and share, and a pie.
pub(crate) fn mix(doc: &mut Document, data: &Data, locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(p("产品品类结构", "Product-category mix").to_owned()));
    let categories: Vec<_> = data.categories.iter().filter(|c| !c.revenue.is_zero()).collect();
    if categories.is_empty() {
        doc.push(no_data(locale));
        return;
    }
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(p("品类", "Category"), 2.4),
            Column::new(p("营收", "Revenue"), 1.6),
            Column::new(p("占比", "Share"), 1.0),
        ],
        rows: categories
            .iter()
            .map(|c| {
                vec![Cell::text(c.name.clone()), Cell::Money(c.revenue), Cell::percent(c.share)]
            })
            .collect(),
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::money(data.totals.revenue),
            Cell::Empty,
        ]),
    }));
    // The chart's palette has eight colours: the largest seven, and the rest together.
    let mut names: Vec<String> =
        categories.iter().take(PIE_SLICES).map(|c| c.name.clone()).collect();
    let mut values: Vec<Option<f64>> =
        categories.iter().take(PIE_SLICES).map(|c| c.revenue.to_f64()).collect();
    if categories.len() > PIE_SLICES {
        let rest: Decimal = categories.iter().skip(PIE_SLICES).map(|c| c.revenue).sum();
        names.push(p("其他", "Other").to_owned());
        values.push(rest.to_f64());
    }
    doc.push(Block::Chart(Chart {
        title: p("品类营收占比", "Revenue share by category").to_owned(),
        kind: ChartKind::Pie,
        categories: names,
        series: vec![Series { name: p("营收", "Revenue").to_owned(), values }],
        money: true,
    }));
}
