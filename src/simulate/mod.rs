//! The simulation of `spec/simulation.md`: customers files → what happens to each
//! customer in a series; counts per block, per arrow and per day, totals, and
//! traces with the reasons. No egui here: the CLI and the app share it.
//!
//! - [`Simulation`] is a series compiled for a window and a seed. Its
//!   [`Simulation::trace`] runs one [`Customer`] (built in code or read from a
//!   file) and returns their [`Trace`]; [`audience::run`] streams a customers file
//!   through it on all cores, with progress and cancel.
//! - The engine ([`engine`]) jumps from one moment where something can change to
//!   the next; the tests hold a naive engine that visits every grid point and
//!   compare the two.
//!
//! Where the spec is silent, this module decides (the code says where):
//! - Trace steps record what changes: a rule that keeps checking notes its first
//!   check on the arrival step, then the check that matched or its deadline; the
//!   checks in between, which found nothing new, are not steps. Entry points and
//!   exit rules appear when they let someone in or out.
//! - At one moment: opens and clicks first (in the order of the sends), then
//!   paths in the order they came to rest, then disengagement (so a message sent
//!   at the very moment of the deadline still counts), then exit rules, goal and
//!   waiting rules (in the order they came to rest), then entry points by id.
//! - A rule's last check at its deadline happens with the 15-minute checks when
//!   the deadline falls on the grid; otherwise the deadline only times it out.
//! - Disengagement after 0 days means never; a goal without a window counts only
//!   at the moment of entering (the go-live check reports both).
//! - Engagement is per customer and message: every send of a block gets the same
//!   draw (a reminder sent twice is opened twice or never), and opens or clicks
//!   still happen after the stay ended; only those before the end of the window
//!   count. A customer's tags and what they received carry over to a new stay.
//! - Text tests read numbers, true/false and dates as their text; times are kept
//!   to the second.

pub mod audience;
mod counts;
mod customer;
mod engagement;
mod engine;
pub mod expect;
mod facts;
mod plan;
pub mod read;
pub mod sample;
mod split;
mod trace;

use chrono::{DateTime, Duration, Utc};

use crate::model::{BlockId, Connection, Series};

pub use counts::{BlockCounts, Counter, Counts};
pub use customer::{Customer, DateValue, Engages, Event, Platform, Session, Value};
pub use engagement::{Rates, Reaction, fnv1a, splitmix, unit_draw};
pub use engine::{MAX_STEPS_AT_ONE_MOMENT, SimError};
pub use split::{SplitChoice, split_choice};
pub use trace::{ConditionCheck, StayOutcome, StayRecord, Step, Trace, What};

/// The longest window the simulation runs.
pub const MAX_DAYS: u32 = 366;
/// The window when none is given.
pub const DEFAULT_DAYS: u32 = 30;

/// A series compiled for one window and one seed, ready to run customers.
#[derive(Debug)]
pub struct Simulation {
    plan: plan::Plan,
    pub series_name: String,
    pub from: DateTime<Utc>,
    pub days: u32,
    pub seed: u64,
}

impl Simulation {
    /// `days` is limited to [`MAX_DAYS`]; `from` is kept to the second.
    pub fn new(series: &Series, from: DateTime<Utc>, days: u32, seed: u64) -> Simulation {
        Simulation {
            plan: plan::Plan::new(series),
            series_name: series.name.clone(),
            from: facts::moment(facts::secs(from)),
            days: days.min(MAX_DAYS),
            seed,
        }
    }

    /// The end of the window: nothing happens at or after it.
    pub fn until(&self) -> DateTime<Utc> {
        self.from + Duration::days(i64::from(self.days))
    }

    /// Zeroed counts shaped for this series.
    pub fn new_counts(&self) -> Counts {
        Counts::new(
            self.plan.ids.len(),
            self.plan.arrows.len(),
            self.days as usize,
        )
    }

    /// The series' blocks, in the order of [`Counts::blocks`].
    pub fn block_ids(&self) -> &[BlockId] {
        &self.plan.ids
    }

    /// The series' arrows, in the order of [`Counts::arrows`].
    pub fn arrows(&self) -> &[Connection] {
        &self.plan.arrows
    }

    /// One customer's way through the series, step by step.
    pub fn trace(&self, customer: &Customer) -> Result<Trace, SimError> {
        let mut counts = self.new_counts();
        self.run(customer, &mut counts, true)
            .map(Option::unwrap_or_default)
    }

    /// Runs one customer, adding to `counts`; their trace when `traced`.
    pub fn run(
        &self,
        customer: &Customer,
        counts: &mut Counts,
        traced: bool,
    ) -> Result<Option<Trace>, SimError> {
        let facts = facts::Facts::new(&self.plan, customer);
        let window = (facts::secs(self.from), facts::secs(self.until()));
        engine::Run::new(&self.plan, &facts, self.seed, window, counts, traced).run()
    }
}
