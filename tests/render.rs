//! Pictures of a series: `series-builder render` to SVG and PNG.

use std::path::{Path, PathBuf};
use std::process::{self, Command};

use resvg::tiny_skia::Pixmap;
use resvg::usvg::roxmltree;
use series_builder::file;
use series_builder::model::*;
use series_builder::render::{self, Style};

fn onboarding_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")
}

fn run(args: &[&str]) -> process::Output {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(args)
        .output()
        .unwrap()
}

fn render_to(out: &Path, extra: &[&str]) -> process::Output {
    let series = onboarding_path();
    let mut args = vec![
        "render",
        series.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// Every line of text in an SVG document.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("tspan"))
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect()
}

/// The lines of text in the group an SVG draws a block in.
fn block_texts(svg: &str, id: BlockId) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(format!("block-{id}").as_str()))
        .unwrap();
    group
        .descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("tspan"))
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect()
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

#[test]
fn the_svg_parses_and_holds_every_title_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("onboarding.svg");
    let result = render_to(&out, &[]);
    assert!(result.status.success(), "{result:?}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let texts = texts(&svg);
    let series = file::load(&onboarding_path()).unwrap();
    for block in series.blocks().values() {
        assert!(
            texts.contains(&block.display_title()),
            "{} is not in {texts:?}",
            block.display_title()
        );
    }
    assert!(texts.contains(&"Entry".to_string()));
    assert!(texts.contains(&"not sent".to_string()));
}

#[test]
fn the_png_size_follows_the_scale() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.png");
    let two = dir.path().join("two.png");
    assert!(render_to(&one, &[]).status.success());
    assert!(render_to(&two, &["--scale", "2"]).status.success());
    let (w1, h1) = png_size(&std::fs::read(&one).unwrap());
    let (w2, h2) = png_size(&std::fs::read(&two).unwrap());
    assert!(w1 > 200 && h1 > 200, "{w1} × {h1}");
    assert!(
        w2.abs_diff(2 * w1) <= 1 && h2.abs_diff(2 * h1) <= 1,
        "{w1}×{h1} then {w2}×{h2}"
    );
}

#[test]
fn the_dark_theme_uses_the_canvas_dark_colours() {
    let series = file::load(&onboarding_path()).unwrap();
    let dark = render::svg(
        &series,
        None,
        Style {
            dark: true,
            scale: 1.0,
        },
    );
    let light = render::svg(&series, None, Style::default());
    assert!(dark.contains("#1a1c21"), "dark background");
    assert!(light.contains("#f3f4f7"), "light background");
}

#[test]
fn a_selection_pictures_only_its_blocks_and_the_arrows_between_them() {
    let series = file::load(&onboarding_path()).unwrap();
    let scope = [BlockId(1), BlockId(2)].into_iter().collect();
    let svg = render::svg(&series, Some(&scope), Style::default());
    let texts = texts(&svg);
    assert!(texts.contains(&"New users".to_string()));
    assert!(!texts.contains(&"Welcome Chat".to_string()));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let arrows = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("stroke-width") == Some("2"))
        .count();
    assert_eq!(arrows, 1);
}

#[test]
fn titles_with_markup_characters_stay_text() {
    let mut series = file::load(&onboarding_path()).unwrap();
    let title = "Tips & <tricks> \"now\"";
    let mut block = series.block(BlockId(2)).unwrap().clone();
    block.title = title.into();
    series.replace_block(BlockId(2), block).unwrap();
    let svg = render::svg(&series, None, Style::default());
    assert!(texts(&svg).contains(&title.to_string()));
    // And resvg draws it.
    assert!(render::png(&svg).is_ok());
}

#[test]
fn a_bad_picture_name_or_scale_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("picture.gif");
    let result = render_to(&out, &["--scale", "0"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("must end in .svg or .png"), "{stderr}");
    assert!(stderr.contains("--scale 0"), "{stderr}");
    assert!(!out.exists());
    let missing = dir.path().join("missing.ron");
    let result = run(&["render", missing.to_str().unwrap(), "-o", "x.svg"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(!Path::new("x.svg").exists());
}

/// The PNG as committed in `tests/snapshots/` (looked at when it changes):
/// fonts come with the program, so every machine draws the same picture.
/// `UPDATE_SNAPSHOTS=1` writes it anew.
#[test]
fn the_onboarding_png_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("onboarding.png");
    assert!(render_to(&out, &["--scale", "2"]).status.success());
    matches_snapshot(&out, "render_onboarding");
}

#[test]
fn the_new_kinds_png_matches_its_snapshot() {
    let (series, _) = new_kinds();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new-kinds.png");
    let style = Style {
        dark: true,
        scale: 2.0,
    };
    render::save(&out, &series, None, style).unwrap();
    matches_snapshot(&out, "render_new_kinds_dark");
}

fn matches_snapshot(out: &Path, name: &str) {
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.png"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !snapshot.exists() {
        std::fs::copy(out, &snapshot).unwrap();
    }
    let now = Pixmap::load_png(out).unwrap();
    let then = Pixmap::load_png(&snapshot).unwrap();
    assert_eq!((now.width(), now.height()), (then.width(), then.height()));
    let differing = now
        .data()
        .chunks(4)
        .zip(then.data().chunks(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 16))
        .count();
    assert!(
        differing * 1000 < now.data().len() / 4,
        "{differing} pixels differ from the snapshot"
    );
}

