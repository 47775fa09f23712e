//! Assembles a [`Document`] from what the Markdown and HTML readers find.

use std::ops::Range;

use super::model::*;
use super::offsets::OffsetMap;

/// A block as a reader hands it over.
pub(crate) struct NewBlock {
    pub kind: BlockKind,
    pub text: String,
    pub map: OffsetMap,
    pub declared_lang: Option<String>,
    pub main: bool,
    pub emphasis: Vec<Range<usize>>,
    pub number: Option<String>,
}

/// Largest block kept whole (bytes of text).
pub(crate) const MAX_BLOCK: usize = 64 * 1024;

#[derive(Default)]
pub(crate) struct DocBuilder {
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub controls: Vec<Control>,
    pub fields: Vec<Field>,
    pub comments: Vec<Comment>,
    pub translations: Vec<(Span, String)>,
    pub template_ranges: Vec<Span>,
    pub declared_lang: Option<String>,
    /// Open sections by level, innermost last.
    heading_stack: Vec<usize>,
}

impl DocBuilder {
    pub fn current_section(&self) -> Option<usize> {
        self.heading_stack.last().copied()
    }

    /// Add a block; empty text is dropped. Returns its index.
    pub fn add_block(&mut self, b: NewBlock) -> Option<usize> {
        if b.text.is_empty() {
            return None;
        }
        if b.text.len() > MAX_BLOCK && !matches!(b.kind, BlockKind::Heading(_)) {
            return self.add_split(b);
        }
        let span = b.map.span(&b.text, 0..b.text.len());
        let idx = self.blocks.len();
        let mut section = self.current_section();
        if let BlockKind::Heading(level) = b.kind {
            while let Some(&top) = self.heading_stack.last() {
                if self.sections[top].level >= level {
                    self.heading_stack.pop();
                } else {
                    break;
                }
            }
            let (number, title) = split_number(&b.text);
            let s = Section {
                level,
                title: title.to_string(),
                number: number.map(str::to_string),
                span: span.clone(),
                heading_block: idx,
                parent: self.heading_stack.last().copied(),
            };
            self.sections.push(s);
            let si = self.sections.len() - 1;
            self.heading_stack.push(si);
            section = Some(si);
        }
        // a block lives as long as the document: no spare capacity from building it
        let (mut text, mut map) = (b.text, b.map);
        text.shrink_to_fit();
        map.shrink_to_fit();
        self.blocks.push(Block {
            kind: b.kind,
            text,
            map,
            span,
            // fewer sections than bytes of source, which is under 4 GiB
            section: section.map(|s| s as u32),
            declared_lang: b.declared_lang.map(String::into_boxed_str),
            main: b.main,
            emphasis: b.emphasis.into_boxed_slice(),
            word_offset: 0,
            number: b.number.map(String::into_boxed_str),
        });
        Some(idx)
    }

    /// Add a paragraph, or, when it is a list written as lines (a lead-in ending in ':'
    /// and then one item per line: soft line breaks in Markdown, `<br>` in HTML), its
    /// lead-in as a paragraph and each line as a list item, as the page shows them.
    /// "Your data may be used to:\nPersonalise your experience\nImprove our website"
    /// is three things, not one sentence. `src` is the source the map points into,
    /// starting at byte `base`; `html` says whether a bare newline is only white space.
    pub fn add_paragraph(
        &mut self,
        b: NewBlock,
        src: &str,
        base: usize,
        html: bool,
    ) -> Option<usize> {
        // the lead-in may stand alone, a paragraph of its own just before the lines
        let after_lead_in = self.blocks.last().is_some_and(|p| {
            p.kind == BlockKind::Paragraph
                && p.section.map(|s| s as usize) == self.current_section()
                && p.text.trim_end().ends_with(':')
        });
        let Some(lines) = line_list(&b.text, &b.map, src, base, html, after_lead_in) else {
            return self.add_block(b);
        };
        let mut first = None;
        for (n, r) in lines.into_iter().enumerate() {
            let n = n + usize::from(after_lead_in);
            let kind = if n == 0 { b.kind } else { BlockKind::ListItem };
            let idx = self.add_block(piece(&b, r, kind, n == 0));
            first = first.or(idx);
        }
        first
    }

