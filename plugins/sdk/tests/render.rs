//! The renderer end to end: every kind of block on A4 pages, read back as text.

// Helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used)]

use chrono::{FixedOffset, TimeZone};
use rust_decimal::Decimal;
use salesgraph_report_sdk::{
    Block, Cell, Change, Chart, ChartKind, Column, Document, Fonts, Locale, RenderMeta, Series,
    Table, Tile, render,
};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A document with every block kind and a table long enough to run over pages.
pub fn sample() -> Document {
    let mut doc =
        Document::new("华东分公司 2026年10月 经营回顾", "2026-10-01 至 2026-10-31 · 全公司");
    doc.push(Block::Tiles(vec![
        Tile {
            label: "营收".into(),
            value: Cell::Money(d("12345678.9")),
            change: Some(Change { value: Cell::Percent(d("12.34")), against: "同比".into() }),
        },
        Tile {
            label: "达成率".into(),
            value: Cell::Percent(d("87.5")),
            change: Some(Change { value: Cell::Percent(d("-3.2")), against: "环比".into() }),
        },
        Tile {
            label: "订单数".into(),
            value: Cell::Int(1234),
            change: Some(Change { value: Cell::Empty, against: "同比".into() }),
        },
        Tile { label: "NPS".into(), value: Cell::Number(d("42.5")), change: None },
    ]));
    doc.push(Block::Heading("分公司排名 Branch ranking".into()));
    doc.push(Block::Paragraph("本月华东分公司营收达成率领先，华南分公司落后进度 12.3 个百分点，需要关注。The East branch leads; the South branch is 12.3 points behind pace and needs attention.😀".into()));
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("排名", 0.6),
            Column::new("分公司", 2.0),
            Column::new("营收", 1.6),
            Column::new("达成率", 1.0),
        ],
        rows: (1..=70)
            .map(|i| {
                vec![
                    Cell::Int(i),
                    Cell::text(format!("第{i}分公司（测试用的很长的名称以便换行显示）")),
                    Cell::Money(Decimal::from(i * 123_457)),
                    Cell::Percent(Decimal::from(i)),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::Empty,
            Cell::text("合计"),
            Cell::Money(d("306790645")),
            Cell::Empty,
        ]),
    }));
    for kind in [ChartKind::Bar, ChartKind::GroupedBar, ChartKind::Line, ChartKind::Pie] {
        doc.push(Block::Chart(Chart {
            title: format!("{kind:?} 营收与目标"),
            kind,
            categories: (1..=12).map(|m| format!("{m}月")).collect(),
            series: vec![
                Series {
                    name: "营收".into(),
                    values: (1..=12).map(|m| Some(f64::from(m) * 1.0e6)).collect(),
                },
                Series {
                    name: "目标".into(),
                    values: (1..=12)
                        .map(|m| if m == 6 { None } else { Some(f64::from(m) * 1.1e6) })
                        .collect(),
                },
            ],
            money: true,
        }));
    }
    doc.push(Block::Bullets(vec![
        "华南分公司落后进度".into(),
        "Top customer 深圳云图科技 grew 40%".into(),
    ]));
    doc.push(Block::Note("数据来源：salesgraph。".into()));
    doc
}

pub fn meta() -> RenderMeta {
    RenderMeta {
        company: "示例集团有限公司".into(),
        generated_at: FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 1, 2, 0, 0)
            .unwrap(),
        locale: Locale::ZhCn,
    }
}

fn text_of(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[test]
fn the_same_document_gives_the_same_bytes_and_reads_back() {
    let fonts = Fonts::bundled().unwrap();
    let a = render(&sample(), &fonts, &meta());
    let b = render(&sample(), &fonts, &meta());
    assert_eq!(a.bytes, b.bytes, "rendering is deterministic");
    assert!(a.pages >= 4, "70 rows and four charts run over several pages, got {}", a.pages);
    assert!(a.bytes.len() < 200_000, "the font is embedded as a subset: {} bytes", a.bytes.len());
    let text = text_of(&a.bytes);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "华东分公司2026年10月经营回顾",
        "¥12,345,678.90",
        "87.50%",
        // The API's figure (12.34) prints as it is, not rounded again.
        "▲12.34%",
        "▼-3.20%",
        "第70分公司",
        "¥306,790,645.00",
        "示例集团有限公司",
        "第1页/共",
        "生成于2026-11-0102:00",
        "12.3个百分点",
        "需要关注。",
        "□",
    ] {
        assert!(compact.contains(expected), "{expected} not found in the PDF text");
    }
    // The table header is repeated on the page the table runs onto.
    assert!(compact.matches("排名分公司营收达成率").count() >= 2, "header repeated");
}

#[test]
fn the_generation_time_changes_the_bytes() {
    let fonts = Fonts::bundled().unwrap();
    let mut later = meta();
    later.generated_at += chrono::Duration::minutes(1);
    assert_ne!(render(&sample(), &fonts, &meta()).bytes, render(&sample(), &fonts, &later).bytes);
}

#[test]
fn a_table_total_never_stands_alone_on_a_page() {
    let fonts = Fonts::bundled().unwrap();
    // Whatever the length, the total shares its page with the last row above it.
    for n in 30..=75 {
        let mut doc = Document::new("表格", "");
        doc.push(Block::Table(Table {
            columns: vec![Column::new("行", 1.0), Column::new("金额", 1.0)],
            rows: (1..=n).map(|i| vec![Cell::text(format!("第{i}行")), Cell::Int(i)]).collect(),
            total: Some(vec![Cell::text("合计"), Cell::Int(n * (n + 1) / 2)]),
        }));
        let pdf = render(&doc, &fonts, &meta());
        let parsed = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let pages: Vec<u32> = parsed.get_pages().keys().copied().collect();
        let with_total = pages
            .iter()
            .map(|p| parsed.extract_text(&[*p]).unwrap())
            .find(|t| t.contains("合计"))
            .unwrap();
        assert!(with_total.contains(&format!("第{n}行")), "{n} rows: the total is alone");
    }
}
