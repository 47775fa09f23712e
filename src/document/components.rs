//! Components: JSX/TSX, Vue single-file components, Svelte and Astro, read into the
//! same document model as HTML.
//!
//! Each reader makes a *masked copy* of the file, byte for byte as long as the file:
//! what is not markup (script code, `{expressions}` in text, a Vue file's `<script>`
//! and `<style>` blocks, Astro's frontmatter) becomes spaces, line breaks kept. The
//! HTML reader then reads the copy in a component dialect
//! ([`html::Dialect`](super::html)): `<Checkbox defaultChecked />` is a control, a
//! self-closing tag closes, `htmlFor` is `for`, braced values are one value. So every
//! offset the reader reports is an offset in the original file, and one reader decides
//! labels, fields and checked states for every format.
//!
//! JSX is found by a real parser (oxc, as oxlint uses), never by pattern: JSX text and
//! string literals in JSX are text, `{expressions}` are masked, and variables whose
//! initial value is a literal (`const [news] = useState(true)`, `ref(true)`,
//! `let news = $state(true)`, react-hook-form's `defaultValues`) decide the boxes
//! bound to them.

use std::collections::HashMap;
use std::ops::Range;

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_span::{GetSpan, SourceType};

use super::builder::DocBuilder;
use super::html::{self, Bindings, Dialect, Mode};
use super::model::Comment;
use super::template;

/// A locale's translation files' own findings (path, lint, span), worked out once.
pub(crate) type OwnFindings =
    std::sync::Arc<std::sync::OnceLock<Vec<(String, &'static str, Range<usize>)>>>;

/// One locale's texts from a repository's translation files (`locales/da.json`), for the
/// texts behind `t('key')`: flattened keys (`signup.newsletter`) to text.
#[derive(Debug, Clone, Default)]
pub struct Locale {
    /// The locale's language tag (`da`, `en`, `en-US`), from the file or folder name.
    pub lang: String,
    /// The translation file (or folder) as it should be shown.
    pub path: String,
    pub texts: HashMap<String, String>,
    /// Where each key's value is written: the translation file and the value's bytes in it
    /// (for the finding's secondary label there). Keys missing here get a label naming the
    /// file only.
    pub sources: HashMap<String, (std::sync::Arc<crate::locales::SourceFile>, Range<usize>)>,
    /// The translation files' own findings, once worked out (see
    /// [`lint_with_locales`](crate::lint_with_locales)).
    pub(crate) own_findings: OwnFindings,
}

impl Locale {
    /// A locale's texts by key, without their places in the translation files.
    pub fn new(
        lang: impl Into<String>,
        path: impl Into<String>,
        texts: HashMap<String, String>,
    ) -> Locale {
        Locale {
            lang: lang.into(),
            path: path.into(),
            texts,
            ..Default::default()
        }
    }
}

/// The texts of a translation call: `t('key')`, `i18n.t('key')`, `$t('key')`,
/// `intl.formatMessage({ id: 'key' })`.
fn t_key<'e>(e: &'e Expression<'_>) -> Option<&'e str> {
    let Expression::CallExpression(c) = e.get_inner_expression() else {
        return None;
    };
    let is_t = match &c.callee {
        Expression::Identifier(id) => matches!(id.name.as_str(), "t" | "$t" | "_" | "$_" | "__"),
        Expression::StaticMemberExpression(m) => {
            matches!(m.property.name.as_str(), "t" | "$t" | "formatMessage")
        }
        _ => false,
    };
    if !is_t {
        return None;
    }
    match c.arguments.first()?.as_expression()?.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::ObjectExpression(o) => o.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p)
                if p.key.static_name().as_deref() == Some("id") =>
            {
                match p.value.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.as_str()),
                    _ => None,
                }
            }
            _ => None,
        }),
        _ => None,
    }
}

/// The namespaces a file's translation hooks set: the string argument of next-intl's
/// `useTranslations('ns')` and `getTranslations('ns')` (or `{ namespace: 'ns' }`).
fn translation_namespaces(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for hook in ["useTranslations(", "getTranslations("] {
        for (i, _) in src.match_indices(hook) {
            let rest = &src[i + hook.len()..];
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix('{') {
                Some(obj) => match obj.find("namespace") {
                    Some(k) if k < 80 => obj[k + "namespace".len()..]
                        .trim_start()
                        .trim_start_matches(':')
                        .trim_start(),
                    _ => continue,
                },
                None => rest,
            };
            let Some(q) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '\'' | '"' | '`'))
            else {
                continue;
            };
            let inner = &rest[1..];
            if let Some(end) = inner.find(q) {
                let ns = &inner[..end];
                if !ns.is_empty() && ns.len() < 120 && !out.iter().any(|o| o == ns) {
                    out.push(ns.to_string());
                }
            }
        }
    }
    out
}

