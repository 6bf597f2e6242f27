//! The findings: a few sentences drawn from the data — the month against target, who is
//! behind pace, the best and worst growth, the leading category, the win rate against
//! competitors, serious alerts and SLA breaches.

use rust_decimal::Decimal;
use salesgraph_report_sdk::{Locale, money, percent};

use crate::labels::{count, pick, points_figure, signed, verb};
use crate::model::{Data, Unit};
use crate::service::TicketCounts;

/// How many units behind pace are named.
const NAMED: usize = 5;

/// The findings, in the report's language; "no data" when there is nothing to say.
pub(crate) fn findings(
    data: &Data,
    tickets: &TicketCounts,
    single: bool,
    locale: Locale,
) -> Vec<String> {
    let mut out = Vec::new();
    let t = &data.totals;
    if let Some(revenue) = t.revenue {
        let dash = || "—".to_owned();
        let att = t.attainment.map_or_else(dash, percent);
        let yoy = t.yoy.map_or_else(dash, signed);
        let mom = t.mom.map_or_else(dash, signed);
        let amount = money(revenue);
        out.push(pick(
            locale,
            format!("本月营收 {amount}，目标达成率 {att}，同比 {yoy}，环比 {mom}。"),
            format!(
                "Revenue was {amount}: {att} of target, {yoy} year on year, {mom} month on month."
            ),
        ));
    }
    out.extend(behind_pace(&data.units, single, locale));
    out.extend(growth(&data.units, locale));
    if let Some(top) = data.categories.first()
        && let Some(share) = top.share
    {
        let name = &top.name;
        let share = percent(share);
        out.push(pick(
            locale,
            format!("占比最高的品类是{name}，占营收的 {share}。"),
            format!("{name} is the largest category, with {share} of revenue."),
        ));
    }
    if let Some(rate) = t.win_rate {
        let rate = percent(rate);
        let rated: Vec<_> = data.rivals.iter().filter(|r| r.win_rate.is_some()).collect();
        let low = rated.iter().min_by(|a, b| a.win_rate.cmp(&b.win_rate).then(a.name.cmp(&b.name)));
        let high =
            rated.iter().max_by(|a, b| a.win_rate.cmp(&b.win_rate).then(b.name.cmp(&a.name)));
        let pr = |w: Option<Decimal>| w.map_or_else(|| "—".to_owned(), percent);
        out.push(match (low, high) {
            (Some(l), Some(h)) if rated.len() > 1 => pick(
                locale,
                format!(
                    "整体赢率 {rate}；面对{}时赢率最低（{}），面对{}时最高（{}）。",
                    l.name,
                    pr(l.win_rate),
                    h.name,
                    pr(h.win_rate)
                ),
                format!(
                    "The win rate was {rate}; lowest against {} ({}), highest against {} ({}).",
                    l.name,
                    pr(l.win_rate),
                    h.name,
                    pr(h.win_rate)
                ),
            ),
            (Some(l), _) => pick(
                locale,
                format!("整体赢率 {rate}；面对{}时赢率 {}。", l.name, pr(l.win_rate)),
                format!("The win rate was {rate}; {} against {}.", pr(l.win_rate), l.name),
            ),
            _ => pick(locale, format!("整体赢率 {rate}。"), format!("The win rate was {rate}.")),
        });
    }
    if data.alerts.critical > 0 {
        let n = data.alerts.critical;
        out.push(pick(
            locale,
            format!("本月触发严重预警 {n} 条，需要跟进。"),
            format!(
                "{} {} raised and {} follow-up.",
                count(n, "critical alert", "critical alerts"),
                verb(n, "was", "were"),
                verb(n, "needs", "need")
            ),
        ));
    }
    let all = tickets.all;
    if all.breached() > 0 {
        out.push(pick(
            locale,
            format!(
                "服务工单 SLA 违约 {} 张（共 {} 张），其中 {} 张逾期仍未解决。",
                all.breached(),
                all.opened,
                all.overdue
            ),
            format!(
                "{} of {} missed {} SLA; {} still open past due.",
                all.breached(),
                count(all.opened, "service ticket", "service tickets"),
                verb(all.breached(), "its", "their"),
                count(all.overdue, "is", "are")
            ),
        ));
    } else if all.opened > 0 {
        out.push(
            locale
                .pick("所有服务工单均在 SLA 内处理。", "Every service ticket met its SLA.")
                .into(),
        );
    }
    if out.is_empty() {
        out.push(locale.pick("本期无数据", "No data for this period").to_owned());
    }
    out
}

/// The units whose pace is under 100, furthest behind first.
fn behind_pace(units: &[Unit], single: bool, locale: Locale) -> Option<String> {
    let with_pace: Vec<(&Unit, Decimal)> =
        units.iter().filter_map(|u| u.pace.map(|p| (u, p))).collect();
    if with_pace.is_empty() {
        return None;
    }
    let mut behind: Vec<_> = with_pace.iter().filter(|(_, p)| *p < Decimal::ONE_HUNDRED).collect();
    behind.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.name.cmp(&b.0.name)));
    let what =
        if single { locale.pick("团队", "teams") } else { locale.pick("分公司", "branches") };
    let one_unit = if single { "team" } else { "branch" };
    if behind.is_empty() {
        return Some(pick(
            locale,
            format!("所有{what}均达到月末进度。"),
            format!("All {what} are on pace at month end."),
        ));
    }
    let named: Vec<String> = behind
        .iter()
        .take(NAMED)
        .map(|(u, p)| {
            let gap = points_figure(Decimal::ONE_HUNDRED - *p);
            let pace = percent(*p);
            pick(
                locale,
                format!("{}（进度 {pace}，落后 {gap} 个百分点）", u.name),
                format!("{} (pace {pace}, {gap} points behind)", u.name),
            )
        })
        .collect();
    let more = behind.len().saturating_sub(NAMED);
    let tail = match (more, locale) {
        (0, _) => String::new(),
        (_, Locale::ZhCn) => "等".to_owned(),
        (n, Locale::En) => format!(" and {n} more"),
    };
    Some(pick(
        locale,
        format!("{} 个{what}落后进度：{}{tail}。", behind.len(), named.join("、")),
        format!(
            "{} {} behind pace: {}{tail}.",
            count(behind.len() as i64, one_unit, what),
            verb(behind.len() as i64, "is", "are"),
            named.join(", ")
        ),
    ))
}

/// The best and the worst year-on-year growth among the units (two or more).
fn growth(units: &[Unit], locale: Locale) -> Option<String> {
    let with: Vec<(&Unit, Decimal)> = units.iter().filter_map(|u| u.yoy.map(|y| (u, y))).collect();
    if with.len() < 2 {
        return None;
    }
    let best = with.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.name.cmp(&a.0.name)))?;
    let worst = with.iter().min_by(|a, b| a.1.cmp(&b.1).then(a.0.name.cmp(&b.0.name)))?;
    Some(pick(
        locale,
        format!(
            "同比增长最高的是{}（{}），最低的是{}（{}）。",
            best.0.name,
            signed(best.1),
            worst.0.name,
            signed(worst.1)
        ),
        format!(
            "The best year-on-year growth was {} ({}), the worst {} ({}).",
            best.0.name,
            signed(best.1),
            worst.0.name,
            signed(worst.1)
        ),
    ))
}
