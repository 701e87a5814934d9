//! Trying one customer in the Preview panel: which customer is shown (a test
//! customer of the series, or one picked from a customers file read on a
//! thread), and their timeline, worked out again whenever the series (test
//! customers included) or the choice changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::Utc;

use super::timeline::Timeline;
use crate::model::{Series, TestCustomers, series_zone};
use crate::simulate::audience::{self, AudienceError, Control, Listed};
use crate::simulate::test_customer::Window;

/// Customers of a file listed to pick from; the rest are counted.
pub const MAX_LISTED: usize = 100_000;

/// Whose way is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tried {
    /// The series' test customer at this place in its list.
    Test(usize),
    /// The loaded customers file's customer at this place.
    File(usize),
}

impl Default for Tried {
    fn default() -> Self {
        Tried::Test(0)
    }
}

/// A customers file read to pick from.
pub struct CustomersList {
    /// Its file name, as the panel shows it.
    pub name: String,
    pub listed: Listed,
}

/// A customers file being read on its thread.
struct Loading {
    path: PathBuf,
    control: Arc<Control>,
    answer: Receiver<Result<Listed, AudienceError>>,
}

/// What a finished read of a customers file brought.
pub enum Loaded {
    Listed(String),
    /// The file's problems, one a line, for the dialog that says them.
    Refused {
        file: String,
        problems: Vec<String>,
    },
}

#[derive(Default)]
pub struct Tryout {
    pub tried: Tried,
    pub file: Option<CustomersList>,
    loading: Option<Loading>,
    /// Bumped when another file is listed, so the timeline is worked out again.
    generation: u64,
    shown: Option<(Key, Timeline)>,
}

/// What a timeline was worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    revision: u64,
    tried: Tried,
    generation: u64,
}

impl Tryout {
    /// Starts reading a customers file on a thread; one read at a time.
    pub fn load(&mut self, path: &Path) {
        if let Some(old) = self.loading.take() {
            old.control.cancel.store(true, Ordering::Relaxed);
        }
        let (send, answer) = channel();
        let control = Arc::new(Control::default());
        let (thread_path, thread_control) = (path.to_path_buf(), Arc::clone(&control));
        std::thread::spawn(move || {
            let listed = audience::list(&thread_path, MAX_LISTED, &thread_control);
            let _ = send.send(listed);
        });
        self.loading = Some(Loading {
            path: path.to_path_buf(),
            control,
            answer,
        });
    }

    /// Whether a customers file is being read, and its name.
    pub fn loading(&self) -> Option<String> {
        self.loading
            .as_ref()
            .map(|l| crate::text::file_name(&l.path))
    }

    /// Takes a finished read: the file's customers replace the ones listed
    /// before, or its problems are told and nothing changes.
    pub fn poll(&mut self) -> Option<Loaded> {
        let loading = self.loading.as_ref()?;
        let file = crate::text::file_name(&loading.path);
        let answer = match loading.answer.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(AudienceError::Cancelled),
        };
        self.loading = None;
        match answer {
            Ok(listed) if listed.count == 0 => Some(Loaded::Refused {
                file,
                problems: vec!["The file holds no customers.".into()],
            }),
            Ok(listed) => {
                self.file = Some(CustomersList {
                    name: file.clone(),
                    listed,
                });
                self.generation += 1;
                self.tried = Tried::File(0);
                Some(Loaded::Listed(file))
            }
            Err(e) => Some(Loaded::Refused {
                file,
                problems: problem_lines(&e),
            }),
        }
    }

    /// The timeline of the customer tried, worked out again if the series or
    /// the choice changed since.
    pub fn timeline(&mut self, series: &Series, revision: u64) -> Option<&Timeline> {
        let key = Key {
            revision,
            tried: self.tried,
            generation: self.generation,
        };
        if self.shown.as_ref().is_none_or(|(k, _)| *k != key) {
            self.shown = self.work_out(series).map(|t| (key, t));
        }
        self.shown.as_ref().map(|(_, t)| t)
    }

    /// The timeline as last worked out, without working it out again.
    pub fn shown(&self) -> Option<&Timeline> {
        self.shown.as_ref().map(|(_, t)| t)
    }

    fn work_out(&self, series: &Series) -> Option<Timeline> {
        let tests = days_of(series);
        let window = Window::new(series, &tests);
        let customer = match self.tried {
            Tried::Test(i) => window.customer(tests.customers.get(i)?),
            Tried::File(i) => self.file.as_ref()?.listed.customers.get(i)?.clone(),
        };
        let sim = window.simulation(series);
        Some(Timeline::new(series, &window, &sim, &customer))
    }
}