    /// A block larger than [`MAX_BLOCK`] (a 50 MB paragraph with no line breaks) is cut at
    /// white space into blocks of about that size, so that no per-block work grows with the
    /// file. Returns the index of the first piece.
    fn add_split(&mut self, b: NewBlock) -> Option<usize> {
        let mut first = None;
        let mut start = 0;
        let text = &b.text;
        while start < text.len() {
            let mut end = crate::text::floor_char_boundary(text, start + MAX_BLOCK);
            if end < text.len() {
                // cut at the last space in the second half of the piece (a char boundary
                // too: the half-way point may fall inside a multi-byte character)
                let mid = crate::text::floor_char_boundary(text, start + MAX_BLOCK / 2);
                if let Some(ws) = text[mid..end].rfind(' ') {
                    end = mid + ws;
                }
            }
            let cut = &text[start..end];
            let lead = cut.len() - cut.trim_start().len();
            let r = start + lead..start + cut.trim_end().len();
            if r.start < r.end {
                let idx = self.add_block(piece(&b, r, b.kind, first.is_none()));
                first = first.or(idx);
            }
            start = end;
        }
        first
    }

    pub fn finish(mut self, format: Format) -> Document {
        // Readers may append out of order (raw HTML inside Markdown); keep reading order.
        if self
            .blocks
            .windows(2)
            .any(|w| w[0].span.start > w[1].span.start)
        {
            // Re-sorting would break section indices held by headings; sort a permutation instead.
            let mut order: Vec<usize> = (0..self.blocks.len()).collect();
            order.sort_by_key(|&i| self.blocks[i].span.start);
            let mut new_index = vec![0; order.len()];
            for (new, &old) in order.iter().enumerate() {
                new_index[old] = new;
            }
            let mut old: Vec<Option<Block>> = self.blocks.drain(..).map(Some).collect();
            self.blocks = order
                .iter()
                .map(|&i| old[i].take().expect("each once"))
                .collect();
            for s in &mut self.sections {
                s.heading_block = new_index[s.heading_block];
            }
        }
        self.blocks.shrink_to_fit();
        let mut words = 0;
        for b in &mut self.blocks {
            b.word_offset = u32::try_from(words).unwrap_or(u32::MAX);
            if b.main {
                words += b.word_count();
            }
        }
        self.comments.sort_by_key(|c| c.span.start);
        self.controls.sort_by_key(|c| c.span.start);
        self.fields.sort_by_key(|f| f.span.start);
        Document {
            format,
            declared_lang: self.declared_lang,
            blocks: self.blocks,
            sections: self.sections,
            controls: self.controls,
            fields: self.fields,
            comments: self.comments,
            template_ranges: self.template_ranges,
            translations: self.translations,
            main_words: words,
        }
    }
}

/// Words that introduce a clause number ("Section 3", "Punkt 12"), lower case.
const NUMBER_WORDS: [&str; 12] = [
    "punkt", "pkt.", "afsnit", "section", "clause", "article", "artikel", "art.", "kapitel",
    "chapter", "part", "del",
];

fn is_roman(c: u8) -> bool {
    matches!(c.to_ascii_lowercase(), b'i' | b'v' | b'x' | b'l' | b'c')
}

/// The length of the run of bytes at the start of `b` that satisfy `f`.
fn run(b: &[u8], f: impl Fn(u8) -> bool) -> usize {
    b.iter().take_while(|&&c| f(c)).count()
}

/// `\d+(\.\d+)*` at the start of `b`: its length, 0 if none.
fn dotted(b: &[u8], max_digits: usize) -> Option<usize> {
    let d = run(b, |c| c.is_ascii_digit());
    if d == 0 || d > max_digits {
        return None;
    }
    let mut at = d;
    while b.get(at) == Some(&b'.') {
        let d = run(&b[at + 1..], |c| c.is_ascii_digit());
        if d == 0 {
            break;
        }
        if d > max_digits {
            return None;
        }
        at += 1 + d;
    }
    Some(at)
}

