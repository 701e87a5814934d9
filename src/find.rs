//! Find: which blocks mention some words, in their title, an email's subject, a
//! message's body, a rule's conditions ("plan is pro"), a tag or a wait, as the
//! card and the inspector word them. No egui here.
//!
//! Every word of the query must appear (in any of those, in any order, any
//! case): "welcome email" finds the email titled "Welcome" whose subject says
//! nothing of it only if both words are somewhere on the block. Matches come in
//! reading order, top to bottom, then left to right, so Find Next walks the
//! canvas as a marketer reads it.

use crate::model::{BlockId, BlockKind, Series};

/// The blocks that match every word of `query`, in reading order; none for an
/// empty query.
pub fn matches(series: &Series, query: &str) -> Vec<BlockId> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(f32, f32, BlockId)> = series
        .blocks()
        .iter()
        .filter(|(id, _)| {
            let text = searchable(series, **id);
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .map(|(id, b)| (b.pos.y, b.pos.x, *id))
        .collect();
    found.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    found.into_iter().map(|(_, _, id)| id).collect()
}

/// Everything a block says, lower-cased, one field per line.
fn searchable(series: &Series, id: BlockId) -> String {
    let Some(block) = series.block(id) else {
        return String::new();
    };
    let mut text = format!(
        "{}\n{}\n{}",
        block.title,
        block.display_title(),
        series.block_summary(id)
    );
    match &block.kind {
        BlockKind::Content(c) => {
            text.push('\n');
            text.push_str(&c.subject);
            text.push('\n');
            text.push_str(&c.body);
        }
        BlockKind::Tag(t) => {
            text.push('\n');
            text.push_str(&t.tag);
        }
        BlockKind::Rule(_) | BlockKind::Wait(_) => {}
    }
    text.to_lowercase()
}
