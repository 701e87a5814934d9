//! The filter editor: nested all/any groups of attribute, event, tag, segment and
//! message conditions, with the operators each value's kind allows.

use chrono::NaiveDate;
use egui::Ui;

use super::widgets;

use crate::model::*;

/// Content blocks an engagement condition can name: (id, title).
pub struct FilterContext<'a> {
    pub content_blocks: &'a [(BlockId, String)],
}

pub fn content_blocks(series: &Series) -> Vec<(BlockId, String)> {
    series
        .blocks()
        .iter()
        .filter(|(_, b)| b.kind() == Kind::Content)
        .map(|(id, b)| (*id, b.display_title()))
        .collect()
}

/// Edits a filter in place. `id_salt` keeps widget ids apart between editors;
/// `when_empty` says what a filter without conditions means here.
pub fn show(ui: &mut Ui, id_salt: &str, when_empty: &str, filter: &mut Filter, cx: &FilterContext) {
    ui.push_id(id_salt, |ui| {
        if let Filter::Condition(_) = filter {
            // A lone condition: show it, and group it once the marketer adds another.
            let mut remove = false;
            condition_row(ui, filter, &mut remove, cx);
            if remove {
                *filter = Filter::default();
            } else if let Some(new) = add_menu(ui, cx, 0) {
                let single = std::mem::take(filter);
                *filter = Filter::All(vec![single, new]);
            }
        } else {
            group(ui, filter, 0, when_empty, cx);
        }
    });
}

/// A group's items; returns true when the group asks to be removed.
fn group(
    ui: &mut Ui,
    filter: &mut Filter,
    depth: usize,
    when_empty: &str,
    cx: &FilterContext,
) -> bool {
    let mut remove_group = false;
    let is_all = matches!(filter, Filter::All(_));
    let count = match filter {
        Filter::All(items) | Filter::Any(items) => items.len(),
        Filter::Condition(_) => 0,
    };
    ui.horizontal(|ui| {
        let mut all = is_all;
        widgets::combo(
            ui,
            "joint",
            "Match all or any",
            110.0,
            (if all { "All of these" } else { "Any of these" }).to_string(),
            |ui| {
                ui.selectable_value(&mut all, true, "All of these");
                ui.selectable_value(&mut all, false, "Any of these");
            },
        );
        if all != is_all {
            let items = match std::mem::take(filter) {
                Filter::All(items) | Filter::Any(items) => items,
                single => vec![single],
            };
            *filter = if all {
                Filter::All(items)
            } else {
                Filter::Any(items)
            };
        }
        if count == 0 {
            let meaning = match (depth, all) {
                (0, _) => when_empty,
                (_, true) => "(everyone)",
                (_, false) => "(no one)",
            };
            ui.label(egui::RichText::new(meaning).weak());
        }
        if depth > 0
            && ui
                .small_button("×")
                .on_hover_text("Remove this group")
                .clicked()
        {
            remove_group = true;
        }
    });
    let (Filter::All(items) | Filter::Any(items)) = filter else {
        return remove_group;
    };
    let mut removed = None;
    for (i, item) in items.iter_mut().enumerate() {
        ui.push_id(i, |ui| {
            let mut remove = false;
            match item {
                Filter::Condition(_) => condition_row(ui, item, &mut remove, cx),
                group_item => {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        remove = group(ui, group_item, depth + 1, "", cx);
                    });
                }
            }
            if remove {
                removed = Some(i);
            }
        });
    }
    if let Some(i) = removed {
        items.remove(i);
    }
    if let Some(new) = add_menu(ui, cx, depth) {
        items.push(new);
    }
    remove_group
}

