//! Blocks: rule, content, wait and tag, and the outputs each one has.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::schedule::{SendWindow, TimeOfDay};

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
    Split(SplitBlock),
    /// A sticky note for the team: on no path, ignored by checks and simulation.
    Note(NoteBlock),
}

/// Which kind, without the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Rule,
    Content,
    Wait,
    Tag,
    Split,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Rule,
        Kind::Content,
        Kind::Wait,
        Kind::Tag,
        Kind::Split,
        Kind::Note,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Rule => "rule",
            Kind::Content => "content",
            Kind::Wait => "wait",
            Kind::Tag => "tag",
            Kind::Split => "split",
            Kind::Note => "note",
        }
    }

    /// Whether blocks of this kind stand on paths customers take. Notes do not:
    /// no arrow reaches or leaves them, and no check about paths looks at them.
    pub fn on_paths(self) -> bool {
        self != Kind::Note
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
    /// When it may send; any time when `None`. Missing in version-1 files.
    #[serde(default)]
    pub send_window: Option<SendWindow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum WaitBlock {
    For(Span),
    Until(NaiveDateTime),
    /// Until the next time of day, on chosen days.
    UntilTime(TimeOfDay),
}

/// Sends each customer down one branch (A, B, …) by percentage, or out of the
/// series as the control group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitBlock {
    /// Each branch's percentage, A first; 2 to 5 branches.
    pub branches: Vec<u8>,
    /// The control group's percentage, if there is one.
    pub control: Option<u8>,
}

impl SplitBlock {
    pub const MIN_BRANCHES: usize = 2;
    pub const MAX_BRANCHES: usize = 5;

