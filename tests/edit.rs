//! Edits and undo: every change undoes exactly, and gestures make one undo step.

mod support;

use proptest::prelude::*;
use series_builder::clipboard::Clip;
use series_builder::edit::{Edit, EditError, History, MergeKey};
use series_builder::file;
use series_builder::model::*;

#[derive(Debug, Clone)]
enum Intent {
    Add(Block),
    Remove(usize),
    Move(usize, f32, f32),
    Connect(usize, usize, usize),
    Disconnect(usize),
    Replace(usize, Block),
    Rename(String),
    Goal(Option<u32>),
    /// Copies of some blocks (with the arrows among them), pasted as one edit.
    Paste(Vec<usize>, f32),
    /// A move, then something refused (a missing block): all or nothing.
    PartlyFailing(usize),
    Status(usize),
    Choice(usize),
    Seal,
}

fn intent() -> impl Strategy<Value = Intent> {
    prop_oneof![
        3 => support::block(20).prop_map(Intent::Add),
        1 => (0usize..32).prop_map(Intent::Remove),
        2 => (0usize..32, -500.0f32..500.0, -500.0f32..500.0).prop_map(|(i, x, y)| Intent::Move(i, x, y)),
        // Dragged off the edge of the canvas.
        1 => (0usize..32, -1e9f32..1e9, -1e9f32..1e9).prop_map(|(i, x, y)| Intent::Move(i, x, y)),
        3 => (0usize..32, 0usize..5, 0usize..32).prop_map(|(a, o, b)| Intent::Connect(a, o, b)),
        1 => (0usize..32).prop_map(Intent::Disconnect),
        2 => (0usize..32, support::block(20)).prop_map(|(i, b)| Intent::Replace(i, b)),
        1 => support::invalid_block(20).prop_map(Intent::Add),
        1 => (0usize..32, support::invalid_block(20)).prop_map(|(i, b)| Intent::Replace(i, b)),
        1 => "[a-z]{0,6}".prop_map(Intent::Rename),
        1 => prop::option::of(0u32..30).prop_map(Intent::Goal),
        2 => (prop::collection::vec(0usize..32, 1..5), -300.0f32..300.0).prop_map(|(v, dx)| Intent::Paste(v, dx)),
        1 => (0usize..32).prop_map(Intent::PartlyFailing),
        1 => (0usize..3).prop_map(Intent::Status),
        1 => (0usize..3).prop_map(Intent::Choice),
        1 => Just(Intent::Seal),
    ]
}

/// Turns an intent into an edit on the current series (None where it has nothing to act on).
fn to_edit(series: &Series, intent: &Intent) -> Option<(Edit, Option<MergeKey>)> {
    let ids: Vec<BlockId> = series.blocks().keys().copied().collect();
    let pick = |i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
    Some(match intent {
        Intent::Add(block) => (
            Edit::add_block(BlockId(series.next_id), block.clone()),
            None,
        ),
        Intent::Remove(i) => (
            Edit::Remove {
                blocks: vec![pick(*i)?],
                connections: Vec::new(),
            },
            None,
        ),
        Intent::Move(i, x, y) => {
            let id = pick(*i)?;
            (
                Edit::Move(vec![(id, Pos::new(*x, *y))]),
                Some(MergeKey::new(format!("drag {id}"))),
            )
        }
        Intent::Connect(a, o, b) => (
            Edit::connect(Connection::new(pick(*a)?, Output::ALL[*o], pick(*b)?)),
            None,
        ),
        Intent::Disconnect(i) => {
            let all: Vec<Connection> = series.connections().collect();
            let c = all.get(i % all.len().max(1))?;
            (Edit::disconnect(c.port()), None)
        }
        Intent::Replace(i, block) => {
            let id = pick(*i)?;
            (
                Edit::change_block(series, id, block.clone()),
                Some(MergeKey::new(format!("block {id}"))),
            )
        }
        Intent::Rename(name) => (Edit::Rename(name.clone()), Some(MergeKey::new("name"))),
        Intent::Goal(days) => {
            let mut settings = series.settings.clone();
            settings.goal = days.map(|d| Goal {
                within_days: Some(d),
                ..Goal::default()
            });
            (Edit::Settings(settings), Some(MergeKey::new("settings")))
        }
        Intent::Paste(picks, dx) => {
            let chosen: Vec<BlockId> = picks.iter().filter_map(|i| pick(*i)).collect();
            let clip = Clip::copy(series, &chosen);
            let first = series.next_id;
            let ids: Vec<BlockId> = (first..first + clip.len() as u64).map(BlockId).collect();
            (clip.paste(&ids, Pos::new(*dx, 0.0)), None)
        }
        Intent::PartlyFailing(i) => {
            let id = pick(*i)?;
            (
                Edit::Batch(vec![
                    Edit::Move(vec![(id, Pos::new(-1.0, -1.0))]),
                    Edit::Remove {
                        blocks: vec![BlockId(u64::MAX)],
                        connections: Vec::new(),
                    },
                ]),
                None,
            )
        }
        Intent::Status(i) => {
            let status = [Status::Draft, Status::Live, Status::Paused][*i];
            let went_live_at = (status != Status::Draft)
                .then(|| chrono::DateTime::from_timestamp(1_800_000_000, 0))
                .flatten();
            (
                Edit::Status {
                    status,
                    went_live_at,
                },
                None,
            )
        }
        Intent::Choice(i) => (
            Edit::GoLiveChoice(
                [
                    GoLiveChoice::Undecided,
                    GoLiveChoice::StopEntering,
                    GoLiveChoice::ContinueEntering,
                ][*i],
            ),
            None,
        ),
        Intent::Seal => return None,
    })
}