fn add_menu(ui: &mut Ui, cx: &FilterContext, depth: usize) -> Option<Filter> {
    let mut added = None;
    ui.menu_button("+ Add condition", |ui| {
        for kind in ConditionKind::ALL {
            if kind == ConditionKind::Message && cx.content_blocks.is_empty() {
                continue;
            }
            if ui.button(kind.label()).clicked() {
                added = Some(Filter::Condition(kind.default_condition(cx)));
            }
        }
        // A group added here sits inside `depth + 1` groups: `depth + 2` deep.
        if depth + 2 <= MAX_FILTER_DEPTH {
            ui.separator();
            if ui.button("Group (any of)").clicked() {
                added = Some(Filter::Any(Vec::new()));
            }
        }
    });
    added
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConditionKind {
    Attribute,
    Event,
    Tag,
    Segment,
    Message,
}

impl ConditionKind {
    const ALL: [ConditionKind; 5] = [
        Self::Attribute,
        Self::Event,
        Self::Tag,
        Self::Segment,
        Self::Message,
    ];

    fn of(c: &Condition) -> Self {
        match c {
            Condition::Attribute { .. } => Self::Attribute,
            Condition::Event { .. } => Self::Event,
            Condition::Tag { .. } => Self::Tag,
            Condition::Segment { .. } => Self::Segment,
            Condition::Engagement { .. } => Self::Message,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Attribute => "Attribute",
            Self::Event => "Event",
            Self::Tag => "Tag",
            Self::Segment => "Segment",
            Self::Message => "Message engagement",
        }
    }

    fn default_condition(self, cx: &FilterContext) -> Condition {
        match self {
            Self::Attribute => Condition::Attribute {
                attribute: "plan".into(),
                test: AttributeTest::Text {
                    op: TextOp::Is,
                    value: String::new(),
                },
            },
            Self::Event => Condition::Event {
                event: String::new(),
                test: EventTest::Performed,
            },
            Self::Tag => Condition::Tag {
                tag: String::new(),
                op: TagOp::Has,
            },
            Self::Segment => Condition::Segment {
                segment: String::new(),
                op: SegmentOp::In,
            },
            Self::Message => Condition::Engagement {
                block: cx.content_blocks.first().map_or(BlockId(0), |(id, _)| *id),
                op: EngagementOp::Received,
            },
        }
    }
}

fn condition_row(ui: &mut Ui, item: &mut Filter, remove: &mut bool, cx: &FilterContext) {
    let Filter::Condition(condition) = item else {
        return;
    };
    egui::Frame::NONE
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(6.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let current = ConditionKind::of(condition);
                let mut kind = current;
                widgets::combo(
                    ui,
                    "kind",
                    "Condition kind",
                    96.0,
                    (kind.label()).to_string(),
                    |ui| {
                        for k in ConditionKind::ALL {
                            ui.selectable_value(&mut kind, k, k.label());
                        }
                    },
                );
                if kind != current {
                    *condition = kind.default_condition(cx);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .small_button("×")
                        .on_hover_text("Remove this condition")
                        .clicked()
                    {
                        *remove = true;
                    }
                    name_field(ui, condition);
                });
            });
            match condition {
                Condition::Attribute { test, .. } => attribute_test(ui, test),
                Condition::Event { test, .. } => event_test(ui, test),
                Condition::Tag { op, .. } => {
                    ui.horizontal(|ui| {
                        ui.radio_value(op, TagOp::Has, "has the tag");
                        ui.radio_value(op, TagOp::HasNot, "does not have it");
                    });
                }
                Condition::Segment { op, .. } => {
                    ui.horizontal(|ui| {
                        ui.radio_value(op, SegmentOp::In, "in the segment");
                        ui.radio_value(op, SegmentOp::NotIn, "not in it");
                    });
                }
                Condition::Engagement { block, op } => engagement(ui, block, op, cx),
            }
        });
}

fn name_field(ui: &mut Ui, condition: &mut Condition) {
    let (text, hint) = match condition {
        Condition::Attribute { attribute, .. } => (attribute, "attribute"),
        Condition::Event { event, .. } => (event, "event name"),
        Condition::Tag { tag, .. } => (tag, "tag name"),
        Condition::Segment { segment, .. } => (segment, "segment name"),
        Condition::Engagement { .. } => return,
    };
    if hint == "attribute" {
        ui.menu_button("…", |ui| {
            for name in WELL_KNOWN_ATTRIBUTES {
                if ui.button(name).clicked() {
                    *text = name.to_string();
                }
            }
        })
        .response
        .on_hover_text("Well-known attributes");
    }
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(ui.available_width()),
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Text,
    Number,
    Boolean,
    DaysAgo,
    Date,
    Presence,
}

impl ValueKind {
    const ALL: [ValueKind; 6] = [
        Self::Text,
        Self::Number,
        Self::Boolean,
        Self::DaysAgo,
        Self::Date,
        Self::Presence,
    ];

    fn of(test: &AttributeTest) -> Self {
        match test {
            AttributeTest::Text { .. } => Self::Text,
            AttributeTest::Number { .. } => Self::Number,
            AttributeTest::Boolean { .. } => Self::Boolean,
            AttributeTest::DaysAgo { .. } => Self::DaysAgo,
            AttributeTest::Date { .. } => Self::Date,
            AttributeTest::IsUnknown | AttributeTest::HasAnyValue => Self::Presence,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Boolean => "true / false",
            Self::DaysAgo => "days ago",
            Self::Date => "date",
            Self::Presence => "known or not",
        }
    }

    fn default_test(self) -> AttributeTest {
        match self {
            Self::Text => AttributeTest::Text {
                op: TextOp::Is,
                value: String::new(),
            },
            Self::Number => AttributeTest::Number {
                op: NumberOp::Is,
                value: 0.0,
            },
            Self::Boolean => AttributeTest::Boolean { value: true },
            Self::DaysAgo => AttributeTest::DaysAgo {
                op: DaysAgoOp::MoreThan,
                days: 1,
            },
            Self::Date => AttributeTest::Date {
                op: DateOp::After,
                date: chrono::Utc::now().date_naive(),
            },
            Self::Presence => AttributeTest::HasAnyValue,
        }
    }
}

