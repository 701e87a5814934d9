//! Carrying out actions: the one implementation of each thing a marketer can ask
//! for, whether it came from a menu, a shortcut, the canvas or a panel. Runs
//! only from [`SeriesApp::carry_out`], so every edit reaches the document there.

use std::path::Path;

use super::document::{Document, Refused};
use super::find_bar::FindBar;
use super::modal::Modal;
use super::recovery::Found;
use super::{Purpose, SeriesApp, golive};
use crate::action::{Action, Placement};
use crate::canvas::{self, ViewRequest};
use crate::clipboard::{Clip, PASTE_OFFSET, PasteError};
use crate::edit::Edit;
use crate::file;
use crate::model::{Block, BlockId, Connection, GoLiveChoice, Kind, Port, Pos, Series, Status};
use crate::templates::Template;
use crate::text::{count, file_name};

/// Pixels per canvas unit of an exported picture: sharp on high-density screens
/// and in documents.
const PICTURE_SCALE: f32 = 2.0;
/// How many group widths to the right a paste may move to find free room.
const PASTE_TRIES: usize = 60;
/// Room between a pasted group and the cards beside it, in canvas units.
const PASTE_GAP: f32 = 40.0;

impl SeriesApp {
    /// Carries out an action. `confirmed`: the unsaved-work question it would
    /// ask was already answered.
    pub(super) fn run(&mut self, action: Action, confirmed: bool) {
        if self.compare.is_some() && action.changes_series() {
            self.tell(super::compare::READ_ONLY);
            return;
        }
        if action.replaces_series() && self.doc.is_dirty() && !confirmed {
            self.open_modal(Modal::Unsaved {
                name: self.doc.display_name(),
                then: action,
            });
            return;
        }
        match action {
            Action::New => {
                self.replace_document(Document::new(Series::new("Untitled series"), None));
            }
            Action::NewFromTemplate => {
                self.open_modal(Modal::Templates(Box::default()));
            }
            Action::UseTemplate(template) => self.use_template(template),
            Action::Open => self.ask_for_file(Purpose::OpenSeries, String::new()),
            Action::OpenPath(path) => self.open_path(&path),
            Action::Save => match self.doc.path().map(Path::to_path_buf) {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.run(Action::SaveAs, confirmed),
            },
            Action::SaveAs => {
                // The file's own name where it has one, else one from the series' name.
                let name = self.doc.path().map(file_name).unwrap_or_else(|| {
                    format!("{}.{}", file_stem(&self.doc.series().name), file::EXTENSION)
                });
                self.ask_for_file(Purpose::SaveSeries, name);
            }
            Action::SaveTo(path) => {
                self.save_to(&path);
            }
            Action::ImportCampaign => self.ask_for_file(Purpose::ImportCampaign, String::new()),
            Action::ExportPicture => {
                let name = format!("{}.png", file_stem(&self.doc.series().name));
                self.ask_for_file(Purpose::ExportPicture, name);
            }
            Action::ExportPictureTo(path) => self.export_picture(&path),
            Action::ImportPath(path) => self.preview_import(&path),
            Action::Adopt(imported) => self.adopt(*imported),
            Action::CompareWith => self.ask_for_file(Purpose::CompareSeries, String::new()),
            Action::ComparePath(path) => self.compare_with(&path),
            Action::ShowChange(subject) => self.show_change(subject),
            Action::EndComparison => self.end_comparison(),
            Action::Quit => {
                self.quitting = true;
                self.recovery.clear();
                // Tests have no window: only a real one closes.
                self.viewport_commands.push(egui::ViewportCommand::Close);
            }
            Action::Undo => self.step_history(Document::undo, "Nothing to undo"),
            Action::Redo => self.step_history(Document::redo, "Nothing to redo"),
            Action::Copy => {
                self.copy();
            }
            Action::Cut => {
                if self.copy() {
                    self.delete_selection();
                }
            }
            Action::Paste => match self.clip.clone() {
                Some(clip) => self.insert_clip(&clip, "Pasted"),
                None => self.tell(PasteError::NoBlocks.to_string()),
            },
            // Text that holds no blocks of ours pastes nothing, and says why.
            Action::PasteText(text) => match Clip::read(&text) {
                Ok(clip) => self.insert_clip(&clip, "Pasted"),
                Err(why) => self.tell(why.to_string()),
            },
            Action::Duplicate => {
                let ids = self.selected();
                if ids.is_empty() {
                    self.tell("Select blocks to duplicate them");
                } else {
                    let clip = Clip::copy(self.doc.series(), &ids);
                    self.insert_clip(&clip, "Duplicated");
                }
            }
            Action::Delete => self.delete_selection(),
            Action::SelectAll => {
                let all = self.doc.series().blocks().keys().copied();
                self.canvas.selection.set_blocks(all);
            }
            Action::ShowBlocks(ids) => {
                self.canvas.selection.set_blocks(ids.iter().copied());
                self.canvas.request(ViewRequest::Reveal(ids));
            }
            Action::Find => match &mut self.find {
                Some(find) => find.focus(),
                None => self.find = Some(FindBar::new()),
            },
            Action::FindText(words) => {
                let find = self.find.get_or_insert_with(FindBar::new);
                find.search(self.doc.series(), self.doc.revision(), words);
                // As you type, the view follows the first match; the selection stays.
                if let Some(id) = find.current() {
                    self.canvas.request(ViewRequest::Focus(id));
                }
            }
            Action::FindNext | Action::FindPrevious | Action::FindShow(_) => {
                let find = self.find.get_or_insert_with(FindBar::new);
                let on = match action {
                    Action::FindShow(i) => find.go_to(i),
                    _ => find.step(action == Action::FindNext),
                };
                match on {
                    Some(id) => {
                        self.canvas.selection.set_blocks([id]);
                        self.canvas.request(ViewRequest::Focus(id));
                    }
                    None => self.tell("No block matches: type other words in Find"),
                }
            }
            Action::CloseFind => self.find = None,
            Action::Tidy => self.tidy(),
            Action::ToggleMinimap => self.prefs.minimap = Some(!self.canvas.minimap_shown()),
            Action::View(request) => self.canvas.request(request),
            Action::Theme(theme) => self.prefs.theme = theme,
            Action::AddBlock { kind, at, from } => self.add_block(kind, at, from),
            Action::QuickFix(fix) => match fix.edit(self.doc.series()) {
                Ok(edit) => self.apply(edit, None),
                Err(e) => self.tell(e.to_string()),
            },
            // Resuming puts customers back on the paths: check again first.
            Action::SetLive | Action::Resume => {
                self.open_modal(Modal::SetLive(golive::SetLive::new(self.doc.series())));
            }
            Action::Pause => self.pause(),
            Action::TogglePreview => self.preview.open = !self.preview.open,
            Action::PreviewTab(tab) => {
                self.preview.open = true;
                self.preview.tab = tab;
            }
            Action::TryCustomer(tried) => {
                self.preview.open = true;
                self.preview.tab = crate::panels::preview::PreviewTab::Customer;
                self.tryout.tried = tried;
            }
            Action::PickCustomersFile => self.ask_for_file(Purpose::PickCustomers, String::new()),
            Action::PickCustomersFrom(path) => self.tryout.load(&path),
            Action::ExportTestCustomers => {
                let name = format!("{}-expect.ron", file_stem(&self.doc.series().name));
                self.ask_for_file(Purpose::ExportExpectations, name);
            }
            Action::ExportTestCustomersTo(path) => self.export_test_customers(&path),
            Action::ChooseCustomers => self.ask_for_file(Purpose::Customers, String::new()),
            Action::SimulateFile(path) => self.simulate_file(path),
            Action::Simulate => self.simulate(),
            Action::CancelSimulation => self.cancel_simulation(),
            Action::ToggleFigures => self.audience.show_figures = !self.audience.show_figures,
        }
    }

