//! Mutations of the communication between HQ and the branches: branch reports submitted and
//! reviewed, meetings scheduled with their attendees, action items agreed in meetings, and
//! announcements published to branches.

use std::collections::HashSet;

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use salesgraph_entities::enums::{
    ActionStatus as ModelActionStatus, BranchReportStatus as ModelReportStatus, BranchStatus,
    MeetingStatus as ModelMeetingStatus, Priority as ModelPriority, ReportCadence as ModelCadence,
    Role,
};
use salesgraph_entities::{
    action_items, announcement_targets, announcements, branch_reports, branches, employees,
    meeting_attendees, meetings, report_templates,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde_json::json;

use super::{ActionItem, Announcement, BranchReport, Meeting};
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::{ActionStatus, MeetingKind, Priority, ReportCadence};
use crate::graphql::write::{
    self, Area, created, db_error, diff, optional_text, reference, target, text,
};
use crate::graphql::{audit, parse_id, principal};
use crate::state::AppState;

/// An announcement to branches.
#[derive(InputObject)]
pub struct PublishAnnouncementInput {
    /// Headline, 2 to 200 characters, such as 关于调整第四季度销售目标的通知.
    pub title: String,
    /// The text, 1 to 20,000 characters.
    pub body: String,
    /// How urgent it is (default NORMAL).
    pub priority: Option<Priority>,
    /// When it stops being shown; in the future. None: it stays.
    pub expires_at: Option<DateTime<Utc>>,
    /// The branches it goes to, each once: by default every operating branch for HQ_ADMIN,
    /// the caller's own branch for a branch manager (who may only name its own).
    pub branch_ids: Option<Vec<ID>>,
}

/// The most people one meeting may invite.
const MAX_ATTENDEES: usize = 100;

/// A weekly or monthly report of a branch, submitted to HQ.
#[derive(InputObject)]
pub struct SubmitBranchReportInput {
    /// The branch reporting; the caller's branch by default. A branch manager reports for
    /// their own branch; HQ_ADMIN names any branch.
    pub branch_id: Option<ID>,
    /// The template the report follows: one of the same cadence that is still in use. None
    /// by default (a submitted draft keeps its template).
    pub template_id: Option<ID>,
    /// WEEKLY or MONTHLY.
    pub kind: ReportCadence,
    /// The first day of the period (business time zone), not in the future: any day for a
    /// weekly report, the 1st of the month for a monthly one. The period must not overlap
    /// another report of the same cadence of the branch (CONFLICT).
    pub period_start: NaiveDate,
    /// The last day of the period, inclusive: 6 days after `periodStart` for a weekly
    /// report (7 days in all), the last day of the month for a monthly one.
    pub period_end: NaiveDate,
    /// The title, 2 to 200 characters, such as 上海分公司 2026年11月经营报告.
    pub title: String,
    /// The body, plain text with line breaks, 1 to 20,000 characters.
    pub content: String,
    /// Only when the branch has a DRAFT report of this cadence and period: the version of
    /// that draft you read. Submitting then turns the draft into the submitted report (same
    /// id) instead of creating one. Leave out otherwise.
    pub version: Option<i32>,
}

/// A new meeting and the people invited to it.
#[derive(InputObject)]
pub struct ScheduleMeetingInput {
    /// The title, 2 to 200 characters, such as 上海分公司月度销售例会.
    pub title: String,
    /// What kind of meeting it is.
    pub kind: MeetingKind,
    /// The meeting's branch. A branch manager schedules meetings of their own branch, the
    /// default. Null (or, for HQ_ADMIN, left out) is an HQ meeting of no branch, which only
    /// HQ_ADMIN may schedule.
    pub branch_id: MaybeUndefined<ID>,
    /// When it starts: not in the past (5 minutes of clock skew allowed).
    pub starts_at: DateTime<Utc>,
    /// When it ends: after `startsAt`, at most 24 hours later.
    pub ends_at: DateTime<Utc>,
    /// Where it takes place, such as 分公司会议室 or 视频会议 (at most 200 characters).
    pub location: Option<String>,
    /// The employees invited, 1 to 100, each at most once.
    pub attendee_ids: Vec<ID>,
}

/// An action item agreed in a meeting.
#[derive(InputObject)]
pub struct AddActionItemInput {
    /// The employee who is to do it; must be invited to the meeting.
    pub assignee_id: ID,
    /// What is to be done, 2 to 1,000 characters, such as 整理竞品报价信息报总部.
    pub description: String,
    /// The day it is due (business time zone), not before the day of the meeting.
    pub due_date: NaiveDate,
}

/// Mutations of the communication domain.
#[derive(Default)]
pub struct CommunicationMutation;

/// The day of `at` in the business time zone.
fn local_day(state: &AppState, at: DateTime<Utc>) -> NaiveDate {
    state.business_day(at)
}

/// BAD_USER_INPUT unless `start..=end` is a period of `kind`: 7 days for a weekly report, a
/// calendar month for a monthly one; the period must have started by `today`.
fn check_period(
    kind: ModelCadence,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> Result<(), ApiError> {
    if start > today {
        return Err(ApiError::bad_input("periodStart", "is in the future"));
    }
    if end < start {
        return Err(ApiError::bad_input("periodEnd", "is before periodStart"));
    }
    match kind {
        ModelCadence::Weekly if Some(end) != start.checked_add_days(Days::new(6)) => {
            Err(ApiError::bad_input(
                "periodEnd",
                "a weekly report covers 7 days: periodEnd is 6 days after periodStart",
            ))
        }
        ModelCadence::Monthly if start.day() != 1 => {
            Err(ApiError::bad_input("periodStart", "a monthly report starts on the 1st of a month"))
        }
        ModelCadence::Monthly
            if Some(end) != start.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()) =>
        {
            Err(ApiError::bad_input(
                "periodEnd",
                "a monthly report ends on the last day of its month",
            ))
        }
        _ => Ok(()),
    }
}

/// CONFLICT on `periodStart` when `branch` has a report of `kind` other than the one of
/// exactly this period (which a submission of its draft takes over) whose period overlaps
/// `start..=end`. On PostgreSQL the branch row stays locked until the transaction ends, so
/// that two submissions of one branch cannot both pass (SQLite lets one writer at a time).
async fn no_overlap(
    txn: &impl ConnectionTrait,
    branch: i32,
    kind: ModelCadence,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(), ApiError> {
    branches::Entity::find_by_id(branch).lock(LockType::NoKeyUpdate).one(txn).await?;
    let other = branch_reports::Entity::find()
        .filter(branch_reports::Column::BranchId.eq(branch))
        .filter(branch_reports::Column::Kind.eq(kind))
        .filter(branch_reports::Column::PeriodStart.ne(start))
        .filter(branch_reports::Column::PeriodStart.lte(end))
        .filter(branch_reports::Column::PeriodEnd.gte(start))
        .one(txn)
        .await?;
    match other {
        Some(other) => Err(ApiError::Conflict {
            field: "periodStart".into(),
            message: format!(
                "overlaps the branch's {} report of {} to {} (id {})",
                kind.to_value(),
                other.period_start,
                other.period_end,
                other.id
            ),
        }),
        None => Ok(()),
    }
}

#[Object]
impl CommunicationMutation {
    /// Submits a branch's weekly or monthly report to HQ (BRANCH_MANAGER for their branch,
    /// HQ_ADMIN for any). The report is SUBMITTED now, written by the caller's employee; an
    /// API key, which is nobody, is FORBIDDEN. When the branch has a DRAFT of the same cadence
    /// and period, pass its `version`: the draft becomes the submitted report. A report that
    /// is already submitted or reviewed for the period is a CONFLICT on `periodStart`.
    async fn submit_branch_report(
        &self,
        ctx: &Context<'_>,
        input: SubmitBranchReportInput,
    ) -> ApiResult<BranchReport> {
        let p = principal(ctx)?;
        write::require(p, Area::Communication).gql()?;
        let author = p.employee_id.ok_or(ApiError::Forbidden).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let title = text("title", &input.title, 2, 200).gql()?;
        let content = text("content", &input.content, 1, 20_000).gql()?;
        let kind: ModelCadence = input.kind.into();
        let (start, end) = (input.period_start, input.period_end);
        check_period(kind, start, end, local_day(state, now)).gql()?;
        let branch_id =
            write::branch_of_new(db, p, "branchId", input.branch_id.as_ref()).await.gql()?;
        if p.role != Role::HqAdmin && Some(branch_id) != p.branch_id {
            return Err(ApiError::bad_input("branchId", "must be your branch")).gql();
        }
        let template_id = match &input.template_id {
            Some(id) => {
                let template =
                    reference::<report_templates::Entity>(db, p, "templateId", id).await.gql()?;
                if template.kind != kind {
                    let message = format!("is a {} template", template.kind.to_value());
                    return Err(ApiError::bad_input("templateId", message)).gql();
                }
                if !template.is_active {
                    return Err(ApiError::bad_input("templateId", "is no longer in use")).gql();
                }
                Some(template.id)
            }
            None => None,
        };

        let txn = crate::db::begin_write(db).await.gql()?;
        no_overlap(&txn, branch_id, kind, start, end).await.gql()?;
        let existing = branch_reports::Entity::find()
            .filter(branch_reports::Column::BranchId.eq(branch_id))
            .filter(branch_reports::Column::Kind.eq(kind))
            .filter(branch_reports::Column::PeriodStart.eq(start))
            .one(&txn)
            .await
            .gql()?;
        let (report, changes) = match (existing, input.version) {
            (None, None) => {
                let report = branch_reports::ActiveModel {
                    id: NotSet,
                    branch_id: Set(branch_id),
                    template_id: Set(template_id),
                    author_id: Set(author),
                    kind: Set(kind),
                    period_start: Set(start),
                    period_end: Set(end),
                    title: Set(title),
                    content: Set(content),
                    status: Set(ModelReportStatus::Submitted),
                    submitted_at: Set(Some(now)),
                    reviewed_by_id: Set(None),
                    reviewed_at: Set(None),
                    hq_comment: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .map_err(|e| db_error(e, "periodStart"))
                .gql()?;
                let changes = created(&report);
                (report, changes)
            }
            (None, Some(_)) => {
                return Err(ApiError::bad_input("version", "there is no draft of this report"))
                    .gql();
            }
            (Some(draft), Some(version)) if draft.status == ModelReportStatus::Draft => {
                let changes = branch_reports::ActiveModel {
                    template_id: Set(template_id.or(draft.template_id)),
                    author_id: Set(author),
                    period_end: Set(end),
                    title: Set(title),
                    content: Set(content),
                    status: Set(ModelReportStatus::Submitted),
                    submitted_at: Set(Some(now)),
                    updated_at: Set(now),
                    ..Default::default()
                };
                let after = write::update_versioned::<branch_reports::Entity>(
                    &txn,
                    draft.id,
                    version,
                    changes,
                    "periodStart",
                )
                .await
                .gql()?;
                let changes = diff(&draft, &after);
                (after, changes)
            }
            (Some(draft), None) if draft.status == ModelReportStatus::Draft => {
                let message = format!(
                    "the branch has a DRAFT of this report (id {}, version {}): pass its version to submit it",
                    draft.id, draft.version
                );
                return Err(ApiError::bad_input("version", message)).gql();
            }
            (Some(other), _) => {
                let message = format!(
                    "the branch already has this report (id {}), {}",
                    other.id,
                    other.status.to_value()
                );
                return Err(ApiError::Conflict { field: "periodStart".into(), message }).gql();
            }
        };
        let entry =
            Entry::by(p, "branchReport.submit", "branch_reports", report.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(BranchReport(report))
    }

    /// Reviews a SUBMITTED branch report (HQ_ADMIN only: reviews are HQ's): it becomes
    /// REVIEWED, with HQ's comment, the reviewing employee and the time.
    async fn review_branch_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The branch report.")] id: ID,
        #[graphql(desc = "The version of the report you read.")] version: i32,
        #[graphql(desc = "HQ's comment, 1 to 5,000 characters, such as 已阅。请关注回款。")]
        comment: String,
    ) -> ApiResult<BranchReport> {
        let p = principal(ctx)?;
        write::require(p, Area::Communication).gql()?;
        write::require_role(p, &[Role::HqAdmin]).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let comment = text("comment", &comment, 1, 5000).gql()?;
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<branch_reports::Entity>(&txn, p, &id, "branch report").await.gql()?;
        if before.status != ModelReportStatus::Submitted {
            let message =
                format!("is {}: only a SUBMITTED report can be reviewed", before.status.to_value());
            return Err(ApiError::bad_input("id", message)).gql();
        }
        let changes = branch_reports::ActiveModel {
            status: Set(ModelReportStatus::Reviewed),
            hq_comment: Set(Some(comment)),
            reviewed_by_id: Set(p.employee_id),
            reviewed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_versioned::<branch_reports::Entity>(
            &txn,
            before.id,
            version,
            changes,
            "periodStart",
        )
        .await
        .gql()?;
        let entry = Entry::by(p, "branchReport.review", "branch_reports", after.id)
            .with_changes(diff(&before, &after));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(BranchReport(after))
    }

    /// Schedules a meeting and invites its attendees, in one transaction (BRANCH_MANAGER for
    /// their branch; HQ_ADMIN for any branch or for an HQ meeting of no branch). The meeting
    /// is SCHEDULED, organised by the caller's employee (an API key is FORBIDDEN); nobody has
    /// attended yet.
    async fn schedule_meeting(
        &self,
        ctx: &Context<'_>,
        input: ScheduleMeetingInput,
    ) -> ApiResult<Meeting> {
        let p = principal(ctx)?;
        write::require(p, Area::Communication).gql()?;
        let organizer = p.employee_id.ok_or(ApiError::Forbidden).gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let title = text("title", &input.title, 2, 200).gql()?;
        let location = optional_text("location", input.location.as_deref(), 200).gql()?;
        if input.starts_at < now - write::CLOCK_SKEW {
            return Err(ApiError::bad_input("startsAt", "is in the past")).gql();
        }
        if input.ends_at <= input.starts_at {
            return Err(ApiError::bad_input("endsAt", "must be after startsAt")).gql();
        }
        if input.ends_at - input.starts_at > chrono::Duration::hours(24) {
            return Err(ApiError::bad_input("endsAt", "must be at most 24 hours after startsAt"))
                .gql();
        }
        if input.attendee_ids.is_empty() || input.attendee_ids.len() > MAX_ATTENDEES {
            let message = format!("needs 1 to {MAX_ATTENDEES} employees");
            return Err(ApiError::bad_input("attendeeIds", message)).gql();
        }
        let branch_id = match &input.branch_id {
            MaybeUndefined::Value(id) => {
                let branch = write::branch_of_new(db, p, "branchId", Some(id)).await.gql()?;
                if p.role != Role::HqAdmin && Some(branch) != p.branch_id {
                    return Err(ApiError::bad_input("branchId", "must be your branch")).gql();
                }
                Some(branch)
            }
            MaybeUndefined::Undefined => {
                write::optional_branch_of_new(db, p, "branchId", None).await.gql()?
            }
            // HQ meetings are HQ's.
            MaybeUndefined::Null if p.role == Role::HqAdmin => None,
            MaybeUndefined::Null => return Err(ApiError::Forbidden).gql(),
        };
        let mut attendees = Vec::with_capacity(input.attendee_ids.len());
        let mut seen = HashSet::new();
        for (i, id) in input.attendee_ids.iter().enumerate() {
            let field = format!("attendeeIds[{i}]");
            let employee = reference::<employees::Entity>(db, p, &field, id).await.gql()?;
            if !seen.insert(employee.id) {
                let message = format!("lists employee {} more than once", employee.id);
                return Err(ApiError::bad_input("attendeeIds", message)).gql();
            }
            attendees.push(employee.id);
        }

        let txn = crate::db::begin_write(db).await.gql()?;
        let meeting = meetings::ActiveModel {
            id: NotSet,
            title: Set(title),
            kind: Set(input.kind.into()),
            branch_id: Set(branch_id),
            organizer_id: Set(organizer),
            starts_at: Set(input.starts_at),
            ends_at: Set(input.ends_at),
            location: Set(location),
            minutes: Set(None),
            status: Set(ModelMeetingStatus::Scheduled),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let rows = attendees.iter().map(|&employee_id| meeting_attendees::ActiveModel {
            id: NotSet,
            meeting_id: Set(meeting.id),
            employee_id: Set(employee_id),
            attended: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        });
        meeting_attendees::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .map_err(|e| db_error(e, "attendeeIds"))
            .gql()?;
        let mut changes = created(&meeting);
        changes["attendees"] = json!({ "before": null, "after": attendees });
        let entry = Entry::by(p, "meeting.schedule", "meetings", meeting.id).with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Meeting(meeting))
    }

    /// Adds an OPEN action item to a meeting that is not cancelled, for one of its invited
    /// employees (BRANCH_MANAGER for meetings of their branch, HQ_ADMIN for any; sales reps
    /// may not).
    async fn add_action_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting where the item was agreed.")] meeting_id: ID,
        input: AddActionItemInput,
    ) -> ApiResult<ActionItem> {
        let p = principal(ctx)?;
        write::require(p, Area::Communication).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        parse_id("meetingId", &meeting_id).gql()?;
        let description = text("description", &input.description, 2, 1000).gql()?;
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let meeting = target::<meetings::Entity>(&txn, p, &meeting_id, "meeting").await.gql()?;
        if p.role != Role::HqAdmin
            && (meeting.branch_id.is_none() || meeting.branch_id != p.branch_id)
        {
            return Err(ApiError::Forbidden).gql();
        }
        if meeting.status == ModelMeetingStatus::Cancelled {
            return Err(ApiError::bad_input("meetingId", "is CANCELLED")).gql();
        }
        let assignee = reference::<employees::Entity>(&txn, p, "assigneeId", &input.assignee_id)
            .await
            .gql()?;
        let invited = meeting_attendees::Entity::find()
            .filter(meeting_attendees::Column::MeetingId.eq(meeting.id))
            .filter(meeting_attendees::Column::EmployeeId.eq(assignee.id))
            .one(&txn)
            .await
            .gql()?;
        if invited.is_none() {
            return Err(ApiError::bad_input("assigneeId", "is not invited to the meeting")).gql();
        }
        let meeting_day = local_day(state, meeting.starts_at);
        if input.due_date < meeting_day {
            let message = format!("must not be before the day of the meeting, {meeting_day}");
            return Err(ApiError::bad_input("dueDate", message)).gql();
        }
        let item = action_items::ActiveModel {
            id: NotSet,
            meeting_id: Set(meeting.id),
            assignee_id: Set(assignee.id),
            description: Set(description),
            due_date: Set(input.due_date),
            status: Set(ModelActionStatus::Open),
            completed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let entry =
            Entry::by(p, "actionItem.add", "action_items", item.id).with_changes(created(&item));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ActionItem(item))
    }

    /// Moves an action item to DONE, CANCELLED or back to OPEN, if it is still at the version
    /// you read. Its assignee may mark it DONE (a sales rep only that); the manager of the
    /// meeting's branch and HQ_ADMIN may set any status. DONE records when; leaving DONE
    /// clears it. Writes an audit entry `actionItem.setStatus`.
    async fn set_action_item_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The action item.")] id: ID,
        #[graphql(desc = "The version of the action item you read.")] version: i32,
        #[graphql(desc = "The new status.")] status: ActionStatus,
    ) -> ApiResult<ActionItem> {
        let p = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let status: ModelActionStatus = status.into();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = target::<action_items::Entity>(&txn, p, &id, "action item").await.gql()?;
        let meeting = meetings::Entity::find_by_id(before.meeting_id)
            .one(&txn)
            .await
            .gql()?
            .ok_or(ApiError::NotFound("meeting"))
            .gql()?;
        let organiser = p.role == Role::HqAdmin
            || (p.role == Role::BranchManager
                && meeting.branch_id.is_some()
                && meeting.branch_id == p.branch_id);
        let assignee = p.employee_id == Some(before.assignee_id);
        let allowed = organiser || (assignee && status == ModelActionStatus::Done);
        if !allowed || p.role == Role::Integrator {
            return Err(ApiError::Forbidden).gql();
        }
        if before.status == status {
            let message = format!("the action item is already {}", status.to_value());
            return Err(ApiError::bad_input("status", message)).gql();
        }
        let changes = action_items::ActiveModel {
            status: Set(status),
            completed_at: Set((status == ModelActionStatus::Done).then_some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_audited::<action_items::Entity>(
            ctx,
            &txn,
            p,
            "actionItem.setStatus",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(ActionItem(after))
    }

    /// Publishes an announcement to branches, now (HQ_ADMIN to any branches, a branch manager
    /// to its own); the caller is its author. Each branch it goes to sees it. Writes an audit
    /// entry `announcement.publish`.
    async fn publish_announcement(
        &self,
        ctx: &Context<'_>,
        input: PublishAnnouncementInput,
    ) -> ApiResult<Announcement> {
        let p = principal(ctx)?;
        write::require(p, Area::Communication).gql()?;
        let author = p
            .employee_id
            .ok_or_else(|| ApiError::bad_input("title", "only an employee publishes"))
            .gql()?;
        let state = ctx.data::<AppState>()?;
        let db = state.db();
        let now = Utc::now();
        let title = text("title", &input.title, 2, 200).gql()?;
        let body = text("body", &input.body, 1, 20_000).gql()?;
        if input.expires_at.is_some_and(|at| at <= now) {
            return Err(ApiError::bad_input("expiresAt", "must be in the future")).gql();
        }
        let mut targets = Vec::new();
        match &input.branch_ids {
            Some(ids) => {
                if ids.is_empty() {
                    return Err(ApiError::bad_input("branchIds", "names no branch")).gql();
                }
                for (i, id) in ids.iter().enumerate() {
                    let field = format!("branchIds[{i}]");
                    let branch = reference::<branches::Entity>(db, p, &field, id).await.gql()?;
                    if p.role != Role::HqAdmin && Some(branch.id) != p.branch_id {
                        return Err(ApiError::bad_input(&field, "is not your branch")).gql();
                    }
                    if targets.contains(&branch.id) {
                        return Err(ApiError::bad_input(&field, "is listed twice")).gql();
                    }
                    targets.push(branch.id);
                }
            }
            None if p.role == Role::HqAdmin => {
                targets = branches::Entity::find()
                    .filter(branches::Column::Status.eq(BranchStatus::Active))
                    .all(db)
                    .await
                    .gql()?
                    .into_iter()
                    .map(|b| b.id)
                    .collect();
            }
            None => targets.extend(p.branch_id),
        }
        if targets.is_empty() {
            return Err(ApiError::bad_input("branchIds", "names no branch")).gql();
        }
        let txn = crate::db::begin_write(db).await.gql()?;
        let announcement = announcements::ActiveModel {
            id: NotSet,
            title: Set(title),
            body: Set(body),
            author_id: Set(author),
            priority: Set(input.priority.map_or(ModelPriority::Normal, Into::into)),
            published_at: Set(now),
            expires_at: Set(input.expires_at),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        let rows = targets.iter().map(|&branch_id| announcement_targets::ActiveModel {
            id: NotSet,
            announcement_id: Set(announcement.id),
            branch_id: Set(branch_id),
            read_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        });
        announcement_targets::Entity::insert_many(rows).exec(&txn).await.gql()?;
        let mut changes = created(&announcement);
        changes["branch_ids"] = json!({ "before": null, "after": targets });
        let entry = Entry::by(p, "announcement.publish", "announcements", announcement.id)
            .with_changes(changes);
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(Announcement(announcement))
    }
}
