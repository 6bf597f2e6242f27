//! Targets (目标明确): revenue targets built bottom-up from rep months, so that every split
//! adds up exactly; and the calendar helpers the other plan generators share.

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{ScopeKind, SubjectKind};
use salesgraph_entities::keys::scope_key;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::names::WEAK_BRANCH;
use super::sales::max_quantity;

/// Targets ask for a little more than the plan.
const STRETCH: f64 = 1.05;

/// A target before it is written: scope, period kind, period start.
type TargetKey = (ScopeKind, Option<i32>, &'static str, NaiveDate);

/// Rank of a period kind, longest first, so parents sort before children.
fn period_rank(kind: &str) -> u8 {
    match kind {
        "YEAR" => 0,
        "QUARTER" => 1,
        _ => 2,
    }
}

/// First day of the quarter containing `day`.
pub(crate) fn quarter_start(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), day.month0() / 3 * 3 + 1, 1).unwrap_or(day)
}

pub(crate) fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n)).unwrap_or(day)
}

pub(crate) fn scope_kind_name(scope: ScopeKind) -> &'static str {
    match scope {
        ScopeKind::Company => "COMPANY",
        ScopeKind::Region => "REGION",
        ScopeKind::Branch => "BRANCH",
        ScopeKind::Team => "TEAM",
        ScopeKind::Employee => "EMPLOYEE",
    }
}

pub(crate) fn subject_kind_name(subject: SubjectKind) -> &'static str {
    match subject {
        SubjectKind::Employee => "EMPLOYEE",
        SubjectKind::Branch => "BRANCH",
    }
}

/// Last day of a target period.
fn period_end(kind: &str, start: NaiveDate) -> NaiveDate {
    let months = match kind {
        "YEAR" => 12,
        "QUARTER" => 3,
        _ => 1,
    };
    add_months(start, months) - Duration::days(1)
}

