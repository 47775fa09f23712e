#![no_main]
//! Pack TOML parsing and validation on any text: an error naming the pack, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match consentlint::packs::parse_pack("fuzz.toml", text) {
        Ok(p) => {
            // a pack that validates can be compiled into the phrase matcher
            let vocab = consentlint::analysis::matcher::Vocab::build(std::iter::once(&p));
            let _ = vocab.find(
                "Vi sender nyhedsbreve og markedsføring",
                consentlint::analysis::Lang::Da,
            );
        }
        Err(e) => assert_eq!(e.path, "fuzz.toml"),
    }
});
