//! The flow blocks: title, headings, paragraphs, lists, notes and KPI tiles.

use super::canvas::{ACCENT, Canvas, DOWN, GREY, LIGHT, SHADE, Style, UP};
use super::wrap::wrap;
use super::{LEFT, RIGHT, chart, table};
use crate::document::{Block, Tile};
use crate::{Cell, Document, Locale};

const BODY: f32 = 10.0;
const LEADING: f32 = 1.5;

/// The title block at the top of the first page.
pub(crate) fn title(canvas: &mut Canvas<'_>, doc: &Document) {
    let style = Style::bold(19.0);
    for line in wrap(canvas, &doc.title, style, RIGHT - LEFT) {
        canvas.y -= 24.0;
        canvas.text(LEFT, canvas.y, &line, style);
    }
    if !doc.subtitle.is_empty() {
        let sub = Style::regular(10.5).color(GREY);
        for line in wrap(canvas, &doc.subtitle, sub, RIGHT - LEFT) {
            canvas.y -= 16.0;
            canvas.text(LEFT, canvas.y, &line, sub);
        }
    }
    canvas.y -= 10.0;
    canvas.hline(LEFT, RIGHT, canvas.y, 1.5, ACCENT);
    canvas.y -= 8.0;
}

/// Lays out one block below the cursor.
pub(crate) fn block(canvas: &mut Canvas<'_>, block: &Block, next: Option<&Block>, locale: Locale) {
    match block {
        Block::Heading(text) => heading(canvas, text, next),
        Block::Paragraph(text) => lines(canvas, text, Style::regular(BODY), LEFT, 6.0),
        Block::Note(text) => lines(canvas, text, Style::regular(8.0).color(GREY), LEFT, 4.0),
        Block::Bullets(items) => {
            for item in items {
                bullet(canvas, item);
            }
            canvas.y -= 4.0;
        }
        Block::Tiles(tiles) => self::tiles(canvas, tiles, locale),
        Block::Table(t) => table::table(canvas, t),
        Block::Chart(c) => chart::chart(canvas, c, locale),
        Block::PageBreak => {
            if !canvas.at_top() {
                canvas.new_page();
            }
        }
    }
}

/// A heading, kept on the page of what follows it: a whole chart, the header and first
/// rows of a table, a row of tiles, the first lines of text.
fn heading(canvas: &mut Canvas<'_>, text: &str, next: Option<&Block>) {
    let style = Style::bold(13.0);
    let keep = match next {
        Some(Block::Chart(_)) => chart::HEIGHT + 8.0,
        Some(Block::Tiles(_)) => 70.0,
        Some(Block::Table(_)) => 70.0,
        Some(Block::Paragraph(_) | Block::Bullets(_) | Block::Note(_)) => 45.0,
        _ => 0.0,
    };
    canvas.room(28.0 + keep);
    canvas.y -= 20.0;
    canvas.fill(LEFT, canvas.y - 2.5, 3.0, 14.0, ACCENT);
    canvas.text_fit(LEFT + 9.0, canvas.y, text, style, RIGHT - LEFT - 9.0);
    canvas.y -= 8.0;
}

fn lines(canvas: &mut Canvas<'_>, text: &str, style: Style, x: f32, after: f32) {
    let step = style.size * LEADING;
    for line in wrap(canvas, text, style, RIGHT - x) {
        canvas.room(step);
        canvas.y -= step;
        canvas.text(x, canvas.y + step * 0.25, &line, style);
    }
    canvas.y -= after;
}

fn bullet(canvas: &mut Canvas<'_>, text: &str) {
    let style = Style::regular(BODY);
    let step = BODY * LEADING;
    let indent = 12.0;
    for (i, line) in wrap(canvas, text, style, RIGHT - LEFT - indent).into_iter().enumerate() {
        canvas.room(step);
        canvas.y -= step;
        let base = canvas.y + step * 0.25;
        if i == 0 {
            canvas.fill(LEFT + 2.0, base + 2.8, 3.2, 3.2, ACCENT);
        }
        canvas.text(LEFT + indent, base, &line, style);
    }
}

/// Key figures, three to a row.
fn tiles(canvas: &mut Canvas<'_>, tiles: &[Tile], locale: Locale) {
    const PER_ROW: usize = 3;
    const GAP: f32 = 8.0;
    const HEIGHT: f32 = 58.0;
    let width = (RIGHT - LEFT - GAP * (PER_ROW as f32 - 1.0)) / PER_ROW as f32;
    for row in tiles.chunks(PER_ROW) {
        canvas.room(HEIGHT + GAP);
        canvas.y -= 4.0;
        let bottom = canvas.y - HEIGHT;
        for (i, tile) in row.iter().enumerate() {
            let x = LEFT + i as f32 * (width + GAP);
            canvas.fill(x, bottom, width, HEIGHT, SHADE);
            canvas.fill(x, bottom, 2.0, HEIGHT, LIGHT);
            let pad = 9.0;
            canvas.text_fit(
                x + pad,
                canvas.y - 14.0,
                &tile.label,
                Style::regular(8.5).color(GREY),
                width - 2.0 * pad,
            );
            let value = super::table::format_cell(&tile.value);
            canvas.text_fit(x + pad, canvas.y - 34.0, &value, Style::bold(15.0), width - 2.0 * pad);
            if let Some(change) = &tile.change {
                let sign = change.value.sign();
                let (marker, color) = match sign {
                    1 => ("▲", UP),
                    -1 => ("▼", DOWN),
                    _ => ("■", GREY),
                };
                let value = match &change.value {
                    Cell::Empty => locale.pick("无可比数据", "no comparison").to_owned(),
                    v => format!("{marker} {}", super::table::format_cell(v)),
                };
                let color = if matches!(change.value, Cell::Empty) { GREY } else { color };
                let text = format!("{value}  {}", change.against);
                canvas.text_fit(
                    x + pad,
                    canvas.y - 50.0,
                    &text,
                    Style::regular(8.0).color(color),
                    width - 2.0 * pad,
                );
            }
        }
        canvas.y = bottom - GAP;
    }
}
