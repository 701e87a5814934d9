//! Simulating an audience in the app (Preview → Audience): a customers file
//! or a generated sample runs through the same engine as `series-builder
//! simulate`, on a thread of its own (file reading included), with progress
//! and Cancel; the window keeps drawing. The outcome stays with the series it
//! ran on, so that as soon as the series changes for customers its figures go
//! grey until the marketer runs it again.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread::JoinHandle;

use chrono::{DateTime, Utc};

use super::SeriesApp;
use super::figures;
use super::modal::Modal;
use crate::canvas::Figures;
use crate::model::{BlockId, CampaignOrigin, Connection, Series};
use crate::panels::audience::{AudienceForm, Outcome, Shown, Who};
use crate::panels::preview::{PreviewState, PreviewTab};
use crate::simulate::audience::{self, AudienceError, Control, Options};
use crate::simulate::{Counts, Simulation};

/// How often the progress bar moves while a run is under way.
const PROGRESS_MS: u64 = 100;

/// A run that finished: its figures, and the series and window it ran on.
#[derive(Debug, Clone)]
pub struct Ran {
    /// The series as it was when the run started.
    pub series: Series,
    /// The series' blocks and arrows in the order of `counts`.
    pub blocks: Vec<BlockId>,
    pub arrows: Vec<Connection>,
    pub counts: Counts,
    /// "1,000 sample customers" or the file's name.
    pub what: String,
    pub from: DateTime<Utc>,
    pub days: u32,
}

/// A run under way on its thread.
struct Running {
    what: String,
    control: Arc<Control>,
    /// The file's size in bytes, or the sample's count; 0 until known.
    total: Arc<AtomicU64>,
    by_bytes: bool,
    answer: Receiver<Result<Ran, AudienceError>>,
    thread: JoinHandle<()>,
    /// The customers file, for messages about it.
    file: Option<PathBuf>,
}

/// The Audience tab's state: its form, a run under way, the last outcome and
/// the figures the canvas draws.
pub struct AudienceState {
    pub form: AudienceForm,
    running: Option<Running>,
    /// Cancelled runs whose threads have not ended yet.
    stopping: Vec<Running>,
    /// How far the last cancelled run had come when its thread ended (0 to 1).
    stopped_at: Option<f32>,
    ran: Option<Ran>,
    /// Whether figures show on the canvas (while the Audience tab is open).
    pub show_figures: bool,
    figures: Figures,
    /// The campaign history the figures were made with.
    origin: Option<CampaignOrigin>,
    /// The document revision `figures.stale` was worked out at.
    revision: u64,
}

impl Default for AudienceState {
    fn default() -> Self {
        AudienceState {
            form: AudienceForm::default(),
            running: None,
            stopping: Vec::new(),
            stopped_at: None,
            ran: None,
            show_figures: true,
            figures: Figures::default(),
            origin: None,
            revision: 0,
        }
    }
}

impl AudienceState {
    /// The last run that finished.
    pub fn outcome(&self) -> Option<&Ran> {
        self.ran.as_ref()
    }

    /// The figures on the canvas (also a campaign's history without a run).
    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    /// What a run under way simulates and how far it has come (0 to 1).
    pub fn progress(&self) -> Option<(&str, f32)> {
        progress(self.running.as_ref())
    }

    /// The Audience tab, drawn; returns what the marketer asked for.
    pub(super) fn tab(&mut self, ui: &mut egui::Ui, series: &Series) -> Vec<crate::action::Action> {
        let AudienceState {
            form,
            running,
            ran,
            show_figures,
            figures,
            ..
        } = self;
        let outcome = ran.as_ref().map(|ran| Outcome {
            counts: &ran.counts,
            what: &ran.what,
            from: ran.from,
            days: ran.days,
            stale: figures.stale,
        });
        let shown = Shown {
            running: progress(running.as_ref()),
            outcome,
            figures_shown: *show_figures,
            has_campaign: series.origin.is_some(),
            time_zone: &series.settings.time_zone,
        };
        crate::panels::audience::show(ui, form, &shown)
    }

    /// The figures the canvas draws now, if any: while the Audience tab is
    /// open and they are switched on.
    pub fn shown_figures(&self, preview: &PreviewState) -> Option<&Figures> {
        let on = preview.open && preview.tab == PreviewTab::Audience && self.show_figures;
        let f = &self.figures;
        (on && !(f.cards.is_empty() && f.arrows.is_empty())).then_some(f)
    }
}

fn progress(running: Option<&Running>) -> Option<(&str, f32)> {
    {
        let r = running?;
        let total = r.total.load(Ordering::Relaxed);
        let done = if r.by_bytes {
            r.control.bytes.load(Ordering::Relaxed)
        } else {
            r.control.lines.load(Ordering::Relaxed)
        };
        let share = if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).min(1.0) as f32
        };
        Some((r.what.as_str(), share))
    }
}

impl AudienceState {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Threads of cancelled runs still finishing their batch.
    pub fn stopping(&self) -> usize {
        self.stopping.len()
    }

    /// How far the last cancelled run had come when its thread ended (0 to 1).
    pub fn stopped_at(&self) -> Option<f32> {
        self.stopped_at
    }
}