/// The clause number a heading starts with, as a byte length, before the white space
/// and the title. One of, in this order (case-insensitive):
/// `§+\s*\d+[a-z]?(\.\d+)*\.?`;
/// a number word, white space, `\d+(\.\d+)*` or a roman numeral, then `\.?:?`;
/// `\d{1,3}(\.\d{1,3})*\.?\)?`; `[ivxlc]{1,6}[.)]`; `[a-h][.)]`.
/// Each form has at most one length that can be followed by white space, so the first
/// form that is, wins (what the regex this replaced did, without compiling a regex in
/// every process: 3M instructions, half of a one-file run). Digits are ASCII digits.
fn number_candidates(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    let section = || {
        let s = text.chars().take_while(|&c| c == '§').count() * '§'.len_utf8();
        if s == 0 {
            return None;
        }
        let ws: usize = text[s..]
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(char::len_utf8)
            .sum();
        let mut at = s + ws;
        let d = run(&b[at..], |c| c.is_ascii_digit());
        if d == 0 {
            return None;
        }
        at += d;
        if b.get(at).is_some_and(|c| c.is_ascii_alphabetic()) {
            at += 1;
        }
        while b.get(at) == Some(&b'.') {
            let d = run(&b[at + 1..], |c| c.is_ascii_digit());
            if d == 0 {
                break;
            }
            at += 1 + d;
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
        }
        Some(at)
    };
    let word = || {
        let w = NUMBER_WORDS
            .iter()
            .find(|w| b.len() >= w.len() && b[..w.len()].eq_ignore_ascii_case(w.as_bytes()))?;
        let ws: usize = text[w.len()..]
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(char::len_utf8)
            .sum();
        if ws == 0 {
            return None;
        }
        let mut at = w.len() + ws;
        let n = match dotted(&b[at..], usize::MAX) {
            Some(n) => n,
            None => run(&b[at..], is_roman),
        };
        if n == 0 {
            return None;
        }
        at += n;
        if b.get(at) == Some(&b'.') {
            at += 1;
        }
        if b.get(at) == Some(&b':') {
            at += 1;
        }
        Some(at)
    };
    let plain = || {
        let mut at = dotted(b, 3)?;
        if b.get(at) == Some(&b'.') {
            at += 1;
        }
        if b.get(at) == Some(&b')') {
            at += 1;
        }
        Some(at)
    };
    let roman = || {
        let n = run(b, is_roman);
        ((1..=6).contains(&n) && matches!(b.get(n), Some(b'.' | b')'))).then_some(n + 1)
    };
    let letter = || {
        (b.first()
            .is_some_and(|c| matches!(c.to_ascii_lowercase(), b'a'..=b'h'))
            && matches!(b.get(1), Some(b'.' | b')')))
        .then_some(2)
    };
    [section(), word(), plain(), roman(), letter()]
        .into_iter()
        .flatten()
}

/// Split a heading into its number as written and its title.
/// The block for the text range `r` of `b`: its text, offset map and emphasis cut to
/// the range; the clause number only on the `first` piece.
fn piece(b: &NewBlock, r: Range<usize>, kind: BlockKind, first: bool) -> NewBlock {
    let emphasis = b
        .emphasis
        .iter()
        .filter(|e| e.end > r.start && e.start < r.end)
        .map(|e| e.start.max(r.start) - r.start..e.end.min(r.end) - r.start)
        .collect();
    NewBlock {
        kind,
        text: b.text[r.clone()].to_string(),
        map: b.map.slice(r),
        declared_lang: b.declared_lang.clone(),
        main: b.main,
        emphasis,
        number: if first { b.number.clone() } else { None },
    }
}

/// Most words a line of a list written as lines may have: items are short; longer
/// lines are prose that happens to be wrapped.
const MAX_LINE_WORDS: usize = 30;

/// The pieces of a paragraph that is a list written as lines (see
/// [`DocBuilder::add_paragraph`]): the lead-in (everything up to the end of the first
/// line ending in ':') and then each line after it, or only the lines when the lead-in
/// is the paragraph before (`after_lead_in`). `None` unless at least two lines
/// follow the lead-in and every one of them starts as an item does (a capital letter, a
/// digit or a bullet), is short, and is not itself a lead-in. Prose wrapped at a fixed
/// width rarely starts every line after a colon with a capital.
fn line_list(
    text: &str,
    map: &OffsetMap,
    src: &str,
    base: usize,
    html: bool,
    after_lead_in: bool,
) -> Option<Vec<Range<usize>>> {
    if !(after_lead_in || text.contains(':')) || !text.contains(' ') {
        return None;
    }
    let is_break = |k: usize| {
        let sp = map.span(text, k..k + 1);
        let Some(s) = src.get(sp.start.checked_sub(base)?..sp.end.checked_sub(base)?) else {
            return None;
        };
        let br = s
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"br"));
        Some(br || !html && s.contains('\n'))
    };
    let mut lines = Vec::new();
    let mut start = 0;
    for (k, c) in text.char_indices() {
        if c == ' ' && is_break(k) == Some(true) {
            lines.push(start..k);
            start = k + 1;
        }
    }
    lines.push(start..text.len());
    let (lead, items) = if after_lead_in {
        (None, &lines[..])
    } else {
        let lead = lines
            .iter()
            .position(|r| text[r.clone()].trim_end().ends_with(':'))?;
        (Some(lead), &lines[lead + 1..])
    };
    if items.len() < 2 {
        return None;
    }
    let item_like = |r: &Range<usize>| {
        let t = text[r.clone()].trim();
        let starts = t.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '·' | '–' | '—')
        });
        starts && !t.ends_with(':') && t.split_whitespace().count() <= MAX_LINE_WORDS
    };
    if !items.iter().all(item_like) {
        return None;
    }
    let mut out = match lead {
        Some(lead) => vec![0..lines[lead].end],
        None => Vec::new(),
    };
    for r in items {
        let t = &text[r.clone()];
        let a = r.start + (t.len() - t.trim_start().len());
        let e = r.start + t.trim_end().len();
        if a < e {
            out.push(a..e);
        }
    }
    Some(out)
}

