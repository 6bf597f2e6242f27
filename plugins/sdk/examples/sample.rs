//! Writes the renderer's sample document (every block kind) to a PDF, to look at:
//! `cargo run -p salesgraph-report-sdk --example sample -- sample.pdf`.

#[path = "../tests/render.rs"]
#[allow(dead_code, unused_imports)]
mod render_test;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "sample.pdf".into());
    let fonts = salesgraph_report_sdk::Fonts::bundled()?;
    let pdf = salesgraph_report_sdk::render(&render_test::sample(), &fonts, &render_test::meta());
    std::fs::write(&path, &pdf.bytes)?;
    println!("{path}: {} pages, {} bytes", pdf.pages, pdf.bytes.len());
    Ok(())
}