/// Read a JSX/TSX (or JavaScript/TypeScript with JSX) file. `body` is the file without a
/// BOM; `base` is added to every offset. With `texts`, translation calls whose key it
/// holds are read as their text.
pub(crate) fn read_jsx(
    body: &str,
    base: usize,
    texts: Option<&HashMap<String, String>>,
    out: &mut DocBuilder,
) {
    // a file with no tag at all (a hook, a util, a config) costs a scan of its bytes
    if !has_markup(body) {
        return;
    }
    let allocator = Allocator::default();
    // TSX first, then plain JSX (in a `.js` file `<T>(x)` is not a cast)
    let mut ret = oxc_parser::Parser::new(&allocator, body, SourceType::tsx()).parse();
    if ret.panicked {
        ret = oxc_parser::Parser::new(&allocator, body, SourceType::jsx()).parse();
        if ret.panicked {
            return;
        }
    }
    let program = &ret.program;
    let mut collect = BindingCollector {
        offset: 0,
        out: Bindings::new(),
    };
    collect.visit_program(program);
    let bindings = collect.out;
    let mut masked = blank(body).into_bytes();
    let mut m = JsxMasker {
        src: body,
        masked: &mut masked,
        bindings: &bindings,
        offset: 0,
        texts,
        subs: Vec::new(),
        depth: 0,
        namespaces: translation_namespaces(body),
    };
    m.visit_program(program);
    let mut subs = std::mem::take(&mut m.subs);
    // only ASCII was written, over whole characters: still UTF-8
    let masked = String::from_utf8(masked).unwrap_or_else(|_| blank(body));
    // suppression comments: `{/* consentlint-disable-next-line ... */}`, `// consentlint-...`
    let comments = program
        .comments
        .iter()
        .filter(|c| body[range(c.content_span())].contains("consentlint-"))
        .map(|c| {
            let r = range(c.span);
            let b = range(c.content_span());
            Comment {
                span: base + r.start..base + r.end,
                body: base + b.start..base + b.end,
            }
        })
        .collect();
    subs.sort_by_key(|(r, _, _)| r.start);
    subs.dedup_by(|a, b| a.0.start < b.0.end);
    let texts: Vec<(Range<usize>, String)> = subs
        .iter()
        .map(|(r, _, t)| (r.clone(), t.clone()))
        .collect();
    out.translations.extend(
        subs.into_iter()
            .map(|(r, k, _)| (base + r.start..base + r.end, k)),
    );
    read_masked_subs(&masked, body, base, &[], &bindings, comments, &texts, out);
}

/// The masked copy of a JSX file (for tests).
#[cfg(test)]
fn jsx_masked(body: &str) -> String {
    let allocator = Allocator::default();
    let ret = oxc_parser::Parser::new(&allocator, body, SourceType::tsx()).parse();
    let mut masked = blank(body).into_bytes();
    JsxMasker {
        src: body,
        masked: &mut masked,
        bindings: &Bindings::new(),
        offset: 0,
        texts: None,
        subs: Vec::new(),
        depth: 0,
        namespaces: Vec::new(),
    }
    .visit_program(&ret.program);
    String::from_utf8(masked).unwrap()
}

/// Read a Vue single-file component: its `<template>` block through the HTML reader in
/// Vue's attribute forms, its `<script>` for the initial values of bound variables; with
/// `texts`, `{{ $t('key') }}` read as the key's text.
pub(crate) fn read_vue(
    body: &str,
    base: usize,
    texts: Option<&HashMap<String, String>>,
    out: &mut DocBuilder,
) {
    let mut masked = blank(body);
    let bindings = script_block_bindings(body);
    if let Some(t) = template_block(body) {
        masked.replace_range(t.clone(), &body[t]);
    }
    let (masked, ranges) = mask_templates(masked);
    let mut subs = Vec::new();
    if let Some(texts) = texts {
        for r in &ranges {
            if let Some(t) =
                mustache_key(&body[r.clone()]).and_then(|k| texts.get(k).map(|t| (k, t)))
            {
                subs.push((r.clone(), t.0.to_string(), t.1.clone()));
            }
        }
    }
    let (masked, texts) = apply_subs(masked, body, base, subs, out);
    read_masked_subs(
        &masked,
        body,
        base,
        &ranges,
        &bindings,
        Vec::new(),
        &texts,
        out,
    );
}

/// The bindings the `<script>` blocks of a component initialise (`ref(true)`,
/// `let news = true`).
fn script_block_bindings(body: &str) -> Bindings {
    let mut bindings = Bindings::new();
    for (content, lang_ts) in blocks(body, "script") {
        let st = if lang_ts {
            SourceType::ts()
        } else {
            SourceType::mjs()
        };
        bindings.extend(script_bindings(body, content, st));
    }
    bindings
}

/// Put translated texts in place of their calls: each call's range is filled with a
/// placeholder in the masked copy (same length, so spans stay exact), the call is
/// recorded with its key for the finding's label, and the texts are returned by range.
fn apply_subs(
    masked: String,
    body: &str,
    base: usize,
    subs: Vec<(Range<usize>, String, String)>,
    out: &mut DocBuilder,
) -> (String, Vec<(Range<usize>, String)>) {
    let mut masked = masked.into_bytes();
    for (r, _, _) in &subs {
        fill(&mut masked, r.clone(), b'_');
    }
    let masked = String::from_utf8(masked).unwrap_or_else(|_| blank(body));
    let texts = subs
        .iter()
        .map(|(r, _, t)| (r.clone(), t.clone()))
        .collect();
    out.translations.extend(
        subs.into_iter()
            .map(|(r, k, _)| (base + r.start..base + r.end, k)),
    );
    (masked, texts)
}

/// The key of `{{ $t('key') }}` / `{{ t("key") }}`.
fn mustache_key(s: &str) -> Option<&str> {
    call_key(s.strip_prefix("{{")?.strip_suffix("}}")?.trim())
}

