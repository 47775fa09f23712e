//! Integration tests for the document model (`consentlint::parse`).
//!
//! Every test asserts exact values and checks spans by slicing the source:
//! a block's span starts with the first character of its text and ends with
//! its last, and every word of a block maps back to that same word in the
//! source (modulo entities, escapes and markup between its characters).

use std::ops::Range;

use consentlint::document::{
    Block, BlockKind, CheckedState, Control, ControlKind, Document, LabelSource,
};
use consentlint::{parse, Format};

// ---------------------------------------------------------------- helpers

fn html(src: &str) -> Document {
    let doc = parse(src, Format::Html);
    check_doc(src, &doc, false);
    doc
}

fn md(src: &str) -> Document {
    let doc = parse(src, Format::Markdown);
    check_doc(src, &doc, true);
    doc
}

/// A few named references, enough for the tests (the oracle must not be the code under test).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    if !s.starts_with('&') {
        return None;
    }
    let end = s[1..].find(';')? + 1;
    if end > 12 {
        return None;
    }
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        char::from_u32(v)?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "aelig" => 'æ',
            "oslash" => 'ø',
            "aring" => 'å',
            "AElig" => 'Æ',
            "Oslash" => 'Ø',
            "Aring" => 'Å',
            "eacute" => 'é',
            "copy" => '©',
            "shy" => '\u{ad}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// Read raw source as a reader sees it: tags and comments dropped, entities decoded,
/// Markdown backslash escapes resolved, white space (NBSP included) collapsed.
/// In Markdown, inline markup characters are dropped (from the word too: see `plain`).
fn render_raw(raw: &str, markdown: bool) -> String {
    let mut out = String::new();
    let b = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let c = rest.chars().next().unwrap();
        if c == '<' {
            let next = rest[1..].chars().next();
            if matches!(next, Some(n) if n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?')
            {
                let close = if rest.starts_with("<!--") { "-->" } else { ">" };
                match rest.find(close) {
                    Some(e) => {
                        i += e + close.len();
                        continue;
                    }
                    None => break,
                }
            }
        }
        if c == '&' {
            if let Some((d, l)) = decode_entity(rest) {
                out.push(d);
                i += l;
                continue;
            }
        }
        if markdown && c == '\\' && i + 1 < b.len() && b[i + 1].is_ascii_punctuation() {
            out.push(b[i + 1] as char);
            i += 2;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    plain(&out, markdown)
}

fn plain(s: &str, markdown: bool) -> String {
    let s: String = if markdown {
        s.chars()
            .filter(|c| !matches!(c, '*' | '_' | '`' | '~' | '[' | ']'))
            .collect()
    } else {
        s.to_string()
    };
    collapse(&s)
}

fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first character the raw source stands for.
fn first_char(raw: &str, markdown: bool) -> Option<char> {
    if let Some((c, _)) = decode_entity(raw) {
        return Some(c);
    }
    if markdown && raw.starts_with('\\') && raw.len() > 1 {
        return raw[1..].chars().next();
    }
    raw.chars().next()
}

/// The last character the raw source stands for.
fn last_char(raw: &str) -> Option<char> {
    if raw.ends_with(';') {
        if let Some(amp) = raw.rfind('&') {
            if let Some((c, l)) = decode_entity(&raw[amp..]) {
                if amp + l == raw.len() {
                    return Some(c);
                }
            }
        }
    }
    raw.chars().next_back()
}

fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn valid_span(src: &str, sp: &Range<usize>, what: &str) {
    assert!(
        sp.start < sp.end && sp.end <= src.len(),
        "{what}: span {sp:?} out of bounds or empty (len {})",
        src.len()
    );
    assert!(
        src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end),
        "{what}: span {sp:?} not on char boundaries"
    );
}

/// The span contract for one block: its span and every word's span slice back to it.
fn check_block(src: &str, b: &Block, markdown: bool) {
    assert!(!b.text.is_empty(), "empty block {b:?}");
    assert_eq!(
        b.text.trim(),
        b.text,
        "block text not trimmed: {:?}",
        b.text
    );
    assert!(
        !b.text.contains("  "),
        "white space not collapsed: {:?}",
        b.text
    );
    valid_span(src, &b.span, &format!("block {:?}", b.text));
    assert_eq!(b.span, b.source_span(0..b.text.len()), "block {:?}", b.text);
    let raw = &src[b.span.clone()];
    assert_eq!(
        first_char(raw, markdown),
        b.text.chars().next(),
        "block {:?}: source {raw:?} does not start with its first char",
        b.text
    );
    assert_eq!(
        last_char(raw),
        b.text.chars().next_back(),
        "block {:?}: source {raw:?} does not end with its last char",
        b.text
    );
    for w in words(&b.text) {
        let word = &b.text[w.clone()];
        let sp = b.source_span(w.clone());
        valid_span(src, &sp, &format!("word {word:?} of {:?}", b.text));
        let raw = &src[sp.clone()];
        // verbatim (inline code may hold what looks like a tag), or rendered
        let rendered = if collapse(raw) == word {
            plain(word, markdown)
        } else {
            render_raw(raw, markdown)
        };
        assert_eq!(
            rendered,
            plain(word, markdown),
            "word {word:?} of block {:?} maps to {raw:?} at {sp:?}",
            b.text
        );
        assert!(
            sp.start >= b.span.start && sp.end <= b.span.end,
            "word {word:?} span {sp:?} outside block span {:?}",
            b.span
        );
    }
    for e in &b.emphasis {
        assert!(
            e.start < e.end && e.end <= b.text.len(),
            "bad emphasis {e:?} in {:?}",
            b.text
        );
        assert!(b.text.is_char_boundary(e.start) && b.text.is_char_boundary(e.end));
    }
}

fn check_doc(src: &str, doc: &Document, markdown: bool) {
    for b in &doc.blocks {
        check_block(src, b, markdown);
    }
    for w in doc.blocks.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "blocks out of reading order or overlapping: {:?} {:?} / {:?} {:?}",
            w[0].text,
            w[0].span,
            w[1].text,
            w[1].span
        );
    }
    for s in &doc.sections {
        let hb = &doc.blocks[s.heading_block];
        assert!(matches!(hb.kind, BlockKind::Heading(l) if l == s.level));
        assert_eq!(hb.span, s.span);
    }
    for c in &doc.controls {
        valid_span(src, &c.span, "control");
        match &c.checked {
            CheckedState::Checked(sp) | CheckedState::Template(sp) => {
                valid_span(src, sp, "checked span");
                if let CheckedState::Checked(sp) = &c.checked {
                    assert!(
                        sp.start >= c.span.start && sp.end <= c.span.end,
                        "checked span {sp:?} outside control {:?}",
                        c.span
                    );
                }
            }
            CheckedState::Unchecked => {}
        }
        if let Some(l) = &c.label {
            check_block(src, l, markdown);
        }
        if let Some(l) = &c.group_label {
            check_block(src, l, markdown);
        }
    }
    for c in &doc.comments {
        valid_span(src, &c.span, "comment");
        assert!(src[c.span.clone()].starts_with("<!--"));
        assert!(c.body.start >= c.span.start && c.body.end <= c.span.end);
    }
    for t in &doc.template_ranges {
        valid_span(src, t, "template range");
    }
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.blocks.iter().map(|b| b.text.as_str()).collect()
}

fn kinds_texts(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

fn block<'d>(doc: &'d Document, text: &str) -> &'d Block {
    doc.blocks
        .iter()
        .find(|b| b.text == text)
        .unwrap_or_else(|| panic!("no block {text:?} in {:?}", texts(doc)))
}

/// The source slice of the first occurrence of `needle` in block `b`'s text.
fn slice_of<'s>(src: &'s str, b: &Block, needle: &str) -> &'s str {
    let i = b
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", b.text));
    &src[b.source_span(i..i + needle.len())]
}

fn checked_slice<'s>(src: &'s str, c: &Control) -> &'s str {
    match &c.checked {
        CheckedState::Checked(sp) => &src[sp.clone()],
        other => panic!(
            "expected Checked, got {other:?} for {:?}",
            &src[c.span.clone()]
        ),
    }
}

fn template_slice<'s>(src: &'s str, c: &Control) -> &'s str {
    match &c.checked {
        CheckedState::Template(sp) => &src[sp.clone()],
        other => panic!(
            "expected Template, got {other:?} for {:?}",
            &src[c.span.clone()]
        ),
    }
}

