//! The `salesgraph` command line.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use salesgraph_migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tracing_subscriber::EnvFilter;

use crate::seed::{self, SeedOptions};
use crate::settings::{Secret, Settings, redact_url};
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

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
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
            serve(db, settings, None).await
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
            serve(db, settings, Some(seed::DEMO_LOGINS)).await
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
    logins: Option<&[(&str, &str)]>,
) -> anyhow::Result<()> {
    let state = AppState::new(db, settings.clone())?;
    let app = Application::build(state)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = app.local_addr()?;
    tracing::info!(%addr, "listening");
    println!("GraphiQL: http://{addr}/graphql");
    if let Some(logins) = logins {
        println!("demo accounts (password {}):", seed::DEMO_PASSWORD);
        for (user, what) in logins {
            println!("  {user:<12} {what}");
        }
    }
    app.run().await?;
    Ok(())
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
