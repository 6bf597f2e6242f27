//! The scope rules checked row by row against an independent definition of whom each row
//! concerns, for an HQ administrator, a regional analyst (华东), a branch manager (上海) and a
//! sales rep who sees only its own rows. A 华东 principal never sees a 华南 row.

use std::collections::{BTreeSet, HashMap};

use salesgraph_api::auth::Principal;
use salesgraph_api::scope::rules;
use salesgraph_entities::enums::Scope;
use salesgraph_entities::{branches, user_accounts};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    Statement,
};

use crate::helpers::{Backend, TestApp};

/// How the test itself decides which rows concern whom.
enum Oracle {
    /// Every authenticated caller reads it.
    Everyone,
    /// Only HQ_ADMIN reads it.
    AdminOnly,
    /// SQL returning `(id, branch_id, region_id, owner_employee_id, everyone)`, possibly several
    /// rows per id (a row is visible when any of them qualifies). `owned` says whether an OWN
    /// caller is limited to its own rows (else it reads its branch's).
    Rows { sql: &'static str, owned: bool },
}

fn oracle(table: &str) -> Option<Oracle> {
    use Oracle::*;
    const EVERYONE: &[&str] = &[
        "career_levels",
        "report_templates",
        "product_categories",
        "products",
        "incentive_plans",
        "incentive_tiers",
        "alert_rules",
        "market_signals",
        "contingency_plans",
        "price_changes",
        "courses",
        "review_cycles",
        "kpi_definitions",
        "competitors",
        "competitor_products",
        "price_observations",
        "competitive_strategies",
        "market_size_estimates",
    ];
    if EVERYONE.contains(&table) {
        return Some(Everyone);
    }
    let rows = |sql, owned| Some(Rows { sql, owned });
    match table {
        "api_keys" | "audit_log" => Some(AdminOnly),
        "branches" => rows("SELECT id, id, NULL, NULL, 0 FROM branches", false),
        "teams" => rows("SELECT id, branch_id, NULL, NULL, 0 FROM teams", false),
        "employees" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM employees",
            false,
        ),
        "branch_reports" => rows("SELECT id, branch_id, NULL, NULL, 0 FROM branch_reports", false),
        "announcement_targets" => {
            rows("SELECT id, branch_id, NULL, NULL, 0 FROM announcement_targets", false)
        }
        "survey_responses" => rows(
            "SELECT s.id, s.branch_id, NULL, u.owner_id, 0 FROM survey_responses s JOIN customers u ON u.id = s.customer_id",
            true,
        ),
        "meetings" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM meetings",
            false,
        ),
        "alerts" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM alerts",
            false,
        ),
        "contingency_activations" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM contingency_activations",
            false,
        ),
        "promotions" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM promotions",
            false,
        ),
        "training_sessions" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM training_sessions",
            false,
        ),
        "projects" => rows(
            "SELECT id, branch_id, NULL, NULL, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM projects",
            false,
        ),
        "meeting_attendees" => rows(
            "SELECT a.id, m.branch_id, NULL, NULL, CASE WHEN m.branch_id IS NULL THEN 1 ELSE 0 END FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id",
            false,
        ),
        "action_items" => rows(
            "SELECT a.id, m.branch_id, NULL, NULL, CASE WHEN m.branch_id IS NULL THEN 1 ELSE 0 END FROM action_items a JOIN meetings m ON m.id = a.meeting_id",
            false,
        ),
        "announcements" => rows(
            "SELECT a.id, t.branch_id, NULL, NULL, 0 FROM announcements a JOIN announcement_targets t ON t.announcement_id = a.id",
            false,
        ),
        "customers" => rows("SELECT id, branch_id, NULL, owner_id, 0 FROM customers", true),
        "contacts" => rows(
            "SELECT c.id, u.branch_id, NULL, u.owner_id, 0 FROM contacts c JOIN customers u ON u.id = c.customer_id",
            true,
        ),
        "opportunities" => rows("SELECT id, branch_id, NULL, owner_id, 0 FROM opportunities", true),
        "opportunity_competitors" => rows(
            "SELECT x.id, o.branch_id, NULL, o.owner_id, 0 FROM opportunity_competitors x JOIN opportunities o ON o.id = x.opportunity_id",
            true,
        ),
        "sales_orders" => {
            rows("SELECT id, branch_id, NULL, salesperson_id, 0 FROM sales_orders", true)
        }
        "order_lines" => rows(
            "SELECT l.id, o.branch_id, NULL, o.salesperson_id, 0 FROM order_lines l JOIN sales_orders o ON o.id = l.order_id",
            true,
        ),
        "market_feedback" => {
            rows("SELECT id, branch_id, NULL, reported_by_id, 0 FROM market_feedback", true)
        }
        "sales_targets" => rows(
            "SELECT id, branch_id, region_id, employee_id, CASE WHEN scope_kind = 'COMPANY' THEN 1 ELSE 0 END FROM sales_targets",
            true,
        ),
        "incentive_awards" => rows(
            "SELECT a.id, COALESCE(a.branch_id, e.branch_id), NULL, a.employee_id, 0 FROM incentive_awards a LEFT JOIN employees e ON e.id = a.employee_id",
            true,
        ),
        "enrollments" => rows(
            "SELECT x.id, e.branch_id, NULL, x.employee_id, 0 FROM enrollments x JOIN employees e ON e.id = x.employee_id",
            true,
        ),
        "promotion_records" => rows(
            "SELECT x.id, e.branch_id, NULL, x.employee_id, 0 FROM promotion_records x JOIN employees e ON e.id = x.employee_id",
            true,
        ),
        "interactions" => rows(
            "SELECT i.id, u.branch_id, NULL, i.employee_id, 0 FROM interactions i JOIN customers u ON u.id = i.customer_id \
             UNION ALL SELECT i.id, u.branch_id, NULL, u.owner_id, 0 FROM interactions i JOIN customers u ON u.id = i.customer_id",
            true,
        ),
        "customer_feedback" => rows(
            "SELECT f.id, u.branch_id, NULL, u.owner_id, 0 FROM customer_feedback f JOIN customers u ON u.id = f.customer_id",
            true,
        ),
        "product_feedback" => rows(
            "SELECT f.id, COALESCE(u.branch_id, e.branch_id), NULL, COALESCE(u.owner_id, f.reported_by_id), \
             CASE WHEN f.customer_id IS NULL AND f.reported_by_id IS NULL THEN 1 ELSE 0 END \
             FROM product_feedback f LEFT JOIN customers u ON u.id = f.customer_id LEFT JOIN employees e ON e.id = f.reported_by_id",
            true,
        ),
        "service_tickets" => {
            rows("SELECT id, branch_id, NULL, assignee_id, 0 FROM service_tickets", true)
        }
        "reviews" => rows("SELECT id, branch_id, NULL, employee_id, 0 FROM reviews", true),
        "review_scores" => rows(
            "SELECT s.id, r.branch_id, NULL, r.employee_id, 0 FROM review_scores s JOIN reviews r ON r.id = s.review_id",
            true,
        ),
        "improvement_plans" => rows(
            "SELECT p.id, r.branch_id, NULL, r.employee_id, 0 FROM improvement_plans p JOIN reviews r ON r.id = p.review_id",
            true,
        ),
        "improvement_actions" => rows(
            "SELECT a.id, r.branch_id, NULL, r.employee_id, 0 FROM improvement_actions a JOIN improvement_plans p ON p.id = a.plan_id JOIN reviews r ON r.id = p.review_id",
            true,
        ),
        "tasks" => rows(
            "SELECT id, branch_id, NULL, assignee_id, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM tasks UNION ALL SELECT id, branch_id, NULL, creator_id, CASE WHEN branch_id IS NULL THEN 1 ELSE 0 END FROM tasks",
            true,
        ),
        _ => None,
    }
}

