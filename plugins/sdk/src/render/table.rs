//! Tables: columns scaled to the page, text wrapped within its column, numbers right-aligned,
//! a shaded header repeated on every page the table runs onto.

use super::canvas::{ACCENT, BLACK, Canvas, LIGHT, SHADE, Style};
use super::wrap::wrap;
use super::{LEFT, RIGHT};
use crate::{Cell, Table, format};

const SIZE: f32 = 8.5;
const LINE: f32 = SIZE * 1.35;
const PAD: f32 = 4.0;

/// How a cell reads.
pub(crate) fn format_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Money(v) => format::money(*v),
        Cell::Percent(v) => format::percent(*v),
        Cell::Points(v) => format::points(*v),
        Cell::Number(v) => format::number(*v),
        Cell::Int(v) => format::number((*v).into()),
        Cell::Empty => "—".into(),
    }
}

/// Lays out a table, splitting it across pages.
pub(crate) fn table(canvas: &mut Canvas<'_>, table: &Table) {
    if table.columns.is_empty() {
        return;
    }
    let total_weight: f32 = table.columns.iter().map(|c| c.weight.max(0.1)).sum();
    let widths: Vec<f32> =
        table.columns.iter().map(|c| (RIGHT - LEFT) * c.weight.max(0.1) / total_weight).collect();
    let header: Vec<Cell> = table.columns.iter().map(|c| Cell::Text(c.title.clone())).collect();
    // Numbers are right-aligned, and so are their column titles.
    let numeric: Vec<bool> = (0..widths.len())
        .map(|i| {
            let mut cells =
                table.rows.iter().filter_map(|r| r.get(i)).filter(|c| !matches!(c, Cell::Empty));
            let first = cells.next();
            first.is_some_and(Cell::is_numeric) && cells.all(Cell::is_numeric)
        })
        .collect();
    let head = Prepared::new(canvas, &header, &widths, Style::bold(SIZE), &numeric);
    canvas.room(head.height + LINE * 2.0 + 2.0 * PAD);
    canvas.y -= 2.0;
    draw(canvas, &head, &widths, Some(SHADE));
    let rows = table.rows.iter().map(|r| (r, Style::regular(SIZE)));
    let total = table.total.iter().map(|r| (r, Style::bold(SIZE)));
    let all: Vec<Prepared> = rows
        .chain(total)
        .map(|(row, style)| Prepared::new(canvas, row, &widths, style, &numeric))
        .collect();
    for (i, prepared) in all.iter().enumerate() {
        // The last row (often the total) never goes on to a page alone: the row before it
        // goes with it.
        let widow = i + 2 == all.len()
            && i > 0
            && all
                .get(i + 1)
                .is_some_and(|last| canvas.y - prepared.height - last.height < super::BOTTOM);
        if canvas.y - prepared.height < super::BOTTOM || widow {
            canvas.hline(LEFT, RIGHT, canvas.y, 0.8, ACCENT);
            canvas.new_page();
            draw(canvas, &head, &widths, Some(SHADE));
        }
        let shade = (i % 2 == 1).then_some((250, 251, 252));
        draw(canvas, prepared, &widths, shade);
    }
    canvas.hline(LEFT, RIGHT, canvas.y, 0.8, ACCENT);
    canvas.y -= 10.0;
}

/// A row with its cells broken into lines.
struct Prepared {
    cells: Vec<(Vec<String>, bool)>,
    style: Style,
    height: f32,
}

impl Prepared {
    fn new(
        canvas: &Canvas<'_>,
        row: &[Cell],
        widths: &[f32],
        style: Style,
        numeric: &[bool],
    ) -> Self {
        let cells: Vec<(Vec<String>, bool)> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cell = row.get(i).unwrap_or(&Cell::Empty);
                let right = cell.is_numeric() || numeric.get(i).copied().unwrap_or(false);
                (wrap(canvas, &format_cell(cell), style, w - 2.0 * PAD), right)
            })
            .collect();
        let lines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1).max(1);
        Self { cells, style, height: lines as f32 * LINE + 2.0 * PAD }
    }
}

fn draw(canvas: &mut Canvas<'_>, row: &Prepared, widths: &[f32], shade: Option<(u8, u8, u8)>) {
    let top = canvas.y;
    if let Some(color) = shade {
        canvas.fill(LEFT, top - row.height, RIGHT - LEFT, row.height, color);
    }
    let mut x = LEFT;
    for ((lines, right), w) in row.cells.iter().zip(widths) {
        for (n, line) in lines.iter().enumerate() {
            let baseline = top - PAD - LINE * (n as f32 + 1.0) + LINE * 0.25;
            let style = row.style.color(BLACK);
            if *right {
                canvas.text_right(x + w - PAD, baseline, line, style, w - 2.0 * PAD);
            } else {
                canvas.text(x + PAD, baseline, line, style);
            }
        }
        x += w;
    }
    canvas.y = top - row.height;
    canvas.hline(LEFT, RIGHT, canvas.y, 0.4, LIGHT);
}