fn label_text(c: &Control) -> Option<&str> {
    c.label.as_ref().map(|b| b.text.as_str())
}

fn label_slice<'s>(src: &'s str, c: &Control) -> &'s str {
    let l = c.label.as_ref().expect("a label");
    &src[l.span.clone()]
}

/// Texts of the elements matched by `selector` in html5ever's DOM, white space collapsed.
fn oracle(src: &str, selector: &str) -> Vec<String> {
    let dom = scraper::Html::parse_document(src);
    let sel = scraper::Selector::parse(selector).expect("selector");
    dom.select(&sel)
        .map(|e| collapse(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn model_texts(doc: &Document, pred: impl Fn(BlockKind) -> bool) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| pred(b.kind))
        .map(|b| collapse(&b.text))
        .collect()
}

fn run_with_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("parse overflowed or panicked on a 256 KiB stack")
}

// ---------------------------------------------------------------- HTML: repaired markup

#[test]
fn html_misnested_formatting_tags() {
    let src = "<p><b><i>x</b>y</i> z</p><p>a <strong>bold <em>and</strong> after</em> end</p>";
    let doc = html(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Paragraph, "xy z"),
            (BlockKind::Paragraph, "a bold and after end"),
        ]
    );
    let p0 = &doc.blocks[0];
    assert_eq!(p0.span, 9..21);
    assert_eq!(&src[p0.span.clone()], "x</b>y</i> z");
    assert_eq!(slice_of(src, p0, "xy"), "x</b>y");
    // only the `x` is inside <b>
    assert_eq!(p0.emphasis.to_vec(), vec![0..1]);
    let p1 = &doc.blocks[1];
    assert_eq!(p1.emphasis.to_vec(), vec![2..10]);
    assert_eq!(&p1.text[2..10], "bold and");
    assert_eq!(slice_of(src, p1, "and"), "and");
}

#[test]
fn html_unclosed_p_and_li() {
    let src = "<p>First para\n<p>Second para\n<ul>\n<li>one\n<li>two <b>bold</b>\n</ul>\n<p>Third";
    let doc = html(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Paragraph, "First para"),
            (BlockKind::Paragraph, "Second para"),
            (BlockKind::ListItem, "one"),
            (BlockKind::ListItem, "two bold"),
            (BlockKind::Paragraph, "Third"),
        ]
    );
    assert_eq!(&src[doc.blocks[0].span.clone()], "First para");
    assert_eq!(&src[doc.blocks[3].span.clone()], "two <b>bold");
    assert_eq!(&src[doc.blocks[4].span.clone()], "Third");
    assert_eq!(doc.blocks[4].span, src.len() - 5..src.len());
}

#[test]
fn html_table_repair() {
    let src = "<table>stray text<tr><td>a1<td>b &amp; c<tr><th>Head<td>d</table><p>after</p>";
    let doc = html(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Other, "stray text"),
            (BlockKind::TableCell, "a1"),
            (BlockKind::TableCell, "b & c"),
            (BlockKind::TableCell, "Head"),
            (BlockKind::TableCell, "d"),
            (BlockKind::Paragraph, "after"),
        ]
    );
    assert_eq!(&src[doc.blocks[2].span.clone()], "b &amp; c");
    assert_eq!(slice_of(src, &doc.blocks[2], "&"), "&amp;");
    // the browser's repair: text foster-parented before the table, cells in an implied tbody
    assert_eq!(oracle(src, "td, th"), vec!["a1", "b & c", "Head", "d"]);
    assert_eq!(oracle(src, "tbody > tr"), vec!["a1b & c", "Headd"]);
    assert_eq!(oracle(src, "body")[0], "stray texta1b & cHeaddafter");
}

#[test]
fn html_nested_form_texts() {
    let src =
        "<form><p>A <input type=checkbox name=a><form><p>B <input type=checkbox name=b></form>\
               <p>C <input type=checkbox name=c></form><p>D <input type=checkbox name=d>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["A", "B", "C", "D"]);
    assert_eq!(oracle(src, "p"), vec!["A", "B", "C", "D"]);
    let names: Vec<_> = doc.controls.iter().map(|c| c.name.as_deref()).collect();
    assert_eq!(names, vec![Some("a"), Some("b"), Some("c"), Some("d")]);
}

#[test]
fn html_nested_form_owner() {
    let src =
        "<form><p>A <input type=checkbox name=a><form><p>B <input type=checkbox name=b></form>\
               <p>C <input type=checkbox name=c></form><p>D <input type=checkbox name=d>";
    let doc = html(src);
    // A nested <form> start tag is ignored by the tree builder; the first </form> ends the
    // one form (html5ever removes it from the stack), so `c` and `d` have no form.
    let dom = scraper::Html::parse_document(src);
    let forms = scraper::Selector::parse("form").unwrap();
    assert_eq!(dom.select(&forms).count(), 1);
    let in_form = scraper::Selector::parse("form input").unwrap();
    let names_in_form: Vec<_> = dom
        .select(&in_form)
        .map(|e| e.value().attr("name").unwrap())
        .collect();
    assert_eq!(names_in_form, vec!["a", "b"]);
    let forms: Vec<_> = doc.controls.iter().map(|c| c.form).collect();
    assert_eq!(forms, vec![Some(0), Some(0), None, None]);
}

#[test]
fn html_stray_end_tags() {
    let src = "</div></span></li><p>a</span>b</p></p></td></tr></table><p>c</form>d</br>e</p></body></html><p>f";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["ab", "cd e", "f"]);
    assert_eq!(&src[doc.blocks[0].span.clone()], "a</span>b");
    assert_eq!(&src[doc.blocks[1].span.clone()], "c</form>d</br>e");
    assert_eq!(slice_of(src, &doc.blocks[1], "e"), "e");
    assert_eq!(slice_of(src, &doc.blocks[2], "f"), "f");
    assert_eq!(oracle(src, "p"), vec!["ab", "cde", "f"]);
}

#[test]
fn html_oracle_block_texts() {
    let docs = [
        "<p><b><i>x</b>y</i> z</p><p>Tom &amp; Jerry &aelig;ble &oslash; &#229;&nbsp;s</p>",
        "<p>one<p>two<ul><li>a<li>b <i>c</i></ul><p>three<ol><li>x</ol>",
        "<h1>Title</h1><h2>27. Diverse</h2><p>Body <a href='#'>link</a> text</p>",
        "<div><p>in div</p></div><blockquote><p>quoted &quot;q&quot;</p></blockquote>",
        "<table><tr><td>a<td>b</tr><tr><td>c</table>",
        "<p>  lots \n\n of\t\t white   space  </p><p>\u{e6}bler og p\u{e6}rer</p>",
    ];
    for src in docs {
        let doc = html(src);
        for (sel, pred) in [
            (
                "p",
                (|k| k == BlockKind::Paragraph) as fn(BlockKind) -> bool,
            ),
            ("li", |k| k == BlockKind::ListItem),
            ("td, th", |k| k == BlockKind::TableCell),
            ("h1, h2, h3, h4, h5, h6", |k| {
                matches!(k, BlockKind::Heading(_))
            }),
        ] {
            assert_eq!(
                model_texts(&doc, pred),
                oracle(src, sel),
                "selector {sel:?} in {src:?}"
            );
        }
    }
}

// ---------------------------------------------------------------- HTML: skipped content

#[test]
fn html_script_style_not_read() {
    let src = "<head><title>Page title</title><style>p { content: '<input type=checkbox checked>'; }</style></head>\
               <body><script>var s = '<p>not text</p><input type=\"checkbox\" checked>'; if (a < b) {}</script>\
               <!-- consentlint-disable-next vague-purpose -- reason -->\
               <p>Visible</p></body>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["Visible"]);
    assert!(
        doc.controls.is_empty(),
        "controls read from script/style: {:?}",
        doc.controls
            .iter()
            .map(|c| &src[c.span.clone()])
            .collect::<Vec<_>>()
    );
    assert_eq!(doc.comments.len(), 1);
    let c = &doc.comments[0];
    let start = src.find("<!--").unwrap();
    let end = src.find("-->").unwrap() + 3;
    assert_eq!(c.span, start..end);
    assert_eq!(
        &src[c.span.clone()],
        "<!-- consentlint-disable-next vague-purpose -- reason -->"
    );
    assert_eq!(
        &src[c.body.clone()],
        " consentlint-disable-next vague-purpose -- reason "
    );
}

