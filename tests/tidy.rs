//! Tidy up and the quick fix that connects an imported series' columns: no card
//! on another, every arrow downwards or sideways and clear of cards, few crossings.

mod support;

use std::path::Path;

use proptest::prelude::*;
use series_builder::check::{self, QuickFix};
use series_builder::edit::Edit;
use series_builder::geometry::{arrow_controls, bezier, block_size, output_offset};
use series_builder::import::import_campaign;
use series_builder::model::*;
use series_builder::tidy;

fn example() -> Series {
    series_builder::file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron"),
    )
    .unwrap()
}

fn imported(name: &str) -> Series {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/campaigns")
        .join(name);
    import_campaign(&std::fs::read(path).unwrap())
        .unwrap()
        .series
}

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

fn tidied(series: &Series) -> Series {
    let mut s = series.clone();
    if let Some(edit) = tidy::tidy(&s, None) {
        edit.apply(&mut s).unwrap();
    }
    s
}

/// Applies the connect fix as the checklist offers it.
fn connected(series: &Series) -> Series {
    let report = check::check(series, now());
    let fix = report
        .with_code("unconnected-import")
        .find_map(|f| f.fix.clone())
        .expect("the connect fix is offered");
    assert_eq!(fix, QuickFix::ConnectColumns);
    let mut s = series.clone();
    fix.edit(&s).unwrap().apply(&mut s).unwrap();
    s
}

fn rect(s: &Series, id: BlockId) -> (f32, f32, f32, f32) {
    let b = s.block(id).unwrap();
    let (w, h) = block_size(b);
    (b.pos.x, b.pos.y, b.pos.x + w, b.pos.y + h)
}

/// Cards on cards, and cards on notes (notes may lie on notes: tidy leaves
/// them where the marketer put them).
fn overlapping(s: &Series) -> Vec<(BlockId, BlockId)> {
    let ids: Vec<BlockId> = s.blocks().keys().copied().collect();
    let note = |id: &BlockId| s.block(*id).unwrap().kind() == Kind::Note;
    let mut out = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in ids[i + 1..].iter().filter(|b| !(note(a) && note(b))) {
            let (r, q) = (rect(s, *a), rect(s, *b));
            if r.0 < q.2 && q.0 < r.2 && r.1 < q.3 && q.1 < r.3 {
                out.push((*a, *b));
            }
        }
    }
    out
}

/// Each arrow's curve as the canvas draws it, 32 pieces.
fn curves(s: &Series) -> Vec<(Connection, Vec<Pos>)> {
    s.connections()
        .map(|c| {
            let from = s.block(c.from).unwrap();
            let outputs = from.outputs();
            let index = outputs.iter().position(|o| *o == c.output).unwrap();
            let (_, h) = block_size(from);
            let start = Pos::new(
                from.pos.x + output_offset(index, outputs.len()),
                from.pos.y + h,
            );
            let to = s.block(c.to).unwrap();
            let end = Pos::new(to.pos.x + block_size(to).0 / 2.0, to.pos.y);
            let ctrl = arrow_controls(start, end);
            let pts = (0..=32).map(|i| bezier(&ctrl, i as f32 / 32.0)).collect();
            (c, pts)
        })
        .collect()
}

/// Arrows whose curve passes behind a card other than its own two.
fn arrows_behind_cards(s: &Series) -> Vec<(Connection, BlockId)> {
    let mut out = Vec::new();
    for (c, pts) in curves(s) {
        for id in s.blocks().keys() {
            if *id == c.from || *id == c.to {
                continue;
            }
            let r = rect(s, *id);
            if pts
                .iter()
                .any(|p| p.x > r.0 && p.x < r.2 && p.y > r.1 && p.y < r.3)
            {
                out.push((c, *id));
            }
        }
    }
    out
}

