//! The target tree (目标分解): a target is split over time (year → quarters → months) or
//! over the organisation (company → regions → branches → teams → reps), and every split adds
//! up to its parent exactly. Changing a target re-splits what lies below it in proportion,
//! so the sums hold all the way down; a locked target never changes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::future::BoxFuture;
use rust_decimal::Decimal;
use salesgraph_entities::enums::{
    BranchStatus, EmployeeStatus, PeriodKind, ScopeKind, TargetMetric,
};
use salesgraph_entities::keys::scope_key;
use salesgraph_entities::{branches, employees, regions, sales_targets, teams};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use crate::analytics::allocate::split;
use crate::analytics::{Grain, Range};
use crate::error::ApiError;

/// How a target is split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    /// Into the periods of the next shorter kind, same scope.
    Time,
    /// Into the units one level down the organisation, same period.
    Organisation,
}

/// A child of a split: an organisation unit (by id) or a period (by its first day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChildKey {
    Unit(i32),
    Period(NaiveDate),
}

/// A child of a split, existing or to be created.
#[derive(Clone, Debug)]
pub struct Child {
    pub key: ChildKey,
    pub scope_kind: ScopeKind,
    pub unit: Option<i32>,
    pub period_kind: PeriodKind,
    pub period_start: NaiveDate,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub team_id: Option<i32>,
    pub employee_id: Option<i32>,
    pub existing: Option<sales_targets::Model>,
}

/// The smallest amount a target of `metric` is split into: a fen of revenue, one order or
/// customer.
pub fn unit_of(metric: TargetMetric) -> Decimal {
    match metric {
        TargetMetric::Revenue => Decimal::new(1, 2),
        TargetMetric::Orders | TargetMetric::NewCustomers => Decimal::ONE,
    }
}

/// The grain of a period kind.
pub fn grain_of(kind: PeriodKind) -> Grain {
    match kind {
        PeriodKind::Year => Grain::Year,
        PeriodKind::Quarter => Grain::Quarter,
        PeriodKind::Month => Grain::Month,
    }
}

/// The days of a target's period.
pub fn period_of(target: &sales_targets::Model) -> Range {
    let grain = grain_of(target.period_kind);
    let end = grain.next(target.period_start);
    Range { from: target.period_start, to: end.pred_opt().unwrap_or(end) }
}

/// Which split a child belongs to: a time child keeps its parent's scope.
pub fn split_of(parent: &sales_targets::Model, child: &sales_targets::Model) -> Over {
    if child.scope_key == parent.scope_key { Over::Time } else { Over::Organisation }
}

