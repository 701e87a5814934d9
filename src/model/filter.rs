//! Filters: who matches a rule, the exit rules or the goal (`spec/campaign-export.md`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::BlockId;

/// A group or a single condition. Groups nest to any depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Filter {
    /// Every item matches; an empty `All` matches everyone.
    All(Vec<Filter>),
    /// At least one item matches; an empty `Any` matches no one.
    Any(Vec<Filter>),
    Condition(Condition),
}

impl Default for Filter {
    fn default() -> Self {
        Filter::All(Vec::new())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Attribute {
        attribute: String,
        test: AttributeTest,
    },
    Event {
        event: String,
        test: EventTest,
    },
    Tag {
        tag: String,
        op: TagOp,
    },
    Segment {
        segment: String,
        op: SegmentOp,
    },
    /// About a content block of the same series.
    Engagement {
        block: BlockId,
        op: EngagementOp,
    },
}

/// An attribute test; the variant is the value's kind, which decides the operators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AttributeTest {
    Text { op: TextOp, value: String },
    Number { op: NumberOp, value: f64 },
    Boolean { value: bool },
    DaysAgo { op: DaysAgoOp, days: u32 },
    Date { op: DateOp, date: NaiveDate },
    IsUnknown,
    HasAnyValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextOp {
    Is,
    IsNot,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberOp {
    Is,
    IsNot,
    GreaterThan,
    LessThan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DaysAgoOp {
    MoreThan,
    LessThan,
    Exactly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOp {
    Before,
    After,
    On,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventTest {
    Performed,
    NotPerformed,
    CountAtLeast(u32),
    CountAtMost(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagOp {
    Has,
    HasNot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SegmentOp {
    In,
    NotIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngagementOp {
    Received,
    NotReceived,
    Opened,
    NotOpened,
    Clicked,
    NotClicked,
    Replied,
    NotReplied,
    Completed,
    Dismissed,
}

impl EngagementOp {
    pub const ALL: [EngagementOp; 10] = [
        Self::Received,
        Self::NotReceived,
        Self::Opened,
        Self::NotOpened,
        Self::Clicked,
        Self::NotClicked,
        Self::Replied,
        Self::NotReplied,
        Self::Completed,
        Self::Dismissed,
    ];

    /// The past-tense verb a marketer reads: "received", "did not open".
    pub fn words(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::NotReceived => "did not receive",
            Self::Opened => "opened",
            Self::NotOpened => "did not open",
            Self::Clicked => "clicked",
            Self::NotClicked => "did not click",
            Self::Replied => "replied to",
            Self::NotReplied => "did not reply to",
            Self::Completed => "completed",
            Self::Dismissed => "dismissed",
        }
    }
}

impl TextOp {
    pub const ALL: [TextOp; 6] = [
        Self::Is,
        Self::IsNot,
        Self::Contains,
        Self::NotContains,
        Self::StartsWith,
        Self::EndsWith,
    ];
    pub fn words(self) -> &'static str {
        match self {
            Self::Is => "is",
            Self::IsNot => "is not",
            Self::Contains => "contains",
            Self::NotContains => "does not contain",
            Self::StartsWith => "starts with",
            Self::EndsWith => "ends with",
        }
    }
}

impl NumberOp {
    pub const ALL: [NumberOp; 4] = [Self::Is, Self::IsNot, Self::GreaterThan, Self::LessThan];
    pub fn words(self) -> &'static str {
        match self {
            Self::Is => "is",
            Self::IsNot => "is not",
            Self::GreaterThan => "is greater than",
            Self::LessThan => "is less than",
        }
    }
}

impl DaysAgoOp {
    pub const ALL: [DaysAgoOp; 3] = [Self::MoreThan, Self::LessThan, Self::Exactly];
    pub fn words(self) -> &'static str {
        match self {
            Self::MoreThan => "more than",
            Self::LessThan => "less than",
            Self::Exactly => "exactly",
        }
    }
}

impl DateOp {
    pub const ALL: [DateOp; 3] = [Self::Before, Self::After, Self::On];
    pub fn words(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::After => "after",
            Self::On => "on",
        }
    }
}

impl Filter {
    /// `type is user`: the rule an imported message without audience gets.
    pub fn type_is_user() -> Filter {
        Filter::All(vec![Filter::Condition(Condition::Attribute {
            attribute: "type".into(),
            test: AttributeTest::Text {
                op: TextOp::Is,
                value: "user".into(),
            },
        })])
    }

    /// True when the filter holds no condition at all, at any depth.
    pub fn is_empty(&self) -> bool {
        match self {
            Filter::All(items) | Filter::Any(items) => items.iter().all(Filter::is_empty),
            Filter::Condition(_) => false,
        }
    }

    /// Every condition, depth first, in order.
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        self.visit(&mut |c| out.push(c));
        out
    }

    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        match self {
            Filter::All(items) | Filter::Any(items) => items.iter().for_each(|i| i.visit(f)),
            Filter::Condition(c) => f(c),
        }
    }

    pub fn visit_mut(&mut self, f: &mut impl FnMut(&mut Condition)) {
        match self {
            Filter::All(items) | Filter::Any(items) => {
                items.iter_mut().for_each(|i| i.visit_mut(f))
            }
            Filter::Condition(c) => f(c),
        }
    }

    /// The content blocks its engagement conditions name.
    pub fn engagement_blocks(&self) -> Vec<BlockId> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            if let Condition::Engagement { block, .. } = c {
                out.push(*block);
            }
        });
        out
    }

    /// One line a marketer reads: "type is user and plan is pro".
    /// `title` names a block for engagement conditions.
    pub fn summary(&self, title: &dyn Fn(BlockId) -> Option<String>) -> String {
        match self {
            Filter::All(items) if items.is_empty() => "everyone".into(),
            Filter::Any(items) if items.is_empty() => "no one".into(),
            _ => self.summary_inner(title, true),
        }
    }

    fn summary_inner(&self, title: &dyn Fn(BlockId) -> Option<String>, top: bool) -> String {
        let (items, joint) = match self {
            Filter::Condition(c) => return c.summary(title),
            Filter::All(items) => (items, " and "),
            Filter::Any(items) => (items, " or "),
        };
        let parts: Vec<String> = items
            .iter()
            .filter(|i| !i.is_empty() || matches!(i, Filter::Any(_)))
            .map(|i| i.summary_inner(title, false))
            .collect();
        match parts.len() {
            0 if matches!(self, Filter::All(_)) => "everyone".into(),
            0 => "no one".into(),
            1 => parts.into_iter().next().unwrap_or_default(),
            _ if top => parts.join(joint),
            _ => format!("({})", parts.join(joint)),
        }
    }
}

