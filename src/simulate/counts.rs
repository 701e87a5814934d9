//! The figures of a simulation: per block, per arrow, for the whole series and
//! per day. Whole numbers only, summed, so that parts counted on different
//! threads add up to the same bytes in any order.

use crate::model::{ContentType, Kind};

use super::trace::StayOutcome;

/// A per-block counter of `spec/simulation.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Counter {
    Arrived,
    Matched,
    NoMatch,
    Sent,
    NotSent,
    TimedOut,
    Opened,
    Clicked,
    Replied,
    Completed,
    Dismissed,
    Passed,
    Applied,
    EndedHere,
    WaitingAtEnd,
    /// A split test's control group: customers who left the series here.
    Control,
}

impl Counter {
    pub const ALL: [Counter; 16] = [
        Counter::Arrived,
        Counter::Matched,
        Counter::NoMatch,
        Counter::Sent,
        Counter::NotSent,
        Counter::TimedOut,
        Counter::Opened,
        Counter::Clicked,
        Counter::Replied,
        Counter::Completed,
        Counter::Dismissed,
        Counter::Passed,
        Counter::Applied,
        Counter::EndedHere,
        Counter::WaitingAtEnd,
        Counter::Control,
    ];

    /// The name in JSON and in expectations files.
    pub fn name(self) -> &'static str {
        match self {
            Counter::Arrived => "arrived",
            Counter::Matched => "matched",
            Counter::NoMatch => "no_match",
            Counter::Sent => "sent",
            Counter::NotSent => "not_sent",
            Counter::TimedOut => "timed_out",
            Counter::Opened => "opened",
            Counter::Clicked => "clicked",
            Counter::Replied => "replied",
            Counter::Completed => "completed",
            Counter::Dismissed => "dismissed",
            Counter::Passed => "passed",
            Counter::Applied => "applied",
            Counter::EndedHere => "ended_here",
            Counter::WaitingAtEnd => "waiting_at_end",
            Counter::Control => "control",
        }
    }

    /// In words, for the text table: "no match", "waiting at end".
    pub fn words(self) -> String {
        self.name().replace('_', " ")
    }

    pub fn from_name(name: &str) -> Option<Counter> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether a block of this kind counts it. Notes count nothing: no customer
    /// reaches them.
    pub fn applies_to(self, kind: Kind) -> bool {
        use Counter::*;
        match self {
            _ if kind == Kind::Note => false,
            Arrived | EndedHere | WaitingAtEnd => true,
            Control => kind == Kind::Split,
            Matched | NoMatch => kind == Kind::Rule,
            TimedOut => matches!(kind, Kind::Rule | Kind::Content),
            Sent | NotSent | Opened | Clicked | Replied | Completed | Dismissed => {
                kind == Kind::Content
            }
            Passed => kind == Kind::Wait,
            Applied => kind == Kind::Tag,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One block's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BlockCounts([u64; 16]);

impl BlockCounts {
    pub fn get(&self, c: Counter) -> u64 {
        self.0[c.index()]
    }

    pub fn add(&mut self, c: Counter, n: u64) {
        self.0[c.index()] += n;
    }
}

/// Everything counted over an audience.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    /// Customers simulated.
    pub customers: u64,
    /// Customers with at least one stay.
    pub entered: u64,
    pub stays: u64,
    /// Stays by how they ended, in `StayOutcome::ALL` order.
    pub outcomes: [u64; 6],
    /// Stays in which the goal was hit (whether or not it made them leave).
    pub goal_hit: u64,
    /// Messages sent, in `ContentType::ALL` order.
    pub sent_by_type: [u64; 8],
    /// Messages sent on each day of the window.
    pub sends_per_day: Vec<u64>,
    /// In the order of the series' blocks (by id).
    pub blocks: Vec<BlockCounts>,
    /// In the order of the series' arrows.
    pub arrows: Vec<u64>,
}

impl Counts {
    pub fn new(blocks: usize, arrows: usize, days: usize) -> Counts {
        Counts {
            sends_per_day: vec![0; days],
            blocks: vec![BlockCounts::default(); blocks],
            arrows: vec![0; arrows],
            ..Counts::default()
        }
    }

    pub fn outcome(&self, o: StayOutcome) -> u64 {
        self.outcomes[o as usize]
    }

    pub(crate) fn add_outcome(&mut self, o: StayOutcome) {
        self.outcomes[o as usize] += 1;
    }

    pub fn messages_sent(&self) -> u64 {
        self.sent_by_type.iter().sum()
    }

    pub fn sent_of_type(&self, t: ContentType) -> u64 {
        self.sent_by_type[t as usize]
    }

    pub(crate) fn add_sent(&mut self, t: ContentType) {
        self.sent_by_type[t as usize] += 1;
    }

    /// Goal hits per stay, 0 without stays.
    pub fn goal_rate(&self) -> f64 {
        if self.stays == 0 {
            0.0
        } else {
            self.goal_hit as f64 / self.stays as f64
        }
    }

    /// Adds another part of the audience.
    pub fn merge(&mut self, other: &Counts) {
        self.customers += other.customers;
        self.entered += other.entered;
        self.stays += other.stays;
        self.goal_hit += other.goal_hit;
        add_all(&mut self.outcomes, &other.outcomes);
        add_all(&mut self.sent_by_type, &other.sent_by_type);
        add_all(&mut self.sends_per_day, &other.sends_per_day);
        add_all(&mut self.arrows, &other.arrows);
        for (mine, theirs) in self.blocks.iter_mut().zip(&other.blocks) {
            add_all(&mut mine.0, &theirs.0);
        }
    }

    /// Every figure multiplied by `factor` and rounded: a sample's counts as
    /// estimates for the whole audience. `customers` is left to the caller.
    pub fn scaled(&self, factor: f64) -> Counts {
        let s = |n: u64| (n as f64 * factor).round() as u64;
        let map = |v: &[u64]| v.iter().map(|&n| s(n)).collect::<Vec<u64>>();
        let mut out = Counts {
            customers: self.customers,
            entered: s(self.entered),
            stays: s(self.stays),
            goal_hit: s(self.goal_hit),
            sends_per_day: map(&self.sends_per_day),
            arrows: map(&self.arrows),
            blocks: self
                .blocks
                .iter()
                .map(|b| BlockCounts(b.0.map(s)))
                .collect(),
            ..Counts::default()
        };
        out.outcomes = self.outcomes.map(s);
        out.sent_by_type = self.sent_by_type.map(s);
        out
    }
}

fn add_all(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}
