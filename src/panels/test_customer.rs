//! The Preview panel's Test customer tab: choose a test customer of the series
//! (or a customer of a customers file), edit them in a small form, and read
//! their timeline: every step with its day and time, its block, what happened
//! and why. Clicking a step shows its block on the canvas. Changes to test
//! customers are edits of the series; everything else is an action.

use egui::{RichText, Sense, Ui};

use super::customer_form::{self, FormContext, Suggestions};
use super::widgets::{self, merge_key};
use crate::action::{Action, Intent};
use crate::app::timeline::{Row, Timeline, Tone};
use crate::app::{CustomersList, Tried};
use crate::edit::Edit;
use crate::model::{MAX_PREVIEW_DAYS, Series, TestCustomer, TestCustomers};

/// What the tab shows.
pub struct Tab<'a> {
    pub series: &'a Series,
    /// The series' test customers, or none yet (tried from today).
    pub tests: &'a TestCustomers,
    pub tried: Tried,
    pub file: Option<&'a CustomersList>,
    /// The customers file being read, if one is.
    pub loading: Option<String>,
    pub timeline: Option<&'a Timeline>,
    pub suggestions: &'a Suggestions,
    /// Why test customers can't be changed now (a live series, a comparison).
    pub locked: Option<&'a str>,
}

/// How many customers of a file the search lists at once.
const MATCHES_SHOWN: usize = 8;

pub fn show(ui: &mut Ui, tab: &Tab) -> Vec<Intent> {
    let mut out = Vec::new();
    let mut tests = tab.tests.clone();
    chooser(ui, tab, &mut tests, &mut out);
    if let Some(why) = tab.locked {
        ui.label(RichText::new(why).small().color(ui.visuals().warn_fg_color));
    }
    if let Tried::Test(i) = tab.tried
        && i < tests.customers.len()
    {
        let cx_tests = tab.tests.clone();
        let taken: Vec<String> = tests
            .customers
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != i)
            .map(|(_, c)| c.name.clone())
            .collect();
        let cx = FormContext {
            tests: &cx_tests,
            suggestions: tab.suggestions,
            series_zone: &tab.series.settings.time_zone,
            taken: &taken,
        };
        egui::Panel::top("test-customer-form")
            .resizable(true)
            .default_size(340.0)
            .min_size(120.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("form")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.add_enabled_ui(tab.locked.is_none(), |ui| {
                            ui.push_id(("test customer", i), |ui| {
                                customer_form::show(ui, &mut tests.customers[i], &cx);
                            });
                        });
                        ui.add_space(8.0);
                    });
            });
    }
    if tab.locked.is_none() && tests != *tab.tests {
        let key = merge_key(ui, "test customers");
        out.push(Intent::Edit(Edit::TestCustomers(Some(tests)), key));
    }
    egui::ScrollArea::vertical()
        .id_salt("timeline")
        .auto_shrink([false, false])
        .show(ui, |ui| match tab.timeline {
            Some(t) => timeline(ui, t, &mut out),
            None => {
                ui.add_space(8.0);
                ui.label(
                    RichText::new(
                        "Make a test customer with New, or pick a customer from a customers file, to see their way through the series.",
                    )
                    .weak(),
                );
            }
        });
    out
}

/// Who is tried, the buttons to add and remove test customers, the customers
/// file to pick from, and the days the preview runs.
fn chooser(ui: &mut Ui, tab: &Tab, tests: &mut TestCustomers, out: &mut Vec<Intent>) {
    let editable = tab.locked.is_none();
    ui.horizontal_wrapped(|ui| {
        let shown = match tab.tried {
            Tried::Test(i) => tests.customers.get(i).map(|c| c.name.clone()),
            Tried::File(i) => tab
                .file
                .and_then(|f| f.listed.customers.get(i))
                .map(|c| format!("{} (from the file)", c.id)),
        };
        widgets::combo(
            ui,
            "tried",
            "Test customer",
            170.0,
            shown.unwrap_or_else(|| "No test customer yet".into()),
            |ui| {
                for (i, c) in tests.customers.iter().enumerate() {
                    if ui
                        .selectable_label(tab.tried == Tried::Test(i), &c.name)
                        .clicked()
                    {
                        out.push(Intent::Act(Action::TryCustomer(Tried::Test(i))));
                    }
                }
                if tests.customers.is_empty() {
                    ui.label(RichText::new("None yet: add one with New").weak());
                }
            },
        );
        ui.add_enabled_ui(editable, |ui| {
            if ui
                .button("New")
                .on_hover_text("Make a new test customer")
                .clicked()
            {
                let name = tests.fresh_name();
                tests.customers.push(TestCustomer::new(name));
                out.push(Intent::Act(Action::TryCustomer(Tried::Test(
                    tests.customers.len() - 1,
                ))));
            }
            if let Tried::Test(i) = tab.tried
                && let Some(c) = tests.customers.get(i).cloned()
            {
                if ui.button("Duplicate").clicked() {
                    let name = copy_name(tests, &c.name);
                    tests.customers.push(TestCustomer { name, ..c });
                    out.push(Intent::Act(Action::TryCustomer(Tried::Test(
                        tests.customers.len() - 1,
                    ))));
                }
                if ui.button("Delete").clicked() {
                    tests.customers.remove(i);
                    out.push(Intent::Act(Action::TryCustomer(Tried::Test(
                        i.saturating_sub(1),
                    ))));
                }
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(Action::PickCustomersFile.label())
            .on_hover_text("Try a customer of a JSON Lines (.jsonl) or CSV (.csv) customers file")
            .clicked()
        {
            out.push(Intent::Act(Action::PickCustomersFile));
        }
        if ui
            .add_enabled(
                !tests.customers.is_empty(),
                egui::Button::new(Action::ExportTestCustomers.label()),
            )
            .on_hover_text(
                "Save them as expectations that `simulate --expect` checks, with a customers file",
            )
            .clicked()
        {
            out.push(Intent::Act(Action::ExportTestCustomers));
        }
    });
    if let Some(name) = &tab.loading {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Reading {name}…"));
        });
    }
    if let Some(file) = tab.file {
        file_customers(ui, file, tab.tried, out);
    }
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label("Day 1 is");
            super::filter_editor::date_picker(ui, &mut tests.day_one);
            ui.label("and the preview runs");
            widgets::number(
                ui,
                "Days the preview runs",
                egui::DragValue::new(&mut tests.days)
                    .range(1..=MAX_PREVIEW_DAYS)
                    .speed(0.2),
            );
            ui.label(format!(
                "days. Times are on the series' clock ({}).",
                tab.series.settings.time_zone
            ));
        });
    });
    ui.separator();
}

