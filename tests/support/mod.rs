//! Generators of random series for the property tests.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use series_builder::model::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 _{}'\"-]{0,16}",
        1 => ".{0,12}",
        1 => Just("line one\nline \"two\"\t#\\".to_string()),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
}

fn date_time() -> impl Strategy<Value = NaiveDateTime> {
    (date(), 0u32..24, 0u32..60).prop_map(|(d, h, m)| d.and_hms_opt(h, m, 0).unwrap_or_default())
}

/// Spans up to the longest a series holds in their unit, mostly short.
fn span() -> impl Strategy<Value = Span> {
    (
        prop::sample::select(TimeUnit::ALL.to_vec()),
        prop_oneof![3 => 0u32..100, 1 => any::<u32>()],
    )
        .prop_map(|(unit, amount)| Span {
            amount: amount % (Span::max_amount(unit) + 1),
            unit,
        })
}

fn attribute_test() -> impl Strategy<Value = AttributeTest> {
    prop_oneof![
        (prop::sample::select(TextOp::ALL.to_vec()), text())
            .prop_map(|(op, value)| AttributeTest::Text { op, value }),
        (
            prop::sample::select(NumberOp::ALL.to_vec()),
            -1.0e9f64..1.0e9
        )
            .prop_map(|(op, value)| AttributeTest::Number { op, value }),
        any::<bool>().prop_map(|value| AttributeTest::Boolean { value }),
        (prop::sample::select(DaysAgoOp::ALL.to_vec()), 0u32..400)
            .prop_map(|(op, days)| AttributeTest::DaysAgo { op, days }),
        (prop::sample::select(DateOp::ALL.to_vec()), date())
            .prop_map(|(op, date)| AttributeTest::Date { op, date }),
        Just(AttributeTest::IsUnknown),
        Just(AttributeTest::HasAnyValue),
    ]
}

fn condition(max_block: u64) -> impl Strategy<Value = Condition> {
    prop_oneof![
        (text(), attribute_test())
            .prop_map(|(attribute, test)| Condition::Attribute { attribute, test }),
        (
            text(),
            prop_oneof![
                Just(EventTest::Performed),
                Just(EventTest::NotPerformed),
                (0u32..50).prop_map(EventTest::CountAtLeast),
                (0u32..50).prop_map(EventTest::CountAtMost),
            ]
        )
            .prop_map(|(event, test)| Condition::Event { event, test }),
        (text(), prop_oneof![Just(TagOp::Has), Just(TagOp::HasNot)])
            .prop_map(|(tag, op)| Condition::Tag { tag, op }),
        (
            text(),
            prop_oneof![Just(SegmentOp::In), Just(SegmentOp::NotIn)]
        )
            .prop_map(|(segment, op)| Condition::Segment { segment, op }),
        (
            1..=max_block.max(1),
            prop::sample::select(EngagementOp::ALL.to_vec())
        )
            .prop_map(|(b, op)| Condition::Engagement {
                block: BlockId(b),
                op
            }),
    ]
}

/// Filters of every shape a series may hold: mostly small trees, sometimes a
/// chain of groups as deep as the limit allows.
pub fn filter(max_block: u64) -> impl Strategy<Value = Filter> {
    let leaf = condition(max_block).prop_map(Filter::Condition);
    let tree = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Filter::All),
            prop::collection::vec(inner, 0..4).prop_map(Filter::Any),
        ]
    });
    prop_oneof![
        6 => tree.clone(),
        1 => (tree, 1..=MAX_FILTER_DEPTH).prop_map(|(f, depth)| nested(f, depth)),
    ]
}

/// `filter` inside groups, `depth` deep in all (any, all, any, ...), at least
/// as deep as asked even when `filter` is a lone condition.
pub fn nested(filter: Filter, depth: usize) -> Filter {
    let mut f = filter;
    while f.depth() < depth {
        f = if f.depth().is_multiple_of(2) {
            Filter::All(vec![f])
        } else {
            Filter::Any(vec![f])
        };
    }
    f
}