#[test]
fn html_template_element_is_read() {
    // `<template>` content is what script stamps into the page (and a Vue single-file
    // component is one big `<template>`): it is read like any other content, so a
    // pre-ticked box a component renders is found.
    let src = "<template id=\"row\"><label><input type=\"checkbox\" name=\"tpl\" checked> In template</label>\
               <p>tpl text</p><!-- kept --></template><p>Visible</p>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["In template", "tpl text", "Visible"]);
    let ctrls: Vec<_> = doc.controls.iter().map(|c| &src[c.span.clone()]).collect();
    assert_eq!(
        ctrls,
        vec!["<input type=\"checkbox\" name=\"tpl\" checked>"]
    );
    assert_eq!(
        doc.controls[0].label.as_ref().map(|b| b.text.as_str()),
        Some("In template")
    );
    let cs: Vec<_> = doc.comments.iter().map(|c| &src[c.span.clone()]).collect();
    assert_eq!(cs, vec!["<!-- kept -->"]);
}

#[test]
fn html_comment_in_script_is_not_a_comment() {
    let src = "<script>/* <!-- not a comment --> */</script><p>x<!--c1-->y</p><!---->";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["xy"]);
    let cs: Vec<_> = doc.comments.iter().map(|c| &src[c.span.clone()]).collect();
    assert_eq!(cs, vec!["<!--c1-->", "<!---->"]);
    assert_eq!(&src[doc.comments[0].body.clone()], "c1");
    assert_eq!(&src[doc.blocks[0].span.clone()], "x<!--c1-->y");
}

// ---------------------------------------------------------------- HTML: characters

#[test]
fn html_entities() {
    let src = "<p>Tom &amp; Jerry &aelig;ble &oslash;l &#229;l&nbsp;end &#xE6;x &lt;tag&gt;</p>";
    let doc = html(src);
    let b = &doc.blocks[0];
    assert_eq!(b.text, "Tom & Jerry æble øl ål end æx <tag>");
    assert_eq!(slice_of(src, b, "&"), "&amp;");
    assert_eq!(slice_of(src, b, "æble"), "&aelig;ble");
    assert_eq!(slice_of(src, b, "øl"), "&oslash;l");
    assert_eq!(slice_of(src, b, "ål"), "&#229;l");
    assert_eq!(slice_of(src, b, "ål end"), "&#229;l&nbsp;end");
    assert_eq!(slice_of(src, b, "æx"), "&#xE6;x");
    assert_eq!(slice_of(src, b, "<tag>"), "&lt;tag&gt;");
    assert_eq!(
        &src[b.span.clone()],
        "Tom &amp; Jerry &aelig;ble &oslash;l &#229;l&nbsp;end &#xE6;x &lt;tag&gt;"
    );
    assert_eq!(oracle(src, "p"), vec![b.text.clone()]);
    // a span never ends inside an entity
    let amp = b.text.find('&').unwrap();
    assert_eq!(&src[b.source_span(0..amp + 1)], "Tom &amp;");
}

#[test]
fn html_entity_at_block_edges() {
    let src = "<p>&aelig;</p><p>&nbsp;x&nbsp;</p><li>&oslash; og &aring;</li>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["æ", "x", "ø og å"]);
    assert_eq!(&src[doc.blocks[0].span.clone()], "&aelig;");
    assert_eq!(&src[doc.blocks[1].span.clone()], "x");
    assert_eq!(&src[doc.blocks[2].span.clone()], "&oslash; og &aring;");
}

#[test]
fn html_whitespace_collapsing() {
    let src = "<div>\n  <p>\n    Several   words\n\t over \r\n  lines\u{a0} here \n  </p>\n</div>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["Several words over lines here"]);
    let b = &doc.blocks[0];
    assert_eq!(
        &src[b.span.clone()],
        "Several   words\n\t over \r\n  lines\u{a0} here"
    );
    assert_eq!(slice_of(src, b, "words over"), "words\n\t over");
    assert_eq!(slice_of(src, b, "lines here"), "lines\u{a0} here");
}

#[test]
fn html_br() {
    let src = "<p>line one<br>line two<br/>line three<br />x</p><p>a <br> b</p>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["line one line two line three x", "a b"]);
    let b = &doc.blocks[0];
    assert_eq!(slice_of(src, b, "one line"), "one<br>line");
    assert_eq!(slice_of(src, b, "three x"), "three<br />x");
    assert_eq!(slice_of(src, &doc.blocks[1], "a b"), "a <br> b");
}

#[test]
fn html_utf8_bom() {
    let src = "\u{feff}<h1>Vilkår</h1>\n<p>Første &aelig;ble</p>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["Vilkår", "Første æble"]);
    assert_eq!(doc.blocks[0].span, 7..14);
    assert_eq!(&src[doc.blocks[0].span.clone()], "Vilkår");
    assert_eq!(doc.sections[0].span, 7..14);
    assert_eq!(&src[doc.blocks[1].span.clone()], "Første &aelig;ble");
    let src2 = "\u{feff}<input type=\"checkbox\" checked> <!--c-->";
    let doc2 = html(src2);
    assert_eq!(doc2.controls[0].span, 3..34);
    assert_eq!(checked_slice(src2, &doc2.controls[0]), "checked");
    assert_eq!(doc2.comments[0].span, 35..43);
}

#[test]
fn html_crlf() {
    let src = "<h2>27.\r\nDiverse</h2>\r\n<p>First\r\nline\r\n\r\nsame para</p>\r\n<label>\r\n<input type=\"checkbox\"\r\n checked>\r\nYes\r\n</label>";
    let doc = html(src);
    assert_eq!(
        texts(&doc),
        vec!["27. Diverse", "First line same para", "Yes"]
    );
    assert_eq!(doc.sections[0].number.as_deref(), Some("27."));
    assert_eq!(doc.sections[0].title, "Diverse");
    assert_eq!(
        slice_of(src, &doc.blocks[1], "line same"),
        "line\r\n\r\nsame"
    );
    let c = &doc.controls[0];
    assert_eq!(checked_slice(src, c), "checked");
    assert_eq!(
        &src[c.span.clone()],
        "<input type=\"checkbox\"\r\n checked>"
    );
    assert_eq!(label_text(c), Some("Yes"));
    assert_eq!(label_slice(src, c), "Yes");
}

// ---------------------------------------------------------------- HTML: controls

#[test]
fn html_checked_spellings() {
    let src = concat!(
        r#"<input type="checkbox" name="a" checked>"#,
        r#"<input type="checkbox" name="b" checked="">"#,
        r#"<input type="checkbox" name="c" checked="false">"#,
        r#"<input type=checkbox name=d checked=checked>"#,
        r#"<input type="radio" name="e" value="1" CHECKED>"#,
        r#"<input type="checkbox" name="f">"#,
        r#"<input type="checkbox" name="g" checked='checked' />"#,
        r#"<input type="text" name="h" checked>"#,
        r#"<input type="checkbox" name="i" data-checked="true" aria-checked="false">"#,
    );
    let doc = html(src);
    let names: Vec<_> = doc
        .controls
        .iter()
        .map(|c| c.name.clone().unwrap())
        .collect();
    assert_eq!(names, vec!["a", "b", "c", "d", "e", "f", "g", "i"]);
    let kinds: Vec<_> = doc.controls.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ControlKind::Checkbox,
            ControlKind::Checkbox,
            ControlKind::Checkbox,
            ControlKind::Checkbox,
            ControlKind::Radio,
            ControlKind::Checkbox,
            ControlKind::Checkbox,
            ControlKind::Checkbox,
        ]
    );
    assert_eq!(checked_slice(src, &doc.controls[0]), "checked");
    assert_eq!(checked_slice(src, &doc.controls[1]), "checked=\"\"");
    assert_eq!(checked_slice(src, &doc.controls[2]), "checked=\"false\"");
    assert_eq!(checked_slice(src, &doc.controls[3]), "checked=checked");
    assert_eq!(checked_slice(src, &doc.controls[4]), "CHECKED");
    assert_eq!(doc.controls[4].value.as_deref(), Some("1"));
    assert_eq!(doc.controls[5].checked, CheckedState::Unchecked);
    assert_eq!(checked_slice(src, &doc.controls[6]), "checked='checked'");
    assert_eq!(doc.controls[7].checked, CheckedState::Unchecked);
    for c in &doc.controls {
        let s = &src[c.span.clone()];
        assert!(s.starts_with("<input") && s.ends_with('>'), "{s:?}");
    }
    assert_eq!(
        &src[doc.controls[3].span.clone()],
        "<input type=checkbox name=d checked=checked>"
    );
}

