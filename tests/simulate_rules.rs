//! One small case per rule of `spec/simulation.md` ("Time", "How a customer
//! moves", "Filters"), through the engine's public API.

mod sim_support;

use chrono::{DateTime, NaiveDate, Utc};
use series_builder::model::*;
use series_builder::simulate::*;
use sim_support::*;

use ContentType::*;
use Output::*;
use TimeUnit::*;

const DAYS: u32 = 4;

fn sim(s: &Series) -> Simulation {
    Simulation::new(s, december(), DAYS, 0)
}

fn trace(s: &Series, c: &Customer) -> Trace {
    sim(s).trace(c).unwrap()
}

fn counts(s: &Series, customers: &[Customer]) -> Counts {
    let sim = sim(s);
    let mut counts = sim.new_counts();
    for c in customers {
        sim.run(c, &mut counts, false).unwrap();
    }
    counts
}

/// (time, block, what) of the steps of one kind.
fn whats(trace: &Trace, what: What) -> Vec<(String, Option<u64>)> {
    rows(trace)
        .into_iter()
        .filter(|r| r.2 == what.name())
        .map(|r| (r.0, r.1))
        .collect()
}

fn when(s: &str) -> String {
    t(s).format("%m-%d %H:%M:%S").to_string()
}

fn everyone() -> Filter {
    Filter::default()
}

fn user(id: &str) -> Customer {
    Customer::new(id).with_attribute("type", Value::Text("user".into()))
}

fn signed_up(c: Customer, at: DateTime<Utc>) -> Customer {
    c.with_attribute("signed_up_at", Value::Date(DateValue::Moment(at)))
}

fn email(c: Customer) -> Customer {
    c.with_attribute("email", Value::Text("ana@example.com".into()))
}

fn block(c: &Counts, s: &Series, id: u64, counter: Counter) -> u64 {
    let i = s.blocks().keys().position(|k| k.0 == id).unwrap();
    c.blocks[i].get(counter)
}

/// Entry (everyone) → email → end.
fn one_email() -> Series {
    series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Hello", content(Email, Span::days(1), false)),
        ],
        &[(1, Match, 2)],
    )
}

// --- Time and entry points ---

#[test]
fn entry_points_are_checked_on_the_hour_and_not_before_sign_up() {
    let s = one_email();
    let c = signed_up(email(user("ana")), t("12-01 09:20"));
    let tr = trace(&s, &c);
    assert_eq!(
        whats(&tr, What::Entered),
        vec![(when("12-01 10:00"), Some(1))]
    );
    // From a moment off the hour, the first check is the next hour.
    let late = Simulation::new(&s, t("12-01 10:20"), 1, 0)
        .trace(&email(user("bo")))
        .unwrap();
    assert_eq!(
        whats(&late, What::Entered),
        vec![(when("12-01 11:00"), Some(1))]
    );
}

#[test]
fn a_customer_enters_at_every_entry_point_that_matches_once_per_stay() {
    let s = series(
        vec![
            (
                "Users",
                rule(text_is("type", "user"), RuleTiming::Once, false),
            ),
            ("Tagged x", rule(tagged("x"), RuleTiming::Once, false)),
            ("Wait", wait(Span::days(2))),
            (
                "Leads",
                rule(text_is("type", "lead"), RuleTiming::Once, false),
            ),
        ],
        &[(1, Match, 3), (2, Match, 3), (4, Match, 3)],
    );
    let tr = trace(&s, &user("ana").with_tag("x"));
    // Both at 00:00 in one stay; the second path meets the first at the wait.
    assert_eq!(
        whats(&tr, What::Entered),
        vec![
            (when("12-01 00:00"), Some(1)),
            (when("12-01 00:00"), Some(2))
        ]
    );
    assert_eq!(tr.stays.len(), 1);
    let arrivals = whats(&tr, What::Arrived);
    assert_eq!(arrivals.len(), 2);
    let merged = tr
        .steps
        .iter()
        .filter(|s| s.what == What::Arrived)
        .nth(1)
        .unwrap();
    assert!(
        merged.detail.contains("already waiting"),
        "{}",
        merged.detail
    );
    // One wait passes, not two; then the path finishes and the stay ends.
    assert_eq!(
        whats(&tr, What::Passed),
        vec![(when("12-03 00:00"), Some(3))]
    );
    assert_eq!(tr.stays[0].outcome, StayOutcome::Finished);
}

