//! The Preview panel beside the editors (Series → Preview, or the Preview
//! button at the right of the menu bar): at its top a choice of **Test
//! customer** (one customer's way through the series) or **Audience** (a
//! whole customers file's figures); below it, the chosen tab.

use egui::Ui;

use crate::action::Action;

/// Whether the panel is shown, and which tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PreviewState {
    pub open: bool,
    pub tab: PreviewTab,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PreviewTab {
    /// One test customer's way through the series.
    #[default]
    Customer,
    /// A customers file or a sample audience, with figures on the canvas.
    Audience,
}

impl PreviewTab {
    pub const ALL: [PreviewTab; 2] = [PreviewTab::Customer, PreviewTab::Audience];

    pub fn label(self) -> &'static str {
        match self {
            PreviewTab::Customer => "Test customer",
            PreviewTab::Audience => "Audience",
        }
    }
}

/// The panel's heading and its two-way choice; the tab chosen, if another.
/// The caller draws the tab below.
pub fn tabs(ui: &mut Ui, state: &PreviewState) -> Option<Action> {
    let mut chosen = None;
    ui.add_space(6.0);
    ui.heading("Preview");
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for tab in PreviewTab::ALL {
            if ui.selectable_label(state.tab == tab, tab.label()).clicked() && state.tab != tab {
                chosen = Some(Action::PreviewTab(tab));
            }
        }
    });
    ui.separator();
    chosen
}