fn op_combo<T: Copy + PartialEq>(ui: &mut Ui, op: &mut T, all: &[T], words: fn(T) -> &'static str) {
    widgets::combo(
        ui,
        "op",
        "Comparison",
        120.0,
        (words(*op)).to_string(),
        |ui| {
            for candidate in all {
                ui.selectable_value(op, *candidate, words(*candidate));
            }
        },
    );
}

fn attribute_test(ui: &mut Ui, test: &mut AttributeTest) {
    ui.horizontal_wrapped(|ui| {
        let current = ValueKind::of(test);
        let mut kind = current;
        widgets::combo(
            ui,
            "value-kind",
            "Kind of value",
            92.0,
            (kind.label()).to_string(),
            |ui| {
                for k in ValueKind::ALL {
                    ui.selectable_value(&mut kind, k, k.label());
                }
            },
        );
        if kind != current {
            *test = kind.default_test();
        }
        match test {
            AttributeTest::Text { op, value } => {
                op_combo(ui, op, &TextOp::ALL, TextOp::words);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text("value")
                        .desired_width(ui.available_width().max(80.0)),
                );
            }
            AttributeTest::Number { op, value } => {
                op_combo(ui, op, &NumberOp::ALL, NumberOp::words);
                widgets::number(ui, "Value", egui::DragValue::new(value).speed(1.0));
            }
            AttributeTest::Boolean { value } => {
                ui.label("is");
                ui.radio_value(value, true, "true");
                ui.radio_value(value, false, "false");
            }
            AttributeTest::DaysAgo { op, days } => {
                op_combo(ui, op, &DaysAgoOp::ALL, DaysAgoOp::words);
                widgets::number(
                    ui,
                    "Days",
                    egui::DragValue::new(days).range(0..=3650).speed(0.1),
                );
                ui.label(if *days == 1 { "day ago" } else { "days ago" });
            }
            AttributeTest::Date { op, date } => {
                op_combo(ui, op, &DateOp::ALL, DateOp::words);
                date_picker(ui, date);
            }
            AttributeTest::IsUnknown | AttributeTest::HasAnyValue => {
                let mut known = matches!(test, AttributeTest::HasAnyValue);
                ui.radio_value(&mut known, true, "has any value");
                ui.radio_value(&mut known, false, "is unknown");
                *test = if known {
                    AttributeTest::HasAnyValue
                } else {
                    AttributeTest::IsUnknown
                };
            }
        }
    });
}

/// egui_extras' date picker, on a chrono date.
pub fn date_picker(ui: &mut Ui, date: &mut NaiveDate) {
    use chrono::Datelike;
    let Ok(mut picked) = jiff::civil::Date::new(
        i16::try_from(date.year()).unwrap_or(2026),
        date.month() as i8,
        date.day() as i8,
    ) else {
        return;
    };
    ui.add(egui_extras::DatePickerButton::new(&mut picked).id_salt("date"));
    if let Some(d) = NaiveDate::from_ymd_opt(
        i32::from(picked.year()),
        picked.month() as u32,
        picked.day() as u32,
    ) {
        *date = d;
    }
}

fn event_test(ui: &mut Ui, test: &mut EventTest) {
    #[derive(PartialEq, Clone, Copy)]
    enum Op {
        Did,
        Never,
        AtLeast,
        AtMost,
    }
    let (mut op, mut count) = match *test {
        EventTest::Performed => (Op::Did, 1),
        EventTest::NotPerformed => (Op::Never, 1),
        EventTest::CountAtLeast(n) => (Op::AtLeast, n),
        EventTest::CountAtMost(n) => (Op::AtMost, n),
    };
    let words = |op: Op| match op {
        Op::Did => "did it",
        Op::Never => "never did it",
        Op::AtLeast => "did it at least",
        Op::AtMost => "did it at most",
    };
    ui.horizontal(|ui| {
        op_combo(
            ui,
            &mut op,
            &[Op::Did, Op::Never, Op::AtLeast, Op::AtMost],
            words,
        );
        if matches!(op, Op::AtLeast | Op::AtMost) {
            widgets::number(
                ui,
                "Times",
                egui::DragValue::new(&mut count)
                    .range(0..=100_000)
                    .speed(0.1),
            );
            ui.label("times");
        }
    });
    *test = match op {
        Op::Did => EventTest::Performed,
        Op::Never => EventTest::NotPerformed,
        Op::AtLeast => EventTest::CountAtLeast(count),
        Op::AtMost => EventTest::CountAtMost(count),
    };
}

fn engagement(ui: &mut Ui, block: &mut BlockId, op: &mut EngagementOp, cx: &FilterContext) {
    ui.horizontal_wrapped(|ui| {
        op_combo(ui, op, &EngagementOp::ALL, EngagementOp::words);
        let title = cx
            .content_blocks
            .iter()
            .find(|(id, _)| id == block)
            .map_or_else(
                || "(a message no longer here)".to_string(),
                |(_, t)| t.clone(),
            );
        widgets::combo(ui, "message", "Message", 150.0, (title).to_string(), |ui| {
            for (id, title) in cx.content_blocks {
                ui.selectable_value(block, *id, title);
            }
        });
    });
}
