//! Series settings: exit rules, goal, disengagement, re-entry.

use serde::{Deserialize, Serialize};

use super::filter::Filter;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Customers who match leave at once; a filter without conditions means no exit rules.
    pub exit_rules: Filter,
    pub goal: Option<Goal>,
    pub disengagement: Disengagement,
    pub reentry: Reentry,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub rules: Filter,
    /// Days after entry in which the goal counts; `None` or 0 is a mistake the check reports.
    pub within_days: Option<u32>,
    /// Whether customers who hit the goal leave the series.
    pub exit_on_goal: bool,
}

impl Default for Goal {
    fn default() -> Self {
        Goal {
            rules: Filter::default(),
            within_days: Some(14),
            exit_on_goal: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Disengagement {
    #[default]
    Never,
    /// Leave after this many days without receiving a message.
    AfterDays(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Reentry {
    /// A customer goes through the series once ever.
    #[default]
    Once,
    /// A customer may enter again after leaving.
    AfterLeaving,
}
