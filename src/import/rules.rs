//! Filters in an export (`spec/campaign-export.md`, "Filter"): groups and
//! conditions, each op checked against the kind of its value.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::json::{Fields, JsonPath, Problems, describe, quote, read_u32};
use crate::model::{
    AttributeTest, BlockId, Condition, DateOp, DaysAgoOp, EngagementOp, EventTest, Filter,
    MAX_FILTER_DEPTH, NumberOp, SegmentOp, TagOp, TextOp,
};

/// A checked filter. Engagement conditions still name a message (by its place in
/// the export), since the content blocks they will name do not exist yet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    All(Vec<Rule>),
    Any(Vec<Rule>),
    Condition(Condition),
    Engagement { message: usize, op: EngagementOp },
}

impl Rule {
    /// True when it holds no condition at any depth (`{"all": []}`, nested empty groups).
    pub fn is_empty(&self) -> bool {
        match self {
            Rule::All(items) | Rule::Any(items) => items.iter().all(Rule::is_empty),
            Rule::Condition(_) | Rule::Engagement { .. } => false,
        }
    }

    /// The series filter, with each message replaced by its content block.
    pub fn to_filter(&self, content_block: &dyn Fn(usize) -> BlockId) -> Filter {
        match self {
            Rule::All(items) => {
                Filter::All(items.iter().map(|i| i.to_filter(content_block)).collect())
            }
            Rule::Any(items) => {
                Filter::Any(items.iter().map(|i| i.to_filter(content_block)).collect())
            }
            Rule::Condition(c) => Filter::Condition(c.clone()),
            Rule::Engagement { message, op } => Filter::Condition(Condition::Engagement {
                block: content_block(*message),
                op: *op,
            }),
        }
    }
}

const TEXT_OPS: [(&str, TextOp); 6] = [
    ("is", TextOp::Is),
    ("is_not", TextOp::IsNot),
    ("contains", TextOp::Contains),
    ("not_contains", TextOp::NotContains),
    ("starts_with", TextOp::StartsWith),
    ("ends_with", TextOp::EndsWith),
];
const NUMBER_OPS: [(&str, NumberOp); 4] = [
    ("is", NumberOp::Is),
    ("is_not", NumberOp::IsNot),
    ("greater_than", NumberOp::GreaterThan),
    ("less_than", NumberOp::LessThan),
];
const DAYS_AGO_OPS: [(&str, DaysAgoOp); 3] = [
    ("more_than_days_ago", DaysAgoOp::MoreThan),
    ("less_than_days_ago", DaysAgoOp::LessThan),
    ("exactly_days_ago", DaysAgoOp::Exactly),
];
const DATE_OPS: [(&str, DateOp); 3] = [
    ("before", DateOp::Before),
    ("after", DateOp::After),
    ("on", DateOp::On),
];
const NO_VALUE_OPS: [(&str, AttributeTest); 2] = [
    ("is_unknown", AttributeTest::IsUnknown),
    ("has_any_value", AttributeTest::HasAnyValue),
];
const EVENT_OPS: [&str; 4] = [
    "performed",
    "not_performed",
    "count_at_least",
    "count_at_most",
];
const TAG_OPS: [(&str, TagOp); 2] = [("has", TagOp::Has), ("has_not", TagOp::HasNot)];
const SEGMENT_OPS: [(&str, SegmentOp); 2] = [("in", SegmentOp::In), ("not_in", SegmentOp::NotIn)];
const ENGAGEMENT_OPS: [(&str, EngagementOp); 10] = [
    ("received", EngagementOp::Received),
    ("not_received", EngagementOp::NotReceived),
    ("opened", EngagementOp::Opened),
    ("not_opened", EngagementOp::NotOpened),
    ("clicked", EngagementOp::Clicked),
    ("not_clicked", EngagementOp::NotClicked),
    ("replied", EngagementOp::Replied),
    ("not_replied", EngagementOp::NotReplied),
    ("completed", EngagementOp::Completed),
    ("dismissed", EngagementOp::Dismissed),
];

