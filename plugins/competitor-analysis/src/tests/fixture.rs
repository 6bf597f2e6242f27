//! Hand-written query results shaped exactly as [`crate::query::TEXT`] asks, for the period
//! August–October 2026, and the parameters and context to build them with.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use salesgraph_report_sdk::{BuildContext, Locale, Params, RenderMeta, ReportPlugin};
use serde_json::{Value, json};

use crate::CompetitorAnalysis;

/// Validated parameters for the report, as of 2026-11-15.
pub fn params(given: Value) -> Params {
    let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    CompetitorAnalysis::new().manifest().resolve(given.as_object().unwrap(), today).unwrap()
}

/// Generated on 2026-11-01 02:00 in Shanghai.
pub fn context() -> BuildContext {
    BuildContext::new(
        shanghai().with_ymd_and_hms(2026, 11, 1, 2, 0, 0).unwrap(),
        salesgraph_report_sdk::Audience::Company,
    )
}

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// The page header and footer of rendered samples.
pub fn meta(locale: Locale) -> RenderMeta {
    RenderMeta {
        company: "示例集团有限公司".into(), generated_at: context().generated_at, locale
    }
}

fn competitor(id: &str, name: &str, threat: &str, strengths: &str, weaknesses: &str) -> Value {
    json!({ "id": id, "name": name, "threatLevel": threat,
            "strengths": strengths, "weaknesses": weaknesses })
}

fn metrics(id: &str, name: &str, won: i64, lost: i64, rate: Option<&str>) -> Value {
    json!({ "competitorId": id, "competitor": { "name": name },
            "wonDeals": won, "lostDeals": lost, "winRate": rate })
}

fn category(id: &str, name: &str) -> Value {
    json!({ "id": id, "name": name })
}

fn lost(id: &str, closed_at: &str, reason: Option<&str>, competitors: &[&str]) -> Value {
    let competitors: Vec<Value> =
        competitors.iter().map(|c| json!({ "competitorId": c })).collect();
    json!({ "id": id, "closedAt": closed_at, "lostReason": reason, "competitors": competitors })
}

