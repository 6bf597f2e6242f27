//! A busy month: many alerts (the most serious listed) and many categories (the small ones
//! share a slice of the pie).

use salesgraph_report_sdk::{Block, Cell, ChartKind, Fonts, Locale, render};
use serde_json::{Value, json};

use crate::fixture;
use crate::tests::{TestResult, build, meta, tables};

#[test]
fn a_busy_month_lists_the_worst_alerts_and_groups_small_categories() -> TestResult {
    let mut data = fixture::company();
    data["categories"] = Value::Array(
        (1..=14)
            .map(|i| json!({"categoryId": i.to_string(), "category": {"name": format!("品类{i}")},
                           "revenue": format!("{}.00", 100_000 - i * 5000), "productMixShare": "7.14"}))
            .collect(),
    );
    data["alerts"]["nodes"] = Value::Array(
        (1..=60)
            .map(|i| {
                json!({"triggeredAt": format!("2026-10-{:02}T01:00:00Z", i / 2 + 1),
                           "severity": if i % 3 == 0 { "CRITICAL" } else { "WARNING" },
                           "message": format!("第{i}分公司达成率低于预警线"), "branch": null})
            })
            .collect(),
    );
    data["alerts"]["totalCount"] = json!(240);
    let doc = build(&data, json!({"month": "2026-10"}))?;
    let alerts = tables(&doc)
        .into_iter()
        .find(|t| t.columns.get(3).is_some_and(|c| c.title == "内容"))
        .unwrap();
    assert_eq!(alerts.rows.len(), 20);
    assert_eq!(alerts.rows[0][3], Cell::text("第60分公司达成率低于预警线"));
    assert_eq!(alerts.rows[0][2], Cell::text("全公司"));
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Note(n) if n == "仅列出最近 60 条中最严重的 20 条。"))
    );
    let pie = doc.blocks.iter().find_map(|b| match b {
        Block::Chart(c) if c.kind == ChartKind::Pie => Some(c),
        _ => None,
    });
    assert_eq!(pie.map(|c| c.categories.len()), Some(8));
    assert_eq!(pie.and_then(|c| c.categories.last().cloned()), Some("其他".into()));
    let pdf = render(&doc, &Fonts::bundled()?, &meta(Locale::ZhCn));
    assert!(pdf.pages >= 3);
    Ok(())
}
