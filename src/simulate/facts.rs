//! A customer prepared for one series (their values in the plan's slots, times in
//! seconds), what the series has done to them so far, and the filters of
//! `spec/simulation.md` ("Filters") evaluated on both at a moment.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{DateOp, DaysAgoOp, EngagementOp, EventTest, NumberOp, TextOp};
use crate::text::count_with;

use super::customer::{Customer, DateValue, Engages, Platform, Value};
use super::engagement::Reaction;
use super::plan::{
    CCondition, CFilter, CTest, DAY, LAST_SEEN_AT, Plan, SESSION_COUNT, SIGNED_UP_AT,
};
use super::trace::ConditionCheck;

/// Seconds since 1970-01-01T00:00:00Z.
pub(crate) type Secs = i64;

pub(crate) fn secs(at: DateTime<Utc>) -> Secs {
    at.timestamp()
}

pub(crate) fn moment(s: Secs) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or_default()
}

/// An attribute's value as the file gave it, ready for the tests.
#[derive(Debug)]
struct Stored<'c> {
    value: &'c Value,
    /// Its text in lower case, where a text test reads it.
    lower: Option<String>,
    /// For a date: the moment it counts from.
    at: Option<Secs>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct PSession {
    pub start: Secs,
    pub end: Secs,
    pub platform: Platform,
}

/// What the file says about a customer, in the plan's terms.
#[derive(Debug)]
pub(crate) struct Facts<'c> {
    pub id: &'c str,
    pub engages: Engages,
    attributes: Vec<Option<Stored<'c>>>,
    /// Per event slot, the times it was done, in order.
    events: Vec<Vec<Secs>>,
    /// By start.
    pub sessions: Vec<PSession>,
    pub tags: Vec<bool>,
    segments: Vec<bool>,
    /// Before this the customer is not a customer yet.
    pub signed_up: Option<Secs>,
    /// Moments at which a filter's answer may change by the file's facts alone
    /// (events, sessions, "days ago" boundaries, sign-up), in order.
    pub changes: Vec<Secs>,
    /// The customer's own clock: their `timezone` attribute where it names a
    /// time zone, the series' otherwise.
    pub zone: chrono_tz::Tz,
    /// The series' clock, which calendar days are read in.
    series_zone: chrono_tz::Tz,
}

/// What the series has done to a customer so far.
#[derive(Debug, Clone)]
pub(crate) struct Memory {
    pub tags: Vec<bool>,
    /// Per block: when it first sent to them.
    pub first_sent: Vec<Option<Secs>>,
    /// Per block: what they do with its messages (decided at the first send).
    pub reactions: Vec<[bool; 5]>,
}

