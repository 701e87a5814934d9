//! `cargo +nightly fuzz run campaign_export`: see `fuzz/README.md`.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    oracle::campaign_export(data);
});
