//! What the Test customer tab shows of one customer's way through the series:
//! each step with its day and time on the preview's clock ("Day 2, 16:00"),
//! its block, what happened and why, every condition of a check with its
//! value; and the path to light on the canvas. Worked out once per change of
//! the series or the customer, not per frame.

use crate::canvas::LitPath;
use crate::model::{BlockId, Series};
use crate::simulate::test_customer::Window;
use crate::simulate::{ConditionCheck, Customer, Simulation, StayOutcome, Step, Trace, What};

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// "Entered Day 1, 10:00 · finished Day 4, 18:30".
    pub summary: String,
    pub rows: Vec<Row>,
    pub lit: LitPath,
}

/// One step, as the timeline lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// "Day 1, 10:00".
    pub when: String,
    /// The block to show when the row is clicked.
    pub block: Option<BlockId>,
    /// The block's title, or "Exit rules", "Goal"…
    pub title: String,
    /// "Sent", "Not sent", "Didn't match"…
    pub what: &'static str,
    /// Why, in words: "not online in 3 days".
    pub detail: String,
    pub tone: Tone,
    pub conditions: Vec<ConditionCheck>,
}

/// Whether a step went the customer's way (a send, a match) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Neutral,
}

impl Timeline {
    /// The customer run through the series over the preview's window.
    pub fn new(series: &Series, window: &Window, sim: &Simulation, customer: &Customer) -> Self {
        match sim.trace(customer) {
            Ok(trace) if trace.stays.is_empty() => never_entered(series, window, sim, customer),
            Ok(trace) => Timeline {
                summary: summary(window, &trace),
                rows: rows(series, window, &trace.steps),
                lit: LitPath::of(series, &trace),
            },
            Err(e) => Timeline {
                summary: format!("The preview stopped: {e}"),
                rows: Vec::new(),
                lit: LitPath::default(),
            },
        }
    }
}

/// Each stay: when it started, and how and when it ended.
fn summary(window: &Window, trace: &Trace) -> String {
    let stays: Vec<String> = trace
        .stays
        .iter()
        .map(|s| {
            let entered = format!("Entered {}", window.day_time(s.entered_at).words());
            match (s.outcome, s.ended_at) {
                (StayOutcome::InProgress, _) | (_, None) => {
                    format!("{entered} · still in the series when the preview ends")
                }
                (outcome, Some(at)) => format!(
                    "{entered} · {} {}",
                    outcome_words(outcome),
                    window.day_time(at).words()
                ),
            }
        })
        .collect();
    stays.join("\n")
}

fn outcome_words(outcome: StayOutcome) -> &'static str {
    match outcome {
        StayOutcome::Finished => "finished",
        StayOutcome::Exited => "left by the exit rules",
        StayOutcome::Goal => "reached the goal",
        StayOutcome::Disengaged => "disengaged",
        StayOutcome::InProgress => "still in the series",
        StayOutcome::Control => "left in a control group",
    }
}

/// The steps, without an arrival the block answered at once (the next step,
/// at the same moment, says what it did).
fn rows(series: &Series, window: &Window, steps: &[Step]) -> Vec<Row> {
    let mut out = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let answered = steps
            .get(i + 1)
            .is_some_and(|next| next.at == step.at && next.block == step.block);
        if step.what == What::Arrived && answered && step.detail.is_empty() {
            continue;
        }
        let (what, tone) = words(step.what);
        out.push(Row {
            when: window.day_time(step.at).words(),
            block: step.block,
            title: match step.block {
                Some(id) => series.title_of(id).unwrap_or_else(|| format!("block {id}")),
                None => match step.what {
                    What::Goal => "Goal".into(),
                    What::Exited => "Exit rules".into(),
                    What::Disengaged => "Disengagement".into(),
                    _ => "The series".into(),
                },
            },
            what,
            // "enters at 'New users'", "opened 'Welcome Email'": the row says it already.
            detail: match step.what {
                What::Entered
                | What::Opened
                | What::Clicked
                | What::Replied
                | What::Completed
                | What::Dismissed => String::new(),
                _ => step.detail.clone(),
            },
            tone,
            conditions: step
                .conditions
                .iter()
                .map(|c| on_the_preview_clock(window, c))
                .collect(),
        });
    }
    out
}

