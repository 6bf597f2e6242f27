//! Reports against the API, figure by figure (issue 13, items 6 and 7): a figure in a PDF is
//! the API's for the same scope and period, digit for digit — compared with the API's own
//! strings, not through the report SDK's formatter — and a report names the scope it holds
//! (the requester's), in its title, its stored run and its file name.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};
use crate::reports::{download, generate, pdf_text};

/// An API percentage as a report prints it: its digits, padded to the API's two decimals
/// (padding adds no rounding), and `%`.
fn pct(v: &Value) -> String {
    let text = v.as_str().unwrap_or_else(|| panic!("a decimal string, not {v}"));
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    assert!(frac.len() <= 2, "the API gives at most two decimals: {text}");
    format!("{}.{frac:0<2}%", grouped(int))
}

/// An API amount as a report prints it: `¥` and thousands separators, the fen as given.
fn yuan(v: &Value) -> String {
    let text = v.as_str().unwrap_or_else(|| panic!("a decimal string, not {v}"));
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    assert!(frac.len() <= 2, "the API gives amounts to the fen: {text}");
    match int.strip_prefix('-') {
        Some(abs) => format!("-¥{}.{frac:0<2}", grouped(abs)),
        None => format!("¥{}.{frac:0<2}", grouped(int)),
    }
}

/// A plain number as a report prints it: no trailing zeros, thousands separators.
fn plain(v: &Value) -> String {
    let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let int = match int.strip_prefix('-') {
        Some(abs) => format!("-{}", grouped(abs)),
        None => grouped(int),
    };
    frac.map_or(int.clone(), |f| format!("{int}.{f}"))
}

