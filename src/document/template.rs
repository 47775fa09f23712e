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
    // string bodies read as markup, with the escapes (`\'`, `\n`) to blank inside them
    let mut restore: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        // only `<`, `{` and `@` can open a tag: go straight to the next one
        match next_opener(b, i, blade) {
            Some(at) if at + 1 < b.len() => i = at,
            _ => break,
        }
        let c = b[i];
        let next = b[i + 1];
        if (c, next) == (b'<', b'?') {
            // PHP blocks may run long and over blank lines; an unclosed `<?php` runs to the end.
            // Markup inside its string literals (`echo '<input ... checked> Ja tak';`) is read
            // in place: only the code around it is masked.
            let end = close_far(text, i, "?>").unwrap_or(b.len());
            let mut from = i;
            for (body, escapes, interpolates) in php_markup_strings(text, i, end) {
                if body.start > from {
                    ranges.push(from..body.start);
                }
                if interpolates {
                    ranges.extend(php_variables(b, body.clone(), &escapes));
                }
                restore.push((body.clone(), escapes));
                from = body.end;
            }
            if from == i {
                if let Some((body, escapes)) = translated_literal(text, i..end) {
                    ranges.push(i..body.start);
                    from = body.end;
                    restore.push((body, escapes));
                }
            }
            if end > from {
                ranges.push(from..end);
            }
            i = end.max(i + 1);
            continue;
        }
        let found = match (c, next) {
            (b'{', b'!') if b.get(i + 2) == Some(&b'!') => close(text, i, "!!}"),
            (b'{', b'%') if opens_block(text, i, "comment") => close_block(text, i, "endcomment"),
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
            // Smarty's single-brace tags (`{if $x}checked{/if}`, `{l s='Text'}`)
            (b'{', _) => smarty_tag(text, i),
            _ => None,
        };
        match found {
            Some(end) if end > i => {
                // a translation call whose argument is the text itself (`{{ __('Sign up
                // for our newsletter') }}`, `{% trans "..." %}`, `{l s='...'}`): the
                // literal is the words the page shows, read in place
                if let Some((body, escapes)) = translated_literal(text, i..end) {
                    ranges.push(i..body.start);
                    ranges.push(body.end..end);
                    restore.push((body, escapes));
                } else {
                    ranges.push(i..end);
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    if ranges.is_empty() && restore.is_empty() {
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
    // an escape in a string read as markup: `\'` and `\"` keep their quote, `\n`, `\t`
    // (a letter) are blanked whole, so the markup reads as PHP prints it
    for (_, escapes) in &restore {
        for &e in escapes {
            bytes[e] = b' ';
            if bytes.get(e + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
                bytes[e + 1] = b' ';
            }
        }
    }
    // PHP variables interpolated into a double-quoted string or heredoc are code
    ranges.sort_by_key(|r| r.start);
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
            (b'<', b'?') | (b'<', b'%') | (b'{', b'{') | (b'{', b'%') | (b'{', b'#') | (b'{', b'!')
        ) || (b[at] == b'@' && next.is_ascii_alphabetic())
            || (b[at] == b'{' && smarty_tag_bytes(b, at).is_some())
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
    // `@php ... @endphp` is a block of code: mask all of it
    if word == "php" && !text[e..].trim_start_matches(' ').starts_with('(') {
        return crate::document::html::tokenizer::find(&b[e..], b"@endphp")
            .map(|off| e + off + "@endphp".len());
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

/// Smarty's single-brace tags that are logic or a translation: `{if ...}`, `{elseif
/// ...}`, `{else}`, `{/if}`, `{foreach ...}`, `{/foreach}`, `{l s='...'}` (PrestaShop).
/// Other braces (`{ not a template }`, CSS, JavaScript) are left alone. End (exclusive).
fn smarty_tag(text: &str, at: usize) -> Option<usize> {
    smarty_tag_bytes(text.as_bytes(), at)
}

fn smarty_tag_bytes(b: &[u8], at: usize) -> Option<usize> {
    let rest = &b[at + 1..b.len().min(at + 1 + MAX_TEMPLATE_LEN)];
    let opens = [
        &b"if "[..],
        b"if $",
        b"elseif ",
        b"else}",
        b"/if}",
        b"foreach ",
        b"/foreach}",
        b"l s=",
    ];
    if !opens.iter().any(|o| rest.starts_with(o)) {
        return None;
    }
    // closed on the same line, outside a quoted string
    let mut quote = None;
    for (k, &c) in rest.iter().enumerate() {
        match (quote, c) {
            (_, b'\n') => return None,
            (None, b'\'' | b'"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'}') => return Some(at + 1 + k + 1),
            _ => {}
        }
    }
    None
}

/// Translation functions whose string argument is the text the page shows (gettext
/// style: WordPress `__()`, `_e()`, `esc_html__()`, Laravel `__()`, `trans()`, `@lang()`,
/// Django and Jinja `_()`, `gettext()`, `{% trans %}`, Twig's `|trans` filter, Yii's
/// `Yii::t('app', '...')`, PrestaShop's `{l s='...'}`).
const TRANSLATE_FNS: &[&str] = &[
    "__",
    "_e",
    "_x",
    "_ex",
    "_",
    "esc_html__",
    "esc_html_e",
    "esc_html_x",
    "esc_attr__",
    "esc_attr_e",
    "esc_attr_x",
    "gettext",
    "ugettext",
    "trans",
    "translate",
    "t",
    "lang",
    "i18n",
    "_t",
    "l",
];

/// The string literal of a translation call in the template range `r` whose text is
/// words (it holds a space: `'auth.newsletter'` is a key, not text), with the offsets of
/// the backslashes inside it.
fn translated_literal(text: &str, r: Range<usize>) -> Option<(Range<usize>, Vec<usize>)> {
    let b = text.as_bytes();
    let code = text.get(r.clone())?;
    let mut k = r.start;
    // the opener
    for o in [
        "<?php", "<?=", "<?", "<%=", "<%", "{{-", "{{", "{%-", "{%", "{!!", "{", "@",
    ] {
        if code.starts_with(o) {
            k += o.len();
            break;
        }
    }
    let skip_ws = |mut k: usize| {
        while k < r.end && b[k].is_ascii_whitespace() {
            k += 1;
        }
        k
    };
    k = skip_ws(k);
    for kw in ["echo ", "print "] {
        if text[k..r.end].starts_with(kw) {
            k = skip_ws(k + kw.len());
        }
    }
    // a literal at `k`: its body and escapes, and the offset past its closing quote
    let literal = |k: usize| -> Option<(Range<usize>, Vec<usize>, usize)> {
        let q = *b.get(k)?;
        if q != b'\'' && q != b'"' {
            return None;
        }
        let mut escapes = Vec::new();
        let mut j = k + 1;
        while j < r.end {
            match b[j] {
                b'\\' => {
                    escapes.push(j);
                    j += 2;
                    continue;
                }
                c if c == q => return Some((k + 1..j, escapes, j + 1)),
                b'\n' => return None,
                _ => {}
            }
            j += 1;
        }
        None
    };
    let words = |body: &Range<usize>| {
        let t = &text[body.clone()];
        t.contains(' ') && t.chars().any(char::is_alphabetic)
    };
    // Twig and Jinja filters: `{{ 'Sign up'|trans }}`
    if let Some((body, esc, after)) = literal(k) {
        let rest = text[after..r.end].trim_start();
        let filtered = rest.strip_prefix('|').is_some_and(|f| {
            let name: String = f
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            TRANSLATE_FNS.contains(&name.as_str())
        });
        return (filtered && words(&body)).then_some((body, esc));
    }
    // the function's name, after any receiver (`$this->__`, `Yii::t`, `i18n.t`)
    let start = k;
    while k < r.end
        && (b[k].is_ascii_alphanumeric() || matches!(b[k], b'_' | b'$' | b'.' | b':' | b'-' | b'>'))
    {
        if b[k] == b'-' && b.get(k + 1) != Some(&b'>') {
            break;
        }
        k += 1;
    }
    let full = &text[start..k];
    let name = full.rsplit(['.', ':', '>']).next().unwrap_or(full);
    if !TRANSLATE_FNS.contains(&name) {
        return None;
    }
    k = skip_ws(k);
    // PrestaShop `{l s='...'}`
    if name == "l" {
        let rest = &text[k..r.end];
        let at = rest.strip_prefix("s=")?;
        let (body, esc, _) = literal(r.end - at.len())?;
        return words(&body).then_some((body, esc));
    }
    // Django `{% trans "..." %}`: no parentheses
    if b.get(k) != Some(&b'(') {
        let (body, esc, _) = literal(k)?;
        return words(&body).then_some((body, esc));
    }
    // a call: its first argument (Yii's `t('app', '...')`: the second, after the
    // category; WordPress's `_x('Accept', 'context note')`: never the translator's note)
    k = skip_ws(k + 1);
    let args = if name == "t" { 2 } else { 1 };
    for _ in 0..args {
        let (body, esc, after) = literal(k)?;
        if words(&body) {
            return Some((body, esc));
        }
        k = skip_ws(after);
        if b.get(k) != Some(&b',') {
            return None;
        }
        k = skip_ws(k + 1);
    }
    None
}

/// Does the `{%` at `at` open the block tag `name` (`{% comment %}`, `{%- comment -%}`)?
fn opens_block(text: &str, at: usize, name: &str) -> bool {
    let rest = text[at + 2..].trim_start_matches(['-', ' ', '\t']);
    rest.len() >= name.len()
        && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && rest[name.len()..]
            .trim_start_matches(['-', ' ', '\t'])
            .starts_with("%}")
}

/// End of a block whose closing tag holds `end_name` (`{% endcomment %}`): all of it is masked.
fn close_block(text: &str, at: usize, end_name: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut j = at + 2;
    while let Some(off) = crate::document::html::tokenizer::find(&b[j..], b"{%") {
        let k = j + off;
        if opens_block(text, k, end_name) {
            return close(text, k, "%}");
        }
        j = k + 2;
    }
    None
}

/// String literals of the PHP block `start..end` (from `<?` to past `?>`) that hold
/// markup (a `<` before a letter, `/` or `!`): their bodies, each with the offsets of the
/// backslashes of its escapes. Comments, single- and double-quoted strings, heredoc and
/// nowdoc are told apart so that a quote in a comment does not open a string.
fn php_markup_strings(
    text: &str,
    start: usize,
    end: usize,
) -> Vec<(Range<usize>, Vec<usize>, bool)> {
    let b = &text.as_bytes()[..end];
    let mut out = Vec::new();
    let mut i = start + 2;
    let looks_like_markup = |body: &[u8]| {
        body.windows(2)
            .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_comment_end(b, i),
            b'#' if b.get(i + 1) != Some(&b'[') => i = line_comment_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = crate::document::html::tokenizer::find(&b[i + 2..], b"*/")
                    .map_or(b.len(), |o| i + 2 + o + 2)
            }
            q @ (b'\'' | b'"') => {
                let body_start = i + 1;
                let mut j = body_start;
                let mut escapes = Vec::new();
                while j < b.len() && b[j] != q {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        // in single quotes only `\'` and `\\` are escapes
                        if q == b'"' || matches!(b[j + 1], b'\'' | b'\\') {
                            escapes.push(j);
                        }
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                let body_end = j.min(b.len());
                if j < b.len() && looks_like_markup(&b[body_start..body_end]) {
                    out.push((body_start..body_end, escapes, q == b'"'));
                }
                i = body_end + 1;
            }
            b'<' if b[i..].starts_with(b"<<<") => {
                // heredoc `<<<ID`, `<<<"ID"`, nowdoc `<<<'ID'`: the body runs to a line
                // that starts (after indentation) with ID
                let mut k = i + 3;
                while k < b.len() && matches!(b[k], b' ' | b'\t') {
                    k += 1;
                }
                let quote = matches!(b.get(k), Some(b'\'' | b'"'));
                if quote {
                    k += 1;
                }
                let id_start = k;
                while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                    k += 1;
                }
                let id = &b[id_start..k];
                let Some(nl) = b[k..].iter().position(|&c| c == b'\n') else {
                    i = b.len();
                    continue;
                };
                if id.is_empty() {
                    i = k;
                    continue;
                }
                let body_start = k + nl + 1;
                let mut line = body_start;
                let mut body_end = None;
                while line < b.len() {
                    let t = line
                        + b[line..]
                            .iter()
                            .take_while(|c| matches!(c, b' ' | b'\t'))
                            .count();
                    if b[t..].starts_with(id)
                        && !b
                            .get(t + id.len())
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    {
                        body_end = Some((line.saturating_sub(1).max(body_start), t + id.len()));
                        break;
                    }
                    match b[line..].iter().position(|&c| c == b'\n') {
                        Some(o) => line += o + 1,
                        None => break,
                    }
                }
                let Some((be, after)) = body_end else {
                    i = b.len();
                    continue;
                };
                if looks_like_markup(&b[body_start..be]) {
                    out.push((
                        body_start..be,
                        Vec::new(),
                        !quote || b[id_start - 1] == b'"',
                    ));
                }
                i = after;
            }
            b'?' if b.get(i + 1) == Some(&b'>') => break,
            _ => i += 1,
        }
    }
    out
}

/// Variables interpolated into a double-quoted string or heredoc body: `$name`,
/// `$a->b`, `$a['k']`, `{$expr}`. They are code, masked like the code around the string.
fn php_variables(b: &[u8], body: Range<usize>, escapes: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = body.start;
    while i < body.end {
        let escaped = i > body.start && escapes.binary_search(&(i - 1)).is_ok();
        if b[i] == b'{' && b.get(i + 1) == Some(&b'$') && !escaped {
            let close = b[i..body.end].iter().position(|&c| c == b'}');
            let e = close.map_or(body.end, |o| i + o + 1);
            out.push(i..e);
            i = e;
            continue;
        }
        if b[i] == b'$'
            && !escaped
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            let mut e = i + 1;
            loop {
                while e < body.end && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                    e += 1;
                }
                if b[e..body.end].starts_with(b"->")
                    && b.get(e + 2)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                {
                    e += 2;
                    continue;
                }
                if e < body.end && b[e] == b'[' {
                    if let Some(o) = b[e..body.end].iter().position(|&c| c == b']') {
                        e += o + 1;
                    }
                }
                break;
            }
            out.push(i..e);
            i = e;
            continue;
        }
        i += 1;
    }
    out
}

