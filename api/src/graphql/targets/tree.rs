//! The target tree through GraphQL: `targetTree` with actuals, attainment and pace at each
//! node, and the mutations that keep every split adding up: `createSalesTarget`,
//! `allocateTarget`, `adjustTargets`, `updateSalesTarget` and `setTargetLocked`.

use std::collections::{BTreeSet, HashMap};

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{Role, Scope, ScopeKind as ModelScopeKind};
use salesgraph_entities::{branches, employees, regions, sales_targets, teams};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use super::SalesTarget;
use crate::analytics::sql::Dialect;
use crate::analytics::{
    Dimension, Filters, Key, Metric, Request, attainment, cents, metrics, pace,
};
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::{PeriodKind, TargetMetric};
use crate::graphql::write::{self, created};
use crate::graphql::{audit, parse_id, principal};
use crate::scope::Scoped;
use crate::state::AppState;
use crate::targets::{self, Child, ChildKey, Over, grain_of, period_of, unit_of};

/// How a target is split.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum SplitOver {
    /// Year → its quarters, quarter → its months, for the same scope.
    Time,
    /// Company → regions, region → its operating branches, branch → teams, team → its active
    /// members, for the same period.
    Organisation,
}

/// How the amounts of a split are chosen.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum AllocationStrategy {
    /// Equal parts.
    Even,
    /// In proportion to the `weights` given, one per child.
    ByWeights,
    /// In proportion to each child's actual of the same metric in the same period a year
    /// earlier.
    ByLastYearShare,
}

/// The weight of one child of a split.
#[derive(InputObject)]
pub struct TargetWeightInput {
    /// The child's organisation unit (a region, branch, team or employee id), for a split
    /// over the organisation.
    pub unit_id: Option<ID>,
    /// The child's first day, for a split over time.
    pub period_start: Option<NaiveDate>,
    /// Its weight, 0 or more; weights need not add up to anything.
    pub weight: Decimal,
}

/// A split of a target.
#[derive(InputObject)]
pub struct AllocateTargetInput {
    /// The target to split.
    pub parent_id: ID,
    pub over: SplitOver,
    pub strategy: AllocationStrategy,
    /// For BY_WEIGHTS: one weight per child.
    #[graphql(default)]
    pub weights: Vec<TargetWeightInput>,
}

/// A new amount for one child of a split.
#[derive(InputObject)]
pub struct TargetAmountInput {
    /// The child target.
    pub target_id: ID,
    /// Its new amount.
    pub amount: Decimal,
}

/// A new top-level company target.
#[derive(InputObject)]
pub struct CreateSalesTargetInput {
    pub metric: TargetMetric,
    pub period_kind: PeriodKind,
    /// The first day of the period: January 1, the first day of a quarter or of a month.
    pub period_start: NaiveDate,
    /// The target value, 0 or more, in whole units (fen for revenue).
    pub amount: Decimal,
}

fn amount_checked(field: &str, amount: Decimal, unit: Decimal) -> Result<Decimal, ApiError> {
    if amount.is_sign_negative() {
        return Err(ApiError::bad_input(field, "must not be negative"));
    }
    if amount > write::MAX_TOTAL {
        return Err(ApiError::bad_input(field, format!("must be at most {}", write::MAX_TOTAL)));
    }
    if (amount / unit).fract() != Decimal::ZERO {
        return Err(ApiError::bad_input(field, format!("must be a whole multiple of {unit}")));
    }
    Ok(amount)
}

