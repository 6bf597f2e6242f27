//! The demo data set: every table filled, targets that add up, orders that add up, the same
//! data on every run, and a refusal to seed twice.

use std::collections::HashMap;

use rust_decimal::Decimal;
use salesgraph_api::seed::{SeedError, seed_demo};
use salesgraph_entities::enums::{OrderStatus, PeriodKind, ScopeKind};
use salesgraph_entities::{
    audit_log, branches, customers, employees, order_lines, products, regions, sales_orders,
    sales_targets,
};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, Statement};

use crate::helpers::{Backend, TestApp, demo_options};

/// Tables that start empty: migration bookkeeping, and sessions and failed-login counters,
/// which exist only once someone logs in.
// The seed queues a report run but renders nothing: the server renders it when it starts.
const EMPTY_BY_DESIGN: &[&str] =
    &["seaql_migrations", "refresh_tokens", "login_failures", "report_files"];

async fn table_counts(db: &sea_orm::DatabaseConnection) -> Vec<(String, i64)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        }
    };
    let mut counts = Vec::new();
    for row in db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap() {
        let table: String = row.try_get_by_index(0).unwrap();
        let count = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) FROM \"{table}\""),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        counts.push((table, count));
    }
    counts
}

async fn demo_seed_fills_every_table_of_the_model(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let summary = app.seed().await;
    let counts = table_counts(&app.db).await;
    assert!(counts.len() >= 58, "{counts:?}");
    for (table, count) in &counts {
        if EMPTY_BY_DESIGN.contains(&table.as_str()) {
            continue;
        }
        assert!(*count > 0, "table {table} holds no demo rows");
    }
    let orders = summary.rows("sales_orders");
    assert!((18_000..=22_000).contains(&orders), "scale 1 is about 20,000 orders: {orders}");

    let branches = branches::Entity::find().all(&app.db).await.unwrap();
    assert!(branches.len() >= 8);
    assert!(
        branches.iter().any(|b| b.name == "上海分公司" && b.city == "上海"),
        "Chinese names survive the round trip"
    );
    let staff = employees::Entity::find().all(&app.db).await.unwrap();
    let branch_of =
        |id: Option<i32>| staff.iter().find(|e| Some(e.id) == id).and_then(|e| e.branch_id);
    for b in &branches {
        assert_eq!(branch_of(b.manager_id), Some(b.id), "{} is managed by one of its own", b.name);
        assert_eq!(branch_of(b.liaison_id), Some(b.id), "{} has its own liaison to HQ", b.name);
    }
    let products = products::Entity::find().all(&app.db).await.unwrap();
    assert!(products.len() >= 30);
    let categories: std::collections::HashSet<i32> =
        products.iter().map(|p| p.category_id).collect();
    assert!(categories.len() >= 5);
    assert!(customers::Entity::find().count(&app.db).await.unwrap() >= 800);
}

async fn demo_orders_total_their_lines_to_the_fen(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let mut line_totals: HashMap<i32, Decimal> = HashMap::new();
    for line in order_lines::Entity::find().all(&app.db).await.unwrap() {
        assert_eq!(line.amount, line.unit_price * Decimal::from(line.quantity), "line {}", line.id);
        assert!(line.amount.scale() <= 2, "amount in fen: {}", line.amount);
        *line_totals.entry(line.order_id).or_default() += line.amount;
    }
    let orders = sales_orders::Entity::find().all(&app.db).await.unwrap();
    for order in &orders {
        assert_eq!(
            Some(&order.total_amount),
            line_totals.get(&order.id),
            "order {}",
            order.order_no
        );
    }
    assert!(orders.iter().any(|o| o.status == OrderStatus::Cancelled));
    assert!(
        orders.iter().filter(|o| o.status == OrderStatus::Confirmed).count()
            > orders.len() * 9 / 10
    );
}

