//! The series compiled for simulation: blocks in dense indices (in id order),
//! arrows by output, filters whose names are resolved to slots, so that a
//! customer's attributes, events, tags and segments are looked up by index.

use std::collections::HashMap;

use crate::model::{
    AttributeTest, BlockId, BlockKind, Condition, Connection, ContentType, DateOp, DaysAgoOp,
    Disengagement, EngagementOp, EventTest, Filter, NumberOp, Output, Reentry, RuleTiming,
    SegmentOp, SendWindow, Series, SplitBlock, TagAction, TagOp, TextOp, TimeOfDay, WaitBlock,
    series_zone, to_utc,
};

use super::engagement::Rates;

pub(crate) const DAY: i64 = 86_400;

/// Attribute slots the engine reads whatever the filters say.
pub(crate) const SIGNED_UP_AT: usize = 0;
pub(crate) const EMAIL: usize = 1;
pub(crate) const UNSUBSCRIBED: usize = 2;
pub(crate) const LAST_SEEN_AT: usize = 3;
pub(crate) const SESSION_COUNT: usize = 4;
const FIXED_ATTRIBUTES: [&str; 5] = [
    "signed_up_at",
    "email",
    "unsubscribed_from_emails",
    "last_seen_at",
    "session_count",
];

#[derive(Debug)]
pub(crate) struct Plan {
    pub ids: Vec<BlockId>,
    pub titles: Vec<String>,
    pub blocks: Vec<PlanBlock>,
    /// Per block, per output (in `Output::ALL` order): (arrow index, target index).
    pub outs: Vec<[Option<(usize, usize)>; Output::ALL.len()]>,
    pub arrows: Vec<Connection>,
    pub entry_points: Vec<usize>,
    /// `None` when the exit rules have no condition: they let nobody out.
    pub exit: Option<CFilter>,
    pub goal: Option<PlanGoal>,
    pub disengage_after: Option<i64>,
    pub reentry: Reentry,
    pub conditions: Vec<CCondition>,
    /// Each condition in words, for traces.
    pub condition_words: Vec<String>,
    pub attributes: Vec<String>,
    /// Per attribute slot: whether a text test reads it.
    pub text_tested: Vec<bool>,
    pub events: Vec<String>,
    pub tags: Vec<String>,
    pub segments: Vec<String>,
    /// (attribute slot, days) of every "days ago" test: when its answer can flip.
    pub days_ago: Vec<(usize, i64)>,
    /// Whether a filter reads `last_seen_at` or `session_count`, which sessions move.
    pub reads_sessions: bool,
    /// The series' time zone: calendar days and its clock are read in it.
    pub zone: chrono_tz::Tz,
    pub zone_name: String,
}

