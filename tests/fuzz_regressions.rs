//! Inputs the fuzzers in `fuzz/` found, minimized, each with the contract it broke.
//! (Run the fuzzers with `fuzz/smoke.sh`, or `cargo +nightly fuzz run <target>` in `fuzz/`.)

use std::ops::Range;

use consentlint::document::Block;
use consentlint::{lint_full, parse, Config, Format};

fn span_ok(src: &str, sp: &Range<usize>, what: &str) {
    assert!(sp.start < sp.end && sp.end <= src.len(), "{what}: {sp:?}");
    assert!(
        src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end),
        "{what}: {sp:?} not on char boundaries"
    );
}

/// The fuzz targets' model check: every character of a block maps inside the block's span.
fn block_ok(src: &str, b: &Block, what: &str) {
    span_ok(src, &b.span, what);
    for (i, c) in b.text.char_indices() {
        let sp = b.source_span(i..i + c.len_utf8());
        span_ok(src, &sp, what);
        assert!(
            b.span.start <= sp.start && sp.end <= b.span.end,
            "{what} {:?}: char {i} {c:?} maps to {sp:?}, outside the block span {:?}",
            b.text,
            b.span
        );
    }
}

fn check(src: &str, format: Format) {
    let doc = parse(src, format);
    for b in &doc.blocks {
        block_ok(src, b, "block");
    }
    for c in &doc.controls {
        for l in [&c.label, &c.group_label].into_iter().flatten() {
            block_ok(src, l, "control label");
        }
    }
    for d in lint_full(src, format, &Config::default()).diagnostics {
        for l in &d.labels {
            span_ok(src, &l.span, "label");
        }
    }
}

/// fuzz target `markdown`, crash-ef89058a: a label that runs across a blank line in
/// Markdown. The HTML reader's block separator stood for `0..token end` (the token's
/// start was never recorded), so the space in the label text "m 1" mapped to the whole
/// file. It now stands for the blank line.
#[test]
fn markdown_label_across_a_blank_line() {
    let src = "<label><input type=\"checkbox\" >m\n\n1";
    check(src, Format::Markdown);
    let doc = parse(src, Format::Markdown);
    let l = doc.controls[0].label.as_ref().unwrap();
    assert_eq!(l.text, "m 1");
    assert_eq!(l.source_span(1..2), 32..34, "the space is the blank line");
}

/// cargo-fuzz `markdown`, 10-minute run of session 3 (crash-7a258a41): code spans of a tab
/// and a space. The block's leading white space was measured before the end was trimmed,
/// so for text that is all white space the reader drained more than was left.
#[test]
fn markdown_code_spans_of_white_space_only() {
    for src in ["`\t `\t ", "`\t `", "` \t` ` `\n", "> `\t `\t \n"] {
        check(src, Format::Markdown);
    }
}

/// The same separator in HTML: a block boundary inside a label stands for the tag that
/// ends the block, not for everything from the start of the file.
#[test]
fn html_label_across_paragraphs() {
    let src = "<p>intro</p><label><input type=checkbox checked><p>Send me</p><p>offers</p></label>";
    check(src, Format::Html);
    let doc = parse(src, Format::Html);
    let l = doc.controls[0].label.as_ref().unwrap();
    assert_eq!(l.text, "Send me offers");
    let sp = l.source_span(7..8);
    assert!(sp.start >= src.find("Send").unwrap(), "{sp:?}");
    assert!(!src[sp].contains("offers"));
}

/// fuzz target `config`, crash-872c13d0: a control character in a comment. toml reports
/// the syntax error with an empty message, so the user was told only "consentlint.toml: ".
#[test]
fn config_error_with_a_control_character_has_a_message() {
    let text = "#the language to [\u{16}ints]nts]\nvague-purpose = \"info\"\n";
    let e = consentlint::config::parse(std::path::Path::new("consentlint.toml"), text).unwrap_err();
    assert!(e.message.contains("U+0016"), "{:?}", e.message);
    let sp = e.span.unwrap();
    assert_eq!(&text[sp], "\u{16}");
    // every error has a message
    for text in [
        "a = \"\u{1}\"",
        "[lints\n",
        "= 1",
        "language = \"da\"\nlanguage = \"en\"",
    ] {
        let e = consentlint::config::parse(std::path::Path::new("c.toml"), text).unwrap_err();
        assert!(!e.message.trim().is_empty(), "{text:?}");
    }
}

/// The components fuzzer: an Astro template whose last `{` is never closed and whose file
/// ends inside a multi-byte character: the expression's inner text was sliced at
/// `end - 1`, inside the character (a panic). Minimal form of the fuzzer's input.
#[test]
fn astro_unclosed_expression_ending_in_a_multibyte_character() {
    for src in [
        "---\nconst a = 1;\n---\n<p>{<b>x</b> \u{fffd}",
        "<div>{cond && <label>Ja tak æ",
        "{<a>ø",
    ] {
        check(src, Format::Astro);
        let _ = lint_full(src, Format::Astro, &Config::default());
    }
}
