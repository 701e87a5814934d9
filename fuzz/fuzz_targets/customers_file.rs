//! `cargo +nightly fuzz run customers_file`: see `fuzz/README.md`.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    oracle::customers_file(data);
});
