//! The `salesgraph` command line.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use salesgraph_migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tracing_subscriber::EnvFilter;

use crate::auth::Principal;
use crate::reports::{Registry, archive, runs};
use crate::seed::{self, SeedOptions};
use crate::settings::{Introspection, Secret, Settings, redact_url};
use crate::{AppState, Application, db, graphql};

/// salesgraph: branch-office sales management over GraphQL (分公司销售管理平台).
///
/// Configuration comes from defaults, then `salesgraph.toml` (or --config), then
/// SALESGRAPH_* environment variables and DATABASE_URL.
#[derive(Debug, Parser)]
#[command(name = "salesgraph", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file (default: ./salesgraph.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (the database must be migrated).
    Serve,
    /// Apply, revert or list schema migrations.
    Migrate {
        /// `up` applies pending migrations, `down` reverts the latest one, `status` lists them.
        #[arg(value_enum, default_value_t = MigrateAction::Up)]
        action: MigrateAction,
    },
    /// Fill an empty database with demo data.
    Seed(SeedArgs),
    /// Migrate, seed the demo data if the database is empty, and serve.
    Demo {
        /// Size of the demo data set when seeding (1 ≈ 20,000 orders).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=200))]
        scale: u32,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Generate a report into a PDF file, with HQ rights on the configured database.
    Report(ReportArgs),
    /// Manage administrator accounts from the server's machine: the first account of an
    /// empty database, or a new password for an administrator who forgot it.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

/// `salesgraph admin …`. The password is read from the terminal (without echo, twice) or,
/// when standard input is not a terminal, from its first line; never from the command line.
#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create an HQ_ADMIN account with ALL scope.
    Create {
        /// The login name (2–64 letters, digits and . _ - @).
        #[arg(long)]
        username: String,
        /// The name shown in the interface (default: the username).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Set a new password for an account and end its logins.
    ResetPassword {
        /// The login name.
        #[arg(long)]
        username: String,
    },
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The report, such as `monthly-review`, `performance-review` or `competitor-analysis`.
    pub kind: String,
    /// A parameter as NAME=VALUE, such as `month=2026-10`, `branch=3` or `locale=en`;
    /// repeatable. Parameters left out take their defaults (company-wide, the last complete
    /// month).
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The PDF file to write.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// Migration actions.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MigrateAction {
    Up,
    Down,
    Status,
}

/// Arguments of `seed`.
#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    /// Seed the deterministic demo data set (the only kind there is).
    #[arg(long, required = true)]
    pub demo: bool,
    /// Size of the data set: 1 ≈ 20,000 orders, 50 ≈ 1,000,000 orders.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub scale: u32,
    /// Last day of the data (default: yesterday in the business time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
}

/// Runs a parsed command line with the report plugins of the enabled cargo features.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    run_with(cli, Registry::with_default_plugins()?).await
}

