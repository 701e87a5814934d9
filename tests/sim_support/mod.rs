//! What the simulation tests share: the naive reference engine, random series
//! and customers drawn from a small vocabulary (so that filters meet the
//! customers' attributes, events, tags and segments), and small builders.
#![allow(dead_code)]

pub mod naive;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use series_builder::model::*;
use series_builder::simulate::*;

/// 2026-12-01T00:00:00Z.
pub fn december() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
        .unwrap()
        .to_utc()
}

/// `2026-12-01T10:00:00Z` from "12-01 10:00".
pub fn t(when: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-{}:00Z", when.replace(' ', "T")))
        .unwrap()
        .to_utc()
}

pub fn attr(name: &str, test: AttributeTest) -> Filter {
    Filter::Condition(Condition::Attribute {
        attribute: name.into(),
        test,
    })
}

pub fn text_is(name: &str, value: &str) -> Filter {
    attr(
        name,
        AttributeTest::Text {
            op: TextOp::Is,
            value: value.into(),
        },
    )
}

pub fn did(event: &str) -> Filter {
    Filter::Condition(Condition::Event {
        event: event.into(),
        test: EventTest::Performed,
    })
}

pub fn tagged(tag: &str) -> Filter {
    Filter::Condition(Condition::Tag {
        tag: tag.into(),
        op: TagOp::Has,
    })
}

pub fn rule(filter: Filter, timing: RuleTiming, no_match: bool) -> BlockKind {
    BlockKind::Rule(RuleBlock {
        filter,
        timing,
        no_match_branch: no_match,
    })
}

pub fn content(content_type: ContentType, send_for: Span, not_sent: bool) -> BlockKind {
    BlockKind::Content(ContentBlock {
        content_type,
        subject: String::new(),
        body: "Hi".into(),
        send_for,
        not_sent_branch: not_sent,
        send_window: None,
    })
}

pub fn wait(span: Span) -> BlockKind {
    BlockKind::Wait(WaitBlock::For(span))
}

pub fn tag(action: TagAction, name: &str) -> BlockKind {
    BlockKind::Tag(TagBlock {
        action,
        tag: name.into(),
    })
}

pub fn span(amount: u32, unit: TimeUnit) -> Span {
    Span { amount, unit }
}

/// A series of blocks with ids 1, 2, … and the arrows given.
pub fn series(blocks: Vec<(&str, BlockKind)>, arrows: &[(u64, Output, u64)]) -> Series {
    let mut s = Series::new("Test");
    for (title, kind) in blocks {
        let id = s.allocate_id();
        s.insert_block(
            id,
            Block {
                title: title.into(),
                pos: Pos::new(0.0, 0.0),
                kind,
            },
        )
        .unwrap();
    }
    for (from, output, to) in arrows {
        s.connect(Connection::new(BlockId(*from), *output, BlockId(*to)))
            .unwrap();
    }
    s
}

/// A trace as (time, block, what) rows, for comparing.
pub fn rows(trace: &Trace) -> Vec<(String, Option<u64>, &'static str)> {
    trace
        .steps
        .iter()
        .map(|s| {
            (
                s.at.format("%m-%d %H:%M:%S").to_string(),
                s.block.map(|b| b.0),
                s.what.name(),
            )
        })
        .collect()
}

// --- Random series and customers for the property test. ---

const ATTRIBUTES: [&str; 11] = [
    "timezone",
    "type",
    "plan",
    "seats",
    "trial",
    "signed_up_at",
    "last_seen_at",
    "session_count",
    "email",
    "birthday",
    "unsubscribed_from_emails",
];
const EVENTS: [&str; 2] = ["a", "b"];
const TAGS: [&str; 2] = ["x", "y"];
const WORDS: [&str; 5] = ["user", "lead", "pro", "USER", "free"];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS.to_vec()).prop_map(str::to_string)
}

fn small_span() -> impl Strategy<Value = Span> {
    prop_oneof![
        (
            prop::sample::select(vec![0u32, 1, 7, 15, 30, 45, 90]),
            Just(TimeUnit::Minutes)
        ),
        (1u32..6, Just(TimeUnit::Hours)),
        (1u32..3, Just(TimeUnit::Days)),
    ]
    .prop_map(|(amount, unit)| Span { amount, unit })
}

