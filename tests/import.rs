//! Campaign import (`spec/campaign-export.md`): the example exports become the
//! series the spec describes, and every kind of bad export is refused with a
//! message naming the place.

use proptest::prelude::*;
use serde_json::{Value, json};
use series_builder::file;
use series_builder::import::{ImportError, Imported, Problem, import_campaign};
use series_builder::model::*;

const TRIAL: &[u8] = include_bytes!("campaigns/trial-onboarding.json");
const ADOPTION: &[u8] = include_bytes!("campaigns/feature-adoption.json");
const BAD_TYPE: &[u8] = include_bytes!("campaigns/bad-unknown-type.json");

// ---------------------------------------------------------------- helpers

fn import(bytes: &[u8]) -> Imported {
    match import_campaign(bytes) {
        Ok(imported) => imported,
        Err(e) => panic!("import failed:\n{e}"),
    }
}

fn trial() -> Value {
    serde_json::from_slice(TRIAL).unwrap()
}

fn import_value(v: &Value) -> Result<Imported, ImportError> {
    import_campaign(serde_json::to_string_pretty(v).unwrap().as_bytes())
}

fn problems(v: &Value) -> Vec<Problem> {
    match import_value(v) {
        Ok(_) => panic!("the export was accepted"),
        Err(e) => e.problems,
    }
}

/// Sets the value at a JSON pointer (`/campaign/messages/1/content_type`),
/// adding the field if the object lacks it.
fn set(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match v.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key.to_string(), new);
        }
        Some(Value::Array(items)) => items[key.parse::<usize>().unwrap()] = new,
        _ => panic!("no {parent}"),
    }
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key))
        .unwrap_or_else(|| panic!("no {pointer}"));
}

/// The one problem at `path`; its message must contain every word.
fn assert_problem(problems: &[Problem], path: &str, words: &[&str]) {
    let Some(p) = problems.iter().find(|p| p.path == path) else {
        panic!("no problem at {path}; got:\n{problems:#?}");
    };
    for w in words {
        assert!(
            p.message.contains(w),
            "problem at {path} does not mention {w:?}: {}",
            p.message
        );
    }
}

/// Changes one thing in the trial export; the import must refuse it with exactly
/// one problem at `path`, mentioning `words`.
fn rejects(change: impl FnOnce(&mut Value), path: &str, words: &[&str]) {
    let mut v = trial();
    change(&mut v);
    let found = problems(&v);
    assert_problem(&found, path, words);
    assert_eq!(found.len(), 1, "expected one problem, got:\n{found:#?}");
}

/// The trial export with message 3's audience replaced by one condition.
fn with_condition(condition: Value) -> Value {
    let mut v = trial();
    set(
        &mut v,
        "/campaign/messages/2/audience_rules",
        json!({ "all": [condition] }),
    );
    v
}

fn condition_problems(condition: Value) -> Vec<Problem> {
    problems(&with_condition(condition))
}

const COND: &str = "campaign.messages[2].audience_rules.all[0]";

fn rule_filter(s: &Series, id: BlockId) -> &Filter {
    &s.block(id).unwrap().as_rule().unwrap().filter
}

fn count(s: &Series, kind: Kind) -> usize {
    s.count_by_kind()[&kind]
}

// ---------------------------------------------------------------- the examples

#[test]
fn trial_onboarding_becomes_the_series_the_spec_describes() {
    let imported = import(TRIAL);
    let s = &imported.series;
    assert_eq!(s.name, "Trial onboarding");
    assert_eq!(s.status, Status::Draft);
    assert_eq!(s.len(), 13);
    assert_eq!(count(s, Kind::Rule), 5);
    assert_eq!(count(s, Kind::Content), 4);
    assert_eq!(count(s, Kind::Wait), 4);
    assert_eq!(count(s, Kind::Tag), 0);
    assert_eq!(s.connection_count(), 8);
    assert_eq!(s.entry_points().len(), 5);

    let goal = s.settings.goal.as_ref().unwrap();
    assert_eq!(goal.within_days, Some(14));
    assert!(goal.exit_on_goal);
    assert_eq!(
        goal.rules,
        Filter::All(vec![Filter::Condition(Condition::Event {
            event: "created_first_project".into(),
            test: EventTest::Performed,
        })])
    );
    assert_eq!(
        s.settings.exit_rules,
        Filter::Any(vec![Filter::Condition(Condition::Tag {
            tag: "churned".into(),
            op: TagOp::Has,
        })])
    );
    assert_eq!(s.settings.disengagement, Disengagement::AfterDays(30));

    let entry = s.block(imported.entry_block).unwrap();
    assert_eq!(entry.title, "Campaign entry rules");
    assert_eq!(
        entry.as_rule().unwrap().filter.summary(&|_| None),
        "type is user and signed up less than 1 day ago"
    );
}

#[test]
fn each_message_becomes_rule_content_and_wait_connected_in_a_column() {
    let imported = import(TRIAL);
    let s = &imported.series;
    let origin = s.origin.as_ref().unwrap();
    let titles: Vec<&str> = origin.messages.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Welcome Email",
            "Welcome Chat",
            "Getting started post",
            "Need a hand?"
        ]
    );
    for m in &origin.messages {
        let rule = s.block(m.rule_block).unwrap();
        assert_eq!(rule.title, format!("Who gets '{}'", m.title));
        assert_eq!(rule.as_rule().unwrap().timing, RuleTiming::Once);
        assert_eq!(s.target(m.rule_block, Output::Match), Some(m.content_block));
        let content = s.block(m.content_block).unwrap();
        assert_eq!(content.title, m.title);
        assert_eq!(content.as_content().unwrap().send_for, Span::days(3));
        let wait = s.target(m.content_block, Output::Sent).unwrap();
        assert_eq!(
            s.block(wait).unwrap().kind,
            BlockKind::Wait(WaitBlock::For(Span::days(1)))
        );
        assert_eq!(s.outgoing(wait).count(), 0, "the wait leads nowhere yet");
    }
    let email = s
        .block(origin.messages[0].content_block)
        .unwrap()
        .as_content()
        .unwrap();
    assert_eq!(email.content_type, ContentType::Email);
    assert_eq!(email.subject, "Welcome to Acme");
    assert_eq!(
        email.body,
        "Hi {{first_name}}, thanks for starting your trial. Here is how to get going."
    );
    // No audience rules: `type is user`.
    assert_eq!(
        rule_filter(s, origin.messages[0].rule_block),
        &Filter::type_is_user()
    );
    assert_eq!(
        rule_filter(s, origin.messages[2].rule_block),
        &Filter::All(vec![Filter::Condition(Condition::Attribute {
            attribute: "signed_up_at".into(),
            test: AttributeTest::DaysAgo {
                op: DaysAgoOp::Exactly,
                days: 3
            },
        })])
    );
}

