//! One line of a `customers/v1` JSON Lines file → a customer, or what is wrong
//! with it (the field named as a path: `sessions[1].platform`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

use crate::simulate::customer::{
    Customer, DEFAULT_SESSION_MINUTES, DateValue, Engages, Event, Platform, Session, Value,
};

use super::{DATE_ATTRIBUTES, Problem};

pub(crate) fn customer(line: usize, bytes: &[u8]) -> Result<Customer, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let column = String::from_utf8_lossy(&bytes[..e.valid_up_to()])
            .chars()
            .count()
            + 1;
        vec![Problem::syntax(
            line,
            column,
            "this line is not text (UTF-8)".into(),
        )]
    })?;
    // Most lines are good: read them straight into a customer; a line the fast
    // reading refuses is read again value by value, to say exactly what is wrong.
    match super::json_fast::customer(text) {
        Some(customer) => Ok(customer),
        None => careful(line, text),
    }
}

/// Reads a line value by value, naming every field that is wrong.
pub(super) fn careful(line: usize, text: &str) -> Result<Customer, Vec<Problem>> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        vec![Problem::syntax(
            line,
            e.column(),
            format!("this line is not valid JSON: {}", json_reason(&e)),
        )]
    })?;
    let mut reader = Fields {
        line,
        problems: Vec::new(),
    };
    let customer = reader.customer(&json);
    match customer {
        Some(c) if reader.problems.is_empty() => Ok(c),
        _ => Err(reader.problems),
    }
}

/// serde_json's message without its "at line 1 column 5" (the line is ours).
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

struct Fields {
    line: usize,
    problems: Vec<Problem>,
}

impl Fields {
    fn problem(&mut self, field: &str, message: String) {
        self.problems
            .push(Problem::field(self.line, field, message));
    }

    fn customer(&mut self, json: &Json) -> Option<Customer> {
        let Json::Object(map) = json else {
            self.problems.push(Problem::line(
                self.line,
                format!(
                    "a customer is an object in braces, like {{\"id\": \"u42\"}}, not {}",
                    kind(json)
                ),
            ));
            return None;
        };
        let id = match map.get("id") {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Json::Number(n)) => Some(n.to_string()),
            Some(Json::String(_)) => {
                self.problem("id", "the id is empty".into());
                None
            }
            None | Some(Json::Null) => {
                self.problem(
                    "id",
                    "the customer has no id: every customer needs one".into(),
                );
                None
            }
            Some(other) => {
                self.problem("id", format!("the id must be text, not {}", kind(other)));
                None
            }
        };
        let mut customer = Customer::new(id.unwrap_or_default());
        if let Some(attrs) = self.object(map.get("attributes"), "attributes") {
            customer.attributes = self.attributes(attrs);
        }
        customer.tags = self.names(map.get("tags"), "tags");
        customer.segments = self.names(map.get("segments"), "segments");
        for (i, e) in self.list(map.get("events"), "events").iter().enumerate() {
            if let Some(event) = self.event(e, &format!("events[{i}]")) {
                customer.events.push(event);
            }
        }
        for (i, s) in self
            .list(map.get("sessions"), "sessions")
            .iter()
            .enumerate()
        {
            if let Some(session) = self.session(s, &format!("sessions[{i}]")) {
                customer.sessions.push(session);
            }
        }
        match map.get("engages") {
            None | Some(Json::Null) => {}
            Some(Json::String(s)) => match Engages::from_name(s) {
                Some(e) => customer.engages = e,
                None => self.problem(
                    "engages",
                    format!("'{s}' is not a way to engage: use rates, always or never"),
                ),
            },
            Some(other) => self.problem(
                "engages",
                format!(
                    "must be \"rates\", \"always\" or \"never\", not {}",
                    kind(other)
                ),
            ),
        }
        (!customer.id.is_empty()).then_some(customer)
    }

    fn attributes(&mut self, map: &serde_json::Map<String, Json>) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (name, json) in map {
            let field = format!("attributes.{name}");
            let value = match json {
                Json::Null => continue,
                Json::Bool(b) => Value::Boolean(*b),
                Json::Number(n) => match n.as_f64() {
                    Some(n) => Value::Number(n),
                    None => {
                        self.problem(&field, format!("{n} is too large a number"));
                        continue;
                    }
                },
                Json::String(s) => match text_attribute(name, s) {
                    Ok(value) => value,
                    Err(message) => {
                        self.problem(&field, message);
                        continue;
                    }
                },
                other => {
                    self.problem(
                        &field,
                        format!(
                            "an attribute is text, a number, true/false or a date, not {}",
                            kind(other)
                        ),
                    );
                    continue;
                }
            };
            out.insert(name.clone(), value);
        }
        out
    }

    fn names(&mut self, json: Option<&Json>, field: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (i, item) in self.list(json, field).iter().enumerate() {
            match item {
                Json::String(s) => {
                    out.insert(s.clone());
                }
                other => self.problem(
                    &format!("{field}[{i}]"),
                    format!("must be a name in quotes, not {}", kind(other)),
                ),
            }
        }
        out
    }

    fn event(&mut self, json: &Json, field: &str) -> Option<Event> {
        let map = self.object(Some(json), field)?;
        let name = match map.get("name") {
            Some(Json::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Json::String(_)) => {
                self.problem(&format!("{field}.name"), "the event's name is empty".into());
                None
            }
            None | Some(Json::Null) => {
                self.problem(&format!("{field}.name"), "the event has no name".into());
                None
            }
            Some(other) => {
                self.problem(
                    &format!("{field}.name"),
                    format!("must be text, not {}", kind(other)),
                );
                None
            }
        };
        let at = self.moment(map.get("at"), &format!("{field}.at"));
        Some(Event {
            name: name?,
            at: at?,
        })
    }

    fn session(&mut self, json: &Json, field: &str) -> Option<Session> {
        let map = self.object(Some(json), field)?;
        let at = self.moment(map.get("at"), &format!("{field}.at"));
        let minutes = match map.get("minutes") {
            None | Some(Json::Null) => Some(DEFAULT_SESSION_MINUTES),
            Some(Json::Number(n)) => match n.as_u64().and_then(|m| u32::try_from(m).ok()) {
                Some(m) => Some(m),
                None => {
                    self.problem(
                        &format!("{field}.minutes"),
                        format!("{n} is not a number of minutes: use a whole number, 0 or more"),
                    );
                    None
                }
            },
            Some(other) => {
                self.problem(
                    &format!("{field}.minutes"),
                    format!("must be a whole number of minutes, not {}", kind(other)),
                );
                None
            }
        };
        let platform = match map.get("platform") {
            None | Some(Json::Null) => Some(Platform::Web),
            Some(Json::String(s)) => {
                let p = Platform::from_name(s);
                if p.is_none() {
                    self.problem(
                        &format!("{field}.platform"),
                        format!("'{s}' is not a platform: use web, ios or android"),
                    );
                }
                p
            }
            Some(other) => {
                self.problem(
                    &format!("{field}.platform"),
                    format!(
                        "must be \"web\", \"ios\" or \"android\", not {}",
                        kind(other)
                    ),
                );
                None
            }
        };
        Some(Session {
            at: at?,
            minutes: minutes?,
            platform: platform?,
        })
    }

    fn moment(&mut self, json: Option<&Json>, field: &str) -> Option<DateTime<Utc>> {
        match json {
            Some(Json::String(s)) => match moment(s) {
                Ok(at) => Some(at),
                Err(message) => {
                    self.problem(field, message);
                    None
                }
            },
            None | Some(Json::Null) => {
                self.problem(field, "when it happened is missing".into());
                None
            }
            Some(other) => {
                self.problem(
                    field,
                    format!(
                        "must be a date and time in quotes, like \"2026-12-01T09:00:00Z\", not {}",
                        kind(other)
                    ),
                );
                None
            }
        }
    }

    fn object<'j>(
        &mut self,
        json: Option<&'j Json>,
        field: &str,
    ) -> Option<&'j serde_json::Map<String, Json>> {
        match json {
            None | Some(Json::Null) => None,
            Some(Json::Object(map)) => Some(map),
            Some(other) => {
                self.problem(
                    field,
                    format!("must be an object in braces, not {}", kind(other)),
                );
                None
            }
        }
    }

    fn list<'j>(&mut self, json: Option<&'j Json>, field: &str) -> &'j [Json] {
        match json {
            None | Some(Json::Null) => &[],
            Some(Json::Array(items)) => items,
            Some(other) => {
                self.problem(
                    field,
                    format!("must be a list in brackets, not {}", kind(other)),
                );
                &[]
            }
        }
    }
}