#[test]
fn a_customer_who_matches_the_exit_rules_does_not_enter() {
    let mut s = one_email();
    s.settings.exit_rules = Filter::Any(vec![tagged("churned")]);
    let tr = trace(&s, &email(user("kim")).with_tag("churned"));
    assert!(tr.stays.is_empty() && tr.steps.is_empty());
}

#[test]
fn once_means_no_second_stay_and_after_leaving_means_the_next_hour() {
    let mut s = one_email();
    let c = email(user("ana"));
    let tr = trace(&s, &c);
    assert_eq!(tr.stays.len(), 1);
    s.settings.reentry = Reentry::AfterLeaving;
    let tr = trace(&s, &c);
    // Finished at 00:00, back at 01:00 (never at the moment it ended), every hour.
    assert_eq!(tr.stays[1].entered_at, t("12-01 01:00"));
    assert_eq!(tr.stays.len(), DAYS as usize * 24);
}

#[test]
fn an_entry_points_time_to_try_is_ignored() {
    let s = series(
        vec![
            (
                "Users",
                rule(everyone(), RuleTiming::For(Span::days(2)), true),
            ),
            ("Hello", content(Email, Span::days(1), false)),
        ],
        &[(1, Match, 2)],
    );
    let tr = trace(&s, &email(user("ana")));
    assert_eq!(whats(&tr, What::Sent), vec![(when("12-01 00:00"), Some(2))]);
}

#[test]
fn nothing_happens_at_or_after_the_end_and_who_is_still_in_is_in_progress() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Wait", wait(Span::days(DAYS))),
            ("Hello", content(Email, Span::days(1), false)),
        ],
        &[(1, Match, 2), (2, Next, 3)],
    );
    let c = counts(&s, &[email(user("ana"))]);
    // The wait ends exactly at the end of the window: it never passes.
    assert_eq!(block(&c, &s, 2, Counter::Passed), 0);
    assert_eq!(block(&c, &s, 2, Counter::WaitingAtEnd), 1);
    assert_eq!(c.outcome(StayOutcome::InProgress), 1);
    assert_eq!(c.messages_sent(), 0);
}

// --- Rule blocks ---

#[test]
fn a_rule_checked_once_takes_match_no_match_or_times_out() {
    let build = |no_match_arrow: bool| {
        let mut arrows = vec![(1, Match, 2), (2, Match, 3)];
        if no_match_arrow {
            arrows.push((2, NoMatch, 4));
        }
        series(
            vec![
                ("Everyone", rule(everyone(), RuleTiming::Once, false)),
                (
                    "Pro?",
                    rule(text_is("plan", "pro"), RuleTiming::Once, no_match_arrow),
                ),
                ("Pro mail", content(Email, Span::days(1), false)),
                ("Other mail", content(Email, Span::days(1), false)),
            ],
            &arrows,
        )
    };
    let pro = email(user("p")).with_attribute("plan", Value::Text("pro".into()));
    let free = email(user("f")).with_attribute("plan", Value::Text("free".into()));
    let s = build(true);
    let c = counts(&s, &[pro.clone(), free.clone()]);
    assert_eq!(block(&c, &s, 2, Counter::Matched), 1);
    assert_eq!(block(&c, &s, 2, Counter::NoMatch), 1);
    assert_eq!(block(&c, &s, 4, Counter::Sent), 1);
    let s = build(false);
    let c = counts(&s, &[free]);
    assert_eq!(block(&c, &s, 2, Counter::NoMatch), 0);
    assert_eq!(block(&c, &s, 2, Counter::TimedOut), 1);
    assert_eq!(c.outcome(StayOutcome::Disengaged), 1);
}