/// "maya (2)": a name no test customer has yet.
fn copy_name(tests: &TestCustomers, name: &str) -> String {
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| tests.customers.iter().all(|c| &c.name != candidate))
        .unwrap_or_default()
}

/// The loaded file's customers: a search by id, and the first matches.
fn file_customers(ui: &mut Ui, file: &CustomersList, tried: Tried, out: &mut Vec<Intent>) {
    let listed = &file.listed;
    let count = if listed.count > listed.customers.len() {
        format!(
            "the first {} of its {} customers",
            listed.customers.len(),
            listed.count
        )
    } else {
        crate::text::count(listed.count, "customer")
    };
    ui.label(
        RichText::new(format!("{}: {count}", file.name))
            .small()
            .weak(),
    );
    let id = ui.make_persistent_id("file-search");
    let mut search: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    widgets::labelled_text(ui, "Find a customer by id", &mut search, "id");
    let needle = search.trim().to_lowercase();
    ui.horizontal_wrapped(|ui| {
        let matching = listed
            .customers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id.to_lowercase().contains(&needle))
            .take(MATCHES_SHOWN);
        for (i, c) in matching {
            if ui
                .selectable_label(tried == Tried::File(i), &c.id)
                .clicked()
            {
                out.push(Intent::Act(Action::TryCustomer(Tried::File(i))));
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, search));
}

/// Steps listed at first, and added by each "Show more": a long way (a
/// customer in many paths of a big series) is read a part at a time, and a
/// frame draws only that part.
const STEPS_AT_ONCE: usize = 300;

fn timeline(ui: &mut Ui, t: &Timeline, out: &mut Vec<Intent>) {
    ui.add_space(6.0);
    ui.label(RichText::new(&t.summary).strong());
    ui.add_space(4.0);
    let id = ui.make_persistent_id("steps shown");
    let shown: usize = ui.data(|d| d.get_temp(id)).unwrap_or(STEPS_AT_ONCE);
    for (i, row) in t.rows.iter().take(shown).enumerate() {
        ui.push_id(("step", i), |ui| step(ui, row, out));
    }
    let left = t.rows.len().saturating_sub(shown);
    if left > 0
        && ui
            .button(format!(
                "Show {} more ({} left)",
                left.min(STEPS_AT_ONCE),
                crate::text::count(left, "step")
            ))
            .clicked()
    {
        ui.data_mut(|d| d.insert_temp(id, shown + STEPS_AT_ONCE));
    }
}

/// One step: when, its block, what happened and why, and each condition with
/// ✔ or ✖ and the value seen. The whole row shows its block when clicked.
fn step(ui: &mut Ui, row: &Row, out: &mut Vec<Intent>) {
    let visuals = ui.visuals().clone();
    let (mark, colour) = match row.tone {
        Tone::Good => ("✔", crate::theme::success(&visuals)),
        Tone::Bad => ("✖", visuals.error_fg_color),
        Tone::Neutral => ("•", visuals.weak_text_color()),
    };
    let background = ui.painter().add(egui::Shape::Noop);
    let inner = ui.vertical(|ui| {
        // The row takes the clicks, not its words.
        ui.style_mut().interaction.selectable_labels = false;
        ui.add_space(2.0);
        let words = if row.detail.is_empty() {
            row.what.to_string()
        } else {
            format!("{}: {}", row.what, row.detail)
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(mark).color(colour));
            ui.label(RichText::new(&row.when).small().weak());
            ui.label(RichText::new(&row.title).strong());
            ui.label(RichText::new(words).color(colour));
        });
        for c in &row.conditions {
            let (mark, colour) = if c.holds {
                ("✔", crate::theme::success(&visuals))
            } else {
                ("✖", visuals.error_fg_color)
            };
            ui.horizontal_wrapped(|ui| {
                ui.add_space(12.0);
                ui.label(RichText::new(mark).small().color(colour));
                ui.label(RichText::new(format!("{} — {}", c.condition, c.value)).small());
            });
        }
        ui.add_space(2.0);
    });
    let rect = inner.response.rect.expand2(egui::vec2(4.0, 0.0));
    let Some(block) = row.block else {
        return;
    };
    let response = ui
        .interact(rect, ui.scope_id().with("row"), Sense::click())
        .on_hover_text("Show this block on the canvas");
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("{} {}: {}", row.when, row.title, row.what),
        )
    });
    if response.hovered() {
        ui.painter().set(
            background,
            egui::Shape::rect_filled(rect, 4.0, visuals.faint_bg_color),
        );
    }
    if response.clicked() {
        out.push(Intent::Act(Action::ShowBlocks(vec![block])));
    }
}
