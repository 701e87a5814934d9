//! The small form a test customer is made in: who they are (attributes of the
//! kinds the filters know, tags, segments), email, time zone, when they sign
//! up, when they are online, what they will do and when, and how they engage.
//! It edits a copy; the caller turns a change into an edit.

use chrono::NaiveTime;
use egui::{RichText, Ui};

use super::schedule;
use super::widgets::{self, caption, labelled_text};
use crate::model::{
    AttributeTest, BlockKind, Condition, DayTime, Engages, Filter, Hours, MAX_DAYS, Online,
    Platform, Series, TestCustomer, TestCustomers, TestEvent, TestSession, TestValue,
};

/// Names the series' filters use, offered when adding to a customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    /// Attributes, each with the kind of value its conditions compare with.
    pub attributes: Vec<(String, Kind)>,
    pub events: Vec<String>,
    pub tags: Vec<String>,
    pub segments: Vec<String>,
}

/// The kinds of attribute values the filters know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Boolean,
    Date,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Text, Kind::Number, Kind::Boolean, Kind::Date];

    fn of(value: &TestValue) -> Kind {
        match value {
            TestValue::Text(_) => Kind::Text,
            TestValue::Number(_) => Kind::Number,
            TestValue::Boolean(_) => Kind::Boolean,
            TestValue::Date(_) => Kind::Date,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "number",
            Kind::Boolean => "true / false",
            Kind::Date => "date",
        }
    }

    fn empty(self) -> TestValue {
        match self {
            Kind::Text => TestValue::Text(String::new()),
            Kind::Number => TestValue::Number(0.0),
            Kind::Boolean => TestValue::Boolean(true),
            Kind::Date => TestValue::Date(DayTime {
                day: 1,
                at: NaiveTime::MIN,
            }),
        }
    }
}

/// Attributes the form has fields of its own for.
const OWN_FIELDS: [&str; 4] = [
    "signed_up_at",
    "email",
    "unsubscribed_from_emails",
    "timezone",
];

impl Suggestions {
    /// Every attribute, event, tag and segment the series' rules, exit rules
    /// and goal name, in the order of their names.
    pub fn of(series: &Series) -> Self {
        let mut s = Suggestions {
            tags: super::block_editor::tags_in_use(series),
            ..Suggestions::default()
        };
        let mut note = |f: &Filter| {
            f.visit(&mut |c| match c {
                Condition::Attribute { attribute, test } => {
                    let kind = match test {
                        AttributeTest::Number { .. } => Kind::Number,
                        AttributeTest::Boolean { .. } => Kind::Boolean,
                        AttributeTest::DaysAgo { .. } | AttributeTest::Date { .. } => Kind::Date,
                        _ => Kind::Text,
                    };
                    if !OWN_FIELDS.contains(&attribute.as_str()) {
                        s.attributes.push((attribute.clone(), kind));
                    }
                }
                Condition::Event { event, .. } => s.events.push(event.clone()),
                Condition::Segment { segment, .. } => s.segments.push(segment.clone()),
                Condition::Tag { .. } | Condition::Engagement { .. } => {}
            })
        };
        for block in series.blocks().values() {
            if let BlockKind::Rule(r) = &block.kind {
                note(&r.filter);
            }
        }
        note(&series.settings.exit_rules);
        if let Some(goal) = &series.settings.goal {
            note(&goal.rules);
        }
        for list in [&mut s.events, &mut s.segments] {
            list.retain(|n| !n.trim().is_empty());
            list.sort();
            list.dedup();
        }
        s.attributes.retain(|(n, _)| !n.trim().is_empty());
        s.attributes.sort_by(|a, b| a.0.cmp(&b.0));
        s.attributes.dedup_by(|a, b| a.0 == b.0);
        s
    }
}

/// What the form needs besides the customer.
pub struct FormContext<'a> {
    /// For the calendar day of "Day 3".
    pub tests: &'a TestCustomers,
    pub suggestions: &'a Suggestions,
    pub series_zone: &'a str,
    /// The other test customers' names: a name is one customer's.
    pub taken: &'a [String],
}