#[test]
fn need_a_hand_keeps_its_engagement_condition_on_the_welcome_chat_block() {
    let imported = import(TRIAL);
    let s = &imported.series;
    let origin = s.origin.as_ref().unwrap();
    let chat = origin.messages[1].content_block;
    assert_eq!(s.block(chat).unwrap().title, "Welcome Chat");
    assert_eq!(
        rule_filter(s, origin.messages[3].rule_block),
        &Filter::All(vec![Filter::Condition(Condition::Engagement {
            block: chat,
            op: EngagementOp::NotReceived,
        })])
    );
    assert_eq!(
        s.block_summary(origin.messages[3].rule_block),
        "did not receive 'Welcome Chat'"
    );
}

#[test]
fn the_campaign_and_its_stats_are_recorded() {
    let s = import(TRIAL).series;
    let origin = s.origin.unwrap();
    assert_eq!(origin.campaign_id, "cmp_1042");
    assert_eq!(origin.campaign_name, "Trial onboarding");
    assert_eq!(origin.campaign_state, CampaignState::Live);
    assert_eq!(origin.go_live_choice, GoLiveChoice::Undecided);
    let ids: Vec<&str> = origin
        .messages
        .iter()
        .map(|m| m.message_id.as_str())
        .collect();
    assert_eq!(ids, ["msg_1", "msg_2", "msg_3", "msg_4"]);
    let stats = &origin.messages[0].stats;
    assert_eq!(stats["sent"], 1204);
    assert_eq!(stats["opened"], 731);
    assert_eq!(stats["clicked"], 212);
    assert_eq!(stats["goal_hit"], 96);
    assert_eq!(origin.messages[1].stats["replied"], 57);
    assert!(origin.messages[3].stats.is_empty());
}

#[test]
fn feature_adoption_gives_ten_blocks_with_two_day_waits() {
    let imported = import(ADOPTION);
    let s = &imported.series;
    assert_eq!(s.len(), 10);
    assert_eq!(count(s, Kind::Rule), 4);
    assert_eq!(count(s, Kind::Content), 3);
    assert_eq!(count(s, Kind::Wait), 3);
    assert_eq!(s.connection_count(), 6);
    let origin = s.origin.as_ref().unwrap();
    assert_eq!(origin.campaign_state, CampaignState::Paused);
    for m in &origin.messages {
        let wait = s.target(m.content_block, Output::Sent).unwrap();
        assert_eq!(
            s.block(wait).unwrap().kind,
            BlockKind::Wait(WaitBlock::For(Span::days(2)))
        );
    }
    let tour = s
        .block(origin.messages[0].content_block)
        .unwrap()
        .as_content()
        .unwrap();
    assert_eq!(tour.content_type, ContentType::ProductTour);
    // "Did you know?" goes to those who clicked "Reports on mobile".
    assert_eq!(
        rule_filter(s, origin.messages[2].rule_block).engagement_blocks(),
        [origin.messages[1].content_block]
    );
    assert_eq!(s.settings.goal, None);
    assert_eq!(s.settings.disengagement, Disengagement::Never);
    assert_eq!(
        s.settings.exit_rules.summary(&|_| None),
        "did viewed_report"
    );
}

#[test]
fn no_spacing_means_no_wait_blocks() {
    let mut v = trial();
    set(&mut v, "/campaign/message_spacing_days", json!(0));
    let s = import_value(&v).unwrap().series;
    assert_eq!(s.len(), 9);
    assert_eq!(count(&s, Kind::Wait), 0);
    assert_eq!(s.connection_count(), 4);
    assert_eq!(s.entry_points().len(), 5);
}

#[test]
fn null_and_empty_audiences_become_type_is_user() {
    let mut v = trial();
    set(
        &mut v,
        "/campaign/messages/2/audience_rules",
        json!({ "all": [] }),
    );
    set(
        &mut v,
        "/campaign/messages/3/audience_rules",
        json!({ "any": [{ "all": [] }] }),
    );
    remove(&mut v, "/campaign/messages/0/audience_rules");
    let s = import_value(&v).unwrap().series;
    for m in &s.origin.as_ref().unwrap().messages {
        assert_eq!(
            rule_filter(&s, m.rule_block),
            &Filter::type_is_user(),
            "{}",
            m.title
        );
    }
}

#[test]
fn optional_parts_may_be_null_or_left_out() {
    let mut v = trial();
    for key in ["exit_rules", "goal", "exit_after_days_without_message"] {
        set(&mut v, &format!("/campaign/{key}"), Value::Null);
    }
    remove(&mut v, "/exported_at");
    remove(&mut v, "/campaign/messages/0/stats");
    remove(&mut v, "/campaign/messages/0/subject");
    let s = import_value(&v).unwrap().series;
    assert!(s.settings.exit_rules.is_empty());
    assert_eq!(s.settings.goal, None);
    assert_eq!(s.settings.disengagement, Disengagement::Never);
    let origin = s.origin.unwrap();
    assert!(origin.messages[0].stats.is_empty());

    let mut v = trial();
    for key in ["exit_rules", "goal", "exit_after_days_without_message"] {
        remove(&mut v, &format!("/campaign/{key}"));
    }
    assert!(import_value(&v).is_ok());
}

#[test]
fn unknown_fields_are_ignored_anywhere() {
    let mut v = trial();
    set(&mut v, "/exporter", json!({ "name": "newer tool", "v": 2 }));
    set(&mut v, "/campaign/owner", json!("ana@example.com"));
    set(&mut v, "/campaign/messages/0/locale", json!("en"));
    set(&mut v, "/campaign/messages/0/stats/bounced", json!(3));
    set(&mut v, "/campaign/goal/note", json!(null));
    set(&mut v, "/campaign/entry_rules/comment", json!("why"));
    set(
        &mut v,
        "/campaign/entry_rules/all/0/case_sensitive",
        json!(true),
    );
    let imported = import_value(&v).unwrap();
    let plain = import(TRIAL);
    assert_eq!(imported.series.settings, plain.series.settings);
    assert_eq!(imported.series.blocks(), plain.series.blocks());
    assert_eq!(
        imported.series.origin.unwrap().messages[0].stats["bounced"],
        3
    );
}

