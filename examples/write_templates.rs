//! Writes the templates a marketer starts from to `assets/templates/`, where
//! `src/templates.rs` builds them into the program. Run it after changing a
//! template or the file format: `cargo run --example write_templates`.

mod templates;

use std::path::Path;

use series_builder::file;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    std::fs::create_dir_all(&dir)?;
    for (name, series) in templates::all()? {
        let path = dir.join(format!("{name}.{}", file::EXTENSION));
        file::save(&path, &series)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
