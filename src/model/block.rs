//! Blocks: rule, content, wait and tag, and the outputs each one has.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::filter::Filter;

/// A position on the canvas, in canvas units (1 unit = 1 point at 100 % zoom).
/// Written as `(x, y)` so files stay short.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "(f32, f32)", into = "(f32, f32)")]
pub struct Pos {
    pub x: f32,
    pub y: f32,
}

impl From<(f32, f32)> for Pos {
    fn from((x, y): (f32, f32)) -> Self {
        Pos { x, y }
    }
}

impl From<Pos> for (f32, f32) {
    fn from(p: Pos) -> Self {
        (p.x, p.y)
    }
}

impl Pos {
    pub fn new(x: f32, y: f32) -> Self {
        Pos { x, y }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// What the marketer calls it; for content blocks, the message's title.
    pub title: String,
    pub pos: Pos,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BlockKind {
    Rule(RuleBlock),
    Content(ContentBlock),
    Wait(WaitBlock),
    Tag(TagBlock),
}

/// Which of the four kinds, without the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Rule,
    Content,
    Wait,
    Tag,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Rule, Kind::Content, Kind::Wait, Kind::Tag];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Rule => "rule",
            Kind::Content => "content",
            Kind::Wait => "wait",
            Kind::Tag => "tag",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleBlock {
    pub filter: Filter,
    pub timing: RuleTiming,
    /// Whether the "no match" output exists.
    pub no_match_branch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum RuleTiming {
    /// Checked once, when the customer arrives.
    Once,
    /// Customers wait up to this long for the rule to match.
    For(Span),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ContentType {
    Chat,
    Post,
    Email,
    MobilePush,
    ProductTour,
    Carousel,
    CustomBot,
    Banner,
}

impl ContentType {
    pub const ALL: [ContentType; 8] = [
        Self::Chat,
        Self::Post,
        Self::Email,
        Self::MobilePush,
        Self::ProductTour,
        Self::Carousel,
        Self::CustomBot,
        Self::Banner,
    ];

    /// What a marketer calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Chat => "Chat",
            Self::Post => "Post",
            Self::Email => "Email",
            Self::MobilePush => "Mobile push",
            Self::ProductTour => "Product tour",
            Self::Carousel => "Carousel",
            Self::CustomBot => "Custom bot",
            Self::Banner => "Banner",
        }
    }

    /// The name in campaign exports.
    pub fn export_name(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Post => "post",
            Self::Email => "email",
            Self::MobilePush => "mobile_push",
            Self::ProductTour => "product_tour",
            Self::Carousel => "carousel",
            Self::CustomBot => "custom_bot",
            Self::Banner => "banner",
        }
    }

    pub fn from_export_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.export_name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentBlock {
    pub content_type: ContentType,
    /// Emails only; kept (and ignored) when the type changes.
    pub subject: String,
    /// May hold `{{attribute}}` placeholders, kept verbatim.
    pub body: String,
    /// How long it tries to send; in-app messages only reach customers who are online.
    pub send_for: Span,
    /// Whether the "not sent" output exists.
    pub not_sent_branch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum WaitBlock {
    For(Span),
    Until(NaiveDateTime),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagBlock {
    pub action: TagAction,
    pub tag: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagAction {
    Add,
    Remove,
}

/// A length of time: "1 day", "3 hours".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub amount: u32,
    pub unit: TimeUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 4] = [Self::Minutes, Self::Hours, Self::Days, Self::Weeks];

    pub fn minutes(self) -> u64 {
        match self {
            Self::Minutes => 1,
            Self::Hours => 60,
            Self::Days => 60 * 24,
            Self::Weeks => 60 * 24 * 7,
        }
    }

    /// "day" or "days".
    pub fn word(self, amount: u32) -> &'static str {
        let one = amount == 1;
        match self {
            Self::Minutes if one => "minute",
            Self::Minutes => "minutes",
            Self::Hours if one => "hour",
            Self::Hours => "hours",
            Self::Days if one => "day",
            Self::Days => "days",
            Self::Weeks if one => "week",
            Self::Weeks => "weeks",
        }
    }
}

impl Span {
    pub fn days(amount: u32) -> Self {
        Span {
            amount,
            unit: TimeUnit::Days,
        }
    }

