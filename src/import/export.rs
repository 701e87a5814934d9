//! Reading a `campaign/v1` export (`spec/campaign-export.md`): from bytes to a
//! checked [`Campaign`], or every problem in it, each at its JSON path.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::error::Problem;
use super::json::{Fields, JsonPath, Problems, describe, quote, read_count, read_days};
use super::migrate::MAX_MESSAGES;
use super::rules::{Rule, RuleReader};
use crate::model::{CampaignState, ContentType, MAX_FILTER_DEPTH};

/// The only export format this version reads.
pub const SUPPORTED_FORMAT: &str = "campaign/v1";

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Campaign {
    pub id: String,
    pub name: String,
    pub state: CampaignState,
    pub entry_rules: Rule,
    pub exit_rules: Option<Rule>,
    pub goal: Option<GoalRules>,
    pub message_spacing_days: u32,
    pub exit_after_days_without_message: Option<u32>,
    /// In priority order; at least one.
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoalRules {
    pub rules: Rule,
    pub within_days: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Message {
    pub id: String,
    pub title: String,
    pub content_type: ContentType,
    pub subject: Option<String>,
    pub body: String,
    /// `None` when the export gives none (or `null`): everyone in the campaign.
    pub audience_rules: Option<Rule>,
    pub stats: BTreeMap<String, u64>,
}

const STATES: [(&str, CampaignState); 4] = [
    ("draft", CampaignState::Draft),
    ("live", CampaignState::Live),
    ("paused", CampaignState::Paused),
    ("emptying", CampaignState::Emptying),
];

/// Reads and checks an export. Unknown fields are ignored; every problem is reported.
pub(crate) fn read(bytes: &[u8]) -> Result<Campaign, Vec<Problem>> {
    let text = decode(bytes)?;
    let value = parse(text)?;
    let mut problems = Problems::default();
    let campaign = read_top(&value, &mut problems);
    match campaign {
        Some(campaign) if problems.is_empty() => Ok(campaign),
        _ => {
            let mut list = problems.into_vec();
            if list.is_empty() {
                // Every path that gives up reports why; this only guards that promise.
                list.push(Problem::at("campaign", "could not be read"));
            }
            Err(list)
        }
    }
}

/// Whether a file is meant as a campaign export rather than a series: it is a
/// JSON object (a series file is RON, and starts with `(`). Such a file opened
/// as a series goes to the import preview, which says what, if anything, is
/// wrong with it.
pub fn is_json_object(bytes: &[u8]) -> bool {
    decode(bytes).is_ok_and(|text| text.trim_start().starts_with('{'))
}

/// The text of the file: UTF-8, with a leading byte-order mark allowed.
fn decode(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let offset = e.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..offset]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(vec![Problem::in_text(
                line,
                column,
                format!(
                    "the file is not UTF-8 text (unreadable bytes at byte {offset}); \
                     export the campaign again, or save the file as UTF-8"
                ),
            )])
        }
    }
}

fn parse(text: &str) -> Result<Value, Vec<Problem>> {
    if text.trim().is_empty() {
        return Err(vec![Problem::at(
            "",
            "the file is empty; a campaign export is a JSON object",
        )]);
    }
    serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        // serde_json ends its message with the position, which the problem holds already.
        let what = full
            .rfind(" at line ")
            .map_or(full.as_str(), |at| &full[..at]);
        let message = if what == "recursion limit exceeded" {
            // Only filters nest in an export; say so rather than speak of recursion.
            format!(
                "filters nest too deeply here: a series keeps at most {MAX_FILTER_DEPTH} \
                 groups inside one another"
            )
        } else if e.is_eof() {
            format!("the file ends too early, it is cut short ({what})")
        } else {
            format!("this is not valid JSON: {what}")
        };
        vec![Problem::in_text(e.line(), e.column().max(1), message)]
    })
}

