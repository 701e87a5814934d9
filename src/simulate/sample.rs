//! A plausible audience of a software product, for trying a series without
//! real customers: users and leads, plans, sign-ups before and during the
//! window, email for most (some unsubscribed), time zones, web and mobile
//! sessions, and events that grow likelier with every session. The same seed
//! gives the same customers, each from its own number, on every platform.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::customer::{Customer, DateValue, Platform, Value};
use super::engagement::splitmix;

const TIME_ZONES: [&str; 9] = [
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "UTC",
];

/// A small, fixed random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix(self.0)
    }

    /// In [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// In [0, n).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The `n`th customer of the audience for `seed`, around the window [from, from + days).
pub fn customer(n: u64, seed: u64, from: DateTime<Utc>, days: u32) -> Customer {
    let mut rng = Rng(splitmix(seed ^ splitmix(n)));
    let window = i64::from(days.max(1)) * 86_400;
    let start = from.timestamp();
    let until = start + window;
    let lead = rng.chance(0.15);
    let mut c = Customer::new(format!("c{n:07}"));
    let at = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(from);

    // Most signed up before the window; three in ten during it.
    let signed_up = if rng.chance(0.3) {
        start + rng.below(window as u64) as i64
    } else {
        start - 3600 - rng.below(90 * 86_400) as i64
    };
    let attr = |c: &mut Customer, name: &str, v: Value| {
        c.attributes.insert(name.to_string(), v);
    };
    attr(
        &mut c,
        "type",
        Value::Text(if lead { "lead" } else { "user" }.into()),
    );
    attr(
        &mut c,
        "signed_up_at",
        Value::Date(DateValue::Moment(at(signed_up))),
    );
    if rng.chance(if lead { 0.6 } else { 0.92 }) {
        let email = Value::Text(format!("{}@example.com", c.id));
        attr(&mut c, "email", email);
        if rng.chance(0.06) {
            attr(&mut c, "unsubscribed_from_emails", Value::Boolean(true));
        }
    }
    attr(
        &mut c,
        "timezone",
        Value::Text(rng.pick(&TIME_ZONES).to_string()),
    );
    if !lead {
        let plan = *rng.pick(&["free", "free", "free", "pro", "pro", "team"]);
        attr(&mut c, "plan", Value::Text(plan.into()));
        if plan != "free" {
            attr(&mut c, "seats", Value::Number((1 + rng.below(20)) as f64));
        }
        attr(
            &mut c,
            "trial",
            Value::Boolean(plan == "free" && rng.chance(0.4)),
        );
    }
    if rng.chance(0.05) {
        c.tags.insert("beta".into());
    }
    if rng.chance(0.03) {
        c.tags.insert("churned".into());
    }

    // Sessions from sign-up (or a week before the window) to its end: most
    // people come by now and then, a few every day.
    let per_day = *rng.pick(&[0.01, 0.03, 0.06, 0.1, 0.2, 0.3, 1.0]) * if lead { 0.3 } else { 1.0 };
    let first = signed_up.max(start - 7 * 86_400);
    let span_days = (until - first).max(0) as f64 / 86_400.0;
    let sessions = ((per_day * span_days * (0.5 + rng.unit())) as u64).min(30);
    let home = if rng.chance(0.7) {
        Platform::Web
    } else if rng.chance(0.5) {
        Platform::Ios
    } else {
        Platform::Android
    };
    let mut starts: Vec<i64> = (0..sessions)
        .map(|_| first + rng.below((until - first).max(1) as u64) as i64)
        .collect();
    starts.sort_unstable();
    let mut project = false;
    for s in starts {
        let minutes = 5 + rng.below(55) as u32;
        let platform = if rng.chance(0.8) { home } else { Platform::Web };
        c = c.with_session(at(s), minutes, platform);
        let during = s + 60 * (1 + rng.below(u64::from(minutes))) as i64;
        if !project && !lead && rng.chance(0.15) {
            project = true;
            c = c.with_event("created_first_project", at(during));
        } else if project && rng.chance(0.08) {
            c = c.with_event("invited_teammate", at(during));
        } else if project && rng.chance(0.03) {
            c = c.with_event("upgraded", at(during));
        }
    }
    if c.sessions.len() >= 5 {
        c.segments.insert("Active".into());
    }
    c
}

/// Writes `count` customers as JSON Lines.
pub fn write(
    out: &mut impl Write,
    count: u64,
    seed: u64,
    from: DateTime<Utc>,
    days: u32,
) -> io::Result<()> {
    for n in 1..=count {
        let line = super::read::to_json_line(&customer(n, seed, from, days));
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The default sample's size.
pub const DEFAULT_COUNT: u64 = 1000;
