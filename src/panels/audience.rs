//! Preview → Audience: who to simulate (a sample audience or a customers
//! file) and when, Run with a progress bar and Cancel, and the outcome: a
//! summary of the stays and a chart of messages sent per day. The figures on
//! the cards are the canvas' (`canvas::Figures`); this tab only switches them.

use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use egui::{RichText, Ui};

use super::filter_editor::date_picker;
use super::{schedule, widgets};
use crate::action::Action;
use crate::model::{series_zone, to_utc};
use crate::simulate::{Counts, StayOutcome};
use crate::text::{file_name, grouped};

/// The most customers a generated sample may have: a million take seconds.
pub const MAX_SAMPLE: u64 = 1_000_000;

/// Who to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A generated audience of `count` customers.
    Sample,
    /// The customers in a file.
    File,
}

/// What the tab's form holds: the next run's audience and window.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceForm {
    pub who: Who,
    pub file: Option<PathBuf>,
    pub count: u64,
    /// Decides the sample's customers and who opens and clicks what: the same
    /// number gives the same figures.
    pub seed: u64,
    /// When the simulation starts, on the series' clock.
    pub day: NaiveDate,
    pub at: NaiveTime,
    pub days: u32,
}

impl Default for AudienceForm {
    fn default() -> Self {
        AudienceForm {
            who: Who::Sample,
            file: None,
            count: crate::simulate::sample::DEFAULT_COUNT,
            seed: 0,
            day: Utc::now().date_naive(),
            at: NaiveTime::MIN,
            days: crate::simulate::DEFAULT_DAYS,
        }
    }
}

impl AudienceForm {
    /// When the simulation starts, in UTC: the day and time read on the clock
    /// of the series' time zone.
    pub fn from(&self, time_zone: &str) -> DateTime<Utc> {
        to_utc(series_zone(time_zone), self.day.and_time(self.at)).and_utc()
    }

    /// What it simulates, in words: "1,000 sample customers", "customers.jsonl".
    pub fn what(&self) -> String {
        match (self.who, &self.file) {
            (Who::File, Some(path)) => file_name(path),
            _ => format!("{} sample customers", grouped(self.count)),
        }
    }

    /// Whether Run can start: a file is chosen where one is needed.
    pub fn ready(&self) -> bool {
        self.who == Who::Sample || self.file.is_some()
    }
}

/// A run that finished, as the tab shows it.
pub struct Outcome<'a> {
    pub counts: &'a Counts,
    /// "1,000 sample customers" or the file's name.
    pub what: &'a str,
    pub from: DateTime<Utc>,
    pub days: u32,
    /// The series changed since: the figures are of an earlier version.
    pub stale: bool,
}

/// What the tab shows besides the form.
pub struct Shown<'a> {
    /// A run under way: what it simulates, and how far it is (0 to 1).
    pub running: Option<(&'a str, f32)>,
    pub outcome: Option<Outcome<'a>>,
    pub figures_shown: bool,
    /// The series came from a campaign: its history can be shown.
    pub has_campaign: bool,
    /// The series' time zone, for the start.
    pub time_zone: &'a str,
}

/// The tab; returns what the marketer asked for.
pub fn show(ui: &mut Ui, form: &mut AudienceForm, shown: &Shown) -> Vec<Action> {
    let mut out = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("audience")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            who(ui, form, &mut out);
            when(ui, form, shown.time_zone);
            ui.add_space(10.0);
            run_row(ui, form, shown, &mut out);
            ui.add_space(6.0);
            let mut on = shown.figures_shown;
            let toggle = ui.checkbox(&mut on, Action::ToggleFigures.label());
            if toggle.clicked() {
                out.push(Action::ToggleFigures);
            }
            if shown.has_campaign {
                ui.label(
                    RichText::new(
                        "Messages from the campaign show what it really did, under \"Campaign\".",
                    )
                    .small()
                    .weak(),
                );
            }
            if let Some(outcome) = &shown.outcome {
                ui.separator();
                summary(ui, outcome, shown.time_zone, &mut out);
            }
        });
    out
}

fn who(ui: &mut Ui, form: &mut AudienceForm, out: &mut Vec<Action>) {
    widgets::caption(ui, "Customers");
    ui.radio_value(&mut form.who, Who::Sample, "A sample audience");
    ui.indent("sample", |ui| {
        ui.add_enabled_ui(form.who == Who::Sample, |ui| {
            ui.horizontal(|ui| {
                widgets::number(
                    ui,
                    "How many customers",
                    egui::DragValue::new(&mut form.count)
                        .range(1..=MAX_SAMPLE)
                        .speed(10.0),
                );
                ui.label("customers");
            });
        });
    });
    ui.radio_value(
        &mut form.who,
        Who::File,
        "A customers file (.jsonl or .csv)",
    );
    ui.indent("file", |ui| {
        ui.horizontal(|ui| {
            if ui.button(Action::ChooseCustomers.label()).clicked() {
                out.push(Action::ChooseCustomers);
            }
            match &form.file {
                Some(path) => ui
                    .label(file_name(path))
                    .on_hover_text(path.display().to_string()),
                None => ui.label(RichText::new("No file chosen").weak()),
            };
        });
    });
}

