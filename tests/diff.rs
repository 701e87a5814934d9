//! What changed between two versions of a series (`spec/diff.md`): every kind
//! of change in words, moves apart, a stable order, and lookups per block and arrow.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use series_builder::diff::{BlockChange, Change, Diff, Subject, diff};
use series_builder::file;
use series_builder::model::*;

/// The onboarding example: 1 'New users', 2 'Welcome Email', 3 wait 1 day,
/// 4 'Welcome Chat', 5 wait 2 days, 6 'Getting started', 7 'Need a hand?',
/// 8 tag onboarding-help.
fn onboarding() -> Series {
    file::from_str(include_str!("../saved_series/onboarding.ron")).unwrap()
}

/// The list of changes as the command line prints it, after `change` is made
/// to the example.
fn lines_after(change: impl FnOnce(&mut Series)) -> Vec<String> {
    let old = onboarding();
    let mut new = old.clone();
    change(&mut new);
    lines(&diff(&old, &new))
}

fn lines(d: &Diff) -> Vec<String> {
    d.entries()
        .iter()
        .map(|e| format!("{} {}", e.change.label(), e.words))
        .collect()
}

fn rule(s: &mut Series, id: u64) -> &mut RuleBlock {
    match &mut s.block_mut(BlockId(id)).unwrap().kind {
        BlockKind::Rule(r) => r,
        _ => panic!("block {id} is not a rule"),
    }
}

fn content(s: &mut Series, id: u64) -> &mut ContentBlock {
    match &mut s.block_mut(BlockId(id)).unwrap().kind {
        BlockKind::Content(c) => c,
        _ => panic!("block {id} is not a message"),
    }
}

fn condition(c: Condition) -> Filter {
    Filter::Condition(c)
}

fn plan_is(plan: &str) -> Filter {
    condition(Condition::Attribute {
        attribute: "plan".into(),
        test: AttributeTest::Text {
            op: TextOp::Is,
            value: plan.into(),
        },
    })
}

#[test]
fn the_same_series_has_no_differences() {
    let d = diff(&onboarding(), &onboarding());
    assert!(d.is_empty());
    assert!(!d.differs());
    assert!(d.entries().is_empty());
    assert_eq!(d.headline(), "no changes");
}

#[test]
fn blocks_that_only_moved_change_nothing_for_customers() {
    let old = onboarding();
    let mut new = old.clone();
    new.block_mut(BlockId(6)).unwrap().pos = Pos::new(40.0, 760.0);
    new.block_mut(BlockId(2)).unwrap().pos = Pos::new(-5.0, 150.0);
    let d = diff(&old, &new);
    assert!(!d.differs());
    assert!(!d.is_empty());
    assert_eq!(
        lines(&d),
        [
            "moved 'Welcome Email' (block 2)",
            "moved 'Getting started' (block 6)"
        ]
    );
    assert_eq!(
        d.headline(),
        "no changes for customers; 2 blocks moved on the canvas"
    );
    let moved = d.block(BlockId(6)).unwrap();
    assert_eq!(
        moved.change,
        BlockChange::Moved {
            from: Pos::new(0.0, 750.0),
            to: Pos::new(40.0, 760.0)
        }
    );
}

#[test]
fn a_block_that_moved_and_changed_is_only_changed() {
    let lines = lines_after(|s| {
        let b = s.block_mut(BlockId(7)).unwrap();
        b.pos = Pos::new(999.0, 0.0);
        b.title = "Can we help?".into();
    });
    assert_eq!(
        lines,
        ["changed 'Can we help?' (block 7): title 'Need a hand?' → 'Can we help?'"]
    );
}

#[test]
fn series_name_status_and_going_live_are_told() {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
    let lines = lines_after(|s| {
        s.name = "Onboarding (v2)".into();
        s.status = Status::Live;
        s.went_live_at = Some(at);
    });
    assert_eq!(
        lines,
        [
            "changed series name 'Onboarding' → 'Onboarding (v2)'",
            "changed status draft → live",
            "changed went live not yet → 2 Mar 2026, 09:30 UTC",
        ]
    );
}

#[test]
fn every_setting_is_told_in_words() {
    let lines = lines_after(|s| {
        s.settings.exit_rules = Filter::default();
        s.settings.disengagement = Disengagement::AfterDays(30);
        s.settings.reentry = Reentry::AfterLeaving;
    });
    assert_eq!(
        lines,
        [
            "changed exit rules 'tagged churned' → none",
            "changed disengagement never → after 30 days without a message",
            "changed re-entry only once → again, each time they match after leaving",
        ]
    );
    let back = lines_after(|s| {
        s.settings.exit_rules = Filter::Any(vec![
            condition(Condition::Tag {
                tag: "churned".into(),
                op: TagOp::Has,
            }),
            plan_is("free"),
        ]);
    });
    assert_eq!(
        back,
        ["changed exit rules 'tagged churned' → 'tagged churned or plan is free'"]
    );
}