/// Edits a test customer in place.
pub fn show(ui: &mut Ui, c: &mut TestCustomer, cx: &FormContext) {
    name_field(ui, &mut c.name, cx.taken);

    caption(ui, "Signs up");
    let mut known = c.signs_up.is_some();
    ui.horizontal(|ui| {
        ui.checkbox(&mut known, "On")
            .on_hover_text("Unchecked: when they signed up is unknown");
        let mut at = c.signs_up.unwrap_or(DayTime {
            day: 1,
            at: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
        });
        ui.add_enabled_ui(known, |ui| day_time(ui, "Signs up", &mut at, cx));
        c.signs_up = known.then_some(at);
    });

    caption(ui, "Email");
    ui.checkbox(&mut c.email, "Has an email address");
    ui.add_enabled_ui(c.email, |ui| {
        ui.checkbox(&mut c.unsubscribed, "Unsubscribed from emails")
    });

    caption(ui, "Time zone");
    let mut own = c.time_zone.is_some();
    ui.checkbox(
        &mut own,
        format!("Their own (otherwise the series': {})", cx.series_zone),
    );
    match (own, &mut c.time_zone) {
        (false, zone) => *zone = None,
        (true, None) => c.time_zone = Some(cx.series_zone.to_string()),
        (true, Some(zone)) => schedule::time_zone_choice(ui, zone),
    }

    caption(ui, "Online");
    online(ui, &mut c.online, cx);

    caption(ui, "Opens and clicks");
    widgets::combo(
        ui,
        "engages",
        "How they engage",
        200.0,
        engages_words(c.engages).into(),
        |ui| {
            for e in Engages::ALL {
                ui.selectable_value(&mut c.engages, e, engages_words(e));
            }
        },
    );

    caption(ui, "Attributes");
    attributes(ui, &mut c.attributes, cx);

    names(
        ui,
        "Tags",
        &mut c.tags,
        "e.g. beta, vip",
        &cx.suggestions.tags,
    );
    names(
        ui,
        "Segments",
        &mut c.segments,
        "e.g. Active",
        &cx.suggestions.segments,
    );

    caption(ui, "Events they will do");
    events(ui, &mut c.events, cx);
}

