//! The go-live checks of `spec/go-live-checks.md`: each code appears where the spec
//! says, goes away once the marketer fixes the series, and quick fixes undo cleanly.

use chrono::{NaiveDate, NaiveDateTime};
use series_builder::check::{self, Finding, QuickFix, Report, Severity};
use series_builder::edit::Edit;
use series_builder::model::*;

// ---------------------------------------------------------------- helpers

fn now() -> NaiveDateTime {
    at(2026, 3, 1, 9)
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn cond(c: Condition) -> Filter {
    Filter::Condition(c)
}

fn text(attribute: &str, value: &str) -> Filter {
    cond(Condition::Attribute {
        attribute: attribute.into(),
        test: AttributeTest::Text {
            op: TextOp::Is,
            value: value.into(),
        },
    })
}

fn pro() -> Filter {
    Filter::All(vec![text("plan", "pro")])
}

fn signed_up(op: DaysAgoOp, days: u32) -> Filter {
    Filter::All(vec![cond(Condition::Attribute {
        attribute: "signed_up_at".into(),
        test: AttributeTest::DaysAgo { op, days },
    })])
}

fn engaged(block: BlockId, op: EngagementOp) -> Filter {
    Filter::All(vec![cond(Condition::Engagement { block, op })])
}

/// A series built block by block with the model API.
struct Build {
    s: Series,
}

impl Build {
    /// An empty series with a goal, so only what a test adds shows up.
    fn new() -> Self {
        let mut s = Series::new("Test series");
        s.settings.goal = Some(Goal {
            rules: Filter::All(vec![cond(Condition::Event {
                event: "created_first_project".into(),
                test: EventTest::Performed,
            })]),
            within_days: Some(14),
            exit_on_goal: true,
        });
        Build { s }
    }

    fn add(&mut self, title: &str, kind: BlockKind) -> BlockId {
        let id = self.s.allocate_id();
        let pos = Pos::new(0.0, 150.0 * id.0 as f32);
        self.s
            .insert_block(
                id,
                Block {
                    title: title.into(),
                    pos,
                    kind,
                },
            )
            .unwrap();
        id
    }

    fn rule(&mut self, title: &str, filter: Filter) -> BlockId {
        self.add(
            title,
            BlockKind::Rule(RuleBlock {
                filter,
                timing: RuleTiming::Once,
                no_match_branch: true,
            }),
        )
    }

    fn message(
        &mut self,
        title: &str,
        content_type: ContentType,
        subject: &str,
        body: &str,
    ) -> BlockId {
        self.add(
            title,
            BlockKind::Content(ContentBlock {
                content_type,
                subject: subject.into(),
                body: body.into(),
                send_for: Span::days(3),
                not_sent_branch: true,
                send_window: None,
            }),
        )
    }

    fn chat(&mut self, title: &str) -> BlockId {
        self.message(title, ContentType::Chat, "", "Hi {{first_name}}")
    }

    fn wait(&mut self, days: u32) -> BlockId {
        self.add("", BlockKind::Wait(WaitBlock::For(Span::days(days))))
    }

    fn tag(&mut self, name: &str) -> BlockId {
        self.add(
            "",
            BlockKind::Tag(TagBlock {
                action: TagAction::Add,
                tag: name.into(),
            }),
        )
    }

    fn link(&mut self, from: BlockId, output: Output, to: BlockId) {
        self.s.connect(Connection::new(from, output, to)).unwrap();
    }

    /// Links blocks in a chain through their main output.
    fn chain(&mut self, ids: &[BlockId]) {
        for pair in ids.windows(2) {
            let output = self.s.block(pair[0]).unwrap().outputs()[0];
            self.link(pair[0], output, pair[1]);
        }
    }

    /// entry rule -> Welcome Chat -> wait 1 day -> Follow-up Chat: ready, no warnings.
    fn ready() -> (Build, [BlockId; 4]) {
        let mut b = Build::new();
        let entry = b.rule("Pro users", pro());
        let welcome = b.chat("Welcome Chat");
        let wait = b.wait(1);
        let follow = b.chat("Follow-up Chat");
        b.chain(&[entry, welcome, wait, follow]);
        (b, [entry, welcome, wait, follow])
    }

    fn report(&self) -> Report {
        check::check(&self.s, now())
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code).collect()
}

fn only<'a>(report: &'a Report, code: &str) -> &'a Finding {
    let found: Vec<&Finding> = report.with_code(code).collect();
    assert_eq!(
        found.len(),
        1,
        "one {code} expected in {:#?}",
        report.findings
    );
    found[0]
}

fn has(report: &Report, code: &str) -> bool {
    report.with_code(code).next().is_some()
}

fn apply(series: &mut Series, edit: Edit) {
    edit.apply(series).unwrap();
}

/// Applies a finding's quick fix, checks that undoing it gives back the series
/// exactly, then applies it again and returns the fixed series.
fn fix_and_undo(series: &Series, finding: &Finding) -> Series {
    let fix = finding.fix.as_ref().expect("a quick fix");
    let mut fixed = series.clone();
    let inverse = fix.edit(series).unwrap().apply(&mut fixed).unwrap();
    assert_ne!(&fixed, series, "the fix changes the series");
    let mut undone = fixed.clone();
    inverse.apply(&mut undone).unwrap();
    assert_eq!(&undone, series, "undoing the fix gives back the series");
    fixed
}

// ---------------------------------------------------------------- the clean case

#[test]
fn a_connected_series_with_a_goal_is_ready_without_warnings() {
    let (b, _) = Build::ready();
    let report = b.report();
    assert_eq!(report.findings, vec![]);
    assert!(report.ready());
    assert_eq!(report.headline(), "Ready to go live");
}

#[test]
fn the_onboarding_example_is_ready() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/saved_series/onboarding.ron");
    let series = series_builder::file::load(std::path::Path::new(path)).unwrap();
    let report = check::check(&series, now());
    assert!(report.ready(), "{:#?}", report.findings);
}

/// Every code of `spec/go-live-checks.md` with its severity, copied from the spec:
/// the oracle that findings are checked against.
const SPEC_CODES: &[(&str, Severity)] = &[
    ("no-entry-point", Severity::Error),
    ("too-many-entry-points", Severity::Error),
    ("unreachable-block", Severity::Error),
    ("empty-rule", Severity::Error),
    ("empty-content", Severity::Error),
    ("empty-tag", Severity::Error),
    ("wait-in-past", Severity::Error),
    ("loop-without-wait", Severity::Error),
    ("unknown-message", Severity::Error),
    ("goal-without-window", Severity::Error),
    ("campaign-choice-missing", Severity::Error),
    ("empty-condition", Severity::Error),
    ("split-percentages", Severity::Error),
    ("empty-send-window", Severity::Error),
    ("everyone-enters", Severity::Warning),
    ("unconnected-import", Severity::Warning),
    ("consecutive-rules", Severity::Warning),
    ("rule-used-as-delay", Severity::Warning),
    ("trailing-wait", Severity::Warning),
    ("engagement-not-yet-sent", Severity::Warning),
    ("no-goal", Severity::Warning),
    ("campaign-still-entering", Severity::Warning),
    ("too-many-blocks", Severity::Warning),
    ("split-branch-unconnected", Severity::Warning),
];

