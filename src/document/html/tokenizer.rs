//! A positional HTML tokenizer.
//!
//! It follows the WHATWG tokenizer where that matters for reading consent
//! forms (tag and attribute syntax, comments, raw-text elements, bogus
//! comments) and reports exact byte spans for every token and attribute, so
//! no second pass has to search the source again. It never fails: every
//! input is some sequence of tokens.

use std::ops::Range;

/// One attribute with its spans.
#[derive(Debug, Clone, Default)]
pub struct Attr {
    /// The attribute name (as written).
    pub name: Range<usize>,
    /// The value without quotes; empty range at the name end when there is no value.
    pub value: Range<usize>,
    /// From the name start to the end of the value (closing quote included).
    pub full: Range<usize>,
    pub has_value: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A start tag: `name` range; attributes are in the tokenizer's `attrs`.
    Start {
        span: Range<usize>,
        name: Range<usize>,
        self_closing: bool,
    },
    End {
        span: Range<usize>,
        name: Range<usize>,
    },
    /// Character data (entities not yet decoded).
    Text(Range<usize>),
    /// Text of a raw-text element (`<script>`, `<style>`, `<textarea>`, `<title>`).
    RawText(Range<usize>),
    Comment {
        span: Range<usize>,
        body: Range<usize>,
    },
    /// `<!DOCTYPE>`, `<?...>`, `<![CDATA[...]]>` and other markup declarations.
    Other(Range<usize>),
}

pub struct Tokenizer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Attributes of the last start tag.
    pub attrs: Vec<Attr>,
    /// After a raw-text element's start tag: its name, to find the end tag.
    raw_until: Option<&'static str>,
    /// Component syntax (JSX, Svelte, Astro): an unquoted attribute value that opens with
    /// `{` runs to its matching `}` (`on:click={() => go(a > b)}` is one value), and a
    /// `{...spread}` in a tag is skipped as one piece. Off for HTML.
    pub braces: bool,
}

