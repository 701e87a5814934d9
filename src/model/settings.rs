//! Series settings: exit rules, goal, disengagement, re-entry, time zone.

use serde::{Deserialize, Serialize};

use super::BlockId;
use super::filter::Filter;
use super::schedule::DEFAULT_TIME_ZONE;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Customers who match leave at once; a filter without conditions means no exit rules.
    pub exit_rules: Filter,
    pub goal: Option<Goal>,
    pub disengagement: Disengagement,
    pub reentry: Reentry,
    /// The IANA name of the time zone calendar days and times of day are read
    /// in ("Europe/Berlin"). Version-1 files have none: UTC.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            exit_rules: Filter::default(),
            goal: None,
            disengagement: Disengagement::default(),
            reentry: Reentry::default(),
            time_zone: default_time_zone(),
        }
    }
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_string()
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

impl Settings {
    /// "tagged churned", or "none".
    pub fn exit_rules_summary(&self, title: &dyn Fn(BlockId) -> Option<String>) -> String {
        if self.exit_rules.is_empty() {
            "none".into()
        } else {
            self.exit_rules.summary(title)
        }
    }
}

impl Goal {
    /// "did created_first_project within 14 days".
    pub fn summary(&self, title: &dyn Fn(BlockId) -> Option<String>) -> String {
        let window = match self.within_days {
            Some(1) => " within 1 day".to_string(),
            Some(d) if d > 0 => format!(" within {d} days"),
            _ => String::new(),
        };
        format!("{}{window}", self.rules.summary(title))
    }
}

impl Reentry {
    /// "only once", as the settings panel offers it.
    pub fn label(self) -> &'static str {
        match self {
            Reentry::Once => "only once",
            Reentry::AfterLeaving => "again, each time they match after leaving",
        }
    }
}

impl Disengagement {
    /// "after 30 days without a message", or "never".
    pub fn summary(self) -> String {
        match self {
            Disengagement::Never => "never".into(),
            Disengagement::AfterDays(1) => "after 1 day without a message".into(),
            Disengagement::AfterDays(n) => format!("after {n} days without a message"),
        }
    }
}