#[test]
fn every_code_of_the_spec_is_known_with_its_severity() {
    assert_eq!(check::CODES.to_vec(), SPEC_CODES.to_vec());
}

#[test]
fn errors_come_before_warnings_and_the_headline_counts_them() {
    let (mut b, [_, _, _, follow]) = Build::ready();
    b.s.settings.goal = None; // warning: no-goal
    let stray = b.tag(""); // errors: unreachable-block, empty-tag
    let trailing = b.wait(2); // warning: trailing-wait (after follow)
    b.link(follow, Output::Sent, trailing);
    let report = b.report();
    assert_eq!(
        codes(&report),
        vec!["unreachable-block", "empty-tag", "trailing-wait", "no-goal"]
    );
    assert_eq!((report.errors(), report.warnings()), (2, 2));
    assert!(!report.ready());
    assert_eq!(report.headline(), "Not ready: 2 errors, 2 warnings");
    assert_eq!(only(&report, "empty-tag").blocks, vec![stray]);
}

// ---------------------------------------------------------------- errors

#[test]
fn no_entry_point_when_the_series_is_empty_and_gone_once_a_rule_leads_in() {
    let mut b = Build::new();
    let report = b.report();
    assert_eq!(only(&report, "no-entry-point").severity, Severity::Error);
    assert!(!report.ready());
    assert!(only(&report, "no-entry-point").message.contains("empty"));

    let chat = b.chat("Welcome Chat");
    let report = b.report();
    assert!(
        only(&report, "no-entry-point")
            .message
            .contains("no rule block")
    );

    let entry = b.rule("Pro users", pro());
    b.chain(&[entry, chat]);
    assert!(!has(&b.report(), "no-entry-point"));
}

#[test]
fn no_entry_point_when_every_rule_has_an_arrow_into_it() {
    let mut b = Build::new();
    let first = b.rule("Pro users", pro());
    let chat = b.chat("Welcome Chat");
    let wait = b.wait(1);
    b.chain(&[first, chat, wait, first]);
    let report = b.report();
    assert!(has(&report, "no-entry-point"));
    // The wait makes the loop allowed; only the missing entry is wrong.
    assert!(!has(&report, "loop-without-wait"));

    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: wait,
            output: Output::Next,
        }),
    );
    let report = b.report();
    assert!(!has(&report, "no-entry-point"));
    assert!(report.ready());
}

#[test]
fn too_many_entry_points_above_ten_and_gone_when_one_is_connected() {
    let (mut b, [_, _, _, follow]) = Build::ready();
    let mut extra = Vec::new();
    for i in 0..10 {
        let rule = b.rule(&format!("Audience {i}"), pro());
        let chat = b.chat(&format!("Chat {i}"));
        b.chain(&[rule, chat]);
        extra.push(rule);
    }
    let report = b.report();
    let finding = only(&report, "too-many-entry-points");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.blocks.len(), 11);
    assert!(finding.message.contains("11 entry points"));

    let wait = b.wait(1);
    b.chain(&[follow, wait, extra[0]]);
    assert!(!has(&b.report(), "too-many-entry-points"));
}

#[test]
fn unreachable_block_names_the_block_and_goes_once_connected() {
    let (mut b, [_, _, _, follow]) = Build::ready();
    let lost = b.chat("Need a hand?");
    let lost_tag = b.tag("helped");
    b.chain(&[lost, lost_tag]);
    let report = b.report();
    let found: Vec<&Finding> = report.with_code("unreachable-block").collect();
    assert_eq!(found.len(), 2, "one finding per block");
    assert_eq!(found[0].blocks, vec![lost]);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        found[0].message.contains("'Need a hand?'"),
        "{}",
        found[0].message
    );
    assert!(
        found[1].message.contains("'Add tag helped'"),
        "{}",
        found[1].message
    );

    b.link(follow, Output::NotSent, lost);
    assert!(!has(&b.report(), "unreachable-block"));
}

#[test]
fn a_rule_not_reached_is_not_unreachable_but_what_follows_it_is() {
    // A rule with an arrow into it from a lost block: rules are not reported.
    let (mut b, _) = Build::ready();
    let lost = b.chat("Lost chat");
    let rule = b.rule("Later", pro());
    let after = b.chat("After");
    b.chain(&[lost, rule, after]);
    let report = b.report();
    let blocks: Vec<BlockId> = report
        .with_code("unreachable-block")
        .flat_map(|f| f.blocks.clone())
        .collect();
    assert_eq!(blocks, vec![lost, after]);
}

#[test]
fn empty_rule_and_filled_rule() {
    let (mut b, [entry, welcome, ..]) = Build::ready();
    let middle = b.rule("Still here?", Filter::All(vec![Filter::Any(vec![])]));
    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: entry,
            output: Output::Match,
        }),
    );
    b.chain(&[entry, middle, welcome]);
    let report = b.report();
    let finding = only(&report, "empty-rule");
    assert_eq!(finding.blocks, vec![middle]);
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.contains("'Still here?'"));

    let mut filled = b.s.block(middle).unwrap().clone();
    if let BlockKind::Rule(r) = &mut filled.kind {
        r.filter = pro();
    }
    apply(
        &mut b.s,
        Edit::Replace {
            id: middle,
            block: filled,
        },
    );
    assert!(!has(&b.report(), "empty-rule"));
}

#[test]
fn empty_content_needs_title_body_and_for_email_a_subject() {
    let (mut b, [.., follow]) = Build::ready();
    let email = b.message("Welcome Email", ContentType::Email, "  ", "Hello");
    let untitled = b.message("", ContentType::Post, "", "");
    b.link(follow, Output::Sent, email);
    b.link(follow, Output::NotSent, untitled);
    let report = b.report();
    let found: Vec<&Finding> = report.with_code("empty-content").collect();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].blocks, vec![email]);
    assert!(found[0].message.contains("subject"), "{}", found[0].message);
    assert!(!found[0].message.contains("body"));
    assert!(
        found[1].message.contains("a title and a body"),
        "{}",
        found[1].message
    );
    // A chat needs no subject.
    assert!(found.iter().all(|f| f.blocks != vec![follow]));

    for (id, title, subject, body) in [
        (email, "Welcome Email", "Welcome to Acme", "Hello"),
        (untitled, "Tips", "", "Three tips"),
    ] {
        let mut block = b.s.block(id).unwrap().clone();
        block.title = title.into();
        if let BlockKind::Content(c) = &mut block.kind {
            c.subject = subject.into();
            c.body = body.into();
        }
        apply(&mut b.s, Edit::Replace { id, block });
    }
    assert!(!has(&b.report(), "empty-content"));
}

