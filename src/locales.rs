//! Translation files (locale files): the JSON and YAML files that hold the texts behind a
//! component's `t('key')`, read with the exact byte span of every value.
//!
//! Neither serde_json nor any well-kept YAML crate gives the byte span of a string value
//! (serde_json gives none; yaml-rust2's and saphyr's markers give where a scalar starts, as
//! a character index, not where its bytes end, and nothing for the pieces of an escaped or
//! folded scalar), so both are read here by small readers for what translation files use:
//! JSON in full, and YAML's block mappings and sequences with plain, quoted and block
//! scalars (flow collections, anchors and aliases are skipped, not errors). Each string
//! value comes with its text (escapes decoded, YAML's folding applied) and an offset map
//! from that text back to the file: verbatim runs are one-to-one, an escape (`\n`,
//! `\u00e6`, `''`) or a folded line break is one indivisible piece, so a span never cuts an
//! escape in two and always lands on UTF-8 boundaries of the file.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::document::offsets::OffsetMap;
use crate::document::Format;

/// One string value of a translation file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The flattened key (`signup.newsletter_optin`; a sequence's items are `key.0`, ...).
    pub key: String,
    /// The value as the translation library reads it (escapes decoded).
    pub text: String,
    /// From `text` offsets to byte offsets in the file.
    pub map: OffsetMap,
    /// The value's bytes in the file (inside its quotes).
    pub span: Range<usize>,
}

/// A file as read, shared by the findings that point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as it should be shown.
    pub path: String,
    pub text: String,
}

/// Read a translation file: every string value with its span. A BOM is skipped (offsets
/// still count it). `format` is [`Format::Json`] or [`Format::Yaml`].
pub fn read(source: &str, format: Format) -> Result<Vec<Entry>, String> {
    let base = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = Vec::new();
    match format {
        Format::Yaml => yaml::read(source, base, &mut out)?,
        _ => json::read(source, base, &mut out)?,
    }
    Ok(out)
}

/// The language a translation file is for, from its name (`da.json`, `en-US.yml`,
/// `devise.da.yml`) or its folder (`public/locales/da/common.json`).
pub fn lang_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let last = stem.rsplit('.').next().unwrap_or(stem);
    if looks_like_lang(last) {
        return Some(last.to_string());
    }
    let parent = path.parent()?.file_name()?.to_str()?;
    looks_like_lang(parent).then(|| parent.to_string())
}

/// `da`, `en-US`, `pt_BR`, `fil`: a language tag as file and folder names write it.
pub fn looks_like_lang(s: &str) -> bool {
    let primary = s.split(['-', '_']).next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && s.len() <= 10
        && s[primary.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The folders translation files live in (also under `src/`).
pub const DIRS: &[&str] = &["locales", "messages", "i18n", "lang"];

/// The format of a translation file by its extension: `.json`, `.yml`, `.yaml`.
pub fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "json" => Some(Format::Json),
        "yml" | "yaml" => Some(Format::Yaml),
        _ => None,
    }
}

/// Is `path` a translation file by where it is: a `.json`/`.yml`/`.yaml` file in a folder
/// named `locales`, `messages`, `i18n` or `lang` (at any depth: `public/locales/da/x.json`,
/// `config/locales/da.yml`), named for a language or in a folder named for one. Anything
/// else (`package.json`, `tsconfig.json`) is not, and costs no read.
pub fn is_locale_path(path: &Path) -> Option<Format> {
    let f = format_of(path)?;
    lang_of(path)?;
    let in_dir = path
        .parent()?
        .components()
        .any(|c| DIRS.iter().any(|d| c.as_os_str() == *d));
    in_dir.then_some(f)
}

/// One locale's texts from a repository's translation files, by key, with where each value
/// is written.
pub fn locale_from_files(lang: &str, path: &str, files: &[PathBuf]) -> Option<crate::Locale> {
    let mut loc = crate::Locale {
        lang: lang.to_string(),
        path: path.to_string(),
        ..Default::default()
    };
    for f in files {
        let Some(format) = format_of(f) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        // a broken translation file gives no texts here; it is reported when it is linted
        let Ok(entries) = read(&text, format) else {
            continue;
        };
        let file = Arc::new(SourceFile {
            path: tidy(f).display().to_string(),
            text,
        });
        for e in strip_lang_root(entries, lang) {
            loc.texts.insert(e.key.clone(), e.text);
            loc.sources.insert(e.key, (file.clone(), e.span));
        }
    }
    (!loc.texts.is_empty()).then_some(loc)
}

