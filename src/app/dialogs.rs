//! The platform's file dialogs, reached through a trait so tests use a fake one.
//! Dialogs run on a thread and answer through a channel: the window never freezes.
//!
//! On Linux `rfd` asks the desktop portal and falls back to `zenity`; where there
//! is neither it returns nothing, as if the marketer had cancelled. So that no
//! Save or Open ever does nothing at all, a dialog that could not be shown is
//! answered [`Answer::Unavailable`], and the app shows its own file chooser
//! instead (and from then on, at once).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a file is being picked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenSeries,
    SaveSeries,
    ImportCampaign,
    ExportPicture,
    /// Another version of the open series, to compare it with.
    CompareSeries,
    /// A customers file to pick a customer from, in the Preview panel.
    PickCustomers,
    /// Where to export the test customers as expectations.
    ExportExpectations,
    /// Customers to simulate: JSON Lines or a CSV user export.
    Customers,
}

impl Purpose {
    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::OpenSeries => "Open a series",
            Purpose::SaveSeries => "Save the series",
            Purpose::ImportCampaign => "Import a campaign export",
            Purpose::ExportPicture => "Export a picture of the series",
            Purpose::CompareSeries => "Compare with another version",
            Purpose::PickCustomers => "Pick a customer from a customers file",
            Purpose::ExportExpectations => "Export the test customers as expectations",
            Purpose::Customers => "Simulate a customers file",
        }
    }

    /// The kind of file it picks, and its endings.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Purpose::OpenSeries | Purpose::SaveSeries | Purpose::CompareSeries => {
                ("Series", &["ron"])
            }
            Purpose::ImportCampaign => ("Campaign export", &["json"]),
            Purpose::PickCustomers | Purpose::Customers => {
                ("Customers", &["jsonl", "csv", "ndjson"])
            }
            Purpose::ExportExpectations => ("Expectations", &["ron"]),
            Purpose::ExportPicture => ("Picture", &["png", "svg"]),
        }
    }

    pub fn saves(self) -> bool {
        matches!(
            self,
            Purpose::SaveSeries | Purpose::ExportExpectations | Purpose::ExportPicture
        )
    }
}

/// How a file dialog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could be shown on this desktop.
    Unavailable,
}

pub trait Dialogs {
    /// Starts asking the user for a file; the answer comes from [`Dialogs::poll`].
    fn request(&mut self, purpose: Purpose, suggested_name: &str);
    /// A finished request.
    fn poll(&mut self) -> Option<(Purpose, Answer)>;
}

/// A native dialog that closes this soon did not open: nobody cancels that fast.
const TOO_QUICK: Duration = Duration::from_millis(250);

/// The platform's own dialogs, through `rfd`.
pub struct NativeDialogs {
    sender: Sender<(Purpose, Answer)>,
    receiver: Receiver<(Purpose, Answer)>,
    folder: Option<PathBuf>,
    /// Set once a dialog failed to show: later requests go to the app's own chooser.
    unavailable: Arc<AtomicBool>,
}

impl NativeDialogs {
    pub fn new(folder: Option<PathBuf>) -> Self {
        let (sender, receiver) = channel();
        NativeDialogs {
            sender,
            receiver,
            folder,
            unavailable: Arc::new(AtomicBool::new(!can_show_native_dialogs())),
        }
    }
}

/// Whether this desktop can show a native file dialog at all. On Linux that
/// needs the desktop portal (reached over the session bus) or `zenity`.
fn can_show_native_dialogs() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    session_bus || on_path("zenity")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

impl Dialogs for NativeDialogs {
    fn request(&mut self, purpose: Purpose, suggested_name: &str) {
        if self.unavailable.load(Ordering::Relaxed) {
            let _ = self.sender.send((purpose, Answer::Unavailable));
            return;
        }
        let (kind, endings) = purpose.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title(purpose.title())
            .add_filter(kind, endings);
        if let Some(folder) = &self.folder {
            dialog = dialog.set_directory(folder);
        }
        if purpose.saves() {
            dialog = dialog.set_file_name(suggested_name);
        }
        let sender = self.sender.clone();
        let unavailable = Arc::clone(&self.unavailable);
        std::thread::spawn(move || {
            let started = Instant::now();
            let picked = if purpose.saves() {
                dialog.save_file()
            } else {
                dialog.pick_file()
            };
            let answer = match picked {
                Some(path) => Answer::Picked(path),
                None if started.elapsed() < TOO_QUICK => {
                    unavailable.store(true, Ordering::Relaxed);
                    Answer::Unavailable
                }
                None => Answer::Cancelled,
            };
            let _ = sender.send((purpose, answer));
        });
    }

    fn poll(&mut self) -> Option<(Purpose, Answer)> {
        self.receiver.try_recv().ok()
    }
}

/// Answers every request at once with the next prepared answer, or "cancelled"
/// when none is prepared: for tests. Clones share their answers.
#[derive(Clone, Default)]
pub struct FakeDialogs(Arc<Mutex<Fake>>);

#[derive(Default)]
struct Fake {
    answers: VecDeque<Option<PathBuf>>,
    unavailable: bool,
    asked: Vec<Purpose>,
    pending: VecDeque<(Purpose, Answer)>,
}

impl FakeDialogs {
    /// The file the next dialog returns (`None`: the user cancels).
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut fake) = self.0.lock() {
            fake.answers.push_back(path);
        }
    }

    /// From now on, no dialog can be shown (a desktop without portal or zenity).
    pub fn make_unavailable(&self) {
        if let Ok(mut fake) = self.0.lock() {
            fake.unavailable = true;
        }
    }

    /// Every dialog opened so far.
    pub fn asked(&self) -> Vec<Purpose> {
        self.0.lock().map(|f| f.asked.clone()).unwrap_or_default()
    }
}

impl Dialogs for FakeDialogs {
    fn request(&mut self, purpose: Purpose, _suggested_name: &str) {
        if let Ok(mut fake) = self.0.lock() {
            fake.asked.push(purpose);
            let answer = if fake.unavailable {
                Answer::Unavailable
            } else {
                match fake.answers.pop_front().flatten() {
                    Some(path) => Answer::Picked(path),
                    None => Answer::Cancelled,
                }
            };
            fake.pending.push_back((purpose, answer));
        }
    }

    fn poll(&mut self) -> Option<(Purpose, Answer)> {
        self.0.lock().ok()?.pending.pop_front()
    }
}