    fn step_history(
        &mut self,
        step: impl FnOnce(&mut Document) -> Result<bool, Refused>,
        nothing: &str,
    ) {
        match step(&mut self.doc) {
            Ok(true) => {}
            Ok(false) => self.tell(nothing),
            Err(e) => self.tell(e.to_string()),
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.forget_outcome();
        self.compare = None;
        self.banner = None;
        self.canvas.selection.clear();
        self.canvas.request(ViewRequest::Fit);
        self.recovery.clear();
    }

    fn open_path(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.prefs.remember(path);
                self.tell(format!("Opened {}", self.doc.display_name()));
            }
            // A campaign export opened as a series: show what it would import.
            Err(_) if is_campaign_export(path) => self.preview_import(path),
            Err(e) => self.open_modal(Modal::open_failed(path, &e)),
        }
    }

    /// Saves to `path`; then does what waited on the save, if anything. A file
    /// that changed on disk since it was read is not overwritten without asking.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        if self.save_would_overwrite(path) {
            return false;
        }
        match self.doc.save_to(path) {
            Ok(()) => {
                self.prefs.remember(path);
                self.recovery.clear();
                self.tell(format!("Saved {}", self.doc.display_name()));
                if let Some(then) = self.after_save.take() {
                    self.run(then, true);
                }
                true
            }
            Err(e) => {
                self.after_save = None;
                self.open_modal(Modal::save_failed(path, &e));
                false
            }
        }
    }

    pub(super) fn restore(&mut self, found: Found) {
        self.doc = Document::unsaved(found.series, found.path);
        self.forget_outcome();
        self.compare = None;
        self.banner = None;
        self.canvas.selection.clear();
        self.canvas.request(ViewRequest::Fit);
        self.tell("Your unsaved work is back. Save it to keep it.");
    }

    fn selected(&self) -> Vec<BlockId> {
        self.canvas.selection.blocks.iter().copied().collect()
    }

    /// Copies the selected blocks; false when nothing is selected.
    fn copy(&mut self) -> bool {
        let ids = self.selected();
        if ids.is_empty() {
            self.tell("Select blocks to copy them");
            return false;
        }
        let clip = Clip::copy(self.doc.series(), &ids);
        self.copied = Some(clip.to_text());
        self.tell(format!("Copied {}", count(clip.len(), "block")));
        self.clip = Some(clip);
        true
    }

    /// Inserts copies of the clip's blocks beside where they were, on free room,
    /// and selects them.
    fn insert_clip(&mut self, clip: &Clip, verb: &str) {
        let offset = free_offset(self.doc.series(), clip);
        let ids = self.doc.new_ids(clip.len());
        let edit = clip.paste(&ids, offset);
        match self.doc.apply(edit, None) {
            Ok(()) => {
                self.canvas.selection.set_blocks(ids.iter().copied());
                self.tell(format!("{verb} {}", count(ids.len(), "block")));
            }
            Err(e) => self.tell(e.to_string()),
        }
    }

    fn delete_selection(&mut self) {
        let series = self.doc.series();
        let blocks: Vec<BlockId> = self
            .selected()
            .into_iter()
            .filter(|id| series.block(*id).is_some())
            .collect();
        // Arrows of removed blocks go with them.
        let connections: Vec<Port> = self
            .canvas
            .selection
            .connections
            .iter()
            .copied()
            .filter(|p| !blocks.contains(&p.block) && series.target(p.block, p.output).is_some())
            .collect();
        if blocks.is_empty() && connections.is_empty() {
            return;
        }
        self.apply(
            Edit::Remove {
                blocks,
                connections,
            },
            None,
        );
        self.canvas.selection.clear();
    }

    /// Adds a block of `kind` where asked, on the grid when snapping is on,
    /// connected from `from` when that output is free; selects it.
    fn add_block(&mut self, kind: Kind, at: Placement, from: Option<Port>) {
        let size = canvas::card_rect(&Block::new_of_kind(kind, Pos::default())).size();
        let corner = match at {
            Placement::ViewCentre => {
                let c = self.canvas.view.visible_canvas(self.canvas_rect).center();
                c - size / 2.0
            }
            Placement::CentredAt(p) => egui::pos2(p.x, p.y) - size / 2.0,
            Placement::InputAt(p) => egui::pos2(p.x - size.x / 2.0, p.y),
        };
        let corner = if self.canvas.snap_to_grid {
            canvas::snap(corner)
        } else {
            corner
        };
        let series = self.doc.series();
        let from = from.filter(|p| {
            series.block(p.block).is_some() && series.target(p.block, p.output).is_none()
        });
        let [id] = self.doc.new_ids(1)[..] else {
            return;
        };
        let edit = Edit::Insert {
            blocks: vec![(id, Block::new_of_kind(kind, Pos::new(corner.x, corner.y)))],
            connections: from
                .map(|p| Connection::new(p.block, p.output, id))
                .into_iter()
                .collect(),
        };
        match self.doc.apply(edit, None) {
            Ok(()) => self.canvas.selection.set_blocks([id]),
            Err(e) => self.tell(e.to_string()),
        }
    }

    /// A fresh copy of a template, as a new series without a file. Like New, it
    /// has no unsaved changes until it is changed: the template is always there
    /// to start from again.
    fn use_template(&mut self, template: Template) {
        match template.series() {
            Ok(series) => {
                self.replace_document(Document::new(series, None));
                self.tell(format!("New series from the template '{}'", template.name));
            }
            Err(e) => self.open_modal(Modal::Error {
                title: format!("Couldn't start from '{}'", template.name),
                message: e.to_string(),
                advice: "This copy of series-builder is damaged: install it again. The series you had open is unchanged.".into(),
            }),
        }
    }

    fn preview_import(&mut self, path: &Path) {
        let result = match std::fs::read(path) {
            Ok(bytes) => crate::import::import_campaign(&bytes)
                .map(Box::new)
                .map_err(|e| e.problems),
            Err(e) => Err(vec![crate::import::Problem::at("", e.to_string())]),
        };
        self.open_modal(Modal::ImportPreview {
            file: file_name(path),
            result,
        });
    }

    /// Lays out the selection (two or more blocks) or the whole series, as one
    /// undo step, and shows the result.
    fn tidy(&mut self) {
        let selected = &self.canvas.selection.blocks;
        let scope = (selected.len() > 1).then(|| selected.clone());
        match crate::tidy::tidy(self.doc.series(), scope.as_ref()) {
            Some(edit) => {
                self.apply(edit, None);
                self.doc.seal();
                self.canvas.request(match scope {
                    Some(ids) => ViewRequest::Reveal(ids.into_iter().collect()),
                    None => ViewRequest::Fit,
                });
                self.tell("Tidied up. Undo puts the blocks back.");
            }
            None => self.tell("Already tidy: nothing to move"),
        }
    }

    /// A picture of the selection (or of the whole series) in the window's colours.
    fn export_picture(&mut self, path: &Path) {
        let selected = &self.canvas.selection.blocks;
        let scope = (!selected.is_empty()).then_some(selected);
        let style = crate::render::Style {
            dark: self.dark,
            scale: PICTURE_SCALE,
        };
        let what = match scope {
            Some(ids) => count(ids.len(), "selected block"),
            None => format!("'{}'", self.doc.series().name),
        };
        match crate::render::save(path, self.doc.series(), scope, style) {
            Ok(()) => self.tell(format!(
                "Exported a picture of {what} to {}",
                file_name(path)
            )),
            Err(e) => self.open_modal(Modal::picture_failed(path, &e)),
        }
    }

    fn adopt(&mut self, imported: crate::import::Imported) {
        let columns = imported.messages.len();
        let entry = imported.entry_block;
        self.replace_document(Document::unsaved(imported.series, None));
        // Readable, from the campaign's entry rules, rather than all of it small.
        self.canvas.request(ViewRequest::Start(entry));
        self.banner = Some(format!(
            "Imported {}, one column each. Connect the columns into paths: drag from the bottom of a block onto the next one, or join them all in the campaign's order with the go-live check's \"Connect the columns in campaign order\".",
            count(columns, "message")
        ));
    }

    /// Sets the series live, recording the campaign choice where one was asked.
    /// Going live is a commitment: a series with a file is saved at once.
    pub(super) fn go_live(&mut self, choice: Option<GoLiveChoice>) {
        let mut edits = Vec::new();
        if let Some(choice) = choice {
            edits.push(Edit::GoLiveChoice(choice));
        }
        // A resumed series keeps the time it first went live.
        let went_live_at = self
            .doc
            .series()
            .went_live_at
            .or_else(|| Some(chrono::Utc::now()));
        edits.push(Edit::Status {
            status: Status::Live,
            went_live_at,
        });
        match self.doc.apply(Edit::Batch(edits), None) {
            Ok(()) => {
                let name = self.doc.series().name.clone();
                if self.save_if_filed() {
                    self.tell(format!("'{name}' is live"));
                }
            }
            Err(e) => self.tell(e.to_string()),
        }
    }

    /// Stops customers moving (they wait where they are) so the series can be
    /// edited; saved at once, like going live.
    fn pause(&mut self) {
        let went_live_at = self.doc.series().went_live_at;
        let edit = Edit::Status {
            status: Status::Paused,
            went_live_at,
        };
        match self.doc.apply(edit, None) {
            Ok(()) => {
                if self.save_if_filed() {
                    self.tell("Paused: customers wait where they are until you resume");
                }
            }
            Err(e) => self.tell(e.to_string()),
        }
    }

    /// Saves a series that has a file; false when that save failed (and said why).
    fn save_if_filed(&mut self) -> bool {
        match self.doc.path().map(Path::to_path_buf) {
            Some(path) => self.save_to(&path),
            None => true,
        }
    }
}