/// The keys that say what a filter object is; exactly one must be present.
const KINDS: [&str; 7] = [
    "all",
    "any",
    "attribute",
    "event",
    "tag",
    "segment",
    "message",
];

fn lookup<T: Clone>(table: &[(&str, T)], op: &str) -> Option<T> {
    table
        .iter()
        .find(|(name, _)| *name == op)
        .map(|(_, t)| t.clone())
}

fn names<T>(table: &[(&str, T)]) -> String {
    table
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_attribute_op(op: &str) -> bool {
    lookup(&TEXT_OPS, op).is_some()
        || lookup(&NUMBER_OPS, op).is_some()
        || lookup(&DAYS_AGO_OPS, op).is_some()
        || lookup(&DATE_OPS, op).is_some()
        || lookup(&NO_VALUE_OPS, op).is_some()
}

/// Why an op does not fit the value: `kind` is "a text value ("pro")", `fits`
/// the ops that would.
fn op_misfit(op: &str, kind: &str, fits: &str) -> String {
    if is_attribute_op(op) {
        format!("op {} does not work with {kind}; {fits}", quote(op))
    } else {
        format!("{} is not an attribute op; for {kind}, {fits}", quote(op))
    }
}

/// Reads filters; knows the export's message ids so engagement conditions can be checked.
pub(super) struct RuleReader<'a> {
    /// Each message id with the place of the first message that has it.
    pub message_ids: &'a HashMap<&'a str, usize>,
    /// The ids in priority order, for messages that list them.
    pub ordered_ids: &'a [&'a str],
}

impl RuleReader<'_> {
    /// Reads the filter at `path`; `None` when it has problems (all of them reported).
    pub fn read(&self, value: &Value, path: &JsonPath, problems: &mut Problems) -> Option<Rule> {
        self.read_in(value, path, 0, problems)
    }

    /// [`RuleReader::read`] for a filter inside `groups` groups.
    fn read_in(
        &self,
        value: &Value,
        path: &JsonPath,
        groups: usize,
        problems: &mut Problems,
    ) -> Option<Rule> {
        let fields = Fields::of(value, path, "a filter", problems)?;
        let kinds: Vec<&str> = KINDS.into_iter().filter(|k| fields.has(k)).collect();
        match kinds.as_slice() {
            [] => {
                problems.add(
                    path,
                    "is not a filter: a filter is a group (\"all\" or \"any\") or a condition \
                     (\"attribute\", \"event\", \"tag\", \"segment\" or \"message\")",
                );
                None
            }
            ["all" | "any"] if groups >= MAX_FILTER_DEPTH => {
                // A series file could not hold it (see MAX_FILTER_DEPTH).
                problems.add(
                    path,
                    format!(
                        "is a group inside {groups} other groups; a series keeps at most \
                         {MAX_FILTER_DEPTH} groups inside one another: flatten the filter"
                    ),
                );
                None
            }
            ["all"] => self
                .group(&fields, "all", groups + 1, problems)
                .map(Rule::All),
            ["any"] => self
                .group(&fields, "any", groups + 1, problems)
                .map(Rule::Any),
            ["attribute"] => attribute(&fields, problems),
            ["event"] => event(&fields, problems),
            ["tag"] => named_condition(&fields, "tag", &TAG_OPS, problems)
                .map(|(tag, op)| Rule::Condition(Condition::Tag { tag, op })),
            ["segment"] => named_condition(&fields, "segment", &SEGMENT_OPS, problems)
                .map(|(segment, op)| Rule::Condition(Condition::Segment { segment, op })),
            ["message"] => self.engagement(&fields, problems),
            several => {
                let listed: Vec<String> = several.iter().map(|k| quote(k)).collect();
                problems.add(
                    path,
                    format!(
                        "has {}: a filter is either one group (\"all\" or \"any\") or one \
                         condition; put them in separate items of a group",
                        listed.join(" and ")
                    ),
                );
                None
            }
        }
    }

    /// The items of a group that is itself inside `groups` - 1 groups.
    fn group(
        &self,
        fields: &Fields,
        key: &str,
        groups: usize,
        problems: &mut Problems,
    ) -> Option<Vec<Rule>> {
        let path = fields.path_of(key);
        let value = fields.required(key, "a list of filters", problems)?;
        let Value::Array(items) = value else {
            problems.add(
                &path,
                format!(
                    "must be a list of filters [ … ], but it is {}",
                    describe(value)
                ),
            );
            return None;
        };
        // Read every item, so each bad one is reported.
        let read: Vec<Option<Rule>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.read_in(item, &path.item(i), groups, problems))
            .collect();
        read.into_iter().collect()
    }

    fn engagement(&self, fields: &Fields, problems: &mut Problems) -> Option<Rule> {
        let what = "the id of a message in this export (text)";
        let message = fields.text("message", what, problems).and_then(|id| {
            let found = self.message_ids.get(id).copied();
            if found.is_none() {
                problems.add(
                    &fields.path_of("message"),
                    format!(
                        "no message in this export has the id {}; the ids are: {}",
                        quote(id),
                        self.id_list()
                    ),
                );
            }
            found
        });
        let op = read_op(fields, &ENGAGEMENT_OPS, "a message", problems);
        Some(Rule::Engagement {
            message: message?,
            op: op?,
        })
    }

    fn id_list(&self) -> String {
        const SHOWN: usize = 10;
        let mut list: Vec<String> = self
            .ordered_ids
            .iter()
            .take(SHOWN)
            .map(|id| quote(id))
            .collect();
        if self.ordered_ids.len() > SHOWN {
            list.push(format!("and {} more", self.ordered_ids.len() - SHOWN));
        }
        if list.is_empty() {
            "none".into()
        } else {
            list.join(", ")
        }
    }
}

