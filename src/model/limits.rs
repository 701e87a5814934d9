//! What a series may hold: bounds far beyond anything a marketer means, so that a
//! typo, a damaged file or a fuzzer's input never becomes a series the program
//! cannot draw, save or read back. Loading, importing, pasting and editing all
//! check against these same functions.

use chrono::{DateTime, Utc};

use super::{
    AttributeTest, Block, BlockId, BlockKind, CampaignOrigin, Condition, Disengagement, Filter,
    NoteBlock, RuleTiming, Series, Settings, Size, Span, SplitBlock, Status, WaitBlock,
};
use crate::text::quote;

/// How many groups may sit inside one another in a filter (a lone condition is 0
/// deep, `All([...])` 1). Real filters use two or three. In a series file each
/// group costs 4 levels of RON nesting (the variant, its parentheses, the list,
/// the item), so 10 groups plus the levels around a filter (about 20: the reader
/// refuses 28 groups) take about 60 of the 128 levels the reader allows. Reading
/// 10 deep needs under 128 KiB of stack in a debug build, and what the reader
/// refuses under 256 KiB: threads get 2 MiB.
pub const MAX_FILTER_DEPTH: usize = 10;

/// How far from the centre a block may sit, in canvas units (points at 100 %):
/// over 6,000 columns of cards side by side. An f32 still places blocks to 1/16 of
/// a point out there; beyond it a position is a typo or a damaged file.
pub const MAX_POSITION: f32 = 1_000_000.0;

/// The longest wait, send time, rule time, goal window or disengagement: about
/// ten years. Customer journeys are planned in days, weeks and months; a longer
/// number is a typo. The editors offer no more.
pub const MAX_DAYS: u32 = 3650;

/// The highest block id: the largest integer a JSON reader keeps exact (2^53 - 1),
/// since the command line writes ids as JSON numbers.
pub const MAX_BLOCK_ID: u64 = (1 << 53) - 1;

/// What is wrong with a block, a filter or the settings, in a marketer's words.
/// The caller says where (which block, which file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Invalid {
    #[error(
        "the filter has groups nested {depth} deep; at most {MAX_FILTER_DEPTH} may sit inside one another: flatten it"
    )]
    FilterTooDeep { depth: usize },
    #[error("the condition on {} compares with a value that is not a number", quote(.attribute))]
    NotANumber { attribute: String },
    #[error("its place on the canvas is not a number")]
    PositionNotANumber,
    #[error(
        "its place on the canvas ({x}, {y}) is too far out: at most {MAX_POSITION} from the centre"
    )]
    PositionTooFar { x: f32, y: f32 },
    #[error("{what} is {span}, longer than {MAX_DAYS} days (about ten years)")]
    SpanTooLong { what: &'static str, span: Span },
    #[error("the goal counts within {days} days, longer than {MAX_DAYS} days (about ten years)")]
    GoalWindowTooLong { days: u32 },
    #[error("customers would leave after 0 days without a message: the least is 1 day")]
    DisengagementZero,
    #[error(
        "customers would leave after {days} days without a message, longer than {MAX_DAYS} days (about ten years)"
    )]
    DisengagementTooLong { days: u32 },
    #[error("the series is {} but does not say when it went live (went_live_at)", .0.label())]
    NoLiveTime(Status),
    #[error("the series is a draft but says it went live (went_live_at: {0})")]
    DraftWentLive(DateTime<Utc>),
    #[error("block {0} has an id larger than {MAX_BLOCK_ID}")]
    IdTooLarge(BlockId),
    #[error(
        "the split test has {0} branches; it has {min} to {max}",
        min = SplitBlock::MIN_BRANCHES,
        max = SplitBlock::MAX_BRANCHES
    )]
    SplitBranches(usize),
    #[error("the split test gives a share of {0}%; a share is 0 to 100%")]
    SplitShare(u32),
    #[error(
        "the note is {w} by {h}; notes are from {min_w} by {min_h} to {max_w} by {max_h}",
        min_w = NoteBlock::MIN_SIZE.w,
        min_h = NoteBlock::MIN_SIZE.h,
        max_w = NoteBlock::MAX_SIZE.w,
        max_h = NoteBlock::MAX_SIZE.h
    )]
    NoteSize { w: f32, h: f32 },
    #[error(
        "{} is not a time zone: use a name like Europe/Berlin or America/New_York",
        quote(.0)
    )]
    TimeZone(String),
    #[error("the campaign history lists the message {} twice", quote(.0))]
    MessageTwice(String),
    #[error(
        "the campaign history puts the message {} in block {block}, but the series never had a block {block} (ids go up to {last})", quote(.message)
    )]
    NeverABlock {
        message: String,
        block: BlockId,
        last: u64,
    },
}

