//! Unit tests of the report: the query for each scope, the ranking, the price index, both
//! languages, the errors, and rendered PDFs read back as text.

mod fixture;
mod render;

use rust_decimal::Decimal;
use salesgraph_report_sdk::{
    Block, BuildContext, BuildError, Cell, ChartKind, Document, ReportPlugin, Table,
};
use serde_json::json;

use crate::CompetitorAnalysis;
use crate::analysis;
use crate::data::Data;
use crate::period::Period;
use fixture::{context, params};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn build(data: &serde_json::Value, given: serde_json::Value) -> Result<Document, BuildError> {
    CompetitorAnalysis::new().build(data, &params(given), &context())
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn headings(doc: &Document) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter_map(|b| if let Block::Heading(h) = b { Some(h.as_str()) } else { None })
        .collect()
}

#[test]
fn every_parameter_has_a_default_and_the_query_follows_them() {
    let plugin = CompetitorAnalysis::default();
    assert_eq!(plugin.manifest().id, "competitor-analysis");
    let p = params(json!({}));
    assert_eq!(
        p.to_json(),
        json!({"month": "2026-10", "months": "3", "competitor": null, "locale": "zh-CN"})
    );
    let q = plugin.query(&p);
    assert!(
        q.text.contains("salesMetrics(input: { from: $from, to: $to, groupBy: [COMPETITOR] })")
    );
    assert_eq!(q.variables["from"], "2026-08-01");
    assert_eq!(q.variables["to"], "2026-10-31");
    assert_eq!(q.variables["competitors"], json!(null));
    assert_eq!(q.variables["products"], json!(null));
    assert_eq!(q.variables["strategies"]["competitorId"], json!({"isNull": false}));
    assert_eq!(
        q.variables["lost"],
        json!({"status": {"eq": "LOST"},
               "closedAt": {"gte": "2026-07-31T00:00:00Z", "lt": "2026-11-02T00:00:00Z"}})
    );

    let q = plugin.query(&params(json!({"competitor": "7", "month": "2026-01", "months": "12"})));
    assert_eq!(
        (&q.variables["from"], &q.variables["to"]),
        (&json!("2025-02-01"), &json!("2026-01-31"))
    );
    assert_eq!(q.variables["competitors"], json!({"id": {"eq": "7"}}));
    assert_eq!(q.variables["products"], json!({"competitorId": {"eq": "7"}}));
    assert_eq!(q.variables["strategies"]["competitorId"], json!({"eq": "7"}));
    assert_eq!(q.variables["priceChanges"], json!({"effectiveOn": {"gt": "2025-02-01"}}));
}

#[test]
fn all_competitors_are_ranked_by_lost_deals_then_lowest_win_rate() {
    let doc = build(&fixture::all(), json!({})).unwrap();
    assert_eq!(doc.title, "竞争分析摘要 · 2026年8月–10月 · 全公司");
    assert_eq!(doc.subtitle, "2026-08-01 至 2026-10-31 · 全部竞争对手（4 家）");
    let ranking = tables(&doc)[0];
    let names: Vec<&Cell> = ranking.rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        names,
        [
            &Cell::text("东方智联"),
            &Cell::text("华锐科技"),
            &Cell::text("鼎信网络"),
            &Cell::text("海川电子")
        ]
    );
    // The salesMetrics figures as returned: met = won + lost, won, lost, win rate.
    assert_eq!(
        ranking.rows[0],
        [
            Cell::Int(1),
            Cell::text("东方智联"),
            Cell::text("中"),
            Cell::Int(22),
            Cell::Int(8),
            Cell::Int(14),
            Cell::Percent(d("36.36")),
            Cell::Percent(d("108")),
        ]
    );
    assert_eq!(ranking.rows[1][6], Cell::Percent(d("41.67")));
    assert_eq!(ranking.rows[1][7], Cell::Percent(d("89.25")));
    // Not met: no rank, no counts, no win rate.
    assert_eq!(
        ranking.rows[3][0..7],
        [
            Cell::Empty,
            Cell::text("海川电子"),
            Cell::text("高"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty
        ]
    );
    assert_eq!(
        headings(&doc)[1..],
        [
            "东方智联 · 威胁排名第 1",
            "华锐科技 · 威胁排名第 2",
            "鼎信网络 · 威胁排名第 3",
            "海川电子 · 本期未交手"
        ]
    );
    let rule = doc
        .blocks
        .iter()
        .find_map(|b| if let Block::Note(n) = b { Some(n) } else { None })
        .unwrap();
    assert!(rule.starts_with("排名规则：按丢单数从多到少，相同时按我方胜率从低到高"), "{rule}");
}