#[test]
fn a_rule_keeps_checking_every_15_minutes_up_to_its_deadline() {
    // Waits up to 1 hour for event "a".
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            (
                "Did a?",
                rule(did("a"), RuleTiming::For(span(1, Hours)), true),
            ),
            ("Yes", content(Email, Span::days(1), false)),
            ("No", content(Email, Span::days(1), false)),
        ],
        &[(1, Match, 2), (2, Match, 3), (2, NoMatch, 4)],
    );
    let c = email(user("ana"));
    // Done at 00:20: seen at the 00:30 check.
    let tr = trace(&s, &c.clone().with_event("a", t("12-01 00:20")));
    assert_eq!(
        whats(&tr, What::Matched),
        vec![(when("12-01 00:30"), Some(2))]
    );
    // Done at 01:00 exactly: the check at the deadline (arrival + 1 hour) still counts.
    let tr = trace(&s, &c.clone().with_event("a", t("12-01 01:00")));
    assert_eq!(
        whats(&tr, What::Matched),
        vec![(when("12-01 01:00"), Some(2))]
    );
    // Done at 01:05: too late; no match at 01:00.
    let tr = trace(&s, &c.with_event("a", t("12-01 01:05")));
    assert_eq!(
        whats(&tr, What::NoMatch),
        vec![(when("12-01 01:00"), Some(2))]
    );
    assert_eq!(whats(&tr, What::Sent), vec![(when("12-01 01:00"), Some(4))]);
}

#[test]
fn a_rule_whose_deadline_falls_off_the_grid_gives_up_at_the_deadline() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            (
                "Did a?",
                rule(did("a"), RuleTiming::For(span(20, Minutes)), false),
            ),
        ],
        &[(1, Match, 2)],
    );
    let tr = trace(&s, &user("ana").with_event("a", t("12-01 00:20")));
    // Checked at 00:00 and 00:15; gives up at 00:20, before the 00:30 check.
    assert_eq!(
        whats(&tr, What::TimedOut),
        vec![(when("12-01 00:20"), Some(2))]
    );
    assert_eq!(tr.stays[0].outcome, StayOutcome::Disengaged);
}

#[test]
fn a_waiting_rule_sees_an_open_at_the_first_check_after_it() {
    // A chat sent when the customer comes online at 00:07 is opened at 01:07;
    // the rule waiting for the open sees it at 01:15.
    let opened = Filter::Condition(Condition::Engagement {
        block: BlockId(2),
        op: EngagementOp::Opened,
    });
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Chat", content(Chat, Span::days(1), false)),
            (
                "Opened?",
                rule(opened, RuleTiming::For(span(2, Hours)), false),
            ),
        ],
        &[(1, Match, 2), (2, Sent, 3)],
    );
    let mut c = user("ana").with_session(t("12-01 00:07"), 5, Platform::Web);
    c.engages = Engages::Always;
    let tr = trace(&s, &c);
    assert_eq!(
        whats(&tr, What::Opened),
        vec![(when("12-01 01:07"), Some(2))]
    );
    assert_eq!(whats(&tr, What::Matched)[0], (when("12-01 01:15"), Some(3)));
}

// --- Content blocks ---

#[test]
fn an_email_needs_an_address_and_no_unsubscribe() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Hello", content(Email, Span::days(1), true)),
            ("Fallback", wait(span(1, Minutes))),
        ],
        &[(1, Match, 2), (2, NotSent, 3)],
    );
    let reason = |c: Customer| {
        let tr = trace(&s, &c);
        let step = tr.steps.iter().find(|s| s.what == What::NotSent).cloned();
        step.map(|s| (s.at, s.detail))
    };
    assert_eq!(reason(email(user("a"))), None);
    assert_eq!(
        reason(user("b")),
        Some((t("12-01 00:00"), "no email address".to_string()))
    );
    let blank = user("c").with_attribute("email", Value::Text("  ".into()));
    assert_eq!(
        reason(blank).map(|r| r.1).as_deref(),
        Some("no email address")
    );
    let gone = email(user("d")).with_attribute("unsubscribed_from_emails", Value::Boolean(true));
    assert_eq!(
        reason(gone).map(|r| r.1).as_deref(),
        Some("unsubscribed from emails")
    );
}

#[test]
fn a_push_needs_a_session_on_a_phone_before_it() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Push", content(MobilePush, Span::days(1), false)),
        ],
        &[(1, Match, 2)],
    );
    let phone = user("a").with_session(t("11-30 08:00"), 5, Platform::Ios);
    let web = user("b").with_session(t("11-30 08:00"), 5, Platform::Web);
    let later = user("c").with_session(t("12-01 08:00"), 5, Platform::Android);
    let c = counts(&s, &[phone, web, later]);
    assert_eq!(block(&c, &s, 2, Counter::Sent), 1);
    assert_eq!(block(&c, &s, 2, Counter::TimedOut), 2);
}

