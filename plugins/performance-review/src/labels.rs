//! The words of the report in both languages: ratings, states, KPI names and units, and how
//! a KPI value is shown for its unit.

use rust_decimal::Decimal;
use salesgraph_report_sdk::{Cell, Locale};

use crate::model::{Cycle, Review};

/// The rating band as words, such as 良好 / Good.
pub(crate) fn rating(rating: Option<&str>, locale: Locale) -> String {
    let text = match rating {
        None => locale.pick("未评级", "Not rated"),
        Some("EXCELLENT") => locale.pick("优秀", "Excellent"),
        Some("GOOD") => locale.pick("良好", "Good"),
        Some("MEETS") => locale.pick("达标", "Meets expectations"),
        Some("NEEDS_IMPROVEMENT") => locale.pick("待改进", "Needs improvement"),
        Some("UNSATISFACTORY") => locale.pick("不合格", "Unsatisfactory"),
        Some(other) => other,
    };
    text.to_owned()
}

/// Whether the rating calls for an improvement plan.
pub(crate) fn needs_plan(rating: Option<&str>) -> bool {
    matches!(rating, Some("NEEDS_IMPROVEMENT" | "UNSATISFACTORY"))
}

/// The state of a review, a plan, an action or an enrollment as words.
pub(crate) fn status(status: &str, locale: Locale) -> String {
    let text = match status {
        "DRAFT" => locale.pick("草稿", "Draft"),
        "COMPUTED" => locale.pick("已计算", "Computed"),
        "FINALIZED" => locale.pick("已定稿", "Finalised"),
        "OPEN" => locale.pick("未完成", "Open"),
        "IN_PROGRESS" => locale.pick("进行中", "In progress"),
        "DONE" => locale.pick("已完成", "Done"),
        "CANCELLED" => locale.pick("已取消", "Cancelled"),
        "COMPLETED" => locale.pick("已完成", "Completed"),
        "FAILED" => locale.pick("未通过", "Failed"),
        other => other,
    };
    text.to_owned()
}

/// The KPI's name: the configured one, or in English the name of a known code.
pub(crate) fn kpi_name(code: &str, name: &str, locale: Locale) -> String {
    if locale == Locale::En {
        let english = match code {
            "SALES_ATTAINMENT" => Some("Sales attainment"),
            "NEW_CUSTOMERS" => Some("New customers"),
            "CSAT" => Some("Customer satisfaction"),
            "TRAINING_HOURS" => Some("Training hours"),
            "MARKET_SHARE" => Some("Market share"),
            "TICKET_RESOLUTION" => Some("Tickets resolved on time"),
            _ => None,
        };
        if let Some(english) = english {
            return english.to_owned();
        }
    }
    if name.trim().is_empty() { code.to_owned() } else { name.to_owned() }
}

/// The unit as shown in the KPI table.
pub(crate) fn unit(unit: &str, locale: Locale) -> String {
    let text = match (unit.trim(), locale) {
        ("个", Locale::En) => "count",
        ("小时", Locale::En) => "hours",
        ("元", Locale::En) => "yuan",
        ("分", Locale::En) => "points",
        (other, _) => other,
    };
    text.to_owned()
}

/// A target or actual value in the KPI's unit: a percentage, yuan, or a plain number.
pub(crate) fn value(v: Option<Decimal>, unit: &str) -> Cell {
    match unit.trim() {
        "%" => Cell::percent(v),
        "元" | "¥" | "CNY" | "RMB" => Cell::money(v),
        _ => Cell::number(v),
    }
}

/// A day as `2026-06-30`.
pub(crate) fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The period of a cycle: `2026-01-01 至 2026-06-30`.
pub(crate) fn period(cycle: &Cycle, locale: Locale) -> String {
    format!("{} {} {}", day(cycle.start), locale.pick("至", "to"), day(cycle.end))
}

/// The name of a review's subject: the employee or the branch, or its key.
pub(crate) fn subject_name(review: &Review) -> String {
    let name = if review.kind == "EMPLOYEE" { &review.employee } else { &review.branch };
    name.clone().unwrap_or_else(|| review.subject_key.clone())
}

/// The document title: the cycle, the report and the subject.
pub(crate) fn title(cycle: &str, subject: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn if cycle.contains("绩效") || cycle.contains("考核") => {
            format!("{cycle} · {subject}")
        }
        Locale::ZhCn => format!("{cycle} 绩效评估 · {subject}"),
        Locale::En => format!("Performance review · {subject} · {cycle}"),
    }
}
