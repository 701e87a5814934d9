//! Every change to a series is an [`Edit`]: applying one returns its inverse, so undo
//! and redo replay edits, and the dirty flag, autosave and tests see the same changes.

use crate::model::{
    Block, BlockId, Connection, GoLiveChoice, ModelError, Port, Pos, Series, Settings, Status,
    validate_status,
};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Adds blocks under ids not in use, then arrows (between any blocks).
    Insert {
        blocks: Vec<(BlockId, Block)>,
        connections: Vec<Connection>,
    },
    /// Removes arrows, then blocks together with every arrow still touching them.
    Remove {
        blocks: Vec<BlockId>,
        connections: Vec<Port>,
    },
    /// Puts blocks at new positions.
    Move(Vec<(BlockId, Pos)>),
    /// Replaces a block's contents (title, kind, settings, position).
    Replace {
        id: BlockId,
        block: Block,
    },
    Rename(String),
    Settings(Settings),
    Status {
        status: Status,
        went_live_at: Option<DateTime<Utc>>,
    },
    /// What happens to the original campaign when the series goes live.
    GoLiveChoice(GoLiveChoice),
    /// Several edits as one: all apply or none.
    Batch(Vec<Edit>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("this series was not imported from a campaign")]
    NotImported,
    /// Something no series may hold ([`crate::model::Invalid`]): refused, so every
    /// series edits make can be saved and read back.
    #[error("{0}")]
    Invalid(String),
}

impl Edit {
    pub fn connect(c: Connection) -> Edit {
        Edit::Insert {
            blocks: Vec::new(),
            connections: vec![c],
        }
    }

    pub fn disconnect(port: Port) -> Edit {
        Edit::Remove {
            blocks: Vec::new(),
            connections: vec![port],
        }
    }

    pub fn add_block(id: BlockId, block: Block) -> Edit {
        Edit::Insert {
            blocks: vec![(id, block)],
            connections: Vec::new(),
        }
    }

    /// Replaces a block, first removing arrows from outputs the new contents lack
    /// (turning off a "no match" branch removes its arrow, in the same undo step).
    pub fn change_block(series: &Series, id: BlockId, block: Block) -> Edit {
        let mut dropped: Vec<Port> = series
            .outgoing(id)
            .filter(|c| !block.has_output(c.output))
            .map(|c| c.port())
            .collect();
        // A block that becomes a note (only a hand edit does that) loses the
        // arrows into it too: a note is on no path.
        if block.kind() == crate::model::Kind::Note {
            dropped.extend(series.incoming(id).map(|c| c.port()));
        }
        let replace = Edit::Replace { id, block };
        if dropped.is_empty() {
            replace
        } else {
            Edit::Batch(vec![Edit::disconnect_all(dropped), replace])
        }
    }

    fn disconnect_all(ports: Vec<Port>) -> Edit {
        Edit::Remove {
            blocks: Vec::new(),
            connections: ports,
        }
    }

