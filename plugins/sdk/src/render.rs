//! The PDF renderer: lays a [`Document`] out on A4 pages with a header (company, title) and a
//! footer (generation time, page X of Y), and writes the PDF with the fonts embedded as
//! subsets. A pure function of its input: the same document, fonts and metadata give the
//! same bytes.

mod blocks;
mod canvas;
mod chart;
mod table;
mod wrap;

use chrono::{DateTime, FixedOffset};
use printpdf::{FontId, Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};
use sha2::{Digest, Sha256};

use crate::{Document, Fonts, Locale};
use canvas::{Canvas, GREY, Style};

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const LEFT: f32 = 48.0;
pub(crate) const RIGHT: f32 = PAGE_W - 48.0;
/// Where content starts below the header, and where it must end above the footer.
pub(crate) const TOP: f32 = PAGE_H - 64.0;
pub(crate) const BOTTOM: f32 = 58.0;

/// What the page header and footer say, besides the document's title.
#[derive(Debug, Clone)]
pub struct RenderMeta {
    /// The company, shown top left on every page.
    pub company: String,
    /// When the report was generated, in the business time zone.
    pub generated_at: DateTime<FixedOffset>,
    /// The language of the header and footer.
    pub locale: Locale,
}

/// A rendered report.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Renders `doc` to PDF.
pub fn render(doc: &Document, fonts: &Fonts, meta: &RenderMeta) -> Pdf {
    let mut canvas = Canvas::new(fonts);
    blocks::title(&mut canvas, doc);
    for (i, block) in doc.blocks.iter().enumerate() {
        blocks::block(&mut canvas, block, doc.blocks.get(i + 1), meta.locale);
    }
    let pages = canvas.finish();
    let count = pages.len();
    let generated = meta.generated_at.format("%Y-%m-%d %H:%M").to_string();
    let pages: Vec<PdfPage> = pages
        .into_iter()
        .enumerate()
        .map(|(i, ops)| {
            let mut page = Canvas::page(fonts, ops);
            frame(&mut page, doc, meta, &generated, i + 1, count);
            PdfPage::new(Mm(210.0), Mm(297.0), page.into_ops())
        })
        .collect();

    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.creator = "salesgraph".into();
    pdf.metadata.info.producer = "salesgraph report SDK".into();
    if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(meta.generated_at.timestamp()) {
        pdf.metadata.info.creation_date = at;
        pdf.metadata.info.modification_date = at;
        pdf.metadata.info.metadata_date = at;
    }
    // Fixed font ids (printpdf draws random ones) keep the bytes and the subset tags stable.
    pdf.resources
        .fonts
        .map
        .insert(FontId(canvas::REGULAR.into()), PdfFont::new(fonts.regular.clone()));
    if let Some(bold) = &fonts.bold {
        pdf.resources.fonts.map.insert(FontId(canvas::BOLD.into()), PdfFont::new(bold.clone()));
    }
    pdf.with_pages(pages);
    let mut document = pdf.to_lopdf_document(&PdfSaveOptions::default(), &mut Vec::new());
    document.compress();
    // The file identifier is derived from the input instead of printpdf's counter.
    let id = identifier(doc, meta);
    document.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal(id.clone()),
            lopdf::Object::string_literal(id),
        ]),
    );
    let mut bytes = Vec::new();
    if let Err(err) = document.save_to(&mut bytes) {
        // Writing to a Vec cannot fail; keep the reason if it ever does.
        bytes.clear();
        bytes.extend_from_slice(format!("%PDF-error {err}").as_bytes());
    }
    Pdf { bytes, pages: count }
}

/// Header and footer of page `number` of `count`.
fn frame(
    page: &mut Canvas<'_>,
    doc: &Document,
    meta: &RenderMeta,
    generated: &str,
    number: usize,
    count: usize,
) {
    let small = Style::regular(8.5).color(GREY);
    let header_y = PAGE_H - 38.0;
    page.text_fit(LEFT, header_y, &meta.company, small, (RIGHT - LEFT) * 0.45);
    page.text_right(RIGHT, header_y, &doc.title, small, (RIGHT - LEFT) * 0.5);
    page.hline(LEFT, RIGHT, PAGE_H - 46.0, 0.6, GREY);
    page.hline(LEFT, RIGHT, 44.0, 0.6, GREY);
    let (left, right) = match meta.locale {
        Locale::ZhCn => (format!("生成于 {generated}"), format!("第 {number} 页 / 共 {count} 页")),
        Locale::En => (format!("Generated {generated}"), format!("Page {number} of {count}")),
    };
    page.text(LEFT, 30.0, &left, small);
    page.text_right(RIGHT, 30.0, &right, small, RIGHT - LEFT);
}

fn identifier(doc: &Document, meta: &RenderMeta) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(doc).unwrap_or_default());
    hash.update(meta.company.as_bytes());
    hash.update(meta.generated_at.to_rfc3339().as_bytes());
    hash.update(meta.locale.tag().as_bytes());
    hex::encode(&hash.finalize()[..16])
}