fn when(ui: &mut Ui, form: &mut AudienceForm, time_zone: &str) {
    widgets::caption(ui, &format!("Starts ({time_zone})"));
    ui.horizontal(|ui| {
        date_picker(ui, &mut form.day);
        schedule::time(ui, "Start", &mut form.at);
    });
    ui.horizontal(|ui| {
        ui.label("For");
        widgets::number(
            ui,
            "How many days",
            egui::DragValue::new(&mut form.days)
                .range(1..=crate::simulate::MAX_DAYS)
                .speed(0.2),
        );
        ui.label(if form.days == 1 { "day" } else { "days" });
        ui.add_space(12.0);
        ui.label("Seed");
        widgets::number(ui, "Seed", egui::DragValue::new(&mut form.seed).speed(0.2))
            .on_hover_text("The same seed gives the same customers and the same opens and clicks");
    });
}

fn run_row(ui: &mut Ui, form: &AudienceForm, shown: &Shown, out: &mut Vec<Action>) {
    if let Some((what, done)) = shown.running {
        ui.label(format!("Simulating {what}…"));
        ui.horizontal(|ui| {
            let bar = egui::ProgressBar::new(done)
                .show_percentage()
                .desired_width(ui.available_width() - 80.0);
            ui.add(bar);
            if ui.button(Action::CancelSimulation.label()).clicked() {
                out.push(Action::CancelSimulation);
            }
        });
        return;
    }
    let run = ui
        .add_enabled(form.ready(), egui::Button::new(Action::Simulate.label()))
        .on_disabled_hover_text("Choose a customers file first");
    if run.clicked() {
        out.push(Action::Simulate);
    }
}

fn summary(ui: &mut Ui, o: &Outcome, time_zone: &str, out: &mut Vec<Action>) {
    let c = o.counts;
    let zone = series_zone(time_zone);
    let until = o.from + Duration::days(i64::from(o.days));
    ui.label(RichText::new(o.what).strong());
    ui.label(
        RichText::new(format!(
            "{} to {} ({time_zone})",
            o.from.with_timezone(&zone).format("%b %-d, %Y %H:%M"),
            until.with_timezone(&zone).format("%b %-d, %Y %H:%M")
        ))
        .weak(),
    );
    if o.stale {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("The series changed since this run: the figures are greyed.")
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Re-run").clicked() {
                out.push(Action::Simulate);
            }
        });
    }
    ui.add_space(4.0);
    let stays = c.stays;
    let rows = [
        (
            "Entered",
            format!(
                "{} of {} {}",
                grouped(c.entered),
                grouped(c.customers),
                if c.customers == 1 {
                    "customer"
                } else {
                    "customers"
                }
            ),
        ),
        (
            "Finished",
            of_stays(c.outcome(StayOutcome::Finished), stays),
        ),
        ("Exited", of_stays(c.outcome(StayOutcome::Exited), stays)),
        ("Goal hit", of_stays(c.goal_hit, stays)),
        (
            "Disengaged",
            of_stays(c.outcome(StayOutcome::Disengaged), stays),
        ),
        (
            "In progress",
            of_stays(c.outcome(StayOutcome::InProgress), stays),
        ),
        (
            "Messages per customer",
            if c.entered == 0 {
                "none entered".into()
            } else {
                format!("{:.1}", c.messages_sent() as f64 / c.entered as f64)
            },
        ),
    ];
    egui::Grid::new("audience-summary")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (what, value) in rows {
                ui.label(RichText::new(what).weak());
                ui.label(value);
                ui.end_row();
            }
            if c.outcome(StayOutcome::Control) > 0 {
                ui.label(RichText::new("Control group").weak());
                ui.label(of_stays(c.outcome(StayOutcome::Control), stays));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Messages sent per day").strong());
    sends_chart(ui, o, zone);
}

/// "12 (4.0 % of stays)".
fn of_stays(n: u64, stays: u64) -> String {
    if stays == 0 {
        return grouped(n);
    }
    format!(
        "{} ({:.1} % of stays)",
        grouped(n),
        n as f64 * 100.0 / stays as f64
    )
}

/// One bar a day, dated on the series' clock; the bars grey with the other figures when stale.
fn sends_chart(ui: &mut Ui, o: &Outcome, zone: chrono_tz::Tz) {
    use egui_plot::{Bar, BarChart, Plot};
    // Bars, not a line: a day is a count, and a quiet day shows as a gap.
    let colour = if o.stale {
        ui.visuals().weak_text_color()
    } else {
        crate::canvas::style::Palette::new(ui.visuals().dark_mode).accent
    };
    let bars: Vec<Bar> = o
        .counts
        .sends_per_day
        .iter()
        .enumerate()
        .map(|(day, n)| Bar::new(day as f64, *n as f64).width(0.8))
        .collect();
    let (from, days) = (o.from, f64::from(o.days));
    // Only the simulated days are named: a mark past the last bar would be
    // cut off at the plot's edge.
    let day_name = move |x: f64| -> String {
        let day = x.round();
        if (x - day).abs() > 0.01 || day < 0.0 || day >= days {
            return String::new();
        }
        (from + Duration::days(day as i64))
            .with_timezone(&zone)
            .format("%b %-d")
            .to_string()
    };
    Plot::new("sends-per-day")
        .height(160.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(f64::from(o.days) - 0.4)
        .x_axis_formatter(move |mark, _| day_name(mark.value))
        .y_axis_min_width(32.0)
        .label_formatter(move |hover| match hover {
            egui_plot::HoverPosition::NearDataPoint { position, .. } => Some(format!(
                "{}: {} sent",
                day_name(position.x),
                grouped(position.y as u64)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Messages sent", bars).color(colour));
        });
}
