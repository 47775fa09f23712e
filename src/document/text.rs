//! Plain text (`.txt`): a terms draft or a notice pasted from a word processor.
//!
//! Paragraphs are runs of lines between blank lines; a line that opens with a bullet
//! ("- ", "• ") or an item number ("1.", "a)") starts a list item; a short line standing
//! alone without closing punctuation, or one underlined with `===`/`---`, is a heading;
//! `[x]` or `☒` opening an item is a ticked box, as in a Markdown task list. Nothing is
//! markup: indentation is only white space (Markdown would read an indented paragraph as
//! code and drop it).

use super::builder::{DocBuilder, NewBlock};
use super::model::*;
use super::offsets::TextBuilder;

/// Longest line (in words) read as a heading when it stands alone.
const HEADING_WORDS: usize = 12;

/// A block being gathered: its kind, text, the number of its item and whether it is one line.
struct Open {
    kind: BlockKind,
    text: TextBuilder,
    number: Option<String>,
    lines: usize,
    /// Where the text of its last line ends in the body.
    end: usize,
    /// A box marker opening the item (`[x]`, `[ ]`, `☒`): its span and whether ticked.
    task: Option<(std::ops::Range<usize>, bool)>,
}

/// Read `body` (the file after any byte order mark, which is `base` bytes long).
pub(crate) fn read(body: &str, base: usize, out: &mut DocBuilder) {
    let mut open: Option<Open> = None;
    let mut pos = 0;
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .map(|l| {
            let at = pos;
            pos += l.len();
            (at, l.trim_end_matches(['\n', '\r']))
        })
        .collect();
    let blank = |i: usize| lines.get(i).is_none_or(|(_, l)| l.trim().is_empty());
    for (i, &(at, line)) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut open, body, base, out);
            continue;
        }
        // a rule under a one-line block makes it a heading ("Terms\n=====")
        if trimmed.len() >= 3 && trimmed.chars().all(|c| matches!(c, '=' | '-' | '_' | '*')) {
            if let Some(o) = open.as_mut() {
                if o.lines == 1 && o.kind == BlockKind::Paragraph {
                    o.kind = BlockKind::Heading(if trimmed.starts_with('=') { 1 } else { 2 });
                }
            }
            flush(&mut open, body, base, out);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let start = at + indent;
        let (marker, number) = item_marker(trimmed);
        if marker > 0 {
            flush(&mut open, body, base, out);
            let rest = &trimmed[marker..];
            let lead = rest.len() - rest.trim_start().len();
            let mut text_at = start + marker + lead;
            let mut task = None;
            if let Some((len, checked)) = box_marker(&body[text_at..]) {
                task = Some((base + text_at..base + text_at + len, checked));
                let after = &body[text_at + len..at + line.len()];
                text_at += len + (after.len() - after.trim_start().len());
            }
            let mut t = TextBuilder::new();
            let item = body[text_at..at + line.len()].trim_end();
            t.push_verbatim(item, base + text_at);
            open = Some(Open {
                kind: BlockKind::ListItem,
                text: t,
                number,
                lines: 1,
                end: text_at + item.len(),
                task,
            });
            continue;
        }
        match open.as_mut() {
            Some(o) => {
                o.text.push_space(base + o.end..base + start);
                o.text.push_verbatim(trimmed, base + start);
                o.lines += 1;
                o.end = start + trimmed.len();
            }
            None => {
                let mut t = TextBuilder::new();
                t.push_verbatim(trimmed, base + start);
                // a short line alone, with no closing punctuation, is a heading (a line
                // in capitals is one even with text right under it)
                let alone = blank(i + 1) && i + 1 < lines.len() && blank(i.wrapping_sub(1));
                let caps = trimmed.chars().any(char::is_alphabetic)
                    && !trimmed.chars().any(char::is_lowercase)
                    && trimmed.chars().filter(|c| c.is_alphabetic()).count() >= 4;
                let short = trimmed.split_whitespace().count() <= HEADING_WORDS
                    && !trimmed.ends_with(['.', ',', ';', ':', '!', '?', ')'])
                    && trimmed.chars().any(char::is_alphabetic);
                let heading = short && (alone || caps);
                open = Some(Open {
                    kind: if heading {
                        BlockKind::Heading(2)
                    } else {
                        BlockKind::Paragraph
                    },
                    text: t,
                    number: None,
                    lines: 1,
                    end: start + trimmed.len(),
                    task: None,
                });
                if heading && caps && !alone {
                    flush(&mut open, body, base, out);
                }
            }
        }
    }
    flush(&mut open, body, base, out);
}