impl Filter {
    /// How many groups sit inside one another at the deepest point: a lone
    /// condition is 0, `All([...])` is 1.
    pub fn depth(&self) -> usize {
        match self {
            Filter::All(items) | Filter::Any(items) => {
                1 + items.iter().map(Filter::depth).max().unwrap_or(0)
            }
            Filter::Condition(_) => 0,
        }
    }

    /// Whether this filter is one any series may hold.
    pub fn validate(&self) -> Result<(), Invalid> {
        let depth = self.depth();
        if depth > MAX_FILTER_DEPTH {
            return Err(Invalid::FilterTooDeep { depth });
        }
        let mut wrong = None;
        self.visit(&mut |c| {
            if let Condition::Attribute {
                attribute,
                test: AttributeTest::Number { value, .. },
            } = c
                && !value.is_finite()
                && wrong.is_none()
            {
                wrong = Some(Invalid::NotANumber {
                    attribute: attribute.clone(),
                });
            }
        });
        wrong.map_or(Ok(()), Err)
    }
}

impl Span {
    /// The most of `unit` a span may be: [`MAX_DAYS`], in that unit.
    pub fn max_amount(unit: super::TimeUnit) -> u32 {
        let most = u64::from(MAX_DAYS) * super::TimeUnit::Days.minutes() / unit.minutes();
        u32::try_from(most).unwrap_or(u32::MAX)
    }

    fn validate(self, what: &'static str) -> Result<(), Invalid> {
        if self.amount > Span::max_amount(self.unit) {
            return Err(Invalid::SpanTooLong { what, span: self });
        }
        Ok(())
    }
}

impl super::Pos {
    /// The position moved onto the canvas where it is past an edge (a block
    /// dragged or pasted there stops at the edge). Not-a-number stays, to be refused.
    pub fn onto_canvas(self) -> super::Pos {
        let clamp = |v: f32| {
            if v.is_nan() {
                v
            } else {
                v.clamp(-MAX_POSITION, MAX_POSITION)
            }
        };
        super::Pos::new(clamp(self.x), clamp(self.y))
    }

    pub fn validate(self) -> Result<(), Invalid> {
        if self.x.is_nan() || self.y.is_nan() {
            return Err(Invalid::PositionNotANumber);
        }
        if self.x.abs() > MAX_POSITION || self.y.abs() > MAX_POSITION {
            return Err(Invalid::PositionTooFar {
                x: self.x,
                y: self.y,
            });
        }
        Ok(())
    }
}

impl Block {
    /// Whether this block is one any series may hold.
    pub fn validate(&self) -> Result<(), Invalid> {
        self.pos.validate()?;
        match &self.kind {
            BlockKind::Rule(rule) => {
                rule.filter.validate()?;
                if let RuleTiming::For(span) = rule.timing {
                    span.validate("the time it waits for a match")?;
                }
            }
            BlockKind::Content(content) => {
                content.send_for.validate("the time it tries to send")?
            }
            BlockKind::Wait(WaitBlock::For(span)) => span.validate("the wait")?,
            BlockKind::Wait(WaitBlock::Until(_) | WaitBlock::UntilTime(_)) | BlockKind::Tag(_) => {}
            // Shares that do not add up to 100 are the go-live check's to tell.
            BlockKind::Split(split) => {
                let n = split.branches.len();
                if !(SplitBlock::MIN_BRANCHES..=SplitBlock::MAX_BRANCHES).contains(&n) {
                    return Err(Invalid::SplitBranches(n));
                }
                if let Some(p) = split
                    .branches
                    .iter()
                    .chain(&split.control)
                    .find(|p| **p > 100)
                {
                    return Err(Invalid::SplitShare(u32::from(*p)));
                }
            }
            BlockKind::Note(note) => {
                let Size { w, h } = note.size;
                let (min, max) = (NoteBlock::MIN_SIZE, NoteBlock::MAX_SIZE);
                // Written so that not-a-number fails too.
                let fits = |v: f32, lo: f32, hi: f32| v >= lo && v <= hi;
                if !(fits(w, min.w, max.w) && fits(h, min.h, max.h)) {
                    return Err(Invalid::NoteSize { w, h });
                }
            }
        }
        Ok(())
    }
}