fn read_top(value: &Value, problems: &mut Problems) -> Option<Campaign> {
    let root = JsonPath::Root;
    let Value::Object(_) = value else {
        problems.add(
            &root,
            format!(
                "a campaign export is a JSON object {{ … }}, but this file holds {}",
                describe(value)
            ),
        );
        return None;
    };
    let top = Fields::of(value, &root, "a campaign export", problems)?;
    match top.get("export_format") {
        Some(Value::String(found)) if found == SUPPORTED_FORMAT => {}
        Some(Value::String(found)) => {
            // Another format may differ anywhere: reading on would only add noise.
            problems.add(
                &top.path_of("export_format"),
                format!(
                    "this export's format is {}; series-builder reads \"{SUPPORTED_FORMAT}\" \
                     only: export the campaign again as \"{SUPPORTED_FORMAT}\"",
                    quote(found)
                ),
            );
            return None;
        }
        Some(other) => problems.add(
            &top.path_of("export_format"),
            format!(
                "must be \"{SUPPORTED_FORMAT}\", but it is {}",
                describe(other)
            ),
        ),
        None => problems.add(
            &top.path_of("export_format"),
            format!("is missing; a campaign export says \"export_format\": \"{SUPPORTED_FORMAT}\""),
        ),
    }
    if let Some(at) = top.optional_text("exported_at", "a date and time (RFC 3339)", problems)
        && chrono::DateTime::parse_from_rfc3339(at).is_err()
    {
        problems.add(
            &top.path_of("exported_at"),
            format!(
                "must be a date and time like 2021-05-20T09:30:00Z, but it is {}",
                quote(at)
            ),
        );
    }
    let campaign = top.required("campaign", "the campaign (an object)", problems)?;
    read_campaign(campaign, &top.path_of("campaign"), problems)
}

fn read_campaign(value: &Value, path: &JsonPath, problems: &mut Problems) -> Option<Campaign> {
    let c = Fields::of(value, path, "the campaign", problems)?;
    // Engagement conditions may name any message, also a later one: collect ids first.
    // (Problems with the list itself are reported in field order, below.)
    let listed = c.get("messages").and_then(Value::as_array);
    let mut ordered_ids: Vec<&str> = Vec::new();
    let mut message_ids: HashMap<&str, usize> = HashMap::new();
    for (i, m) in listed
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(id) = m.get("id").and_then(Value::as_str)
            && !message_ids.contains_key(id)
        {
            message_ids.insert(id, i);
            ordered_ids.push(id);
        }
    }
    let rules = RuleReader {
        message_ids: &message_ids,
        ordered_ids: &ordered_ids,
    };

    let id = c.text("id", "the campaign's id (text)", problems);
    let name = c.name("name", "the campaign's name (text)", problems);
    let state = c
        .text(
            "state",
            "the campaign's state: draft, live, paused or emptying",
            problems,
        )
        .and_then(|s| {
            let found = STATES.iter().find(|(n, _)| *n == s).map(|(_, st)| *st);
            if found.is_none() {
                problems.add(
                    &c.path_of("state"),
                    format!(
                        "{} is not a campaign state; it must be one of: draft, live, paused, emptying",
                        quote(s)
                    ),
                );
            }
            found
        });
    let entry_rules = c
        .required("entry_rules", "a filter: who enters the campaign", problems)
        .and_then(|v| rules.read(v, &c.path_of("entry_rules"), problems));
    let exit_rules = optional_rule(&c, "exit_rules", &rules, problems);
    let goal = match c.get("goal") {
        None => Some(None),
        Some(v) => read_goal(v, &c.path_of("goal"), &rules, problems).map(Some),
    };
    let spacing = c
        .required(
            "message_spacing_days",
            "the days between two messages (a whole number, 0 or more)",
            problems,
        )
        .and_then(|v| read_days(v, &c.path_of("message_spacing_days"), 0, problems));
    let exit_after = match c.get("exit_after_days_without_message") {
        None => Some(None),
        Some(v) => read_days(
            v,
            &c.path_of("exit_after_days_without_message"),
            1,
            problems,
        )
        .map(Some),
    };
    let messages_path = c.path_of("messages");
    let messages_list = c
        .required(
            "messages",
            "the campaign's messages (a list, in priority order)",
            problems,
        )
        .and_then(|v| message_list(v, &messages_path, problems));
    let messages: Option<Vec<Message>> = messages_list.and_then(|list| {
        let read: Vec<Option<Message>> = list
            .iter()
            .enumerate()
            .map(|(i, m)| {
                read_message(m, &messages_path.item(i), i, &message_ids, &rules, problems)
            })
            .collect();
        read.into_iter().collect()
    });
    Some(Campaign {
        id: id?.to_string(),
        name: name?.to_string(),
        state: state?,
        entry_rules: entry_rules?,
        exit_rules: exit_rules?,
        goal: goal?,
        message_spacing_days: spacing?,
        exit_after_days_without_message: exit_after?,
        messages: messages?,
    })
}

