//! The Preview panel beside the editors (Series → Preview, or the Preview
//! button at the right of the menu bar): try the series before customers see
//! it, with one test customer or with a whole audience. At its top a two-way
//! selector; under it the chosen tab.

use egui::Ui;

/// Whether the panel is open, and on which tab. The app keeps it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

/// The panel's heading and the tab selector; the caller draws the tab below.
pub fn header(ui: &mut Ui, state: &mut PreviewState) {
    ui.add_space(6.0);
    ui.heading("Preview");
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for tab in PreviewTab::ALL {
            ui.selectable_value(&mut state.tab, tab, tab.label());
        }
    });
    ui.separator();
}