    pub fn total_minutes(self) -> u64 {
        u64::from(self.amount) * self.unit.minutes()
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

/// A named output of a block; an arrow leaves from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Output {
    Match,
    NoMatch,
    Sent,
    NotSent,
    Next,
}

impl Output {
    pub const ALL: [Output; 5] = [
        Output::Match,
        Output::NoMatch,
        Output::Sent,
        Output::NotSent,
        Output::Next,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Output::Match => "match",
            Output::NoMatch => "no match",
            Output::Sent => "sent",
            Output::NotSent => "not sent",
            Output::Next => "next",
        }
    }
}

impl Block {
    pub fn kind(&self) -> Kind {
        match self.kind {
            BlockKind::Rule(_) => Kind::Rule,
            BlockKind::Content(_) => Kind::Content,
            BlockKind::Wait(_) => Kind::Wait,
            BlockKind::Tag(_) => Kind::Tag,
        }
    }

    /// The outputs this block has now, in the order they are drawn (left to right).
    pub fn outputs(&self) -> &'static [Output] {
        match &self.kind {
            BlockKind::Rule(r) if r.no_match_branch => &[Output::Match, Output::NoMatch],
            BlockKind::Rule(_) => &[Output::Match],
            BlockKind::Content(c) if c.not_sent_branch => &[Output::Sent, Output::NotSent],
            BlockKind::Content(_) => &[Output::Sent],
            BlockKind::Wait(_) | BlockKind::Tag(_) => &[Output::Next],
        }
    }

    pub fn has_output(&self, output: Output) -> bool {
        self.outputs().contains(&output)
    }

    pub fn as_rule(&self) -> Option<&RuleBlock> {
        match &self.kind {
            BlockKind::Rule(r) => Some(r),
            _ => None,
        }
    }

    pub fn as_content(&self) -> Option<&ContentBlock> {
        match &self.kind {
            BlockKind::Content(c) => Some(c),
            _ => None,
        }
    }

    /// The title, or a name from the kind where the marketer left it empty.
    pub fn display_title(&self) -> String {
        if !self.title.trim().is_empty() {
            return self.title.clone();
        }
        match &self.kind {
            BlockKind::Rule(_) => "Untitled rule".into(),
            BlockKind::Content(c) => format!("Untitled {}", c.content_type.label().to_lowercase()),
            BlockKind::Wait(_) => "Wait".into(),
            BlockKind::Tag(_) => "Tag".into(),
        }
    }

    /// A new block of a kind with sensible defaults, as the palette adds it.
    pub fn new_of_kind(kind: Kind, pos: Pos) -> Block {
        let (title, kind) = match kind {
            Kind::Rule => (
                "New rule",
                BlockKind::Rule(RuleBlock {
                    filter: Filter::default(),
                    timing: RuleTiming::Once,
                    no_match_branch: false,
                }),
            ),
            Kind::Content => (
                "New message",
                BlockKind::Content(ContentBlock {
                    content_type: ContentType::Chat,
                    subject: String::new(),
                    body: String::new(),
                    send_for: Span::days(3),
                    not_sent_branch: false,
                }),
            ),
            Kind::Wait => ("", BlockKind::Wait(WaitBlock::For(Span::days(1)))),
            Kind::Tag => (
                "",
                BlockKind::Tag(TagBlock {
                    action: TagAction::Add,
                    tag: String::new(),
                }),
            ),
        };
        Block {
            title: title.into(),
            pos,
            kind,
        }
    }
}

impl WaitBlock {
    /// "Wait 1 day" / "Wait until 3 Mar 2026, 09:00".
    pub fn summary(&self) -> String {
        match self {
            WaitBlock::For(span) => format!("Wait {span}"),
            WaitBlock::Until(at) => format!("Wait until {}", at.format("%-d %b %Y, %H:%M")),
        }
    }
}

impl TagBlock {
    /// "Add tag onboarded".
    pub fn summary(&self) -> String {
        let verb = match self.action {
            TagAction::Add => "Add tag",
            TagAction::Remove => "Remove tag",
        };
        if self.tag.trim().is_empty() {
            format!("{verb} (no name yet)")
        } else {
            format!("{verb} {}", self.tag)
        }
    }
}
