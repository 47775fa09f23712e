//! Reads HTML into the document model with exact spans.
//!
//! One positional pass: our own tokenizer ([`tokenizer`]) feeds an element
//! stack that applies the parts of the WHATWG tree-building rules that
//! matter for reading (implied end tags for `p`, `li`, `option`, table
//! cells; void elements; end tags that match nothing are ignored; misnested
//! tags close back to their match). Text is read in source order, which is
//! also the order a reader sees after the browser's repairs (foster-parented
//! table text included), so nothing has to be aligned with a second parse.
//! The stack lives on the heap: nesting depth costs memory, never the call stack.

pub mod tokenizer;

use std::collections::HashMap;
use std::ops::Range;

use super::builder::{DocBuilder, NewBlock};
use super::entities;
use super::model::count_words;
use super::model::*;
use super::offsets::{OffsetMap, TextBuilder};
use super::template;
use tokenizer::{Attr, Token, Tokenizer};

/// How a reading pass is used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A whole HTML document or an HTML block: text, controls and comments.
    Full,
    /// An HTML block inside Markdown: its text blocks only (controls and comments
    /// come from the `ControlsOnly` pass over the whole page).
    TextOnly,
    /// The HTML view of a Markdown page (code blanked): controls, their labels and
    /// comments, no text blocks (the Markdown reader reads the text).
    ControlsOnly,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    Li,
    Ul,
    Ol,
    Dl,
    Dt,
    Dd,
    H(u8),
    Td,
    Th,
    Tr,
    Tbody,
    Table,
    Blockquote,
    Div,
    Form,
    Fieldset,
    Legend,
    Label,
    Input,
    Select,
    Option,
    Optgroup,
    Button,
    Textarea,
    Br,
    B,
    Strong,
    Mark,
    Nav,
    Footer,
    Header,
    Aside,
    Main,
    Script,
    Style,
    Template,
    Title,
    Head,
    Body,
    Html,
    Void,
    /// Other block-level elements (section, article, pre, figure, address, ...).
    OtherBlock,
    /// Anything else, kept by a hash of its lower-cased name.
    Other(u64),
}

fn tag_of(name: &str) -> Tag {
    let mut buf = [0u8; 16];
    if name.len() > buf.len() {
        return Tag::Other(hash_lower(name));
    }
    for (i, c) in name.bytes().enumerate() {
        buf[i] = c.to_ascii_lowercase();
    }
    let n = &buf[..name.len()];
    match n {
        b"p" => Tag::P,
        b"li" => Tag::Li,
        b"ul" | b"menu" => Tag::Ul,
        b"ol" => Tag::Ol,
        b"dl" => Tag::Dl,
        b"dt" => Tag::Dt,
        b"dd" => Tag::Dd,
        b"h1" => Tag::H(1),
        b"h2" => Tag::H(2),
        b"h3" => Tag::H(3),
        b"h4" => Tag::H(4),
        b"h5" => Tag::H(5),
        b"h6" => Tag::H(6),
        b"td" => Tag::Td,
        b"th" => Tag::Th,
        b"tr" => Tag::Tr,
        b"tbody" | b"thead" | b"tfoot" => Tag::Tbody,
        b"table" => Tag::Table,
        b"blockquote" => Tag::Blockquote,
        b"div" => Tag::Div,
        b"form" => Tag::Form,
        b"fieldset" => Tag::Fieldset,
        b"legend" => Tag::Legend,
        b"label" => Tag::Label,
        b"input" => Tag::Input,
        b"select" => Tag::Select,
        b"option" => Tag::Option,
        b"optgroup" => Tag::Optgroup,
        b"button" => Tag::Button,
        b"textarea" => Tag::Textarea,
        b"br" => Tag::Br,
        b"b" => Tag::B,
        b"strong" => Tag::Strong,
        b"mark" => Tag::Mark,
        b"nav" => Tag::Nav,
        b"footer" => Tag::Footer,
        b"header" => Tag::Header,
        b"aside" => Tag::Aside,
        b"main" => Tag::Main,
        b"script" => Tag::Script,
        b"style" => Tag::Style,
        b"template" => Tag::Template,
        b"title" => Tag::Title,
        b"head" => Tag::Head,
        b"body" => Tag::Body,
        b"html" => Tag::Html,
        b"area" | b"base" | b"col" | b"embed" | b"hr" | b"img" | b"link" | b"meta" | b"param"
        | b"source" | b"track" | b"wbr" | b"keygen" => Tag::Void,
        b"section" | b"article" | b"pre" | b"figure" | b"figcaption" | b"address" | b"caption"
        | b"details" | b"summary" | b"dialog" | b"hgroup" | b"center" | b"noscript" => {
            Tag::OtherBlock
        }
        _ => Tag::Other(hash_lower(name)),
    }
}

/// A class token that names a toggle or switch itself (`qc-cmp-toggle`, `ot-switch`,
/// `cky-switch`, `toggle--on`), not its parts or surroundings (`qc-cmp-toggler`,
/// `toggle-label`, `switch-wrapper`, `ot-switch-nob`).
fn is_toggle_class(t: &str) -> bool {
    let Some(at) = t
        .find("toggle")
        .map(|i| i + 6)
        .or_else(|| t.find("switch").map(|i| i + 6))
    else {
        return false;
    };
    let rest = t[at..].trim_start_matches(['-', '_']);
    rest.is_empty()
        || toggle_state_class(t).is_some()
        || matches!(rest, "input" | "button" | "btn" | "control" | "checkbox")
}

/// The state an on/off class token says: `*-on`, `is-checked`, `active`, `enabled` are
/// on; `*-off`, `unchecked`, `inactive` are off.
fn toggle_state_class(t: &str) -> Option<bool> {
    const ON: &[&str] = &[
        "on",
        "is-on",
        "checked",
        "is-checked",
        "active",
        "is-active",
        "enabled",
        "is-enabled",
        "selected",
        "is-selected",
    ];
    const OFF: &[&str] = &[
        "off",
        "is-off",
        "unchecked",
        "is-unchecked",
        "inactive",
        "is-inactive",
    ];
    if OFF.contains(&t)
        || ["-off", "_off", "-unchecked", "-inactive"]
            .iter()
            .any(|s| t.ends_with(s))
    {
        return Some(false);
    }
    if ON.contains(&t)
        || ["-on", "_on", "-checked", "-active", "-enabled", "-selected"]
            .iter()
            .any(|s| t.ends_with(s))
    {
        // `ot-always-active` says a category is always on, not that a toggle is ticked
        return (!t.contains("always")).then_some(true);
    }
    None
}

/// A label block: text and map of a control's or field's name, in language `lang`.
fn label_of(text: String, map: OffsetMap, lang: Option<String>) -> Block {
    let span = map.span(&text, 0..text.len());
    Block {
        kind: BlockKind::Label,
        text,
        map,
        span,
        section: None,
        declared_lang: lang.map(Into::into),
        main: true,
        emphasis: Box::default(),
        word_offset: 0,
        number: None,
    }
}

/// A label that only assents ("Confirm", "I agree", "Bekræft", "Jeg accepterer"): it
/// names no purpose, so the box confirms the text before it. Not "Yes"/"Ja": a yes box
/// answers a question and keeps its answer as its label (the question is the field's).
fn assent_only(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '!', '*'])
        .trim()
        .to_lowercase();
    matches!(
        t.as_str(),
        "confirm"
            | "i confirm"
            | "confirmed"
            | "agree"
            | "i agree"
            | "accept"
            | "i accept"
            | "bekræft"
            | "jeg bekræfter"
            | "accepter"
            | "accepterer"
            | "jeg accepterer"
            | "enig"
            | "jeg er enig"
            | "godkend"
            | "jeg godkender"
    )
}

/// A status text beside a toggle that says it is on, or off.
fn status_word(text: &str) -> Option<bool> {
    let t = text.trim().trim_end_matches(['.', ':']).to_lowercase();
    match t.as_str() {
        "on" | "enabled" | "active" | "allowed" | "aktiveret" | "aktiv" | "til" | "slået til"
        | "tændt" | "tilladt" | "ja" | "yes" | "agree" | "accept" | "accepter" | "tillad" => {
            Some(true)
        }
        "off" | "disabled" | "inactive" | "deaktiveret" | "inaktiv" | "fra" | "slået fra"
        | "slukket" | "nej" | "no" | "disagree" | "decline" | "afvis" | "reject" => Some(false),
        _ => None,
    }
}

