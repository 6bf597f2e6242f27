//! The [`Audience`] of a report: the part of the company its requester may see, named, so a
//! report titles, files and stores the scope it actually shows.

use salesgraph_entities::enums::Scope;
use salesgraph_entities::{branches, employees, regions};
use salesgraph_report_sdk::Audience;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::auth::Principal;

/// The audience of `principal`: the company, its region, its branch, or (scope OWN) the
/// person whose records it sees; nothing for a scope without its unit (which sees nothing).
/// A name that cannot be found reads as its id, so a report never claims more than it holds.
pub async fn of(db: &impl ConnectionTrait, principal: &Principal) -> Result<Audience, DbErr> {
    let branch_name = |id: Option<i32>| async move {
        let Some(id) = id else { return Ok::<_, DbErr>(None) };
        let branch = branches::Entity::find_by_id(id).one(db).await?;
        Ok(Some(branch.map_or_else(|| format!("#{id}"), |b| b.name)))
    };
    Ok(match principal.scope {
        Scope::All => Audience::Company,
        Scope::Region => {
            let name = match principal.region_id {
                Some(id) => regions::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map_or_else(|| format!("#{id}"), |r| r.name),
                None => return Ok(Audience::Nothing),
            };
            Audience::Region(name)
        }
        Scope::Branch => match branch_name(principal.branch_id).await? {
            Some(name) => Audience::Branch(name),
            None => Audience::Nothing,
        },
        Scope::Own => {
            let name = match principal.employee_id {
                Some(id) => employees::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map_or_else(|| format!("#{id}"), |e| e.name),
                None => return Ok(Audience::Nothing),
            };
            Audience::Own { name, branch: branch_name(principal.branch_id).await? }
        }
    })
}
