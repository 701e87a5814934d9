//! Editors for times of the week: days, times of day, whose clock, time zones.

use chrono::{NaiveTime, Timelike};
use egui::Ui;

use super::widgets;
use crate::model::{Clock, Day, Days, SendWindow, TimeOfDay, time_zone};

/// Seven toggles, Mon to Sun, with presets for working days and every day.
pub fn days(ui: &mut Ui, id_salt: &str, days: &mut Days) {
    ui.push_id(id_salt, |ui| {
        ui.horizontal_wrapped(|ui| {
            for day in Day::ALL {
                let mut on = days.contains(day);
                if ui.toggle_value(&mut on, day.short()).changed() {
                    days.set(day, on);
                }
            }
        });
        ui.horizontal(|ui| {
            if ui.small_button("Weekdays").clicked() {
                *days = Days::WEEKDAYS;
            }
            if ui.small_button("Every day").clicked() {
                *days = Days::EVERY;
            }
        });
    });
}

/// Hours and minutes, "09:30", as two named number fields.
pub fn time(ui: &mut Ui, name: &str, t: &mut NaiveTime) {
    let (mut hour, mut minute) = (t.hour(), t.minute());
    ui.horizontal(|ui| {
        widgets::number(
            ui,
            &format!("{name} hour"),
            egui::DragValue::new(&mut hour)
                .range(0..=23)
                .speed(0.1)
                .custom_formatter(|v, _| format!("{v:02}")),
        );
        ui.label(":");
        widgets::number(
            ui,
            &format!("{name} minute"),
            egui::DragValue::new(&mut minute)
                .range(0..=59)
                .speed(0.2)
                .custom_formatter(|v, _| format!("{v:02}")),
        );
    });
    if let Some(new) = NaiveTime::from_hms_opt(hour, minute, 0) {
        *t = new;
    }
}

/// The customer's time, or the series' time zone.
pub fn clock(ui: &mut Ui, clock: &mut Clock, series_zone: &str) {
    ui.radio_value(clock, Clock::Customer, "In the customer's time zone");
    ui.radio_value(
        clock,
        Clock::Series,
        format!("In the series' time zone ({series_zone})"),
    );
}

/// A send window: days, from–to, whose clock.
pub fn send_window(ui: &mut Ui, window: &mut SendWindow, series_zone: &str) {
    days(ui, "window-days", &mut window.days);
    ui.horizontal(|ui| {
        ui.label("From");
        time(ui, "From", &mut window.from);
        ui.label("to");
        time(ui, "To", &mut window.to);
    });
    clock(ui, &mut window.clock, series_zone);
    if !window.is_open_sometimes() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "This window never opens: choose a day, and hours that end after they start.",
        );
    }
}

/// A wait until a time of day: the time, on which days, whose clock.
pub fn time_of_day(ui: &mut Ui, t: &mut TimeOfDay, series_zone: &str) {
    ui.horizontal(|ui| {
        ui.label("At");
        time(ui, "At", &mut t.at);
    });
    ui.label(
        egui::RichText::new("On (none chosen: any day)")
            .small()
            .weak(),
    );
    days(ui, "time-days", &mut t.days);
    clock(ui, &mut t.clock, series_zone);
}

/// The series' time zone: a drop-down of IANA names with a search field.
pub fn time_zone_choice(ui: &mut Ui, zone: &mut String) {
    let search_id = ui.make_persistent_id("zone-search");
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    widgets::combo(ui, "time-zone", "Time zone", 240.0, zone.clone(), |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut search)
                .hint_text("Search, e.g. Berlin")
                .desired_width(220.0),
        )
        .request_focus();
        let needle = search.to_lowercase();
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                let matching = chrono_tz::TZ_VARIANTS
                    .iter()
                    .map(|tz| tz.name())
                    .filter(|name| name.to_lowercase().contains(&needle))
                    .take(200);
                for name in matching {
                    if ui.selectable_label(zone == name, name).clicked() {
                        *zone = name.to_string();
                    }
                }
            });
    });
    ui.data_mut(|d| d.insert_temp(search_id, search));
    if time_zone(zone).is_none() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "Not a time zone: choose one from the list.",
        );
    }
}