/// A condition's value that is a moment ("2026-12-01T09:20:00Z") said as the
/// timeline says times: "Day 1, 09:20".
fn on_the_preview_clock(window: &Window, c: &ConditionCheck) -> ConditionCheck {
    match chrono::DateTime::parse_from_rfc3339(&c.value) {
        Ok(at) => ConditionCheck {
            value: window.day_time(at.with_timezone(&chrono::Utc)).words(),
            ..c.clone()
        },
        Err(_) => c.clone(),
    }
}

/// What a step is called in the timeline, and whether it went their way.
fn words(what: What) -> (&'static str, Tone) {
    use Tone::{Bad, Good, Neutral};
    match what {
        What::Entered => ("Entered", Good),
        What::Arrived => ("Arrived", Neutral),
        What::Matched => ("Matched", Good),
        What::NoMatch => ("Didn't match", Bad),
        What::Sent => ("Sent", Good),
        What::NotSent => ("Not sent", Bad),
        What::TimedOut => ("Timed out", Bad),
        What::Passed => ("Waited", Good),
        What::Opened => ("Opened", Good),
        What::Clicked => ("Clicked", Good),
        What::Replied => ("Replied", Good),
        What::Completed => ("Completed", Good),
        What::Dismissed => ("Dismissed", Bad),
        What::TagAdded => ("Tag added", Good),
        What::TagRemoved => ("Tag removed", Good),
        What::Goal => ("Reached the goal", Good),
        What::Exited => ("Left", Bad),
        What::Disengaged => ("Disengaged", Bad),
        What::Finished => ("Finished", Good),
        What::Branch => ("Branch", Neutral),
        What::Control => ("Control group", Neutral),
    }
}

/// Someone who never entered: the entry points and exit rules at the first
/// entry check they met, with every condition.
fn never_entered(
    series: &Series,
    window: &Window,
    sim: &Simulation,
    customer: &Customer,
) -> Timeline {
    let Some(check) = sim.first_entry_check(customer) else {
        return Timeline {
            summary: "Never entered: they are not a customer yet while the preview runs (they sign up after it ends)".into(),
            rows: Vec::new(),
            lit: LitPath::default(),
        };
    };
    let when = window.day_time(check.at).words();
    let mut rows: Vec<Row> = check
        .entry_points
        .into_iter()
        .map(|(id, holds, conditions)| Row {
            when: when.clone(),
            block: Some(id),
            title: series.title_of(id).unwrap_or_default(),
            what: if holds { "Matched" } else { "Didn't match" },
            detail: if holds {
                String::new()
            } else {
                "this entry point's rule".into()
            },
            tone: if holds { Tone::Good } else { Tone::Bad },
            conditions: conditions
                .iter()
                .map(|c| on_the_preview_clock(window, c))
                .collect(),
        })
        .collect();
    let kept_out = check.exit_rules.as_ref().is_some_and(|(holds, _)| *holds);
    if let Some((holds, conditions)) = check.exit_rules {
        rows.push(Row {
            when: when.clone(),
            block: None,
            title: "Exit rules".into(),
            what: if holds {
                "Keep them out"
            } else {
                "Let them in"
            },
            detail: String::new(),
            tone: if holds { Tone::Bad } else { Tone::Good },
            conditions: conditions
                .iter()
                .map(|c| on_the_preview_clock(window, c))
                .collect(),
        });
    }
    let why = if rows.is_empty() {
        "the series has no entry point (a rule block with no arrow into it)"
    } else if kept_out {
        "the exit rules match them"
    } else {
        "no entry point's rule matches them"
    };
    Timeline {
        summary: format!("Never entered: {why}. At the first entry check ({when}):"),
        rows,
        lit: LitPath::default(),
    }
}