/// Elements that the "in head" insertion mode keeps in the head; any other start tag
/// closes it.
fn is_head_content(name: &str) -> bool {
    [
        "title", "base", "basefont", "bgsound", "link", "meta", "style", "script", "noscript",
        "template", "html",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

fn hash_lower(name: &str) -> u64 {
    // FNV-1a over the lower-cased bytes
    let mut h: u64 = 0xcbf29ce484222325;
    for c in name.bytes() {
        h ^= c.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

impl Tag {
    fn is_block(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Li
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::H(_)
                | Tag::Td
                | Tag::Th
                | Tag::Tr
                | Tag::Tbody
                | Tag::Table
                | Tag::Blockquote
                | Tag::Div
                | Tag::Form
                | Tag::Fieldset
                | Tag::Legend
                | Tag::Label
                | Tag::Select
                | Tag::Option
                | Tag::Optgroup
                | Tag::Button
                | Tag::Nav
                | Tag::Footer
                | Tag::Header
                | Tag::Aside
                | Tag::Main
                | Tag::Body
                | Tag::Html
                | Tag::Head
                | Tag::OtherBlock
        )
    }

    /// Starting this element closes an open `<p>`.
    fn closes_p(self) -> bool {
        self.is_block()
            && !matches!(
                self,
                Tag::Li
                    | Tag::Dt
                    | Tag::Dd
                    | Tag::Td
                    | Tag::Th
                    | Tag::Tr
                    | Tag::Tbody
                    | Tag::Select
                    | Tag::Option
                    | Tag::Optgroup
                    | Tag::Button
                    | Tag::Legend
                    | Tag::Label
                    | Tag::Body
                    | Tag::Html
                    | Tag::Head
            )
    }

    fn block_kind(self) -> BlockKind {
        match self {
            Tag::H(l) => BlockKind::Heading(l),
            Tag::P => BlockKind::Paragraph,
            Tag::Li | Tag::Dd | Tag::Dt => BlockKind::ListItem,
            Tag::Td | Tag::Th => BlockKind::TableCell,
            Tag::Blockquote => BlockKind::Quote,
            Tag::Legend | Tag::Option | Tag::Button | Tag::Label => BlockKind::Label,
            _ => BlockKind::Other,
        }
    }
}

/// One open element.
#[derive(Clone)]
struct Open {
    tag: Tag,
    /// Where this element's text starts in the stream.
    stream_start: usize,
    /// Source range of the `id` value, when the element has one.
    id: Option<Range<usize>>,
    /// For `<label for>`: the `for` value.
    label_for: Option<Range<usize>>,
    /// Controls created inside this element that want its text (own-text labels).
    own_text_control: Option<usize>,
    lang: Option<Range<usize>>,
    excluded: bool,
    in_main: bool,
    hidden: bool,
    emph: bool,
    /// `<ol>`: next item number and type; a wrapping `<label>`: its index in `wrap_labels`.
    counter: i64,
    list_type: u8,
    /// Inherited from the parent, so that a control finds its context without searching
    /// the stack (a search per control is quadratic in deep nesting): the index of the
    /// nearest wrapping `<label>` (into `wrap_labels`), the nearest `<fieldset>` or
    /// `<select>` (into `groups`), and the `id` of the nearest `<select>`.
    wrap_label: Option<usize>,
    group: Option<usize>,
    select: Option<Option<Range<usize>>>,
    /// Inside a consent toggle (its knob and track are not toggles of their own).
    in_toggle: bool,
    /// The element's class or role makes it a title (`card-title`, `role="heading"`).
    title_class: bool,
    /// A toggle whose state its markup does not say: the index of its control, so that
    /// a status text right after it ("Aktiveret", "On") can decide.
    status_control: Option<usize>,
    /// Inside a form-library item whose validation rules require a value (Ant Design's
    /// `<Form.Item rules={[{ required: true }]}>`, or a validator that rejects an unticked
    /// box): a box inside cannot be left unticked.
    rules_required: bool,
}

/// A form-library item's `rules` that require a value: `required: true`, or a validator
/// that rejects (`if (!checked) return Promise.reject(...)`, Ant Design's documented
/// agreement box).
fn rules_require(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    v.contains("required:true")
        || (v.contains("validator")
            && v.contains("promise.reject")
            // the validator rejects an unticked box (`if (!checked)`, `value ?
            // Promise.resolve() : Promise.reject(...)`), not some other condition
            && (v.contains("if(!") || v.contains("?promise.resolve")))
}

/// A `<fieldset>` or `<select>` as a control's group: its legend, once read, and the
/// enclosing group.
struct Group {
    fieldset: bool,
    legend: Option<Range<usize>>,
    parent: Option<usize>,
}

/// A control before its label is resolved.
struct Pending {
    control: Control,
    stream_pos: usize,
    label_for_id: Option<String>,
    aria_labelledby: Option<String>,
    aria_label: Option<(String, Range<usize>)>,
    wrapping_label: Option<usize>,
    group_label: Option<Range<usize>>,
    select_id: Option<String>,
    /// The element's own text (options, ARIA switches with content).
    own: Option<Range<usize>>,
    /// A `<label>` with no `for` and no control inside, right before this control.
    preceding_label: Option<Range<usize>>,
    /// Inside `<main>` (or `role=main`).
    in_main: bool,
    /// A class toggle whose state nothing has said yet: dropped unless a status text does.
    provisional: bool,
    /// The text blocks just before the control (stream ranges): the nearest heading and
    /// the nearest block, for a toggle that has no text of its own.
    preceding_heading: Option<Range<usize>>,
    preceding_block: Option<Range<usize>>,
}

/// A block in stream coordinates.
struct RawBlock {
    range: Range<usize>,
    kind: BlockKind,
    lang: Option<Range<usize>>,
    excluded: bool,
    in_main: bool,
    number: Option<String>,
    /// Styled as a title (`class="card-title"`, `role="heading"`): a form section's name.
    titled: bool,
}

/// A form field before its question is resolved.
struct PendingField {
    field: Field,
    aria_labelledby: Option<String>,
    aria_describedby: Option<String>,
    aria_label: Option<Range<usize>>,
    title: Option<Range<usize>>,
    placeholder: Option<Range<usize>>,
    wrapping_label: Option<usize>,
    legend: Option<Range<usize>>,
    /// The header cell of the field's table column (stream range).
    table_header: Option<Range<usize>>,
    /// The nearest text before the field (stream range).
    preceding: Option<Range<usize>>,
    /// The nearest heading or title-styled block before the field (stream range).
    section: Option<Range<usize>>,
}

struct Reader<'a> {
    /// The masked source (template syntax blanked), the one we tokenize.
    src: &'a str,
    /// The original source, for reading template text.
    orig: &'a str,
    base: usize,
    mode: Mode,
    /// A first `ControlsOnly` pass that reads markup and comments, not text ([`read_view`]).
    probe: bool,
    stack: Vec<Open>,
    stream: TextBuilder,
    block_start: usize,
    block_kind: Option<BlockKind>,
    block_lang: Option<Range<usize>>,
    block_excluded: bool,
    block_in_main: bool,
    block_number: Option<String>,
    blocks: Vec<RawBlock>,
    emphasis: Vec<Range<usize>>,
    pending: Vec<Pending>,
    /// id -> stream range of the element's text
    id_text: HashMap<String, Range<usize>>,
    /// label for -> stream range
    labels_for: Vec<(String, Range<usize>)>,
    /// wrapping label index -> stream range (filled when the label closes)
    wrap_labels: Vec<Option<Range<usize>>>,
    groups: Vec<Group>,
    template_ranges: &'a [Range<usize>],
    saw_main: bool,
    forms: usize,
    /// The form element pointer of the HTML tree builder: the open form, if any.
    form_ptr: Option<usize>,
    html_lang: Option<String>,
    skip_text_depth: usize,
    comments: Vec<Comment>,
    /// Start and end (in `src`) of the token being read.
    token_start: usize,
    token_end: usize,
    /// The last `<label>` that has neither `for` nor a control inside: (stream range, end in `src`).
    loose_label: Option<(Range<usize>, usize)>,
    /// A toggle just closed whose state a status text after it may say: (control, end in `src`).
    pending_status: Option<(usize, usize)>,
    /// The block being read is styled as a title.
    block_titled: bool,
    fields: Vec<PendingField>,
    /// Open tables: the header cells of each column (from rows of only `<th>`), and the
    /// column the next cell of the current row starts.
    tables: Vec<TableCols>,
    /// The component syntax being read (JSX, Vue, Svelte, Astro), if any.
    dialect: Dialect<'a>,
}

/// What a component reader adds to HTML (see `document::components`): component names
/// (`<Checkbox>`, `<Switch>`, `<v-checkbox>`) are controls, a self-closing tag closes,
/// `htmlFor`/`className` stand for `for`/`class`, braced attribute values are one value,
/// and a bound value that names a variable is decided by the variable's literal initial
/// value in the same file (`useState(true)`, `ref(true)`, `let news = true`).
#[derive(Clone, Copy, Default)]
pub(crate) struct Dialect<'a> {
    pub components: bool,
    pub bindings: Option<&'a Bindings>,
    /// Translated texts that stand for source ranges (`{t('newsletter_optin')}`), sorted
    /// and disjoint, in the masked copy's offsets: read as text mapped to the whole call.
    pub subs: &'a [(Range<usize>, String)],
}

/// Variables whose initial value is a literal, by name as the markup names them
/// (`newsletter`, `form.newsletter`): on or off, and the span of the literal.
pub(crate) type Bindings = HashMap<String, (bool, Range<usize>)>;

/// A checked-state expression as far as the file decides it.
enum Eval {
    /// On; the span of the initial value when a variable made it so.
    On(Option<Range<usize>>),
    Off,
    Unknown,
}

#[derive(Default)]
struct TableCols {
    headers: Vec<Option<Range<usize>>>,
    col: usize,
    row_has_td: bool,
}

/// Elements whose end tag we search for at most this deep in the stack.
const END_TAG_SEARCH: usize = 512;

/// Read `src` (already masked) into `out`. `orig` is the unmasked text of the same bytes;
/// `base` is added to every offset.
pub(crate) fn read(
    src: &str,
    orig: &str,
    base: usize,
    template_ranges: &[Range<usize>],
    mode: Mode,
    inherited_lang: Option<String>,
    out: &mut DocBuilder,
) {
    read_dialect(
        src,
        orig,
        base,
        template_ranges,
        mode,
        inherited_lang,
        Dialect::default(),
        out,
    )
}

/// [`read`] in a component dialect.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_dialect(
    src: &str,
    orig: &str,
    base: usize,
    template_ranges: &[Range<usize>],
    mode: Mode,
    inherited_lang: Option<String>,
    dialect: Dialect<'_>,
    out: &mut DocBuilder,
) {
    let mut r = Reader::new(src, orig, base, template_ranges, mode, dialect, out);
    r.run();
    r.finish(inherited_lang, out);
}

/// The `ControlsOnly` pass over the HTML view of a Markdown page. A first pass reads
/// only the markup, without gathering the page's text: on a page whose raw HTML holds no
/// control, field or `<label for>` (most pages: a `<br>`, a link, a comment), it gives
/// every comment and the declared language, which is all the full pass would give, and
/// the text of the whole page (3.5 times its size in memory) is never gathered a second
/// time. Otherwise the full pass runs.
pub(crate) fn read_view(
    src: &str,
    orig: &str,
    base: usize,
    template_ranges: &[Range<usize>],
    inherited_lang: Option<String>,
    out: &mut DocBuilder,
) {
    let mut probe = Reader::new(
        src,
        orig,
        base,
        template_ranges,
        Mode::ControlsOnly,
        Dialect::default(),
        out,
    );
    probe.probe = true;
    probe.run();
    // whether a control, field or label is created depends on tags and attributes only,
    // never on the text between them
    if probe.pending.is_empty() && probe.fields.is_empty() && probe.labels_for.is_empty() {
        probe.finish(inherited_lang, out);
        return;
    }
    drop(probe);
    read(
        src,
        orig,
        base,
        template_ranges,
        Mode::ControlsOnly,
        inherited_lang,
        out,
    );
}