#[test]
fn empty_tag_until_named() {
    let (mut b, [.., follow]) = Build::ready();
    let tag = b.tag(" ");
    b.link(follow, Output::Sent, tag);
    let report = b.report();
    assert_eq!(only(&report, "empty-tag").blocks, vec![tag]);
    assert_eq!(only(&report, "empty-tag").severity, Severity::Error);

    let mut named = b.s.block(tag).unwrap().clone();
    named.kind = BlockKind::Tag(TagBlock {
        action: TagAction::Add,
        tag: "onboarded".into(),
    });
    apply(
        &mut b.s,
        Edit::Replace {
            id: tag,
            block: named,
        },
    );
    assert!(!has(&b.report(), "empty-tag"));
}

#[test]
fn wait_in_past_depends_on_now_and_goes_with_a_later_date() {
    let (mut b, [_, _, wait, _]) = Build::ready();
    let mut until = b.s.block(wait).unwrap().clone();
    until.kind = BlockKind::Wait(WaitBlock::Until(at(2026, 2, 28, 9)));
    apply(
        &mut b.s,
        Edit::Replace {
            id: wait,
            block: until.clone(),
        },
    );
    let report = b.report();
    let finding = only(&report, "wait-in-past");
    assert_eq!(finding.blocks, vec![wait]);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("28 Feb 2026"),
        "{}",
        finding.message
    );
    // The same date checked a day earlier is still ahead.
    assert!(!has(
        &check::check(&b.s, at(2026, 2, 27, 9)),
        "wait-in-past"
    ));

    until.kind = BlockKind::Wait(WaitBlock::Until(at(2026, 4, 1, 9)));
    apply(
        &mut b.s,
        Edit::Replace {
            id: wait,
            block: until,
        },
    );
    assert!(!has(&b.report(), "wait-in-past"));
}

#[test]
fn loop_without_wait_is_an_error_and_a_wait_in_the_loop_allows_it() {
    let (mut b, [_, welcome, _, follow]) = Build::ready();
    // Follow-up Chat -> "Not replied yet" -> back to Follow-up Chat: no pause.
    let again = b.rule("Not replied yet", engaged(follow, EngagementOp::NotReplied));
    b.chain(&[follow, again, follow]);
    let report = b.report();
    let finding = only(&report, "loop-without-wait");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.blocks, vec![follow, again]);
    assert!(
        finding
            .message
            .contains("'Follow-up Chat' and 'Not replied yet'"),
        "{}",
        finding.message
    );

    // Send the loop through a wait instead: allowed.
    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: again,
            output: Output::Match,
        }),
    );
    let pause = b.wait(2);
    b.chain(&[again, pause, follow]);
    assert!(!has(&b.report(), "loop-without-wait"));

    // A longer loop back to the start through the first wait is allowed too.
    let back = b.rule("Back to start", pro());
    b.link(again, Output::NoMatch, back);
    b.link(back, Output::Match, welcome);
    assert!(!has(&b.report(), "loop-without-wait"));
}

#[test]
fn unknown_message_for_missing_or_non_content_blocks() {
    let (mut b, [_, welcome, wait, follow]) = Build::ready();
    let asks_missing = b.rule(
        "Opened the gone one",
        engaged(BlockId(999), EngagementOp::Opened),
    );
    let asks_wait = b.rule("Asks a wait", engaged(wait, EngagementOp::Received));
    b.chain(&[follow, asks_missing, asks_wait]);
    let chat = b.chat("Last");
    b.link(asks_wait, Output::Match, chat);
    b.s.settings.exit_rules = Filter::Any(vec![cond(Condition::Engagement {
        block: BlockId(998),
        op: EngagementOp::Clicked,
    })]);
    let report = b.report();
    let found: Vec<&Finding> = report.with_code("unknown-message").collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].blocks, vec![asks_missing]);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        found[0].message.contains("not in the series"),
        "{}",
        found[0].message
    );
    assert_eq!(found[1].blocks, vec![asks_wait]);
    assert!(
        found[1].message.contains("not a message"),
        "{}",
        found[1].message
    );
    assert!(found[2].blocks.is_empty());
    assert!(
        found[2].message.starts_with("The exit rules"),
        "{}",
        found[2].message
    );

    for (id, named) in [(asks_missing, welcome), (asks_wait, welcome)] {
        let mut block = b.s.block(id).unwrap().clone();
        if let BlockKind::Rule(r) = &mut block.kind {
            r.filter = engaged(named, EngagementOp::Opened);
        }
        apply(&mut b.s, Edit::Replace { id, block });
    }
    let mut settings = b.s.settings.clone();
    settings.exit_rules = Filter::default();
    apply(&mut b.s, Edit::Settings(settings));
    assert!(!has(&b.report(), "unknown-message"));
}

#[test]
fn goal_without_window_when_missing_or_zero() {
    for window in [None, Some(0)] {
        let (mut b, _) = Build::ready();
        let mut settings = b.s.settings.clone();
        settings.goal.as_mut().unwrap().within_days = window;
        apply(&mut b.s, Edit::Settings(settings.clone()));
        let report = b.report();
        assert_eq!(
            only(&report, "goal-without-window").severity,
            Severity::Error
        );
        assert!(!report.ready());

        settings.goal.as_mut().unwrap().within_days = Some(7);
        apply(&mut b.s, Edit::Settings(settings));
        assert!(b.report().ready());
    }
}

fn imported(b: &mut Build, state: CampaignState, messages: Vec<MessageOrigin>) {
    b.s.origin = Some(CampaignOrigin {
        campaign_id: "cmp_1".into(),
        campaign_name: "Trial onboarding".into(),
        campaign_state: state,
        messages,
        go_live_choice: GoLiveChoice::Undecided,
    });
}

#[test]
fn campaign_choice_missing_while_the_campaign_runs_until_chosen() {
    let (mut b, _) = Build::ready();
    imported(&mut b, CampaignState::Live, Vec::new());
    let report = b.report();
    let finding = only(&report, "campaign-choice-missing");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.contains("'Trial onboarding'"));

    apply(&mut b.s, Edit::GoLiveChoice(GoLiveChoice::StopEntering));
    let report = b.report();
    assert!(report.ready());
    assert_eq!(report.findings, vec![]);
}

#[test]
fn campaign_choice_is_only_needed_for_live_or_paused_campaigns() {
    for (state, needed) in [
        (CampaignState::Live, true),
        (CampaignState::Paused, true),
        (CampaignState::Draft, false),
        (CampaignState::Emptying, false),
    ] {
        let (mut b, _) = Build::ready();
        imported(&mut b, state, Vec::new());
        assert_eq!(
            has(&b.report(), "campaign-choice-missing"),
            needed,
            "{state:?}"
        );
    }
}

// ---------------------------------------------------------------- warnings

