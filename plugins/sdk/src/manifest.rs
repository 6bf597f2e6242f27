//! The manifest of a report plugin (id, titles, typed parameters) and the validation of the
//! parameters a requester sends.

use std::collections::BTreeMap;

use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};
use serde_json::{Map, Value};

/// The language a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Locale {
    /// The tag of the locale: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    /// Picks the Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::ZhCn => zh,
            Self::En => en,
        }
    }
}

/// A text in both languages of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh,
            Locale::En => self.en,
        }
    }
}

/// What a plugin is and what it can be asked.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The plugin id, lowercase with dashes, such as `monthly-review`; unique in a registry.
    pub id: &'static str,
    /// The report's title.
    pub title: Text,
    /// What the report shows, in a sentence or two.
    pub description: Text,
    /// The parameters, besides `locale`, which every report takes.
    pub params: Vec<ParamSpec>,
}

/// One parameter of a report.
#[derive(Debug, Clone)]
pub struct ParamSpec {
    /// The name used in requests, such as `month` or `branch`.
    pub name: &'static str,
    /// What the parameter means.
    pub label: Text,
    /// Its type and default.
    pub kind: ParamKind,
}

/// The type of a parameter, which also fixes its default.
#[derive(Debug, Clone)]
pub enum ParamKind {
    /// A calendar month as `YYYY-MM`; by default the last complete month. Months that have
    /// not started are refused.
    Month,
    /// The id of a record of `entity` (such as `branch`); by default none, which the report
    /// reads as "all" or "the latest" as its description says.
    Id { entity: &'static str },
    /// One of a fixed set of values; `default` when not given.
    Choice { options: &'static [&'static str], default: &'static str },
}

impl ParamKind {
    /// The kind's name in the API: `MONTH`, `ID` or `CHOICE`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Month => "MONTH",
            Self::Id { .. } => "ID",
            Self::Choice { .. } => "CHOICE",
        }
    }
}

/// A validated parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// The first day of a month.
    Month(NaiveDate),
    /// A record id, or none.
    Id(Option<i64>),
    /// One of the choices.
    Choice(String),
}

/// A parameter that cannot be accepted, with the parameter's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParamError {
    /// The parameter at fault.
    pub param: String,
    /// What is wrong with it.
    pub message: String,
}

impl ParamError {
    fn new(param: &str, message: impl Into<String>) -> Self {
        Self { param: param.to_owned(), message: message.into() }
    }
}

/// The validated parameters of one run: every parameter of the manifest has a value. They
/// also carry the business time zone, so that a plugin cuts instants into days as the server
/// does (`salesMetrics` cuts its periods in that zone).
#[derive(Debug, Clone)]
pub struct Params {
    values: BTreeMap<&'static str, ParamValue>,
    locale: Locale,
    zone: Zone,
}

/// UTC+8, checked when compiling.
const UTC_8: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The business time zone: the UTC offset in force at the start of a day. The host sets it
/// from its configuration ([`Params::in_zone`]); until then it is UTC+8, the product's default
/// zone (Asia/Shanghai, which has no daylight saving time).
#[derive(Clone)]
pub struct Zone(Arc<dyn Fn(NaiveDate) -> FixedOffset + Send + Sync>);

impl Zone {
    /// A zone from the offset in force on each day.
    pub fn new(offset_on: impl Fn(NaiveDate) -> FixedOffset + Send + Sync + 'static) -> Self {
        Self(Arc::new(offset_on))
    }

    /// A zone with one offset all year.
    pub fn fixed(offset: FixedOffset) -> Self {
        Self::new(move |_| offset)
    }

    /// The offset in force at the start of `day`.
    pub fn offset_on(&self, day: NaiveDate) -> FixedOffset {
        (self.0)(day)
    }
}

impl Default for Zone {
    fn default() -> Self {
        Self::fixed(UTC_8)
    }
}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Zone").field(&self.offset_on(NaiveDate::default())).finish()
    }
}

