//! pulldown-cmark's events for a large Markdown page, read a piece at a time.
//!
//! pulldown-cmark's first pass builds a tree of the whole page before the first event:
//! about 0.9 times the page in memory, on top of the page, its template-masked copy and
//! the document being built. A large page is therefore cut before top-level ATX headings
//! and read one piece (about [`PIECE`] bytes) at a time, so that only one piece's tree is
//! alive. The events are the ones a parse of the whole page gives:
//!
//! - A cut goes before a line that starts with `#` at column 0 and follows a blank line.
//!   No container continues over such a line (block quotes need `>`, list items and
//!   footnote definitions need indentation, lazy continuation needs a paragraph), so
//!   only a block that runs over blank lines could hold it: a fenced code block, an HTML
//!   block of types 1-5, a metadata block. The piece is parsed *with* that line, and the
//!   cut is kept only if the line comes out as a heading at the top level: then every
//!   block before it was closed by it, exactly as in the whole page, and its events are
//!   dropped (the next piece starts with it). Otherwise the rest of the page is read
//!   whole.
//! - pulldown-cmark looks ahead in two ways. A metadata block (`---` ... `---`, allowed
//!   anywhere at indent 0) exists only if a closing line follows somewhere: a piece where
//!   a `---` came out as a thematic break that could have opened one, or with a `+++`
//!   line and no closing line after it, is not cut. Link
//!   reference and footnote definitions serve the whole page: a page that may hold one
//!   (a line starting with `[`, after any container markers, in a paragraph with a `]:`)
//!   is not cut at all.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The size of a piece, and the smallest page that is cut.
pub(crate) const PIECE: usize = 1 << 20;

/// Pages up to this size are read whole.
pub(crate) const WHOLE: usize = 8 << 20;

type Item<'a> = (Event<'a>, Range<usize>);

/// The events of `src` with offsets into `src`; a page larger than `whole` bytes is read a
/// piece of at least `piece` bytes at a time (see the module documentation).
pub(crate) fn events(src: &str, opts: Options, piece: usize, whole: usize) -> Events<'_> {
    let cuts = if src.len() > whole && !may_define_references(src) {
        candidate_cuts(src, piece)
    } else {
        Vec::new()
    };
    Events {
        src,
        opts,
        cuts: cuts.into_iter(),
        next: 0,
        buf: Vec::new().into_iter(),
        rest: None,
        cut: 0,
    }
}

pub(crate) struct Events<'a> {
    src: &'a str,
    opts: Options,
    cuts: std::vec::IntoIter<usize>,
    /// Where the part of the page not yet read starts.
    next: usize,
    /// The events of the piece being handed out (offsets already into `src`).
    buf: std::vec::IntoIter<Item<'a>>,
    /// Pieces read before the rest (for tests).
    cut: usize,
    /// The rest of the page, read whole, and where it starts.
    rest: Option<(
        pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
        usize,
    )>,
}

impl<'a> Iterator for Events<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(e) = self.buf.next() {
                return Some(e);
            }
            if let Some((p, base)) = &mut self.rest {
                let base = *base;
                return p.next().map(|(e, r)| (e, r.start + base..r.end + base));
            }
            match self.cuts.next() {
                Some(cut) => {
                    if let Some(v) = self.piece(cut) {
                        self.buf = v.into_iter();
                        self.next = cut;
                        self.cut += 1;
                    } else {
                        self.read_rest();
                    }
                }
                None => self.read_rest(),
            }
        }
    }
}

impl<'a> Events<'a> {
    fn read_rest(&mut self) {
        let p = Parser::new_ext(&self.src[self.next..], self.opts).into_offset_iter();
        self.rest = Some((p, self.next));
    }

