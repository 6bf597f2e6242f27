//! The detail section of one competitor: key figures, the price index chart and table,
//! strengths and weaknesses, the strategies in force and the reasons of lost deals.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use salesgraph_report_sdk::{
    Block, Cell, Chart, ChartKind, Column, Document, Locale, Series, Table, Tile,
};

use crate::analysis::{Detail, PriceIndex};
use crate::data::{Strategy, StrategyScope};
use crate::period::Period;
use crate::summary::threat_level;

/// Appends the section of `d` to `doc`.
pub fn section(doc: &mut Document, d: &Detail<'_>, period: &Period, locale: Locale) {
    let row = &d.row;
    let heading = match (row.rank, locale) {
        (Some(n), Locale::ZhCn) => format!("{} · 威胁排名第 {n}", row.name),
        (Some(n), Locale::En) => format!("{} · threat rank {n}", row.name),
        (None, Locale::ZhCn) => format!("{} · 本期未交手", row.name),
        (None, Locale::En) => format!("{} · not met in the period", row.name),
    };
    doc.push(Block::Heading(heading));
    let m = row.metrics;
    let tile = |label: &str, value: Cell| Tile { label: label.to_owned(), value, change: None };
    doc.push(Block::Tiles(vec![
        tile(locale.pick("交手商机", "Deals met"), Cell::int(row.met())),
        tile(locale.pick("赢单", "Won"), Cell::int(m.and_then(|m| m.won))),
        tile(locale.pick("丢单", "Lost"), Cell::int(m.and_then(|m| m.lost))),
        tile(locale.pick("我方胜率", "Our win rate"), Cell::percent(m.and_then(|m| m.win_rate))),
        tile(
            locale.pick("价格指数（本期平均）", "Price index (period)"),
            Cell::percent(row.price_index),
        ),
        tile(
            locale.pick("威胁等级（档案）", "Threat level (record)"),
            threat_level(&row.threat, locale),
        ),
    ]));
    prices(doc, &d.prices, period, locale);
    let (strengths, weaknesses) =
        d.competitor.map_or((&[][..], &[][..]), |c| (&c.strengths[..], &c.weaknesses[..]));
    traits(doc, strengths, weaknesses, locale);
    strategies(doc, &d.strategies, locale);
    reasons(doc, &d.reasons, locale);
}

fn no_data(locale: Locale) -> &'static str {
    locale.pick("本期无数据", "No data for this period")
}

/// `label：text` in Chinese, `label: text` in English.
fn labelled(label: &str, text: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{label}：{text}"),
        Locale::En => format!("{label}: {text}").trim_end().to_owned(),
    }
}

fn category_name(c: &Option<String>, locale: Locale) -> String {
    c.clone().unwrap_or_else(|| locale.pick("未分类", "Uncategorised").to_owned())
}

/// The price index over the months: a line per category and a table.
fn prices(doc: &mut Document, p: &PriceIndex, period: &Period, locale: Locale) {
    let title = locale.pick(
        "价格指数（竞品观察价 ÷ 我方目录价，按品类、按月平均）",
        "Price index (their observed price ÷ our list price, by category and month)",
    );
    if p.observations == 0 {
        doc.push(Block::Paragraph(labelled(title, no_data(locale), locale)));
        return;
    }
    let months = period.month_labels(locale);
    let f = |v: &Option<Decimal>| v.and_then(|v| v.to_f64());
    let mut series: Vec<Series> = p
        .categories
        .iter()
        .zip(&p.monthly)
        .map(|(c, values)| Series {
            name: category_name(c, locale),
            values: values.iter().map(f).collect(),
        })
        .collect();
    // The parity line: their price equal to ours.
    series.push(Series {
        name: locale.pick("我方目录价 = 100%", "Our list price = 100%").to_owned(),
        values: vec![Some(100.0); months.len()],
    });
    doc.push(Block::Chart(Chart {
        title: title.to_owned(),
        kind: ChartKind::Line,
        categories: months.clone(),
        series,
        money: false,
    }));
    let several = p.categories.len() > 1;
    let mut columns = vec![Column::new(locale.pick("月份", "Month"), 1.2)];
    columns.extend(p.categories.iter().map(|c| Column::new(category_name(c, locale), 1.0)));
    if several {
        columns.push(Column::new(locale.pick("全部品类", "All categories"), 1.0));
    }
    let rows = months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let mut row = vec![Cell::text(month.clone())];
            row.extend(p.monthly.iter().map(|m| Cell::percent(m.get(i).copied().flatten())));
            if several {
                row.push(Cell::percent(p.all_monthly.get(i).copied().flatten()));
            }
            row
        })
        .collect();
    let mut total = vec![Cell::text(locale.pick("本期平均", "Period"))];
    total.extend(p.by_category.iter().map(|v| Cell::percent(*v)));
    if several {
        total.push(Cell::percent(p.overall));
    }
    doc.push(Block::Table(Table { columns, rows, total: Some(total) }));
}

