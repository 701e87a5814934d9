//! Test customers: made-up customers a team keeps with its series to try it in
//! the app's Preview panel, and exports as expectations for `simulate --expect`.
//! They change nothing for real customers.
//!
//! Their times are days of the preview ("Day 1" is its first day) and times of
//! day on the series' clock, so a test customer means the same thing whenever
//! the file is opened, and moving the first day moves all of them together.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::schedule::to_utc;

/// The test customers of a series and the days they are tried over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestCustomers {
    /// The preview's first day ("Day 1"), on the series' clock.
    pub day_one: NaiveDate,
    /// How many days the preview runs, from the start of day one.
    pub days: u32,
    pub customers: Vec<TestCustomer>,
}

/// One made-up customer, as the Preview panel's form edits them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestCustomer {
    /// Their id: in the timeline, and in exported expectations.
    pub name: String,
    /// Attributes the filters read (`plan`, `seats`…), in the form's order.
    #[serde(default)]
    pub attributes: Vec<(String, TestValue)>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub segments: Vec<String>,
    /// Whether they have an email address.
    pub email: bool,
    pub unsubscribed: bool,
    /// Their own time zone (an IANA name); `None`: the series' one.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// When they sign up; `None`: unknown, as an export without the column.
    #[serde(default)]
    pub signs_up: Option<DayTime>,
    pub online: Online,
    /// What they will do, and when.
    #[serde(default)]
    pub events: Vec<TestEvent>,
    pub engages: Engages,
}

/// A moment of the preview: a day ("Day 1" is its first) and a time on the
/// series' clock. Day 0 and before are days before the preview starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DayTime {
    pub day: i32,
    pub at: NaiveTime,
}

/// An attribute's value, of a kind the filters know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TestValue {
    Text(String),
    Number(f64),
    Boolean(bool),
    Date(DayTime),
}

/// When the customer is online (in the product, on a platform).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Online {
    Never,
    /// Every day at the same hours.
    Daily(Hours),
    /// Monday to Friday at the same hours.
    Weekdays(Hours),
    /// Visits listed one by one.
    Sessions(Vec<TestSession>),
}

/// The same hours on each day they are online, e.g. 09:00 to 10:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub platform: Platform,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestSession {
    pub when: DayTime,
    pub minutes: u32,
    pub platform: Platform,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestEvent {
    pub name: String,
    pub when: DayTime,
}

/// Where a customer is online.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
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

    /// As a marketer writes it: "iOS".
    pub fn label(self) -> &'static str {
        match self {
            Platform::Web => "web",
            Platform::Ios => "iOS",
            Platform::Android => "Android",
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

    /// The name in customers files.
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

/// How long the preview runs when nobody said: as `simulate` does.
pub const DEFAULT_PREVIEW_DAYS: u32 = 30;
/// The longest preview: as the longest simulation.
pub const MAX_PREVIEW_DAYS: u32 = 366;

impl TestCustomers {
    /// No test customers yet, tried from `day_one`.
    pub fn new(day_one: NaiveDate) -> Self {
        TestCustomers {
            day_one,
            days: DEFAULT_PREVIEW_DAYS,
            customers: Vec::new(),
        }
    }

    /// The first moment of the preview on the series' clock (midnight of day one).
    pub fn start(&self) -> NaiveDateTime {
        self.day_one.and_time(NaiveTime::MIN)
    }

    /// The wall-clock time of a moment of the preview, on the series' clock.
    pub fn local(&self, at: DayTime) -> NaiveDateTime {
        let day = self.day_one + Duration::days(i64::from(at.day) - 1);
        day.and_time(at.at)
    }

    /// The same, in UTC, for a series in `zone`.
    pub fn utc(&self, zone: chrono_tz::Tz, at: DayTime) -> NaiveDateTime {
        to_utc(zone, self.local(at))
    }

    /// Which day of the preview a wall-clock time on the series' clock falls on,
    /// and its time: "Day 2, 10:00".
    pub fn day_time(&self, local: NaiveDateTime) -> DayTime {
        let day = (local.date() - self.day_one).num_days() + 1;
        DayTime {
            day: i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX }),
            at: local.time(),
        }
    }

    /// A name no test customer has yet: "Test customer 2".
    pub fn fresh_name(&self) -> String {
        (1..)
            .map(|n| format!("Test customer {n}"))
            .find(|name| self.customers.iter().all(|c| &c.name != name))
            .unwrap_or_default()
    }
}

impl TestCustomer {
    /// A new test customer as the form starts them: a user who signs up on day
    /// one at 09:00, has an email address, is online on weekdays 09:00–10:00 on
    /// the web and engages by the usual rates.
    pub fn new(name: impl Into<String>) -> Self {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN);
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN);
        TestCustomer {
            name: name.into(),
            attributes: vec![("type".into(), TestValue::Text("user".into()))],
            tags: Vec::new(),
            segments: Vec::new(),
            email: true,
            unsubscribed: false,
            time_zone: None,
            signs_up: Some(DayTime { day: 1, at: nine }),
            online: Online::Weekdays(Hours {
                from: nine,
                to: ten,
                platform: Platform::Web,
            }),
            events: Vec::new(),
            engages: Engages::Rates,
        }
    }
}