    /// Applies the edit; on success returns the edit that undoes it. On failure the
    /// series is as it was.
    pub fn apply(self, series: &mut Series) -> Result<Edit, EditError> {
        match self {
            Edit::Insert {
                blocks,
                connections,
            } => insert(series, blocks, connections),
            Edit::Remove {
                blocks,
                connections,
            } => remove(series, blocks, connections),
            Edit::Move(moves) => {
                let mut old = Vec::with_capacity(moves.len());
                for (id, pos) in &moves {
                    let block = series.block(*id).ok_or(ModelError::MissingBlock(*id))?;
                    // A block dragged past the edge of the canvas stops there.
                    pos.onto_canvas()
                        .validate()
                        .map_err(|e| EditError::Invalid(block.problem(*id, &e)))?;
                    old.push((*id, block.pos));
                }
                for (id, pos) in moves {
                    series.block_mut(id)?.pos = pos.onto_canvas();
                }
                Ok(Edit::Move(old))
            }
            Edit::Replace { id, block } => {
                block.validate_as(id).map_err(EditError::Invalid)?;
                let old = series.replace_block(id, block)?;
                Ok(Edit::Replace { id, block: old })
            }
            Edit::Rename(name) => Ok(Edit::Rename(std::mem::replace(&mut series.name, name))),
            Edit::Settings(settings) => {
                settings
                    .validate()
                    .map_err(|(what, e)| EditError::Invalid(format!("{what}: {e}")))?;
                Ok(Edit::Settings(std::mem::replace(
                    &mut series.settings,
                    settings,
                )))
            }
            Edit::Status {
                status,
                went_live_at,
            } => {
                validate_status(status, went_live_at)
                    .map_err(|e| EditError::Invalid(e.to_string()))?;
                Ok(Edit::Status {
                    status: std::mem::replace(&mut series.status, status),
                    went_live_at: std::mem::replace(&mut series.went_live_at, went_live_at),
                })
            }
            Edit::GoLiveChoice(choice) => {
                let origin = series.origin.as_mut().ok_or(EditError::NotImported)?;
                Ok(Edit::GoLiveChoice(std::mem::replace(
                    &mut origin.go_live_choice,
                    choice,
                )))
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(series) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            rollback(series, inverses);
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// This edit followed by `next`, as one edit. Two changes of the same thing
    /// keep only the later one, so a long run of typing stays small.
    fn then(self, next: Edit) -> Edit {
        match (self, next) {
            (Edit::Replace { id: a, .. }, Edit::Replace { id: b, block }) if a == b => {
                Edit::Replace { id: b, block }
            }
            (Edit::Move(a), Edit::Move(b)) if same_blocks(&a, &b) => Edit::Move(b),
            (Edit::Rename(_), Edit::Rename(b)) => Edit::Rename(b),
            (Edit::Settings(_), Edit::Settings(b)) => Edit::Settings(b),
            (first, next) => Edit::Batch(vec![first, next]),
        }
    }

    /// Whether `then` keeps only the later edit for this pair.
    fn supersedes(&self, earlier: &Edit) -> bool {
        match (earlier, self) {
            (Edit::Replace { id: a, .. }, Edit::Replace { id: b, .. }) => a == b,
            (Edit::Move(a), Edit::Move(b)) => same_blocks(a, b),
            (Edit::Rename(_), Edit::Rename(_)) | (Edit::Settings(_), Edit::Settings(_)) => true,
            _ => false,
        }
    }
}

fn same_blocks(a: &[(BlockId, Pos)], b: &[(BlockId, Pos)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0)
}

fn rollback(series: &mut Series, inverses: Vec<Edit>) {
    for inverse in inverses.into_iter().rev() {
        // An inverse of an edit that just applied always applies.
        let _ = inverse.apply(series);
    }
}

fn insert(
    series: &mut Series,
    blocks: Vec<(BlockId, Block)>,
    connections: Vec<Connection>,
) -> Result<Edit, EditError> {
    let mut added = Vec::with_capacity(blocks.len());
    let undo_blocks = |series: &mut Series, added: &[BlockId]| {
        for id in added {
            let _ = series.remove_block(*id);
        }
    };
    for (id, block) in blocks {
        if let Err(e) = block.validate_as(id) {
            undo_blocks(series, &added);
            return Err(EditError::Invalid(e));
        }
        if let Err(e) = series.insert_block(id, block) {
            undo_blocks(series, &added);
            return Err(e.into());
        }
        added.push(id);
    }
    let mut ports = Vec::with_capacity(connections.len());
    for c in connections {
        if let Err(e) = series.connect(c) {
            for p in &ports {
                let _ = series.disconnect(*p);
            }
            undo_blocks(series, &added);
            return Err(e.into());
        }
        ports.push(c.port());
    }
    Ok(Edit::Remove {
        blocks: added,
        connections: ports,
    })
}

fn remove(series: &mut Series, blocks: Vec<BlockId>, ports: Vec<Port>) -> Result<Edit, EditError> {
    // Check first, so a refused edit changes nothing.
    for id in &blocks {
        if series.block(*id).is_none() {
            return Err(ModelError::MissingBlock(*id).into());
        }
    }
    for (i, p) in ports.iter().enumerate() {
        if series.target(p.block, p.output).is_none() || ports[..i].contains(p) {
            return Err(ModelError::NoConnection {
                title: series
                    .title_of(p.block)
                    .unwrap_or_else(|| format!("block {}", p.block)),
                output: p.output,
            }
            .into());
        }
    }
    let mut removed_connections = Vec::new();
    for p in ports {
        let to = series.disconnect(p)?;
        removed_connections.push(Connection::new(p.block, p.output, to));
    }
    let mut removed_blocks = Vec::with_capacity(blocks.len());
    for id in blocks {
        let (block, touching) = series.remove_block(id)?;
        removed_blocks.push((id, block));
        removed_connections.extend(touching);
    }
    Ok(Edit::Insert {
        blocks: removed_blocks,
        connections: removed_connections,
    })
}

/// Groups edits that belong to one gesture (typing in one field, one drag) into
/// one undo step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeKey(pub String);

impl MergeKey {
    pub fn new(key: impl Into<String>) -> Self {
        MergeKey(key.into())
    }
}

#[derive(Debug, Clone)]
struct Step {
    forward: Edit,
    inverse: Edit,
    key: Option<MergeKey>,
    serial: u64,
}

/// Undo and redo, bounded.
#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    limit: usize,
    /// Whether the top step may still take edits with the same key.
    open: bool,
    next_serial: u64,
}

impl Default for History {
    fn default() -> Self {
        History::new(500)
    }
}

impl History {
    pub fn new(limit: usize) -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            open: false,
            next_serial: 1,
        }
    }

