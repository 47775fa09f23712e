//! Template syntax masking.
//!
//! Server and static-site templates put code inside the markup: `<?php ... ?>`,
//! `{{ ... }}`, `{% ... %}`, `{# ... #}`, `<% ... %>`, Blade's `@if(...)`.
//! Before parsing, each such range is replaced by spaces of the same byte
//! length (line breaks kept), so every offset in the masked copy is an
//! offset in the original, and `{% if x %} checked {% endif %}` is not read
//! as markup that decides anything by itself.

use std::ops::Range;

/// The masked copy and the ranges that were masked.
pub struct Masked {
    pub text: String,
    pub ranges: Vec<Range<usize>>,
}

/// Longest template expression we look for a closing delimiter in.
const MAX_TEMPLATE_LEN: usize = 16 * 1024;

/// Blade directives that are template logic (not CSS at-rules, not e-mail addresses).
const BLADE: &[&str] = &[
    "if",
    "elseif",
    "else",
    "endif",
    "unless",
    "endunless",
    "isset",
    "endisset",
    "empty",
    "endempty",
    "auth",
    "endauth",
    "guest",
    "endguest",
    "foreach",
    "endforeach",
    "for",
    "endfor",
    "forelse",
    "endforelse",
    "while",
    "endwhile",
    "php",
    "endphp",
    "csrf",
    "method",
    "checked",
    "selected",
    "disabled",
    "required",
    "include",
    "extends",
    "section",
    "endsection",
    "yield",
    "error",
    "enderror",
    "switch",
    "case",
    "break",
    "default",
    "endswitch",
    "lang",
    "json",
    "class",
    "style",
    "props",
    "component",
    "endcomponent",
    "slot",
    "endslot",
    "push",
    "endpush",
    "stack",
    "once",
    "endonce",
    "env",
    "endenv",
    "production",
    "endproduction",
    "can",
    "endcan",
    "cannot",
    "endcannot",
    "livewire",
    "vite",
];

/// Mask template syntax. Returns `None` when the text has none (the common case: no copy made).
pub fn mask(text: &str, blade: bool) -> Option<Masked> {
    let b = text.as_bytes();
    // quick reject
    let has_candidates = memchr_any(b, blade);
    if !has_candidates {
        return None;
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        // only `<`, `{` and `@` can open a tag: go straight to the next one
        match next_opener(b, i, blade) {
            Some(at) if at + 1 < b.len() => i = at,
            _ => break,
        }
        let c = b[i];
        let next = b[i + 1];
        let found = match (c, next) {
            // PHP and ERB blocks may run long and over blank lines; an unclosed `<?php` runs to the end
            (b'<', b'?') => close_far(text, i, "?>").or(Some(b.len())),
            (b'<', b'%') => close_far(text, i, "%>"),
            (b'{', b'{') => close(text, i, "}}").map(|e| {
                // `{{{ raw }}}`
                if b.get(e) == Some(&b'}') {
                    e + 1
                } else {
                    e
                }
            }),
            (b'{', b'%') => close(text, i, "%}"),
            (b'{', b'#') => close(text, i, "#}"),
            (b'@', _) if blade && next.is_ascii_alphabetic() => blade_directive(text, i),
            _ => None,
        };
        match found {
            Some(end) if end > i => {
                ranges.push(i..end);
                i = end;
            }
            _ => i += 1,
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut bytes = b.to_vec();
    for r in &ranges {
        for x in &mut bytes[r.clone()] {
            if *x != b'\n' && *x != b'\r' {
                *x = b' ';
            }
        }
    }
    // Only ASCII bytes were written over whole UTF-8 sequences, so this cannot fail;
    // fall back to a lossy copy rather than panic if it ever did.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Some(Masked { text, ranges })
}

fn memchr_any(b: &[u8], blade: bool) -> bool {
    let mut i = 0;
    while let Some(at) = next_opener(b, i, blade) {
        let Some(&next) = b.get(at + 1) else {
            return false;
        };
        if matches!(
            (b[at], next),
            (b'<', b'?') | (b'<', b'%') | (b'{', b'{') | (b'{', b'%') | (b'{', b'#')
        ) || (b[at] == b'@' && next.is_ascii_alphabetic())
        {
            return true;
        }
        i = at + 1;
    }
    false
}

/// The first byte at or after `from` that can open a template tag: `<`, `{`, and `@`
/// when looking for Blade. Blocks of 16 bytes without one are skipped with one test each
/// (a loop the compiler vectorises); the two scans of `mask` went from 8 instructions a
/// byte to about 2.
fn next_opener(b: &[u8], from: usize, blade: bool) -> Option<usize> {
    let at = if blade { b'@' } else { b'<' };
    let is_opener = |c: u8| (c == b'<') | (c == b'{') | (c == at);
    let mut i = from;
    while i + 16 <= b.len()
        && !b[i..i + 16]
            .iter()
            .fold(false, |any, &c| any | is_opener(c))
    {
        i += 16;
    }
    b[i..].iter().position(|&c| is_opener(c)).map(|p| i + p)
}

/// End (exclusive) of a code block starting at `start`, closed by `delim`, however far.
fn close_far(text: &str, start: usize, delim: &str) -> Option<usize> {
    crate::document::html::tokenizer::find(&text.as_bytes()[start + 2..], delim.as_bytes())
        .map(|off| start + 2 + off + delim.len())
}

/// End (exclusive) of the template expression starting at `start`, closed by `delim`.
fn close(text: &str, start: usize, delim: &str) -> Option<usize> {
    let limit = (start + MAX_TEMPLATE_LEN).min(text.len());
    let hay = &text.as_bytes()[start + 2..limit];
    let d = delim.as_bytes();
    let mut j = 0;
    while j + d.len() <= hay.len() {
        if hay[j] == d[0] && &hay[j..j + d.len()] == d {
            return Some(start + 2 + j + d.len());
        }
        // a template tag never spans a blank line
        if hay[j] == b'\n' && hay.get(j + 1) == Some(&b'\n') {
            return None;
        }
        j += 1;
    }
    None
}

fn blade_directive(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    // must start a word: not part of an e-mail address or a CSS at-rule inside a word
    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.' || b[at - 1] == b'-') {
        return None;
    }
    let mut e = at + 1;
    while e < b.len() && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    let word = &text[at + 1..e];
    if !BLADE.contains(&word) {
        return None;
    }
    // optional balanced (...) argument
    let mut k = e;
    while k < b.len() && b[k] == b' ' {
        k += 1;
    }
    if b.get(k) == Some(&b'(') {
        let mut depth = 0usize;
        let limit = (k + MAX_TEMPLATE_LEN).min(b.len());
        let mut j = k;
        while j < limit {
            match b[j] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j + 1);
                    }
                }
                b'\n' if b.get(j + 1) == Some(&b'\n') => return None,
                _ => {}
            }
            j += 1;
        }
        return None;
    }
    Some(e)
}

