//! Writes the onboarding example series to `saved_series/` and `assets/`.
//! Run it after changing the example or the file format:
//! `cargo run --example write_onboarding`.

mod templates;

use std::path::Path;

use series_builder::file;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let series = templates::onboarding()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["saved_series", "assets"] {
        let path = root.join(dir).join("onboarding.ron");
        file::save(&path, &series)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
