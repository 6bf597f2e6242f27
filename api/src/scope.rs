//! The one place where a caller's data scope becomes a query condition. A query of an entity
//! goes through [`Scoped::visible_to`]; an entity without an implementation cannot be queried
//! through it, so a new entity is denied until it has a rule.

use salesgraph_entities::enums::Scope;
use salesgraph_entities::{branches, regions};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait};

use crate::auth::Principal;

/// An entity with a scope rule.
pub trait Scoped: EntityTrait {
    /// The condition selecting the rows `principal` may read.
    fn visible_to(principal: &Principal) -> Condition;
}

/// A condition no row meets: a scope that names no region or branch sees nothing.
fn nothing() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

impl Scoped for branches::Entity {
    fn visible_to(p: &Principal) -> Condition {
        match (p.scope, p.region_id, p.branch_id) {
            (Scope::All, _, _) => Condition::all(),
            (Scope::Region, Some(region), _) => {
                Condition::all().add(branches::Column::RegionId.eq(region))
            }
            (Scope::Branch | Scope::Own, _, Some(branch)) => {
                Condition::all().add(branches::Column::Id.eq(branch))
            }
            _ => nothing(),
        }
    }
}

impl Scoped for regions::Entity {
    fn visible_to(p: &Principal) -> Condition {
        match (p.scope, p.region_id, p.branch_id) {
            (Scope::All, _, _) => Condition::all(),
            (Scope::Region, Some(region), _) => {
                Condition::all().add(regions::Column::Id.eq(region))
            }
            // A branch sees its own region.
            (Scope::Branch | Scope::Own, _, Some(branch)) => Condition::all().add(
                regions::Column::Id.in_subquery(
                    Query::select()
                        .column(branches::Column::RegionId)
                        .from(branches::Entity)
                        .and_where(branches::Column::Id.eq(branch))
                        .to_owned(),
                ),
            ),
            _ => nothing(),
        }
    }
}