/// The children of `parent` over `over`: the existing ones and those the organisation or
/// the calendar calls for, ordered by unit id or period.
pub async fn children<C: ConnectionTrait>(
    conn: &C,
    parent: &sales_targets::Model,
    over: Over,
) -> Result<Vec<Child>, ApiError> {
    let existing: Vec<sales_targets::Model> = sales_targets::Entity::find()
        .filter(sales_targets::Column::ParentId.eq(parent.id))
        .all(conn)
        .await?
        .into_iter()
        .filter(|c| split_of(parent, c) == over)
        .collect();
    // A time child keeps its parent's unit (and so its scope key: `BRANCH:3` stays `BRANCH:3`).
    let base = Child {
        key: ChildKey::Period(parent.period_start),
        scope_kind: parent.scope_kind,
        unit: (parent.scope_kind != ScopeKind::Company).then(|| unit_id(parent)),
        period_kind: parent.period_kind,
        period_start: parent.period_start,
        region_id: parent.region_id,
        branch_id: parent.branch_id,
        team_id: parent.team_id,
        employee_id: parent.employee_id,
        existing: None,
    };
    let mut wanted: Vec<Child> = match over {
        Over::Time => {
            let kind = match parent.period_kind {
                PeriodKind::Year => PeriodKind::Quarter,
                PeriodKind::Quarter => PeriodKind::Month,
                PeriodKind::Month => {
                    return Err(ApiError::bad_input(
                        "over",
                        "a month is the shortest target period",
                    ));
                }
            };
            period_of(parent)
                .buckets(grain_of(kind))
                .into_iter()
                .map(|(start, _)| Child {
                    key: ChildKey::Period(start),
                    period_kind: kind,
                    period_start: start,
                    ..base.clone()
                })
                .collect()
        }
        Over::Organisation => units_below(conn, parent)
            .await?
            .into_iter()
            .map(|(kind, id, region, branch, team)| Child {
                key: ChildKey::Unit(id),
                scope_kind: kind,
                unit: Some(id),
                region_id: region,
                branch_id: branch,
                team_id: team,
                employee_id: (kind == ScopeKind::Employee).then_some(id),
                ..base.clone()
            })
            .collect(),
    };
    // A target of a child's scope and period made on its own, in no split yet, joins this
    // one (a target cannot be in two: one of another split is a CONFLICT when written).
    let (kind, keys, starts): (PeriodKind, Vec<String>, Vec<NaiveDate>) = match over {
        Over::Time => (
            wanted.first().map_or(parent.period_kind, |c| c.period_kind),
            vec![parent.scope_key.clone()],
            wanted.iter().map(|c| c.period_start).collect(),
        ),
        Over::Organisation => (
            parent.period_kind,
            wanted.iter().map(|c| scope_key(c.scope_kind, c.unit)).collect(),
            vec![parent.period_start],
        ),
    };
    let on_their_own = sales_targets::Entity::find()
        .filter(sales_targets::Column::ParentId.is_null())
        .filter(sales_targets::Column::Id.ne(parent.id))
        .filter(sales_targets::Column::Metric.eq(parent.metric))
        .filter(sales_targets::Column::PeriodKind.eq(kind))
        .filter(sales_targets::Column::ScopeKey.is_in(keys))
        .filter(sales_targets::Column::PeriodStart.is_in(starts))
        .all(conn)
        .await?;
    // Existing children stay part of the split even when their unit has closed since.
    for target in existing.into_iter().chain(on_their_own) {
        let key = match over {
            Over::Time => ChildKey::Period(target.period_start),
            Over::Organisation => ChildKey::Unit(unit_id(&target)),
        };
        match wanted.iter_mut().find(|c| c.key == key) {
            Some(child) => child.existing = Some(target),
            None => wanted.push(Child {
                key,
                scope_kind: target.scope_kind,
                unit: Some(unit_id(&target)),
                period_kind: target.period_kind,
                period_start: target.period_start,
                region_id: target.region_id,
                branch_id: target.branch_id,
                team_id: target.team_id,
                employee_id: target.employee_id,
                existing: Some(target),
            }),
        }
    }
    wanted.sort_by_key(|c| c.key);
    Ok(wanted)
}

/// The id of a target's own unit (0 for the company).
pub fn unit_id(target: &sales_targets::Model) -> i32 {
    match target.scope_kind {
        ScopeKind::Company => None,
        ScopeKind::Region => target.region_id,
        ScopeKind::Branch => target.branch_id,
        ScopeKind::Team => target.team_id,
        ScopeKind::Employee => target.employee_id,
    }
    .unwrap_or_default()
}

/// The units one level below a target's scope: (kind, id, region, branch, team).
type Unit = (ScopeKind, i32, Option<i32>, Option<i32>, Option<i32>);

async fn units_below<C: ConnectionTrait>(
    conn: &C,
    parent: &sales_targets::Model,
) -> Result<Vec<Unit>, ApiError> {
    let id = unit_id(parent);
    Ok(match parent.scope_kind {
        ScopeKind::Company => regions::Entity::find()
            .order_by_asc(regions::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|r| (ScopeKind::Region, r.id, Some(r.id), None, None))
            .collect(),
        ScopeKind::Region => branches::Entity::find()
            .filter(branches::Column::RegionId.eq(id))
            .filter(branches::Column::Status.eq(BranchStatus::Active))
            .all(conn)
            .await?
            .into_iter()
            .map(|b| (ScopeKind::Branch, b.id, Some(b.region_id), Some(b.id), None))
            .collect(),
        ScopeKind::Branch => teams::Entity::find()
            .filter(teams::Column::BranchId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| (ScopeKind::Team, t.id, parent.region_id, Some(t.branch_id), Some(t.id)))
            .collect(),
        ScopeKind::Team => employees::Entity::find()
            .filter(employees::Column::TeamId.eq(id))
            .filter(employees::Column::Status.eq(EmployeeStatus::Active))
            .all(conn)
            .await?
            .into_iter()
            .map(|e| (ScopeKind::Employee, e.id, parent.region_id, parent.branch_id, Some(id)))
            .collect(),
        ScopeKind::Employee => {
            return Err(ApiError::bad_input("over", "a rep's target has no organisation below it"));
        }
    })
}

