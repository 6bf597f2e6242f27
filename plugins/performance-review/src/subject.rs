//! The document for one employee or branch: which review it shows, the KPI table and the
//! key figures; the trend, training and plan sections are in [`crate::sections`].

use rust_decimal::Decimal;
use salesgraph_report_sdk::{
    Block, BuildContext, BuildError, Cell, Change, Column, Document, Locale, Table, Tile, View,
};

use crate::labels;
use crate::model::{self, Cycle, Review};
use crate::query::{Kind, Subject};
use crate::sections;

/// Builds the report on `subject` in the cycle `cycle` (by default the latest it was
/// reviewed in).
pub(crate) fn build(
    data: &serde_json::Value,
    subject: &Subject,
    cycle: Option<i64>,
    locale: Locale,
    context: &BuildContext,
) -> Result<Document, BuildError> {
    let root = View::root(data);
    let cycles = model::cycles(&root)?;
    let key = subject.key();
    let reviews: Vec<Review> =
        model::reviews(&root, data)?.into_iter().filter(|r| r.subject_key == key).collect();
    let plans = model::plans(&root)?;
    let trainings =
        if subject.kind == Kind::Employee { Some(model::trainings(&root)?) } else { None };

    let (cycle, review) = pick(&cycles, &reviews, subject, cycle, locale)?;
    let earlier = earlier(&cycles, &reviews, cycle);

    let name = labels::subject_name(review);
    let mut doc = Document::new(
        labels::title(&cycle.name, &name, locale),
        subtitle(cycle, review, subject, locale),
    );
    kpi_table(&mut doc, review, locale);
    key_figures(&mut doc, review, earlier.last().copied(), locale);
    sections::trend(&mut doc, &earlier, (cycle, review), locale);
    if let Some(trainings) = &trainings {
        let truncated = model::total_count(&root, "enrollments")?
            .is_some_and(|n| n > i64::try_from(trainings.len()).unwrap_or(i64::MAX));
        sections::training(&mut doc, trainings, cycle, truncated, locale, context);
    }
    let plans: Vec<&model::Plan> = plans.iter().filter(|p| p.review_id == review.id).collect();
    sections::plans(&mut doc, &plans, review, locale, context);
    Ok(doc)
}

/// The cycle and the subject's review in it, or why there is none.
fn pick<'a>(
    cycles: &'a [Cycle],
    reviews: &'a [Review],
    subject: &Subject,
    cycle: Option<i64>,
    locale: Locale,
) -> Result<(&'a Cycle, &'a Review), BuildError> {
    let what = match (subject.kind, locale) {
        (Kind::Employee, Locale::ZhCn) => format!("员工 {}", subject.id),
        (Kind::Branch, Locale::ZhCn) => format!("分公司 {}", subject.id),
        (Kind::Employee, Locale::En) => format!("employee {}", subject.id),
        (Kind::Branch, Locale::En) => format!("branch {}", subject.id),
    };
    let Some(id) = cycle else {
        // Cycles come latest first: the first one the subject has a review in.
        return cycles
            .iter()
            .find_map(|c| reviews.iter().find(|r| r.cycle_id == c.id).map(|r| (c, r)))
            .ok_or_else(|| {
                BuildError::NotFound(match locale {
                    Locale::ZhCn => format!(
                        "找不到{what}的绩效评估：该对象不存在、尚未被评估，或您无权查看。"
                    ),
                    Locale::En => format!(
                        "No performance review of {what} was found: it does not exist, has not been reviewed, or you may not see it."
                    ),
                })
            });
    };
    let cycle = cycles.iter().find(|c| c.id == id).ok_or_else(|| {
        BuildError::NotFound(match locale {
            Locale::ZhCn => format!("找不到考核周期 {id}：它不存在或您无权查看。"),
            Locale::En => {
                format!("Review cycle {id} was not found: it does not exist or you may not see it.")
            }
        })
    })?;
    let review = reviews.iter().find(|r| r.cycle_id == id).ok_or_else(|| {
        BuildError::NotFound(match locale {
            Locale::ZhCn => format!(
                "在考核周期「{}」中找不到{what}的绩效评估：该对象不存在、未被评估，或您无权查看。",
                cycle.name
            ),
            Locale::En => format!(
                "No performance review of {what} was found in the cycle {}: it does not exist, was not reviewed, or you may not see it.",
                cycle.name
            ),
        })
    })?;
    Ok((cycle, review))
}

/// The subject's reviews in earlier cycles of the same period kind, oldest first (at most
/// seven, so the trend shows eight cycles).
fn earlier<'a>(
    cycles: &'a [Cycle],
    reviews: &'a [Review],
    current: &Cycle,
) -> Vec<(&'a Cycle, &'a Review)> {
    let mut found: Vec<(&Cycle, &Review)> = cycles
        .iter()
        .filter(|c| c.id != current.id && c.kind == current.kind && c.end < current.end)
        .filter_map(|c| reviews.iter().find(|r| r.cycle_id == c.id).map(|r| (c, r)))
        .collect();
    found.sort_by_key(|(c, _)| (c.end, c.start, c.id));
    let skip = found.len().saturating_sub(7);
    found.split_off(skip)
}