fn test() -> impl Strategy<Value = AttributeTest> {
    prop_oneof![
        (prop::sample::select(TextOp::ALL.to_vec()), word())
            .prop_map(|(op, value)| AttributeTest::Text { op, value }),
        (prop::sample::select(NumberOp::ALL.to_vec()), 0.0f64..4.0).prop_map(|(op, v)| {
            AttributeTest::Number {
                op,
                value: v.floor(),
            }
        }),
        any::<bool>().prop_map(|value| AttributeTest::Boolean { value }),
        (prop::sample::select(DaysAgoOp::ALL.to_vec()), 0u32..3)
            .prop_map(|(op, days)| AttributeTest::DaysAgo { op, days }),
        (prop::sample::select(DateOp::ALL.to_vec()), 0i64..4).prop_map(|(op, d)| {
            AttributeTest::Date {
                op,
                date: december().date_naive() + Duration::days(d - 1),
            }
        }),
        Just(AttributeTest::IsUnknown),
        Just(AttributeTest::HasAnyValue),
    ]
}

fn condition(max_block: u64) -> impl Strategy<Value = Condition> {
    prop_oneof![
        4 => (prop::sample::select(ATTRIBUTES.to_vec()), test()).prop_map(|(a, test)| {
            Condition::Attribute {
                attribute: a.into(),
                test,
            }
        }),
        2 => (
            prop::sample::select(EVENTS.to_vec()),
            prop_oneof![
                Just(EventTest::Performed),
                Just(EventTest::NotPerformed),
                (0u32..3).prop_map(EventTest::CountAtLeast),
                (0u32..3).prop_map(EventTest::CountAtMost),
            ]
        )
            .prop_map(|(e, test)| Condition::Event {
                event: e.into(),
                test
            }),
        2 => (prop::sample::select(TAGS.to_vec()), any::<bool>()).prop_map(|(t, has)| {
            Condition::Tag {
                tag: t.into(),
                op: if has { TagOp::Has } else { TagOp::HasNot },
            }
        }),
        1 => any::<bool>().prop_map(|is_in| Condition::Segment {
            segment: "s".into(),
            op: if is_in { SegmentOp::In } else { SegmentOp::NotIn },
        }),
        2 => (1..=max_block, prop::sample::select(EngagementOp::ALL.to_vec()))
            .prop_map(|(b, op)| Condition::Engagement {
                block: BlockId(b),
                op
            }),
    ]
}

fn filter(max_block: u64) -> impl Strategy<Value = Filter> {
    let leaf = condition(max_block).prop_map(Filter::Condition);
    leaf.prop_recursive(2, 6, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Filter::All),
            prop::collection::vec(inner, 0..3).prop_map(Filter::Any),
        ]
    })
}

/// The clocks of the tests: offsets all on the 15-minute grid (Kolkata is +5:30).
const ZONES: [&str; 4] = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];

/// A time of day on the 15-minute grid, which the naive engine visits.
fn grid_time() -> impl Strategy<Value = chrono::NaiveTime> {
    (0u32..24, prop::sample::select(vec![0u32, 15, 30, 45]))
        .prop_map(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn days() -> impl Strategy<Value = Days> {
    prop::collection::vec(prop::sample::select(Day::ALL.to_vec()), 0..5).prop_map(Days::from)
}

fn clock() -> impl Strategy<Value = Clock> {
    prop_oneof![Just(Clock::Series), Just(Clock::Customer)]
}

fn block_kind(max_block: u64) -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        3 => (
            filter(max_block),
            prop_oneof![Just(RuleTiming::Once), small_span().prop_map(RuleTiming::For)],
            any::<bool>()
        )
            .prop_map(|(f, timing, no)| rule(f, timing, no)),
        3 => (
            prop::sample::select(ContentType::ALL.to_vec()),
            small_span(),
            any::<bool>(),
            prop::option::weighted(0.4, (days(), grid_time(), grid_time(), clock())),
        )
            .prop_map(|(t, s, no, window)| {
                let mut kind = content(t, s, no);
                if let BlockKind::Content(c) = &mut kind {
                    c.send_window = window.map(|(days, from, to, clock)| SendWindow {
                        days,
                        from,
                        to,
                        clock,
                    });
                }
                kind
            }),
        2 => prop_oneof![
            small_span().prop_map(wait),
            (-6i64..60).prop_map(|h| BlockKind::Wait(WaitBlock::Until(
                (december() + Duration::minutes(h * 37)).naive_utc()
            ))),
            (grid_time(), days(), clock()).prop_map(|(at, days, clock)| BlockKind::Wait(
                WaitBlock::UntilTime(TimeOfDay { at, days, clock })
            )),
        ],
        1 => (any::<bool>(), prop::sample::select(TAGS.to_vec())).prop_map(|(add, t)| {
            tag(if add { TagAction::Add } else { TagAction::Remove }, t)
        }),
        1 => (
            prop::collection::vec(prop::sample::select(vec![0u8, 10, 30, 50, 60]), 2..4),
            prop::option::of(prop::sample::select(vec![0u8, 10, 40])),
        )
            .prop_map(|(branches, control)| BlockKind::Split(SplitBlock { branches, control })),
        1 => Just(BlockKind::Note(NoteBlock {
            text: "For the team".into(),
            colour: NoteColour::Yellow,
            size: Size { w: 200.0, h: 100.0 },
        })),
    ]
}

