//! Writes the onboarding example series to `saved_series/` and `assets/`.
//! Run it after changing the example or the file format:
//! `cargo run --example write_onboarding`.

use std::path::Path;

use series_builder::file;
use series_builder::model::*;

fn block(title: &str, x: f32, y: f32, kind: BlockKind) -> Block {
    Block {
        title: title.into(),
        pos: Pos::new(x, y),
        kind,
    }
}

fn content(content_type: ContentType, subject: &str, body: &str, not_sent: bool) -> BlockKind {
    BlockKind::Content(ContentBlock {
        content_type,
        subject: subject.into(),
        body: body.into(),
        send_for: Span::days(3),
        not_sent_branch: not_sent,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut s = Series::new("Onboarding");
    let new_users = Filter::All(vec![
        Filter::Condition(Condition::Attribute {
            attribute: "type".into(),
            test: AttributeTest::Text {
                op: TextOp::Is,
                value: "user".into(),
            },
        }),
        Filter::Condition(Condition::Attribute {
            attribute: "signed_up_at".into(),
            test: AttributeTest::DaysAgo {
                op: DaysAgoOp::LessThan,
                days: 1,
            },
        }),
    ]);
    let step = 150.0;
    let blocks = [
        block(
            "New users",
            0.0,
            0.0,
            BlockKind::Rule(RuleBlock {
                filter: new_users,
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
        ),
        block(
            "Welcome Email",
            0.0,
            step,
            content(
                ContentType::Email,
                "Welcome to Acme",
                "Hi {{first_name}}, thanks for signing up. Here is how to get going in five minutes.",
                false,
            ),
        ),
        block(
            "",
            0.0,
            2.0 * step,
            BlockKind::Wait(WaitBlock::For(Span::days(1))),
        ),
        block(
            "Welcome Chat",
            0.0,
            3.0 * step,
            content(
                ContentType::Chat,
                "",
                "Hey {{first_name}} 👋 I'm here if you have any questions while you set up.",
                true,
            ),
        ),
        block(
            "",
            0.0,
            4.0 * step,
            BlockKind::Wait(WaitBlock::For(Span::days(2))),
        ),
        block(
            "Getting started",
            0.0,
            5.0 * step,
            content(
                ContentType::Post,
                "",
                "Three things our most successful customers do in their first week.",
                false,
            ),
        ),
        block(
            "Need a hand?",
            320.0,
            4.0 * step,
            content(
                ContentType::Email,
                "Can we help you set up?",
                "We noticed you haven't had a chance to chat with us yet. Reply to this email and a real person will help.",
                false,
            ),
        ),
        block(
            "",
            320.0,
            5.0 * step,
            BlockKind::Tag(TagBlock {
                action: TagAction::Add,
                tag: "onboarding-help".into(),
            }),
        ),
    ];
    let ids: Vec<BlockId> = blocks
        .into_iter()
        .map(|b| {
            let id = s.allocate_id();
            s.insert_block(id, b).map(|()| id)
        })
        .collect::<Result<_, _>>()?;
    let arrows = [
        (0, Output::Match, 1),
        (1, Output::Sent, 2),
        (2, Output::Next, 3),
        (3, Output::Sent, 4),
        (4, Output::Next, 5),
        (3, Output::NotSent, 6),
        (6, Output::Sent, 7),
    ];
    for (from, output, to) in arrows {
        s.connect(Connection::new(ids[from], output, ids[to]))?;
    }
    s.settings = Settings {
        exit_rules: Filter::Any(vec![Filter::Condition(Condition::Tag {
            tag: "churned".into(),
            op: TagOp::Has,
        })]),
        goal: Some(Goal {
            rules: Filter::All(vec![Filter::Condition(Condition::Event {
                event: "created_first_project".into(),
                test: EventTest::Performed,
            })]),
            within_days: Some(14),
            exit_on_goal: true,
        }),
        disengagement: Disengagement::Never,
        reentry: Reentry::Once,
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["saved_series", "assets"] {
        let path = root.join(dir).join("onboarding.ron");
        file::save(&path, &s)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
