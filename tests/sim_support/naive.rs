//! The naive reference engine: `spec/simulation.md` read literally. It visits
//! every 15-minute grid point of the window, every session start and every
//! moment something is due, and at each one checks everything: the exit rules,
//! the goal, every waiting rule, every in-app message waiting for the customer
//! to come online, and on the hour every entry point. Filters are evaluated
//! here from the customer as given, by attribute name. It shares nothing with
//! the fast engine but the public types, the engagement rates, the split test's
//! draw, the model's clock helpers (a wall-clock time in UTC, a send window open
//! at a moment) and the order of things at one moment documented in
//! `src/simulate/mod.rs`. Send windows and times of day are looked at on the
//! moments it visits: the tests give them times on the 15-minute grid.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use series_builder::model::*;
use series_builder::simulate::*;

const DAY: i64 = 86_400;
const QUARTER: i64 = 900;
const HOUR: i64 = 3600;

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap()
}

fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

#[derive(Debug, Clone)]
struct Stay {
    start: i64,
    entered: BTreeSet<BlockId>,
    goal_hit: bool,
    last_message: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Wait {
        until: i64,
    },
    /// Until a time of day: goes on at the first moment at or after such a time.
    WaitTime {
        time: TimeOfDay,
    },
    Rule {
        deadline: i64,
    },
    Content {
        deadline: i64,
    },
}

#[derive(Debug, Clone, Copy)]
struct Path {
    block: BlockId,
    seq: u64,
    since: i64,
    kind: Kind,
}

/// Why the naive engine stopped: a loop at this block.
#[derive(Debug, PartialEq, Eq)]
pub struct Looped(pub BlockId);

pub struct Naive<'a> {
    series: &'a Series,
    c: &'a Customer,
    from: i64,
    until: i64,
    seed: u64,
    ids: Vec<BlockId>,
    arrows: Vec<Connection>,
    tags: BTreeSet<String>,
    /// Per block: first send and the reactions drawn then.
    sent: BTreeMap<BlockId, (i64, [bool; 5])>,
    stay: Option<Stay>,
    stays: u32,
    last_end: Option<i64>,
    paths: Vec<Path>,
    reactions: Vec<(i64, BlockId, Reaction)>,
    seq: u64,
    steps_at: i64,
    steps: u32,
    pub trace: Trace,
    pub counts: Counts,
    /// The series' clock and the customer's own.
    zone: chrono_tz::Tz,
    customer_zone: chrono_tz::Tz,
}

/// Runs one customer; their trace and counts.
pub fn run(
    series: &Series,
    c: &Customer,
    from: DateTime<Utc>,
    days: u32,
    seed: u64,
) -> Result<(Trace, Counts), Looped> {
    let ids: Vec<BlockId> = series.blocks().keys().copied().collect();
    let arrows: Vec<Connection> = series.connections().collect();
    let mut n = Naive {
        series,
        c,
        from: secs(from),
        until: secs(from + Duration::days(i64::from(days))),
        seed,
        counts: Counts::new(ids.len(), arrows.len(), days as usize),
        ids,
        arrows,
        tags: c.tags.clone(),
        sent: BTreeMap::new(),
        stay: None,
        stays: 0,
        last_end: None,
        paths: Vec::new(),
        reactions: Vec::new(),
        seq: 0,
        steps_at: i64::MIN,
        steps: 0,
        trace: Trace {
            customer: c.id.clone(),
            ..Trace::default()
        },
        zone: series_zone(&series.settings.time_zone),
        customer_zone: c
            .attributes
            .get("timezone")
            .and_then(|v| match v {
                Value::Text(name) => time_zone(name.trim()),
                _ => None,
            })
            .unwrap_or(series_zone(&series.settings.time_zone)),
    };
    n.counts.customers = 1;
    let mut t = n.from - 1;
    loop {
        t = n.next_moment(t);
        if t >= n.until {
            break;
        }
        n.moment(t)?;
    }
    for p in &n.paths {
        let i = n.index(p.block);
        n.counts.blocks[i].add(Counter::WaitingAtEnd, 1);
    }
    if n.stay.is_some() {
        n.counts.outcomes[StayOutcome::InProgress as usize] += 1;
    }
    Ok((n.trace, n.counts))
}