fn grouped(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

async fn gql(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = app.graphql_as(token, query, variables).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"].clone()
}

async fn branch_id(app: &TestApp, token: &str, name: &str) -> String {
    let data = gql(
        app,
        token,
        "query($n: String!) { branches(first: 1, filter: { name: { eq: $n } }) { nodes { id } } }",
        json!({ "n": name }),
    )
    .await;
    data["branches"]["nodes"][0]["id"].as_str().unwrap().to_owned()
}

/// The PDF of a succeeded run, read back as text.
async fn text_of(app: &TestApp, token: &str, run: &Value) -> String {
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let (status, _, body) = download(app, Some(token), run["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    pdf_text(&body)
}

async fn every_figure_of_a_report_is_the_apis(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;

    // The monthly review of 广州 for October 2026: the month's KPIs and each team's figures.
    let guangzhou = branch_id(&app, &admin, "广州分公司").await;
    let params = json!({ "month": "2026-10", "branch": guangzhou });
    let run = generate(&app, &admin, "monthly-review", params).await;
    let text = text_of(&app, &admin, &run).await;
    let month = json!({ "b": guangzhou });
    let data = gql(
        &app,
        &admin,
        "query($b: ID!) {
           total: salesMetrics(input: { from: \"2026-10-01\", to: \"2026-10-31\", asOf: \"2026-11-01T00:00:00+08:00\", filter: { branchIds: [$b] } }) {
             revenue attainment pace yoyGrowth momGrowth csat nps winRate }
           teams: salesMetrics(input: { from: \"2026-10-01\", to: \"2026-10-31\", asOf: \"2026-11-01T00:00:00+08:00\", groupBy: [TEAM], filter: { branchIds: [$b] } }) {
             team { name } revenue attainment yoyGrowth }
         }",
        month,
    )
    .await;
    let total = &data["total"][0];
    let mut checked = 0;
    assert!(text.contains(&yuan(&total["revenue"])), "revenue {} not in {text}", total["revenue"]);
    for field in ["attainment", "pace", "yoyGrowth", "momGrowth", "csat", "winRate"] {
        if !total[field].is_null() {
            let shown = pct(&total[field]);
            assert!(text.contains(&shown), "{field} {shown} (salesMetrics) not in the review");
            checked += 1;
        }
    }
    if !total["nps"].is_null() {
        assert!(text.contains(&plain(&total["nps"])), "NPS {} not in the review", total["nps"]);
    }
    for team in data["teams"].as_array().unwrap() {
        // A ranking row: name, revenue, target, attainment, pace, YoY in one line.
        let name = team["team"]["name"].as_str().unwrap();
        let row = format!("{name}{}", yuan(&team["revenue"]));
        assert!(text.contains(&row), "{row} not in the review");
        for field in ["attainment", "yoyGrowth"] {
            if !team[field].is_null() {
                assert!(text.contains(&pct(&team[field])), "{name} {field} not in the review");
                checked += 1;
            }
        }
    }
    assert!(checked >= 6, "too few figures to compare: {checked}");

    // The competitor analysis of August–October: each competitor's deals and win rate.
    let params = json!({ "month": "2026-10", "months": "3" });
    let run = generate(&app, &admin, "competitor-analysis", params).await;
    let text = text_of(&app, &admin, &run).await;
    let data = gql(
        &app,
        &admin,
        "{ salesMetrics(input: { from: \"2026-08-01\", to: \"2026-10-31\", groupBy: [COMPETITOR] }) {
             competitor { name } wonDeals lostDeals winRate } }",
        json!({}),
    )
    .await;
    let rows = data["salesMetrics"].as_array().unwrap();
    assert!(rows.iter().filter(|r| !r["winRate"].is_null()).count() >= 2, "{data}");
    for row in rows.iter().filter(|r| !r["winRate"].is_null()) {
        let (won, lost) = (row["wonDeals"].as_i64().unwrap(), row["lostDeals"].as_i64().unwrap());
        // Met, won, lost and the win rate, side by side in the competitor's ranking row.
        let shown = format!("{}{won}{lost}{}", won + lost, pct(&row["winRate"]));
        assert!(
            text.contains(&shown),
            "{} {shown} not in the competitor report",
            row["competitor"]
        );
    }

    // The performance review of the Shanghai rep: every KPI row as the API scores it, and
    // the rep's new customers are what salesMetrics counts over the cycle.
    let (rep, _) = app.login("rep.sh").await;
    let me = gql(&app, &rep, "{ me { employeeId } }", json!({})).await;
    let employee = me["me"]["employeeId"].as_str().unwrap().to_owned();
    let data = gql(
        &app,
        &admin,
        "query($e: ID!) { reviews(first: 1, orderBy: CYCLE_ID, direction: DESC, filter: { employeeId: { eq: $e } }) {
           nodes { cycleId totalScore cycle { periodStart periodEnd }
                   scores { target actual score weightedScore kpi { code name unit weight } } } } }",
        json!({ "e": employee }),
    )
    .await;
    let review = &data["reviews"]["nodes"][0];
    let cycle = review["cycleId"].as_str().unwrap();
    let params = json!({ "employee": employee, "cycle": cycle });
    let run = generate(&app, &admin, "performance-review", params).await;
    let text = text_of(&app, &admin, &run).await;
    let scores = review["scores"].as_array().unwrap();
    assert!(scores.len() >= 3, "{review}");
    for s in scores {
        let kpi = &s["kpi"];
        let value = |v: &Value| if kpi["unit"] == "%" { pct(v) } else { plain(v) };
        let row = format!(
            "{}{}{}{}{}",
            kpi["unit"].as_str().unwrap(),
            pct(&kpi["weight"]),
            value(&s["target"]),
            value(&s["actual"]),
            plain(&s["score"]),
        );
        assert!(text.contains(&row), "{} row {row} not in the performance review", kpi["code"]);
        if kpi["code"] == "NEW_CUSTOMERS" {
            let counted = gql(
                &app,
                &admin,
                "query($e: ID!, $f: NaiveDate!, $t: NaiveDate!) { salesMetrics(input: { from: $f, to: $t, filter: { employeeIds: [$e] } }) { newCustomers } }",
                json!({ "e": employee, "f": review["cycle"]["periodStart"], "t": review["cycle"]["periodEnd"] }),
            )
            .await;
            let counted = counted["salesMetrics"][0]["newCustomers"].as_i64().unwrap();
            assert_eq!(plain(&s["actual"]), counted.to_string(), "the review's new customers");
        }
    }
    assert!(text.contains(&plain(&review["totalScore"])), "total {}", review["totalScore"]);
}

