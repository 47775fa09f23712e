//! Run-length offset maps from a block's plain text back to source bytes.
//!
//! A map is a list of segments. A *linear* segment is text copied byte for
//! byte from the source; an *atomic* segment is a piece of text that stands
//! for an indivisible piece of source (an entity such as `&amp;`, a backslash
//! escape, a `\r\n`, a collapsed run of white space). A span never starts or
//! ends inside an atomic piece, so it never cuts `&amp;` or `</strong>` in two.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// Start in the text.
    text: u32,
    /// Length in the text.
    text_len: u32,
    /// Start in the source.
    src: u32,
    /// Length in the source (always >= 1).
    src_len: u32,
    atomic: bool,
}

/// Maps text offsets to source offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Seg>,
}

impl OffsetMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record that `text_len` bytes of text at `text_start` were copied verbatim from `src_start`.
    pub fn push_linear(&mut self, text_start: usize, src_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if !last.atomic
                && (last.text + last.text_len) as usize == text_start
                && (last.src + last.src_len) as usize == src_start
            {
                last.text_len += len as u32;
                last.src_len += len as u32;
                return;
            }
        }
        self.segs.push(Seg {
            text: text_start as u32,
            text_len: len as u32,
            src: src_start as u32,
            src_len: len as u32,
            atomic: false,
        });
    }

    /// Record that `text_len` bytes of text at `text_start` stand for the source range `src`.
    pub fn push_atomic(&mut self, text_start: usize, text_len: usize, src: Range<usize>) {
        if text_len == 0 {
            return;
        }
        // A piece with no source of its own (a separator) is pinned to the byte before it.
        let (s, l) = if src.end > src.start {
            (src.start, src.end - src.start)
        } else {
            (src.start.saturating_sub(1), 1)
        };
        self.segs.push(Seg {
            text: text_start as u32,
            text_len: text_len as u32,
            src: s as u32,
            src_len: l as u32,
            atomic: true,
        });
    }

    /// Give back spare capacity (a finished block's map is kept for the whole run).
    pub fn shrink_to_fit(&mut self) {
        self.segs.shrink_to_fit();
    }

    /// Remove trailing segments past `text_len` (after trimming text).
    pub fn truncate(&mut self, text_len: usize) {
        while let Some(last) = self.segs.last_mut() {
            let t = last.text as usize;
            if t >= text_len {
                self.segs.pop();
                continue;
            }
            let end = t + last.text_len as usize;
            if end > text_len {
                let cut = end - text_len;
                if last.atomic {
                    last.text_len -= cut as u32;
                } else {
                    last.text_len -= cut as u32;
                    last.src_len -= cut as u32;
                }
            }
            break;
        }
    }

    /// Drop the first `n` bytes of text (after trimming leading white space) and shift the rest.
    pub fn drop_front(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        let n32 = n as u32;
        self.segs.retain(|s| s.text + s.text_len > n32);
        for s in &mut self.segs {
            if s.text < n32 {
                let cut = n32 - s.text;
                s.text_len -= cut;
                if !s.atomic {
                    s.src += cut;
                    s.src_len -= cut;
                }
                s.text = n32;
            }
            s.text -= n32;
        }
    }

    fn seg_at(&self, pos: usize) -> Option<&Seg> {
        let pos = pos as u32;
        let i = self.segs.partition_point(|s| s.text + s.text_len <= pos);
        self.segs.get(i).filter(|s| s.text <= pos)
    }

    /// Source offset where the character at text offset `pos` starts.
    pub fn start(&self, pos: usize) -> usize {
        match self.seg_at(pos) {
            Some(s) if s.atomic => s.src as usize,
            Some(s) => (s.src + (pos as u32 - s.text)) as usize,
            None => self
                .segs
                .last()
                .map(|s| (s.src + s.src_len) as usize)
                .unwrap_or(0),
        }
    }

    /// Source offset where the character that ends at text offset `end` ends.
    /// `last_char_start` is the text offset of that character.
    pub fn end(&self, last_char_start: usize, end: usize) -> usize {
        match self.seg_at(last_char_start) {
            Some(s) if s.atomic => (s.src + s.src_len) as usize,
            Some(s) => {
                let within = (end as u32).min(s.text + s.text_len) - s.text;
                (s.src + within) as usize
            }
            None => self
                .segs
                .last()
                .map(|s| (s.src + s.src_len) as usize)
                .unwrap_or(0),
        }
    }

    /// The source span of the text range `range` of `text`.
    ///
    /// For a non-empty range the result is non-empty and on the source's
    /// character boundaries (every segment starts and ends on one).
    pub fn span(&self, text: &str, range: Range<usize>) -> Range<usize> {
        let start = self.start(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let last = text[..range.end]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(range.start)
            .max(range.start);
        let end = self.end(last, range.end);
        if end <= start {
            // Cannot happen for well-formed maps; stay inside the contract anyway.
            start..start + 1
        } else {
            start..end
        }
    }

    /// The map of the sub-range `range` of the text, shifted to start at 0.
    pub fn slice(&self, range: Range<usize>) -> OffsetMap {
        let (a, b) = (range.start as u32, range.end as u32);
        let first = self.segs.partition_point(|s| s.text + s.text_len <= a);
        let last = first + self.segs[first..].partition_point(|s| s.text < b);
        let mut out = Vec::with_capacity(last - first);
        for s in &self.segs[first..last] {
            let mut seg = *s;
            if seg.text < a {
                let cut = a - seg.text;
                seg.text_len -= cut;
                if !seg.atomic {
                    seg.src += cut;
                    seg.src_len -= cut;
                }
                seg.text = a;
            }
            if seg.text + seg.text_len > b {
                let cut = seg.text + seg.text_len - b;
                seg.text_len -= cut;
                if !seg.atomic {
                    seg.src_len -= cut;
                }
            }
            seg.text -= a;
            out.push(seg);
        }
        OffsetMap { segs: out }
    }

    /// Shift every source offset by `delta` (for documents read from a slice of a file).
    pub fn shift_source(&mut self, delta: usize) {
        for s in &mut self.segs {
            s.src += delta as u32;
        }
    }

    /// Number of segments (for tests and memory accounting).
    pub fn len(&self) -> usize {
        self.segs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }
}

