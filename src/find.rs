//! Find: which blocks mention some words, in their title, an email's subject, a
//! message's body, a rule's conditions ("plan is pro"), a tag, a wait or a
//! split test's shares, as the card and the inspector word them, and which
//! notes do, anywhere in their text. No egui here.
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
        // All of a note, not only the first line its summary shows.
        BlockKind::Note(n) => {
            text.push('\n');
            text.push_str(&n.text);
        }
        BlockKind::Rule(_) | BlockKind::Wait(_) | BlockKind::Split(_) => {}
    }
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Kind, Pos};

    #[test]
    fn a_marketer_finds_their_note_by_any_line_of_it() {
        let mut series = Series::new("Notes");
        let mut note = Block::new_of_kind(Kind::Note, Pos::new(0.0, 0.0));
        if let BlockKind::Note(n) = &mut note.kind {
            n.text = "Ask legal first\nabout the Discount wording".into();
        }
        let id = series.allocate_id();
        series.insert_block(id, note).unwrap();
        let split = series.allocate_id();
        let at = Pos::new(0.0, 300.0);
        series
            .insert_block(split, Block::new_of_kind(Kind::Split, at))
            .unwrap();
        // A word from the second line, which the card's summary does not show.
        assert_eq!(matches(&series, "discount"), vec![id]);
        assert_eq!(matches(&series, "legal wording"), vec![id]);
        assert_eq!(matches(&series, "pricing"), Vec::<BlockId>::new());
        // A split test by its shares, as its card says them.
        assert_eq!(matches(&series, "b 50%"), vec![split]);
    }
}