#[test]
fn html_select_options() {
    let src = r#"<label for="country">Country</label><select id="country" name="c"><option value="dk">Danmark<option value="se" selected>Sverige</option><optgroup label="x"><option selected="selected">Norge</select>"#;
    let doc = html(src);
    assert_eq!(doc.controls.len(), 3);
    for c in &doc.controls {
        assert_eq!(c.kind, ControlKind::Option);
        assert_eq!(c.label_source, LabelSource::Own);
        assert!(src[c.span.clone()].starts_with("<option"));
    }
    let labels: Vec<_> = doc
        .controls
        .iter()
        .map(|c| label_text(c).unwrap())
        .collect();
    assert_eq!(labels, vec!["Danmark", "Sverige", "Norge"]);
    assert_eq!(label_slice(src, &doc.controls[1]), "Sverige");
    assert_eq!(doc.controls[0].checked, CheckedState::Unchecked);
    assert_eq!(checked_slice(src, &doc.controls[1]), "selected");
    assert_eq!(
        checked_slice(src, &doc.controls[2]),
        "selected=\"selected\""
    );
    assert_eq!(doc.controls[1].value.as_deref(), Some("se"));
    for c in &doc.controls {
        assert_eq!(
            c.group_label.as_ref().map(|b| b.text.as_str()),
            Some("Country")
        );
    }
}

#[test]
fn html_aria_switch_and_checkbox() {
    let src = concat!(
        r#"<div role="switch" aria-checked="true" tabindex="0">Send me offers</div>"#,
        r#"<span role="checkbox" aria-checked="false" aria-label="Share with partners"></span>"#,
        r#"<button role="switch" aria-checked="TRUE" aria-labelledby="lbl"></button><p id="lbl">SMS &amp; e-mail</p>"#,
        r#"<input type="checkbox" role="switch" name="sw" checked>"#,
        r#"<div role="checkbox" aria-checked = 'true'>Profiling</div>"#,
    );
    let doc = html(src);
    let kinds: Vec<_> = doc.controls.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ControlKind::Switch,
            ControlKind::AriaCheckbox,
            ControlKind::Switch,
            ControlKind::Switch,
            ControlKind::AriaCheckbox,
        ]
    );
    let c = &doc.controls;
    assert_eq!(checked_slice(src, &c[0]), r#"aria-checked="true""#);
    assert_eq!(label_text(&c[0]), Some("Send me offers"));
    assert_eq!(c[0].label_source, LabelSource::Own);
    assert_eq!(c[1].checked, CheckedState::Unchecked);
    assert_eq!(label_text(&c[1]), Some("Share with partners"));
    assert_eq!(c[1].label_source, LabelSource::AriaLabel);
    assert_eq!(label_slice(src, &c[1]), "Share with partners");
    assert_eq!(checked_slice(src, &c[2]), r#"aria-checked="TRUE""#);
    assert_eq!(label_text(&c[2]), Some("SMS & e-mail"));
    assert_eq!(c[2].label_source, LabelSource::AriaLabelledBy);
    assert_eq!(label_slice(src, &c[2]), "SMS &amp; e-mail");
    assert_eq!(checked_slice(src, &c[3]), "checked");
    assert_eq!(checked_slice(src, &c[4]), "aria-checked = 'true'");
    assert_eq!(label_text(&c[4]), Some("Profiling"));
}

#[test]
fn html_jsx_default_checked() {
    let src = concat!(
        r#"<label><input type="checkbox" name="a" defaultChecked /> Newsletter</label>"#,
        r#"<label><input type="checkbox" name="b" defaultChecked={true} /> Offers</label>"#,
        r#"<label><input type="checkbox" name="c" defaultChecked={false} /> Partners</label>"#,
    );
    let doc = html(src);
    assert_eq!(doc.controls.len(), 3);
    assert_eq!(checked_slice(src, &doc.controls[0]), "defaultChecked");
    assert_eq!(
        checked_slice(src, &doc.controls[1]),
        "defaultChecked={true}"
    );
    assert_eq!(doc.controls[2].checked, CheckedState::Unchecked);
    let labels: Vec<_> = doc
        .controls
        .iter()
        .map(|c| label_text(c).unwrap())
        .collect();
    assert_eq!(labels, vec!["Newsletter", "Offers", "Partners"]);
}

#[test]
fn html_jsx_checked_expression_false() {
    // `checked={false}` is JSX (a brace value is never plain HTML authoring): an unticked,
    // controlled box. `checked={true}` and `checked={x}` stay checked.
    let src = concat!(
        r#"<label><input type="checkbox" name="d" checked={false} onChange={f} /> Controlled</label>"#,
        r#"<label><input type="checkbox" name="e" checked={true} onChange={f} /> On</label>"#,
    );
    let doc = html(src);
    assert_eq!(doc.controls.len(), 2);
    assert_eq!(doc.controls[0].checked, CheckedState::Unchecked);
    assert_eq!(checked_slice(src, &doc.controls[1]), "checked={true}");
}

#[test]
fn html_label_for_before_and_after() {
    let src = concat!(
        "<form>",
        r#"<label for="news">Send me the <b>newsletter</b></label>"#,
        "<p>Some unrelated text.</p>",
        r#"<input type="checkbox" id="news" name="news" checked>"#,
        r#"<input type="checkbox" id="sms" name="sms">"#,
        "<p>More unrelated text.</p>",
        r#"<label for="sms">SMS &amp; calls</label>"#,
        "</form>",
    );
    let doc = html(src);
    assert_eq!(doc.controls.len(), 2);
    let (a, b) = (&doc.controls[0], &doc.controls[1]);
    assert_eq!(a.label_source, LabelSource::LabelFor);
    assert_eq!(label_text(a), Some("Send me the newsletter"));
    assert_eq!(label_slice(src, a), "Send me the <b>newsletter");
    assert_eq!(a.id.as_deref(), Some("news"));
    assert_eq!(a.form, Some(0));
    assert_eq!(b.label_source, LabelSource::LabelFor);
    assert_eq!(label_text(b), Some("SMS & calls"));
    assert_eq!(label_slice(src, b), "SMS &amp; calls");
    let l = b.label.as_ref().unwrap();
    assert_eq!(slice_of(src, l, "&"), "&amp;");
    // the label texts are blocks of the document too
    assert_eq!(block(&doc, "SMS & calls").kind, BlockKind::Label);
}

#[test]
fn html_wrapping_label() {
    let src = "<label class=\"opt\">\n  <input type=\"checkbox\" name=\"offers\" required>\n  Yes, send me <strong>offers</strong> by e-mail\n</label>";
    let doc = html(src);
    let c = &doc.controls[0];
    assert_eq!(c.label_source, LabelSource::WrappingLabel);
    assert_eq!(label_text(c), Some("Yes, send me offers by e-mail"));
    assert_eq!(
        label_slice(src, c),
        "Yes, send me <strong>offers</strong> by e-mail"
    );
    assert!(c.required);
    assert_eq!(c.checked, CheckedState::Unchecked);
    let lb = block(&doc, "Yes, send me offers by e-mail");
    assert_eq!(lb.kind, BlockKind::Label);
    assert_eq!(lb.emphasis.to_vec(), vec![13..19]);
}

#[test]
fn html_aria_label_and_labelledby_later() {
    let src = concat!(
        r#"<input type="checkbox" name="a" aria-label="Del med &aelig;gte partnere">"#,
        r#"<input type="checkbox" name="b" aria-labelledby="missing later-one">"#,
        "<p>Filler paragraph between them.</p>",
        r#"<div id="later-one">Text defined <i>later</i> in the page</div>"#,
    );
    let doc = html(src);
    let (a, b) = (&doc.controls[0], &doc.controls[1]);
    assert_eq!(a.label_source, LabelSource::AriaLabel);
    assert_eq!(label_text(a), Some("Del med ægte partnere"));
    assert_eq!(label_slice(src, a), "Del med &aelig;gte partnere");
    assert_eq!(b.label_source, LabelSource::AriaLabelledBy);
    assert_eq!(label_text(b), Some("Text defined later in the page"));
    assert_eq!(label_slice(src, b), "Text defined <i>later</i> in the page");
}

#[test]
fn html_legend_group_label() {
    let src = concat!(
        "<fieldset><legend>Marketing <b>choices</b></legend>",
        r#"<label><input type="radio" name="m" value="y" checked> Yes</label>"#,
        r#"<label><input type="radio" name="m" value="n"> No</label>"#,
        "</fieldset>",
        r#"<label><input type="checkbox" name="outside"> Outside</label>"#,
    );
    let doc = html(src);
    assert_eq!(doc.controls.len(), 3);
    for c in &doc.controls[..2] {
        let g = c.group_label.as_ref().expect("group label");
        assert_eq!(g.text, "Marketing choices");
        assert_eq!(&src[g.span.clone()], "Marketing <b>choices");
        assert_eq!(c.kind, ControlKind::Radio);
    }
    assert!(doc.controls[2].group_label.is_none());
    assert_eq!(label_text(&doc.controls[0]), Some("Yes"));
    assert_eq!(label_text(&doc.controls[1]), Some("No"));
    assert_eq!(checked_slice(src, &doc.controls[0]), "checked");
    assert_eq!(block(&doc, "Marketing choices").kind, BlockKind::Label);
}

#[test]
fn html_adjacent_text_and_preceding_label() {
    let src = concat!(
        r#"<p><input type="checkbox" name="a" checked> I want the <em>weekly</em> newsletter</p>"#,
        r#"<div><label>Receive SMS offers</label><input type="checkbox" name="b"></div>"#,
    );
    let doc = html(src);
    let c = &doc.controls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].label_source, LabelSource::Adjacent);
    assert_eq!(label_text(&c[0]), Some("I want the weekly newsletter"));
    assert_eq!(
        label_slice(src, &c[0]),
        "I want the <em>weekly</em> newsletter"
    );
    assert_eq!(c[1].label_source, LabelSource::Adjacent);
    assert_eq!(label_text(&c[1]), Some("Receive SMS offers"));
    assert_eq!(label_slice(src, &c[1]), "Receive SMS offers");
}

