//! Reading files: bytes to text, with clear errors for what cannot be linted.

use std::path::Path;

use crate::document::Format;

/// Files larger than this are refused (offsets are kept in 32 bits, and no real
/// consent text comes near it).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Why a file could not be linted. `kind` is stable (it appears in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub kind: &'static str,
    pub message: String,
}

impl SourceError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        SourceError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The format a path is read as, by its extension: Markdown (`.md`, `.markdown`),
/// HTML (`.html`, `.htm`, `.xhtml`), server templates read as HTML (`.php`,
/// `.njk`, `.twig`, `.liquid`, `.hbs`, `.erb`, ...), and components: JSX (`.jsx`,
/// `.tsx`, and `.js`/`.ts`/`.mjs` named on the command line, read for the JSX they
/// hold), Vue, Svelte, Astro. `None` for anything else.
pub fn format_for_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsx" | "tsx" | "js" | "ts" | "mjs" | "cjs" | "mts" | "cts" => Some(Format::Jsx),
        "vue" => Some(Format::Vue),
        "svelte" => Some(Format::Svelte),
        "astro" => Some(Format::Astro),
        "mdx" => Some(Format::Mdx),
        // plain text is read when named (a draft pasted from a word processor), not
        // when walking: robots.txt, LICENSE.txt and requirements.txt are no notices
        "txt" | "text" => Some(Format::Text),
        // translation files only where they live (`locales/da.json`): not package.json
        "json" | "yml" | "yaml" => crate::locales::is_locale_path(path),
        _ if is_template_ext(&ext) => Some(Format::Html),
        _ => None,
    }
}

/// Template extensions: read as HTML when named explicitly (not picked up when walking).
pub fn is_template_ext(ext: &str) -> bool {
    matches!(
        ext,
        "php"
            | "phtml"
            | "njk"
            | "nunjucks"
            | "twig"
            | "liquid"
            | "hbs"
            | "handlebars"
            | "mustache"
            | "erb"
            | "ejs"
            | "jinja"
            | "jinja2"
            | "j2"
            | "tmpl"
            | "tpl"
            | "gohtml"
            | "jsp"
            | "asp"
            | "aspx"
            | "ascx"
            | "master"
            | "cshtml"
            | "razor"
            | "vbhtml"
            | "cfm"
            | "cfml"
            | "eex"
            | "heex"
            | "leex"
            | "ftl"
            | "ftlh"
            | "vm"
            | "gsp"
            | "isml"
            | "jspx"
    )
}

/// Extensions picked up when walking a directory: Markdown, HTML and components
/// (`.jsx .tsx .vue .svelte .astro .mdx`). Plain `.js`/`.ts` are read when named or
/// mapped in `[formats]` (`js = "jsx"`), not walked: most are not components.
pub fn is_walked_ext(path: &Path) -> bool {
    crate::locales::is_locale_path(path).is_some()
        || matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase())
                .as_deref(),
            Some(
                "md" | "markdown"
                    | "html"
                    | "htm"
                    | "jsx"
                    | "tsx"
                    | "vue"
                    | "svelte"
                    | "astro"
                    | "mdx"
            )
        )
}

/// Decode file bytes to text. UTF-8 (with or without BOM) is read as is; UTF-16, with a
/// byte order mark or recognised by its pattern without one, is refused with a clear
/// message; binary content and invalid UTF-8 are errors.
pub fn decode(bytes: Vec<u8>) -> Result<String, SourceError> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(SourceError::new(
            "too-large",
            format!(
                "file is {} MB; the limit is {} MB",
                bytes.len() / (1024 * 1024),
                MAX_FILE_SIZE / (1024 * 1024)
            ),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SourceError::new(
            "unsupported-encoding",
            "file is UTF-16 (byte order mark found); save it as UTF-8",
        ));
    }
    // UTF-16 without a byte order mark: text whose every other byte is NUL
    if let Some(order) = bomless_utf16(&bytes) {
        return Err(SourceError::new(
            "unsupported-encoding",
            format!(
                "file is UTF-16 {order} (no byte order mark, but every other byte is NUL); save it as UTF-8"
            ),
        ));
    }
    // NUL bytes in the first 8 KiB: a binary file, as git and ripgrep judge it
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(SourceError::new(
            "binary",
            "file looks binary (it contains NUL bytes)",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        SourceError::new(
            "invalid-utf8",
            format!("file is not valid UTF-8 (first invalid byte at offset {at}, line {line})"),
        )
    })
}

/// `Some("little-endian")` or `Some("big-endian")` when the first 8 KiB look like UTF-16
/// text without a byte order mark: of the 16-bit units, nearly all have one NUL byte on the
/// same side (Latin text, Danish letters included, is U+0000..U+00FF) and almost none on the
/// other, and the non-NUL bytes are mostly printable or white space. Binary files (NUL bytes
/// scattered) do not pass.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut zero_hi, mut zero_lo, mut textlike) = (0usize, 0usize, 0usize);
    for u in head.chunks_exact(2) {
        let (a, b) = (u[0], u[1]);
        let (lo, hi) = (a, b);
        if hi == 0 && lo != 0 {
            zero_hi += 1;
        }
        if lo == 0 && hi != 0 {
            zero_lo += 1;
        }
        let c = if hi == 0 { lo } else { a.max(b) };
        if c >= 0x20 || matches!(c, b'\n' | b'\r' | b'\t') {
            textlike += 1;
        }
    }
    let most = |n: usize| n * 10 >= units * 7;
    let few = |n: usize| n * 10 <= units;
    if !most(textlike) {
        return None;
    }
    if most(zero_hi) && few(zero_lo) {
        Some("little-endian")
    } else if most(zero_lo) && few(zero_hi) {
        Some("big-endian")
    } else {
        None
    }
}

/// Read a file for linting.
pub fn read_file(path: &Path) -> Result<String, SourceError> {
    match std::fs::metadata(path) {
        Err(e) => return Err(io_error(e)),
        Ok(m) if m.is_dir() => return Err(SourceError::new("is-directory", "is a directory")),
        Ok(m) if m.len() > MAX_FILE_SIZE => {
            return Err(SourceError::new(
                "too-large",
                format!(
                    "file is {} MB; the limit is {} MB",
                    m.len() / (1024 * 1024),
                    MAX_FILE_SIZE / (1024 * 1024)
                ),
            ))
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    decode(bytes)
}

fn io_error(e: std::io::Error) -> SourceError {
    match e.kind() {
        std::io::ErrorKind::NotFound => SourceError::new("not-found", "no such file"),
        std::io::ErrorKind::PermissionDenied => {
            SourceError::new("permission-denied", "permission denied")
        }
        _ => SourceError::new("io", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_templates_are_read_as_html_when_named() {
        for ext in [
            "php", "ascx", "aspx", "master", "cshtml", "razor", "cfm", "heex", "ftl", "vm", "isml",
        ] {
            let p = std::path::PathBuf::from(format!("form.{ext}"));
            assert_eq!(format_for_path(&p), Some(Format::Html), "{ext}");
            assert!(!is_walked_ext(&p), "{ext} is read when named, not walked");
        }
        assert_eq!(format_for_path(Path::new("data.csv")), None);
    }
}
