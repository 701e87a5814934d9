//! Reading JSON values by hand, so that every missing or mistyped field becomes
//! its own problem at its own path, and reading carries on past it.

use std::fmt;

use serde_json::{Map, Value};

use super::error::Problem;
use crate::model::MAX_DAYS;
use crate::text::shown;

/// Where a value sits in the export: `campaign.messages[1].content_type`. Built on
/// the stack and written out only for a problem; formatting every path up front
/// took much of the import's time.
#[derive(Debug, Clone, Copy)]
pub(super) enum JsonPath<'a> {
    Root,
    Field(&'a JsonPath<'a>, &'a str),
    Item(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    pub fn field(&'a self, key: &'a str) -> JsonPath<'a> {
        JsonPath::Field(self, key)
    }

    pub fn item(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath::Item(self, index)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Field(JsonPath::Root, key) => f.write_str(&shown(key)),
            JsonPath::Field(parent, key) => write!(f, "{parent}.{}", shown(key)),
            JsonPath::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// The problems found so far.
#[derive(Debug, Default)]
pub(super) struct Problems(Vec<Problem>);

impl Problems {
    pub fn add(&mut self, path: &JsonPath, message: impl Into<String>) {
        self.0.push(Problem::at(path.to_string(), message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// Text quoted for a message: escaped and shortened ([`crate::text::shown`]).
pub(super) use crate::text::quote_value as quote;

/// What a value is, for "must be X, but it is Y".
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {}", quote(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A whole number, also when written `3.0`.
fn whole_number(value: &Value) -> Option<i128> {
    if let Some(n) = value.as_u64() {
        return Some(n.into());
    }
    if let Some(n) = value.as_i64() {
        return Some(n.into());
    }
    let f = value.as_f64()?;
    // Beyond 2^53 a float no longer holds whole numbers exactly; such values are not counts.
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i128)
}

/// A whole number from `min` up to `max`, or a problem saying why not.
/// `what` names the thing counted: "a number of days".
pub(super) fn read_count(
    value: &Value,
    path: &JsonPath,
    min: u64,
    max: u64,
    what: &str,
    problems: &mut Problems,
) -> Option<u64> {
    match whole_number(value) {
        Some(n) if n < i128::from(min) => {
            problems.add(
                path,
                format!("must be {what}, {min} or more, but it is {n}"),
            );
            None
        }
        Some(n) => match u64::try_from(n).ok().filter(|n| *n <= max) {
            Some(n) => Some(n),
            None => {
                problems.add(path, format!("{n} is too large; the most is {max}"));
                None
            }
        },
        None => {
            problems.add(
                path,
                format!(
                    "must be {what} (a whole number, {min} or more), but it is {}",
                    describe(value)
                ),
            );
            None
        }
    }
}

/// Days of a wait, a goal window or disengagement: from `min` up to
/// [`MAX_DAYS`], the longest a series holds.
pub(super) fn read_days(
    value: &Value,
    path: &JsonPath,
    min: u32,
    problems: &mut Problems,
) -> Option<u32> {
    read_count(
        value,
        path,
        min.into(),
        MAX_DAYS.into(),
        "a number of days",
        problems,
    )
    .and_then(|n| u32::try_from(n).ok())
}

/// [`read_count`] for values kept as `u32` (counts and days ago in conditions).
pub(super) fn read_u32(
    value: &Value,
    path: &JsonPath,
    min: u32,
    what: &str,
    problems: &mut Problems,
) -> Option<u32> {
    read_count(value, path, min.into(), u32::MAX.into(), what, problems)
        .and_then(|n| u32::try_from(n).ok())
}

/// A JSON object being read, with the path it sits at.
pub(super) struct Fields<'a> {
    map: &'a Map<String, Value>,
    pub path: &'a JsonPath<'a>,
}

impl<'a> Fields<'a> {
    /// Reads `value` as an object, or reports what it is instead.
    /// `what` names it: "a message".
    pub fn of(
        value: &'a Value,
        path: &'a JsonPath<'a>,
        what: &str,
        problems: &mut Problems,
    ) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Fields { map, path }),
            other => {
                problems.add(
                    path,
                    format!(
                        "must be {what} (a JSON object {{ … }}), but it is {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    pub fn path_of<'k>(&'k self, key: &'k str) -> JsonPath<'k> {
        self.path.field(key)
    }

    /// Whether the key is written at all, even as `null`.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A field's value; `null` counts as not given.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A field that must be given; `what` says what it holds: "the message's title (text)".
    pub fn required(&self, key: &str, what: &str, problems: &mut Problems) -> Option<&'a Value> {
        let value = self.get(key);
        if value.is_none() {
            let found = if self.has(key) {
                "is null"
            } else {
                "is missing"
            };
            problems.add(&self.path_of(key), format!("{found}; it must be {what}"));
        }
        value
    }

    /// Required text.
    pub fn text(&self, key: &str, what: &str, problems: &mut Problems) -> Option<&'a str> {
        let value = self.required(key, what, problems)?;
        self.as_text(key, value, what, problems)
    }

    /// Text that may be left out (or null).
    pub fn optional_text(&self, key: &str, what: &str, problems: &mut Problems) -> Option<&'a str> {
        let value = self.get(key)?;
        self.as_text(key, value, what, problems)
    }

    /// Required text that is not blank: names and titles.
    pub fn name(&self, key: &str, what: &str, problems: &mut Problems) -> Option<&'a str> {
        let text = self.text(key, what, problems)?;
        if text.trim().is_empty() {
            problems.add(&self.path_of(key), format!("is empty; it must be {what}"));
            return None;
        }
        Some(text)
    }

    fn as_text(
        &self,
        key: &str,
        value: &'a Value,
        what: &str,
        problems: &mut Problems,
    ) -> Option<&'a str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                problems.add(
                    &self.path_of(key),
                    format!("must be {what}, but it is {}", describe(other)),
                );
                None
            }
        }
    }
}