/// The series without its id counter, which only grows (ids are never reused).
fn content(series: &Series) -> Series {
    let mut s = series.clone();
    s.next_id = 0;
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_edits_undo_to_the_start_and_redo_to_the_end(
        start in support::series(8),
        intents in prop::collection::vec(intent(), 0..40),
    ) {
        let mut series = start.clone();
        let mut history = History::new(10_000);
        for intent in &intents {
            if matches!(intent, Intent::Seal) {
                history.seal();
                continue;
            }
            if let Some((edit, key)) = to_edit(&series, intent) {
                let before = series.clone();
                let refused = history.apply(&mut series, edit, key).is_err();
                if refused {
                    prop_assert_eq!(&series, &before, "a refused edit changes nothing");
                }
                if matches!(intent, Intent::PartlyFailing(_)) {
                    prop_assert!(refused, "a batch with a refused part is refused whole");
                }
            }
        }
        let end = series.clone();
        // Edits refuse what no series may hold: what they make saves and reads back.
        let text = file::to_string(&end).unwrap();
        let loaded = file::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded, &end);
        while history.undo(&mut series).unwrap() {}
        prop_assert_eq!(content(&series), content(&start));
        while history.redo(&mut series).unwrap() {}
        prop_assert_eq!(&series, &end);
    }
}

fn two_blocks() -> (Series, BlockId, BlockId) {
    let mut s = Series::new("t");
    let a = s.allocate_id();
    let b = s.allocate_id();
    s.insert_block(a, Block::new_of_kind(Kind::Rule, Pos::new(0.0, 0.0)))
        .unwrap();
    s.insert_block(b, Block::new_of_kind(Kind::Content, Pos::new(0.0, 150.0)))
        .unwrap();
    (s, a, b)
}

#[test]
fn typing_in_a_field_is_one_undo_step() {
    let (mut s, _, b) = two_blocks();
    let start = s.clone();
    let mut h = History::default();
    for title in ["W", "We", "Wel", "Welcome"] {
        let mut block = s.block(b).unwrap().clone();
        block.title = title.into();
        let edit = Edit::change_block(&s, b, block);
        h.apply(&mut s, edit, Some(MergeKey::new("title"))).unwrap();
    }
    assert_eq!(s.block(b).unwrap().title, "Welcome");
    assert!(h.undo(&mut s).unwrap());
    assert_eq!(s, start);
    assert!(!h.can_undo());
    assert!(h.redo(&mut s).unwrap());
    assert_eq!(s.block(b).unwrap().title, "Welcome");
}

#[test]
fn a_sealed_gesture_starts_a_new_step() {
    let (mut s, a, _) = two_blocks();
    let mut h = History::default();
    let key = Some(MergeKey::new("drag"));
    h.apply(
        &mut s,
        Edit::Move(vec![(a, Pos::new(10.0, 0.0))]),
        key.clone(),
    )
    .unwrap();
    h.apply(
        &mut s,
        Edit::Move(vec![(a, Pos::new(20.0, 0.0))]),
        key.clone(),
    )
    .unwrap();
    h.seal();
    h.apply(&mut s, Edit::Move(vec![(a, Pos::new(30.0, 0.0))]), key)
        .unwrap();
    h.undo(&mut s).unwrap();
    assert_eq!(s.block(a).unwrap().pos, Pos::new(20.0, 0.0));
    h.undo(&mut s).unwrap();
    assert_eq!(s.block(a).unwrap().pos, Pos::new(0.0, 0.0));
}