#[test]
fn detail_sections_are_limited_to_the_top_five_threats() {
    let doc = build(&fixture::many(7), json!({})).unwrap();
    assert_eq!(tables(&doc)[0].rows.len(), 7);
    let details = &headings(&doc)[1..];
    assert_eq!(details.len(), 5);
    assert_eq!(details[0], "竞品01 · 威胁排名第 1");
    assert_eq!(details[4], "竞品05 · 威胁排名第 5");
}

#[test]
fn one_competitor_has_its_rank_among_all_and_its_own_detail() {
    let doc = build(&fixture::one(), json!({"competitor": "1"})).unwrap();
    assert_eq!(doc.title, "竞争分析摘要 · 2026年8月–10月 · 全公司 · 华锐科技");
    assert_eq!(doc.subtitle, "2026-08-01 至 2026-10-31 · 华锐科技");
    let all = tables(&doc);
    assert_eq!(all[0].rows.len(), 1);
    assert_eq!(
        all[0].rows[0][0..7],
        [
            Cell::Int(2),
            Cell::text("华锐科技"),
            Cell::text("高"),
            Cell::Int(24),
            Cell::Int(10),
            Cell::Int(14),
            Cell::Percent(d("41.67"))
        ]
    );
    assert_eq!(headings(&doc), ["威胁排名", "华锐科技 · 威胁排名第 2"]);
    let tiles = doc
        .blocks
        .iter()
        .find_map(|b| if let Block::Tiles(t) = b { Some(t) } else { None })
        .unwrap();
    let values: Vec<&Cell> = tiles.iter().map(|t| &t.value).collect();
    assert_eq!(
        values[0..4],
        [&Cell::Int(24), &Cell::Int(10), &Cell::Int(14), &Cell::Percent(d("41.67"))]
    );
    assert!(
        doc.blocks.iter().any(|b| matches!(b, Block::Bullets(items)
        if items == &["优势：价格低；渠道下沉快；交付周期短", "劣势：售后响应慢；高端产品线薄弱"]))
    );
    // Both strategies were in force in the period (the retired one until 2026-08-15).
    let strategies = all.iter().find(|t| t.columns[0].title == "本期在执行的竞争策略").unwrap();
    assert_eq!(strategies.rows.len(), 2);
    assert_eq!(strategies.rows[1][0], Cell::text("延保计划（已停止）"));
    assert_eq!(strategies.rows[0][3], Cell::text("华南大区"));
    // Lost deals closed on business days of the period (Shanghai), by reason.
    let reasons =
        all.iter().find(|t| t.columns[0].title == "丢单原因（该对手参与的丢单）").unwrap();
    let rows: Vec<(Cell, Cell)> =
        reasons.rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(
        rows,
        [
            (Cell::text("价格高于竞品"), Cell::Int(2)),
            (Cell::text("交付周期不满足要求"), Cell::Int(1)),
            (Cell::text("未填写原因"), Cell::Int(1)),
        ]
    );
    assert_eq!(reasons.total.as_ref().unwrap()[1..], [Cell::Int(4), Cell::Percent(d("100"))]);
}

#[test]
fn a_managers_report_names_the_branch_and_hides_no_scope_as_company_wide() {
    // What the API returns to a manager of 上海: another region's strategy comes with its
    // region id but not its name (the region is not theirs to see).
    let mut data = fixture::one();
    let strategy = &mut data["competitiveStrategies"]["nodes"][0];
    strategy["region"] = serde_json::Value::Null;
    let audience = salesgraph_report_sdk::Audience::Branch("上海分公司".into());
    let context = BuildContext::new(fixture::context().generated_at, audience);
    let doc = CompetitorAnalysis::new()
        .build(&data, &params(json!({"competitor": "1"})), &context)
        .unwrap();
    assert_eq!(doc.title, "竞争分析摘要 · 2026年8月–10月 · 上海分公司 · 华锐科技");
    let all = tables(&doc);
    let strategies = all.iter().find(|t| t.columns[0].title == "本期在执行的竞争策略").unwrap();
    assert_eq!(strategies.rows[0][3], Cell::text("其他区域（不在您的查看范围内）"));
    // The one that names no region nor branch is the company's.
    assert_eq!(strategies.rows[1][3], Cell::text("全公司"));
}