    /// Applies an edit and records it. Edits with the same key as the open step
    /// join it, until [`History::seal`].
    pub fn apply(
        &mut self,
        series: &mut Series,
        edit: Edit,
        key: Option<MergeKey>,
    ) -> Result<(), EditError> {
        let inverse = edit.clone().apply(series)?;
        let serial = self.next_serial;
        self.next_serial += 1;
        self.redo.clear();
        let joins =
            self.open && key.is_some() && self.undo.last().is_some_and(|top| top.key == key);
        match self.undo.pop() {
            Some(top) if joins => {
                let inverse = if edit.supersedes(&top.forward) {
                    top.inverse
                } else {
                    Edit::Batch(vec![inverse, top.inverse])
                };
                self.undo.push(Step {
                    forward: top.forward.then(edit),
                    inverse,
                    key,
                    serial,
                });
            }
            top => {
                self.undo.extend(top);
                self.undo.push(Step {
                    forward: edit,
                    inverse,
                    key,
                    serial,
                });
                if self.undo.len() > self.limit {
                    self.undo.remove(0);
                }
            }
        }
        self.open = true;
        Ok(())
    }

    /// Ends the current gesture: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.open = false;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes one step; false when there is nothing to undo.
    pub fn undo(&mut self, series: &mut Series) -> Result<bool, EditError> {
        self.open = false;
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        match step.inverse.clone().apply(series) {
            Ok(_) => {
                self.redo.push(step);
                Ok(true)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes one step; false when there is nothing to redo.
    pub fn redo(&mut self, series: &mut Series) -> Result<bool, EditError> {
        self.open = false;
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match step.forward.clone().apply(series) {
            Ok(_) => {
                self.undo.push(step);
                Ok(true)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Identifies the state the series is in: equal after undo and redo come back
    /// to it, so "unsaved" is `state_id() != saved_state_id`.
    pub fn state_id(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }

    /// Forgets everything, as after opening another series.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.open = false;
    }
}