fn segments_cross(a: Pos, b: Pos, c: Pos, d: Pos) -> bool {
    let cross = |o: Pos, p: Pos, q: Pos| (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Pairs of arrows whose curves cross.
fn crossings(s: &Series) -> usize {
    let all = curves(s);
    let mut count = 0;
    for (i, (_, a)) in all.iter().enumerate() {
        for (_, b) in &all[i + 1..] {
            let hit = a
                .windows(2)
                .any(|x| b.windows(2).any(|y| segments_cross(x[0], x[1], y[0], y[1])));
            count += usize::from(hit);
        }
    }
    count
}

/// Arrows that point upwards: their target's top above their start.
fn upward(s: &Series) -> Vec<Connection> {
    s.connections()
        .filter(|c| {
            let from = s.block(c.from).unwrap();
            s.block(c.to).unwrap().pos.y < from.pos.y + block_size(from).1
        })
        .collect()
}

fn assert_tidy(s: &Series, max_crossings: usize) {
    assert_eq!(overlapping(s), vec![], "cards on cards");
    assert_eq!(upward(s), vec![], "arrows pointing up");
    assert_eq!(arrows_behind_cards(s), vec![], "arrows behind cards");
    let n = crossings(s);
    assert!(n <= max_crossings, "{n} crossings");
}

#[test]
fn the_onboarding_example_tidies_into_layers_without_crossings() {
    let s = tidied(&example());
    assert_tidy(&s, 0);
    // The "not sent" branch sits beside the "sent" one, to its right.
    let x = |id: u64| s.block(BlockId(id)).unwrap().pos.x;
    let y = |id: u64| s.block(BlockId(id)).unwrap().pos.y;
    assert!(x(7) > x(5), "not sent goes right");
    assert_eq!(y(7), y(5), "both branches in one layer");
    assert!(y(2) > y(1) && y(3) > y(2));
}

#[test]
fn tidy_keeps_the_top_left_corner_and_is_stable() {
    let before = example();
    let s = tidied(&before);
    let corner = |s: &Series| {
        s.blocks().values().fold((f32::MAX, f32::MAX), |a, b| {
            (a.0.min(b.pos.x), a.1.min(b.pos.y))
        })
    };
    assert_eq!(corner(&s), corner(&before));
    assert_eq!(tidy::tidy(&s, None), None, "tidying twice moves nothing");
}

#[test]
fn connecting_trial_onboarding_makes_one_path_without_unconnected_import() {
    let before = imported("trial-onboarding.json");
    assert_eq!(before.entry_points().len(), 5);
    let s = connected(&before);
    assert_eq!(s.entry_points().len(), 1, "one path");
    let report = check::check(&s, now());
    assert_eq!(report.with_code("unconnected-import").count(), 0);
    // Every block is on the path from the campaign's entry rules, in priority order.
    let mut order = Vec::new();
    let mut at = Some(s.entry_points()[0]);
    while let Some(id) = at {
        order.push(id);
        let block = s.block(id).unwrap();
        at = s.target(id, block.outputs()[0]);
    }
    assert_eq!(order.len(), s.len());
    let origin = s.origin.as_ref().unwrap();
    let rules: Vec<usize> = origin
        .messages
        .iter()
        .map(|m| order.iter().position(|id| *id == m.rule_block).unwrap())
        .collect();
    assert!(rules.windows(2).all(|w| w[0] < w[1]), "{rules:?}");
    // What follows keeps its own fixes: the entry rules and message 1's rule.
    assert!(
        report
            .with_code("consecutive-rules")
            .any(|f| f.fix.is_some())
    );
    assert_tidy(&s, 0);
}

#[test]
fn the_connect_fix_is_one_edit_that_undoes_whole() {
    let before = imported("feature-adoption.json");
    let report = check::check(&before, now());
    let fix = report
        .with_code("unconnected-import")
        .find_map(|f| f.fix.clone())
        .unwrap();
    let mut s = before.clone();
    let undo = fix.edit(&s).unwrap().apply(&mut s).unwrap();
    assert_ne!(s, before);
    assert_tidy(&s, 0);
    undo.apply(&mut s).unwrap();
    assert_eq!(s, before);
    // Once joined there is nothing left to join.
    let joined = connected(&before);
    assert!(fix.edit(&joined).is_err());
}

#[test]
fn columns_joined_by_hand_are_followed() {
    let before = imported("trial-onboarding.json");
    let origin = before.origin.clone().unwrap();
    // The marketer joined message 2's column after message 1 already.
    let end_of_first = origin.messages[0].content_block;
    let wait = before.target(end_of_first, Output::Sent).unwrap();
    let mut s = before.clone();
    Edit::connect(Connection::new(
        wait,
        Output::Next,
        origin.messages[1].rule_block,
    ))
    .apply(&mut s)
    .unwrap();
    let s = connected(&s);
    assert_eq!(s.entry_points().len(), 1);
    assert_eq!(
        s.incoming(origin.messages[1].rule_block).count(),
        1,
        "message 2 keeps the arrow it had"
    );
}

/// A branching series: rules with "no match" branches that meet again below,
/// and an arrow that skips layers.
fn branching() -> Series {
    let mut s = Series::new("Branches");
    let rule = |title: &str, x: f32| Block {
        title: title.into(),
        pos: Pos::new(x, 0.0),
        kind: BlockKind::Rule(RuleBlock {
            filter: Filter::type_is_user(),
            timing: RuleTiming::Once,
            no_match_branch: true,
        }),
    };
    let mut ids = Vec::new();
    for i in 0..9 {
        let id = s.allocate_id();
        let block = if i % 3 == 0 {
            rule(&format!("Rule {i}"), 0.0)
        } else {
            Block::new_of_kind(Kind::Content, Pos::new(0.0, 0.0))
        };
        s.insert_block(id, block).unwrap();
        ids.push(id);
    }
    let c = |s: &mut Series, a: usize, o: Output, b: usize| {
        s.connect(Connection::new(ids[a], o, ids[b])).unwrap();
    };
    c(&mut s, 0, Output::Match, 1);
    c(&mut s, 0, Output::NoMatch, 2);
    c(&mut s, 1, Output::Sent, 3);
    c(&mut s, 2, Output::Sent, 6);
    c(&mut s, 3, Output::Match, 4);
    c(&mut s, 3, Output::NoMatch, 5);
    c(&mut s, 4, Output::Sent, 6);
    c(&mut s, 6, Output::Match, 7);
    c(&mut s, 6, Output::NoMatch, 8);
    s
}

#[test]
fn branches_go_side_by_side_and_long_arrows_pass_clear() {
    let s = tidied(&branching());
    assert_tidy(&s, 1);
}

#[test]
fn only_the_selection_moves() {
    let before = example();
    let scope = [BlockId(5), BlockId(6)].into_iter().collect();
    let Some(Edit::Move(moves)) = tidy::tidy(&before, Some(&scope)) else {
        panic!("the selection moves");
    };
    assert!(moves.iter().all(|(id, _)| scope.contains(id)));
}

#[test]
fn a_loop_is_laid_out_and_only_its_closing_arrow_points_up() {
    let mut s = example();
    s.connect(Connection::new(BlockId(6), Output::Sent, BlockId(1)))
        .unwrap();
    let s = tidied(&s);
    assert_eq!(overlapping(&s), vec![]);
    assert_eq!(
        upward(&s),
        vec![Connection::new(BlockId(6), Output::Sent, BlockId(1))]
    );
}

#[test]
fn many_groups_wrap_into_rows() {
    let mut s = Series::new("Many");
    for i in 0..60 {
        let id = s.allocate_id();
        s.insert_block(
            id,
            Block::new_of_kind(Kind::Rule, Pos::new(i as f32 * 10.0, 0.0)),
        )
        .unwrap();
    }
    let s = tidied(&s);
    assert_eq!(overlapping(&s), vec![]);
    let (w, h) = s.blocks().values().fold((0.0f32, 0.0f32), |(w, h), b| {
        (w.max(b.pos.x + 240.0), h.max(b.pos.y + 72.0))
    });
    assert!(w / h < 4.0, "{w} × {h} is one long row");
    // Left to right as they were, row by row.
    let first_row: Vec<BlockId> = s
        .blocks()
        .iter()
        .filter(|(_, b)| b.pos.y == 0.0)
        .map(|(id, _)| *id)
        .collect();
    assert!(first_row.len() > 1 && first_row[0] == BlockId(1));
}

/// An entry rule into a split test of three branches (20, 30, 50 %), each
/// to a message, piled up with C leftmost and A rightmost.
fn split_three_ways() -> (Series, [BlockId; 3]) {
    let mut s = Series::new("Split");
    let rule = s.allocate_id();
    s.insert_block(rule, Block::new_of_kind(Kind::Rule, Pos::new(0.0, 0.0)))
        .unwrap();
    let split = s.allocate_id();
    let mut block = Block::new_of_kind(Kind::Split, Pos::new(0.0, 100.0));
    block.kind = BlockKind::Split(SplitBlock {
        branches: vec![20, 30, 50],
        control: None,
    });
    s.insert_block(split, block).unwrap();
    s.connect(Connection::new(rule, Output::Match, split))
        .unwrap();
    let mut messages = [BlockId(0); 3];
    for (branch, message) in messages.iter_mut().enumerate() {
        *message = s.allocate_id();
        let x = 600.0 - 300.0 * branch as f32;
        s.insert_block(
            *message,
            Block::new_of_kind(Kind::Content, Pos::new(x, 300.0)),
        )
        .unwrap();
        s.connect(Connection::new(
            split,
            Output::Branch(branch as u8),
            *message,
        ))
        .unwrap();
    }
    (s, messages)
}

#[test]
fn split_branches_go_side_by_side_in_branch_order() {
    let (before, [a, b, c]) = split_three_ways();
    let s = tidied(&before);
    assert_tidy(&s, 0);
    let at = |id: BlockId| s.block(id).unwrap().pos;
    assert!(
        at(a).x < at(b).x && at(b).x < at(c).x,
        "A, B, C left to right: {:?} {:?} {:?}",
        at(a),
        at(b),
        at(c)
    );
    assert!(at(a).y == at(b).y && at(b).y == at(c).y, "one layer");
    // Each branch's arrow leaves its own output: B's from the middle of the card.
    let split = s.incoming(b).next().unwrap().from;
    let middle = s.block(split).unwrap().pos.x + output_offset(1, 3);
    assert_eq!(middle, at(b).x + block_size(s.block(b).unwrap()).0 / 2.0);
}

/// A note where tidy would otherwise put the onboarding example's cards.
fn example_with_note() -> (Series, BlockId) {
    let mut s = example();
    let note = s.allocate_id();
    let mut block = Block::new_of_kind(Kind::Note, Pos::new(200.0, 300.0));
    if let BlockKind::Note(n) = &mut block.kind {
        n.text = "Legal wants to see the welcome email".into();
    }
    s.insert_block(note, block).unwrap();
    (s, note)
}

#[test]
fn notes_stay_where_they_are_and_cards_keep_off_them() {
    let (before, note) = example_with_note();
    // Without minding the note, the tidied cards would cover it.
    let mut unminded = tidied(&example());
    unminded
        .insert_block(note, before.block(note).unwrap().clone())
        .unwrap();
    assert_ne!(
        overlapping(&unminded),
        vec![],
        "the test's note is in the way"
    );

    let s = tidied(&before);
    assert_eq!(s.block(note), before.block(note), "the note stays");
    assert_tidy(&s, 0);
    // The cards are laid out as without the note, only moved clear of it.
    let shift = |s: &Series, id: u64| {
        let (p, q) = (
            s.block(BlockId(id)).unwrap().pos,
            s.block(BlockId(1)).unwrap().pos,
        );
        (p.x - q.x, p.y - q.y)
    };
    for id in 2..=8 {
        assert_eq!(shift(&s, id), shift(&unminded, id));
    }
    assert_eq!(tidy::tidy(&s, None), None, "tidying twice moves nothing");
    // A note in the selection is not moved either.
    let scope = [BlockId(5), BlockId(6), note].into_iter().collect();
    let Some(Edit::Move(moves)) = tidy::tidy(&example_with_note().0, Some(&scope)) else {
        panic!("the selected cards move");
    };
    assert!(moves.iter().all(|(id, _)| *id != note));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_series_tidies_without_cards_on_cards(series in support::series(24)) {
        let s = tidied(&series);
        prop_assert_eq!(overlapping(&s), vec![]);
        prop_assert_eq!(s.connections().count(), series.connections().count());
    }
}
