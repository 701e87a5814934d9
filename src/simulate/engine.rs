//! The fast engine: one customer, from one moment where something can change to
//! the next, with the result of checking every grid point (`spec/simulation.md`,
//! "Time" and "How a customer moves").
//!
//! A moment is visited when something is due there (a wait's end, an in-app
//! message's send or window end, a rule's deadline, the disengagement deadline,
//! an open or click), or when it is the first 15-minute grid point (for exit
//! rules, goal and rules that keep checking) or the first hour (for entry points)
//! at or after a moment at which a filter's answer may have changed: an event,
//! a session, a "days ago" boundary, the sign-up, or anything the series itself
//! did (a tag, a send, a stay that started or ended). Between two such moments
//! every check would give the answer it gave at the last one, so skipping them
//! changes nothing; the tests compare this engine with one that visits every
//! grid point.
//!
//! At one moment: opens and clicks that fall due; then paths whose time has
//! come, in the order they came to rest; then disengagement; then (on the
//! 15-minute grid) exit rules, goal and waiting rules, in the order they came to
//! rest; then (on the hour) entry points, by id. A path moves through blocks
//! that act at once (tags, rules checked once, emails, waits that are over) in
//! the same moment, depth first.

use chrono::NaiveDateTime;

use crate::model::{BlockId, Clock, ContentType, Output, Reentry, SendWindow, clock_time};

use super::counts::{Counter, Counts};
use super::customer::Platform;
use super::engagement::Reaction;
use super::facts::{Eval, Facts, Memory, Secs, moment};
use super::plan::{CFilter, DAY, EMAIL, Plan, PlanBlock, PlanWait, UNSUBSCRIBED};
use super::split::{SplitChoice, split_choice};
use super::trace::{ConditionCheck, StayOutcome, StayRecord, Step, Trace, What};

const QUARTER: Secs = 900;
const HOUR: Secs = 3600;

/// After this many arrivals at one moment, a customer is going round a loop.
pub const MAX_STEPS_AT_ONE_MOMENT: u32 = 10_000;

/// Why a simulation stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    #[error(
        "customer '{customer}' went round a loop through '{title}' (block {block}) \
         {MAX_STEPS_AT_ONE_MOMENT} times at {at} without a pause: add a wait block to the loop"
    )]
    Loop {
        customer: String,
        block: BlockId,
        title: String,
        at: String,
    },
}

/// The first multiple of `step` at or after `t`.
pub(crate) fn grid_ceil(t: Secs, step: Secs) -> Secs {
    t.div_euclid(step)
        .saturating_add(i64::from(t.rem_euclid(step) != 0))
        * step
}

/// Which in-app messages reach a customer online on a platform.
pub(crate) fn fits(t: ContentType, p: Platform) -> bool {
    match t {
        ContentType::ProductTour | ContentType::Banner => p == Platform::Web,
        ContentType::Carousel => p.is_mobile(),
        _ => true,
    }
}

#[derive(Debug)]
struct Stay {
    start: Secs,
    /// Per entry point (in `Plan::entry_points` order): entered in this stay.
    entered: Vec<bool>,
    goal_hit: bool,
    /// Its start or its last send: disengagement counts from here.
    last_message: Secs,
}

#[derive(Debug, Clone, Copy)]
struct Resting {
    block: usize,
    /// Order of coming to rest: who goes first at one moment.
    seq: u64,
    since: Secs,
    due: Secs,
    kind: Rest,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rest {
    Wait,
    /// A rule that keeps checking until `due`.
    Rule,
    /// A message: sends at `due`, or gives up at `due`; `windowed` when a send
    /// window kept it from going out at once.
    Content {
        sends: bool,
        windowed: bool,
    },
}

pub(crate) struct Run<'a> {
    plan: &'a Plan,
    facts: &'a Facts<'a>,
    memory: Memory,
    seed: u64,
    from: Secs,
    until: Secs,
    counts: &'a mut Counts,
    trace: Option<Trace>,
    stay: Option<Stay>,
    stays: u32,
    last_end: Option<Secs>,
    paths: Vec<Resting>,
    /// (when, block, reaction), in the order of the sends.
    reactions: Vec<(Secs, usize, Reaction)>,
    seq: u64,
    steps_at: Secs,
    steps: u32,
    /// Something the series did at the moment being processed.
    happened: bool,
    next_quarter: Secs,
    next_hour: Secs,
    cursor: usize,
}

