//! The overview of a cycle when no employee or branch is given: how the visible reviews are
//! rated, and the branches and employees ranked by total score.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use salesgraph_report_sdk::{
    Audience, Block, BuildError, Cell, Chart, ChartKind, Column, Document, Locale, Series, Table,
    Tile, View,
};

use crate::labels;
use crate::model::{self, Review};

const RATINGS: [&str; 5] = ["EXCELLENT", "GOOD", "MEETS", "NEEDS_IMPROVEMENT", "UNSATISFACTORY"];

/// Builds the overview of `cycle` (by default the latest cycle with reviews) of the reviews
/// `audience` sees, which the title names.
pub(crate) fn build(
    data: &serde_json::Value,
    cycle: Option<i64>,
    audience: &Audience,
    locale: Locale,
) -> Result<Document, BuildError> {
    let overview = match locale {
        Locale::ZhCn => format!("{}总览", audience.label(locale)),
        Locale::En => format!("{} overview", audience.label(locale)),
    };
    let root = View::root(data);
    let cycles = model::cycles(&root)?;
    let reviews = model::reviews(&root, data)?;
    let total_count = model::total_count(&root, "reviews")?;
    let cycle = match cycle {
        Some(id) => Some(cycles.iter().find(|c| c.id == id).ok_or_else(|| {
            BuildError::NotFound(match locale {
                Locale::ZhCn => format!("找不到考核周期 {id}：它不存在或您无权查看。"),
                Locale::En => format!(
                    "Review cycle {id} was not found: it does not exist or you may not see it."
                ),
            })
        })?),
        None => cycles.iter().find(|c| reviews.iter().any(|r| r.cycle_id == c.id)),
    };
    let Some(cycle) = cycle else {
        let mut doc = Document::new(
            match locale {
                Locale::ZhCn => format!("绩效评估 · {overview}"),
                Locale::En => format!("Performance review · {overview}"),
            },
            locale.pick("全部可见评估", "All reviews you may see"),
        );
        doc.push(Block::Paragraph(
            locale
                .pick("暂无可查看的绩效评估。", "There are no performance reviews you may see yet.")
                .to_owned(),
        ));
        return Ok(doc);
    };
    let of_cycle: Vec<&Review> = reviews.iter().filter(|r| r.cycle_id == cycle.id).collect();
    let fetched = i64::try_from(reviews.len()).unwrap_or(i64::MAX);
    let truncated = total_count.is_some_and(|n| n > fetched)
        && reviews.last().is_some_and(|r| r.cycle_id == cycle.id);

    let mut doc = Document::new(
        labels::title(&cycle.name, &overview, locale),
        match locale {
            Locale::ZhCn => {
                format!("{} · 可见评估 {} 份", labels::period(cycle, locale), of_cycle.len())
            }
            Locale::En => format!("{} · {} reviews", labels::period(cycle, locale), of_cycle.len()),
        },
    );
    if of_cycle.is_empty() {
        doc.push(Block::Paragraph(
            locale
                .pick(
                    "本周期无可查看的绩效评估。",
                    "There are no reviews you may see in this cycle.",
                )
                .to_owned(),
        ));
        return Ok(doc);
    }
    summary(&mut doc, &of_cycle, locale);
    let branches: Vec<&Review> = of_cycle.iter().copied().filter(|r| r.kind == "BRANCH").collect();
    let employees: Vec<&Review> = of_cycle.iter().copied().filter(|r| r.kind != "BRANCH").collect();
    ranking(&mut doc, branches, false, locale);
    ranking(&mut doc, employees, true, locale);
    if truncated {
        doc.push(Block::Note(match locale {
            Locale::ZhCn => format!(
                "可见评估共 {} 份，超过单次查询上限 500 份，本报告只含其中一部分。",
                total_count.unwrap_or_default()
            ),
            Locale::En => format!(
                "{} reviews are visible, more than the 500 one query reads: this report shows part of them.",
                total_count.unwrap_or_default()
            ),
        }));
    }
    Ok(doc)
}