    /// The events of `next..cut`, if the page may be cut at `cut` (see the module
    /// documentation); offsets into the page.
    fn piece(&self, cut: usize) -> Option<Vec<Item<'a>>> {
        let base = self.next;
        let text = &self.src[base..cut];
        if !pluses_closed(text) {
            return None;
        }
        // the piece with the heading line after it
        let line_end = self.src[cut..]
            .find('\n')
            .map_or(self.src.len(), |i| cut + i + 1);
        let mut v: Vec<Item<'a>> = Vec::new();
        let mut depth = 0usize;
        let mut last_top = None;
        for (e, r) in Parser::new_ext(&self.src[base..line_end], self.opts).into_offset_iter() {
            match &e {
                Event::Start(_) => {
                    if depth == 0 {
                        last_top = Some(v.len());
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {
                    if depth == 0 {
                        last_top = Some(v.len());
                    }
                }
            }
            v.push((e, r.start + base..r.end + base));
        }
        let h = last_top?;
        let heading_here =
            matches!(v[h].0, Event::Start(Tag::Heading { .. })) && v[h].1.start == cut;
        if !heading_here || v[..h].iter().any(|(_, r)| r.end > cut) {
            return None;
        }
        // a `---` that came out as a thematic break may open a metadata block whose
        // closing line lies beyond the piece
        let may_open = |r: &Range<usize>| {
            let line = &self.src[r.start..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            let rest = line.strip_prefix("---").filter(|t| !t.starts_with('-'));
            let Some(rest) = rest else { return false };
            if !rest.trim().is_empty() {
                return false;
            }
            // the line after it may be neither blank nor a closing line
            let after = &self.src[(r.start + line.len() + 1).min(self.src.len())..];
            let next = after[..after.find('\n').unwrap_or(after.len())].trim_end_matches('\r');
            !(next.trim().is_empty() || is_closing(next, b'-'))
        };
        if v[..h]
            .iter()
            .any(|(e, r)| matches!(e, Event::Rule) && may_open(r))
        {
            return None;
        }
        v.truncate(h);
        Some(v)
    }
}

/// Lines before which the page may be cut: an ATX heading line (`#` to `######` at column
/// 0, then a space, a tab or the line end) after a blank line, at least `piece` bytes after
/// the previous cut.
fn candidate_cuts(src: &str, piece: usize) -> Vec<usize> {
    let b = src.as_bytes();
    let mut cuts = Vec::new();
    let mut last = 0;
    let mut prev_blank = false;
    let mut pos = 0;
    while pos < b.len() {
        let end = b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| pos + i + 1);
        let line = &b[pos..end];
        let hashes = line.iter().take_while(|&&c| c == b'#').count();
        let heading = (1..=6).contains(&hashes)
            && matches!(line.get(hashes), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        if prev_blank && pos - last >= piece && heading {
            cuts.push(pos);
            last = pos;
        }
        prev_blank = line.iter().all(|c| c.is_ascii_whitespace());
        pos = end;
    }
    cuts
}

/// Could `src` hold a link reference or footnote definition? A `]:` in or after a line,
/// of the same paragraph, that starts with `[` after any container markers (generously:
/// any of ` \t>*+-.)` and digits). One pass over the lines.
fn may_define_references(src: &str) -> bool {
    let mut bracket = false;
    for line in src.split('\n') {
        if line.trim().is_empty() {
            bracket = false;
            continue;
        }
        let rest = line.trim_start_matches(|c: char| " \t>*+-.)".contains(c) || c.is_ascii_digit());
        bracket |= rest.starts_with('[');
        if bracket && line.contains("]:") {
            return true;
        }
    }
    false
}

/// A metadata block's closing line for the opening character `ch`: exactly three `ch`
/// (or `.` for `-`) at column 0, then spaces.
fn is_closing(line: &str, ch: u8) -> bool {
    let run = |c: u8| {
        let b = line.as_bytes();
        b.len() >= 3
            && b[..3].iter().all(|&x| x == c)
            && b.get(3) != Some(&c)
            && b[3..].iter().all(|&x| x == b' ')
    };
    run(ch) || (ch == b'-' && run(b'.'))
}

/// Has every line of `text` that could open a `+++` metadata block (one ending in a run of
/// exactly three `+`) a closing line after it in `text`? (`+++` is no thematic break: such
/// a line is found by its text.)
fn pluses_closed(text: &str) -> bool {
    let mut open = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if open {
            if is_closing(body, b'+') {
                open = false;
            }
            continue;
        }
        let t = body.trim_end_matches([' ', '\t']).as_bytes();
        open = t.len() >= 3
            && t[t.len() - 3..].iter().all(|&x| x == b'+')
            && (t.len() == 3 || t[t.len() - 4] != b'+');
    }
    !open
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader's own options: a copy could drift from them.
    fn opts() -> Options {
        crate::document::markdown::options()
    }

    fn whole(src: &str) -> Vec<Item<'_>> {
        Parser::new_ext(src, opts()).into_offset_iter().collect()
    }