/// FORBIDDEN unless the caller may change the splits of `target`: HQ_ADMIN any, a branch
/// manager those of its branch's targets (branch, team and rep), nobody else.
fn may_split(p: &Principal, target: &sales_targets::Model) -> Result<(), ApiError> {
    let allowed = match p.role {
        Role::HqAdmin => p.scope == Scope::All,
        Role::BranchManager => {
            target.branch_id.is_some()
                && target.branch_id == p.branch_id
                && matches!(p.scope, Scope::Branch)
        }
        _ => false,
    };
    if allowed { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// A target the caller may see; NOT_FOUND otherwise. Inside a transaction on PostgreSQL the
/// row stays locked until it ends, so that two changes of one split cannot interleave and
/// leave it adding up wrong (SQLite lets one writer at a time anyway).
async fn visible_target(
    conn: &impl sea_orm::ConnectionTrait,
    p: &Principal,
    field: &str,
    id: &ID,
) -> Result<sales_targets::Model, ApiError> {
    let id = parse_id(field, id)?;
    sales_targets::Entity::find_by_id(id)
        .filter(sales_targets::Entity::visible_to(p))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("sales target"))
}

/// The actual of `metric` for every child of a split, a year before the parent's period.
async fn last_year(
    state: &AppState,
    p: &Principal,
    parent: &sales_targets::Model,
    over: Over,
    children: &[Child],
) -> Result<Vec<Decimal>, ApiError> {
    let period = period_of(parent);
    let range = period.year_before();
    let mut filters = Filters::default();
    let own = vec![targets::unit_id(parent)];
    match parent.scope_kind {
        ModelScopeKind::Company => {}
        ModelScopeKind::Region => filters.regions = own,
        ModelScopeKind::Branch => filters.branches = own,
        ModelScopeKind::Team => filters.teams = own,
        ModelScopeKind::Employee => filters.employees = own,
    }
    let dimension = match (over, children.first().map(|c| c.scope_kind)) {
        (Over::Time, _) => Dimension::Time(grain_of(
            children.first().map_or(parent.period_kind, |c| c.period_kind),
        )),
        (Over::Organisation, Some(ModelScopeKind::Region)) => Dimension::Region,
        (Over::Organisation, Some(ModelScopeKind::Branch)) => Dimension::Branch,
        (Over::Organisation, Some(ModelScopeKind::Team)) => Dimension::Team,
        (Over::Organisation, _) => Dimension::Employee,
    };
    let metric = Metric::measuring(parent.metric);
    let request = Request {
        range,
        filters,
        group_by: vec![dimension],
        metrics: BTreeSet::from([metric]),
        now: Utc::now(),
    };
    let dialect = Dialect::new(state.db().get_database_backend(), state.settings().time_zone);
    let rows = metrics::compute(state.db(), &dialect, p, &request).await?;
    let actual: HashMap<Key, Decimal> =
        rows.into_iter().map(|r| (r.key.clone(), r.values.measured(metric))).collect();
    Ok(children
        .iter()
        .map(|c| {
            let key = match c.key {
                ChildKey::Period(start) => Key {
                    period: Some(crate::analytics::Grain::Year.year_before(start)),
                    ..Key::default()
                },
                ChildKey::Unit(id) => match dimension {
                    Dimension::Region => Key { region: Some(id), ..Key::default() },
                    Dimension::Branch => Key { branch: Some(id), ..Key::default() },
                    Dimension::Team => Key { team: Some(id), ..Key::default() },
                    _ => Key { employee: Some(id), ..Key::default() },
                },
            };
            actual.get(&key).copied().unwrap_or_default()
        })
        .collect())
}

/// One node of `targetTree`: a target, what was achieved against it, and the targets it was
/// split into over the organisation.
#[derive(SimpleObject)]
pub struct TargetNode {
    pub target: SalesTarget,
    /// The name of the node's unit: 公司 for the company, else the region, branch, team or
    /// rep.
    pub name: String,
    /// The actual of the target's metric in its period (revenue in ¥, orders, new customers);
    /// null when the caller's scope does not cover the node's whole unit (a branch manager's
    /// company node), where a partial figure would mislead.
    pub actual: Option<Decimal>,
    /// actual ÷ target × 100; null for a zero target.
    pub attainment: Option<Decimal>,
    /// attainment ÷ the share of the period elapsed at `asOf`; null before it starts.
    pub pace: Option<Decimal>,
    /// The targets this one was split into over the organisation, that the caller may see.
    #[graphql(complexity = "TREE_FANOUT.saturating_mul(child_complexity)")]
    pub children: Vec<TargetNode>,
}

/// The children a target node is expected to have, for the cost of `children`: the demo's
/// widest level (the branches of a region, the reps of a team) and some.
const TREE_FANOUT: usize = 20;

/// The target tree queries.
#[derive(Default)]
pub struct TargetTreeQuery;

#[Object]
impl TargetTreeQuery {
    /// The target of one scope and period with the organisation's targets below it, each with
    /// its actual, attainment and pace. Only the targets the caller may see are shown: a
    /// branch manager asks for its branch (`scopeKey: "BRANCH:12"`).
    #[allow(clippy::too_many_arguments)]
    #[graphql(
        complexity = "crate::graphql::analytics::ANALYSIS_COST.saturating_add(child_complexity)"
    )]
    async fn target_tree(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period kind.")] period_kind: PeriodKind,
        #[graphql(desc = "The first day of the period.")] period_start: NaiveDate,
        #[graphql(desc = "The root's scope: COMPANY, REGION:3, BRANCH:12, …", default = "COMPANY")]
        scope_key: String,
        #[graphql(desc = "The metric.", default_with = "TargetMetric::Revenue")]
        metric: TargetMetric,
        #[graphql(desc = "The moment pace is measured at; now by default.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> ApiResult<TargetNode> {
        let p = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let _slot = state.analytics_slot(p.actor).await;
        tree(
            state,
            p,
            period_kind,
            period_start,
            &scope_key,
            metric,
            as_of.unwrap_or_else(Utc::now),
        )
        .await
        .gql()
    }
}

