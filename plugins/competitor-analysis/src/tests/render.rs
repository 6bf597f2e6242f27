//! Rendered reports read back as text: the salesMetrics figures appear as the renderer formats
//! them, and a sample is written to the temporary directory to be looked at.

use salesgraph_report_sdk::{Fonts, Locale, render};
use serde_json::json;

use super::{build, fixture};

fn text_of(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_sample_renders_with_every_figure() {
    let doc = build(&fixture::all(), json!({})).unwrap();
    let pdf = render(&doc, &Fonts::bundled().unwrap(), &fixture::meta(Locale::ZhCn));
    let path = std::env::temp_dir().join("competitor-analysis-sample.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert!(pdf.pages >= 3, "{} pages", pdf.pages);
    let text = text_of(&pdf.bytes);
    for expected in [
        "竞争分析摘要·2026年8月–10月·全公司",
        "威胁排名",
        // 东方智联: met, won, lost, win rate and price index in one row; the win rates are
        // the API's, digit for digit, and 华锐科技's price index (mean 89.25) is rounded once.
        "1东方智联中2281436.36%108.00%",
        "2华锐科技高24101441.67%89.25%",
        "3鼎信网络低1712570.59%",
        "海川电子·本期未交手",
        "价格高于竞品",
        "中端交换机价格保护",
    ] {
        assert!(text.contains(expected), "{expected} not found in the PDF text: {text}");
    }
}

#[test]
fn an_english_single_competitor_report_renders() {
    let doc = build(&fixture::one(), json!({"competitor": "1", "locale": "en"})).unwrap();
    let pdf = render(&doc, &Fonts::bundled().unwrap(), &fixture::meta(Locale::En));
    let path = std::env::temp_dir().join("competitor-analysis-sample-en.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = text_of(&pdf.bytes);
    for expected in [
        "Competitoranalysis·Aug–Oct2026·Company·华锐科技",
        "Threatranking",
        "41.67%",
        "Whydealswerelost(competitorlisted)",
    ] {
        assert!(text.contains(expected), "{expected} not found in the PDF text: {text}");
    }
}