/// The name, kept as typed while the field has focus: it becomes the
/// customer's once it is a name (not empty, no other's), so no keystroke is
/// refused on the way; until then the field says why.
fn name_field(ui: &mut Ui, name: &mut String, taken: &[String]) {
    let id = ui.make_persistent_id("name as typed");
    let mut text: String = ui.data(|d| d.get_temp(id)).unwrap_or_else(|| name.clone());
    let response = labelled_text(ui, "Name", &mut text, "e.g. maya");
    let problem = if text.trim().is_empty() {
        Some("A test customer needs a name.")
    } else if taken.contains(&text) {
        Some("Another test customer has this name.")
    } else {
        None
    };
    match problem {
        None => *name = text.clone(),
        Some(why) => {
            ui.label(
                RichText::new(format!("{why} It stays {}.", crate::text::quote(name)))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

fn engages_words(e: Engages) -> &'static str {
    match e {
        Engages::Rates => "By the usual rates",
        Engages::Always => "Opens and clicks everything",
        Engages::Never => "Opens nothing",
    }
}

/// "Day [3] at [09]:[30] · Thu 3 Dec".
fn day_time(ui: &mut Ui, name: &str, at: &mut DayTime, cx: &FormContext) {
    ui.horizontal(|ui| {
        ui.label("Day");
        let max = MAX_DAYS as i32;
        widgets::number(
            ui,
            &format!("{name} day"),
            egui::DragValue::new(&mut at.day)
                .range(-max..=max)
                .speed(0.1),
        );
        ui.label("at");
        schedule::time(ui, name, &mut at.at);
        let date = cx.tests.local(*at).date();
        ui.label(RichText::new(date.format("%a %-d %b").to_string()).weak());
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Weekdays,
    Daily,
    Never,
    Visits,
}

impl When {
    const ALL: [When; 4] = [When::Weekdays, When::Daily, When::Never, When::Visits];

    fn of(online: &Online) -> When {
        match online {
            Online::Weekdays(_) => When::Weekdays,
            Online::Daily(_) => When::Daily,
            Online::Never => When::Never,
            Online::Sessions(_) => When::Visits,
        }
    }

    fn label(self) -> &'static str {
        match self {
            When::Weekdays => "Every weekday",
            When::Daily => "Every day",
            When::Never => "Never",
            When::Visits => "On these visits",
        }
    }
}

fn online(ui: &mut Ui, online: &mut Online, cx: &FormContext) {
    let current = When::of(online);
    let mut when = current;
    widgets::combo(
        ui,
        "online",
        "When they are online",
        160.0,
        when.label().into(),
        |ui| {
            for w in When::ALL {
                ui.selectable_value(&mut when, w, w.label());
            }
        },
    );
    if when != current {
        let hours = match online {
            Online::Weekdays(h) | Online::Daily(h) => *h,
            _ => Hours {
                from: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
                to: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN),
                platform: Platform::Web,
            },
        };
        *online = match when {
            When::Weekdays => Online::Weekdays(hours),
            When::Daily => Online::Daily(hours),
            When::Never => Online::Never,
            When::Visits => Online::Sessions(vec![TestSession {
                when: DayTime {
                    day: 1,
                    at: hours.from,
                },
                minutes: hours.minutes().max(1),
                platform: hours.platform,
            }]),
        };
    }
    match online {
        Online::Weekdays(h) | Online::Daily(h) => {
            ui.horizontal(|ui| {
                ui.label("From");
                schedule::time(ui, "Online from", &mut h.from);
                ui.label("to");
                schedule::time(ui, "Online to", &mut h.to);
            });
            ui.horizontal(|ui| {
                ui.label("On");
                platform(ui, "online-platform", &mut h.platform);
            });
            if !h.is_some_time() {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "These hours end before they start: they are never online.",
                );
            }
        }
        Online::Never => {}
        Online::Sessions(list) => visits(ui, list, cx),
    }
}

fn platform(ui: &mut Ui, id_salt: &str, p: &mut Platform) {
    widgets::combo(ui, id_salt, "Platform", 90.0, p.label().into(), |ui| {
        for candidate in Platform::ALL {
            ui.selectable_value(p, candidate, candidate.label());
        }
    });
}

fn visits(ui: &mut Ui, list: &mut Vec<TestSession>, cx: &FormContext) {
    let mut remove = None;
    for (i, s) in list.iter_mut().enumerate() {
        ui.push_id(("visit", i), |ui| {
            day_time(ui, &format!("Visit {}", i + 1), &mut s.when, cx);
            ui.horizontal(|ui| {
                ui.label("for");
                widgets::number(
                    ui,
                    &format!("Visit {} minutes", i + 1),
                    egui::DragValue::new(&mut s.minutes)
                        .range(1..=24 * 60)
                        .speed(0.5),
                );
                ui.label("minutes on");
                platform(ui, "platform", &mut s.platform);
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        list.remove(i);
    }
    if ui.button("Add a visit").clicked() {
        let last = list.last().copied();
        list.push(TestSession {
            when: last.map_or(
                DayTime {
                    day: 1,
                    at: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
                },
                |s| DayTime {
                    day: s.when.day + 1,
                    ..s.when
                },
            ),
            minutes: last.map_or(30, |s| s.minutes),
            platform: last.map_or(Platform::Web, |s| s.platform),
        });
    }
}

fn attributes(ui: &mut Ui, list: &mut Vec<(String, TestValue)>, cx: &FormContext) {
    let mut remove = None;
    for (i, (name, value)) in list.iter_mut().enumerate() {
        ui.push_id(("attribute", i), |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(name)
                        .hint_text("name")
                        .desired_width(110.0),
                )
                .accessible_name(format!("Attribute {} name", i + 1).as_str());
                let current = Kind::of(value);
                let mut kind = current;
                widgets::combo(
                    ui,
                    "kind",
                    "Kind of value",
                    86.0,
                    kind.label().into(),
                    |ui| {
                        for k in Kind::ALL {
                            ui.selectable_value(&mut kind, k, k.label());
                        }
                    },
                );
                if kind != current {
                    *value = kind.empty();
                }
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
            match value {
                TestValue::Text(text) => {
                    ui.add(
                        egui::TextEdit::singleline(text)
                            .hint_text("value")
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Attribute {} value", i + 1).as_str());
                }
                TestValue::Number(n) => {
                    widgets::number(
                        ui,
                        &format!("Attribute {} value", i + 1),
                        egui::DragValue::new(n).speed(1.0),
                    );
                }
                TestValue::Boolean(b) => {
                    ui.horizontal(|ui| {
                        ui.radio_value(b, true, "true");
                        ui.radio_value(b, false, "false");
                    });
                }
                TestValue::Date(at) => day_time(ui, &format!("Attribute {}", i + 1), at, cx),
            }
            if OWN_FIELDS.contains(&name.trim()) {
                ui.label(
                    RichText::new("A field above sets this one: this value is not used.")
                        .small()
                        .color(ui.visuals().warn_fg_color),
                );
            }
        });
    }
    if let Some(i) = remove {
        list.remove(i);
    }
    let missing: Vec<&(String, Kind)> = cx
        .suggestions
        .attributes
        .iter()
        .filter(|(n, _)| list.iter().all(|(have, _)| have != n))
        .collect();
    ui.menu_button("Add an attribute", |ui| {
        for (name, kind) in missing {
            if ui.button(format!("{name} ({})", kind.label())).clicked() {
                list.push((name.clone(), kind.empty()));
            }
        }
        if ui.button("Another…").clicked() {
            list.push((String::new(), TestValue::Text(String::new())));
        }
    });
}

fn events(ui: &mut Ui, list: &mut Vec<TestEvent>, cx: &FormContext) {
    let mut remove = None;
    for (i, e) in list.iter_mut().enumerate() {
        ui.push_id(("event", i), |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut e.name)
                        .hint_text("e.g. created_first_project")
                        .desired_width(ui.available_width() - 70.0),
                )
                .accessible_name(format!("Event {} name", i + 1).as_str());
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
            day_time(ui, &format!("Event {}", i + 1), &mut e.when, cx);
        });
    }
    if let Some(i) = remove {
        list.remove(i);
    }
    ui.menu_button("Add an event", |ui| {
        for name in &cx.suggestions.events {
            if ui.button(name).clicked() {
                list.push(TestEvent {
                    name: name.clone(),
                    when: DayTime {
                        day: 2,
                        at: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN),
                    },
                });
            }
        }
        if ui.button("Another…").clicked() {
            list.push(TestEvent {
                name: String::new(),
                when: DayTime {
                    day: 2,
                    at: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN),
                },
            });
        }
    });
}

