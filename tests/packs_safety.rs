//! Issue #5 item 8: packs never run code, and nothing in a pack reaches a regex engine.
//!
//! A pack is data: metadata, phrase lists, examples and free-form options, parsed by
//! `packs::parse_pack` (the validation entry point for pack text; serde with
//! `deny_unknown_fields`). Phrases are compiled into one Aho-Corasick automaton as
//! literals; `*` at either end is a word-continuation flag, not a pattern. So there is
//! no regex to size-limit: a pattern-looking phrase is matched as the literal text, and
//! a key that would carry a regex is refused with an error naming the pack and the key.

use consentlint::analysis::{Lang, Vocab};
use consentlint::packs::parse_pack;

const HEAD: &str = "id = \"user-pack\"\nsummary = \"s\"\ndefault_severity = \"warning\"\n";

#[test]
fn a_regex_key_is_refused_naming_the_pack_and_the_key() {
    // (`patterns` is a key: token patterns, a bounded matcher over words, never a regex;
    // see tokens_patterns_cost_linear_work below)
    for key in ["regex", "pattern", "script", "command"] {
        let text = format!("{HEAD}{key} = \"(a+)+$\"\n");
        let e = parse_pack("packs/user-pack.toml", &text).unwrap_err();
        assert_eq!(e.path, "packs/user-pack.toml");
        assert!(e.message.contains(key), "{key}: {}", e.message);
        assert!(e.to_string().starts_with("packs/user-pack.toml: "), "{e}");
    }
    // in a phrase table too
    let text = format!("{HEAD}[phrases.en]\nlist = [\"x\"]\n[phrases.en.regex]\nr = \"(a|a)*b\"\n");
    assert!(parse_pack("p.toml", &text).is_err());
}

#[test]
fn pattern_looking_phrases_are_literals() {
    // catastrophic-backtracking and huge-repetition patterns, as phrases
    let text = format!(
        "{HEAD}[phrases.en]\nevil = [\"(a+)+$\", \"a{{1000}}{{1000}}\", \"[^x]*\", \".*\"]\n[phrases.da]\nevil = [\"(å|å)*\"]\n"
    );
    let pack = parse_pack("p.toml", &text).expect("data, not code: a valid pack");
    let vocab = Vocab::build(std::iter::once(&pack));
    let hostile = "a".repeat(100_000) + "!";
    let t = std::time::Instant::now();
    assert!(
        vocab.find(&hostile, Lang::En).is_empty(),
        "no literal there"
    );
    // linear automaton scan, not backtracking: far below a second even in debug
    assert!(t.elapsed().as_secs() < 5);
    let hits = vocab.find("we write (a+)+$ here, and a{1000}{1000} there", Lang::En);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(
        vocab.find("anything at all", Lang::En).is_empty(),
        ".* is not a wildcard"
    );
}

#[test]
fn options_are_inert_values() {
    // free-form options are TOML values handed to lints as data, never evaluated
    let text = format!("{HEAD}[options]\nregex = \"(a+)+$\"\nrun = [\"rm\", \"-rf\", \"/\"]\n");
    let pack = parse_pack("p.toml", &text).unwrap();
    assert_eq!(pack.options["regex"].as_str(), Some("(a+)+$"));
}

#[test]
fn token_patterns_cost_linear_work() {
    // token patterns are matched by a bounded backtracking matcher over words: nested
    // gaps on a long sentence with no match must finish in linear work
    use consentlint::analysis::pattern::Compiled;
    use consentlint::analysis::tokens::tokenize;
    let text = "word ".repeat(50_000);
    let toks = tokenize(&text, 0..text.len(), Lang::En);
    let c = Compiled::get(Lang::En);
    let t = std::time::Instant::now();
    let _ = c.find(c.patterns.iter(), &toks);
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}
