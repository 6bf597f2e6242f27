//! Plain edits of the training catalogue: courses and their sessions.

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{courses, training_sessions};
use sea_orm::DatabaseTransaction;

use super::{Course, TrainingSession};
use crate::error::ApiError;
use crate::graphql::crud::{
    Enum, Flag, Int, Nullable, Number, OptionalBranchRef, Ref, Table, Text, Time, crud, no_check,
    ordered, visible,
};

const COURSES: Table<courses::Entity> = Table {
    what: "course",
    actions: ["course.create", "course.update", "course.delete"],
    roles: &[Role::HqAdmin],
    unique: &["code"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of courses.
    CourseMutation: Course(courses) {
        table: COURSES,
        /// The fields of a course; on update, only those given change, and `null` empties an
        /// optional one.
        input: CourseInput,
        /// Creates a course (HQ_ADMIN).
        create: create_course,
        /// Changes a course (HQ_ADMIN), if it is still at the version you read.
        update: update_course,
        /// Deletes a course without sessions (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_course,
    }
    fields {
        /// Short code, unique, 2 to 20 characters, such as `SK-101`.
        code: Text<2, 20> => code,
        /// Its title, 2 to 100 characters, such as 顾问式销售技巧.
        title: Text<2, 100> => title,
        /// What it teaches.
        category: Enum<model::CourseCategory> => category,
        /// Length in hours, 0 to 1,000.
        hours: Number<0, 1000> => hours,
        /// Whether every sales employee must take it (default false).
        is_mandatory: Flag = false => is_mandatory,
        /// The least assessment score out of 100 that completes it, at most two decimals
        /// (default 60); a lower score fails the enrollment.
        pass_mark: Number<0, 100> = rust_decimal::Decimal::from(60) => pass_mark,
        /// Optional. What it covers, at most 2,000 characters.
        description: Nullable<Text<1, 2000>> => description,
    }
    server |p, now| {}
}

const SESSIONS: Table<training_sessions::Entity> = Table {
    what: "training session",
    actions: ["trainingSession.create", "trainingSession.update", "trainingSession.delete"],
    roles: &[Role::HqAdmin],
    unique: &[],
    write_scope: visible,
    check: session_times,
};

fn session_times<'a>(
    _: &'a DatabaseTransaction,
    session: &'a training_sessions::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let result = ordered("endsAt", &session.starts_at, Some(&session.ends_at));
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of training sessions. Seats are taken with `enrollEmployee`.
    TrainingSessionMutation: TrainingSession(training_sessions) {
        table: SESSIONS,
        /// The fields of a training session; on update, only those given change, and `null`
        /// empties an optional one.
        input: TrainingSessionInput,
        /// Schedules a session of a course (HQ_ADMIN).
        create: create_training_session,
        /// Changes a session (HQ_ADMIN), if it is still at the version you read.
        update: update_training_session,
        /// Deletes a session nobody enrolled in (HQ_ADMIN); CONFLICT otherwise: cancel it
        /// instead.
        delete: delete_training_session,
    }
    fields {
        /// The course taught.
        course_id: Ref<courses::Entity> => course_id,
        /// Optional. The branch it is held for; none for company-wide sessions.
        branch_id: OptionalBranchRef => branch_id,
        /// Optional. Who teaches it, at most 50 characters.
        trainer: Nullable<Text<1, 50>> => trainer,
        /// When it starts.
        starts_at: Time => starts_at,
        /// When it ends, not before it starts.
        ends_at: Time => ends_at,
        /// Optional. Where, at most 100 characters.
        location: Nullable<Text<1, 100>> => location,
        /// Seats, 1 to 10,000.
        capacity: Int<1, 10_000> => capacity,
        /// Its state (default PLANNED).
        status: Enum<model::SessionStatus> = model::SessionStatus::Planned => status,
    }
    server |p, now| {}
}
