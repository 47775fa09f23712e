//! Checkboxes that a server template's form helper renders.
//!
//! Web teams rarely write `<input type="checkbox">` by hand in server templates; a
//! helper prints it. The helper's arguments say what the markup would: the name, the
//! default state, `required`, and sometimes the label:
//!
//! - Laravel Collective: `{{ Form::checkbox('newsletter', 1, true, ['id' => 'nl', 'required']) }}`,
//!   labelled by `<label for="nl">` or `{{ Form::label('nl', 'Send me news') }}`;
//! - CodeIgniter: `form_checkbox('newsletter', 'yes', TRUE)` or `form_checkbox(['name' => ..., 'checked' => TRUE])`,
//!   labelled by `form_label('Send me news', 'nl')`;
//! - Rails: `<%= f.check_box :newsletter, checked: true %>`, `check_box_tag 'newsletter', '1', true`,
//!   labelled by `<%= f.label :newsletter, "Send me news" %>`;
//! - array-driven helpers of home-grown PHP frameworks:
//!   `$model->input("maillist", array("type" => "checkbox", "label" => "Jeg vil gerne modtage nyhedsbrevet"))`.
//!
//! The template text was masked before the markup was parsed ([`super::template`]);
//! this module reads the masked ranges back and says where each helper box is. Only
//! literal arguments decide anything: `Form::checkbox('x', 1, old('x'))` re-shows the
//! visitor's own choice and is not a default.

use std::ops::Range;

/// A checkbox a template helper renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperBox {
    /// The helper call (absolute source offsets).
    pub span: Range<usize>,
    pub name: Option<String>,
    pub id: Option<String>,
    /// The literal that makes it checked by default (`true`, `TRUE`, `'checked'`).
    pub checked: Option<Range<usize>>,
    pub required: bool,
    /// The body of a label string given in the call itself (`"label" => "..."`).
    pub label: Option<Range<usize>>,
}

/// A label helper: the id or name it labels and the body of its text literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperLabel {
    pub target: String,
    pub text: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string literal; the range is its body (without quotes).
    Str,
    /// A bare word or number (`true`, `TRUE`, `1`, `null`).
    Word,
    /// A Ruby symbol (`:newsletter`); the range is the name.
    Sym,
    /// `=>`
    Arrow,
    /// Any other character: `(`, `)`, `[`, `]`, `{`, `}`, `,`, `:`.
    Punct(u8),
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    range: Range<usize>,
}

/// Tokens of template code `s` (offsets relative to `s`).
fn tokens(s: &str) -> Vec<Tok> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != c {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                out.push(Tok {
                    kind: Kind::Str,
                    range: i + 1..end,
                });
                i = end + 1;
            }
            b'=' if b.get(i + 1) == Some(&b'>') => {
                out.push(Tok {
                    kind: Kind::Arrow,
                    range: i..i + 2,
                });
                i += 2;
            }
            b':' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_')
                && !(i > 0 && b[i - 1] == b':') =>
            {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                out.push(Tok {
                    kind: Kind::Sym,
                    range: i + 1..j,
                });
                i = j;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                out.push(Tok {
                    kind: Kind::Word,
                    range: i..j,
                });
                i = j;
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' => {
                out.push(Tok {
                    kind: Kind::Punct(c),
                    range: i..i + 1,
                });
                i += 1;
            }
            _ => i += if c < 0x80 { 1 } else { utf8_len(c) },
        }
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The arguments of the call whose name ends at token `at`: token slices split at the
/// commas of depth 0, up to the closing parenthesis (or, for Ruby's call without
/// parentheses, to the end of the code).
fn args(toks: &[Tok], at: usize) -> Vec<&[Tok]> {
    let mut i = at + 1;
    let paren = matches!(
        toks.get(i),
        Some(Tok {
            kind: Kind::Punct(b'('),
            ..
        })
    );
    if paren {
        i += 1;
    }
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = i;
    while i < toks.len() {
        match toks[i].kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            Kind::Punct(b',') if depth == 0 => {
                out.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < i {
        out.push(&toks[start..i]);
    }
    out
}

/// Key-value pairs of an options array or hash (`'id' => 'x'`, `checked: true`,
/// `:checked => true`), and bare strings (`'required'`) as keys without a value.
fn pairs<'t>(toks: &'t [Tok], s: &str) -> Vec<(String, Option<&'t Tok>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if matches!(t.kind, Kind::Str | Kind::Word | Kind::Sym) {
            let key = s[t.range.clone()].to_ascii_lowercase();
            let sep = toks.get(i + 1).map(|n| n.kind);
            if matches!(sep, Some(Kind::Arrow | Kind::Punct(b':'))) {
                out.push((key, toks.get(i + 2)));
                i += 3;
                continue;
            }
            if t.kind == Kind::Str
                && matches!(sep, None | Some(Kind::Punct(b',' | b']' | b')' | b'}')))
            {
                out.push((key, None));
            }
        }
        i += 1;
    }
    out
}