impl<'c> Facts<'c> {
    pub fn new(plan: &Plan, customer: &'c Customer) -> Facts<'c> {
        let stored = |(slot, name): (usize, &String)| {
            customer.attributes.get(name).map(|value| Stored {
                lower: plan.text_tested[slot].then(|| value.text().to_lowercase()),
                at: match value {
                    Value::Date(d) => Some(secs(d.moment(plan.zone))),
                    _ => None,
                },
                value,
            })
        };
        let attributes: Vec<Option<Stored>> =
            plan.attributes.iter().enumerate().map(stored).collect();
        let mut events: Vec<Vec<Secs>> = vec![Vec::new(); plan.events.len()];
        for e in &customer.events {
            if let Some(slot) = plan.events.iter().position(|n| *n == e.name) {
                events[slot].push(secs(e.at));
            }
        }
        events.iter_mut().for_each(|times| times.sort_unstable());
        let mut sessions: Vec<PSession> = customer
            .sessions
            .iter()
            .map(|s| PSession {
                start: secs(s.at),
                end: secs(s.at) + i64::from(s.minutes) * 60,
                platform: s.platform,
            })
            .collect();
        sessions.sort_by_key(|s| (s.start, s.end, s.platform));
        let signed_up = attributes[SIGNED_UP_AT].as_ref().and_then(|s| s.at);
        let mut facts = Facts {
            id: &customer.id,
            engages: customer.engages,
            tags: plan
                .tags
                .iter()
                .map(|t| customer.tags.contains(t))
                .collect(),
            segments: plan
                .segments
                .iter()
                .map(|s| customer.segments.contains(s))
                .collect(),
            attributes,
            events,
            sessions,
            signed_up,
            changes: Vec::new(),
            zone: customer.zone().unwrap_or(plan.zone),
            series_zone: plan.zone,
        };
        facts.changes = facts.change_moments(plan);
        facts
    }

    fn change_moments(&self, plan: &Plan) -> Vec<Secs> {
        let mut out: Vec<Secs> = self.signed_up.into_iter().collect();
        out.extend(self.events.iter().flatten());
        if plan.reads_sessions {
            out.extend(self.sessions.iter().map(|s| s.start));
        }
        for &(slot, days) in &plan.days_ago {
            let mut dates: Vec<Secs> = self.attributes[slot]
                .as_ref()
                .and_then(|s| s.at)
                .into_iter()
                .collect();
            if slot == LAST_SEEN_AT {
                dates.extend(self.sessions.iter().map(|s| s.start));
            }
            for d in dates {
                // "less than" flips at N days, "more than" just after, "exactly" at N+1.
                let n = d.saturating_add(days * DAY);
                out.extend([n, n.saturating_add(1), n.saturating_add(DAY)]);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether the customer is in a session on a fitting platform at `t`.
    pub fn online(&self, t: Secs, fits: impl Fn(Platform) -> bool) -> bool {
        self.sessions
            .iter()
            .take_while(|s| s.start <= t)
            .any(|s| t < s.end && fits(s.platform))
    }

    /// The first start of a fitting session in (after, before) that lasts at all.
    pub fn next_session(
        &self,
        after: Secs,
        before: Secs,
        fits: impl Fn(Platform) -> bool,
    ) -> Option<Secs> {
        self.sessions
            .iter()
            .find(|s| s.start > after && s.start < before && s.end > s.start && fits(s.platform))
            .map(|s| s.start)
    }

    /// Whether they had a session on a phone at or before `t`.
    pub fn had_mobile_session(&self, t: Secs) -> bool {
        self.sessions
            .iter()
            .take_while(|s| s.start <= t)
            .any(|s| s.platform.is_mobile())
    }

    /// Whether an attribute is known and, if text, not blank (an email address).
    pub fn has_value(&self, slot: usize) -> bool {
        match self.attributes[slot].as_ref().map(|s| s.value) {
            Some(Value::Text(t)) => !t.trim().is_empty(),
            Some(_) => true,
            None => false,
        }
    }

    pub fn boolean_attribute(&self, slot: usize) -> Option<bool> {
        match &self.attributes[slot] {
            Some(Stored {
                value: Value::Boolean(b),
                ..
            }) => Some(*b),
            _ => None,
        }
    }

    fn attribute_at(&self, slot: usize, t: Secs) -> At<'_> {
        let stored = self.attributes[slot].as_ref();
        let started = || self.sessions.iter().take_while(move |s| s.start <= t);
        match slot {
            LAST_SEEN_AT => match (stored.and_then(|s| s.at), started().last()) {
                (Some(a), Some(last)) => At::Moment(a.max(last.start)),
                (None, Some(last)) => At::Moment(last.start),
                _ => stored.map_or(At::Unknown, At::Stored),
            },
            SESSION_COUNT => {
                let n = started().count() as f64;
                match stored {
                    None => At::Number(n),
                    Some(Stored {
                        value: Value::Number(v),
                        ..
                    }) => At::Number(v + n),
                    Some(other) => At::Stored(other),
                }
            }
            _ => stored.map_or(At::Unknown, At::Stored),
        }
    }

    fn event_count(&self, slot: usize, t: Secs) -> usize {
        self.events[slot].partition_point(|&e| e <= t)
    }
}

impl Memory {
    pub fn new(plan: &Plan, facts: &Facts) -> Memory {
        Memory {
            tags: facts.tags.clone(),
            first_sent: vec![None; plan.blocks.len()],
            reactions: vec![[false; 5]; plan.blocks.len()],
        }
    }

    /// Whether they did `r` with `block`'s message by `t`.
    pub fn reacted(&self, block: usize, r: Reaction, t: Secs) -> bool {
        match self.first_sent[block] {
            Some(sent) => self.reactions[block][r as usize] && sent + r.delay_secs() <= t,
            None => false,
        }
    }
}

/// An attribute's value at a moment.
enum At<'a> {
    Unknown,
    Stored(&'a Stored<'a>),
    /// A date moved along by sessions (`last_seen_at`).
    Moment(Secs),
    /// A count moved along by sessions (`session_count`).
    Number(f64),
}

impl At<'_> {
    fn lower_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            At::Unknown => "".into(),
            At::Stored(s) => match &s.lower {
                Some(lower) => lower.as_str().into(),
                None => s.value.text().to_lowercase().into(),
            },
            At::Moment(a) => DateValue::Moment(moment(*a)).text().to_lowercase().into(),
            At::Number(n) => Value::Number(*n).text().into(),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            At::Stored(Stored {
                value: Value::Number(n),
                ..
            }) => Some(*n),
            At::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn date_moment(&self) -> Option<Secs> {
        match self {
            At::Stored(s) => s.at,
            At::Moment(a) => Some(*a),
            _ => None,
        }
    }

    /// Its calendar day on the series' clock.
    fn day(&self, zone: chrono_tz::Tz) -> Option<NaiveDate> {
        match self {
            At::Stored(Stored {
                value: Value::Date(d),
                ..
            }) => Some(d.day(zone)),
            At::Moment(a) => Some(moment(*a).with_timezone(&zone).date_naive()),
            _ => None,
        }
    }

    fn words(&self) -> String {
        match self {
            At::Unknown => "unknown".into(),
            At::Stored(s) => s.value.text(),
            At::Moment(a) => DateValue::Moment(moment(*a)).text(),
            At::Number(n) => Value::Number(*n).text(),
        }
    }
}

/// Filters evaluated for one customer at one moment.
pub(crate) struct Eval<'a> {
    pub plan: &'a Plan,
    pub facts: &'a Facts<'a>,
    pub memory: &'a Memory,
}