#[test]
fn every_kind_of_condition_is_read() {
    let filter = json!({ "any": [
        { "attribute": "name", "op": "starts_with", "value": "Ann" },
        { "attribute": "seats", "op": "greater_than", "value": 4.5 },
        { "attribute": "seats", "op": "is_not", "value": 3 },
        { "attribute": "beta", "op": "is", "value": false },
        { "attribute": "last_seen_at", "op": "more_than_days_ago", "value": 7 },
        { "attribute": "renewal", "op": "before", "value": "2021-07-01" },
        { "attribute": "phone", "op": "is_unknown" },
        { "attribute": "email", "op": "has_any_value" },
        { "all": [
            { "event": "invited_teammate", "op": "count_at_least", "value": 2 },
            { "event": "exported", "op": "count_at_most", "value": 0 },
            { "tag": "vip", "op": "has_not" },
            { "segment": "Active", "op": "in" },
            { "message": "msg_4", "op": "dismissed" }
        ] }
    ] });
    let mut v = trial();
    set(&mut v, "/campaign/messages/2/audience_rules", filter);
    let s = import_value(&v).unwrap().series;
    let origin = s.origin.as_ref().unwrap();
    let later = origin.messages[3].content_block;
    let attr = |attribute: &str, test: AttributeTest| {
        Filter::Condition(Condition::Attribute {
            attribute: attribute.into(),
            test,
        })
    };
    let expected = Filter::Any(vec![
        attr(
            "name",
            AttributeTest::Text {
                op: TextOp::StartsWith,
                value: "Ann".into(),
            },
        ),
        attr(
            "seats",
            AttributeTest::Number {
                op: NumberOp::GreaterThan,
                value: 4.5,
            },
        ),
        attr(
            "seats",
            AttributeTest::Number {
                op: NumberOp::IsNot,
                value: 3.0,
            },
        ),
        attr("beta", AttributeTest::Boolean { value: false }),
        attr(
            "last_seen_at",
            AttributeTest::DaysAgo {
                op: DaysAgoOp::MoreThan,
                days: 7,
            },
        ),
        attr(
            "renewal",
            AttributeTest::Date {
                op: DateOp::Before,
                date: chrono::NaiveDate::from_ymd_opt(2021, 7, 1).unwrap(),
            },
        ),
        attr("phone", AttributeTest::IsUnknown),
        attr("email", AttributeTest::HasAnyValue),
        Filter::All(vec![
            Filter::Condition(Condition::Event {
                event: "invited_teammate".into(),
                test: EventTest::CountAtLeast(2),
            }),
            Filter::Condition(Condition::Event {
                event: "exported".into(),
                test: EventTest::CountAtMost(0),
            }),
            Filter::Condition(Condition::Tag {
                tag: "vip".into(),
                op: TagOp::HasNot,
            }),
            Filter::Condition(Condition::Segment {
                segment: "Active".into(),
                op: SegmentOp::In,
            }),
            Filter::Condition(Condition::Engagement {
                block: later,
                op: EngagementOp::Dismissed,
            }),
        ]),
    ]);
    assert_eq!(rule_filter(&s, origin.messages[2].rule_block), &expected);
}

#[test]
fn engagement_in_exit_rules_and_goal_names_content_blocks() {
    let mut v = trial();
    set(
        &mut v,
        "/campaign/exit_rules",
        json!({ "any": [{ "message": "msg_1", "op": "clicked" }] }),
    );
    set(
        &mut v,
        "/campaign/goal/rules",
        json!({ "message": "msg_2", "op": "replied" }),
    );
    let s = import_value(&v).unwrap().series;
    let origin = s.origin.as_ref().unwrap();
    assert_eq!(
        s.settings.exit_rules.engagement_blocks(),
        [origin.messages[0].content_block]
    );
    assert_eq!(
        s.settings.goal.as_ref().unwrap().rules.engagement_blocks(),
        [origin.messages[1].content_block]
    );
}

// ---------------------------------------------------------------- layout

#[test]
fn entry_block_is_top_left_and_columns_read_left_to_right() {
    let imported = import(TRIAL);
    let s = &imported.series;
    let entry = s.block(imported.entry_block).unwrap().pos;
    for b in s.blocks().values() {
        assert!(
            b.pos.x >= entry.x && b.pos.y >= entry.y,
            "{} is left of or above the entry",
            b.display_title()
        );
    }
    let origin = s.origin.as_ref().unwrap();
    let xs: Vec<f32> = origin
        .messages
        .iter()
        .map(|m| s.block(m.rule_block).unwrap().pos.x)
        .collect();
    assert!(
        xs.windows(2).all(|w| w[0] < w[1]),
        "columns out of order: {xs:?}"
    );
    assert!(xs[0] > entry.x);
    for m in &origin.messages {
        let rule = s.block(m.rule_block).unwrap().pos;
        let content = s.block(m.content_block).unwrap().pos;
        let wait = s
            .block(s.target(m.content_block, Output::Sent).unwrap())
            .unwrap()
            .pos;
        assert_eq!(
            (rule.x, content.x),
            (content.x, wait.x),
            "one column per message"
        );
        assert!(
            rule.y < content.y && content.y < wait.y,
            "rule, then content, then wait"
        );
    }
}

#[test]
fn no_two_blocks_overlap() {
    // Cards are about 220 x 90; the canvas may centre them or hang them from a corner.
    for bytes in [TRIAL, ADOPTION] {
        let s = import(bytes).series;
        let blocks: Vec<_> = s.blocks().values().collect();
        for (i, a) in blocks.iter().enumerate() {
            for b in &blocks[i + 1..] {
                let apart =
                    (a.pos.x - b.pos.x).abs() >= 260.0 || (a.pos.y - b.pos.y).abs() >= 120.0;
                assert!(
                    apart,
                    "'{}' and '{}' overlap",
                    a.display_title(),
                    b.display_title()
                );
            }
        }
    }
}

#[test]
fn columns_are_connected_neither_to_each_other_nor_to_the_entry_block() {
    let imported = import(TRIAL);
    let s = &imported.series;
    let origin = s.origin.as_ref().unwrap();
    let column_of = |id: BlockId| s.block(id).unwrap().pos.x;
    for c in s.connections() {
        assert_ne!(c.from, imported.entry_block);
        assert_ne!(c.to, imported.entry_block);
        assert_eq!(column_of(c.from), column_of(c.to));
    }
    let mut entry_points = s.entry_points();
    entry_points.sort();
    let mut expected: Vec<BlockId> = origin.messages.iter().map(|m| m.rule_block).collect();
    expected.push(imported.entry_block);
    expected.sort();
    assert_eq!(entry_points, expected);
}

// ---------------------------------------------------------------- hints and preview

