//! Platform: the audit entry of the seed itself and a queued report request.

use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::V;

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn audit(&mut self) -> Result<(), DbErr> {
        let changes = serde_json::json!({
            "scale": self.scale,
            "asOf": self.as_of.to_string(),
            "rows": self.summary.tables.iter().map(|(t, n)| (t.to_string(), *n)).collect::<std::collections::BTreeMap<_, _>>(),
        })
        .to_string();
        let mut rows = self.bulk_unstamped(
            "audit_log",
            &["id", "actor_user_id", "action", "entity", "entity_id", "changes", "occurred_at"],
        );
        rows.row(&[
            1.into(),
            V::Null,
            "seed.demo".into(),
            "database".into(),
            "demo".into(),
            changes.as_str().into(),
            V::T(self.stamp),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("audit_log", n);

        // HQ has asked for last month's company review. It waits in the queue for the report
        // runner; nothing pretends it has been rendered.
        let last_month = self.months[self.months.len() - 2];
        let params = format!(
            r#"{{"month":"{}","branch":null,"locale":"zh-CN"}}"#,
            last_month.format("%Y-%m")
        );
        let mut rows =
            self.bulk("report_runs", &["id", "kind", "params", "requester_user_id", "status"]);
        rows.row(&[
            1.into(),
            "monthly-review".into(),
            params.as_str().into(),
            self.admin_user.into(),
            "QUEUED".into(),
        ])
        .await?;
        let n = rows.finish().await?;
        self.done("report_runs", n);
        Ok(())
    }
}
