//! The series: blocks, connections, settings and provenance. No egui here.

mod block;
mod filter;
mod limits;
mod origin;
mod schedule;
mod settings;
mod summary;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::quote;

pub use block::*;
pub use filter::*;
pub use limits::*;
pub use origin::*;
pub use schedule::*;
pub use settings::*;

/// A block's id: stable, and never reused inside a series, also after deletes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct BlockId(pub u64);

impl std::fmt::Display for BlockId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Draft,
    Live,
    Paused,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Live => "live",
            Status::Paused => "paused",
        }
    }
}

/// One output of one block: where an arrow starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Port {
    pub block: BlockId,
    pub output: Output,
}

/// An arrow: from an output of a block to another block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Connection {
    pub from: BlockId,
    pub output: Output,
    pub to: BlockId,
}

impl Connection {
    pub fn new(from: BlockId, output: Output, to: BlockId) -> Self {
        Connection { from, output, to }
    }

    pub fn port(&self) -> Port {
        Port {
            block: self.from,
            output: self.output,
        }
    }
}

/// Why a connection or a block set breaks the series' rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("there is no block {0} in the series")]
    MissingBlock(BlockId),
    #[error("block {0} already exists")]
    DuplicateId(BlockId),
    #[error("{} already has an arrow from its '{}' output", quote(title), output.label())]
    OutputTaken { title: String, output: Output },
    #[error("{} has no '{}' output", quote(title), output.label())]
    NoSuchOutput { title: String, output: Output },
    #[error("a block cannot connect to itself")]
    SelfConnection,
    #[error("a note is for the team, not on any path: arrows go between blocks")]
    ToNote,
    #[error("there is no arrow from {} '{}'", quote(title), output.label())]
    NoConnection { title: String, output: Output },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub status: Status,
    pub went_live_at: Option<DateTime<Utc>>,
    /// The id the next new block gets; only ever grows.
    pub next_id: u64,
    blocks: BTreeMap<BlockId, Block>,
    /// Keyed by the output the arrow leaves from: one arrow per output.
    connections: BTreeMap<Port, BlockId>,
    pub settings: Settings,
    pub origin: Option<CampaignOrigin>,
}

impl Default for Series {
    fn default() -> Self {
        Series::new("Untitled series")
    }
}

impl Series {
    pub fn new(name: impl Into<String>) -> Self {
        Series {
            name: name.into(),
            status: Status::Draft,
            went_live_at: None,
            next_id: 1,
            blocks: BTreeMap::new(),
            connections: BTreeMap::new(),
            settings: Settings::default(),
            origin: None,
        }
    }

    pub fn blocks(&self) -> &BTreeMap<BlockId, Block> {
        &self.blocks
    }

    pub fn block(&self, id: BlockId) -> Option<&Block> {
        self.blocks.get(&id)
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Every arrow, ordered by where it starts.
    pub fn connections(&self) -> impl Iterator<Item = Connection> + '_ {
        self.connections
            .iter()
            .map(|(p, to)| Connection::new(p.block, p.output, *to))
    }

    pub fn connection_count(&self) -> usize {
        self.connections.len()
    }

    /// Where the arrow from this output goes, if there is one.
    pub fn target(&self, from: BlockId, output: Output) -> Option<BlockId> {
        self.connections
            .get(&Port {
                block: from,
                output,
            })
            .copied()
    }