pub fn block_kind(max_block: u64) -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        (
            filter(max_block),
            prop_oneof![Just(RuleTiming::Once), span().prop_map(RuleTiming::For)],
            any::<bool>()
        )
            .prop_map(
                |(filter, timing, no_match_branch)| BlockKind::Rule(RuleBlock {
                    filter,
                    timing,
                    no_match_branch
                })
            ),
        (
            prop::sample::select(ContentType::ALL.to_vec()),
            text(),
            text(),
            span(),
            any::<bool>(),
            prop::option::of(send_window()),
        )
            .prop_map(
                |(content_type, subject, body, send_for, not_sent_branch, send_window)| {
                    BlockKind::Content(ContentBlock {
                        content_type,
                        subject,
                        body,
                        send_for,
                        not_sent_branch,
                        send_window,
                    })
                }
            ),
        prop_oneof![
            span().prop_map(WaitBlock::For),
            date_time().prop_map(WaitBlock::Until),
            (time(), days(), clock())
                .prop_map(|(at, days, clock)| WaitBlock::UntilTime(TimeOfDay { at, days, clock })),
        ]
        .prop_map(BlockKind::Wait),
        (
            prop_oneof![Just(TagAction::Add), Just(TagAction::Remove)],
            text()
        )
            .prop_map(|(action, tag)| BlockKind::Tag(TagBlock { action, tag })),
        // Any shares, also ones that do not add up: the go-live check tells.
        (
            prop::collection::vec(
                0u8..=100,
                SplitBlock::MIN_BRANCHES..=SplitBlock::MAX_BRANCHES
            ),
            prop::option::of(0u8..=100)
        )
            .prop_map(|(branches, control)| BlockKind::Split(SplitBlock { branches, control })),
        (
            text(),
            prop::sample::select(NoteColour::ALL.to_vec()),
            NoteBlock::MIN_SIZE.w..NoteBlock::MAX_SIZE.w,
            NoteBlock::MIN_SIZE.h..NoteBlock::MAX_SIZE.h,
        )
            .prop_map(|(text, colour, w, h)| BlockKind::Note(NoteBlock {
                text,
                colour,
                size: Size { w, h },
            })),
    ]
}

fn time() -> impl Strategy<Value = chrono::NaiveTime> {
    (0u32..24, 0u32..60)
        .prop_map(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
}

fn days() -> impl Strategy<Value = Days> {
    prop::collection::vec(prop::sample::select(Day::ALL.to_vec()), 0..7).prop_map(Days::from)
}

fn clock() -> impl Strategy<Value = Clock> {
    prop_oneof![Just(Clock::Series), Just(Clock::Customer)]
}

/// Any window, also ones that never open (no day, hours backwards).
fn send_window() -> impl Strategy<Value = SendWindow> {
    (days(), time(), time(), clock()).prop_map(|(days, from, to, clock)| SendWindow {
        days,
        from,
        to,
        clock,
    })
}

/// Time zones of the series: a few real ones, with daylight-saving time and without.
fn time_zone() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
    ])
    .prop_map(String::from)
}

/// Blocks no series may hold (`limits.rs`): as [`block`], with one thing beyond a bound.
pub fn invalid_block(max_block: u64) -> impl Strategy<Value = Block> {
    (block(max_block), 0..6usize).prop_map(|(mut b, how)| {
        match how {
            0 => b.pos = Pos::new(f32::NAN, 0.0),
            1 => b.pos = Pos::new(0.0, MAX_POSITION * 2.0),
            2 => b.pos = Pos::new(f32::INFINITY, 0.0),
            _ => {
                b.kind = match how {
                    3 => BlockKind::Wait(WaitBlock::For(Span::days(MAX_DAYS + 1))),
                    4 => BlockKind::Rule(RuleBlock {
                        filter: nested(Filter::default(), MAX_FILTER_DEPTH + 1),
                        timing: RuleTiming::Once,
                        no_match_branch: false,
                    }),
                    _ => BlockKind::Rule(RuleBlock {
                        filter: Filter::Condition(Condition::Attribute {
                            attribute: "score".into(),
                            test: AttributeTest::Number {
                                op: NumberOp::Is,
                                value: f64::NAN,
                            },
                        }),
                        timing: RuleTiming::Once,
                        no_match_branch: false,
                    }),
                }
            }
        }
        b
    })
}