#[test]
fn hints_name_the_delay_rule_and_the_rules_that_let_everyone_in() {
    let imported = import(TRIAL);
    let origin = imported.series.origin.as_ref().unwrap();
    let about = |id: BlockId| -> Vec<&str> {
        imported
            .hints
            .iter()
            .filter(|h| h.blocks == [id])
            .map(|h| h.message.as_str())
            .collect()
    };
    let delay = about(origin.messages[2].rule_block);
    assert_eq!(delay.len(), 1, "{delay:?}");
    assert!(delay[0].contains("Getting started post"));
    assert!(delay[0].contains("wait block"));
    assert!(delay[0].contains("3 days"));
    for m in &origin.messages[..2] {
        let everyone = about(m.rule_block);
        assert_eq!(everyone.len(), 1, "{everyone:?}");
        assert!(everyone[0].contains(&m.title));
        assert!(everyone[0].contains("type is user"));
        assert!(everyone[0].contains("every user"));
    }
    assert!(about(origin.messages[3].rule_block).is_empty());
    // The campaign is live: going live needs a choice.
    assert!(
        imported
            .hints
            .iter()
            .any(|h| h.message.contains("stop entering") && h.message.contains("still live"))
    );
    // The import chose how long messages try to send; the marketer is told.
    let contents: Vec<BlockId> = origin.messages.iter().map(|m| m.content_block).collect();
    let send_for = imported
        .hints
        .iter()
        .find(|h| h.blocks == contents)
        .unwrap();
    assert!(
        send_for.message.contains("send for 3 days"),
        "{}",
        send_for.message
    );
    let rules: Vec<BlockId> = origin.messages.iter().map(|m| m.rule_block).collect();
    let timing = imported.hints.iter().find(|h| h.blocks == rules).unwrap();
    assert!(
        timing.message.contains("checks its rules once"),
        "{}",
        timing.message
    );
    // Nothing in the series changed because of the hints.
    assert_eq!(
        rule_filter(&imported.series, origin.messages[2].rule_block)
            .conditions()
            .len(),
        1
    );
}

#[test]
fn hints_about_subjects_bodies_and_missing_goal() {
    let mut v = trial();
    remove(&mut v, "/campaign/messages/0/subject");
    set(&mut v, "/campaign/messages/1/subject", json!("Hi there"));
    set(&mut v, "/campaign/messages/2/body", json!(""));
    set(&mut v, "/campaign/goal", Value::Null);
    set(&mut v, "/campaign/entry_rules", json!({ "all": [] }));
    let imported = import_value(&v).unwrap();
    let text: Vec<&str> = imported.hints.iter().map(|h| h.message.as_str()).collect();
    let has = |words: &[&str]| text.iter().any(|t| words.iter().all(|w| t.contains(w)));
    assert!(has(&["Welcome Email", "no subject"]), "{text:#?}");
    assert!(has(&["Welcome Chat", "Hi there", "not shown"]), "{text:#?}");
    assert!(has(&["Getting started post", "no text"]), "{text:#?}");
    assert!(has(&["no goal"]), "{text:#?}");
    assert!(has(&["entry rules had no conditions"]), "{text:#?}");
}

#[test]
fn preview_says_what_each_message_becomes() {
    let imported = import(TRIAL);
    let m = &imported.messages;
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].title, "Welcome Email");
    assert_eq!(m[0].type_label, "Email");
    assert_eq!(m[0].becomes, "Rule → Email → Wait 1 day");
    assert_eq!(m[0].audience, "everyone in the campaign (type is user)");
    assert_eq!(m[2].audience, "signed up exactly 3 days ago");
    assert_eq!(m[3].audience, "did not receive 'Welcome Chat'");
}

// ---------------------------------------------------------------- files

#[test]
fn importing_twice_gives_the_same_bytes() {
    for bytes in [TRIAL, ADOPTION] {
        let a = file::to_string(&import(bytes).series).unwrap();
        let b = file::to_string(&import(bytes).series).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn an_imported_series_saves_and_loads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("trial.ron", TRIAL), ("adoption.ron", ADOPTION)] {
        let series = import(bytes).series;
        let path = dir.path().join(name);
        file::save(&path, &series).unwrap();
        assert_eq!(file::load(&path).unwrap(), series);
    }
}

// ---------------------------------------------------------------- rejections

#[test]
fn bad_unknown_type_example_is_rejected_at_the_content_type() {
    let e = import_campaign(BAD_TYPE).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_problem(
        &e.problems,
        "campaign.messages[1].content_type",
        &["\"sms\"", "chat", "email", "banner"],
    );
    assert_eq!(
        e.to_string().lines().next().unwrap(),
        e.problems[0].to_string()
    );
    assert!(
        e.to_string()
            .starts_with("campaign.messages[1].content_type: ")
    );
}

#[test]
fn another_export_format_is_refused_naming_both() {
    rejects(
        |v| set(v, "/export_format", json!("campaign/v2")),
        "export_format",
        &["campaign/v2", "campaign/v1"],
    );
    rejects(
        |v| remove(v, "/export_format"),
        "export_format",
        &["campaign/v1"],
    );
    rejects(
        |v| set(v, "/export_format", json!(1)),
        "export_format",
        &["campaign/v1", "number 1"],
    );
}

#[test]
fn missing_required_fields_are_named() {
    let cases = [
        ("/campaign/id", "campaign.id"),
        ("/campaign/name", "campaign.name"),
        ("/campaign/state", "campaign.state"),
        ("/campaign/entry_rules", "campaign.entry_rules"),
        (
            "/campaign/message_spacing_days",
            "campaign.message_spacing_days",
        ),
        ("/campaign/goal/rules", "campaign.goal.rules"),
        ("/campaign/goal/within_days", "campaign.goal.within_days"),
        ("/campaign/messages/0/id", "campaign.messages[0].id"),
        ("/campaign/messages/1/title", "campaign.messages[1].title"),
        (
            "/campaign/messages/1/content_type",
            "campaign.messages[1].content_type",
        ),
        ("/campaign/messages/1/body", "campaign.messages[1].body"),
    ];
    for (pointer, path) in cases {
        rejects(|v| remove(v, pointer), path, &["missing"]);
    }
    let mut v = trial();
    remove(&mut v, "/campaign");
    assert_problem(&problems(&v), "campaign", &["missing"]);
    let mut v = trial();
    remove(&mut v, "/campaign/messages");
    assert_problem(&problems(&v), "campaign.messages", &["missing"]);
}

