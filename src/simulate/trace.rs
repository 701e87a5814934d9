//! What happened to one customer, step by step, and why.

use chrono::{DateTime, Utc};

use crate::model::BlockId;

/// One customer's way through the series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    pub customer: String,
    /// Empty for a customer who never entered.
    pub stays: Vec<StayRecord>,
    /// In time order; at one moment, in the order things happened.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StayRecord {
    pub entered_at: DateTime<Utc>,
    /// `None` while still in the series when the simulation ends.
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: StayOutcome,
}

/// How a stay ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StayOutcome {
    /// The last path reached the end of a path.
    Finished,
    /// The exit rules matched.
    Exited,
    /// The goal was hit and it makes customers leave.
    Goal,
    /// The last path timed out, or no message was sent for too long.
    Disengaged,
    /// Still in the series when the simulation ended.
    InProgress,
    /// A split test put them in its control group: they left, counted.
    Control,
}

impl StayOutcome {
    pub const ALL: [StayOutcome; 6] = [
        StayOutcome::Finished,
        StayOutcome::Exited,
        StayOutcome::Goal,
        StayOutcome::Disengaged,
        StayOutcome::InProgress,
        StayOutcome::Control,
    ];

    /// The name in JSON and in expectations files.
    pub fn name(self) -> &'static str {
        match self {
            StayOutcome::Finished => "finished",
            StayOutcome::Exited => "exited",
            StayOutcome::Goal => "goal",
            StayOutcome::Disengaged => "disengaged",
            StayOutcome::InProgress => "in_progress",
            StayOutcome::Control => "control",
        }
    }

    /// In words: "in progress".
    pub fn words(self) -> &'static str {
        match self {
            StayOutcome::InProgress => "in progress",
            other => other.name(),
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at: DateTime<Utc>,
    /// `None` for what concerns the whole series (exit rules or goal at a
    /// 15-minute check, disengagement).
    pub block: Option<BlockId>,
    pub what: What,
    /// The why, in words.
    pub detail: String,
    /// For checks (entry, rule, exit rules, goal): every condition and its value.
    pub conditions: Vec<ConditionCheck>,
}

/// One condition of a filter at one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionCheck {
    /// "signed up less than 1 day ago".
    pub condition: String,
    /// The customer's value then: "2026-12-01T09:20:00Z", "unknown", "done 2 times".
    pub value: String,
    pub holds: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum What {
    Entered,
    Arrived,
    Matched,
    NoMatch,
    Sent,
    NotSent,
    TimedOut,
    Passed,
    Opened,
    Clicked,
    Replied,
    Completed,
    Dismissed,
    TagAdded,
    TagRemoved,
    Goal,
    Exited,
    Disengaged,
    Finished,
    /// A split test sent them down a branch.
    Branch,
    /// A split test put them in its control group.
    Control,
}

impl What {
    /// The name in JSON.
    pub fn name(self) -> &'static str {
        match self {
            What::Entered => "entered",
            What::Arrived => "arrived",
            What::Matched => "matched",
            What::NoMatch => "no_match",
            What::Sent => "sent",
            What::NotSent => "not_sent",
            What::TimedOut => "timed_out",
            What::Passed => "passed",
            What::Opened => "opened",
            What::Clicked => "clicked",
            What::Replied => "replied",
            What::Completed => "completed",
            What::Dismissed => "dismissed",
            What::TagAdded => "tag_added",
            What::TagRemoved => "tag_removed",
            What::Goal => "goal",
            What::Exited => "exited",
            What::Disengaged => "disengaged",
            What::Finished => "finished",
            What::Branch => "branch",
            What::Control => "control",
        }
    }

    /// In words, for the text output: "no match", "tag added".
    pub fn words(self) -> String {
        self.name().replace('_', " ")
    }
}

impl Trace {
    /// The blocks the customer arrived at (entry points included), in order.
    pub fn blocks_passed(&self) -> impl Iterator<Item = BlockId> + '_ {
        self.steps
            .iter()
            .filter(|s| matches!(s.what, What::Entered | What::Arrived))
            .filter_map(|s| s.block)
    }

    /// When each message was sent: (block, at).
    pub fn sends(&self) -> impl Iterator<Item = (BlockId, DateTime<Utc>)> + '_ {
        self.steps
            .iter()
            .filter(|s| s.what == What::Sent)
            .filter_map(|s| s.block.map(|b| (b, s.at)))
    }

    /// The stay that was going on at a moment (the last one entered at or before it).
    pub fn stay_at(&self, at: DateTime<Utc>) -> Option<&StayRecord> {
        self.stays.iter().rev().find(|s| s.entered_at <= at)
    }
}

impl ConditionCheck {
    /// "type is user (user): yes".
    pub fn words(&self) -> String {
        let answer = if self.holds { "yes" } else { "no" };
        format!("{} ({}): {answer}", self.condition, self.value)
    }
}