#[test]
fn the_goal_its_window_and_whether_customers_leave_are_told() {
    let window = lines_after(|s| s.settings.goal.as_mut().unwrap().within_days = Some(7));
    assert_eq!(
        window,
        [
            "changed goal 'did created_first_project within 14 days' → 'did created_first_project within 7 days'"
        ]
    );
    let rules = lines_after(|s| s.settings.goal.as_mut().unwrap().rules = plan_is("pro"));
    assert_eq!(
        rules,
        ["changed goal 'did created_first_project within 14 days' → 'plan is pro within 14 days'"]
    );
    let stay = lines_after(|s| s.settings.goal.as_mut().unwrap().exit_on_goal = false);
    assert_eq!(
        stay,
        ["changed customers who hit the goal leave → customers who hit the goal stay"]
    );
    let removed = lines_after(|s| s.settings.goal = None);
    assert_eq!(
        removed,
        [
            "changed goal 'did created_first_project within 14 days', customers who hit it leave → none"
        ]
    );
}

#[test]
fn the_campaign_choice_is_told() {
    let origin = CampaignOrigin {
        campaign_id: "cmp_1".into(),
        campaign_name: "Old onboarding".into(),
        campaign_state: CampaignState::Live,
        messages: Vec::new(),
        go_live_choice: GoLiveChoice::Undecided,
    };
    let mut old = onboarding();
    old.origin = Some(origin.clone());
    let mut new = old.clone();
    if let Some(o) = new.origin.as_mut() {
        o.go_live_choice = GoLiveChoice::StopEntering;
        // History is for reference only: not a change.
        o.campaign_state = CampaignState::Emptying;
    }
    assert_eq!(
        lines(&diff(&old, &new)),
        ["changed campaign choice not chosen yet → the campaign stops taking customers"]
    );
    new.origin = None;
    assert_eq!(
        lines(&diff(&old, &new)),
        ["changed imported from campaign 'Old onboarding' (cmp_1) → no campaign"]
    );
}

#[test]
fn each_field_of_a_rule_is_told() {
    let lines = lines_after(|s| {
        let r = rule(s, 1);
        r.filter = Filter::All(vec![
            condition(Condition::Attribute {
                attribute: "type".into(),
                test: AttributeTest::Text {
                    op: TextOp::Is,
                    value: "user".into(),
                },
            }),
            plan_is("pro"),
        ]);
        r.timing = RuleTiming::For(Span::days(2));
        r.no_match_branch = true;
    });
    assert_eq!(
        lines,
        [
            "changed 'New users' (block 1): filter 'type is user and signed up less than 1 day ago' → 'type is user and plan is pro'",
            "changed 'New users' (block 1): how long to try once, when they arrive → up to 2 days",
            "changed 'New users' (block 1): 'no match' path off → on",
        ]
    );
}

#[test]
fn each_field_of_a_message_is_told() {
    let lines = lines_after(|s| {
        s.block_mut(BlockId(2)).unwrap().title = "Welcome!".into();
        let c = content(s, 2);
        c.subject = "Welcome aboard".into();
        c.body = "Hi {{first_name}},\nwelcome.".into();
        c.send_for = Span {
            amount: 12,
            unit: TimeUnit::Hours,
        };
        c.not_sent_branch = true;
    });
    assert_eq!(
        lines,
        [
            "changed 'Welcome!' (block 2): title 'Welcome Email' → 'Welcome!'",
            "changed 'Welcome!' (block 2): subject 'Welcome to Acme' → 'Welcome aboard'",
            "changed 'Welcome!' (block 2): message 'Hi {{first_name}}, thanks for signing up. Here is how to get going in five minutes.' → 'Hi {{first_name}},↵welcome.'",
            "changed 'Welcome!' (block 2): try to send for 3 days → 12 hours",
            "changed 'Welcome!' (block 2): 'not sent' path off → on",
        ]
    );
}

#[test]
fn a_chat_s_unused_subject_is_not_a_change_but_a_new_type_is() {
    // Block 4 is a chat: its subject is kept but never sent.
    let unused = lines_after(|s| content(s, 4).subject = "Psst".into());
    assert!(unused.is_empty(), "{unused:?}");
    let email = lines_after(|s| {
        let c = content(s, 4);
        c.content_type = ContentType::Email;
        c.subject = "Any questions?".into();
    });
    assert_eq!(
        email,
        [
            "changed 'Welcome Chat' (block 4): type Chat → Email",
            "changed 'Welcome Chat' (block 4): subject '' → 'Any questions?'",
        ]
    );
}

