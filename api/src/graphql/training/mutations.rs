//! Mutations of training and development: enrolling employees in sessions, completing
//! training, and promoting employees up the career ladder.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{EmployeeStatus, EnrollmentStatus, Role, SessionStatus};
use salesgraph_entities::{
    career_levels, courses, employees, enrollments, promotion_records, training_sessions,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{Enrollment, PromotionRecord};
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::write::{
    self, Area, created, db_error, diff, money, reference, target, text, within,
};
use crate::graphql::{audit, principal};
use crate::state::AppState;

/// A promotion of an employee to a higher career level.
#[derive(InputObject)]
pub struct PromoteEmployeeInput {
    /// The employee promoted: any employee for HQ_ADMIN, the staff of its own branch for a
    /// branch manager (not itself).
    pub employee_id: ID,
    /// The version of the employee you read; the promotion changes the employee's level, so
    /// it is refused (CONFLICT) when someone changed the employee since.
    pub employee_version: i32,
    /// The new career level; it must rank above the employee's current level.
    pub to_level_id: ID,
    /// The day the new level takes effect; today by default. Not in the future and at most
    /// one year back.
    pub effective_on: Option<NaiveDate>,
    /// Why the employee is promoted, 2 to 500 characters, such as 年度业绩优秀.
    pub reason: String,
    /// The employee's new job title, 2 to 50 characters, such as 高级销售代表; unchanged when
    /// left out.
    pub title: Option<String>,
}

/// Mutations of the training and development domain.
#[derive(Default)]
pub struct TrainingMutation;

/// Whether `p` manages `employee`: HQ_ADMIN anyone it can see, a branch manager the staff of
/// its own branch (HQ staff, visible to every branch, are not its staff).
fn manages(p: &Principal, employee: &employees::Model) -> bool {
    match p.role {
        Role::HqAdmin => true,
        Role::BranchManager => employee.branch_id.is_some() && employee.branch_id == p.branch_id,
        _ => false,
    }
}

/// The name of an enum value as the API shows it, such as `WITHDRAWN`.
fn shown(value: impl std::fmt::Debug) -> String {
    let name = format!("{value:?}");
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The result of an assessed enrollment: COMPLETED at the course's pass mark or above (or
/// without a score), FAILED below it.
pub fn result_of(score: Option<Decimal>, pass_mark: Decimal) -> EnrollmentStatus {
    match score {
        Some(score) if score < pass_mark => EnrollmentStatus::Failed,
        _ => EnrollmentStatus::Completed,
    }
}

#[Object]
impl TrainingMutation {
    /// Enrolls an employee in a training session that has not started yet (HQ_ADMIN: anyone;
    /// a branch manager: the staff of its branch, in its branch's or company-wide sessions).
    /// A session of a branch takes that branch's staff only, and no more enrollments than
    /// its capacity (withdrawn ones do not count). The enrollment starts as ENROLLED; an
    /// employee who had withdrawn from the session is enrolled again in the same record.
    async fn enroll_employee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The training session; PLANNED and not yet started.")] session_id: ID,
        #[graphql(desc = "The employee to enroll; not already enrolled in the session.")]
        employee_id: ID,
    ) -> ApiResult<Enrollment> {
        let p = principal(ctx)?;
        write::require(p, Area::Training).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let session =
            reference::<training_sessions::Entity>(db, p, "sessionId", &session_id).await.gql()?;
        match session.status {
            SessionStatus::Cancelled => {
                return Err(ApiError::bad_input("sessionId", "is CANCELLED")).gql();
            }
            SessionStatus::Done => {
                return Err(ApiError::bad_input("sessionId", "is DONE: it has taken place")).gql();
            }
            SessionStatus::Planned if session.starts_at <= now => {
                return Err(ApiError::bad_input("sessionId", "has already started")).gql();
            }
            SessionStatus::Planned => {}
        }
        let employee =
            reference::<employees::Entity>(db, p, "employeeId", &employee_id).await.gql()?;
        if !manages(p, &employee) {
            return Err(ApiError::Forbidden).gql();
        }
        if employee.status == EmployeeStatus::Left {
            return Err(ApiError::bad_input("employeeId", "has left the company")).gql();
        }
        if session.branch_id.is_some_and(|b| employee.branch_id != Some(b)) {
            return Err(ApiError::bad_input("employeeId", "must work at the session's branch"))
                .gql();
        }

        let txn = crate::db::begin_write(db).await.gql()?;
        let existing = enrollments::Entity::find()
            .filter(enrollments::Column::SessionId.eq(session.id))
            .filter(enrollments::Column::EmployeeId.eq(employee.id))
            .one(&txn)
            .await
            .gql()?;
        if let Some(e) = existing.as_ref().filter(|e| e.status != EnrollmentStatus::Withdrawn) {
            let message = format!("is already enrolled in this session ({})", shown(e.status));
            return Err(ApiError::Conflict { field: "employeeId".into(), message }).gql();
        }
        let taken = enrollments::Entity::find()
            .filter(enrollments::Column::SessionId.eq(session.id))
            .filter(enrollments::Column::Status.ne(EnrollmentStatus::Withdrawn))
            .count(&txn)
            .await
            .gql()?;
        if taken >= u64::try_from(session.capacity).unwrap_or(0) {
            let message = format!("is full: all {} seats are taken", session.capacity);
            return Err(ApiError::bad_input("sessionId", message)).gql();
        }
        let (enrollment, changes) = match existing {
            // One record per session and employee: a withdrawn employee comes back in it.
            Some(before) => {
                let changes = enrollments::ActiveModel {
                    status: Set(EnrollmentStatus::Enrolled),
                    score: Set(None),
                    completed_at: Set(None),
                    updated_at: Set(now),
                    ..Default::default()
                };
                let after = write::update_versioned::<enrollments::Entity>(
                    &txn,
                    before.id,
                    before.version,
                    changes,
                    "employeeId",
                )
                .await
                .gql()?;
                let changes = diff(&before, &after);
                (after, changes)
            }
            None => {
                let row = enrollments::ActiveModel {
                    id: NotSet,
                    session_id: Set(session.id),
                    employee_id: Set(employee.id),
                    status: Set(EnrollmentStatus::Enrolled),
                    score: Set(None),
                    completed_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .map_err(|e| db_error(e, "employeeId"))
                .gql()?;
                let changes = created(&row);
                (row, changes)
            }
        };
        let entry =
            Entry::by(p, "enrollment.create", "enrollments", enrollment.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Enrollment(enrollment))
    }

    /// Records the result of an enrollment as of now, with the assessment score if there is
    /// one: COMPLETED, or FAILED when the score is below the course's pass mark (the score is
    /// kept, `completedAt` stays null and the course's hours do not count). A sales rep
    /// records only its own enrollments, a branch manager those of its staff, HQ_ADMIN any.
    /// Only an ENROLLED enrollment in a session that has started and was not cancelled can be
    /// completed.
    async fn complete_training(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enrollment.")] enrollment_id: ID,
        #[graphql(desc = "The version of the enrollment you read.")] version: i32,
        #[graphql(
            desc = "The assessment score, 0 to 100 with at most two decimals; below the course's pass mark the enrollment is FAILED."
        )]
        score: Option<Decimal>,
    ) -> ApiResult<Enrollment> {
        let p = principal(ctx)?;
        // The matrix lets a sales rep complete its own training, and write nothing else here.
        if p.role != Role::SalesRep {
            write::require(p, Area::Training).gql()?;
        }
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let score = match score {
            Some(s) => {
                let s = within("score", s, Decimal::ZERO, Decimal::ONE_HUNDRED).gql()?;
                Some(money("score", s).gql()?)
            }
            None => None,
        };
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before =
            target::<enrollments::Entity>(&txn, p, &enrollment_id, "enrollment").await.gql()?;
        if p.role == Role::SalesRep && p.employee_id != Some(before.employee_id) {
            return Err(ApiError::Forbidden).gql();
        }
        match before.status {
            EnrollmentStatus::Enrolled => {}
            EnrollmentStatus::Completed => {
                return Err(ApiError::bad_input("enrollmentId", "is already COMPLETED")).gql();
            }
            other => {
                let message = format!("is {}, not ENROLLED", shown(other));
                return Err(ApiError::bad_input("enrollmentId", message)).gql();
            }
        }
        let session =
            training_sessions::Entity::find_by_id(before.session_id).one(&txn).await.gql()?;
        let mut pass_mark = Decimal::ZERO;
        if let Some(session) = session {
            if session.status == SessionStatus::Cancelled {
                return Err(ApiError::bad_input("enrollmentId", "its session is CANCELLED")).gql();
            }
            if session.starts_at > now {
                return Err(ApiError::bad_input("enrollmentId", "its session has not started"))
                    .gql();
            }
            let course = courses::Entity::find_by_id(session.course_id).one(&txn).await.gql()?;
            pass_mark = course.map_or(pass_mark, |c| c.pass_mark);
        }
        let status = result_of(score, pass_mark);
        let changes = enrollments::ActiveModel {
            status: Set(status),
            score: Set(score),
            completed_at: Set((status == EnrollmentStatus::Completed).then_some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_versioned::<enrollments::Entity>(
            &txn,
            before.id,
            version,
            changes,
            "employeeId",
        )
        .await
        .gql()?;
        let entry = Entry::by(p, "enrollment.complete", "enrollments", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Enrollment(after))
    }

    /// Promotes an employee to a higher career level (HQ_ADMIN: anyone; a branch manager: the
    /// staff of its branch, not itself). In one transaction, records the promotion (from the
    /// current level, approved by the caller) and moves the employee to the new level, with
    /// the new title if one is given.
    async fn promote_employee(
        &self,
        ctx: &Context<'_>,
        input: PromoteEmployeeInput,
    ) -> ApiResult<PromotionRecord> {
        let p = principal(ctx)?;
        write::require(p, Area::Organisation).gql()?;
        write::require(p, Area::Training).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let today = state.business_day(now);
        let reason = text("reason", &input.reason, 2, 500).gql()?;
        let title = input.title.as_deref().map(|t| text("title", t, 2, 50)).transpose().gql()?;
        let effective_on = input.effective_on.unwrap_or(today);
        if effective_on > today {
            return Err(ApiError::bad_input("effectiveOn", "is in the future")).gql();
        }
        if effective_on < today.checked_sub_months(Months::new(12)).unwrap_or(today) {
            return Err(ApiError::bad_input("effectiveOn", "is more than a year back")).gql();
        }
        let to_level = reference::<career_levels::Entity>(db, p, "toLevelId", &input.to_level_id)
            .await
            .gql()?;

        let txn = crate::db::begin_write(db).await.gql()?;
        let before = reference::<employees::Entity>(&txn, p, "employeeId", &input.employee_id)
            .await
            .gql()?;
        let promotes_itself = p.employee_id == Some(before.id) && p.role != Role::HqAdmin;
        if !manages(p, &before) || promotes_itself {
            return Err(ApiError::Forbidden).gql();
        }
        if before.status == EmployeeStatus::Left {
            return Err(ApiError::bad_input("employeeId", "has left the company")).gql();
        }
        if effective_on < before.hire_date {
            return Err(ApiError::bad_input("effectiveOn", "is before the employee was hired"))
                .gql();
        }
        let from_level = match before.career_level_id {
            Some(id) => career_levels::Entity::find_by_id(id).one(&txn).await.gql()?,
            None => None,
        };
        if let Some(from) = from_level.as_ref().filter(|from| to_level.rank <= from.rank) {
            let message =
                format!("must rank above the current level {} ({})", from.name, from.code);
            return Err(ApiError::bad_input("toLevelId", message)).gql();
        }
        let mut changes = employees::ActiveModel {
            career_level_id: Set(Some(to_level.id)),
            updated_at: Set(now),
            ..Default::default()
        };
        if let Some(title) = title {
            changes.title = Set(title);
        }
        let after = write::update_versioned::<employees::Entity>(
            &txn,
            before.id,
            input.employee_version,
            changes,
            "employeeNo",
        )
        .await
        .map_err(|e| match e {
            // The caller's version of the employee is the input's `employeeVersion`.
            ApiError::Conflict { field, message } if field == "version" => {
                ApiError::Conflict { field: "employeeVersion".into(), message }
            }
            other => other,
        })
        .gql()?;
        let record = promotion_records::ActiveModel {
            id: NotSet,
            employee_id: Set(before.id),
            from_level_id: Set(before.career_level_id),
            to_level_id: Set(to_level.id),
            effective_on: Set(effective_on),
            reason: Set(reason),
            approved_by_id: Set(p.employee_id),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error(e, "employeeId"))
        .gql()?;
        let mut changes = created(&record);
        changes["employee"] = diff(&before, &after);
        let entry =
            Entry::by(p, "employee.promote", "promotion_records", record.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(PromotionRecord(record))
    }
}
