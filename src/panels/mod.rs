//! The panels around the canvas: the block palette and the side panel (block
//! editors, filter editor, series settings, checklist). They read the series and
//! hand back intents; the app carries them out.

pub mod block_editor;
pub mod changes;
pub mod checklist;
pub mod filter_editor;
pub mod inspector;
pub mod palette;
pub mod schedule;
pub mod settings;
pub mod widgets;