/// CONFLICT when `target` is locked and `amount` would change it.
fn unlocked(target: &sales_targets::Model, amount: Decimal) -> Result<(), ApiError> {
    if target.locked && target.amount != amount {
        return Err(ApiError::Conflict {
            field: "locked".to_owned(),
            message: format!("target {} ({}) is locked", target.id, target.scope_key),
        });
    }
    Ok(())
}

/// Gives the children of a split their amounts (creating the missing ones), then re-splits
/// what lies below each changed child. Returns what changed, for the audit log.
pub async fn write_split<C: ConnectionTrait>(
    conn: &C,
    parent: &sales_targets::Model,
    children: Vec<(Child, Decimal)>,
    now: DateTime<Utc>,
) -> Result<Vec<Value>, ApiError> {
    let mut changes = Vec::new();
    for (child, amount) in children {
        match child.existing {
            Some(mut target) => {
                unlocked(&target, amount)?;
                if target.parent_id != Some(parent.id) {
                    // A target made on its own joins the split that covers it.
                    target = sales_targets::ActiveModel {
                        id: Set(target.id),
                        parent_id: Set(Some(parent.id)),
                        updated_at: Set(now),
                        version: Set(target.version + 1),
                        ..Default::default()
                    }
                    .update(conn)
                    .await?;
                    changes.push(json!({ "id": target.id, "scopeKey": target.scope_key,
                        "periodStart": target.period_start, "parentId": { "before": null, "after": parent.id } }));
                }
                if target.amount != amount {
                    changes.push(json!({ "id": target.id, "scopeKey": target.scope_key,
                        "periodStart": target.period_start, "before": target.amount, "after": amount }));
                    set_amount(conn, &target, amount, now, &mut changes).await?;
                }
            }
            None => {
                let key = scope_key(child.scope_kind, child.unit);
                let row = sales_targets::ActiveModel {
                    id: NotSet,
                    metric: Set(parent.metric),
                    period_kind: Set(child.period_kind),
                    period_start: Set(child.period_start),
                    scope_kind: Set(child.scope_kind),
                    scope_key: Set(key.clone()),
                    region_id: Set(child.region_id),
                    branch_id: Set(child.branch_id),
                    team_id: Set(child.team_id),
                    employee_id: Set(child.employee_id),
                    amount: Set(amount),
                    parent_id: Set(Some(parent.id)),
                    locked: Set(false),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(conn)
                .await
                .map_err(|e| {
                    match crate::graphql::write::db_error(e, "parentId") {
                        ApiError::Conflict { field, .. } => ApiError::Conflict {
                            field,
                            message: format!(
                                "{key} already has a target for {} that is not part of this split",
                                child.period_start
                            ),
                        },
                        other => other,
                    }
                })?;
                changes.push(json!({ "id": row.id, "scopeKey": key,
                    "periodStart": child.period_start, "before": null, "after": amount }));
            }
        }
    }
    Ok(changes)
}

/// Sets `target`'s amount and re-splits each split below it in proportion to the amounts it
/// has (evenly when they are all zero).
pub fn set_amount<'a, C: ConnectionTrait>(
    conn: &'a C,
    target: &'a sales_targets::Model,
    amount: Decimal,
    now: DateTime<Utc>,
    changes: &'a mut Vec<Value>,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        unlocked(target, amount)?;
        let updated = sales_targets::ActiveModel {
            id: Set(target.id),
            amount: Set(amount),
            updated_at: Set(now),
            version: Set(target.version + 1),
            ..Default::default()
        };
        updated.update(conn).await?;
        let below = sales_targets::Entity::find()
            .filter(sales_targets::Column::ParentId.eq(target.id))
            .order_by_asc(sales_targets::Column::Id)
            .all(conn)
            .await?;
        let mut splits: HashMap<bool, Vec<sales_targets::Model>> = HashMap::new();
        for child in below {
            splits.entry(split_of(target, &child) == Over::Time).or_default().push(child);
        }
        for (_, children) in splits {
            let mut weights: Vec<Decimal> = children.iter().map(|c| c.amount).collect();
            if weights.iter().all(|w| w.is_zero()) {
                weights = vec![Decimal::ONE; children.len()];
            }
            let amounts = split(amount, &weights, unit_of(target.metric))
                .ok_or_else(|| ApiError::bad_input("amount", "cannot be split in whole units"))?;
            for (child, new) in children.iter().zip(amounts) {
                if child.amount != new {
                    changes.push(json!({ "id": child.id, "scopeKey": child.scope_key,
                        "periodStart": child.period_start, "before": child.amount, "after": new }));
                    set_amount(conn, child, new, now, changes).await?;
                }
            }
        }
        Ok(())
    })
}
