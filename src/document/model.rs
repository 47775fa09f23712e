//! The document model: one shape for Markdown and HTML.
//!
//! Lints read only these types. Every position here is a byte offset into
//! the file *as read* (a UTF-8 BOM counts), so `source[span]` is always the
//! text the span names.

use std::ops::Range;

use super::offsets::OffsetMap;

/// A byte range into the source file.
pub type Span = Range<usize>;

/// The input formats: Markdown, HTML, and the component formats read into the same model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Html,
    /// JSX or TSX (`.jsx`, `.tsx`, and JavaScript/TypeScript files that hold JSX).
    Jsx,
    /// A Vue single-file component (`.vue`).
    Vue,
    /// A Svelte component (`.svelte`).
    Svelte,
    /// An Astro component (`.astro`).
    Astro,
    /// Markdown with JSX (`.mdx`): prose as Markdown, JSX blocks and `import`/`export`
    /// lines through the JSX reader.
    Mdx,
    /// A JSON translation file (`locales/da.json`): every string value is a text.
    Json,
    /// A YAML translation file (`config/locales/da.yml`): every string value is a text.
    Yaml,
    /// Plain text (`.txt`): paragraphs between blank lines, no markup.
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsx => "jsx",
            Format::Vue => "vue",
            Format::Svelte => "svelte",
            Format::Astro => "astro",
            Format::Mdx => "mdx",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Text => "text",
        }
    }

    /// The format a name in `[formats]` or `--stdin-filename`'s extension stands for.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "markdown" | "md" => Format::Markdown,
            "html" => Format::Html,
            "jsx" | "tsx" => Format::Jsx,
            "vue" => Format::Vue,
            "svelte" => Format::Svelte,
            "astro" => Format::Astro,
            "mdx" => Format::Mdx,
            "text" | "txt" => Format::Text,
            _ => return None,
        })
    }
}

/// What kind of block a run of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A heading; level 1 to 6.
    Heading(u8),
    Paragraph,
    ListItem,
    TableCell,
    Quote,
    /// The text of a `<label>`, `<legend>`, `<option>` or `<button>`.
    Label,
    /// Any other run of text (text directly in a `<div>`, a definition, a caption).
    Other,
}

/// A run of text in reading order with its map back to the source. 128 bytes: a 100 MB
/// page has 440,000 blocks, all held until its lints are done.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// False for navigation, headers, footers, cookie banners and asides.
    pub main: bool,
    /// Number of words in the main content before this block (the source is under 4 GiB,
    /// see [`super::parse`]).
    pub word_offset: u32,
    /// Plain text: markup removed, entities decoded, white space collapsed.
    pub text: String,
    /// Maps offsets in `text` to source byte offsets.
    pub map: OffsetMap,
    /// Source span from the first to the last character of `text`.
    pub span: Span,
    /// Index into [`Document::sections`] of the innermost section holding this block
    /// ([`Block::section`]).
    pub section: Option<u32>,
    /// The language declared for this block (a `lang` attribute on an ancestor), if any.
    pub declared_lang: Option<Box<str>>,
    /// Ranges of `text` that are bold, strong, `<mark>`ed or otherwise highlighted.
    pub emphasis: Box<[Range<usize>]>,
    /// The clause number of a list item as written or implied by the markup (`<ol start>`).
    pub number: Option<Box<str>>,
}

impl Block {
    /// Source span of a range of this block's text.
    pub fn source_span(&self, text_range: Range<usize>) -> Span {
        self.map.span(&self.text, text_range)
    }

    /// Is the whole of `text_range` inside an emphasised range?
    pub fn is_emphasised(&self, text_range: &Range<usize>) -> bool {
        self.emphasis
            .iter()
            .any(|e| e.start <= text_range.start && text_range.end <= e.end)
    }

    /// Index into [`Document::sections`] of the innermost section holding this block.
    pub fn section(&self) -> Option<usize> {
        self.section.map(|s| s as usize)
    }

    /// Number of words in this block.
    pub fn word_count(&self) -> usize {
        count_words(&self.text)
    }
}

/// Words between two offsets of `text`, for proximity tests ("at most 3 words apart").
/// Counting stops at [`NEAR_WORDS_CAP`]: the answer only has to say "near" or "far", and a
/// scan to the end of a 64 KiB block for every pair of hits would make lints quadratic.
pub(crate) fn words_between(text: &str, a: usize, b: usize) -> usize {
    if b <= a {
        return 0;
    }
    text[a..b]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(NEAR_WORDS_CAP)
        .count()
}