const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokenizer {
            src,
            b: src.as_bytes(),
            pos: 0,
            attrs: Vec::new(),
            raw_until: None,
            braces: false,
        }
    }

    pub fn src(&self) -> &'a str {
        self.src
    }

    pub fn next_token(&mut self) -> Option<Token> {
        if self.pos >= self.b.len() {
            return None;
        }
        if let Some(name) = self.raw_until.take() {
            let start = self.pos;
            let end = self.find_end_tag(start, name);
            self.pos = end;
            if end > start {
                return Some(Token::RawText(start..end));
            }
        }
        let start = self.pos;
        if self.b[start] == b'<' {
            if let Some(t) = self.markup(start) {
                return Some(t);
            }
        }
        // text up to the next '<' that opens markup
        let mut i = start + 1;
        loop {
            match memchr(b'<', &self.b[i.min(self.b.len())..]) {
                None => {
                    i = self.b.len();
                    break;
                }
                Some(off) => {
                    i += off;
                    if self.opens_markup(i) {
                        break;
                    }
                    i += 1;
                }
            }
        }
        self.pos = i;
        Some(Token::Text(start..i))
    }

    fn opens_markup(&self, i: usize) -> bool {
        match self.b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(b'/') | Some(b'!') | Some(b'?') => true,
            _ => false,
        }
    }

    fn markup(&mut self, start: usize) -> Option<Token> {
        let b = self.b;
        match b.get(start + 1)? {
            b'!' => {
                if b[start..].starts_with(b"<!--") {
                    let body_start = start + 4;
                    // `<!-->` and `<!--->` are (empty) comments
                    if b[body_start..].starts_with(b">") {
                        self.pos = body_start + 1;
                        return Some(Token::Comment {
                            span: start..self.pos,
                            body: body_start..body_start,
                        });
                    }
                    if b[body_start..].starts_with(b"->") {
                        self.pos = body_start + 2;
                        return Some(Token::Comment {
                            span: start..self.pos,
                            body: body_start..body_start,
                        });
                    }
                    let (body_end, end) = match find(&b[body_start..], b"-->") {
                        Some(off) => (body_start + off, body_start + off + 3),
                        None => match find(&b[body_start..], b"--!>") {
                            Some(off) => (body_start + off, body_start + off + 4),
                            None => (b.len(), b.len()),
                        },
                    };
                    self.pos = end;
                    return Some(Token::Comment {
                        span: start..end,
                        body: body_start..body_end,
                    });
                }
                if b[start..].starts_with(b"<![CDATA[") {
                    let end = find(&b[start..], b"]]>")
                        .map(|o| start + o + 3)
                        .unwrap_or(b.len());
                    self.pos = end;
                    return Some(Token::Other(start..end));
                }
                let end = memchr(b'>', &b[start..])
                    .map(|o| start + o + 1)
                    .unwrap_or(b.len());
                self.pos = end;
                Some(Token::Other(start..end))
            }
            b'?' => {
                let end = memchr(b'>', &b[start..])
                    .map(|o| start + o + 1)
                    .unwrap_or(b.len());
                self.pos = end;
                Some(Token::Other(start..end))
            }
            b'/' => {
                let name_start = start + 2;
                match b.get(name_start) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_end = self.scan_name(name_start);
                        // skip anything up to '>' (attributes on end tags are ignored)
                        let end = self.skip_attributes(name_end, false);
                        self.pos = end;
                        Some(Token::End {
                            span: start..end,
                            name: name_start..name_end,
                        })
                    }
                    Some(b'>') => {
                        // `</>` is ignored
                        self.pos = start + 3;
                        Some(Token::Other(start..start + 3))
                    }
                    Some(_) => {
                        // bogus comment
                        let end = memchr(b'>', &b[start..])
                            .map(|o| start + o + 1)
                            .unwrap_or(b.len());
                        self.pos = end;
                        Some(Token::Other(start..end))
                    }
                    None => None,
                }
            }
            c if c.is_ascii_alphabetic() => {
                let name_start = start + 1;
                let name_end = self.scan_name(name_start);
                self.attrs.clear();
                let end = self.skip_attributes(name_end, true);
                self.pos = end;
                let self_closing = end >= 2 && b[end - 1] == b'>' && b[end - 2] == b'/';
                let name = &self.src[name_start..name_end];
                if let Some(raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                    if !self_closing {
                        self.raw_until = Some(raw);
                    }
                }
                Some(Token::Start {
                    span: start..end,
                    name: name_start..name_end,
                    self_closing,
                })
            }
            _ => None,
        }
    }

    fn scan_name(&self, mut i: usize) -> usize {
        let b = self.b;
        while i < b.len() {
            match b[i] {
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' => break,
                _ => i += 1,
            }
        }
        i
    }

    /// Parse attributes from `i` up to and including the closing `>`; returns the end.
    fn skip_attributes(&mut self, mut i: usize, record: bool) -> usize {
        let b = self.b;
        loop {
            // before attribute name
            while i < b.len() && (is_ws(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                return b.len();
            }
            if b[i] == b'>' {
                return i + 1;
            }
            if self.braces && b[i] == b'{' {
                // `{...props}` or Svelte's `{checked}` shorthand: one piece, no attribute
                i = brace_end(b, i);
                continue;
            }
            // attribute name: a leading '=' is part of the name
            let name_start = i;
            i += 1;
            while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' && b[i] != b'=' {
                i += 1;
            }
            let name_end = i;
            // after attribute name
            let mut j = i;
            while j < b.len() && is_ws(b[j]) {
                j += 1;
            }
            let mut attr = Attr {
                name: name_start..name_end,
                value: name_end..name_end,
                full: name_start..name_end,
                has_value: false,
            };
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && is_ws(b[j]) {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vstart = j + 1;
                    let vend = memchr(q, &b[vstart..])
                        .map(|o| vstart + o)
                        .unwrap_or(b.len());
                    attr.value = vstart..vend;
                    attr.full = name_start..(vend + 1).min(b.len());
                    attr.has_value = true;
                    i = (vend + 1).min(b.len());
                } else if j < b.len() && b[j] == b'>' {
                    // `name=>`: empty value
                    attr.value = j..j;
                    attr.full = name_start..j;
                    attr.has_value = true;
                    i = j;
                } else if self.braces && j < b.len() && b[j] == b'{' {
                    let vstart = j;
                    j = brace_end(b, j);
                    attr.value = vstart..j;
                    attr.full = name_start..j;
                    attr.has_value = true;
                    i = j;
                } else {
                    let vstart = j;
                    while j < b.len() && !is_ws(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    attr.value = vstart..j;
                    attr.full = name_start..j;
                    attr.has_value = true;
                    i = j;
                }
            }
            if record {
                self.attrs.push(attr);
            }
        }
    }

    fn find_end_tag(&self, from: usize, name: &str) -> usize {
        let b = self.b;
        let mut i = from;
        while let Some(off) = find(&b[i..], b"</") {
            let at = i + off;
            let n = at + 2;
            if b.len() >= n + name.len()
                && b[n..n + name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    b.get(n + name.len()),
                    None | Some(b'>')
                        | Some(b'/')
                        | Some(b' ')
                        | Some(b'\t')
                        | Some(b'\n')
                        | Some(b'\r')
                        | Some(b'\x0c')
                )
            {
                return at;
            }
            i = at + 2;
        }
        b.len()
    }
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