/// The `op` of a condition, from a table; `about` says what the condition is on.
fn read_op<T: Clone>(
    fields: &Fields,
    table: &[(&str, T)],
    about: &str,
    problems: &mut Problems,
) -> Option<T> {
    let op = fields.text("op", "the condition's op (text)", problems)?;
    let found = lookup(table, op);
    if found.is_none() {
        problems.add(
            &fields.path_of("op"),
            format!(
                "{} is not an op for a condition on {about}; use one of: {}",
                quote(op),
                names(table)
            ),
        );
    }
    found
}

/// Tag and segment conditions: a name and an op.
fn named_condition<T: Clone>(
    fields: &Fields,
    key: &str,
    table: &[(&str, T)],
    problems: &mut Problems,
) -> Option<(String, T)> {
    let name = fields.name(key, &format!("the {key}'s name (text)"), problems);
    let op = read_op(fields, table, &format!("a {key}"), problems);
    Some((name?.to_string(), op?))
}

fn event(fields: &Fields, problems: &mut Problems) -> Option<Rule> {
    let event = fields.name("event", "the event's name (text)", problems);
    let test = fields
        .text("op", "the condition's op (text)", problems)
        .and_then(|op| event_test(fields, op, problems));
    Some(Rule::Condition(Condition::Event {
        event: event?.to_string(),
        test: test?,
    }))
}

fn event_test(fields: &Fields, op: &str, problems: &mut Problems) -> Option<EventTest> {
    let count = |problems: &mut Problems| {
        let value = fields.required("value", "how many times (a whole number)", problems)?;
        read_u32(
            value,
            &fields.path_of("value"),
            0,
            "a number of times",
            problems,
        )
    };
    match op {
        "performed" => Some(EventTest::Performed),
        "not_performed" => Some(EventTest::NotPerformed),
        "count_at_least" => count(problems).map(EventTest::CountAtLeast),
        "count_at_most" => count(problems).map(EventTest::CountAtMost),
        other => {
            problems.add(
                &fields.path_of("op"),
                format!(
                    "{} is not an op for a condition on an event; use one of: {}",
                    quote(other),
                    EVENT_OPS.join(", ")
                ),
            );
            None
        }
    }
}