#[test]
fn wrong_types_are_named_with_what_was_found() {
    rejects(
        |v| set(v, "/campaign/name", json!(42)),
        "campaign.name",
        &["text", "the number 42"],
    );
    rejects(
        |v| set(v, "/campaign/messages/0/body", json!(["Hi"])),
        "campaign.messages[0].body",
        &["text", "a list"],
    );
    rejects(
        |v| set(v, "/campaign/messages/0/subject", json!(false)),
        "campaign.messages[0].subject",
        &["false"],
    );
    rejects(
        |v| set(v, "/campaign/entry_rules", json!(null)),
        "campaign.entry_rules",
        &["null", "filter"],
    );
    rejects(
        |v| set(v, "/campaign/goal", json!(14)),
        "campaign.goal",
        &["the number 14"],
    );
    rejects(
        |v| set(v, "/campaign/messages/3", json!("Need a hand?")),
        "campaign.messages[3]",
        &["message", "the text \"Need a hand?\""],
    );
}

#[test]
fn blank_names_and_titles_are_refused() {
    rejects(
        |v| set(v, "/campaign/name", json!("")),
        "campaign.name",
        &["empty"],
    );
    rejects(
        |v| set(v, "/campaign/messages/2/title", json!("  ")),
        "campaign.messages[2].title",
        &["empty"],
    );
}

#[test]
fn an_unknown_state_is_refused_listing_the_states() {
    rejects(
        |v| set(v, "/campaign/state", json!("archived")),
        "campaign.state",
        &["\"archived\"", "draft", "live", "paused", "emptying"],
    );
    for state in ["draft", "live", "paused", "emptying"] {
        let mut v = trial();
        set(&mut v, "/campaign/state", json!(state));
        let origin = import_value(&v).unwrap().series.origin.unwrap();
        assert_eq!(origin.campaign_state.label(), state);
    }
}

#[test]
fn day_counts_must_be_whole_and_in_range() {
    rejects(
        |v| set(v, "/campaign/message_spacing_days", json!(-1)),
        "campaign.message_spacing_days",
        &["0 or more", "-1"],
    );
    rejects(
        |v| set(v, "/campaign/message_spacing_days", json!(1.5)),
        "campaign.message_spacing_days",
        &["whole number", "1.5"],
    );
    rejects(
        |v| set(v, "/campaign/goal/within_days", json!(0)),
        "campaign.goal.within_days",
        &["1 or more", "0"],
    );
    rejects(
        |v| set(v, "/campaign/exit_after_days_without_message", json!(0)),
        "campaign.exit_after_days_without_message",
        &["1 or more"],
    );
    rejects(
        |v| set(v, "/campaign/exit_after_days_without_message", json!("30")),
        "campaign.exit_after_days_without_message",
        &["the text \"30\""],
    );
    rejects(
        |v| set(v, "/campaign/message_spacing_days", json!(5_000_000_000u64)),
        "campaign.message_spacing_days",
        &["too large"],
    );
}

#[test]
fn stats_must_be_counts() {
    rejects(
        |v| set(v, "/campaign/messages/0/stats/sent", json!(-3)),
        "campaign.messages[0].stats.sent",
        &["0 or more", "-3"],
    );
    rejects(
        |v| set(v, "/campaign/messages/1/stats/opened", json!("many")),
        "campaign.messages[1].stats.opened",
        &["whole number"],
    );
    rejects(
        |v| set(v, "/campaign/messages/1/stats", json!([1, 2])),
        "campaign.messages[1].stats",
        &["a list"],
    );
}

#[test]
fn duplicate_message_ids_are_refused() {
    rejects(
        |v| set(v, "/campaign/messages/2/id", json!("msg_1")),
        "campaign.messages[2].id",
        &["\"msg_1\"", "campaign.messages[0]"],
    );
}

#[test]
fn an_engagement_condition_must_name_a_message_in_the_export() {
    rejects(
        |v| {
            set(
                v,
                "/campaign/messages/3/audience_rules/all/0/message",
                json!("msg_9"),
            )
        },
        "campaign.messages[3].audience_rules.all[0].message",
        &["\"msg_9\"", "\"msg_1\"", "\"msg_4\""],
    );
    rejects(
        |v| {
            set(
                v,
                "/campaign/messages/3/audience_rules/all/0/op",
                json!("read"),
            )
        },
        "campaign.messages[3].audience_rules.all[0].op",
        &["\"read\"", "not_received", "dismissed"],
    );
}

#[test]
fn an_empty_message_list_is_refused() {
    rejects(
        |v| set(v, "/campaign/messages", json!([])),
        "campaign.messages",
        &["at least one message"],
    );
    rejects(
        |v| set(v, "/campaign/messages", json!({})),
        "campaign.messages",
        &["list", "an object"],
    );
}

#[test]
fn ops_must_fit_the_kind_of_value() {
    let cases = [
        (
            json!({ "attribute": "plan", "op": "greater_than", "value": "pro" }),
            "op",
            &["greater_than", "text", "contains"][..],
        ),
        (
            json!({ "attribute": "plan", "op": "equals", "value": "pro" }),
            "op",
            &["\"equals\"", "is_not"],
        ),
        (
            json!({ "attribute": "seats", "op": "contains", "value": 3 }),
            "op",
            &["contains", "number", "greater_than"],
        ),
        (
            json!({ "attribute": "beta", "op": "is_not", "value": true }),
            "op",
            &["is_not", "true/false", "\"is\""],
        ),
        (
            json!({ "attribute": "signed_up_at", "op": "before", "value": 3 }),
            "op",
            &["before", "number"],
        ),
        (
            json!({ "attribute": "signed_up_at", "op": "exactly_days_ago", "value": 2.5 }),
            "value",
            &["whole number", "2.5"],
        ),
        (
            json!({ "attribute": "signed_up_at", "op": "exactly_days_ago", "value": -2 }),
            "value",
            &["0 or more"],
        ),
        (
            json!({ "attribute": "signed_up_at", "op": "more_than_days_ago", "value": "3" }),
            "value",
            &["whole number of days", "\"3\""],
        ),
        (
            json!({ "attribute": "renewal", "op": "after", "value": "2021-02-30" }),
            "value",
            &["\"2021-02-30\"", "not a real date"],
        ),
        (
            json!({ "attribute": "renewal", "op": "on", "value": "03/02/2021" }),
            "value",
            &["YYYY-MM-DD", "\"03/02/2021\""],
        ),
        (
            json!({ "attribute": "renewal", "op": "on", "value": "2021-3-2" }),
            "value",
            &["YYYY-MM-DD"],
        ),
        (
            json!({ "attribute": "plan", "op": "is", "value": ["pro"] }),
            "value",
            &["a list"],
        ),
        (
            json!({ "attribute": "plan", "op": "is" }),
            "value",
            &["missing", "\"is\""],
        ),
        (
            json!({ "attribute": "plan", "op": "is", "value": null }),
            "value",
            &["null"],
        ),
        (
            json!({ "attribute": "phone", "op": "is_unknown", "value": "x" }),
            "value",
            &["is_unknown", "no value"],
        ),
        (
            json!({ "attribute": "email", "op": "has_any_value", "value": true }),
            "value",
            &["has_any_value", "no value"],
        ),
        (
            json!({ "attribute": "", "op": "is", "value": "x" }),
            "attribute",
            &["empty"],
        ),
        (
            json!({ "attribute": "plan", "value": "x" }),
            "op",
            &["missing"],
        ),
        (
            json!({ "attribute": 7, "op": "is", "value": "x" }),
            "attribute",
            &["the number 7"],
        ),
    ];
    for (condition, field, words) in cases {
        let found = condition_problems(condition.clone());
        assert_eq!(found.len(), 1, "{condition}: {found:#?}");
        assert_problem(&found, &format!("{COND}.{field}"), words);
    }
}