#[test]
fn waits_and_tags_are_told_by_what_they_do() {
    let until = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let lines = lines_after(|s| {
        s.block_mut(BlockId(3)).unwrap().kind = BlockKind::Wait(WaitBlock::For(Span::days(2)));
        s.block_mut(BlockId(5)).unwrap().kind = BlockKind::Wait(WaitBlock::Until(until));
        s.block_mut(BlockId(8)).unwrap().kind = BlockKind::Tag(TagBlock {
            action: TagAction::Remove,
            tag: "trial".into(),
        });
    });
    assert_eq!(
        lines,
        [
            "changed 'Wait' (block 3): Wait 1 day → Wait 2 days",
            "changed 'Wait' (block 5): Wait 2 days → Wait until 1 Dec 2026, 09:00",
            "changed 'Tag' (block 8): Add tag onboarding-help → Remove tag trial",
        ]
    );
}

#[test]
fn a_block_whose_kind_changed_says_what_it_was_and_is() {
    let lines = lines_after(|s| {
        s.block_mut(BlockId(8)).unwrap().kind = BlockKind::Wait(WaitBlock::For(Span::days(1)));
    });
    assert_eq!(
        lines,
        ["changed 'Wait' (block 8): kind Add tag onboarding-help → Wait 1 day"]
    );
}

#[test]
fn added_and_removed_blocks_and_their_arrows() {
    let lines = lines_after(|s| {
        s.remove_block(BlockId(6)).unwrap();
        let id = s.allocate_id();
        let mut rule = Block::new_of_kind(Kind::Rule, Pos::new(300.0, 0.0));
        rule.title = "Pro users".into();
        if let BlockKind::Rule(r) = &mut rule.kind {
            r.filter = plan_is("pro");
        }
        s.insert_block(id, rule).unwrap();
        s.connect(Connection::new(id, Output::Match, BlockId(7)))
            .unwrap();
    });
    assert_eq!(
        lines,
        [
            "removed 'Getting started' (block 6): Post message",
            "added 'Pro users' (block 9): rule: plan is pro",
            "removed arrow 'Wait 2 days' next → 'Getting started'",
            "added arrow 'Pro users' match → 'Need a hand?'",
        ]
    );
}

#[test]
fn an_arrow_led_elsewhere_is_removed_then_added_in_words() {
    let old = onboarding();
    let mut new = old.clone();
    let from = Port {
        block: BlockId(4),
        output: Output::NotSent,
    };
    new.disconnect(from).unwrap();
    new.connect(Connection::new(BlockId(4), Output::NotSent, BlockId(8)))
        .unwrap();
    let d = diff(&old, &new);
    assert_eq!(
        lines(&d),
        [
            "removed arrow 'Welcome Chat' not sent → 'Need a hand?'",
            "added arrow 'Welcome Chat' not sent → 'Add tag onboarding-help'",
        ]
    );
    let to_tag = Connection::new(BlockId(4), Output::NotSent, BlockId(8));
    let to_email = Connection::new(BlockId(4), Output::NotSent, BlockId(7));
    assert_eq!(d.arrow(to_tag), Some(Change::Added));
    assert_eq!(d.arrow(to_email), Some(Change::Removed));
    assert_eq!(
        d.arrow(Connection::new(BlockId(1), Output::Match, BlockId(2))),
        None
    );
    // Block 7 lost its only arrow in, but is itself unchanged.
    assert!(d.block(BlockId(7)).is_none());
}

#[test]
fn renaming_a_message_does_not_change_rules_that_ask_about_it() {
    let mut old = onboarding();
    rule(&mut old, 1).filter = condition(Condition::Engagement {
        block: BlockId(2),
        op: EngagementOp::Opened,
    });
    let mut new = old.clone();
    new.block_mut(BlockId(2)).unwrap().title = "Hello".into();
    assert_eq!(
        lines(&diff(&old, &new)),
        ["changed 'Hello' (block 2): title 'Welcome Email' → 'Hello'"]
    );
}

#[test]
fn a_condition_about_another_message_of_the_same_title_is_still_told() {
    let mut old = onboarding();
    // Two messages called 'Welcome'.
    old.block_mut(BlockId(2)).unwrap().title = "Welcome".into();
    old.block_mut(BlockId(4)).unwrap().title = "Welcome".into();
    rule(&mut old, 1).filter = condition(Condition::Engagement {
        block: BlockId(2),
        op: EngagementOp::Opened,
    });
    let mut new = old.clone();
    rule(&mut new, 1).filter = condition(Condition::Engagement {
        block: BlockId(4),
        op: EngagementOp::Opened,
    });
    let d = diff(&old, &new);
    assert!(d.differs());
    assert_eq!(
        lines(&d),
        [
            "changed 'New users' (block 1): filter \"opened 'Welcome'\" (changed, though it reads the same)"
        ]
    );
}