impl Manifest {
    /// Validates `given` against the parameters and fills in the defaults. `today` is the
    /// current day in the business time zone (it decides the last complete month).
    pub fn resolve(
        &self,
        given: &Map<String, Value>,
        today: NaiveDate,
    ) -> Result<Params, ParamError> {
        if let Some(unknown) = given
            .keys()
            .find(|k| k.as_str() != "locale" && !self.params.iter().any(|p| p.name == k.as_str()))
        {
            let names: Vec<&str> = self.params.iter().map(|p| p.name).collect();
            return Err(ParamError::new(
                unknown,
                format!(
                    "unknown parameter `{unknown}`; this report takes locale, {}",
                    names.join(", ")
                ),
            ));
        }
        let locale = match given.get("locale") {
            None | Some(Value::Null) => Locale::ZhCn,
            Some(Value::String(s)) if s == "zh-CN" || s == "zh" => Locale::ZhCn,
            Some(Value::String(s)) if s == "en" => Locale::En,
            Some(_) => return Err(ParamError::new("locale", "locale is `zh-CN` or `en`")),
        };
        let mut values = BTreeMap::new();
        for spec in &self.params {
            let value = match given.get(spec.name) {
                None | Some(Value::Null) => default_of(&spec.kind, today),
                Some(raw) => parse(spec, raw, today)?,
            };
            values.insert(spec.name, value);
        }
        Ok(Params { values, locale, zone: Zone::default() })
    }
}

fn default_of(kind: &ParamKind, today: NaiveDate) -> ParamValue {
    match kind {
        ParamKind::Month => ParamValue::Month(month_start(today) - Months::new(1)),
        ParamKind::Id { .. } => ParamValue::Id(None),
        ParamKind::Choice { default, .. } => ParamValue::Choice((*default).to_owned()),
    }
}

/// The first month a report may cover: January 1970 (the years before it, and the year 0
/// in particular, are not dates the databases compute periods for alike).
pub const EARLIEST_MONTH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(day) => day,
    None => panic!("a valid date"),
};

fn parse(spec: &ParamSpec, raw: &Value, today: NaiveDate) -> Result<ParamValue, ParamError> {
    let name = spec.name;
    let text = match raw {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(ParamError::new(name, format!("`{name}` must be a string or a number"))),
    };
    match &spec.kind {
        ParamKind::Month => {
            let month =
                NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| {
                    ParamError::new(name, format!("`{name}` is a month as YYYY-MM, not `{text}`"))
                })?;
            if month > month_start(today) {
                return Err(ParamError::new(name, format!("{text} has not started yet")));
            }
            if month < EARLIEST_MONTH {
                let earliest = EARLIEST_MONTH.format("%Y-%m");
                return Err(ParamError::new(name, format!("reports cover {earliest} and later")));
            }
            Ok(ParamValue::Month(month))
        }
        ParamKind::Id { entity } => {
            if text.is_empty() {
                return Ok(ParamValue::Id(None));
            }
            match text.parse::<i64>() {
                Ok(id) if id > 0 => Ok(ParamValue::Id(Some(id))),
                _ => Err(ParamError::new(
                    name,
                    format!("`{name}` is the id of a {entity}, not `{text}`"),
                )),
            }
        }
        ParamKind::Choice { options, .. } => {
            if options.contains(&text.as_str()) {
                Ok(ParamValue::Choice(text))
            } else {
                Err(ParamError::new(name, format!("`{name}` is one of {}", options.join(", "))))
            }
        }
    }
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

impl Params {
    /// The same parameters in the business time zone `zone`.
    pub fn in_zone(mut self, zone: Zone) -> Self {
        self.zone = zone;
        self
    }