impl<'a> Reader<'a> {
    fn new(
        src: &'a str,
        orig: &'a str,
        base: usize,
        template_ranges: &'a [Range<usize>],
        mode: Mode,
        dialect: Dialect<'a>,
        out: &DocBuilder,
    ) -> Reader<'a> {
        Reader {
            src,
            orig,
            base,
            mode,
            probe: false,
            stack: Vec::new(),
            stream: TextBuilder::new(),
            block_start: 0,
            block_kind: None,
            block_lang: None,
            block_excluded: false,
            block_in_main: false,
            block_number: None,
            blocks: Vec::new(),
            emphasis: Vec::new(),
            pending: Vec::new(),
            id_text: HashMap::new(),
            labels_for: Vec::new(),
            wrap_labels: Vec::new(),
            groups: Vec::new(),
            template_ranges,
            saw_main: false,
            forms: out
                .controls
                .iter()
                .filter_map(|c| c.form)
                .max()
                .map_or(0, |m| m + 1),
            form_ptr: None,
            html_lang: None,
            skip_text_depth: 0,
            comments: Vec::new(),
            token_start: 0,
            token_end: 0,
            loose_label: None,
            pending_status: None,
            block_titled: false,
            fields: Vec::new(),
            tables: Vec::new(),
            dialect,
        }
    }

    fn run(&mut self) {
        let mut tok = Tokenizer::new(self.src);
        tok.braces = self.dialect.components;
        while let Some(t) = tok.next_token() {
            // the separator a block boundary leaves in the text stands for this token
            (self.token_start, self.token_end) = match &t {
                Token::Text(r) | Token::RawText(r) | Token::Other(r) => (r.start, r.end),
                Token::Comment { span, .. }
                | Token::Start { span, .. }
                | Token::End { span, .. } => (span.start, span.end),
            };
            match t {
                Token::Text(r) => self.text(r),
                Token::RawText(_) | Token::Other(_) => {}
                Token::Comment { span, body } => self.comments.push(Comment {
                    span: self.base + span.start..self.base + span.end,
                    body: self.base + body.start..self.base + body.end,
                }),
                Token::Start {
                    span,
                    name,
                    self_closing,
                } => {
                    let attrs = std::mem::take(&mut tok.attrs);
                    self.start_tag(span, name, self_closing, &attrs);
                    tok.attrs = attrs;
                }
                Token::End { span: _, name } => self.end_tag(name),
            }
        }
        // close everything still open
        while !self.stack.is_empty() {
            self.pop();
        }
        self.boundary();
    }

    fn attr<'b>(&self, attrs: &'b [Attr], name: &str) -> Option<&'b Attr> {
        let alias = match name {
            _ if !self.dialect.components => None,
            "for" => Some("htmlFor"),
            "class" => Some("className"),
            // a component's `label` prop names it as `aria-label` would
            "aria-label" => Some("label"),
            _ => None,
        };
        attrs.iter().find(|a| {
            let n = &self.src[a.name.clone()];
            n.eq_ignore_ascii_case(name) || alias.is_some_and(|al| n.eq_ignore_ascii_case(al))
        })
    }

    fn attr_value(&self, attrs: &[Attr], name: &str) -> Option<String> {
        self.attr(attrs, name)
            .map(|a| decode_attr(&self.src[a.value.clone()]))
    }

    fn top(&self) -> Option<&Open> {
        self.stack.last()
    }

    fn inherited(&self) -> (Option<Range<usize>>, bool, bool, bool, bool) {
        match self.top() {
            Some(o) => (o.lang.clone(), o.excluded, o.in_main, o.hidden, o.emph),
            None => (None, false, false, false, false),
        }
    }

    fn text(&mut self, r: Range<usize>) {
        // text other than white space in the head closes it ("in head" insertion mode:
        // anything else acts as if `</head>` had been seen, and the text goes to the body)
        if self.skip_text_depth > 0
            && self.top().is_some_and(|o| o.tag == Tag::Head)
            && !self.src[r.clone()].bytes().all(|b| b.is_ascii_whitespace())
        {
            self.close_head();
        }
        if self.skip_text_depth > 0 {
            return;
        }
        if let Some((ci, end)) = self.pending_status {
            let t = &self.src[r.clone()];
            if !t.trim().is_empty() {
                self.pending_status = None;
                if r.start.saturating_sub(end) < 300 {
                    if let Some(on) = status_word(t) {
                        let lead = t.len() - t.trim_start().len();
                        let tr = r.start + lead..r.start + lead + t.trim().len();
                        if let Some(p) = self.pending.get_mut(ci) {
                            p.provisional = false;
                            if on {
                                p.control.checked =
                                    CheckedState::Checked(self.base + tr.start..self.base + tr.end);
                            }
                        }
                    }
                }
            }
        }
        if self.probe {
            return;
        }
        let mut r = r;
        if self.mode == Mode::ControlsOnly {
            // in the HTML view of a Markdown page a blank line ends a paragraph
            while let Some(at) = blank_line(&self.src[r.clone()]) {
                let (a, b) = (r.start + at.start, r.start + at.end);
                self.text_run(r.start..a);
                // the boundary stands for the blank line, not the whole text around it
                (self.token_start, self.token_end) = (a, b);
                self.boundary();
                r = b..r.end;
            }
        }
        let subs = self.dialect.subs;
        if !subs.is_empty() {
            let mut at = subs.partition_point(|(s, _)| s.end <= r.start);
            let mut r = r;
            while let Some((s, text)) = subs.get(at).filter(|(s, _)| s.start < r.end) {
                let s = s.start.max(r.start)..s.end.min(r.end);
                self.text_run(r.start..s.start);
                if self.block_kind.is_none() {
                    self.begin_block();
                }
                self.stream
                    .push_atomic(text, self.base + s.start..self.base + s.end);
                r = s.end..r.end;
                at += 1;
            }
            self.text_run(r);
            return;
        }
        self.text_run(r);
    }

    fn text_run(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        let s = &self.src[r.clone()];
        if s.bytes().all(|b| b.is_ascii_whitespace()) {
            self.stream
                .push_space(self.base + r.start..self.base + r.end);
            return;
        }
        if self.block_kind.is_none() {
            self.begin_block();
        }
        let before = self.stream.len();
        self.stream.push_html_text(s, self.base + r.start);
        if self.top().is_some_and(|o| o.emph) {
            let after = self.stream.len();
            // emphasis starts at the first non-space character pushed
            let start = before + self.stream.text[before..after].len()
                - self.stream.text[before..after].trim_start().len();
            if after > start {
                match self.emphasis.last_mut() {
                    Some(last) if last.end + 1 >= start => last.end = after,
                    _ => self.emphasis.push(start..after),
                }
            }
        }
    }

    fn begin_block(&mut self) {
        // the innermost block element decides the kind
        let inner = self
            .stack
            .iter()
            .rev()
            .find(|o| o.tag.is_block() || o.tag == Tag::Label);
        self.block_titled = inner.is_some_and(|o| o.title_class);
        let kind = inner
            .map(|o| {
                if o.tag == Tag::Label {
                    BlockKind::Label
                } else {
                    o.tag.block_kind()
                }
            })
            .unwrap_or(BlockKind::Other);
        let (lang, excluded, in_main, _, _) = self.inherited();
        self.block_kind = Some(kind);
        self.block_lang = lang;
        self.block_excluded = excluded;
        self.block_in_main = in_main;
        self.block_start = self.stream.len();
    }

    /// A block boundary: close the current block, if it has text.
    fn boundary(&mut self) {
        let end = self.stream.len();
        if let Some(kind) = self.block_kind.take() {
            if end > self.block_start {
                self.blocks.push(RawBlock {
                    range: self.block_start..end,
                    kind,
                    lang: self.block_lang.take(),
                    excluded: self.block_excluded,
                    in_main: self.block_in_main,
                    number: self.block_number.take(),
                    titled: self.block_titled,
                });
            }
        }
        let tag =
            self.base + self.token_start..self.base + self.token_end.max(self.token_start + 1);
        self.stream.separate(tag);
        self.block_start = self.stream.len();
    }

    fn start_tag(
        &mut self,
        span: Range<usize>,
        name: Range<usize>,
        self_closing: bool,
        attrs: &[Attr],
    ) {
        let tag = tag_of(&self.src[name.clone()]);
        // a start tag that cannot go in the head closes it (a page whose `<head>` is never
        // closed: the browser closes it at the first body content)
        if self.skip_text_depth > 0 && tag != Tag::Head && !is_head_content(&self.src[name.clone()])
        {
            self.close_head();
        }
        // a <form> inside an open form is ignored by the tree builder
        if tag == Tag::Form && self.form_ptr.is_some() {
            return;
        }
        // implied end tags
        match tag {
            Tag::Li => self.close_implied(&[Tag::Li], &[Tag::Ul, Tag::Ol]),
            Tag::Dt | Tag::Dd => self.close_implied(&[Tag::Dt, Tag::Dd], &[Tag::Dl]),
            Tag::Option => self.close_implied(&[Tag::Option], &[Tag::Select, Tag::Optgroup]),
            Tag::Optgroup => self.close_implied(&[Tag::Option, Tag::Optgroup], &[Tag::Select]),
            Tag::Tr => self.close_implied(&[Tag::Td, Tag::Th, Tag::Tr], &[Tag::Table, Tag::Tbody]),
            Tag::Td | Tag::Th => self.close_implied(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]),
            Tag::Tbody => {
                self.close_implied(&[Tag::Td, Tag::Th, Tag::Tr, Tag::Tbody], &[Tag::Table])
            }
            _ => {}
        }
        if tag.closes_p() || tag == Tag::P {
            self.close_implied(
                &[Tag::P],
                &[
                    Tag::Div,
                    Tag::Td,
                    Tag::Th,
                    Tag::Li,
                    Tag::Blockquote,
                    Tag::Form,
                    Tag::Button,
                    Tag::Table,
                ],
            );
        }
        if tag.is_block() {
            self.boundary();
        }
        match tag {
            Tag::Br => {
                if self.skip_text_depth == 0 {
                    self.stream
                        .push_space(self.base + span.start..self.base + span.end);
                }
                return;
            }
            Tag::Input => {
                self.input(span, attrs);
                return;
            }
            Tag::Void => return,
            Tag::Html => {
                if let Some(l) = self.attr(attrs, "lang") {
                    let v = self.src[l.value.clone()].trim().to_string();
                    if !v.is_empty() {
                        self.html_lang = Some(v);
                    }
                }
            }
            _ => {}
        }
        if self_closing && !matches!(tag, Tag::Other(_) | Tag::Div) {
            // `<p/>` etc. still open in HTML, but `<x/>` on void-like custom elements is common;
            // treat self-closing known non-void elements as open, like browsers do.
        }
        let (mut lang, mut excluded, mut in_main, mut hidden, mut emph) = self.inherited();
        if let Some(l) = self
            .attr(attrs, "lang")
            .or_else(|| self.attr(attrs, "xml:lang"))
        {
            if !l.value.is_empty() {
                lang = Some(l.value.clone());
            }
        }
        let role = self
            .attr_value(attrs, "role")
            .map(|r| r.to_ascii_lowercase());
        match tag {
            Tag::Nav | Tag::Footer | Tag::Aside => excluded = true,
            Tag::Header if !in_main => excluded = true,
            Tag::Main => {
                in_main = true;
                self.saw_main = true;
            }
            Tag::B | Tag::Strong | Tag::Mark => emph = true,
            _ => {}
        }
        match role.as_deref() {
            Some("navigation") | Some("contentinfo") | Some("banner") | Some("complementary") => {
                excluded = true
            }
            Some("main") => {
                in_main = true;
                self.saw_main = true;
            }
            _ => {}
        }
        let class_id = {
            let mut s = self.attr_value(attrs, "class").unwrap_or_default();
            if let Some(id) = self.attr_value(attrs, "id") {
                s.push(' ');
                s.push_str(&id);
            }
            s.to_ascii_lowercase()
        };
        if is_cookie_banner(&class_id) {
            excluded = true;
        }
        if !emph && is_callout(&class_id) {
            emph = true;
        }
        if self.attr(attrs, "hidden").is_some()
            || style_hides(self.attr_value(attrs, "style").as_deref())
        {
            hidden = true;
        }
        if matches!(
            tag,
            Tag::Script | Tag::Style | Tag::Title | Tag::Textarea | Tag::Head
        ) {
            self.skip_text_depth += 1;
        }
        let mut counter = 0;
        let mut list_type = b'1';
        if tag == Tag::Ol {
            counter = self
                .attr_value(attrs, "start")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .unwrap_or(1);
            if let Some(t) = self.attr_value(attrs, "type") {
                list_type = t.bytes().next().unwrap_or(b'1');
            }
        }
        if tag == Tag::Li {
            // the clause number comes from the markup of the enclosing <ol>
            let explicit = self
                .attr_value(attrs, "value")
                .and_then(|s| s.trim().parse::<i64>().ok());
            if let Some(ol) = self
                .stack
                .iter_mut()
                .rev()
                .find(|o| matches!(o.tag, Tag::Ol | Tag::Ul))
            {
                if ol.tag == Tag::Ol {
                    let n = explicit.unwrap_or(ol.counter);
                    ol.counter = n + 1;
                    self.block_number = Some(format_number(n, ol.list_type));
                }
            }
        }
        if tag == Tag::Form {
            self.form_ptr = Some(self.forms);
            self.forms += 1;
        }
        match tag {
            Tag::Table => self.tables.push(TableCols::default()),
            Tag::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    t.col = 0;
                    t.row_has_td = false;
                }
            }
            Tag::Td | Tag::Th => {
                let colspan = self
                    .attr_value(attrs, "colspan")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                if let Some(t) = self.tables.last_mut() {
                    // the cell's column, kept in `counter` (unused for cells)
                    counter = t.col as i64;
                    t.col = t.col.saturating_add(colspan);
                    t.row_has_td |= tag == Tag::Td;
                }
            }
            _ => {}
        }
        let id = self.attr(attrs, "id").map(|a| a.value.clone());
        let label_for = if tag == Tag::Label {
            self.attr(attrs, "for").map(|a| a.value.clone())
        } else {
            None
        };
        let mut open = Open {
            tag,
            stream_start: self.stream.len(),
            id,
            label_for,
            own_text_control: None,
            lang,
            excluded,
            in_main,
            hidden,
            emph,
            counter,
            list_type,
            wrap_label: self.top().and_then(|o| o.wrap_label),
            group: self.top().and_then(|o| o.group),
            select: self.top().and_then(|o| o.select.clone()),
            in_toggle: self.top().is_some_and(|o| o.in_toggle),
            title_class: role.as_deref() == Some("heading")
                || class_id
                    .split_whitespace()
                    .any(|c| c.ends_with("title") || c.ends_with("heading")),
            status_control: None,
            // (an item holding one box: `valuePropName="checked"`; a group's `required`
            // asks for one choice of several, not for each box)
            rules_required: self.top().is_some_and(|o| o.rules_required)
                || (self.dialect.components
                    && self.attr_value(attrs, "valuePropName").as_deref() == Some("checked")
                    && self
                        .attr(attrs, "rules")
                        .is_some_and(|a| rules_require(&self.orig[a.value.clone()]))),
        };
        if tag == Tag::Label && open.label_for.is_none() {
            self.wrap_labels.push(None);
            open.counter = self.wrap_labels.len() as i64 - 1;
            open.wrap_label = Some(open.counter as usize);
        }
        if matches!(tag, Tag::Fieldset | Tag::Select) {
            self.groups.push(Group {
                fieldset: tag == Tag::Fieldset,
                legend: None,
                parent: open.group,
            });
            open.group = Some(self.groups.len() - 1);
        }
        if tag == Tag::Select {
            open.select = Some(open.id.clone());
        }
        if matches!(tag, Tag::Select | Tag::Textarea) {
            let kind = if tag == Tag::Select {
                FieldKind::Select
            } else {
                FieldKind::Textarea
            };
            self.push_field(kind, None, &span, attrs);
        }
        // a component library's checkbox or switch (`<Checkbox defaultChecked>`): a control
        // whose children, else its `label` prop, name it
        // (in HTML, custom elements only: `<sl-checkbox checked>`, Angular's `<mat-checkbox>`)
        // (and the namespaced server controls of ASP.NET Web Forms and JSF:
        // `<asp:CheckBox Text="Ja tak" Checked="true" runat="server" />`)
        let server = matches!(tag, Tag::Other(_)) && self.src[name.clone()].contains(':');
        let component = if tag != Tag::Input
            && !open.in_toggle
            && matches!(tag, Tag::Other(_))
            && (self.dialect.components || self.src[name.clone()].contains('-') || server)
        {
            component_control(&self.src[name.clone()])
        } else {
            None
        };
        if let Some(kind) = component {
            let (checked, init) = if server {
                (self.server_checked(attrs), None)
            } else {
                self.checked_state(&span, attrs, true)
            };
            let idx = self.push_control(kind, checked, span.clone(), attrs, &open);
            self.pending[idx].control.checked_by = init;
            // a server control's `Text` is the label it renders
            if server && self.pending[idx].aria_label.is_none() {
                self.pending[idx].aria_label = attrs
                    .iter()
                    .find(|a| self.src[a.name.clone()].eq_ignore_ascii_case("text"))
                    .map(|a| (decode_attr(&self.src[a.value.clone()]), a.value.clone()))
                    .filter(|(t, _)| !t.trim().is_empty());
            }
            open.own_text_control = Some(idx);
            open.in_toggle = true;
        }
        // ARIA switches and checkboxes on any element, and the toggles of consent platforms
        // whose state is `aria-pressed`, `data-state`, a class or a status text
        if tag != Tag::Input && !open.in_toggle {
            if let Some((kind, checked, disabled_by_class)) =
                self.toggle(&span, role.as_deref(), attrs)
            {
                let undecided = checked.is_none();
                let checked = checked
                    .or_else(|| self.template_checked(&span))
                    .unwrap_or(CheckedState::Unchecked);
                let idx = self.push_control(kind, checked, span.clone(), attrs, &open);
                if disabled_by_class {
                    self.pending[idx].control.disabled = true;
                }
                open.own_text_control = Some(idx);
                open.in_toggle = true;
                if undecided {
                    open.status_control = Some(idx);
                    self.pending[idx].provisional =
                        kind == ControlKind::Switch && !matches!(role.as_deref(), Some("switch"));
                }
            }
        }
        if tag == Tag::Option {
            let checked = match self.attr(attrs, "selected") {
                Some(a) => CheckedState::Checked(self.base + a.full.start..self.base + a.full.end),
                None => self
                    .template_checked(&span)
                    .unwrap_or(CheckedState::Unchecked),
            };
            let idx = self.push_control(ControlKind::Option, checked, span.clone(), attrs, &open);
            open.own_text_control = Some(idx);
        }
        self.stack.push(open);
        // a server control that renders its `Text` as words on the page (`<asp:Label
        // Text="Ønsker du nyhedsbrev?" runat="server">`): the words are its content
        if server && component.is_none() {
            let lower = self.src[name.clone()].to_ascii_lowercase();
            if ["label", "literal", "hyperlink", "linkbutton"]
                .iter()
                .any(|t| lower.rsplit(':').next() == Some(*t))
            {
                if let Some(a) = attrs
                    .iter()
                    .find(|a| self.src[a.name.clone()].eq_ignore_ascii_case("text"))
                    .filter(|a| a.has_value && !a.value.is_empty())
                {
                    self.text(a.value.clone());
                }
            }
        }
        // in component syntax `<Checkbox />` and `<div />` close themselves, and so does
        // a server control (`<asp:CheckBox ... />`)
        if self_closing && (self.dialect.components || server) {
            self.pop();
        }
    }

    /// The template ranges that start in `start..end` (they are sorted and disjoint): a
    /// binary search, not a scan of every template tag of the page for every tag.
    fn templates_in(&self, start: usize, end: usize) -> &'a [Range<usize>] {
        let all = self.template_ranges;
        let a = all.partition_point(|r| r.start < start);
        let b = a + all[a..].partition_point(|r| r.start < end);
        crate::work::add(b - a + 1);
        &all[a..b]
    }

    /// Is this element a switch or a consent toggle, and what state does its markup say?
    /// `role="switch"`/`"checkbox"` (state from `aria-checked`), `aria-pressed`, or an
    /// element whose class names a toggle or switch (`qc-cmp-toggle`, `ot-switch`,
    /// `cky-switch`) with a state from `data-state` or an on/off class (`qc-cmp-toggle-on`,
    /// `is-checked`, `active`). The state is `None` when the markup does not say (a status
    /// text after the toggle may). The flag says the class marks it as always on
    /// (`*-always-active`, `*-required`, `*-disabled`, `*-locked`).
    fn toggle(
        &self,
        span: &Range<usize>,
        role: Option<&str>,
        attrs: &[Attr],
    ) -> Option<(ControlKind, Option<CheckedState>, bool)> {
        let abs = |r: &Range<usize>| self.base + r.start..self.base + r.end;
        let is_true = |a: &Attr| {
            let v = self.src[a.value.clone()].trim();
            v.eq_ignore_ascii_case("true")
        };
        let role_kind = match role {
            Some("switch") => Some(ControlKind::Switch),
            Some("checkbox") => Some(ControlKind::AriaCheckbox),
            _ => None,
        };
        if let (Some(kind), Some(a)) = (role_kind, self.attr(attrs, "aria-checked")) {
            let state = if is_true(a) {
                CheckedState::Checked(abs(&a.full))
            } else {
                CheckedState::Unchecked
            };
            return Some((kind, Some(state), false));
        }
        if let Some(a) = self.attr(attrs, "aria-pressed") {
            let state = if is_true(a) {
                CheckedState::Checked(abs(&a.full))
            } else {
                CheckedState::Unchecked
            };
            return Some((role_kind.unwrap_or(ControlKind::Switch), Some(state), false));
        }
        let class = self.attr(attrs, "class");
        let mut toggle_class = false;
        let mut on: Option<Range<usize>> = None;
        let mut off = false;
        let mut always = false;
        if let Some(c) = class {
            let v = c.value.clone();
            let text = &self.src[v.clone()];
            let mut at = 0;
            for tok in text.split(|ch: char| ch.is_ascii_whitespace()) {
                let r = v.start + at..v.start + at + tok.len();
                at += tok.len() + 1;
                if tok.is_empty() {
                    continue;
                }
                let t = tok.to_ascii_lowercase();
                if is_toggle_class(&t) {
                    toggle_class = true;
                }
                match toggle_state_class(&t) {
                    Some(true) if on.is_none() => on = Some(r),
                    Some(false) => off = true,
                    _ => {}
                }
                if [
                    "always",
                    "required",
                    "locked",
                    "necessary",
                    "disabled",
                    "mandatory",
                ]
                .iter()
                .any(|k| t.contains(k))
                {
                    always = true;
                }
            }
        }
        if role_kind.is_none() && !toggle_class {
            return None;
        }
        if let Some(a) = self.attr(attrs, "data-state") {
            let v = self.src[a.value.clone()].trim().to_ascii_lowercase();
            match v.as_str() {
                "checked" | "on" => {
                    return Some((
                        role_kind.unwrap_or(ControlKind::Switch),
                        Some(CheckedState::Checked(abs(&a.full))),
                        always,
                    ))
                }
                "unchecked" | "off" => {
                    return Some((
                        role_kind.unwrap_or(ControlKind::Switch),
                        Some(CheckedState::Unchecked),
                        always,
                    ))
                }
                _ => {}
            }
        }
        let kind = role_kind.unwrap_or(ControlKind::Switch);
        if let Some(r) = on.filter(|_| !off) {
            return Some((kind, Some(CheckedState::Checked(abs(&r))), always));
        }
        if off {
            return Some((kind, Some(CheckedState::Unchecked), always));
        }
        // a bare class toggle with no state at all is a toggle only when a status text says
        // its state; a role says it is a control in any case
        let _ = span;
        Some((kind, None, always))
    }

    fn template_checked(&self, tag_span: &Range<usize>) -> Option<CheckedState> {
        let abs = self.base + tag_span.start..self.base + tag_span.end;
        for r in self.templates_in(abs.start, abs.end) {
            if r.start >= abs.start && r.end <= abs.end {
                let t = &self.orig[r.start - self.base..r.end - self.base];
                if template::decides_checked(t) {
                    return Some(CheckedState::Template(r.clone()));
                }
            }
        }
        None
    }

    fn input(&mut self, span: Range<usize>, attrs: &[Attr]) {
        let ty = self
            .attr_value(attrs, "type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let role = self
            .attr_value(attrs, "role")
            .map(|r| r.to_ascii_lowercase());
        // a hidden input marked `required` is the value store of a custom widget (a
        // browser ignores `required` on a hidden input, so only a script's own picker can
        // fill it): the question above it asks for that value
        let widget = ty.trim() == "hidden" && self.attr(attrs, "required").is_some();
        if widget
            || !matches!(
                ty.trim(),
                "hidden" | "submit" | "reset" | "button" | "image"
            )
        {
            self.push_field(FieldKind::Input, Some(ty.trim().to_string()), &span, attrs);
        }
        let kind = match (ty.trim(), role.as_deref()) {
            (_, Some("switch")) => ControlKind::Switch,
            ("checkbox", _) => ControlKind::Checkbox,
            ("radio", _) => ControlKind::Radio,
            _ => return,
        };
        let (checked, init) = self.checked_state(&span, attrs, false);
        let (lang, excluded, in_main, hidden, emph) = self.inherited();
        let open = Open {
            tag: Tag::Input,
            stream_start: self.stream.len(),
            id: None,
            label_for: None,
            own_text_control: None,
            lang,
            excluded,
            in_main,
            hidden,
            emph,
            counter: 0,
            list_type: b'1',
            wrap_label: None,
            group: None,
            select: None,
            in_toggle: false,
            title_class: false,
            status_control: None,
            rules_required: self.top().is_some_and(|o| o.rules_required),
        };
        let idx = self.push_control(kind, checked, span, attrs, &open);
        self.pending[idx].control.checked_by = init;
    }

    /// The checked state its attributes give an input (or, with `component`, a checkbox or
    /// switch component), and the initial value that decided a bound one.
    /// The state a server control's `Checked` property gives (`Checked="true"`): a
    /// boolean, not HTML's presence attribute, so `Checked="false"` is unticked; a value
    /// the template prints (`Checked="<%# Eval("News") %>"`) is the template's.
    fn server_checked(&self, attrs: &[Attr]) -> CheckedState {
        let Some(a) = attrs
            .iter()
            .find(|a| self.src[a.name.clone()].eq_ignore_ascii_case("checked"))
        else {
            return CheckedState::Unchecked;
        };
        let full = self.base + a.full.start..self.base + a.full.end;
        let v = self.src[a.value.clone()].trim();
        if v.eq_ignore_ascii_case("true") {
            CheckedState::Checked(full)
        } else if v.is_empty()
            && !self
                .templates_in(self.base + a.full.start, self.base + a.full.end)
                .is_empty()
        {
            CheckedState::Template(full)
        } else {
            CheckedState::Unchecked
        }
    }

    fn checked_state(
        &self,
        span: &Range<usize>,
        attrs: &[Attr],
        component: bool,
    ) -> (CheckedState, Option<Range<usize>>) {
        let abs = |r: &Range<usize>| self.base + r.start..self.base + r.end;
        let mut checked = CheckedState::Unchecked;
        let mut init = None;
        for a in attrs {
            let n = &self.src[a.name.clone()];
            let Some(bound) = checked_name(n, component) else {
                if n.eq_ignore_ascii_case("aria-checked")
                    && self.src[a.value.clone()]
                        .trim()
                        .eq_ignore_ascii_case("true")
                {
                    checked = CheckedState::Checked(abs(&a.full));
                }
                continue;
            };
            // `checked`, `checked=""` and `checked="false"` are all checked in HTML. An
            // expression (JSX or Svelte `checked={false}`, Vue `:checked="false"`, Angular
            // `[checked]="subscribed"`) is not HTML: `false` is unchecked, `true` checked, a
            // variable with a literal initial value in the file decides, anything else is
            // decided by the code.
            let v = self.src[a.value.clone()].trim();
            let braced = a.has_value && v.starts_with('{') && v.ends_with('}');
            if bound && !a.has_value {
                continue;
            }
            if braced || bound {
                let e = if braced {
                    v.trim_matches(|c| c == '{' || c == '}').trim()
                } else {
                    v
                };
                match self.eval(e) {
                    Eval::Off => continue,
                    Eval::On(i) => init = i,
                    Eval::Unknown => {
                        checked = CheckedState::Template(abs(&a.full));
                        break;
                    }
                }
            }
            // a bare `checked` between template conditionals is decided by the template,
            // and so is one printed by a template branch on the same line
            // (`<?php if ($x) { echo '<input ... checked>'; } else { ... } ?>`)
            if let Some(t) = self.between_conditionals(span, &a.full) {
                checked = CheckedState::Template(t);
                init = None;
            } else if self.printed_by_branch(span) {
                checked = CheckedState::Template(abs(&a.full));
                init = None;
            } else {
                checked = CheckedState::Checked(abs(&a.full));
            }
            break;
        }
        if checked == CheckedState::Unchecked {
            if let Some(t) = self.template_checked(span) {
                checked = t;
            }
        }
        (checked, init)
    }

    /// Decide a checked-state expression from the file: literals, and variables with a
    /// literal initial value (component dialects only).
    fn eval(&self, e: &str) -> Eval {
        let e = e.trim();
        match e {
            "true" | "!0" | "!!1" => return Eval::On(None),
            "false" | "!1" | "null" | "undefined" | "0" | "''" | "\"\"" => return Eval::Off,
            _ => {}
        }
        let path = e.strip_prefix("this.").unwrap_or(e);
        let ident = !path.is_empty()
            && path
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.'));
        if ident {
            if let Some(b) = self.dialect.bindings {
                // `news.value` in a Vue script is `news` in its template
                let key = path.strip_suffix(".value").unwrap_or(path);
                if let Some((on, r)) = b.get(key) {
                    return if *on {
                        Eval::On(Some(r.clone()))
                    } else {
                        Eval::Off
                    };
                }
            }
        }
        Eval::Unknown
    }

    /// Is the tag at `tag` printed by a template branch: is the nearest template code before
    /// it on the same line, and does that code branch?
    fn printed_by_branch(&self, tag: &Range<usize>) -> bool {
        let start = self.base + tag.start;
        let all = self.template_ranges;
        let i = all.partition_point(|r| r.start < start);
        let Some(r) = i.checked_sub(1).and_then(|i| all.get(i)) else {
            return false;
        };
        if r.end > start || r.end < self.base {
            return false;
        }
        let between = &self.src[r.end - self.base..tag.start];
        !between.contains('\n')
            && template::is_branch(&self.orig[r.start - self.base..r.end - self.base])
    }

    /// `{% if x %} checked {% endif %}`: a template conditional right before the attribute.
    fn between_conditionals(
        &self,
        tag: &Range<usize>,
        attr: &Range<usize>,
    ) -> Option<Range<usize>> {
        let a_start = self.base + attr.start;
        let a_end = self.base + attr.end;
        let t_start = self.base + tag.start;
        let t_end = self.base + tag.end;
        let before = self
            .templates_in(t_start, a_start)
            .iter()
            .rfind(|r| r.end <= a_start)?;
        let between = &self.src[before.end - self.base..a_start - self.base];
        if !between.trim().is_empty() {
            return None;
        }
        let t = &self.orig[before.start - self.base..before.end - self.base];
        if !template::is_conditional_open(t) {
            return None;
        }
        let after = self
            .templates_in(a_end, t_end)
            .iter()
            .find(|r| r.end <= t_end)
            .cloned();
        Some(match after {
            Some(a) => before.start..a.end,
            None => before.start..a_end,
        })
    }

    /// Record a form field with what may name it; the question is resolved in `finish`.
    fn push_field(
        &mut self,
        kind: FieldKind,
        input_type: Option<String>,
        span: &Range<usize>,
        attrs: &[Attr],
    ) {
        if self.mode == Mode::TextOnly {
            return;
        }
        let attr_range = |name: &str| {
            self.attr(attrs, name)
                .map(|a| a.value.clone())
                .filter(|r| !self.src[r.clone()].trim().is_empty())
        };
        let parent = self.top();
        let hidden = parent.is_some_and(|o| o.hidden)
            || self.attr(attrs, "hidden").is_some()
            || style_hides(self.attr_value(attrs, "style").as_deref());
        let wrapping_label = parent.and_then(|o| o.wrap_label);
        let mut legend = None;
        let mut g = parent.and_then(|o| o.group);
        while let Some(i) = g {
            crate::work::add(1);
            if self.groups[i].fieldset {
                legend = self.groups[i].legend.clone();
                if legend.is_some() {
                    break;
                }
            }
            g = self.groups[i].parent;
        }
        let has_text = |r: &Range<usize>| {
            self.stream.text[r.clone()]
                .chars()
                .any(|c| c.is_alphanumeric())
        };
        // the nearest text before it: the open block's text so far, else the last block
        let open_text = (self.block_kind.is_some() && self.stream.len() > self.block_start)
            .then(|| self.block_start..self.stream.len())
            .filter(|r| has_text(r));
        let preceding = open_text
            .or_else(|| {
                self.blocks
                    .last()
                    .map(|b| b.range.clone())
                    .filter(|r| has_text(r))
            })
            .filter(|r| {
                let end = self.stream.map.start(r.end.saturating_sub(1));
                (self.base + span.start).saturating_sub(end) < 2000
            });
        let section = self
            .blocks
            .iter()
            .rev()
            .take(60)
            .find(|b| matches!(b.kind, BlockKind::Heading(_)) || b.titled)
            .map(|b| b.range.clone());
        // in a data cell: the header cell of its column
        let table_header = self
            .stack
            .iter()
            .rev()
            .take(12)
            .take_while(|o| o.tag != Tag::Table)
            .find(|o| o.tag == Tag::Td)
            .and_then(|o| {
                let t = self.tables.last()?;
                t.headers.get(o.counter.max(0) as usize).cloned().flatten()
            })
            .filter(|r| has_text(r));
        let field = Field {
            kind,
            input_type,
            span: self.base + span.start..self.base + span.end,
            name: self.attr_value(attrs, "name"),
            id: self.attr_value(attrs, "id"),
            placeholder: self.attr_value(attrs, "placeholder"),
            question: None,
            question_source: None,
            section: None,
            hidden,
            form: self.form_ptr,
        };
        self.fields.push(PendingField {
            field,
            aria_labelledby: self.attr_value(attrs, "aria-labelledby"),
            aria_describedby: self.attr_value(attrs, "aria-describedby"),
            aria_label: attr_range("aria-label"),
            title: attr_range("title"),
            placeholder: attr_range("placeholder"),
            wrapping_label,
            legend,
            table_header,
            preceding,
            section,
        });
    }

    /// A block of an attribute value (`aria-label`, `title`, `placeholder`) with its map.
    fn attr_block(&self, vr: &Range<usize>, lang: Option<String>) -> Option<Block> {
        let mut tb = TextBuilder::new();
        tb.push_html_text(&self.src[vr.clone()], self.base + vr.start);
        let (t, map) = tb.finish();
        if t.is_empty() {
            return None;
        }
        Some(label_of(t, map, lang))
    }

    /// Resolve every field's question in accessible-name order, and add the fields that a
    /// template renders behind a `<label for>` that names no field in the markup.
    fn finish_fields(
        &self,
        fields: Vec<PendingField>,
        stream_blocks: &[RawBlock],
        labels_for: &HashMap<&str, &Range<usize>>,
        lang: Option<String>,
        out: &mut DocBuilder,
    ) {
        let answer_only = |b: &Block| {
            matches!(
                b.text
                    .trim()
                    .trim_end_matches(['.', ':'])
                    .to_lowercase()
                    .as_str(),
                "yes" | "no" | "ja" | "nej" | "details" | "detaljer" | "other" | "andet"
            )
        };
        let mut known_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
        for c in &out.controls {
            if let Some(id) = &c.id {
                known_ids.insert(id.clone());
            }
        }
        for pf in fields {
            let mut f = pf.field;
            if let Some(id) = &f.id {
                known_ids.insert(id.clone());
            }
            let mut q: Option<(Block, QuestionSource)> = None;
            let try_q =
                |b: Option<Block>, src: QuestionSource, q: &mut Option<(Block, QuestionSource)>| {
                    if q.is_none() {
                        if let Some(b) = b.filter(|b| !answer_only(b)) {
                            *q = Some((b, src));
                        }
                    }
                };
            if let Some(ids) = &pf.aria_labelledby {
                let b = ids
                    .split_whitespace()
                    .filter_map(|id| self.id_text.get(id))
                    .find_map(|r| self.label_block(r.clone(), lang.clone()));
                try_q(b, QuestionSource::AriaLabelledBy, &mut q);
            }
            if let Some(r) = &pf.aria_label {
                try_q(
                    self.attr_block(r, lang.clone()),
                    QuestionSource::AriaLabel,
                    &mut q,
                );
            }
            if let Some(id) = &f.id {
                let b = labels_for
                    .get(id.as_str())
                    .and_then(|r| self.label_block((*r).clone(), lang.clone()));
                try_q(b, QuestionSource::LabelFor, &mut q);
            }
            if let Some(w) = pf.wrapping_label {
                let b = self
                    .wrap_labels
                    .get(w)
                    .cloned()
                    .flatten()
                    .and_then(|r| self.label_block(r, lang.clone()));
                try_q(b, QuestionSource::WrappingLabel, &mut q);
            }
            if let Some(r) = &pf.title {
                try_q(
                    self.attr_block(r, lang.clone()),
                    QuestionSource::Title,
                    &mut q,
                );
            }
            if let Some(r) = &pf.placeholder {
                try_q(
                    self.attr_block(r, lang.clone()),
                    QuestionSource::Placeholder,
                    &mut q,
                );
            }
            if let Some(ids) = &pf.aria_describedby {
                let b = ids
                    .split_whitespace()
                    .filter_map(|id| self.id_text.get(id))
                    .find_map(|r| self.label_block(r.clone(), lang.clone()));
                try_q(b, QuestionSource::AriaDescribedBy, &mut q);
            }
            if let Some(r) = &pf.legend {
                try_q(
                    self.label_block(r.clone(), lang.clone()),
                    QuestionSource::Legend,
                    &mut q,
                );
            }
            if let Some(r) = &pf.table_header {
                try_q(
                    self.label_block(r.clone(), lang.clone()),
                    QuestionSource::TableHeader,
                    &mut q,
                );
            }
            if let Some(r) = &pf.preceding {
                try_q(
                    self.label_block(r.clone(), lang.clone()),
                    QuestionSource::Preceding,
                    &mut q,
                );
            }
            // a long paragraph before the field is context, not its question: the section
            // title then asks (the ethnicity select under three paragraphs of why)
            if let Some((b, src)) =
                q.filter(|(b, src)| *src != QuestionSource::Preceding || count_words(&b.text) <= 25)
            {
                f.question = Some(b);
                f.question_source = Some(src);
            }
            f.section = pf.section.and_then(|r| self.label_block(r, lang.clone()));
            out.fields.push(f);
        }
        // `{{ Form::checkbox('x', ...) }}<label for="x">Yes</label>`: the template renders
        // the field; its question is the text before the label
        let map = &self.stream.map;
        for (id, r) in &self.labels_for {
            if known_ids.contains(id) {
                continue;
            }
            let lstart = map.start(r.start);
            let near = self
                .templates_in(lstart.saturating_sub(300), lstart)
                .last()
                .filter(|t| t.end <= lstart)
                .cloned();
            let Some(t) = near else { continue };
            known_ids.insert(id.clone());
            let bi = stream_blocks.partition_point(|b| b.range.end <= r.start);
            let preceding = bi
                .checked_sub(1)
                .and_then(|i| stream_blocks.get(i))
                .filter(|b| b.kind != BlockKind::Label)
                .map(|b| b.range.clone());
            let section = stream_blocks[..bi]
                .iter()
                .rev()
                .take(60)
                .find(|b| matches!(b.kind, BlockKind::Heading(_)) || b.titled)
                .map(|b| b.range.clone());
            let label = self.label_block(r.clone(), lang.clone());
            let (question, source) = match (label, preceding) {
                (Some(l), _) if !answer_only(&l) => (Some(l), Some(QuestionSource::LabelFor)),
                (_, Some(p)) => (
                    self.label_block(p, lang.clone()),
                    Some(QuestionSource::Preceding),
                ),
                _ => (None, None),
            };
            out.fields.push(Field {
                kind: FieldKind::Template,
                input_type: None,
                span: t,
                name: None,
                id: Some(id.clone()),
                placeholder: None,
                question_source: source.filter(|_| question.is_some()),
                question,
                section: section.and_then(|r| self.label_block(r, lang.clone())),
                hidden: false,
                form: None,
            });
        }
    }

    fn push_control(
        &mut self,
        kind: ControlKind,
        checked: CheckedState,
        span: Range<usize>,
        attrs: &[Attr],
        ctx: &Open,
    ) -> usize {
        let name = self.attr_value(attrs, "name");
        let id = self.attr_value(attrs, "id");
        let value = self.attr_value(attrs, "value");
        let hidden = ctx.hidden
            || self.attr(attrs, "hidden").is_some()
            || style_hides(self.attr_value(attrs, "style").as_deref());
        let disabled = self.attr(attrs, "disabled").is_some();
        let required = self.attr(attrs, "required").is_some()
            || ctx.rules_required
            || self
                .attr(attrs, "aria-required")
                .is_some_and(|a| self.src[a.value.clone()].trim() == "true");
        let aria_label = self
            .attr(attrs, "aria-label")
            .map(|a| (decode_attr(&self.src[a.value.clone()]), a.value.clone()))
            // an expression (`label={t('optin')}`) is not the label's text
            .filter(|(s, _)| !s.trim().is_empty() && !s.trim_start().starts_with('{'));
        let aria_labelledby = self.attr_value(attrs, "aria-labelledby");
        // the context comes from the parent (the element itself is not on the stack yet)
        let parent = self.top();
        let wrapping_label = parent.and_then(|o| o.wrap_label);
        // the nearest enclosing fieldset that has a legend
        let mut group_label = None;
        let mut g = parent.and_then(|o| o.group);
        while let Some(i) = g {
            crate::work::add(1);
            if let Some(l) = &self.groups[i].legend {
                group_label = Some(l.clone());
                break;
            }
            g = self.groups[i].parent;
        }
        let select_id = if kind == ControlKind::Option {
            parent
                .and_then(|o| o.select.clone())
                .flatten()
                .map(|r| decode_attr(&self.src[r]))
        } else {
            None
        };
        let declared_lang = ctx.lang.clone().map(|r| self.src[r].trim().to_string());
        let preceding_label = match &self.loose_label {
            Some((r, end))
                if *end <= span.start && self.src[*end..span.start].trim().is_empty() =>
            {
                Some(r.clone())
            }
            _ => None,
        };
        // what a toggle without words sits under: going back over the last blocks (buttons,
        // labels and bits of two words skipped), the first block; when a heading comes right
        // before it, the heading names the toggle and the block describes it
        let (preceding_heading, preceding_block) = {
            let mut found = self.blocks.iter().rev().take(8).filter(|b| {
                b.kind != BlockKind::Label && count_words(&self.stream.text[b.range.clone()]) >= 3
                    || matches!(b.kind, BlockKind::Heading(_))
            });
            let first = found.next();
            let second = found.next();
            match (first, second) {
                (Some(f), _) if matches!(f.kind, BlockKind::Heading(_)) => {
                    (Some(f.range.clone()), None)
                }
                (Some(f), Some(h)) if matches!(h.kind, BlockKind::Heading(_)) => {
                    (Some(h.range.clone()), Some(f.range.clone()))
                }
                (Some(f), _) => (None, Some(f.range.clone())),
                _ => (None, None),
            }
        };
        let control = Control {
            kind,
            checked,
            span: self.base + span.start..self.base + span.end,
            label: None,
            label_source: LabelSource::None,
            name,
            id: id.clone(),
            value,
            required,
            hidden,
            disabled,
            declared_lang,
            group_label: None,
            form: self.form_ptr,
            main: !ctx.excluded,
            checked_by: None,
        };
        self.pending.push(Pending {
            control,
            stream_pos: self.stream.len(),
            label_for_id: id,
            aria_labelledby,
            aria_label,
            wrapping_label,
            group_label,
            select_id,
            own: None,
            preceding_label,
            in_main: ctx.in_main,
            provisional: false,
            preceding_heading,
            preceding_block,
        });
        self.pending.len() - 1
    }

    /// Close an open `<head>` and everything opened inside it (an unclosed `<title>`
    /// or `<style>` ends at the end of the file, so what is left open here is the head's).
    fn close_head(&mut self) {
        if let Some(i) = self.stack.iter().rposition(|o| o.tag == Tag::Head) {
            while self.stack.len() > i {
                self.pop();
            }
        }
    }

    fn close_implied(&mut self, tags: &[Tag], stop: &[Tag]) {
        for i in (0..self.stack.len()).rev().take(END_TAG_SEARCH) {
            let t = self.stack[i].tag;
            if tags.contains(&t) {
                while self.stack.len() > i {
                    self.pop();
                }
                return;
            }
            if stop.contains(&t) {
                return;
            }
        }
    }

    fn end_tag(&mut self, name: Range<usize>) {
        let tag = tag_of(&self.src[name]);
        match tag {
            Tag::Br => {
                // `</br>` is a `<br>`
                self.stream
                    .push_space(self.base + self.token_start..self.base + self.token_end);
                return;
            }
            Tag::Void | Tag::Input => return,
            _ => {}
        }
        if tag == Tag::Form {
            // `</form>` ends the form (the form pointer) and removes the form element
            // from the stack without closing what is open inside it
            self.form_ptr = None;
            if let Some(i) = self.stack.iter().rposition(|o| o.tag == Tag::Form) {
                self.boundary();
                self.stack.remove(i);
            }
            return;
        }
        if tag == Tag::P
            && !self
                .stack
                .iter()
                .rev()
                .take(END_TAG_SEARCH)
                .any(|o| o.tag == Tag::P)
        {
            // `</p>` with no open p is an empty paragraph: still a boundary
            self.boundary();
            return;
        }
        let found = self
            .stack
            .iter()
            .rev()
            .take(END_TAG_SEARCH)
            .position(|o| o.tag == tag);
        if let Some(depth) = found {
            let i = self.stack.len() - 1 - depth;
            while self.stack.len() > i {
                self.pop();
            }
        }
    }

    fn pop(&mut self) {
        let Some(o) = self.stack.pop() else { return };
        if let Some(ci) = o.status_control {
            self.pending_status = Some((ci, self.token_end));
        }
        if o.tag.is_block() {
            self.boundary();
        }
        if matches!(
            o.tag,
            Tag::Script | Tag::Style | Tag::Title | Tag::Textarea | Tag::Head
        ) {
            self.skip_text_depth = self.skip_text_depth.saturating_sub(1);
        }
        let range = o.stream_start..self.stream.len();
        if let Some(id) = &o.id {
            let id = decode_attr(&self.src[id.clone()]);
            self.id_text.entry(id).or_insert(range.clone());
        }
        match o.tag {
            Tag::Th => {
                if let Some(t) = self.tables.last_mut() {
                    let col = o.counter.max(0) as usize;
                    if !t.row_has_td && col < 1000 {
                        if t.headers.len() <= col {
                            t.headers.resize(col + 1, None);
                        }
                        t.headers[col] = Some(range.clone());
                    }
                }
            }
            Tag::Table => {
                self.tables.pop();
            }
            Tag::Label => {
                if let Some(f) = &o.label_for {
                    let f = decode_attr(&self.src[f.clone()]);
                    self.labels_for.push((f, range.clone()));
                } else {
                    let idx = o.counter as usize;
                    if let Some(slot) = self.wrap_labels.get_mut(idx) {
                        *slot = Some(range.clone());
                    }
                    // controls inside the label came after it opened: look only at those
                    let holds_control = self
                        .pending
                        .iter()
                        .rev()
                        .take_while(|p| p.stream_pos >= o.stream_start)
                        .inspect(|_| crate::work::add(1))
                        .any(|p| p.wrapping_label == Some(idx));
                    if !holds_control {
                        self.loose_label = Some((range.clone(), self.token_end));
                    }
                }
            }
            Tag::Legend => {
                // the nearest enclosing fieldset
                let mut g = self.top().and_then(|x| x.group);
                while let Some(i) = g {
                    crate::work::add(1);
                    if self.groups[i].fieldset {
                        if self.groups[i].legend.is_none() {
                            self.groups[i].legend = Some(range.clone());
                        }
                        break;
                    }
                    g = self.groups[i].parent;
                }
            }
            Tag::Form => {
                self.form_ptr = None;
            }
            _ => {}
        }
        if let Some(ci) = o.own_text_control {
            if let Some(p) = self.pending.get_mut(ci) {
                p.own = Some(range);
            }
        }
    }

    fn slice_block(&self, range: Range<usize>) -> Option<(String, OffsetMap)> {
        let s = &self.stream.text[range.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.trim_end().len();
        if trail <= lead {
            return None;
        }
        let r = range.start + lead..range.start + trail;
        Some((
            self.stream.text[r.clone()].to_string(),
            self.stream.map.slice(r),
        ))
    }

    /// Checkboxes printed by a template's form helper ([`super::helpers`]), as controls:
    /// labelled by the label given in the call, a label helper or `<label for>` naming
    /// its id or name, else (or when that label only says "Confirm") the text before it.
    fn helper_boxes(
        &self,
        stream_blocks: &[RawBlock],
        labels_for: &HashMap<&str, &Range<usize>>,
        lang: Option<String>,
        out: &mut DocBuilder,
    ) {
        if self.template_ranges.is_empty() {
            return;
        }
        let (mut boxes, mut labels) = (Vec::new(), Vec::new());
        for r in self.template_ranges {
            if r.start < self.base || r.end > self.base + self.orig.len() {
                continue;
            }
            let code = &self.orig[r.start - self.base..r.end - self.base];
            super::helpers::read(code, r.start, &mut boxes, &mut labels);
        }
        let map = &self.stream.map;
        for hb in boxes {
            let keys: Vec<&str> = hb
                .id
                .iter()
                .chain(hb.name.iter())
                .map(String::as_str)
                .collect();
            let mut label: Option<Block> = hb
                .label
                .clone()
                .and_then(|r| self.literal_block(r, lang.clone()));
            if label.is_none() {
                label = labels
                    .iter()
                    .find(|l| keys.contains(&l.target.as_str()))
                    .and_then(|l| self.literal_block(l.text.clone(), lang.clone()));
            }
            if label.is_none() {
                label = keys
                    .iter()
                    .find_map(|k| labels_for.get(k))
                    .and_then(|r| self.label_block((*r).clone(), lang.clone()));
            }
            // what follows the box in the source, past white space and template code
            // (`@else {!! Form::checkbox(...) !!} @endif`): text there is its label ("{!!
            // Form::checkbox('list[]', 4) !!} I wish to receive information about ..."); a
            // `<label>` there whose text the template fills in leaves the box unlabelled
            let next = self.raw_after(hb.span.end);
            let rest = self
                .orig
                .get(next.saturating_sub(self.base)..)
                .unwrap_or("");
            let label_follows = rest
                .as_bytes()
                .get(..6)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"<label"));
            if label.is_none() && rest.starts_with(|c: char| c.is_alphanumeric()) {
                let ai = stream_blocks.partition_point(|b| map.start(b.range.start) < next);
                if let Some(b) = stream_blocks
                    .get(ai)
                    .filter(|b| {
                        !matches!(b.kind, BlockKind::Heading(_))
                            && map.start(b.range.start) == next
                            && (2..=60).contains(&count_words(&self.stream.text[b.range.clone()]))
                    })
                    .and_then(|b| self.label_block(b.range.clone(), lang.clone()))
                {
                    label = Some(b);
                }
            }
            if label.as_ref().is_none_or(|b| assent_only(&b.text))
                && !(label.is_none() && label_follows)
            {
                // the block before the box, if it ends close before it
                let bi =
                    stream_blocks.partition_point(|b| map.start(b.range.start) < hb.span.start);
                if let Some(b) = stream_blocks[..bi]
                    .iter()
                    .rev()
                    .take(3)
                    .find(|b| {
                        b.kind != BlockKind::Label
                            && count_words(&self.stream.text[b.range.clone()]) >= 3
                    })
                    .filter(|b| {
                        count_words(&self.stream.text[b.range.clone()]) <= 60
                            && hb
                                .span
                                .start
                                .saturating_sub(map.start(b.range.end.saturating_sub(1)))
                                < 600
                    })
                    .and_then(|b| self.label_block(b.range.clone(), lang.clone()))
                {
                    label = Some(b);
                }
            }
            let main = !self.saw_main
                || stream_blocks
                    .iter()
                    .rev()
                    .find(|b| map.start(b.range.start) < hb.span.start)
                    .is_none_or(|b| b.in_main);
            let label_source = if label.is_some() {
                LabelSource::Adjacent
            } else {
                LabelSource::None
            };
            out.controls.push(Control {
                kind: ControlKind::Checkbox,
                checked: hb
                    .checked
                    .map_or(CheckedState::Unchecked, CheckedState::Checked),
                span: hb.span,
                label,
                label_source,
                name: hb.name,
                id: hb.id,
                value: None,
                required: hb.required,
                hidden: false,
                disabled: false,
                declared_lang: lang.clone(),
                group_label: None,
                form: None,
                main,
                checked_by: None,
            });
        }
    }

    /// The first source offset at or after `pos` (absolute) that is neither white space
    /// nor masked template code.
    fn raw_after(&self, mut pos: usize) -> usize {
        loop {
            let Some(rest) = self.orig.get(pos.saturating_sub(self.base)..) else {
                return pos;
            };
            let trimmed = rest.trim_start();
            pos += rest.len() - trimmed.len();
            match self
                .template_ranges
                .iter()
                .find(|r| r.start <= pos && pos < r.end)
            {
                Some(r) => pos = r.end,
                None => return pos,
            }
        }
    }

    /// A label block from the body of a string literal in template code (absolute range).
    fn literal_block(&self, range: Range<usize>, lang: Option<String>) -> Option<Block> {
        let rel = range.start.checked_sub(self.base)?..range.end.checked_sub(self.base)?;
        let raw = self.orig.get(rel)?;
        let mut tb = TextBuilder::new();
        tb.push_html_text(raw, range.start);
        let (text, map) = tb.finish();
        let lead = text.len() - text.trim_start().len();
        let trail = text.trim_end().len();
        if trail <= lead {
            return None;
        }
        let (text, map) = (text[lead..trail].to_string(), map.slice(lead..trail));
        Some(label_of(text, map, lang))
    }

    fn label_block(&self, range: Range<usize>, lang: Option<String>) -> Option<Block> {
        let (text, map) = self.slice_block(range)?;
        Some(label_of(text, map, lang))
    }

    fn finish(mut self, inherited_lang: Option<String>, out: &mut DocBuilder) {
        let fields = std::mem::take(&mut self.fields);
        let html_lang = self.html_lang.clone().or(inherited_lang);
        if out.declared_lang.is_none() {
            out.declared_lang = self.html_lang.clone();
        }
        let lang_of = |r: &Option<Range<usize>>, src: &str| -> Option<String> {
            r.as_ref()
                .map(|r| src[r.clone()].trim().to_string())
                .filter(|s| !s.is_empty())
        };
        // blocks
        let section_here = out.current_section();
        let _ = section_here;
        let stream_blocks = std::mem::take(&mut self.blocks);
        // a <main> that holds almost nothing (a template that renders the body elsewhere) is ignored
        if self.saw_main {
            let in_main_words: usize = stream_blocks
                .iter()
                .filter(|b| b.in_main)
                .map(|b| count_words(&self.stream.text[b.range.clone()]))
                .sum();
            if in_main_words < 50 {
                self.saw_main = false;
            }
        }
        if self.mode != Mode::ControlsOnly {
            for rb in &stream_blocks {
                let Some((text, map)) = self.slice_block(rb.range.clone()) else {
                    continue;
                };
                let lead = {
                    let s = &self.stream.text[rb.range.clone()];
                    s.len() - s.trim_start().len()
                };
                let tstart = rb.range.start + lead;
                let tend = tstart + text.len();
                // emphasis ranges are in stream order: start at the first that can overlap
                let first = self.emphasis.partition_point(|e| e.end <= tstart);
                let emphasis: Vec<Range<usize>> = self.emphasis[first..]
                    .iter()
                    .take_while(|e| e.start < tend)
                    .filter(|e| e.end > tstart && e.start < tend)
                    .map(|e| e.start.max(tstart) - tstart..e.end.min(tend) - tstart)
                    .collect();
                let main = !rb.excluded && (!self.saw_main || rb.in_main);
                let block = NewBlock {
                    kind: rb.kind,
                    text,
                    map,
                    declared_lang: lang_of(&rb.lang, self.src).or_else(|| html_lang.clone()),
                    main,
                    emphasis,
                    number: rb.number.clone(),
                };
                if rb.kind == BlockKind::Paragraph {
                    out.add_paragraph(block, self.src, self.base, true);
                } else {
                    out.add_block(block);
                }
            }
        }
        // controls: resolve labels
        let labels_for: HashMap<&str, &Range<usize>> = self
            .labels_for
            .iter()
            .rev()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        let pending = if self.mode == Mode::TextOnly {
            Vec::new()
        } else {
            std::mem::take(&mut self.pending)
        };
        let positions: Vec<usize> = pending.iter().map(|p| p.stream_pos).collect();
        for (i, p) in pending.into_iter().enumerate() {
            if p.provisional {
                continue;
            }
            let mut c = p.control;
            c.main = c.main && (!self.saw_main || p.in_main);
            let lang = c.declared_lang.clone().or_else(|| html_lang.clone());
            c.declared_lang = lang.clone();
            let mut label: Option<(Block, LabelSource)> = None;
            if let Some(ids) = &p.aria_labelledby {
                let mut parts = Vec::new();
                for id in ids.split_whitespace() {
                    if let Some(r) = self.id_text.get(id) {
                        parts.push(r.clone());
                    }
                }
                // use the first referenced element with text (joining would break the map)
                if let Some(b) = parts
                    .into_iter()
                    .find_map(|r| self.label_block(r, lang.clone()))
                {
                    label = Some((b, LabelSource::AriaLabelledBy));
                }
            }
            if label.is_none() {
                if let Some(id) = &p.label_for_id {
                    // an id used twice (the same box in two template branches or two
                    // forms of one page, each with its `<label for>`): the label nearest
                    // the box is the one the reader sees with it
                    let near = self
                        .labels_for
                        .iter()
                        .filter(|(k, _)| k == id)
                        .min_by_key(|(_, r)| {
                            if r.start >= p.stream_pos {
                                r.start - p.stream_pos
                            } else {
                                p.stream_pos.saturating_sub(r.end)
                            }
                        })
                        .map(|(_, r)| r);
                    if let Some(r) = near.or_else(|| labels_for.get(id.as_str()).copied()) {
                        if let Some(b) = self.label_block(r.clone(), lang.clone()) {
                            label = Some((b, LabelSource::LabelFor));
                        }
                    }
                }
            }
            if label.is_none() {
                if let Some(w) = p.wrapping_label {
                    if let Some(Some(r)) = self.wrap_labels.get(w) {
                        if let Some(b) = self.label_block(r.clone(), lang.clone()) {
                            label = Some((b, LabelSource::WrappingLabel));
                        }
                    }
                }
            }
            if label.is_none() {
                if let Some(r) = &p.preceding_label {
                    if let Some(b) = self.label_block(r.clone(), lang.clone()) {
                        label = Some((b, LabelSource::Adjacent));
                    }
                }
            }
            if label.is_none() {
                if let Some(r) = &p.own {
                    if let Some(b) = self.label_block(r.clone(), lang.clone()) {
                        label = Some((b, LabelSource::Own));
                    }
                }
            }
            if label.is_none() {
                if let Some((_, vr)) = &p.aria_label {
                    if let Some(b) = self.attr_block(vr, lang.clone()) {
                        label = Some((b, LabelSource::AriaLabel));
                    }
                }
            }
            if label.is_none() {
                let control_end = c.span.end;
                let map = &self.stream.map;
                let text = &self.stream.text;
                // in a component, masked code between two trees is a long run of white
                // space: measure from the next block's first character, not its separator
                let comp = self.dialect.components;
                let near = |stream_pos: usize| {
                    let p = match text.get(stream_pos..) {
                        Some(t) if comp => stream_pos + t.len() - t.trim_start().len(),
                        _ => stream_pos,
                    };
                    map.start(p).saturating_sub(control_end) < 150
                };
                if let Some(r) =
                    adjacent_range(&stream_blocks, &positions, i, &self.stream.text, comp, near)
                {
                    if let Some(b) = self.label_block(r, lang.clone()) {
                        label = Some((b, LabelSource::Adjacent));
                    }
                }
            }
            // a toggle with no words of its own (a knob, a status text "Aktiveret" beside
            // it) is named by what it sits under: the purpose heading, else the text before
            if matches!(c.kind, ControlKind::Switch | ControlKind::AriaCheckbox)
                && label
                    .as_ref()
                    .is_none_or(|(b, _)| status_word(&b.text).is_some())
            {
                // a pressed "Disagree" / "Afvis" button is the refusal, not a ticked box
                if label
                    .as_ref()
                    .is_some_and(|(b, _)| status_word(&b.text) == Some(false))
                {
                    c.checked = CheckedState::Unchecked;
                }
                if let Some(b) = [&p.preceding_heading, &p.preceding_block]
                    .into_iter()
                    .flatten()
                    .find_map(|r| self.label_block(r.clone(), lang.clone()))
                {
                    label = Some((b, LabelSource::Adjacent));
                }
            }
            // a box labelled only "Confirm" / "I agree" / "Ja" confirms the text before it
            // (`<div>Marketing consent - I would love to hear about offers</div> <input
            // type=checkbox id=m><label for=m>Confirm</label>`): that text is its label
            if c.kind == ControlKind::Checkbox
                && label.as_ref().is_some_and(|(b, _)| assent_only(&b.text))
            {
                if let Some(b) = p
                    .preceding_block
                    .as_ref()
                    .filter(|r| {
                        count_words(&self.stream.text[(*r).clone()]) <= 60
                            && c.span
                                .start
                                .saturating_sub(self.stream.map.start(r.end.saturating_sub(1)))
                                < 600
                    })
                    .and_then(|r| self.label_block(r.clone(), lang.clone()))
                {
                    label = Some((b, LabelSource::Adjacent));
                }
            }
            if let Some((b, src)) = label {
                c.label = Some(b);
                c.label_source = src;
            }
            // group label: fieldset legend, or the label of the enclosing select
            let group = p.group_label.clone().or_else(|| {
                p.select_id
                    .as_ref()
                    .and_then(|id| labels_for.get(id.as_str()).map(|r| (*r).clone()))
            });
            if let Some(g) = group {
                c.group_label = self.label_block(g, lang.clone());
            }
            // a consent platform's toggle sits under a purpose heading and its description:
            // the description is the toggle's group text
            if c.group_label.is_none()
                && matches!(c.kind, ControlKind::Switch | ControlKind::AriaCheckbox)
                && c.label_source == LabelSource::Adjacent
            {
                if let (Some(_), Some(r)) = (&p.preceding_heading, &p.preceding_block) {
                    c.group_label = self.label_block(r.clone(), lang.clone());
                }
            }
            out.controls.push(c);
        }
        if self.mode != Mode::TextOnly {
            let lang = html_lang.clone();
            // fields first: a helper box is a field too (its `<label for>` names no
            // markup), and the boxes must not hide it
            self.finish_fields(fields, &stream_blocks, &labels_for, lang, out);
            self.helper_boxes(&stream_blocks, &labels_for, html_lang.clone(), out);
            out.comments.extend(self.comments);
        }
    }
}