/// An entry point (block 1) and up to six more blocks, most outputs joined to
/// some other block (loops included), random settings.
pub fn random_series() -> impl Strategy<Value = Series> {
    let max = 7u64;
    let goal = (filter(max), prop::option::of(0u32..3), any::<bool>());
    (
        prop_oneof![2 => Just(Filter::default()), 3 => filter(max)],
        prop::collection::vec(block_kind(max), 1..max as usize),
        prop::collection::vec((prop::bool::weighted(0.8), 2..=max), 5 * max as usize),
        prop_oneof![2 => Just(Filter::default()), 1 => filter(max)],
        prop::option::weighted(0.4, goal),
        prop::option::of(0u32..3),
        prop::bool::weighted(0.3),
        prop::option::weighted(0.3, filter(max)),
        prop::sample::select(ZONES.to_vec()),
    )
        .prop_map(
            |(entry, kinds, targets, exit, goal, disengage, again, second, zone)| {
                let mut s = Series::new("Random");
                let entry = rule(entry, RuleTiming::Once, false);
                // A second entry point: block 2, which no arrow then leads into.
                let second = second.map(|f| rule(f, RuleTiming::Once, false));
                let two = second.is_some() && !kinds.is_empty();
                let kinds = match second {
                    Some(second) if two => std::iter::once(second)
                        .chain(kinds.into_iter().skip(1))
                        .collect(),
                    _ => kinds,
                };
                for kind in std::iter::once(entry).chain(kinds) {
                    let id = s.allocate_id();
                    let block = Block {
                        title: format!("Block {id}"),
                        pos: Pos::new(0.0, 0.0),
                        kind,
                    };
                    s.insert_block(id, block).unwrap();
                }
                let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
                for (i, id) in ids.iter().enumerate() {
                    let outputs = s.block(*id).unwrap().outputs();
                    for (k, output) in outputs.iter().enumerate() {
                        let (join, to) = targets[i * 5 + k];
                        // The entry points always lead somewhere.
                        let first = if two { 3 } else { 2 };
                        let entry = i == 0 || (two && i == 1);
                        let join = join || entry;
                        let to = if entry {
                            first + to % ids.len() as u64
                        } else {
                            to
                        };
                        if join && to <= ids.len() as u64 && !(two && to == 2) {
                            let _ = s.connect(Connection::new(*id, *output, BlockId(to)));
                        }
                    }
                }
                s.settings.exit_rules = exit;
                s.settings.goal = goal.map(|(rules, within_days, exit_on_goal)| Goal {
                    rules,
                    within_days,
                    exit_on_goal,
                });
                s.settings.disengagement =
                    disengage.map_or(Disengagement::Never, Disengagement::AfterDays);
                about_messages(&mut s);
                s.settings.reentry = if again {
                    Reentry::AfterLeaving
                } else {
                    Reentry::Once
                };
                s.settings.time_zone = zone.into();
                s
            },
        )
}

