//! The panels around the canvas: the block palette, the side panel (block
//! editors, filter editor, series settings, checklist) and the Preview panel
//! (a test customer's way through the series). They read the series and
//! hand back intents; the app carries them out.

pub mod audience;
pub mod block_editor;
pub mod changes;
pub mod checklist;
pub mod customer_form;
pub mod filter_editor;
pub mod inspector;
pub mod palette;
pub mod preview;
pub mod schedule;
pub mod settings;
pub mod test_customer;
pub mod widgets;
