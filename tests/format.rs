//! The file format, pinned: series that use every variant of every enum and
//! struct a file holds are written byte for byte as the golden files under
//! `tests/golden/` say, and those files load back into the same series. A
//! renamed serde variant or field fails here instead of breaking users' files.
//! `UPDATE_GOLDEN=1 cargo test --test format` rewrites them after a deliberate
//! change of the format (then read the diff).

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use series_builder::file;
use series_builder::model::*;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn attribute(name: &str, test: AttributeTest) -> Filter {
    Filter::Condition(Condition::Attribute {
        attribute: name.into(),
        test,
    })
}

/// Every condition, test and operator the filter model has.
fn every_condition(engaged: BlockId) -> Filter {
    let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut all = Vec::new();
    for op in TextOp::ALL {
        all.push(attribute(
            "plan",
            AttributeTest::Text {
                op,
                value: "pro".into(),
            },
        ));
    }
    for op in NumberOp::ALL {
        all.push(attribute("seats", AttributeTest::Number { op, value: 2.5 }));
    }
    all.push(attribute("trial", AttributeTest::Boolean { value: true }));
    for op in DaysAgoOp::ALL {
        all.push(attribute(
            "signed_up_at",
            AttributeTest::DaysAgo { op, days: 3 },
        ));
    }
    for op in DateOp::ALL {
        all.push(attribute("renews_at", AttributeTest::Date { op, date }));
    }
    all.push(attribute("email", AttributeTest::IsUnknown));
    all.push(attribute("name", AttributeTest::HasAnyValue));
    for test in [
        EventTest::Performed,
        EventTest::NotPerformed,
        EventTest::CountAtLeast(2),
        EventTest::CountAtMost(5),
    ] {
        all.push(Filter::Condition(Condition::Event {
            event: "invited_teammate".into(),
            test,
        }));
    }
    for op in [TagOp::Has, TagOp::HasNot] {
        all.push(Filter::Condition(Condition::Tag {
            tag: "beta".into(),
            op,
        }));
    }
    for op in [SegmentOp::In, SegmentOp::NotIn] {
        all.push(Filter::Condition(Condition::Segment {
            segment: "Active".into(),
            op,
        }));
    }
    let engagement = EngagementOp::ALL
        .into_iter()
        .map(|op| Filter::Condition(Condition::Engagement { block: engaged, op }))
        .collect();
    all.push(Filter::Any(engagement));
    Filter::All(all)
}

