//! Tests of the subject reports (employee, branch, English), the errors and the queries.

use rust_decimal::Decimal;
use salesgraph_report_sdk::{
    Block, BuildError, Cell, Document, Fonts, Locale, ReportPlugin, Table, render,
};
use serde_json::json;

use crate::PerformanceReview;
use crate::fixtures::{self, context, params};

pub(crate) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(crate) fn build(data: &serde_json::Value, given: serde_json::Value) -> Document {
    PerformanceReview::new().build(data, &params(given), &context()).unwrap()
}

pub(crate) fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

pub(crate) fn text(doc: &Document) -> String {
    serde_json::to_string(doc).unwrap()
}

#[test]
fn an_employee_report_shows_kpis_total_trend_training_and_plan() {
    // No cycle: the latest quarter 张伟 was reviewed in (Q2 2026 has no review yet).
    let doc = build(&fixtures::employee(), json!({"employee": "7"}));
    assert_eq!(doc.title, "2026年第1季度 绩效评估 · 张伟");
    assert_eq!(doc.subtitle, "2026-01-01 至 2026-03-31 · 员工 · 销售代表 · 上海分公司");
    let t = tables(&doc);
    let kpis = t[0];
    assert_eq!(kpis.rows.len(), 4);
    assert_eq!(
        kpis.rows[0],
        vec![
            Cell::text("销售达成率"),
            Cell::text("%"),
            Cell::Percent(d("50")),
            Cell::Percent(d("100")),
            Cell::Percent(d("60.00")),
            Cell::Number(d("60.00")),
            Cell::Number(d("30.00")),
        ]
    );
    assert_eq!(kpis.rows[1][3], Cell::Number(d("10")), "a count is a plain number");
    let total = kpis.total.as_ref().unwrap();
    assert_eq!((&total[2], &total[6]), (&Cell::Percent(d("100")), &Cell::Number(d("72.06"))));

    let Some(Block::Tiles(tiles)) = doc.blocks.iter().find(|b| matches!(b, Block::Tiles(_))) else {
        panic!("no tiles")
    };
    assert_eq!(tiles[0].value, Cell::Number(d("72.06")));
    let change = tiles[0].change.as_ref().unwrap();
    assert_eq!((&change.value, change.against.as_str()), (&Cell::Number(d("-9.44")), "较 2025 Q4"));
    assert_eq!(tiles[1].value, Cell::text("待改进"));
    assert_eq!(tiles[2].value, Cell::text("1 / 4"));

    // The trend: the two earlier quarters, not the annual cycle, oldest first.
    let Some(Block::Chart(chart)) = doc.blocks.iter().find(|b| matches!(b, Block::Chart(_))) else {
        panic!("no chart")
    };
    assert_eq!(chart.categories, ["2025 Q3", "2025 Q4", "2026 Q1"]);
    assert_eq!(chart.series[0].values, [Some(93.2), Some(81.5), Some(72.06)]);
    assert_eq!(t[1].rows.len(), 3);

    // Training in the quarter, in Shanghai time: 01-01 01:30 is in, 04-01 01:00 is out.
    let training = t[2];
    let courses: Vec<&Cell> = training.rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        courses,
        [&Cell::text("新员工入职培训"), &Cell::text("顾问式销售技巧"), &Cell::text("产品知识进阶")]
    );
    assert_eq!(training.rows[0][2], Cell::text("2026-01-01"));
    assert_eq!(training.rows[2][4], Cell::text("未通过"));
    assert_eq!(training.total.as_ref().unwrap()[1], Cell::Number(d("6.0")), "completed hours");

    // The plan of this review only; an open action past its due day is overdue.
    let all = text(&doc);
    assert!(all.contains("目标：下季度销售达成率提升至 90% 以上（截止 2026-06-30，进行中）"));
    assert!(!all.contains("另一评估的计划"));
    let actions = t[3];
    assert_eq!(actions.rows[0][3], Cell::text("2026-04-14"));
    assert_eq!(actions.rows[1][2], Cell::text("未完成（已逾期）"));
    assert_eq!(actions.rows[2][2], Cell::text("未完成"));
    assert!(all.contains("评语：本季度销售达成率 60.0%"));
}

#[test]
fn an_earlier_cycle_can_be_asked_for() {
    let doc = build(&fixtures::employee(), json!({"employee": "7", "cycle": "3"}));
    assert_eq!(doc.title, "2025年第4季度 绩效评估 · 张伟");
    assert!(text(&doc).contains("本周期无 KPI 得分"));
    assert!(text(&doc).contains("本周期无改进计划。"));
    assert!(text(&doc).contains("本周期无已完成的培训。"));
    let doc = build(&fixtures::employee(), json!({"employee": "7", "cycle": "6"}));
    assert_eq!(doc.title, "2025年度绩效考核 · 张伟", "no second 绩效评估");
}