/// The key of a translation call written in a template: `$t('key')`, `t("key")`,
/// svelte-i18n's `$_('key')`.
fn call_key(inner: &str) -> Option<&str> {
    let call = ["$t(", "$_(", "t("]
        .iter()
        .find_map(|p| inner.strip_prefix(p))?
        .strip_suffix(')')?
        .trim();
    let q = call.chars().next()?;
    if !matches!(q, '\'' | '"' | '`') {
        return None;
    }
    let key = call.strip_prefix(q)?.strip_suffix(q)?;
    (!key.contains(q)).then_some(key)
}

/// Read a Svelte component: markup as HTML, `{...}` in text masked, `<script>` for the
/// initial values of bound variables; with `texts`, svelte-i18n's `{$_('key')}` /
/// `{$t('key')}` read as the key's text.
pub(crate) fn read_svelte(
    body: &str,
    base: usize,
    texts: Option<&HashMap<String, String>>,
    out: &mut DocBuilder,
) {
    let bindings = script_block_bindings(body);
    let masked = mask_text_braces(body, 0);
    let mut subs = Vec::new();
    if let Some(texts) = texts {
        for r in text_braces(body, 0) {
            let inner = &body[r.clone()];
            let key = inner
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .and_then(|s| call_key(s.trim()));
            if let Some((k, t)) = key.and_then(|k| texts.get(k).map(|t| (k, t))) {
                subs.push((r.clone(), k.to_string(), t.clone()));
            }
        }
    }
    let (masked, texts) = apply_subs(masked, body, base, subs, out);
    read_masked_subs(&masked, body, base, &[], &bindings, Vec::new(), &texts, out);
}

/// Read an Astro component: its frontmatter (`---` ... `---`) masked and read for initial
/// values, the template as HTML with `{...}` in text masked.
pub(crate) fn read_astro(body: &str, base: usize, out: &mut DocBuilder) {
    let mut bindings = Bindings::new();
    let mut from = 0;
    if let Some(fm) = frontmatter(body) {
        bindings.extend(script_bindings(body, fm.clone(), SourceType::ts()));
        from = fm.end;
    }
    let mut masked = mask_text_braces(body, from);
    masked.replace_range(0..from, &blank(&body[..from]));
    // `{cond && (<div>...</div>)}`, `{items.map((x) => <li>{x}</li>)}`: the markup in an
    // expression is read as JSX, the code around it stays masked
    let mut bytes = masked.into_bytes();
    for r in text_braces(body, from) {
        // an unclosed `{` runs to the end of the file, which may end inside a character:
        // only a closed expression has its inner text at `start + 1..end - 1`
        if r.len() < 2 || !body[r.clone()].ends_with('}') || !has_markup(&body[r.clone()]) {
            continue;
        }
        let snippet = format!("({})", &body[r.start + 1..r.end - 1]);
        let allocator = Allocator::default();
        let ret = oxc_parser::Parser::new(&allocator, &snippet, SourceType::tsx()).parse();
        if ret.panicked || !ret.diagnostics.is_empty() {
            continue;
        }
        JsxMasker {
            src: body,
            masked: &mut bytes,
            bindings: &bindings,
            offset: r.start,
            texts: None,
            subs: Vec::new(),
            depth: 0,
            namespaces: Vec::new(),
        }
        .visit_program(&ret.program);
    }
    let masked = String::from_utf8(bytes).unwrap_or_else(|_| blank(body));
    read_masked(&masked, body, base, &[], &bindings, Vec::new(), out);
}