async fn tree(
    state: &AppState,
    p: &Principal,
    period_kind: PeriodKind,
    period_start: NaiveDate,
    scope_key: &str,
    metric: TargetMetric,
    now: DateTime<Utc>,
) -> Result<TargetNode, ApiError> {
    let metric: salesgraph_entities::enums::TargetMetric = metric.into();
    let kind: salesgraph_entities::enums::PeriodKind = period_kind.into();
    let all = sales_targets::Entity::find()
        .filter(sales_targets::Entity::visible_to(p))
        .filter(sales_targets::Column::Metric.eq(metric))
        .filter(sales_targets::Column::PeriodKind.eq(kind))
        .filter(sales_targets::Column::PeriodStart.eq(period_start))
        .order_by_asc(sales_targets::Column::Id)
        .all(state.db())
        .await?;
    let root = all
        .iter()
        .find(|t| t.scope_key == scope_key)
        .cloned()
        .ok_or(ApiError::NotFound("sales target"))?;
    let range = period_of(&root);
    let measured = Metric::measuring(metric);
    let dialect = Dialect::new(state.db().get_database_backend(), state.settings().time_zone);
    let mut actuals: HashMap<(ModelScopeKind, i32), Decimal> = HashMap::new();
    // One analysis per level of the organisation present in the tree.
    let levels = [
        (ModelScopeKind::Company, None),
        (ModelScopeKind::Region, Some(Dimension::Region)),
        (ModelScopeKind::Branch, Some(Dimension::Branch)),
        (ModelScopeKind::Team, Some(Dimension::Team)),
        (ModelScopeKind::Employee, Some(Dimension::Employee)),
    ];
    for (kind, dimension) in levels {
        if !all.iter().any(|t| t.scope_kind == kind) {
            continue;
        }
        let dims: Vec<Dimension> = dimension.into_iter().collect();
        let request = Request {
            range,
            filters: Filters::default(),
            group_by: dims,
            metrics: BTreeSet::from([measured]),
            now,
        };
        for row in metrics::compute(state.db(), &dialect, p, &request).await? {
            let id = row
                .key
                .region
                .or(row.key.branch)
                .or(row.key.team)
                .or(row.key.employee)
                .unwrap_or(0);
            actuals.insert((kind, id), row.values.measured(measured));
        }
    }
    let names = unit_names(state, &all).await?;
    let mut by_parent: HashMap<i32, Vec<sales_targets::Model>> = HashMap::new();
    for t in &all {
        if let Some(parent) = t.parent_id.and_then(|id| all.iter().find(|x| x.id == id))
            && targets::split_of(parent, t) == Over::Organisation
        {
            by_parent.entry(parent.id).or_default().push(t.clone());
        }
    }
    let elapsed = crate::analytics::period::elapsed(range.from, range.end(), now, dialect.tz);
    let ctx = NodeContext {
        by_parent: &by_parent,
        actuals: &actuals,
        names: &names,
        elapsed,
        principal: p,
    };
    Ok(node(&root, &ctx))
}

