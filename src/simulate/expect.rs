//! Expectations a team keeps next to a series in git and runs in CI
//! (`simulate --expect CASES.ron`): per customer, the blocks they pass, the
//! messages they get or never get, how their stay ends; for the whole series,
//! a goal rate and counts within bounds. Written by marketers: blocks by title
//! (or id), outcomes and counters by name, rates in percent, comments allowed.
//!
//! ```ron
//! (
//!     customers: [
//!         (
//!             customer: "maya",
//!             passes: ["New users", "Welcome Email", "Welcome Chat"],
//!             receives: ["Welcome Email", (message: "Welcome Chat", within_hours: 48)],
//!             never_receives: ["Need a hand?"],
//!             ends: "finished",
//!         ),
//!         (customer: "sam", enters: false),
//!     ],
//!     series: (
//!         goal_rate_at_least: 25, // percent of stays
//!         counts: [(block: "Welcome Email", count: "sent", at_least: 1, at_most: 10)],
//!     ),
//! )
//! ```

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::model::{BlockId, Series};

use super::audience::Audience;
use super::counts::{Counter, Counts};
use super::trace::{StayOutcome, Trace};

/// An expectations file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    #[serde(default)]
    pub customers: Vec<CustomerCase>,
    #[serde(default)]
    pub series: SeriesCase,
}

/// What must hold for one customer of the customers file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerCase {
    /// Their id in the customers file.
    pub customer: String,
    #[serde(default)]
    pub enters: Option<bool>,
    /// Blocks they arrive at in this order (others may come between).
    #[serde(default)]
    pub passes: Vec<BlockRef>,
    #[serde(default)]
    pub receives: Vec<MessageCase>,
    #[serde(default)]
    pub never_receives: Vec<MessageCase>,
    /// How their last stay ends: "finished", "exited", "goal", "disengaged", "in progress".
    #[serde(default)]
    pub ends: Option<String>,
}

/// A block by its id in the series file, or by its title.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum BlockRef {
    Id(u64),
    Title(String),
}

/// A message, optionally "within N hours of entering".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum MessageCase {
    Block(BlockRef),
    Within {
        message: BlockRef,
        within_hours: u32,
    },
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesCase {
    /// Percent of stays that hit the goal.
    #[serde(default)]
    pub goal_rate_at_least: Option<f64>,
    #[serde(default)]
    pub counts: Vec<CountCase>,
}

/// A block's counter (or, without `block`, a total) within bounds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountCase {
    #[serde(default)]
    pub block: Option<BlockRef>,
    /// A block counter (`sent`, `arrived`, …) or a total (`entered`, `goal_hit`, …).
    pub count: String,
    #[serde(default)]
    pub at_least: Option<u64>,
    #[serde(default)]
    pub at_most: Option<u64>,
}

/// The totals an expectation may bound, by name.
pub const TOTALS: [&str; 10] = [
    "customers",
    "entered",
    "stays",
    "finished",
    "exited",
    "goal_hit",
    "disengaged",
    "in_progress",
    "messages_sent",
    "goal",
];

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// "maya", or "series".
    pub case: String,
    pub expected: String,
    /// What happened instead.
    pub actual: String,
}

/// The outcome of all expectations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub checked: usize,
    pub failures: Vec<Failure>,
}

