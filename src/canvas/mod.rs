//! The block canvas: cards joined by arrows, drawn by us on egui.
//!
//! The canvas never changes the series. It turns what the user does into
//! [`Intent`]s in [`CanvasOutput::intents`]: edits for what only the canvas
//! does (moving, connecting), and the app's own actions for what can be done
//! elsewhere too (adding, duplicating, deleting), which the app carries out.
//!
//! One drag is one undo step: every frame of a drag emits an `Edit::Move` with
//! the same [`MergeKey`](crate::edit::MergeKey), and an [`Intent::EndGesture`]
//! on release seals the step. Arrow-key nudges share one key, so a run of
//! nudges is one step until something else seals it.
//!
//! It is the hot path, so it keeps its scratch buffers in [`CanvasState`], paints
//! only what is inside the viewport, batches arrows and far-away cards into one
//! mesh each, and draws text only when it is large enough to read. Levels of
//! detail, by zoom: readable cards while their title is at least 7 points
//! (from 48 %; summary and output labels from 50 %); below that, up to 300
//! cards on screen are rounded shapes with a small fixed-size title (from
//! 30 %), more are flat tinted quads. Zoom goes down to 0.5 %, so 10,000
//! blocks fit in a window. Cards and arrows in canvas units, readable cards'
//! laid-out text and the minimap are kept between frames, keyed by the
//! document's revision ([`Decor::revision`]); a frame that only pans or zooms
//! culls two flat lists. Text goes through egui's galley cache too, with font
//! sizes in half-point steps so a zoom level reuses its galleys. Readable
//! cards' shapes go into one mesh of our own under their text.
//!
//! Accessibility: every block on screen gets an AccessKit node labelled with its
//! title, up to [`ACCESS_LIMIT`] blocks per frame (the rest of a huge zoomed-out
//! series is reachable by zooming in). Nodes cost nothing while AccessKit is off.

mod access;
mod card;
mod diff_marks;
mod figures;
mod interact;
mod layout;
mod lit_path;
mod menu;
mod mesh;
mod minimap;
mod note;
mod paint;
mod picture;
pub mod style;
mod view;

use std::collections::{BTreeMap, BTreeSet};

use crate::action::Intent;
use crate::model::{BlockId, Kind, Port, Series};

pub use access::ACCESS_LIMIT;
pub use diff_marks::{DiffMarks, DiffPalette, Ghost};
pub use figures::{FigureLine, FigurePalette, Figures, Source};
pub use layout::{CARD_WIDTH, GRID, card_rect, snap};
pub use lit_path::{LitPalette, LitPath};
pub use picture::picture;
pub use view::{READABLE_ZOOM, View, ViewRequest, ZOOM_MAX, ZOOM_MIN};

/// A note drawn on a block's card: an error, a warning, or a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warning,
    Info,
}

impl Badge {
    pub fn new(text: impl Into<String>, tone: Tone) -> Self {
        Badge {
            text: text.into(),
            tone,
        }
    }
}

/// Badges per block, drawn at the top right of its card.
pub type Badges = BTreeMap<BlockId, Vec<Badge>>;

/// What is selected on the canvas. The app may set it (e.g. to show the blocks
/// a go-live finding is about).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub blocks: BTreeSet<BlockId>,
    /// Arrows, named by the output they leave from.
    pub connections: BTreeSet<Port>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.connections.is_empty()
    }

    pub fn clear(&mut self) {
        self.blocks.clear();
        self.connections.clear();
    }

    /// Selects exactly these blocks.
    pub fn set_blocks(&mut self, blocks: impl IntoIterator<Item = BlockId>) {
        self.clear();
        self.blocks.extend(blocks);
    }

    /// Forgets blocks and arrows the series no longer has (after undo, say).
    pub fn retain_existing(&mut self, series: &Series) {
        self.blocks.retain(|id| series.block(*id).is_some());
        self.connections
            .retain(|p| series.target(p.block, p.output).is_some());
    }
}