fn attribute(fields: &Fields, problems: &mut Problems) -> Option<Rule> {
    let name = fields.name("attribute", "the attribute's name (text)", problems);
    let test = fields
        .text("op", "the condition's op (text)", problems)
        .and_then(|op| attribute_test(fields, op, problems));
    Some(Rule::Condition(Condition::Attribute {
        attribute: name?.to_string(),
        test: test?,
    }))
}

/// The test of an attribute condition: the value's JSON kind decides which ops fit.
fn attribute_test(fields: &Fields, op: &str, problems: &mut Problems) -> Option<AttributeTest> {
    let op_path = fields.path_of("op");
    let value_path = fields.path_of("value");
    if let Some(test) = lookup(&NO_VALUE_OPS, op) {
        if let Some(value) = fields.get("value") {
            problems.add(
                &value_path,
                format!(
                    "op {} takes no value, but this condition has {}; remove the value",
                    quote(op),
                    describe(value)
                ),
            );
            return None;
        }
        return Some(test);
    }
    let Some(value) = fields.get("value") else {
        if is_attribute_op(op) {
            let found = if fields.has("value") {
                "is null"
            } else {
                "is missing"
            };
            problems.add(
                &value_path,
                format!("{found}; op {} needs a value to compare with", quote(op)),
            );
        } else {
            problems.add(&op_path, unknown_op(op));
        }
        return None;
    };
    match value {
        Value::String(text) => {
            if let Some(op) = lookup(&TEXT_OPS, op) {
                return Some(AttributeTest::Text {
                    op,
                    value: text.clone(),
                });
            }
            if let Some(op) = lookup(&DATE_OPS, op) {
                return match parse_date(text) {
                    Ok(date) => Some(AttributeTest::Date { op, date }),
                    Err(why) => {
                        problems.add(&value_path, why);
                        None
                    }
                };
            }
            if lookup(&DAYS_AGO_OPS, op).is_some() {
                problems.add(
                    &value_path,
                    format!(
                        "op {} needs a whole number of days, but the value is {}",
                        quote(op),
                        describe(value)
                    ),
                );
                return None;
            }
            problems.add(
                &op_path,
                op_misfit(
                    op,
                    &format!("a text value ({})", quote(text)),
                    &format!(
                        "use one of: {}; with a date \"YYYY-MM-DD\": {}",
                        names(&TEXT_OPS),
                        names(&DATE_OPS)
                    ),
                ),
            );
            None
        }
        Value::Number(n) => {
            if let Some(op) = lookup(&DAYS_AGO_OPS, op) {
                return read_u32(value, &value_path, 0, "a number of days", problems)
                    .map(|days| AttributeTest::DaysAgo { op, days });
            }
            if let (Some(op), Some(value)) = (lookup(&NUMBER_OPS, op), n.as_f64()) {
                return Some(AttributeTest::Number { op, value });
            }
            problems.add(
                &op_path,
                op_misfit(
                    op,
                    &format!("a number value ({n})"),
                    &format!(
                        "use one of: {}; with a number of days: {}",
                        names(&NUMBER_OPS),
                        names(&DAYS_AGO_OPS)
                    ),
                ),
            );
            None
        }
        Value::Bool(b) => {
            if op == "is" {
                return Some(AttributeTest::Boolean { value: *b });
            }
            problems.add(
                &op_path,
                op_misfit(op, &format!("a true/false value ({b})"), "use \"is\""),
            );
            None
        }
        other => {
            problems.add(
                &value_path,
                format!(
                    "must be text, a number, true/false or a date \"YYYY-MM-DD\", but it is {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn unknown_op(op: &str) -> String {
    format!(
        "{} is not an attribute op; use one of: {} (text); {} (numbers); {} (true/false); \
         {} (days ago); {} (dates); {} (no value)",
        quote(op),
        names(&TEXT_OPS),
        names(&NUMBER_OPS),
        "is",
        names(&DAYS_AGO_OPS),
        names(&DATE_OPS),
        names(&NO_VALUE_OPS)
    )
}

/// A date written exactly `YYYY-MM-DD`, and one that exists.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!(
            "must be a date written YYYY-MM-DD (like 2021-06-01), but it is {}",
            quote(text)
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{} is not a real date", quote(text)))
}