#[test]
fn event_tag_and_segment_conditions_are_checked() {
    let cases = [
        (
            json!({ "event": "paid", "op": "happened" }),
            "op",
            &["\"happened\"", "performed", "count_at_least"][..],
        ),
        (
            json!({ "event": "paid", "op": "count_at_least" }),
            "value",
            &["missing"],
        ),
        (
            json!({ "event": "paid", "op": "count_at_most", "value": -1 }),
            "value",
            &["0 or more"],
        ),
        (
            json!({ "event": "", "op": "performed" }),
            "event",
            &["empty"],
        ),
        (
            json!({ "tag": "vip", "op": "is" }),
            "op",
            &["\"is\"", "has, has_not"],
        ),
        (json!({ "tag": "", "op": "has" }), "tag", &["empty"]),
        (
            json!({ "segment": "Active", "op": "has" }),
            "op",
            &["\"has\"", "in, not_in"],
        ),
        (
            json!({ "segment": ["Active"], "op": "in" }),
            "segment",
            &["a list"],
        ),
    ];
    for (condition, field, words) in cases {
        let found = condition_problems(condition.clone());
        assert_eq!(found.len(), 1, "{condition}: {found:#?}");
        assert_problem(&found, &format!("{COND}.{field}"), words);
    }
}

#[test]
fn groups_must_be_lists_of_filters_and_filters_one_thing() {
    let mut v = trial();
    set(
        &mut v,
        "/campaign/entry_rules",
        json!({ "all": { "tag": "vip", "op": "has" } }),
    );
    assert_problem(
        &problems(&v),
        "campaign.entry_rules.all",
        &["list", "an object"],
    );

    let found = condition_problems(json!({ "all": [], "any": [] }));
    assert_problem(&found, COND, &["\"all\" and \"any\""]);

    let found = condition_problems(json!({ "tag": "vip", "segment": "Active", "op": "has" }));
    assert_problem(&found, COND, &["\"tag\" and \"segment\""]);

    let found = condition_problems(json!({ "company": "Acme", "op": "is" }));
    assert_problem(&found, COND, &["not a filter", "attribute"]);

    let found = condition_problems(json!("plan is pro"));
    assert_problem(&found, COND, &["filter", "the text"]);

    // Deep nesting keeps the full path.
    let mut v = trial();
    set(
        &mut v,
        "/campaign/exit_rules",
        json!({ "any": [ { "all": [ { "any": [ { "tag": "x", "op": "maybe" } ] } ] } ] }),
    );
    assert_problem(
        &problems(&v),
        "campaign.exit_rules.any[0].all[0].any[0].op",
        &["\"maybe\""],
    );
}

#[test]
fn a_bad_exported_at_is_refused() {
    rejects(
        |v| set(v, "/exported_at", json!("yesterday")),
        "exported_at",
        &["\"yesterday\""],
    );
}

#[test]
fn malformed_json_gives_line_and_column() {
    let text = concat!(
        "{\n",
        "  \"export_format\": \"campaign/v1\",\n",
        "  \"campaign\": { \"id\": \"c\" \"name\": \"x\" }\n",
        "}\n"
    );
    let e = import_campaign(text.as_bytes()).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    let p = &e.problems[0];
    assert_eq!(p.line, Some(3));
    assert_eq!(p.column, Some(27));
    assert!(p.message.contains("not valid JSON"), "{}", p.message);
    assert!(e.to_string().starts_with("line 3, column 27: "), "{e}");

    let cut = &TRIAL[..TRIAL.len() / 2];
    let e = import_campaign(cut).unwrap_err();
    assert!(e.problems[0].line.is_some());
    assert!(e.problems[0].message.contains("ends too early"), "{e}");

    let e = import_campaign(b"  \n").unwrap_err();
    assert!(e.problems[0].message.contains("empty"), "{e}");

    let e = import_campaign(b"[1, 2]").unwrap_err();
    assert!(e.problems[0].message.contains("a list"), "{e}");
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_place() {
    let mut bytes = b"{\n  \"export_format\": \"campaign/v1\",\n  \"x\": \"caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'"', b'}']);
    let e = import_campaign(&bytes).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    let p = &e.problems[0];
    assert!(p.message.contains("UTF-8"), "{}", p.message);
    assert!(p.message.contains(&format!("byte {}", bytes.len() - 3)));
    assert_eq!((p.line, p.column), (Some(3), Some(12)));
}

#[test]
fn a_byte_order_mark_is_allowed() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(TRIAL);
    assert_eq!(import(&bytes).series, import(TRIAL).series);
}

#[test]
fn several_problems_are_all_reported() {
    let mut v = trial();
    set(&mut v, "/campaign/messages/1/content_type", json!("sms"));
    set(&mut v, "/campaign/messages/2/id", json!("msg_1"));
    set(&mut v, "/campaign/goal/within_days", json!(0));
    set(&mut v, "/campaign/state", json!("running"));
    remove(&mut v, "/campaign/messages/0/body");
    set(
        &mut v,
        "/campaign/entry_rules/all/1/op",
        json!("less_than_days"),
    );
    set(
        &mut v,
        "/campaign/messages/3/audience_rules/all/0/message",
        json!("msg_7"),
    );
    let found = problems(&v);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    for path in [
        "campaign.messages[1].content_type",
        "campaign.messages[2].id",
        "campaign.goal.within_days",
        "campaign.state",
        "campaign.messages[0].body",
        "campaign.entry_rules.all[1].op",
        "campaign.messages[3].audience_rules.all[0].message",
    ] {
        assert!(paths.contains(&path), "{path} not reported: {paths:?}");
    }
    assert_eq!(found.len(), 7, "{found:#?}");
    let e = ImportError { problems: found };
    assert_eq!(e.to_string().lines().count(), 7);
}