impl Expectations {
    /// Reads an expectations file; the message names the line and column.
    pub fn parse(text: &str) -> Result<Expectations, String> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        options.from_str(text).map_err(|e| {
            format!(
                "line {}, column {}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })
    }

    /// Customers the cases name (their traces are needed).
    pub fn customers(&self) -> BTreeSet<String> {
        self.customers.iter().map(|c| c.customer.clone()).collect()
    }

    /// Problems with the cases themselves: blocks, outcomes or counters that do
    /// not exist. One message per problem.
    pub fn problems(&self, series: &Series) -> Vec<String> {
        let mut out = Vec::new();
        for case in &self.customers {
            let at = format!("case '{}'", case.customer);
            for b in &case.passes {
                if let Err(e) = resolve(series, b) {
                    out.push(format!("{at}, passes: {e}"));
                }
            }
            for (field, list) in [
                ("receives", &case.receives),
                ("never_receives", &case.never_receives),
            ] {
                for m in list {
                    if let Err(e) = resolve_message(series, m.block()) {
                        out.push(format!("{at}, {field}: {e}"));
                    }
                }
            }
            if let Some(ends) = &case.ends
                && outcome(ends).is_none()
            {
                out.push(format!(
                    "{at}, ends: '{ends}' is not a way to leave: use finished, exited, goal, disengaged or in progress"
                ));
            }
        }
        for c in &self.series.counts {
            match &c.block {
                Some(b) => {
                    if let Err(e) = resolve(series, b) {
                        out.push(format!("series, counts: {e}"));
                    } else if Counter::from_name(&c.count).is_none() {
                        out.push(format!(
                            "series, counts: '{}' is not a block's count: use one of {}",
                            c.count,
                            Counter::ALL.map(Counter::name).join(", ")
                        ));
                    }
                }
                None if !TOTALS.contains(&c.count.as_str()) => out.push(format!(
                    "series, counts: '{}' is not a total: use one of {} (or name a block)",
                    c.count,
                    TOTALS.join(", ")
                )),
                None => {}
            }
        }
        out
    }

    /// Checks every expectation against a simulation's outcome. The cases'
    /// customers must have traces (customers missing from the file fail).
    pub fn check(&self, series: &Series, audience: &Audience) -> Verdict {
        let mut v = Verdict::default();
        let name = |id: BlockId| block_name(series, id);
        for case in &self.customers {
            let mut fail = |expected: String, actual: String| {
                v.failures.push(Failure {
                    case: case.customer.clone(),
                    expected,
                    actual,
                })
            };
            let Some(trace) = audience.traces.get(&case.customer) else {
                v.checked += 1;
                fail(
                    "to be in the customers file".into(),
                    "there is no customer with this id".into(),
                );
                continue;
            };
            if let Some(enters) = case.enters {
                v.checked += 1;
                match (enters, trace.stays.first()) {
                    (true, None) => fail("to enter the series".into(), "never entered".into()),
                    (false, Some(stay)) => fail(
                        "never to enter the series".into(),
                        format!("entered at {}", when(stay.entered_at)),
                    ),
                    _ => {}
                }
            }
            if !case.passes.is_empty() {
                v.checked += 1;
                let wanted: Vec<BlockId> = case
                    .passes
                    .iter()
                    .filter_map(|b| resolve(series, b).ok())
                    .collect();
                let passed: Vec<BlockId> = trace.blocks_passed().collect();
                let mut rest = passed.iter();
                if !wanted.iter().all(|w| rest.any(|p| p == w)) {
                    let names = |ids: &[BlockId]| {
                        ids.iter()
                            .map(|&id| name(id))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    };
                    let actual = if passed.is_empty() {
                        "passed no block".into()
                    } else {
                        format!("passed {}", names(&passed))
                    };
                    fail(format!("to pass {} in this order", names(&wanted)), actual);
                }
            }
            for m in &case.receives {
                v.checked += 1;
                let Ok(block) = resolve_message(series, m.block()) else {
                    continue;
                };
                let hours = m.within_hours();
                if !sent_within(trace, block, hours).is_empty() {
                    continue;
                }
                let expected = format!("to receive {}{}", name(block), within_words(hours));
                let actual = match trace.sends().find(|(b, _)| *b == block) {
                    None => "it was never sent".into(),
                    Some((_, at)) => format!(
                        "it was sent {} after entering ({})",
                        hours_words(hours_after_entering(trace, at)),
                        when(at)
                    ),
                };
                fail(expected, actual);
            }
            for m in &case.never_receives {
                v.checked += 1;
                let Ok(block) = resolve_message(series, m.block()) else {
                    continue;
                };
                let hours = m.within_hours();
                if let Some(at) = sent_within(trace, block, hours).first() {
                    fail(
                        format!("never to receive {}{}", name(block), within_words(hours)),
                        format!("it was sent at {}", when(*at)),
                    );
                }
            }
            if let Some(want) = case.ends.as_deref().and_then(outcome) {
                v.checked += 1;
                match trace.stays.last() {
                    None => fail(format!("to end {}", want.words()), "never entered".into()),
                    Some(stay) if stay.outcome != want => fail(
                        format!("to end {}", want.words()),
                        match stay.ended_at {
                            Some(at) => format!("ended {} at {}", stay.outcome.words(), when(at)),
                            None => "still in the series at the end".into(),
                        },
                    ),
                    Some(_) => {}
                }
            }
        }
        self.check_series(series, &audience.counts, &mut v);
        v
    }

    fn check_series(&self, series: &Series, counts: &Counts, v: &mut Verdict) {
        let mut fail = |expected: String, actual: String| {
            v.failures.push(Failure {
                case: "series".into(),
                expected,
                actual,
            })
        };
        if let Some(least) = self.series.goal_rate_at_least {
            v.checked += 1;
            let rate = counts.goal_rate() * 100.0;
            if rate + 1e-9 < least {
                fail(
                    format!(
                        "a goal rate of at least {} %",
                        crate::model::format_number(least)
                    ),
                    format!(
                        "{rate:.1} % ({} of {})",
                        counts.goal_hit,
                        crate::text::count(counts.stays as usize, "stay")
                    ),
                );
            }
        }
        for c in &self.series.counts {
            v.checked += 1;
            let (what, value) = match &c.block {
                Some(b) => {
                    let (Ok(id), Some(counter)) =
                        (resolve(series, b), Counter::from_name(&c.count))
                    else {
                        continue;
                    };
                    let Some(i) = series.blocks().keys().position(|k| *k == id) else {
                        continue;
                    };
                    (
                        format!("{} {}", block_name(series, id), counter.words()),
                        counts.blocks[i].get(counter),
                    )
                }
                None => match total(counts, &c.count) {
                    Some(n) => (c.count.replace('_', " "), n),
                    None => continue,
                },
            };
            let low = c.at_least.is_some_and(|l| value < l);
            let high = c.at_most.is_some_and(|h| value > h);
            if low || high {
                let bounds = match (c.at_least, c.at_most) {
                    (Some(l), Some(h)) => format!("between {l} and {h}"),
                    (Some(l), None) => format!("at least {l}"),
                    (None, Some(h)) => format!("at most {h}"),
                    (None, None) => String::new(),
                };
                fail(format!("{what} {bounds}"), format!("{value}"));
            }
        }
    }
}

impl MessageCase {
    fn block(&self) -> &BlockRef {
        match self {
            MessageCase::Block(b) | MessageCase::Within { message: b, .. } => b,
        }
    }

    fn within_hours(&self) -> Option<u32> {
        match self {
            MessageCase::Block(_) => None,
            MessageCase::Within { within_hours, .. } => Some(*within_hours),
        }
    }
}

/// A block by id, or by title (ignoring case; it must name one block).
pub fn resolve(series: &Series, b: &BlockRef) -> Result<BlockId, String> {
    match b {
        BlockRef::Id(id) => {
            let id = BlockId(*id);
            series
                .block(id)
                .map(|_| id)
                .ok_or_else(|| format!("there is no block {id} in the series"))
        }
        BlockRef::Title(title) => {
            let want = title.trim().to_lowercase();
            let found: Vec<BlockId> = series
                .blocks()
                .iter()
                .filter(|(_, b)| b.display_title().trim().to_lowercase() == want)
                .map(|(id, _)| *id)
                .collect();
            match found.as_slice() {
                [one] => Ok(*one),
                [] => Err(format!("there is no block titled '{title}' in the series")),
                many => Err(format!(
                    "{} blocks are titled '{title}' (ids {}): name one by its id",
                    many.len(),
                    many.iter()
                        .map(|id| id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }
}

fn resolve_message(series: &Series, b: &BlockRef) -> Result<BlockId, String> {
    let id = resolve(series, b)?;
    match series.block(id).and_then(|b| b.as_content()) {
        Some(_) => Ok(id),
        None => Err(format!("{} is not a message", block_name(series, id))),
    }
}

fn outcome(name: &str) -> Option<StayOutcome> {
    let name = name.trim().to_lowercase().replace(' ', "_");
    StayOutcome::ALL.into_iter().find(|o| o.name() == name)
}

fn total(counts: &Counts, name: &str) -> Option<u64> {
    Some(match name {
        "customers" => counts.customers,
        "entered" => counts.entered,
        "stays" => counts.stays,
        "finished" => counts.outcome(StayOutcome::Finished),
        "exited" => counts.outcome(StayOutcome::Exited),
        "goal" => counts.outcome(StayOutcome::Goal),
        "goal_hit" => counts.goal_hit,
        "disengaged" => counts.outcome(StayOutcome::Disengaged),
        "in_progress" => counts.outcome(StayOutcome::InProgress),
        "messages_sent" => counts.messages_sent(),
        _ => return None,
    })
}

/// When the block was sent, within `hours` of entering the stay it was sent in.
fn sent_within(trace: &Trace, block: BlockId, hours: Option<u32>) -> Vec<DateTime<Utc>> {
    trace
        .sends()
        .filter(|(b, _)| *b == block)
        .map(|(_, at)| at)
        .filter(|at| hours.is_none_or(|h| hours_after_entering(trace, *at) <= f64::from(h)))
        .collect()
}

fn hours_after_entering(trace: &Trace, at: DateTime<Utc>) -> f64 {
    trace
        .stay_at(at)
        .map_or(0.0, |s| (at - s.entered_at).num_seconds() as f64 / 3600.0)
}

fn within_words(hours: Option<u32>) -> String {
    match hours {
        Some(h) => format!(
            " within {} of entering",
            crate::text::count(h as usize, "hour")
        ),
        None => String::new(),
    }
}

fn hours_words(h: f64) -> String {
    if h.fract() == 0.0 {
        crate::text::count(h as usize, "hour")
    } else {
        format!("{h:.1} hours")
    }
}

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// "'Welcome Email' (2)".
fn block_name(series: &Series, id: BlockId) -> String {
    match series.title_of(id) {
        Some(t) => format!("'{t}' ({id})"),
        None => format!("block {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marketer_can_write_cases_plainly() {
        let text = r#"
            // Who gets what in onboarding.
            (
                customers: [
                    (
                        customer: "maya",
                        passes: ["New users", 2, "Welcome Chat"],
                        receives: ["Welcome Email", (message: "Welcome Chat", within_hours: 48)],
                        never_receives: [7],
                        ends: "in progress",
                    ),
                    (customer: "sam", enters: false),
                ],
                series: (
                    goal_rate_at_least: 25,
                    counts: [(block: "Welcome Email", count: "sent", at_least: 1, at_most: 10)],
                ),
            )
        "#;
        let e = Expectations::parse(text).unwrap();
        let maya = &e.customers[0];
        assert_eq!(
            maya.passes,
            vec![
                BlockRef::Title("New users".into()),
                BlockRef::Id(2),
                BlockRef::Title("Welcome Chat".into())
            ]
        );
        assert_eq!(
            maya.receives[1],
            MessageCase::Within {
                message: BlockRef::Title("Welcome Chat".into()),
                within_hours: 48
            }
        );
        assert_eq!(
            maya.never_receives,
            vec![MessageCase::Block(BlockRef::Id(7))]
        );
        assert_eq!(
            outcome(maya.ends.as_deref().unwrap()),
            Some(StayOutcome::InProgress)
        );
        assert_eq!(e.customers[1].enters, Some(false));
        assert_eq!(e.series.goal_rate_at_least, Some(25.0));
        assert_eq!(e.series.counts[0].at_most, Some(10));
    }

    #[test]
    fn a_mistake_names_its_line() {
        let err = Expectations::parse("(\n  customers: [(customer: \"maya\", pases: [])],\n)")
            .unwrap_err();
        assert!(err.starts_with("line 2, column"), "{err}");
        assert!(err.contains("pases"), "{err}");
    }
}