/// Names separated by commas. While the field has focus, its text is kept as
/// typed ("beta, ") and read into names at each change, so the preview follows.
fn names(ui: &mut Ui, label: &str, list: &mut Vec<String>, hint: &str, offered: &[String]) {
    let id = ui.make_persistent_id(("names", label));
    let typed: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = typed.unwrap_or_else(|| list.join(", "));
    let response = labelled_text(ui, label, &mut text, hint);
    let read: Vec<String> = text
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if read != *list {
        *list = read;
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    let missing: Vec<&String> = offered.iter().filter(|n| !list.contains(n)).collect();
    if missing.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Add:").small().weak());
        if missing.len() <= OFFERED_INLINE {
            for name in missing {
                if ui.small_button(name).clicked() {
                    list.push(name.clone());
                }
            }
            return;
        }
        // A big series' thousands of tags: a menu, laid out only while open.
        let what = format!(
            "one of the {} {} the series uses",
            missing.len(),
            label.to_lowercase()
        );
        ui.menu_button(what, |ui| {
            egui::ScrollArea::vertical()
                .max_height(280.0)
                .show(ui, |ui| {
                    for name in missing {
                        if ui.button(name.as_str()).clicked() {
                            list.push(name.clone());
                            ui.close();
                        }
                    }
                });
        });
    });
}

/// Up to this many names the series uses (and the customer lacks) are offered
/// as buttons under the field; more go into a menu.
const OFFERED_INLINE: usize = 8;
