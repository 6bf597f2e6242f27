//! Hand-written query results shaped like the plugin's queries, for the tests: 张伟
//! (employee 7) and 上海分公司 (branch 3) in 2026年第1季度, and the overview of that cycle.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use salesgraph_report_sdk::{BuildContext, Locale, Params, RenderMeta, ReportPlugin};
use serde_json::{Value, json};

use crate::PerformanceReview;

/// Resolved parameters from a JSON object.
pub(crate) fn params(given: Value) -> Params {
    let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
    PerformanceReview::new().manifest().resolve(given.as_object().unwrap(), today).unwrap()
}

/// Generated on 2026-05-10 09:00 in Shanghai.
pub(crate) fn context() -> BuildContext {
    BuildContext::new(generated_at(), salesgraph_report_sdk::Audience::Company)
}

fn generated_at() -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2026, 5, 10, 9, 0, 0).unwrap()
}

/// The header and footer of the rendered samples.
pub(crate) fn meta(locale: Locale) -> RenderMeta {
    RenderMeta { company: "示例集团有限公司".into(), generated_at: generated_at(), locale }
}

/// Every cycle, latest period end first: Q2 2026 has no reviews yet, and the 2025 annual
/// cycle must stay out of the quarterly trend.
pub(crate) fn cycles() -> Value {
    let cycle = |id: &str, name: &str, kind: &str, start: &str, end: &str| json!({"id": id, "name": name, "periodKind": kind, "periodStart": start, "periodEnd": end});
    json!({"totalCount": 5, "nodes": [
        cycle("5", "2026年第2季度", "QUARTER", "2026-04-01", "2026-06-30"),
        cycle("4", "2026年第1季度", "QUARTER", "2026-01-01", "2026-03-31"),
        cycle("6", "2025年度绩效考核", "YEAR", "2025-01-01", "2025-12-31"),
        cycle("3", "2025年第4季度", "QUARTER", "2025-10-01", "2025-12-31"),
        cycle("2", "2025年第3季度", "QUARTER", "2025-07-01", "2025-09-30"),
    ]})
}

fn score(code: &str, name: &str, unit: &str, weight: &str, v: [&str; 4]) -> Value {
    json!({
        "target": v[0], "actual": v[1], "score": v[2], "weightedScore": v[3],
        "kpi": {"code": code, "name": name, "unit": unit, "weight": weight, "higherIsBetter": true}
    })
}

fn employee_review(id: &str, cycle: &str, rating: &str, status: &str, total: &str) -> Value {
    json!({
        "id": id, "cycleId": cycle, "subjectKind": "EMPLOYEE", "subjectKey": "EMPLOYEE:7",
        "rating": rating, "status": status, "totalScore": total,
        "employee": {"id": "7", "name": "张伟", "title": "销售代表"},
        "branch": {"id": "3", "name": "上海分公司"},
        "comments": null, "scores": []
    })
}

/// The result of the employee query for 张伟: four KPIs in 2026年第1季度 (total 72.06,
/// NEEDS_IMPROVEMENT), two earlier quarters and an annual review, a plan with three actions,
/// and four training results of which two fall in the quarter (Shanghai time).
pub(crate) fn employee() -> Value {
    let mut current = employee_review("41", "4", "NEEDS_IMPROVEMENT", "COMPUTED", "72.06");
    current["comments"] = json!("本季度销售达成率 60.0%，需重点改进客户开发。");
    current["scores"] = json!([
        score("SALES_ATTAINMENT", "销售达成率", "%", "50", ["100", "60.00", "60.00", "30.00"]),
        score("NEW_CUSTOMERS", "新客户数", "个", "20", ["10", "7", "70.00", "14.00"]),
        score("CSAT", "客户满意度", "%", "20", ["90", "92.50", "102.78", "20.56"]),
        score("TRAINING_HOURS", "培训学时", "小时", "10", ["8", "6.0", "75.00", "7.50"]),
    ]);
    json!({
        "reviewCycles": cycles(),
        "reviews": {"totalCount": 4, "nodes": [
            employee_review("61", "6", "MEETS", "FINALIZED", "85.00"),
            current,
            employee_review("31", "3", "MEETS", "FINALIZED", "81.50"),
            employee_review("21", "2", "GOOD", "FINALIZED", "93.20"),
        ]},
        "improvementPlans": {"nodes": [
            {"id": "8", "reviewId": "99", "goals": "另一评估的计划", "status": "OPEN",
             "dueDate": "2025-12-31", "actions": []},
            {"id": "9", "reviewId": "41", "goals": "下季度销售达成率提升至 90% 以上",
             "status": "IN_PROGRESS", "dueDate": "2026-06-30", "actions": [
                {"description": "制定重点客户拜访计划并每周复盘", "dueDate": "2026-04-15",
                 "status": "DONE", "completedAt": "2026-04-14T02:00:00Z"},
                {"description": "参加顾问式销售技巧培训", "dueDate": "2026-04-30",
                 "status": "OPEN", "completedAt": null},
                {"description": "每月与经理一对一复盘", "dueDate": "2026-06-30",
                 "status": "OPEN", "completedAt": null},
            ]},
        ]},
        "enrollments": {"totalCount": 4, "nodes": [
            enrollment("101", "COMPLETED", None, Some("2025-12-31T17:30:00Z"), "新员工入职培训", "2.0"),
            enrollment("102", "COMPLETED", Some("92.0"), Some("2026-01-20T06:00:00Z"), "顾问式销售技巧", "4.0"),
            enrollment("103", "FAILED", Some("55.0"), None, "产品知识进阶", "2.0"),
            enrollment("104", "COMPLETED", Some("88.0"), Some("2026-03-31T17:00:00Z"), "客户服务规范", "2.0"),
        ]},
    })
}

