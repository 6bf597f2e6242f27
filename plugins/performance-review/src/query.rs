//! The GraphQL request: every review cycle (newest first), and either every review of the
//! subject with its KPI scores, improvement plans and training, or the reviews of a cycle
//! for the overview.

use salesgraph_report_sdk::{Params, Query};
use serde_json::json;

/// Whether a review is about an employee or a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Employee,
    Branch,
}

/// The employee or branch a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Subject {
    pub kind: Kind,
    pub id: i64,
}

impl Subject {
    /// The review's `subjectKey`, such as `EMPLOYEE:7`.
    pub fn key(&self) -> String {
        match self.kind {
            Kind::Employee => format!("EMPLOYEE:{}", self.id),
            Kind::Branch => format!("BRANCH:{}", self.id),
        }
    }
}

/// What one run covers, from the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// No employee or branch: every visible review of the cycle (`None`: the latest).
    Overview { cycle: Option<i64> },
    /// One subject: an employee when one is given, else a branch.
    Subject(Subject),
}

impl Scope {
    /// The scope the parameters ask for.
    pub fn of(params: &Params) -> Self {
        if let Some(id) = params.id("employee") {
            Self::Subject(Subject { kind: Kind::Employee, id })
        } else if let Some(id) = params.id("branch") {
            Self::Subject(Subject { kind: Kind::Branch, id })
        } else {
            Self::Overview { cycle: params.id("cycle") }
        }
    }
}

/// Every cycle, the latest period first; a company has far fewer than 500.
const CYCLES: &str = "  reviewCycles(orderBy: PERIOD_END, direction: DESC, first: 500) {
    totalCount
    nodes { id name periodKind periodStart periodEnd }
  }
";

/// The fields of a review shown in a ranking.
const REVIEW_FIELDS: &str = "id cycleId subjectKind subjectKey rating status totalScore
      employee { id name title }
      branch { id name }";

/// The per-KPI scores of a review.
const SCORE_FIELDS: &str = "
      comments
      scores {
        target actual score weightedScore
        kpi { code name unit weight higherIsBetter }
      }";

/// The improvement plans (with their actions) of the subject.
const PLAN_FIELDS: &str = "first: 500) {
    nodes {
      id reviewId goals status dueDate
      actions { description dueDate status completedAt }
    }
  }
";

/// The query for `scope`.
pub(crate) fn query(scope: &Scope) -> Query {
    match scope {
        Scope::Overview { cycle } => overview(*cycle),
        Scope::Subject(subject) => subject_query(subject),
    }
}

fn overview(cycle: Option<i64>) -> Query {
    let (header, filter, variables) = match cycle {
        Some(id) => (
            "query PerformanceReviewOverview($cycle: ID!) {\n",
            "filter: { cycleId: { eq: $cycle } }, orderBy: ID",
            json!({ "cycle": id.to_string() }),
        ),
        // Without a cycle the latest one is picked in `build`; the reviews of the newest
        // cycles come first (cycles are numbered as they are opened).
        None => {
            ("query PerformanceReviewOverview {\n", "orderBy: CYCLE_ID, direction: DESC", json!({}))
        }
    };
    let text = format!(
        "{header}{CYCLES}  reviews({filter}, first: 500) {{
    totalCount
    nodes {{
      {REVIEW_FIELDS}
    }}
  }}
}}
"
    );
    Query { text, variables }
}

fn subject_query(subject: &Subject) -> Query {
    let id = subject.id.to_string();
    let (header, plans, training, variables) = match subject.kind {
        Kind::Employee => (
            "query PerformanceReview($subject: String!, $employee: ID!) {\n",
            "improvementPlans(filter: { employeeId: { eq: $employee } }, ",
            "  enrollments(
    filter: { employeeId: { eq: $employee }, status: { in: [COMPLETED, FAILED] } },
    orderBy: COMPLETED_AT, direction: ASC, first: 500
  ) {
    totalCount
    nodes {
      id status score completedAt
      session { startsAt endsAt course { code title hours } }
    }
  }
",
            json!({ "subject": subject.key(), "employee": id }),
        ),
        Kind::Branch => (
            "query PerformanceReview($subject: String!, $branch: ID!) {\n",
            "improvementPlans(filter: { branchId: { eq: $branch }, employeeId: { isNull: true } }, ",
            "",
            json!({ "subject": subject.key(), "branch": id }),
        ),
    };
    let text = format!(
        "{header}{CYCLES}  reviews(filter: {{ subjectKey: {{ eq: $subject }} }}, orderBy: CYCLE_ID, direction: DESC, first: 500) {{
    totalCount
    nodes {{
      {REVIEW_FIELDS}{SCORE_FIELDS}
    }}
  }}
  {plans}{PLAN_FIELDS}{training}}}
"
    );
    Query { text, variables }
}