/// Where [`words_between`] stops counting; above every distance a lint asks about.
pub(crate) const NEAR_WORDS_CAP: usize = 32;

/// Words in `text`: maximal runs of alphanumeric characters (the non-empty pieces of
/// `text.split(|c: char| !c.is_alphanumeric())`). Blocks of 16 ASCII bytes are counted
/// without decoding, in a loop the compiler vectorises; only other characters are decoded.
pub(crate) fn count_words(text: &str) -> usize {
    crate::work::add(text.len());
    let b = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < b.len() {
        if i + 16 <= b.len() && b[i..i + 16].iter().fold(true, |all, &c| all & c.is_ascii()) {
            // a word starts where a letter or digit follows anything else
            let chunk = &b[i..i + 16];
            words += usize::from(is_word_byte(chunk[0]) & !in_word);
            let starts = chunk[1..]
                .iter()
                .zip(&chunk[..15])
                .fold(0u8, |n, (&c, &p)| {
                    n + u8::from(is_word_byte(c) & !is_word_byte(p))
                });
            words += usize::from(starts);
            in_word = is_word_byte(chunk[15]);
            i += 16;
            continue;
        }
        let (alnum, len) = if b[i].is_ascii() {
            (is_word_byte(b[i]), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        words += usize::from(alnum & !in_word);
        in_word = alnum;
        i += len;
    }
    words
}

/// Is the byte an ASCII letter or digit? Without branches, so loops over bytes vectorise.
fn is_word_byte(c: u8) -> bool {
    (c.wrapping_sub(b'0') < 10) | ((c | 0x20).wrapping_sub(b'a') < 26)
}

/// A heading and what it holds.
#[derive(Debug, Clone)]
pub struct Section {
    /// 1 to 6 for headings.
    pub level: u8,
    /// The heading text without its number.
    pub title: String,
    /// The number as written: "27.", "§ 4", "4.2", "Punkt 12".
    pub number: Option<String>,
    /// The heading's source span.
    pub span: Span,
    /// Index of the heading block in [`Document::blocks`].
    pub heading_block: usize,
    /// Enclosing section.
    pub parent: Option<usize>,
}

/// What kind of form control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControlKind {
    Checkbox,
    Radio,
    /// An `<option>` of a `<select>`.
    Option,
    /// `role="switch"` with `aria-checked`.
    Switch,
    /// `role="checkbox"` with `aria-checked` (not an `<input>`).
    AriaCheckbox,
    /// A Markdown task-list item.
    TaskItem,
}

/// Whether a control is on by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedState {
    Unchecked,
    /// Checked by markup; the span is what makes it so (`checked`, `[x]`, `aria-checked="true"`).
    Checked(Span),
    /// Checked or not depending on template logic around the control.
    Template(Span),
}

/// A form control: an HTML checkbox, radio, option, switch, or a Markdown task item.
#[derive(Debug, Clone)]
pub struct Control {
    pub kind: ControlKind,
    pub checked: CheckedState,
    /// The whole element (`<input ...>`, `<option ...>`, `[x]`).
    pub span: Span,
    /// The label text and where it came from, as a block of its own.
    pub label: Option<Block>,
    /// How the label was found.
    pub label_source: LabelSource,
    pub name: Option<String>,
    pub id: Option<String>,
    pub value: Option<String>,
    /// `required` attribute present.
    pub required: bool,
    /// Hidden by `hidden`, `type=hidden`-like wrappers, or `style="display:none"` on it or an ancestor.
    pub hidden: bool,
    /// `disabled` attribute present (a box that cannot be changed).
    pub disabled: bool,
    /// Declared language of the control's context.
    pub declared_lang: Option<String>,
    /// The `<legend>` of the enclosing fieldset, if any.
    pub group_label: Option<Block>,
    /// Index of the enclosing `<form>` (counted in document order), if any.
    pub form: Option<usize>,
    pub main: bool,
    /// For a box checked through a variable (`checked={news}`, `v-model="news"`): the
    /// literal initial value that makes it so (`useState(true)`, `ref(true)`), in this file.
    pub checked_by: Option<Span>,
}

