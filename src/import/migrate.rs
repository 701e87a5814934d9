//! Building the series from a checked campaign (`spec/campaign-export.md`,
//! "Migration"): the entry rule block top left, then one unconnected column per
//! message, left to right in priority order.

use super::export::{Campaign, Message};
use crate::model::{
    Block, BlockId, BlockKind, CampaignOrigin, Connection, ContentBlock, ContentType,
    Disengagement, Filter, GoLiveChoice, Goal, MAX_POSITION, MessageOrigin, ModelError, Output,
    Pos, RuleBlock, RuleTiming, Series, Settings, Span, WaitBlock,
};

/// Distance between two columns; cards are about 220 wide, so this leaves a wide gap.
pub const COLUMN_STEP: f32 = 300.0;
/// The most messages an export may have: one column each, and the last column
/// still on the canvas ([`MAX_POSITION`]).
pub(crate) const MAX_MESSAGES: usize = (MAX_POSITION / COLUMN_STEP) as usize;

/// Distance between two rows; cards are about 90 high.
pub const ROW_STEP: f32 = 150.0;

/// How long an imported message tries to send: what a new content block gets.
/// Campaigns had no such setting.
pub(crate) const SEND_FOR_DAYS: u32 = 3;

/// The title of the block made from the campaign's entry rules.
pub const ENTRY_TITLE: &str = "Campaign entry rules";

/// The blocks made for one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub rule: BlockId,
    pub content: BlockId,
    /// None when the campaign's spacing is 0 days.
    pub wait: Option<BlockId>,
}

/// The new series, with where each part of the campaign went.
pub(crate) struct Built {
    pub series: Series,
    pub entry: BlockId,
    /// One per message, in priority order.
    pub columns: Vec<Column>,
}

/// The rule block title for a message.
pub fn rule_title(message_title: &str) -> String {
    format!("Who gets '{message_title}'")
}

pub(crate) fn build(campaign: &Campaign) -> Result<Built, ModelError> {
    let mut series = Series::new(campaign.name.clone());
    // Ids first: a message's rule may name a later message's content block.
    let entry = series.allocate_id();
    let columns: Vec<Column> = campaign
        .messages
        .iter()
        .map(|_| Column {
            rule: series.allocate_id(),
            content: series.allocate_id(),
            wait: (campaign.message_spacing_days > 0).then(|| series.allocate_id()),
        })
        .collect();
    let content_block = |message: usize| {
        columns
            .get(message)
            .map_or(BlockId(0), |column| column.content)
    };

    series.insert_block(
        entry,
        rule_block(
            ENTRY_TITLE,
            Pos::new(0.0, 0.0),
            campaign.entry_rules.to_filter(&content_block),
        ),
    )?;
    for (i, (message, column)) in campaign.messages.iter().zip(&columns).enumerate() {
        let x = COLUMN_STEP * (i as f32 + 1.0);
        let audience = message
            .audience_rules
            .as_ref()
            .map(|rules| rules.to_filter(&content_block))
            .filter(|filter| !filter.is_empty())
            .unwrap_or_else(Filter::type_is_user);
        series.insert_block(
            column.rule,
            rule_block(&rule_title(&message.title), Pos::new(x, 0.0), audience),
        )?;
        series.insert_block(column.content, content(message, Pos::new(x, ROW_STEP)))?;
        series.connect(Connection::new(column.rule, Output::Match, column.content))?;
        if let Some(wait) = column.wait {
            series.insert_block(
                wait,
                Block {
                    title: String::new(),
                    pos: Pos::new(x, 2.0 * ROW_STEP),
                    kind: BlockKind::Wait(WaitBlock::For(Span::days(
                        campaign.message_spacing_days,
                    ))),
                },
            )?;
            series.connect(Connection::new(column.content, Output::Sent, wait))?;
        }
    }

    series.settings = Settings {
        exit_rules: campaign
            .exit_rules
            .as_ref()
            .map(|rules| rules.to_filter(&content_block))
            .unwrap_or_default(),
        goal: campaign.goal.as_ref().map(|goal| Goal {
            rules: goal.rules.to_filter(&content_block),
            within_days: Some(goal.within_days),
            // Campaigns ended for customers at their goal.
            exit_on_goal: true,
        }),
        disengagement: campaign
            .exit_after_days_without_message
            .map_or(Disengagement::Never, Disengagement::AfterDays),
        ..Settings::default()
    };
    series.origin = Some(CampaignOrigin {
        campaign_id: campaign.id.clone(),
        campaign_name: campaign.name.clone(),
        campaign_state: campaign.state,
        messages: campaign
            .messages
            .iter()
            .zip(&columns)
            .map(|(message, column)| MessageOrigin {
                message_id: message.id.clone(),
                title: message.title.clone(),
                rule_block: column.rule,
                content_block: column.content,
                stats: message.stats.clone(),
            })
            .collect(),
        go_live_choice: GoLiveChoice::Undecided,
    });
    Ok(Built {
        series,
        entry,
        columns,
    })
}

fn rule_block(title: &str, pos: Pos, filter: Filter) -> Block {
    Block {
        title: title.to_string(),
        pos,
        kind: BlockKind::Rule(RuleBlock {
            filter,
            timing: RuleTiming::Once,
            no_match_branch: false,
        }),
    }
}

fn content(message: &Message, pos: Pos) -> Block {
    Block {
        title: message.title.clone(),
        pos,
        kind: BlockKind::Content(ContentBlock {
            content_type: message.content_type,
            subject: message.subject.clone().unwrap_or_default(),
            body: message.body.clone(),
            send_for: Span::days(SEND_FOR_DAYS),
            not_sent_branch: false,
            send_window: None,
        }),
    }
}

/// What a message becomes, in words: "Rule → Email → Wait 1 day".
pub fn becomes(content_type: ContentType, spacing_days: u32) -> String {
    let mut words = format!("Rule → {}", content_type.label());
    if spacing_days > 0 {
        words.push_str(&format!(" → Wait {}", Span::days(spacing_days)));
    }
    words
}
