//! The test harness: a fresh database per test (a temporary SQLite file, or a PostgreSQL
//! database named by a UUID and dropped afterwards) and the real application on port 0.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Once;

use salesgraph_api::{AppState, Application, Settings, db};
use salesgraph_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// The variable holding the PostgreSQL server URL (no database), e.g.
/// `postgres://postgres@127.0.0.1:5432`. Unset: the PostgreSQL variants are skipped.
pub const POSTGRES_ENV: &str = "SALESGRAPH_TEST_POSTGRES";

/// The signing secret of the test server, so that tests can forge tokens with it.
pub const TEST_SECRET: &str = "test-signing-secret-0123456789-abcdefghij";

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    /// PostgreSQL when `SALESGRAPH_TEST_POSTGRES` is set; otherwise prints, once per run, that
    /// the PostgreSQL variants were skipped.
    pub fn postgres() -> Option<Self> {
        match std::env::var(POSTGRES_ENV) {
            Ok(url) if !url.is_empty() => {
                Some(Self::Postgres(url.trim_end_matches('/').to_owned()))
            }
            _ => {
                static ONCE: Once = Once::new();
                // Written past the test harness's capture so that it shows in every run.
                ONCE.call_once(|| {
                    let _ = writeln!(
                        std::io::stderr(),
                        "PostgreSQL skipped: set {POSTGRES_ENV} to a server URL to run the PostgreSQL variants"
                    );
                });
                None
            }
        }
    }
}

/// A fresh, empty database that is removed when dropped.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// Creates the database (not migrated).
    pub async fn new(backend: &Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self { url, _dir: Some(dir), postgres: None }
            }
            Backend::Postgres(server) => {
                let name = format!("sg_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {server} is not reachable: {e}"));
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.expect("close admin connection");
                Self {
                    url: format!("{server}/{name}"),
                    _dir: None,
                    postgres: Some((server.clone(), name)),
                }
            }
        }
    }

    /// Settings pointing at this database, listening on a free port.
    pub fn settings(&self) -> Settings {
        Settings {
            database_url: self.url.clone(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_connections: 5,
            jwt_secret: Some(salesgraph_api::settings::Secret::new(TEST_SECRET)),
            ..Settings::default()
        }
    }

    /// A connection through the application's own connect function.
    pub async fn connect(&self) -> DatabaseConnection {
        db::connect(&self.settings()).await.expect("connect to test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else { return };
        // Drop runs outside async: use a short-lived runtime on its own thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .map_err(std::io::Error::other)?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .map_err(std::io::Error::other)?;
                admin.close().await.map_err(std::io::Error::other)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            let _ = writeln!(std::io::stderr(), "could not drop test database: {dropped:?}");
        }
    }
}

/// The running application on a fresh database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    /// The server's state, to read its statement counter.
    pub state: AppState,
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    /// Kept last so that the database outlives the server.
    _test_db: TestDb,
}

impl TestApp {
    /// Migrates a fresh database and serves the application on a free port.
    pub async fn spawn(backend: &Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with the test settings changed by `adjust`.
    pub async fn spawn_with(backend: &Backend, adjust: impl FnOnce(&mut Settings)) -> Self {
        let test_db = TestDb::new(backend).await;
        let db = test_db.connect().await;
        Migrator::up(&db, None).await.expect("migrate");
        let mut settings = test_db.settings();
        adjust(&mut settings);
        let state = AppState::new(db.clone(), settings).expect("state");
        let app = Application::build(state.clone()).await.expect("bind");
        let addr = app.local_addr().expect("local address");
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            addr,
            db,
            state,
            client: reqwest::Client::new(),
            shutdown: Some(tx),
            server: Some(server),
            _test_db: test_db,
        }
    }

    /// Like [`TestApp::spawn`], with the demo data seeded.
    pub async fn spawn_seeded(backend: &Backend) -> Self {
        let app = Self::spawn(backend).await;
        app.seed().await;
        app
    }

    /// Seeds the demo data at scale 1 as of a fixed day.
    pub async fn seed(&self) -> salesgraph_api::seed::SeedSummary {
        salesgraph_api::seed::seed_demo(&self.db, &demo_options()).await.expect("seed demo data")
    }

    /// The URL of `path` on the test server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Posts a GraphQL request with an optional `Authorization` header value; returns the
    /// HTTP status and the decoded JSON response.
    pub async fn post(
        &self,
        authorization: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.expect("send GraphQL request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("GraphQL response is JSON"))
    }

    /// Posts an anonymous GraphQL request that must succeed at the HTTP level.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(None, query, variables).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Posts a GraphQL request with a bearer token that must succeed at the HTTP level.
    pub async fn graphql_as(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(Some(&format!("Bearer {token}")), query, variables).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Logs a demo account in and returns `(access token, refresh token)`.
    pub async fn login(&self, username: &str) -> (String, String) {
        let body = self
            .graphql(
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken } }",
                json!({ "u": username, "p": salesgraph_api::seed::DEMO_PASSWORD }),
            )
            .await;
        let login = &body["data"]["login"];
        assert!(login.is_object(), "login of {username} failed: {body}");
        (
            login["accessToken"].as_str().unwrap().to_owned(),
            login["refreshToken"].as_str().unwrap().to_owned(),
        )
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server ran");
        }
    }
}

/// Today in the business time zone (Shanghai): the day the server dates what happens now.
pub fn business_today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&Settings::default().time_zone).date_naive()
}

/// The seed options every test uses: scale 1, as of 2026-11-27, Shanghai time.
pub fn demo_options() -> salesgraph_api::seed::SeedOptions {
    salesgraph_api::seed::SeedOptions::new(
        1,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27),
        Settings::default().time_zone,
    )
}

/// Declares each listed `async fn name(backend: Backend)` as two tests, `sqlite::name` and
/// `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(backend) = $crate::helpers::Backend::postgres() {
                        super::$name(backend).await;
                    }
                }
            )+
        }
    };
}

/// The code, field and message of the first error of a GraphQL response.
pub fn error(body: &Value) -> (&str, &str, &str) {
    let e = &body["errors"][0];
    let code =
        e["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body}"));
    (code, e["extensions"]["field"].as_str().unwrap_or(""), e["message"].as_str().unwrap_or(""))
}

/// The one number a SQL query returns (cast it to BIGINT: PostgreSQL is strict about types).
pub async fn number(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    let row = app.db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}