#[test]
fn everyone_enters_for_type_is_user_or_an_empty_all() {
    for filter in [
        Filter::type_is_user(),
        Filter::All(vec![]),
        Filter::All(vec![Filter::All(vec![text("type", "user")])]),
    ] {
        let (mut b, [entry, ..]) = Build::ready();
        let mut block = b.s.block(entry).unwrap().clone();
        if let BlockKind::Rule(r) = &mut block.kind {
            r.filter = filter.clone();
        }
        apply(
            &mut b.s,
            Edit::Replace {
                id: entry,
                block: block.clone(),
            },
        );
        let report = b.report();
        let finding = only(&report, "everyone-enters");
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.blocks, vec![entry]);
        assert!(finding.message.contains("'Pro users'"));

        if let BlockKind::Rule(r) = &mut block.kind {
            r.filter = Filter::All(vec![text("type", "user"), text("plan", "pro")]);
        }
        apply(&mut b.s, Edit::Replace { id: entry, block });
        assert!(!has(&b.report(), "everyone-enters"), "{filter:?}");
    }
}

#[test]
fn everyone_enters_only_for_entry_points_and_not_for_leads_or_an_empty_any() {
    let (mut b, [.., follow]) = Build::ready();
    let inside = b.rule("Users only", Filter::type_is_user());
    let chat = b.chat("Users chat");
    b.chain(&[follow, inside, chat]);
    let leads = b.rule("Leads", Filter::All(vec![text("type", "lead")]));
    let either = b.rule(
        "Users or pro",
        Filter::Any(vec![text("type", "user"), text("plan", "pro")]),
    );
    for entry in [leads, either] {
        let c = b.chat("Hello");
        b.link(entry, Output::Match, c);
    }
    let report = b.report();
    let blocks: Vec<BlockId> = report
        .with_code("everyone-enters")
        .flat_map(|f| f.blocks.clone())
        .collect();
    // "type is user or plan is pro" still lets every user in.
    assert_eq!(blocks, vec![either]);
}

/// entry -> Welcome Chat, plus an imported column: rule -> "Getting started" -> wait.
fn with_imported_column() -> (Build, BlockId, BlockId, BlockId, BlockId) {
    let (mut b, [_, _, _, follow]) = Build::ready();
    let rule = b.rule("Getting started audience", pro());
    let post = b.message("Getting started", ContentType::Post, "", "Three things");
    let wait = b.wait(1);
    b.chain(&[rule, post, wait]);
    imported(
        &mut b,
        CampaignState::Draft,
        vec![MessageOrigin {
            message_id: "msg_3".into(),
            title: "Getting started post".into(),
            rule_block: rule,
            content_block: post,
            stats: Default::default(),
        }],
    );
    (b, follow, rule, post, wait)
}

#[test]
fn unconnected_import_for_a_message_rule_that_is_still_an_entry_point() {
    let (mut b, follow, rule, post, wait) = with_imported_column();
    let report = b.report();
    let finding = only(&report, "unconnected-import");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.blocks, vec![rule, post]);
    assert!(
        finding.message.contains("'Getting started post'"),
        "{}",
        finding.message
    );

    // Connect the column into the main path: the rule is no longer an entry point.
    let pause = b.wait(2);
    b.chain(&[follow, pause, rule]);
    let report = b.report();
    assert!(!has(&report, "unconnected-import"));
    assert!(
        has(&report, "trailing-wait"),
        "the column still ends in {wait:?}"
    );
}

#[test]
fn consecutive_rules_combine_into_one_and_undo() {
    let (mut b, [entry, welcome, ..]) = Build::ready();
    let second = b.rule(
        "Active",
        Filter::All(vec![cond(Condition::Event {
            event: "logged_in".into(),
            test: EventTest::Performed,
        })]),
    );
    let elsewhere = b.chat("Not active");
    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: entry,
            output: Output::Match,
        }),
    );
    b.chain(&[entry, second, welcome]);
    b.link(second, Output::NoMatch, elsewhere);
    let report = b.report();
    let finding = only(&report, "consecutive-rules");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.blocks, vec![entry, second]);
    assert!(finding.message.contains("'Pro users'") && finding.message.contains("'Active'"));
    assert_eq!(
        finding.fix.as_ref().unwrap().label(),
        "Combine into one rule"
    );

    let fixed = fix_and_undo(&b.s, finding);
    assert!(fixed.block(second).is_none());
    let rule = fixed.block(entry).unwrap().as_rule().unwrap().clone();
    let summary = fixed.block_summary(entry);
    assert_eq!(summary, "plan is pro and did logged_in");
    assert!(rule.no_match_branch);
    assert_eq!(fixed.target(entry, Output::Match), Some(welcome));
    assert_eq!(fixed.target(entry, Output::NoMatch), Some(elsewhere));
    let report = check::check(&fixed, now());
    assert!(!has(&report, "consecutive-rules"));
    assert!(report.ready(), "{:#?}", report.findings);
}

#[test]
fn consecutive_rules_without_a_plain_fix_when_others_lead_into_the_second() {
    let (mut b, [entry, welcome, _, follow]) = Build::ready();
    let second = b.rule("Active", pro());
    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: entry,
            output: Output::Match,
        }),
    );
    b.chain(&[entry, second, welcome]);
    let pause = b.wait(1);
    b.chain(&[follow, pause]);
    b.link(pause, Output::Next, second);
    let report = b.report();
    let finding = only(&report, "consecutive-rules");
    assert_eq!(
        finding.fix, None,
        "combining would cut the path from the wait"
    );
}

#[test]
fn rule_used_as_delay_becomes_a_wait_and_undoes() {
    for op in [DaysAgoOp::Exactly, DaysAgoOp::MoreThan] {
        let (mut b, [_, welcome, wait, follow]) = Build::ready();
        let delay = b.rule("Three days in", signed_up(op, 3));
        apply(
            &mut b.s,
            Edit::disconnect(Port {
                block: wait,
                output: Output::Next,
            }),
        );
        apply(
            &mut b.s,
            Edit::Remove {
                blocks: vec![wait],
                connections: vec![],
            },
        );
        b.link(welcome, Output::Sent, delay);
        b.link(delay, Output::Match, follow);
        let report = b.report();
        let finding = only(&report, "rule-used-as-delay");
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.blocks, vec![delay]);
        assert!(finding.message.contains("3 days"), "{}", finding.message);
        assert_eq!(
            finding.fix.as_ref().unwrap().label(),
            "Replace with a wait of 3 days"
        );

        let fixed = fix_and_undo(&b.s, finding);
        let block = fixed.block(delay).unwrap();
        assert_eq!(block.kind, BlockKind::Wait(WaitBlock::For(Span::days(3))));
        assert_eq!(fixed.target(welcome, Output::Sent), Some(delay));
        assert_eq!(fixed.target(delay, Output::Next), Some(follow));
        let report = check::check(&fixed, now());
        assert!(!has(&report, "rule-used-as-delay"));
        assert_eq!(report.findings, vec![]);
    }
}

