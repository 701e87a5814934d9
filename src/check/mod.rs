//! The go-live checks of `spec/go-live-checks.md`: what stops a series from going
//! live (errors) and what the marketer must confirm (warnings), each finding with
//! a stable code, the blocks it is about, a message in a marketer's words and,
//! where the remedy is plain, a quick fix that is an undoable [`crate::edit::Edit`].
//!
//! Where the spec leaves room, these checks decide:
//! - `unconnected-import`: a rule block that was a campaign message's own rule and
//!   is still an entry point (nothing leads into it).
//! - `everyone-enters` also fires for an entry point with no conditions, next to
//!   `empty-rule`; "type is user" may sit in nested `all`s or be one branch of an `any`.
//! - `rule-used-as-delay` needs N ≥ 1 days.
//! - `unknown-message` also looks at the exit rules and the goal.
//! - `engagement-not-yet-sent` leaves out rules no entry point reaches.
//! - `campaign-still-entering` fires on the choice alone, whatever the campaign's state.
//! - `wait-in-past`: a date strictly before `now` (both UTC).
//! - `empty-condition`: a name of only spaces is empty (as for `empty-tag`); a text
//!   value must be exactly empty, since "contains ' '" can mean something. One
//!   finding per condition.

mod fixes;
mod graph;
mod rules;

use chrono::NaiveDateTime;

use crate::model::{Block, BlockId, BlockKind, Series};
pub(crate) use crate::text::quote;

pub use fixes::{FixError, QuickFix};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The series cannot go live until it is fixed.
    Error,
    /// It can go live, but the marketer must confirm.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the CLI prints it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every code, with its severity, in the order of the spec (and of a report).
pub const CODES: [(&str, Severity); 24] = [
    ("no-entry-point", Severity::Error),
    ("too-many-entry-points", Severity::Error),
    ("unreachable-block", Severity::Error),
    ("empty-rule", Severity::Error),
    ("empty-content", Severity::Error),
    ("empty-tag", Severity::Error),
    ("wait-in-past", Severity::Error),
    ("loop-without-wait", Severity::Error),
    ("unknown-message", Severity::Error),
    ("goal-without-window", Severity::Error),
    ("campaign-choice-missing", Severity::Error),
    ("empty-condition", Severity::Error),
    ("split-percentages", Severity::Error),
    ("empty-send-window", Severity::Error),
    ("everyone-enters", Severity::Warning),
    ("unconnected-import", Severity::Warning),
    ("consecutive-rules", Severity::Warning),
    ("rule-used-as-delay", Severity::Warning),
    ("trailing-wait", Severity::Warning),
    ("engagement-not-yet-sent", Severity::Warning),
    ("no-goal", Severity::Warning),
    ("campaign-still-entering", Severity::Warning),
    ("too-many-blocks", Severity::Warning),
    ("split-branch-unconnected", Severity::Warning),
];

/// One problem found in one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    /// The blocks it is about, the main one first; may be empty.
    pub blocks: Vec<BlockId>,
    pub message: String,
    pub fix: Option<QuickFix>,
}

/// All findings: errors first, then warnings; within each, in the order of
/// [`CODES`], then by block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// No errors: the series may go live (warnings need a confirmation).
    pub fn ready(&self) -> bool {
        self.errors() == 0
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The findings with a code, in report order.
    pub fn with_code<'a, 'c>(
        &'a self,
        code: &'c str,
    ) -> impl Iterator<Item = &'a Finding> + use<'a, 'c> {
        self.findings.iter().filter(move |f| f.code == code)
    }

    /// "Ready to go live" or "Not ready: 2 errors, 3 warnings".
    pub fn headline(&self) -> String {
        let (errors, warnings) = (self.errors(), self.warnings());
        let count = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        if errors > 0 {
            format!(
                "Not ready: {}, {}",
                count(errors, "error"),
                count(warnings, "warning")
            )
        } else if warnings > 0 {
            format!(
                "Ready to go live, after confirming {}",
                count(warnings, "warning")
            )
        } else {
            "Ready to go live".into()
        }
    }
}

/// Runs every check. `now` (UTC) decides which wait-until dates are past.
pub fn check(series: &Series, now: NaiveDateTime) -> Report {
    let mut findings = rules::run(series, now);
    // Each rule adds in block order; the stable sort only puts codes in spec order.
    findings.sort_by_cached_key(|f| rank(f.code));
    Report { findings }
}

fn rank(code: &str) -> usize {
    CODES
        .iter()
        .position(|(c, _)| *c == code)
        .unwrap_or(CODES.len())
}

/// The severity the spec gives a code.
pub fn severity_of(code: &str) -> Option<Severity> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

/// How a message names a block, quoted ([`crate::text::quote`]): its title; for
/// untitled waits and tags, what they do ("'Wait 1 day'"); for untitled rules,
/// who they let in.
pub(crate) fn name_of(series: &Series, id: BlockId, block: &Block) -> String {
    let name = if !is_blank(&block.title) {
        block.title.trim().to_string()
    } else {
        match &block.kind {
            BlockKind::Wait(w) => w.summary(&series.settings.time_zone),
            BlockKind::Tag(t) => t.summary(),
            BlockKind::Rule(_) => format!("Rule: {}", series.block_summary(id)),
            BlockKind::Split(s) => format!("Split test {}", s.summary()),
            BlockKind::Content(_) | BlockKind::Note(_) => block.display_title(),
        }
    };
    quote(&name)
}

/// Empty or only spaces: what the marketer sees as nothing written.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Whether a block goes by what it does rather than by a title: then a message
/// also says where it is ("'Wait 1 day' after 'Welcome Email'").
pub(crate) fn is_untitled_step(block: &Block) -> bool {
    is_blank(&block.title) && matches!(block.kind, BlockKind::Wait(_) | BlockKind::Tag(_))
}
