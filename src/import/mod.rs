//! Campaign import (`spec/campaign-export.md`): a `campaign/v1` export (JSON)
//! becomes a new draft series, with hints for the marketer. Nothing here touches
//! files; the CLI and the app decide where the series goes.

mod error;
mod export;
mod hints;
mod json;
mod migrate;
mod rules;

pub use error::{ImportError, Problem};
pub use export::{SUPPORTED_FORMAT, is_json_object};
pub use hints::Hint;
pub use migrate::{COLUMN_STEP, Column, ENTRY_TITLE, ROW_STEP, rule_title};

use crate::model::{BlockId, Series};

/// A campaign turned into a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub series: Series,
    /// Advice in the marketer's words; not applied.
    pub hints: Vec<Hint>,
    /// The block made from the campaign's entry rules.
    pub entry_block: BlockId,
    /// What each message became, in priority order (for an import dialog).
    pub messages: Vec<MessagePreview>,
}

/// One message of the campaign and what it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePreview {
    pub message_id: String,
    pub title: String,
    /// "Email", "Product tour".
    pub type_label: &'static str,
    /// Who gets it, in words: "platform is web", or for a message without audience
    /// rules "everyone in the campaign (type is user)".
    pub audience: String,
    /// "Rule → Email → Wait 1 day".
    pub becomes: String,
    /// Its blocks in the series.
    pub column: Column,
}

/// Reads a campaign export and builds the series. On failure, every problem
/// found, each with its JSON path (or line and column for syntax errors).
pub fn import_campaign(bytes: &[u8]) -> Result<Imported, ImportError> {
    let campaign = export::read(bytes)?;
    let built = migrate::build(&campaign).map_err(unbuildable)?;
    // What the import writes must read back: the checks a file gets on loading.
    built.series.validate().map_err(unbuildable)?;
    let hints = hints::collect(&campaign, &built);
    let title = |id| built.series.title_of(id);
    let messages = campaign
        .messages
        .iter()
        .zip(&built.columns)
        .map(|(message, column)| {
            let rule = built.series.block(column.rule).and_then(|b| b.as_rule());
            let who = rule.map(|r| r.filter.summary(&title)).unwrap_or_default();
            let had_audience = message
                .audience_rules
                .as_ref()
                .is_some_and(|r| !r.is_empty());
            MessagePreview {
                message_id: message.id.clone(),
                title: message.title.clone(),
                type_label: message.content_type.label(),
                audience: if had_audience {
                    who
                } else {
                    format!("everyone in the campaign ({who})")
                },
                becomes: migrate::becomes(message.content_type, campaign.message_spacing_days),
                column: *column,
            }
        })
        .collect();
    Ok(Imported {
        series: built.series,
        hints,
        entry_block: built.entry,
        messages,
    })
}

/// An export that passed its checks but still made no series: one problem, about the campaign.
fn unbuildable(why: impl std::fmt::Display) -> ImportError {
    ImportError::from(vec![Problem::at(
        "campaign",
        format!("the series could not be built: {why}"),
    )])
}
