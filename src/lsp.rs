//! `consentlint lsp`: a Language Server over stdio.
//!
//! Findings are published for Markdown and HTML documents when they are opened,
//! changed and saved, and cleared when they are closed; autofixes are offered as
//! quick fixes (and as one `source.fixAll.consentlint` action); hovering over a
//! finding shows the lint's explanation and legal basis from its pack.
//!
//! One thread reads frames; the main loop answers in order and lints changed
//! documents once no message is waiting (see [`serve`]). Reading frames ourselves,
//! rather than through `lsp_server::Connection`, lets a malformed message get a
//! JSON-RPC parse error instead of ending the session. `lsp-server` provides the
//! framing and message types, `lsp-types` the protocol structures.
//!
//! Positions: UTF-16 code units by default, UTF-8 bytes when the client offers
//! `utf-8` in `general.positionEncodings`. [`LineMap`] is the one place where byte
//! offsets and protocol positions are converted.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::{config, fix, packs, source, Config, Format};

/// The `source` of every published diagnostic.
pub const SOURCE: &str = "consentlint";

/// The code action kind of "apply every automatic fix in the document".
pub const FIX_ALL_KIND: &str = "source.fixAll.consentlint";

/// Why the server stopped other than by `shutdown` followed by `exit`.
#[derive(Debug)]
pub enum LspError {
    /// Reading the client's messages or writing ours failed.
    Io(std::io::Error),
    /// `exit` came without a `shutdown` before it (the protocol's exit code 1).
    ExitWithoutShutdown,
    /// The client closed the connection without `shutdown` and `exit`.
    Disconnected,
}

impl std::fmt::Display for LspError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LspError::Io(e) => write!(f, "language server I/O error: {e}"),
            LspError::ExitWithoutShutdown => {
                f.write_str("the client sent `exit` without `shutdown` first")
            }
            LspError::Disconnected => {
                f.write_str("the client closed the connection without `shutdown` and `exit`")
            }
        }
    }
}

impl std::error::Error for LspError {}

impl From<std::io::Error> for LspError {
    fn from(e: std::io::Error) -> Self {
        LspError::Io(e)
    }
}

/// Serve the protocol on stdin and stdout until `exit`.
pub fn run_stdio() -> Result<(), LspError> {
    let input = std::io::BufReader::new(std::io::stdin());
    let stdout = std::io::stdout();
    serve(input, stdout.lock())
}

/// What the reader thread hands over: a message, the end of input, or a read error.
type Incoming = std::io::Result<Option<Message>>;

