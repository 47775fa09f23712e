//! Property tests of the offset maps (proptest, with shrinking): Markdown and HTML
//! generated from a grammar of what the readers handle — named and numeric
//! entities, backslash escapes, emphasis, links, inline code, raw HTML, lists,
//! tables, headings, block quotes, template tags (`{{ }}`, `{% %}`, `<?php ?>`),
//! CRLF line ends, a leading BOM, Danish letters and emoji.
//!
//! The property: every block's text maps back, character by character, to
//! source bytes that spell the same text. Characters that share one source
//! span (an entity decoding to two characters) are checked as a group; a
//! collapsed space must map to source that holds no letters or digits
//! (white space, a tag, a template tag, a comment, a line's markers).
//! This is stronger than `tests/spans_prop.rs`, which checks whole words.

use std::ops::Range;

use consentlint::document::{Block, Document};
use consentlint::{parse, Format};
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------- the grammar

const WORDS: &[&str] = &[
    "consent",
    "data",
    "samtykke",
    "æble",
    "Ørsted",
    "på",
    "blåbær",
    "ÆØÅ",
    "naïve",
    "e-mail",
    "12",
    "§",
    "(partners)",
    "ok.",
    "emoji😀",
    "👍🏽",
    "🇩🇰",
    "—",
];

/// Entities and what they decode to.
const ENTITIES: &[(&str, &str)] = &[
    ("&amp;", "&"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&aelig;", "æ"),
    ("&oslash;", "ø"),
    ("&aring;", "å"),
    ("&AElig;", "Æ"),
    ("&Oslash;", "Ø"),
    ("&Aring;", "Å"),
    ("&copy;", "©"),
    ("&hellip;", "…"),
    ("&mdash;", "—"),
    ("&nbsp;", "\u{a0}"),
    ("&#229;", "å"),
    ("&#xE6;", "æ"),
    ("&#xf8;", "ø"),
    ("&#128512;", "😀"),
    ("&#x1F600;", "😀"),
    ("&#38;", "&"),
];

const TEMPLATES: &[&str] = &[
    "{{ user.name }}",
    "{{x}}",
    "{% if opted %}",
    "{% endif %}",
    "{# note #}",
    "<?php echo $x; ?>",
    "<?= $name ?>",
    "<% if a %>",
];

fn word() -> impl Strategy<Value = String> {
    select(WORDS).prop_map(str::to_string)
}

fn entity() -> impl Strategy<Value = String> {
    select(ENTITIES).prop_map(|(e, _)| e.to_string())
}

fn template() -> impl Strategy<Value = String> {
    select(TEMPLATES).prop_map(str::to_string)
}

/// Inline Markdown.
fn md_inline() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => word(),
        2 => entity(),
        1 => select(&["\\*", "\\_", "\\\\", "\\#", "\\[", "\\&", "\\`", "\\<"][..]).prop_map(str::to_string),
        1 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("_{w}_")),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => select(&["code", "&amp;", "a  b", "<input checked>", "æ😀"][..]).prop_map(|c| format!("`{c}`")),
        1 => word().prop_map(|w| format!("[{w}](https://example.com/x)")),
        1 => select(&["<b>bold</b>", "<em>x</em>", "<br>", "<!-- c -->", "<span lang=\"da\">hej</span>"][..]).prop_map(str::to_string),
        1 => template(),
    ]
}

fn md_line() -> impl Strategy<Value = String> {
    prop::collection::vec(md_inline(), 1..8).prop_map(|v| v.join(" "))
}

