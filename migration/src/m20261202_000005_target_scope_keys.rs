//! Repairs the scope keys of targets split over time from a region, branch, team or rep
//! target: up to this release they were written as `BRANCH:0` (the unit lost), which made a
//! second unit's time split collide with the first and mixed the time children with the
//! organisation children. Each such row gets its unit's key (`BRANCH:3`) back, unless a row
//! with that key already exists for the same metric and period (then it stays as it is: the
//! two cannot both hold the key).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Scope kinds with a unit, and the column naming it.
const UNITS: [(&str, &str); 4] = [
    ("REGION", "region_id"),
    ("BRANCH", "branch_id"),
    ("TEAM", "team_id"),
    ("EMPLOYEE", "employee_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (kind, column) in UNITS {
            let key = format!("'{kind}:' || CAST(t.{column} AS TEXT)");
            db.execute_unprepared(&format!(
                "UPDATE sales_targets SET scope_key = '{kind}:' || CAST({column} AS TEXT) \
                 WHERE id IN (SELECT t.id FROM sales_targets t \
                   WHERE t.scope_kind = '{kind}' AND t.scope_key = '{kind}:0' \
                   AND t.{column} IS NOT NULL AND t.{column} <> 0 \
                   AND NOT EXISTS (SELECT 1 FROM sales_targets o WHERE o.metric = t.metric \
                     AND o.period_kind = t.period_kind AND o.period_start = t.period_start \
                     AND o.scope_key = {key}))"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The broken keys are not worth restoring: down leaves the repaired ones.
        Ok(())
    }
}
