//! The `salesgraph` binary as a user runs it: help, clear one-line errors for bad input, the
//! schema, and a graceful stop on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary, run in `dir` with no configuration from the environment of the test run.
fn salesgraph(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_salesgraph"));
    command.current_dir(dir).env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("SALESGRAPH_") {
            command.env_remove(key);
        }
    }
    command
}

/// Asserts a failed run that printed exactly one `error:` line containing `expected`.
fn assert_one_error_line(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "must fail: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(errors[0].contains(expected), "{:?} should mention {expected:?}", errors[0]);
}

#[test]
fn help_lists_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let output = salesgraph(dir.path()).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate", "seed", "demo", "schema", "report", "admin"] {
        assert!(help.contains(command), "{command} missing from --help:\n{help}");
    }
}

#[test]
fn a_missing_config_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        salesgraph(dir.path()).args(["--config", "nowhere.toml", "migrate"]).output().unwrap();
    assert_one_error_line(&output, "config file nowhere.toml does not exist");
}

#[test]
fn an_unreadable_or_invalid_config_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let output =
        salesgraph(dir.path()).args(["--config", "folder.toml", "migrate"]).output().unwrap();
    assert_one_error_line(&output, "cannot be read");

    std::fs::write(dir.path().join("salesgraph.toml"), "listen = \"not an address\"\n").unwrap();
    let output = salesgraph(dir.path()).arg("migrate").output().unwrap();
    assert_one_error_line(&output, "invalid configuration");
}

#[test]
fn an_unknown_kind_of_database_url_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = salesgraph(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "mysql://root:hunter2@localhost/sales")
        .output()
        .unwrap();
    assert_one_error_line(&output, "unsupported database URL");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("hunter2"),
        "the password is not printed"
    );
}

#[test]
fn an_unreachable_database_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = salesgraph(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/sales")
        .output()
        .unwrap();
    assert_one_error_line(
        &output,
        "cannot connect to database postgres://app:***@127.0.0.1:1/sales",
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("hunter2"));
}