/// What every node of a tree is built from.
struct NodeContext<'a> {
    by_parent: &'a HashMap<i32, Vec<sales_targets::Model>>,
    actuals: &'a HashMap<(ModelScopeKind, i32), Decimal>,
    names: &'a HashMap<String, String>,
    elapsed: (i64, i64),
    principal: &'a Principal,
}

/// Whether `p` sees every row of the target's unit.
fn covers(p: &Principal, t: &sales_targets::Model) -> bool {
    match p.scope {
        Scope::All => true,
        Scope::Region => t.scope_kind != ModelScopeKind::Company && t.region_id == p.region_id,
        Scope::Branch => {
            !matches!(t.scope_kind, ModelScopeKind::Company | ModelScopeKind::Region)
                && t.branch_id == p.branch_id
        }
        Scope::Own => t.scope_kind == ModelScopeKind::Employee && t.employee_id == p.employee_id,
    }
}

fn node(t: &sales_targets::Model, c: &NodeContext<'_>) -> TargetNode {
    let actual = covers(c.principal, t)
        .then(|| c.actuals.get(&(t.scope_kind, targets::unit_id(t))).copied().unwrap_or_default());
    let attainment = actual.and_then(|a| attainment(a, t.amount));
    let pace = actual.and_then(|a| pace(a, t.amount, c.elapsed));
    let children = c
        .by_parent
        .get(&t.id)
        .map(|kids| kids.iter().map(|k| node(k, c)).collect())
        .unwrap_or_default();
    TargetNode {
        target: SalesTarget(t.clone()),
        name: c.names.get(&t.scope_key).cloned().unwrap_or_else(|| t.scope_key.clone()),
        actual: actual.map(cents),
        attainment,
        pace,
        children,
    }
}

/// The names of the units of `targets`, by scope key.
async fn unit_names(
    state: &AppState,
    targets: &[sales_targets::Model],
) -> Result<HashMap<String, String>, ApiError> {
    let db = state.db();
    let ids = |kind: ModelScopeKind| -> Vec<i32> {
        targets.iter().filter(|t| t.scope_kind == kind).map(targets::unit_id).collect()
    };
    let mut names = HashMap::from([("COMPANY".to_owned(), "公司".to_owned())]);
    for r in regions::Entity::find()
        .filter(regions::Column::Id.is_in(ids(ModelScopeKind::Region)))
        .all(db)
        .await?
    {
        names.insert(format!("REGION:{}", r.id), r.name);
    }
    for b in branches::Entity::find()
        .filter(branches::Column::Id.is_in(ids(ModelScopeKind::Branch)))
        .all(db)
        .await?
    {
        names.insert(format!("BRANCH:{}", b.id), b.name);
    }
    for t in teams::Entity::find()
        .filter(teams::Column::Id.is_in(ids(ModelScopeKind::Team)))
        .all(db)
        .await?
    {
        names.insert(format!("TEAM:{}", t.id), t.name);
    }
    for e in employees::Entity::find()
        .filter(employees::Column::Id.is_in(ids(ModelScopeKind::Employee)))
        .all(db)
        .await?
    {
        names.insert(format!("EMPLOYEE:{}", e.id), e.name);
    }
    Ok(names)
}

/// The target tree mutations.
#[derive(Default)]
pub struct TargetTreeMutation;