    /// The instant `day` starts in the business time zone.
    pub fn day_start(&self, day: NaiveDate) -> DateTime<FixedOffset> {
        let offset = self.zone.offset_on(day);
        let local = day.and_time(NaiveTime::MIN);
        offset
            .from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| local.and_utc().fixed_offset())
    }

    /// The business day of an instant.
    pub fn business_day<Tz: TimeZone>(&self, at: &DateTime<Tz>) -> NaiveDate {
        let utc = at.naive_utc();
        let guess = (utc + self.zone.offset_on(utc.date())).date();
        (utc + self.zone.offset_on(guess)).date()
    }

    /// The language of the report.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The first day of the month parameter `name` (the first day of the epoch if the
    /// manifest has no such month parameter, which is a plugin bug caught by its tests).
    pub fn month(&self, name: &str) -> NaiveDate {
        match self.values.get(name) {
            Some(ParamValue::Month(m)) => *m,
            _ => NaiveDate::default(),
        }
    }

    /// The last day of the month parameter `name`.
    pub fn month_end(&self, name: &str) -> NaiveDate {
        let start = self.month(name);
        (start + Months::new(1)).pred_opt().unwrap_or(start)
    }

    /// The id parameter `name`, if one was given.
    pub fn id(&self, name: &str) -> Option<i64> {
        match self.values.get(name) {
            Some(ParamValue::Id(id)) => *id,
            _ => None,
        }
    }

    /// The choice parameter `name`.
    pub fn choice(&self, name: &str) -> &str {
        match self.values.get(name) {
            Some(ParamValue::Choice(c)) => c,
            _ => "",
        }
    }

    /// The parameters as JSON, with every default filled in, as stored with a run.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for (name, value) in &self.values {
            let v = match value {
                ParamValue::Month(m) => Value::String(m.format("%Y-%m").to_string()),
                ParamValue::Id(Some(id)) => Value::String(id.to_string()),
                ParamValue::Id(None) => Value::Null,
                ParamValue::Choice(c) => Value::String(c.clone()),
            };
            map.insert((*name).to_owned(), v);
        }
        map.insert("locale".into(), Value::String(self.locale.tag().into()));
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            id: "t",
            title: Text { zh: "测试", en: "Test" },
            description: Text { zh: "", en: "" },
            params: vec![
                ParamSpec {
                    name: "month",
                    label: Text { zh: "月份", en: "Month" },
                    kind: ParamKind::Month,
                },
                ParamSpec {
                    name: "branch",
                    label: Text { zh: "分公司", en: "Branch" },
                    kind: ParamKind::Id { entity: "branch" },
                },
                ParamSpec {
                    name: "by",
                    label: Text { zh: "", en: "" },
                    kind: ParamKind::Choice { options: &["A", "B"], default: "A" },
                },
            ],
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn defaults_are_the_last_complete_month_all_branches_and_chinese() {
        let p = manifest().resolve(&Map::new(), day("2026-03-01")).unwrap();
        assert_eq!(p.month("month"), day("2026-02-01"));
        assert_eq!(p.month_end("month"), day("2026-02-28"));
        assert_eq!(p.id("branch"), None);
        assert_eq!(p.choice("by"), "A");
        assert_eq!(p.locale(), Locale::ZhCn);
        assert_eq!(
            p.to_json(),
            json!({"month": "2026-02", "branch": null, "by": "A", "locale": "zh-CN"})
        );
    }

    #[test]
    fn days_start_in_the_business_time_zone() {
        let p = manifest().resolve(&Map::new(), day("2026-03-01")).unwrap();
        assert_eq!(p.day_start(day("2026-02-01")).to_rfc3339(), "2026-02-01T00:00:00+08:00");
        // New York: UTC-5 in winter, UTC-4 from the second Sunday of March.
        let hour = 3600;
        let new_york = Zone::new(move |d| {
            let summer = d >= day("2026-03-08") && d < day("2026-11-01");
            FixedOffset::west_opt(if summer { 4 * hour } else { 5 * hour }).unwrap()
        });
        let p = p.in_zone(new_york);
        assert_eq!(p.day_start(day("2026-02-01")).to_rfc3339(), "2026-02-01T00:00:00-05:00");
        assert_eq!(p.day_start(day("2026-07-01")).to_rfc3339(), "2026-07-01T00:00:00-04:00");
        let late = DateTime::parse_from_rfc3339("2026-07-01T03:30:00Z").unwrap();
        assert_eq!(p.business_day(&late), day("2026-06-30"));
        let winter = DateTime::parse_from_rfc3339("2026-01-01T04:59:59Z").unwrap();
        assert_eq!(p.business_day(&winter), day("2025-12-31"));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let m = manifest();
        let today = day("2026-03-15");
        let err = |v: Value| m.resolve(v.as_object().unwrap(), today).unwrap_err();
        assert_eq!(err(json!({"month": "2026-13"})).param, "month");
        assert_eq!(err(json!({"month": "2026-04"})).message, "2026-04 has not started yet");
        assert_eq!(err(json!({"branch": "x"})).param, "branch");
        assert_eq!(err(json!({"branch": -3})).param, "branch");
        assert_eq!(err(json!({"by": "C"})).message, "`by` is one of A, B");
        assert_eq!(err(json!({"locale": "fr"})).param, "locale");
        assert_eq!(err(json!({"brnach": "1"})).param, "brnach");
        let ok = m
            .resolve(
                json!({"month": "2026-03", "branch": 7, "locale": "en"}).as_object().unwrap(),
                today,
            )
            .unwrap();
        assert_eq!(
            (ok.month("month"), ok.id("branch"), ok.locale()),
            (day("2026-03-01"), Some(7), Locale::En)
        );
    }
}
