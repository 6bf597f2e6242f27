//! Plain edits of the report templates branches fill in.

use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::report_templates;

use super::ReportTemplate;
use crate::graphql::crud::{Enum, Flag, Table, Text, crud, no_check, visible};

const REPORT_TEMPLATES: Table<report_templates::Entity> = Table {
    what: "report template",
    actions: ["reportTemplate.create", "reportTemplate.update", "reportTemplate.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of the templates of branch reports.
    ReportTemplateMutation: ReportTemplate(report_templates) {
        table: REPORT_TEMPLATES,
        /// The fields of a report template; on update, only those given change.
        input: ReportTemplateInput,
        /// Creates a report template (HQ_ADMIN).
        create: create_report_template,
        /// Changes a report template (HQ_ADMIN), if it is still at the version you read.
        update: update_report_template,
        /// Deletes a template no report was written with (HQ_ADMIN); CONFLICT otherwise:
        /// deactivate it instead.
        delete: delete_report_template,
    }
    fields {
        /// Its name, 2 to 100 characters, such as 分公司月度经营报告.
        name: Text<2, 100> => name,
        /// How often reports of this template are due.
        kind: Enum<model::ReportCadence> => kind,
        /// The sections a report must cover, 1 to 4,000 characters.
        sections: Text<1, 4000> => sections,
        /// Whether branches use it (default true).
        is_active: Flag = true => is_active,
    }
    server |p, now| {}
}
