//! Training and development (培训与发展): courses, sessions, enrollments, promotion records.

use chrono::Duration;
use rand::RngExt;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::{Bulk, V};

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn training(&mut self) -> Result<(), DbErr> {
        let courses = [
            ("ONB-101", "新员工入职培训", "ONBOARDING", 16, true),
            ("PRD-201", "网络产品线知识", "PRODUCT", 8, true),
            ("PRD-202", "服务器与存储方案", "PRODUCT", 8, false),
            ("SKL-301", "顾问式销售技巧", "SALES_SKILL", 12, true),
            ("SKL-302", "大客户谈判策略", "SALES_SKILL", 8, false),
            ("SVC-401", "客户服务与投诉处理", "SERVICE", 6, false),
            ("MGT-501", "销售团队管理", "MANAGEMENT", 12, false),
            ("SKL-303", "竞品分析与应对", "SALES_SKILL", 4, false),
        ];
        let mut rows = self.bulk(
            "courses",
            &["id", "code", "title", "category", "hours", "is_mandatory", "description"],
        );
        for (i, (code, title, category, hours, mandatory)) in courses.iter().enumerate() {
            let description = format!("{title}({hours} 学时)");
            rows.row(&[
                (i as i32 + 1).into(),
                (*code).into(),
                (*title).into(),
                (*category).into(),
                Decimal::from(*hours).into(),
                (*mandatory).into(),
                description.as_str().into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("courses", n);

        let mut sessions = self.bulk(
            "training_sessions",
            &[
                "id",
                "course_id",
                "branch_id",
                "trainer",
                "starts_at",
                "ends_at",
                "location",
                "capacity",
                "status",
            ],
        );
        let mut enrollments = self.bulk(
            "enrollments",
            &["id", "session_id", "employee_id", "status", "score", "completed_at"],
        );
        let (mut session_id, mut enrollment_id) = (0, 0);
        for (c, (_, _, _, hours, _)) in courses.iter().enumerate() {
            // Eight sessions of every course over the two years, in turn across the branches.
            for k in 0..8 {
                session_id += 1;
                let b = (c * 3 + k) % self.branches.len();
                let month = self.months[(c * 5 + k * 3 + 1) % self.months.len()];
                let day = self.day_in(month);
                let starts = self.at(day, 9, 30);
                let done = day < self.as_of;
                sessions.push(&[
                    session_id.into(),
                    (c as i32 + 1).into(),
                    self.branches[b].id.into(),
                    "总部培训中心讲师".into(),
                    V::T(starts),
                    V::T(starts + Duration::hours(i64::from(*hours))),
                    format!("{}培训室", self.branches[b].city).as_str().into(),
                    20.into(),
                    if done { "DONE" } else { "PLANNED" }.into(),
                ])?;
                // Eight of the branch's reps, a different eight each time.
                let reps: Vec<i32> = self.branches[b].reps.iter().map(|r| r.0).collect();
                let seats: Vec<i32> =
                    (0..8).map(|n| reps[(session_id as usize * 3 + n) % reps.len()]).collect();
                for employee in seats {
                    enrollment_id += 1;
                    let (status, score, completed) = if !done {
                        ("ENROLLED", None, None)
                    } else if self.rng.random_range(0..20) == 0 {
                        ("FAILED", Some(Decimal::from(self.rng.random_range(40..60))), None)
                    } else {
                        let completed = starts + Duration::hours(i64::from(*hours));
                        (
                            "COMPLETED",
                            Some(Decimal::from(self.rng.random_range(70..100))),
                            Some(completed),
                        )
                    };
                    enrollments.push(&[
                        enrollment_id.into(),
                        session_id.into(),
                        employee.into(),
                        status.into(),
                        score.into(),
                        completed.into(),
                    ])?;
                }
                Bulk::flush_together(&mut [&mut sessions, &mut enrollments]).await?;
            }
        }
        for (table, writer) in [("training_sessions", sessions), ("enrollments", enrollments)] {
            let n = writer.finish().await?;
            self.done(table, n);
        }

        // Everyone above the first level was promoted into it.
        let mut rows = self.bulk(
            "promotion_records",
            &[
                "id",
                "employee_id",
                "from_level_id",
                "to_level_id",
                "effective_on",
                "reason",
                "approved_by_id",
            ],
        );
        let mut id = 0;
        for (e, level) in self.employee_levels.clone().iter().enumerate() {
            if *level == 0 {
                continue;
            }
            id += 1;
            // Promoted one to three years after joining, and before the data starts.
            let hire = self.employee_hires[e];
            let day = (hire + Duration::days(365 * (1 + e as i64 % 3)))
                .min(self.months[0] - Duration::days(30))
                .max(hire + Duration::days(30));
            rows.row(&[
                id.into(),
                (e as i32 + 1).into(),
                self.level_ids[level - 1].into(),
                self.level_ids[*level].into(),
                day.into(),
                "年度考核优秀,晋升一级".into(),
                self.hq[0].into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("promotion_records", n);
        Ok(())
    }
}