/// Rails' and some vue-i18n files put every key under the locale (`da: { signup: ... }`):
/// that first key is not part of the keys the code uses.
pub fn strip_lang_root(entries: Vec<Entry>, lang: &str) -> Vec<Entry> {
    let prefix = format!("{lang}.");
    if !entries.is_empty() && entries.iter().all(|e| e.key.starts_with(&prefix)) {
        entries
            .into_iter()
            .map(|mut e| {
                e.key.drain(..prefix.len());
                e
            })
            .collect()
    } else {
        entries
    }
}

/// Does a component call a translation function (`t(`, `$t(`, `<Trans`,
/// `<FormattedMessage`)? Only then are translation files looked for.
pub fn uses_translations(text: &str, format: Format) -> bool {
    matches!(format, Format::Jsx | Format::Vue | Format::Svelte)
        && (text.contains("t(")
            || text.contains("_(")
            || text.contains("<Trans")
            || text.contains("<FormattedMessage"))
}

/// [`for_file`] without the cache (the language server, where translation files change
/// while it runs).
pub fn lookup(path: &Path, configured: Option<(&Path, &globset::GlobSet)>) -> Vec<crate::Locale> {
    match configured {
        Some((root, set)) => from_globs(root, set),
        None => find(path.parent().unwrap_or(Path::new("."))),
    }
}

type Cache = Mutex<HashMap<(PathBuf, usize), Arc<Vec<crate::Locale>>>>;

/// The translation files a component at `path` uses: the folders [`DIRS`] (also under
/// `src/` and `public/`) from the component's folder up to the repository root, the first
/// that holds any; or, when `configured` globs are given (`locales` in consentlint.toml),
/// the files under `root` that match them. Read once per folder and run.
pub fn for_file(
    path: &Path,
    configured: Option<(&Path, &globset::GlobSet)>,
) -> Arc<Vec<crate::Locale>> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let key = match configured {
        Some((root, set)) => (root.to_path_buf(), set as *const _ as usize),
        None => (dir.clone(), 0),
    };
    if let Some(l) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return l;
    }
    let found = Arc::new(match configured {
        Some((root, set)) => from_globs(root, set),
        None => find(&dir),
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, found.clone());
    }
    found
}

/// The files under `root` that match the configured globs, grouped by language.
fn from_globs(root: &Path, set: &globset::GlobSet) -> Vec<crate::Locale> {
    let mut by_lang: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
    let walk = ignore::WalkBuilder::new(root).hidden(false).build();
    for e in walk.flatten() {
        let p = e.path();
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        if format_of(p).is_none() || !set.is_match(rel) {
            continue;
        }
        if let Some(lang) = lang_of(p) {
            by_lang.entry(lang).or_default().push(p.to_path_buf());
        }
    }
    by_lang
        .into_iter()
        .filter_map(|(lang, mut files)| {
            files.sort();
            let shown = tidy(&files[0]).display().to_string();
            locale_from_files(&lang, &shown, &files)
        })
        .collect()
}

fn find(dir: &Path) -> Vec<crate::Locale> {
    let mut d = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    };
    for _ in 0..12 {
        for pre in ["", "src", "public"] {
            for sub in DIRS {
                let cand = if pre.is_empty() {
                    d.join(sub)
                } else {
                    d.join(pre).join(sub)
                };
                if cand.is_dir() {
                    let l = read_dir(&cand);
                    if !l.is_empty() {
                        return l;
                    }
                }
            }
        }
        if d.join(".git").exists() {
            break;
        }
        match d.parent() {
            Some(p) if !p.as_os_str().is_empty() => d = p.to_path_buf(),
            _ if d != Path::new("..") && d.is_relative() => d = d.join(".."),
            _ => break,
        }
    }
    Vec::new()
}

