#![no_main]
//! Any bytes, read as HTML (invalid UTF-8 replaced).
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    common::check(&src, consentlint::Format::Html);
});