#[test]
fn an_in_app_message_waits_for_a_session_on_a_fitting_platform() {
    let s = |t: ContentType| {
        series(
            vec![
                ("Everyone", rule(everyone(), RuleTiming::Once, false)),
                ("Message", content(t, Span::days(1), false)),
            ],
            &[(1, Match, 2)],
        )
    };
    let c = user("a")
        .with_session(t("12-01 05:00"), 30, Platform::Ios)
        .with_session(t("12-01 09:10"), 30, Platform::Web);
    let sent = |ty| whats(&trace(&s(ty), &c), What::Sent);
    assert_eq!(sent(Chat), vec![(when("12-01 05:00"), Some(2))]);
    assert_eq!(sent(Carousel), vec![(when("12-01 05:00"), Some(2))]);
    assert_eq!(sent(ProductTour), vec![(when("12-01 09:10"), Some(2))]);
    assert_eq!(sent(Banner), vec![(when("12-01 09:10"), Some(2))]);
    // Online already on arrival: sent at once.
    let online = user("b").with_session(t("11-30 23:50"), 30, Platform::Web);
    assert_eq!(
        whats(&trace(&s(Post), &online), What::Sent)[0].0,
        when("12-01 00:00")
    );
    // Never online in its day: not sent when the day is over.
    let tr = trace(
        &s(Chat),
        &user("c").with_session(t("12-02 01:00"), 30, Platform::Web),
    );
    assert_eq!(
        whats(&tr, What::TimedOut),
        vec![(when("12-02 00:00"), Some(2))]
    );
    assert!(tr.steps.iter().any(|s| s.detail == "not online in 1 day"));
}

#[test]
fn a_block_sends_each_time_a_path_arrives() {
    // A reminder loop: chat, wait 1 day, back to the chat.
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Hello", content(Email, Span::days(1), false)),
            ("Wait", wait(Span::days(1))),
        ],
        &[(1, Match, 2), (2, Sent, 3), (3, Next, 2)],
    );
    let c = counts(&s, &[email(user("a"))]);
    assert_eq!(block(&c, &s, 2, Counter::Sent), u64::from(DAYS));
    assert_eq!(c.sends_per_day, vec![1; DAYS as usize]);
}

// --- Waits, tags, ends of paths ---

#[test]
fn a_wait_goes_on_after_its_time_or_at_its_date() {
    let until = |at: &str| BlockKind::Wait(WaitBlock::Until(t(at).naive_utc()));
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("For", wait(span(90, Minutes))),
            ("Until", until("12-02 09:00")),
            ("Past", until("11-01 09:00")),
        ],
        &[(1, Match, 2), (2, Next, 3), (3, Next, 4)],
    );
    let tr = trace(&s, &user("a"));
    assert_eq!(
        whats(&tr, What::Passed),
        vec![
            (when("12-01 01:30"), Some(2)),
            (when("12-02 09:00"), Some(3)),
            (when("12-02 09:00"), Some(4)),
        ]
    );
    assert_eq!(
        whats(&tr, What::Finished),
        vec![(when("12-02 09:00"), Some(4))]
    );
}

#[test]
fn a_tag_changes_at_once_and_later_checks_see_it() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Tag", tag(TagAction::Add, "x")),
            ("Tagged?", rule(tagged("x"), RuleTiming::Once, false)),
            ("Untag", tag(TagAction::Remove, "x")),
            ("Still?", rule(tagged("x"), RuleTiming::Once, true)),
        ],
        &[(1, Match, 2), (2, Next, 3), (3, Match, 4), (4, Next, 5)],
    );
    let tr = trace(&s, &user("a"));
    let at = |what| {
        whats(&tr, what)
            .into_iter()
            .map(|r| r.1)
            .collect::<Vec<_>>()
    };
    assert_eq!(at(What::TagAdded), vec![Some(2)]);
    assert_eq!(at(What::Matched), vec![Some(3)]);
    assert_eq!(at(What::TagRemoved), vec![Some(4)]);
    assert_eq!(at(What::TimedOut), vec![Some(5)]);
}

#[test]
fn a_path_ends_where_its_output_has_no_arrow() {
    let s = one_email();
    let c = counts(&s, &[email(user("a")), user("b")]);
    assert_eq!(block(&c, &s, 2, Counter::EndedHere), 1);
    assert_eq!(block(&c, &s, 2, Counter::TimedOut), 1);
    assert_eq!(c.outcome(StayOutcome::Finished), 1);
    assert_eq!(c.outcome(StayOutcome::Disengaged), 1);
}

// --- Exit rules, goal, disengagement ---