/// Four competitors: 东方智联 and 华锐科技 both lost 14 deals (东方智联 at the lower win rate
/// ranks first), 鼎信网络 lost 5, 海川电子 was not met.
///
/// 华锐科技's prices: 网络设备 observed at 90 and 94 in August and 85 in October against our
/// 100 (a July observation is outside the period); 安防监控 (category of our product only)
/// at 220 in September against our 250 in force then (200 since 2026-09-20). Mean 89.25.
pub fn all() -> Value {
    json!({
        "competitors": {
            "totalCount": 4,
            "nodes": [
                competitor("1", "华锐科技", "HIGH", "价格低,渠道下沉快,交付周期短", "售后响应慢,高端产品线薄弱"),
                competitor("2", "东方智联", "MEDIUM", "政企关系深厚；方案完整", "价格偏高"),
                competitor("3", "鼎信网络", "LOW", "", ""),
                competitor("4", "海川电子", "HIGH", "安防产品线齐全", "网络产品弱")
            ]
        },
        "competitorProducts": { "nodes": [
            {
                "id": "11", "name": "HR-100", "competitorId": "1",
                "category": category("5", "网络设备"),
                "ourProduct": { "id": "101", "name": "交换机 S5", "listPrice": "100.00",
                                "category": category("5", "网络设备") },
                "priceObservations": [
                    { "price": "50.00", "observedOn": "2026-07-15" },
                    { "price": "90.00", "observedOn": "2026-08-05" },
                    { "price": "94.00", "observedOn": "2026-08-20" },
                    { "price": "85.00", "observedOn": "2026-10-10" }
                ]
            },
            {
                "id": "12", "name": "HR-110", "competitorId": "1", "category": null,
                "ourProduct": { "id": "102", "name": "摄像机 C2", "listPrice": "200.00",
                                "category": category("6", "安防监控") },
                "priceObservations": [ { "price": "220.00", "observedOn": "2026-09-12" } ]
            },
            {
                "id": "21", "name": "DF-101", "competitorId": "2",
                "category": category("7", "软件"), "ourProduct": null,
                "priceObservations": [ { "price": "10.00", "observedOn": "2026-09-01" } ]
            },
            {
                "id": "22", "name": "DF-111", "competitorId": "2",
                "category": category("7", "软件"),
                "ourProduct": { "id": "103", "name": "办公套件", "listPrice": "1000.00",
                                "category": category("7", "软件") },
                "priceObservations": [ { "price": "1080.00", "observedOn": "2026-09-01" } ]
            }
        ] },
        "priceChanges": { "nodes": [
            { "productId": "102", "oldPrice": "250.00", "effectiveOn": "2026-09-20" }
        ] },
        "competitiveStrategies": { "nodes": [
            { "competitorId": "1", "kind": "PRICE", "title": "中端交换机价格保护",
              "description": "对重点争夺项目启用特价审批,降幅不超过 8%",
              "startsOn": "2026-01-01", "endsOn": null, "status": "ACTIVE",
              "regionId": "2", "region": { "name": "华南大区" }, "branchId": null, "branch": null },
            { "competitorId": "1", "kind": "SERVICE", "title": "延保计划",
              "description": "重点客户免费延保一年,应对竞品延保促销",
              "startsOn": "2026-02-01", "endsOn": "2026-08-15", "status": "RETIRED",
              "region": null, "branch": null },
            { "competitorId": "2", "kind": "DIFFERENTIATION", "title": "政企整体解决方案",
              "description": "以国产化整体方案对抗东方智联,突出交付与本地服务",
              "startsOn": "2026-05-01", "endsOn": null, "status": "ACTIVE",
              "regionId": "1", "region": { "name": "华东大区" },
              "branchId": "1", "branch": { "name": "上海分公司" } }
        ] },
        "lostDeals": {
            "totalCount": 6,
            "nodes": [
                lost("96", "2026-10-31T16:30:00Z", Some("价格高于竞品"), &["1"]),
                lost("95", "2026-10-31T15:30:00Z", None, &["1"]),
                lost("94", "2026-09-10T02:00:00Z", Some("价格高于竞品"), &["1", "2", "1"]),
                lost("93", "2026-09-01T02:00:00+00:00", Some("交付周期不满足要求"), &["1"]),
                lost("92", "2026-07-31T17:30:00Z", Some("价格高于竞品"), &["1"]),
                lost("91", "2026-07-31T15:00:00Z", Some("客户预算取消"), &["1"])
            ]
        },
        "salesMetrics": [
            metrics("1", "华锐科技", 10, 14, Some("41.67")),
            metrics("2", "东方智联", 8, 14, Some("36.36")),
            metrics("3", "鼎信网络", 12, 5, Some("70.59"))
        ]
    })
}

/// The result of the query for 华锐科技 alone: its own records, every competitor's metrics.
pub fn one() -> Value {
    let mut data = all();
    let keep = |v: &Value, key: &str| v.get(key).and_then(Value::as_str) == Some("1");
    let nodes = data["competitors"]["nodes"].as_array().unwrap().clone();
    data["competitors"] = json!({ "totalCount": 1, "nodes": nodes.into_iter().filter(|c| keep(c, "id")).collect::<Vec<_>>() });
    for key in ["competitorProducts", "competitiveStrategies"] {
        let nodes = data[key]["nodes"].as_array().unwrap().clone();
        data[key]["nodes"] = nodes.into_iter().filter(|n| keep(n, "competitorId")).collect();
    }
    data
}

/// `n` competitors, each met, with one more lost deal than the next.
pub fn many(n: usize) -> Value {
    let mut data = all();
    data["competitors"] = json!({ "totalCount": n, "nodes": (1..=n)
        .map(|i| competitor(&i.to_string(), &format!("竞品{i:02}"), "MEDIUM", "渠道广", "服务弱"))
        .collect::<Vec<_>>() });
    data["salesMetrics"] = (1..=n)
        .map(|i| {
            let i64_i = i64::try_from(i).unwrap();
            metrics(&i.to_string(), &format!("竞品{i:02}"), 5, 20 - i64_i, Some("25.00"))
        })
        .collect();
    data
}
