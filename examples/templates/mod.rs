//! The series shipped with the program: the onboarding example and the templates
//! a marketer starts from. `write_onboarding` and `write_templates` save them.
#![allow(dead_code)]

use series_builder::model::*;

/// Canvas spacing: a row per step down a path, a column per side path.
const ROW: f32 = 150.0;
const COLUMN: f32 = 320.0;

/// A series being laid out: blocks by the order they were added (their ids
/// count from 1 in that order), placed on a grid.
struct Builder {
    series: Series,
    ids: Vec<BlockId>,
}

impl Builder {
    fn new(name: &str) -> Self {
        Builder {
            series: Series::new(name),
            ids: Vec::new(),
        }
    }

    /// Adds a block at `(column, row)`; returns its number for arrows.
    fn add(
        &mut self,
        title: &str,
        (column, row): (u8, u8),
        kind: BlockKind,
    ) -> Result<usize, ModelError> {
        let id = self.series.allocate_id();
        let pos = Pos::new(f32::from(column) * COLUMN, f32::from(row) * ROW);
        self.series.insert_block(
            id,
            Block {
                title: title.into(),
                pos,
                kind,
            },
        )?;
        self.ids.push(id);
        Ok(self.ids.len() - 1)
    }

    fn id(&self, block: usize) -> BlockId {
        self.ids[block]
    }

    fn connect(&mut self, arrows: &[(usize, Output, usize)]) -> Result<(), ModelError> {
        for (from, output, to) in arrows {
            let arrow = Connection::new(self.id(*from), *output, self.id(*to));
            self.series.connect(arrow)?;
        }
        Ok(())
    }

    fn finish(mut self, settings: Settings) -> Series {
        self.series.settings = settings;
        self.series
    }
}

fn rule(filter: Vec<Filter>, timing: RuleTiming, no_match_branch: bool) -> BlockKind {
    BlockKind::Rule(RuleBlock {
        filter: Filter::All(filter),
        timing,
        no_match_branch,
    })
}

fn message(content_type: ContentType, subject: &str, body: &str, not_sent: bool) -> BlockKind {
    BlockKind::Content(ContentBlock {
        content_type,
        subject: subject.into(),
        body: body.into(),
        send_for: Span::days(3),
        not_sent_branch: not_sent,
        send_window: None,
    })
}

fn email(subject: &str, body: &str) -> BlockKind {
    message(ContentType::Email, subject, body, false)
}

fn wait(span: Span) -> BlockKind {
    BlockKind::Wait(WaitBlock::For(span))
}

fn add_tag(tag: &str) -> BlockKind {
    BlockKind::Tag(TagBlock {
        action: TagAction::Add,
        tag: tag.into(),
    })
}

fn text_is(attribute: &str, op: TextOp, value: &str) -> Filter {
    Filter::Condition(Condition::Attribute {
        attribute: attribute.into(),
        test: AttributeTest::Text {
            op,
            value: value.into(),
        },
    })
}

fn user() -> Filter {
    text_is("type", TextOp::Is, "user")
}

fn days_ago(attribute: &str, op: DaysAgoOp, days: u32) -> Filter {
    Filter::Condition(Condition::Attribute {
        attribute: attribute.into(),
        test: AttributeTest::DaysAgo { op, days },
    })
}

fn event(event: &str, test: EventTest) -> Filter {
    Filter::Condition(Condition::Event {
        event: event.into(),
        test,
    })
}

fn goal(rules: Filter, within_days: u32) -> Option<Goal> {
    Some(Goal {
        rules: Filter::All(vec![rules]),
        within_days: Some(within_days),
        exit_on_goal: true,
    })
}

/// Every series shipped, with the file name (without `.ron`) it is saved under.
pub fn all() -> Result<Vec<(&'static str, Series)>, ModelError> {
    Ok(vec![
        ("onboarding", onboarding()?),
        ("trial-conversion", trial_conversion()?),
        ("feature-adoption", feature_adoption()?),
        ("win-back", win_back()?),
        ("support-feedback", support_feedback()?),
    ])
}

