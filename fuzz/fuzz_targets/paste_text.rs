//! `cargo +nightly fuzz run paste_text`: see `fuzz/README.md`.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        oracle::paste_text(text);
    }
});
