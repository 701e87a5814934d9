//! The editor of one block: rule, content, wait, tag, split test or note.

use chrono::{NaiveDateTime, NaiveTime};
use egui::Ui;

use super::filter_editor::{self, FilterContext};
use super::widgets::{self, caption, labelled_text, span, text_field};
use crate::model::*;

/// Edits a copy of a block; the caller compares it with the original. `zone` is
/// the series' time zone, which a series' clock reads.
pub fn show(ui: &mut Ui, block: &mut Block, tags: &[String], cx: &FilterContext, zone: &str) {
    let hint = match block.kind() {
        Kind::Rule => "e.g. New users",
        Kind::Content => "the message's title",
        Kind::Wait | Kind::Tag | Kind::Split => "optional",
        // A note is its text.
        Kind::Note => "",
    };
    if block.kind() != Kind::Note {
        labelled_text(ui, "Title", &mut block.title, hint);
    }
    match &mut block.kind {
        BlockKind::Rule(rule) => rule_editor(ui, rule, cx),
        BlockKind::Content(content) => content_editor(ui, content, zone),
        BlockKind::Wait(wait) => wait_editor(ui, wait, zone),
        BlockKind::Tag(tag) => tag_editor(ui, tag, tags),
        BlockKind::Split(split) => split_editor(ui, split),
        BlockKind::Note(note) => note_editor(ui, note),
    }
}

