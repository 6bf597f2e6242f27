//! Building the report from the fixture: tiles, ranking, findings, both languages, bad data,
//! an unknown branch, the query text, and the PDF read back.

use chrono::{FixedOffset, TimeZone};
use salesgraph_report_sdk::{
    Block, BuildContext, BuildError, Cell, Document, Fonts, Locale, Params, RenderMeta,
    ReportPlugin, Table, money, render,
};
use serde_json::{Value, json};

use crate::MonthlyReview;
use crate::fixture;

pub(crate) type TestResult = Result<(), Box<dyn std::error::Error>>;

pub(crate) fn params(given: Value) -> Params {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    MonthlyReview::new().manifest().resolve(given.as_object().unwrap(), today).unwrap()
}

pub(crate) fn context() -> BuildContext {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    BuildContext::new(
        tz.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap(),
        salesgraph_report_sdk::Audience::Company,
    )
}

pub(crate) fn build(data: &Value, given: Value) -> Result<Document, BuildError> {
    MonthlyReview::new().build(data, &params(given), &context())
}

pub(crate) fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn bullets(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| if let Block::Bullets(items) = b { Some(items.clone()) } else { None })
        .flatten()
        .collect()
}

fn column_text(table: &Table, column: usize) -> Vec<String> {
    table
        .rows
        .iter()
        .map(|r| match &r[column] {
            Cell::Text(s) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

pub(crate) fn meta(locale: Locale) -> RenderMeta {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    RenderMeta {
        company: "示例集团有限公司".into(),
        generated_at: tz.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap(),
        locale,
    }
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn tiles_show_the_months_figures_as_given() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    assert_eq!(doc.title, "2026年10月 月度经营回顾 · 全公司");
    assert_eq!(doc.subtitle, "2026-10-01 至 2026-10-31 · 全公司");
    let Some(Block::Tiles(tiles)) = doc.blocks.first() else { panic!("tiles first") };
    let labels: Vec<&str> = tiles.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "营收",
            "目标达成率",
            "月末进度",
            "同比增长",
            "环比增长",
            "订单数",
            "新客户",
            "客户满意度（CSAT）",
            "净推荐值（NPS）"
        ]
    );
    let Cell::Money(revenue) = tiles[0].value else { panic!("revenue is money") };
    assert_eq!(money(revenue), "¥1,234,567.89");
    assert_eq!(
        tiles[0].change.as_ref().map(|c| c.value.clone()),
        Some(Cell::Percent("12.34".parse()?))
    );
    assert_eq!(tiles[1].value, Cell::Percent("82.30".parse()?));
    assert_eq!(tiles[4].value, Cell::Percent("-3.21".parse()?));
    assert_eq!(tiles[5].value, Cell::Int(321));
    assert_eq!(tiles[6].value, Cell::Int(17));
    assert_eq!(tiles[8].value, Cell::Number("42.50".parse()?));
    Ok(())
}

#[test]
fn branches_rank_by_attainment_with_missing_last() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    let ranking = tables(&doc)[0];
    assert_eq!(
        column_text(ranking, 1),
        ["华东分公司", "华南分公司", "成都分公司", "分公司 #5", "华北分公司"]
    );
    assert_eq!(ranking.rows[0][0], Cell::Int(1));
    assert_eq!(ranking.rows[4][4], Cell::Empty);
    assert_eq!(
        ranking.total.as_ref().map(|t| t[2].clone()),
        Some(Cell::Money("1234567.89".parse()?))
    );
    Ok(())
}

#[test]
fn top_lists_sum_orders_by_customer_and_rank_reps() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    let t = tables(&doc);
    let customers = t[2];
    assert_eq!(column_text(customers, 1), ["深圳云图科技", "上海华信科技有限公司", "成都天府数据"]);
    assert_eq!(customers.rows[0][2], Cell::Money("250000.00".parse()?));
    assert_eq!(customers.rows[1][3], Cell::Int(2));
    assert_eq!(column_text(t[3], 1), ["李娜", "王磊", "员工 #13"]);
    // Competitors: the one without closed deals is left out.
    assert_eq!(column_text(t[4], 0), ["华为", "新华三"]);
    Ok(())
}

