//! The editor of one block: rule, content, wait or tag.

use chrono::{NaiveDateTime, NaiveTime, Timelike};
use egui::Ui;

use super::filter_editor::{self, FilterContext};
use super::widgets::{self, caption, labelled_text, span, text_field};
use crate::model::*;

/// Edits a copy of a block; the caller compares it with the original.
pub fn show(ui: &mut Ui, block: &mut Block, tags: &[String], cx: &FilterContext) {
    let hint = match block.kind() {
        Kind::Rule => "e.g. New users",
        Kind::Content => "the message's title",
        Kind::Wait | Kind::Tag => "optional",
    };
    labelled_text(ui, "Title", &mut block.title, hint);
    match &mut block.kind {
        BlockKind::Rule(rule) => rule_editor(ui, rule, cx),
        BlockKind::Content(content) => content_editor(ui, content),
        BlockKind::Wait(wait) => wait_editor(ui, wait),
        BlockKind::Tag(tag) => tag_editor(ui, tag, tags),
    }
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

fn content_editor(ui: &mut Ui, content: &mut ContentBlock) {
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
}

fn wait_editor(ui: &mut Ui, wait: &mut WaitBlock) {
    caption(ui, "Wait");
    // Each choice is followed by its own fields.
    let mut until = matches!(wait, WaitBlock::Until(_));
    ui.radio_value(&mut until, false, "For a while");
    if let WaitBlock::For(s) = wait {
        ui.indent("wait-span", |ui| span(ui, "wait-unit", s));
    }
    ui.radio_value(&mut until, true, "Until a date and time");
    if let WaitBlock::Until(at) = wait {
        ui.indent("wait-date", |ui| date_time(ui, at));
    }
    match (until, &*wait) {
        (false, WaitBlock::Until(_)) => *wait = WaitBlock::For(Span::days(1)),
        (true, WaitBlock::For(_)) => {
            let tomorrow = chrono::Utc::now().date_naive() + chrono::Days::new(1);
            *wait = WaitBlock::Until(
                tomorrow.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
            );
        }
        _ => {}
    }
}

fn date_time(ui: &mut Ui, at: &mut NaiveDateTime) {
    let mut date = at.date();
    let (mut hour, mut minute) = (at.hour(), at.minute());
    ui.horizontal(|ui| {
        filter_editor::date_picker(ui, &mut date);
        ui.label("at");
        widgets::number(
            ui,
            "Hour",
            egui::DragValue::new(&mut hour)
                .range(0..=23)
                .speed(0.1)
                .custom_formatter(|v, _| format!("{v:02}")),
        );
        ui.label(":");
        widgets::number(
            ui,
            "Minute",
            egui::DragValue::new(&mut minute)
                .range(0..=59)
                .speed(0.1)
                .custom_formatter(|v, _| format!("{v:02}")),
        );
    });
    if let Some(time) = NaiveTime::from_hms_opt(hour, minute, 0) {
        *at = date.and_time(time);
    }
    ui.label(egui::RichText::new("In UTC.").small().weak());
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