/// The built-in example: welcome new users, and help those the chat misses.
pub fn onboarding() -> Result<Series, ModelError> {
    let mut b = Builder::new("Onboarding");
    let new_users = b.add(
        "New users",
        (0, 0),
        rule(
            vec![user(), days_ago("signed_up_at", DaysAgoOp::LessThan, 1)],
            RuleTiming::Once,
            false,
        ),
    )?;
    let welcome = b.add(
        "Welcome Email",
        (0, 1),
        email(
            "Welcome to Acme",
            "Hi {{first_name}}, thanks for signing up. Here is how to get going in five minutes.",
        ),
    )?;
    let day = b.add("", (0, 2), wait(Span::days(1)))?;
    let chat = b.add(
        "Welcome Chat",
        (0, 3),
        message(
            ContentType::Chat,
            "",
            "Hey {{first_name}} 👋 I'm here if you have any questions while you set up.",
            true,
        ),
    )?;
    let two_days = b.add("", (0, 4), wait(Span::days(2)))?;
    let started = b.add(
        "Getting started",
        (0, 5),
        message(
            ContentType::Post,
            "",
            "Three things our most successful customers do in their first week.",
            false,
        ),
    )?;
    let hand = b.add(
        "Need a hand?",
        (1, 4),
        email(
            "Can we help you set up?",
            "We noticed you haven't had a chance to chat with us yet. Reply to this email and a real person will help.",
        ),
    )?;
    let tag = b.add("", (1, 5), add_tag("onboarding-help"))?;
    b.connect(&[
        (new_users, Output::Match, welcome),
        (welcome, Output::Sent, day),
        (day, Output::Next, chat),
        (chat, Output::Sent, two_days),
        (two_days, Output::Next, started),
        (chat, Output::NotSent, hand),
        (hand, Output::Sent, tag),
    ])?;
    Ok(b.finish(Settings {
        exit_rules: Filter::Any(vec![Filter::Condition(Condition::Tag {
            tag: "churned".into(),
            op: TagOp::Has,
        })]),
        goal: goal(event("created_first_project", EventTest::Performed), 14),
        disengagement: Disengagement::Never,
        reentry: Reentry::Once,
        ..Settings::default()
    }))
}

/// Trial users: their first win, a nudge to bring the team, and two reminders
/// before the trial ends to those still on it.
pub fn trial_conversion() -> Result<Series, ModelError> {
    let mut b = Builder::new("Trial conversion");
    let trial = text_is("plan", TextOp::Is, "trial");
    let started = b.add(
        "Trial started",
        (0, 0),
        rule(
            vec![
                user(),
                trial.clone(),
                days_ago("signed_up_at", DaysAgoOp::LessThan, 1),
            ],
            RuleTiming::Once,
            false,
        ),
    )?;
    let welcome = b.add(
        "Welcome to your trial",
        (0, 1),
        email(
            "Your 14-day trial has started",
            "Hi {{first_name}}, your trial is ready. Teams who get the most from it do three things in the first week: import their data, invite a teammate and build a first report. Start here: {{app_url}}",
        ),
    )?;
    let three_days = b.add("", (0, 2), wait(Span::days(3)))?;
    let invited = b.add(
        "Invited a teammate?",
        (0, 3),
        rule(
            vec![event("invited_teammate", EventTest::Performed)],
            RuleTiming::Once,
            true,
        ),
    )?;
    let together = b.add(
        "Better together",
        (1, 4),
        message(
            ContentType::Chat,
            "",
            "Hi {{first_name}}, Acme works best with your team around. Invite a teammate from Settings → Team: it takes a minute.",
            false,
        ),
    )?;
    let six_days = b.add("", (0, 5), wait(Span::days(6)))?;
    let still_trial = b.add(
        "Still on trial",
        (0, 6),
        rule(vec![trial.clone()], RuleTiming::Once, false),
    )?;
    let four_left = b.add(
        "Your trial ends in 4 days",
        (0, 7),
        email(
            "4 days left in your trial",
            "Hi {{first_name}}, your trial ends on {{trial_ends_at}}. Choose a plan to keep your data, your reports and your teammates: {{billing_url}}",
        ),
    )?;
    let three_more = b.add("", (0, 8), wait(Span::days(3)))?;
    let last_day = b.add(
        "Still on trial, last day",
        (0, 9),
        rule(vec![trial], RuleTiming::Once, false),
    )?;
    let ends = b.add(
        "Your trial ends tomorrow",
        (0, 10),
        email(
            "Your trial ends tomorrow",
            "Hi {{first_name}}, tomorrow is the last day of your trial. Choose a plan to carry on where you are: {{billing_url}}. Need more time to decide? Reply to this email and we'll add a week.",
        ),
    )?;
    b.connect(&[
        (started, Output::Match, welcome),
        (welcome, Output::Sent, three_days),
        (three_days, Output::Next, invited),
        (invited, Output::Match, six_days),
        (invited, Output::NoMatch, together),
        (together, Output::Sent, six_days),
        (six_days, Output::Next, still_trial),
        (still_trial, Output::Match, four_left),
        (four_left, Output::Sent, three_more),
        (three_more, Output::Next, last_day),
        (last_day, Output::Match, ends),
    ])?;
    Ok(b.finish(Settings {
        exit_rules: Filter::default(),
        goal: goal(event("upgraded_plan", EventTest::Performed), 21),
        disengagement: Disengagement::Never,
        reentry: Reentry::Once,
        ..Settings::default()
    }))
}

