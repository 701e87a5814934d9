//! The native window: eframe set-up, remembered preferences, closing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Config, NativeDialogs, Prefs, SeriesApp};

impl eframe::App for SeriesApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.last_file = self.doc().path().map(std::path::Path::to_path_buf);
        self.prefs.save(storage);
    }
}

/// Opens the window on `path`, or on the last file, or on the built-in example.
pub fn run(path: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("series-builder")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 560.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "series-builder",
        options,
        Box::new(move |cc| {
            let prefs = Prefs::load(cc.storage);
            let folder = eframe::storage_dir("series-builder");
            let documents = dirs_documents();
            Ok(Box::new(SeriesApp::new(Config {
                dialogs: Box::new(NativeDialogs::new(documents)),
                recovery_folder: folder.map(|f| f.join("recovery")),
                prefs,
                open: path,
            })))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::cli::out::stderr_line(format_args!(
                "series-builder: could not open a window: {e}"
            ));
            ExitCode::from(1)
        }
    }
}

/// Where file dialogs start: the user's home folder.
fn dirs_documents() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}
