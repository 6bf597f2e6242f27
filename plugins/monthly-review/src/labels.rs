//! Words of the report in both languages: the title and period, enum values, figures in
//! sentences and the closing note.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_report_sdk::{BuildContext, Locale, percent};

/// The month the report is about, as it reads in titles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    start: NaiveDate,
    end: NaiveDate,
    locale: Locale,
}

impl Period {
    /// The month starting on `start`.
    pub(crate) fn new(start: NaiveDate, locale: Locale) -> Self {
        let end = (start + Months::new(1)).pred_opt().unwrap_or(start);
        Self { start, end, locale }
    }

    /// `2026年10月 月度经营回顾` or `Monthly review October 2026`.
    pub(crate) fn title(&self) -> String {
        match self.locale {
            Locale::ZhCn => format!("{} 月度经营回顾", self.start.format("%Y年%-m月")),
            Locale::En => format!("Monthly review {}", self.start.format("%B %Y")),
        }
    }

    /// `2026-10-01 至 2026-10-31` or `2026-10-01 to 2026-10-31`.
    pub(crate) fn range(&self) -> String {
        format!("{} {} {}", self.start, self.locale.pick("至", "to"), self.end)
    }
}

/// The Chinese or the English sentence, by the report's language.
pub(crate) fn pick(locale: Locale, zh: String, en: String) -> String {
    match locale {
        Locale::ZhCn => zh,
        Locale::En => en,
    }
}

/// `1 deal`, `3 deals`: a count and its noun in English.
pub(crate) fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// `was` or `were`, `is` or `are` after a count in English.
pub(crate) fn verb(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// A severity of an alert.
pub(crate) fn severity(value: &str, locale: Locale) -> String {
    let (zh, en) = match value {
        "CRITICAL" => ("严重", "Critical"),
        "WARNING" => ("警告", "Warning"),
        "INFO" => ("提示", "Info"),
        other => (other, other),
    };
    locale.pick(zh, en).to_owned()
}

/// How an alert's severity ranks: critical first.
pub(crate) fn severity_rank(value: &str) -> u8 {
    match value {
        "CRITICAL" => 0,
        "WARNING" => 1,
        "INFO" => 2,
        _ => 3,
    }
}

/// The priorities of service tickets, most urgent first, with their names.
pub(crate) const PRIORITIES: [(&str, &str, &str); 4] = [
    ("URGENT", "紧急", "Urgent"),
    ("HIGH", "高", "High"),
    ("NORMAL", "普通", "Normal"),
    ("LOW", "低", "Low"),
];

/// A number of percentage points in a sentence, with a percentage's two decimals: `14.80`.
pub(crate) fn points_figure(v: Decimal) -> String {
    let s = percent(v);
    s.trim_end_matches('%').to_owned()
}

/// A growth with its sign in a sentence: `+12.34%`, `-4.10%`.
pub(crate) fn signed(v: Decimal) -> String {
    let s = percent(v);
    if v > Decimal::ZERO { format!("+{s}") } else { s }
}

/// `v` as a percentage of `of`, unrounded (the formatter rounds it once); `None` for nothing.
pub(crate) fn share(v: i64, of: i64) -> Option<Decimal> {
    (of > 0).then(|| Decimal::from(v) * Decimal::ONE_HUNDRED / Decimal::from(of))
}

/// The definitions under the report, and a warning when the month has not ended.
pub(crate) fn notes(month: NaiveDate, context: &BuildContext, locale: Locale) -> String {
    let next = month + Months::new(1);
    let generated = context.generated_at.date_naive();
    let mut text = locale
        .pick(
            "数据来源：salesgraph 销售分析（salesMetrics），按业务时区（北京时间）划分期间。营收为已确认订单金额；月末进度按下月首日零点计算；客户排名由本月已确认订单按客户汇总；SLA 违约指解决时间晚于SLA截止时间，或截至报告生成时仍未解决且已过截止时间。",
            "Source: salesgraph sales analytics (salesMetrics), periods cut in Beijing time. Revenue is confirmed orders; pace is measured at the first instant of the next month; the customer ranking sums the month's confirmed orders by customer; an SLA breach is a ticket resolved after its SLA due time, or unresolved and past it when the report was generated.",
        )
        .to_owned();
    if generated < next {
        text.push_str(locale.pick(
            " 注意：本月尚未结束，数据截至报告生成时，月末进度等于当前达成率。",
            " Note: the month has not ended; figures are as of the report's generation and pace at month end equals attainment so far.",
        ));
    }
    text
}