/// Active customers who never made a report: a product tour (an email where it
/// cannot show), then an offer of help to those who still have not.
pub fn feature_adoption() -> Result<Series, ModelError> {
    let mut b = Builder::new("Feature adoption: reports");
    let no_report = event("created_report", EventTest::NotPerformed);
    let active = b.add(
        "Active, no report yet",
        (0, 0),
        rule(
            vec![
                user(),
                days_ago("last_seen_at", DaysAgoOp::LessThan, 7),
                no_report.clone(),
            ],
            RuleTiming::Once,
            false,
        ),
    )?;
    let mut tour = message(
        ContentType::ProductTour,
        "",
        "Reports in 60 seconds: pick a metric, choose a chart, and share it with your team.",
        true,
    );
    if let BlockKind::Content(c) = &mut tour {
        // Tours only show to customers who come online: give them a week.
        c.send_for = Span::days(7);
    }
    let tour = b.add("Reports in 60 seconds", (0, 1), tour)?;
    let by_email = b.add(
        "Your week at a glance",
        (1, 2),
        email(
            "Your first report takes a minute",
            "Hi {{first_name}}, reports turn your data into a chart you can share. Open Reports → New report and pick a metric to start.",
        ),
    )?;
    let three_days = b.add("", (0, 3), wait(Span::days(3)))?;
    let still_none = b.add(
        "Still no report",
        (0, 4),
        rule(vec![no_report], RuleTiming::Once, false),
    )?;
    let offer = b.add(
        "Need a hand with reports?",
        (0, 5),
        message(
            ContentType::Chat,
            "",
            "Hi {{first_name}}, shall we build your first report together? Reply here and one of our specialists will set it up with you on a short call.",
            false,
        ),
    )?;
    let tag = b.add("", (0, 6), add_tag("reports-help-offered"))?;
    b.connect(&[
        (active, Output::Match, tour),
        (tour, Output::Sent, three_days),
        (tour, Output::NotSent, by_email),
        (by_email, Output::Sent, three_days),
        (three_days, Output::Next, still_none),
        (still_none, Output::Match, offer),
        (offer, Output::Sent, tag),
    ])?;
    Ok(b.finish(Settings {
        exit_rules: Filter::default(),
        goal: goal(event("created_report", EventTest::Performed), 30),
        disengagement: Disengagement::Never,
        reentry: Reentry::Once,
        ..Settings::default()
    }))
}

