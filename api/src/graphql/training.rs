//! Training and development (培训与发展): courses, their scheduled sessions, the enrollments
//! of employees with their results, and career promotion records.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{CourseCategory, EnrollmentStatus, SessionStatus};
use salesgraph_entities::{courses, enrollments, promotion_records, training_sessions};

use super::node::node;
use super::organisation::{Branch, CareerLevel, Employee};

pub mod mutations;
pub mod records;

node! {
    /// A training course (培训课程), such as 顾问式销售技巧; it is held in sessions.
    Course(courses) {
        filter: CourseFilter, sort: CourseSort, query: CourseQuery, name: "course",
        /// The course catalogue (visible to every signed-in caller).
        list: courses,
        /// One course.
        one: course,
    }
    fields {
        /// Short code, unique, such as `SKL-301`.
        code: String = Code,
        /// The course title, such as 顾问式销售技巧.
        title: String = Title,
        /// The subject area: ONBOARDING, PRODUCT, SALES_SKILL, SERVICE or MANAGEMENT.
        category: CourseCategory = Category,
        /// The length of the course in hours (学时), to one decimal, such as 12.0.
        hours: rust_decimal::Decimal = Hours,
        /// Whether the course is compulsory (必修) rather than elective (选修).
        is_mandatory: bool = IsMandatory,
        /// The pass mark (及格分): the least assessment score out of 100 that completes the
        /// course; an enrollment assessed lower is FAILED.
        pass_mark: rust_decimal::Decimal = PassMark,
        /// What the course covers.
        description: Option<String> = Description,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {
        /// The course's sessions that the caller may see (those of its branches and the
        /// company-wide ones), ordered by id.
        sessions: TrainingSession = training_sessions::CourseId,
    }
    extra {}
}

node! {
    /// A scheduled session of a course (培训场次): when, where, by whom and for how many.
    TrainingSession(training_sessions) {
        filter: TrainingSessionFilter, sort: TrainingSessionSort, query: TrainingSessionQuery,
        name: "training session",
        /// The training sessions the caller may see: those of the branches in its scope and the
        /// company-wide ones (without a branch).
        list: training_sessions,
        /// One training session.
        one: training_session,
    }
    fields {
        /// Who teaches the session, such as 总部培训中心讲师.
        trainer: Option<String> = Trainer,
        /// When the session starts.
        starts_at: chrono::DateTime<chrono::Utc> = StartsAt,
        /// When the session ends.
        ends_at: chrono::DateTime<chrono::Utc> = EndsAt,
        /// Where the session takes place, such as 上海培训室.
        location: Option<String> = Location,
        /// The most participants the session takes.
        capacity: i32 = Capacity,
        /// The session's state: PLANNED, DONE or CANCELLED.
        status: SessionStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the course taught.
        course_id: i32 = CourseId,
        /// The id of the branch holding the session; null for a company-wide session.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The course taught.
        course: Course = course_id,
        /// The branch holding the session; null for a company-wide session.
        branch: Branch = branch_id,
    }
    has_many {
        /// The enrollments in the session that the caller may see, ordered by id.
        enrollments: Enrollment = enrollments::SessionId,
    }
    extra {}
}

node! {
    /// An employee's enrollment in a training session, with the result.
    Enrollment(enrollments) {
        filter: EnrollmentFilter, sort: EnrollmentSort, query: EnrollmentQuery,
        name: "enrollment",
        /// The enrollments the caller may see: those of the employees of its branches (a rep
        /// with own scope: its own).
        list: enrollments,
        /// One enrollment.
        one: enrollment,
    }
    fields {
        /// The result: ENROLLED (not yet taken), COMPLETED, FAILED or WITHDRAWN.
        status: EnrollmentStatus = Status,
        /// The assessment score out of 100; null until assessed. Below the course's pass mark,
        /// the enrollment is FAILED.
        score: Option<rust_decimal::Decimal> = Score,
        /// When the employee completed the course; null unless COMPLETED.
        completed_at: Option<chrono::DateTime<chrono::Utc>> = CompletedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the training session; an employee enrolls in a session once.
        session_id: i32 = SessionId,
        /// The id of the enrolled employee.
        employee_id: i32 = EmployeeId,
    }
    belongs {
        /// The training session; null when the caller may not see it.
        session: TrainingSession = session_id,
        /// The enrolled employee.
        employee: Employee = employee_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A career promotion (晋升记录) of an employee from one career level to the next, such as
    /// from 销售代表 to 高级销售代表.
    PromotionRecord(promotion_records) {
        filter: PromotionRecordFilter, sort: PromotionRecordSort, query: PromotionRecordQuery,
        name: "promotion record",
        /// The promotion records the caller may see: those of the employees of its branches (a
        /// rep with own scope: its own).
        list: promotion_records,
        /// One promotion record.
        one: promotion_record,
    }
    fields {
        /// The day the new level took effect.
        effective_on: chrono::NaiveDate = EffectiveOn,
        /// Why the employee was promoted, such as 年度考核优秀,晋升一级.
        reason: String = Reason,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the promoted employee.
        employee_id: i32 = EmployeeId,
        /// The id of the level before the promotion; null when the employee had none.
        from_level_id: Option<i32> = FromLevelId,
        /// The id of the level after the promotion.
        to_level_id: i32 = ToLevelId,
        /// The id of the employee who approved the promotion.
        approved_by_id: Option<i32> = ApprovedById,
    }
    belongs {
        /// The promoted employee.
        employee: Employee = employee_id,
        /// The level before the promotion; null when the employee had none.
        from_level: CareerLevel = from_level_id,
        /// The level after the promotion.
        to_level: CareerLevel = to_level_id,
        /// The employee who approved the promotion; null when unknown or not visible to the
        /// caller.
        approved_by: Employee = approved_by_id,
    }
    has_many {}
    extra {}
}

/// Queries of the training and development domain.
#[derive(MergedObject, Default)]
pub struct TrainingQuery(CourseQuery, TrainingSessionQuery, EnrollmentQuery, PromotionRecordQuery);