/// "signed_up_at" reads as "signed up".
pub fn attribute_label(name: &str) -> &str {
    match name {
        "signed_up_at" => "signed up",
        "last_seen_at" => "last seen",
        other => other,
    }
}

/// The well-known attributes of `spec/campaign-export.md`, offered first in editors.
pub const WELL_KNOWN_ATTRIBUTES: [&str; 7] = [
    "type",
    "signed_up_at",
    "last_seen_at",
    "plan",
    "platform",
    "email",
    "name",
];

/// `3`, `2.5`: whole numbers without a decimal point.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Condition {
    pub fn summary(&self, title: &dyn Fn(BlockId) -> Option<String>) -> String {
        match self {
            Condition::Attribute { attribute, test } => {
                let name = attribute_label(attribute);
                match test {
                    AttributeTest::Text { op, value } => format!("{name} {} {value}", op.words()),
                    AttributeTest::Number { op, value } => {
                        format!("{name} {} {}", op.words(), format_number(*value))
                    }
                    AttributeTest::Boolean { value } => format!("{name} is {value}"),
                    AttributeTest::DaysAgo { op, days } => {
                        format!(
                            "{name} {} {} ago",
                            op.words(),
                            crate::text::count(*days as usize, "day")
                        )
                    }
                    AttributeTest::Date { op, date } => {
                        format!("{name} {} {}", op.words(), date.format("%-d %b %Y"))
                    }
                    AttributeTest::IsUnknown => format!("{name} is unknown"),
                    AttributeTest::HasAnyValue => format!("{name} has any value"),
                }
            }
            Condition::Event { event, test } => match test {
                EventTest::Performed => format!("did {event}"),
                EventTest::NotPerformed => format!("never did {event}"),
                EventTest::CountAtLeast(n) => format!("did {event} at least {n} times"),
                EventTest::CountAtMost(n) => format!("did {event} at most {n} times"),
            },
            Condition::Tag { tag, op } => match op {
                TagOp::Has => format!("tagged {tag}"),
                TagOp::HasNot => format!("not tagged {tag}"),
            },
            Condition::Segment { segment, op } => match op {
                SegmentOp::In => format!("in segment {segment}"),
                SegmentOp::NotIn => format!("not in segment {segment}"),
            },
            Condition::Engagement { block, op } => {
                let name = title(*block).unwrap_or_else(|| format!("missing block {}", block.0));
                format!("{} '{name}'", op.words())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str, op: TextOp, value: &str) -> Filter {
        Filter::Condition(Condition::Attribute {
            attribute: name.into(),
            test: AttributeTest::Text {
                op,
                value: value.into(),
            },
        })
    }

    #[test]
    fn summary_reads_as_a_sentence() {
        let f = Filter::All(vec![
            attr("type", TextOp::Is, "user"),
            attr("plan", TextOp::Is, "pro"),
            Filter::Any(vec![
                attr("platform", TextOp::Is, "iOS"),
                attr("platform", TextOp::Is, "Android"),
            ]),
        ]);
        assert_eq!(
            f.summary(&|_| None),
            "type is user and plan is pro and (platform is iOS or platform is Android)"
        );
        assert_eq!(Filter::default().summary(&|_| None), "everyone");
        assert_eq!(Filter::Any(vec![]).summary(&|_| None), "no one");
    }

    #[test]
    fn engagement_summary_names_the_block() {
        let f = Filter::All(vec![Filter::Condition(Condition::Engagement {
            block: BlockId(4),
            op: EngagementOp::NotReceived,
        })]);
        let s = f.summary(&|id| (id == BlockId(4)).then(|| "Welcome Chat".to_string()));
        assert_eq!(s, "did not receive 'Welcome Chat'");
    }
}
