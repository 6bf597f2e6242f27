//! The Document model: what a plugin builds and the renderer lays out. It says what is shown,
//! never where: page breaks, wrapping, column widths and chart scales are the renderer's.

use rust_decimal::Decimal;
use serde::Serialize;

/// A report: a title block and a sequence of blocks.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Document {
    /// The title, also shown in every page header and used as the file name.
    pub title: String,
    /// A line under the title: the period, the scope.
    pub subtitle: String,
    /// The content, top to bottom.
    pub blocks: Vec<Block>,
}

impl Document {
    /// A document with a title and subtitle and no blocks yet.
    pub fn new(title: impl Into<String>, subtitle: impl Into<String>) -> Self {
        Self { title: title.into(), subtitle: subtitle.into(), blocks: Vec::new() }
    }

    /// Appends a block.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
}

/// One piece of content.
#[derive(Debug, Clone, Serialize)]
pub enum Block {
    /// A section heading; never left alone at the bottom of a page.
    Heading(String),
    /// Running text, wrapped to the page width.
    Paragraph(String),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// Key figures, three to a row.
    Tiles(Vec<Tile>),
    /// A table; split across pages with its header repeated.
    Table(Table),
    /// A chart.
    Chart(Chart),
    /// Small grey text: sources, definitions, caveats.
    Note(String),
    /// Starts a new page.
    PageBreak,
}

/// A key figure: a label, a value and how it changed.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    pub label: String,
    pub value: Cell,
    /// The change against a comparison, when there is one.
    pub change: Option<Change>,
}

/// A change against a comparison, shown with an up or down marker.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The change itself (usually a percentage).
    pub value: Cell,
    /// What it is compared with, such as `同比` or `vs target`.
    pub against: String,
}

/// A table of cells.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// A last row in bold, such as totals.
    pub total: Option<Vec<Cell>>,
}

/// A column: its title and its share of the table width.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub title: String,
    /// Relative width; the renderer scales the weights to the page.
    pub weight: f32,
}

impl Column {
    /// A column of the given relative width.
    pub fn new(title: impl Into<String>, weight: f32) -> Self {
        Self { title: title.into(), weight }
    }
}

/// A value in a table or a tile. Numbers are right-aligned and formatted by the renderer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cell {
    /// Text, left-aligned and wrapped.
    Text(String),
    /// An amount of yuan: `¥1,234,567.89`.
    Money(Decimal),
    /// A percentage in percent, two decimals: `12.34%`.
    Percent(Decimal),
    /// A change in percentage points, signed: `+2.50 pp`.
    Points(Decimal),
    /// A number shown as given, with thousands separators.
    Number(Decimal),
    /// A count.
    Int(i64),
    /// Nothing to show (no data, not applicable): a dash.
    Empty,
}

impl Cell {
    /// Text, or a dash when there is none.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.trim().is_empty() { Self::Empty } else { Self::Text(s) }
    }

    /// Money, or a dash for a missing amount.
    pub fn money(v: Option<Decimal>) -> Self {
        v.map_or(Self::Empty, Self::Money)
    }

    /// A percentage, or a dash.
    pub fn percent(v: Option<Decimal>) -> Self {
        v.map_or(Self::Empty, Self::Percent)
    }

    /// A count, or a dash.
    pub fn int(v: Option<i64>) -> Self {
        v.map_or(Self::Empty, Self::Int)
    }

    /// A number, or a dash.
    pub fn number(v: Option<Decimal>) -> Self {
        v.map_or(Self::Empty, Self::Number)
    }

    /// Whether the cell is a number (right-aligned).
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Self::Text(_))
    }

    /// The sign of a numeric cell: 1, -1 or 0.
    pub fn sign(&self) -> i32 {
        let d = match self {
            Self::Money(d) | Self::Percent(d) | Self::Points(d) | Self::Number(d) => *d,
            Self::Int(i) => Decimal::from(*i),
            Self::Text(_) | Self::Empty => Decimal::ZERO,
        };
        if d.is_sign_positive() && !d.is_zero() {
            1
        } else if d.is_sign_negative() && !d.is_zero() {
            -1
        } else {
            0
        }
    }
}

/// A chart: bars, grouped bars, lines or a pie, with a legend.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    /// The x-axis labels (bars, lines) or the slices (pie).
    pub categories: Vec<String>,
    /// One series per bar group or line; a pie uses the first series only.
    pub series: Vec<Series>,
    /// Whether the values are yuan (the title should say so, e.g. "（元）"); axis ticks are
    /// compact either way (万 / 亿, k / M).
    pub money: bool,
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChartKind {
    Bar,
    GroupedBar,
    Line,
    Pie,
}

/// A named series of values, one per category; `None` where there is no value.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}
