//! Reads Markdown into the document model through pulldown-cmark's offset iterator.
//!
//! Text comes from pulldown-cmark's events, aligned with the raw source so
//! escapes, entities and CRLF map back exactly. HTML blocks are read by the
//! HTML reader for their text; controls, labels and comments come from one
//! HTML reading of the whole page with code blanked out, so a form pasted
//! into Markdown is seen whole even where blank lines split it into several
//! HTML blocks.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Tag, TagEnd};

use super::builder::{DocBuilder, NewBlock};
use super::html::{self, Mode};
use super::md_pieces;
use super::model::*;
use super::offsets::TextBuilder;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Paragraph,
    Heading(u8),
    Item,
    Quote,
    Cell,
    Footnote,
    List,
    Other,
}

struct Reader<'a> {
    /// Masked source (templates blanked).
    src: &'a str,
    base: usize,
    stack: Vec<Container>,
    cur: Option<TextBuilder>,
    cur_kind: BlockKind,
    cur_number: Option<String>,
    emphasis: Vec<Range<usize>>,
    strong_depth: usize,
    strong_start: Vec<usize>,
    /// `(next number)` for each open ordered list; `None` for bullet lists.
    lists: Vec<Option<u64>>,
    pending_number: Option<String>,
    /// Task-list controls waiting for their item text.
    pending_task: Option<usize>,
    skip_depth: usize,
    lang: Option<String>,
    /// Byte ranges (relative to `src`) that are code, blanked in the HTML view.
    code: Vec<Range<usize>>,
    saw_html: bool,
    html_block: Option<Range<usize>>,
}

/// `src` is the page as parsed (template syntax masked); when owned, its buffer becomes
/// the HTML view of the page, rather than a second copy of a page that may be 100 MB.
/// The Markdown extensions the reader parses with (also what the piece-wise parser of
/// large pages is checked against).
pub(crate) fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    opts
}

