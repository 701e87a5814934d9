//! One-line summaries of blocks, as cards and lists show them.

use super::{Block, BlockId, BlockKind, ContentType, RuleTiming};

/// `zone` is the series' time zone, which names a series' clock.
pub(super) fn block_summary(
    block: &Block,
    title: &dyn Fn(BlockId) -> Option<String>,
    zone: &str,
) -> String {
    match &block.kind {
        BlockKind::Rule(rule) => {
            let who = rule.filter.summary(title);
            match rule.timing {
                RuleTiming::Once => who,
                RuleTiming::For(span) => format!("{who} (waits up to {span})"),
            }
        }
        // An email is known by its subject, which says more than its title.
        BlockKind::Content(c)
            if c.content_type == ContentType::Email && !c.subject.trim().is_empty() =>
        {
            format!("Email: {}", c.subject)
        }
        BlockKind::Content(c) => format!("{}: {}", c.content_type.label(), block.display_title()),
        BlockKind::Wait(w) => w.summary(zone),
        BlockKind::Tag(t) => t.summary(),
        BlockKind::Split(split) => split.summary(),
        // Its first line: the note says the rest on the canvas.
        BlockKind::Note(note) => match note.text.lines().find(|l| !l.trim().is_empty()) {
            Some(line) => line.trim().to_string(),
            None => "(an empty note)".into(),
        },
    }
}