#[test]
fn html_adjacent_text_before_control_at_block_end() {
    let src =
        r#"<p>Tick to share &amp; profile: <input type="checkbox" name="c"></p><p>Unrelated.</p>"#;
    let doc = html(src);
    let c = &doc.controls[0];
    assert_eq!(c.label_source, LabelSource::Adjacent);
    assert_eq!(label_text(c), Some("Tick to share & profile:"));
    assert_eq!(label_slice(src, c), "Tick to share &amp; profile:");
}

#[test]
fn html_label_text_across_block_elements() {
    // block boundaries inside a label's element are word boundaries of the label text
    let src = concat!(
        r#"<label><input type="checkbox" name="a"><p>Send me</p><p>offers</p></label>"#,
        r#"<div role="checkbox" aria-checked="true"><div>Newsletter</div><div>Weekly offers</div></div>"#,
        r#"<input type="checkbox" name="b" aria-labelledby="desc"><div id="desc"><h4>Partners</h4><p>We share data</p></div>"#,
    );
    let doc = html(src);
    let labels: Vec<_> = doc
        .controls
        .iter()
        .map(|c| label_text(c).unwrap())
        .collect();
    assert_eq!(
        labels,
        vec![
            "Send me offers",
            "Newsletter Weekly offers",
            "Partners We share data"
        ]
    );
    assert_eq!(label_slice(src, &doc.controls[0]), "Send me</p><p>offers");
}

#[test]
fn html_hidden_disabled_required() {
    let src = concat!(
        r#"<div style="display: none"><input type="checkbox" name="a" checked></div>"#,
        r#"<input type="checkbox" name="b" hidden disabled>"#,
        r#"<input type="checkbox" name="c" aria-required="true">"#,
        r#"<input type="checkbox" name="d" style="visibility:hidden" required>"#,
    );
    let doc = html(src);
    let flags: Vec<_> = doc
        .controls
        .iter()
        .map(|c| (c.hidden, c.disabled, c.required))
        .collect();
    assert_eq!(
        flags,
        vec![
            (true, false, false),
            (true, true, false),
            (false, false, true),
            (true, false, true),
        ]
    );
}

// ---------------------------------------------------------------- HTML: templates

#[test]
fn html_template_conditional_checked() {
    let src = r#"<label><input type="checkbox" name="news" {% if user.news %} checked {% endif %}> Newsletter</label>"#;
    let doc = html(src);
    let c = &doc.controls[0];
    assert_eq!(
        template_slice(src, c),
        "{% if user.news %} checked {% endif %}"
    );
    assert_eq!(label_text(c), Some("Newsletter"));
    let tr: Vec<_> = doc
        .template_ranges
        .iter()
        .map(|r| &src[r.clone()])
        .collect();
    assert_eq!(tr, vec!["{% if user.news %}", "{% endif %}"]);
}

#[test]
fn html_template_php_echo_checked() {
    let src = r#"<label><input type="checkbox" name="news" <?php echo 'checked'; ?>> Nyhedsbrev</label><label><input type="checkbox" name="p" <?php echo $x; ?>> Andet</label>"#;
    let doc = html(src);
    assert_eq!(doc.controls.len(), 2);
    assert_eq!(
        template_slice(src, &doc.controls[0]),
        "<?php echo 'checked'; ?>"
    );
    assert_eq!(doc.controls[1].checked, CheckedState::Unchecked);
    assert_eq!(label_text(&doc.controls[0]), Some("Nyhedsbrev"));
    assert_eq!(
        &src[doc.controls[0].span.clone()],
        r#"<input type="checkbox" name="news" <?php echo 'checked'; ?>>"#
    );
}

#[test]
fn html_template_expression_masked() {
    let src = "<p>Hej {{ user.name }}, velkommen til {{ shop }}.</p><p>{{ intro }}</p><p>Slut</p>";
    let doc = html(src);
    assert_eq!(texts(&doc), vec!["Hej , velkommen til .", "Slut"]);
    let b = &doc.blocks[0];
    assert_eq!(
        &src[b.span.clone()],
        "Hej {{ user.name }}, velkommen til {{ shop }}."
    );
    assert_eq!(slice_of(src, b, "velkommen til"), "velkommen til");
    assert_eq!(slice_of(src, b, "Hej"), "Hej");
    assert_eq!(&src[doc.blocks[1].span.clone()], "Slut");
    let tr: Vec<_> = doc
        .template_ranges
        .iter()
        .map(|r| &src[r.clone()])
        .collect();
    assert_eq!(tr, vec!["{{ user.name }}", "{{ shop }}", "{{ intro }}"]);
}

#[test]
fn html_php_block_over_blank_lines() {
    let src = "<?php\n/* header */\n\nif ($x) {\n\n  echo '<input type=\"checkbox\" checked><p>php text</p>';\n}\n?>\n<p>After the &aelig; block</p>";
    let doc = html(src);
    // the markup PHP prints is read in place (#13); its box is ticked only on the `if`
    // branch, so its state is the template's
    assert_eq!(doc.controls.len(), 1);
    assert_eq!(
        doc.controls[0].checked,
        CheckedState::Template(src.find("checked").unwrap()..src.find("checked").unwrap() + 7)
    );
    assert_eq!(texts(&doc), vec!["php text", "After the æ block"]);
    let tr: Vec<_> = doc
        .template_ranges
        .iter()
        .map(|r| &src[r.clone()])
        .collect();
    assert_eq!(
        tr,
        vec!["<?php\n/* header */\n\nif ($x) {\n\n  echo '", "';\n}\n?>"]
    );
    assert_eq!(&src[doc.blocks[0].span.clone()], "php text");
    assert_eq!(&src[doc.blocks[1].span.clone()], "After the &aelig; block");
}

// ---------------------------------------------------------------- HTML: sections, numbers, main