    /// Arrows leaving a block, in output order.
    pub fn outgoing(&self, id: BlockId) -> impl Iterator<Item = Connection> + '_ {
        let start = Port {
            block: id,
            output: Output::Match,
        };
        self.connections
            .range(start..)
            .take_while(move |(p, _)| p.block == id)
            .map(|(p, to)| Connection::new(p.block, p.output, *to))
    }

    /// Arrows arriving at a block. Linear in the number of arrows: for whole-series
    /// work, use [`Series::incoming_counts`] or build an index once.
    pub fn incoming(&self, id: BlockId) -> impl Iterator<Item = Connection> + '_ {
        self.connections().filter(move |c| c.to == id)
    }

    /// How many arrows arrive at each block.
    pub fn incoming_counts(&self) -> BTreeMap<BlockId, usize> {
        let mut counts: BTreeMap<BlockId, usize> = self.blocks.keys().map(|id| (*id, 0)).collect();
        for to in self.connections.values() {
            if let Some(n) = counts.get_mut(to) {
                *n += 1;
            }
        }
        counts
    }

    /// Rule blocks without an incoming arrow: where customers enter.
    pub fn entry_points(&self) -> Vec<BlockId> {
        self.incoming_counts()
            .into_iter()
            .filter(|(id, n)| {
                *n == 0 && matches!(self.blocks.get(id).map(Block::kind), Some(Kind::Rule))
            })
            .map(|(id, _)| id)
            .collect()
    }

    /// Whether customers enter at this block: a rule block with no arrow into it.
    /// For one block; for all of them, [`Series::entry_points`] is cheaper.
    pub fn is_entry_point(&self, id: BlockId) -> bool {
        self.blocks.get(&id).map(Block::kind) == Some(Kind::Rule)
            && self.connections.values().all(|to| *to != id)
    }

    /// A fresh id, never handed out before in this series.
    pub fn allocate_id(&mut self) -> BlockId {
        let id = BlockId(self.next_id);
        self.next_id += 1;
        id
    }

    /// `count` fresh ids.
    pub fn allocate_ids(&mut self, count: usize) -> Vec<BlockId> {
        (0..count).map(|_| self.allocate_id()).collect()
    }

    /// Adds a block under an id not in use. Keeps `next_id` past every id seen.
    pub fn insert_block(&mut self, id: BlockId, block: Block) -> Result<(), ModelError> {
        if self.blocks.contains_key(&id) {
            return Err(ModelError::DuplicateId(id));
        }
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        self.blocks.insert(id, block);
        Ok(())
    }

    /// Removes a block and every arrow to or from it; returns them for undo.
    pub fn remove_block(&mut self, id: BlockId) -> Result<(Block, Vec<Connection>), ModelError> {
        let block = self
            .blocks
            .remove(&id)
            .ok_or(ModelError::MissingBlock(id))?;
        let touching: Vec<Connection> = self
            .connections()
            .filter(|c| c.from == id || c.to == id)
            .collect();
        for c in &touching {
            self.connections.remove(&c.port());
        }
        Ok((block, touching))
    }

    pub fn block_mut(&mut self, id: BlockId) -> Result<&mut Block, ModelError> {
        self.blocks.get_mut(&id).ok_or(ModelError::MissingBlock(id))
    }

    /// Replaces a block's contents. Arrows from outputs it no longer has, and arrows
    /// into a block that becomes a note, are refused: remove them first.
    pub fn replace_block(&mut self, id: BlockId, block: Block) -> Result<Block, ModelError> {
        let current = self.blocks.get(&id).ok_or(ModelError::MissingBlock(id))?;
        if let Some(c) = self.outgoing(id).find(|c| !block.has_output(c.output)) {
            return Err(ModelError::NoSuchOutput {
                title: current.display_title(),
                output: c.output,
            });
        }
        // A note takes no arrows: remove those that arrive first.
        if block.kind() == Kind::Note && self.connections.values().any(|to| *to == id) {
            return Err(ModelError::ToNote);
        }
        Ok(std::mem::replace(self.block_mut(id)?, block))
    }

    /// Checks an arrow against the rules without adding it.
    pub fn can_connect(&self, c: Connection) -> Result<(), ModelError> {
        let from = self
            .blocks
            .get(&c.from)
            .ok_or(ModelError::MissingBlock(c.from))?;
        let to = self
            .blocks
            .get(&c.to)
            .ok_or(ModelError::MissingBlock(c.to))?;
        if to.kind() == Kind::Note {
            return Err(ModelError::ToNote);
        }
        if c.from == c.to {
            return Err(ModelError::SelfConnection);
        }
        if !from.has_output(c.output) {
            return Err(ModelError::NoSuchOutput {
                title: from.display_title(),
                output: c.output,
            });
        }
        if self.connections.contains_key(&c.port()) {
            return Err(ModelError::OutputTaken {
                title: from.display_title(),
                output: c.output,
            });
        }
        Ok(())
    }

    pub fn connect(&mut self, c: Connection) -> Result<(), ModelError> {
        self.can_connect(c)?;
        self.connections.insert(c.port(), c.to);
        Ok(())
    }

    /// Removes the arrow from an output; returns where it went.
    pub fn disconnect(&mut self, port: Port) -> Result<BlockId, ModelError> {
        self.connections
            .remove(&port)
            .ok_or_else(|| ModelError::NoConnection {
                title: self
                    .blocks
                    .get(&port.block)
                    .map(Block::display_title)
                    .unwrap_or_else(|| format!("block {}", port.block)),
                output: port.output,
            })
    }

    /// The display title of a block, for messages and engagement summaries.
    pub fn title_of(&self, id: BlockId) -> Option<String> {
        self.blocks.get(&id).map(Block::display_title)
    }

    /// One line about a block: its filter, its message, its wait or its tag.
    pub fn block_summary(&self, id: BlockId) -> String {
        match self.blocks.get(&id) {
            Some(b) => summary::block_summary(b, &|id| self.title_of(id), &self.settings.time_zone),
            None => String::new(),
        }
    }

    /// How many notes it holds; the rest are blocks on paths.
    pub fn note_count(&self) -> usize {
        self.blocks
            .values()
            .filter(|b| b.kind() == Kind::Note)
            .count()
    }

    /// "8 blocks", "8 blocks, 2 notes": notes are counted apart from blocks.
    pub fn size_in_words(&self) -> String {
        let notes = self.note_count();
        let blocks = crate::text::count(self.len() - notes, "block");
        match notes {
            0 => blocks,
            n => format!("{blocks}, {}", crate::text::count(n, "note")),
        }
    }

    /// Counts per kind, in `Kind::ALL` order.
    pub fn count_by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut counts: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
        for b in self.blocks.values() {
            *counts.entry(b.kind()).or_default() += 1;
        }
        counts
    }
}