/// An attribute given as text: a date where it reads as one; the attributes the
/// simulation reads as dates must be one.
pub(super) fn text_attribute(name: &str, text: &str) -> Result<Value, String> {
    let value = Value::from_text(text);
    if DATE_ATTRIBUTES.contains(&name) && !matches!(value, Value::Date(_)) {
        return Err(not_a_date(text));
    }
    Ok(value)
}

/// When an event or a session happened. It is a moment of the file's own: a day
/// alone starts at its midnight UTC (the reader knows no series' clock).
pub(super) fn moment(text: &str) -> Result<DateTime<Utc>, String> {
    Value::parse_date(text)
        .map(|d| d.moment(chrono_tz::UTC))
        .ok_or_else(|| not_a_date(text))
}

pub(crate) fn not_a_date(text: &str) -> String {
    format!(
        "'{text}' is not a date: use a date and time like 2026-12-01T09:00:00Z, or a day like 2026-12-01"
    )
}

/// What a JSON value is, in words.
fn kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "true/false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// A customer as one line of a `customers/v1` file: what [`customer`] reads back.
pub(crate) fn to_json(c: &Customer) -> Json {
    let mut map = serde_json::Map::new();
    map.insert("id".into(), Json::String(c.id.clone()));
    if !c.attributes.is_empty() {
        let attributes = c
            .attributes
            .iter()
            .map(|(name, value)| {
                let json = match value {
                    Value::Text(t) => Json::String(t.clone()),
                    Value::Number(n) => {
                        serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number)
                    }
                    Value::Boolean(b) => Json::Bool(*b),
                    Value::Date(d) => Json::String(d.text()),
                };
                (name.clone(), json)
            })
            .collect();
        map.insert("attributes".into(), Json::Object(attributes));
    }
    for (field, names) in [("tags", &c.tags), ("segments", &c.segments)] {
        if !names.is_empty() {
            map.insert(
                field.into(),
                Json::Array(names.iter().cloned().map(Json::String).collect()),
            );
        }
    }
    if !c.events.is_empty() {
        let events = c
            .events
            .iter()
            .map(|e| serde_json::json!({"name": e.name, "at": DateValue::Moment(e.at).text()}))
            .collect();
        map.insert("events".into(), Json::Array(events));
    }
    if !c.sessions.is_empty() {
        let sessions = c
            .sessions
            .iter()
            .map(|s| {
                serde_json::json!({
                    "at": DateValue::Moment(s.at).text(),
                    "minutes": s.minutes,
                    "platform": s.platform.name(),
                })
            })
            .collect();
        map.insert("sessions".into(), Json::Array(sessions));
    }
    if c.engages != Engages::Rates {
        map.insert("engages".into(), Json::String(c.engages.name().into()));
    }
    Json::Object(map)
}