/// Builds a block's text and its map together.
#[derive(Debug, Default, Clone)]
pub struct TextBuilder {
    pub text: String,
    pub map: OffsetMap,
    /// The last thing pushed was white space (collapsing state).
    pending_space: Option<Range<usize>>,
    /// A block boundary was just passed: white space before the next text is dropped.
    at_break: bool,
}

impl TextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.pending_space.is_none()
    }

    /// Append text that appears verbatim in the source at `src_start`.
    pub fn push_verbatim(&mut self, s: &str, src_start: usize) {
        if s.is_empty() {
            return;
        }
        self.flush_space();
        let t = self.text.len();
        self.text.push_str(s);
        self.map.push_linear(t, src_start, s.len());
    }

    /// Append text that stands for the source range `src` as a whole.
    pub fn push_atomic(&mut self, s: &str, src: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.flush_space();
        let t = self.text.len();
        self.text.push_str(s);
        self.map.push_atomic(t, s.len(), src);
    }

    /// Note white space at `src` (collapsed with neighbouring white space into one space).
    pub fn push_space(&mut self, src: Range<usize>) {
        match &mut self.pending_space {
            Some(r) => r.end = r.end.max(src.end),
            None => self.pending_space = Some(src),
        }
    }

    /// A block boundary: pending white space is dropped and none is added before the next text.
    pub fn hard_break(&mut self) {
        self.pending_space = None;
        self.at_break = true;
    }

    /// A block boundary inside one running text (the HTML reader's stream): a separating
    /// space standing for `src` (the tag that ends the block), then a hard break. Block
    /// texts never include it; texts that cross blocks (a label around two paragraphs) read
    /// "Send me offers", not "Send meoffers".
    pub fn separate(&mut self, src: Range<usize>) {
        self.pending_space = None;
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            let t = self.text.len();
            self.text.push(' ');
            self.map.push_atomic(t, 1, src);
        }
        self.at_break = true;
    }

    /// Current length of the text.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    fn flush_space(&mut self) {
        let at_break = std::mem::take(&mut self.at_break);
        if let Some(r) = self.pending_space.take() {
            if !at_break && !self.text.is_empty() && !self.text.ends_with(' ') {
                let t = self.text.len();
                self.text.push(' ');
                self.map.push_atomic(t, 1, r);
            }
        }
    }

    /// Finish: trailing white space is dropped, leading white space never enters.
    pub fn finish(mut self) -> (String, OffsetMap) {
        self.pending_space = None;
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        self.map.truncate(trimmed);
        (self.text, self.map)
    }

    /// Append source text, decoding HTML character references and collapsing white space.
    pub fn push_html_text(&mut self, src: &str, base: usize) {
        self.text.reserve(src.len());
        let bytes = src.as_bytes();
        let mut i = 0;
        let mut run = 0; // start of the current verbatim run
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'&' {
                if let Some((decoded, len)) = super::entities::decode_at(&src[i..]) {
                    self.push_verbatim(&src[run..i], base + run);
                    let mut buf = [0u8; 8];
                    let d: &str = decoded.encode_utf8(&mut buf);
                    if is_space_char(decoded) {
                        self.push_space(base + i..base + i + len);
                    } else if !is_invisible(decoded) {
                        self.push_atomic(d, base + i..base + i + len);
                    }
                    i += len;
                    run = i;
                    continue;
                }
                i += 1;
                continue;
            }
            if b.is_ascii_whitespace() {
                if b == b' ' && i > run && starts_word(src, i + 1) {
                    // already collapsed: stays in the verbatim run (see `starts_word`)
                    i += 1;
                    continue;
                }
                self.push_verbatim(&src[run..i], base + run);
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                self.push_space(base + start..base + i);
                run = i;
                continue;
            }
            if b >= 0x80 {
                // U+00A0 (NBSP) is white space for reading purposes.
                let c = src[i..].chars().next().unwrap_or('\u{FFFD}');
                let l = c.len_utf8();
                if is_space_char(c) {
                    self.push_verbatim(&src[run..i], base + run);
                    self.push_space(base + i..base + i + l);
                    i += l;
                    run = i;
                    continue;
                }
                i += l;
                continue;
            }
            i += 1;
        }
        self.push_verbatim(&src[run..], base + run);
    }

    /// Append already-decoded text `decoded` that came from the raw source `raw` at `base`
    /// (pulldown-cmark's text events). Escapes, entities and CRLF are aligned as atomic pieces;
    /// anything that cannot be aligned maps as one atomic piece.
    pub fn push_aligned(&mut self, decoded: &str, raw: &str, base: usize) {
        if decoded == raw {
            self.push_collapsing(decoded, base);
            return;
        }
        let mut d = 0;
        let mut r = 0;
        let db = decoded.as_bytes();
        let rb = raw.as_bytes();
        let mut run_d = 0;
        let mut run_r = 0;
        while d < db.len() {
            let dc = decoded[d..].chars().next().unwrap_or(' ');
            let mut piece: Option<usize> = None; // raw length of an atomic piece standing for dc
            if r < rb.len() {
                if rb[r] == b'&' {
                    if let Some((c, l)) = super::entities::decode_at(&raw[r..]) {
                        if c == dc && l > 1 {
                            piece = Some(l);
                        }
                    }
                } else if rb[r] == b'\\' && dc != '\\' && raw[r + 1..].starts_with(dc) {
                    piece = Some(1 + dc.len_utf8());
                } else if raw[r..].starts_with("\r\n") && dc == '\n' {
                    piece = Some(2);
                }
            }
            if piece.is_none() && raw[r..].starts_with(dc) {
                d += dc.len_utf8();
                r += dc.len_utf8();
                continue;
            }
            // flush the verbatim run
            self.push_collapsing(&decoded[run_d..d], base + run_r);
            let matched = piece.is_some();
            if let Some(l) = piece {
                self.push_atomic_or_space(dc, base + r..base + r + l);
                d += dc.len_utf8();
                r += l;
            }
            if !matched {
                // Cannot align: the rest stands for the rest.
                let rest = &decoded[d..];
                let src = base + r.min(rb.len())..base + rb.len();
                let src = if src.is_empty() {
                    base..base + rb.len()
                } else {
                    src
                };
                let collapsed: String = collapse_ws(rest);
                if !collapsed.trim().is_empty() {
                    self.push_atomic(collapsed.trim(), src);
                }
                return;
            }
            run_d = d;
            run_r = r;
        }
        self.push_collapsing(&decoded[run_d..], base + run_r);
    }

    fn push_atomic_or_space(&mut self, c: char, src: Range<usize>) {
        if is_space_char(c) {
            self.push_space(src);
        } else if !is_invisible(c) {
            let mut buf = [0u8; 4];
            self.push_atomic(c.encode_utf8(&mut buf), src);
        }
    }

    /// Append verbatim text, collapsing white space runs.
    pub fn push_collapsing(&mut self, s: &str, base: usize) {
        self.text.reserve(s.len());
        let bytes = s.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                if b == b' ' && i > run && starts_word(s, i + 1) {
                    // already collapsed: stays in the verbatim run (see `starts_word`)
                    i += 1;
                    continue;
                }
                self.push_verbatim(&s[run..i], base + run);
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                self.push_space(base + start..base + i);
                run = i;
                continue;
            }
            if b >= 0x80 {
                let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
                let l = c.len_utf8();
                if is_space_char(c) {
                    self.push_verbatim(&s[run..i], base + run);
                    self.push_space(base + i..base + i + l);
                    i += l;
                    run = i;
                    continue;
                }
                i += l;
                continue;
            }
            i += 1;
        }
        self.push_verbatim(&s[run..], base + run);
    }
}