/// Read an MDX file: prose as Markdown, JSX blocks and `import`/`export` lines as JSX.
///
/// The file is split into top-level blocks (runs of lines between blank lines, fenced code
/// and front matter kept whole). A block that starts with a tag (`<Signup />`, `<label>`)
/// is JSX, one that starts with `import`/`export` is ESM, one that starts with `{` is an
/// expression (`{/* consentlint-disable-next-line ... */}`); the rest is Markdown. The
/// Markdown reader reads a copy as long as the file with the other blocks (and
/// `{expressions}` in prose) blanked; each JSX or expression block is read by the JSX
/// reader on its own, wrapped in a fragment (`<>...</>`, so sibling elements parse) whose
/// two bytes fall on the line break before the block: every offset is one in the file.
pub(crate) fn read_mdx(body: &str, base: usize, out: &mut DocBuilder) {
    let blocks = mdx_blocks(body);
    let mut md = body.as_bytes().to_vec();
    for (r, kind) in &blocks {
        match kind {
            MdxBlock::Markdown => {
                for b in mdx_prose_braces(body, r.clone()) {
                    fill(&mut md, b, b' ');
                }
            }
            _ => fill(&mut md, r.clone(), b' '),
        }
    }
    for (r, kind) in &blocks {
        let block = &body[r.clone()];
        match kind {
            MdxBlock::Markdown => {}
            MdxBlock::Esm => read_jsx(block, base + r.start, None, out),
            MdxBlock::Jsx | MdxBlock::Expression if base + r.start >= 2 => {
                let wrapped = format!("<>{block}</>");
                read_jsx(&wrapped, base + r.start - 2, None, out);
            }
            MdxBlock::Jsx | MdxBlock::Expression => read_jsx(block, base + r.start, None, out),
        }
    }
    // whole blocks and ASCII braces were blanked: still UTF-8
    let md = String::from_utf8(md).unwrap_or_else(|_| blank(body));
    super::markdown::read(std::borrow::Cow::Owned(md), body, base, &[], out);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MdxBlock {
    Markdown,
    Jsx,
    Esm,
    Expression,
}

/// The top-level blocks of an MDX file and what each is.
fn mdx_blocks(body: &str) -> Vec<(Range<usize>, MdxBlock)> {
    let mut out: Vec<(Range<usize>, MdxBlock)> = Vec::new();
    let mut cur: Option<(usize, usize, MdxBlock)> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut at = 0;
    let mut first_line = true;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let t = content.trim_start();
        let indent = content.len() - t.len();
        // front matter at the very top is Markdown's
        if first_line && t == "---" {
            fence = Some((b'-', 3));
        }
        first_line = false;
        if let Some((c, n)) = fence {
            if let Some((s, _, k)) = &mut cur {
                let _ = (s, k);
            } else {
                cur = Some((start, start, MdxBlock::Markdown));
            }
            let closes =
                start > 0 && t.len() >= n && t.bytes().all(|b| b == c) && (c != b'-' || t == "---");
            if let Some(c) = &mut cur {
                c.1 = start + content.len();
            }
            if closes {
                fence = None;
            }
            continue;
        }
        if t.is_empty() {
            if let Some((s, e, k)) = cur.take() {
                out.push((s..e, k));
            }
            continue;
        }
        let run = t.bytes().take_while(|&b| b == b'`' || b == b'~').count();
        if indent < 4 && run >= 3 && t.bytes().take(run).all(|b| b == t.as_bytes()[0]) {
            fence = Some((t.as_bytes()[0], run));
        }
        match &mut cur {
            Some(c) => c.1 = start + content.len(),
            None => {
                let b = t.as_bytes();
                let kind = if indent >= 4 || fence.is_some() {
                    MdxBlock::Markdown
                } else if b[0] == b'<'
                    && b.get(1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'>' || *c == b'/')
                {
                    MdxBlock::Jsx
                } else if t.starts_with("import ") || t.starts_with("export ") {
                    MdxBlock::Esm
                } else if b[0] == b'{' {
                    MdxBlock::Expression
                } else {
                    MdxBlock::Markdown
                };
                cur = Some((start + indent, start + content.len(), kind));
            }
        }
    }
    if let Some((s, e, k)) = cur {
        out.push((s..e, k));
    }
    out
}

/// `{expressions}` in a Markdown block of an MDX file (not in code spans).
fn mdx_prose_braces(body: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let b = &body.as_bytes()[..r.end];
    let mut out = Vec::new();
    let mut i = r.start;
    let mut in_code = false;
    // a fenced code block is code whole
    let t = body[r.clone()].trim_start();
    if t.starts_with("```") || t.starts_with("~~~") || t.starts_with("---") {
        return out;
    }
    while i < b.len() {
        match b[i] {
            b'`' => {
                in_code = !in_code;
                i += 1;
            }
            b'{' if !in_code => {
                let end = html::tokenizer::brace_end(b, i).min(r.end);
                out.push(i..end);
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

fn read_masked(
    masked: &str,
    body: &str,
    base: usize,
    ranges: &[Range<usize>],
    bindings: &Bindings,
    comments: Vec<Comment>,
    out: &mut DocBuilder,
) {
    read_masked_subs(masked, body, base, ranges, bindings, comments, &[], out)
}

#[allow(clippy::too_many_arguments)]
fn read_masked_subs(
    masked: &str,
    body: &str,
    base: usize,
    ranges: &[Range<usize>],
    bindings: &Bindings,
    comments: Vec<Comment>,
    subs: &[(Range<usize>, String)],
    out: &mut DocBuilder,
) {
    debug_assert_eq!(masked.len(), body.len());
    let abs: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| r.start + base..r.end + base)
        .collect();
    html::read_dialect(
        masked,
        body,
        base,
        &abs,
        Mode::Full,
        None,
        Dialect {
            components: true,
            bindings: Some(bindings),
            subs,
        },
        out,
    );
    out.comments.extend(comments);
    out.template_ranges.extend(abs);
}

/// Does the text hold anything that could be a tag (`<x`, `</`, `<>`)?
fn has_markup(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        match b.get(at + 1) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'>' || *c == b'/' => return true,
            None => return false,
            _ => i = at + 1,
        }
    }
    false
}

/// A copy of `s` with every character but line breaks turned into spaces (as many bytes).
fn blank(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect()
}

/// Copy `src[r]` into `masked` at the same place.
fn unmask(masked: &mut [u8], src: &str, r: Range<usize>) {
    if r.end <= src.len() && r.start <= r.end {
        masked[r.clone()].copy_from_slice(&src.as_bytes()[r]);
    }
}

/// Fill `masked[r]` with `c`, line breaks kept.
fn fill(masked: &mut [u8], r: Range<usize>, c: u8) {
    for b in &mut masked[r] {
        if *b != b'\n' && *b != b'\r' {
            *b = c;
        }
    }
}

fn range(s: oxc_span::Span) -> Range<usize> {
    s.start as usize..s.end as usize
}

/// Bindings of a script block at `content` in `body` (offsets into `body`).
fn script_bindings(body: &str, content: Range<usize>, st: SourceType) -> Bindings {
    let allocator = Allocator::default();
    let text = &body[content.clone()];
    let ret = oxc_parser::Parser::new(&allocator, text, st).parse();
    if ret.panicked {
        return Bindings::new();
    }
    let mut v = BindingCollector {
        offset: content.start,
        out: Bindings::new(),
    };
    v.visit_program(&ret.program);
    v.out
}

/// Collects variables with a literal initial value: `let news = true`,
/// `const [news, setNews] = useState(true)`, `const news = ref(true)`,
/// `let news = $state(true)`, `const form = reactive({ news: true })` (as `form.news`),
/// `useForm({ defaultValues: { news: true } })` (as `rhf.news`, for `register('news')`),
/// Vue's `data() { return { news: true } }` (as `news`).
struct BindingCollector {
    offset: usize,
    out: Bindings,
}

/// Calls whose first argument is a state's initial value.
const STATE_CALLS: &[&str] = &[
    "useState",
    "ref",
    "shallowRef",
    "$state",
    "signal",
    "useSignal",
    "writable",
    "createSignal",
    "reactive",
    "useRef",
];

impl BindingCollector {
    fn abs(&self, s: oxc_span::Span) -> Range<usize> {
        self.offset + s.start as usize..self.offset + s.end as usize
    }

    /// The literal a state starts from: the expression itself or a state call's argument
    /// (`useState(() => true)` too).
    fn initial<'e, 'a>(&self, e: &'e Expression<'a>) -> Option<&'e Expression<'a>> {
        let e = e.get_inner_expression();
        if let Expression::CallExpression(c) = e {
            let name = match &c.callee {
                Expression::Identifier(id) => id.name.as_str(),
                _ => return None,
            };
            if !STATE_CALLS.contains(&name) {
                return None;
            }
            let arg = c.arguments.first()?.as_expression()?.get_inner_expression();
            if let Expression::ArrowFunctionExpression(f) = arg {
                return f.get_expression().map(|e| e.get_inner_expression());
            }
            return Some(arg);
        }
        Some(e)
    }

    /// Record `name` as on or off when `e` is a literal.
    fn literal(&mut self, name: &str, e: &Expression<'_>) {
        let v = match e {
            Expression::BooleanLiteral(b) => b.value,
            Expression::NullLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::NumericLiteral(_)
            | Expression::ArrayExpression(_) => false,
            Expression::ObjectExpression(o) => {
                self.object(name, o);
                return;
            }
            _ => return,
        };
        self.out.insert(name.to_string(), (v, self.abs(e.span())));
    }

    fn object(&mut self, prefix: &str, o: &ObjectExpression<'_>) {
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                continue;
            };
            let Some(k) = p.key.static_name() else {
                continue;
            };
            let name = if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            };
            if let Expression::ObjectExpression(inner) = p.value.get_inner_expression() {
                if name.matches('.').count() < 3 {
                    self.object(&name, inner);
                }
                continue;
            }
            self.literal(&name, p.value.get_inner_expression());
        }
    }
}

