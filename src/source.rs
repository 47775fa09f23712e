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
/// HTML (`.html`, `.htm`, `.xhtml`) and server templates read as HTML (`.php`,
/// `.njk`, `.twig`, `.liquid`, `.hbs`, `.erb`, ...). `None` for anything else.
pub fn format_for_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "mdx" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
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
            | "cshtml"
            | "vue"
            | "svelte"
            | "astro"
    )
}

/// Extensions picked up when walking a directory.
pub fn is_walked_ext(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("md" | "markdown" | "html" | "htm")
    )
}

/// Decode file bytes to text. UTF-8 (with or without BOM) is read as is; UTF-16 with a
/// BOM is refused with a clear message; binary content and invalid UTF-8 are errors.
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