impl Hours {
    /// Whether they are online at all: the hours end after they start.
    pub fn is_some_time(&self) -> bool {
        self.to > self.from
    }

    pub fn minutes(&self) -> u32 {
        u32::try_from((self.to - self.from).num_minutes()).unwrap_or(0)
    }
}

impl Online {
    /// "every weekday 09:00–10:00 on the web".
    pub fn words(&self) -> String {
        let hours = |h: &Hours| {
            format!(
                "{}–{} on {}",
                h.from.format("%H:%M"),
                h.to.format("%H:%M"),
                match h.platform {
                    Platform::Web => "the web",
                    p => p.label(),
                }
            )
        };
        match self {
            Online::Never => "never".into(),
            Online::Daily(h) => format!("every day {}", hours(h)),
            Online::Weekdays(h) => format!("every weekday {}", hours(h)),
            Online::Sessions(list) => crate::text::count(list.len(), "visit"),
        }
    }

    /// Whether the hours are on this calendar day.
    pub fn on(&self, day: NaiveDate) -> Option<&Hours> {
        match self {
            Online::Daily(h) => Some(h),
            Online::Weekdays(h) if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) => Some(h),
            _ => None,
        }
    }
}

impl DayTime {
    /// "Day 2, 10:00".
    pub fn words(self) -> String {
        format!("Day {}, {}", self.day, self.at.format("%H:%M"))
    }
}

/// The most test customers a series keeps, and the most visits, events or
/// attributes one of them has: far beyond a hand-made preview.
pub const MAX_TEST_CUSTOMERS: usize = 1_000;
pub const MAX_TEST_ITEMS: usize = 10_000;

impl TestCustomers {
    /// Whether a series may hold these: the first problem, saying which test
    /// customer it is about. Loading and edits check it (`limits.rs` has why).
    pub fn validate(&self) -> Result<(), String> {
        use super::limits::MAX_DAYS;
        if self.days == 0 || self.days > MAX_PREVIEW_DAYS {
            return Err(format!(
                "the preview runs {} days; it runs 1 to {MAX_PREVIEW_DAYS}",
                self.days
            ));
        }
        if self.customers.len() > MAX_TEST_CUSTOMERS {
            return Err(format!(
                "there are {} test customers; a series keeps at most {MAX_TEST_CUSTOMERS}",
                self.customers.len()
            ));
        }
        let max_day = MAX_DAYS as i32;
        let day = |at: DayTime, what: &str| {
            if at.day.abs() > max_day {
                Err(format!(
                    "{what} is on day {}: days go from -{max_day} to {max_day}",
                    at.day
                ))
            } else {
                Ok(())
            }
        };
        for (i, c) in self.customers.iter().enumerate() {
            let at = |e: String| format!("test customer {}: {e}", crate::text::quote(&c.name));
            if c.name.trim().is_empty() {
                return Err(format!("test customer {} has no name", i + 1));
            }
            if self.customers[..i].iter().any(|o| o.name == c.name) {
                return Err(at(
                    "two test customers have this name: each needs its own".into()
                ));
            }
            let items = c.attributes.len() + c.events.len() + c.tags.len() + c.segments.len();
            let visits = match &c.online {
                Online::Sessions(list) => list.len(),
                _ => 0,
            };
            if items.max(visits) > MAX_TEST_ITEMS {
                return Err(at(format!(
                    "more than {MAX_TEST_ITEMS} attributes, tags, events or visits"
                )));
            }
            if let Some(zone) = &c.time_zone
                && super::time_zone(zone).is_none()
            {
                return Err(at(super::Invalid::TimeZone(zone.clone()).to_string()));
            }
            if let Some(s) = c.signs_up {
                day(s, "signing up").map_err(at)?;
            }
            for (name, value) in &c.attributes {
                match value {
                    TestValue::Number(n) if !n.is_finite() => {
                        return Err(at(format!(
                            "the attribute {} is not a number",
                            crate::text::quote(name)
                        )));
                    }
                    TestValue::Date(d) => day(*d, &format!("the attribute {name}")).map_err(at)?,
                    _ => {}
                }
            }
            for e in &c.events {
                day(e.when, &format!("the event {}", e.name)).map_err(at)?;
            }
            if let Online::Sessions(list) = &c.online {
                for s in list {
                    day(s.when, "a visit").map_err(at)?;
                    if s.minutes > 24 * 60 {
                        return Err(at(format!(
                            "a visit lasts {} minutes; at most a day (1440 minutes)",
                            s.minutes
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}
