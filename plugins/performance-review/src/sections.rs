//! The later sections of a subject's report: the score trend over cycles, the training
//! completed in the period and the improvement plans with their actions.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use salesgraph_report_sdk::{
    Block, BuildContext, Cell, Chart, ChartKind, Column, Document, Locale, Series, Table,
};

use crate::labels;
use crate::model::{Cycle, Plan, Review, Training};

/// Section 3: the total score per cycle, oldest first, as a line and a table.
pub(crate) fn trend(
    doc: &mut Document,
    earlier: &[(&Cycle, &Review)],
    current: (&Cycle, &Review),
    locale: Locale,
) {
    doc.push(Block::Heading(locale.pick("历次周期得分趋势", "Score trend").to_owned()));
    let all: Vec<(&Cycle, &Review)> = earlier.iter().copied().chain([current]).collect();
    let categories: Vec<String> = all.iter().map(|(c, _)| c.short_label()).collect();
    let values: Vec<Option<f64>> =
        all.iter().map(|(_, r)| r.total.and_then(|t| t.to_f64())).collect();
    doc.push(Block::Chart(Chart {
        title: locale.pick("总分（各周期）", "Total score by cycle").to_owned(),
        kind: ChartKind::Line,
        series: vec![
            Series { name: locale.pick("总分", "Total score").to_owned(), values },
            Series {
                name: locale.pick("达标线 100", "Target met (100)").to_owned(),
                values: vec![Some(100.0); categories.len()],
            },
        ],
        categories,
        money: false,
    }));
    if earlier.is_empty() {
        doc.push(Block::Paragraph(
            locale
                .pick(
                    "此前没有同类周期的评估，暂无趋势。",
                    "There is no review in an earlier cycle of the same kind yet, so there is no trend.",
                )
                .to_owned(),
        ));
    }
    let rows = all
        .iter()
        .map(|(c, r)| {
            vec![
                Cell::text(c.name.clone()),
                Cell::text(labels::period(c, locale)),
                Cell::number(r.total),
                Cell::text(labels::rating(r.rating.as_deref(), locale)),
            ]
        })
        .collect();
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new(locale.pick("周期", "Cycle"), 2.2),
            Column::new(locale.pick("期间", "Period"), 2.0),
            Column::new(locale.pick("总分", "Total score"), 1.0),
            Column::new(locale.pick("评级", "Rating"), 1.3),
        ],
        rows,
        total: None,
    }));
}

/// Section 4: the courses an employee completed (or failed) within the cycle's period.
pub(crate) fn training(
    doc: &mut Document,
    trainings: &[Training],
    cycle: &Cycle,
    truncated: bool,
    locale: Locale,
    context: &BuildContext,
) {
    doc.push(Block::Heading(locale.pick("周期内完成的培训", "Training in the cycle").to_owned()));
    // Completion times are cut into days in the business time zone.
    let offset = *context.generated_at.offset();
    let mut within: Vec<(chrono::NaiveDate, &Training)> = trainings
        .iter()
        .filter_map(|t| t.at.map(|at| (at.with_timezone(&offset).date_naive(), t)))
        .filter(|(day, _)| *day >= cycle.start && *day <= cycle.end)
        .collect();
    within.sort_by_key(|(day, _)| *day);
    if within.is_empty() {
        doc.push(Block::Paragraph(
            locale
                .pick("本周期无已完成的培训。", "No training was completed in this cycle.")
                .to_owned(),
        ));
    } else {
        let passed: Vec<&Training> =
            within.iter().map(|(_, t)| *t).filter(|t| t.status == "COMPLETED").collect();
        let hours: Option<Decimal> = passed.iter().map(|t| t.hours).sum();
        let rows = within
            .iter()
            .map(|(day, t)| {
                vec![
                    Cell::text(t.course.clone()),
                    Cell::number(t.hours),
                    Cell::text(labels::day(*day)),
                    Cell::number(t.score),
                    Cell::text(labels::status(&t.status, locale)),
                ]
            })
            .collect();
        let label = match locale {
            Locale::ZhCn => format!("合计：完成 {} 门", passed.len()),
            Locale::En => format!("Total: {} completed", passed.len()),
        };
        doc.push(Block::Table(Table {
            columns: vec![
                Column::new(locale.pick("课程", "Course"), 3.0),
                Column::new(locale.pick("学时", "Hours"), 0.8),
                Column::new(locale.pick("日期", "Date"), 1.2),
                Column::new(locale.pick("成绩", "Score"), 0.8),
                Column::new(locale.pick("结果", "Result"), 1.0),
            ],
            rows,
            total: Some(vec![
                Cell::text(label),
                Cell::number(hours),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]),
        }));
        doc.push(Block::Note(
            locale
                .pick(
                    "学时合计只计已完成的课程。",
                    "The hours total counts completed courses only.",
                )
                .to_owned(),
        ));
    }
    if truncated {
        doc.push(Block::Note(
            locale
                .pick(
                    "培训记录超过 500 条，只列出最早的 500 条。",
                    "There are more than 500 training records; only the earliest 500 were read.",
                )
                .to_owned(),
        ));
    }
}

/// Section 5: the improvement plans of the review, with their actions.
pub(crate) fn plans(
    doc: &mut Document,
    plans: &[&Plan],
    review: &Review,
    locale: Locale,
    context: &BuildContext,
) {
    doc.push(Block::Heading(locale.pick("改进计划", "Improvement plan").to_owned()));
    if plans.is_empty() {
        let text = if labels::needs_plan(review.rating.as_deref()) {
            locale.pick(
                "本周期评级需要改进计划，但尚未制定。",
                "The rating calls for an improvement plan, but none has been made yet.",
            )
        } else {
            locale.pick("本周期无改进计划。", "There is no improvement plan in this cycle.")
        };
        doc.push(Block::Paragraph(text.to_owned()));
        return;
    }
    let today = context.generated_at.date_naive();
    for plan in plans {
        doc.push(Block::Paragraph(match locale {
            Locale::ZhCn => format!(
                "目标：{}（截止 {}，{}）",
                plan.goals,
                labels::day(plan.due),
                labels::status(&plan.status, locale)
            ),
            Locale::En => format!(
                "Goals: {} (due {}, {})",
                plan.goals,
                labels::day(plan.due),
                labels::status(&plan.status, locale).to_lowercase()
            ),
        }));
        if plan.actions.is_empty() {
            continue;
        }
        let rows = plan
            .actions
            .iter()
            .map(|a| {
                let mut status = labels::status(&a.status, locale);
                if a.status == "OPEN" && a.due < today {
                    status.push_str(locale.pick("（已逾期）", " (overdue)"));
                }
                let done = a.completed_at.map(|at| {
                    labels::day(at.with_timezone(context.generated_at.offset()).date_naive())
                });
                vec![
                    Cell::text(a.description.clone()),
                    Cell::text(labels::day(a.due)),
                    Cell::text(status),
                    done.map_or(Cell::Empty, Cell::text),
                ]
            })
            .collect();
        doc.push(Block::Table(Table {
            columns: vec![
                Column::new(locale.pick("改进措施", "Action"), 3.4),
                Column::new(locale.pick("截止日期", "Due"), 1.1),
                Column::new(locale.pick("状态", "Status"), 1.2),
                Column::new(locale.pick("完成日期", "Done on"), 1.1),
            ],
            rows,
            total: None,
        }));
    }
}
