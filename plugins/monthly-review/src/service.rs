//! Alerts and service tickets: read from the query result, counted against the SLA, and
//! laid out as the report's last sections before the findings.

use chrono::{DateTime, FixedOffset};
use salesgraph_report_sdk::{
    Block, BuildContext, Cell, Column, DataError, Document, Locale, Table, View, percent,
};

use crate::labels::{self, PRIORITIES, count, pick, severity, severity_rank, verb};
use crate::model::{moment, required};

/// How many alerts are listed.
const ALERTS_SHOWN: usize = 20;

/// An alert raised in the month.
#[derive(Debug, Clone)]
pub(crate) struct Alert {
    pub at: DateTime<FixedOffset>,
    pub severity: String,
    pub message: String,
    pub branch: Option<String>,
}

/// The month's alerts: counts and the most recent ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct Alerts {
    pub total: i64,
    pub critical: i64,
    pub warning: i64,
    pub rows: Vec<Alert>,
}

/// A service ticket opened in the month.
#[derive(Debug, Clone)]
pub(crate) struct Ticket {
    pub priority: String,
    pub sla_due: DateTime<FixedOffset>,
    pub resolved: Option<DateTime<FixedOffset>>,
}

/// The service tickets opened in the month: how many, and those fetched.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tickets {
    pub total: i64,
    pub rows: Vec<Ticket>,
}

impl Alerts {
    /// Reads the `alerts`, `alertsCritical` and `alertsWarning` aliases.
    pub(crate) fn read(root: &View<'_>) -> Result<Self, DataError> {
        let list = required(root, "alerts")?;
        let mut rows = Vec::new();
        for node in list.nodes()? {
            rows.push(Alert {
                at: moment(&node.get("triggeredAt"))?,
                severity: node.get("severity").text()?.to_owned(),
                message: node.get("message").str()?.unwrap_or_default().to_owned(),
                branch: node.get("branch.name").str()?.map(str::to_owned),
            });
        }
        Ok(Alerts {
            total: list.get("totalCount").int()?.unwrap_or(rows.len() as i64),
            critical: required(root, "alertsCritical")?.get("totalCount").int()?.unwrap_or(0),
            warning: required(root, "alertsWarning")?.get("totalCount").int()?.unwrap_or(0),
            rows,
        })
    }
}

impl Tickets {
    /// Reads the `tickets` alias.
    pub(crate) fn read(root: &View<'_>) -> Result<Self, DataError> {
        let list = required(root, "tickets")?;
        let mut rows = Vec::new();
        for node in list.nodes()? {
            let resolved = node.get("resolvedAt");
            rows.push(Ticket {
                priority: node.get("priority").text()?.to_owned(),
                sla_due: moment(&node.get("slaDueAt"))?,
                resolved: if resolved.exists() { Some(moment(&resolved)?) } else { None },
            });
        }
        Ok(Tickets { total: list.get("totalCount").int()?.unwrap_or(rows.len() as i64), rows })
    }
}

/// The alerts raised in the month: counts by severity and the most serious, latest first.
pub(crate) fn alerts(doc: &mut Document, alerts: &Alerts, context: &BuildContext, locale: Locale) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(p("本月预警", "Alerts raised").to_owned()));
    let info = (alerts.total - alerts.critical - alerts.warning).max(0);
    doc.push(Block::Paragraph(pick(
        locale,
        format!(
            "本月共触发预警 {} 条：严重 {}，警告 {}，提示 {info}。",
            alerts.total, alerts.critical, alerts.warning
        ),
        format!(
            "{} {} raised this month: {} critical, {} warning, {info} info.",
            count(alerts.total, "alert", "alerts"),
            verb(alerts.total, "was", "were"),
            alerts.critical,
            alerts.warning
        ),
    )));
    if alerts.rows.is_empty() {
        return;
    }
    let mut rows: Vec<_> = alerts.rows.iter().collect();
    rows.sort_by(|a, b| {
        severity_rank(&a.severity).cmp(&severity_rank(&b.severity)).then(b.at.cmp(&a.at))
    });
    let offset = *context.generated_at.offset();
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(p("时间", "Time"), 1.1),
            Column::new(p("级别", "Severity"), 0.8),
            Column::new(p("分公司", "Branch"), 1.3),
            Column::new(p("内容", "Message"), 4.6),
        ],
        rows: rows
            .iter()
            .take(ALERTS_SHOWN)
            .map(|a| {
                vec![
                    Cell::text(a.at.with_timezone(&offset).format("%m-%d %H:%M").to_string()),
                    Cell::text(severity(&a.severity, locale)),
                    Cell::text(a.branch.clone().unwrap_or_else(|| p("全公司", "Company").into())),
                    Cell::text(a.message.clone()),
                ]
            })
            .collect(),
        total: None,
    }));
    if alerts.total > ALERTS_SHOWN.min(rows.len()) as i64 {
        doc.push(Block::Note(pick(
            locale,
            format!("仅列出最近 {} 条中最严重的 {} 条。", rows.len(), ALERTS_SHOWN.min(rows.len())),
            format!(
                "The {} most serious of the {} latest alerts are listed.",
                ALERTS_SHOWN.min(rows.len()),
                rows.len()
            ),
        )));
    }
}