/// How far to move pasted blocks from where they were copied: beside them to
/// the right, the first place where none of them covers a card, so a copy never
/// hides its original (nor an earlier copy).
fn free_offset(series: &Series, clip: &Clip) -> Pos {
    let cards: Vec<egui::Rect> = series.blocks().values().map(canvas::card_rect).collect();
    let pasted: Vec<egui::Rect> = clip.blocks().map(canvas::card_rect).collect();
    let Some(group) = pasted.iter().copied().reduce(|a, b| a.union(b)) else {
        return PASTE_OFFSET;
    };
    let step = group.width() + PASTE_GAP;
    let covers = |dx: f32| {
        let offset = egui::vec2(dx, 0.0);
        let moved = group.translate(offset);
        cards.iter().any(|card| {
            card.intersects(moved) && pasted.iter().any(|p| p.translate(offset).intersects(*card))
        })
    };
    match (1..=PASTE_TRIES)
        .map(|k| step * k as f32)
        .find(|dx| !covers(*dx))
    {
        Some(dx) => Pos::new(dx, 0.0),
        // Crowded all along the row: the old small offset at least shows it is a copy.
        None => PASTE_OFFSET,
    }
}

/// Whether the file is a campaign export (JSON), not a series.
pub(super) fn is_campaign_export(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| crate::import::is_json_object(&bytes))
}

/// A file name from a series name: letters, digits, spaces and dashes.
pub(super) fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == ' ' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match stem.trim() {
        "" => "series".into(),
        s => s.to_string(),
    }
}