/// Serve the protocol on any pair of streams until `exit` (or the end of `input`).
///
/// A thread reads messages as they come; the loop answers them in order, and lints
/// documents that changed only once no message is waiting, so a burst of keystrokes
/// costs one lint, not one per keystroke. Requests see every change before them.
pub fn serve(input: impl BufRead + Send + 'static, output: impl Write) -> Result<(), LspError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Incoming>(256);
    std::thread::Builder::new()
        .name("consentlint-lsp-reader".into())
        .spawn(move || {
            let mut input = input;
            loop {
                let read = Message::read(&mut input);
                // a frame with a bad body was consumed whole: the stream goes on
                let goes_on = match &read {
                    Ok(Some(_)) => true,
                    Ok(None) => false,
                    Err(e) => e.kind() == std::io::ErrorKind::InvalidData,
                };
                if tx.send(read).is_err() || !goes_on {
                    break;
                }
            }
        })?;
    let mut server = Server::new(output);
    loop {
        let read = match rx.try_recv() {
            Ok(read) => read,
            Err(_) => {
                // nothing waiting: catch up on linting, then wait
                server.flush()?;
                match rx.recv() {
                    Ok(read) => read,
                    Err(_) => return Err(LspError::Disconnected),
                }
            }
        };
        let msg = match read {
            Ok(Some(m)) => m,
            Ok(None) => {
                return if server.shutdown {
                    Ok(())
                } else {
                    Err(LspError::Disconnected)
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                server.parse_error(&e.to_string())?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match msg {
            Message::Request(req) => {
                // answers reflect every change received before the request
                server.flush()?;
                server.on_request(req)?
            }
            Message::Notification(n) if n.method == "exit" => {
                return if server.shutdown {
                    Ok(())
                } else {
                    Err(LspError::ExitWithoutShutdown)
                };
            }
            Message::Notification(n) => server.on_notification(n)?,
            // the server sends no requests, so there is nothing to match a response to
            Message::Response(_) => {}
        }
    }
}

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 if the client offers it (no conversion needed), else the mandatory UTF-16.
    pub fn negotiate(params: &lsp::InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(kinds) if kinds.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Line starts of a text, for converting byte offsets to protocol positions and back in
/// the negotiated encoding. Lines end at `\n`, `\r\n` or `\r`, as the protocol says.
pub struct LineMap<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let mut starts = vec![0];
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineMap {
            text,
            starts,
            encoding,
        }
    }

    /// Byte range of line `line`'s content, without its line break.
    fn line_content(&self, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = self.text[start..end].trim_end_matches(['\n', '\r']);
        start..start + content.len()
    }

    /// The position of a byte offset (clamped to the text, rounded down to a character).
    pub fn position(&self, offset: usize) -> lsp::Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let content = self.line_content(line);
        let character: usize = self.text[content.start..offset.min(content.end)]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        lsp::Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position. A line past the end is the end of the text; a
    /// character past the end of its line is the end of the line; a position inside a
    /// character (half a surrogate pair, a byte inside a UTF-8 sequence) is its start.
    pub fn offset(&self, pos: lsp::Position) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let content = self.line_content(line);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in self.text[content.clone()].char_indices() {
            let next = units + self.encoding.units(c);
            if next > want {
                return content.start + i;
            }
            units = next;
        }
        content.end
    }

    pub fn range(&self, span: &Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte range of a protocol range (ordered, whatever the client sent).
    pub fn span(&self, range: lsp::Range) -> Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Markdown or HTML for a document, from its language id, else its URI's extension.
/// `None`: not a document consentlint reads.
pub fn format_of(uri: &str, language_id: &str) -> Option<Format> {
    match language_id.to_ascii_lowercase().as_str() {
        "markdown" => return Some(Format::Markdown),
        "mdx" => return Some(Format::Mdx),
        "html" | "php" | "nunjucks" | "twig" | "liquid" | "handlebars" | "erb" | "jinja"
        | "jinja-html" | "django-html" | "blade" => return Some(Format::Html),
        "javascriptreact" | "typescriptreact" => return Some(Format::Jsx),
        "vue" => return Some(Format::Vue),
        "svelte" => return Some(Format::Svelte),
        "astro" => return Some(Format::Astro),
        _ => {}
    }
    // a translation file is one by the folders it lives in (`messages/da.json`)
    if let Some(f) = uri_to_path(uri).and_then(|p| crate::locales::is_locale_path(&p)) {
        return Some(f);
    }
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    let name = percent_decode(path.rsplit('/').next().unwrap_or(path));
    source::format_for_path(Path::new(&name))
}

/// The local path of a `file:` URI.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("FILE://"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    // `file:///p` or `file://localhost/p`; other hosts are not local files
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = percent_decode(&rest[slash..]);
    // `/C:/x` is a Windows drive path
    let b = path.as_bytes();
    if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        return Some(PathBuf::from(&path[1..]));
    }
    Some(PathBuf::from(path))
}

/// A `file:` URI for a local path (used to point at a configuration file).
pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&out).ok()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An open document.
struct Doc {
    uri: lsp::Uri,
    language_id: String,
    version: i32,
    text: String,
    /// The findings of the last lint of `text`.
    findings: Vec<Diagnostic>,
}

struct Server<W: Write> {
    out: W,
    encoding: Encoding,
    initialized: bool,
    shutdown: bool,
    docs: HashMap<String, Doc>,
    /// Open documents changed since they were last linted.
    dirty: std::collections::BTreeSet<String>,
    /// Configuration errors already shown as a message (each is shown once).
    shown: HashSet<String>,
}

