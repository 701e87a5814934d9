//! Text broken into lines as the canvas breaks it: egui's own layout with
//! egui's fonts, so a picture wraps a note's text where the canvas does.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use egui::epaint::text::{FontDefinitions, Fonts, LayoutJob, TextFormat, TextOptions};
use egui::{Color32, FontId};

/// One line of wrapped text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub text: String,
    /// The middle of the line, down from the top of the text.
    pub centre_y: f32,
}

/// egui's fonts, loaded once.
fn fonts() -> &'static Mutex<Fonts> {
    static FONTS: OnceLock<Mutex<Fonts>> = OnceLock::new();
    FONTS.get_or_init(|| {
        Mutex::new(Fonts::new(
            TextOptions::default(),
            FontDefinitions::default(),
        ))
    })
}

/// `text` in egui's proportional font of `size`, broken between words into
/// lines at most `width` wide (a word longer than that on a line of its own),
/// every line kept: the picture cuts off what its box cannot show.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<Row> {
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat::simple(FontId::proportional(size), Color32::WHITE),
    );
    job.wrap.max_width = width.max(1.0);
    // A poisoned lock only means another picture failed half-way: the fonts
    // themselves are still whole.
    let mut fonts = fonts().lock().unwrap_or_else(PoisonError::into_inner);
    // Uncached: a picture is laid out once, and the cache would only grow.
    let galley = fonts.layout_uncached(1.0, Arc::new(job));
    galley
        .rows
        .iter()
        .map(|row| Row {
            text: row.text().trim_end().to_owned(),
            centre_y: row.pos.y + row.height() / 2.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_breaks_between_words_and_keeps_every_word() {
        let text = "Remember to check the discount code with the pricing team before Friday";
        let rows = wrap(text, 13.0, 120.0);
        assert!(rows.len() > 2, "{rows:?}");
        let joined: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
        assert!(rows.windows(2).all(|w| w[1].centre_y > w[0].centre_y));
    }

    #[test]
    fn line_breaks_are_kept() {
        let rows = wrap("one\ntwo", 13.0, 500.0);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["one", "two"]);
    }
}
