//! Training results: every course gets a pass mark (及格分), the least score out of 100 that
//! completes it; a lower score fails the enrollment. New and existing courses pass at 60, except
//! an existing course one of whose completed enrollments scored lower: its pass mark becomes that
//! lowest completing score, so that no recorded result contradicts it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("courses")
                    .add_column(
                        ColumnDef::new("pass_mark").decimal_len(7, 2).not_null().default(60),
                    )
                    .to_owned(),
            )
            .await?;
        let lowest = "SELECT MIN(e.score) FROM enrollments e \
             JOIN training_sessions s ON s.id = e.session_id \
             WHERE s.course_id = courses.id AND e.status = 'COMPLETED' AND e.score IS NOT NULL";
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE courses SET pass_mark = ({lowest}) WHERE ({lowest}) < pass_mark"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("courses").drop_column("pass_mark").to_owned())
            .await
    }
}