/// Block-level Markdown (each ends with a blank line).
fn md_block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(md_line(), 1..3).prop_map(|l| format!("{}\n\n", l.join("\n"))),
        1 => (1usize..=6, md_line()).prop_map(|(n, l)| format!("{} {l}\n\n", "#".repeat(n))),
        2 => prop::collection::vec((0usize..3, select(&["- ", "* ", "1. ", "- [x] ", "- [ ] "][..]), md_line()), 1..5)
            .prop_map(|items| {
                let mut s = String::new();
                let mut depth = 0;
                for (d, marker, line) in items {
                    // indent at most one level deeper than the item before
                    depth = d.min(depth + 1);
                    s.push_str(&"    ".repeat(depth));
                    s.push_str(marker);
                    s.push_str(&line);
                    s.push('\n');
                }
                s.push('\n');
                s
            }),
        1 => (md_line(), md_line()).prop_map(|(a, b)| format!("> {a}\n> {b}\n\n")),
        1 => (md_line(), md_line()).prop_map(|(a, b)| format!("> > {a}\n>\n> {b}\n\n")),
        1 => (word(), md_line(), md_line()).prop_map(|(h, a, b)| {
            // table cells cannot hold a bare `|`; the inline grammar has none
            format!("| {h} | b |\n|---|:-:|\n| {a} | {b} |\n\n")
        }),
        1 => md_line().prop_map(|l| format!("```\n{l}\n```\n\n")),
        1 => (word(), entity()).prop_map(|(w, e)| format!("<div>\n<p>{w} {e} x</p>\n</div>\n\n")),
        1 => template().prop_map(|t| format!("{t}\n\n")),
    ]
}

/// Inline HTML content.
fn html_inline() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => word(),
        2 => entity(),
        1 => (select(&["b", "i", "em", "strong", "span", "a", "mark", "code"][..]), word())
            .prop_map(|(t, w)| format!("<{t}>{w}</{t}>")),
        1 => Just("<br>".to_string()),
        1 => Just("<!-- a comment -->".to_string()),
        1 => template(),
        1 => Just("&shy;".to_string()),
        1 => Just("\n  ".to_string()),
    ]
}

fn html_text() -> impl Strategy<Value = String> {
    prop::collection::vec(html_inline(), 1..8).prop_map(|v| v.join(" "))
}

fn html_block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => html_text().prop_map(|t| format!("<p>{t}</p>\n")),
        1 => (1usize..=6, html_text()).prop_map(|(n, t)| format!("<h{n}>{t}</h{n}>\n")),
        1 => prop::collection::vec(html_text(), 1..4).prop_map(|items| {
            let li: String = items.iter().map(|t| format!("<li>{t}</li>\n")).collect();
            format!("<ul>\n{li}</ul>\n")
        }),
        1 => (html_text(), html_text()).prop_map(|(a, b)| format!("<table><tr><td>{a}</td><td>{b}</td></tr></table>\n")),
        1 => html_text().prop_map(|t| format!("<blockquote>{t}</blockquote>\n")),
        1 => html_text().prop_map(|t| format!("<label><input type=\"checkbox\" name=\"n\" checked> {t}</label>\n")),
        1 => html_text().prop_map(|t| format!("<div>{t}<div>{t}</div></div>\n")),
        1 => Just("<script>var s = \"<p>not text</p>\";</script>\n".to_string()),
        1 => template().prop_map(|t| format!("{t}\n")),
    ]
}

/// A whole document: a leading BOM or not, LF or CRLF line ends.
fn document(block: BoxedStrategy<String>, html: bool) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(block, 1..10),
    )
        .prop_map(move |(bom, crlf, blocks)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            if html {
                s.push_str("<!doctype html>\n<html><body>\n");
            }
            s.push_str(&blocks.concat());
            if html {
                s.push_str("</body></html>\n");
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            s
        })
}

// ---------------------------------------------------------------- reading source back