type Handled = Result<Value, (ErrorCode, String)>;

fn invalid_params(e: impl std::fmt::Display) -> (ErrorCode, String) {
    (ErrorCode::InvalidParams, format!("invalid params: {e}"))
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            encoding: Encoding::Utf16,
            initialized: false,
            shutdown: false,
            docs: HashMap::new(),
            dirty: Default::default(),
            shown: HashSet::new(),
        }
    }

    fn send(&mut self, msg: Message) -> std::io::Result<()> {
        msg.write(&mut self.out)
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> std::io::Result<()> {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        self.send(Notification::new(method.to_string(), params).into())
    }

    fn log(&mut self, typ: lsp::MessageType, message: String) -> std::io::Result<()> {
        self.notify("window/logMessage", lsp::LogMessageParams { typ, message })
    }

    /// A frame whose body is not a JSON-RPC message: answer with id null.
    fn parse_error(&mut self, message: &str) -> std::io::Result<()> {
        let body = json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {"code": ErrorCode::ParseError as i32, "message": message},
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }

    fn on_request(&mut self, req: Request) -> std::io::Result<()> {
        let id = req.id.clone();
        let result = if !self.initialized && req.method != "initialize" {
            Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".to_string(),
            ))
        } else if self.shutdown {
            Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            ))
        } else {
            // a defect in a handler answers this request with an error; the session goes on
            match catch_unwind(AssertUnwindSafe(|| self.dispatch(req))) {
                Ok(r) => r,
                Err(_) => Err((
                    ErrorCode::InternalError,
                    "internal error (please report it)".to_string(),
                )),
            }
        };
        self.respond(id, result)
    }

    fn respond(&mut self, id: RequestId, result: Handled) -> std::io::Result<()> {
        let resp = match result {
            Ok(v) => Response {
                id,
                result: Some(v),
                error: None,
            },
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(resp.into())
    }

    fn dispatch(&mut self, req: Request) -> Handled {
        match req.method.as_str() {
            "initialize" => self.initialize(req.params),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams =
                    serde_json::from_value(req.params).map_err(invalid_params)?;
                self.hover(p)
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams =
                    serde_json::from_value(req.params).map_err(invalid_params)?;
                self.code_actions(p)
            }
            m => Err((ErrorCode::MethodNotFound, format!("unknown method {m}"))),
        }
    }

    fn initialize(&mut self, params: Value) -> Handled {
        if self.initialized {
            return Err((
                ErrorCode::InvalidRequest,
                "initialize was already sent".to_string(),
            ));
        }
        let p: lsp::InitializeParams = serde_json::from_value(params).map_err(invalid_params)?;
        self.encoding = Encoding::negotiate(&p);
        self.initialized = true;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::from(FIX_ALL_KIND.to_string()),
                    ]),
                    work_done_progress_options: Default::default(),
                    resolve_provider: None,
                },
            )),
            ..Default::default()
        };
        let result = lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "consentlint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn on_notification(&mut self, n: Notification) -> std::io::Result<()> {
        // notifications before `initialize` are dropped, as the protocol says
        if !self.initialized || self.shutdown {
            return Ok(());
        }
        let method = n.method.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.handle_notification(n)));
        match outcome {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(bad))) => self.log(
                lsp::MessageType::WARNING,
                format!("consentlint: ignored {method}: {bad}"),
            ),
            Ok(Err(io)) => Err(io),
            Err(_) => self.log(
                lsp::MessageType::ERROR,
                format!("consentlint: internal error handling {method} (please report it)"),
            ),
        }
    }

    /// `Ok(Err(reason))`: a notification that could not be used (bad params, unknown document).
    fn handle_notification(&mut self, n: Notification) -> std::io::Result<Result<(), String>> {
        fn params<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
            serde_json::from_value(v).map_err(|e| format!("invalid params: {e}"))
        }
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = match params(n.params) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        language_id: p.text_document.language_id,
                        version: p.text_document.version,
                        text: p.text_document.text,
                        findings: Vec::new(),
                    },
                );
                self.dirty.insert(key);
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = match params(n.params) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                let key = p.text_document.uri.as_str().to_string();
                let encoding = self.encoding;
                let Some(doc) = self.docs.get_mut(&key) else {
                    return Ok(Err(format!("document not open: {key}")));
                };
                for change in p.content_changes {
                    match change.range {
                        None => doc.text = change.text,
                        Some(range) => {
                            let span = LineMap::new(&doc.text, encoding).span(range);
                            doc.text.replace_range(span, &change.text);
                        }
                    }
                }
                doc.version = p.text_document.version;
                self.dirty.insert(key);
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = match params(n.params) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                let key = p.text_document.uri.as_str().to_string();
                let is_config = uri_to_path(&key)
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .is_some_and(|n| config::FILE_NAMES.contains(&n.as_str()));
                if let (Some(doc), Some(text)) = (self.docs.get_mut(&key), p.text) {
                    doc.text = text;
                }
                if is_config {
                    // a saved configuration applies to every open document
                    self.dirty.extend(self.docs.keys().cloned());
                } else if self.docs.contains_key(&key) {
                    self.dirty.insert(key);
                }
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = match params(n.params) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                self.dirty.remove(p.text_document.uri.as_str());
                if let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) {
                    self.publish(doc.uri, Vec::new(), None)?;
                }
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace`, settings changes: nothing to do
            _ => {}
        }
        Ok(Ok(()))
    }

    fn publish(
        &mut self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> std::io::Result<()> {
        self.notify(
            "textDocument/publishDiagnostics",
            lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        )
    }

    /// Lint and publish every document that changed since it was last linted.
    fn flush(&mut self) -> std::io::Result<()> {
        while let Some(key) = self.dirty.pop_first() {
            self.refresh(&key)?;
        }
        Ok(())
    }

    /// Lint an open document with the configuration that applies to it and publish.
    fn refresh(&mut self, key: &str) -> std::io::Result<()> {
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(key) else {
            return Ok(());
        };
        let mut extra = Vec::new();
        let mut message = None;
        doc.findings.clear();
        if let Some(format) = format_of(key, &doc.language_id) {
            // the settings for this file: its consentlint.toml with the overrides that
            // match its path, as the CLI resolves them
            let path = uri_to_path(key);
            let config = match path.as_deref().and_then(config::discover) {
                None => Ok(Config::default()),
                Some(cfg) => config::load(&cfg).map(|cf| cf.for_file(path.as_deref())),
            };
            match config {
                Ok(config) => {
                    let text = &doc.text;
                    // translation files as the CLI reads them; a component's texts from them
                    let run = || -> Result<Vec<Diagnostic>, String> {
                        let Some(path) = path.as_deref() else {
                            return Ok(crate::lint(text, format, &config));
                        };
                        if matches!(format, Format::Json | Format::Yaml) {
                            let lang = crate::locales::lang_of(path);
                            return crate::lint_locale(text, format, lang.as_deref(), &config)
                                .map(|l| l.diagnostics);
                        }
                        if !crate::locales::uses_translations(text, format) {
                            return Ok(crate::lint(text, format, &config));
                        }
                        let configured =
                            config.locale_globs.as_ref().map(|g| (g.0.as_path(), &g.1));
                        let locales = crate::locales::lookup(path, configured);
                        Ok(crate::lint_with_locales(text, format, &config, &locales).diagnostics)
                    };
                    match catch_unwind(AssertUnwindSafe(run)) {
                        Ok(Ok(findings)) => doc.findings = findings,
                        Ok(Err(m)) => extra.push(file_diagnostic(
                            "invalid-locale-file",
                            format!("consentlint: not a translation file it can read: {m}"),
                            None,
                        )),
                        Err(_) => extra.push(file_diagnostic(
                            "internal",
                            "consentlint: internal error while linting this document (please report it)".into(),
                            None,
                        )),
                    }
                }
                // the CLI does not lint a file whose configuration is broken; neither do we
                Err(e) => {
                    // every error in the file, each pointing into it
                    for (i, (msg, span)) in e.all().into_iter().enumerate() {
                        let related = path_to_uri(&e.path).map(|uri| {
                            let map = LineMap::new(&e.source, encoding);
                            lsp::DiagnosticRelatedInformation {
                                location: lsp::Location {
                                    uri,
                                    range: map.range(&span.cloned().unwrap_or(0..0)),
                                },
                                message: msg.to_string(),
                            }
                        });
                        let text = format!("invalid configuration {}: {msg}", e.path.display());
                        if i == 0 {
                            message = Some(format!("consentlint: {text}"));
                        }
                        extra.push(file_diagnostic("config", text, related));
                    }
                }
            }
        }
        let map = LineMap::new(&doc.text, encoding);
        let mut diagnostics: Vec<lsp::Diagnostic> = extra;
        diagnostics.extend(doc.findings.iter().map(|d| to_lsp(d, &map, &doc.uri)));
        let (uri, version) = (doc.uri.clone(), doc.version);
        if let Some(m) = message {
            if self.shown.insert(m.clone()) {
                self.notify(
                    "window/showMessage",
                    lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: m,
                    },
                )?;
            }
        }
        self.publish(uri, diagnostics, Some(version))
    }

    fn doc(&self, uri: &lsp::Uri) -> Result<&Doc, (ErrorCode, String)> {
        self.docs.get(uri.as_str()).ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("document not open: {}", uri.as_str()),
            )
        })
    }

    fn hover(&self, p: lsp::HoverParams) -> Handled {
        let doc = self.doc(&p.text_document_position_params.text_document.uri)?;
        let map = LineMap::new(&doc.text, self.encoding);
        let at = map.offset(p.text_document_position_params.position);
        let hits: Vec<&Diagnostic> = doc
            .findings
            .iter()
            .filter(|d| d.span.start <= at && at < d.span.end.max(d.span.start + 1))
            .collect();
        let Some(first) = hits.first() else {
            return Ok(Value::Null);
        };
        let mut value = String::new();
        let mut seen = HashSet::new();
        for d in &hits {
            if !seen.insert(d.lint) {
                continue;
            }
            if !value.is_empty() {
                value.push_str("\n\n---\n\n");
            }
            value.push_str(&hover_text(d));
        }
        let hover = lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            }),
            range: Some(map.range(&first.span)),
        };
        serde_json::to_value(hover).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn code_actions(&self, p: lsp::CodeActionParams) -> Handled {
        let doc = self.doc(&p.text_document.uri)?;
        let map = LineMap::new(&doc.text, self.encoding);
        let want = map.span(p.range);
        let wanted = |kind: &str| match &p.context.only {
            None => true,
            Some(only) => only.iter().any(|k| {
                let k = k.as_str();
                kind == k || kind.starts_with(&format!("{k}."))
            }),
        };
        let mut actions = Vec::new();
        if wanted(lsp::CodeActionKind::QUICKFIX.as_str()) {
            for d in &doc.findings {
                let Some(f) = &d.fix else { continue };
                if d.span.start > want.end || want.start > d.span.end {
                    continue;
                }
                let edits = f
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit {
                        range: map.range(&(e.start..e.end)),
                        new_text: e.replacement.clone(),
                    })
                    .collect();
                actions.push(lsp::CodeAction {
                    title: fix_title(&doc.text, d),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(d, &map, &doc.uri)]),
                    edit: Some(workspace_edit(&doc.uri, edits)),
                    is_preferred: Some(f.applicability == "safe"),
                    ..Default::default()
                });
            }
        }
        let fixable = doc.findings.iter().filter(|d| d.fix.is_some()).count();
        let fix_all = match &p.context.only {
            Some(_) => wanted(FIX_ALL_KIND),
            None => fixable > 1,
        };
        if fix_all && fixable > 0 {
            if let Some((new, n)) = fix::apply(&doc.text, &doc.findings) {
                let span = changed_span(&doc.text, &new);
                let replacement =
                    new[span.start..new.len() - (doc.text.len() - span.end)].to_string();
                actions.push(lsp::CodeAction {
                    title: format!("Apply all {n} consentlint fixes"),
                    kind: Some(lsp::CodeActionKind::from(FIX_ALL_KIND.to_string())),
                    edit: Some(workspace_edit(
                        &doc.uri,
                        vec![lsp::TextEdit {
                            range: map.range(&span),
                            new_text: replacement,
                        }],
                    )),
                    ..Default::default()
                });
            }
        }
        let actions: Vec<lsp::CodeActionOrCommand> = actions
            .into_iter()
            .map(lsp::CodeActionOrCommand::CodeAction)
            .collect();
        serde_json::to_value(actions).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
}

// `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed form caches in a `Cell`; the
// key's hash and equality use only its text, so the lint's worry does not apply
#[allow(clippy::mutable_key_type)]
fn workspace_edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

