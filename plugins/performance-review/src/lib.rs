//! The `performance-review` report (绩效评估报告): the review of one employee or branch in a
//! review cycle — KPI scores, total and rating, the trend over earlier cycles, the training
//! completed in the period and the improvement plan — or, without a subject, a ranking of
//! every review of the cycle the requester may see.
//!
//! The query fetches every cycle (newest first) and every review of the subject, so `build`
//! picks the cycle (the one asked for, or the latest the subject was reviewed in) and the
//! earlier cycles of the trend from the same data.

mod labels;
mod model;
mod overview;
mod query;
mod sections;
mod subject;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_overview;

use salesgraph_report_sdk::{
    BuildContext, BuildError, Document, Manifest, ParamKind, ParamSpec, Params, Query,
    ReportPlugin, Text,
};

/// The performance review report plugin.
pub struct PerformanceReview {
    manifest: Manifest,
}

impl PerformanceReview {
    /// The plugin with its manifest.
    pub fn new() -> Self {
        Self {
            manifest: Manifest {
                id: "performance-review",
                title: Text { zh: "绩效评估报告", en: "Performance review" },
                description: Text {
                    zh: "一名员工或一家分公司在一个考核周期的绩效评估：各项KPI的目标、实际与得分，总分与评级，历次周期的得分趋势，周期内完成的培训和改进计划。不指定员工和分公司时，列出该周期所有可见评估的排名。默认周期为最近一个有评估的周期。",
                    en: "The performance review of an employee or a branch in a review cycle: each KPI's target, actual and score, the total score and rating, the trend over earlier cycles, the training completed in the period and the improvement plan. Without an employee or branch, a ranking of every review of the cycle you may see. By default the latest cycle with reviews.",
                },
                params: vec![
                    ParamSpec {
                        name: "cycle",
                        label: Text { zh: "考核周期", en: "Review cycle" },
                        kind: ParamKind::Id { entity: "review cycle" },
                    },
                    ParamSpec {
                        name: "employee",
                        label: Text { zh: "员工", en: "Employee" },
                        kind: ParamKind::Id { entity: "employee" },
                    },
                    ParamSpec {
                        name: "branch",
                        label: Text { zh: "分公司", en: "Branch" },
                        kind: ParamKind::Id { entity: "branch" },
                    },
                ],
            },
        }
    }
}

impl Default for PerformanceReview {
    fn default() -> Self {
        Self::new()
    }
}

impl ReportPlugin for PerformanceReview {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn query(&self, params: &Params) -> Query {
        query::query(&query::Scope::of(params))
    }

    fn build(
        &self,
        data: &serde_json::Value,
        params: &Params,
        context: &BuildContext,
    ) -> Result<Document, BuildError> {
        let cycle = params.id("cycle");
        match query::Scope::of(params) {
            query::Scope::Overview { .. } => {
                overview::build(data, cycle, &context.audience, params.locale())
            }
            query::Scope::Subject(subject) => {
                subject::build(data, &subject, cycle, params.locale(), context)
            }
        }
    }
}