/// The count, the average total score, the reviews that need a plan, and the ratings.
fn summary(doc: &mut Document, reviews: &[&Review], locale: Locale) {
    let totals: Vec<Decimal> = reviews.iter().filter_map(|r| r.total).collect();
    let average = (!totals.is_empty()).then(|| {
        // Rounded once, half away from zero, as the API rounds its scores.
        (totals.iter().copied().sum::<Decimal>() / Decimal::from(totals.len()))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    });
    let weak = reviews.iter().filter(|r| labels::needs_plan(r.rating.as_deref())).count();
    doc.push(Block::Tiles(vec![
        Tile {
            label: locale.pick("评估份数", "Reviews").to_owned(),
            value: Cell::Int(i64::try_from(reviews.len()).unwrap_or(i64::MAX)),
            change: None,
        },
        Tile {
            label: locale.pick("平均总分", "Average total score").to_owned(),
            value: Cell::number(average),
            change: None,
        },
        Tile {
            label: locale.pick("待改进及不合格", "Needs improvement or worse").to_owned(),
            value: Cell::Int(i64::try_from(weak).unwrap_or(i64::MAX)),
            change: None,
        },
    ]));
    let count = |rating: Option<&str>| {
        reviews.iter().filter(|r| r.rating.as_deref() == rating).count() as f64
    };
    let mut categories: Vec<String> =
        RATINGS.iter().map(|r| labels::rating(Some(r), locale)).collect();
    let mut values: Vec<Option<f64>> = RATINGS.iter().map(|r| Some(count(Some(r)))).collect();
    let unrated = count(None);
    if unrated > 0.0 {
        categories.push(labels::rating(None, locale));
        values.push(Some(unrated));
    }
    doc.push(Block::Chart(Chart {
        title: locale.pick("评级分布", "Ratings").to_owned(),
        kind: ChartKind::Bar,
        categories,
        series: vec![Series { name: locale.pick("评估数", "Reviews").to_owned(), values }],
        money: false,
    }));
}

/// Highest total first; reviews whose score the requester may not see go last.
fn by_score(a: &&Review, b: &&Review) -> Ordering {
    let rank = |r: &Review| RATINGS.iter().position(|x| Some(*x) == r.rating.as_deref());
    match (a.total, b.total) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| rank(a).unwrap_or(RATINGS.len()).cmp(&rank(b).unwrap_or(RATINGS.len())))
    .then_with(|| labels::subject_name(a).cmp(&labels::subject_name(b)))
    .then_with(|| a.id.cmp(&b.id))
}

/// A ranking table of the branches' or the employees' reviews.
fn ranking(doc: &mut Document, mut reviews: Vec<&Review>, employees: bool, locale: Locale) {
    if reviews.is_empty() {
        return;
    }
    reviews.sort_by(by_score);
    doc.push(Block::Heading(if employees {
        locale.pick("员工排名", "Employees ranked").to_owned()
    } else {
        locale.pick("分公司排名", "Branches ranked").to_owned()
    }));
    let mut rows = Vec::with_capacity(reviews.len());
    let mut rank = 0i64;
    let mut last: Option<Decimal> = None;
    for (i, r) in reviews.iter().enumerate() {
        // Equal totals share a rank (1, 2, 2, 4).
        if r.total.is_some() && r.total != last {
            rank = i64::try_from(i).unwrap_or(i64::MAX) + 1;
            last = r.total;
        }
        let mut row = vec![
            if r.total.is_some() { Cell::Int(rank) } else { Cell::Empty },
            Cell::text(labels::subject_name(r)),
        ];
        if employees {
            row.push(Cell::text(r.branch.clone().unwrap_or_default()));
        }
        row.extend([
            Cell::number(r.total),
            Cell::text(labels::rating(r.rating.as_deref(), locale)),
            Cell::text(labels::status(&r.status, locale)),
        ]);
        rows.push(row);
    }
    let mut columns = vec![
        Column::new(locale.pick("排名", "Rank"), 0.6),
        Column::new(
            if employees {
                locale.pick("员工", "Employee")
            } else {
                locale.pick("分公司", "Branch")
            },
            1.6,
        ),
    ];
    if employees {
        columns.push(Column::new(locale.pick("分公司", "Branch"), 1.6));
    }
    columns.extend([
        Column::new(locale.pick("总分", "Total score"), 1.0),
        Column::new(locale.pick("评级", "Rating"), 1.3),
        Column::new(locale.pick("状态", "Status"), 1.0),
    ]);
    doc.push(Block::Table(Table { columns, rows, total: None }));
}