/// The part of `old` that differs from `new` (common prefix and suffix cut at characters).
fn changed_span(old: &str, new: &str) -> Range<usize> {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_suffix = old.len().min(new.len()) - start;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    start..old.len() - suffix
}

/// A diagnostic about the whole document, at its start.
fn file_diagnostic(
    code: &str,
    message: String,
    related: Option<lsp::DiagnosticRelatedInformation>,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String(code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        related_information: related.map(|r| vec![r]),
        ..Default::default()
    }
}

/// A finding as the protocol carries it.
fn to_lsp(d: &Diagnostic, map: &LineMap<'_>, uri: &lsp::Uri) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: map.range(&l.span),
            },
            message: l.message.clone(),
        })
        .chain(d.related.iter().filter_map(|r| {
            // a span in a translation file: that file's own lines and encoding
            let uri = path_to_uri(&std::fs::canonicalize(&r.file.path).ok()?)?;
            let there = LineMap::new(&r.file.text, map.encoding);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri,
                    range: there.range(&r.span),
                },
                message: r.message.clone(),
            })
        }))
        .collect();
    lsp::Diagnostic {
        range: map.range(&d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.lint.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({
            "fingerprint": d.fingerprint,
            "fixable": d.fix.is_some(),
            "help": d.help,
        })),
    }
}

