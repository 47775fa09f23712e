//! Property test of the span contract: random HTML and Markdown, built from
//! pieces by a tiny xorshift generator (no crates), must parse without panic
//! into blocks whose spans and word spans slice back to their text.
//! A failing case is shrunk by dropping pieces and printed with its seed.

use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

use consentlint::document::{Block, CheckedState, Document};
use consentlint::{parse, Format};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const WORDS: &[&str] = &[
    "consent",
    "data",
    "æble",
    "Ørsted",
    "på",
    "naïve",
    "e-mail",
    "12",
    "§",
    "x",
    "samtykke,",
    "(partners)",
    "ÅÆØ",
    "—",
    "ok.",
    "emoji😀",
];
const ENTITIES: &[&str] = &[
    "&amp;", "&aelig;", "&oslash;", "&#229;", "&nbsp;", "&#xE6;", "&lt;", "&gt;", "&quot;",
    "&AElig;", "&shy;",
];
const SPACES: &[&str] = &[" ", "\n", "\r\n", "\t", "  ", "\u{a0}"];

fn html_piece(r: &mut Rng) -> String {
    const TAGS: &[&str] = &[
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "b",
        "i",
        "strong",
        "em",
        "span",
        "td",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "label",
        "form",
        "fieldset",
        "legend",
        "blockquote",
        "section",
        "nav",
        "footer",
        "main",
        "mark",
        "a",
        "select",
        "option",
        "button",
        "dd",
        "dt",
    ];
    match r.below(20) {
        0..=5 => r.pick(WORDS).to_string(),
        6..=7 => r.pick(ENTITIES).to_string(),
        8..=9 => r.pick(SPACES).to_string(),
        10..=11 => format!("<{}>", r.pick(TAGS)),
        12..=13 => format!("</{}>", r.pick(TAGS)),
        14 => "<br>".to_string(),
        15 => r
            .pick(&[
                "<!-- c -->",
                "<!---->",
                "{{ name }}",
                "<?php echo 1; ?>",
                "<script>a<b && '</p>'</script>",
                "<style>p{}</style>",
                "<ol start=\"7\">",
                "<p lang=\"da\">",
                "<div class=\"cookie-banner\">",
            ])
            .to_string(),
        16 => r
            .pick(&[
                "<input type=\"checkbox\" checked>",
                "<input type=radio name=r checked=checked>",
                "<input type=\"checkbox\" {% if a %}checked{% endif %}>",
                "<input type=\"checkbox\" id=\"c1\" aria-labelledby=\"l1\">",
                "<label for=\"c1\">",
                "<span id=\"l1\">",
                "<div role=\"switch\" aria-checked=\"true\">",
                "<option selected>",
                "<input type=checkbox aria-label=\"Del &amp; spred\">",
            ])
            .to_string(),
        17 => r
            .pick(&[" < ", "&", " & ", "a&b", "&notanentity;", "< ", ">"])
            .to_string(),
        _ => format!("{}{}", r.pick(WORDS), r.pick(WORDS)),
    }
}

fn md_piece(r: &mut Rng) -> String {
    let nl = if r.below(4) == 0 { "\r\n" } else { "\n" };
    match r.below(24) {
        0..=6 => r.pick(WORDS).to_string(),
        7 => r.pick(ENTITIES).to_string(),
        8..=9 => " ".to_string(),
        10 => nl.to_string(),
        11 => format!("{nl}{nl}"),
        12 => format!(
            "{nl}{nl}{}",
            r.pick(&[
                "# ",
                "## 4.2 ",
                "### § 4 ",
                "- ",
                "* ",
                "1. ",
                "27. ",
                "- [x] ",
                "- [ ] ",
                "> ",
                "> > "
            ])
        ),
        13 => format!(" **{}** ", r.pick(WORDS)),
        14 => format!(" _{}_ ", r.pick(WORDS)),
        15 => format!(
            " `{}` ",
            r.pick(&["code", "<input checked>", "a  b", "&amp;"])
        ),
        16 => format!(" [{}](http://example.com/x) ", r.pick(WORDS)),
        17 => r
            .pick(&["\\*", "\\_", "\\\\", "\\#", "\\[", "\\>"])
            .to_string(),
        18 => r
            .pick(&[
                " <b>bold</b> ",
                " <input type=\"checkbox\" checked> ",
                " <!-- c --> ",
                " <br> ",
                " {{ x }} ",
            ])
            .to_string(),
        19 => format!("{nl}{nl}```{nl}<input type=\"checkbox\" checked>{nl}```{nl}{nl}"),
        20 => format!(
            "{nl}{nl}| a | b |{nl}|---|---|{nl}| {} | c \\| d |{nl}{nl}",
            r.pick(WORDS)
        ),
        21 => format!(
            "{nl}{nl}<div>{nl}<p>{} &amp; x</p>{nl}</div>{nl}{nl}",
            r.pick(WORDS)
        ),
        22 => format!(" note[^1] {nl}{nl}[^1]: {}{nl}{nl}", r.pick(WORDS)),
        _ => r.pick(&["&", "*", "_", "<", "[", "]"]).to_string(),
    }
}

// ---------------------------------------------------------------- the contract

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
            "nbsp" => '\u{a0}',
            "aelig" => 'æ',
            "AElig" => 'Æ',
            "oslash" => 'ø',
            "shy" => '\u{ad}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

fn render_raw(raw: &str, markdown: bool) -> String {
    render(raw, markdown, true)
}

/// Markdown may hold a literal `<` that is not a tag: render without dropping tags.
fn render_no_tags(raw: &str) -> String {
    render(raw, true, false)
}