#[test]
fn the_price_index_is_their_price_over_our_list_price_on_the_day() {
    assert_eq!(analysis::index(d("90"), d("100")), Some(d("90")));
    assert_eq!(analysis::index(d("90"), d("0")), None);
    let data = Data::read(&fixture::all()).unwrap();
    let period = Period::ending(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), 3);
    let p = analysis::price_index(&data, 1, &period);
    assert_eq!(p.categories, [Some("安防监控".to_owned()), Some("网络设备".to_owned())]);
    // 220 against the 250 in force on 2026-09-12, not today's 200.
    assert_eq!(p.monthly[0], [None, Some(d("88")), None]);
    assert_eq!(p.monthly[1], [Some(d("92")), None, Some(d("85"))]);
    assert_eq!(p.by_category, [Some(d("88")), Some(d("89.67"))]);
    assert_eq!(p.all_monthly, [Some(d("92")), Some(d("88")), Some(d("85"))]);
    assert_eq!((p.overall, p.observations), (Some(d("89.25")), 4));
    // A product without one of ours to compare with has no index.
    assert_eq!(analysis::price_index(&data, 2, &period).observations, 1);
    assert_eq!(analysis::price_index(&data, 4, &period).overall, None);

    let doc = build(&fixture::one(), json!({"competitor": "1"})).unwrap();
    let chart = doc
        .blocks
        .iter()
        .find_map(|b| if let Block::Chart(c) = b { Some(c) } else { None })
        .unwrap();
    assert_eq!(
        (chart.kind, chart.categories.clone()),
        (ChartKind::Line, vec!["8月".into(), "9月".into(), "10月".into()])
    );
    assert_eq!(chart.series[1].values, [Some(92.0), None, Some(85.0)]);
    let table = tables(&doc).into_iter().find(|t| t.columns[0].title == "月份").unwrap();
    assert_eq!(
        table.rows[0],
        [Cell::text("8月"), Cell::Empty, Cell::Percent(d("92")), Cell::Percent(d("92"))]
    );
    assert_eq!(table.total.as_ref().unwrap()[3], Cell::Percent(d("89.25")));
}

#[test]
fn english_reports_read_in_english() {
    let doc = build(&fixture::all(), json!({"locale": "en"})).unwrap();
    assert_eq!(doc.title, "Competitor analysis · Aug–Oct 2026 · Company");
    assert_eq!(doc.subtitle, "2026-08-01 to 2026-10-31 · all competitors (4)");
    assert_eq!(
        headings(&doc)[0..3],
        ["Threat ranking", "东方智联 · threat rank 1", "华锐科技 · threat rank 2"]
    );
    let ranking = tables(&doc)[0];
    assert_eq!(ranking.columns[6].title, "Win rate");
    assert_eq!(ranking.rows[0][2], Cell::text("Medium"));
    let doc =
        build(&fixture::one(), json!({"locale": "en", "competitor": "1", "months": "1"})).unwrap();
    assert_eq!(doc.title, "Competitor analysis · Oct 2026 · Company · 华锐科技");
}

#[test]
fn an_unknown_competitor_is_not_found_in_the_report_language() {
    let mut data = fixture::one();
    data["competitors"] = json!({"totalCount": 0, "nodes": []});
    let err = build(&data, json!({"competitor": "99"})).unwrap_err();
    assert!(
        matches!(&err, BuildError::NotFound(m) if m == "找不到编号为 99 的竞争对手（不存在或您无权查看）。"),
        "{err}"
    );
    let err = build(&data, json!({"competitor": "99", "locale": "en"})).unwrap_err();
    assert_eq!(err.to_string(), "There is no competitor with id 99 (or you may not see it).");
}

#[test]
fn malformed_data_names_the_field() {
    let path = |data: serde_json::Value| match build(&data, json!({})) {
        Err(BuildError::Data(e)) => e.path,
        other => panic!("expected a data error, got {other:?}"),
    };
    let mut data = fixture::all();
    data["salesMetrics"][1]["wonDeals"] = json!("many");
    assert_eq!(path(data), "salesMetrics[1].wonDeals");
    let mut data = fixture::all();
    data.as_object_mut().unwrap().remove("salesMetrics");
    assert_eq!(path(data), "salesMetrics");
    let mut data = fixture::all();
    data["lostDeals"]["nodes"][0]["closedAt"] = json!("yesterday");
    assert_eq!(path(data), "lostDeals.nodes[0].closedAt");
    let mut data = fixture::all();
    data["competitorProducts"]["nodes"][0]["priceObservations"][1]["price"] = json!(null);
    assert_eq!(path(data), "competitorProducts.nodes[0].priceObservations[1].price");
    assert_eq!(path(json!(null)), "competitors");
}

#[test]
fn a_period_without_data_says_so() {
    let data = json!({
        "competitors": {"totalCount": 0, "nodes": []},
        "competitorProducts": {"nodes": []},
        "priceChanges": {"nodes": []},
        "competitiveStrategies": {"nodes": []},
        "lostDeals": {"totalCount": 0, "nodes": []},
        "salesMetrics": []
    });
    let doc = build(&data, json!({})).unwrap();
    assert!(matches!(&doc.blocks[1], Block::Paragraph(p) if p == "本期无数据"));
    assert_eq!(headings(&doc), ["威胁排名"]);
}