const RUN_TITLE: &str = "query($id: ID!) { reportRun(id: $id) { title } }";

/// The run's stored title, and the file name the download offers, decoded.
async fn title_and_file(app: &TestApp, token: &str, run: &Value) -> (String, String) {
    let body = app.graphql_as(token, RUN_TITLE, json!({ "id": run["id"] })).await;
    let stored = body["data"]["reportRun"]["title"].as_str().unwrap().to_owned();
    assert_eq!(stored, run["title"].as_str().unwrap());
    let (status, headers, _) =
        download(app, Some(token), run["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let disposition = headers["content-disposition"].to_str().unwrap();
    let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
    let file = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap().into_owned();
    (stored, file)
}

async fn a_report_names_the_scope_its_requester_sees(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let (rep, _) = app.login("rep.sh").await;
    let month = json!({ "month": "2026-10" });

    // HQ's default review is the company's.
    let run = generate(&app, &admin, "monthly-review", month.clone()).await;
    assert_eq!(run["title"], "2026年10月 月度经营回顾 · 全公司", "{run}");

    // A manager's default review holds Shanghai and says so: title, run, file, and the
    // total row of the ranking.
    let run = generate(&app, &manager, "monthly-review", month.clone()).await;
    let (title, file) = title_and_file(&app, &manager, &run).await;
    assert_eq!(title, "2026年10月 月度经营回顾 · 上海分公司");
    assert_eq!(file, format!("{title}.pdf"));
    let text = text_of(&app, &manager, &run).await;
    assert!(!text.contains("全公司"), "a manager's review claims the company: {text}");

    // A rep's holds his own records: named for him, and the branch row says whose they are.
    let me = gql(&app, &rep, "{ me { employee { name } } }", json!({})).await;
    let name = me["me"]["employee"]["name"].as_str().unwrap().to_owned();
    let run = generate(&app, &rep, "monthly-review", month.clone()).await;
    let (title, _) = title_and_file(&app, &rep, &run).await;
    assert_eq!(title, format!("2026年10月 月度经营回顾 · {name}（上海分公司）"));
    let text = text_of(&app, &rep, &run).await;
    assert!(text.contains(&format!("上海分公司（仅{name}本人）")), "{text}");
    assert!(!text.contains("全公司"), "a rep's review claims the company");
    // Asked for his branch, still his own records.
    let shanghai = branch_id(&app, &rep, "上海分公司").await;
    let run =
        generate(&app, &rep, "monthly-review", json!({ "month": "2026-10", "branch": shanghai }))
            .await;
    assert_eq!(run["title"], format!("2026年10月 月度经营回顾 · {name}（上海分公司）"));

    // The competitor analysis of a manager names Shanghai, and strategies of regions he
    // cannot see are not passed off as company-wide.
    let params = json!({ "month": "2026-10", "months": "3" });
    let run = generate(&app, &manager, "competitor-analysis", params.clone()).await;
    let (title, _) = title_and_file(&app, &manager, &run).await;
    assert_eq!(title, "竞争分析摘要 · 2026年8月–10月 · 上海分公司");
    let managers = text_of(&app, &manager, &run).await;
    let hq = generate(&app, &admin, "competitor-analysis", params).await;
    assert_eq!(hq["title"], "竞争分析摘要 · 2026年8月–10月 · 全公司");
    let hq = text_of(&app, &admin, &hq).await;
    let regional = gql(
        &app,
        &admin,
        "{ competitiveStrategies(first: 500, filter: { regionId: { isNull: false } }) { totalCount } }",
        json!({}),
    )
    .await;
    assert!(regional["competitiveStrategies"]["totalCount"].as_i64().unwrap() > 0);
    assert!(managers.contains("其他区域（不在您的查看范围内）"), "{managers}");
    assert!(!hq.contains("其他区域"), "HQ sees every region's name");

    // The performance overview of a manager is Shanghai's.
    let run = generate(&app, &manager, "performance-review", json!({})).await;
    assert!(run["title"].as_str().unwrap().ends_with("上海分公司总览"), "{run}");
}

crate::on_both_backends!(
    every_figure_of_a_report_is_the_apis,
    a_report_names_the_scope_its_requester_sees
);