impl<'a> Visit<'a> for BindingCollector {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            let name = match &it.id {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                BindingPattern::ArrayPattern(a) => match a.elements.first() {
                    Some(Some(BindingPattern::BindingIdentifier(id))) => Some(id.name.to_string()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(name) = name {
                if let Some(e) = self.initial(init) {
                    self.literal(&name, e);
                }
            }
        }
        oxc_ast_visit::walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // react-hook-form: useForm({ defaultValues: { newsletter: true } })
        if matches!(&it.callee, Expression::Identifier(id) if id.name == "useForm") {
            if let Some(Expression::ObjectExpression(o)) = it
                .arguments
                .first()
                .and_then(|a| a.as_expression())
                .map(|e| e.get_inner_expression())
            {
                for p in &o.properties {
                    if let ObjectPropertyKind::ObjectProperty(p) = p {
                        if p.key.static_name().as_deref() == Some("defaultValues") {
                            if let Expression::ObjectExpression(dv) = p.value.get_inner_expression()
                            {
                                self.object("rhf", dv);
                            }
                        }
                    }
                }
            }
        }
        oxc_ast_visit::walk::walk_call_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // Vue's options API: data() { return { newsletter: true } }
        if it.key.static_name().as_deref() == Some("data") {
            let body = match it.value.get_inner_expression() {
                Expression::FunctionExpression(f) => f.body.as_deref(),
                Expression::ArrowFunctionExpression(f) => f.get_function_body(),
                _ => None,
            };
            if let Some(body) = body {
                for s in &body.statements {
                    if let Statement::ReturnStatement(r) = s {
                        if let Some(Expression::ObjectExpression(o)) =
                            r.argument.as_ref().map(|e| e.get_inner_expression())
                        {
                            self.object("", o);
                        }
                    }
                }
            }
        }
        oxc_ast_visit::walk::walk_object_property(self, it);
    }
}

/// Unmasks the JSX of a program in the masked copy: tags as written, text, string
/// literals in children; expressions stay masked.
struct JsxMasker<'s, 'm> {
    src: &'s str,
    masked: &'m mut Vec<u8>,
    bindings: &'m Bindings,
    /// Added to the parser's offsets (an Astro expression parsed on its own).
    offset: usize,
    /// Translated texts, when a locale is being read.
    texts: Option<&'m HashMap<String, String>>,
    /// Translation calls read as text: range, key, text.
    subs: Vec<(Range<usize>, String, String)>,
    /// Nesting of JSX trees being read (0: the next tree is a top-level one).
    depth: usize,
    /// Key namespaces the file's translation hooks set (next-intl
    /// `useTranslations('signup')`, `getTranslations('signup')`): `t('optin')` is then
    /// `signup.optin`.
    namespaces: Vec<String>,
}

impl JsxMasker<'_, '_> {
    fn r(&self, s: oxc_span::Span) -> Range<usize> {
        self.offset + s.start as usize..self.offset + s.end as usize
    }

