//! The series file's test customers as the simulation sees them: each becomes a
//! [`Customer`] over the preview's window, as a customers file would give them,
//! so the app's preview, `simulate` on an exported file and its expectations
//! all see the same customer.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::model::{DayTime, Online, Series, TestCustomer, TestCustomers, TestValue, series_zone};

use super::customer::{Customer, DateValue, Event, Session, Value};
use super::read::{DATE_ATTRIBUTES, to_json_line};
use super::{Simulation, Trace};

/// The seed the preview uses: `simulate`'s default, so an exported file gives
/// the same opens and clicks on the command line.
pub const PREVIEW_SEED: u64 = 0;

/// The preview's clock: the series' time zone, and its window.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub tests: &'a TestCustomers,
    pub zone: chrono_tz::Tz,
}

impl<'a> Window<'a> {
    pub fn new(series: &Series, tests: &'a TestCustomers) -> Self {
        Window {
            tests,
            zone: series_zone(&series.settings.time_zone),
        }
    }

    /// When the preview starts: midnight of day one on the series' clock.
    pub fn from(&self) -> DateTime<Utc> {
        crate::model::to_utc(self.zone, self.tests.start()).and_utc()
    }

    pub fn until(&self) -> DateTime<Utc> {
        self.from() + Duration::days(i64::from(self.tests.days))
    }

    fn utc(&self, at: DayTime) -> DateTime<Utc> {
        self.tests.utc(self.zone, at).and_utc()
    }

    /// A moment of the simulation as the preview says it: its day and time on
    /// the series' clock.
    pub fn day_time(&self, at: DateTime<Utc>) -> DayTime {
        let local: NaiveDateTime = at.with_timezone(&self.zone).naive_local();
        self.tests.day_time(local)
    }

    /// The series compiled for this window.
    pub fn simulation(&self, series: &Series) -> Simulation {
        Simulation::new(series, self.from(), self.tests.days, PREVIEW_SEED)
    }

    /// The test customer as a customers file would hold them. The form's own
    /// fields (sign-up, email, time zone) win over attributes of the same name.
    pub fn customer(&self, test: &TestCustomer) -> Customer {
        let mut c = Customer::new(test.name.clone());
        for (name, value) in &test.attributes {
            // A row not filled in yet is no attribute.
            if name.trim().is_empty() {
                continue;
            }
            let value = match value {
                // As a customers file reads text: a date where it is one.
                TestValue::Text(t) => Value::from_text(t),
                TestValue::Number(n) => Value::Number(*n),
                TestValue::Boolean(b) => Value::Boolean(*b),
                TestValue::Date(at) => Value::Date(DateValue::Moment(self.utc(*at))),
            };
            // An attribute the simulation reads as a date is one, or unknown,
            // as a customers file must have it.
            if DATE_ATTRIBUTES.contains(&name.as_str()) && !matches!(value, Value::Date(_)) {
                continue;
            }
            c.attributes.insert(name.clone(), value);
        }
        let signed_up = test.signs_up.map(|at| self.utc(at));
        let mut set = |name: &str, value: Option<Value>| match value {
            Some(v) => {
                c.attributes.insert(name.into(), v);
            }
            None => {
                c.attributes.remove(name);
            }
        };
        set(
            "signed_up_at",
            signed_up.map(|at| Value::Date(DateValue::Moment(at))),
        );
        set(
            "email",
            test.email
                .then(|| Value::Text(format!("{}@example.com", mailbox(&test.name)))),
        );
        set(
            "unsubscribed_from_emails",
            Some(Value::Boolean(test.unsubscribed)),
        );
        set("timezone", test.time_zone.clone().map(Value::Text));
        c.tags = test.tags.iter().cloned().collect();
        c.segments = test.segments.iter().cloned().collect();
        c.events = test
            .events
            .iter()
            .filter(|e| !e.name.trim().is_empty())
            .map(|e| Event {
                name: e.name.clone(),
                at: self.utc(e.when),
            })
            .collect();
        c.sessions = self.sessions(&test.online, signed_up);
        c.engages = test.engages;
        c
    }

    /// Their visits: listed ones as they are; the same hours every (week)day of
    /// the window, from the day they sign up.
    fn sessions(&self, online: &Online, signed_up: Option<DateTime<Utc>>) -> Vec<Session> {
        if let Online::Sessions(list) = online {
            return list
                .iter()
                .map(|s| Session {
                    at: self.utc(s.when),
                    minutes: s.minutes,
                    platform: s.platform,
                })
                .collect();
        }
        let mut out = Vec::new();
        for day in 1..=i32::try_from(self.tests.days).unwrap_or(i32::MAX) {
            let date = self.tests.local(DayTime {
                day,
                at: chrono::NaiveTime::MIN,
            });
            let Some(hours) = online.on(date.date()).filter(|h| h.is_some_time()) else {
                continue;
            };
            let at = self.utc(DayTime {
                day,
                at: hours.from,
            });
            let end = at + Duration::minutes(i64::from(hours.minutes()));
            // Not online before they are a customer.
            if signed_up.is_some_and(|s| end <= s) {
                continue;
            }
            out.push(Session {
                at,
                minutes: hours.minutes(),
                platform: hours.platform,
            });
        }
        out
    }
}

/// A made-up mailbox from a name: letters and digits, dots for the rest.
fn mailbox(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "customer".into()
    } else {
        words.join(".")
    }
}

/// The test customers as a `customers/v1` JSON Lines file.
pub fn customers_file(series: &Series, tests: &TestCustomers) -> String {
    let window = Window::new(series, tests);
    let mut text = String::new();
    for test in &tests.customers {
        text.push_str(&to_json_line(&window.customer(test)));
        text.push('\n');
    }
    text
}

/// Each test customer's way through the series.
pub fn traces(series: &Series, tests: &TestCustomers) -> Result<Vec<Trace>, super::SimError> {
    let window = Window::new(series, tests);
    let sim = window.simulation(series);
    tests
        .customers
        .iter()
        .map(|t| sim.trace(&window.customer(t)))
        .collect()
}

/// What File → Export Test Customers writes: an expectations file and the
/// customers file it names, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub expectations: String,
    pub customers: String,
}

/// The test customers and what happens to them now, for `simulate --expect`.
/// The file names go into the command the expectations file starts with.
pub fn export(
    series: &Series,
    tests: &TestCustomers,
    series_file: &str,
    expect_file: &str,
    customers_file_name: &str,
) -> Result<Export, super::SimError> {
    let window = Window::new(series, tests);
    let from = window
        .from()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let header = [
        format!(
            "What must hold for the test customers of {}, as the preview shows them.",
            crate::text::quote(&series.name)
        ),
        "Run it (CI can too) with:".into(),
        format!(
            "  series-builder simulate {series_file} --customers {customers_file_name} --from {from} --days {} --expect {expect_file}",
            tests.days
        ),
    ];
    Ok(Export {
        expectations: super::expect::write(series, &traces(series, tests)?, &header),
        customers: customers_file(series, tests),
    })
}
