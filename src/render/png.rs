//! PNG from the SVG writer's picture, through `resvg`.
//!
//! Text is drawn with the fonts egui ships (the app's own look), loaded into
//! resvg's font list instead of the system's: a machine without fonts (CI) draws
//! the same picture as a desktop.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// Larger pictures are refused: a PNG this big is no use in a review, and its
/// memory (4 bytes a pixel) could exhaust the machine.
pub const MAX_PIXELS: u64 = 120_000_000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PngError {
    #[error("the picture could not be drawn: {0}")]
    Svg(String),
    #[error(
        "the picture would be {width} × {height} pixels, too large for a PNG; use a smaller --scale, or SVG"
    )]
    TooLarge { width: u64, height: u64 },
    #[error("the PNG could not be written: {0}")]
    Encode(String),
}

/// egui's fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            let defs = egui::FontDefinitions::default();
            // The proportional family's first font is what the canvas writes in.
            let main = defs
                .families
                .get(&egui::FontFamily::Proportional)
                .and_then(|list| list.first().cloned());
            for (name, data) in &defs.font_data {
                let before = db.len();
                db.load_font_source(usvg::fontdb::Source::Binary(data.font.clone()));
                let family = db
                    .faces()
                    .nth(before)
                    .and_then(|face| face.families.first())
                    .map(|(family, _)| family.clone());
                if Some(name) == main.as_ref()
                    && let Some(family) = family
                {
                    db.set_sans_serif_family(family);
                }
            }
            Arc::new(db)
        })
        .clone()
}

/// The SVG drawn to PNG bytes, at the size its `width` and `height` give.
pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    let fontdb = fonts();
    let family = fontdb
        .family_name(&usvg::fontdb::Family::SansSerif)
        .to_string();
    let options = usvg::Options {
        fontdb,
        font_family: family,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size().to_int_size();
    let (width, height) = (u64::from(size.width()), u64::from(size.height()));
    if width * height > MAX_PIXELS {
        return Err(PngError::TooLarge { width, height });
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or(PngError::TooLarge { width, height })?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
