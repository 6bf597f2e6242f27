//! The PDF of a succeeded report run, kept apart from the run so that lists of runs read no
//! PDF. Readable only through its run (the download route checks the run's scope rule).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "report_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub run_id: i32,
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::report_runs::Entity",
        from = "Column::RunId",
        to = "super::report_runs::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Run,
}

impl Related<super::report_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