/// The text that source bytes spell: tags, comments and template tags removed,
/// entities and (in Markdown) backslash escapes decoded.
fn spell(raw: &str, markdown: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    'outer: while i < raw.len() {
        let rest = &raw[i..];
        for t in TEMPLATES {
            if rest.starts_with(t) {
                i += t.len();
                continue 'outer;
            }
        }
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if let Some(after) = rest.strip_prefix('<') {
            let next = after.chars().next();
            if matches!(next, Some(n) if n.is_ascii_alphabetic() || n == '/') {
                if let Some(e) = rest.find('>') {
                    i += e + 1;
                    continue;
                }
            }
        }
        if rest.starts_with('&') {
            if rest.starts_with("&shy;") {
                i += 5;
                continue;
            }
            if let Some((e, d)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                out.push_str(d);
                i += e.len();
                continue;
            }
        }
        if markdown && rest.starts_with('\\') {
            if let Some(c) = rest[1..].chars().next() {
                if c.is_ascii_punctuation() {
                    out.push(c);
                    i += 1 + c.len_utf8();
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn check_span(src: &str, sp: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        sp.start < sp.end && sp.end <= src.len(),
        "{}: span {:?} empty or past the end ({})",
        what,
        sp,
        src.len()
    );
    prop_assert!(
        src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end),
        "{}: span {:?} not on char boundaries",
        what,
        sp
    );
    Ok(())
}

fn check_block(src: &str, b: &Block, markdown: bool) -> Result<(), TestCaseError> {
    if b.text.is_empty() {
        return Ok(());
    }
    check_span(src, &b.span, "block")?;
    // group characters that map to one and the same source span
    let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (text range, source span)
    for (i, c) in b.text.char_indices() {
        let sp = b.source_span(i..i + c.len_utf8());
        check_span(src, &sp, "character")?;
        match groups.last_mut() {
            Some((t, s)) if *s == sp => t.end = i + c.len_utf8(),
            _ => groups.push((i..i + c.len_utf8(), sp)),
        }
    }
    let mut prev_end = b.span.start;
    for (t, sp) in &groups {
        let text = &b.text[t.clone()];
        let raw = &src[sp.clone()];
        prop_assert!(
            sp.start >= prev_end && sp.end <= b.span.end,
            "{:?} at {:?} is out of order or outside the block {:?} {:?}",
            text,
            sp,
            b.span,
            b.text
        );
        prev_end = sp.end;
        let spelled = spell(raw, markdown);
        if text.chars().all(char::is_whitespace) {
            prop_assert!(
                !spelled.chars().any(char::is_alphanumeric),
                "space {:?} of {:?} maps to {:?} (spells {:?}), which holds text",
                text,
                b.text,
                raw,
                spelled
            );
        } else {
            prop_assert_eq!(
                &spelled,
                text,
                "text {:?} of block {:?} maps to {:?} at {:?}",
                text,
                b.text,
                raw,
                sp
            );
        }
    }
    Ok(())
}

fn check_doc(src: &str, doc: &Document, markdown: bool) -> Result<(), TestCaseError> {
    for b in &doc.blocks {
        check_block(src, b, markdown)?;
    }
    for c in &doc.controls {
        for l in [&c.label, &c.group_label].into_iter().flatten() {
            check_block(src, l, markdown)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- the tests

fn config() -> ProptestConfig {
    // ~250 documents per format keep each test to a few seconds in debug
    ProptestConfig {
        cases: 250,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_block_text_maps_back_to_the_same_source_text(src in document(md_block().boxed(), false)) {
        let doc = parse(&src, Format::Markdown);
        check_doc(&src, &doc, true)?;
    }

    #[test]
    fn html_block_text_maps_back_to_the_same_source_text(src in document(html_block().boxed(), true)) {
        let doc = parse(&src, Format::Html);
        check_doc(&src, &doc, false)?;
    }

    /// Any mix of the grammar's pieces, even ill-formed, parses and lints without
    /// panic and keeps the span contract for its diagnostics.
    #[test]
    fn any_mix_lints_without_panic(
        pieces in prop::collection::vec(prop_oneof![md_inline(), html_inline(), md_block(), html_block()], 0..20),
        html in any::<bool>(),
    ) {
        let src = pieces.concat();
        let format = if html { Format::Html } else { Format::Markdown };
        for d in consentlint::lint(&src, format, &consentlint::Config::default()) {
            check_span(&src, &d.span, d.lint)?;
            for l in &d.labels {
                check_span(&src, &l.span, "label")?;
            }
        }
    }
}