/// The messages list, when it is a list with at least one message.
fn message_list<'a>(
    value: &'a Value,
    path: &JsonPath,
    problems: &mut Problems,
) -> Option<&'a [Value]> {
    match value {
        Value::Array(list) if list.is_empty() => {
            problems.add(
                path,
                "is empty; a campaign export needs at least one message",
            );
            None
        }
        Value::Array(list) if list.len() > MAX_MESSAGES => {
            problems.add(
                path,
                format!(
                    "has {} messages; a series made from a campaign holds at most {MAX_MESSAGES}, \
                     one column each across the canvas",
                    list.len()
                ),
            );
            None
        }
        Value::Array(list) => Some(list),
        other => {
            problems.add(
                path,
                format!(
                    "must be a list of messages [ … ], but it is {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

/// A filter that may be left out or `null`: `Some(None)` then; `None` when it has problems.
fn optional_rule(
    fields: &Fields,
    key: &str,
    rules: &RuleReader,
    problems: &mut Problems,
) -> Option<Option<Rule>> {
    match fields.get(key) {
        None => Some(None),
        Some(v) => rules.read(v, &fields.path_of(key), problems).map(Some),
    }
}

fn read_goal(
    value: &Value,
    path: &JsonPath,
    rules: &RuleReader,
    problems: &mut Problems,
) -> Option<GoalRules> {
    let g = Fields::of(value, path, "the goal", problems)?;
    let goal_rules = g
        .required("rules", "a filter: who hit the goal", problems)
        .and_then(|v| rules.read(v, &g.path_of("rules"), problems));
    let within_days = g
        .required(
            "within_days",
            "the days after entry in which the goal counts (a whole number, 1 or more)",
            problems,
        )
        .and_then(|v| read_days(v, &g.path_of("within_days"), 1, problems));
    Some(GoalRules {
        rules: goal_rules?,
        within_days: within_days?,
    })
}

fn read_message(
    value: &Value,
    path: &JsonPath,
    index: usize,
    message_ids: &HashMap<&str, usize>,
    rules: &RuleReader,
    problems: &mut Problems,
) -> Option<Message> {
    let m = Fields::of(value, path, "a message", problems)?;
    let id = m.text("id", "the message's id (text)", problems);
    if let Some(id) = id
        && let Some(first) = message_ids.get(id).filter(|first| **first != index)
    {
        problems.add(
            &m.path_of("id"),
            format!(
                "the id {} is also used by campaign.messages[{first}]; every message needs its own id",
                quote(id)
            ),
        );
    }
    let title = m.name("title", "the message's title (text)", problems);
    let content_type = m
        .text(
            "content_type",
            "the message's content type (text)",
            problems,
        )
        .and_then(|t| {
            let found = ContentType::from_export_name(t);
            if found.is_none() {
                let known: Vec<&str> = ContentType::ALL.iter().map(|t| t.export_name()).collect();
                problems.add(
                    &m.path_of("content_type"),
                    format!(
                        "{} is not a content type series-builder knows; it must be one of: {}",
                        quote(t),
                        known.join(", ")
                    ),
                );
            }
            found
        });
    // `None` from a bad subject must not look like "no subject".
    let subject = match m.get("subject") {
        None => Some(None),
        Some(_) => m
            .optional_text("subject", "the email's subject (text)", problems)
            .map(|s| Some(s.to_string())),
    };
    let body = m.text("body", "the message's text (text, may be empty)", problems);
    let audience_rules = optional_rule(&m, "audience_rules", rules, problems);
    let stats = match m.get("stats") {
        None => Some(BTreeMap::new()),
        Some(v) => read_stats(v, &m.path_of("stats"), problems),
    };
    Some(Message {
        id: id?.to_string(),
        title: title?.to_string(),
        content_type: content_type?,
        subject: subject?,
        body: body?.to_string(),
        audience_rules: audience_rules?,
        stats: stats?,
    })
}

/// Counters by name: whole numbers, 0 or more.
fn read_stats(
    value: &Value,
    path: &JsonPath,
    problems: &mut Problems,
) -> Option<BTreeMap<String, u64>> {
    let Value::Object(map) = value else {
        problems.add(
            path,
            format!(
                "must be an object of counters like {{ \"sent\": 120 }}, but it is {}",
                describe(value)
            ),
        );
        return None;
    };
    let read: Vec<Option<(String, u64)>> = map
        .iter()
        .map(|(name, v)| {
            read_count(v, &path.field(name), 0, u64::MAX, "a count", problems)
                .map(|n| (name.clone(), n))
        })
        .collect();
    read.into_iter().collect()
}