#[test]
fn exit_rules_and_goal_are_checked_on_arrival_before_the_block_acts() {
    let mut s = one_email();
    s.settings.goal = Some(Goal {
        rules: Filter::All(vec![did("a")]),
        within_days: Some(3),
        exit_on_goal: true,
    });
    // Already did the goal when entering: hits it at the entry point, gets nothing.
    let c = counts(&s, &[email(user("a")).with_event("a", t("11-20 10:00"))]);
    assert_eq!(c.goal_hit, 1);
    assert_eq!(c.outcome(StayOutcome::Goal), 1);
    assert_eq!(block(&c, &s, 1, Counter::Arrived), 1);
    assert_eq!(block(&c, &s, 1, Counter::Matched), 0);
    assert_eq!(c.messages_sent(), 0);
}

#[test]
fn exit_rules_are_checked_every_15_minutes_and_empty_ones_let_nobody_out() {
    let s = |exit: Filter| {
        let mut s = series(
            vec![
                ("Everyone", rule(everyone(), RuleTiming::Once, false)),
                ("Wait", wait(Span::days(2))),
            ],
            &[(1, Match, 2)],
        );
        s.settings.exit_rules = exit;
        s
    };
    let c = user("a").with_event("a", t("12-01 03:01"));
    let tr = trace(&s(Filter::Any(vec![did("a")])), &c);
    assert_eq!(whats(&tr, What::Exited), vec![(when("12-01 03:15"), None)]);
    assert_eq!(tr.stays[0].outcome, StayOutcome::Exited);
    let tr = trace(&s(Filter::Any(vec![])), &c);
    assert!(whats(&tr, What::Exited).is_empty());
    assert_eq!(tr.stays[0].outcome, StayOutcome::Finished);
}

#[test]
fn the_goal_counts_within_its_window_once_and_may_let_paths_go_on() {
    let s = |within: u32, leave: bool| {
        let mut s = series(
            vec![
                ("Everyone", rule(everyone(), RuleTiming::Once, false)),
                ("Wait", wait(Span::days(3))),
            ],
            &[(1, Match, 2)],
        );
        s.settings.goal = Some(Goal {
            rules: Filter::All(vec![did("a")]),
            within_days: Some(within),
            exit_on_goal: leave,
        });
        s
    };
    let c = user("u")
        .with_event("a", t("12-02 00:00"))
        .with_event("a", t("12-02 05:00"));
    // One day's window includes its last moment (12-02 00:00).
    let tr = trace(&s(1, false), &c);
    assert_eq!(whats(&tr, What::Goal), vec![(when("12-02 00:00"), None)]);
    assert_eq!(whats(&tr, What::Passed).len(), 1);
    assert_eq!(tr.stays[0].outcome, StayOutcome::Finished);
    // Done only after the window: no goal.
    let late = user("v").with_event("a", t("12-02 00:01"));
    assert!(whats(&trace(&s(1, true), &late), What::Goal).is_empty());
    let tr = trace(&s(2, true), &c);
    assert_eq!(tr.stays[0].outcome, StayOutcome::Goal);
    assert_eq!(tr.stays[0].ended_at, Some(t("12-02 00:00")));
}

#[test]
fn a_stay_without_a_message_for_n_days_ends_disengaged() {
    let mut s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Hello", content(Email, Span::days(1), false)),
            ("Wait", wait(Span::days(3))),
        ],
        &[(1, Match, 2), (2, Sent, 3)],
    );
    s.settings.disengagement = Disengagement::AfterDays(2);
    let tr = trace(&s, &email(user("a")));
    // Sent at 12-01 00:00; two days later, still waiting: disengaged.
    assert_eq!(
        whats(&tr, What::Disengaged),
        vec![(when("12-03 00:00"), None)]
    );
    assert_eq!(tr.stays[0].outcome, StayOutcome::Disengaged);
}

#[test]
fn a_loop_without_a_wait_stops_the_simulation_naming_a_block() {
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Tag", tag(TagAction::Add, "x")),
            ("Again", tag(TagAction::Add, "y")),
        ],
        &[(1, Match, 2), (2, Next, 3), (3, Next, 2)],
    );
    let err = sim(&s).trace(&user("a")).unwrap_err();
    let SimError::Loop {
        block, customer, ..
    } = &err;
    assert!([BlockId(2), BlockId(3)].contains(block));
    assert_eq!(customer, "a");
    assert!(err.to_string().contains("add a wait block"), "{err}");
}

