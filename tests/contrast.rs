//! Every text the app draws is readable: WCAG AA, 4.5:1 against the background
//! it is drawn on, in the dark and the light theme. The ratios are computed from
//! the colours the app really uses: egui's visuals as `theme` adjusts them, and
//! the canvas palette.

use egui::Color32;
use series_builder::canvas::style::Palette;
use series_builder::canvas::{DiffPalette, FigurePalette, Tone};
use series_builder::model::{Kind, NoteColour};
use series_builder::theme::{self, contrast, ink_on, over};

const AA: f32 = 4.5;

/// (what, text colour, background) for every text on every background it meets.
fn pairs(dark: bool) -> Vec<(String, Color32, Color32)> {
    let v = theme::visuals(dark);
    let w = &v.widgets;
    let panel = v.panel_fill;
    // Banners and condition rows lay the faint colour over the panel.
    let faint = over(v.faint_bg_color, panel);
    let backgrounds = [
        ("panel", panel),
        ("window", v.window_fill),
        ("faint", faint),
        ("field", v.text_edit_bg_color()),
    ];
    let texts = [
        ("text", v.text_color()),
        ("weak text", v.weak_text_color()),
        ("strong text", v.strong_text_color()),
        ("warning", v.warn_fg_color),
        ("error", v.error_fg_color),
        ("success", theme::success(&v)),
    ];
    let mut out = Vec::new();
    for (t, fg) in texts {
        for (b, bg) in backgrounds {
            out.push((format!("{t} on {b}"), fg, bg));
        }
    }
    for (name, state) in [
        ("button", &w.inactive),
        ("hovered button", &w.hovered),
        ("pressed button", &w.active),
        ("open menu button", &w.open),
    ] {
        out.push((name.into(), state.fg_stroke.color, state.weak_bg_fill));
    }
    out.push((
        "selected item".into(),
        v.selection.stroke.color,
        v.selection.bg_fill,
    ));

    let p = Palette::new(dark);
    out.push(("card title".into(), p.title, p.card));
    out.push(("card summary".into(), p.summary, p.card));
    out.push(("refusal note".into(), p.tooltip_text, p.tooltip_bg));
    out.push(("entry pill".into(), ink_on(p.entry()), p.entry()));
    for kind in Kind::ALL {
        out.push((format!("far {kind:?} card"), p.title, p.kind_card(kind)));
    }
    for colour in NoteColour::ALL {
        out.push((format!("{colour:?} note"), p.note_text(), p.note(colour)));
    }
    // A comparison: the word on each mark, and a removed block's ghost.
    let d = DiffPalette::new(dark);
    for (what, mark) in [
        ("added", d.added),
        ("changed", d.changed),
        ("removed", d.removed),
    ] {
        out.push((format!("{what} mark"), ink_on(mark), mark));
    }
    out.push(("ghost card text".into(), d.ghost_text, d.ghost));
    // An audience's figures under the cards, fresh and greyed, a campaign's
    // history, and the counts on the arrows (on the canvas background).
    let f = FigurePalette::new(dark);
    out.push(("figures".into(), f.text, f.fill));
    out.push(("campaign figures".into(), f.campaign, f.fill));
    out.push(("greyed figures".into(), f.stale_text, f.stale_fill));
    out.push(("arrow count".into(), p.title, p.background));
    out.push(("greyed arrow count".into(), f.stale_text, p.background));
    for tone in [Tone::Error, Tone::Warning, Tone::Info] {
        out.push((
            format!("{tone:?} badge"),
            ink_on(p.tone(tone)),
            p.tone(tone),
        ));
    }
    out
}

fn check(dark: bool) {
    let failing: Vec<String> = pairs(dark)
        .into_iter()
        .map(|(what, fg, bg)| (what, contrast(fg, bg)))
        .filter(|(_, ratio)| *ratio < AA)
        .map(|(what, ratio)| format!("{what}: {ratio:.2}:1"))
        .collect();
    assert!(
        failing.is_empty(),
        "below {AA}:1 in the {} theme: {failing:#?}",
        if dark { "dark" } else { "light" }
    );
}

#[test]
fn every_text_is_readable_in_the_dark_theme() {
    check(true);
}

#[test]
fn every_text_is_readable_in_the_light_theme() {
    check(false);
}

#[test]
fn egui_defaults_alone_would_not_pass() {
    // The adjustments matter: the stock light theme's warning colour and weak
    // text fail on its own panel, as a marketer saw.
    let stock = egui::Visuals::light();
    assert!(contrast(stock.warn_fg_color, stock.panel_fill) < AA);
    assert!(contrast(stock.weak_text_color(), stock.panel_fill) < AA);
}