/// "Remove `checked`", "Replace `[x]` with `[ ]`", with the lint id.
fn fix_title(text: &str, d: &Diagnostic) -> String {
    let show = |s: &str| {
        let s = s.trim();
        let cut: String = s.chars().take(40).collect();
        if cut.len() < s.len() {
            format!("{cut}…")
        } else {
            cut
        }
    };
    let what = match d.fix.as_ref().map(|f| f.edits.as_slice()) {
        Some([e]) => {
            let old = text.get(e.start..e.end).unwrap_or("");
            if e.replacement.is_empty() {
                format!("Remove `{}`", show(old))
            } else if old.is_empty() {
                format!("Insert `{}`", show(&e.replacement))
            } else {
                format!("Replace `{}` with `{}`", show(old), show(&e.replacement))
            }
        }
        _ => "Apply the automatic fix".to_string(),
    };
    format!("{what} ({})", d.lint)
}

/// Markdown for a finding: the message, what to do, and the pack's explanation and basis.
fn hover_text(d: &Diagnostic) -> String {
    let mut s = format!(
        "**{}** ({}): {}\n",
        d.lint,
        d.severity.as_str(),
        md_escape(&d.message)
    );
    if let Some(h) = &d.help {
        // pack-written Markdown, unlike the message, which quotes the document
        s.push_str(&format!("\n{}\n", h.trim()));
    }
    if let Some(p) = packs::lint_pack(d.lint) {
        s.push_str(&format!("\n{}\n", p.summary.trim()));
        if !p.explanation.trim().is_empty() {
            s.push('\n');
            // the pack's `##` headings are for a page; in a hover they are sub-headings
            for line in p.explanation.trim().lines() {
                match line.strip_prefix("## ") {
                    Some(h) => s.push_str(&format!("#### {h}")),
                    None => s.push_str(line),
                }
                s.push('\n');
            }
        }
        if !p.basis.is_empty() {
            s.push_str("\n**Legal basis**\n\n");
            for b in &p.basis {
                s.push_str(&format!("- {b}\n"));
            }
        }
    }
    s
}