#[test]
fn a_rule_that_also_checks_something_else_is_not_a_delay() {
    let (mut b, [.., follow]) = Build::ready();
    let rule = b.rule(
        "Pro, three days in",
        Filter::All(vec![text("plan", "pro"), signed_up(DaysAgoOp::Exactly, 3)]),
    );
    let recent = b.rule("Recent", signed_up(DaysAgoOp::LessThan, 3));
    let chat = b.chat("Last");
    b.chain(&[follow, rule, chat]);
    b.link(rule, Output::NoMatch, recent);
    let other = b.chat("Other");
    b.link(recent, Output::Match, other);
    // "Signed up exactly 0 days ago" picks today's sign-ups: no delay either.
    let today = b.rule("Today", signed_up(DaysAgoOp::Exactly, 0));
    let hello = b.chat("Hello");
    b.chain(&[other, today, hello]);
    assert!(!has(&b.report(), "rule-used-as-delay"));
}

#[test]
fn trailing_wait_is_removed_by_its_fix_and_undoes() {
    let (mut b, [.., follow]) = Build::ready();
    let trailing = b.wait(2);
    b.link(follow, Output::Sent, trailing);
    let report = b.report();
    let finding = only(&report, "trailing-wait");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.blocks, vec![trailing]);
    assert!(
        finding.message.contains("'Wait 2 days'"),
        "{}",
        finding.message
    );
    assert_eq!(finding.fix.as_ref().unwrap().label(), "Remove the wait");

    let fixed = fix_and_undo(&b.s, finding);
    assert!(fixed.block(trailing).is_none());
    assert_eq!(check::check(&fixed, now()).findings, vec![]);
}

#[test]
fn a_fix_refuses_a_series_that_changed_since_the_check() {
    let (mut b, [.., follow]) = Build::ready();
    let trailing = b.wait(2);
    b.link(follow, Output::Sent, trailing);
    let report = b.report();
    let fix = only(&report, "trailing-wait").fix.clone().unwrap();
    let end = b.chat("The end");
    b.link(trailing, Output::Next, end);
    assert!(fix.edit(&b.s).is_err());
    let gone = QuickFix::RemoveTrailingWait { wait: BlockId(404) };
    assert!(gone.edit(&b.s).is_err());
}

#[test]
fn engagement_not_yet_sent_when_a_path_skips_the_message() {
    // Pro users -> Welcome Chat -> wait -> Follow-up Chat -> "Replied?" asks about
    // Welcome Chat: sent on every path, fine.
    let (mut b, [_, welcome, wait, follow]) = Build::ready();
    let asks = b.rule(
        "Replied to welcome?",
        engaged(welcome, EngagementOp::Replied),
    );
    let thanks = b.chat("Thanks");
    b.chain(&[follow, asks, thanks]);
    assert_eq!(b.report().findings, vec![]);

    // A second entry point leads straight to the wait, past Welcome Chat.
    let late = b.rule("Late joiners", Filter::All(vec![text("plan", "team")]));
    b.link(late, Output::Match, wait);
    let report = b.report();
    let finding = only(&report, "engagement-not-yet-sent");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.blocks, vec![asks, welcome]);
    assert!(
        finding.message.contains("'Replied to welcome?'")
            && finding.message.contains("'Welcome Chat'")
    );

    // Send the late joiners through Welcome Chat too: fine again.
    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: late,
            output: Output::Match,
        }),
    );
    b.link(late, Output::Match, welcome);
    assert!(!has(&b.report(), "engagement-not-yet-sent"));
}

#[test]
fn engagement_not_yet_sent_for_a_message_on_one_branch_only() {
    let (mut b, [_, welcome, _, follow]) = Build::ready();
    // Welcome Chat "not sent" skips Follow-up Chat and joins at the rule.
    let asks = b.rule("Opened follow-up?", engaged(follow, EngagementOp::Opened));
    let thanks = b.chat("Thanks");
    b.chain(&[follow, asks, thanks]);
    b.link(welcome, Output::NotSent, asks);
    assert_eq!(
        only(&b.report(), "engagement-not-yet-sent").blocks,
        vec![asks, follow]
    );

    apply(
        &mut b.s,
        Edit::disconnect(Port {
            block: welcome,
            output: Output::NotSent,
        }),
    );
    assert!(!has(&b.report(), "engagement-not-yet-sent"));
}

#[test]
fn engagement_not_yet_sent_for_an_entry_point_and_none_for_unreached_rules() {
    let (mut b, [_, welcome, ..]) = Build::ready();
    let entry_asks = b.rule("Opened welcome", engaged(welcome, EngagementOp::Opened));
    let chat = b.chat("Second");
    b.link(entry_asks, Output::Match, chat);
    // A rule no entry point reaches: no customer gets there, so no warning.
    let lost = b.chat("Lost");
    let lost_rule = b.rule("Lost rule", engaged(welcome, EngagementOp::Opened));
    b.chain(&[lost, lost_rule]);
    let report = b.report();
    let finding = only(&report, "engagement-not-yet-sent");
    assert_eq!(finding.blocks, vec![entry_asks, welcome]);
    assert!(
        finding.message.contains("entry point"),
        "{}",
        finding.message
    );
}

#[test]
fn no_goal_until_one_is_set() {
    let (mut b, _) = Build::ready();
    let mut settings = b.s.settings.clone();
    let goal = settings.goal.take();
    apply(&mut b.s, Edit::Settings(settings.clone()));
    let report = b.report();
    assert_eq!(only(&report, "no-goal").severity, Severity::Warning);
    assert!(report.ready());
    assert_eq!(
        report.headline(),
        "Ready to go live, after confirming 1 warning"
    );

    settings.goal = goal;
    apply(&mut b.s, Edit::Settings(settings));
    assert!(!has(&b.report(), "no-goal"));
}

#[test]
fn campaign_still_entering_when_the_choice_is_continue() {
    let (mut b, _) = Build::ready();
    imported(&mut b, CampaignState::Live, Vec::new());
    apply(&mut b.s, Edit::GoLiveChoice(GoLiveChoice::ContinueEntering));
    let report = b.report();
    assert_eq!(
        only(&report, "campaign-still-entering").severity,
        Severity::Warning
    );
    assert!(!has(&report, "campaign-choice-missing"));
    assert!(report.ready());

    apply(&mut b.s, Edit::GoLiveChoice(GoLiveChoice::StopEntering));
    assert!(!has(&b.report(), "campaign-still-entering"));
}

#[test]
fn too_many_blocks_above_250() {
    let (mut b, [.., follow]) = Build::ready();
    let mut last = follow;
    while b.s.len() < 250 {
        let wait = b.wait(1);
        let chat = b.chat("More");
        b.chain(&[last, wait, chat]);
        last = chat;
    }
    assert_eq!(b.s.len(), 250);
    assert!(!has(&b.report(), "too-many-blocks"), "250 is allowed");
    let tag = b.tag("finished");
    b.chain(&[last, tag]);
    let report = b.report();
    assert_eq!(only(&report, "too-many-blocks").severity, Severity::Warning);
    assert!(
        only(&report, "too-many-blocks")
            .message
            .contains("251 blocks")
    );
    last = tag;

    apply(
        &mut b.s,
        Edit::Remove {
            blocks: vec![last],
            connections: vec![],
        },
    );
    assert!(!has(&b.report(), "too-many-blocks"));
}