/// Customers not seen for 30 days: a note of what is new, a last note to those
/// who did not open it, and a tag for those who stay away.
pub fn win_back() -> Result<Series, ModelError> {
    let mut b = Builder::new("Win back quiet customers");
    let dormant = "dormant";
    let quiet = b.add(
        "Quiet for 30 days",
        (0, 0),
        rule(
            vec![
                user(),
                days_ago("last_seen_at", DaysAgoOp::MoreThan, 30),
                Filter::Condition(Condition::Tag {
                    tag: dormant.into(),
                    op: TagOp::HasNot,
                }),
            ],
            RuleTiming::Once,
            false,
        ),
    )?;
    let miss_you = b.add(
        "We miss you",
        (0, 1),
        email(
            "{{first_name}}, here's what you've missed",
            "It's been a while since your last visit. Here's what's new since then, and a link to pick up where you left off: {{app_url}}",
        ),
    )?;
    let five_days = b.add("", (0, 2), wait(Span::days(5)))?;
    let unopened = b.add(
        "Didn't open it, still away",
        (0, 3),
        rule(
            vec![
                Filter::Condition(Condition::Engagement {
                    block: b.id(miss_you),
                    op: EngagementOp::NotOpened,
                }),
                days_ago("last_seen_at", DaysAgoOp::MoreThan, 30),
            ],
            RuleTiming::Once,
            false,
        ),
    )?;
    let last_note = b.add(
        "One last note",
        (0, 4),
        email(
            "Should we stop writing?",
            "Hi {{first_name}}, we haven't seen you in a while, so we'll stop sending tips. If you'd like to hear from us again, log in or reply to this email.",
        ),
    )?;
    let week = b.add("", (0, 5), wait(Span::days(7)))?;
    let still_away = b.add(
        "Still away",
        (0, 6),
        rule(
            vec![days_ago("last_seen_at", DaysAgoOp::MoreThan, 40)],
            RuleTiming::Once,
            false,
        ),
    )?;
    let tag = b.add("", (0, 7), add_tag(dormant))?;
    b.connect(&[
        (quiet, Output::Match, miss_you),
        (miss_you, Output::Sent, five_days),
        (five_days, Output::Next, unopened),
        (unopened, Output::Match, last_note),
        (last_note, Output::Sent, week),
        (week, Output::Next, still_away),
        (still_away, Output::Match, tag),
    ])?;
    Ok(b.finish(Settings {
        exit_rules: Filter::default(),
        goal: goal(days_ago("last_seen_at", DaysAgoOp::LessThan, 1), 21),
        disengagement: Disengagement::Never,
        // Customers who come back and go quiet again later are welcomed back again.
        reentry: Reentry::AfterLeaving,
        ..Settings::default()
    }))
}

/// A day after a support conversation: ask for a rating (by email where the chat
/// does not reach them), a review from the happy, and a follow-up for the rest.
pub fn support_feedback() -> Result<Series, ModelError> {
    let mut b = Builder::new("Feedback after support");
    let closed = b.add(
        "Support conversation closed",
        (0, 0),
        rule(
            vec![
                user(),
                days_ago("last_conversation_closed_at", DaysAgoOp::LessThan, 1),
            ],
            RuleTiming::Once,
            false,
        ),
    )?;
    // A day's wait keeps each conversation to one pass: by the time customers
    // leave, the entry rule no longer holds unless another conversation closed.
    let day = b.add("", (0, 1), wait(Span::days(1)))?;
    let ask = "you talked with our team recently. How did we do? Reply with a number from 1 (poor) to 5 (great).";
    let chat = b.add(
        "How did we do?",
        (0, 2),
        message(
            ContentType::Chat,
            "",
            &format!("Hi {{{{first_name}}}}, {ask}"),
            true,
        ),
    )?;
    let by_email = b.add(
        "How did we do? (email)",
        (1, 3),
        email(
            "How was your conversation with our team?",
            &format!("Hi {{{{first_name}}}}, {ask} Every answer is read by a person."),
        ),
    )?;
    let happy = b.add(
        "Happy with the help",
        (0, 4),
        rule(
            vec![Filter::Condition(Condition::Attribute {
                attribute: "support_rating".into(),
                test: AttributeTest::Number {
                    op: NumberOp::GreaterThan,
                    value: 3.0,
                },
            })],
            RuleTiming::For(Span::days(3)),
            true,
        ),
    )?;
    let review = b.add(
        "Ask for a review",
        (0, 5),
        email(
            "Thanks, {{first_name}}! One small favour?",
            "We're glad we could help. Would you share your experience in a short review? It helps other teams find us: {{review_url}}",
        ),
    )?;
    let follow_up = b.add("", (1, 5), add_tag("support-follow-up"))?;
    let better = b.add(
        "We'd like to do better",
        (1, 6),
        email(
            "We'd like to get this right",
            "Hi {{first_name}}, thanks for talking with us. If anything still isn't working, reply to this email and the person who helped you will pick it up.",
        ),
    )?;
    b.connect(&[
        (closed, Output::Match, day),
        (day, Output::Next, chat),
        (chat, Output::Sent, happy),
        (chat, Output::NotSent, by_email),
        (by_email, Output::Sent, happy),
        (happy, Output::Match, review),
        (happy, Output::NoMatch, follow_up),
        (follow_up, Output::Next, better),
    ])?;
    Ok(b.finish(Settings {
        exit_rules: Filter::default(),
        goal: goal(event("left_review", EventTest::Performed), 14),
        disengagement: Disengagement::Never,
        reentry: Reentry::AfterLeaving,
        ..Settings::default()
    }))
}