/// The blocks of format version 2: an entry rule into a split test (A 20 %,
/// B 80 %) whose branches go to a message with a send window and to a wait
/// until a time of day; and a note with several lines of text.
struct NewKinds {
    split: BlockId,
    message: BlockId,
    wait: BlockId,
    note: BlockId,
}

fn new_kinds() -> (Series, NewKinds) {
    let mut s = Series::new("New kinds");
    let add = |s: &mut Series, kind: Kind, x: f32, y: f32| {
        let id = s.allocate_id();
        s.insert_block(id, Block::new_of_kind(kind, Pos::new(x, y)))
            .unwrap();
        id
    };
    let rule = add(&mut s, Kind::Rule, 0.0, 0.0);
    let split = add(&mut s, Kind::Split, 0.0, 140.0);
    let message = add(&mut s, Kind::Content, -160.0, 320.0);
    let wait = add(&mut s, Kind::Wait, 160.0, 320.0);
    let note = add(&mut s, Kind::Note, 320.0, 0.0);
    let edit = |s: &mut Series, id: BlockId, change: &dyn Fn(&mut BlockKind)| {
        let mut block = s.block(id).unwrap().clone();
        change(&mut block.kind);
        s.replace_block(id, block).unwrap();
    };
    edit(&mut s, split, &|k| {
        if let BlockKind::Split(split) = k {
            split.branches = vec![20, 80];
        }
    });
    edit(&mut s, message, &|k| {
        if let BlockKind::Content(c) = k {
            c.send_window = Some(SendWindow::default());
        }
    });
    edit(&mut s, wait, &|k| {
        *k = BlockKind::Wait(WaitBlock::UntilTime(TimeOfDay::default()))
    });
    edit(&mut s, note, &|k| {
        if let BlockKind::Note(n) = k {
            n.text = "Legal wants to see the welcome email before it goes out.\nAsk Dana.".into();
        }
    });
    s.connect(Connection::new(rule, Output::Match, split))
        .unwrap();
    s.connect(Connection::new(split, Output::Branch(0), message))
        .unwrap();
    s.connect(Connection::new(split, Output::Branch(1), wait))
        .unwrap();
    (
        s,
        NewKinds {
            split,
            message,
            wait,
            note,
        },
    )
}

#[test]
fn split_tests_notes_and_second_lines_are_in_the_picture() {
    let (series, ids) = new_kinds();
    let svg = render::svg(&series, None, Style::default());
    // Each branch with its share, at its output.
    let split = block_texts(&svg, ids.split);
    assert!(split.contains(&"A 20%".to_string()), "{split:?}");
    assert!(split.contains(&"B 80%".to_string()), "{split:?}");
    // The message's send window on its second line.
    let zone = &series.settings.time_zone;
    let window = SendWindow::default().words(zone);
    assert!(block_texts(&svg, ids.message).contains(&window), "{window}");
    // The wait's time of day, over as many lines as it takes, all of it.
    let until = block_texts(&svg, ids.wait);
    let summary = series.block_summary(ids.wait);
    assert!(
        until.join(" ").contains(&summary),
        "{until:?} lacks {summary}"
    );
    // The note's text, wrapped to its width, every word kept.
    let note = block_texts(&svg, ids.note);
    assert!(note.len() >= 3, "wrapped: {note:?}");
    let text = "Legal wants to see the welcome email before it goes out. Ask Dana.";
    assert_eq!(note.join(" "), text);
    // On its paper, under every card, with no ports.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let groups: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        groups.first(),
        Some(&format!("block-{}", ids.note).as_str())
    );
    let paper = series_builder::canvas::style::Palette::new(false).note(NoteColour::Yellow);
    let paper = format!("#{:02x}{:02x}{:02x}", paper.r(), paper.g(), paper.b());
    let note_group = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(groups[0]))
        .unwrap();
    assert!(
        note_group
            .descendants()
            .any(|n| n.attribute("fill") == Some(paper.as_str()))
    );
    assert!(!note_group.descendants().any(|n| n.has_tag_name("circle")));
    // The split's arrows leave its two outputs, at thirds of its bottom edge.
    let starts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("stroke-width") == Some("2"))
        .filter_map(|n| n.attribute("d")?.strip_prefix('M')?.split('C').next())
        .collect();
    assert!(starts.contains(&"80 232"), "{starts:?}");
    assert!(starts.contains(&"160 232"), "{starts:?}");
    assert!(render::png(&svg).is_ok());
}
