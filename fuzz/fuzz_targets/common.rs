//! The span contract every reader and lint must keep, checked on whatever the fuzzer makes.
//!
//! `lint_full` drops diagnostics whose main span breaks the contract, so a bad span
//! there would be silently lost: the document model, labels and fixes are checked
//! here directly, where a bad offset shows.

use std::ops::Range;

use consentlint::document::{Block, CheckedState};
use consentlint::{Config, Format};

fn span_ok(src: &str, sp: &Range<usize>, what: &str) {
    assert!(sp.start < sp.end, "{what}: empty or reversed span {sp:?}");
    assert!(
        sp.end <= src.len(),
        "{what}: span {sp:?} past end {}",
        src.len()
    );
    assert!(
        src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end),
        "{what}: span {sp:?} not on char boundaries"
    );
}

fn block_ok(src: &str, b: &Block, what: &str) {
    if b.text.is_empty() {
        return;
    }
    span_ok(src, &b.span, what);
    // every character of the text maps to a valid, non-empty source span
    for (i, c) in b.text.char_indices() {
        let sp = b.source_span(i..i + c.len_utf8());
        span_ok(src, &sp, what);
        assert!(
            b.span.start <= sp.start && sp.end <= b.span.end,
            "{what}: char {i} maps to {sp:?}, outside the block span {:?}",
            b.span
        );
    }
    for e in &b.emphasis {
        assert!(
            e.start <= e.end && e.end <= b.text.len(),
            "{what}: emphasis {e:?}"
        );
    }
}

pub fn check(src: &str, format: Format) {
    let doc = consentlint::parse(src, format);
    for b in &doc.blocks {
        block_ok(src, b, "block");
    }
    for s in &doc.sections {
        span_ok(src, &s.span, "section");
    }
    for c in &doc.controls {
        span_ok(src, &c.span, "control");
        if let CheckedState::Checked(sp) | CheckedState::Template(sp) = &c.checked {
            span_ok(src, sp, "checked state");
        }
        if let Some(l) = &c.label {
            block_ok(src, l, "control label");
        }
        if let Some(l) = &c.group_label {
            block_ok(src, l, "group label");
        }
    }
    for c in &doc.comments {
        span_ok(src, &c.span, "comment");
        assert!(
            c.span.start <= c.body.start && c.body.end <= c.span.end,
            "comment body"
        );
    }
    for t in &doc.template_ranges {
        assert!(
            t.start <= t.end && t.end <= src.len(),
            "template range {t:?}"
        );
    }

    let linted = consentlint::lint_full(src, format, &Config::default());
    for d in &linted.diagnostics {
        span_ok(src, &d.span, d.lint);
        for l in &d.labels {
            span_ok(src, &l.span, "label");
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(
                    e.start <= e.end && e.end <= src.len(),
                    "fix edit {}..{}",
                    e.start,
                    e.end
                );
                assert!(
                    src.is_char_boundary(e.start) && src.is_char_boundary(e.end),
                    "fix edit {}..{} not on char boundaries",
                    e.start,
                    e.end
                );
            }
        }
    }
    // applying the fixes must not panic either
    let _ = consentlint::fix::apply(src, &linted.diagnostics);
}
