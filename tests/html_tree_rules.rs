//! One small page per tree-building repair rule of the HTML standard: the text our
//! positional reader finds, block by block, equals the text of html5ever's DOM (through
//! scraper), white space removed, with `<script>`, `<style>`, `<title>` and
//! `<textarea>` left out. Every block's span slices to
//! text that starts and ends like the block.

mod common;

use consentlint::{parse, Format};

/// html5ever's text of the page, white space removed.
fn dom_text(src: &str) -> String {
    squash(&common::oracle::dom_texts(src).concat())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Our blocks, checked for exact spans, and their text squashed.
fn ours(src: &str) -> (Vec<String>, String) {
    let doc = parse(src, Format::Html);
    for b in &doc.blocks {
        let s = &src[b.span.clone()];
        assert_eq!(
            s.chars().next(),
            b.text.chars().next(),
            "block {:?} starts at {:?}",
            b.text,
            s
        );
    }
    let texts: Vec<String> = doc.blocks.iter().map(|b| b.text.clone()).collect();
    let all = squash(&texts.concat());
    (texts, all)
}

fn same_as_browser(src: &str) -> Vec<String> {
    let (blocks, text) = ours(src);
    assert_eq!(text, dom_text(src), "{src}\nblocks: {blocks:?}");
    blocks
}

#[test]
fn unclosed_head_is_closed_by_body_content() {
    let b = same_as_browser(
        "<html><head><title>x</title>\n<body><p>Vi bruger dine oplysninger til at forbedre vores produkter.</p>",
    );
    assert_eq!(
        b,
        ["Vi bruger dine oplysninger til at forbedre vores produkter."]
    );
}

#[test]
fn head_closed_by_text() {
    let b = same_as_browser("<head><meta charset=utf-8>We use your data.<p>Second</p>");
    assert_eq!(b, ["We use your data.", "Second"]);
}

#[test]
fn head_closed_by_a_div_without_body() {
    let b = same_as_browser(
        "<head><link rel=x><style>p{}</style><div>Tekst her</div></head><p>Mere</p>",
    );
    assert_eq!(b, ["Tekst her", "Mere"]);
}

#[test]
fn content_before_html_and_body() {
    let b = same_as_browser("Before<!doctype html><html><body><p>Inside</p></body></html>After");
    assert_eq!(b, ["Before", "Inside", "After"]);
}

#[test]
fn stray_end_tags_are_ignored() {
    let b = same_as_browser("<div>One</span></li></td> two</div></div></p><p>Three</p>");
    assert_eq!(
        b,
        ["One two", "", "Three"]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
    );
}

#[test]
fn p_closed_by_block_start() {
    let b = same_as_browser(
        "<p>First<div>Second</div><p>Third<ul><li>Fourth</ul><p>Fifth<h2>Sixth</h2>",
    );
    assert_eq!(b, ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"]);
}

#[test]
fn implied_table_parts() {
    let b = same_as_browser("<table><tr><td>a<td>b<tr><th>c</table><p>after");
    assert_eq!(b, ["a", "b", "c", "after"]);
}

#[test]
fn select_and_options() {
    let b = same_as_browser(
        "<select name=a><option>Ja<option selected>Nej<optgroup label=x><option>Måske</select>efter",
    );
    assert_eq!(b, ["Ja", "Nej", "Måske", "efter"]);
}

#[test]
fn select_ignores_markup_inside() {
    same_as_browser("<select><option>One <b>bold</b><div>x</div></option></select>");
}

#[test]
fn template_content_is_read_in_place() {
    let b = same_as_browser("<p>Shown</p><template><p>Stamped</p></template><p>Also shown</p>");
    assert_eq!(b, ["Shown", "Stamped", "Also shown"]);
}

#[test]
fn noscript_is_read_as_markup() {
    let b = same_as_browser("<p>Shown</p><noscript><p>Enable <b>JavaScript</b></p></noscript>");
    assert_eq!(b, ["Shown", "Enable JavaScript"]);
}

#[test]
fn misnested_formatting_elements() {
    let b = same_as_browser("<p><b>bold <i>both</b> italic</i> plain</p><p>next</p>");
    assert_eq!(b, ["bold both italic plain", "next"]);
}

#[test]
fn nested_form_is_ignored() {
    let b = same_as_browser("<form><p>a<form><p>b</form>c</form><p>d");
    assert_eq!(b.concat().replace(' ', ""), "abcd");
}

#[test]
fn li_and_dd_close_their_siblings() {
    let b = same_as_browser("<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl>");
    assert_eq!(b, ["one", "two", "t", "d"]);
}

#[test]
fn foster_parented_text_in_a_table() {
    // a browser moves the stray text before the table; the words are the same
    let (_, text) = ours("<table>stray<tr><td>cell</td></tr></table>");
    let dom = dom_text("<table>stray<tr><td>cell</td></tr></table>");
    let mut a: Vec<char> = text.chars().collect();
    let mut b: Vec<char> = dom.chars().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
