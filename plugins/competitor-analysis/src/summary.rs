//! The document: title, the threat ranking table with its rule, then a detail section per
//! competitor ([`crate::detail`]).

use salesgraph_report_sdk::{Audience, Block, Cell, Column, Document, Locale, Table, percent};

use crate::analysis::{Report, Row, TOP};
use crate::detail;
use crate::period::Period;

/// The message of a report asked about a competitor that is not in the data.
pub fn not_found(id: i64, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("找不到编号为 {id} 的竞争对手（不存在或您无权查看）。"),
        Locale::En => format!("There is no competitor with id {id} (or you may not see it)."),
    }
}

/// The recorded threat level in words.
pub fn threat_level(level: &str, locale: Locale) -> Cell {
    match level {
        "HIGH" => Cell::text(locale.pick("高", "High")),
        "MEDIUM" => Cell::text(locale.pick("中", "Medium")),
        "LOW" => Cell::text(locale.pick("低", "Low")),
        _ => Cell::Empty,
    }
}

/// The whole document, for `audience`: the deals, prices and strategies the requester sees,
/// which the title names.
pub fn document(
    report: &Report<'_>,
    period: &Period,
    audience: &Audience,
    locale: Locale,
) -> Document {
    let mut title = format!(
        "{} · {} · {}",
        locale.pick("竞争分析摘要", "Competitor analysis"),
        period.label(locale),
        audience.label(locale)
    );
    let scope = match report.chosen {
        Some(c) => {
            title.push_str(" · ");
            title.push_str(&c.name);
            c.name.clone()
        }
        None => match locale {
            Locale::ZhCn => format!("全部竞争对手（{} 家）", report.rows.len()),
            Locale::En => format!("all competitors ({})", report.rows.len()),
        },
    };
    let mut doc = Document::new(title, format!("{} · {scope}", period.days(locale)));
    doc.push(Block::Heading(locale.pick("威胁排名", "Threat ranking").into()));
    if report.rows.is_empty() {
        doc.push(Block::Paragraph(locale.pick("本期无数据", "No data for this period").into()));
    } else {
        if report.chosen.is_none() {
            doc.push(Block::Paragraph(lead(report, locale)));
        }
        doc.push(Block::Table(ranking_table(&report.rows, locale)));
    }
    doc.push(Block::Note(rule(report, locale)));
    for section in &report.details {
        // Sections flow on: the renderer keeps each heading with its tiles and moves a chart
        // that does not fit to the next page.
        detail::section(&mut doc, section, period, locale);
    }
    if report.lost_partial {
        doc.push(Block::Note(
            locale
                .pick(
                    "注：本期丢单超过 500 个，丢单原因只统计最近结单的 500 个。",
                    "Note: more than 500 deals were lost; the reasons count the latest 500.",
                )
                .into(),
        ));
    }
    doc
}

/// One sentence on the biggest threat.
fn lead(report: &Report<'_>, locale: Locale) -> String {
    let Some(top) = report.rows.first().filter(|r| r.rank.is_some()) else {
        return locale
            .pick(
                "本期没有与竞争对手交手的已结单商机。",
                "No deal closed in the period had a competitor listed.",
            )
            .into();
    };
    let lost = top.metrics.and_then(|m| m.lost).unwrap_or(0);
    let rate = top.metrics.and_then(|m| m.win_rate).map_or_else(|| "—".to_owned(), percent);
    match locale {
        Locale::ZhCn => format!(
            "本期与 {} 家竞争对手在已结单商机中交手。威胁最大的是{}：丢单 {} 个，我方胜率 {}。",
            report.ranked, top.name, lost, rate
        ),
        Locale::En => format!(
            "We met {} competitors on deals closed in the period. The biggest threat is {}: {} deals lost, our win rate {}.",
            report.ranked, top.name, lost, rate
        ),
    }
}

/// The ranking table: rank, name, recorded threat level, deals met, won, lost, win rate and
/// price index.
fn ranking_table(rows: &[Row<'_>], locale: Locale) -> Table {
    let l = |zh, en| locale.pick(zh, en);
    Table {
        columns: vec![
            Column::new(l("排名", "Rank"), 0.6),
            Column::new(l("竞争对手", "Competitor"), 2.0),
            Column::new(l("威胁等级", "Threat level"), 0.9),
            Column::new(l("交手", "Met"), 0.8),
            Column::new(l("赢单", "Won"), 0.8),
            Column::new(l("丢单", "Lost"), 0.8),
            Column::new(l("胜率", "Win rate"), 0.9),
            Column::new(l("价格指数", "Price index"), 1.0),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::int(r.rank.and_then(|n| i64::try_from(n).ok())),
                    Cell::text(r.name.clone()),
                    threat_level(&r.threat, locale),
                    Cell::int(r.met()),
                    Cell::int(r.metrics.and_then(|m| m.won)),
                    Cell::int(r.metrics.and_then(|m| m.lost)),
                    Cell::percent(r.metrics.and_then(|m| m.win_rate)),
                    Cell::percent(r.price_index),
                ]
            })
            .collect(),
        total: None,
    }
}

/// The ranking rule and the definitions.
fn rule(report: &Report<'_>, locale: Locale) -> String {
    let scope = match (report.chosen, locale) {
        (Some(_), Locale::ZhCn) => {
            format!("排名为该对手在本期交手的 {} 家竞争对手中的名次。", report.ranked)
        }
        (Some(_), Locale::En) => {
            format!("The rank is among the {} competitors met in the period.", report.ranked)
        }
        (None, Locale::ZhCn) => format!("下文详细分析排名前 {TOP} 的竞争对手。"),
        (None, Locale::En) => format!("The top {TOP} threats are analysed below."),
    };
    match locale {
        Locale::ZhCn => format!(
            "排名规则：按丢单数从多到少，相同时按我方胜率从低到高，再按交手商机数从多到少；本期未交手的竞争对手不排名。\
             交手、赢单、丢单与胜率取自销售分析（salesMetrics，按竞争对手分组）：统计期内结单、且该对手登记在商机上的商机，\
             交手 = 赢单 + 丢单，胜率 = 赢单 ÷ 交手。价格指数 = 竞品观察价 ÷ 观察当日我方对标产品目录价，\
             按观察取平均；低于 100% 表示竞品更便宜。{scope}"
        ),
        Locale::En => format!(
            "Ranking rule: most deals lost first; on a tie, lowest win rate first, then most deals met; competitors not met in \
             the period are not ranked. Met, won, lost and win rate come from sales analysis (salesMetrics grouped by \
             competitor): deals closed in the period on which the competitor was listed; met = won + lost, win rate = won ÷ \
             met. Price index = their observed price ÷ the list price of our matching product on that day, averaged over the \
             observations; below 100% they are cheaper. {scope}"
        ),
    }
}