fn enrollment(
    id: &str,
    status: &str,
    score: Option<&str>,
    completed: Option<&str>,
    course: &str,
    hours: &str,
) -> Value {
    json!({
        "id": id, "status": status, "score": score, "completedAt": completed,
        "session": {"startsAt": "2026-02-10T01:00:00Z", "endsAt": "2026-02-10T09:00:00Z",
                    "course": {"code": "C-1", "title": course, "hours": hours}}
    })
}

fn branch_review(id: &str, cycle: &str, rating: &str, total: &str, scores: Value) -> Value {
    json!({
        "id": id, "cycleId": cycle, "subjectKind": "BRANCH", "subjectKey": "BRANCH:3",
        "rating": rating, "status": "COMPUTED", "totalScore": total,
        "employee": null, "branch": {"id": "3", "name": "上海分公司"},
        "comments": null, "scores": scores
    })
}

/// The result of the branch query for 上海分公司: GOOD at 96.22 in 2026年第1季度, 91.10 the
/// quarter before, no improvement plan.
pub(crate) fn branch() -> Value {
    let scores = json!([
        score("SALES_ATTAINMENT", "销售达成率", "%", "40", ["100", "98.50", "98.50", "39.40"]),
        score("MARKET_SHARE", "市场份额", "%", "40", ["15", "14.20", "94.67", "37.87"]),
        score("TICKET_RESOLUTION", "工单按时解决率", "%", "20", ["95", "90.00", "94.74", "18.95"]),
    ]);
    json!({
        "reviewCycles": cycles(),
        "reviews": {"totalCount": 2, "nodes": [
            branch_review("80", "4", "GOOD", "96.22", scores),
            branch_review("70", "3", "GOOD", "91.10", json!([])),
        ]},
        "improvementPlans": {"nodes": []},
    })
}

fn ranked(id: &str, cycle: &str, key: &str, rating: &str, total: Option<&str>) -> Value {
    let (kind, num) = key.split_once(':').unwrap();
    let names = [("3", "上海分公司"), ("5", "杭州分公司")];
    let people = [
        ("7", "张伟", "3"),
        ("8", "王芳", "3"),
        ("9", "李娜", "5"),
        ("10", "刘洋", "5"),
        ("11", "陈静", "3"),
    ];
    let (employee, branch) = if kind == "EMPLOYEE" {
        let (_, name, branch) = people.iter().find(|p| p.0 == num).unwrap();
        (json!({"id": num, "name": name, "title": "销售代表"}), *branch)
    } else {
        (Value::Null, num)
    };
    let branch_name = names.iter().find(|b| b.0 == branch).unwrap().1;
    json!({
        "id": id, "cycleId": cycle, "subjectKind": kind, "subjectKey": key,
        "rating": rating, "status": "COMPUTED", "totalScore": total,
        "employee": employee, "branch": {"id": branch, "name": branch_name}
    })
}

/// The result of the overview query without a cycle: reviews newest cycle id first, the
/// annual cycle 6 before cycle 4, which is the latest by period end with reviews.
pub(crate) fn overview() -> Value {
    json!({
        "reviewCycles": cycles(),
        "reviews": {"totalCount": 8, "nodes": [
            ranked("61", "6", "EMPLOYEE:7", "MEETS", Some("85.00")),
            ranked("80", "4", "BRANCH:3", "GOOD", Some("96.22")),
            ranked("81", "4", "BRANCH:5", "EXCELLENT", Some("106.80")),
            ranked("41", "4", "EMPLOYEE:7", "NEEDS_IMPROVEMENT", Some("72.06")),
            ranked("42", "4", "EMPLOYEE:8", "GOOD", Some("101.30")),
            ranked("43", "4", "EMPLOYEE:9", "GOOD", Some("101.30")),
            ranked("44", "4", "EMPLOYEE:10", "EXCELLENT", Some("108.00")),
            ranked("45", "4", "EMPLOYEE:11", "MEETS", None),
        ]},
    })
}