/// What the app draws over the series: everything the canvas shows that is
/// not the series itself.
pub struct Decor<'a> {
    /// Findings of the go-live check, per block.
    pub badges: &'a Badges,
    /// Blocks the Find bar matches, ringed on the canvas and the minimap.
    pub found: &'a BTreeSet<BlockId>,
    /// The match the Find bar is on, ringed more strongly.
    pub current: Option<BlockId>,
    /// Whether to show the minimap; `None`: when the series spans more than
    /// a few screens at 100 %.
    pub minimap: Option<bool>,
    /// The document's revision, which must change whenever the series does:
    /// what is worked out from the series alone (cards and arrows in canvas
    /// units, cards' text, the minimap) is kept between frames while it stays
    /// the same.
    pub revision: u64,
    /// A comparison with another version of the series: what changed, and
    /// ghosts of what went.
    pub diff: Option<&'a DiffMarks>,
    /// A test customer's way through the series: lit, the rest dimmed.
    pub lit: Option<&'a LitPath>,
    /// A simulated audience's figures and a campaign's history: under the
    /// cards, and as the arrows' widths.
    pub figures: Option<&'a Figures>,
}

/// No blocks: for a [`Decor`] with nothing found.
pub static NOTHING_FOUND: BTreeSet<BlockId> = BTreeSet::new();

impl<'a> Decor<'a> {
    /// Only the badges: nothing found, the minimap as the series' size says,
    /// no comparison, no preview.
    pub fn new(badges: &'a Badges, revision: u64) -> Self {
        Decor {
            badges,
            found: &NOTHING_FOUND,
            current: None,
            minimap: None,
            revision,
            diff: None,
            lit: None,
            figures: None,
        }
    }
}

/// The canvas state the app keeps between frames (not in egui's memory, so the
/// app can read and set the view and the selection).
#[derive(Debug, Default)]
pub struct CanvasState {
    pub view: View,
    pub selection: Selection,
    /// Dragged and new blocks land on a grid of [`GRID`] units.
    pub snap_to_grid: bool,
    requests: Vec<ViewRequest>,
    gesture: interact::Gesture,
    menu: Option<menu::CreateMenu>,
    /// What the open context menu is about.
    context: Option<menu::ContextTarget>,
    drag_serial: u64,
    scratch: layout::Scratch,
    paint: paint::Buffers,
    minimap: minimap::Minimap,
}

impl CanvasState {
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the view at the next [`show`], which knows the viewport's size.
    pub fn request(&mut self, r: ViewRequest) {
        self.requests.push(r);
    }

    /// Forgets what was worked out from the series (cards, arrows, text),
    /// for a series that changed without a new revision.
    pub fn forget_series(&mut self) {
        self.scratch.forget();
        self.paint.texts.forget();
    }

    /// Whether a drag, connection or selection rectangle is under way.
    pub fn is_busy(&self) -> bool {
        !matches!(self.gesture, interact::Gesture::Idle)
    }

    /// Whether the minimap was shown in the last frame.
    pub fn minimap_shown(&self) -> bool {
        self.minimap.shown
    }
}

/// What happened on the canvas this frame.
pub struct CanvasOutput {
    /// What to carry out, in order.
    pub intents: Vec<Intent>,
    pub response: egui::Response,
}

/// Shows the series on the canvas, filling the space left in `ui`.
pub fn show(
    ui: &mut egui::Ui,
    series: &Series,
    state: &mut CanvasState,
    decor: &Decor,
) -> CanvasOutput {
    let viewport = ui.available_rect_before_wrap();
    let id = ui.make_persistent_id("series_canvas");
    let response = ui.interact(viewport, id, egui::Sense::click_and_drag());
    ui.advance_cursor_after_rect(viewport);

    let mut out = interact::Output::default();
    interact::apply_view_requests(state, series, viewport);
    interact::pan_and_zoom(ui, &response, state, viewport);
    interact::track(ui, state, viewport);
    layout::place(series, state, viewport, decor.revision);
    access::take_clicks(ui.ctx(), id, state);
    interact::handle(ui, &response, series, state, &mut out);
    paint::paint(ui, &response, series, state, decor);
    minimap::show(ui, id, state, decor);
    access::expose(ui.ctx(), id, series, state);
    menu::show(ui, &response, series, state, &mut out);

    CanvasOutput {
        intents: out.intents,
        response,
    }
}

/// What a marketer calls a kind, on menus and in descriptions.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Rule => "Rule",
        Kind::Content => "Content",
        Kind::Wait => "Wait",
        Kind::Tag => "Tag",
        Kind::Split => "Split test",
        Kind::Note => "Note",
    }
}
