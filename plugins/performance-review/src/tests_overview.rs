//! Tests of the cycle overview, the queries for each scope and the manifest.

use salesgraph_report_sdk::{Block, Cell, Fonts, Locale, ParamKind, ReportPlugin, render};
use serde_json::json;

use crate::PerformanceReview;
use crate::fixtures::{self, params};
use crate::tests::{build, d, tables, text};

#[test]
fn the_overview_ranks_the_latest_cycle_with_reviews() {
    let doc = build(&fixtures::overview(), json!({}));
    assert_eq!(doc.title, "2026年第1季度 绩效评估 · 全公司总览");
    // A branch manager's overview holds their branch's reviews, and its title says so.
    let audience = salesgraph_report_sdk::Audience::Branch("上海分公司".into());
    let context =
        salesgraph_report_sdk::BuildContext::new(fixtures::context().generated_at, audience);
    let managers = PerformanceReview::new()
        .build(&fixtures::overview(), &params(json!({})), &context)
        .unwrap();
    assert_eq!(managers.title, "2026年第1季度 绩效评估 · 上海分公司总览");
    assert_eq!(doc.subtitle, "2026-01-01 至 2026-03-31 · 可见评估 7 份");
    let Some(Block::Tiles(tiles)) = doc.blocks.first() else { panic!("tiles first") };
    assert_eq!(tiles[0].value, Cell::Int(7));
    assert_eq!(tiles[1].value, Cell::Number(d("97.61")), "585.68 / 6 visible totals");
    assert_eq!(tiles[2].value, Cell::Int(1));
    let Some(Block::Chart(chart)) = doc.blocks.get(1) else { panic!("rating chart") };
    assert_eq!(chart.series[0].values, [Some(2.0), Some(3.0), Some(1.0), Some(1.0), Some(0.0)]);

    let t = tables(&doc);
    let branches: Vec<(&Cell, &Cell, &Cell)> =
        t[0].rows.iter().map(|r| (&r[0], &r[1], &r[2])).collect();
    assert_eq!(
        branches,
        [
            (&Cell::Int(1), &Cell::text("杭州分公司"), &Cell::Number(d("106.80"))),
            (&Cell::Int(2), &Cell::text("上海分公司"), &Cell::Number(d("96.22"))),
        ]
    );
    let people: Vec<(&Cell, &Cell, &Cell, &Cell)> =
        t[1].rows.iter().map(|r| (&r[0], &r[1], &r[3], &r[4])).collect();
    assert_eq!(
        people,
        [
            (&Cell::Int(1), &Cell::text("刘洋"), &Cell::Number(d("108.00")), &Cell::text("优秀")),
            (&Cell::Int(2), &Cell::text("李娜"), &Cell::Number(d("101.30")), &Cell::text("良好")),
            (&Cell::Int(2), &Cell::text("王芳"), &Cell::Number(d("101.30")), &Cell::text("良好")),
            (&Cell::Int(4), &Cell::text("张伟"), &Cell::Number(d("72.06")), &Cell::text("待改进")),
            (&Cell::Empty, &Cell::text("陈静"), &Cell::Empty, &Cell::text("达标")),
        ]
    );
    assert_eq!(t[1].rows[0][2], Cell::text("杭州分公司"));
}

#[test]
fn the_overview_of_a_given_cycle_and_of_nothing_still_renders() {
    let doc = build(&fixtures::overview(), json!({"cycle": "6", "locale": "en"}));
    assert_eq!(doc.title, "Performance review · Company overview · 2025年度绩效考核");
    assert_eq!(tables(&doc)[0].rows[0][3], Cell::Number(d("85.00")));
    let doc = build(&fixtures::overview(), json!({"cycle": "5"}));
    assert!(text(&doc).contains("本周期无可查看的绩效评估。"));
    let empty = json!({"reviewCycles": {"nodes": []}, "reviews": {"totalCount": 0, "nodes": []}});
    let doc = build(&empty, json!({}));
    assert_eq!(doc.title, "绩效评估 · 全公司总览");
    assert!(text(&doc).contains("暂无可查看的绩效评估。"));
    let fonts = Fonts::bundled().unwrap();
    assert!(render(&doc, &fonts, &fixtures::meta(Locale::ZhCn)).pages == 1);
}

#[test]
fn a_truncated_overview_says_so() {
    let mut data = fixtures::overview();
    data["reviews"]["totalCount"] = json!(1200);
    assert!(text(&build(&data, json!({}))).contains("可见评估共 1200 份"));
}

#[test]
fn the_overview_sample_renders() -> Result<(), Box<dyn std::error::Error>> {
    let doc = build(&fixtures::overview(), json!({}));
    let pdf = render(&doc, &Fonts::bundled()?, &fixtures::meta(Locale::ZhCn));
    assert!(pdf.pages >= 1);
    std::fs::write(std::env::temp_dir().join("performance-review-overview.pdf"), &pdf.bytes)?;
    Ok(())
}

#[test]
fn the_queries_ask_for_the_scope_with_declared_variables_only() {
    let plugin = PerformanceReview::new();
    let q = plugin.query(&params(json!({"employee": "7", "cycle": "4", "branch": "3"})));
    assert!(q.text.starts_with("query PerformanceReview($subject: String!, $employee: ID!)"));
    assert_eq!(q.variables, json!({"subject": "EMPLOYEE:7", "employee": "7"}));
    for part in [
        "reviewCycles(orderBy: PERIOD_END, direction: DESC",
        "subjectKey: { eq: $subject }",
        "enrollments(",
        "improvementPlans(filter: { employeeId: { eq: $employee } }",
    ] {
        assert!(q.text.contains(part), "{part}");
    }
    let q = plugin.query(&params(json!({"branch": "3"})));
    assert_eq!(q.variables, json!({"subject": "BRANCH:3", "branch": "3"}));
    assert!(q.text.contains("employeeId: { isNull: true }") && !q.text.contains("enrollments"));
    let q = plugin.query(&params(json!({})));
    assert!(q.text.starts_with("query PerformanceReviewOverview {"));
    assert_eq!(q.variables, json!({}));
    assert!(q.text.contains("reviews(orderBy: CYCLE_ID, direction: DESC, first: 500)"));
    let q = plugin.query(&params(json!({"cycle": 4})));
    assert_eq!(q.variables, json!({"cycle": "4"}));
    assert!(q.text.contains("filter: { cycleId: { eq: $cycle } }"));
    let all = [
        ("overview-cycle", q),
        ("overview", plugin.query(&params(json!({})))),
        ("employee", plugin.query(&params(json!({"employee": 7})))),
        ("branch", plugin.query(&params(json!({"branch": 3})))),
    ];
    for (name, q) in all {
        assert_eq!(q.text.matches('{').count(), q.text.matches('}').count());
        assert_eq!(q.text.matches('(').count(), q.text.matches(')').count());
        if let Ok(dir) = std::env::var("PERFORMANCE_REVIEW_DUMP_QUERIES") {
            std::fs::write(format!("{dir}/{name}.graphql"), &q.text).unwrap();
        }
    }
}

#[test]
fn the_manifest_names_every_parameter() {
    let plugin = PerformanceReview::default();
    let m = plugin.manifest();
    assert_eq!(m.id, "performance-review");
    let names: Vec<&str> = m.params.iter().map(|p| p.name).collect();
    assert_eq!(names, ["cycle", "employee", "branch"]);
    assert!(m.params.iter().all(|p| matches!(p.kind, ParamKind::Id { .. })));
}