fn subtitle(cycle: &Cycle, review: &Review, subject: &Subject, locale: Locale) -> String {
    let mut parts = vec![labels::period(cycle, locale)];
    match subject.kind {
        Kind::Employee => {
            parts.push(locale.pick("员工", "Employee").to_owned());
            parts.extend(review.employee_title.clone());
            parts.extend(review.branch.clone());
        }
        Kind::Branch => parts.push(locale.pick("分公司", "Branch").to_owned()),
    }
    parts.join(" · ")
}

/// Section 1: target, actual and score of each KPI, with the weighted total.
fn kpi_table(doc: &mut Document, review: &Review, locale: Locale) {
    doc.push(Block::Heading(locale.pick("KPI 得分", "KPI scores").to_owned()));
    if review.scores.is_empty() {
        doc.push(Block::Paragraph(
            locale
                .pick(
                    "本周期无 KPI 得分：评估尚未计算。",
                    "No KPI scores in this cycle: the review has not been computed.",
                )
                .to_owned(),
        ));
        return;
    }
    let lower = locale.pick("（越低越好）", " (lower is better)");
    let rows = review
        .scores
        .iter()
        .map(|s| {
            let mut name = labels::kpi_name(&s.code, &s.name, locale);
            if !s.higher_is_better {
                name.push_str(lower);
            }
            vec![
                Cell::text(name),
                Cell::text(labels::unit(&s.unit, locale)),
                Cell::percent(s.weight),
                labels::value(Some(s.target), &s.unit),
                labels::value(s.actual, &s.unit),
                Cell::number(s.score),
                Cell::number(s.weighted),
            ]
        })
        .collect();
    let weights: Option<Decimal> = review.scores.iter().map(|s| s.weight).sum();
    let total = review.total.or_else(|| review.scores.iter().map(|s| s.weighted).sum());
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("KPI", 2.4),
            Column::new(locale.pick("单位", "Unit"), 0.7),
            Column::new(locale.pick("权重", "Weight"), 0.9),
            Column::new(locale.pick("目标", "Target"), 1.1),
            Column::new(locale.pick("实际", "Actual"), 1.1),
            Column::new(locale.pick("得分", "Score"), 0.9),
            Column::new(locale.pick("加权得分", "Weighted"), 1.0),
        ],
        rows,
        total: Some(vec![
            Cell::text(locale.pick("合计（总分）", "Total score")),
            Cell::Empty,
            Cell::percent(weights),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::number(total),
        ]),
    }));
    doc.push(Block::Note(
        locale
            .pick(
                "得分 = 实际 ÷ 目标 × 100（越低越好的指标为 目标 ÷ 实际 × 100），上限 120；加权得分 = 得分 × 权重 ÷ 100；总分为加权得分之和，100 表示各项恰好达标。",
                "Score = actual ÷ target × 100 (target ÷ actual × 100 when lower is better), capped at 120; weighted = score × weight ÷ 100; the total score is the sum of the weighted scores, 100 when every KPI exactly meets its target.",
            )
            .to_owned(),
    ));
}

/// Section 2: the total score (against the previous cycle), the rating and the KPIs met.
fn key_figures(
    doc: &mut Document,
    review: &Review,
    previous: Option<(&Cycle, &Review)>,
    locale: Locale,
) {
    doc.push(Block::Heading(locale.pick("总分与评级", "Total score and rating").to_owned()));
    let change = previous.map(|(cycle, before)| Change {
        value: match (review.total, before.total) {
            (Some(now), Some(then)) => Cell::Number(now - then),
            _ => Cell::Empty,
        },
        against: format!("{} {}", locale.pick("较", "vs"), cycle.short_label()),
    });
    let scored: Vec<Decimal> = review.scores.iter().filter_map(|s| s.score).collect();
    let met = scored.iter().filter(|s| **s >= Decimal::ONE_HUNDRED).count();
    let met = if scored.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(format!("{met} / {}", review.scores.len()))
    };
    doc.push(Block::Tiles(vec![
        Tile {
            label: locale.pick("总分", "Total score").to_owned(),
            value: Cell::number(review.total),
            change,
        },
        Tile {
            label: locale.pick("评级", "Rating").to_owned(),
            value: Cell::text(labels::rating(review.rating.as_deref(), locale)),
            change: None,
        },
        Tile { label: locale.pick("达标 KPI", "KPIs met").to_owned(), value: met, change: None },
    ]));
    let mut text = format!(
        "{}{}",
        locale.pick("评估状态：", "Review status: "),
        labels::status(&review.status, locale)
    );
    if review.total.is_none() && review.rating.is_some() {
        text.push_str(locale.pick(
            "。总分与 KPI 得分仅对总部、被评估人本人及分公司经理可见。",
            ". The scores are visible only to HQ, the reviewed employee and the branch manager.",
        ));
    }
    doc.push(Block::Paragraph(text));
    if let Some(comments) = review.comments.as_deref().filter(|c| !c.trim().is_empty()) {
        doc.push(Block::Paragraph(format!("{}{comments}", locale.pick("评语：", "Comments: "))));
    }
}