#[test]
fn a_branch_report_has_no_training_section() {
    let doc = build(&fixtures::branch(), json!({"branch": "3", "locale": "zh-CN"}));
    assert_eq!(doc.title, "2026年第1季度 绩效评估 · 上海分公司");
    assert_eq!(doc.subtitle, "2026-01-01 至 2026-03-31 · 分公司");
    let t = tables(&doc);
    assert_eq!(t.len(), 2, "KPIs and trend only");
    assert_eq!(t[0].total.as_ref().unwrap()[6], Cell::Number(d("96.22")));
    let all = text(&doc);
    assert!(!all.contains("培训"));
    assert!(all.contains("本周期无改进计划。"));
    assert!(all.contains("良好"));
}

#[test]
fn english_reports_translate_labels_and_known_kpis() {
    let doc = build(&fixtures::employee(), json!({"employee": 7, "cycle": 4, "locale": "en"}));
    assert_eq!(doc.title, "Performance review · 张伟 · 2026年第1季度");
    assert_eq!(doc.subtitle, "2026-01-01 to 2026-03-31 · Employee · 销售代表 · 上海分公司");
    let all = text(&doc);
    for expected in ["Sales attainment", "Needs improvement", "Score trend", "(overdue)", "hours"] {
        assert!(all.contains(expected), "{expected}");
    }
    assert!(!all.contains("本周期"), "no Chinese labels");
}

#[test]
fn a_subject_or_cycle_that_is_not_there_is_not_found() {
    let plugin = PerformanceReview::new();
    let not_found = |data: &serde_json::Value, given: serde_json::Value| match plugin.build(
        data,
        &params(given),
        &context(),
    ) {
        Err(BuildError::NotFound(message)) => message,
        other => panic!("expected NotFound, got {other:?}"),
    };
    let mut none = fixtures::employee();
    none["reviews"] = json!({"totalCount": 0, "nodes": []});
    assert!(not_found(&none, json!({"employee": "99"})).contains("员工 99"));
    let message = not_found(&fixtures::employee(), json!({"employee": "7", "cycle": "5"}));
    assert!(message.contains("2026年第2季度"), "{message}");
    let message = not_found(&fixtures::employee(), json!({"employee": "7", "cycle": "77"}));
    assert!(message.contains("考核周期 77"), "{message}");
    let message =
        not_found(&fixtures::branch(), json!({"branch": "3", "cycle": "77", "locale": "en"}));
    assert!(message.starts_with("Review cycle 77 was not found"), "{message}");
}

#[test]
fn malformed_data_is_a_data_error_naming_the_field() {
    let plugin = PerformanceReview::new();
    let path = |data: serde_json::Value, given: serde_json::Value| match plugin.build(
        &data,
        &params(given),
        &context(),
    ) {
        Err(BuildError::Data(e)) => e.path,
        other => panic!("expected a data error, got {other:?}"),
    };
    let mut data = fixtures::employee();
    data["reviews"]["nodes"][1]["totalScore"] = json!("n/a");
    assert_eq!(path(data, json!({"employee": "7"})), "reviews.nodes[1].totalScore");
    let mut data = fixtures::employee();
    data["reviews"]["nodes"][1]["scores"][0]["kpi"]["higherIsBetter"] = json!("yes");
    assert_eq!(
        path(data, json!({"employee": "7"})),
        "reviews.nodes[1].scores[0].kpi.higherIsBetter"
    );
    let mut data = fixtures::employee();
    data.as_object_mut().unwrap().remove("enrollments");
    assert_eq!(path(data, json!({"employee": "7"})), "enrollments.nodes");
    assert_eq!(path(json!({}), json!({})), "reviewCycles.nodes");
    let mut data = fixtures::branch();
    data["reviewCycles"]["nodes"][0]["periodEnd"] = json!("30/06/2026");
    assert_eq!(path(data, json!({"branch": "3"})), "reviewCycles.nodes[0].periodEnd");
}

#[test]
fn a_lower_is_better_kpi_says_so() {
    let mut data = fixtures::employee();
    data["reviews"]["nodes"][1]["scores"][1]["kpi"]["higherIsBetter"] = json!(false);
    let doc = build(&data, json!({"employee": "7"}));
    assert_eq!(tables(&doc)[0].rows[1][0], Cell::text("新客户数（越低越好）"));
}

#[test]
fn the_employee_sample_renders() -> Result<(), Box<dyn std::error::Error>> {
    let fonts = Fonts::bundled()?;
    let doc = build(&fixtures::employee(), json!({"employee": "7"}));
    let pdf = render(&doc, &fonts, &fixtures::meta(Locale::ZhCn));
    assert!(pdf.bytes.starts_with(b"%PDF") && pdf.pages >= 2, "{} pages", pdf.pages);
    std::fs::write(std::env::temp_dir().join("performance-review-sample.pdf"), &pdf.bytes)?;
    let en = build(&fixtures::branch(), json!({"branch": "3", "locale": "en"}));
    let pdf = render(&en, &fonts, &fixtures::meta(Locale::En));
    assert!(pdf.pages >= 1);
    std::fs::write(std::env::temp_dir().join("performance-review-branch-en.pdf"), &pdf.bytes)?;
    Ok(())
}
