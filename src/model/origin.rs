//! Where an imported series came from: the campaign and its history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::BlockId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignOrigin {
    pub campaign_id: String,
    pub campaign_name: String,
    pub campaign_state: CampaignState,
    /// One per message, in priority order.
    pub messages: Vec<MessageOrigin>,
    pub go_live_choice: GoLiveChoice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageOrigin {
    pub message_id: String,
    pub title: String,
    /// The rule block made from the message's audience rules.
    pub rule_block: BlockId,
    pub content_block: BlockId,
    /// The campaign's historical counters (`sent`, `opened`, ...); read-only.
    pub stats: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignState {
    Draft,
    Live,
    Paused,
    Emptying,
}

impl CampaignState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Live => "live",
            Self::Paused => "paused",
            Self::Emptying => "emptying",
        }
    }

    /// A campaign that may still take in customers, so going live needs a choice.
    pub fn still_entering(self) -> bool {
        matches!(self, Self::Live | Self::Paused)
    }
}

/// What happens to the original campaign when the series goes live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GoLiveChoice {
    #[default]
    Undecided,
    /// The campaign empties; new customers enter the series instead.
    StopEntering,
    /// Both run; customers in both audiences may get duplicate messages.
    ContinueEntering,
}

impl GoLiveChoice {
    /// What happens to the campaign, in words: "the campaign stops taking customers".
    pub fn label(self) -> &'static str {
        match self {
            Self::Undecided => "not chosen yet",
            Self::StopEntering => "the campaign stops taking customers",
            Self::ContinueEntering => "the campaign keeps running too",
        }
    }
}

impl CampaignOrigin {
    /// The campaign's state as things stand: one that was still taking customers
    /// empties once its series has gone live with "stop entering".
    pub fn campaign_state_now(&self, series_went_live: bool) -> CampaignState {
        if series_went_live
            && self.go_live_choice == GoLiveChoice::StopEntering
            && self.campaign_state.still_entering()
        {
            CampaignState::Emptying
        } else {
            self.campaign_state
        }
    }

    /// Whether a rule block was a message's own rule in the campaign.
    pub fn is_message_rule(&self, id: BlockId) -> bool {
        self.messages.iter().any(|m| m.rule_block == id)
    }
}