impl Eval<'_> {
    pub fn holds(&self, filter: &CFilter, t: Secs) -> bool {
        match filter {
            CFilter::All(items) => items.iter().all(|f| self.holds(f, t)),
            CFilter::Any(items) => items.iter().any(|f| self.holds(f, t)),
            CFilter::Condition(i) => self.condition(*i, t),
        }
    }

    /// Like [`Eval::holds`], and every condition with its value, in order.
    pub fn explain(&self, filter: &CFilter, t: Secs, out: &mut Vec<ConditionCheck>) -> bool {
        match filter {
            // Every condition is explained, so no short cut.
            CFilter::All(items) => {
                let answers: Vec<bool> = items.iter().map(|f| self.explain(f, t, out)).collect();
                answers.into_iter().all(|a| a)
            }
            CFilter::Any(items) => {
                let answers: Vec<bool> = items.iter().map(|f| self.explain(f, t, out)).collect();
                answers.into_iter().any(|a| a)
            }
            CFilter::Condition(i) => {
                let holds = self.condition(*i, t);
                out.push(ConditionCheck {
                    condition: self.plan.condition_words[*i].clone(),
                    value: self.value_words(*i, t),
                    holds,
                });
                holds
            }
        }
    }

    fn condition(&self, i: usize, t: Secs) -> bool {
        match &self.plan.conditions[i] {
            CCondition::Attribute { slot, test } => attribute_test(
                test,
                &self.facts.attribute_at(*slot, t),
                t,
                self.facts.series_zone,
            ),
            CCondition::Event { slot, test } => {
                let n = self.facts.event_count(*slot, t);
                match test {
                    EventTest::Performed => n > 0,
                    EventTest::NotPerformed => n == 0,
                    EventTest::CountAtLeast(k) => n >= *k as usize,
                    EventTest::CountAtMost(k) => n <= *k as usize,
                }
            }
            CCondition::Tag { slot, has } => self.memory.tags[*slot] == *has,
            CCondition::Segment { slot, is_in } => self.facts.segments[*slot] == *is_in,
            CCondition::Engagement { block, op } => {
                let did = |r: Reaction| block.is_some_and(|b| self.memory.reacted(b, r, t));
                let received = block
                    .and_then(|b| self.memory.first_sent[b])
                    .is_some_and(|sent| sent <= t);
                match op {
                    EngagementOp::Received => received,
                    EngagementOp::NotReceived => !received,
                    EngagementOp::Opened => did(Reaction::Opened),
                    EngagementOp::NotOpened => !did(Reaction::Opened),
                    EngagementOp::Clicked => did(Reaction::Clicked),
                    EngagementOp::NotClicked => !did(Reaction::Clicked),
                    EngagementOp::Replied => did(Reaction::Replied),
                    EngagementOp::NotReplied => !did(Reaction::Replied),
                    EngagementOp::Completed => did(Reaction::Completed),
                    EngagementOp::Dismissed => did(Reaction::Dismissed),
                }
            }
        }
    }

    /// The customer's value for a condition, in words.
    fn value_words(&self, i: usize, t: Secs) -> String {
        match &self.plan.conditions[i] {
            CCondition::Attribute { slot, .. } => self.facts.attribute_at(*slot, t).words(),
            CCondition::Event { slot, .. } => match self.facts.event_count(*slot, t) {
                0 => "never done".into(),
                n => format!("done {}", count_with(n, "time", "times")),
            },
            CCondition::Tag { slot, .. } => if self.memory.tags[*slot] {
                "tagged"
            } else {
                "not tagged"
            }
            .into(),
            CCondition::Segment { slot, .. } => if self.facts.segments[*slot] {
                "in it"
            } else {
                "not in it"
            }
            .into(),
            CCondition::Engagement { block, .. } => {
                let Some(b) = *block else {
                    return "not a message of this series".into();
                };
                match self.memory.first_sent[b].filter(|&s| s <= t) {
                    None => "not received".into(),
                    Some(_) => {
                        let mut words = vec!["received"];
                        words.extend(
                            Reaction::ALL
                                .into_iter()
                                .filter(|r| self.memory.reacted(b, *r, t))
                                .map(Reaction::name),
                        );
                        words.join(", ")
                    }
                }
            }
        }
    }
}