impl Naive<'_> {
    fn index(&self, id: BlockId) -> usize {
        self.ids.iter().position(|i| *i == id).unwrap()
    }

    fn block(&self, id: BlockId) -> &Block {
        self.series.block(id).unwrap()
    }

    /// Every grid point, every session start, everything due.
    fn next_moment(&self, t: i64) -> i64 {
        let mut next = (t + 1).div_euclid(QUARTER) * QUARTER;
        if next <= t {
            next += QUARTER;
        }
        for s in &self.c.sessions {
            if secs(s.at) > t {
                next = next.min(secs(s.at));
            }
        }
        for p in &self.paths {
            let due = match p.kind {
                Kind::Wait { until } => until,
                Kind::Rule { deadline } | Kind::Content { deadline } => deadline,
                // On the grid, which is visited anyway.
                Kind::WaitTime { .. } => continue,
            };
            if due > t {
                next = next.min(due);
            }
        }
        for r in &self.reactions {
            if r.0 > t {
                next = next.min(r.0);
            }
        }
        if let (Some(stay), Disengagement::AfterDays(d)) =
            (&self.stay, self.series.settings.disengagement)
            && d > 0
        {
            let due = stay.last_message + i64::from(d) * DAY;
            if due > t {
                next = next.min(due);
            }
        }
        next
    }

    fn moment(&mut self, t: i64) -> Result<(), Looped> {
        // Opens and clicks.
        let due: Vec<_> = self
            .reactions
            .iter()
            .copied()
            .filter(|r| r.0 == t)
            .collect();
        self.reactions.retain(|r| r.0 != t);
        for (_, b, r) in due {
            let (counter, what) = match r {
                Reaction::Opened => (Counter::Opened, What::Opened),
                Reaction::Clicked => (Counter::Clicked, What::Clicked),
                Reaction::Replied => (Counter::Replied, What::Replied),
                Reaction::Completed => (Counter::Completed, What::Completed),
                Reaction::Dismissed => (Counter::Dismissed, What::Dismissed),
            };
            let i = self.index(b);
            self.counts.blocks[i].add(counter, 1);
            self.step(t, Some(b), what, vec![]);
        }
        // Paths whose time has come, in the order they came to rest.
        let on_grid = t.rem_euclid(QUARTER) == 0;
        loop {
            let mut ready: Vec<Path> = Vec::new();
            for p in &self.paths {
                let is_ready = match p.kind {
                    Kind::Wait { until } => until <= t,
                    Kind::WaitTime { time } => self.time_has_come(&time, p.since, t),
                    Kind::Rule { deadline } => deadline <= t && !on_grid,
                    Kind::Content { deadline } => deadline <= t || self.can_send(p.block, t),
                };
                if is_ready {
                    ready.push(*p);
                }
            }
            let Some(p) = ready.into_iter().min_by_key(|p| p.seq) else {
                break;
            };
            self.paths.retain(|q| q.seq != p.seq);
            match p.kind {
                Kind::Wait { .. } | Kind::WaitTime { .. } => {
                    let i = self.index(p.block);
                    self.counts.blocks[i].add(Counter::Passed, 1);
                    self.step(t, Some(p.block), What::Passed, vec![]);
                    self.go(p.block, Output::Next, t)?;
                }
                Kind::Content { deadline } => {
                    if t < deadline && self.can_send(p.block, t) {
                        self.send(p.block, t);
                        self.go(p.block, Output::Sent, t)?;
                    } else {
                        self.fail(p.block, Output::NotSent, t, vec![]);
                        self.go(p.block, Output::NotSent, t)?;
                    }
                }
                Kind::Rule { .. } => {
                    self.fail(p.block, Output::NoMatch, t, vec![]);
                    self.go(p.block, Output::NoMatch, t)?;
                }
            }
        }
        // Disengagement.
        if let (Some(stay), Disengagement::AfterDays(d)) =
            (&self.stay, self.series.settings.disengagement)
            && d > 0
            && stay.last_message + i64::from(d) * DAY <= t
        {
            self.step(t, None, What::Disengaged, vec![]);
            self.end(t, StayOutcome::Disengaged);
        }
        if on_grid && self.stay.is_some() && !self.exit(t, None) && !self.goal(t, None) {
            let mut waiting: Vec<Path> = self
                .paths
                .iter()
                .copied()
                .filter(|p| matches!(p.kind, Kind::Rule { .. }) && p.since < t)
                .collect();
            waiting.sort_by_key(|p| p.seq);
            for p in waiting {
                if self.stay.is_none() {
                    break;
                }
                if !self.paths.iter().any(|q| q.seq == p.seq) {
                    continue;
                }
                let BlockKind::Rule(rule) = &self.block(p.block).kind else {
                    unreachable!()
                };
                let filter = rule.filter.clone();
                let (holds, conditions) = self.check(&filter, t);
                let Kind::Rule { deadline } = p.kind else {
                    unreachable!()
                };
                if holds {
                    self.paths.retain(|q| q.seq != p.seq);
                    let i = self.index(p.block);
                    self.counts.blocks[i].add(Counter::Matched, 1);
                    self.step(t, Some(p.block), What::Matched, conditions);
                    self.go(p.block, Output::Match, t)?;
                } else if deadline <= t {
                    self.paths.retain(|q| q.seq != p.seq);
                    self.fail(p.block, Output::NoMatch, t, conditions);
                    self.go(p.block, Output::NoMatch, t)?;
                }
            }
        }
        if t.rem_euclid(HOUR) == 0 {
            self.entries(t)?;
        }
        Ok(())
    }

    fn entries(&mut self, t: i64) -> Result<(), Looped> {
        if let Some(Value::Date(d)) = self.c.attributes.get("signed_up_at")
            && secs(d.moment(self.zone)) > t
        {
            return Ok(());
        }
        for e in self.series.entry_points() {
            let eligible = match &self.stay {
                Some(stay) => !stay.entered.contains(&e),
                None => {
                    !(self.series.settings.reentry == Reentry::Once && self.stays > 0)
                        && self.last_end != Some(t)
                }
            };
            if !eligible {
                continue;
            }
            let BlockKind::Rule(rule) = &self.block(e).kind else {
                unreachable!()
            };
            let filter = rule.filter.clone();
            if !self.holds(&filter, t) || self.exit_matches(t) {
                continue;
            }
            if self.stay.is_none() {
                if self.stays == 0 {
                    self.counts.entered += 1;
                }
                self.stays += 1;
                self.counts.stays += 1;
                self.stay = Some(Stay {
                    start: t,
                    entered: BTreeSet::new(),
                    goal_hit: false,
                    last_message: t,
                });
                self.trace.stays.push(StayRecord {
                    entered_at: at(t),
                    ended_at: None,
                    outcome: StayOutcome::InProgress,
                });
            }
            self.stay.as_mut().unwrap().entered.insert(e);
            self.guard(e, t)?;
            let i = self.index(e);
            self.counts.blocks[i].add(Counter::Arrived, 1);
            let (_, conditions) = self.check(&filter, t);
            self.step(t, Some(e), What::Entered, conditions);
            if self.goal(t, Some(e)) {
                continue;
            }
            self.counts.blocks[i].add(Counter::Matched, 1);
            self.go(e, Output::Match, t)?;
        }
        Ok(())
    }

    /// Along the arrow from an output, arriving at blocks until the path rests or ends.
    fn go(&mut self, from: BlockId, out: Output, t: i64) -> Result<(), Looped> {
        let (mut from, mut out) = (from, out);
        while let Some(next) = self.step_along(from, out, t)? {
            (from, out) = next;
        }
        Ok(())
    }

    /// One arrow and one block; where the path goes on from, if it does.
    fn step_along(
        &mut self,
        from: BlockId,
        out: Output,
        t: i64,
    ) -> Result<Option<(BlockId, Output)>, Looped> {
        let Some(to) = self.series.target(from, out) else {
            let i = self.index(from);
            let finished = matches!(
                out,
                Output::Match | Output::Sent | Output::Next | Output::Branch(_)
            );
            if finished {
                self.counts.blocks[i].add(Counter::EndedHere, 1);
                self.step(t, Some(from), What::Finished, vec![]);
            }
            if self.stay.is_some() && self.paths.is_empty() {
                self.end(
                    t,
                    if finished {
                        StayOutcome::Finished
                    } else {
                        StayOutcome::Disengaged
                    },
                );
            }
            return Ok(None);
        };
        let a = self
            .arrows
            .iter()
            .position(|c| c.from == from && c.output == out)
            .unwrap();
        self.counts.arrows[a] += 1;
        self.guard(to, t)?;
        let i = self.index(to);
        self.counts.blocks[i].add(Counter::Arrived, 1);
        self.step(t, Some(to), What::Arrived, vec![]);
        let merges = self.paths.iter().any(|p| p.block == to);
        if self.exit(t, Some(to)) || self.goal(t, Some(to)) || merges {
            return Ok(None);
        }
        match self.block(to).kind.clone() {
            BlockKind::Rule(rule) => {
                let (holds, conditions) = self.check(&rule.filter, t);
                if holds {
                    self.counts.blocks[i].add(Counter::Matched, 1);
                    self.step(t, Some(to), What::Matched, conditions);
                    return Ok(Some((to, Output::Match)));
                }
                let keep = match rule.timing {
                    RuleTiming::Once => 0,
                    RuleTiming::For(span) => span.total_minutes() as i64 * 60,
                };
                if keep > 0 {
                    self.rest(to, t, Kind::Rule { deadline: t + keep });
                    // The first check goes with the arrival.
                    let mut steps = self.trace.steps.iter_mut().rev();
                    let arrival = steps.find(|s| s.what == What::Arrived).unwrap();
                    arrival.conditions = conditions;
                    return Ok(None);
                }
                self.fail(to, Output::NoMatch, t, conditions);
                Ok(Some((to, Output::NoMatch)))
            }
            BlockKind::Content(content) => {
                let deadline = t + content.send_for.total_minutes() as i64 * 60;
                let refused = match content.content_type {
                    ContentType::Email => {
                        let address = match self.c.attributes.get("email") {
                            Some(Value::Text(a)) => !a.trim().is_empty(),
                            Some(_) => true,
                            None => false,
                        };
                        let unsubscribed = self.c.attributes.get("unsubscribed_from_emails")
                            == Some(&Value::Boolean(true));
                        !address || unsubscribed
                    }
                    ContentType::MobilePush => !self
                        .c
                        .sessions
                        .iter()
                        .any(|s| secs(s.at) <= t && s.platform != Platform::Web),
                    _ => false,
                };
                if !refused && self.can_send(to, t) {
                    self.send(to, t);
                    return Ok(Some((to, Output::Sent)));
                }
                if !refused && deadline > t {
                    self.rest(to, t, Kind::Content { deadline });
                    return Ok(None);
                }
                self.fail(to, Output::NotSent, t, vec![]);
                Ok(Some((to, Output::NotSent)))
            }
            BlockKind::Wait(WaitBlock::UntilTime(time)) => {
                if self.time_has_come(&time, t, t) {
                    self.counts.blocks[i].add(Counter::Passed, 1);
                    self.step(t, Some(to), What::Passed, vec![]);
                    return Ok(Some((to, Output::Next)));
                }
                self.rest(to, t, Kind::WaitTime { time });
                Ok(None)
            }
            BlockKind::Wait(wait) => {
                let until = match wait {
                    WaitBlock::For(span) => t + span.total_minutes() as i64 * 60,
                    WaitBlock::Until(when) => to_utc(self.zone, when).and_utc().timestamp(),
                    WaitBlock::UntilTime(_) => unreachable!(),
                };
                if until > t {
                    self.rest(to, t, Kind::Wait { until });
                    return Ok(None);
                }
                self.counts.blocks[i].add(Counter::Passed, 1);
                self.step(t, Some(to), What::Passed, vec![]);
                Ok(Some((to, Output::Next)))
            }
            BlockKind::Split(split) => match split_choice(&self.c.id, to, &split) {
                SplitChoice::Branch(b) => {
                    self.step(t, Some(to), What::Branch, vec![]);
                    Ok(Some((to, Output::Branch(b as u8))))
                }
                SplitChoice::Control => {
                    self.counts.blocks[i].add(Counter::Control, 1);
                    self.step(t, Some(to), What::Control, vec![]);
                    self.end(t, StayOutcome::Control);
                    Ok(None)
                }
                SplitChoice::Nowhere => {
                    self.counts.blocks[i].add(Counter::EndedHere, 1);
                    self.step(t, Some(to), What::Finished, vec![]);
                    if self.stay.is_some() && self.paths.is_empty() {
                        self.end(t, StayOutcome::Finished);
                    }
                    Ok(None)
                }
            },
            BlockKind::Note(_) => unreachable!("no arrow reaches a note"),
            BlockKind::Tag(tag) => {
                let what = match tag.action {
                    TagAction::Add => {
                        self.tags.insert(tag.tag.clone());
                        What::TagAdded
                    }
                    TagAction::Remove => {
                        self.tags.remove(&tag.tag);
                        What::TagRemoved
                    }
                };
                self.counts.blocks[i].add(Counter::Applied, 1);
                self.step(t, Some(to), what, vec![]);
                Ok(Some((to, Output::Next)))
            }
        }
    }

    /// Whether a message can go out now: inside its send window, and for in-app
    /// messages while they are online on a fitting platform.
    fn can_send(&self, block: BlockId, t: i64) -> bool {
        let BlockKind::Content(content) = &self.block(block).kind else {
            return false;
        };
        let in_window = content.send_window.is_none_or(|w| {
            let zone = self.clock(w.clock);
            w.is_open_at(zone, at(t).naive_utc())
        });
        let in_app = !matches!(
            content.content_type,
            ContentType::Email | ContentType::MobilePush
        );
        in_window && (!in_app || self.online(block, t))
    }

    fn clock(&self, clock: Clock) -> chrono_tz::Tz {
        match clock {
            Clock::Series => self.zone,
            Clock::Customer => self.customer_zone,
        }
    }

    /// Whether one of the wait's times of day fell in `[since, t]`: on its days,
    /// the wall-clock time on its clock (yesterday's or today's).
    fn time_has_come(&self, time: &TimeOfDay, since: i64, t: i64) -> bool {
        let zone = self.clock(time.clock);
        let today = local_day(zone, at(t).naive_utc());
        [today.pred_opt().unwrap(), today].into_iter().any(|day| {
            let target = to_utc(zone, day.and_time(time.at)).and_utc().timestamp();
            time.on_days()
                .contains(Day::of(chrono::Datelike::weekday(&day)))
                && since <= target
                && target <= t
        })
    }

    fn online(&self, block: BlockId, t: i64) -> bool {
        let BlockKind::Content(content) = &self.block(block).kind else {
            return false;
        };
        self.c.sessions.iter().any(|s| {
            let fits = match content.content_type {
                ContentType::ProductTour | ContentType::Banner => s.platform == Platform::Web,
                ContentType::Carousel => s.platform != Platform::Web,
                _ => true,
            };
            fits && secs(s.at) <= t && t < secs(s.at) + i64::from(s.minutes) * 60
        })
    }

    fn send(&mut self, b: BlockId, t: i64) {
        let BlockKind::Content(content) = self.block(b).kind.clone() else {
            unreachable!()
        };
        let i = self.index(b);
        self.counts.blocks[i].add(Counter::Sent, 1);
        self.counts.sent_by_type[content.content_type as usize] += 1;
        self.counts.sends_per_day[((t - self.from) / DAY) as usize] += 1;
        let rates = Rates::of(self.series, b, content.content_type);
        let (seed, id) = (self.seed, self.c.id.clone());
        let engages = self.c.engages;
        let drawn = self.sent.entry(b).or_insert_with(|| {
            (
                t,
                Reaction::ALL.map(|r| rates.decides(engages, seed, &id, b, r)),
            )
        });
        let drawn = drawn.1;
        for r in Reaction::ALL {
            let when = t + if r == Reaction::Opened { 3600 } else { 7200 };
            if drawn[r as usize] && when < self.until {
                self.reactions.push((when, b, r));
            }
        }
        if let Some(stay) = &mut self.stay {
            stay.last_message = t;
        }
        self.step(t, Some(b), What::Sent, vec![]);
    }

    fn fail(&mut self, b: BlockId, out: Output, t: i64, conditions: Vec<ConditionCheck>) {
        let i = self.index(b);
        let (counter, what) = if self.series.target(b, out).is_none() {
            (Counter::TimedOut, What::TimedOut)
        } else if out == Output::NoMatch {
            (Counter::NoMatch, What::NoMatch)
        } else {
            (Counter::NotSent, What::NotSent)
        };
        self.counts.blocks[i].add(counter, 1);
        self.step(t, Some(b), what, conditions);
    }

    fn rest(&mut self, block: BlockId, since: i64, kind: Kind) {
        self.seq += 1;
        self.paths.push(Path {
            block,
            seq: self.seq,
            since,
            kind,
        });
    }

    fn exit_matches(&self, t: i64) -> bool {
        let exit = &self.series.settings.exit_rules;
        !exit.is_empty() && self.holds(exit, t)
    }

    fn exit(&mut self, t: i64, block: Option<BlockId>) -> bool {
        if !self.exit_matches(t) {
            return false;
        }
        let exit = self.series.settings.exit_rules.clone();
        let (_, conditions) = self.check(&exit, t);
        self.step(t, block, What::Exited, conditions);
        self.end(t, StayOutcome::Exited);
        true
    }

    fn goal(&mut self, t: i64, block: Option<BlockId>) -> bool {
        let (Some(goal), Some(stay)) = (self.series.settings.goal.clone(), &self.stay) else {
            return false;
        };
        let window = i64::from(goal.within_days.unwrap_or(0)) * DAY;
        if stay.goal_hit || t > stay.start + window || !self.holds(&goal.rules, t) {
            return false;
        }
        let (_, conditions) = self.check(&goal.rules, t);
        self.stay.as_mut().unwrap().goal_hit = true;
        self.counts.goal_hit += 1;
        self.step(t, block, What::Goal, conditions);
        if goal.exit_on_goal {
            self.end(t, StayOutcome::Goal);
        }
        goal.exit_on_goal
    }

    fn end(&mut self, t: i64, outcome: StayOutcome) {
        self.stay = None;
        self.paths.clear();
        self.last_end = Some(t);
        self.counts.outcomes[outcome as usize] += 1;
        let record = self.trace.stays.last_mut().unwrap();
        record.ended_at = Some(at(t));
        record.outcome = outcome;
    }

    fn guard(&mut self, b: BlockId, t: i64) -> Result<(), Looped> {
        if self.steps_at != t {
            self.steps_at = t;
            self.steps = 0;
        }
        self.steps += 1;
        if self.steps > MAX_STEPS_AT_ONE_MOMENT {
            return Err(Looped(b));
        }
        Ok(())
    }

    fn step(
        &mut self,
        t: i64,
        block: Option<BlockId>,
        what: What,
        conditions: Vec<ConditionCheck>,
    ) {
        self.trace.steps.push(Step {
            at: at(t),
            block,
            what,
            detail: String::new(),
            conditions,
        });
    }

    /// The filter's answer and each condition's answer, depth first.
    fn check(&self, f: &Filter, t: i64) -> (bool, Vec<ConditionCheck>) {
        let conditions = f
            .conditions()
            .into_iter()
            .map(|c| ConditionCheck {
                condition: String::new(),
                value: String::new(),
                holds: self.condition(c, t),
            })
            .collect();
        (self.holds(f, t), conditions)
    }

    fn holds(&self, f: &Filter, t: i64) -> bool {
        match f {
            Filter::All(items) => items.iter().all(|i| self.holds(i, t)),
            Filter::Any(items) => items.iter().any(|i| self.holds(i, t)),
            Filter::Condition(c) => self.condition(c, t),
        }
    }

    fn attribute(&self, name: &str, t: i64) -> Option<Value> {
        let base = self.c.attributes.get(name).cloned();
        let started = self.c.sessions.iter().filter(|s| secs(s.at) <= t);
        match name {
            "last_seen_at" => {
                let last = started.map(|s| secs(s.at)).max();
                match (base, last) {
                    (Some(Value::Date(d)), Some(l)) => Some(Value::Date(DateValue::Moment(at(
                        l.max(secs(d.moment(self.zone)))
                    )))),
                    (_, Some(l)) => Some(Value::Date(DateValue::Moment(at(l)))),
                    (base, None) => base,
                }
            }
            "session_count" => {
                let n = started.count() as f64;
                match base {
                    None => Some(Value::Number(n)),
                    Some(Value::Number(b)) => Some(Value::Number(b + n)),
                    other => other,
                }
            }
            _ => base,
        }
    }

    fn condition(&self, c: &Condition, t: i64) -> bool {
        match c {
            Condition::Attribute { attribute, test } => {
                let Some(value) = self.attribute(attribute, t) else {
                    return matches!(
                        test,
                        AttributeTest::IsUnknown
                            | AttributeTest::Text {
                                op: TextOp::IsNot | TextOp::NotContains,
                                ..
                            }
                            | AttributeTest::Number {
                                op: NumberOp::IsNot,
                                ..
                            }
                    );
                };
                match test {
                    AttributeTest::IsUnknown => false,
                    AttributeTest::HasAnyValue => true,
                    AttributeTest::Text { op, value: want } => {
                        let have = value.text().to_lowercase();
                        let want = want.to_lowercase();
                        match op {
                            TextOp::Is => have == want,
                            TextOp::IsNot => have != want,
                            TextOp::Contains => have.contains(&want),
                            TextOp::NotContains => !have.contains(&want),
                            TextOp::StartsWith => have.starts_with(&want),
                            TextOp::EndsWith => have.ends_with(&want),
                        }
                    }
                    AttributeTest::Number { op, value: want } => match value {
                        Value::Number(n) => match op {
                            NumberOp::Is => n == *want,
                            NumberOp::IsNot => n != *want,
                            NumberOp::GreaterThan => n > *want,
                            NumberOp::LessThan => n < *want,
                        },
                        _ => false,
                    },
                    AttributeTest::Boolean { value: want } => value == Value::Boolean(*want),
                    AttributeTest::DaysAgo { op, days } => match value {
                        Value::Date(d) => {
                            let elapsed = t - secs(d.moment(self.zone));
                            let n = i64::from(*days) * DAY;
                            match op {
                                DaysAgoOp::LessThan => elapsed < n,
                                DaysAgoOp::MoreThan => elapsed > n,
                                DaysAgoOp::Exactly => n <= elapsed && elapsed < n + DAY,
                            }
                        }
                        _ => false,
                    },
                    AttributeTest::Date { op, date } => match value {
                        Value::Date(d) => match op {
                            DateOp::Before => d.day(self.zone) < *date,
                            DateOp::After => d.day(self.zone) > *date,
                            DateOp::On => d.day(self.zone) == *date,
                        },
                        _ => false,
                    },
                }
            }
            Condition::Event { event, test } => {
                let n = self
                    .c
                    .events
                    .iter()
                    .filter(|e| e.name == *event && secs(e.at) <= t)
                    .count();
                match test {
                    EventTest::Performed => n > 0,
                    EventTest::NotPerformed => n == 0,
                    EventTest::CountAtLeast(k) => n >= *k as usize,
                    EventTest::CountAtMost(k) => n <= *k as usize,
                }
            }
            Condition::Tag { tag, op } => self.tags.contains(tag) == (*op == TagOp::Has),
            Condition::Segment { segment, op } => {
                self.c.segments.contains(segment) == (*op == SegmentOp::In)
            }
            Condition::Engagement { block, op } => {
                let is_content = self
                    .series
                    .block(*block)
                    .is_some_and(|b| b.as_content().is_some());
                let sent = self.sent.get(block).filter(|_| is_content);
                let received = sent.is_some_and(|(first, _)| *first <= t);
                let did = |r: Reaction| {
                    let delay = if r == Reaction::Opened { 3600 } else { 7200 };
                    sent.is_some_and(|(first, drawn)| drawn[r as usize] && first + delay <= t)
                };
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
}