/// Series number `k` of the golden set: together they hold every variant of the
/// series' own enums (status, campaign state, go-live choice, disengagement,
/// re-entry, clock), and each holds every block kind, content type, wait, rule
/// timing, tag action, output, condition, note colour, a send window and a time zone.
fn series(k: usize) -> Series {
    let mut s = Series::new(format!("Every variant {k}"));
    s.status = [Status::Draft, Status::Live, Status::Paused, Status::Live][k];
    s.went_live_at =
        (s.status != Status::Draft).then(|| Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap());
    let mut add = |title: &str, x: f32, kind: BlockKind| {
        let id = s.allocate_id();
        s.insert_block(
            id,
            Block {
                title: title.into(),
                pos: Pos::new(x, 150.0 * id.0 as f32),
                kind,
            },
        )
        .unwrap();
        id
    };
    let mut contents = Vec::new();
    for (i, content_type) in ContentType::ALL.into_iter().enumerate() {
        contents.push(add(
            content_type.label(),
            300.0 * i as f32,
            BlockKind::Content(ContentBlock {
                content_type,
                subject: "Subject with \"quotes\", a ' and an emoji 👋".into(),
                body: "Hi {{first_name}},\nline two\ttabbed".into(),
                send_for: Span {
                    amount: 3,
                    unit: TimeUnit::ALL[i % 4],
                },
                not_sent_branch: i % 2 == 0,
                // Every third message keeps to a window, each clock in turn.
                send_window: (i % 3 == 0).then(|| SendWindow {
                    days: Days::from(vec![Day::ALL[i % 7], Day::Sat]),
                    from: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                    to: NaiveTime::from_hms_opt(17, 45, 0).unwrap(),
                    clock: [Clock::Series, Clock::Customer][(i / 3) % 2],
                }),
            }),
        ));
    }
    let rule_once = add(
        "Every condition",
        0.0,
        BlockKind::Rule(RuleBlock {
            filter: every_condition(contents[0]),
            timing: RuleTiming::Once,
            no_match_branch: true,
        }),
    );
    let rule_for = add(
        "Keeps checking",
        300.0,
        BlockKind::Rule(RuleBlock {
            filter: Filter::Any(vec![]),
            timing: RuleTiming::For(Span {
                amount: 2,
                unit: TimeUnit::Weeks,
            }),
            no_match_branch: false,
        }),
    );
    let wait_for = add(
        "",
        0.0,
        BlockKind::Wait(WaitBlock::For(Span {
            amount: 90,
            unit: TimeUnit::Minutes,
        })),
    );
    let until = NaiveDate::from_ymd_opt(2027, 1, 4)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let wait_until = add("New year", 300.0, BlockKind::Wait(WaitBlock::Until(until)));
    let wait_time = add(
        "Morning",
        600.0,
        BlockKind::Wait(WaitBlock::UntilTime(TimeOfDay {
            at: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            days: Days::WEEKDAYS,
            clock: [Clock::Customer, Clock::Series][k % 2],
        })),
    );
    let split = add(
        "Subject test",
        900.0,
        BlockKind::Split(SplitBlock {
            branches: vec![45, 45],
            control: (k % 2 == 1).then_some(10),
        }),
    );
    for (i, colour) in NoteColour::ALL.into_iter().enumerate() {
        add(
            "",
            1200.0 + 300.0 * i as f32,
            BlockKind::Note(NoteBlock {
                text: format!("A note for the team\nline two of note {i}"),
                colour,
                size: Size {
                    w: 220.0,
                    h: 140.0 + i as f32,
                },
            }),
        );
    }
    let tag_add = add(
        "",
        0.0,
        BlockKind::Tag(TagBlock {
            action: TagAction::Add,
            tag: "onboarded".into(),
        }),
    );
    let tag_remove = add(
        "",
        300.0,
        BlockKind::Tag(TagBlock {
            action: TagAction::Remove,
            tag: "trial".into(),
        }),
    );
    for c in [
        Connection::new(rule_once, Output::Match, contents[0]),
        Connection::new(rule_once, Output::NoMatch, rule_for),
        Connection::new(rule_for, Output::Match, contents[1]),
        Connection::new(contents[0], Output::Sent, wait_for),
        Connection::new(contents[0], Output::NotSent, tag_remove),
        Connection::new(wait_for, Output::Next, wait_until),
        Connection::new(wait_until, Output::Next, wait_time),
        Connection::new(wait_time, Output::Next, split),
        Connection::new(split, Output::Branch(0), tag_add),
        Connection::new(split, Output::Branch(1), contents[3]),
    ] {
        s.connect(c).unwrap();
    }
    s.settings = Settings {
        exit_rules: Filter::Any(vec![Filter::Condition(Condition::Tag {
            tag: "churned".into(),
            op: TagOp::Has,
        })]),
        goal: (k != 3).then(|| Goal {
            rules: Filter::All(vec![Filter::Condition(Condition::Event {
                event: "upgraded".into(),
                test: EventTest::Performed,
            })]),
            within_days: Some(14),
            exit_on_goal: k.is_multiple_of(2),
        }),
        disengagement: [
            Disengagement::Never,
            Disengagement::AfterDays(30),
            Disengagement::Never,
            Disengagement::AfterDays(7),
        ][k],
        reentry: [Reentry::Once, Reentry::AfterLeaving][k % 2],
        time_zone: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"][k].into(),
    };
    s.origin = Some(CampaignOrigin {
        campaign_id: "cmp_1042".into(),
        campaign_name: "Trial onboarding".into(),
        campaign_state: [
            CampaignState::Draft,
            CampaignState::Live,
            CampaignState::Paused,
            CampaignState::Emptying,
        ][k],
        messages: vec![MessageOrigin {
            message_id: "msg_1".into(),
            title: "Welcome Email".into(),
            rule_block: rule_once,
            content_block: contents[2],
            stats: [("opened".to_string(), 731), ("sent".to_string(), 1204)]
                .into_iter()
                .collect(),
        }],
        go_live_choice: [
            GoLiveChoice::Undecided,
            GoLiveChoice::StopEntering,
            GoLiveChoice::ContinueEntering,
            GoLiveChoice::StopEntering,
        ][k],
    });
    s
}

#[test]
fn files_are_written_and_read_exactly_as_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for k in 0..4 {
        let name = format!("every-variant-{k}.ron");
        let series = series(k);
        let text = file::to_string(&series).unwrap();
        let path = golden(&name);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap();
        assert!(
            text == expected,
            "{name}: the file format changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"
        );
        assert_eq!(
            file::from_str(&expected).unwrap(),
            series,
            "{name} loads back"
        );
    }
}