#[derive(Debug)]
pub(crate) enum PlanBlock {
    Rule {
        filter: CFilter,
        /// How long it keeps checking; `None`: checked once.
        keep_checking: Option<i64>,
    },
    Content {
        content_type: ContentType,
        send_for: i64,
        rates: Rates,
        /// When it may send; any time when `None`.
        window: Option<SendWindow>,
    },
    Wait(PlanWait),
    Tag {
        add: bool,
        slot: usize,
        name: String,
    },
    Split(SplitBlock),
    /// No customer reaches a note.
    Note,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum PlanWait {
    For(i64),
    Until(i64),
    UntilTime(TimeOfDay),
}

#[derive(Debug)]
pub(crate) struct PlanGoal {
    pub filter: CFilter,
    /// Seconds after a stay's start in which the goal counts (inclusive).
    pub window: i64,
    pub leave: bool,
}

/// A filter whose conditions are indices into `Plan::conditions`.
#[derive(Debug)]
pub(crate) enum CFilter {
    All(Vec<CFilter>),
    Any(Vec<CFilter>),
    Condition(usize),
}

#[derive(Debug)]
pub(crate) enum CCondition {
    Attribute {
        slot: usize,
        test: CTest,
    },
    Event {
        slot: usize,
        test: EventTest,
    },
    Tag {
        slot: usize,
        has: bool,
    },
    Segment {
        slot: usize,
        is_in: bool,
    },
    /// `block`: the content block's index; `None` when it names no content block.
    Engagement {
        block: Option<usize>,
        op: EngagementOp,
    },
}

#[derive(Debug)]
pub(crate) enum CTest {
    /// `value` in lower case: text tests ignore case.
    Text {
        op: TextOp,
        value: String,
    },
    Number {
        op: NumberOp,
        value: f64,
    },
    Boolean(bool),
    DaysAgo {
        op: DaysAgoOp,
        days: i64,
    },
    Date {
        op: DateOp,
        date: chrono::NaiveDate,
    },
    IsUnknown,
    HasAnyValue,
}

impl Plan {
    pub fn new(series: &Series) -> Plan {
        let ids: Vec<BlockId> = series.blocks().keys().copied().collect();
        let index: HashMap<BlockId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        // Engagement conditions about anything but a content block never hold.
        let content: HashMap<BlockId, usize> = index
            .iter()
            .filter(|(id, _)| series.block(**id).and_then(|b| b.as_content()).is_some())
            .map(|(id, i)| (*id, *i))
            .collect();
        let mut plan = Plan {
            titles: series
                .blocks()
                .values()
                .map(|b| b.display_title())
                .collect(),
            ids,
            blocks: Vec::new(),
            outs: Vec::new(),
            arrows: series.connections().collect(),
            entry_points: series
                .entry_points()
                .iter()
                .filter_map(|id| index.get(id).copied())
                .collect(),
            exit: None,
            goal: None,
            disengage_after: match series.settings.disengagement {
                // No stay can go a whole day without a message before it starts:
                // zero days would end every stay at once, so it means never.
                Disengagement::AfterDays(0) | Disengagement::Never => None,
                Disengagement::AfterDays(n) => Some(i64::from(n) * DAY),
            },
            reentry: series.settings.reentry,
            conditions: Vec::new(),
            condition_words: Vec::new(),
            attributes: FIXED_ATTRIBUTES.iter().map(|s| s.to_string()).collect(),
            text_tested: Vec::new(),
            events: Vec::new(),
            tags: Vec::new(),
            segments: Vec::new(),
            days_ago: Vec::new(),
            reads_sessions: false,
            zone: series_zone(&series.settings.time_zone),
            zone_name: series.settings.time_zone.clone(),
        };
        let title = |id: BlockId| series.title_of(id);
        let mut names = Names::default();
        for name in FIXED_ATTRIBUTES {
            names
                .attributes
                .insert(name.to_string(), names.attributes.len());
        }
        plan.outs = vec![[None; Output::ALL.len()]; plan.ids.len()];
        for (arrow, c) in plan.arrows.iter().enumerate() {
            if let (Some(&from), Some(&to)) = (index.get(&c.from), index.get(&c.to)) {
                plan.outs[from][output_index(c.output)] = Some((arrow, to));
            }
        }
        for (id, block) in series.blocks() {
            let compiled = match &block.kind {
                BlockKind::Rule(rule) => PlanBlock::Rule {
                    filter: plan.compile(&rule.filter, &content, &mut names, &title),
                    keep_checking: match rule.timing {
                        RuleTiming::Once => None,
                        RuleTiming::For(span) => Some(span_secs(span.total_minutes())),
                    },
                },
                BlockKind::Content(c) => PlanBlock::Content {
                    content_type: c.content_type,
                    send_for: span_secs(c.send_for.total_minutes()),
                    rates: Rates::of(series, *id, c.content_type),
                    window: c.send_window,
                },
                BlockKind::Wait(WaitBlock::For(span)) => {
                    PlanBlock::Wait(PlanWait::For(span_secs(span.total_minutes())))
                }
                // A date and time without a zone is on the series' clock.
                BlockKind::Wait(WaitBlock::Until(at)) => PlanBlock::Wait(PlanWait::Until(
                    to_utc(plan.zone, *at).and_utc().timestamp(),
                )),
                BlockKind::Wait(WaitBlock::UntilTime(t)) => {
                    PlanBlock::Wait(PlanWait::UntilTime(*t))
                }
                BlockKind::Tag(tag) => PlanBlock::Tag {
                    add: tag.action == TagAction::Add,
                    slot: names.slot(Kind::Tag, &tag.tag),
                    name: tag.tag.clone(),
                },
                BlockKind::Split(split) => PlanBlock::Split(split.clone()),
                BlockKind::Note(_) => PlanBlock::Note,
            };
            plan.blocks.push(compiled);
        }
        let settings = &series.settings;
        if !settings.exit_rules.is_empty() {
            plan.exit = Some(plan.compile(&settings.exit_rules, &content, &mut names, &title));
        }
        if let Some(goal) = &settings.goal {
            plan.goal = Some(PlanGoal {
                filter: plan.compile(&goal.rules, &content, &mut names, &title),
                // A goal without a window (a go-live error) counts only at the moment of entering.
                window: i64::from(goal.within_days.unwrap_or(0)) * DAY,
                leave: goal.exit_on_goal,
            });
        }
        plan.attributes = names.ordered(Kind::Attribute);
        let mut text_tested = vec![false; plan.attributes.len()];
        for c in &plan.conditions {
            if let CCondition::Attribute {
                slot,
                test: CTest::Text { .. },
            } = c
            {
                text_tested[*slot] = true;
            }
        }
        plan.text_tested = text_tested;
        plan.events = names.ordered(Kind::Event);
        plan.tags = names.ordered(Kind::Tag);
        plan.segments = names.ordered(Kind::Segment);
        plan.days_ago.sort_unstable();
        plan.days_ago.dedup();
        plan
    }