    /// What the branches and the control group add up to (100 when right).
    pub fn total(&self) -> u32 {
        self.branches.iter().map(|p| u32::from(*p)).sum::<u32>()
            + u32::from(self.control.unwrap_or(0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteBlock {
    /// Several lines, as typed.
    pub text: String,
    pub colour: NoteColour,
    /// Width and height in canvas units.
    pub size: Size,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteColour {
    Yellow,
    Blue,
    Green,
    Pink,
    Grey,
}

impl NoteColour {
    pub const ALL: [NoteColour; 5] = [
        NoteColour::Yellow,
        NoteColour::Blue,
        NoteColour::Green,
        NoteColour::Pink,
        NoteColour::Grey,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NoteColour::Yellow => "Yellow",
            NoteColour::Blue => "Blue",
            NoteColour::Green => "Green",
            NoteColour::Pink => "Pink",
            NoteColour::Grey => "Grey",
        }
    }
}

/// A width and a height on the canvas, written `(w, h)`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "(f32, f32)", into = "(f32, f32)")]
pub struct Size {
    pub w: f32,
    pub h: f32,
}

impl From<(f32, f32)> for Size {
    fn from((w, h): (f32, f32)) -> Self {
        Size { w, h }
    }
}

impl From<Size> for (f32, f32) {
    fn from(s: Size) -> Self {
        (s.w, s.h)
    }
}

impl NoteBlock {
    /// The smallest and largest a note may be drawn, in canvas units.
    pub const MIN_SIZE: Size = Size { w: 80.0, h: 48.0 };
    pub const MAX_SIZE: Size = Size {
        w: 4000.0,
        h: 4000.0,
    };
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
    /// A split test's branch: 0 is A, 1 is B, …
    Branch(u8),
}

/// A split test's outputs, A to E; a split with n branches has the first n.
const BRANCHES: [Output; SplitBlock::MAX_BRANCHES] = [
    Output::Branch(0),
    Output::Branch(1),
    Output::Branch(2),
    Output::Branch(3),
    Output::Branch(4),
];

impl Output {
    pub const ALL: [Output; 10] = [
        Output::Match,
        Output::NoMatch,
        Output::Sent,
        Output::NotSent,
        Output::Next,
        BRANCHES[0],
        BRANCHES[1],
        BRANCHES[2],
        BRANCHES[3],
        BRANCHES[4],
    ];

    pub fn label(self) -> &'static str {
        match self {
            Output::Match => "match",
            Output::NoMatch => "no match",
            Output::Sent => "sent",
            Output::NotSent => "not sent",
            Output::Next => "next",
            Output::Branch(i) => branch_letter(usize::from(i)),
        }
    }
}

/// "A" for the first branch of a split test, … "E" for the fifth.
pub fn branch_letter(index: usize) -> &'static str {
    ["A", "B", "C", "D", "E"].get(index).copied().unwrap_or("?")
}

impl Block {
    pub fn kind(&self) -> Kind {
        match self.kind {
            BlockKind::Rule(_) => Kind::Rule,
            BlockKind::Content(_) => Kind::Content,
            BlockKind::Wait(_) => Kind::Wait,
            BlockKind::Tag(_) => Kind::Tag,
            BlockKind::Split(_) => Kind::Split,
            BlockKind::Note(_) => Kind::Note,
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
            BlockKind::Split(s) => &BRANCHES[..s.branches.len().min(BRANCHES.len())],
            BlockKind::Note(_) => &[],
        }
    }

    /// The words at an output on its card: its name, and for a split test's
    /// branch its share ("A 50%").
    pub fn output_words(&self, output: Output) -> String {
        match (&self.kind, output) {
            (BlockKind::Split(split), Output::Branch(i)) => split.branch_words(usize::from(i)),
            _ => output.label().to_owned(),
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
            BlockKind::Split(_) => "Split test".into(),
            BlockKind::Note(_) => "Note".into(),
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
                    send_window: None,
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
            Kind::Split => (
                "",
                BlockKind::Split(SplitBlock {
                    branches: vec![50, 50],
                    control: None,
                }),
            ),
            Kind::Note => (
                "",
                BlockKind::Note(NoteBlock {
                    text: String::new(),
                    colour: NoteColour::Yellow,
                    size: Size { w: 220.0, h: 140.0 },
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
    /// "Wait 1 day" / "Wait until 3 Mar 2026, 09:00" / "Until 9:00 on weekdays
    /// (customer's time)", a series' clock named by its time zone.
    pub fn summary(&self, series_zone: &str) -> String {
        match self {
            WaitBlock::For(span) => format!("Wait {span}"),
            WaitBlock::Until(at) => format!("Wait until {}", at.format("%-d %b %Y, %H:%M")),
            WaitBlock::UntilTime(t) => t.words(series_zone),
        }
    }
}

impl SplitBlock {
    /// A branch's letter and share: "A 50%".
    pub fn branch_words(&self, branch: usize) -> String {
        let share = self.branches.get(branch).copied().unwrap_or(0);
        format!("{} {share}%", branch_letter(branch))
    }

    /// Sets one branch's share; the other branches take what is left of 100 (after
    /// the control group) in proportion to their shares, so the total stays 100
    /// as the marketer drags one of them.
    pub fn set_share(&mut self, branch: usize, share: u8) {
        if branch >= self.branches.len() {
            return;
        }
        let room = 100 - self.control.unwrap_or(0).min(100);
        let share = share.min(room);
        self.branches[branch] = share;
        let others: Vec<usize> = (0..self.branches.len()).filter(|i| *i != branch).collect();
        self.spread(&others, room - share);
    }

    /// Turns the control group on (with its share) or off; the branches share the rest.
    pub fn set_control(&mut self, control: Option<u8>) {
        self.control = control.map(|c| c.min(100 - Self::MIN_BRANCHES as u8));
        let all: Vec<usize> = (0..self.branches.len()).collect();
        self.spread(&all, 100 - self.control.unwrap_or(0));
    }

    /// Adds a branch (up to five); all branches then share alike.
    pub fn add_branch(&mut self) {
        if self.branches.len() < Self::MAX_BRANCHES {
            self.branches.push(0);
            self.share_alike();
        }
    }

    /// Removes a branch (two always stay); its share goes to the others.
    pub fn remove_branch(&mut self, branch: usize) {
        if self.branches.len() > Self::MIN_BRANCHES && branch < self.branches.len() {
            self.branches.remove(branch);
            let all: Vec<usize> = (0..self.branches.len()).collect();
            self.spread(&all, 100 - self.control.unwrap_or(0));
        }
    }

    /// Every branch the same share of what the control group leaves.
    pub fn share_alike(&mut self) {
        self.branches.iter_mut().for_each(|b| *b = 1);
        let all: Vec<usize> = (0..self.branches.len()).collect();
        self.spread(&all, 100 - self.control.unwrap_or(0));
    }

    /// Gives `total` to the branches `among`, in proportion to their shares now
    /// (alike when they have none), in whole percent that add up exactly.
    fn spread(&mut self, among: &[usize], total: u8) {
        if among.is_empty() {
            return;
        }
        let weights: Vec<u32> = among.iter().map(|i| u32::from(self.branches[*i])).collect();
        let sum: u32 = weights.iter().sum();
        let weights: Vec<u32> = if sum == 0 {
            vec![1; among.len()]
        } else {
            weights
        };
        let sum: u32 = weights.iter().sum();
        let total = u32::from(total);
        let mut given: Vec<u32> = weights.iter().map(|w| total * w / sum).collect();
        // What rounding down left over goes to the largest remainders first.
        let mut order: Vec<usize> = (0..among.len()).collect();
        order.sort_by_key(|k| std::cmp::Reverse((total * weights[*k]) % sum));
        let mut left = total - given.iter().sum::<u32>();
        for k in order.into_iter().cycle() {
            if left == 0 {
                break;
            }
            given[k] += 1;
            left -= 1;
        }
        for (i, g) in among.iter().zip(given) {
            self.branches[*i] = u8::try_from(g).unwrap_or(100);
        }
    }

    /// "A 50% · B 50%", "A 45% · B 45% · control 10%".
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = (0..self.branches.len())
            .map(|i| self.branch_words(i))
            .collect();
        if let Some(c) = self.control {
            parts.push(format!("control {c}%"));
        }
        parts.join(" · ")
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

#[cfg(test)]
mod split_tests {
    use super::SplitBlock;

    fn split(branches: &[u8], control: Option<u8>) -> SplitBlock {
        SplitBlock {
            branches: branches.to_vec(),
            control,
        }
    }

    #[test]
    fn dragging_one_share_keeps_the_total_at_100() {
        let mut s = split(&[50, 50], None);
        s.set_share(0, 70);
        assert_eq!(s.branches, vec![70, 30]);
        let mut s = split(&[40, 40, 20], Some(0));
        s.set_share(2, 60);
        assert_eq!(s.branches, vec![20, 20, 60]);
        assert_eq!(s.total(), 100);
        // The others in proportion, rounded so that they add up.
        let mut s = split(&[34, 33, 33], None);
        s.set_share(0, 50);
        assert_eq!(s.total(), 100);
        assert_eq!(s.branches[0], 50);
        // No more than the control group leaves.
        let mut s = split(&[45, 45], Some(10));
        s.set_share(1, 100);
        assert_eq!(s.branches, vec![0, 90]);
    }

    #[test]
    fn the_control_group_and_new_branches_keep_the_total() {
        let mut s = split(&[50, 50], None);
        s.set_control(Some(10));
        assert_eq!((s.branches.clone(), s.control), (vec![45, 45], Some(10)));
        s.add_branch();
        assert_eq!(s.branches, vec![30, 30, 30]);
        s.remove_branch(0);
        assert_eq!(s.branches, vec![45, 45]);
        s.set_control(None);
        assert_eq!(s.branches, vec![50, 50]);
        for _ in 0..6 {
            s.add_branch();
        }
        assert_eq!(s.branches.len(), SplitBlock::MAX_BRANCHES);
        assert_eq!(s.total(), 100);
        s.remove_branch(9);
        assert_eq!(s.branches.len(), SplitBlock::MAX_BRANCHES);
    }
}