#[test]
fn findings_are_written_from_the_data() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    let findings = bullets(&doc);
    let expected = [
        "本月营收 ¥1,234,567.89，目标达成率 82.30%，同比 +12.34%，环比 -3.21%。",
        "3 个分公司落后进度：分公司 #5（进度 0.00%，落后 100.00 个百分点）、成都分公司（进度 57.31%，落后 42.69 个百分点）、华南分公司（进度 92.31%，落后 7.69 个百分点）。",
        "同比增长最高的是华东分公司（+23.40%），最低的是成都分公司（-5.10%）。",
        "占比最高的品类是服务器，占营收的 38.15%。",
        "整体赢率 45.00%；面对华为时赢率最低（28.57%），面对新华三时最高（66.67%）。",
        "本月触发严重预警 1 条，需要跟进。",
        "服务工单 SLA 违约 2 张（共 4 张），其中 1 张逾期仍未解决。",
    ];
    assert_eq!(findings, expected);
    Ok(())
}

#[test]
fn english_reports_use_english_labels() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10", "locale": "en"}))?;
    assert_eq!(doc.title, "Monthly review October 2026 · Company");
    assert_eq!(doc.subtitle, "2026-10-01 to 2026-10-31 · Company");
    let Some(Block::Tiles(tiles)) = doc.blocks.first() else { panic!("tiles first") };
    assert_eq!(tiles[0].label, "Revenue");
    assert_eq!(tiles[2].label, "Pace at month end");
    let findings = bullets(&doc);
    assert!(findings.iter().any(|f| {
        f.contains("3 branches are behind pace: Branch #5 (pace 0.00%, 100.00 points behind)")
    }));
    assert!(findings.iter().any(|f| f.starts_with("Revenue was ¥1,234,567.89: 82.30% of target")));
    Ok(())
}

#[test]
fn a_branch_report_ranks_teams_and_names_the_branch() -> TestResult {
    let doc = build(&fixture::branch(), json!({"month": "2026-10", "branch": "1"}))?;
    assert_eq!(doc.title, "2026年10月 月度经营回顾 · 华东分公司");
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::Heading(h) if h == "团队达成排名")));
    assert_eq!(column_text(tables(&doc)[0], 1), ["企业客户一组", "渠道组"]);
    assert!(bullets(&doc).iter().any(|f| f.starts_with("1 个团队落后进度：渠道组")));
    Ok(())
}

#[test]
fn an_unseen_branch_is_not_found() {
    let mut data = fixture::branch();
    data["scope"] = json!({"nodes": []});
    let err = build(&data, json!({"month": "2026-10", "branch": "99"})).unwrap_err();
    assert!(matches!(&err, BuildError::NotFound(m) if m.contains("99")), "{err}");
    let err =
        build(&data, json!({"month": "2026-10", "branch": "99", "locale": "en"})).unwrap_err();
    assert_eq!(err.to_string(), "There is no branch 99, or you may not see its data");
}

#[test]
fn missing_or_misshapen_data_names_the_field() {
    let mut data = fixture::company();
    data.as_object_mut().unwrap().remove("total");
    let err = build(&data, json!({"month": "2026-10"})).unwrap_err();
    assert!(matches!(&err, BuildError::Data(e) if e.path == "total"), "{err}");

    let mut data = fixture::company();
    data["ranking"][1]["revenue"] = json!({"amount": 1});
    let err = build(&data, json!({"month": "2026-10"})).unwrap_err();
    assert!(matches!(&err, BuildError::Data(e) if e.path == "ranking[1].revenue"), "{err}");

    let mut data = fixture::company();
    data["tickets"]["nodes"][0]["slaDueAt"] = json!("tomorrow");
    assert!(matches!(build(&data, json!({"month": "2026-10"})), Err(BuildError::Data(_))));
}

