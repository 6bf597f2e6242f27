//! What the host tells a plugin besides the parameters and the data: when the report is
//! generated, and whose data it holds (the requester's [`Audience`]).

use chrono::{DateTime, FixedOffset};

use crate::Locale;

/// What the host knows when a document is built, besides the parameters and the data.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildContext {
    /// When the report is generated, in the business time zone.
    pub generated_at: DateTime<FixedOffset>,
    /// The part of the company the requester may see, which is all the query returned.
    pub audience: Audience,
}

impl BuildContext {
    /// The context of a report generated at `generated_at` for `audience`.
    pub fn new(generated_at: DateTime<FixedOffset>, audience: Audience) -> Self {
        Self { generated_at, audience }
    }
}

/// Whose data a report shows: the requester's visible scope. The host runs a plugin's query
/// as the requester, so a report "of the company" requested by a branch manager holds one
/// branch; the plugin names what it holds with [`Audience::label`] or [`Audience::narrowed`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Audience {
    /// Every branch: HQ, the server's monthly archive.
    Company,
    /// The branches of one region, by the region's name.
    Region(String),
    /// One branch, by name.
    Branch(String),
    /// One person's own records (a sales rep): the person's name and, when known, the branch.
    Own { name: String, branch: Option<String> },
    /// Nothing: a scope that names no unit (a REGION scope without a region, say).
    Nothing,
}

impl Audience {
    /// The scope as a title names it: `全公司`, `华东大区`, `上海分公司`, `张伟（上海分公司）`.
    pub fn label(&self, locale: Locale) -> String {
        match self {
            Self::Company => locale.pick("全公司", "Company").to_owned(),
            Self::Region(name) | Self::Branch(name) => name.clone(),
            Self::Own { name, branch: Some(branch) } => match locale {
                Locale::ZhCn => format!("{name}（{branch}）"),
                Locale::En => format!("{name} ({branch})"),
            },
            Self::Own { name, branch: None } => name.clone(),
            Self::Nothing => locale.pick("无可查看的数据", "Nothing visible").to_owned(),
        }
    }

    /// The scope of a report narrowed to one branch (`branch` is its name): the branch, or,
    /// for a requester who sees only their own records, still those.
    pub fn narrowed(&self, branch: &str, locale: Locale) -> String {
        match self {
            Self::Own { .. } | Self::Nothing => self.label(locale),
            _ => branch.to_owned(),
        }
    }

    /// Whether the requester sees the whole company.
    pub fn is_company(&self) -> bool {
        matches!(self, Self::Company)
    }

    /// Whether the requester sees only their own records: every unit of a breakdown then
    /// holds their figures only, never the unit's.
    pub fn is_own(&self) -> bool {
        matches!(self, Self::Own { .. })
    }

    /// A unit of a breakdown (a branch, a team) as it reads in this audience: its name, or,
    /// for a requester who sees only their own records, whose records they are.
    pub fn unit(&self, name: &str, locale: Locale) -> String {
        match self {
            Self::Own { name: person, .. } => match locale {
                Locale::ZhCn => format!("{name}（仅{person}本人）"),
                Locale::En => format!("{name} ({person}'s own only)"),
            },
            _ => name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audience_names_what_the_report_holds() {
        let own = Audience::Own { name: "张伟".into(), branch: Some("上海分公司".into()) };
        assert_eq!(Audience::Company.label(Locale::ZhCn), "全公司");
        assert_eq!(Audience::Region("华东大区".into()).label(Locale::En), "华东大区");
        assert_eq!(own.label(Locale::ZhCn), "张伟（上海分公司）");
        assert_eq!(own.label(Locale::En), "张伟 (上海分公司)");
        assert_eq!(own.narrowed("上海分公司", Locale::ZhCn), "张伟（上海分公司）");
        assert_eq!(Audience::Company.narrowed("上海分公司", Locale::ZhCn), "上海分公司");
        assert_eq!(own.unit("上海分公司", Locale::ZhCn), "上海分公司（仅张伟本人）");
        assert_eq!(Audience::Branch("上海分公司".into()).unit("一组", Locale::ZhCn), "一组");
        assert_eq!(Audience::Nothing.label(Locale::En), "Nothing visible");
        assert_eq!(Audience::Nothing.narrowed("上海分公司", Locale::ZhCn), "无可查看的数据");
    }
}