impl<'a> Run<'a> {
    pub fn new(
        plan: &'a Plan,
        facts: &'a Facts<'a>,
        seed: u64,
        (from, until): (Secs, Secs),
        counts: &'a mut Counts,
        traced: bool,
    ) -> Run<'a> {
        Run {
            memory: Memory::new(plan, facts),
            plan,
            facts,
            seed,
            from,
            until,
            counts,
            trace: traced.then(|| Trace {
                customer: facts.id.to_string(),
                ..Trace::default()
            }),
            stay: None,
            stays: 0,
            last_end: None,
            paths: Vec::new(),
            reactions: Vec::new(),
            seq: 0,
            steps_at: Secs::MIN,
            steps: 0,
            happened: false,
            next_quarter: Secs::MAX,
            next_hour: Secs::MAX,
            cursor: 0,
        }
    }

    /// Runs the whole window; the trace if one was asked for.
    pub fn run(mut self) -> Result<Option<Trace>, SimError> {
        self.counts.customers += 1;
        let mut t = self.from - 1;
        // As if something had just happened: the first hour is checked.
        self.happened = true;
        loop {
            let next = self.next_visit(t);
            if next >= self.until {
                break;
            }
            t = next;
            self.moment(t)?;
        }
        self.finish();
        Ok(self.trace)
    }

    fn next_visit(&mut self, t: Secs) -> Secs {
        // A check still owed from a moment that was not visited (no stay then, or
        // no entry point open) is owed at the next grid point.
        self.next_quarter = self.next_quarter.max(grid_ceil(t + 1, QUARTER));
        self.next_hour = self.next_hour.max(grid_ceil(t + 1, HOUR));
        if self.happened {
            self.next_quarter = self.next_quarter.min(grid_ceil(t + 1, QUARTER));
            self.next_hour = self.next_hour.min(grid_ceil(t + 1, HOUR));
            self.happened = false;
        }
        let changes = &self.facts.changes;
        while self.cursor < changes.len() && changes[self.cursor] <= t {
            self.cursor += 1;
        }
        if let Some(&change) = changes.get(self.cursor) {
            self.next_quarter = self.next_quarter.min(grid_ceil(change, QUARTER));
            self.next_hour = self.next_hour.min(grid_ceil(change, HOUR));
        }
        let mut next = Secs::MAX;
        for p in &self.paths {
            next = next.min(p.due);
        }
        for r in &self.reactions {
            next = next.min(r.0);
        }
        if let Some(stay) = &self.stay {
            if let Some(after) = self.plan.disengage_after {
                next = next.min(stay.last_message.saturating_add(after));
            }
            next = next.min(self.next_quarter);
        }
        if self.may_enter() {
            next = next.min(self.next_hour);
        }
        debug_assert!(next > t, "the next moment {next} is not after {t}");
        next
    }

    /// Whether an entry point could still let the customer in.
    fn may_enter(&self) -> bool {
        match &self.stay {
            Some(stay) => stay.entered.iter().any(|e| !e),
            None => {
                let once_and_done = self.plan.reentry == Reentry::Once && self.stays > 0;
                !self.plan.entry_points.is_empty() && !once_and_done
            }
        }
    }

    fn moment(&mut self, t: Secs) -> Result<(), SimError> {
        self.reactions_due(t);
        self.paths_due(t)?;
        if let Some(stay) = &self.stay
            && let Some(after) = self.plan.disengage_after
            && stay.last_message.saturating_add(after) <= t
        {
            let days = after / DAY;
            self.note(t, None, What::Disengaged, Vec::new(), || {
                format!(
                    "no message for {}",
                    crate::text::count(days as usize, "day")
                )
            });
            self.end_stay(t, StayOutcome::Disengaged);
        }
        if t.rem_euclid(QUARTER) == 0 {
            self.next_quarter = Secs::MAX;
            self.quarter_checks(t)?;
        }
        if t.rem_euclid(HOUR) == 0 {
            self.next_hour = Secs::MAX;
            self.entries(t)?;
        }
        Ok(())
    }

    fn reactions_due(&mut self, t: Secs) {
        if !self.reactions.iter().any(|r| r.0 <= t) {
            return;
        }
        let due: Vec<(Secs, usize, Reaction)> = self
            .reactions
            .iter()
            .copied()
            .filter(|r| r.0 <= t)
            .collect();
        self.reactions.retain(|r| r.0 > t);
        for (_, block, r) in due {
            let counter = match r {
                Reaction::Opened => Counter::Opened,
                Reaction::Clicked => Counter::Clicked,
                Reaction::Replied => Counter::Replied,
                Reaction::Completed => Counter::Completed,
                Reaction::Dismissed => Counter::Dismissed,
            };
            let what = match r {
                Reaction::Opened => What::Opened,
                Reaction::Clicked => What::Clicked,
                Reaction::Replied => What::Replied,
                Reaction::Completed => What::Completed,
                Reaction::Dismissed => What::Dismissed,
            };
            self.counts.blocks[block].add(counter, 1);
            let title = &self.plan.titles[block];
            self.note(t, Some(block), what, Vec::new(), || {
                format!("{} '{title}'", r.name())
            });
            self.happened = true;
        }
    }

    /// Paths whose wait, window or deadline ends now, in the order they came to
    /// rest. Rules whose deadline falls on the grid are left to the 15-minute
    /// checks, which check them one last time.
    fn paths_due(&mut self, t: Secs) -> Result<(), SimError> {
        let on_grid = t.rem_euclid(QUARTER) == 0;
        let deferred = |p: &Resting| p.kind == Rest::Rule && on_grid;
        loop {
            let Some(i) = (0..self.paths.len())
                .filter(|&i| self.paths[i].due <= t && !deferred(&self.paths[i]))
                .min_by_key(|&i| self.paths[i].seq)
            else {
                return Ok(());
            };
            let p = self.paths.remove(i);
            self.happened = true;
            self.resume(p, t)?;
        }
    }

    fn resume(&mut self, p: Resting, t: Secs) -> Result<(), SimError> {
        let b = p.block;
        match p.kind {
            Rest::Wait => {
                self.counts.blocks[b].add(Counter::Passed, 1);
                self.note(t, Some(b), What::Passed, Vec::new(), || {
                    "the wait is over".into()
                });
                self.travel(b, Output::Next, t)
            }
            Rest::Content {
                sends: true,
                windowed,
            } => {
                let how = if windowed {
                    "in its send window"
                } else {
                    "when they came online"
                };
                self.send(b, t, how);
                self.travel(b, Output::Sent, t)
            }
            Rest::Content {
                sends: false,
                windowed,
            } => {
                let span = span_words(t - p.since);
                self.failed(b, Output::NotSent, t, Vec::new(), || {
                    if windowed {
                        format!("no moment to send in its send window within {span}")
                    } else {
                        format!("not online in {span}")
                    }
                });
                self.travel(b, Output::NotSent, t)
            }
            Rest::Rule => {
                let span = span_words(t - p.since);
                self.failed(b, Output::NoMatch, t, Vec::new(), || {
                    format!("did not match within {span}")
                });
                self.travel(b, Output::NoMatch, t)
            }
        }
    }

    /// Exit rules, goal, then the rules that keep checking.
    fn quarter_checks(&mut self, t: Secs) -> Result<(), SimError> {
        if self.stay.is_none() || self.exit_check(t, None) || self.goal_check(t, None) {
            return Ok(());
        }
        let mut waiting: Vec<(u64, usize)> = self
            .paths
            .iter()
            .filter(|p| p.kind == Rest::Rule && p.since < t)
            .map(|p| (p.seq, p.block))
            .collect();
        waiting.sort_unstable();
        for (seq, b) in waiting {
            let Some(i) = self.paths.iter().position(|p| p.seq == seq) else {
                continue;
            };
            let PlanBlock::Rule { filter, .. } = &self.plan.blocks[b] else {
                continue;
            };
            let (holds, conditions) = self.check(filter, t);
            let p = self.paths[i];
            if holds {
                self.paths.remove(i);
                self.happened = true;
                self.counts.blocks[b].add(Counter::Matched, 1);
                self.note(t, Some(b), What::Matched, conditions, String::new);
                self.travel(b, Output::Match, t)?;
            } else if p.due <= t {
                self.paths.remove(i);
                self.happened = true;
                let span = span_words(t - p.since);
                self.failed(b, Output::NoMatch, t, conditions, || {
                    format!("did not match within {span}")
                });
                self.travel(b, Output::NoMatch, t)?;
            }
            if self.stay.is_none() {
                break;
            }
        }
        Ok(())
    }

    fn entries(&mut self, t: Secs) -> Result<(), SimError> {
        if self.facts.signed_up.is_some_and(|s| s > t) {
            return Ok(());
        }
        let plan = self.plan;
        for (e, &b) in plan.entry_points.iter().enumerate() {
            let eligible = match &self.stay {
                Some(stay) => !stay.entered[e],
                None => {
                    !(plan.reentry == Reentry::Once && self.stays > 0) && self.last_end != Some(t)
                }
            };
            let PlanBlock::Rule { filter, .. } = &plan.blocks[b] else {
                continue;
            };
            if !eligible || !self.eval().holds(filter, t) {
                continue;
            }
            if plan.exit.as_ref().is_some_and(|x| self.eval().holds(x, t)) {
                continue;
            }
            let (_, conditions) = self.check(filter, t);
            self.enter(e, b, t, conditions)?;
        }
        Ok(())
    }

    fn enter(
        &mut self,
        e: usize,
        b: usize,
        t: Secs,
        conditions: Vec<ConditionCheck>,
    ) -> Result<(), SimError> {
        self.happened = true;
        if self.stay.is_none() {
            self.stay = Some(Stay {
                start: t,
                entered: vec![false; self.plan.entry_points.len()],
                goal_hit: false,
                last_message: t,
            });
            if self.stays == 0 {
                self.counts.entered += 1;
            }
            self.stays += 1;
            self.counts.stays += 1;
            if let Some(trace) = &mut self.trace {
                trace.stays.push(StayRecord {
                    entered_at: moment(t),
                    ended_at: None,
                    outcome: StayOutcome::InProgress,
                });
            }
        }
        if let Some(stay) = &mut self.stay {
            stay.entered[e] = true;
        }
        self.guard(b, t)?;
        self.counts.blocks[b].add(Counter::Arrived, 1);
        let title = &self.plan.titles[b];
        self.note(t, Some(b), What::Entered, conditions, || {
            format!("enters at '{title}'")
        });
        // The exit rules were just checked: they do not match.
        if self.goal_check(t, Some(b)) {
            return Ok(());
        }
        self.counts.blocks[b].add(Counter::Matched, 1);
        self.travel(b, Output::Match, t)
    }

    /// Along the arrow from `b`'s `out`, and on through blocks that act at once.
    fn travel(&mut self, mut b: usize, mut out: Output, t: Secs) -> Result<(), SimError> {
        loop {
            let Some((arrow, to)) = self.plan.target(b, out) else {
                self.path_ends(b, out, t);
                return Ok(());
            };
            self.counts.arrows[arrow] += 1;
            match self.arrive(to, t)? {
                Some(next) => (b, out) = (to, next),
                None => return Ok(()),
            }
        }
    }

    /// A path arrives at `b`: exit rules, goal, then the block acts. The output it
    /// leaves by, or `None` where the path rests, merges or its stay ended.
    fn arrive(&mut self, b: usize, t: Secs) -> Result<Option<Output>, SimError> {
        self.guard(b, t)?;
        self.counts.blocks[b].add(Counter::Arrived, 1);
        let merges = self.paths.iter().any(|p| p.block == b);
        self.note(t, Some(b), What::Arrived, Vec::new(), || {
            if merges {
                "another path is already waiting here: they go on as one".into()
            } else {
                String::new()
            }
        });
        if self.exit_check(t, Some(b)) || self.goal_check(t, Some(b)) || merges {
            return Ok(None);
        }
        let plan = self.plan;
        Ok(match &plan.blocks[b] {
            PlanBlock::Rule {
                filter,
                keep_checking,
            } => {
                let (holds, conditions) = self.check(filter, t);
                if holds {
                    self.counts.blocks[b].add(Counter::Matched, 1);
                    self.note(t, Some(b), What::Matched, conditions, String::new);
                    Some(Output::Match)
                } else {
                    match keep_checking {
                        Some(d) if *d > 0 => {
                            self.rest(b, t, t + d, Rest::Rule);
                            let span = span_words(*d);
                            self.annotate_arrival(conditions, || {
                                format!("does not match yet: checks every 15 minutes for {span}")
                            });
                            None
                        }
                        _ => {
                            self.failed(b, Output::NoMatch, t, conditions, String::new);
                            Some(Output::NoMatch)
                        }
                    }
                }
            }
            PlanBlock::Content {
                content_type,
                send_for,
                window,
                ..
            } => self.try_send(b, *content_type, *send_for, window.as_ref(), t),
            PlanBlock::Wait(wait) => {
                let due = match wait {
                    PlanWait::For(d) => t.saturating_add(*d),
                    PlanWait::Until(at) => *at,
                    PlanWait::UntilTime(time) => {
                        let zone = self.zone(time.clock);
                        secs_of(time.next_after(zone, naive(t)))
                    }
                };
                if due <= t {
                    self.counts.blocks[b].add(Counter::Passed, 1);
                    self.note(t, Some(b), What::Passed, Vec::new(), || {
                        "the time to wait for has come".into()
                    });
                    Some(Output::Next)
                } else {
                    self.rest(b, t, due, Rest::Wait);
                    if let PlanWait::UntilTime(time) = wait {
                        let words = time.words(&plan.zone_name);
                        let zone = self.zone(time.clock);
                        self.annotate_arrival(Vec::new(), || {
                            format!("waits: {words}, {}", local_words(zone, due))
                        });
                    }
                    None
                }
            }
            PlanBlock::Split(split) => {
                let id = plan.ids[b];
                match split_choice(self.facts.id, id, split) {
                    SplitChoice::Branch(i) => {
                        let letter = crate::model::branch_letter(i);
                        let share = split.branches[i];
                        self.note(t, Some(b), What::Branch, Vec::new(), || {
                            format!("branch {letter} ({share}%)")
                        });
                        Some(Output::Branch(i as u8))
                    }
                    SplitChoice::Control => {
                        self.counts.blocks[b].add(Counter::Control, 1);
                        self.note(t, Some(b), What::Control, Vec::new(), || {
                            "in the control group: leaves the series, counted".into()
                        });
                        self.end_stay(t, StayOutcome::Control);
                        None
                    }
                    SplitChoice::Nowhere => {
                        self.path_ends(b, Output::Branch(0), t);
                        None
                    }
                }
            }
            // No arrow reaches a note.
            PlanBlock::Note => None,
            PlanBlock::Tag { add, slot, name } => {
                self.memory.tags[*slot] = *add;
                self.happened = true;
                self.counts.blocks[b].add(Counter::Applied, 1);
                let what = if *add {
                    What::TagAdded
                } else {
                    What::TagRemoved
                };
                self.note(t, Some(b), what, Vec::new(), || name.clone());
                Some(Output::Next)
            }
        })
    }

    fn try_send(
        &mut self,
        b: usize,
        content_type: ContentType,
        send_for: Secs,
        window: Option<&SendWindow>,
        t: Secs,
    ) -> Option<Output> {
        let refused = match content_type {
            ContentType::Email if !self.facts.has_value(EMAIL) => Some("no email address"),
            ContentType::Email if self.facts.boolean_attribute(UNSUBSCRIBED) == Some(true) => {
                Some("unsubscribed from emails")
            }
            ContentType::MobilePush if !self.facts.had_mobile_session(t) => {
                Some("has never used the app on iOS or Android")
            }
            _ => None,
        };
        if let Some(why) = refused {
            self.failed(b, Output::NotSent, t, Vec::new(), || why.into());
            return Some(Output::NotSent);
        }
        let deadline = t.saturating_add(send_for);
        let windowed = window.is_some_and(|w| !w.is_open_at(self.zone(w.clock), naive(t)));
        match self.send_moment(content_type, window, t, deadline) {
            Some(at) if at <= t => {
                self.send(b, t, "");
                Some(Output::Sent)
            }
            Some(at) => {
                self.rest(
                    b,
                    t,
                    at,
                    Rest::Content {
                        sends: true,
                        windowed,
                    },
                );
                self.annotate_window(window, windowed);
                None
            }
            None if deadline > t => {
                let rest = Rest::Content {
                    sends: false,
                    windowed,
                };
                self.rest(b, t, deadline, rest);
                self.annotate_window(window, windowed);
                None
            }
            None => {
                self.failed(b, Output::NotSent, t, Vec::new(), || {
                    if windowed {
                        "outside its send window".into()
                    } else {
                        "not online".into()
                    }
                });
                Some(Output::NotSent)
            }
        }
    }

    /// The first moment in `[t, deadline)` (at least `t` itself) at which the
    /// message goes out: inside its send window, and for in-app messages while
    /// the customer is online on a fitting platform.
    fn send_moment(
        &self,
        content_type: ContentType,
        window: Option<&SendWindow>,
        t: Secs,
        deadline: Secs,
    ) -> Option<Secs> {
        let before = deadline.max(t + 1);
        let in_app = !matches!(content_type, ContentType::Email | ContentType::MobilePush);
        let fit = |p| fits(content_type, p);
        // The first moment of `[from, to)` that suits: its start, or for in-app
        // messages the first time they are online in it.
        let first_in = |from: Secs, to: Secs| {
            if !in_app || self.facts.online(from, fit) {
                Some(from)
            } else {
                self.facts.next_session(from, to, fit)
            }
        };
        match window {
            None => first_in(t, before),
            Some(w) => w
                .opens(self.zone(w.clock), naive(t), naive(before))
                .find_map(|(open, close)| first_in(secs_of(open), secs_of(close))),
        }
    }

    /// Says on the arrival step that a message waits for its send window.
    fn annotate_window(&mut self, window: Option<&SendWindow>, windowed: bool) {
        if let (Some(w), true) = (window, windowed) {
            let zone = self.zone(w.clock);
            let whose = match w.clock {
                Clock::Series => "",
                Clock::Customer => " (the customer's time)",
            };
            self.annotate_arrival(Vec::new(), || {
                format!(
                    "waiting for the send window: {} {}–{} {}{whose}",
                    w.days.words(),
                    clock_time(w.from),
                    clock_time(w.to),
                    zone.name()
                )
            });
        }
    }

    /// The clock a block reads: the series' or the customer's own.
    fn zone(&self, clock: Clock) -> chrono_tz::Tz {
        match clock {
            Clock::Series => self.plan.zone,
            Clock::Customer => self.facts.zone,
        }
    }

    fn send(&mut self, b: usize, t: Secs, how: &str) {
        let Some(content_type) = self.plan.content_type(b) else {
            return;
        };
        self.happened = true;
        self.counts.blocks[b].add(Counter::Sent, 1);
        self.counts.add_sent(content_type);
        let day = ((t - self.from) / DAY) as usize;
        if let Some(n) = self.counts.sends_per_day.get_mut(day) {
            *n += 1;
        }
        if self.memory.first_sent[b].is_none() {
            self.memory.first_sent[b] = Some(t);
            if let PlanBlock::Content { rates, .. } = &self.plan.blocks[b] {
                let id = self.plan.ids[b];
                for r in Reaction::ALL {
                    self.memory.reactions[b][r as usize] =
                        rates.decides(self.facts.engages, self.seed, self.facts.id, id, r);
                }
            }
        }
        for r in Reaction::ALL {
            let at = t + r.delay_secs();
            if self.memory.reactions[b][r as usize] && at < self.until {
                self.reactions.push((at, b, r));
            }
        }
        if let Some(stay) = &mut self.stay {
            stay.last_message = t;
        }
        let label = content_type.label();
        self.note(t, Some(b), What::Sent, Vec::new(), || {
            if how.is_empty() {
                label.to_lowercase()
            } else {
                format!("{}, {how}", label.to_lowercase())
            }
        });
    }

    /// A rule that did not match or a message that was not sent: along its arrow
    /// if it has one, otherwise the path times out here.
    fn failed(
        &mut self,
        b: usize,
        out: Output,
        t: Secs,
        conditions: Vec<ConditionCheck>,
        detail: impl FnOnce() -> String,
    ) {
        let (counter, what) = match (self.plan.target(b, out).is_some(), out) {
            (false, _) => (Counter::TimedOut, What::TimedOut),
            (true, Output::NoMatch) => (Counter::NoMatch, What::NoMatch),
            (true, _) => (Counter::NotSent, What::NotSent),
        };
        self.counts.blocks[b].add(counter, 1);
        self.note(t, Some(b), what, conditions, detail);
    }

    /// A path leaves `b` by an output without an arrow.
    fn path_ends(&mut self, b: usize, out: Output, t: Secs) {
        let finished = matches!(
            out,
            Output::Match | Output::Sent | Output::Next | Output::Branch(_)
        );
        if finished {
            self.counts.blocks[b].add(Counter::EndedHere, 1);
            self.note(t, Some(b), What::Finished, Vec::new(), || {
                "end of the path".into()
            });
        }
        if self.stay.is_some() && self.paths.is_empty() {
            let outcome = if finished {
                StayOutcome::Finished
            } else {
                StayOutcome::Disengaged
            };
            self.end_stay(t, outcome);
        }
    }

    fn rest(&mut self, b: usize, since: Secs, due: Secs, kind: Rest) {
        self.seq += 1;
        self.paths.push(Resting {
            block: b,
            seq: self.seq,
            since,
            due,
            kind,
        });
    }

    fn exit_check(&mut self, t: Secs, at: Option<usize>) -> bool {
        let Some(exit) = &self.plan.exit else {
            return false;
        };
        if !self.eval().holds(exit, t) {
            return false;
        }
        let (_, conditions) = self.check(exit, t);
        self.note(t, at, What::Exited, conditions, || {
            "matches the exit rules".into()
        });
        self.end_stay(t, StayOutcome::Exited);
        true
    }

    /// Checks the goal; true when hitting it ended the stay.
    fn goal_check(&mut self, t: Secs, at: Option<usize>) -> bool {
        let (Some(goal), Some(stay)) = (&self.plan.goal, &self.stay) else {
            return false;
        };
        if stay.goal_hit || t > stay.start.saturating_add(goal.window) {
            return false;
        }
        if !self.eval().holds(&goal.filter, t) {
            return false;
        }
        let (_, conditions) = self.check(&goal.filter, t);
        if let Some(stay) = &mut self.stay {
            stay.goal_hit = true;
        }
        self.happened = true;
        self.counts.goal_hit += 1;
        let leave = goal.leave;
        self.note(t, at, What::Goal, conditions, || {
            if leave {
                "hit the goal: leaves the series".into()
            } else {
                "hit the goal".into()
            }
        });
        if leave {
            self.end_stay(t, StayOutcome::Goal);
        }
        leave
    }

    fn end_stay(&mut self, t: Secs, outcome: StayOutcome) {
        self.stay = None;
        self.paths.clear();
        self.last_end = Some(t);
        self.happened = true;
        self.counts.add_outcome(outcome);
        if let Some(record) = self.trace.as_mut().and_then(|tr| tr.stays.last_mut()) {
            record.ended_at = Some(moment(t));
            record.outcome = outcome;
        }
    }

    fn finish(&mut self) {
        for p in &self.paths {
            self.counts.blocks[p.block].add(Counter::WaitingAtEnd, 1);
        }
        if self.stay.is_some() {
            self.counts.add_outcome(StayOutcome::InProgress);
        }
    }

    fn guard(&mut self, b: usize, t: Secs) -> Result<(), SimError> {
        if self.steps_at != t {
            self.steps_at = t;
            self.steps = 0;
        }
        self.steps += 1;
        if self.steps > MAX_STEPS_AT_ONE_MOMENT {
            return Err(SimError::Loop {
                customer: self.facts.id.to_string(),
                block: self.plan.ids[b],
                title: self.plan.titles[b].clone(),
                at: moment(t).format("%Y-%m-%d %H:%M UTC").to_string(),
            });
        }
        Ok(())
    }

    fn eval(&self) -> Eval<'_> {
        Eval {
            plan: self.plan,
            facts: self.facts,
            memory: &self.memory,
        }
    }

    /// A filter's answer and, when tracing, every condition's value.
    fn check(&self, filter: &CFilter, t: Secs) -> (bool, Vec<ConditionCheck>) {
        if self.trace.is_some() {
            let mut out = Vec::new();
            let holds = self.eval().explain(filter, t, &mut out);
            (holds, out)
        } else {
            (self.eval().holds(filter, t), Vec::new())
        }
    }

    /// Adds the first check of a rule that keeps checking to the arrival just noted.
    fn annotate_arrival(
        &mut self,
        conditions: Vec<ConditionCheck>,
        detail: impl FnOnce() -> String,
    ) {
        let arrival = self
            .trace
            .as_mut()
            .and_then(|tr| tr.steps.iter_mut().rev().find(|s| s.what == What::Arrived));
        if let Some(step) = arrival {
            step.detail = detail();
            step.conditions = conditions;
        }
    }

    fn note(
        &mut self,
        t: Secs,
        block: Option<usize>,
        what: What,
        conditions: Vec<ConditionCheck>,
        detail: impl FnOnce() -> String,
    ) {
        if let Some(trace) = &mut self.trace {
            trace.steps.push(Step {
                at: moment(t),
                block: block.map(|b| self.plan.ids[b]),
                what,
                detail: detail(),
                conditions,
            });
        }
    }
}

fn naive(t: Secs) -> NaiveDateTime {
    moment(t).naive_utc()
}

fn secs_of(t: NaiveDateTime) -> Secs {
    t.and_utc().timestamp()
}

/// "Mon 30 Mar 09:00 Europe/Berlin": a moment on a clock, for traces.
fn local_words(zone: chrono_tz::Tz, t: Secs) -> String {
    let local = moment(t).with_timezone(&zone);
    format!("{} {}", local.format("%a %-d %b %H:%M"), zone.name())
}

/// "3 days", "90 minutes", "2 hours".
fn span_words(secs: Secs) -> String {
    let minutes = (secs / 60).max(0) as usize;
    if minutes > 0 && minutes.is_multiple_of(24 * 60) {
        crate::text::count(minutes / (24 * 60), "day")
    } else if minutes > 0 && minutes.is_multiple_of(60) {
        crate::text::count(minutes / 60, "hour")
    } else {
        crate::text::count(minutes, "minute")
    }
}
