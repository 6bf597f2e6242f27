//! The later sections: the top customers and reps, deals against competitors, the alerts
//! raised and the service tickets with their SLA.

use salesgraph_report_sdk::{Block, Cell, Column, Document, Locale, Table, percent};

use crate::labels::{count, pick};
use crate::model::{Data, Earner};
use crate::query::ORDER_PAGE;
use crate::sections::no_data;

/// How many customers and reps are listed.
const TOP: usize = 10;

fn earners(rows: &[Earner], who: &str, locale: Locale) -> Block {
    let p = |zh, en| locale.pick(zh, en);
    Block::Table(Table {
        columns: vec![
            Column::new(p("排名", "Rank"), 0.6),
            Column::new(who, 3.0),
            Column::new(p("营收", "Revenue"), 1.7),
            Column::new(p("订单数", "Orders"), 0.9),
        ],
        rows: rows
            .iter()
            .take(TOP)
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::text(r.name.clone()),
                    Cell::Money(r.revenue),
                    Cell::int(r.orders),
                ]
            })
            .collect(),
        total: None,
    })
}

/// The ten largest customers and reps by revenue in the month.
pub(crate) fn top_lists(doc: &mut Document, data: &Data, locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(p("前10大客户", "Top 10 customers").to_owned()));
    if data.customers.is_empty() {
        doc.push(no_data(locale));
    } else {
        doc.push(earners(&data.customers, p("客户", "Customer"), locale));
        if !data.customers_complete {
            doc.push(Block::Note(pick(
                locale,
                format!("本月订单较多，客户排名按每旬金额最大的 {ORDER_PAGE} 张已确认订单汇总。"),
                format!("A busy month: the customer ranking sums the {ORDER_PAGE} largest confirmed orders of each ten days."),
            )));
        }
    }
    doc.push(Block::Heading(p("前10名销售代表", "Top 10 sales reps").to_owned()));
    if data.reps.is_empty() {
        doc.push(no_data(locale));
    } else {
        doc.push(earners(&data.reps, p("销售代表", "Sales rep"), locale));
    }
}

/// Deals won and lost in the month, overall and by competitor listed on them.
pub(crate) fn deals(doc: &mut Document, data: &Data, locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(p("商机赢单与竞争对手", "Deals won and lost, competitors").to_owned()));
    let t = &data.totals;
    let rate = t.win_rate.map_or_else(|| "—".to_owned(), percent);
    let (won, lost) = (t.won.unwrap_or(0), t.lost.unwrap_or(0));
    doc.push(Block::Paragraph(pick(
        locale,
        format!("本月关闭商机 {} 个：赢单 {won} 个，输单 {lost} 个，赢率 {rate}。", won + lost),
        format!(
            "{} closed this month: {won} won, {lost} lost, win rate {rate}.",
            count(won + lost, "deal", "deals")
        ),
    )));
    if data.rivals.is_empty() {
        doc.push(Block::Note(
            p(
                "本月关闭的商机未登记竞争对手。",
                "No competitor was listed on the deals closed this month.",
            )
            .to_owned(),
        ));
        return;
    }
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(p("竞争对手", "Competitor"), 2.6),
            Column::new(p("赢单", "Won"), 0.9),
            Column::new(p("输单", "Lost"), 0.9),
            Column::new(p("赢率", "Win rate"), 1.0),
        ],
        rows: data
            .rivals
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.name.clone()),
                    Cell::Int(r.won),
                    Cell::Int(r.lost),
                    Cell::percent(r.win_rate),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text(p("全部商机", "All deals")),
            Cell::int(t.won),
            Cell::int(t.lost),
            Cell::percent(t.win_rate),
        ]),
    }));
}
