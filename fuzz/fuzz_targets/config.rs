#![no_main]
//! `config::parse` on any text: an error, never a panic, and an error's span lies in the text.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // parse checks lint ids against the built-in lints and options against the packs
    if let Err(e) = consentlint::config::parse(Path::new("consentlint.toml"), text) {
        if let Some(sp) = e.span {
            assert!(
                sp.start <= sp.end && sp.end <= text.len(),
                "span {sp:?} outside the text"
            );
            assert!(
                text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
                "span {sp:?} not on char boundaries"
            );
        }
        assert!(!e.message.is_empty());
    }
});