fn render(raw: &str, markdown: bool, tags: bool) -> String {
    let mut out = String::new();
    let b = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let c = rest.chars().next().unwrap();
        // raw-text elements: their content is not text
        if !markdown {
            let mut skipped = false;
            for el in ["script", "style"] {
                let open = format!("<{el}");
                let rb = rest.as_bytes();
                if rb.len() >= open.len() && rb[..open.len()].eq_ignore_ascii_case(open.as_bytes())
                {
                    let close = format!("</{el}>");
                    i += rest.find(&close).map_or(rest.len(), |e| e + close.len());
                    skipped = true;
                    break;
                }
            }
            if skipped {
                continue;
            }
        }
        if tags && c == '<' {
            let next = rest[1..].chars().next();
            if matches!(next, Some(n) if n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?')
            {
                let close = if rest.starts_with("<!--") { "-->" } else { ">" };
                if let Some(e) = rest.find(close) {
                    i += e + close.len();
                    continue;
                }
            }
        }
        if c == '&' {
            if let Some((d, l)) = decode_entity(rest) {
                if d != '\u{ad}' {
                    out.push(d);
                }
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
    let s: String = s
        .chars()
        .filter(|c| !(markdown && matches!(c, '*' | '_' | '`' | '[' | ']' | '|' | '>' | '\\')))
        .collect();
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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

fn valid(src: &str, sp: &Range<usize>, what: &str) {
    assert!(
        sp.start < sp.end && sp.end <= src.len(),
        "{what}: span {sp:?} empty or out of bounds (len {})",
        src.len()
    );
    assert!(
        src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end),
        "{what}: span {sp:?} not on char boundaries"
    );
}

fn check_block(src: &str, b: &Block, markdown: bool) {
    assert!(!b.text.is_empty());
    assert_eq!(b.text.trim(), b.text, "untrimmed text");
    valid(src, &b.span, &format!("block {:?}", b.text));
    let mut prev_end = b.span.start;
    for w in words(&b.text) {
        let word = &b.text[w.clone()];
        let sp = b.source_span(w);
        valid(src, &sp, &format!("word {word:?} of {:?}", b.text));
        assert!(
            sp.start >= prev_end && sp.end <= b.span.end,
            "word {word:?} at {sp:?} out of order or outside block {:?} {:?}",
            b.text,
            b.span
        );
        prev_end = sp.end;
        let raw = &src[sp.clone()];
        let ok = raw == word
            || render_raw(raw, markdown) == plain(word, markdown)
            || (markdown && render_no_tags(raw) == plain(word, markdown));
        assert!(
            ok,
            "word {word:?} of block {:?} maps to {raw:?} at {sp:?}",
            b.text
        );
    }
}

fn check(src: &str, doc: &Document, markdown: bool) {
    for b in &doc.blocks {
        check_block(src, b, markdown);
    }
    for w in doc.blocks.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "blocks overlap or out of order: {:?}@{:?} {:?}@{:?}",
            w[0].text,
            w[0].span,
            w[1].text,
            w[1].span
        );
    }
    for s in &doc.sections {
        assert!(s.heading_block < doc.blocks.len());
        assert_eq!(doc.blocks[s.heading_block].span, s.span);
    }
    for b in &doc.blocks {
        if let Some(i) = b.section() {
            assert!(i < doc.sections.len());
        }
    }
    for c in &doc.controls {
        valid(src, &c.span, "control");
        if let CheckedState::Checked(sp) | CheckedState::Template(sp) = &c.checked {
            valid(src, sp, "checked");
        }
        if let CheckedState::Checked(sp) = &c.checked {
            assert!(sp.start >= c.span.start && sp.end <= c.span.end);
        }
        for l in [&c.label, &c.group_label].into_iter().flatten() {
            check_block(src, l, markdown);
        }
    }
    for c in &doc.comments {
        valid(src, &c.span, "comment");
        assert!(src[c.span.clone()].starts_with("<!--"));
    }
}

fn fails(pieces: &[String], format: Format) -> Option<String> {
    let src: String = pieces.concat();
    quiet_panics();
    QUIET.with(|q| q.set(true));
    let r = catch_unwind(AssertUnwindSafe(|| {
        let doc = parse(&src, format);
        check(&src, &doc, format == Format::Markdown);
    }));
    QUIET.with(|q| q.set(false));
    r.err().map(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

fn run(format: Format, cases: u64, gen: fn(&mut Rng) -> String) {
    let mut failures = Vec::new();
    for seed in 1..=cases {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let n = 1 + r.below(40);
        let mut pieces: Vec<String> = (0..n).map(|_| gen(&mut r)).collect();
        if fails(&pieces, format).is_none() {
            continue;
        }
        // shrink: drop pieces while it still fails
        let mut i = 0;
        while i < pieces.len() {
            let mut fewer = pieces.clone();
            fewer.remove(i);
            if fails(&fewer, format).is_some() {
                pieces = fewer;
            } else {
                i += 1;
            }
        }
        let msg = fails(&pieces, format).unwrap_or_default();
        failures.push(format!("seed {seed}: {:?}\n    {msg}", pieces.concat()));
        if failures.len() >= 8 {
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s), shrunk:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Silence panics raised while probing cases on this thread; others report as usual.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                default(info);
            }
        }));
    });
}

#[test]
fn html_spans_hold_for_random_documents() {
    run(Format::Html, 3000, html_piece);
}

#[test]
fn markdown_spans_hold_for_random_documents() {
    run(Format::Markdown, 3000, md_piece);
}