/// Runs a parsed command line with the report plugins of `registry`: the entry point of a
/// server binary that adds its own plugins (see the README, "Writing a report plugin").
pub async fn run_with(cli: Cli, registry: Registry) -> anyhow::Result<()> {
    if let Command::Schema = cli.command {
        print!("{}", graphql::sdl());
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref())?;
    init_tracing(&settings);
    match cli.command {
        Command::Schema => Ok(()),
        Command::Serve => {
            let db = open(&settings).await?;
            ensure_migrated(&db).await?;
            serve(db, settings, registry, None).await
        }
        Command::Report(args) => report(settings, registry, args).await,
        Command::Admin { action } => {
            let db = open(&settings).await?;
            ensure_migrated(&db).await?;
            admin(&db, action).await
        }
        Command::Migrate { action } => migrate(&open(&settings).await?, action).await,
        Command::Seed(args) => {
            let db = open(&settings).await?;
            ensure_migrated(&db).await?;
            let options = SeedOptions::new(args.scale, args.as_of, settings.time_zone);
            let summary = seed::seed_demo(&db, &options).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Demo { scale } => {
            let mut settings = settings;
            if settings.jwt_secret.is_none() {
                settings.jwt_secret = Some(demo_secret()?);
            }
            // A demo is explored in the browser.
            settings.graphiql.get_or_insert(true);
            settings.introspection.get_or_insert(Introspection::Public);
            let db = open(&settings).await?;
            Migrator::up(&db, None).await.context("cannot migrate the database")?;
            if seed::is_empty(&db).await? {
                println!(
                    "seeding demo data (scale {scale}) into {}",
                    redact_url(&settings.database_url)
                );
                let summary =
                    seed::seed_demo(&db, &SeedOptions::new(scale, None, settings.time_zone))
                        .await?;
                println!("{summary}");
            }
            serve(db, settings, registry, Some(seed::DEMO_LOGINS)).await
        }
    }
}

async fn open(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    Ok(db::connect(settings).await?)
}

async fn ensure_migrated(db: &DatabaseConnection) -> anyhow::Result<()> {
    let pending = Migrator::get_pending_migrations(db).await.context("cannot read migrations")?;
    if !pending.is_empty() {
        bail!(
            "the database has {} pending migration(s): run `salesgraph migrate` first",
            pending.len()
        );
    }
    Ok(())
}

async fn migrate(db: &DatabaseConnection, action: MigrateAction) -> anyhow::Result<()> {
    match action {
        MigrateAction::Up => {
            Migrator::up(db, None).await.context("migration failed")?;
            println!("database is up to date");
        }
        MigrateAction::Down => {
            Migrator::down(db, Some(1)).await.context("revert failed")?;
            println!("reverted the latest migration");
        }
        MigrateAction::Status => {
            for m in Migrator::get_applied_migrations(db).await? {
                println!("applied  {}", m.name());
            }
            for m in Migrator::get_pending_migrations(db).await? {
                println!("pending  {}", m.name());
            }
        }
    }
    Ok(())
}

async fn serve(
    db: DatabaseConnection,
    settings: Settings,
    registry: Registry,
    logins: Option<&[(&str, &str)]>,
) -> anyhow::Result<()> {
    let state = AppState::with_registry(db, settings.clone(), registry)?;
    // Runs queued before a restart, then the monthly archive, in the background.
    let schema = graphql::build_report_schema(state.clone());
    let (background, background_schema) = (state.clone(), schema.clone());
    tokio::spawn(async move {
        match runs::resume(&background, &background_schema).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(runs = n, "queued report runs executed"),
            Err(e) => {
                tracing::error!(error = %crate::error::Logged(&e), "cannot resume queued report runs")
            }
        }
        if background.settings().report_archive {
            archive::keep_archiving(background, background_schema).await;
        }
    });
    let app = Application::build(state)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = app.local_addr()?;
    let shutdown = crate::app::shutdown_signal();
    tracing::info!(%addr, "listening");
    if settings.graphiql() {
        println!("GraphiQL: http://{addr}/graphql");
    } else {
        println!("GraphQL: http://{addr}/graphql (GraphiQL is off: setting graphiql)");
    }
    if let Some(logins) = logins {
        println!("demo accounts (password {}):", seed::DEMO_PASSWORD);
        for (user, what) in logins {
            println!("  {user:<12} {what}");
        }
    }
    app.run_until(shutdown).await?;
    Ok(())
}

