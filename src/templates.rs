//! Series a marketer starts from (File → New from Template…): each complete,
//! connected and ready to go live. The files in `assets/templates/` are written
//! by `cargo run --example write_templates` and built into the program.

use crate::file::{self, FileError};
use crate::model::Series;

/// A series to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The series' name, as a chooser lists it.
    pub name: &'static str,
    /// One line on what it does, for the chooser.
    pub description: &'static str,
    source: &'static str,
}

impl Template {
    /// A fresh copy of the series, a draft for the marketer to make their own.
    /// An error here is a broken build (the tests load every template).
    pub fn series(&self) -> Result<Series, FileError> {
        file::from_str(self.source)
    }
}

/// Every template, in the order a chooser shows them: the customer's life from
/// sign-up to support.
pub const TEMPLATES: [Template; 5] = [
    Template {
        name: "Onboarding",
        description: "Welcome new users, then offer help to those the welcome chat doesn't reach.",
        source: include_str!("../assets/templates/onboarding.ron"),
    },
    Template {
        name: "Trial conversion",
        description: "Get trial users to a first win, then remind those still on trial before it ends.",
        source: include_str!("../assets/templates/trial-conversion.ron"),
    },
    Template {
        name: "Feature adoption: reports",
        description: "Show active customers a feature they haven't tried, and offer help to those who still don't.",
        source: include_str!("../assets/templates/feature-adoption.ron"),
    },
    Template {
        name: "Win back quiet customers",
        description: "Reach customers not seen for 30 days, and tag those who stay away.",
        source: include_str!("../assets/templates/win-back.ron"),
    },
    Template {
        name: "Feedback after support",
        description: "Ask for a rating after a support conversation: a review from the happy, a follow-up for the rest.",
        source: include_str!("../assets/templates/support-feedback.ron"),
    },
];