/// `da.json`, `en-US.yml`, or `da/*.json` (i18next's `public/locales/da/common.json`).
fn read_dir(dir: &Path) -> Vec<crate::Locale> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let files = if p.is_dir() {
            let name = p.file_name().and_then(|s| s.to_str()).unwrap_or("");
            if !looks_like_lang(name) {
                continue;
            }
            let Ok(rd) = std::fs::read_dir(&p) else {
                continue;
            };
            let mut files: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|f| format_of(f).is_some())
                .collect();
            files.sort();
            files
        } else if format_of(&p).is_some() {
            vec![p.clone()]
        } else {
            continue;
        };
        let Some(lang) = lang_of(files.first().unwrap_or(&p)) else {
            continue;
        };
        if let Some(l) = locale_from_files(&lang, &tidy(&p).display().to_string(), &files) {
            out.push(l);
        }
    }
    out
}

/// `app/../messages/da.json` as `messages/da.json`: `..` after a folder name undone, `.`
/// dropped, lexically (as shown in findings, never used to open a file).
fn tidy(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir if !out.is_empty() => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// Line and column (1-based) of `offset` in `text`, for messages.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let ls = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[ls..].chars().count() + 1)
}

fn err_at(text: &str, offset: usize, msg: &str) -> String {
    let (l, c) = line_col(text, offset);
    format!("line {l}, column {c}: {msg}")
}

/// Push `s` (at `src` in the file) onto a text and its map.
fn push_linear(text: &mut String, map: &mut OffsetMap, s: &str, src: usize) {
    map.push_linear(text.len(), src, s.len());
    text.push_str(s);
}

fn push_atomic(text: &mut String, map: &mut OffsetMap, s: &str, src: Range<usize>) {
    map.push_atomic(text.len(), s.len(), src);
    text.push_str(s);
}

mod json {
    use super::*;

    /// Deepest nesting read (deeper is an error, not a stack overflow).
    const MAX_DEPTH: usize = 64;