/// The text next to control `i`: after it in its block up to the next control, else before it.
fn adjacent_range(
    blocks: &[RawBlock],
    positions: &[usize],
    i: usize,
    text: &str,
    same_place_bounds: bool,
    near: impl Fn(usize) -> bool,
) -> Option<Range<usize>> {
    const MAX: usize = 400;
    let has_text = |r: &Range<usize>| {
        r.end > r.start
            && text
                .get(r.clone())
                .is_some_and(|t| t.chars().any(|c| c.is_alphanumeric()))
    };
    let p = positions[i];
    // (in a component, the next control with no text between, even in another tree,
    // still bounds this one's label)
    let next_ctrl = positions
        .get(i + 1)
        .copied()
        .filter(|&q| q > p || same_place_bounds)
        .unwrap_or(usize::MAX);
    let prev_ctrl = if i > 0 { positions[i - 1] } else { 0 };
    // the block that holds p (a control at the very end of a block belongs to it), or the next
    let bi = blocks.partition_point(|b| b.range.end < p);
    let mut next = bi;
    if let Some(b) = blocks.get(bi) {
        if b.range.start <= p {
            next = bi + 1;
            // text after the control, up to the next control
            let after = p..ceil(text, b.range.end.min(next_ctrl).min(p + MAX));
            if has_text(&after) {
                return Some(after);
            }
            // text before it, back to the previous control
            let before = b
                .range
                .start
                .max(prev_ctrl)
                .max(floor(text, p.saturating_sub(MAX)))..p;
            if has_text(&before) {
                return Some(before);
            }
        }
    }
    // the control ended its block; the label text opens the next one
    if let Some(b) = blocks.get(next) {
        if next_ctrl > b.range.start && near(b.range.start) {
            let r = b.range.start..ceil(text, b.range.end.min(next_ctrl).min(b.range.start + MAX));
            if has_text(&r) {
                return Some(r);
            }
        }
    }
    None
}