async fn demo_targets_sum_exactly(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let targets = sales_targets::Entity::find().all(&app.db).await.unwrap();
    assert!(!targets.is_empty());
    let by_id: HashMap<i32, &sales_targets::Model> = targets.iter().map(|t| (t.id, t)).collect();

    // A target is split over the organisation (children of another scope, same period) or
    // over time (children of the same scope, shorter periods); each split adds up to it.
    let mut splits: HashMap<(i32, bool), Decimal> = HashMap::new();
    for t in &targets {
        if let Some(parent) = t.parent_id {
            let over_time = by_id[&parent].scope_kind == t.scope_kind;
            *splits.entry((parent, over_time)).or_default() += t.amount;
        }
    }
    for ((parent, over_time), sum) in &splits {
        let kind = if *over_time { "time" } else { "organisation" };
        assert_eq!(
            by_id[parent].amount, *sum,
            "target {parent} is not the sum of its split over {kind}"
        );
    }
    assert!(splits.len() > 1000, "the tree is deep and wide: {} splits", splits.len());
    assert!(
        splits.keys().any(|(_, t)| *t) && splits.keys().any(|(_, t)| !*t),
        "both kinds of split"
    );

    // Company = Σ regions = Σ branches = Σ teams = Σ reps, for every period.
    let mut per_level: HashMap<(ScopeKind, PeriodKind, chrono::NaiveDate), Decimal> =
        HashMap::new();
    for t in &targets {
        *per_level.entry((t.scope_kind, t.period_kind, t.period_start)).or_default() += t.amount;
    }
    let companies: Vec<_> = targets.iter().filter(|t| t.scope_kind == ScopeKind::Company).collect();
    assert_eq!(companies.len(), 2 * (1 + 4 + 12), "two years of year, quarter and month targets");
    for company in companies {
        for level in [ScopeKind::Region, ScopeKind::Branch, ScopeKind::Team, ScopeKind::Employee] {
            assert_eq!(
                per_level[&(level, company.period_kind, company.period_start)],
                company.amount,
                "{level:?} targets of {:?} {} do not add up to the company's",
                company.period_kind,
                company.period_start
            );
        }
    }

    // Year = Σ quarters = Σ months, for every scope.
    let mut per_scope: HashMap<(String, PeriodKind, i32), Decimal> = HashMap::new();
    for t in &targets {
        *per_scope
            .entry((t.scope_key.clone(), t.period_kind, chrono::Datelike::year(&t.period_start)))
            .or_default() += t.amount;
    }
    for ((scope, kind, year), amount) in &per_scope {
        if *kind == PeriodKind::Year {
            assert_eq!(
                per_scope[&(scope.clone(), PeriodKind::Quarter, *year)],
                *amount,
                "{scope} {year} quarters"
            );
            assert_eq!(
                per_scope[&(scope.clone(), PeriodKind::Month, *year)],
                *amount,
                "{scope} {year} months"
            );
        }
    }
}

async fn demo_seed_is_deterministic(backend: Backend) {
    let first = TestApp::spawn_seeded(&backend).await;
    let second = TestApp::spawn_seeded(&backend).await;
    for app in [&first, &second] {
        assert!(sales_orders::Entity::find().count(&app.db).await.unwrap() > 0);
    }
    let fingerprint = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            let orders = sales_orders::Entity::find().all(&db).await.unwrap();
            let total: Decimal = orders.iter().map(|o| o.total_amount).sum();
            let names: Vec<String> = customers::Entity::find()
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .take(50)
                .map(|c| c.name)
                .collect();
            let nos: Vec<String> = orders
                .into_iter()
                .step_by(997)
                .map(|o| format!("{} {}", o.order_no, o.ordered_at))
                .collect();
            (total, names, nos)
        }
    };
    assert_eq!(fingerprint(&first.db).await, fingerprint(&second.db).await);
}

async fn seeding_a_database_with_data_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let before = table_counts(&app.db).await;
    let err = seed_demo(&app.db, &demo_options()).await.expect_err("second seed must fail");
    assert!(matches!(err, SeedError::NotEmpty(_)), "{err:?}");
    assert!(err.to_string().contains("already holds data"), "{err}");
    assert_eq!(table_counts(&app.db).await, before);
}

async fn a_seed_that_fails_at_the_end_leaves_nothing_behind(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let backend_kind = app.db.get_database_backend();
    let indexes = |db: sea_orm::DatabaseConnection| async move {
        let sql = match db.get_database_backend() {
            DbBackend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('sales_orders', 'order_lines')"
            }
            _ => {
                "SELECT COUNT(*) FROM pg_indexes WHERE tablename IN ('sales_orders', 'order_lines')"
            }
        };
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    let indexes_before = indexes(app.db.clone()).await;
    // The seed writes its own audit entry, id 1, last of all: taking that id makes it fail there.
    app.db
        .execute_raw(Statement::from_string(
            backend_kind,
            "INSERT INTO audit_log (id, action, entity, entity_id, occurred_at) VALUES (1, 'test', 'none', '0', '2026-01-01T00:00:00+00:00')",
        ))
        .await
        .unwrap();
    let err = seed_demo(&app.db, &demo_options())
        .await
        .expect_err("the seed must fail on its audit entry");
    assert!(matches!(err, SeedError::Db(_)), "{err:?}");
    assert_eq!(regions::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(sales_orders::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(order_lines::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(
        audit_log::Entity::find().count(&app.db).await.unwrap(),
        1,
        "only the row the test wrote"
    );
    assert_eq!(
        indexes(app.db.clone()).await,
        indexes_before,
        "indexes dropped for the bulk load are back"
    );
}

crate::on_both_backends!(
    a_seed_that_fails_at_the_end_leaves_nothing_behind,
    demo_seed_fills_every_table_of_the_model,
    demo_orders_total_their_lines_to_the_fen,
    demo_targets_sum_exactly,
    demo_seed_is_deterministic,
    seeding_a_database_with_data_is_refused_and_changes_nothing,
);
