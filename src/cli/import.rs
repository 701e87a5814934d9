//! `series-builder import CAMPAIGN.json -o SERIES.ron [--force] [--format text|json]`.

use std::path::Path;

use super::out::{say, say_error};
use super::{Format, exit, print_json, series_json, series_lines};
use crate::file;
use crate::import::{Imported, import_campaign};
use crate::model::{Disengagement, Series};

pub fn run(campaign: &Path, output: &Path, force: bool, format: Format) -> u8 {
    let bytes = match std::fs::read(campaign) {
        Ok(bytes) => bytes,
        Err(e) => {
            say_error!(
                "series-builder: {}: cannot read it: {e}",
                campaign.display()
            );
            return exit::BAD_INPUT;
        }
    };
    let imported = import_campaign(&bytes);
    // Say everything that is wrong at once: the export's problems and the output.
    let refused = !force && output.exists();
    if let Err(e) = &imported {
        for problem in &e.problems {
            say_error!("series-builder: {}: {problem}", campaign.display());
        }
    }
    if refused {
        say_error!(
            "series-builder: {} already exists; add --force to overwrite it",
            output.display()
        );
    }
    let imported = match imported {
        Ok(imported) if !refused => imported,
        _ => return exit::BAD_INPUT,
    };
    if let Err(e) = file::save(output, &imported.series) {
        say_error!("series-builder: {}: {e}", output.display());
        return exit::BAD_INPUT;
    }
    match format {
        Format::Json => {
            let mut json = series_json(&imported.series);
            let hints: Vec<&str> = imported.hints.iter().map(|h| h.message.as_str()).collect();
            json["hints"] = serde_json::json!(hints);
            print_json(&json);
        }
        Format::Text => {
            for line in summary(&imported, output) {
                say!("{line}");
            }
        }
    }
    exit::DONE
}

/// What was made, what was carried over, and the hints.
fn summary(imported: &Imported, output: &Path) -> Vec<String> {
    let series = &imported.series;
    let mut lines = Vec::new();
    if let Some(origin) = &series.origin {
        lines.push(format!(
            "Imported campaign '{}' ({}, {}): {} messages, written to {}",
            origin.campaign_name,
            origin.campaign_id,
            origin.campaign_state.label(),
            origin.messages.len(),
            output.display()
        ));
    }
    lines.extend(series_lines(series));
    lines.push("Carried over:".into());
    lines.extend(settings_lines(series).into_iter().map(|l| format!("  {l}")));
    if !imported.hints.is_empty() {
        lines.push(format!("Hints ({}):", imported.hints.len()));
        lines.extend(imported.hints.iter().map(|h| format!("  - {}", h.message)));
    }
    lines
}

fn settings_lines(series: &Series) -> Vec<String> {
    let settings = &series.settings;
    let title = |id| series.title_of(id);
    let exit_rules = settings.exit_rules_summary(&title);
    let goal = match &settings.goal {
        Some(goal) => format!("{}, and customers who hit it leave", goal.summary(&title)),
        None => "none".into(),
    };
    let disengagement = match settings.disengagement {
        Disengagement::Never => "never".to_string(),
        d => format!("leave {}", d.summary()),
    };
    let stats = series.origin.as_ref().map_or(0, |o| {
        o.messages.iter().filter(|m| !m.stats.is_empty()).count()
    });
    vec![
        format!("Exit rules:    {exit_rules}"),
        format!("Goal:          {goal}"),
        format!("Disengagement: {disengagement}"),
        format!("Stats:         history of {stats} messages kept (the series' own start at 0)"),
    ]
}