fn attribute_test(test: &CTest, value: &At<'_>, t: Secs, zone: chrono_tz::Tz) -> bool {
    if let At::Unknown = value {
        return matches!(
            test,
            CTest::IsUnknown
                | CTest::Text {
                    op: TextOp::IsNot | TextOp::NotContains,
                    ..
                }
                | CTest::Number {
                    op: NumberOp::IsNot,
                    ..
                }
        );
    }
    match test {
        CTest::IsUnknown => false,
        CTest::HasAnyValue => true,
        CTest::Text { op, value: want } => {
            let have = value.lower_text();
            match op {
                TextOp::Is => *have == **want,
                TextOp::IsNot => *have != **want,
                TextOp::Contains => have.contains(want.as_str()),
                TextOp::NotContains => !have.contains(want.as_str()),
                TextOp::StartsWith => have.starts_with(want.as_str()),
                TextOp::EndsWith => have.ends_with(want.as_str()),
            }
        }
        CTest::Number { op, value: want } => value.number().is_some_and(|n| match op {
            NumberOp::Is => n == *want,
            NumberOp::IsNot => n != *want,
            NumberOp::GreaterThan => n > *want,
            NumberOp::LessThan => n < *want,
        }),
        CTest::Boolean(want) => matches!(
            value,
            At::Stored(Stored { value: Value::Boolean(b), .. }) if b == want
        ),
        CTest::DaysAgo { op, days } => value.date_moment().is_some_and(|d| {
            let elapsed = t - d;
            let n = days * DAY;
            match op {
                DaysAgoOp::LessThan => elapsed < n,
                DaysAgoOp::MoreThan => elapsed > n,
                DaysAgoOp::Exactly => elapsed >= n && elapsed < n + DAY,
            }
        }),
        CTest::Date { op, date } => value.day(zone).is_some_and(|d| match op {
            DateOp::Before => d < *date,
            DateOp::After => d > *date,
            DateOp::On => d == *date,
        }),
    }
}
