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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreviewTab {
    #[default]
    Customer,
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

/// The two-way choice at the top of the panel; the tab chosen, if another.
pub fn tabs(ui: &mut Ui, state: &PreviewState) -> Option<Action> {
    let mut chosen = None;
    ui.add_space(6.0);
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