#[test]
fn the_model_refuses_broken_connections() {
    let (mut s, a, b) = two_blocks();
    let mut h = History::default();
    let refused =
        |s: &mut Series, h: &mut History, c| h.apply(s, Edit::connect(c), None).unwrap_err();
    assert_eq!(
        refused(&mut s, &mut h, Connection::new(a, Output::Match, a)),
        EditError::Model(ModelError::SelfConnection)
    );
    assert_eq!(
        refused(
            &mut s,
            &mut h,
            Connection::new(a, Output::Match, BlockId(77))
        ),
        EditError::Model(ModelError::MissingBlock(BlockId(77)))
    );
    assert!(matches!(
        refused(&mut s, &mut h, Connection::new(a, Output::NoMatch, b)),
        EditError::Model(ModelError::NoSuchOutput { .. })
    ));
    h.apply(
        &mut s,
        Edit::connect(Connection::new(a, Output::Match, b)),
        None,
    )
    .unwrap();
    let err = refused(&mut s, &mut h, Connection::new(a, Output::Match, b));
    assert_eq!(
        err.to_string(),
        "'New rule' already has an arrow from its 'match' output"
    );
    assert_eq!(s.connection_count(), 1);
}

#[test]
fn removing_a_block_takes_its_arrows_and_undo_brings_them_back() {
    let (mut s, a, b) = two_blocks();
    let mut h = History::default();
    h.apply(
        &mut s,
        Edit::connect(Connection::new(a, Output::Match, b)),
        None,
    )
    .unwrap();
    let before = s.clone();
    h.apply(
        &mut s,
        Edit::Remove {
            blocks: vec![b],
            connections: vec![],
        },
        None,
    )
    .unwrap();
    assert_eq!(s.connection_count(), 0);
    h.undo(&mut s).unwrap();
    assert_eq!(s, before);
}

#[test]
fn ids_are_never_reused_after_a_delete() {
    let (mut s, _, b) = two_blocks();
    let mut h = History::default();
    h.apply(
        &mut s,
        Edit::Remove {
            blocks: vec![b],
            connections: vec![],
        },
        None,
    )
    .unwrap();
    let next = s.allocate_id();
    assert!(next > b);
}

#[test]
fn turning_off_a_branch_removes_its_arrow_in_the_same_step() {
    let (mut s, a, b) = two_blocks();
    let mut h = History::default();
    let mut rule = s.block(a).unwrap().clone();
    if let BlockKind::Rule(r) = &mut rule.kind {
        r.no_match_branch = true;
    }
    let edit = Edit::change_block(&s, a, rule.clone());
    h.apply(&mut s, edit, None).unwrap();
    h.apply(
        &mut s,
        Edit::connect(Connection::new(a, Output::NoMatch, b)),
        None,
    )
    .unwrap();
    let connected = s.clone();
    if let BlockKind::Rule(r) = &mut rule.kind {
        r.no_match_branch = false;
    }
    let edit = Edit::change_block(&s, a, rule);
    h.apply(&mut s, edit, None).unwrap();
    assert_eq!(s.connection_count(), 0);
    h.undo(&mut s).unwrap();
    assert_eq!(s, connected);
}

#[test]
fn the_history_is_bounded() {
    let (mut s, a, _) = two_blocks();
    let mut h = History::new(3);
    for i in 0..10 {
        h.apply(&mut s, Edit::Move(vec![(a, Pos::new(i as f32, 0.0))]), None)
            .unwrap();
    }
    let mut undone = 0;
    while h.undo(&mut s).unwrap() {
        undone += 1;
    }
    assert_eq!(undone, 3);
    assert_eq!(s.block(a).unwrap().pos, Pos::new(6.0, 0.0));
}

#[test]
fn edits_refuse_what_no_series_may_hold() {
    let (mut s, a, b) = two_blocks();
    let before = s.clone();
    let mut rule = s.block(a).unwrap().clone();
    if let BlockKind::Rule(r) = &mut rule.kind {
        r.filter = support::nested(Filter::default(), MAX_FILTER_DEPTH + 1);
    }
    let err = Edit::change_block(&s, a, rule).apply(&mut s).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("block 1 ('New rule'): the filter has groups nested 11 deep"),
        "{err}"
    );
    let mut settings = s.settings.clone();
    settings.disengagement = Disengagement::AfterDays(0);
    let err = Edit::Settings(settings).apply(&mut s).unwrap_err();
    assert_eq!(
        err.to_string(),
        "disengagement: customers would leave after 0 days without a message: the least is 1 day"
    );
    let live = Edit::Status {
        status: Status::Live,
        went_live_at: None,
    };
    assert!(matches!(live.apply(&mut s), Err(EditError::Invalid(_))));
    assert!(
        Edit::Move(vec![(b, Pos::new(f32::NAN, 0.0))])
            .apply(&mut s)
            .is_err()
    );
    assert_eq!(s, before, "refused edits change nothing");

    // A block dragged off the canvas stops at its edge.
    Edit::Move(vec![(b, Pos::new(-1e12, 3.0))])
        .apply(&mut s)
        .unwrap();
    assert_eq!(s.block(b).unwrap().pos, Pos::new(-MAX_POSITION, 3.0));
}