#[test]
fn html_sections_and_numbers() {
    let src = concat!(
        "<h1>Handelsbetingelser</h1><p>Intro.</p>",
        "<h2>27. Diverse</h2><p>Misc.</p>",
        "<h2>§ 4 Samtykke</h2>",
        "<h3>4.2 Marketing</h3><p>We send offers.</p>",
        "<h2>Punkt 12 Persondata</h2><p>Data.</p>",
        "<h6>Fine print</h6>",
    );
    let doc = html(src);
    let secs: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.level, s.number.as_deref(), s.title.as_str(), s.parent))
        .collect();
    assert_eq!(
        secs,
        vec![
            (1, None, "Handelsbetingelser", None),
            (2, Some("27."), "Diverse", Some(0)),
            (2, Some("§ 4"), "Samtykke", Some(0)),
            (3, Some("4.2"), "Marketing", Some(2)),
            (2, Some("Punkt 12"), "Persondata", Some(0)),
            (6, None, "Fine print", Some(4)),
        ]
    );
    assert_eq!(block(&doc, "Intro.").section, Some(0));
    assert_eq!(block(&doc, "Misc.").section, Some(1));
    assert_eq!(block(&doc, "We send offers.").section, Some(3));
    assert_eq!(block(&doc, "Data.").section, Some(4));
    assert_eq!(block(&doc, "§ 4 Samtykke").kind, BlockKind::Heading(2));
    assert_eq!(&src[doc.sections[2].span.clone()], "§ 4 Samtykke");
    let d = block(&doc, "We send offers.");
    assert_eq!(doc.section_of(d).unwrap().title, "Marketing");
}

#[test]
fn html_ol_start_numbers() {
    let src = concat!(
        r#"<ol start="27"><li>Diverse<li>Lovvalg</li><li value="40">Forty<li>Forty-one</ol>"#,
        r#"<ol type="a"><li>first<li>second</ol>"#,
        r#"<ul><li>bullet</ul>"#,
        r#"<ol><li>plain</ol>"#,
    );
    let doc = html(src);
    let nums: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.number.as_deref()))
        .collect();
    assert_eq!(
        nums,
        vec![
            ("Diverse", Some("27.")),
            ("Lovvalg", Some("28.")),
            ("Forty", Some("40.")),
            ("Forty-one", Some("41.")),
            ("first", Some("a.")),
            ("second", Some("b.")),
            ("bullet", None),
            ("plain", Some("1.")),
        ]
    );
}

#[test]
fn html_nav_footer_cookie_banner_not_main() {
    let src = concat!(
        r#"<header><a href="/">Shop</a></header>"#,
        r#"<nav><ul><li><a href="/a">Home</a></li></ul></nav>"#,
        r#"<div id="cookie-banner"><p>We use cookies.</p></div>"#,
        r#"<div class="onetrust-pc"><p>Manage preferences.</p></div>"#,
        "<h1>Terms</h1><p>Body text.</p>",
        r#"<aside><p>Aside.</p></aside>"#,
        r#"<div role="contentinfo"><p>Role footer.</p></div>"#,
        "<footer><p>© 2025 Shop</p></footer>",
    );
    let doc = html(src);
    let mains: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.main))
        .collect();
    assert_eq!(
        mains,
        vec![
            ("Shop", false),
            ("Home", false),
            ("We use cookies.", false),
            ("Manage preferences.", false),
            ("Terms", true),
            ("Body text.", true),
            ("Aside.", false),
            ("Role footer.", false),
            ("© 2025 Shop", false),
        ]
    );
    assert_eq!(doc.main_words, 3);
    assert_eq!(block(&doc, "Body text.").word_offset, 1);
}

#[test]
fn html_main_element_excludes_outside() {
    let body: String = (0..60).map(|i| format!("word{i} ")).collect();
    let src = format!(
        "<div><p>Before main.</p></div><main><h1>Terms</h1><p>{}</p><form><label><input type=checkbox name=in> Inside</label></form></main><div><p>After main.</p><label><input type=checkbox name=out> Outside</label></div>",
        body.trim()
    );
    let doc = html(&src);
    let mains: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.split(' ').next().unwrap(), b.main))
        .collect();
    assert_eq!(
        mains,
        vec![
            ("Before", false),
            ("Terms", true),
            ("word0", true),
            ("Inside", true),
            ("After", false),
            ("Outside", false),
        ]
    );
    let cm: Vec<_> = doc
        .controls
        .iter()
        .map(|c| (c.name.as_deref().unwrap(), c.main))
        .collect();
    assert_eq!(doc.main_words, 1 + 60 + 1);
    // controls outside <main> are not main either
    assert_eq!(cm, vec![("in", true), ("out", false)]);
}

#[test]
fn html_lang_attributes() {
    let src = r#"<html lang="da"><body><p>Dansk tekst</p><p lang="en">English text</p><div lang="sv"><label><input type="checkbox"> Svensk</label></div></body></html>"#;
    let doc = html(src);
    assert_eq!(doc.declared_lang.as_deref(), Some("da"));
    let langs: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.declared_lang.as_deref()))
        .collect();
    assert_eq!(
        langs,
        vec![
            ("Dansk tekst", Some("da")),
            ("English text", Some("en")),
            ("Svensk", Some("sv")),
        ]
    );
    assert_eq!(doc.controls[0].declared_lang.as_deref(), Some("sv"));
}

// ---------------------------------------------------------------- Markdown

#[test]
fn md_headings_and_sections() {
    let src = "# Handelsbetingelser\n\nIntro.\n\n## 27. Diverse\n\nMisc.\n\n## § 4 Samtykke\n\n### 4.2 Marketing\n\nOffers.\n\nSetext Punkt 12 no\n---\n\n## Punkt 12 Persondata\n";
    let doc = md(src);
    let secs: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.level, s.number.as_deref(), s.title.as_str(), s.parent))
        .collect();
    assert_eq!(
        secs,
        vec![
            (1, None, "Handelsbetingelser", None),
            (2, Some("27."), "Diverse", Some(0)),
            (2, Some("§ 4"), "Samtykke", Some(0)),
            (3, Some("4.2"), "Marketing", Some(2)),
            (2, None, "Setext Punkt 12 no", Some(0)),
            (2, Some("Punkt 12"), "Persondata", Some(0)),
        ]
    );
    assert_eq!(&src[doc.sections[1].span.clone()], "27. Diverse");
    assert_eq!(block(&doc, "Offers.").section, Some(3));
    assert_eq!(block(&doc, "Misc.").section, Some(1));
    assert_eq!(block(&doc, "Intro.").kind, BlockKind::Paragraph);
}

#[test]
fn md_inline_markup_maps_exactly() {
    let src =
        "Some **bold** and _em_ with [a link](http://example.com/x) and `code` here &amp; there.\n";
    let doc = md(src);
    let b = &doc.blocks[0];
    assert_eq!(
        b.text,
        "Some bold and em with a link and code here & there."
    );
    assert_eq!(b.kind, BlockKind::Paragraph);
    assert_eq!(&src[b.span.clone()], src.trim_end());
    assert_eq!(slice_of(src, b, "bold"), "bold");
    assert_eq!(slice_of(src, b, "em"), "em");
    assert_eq!(slice_of(src, b, "a link"), "a link");
    assert_eq!(slice_of(src, b, "code"), "code");
    assert_eq!(slice_of(src, b, "&"), "&amp;");
    assert_eq!(slice_of(src, b, "bold and em"), "bold** and _em");
}

#[test]
fn md_emphasis_ranges() {
    let src = "Before **strong part** middle __also strong__ and *just em* end.\n";
    let doc = md(src);
    let b = &doc.blocks[0];
    assert_eq!(
        b.text,
        "Before strong part middle also strong and just em end."
    );
    let em: Vec<_> = b.emphasis.iter().map(|r| &b.text[r.clone()]).collect();
    assert_eq!(em, vec!["strong part", "also strong"]);
    assert_eq!(b.emphasis[0], 7..18);
    assert!(b.is_emphasised(&(7..13)));
    assert!(!b.is_emphasised(&(0..6)));
}

#[test]
fn md_backslash_escapes() {
    let src = "Price \\*not em\\* and 5 \\> 3 \\_x\\_ \\\\ end\n";
    let doc = md(src);
    let b = &doc.blocks[0];
    assert_eq!(b.text, "Price *not em* and 5 > 3 _x_ \\ end");
    assert_eq!(slice_of(src, b, "*not"), "\\*not");
    assert_eq!(slice_of(src, b, "em*"), "em\\*");
    assert_eq!(slice_of(src, b, ">"), "\\>");
    assert_eq!(slice_of(src, b, "_x_"), "\\_x\\_");
    assert_eq!(slice_of(src, b, "\\"), "\\\\");
    // a block that starts and ends with an escape: its span covers both escapes whole
    let src2 = "\\*Note\\*\n";
    let doc2 = md(src2);
    assert_eq!(doc2.blocks[0].text, "*Note*");
    assert_eq!(&src2[doc2.blocks[0].span.clone()], "\\*Note\\*");
}