/// The first blank line (a line break, optional spaces, a line break) in `s`.
fn blank_line(s: &str) -> Option<Range<usize>> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = tokenizer::memchr(b'\n', &b[i..]) {
        let nl = i + off;
        let mut j = nl + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < b.len() && b[j] == b'\n' {
            return Some(nl..j + 1);
        }
        i = nl + 1;
    }
    None
}

use crate::text::{ceil_char_boundary as ceil, floor_char_boundary as floor};

fn format_number(n: i64, ty: u8) -> String {
    match ty {
        b'a' | b'A' if (1..=26).contains(&n) => {
            let c = (if ty == b'a' { b'a' } else { b'A' } + (n - 1) as u8) as char;
            format!("{c}.")
        }
        b'i' | b'I' if (1..40).contains(&n) => {
            let r = roman(n as usize);
            if ty == b'i' {
                format!("{}.", r.to_lowercase())
            } else {
                format!("{r}.")
            }
        }
        _ => format!("{n}."),
    }
}

fn roman(mut n: usize) -> String {
    let table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn decode_attr(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v.as_bytes()[i] == b'&' {
            if let Some((c, l)) = entities::decode_at(&v[i..]) {
                out.push(c);
                i += l;
                continue;
            }
        }
        let c = v[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn style_hides(style: Option<&str>) -> bool {
    let Some(s) = style else { return false };
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

fn is_cookie_banner(class_id: &str) -> bool {
    if class_id.is_empty() {
        return false;
    }
    if class_id.contains("onetrust") || class_id.contains("cybot") || class_id.contains("cookiebot")
    {
        return true;
    }
    class_id.contains("cookie")
        && [
            "banner", "notice", "bar", "popup", "modal", "dialog", "wall", "consent",
        ]
        .iter()
        .any(|k| class_id.contains(k))
}

fn is_callout(class_id: &str) -> bool {
    class_id.split(|c: char| c.is_whitespace()).any(|c| {
        matches!(
            c,
            "callout"
                | "highlight"
                | "alert"
                | "notice"
                | "important"
                | "box"
                | "infobox"
                | "info-box"
                | "panel"
        )
    })
}

/// Is this attribute one that says a box is checked? `Some(false)` for the HTML forms
/// (`checked`, React's `defaultChecked`), `Some(true)` for framework bindings whose value
/// is an expression (`:checked`, `v-bind:checked`, `[checked]`, `bind:checked`, `v-model`,
/// `[(ngModel)]`); with `component`, also the props of component libraries' checkboxes and
/// switches (`isChecked`, `defaultSelected`, Vuetify's `:model-value`).
fn checked_name(n: &str, component: bool) -> Option<bool> {
    let lower = n.to_ascii_lowercase();
    let (bound, base) = if let Some(b) = lower
        .strip_prefix("v-bind:")
        .or_else(|| lower.strip_prefix("bind:"))
        .or_else(|| lower.strip_prefix(':'))
    {
        (true, b)
    } else if let Some(b) = lower
        .strip_prefix("[(")
        .and_then(|b| b.strip_suffix(")]"))
        .or_else(|| lower.strip_prefix('[').and_then(|b| b.strip_suffix(']')))
    {
        (true, b)
    } else {
        (false, lower.as_str())
    };
    match base {
        "checked" | "defaultchecked" => Some(bound),
        "v-model" | "ngmodel" => Some(true),
        "ischecked" | "defaultischecked" | "isselected" | "defaultselected" | "modelvalue"
        | "model-value" | "input-value"
            if component =>
        {
            Some(bound)
        }
        _ => None,
    }
}

/// A component library's checkbox or switch, by its tag name: `Checkbox`, `Checkbox.Root`
/// (Radix, shadcn/ui), `CheckboxPrimitive.Root`, `Switch`, `Switch.Root`, Vuetify's
/// `v-checkbox`/`VSwitch`, Element's `el-checkbox`, Ant's `a-switch`, Angular Material's
/// `mat-checkbox`/`mat-slide-toggle`, Bootstrap-Vue's `b-form-checkbox`, Quasar's
/// `q-toggle`. Not a group, an indicator or a label.
fn component_control(name: &str) -> Option<ControlKind> {
    let lower = name.to_ascii_lowercase().replace(['-', '_'], "");
    let last = match lower.rsplit_once('.') {
        Some((head, "root")) => head.rsplit('.').next().unwrap_or(head),
        Some((_, _)) => return None,
        None => lower.as_str(),
    };
    let last = last.strip_suffix("primitive").unwrap_or(last);
    // `MuiCheckbox`, `NewsletterCheckbox`, `v-switch`, `mat-slide-toggle`, `q-toggle`
    if last.ends_with("checkbox") {
        Some(ControlKind::Checkbox)
    } else if last.ends_with("switch") || (last.ends_with("toggle") && last != "toggle") {
        Some(ControlKind::Switch)
    } else {
        None
    }
}