    /// Read in pieces as small as possible (a cut at every candidate), the events are the
    /// whole page's. Returns the number of cuts made.
    fn check(src: &str) -> usize {
        let mut it = events(src, opts(), 1, 0);
        let pieces: Vec<Item<'_>> = it.by_ref().collect();
        assert_eq!(pieces, whole(src), "{src:?}");
        it.cut
    }

    #[test]
    fn pieces_give_the_whole_pages_events() {
        let cases = [
            "# A\n\npara\n\n# B\n\n- item\n- item\n\n# C\ntext\n",
            // a fence open over a heading line: not cut there
            "# A\n\n```\ncode\n\n# not a heading\n```\n\n# B\n",
            "# A\n\n~~~\nunclosed\n\n# inside\n\ntext\n",
            // an HTML comment over blank lines
            "# A\n\n<!--\n\n# inside\n\n-->\n\n# B\n",
            "# A\n\n<pre>\n\n# inside\n</pre>\n\n# B\n",
            // a metadata block whose closing line comes after the heading
            "# A\n\n---\ntitle: x\n\n# inside?\n---\n\n# B\n",
            "---\ntitle: x\n---\n\n# A\n\ntext\n\n# B\n",
            "# A\n\n+++\nx = 1\n\n# B\n+++\n\n# C\n",
            // a setext underline and a thematic break before a blank line open nothing
            "# A\n\nPII\n---\n\n# B\n\n---\n\n# C\n\ntext\n---\n",
            "# A\n\n- item\n  ---\n  x: y\n\n# B\n\n---\n",
            // reference definitions anywhere serve the whole page
            "# A\n\nsee [x] and [y][z]\n\n# B\n\n[x]: /u\n[z]: /v\n",
            "# A\n\nnote[^1]\n\n# B\n\n[^1]: the note\n",
            "# A\n\n> quote\n\n# B\n\n1. one\n\n   two\n\n# C\n\n    indented\n\n# D\n",
            "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# B\n\n- [x] done\n\n# C",
            "# A\n\ntext  \n\n\n# B\n\n#notaheading\n\n#\n\n# C\r\n\r\n# D\r\n",
            "",
            "# only",
        ];
        let cuts: Vec<usize> = cases.iter().map(|c| check(c)).collect();
        // cut where it may be; not inside the fence, and after a failed cut the rest is
        // read whole
        assert_eq!(&cuts[..5], &[2, 0, 0, 0, 0]);
    }

    #[test]
    fn repository_markdown_reads_the_same_in_pieces() {
        // MD_PIECES_DIR names another folder to check (a corpus outside the repository)
        let dir = std::env::var("MD_PIECES_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/testdata").to_string());
        let mut stack = vec![std::path::PathBuf::from(dir)];
        let mut all = String::new();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    if let Ok(s) = std::fs::read_to_string(&p) {
                        check(&s);
                        all.push_str(&s);
                        all.push_str("\n\n");
                    }
                }
            }
        }
        // and the files one after another, as one page
        assert!(!all.is_empty());
        let cuts = check(&all);
        assert!(cuts > 10 || std::env::var_os("MD_PIECES_DIR").is_some());
    }
}