impl<C: ConnectionTrait> Seeder<'_, C> {
    /// Mean confirmed revenue of one order as the generator draws it: lines × mean line
    /// amount × (1 − mean discount) × share not cancelled.
    pub(crate) fn mean_order_value(&self) -> f64 {
        let mean_line: f64 = self
            .products
            .iter()
            .map(|p| {
                let price: f64 = p.price.try_into().unwrap_or_default();
                price * f64::from(1 + max_quantity(p.price)) / 2.0
            })
            .sum::<f64>()
            / self.products.len() as f64;
        2.0 * mean_line * (1.0 - 0.0336) * 0.95
    }

    /// Confirmed revenue of a rep over month indexes `months`.
    pub(crate) fn rep_actual(&self, rep: i32, months: &[usize]) -> Decimal {
        months.iter().filter_map(|m| self.rep_revenue.get(&(rep, *m))).sum()
    }

    /// Month indexes of the data within `[start, start + n months)`.
    pub(crate) fn month_indexes(&self, start: NaiveDate, n: u32) -> Vec<usize> {
        (0..n).filter_map(|k| self.month_index(add_months(start, k))).collect()
    }

    /// Revenue targets for the previous and the current year. Rep month targets are set from
    /// the plan (what each branch is expected to sell, the weak branch planned as an average
    /// one), then summed: team, branch, region and company months are the sums of their
    /// children, quarters the sums of their months and years the sums of their quarters, so
    /// every parent equals the sum of its children to the fen.
    ///
    /// A target's parent is the same period one level up the organisation; a company target's
    /// parent is the company target of the enclosing period (month → quarter → year).
    pub(super) async fn targets(&mut self) -> Result<(), DbErr> {
        let order_value = self.mean_order_value();
        let year = self.as_of.year();
        let mut amounts: HashMap<TargetKey, Decimal> = HashMap::new();
        let mut parents: HashMap<(ScopeKind, Option<i32>), (ScopeKind, Option<i32>)> =
            HashMap::new();
        for y in [year - 1, year] {
            let year_start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(self.as_of);
            for m in 0..12 {
                let month = add_months(year_start, m);
                let quarter = quarter_start(month);
                for (b, branch) in self.branches.iter().enumerate() {
                    // The weak branch is planned as if it sold like an average branch.
                    let planned_strength =
                        if branch.code == WEAK_BRANCH { 1.0 } else { branch.strength };
                    let branch_plan =
                        self.planned_orders(planned_strength, month) * order_value * STRETCH;
                    let per_rep = branch_plan / branch.reps.len() as f64;
                    for (k, (rep, team)) in branch.reps.iter().enumerate() {
                        // Reps differ by up to ±15%; amounts are whole hundreds of yuan.
                        let factor = 0.85 + 0.3 * ((k * 7 + b * 3) % 10) as f64 / 9.0;
                        let amount = Decimal::from((per_rep * factor / 100.0).round() as i64 * 100);
                        let chain = [
                            (ScopeKind::Employee, Some(*rep)),
                            (ScopeKind::Team, Some(*team)),
                            (ScopeKind::Branch, Some(branch.id)),
                            (ScopeKind::Region, Some(branch.region_id)),
                            (ScopeKind::Company, None),
                        ];
                        for pair in chain.windows(2) {
                            parents.insert(pair[0], pair[1]);
                        }
                        for (scope, id) in chain {
                            for (kind, start) in
                                [("MONTH", month), ("QUARTER", quarter), ("YEAR", year_start)]
                            {
                                *amounts.entry((scope, id, kind, start)).or_default() += amount;
                            }
                        }
                    }
                }
            }
        }
        let mut keys: Vec<TargetKey> = amounts.keys().copied().collect();
        keys.sort_by_key(|(scope, id, kind, start)| (*scope as u8, period_rank(kind), *start, *id));
        let team_branch: HashMap<i32, i32> =
            self.branches.iter().flat_map(|b| b.teams.iter().map(move |t| (*t, b.id))).collect();
        let branch_region: HashMap<i32, i32> =
            self.branches.iter().map(|b| (b.id, b.region_id)).collect();
        let mut ids: HashMap<TargetKey, i32> = HashMap::new();
        let mut rows = self.bulk(
            "sales_targets",
            &[
                "id",
                "metric",
                "period_kind",
                "period_start",
                "scope_kind",
                "scope_key",
                "region_id",
                "branch_id",
                "team_id",
                "employee_id",
                "amount",
                "parent_id",
                "locked",
            ],
        );
        let first_open_month = self.as_of.with_day(1).unwrap_or(self.as_of);
        for (i, key) in keys.iter().enumerate() {
            let (scope, scope_id, kind, start) = *key;
            let id = i as i32 + 1;
            let parent_key = match (scope, kind) {
                (ScopeKind::Company, "MONTH") => {
                    Some((scope, None, "QUARTER", quarter_start(start)))
                }
                (ScopeKind::Company, "QUARTER") => Some((
                    scope,
                    None,
                    "YEAR",
                    NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start),
                )),
                (ScopeKind::Company, _) => None,
                _ => parents.get(&(scope, scope_id)).map(|(p, pid)| (*p, *pid, kind, start)),
            };
            let parent = parent_key.and_then(|k| ids.get(&k).copied());
            // Denormalised links: a team target also names its branch and region, and so on.
            let (region, branch, team, employee) = match scope {
                ScopeKind::Company => (None, None, None, None),
                ScopeKind::Region => (scope_id, None, None, None),
                ScopeKind::Branch => {
                    (scope_id.and_then(|b| branch_region.get(&b).copied()), scope_id, None, None)
                }
                ScopeKind::Team => {
                    let b = scope_id.and_then(|t| team_branch.get(&t).copied());
                    (b.and_then(|b| branch_region.get(&b).copied()), b, scope_id, None)
                }
                ScopeKind::Employee => {
                    let t = parents.get(&(scope, scope_id)).and_then(|(_, t)| *t);
                    let b = t.and_then(|t| team_branch.get(&t).copied());
                    (b.and_then(|b| branch_region.get(&b).copied()), b, t, scope_id)
                }
            };
            let scope_text = scope_key(scope, scope_id);
            // Targets of periods that have ended are locked.
            let locked = period_end(kind, start) < first_open_month;
            rows.row(&[
                id.into(),
                "REVENUE".into(),
                kind.into(),
                start.into(),
                scope_kind_name(scope).into(),
                scope_text.as_str().into(),
                region.into(),
                branch.into(),
                team.into(),
                employee.into(),
                amounts[key].into(),
                parent.into(),
                locked.into(),
            ])
            .await?;
            if kind == "MONTH" {
                self.month_targets.insert((scope_text, start), amounts[key]);
            }
            ids.insert(*key, id);
        }
        let n = rows.finish().await?;
        self.done("sales_targets", n);
        Ok(())
    }
}