#[Object]
impl TargetTreeMutation {
    /// Creates a company target at the top of a tree (HQ_ADMIN). CONFLICT when the metric
    /// already has a company target for that period. Writes an audit entry
    /// `salesTarget.create`.
    async fn create_sales_target(
        &self,
        ctx: &Context<'_>,
        input: CreateSalesTargetInput,
    ) -> ApiResult<SalesTarget> {
        let p = principal(ctx)?;
        write::require_company_admin(p).gql()?;
        let metric: salesgraph_entities::enums::TargetMetric = input.metric.into();
        let kind: salesgraph_entities::enums::PeriodKind = input.period_kind.into();
        if grain_of(kind).start_of(input.period_start) != input.period_start {
            return Err(ApiError::bad_input(
                "periodStart",
                "is not the first day of such a period",
            ))
            .gql();
        }
        let amount = amount_checked("amount", input.amount, unit_of(metric)).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let row = sales_targets::ActiveModel {
            id: NotSet,
            metric: Set(metric),
            period_kind: Set(kind),
            period_start: Set(input.period_start),
            scope_kind: Set(ModelScopeKind::Company),
            scope_key: Set("COMPANY".to_owned()),
            region_id: Set(None),
            branch_id: Set(None),
            team_id: Set(None),
            employee_id: Set(None),
            amount: Set(amount),
            parent_id: Set(None),
            locked: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| write::db_error(e, "periodStart"))
        .gql()?;
        let entry =
            Entry::by(p, "salesTarget.create", "sales_targets", row.id).with_changes(created(&row));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(SalesTarget(row))
    }

    /// Splits a target into its children over time or over the organisation, creating the
    /// missing children and changing the existing ones, so that they add up to the target
    /// exactly. Amounts are whole fen (whole units for counts); the units left over by
    /// rounding go one each to the children with the largest remainders, the earlier child
    /// first on a tie. A child whose amount changes re-splits its own children in proportion.
    /// CONFLICT when a locked target would change. HQ_ADMIN splits any target, a branch
    /// manager its branch's. Returns the split target. Writes an audit entry
    /// `salesTarget.allocate`.
    async fn allocate_target(
        &self,
        ctx: &Context<'_>,
        input: AllocateTargetInput,
    ) -> ApiResult<SalesTarget> {
        let p = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let parent = visible_target(state.db(), p, "parentId", &input.parent_id).await.gql()?;
        may_split(p, &parent).gql()?;
        let over = match input.over {
            SplitOver::Time => Over::Time,
            SplitOver::Organisation => Over::Organisation,
        };
        let children = targets::children(state.db(), &parent, over).await.gql()?;
        if children.is_empty() {
            return Err(ApiError::bad_input("over", "there is nothing to split into")).gql();
        }
        let weights = match input.strategy {
            AllocationStrategy::Even => vec![Decimal::ONE; children.len()],
            AllocationStrategy::ByWeights => given_weights(&children, &input.weights).gql()?,
            AllocationStrategy::ByLastYearShare => {
                let shares = last_year(state, p, &parent, over, &children).await.gql()?;
                if shares.iter().all(|s| s.is_zero()) {
                    let message = "there was nothing in the same period last year to share by";
                    return Err(ApiError::bad_input("strategy", message)).gql();
                }
                shares
            }
        };
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        // The weights were worked out outside the transaction: the split must not have changed
        // since, and the amount split is the one locked now.
        let parent = visible_target(&txn, p, "parentId", &input.parent_id).await.gql()?;
        let now_children = targets::children(&txn, &parent, over).await.gql()?;
        let same = now_children.len() == children.len()
            && now_children.iter().zip(&children).all(|(a, b)| {
                a.key == b.key
                    && a.existing.as_ref().map(|t| t.id) == b.existing.as_ref().map(|t| t.id)
            });
        if !same {
            let message = "the split changed while it was being computed; try again";
            return Err(ApiError::Conflict {
                field: "parentId".to_owned(),
                message: message.to_owned(),
            })
            .gql();
        }
        let amounts =
            crate::analytics::allocate::split(parent.amount, &weights, unit_of(parent.metric))
                .ok_or_else(|| ApiError::bad_input("weights", "must be 0 or more and not all 0"))
                .gql()?;
        let children = now_children;
        let changes =
            targets::write_split(&txn, &parent, children.into_iter().zip(amounts).collect(), now)
                .await
                .gql()?;
        let entry = Entry::by(p, "salesTarget.allocate", "sales_targets", parent.id)
            .with_changes(json!({ "over": format!("{over:?}").to_uppercase(), "strategy": format!("{:?}", input.strategy), "children": changes }));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(SalesTarget(parent))
    }