#[test]
fn md_entities() {
    let src = "Tom &amp; Jerry &aelig;ble &oslash;l &#229;l&nbsp;x &copy;\n";
    let doc = md(src);
    let b = &doc.blocks[0];
    assert_eq!(b.text, "Tom & Jerry æble øl ål x ©");
    assert_eq!(slice_of(src, b, "&"), "&amp;");
    assert_eq!(slice_of(src, b, "æble"), "&aelig;ble");
    assert_eq!(slice_of(src, b, "ål x"), "&#229;l&nbsp;x");
    assert_eq!(slice_of(src, b, "©"), "&copy;");
    assert_eq!(&src[b.span.clone()], src.trim_end());
}

#[test]
fn md_crlf_and_soft_breaks() {
    let src = "# Title\r\n\r\nline one\r\nline two\nline three  \r\nhard break\r\n\r\n- item\r\n  continued\r\n";
    let doc = md(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Heading(1), "Title"),
            (
                BlockKind::Paragraph,
                "line one line two line three hard break"
            ),
            (BlockKind::ListItem, "item continued"),
        ]
    );
    let p = &doc.blocks[1];
    assert_eq!(
        &src[p.span.clone()],
        "line one\r\nline two\nline three  \r\nhard break"
    );
    assert_eq!(slice_of(src, p, "one line"), "one\r\nline");
    assert_eq!(slice_of(src, p, "three hard"), "three  \r\nhard");
    assert_eq!(&src[doc.blocks[2].span.clone()], "item\r\n  continued");
}

#[test]
fn md_task_lists() {
    let src = "Choose:\n\n- [x] Send me **offers** by e-mail\n- [ ] Share with partners\n* [X] Upper case\n";
    let doc = md(src);
    assert_eq!(doc.controls.len(), 3);
    let c = &doc.controls;
    for x in c {
        assert_eq!(x.kind, ControlKind::TaskItem);
        assert_eq!(x.label_source, LabelSource::Own);
    }
    assert_eq!(checked_slice(src, &c[0]), "[x]");
    assert_eq!(&src[c[0].span.clone()], "[x]");
    assert_eq!(label_text(&c[0]), Some("Send me offers by e-mail"));
    assert_eq!(label_slice(src, &c[0]), "Send me **offers** by e-mail");
    assert_eq!(c[1].checked, CheckedState::Unchecked);
    assert_eq!(&src[c[1].span.clone()], "[ ]");
    assert_eq!(label_text(&c[1]), Some("Share with partners"));
    assert_eq!(checked_slice(src, &c[2]), "[X]");
    assert_eq!(label_text(&c[2]), Some("Upper case"));
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Choose:"),
            (BlockKind::ListItem, "Send me offers by e-mail"),
            (BlockKind::ListItem, "Share with partners"),
            (BlockKind::ListItem, "Upper case"),
        ]
    );
}

#[test]
fn md_ordered_list_numbers() {
    let src = "27. Diverse\n28. Lovvalg\n\n- bullet\n";
    let doc = md(src);
    let nums: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.number.as_deref()))
        .collect();
    assert_eq!(
        nums,
        vec![
            ("Diverse", Some("27.")),
            ("Lovvalg", Some("28.")),
            ("bullet", None)
        ]
    );
}

#[test]
fn md_tables() {
    let src = "| Formål | Grundlag |\n|---|:---:|\n| Nyhedsbrev &amp; tilbud | Samtykke |\n| `kode` | **fed** |\n";
    let doc = md(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::TableCell, "Formål"),
            (BlockKind::TableCell, "Grundlag"),
            (BlockKind::TableCell, "Nyhedsbrev & tilbud"),
            (BlockKind::TableCell, "Samtykke"),
            (BlockKind::TableCell, "kode"),
            (BlockKind::TableCell, "fed"),
        ]
    );
    assert_eq!(&src[doc.blocks[2].span.clone()], "Nyhedsbrev &amp; tilbud");
    assert_eq!(&src[doc.blocks[4].span.clone()], "kode");
    assert_eq!(doc.blocks[5].emphasis.to_vec(), vec![0..3]);
}

#[test]
fn md_footnotes() {
    let src = "Consent is given here[^1] freely.\n\n[^1]: See the **note** text.\n";
    let doc = md(src);
    assert_eq!(
        texts(&doc),
        vec!["Consent is given here freely.", "See the note text."]
    );
    let p = &doc.blocks[0];
    assert_eq!(slice_of(src, p, "here freely."), "here[^1] freely.");
    assert_eq!(&src[doc.blocks[1].span.clone()], "See the **note** text.");
}

#[test]
fn md_front_matter_lang() {
    let src = "---\nlang: da\ntitle: Vilkår\n---\n\n# Vilkår\n\nTekst her.\n";
    let doc = md(src);
    assert_eq!(doc.declared_lang.as_deref(), Some("da"));
    assert_eq!(texts(&doc), vec!["Vilkår", "Tekst her."]);
    for b in &doc.blocks {
        assert_eq!(b.declared_lang.as_deref(), Some("da"));
    }
    assert_eq!(doc.blocks[0].kind, BlockKind::Heading(1));
    assert_eq!(doc.blocks[0].span, 35..42);
    assert_eq!(&src[doc.blocks[0].span.clone()], "Vilkår");
}

#[test]
fn md_raw_html_blocks() {
    let src = "Intro.\n\n<div class=\"note\">\n<p>Inside &amp; <b>html</b></p>\n<p>Second</p>\n</div>\n\nAfter.\n";
    let doc = md(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Intro."),
            (BlockKind::Paragraph, "Inside & html"),
            (BlockKind::Paragraph, "Second"),
            (BlockKind::Paragraph, "After."),
        ]
    );
    assert_eq!(&src[doc.blocks[1].span.clone()], "Inside &amp; <b>html");
    assert_eq!(doc.blocks[1].emphasis.to_vec(), vec![9..13]);
    assert!(doc.controls.is_empty());
}

#[test]
fn md_html_form_split_by_blank_lines() {
    let src = "# Tilmelding\n\n<form action=\"/x\">\n<label for=\"news\">Send mig nyhedsbrevet</label>\n\n<input type=\"checkbox\" id=\"news\" name=\"news\" checked>\n\n</form>\n\nTekst.\n";
    let doc = md(src);
    assert_eq!(doc.controls.len(), 1);
    let c = &doc.controls[0];
    assert_eq!(c.kind, ControlKind::Checkbox);
    assert_eq!(checked_slice(src, c), "checked");
    assert_eq!(
        &src[c.span.clone()],
        "<input type=\"checkbox\" id=\"news\" name=\"news\" checked>"
    );
    assert_eq!(c.label_source, LabelSource::LabelFor);
    assert_eq!(label_text(c), Some("Send mig nyhedsbrevet"));
    assert_eq!(label_slice(src, c), "Send mig nyhedsbrevet");
    assert_eq!(c.form, Some(0));
    assert_eq!(
        texts(&doc),
        vec!["Tilmelding", "Send mig nyhedsbrevet", "Tekst."]
    );
}

#[test]
fn md_inline_html_input() {
    let src =
        "Tick <input type=\"checkbox\" name=\"t\" checked> to get **offers**.\n\nNext paragraph.\n";
    let doc = md(src);
    assert_eq!(doc.controls.len(), 1);
    let c = &doc.controls[0];
    assert_eq!(checked_slice(src, c), "checked");
    assert_eq!(c.name.as_deref(), Some("t"));
    assert_eq!(c.label_source, LabelSource::Adjacent);
    assert_eq!(label_text(c), Some("to get offers."));
    assert_eq!(label_slice(src, c), "to get **offers**.");
    assert_eq!(texts(&doc), vec!["Tick to get offers.", "Next paragraph."]);
    assert_eq!(
        slice_of(src, &doc.blocks[0], "Tick to"),
        "Tick <input type=\"checkbox\" name=\"t\" checked> to"
    );
}

