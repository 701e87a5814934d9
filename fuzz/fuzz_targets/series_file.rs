//! `cargo +nightly fuzz run series_file`: see `fuzz/README.md`.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    oracle::series_file(data);
});