#[test]
fn at_one_moment_what_is_due_comes_before_the_checks_and_the_entries() {
    // A wait ends at 01:00 and tags x; the exit rules (tagged x) see it at
    // 01:00; the second entry point (tagged x) does not let the customer in.
    let mut s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Wait", wait(span(1, Hours))),
            ("Tag", tag(TagAction::Add, "x")),
            ("Wait more", wait(Span::days(1))),
            ("Tagged", rule(tagged("x"), RuleTiming::Once, false)),
        ],
        &[(1, Match, 2), (2, Next, 3), (3, Next, 4)],
    );
    s.settings.exit_rules = Filter::Any(vec![tagged("x")]);
    let tr = trace(&s, &user("a"));
    assert_eq!(
        whats(&tr, What::Exited),
        vec![(when("12-01 01:00"), Some(4))]
    );
    assert_eq!(whats(&tr, What::Entered).len(), 1);
}

// --- Filters ---

fn matches(filter: Filter, c: &Customer, at: &str) -> bool {
    // An entry point with the filter, in a window of one hour at `at`.
    let s = series(vec![("Rule", rule(filter, RuleTiming::Once, false))], &[]);
    let tr = Simulation::new(&s, t(at), 1, 0).trace(c).unwrap();
    tr.stays.first().is_some_and(|s| s.entered_at == t(at))
}