pub fn block(max_block: u64) -> impl Strategy<Value = Block> {
    (
        text(),
        -5000.0f32..5000.0,
        -5000.0f32..5000.0,
        block_kind(max_block),
    )
        .prop_map(|(title, x, y, kind)| Block {
            title,
            pos: Pos::new(x, y),
            kind,
        })
}

fn settings(max_block: u64) -> impl Strategy<Value = Settings> {
    (
        filter(max_block),
        prop::option::of((
            filter(max_block),
            prop::option::of(0u32..100),
            any::<bool>(),
        )),
        prop::option::of(1u32..100),
        any::<bool>(),
        time_zone(),
    )
        .prop_map(|(exit_rules, goal, disengage, again, time_zone)| Settings {
            time_zone,
            exit_rules,
            goal: goal.map(|(rules, within_days, exit_on_goal)| Goal {
                rules,
                within_days,
                exit_on_goal,
            }),
            disengagement: disengage.map_or(Disengagement::Never, Disengagement::AfterDays),
            reentry: if again {
                Reentry::AfterLeaving
            } else {
                Reentry::Once
            },
        })
}

/// A series of up to `max_blocks` blocks, with ids that have gaps (as after deletes),
/// valid arrows, settings and sometimes a campaign origin.
pub fn series(max_blocks: usize) -> impl Strategy<Value = Series> {
    let max_id = (max_blocks as u64) * 2 + 1;
    (
        text(),
        prop::collection::vec((1..=max_id, block(max_id)), 0..=max_blocks),
        prop::collection::vec((0usize..64, 0usize..5, 0usize..64), 0..max_blocks * 2 + 1),
        settings(max_id),
        prop::option::of((text(), text(), 0usize..4, 0usize..3)),
        (0u64..5, 0usize..3, 0i64..2_000_000_000),
    )
        .prop_map(
            move |(name, blocks, arrows, settings, origin, (spare, status, live_at))| {
                let mut s = Series::new(name);
                for (id, block) in blocks {
                    let _ = s.insert_block(BlockId(id), block);
                }
                let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
                if !ids.is_empty() {
                    for (from, output, to) in arrows {
                        let c = Connection::new(
                            ids[from % ids.len()],
                            Output::ALL[output],
                            ids[to % ids.len()],
                        );
                        let _ = s.connect(c);
                    }
                }
                s.next_id += spare;
                s.settings = settings;
                // A live or paused series knows when it went live; a draft does not.
                s.status = [Status::Draft, Status::Live, Status::Paused][status];
                s.went_live_at = (s.status != Status::Draft)
                    .then(|| chrono::DateTime::from_timestamp(live_at, 0))
                    .flatten();
                s.origin =
                    origin.map(
                        |(campaign_id, campaign_name, state, choice)| CampaignOrigin {
                            campaign_id,
                            campaign_name,
                            campaign_state: [
                                CampaignState::Draft,
                                CampaignState::Live,
                                CampaignState::Paused,
                                CampaignState::Emptying,
                            ][state],
                            messages: ids
                                .iter()
                                .take(2)
                                .map(|id| MessageOrigin {
                                    message_id: format!("msg_{id}"),
                                    title: "Message".into(),
                                    rule_block: *id,
                                    content_block: *id,
                                    stats: [("sent".to_string(), id.0 * 10)].into_iter().collect(),
                                })
                                .collect(),
                            go_live_choice: [
                                GoLiveChoice::Undecided,
                                GoLiveChoice::StopEntering,
                                GoLiveChoice::ContinueEntering,
                            ][choice],
                        },
                    );
                s
            },
        )
}