#[test]
fn the_list_runs_series_then_blocks_by_id_then_arrows_then_moves() {
    let old = onboarding();
    let mut new = old.clone();
    new.block_mut(BlockId(1)).unwrap().pos = Pos::new(1.0, 1.0);
    content(&mut new, 7).body = "Reply and we will help.".into();
    new.remove_block(BlockId(3)).unwrap();
    new.connect(Connection::new(BlockId(2), Output::Sent, BlockId(4)))
        .unwrap();
    new.status = Status::Paused;
    let d = diff(&old, &new);
    let subjects: Vec<(Change, Subject)> =
        d.entries().iter().map(|e| (e.change, e.subject)).collect();
    let arrow =
        |from, output, to| Subject::Arrow(Connection::new(BlockId(from), output, BlockId(to)));
    assert_eq!(
        subjects,
        [
            (Change::Changed, Subject::Series),
            (Change::Removed, Subject::Block(BlockId(3))),
            (Change::Changed, Subject::Block(BlockId(7))),
            (Change::Removed, arrow(2, Output::Sent, 3)),
            (Change::Added, arrow(2, Output::Sent, 4)),
            (Change::Removed, arrow(3, Output::Next, 4)),
            (Change::Moved, Subject::Block(BlockId(1))),
        ]
    );
    assert_eq!(d.change_count(), 6);
    assert_eq!(d.headline(), "6 changes; 1 block moved on the canvas");
    assert_eq!(
        d.block(BlockId(3)).map(|b| b.change.change()),
        Some(Change::Removed)
    );
    assert_eq!(
        d.block(BlockId(1)).map(|b| b.change.change()),
        Some(Change::Moved)
    );
    assert!(d.block(BlockId(2)).is_none());
}

/// Every block moved somewhere else.
fn shifted(series: &Series) -> Series {
    let mut s = series.clone();
    let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
    for id in ids {
        let b = s.block_mut(id).unwrap();
        b.pos = Pos::new(b.pos.x + 10.0, b.pos.y - 3.0);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_series_compared_with_itself_has_no_differences(s in support::series(12)) {
        prop_assert!(diff(&s, &s).is_empty());
        let moved = diff(&s, &shifted(&s));
        prop_assert!(!moved.differs());
        prop_assert_eq!(moved.moved().count(), s.len());
    }

    #[test]
    fn comparing_the_other_way_swaps_added_and_removed(a in support::series(8), b in support::series(8)) {
        let (forth, back) = (diff(&a, &b), diff(&b, &a));
        prop_assert_eq!(forth.change_count(), back.change_count());
        prop_assert_eq!(forth.differs(), back.differs());
        let swap = |c: Change| match c {
            Change::Added => Change::Removed,
            Change::Removed => Change::Added,
            other => other,
        };
        let f: Vec<(BlockId, Change)> = forth.blocks.iter().map(|d| (d.id, swap(d.change.change()))).collect();
        let r: Vec<(BlockId, Change)> = back.blocks.iter().map(|d| (d.id, d.change.change())).collect();
        prop_assert_eq!(f, r);
        let mut f: Vec<(Connection, Change)> = forth.arrows.iter().map(|d| (d.arrow, swap(d.change))).collect();
        let mut r: Vec<(Connection, Change)> = back.arrows.iter().map(|d| (d.arrow, d.change)).collect();
        f.sort_by_key(|(c, _)| *c);
        r.sort_by_key(|(c, _)| *c);
        prop_assert_eq!(f, r);
    }

    #[test]
    fn a_series_differs_exactly_when_its_file_would_apart_from_places(a in support::series(8), b in support::series(8)) {
        // Places, the id counter and the campaign's history are the only parts of
        // a file that change nothing for customers.
        let strip = |s: &Series| {
            let mut s = s.clone();
            s.next_id = 0;
            let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
            for id in ids {
                s.block_mut(id).unwrap().pos = Pos::default();
            }
            if let Some(o) = s.origin.as_mut() {
                o.messages.clear();
                o.campaign_state = CampaignState::Draft;
            }
            // Emails only send a subject.
            for id in s.blocks().keys().copied().collect::<Vec<_>>() {
                if let BlockKind::Content(c) = &mut s.block_mut(id).unwrap().kind
                    && c.content_type != ContentType::Email
                {
                    c.subject.clear();
                }
            }
            s
        };
        prop_assert_eq!(diff(&a, &b).differs(), strip(&a) != strip(&b));
    }
}
