//! An example report plugin for integrators: a one-page snapshot of one month's sales by
//! branch. It shows the whole contract in one file: a manifest with typed parameters, the
//! GraphQL query (run by the host as the requester, so it sees only what they may see), and a
//! pure build step from the query result to a Document. See the README, "Writing a report
//! plugin".

use rust_decimal::prelude::ToPrimitive;
use salesgraph_report_sdk::{
    Block, BuildContext, BuildError, Cell, Chart, ChartKind, Column, Document, Manifest, ParamKind,
    ParamSpec, Params, Query, ReportPlugin, Series, Table, Text, View,
};
use serde_json::json;

/// The plugin. Register it with `Registry::builder().register(BranchSnapshot::new())`.
#[derive(Debug)]
pub struct BranchSnapshot {
    manifest: Manifest,
}

impl Default for BranchSnapshot {
    fn default() -> Self {
        Self::new()
    }
}

impl BranchSnapshot {
    /// The plugin with its manifest.
    pub fn new() -> Self {
        Self {
            manifest: Manifest {
                id: "branch-snapshot",
                title: Text { zh: "分公司销售快照", en: "Branch sales snapshot" },
                description: Text {
                    zh: "一个月各分公司的营收、订单与达成率（示例插件）。",
                    en: "Revenue, orders and attainment by branch for one month (example plugin).",
                },
                params: vec![ParamSpec {
                    name: "month",
                    label: Text { zh: "月份", en: "Month" },
                    kind: ParamKind::Month,
                }],
            },
        }
    }
}

impl ReportPlugin for BranchSnapshot {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn query(&self, params: &Params) -> Query {
        Query {
            text: "query BranchSnapshot($from: NaiveDate!, $to: NaiveDate!) {
                salesMetrics(input: { from: $from, to: $to, groupBy: [BRANCH] }) {
                    branch { name }
                    revenue
                    orders
                    attainment
                }
            }"
            .into(),
            variables: json!({
                "from": params.month("month").to_string(),
                "to": params.month_end("month").to_string(),
            }),
        }
    }

    fn build(
        &self,
        data: &serde_json::Value,
        params: &Params,
        context: &BuildContext,
    ) -> Result<Document, BuildError> {
        let l = params.locale();
        let month = params.month("month");
        // The data is what the requester may see: name that scope, not "the company".
        let scope = context.audience.label(l);
        let title = match l {
            salesgraph_report_sdk::Locale::ZhCn => {
                format!("{} 分公司销售快照 · {scope}", month.format("%Y年%-m月"))
            }
            salesgraph_report_sdk::Locale::En => {
                format!("Branch sales snapshot {} · {scope}", month.format("%B %Y"))
            }
        };
        let mut doc = Document::new(title, format!("{} – {}", month, params.month_end("month")));
        let mut rows = Vec::new();
        let mut names = Vec::new();
        let mut revenue = Vec::new();
        for row in View::root(data).get("salesMetrics").list()? {
            let name = row.get("branch.name").str()?.unwrap_or("—").to_owned();
            let amount = row.get("revenue").decimal()?;
            names.push(name.clone());
            revenue.push(amount.and_then(|d| d.to_f64()));
            rows.push(vec![
                Cell::text(name),
                Cell::money(amount),
                Cell::int(row.get("orders").int()?),
                Cell::percent(row.get("attainment").decimal()?),
            ]);
        }
        doc.push(Block::Table(Table {
            columns: vec![
                Column::new(l.pick("分公司", "Branch"), 2.0),
                Column::new(l.pick("营收", "Revenue"), 1.6),
                Column::new(l.pick("订单", "Orders"), 1.0),
                Column::new(l.pick("达成率", "Attainment"), 1.0),
            ],
            rows,
            total: None,
        }));
        doc.push(Block::Chart(Chart {
            title: l.pick("各分公司营收", "Revenue by branch").into(),
            kind: ChartKind::Bar,
            categories: names,
            series: vec![Series { name: l.pick("营收", "Revenue").into(), values: revenue }],
            money: true,
        }));
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use salesgraph_report_sdk::{Fonts, RenderMeta, render};

    use super::*;

    #[test]
    fn builds_a_table_row_per_branch_and_renders() {
        let plugin = BranchSnapshot::new();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let params = plugin.manifest().resolve(&serde_json::Map::new(), today).unwrap();
        assert!(plugin.query(&params).variables["from"] == "2026-10-01");
        let data = json!({"salesMetrics": [
            {"branch": {"name": "华东分公司"}, "revenue": "1234567.891", "orders": 12, "attainment": "93.5"},
            {"branch": null, "revenue": null, "orders": 0, "attainment": null}
        ]});
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap().fixed_offset();
        let company = BuildContext::new(at, salesgraph_report_sdk::Audience::Company);
        let doc = plugin.build(&data, &params, &company).unwrap();
        assert_eq!(doc.title, "2026年10月 分公司销售快照 · 全公司");
        // A branch manager's snapshot holds their branch only, and says so.
        let branch = salesgraph_report_sdk::Audience::Branch("上海分公司".into());
        let managers = plugin.build(&data, &params, &BuildContext::new(at, branch)).unwrap();
        assert_eq!(managers.title, "2026年10月 分公司销售快照 · 上海分公司");
        let Block::Table(table) = &doc.blocks[0] else { panic!("a table first") };
        assert_eq!(table.rows[0][1], Cell::Money("1234567.891".parse().unwrap()));
        assert_eq!(table.rows[1][0], Cell::Text("—".into()));
        let meta =
            RenderMeta { company: "示例".into(), generated_at: at, locale: params.locale() };
        assert_eq!(render(&doc, &Fonts::bundled().unwrap(), &meta).pages, 1);
    }
}