pub(crate) fn read(
    src: std::borrow::Cow<'_, str>,
    orig: &str,
    base: usize,
    templates: &[Range<usize>],
    out: &mut DocBuilder,
) {
    let opts = options();
    let text: &str = &src;
    let mut r = Reader {
        src: text,
        base,
        stack: Vec::new(),
        cur: None,
        cur_kind: BlockKind::Paragraph,
        cur_number: None,
        emphasis: Vec::new(),
        strong_depth: 0,
        strong_start: Vec::new(),
        lists: Vec::new(),
        pending_number: None,
        pending_task: None,
        skip_depth: 0,
        lang: None,
        code: Vec::new(),
        saw_html: false,
        html_block: None,
    };
    // a large page is read a piece at a time: pulldown-cmark's tree of a whole 100 MB
    // page is 90 MB
    let parser = md_pieces::events(text, opts, md_pieces::PIECE, md_pieces::WHOLE);
    let mut in_metadata = false;
    for (ev, range) in parser {
        match ev {
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(_) => {
                    in_metadata = true;
                    r.code.push(range);
                }
                Tag::Paragraph => r.open(Container::Paragraph, out),
                Tag::Heading { level, .. } => r.open(Container::Heading(level as u8), out),
                Tag::BlockQuote(_) => r.open(Container::Quote, out),
                Tag::Item => {
                    r.open(Container::Item, out);
                    if let Some(Some(n)) = r.lists.last_mut() {
                        r.pending_number = Some(format!("{n}."));
                        *n += 1;
                    }
                }
                Tag::List(start) => {
                    r.open(Container::List, out);
                    r.lists.push(start);
                }
                Tag::TableCell => r.open(Container::Cell, out),
                Tag::FootnoteDefinition(_) => r.open(Container::Footnote, out),
                Tag::CodeBlock(_) => {
                    r.flush(out);
                    r.skip_depth += 1;
                    r.code.push(range);
                }
                Tag::Image { .. } => r.skip_depth += 1,
                Tag::HtmlBlock => {
                    r.flush(out);
                    r.saw_html = true;
                    r.html_block = Some(range);
                }
                Tag::Strong => {
                    r.strong_depth += 1;
                    r.strong_start.push(r.cur.as_ref().map_or(0, |c| c.len()));
                }
                Tag::Table(_) | Tag::TableHead | Tag::TableRow => r.open(Container::Other, out),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => in_metadata = false,
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow => r.close(out),
                TagEnd::List(_) => {
                    r.close(out);
                    r.lists.pop();
                }
                TagEnd::CodeBlock => r.skip_depth = r.skip_depth.saturating_sub(1),
                TagEnd::Image => r.skip_depth = r.skip_depth.saturating_sub(1),
                TagEnd::HtmlBlock => {
                    if let Some(hb) = r.html_block.take() {
                        html::read(
                            &src[hb.clone()],
                            &orig[hb.clone()],
                            base + hb.start,
                            templates,
                            Mode::TextOnly,
                            r.lang.clone(),
                            out,
                        );
                    }
                }
                TagEnd::Strong => {
                    r.strong_depth = r.strong_depth.saturating_sub(1);
                    if let (Some(mut s), Some(cur)) = (r.strong_start.pop(), r.cur.as_ref()) {
                        let e = cur.len();
                        // the space before `**` is flushed inside the strong run: skip it
                        while s < e && cur.text.as_bytes()[s] == b' ' {
                            s += 1;
                        }
                        if e > s {
                            r.emphasis.push(s..e);
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if in_metadata {
                    r.metadata(&t, out);
                    continue;
                }
                if r.skip_depth > 0 {
                    continue;
                }
                // pulldown-cmark starts an escaped character's text after its backslash:
                // the escape is one indivisible piece, backslash included
                let sb = src.as_bytes();
                let slashes = sb[..range.start]
                    .iter()
                    .rev()
                    .take_while(|&&b| b == b'\\')
                    .count();
                let first = t.chars().next();
                if slashes % 2 == 1
                    && first.is_some_and(|c| c.is_ascii_punctuation())
                    && src[range.clone()].starts_with(first.unwrap_or(' '))
                {
                    let c = first.unwrap_or(' ');
                    let mut buf = [0u8; 4];
                    let b = r.builder();
                    b.push_atomic(
                        c.encode_utf8(&mut buf),
                        base + range.start - 1..base + range.start + 1,
                    );
                    let rest = range.start + 1..range.end;
                    b.push_aligned(&t[1..], &src[rest.clone()], base + rest.start);
                    continue;
                }
                // a ballot box opening a list item ("- ☑ Analytiske cookies"): the
                // task-list box of a page written by hand or pasted from a word processor
                if r.pending_task.is_none()
                    && r.kind() == BlockKind::ListItem
                    && r.cur.as_ref().is_none_or(|c| c.is_empty())
                {
                    let glyph = ["☑", "☒", "☐"]
                        .into_iter()
                        .find(|g| t.starts_with(g) && src[range.clone()].starts_with(g));
                    // a ticked glyph is a box only in a list that also has an empty one
                    // ("☑ Weekly newsletter" alone is a check-mark bullet of a feature list)
                    let mixed = |g: &str| {
                        g == "☐" || {
                            let mut a = range.start.saturating_sub(600);
                            while !src.is_char_boundary(a) {
                                a -= 1;
                            }
                            let mut e = (range.end + 600).min(src.len());
                            while !src.is_char_boundary(e) {
                                e += 1;
                            }
                            src[a..e].contains('☐')
                        }
                    };
                    if let Some(g) = glyph.filter(|g| mixed(g)) {
                        let span = base + range.start..base + range.start + g.len();
                        out.controls
                            .push(Control::task_item(span, g != "☐", r.lang.clone()));
                        r.pending_task = Some(out.controls.len() - 1);
                        let rest = range.start + g.len()..range.end;
                        r.builder().push_aligned(
                            &t[g.len()..],
                            &src[rest.clone()],
                            base + rest.start,
                        );
                        continue;
                    }
                }
                let raw = &src[range.clone()];
                r.builder().push_aligned(&t, raw, base + range.start);
            }
            Event::Code(t) => {
                r.code.push(range.clone());
                if r.skip_depth > 0 {
                    continue;
                }
                let raw = &src[range.clone()];
                let b = r.builder();
                match raw.find(&*t) {
                    Some(off) => b.push_verbatim(&t, base + range.start + off),
                    None => b.push_atomic(t.trim(), base + range.start..base + range.end),
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = r.cur.as_mut() {
                    c.push_space(base + range.start..base + range.end);
                }
            }
            Event::Html(_) => {
                if let Some(hb) = r.html_block.as_mut() {
                    hb.end = hb.end.max(range.end);
                }
            }
            Event::InlineHtml(_) => {
                r.saw_html = true;
                if let Some(c) = r.cur.as_mut() {
                    let tag = &src[range.clone()];
                    if tag.len() >= 3 && tag[1..3].eq_ignore_ascii_case("br") {
                        c.push_space(base + range.start..base + range.end);
                    }
                }
            }
            Event::TaskListMarker(checked) => {
                let span = base + range.start..base + range.end;
                out.controls
                    .push(Control::task_item(span, checked, r.lang.clone()));
                r.pending_task = Some(out.controls.len() - 1);
            }
            Event::FootnoteReference(_) | Event::Rule => {}
            _ => {}
        }
    }
    r.flush(out);
    if let Some(hb) = r.html_block.take() {
        html::read(
            &text[hb.clone()],
            &orig[hb.clone()],
            base + hb.start,
            templates,
            Mode::TextOnly,
            r.lang.clone(),
            out,
        );
    }
    let code = std::mem::take(&mut r.code);
    let saw_html = r.saw_html;
    let page_lang = r.lang.take();
    if saw_html {
        // The HTML view of the page: code and front matter blanked, everything else as is.
        let mut view = src.into_owned().into_bytes();
        let len = view.len();
        for c in &code {
            for x in &mut view[c.start.min(len)..c.end.min(len)] {
                if *x != b'\n' {
                    *x = b' ';
                }
            }
        }
        // blanking whole code ranges writes ASCII over whole characters: still UTF-8
        let view = String::from_utf8(view)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let lang = page_lang.clone();
        let first_new = out.controls.len();
        html::read_view(&view, orig, base, templates, lang, out);
        relabel_inline_controls(out, first_new);
    }
    if out.declared_lang.is_none() {
        out.declared_lang = page_lang;
    }
}

impl Reader<'_> {
    fn builder(&mut self) -> &mut TextBuilder {
        if self.cur.is_none() {
            self.cur = Some(TextBuilder::new());
            self.cur_kind = self.kind();
            self.cur_number = self.pending_number.take();
            self.emphasis.clear();
        }
        self.cur.as_mut().expect("just set")
    }

    fn kind(&self) -> BlockKind {
        crate::work::add(self.stack.len());
        for c in self.stack.iter().rev() {
            match c {
                Container::Heading(l) => return BlockKind::Heading(*l),
                Container::Cell => return BlockKind::TableCell,
                Container::Item => return BlockKind::ListItem,
                Container::Quote => return BlockKind::Quote,
                Container::Footnote => return BlockKind::Other,
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    fn open(&mut self, c: Container, out: &mut DocBuilder) {
        self.flush(out);
        self.stack.push(c);
    }

    fn close(&mut self, out: &mut DocBuilder) {
        self.flush(out);
        self.stack.pop();
    }

    fn flush(&mut self, out: &mut DocBuilder) {
        let Some(tb) = self.cur.take() else { return };
        // leading white space of the finished text: `finish` trims the end, so text that
        // is all white space (a code span of tabs and spaces) is empty by now
        let (mut text, mut map) = tb.finish();
        let lead = text.len() - text.trim_start().len();
        if lead > 0 {
            text.drain(..lead);
            map.drop_front(lead);
        }
        let n = text.len();
        let emphasis = self
            .emphasis
            .drain(..)
            .filter_map(|e| {
                let s = e.start.saturating_sub(lead);
                let e2 = e.end.saturating_sub(lead).min(n);
                (e2 > s).then_some(s..e2)
            })
            .collect();
        let kind = self.cur_kind;
        let block = NewBlock {
            kind,
            text,
            map,
            declared_lang: self.lang.clone(),
            main: true,
            emphasis,
            number: self.cur_number.take(),
        };
        let added = if kind == BlockKind::Paragraph {
            out.add_paragraph(block, self.src, self.base, false)
        } else {
            out.add_block(block)
        };
        if let Some(i) = added {
            if let Some(ci) = self.pending_task.take() {
                let b = &out.blocks[i];
                let mut label = b.clone();
                label.kind = BlockKind::Label;
                out.controls[ci].label = Some(label);
                out.controls[ci].label_source = LabelSource::Own;
            }
        }
        let _ = self.base;
        let _ = self.src;
    }

    fn metadata(&mut self, t: &str, out: &mut DocBuilder) {
        for line in t.lines() {
            let line = line.trim();
            for key in ["lang", "language", "locale"] {
                if let Some(rest) = line.strip_prefix(key) {
                    let rest = rest.trim_start();
                    if let Some(v) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                        let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                        if !v.is_empty() && v.len() < 20 {
                            self.lang = Some(v.to_string());
                            out.declared_lang = Some(v.to_string());
                        }
                    }
                }
            }
        }
    }
}

/// A control written as inline HTML inside a Markdown paragraph takes its adjacent label
/// from the paragraph's Markdown text (markup removed, stopping at the paragraph's end),
/// not from the HTML view of the page.
fn relabel_inline_controls(out: &mut DocBuilder, first: usize) {
    for ci in first..out.controls.len() {
        let c = &out.controls[ci];
        if !matches!(c.label_source, LabelSource::Adjacent | LabelSource::None) {
            continue;
        }
        let (cs, ce) = (c.span.start, c.span.end);
        let Some(b) = out
            .blocks
            .iter()
            .find(|b| b.span.start <= cs && ce <= b.span.end)
        else {
            continue;
        };
        let offset_at = |src: usize| {
            b.text
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| b.map.start(i) >= src)
                .unwrap_or(b.text.len())
        };
        let next = out
            .controls
            .iter()
            .filter(|o| o.span.start >= ce && o.span.start < b.span.end)
            .map(|o| o.span.start)
            .min();
        let prev = out
            .controls
            .iter()
            .filter(|o| o.span.end <= cs && o.span.end > b.span.start)
            .map(|o| o.span.end)
            .max();
        let after = offset_at(ce)..next.map_or(b.text.len(), offset_at);
        let before = prev.map_or(0, offset_at)..offset_at(cs);
        let label = sub_block(b, after).or_else(|| sub_block(b, before));
        if let Some(l) = label {
            let c = &mut out.controls[ci];
            c.label = Some(l);
            c.label_source = LabelSource::Adjacent;
        }
    }
}

/// The trimmed part `range` of a block's text as a label block, if it has any words.
fn sub_block(b: &Block, range: Range<usize>) -> Option<Block> {
    if range.start >= range.end {
        return None;
    }
    let t = &b.text[range.clone()];
    let lead = t.len() - t.trim_start().len();
    let r = range.start + lead..range.start + t.trim_end().len();
    if r.start >= r.end || !b.text[r.clone()].chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    let text = b.text[r.clone()].to_string();
    let map = b.map.slice(r);
    let span = map.span(&text, 0..text.len());
    Some(Block {
        kind: BlockKind::Label,
        text,
        map,
        span,
        section: None,
        declared_lang: b.declared_lang.clone(),
        main: b.main,
        emphasis: Box::default(),
        word_offset: 0,
        number: None,
    })
}