async fn ids_where(
    db: &DatabaseConnection,
    table: &'static str,
    rule: salesgraph_api::scope::Rule,
    p: &Principal,
) -> BTreeSet<i64> {
    let stmt = Query::select()
        .expr(Expr::col(Alias::new("id")))
        .from(Alias::new(table))
        .cond_where(rule(p))
        .to_owned();
    let backend = db.get_database_backend();
    let rows =
        db.query_all_raw(backend.build(&stmt)).await.unwrap_or_else(|e| panic!("{table}: {e}"));
    rows.iter().map(|r| r.try_get_by_index::<i32>(0).map(i64::from).unwrap()).collect()
}

async fn all_ids(db: &DatabaseConnection, table: &str) -> BTreeSet<i64> {
    let sql = format!("SELECT id FROM {table}");
    let rows =
        db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<i32>(0).map(i64::from).unwrap()).collect()
}

async fn principal(db: &DatabaseConnection, username: &str) -> Principal {
    let user = user_accounts::Entity::find()
        .filter(user_accounts::Column::Username.eq(username))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    Principal::of_user(&user)
}

async fn every_rule_shows_exactly_the_rows_in_scope(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let db = &app.db;
    let region_of: HashMap<i64, i64> = branches::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|b| (i64::from(b.id), i64::from(b.region_id)))
        .collect();
    let people = [
        principal(db, "admin").await,
        principal(db, "analyst").await,
        principal(db, "east").await,
        principal(db, "mgr.sh").await,
        principal(db, "mgr.gz").await,
        principal(db, "rep.sh").await,
    ];
    let mut checked_rows = 0;
    for (table, rule) in rules() {
        let all = all_ids(db, table).await;
        assert!(!all.is_empty(), "{table} has demo rows to check the rule on");
        for p in &people {
            let visible = ids_where(db, table, rule, p).await;
            let expected: BTreeSet<i64> = match oracle(table) {
                Some(Oracle::Everyone) => all.clone(),
                Some(Oracle::AdminOnly) => {
                    if p.role == salesgraph_entities::enums::Role::HqAdmin {
                        all.clone()
                    } else {
                        BTreeSet::new()
                    }
                }
                Some(Oracle::Rows { sql, owned }) => {
                    let rows = db
                        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
                        .await
                        .unwrap();
                    let mut ids = BTreeSet::new();
                    for row in rows {
                        let id = i64::from(row.try_get_by_index::<i32>(0).unwrap());
                        let branch = row.try_get_by_index::<Option<i32>>(1).unwrap().map(i64::from);
                        let region = row.try_get_by_index::<Option<i32>>(2).unwrap().map(i64::from);
                        let owner = row.try_get_by_index::<Option<i32>>(3).unwrap().map(i64::from);
                        let everyone = row.try_get_by_index::<i32>(4).unwrap() == 1;
                        let mine = match p.scope {
                            Scope::All => true,
                            Scope::Region => {
                                let r = p.region_id.map(i64::from);
                                region.is_some() && region == r
                                    || branch.and_then(|b| region_of.get(&b).copied()) == r
                            }
                            Scope::Branch => {
                                branch.is_some() && branch == p.branch_id.map(i64::from)
                            }
                            Scope::Own if owned => {
                                owner.is_some() && owner == p.employee_id.map(i64::from)
                            }
                            Scope::Own => branch.is_some() && branch == p.branch_id.map(i64::from),
                        };
                        if everyone || mine {
                            ids.insert(id);
                        }
                    }
                    ids
                }
                None => match table {
                    // A region's own analysts see it; a branch sees its own region.
                    "regions" => match p.scope {
                        Scope::All => all.clone(),
                        Scope::Region => p.region_id.map(i64::from).into_iter().collect(),
                        _ => p
                            .branch_id
                            .and_then(|b| region_of.get(&i64::from(b)).copied())
                            .into_iter()
                            .collect(),
                    },
                    "user_accounts" => {
                        if p.scope == Scope::All
                            && p.role == salesgraph_entities::enums::Role::HqAdmin
                        {
                            all.clone()
                        } else {
                            p.user_id().map(i64::from).into_iter().collect()
                        }
                    }
                    // HQ_ADMIN reads every run; the one seeded run is the admin's own.
                    "report_runs" => {
                        if p.role == salesgraph_entities::enums::Role::HqAdmin {
                            all.clone()
                        } else {
                            BTreeSet::new()
                        }
                    }
                    other => panic!("no oracle for {other}: add one"),
                },
            };
            assert_eq!(visible, expected, "{table} as {:?} {:?}", p.role, p.scope);
            checked_rows += visible.len();
        }
    }
    assert!(checked_rows > 50_000, "the check covered real data: {checked_rows}");
}

