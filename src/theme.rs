//! The look of the app: the dark, light or system theme the marketer chose, and
//! egui's colours adjusted so every text is readable (WCAG AA: 4.5:1 against its
//! background) in both themes. egui's own defaults fall short in places: weak
//! text is its text colour at 60 % opacity (2.7:1 on the light panel), the light
//! theme's warning orange is 2.8:1 and its pure red 3.8:1.

use egui::{Color32, Stroke, Visuals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Dark,
    Light,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Dark, Theme::Light];

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Dark => egui::ThemePreference::Dark,
            Theme::Light => egui::ThemePreference::Light,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Follow the system",
            Theme::Dark => "Dark",
            Theme::Light => "Light",
        }
    }
}

/// egui's visuals for one theme, with our adjustments.
pub fn visuals(dark: bool) -> Visuals {
    let mut v = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    if dark {
        // Brighter body text, and weak text as a solid grey that still reads.
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(178);
        v.weak_text_color = Some(Color32::from_gray(140));
        v.error_fg_color = Color32::from_rgb(255, 110, 110);
        v.warn_fg_color = Color32::from_rgb(255, 160, 40);
        v.hyperlink_color = Color32::from_rgb(110, 180, 255);
    } else {
        v.weak_text_color = Some(Color32::from_gray(98));
        v.error_fg_color = Color32::from_rgb(196, 30, 36);
        v.warn_fg_color = Color32::from_rgb(168, 82, 0);
        v.hyperlink_color = Color32::from_rgb(0, 102, 204);
        // Fields and buttons are pale on a pale panel: outline them.
        v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(205));
    }
    v
}

/// Puts our visuals on both of egui's themes; the preference picks between them.
pub fn install(ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Dark, visuals(true));
    ctx.set_visuals_of(egui::Theme::Light, visuals(false));
}

/// The colour of good news ("Ready to go live", "Live") in the theme of `v`.
pub fn success(v: &Visuals) -> Color32 {
    if v.dark_mode {
        Color32::from_rgb(70, 190, 90)
    } else {
        Color32::from_rgb(22, 125, 56)
    }
}

/// WCAG's relative luminance of an opaque colour.
pub fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG's contrast ratio of a text colour on a background (1 to 21). A
/// translucent text colour is first laid over the background, as it is drawn.
pub fn contrast(text: Color32, background: Color32) -> f32 {
    let text = over(text, background);
    let (a, b) = (luminance(text), luminance(background));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `top` (premultiplied, maybe translucent) drawn over an opaque `bottom`.
pub fn over(top: Color32, bottom: Color32) -> Color32 {
    let keep = 1.0 - f32::from(top.a()) / 255.0;
    let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * keep).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
    )
}

/// Text for a label drawn on a coloured background: white or near-black,
/// whichever reads better.
pub fn ink_on(background: Color32) -> Color32 {
    let dark_ink = Color32::from_rgb(0x14, 0x16, 0x1b);
    if contrast(Color32::WHITE, background) >= contrast(dark_ink, background) {
        Color32::WHITE
    } else {
        dark_ink
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1.
        let grey = Color32::from_gray(0x76);
        assert!((contrast(grey, Color32::WHITE) - 4.54).abs() < 0.01);
        // Half-transparent black over white is mid-grey, not black.
        let half = Color32::from_black_alpha(128);
        assert!(contrast(half, Color32::WHITE) < 5.0);
    }

    #[test]
    fn ink_on_picks_the_readable_one() {
        assert_eq!(ink_on(Color32::from_rgb(0, 0, 120)), Color32::WHITE);
        assert_ne!(ink_on(Color32::from_rgb(250, 220, 90)), Color32::WHITE);
    }
}