impl Control {
    /// A task-list box (`[x]`, `[ ]`) at `span`, ticked or not, with no label yet: the
    /// Markdown and plain-text readers give it the text of its item afterwards.
    pub fn task_item(span: Span, checked: bool, declared_lang: Option<String>) -> Control {
        Control {
            kind: ControlKind::TaskItem,
            checked: if checked {
                CheckedState::Checked(span.clone())
            } else {
                CheckedState::Unchecked
            },
            span,
            label: None,
            label_source: LabelSource::None,
            name: None,
            id: None,
            value: None,
            required: false,
            hidden: false,
            disabled: false,
            declared_lang,
            group_label: None,
            form: None,
            main: true,
            checked_by: None,
        }
    }
}

/// Where a control's label came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSource {
    None,
    LabelFor,
    WrappingLabel,
    AriaLabel,
    AriaLabelledBy,
    Adjacent,
    /// A task item's own text, or an option's text.
    Own,
}

/// What kind of form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// An `<input>` of any type but hidden, submit, reset, button and image.
    Input,
    Select,
    Textarea,
    /// A field a template renders (`{{ Form::checkbox(...) }}`) that a `<label for>`
    /// names: its span is the template code.
    Template,
}

/// Where a field's question came from, in W3C accname order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionSource {
    AriaLabelledBy,
    AriaLabel,
    LabelFor,
    WrappingLabel,
    Legend,
    Title,
    Placeholder,
    AriaDescribedBy,
    /// The header cell of the field's table column.
    TableHeader,
    /// The nearest text before the field in its container (a `<div>` beside the
    /// `<select>`, the cell before it in its row).
    Preceding,
}

/// A form field with the question that asks for it, as a screen reader would announce it.
#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    /// The `type` of an `<input>`, lower case (`text`, `checkbox`, ...).
    pub input_type: Option<String>,
    /// The field's start tag (or the template code that renders it).
    pub span: Span,
    pub name: Option<String>,
    pub id: Option<String>,
    pub placeholder: Option<String>,
    /// The question, as a block with its map into the source.
    pub question: Option<Block>,
    pub question_source: Option<QuestionSource>,
    /// The title of the part of the form it is in: the nearest heading before it, or a
    /// block styled as a title (`<div class="card-title">Section 6 - Ethnicity</div>`).
    pub section: Option<Block>,
    pub hidden: bool,
    /// Index of the enclosing `<form>`, if any.
    pub form: Option<usize>,
}

/// A comment (`<!-- ... -->`) with its span; suppressions live here.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The whole comment including `<!--` and `-->`.
    pub span: Span,
    /// The text between the delimiters.
    pub body: Span,
}

/// The parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// The language the document declares (`<html lang>`, front matter `lang:`).
    pub declared_lang: Option<String>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub controls: Vec<Control>,
    /// Every form field (inputs, selects, text areas) with its question.
    pub fields: Vec<Field>,
    pub comments: Vec<Comment>,
    /// Ranges of template syntax that were masked before parsing.
    pub template_ranges: Vec<Span>,
    /// Translation calls read as a locale's text (`{t('newsletter_optin')}`): the span of
    /// the call and its key. Empty unless a locale was given to [`parse_translated`](super::parse_translated).
    pub translations: Vec<(Span, String)>,
    /// Words in the main content.
    pub main_words: usize,
}

impl Document {
    /// The section chain (innermost first) that holds a block.
    pub fn section_of(&self, block: &Block) -> Option<&Section> {
        block.section().map(|i| &self.sections[i])
    }

    /// Fraction of the main content that comes before this block (0.0 to 1.0).
    pub fn position(&self, block: &Block) -> f64 {
        if self.main_words == 0 {
            0.0
        } else {
            block.word_offset as f64 / self.main_words as f64
        }
    }
}

#[cfg(test)]
mod count_words_tests {
    /// The byte-level count equals the count it replaced, on ASCII, Danish, emoji,
    /// punctuation and white space around the 16-byte blocks.
    #[test]
    fn count_words_matches_split() {
        let pieces = [
            "a", "Ørsted", "æble", " ", "--", "12", "😀", "x’y", "\n", "_", "ABCdef0", "é",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut text = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for k in 0..(x % 40) {
                text.push_str(pieces[((x >> (k % 50)) as usize + k as usize) % pieces.len()]);
            }
            let expect = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(super::count_words(&text), expect, "{text:?}");
        }
    }
}
