//! The document model and the readers that build it.
//!
//! This module is the only place that knows Markdown from HTML: lints see
//! [`Document`] and nothing else.

pub(crate) mod builder;
pub mod components;
pub mod entities;
pub(crate) mod helpers;
pub mod html;
pub mod markdown;
pub(crate) mod md_pieces;
pub mod model;
pub mod offsets;
pub mod template;
pub mod text;

pub use model::*;

/// Length of the UTF-8 byte order mark.
const BOM: &str = "\u{feff}";

/// Parse `source` (the whole file as read) into a [`Document`].
///
/// A UTF-8 BOM is skipped for parsing, but every span still counts the
/// bytes of the file as read. Template syntax is masked first.
///
/// The model and the analysis keep offsets in 32 bits: a source of 4 GiB or more is read
/// as an empty document (the binary refuses files over [`crate::source::MAX_FILE_SIZE`]
/// before they are read).
pub fn parse(source: &str, format: Format) -> Document {
    parse_translated(source, format, None)
}

/// [`parse`], with the texts of one locale for the translation calls of a component
/// (`t('key')`, `<Trans i18nKey>`, `{{ $t('key') }}`); other formats ignore them.
pub fn parse_translated(
    source: &str,
    format: Format,
    texts: Option<&std::collections::HashMap<String, String>>,
) -> Document {
    if source.len() > u32::MAX as usize {
        return builder::DocBuilder::default().finish(format);
    }
    let base = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let body = &source[base..];
    if matches!(format, Format::Json | Format::Yaml) {
        return parse_locale(source, format, None)
            .unwrap_or_else(|_| builder::DocBuilder::default().finish(format));
    }
    if format == Format::Mdx {
        let mut b = builder::DocBuilder::default();
        components::read_mdx(body, base, &mut b);
        return b.finish(format);
    }
    if format == Format::Text {
        let mut b = builder::DocBuilder::default();
        text::read(body, base, &mut b);
        return b.finish(format);
    }
    if !matches!(format, Format::Html | Format::Markdown) {
        let mut b = builder::DocBuilder::default();
        match format {
            Format::Jsx => components::read_jsx(body, base, texts, &mut b),
            Format::Vue => components::read_vue(body, base, texts, &mut b),
            Format::Svelte => components::read_svelte(body, base, texts, &mut b),
            _ => components::read_astro(body, base, &mut b),
        }
        return b.finish(format);
    }
    let masked = template::mask(body, format == Format::Html);
    let ranges: Vec<std::ops::Range<usize>> = masked.as_ref().map_or_else(Vec::new, |m| {
        m.ranges
            .iter()
            .map(|r| r.start + base..r.end + base)
            .collect()
    });
    let text: std::borrow::Cow<'_, str> = match masked {
        Some(m) => std::borrow::Cow::Owned(m.text),
        None => std::borrow::Cow::Borrowed(body),
    };
    let mut b = builder::DocBuilder::default();
    match format {
        Format::Markdown => markdown::read(text, body, base, &ranges, &mut b),
        _ => html::read(&text, body, base, &ranges, html::Mode::Full, None, &mut b),
    }
    b.template_ranges = ranges;
    b.finish(format)
}

/// Read a translation file ([`Format::Json`] or [`Format::Yaml`]) as a document: each
/// string value is a paragraph of its own, mapped exactly back to the value's bytes, in `lang` when given (the locale the file is
/// for). A file that is not valid JSON or YAML is an error (line and column in the message).
pub fn parse_locale(source: &str, format: Format, lang: Option<&str>) -> Result<Document, String> {
    let entries = crate::locales::read(source, format)?;
    let mut b = builder::DocBuilder::default();
    for e in entries {
        let (mut text, mut map) = (e.text, e.map);
        let lead = text.len() - text.trim_start().len();
        if lead > 0 {
            text.drain(..lead);
            map.drop_front(lead);
        }
        let t = text.trim_end().len();
        text.truncate(t);
        map.truncate(t);
        b.add_block(builder::NewBlock {
            kind: BlockKind::Paragraph,
            text,
            map,
            declared_lang: lang.map(str::to_string),
            main: true,
            emphasis: Vec::new(),
            number: None,
        });
    }
    b.declared_lang = lang.map(str::to_string);
    let mut doc = b.finish(format);
    // the values are separate texts in no reading order: none is buried among the others
    // (buried-consent weighs a grant's place in a long document)
    doc.main_words = 0;
    Ok(doc)
}