/// The series' test customers, or none yet tried from today (on the series'
/// clock): what the panel shows before the first test customer is made.
pub fn days_of(series: &Series) -> TestCustomers {
    series.test_customers.clone().unwrap_or_else(|| {
        let zone = series_zone(&series.settings.time_zone);
        TestCustomers::new(Utc::now().with_timezone(&zone).date_naive())
    })
}

/// A refused customers file in words, as `simulate` says it: one problem a
/// line, at most the first few, then how many more.
fn problem_lines(e: &AudienceError) -> Vec<String> {
    match e {
        AudienceError::Open(crate::simulate::read::OpenError::Problems { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        AudienceError::Problems { problems, more } => {
            let mut lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            if *more > 0 {
                lines.push(format!("and {}", crate::text::count(*more, "more problem")));
            }
            lines
        }
        other => vec![other.to_string()],
    }
}

impl super::SeriesApp {
    /// Takes a customers file read on its thread, and works the timeline out
    /// again when the series or the choice changed (not during a drag on the
    /// canvas: the series' blocks only move then; it follows when the drag ends).
    pub(super) fn refresh_tryout(&mut self) {
        match self.tryout.poll() {
            Some(Loaded::Listed(file)) => {
                self.preview.open = true;
                self.preview.tab = crate::panels::preview::PreviewTab::Customer;
                self.tell(format!("Pick a customer of {file} in the Preview panel"));
            }
            Some(Loaded::Refused { file, problems }) => {
                self.open_modal(super::Modal::Error {
                    title: format!("Couldn't read {file}"),
                    message: problems.join("\n"),
                    advice: "Nothing was changed. Fix these lines in the file, then pick it again."
                        .into(),
                });
            }
            None => {}
        }
        let shown =
            self.preview.open && self.preview.tab == crate::panels::preview::PreviewTab::Customer;
        if !shown || self.canvas.is_busy() {
            return;
        }
        let revision = self.doc.revision();
        self.tryout.timeline(self.doc.series(), revision);
        if self.suggestions.0 != revision {
            self.suggestions = (
                revision,
                crate::panels::customer_form::Suggestions::of(self.doc.series()),
            );
        }
    }

    /// Writes the expectations file the marketer named, and the customers
    /// file it runs on beside it (`NAME-customers.jsonl`).
    pub(super) fn export_test_customers(&mut self, path: &Path) {
        let series = self.doc.series();
        let Some(tests) = series
            .test_customers
            .as_ref()
            .filter(|t| !t.customers.is_empty())
        else {
            self.tell("Make a test customer first: there is nothing to export");
            return;
        };
        if self.doc.path() == Some(path) {
            self.open_modal(super::Modal::Error {
                title: "Couldn't export the test customers".into(),
                message: format!(
                    "{} is this series' own file.",
                    crate::text::file_name(path)
                ),
                advice: "Choose another name for the expectations, such as one ending in -expect.ron. Nothing was written.".into(),
            });
            return;
        }
        let stem = path
            .file_stem()
            .map_or_else(|| "expect".into(), |s| s.to_string_lossy().into_owned());
        let customers_path = path.with_file_name(format!("{stem}-customers.jsonl"));
        let series_file = self.doc.path().map_or_else(
            || {
                format!(
                    "{}.{}",
                    super::run::file_stem(&series.name),
                    crate::file::EXTENSION
                )
            },
            crate::text::file_name,
        );
        let written = crate::simulate::test_customer::export(
            series,
            tests,
            &series_file,
            &crate::text::file_name(path),
            &crate::text::file_name(&customers_path),
        )
        .map_err(|e| e.to_string())
        .and_then(|export| {
            // Both files are written whole before either replaces what was there.
            let customers =
                crate::file::PendingSave::write(&customers_path, export.customers.as_bytes())
                    .map_err(|e| e.to_string())?;
            let cases = crate::file::PendingSave::write(path, export.expectations.as_bytes())
                .map_err(|e| e.to_string())?;
            customers.commit().map_err(|e| e.to_string())?;
            cases.commit().map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => self.tell(format!(
                "Exported {} to {} and {}",
                crate::text::count(tests.customers.len(), "test customer"),
                crate::text::file_name(path),
                crate::text::file_name(&customers_path)
            )),
            Err(message) => self.open_modal(super::Modal::Error {
                title: "Couldn't export the test customers".into(),
                message,
                advice: "Check that the folder exists and that you may write in it.".into(),
            }),
        }
    }
}