pub fn split_number(text: &str) -> (Option<&str>, &str) {
    for n in number_candidates(text) {
        // white space, then a title on one line
        let rest = &text[n..];
        let title = rest.trim_start();
        if title.len() == rest.len() || title.is_empty() || title.contains('\n') {
            continue;
        }
        let number = &text[..n];
        // "2024 Privacy Policy" is a year, not a clause number
        if number.len() == 4 && number.bytes().all(|c| c.is_ascii_digit()) {
            return (None, text);
        }
        return (Some(number), title);
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_blocks_are_split_at_white_space() {
        let text = "ord ".repeat(50_000);
        let src = format!("{text}\n");
        let doc = crate::document::parse(&src, Format::Markdown);
        assert!(doc.blocks.len() >= 3, "{}", doc.blocks.len());
        for b in &doc.blocks {
            assert!(b.text.len() <= MAX_BLOCK);
            assert_eq!(&src[b.span.clone()], b.text, "each piece maps back exactly");
        }
    }

    /// The regex `split_number` replaced, as the oracle.
    fn by_regex(text: &str) -> (Option<&str>, &str) {
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| regex::Regex::new(
            r"(?xi)^(
                §+\s*\d+[a-z]?(?:\.\d+)*\.?
              | (?:punkt|pkt\.|afsnit|section|clause|article|artikel|art\.|kapitel|chapter|part|del)\s+(?:\d+(?:\.\d+)*|[ivxlc]+)\.?:?
              | \d{1,3}(?:\.\d{1,3})*\.?\)?
              | [ivxlc]{1,6}[.)]
              | [a-h][.)]
            )\s+(\S.*)$",
        )
        .unwrap());
        if let Some(c) = re.captures(text) {
            let n = c.get(1).unwrap().as_str();
            let t = c.get(2).unwrap().as_str();
            if n.len() == 4 && n.chars().all(|c| c.is_ascii_digit()) {
                return (None, text);
            }
            return (Some(n), t);
        }
        (None, text)
    }

    #[test]
    fn split_number_agrees_with_the_regex_it_replaced() {
        // pieces of headings, glued at random: every branch, its near misses and its limits
        let pieces = [
            "§", "§§", " ", "  ", "\u{a0}", "\t", "\n", "1", "12", "123", "1234", "4a", ".", ":",
            ")", "2.3", "Section", "SECTION", "pkt.", "Punkt", "art.", "Article", "artikel", "del",
            "Part", "chapter", "iv", "IV", "xii", "iiiiiii", "c", "d", "h", "i", "z", "Samtykke",
            "Privacy", "æøå", "2024", "x", "-",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut rnd = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let mut numbered = 0;
        for _ in 0..50_000 {
            let n = 1 + rnd(6);
            let mut text: String = (0..n).map(|_| pieces[rnd(pieces.len())]).collect();
            if rnd(2) == 0 {
                // half the cases: a would-be number, white space, a title
                text = format!("{} {}", pieces[rnd(pieces.len())], text.trim_start());
            }
            let got = split_number(&text);
            assert_eq!(got, by_regex(&text), "{text:?}");
            numbered += got.0.is_some() as usize;
        }
        // the generator reaches the numbered branches, not only the misses
        assert!(numbered > 2_000, "{numbered}");
    }

    #[test]
    fn numbers() {
        assert_eq!(split_number("27. Diverse"), (Some("27."), "Diverse"));
        assert_eq!(split_number("§ 4 Samtykke"), (Some("§ 4"), "Samtykke"));
        assert_eq!(split_number("4.2 Marketing"), (Some("4.2"), "Marketing"));
        assert_eq!(
            split_number("Punkt 12 Persondata"),
            (Some("Punkt 12"), "Persondata")
        );
        assert_eq!(
            split_number("Section 3: Privacy"),
            (Some("Section 3:"), "Privacy")
        );
        assert_eq!(split_number("Privacy"), (None, "Privacy"));
        assert_eq!(split_number("2024 update"), (None, "2024 update"));
    }
}