async fn every_table_of_the_model_has_a_rule(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let sql = match app.db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
        }
    };
    let tables = app
        .db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap();
    let ruled: BTreeSet<&str> = rules().iter().map(|(t, _)| *t).collect();
    // Internal tables the API never exposes, so they have no rule and stay unreadable.
    // Report files are read only by the download route, after the run's own rule.
    let internal = ["seaql_migrations", "refresh_tokens", "login_failures", "report_files"];
    for row in tables {
        let table: String = row.try_get_by_index(0).unwrap();
        if !internal.contains(&table.as_str()) {
            assert!(ruled.contains(table.as_str()), "table {table} has no scope rule");
        }
    }
}

/// Every list and by-id field of the API with its table.
const FIELDS: &[(&str, &str, &str)] = &[
    ("alertRules", "alertRule", "alert_rules"),
    ("alerts", "alert", "alerts"),
    ("marketSignals", "marketSignal", "market_signals"),
    ("contingencyPlans", "contingencyPlan", "contingency_plans"),
    ("contingencyActivations", "contingencyActivation", "contingency_activations"),
    ("promotions", "promotion", "promotions"),
    ("priceChanges", "priceChange", "price_changes"),
    ("projects", "project", "projects"),
    ("tasks", "task", "tasks"),
    ("reportTemplates", "reportTemplate", "report_templates"),
    ("branchReports", "branchReport", "branch_reports"),
    ("meetings", "meeting", "meetings"),
    ("meetingAttendees", "meetingAttendee", "meeting_attendees"),
    ("actionItems", "actionItem", "action_items"),
    ("announcements", "announcement", "announcements"),
    ("announcementTargets", "announcementTarget", "announcement_targets"),
    ("competitors", "competitor", "competitors"),
    ("competitorProducts", "competitorProduct", "competitor_products"),
    ("priceObservations", "priceObservation", "price_observations"),
    ("opportunityCompetitors", "opportunityCompetitor", "opportunity_competitors"),
    ("competitiveStrategies", "competitiveStrategy", "competitive_strategies"),
    ("marketSizeEstimates", "marketSizeEstimate", "market_size_estimates"),
    ("interactions", "interaction", "interactions"),
    ("surveyResponses", "surveyResponse", "survey_responses"),
    ("customerFeedbackEntries", "customerFeedback", "customer_feedback"),
    ("regions", "region", "regions"),
    ("branches", "branch", "branches"),
    ("teams", "team", "teams"),
    ("employees", "employee", "employees"),
    ("accounts", "account", "user_accounts"),
    ("careerLevels", "careerLevel", "career_levels"),
    ("reviewCycles", "reviewCycle", "review_cycles"),
    ("kpiDefinitions", "kpiDefinition", "kpi_definitions"),
    ("reviews", "review", "reviews"),
    ("reviewScores", "reviewScore", "review_scores"),
    ("improvementPlans", "improvementPlan", "improvement_plans"),
    ("improvementActions", "improvementAction", "improvement_actions"),
    ("auditEntries", "auditEntry", "audit_log"),
    ("reportRuns", "reportRun", "report_runs"),
    ("productCategories", "productCategory", "product_categories"),
    ("products", "product", "products"),
    ("customers", "customer", "customers"),
    ("contacts", "contact", "contacts"),
    ("opportunities", "opportunity", "opportunities"),
    ("orders", "order", "sales_orders"),
    ("orderLines", "orderLine", "order_lines"),
    ("marketFeedbackEntries", "marketFeedback", "market_feedback"),
    ("productFeedbackEntries", "productFeedback", "product_feedback"),
    ("serviceTickets", "serviceTicket", "service_tickets"),
    ("salesTargets", "salesTarget", "sales_targets"),
    ("incentivePlans", "incentivePlan", "incentive_plans"),
    ("incentiveTiers", "incentiveTier", "incentive_tiers"),
    ("incentiveAwards", "incentiveAward", "incentive_awards"),
    ("courses", "course", "courses"),
    ("trainingSessions", "trainingSession", "training_sessions"),
    ("enrollments", "enrollment", "enrollments"),
    ("promotionRecords", "promotionRecord", "promotion_records"),
];

