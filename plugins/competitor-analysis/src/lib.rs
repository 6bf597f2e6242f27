//! The `competitor-analysis` report plugin (竞争分析摘要): for the months ending with a chosen
//! month, how often we met each competitor on deals closed in the period, won and lost against
//! it, our win rate, how their observed prices compare with our list prices, and — for the
//! biggest threats or one chosen competitor — strengths, weaknesses, the competitive
//! strategies in force and the reasons of the deals lost.
//!
//! The plugin is pure: [`CompetitorAnalysis::query`] turns the parameters into one GraphQL
//! request, [`CompetitorAnalysis::build`] turns its result into a [`Document`].

mod analysis;
mod data;
mod detail;
mod period;
mod query;
mod summary;

#[cfg(test)]
mod tests;

use salesgraph_report_sdk::{
    BuildContext, BuildError, Document, Manifest, ParamKind, ParamSpec, Params, Query,
    ReportPlugin, Text,
};

/// The report's id in the plugin registry.
pub const ID: &str = "competitor-analysis";

/// The competitor analysis report: a threat ranking of the competitors met on deals closed in
/// a period of 1, 3, 6 or 12 months, and a detail section per competitor.
#[derive(Debug)]
pub struct CompetitorAnalysis {
    manifest: Manifest,
}

impl CompetitorAnalysis {
    /// The plugin with its manifest.
    pub fn new() -> Self {
        Self { manifest: manifest() }
    }
}

impl Default for CompetitorAnalysis {
    fn default() -> Self {
        Self::new()
    }
}

fn manifest() -> Manifest {
    Manifest {
        id: ID,
        title: Text { zh: "竞争分析摘要", en: "Competitor analysis" },
        description: Text {
            zh: "统计期内按竞争对手汇总交手商机的赢单、丢单与胜率并排出威胁排名；\
                 逐一分析价格指数（竞品观察价 ÷ 我方目录价）、优势与劣势、在执行的竞争策略\
                 和丢单原因。默认上一个完整月份往前 3 个月、全部竞争对手（详细分析前 5 名）。",
            en: "Per competitor, the deals met, won and lost and our win rate over deals closed \
                 in the period, ranked by threat; for each of the top five threats (or the \
                 competitor chosen) the price index (their observed price ÷ our list price), \
                 strengths and weaknesses, the competitive strategies in force and the reasons \
                 of lost deals. By default the three months up to the last complete month, all \
                 competitors.",
        },
        params: vec![
            ParamSpec {
                name: "month",
                label: Text { zh: "截止月份", en: "Last month" },
                kind: ParamKind::Month,
            },
            ParamSpec {
                name: "months",
                label: Text { zh: "统计月数", en: "Number of months" },
                kind: ParamKind::Choice { options: &["1", "3", "6", "12"], default: "3" },
            },
            ParamSpec {
                name: "competitor",
                label: Text {
                    zh: "竞争对手（默认全部）", en: "Competitor (all by default)"
                },
                kind: ParamKind::Id { entity: "competitor" },
            },
        ],
    }
}

impl ReportPlugin for CompetitorAnalysis {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn query(&self, params: &Params) -> Query {
        query::query(&period::Period::of(params), params.id("competitor"))
    }

    fn build(
        &self,
        data: &serde_json::Value,
        params: &Params,
        context: &BuildContext,
    ) -> Result<Document, BuildError> {
        let period = period::Period::of(params);
        let data = data::Data::read(data)?;
        let report = analysis::Report::new(
            &data,
            &period,
            params.id("competitor"),
            *context.generated_at.offset(),
        )
        .map_err(|missing| BuildError::NotFound(summary::not_found(missing, params.locale())))?;
        Ok(summary::document(&report, &period, &context.audience, params.locale()))
    }
}