/// `salesgraph report`: renders a report as the server itself (HQ rights) and writes it.
async fn report(
    mut settings: Settings,
    registry: Registry,
    args: ReportArgs,
) -> anyhow::Result<()> {
    let Some(plugin) = registry.get(&args.kind).cloned() else {
        bail!("there is no report `{}`; available: {}", args.kind, registry.ids().join(", "));
    };
    let mut given = serde_json::Map::new();
    for param in &args.params {
        let Some((name, value)) = param.split_once('=') else {
            bail!("--param takes NAME=VALUE, not `{param}`");
        };
        given.insert(name.trim().to_owned(), serde_json::Value::String(value.trim().to_owned()));
    }
    // No token is issued here: a throwaway key satisfies the state.
    if settings.jwt_secret.is_none() {
        settings.jwt_secret = Some(Secret::new(crate::auth::sessions::random_hex(32)));
    }
    let db = open(&settings).await?;
    ensure_migrated(&db).await?;
    let state = AppState::with_registry(db, settings, registry)?;
    let today = runs::today(&state);
    let params = plugin
        .manifest()
        .resolve(&given, today)
        .map_err(|e| anyhow::anyhow!("invalid --param {}: {}", e.param, e.message))?;
    let schema = graphql::build_report_schema(state.clone());
    let produced = runs::produce(&state, &schema, &Principal::system(), plugin.as_ref(), &params)
        .await
        .map_err(|e| anyhow::anyhow!("the report failed: {e}"))?;
    std::fs::write(&args.output, &produced.pdf.bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    println!(
        "{}: {} ({} pages, {} bytes; query {} ms, build and render {} ms)",
        args.output.display(),
        produced.title,
        produced.pdf.pages,
        produced.pdf.bytes.len(),
        produced.query_time.as_millis(),
        produced.render_time.as_millis()
    );
    Ok(())
}

/// `salesgraph admin create` and `salesgraph admin reset-password`, audited as the system.
async fn admin(db: &DatabaseConnection, action: AdminAction) -> anyhow::Result<()> {
    use crate::accounts;
    let now = chrono::Utc::now();
    match action {
        AdminAction::Create { username, display_name } => {
            // Bad names are refused before the password is asked for.
            let name = accounts::username(&username)?;
            accounts::display_name(display_name.as_deref().unwrap_or(&name))?;
            if let Some(taken) = accounts::named(db, &name).await? {
                bail!("the account {} exists already", taken.username);
            }
            let password = read_password(&name)?;
            let model =
                accounts::create_administrator(db, &name, display_name.as_deref(), password, now)
                    .await?;
            println!("created the HQ_ADMIN account {} (id {})", model.username, model.id);
        }
        AdminAction::ResetPassword { username } => {
            let name = username.trim();
            if accounts::named(db, name).await?.is_none_or(|a| a.username != name) {
                bail!("there is no account {name}");
            }
            let password = read_password(name)?;
            let model = accounts::reset_password_of(db, name, password, now).await?;
            println!("set a new password for {}; its logins have ended", model.username);
        }
    }
    Ok(())
}

/// The password: typed twice on the terminal without echo, or the first line of standard
/// input when it is not a terminal (`printf '%s\n' "$PW" | salesgraph admin create …`).
fn read_password(username: &str) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("password for {username}: "))?;
        let again = rpassword::prompt_password("the same password again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!("no password on standard input: pipe it in, or run this in a terminal");
    }
    Ok(password.to_owned())
}

/// File in the working directory where `demo` keeps the signing secret it generated, so that
/// tokens survive a restart of the demo.
pub const DEMO_SECRET_FILE: &str = ".salesgraph-secret";

/// The demo's signing secret: read from `.salesgraph-secret`, or generated and written there
/// (readable by the owner only).
fn demo_secret() -> anyhow::Result<Secret> {
    let path = std::path::Path::new(DEMO_SECRET_FILE);
    if path.exists() {
        let secret = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {DEMO_SECRET_FILE}"))?;
        return Ok(Secret::new(secret.trim()));
    }
    let secret = crate::auth::sessions::random_hex(32);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(path).with_context(|| format!("cannot write {DEMO_SECRET_FILE}"))?;
    std::io::Write::write_all(&mut file, secret.as_bytes())?;
    Ok(Secret::new(secret))
}

fn init_tracing(settings: &Settings) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.log));
    // A second initialisation (tests) keeps the first subscriber.
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
