//! The panels around the canvas: the block palette and the side panel (block
//! editors, filter editor, series settings). They read the series and return edits.

pub mod block_editor;
pub mod checklist;
pub mod filter_editor;
pub mod inspector;
pub mod palette;
pub mod settings;
pub mod widgets;

use crate::app::Action;
use crate::edit::{Edit, MergeKey};

/// What a panel asks for this frame.
#[derive(Default)]
pub struct PanelOutput {
    pub edits: Vec<(Edit, Option<MergeKey>)>,
    pub actions: Vec<Action>,
}
