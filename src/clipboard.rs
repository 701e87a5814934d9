//! Copy and paste of blocks with the arrows between them, as RON text, so they travel
//! through the system clipboard between windows and files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::edit::Edit;
use crate::model::{Block, BlockId, Condition, Connection, Output, Pos, Series};

/// How far pasted and duplicated blocks land from their originals, so the copies are seen.
pub const PASTE_OFFSET: Pos = Pos { x: 40.0, y: 40.0 };

/// What is copied: blocks, and only the arrows that run between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clip {
    /// Marks the text as ours, so pasting someone's shopping list does nothing.
    series_builder_blocks: u32,
    blocks: Vec<(BlockId, Block)>,
    connections: Vec<(BlockId, Output, BlockId)>,
}

impl Clip {
    /// The selected blocks (in id order) and the arrows among them.
    pub fn copy(series: &Series, ids: &[BlockId]) -> Clip {
        let mut blocks: Vec<(BlockId, Block)> = ids
            .iter()
            .filter_map(|id| series.block(*id).map(|b| (*id, b.clone())))
            .collect();
        blocks.sort_by_key(|(id, _)| *id);
        blocks.dedup_by_key(|(id, _)| *id);
        let inside = |id: BlockId| blocks.binary_search_by_key(&id, |(i, _)| *i).is_ok();
        let connections = series
            .connections()
            .filter(|c| inside(c.from) && inside(c.to))
            .map(|c| (c.from, c.output, c.to))
            .collect();
        Clip {
            series_builder_blocks: 1,
            blocks,
            connections,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n".to_string())
            .struct_names(true);
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// Reads clipboard text; `None` when it holds no blocks of ours.
    pub fn from_text(text: &str) -> Option<Clip> {
        ron::from_str::<Clip>(text.trim())
            .ok()
            .filter(|c| c.series_builder_blocks == 1 && !c.is_empty())
    }

    /// The copied blocks, as they were.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().map(|(_, b)| b)
    }

    /// An edit that inserts the copied blocks under `ids` (fresh ones, one per
    /// block, in order), moved by `offset`, with their arrows; engagement
    /// conditions about copied blocks follow the copies.
    pub fn paste(&self, ids: &[BlockId], offset: Pos) -> Edit {
        let new_ids: BTreeMap<BlockId, BlockId> = self
            .blocks
            .iter()
            .zip(ids)
            .map(|((old, _), new)| (*old, *new))
            .collect();
        let blocks: Vec<(BlockId, Block)> = self
            .blocks
            .iter()
            .filter_map(|(old, block)| {
                let id = *new_ids.get(old)?;
                let mut block = block.clone();
                block.pos = Pos::new(block.pos.x + offset.x, block.pos.y + offset.y);
                if let crate::model::BlockKind::Rule(rule) = &mut block.kind {
                    rule.filter.visit_mut(&mut |c| {
                        if let Condition::Engagement { block, .. } = c
                            && let Some(new) = new_ids.get(block)
                        {
                            *block = *new;
                        }
                    });
                }
                Some((id, block))
            })
            .collect();
        let connections = self
            .connections
            .iter()
            .filter_map(|(from, output, to)| {
                Some(Connection::new(
                    *new_ids.get(from)?,
                    *output,
                    *new_ids.get(to)?,
                ))
            })
            .collect();
        Edit::Insert {
            blocks,
            connections,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn paste_gives_new_ids_keeps_inner_arrows_and_moves_engagement() {
        let mut s = Series::new("t");
        let chat = s.allocate_id();
        let rule = s.allocate_id();
        let other = s.allocate_id();
        s.insert_block(chat, Block::new_of_kind(Kind::Content, Pos::default()))
            .unwrap();
        let mut r = Block::new_of_kind(Kind::Rule, Pos::new(0.0, 150.0));
        if let BlockKind::Rule(rb) = &mut r.kind {
            rb.filter = Filter::Condition(Condition::Engagement {
                block: chat,
                op: EngagementOp::NotReceived,
            });
        }
        s.insert_block(rule, r).unwrap();
        s.insert_block(other, Block::new_of_kind(Kind::Wait, Pos::default()))
            .unwrap();
        s.connect(Connection::new(chat, Output::Sent, rule))
            .unwrap();
        s.connect(Connection::new(rule, Output::Match, other))
            .unwrap();

        let clip = Clip::from_text(&Clip::copy(&s, &[rule, chat]).to_text()).unwrap();
        let ids = s.allocate_ids(clip.len());
        assert_eq!(ids, vec![BlockId(4), BlockId(5)]);
        clip.paste(&ids, Pos::new(40.0, 40.0))
            .apply(&mut s)
            .unwrap();
        assert_eq!(s.target(BlockId(4), Output::Sent), Some(BlockId(5)));
        assert_eq!(
            s.target(BlockId(5), Output::Match),
            None,
            "arrows leaving the copy stay behind"
        );
        let pasted_rule = s.block(BlockId(5)).unwrap().as_rule().unwrap();
        assert_eq!(pasted_rule.filter.engagement_blocks(), vec![BlockId(4)]);
        assert_eq!(s.block(BlockId(5)).unwrap().pos, Pos::new(40.0, 190.0));
    }

    #[test]
    fn other_text_is_not_a_clip() {
        assert!(Clip::from_text("milk, eggs").is_none());
        assert!(Clip::from_text("").is_none());
    }
}