fn split_editor(ui: &mut Ui, split: &mut SplitBlock) {
    caption(ui, "Branches");
    ui.label(
        egui::RichText::new("Each customer goes down one branch, always the same one.")
            .small()
            .weak(),
    );
    let mut set = None;
    let mut remove = None;
    let removable = split.branches.len() > SplitBlock::MIN_BRANCHES;
    for (i, share) in split.branches.iter().enumerate() {
        ui.horizontal(|ui| {
            let letter = branch_letter(i);
            ui.label(egui::RichText::new(format!("Branch {letter}")).strong());
            let mut value = *share;
            widgets::number(
                ui,
                &format!("Branch {letter} percent"),
                egui::DragValue::new(&mut value)
                    .range(0..=100)
                    .speed(0.3)
                    .suffix(" %"),
            );
            if value != *share {
                set = Some((i, value));
            }
            if removable
                && ui
                    .small_button("×")
                    .on_hover_text(format!("Remove branch {letter}"))
                    .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some((i, value)) = set {
        split.set_share(i, value);
    }
    if let Some(i) = remove {
        split.remove_branch(i);
    }
    ui.horizontal(|ui| {
        if split.branches.len() < SplitBlock::MAX_BRANCHES && ui.button("+ Add branch").clicked() {
            split.add_branch();
        }
        if ui.button("Share alike").clicked() {
            split.share_alike();
        }
    });
    caption(ui, "Control group");
    let mut control = split.control.is_some();
    ui.checkbox(
        &mut control,
        "Keep a control group that gets no further messages",
    );
    match (control, split.control) {
        (false, Some(_)) => split.set_control(None),
        (true, None) => split.set_control(Some(10)),
        (true, Some(share)) => {
            let mut value = share;
            ui.horizontal(|ui| {
                widgets::number(
                    ui,
                    "Control group percent",
                    egui::DragValue::new(&mut value)
                        .range(1..=98)
                        .speed(0.3)
                        .suffix(" %"),
                );
                ui.label("leave the series, counted, to compare with");
            });
            if value != share {
                split.set_control(Some(value));
            }
        }
        (false, None) => {}
    }
    if split.total() != 100 {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("The shares add up to {}%, not 100%.", split.total()),
        );
    }
}

fn note_editor(ui: &mut Ui, note: &mut NoteBlock) {
    let caption_id = caption(ui, "Note").id;
    ui.add(
        egui::TextEdit::multiline(&mut note.text)
            .hint_text("A note for your team")
            .desired_rows(6)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption_id);
    caption(ui, "Colour");
    ui.horizontal_wrapped(|ui| {
        for colour in NoteColour::ALL {
            ui.radio_value(&mut note.colour, colour, colour.label());
        }
    });
    ui.label(
        egui::RichText::new("Drag its bottom-right corner on the canvas to resize it. Notes are for the team: customers never see them.")
            .small()
            .weak(),
    );
}

fn rule_editor(ui: &mut Ui, rule: &mut RuleBlock, cx: &FilterContext) {
    caption(ui, "Customers continue when they match");
    filter_editor::show(
        ui,
        "rule-filter",
        "(everyone matches: add a condition)",
        &mut rule.filter,
        cx,
    );
    caption(ui, "How long to try");
    let mut waits = matches!(rule.timing, RuleTiming::For(_));
    ui.radio_value(&mut waits, false, "Check once, when they arrive");
    ui.radio_value(&mut waits, true, "Keep checking for up to");
    match (waits, &mut rule.timing) {
        (false, _) => rule.timing = RuleTiming::Once,
        (true, RuleTiming::For(s)) => {
            ui.indent("rule-span", |ui| span(ui, "rule-span-unit", s));
        }
        (true, RuleTiming::Once) => rule.timing = RuleTiming::For(Span::days(1)),
    }
    ui.checkbox(
        &mut rule.no_match_branch,
        "Add a \"no match\" path for customers who don't match in time",
    );
}

fn content_editor(ui: &mut Ui, content: &mut ContentBlock, zone: &str) {
    caption(ui, "Type");
    widgets::combo(
        ui,
        "content-type",
        "Content type",
        ui.available_width() - 8.0,
        (content.content_type.label()).to_string(),
        |ui| {
            for t in ContentType::ALL {
                ui.selectable_value(&mut content.content_type, t, t.label());
            }
        },
    );
    if content.content_type == ContentType::Email {
        labelled_text(ui, "Subject", &mut content.subject, "what the inbox shows");
    }
    let caption_id = caption(ui, "Message").id;
    ui.add(
        egui::TextEdit::multiline(&mut content.body)
            .hint_text("Hi {{first_name}}, …")
            .desired_rows(6)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption_id);
    ui.label(
        egui::RichText::new("{{attribute}} is replaced by each customer's value.")
            .small()
            .weak(),
    );
    caption(ui, "Try to send for");
    span(ui, "send-for", &mut content.send_for);
    if content.content_type != ContentType::Email {
        ui.label(
            egui::RichText::new("In-app messages only reach customers who are online.")
                .small()
                .weak(),
        );
    }
    ui.checkbox(
        &mut content.not_sent_branch,
        "Add a \"not sent\" path for customers it doesn't reach in time",
    );
    caption(ui, "When it may send");
    let mut windowed = content.send_window.is_some();
    ui.checkbox(&mut windowed, "Only on certain days and hours");
    match (windowed, &mut content.send_window) {
        (false, window) => *window = None,
        (true, None) => content.send_window = Some(SendWindow::default()),
        (true, Some(window)) => {
            ui.indent("send-window", |ui| {
                super::schedule::send_window(ui, window, zone)
            });
        }
    }
}

fn wait_editor(ui: &mut Ui, wait: &mut WaitBlock, zone: &str) {
    #[derive(PartialEq, Clone, Copy)]
    enum Choice {
        For,
        Until,
        UntilTime,
    }
    caption(ui, "Wait");
    let mut choice = match wait {
        WaitBlock::For(_) => Choice::For,
        WaitBlock::Until(_) => Choice::Until,
        WaitBlock::UntilTime(_) => Choice::UntilTime,
    };
    // Each choice is followed by its own fields.
    ui.radio_value(&mut choice, Choice::For, "For a while");
    if let WaitBlock::For(s) = wait {
        ui.indent("wait-span", |ui| span(ui, "wait-unit", s));
    }
    ui.radio_value(&mut choice, Choice::Until, "Until a date and time");
    if let WaitBlock::Until(at) = wait {
        ui.indent("wait-date", |ui| date_time(ui, at, zone));
    }
    ui.radio_value(&mut choice, Choice::UntilTime, "Until a time of day");
    if let WaitBlock::UntilTime(t) = wait {
        ui.indent("wait-time", |ui| super::schedule::time_of_day(ui, t, zone));
    }
    match (choice, &*wait) {
        (Choice::For, WaitBlock::For(_))
        | (Choice::Until, WaitBlock::Until(_))
        | (Choice::UntilTime, WaitBlock::UntilTime(_)) => {}
        (Choice::For, _) => *wait = WaitBlock::For(Span::days(1)),
        (Choice::Until, _) => {
            let tomorrow = chrono::Utc::now().date_naive() + chrono::Days::new(1);
            *wait = WaitBlock::Until(
                tomorrow.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
            );
        }
        (Choice::UntilTime, _) => *wait = WaitBlock::UntilTime(TimeOfDay::default()),
    }
}

fn date_time(ui: &mut Ui, at: &mut NaiveDateTime, zone: &str) {
    let (mut date, mut time) = (at.date(), at.time());
    ui.horizontal(|ui| {
        filter_editor::date_picker(ui, &mut date);
        ui.label("at");
        super::schedule::time(ui, "At", &mut time);
    });
    *at = date.and_time(time);
    ui.label(
        egui::RichText::new(format!("In the series' time zone ({zone})."))
            .small()
            .weak(),
    );
}

fn tag_editor(ui: &mut Ui, tag: &mut TagBlock, tags: &[String]) {
    caption(ui, "Tag");
    ui.horizontal(|ui| {
        ui.radio_value(&mut tag.action, TagAction::Add, "Add the tag");
        ui.radio_value(&mut tag.action, TagAction::Remove, "Remove it");
    });
    text_field(ui, &mut tag.tag, "tag name, e.g. onboarded");
    let matching: Vec<&String> = tags
        .iter()
        .filter(|t| **t != tag.tag && t.to_lowercase().contains(&tag.tag.to_lowercase()))
        .take(6)
        .collect();
    if !matching.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Used already:").small().weak());
            for t in matching {
                if ui.small_button(t).clicked() {
                    tag.tag = t.clone();
                }
            }
        });
    }
}

/// Tag names used anywhere in the series, for suggestions.
pub fn tags_in_use(series: &Series) -> Vec<String> {
    fn note(f: &Filter, tags: &mut Vec<String>) {
        f.visit(&mut |c| {
            if let Condition::Tag { tag, .. } = c {
                tags.push(tag.clone());
            }
        })
    }
    let mut tags: Vec<String> = Vec::new();
    for block in series.blocks().values() {
        match &block.kind {
            BlockKind::Tag(t) => tags.push(t.tag.clone()),
            BlockKind::Rule(r) => note(&r.filter, &mut tags),
            _ => {}
        }
    }
    note(&series.settings.exit_rules, &mut tags);
    tags.retain(|t| !t.trim().is_empty());
    tags.sort();
    tags.dedup();
    tags
}