#[test]
fn seeding_twice_is_refused_serving_unmigrated_too_and_reports_need_no_setting() {
    let dir = tempfile::tempdir().unwrap();
    let output = salesgraph(dir.path()).arg("serve").output().unwrap();
    assert_one_error_line(&output, "run `salesgraph migrate` first");

    assert!(salesgraph(dir.path()).arg("migrate").status().unwrap().success());
    let first =
        salesgraph(dir.path()).args(["seed", "--demo", "--as-of", "2026-11-27"]).output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let summary = String::from_utf8(first.stdout).unwrap();
    assert!(summary.contains("orders"), "{summary}");
    assert!(
        dir.path().join("salesgraph.db").exists(),
        "the default database is a file in the working directory"
    );

    let again = salesgraph(dir.path()).args(["seed", "--demo"]).output().unwrap();
    assert_one_error_line(&again, "already holds data");

    // In the demo's folder a report needs no parameter and no setting.
    let report = salesgraph(dir.path())
        .args(["report", "monthly-review", "-o", "review.pdf"])
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let said = String::from_utf8(report.stdout).unwrap();
    assert!(said.contains("月度经营回顾") && said.contains("pages"), "{said}");
    let pdf = std::fs::read(dir.path().join("review.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let unknown = salesgraph(dir.path()).args(["report", "nope", "-o", "x.pdf"]).output().unwrap();
    assert_one_error_line(
        &unknown,
        "available: competitor-analysis, monthly-review, performance-review",
    );
    let bad = salesgraph(dir.path())
        .args(["report", "monthly-review", "-p", "month=2026-13", "-o", "x.pdf"])
        .output()
        .unwrap();
    assert_one_error_line(&bad, "invalid --param month");
    assert!(!dir.path().join("x.pdf").exists(), "nothing written on failure");
}

#[test]
fn schema_prints_the_sdl() {
    let dir = tempfile::tempdir().unwrap();
    let output = salesgraph(dir.path()).arg("schema").output().unwrap();
    assert!(output.status.success());
    let sdl = String::from_utf8(output.stdout).unwrap();
    assert!(sdl.contains("type Branch"), "{sdl}");
    assert!(sdl.contains("type BranchConnection"), "{sdl}");

    // The committed schema is the printed one: integrators read it without running the server.
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let committed = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        committed == sdl,
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql` and commit it"
    );
}

#[test]
fn serve_refuses_to_start_without_a_signing_secret() {
    let dir = tempfile::tempdir().unwrap();
    assert!(salesgraph(dir.path()).arg("migrate").status().unwrap().success());
    let output = salesgraph(dir.path()).arg("serve").output().unwrap();
    assert_one_error_line(&output, "jwt_secret is missing or shorter than 32 bytes");
    let short = salesgraph(dir.path())
        .arg("serve")
        .env("SALESGRAPH_JWT_SECRET", "too-short")
        .output()
        .unwrap();
    assert_one_error_line(&short, "jwt_secret is missing or shorter than 32 bytes");
}

/// Starts a server command and reads its stdout up to the address line, then `more` lines;
/// returns the child, the address and the lines read.
#[cfg(unix)]
fn start(mut command: Command, more: usize) -> (std::process::Child, String, Vec<String>) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let addr = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        seen.push(line.clone());
        let url = line
            .strip_prefix("GraphiQL: http://")
            .or_else(|| line.strip_prefix("GraphQL: http://"));
        if let Some(rest) = url {
            break rest.split_once("/graphql").unwrap().0.to_owned();
        }
    };
    for line in lines.take(more) {
        seen.push(line.unwrap());
    }
    (child, addr, seen)
}

#[cfg(unix)]
fn stop(child: &mut std::process::Child) {
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
}

#[cfg(unix)]
fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

#[cfg(unix)]
#[test]
fn demo_migrates_seeds_serves_and_keeps_its_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = salesgraph(dir.path());
    command.arg("demo").env("SALESGRAPH_LISTEN", "127.0.0.1:0");
    let (mut child, addr, banner) = start(command, 7);
    let banner = banner.join("\n");
    assert!(banner.contains("seeded"), "{banner}");
    assert!(banner.contains("mgr.sh") && banner.contains("salesgraph-demo"), "{banner}");

    let body = r#"{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}"#;
    let reply = http(
        &addr,
        &format!(
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(reply.contains("accessToken"), "{reply}");
    // A demo is for exploring: GraphiQL, and introspection without a token.
    assert!(banner.contains("GraphiQL: http://"), "{banner}");
    let page = http(&addr, "GET /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 200") && page.to_lowercase().contains("graphiql"));
    let body = r#"{"query":"{ __schema { queryType { name } } }"}"#;
    let reply = http(&addr, &post(body));
    assert!(reply.contains(r#""queryType":{"name":"QueryRoot"}"#), "{reply}");
    stop(&mut child);

    let secret = std::fs::read_to_string(dir.path().join(".salesgraph-secret")).unwrap();
    assert!(secret.len() >= 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(dir.path().join(".salesgraph-secret")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the secret");
    }

    // A second start serves the same data with the same secret, without seeding again.
    let mut command = salesgraph(dir.path());
    command.arg("demo").env("SALESGRAPH_LISTEN", "127.0.0.1:0");
    let (mut child, _, banner) = start(command, 7);
    assert!(!banner.join("\n").contains("seeded"), "{banner:?}");
    stop(&mut child);
    assert_eq!(std::fs::read_to_string(dir.path().join(".salesgraph-secret")).unwrap(), secret);
}

/// `salesgraph serve` in `dir` on a free port, with a signing secret.
fn serve(dir: &Path) -> Command {
    let mut command = salesgraph(dir);
    command
        .arg("serve")
        .env("SALESGRAPH_LISTEN", "127.0.0.1:0")
        .env("SALESGRAPH_JWT_SECRET", "a-signing-secret-of-at-least-32-bytes!");
    command
}

#[cfg(unix)]
#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    assert!(salesgraph(dir.path()).arg("migrate").status().unwrap().success());
    let (mut child, addr, _) = start(serve(dir.path()), 0);
    let reply = http(&addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    // `serve`'s defaults: no GraphiQL, no introspection without a token.
    let page = http(&addr, "GET /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 405"), "{page}");
    let reply = http(&addr, &post(r#"{"query":"{ __schema { queryType { name } } }"}"#));
    assert!(reply.contains("UNAUTHENTICATED"), "{reply}");
    stop(&mut child);
}

/// A POST of `body` to /graphql.
fn post(body: &str) -> String {
    format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Runs `salesgraph admin …` in `dir` with `stdin` piped in (not a terminal).
fn admin(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = salesgraph(dir)
        .arg("admin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn login_reply(addr: &str, username: &str, password: &str) -> String {
    let body = serde_json::json!({
        "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken account { role scope } } }",
        "variables": { "u": username, "p": password },
    })
    .to_string();
    http(
        addr,
        &format!(
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[cfg(unix)]
#[test]
fn the_first_administrator_is_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    assert!(salesgraph(dir.path()).arg("migrate").status().unwrap().success());
    let password = "总部的第一个密码-2026";
    // The password comes from standard input, never from the command line, and is never
    // printed.
    let output = admin(
        dir.path(),
        &["create", "--username", "总部管理员", "--display-name", "系统管理员"],
        &format!("{password}\n"),
    );
    let (stdout, stderr) =
        (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("created the HQ_ADMIN account 总部管理员"), "{stdout}");
    assert!(!stdout.contains(password) && !stderr.contains(password), "the password is printed");

    // Refused with one clear line: the name again, a short password, no password at all,
    // a name with a space, a reset of nobody.
    let again =
        admin(dir.path(), &["create", "--username", "总部管理员"], "another-long-password\n");
    assert_one_error_line(&again, "exists already");
    let short = admin(dir.path(), &["create", "--username", "second"], "short\n");
    assert_one_error_line(&short, "at least 10 characters");
    let empty = admin(dir.path(), &["create", "--username", "second"], "");
    assert_one_error_line(&empty, "no password on standard input");
    let spaced =
        admin(dir.path(), &["create", "--username", "two words"], "long-enough-password\n");
    assert_one_error_line(&spaced, "username");
    let nobody =
        admin(dir.path(), &["reset-password", "--username", "nobody"], "long-enough-password\n");
    assert_one_error_line(&nobody, "there is no account nobody");

    // The administrator logs in to the server; after a reset, only the new password works.
    let (mut child, addr, _) = start(serve(dir.path()), 0);
    let reply = login_reply(&addr, "总部管理员", password);
    assert!(reply.contains("accessToken") && reply.contains("HQ_ADMIN"), "{reply}");
    let reset = admin(
        dir.path(),
        &["reset-password", "--username", "总部管理员"],
        "新的密码-管理员-2027\r\n",
    );
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    assert!(login_reply(&addr, "总部管理员", password).contains("UNAUTHENTICATED"));
    assert!(login_reply(&addr, "总部管理员", "新的密码-管理员-2027").contains("accessToken"));
    stop(&mut child);
}

#[cfg(unix)]
#[test]
fn hostile_requests_write_bounded_log_lines() {
    let dir = tempfile::tempdir().unwrap();
    assert!(salesgraph(dir.path()).arg("migrate").status().unwrap().success());
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut command = serve(dir.path());
    command.env("RUST_LOG", "info").env("RUST_BACKTRACE", "1").stderr(log);
    let (mut child, addr, _) = start(command, 0);
    // A 14 KB URI, answered 401, and a 14 KB query of 1,000 unknown fields.
    let long = "x".repeat(14_000);
    let reply = http(
        &addr,
        &format!(
            "GET /reports/monthly-review.pdf?month={long} HTTP/1.1\r\nHost: x\r\nx-request-id: {long}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 401"), "{reply:.200}");
    let fields: String = (0..1000).map(|i| format!("unknownField{i} ")).collect();
    let reply =
        http(&addr, &post(&serde_json::json!({ "query": format!("{{ {fields} }}") }).to_string()));
    assert!(reply.contains("BAD_USER_INPUT"), "{reply:.200}");
    stop(&mut child);
    let written = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    let longest = written.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 1_000, "a log line of {longest} bytes: {written:.600}");
    assert!(written.len() < 8_000, "{} bytes of log: {written:.600}", written.len());
    assert!(!written.contains("backtrace"), "{written:.600}");
}