/// End of a `//` or `#` comment: the line end, or a `?>` (which ends PHP even in a comment).
fn line_comment_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && b[j] != b'\n' {
        if b[j] == b'?' && b.get(j + 1) == Some(&b'>') {
            return j;
        }
        j += 1;
    }
    j
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

/// Does this template code hold a branch (`if`, `else`, `elseif`, `unless`, `case`,
/// `when`, a `? :`)? Code such as `<?php if ($privacy == 'Y') { echo ('` right before an
/// `<input ... checked>` makes the box checked only on that branch.
pub fn is_branch(template: &str) -> bool {
    template
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| {
            ["if", "else", "elseif", "elif", "unless", "case", "when"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
        })
        || template.contains(" ? ")
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
    fn translation_literals_are_read_in_place() {
        for src in [
            "<label><?php _e('Sign up for our newsletter'); ?></label>",
            "<label><?php echo esc_html__( 'Sign up for our newsletter', 'shop' ); ?></label>",
            "<label>{{ __('Sign up for our newsletter') }}</label>",
            "<label>{% trans \"Sign up for our newsletter\" %}</label>",
            "<label>{{ 'Sign up for our newsletter'|trans }}</label>",
            "<label><?= Yii::t('app', 'Sign up for our newsletter') ?></label>",
            "<label>{l s='Sign up for our newsletter' mod='blocknewsletter'}</label>",
            "<label>@lang('Sign up for our newsletter')</label>",
        ] {
            let m = mask(src, true).unwrap();
            assert_eq!(m.text.len(), src.len(), "{src}");
            let at = src.find("Sign up").unwrap();
            assert_eq!(&m.text[at..at + 26], "Sign up for our newsletter", "{src}");
            assert!(
                !m.text.contains("trans") && !m.text.contains("_e("),
                "{src}"
            );
        }
        // a key is not text, and other calls stay code
        for src in [
            "<label>{{ __('auth.newsletter') }}</label>",
            "<label><?php echo $x ? 'Yes please' : 'No thanks'; ?></label>",
            "<label>{{ format('Sign up for our newsletter') }}</label>",
        ] {
            let m = mask(src, true).unwrap();
            assert!(
                !m.text.contains("newsletter") && !m.text.contains("please"),
                "{src}"
            );
        }
    }

    #[test]
    fn smarty_logic_is_masked() {
        let src = "<input type=\"checkbox\" {if $smarty.post.news == '1'}checked=\"checked\"{/if}>";
        let m = mask(src, true).unwrap();
        assert_eq!(m.ranges.len(), 2);
        assert!(m.text.contains("checked=\"checked\""));
        assert!(!m.text.contains("smarty"));
        assert!(mask("<p>Prices { from 10 } and {else} in text</p>", true)
            .is_none_or(|m| m.text.contains("from 10")));
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

#[cfg(test)]
mod markup_in_code {
    use super::*;

    fn shown(src: &str) -> String {
        mask(src, true).map_or(src.to_string(), |m| {
            assert_eq!(m.text.len(), src.len());
            m.text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
    }

    #[test]
    fn php_echo_single_quoted() {
        let src = "<?php echo '<input type=\"checkbox\" name=\"privacy\" checked> Ja tak'; ?>";
        assert_eq!(
            shown(src),
            "<input type=\"checkbox\" name=\"privacy\" checked> Ja tak"
        );
        let m = mask(src, true).unwrap();
        assert_eq!(&src[m.ranges[0].clone()], "<?php echo '");
        assert_eq!(&src[m.ranges[1].clone()], "'; ?>");
    }

    #[test]
    fn php_double_quoted_with_escapes_and_variables() {
        let src = "<?php print \"<label><input type=\\\"checkbox\\\" $attrs checked> Send me {$t['news']}</label>\\n\"; ?>";
        assert_eq!(
            shown(src),
            "<label><input type= \"checkbox \" checked> Send me </label>"
        );
    }

    #[test]
    fn php_heredoc_and_nowdoc() {
        let src = "<?php\necho <<<HTML\n  <p>Vi sender nyhedsbrevet til $email</p>\n  HTML;\necho <<<'X'\n<p>Raw $x</p>\nX;\n?>";
        assert_eq!(
            shown(src),
            "<p>Vi sender nyhedsbrevet til </p> <p>Raw $x</p>"
        );
    }

    #[test]
    fn php_strings_without_markup_stay_masked() {
        assert_eq!(shown("<?php if ($a) echo 'checked'; // it's <b> ?>x"), "x");
    }

    #[test]
    fn php_comment_quote_does_not_open_a_string() {
        let src = "<?php // don't\n echo '<p>Yes</p>'; /* '<b>' */ ?>";
        assert_eq!(shown(src), "<p>Yes</p>");
    }

    #[test]
    fn php_interleaving() {
        assert_eq!(
            shown("<?php if ($x): ?><p>Tekst</p><?php endif; ?>"),
            "<p>Tekst</p>"
        );
    }

    #[test]
    fn blade_raw_echo_and_php_block() {
        assert_eq!(
            shown("<label>{!! Form::text('allergies', null) !!} Allergies</label>"),
            "<label> Allergies</label>"
        );
        assert_eq!(
            shown("<p>A</p>@php\n$x = '<b>';\n\n$y = 2;\n@endphp<p>B</p>"),
            "<p>A</p> <p>B</p>"
        );
    }

    #[test]
    fn liquid_comment_block() {
        assert_eq!(
            shown("<p>A</p>{% comment %}<p>hidden</p>{% endcomment %}{% raw %}<p>{{ raw }}</p>{% endraw %}"),
            "<p>A</p> <p> </p>"
        );
    }

    #[test]
    fn never_panics_on_truncated_code() {
        for src in [
            "<?php echo '<b",
            "<?php echo \"<b>\\",
            "<?php <<<",
            "<?php <<<X\n<b>",
            "<?php <<<'",
            "{!!",
            "{% comment %}",
            "@php",
            "<?php echo \"<b>{$",
            "<?php echo \"<b>$a->",
        ] {
            let _ = mask(src, true);
        }
    }
}