#[test]
fn empty_data_reads_as_no_data() -> TestResult {
    let mut data = fixture::company();
    for key in ["total", "ranking", "trend", "categories", "reps", "competitors"] {
        data[key] = json!([]);
    }
    for key in
        ["ordersA", "ordersB", "ordersC", "alerts", "alertsCritical", "alertsWarning", "tickets"]
    {
        data[key] = json!({"totalCount": 0, "nodes": []});
    }
    let doc = build(&data, json!({"month": "2026-10"}))?;
    assert_eq!(bullets(&doc), ["本期无数据"]);
    let Some(Block::Tiles(tiles)) = doc.blocks.first() else { panic!("tiles first") };
    assert!(tiles.iter().all(|t| t.value == Cell::Empty));
    let pdf = render(&doc, &Fonts::bundled()?, &meta(Locale::ZhCn));
    assert!(pdf_text(&pdf.bytes).contains("本期无数据"));
    Ok(())
}

#[test]
fn the_query_filters_by_branch_only_when_one_is_given() {
    let plugin = MonthlyReview::new();
    let company = plugin.query(&params(json!({"month": "2026-10"})));
    for branch_filter in ["$branch", "branchIds", "branchId: {", "scope:"] {
        assert!(!company.text.contains(branch_filter), "{branch_filter} in {}", company.text);
    }
    assert_eq!(company.variables["from"], "2026-10-01");
    assert_eq!(company.variables["to"], "2026-10-31");
    assert_eq!(company.variables["trendFrom"], "2025-11-01");
    assert_eq!(company.variables["asOf"], "2026-11-01T00:00:00+08:00");
    assert!(company.variables.get("branch").is_none());

    let branch = plugin.query(&params(json!({"month": "2026-10", "branch": "12"})));
    assert!(branch.text.contains("filter: { branchIds: [$branch] }"));
    assert!(branch.text.contains("branchId: { eq: $branch }"));
    assert!(branch.text.contains("groupBy: [TEAM]"));
    assert_eq!(branch.variables["branch"], "12");
}

#[test]
fn the_pdf_shows_the_figures() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    let pdf = render(&doc, &Fonts::bundled()?, &meta(Locale::ZhCn));
    assert!(pdf.pages >= 1);
    let text = pdf_text(&pdf.bytes);
    for expected in [
        "¥1,234,567.89",
        "82.30%",
        "▲12.34%同比",
        "-3.21%",
        "321",
        "42.5",
        "华东分公司",
        "本月要点",
    ] {
        assert!(text.contains(expected), "{expected} not in the PDF");
    }
    let en = build(&fixture::company(), json!({"month": "2026-10", "locale": "en"}))?;
    let pdf = render(&en, &Fonts::bundled()?, &meta(Locale::En));
    assert!(pdf_text(&pdf.bytes).contains("Paceatmonthend"));
    Ok(())
}

/// Writes the sample to the temp directory: `pdftoppm -png -r 60 monthly-review-sample.pdf`.
#[test]
fn writes_a_sample_pdf() -> TestResult {
    let doc = build(&fixture::company(), json!({"month": "2026-10"}))?;
    let pdf = render(&doc, &Fonts::bundled()?, &meta(Locale::ZhCn));
    std::fs::write(std::env::temp_dir().join("monthly-review-sample.pdf"), &pdf.bytes)?;
    let en = build(&fixture::branch(), json!({"month": "2026-10", "branch": "1", "locale": "en"}))?;
    let pdf = render(&en, &Fonts::bundled()?, &meta(Locale::En));
    std::fs::write(std::env::temp_dir().join("monthly-review-sample-en.pdf"), &pdf.bytes)?;
    Ok(())
}