/// Strengths and weaknesses: one bullet each, its items after the label.
fn traits(doc: &mut Document, strengths: &[String], weaknesses: &[String], locale: Locale) {
    let line = |label: &str, items: &[String]| {
        let text = if items.is_empty() {
            locale.pick("未记录", "not recorded").to_owned()
        } else {
            items.join(locale.pick("；", "; "))
        };
        labelled(label, &text, locale)
    };
    doc.push(Block::Bullets(vec![
        line(locale.pick("优势", "Strengths"), strengths),
        line(locale.pick("劣势", "Weaknesses"), weaknesses),
    ]));
}

fn strategy_kind(kind: &str, locale: Locale) -> String {
    match kind {
        "PRICE" => locale.pick("价格", "Price"),
        "DIFFERENTIATION" => locale.pick("差异化", "Differentiation"),
        "SERVICE" => locale.pick("服务", "Service"),
        other => other,
    }
    .to_owned()
}

/// The strategies in force during the period.
fn strategies(doc: &mut Document, list: &[&Strategy], locale: Locale) {
    let label = locale.pick("本期在执行的竞争策略", "Strategies in force in the period");
    if list.is_empty() {
        doc.push(Block::Paragraph(labelled(label, no_data(locale), locale)));
        return;
    }
    let l = |zh, en| locale.pick(zh, en);
    let rows = list
        .iter()
        .map(|s| {
            let title = if s.status == "RETIRED" {
                format!("{}{}", s.title, l("（已停止）", " (retired)"))
            } else {
                s.title.clone()
            };
            let days = match (s.ends_on, locale) {
                (Some(end), Locale::ZhCn) => format!("{} 至 {end}", s.starts_on),
                (Some(end), Locale::En) => format!("{} to {end}", s.starts_on),
                (None, Locale::ZhCn) => format!("{} 起", s.starts_on),
                (None, Locale::En) => format!("from {}", s.starts_on),
            };
            vec![
                Cell::text(title),
                Cell::text(strategy_kind(&s.kind, locale)),
                Cell::text(days),
                Cell::text(match &s.scope {
                    StrategyScope::Company => l("全公司", "Company-wide").to_owned(),
                    StrategyScope::Named(name) => name.clone(),
                    StrategyScope::Elsewhere => {
                        l("其他区域（不在您的查看范围内）", "Elsewhere (outside your scope)")
                            .to_owned()
                    }
                }),
                Cell::text(s.description.clone()),
            ]
        })
        .collect();
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(label, 2.0),
            Column::new(l("类型", "Kind"), 0.9),
            Column::new(l("适用期间", "Period"), 1.5),
            Column::new(l("范围", "Scope"), 1.3),
            Column::new(l("内容", "What it does"), 2.8),
        ],
        rows,
        total: None,
    }));
}

/// The lost deals by reason, with each reason's share.
fn reasons(doc: &mut Document, reasons: &[(Option<String>, i64)], locale: Locale) {
    let label =
        locale.pick("丢单原因（该对手参与的丢单）", "Why deals were lost (competitor listed)");
    let total: i64 = reasons.iter().map(|(_, n)| n).sum();
    if total == 0 {
        doc.push(Block::Paragraph(labelled(label, no_data(locale), locale)));
        return;
    }
    let share = |n: i64| {
        (Decimal::from(n) * Decimal::ONE_HUNDRED)
            .checked_div(Decimal::from(total))
            .map(|v| v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    };
    let l = |zh, en| locale.pick(zh, en);
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(label, 3.0),
            Column::new(l("丢单数", "Deals lost"), 1.0),
            Column::new(l("占比", "Share"), 1.0),
        ],
        rows: reasons
            .iter()
            .map(|(reason, n)| {
                let reason =
                    reason.clone().unwrap_or_else(|| l("未填写原因", "No reason given").into());
                vec![Cell::text(reason), Cell::Int(*n), Cell::percent(share(*n))]
            })
            .collect(),
        total: Some(vec![
            Cell::text(l("合计", "Total")),
            Cell::Int(total),
            Cell::percent(share(total)),
        ]),
    }));
}