/// Does a character that is neither white space nor a character reference start at `i`?
///
/// A single `' '` between two such characters is what collapsing would write anyway,
/// and a one-byte atomic piece maps every text range exactly as a linear one does. The
/// readers keep it inside the verbatim run they are copying: one linear segment for
/// "a few words" instead of a segment per word and per space, and one `push_str`
/// instead of one per word (a third of the instructions spent reading a document went
/// into those per-word pushes). Collapsed runs (`"a  b"`, `"a\nb"`, `"a \u{a0}b"`), a
/// space before `&nbsp;`, and spaces at the ends of a run still go through `push_space`.
fn starts_word(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => !b.is_ascii_whitespace() && b != b'&',
        Some(_) => s[i..].chars().next().is_some_and(|c| !is_space_char(c)),
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// White space for reading: ASCII white space and the no-break spaces.
pub fn is_space_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0c'
            | '\u{a0}'
            | '\u{2007}'
            | '\u{202f}'
            | '\u{2009}'
            | '\u{200a}'
            | '\u{2002}'
            | '\u{2003}'
    )
}

/// Characters that carry nothing for reading (soft hyphen, zero-width characters).
pub use crate::fold::is_invisible;

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tb: TextBuilder, src: &str) -> (String, OffsetMap) {
        let (text, map) = tb.finish();
        for (i, c) in text.char_indices() {
            let sp = map.span(&text, i..i + c.len_utf8());
            assert!(src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end));
            assert!(sp.start < sp.end, "empty span for {c:?}");
        }
        (text, map)
    }

    #[test]
    fn html_entities_and_whitespace() {
        let src = "Tom &amp;  Jerry\n\t&aelig;ble &#248; &#xE5;";
        let mut tb = TextBuilder::new();
        tb.push_html_text(src, 0);
        let (text, map) = check(tb, src);
        assert_eq!(text, "Tom & Jerry æble ø å");
        let amp = text.find('&').unwrap();
        assert_eq!(&src[map.span(&text, amp..amp + 1)], "&amp;");
        let j = text.find("Jerry").unwrap();
        assert_eq!(&src[map.span(&text, 0..j + 5)], "Tom &amp;  Jerry");
        let ae = text.find("æble").unwrap();
        assert_eq!(&src[map.span(&text, ae..ae + "æble".len())], "&aelig;ble");
    }

    #[test]
    fn aligned_markdown_text() {
        let raw = "a \\* b &amp; c\r\nd";
        let decoded = "a * b & c\nd";
        let mut tb = TextBuilder::new();
        tb.push_aligned(decoded, raw, 10);
        let (text, map) = tb.finish();
        assert_eq!(text, "a * b & c d");
        let star = text.find('*').unwrap();
        assert_eq!(map.span(&text, star..star + 1), 12..14);
        let all = map.span(&text, 0..text.len());
        assert_eq!(all, 10..10 + raw.len());
    }

    /// Pieces of `s` with every ASCII space on its own.
    fn split_at_spaces(s: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in s.match_indices(' ') {
            out.push((start, &s[start..i]));
            out.push((i, " "));
            start = i + 1;
        }
        out.push((start, &s[start..]));
        out
    }

    /// Keeping lone spaces inside verbatim runs changes the segments, never a span: the
    /// text and the span of every range on char boundaries (trimmed, sliced, with the
    /// front dropped) are those of the same text pushed a piece at a time, where every
    /// space is a collapsed piece of its own.
    #[test]
    fn lone_spaces_in_runs_map_as_collapsed_spaces() {
        let samples = [
            "Tom and Jerry",
            "  a b  c\td\ne f ",
            "æble på blåbær 😀 👍🏽 🇩🇰 x",
            "a \u{a0}b c\u{2009} d \u{3000}e f\u{ad} g",
            "Tom &amp; Jerry &nbsp;x y&#32;z &aelig;ble &bogus; q",
            "x &shy; y &amp;&amp; z",
            " ",
            "a",
        ];
        for html in [false, true] {
            for s in samples {
                let push = |tb: &mut TextBuilder, piece: &str, at: usize| {
                    if html {
                        tb.push_html_text(piece, 100 + at);
                    } else {
                        tb.push_collapsing(piece, 100 + at);
                    }
                };
                let mut bulk = TextBuilder::new();
                bulk.push_verbatim("lead", 0);
                push(&mut bulk, s, 0);
                let mut pieces = TextBuilder::new();
                pieces.push_verbatim("lead", 0);
                for (at, piece) in split_at_spaces(s) {
                    push(&mut pieces, piece, at);
                }
                let (bt, bm) = bulk.finish();
                let (pt, pm) = pieces.finish();
                assert_eq!(bt, pt, "{s:?}");
                let bounds: Vec<usize> =
                    (0..=bt.len()).filter(|&i| bt.is_char_boundary(i)).collect();
                for &i in &bounds {
                    for &j in &bounds {
                        assert_eq!(bm.span(&bt, i..j), pm.span(&pt, i..j), "{s:?} {i}..{j}");
                    }
                    let (mut bd, mut pd) = (bm.clone(), pm.clone());
                    bd.drop_front(i);
                    pd.drop_front(i);
                    let (mut bc, mut pc) = (bm.clone(), pm.clone());
                    bc.truncate(i);
                    pc.truncate(i);
                    for &j in &bounds {
                        if j >= i {
                            let r = 0..j - i;
                            assert_eq!(bd.span(&bt[i..], r.clone()), pd.span(&pt[i..], r));
                            // (readers slice only non-empty ranges; an empty slice keeps a
                            // zero-length piece of the segment it falls in, or nothing)
                            if j > i {
                                let (bs, ps) = (bm.slice(i..j), pm.slice(i..j));
                                let r = 0..j - i;
                                assert_eq!(bs.span(&bt[i..j], r.clone()), ps.span(&pt[i..j], r));
                            }
                        } else {
                            assert_eq!(bc.span(&bt[..i], j..i), pc.span(&pt[..i], j..i));
                        }
                    }
                }
            }
        }
        let mut tb = TextBuilder::new();
        tb.push_collapsing("one linear segment", 0);
        assert_eq!(tb.map.len(), 1);
    }

    #[test]
    fn trim_and_drop_front() {
        let mut tb = TextBuilder::new();
        tb.push_collapsing("  hello world  ", 5);
        let (text, map) = tb.finish();
        assert_eq!(text, "hello world");
        assert_eq!(map.span(&text, 0..5), 7..12);
        let mut m2 = map.clone();
        m2.drop_front(6);
        assert_eq!(m2.span("world", 0..5), 13..18);
    }
}
