//! The desktop app.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::file;
use crate::model::Series;

/// The built-in example, shown on first start.
pub const EXAMPLE: &str = include_str!("../../assets/onboarding.ron");

pub fn example_series() -> Series {
    // The example ships inside the binary and is tested to load.
    file::from_str(EXAMPLE).unwrap_or_default()
}

struct ListApp {
    series: Series,
}

impl eframe::App for ListApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(&self.series.name);
            for (id, block) in self.series.blocks() {
                ui.label(format!(
                    "{} — {}",
                    block.display_title(),
                    self.series.block_summary(*id)
                ));
            }
        });
    }
}

pub fn run(path: Option<PathBuf>) -> ExitCode {
    let series = match path {
        Some(p) => match file::load(&p) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("series-builder: {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => example_series(),
    };
    let options = eframe::NativeOptions::default();
    match eframe::run_native(
        "series-builder",
        options,
        Box::new(|_cc| Ok(Box::new(ListApp { series }))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("series-builder: could not open a window: {e}");
            ExitCode::from(1)
        }
    }
}
