//! A customer as the simulation sees them: what a customers file holds, or what
//! the app builds from a form.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

/// One customer: attributes, tags, segments, and what they did and will do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Customer {
    pub id: String,
    /// Known values only: an unknown attribute is absent.
    pub attributes: BTreeMap<String, Value>,
    pub tags: BTreeSet<String>,
    pub segments: BTreeSet<String>,
    /// Before the simulation's start: history; inside its window: what they will do.
    pub events: Vec<Event>,
    pub sessions: Vec<Session>,
    pub engages: Engages,
}

/// An attribute's value. Text tests read any kind as its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Boolean(bool),
    Date(DateValue),
}

/// A date attribute: a calendar day, or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// `YYYY-MM-DD`: counts from its midnight on the series' clock.
    Day(NaiveDate),
    Moment(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub at: DateTime<Utc>,
}

/// A visit: covers `[at, at + minutes)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub at: DateTime<Utc>,
    pub minutes: u32,
    pub platform: Platform,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Platform {
    #[default]
    Web,
    Ios,
    Android,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Web, Platform::Ios, Platform::Android];

    /// The name in customers files.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Web => "web",
            Platform::Ios => "ios",
            Platform::Android => "android",
        }
    }

    pub fn from_name(name: &str) -> Option<Platform> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn is_mobile(self) -> bool {
        matches!(self, Platform::Ios | Platform::Android)
    }
}

/// Whether the customer opens, clicks, replies to and completes what they get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engages {
    /// By the engagement rates (a stable draw per customer and message).
    #[default]
    Rates,
    /// Opens, clicks, replies to and completes everything; dismisses nothing.
    Always,
    Never,
}

impl Engages {
    pub const ALL: [Engages; 3] = [Engages::Rates, Engages::Always, Engages::Never];

    pub fn name(self) -> &'static str {
        match self {
            Engages::Rates => "rates",
            Engages::Always => "always",
            Engages::Never => "never",
        }
    }

    pub fn from_name(name: &str) -> Option<Engages> {
        Self::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// Sessions last this long when the file does not say.
pub const DEFAULT_SESSION_MINUTES: u32 = 30;

impl Customer {
    /// Their own time zone: the `timezone` attribute, where it names one.
    pub fn zone(&self) -> Option<chrono_tz::Tz> {
        match self.attributes.get("timezone") {
            Some(Value::Text(name)) => crate::model::time_zone(name.trim()),
            _ => None,
        }
    }

    pub fn new(id: impl Into<String>) -> Self {
        Customer {
            id: id.into(),
            ..Customer::default()
        }
    }

    pub fn with_attribute(mut self, name: impl Into<String>, value: Value) -> Self {
        self.attributes.insert(name.into(), value);
        self
    }

    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.insert(tag.into());
        self
    }

    pub fn with_event(mut self, name: impl Into<String>, at: DateTime<Utc>) -> Self {
        self.events.push(Event {
            name: name.into(),
            at,
        });
        self
    }

    pub fn with_session(mut self, at: DateTime<Utc>, minutes: u32, platform: Platform) -> Self {
        self.sessions.push(Session {
            at,
            minutes,
            platform,
        });
        self
    }
}

impl Value {
    /// A date from text: RFC 3339, or `YYYY-MM-DD`.
    pub fn parse_date(text: &str) -> Option<DateValue> {
        let text = text.trim();
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        // Both forms start with YYYY-MM-DD: most text is told apart at once.
        if b.len() < 10
            || !digits(0..4)
            || b[4] != b'-'
            || !digits(5..7)
            || b[7] != b'-'
            || !digits(8..10)
        {
            return None;
        }
        if b.len() == 10 {
            let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
            let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
            return NaiveDate::from_ymd_opt(y as i32, m, d).map(DateValue::Day);
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| DateValue::Moment(t.with_timezone(&Utc)))
    }

    /// Text as a value: a date where it reads as one, otherwise text.
    pub fn from_text(text: &str) -> Value {
        match Value::parse_date(text) {
            Some(date) => Value::Date(date),
            None => Value::Text(text.to_string()),
        }
    }

    /// The value as text tests and traces read it.
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) => crate::model::format_number(*n),
            Value::Boolean(b) => b.to_string(),
            Value::Date(d) => d.text(),
        }
    }
}

impl DateValue {
    /// The moment it counts from: for a day, its midnight on the series' clock.
    pub fn moment(self, zone: chrono_tz::Tz) -> DateTime<Utc> {
        match self {
            DateValue::Day(day) => {
                crate::model::to_utc(zone, day.and_time(chrono::NaiveTime::MIN)).and_utc()
            }
            DateValue::Moment(at) => at,
        }
    }

    /// Its calendar day on the series' clock.
    pub fn day(self, zone: chrono_tz::Tz) -> NaiveDate {
        match self {
            DateValue::Day(day) => day,
            DateValue::Moment(at) => at.with_timezone(&zone).date_naive(),
        }
    }

    /// `2026-12-01`, or `2026-12-01T09:20:00Z`.
    pub fn text(self) -> String {
        match self {
            DateValue::Day(day) => day.format("%Y-%m-%d").to_string(),
            DateValue::Moment(at) => at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        }
    }
}