pub(crate) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match memchr(first, &hay[i..=hay.len() - needle.len()]) {
            None => return None,
            Some(off) => {
                i += off;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<(Token, Vec<(String, String, String)>)> {
        let mut t = Tokenizer::new(src);
        let mut out = Vec::new();
        while let Some(tok) = t.next_token() {
            let attrs = if matches!(tok, Token::Start { .. }) {
                t.attrs
                    .iter()
                    .map(|a| {
                        (
                            src[a.name.clone()].to_string(),
                            src[a.value.clone()].to_string(),
                            src[a.full.clone()].to_string(),
                        )
                    })
                    .collect()
            } else {
                vec![]
            };
            out.push((tok, attrs));
        }
        out
    }

    #[test]
    fn attributes_have_exact_spans() {
        let src = r#"<input type=checkbox checked name='a b' value="x>y" data-x = "1"/>"#;
        let toks = tokens(src);
        let attrs = &toks[0].1;
        assert_eq!(
            attrs[0],
            ("type".into(), "checkbox".into(), "type=checkbox".into())
        );
        assert_eq!(attrs[1], ("checked".into(), "".into(), "checked".into()));
        assert_eq!(attrs[2], ("name".into(), "a b".into(), "name='a b'".into()));
        assert_eq!(
            attrs[3],
            ("value".into(), "x>y".into(), "value=\"x>y\"".into())
        );
        assert_eq!(attrs[4].2, "data-x = \"1\"");
        assert!(matches!(
            toks[0].0,
            Token::Start {
                self_closing: true,
                ..
            }
        ));
    }

    #[test]
    fn unquoted_value_does_not_overshoot() {
        let src = "<input checked=checked>x";
        let toks = tokens(src);
        assert_eq!(toks[0].1[0].2, "checked=checked");
        assert_eq!(toks[1].0, Token::Text(23..24));
    }

    #[test]
    fn raw_text_and_comments() {
        let src = "<script>if (a<b) { '<input checked>' }</script><!-- c --><p>t";
        let toks = tokens(src);
        assert!(matches!(toks[1].0, Token::RawText(_)));
        assert!(matches!(toks[2].0, Token::End { .. }));
        match &toks[3].0 {
            Token::Comment { body, .. } => assert_eq!(&src[body.clone()], " c "),
            t => panic!("{t:?}"),
        }
    }

    #[test]
    fn lone_lt_is_text() {
        let src = "a < b <3 and <<p>";
        let toks = tokens(src);
        assert_eq!(toks[0].0, Token::Text(0..14));
    }

    #[test]
    fn unterminated_everything() {
        for src in [
            "<input checked",
            "<!-- x",
            "<a href=\"x",
            "</",
            "<!",
            "<?",
            "<script>x",
        ] {
            let toks = tokens(src);
            let _ = toks; // must not panic or loop
        }
    }
}

/// The end (exclusive) of the `{...}` that opens at `start`: braces balanced, string and
/// template literals skipped; the end of the input when it never closes.
pub(crate) fn brace_end(b: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}