    struct P<'a> {
        s: &'a str,
        b: &'a [u8],
        i: usize,
        out: &'a mut Vec<Entry>,
    }

    pub(super) fn read(s: &str, base: usize, out: &mut Vec<Entry>) -> Result<(), String> {
        let mut p = P {
            s,
            b: s.as_bytes(),
            i: base,
            out,
        };
        p.ws();
        if p.i >= p.b.len() {
            return Ok(());
        }
        p.value("", 0)?;
        p.ws();
        if p.i < p.b.len() {
            return Err(p.err("unexpected text after the value"));
        }
        Ok(())
    }

    impl P<'_> {
        fn err(&self, m: &str) -> String {
            err_at(self.s, self.i, m)
        }

        fn ws(&mut self) {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
        }

        fn value(&mut self, key: &str, depth: usize) -> Result<(), String> {
            if depth > MAX_DEPTH {
                return Err(self.err("nested too deep"));
            }
            match self.b.get(self.i) {
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(());
                    }
                    loop {
                        self.ws();
                        if self.b.get(self.i) != Some(&b'"') {
                            return Err(self.err("expected a key in double quotes"));
                        }
                        let (k, _, _) = self.string()?;
                        self.ws();
                        if self.b.get(self.i) != Some(&b':') {
                            return Err(self.err("expected ':' after the key"));
                        }
                        self.i += 1;
                        self.ws();
                        let full = if key.is_empty() {
                            k
                        } else {
                            format!("{key}.{k}")
                        };
                        self.value(&full, depth + 1)?;
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                return Ok(());
                            }
                            _ => return Err(self.err("expected ',' or '}'")),
                        }
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(());
                    }
                    let mut n = 0;
                    loop {
                        self.ws();
                        self.value(&format!("{key}.{n}"), depth + 1)?;
                        n += 1;
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                return Ok(());
                            }
                            _ => return Err(self.err("expected ',' or ']'")),
                        }
                    }
                }
                Some(b'"') => {
                    let (text, map, span) = self.string()?;
                    if !key.is_empty() {
                        self.out.push(Entry {
                            key: key.to_string(),
                            text,
                            map,
                            span,
                        });
                    }
                    Ok(())
                }
                Some(c) if c.is_ascii_digit() || *c == b'-' => {
                    while self.i < self.b.len()
                        && matches!(
                            self.b[self.i],
                            b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                        )
                    {
                        self.i += 1;
                    }
                    Ok(())
                }
                Some(_) => {
                    for lit in ["true", "false", "null"] {
                        if self.b[self.i..].starts_with(lit.as_bytes()) {
                            self.i += lit.len();
                            return Ok(());
                        }
                    }
                    Err(self.err("expected a value"))
                }
                None => Err(self.err("unexpected end of file")),
            }
        }

        /// A string at `"`: its text, map and the span of its content.
        fn string(&mut self) -> Result<(String, OffsetMap, Range<usize>), String> {
            let open = self.i;
            self.i += 1;
            let start = self.i;
            let mut text = String::new();
            let mut map = OffsetMap::new();
            let mut run = self.i;
            loop {
                let Some(&c) = self.b.get(self.i) else {
                    self.i = open;
                    return Err(self.err("unterminated string"));
                };
                match c {
                    b'"' => {
                        push_linear(&mut text, &mut map, &self.s[run..self.i], run);
                        let span = start..self.i;
                        self.i += 1;
                        return Ok((text, map, span));
                    }
                    b'\\' => {
                        push_linear(&mut text, &mut map, &self.s[run..self.i], run);
                        let at = self.i;
                        let (ch, len) = self.escape()?;
                        let mut buf = [0u8; 4];
                        push_atomic(&mut text, &mut map, ch.encode_utf8(&mut buf), at..at + len);
                        self.i = at + len;
                        run = self.i;
                    }
                    _ => self.i += 1,
                }
            }
        }

        /// The escape at `\`: the character and the escape's length in bytes.
        fn escape(&self) -> Result<(char, usize), String> {
            let at = self.i;
            let c = match self.b.get(at + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let hi = hex4(self.b, at + 2).ok_or_else(|| self.err("bad \\u escape"))?;
                    if (0xD800..0xDC00).contains(&hi) && self.b.get(at + 6..at + 8) == Some(b"\\u")
                    {
                        if let Some(lo) =
                            hex4(self.b, at + 8).filter(|l| (0xDC00..0xE000).contains(l))
                        {
                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            return Ok((char::from_u32(cp).unwrap_or('\u{fffd}'), 12));
                        }
                    }
                    return Ok((char::from_u32(hi).unwrap_or('\u{fffd}'), 6));
                }
                _ => return Err(self.err("bad escape")),
            };
            Ok((c, 2))
        }
    }

    fn hex4(b: &[u8], at: usize) -> Option<u32> {
        let h = b.get(at..at + 4)?;
        let s = std::str::from_utf8(h).ok()?;
        u32::from_str_radix(s, 16)
            .ok()
            .filter(|_| h.iter().all(u8::is_ascii_hexdigit))
    }
}

mod yaml {
    use super::*;

    /// One line of the file: its byte range (without the line break) and indentation.
    struct Line {
        start: usize,
        end: usize,
        indent: usize,
    }

