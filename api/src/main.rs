//! The `salesgraph` command: parses the command line and hands over to the library.

// The schema types are instantiated here too (see the library's recursion limit).
#![recursion_limit = "256"]

use std::process::ExitCode;

use clap::Parser;

// A GraphQL response is built from many small allocations; glibc's allocator took about a
// third of the server's CPU time under load (perf, bench/api.sh), mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = salesgraph_api::cli::Cli::parse();
    match salesgraph_api::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