#[test]
fn md_code_produces_no_controls() {
    let src = "Real <span>inline html</span> here.\n\n```html\n<label><input type=\"checkbox\" checked> Fenced</label>\n<!-- fenced comment -->\n```\n\nInline `<input type=\"checkbox\" checked>` code.\n\n    <input type=\"checkbox\" checked> indented\n\n~~~\n- [x] not a task\n~~~\n";
    let doc = md(src);
    assert!(
        doc.controls.is_empty(),
        "controls from code: {:?}",
        doc.controls
            .iter()
            .map(|c| &src[c.span.clone()])
            .collect::<Vec<_>>()
    );
    assert!(doc.comments.is_empty());
    assert_eq!(
        texts(&doc),
        vec![
            "Real inline html here.",
            "Inline <input type=\"checkbox\" checked> code."
        ]
    );
    let b = &doc.blocks[1];
    assert_eq!(slice_of(src, b, "<input"), "<input");
}

#[test]
fn md_comments_kept() {
    let src = "<!-- consentlint-disable-next vague-purpose -- reason -->\nWe may use your data.\n\nText <!-- inline --> more.\n";
    let doc = md(src);
    let cs: Vec<_> = doc.comments.iter().map(|c| &src[c.span.clone()]).collect();
    assert_eq!(
        cs,
        vec![
            "<!-- consentlint-disable-next vague-purpose -- reason -->",
            "<!-- inline -->"
        ]
    );
    assert_eq!(doc.comments[0].span, 0..57);
    assert_eq!(&src[doc.comments[1].body.clone()], " inline ");
    assert!(texts(&doc).contains(&"Text more."));
}

#[test]
fn md_bom_before_front_matter() {
    let src = "\u{feff}---\nlang: da\n---\n# Overskrift\n\nTekst &amp; mere.\n";
    let doc = md(src);
    assert_eq!(doc.declared_lang.as_deref(), Some("da"));
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Heading(1), "Overskrift"),
            (BlockKind::Paragraph, "Tekst & mere."),
        ]
    );
    let h = &doc.blocks[0];
    assert_eq!(h.span, 22..32);
    assert_eq!(&src[h.span.clone()], "Overskrift");
    assert_eq!(doc.sections.len(), 1);
    assert_eq!(doc.sections[0].title, "Overskrift");
    assert_eq!(&src[doc.blocks[1].span.clone()], "Tekst &amp; mere.");
    // BOM then a heading, no front matter
    let src2 = "\u{feff}# Heading\nText.\n";
    let doc2 = md(src2);
    assert_eq!(
        kinds_texts(&doc2),
        vec![
            (BlockKind::Heading(1), "Heading"),
            (BlockKind::Paragraph, "Text.")
        ]
    );
    assert_eq!(doc2.blocks[0].span, 5..12);
}

#[test]
fn md_block_quote() {
    let src = "> Quoted **text**\n> continues\n\nplain\n";
    let doc = md(src);
    assert_eq!(
        kinds_texts(&doc),
        vec![
            (BlockKind::Quote, "Quoted text continues"),
            (BlockKind::Paragraph, "plain")
        ]
    );
    assert_eq!(
        &src[doc.blocks[0].span.clone()],
        "Quoted **text**\n> continues"
    );
}

// ---------------------------------------------------------------- deep input

#[test]
fn deep_html_divs_small_stack() {
    let n = 10_000;
    let src = format!(
        "{}deep &amp; text{}<p>after</p>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let doc = run_with_small_stack(move || {
        let doc = parse(&src, Format::Html);
        (src, doc)
    });
    let (src, doc) = doc;
    check_doc(&src, &doc, false);
    assert_eq!(texts(&doc), vec!["deep & text", "after"]);
    assert_eq!(doc.blocks[0].span, 5 * n..5 * n + 15);
}

#[test]
fn deep_html_unclosed_small_stack() {
    let n = 10_000;
    let src = format!(
        "{}x<input type=checkbox checked>",
        "<div><span><b><li><ul>".repeat(n)
    );
    let (src, doc) = run_with_small_stack(move || {
        let doc = parse(&src, Format::Html);
        (src, doc)
    });
    check_doc(&src, &doc, false);
    assert_eq!(doc.controls.len(), 1);
    assert_eq!(checked_slice(&src, &doc.controls[0]), "checked");
}

#[test]
fn deep_markdown_quotes_small_stack() {
    let n = 10_000;
    let src = format!("{}deep text\n\nafter\n", "> ".repeat(n));
    let (src, doc) = run_with_small_stack(move || {
        let doc = parse(&src, Format::Markdown);
        (src, doc)
    });
    check_doc(&src, &doc, true);
    assert_eq!(texts(&doc), vec!["deep text", "after"]);
    assert_eq!(doc.blocks[0].kind, BlockKind::Quote);
    assert_eq!(doc.blocks[0].span, 2 * n..2 * n + 9);
}

#[test]
fn deep_markdown_nested_lists_small_stack() {
    let n = 2_000;
    let mut src = String::new();
    for i in 0..n {
        src.push_str(&" ".repeat(2 * i));
        src.push_str("- x\n");
    }
    let (src, doc) = run_with_small_stack(move || {
        let doc = parse(&src, Format::Markdown);
        (src, doc)
    });
    check_doc(&src, &doc, true);
    assert_eq!(doc.blocks.len(), n);
}

/// A paragraph over the 64 KiB block limit is cut at white space; the half-way point
/// where the search for a space starts may fall inside a multi-byte character
/// (found on an 8 MB single-line terms document full of typographic apostrophes).
/// (`check_doc`'s oracle is slow on 64 KiB blocks, so this checks the pieces directly.)
#[test]
fn oversized_block_split_respects_char_boundaries() {
    for unit in ["’", "a’ ", "😀 a"] {
        let src = unit.repeat(70_000 / unit.len());
        for (doc, offset) in [
            (parse(&src, Format::Markdown), 0),
            (parse(&format!("<p>{src}</p>"), Format::Html), 3),
        ] {
            assert!(doc.blocks.len() > 1, "{unit:?}: not split");
            let mut joined = String::new();
            for b in &doc.blocks {
                let span = b.span.start - offset..b.span.end - offset;
                valid_span(&src, &span, "piece");
                assert_eq!(b.text, &src[span], "{unit:?}");
                joined.push_str(&b.text);
            }
            // the pieces hold every character but the white space cut at
            let strip = |s: &str| s.replace(' ', "");
            assert_eq!(strip(&joined), strip(&src), "{unit:?}");
        }
    }
}

// ---------------------------------------------------------------- lists written as lines

fn kinds_and_texts(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

#[test]
fn markdown_lines_after_a_lead_in_are_list_items() {
    let doc = md("Your data may be used to:\nPersonalise your experience\nImprove our website\n");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Your data may be used to:"),
            (BlockKind::ListItem, "Personalise your experience"),
            (BlockKind::ListItem, "Improve our website"),
        ]
    );
    // the lead-in as a paragraph of its own
    let doc = md("Oplysningerne bruges til:\n\nTilpasse din oplevelse\nForbedre vores webside\n");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Oplysningerne bruges til:"),
            (BlockKind::ListItem, "Tilpasse din oplevelse"),
            (BlockKind::ListItem, "Forbedre vores webside"),
        ]
    );
}

#[test]
fn wrapped_prose_after_a_colon_stays_one_paragraph() {
    // the lines continue in lower case: prose wrapped at a fixed width
    let doc = md("The following applies: cookies expire\nafter twelve months, and you can\ndelete them at any time.\n");
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.blocks[0].kind, BlockKind::Paragraph);
    // one line after the lead-in is no list
    let doc = md("Contact:\nExample Ltd\n");
    assert_eq!(doc.blocks.len(), 1);
    // a newline in HTML source is white space, not a line
    let doc =
        html("<p>Your data may be used to:\nPersonalise your experience\nImprove our website</p>");
    assert_eq!(doc.blocks.len(), 1);
}

#[test]
fn html_br_lines_after_a_lead_in_are_list_items() {
    let doc = html(
        "<p>Your data may be used to:<br>Personalise your experience<br/>Improve our website</p>",
    );
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Your data may be used to:"),
            (BlockKind::ListItem, "Personalise your experience"),
            (BlockKind::ListItem, "Improve our website"),
        ]
    );
}