    pub(super) fn read(s: &str, base: usize, out: &mut Vec<Entry>) -> Result<(), String> {
        let mut lines = Vec::new();
        let mut at = base;
        for l in s[base..].split_inclusive('\n') {
            let content = l.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start_matches(' ').len();
            lines.push(Line {
                start: at,
                end: at + content.len(),
                indent,
            });
            at += l.len();
        }
        let mut r = R {
            s,
            lines,
            i: 0,
            out,
        };
        // the stack of open mappings: (indent, key prefix)
        let mut stack: Vec<(usize, String)> = Vec::new();
        let mut seq_n: HashMap<String, usize> = HashMap::new();
        while r.i < r.lines.len() {
            let (ls, le, indent) = {
                let l = &r.lines[r.i];
                (l.start, l.end, l.indent)
            };
            let line = &s[ls..le];
            let rest = line.trim_start_matches(' ');
            if rest.is_empty()
                || rest.starts_with('#')
                || rest.starts_with("---")
                || rest.starts_with("...")
                || rest.starts_with('%')
            {
                r.i += 1;
                continue;
            }
            if rest.starts_with('\t') {
                return Err(err_at(s, ls + indent, "a tab in indentation"));
            }
            while stack.last().is_some_and(|(ind, _)| *ind >= indent) {
                stack.pop();
            }
            let parent = stack.last().map_or(String::new(), |(_, k)| k.clone());
            let cstart = ls + indent;
            // a sequence item: `- text` (items that are mappings are skipped)
            if rest == "-" || rest.starts_with("- ") {
                let n = seq_n.entry(parent.clone()).or_insert(0);
                let key = format!("{parent}.{n}");
                *n += 1;
                let vstart =
                    cstart + 1 + (rest.len() - 1 - rest[1..].trim_start_matches(' ').len());
                if rest[1..].trim().contains(": ") || rest[1..].trim_end().ends_with(':') {
                    // a mapping in a sequence: not translation text
                    r.i += 1;
                    r.skip_deeper(indent);
                    continue;
                }
                r.scalar(&key, vstart, le, indent)?;
                continue;
            }
            let (key, after) = r.key(cstart, le)?;
            let full = if parent.is_empty() {
                key
            } else {
                format!("{parent}.{key}")
            };
            let vtext = s[after..le].trim_start_matches(' ');
            let vstart = le - vtext.len();
            if vtext.is_empty() || vtext.starts_with('#') {
                r.i += 1;
                // a scalar on the next lines (`key:` then indented text), else a nested
                // mapping or sequence follows
                let next = (r.i..r.lines.len()).find(|&j| {
                    let l = &r.lines[j];
                    let t = s[l.start..l.end].trim();
                    !t.is_empty() && !t.starts_with('#')
                });
                if let Some(j) = next {
                    let l = &r.lines[j];
                    let t = &s[l.start + l.indent..l.end];
                    let is_key = t.contains(": ") || t.ends_with(':');
                    let is_item = t == "-" || t.starts_with("- ");
                    if l.indent > indent && !is_key && !is_item {
                        let (vs, le) = (l.start + l.indent, l.end);
                        r.i = j;
                        r.scalar(&full, vs, le, indent)?;
                        continue;
                    }
                }
                stack.push((indent, full));
                continue;
            }
            r.scalar(&full, vstart, le, indent)?;
        }
        Ok(())
    }

