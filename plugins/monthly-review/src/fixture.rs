//! A hand-written query result for October 2026, shaped exactly as the query asks, company-wide
//! and for one branch.

use serde_json::{Value, json};

fn month(label: &str, revenue: &str, target: Option<&str>) -> Value {
    json!({"period": {"label": label}, "revenue": revenue, "target": target})
}

/// The twelve months November 2025 – October 2026.
fn trend() -> Value {
    let months = [
        ("2025-11", "9800000.00", Some("10000000.00")),
        ("2025-12", "11200000.00", Some("10500000.00")),
        ("2026-01", "8700000.00", Some("9000000.00")),
        ("2026-02", "7600000.00", Some("8000000.00")),
        ("2026-03", "10100000.00", Some("10000000.00")),
        ("2026-04", "10400000.00", Some("10500000.00")),
        ("2026-05", "0.00", None),
        ("2026-06", "11900000.00", Some("11500000.00")),
        ("2026-07", "11000000.00", Some("11500000.00")),
        ("2026-08", "10800000.00", Some("11500000.00")),
        ("2026-09", "12100000.00", Some("12000000.00")),
        ("2026-10", "1234567.89", Some("1500000.00")),
    ];
    Value::Array(months.iter().map(|(l, r, t)| month(l, r, *t)).collect())
}

fn orders(rows: &[(&str, &str, &str)], total: i64) -> Value {
    let nodes: Vec<Value> = rows
        .iter()
        .map(|(id, name, amount)| {
            json!({"customerId": id, "totalAmount": amount, "customer": {"name": name}})
        })
        .collect();
    json!({"totalCount": total, "nodes": nodes})
}

fn common() -> Value {
    json!({
        "total": [{
            "revenue": "1234567.89", "target": "1500000.00", "attainment": "82.30",
            "pace": "82.30", "yoyGrowth": "12.34", "momGrowth": "-3.21", "orders": 321,
            "newCustomers": 17, "csat": "88.50", "nps": "42.50", "wonDeals": 9,
            "lostDeals": 11, "winRate": "45.00"
        }],
        "trend": trend(),
        "categories": [
            {"categoryId": "1", "category": {"name": "服务器"}, "revenue": "471000.00", "productMixShare": "38.15"},
            {"categoryId": "2", "category": {"name": "网络设备"}, "revenue": "402000.00", "productMixShare": "32.56"},
            {"categoryId": "3", "category": {"name": "软件与服务"}, "revenue": "361567.89", "productMixShare": "29.29"},
            {"categoryId": "4", "category": null, "revenue": "0.00", "productMixShare": "0.00"}
        ],
        "reps": [
            {"employeeId": "11", "employee": {"name": "王磊"}, "revenue": "300000.00", "orders": 40},
            {"employeeId": "12", "employee": {"name": "李娜"}, "revenue": "450000.00", "orders": 51},
            {"employeeId": "13", "employee": null, "revenue": "120000.00", "orders": 9},
            {"employeeId": "14", "employee": {"name": "赵敏"}, "revenue": "0.00", "orders": 0}
        ],
        "competitors": [
            {"competitorId": "1", "competitor": {"name": "华为"}, "wonDeals": 2, "lostDeals": 5, "winRate": "28.57"},
            {"competitorId": "2", "competitor": {"name": "新华三"}, "wonDeals": 4, "lostDeals": 2, "winRate": "66.67"},
            {"competitorId": "3", "competitor": {"name": "锐捷"}, "wonDeals": 0, "lostDeals": 0, "winRate": null}
        ],
        "ordersA": orders(&[("101", "上海华信科技有限公司", "200000.00"), ("102", "深圳云图科技", "150000.00")], 2),
        "ordersB": orders(&[("102", "深圳云图科技", "100000.00"), ("103", "成都天府数据", "80000.00")], 2),
        "ordersC": orders(&[("101", "上海华信科技有限公司", "20000.00")], 1),
        "alerts": {
            "totalCount": 3,
            "nodes": [
                {"triggeredAt": "2026-10-20T01:00:00Z", "severity": "WARNING",
                 "message": "华南分公司 2026年10月进度 92.1%，低于预警线", "branch": {"name": "华南分公司"}},
                {"triggeredAt": "2026-10-15T02:30:00Z", "severity": "CRITICAL",
                 "message": "成都分公司 2026年10月销售达成率 57.3%，低于预警线", "branch": {"name": "成都分公司"}},
                {"triggeredAt": "2026-10-02T00:00:00Z", "severity": "INFO",
                 "message": "全公司 NPS 低于 45", "branch": null}
            ]
        },
        "alertsCritical": {"totalCount": 1},
        "alertsWarning": {"totalCount": 1},
        "tickets": {
            "totalCount": 4,
            "nodes": [
                {"priority": "URGENT", "slaDueAt": "2026-10-03T05:00:00Z", "resolvedAt": "2026-10-03T04:00:00Z"},
                {"priority": "URGENT", "slaDueAt": "2026-10-05T05:00:00Z", "resolvedAt": "2026-10-05T09:00:00Z"},
                {"priority": "HIGH", "slaDueAt": "2026-10-29T01:00:00Z", "resolvedAt": null},
                {"priority": "NORMAL", "slaDueAt": "2026-11-02T01:00:00Z", "resolvedAt": null}
            ]
        }
    })
}

/// The company-wide result: five branches, one without a target.
pub(crate) fn company() -> Value {
    let mut data = common();
    data["ranking"] = json!([
        {"branchId": "1", "branch": {"name": "华东分公司"}, "revenue": "400000.00", "target": "380000.00", "attainment": "105.26", "pace": "105.26", "yoyGrowth": "23.40"},
        {"branchId": "2", "branch": {"name": "华南分公司"}, "revenue": "300000.00", "target": "325000.00", "attainment": "92.31", "pace": "92.31", "yoyGrowth": "8.00"},
        {"branchId": "3", "branch": {"name": "成都分公司"}, "revenue": "200000.00", "target": "349000.00", "attainment": "57.31", "pace": "57.31", "yoyGrowth": "-5.10"},
        {"branchId": "4", "branch": {"name": "华北分公司"}, "revenue": "334567.89", "target": null, "attainment": null, "pace": null, "yoyGrowth": null},
        {"branchId": "5", "branch": null, "revenue": "0.00", "target": "446000.00", "attainment": "0.00", "pace": "0.00", "yoyGrowth": null}
    ]);
    data
}

/// The result for branch 1 (华东分公司), ranked by team.
pub(crate) fn branch() -> Value {
    let mut data = common();
    data["scope"] = json!({"nodes": [{"id": "1", "name": "华东分公司"}]});
    data["ranking"] = json!([
        {"teamId": "7", "team": {"name": "企业客户一组"}, "revenue": "250000.00", "target": "200000.00", "attainment": "125.00", "pace": "125.00", "yoyGrowth": "30.00"},
        {"teamId": "8", "team": {"name": "渠道组"}, "revenue": "150000.00", "target": "180000.00", "attainment": "83.33", "pace": "83.33", "yoyGrowth": "10.00"}
    ]);
    data
}