    fn compile(
        &mut self,
        filter: &Filter,
        content: &HashMap<BlockId, usize>,
        names: &mut Names,
        title: &dyn Fn(BlockId) -> Option<String>,
    ) -> CFilter {
        match filter {
            Filter::All(items) => CFilter::All(
                items
                    .iter()
                    .map(|f| self.compile(f, content, names, title))
                    .collect(),
            ),
            Filter::Any(items) => CFilter::Any(
                items
                    .iter()
                    .map(|f| self.compile(f, content, names, title))
                    .collect(),
            ),
            Filter::Condition(c) => {
                let compiled = self.condition(c, content, names);
                self.conditions.push(compiled);
                self.condition_words.push(c.summary(title));
                CFilter::Condition(self.conditions.len() - 1)
            }
        }
    }

    fn condition(
        &mut self,
        c: &Condition,
        content: &HashMap<BlockId, usize>,
        names: &mut Names,
    ) -> CCondition {
        match c {
            Condition::Attribute { attribute, test } => {
                let slot = names.slot(Kind::Attribute, attribute);
                if slot == LAST_SEEN_AT || slot == SESSION_COUNT {
                    self.reads_sessions = true;
                }
                let test = match test {
                    AttributeTest::Text { op, value } => CTest::Text {
                        op: *op,
                        value: value.to_lowercase(),
                    },
                    AttributeTest::Number { op, value } => CTest::Number {
                        op: *op,
                        value: *value,
                    },
                    AttributeTest::Boolean { value } => CTest::Boolean(*value),
                    AttributeTest::DaysAgo { op, days } => {
                        let days = i64::from(*days);
                        self.days_ago.push((slot, days));
                        CTest::DaysAgo { op: *op, days }
                    }
                    AttributeTest::Date { op, date } => CTest::Date {
                        op: *op,
                        date: *date,
                    },
                    AttributeTest::IsUnknown => CTest::IsUnknown,
                    AttributeTest::HasAnyValue => CTest::HasAnyValue,
                };
                CCondition::Attribute { slot, test }
            }
            Condition::Event { event, test } => CCondition::Event {
                slot: names.slot(Kind::Event, event),
                test: *test,
            },
            Condition::Tag { tag, op } => CCondition::Tag {
                slot: names.slot(Kind::Tag, tag),
                has: *op == TagOp::Has,
            },
            Condition::Segment { segment, op } => CCondition::Segment {
                slot: names.slot(Kind::Segment, segment),
                is_in: *op == SegmentOp::In,
            },
            Condition::Engagement { block, op } => CCondition::Engagement {
                block: content.get(block).copied(),
                op: *op,
            },
        }
    }

    pub fn target(&self, block: usize, output: Output) -> Option<(usize, usize)> {
        self.outs[block][output_index(output)]
    }

    pub fn content_type(&self, block: usize) -> Option<ContentType> {
        match self.blocks.get(block) {
            Some(PlanBlock::Content { content_type, .. }) => Some(*content_type),
            _ => None,
        }
    }
}

fn output_index(o: Output) -> usize {
    Output::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

fn span_secs(minutes: u64) -> i64 {
    i64::try_from(minutes.saturating_mul(60)).unwrap_or(i64::MAX / 4)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Attribute,
    Event,
    Tag,
    Segment,
}

/// Name → slot, per kind of name.
#[derive(Default)]
struct Names {
    attributes: HashMap<String, usize>,
    events: HashMap<String, usize>,
    tags: HashMap<String, usize>,
    segments: HashMap<String, usize>,
}

impl Names {
    fn map(&mut self, kind: Kind) -> &mut HashMap<String, usize> {
        match kind {
            Kind::Attribute => &mut self.attributes,
            Kind::Event => &mut self.events,
            Kind::Tag => &mut self.tags,
            Kind::Segment => &mut self.segments,
        }
    }

    fn slot(&mut self, kind: Kind, name: &str) -> usize {
        let map = self.map(kind);
        if let Some(&slot) = map.get(name) {
            return slot;
        }
        let slot = map.len();
        map.insert(name.to_string(), slot);
        slot
    }

    fn ordered(&mut self, kind: Kind) -> Vec<String> {
        let mut names: Vec<(usize, String)> = self
            .map(kind)
            .iter()
            .map(|(n, s)| (*s, n.clone()))
            .collect();
        names.sort_unstable();
        names.into_iter().map(|(_, n)| n).collect()
    }
}