/// Does this template text decide a checked/selected state?
pub fn decides_checked(template: &str) -> bool {
    let t = template.to_ascii_lowercase();
    // CodeIgniter's set_checkbox(field, value, default) re-displays what the user
    // posted; only a TRUE default ticks the box on first display.
    for f in ["set_checkbox", "set_radio", "set_select"] {
        if let Some(i) = t.find(f) {
            let args = &t[i + f.len()..];
            let args = &args[..args.find(')').unwrap_or(args.len())];
            return args.contains("true");
        }
    }
    t.contains("checked") || t.contains("selected")
}

/// Does this template text open a conditional (`{% if`, `<?php if`, `@if`, `{{#if`)?
pub fn is_conditional_open(template: &str) -> bool {
    let t = template
        .trim_start_matches(|c: char| "<?%{#@-~ ".contains(c))
        .trim_start_matches("php")
        .trim_start();
    let t = t.to_ascii_lowercase();
    t.starts_with("if")
        || t.starts_with("unless")
        || t.starts_with("elseif")
        || t.starts_with("else")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_same_length() {
        let src = "<input {% if x %} checked {% endif %} name=\"a\"> <?php echo 'ø'; ?> {{ name }}";
        let m = mask(src, false).unwrap();
        assert_eq!(m.text.len(), src.len());
        assert_eq!(m.ranges.len(), 4);
        assert!(m.text.contains(" checked "));
        assert!(!m.text.contains("endif"));
        assert!(!m.text.contains("echo"));
    }

    #[test]
    fn leaves_plain_text_alone() {
        assert!(mask("Write to info@example.com { not a template }", true).is_none());
        assert!(mask("@media screen { a { b: c } }", true).is_none());
    }

    #[test]
    fn set_checkbox_default() {
        assert!(decides_checked(
            "<?php echo set_checkbox('n', '1', TRUE); ?>"
        ));
        assert!(!decides_checked("<?php echo set_checkbox('n', '1'); ?>"));
        assert!(decides_checked("{% if subscribed %}checked{% endif %}"));
    }

    #[test]
    fn blade() {
        let src = "<input type=\"checkbox\" @checked(old('news', true)) name=\"news\">";
        let m = mask(src, true).unwrap();
        assert_eq!(&src[m.ranges[0].clone()], "@checked(old('news', true))");
    }

    #[test]
    fn php_blocks_span_blank_lines() {
        let src = "<?php\n/* x */\n\nget_header();\n?>\n<p>Text</p>";
        let m = mask(src, false).unwrap();
        assert_eq!(m.ranges, vec![0..31]);
        assert!(m.text.ends_with("<p>Text</p>"));
    }

    #[test]
    fn unclosed_php_runs_to_end() {
        let m = mask("<p>a</p><?php echo 1;", false).unwrap();
        assert_eq!(m.ranges[0], 8..21);
    }
}