/// The length of a list marker opening `line` ("- ", "• ", "1. ", "2) ", "a) ") and the
/// item's number; 0 when the line opens with none. A clause number with sub-levels
/// ("1.3.") is part of the clause's text, not a marker.
fn item_marker(line: &str) -> (usize, Option<String>) {
    for b in ["- ", "* ", "• ", "· ", "– ", "— ", "◦ ", "▪ "] {
        if line.starts_with(b) {
            return (b.len(), None);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let letter =
        usize::from(digits == 0 && line.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    let n = digits.max(letter);
    if n == 0 || n > 2 {
        return (0, None);
    }
    let rest = &line[n..];
    let close = if rest.starts_with(')') || (digits > 0 && rest.starts_with('.')) {
        1
    } else {
        return (0, None);
    };
    let after = &rest[close..];
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() {
        return (0, None);
    }
    (n + close, Some(line[..n + close].to_string()))
}

/// A box opening an item: `[x]`, `[X]`, `[ ]`, `☒`, `☑`, `☐`; its length and whether ticked.
fn box_marker(s: &str) -> Option<(usize, bool)> {
    for (m, checked) in [
        ("[x]", true),
        ("[X]", true),
        ("[ ]", false),
        ("☒", true),
        ("☑", true),
        ("☐", false),
    ] {
        if s.starts_with(m) {
            return Some((m.len(), checked));
        }
    }
    None
}

fn flush(open: &mut Option<Open>, body: &str, base: usize, out: &mut DocBuilder) {
    let Some(o) = open.take() else {
        return;
    };
    let (text, map) = o.text.finish();
    let block = NewBlock {
        kind: o.kind,
        text,
        map,
        declared_lang: None,
        main: true,
        emphasis: Vec::new(),
        number: o.number,
    };
    let added = if o.kind == BlockKind::Paragraph {
        out.add_paragraph(block, body, base, false)
    } else {
        out.add_block(block)
    };
    if let Some((span, checked)) = o.task {
        let mut label = added.map(|i| out.blocks[i].clone());
        if let Some(l) = label.as_mut() {
            l.kind = BlockKind::Label;
        }
        let mut c = Control::task_item(span, checked, None);
        if label.is_some() {
            c.label_source = LabelSource::Own;
        }
        c.label = label;
        out.controls.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Format};
    use super::*;

    fn blocks(src: &str) -> Vec<(BlockKind, String)> {
        parse(src, Format::Text)
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.to_string()))
            .collect()
    }

    #[test]
    fn paragraphs_headings_and_items() {
        let src = "KONKURRENCEBETINGELSER\nVed deltagelse accepterer du\nat modtage vores nyhedsbrev.\n\n    Indented text is a paragraph,\n    not code.\n\nPrizes\n\n- one\n- two\n1. first\n2) second\n";
        let b = blocks(src);
        assert_eq!(
            b[0],
            (BlockKind::Heading(2), "KONKURRENCEBETINGELSER".into())
        );
        assert_eq!(
            b[1],
            (
                BlockKind::Paragraph,
                "Ved deltagelse accepterer du at modtage vores nyhedsbrev.".into()
            )
        );
        assert_eq!(
            b[2],
            (
                BlockKind::Paragraph,
                "Indented text is a paragraph, not code.".into()
            )
        );
        assert_eq!(b[3], (BlockKind::Heading(2), "Prizes".into()));
        assert_eq!(b[4], (BlockKind::ListItem, "one".into()));
        assert_eq!(b[5], (BlockKind::ListItem, "two".into()));
        assert_eq!(b[6], (BlockKind::ListItem, "first".into()));
        assert_eq!(b[7], (BlockKind::ListItem, "second".into()));
        assert_eq!(b.len(), 8);
    }

    #[test]
    fn spans_slice_the_source() {
        let src = "\u{feff}Title\n=====\n\r\nWe may share your data\r\n  with partners.\n";
        let doc = parse(src, Format::Text);
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading(1));
        let b = &doc.blocks[1];
        let s = b.source_span(0..b.text.len());
        assert_eq!(&src[s], "We may share your data\r\n  with partners.");
        let p = b.text.find("partners").unwrap();
        let s = b.source_span(p..p + 8);
        assert_eq!(&src[s], "partners");
    }

    #[test]
    fn ticked_boxes_are_controls() {
        let src = "- [x] Ja tak til nyhedsbrev\n- [ ] Send me offers\n";
        let doc = parse(src, Format::Text);
        assert_eq!(doc.controls.len(), 2);
        match &doc.controls[0].checked {
            CheckedState::Checked(s) => assert_eq!(&src[s.clone()], "[x]"),
            _ => panic!("first box is ticked"),
        }
        assert!(matches!(doc.controls[1].checked, CheckedState::Unchecked));
        assert_eq!(
            doc.controls[0].label.as_ref().map(|l| l.text.to_string()),
            Some("Ja tak til nyhedsbrev".to_string())
        );
    }

    #[test]
    fn a_sentence_line_is_no_heading() {
        let b = blocks("Intro.\n\nWe use cookies.\n\nMore text here.\n");
        assert!(b.iter().all(|(k, _)| *k == BlockKind::Paragraph));
    }
}
