//! Native file dialogs, reached through a trait so tests use a fake one. Dialogs run
//! on a thread and answer through a channel: the window never freezes.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// What a file is being picked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenSeries,
    SaveSeries,
    ImportCampaign,
}

pub trait Dialogs {
    /// Starts asking the user for a file; the answer comes from [`Dialogs::poll`].
    fn request(&mut self, purpose: Purpose, suggested_name: &str);
    /// A finished request: the file picked, or `None` when the user cancelled.
    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)>;
}

/// The platform's own dialogs, through `rfd`.
pub struct NativeDialogs {
    sender: Sender<(Purpose, Option<PathBuf>)>,
    receiver: Receiver<(Purpose, Option<PathBuf>)>,
    folder: Option<PathBuf>,
}

impl NativeDialogs {
    pub fn new(folder: Option<PathBuf>) -> Self {
        let (sender, receiver) = channel();
        NativeDialogs {
            sender,
            receiver,
            folder,
        }
    }
}

impl Dialogs for NativeDialogs {
    fn request(&mut self, purpose: Purpose, suggested_name: &str) {
        let sender = self.sender.clone();
        let mut dialog = rfd::FileDialog::new();
        if let Some(folder) = &self.folder {
            dialog = dialog.set_directory(folder);
        }
        let dialog = match purpose {
            Purpose::OpenSeries => dialog
                .set_title("Open a series")
                .add_filter("Series", &["ron"]),
            Purpose::SaveSeries => dialog
                .set_title("Save the series")
                .add_filter("Series", &["ron"])
                .set_file_name(suggested_name),
            Purpose::ImportCampaign => dialog
                .set_title("Import a campaign export")
                .add_filter("Campaign export", &["json"]),
        };
        std::thread::spawn(move || {
            let picked = match purpose {
                Purpose::SaveSeries => dialog.save_file(),
                Purpose::OpenSeries | Purpose::ImportCampaign => dialog.pick_file(),
            };
            let _ = sender.send((purpose, picked));
        });
    }

    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
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
    asked: Vec<Purpose>,
    pending: VecDeque<(Purpose, Option<PathBuf>)>,
}

impl FakeDialogs {
    /// The file the next dialog returns (`None`: the user cancels).
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut fake) = self.0.lock() {
            fake.answers.push_back(path);
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
            let answer = fake.answers.pop_front().flatten();
            fake.pending.push_back((purpose, answer));
        }
    }

    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
        self.0.lock().ok()?.pending.pop_front()
    }
}