    /// Changes the amounts of some children of one split of a target. The children of that
    /// split must still add up to the target exactly: BAD_USER_INPUT otherwise, with nothing
    /// changed. Changed children re-split their own children in proportion; CONFLICT when a
    /// locked target would change. Who may: as for `allocateTarget`. Writes an audit entry
    /// `salesTarget.adjust`.
    async fn adjust_targets(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The target whose split changes.")] parent_id: ID,
        #[graphql(desc = "The new amounts; children not named keep theirs.")] amounts: Vec<
            TargetAmountInput,
        >,
    ) -> ApiResult<SalesTarget> {
        let p = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let parent = visible_target(&txn, p, "parentId", &parent_id).await.gql()?;
        may_split(p, &parent).gql()?;
        let unit = unit_of(parent.metric);
        let mut new: HashMap<i32, Decimal> = HashMap::new();
        for (i, a) in amounts.iter().enumerate() {
            let field = format!("amounts[{i}]");
            let id = parse_id(&format!("{field}.targetId"), &a.target_id).gql()?;
            new.insert(id, amount_checked(&format!("{field}.amount"), a.amount, unit).gql()?);
        }
        let named: Vec<sales_targets::Model> = sales_targets::Entity::find()
            .filter(sales_targets::Column::Id.is_in(new.keys().copied()))
            .all(&txn)
            .await
            .gql()?;
        if named.len() != new.len() || named.iter().any(|t| t.parent_id != Some(parent.id)) {
            return Err(ApiError::bad_input("amounts", "must name children of the target")).gql();
        }
        let splits: BTreeSet<bool> =
            named.iter().map(|t| targets::split_of(&parent, t) == Over::Time).collect();
        let Some(over) = (splits.len() == 1)
            .then(|| if splits.contains(&true) { Over::Time } else { Over::Organisation })
        else {
            return Err(ApiError::bad_input(
                "amounts",
                "must name children of one split (time or organisation)",
            ))
            .gql();
        };
        let children = targets::children(&txn, &parent, over).await.gql()?;
        let mut planned = Vec::new();
        for child in children.into_iter().filter(|c| c.existing.is_some()) {
            let current = child.existing.as_ref().map(|t| (t.id, t.amount)).unwrap_or_default();
            planned.push((child, new.get(&current.0).copied().unwrap_or(current.1)));
        }
        let total: Decimal = planned.iter().map(|(_, a)| *a).sum();
        if total != parent.amount {
            let message = format!(
                "the children would add up to {total}, not to the target's {}",
                parent.amount
            );
            return Err(ApiError::bad_input("amounts", message)).gql();
        }
        let changes = targets::write_split(&txn, &parent, planned, now).await.gql()?;
        let entry = Entry::by(p, "salesTarget.adjust", "sales_targets", parent.id)
            .with_changes(json!({ "children": changes }));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(SalesTarget(parent))
    }