    struct R<'a> {
        s: &'a str,
        lines: Vec<Line>,
        i: usize,
        out: &'a mut Vec<Entry>,
    }

    impl R<'_> {
        /// Skip the lines indented deeper than `indent` (and blank lines among them).
        fn skip_deeper(&mut self, indent: usize) {
            while self.i < self.lines.len() {
                let l = &self.lines[self.i];
                let blank = self.s[l.start..l.end].trim().is_empty();
                if !blank && l.indent <= indent {
                    break;
                }
                self.i += 1;
            }
        }

        /// The key at `at` on a line ending at `end`: its name and where its value starts.
        fn key(&self, at: usize, end: usize) -> Result<(String, usize), String> {
            let b = self.s.as_bytes();
            match b[at] {
                q @ (b'"' | b'\'') => {
                    let close = self.s[at + 1..end]
                        .find(q as char)
                        .map(|o| at + 1 + o)
                        .ok_or_else(|| err_at(self.s, at, "unterminated quoted key"))?;
                    let name = self.s[at + 1..close].to_string();
                    let rest = self.s[close + 1..end].trim_start_matches(' ');
                    if !rest.starts_with(':') {
                        return Err(err_at(self.s, close + 1, "expected ':' after the key"));
                    }
                    Ok((name, end - rest.len() + 1))
                }
                _ => {
                    let line = &self.s[at..end];
                    let colon = line
                        .match_indices(':')
                        .map(|(o, _)| o)
                        .find(|&o| matches!(line.as_bytes().get(o + 1), None | Some(b' ')))
                        .ok_or_else(|| err_at(self.s, at, "expected `key: value`"))?;
                    Ok((line[..colon].trim_end().to_string(), at + colon + 1))
                }
            }
        }

        /// The scalar starting at `v` on the current line (ending at `le`), owned by a key
        /// at `indent`; moves past every line it takes.
        fn scalar(
            &mut self,
            key: &str,
            mut v: usize,
            le: usize,
            indent: usize,
        ) -> Result<(), String> {
            let s = self.s;
            let b = s.as_bytes();
            // tags and anchors before the value (`!!str`, `&name`): skipped
            while v < le && matches!(b[v], b'!' | b'&') {
                let end = s[v..le].find(' ').map_or(le, |o| v + o);
                v = end + s[end..le].len() - s[end..le].trim_start_matches(' ').len();
            }
            if v >= le {
                self.i += 1;
                return Ok(());
            }
            match b[v] {
                b'"' | b'\'' => self.quoted(key, v),
                b'|' | b'>' => {
                    self.i += 1;
                    self.block(key, b[v] == b'|', indent);
                    Ok(())
                }
                // flow collections and aliases: not text
                b'{' | b'[' | b'*' => {
                    self.i += 1;
                    self.skip_deeper(indent);
                    Ok(())
                }
                _ => {
                    self.plain(key, v, le, indent);
                    Ok(())
                }
            }
        }

        fn push(&mut self, key: &str, text: String, map: OffsetMap, span: Range<usize>) {
            if !text.is_empty() {
                self.out.push(Entry {
                    key: key.to_string(),
                    text,
                    map,
                    span,
                });
            }
        }

        /// A plain scalar, continued on more deeply indented lines (folded with spaces).
        fn plain(&mut self, key: &str, v: usize, le: usize, indent: usize) {
            let s = self.s;
            let first = strip_comment(&s[v..le]);
            let mut text = String::new();
            let mut map = OffsetMap::new();
            push_linear(&mut text, &mut map, first, v);
            let mut end = v + first.len();
            self.i += 1;
            while self.i < self.lines.len() {
                let l = &self.lines[self.i];
                let content = &s[l.start + l.indent..l.end];
                if content.trim().is_empty() || l.indent <= indent || content.starts_with('#') {
                    break;
                }
                let c = strip_comment(content);
                push_atomic(&mut text, &mut map, " ", end..l.start + l.indent);
                push_linear(&mut text, &mut map, c, l.start + l.indent);
                end = l.start + l.indent + c.len();
                self.i += 1;
            }
            // not strings: booleans, null, numbers
            let t = text.as_str();
            let scalar = matches!(
                t,
                "true"
                    | "false"
                    | "True"
                    | "False"
                    | "TRUE"
                    | "FALSE"
                    | "null"
                    | "Null"
                    | "NULL"
                    | "~"
                    | "yes"
                    | "no"
            ) || t.parse::<f64>().is_ok();
            if !scalar {
                self.push(key, text, map, v..end);
            }
        }

        /// A quoted scalar at `v` (`'...'` with `''`, `"..."` with escapes), over as many
        /// lines as it takes; a line break folds into a space (an empty line into `\n`).
        fn quoted(&mut self, key: &str, v: usize) -> Result<(), String> {
            let s = self.s;
            let b = s.as_bytes();
            let q = b[v];
            let mut text = String::new();
            let mut map = OffsetMap::new();
            let mut i = v + 1;
            let mut run = i;
            loop {
                let Some(&c) = b.get(i) else {
                    return Err(err_at(s, v, "unterminated quoted value"));
                };
                if c == q && q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    push_linear(&mut text, &mut map, &s[run..i], run);
                    push_atomic(&mut text, &mut map, "'", i..i + 2);
                    i += 2;
                    run = i;
                } else if c == q {
                    push_linear(&mut text, &mut map, &s[run..i], run);
                    break;
                } else if c == b'\\' && q == b'"' {
                    push_linear(&mut text, &mut map, &s[run..i], run);
                    let (ch, len) = yaml_escape(b, i).ok_or_else(|| err_at(s, i, "bad escape"))?;
                    let mut buf = [0u8; 4];
                    let t = ch.map_or("", |c| &*c.encode_utf8(&mut buf));
                    if t.is_empty() {
                        // `\` at the end of a line: the break is dropped
                    } else {
                        push_atomic(&mut text, &mut map, t, i..i + len);
                    }
                    i += len;
                    run = i;
                } else if c == b'\n' || c == b'\r' {
                    // fold: trailing spaces, the break, blank lines and the next indentation
                    let trimmed = s[run..i].trim_end_matches([' ', '\t']);
                    push_linear(&mut text, &mut map, trimmed, run);
                    let fold_start = run + trimmed.len();
                    let mut j = i;
                    let mut breaks = 0;
                    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r') {
                        if b[j] == b'\n' {
                            breaks += 1;
                        }
                        j += 1;
                    }
                    let piece = if breaks > 1 { "\n" } else { " " };
                    if !text.is_empty() {
                        push_atomic(&mut text, &mut map, piece, fold_start..j);
                    }
                    i = j;
                    run = i;
                } else {
                    i += 1;
                }
            }
            let span = v + 1..i;
            // the lines the value took
            while self.i < self.lines.len() && self.lines[self.i].end <= i {
                self.i += 1;
            }
            self.i += 1;
            self.push(key, text, map, span);
            Ok(())
        }

        /// A block scalar (`|` literal, `>` folded) on the lines after the current one,
        /// indented deeper than `indent`.
        fn block(&mut self, key: &str, literal: bool, indent: usize) {
            let s = self.s;
            let mut text = String::new();
            let mut map = OffsetMap::new();
            let mut content_indent = None;
            let mut first = None;
            let mut end = 0;
            let mut pending: Option<(usize, usize)> = None; // (break start, blank lines)
            while self.i < self.lines.len() {
                let l = &self.lines[self.i];
                let line = &s[l.start..l.end];
                if line.trim().is_empty() {
                    if let Some(p) = &mut pending {
                        p.1 += 1;
                    }
                    self.i += 1;
                    continue;
                }
                if l.indent <= indent {
                    break;
                }
                let ci = *content_indent.get_or_insert(l.indent);
                if l.indent < ci {
                    break;
                }
                let from = l.start + ci;
                if let Some((bstart, blanks)) = pending.take() {
                    let joiner = if literal {
                        "\n".repeat(blanks + 1)
                    } else if blanks > 0 {
                        "\n".repeat(blanks)
                    } else {
                        " ".to_string()
                    };
                    push_atomic(&mut text, &mut map, &joiner, bstart..from);
                }
                let c = line[ci..].trim_end();
                push_linear(&mut text, &mut map, c, from);
                first.get_or_insert(from);
                end = from + c.len();
                pending = Some((end, 0));
                self.i += 1;
            }
            if let Some(f) = first {
                self.push(key, text, map, f..end);
            }
        }
    }

    /// A plain scalar's text without a trailing ` # comment` and spaces.
    fn strip_comment(s: &str) -> &str {
        let cut = s.find(" #").unwrap_or(s.len());
        s[..cut].trim_end()
    }

    /// YAML's double-quoted escapes: the character (none for an escaped line break) and
    /// the escape's length.
    fn yaml_escape(b: &[u8], at: usize) -> Option<(Option<char>, usize)> {
        let hex = |n: usize| -> Option<(Option<char>, usize)> {
            let h = b.get(at + 2..at + 2 + n)?;
            let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
            h.iter()
                .all(u8::is_ascii_hexdigit)
                .then(|| (Some(char::from_u32(v).unwrap_or('\u{fffd}')), 2 + n))
        };
        let c = match *b.get(at + 1)? {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return hex(2),
            b'u' => return hex(4),
            b'U' => return hex(8),
            b'\n' => return Some((None, 2)),
            b'\r' => return Some((None, if b.get(at + 2) == Some(&b'\n') { 3 } else { 2 })),
            _ => return None,
        };
        Some((Some(c), 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str, f: Format) -> Vec<(String, String, String)> {
        read(src, f)
            .unwrap()
            .into_iter()
            .map(|e| {
                let whole = e.map.span(&e.text, 0..e.text.len());
                assert_eq!(whole, e.span, "{}", e.key);
                (e.key, e.text, src[e.span].to_string())
            })
            .collect()
    }

    #[test]
    fn json_values_with_spans_and_escapes() {
        let src = "\u{feff}{ \"signup\": { \"optin\": \"Ja tak, send mig tilbud\", \"esc\": \"Vil du \\\"have\\\" nyhedsbrev\\u00e6 \\ud83d\\ude00\" }, \"n\": 3, \"list\": [\"a\", true] }";
        let got = spans(src, Format::Json);
        assert_eq!(
            got[0],
            (
                "signup.optin".into(),
                "Ja tak, send mig tilbud".into(),
                "Ja tak, send mig tilbud".into()
            )
        );
        assert_eq!(got[1].1, "Vil du \"have\" nyhedsbrevæ 😀");
        assert_eq!(
            got[1].2,
            "Vil du \\\"have\\\" nyhedsbrev\\u00e6 \\ud83d\\ude00"
        );
        assert_eq!(got[2].0, "list.0");
        assert_eq!(got.len(), 3);
        // a span of part of the text maps into the file without cutting an escape
        let e = &read(src, Format::Json).unwrap()[1];
        let t = &e.text;
        let at = t.find("nyhedsbrevæ").unwrap();
        let r = e.map.span(t, at..at + "nyhedsbrevæ".len());
        assert_eq!(&src[r], "nyhedsbrev\\u00e6");
    }

    #[test]
    fn json_errors_say_where() {
        let e = read("{\n  \"a\": \"x\",\n  \"b\" \"y\"\n}", Format::Json).unwrap_err();
        assert!(e.starts_with("line 3, column 7"), "{e}");
        assert!(read("{\"a\": \"x", Format::Json).is_err());
        assert!(read(&"[".repeat(10_000), Format::Json).is_err());
        assert!(read("", Format::Json).unwrap().is_empty());
    }

    #[test]
    fn yaml_nested_keys_and_scalars() {
        let src = "# comment\nda:\n  signup:\n    optin: Ja tak, send mig tilbud fra vores partnere # note\n    quoted: \"Husk \\\"mig\\\"\"\n    single: 'Det er ''vores'' nyhedsbrev'\n    count: 3\n    flag: true\n    folded: >\n      Send mig nyheder\n      og tilbud\n    literal: |\n      Linje et\n      Linje to\n  list:\n    - Første\n    - 'Anden'\n  flow: { a: b }\n  multi: \"Ja tak,\n    send mig\"\n";
        let got = spans(src, Format::Yaml);
        let find = |k: &str| {
            got.iter()
                .find(|g| g.0 == k)
                .unwrap_or_else(|| panic!("{k}: {got:?}"))
                .clone()
        };
        assert_eq!(
            find("da.signup.optin").2,
            "Ja tak, send mig tilbud fra vores partnere"
        );
        assert_eq!(find("da.signup.quoted").1, "Husk \"mig\"");
        assert_eq!(find("da.signup.single").1, "Det er 'vores' nyhedsbrev");
        assert_eq!(find("da.signup.folded").1, "Send mig nyheder og tilbud");
        assert_eq!(
            find("da.signup.folded").2,
            "Send mig nyheder\n      og tilbud"
        );
        assert_eq!(find("da.signup.literal").1, "Linje et\nLinje to");
        assert_eq!(find("da.list.0").1, "Første");
        assert_eq!(find("da.list.1").2, "Anden");
        assert_eq!(find("da.multi").1, "Ja tak, send mig");
        assert!(got
            .iter()
            .all(|g| !g.0.contains("count") && !g.0.contains("flag") && !g.0.contains("flow")));
        let stripped = strip_lang_root(read(src, Format::Yaml).unwrap(), "da");
        assert!(stripped.iter().any(|e| e.key == "signup.optin"));
    }

    #[test]
    fn yaml_errors_say_where() {
        let e = read("a:\n  b: \"open\n", Format::Yaml).unwrap_err();
        assert!(e.starts_with("line 2"), "{e}");
        assert!(read("a:\n  b: x\n  just text\n", Format::Yaml).is_err());
        // a scalar on the line after its key is a value
        let src = "a:\n  Ja tak, send\n  mig tilbud\n";
        let got = spans(src, Format::Yaml);
        assert_eq!(got[0].1, "Ja tak, send mig tilbud");
        assert_eq!(got[0].2, "Ja tak, send\n  mig tilbud");
    }

    #[test]
    fn locale_paths() {
        assert_eq!(
            is_locale_path(Path::new("locales/da.json")),
            Some(Format::Json)
        );
        assert_eq!(
            is_locale_path(Path::new("app/public/locales/da/common.json")),
            Some(Format::Json)
        );
        assert_eq!(
            is_locale_path(Path::new("config/locales/devise.da.yml")),
            Some(Format::Yaml)
        );
        assert_eq!(is_locale_path(Path::new("package.json")), None);
        assert_eq!(is_locale_path(Path::new("locales/config.json")), None);
        assert_eq!(is_locale_path(Path::new("src/da.json")), None);
        assert_eq!(
            lang_of(Path::new("messages/en-US.json")).as_deref(),
            Some("en-US")
        );
    }
}
