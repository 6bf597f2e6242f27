//! Communication between HQ and the branches (高效沟通): report templates, branch reports,
//! meetings with attendees and action items, and HQ announcements with their target branches.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    ActionStatus, BranchReportStatus, MeetingKind, MeetingStatus, Priority, ReportCadence,
};
use salesgraph_entities::{
    action_items, announcement_targets, announcements, branch_reports, meeting_attendees, meetings,
    report_templates,
};

use super::node::node;
use super::organisation::{Branch, Employee};

pub mod mutations;
pub mod records;

node! {
    /// A template for the reports branches send to HQ, such as 分公司周报 or 分公司月度经营报告:
    /// the sections a report of its cadence should cover.
    ReportTemplate(report_templates) {
        filter: ReportTemplateFilter, sort: ReportTemplateSort, query: ReportTemplateQuery,
        name: "report template",
        /// The report templates (visible to every signed-in caller).
        list: report_templates,
        /// One report template.
        one: report_template,
    }
    fields {
        /// Display name, unique, such as 分公司周报.
        name: String = Name,
        /// How often a report of this template is due: weekly or monthly.
        kind: ReportCadence = Kind,
        /// The section headings a report should cover, in order, separated by `;`, such as
        /// `本周销售进展;重点客户动态;下周计划;需总部支持事项`.
        sections: String = Sections,
        /// Whether branches should still use the template; an inactive template is kept for
        /// the reports written with it.
        is_active: bool = IsActive,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {}
    extra {}
}

node! {
    /// A weekly or monthly report a branch sends to HQ, such as 上海分公司 2024年5月经营报告.
    /// It goes from draft to submitted to reviewed, when HQ may add a comment.
    BranchReport(branch_reports) {
        filter: BranchReportFilter, sort: BranchReportSort, query: BranchReportQuery,
        name: "branch report",
        /// The branch reports of the branches the caller may see.
        list: branch_reports,
        /// One branch report.
        one: branch_report,
    }
    fields {
        /// Weekly or monthly report; a branch has at most one report per cadence and period.
        kind: ReportCadence = Kind,
        /// The first day of the period the report covers (business time zone).
        period_start: chrono::NaiveDate = PeriodStart,
        /// The last day of the period the report covers, inclusive (business time zone).
        period_end: chrono::NaiveDate = PeriodEnd,
        /// The report's title, such as 上海分公司 2024年5月经营报告.
        title: String = Title,
        /// The body of the report, plain text with line breaks.
        content: String = Content,
        /// Where the report is: draft, submitted to HQ, or reviewed by HQ.
        status: BranchReportStatus = Status,
        /// When the branch submitted the report; null while it is a draft.
        submitted_at: Option<chrono::DateTime<chrono::Utc>> = SubmittedAt,
        /// When HQ reviewed the report; null until it is reviewed.
        reviewed_at: Option<chrono::DateTime<chrono::Utc>> = ReviewedAt,
        /// HQ's comment on the report, such as 已阅。请关注回款与重点商机推进。; null when
        /// HQ has not commented.
        hq_comment: Option<String> = HqComment,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the branch the report is from.
        branch_id: i32 = BranchId,
        /// The id of the template the report follows; null when it follows none.
        template_id: Option<i32> = TemplateId,
        /// The id of the employee who wrote the report, usually the branch manager.
        author_id: i32 = AuthorId,
        /// The id of the HQ employee who reviewed the report; null until it is reviewed.
        reviewed_by_id: Option<i32> = ReviewedById,
    }
    belongs {
        /// The branch the report is from.
        branch: Branch = branch_id,
        /// The template the report follows; null when it follows none.
        template: ReportTemplate = template_id,
        /// The employee who wrote the report, usually the branch manager.
        author: Employee = author_id,
        /// The HQ employee who reviewed the report; null until it is reviewed.
        reviewed_by: Employee = reviewed_by_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A meeting: HQ with a branch (such as 总部-分公司月度经营分析会), inside a branch,
    /// across departments, or with a customer; with its minutes once held.
    Meeting(meetings) {
        filter: MeetingFilter, sort: MeetingSort, query: MeetingQuery, name: "meeting",
        /// The meetings of the branches the caller may see, and the HQ meetings of no branch.
        list: meetings,
        /// One meeting.
        one: meeting,
    }
    fields {
        /// The meeting's title, such as 上海分公司月度销售例会.
        title: String = Title,
        /// What kind of meeting it is: HQ with a branch, inside a branch, across
        /// departments, or with a customer.
        kind: MeetingKind = Kind,
        /// When the meeting starts.
        starts_at: chrono::DateTime<chrono::Utc> = StartsAt,
        /// When the meeting ends.
        ends_at: chrono::DateTime<chrono::Utc> = EndsAt,
        /// Where the meeting takes place, such as 分公司会议室 or 视频会议.
        location: Option<String> = Location,
        /// The minutes (会议纪要), plain text; null until someone writes them.
        minutes: Option<String> = Minutes,
        /// Whether the meeting is scheduled, was held or was cancelled.
        status: MeetingStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the meeting's branch; null for an HQ meeting of no branch.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee who organises the meeting.
        organizer_id: i32 = OrganizerId,
    }
    belongs {
        /// The meeting's branch; null for an HQ meeting of no branch.
        branch: Branch = branch_id,
        /// The employee who organises the meeting.
        organizer: Employee = organizer_id,
    }
    has_many {
        /// The people invited to the meeting, with whether each attended.
        attendees: MeetingAttendee = meeting_attendees::MeetingId,
        /// The action items agreed in the meeting.
        action_items: ActionItem = action_items::MeetingId,
    }
    extra {}
}

node! {
    /// An employee invited to a meeting, and whether they attended.
    MeetingAttendee(meeting_attendees) {
        filter: MeetingAttendeeFilter, sort: MeetingAttendeeSort, query: MeetingAttendeeQuery,
        name: "meeting attendee",
        /// The attendees of the meetings the caller may see.
        list: meeting_attendees,
        /// One meeting attendee.
        one: meeting_attendee,
    }
    fields {
        /// Whether the employee attended; false for a meeting not yet held.
        attended: bool = Attended,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the meeting; an employee is invited to a meeting at most once.
        meeting_id: i32 = MeetingId,
        /// The id of the invited employee.
        employee_id: i32 = EmployeeId,
    }
    belongs {
        /// The meeting.
        meeting: Meeting = meeting_id,
        /// The invited employee.
        employee: Employee = employee_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An action item agreed in a meeting, such as 跟进重点商机并更新阶段, with the employee
    /// who owns it and its due date.
    ActionItem(action_items) {
        filter: ActionItemFilter, sort: ActionItemSort, query: ActionItemQuery,
        name: "action item",
        /// The action items of the meetings the caller may see.
        list: action_items,
        /// One action item.
        one: action_item,
    }
    fields {
        /// What is to be done, plain text.
        description: String = Description,
        /// The day it is due (business time zone).
        due_date: chrono::NaiveDate = DueDate,
        /// Whether it is open, done or cancelled.
        status: ActionStatus = Status,
        /// When it was done; null unless it is done.
        completed_at: Option<chrono::DateTime<chrono::Utc>> = CompletedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the meeting where it was agreed.
        meeting_id: i32 = MeetingId,
        /// The id of the employee who is to do it.
        assignee_id: i32 = AssigneeId,
    }
    belongs {
        /// The meeting where it was agreed.
        meeting: Meeting = meeting_id,
        /// The employee who is to do it.
        assignee: Employee = assignee_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An announcement from HQ, such as 关于下调网络设备渠道价格的通知, sent to some or all
    /// branches.
    Announcement(announcements) {
        filter: AnnouncementFilter, sort: AnnouncementSort, query: AnnouncementQuery,
        name: "announcement",
        /// The announcements sent to a branch the caller may see (all of them for HQ).
        list: announcements,
        /// One announcement.
        one: announcement,
    }
    fields {
        /// The title, such as 季度销售达成奖金发放说明.
        title: String = Title,
        /// The text of the announcement, plain text.
        body: String = Body,
        /// How urgent it is: low, normal, high or urgent.
        priority: Priority = Priority,
        /// When it was published.
        published_at: chrono::DateTime<chrono::Utc> = PublishedAt,
        /// When it stops being current; null when it does not expire.
        expires_at: Option<chrono::DateTime<chrono::Utc>> = ExpiresAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the employee who wrote it.
        author_id: i32 = AuthorId,
    }
    belongs {
        /// The employee who wrote it.
        author: Employee = author_id,
    }
    has_many {
        /// The branches it was sent to that the caller may see, with when each read it.
        targets: AnnouncementTarget = announcement_targets::AnnouncementId,
    }
    extra {}
}

node! {
    /// A branch an announcement was sent to, and when the branch read it.
    AnnouncementTarget(announcement_targets) {
        filter: AnnouncementTargetFilter, sort: AnnouncementTargetSort,
        query: AnnouncementTargetQuery, name: "announcement target",
        /// The announcement targets of the branches the caller may see.
        list: announcement_targets,
        /// One announcement target.
        one: announcement_target,
    }
    fields {
        /// When the branch read the announcement; null while it is unread.
        read_at: Option<chrono::DateTime<chrono::Utc>> = ReadAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the announcement; it goes to a branch at most once.
        announcement_id: i32 = AnnouncementId,
        /// The id of the branch it was sent to.
        branch_id: i32 = BranchId,
    }
    belongs {
        /// The announcement.
        announcement: Announcement = announcement_id,
        /// The branch it was sent to.
        branch: Branch = branch_id,
    }
    has_many {}
    extra {}
}

/// Queries of the communication domain.
#[derive(MergedObject, Default)]
pub struct CommunicationQuery(
    ReportTemplateQuery,
    BranchReportQuery,
    MeetingQuery,
    MeetingAttendeeQuery,
    ActionItemQuery,
    AnnouncementQuery,
    AnnouncementTargetQuery,
);
