//! The simulation of what format version 2 adds (`spec/series-v2.md`): split
//! tests and their control group, send windows, waits until a time of day, and
//! the clocks they read, on the days the clocks change.

mod sim_support;

use chrono::{DateTime, Utc};
use series_builder::model::*;
use series_builder::simulate::*;
use sim_support::naive;
use sim_support::*;

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

/// Runs one customer through the series with both engines; they must agree.
fn run(series: &Series, c: &Customer, from: DateTime<Utc>, days: u32) -> Trace {
    let sim = Simulation::new(series, from, days, 1);
    let mut counts = sim.new_counts();
    let fast = sim.run(c, &mut counts, true).unwrap().unwrap();
    let (slow, slow_counts) = naive::run(series, c, from, days, 1).unwrap();
    assert_eq!(rows(&fast), rows(&slow), "the engines agree");
    assert_eq!(counts, slow_counts);
    fast
}

fn everyone() -> BlockKind {
    rule(Filter::default(), RuleTiming::Once, false)
}

fn user() -> Customer {
    Customer::new("ana").with_attribute("email", Value::Text("ana@example.com".into()))
}

fn sent_at(trace: &Trace) -> Vec<String> {
    trace
        .sends()
        .map(|(_, at)| at.format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

fn in_zone(mut s: Series, zone: &str) -> Series {
    s.settings.time_zone = zone.into();
    s
}

fn nine_on_weekdays(clock: Clock) -> BlockKind {
    BlockKind::Wait(WaitBlock::UntilTime(TimeOfDay {
        at: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        days: Days::WEEKDAYS,
        clock,
    }))
}

fn email_in(window: SendWindow) -> BlockKind {
    let mut kind = content(ContentType::Email, span(3, TimeUnit::Days), false);
    if let BlockKind::Content(c) = &mut kind {
        c.subject = "Hi".into();
        c.send_window = Some(window);
    }
    kind
}

#[test]
fn a_wait_until_nine_keeps_nine_in_berlin_across_the_spring_change() {
    // Entered Friday 27 March 2026 at 10:00 Berlin (09:00 UTC); Berlin moves to
    // summer time on Sunday 29 March. The next weekday 9:00 is Monday, 07:00 UTC.
    let series = in_zone(
        series(
            vec![
                ("Everyone", everyone()),
                ("", nine_on_weekdays(Clock::Series)),
                (
                    "Hello",
                    content(ContentType::Email, span(1, TimeUnit::Days), false),
                ),
            ],
            &[(1, Output::Match, 2), (2, Output::Next, 3)],
        ),
        "Europe/Berlin",
    );
    let trace = run(&series, &user(), at("2026-03-27T09:00:00Z"), 5);
    assert_eq!(sent_at(&trace), vec!["2026-03-30 07:00"]);
    let arrival = trace
        .steps
        .iter()
        .find(|s| s.what == What::Arrived)
        .unwrap();
    assert!(
        arrival
            .detail
            .contains("Until 9:00 on weekdays (Europe/Berlin)"),
        "{}",
        arrival.detail
    );
}

#[test]
fn a_wait_until_nine_in_the_customers_time_in_new_york_across_the_autumn_change() {
    // New York leaves summer time on Sunday 1 November 2026: 9:00 is 13:00 UTC on
    // Friday 30 October and 14:00 UTC on Monday 2 November.
    let series = series(
        vec![
            ("Everyone", everyone()),
            ("", nine_on_weekdays(Clock::Customer)),
            (
                "Hello",
                content(ContentType::Email, span(1, TimeUnit::Days), false),
            ),
        ],
        &[(1, Output::Match, 2), (2, Output::Next, 3)],
    );
    let ny = user().with_attribute("timezone", Value::Text("America/New_York".into()));
    let trace = run(&series, &ny, at("2026-10-30T12:00:00Z"), 5);
    assert_eq!(sent_at(&trace), vec!["2026-10-30 13:00"]);
    let trace = run(&series, &ny, at("2026-10-30T14:00:00Z"), 5);
    assert_eq!(sent_at(&trace), vec!["2026-11-02 14:00"]);
    // A customer without a time zone of their own reads the series' clock (UTC).
    let trace = run(&series, &user(), at("2026-10-30T14:00:00Z"), 5);
    assert_eq!(sent_at(&trace), vec!["2026-11-02 09:00"]);
}

#[test]
fn a_send_window_opens_at_local_hours_across_the_change() {
    let window = SendWindow {
        days: Days::EVERY,
        from: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        clock: Clock::Series,
    };
    let series = in_zone(
        series(
            vec![
                ("Everyone", everyone()),
                ("Hello", email_in(window)),
                ("", wait(span(1, TimeUnit::Days))),
                ("Again", email_in(window)),
            ],
            &[
                (1, Output::Match, 2),
                (2, Output::Sent, 3),
                (3, Output::Next, 4),
            ],
        ),
        "America/New_York",
    );
    // Entered Saturday 7 March at 20:00 New York (01:00 UTC Sunday): the window
    // opens at 9:00 on Sunday 8 March, already summer time (13:00 UTC); a day
    // later it is open, and the second email goes at once.
    let trace = run(&series, &user(), at("2026-03-08T01:00:00Z"), 4);
    assert_eq!(
        sent_at(&trace),
        vec!["2026-03-08 13:00", "2026-03-09 13:00"]
    );
    let arrival = trace
        .steps
        .iter()
        .find(|s| s.what == What::Arrived)
        .unwrap();
    assert!(
        arrival
            .detail
            .contains("waiting for the send window: every day 9:00–17:00 America/New_York"),
        "{}",
        arrival.detail
    );
}

#[test]
fn a_window_that_does_not_open_in_time_does_not_send() {
    let window = SendWindow {
        days: Days::WEEKDAYS,
        clock: Clock::Series,
        ..SendWindow::default()
    };
    let mut email = email_in(window);
    if let BlockKind::Content(c) = &mut email {
        c.send_for = span(12, TimeUnit::Hours);
        c.not_sent_branch = true;
    }
    let series = series(
        vec![
            ("Everyone", everyone()),
            ("Hello", email),
            ("", tag(TagAction::Add, "weekend")),
        ],
        &[(1, Output::Match, 2), (2, Output::NotSent, 3)],
    );
    // Saturday 09:00 UTC: twelve hours of trying find no weekday.
    let trace = run(&series, &user(), at("2026-12-05T09:00:00Z"), 2);
    assert!(sent_at(&trace).is_empty());
    let not_sent = trace
        .steps
        .iter()
        .find(|s| s.what == What::NotSent)
        .unwrap();
    assert_eq!(
        not_sent.at,
        at("2026-12-05T21:00:00Z"),
        "at the end of its try-to-send time"
    );
}

#[test]
fn an_in_app_message_waits_for_a_session_inside_its_window() {
    let window = SendWindow {
        days: Days::EVERY,
        from: chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        clock: Clock::Series,
    };
    let mut chat = content(ContentType::Chat, span(2, TimeUnit::Days), false);
    if let BlockKind::Content(c) = &mut chat {
        c.send_window = Some(window);
    }
    let series = series(
        vec![("Everyone", everyone()), ("Chat", chat)],
        &[(1, Output::Match, 2)],
    );
    // Online 10:00–11:00 (window closed), then 13:30 (inside it).
    let c = user()
        .with_session(at("2026-12-01T10:00:00Z"), 60, Platform::Web)
        .with_session(at("2026-12-01T13:30:00Z"), 10, Platform::Web);
    let trace = run(&series, &c, at("2026-12-01T09:00:00Z"), 2);
    assert_eq!(sent_at(&trace), vec!["2026-12-01 13:30"]);
    // Online already when the window opens: sent as it opens.
    let c = user().with_session(at("2026-12-01T11:30:00Z"), 60, Platform::Web);
    let trace = run(&series, &c, at("2026-12-01T09:00:00Z"), 2);
    assert_eq!(sent_at(&trace), vec!["2026-12-01 12:00"]);
}

fn split_series(control: Option<u8>) -> Series {
    series(
        vec![
            ("Everyone", everyone()),
            (
                "Subject test",
                BlockKind::Split(SplitBlock {
                    branches: vec![45, 45],
                    control,
                }),
            ),
            (
                "Version A",
                content(ContentType::Email, span(1, TimeUnit::Days), false),
            ),
            (
                "Version B",
                content(ContentType::Email, span(1, TimeUnit::Days), false),
            ),
        ],
        &[
            (1, Output::Match, 2),
            (2, Output::Branch(0), 3),
            (2, Output::Branch(1), 4),
        ],
    )
}

#[test]
fn a_split_sends_each_customer_down_one_branch_always_the_same() {
    let series = split_series(Some(10));
    let sim = Simulation::new(&series, at("2026-12-01T00:00:00Z"), 2, 1);
    let mut counts = sim.new_counts();
    for i in 0..2000 {
        let c = Customer::new(format!("u{i}"))
            .with_attribute("email", Value::Text("u@example.com".into()));
        let trace = sim.run(&c, &mut counts, true).unwrap().unwrap();
        let other_seed = Simulation::new(&series, at("2026-12-01T00:00:00Z"), 2, 99)
            .trace(&c)
            .unwrap();
        // Engagement draws from the seed; the split's choice must not.
        let choice = |t: &Trace| {
            t.steps
                .iter()
                .find(|s| matches!(s.what, What::Branch | What::Control))
                .map(|s| (s.what, s.detail.clone()))
        };
        assert!(choice(&trace).is_some(), "everyone reaches the split");
        assert_eq!(
            choice(&trace),
            choice(&other_seed),
            "the seed does not reshuffle"
        );
    }
    let blocks = sim.block_ids();
    let at = |id: u64| blocks.iter().position(|b| b.0 == id).unwrap();
    let (a, b) = (
        counts.blocks[at(3)].get(Counter::Sent),
        counts.blocks[at(4)].get(Counter::Sent),
    );
    let control = counts.blocks[at(2)].get(Counter::Control);
    assert_eq!(a + b + control, 2000);
    assert_eq!(
        counts.outcome(StayOutcome::Control),
        control,
        "they leave as control"
    );
    // 45 / 45 / 10 within a few percent of 2,000.
    for (n, want) in [(a, 900i64), (b, 900), (control, 200)] {
        assert!((n as i64 - want).abs() < 80, "{a} {b} {control}");
    }
}

#[test]
fn the_control_group_gets_nothing_further_and_is_counted() {
    // Only a control group: everyone leaves at the split.
    let series = series(
        vec![
            ("Everyone", everyone()),
            (
                "All control",
                BlockKind::Split(SplitBlock {
                    branches: vec![0, 0],
                    control: Some(100),
                }),
            ),
        ],
        &[(1, Output::Match, 2)],
    );
    let trace = run(&series, &user(), at("2026-12-01T00:00:00Z"), 1);
    assert!(trace.steps.iter().any(|s| s.what == What::Control));
    assert_eq!(trace.stays[0].outcome, StayOutcome::Control);
}

#[test]
fn calendar_days_are_read_on_the_series_clock() {
    // Signed up 2026-12-01 (a day): in Kolkata its midnight is 18:30 UTC the day
    // before, so "less than 1 day ago" ends at 18:30 UTC on 1 December.
    let recent = attr(
        "signed_up_at",
        AttributeTest::DaysAgo {
            op: DaysAgoOp::LessThan,
            days: 1,
        },
    );
    let series = in_zone(
        series(
            vec![
                ("New", rule(recent, RuleTiming::Once, false)),
                (
                    "Hello",
                    content(ContentType::Email, span(1, TimeUnit::Days), false),
                ),
            ],
            &[(1, Output::Match, 2)],
        ),
        "Asia/Kolkata",
    );
    let c = user().with_attribute(
        "signed_up_at",
        Value::Date(DateValue::Day(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )),
    );
    let trace = run(&series, &c, at("2026-12-01T18:00:00Z"), 1);
    assert_eq!(sent_at(&trace), vec!["2026-12-01 18:00"]);
    let trace = run(&series, &c, at("2026-12-01T19:00:00Z"), 1);
    assert!(sent_at(&trace).is_empty(), "a day has passed in Kolkata");
}