impl SeriesApp {
    /// Starts simulating what the form says on the series as it is now. A run
    /// under way is cancelled first.
    pub(super) fn simulate(&mut self) {
        self.cancel_simulation();
        let form = &self.audience.form;
        let source = match (form.who, &form.file) {
            (Who::File, Some(path)) => Source::File(path.clone()),
            (Who::File, None) => {
                self.tell("Choose a customers file to simulate");
                return;
            }
            (Who::Sample, _) => Source::Sample(form.count),
        };
        let series = self.doc.series().clone();
        let from = form.from(&series.settings.time_zone);
        let (days, seed, what) = (form.days, form.seed, form.what());
        let control = Arc::new(Control::default());
        let total = Arc::new(AtomicU64::new(0));
        let (tell, answer) = channel();
        let file = match &source {
            Source::File(path) => Some(path.clone()),
            Source::Sample(_) => None,
        };
        let by_bytes = file.is_some();
        let job = {
            let (control, total, what) = (Arc::clone(&control), Arc::clone(&total), what.clone());
            move || {
                let sim = Simulation::new(&series, from, days, seed);
                let result = match &source {
                    Source::File(path) => {
                        if let Ok(meta) = std::fs::metadata(path) {
                            total.store(meta.len(), Ordering::Relaxed);
                        }
                        audience::run(&sim, path, &Options::default(), &control)
                    }
                    Source::Sample(count) => {
                        total.store(*count, Ordering::Relaxed);
                        audience::run_sample(&sim, *count, seed, &control)
                    }
                };
                let ran = result.map(|a| Ran {
                    blocks: sim.block_ids().to_vec(),
                    arrows: sim.arrows().to_vec(),
                    counts: a.counts,
                    what,
                    from: sim.from,
                    days: sim.days,
                    series,
                });
                // Nobody listens after a cancel: the answer goes nowhere.
                let _ = tell.send(ran);
            }
        };
        match std::thread::Builder::new()
            .name("simulate".into())
            .spawn(job)
        {
            Ok(thread) => {
                self.audience.running = Some(Running {
                    what,
                    control,
                    total,
                    by_bytes,
                    answer,
                    thread,
                    file,
                });
            }
            Err(e) => self.tell(format!("The simulation could not start: {e}")),
        }
    }

    /// Another series took the place of the one simulated: its figures go,
    /// and so does a run under way (the form stays, to run the new one).
    pub(super) fn forget_outcome(&mut self) {
        self.cancel_simulation();
        self.audience.ran = None;
        self.audience.figures = Figures::default();
        self.audience.origin = None;
        self.audience.revision = 0;
    }

    /// A customers file picked in the dialog: simulate it now.
    pub(super) fn simulate_file(&mut self, path: PathBuf) {
        self.preview.open = true;
        self.preview.tab = PreviewTab::Audience;
        self.audience.form.who = Who::File;
        self.audience.form.file = Some(path);
        self.simulate();
    }

    /// Stops the run under way; its thread ends at its next batch, and what it
    /// found is never shown.
    pub(super) fn cancel_simulation(&mut self) {
        if let Some(run) = self.audience.running.take() {
            run.control.cancel.store(true, Ordering::Relaxed);
            self.audience.stopping.push(run);
            self.tell("Simulation cancelled");
        }
    }

    /// Takes a finished run's outcome, forgets ended threads, and greys the
    /// figures when the series changed for customers since their run (not
    /// during a drag: it is worked out once it ends).
    pub(super) fn refresh_audience(&mut self, ctx: &egui::Context) {
        let a = &mut self.audience;
        for run in &a.stopping {
            if run.thread.is_finished() {
                a.stopped_at = progress(Some(run)).map(|(_, share)| share);
            }
        }
        a.stopping.retain(|run| !run.thread.is_finished());
        if let Some(run) = &self.audience.running {
            match run.answer.try_recv() {
                Ok(result) => {
                    let file = run.file.clone();
                    self.audience.running = None;
                    self.finished(result, file);
                }
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(PROGRESS_MS));
                }
                Err(TryRecvError::Disconnected) => {
                    self.audience.running = None;
                    self.tell("The simulation stopped without an answer");
                }
            }
        }
        if !self.audience.stopping.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(PROGRESS_MS));
        }
        let revision = self.doc.revision();
        if self.audience.revision == revision || self.canvas.is_busy() {
            return;
        }
        self.audience.revision = revision;
        let series = self.doc.series();
        if series.origin != self.audience.origin {
            self.audience.origin = series.origin.clone();
            self.rebuild_figures();
        }
        let series = self.doc.series();
        self.audience.figures.stale = self
            .audience
            .ran
            .as_ref()
            .is_some_and(|ran| crate::diff::diff(&ran.series, series).differs());
    }

    fn finished(&mut self, result: Result<Ran, AudienceError>, file: Option<PathBuf>) {
        match result {
            Ok(ran) => {
                self.tell(format!("Simulated {}", ran.what));
                self.audience.ran = Some(ran);
                self.rebuild_figures();
                self.audience.figures.stale = false;
                // Worked out again against the series as it is now.
                self.audience.revision = 0;
            }
            Err(AudienceError::Cancelled) => {}
            Err(e) => {
                let file = file.unwrap_or_else(|| PathBuf::from("the sample"));
                let name = crate::text::quote(&self.doc.series().name);
                self.open_modal(Modal::Error {
                    title: format!("Couldn't simulate {}", crate::text::file_name(&file)),
                    message: e.lines(&file, &name).join("\n"),
                    advice:
                        "Fix what is named above and run again. The figures you had are unchanged."
                            .into(),
                });
            }
        }
    }

    fn rebuild_figures(&mut self) {
        let stale = self.audience.figures.stale;
        self.audience.figures = figures::figures(self.doc.series(), self.audience.ran.as_ref());
        self.audience.figures.stale = stale;
    }
}

/// Who a run simulates.
enum Source {
    File(PathBuf),
    Sample(u64),
}