#[test]
fn text_tests_ignore_case_and_read_other_kinds_as_text_but_names_are_exact() {
    let c = user("a")
        .with_attribute("plan", Value::Text("Pro Annual".into()))
        .with_attribute("seats", Value::Number(3.0));
    let text = |name: &str, op, value: &str| {
        attr(
            name,
            AttributeTest::Text {
                op,
                value: value.into(),
            },
        )
    };
    assert!(matches(
        text("plan", TextOp::Is, "pro annual"),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(
        text("plan", TextOp::StartsWith, "PRO"),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(
        text("plan", TextOp::EndsWith, "annual"),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(
        text("plan", TextOp::Contains, "o a"),
        &c,
        "12-01 00:00"
    ));
    assert!(!matches(
        text("Plan", TextOp::Is, "pro annual"),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(text("seats", TextOp::Is, "3"), &c, "12-01 00:00"));
    // Unknown: only "is not" and "does not contain" match.
    assert!(matches(
        text("nickname", TextOp::IsNot, "x"),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(
        text("nickname", TextOp::NotContains, "x"),
        &c,
        "12-01 00:00"
    ));
    assert!(!matches(
        text("nickname", TextOp::Is, ""),
        &c,
        "12-01 00:00"
    ));
    assert!(!matches(
        text("nickname", TextOp::StartsWith, ""),
        &c,
        "12-01 00:00"
    ));
}

#[test]
fn number_boolean_and_date_tests_need_their_kind() {
    let c = user("a")
        .with_attribute("seats", Value::Number(3.0))
        .with_attribute("score", Value::Text("3".into()))
        .with_attribute("trial", Value::Boolean(true))
        .with_attribute("flag", Value::Text("true".into()))
        .with_attribute(
            "renews",
            Value::Date(DateValue::Day(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap())),
        );
    let number = |name: &str, op, value| attr(name, AttributeTest::Number { op, value });
    let at = "12-01 00:00";
    assert!(matches(number("seats", NumberOp::GreaterThan, 2.0), &c, at));
    assert!(matches(number("seats", NumberOp::Is, 3.0), &c, at));
    assert!(!matches(number("score", NumberOp::Is, 3.0), &c, at));
    assert!(!matches(number("score", NumberOp::IsNot, 4.0), &c, at));
    assert!(matches(number("missing", NumberOp::IsNot, 4.0), &c, at));
    assert!(!matches(number("missing", NumberOp::LessThan, 4.0), &c, at));
    assert!(matches(
        attr("trial", AttributeTest::Boolean { value: true }),
        &c,
        at
    ));
    assert!(!matches(
        attr("flag", AttributeTest::Boolean { value: true }),
        &c,
        at
    ));
    let date = |op, d: (i32, u32, u32)| {
        attr(
            "renews",
            AttributeTest::Date {
                op,
                date: NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
            },
        )
    };
    assert!(matches(date(DateOp::On, (2027, 1, 5)), &c, at));
    assert!(matches(date(DateOp::After, (2027, 1, 4)), &c, at));
    assert!(matches(date(DateOp::Before, (2027, 1, 6)), &c, at));
    assert!(!matches(date(DateOp::Before, (2027, 1, 5)), &c, at));
    assert!(matches(attr("missing", AttributeTest::IsUnknown), &c, at));
    assert!(!matches(attr("seats", AttributeTest::IsUnknown), &c, at));
    assert!(matches(attr("seats", AttributeTest::HasAnyValue), &c, at));
    assert!(!matches(
        attr("missing", AttributeTest::HasAnyValue),
        &c,
        at
    ));
}

#[test]
fn days_ago_counts_whole_days_from_the_moment_or_from_midnight() {
    let signed =
        |at: &str| user("a").with_attribute("signed_up_at", Value::Date(DateValue::Moment(t(at))));
    let ago = |op, days| attr("signed_up_at", AttributeTest::DaysAgo { op, days });
    let c = signed("11-29 10:00");
    // At 12-01 10:00 exactly two days have passed.
    assert!(matches(ago(DaysAgoOp::Exactly, 2), &c, "12-01 10:00"));
    assert!(!matches(ago(DaysAgoOp::MoreThan, 2), &c, "12-01 10:00"));
    assert!(matches(ago(DaysAgoOp::LessThan, 3), &c, "12-01 10:00"));
    assert!(!matches(ago(DaysAgoOp::LessThan, 2), &c, "12-01 10:00"));
    assert!(matches(ago(DaysAgoOp::MoreThan, 2), &c, "12-01 11:00"));
    assert!(matches(ago(DaysAgoOp::Exactly, 1), &c, "12-01 09:00"));
    // A day counts from its midnight.
    let day = user("b").with_attribute(
        "signed_up_at",
        Value::Date(DateValue::Day(
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        )),
    );
    assert!(matches(ago(DaysAgoOp::Exactly, 1), &day, "12-01 00:00"));
    // A date in the future is "less than" any number of days, and nothing else.
    let future =
        user("c").with_attribute("renews", Value::Date(DateValue::Moment(t("12-09 00:00"))));
    let renews = |op, days| attr("renews", AttributeTest::DaysAgo { op, days });
    assert!(matches(
        renews(DaysAgoOp::LessThan, 0),
        &future,
        "12-01 00:00"
    ));
    assert!(!matches(
        renews(DaysAgoOp::MoreThan, 0),
        &future,
        "12-01 00:00"
    ));
    assert!(!matches(
        renews(DaysAgoOp::Exactly, 0),
        &future,
        "12-01 00:00"
    ));
}

#[test]
fn a_days_ago_rule_starts_to_match_at_the_first_check_after_the_boundary() {
    // "more than 1 day ago" flips just after 12-01 10:20: seen at 10:30.
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            (
                "A day on",
                rule(
                    attr(
                        "signed_up_at",
                        AttributeTest::DaysAgo {
                            op: DaysAgoOp::MoreThan,
                            days: 1,
                        },
                    ),
                    RuleTiming::For(Span::days(2)),
                    false,
                ),
            ),
        ],
        &[(1, Match, 2)],
    );
    let c = signed_up(user("a"), t("11-30 10:20"));
    let tr = trace(&s, &c);
    assert_eq!(whats(&tr, What::Matched)[0], (when("12-01 10:30"), Some(2)));
}

#[test]
fn events_count_at_or_before_the_moment() {
    let c = user("a")
        .with_event("a", t("11-30 10:00"))
        .with_event("a", t("12-01 00:00"))
        .with_event("a", t("12-01 02:00"));
    let count = |test| {
        Filter::Condition(Condition::Event {
            event: "a".into(),
            test,
        })
    };
    assert!(matches(
        count(EventTest::CountAtLeast(2)),
        &c,
        "12-01 00:00"
    ));
    assert!(!matches(
        count(EventTest::CountAtLeast(3)),
        &c,
        "12-01 00:00"
    ));
    assert!(matches(count(EventTest::CountAtMost(2)), &c, "12-01 00:00"));
    assert!(matches(
        count(EventTest::CountAtLeast(3)),
        &c,
        "12-01 02:00"
    ));
    assert!(matches(
        count(EventTest::NotPerformed),
        &user("b"),
        "12-01 00:00"
    ));
    // Names are exact.
    let other = Filter::Condition(Condition::Event {
        event: "A".into(),
        test: EventTest::Performed,
    });
    assert!(!matches(other, &c, "12-01 00:00"));
}

#[test]
fn segments_are_as_in_the_file() {
    let mut c = user("a");
    c.segments.insert("Active".into());
    let seg = |name: &str, op| {
        Filter::Condition(Condition::Segment {
            segment: name.into(),
            op,
        })
    };
    assert!(matches(seg("Active", SegmentOp::In), &c, "12-01 00:00"));
    assert!(!matches(seg("active", SegmentOp::In), &c, "12-01 00:00"));
    assert!(matches(seg("Churn", SegmentOp::NotIn), &c, "12-01 00:00"));
}

#[test]
fn engagement_is_received_at_the_send_opened_an_hour_later_clicked_two() {
    // An email at 00:00, and entry points (checked on the hour, by id) for
    // received, opened, clicked and not opened.
    let about = |op| {
        Filter::Condition(Condition::Engagement {
            block: BlockId(2),
            op,
        })
    };
    let s = series(
        vec![
            ("Everyone", rule(everyone(), RuleTiming::Once, false)),
            ("Hello", content(Email, Span::days(1), false)),
            ("Wait", wait(Span::days(3))),
            (
                "Received",
                rule(
                    about(EngagementOp::Received),
                    RuleTiming::For(Span::days(2)),
                    false,
                ),
            ),
            (
                "Opened",
                rule(
                    about(EngagementOp::Opened),
                    RuleTiming::For(Span::days(2)),
                    false,
                ),
            ),
            (
                "Clicked",
                rule(
                    about(EngagementOp::Clicked),
                    RuleTiming::For(Span::days(2)),
                    false,
                ),
            ),
            (
                "Not opened",
                rule(about(EngagementOp::NotOpened), RuleTiming::Once, false),
            ),
        ],
        &[(1, Match, 2), (2, Sent, 3)],
    );
    let mut c = email(user("a"));
    c.engages = Engages::Always;
    let tr = trace(&s, &c);
    let entered: Vec<_> = whats(&tr, What::Entered);
    assert!(entered.contains(&(when("12-01 00:00"), Some(1))));
    // Received as soon as it is sent: the next entry point checked sees it.
    assert!(entered.contains(&(when("12-01 00:00"), Some(4))));
    assert!(entered.contains(&(when("12-01 01:00"), Some(5))));
    assert!(entered.contains(&(when("12-01 02:00"), Some(6))));
    assert!(entered.contains(&(when("12-01 00:00"), Some(7))));
    assert_eq!(entered.len(), 5);
    // A customer who never engages never opens.
    let mut never = email(user("b"));
    never.engages = Engages::Never;
    let tr = trace(&s, &never);
    assert!(whats(&tr, What::Opened).is_empty());
}

#[test]
fn last_seen_and_session_count_move_with_sessions() {
    let c = user("a")
        .with_attribute("session_count", Value::Number(2.0))
        .with_session(t("12-01 05:00"), 30, Platform::Web)
        .with_session(t("12-01 06:00"), 30, Platform::Web);
    let count = |op, value| attr("session_count", AttributeTest::Number { op, value });
    assert!(matches(count(NumberOp::Is, 2.0), &c, "12-01 04:00"));
    assert!(matches(count(NumberOp::Is, 3.0), &c, "12-01 05:00"));
    assert!(matches(count(NumberOp::Is, 4.0), &c, "12-01 06:00"));
    let seen = |op, days| attr("last_seen_at", AttributeTest::DaysAgo { op, days });
    assert!(matches(
        attr("last_seen_at", AttributeTest::IsUnknown),
        &c,
        "12-01 04:00"
    ));
    assert!(matches(seen(DaysAgoOp::LessThan, 1), &c, "12-01 06:00"));
    assert!(matches(seen(DaysAgoOp::Exactly, 1), &c, "12-02 07:00"));
    let given = c.with_attribute(
        "last_seen_at",
        Value::Date(DateValue::Moment(t("12-03 00:00"))),
    );
    // The later of the attribute and the last session.
    assert!(matches(seen(DaysAgoOp::LessThan, 0), &given, "12-01 06:00"));
}

#[test]
fn one_customer_is_simulated_the_same_way_on_every_run() {
    let s = one_email();
    let c = email(user("a")).with_session(t("12-01 05:00"), 30, Platform::Web);
    assert_eq!(trace(&s, &c), trace(&s, &c));
}