#[test]
fn long_chains_and_big_loops_are_checked_without_trouble() {
    // 20,000 blocks in one chain, looping back to its start through no wait.
    let mut b = Build::new();
    let entry = b.rule("Start", pro());
    let mut ids = vec![entry];
    for i in 0..20_000 {
        ids.push(if i % 2 == 0 {
            b.chat("Step")
        } else {
            b.tag("step")
        });
    }
    b.chain(&ids);
    let back = b.rule("Again", pro());
    b.link(*ids.last().unwrap(), Output::Next, back);
    b.link(back, Output::Match, ids[1]);
    let report = b.report();
    let finding = only(&report, "loop-without-wait");
    assert_eq!(finding.blocks.len(), 20_001);
    assert!(
        finding.message.contains("and 19996 more"),
        "{}",
        finding.message
    );
}

// ---------------------------------------------------------------- imported campaigns

fn import_trial() -> series_builder::import::Imported {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/campaigns/trial-onboarding.json"
    );
    series_builder::import::import_campaign(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn an_imported_campaign_not_yet_connected_is_not_ready() {
    let imported = import_trial();
    let series = &imported.series;
    let report = check::check(series, now());
    assert!(!report.ready());
    for code in [
        "unconnected-import",
        "everyone-enters",
        "rule-used-as-delay",
        "trailing-wait",
        "engagement-not-yet-sent",
        "campaign-choice-missing",
    ] {
        assert!(
            has(&report, code),
            "{code} missing from {:#?}",
            report.findings
        );
    }
    let origin = series.origin.as_ref().unwrap();
    // One unconnected-import per message, naming its rule and its content block.
    let unconnected: Vec<Vec<BlockId>> = report
        .with_code("unconnected-import")
        .map(|f| f.blocks.clone())
        .collect();
    let expected: Vec<Vec<BlockId>> = origin
        .messages
        .iter()
        .map(|m| vec![m.rule_block, m.content_block])
        .collect();
    assert_eq!(unconnected, expected);
    // "Getting started post" waits for "signed up exactly 3 days ago".
    let delay = only(&report, "rule-used-as-delay");
    assert_eq!(delay.blocks, vec![origin.messages[2].rule_block]);
    // "Need a hand?" asks whether "Welcome Chat" was received, yet enters on its own.
    let asks = only(&report, "engagement-not-yet-sent");
    assert_eq!(
        asks.blocks,
        vec![
            origin.messages[3].rule_block,
            origin.messages[1].content_block
        ]
    );
    // Four columns, each ending in a wait, each told apart by what comes before it.
    let trailing: Vec<&Finding> = report.with_code("trailing-wait").collect();
    assert_eq!(trailing.len(), 4);
    assert!(
        trailing[0].message.contains("after 'Welcome Email'"),
        "{}",
        trailing[0].message
    );
    // Names with an apostrophe are quoted so they still read well.
    for f in &report.findings {
        assert!(!f.message.contains("''"), "{}", f.message);
    }
}

#[test]
fn an_imported_campaign_connected_into_one_path_is_ready() {
    // What a marketer does after the import: choose what happens to the campaign,
    // turn the delay into a wait, chain the columns from the campaign's entry rule,
    // then take the quick fixes offered (combine rules, drop the last wait).
    let imported = import_trial();
    let mut s = imported.series.clone();
    let origin = s.origin.clone().unwrap();
    apply(&mut s, Edit::GoLiveChoice(GoLiveChoice::StopEntering));

    let report = check::check(&s, now());
    let delay = only(&report, "rule-used-as-delay");
    s = fix_and_undo(&s, delay);

    // entry -> (rule -> content -> wait) x 4, in priority order.
    let mut last = (imported.entry_block, Output::Match);
    for m in &origin.messages {
        let column: Vec<BlockId> = {
            let mut ids = vec![m.rule_block, m.content_block];
            if let Some(wait) = s.target(m.content_block, Output::Sent) {
                ids.push(wait);
            }
            ids
        };
        apply(
            &mut s,
            Edit::connect(Connection::new(last.0, last.1, column[0])),
        );
        let end = *column.last().unwrap();
        let output = s.block(end).unwrap().outputs()[0];
        last = (end, output);
    }
    let report = check::check(&s, now());
    // The chain now has rule after rule: each step can be fixed in place.
    while let Some(f) = report_first_fixable(&s) {
        s = fix_and_undo(&s, &f);
    }
    let report_after = check::check(&s, now());
    assert!(report_after.ready(), "{:#?}", report_after.findings);
    for code in [
        "unconnected-import",
        "rule-used-as-delay",
        "trailing-wait",
        "engagement-not-yet-sent",
        "campaign-choice-missing",
        "consecutive-rules",
    ] {
        assert!(
            !has(&report_after, code),
            "{code} still in {:#?}",
            report_after.findings
        );
    }
    assert!(report.warnings() > report_after.warnings());
}

/// The first finding with a quick fix, if any.
fn report_first_fixable(series: &Series) -> Option<Finding> {
    check::check(series, now())
        .findings
        .into_iter()
        .find(|f| f.fix.is_some())
}

// ---------------------------------------------------------------- any series

mod random {
    use super::*;
    use proptest::prelude::*;

    /// A block of any kind, with a few shapes the checks care about.
    fn kind(shape: u8, refer: u64) -> BlockKind {
        match shape % SHAPES {
            0 => BlockKind::Rule(RuleBlock {
                filter: pro(),
                timing: RuleTiming::Once,
                no_match_branch: refer.is_multiple_of(2),
            }),
            1 => BlockKind::Rule(RuleBlock {
                filter: signed_up(DaysAgoOp::Exactly, (refer % 5) as u32),
                timing: RuleTiming::For(Span::days(1)),
                no_match_branch: refer.is_multiple_of(3),
            }),
            2 => BlockKind::Rule(RuleBlock {
                filter: engaged(BlockId(refer), EngagementOp::Opened),
                timing: RuleTiming::Once,
                no_match_branch: true,
            }),
            3 => BlockKind::Rule(RuleBlock {
                filter: Filter::type_is_user(),
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
            4 | 5 => BlockKind::Content(ContentBlock {
                content_type: ContentType::Email,
                subject: if refer.is_multiple_of(4) {
                    String::new()
                } else {
                    "Hi".into()
                },
                body: "Hello".into(),
                send_for: Span::days(3),
                not_sent_branch: refer % 2 == 1,
                send_window: None,
            }),
            6 => BlockKind::Wait(WaitBlock::For(Span::days(1))),
            7 => BlockKind::Wait(WaitBlock::Until(at(2026, 1 + (refer % 6) as u32, 1, 9))),
            8 => BlockKind::Rule(RuleBlock {
                filter: Filter::default(),
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
            9 => BlockKind::Rule(RuleBlock {
                filter: Filter::All(vec![Filter::Condition(Condition::Tag {
                    tag: String::new(),
                    op: TagOp::Has,
                })]),
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
            // A split test: right, not adding up, or with an empty branch.
            10 => BlockKind::Split(SplitBlock {
                branches: match refer % 3 {
                    0 => vec![50, 50],
                    1 => vec![60, 50],
                    _ => vec![100, 0],
                },
                control: None,
            }),
            // A note: on no path, nothing about paths reports it.
            11 => BlockKind::Note(NoteBlock {
                text: "For the team".into(),
                colour: NoteColour::Yellow,
                size: Size { w: 200.0, h: 120.0 },
            }),
            12 => BlockKind::Content(ContentBlock {
                content_type: ContentType::Chat,
                subject: String::new(),
                body: "Hello".into(),
                send_for: Span::days(3),
                not_sent_branch: false,
                send_window: Some(SendWindow {
                    days: if refer.is_multiple_of(2) {
                        Days::NONE
                    } else {
                        Days::WEEKDAYS
                    },
                    ..SendWindow::default()
                }),
            }),
            _ => BlockKind::Tag(TagBlock {
                action: TagAction::Add,
                tag: if refer.is_multiple_of(5) {
                    String::new()
                } else {
                    "t".into()
                },
            }),
        }
    }

    const SHAPES: u8 = 14;

    /// What the series has besides its blocks: a goal (none, without a window,
    /// or a good one), a campaign it came from (none, or in some state with some
    /// choice), and whether it is padded past the hosted product's size.
    #[derive(Debug, Clone, Copy)]
    struct Extras {
        goal: u8,
        origin: u8,
        padded: bool,
    }

    fn extras() -> impl Strategy<Value = Extras> {
        (0u8..3, 0u8..4, prop::bool::weighted(0.05)).prop_map(|(goal, origin, padded)| Extras {
            goal,
            origin,
            padded,
        })
    }

    fn series(blocks: &[(u8, u64)], arrows: &[(usize, usize, usize)], extras: Extras) -> Series {
        let mut s = Series::new("Random");
        let n = blocks.len() as u64;
        for (i, &(shape, refer)) in blocks.iter().enumerate() {
            let block = Block {
                title: format!("Block {i}"),
                pos: Pos::new(0.0, 0.0),
                kind: kind(shape, 1 + refer % (n + 2)),
            };
            s.insert_block(BlockId(i as u64 + 1), block).unwrap();
        }
        for &(from, output, to) in arrows {
            let from = BlockId(from as u64 % n + 1);
            let outputs = s.block(from).unwrap().outputs();
            if outputs.is_empty() {
                continue; // a note
            }
            let output = outputs[output % outputs.len()];
            // Arrows the model refuses (taken output, self) are simply left out.
            let _ = s.connect(Connection::new(from, output, BlockId(to as u64 % n + 1)));
        }
        s.settings.goal = match extras.goal {
            0 => None,
            1 => Some(Goal {
                within_days: Some(0),
                ..Goal::default()
            }),
            _ => Some(Goal {
                rules: pro(),
                ..Goal::default()
            }),
        };
        if extras.origin > 0 {
            // The campaign's messages are the first rule blocks.
            let rules: Vec<BlockId> = s
                .blocks()
                .iter()
                .filter(|(_, b)| b.kind() == Kind::Rule)
                .map(|(id, _)| *id)
                .take(2)
                .collect();
            s.origin = Some(CampaignOrigin {
                campaign_id: "cmp_1".into(),
                campaign_name: "Old campaign".into(),
                campaign_state: [
                    CampaignState::Live,
                    CampaignState::Paused,
                    CampaignState::Draft,
                ][usize::from(extras.origin - 1)],
                messages: rules
                    .iter()
                    .map(|id| MessageOrigin {
                        message_id: format!("msg_{id}"),
                        title: "Message".into(),
                        rule_block: *id,
                        content_block: *id,
                        stats: Default::default(),
                    })
                    .collect(),
                go_live_choice: [
                    GoLiveChoice::Undecided,
                    GoLiveChoice::ContinueEntering,
                    GoLiveChoice::StopEntering,
                ][usize::from(extras.origin - 1)],
            });
        }
        if extras.padded {
            for _ in 0..251 {
                let id = s.allocate_id();
                let wait = Block::new_of_kind(Kind::Wait, Pos::new(0.0, 0.0));
                s.insert_block(id, wait).unwrap();
            }
        }
        s
    }

    fn any_series() -> impl Strategy<Value = Series> {
        (
            proptest::collection::vec((0u8..SHAPES, 0u64..1000), 1..24),
            proptest::collection::vec((0usize..24, 0usize..2, 0usize..24), 0..40),
            extras(),
        )
            .prop_map(|(blocks, arrows, extras)| series(&blocks, &arrows, extras))
    }

    #[test]
    fn random_series_reach_every_code() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = any_series();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..3000 {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            seen.extend(check::check(&s, now()).findings.iter().map(|f| f.code));
        }
        let missing: Vec<&str> = SPEC_CODES
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| !seen.contains(code))
            .collect();
        assert!(missing.is_empty(), "never found: {missing:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn findings_are_well_formed_and_every_fix_undoes(s in any_series()) {
            let report = check::check(&s, now());
            let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity).collect();
            let mut sorted = severities.clone();
            sorted.sort();
            prop_assert_eq!(&severities, &sorted, "errors come first");
            let errors = report.findings.iter().any(|f| f.severity == Severity::Error);
            prop_assert_eq!(report.ready(), !errors);
            for f in &report.findings {
                let spec = SPEC_CODES.iter().find(|(code, _)| *code == f.code).map(|(_, s)| *s);
                prop_assert_eq!(spec, Some(f.severity), "{} has the spec's severity", f.code);
                prop_assert!(!f.message.is_empty());
                for id in &f.blocks {
                    let block = s.block(*id);
                    prop_assert!(block.is_some(), "{} names a missing block", f.code);
                    // Notes are on no path: no check is about them.
                    prop_assert!(block.is_some_and(|b| b.kind() != Kind::Note), "{} names a note", f.code);
                }
                if let Some(fix) = &f.fix {
                    let mut fixed = s.clone();
                    let inverse = fix.edit(&s).unwrap().apply(&mut fixed).unwrap();
                    let after = check::check(&fixed, now());
                    prop_assert!(
                        !after.findings.iter().any(|g| g.code == f.code && g.blocks == f.blocks),
                        "'{}' leaves its finding: {}", fix.label(), f.message
                    );
                    inverse.apply(&mut fixed).unwrap();
                    prop_assert_eq!(&fixed, &s, "undoing '{}' gives back the series", fix.label());
                }
            }
        }
    }
}

#[test]
fn a_condition_without_a_name_or_value_is_an_error_wherever_it_is() {
    let (mut b, [entry, ..]) = Build::ready();
    // "plan is ''" once passed as ready.
    b.s.block_mut(entry).unwrap().kind = BlockKind::Rule(RuleBlock {
        filter: Filter::All(vec![text("plan", ""), text("type", "user")]),
        timing: RuleTiming::Once,
        no_match_branch: false,
    });
    let report = b.report();
    assert!(!report.ready());
    let f = only(&report, "empty-condition");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.blocks, vec![entry]);
    assert_eq!(
        f.message,
        "Rule 'Pro users': the condition 'plan is …' has no value"
    );

    let (mut b, _) = Build::ready();
    b.s.settings.exit_rules = Filter::Any(vec![cond(Condition::Tag {
        tag: "  ".into(),
        op: TagOp::Has,
    })]);
    if let Some(goal) = &mut b.s.settings.goal {
        goal.rules = Filter::All(vec![
            cond(Condition::Segment {
                segment: String::new(),
                op: SegmentOp::In,
            }),
            text("", ""),
        ]);
    }
    let report = b.report();
    let messages: Vec<(&str, Vec<BlockId>)> = report
        .with_code("empty-condition")
        .map(|f| (f.message.as_str(), f.blocks.clone()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                "The exit rules: the condition 'tagged …' has no tag name",
                vec![]
            ),
            (
                "The goal: the condition 'in segment …' has no segment name",
                vec![]
            ),
            (
                "The goal: the condition '… is …' has no attribute name and no value",
                vec![]
            ),
        ]
    );
}

#[test]
fn named_conditions_and_values_of_spaces_are_not_empty_conditions() {
    let (mut b, [entry, ..]) = Build::ready();
    b.s.block_mut(entry).unwrap().kind = BlockKind::Rule(RuleBlock {
        filter: Filter::All(vec![
            // Whether a name holds a space means something.
            cond(Condition::Attribute {
                attribute: "name".into(),
                test: AttributeTest::Text {
                    op: TextOp::Contains,
                    value: " ".into(),
                },
            }),
            cond(Condition::Event {
                event: "signed_in".into(),
                test: EventTest::Performed,
            }),
        ]),
        timing: RuleTiming::Once,
        no_match_branch: false,
    });
    let report = b.report();
    assert!(report.ready(), "{:#?}", report.findings);
    assert_eq!(report.with_code("empty-condition").count(), 0);
    // An event without a name is.
    b.s.block_mut(entry).unwrap().kind = BlockKind::Rule(RuleBlock {
        filter: Filter::All(vec![cond(Condition::Event {
            event: String::new(),
            test: EventTest::Performed,
        })]),
        timing: RuleTiming::Once,
        no_match_branch: false,
    });
    assert_eq!(
        only(&b.report(), "empty-condition").message,
        "Rule 'Pro users': the condition 'did …' has no event name"
    );
}

#[test]
fn titles_in_findings_are_escaped_and_shortened() {
    let (mut b, [_, welcome, ..]) = Build::ready();
    b.s.block_mut(welcome).unwrap().title = format!("Hi\n{}", "x".repeat(1_000_000));
    b.s.block_mut(welcome).unwrap().kind = BlockKind::Content(ContentBlock {
        content_type: ContentType::Chat,
        subject: String::new(),
        body: String::new(),
        send_for: Span::days(3),
        not_sent_branch: false,
        send_window: None,
    });
    let f = only(&b.report(), "empty-content").clone();
    assert_eq!(f.message.lines().count(), 1, "{}", f.message);
    assert!(f.message.len() < 200, "{} bytes", f.message.len());
    assert!(f.message.contains("'Hi\\nxxx"), "{}", f.message);
}

// ---------------------------------------------------------------- format version 2

impl Build {
    fn split(&mut self, branches: &[u8], control: Option<u8>) -> BlockId {
        self.add(
            "Subject test",
            BlockKind::Split(SplitBlock {
                branches: branches.to_vec(),
                control,
            }),
        )
    }
}

#[test]
fn split_percentages_must_add_up_to_100_without_an_empty_branch() {
    let (mut b, [.., follow]) = Build::ready();
    let split = b.split(&[45, 45], Some(10));
    let other = b.chat("Other Chat");
    b.link(follow, Output::Sent, split);
    b.link(split, Output::Branch(0), other);
    let last = b.chat("Last Chat");
    b.link(split, Output::Branch(1), last);
    assert_eq!(b.report().findings, vec![], "45 + 45 + control 10 is right");

    let edit = |b: &mut Build, branches: &[u8], control| {
        let mut block = b.s.block(split).unwrap().clone();
        block.kind = BlockKind::Split(SplitBlock {
            branches: branches.to_vec(),
            control,
        });
        let edit = Edit::change_block(&b.s, split, block);
        apply(&mut b.s, edit);
    };
    edit(&mut b, &[50, 45], Some(10));
    let report = b.report();
    let f = only(&report, "split-percentages");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.blocks, vec![split]);
    assert!(f.message.contains("105%"), "{}", f.message);
    edit(&mut b, &[100, 0], None);
    let report = b.report();
    let f = only(&report, "split-percentages");
    assert!(f.message.contains("branch B gets 0%"), "{}", f.message);
}

#[test]
fn a_split_branch_without_an_arrow_is_a_warning() {
    let (mut b, [.., follow]) = Build::ready();
    let split = b.split(&[50, 50], None);
    b.link(follow, Output::Sent, split);
    let other = b.chat("Other Chat");
    b.link(split, Output::Branch(0), other);
    let report = b.report();
    let f = only(&report, "split-branch-unconnected");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.blocks, vec![split]);
    assert!(f.message.contains("branch B (50%)"), "{}", f.message);
    let last = b.chat("Last Chat");
    b.link(split, Output::Branch(1), last);
    assert!(!has(&b.report(), "split-branch-unconnected"));
}