impl Block {
    /// [`Block::validate`], the problem saying which block: "block 7 ('Pro users'): ...".
    pub fn validate_as(&self, id: BlockId) -> Result<(), String> {
        self.validate().map_err(|e| self.problem(id, &e))
    }

    /// A problem of this block, saying which block.
    pub fn problem(&self, id: BlockId, problem: &Invalid) -> String {
        format!("block {id} ({}): {problem}", quote(&self.display_title()))
    }
}

impl Settings {
    /// Whether these settings are ones any series may hold. `None` or 0 days for
    /// the goal are left to the go-live check, which tells the marketer.
    pub fn validate(&self) -> Result<(), (&'static str, Invalid)> {
        if super::time_zone(&self.time_zone).is_none() {
            return Err(("the time zone", Invalid::TimeZone(self.time_zone.clone())));
        }
        self.exit_rules
            .validate()
            .map_err(|e| ("the exit rules", e))?;
        if let Some(goal) = &self.goal {
            goal.rules.validate().map_err(|e| ("the goal", e))?;
            match goal.within_days {
                Some(days) if days > MAX_DAYS => {
                    return Err(("the goal", Invalid::GoalWindowTooLong { days }));
                }
                _ => {}
            }
        }
        match self.disengagement {
            Disengagement::AfterDays(0) => Err(("disengagement", Invalid::DisengagementZero)),
            Disengagement::AfterDays(days) if days > MAX_DAYS => {
                Err(("disengagement", Invalid::DisengagementTooLong { days }))
            }
            _ => Ok(()),
        }
    }
}

/// A live or paused series records when it went live; a draft never went live
/// (setting a series live again after undoing keeps this pair together).
pub fn validate_status(status: Status, went_live_at: Option<DateTime<Utc>>) -> Result<(), Invalid> {
    match (status, went_live_at) {
        (Status::Live | Status::Paused, None) => Err(Invalid::NoLiveTime(status)),
        (Status::Draft, Some(at)) => Err(Invalid::DraftWentLive(at)),
        _ => Ok(()),
    }
}

impl CampaignOrigin {
    /// Each message once, and only blocks the series has handed out. A message's
    /// blocks may have been deleted since (the history stays, and ids are never
    /// reused), but an id never handed out would later name a new, unrelated block.
    pub fn validate(&self, next_id: u64) -> Result<(), Invalid> {
        let mut seen = std::collections::HashSet::new();
        for message in &self.messages {
            if !seen.insert(message.message_id.as_str()) {
                return Err(Invalid::MessageTwice(message.message_id.clone()));
            }
            for block in [message.rule_block, message.content_block] {
                if block.0 >= next_id {
                    return Err(Invalid::NeverABlock {
                        message: message.title.clone(),
                        block,
                        last: next_id.saturating_sub(1),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Series {
    /// Whether this is a series the program may hold, save and read back: the
    /// first problem, saying where it is ("block 7 ('Pro users'): ...").
    pub fn validate(&self) -> Result<(), String> {
        for (id, block) in self.blocks() {
            if id.0 > MAX_BLOCK_ID {
                return Err(Invalid::IdTooLarge(*id).to_string());
            }
            block.validate_as(*id)?;
        }
        if self.next_id > MAX_BLOCK_ID + 1 {
            return Err(format!(
                "the next block id ({}) is larger than {}",
                self.next_id,
                MAX_BLOCK_ID + 1
            ));
        }
        validate_status(self.status, self.went_live_at).map_err(|e| e.to_string())?;
        self.settings
            .validate()
            .map_err(|(what, e)| format!("{what}: {e}"))?;
        if let Some(origin) = &self.origin {
            origin.validate(self.next_id).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
