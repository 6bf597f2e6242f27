//! Drawing primitives over printpdf operations, and the page flow: a cursor that moves down
//! the page and opens a new page when a block does not fit.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt,
    Rect, Rgb, TextItem, TextRenderingMode, WindingOrder,
};

use super::{BOTTOM, TOP};
use crate::Fonts;

pub(crate) const REGULAR: &str = "SGREGU";
pub(crate) const BOLD: &str = "SGBOLD";

/// An RGB colour, 0–255.
pub(crate) type Rgb8 = (u8, u8, u8);
pub(crate) const BLACK: Rgb8 = (33, 37, 41);
pub(crate) const GREY: Rgb8 = (108, 117, 125);
pub(crate) const LIGHT: Rgb8 = (222, 226, 230);
pub(crate) const SHADE: Rgb8 = (244, 246, 249);
pub(crate) const ACCENT: Rgb8 = (31, 78, 140);
pub(crate) const UP: Rgb8 = (25, 135, 84);
pub(crate) const DOWN: Rgb8 = (200, 35, 51);

/// How text looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: Rgb8,
}

impl Style {
    pub fn regular(size: f32) -> Self {
        Self { size, bold: false, color: BLACK }
    }
    pub fn bold(size: f32) -> Self {
        Self { size, bold: true, color: BLACK }
    }
    pub fn color(self, color: Rgb8) -> Self {
        Self { color, ..self }
    }
}

/// Pages being filled, top to bottom.
pub(crate) struct Canvas<'f> {
    pub fonts: &'f Fonts,
    done: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// The top of the free space on the current page.
    pub y: f32,
}

impl<'f> Canvas<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, done: Vec::new(), ops: Vec::new(), y: TOP }
    }

    /// A canvas over an already laid out page, to draw its header and footer.
    pub fn page(fonts: &'f Fonts, ops: Vec<Op>) -> Self {
        Self { fonts, done: Vec::new(), ops, y: TOP }
    }

    /// The operations of a single-page canvas.
    pub fn into_ops(self) -> Vec<Op> {
        self.ops
    }

    /// Every page, the last one included.
    pub fn finish(mut self) -> Vec<Vec<Op>> {
        self.done.push(std::mem::take(&mut self.ops));
        self.done
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.ops));
        self.y = TOP;
    }

    /// Whether the current page is still empty.
    pub fn at_top(&self) -> bool {
        self.y >= TOP
    }

    /// Makes sure `height` points are free below the cursor, opening a page if not.
    pub fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// Text with its baseline at `y`, starting at `x`.
    pub fn text(&mut self, x: f32, y: f32, text: &str, style: Style) {
        let shown = self.fonts.shown(text, style.bold).into_owned();
        if shown.trim().is_empty() {
            return;
        }
        let (_, synthetic) = self.fonts.face(style.bold);
        let font = if style.bold && !synthetic { BOLD } else { REGULAR };
        let color = rgb(style.color);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(font.into())),
            size: Pt(style.size),
        });
        self.ops.push(Op::SetFillColor { col: color.clone() });
        if synthetic {
            self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            self.ops.push(Op::SetOutlineColor { col: color });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(style.size * 0.035) });
        }
        self.ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(shown)] });
        self.ops.push(Op::EndTextSection);
        if synthetic {
            self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
        }
    }

    /// The printed width of `text`.
    pub fn width(&self, text: &str, style: Style) -> f32 {
        self.fonts.width(&self.fonts.shown(text, style.bold), style.size, style.bold)
    }

    /// `text` cut with an ellipsis so that it is at most `max` wide.
    pub fn fit(&self, text: &str, style: Style, max: f32) -> String {
        if self.width(text, style) <= max {
            return text.to_owned();
        }
        let mut out: String = text.to_owned();
        while !out.is_empty() && self.width(&format!("{out}…"), style) > max {
            out.pop();
        }
        format!("{}…", out.trim_end())
    }

    /// Text cut to `max` wide, starting at `x`.
    pub fn text_fit(&mut self, x: f32, y: f32, text: &str, style: Style, max: f32) {
        let text = self.fit(text, style, max);
        self.text(x, y, &text, style);
    }

    /// Text ending at `right`, cut to `max` wide.
    pub fn text_right(&mut self, right: f32, y: f32, text: &str, style: Style, max: f32) {
        let text = self.fit(text, style, max);
        let w = self.width(&text, style);
        self.text(right - w, y, &text, style);
    }

    /// Text centred on `x`, cut to `max` wide.
    pub fn text_center(&mut self, x: f32, y: f32, text: &str, style: Style, max: f32) {
        let text = self.fit(text, style, max);
        let w = self.width(&text, style);
        self.text(x - w / 2.0, y, &text, style);
    }

    /// A filled rectangle; `y` is its bottom edge.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb8) {
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Fill),
                ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
            },
        });
    }

    /// A horizontal rule.
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb8) {
        self.polyline(&[(x1, y), (x2, y)], width, color);
    }

    /// Connected line segments.
    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, color: Rgb8) {
        if points.len() < 2 {
            return;
        }
        self.ops.push(Op::SetOutlineColor { col: rgb(color) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: points
                    .iter()
                    .map(|&(x, y)| LinePoint { p: point(x, y), bezier: false })
                    .collect(),
                is_closed: false,
            },
        });
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[(f32, f32)], color: Rgb8) {
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: points
                        .iter()
                        .map(|&(x, y)| LinePoint { p: point(x, y), bezier: false })
                        .collect(),
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

fn rgb((r, g, b): Rgb8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}