#[test]
fn a_send_window_that_never_opens_is_an_error() {
    let (mut b, [_, welcome, ..]) = Build::ready();
    let with_window = |b: &mut Build, window: SendWindow| {
        let mut block = b.s.block(welcome).unwrap().clone();
        if let BlockKind::Content(c) = &mut block.kind {
            c.send_window = Some(window);
        }
        let edit = Edit::change_block(&b.s, welcome, block);
        apply(&mut b.s, edit);
    };
    with_window(&mut b, SendWindow::default());
    assert_eq!(b.report().findings, vec![], "Mon–Fri 9–17 opens");
    with_window(
        &mut b,
        SendWindow {
            days: Days::NONE,
            ..SendWindow::default()
        },
    );
    let report = b.report();
    let f = only(&report, "empty-send-window");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("no day is chosen"), "{}", f.message);
    let backwards = SendWindow {
        from: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        ..SendWindow::default()
    };
    with_window(&mut b, backwards);
    let report = b.report();
    let f = only(&report, "empty-send-window");
    assert!(
        f.message.contains("end (9:00) before they start (17:00)"),
        "{}",
        f.message
    );
}

#[test]
fn notes_are_on_no_path_and_no_check_is_about_them() {
    let (mut b, _) = Build::ready();
    for i in 0..300 {
        b.add(
            "",
            BlockKind::Note(NoteBlock {
                text: format!("Note {i}"),
                colour: NoteColour::Blue,
                size: Size { w: 200.0, h: 100.0 },
            }),
        );
    }
    // Not unreachable, not counted towards the hosted product's 250 blocks.
    assert_eq!(b.report().findings, vec![]);
}