// ---------------------------------------------------------------- robustness

/// Cuts, repeats or swaps bytes of a good export.
fn mangled() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![TRIAL, ADOPTION]),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    )
        .prop_map(|(base, edits)| {
            let mut bytes = base.to_vec();
            for (at, byte, how) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = byte,
                    1 => bytes.truncate(i),
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            bytes
        })
}

/// Swaps JSON values of a good export for values of other kinds.
fn retyped() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "[a-z_/0-9-]{0,12}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
    ];
    (prop::collection::vec((any::<prop::sample::Index>(), leaf), 1..4)).prop_map(|swaps| {
        let mut v = trial();
        for (at, leaf) in swaps {
            let mut pointers = Vec::new();
            collect_pointers(&v, String::new(), &mut pointers);
            let pointer = pointers[at.index(pointers.len())].clone();
            if let Some(slot) = v.pointer_mut(&pointer) {
                *slot = leaf;
            }
        }
        v
    })
}

fn collect_pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                collect_pointers(child, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// A problem a marketer can act on: it says where (a JSON path, or a line for
/// syntax), in one line of words.
fn placed(p: &Problem) -> bool {
    let where_ = !p.path.is_empty() || p.line.is_some() || p.message.contains("JSON object");
    where_ && !p.message.trim().is_empty() && !p.to_string().contains('\n')
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_and_each_problem_says_where(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        if let Err(e) = import_campaign(&bytes) {
            prop_assert!(!e.problems.is_empty() && e.problems.iter().all(placed), "{:?}", e.problems);
        }
    }

    #[test]
    fn mangled_exports_never_panic_and_each_problem_says_where(bytes in mangled()) {
        if let Err(e) = import_campaign(&bytes) {
            prop_assert!(!e.problems.is_empty() && e.problems.iter().all(placed), "{:?}", e.problems);
        }
    }

    #[test]
    fn retyped_exports_never_panic_and_name_a_place(v in retyped()) {
        match import_value(&v) {
            Ok(imported) => {
                let text = file::to_string(&imported.series).unwrap();
                prop_assert_eq!(file::from_str(&text).unwrap(), imported.series);
            }
            Err(e) => prop_assert!(!e.problems.is_empty() && e.problems.iter().all(placed), "{:?}", e.problems),
        }
    }
}

#[test]
fn line_breaks_in_bad_values_keep_one_problem_per_line() {
    let mut v = trial();
    set(&mut v, "/campaign/messages/1/content_type", json!("s\nms"));
    set(&mut v, "/campaign/messages/0/stats/open\ned", json!(-1));
    let e = import_value(&v).unwrap_err();
    assert_eq!(e.problems.len(), 2);
    assert_eq!(e.to_string().lines().count(), 2, "{e}");
    assert_problem(
        &e.problems,
        "campaign.messages[1].content_type",
        &["\"s\\nms\""],
    );
    assert_problem(
        &e.problems,
        "campaign.messages[0].stats.open\\ned",
        &["0 or more"],
    );
}

fn op(names: &[&'static str]) -> impl Strategy<Value = &'static str> + use<> {
    prop::sample::select(names.to_vec())
}

/// An attribute condition for each kind of value.
fn attribute_condition() -> BoxedStrategy<Value> {
    let name = "[a-z_]{1,10}";
    let with_value =
        |(a, op, v): (String, &str, Value)| json!({ "attribute": a, "op": op, "value": v });
    let text = op(&[
        "is",
        "is_not",
        "contains",
        "not_contains",
        "starts_with",
        "ends_with",
    ]);
    let number = op(&["is", "is_not", "greater_than", "less_than"]);
    let days = op(&[
        "more_than_days_ago",
        "less_than_days_ago",
        "exactly_days_ago",
    ]);
    let date = (1900i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}")));
    prop_oneof![
        (name, text, ".{0,8}".prop_map(Value::from)).prop_map(with_value),
        (name, number, (-1e6f64..1e6).prop_map(Value::from)).prop_map(with_value),
        (name, Just("is"), any::<bool>().prop_map(Value::from)).prop_map(with_value),
        (name, days, (0u32..1000).prop_map(Value::from)).prop_map(with_value),
        (name, op(&["before", "after", "on"]), date).prop_map(with_value),
        (name, op(&["is_unknown", "has_any_value"]))
            .prop_map(|(a, op)| json!({ "attribute": a, "op": op })),
    ]
    .boxed()
}

/// A valid filter of any shape; `ids` are the export's message ids.
fn valid_filter(ids: Vec<String>) -> impl Strategy<Value = Value> {
    let name = "[a-z_]{1,10}";
    let engagement = op(&["received", "not_opened", "clicked", "dismissed"]);
    let condition = prop_oneof![
        attribute_condition(),
        (name, op(&["performed", "not_performed"]))
            .prop_map(|(e, op)| json!({ "event": e, "op": op })),
        (name, op(&["count_at_least", "count_at_most"]), 0u32..100)
            .prop_map(|(e, op, n)| json!({ "event": e, "op": op, "value": n })),
        (name, op(&["has", "has_not"])).prop_map(|(t, op)| json!({ "tag": t, "op": op })),
        (name, op(&["in", "not_in"])).prop_map(|(s, op)| json!({ "segment": s, "op": op })),
        (prop::sample::select(ids), engagement)
            .prop_map(|(m, op)| json!({ "message": m, "op": op })),
    ];
    let tree = condition.prop_recursive(3, 12, 4, |inner| {
        (any::<bool>(), prop::collection::vec(inner, 0..4)).prop_map(|(all, items)| {
            if all {
                json!({ "all": items })
            } else {
                json!({ "any": items })
            }
        })
    });
    // Sometimes as deep as a series may nest groups.
    prop_oneof![
        4 => tree.clone(),
        1 => (tree, 1..=MAX_FILTER_DEPTH).prop_map(|(mut f, depth)| {
            while group_depth(&f) < depth {
                f = json!({ "any": [f] });
            }
            f
        }),
    ]
}

/// How many groups sit inside one another in an export's filter.
fn group_depth(filter: &Value) -> usize {
    match filter.get("all").or_else(|| filter.get("any")) {
        Some(Value::Array(items)) => 1 + items.iter().map(group_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// A valid export with 1 to 6 messages.
fn valid_export() -> impl Strategy<Value = Value> {
    let days = prop_oneof![3 => 0u32..4, 1 => 0..=MAX_DAYS];
    (1usize..7, days, 1..=MAX_DAYS).prop_flat_map(|(n, spacing, window)| {
        let ids: Vec<String> = (0..n).map(|i| format!("m{i}")).collect();
        let audience = prop_oneof![Just(Value::Null), valid_filter(ids.clone())];
        (
            valid_filter(ids.clone()),
            prop::option::of(valid_filter(ids.clone())),
            prop::collection::vec(
                (audience, prop::sample::select(ContentType::ALL.to_vec())),
                n,
            ),
        )
            .prop_map(move |(entry, exit, messages)| {
                let messages: Vec<Value> = messages
                    .into_iter()
                    .enumerate()
                    .map(|(i, (audience, t))| {
                        json!({ "id": format!("m{i}"), "title": format!("Message {i}"),
                                "content_type": t.export_name(), "body": "Hi {{name}}",
                                "audience_rules": audience, "stats": { "sent": i } })
                    })
                    .collect();
                json!({ "export_format": "campaign/v1", "campaign": {
                    "id": "c", "name": "Random", "state": "paused",
                    "entry_rules": entry, "exit_rules": exit,
                    "goal": { "rules": { "all": [] }, "within_days": window },
                    "message_spacing_days": spacing,
                    "messages": messages } })
            })
    })
}

proptest! {
    #[test]
    fn every_valid_export_imports_into_the_spec_shape(v in valid_export()) {
        let imported = match import_value(&v) {
            Ok(imported) => imported,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{v:#}"))),
        };
        let s = &imported.series;
        let n = v["campaign"]["messages"].as_array().unwrap().len();
        let waits = if v["campaign"]["message_spacing_days"] == 0 { 0 } else { n };
        prop_assert_eq!(s.len(), 1 + 2 * n + waits);
        prop_assert_eq!(s.connection_count(), n + waits);
        prop_assert_eq!(s.entry_points().len(), n + 1);
        // Every engagement condition names a content block of the series.
        let rules = s.blocks().values().filter_map(|b| b.as_rule());
        let mut filters: Vec<&Filter> = rules.map(|r| &r.filter).collect();
        filters.push(&s.settings.exit_rules);
        for f in filters {
            for id in f.engagement_blocks() {
                prop_assert_eq!(s.block(id).map(Block::kind), Some(Kind::Content));
            }
        }
        let text = file::to_string(s).unwrap();
        prop_assert_eq!(&file::from_str(&text).unwrap(), s);
    }
}

/// `{"any": [{"all": [... condition ...]}]}`, `depth` groups deep.
fn nested_json(depth: usize) -> Value {
    let mut f = json!({ "tag": "vip", "op": "has" });
    for i in 0..depth {
        f = if i % 2 == 0 {
            json!({ "all": [f] })
        } else {
            json!({ "any": [f] })
        };
    }
    f
}

#[test]
fn filters_nested_past_the_limit_are_refused_where_they_get_too_deep() {
    // What the import makes, a file must hold: a 28-deep audience once made a
    // series that loading refused.
    let mut v = trial();
    set(
        &mut v,
        "/campaign/messages/0/audience_rules",
        nested_json(28),
    );
    let found = problems(&v);
    assert_eq!(found.len(), 1, "{found:#?}");
    let path = format!(
        "campaign.messages[0].audience_rules{}",
        (0..MAX_FILTER_DEPTH)
            .map(|i| if i % 2 == 0 { ".any[0]" } else { ".all[0]" })
            .collect::<String>()
    );
    assert_problem(
        &found,
        &path,
        &["inside 10 other groups", "at most 10", "flatten"],
    );

    set(
        &mut v,
        "/campaign/messages/0/audience_rules",
        nested_json(MAX_FILTER_DEPTH),
    );
    let imported = import_value(&v).unwrap();
    let text = file::to_string(&imported.series).unwrap();
    assert_eq!(file::from_str(&text).unwrap(), imported.series);
}

#[test]
fn json_nested_past_the_readers_limit_is_refused_in_words() {
    let plain = serde_json::to_string(&trial()).unwrap();
    // 100 groups are 200 levels of JSON, past serde_json's 128.
    let deep = serde_json::to_string(&nested_json(100)).unwrap();
    let text = plain.replacen(
        "\"audience_rules\":null",
        &format!("\"audience_rules\":{deep}"),
        1,
    );
    assert_ne!(text, plain, "the export has a message without audience");
    let e = import_campaign(text.as_bytes()).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    let message = e.to_string();
    assert!(message.starts_with("line 1, column "), "{message}");
    assert!(
        message.contains("filters nest too deeply here"),
        "{message}"
    );
    assert!(!message.contains("recursion"), "{message}");
}

#[test]
fn days_past_ten_years_are_refused() {
    let most = MAX_DAYS.to_string();
    rejects(
        |v| set(v, "/campaign/message_spacing_days", json!(MAX_DAYS + 1)),
        "campaign.message_spacing_days",
        &["too large", &most],
    );
    rejects(
        |v| set(v, "/campaign/goal/within_days", json!(36500)),
        "campaign.goal.within_days",
        &["too large", &most],
    );
    rejects(
        |v| set(v, "/campaign/exit_after_days_without_message", json!(4000)),
        "campaign.exit_after_days_without_message",
        &["too large", &most],
    );
    let mut v = trial();
    set(&mut v, "/campaign/message_spacing_days", json!(MAX_DAYS));
    set(&mut v, "/campaign/goal/within_days", json!(MAX_DAYS));
    let imported = import_value(&v).unwrap();
    let text = file::to_string(&imported.series).unwrap();
    assert_eq!(file::from_str(&text).unwrap(), imported.series);
}

#[test]
fn a_campaign_too_wide_for_the_canvas_is_refused() {
    let mut v = trial();
    let message = v["campaign"]["messages"][3].clone();
    let many: Vec<Value> = (0..4000)
        .map(|i| {
            let mut m = message.clone();
            m["id"] = json!(format!("m{i}"));
            m
        })
        .collect();
    set(&mut v, "/campaign/messages", json!(many));
    let found = problems(&v);
    assert_problem(
        &found,
        "campaign.messages",
        &["4000 messages", "at most 3333"],
    );
}

#[test]
fn hints_keep_titles_on_one_short_line() {
    let mut v = trial();
    let long = format!("Welcome\n{}", "x".repeat(100_000));
    set(&mut v, "/campaign/messages/0/title", json!(long));
    set(&mut v, "/campaign/name", json!("Trial\r\nonboarding"));
    let imported = import_value(&v).unwrap();
    for hint in &imported.hints {
        assert_eq!(hint.message.lines().count(), 1, "{}", hint.message);
        assert!(hint.message.len() < 1000, "{} bytes", hint.message.len());
    }
    assert!(
        imported
            .hints
            .iter()
            .any(|h| h.message.contains("'Welcome\\nxxx")),
        "{:#?}",
        imported.hints
    );
}