    /// Changes the amount of a target at the top of a tree (one without a parent), if it is
    /// still at the version you read; its splits are re-divided in proportion. A target with a
    /// parent changes through `adjustTargets` on its parent, so that the parent's split still
    /// adds up: BAD_USER_INPUT here. CONFLICT when locked. Writes an audit entry
    /// `salesTarget.update`.
    async fn update_sales_target(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The target.")] id: ID,
        #[graphql(desc = "The version you read.")] version: i32,
        #[graphql(desc = "The new amount.")] amount: Decimal,
    ) -> ApiResult<SalesTarget> {
        let p = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = visible_target(&txn, p, "id", &id).await.gql()?;
        may_split(p, &before).gql()?;
        let amount = amount_checked("amount", amount, unit_of(before.metric)).gql()?;
        if before.version != version {
            return Err(ApiError::Conflict {
                field: "version".to_owned(),
                message: "the target changed since you read it".to_owned(),
            })
            .gql();
        }
        if before.parent_id.is_some() && amount != before.amount {
            let message =
                "the target is part of a split: change it with adjustTargets on its parent";
            return Err(ApiError::bad_input("amount", message)).gql();
        }
        let mut changes =
            vec![json!({ "id": before.id, "before": before.amount, "after": amount })];
        targets::set_amount(&txn, &before, amount, now, &mut changes).await.gql()?;
        let entry = Entry::by(p, "salesTarget.update", "sales_targets", before.id)
            .with_changes(json!({ "targets": changes }));
        audit(ctx, &txn, entry, now).await.gql()?;
        let after = sales_targets::Entity::find_by_id(before.id)
            .one(&txn)
            .await
            .gql()?
            .ok_or(ApiError::NotFound("sales target"))
            .gql()?;
        txn.commit().await.gql()?;
        Ok(SalesTarget(after))
    }

    /// Locks or unlocks a target (HQ_ADMIN), if it is still at the version you read. A locked
    /// target's amount cannot change, directly or by a split above it. Writes an audit entry
    /// `salesTarget.lock` or `salesTarget.unlock`.
    async fn set_target_locked(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The target.")] id: ID,
        #[graphql(desc = "The version you read.")] version: i32,
        #[graphql(desc = "True to lock, false to unlock.")] locked: bool,
    ) -> ApiResult<SalesTarget> {
        let p = principal(ctx)?;
        write::require_company_admin(p).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = visible_target(&txn, p, "id", &id).await.gql()?;
        let changes = sales_targets::ActiveModel {
            locked: Set(locked),
            updated_at: Set(now),
            ..Default::default()
        };
        let action = if locked { "salesTarget.lock" } else { "salesTarget.unlock" };
        let after = write::update_audited::<sales_targets::Entity>(
            ctx, &txn, p, action, &before, version, changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(SalesTarget(after))
    }
}

/// The BY_WEIGHTS weights in the order of `children`: exactly one per child.
fn given_weights(
    children: &[Child],
    given: &[TargetWeightInput],
) -> Result<Vec<Decimal>, ApiError> {
    let mut by_key: HashMap<ChildKey, Decimal> = HashMap::new();
    for (i, w) in given.iter().enumerate() {
        let key = match (&w.unit_id, w.period_start) {
            (Some(id), None) => ChildKey::Unit(parse_id(&format!("weights[{i}].unitId"), id)?),
            (None, Some(start)) => ChildKey::Period(start),
            _ => {
                return Err(ApiError::bad_input(
                    &format!("weights[{i}]"),
                    "give either unitId or periodStart",
                ));
            }
        };
        if w.weight.is_sign_negative() {
            return Err(ApiError::bad_input(
                &format!("weights[{i}].weight"),
                "must not be negative",
            ));
        }
        if !children.iter().any(|c| c.key == key) || by_key.insert(key, w.weight).is_some() {
            return Err(ApiError::bad_input(
                &format!("weights[{i}]"),
                "is not a child of the split, or is named twice",
            ));
        }
    }
    children
        .iter()
        .map(|c| {
            by_key.get(&c.key).copied().ok_or_else(|| {
                let child = match c.key {
                    ChildKey::Unit(id) => format!("unit {id}"),
                    ChildKey::Period(start) => format!("period {start}"),
                };
                ApiError::bad_input("weights", format!("{child} has no weight"))
            })
        })
        .collect()
}
