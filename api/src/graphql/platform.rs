//! The platform itself: the audit log (who changed what, when) and the report runs (requested
//! PDF reports, their status and their output).

use async_graphql::MergedObject;
use salesgraph_entities::enums::RunStatus;
use salesgraph_entities::{audit_log, report_runs};

use super::node::node;
use super::organisation::Branch;

node! {
    /// An entry of the audit log: who changed what and when, with the before and after of the
    /// changed fields. Only HQ_ADMIN can read the audit log.
    AuditEntry(audit_log) {
        filter: AuditEntryFilter, sort: AuditEntrySort, query: AuditEntryQuery,
        name: "audit entry",
        /// The audit log, for HQ_ADMIN; others see no entries.
        list: audit_entries,
        /// One entry of the audit log.
        one: audit_entry,
    }
    fields {
        /// What was done, as `<subject>.<verb>`, such as `auth.login`, `order.create` or
        /// `customer.update`.
        action: String = Action,
        /// The table of the changed row, such as `sales_orders` or `user_accounts`.
        entity: String = Entity,
        /// The id of the changed row, as text (not always a number: `demo` for the demo seed).
        entity_id: String = EntityId,
        /// The `x-request-id` of the request that made the change, to find its lines in the
        /// server log; null for changes made outside a request.
        request_id: Option<String> = RequestId,
        /// When the change happened. Entries are never changed, so this is their only time.
        occurred_at: chrono::DateTime<chrono::Utc> = OccurredAt,
    }
    ids {
        /// The id of the user account that made the change; null when an API key or the
        /// system made it.
        actor_user_id: Option<i32> = ActorUserId,
        /// The id of the API key that made the change; null when a user or the system made it.
        actor_api_key_id: Option<i32> = ActorApiKeyId,
    }
    belongs {}
    has_many {}
    extra {
        /// The changed fields, usually as `{"field": {"before": …, "after": …}}`, or any JSON
        /// object describing the change; secrets (passwords, tokens, hashes) read
        /// `"[redacted]"`. Null when the action changed no field worth recording.
        async fn changes(&self) -> Option<async_graphql::Json<serde_json::Value>> {
            self.0.changes.clone().map(async_graphql::Json)
        }
    }
}

node! {
    /// A run of a report plugin, such as HQ's monthly review: what was asked for, by whom,
    /// how it went, and the PDF it produced. A caller sees the runs it requested (HQ_ADMIN:
    /// all runs) and, for managers, the archived monthly reviews of their scope; the request
    /// time is `createdAt`.
    ReportRun(report_runs) {
        filter: ReportRunFilter, sort: ReportRunSort, query: ReportRunQuery,
        name: "report run",
        /// The report runs the caller requested (every run for HQ_ADMIN).
        list: report_runs,
        /// One report run.
        one: report_run,
    }
    fields {
        /// The id of the report plugin that produces the report, such as `monthly-review`.
        kind: String = Kind,
        /// The report's title, also the PDF's file name; null until the report is built.
        title: Option<String> = Title,
        /// Where the run is: queued, running, succeeded or failed.
        status: RunStatus = Status,
        /// Why the run failed; null unless it failed.
        error: Option<String> = Error,
        /// The hex digest of the PDF, to check a download against; null until the PDF exists.
        checksum: Option<String> = Checksum,
        /// The size of the PDF in bytes, as recorded when the run finished; null until then.
        size_bytes: Option<i32> = SizeBytes,
        /// The number of pages of the PDF; null until the PDF exists.
        pages: Option<i32> = Pages,
        /// When the report runner started the run; null while it is queued.
        started_at: Option<chrono::DateTime<chrono::Utc>> = StartedAt,
        /// When the run succeeded or failed; null while it is queued or running.
        finished_at: Option<chrono::DateTime<chrono::Utc>> = FinishedAt,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the user account that requested the run; null when an API key did.
        requester_user_id: Option<i32> = RequesterUserId,
        /// The id of the API key that requested the run; null when a user did.
        requester_api_key_id: Option<i32> = RequesterApiKeyId,
        /// The id of the branch the report is about; null for a company-wide report.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The branch the report is about; null for a company-wide report.
        branch: Branch = branch_id,
    }
    has_many {}
    extra {
        /// The parameters the report was asked with, as the plugin's manifest defines them,
        /// with every default filled in, such as
        /// `{"month": "2026-10", "branch": null, "locale": "zh-CN"}`.
        async fn params(&self) -> async_graphql::Json<serde_json::Value> {
            async_graphql::Json(self.0.params.clone())
        }
        /// Whether the server generated this run for the monthly archive (it has no
        /// requester).
        async fn archived(&self) -> bool {
            self.0.archive_key.is_some()
        }
        /// Where to download the PDF (`GET`, same credentials as GraphQL); null until the run
        /// has succeeded.
        async fn download_url(&self) -> Option<String> {
            (self.0.status == RunStatus::Succeeded).then(|| format!("/reports/runs/{}/pdf", self.0.id))
        }
        /// Size of the generated PDF in bytes, when there is one (the same as `sizeBytes`).
        async fn pdf_bytes(&self) -> Option<i32> {
            self.0.size_bytes
        }
    }
}

/// Queries of the platform domain.
#[derive(MergedObject, Default)]
pub struct PlatformQuery(AuditEntryQuery, ReportRunQuery);
