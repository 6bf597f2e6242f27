//! The HTTP application: routes, middleware, binding and graceful shutdown.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::GraphQLRequest;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Router, serve};
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::authenticate;
use crate::error::ApiError;
use crate::graphql::{
    AppSchema, ReportSchema, build_report_schema, build_schema, with_request_data,
};
use crate::reports;
use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The media type of GraphQL answers (GraphQL over HTTP).
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

#[derive(Clone)]
struct HttpState {
    app: AppState,
    schema: AppSchema,
    reports: ReportSchema,
}

/// A bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Binds the listener of `state.settings().listen` (port 0 picks a free one) and builds
    /// the routes.
    pub async fn build(state: AppState) -> std::io::Result<Self> {
        let listener = TcpListener::bind(state.settings().listen).await?;
        Ok(Self { listener, router: router(state) })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        serve(self.listener, service).with_graceful_shutdown(shutdown).await
    }

    /// Serves until SIGTERM or Ctrl-C.
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// The routes and middleware, shared by the server and the tests.
pub fn router(state: AppState) -> Router {
    let settings = state.settings().clone();
    let schema = build_schema(state.clone());
    let report_schema = build_report_schema(state.clone());
    let reports = Router::new()
        .route("/reports/runs/{id}/pdf", get(reports::http::run_pdf))
        .with_state(state.clone())
        .merge(
            Router::new()
                .route("/reports/{file}", get(reports::http::generate_pdf))
                .with_state((state.clone(), report_schema.clone())),
        );
    let http = HttpState { schema, app: state, reports: report_schema };
    let header = |value: &'static str| HeaderValue::from_static(value);
    Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(http)
        // GraphQL answers carry tokens and a caller's data: no cache, shared or private,
        // keeps them. (PDF downloads say `private` and revalidate with their ETag.)
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, header("no-store")))
        .merge(reports)
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, header("no-store")))
        .layer(SetResponseHeaderLayer::overriding(X_CONTENT_TYPE_OPTIONS, header("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, header("DENY")))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, header("no-referrer")))
        .layer(RequestBodyLimitLayer::new(settings.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(settings.request_timeout_secs),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The most bytes of a URI or request id the log shows.
const LOGGED_URI_BYTES: usize = 256;

/// The span of a request: method, URI and the request id that the response also carries,
/// each cut to [`LOGGED_URI_BYTES`] (a 14 KB URI was a 14 KB log line).
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let uri = request.uri().to_string();
    let (uri, id) = (cut(&uri, LOGGED_URI_BYTES), cut(id, 64));
    tracing::info_span!("request", method = %request.method(), uri = %uri, request_id = %id)
}

/// `text` cut to at most `bytes` bytes at a character boundary, marked when cut.
fn cut(text: &str, bytes: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= bytes {
        return text.into();
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end]).into()
}

/// Runs a GraphQL request as its caller. Bad credentials are refused before the query runs:
/// 401 with an UNAUTHENTICATED error, never an anonymous execution.
async fn graphql(
    State(http): State<HttpState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let header = headers.get(AUTHORIZATION).map(|v| v.to_str().unwrap_or("\u{0}"));
    let viewer = match authenticate(&http.app, header).await {
        Ok(viewer) => viewer,
        Err(err) => return unauthenticated(&err),
    };
    let request_id = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let client = client_address(client.ip(), &headers, &http.app.settings().trusted_proxies);
    let request =
        with_request_data(request.into_inner(), &http.app, viewer, Some(client), request_id)
            .data(http.reports.clone());
    let response = http.schema.execute(request).await;
    respond(response, http.app.settings().max_response_bytes)
}

/// The HTTP answer of a GraphQL response, unless its JSON would be larger than `limit`
/// bytes: then a RESPONSE_TOO_LARGE error instead, found while writing (at most `limit`
/// bytes of JSON are written; the answer's values themselves are bounded by the cost limits).
fn respond(response: async_graphql::Response, limit: usize) -> Response {
    let mut body = Bounded { bytes: Vec::new(), limit };
    if serde_json::to_writer(&mut body, &response).is_ok() {
        let mut answer = Response::new(body.bytes.into());
        let content_type = HeaderValue::from_static(GRAPHQL_RESPONSE);
        answer.headers_mut().insert(CONTENT_TYPE, content_type);
        answer.headers_mut().extend(response.http_headers);
        return answer;
    }
    drop(response);
    tracing::info!(limit, "response over the size limit refused");
    let body = serde_json::json!({
        "data": null,
        "errors": [{
            "message": format!("the answer is larger than {limit} bytes: ask for smaller pages or fewer fields"),
            "extensions": { "code": "RESPONSE_TOO_LARGE", "limit": limit },
        }],
    });
    ([(CONTENT_TYPE, GRAPHQL_RESPONSE)], body.to_string()).into_response()
}

/// A buffer that refuses to grow past `limit` bytes.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other("response over the size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The address a request comes from: its TCP peer, unless the peer is a trusted proxy; then
/// the nearest address in `X-Forwarded-For` that is not itself a trusted proxy. Entries are
/// read from the right, where the proxies append, so a client cannot choose its address by
/// sending the header itself.
fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.to_str().unwrap_or("").split(','))
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

fn unauthenticated(err: &ApiError) -> Response {
    let status = match err {
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        other => {
            tracing::error!(error = %crate::error::Logged(other), "authentication failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let body = serde_json::json!({
        "data": null,
        "errors": [{ "message": err.to_string(), "extensions": { "code": err.code() } }],
    });
    (status, [(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn graphiql(State(http): State<HttpState>) -> Response {
    if http.app.settings().graphiql() {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    }
    let body = serde_json::json!({
        "data": null,
        "errors": [{
            "message": "GraphiQL is off on this server (setting graphiql); send queries with POST",
            "extensions": { "code": "METHOD_NOT_ALLOWED" },
        }],
    });
    let headers = [(CONTENT_TYPE, "application/json"), (axum::http::header::ALLOW, "POST")];
    (StatusCode::METHOD_NOT_ALLOWED, headers, body.to_string()).into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(http): State<HttpState>) -> impl IntoResponse {
    match http.app.db().ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database not reachable")
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C. The SIGTERM handler is installed when this is called, not
/// when the future is first polled: a server that has announced its address must not be
/// killed by a SIGTERM that arrives before it starts serving.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        #[cfg(unix)]
        wait_for_shutdown(sigterm).await;
        #[cfg(not(unix))]
        wait_for_shutdown().await;
    }
}

async fn wait_for_shutdown(#[cfg(unix)] sigterm: std::io::Result<tokio::signal::unix::Signal>) {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match sigterm {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for sigterm");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let spoofed = headers(&["203.0.113.9"]);
        // Nobody trusted, or a peer outside the trusted networks: the header means nothing.
        assert_eq!(client_address(ip("198.51.100.7"), &spoofed, &[]), ip("198.51.100.7"));
        assert_eq!(client_address(ip("198.51.100.7"), &spoofed, &trusted), ip("198.51.100.7"));
        // Behind the load balancer: the address it appended.
        assert_eq!(client_address(ip("10.0.0.5"), &spoofed, &trusted), ip("203.0.113.9"));
        // A client's own entry on the left does not win over what the proxies appended.
        let chain = headers(&["1.2.3.4, 203.0.113.9", "10.1.1.1"]);
        assert_eq!(client_address(ip("10.0.0.5"), &chain, &trusted), ip("203.0.113.9"));
        // Garbage where the proxy should have written: the last trusted hop, not the garbage.
        assert_eq!(
            client_address(ip("10.0.0.5"), &headers(&["nonsense"]), &trusted),
            ip("10.0.0.5")
        );
        // No header at all from a proxy: the proxy itself.
        assert_eq!(client_address(ip("10.0.0.5"), &HeaderMap::new(), &trusted), ip("10.0.0.5"));
    }
}
