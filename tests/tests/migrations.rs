//! The schema migrations run up, down and up again on a fresh database.

use salesgraph_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::{Backend, TestDb};

/// Tables of the public schema, without the migration bookkeeping.
async fn tables(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> 'seaql_migrations' ORDER BY 1"
        }
    };
    let rows =
        db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}

async fn migrations_run_up_down_and_up_again(backend: Backend) {
    let test_db = TestDb::new(&backend).await;
    let db = test_db.connect().await;

    Migrator::up(&db, None).await.unwrap();
    let created = tables(&db).await;
    for expected in [
        "regions",
        "branches",
        "sales_orders",
        "order_lines",
        "sales_targets",
        "service_tickets",
        "reviews",
        "price_observations",
        "audit_log",
        "report_runs",
    ] {
        assert!(created.contains(&expected.to_owned()), "{expected} missing from {created:?}");
    }
    assert_eq!(created.len(), 61, "one table per entity: {created:?}");

    Migrator::down(&db, None).await.unwrap();
    assert_eq!(tables(&db).await, Vec::<String>::new(), "down leaves no table behind");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(tables(&db).await, created, "up after down recreates the same tables");
}

async fn migrations_index_every_foreign_key(backend: Backend) {
    let test_db = TestDb::new(&backend).await;
    let db = test_db.connect().await;
    Migrator::up(&db, None).await.unwrap();
    let (fk_sql, index_sql) = match db.get_database_backend() {
        DbBackend::Sqlite => (
            "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
            // An INTEGER PRIMARY KEY is the rowid itself, indexed without an index of its own.
            "SELECT m.name, i.name, c.name FROM sqlite_master m, pragma_index_list(m.name) i, \
             pragma_index_info(i.name) c WHERE m.type = 'table' AND c.seqno = 0 \
             UNION ALL SELECT m.name, 'rowid', p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.pk = 1 AND p.type = 'INTEGER'",
        ),
        _ => (
            "SELECT tc.table_name::text, kcu.column_name::text FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
            "SELECT t.relname::text, i.relname::text, a.attname::text FROM pg_index x \
             JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] \
             JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()",
        ),
    };
    let backend = db.get_database_backend();
    let fks = db.query_all_raw(Statement::from_string(backend, fk_sql)).await.unwrap();
    let indexes = db.query_all_raw(Statement::from_string(backend, index_sql)).await.unwrap();
    let leading: Vec<(String, String)> = indexes
        .iter()
        .map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(2).unwrap()))
        .collect();
    assert_eq!(fks.len(), 137, "every foreign key of the model exists");
    for fk in &fks {
        let table: String = fk.try_get_by_index(0).unwrap();
        let column: String = fk.try_get_by_index(1).unwrap();
        assert!(
            leading.contains(&(table.clone(), column.clone())),
            "foreign key {table}.{column} has no index leading with it"
        );
    }
}

async fn down_removes_a_seeded_schema(backend: Backend) {
    let app = crate::helpers::TestApp::spawn_seeded(&backend).await;
    Migrator::down(&app.db, None).await.expect("down on a database full of demo data");
    assert_eq!(tables(&app.db).await, Vec::<String>::new());
}

/// Migration 5 gives targets split over time before it their unit's key back (`REGION:0` →
/// `REGION:1`), except where that key is taken for the same metric and period.
async fn broken_time_split_keys_are_repaired(backend: Backend) {
    let test_db = TestDb::new(&backend).await;
    let db = test_db.connect().await;
    Migrator::up(&db, Some(4)).await.unwrap();
    let backend = db.get_database_backend();
    let run = |sql: &str| {
        let sql = sql.to_owned();
        let db = &db;
        async move { db.execute_unprepared(&sql).await }
    };
    run("INSERT INTO regions (id, code, name) VALUES (1, 'EAST', '华东大区'), (2, 'SOUTH', '华南大区')").await.unwrap();
    // (id, kind, start, scope kind, key, region, parent)
    for (id, kind, start, key, region, parent) in [
        (1, "YEAR", "2026-01-01", "REGION:1", 1, "NULL"),
        (2, "QUARTER", "2026-01-01", "REGION:0", 1, "1"),
        (3, "QUARTER", "2026-04-01", "REGION:0", 1, "1"),
        // 华南's first quarter was split from the company's: its key is taken.
        (4, "QUARTER", "2026-07-01", "REGION:2", 2, "NULL"),
        (5, "YEAR", "2026-01-01", "REGION:2", 2, "NULL"),
        (6, "QUARTER", "2026-07-01", "REGION:0", 2, "5"),
    ] {
        run(&format!(
            "INSERT INTO sales_targets (id, metric, period_kind, period_start, scope_kind, scope_key, \
             region_id, amount, parent_id, locked, created_at, updated_at, version) VALUES \
             ({id}, 'REVENUE', '{kind}', '{start}', 'REGION', '{key}', {region}, 100, {parent}, false, \
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1)"
        ))
        .await
        .unwrap();
    }
    Migrator::up(&db, None).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, scope_key FROM sales_targets ORDER BY id",
        ))
        .await
        .unwrap();
    let keys: Vec<(i32, String)> = rows
        .iter()
        .map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap()))
        .collect();
    let expected = [
        (1, "REGION:1"),
        (2, "REGION:1"),
        (3, "REGION:1"),
        (4, "REGION:2"),
        (5, "REGION:2"),
        (6, "REGION:0"),
    ];
    assert_eq!(keys, expected.map(|(id, key)| (id, key.to_owned())));
}

crate::on_both_backends!(
    migrations_run_up_down_and_up_again,
    migrations_index_every_foreign_key,
    down_removes_a_seeded_schema,
    broken_time_split_keys_are_repaired,
);
