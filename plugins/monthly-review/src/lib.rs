//! The `monthly-review` report (月度经营回顾): one month of the whole company, or of one
//! branch — key figures, the ranking by attainment, the twelve-month trend against target,
//! the product-category mix, the top customers and reps, deals won and lost against
//! competitors, the alerts raised, service tickets and their SLA, and findings drawn from
//! the data.
//!
//! Everything comes from one GraphQL request ([`query`]): several `salesMetrics` groupings
//! under aliases, the month's confirmed orders (for the customer ranking, which
//! `salesMetrics` cannot group by), alerts and service tickets. `build` reads it
//! ([`model`]) and lays out the sections ([`sections`], [`lists`], [`service`], [`findings`]).

mod findings;
mod labels;
mod lists;
mod model;
mod query;
mod sections;
mod service;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod schema_check;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_busy;

use salesgraph_report_sdk::{
    Block, BuildContext, BuildError, Document, Manifest, ParamKind, ParamSpec, Params, Query,
    ReportPlugin, Text,
};

/// The monthly business review report plugin.
pub struct MonthlyReview {
    manifest: Manifest,
}

impl MonthlyReview {
    /// The plugin with its manifest.
    pub fn new() -> Self {
        Self {
            manifest: Manifest {
                id: "monthly-review",
                title: Text { zh: "月度经营回顾", en: "Monthly review" },
                description: Text {
                    zh: "全公司或一家分公司一个月的经营回顾：营收、达成率、月末进度、同比环比、订单、新客户、满意度与NPS；分公司（或团队）达成排名，近12个月营收与目标，产品品类结构，前10大客户与销售代表，赢单输单与竞争对手，当月预警，服务工单与SLA，以及据数据得出的要点。默认为上一个完整月份、您可查看的全部范围（总部为全公司）。",
                    en: "One month of the company or of one branch: revenue, attainment, pace at month end, year-on-year and month-on-month growth, orders, new customers, CSAT and NPS; the branch (or team) ranking by attainment, twelve months of revenue against target, the product-category mix, the top 10 customers and reps, deals won and lost against competitors, the alerts raised, service tickets and their SLA, and findings drawn from the data. By default the last complete month, over everything you may see (the company for HQ).",
                },
                params: vec![
                    ParamSpec {
                        name: "month",
                        label: Text { zh: "月份", en: "Month" },
                        kind: ParamKind::Month,
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

impl Default for MonthlyReview {
    fn default() -> Self {
        Self::new()
    }
}

impl ReportPlugin for MonthlyReview {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn query(&self, params: &Params) -> Query {
        query::build(params)
    }

    fn build(
        &self,
        data: &serde_json::Value,
        params: &Params,
        context: &BuildContext,
    ) -> Result<Document, BuildError> {
        let locale = params.locale();
        let month = params.month("month");
        let branch = params.id("branch");
        let mut data = model::Data::read(data, branch.is_some(), locale)?;
        // The scope the data covers: the requester's, narrowed to the branch asked for.
        let audience = &context.audience;
        let scope = match (branch, &data.scope_name) {
            (None, _) => audience.label(locale),
            (Some(_), Some(name)) => audience.narrowed(name, locale),
            (Some(id), None) => {
                return Err(BuildError::NotFound(labels::pick(
                    locale,
                    format!("找不到编号为 {id} 的分公司，或您无权查看该分公司的数据"),
                    format!("There is no branch {id}, or you may not see its data"),
                )));
            }
        };
        let period = labels::Period::new(month, locale);
        let mut doc = Document::new(
            format!("{} · {scope}", period.title()),
            format!("{} · {scope}", period.range()),
        );
        // A requester who sees only their own records gets their figures in every unit.
        for unit in &mut data.units {
            unit.name = audience.unit(&unit.name, locale);
        }
        let single = branch.is_some();
        doc.push(Block::Tiles(sections::tiles(&data.totals, locale)));
        sections::ranking(&mut doc, &data, &scope, single, locale);
        sections::trend(&mut doc, &data.trend, locale);
        sections::mix(&mut doc, &data, locale);
        lists::top_lists(&mut doc, &data, locale);
        lists::deals(&mut doc, &data, locale);
        service::alerts(&mut doc, &data.alerts, context, locale);
        let tickets = service::TicketCounts::of(&data.tickets, context);
        service::tickets(&mut doc, &data.tickets, &tickets, locale);
        doc.push(Block::Heading(locale.pick("本月要点", "Findings").to_owned()));
        doc.push(Block::Bullets(findings::findings(&data, &tickets, single, locale)));
        doc.push(Block::Note(labels::notes(month, context, locale)));
        Ok(doc)
    }
}