/// Through GraphQL over HTTP, for every principal and every table: the list's `totalCount` is
/// the number of rows the rule shows (the rule itself is checked row by row above), a visible
/// row is found by id and a row outside the scope is NOT_FOUND, exactly like a missing one.
async fn every_list_and_lookup_of_the_api_follows_the_rules(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let db = &app.db;
    let rule_of: HashMap<&str, salesgraph_api::scope::Rule> = rules().into_iter().collect();
    assert_eq!(FIELDS.len() + 1, rule_of.len(), "every table but API keys has a list");
    for username in ["admin", "analyst", "east", "mgr.sh", "mgr.gz", "rep.sh"] {
        let p = principal(db, username).await;
        let (token, _) = app.login(username).await;
        for &(list, one, table) in FIELDS {
            let visible = ids_where(db, table, rule_of[table], &p).await;
            let body = app
                .graphql_as(
                    &token,
                    &format!("{{ {list} {{ totalCount }} }}"),
                    serde_json::json!({}),
                )
                .await;
            let total = body["data"][list]["totalCount"].as_u64();
            assert_eq!(total, Some(visible.len() as u64), "{list} as {username}: {body}");
            if let Some(id) = visible.iter().next() {
                let q = format!(r#"{{ {one}(id: "{id}") {{ id }} }}"#);
                let body = app.graphql_as(&token, &q, serde_json::json!({})).await;
                assert_eq!(
                    body["data"][one]["id"],
                    id.to_string(),
                    "{one} {id} as {username}: {body}"
                );
            }
            let hidden = all_ids(db, table).await.difference(&visible).next().copied();
            if let Some(id) = hidden {
                let q = format!(r#"{{ {one}(id: "{id}") {{ id }} }}"#);
                let body = app.graphql_as(&token, &q, serde_json::json!({})).await;
                let code = &body["errors"][0]["extensions"]["code"];
                assert_eq!(code, "NOT_FOUND", "{one} {id} as {username}: {body}");
            }
        }
    }
    app.stop().await;
}

/// A manager of 上海 (华东) follows nested paths from everything it can list and never reaches
/// a row of another branch: relations are filtered by the same rules as lists.
async fn nested_paths_stay_in_the_branch(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("mgr.sh").await;
    let shanghai = branches::Entity::find()
        .filter(branches::Column::Code.eq("SH"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let query = "{
        regions { edges { node { branches { id teams { branchId members { branchId } } } } } }
        customers(first: 500) { edges { node { branchId orders { branchId lines { order { branchId } } } opportunities { branchId } serviceTickets { branchId } surveyResponses { branchId } } } }
        products(first: 50) { edges { node { category { products { id } } } } }
        employees(first: 500) { edges { node { branchId team { branchId } } } }
    }";
    let body = app.graphql_as(&token, query, serde_json::json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let text = body.to_string();
    let mut branch_ids = 0;
    for (i, _) in text.match_indices("\"branchId\":") {
        let rest = &text[i + 11..];
        let value = rest.split([',', '}']).next().unwrap();
        // HQ staff (no branch) are company-wide; every other row is 上海's.
        assert!(
            value == "null" || value == format!("\"{shanghai}\""),
            "a row of branch {value} reached mgr.sh"
        );
        branch_ids += 1;
    }
    assert!(branch_ids > 1_000, "the probe walked real data: {branch_ids}");
    let regions = body["data"]["regions"]["edges"].as_array().unwrap();
    assert_eq!(regions.len(), 1, "only 华东");
    assert_eq!(
        regions[0]["node"]["branches"].as_array().unwrap().len(),
        1,
        "only 上海 within 华东"
    );
    app.stop().await;
}

crate::on_both_backends!(
    every_list_and_lookup_of_the_api_follows_the_rules,
    nested_paths_stay_in_the_branch,
    every_rule_shows_exactly_the_rows_in_scope,
    every_table_of_the_model_has_a_rule
);