fn literal(t: &Tok, s: &str) -> Option<String> {
    matches!(t.kind, Kind::Str | Kind::Sym).then(|| s[t.range.clone()].to_string())
}

/// Is this token a literal that turns the box on (`true`, `TRUE`, `'checked'`)?
fn truthy(t: &Tok, s: &str) -> bool {
    let v = &s[t.range.clone()];
    match t.kind {
        Kind::Word => v.eq_ignore_ascii_case("true"),
        Kind::Str => v.eq_ignore_ascii_case("checked") || v.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn is_word(t: &Tok, s: &str, w: &str) -> bool {
    t.kind == Kind::Word && s[t.range.clone()].eq_ignore_ascii_case(w)
}

/// The helper boxes and label helpers in one masked template range `code` that starts at
/// absolute offset `at`.
pub fn read(code: &str, at: usize, boxes: &mut Vec<HelperBox>, labels: &mut Vec<HelperLabel>) {
    // cheap gate: most template code prints a variable
    let lower = code.to_ascii_lowercase();
    if !(lower.contains("checkbox") || lower.contains("check_box") || lower.contains("label")) {
        return;
    }
    let toks = tokens(code);
    let abs = |r: &Range<usize>| at + r.start..at + r.end;
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Kind::Word {
            continue;
        }
        let word = &code[t.range.clone()];
        // `Form::checkbox`, `Form::label` (Laravel Collective's facade)
        let prev_colon = code[..t.range.start]
            .to_ascii_lowercase()
            .ends_with("form::");
        match word {
            // Form::checkbox(name, value, checked, options)
            "checkbox" if prev_colon => {
                let a = args(&toks, k);
                let mut b = positional(&a, code, at, 2, 3, t, &toks);
                b.span.start -= "Form::".len();
                boxes.push(b);
            }
            // form_checkbox(name | data, value, checked, extra)
            "form_checkbox" => {
                let a = args(&toks, k);
                let first_is_array = a.first().and_then(|x| x.first()).is_some_and(|x| {
                    matches!(x.kind, Kind::Punct(b'[')) || is_word(x, code, "array")
                });
                if first_is_array {
                    boxes.push(from_pairs(a[0], code, at, t, &toks, k));
                } else {
                    boxes.push(positional(&a, code, at, 2, 3, t, &toks));
                }
            }
            // f.check_box(method, options, checked_value, unchecked_value)
            "check_box" => {
                let a = args(&toks, k);
                boxes.push(positional(&a, code, at, usize::MAX, 1, t, &toks));
            }
            // check_box_tag(name, value, checked, options)
            "check_box_tag" => {
                let a = args(&toks, k);
                boxes.push(positional(&a, code, at, 2, 3, t, &toks));
            }
            // Form::label('id', 'Text'), f.label :name, "Text", label_tag 'name', 'Text'
            "label" | "label_tag"
                if prev_colon || word == "label_tag" || code[..t.range.start].ends_with('.') =>
            {
                let a = args(&toks, k);
                if let (Some(x), Some(y)) = (a.first(), a.get(1)) {
                    if let (Some(target), Some(text)) = (x.first(), y.first()) {
                        if let (Some(name), Kind::Str) = (literal(target, code), text.kind) {
                            labels.push(HelperLabel {
                                target: name,
                                text: abs(&text.range),
                            });
                        }
                    }
                }
            }
            // form_label('Text', 'id')
            "form_label" => {
                let a = args(&toks, k);
                if let (Some(x), Some(y)) = (a.first(), a.get(1)) {
                    if let (Some(text), Some(target)) = (x.first(), y.first()) {
                        if let (Kind::Str, Some(name)) = (text.kind, literal(target, code)) {
                            labels.push(HelperLabel {
                                target: name,
                                text: abs(&text.range),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // array-driven helpers: a `type => checkbox` pair inside an array
    for (k, t) in toks.iter().enumerate() {
        if t.kind == Kind::Str
            && code[t.range.clone()].eq_ignore_ascii_case("type")
            && matches!(toks.get(k + 1).map(|x| x.kind), Some(Kind::Arrow))
            && toks.get(k + 2).is_some_and(|v| {
                v.kind == Kind::Str && code[v.range.clone()].eq_ignore_ascii_case("checkbox")
            })
        {
            // the enclosing array: back to its opener
            let mut depth = 0i32;
            let mut open = None;
            for j in (0..k).rev() {
                match toks[j].kind {
                    Kind::Punct(b')' | b']') => depth += 1,
                    Kind::Punct(b'(' | b'[') => {
                        if depth == 0 {
                            open = Some(j);
                            break;
                        }
                        depth -= 1;
                    }
                    _ => {}
                }
            }
            let Some(open) = open else { continue };
            let body = array_body(&toks, open);
            let mut b = from_pairs(body, code, at, t, &toks, open);
            // the call that holds the array names the box in its first argument
            // (`$model->input("maillist", array(...))`)
            if b.name.is_none() {
                b.name = call_first_string(&toks, open, code);
            }
            if !boxes
                .iter()
                .any(|x| x.span.start <= b.span.start && b.span.end <= x.span.end)
            {
                boxes.push(b);
            }
        }
    }
}

/// Tokens inside the array that opens at token `open` (`[` or the `(` of `array(`).
fn array_body(toks: &[Tok], open: usize) -> &[Tok] {
    let mut depth = 0i32;
    for j in open + 1..toks.len() {
        match toks[j].kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => {
                if depth == 0 {
                    return &toks[open + 1..j];
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    &toks[open + 1..]
}

/// The first string argument of the call that holds the array opening at `open`.
fn call_first_string(toks: &[Tok], open: usize, code: &str) -> Option<String> {
    // `array(` : the opener is `(` after the word `array`; the array is an argument of
    // the call before it
    let start = if open >= 1 && is_word(&toks[open - 1], code, "array") {
        open - 1
    } else {
        open
    };
    let mut depth = 0i32;
    for j in (0..start).rev() {
        match toks[j].kind {
            Kind::Punct(b')' | b']') => depth += 1,
            Kind::Punct(b'(') if depth == 0 => {
                return toks
                    .get(j + 1)
                    .filter(|t| t.kind == Kind::Str)
                    .map(|t| code[t.range.clone()].to_string());
            }
            Kind::Punct(b'(' | b'[') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A box from positional arguments: the name first, the checked flag at `checked_at`,
/// the options at `options_at`.
fn positional(
    a: &[&[Tok]],
    code: &str,
    at: usize,
    checked_at: usize,
    options_at: usize,
    name_tok: &Tok,
    toks: &[Tok],
) -> HelperBox {
    let name = a
        .first()
        .and_then(|x| x.first())
        .and_then(|t| literal(t, code));
    let mut checked = a
        .get(checked_at)
        .filter(|x| x.len() == 1)
        .and_then(|x| x.first())
        .filter(|t| truthy(t, code))
        .map(|t| at + t.range.start..at + t.range.end);
    let mut required = false;
    let mut id = None;
    if let Some(opts) = a.get(options_at) {
        for (key, v) in pairs(opts, code) {
            match (key.as_str(), v) {
                ("required", None) => required = true,
                ("required", Some(v)) => required |= !is_word(v, code, "false"),
                ("id", Some(v)) => id = literal(v, code),
                ("checked", Some(v)) if truthy(v, code) => {
                    checked = Some(at + v.range.start..at + v.range.end)
                }
                _ => {}
            }
        }
    }
    HelperBox {
        span: at + name_tok.range.start..at + call_end(toks, code, name_tok),
        name,
        id,
        checked,
        required,
        label: None,
    }
}

/// A box from an options array (`['name' => 'nl', 'checked' => TRUE, 'label' => '...']`).
fn from_pairs(
    body: &[Tok],
    code: &str,
    at: usize,
    start_tok: &Tok,
    toks: &[Tok],
    open: usize,
) -> HelperBox {
    let mut b = HelperBox {
        span: 0..0,
        name: None,
        id: None,
        checked: None,
        required: false,
        label: None,
    };
    for (key, v) in pairs(body, code) {
        match (key.as_str(), v) {
            ("name", Some(v)) => b.name = literal(v, code),
            ("id", Some(v)) => b.id = literal(v, code),
            ("checked", Some(v)) if truthy(v, code) => {
                b.checked = Some(at + v.range.start..at + v.range.end)
            }
            ("required", None) => b.required = true,
            ("required", Some(v)) => b.required |= !is_word(v, code, "false"),
            ("label", Some(v)) if v.kind == Kind::Str && !v.range.is_empty() => {
                b.label = Some(at + v.range.start..at + v.range.end)
            }
            _ => {}
        }
    }
    // the span: from the call (or array) to the end of the array
    let first = toks
        .get(open)
        .map_or(start_tok.range.start, |t| t.range.start);
    let start = first.min(start_tok.range.start);
    let end = body
        .last()
        .map_or(start_tok.range.end, |t| t.range.end + 1)
        .min(code.len());
    b.span = at + start..at + end;
    b
}

/// Where the call whose name is `name_tok` ends: after its closing parenthesis, else at
/// the end of its last argument.
fn call_end(toks: &[Tok], code: &str, name_tok: &Tok) -> usize {
    let Some(k) = toks.iter().position(|t| t.range == name_tok.range) else {
        return name_tok.range.end;
    };
    let mut depth = 0i32;
    let mut last = name_tok.range.end;
    let paren = matches!(
        toks.get(k + 1),
        Some(Tok {
            kind: Kind::Punct(b'('),
            ..
        })
    );
    for t in &toks[k + 1..] {
        match t.kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => {
                depth -= 1;
                if depth <= 0 && paren {
                    return t.range.end;
                }
                if depth < 0 {
                    return last;
                }
            }
            _ => {}
        }
        last = match t.kind {
            Kind::Str => (t.range.end + 1).min(code.len()),
            _ => t.range.end,
        };
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(code: &str) -> (Vec<HelperBox>, Vec<HelperLabel>) {
        let (mut b, mut l) = (Vec::new(), Vec::new());
        read(code, 0, &mut b, &mut l);
        (b, l)
    }

    #[test]
    fn laravel_checkbox() {
        let c = "{{ Form::checkbox('consent_marketing', 1, true, ['id' => 'cm', 'class' => 'x', 'required']) }}";
        let (b, _) = boxes(c);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].name.as_deref(), Some("consent_marketing"));
        assert_eq!(b[0].id.as_deref(), Some("cm"));
        assert!(b[0].required);
        assert_eq!(&c[b[0].checked.clone().unwrap()], "true");
        assert!(c[b[0].span.clone()].starts_with("Form::checkbox("));
        assert!(c[b[0].span.clone()].ends_with("'required'])"));
    }

    #[test]
    fn laravel_unchecked_and_old_value() {
        let (b, _) = boxes("{{ Form::checkbox('news', 1, false) }}");
        assert_eq!(b[0].checked, None);
        assert!(!b[0].required);
        let (b, _) = boxes("{{ Form::checkbox('news', 1, old('news')) }}");
        assert_eq!(b[0].checked, None);
    }

    #[test]
    fn codeigniter_positional_and_array() {
        let c = "<?php echo form_checkbox('newsletter', 'accept', TRUE); ?>";
        let (b, _) = boxes(c);
        assert_eq!(&c[b[0].checked.clone().unwrap()], "TRUE");
        let c =
            "<?php echo form_checkbox(array('name' => 'nl', 'id' => 'nl', 'checked' => TRUE)); ?>";
        let (b, _) = boxes(c);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].name.as_deref(), Some("nl"));
        assert_eq!(&c[b[0].checked.clone().unwrap()], "TRUE");
    }

    #[test]
    fn rails_check_box_and_label() {
        let c = "<%= f.check_box :newsletter, checked: true %>";
        let (b, _) = boxes(c);
        assert_eq!(b[0].name.as_deref(), Some("newsletter"));
        assert_eq!(&c[b[0].checked.clone().unwrap()], "true");
        let c = "<%= f.label :newsletter, \"Send me offers\" %>";
        let (_, l) = boxes(c);
        assert_eq!(l[0].target, "newsletter");
        assert_eq!(&c[l[0].text.clone()], "Send me offers");
        let c = "<%= check_box_tag 'terms', '1', false, required: true %>";
        let (b, _) = boxes(c);
        assert_eq!(b[0].checked, None);
        assert!(b[0].required);
    }

    #[test]
    fn label_helpers() {
        let c = "{{ Form::label('nl', 'Ja tak til nyhedsbrevet') }}";
        let (_, l) = boxes(c);
        assert_eq!(l[0].target, "nl");
        assert_eq!(&c[l[0].text.clone()], "Ja tak til nyhedsbrevet");
        let c = "<?= form_label('Ja tak', 'nl') ?>";
        let (_, l) = boxes(c);
        assert_eq!(l[0].target, "nl");
        assert_eq!(&c[l[0].text.clone()], "Ja tak");
    }

    #[test]
    fn array_driven_helper() {
        let c = r#"<?= $model->input("maillist", array("type" => "checkbox", "label" => "Jeg vil gerne modtage nyhedsbrevet.", "value" => "Nyheder")); ?>"#;
        let (b, _) = boxes(c);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].name.as_deref(), Some("maillist"));
        assert_eq!(
            &c[b[0].label.clone().unwrap()],
            "Jeg vil gerne modtage nyhedsbrevet."
        );
        assert_eq!(b[0].checked, None);
        let c = r#"<?= $f->input("nl", ["type" => "checkbox", "checked" => true, "label" => "Nyheder"]); ?>"#;
        let (b, _) = boxes(c);
        assert_eq!(&c[b[0].checked.clone().unwrap()], "true");
    }

    #[test]
    fn other_code_is_no_box() {
        let (b, l) = boxes("{{ $user->name }} <?php if ($checkbox) echo 'x'; ?>");
        assert!(b.is_empty() && l.is_empty());
        // a text input with a label is no box
        let (b, _) =
            boxes(r#"<?= $m->input("name", array("type" => "text", "label" => "Navn")); ?>"#);
        assert!(b.is_empty());
    }
}