/// Most engagement conditions name a message of the series (the rest name a
/// block that is not one).
fn about_messages(s: &mut Series) {
    let messages: Vec<BlockId> = s
        .blocks()
        .iter()
        .filter(|(_, b)| b.as_content().is_some())
        .map(|(id, _)| *id)
        .collect();
    if messages.is_empty() {
        return;
    }
    let retarget = |f: &mut Filter| {
        f.visit_mut(&mut |c| {
            if let Condition::Engagement { block, .. } = c
                && block.0 % 5 != 0
            {
                *block = messages[block.0 as usize % messages.len()];
            }
        })
    };
    let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
    for id in ids {
        if let Ok(Block {
            kind: BlockKind::Rule(r),
            ..
        }) = s.block_mut(id)
        {
            retarget(&mut r.filter);
        }
    }
    retarget(&mut s.settings.exit_rules);
    if let Some(goal) = &mut s.settings.goal {
        retarget(&mut goal.rules);
    }
}

/// A moment around a window of a few days from `december()`: on the grid, on a
/// minute, or on any second.
fn moment() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        (-96i64..400).prop_map(|k| december() + Duration::seconds(k * 900)),
        (-1440i64..6000).prop_map(|k| december() + Duration::seconds(k * 60)),
        (-86_400i64..360_000).prop_map(|k| december() + Duration::seconds(k)),
    ]
}

fn value(name: &'static str) -> impl Strategy<Value = Value> {
    let date = prop_oneof![
        moment().prop_map(|m| Value::Date(DateValue::Moment(m))),
        (-3i64..4).prop_map(|d| Value::Date(DateValue::Day(
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + Duration::days(d)
        ))),
    ];
    match name {
        "signed_up_at" | "last_seen_at" | "birthday" => date.boxed(),
        // A clock of their own, or a name that is none (the series' clock then).
        "timezone" => {
            prop::sample::select(vec!["Asia/Kolkata", "America/New_York", "Mars/Olympus"])
                .prop_map(|z| Value::Text(z.into()))
                .boxed()
        }
        "seats" | "session_count" => prop_oneof![
            3 => (0u32..4).prop_map(|n| Value::Number(f64::from(n))),
            1 => word().prop_map(Value::Text),
        ]
        .boxed(),
        "trial" | "unsubscribed_from_emails" => prop_oneof![
            3 => any::<bool>().prop_map(Value::Boolean),
            1 => Just(Value::Text("true".into())),
        ]
        .boxed(),
        "email" => prop_oneof![
            Just(Value::Text("ana@example.com".into())),
            Just(Value::Text(" ".into())),
        ]
        .boxed(),
        _ => prop_oneof![
            4 => word().prop_map(Value::Text),
            1 => (0u32..3).prop_map(|n| Value::Number(f64::from(n))),
            1 => date,
        ]
        .boxed(),
    }
}

/// A customer with attributes of every kind, events, sessions, tags, segments.
pub fn random_customer(n: usize) -> impl Strategy<Value = Customer> {
    let attributes: Vec<_> = ATTRIBUTES
        .iter()
        .map(|name| prop::option::weighted(0.7, value(name)).prop_map(move |v| (*name, v)))
        .collect();
    (
        attributes,
        prop::collection::vec((prop::sample::select(EVENTS.to_vec()), moment()), 0..6),
        prop::collection::vec(
            (
                moment(),
                prop::sample::select(vec![0u32, 5, 30, 90, 240]),
                prop::sample::select(Platform::ALL.to_vec()),
            ),
            0..10,
        ),
        prop::sample::subsequence(TAGS.to_vec(), 0..=2),
        any::<bool>(),
        prop::sample::select(Engages::ALL.to_vec()),
    )
        .prop_map(
            move |(attributes, events, sessions, tags, segment, engages)| {
                let mut c = Customer::new(format!("c{n}"));
                for (name, v) in attributes {
                    if let Some(v) = v {
                        c.attributes.insert(name.into(), v);
                    }
                }
                for (name, at) in events {
                    c = c.with_event(name, at);
                }
                for (at, minutes, platform) in sessions {
                    c = c.with_session(at, minutes, platform);
                }
                for t in tags {
                    c.tags.insert(t.into());
                }
                if segment {
                    c.segments.insert("s".into());
                }
                c.engages = engages;
                c
            },
        )
}