    fn children(&mut self, children: &[JSXChild<'_>]) {
        for c in children {
            match c {
                JSXChild::Text(t) => {
                    let r = self.r(t.span);
                    unmask(self.masked, self.src, r)
                }
                JSXChild::Element(e) => self.visit_jsx_element(e),
                JSXChild::Fragment(f) => self.children(&f.children),
                JSXChild::ExpressionContainer(ec) => self.child_expression(&ec.expression, ec.span),
                JSXChild::Spread(_) => {}
            }
        }
    }

    /// A translation call read as its text: the range filled so the reader reads it as
    /// text, and the text recorded for it.
    fn translate(&mut self, r: Range<usize>, key: &str) -> bool {
        let Some(texts) = self.texts else {
            return false;
        };
        // the key as written, else under a namespace the file's hook sets
        let found = std::iter::once(key.to_string())
            .chain(self.namespaces.iter().map(|ns| format!("{ns}.{key}")))
            .find_map(|k| texts.get(&k).map(|t| (k, t.clone())));
        let Some((key, text)) = found else {
            return false;
        };
        fill(self.masked, r.clone(), b'_');
        self.subs.push((r, key, text));
        true
    }

    /// `{"text"}` in children is text; `{cond && <p>...</p>}` holds JSX; `{t('key')}` is
    /// the key's text when a locale is read.
    fn child_expression(&mut self, e: &JSXExpression<'_>, container: oxc_span::Span) {
        let Some(e) = e.as_expression() else {
            return;
        };
        if let Some(key) = t_key(e) {
            let r = self.r(container);
            self.translate(r, key);
            return;
        }
        match e.get_inner_expression() {
            Expression::StringLiteral(s) => self.string_content(s.span),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
                self.string_content(t.span)
            }
            other => self.visit_expression(other),
        }
    }

    /// A string literal's content as text (quotes masked), unless it has escapes.
    fn string_content(&mut self, s: oxc_span::Span) {
        let r = self.r(s);
        if r.len() >= 2 && !self.src[r.clone()].contains('\\') {
            unmask(self.masked, self.src, r.start + 1..r.end - 1);
        }
    }

    /// An attribute whose value is JSX (`control={<Checkbox defaultChecked />}`)?
    fn holds_jsx(v: &JSXAttributeValue<'_>) -> bool {
        match v {
            JSXAttributeValue::Element(_) | JSXAttributeValue::Fragment(_) => true,
            JSXAttributeValue::ExpressionContainer(ec) => matches!(
                ec.expression
                    .as_expression()
                    .map(|e| e.get_inner_expression()),
                Some(Expression::JSXElement(_) | Expression::JSXFragment(_))
            ),
            JSXAttributeValue::StringLiteral(_) => false,
        }
    }

    fn attr_jsx(&mut self, v: &JSXAttributeValue<'_>) {
        match v {
            JSXAttributeValue::Element(e) => self.visit_jsx_element(e),
            JSXAttributeValue::Fragment(f) => self.children(&f.children),
            JSXAttributeValue::ExpressionContainer(ec) => {
                if let Some(e) = ec.expression.as_expression() {
                    self.visit_expression(e.get_inner_expression());
                }
            }
            JSXAttributeValue::StringLiteral(_) => {}
        }
    }

