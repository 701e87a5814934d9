//! One-line summaries of blocks, as cards and lists show them.

use super::{Block, BlockId, BlockKind, RuleTiming};

pub(super) fn block_summary(block: &Block, title: &dyn Fn(BlockId) -> Option<String>) -> String {
    match &block.kind {
        BlockKind::Rule(rule) => {
            let who = rule.filter.summary(title);
            match rule.timing {
                RuleTiming::Once => who,
                RuleTiming::For(span) => format!("{who} (waits up to {span})"),
            }
        }
        BlockKind::Content(c) => format!("{}: {}", c.content_type.label(), block.display_title()),
        BlockKind::Wait(w) => w.summary(),
        BlockKind::Tag(t) => t.summary(),
    }
}