/// Escape text quoted from a document so Markdown shows it as written.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position::new(line, character)
    }

    #[test]
    fn positions_in_both_encodings() {
        // 😀 is 4 bytes and 2 UTF-16 units; æ is 2 bytes and 1 unit; CRLF and lone CR end lines
        let text = "a😀æb\r\nx\ry\n";
        let b = text.find('b').unwrap();
        let u16 = LineMap::new(text, Encoding::Utf16);
        let u8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(u16.position(b), pos(0, 4));
        assert_eq!(u8.position(b), pos(0, 7));
        assert_eq!(u16.offset(pos(0, 4)), b);
        assert_eq!(u8.offset(pos(0, 7)), b);
        let y = text.find('y').unwrap();
        assert_eq!(u16.position(y), pos(2, 0));
        assert_eq!(u16.offset(pos(2, 0)), y);
        assert_eq!(u16.position(text.len()), pos(3, 0));
        // the CR of a CRLF belongs to no column
        assert_eq!(u16.position(text.find('\r').unwrap() + 1), pos(0, 5));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "a😀\nb";
        let m = LineMap::new(text, Encoding::Utf16);
        assert_eq!(m.offset(pos(0, 99)), text.find('\n').unwrap());
        assert_eq!(m.offset(pos(9, 0)), text.len());
        // half a surrogate pair rounds down to the character's start
        assert_eq!(m.offset(pos(0, 2)), 1);
        let m8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(m8.offset(pos(0, 3)), 1);
        assert_eq!(m.position(999), pos(1, 1));
        assert_eq!(m.position(2), pos(0, 1));
        let r = lsp::Range::new(pos(1, 1), pos(0, 0));
        assert_eq!(m.span(r), 0..text.len());
    }

    #[test]
    fn formats_by_language_id_then_extension() {
        assert_eq!(
            format_of("file:///a.txt", "markdown"),
            Some(Format::Markdown)
        );
        assert_eq!(format_of("untitled:Untitled-1", "html"), Some(Format::Html));
        assert_eq!(
            format_of("file:///t/signup.njk", "plaintext"),
            Some(Format::Html)
        );
        assert_eq!(format_of("file:///t/a%20b.MD", ""), Some(Format::Markdown));
        assert_eq!(format_of("file:///t/a.rs", "rust"), None);
        assert_eq!(
            format_of("file:///t/S.tsx", "typescriptreact"),
            Some(Format::Jsx)
        );
        assert_eq!(format_of("file:///t/S.vue", "vue"), Some(Format::Vue));
        assert_eq!(format_of("file:///t/S.svelte", ""), Some(Format::Svelte));
    }

    #[test]
    fn file_uris_to_paths_and_back() {
        assert_eq!(
            uri_to_path("file:///home/a/vilk%C3%A5r%20og%20betingelser.md"),
            Some(PathBuf::from("/home/a/vilkår og betingelser.md"))
        );
        assert_eq!(
            uri_to_path("file://localhost/x.md"),
            Some(PathBuf::from("/x.md"))
        );
        assert_eq!(
            uri_to_path("file:///C%3A/x.md"),
            Some(PathBuf::from("C:/x.md"))
        );
        assert_eq!(uri_to_path("untitled:1"), None);
        assert_eq!(uri_to_path("file://server/share/x.md"), None);
        let u = path_to_uri(Path::new("/home/a/vilkår og betingelser.md")).unwrap();
        assert_eq!(
            uri_to_path(u.as_str()),
            Some(PathBuf::from("/home/a/vilkår og betingelser.md"))
        );
    }

    #[test]
    fn changed_span_is_minimal() {
        assert_eq!(changed_span("- [x] a\n", "- [ ] a\n"), 3..4);
        assert_eq!(changed_span("<i checked>", "<i>"), 2..10);
        assert_eq!(changed_span("æø", "æå"), 2..4);
    }
}