    fn opening(&mut self, o: &JSXOpeningElement<'_>) {
        let r = self.r(o.span);
        unmask(self.masked, self.src, r);
        // TypeScript type arguments on a tag (`<Select<Option> ...>`) are not markup
        if let Some(t) = &o.type_arguments {
            let r = self.r(t.span);
            fill(self.masked, r, b' ');
        }
        for item in &o.attributes {
            match item {
                JSXAttributeItem::SpreadAttribute(s) => {
                    let r = self.r(s.span);
                    // react-hook-form: `{...register("newsletter")}` bound to defaultValues
                    if let Some(key) = register_key(&s.argument) {
                        let id = format!("rhf.{key}");
                        let fake = format!("{{{id}}}");
                        if self.bindings.contains_key(&id) && r.len() >= 8 + fake.len() {
                            fill(self.masked, r.clone(), b' ');
                            self.masked[r.start..r.start + 8].copy_from_slice(b"checked=");
                            self.masked[r.end - fake.len()..r.end].copy_from_slice(fake.as_bytes());
                            continue;
                        }
                    }
                    fill(self.masked, r, b' ');
                }
                JSXAttributeItem::Attribute(a) => {
                    let Some(JSXAttributeValue::ExpressionContainer(ec)) = &a.value else {
                        continue;
                    };
                    let r = self.r(ec.span);
                    match ec
                        .expression
                        .as_expression()
                        .map(|e| e.get_inner_expression())
                    {
                        // `label={"Send me news"}` reads as `label= "Send me news" `
                        Some(Expression::StringLiteral(_)) => {
                            self.masked[r.start] = b' ';
                            self.masked[r.end - 1] = b' ';
                        }
                        // literals and names stay for the reader to decide
                        Some(
                            Expression::BooleanLiteral(_)
                            | Expression::NullLiteral(_)
                            | Expression::NumericLiteral(_)
                            | Expression::Identifier(_)
                            | Expression::StaticMemberExpression(_),
                        ) => {}
                        // `!0`, `!1`
                        Some(Expression::UnaryExpression(u))
                            if matches!(
                                u.argument,
                                Expression::NumericLiteral(_) | Expression::BooleanLiteral(_)
                            ) => {}
                        // anything else is code: one opaque value `{____}`
                        _ => {
                            if r.len() >= 2 {
                                fill(self.masked, r.start + 1..r.end - 1, b'_');
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `register("newsletter")` (react-hook-form): the field name.
fn register_key<'a>(e: &'a Expression<'_>) -> Option<&'a str> {
    let Expression::CallExpression(c) = e.get_inner_expression() else {
        return None;
    };
    let is_register = match &c.callee {
        Expression::Identifier(id) => id.name == "register",
        Expression::StaticMemberExpression(m) => m.property.name == "register",
        _ => false,
    };
    if !is_register {
        return None;
    }
    match c.arguments.first()?.as_expression()? {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        _ => None,
    }
    .filter(|k| {
        k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$'))
    })
}

impl<'a> Visit<'a> for JsxMasker<'_, '_> {
    fn visit_jsx_element(&mut self, el: &JSXElement<'a>) {
        let top = self.depth == 0;
        if top {
            let start = self.r(el.span).start;
            self.separate(start);
        }
        self.depth += 1;
        self.element(el);
        self.depth -= 1;
    }

    fn visit_jsx_fragment(&mut self, f: &JSXFragment<'a>) {
        if self.depth == 0 {
            let start = self.r(f.span).start;
            self.separate(start);
        }
        self.depth += 1;
        self.children(&f.children);
        self.depth -= 1;
    }
}

impl JsxMasker<'_, '_> {
    /// Separate a top-level JSX tree from what came before it (another component's
    /// markup): a `</p>` written into the masked code just before it is a block boundary,
    /// so text and labels never run from one component into the next.
    fn separate(&mut self, start: usize) {
        let from = start.saturating_sub(64);
        let mut run = 0;
        for i in (from..start).rev() {
            if self.masked[i] == b' ' {
                run += 1;
                if run == 4 {
                    self.masked[i..i + 4].copy_from_slice(b"</p>");
                    return;
                }
            } else {
                run = 0;
            }
        }
    }

    fn element(&mut self, el: &JSXElement<'_>) {
        let o = &el.opening_element;
        // react-i18next's `<Trans i18nKey="...">`, react-intl's `<FormattedMessage id="...">`
        if self.texts.is_some() {
            let name = match &o.name {
                JSXElementName::IdentifierReference(i) => i.name.as_str(),
                JSXElementName::Identifier(i) => i.name.as_str(),
                _ => "",
            };
            let prop = match name {
                "Trans" => Some("i18nKey"),
                "FormattedMessage" => Some("id"),
                _ => None,
            };
            let key = prop.and_then(|p| {
                o.attributes.iter().find_map(|a| match a {
                    JSXAttributeItem::Attribute(a)
                        if matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == p) =>
                    {
                        match &a.value {
                            Some(JSXAttributeValue::StringLiteral(s)) => Some(s.value.as_str()),
                            _ => None,
                        }
                    }
                    _ => None,
                })
            });
            if let Some(key) = key {
                let r = self.r(el.span);
                if self.translate(r, key) {
                    return;
                }
            }
        }
        let dissolve = o.attributes.iter().any(|a| match a {
            JSXAttributeItem::Attribute(a) => a.value.as_ref().is_some_and(Self::holds_jsx),
            _ => false,
        });
        if dissolve {
            // MUI's `<FormControlLabel control={<Checkbox defaultChecked />} label="..." />`:
            // the element stands for a label around its control, so the control is read
            // where it is written and the `label` text right after it names it
            for item in &o.attributes {
                let JSXAttributeItem::Attribute(a) = item else {
                    continue;
                };
                match &a.value {
                    Some(v) if Self::holds_jsx(v) => self.attr_jsx(v),
                    Some(JSXAttributeValue::StringLiteral(s)) if matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == "label") => {
                        self.string_content(s.span)
                    }
                    Some(JSXAttributeValue::ExpressionContainer(ec)) if matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == "label") => {
                        self.child_expression(&ec.expression, ec.span)
                    }
                    _ => {}
                }
            }
            self.children(&el.children);
            return;
        }
        self.opening(o);
        self.children(&el.children);
        if let Some(c) = &el.closing_element {
            let r = self.r(c.span);
            unmask(self.masked, self.src, r);
        }
    }
}

/// The content of each top-level `<name>` block (`<script>`, `<script setup lang="ts">`)
/// and whether it is TypeScript.
fn blocks(body: &str, name: &str) -> Vec<(Range<usize>, bool)> {
    let lower = body.to_ascii_lowercase();
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = lower[i..].find(&open) {
        let at = i + off;
        let after = at + open.len();
        if !matches!(
            lower.as_bytes().get(after),
            Some(b' ' | b'>' | b'\n' | b'\r' | b'\t')
        ) {
            i = after;
            continue;
        }
        let Some(gt) = lower[after..].find('>') else {
            break;
        };
        let tag = &lower[at..after + gt];
        let start = after + gt + 1;
        let end = lower[start..]
            .find(&close)
            .map_or(body.len(), |o| start + o);
        let ts = tag.contains("lang=\"ts\"")
            || tag.contains("lang='ts'")
            || tag.contains("lang=\"typescript\"");
        out.push((start..end, ts));
        i = end;
    }
    out
}

/// The content of a Vue file's top-level `<template>` (nested `<template v-if>` counted).
fn template_block(body: &str) -> Option<Range<usize>> {
    let lower = body.to_ascii_lowercase();
    let b = lower.as_bytes();
    let first = lower.find("<template")?;
    let start = first + lower[first..].find('>')? + 1;
    let mut depth = 1;
    let mut i = start;
    while let Some(off) = lower[i..].find("template") {
        let at = i + off;
        i = at + 8;
        let closing = at >= 2 && &b[at - 2..at] == b"</";
        let opening = at >= 1 && b[at - 1] == b'<';
        let ends_name = matches!(
            b.get(at + 8),
            Some(b' ' | b'>' | b'\n' | b'\r' | b'\t' | b'/')
        );
        if !ends_name {
            continue;
        }
        if closing {
            depth -= 1;
            if depth == 0 {
                return Some(start..at - 2);
            }
        } else if opening {
            // a self-closing `<template />` opens nothing
            let gt = lower[at..].find('>').map_or(body.len(), |o| at + o);
            if !(gt > 0 && b[gt - 1] == b'/') {
                depth += 1;
            }
        }
    }
    Some(start..body.len())
}

/// Vue's `{{ }}` interpolations masked as server-template syntax is.
fn mask_templates(masked: String) -> (String, Vec<Range<usize>>) {
    match template::mask(&masked, false) {
        Some(m) => (m.text, m.ranges),
        None => (masked, Vec::new()),
    }
}

/// Astro's frontmatter: the content between a leading `---` line and the next.
fn frontmatter(body: &str) -> Option<Range<usize>> {
    let rest = body.strip_prefix("---")?;
    let nl = rest.find('\n')?;
    if !rest[..nl].trim().is_empty() {
        return None;
    }
    let start = 3 + nl + 1;
    let mut at = start;
    for line in body[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(start..at);
        }
        at += line.len();
    }
    None
}

/// Svelte and Astro: `{...}` in text (`{#if x}`, `{/if}`, `{name}`) masked; tags (whose
/// braced values the reader reads), `<script>` and `<style>` kept; the frontmatter
/// (before `from`) left to the caller.
fn mask_text_braces(body: &str, from: usize) -> String {
    let mut out = body.as_bytes().to_vec();
    for r in text_braces(body, from) {
        fill(&mut out, r, b' ');
    }
    // whole characters were blanked (braces close on ASCII): still UTF-8
    String::from_utf8(out).unwrap_or_else(|_| blank(body))
}

/// The `{...}` ranges in text (not in tags, `<script>`, `<style>` or comments) from `from`.
fn text_braces(body: &str, from: usize) -> Vec<Range<usize>> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'<' if b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                let name_end = b[i + 1..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
                    .map_or(b.len(), |o| i + 1 + o);
                let name = body[i + 1..name_end].to_ascii_lowercase();
                let end = tag_end(b, name_end);
                i = end;
                if name == "script" || name == "style" {
                    let close = format!("</{name}");
                    i = body[end..]
                        .to_ascii_lowercase()
                        .find(&close)
                        .map_or(b.len(), |o| end + o);
                }
            }
            b'<' if b[i..].starts_with(b"<!--") => {
                i = body[i..].find("-->").map_or(b.len(), |o| i + o + 3);
            }
            b'{' => {
                let end = html::tokenizer::brace_end(b, i);
                out.push(i..end);
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The end of a start tag whose name ends at `i`: quotes and braces skipped.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'{' => i = html::tokenizer::brace_end(b, i),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_copy_keeps_offsets() {
        let src = "import x from 'y';\nexport default () => (<label><input type=\"checkbox\" defaultChecked={news} /> Ja tak {' '}{t('k')}</label>);\n";
        let m = jsx_masked(src);
        assert_eq!(m.len(), src.len());
        assert!(!m.contains("import"));
        assert!(m.contains("<label><input type=\"checkbox\" defaultChecked={news} /> Ja tak"));
        assert!(!m.contains("t('k')"));
    }

    #[test]
    fn vue_template_block_nested() {
        let src = "<template>\n<div><template v-if=\"a\"><p>x</p></template></div>\n</template>\n<script setup>\nconst n = ref(true)\n</script>";
        let r = template_block(src).unwrap();
        assert!(src[r.clone()].contains("<p>x</p></template></div>"));
        assert!(!src[r].contains("script"));
        let b = blocks(src, "script");
        let bind = script_bindings(src, b[0].0.clone(), SourceType::mjs());
        let (on, span) = &bind["n"];
        assert!(*on);
        assert_eq!(&src[span.clone()], "true");
    }

    #[test]
    fn svelte_text_braces_masked() {
        let src = "<script>let a = {b: 1};</script>\n{#if x}<input checked={true} on:click={() => go(a > b)}>{/if}";
        let m = mask_text_braces(src, 0);
        assert_eq!(m.len(), src.len());
        assert!(m.contains("let a = {b: 1};"));
        assert!(!m.contains("{#if"));
        assert!(m.contains("checked={true} on:click={() => go(a > b)}>"));
    }
}
