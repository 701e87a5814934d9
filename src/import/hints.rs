//! Hints: what a marketer should know about the imported series. Reported only;
//! the import changes nothing because of them.

use super::export::Campaign;
use super::migrate::{Built, ENTRY_TITLE, SEND_FOR_DAYS};
use crate::model::{
    AttributeTest, BlockId, CampaignState, Condition, ContentType, DaysAgoOp, Filter, Span, TextOp,
};
use crate::text::{quote, quote_value};

/// One piece of advice, and the blocks it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub message: String,
    pub blocks: Vec<BlockId>,
}

impl Hint {
    fn new(message: String, blocks: Vec<BlockId>) -> Self {
        Hint { message, blocks }
    }
}

pub(crate) fn collect(campaign: &Campaign, built: &Built) -> Vec<Hint> {
    let series = &built.series;
    let filter_of = |id: BlockId| {
        series
            .block(id)
            .and_then(|b| b.as_rule())
            .map(|r| &r.filter)
    };
    let mut hints = Vec::new();

    match filter_of(built.entry) {
        Some(filter) if filter.is_empty() => hints.push(Hint::new(
            format!(
                "The campaign's entry rules had no conditions, so '{ENTRY_TITLE}' has none \
                 either: add some, or remove the block, before the series goes live."
            ),
            vec![built.entry],
        )),
        Some(filter) if only_type_is_user(filter) => hints.push(Hint::new(
            format!(
                "'{ENTRY_TITLE}' is only \"type is user\": it lets every user in. \
                 Narrow it down if the campaign was meant for fewer people."
            ),
            vec![built.entry],
        )),
        _ => {}
    }

    for (message, column) in campaign.messages.iter().zip(&built.columns) {
        let title = quote(&message.title);
        let had_audience = message
            .audience_rules
            .as_ref()
            .is_some_and(|rules| !rules.is_empty());
        let filter = filter_of(column.rule);
        if !had_audience {
            hints.push(Hint::new(
                format!(
                    "{title} had no audience rules, so its rule block is \"type is user\", \
                     which lets every user in: until it is connected into a path, every user \
                     in your workspace gets {title}."
                ),
                vec![column.rule],
            ));
        } else if filter.is_some_and(only_type_is_user) {
            hints.push(Hint::new(
                format!(
                    "The rule for {title} is only \"type is user\", which lets every user \
                     in: until it is connected into a path, every user in your workspace gets \
                     {title}."
                ),
                vec![column.rule],
            ));
        }
        if let Some((op, days)) = filter.and_then(only_delay) {
            let when = match op {
                DaysAgoOp::Exactly => "exactly",
                _ => "more than",
            };
            hints.push(Hint::new(
                format!(
                    "The rule for {title} only holds it back until customers signed up \
                     {when} {} ago. Once it is in a path, a wait block before {title} does \
                     this better, and the rule block can go.",
                    Span::days(days)
                ),
                vec![column.rule],
            ));
        }
        let subject = message.subject.as_deref().unwrap_or("").trim();
        if message.content_type == ContentType::Email && subject.is_empty() {
            hints.push(Hint::new(
                format!("The email {title} has no subject: add one before the series goes live."),
                vec![column.content],
            ));
        } else if message.content_type != ContentType::Email && !subject.is_empty() {
            hints.push(Hint::new(
                format!(
                    "{title} is a {}, which has no subject: its subject {} is kept \
                     but not shown to customers.",
                    message.content_type.label().to_lowercase(),
                    quote_value(subject)
                ),
                vec![column.content],
            ));
        }
        if message.body.trim().is_empty() {
            hints.push(Hint::new(
                format!("{title} has no text: write it before the series goes live."),
                vec![column.content],
            ));
        }
    }

    let n = built.columns.len();
    let mut rules: Vec<BlockId> = vec![built.entry];
    rules.extend(built.columns.iter().map(|c| c.rule));
    let columns = if n == 1 {
        "The message's column is not connected".to_string()
    } else {
        format!("The {n} message columns are not connected to each other or")
    };
    hints.push(Hint::new(
        format!(
            "{columns} to '{ENTRY_TITLE}': until you connect them into paths, each of the {} \
             rule blocks is an entry point, and customers who match a message's rule get \
             that message straight away.",
            n + 1
        ),
        rules,
    ));
    if campaign.state.still_entering() {
        let state = match campaign.state {
            CampaignState::Paused => "paused",
            _ => "live",
        };
        hints.push(Hint::new(
            format!(
                "The campaign {} is still {state}. When this series goes live, choose what \
                 happens to it: stop entering (customers already in it finish it, new ones \
                 enter the series; best when the audiences are the same) or continue entering \
                 (both run, and customers in both may get messages twice).",
                quote(&campaign.name)
            ),
            Vec::new(),
        ));
    }
    // Campaign customers stayed until a message's rules matched; a new rule block
    // checks once. It only matters once the columns are in paths.
    hints.push(Hint::new(
        "Each message's rule block checks its rules once, when a customer reaches it. \
         In the campaign, customers waited until a message's rules matched: when you connect \
         the columns, set a rule block to wait for a match where that matters."
            .to_string(),
        built.columns.iter().map(|c| c.rule).collect(),
    ));
    // The import chose how long messages try to send; campaigns had no such setting.
    hints.push(Hint::new(
        format!(
            "Each message tries to send for {} (in-app messages only reach customers who are \
             online): change it on a content block if a message should try for longer or shorter.",
            Span::days(SEND_FOR_DAYS)
        ),
        built.columns.iter().map(|c| c.content).collect(),
    ));
    if campaign.goal.is_none() {
        hints.push(Hint::new(
            "The campaign had no goal, so the series has none: add one in the series \
             settings to see what it achieves."
                .to_string(),
            Vec::new(),
        ));
    }
    hints
}

/// The single condition of a filter, if it has exactly one.
fn single_condition(filter: &Filter) -> Option<&Condition> {
    match filter.conditions().as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// `type is user` and nothing else: everyone enters.
fn only_type_is_user(filter: &Filter) -> bool {
    matches!(
        single_condition(filter),
        Some(Condition::Attribute {
            attribute,
            test: AttributeTest::Text { op: TextOp::Is, value },
        }) if attribute == "type" && value == "user"
    )
}

/// `signed_up_at exactly/more than N days ago` and nothing else: the rule only delays.
fn only_delay(filter: &Filter) -> Option<(DaysAgoOp, u32)> {
    match single_condition(filter)? {
        Condition::Attribute {
            attribute,
            test: AttributeTest::DaysAgo { op, days },
        } if attribute == "signed_up_at"
            && matches!(op, DaysAgoOp::Exactly | DaysAgoOp::MoreThan) =>
        {
            Some((*op, *days))
        }
        _ => None,
    }
}