/// Tickets by how they met their SLA, for one priority or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SlaCounts {
    pub opened: i64,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
    pub pending: i64,
}

impl SlaCounts {
    /// Resolved late, or unresolved past the due time.
    pub(crate) fn breached(&self) -> i64 {
        self.late + self.overdue
    }

    fn cells(&self, name: &str) -> Vec<Cell> {
        vec![
            Cell::text(name),
            Cell::Int(self.opened),
            Cell::Int(self.on_time),
            Cell::Int(self.late),
            Cell::Int(self.overdue),
            Cell::Int(self.pending),
            Cell::percent(labels::share(self.breached(), self.opened)),
        ]
    }
}

/// The SLA of the tickets fetched, judged at the report's generation.
#[derive(Debug, Clone, Default)]
pub(crate) struct TicketCounts {
    pub all: SlaCounts,
    pub by_priority: Vec<(&'static str, SlaCounts)>,
}

impl TicketCounts {
    /// Counts the tickets; an unresolved ticket is overdue once its due time has passed.
    pub(crate) fn of(tickets: &Tickets, context: &BuildContext) -> Self {
        let now = context.generated_at;
        let mut all = SlaCounts::default();
        let mut by_priority: Vec<(&'static str, SlaCounts)> =
            PRIORITIES.iter().map(|(code, ..)| (*code, SlaCounts::default())).collect();
        for t in &tickets.rows {
            let add = |c: &mut SlaCounts| {
                c.opened += 1;
                match t.resolved {
                    Some(at) if at <= t.sla_due => c.on_time += 1,
                    Some(_) => c.late += 1,
                    None if t.sla_due < now => c.overdue += 1,
                    None => c.pending += 1,
                }
            };
            add(&mut all);
            if let Some((_, c)) = by_priority.iter_mut().find(|(code, _)| *code == t.priority) {
                add(c);
            }
        }
        Self { all, by_priority }
    }
}

/// The service tickets opened in the month and how many missed their SLA.
pub(crate) fn tickets(
    doc: &mut Document,
    tickets: &Tickets,
    counts: &TicketCounts,
    locale: Locale,
) {
    let p = |zh, en| locale.pick(zh, en);
    doc.push(Block::Heading(p("服务工单与SLA", "Service tickets and SLA").to_owned()));
    let all = counts.all;
    let rate = labels::share(all.breached(), all.opened).map_or_else(|| "—".into(), percent);
    doc.push(Block::Paragraph(pick(
        locale,
        format!(
            "本月新开服务工单 {} 张，SLA 违约 {} 张（超时解决 {}，逾期未解决 {}），违约率 {rate}。",
            tickets.total,
            all.breached(),
            all.late,
            all.overdue
        ),
        format!(
            "{} {} opened this month; {} missed {} SLA ({} resolved late, {} still open past due), a breach rate of {rate}.",
            count(tickets.total, "service ticket", "service tickets"),
            verb(tickets.total, "was", "were"),
            all.breached(),
            verb(all.breached(), "its", "their"),
            all.late,
            all.overdue
        ),
    )));
    if all.opened == 0 {
        return;
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for ((_, c), (_, zh, en)) in counts.by_priority.iter().zip(PRIORITIES) {
        if c.opened > 0 {
            rows.push(c.cells(locale.pick(zh, en)));
        }
    }
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(p("优先级", "Priority"), 1.1),
            Column::new(p("新开", "Opened"), 0.9),
            Column::new(p("按时解决", "On time"), 1.0),
            Column::new(p("超时解决", "Late"), 1.0),
            Column::new(p("逾期未解决", "Overdue"), 1.1),
            Column::new(p("处理中", "Pending"), 0.9),
            Column::new(p("违约率", "Breach rate"), 1.0),
        ],
        rows,
        total: Some(all.cells(p("合计", "Total"))),
    }));
    if tickets.total > all.opened {
        doc.push(Block::Note(pick(
            locale,
            format!("SLA 统计基于本月最早开立的 {} 张工单。", all.opened),
            format!("The SLA figures cover the first {} tickets of the month.", all.opened),
        )));
    }
}
