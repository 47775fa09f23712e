//! Which configuration governs which file, which files a directory walk picks up
//! (`include`, `exclude`, `[formats]`), per-file settings (`[[overrides]]`) and user packs
//! (`extend-packs`).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::{ConfigError, LintSettings};
use crate::document::Format;
use crate::{source, Config};

/// One `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub(crate) struct Override {
    pub files: GlobSet,
    pub language: Option<String>,
    pub lints: LintSettings,
}

/// A parsed configuration file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    /// The folder globs and `extend-packs` are relative to (the file's own folder).
    pub dir: PathBuf,
    pub(crate) text: String,
    /// The settings for files no override matches.
    pub base: Config,
    pub(crate) include: Option<GlobSet>,
    pub(crate) exclude: GlobSet,
    /// Extension (lower case, no dot) -> the format to read it as.
    pub formats: BTreeMap<String, Format>,
    pub(crate) overrides: Vec<Override>,
    /// `extend-packs` entries as written, with their spans in the text.
    pub(crate) extend_packs: Vec<(String, Range<usize>)>,
}

/// Compile glob patterns (`*` stays inside one folder, `**` crosses folders); the error
/// carries the span of the bad pattern.
pub(crate) fn globset(pats: &[Spanned<String>]) -> Result<GlobSet, (String, Range<usize>)> {
    let mut b = GlobSetBuilder::new();
    for p in pats {
        let pat = p.get_ref().trim_start_matches("./");
        let pat = pat.strip_suffix('/').unwrap_or(pat);
        let g = GlobBuilder::new(pat)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                let kind = e.kind().to_string();
                (format!("bad glob \"{}\": {kind}", p.get_ref()), p.span())
            })?;
        b.add(g);
    }
    b.build()
        .map_err(|e| (e.to_string(), pats.first().map_or(0..0, |p| p.span())))
}

/// Does the set match the path or one of its folders (so `drafts` and `drafts/**` both
/// cover `drafts/a.md`)?
fn matches(set: &GlobSet, rel: &Path) -> bool {
    !set.is_empty()
        && rel
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| set.is_match(a))
}

impl ConfigFile {
    /// `path` relative to the configuration's folder; `None` outside it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(path)
            .ok()
            .or_else(|| Some(std::env::current_dir().ok()?.join(path)))?;
        abs.strip_prefix(&self.dir).ok().map(Path::to_path_buf)
    }

    /// A translation file named by `locales` (its globs, relative to this file's folder):
    /// JSON or YAML by its extension.
    pub fn locale_format(&self, path: &Path) -> Option<Format> {
        let f = crate::locales::format_of(path)?;
        let globs = self.base.locale_globs.as_ref()?;
        let rel = self.relative(path)?;
        globs.1.is_match(&rel).then_some(f)
    }

    /// The format a file is read as: `[formats]` first, then the built-in extensions.
    pub fn format_for(&self, path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())?
            .to_ascii_lowercase();
        self.formats
            .get(&ext)
            .copied()
            .or_else(|| source::format_for_path(path))
            .or_else(|| self.locale_format(path))
    }

    /// Whether a directory walk lints `path`, and as what: its extension is walked (the
    /// built-in `.md .markdown .html .htm`, or one mapped in `[formats]`), it matches
    /// `include` (when set) and no `exclude`. Globs only apply inside the configuration's
    /// folder.
    pub fn walks(&self, path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())?
            .to_ascii_lowercase();
        let fmt = match self.formats.get(&ext) {
            Some(f) => *f,
            None if source::is_walked_ext(path) => source::format_for_path(path)?,
            None => self.locale_format(path)?,
        };
        if self.include.is_none() && self.exclude.is_empty() {
            return Some(fmt);
        }
        let Some(rel) = self.relative(path) else {
            return Some(fmt);
        };
        if matches(&self.exclude, &rel) {
            return None;
        }
        if let Some(inc) = &self.include {
            if !matches(inc, &rel) {
                return None;
            }
        }
        Some(fmt)
    }

    /// The settings for `path`: the base settings with every matching override applied in
    /// order (later ones win).
    pub fn for_file(&self, path: Option<&Path>) -> Config {
        let mut c = self.base.clone();
        if self.overrides.is_empty() {
            return c;
        }
        let Some(rel) = path.and_then(|p| self.relative(p)) else {
            return c;
        };
        for o in &self.overrides {
            if !matches(&o.files, &rel) {
                continue;
            }
            if let Some(l) = &o.language {
                c.default_lang = Some(l.clone());
            }
            for (id, s) in &o.lints.severities {
                c.lints.insert(id.clone(), *s);
            }
            for (id, opts) in &o.lints.options {
                let mine = c.options.entry(id.clone()).or_default();
                for (k, v) in opts {
                    mine.insert(k.clone(), v.clone());
                }
            }
        }
        c
    }

    /// Load and validate the user packs of `extend-packs` and build their vocabulary.
    pub(crate) fn load_packs(&mut self) -> Result<(), ConfigError> {
        if self.extend_packs.is_empty() {
            return Ok(());
        }
        let here = |message: String, span: &Range<usize>| ConfigError {
            path: self.path.clone(),
            source: self.text.clone(),
            message,
            span: Some(span.clone()),
            more: Vec::new(),
        };
        let mut files = Vec::new();
        for (entry, span) in &self.extend_packs {
            let p = self.dir.join(entry);
            if p.is_dir() {
                let before = files.len();
                collect_toml(&p, &mut files);
                if files.len() == before {
                    return Err(here(
                        format!("no .toml packs in the folder \"{entry}\""),
                        span,
                    ));
                }
            } else if p.is_file() {
                files.push(p);
            } else {
                return Err(here(
                    format!(
                        "no pack file or folder \"{entry}\" (relative to {})",
                        self.dir.display()
                    ),
                    span,
                ));
            }
        }
        let mut packs = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| ConfigError {
                path: f.clone(),
                source: String::new(),
                message: format!("cannot read the pack: {e}"),
                span: None,
                more: Vec::new(),
            })?;
            let name = f.display().to_string();
            let pack = crate::packs::parse_user_pack(&name, &text).map_err(|e| ConfigError {
                path: f.clone(),
                source: text.clone(),
                message: format!("invalid pack: {}", e.message),
                span: e.span,
                more: Vec::new(),
            })?;
            packs.push(pack);
        }
        self.base.vocab = Some(crate::analysis::Vocab::with_user_packs(&packs));
        Ok(())
    }
}

fn ext_of(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_toml(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

/// The configuration that governs a file.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// No configuration file: defaults (and the command line).
    None,
    File(Arc<ConfigFile>),
    /// The governing configuration file is broken (its error is in [`Resolver::take_errors`]).
    Broken(PathBuf),
}

enum Mode {
    Isolated,
    Explicit(Arc<ConfigFile>),
    Discover,
}

/// Finds, loads (once each) and applies configuration files for the command line.
pub struct Resolver {
    mode: Mode,
    /// `--default-lang`: wins over every configured language.
    cli_lang: Option<String>,
    loaded: HashMap<PathBuf, Option<Arc<ConfigFile>>>,
    /// Folder -> the configuration file discovered for files in it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    errors: Vec<ConfigError>,
    /// Files a walk skipped for `include`/`exclude` (their extension is walked).
    pub skipped: usize,
}

impl Resolver {
    /// `--isolated` ignores configuration files, `--config` uses one for everything, else
    /// each file's nearest `consentlint.toml` applies.
    pub fn new(
        isolated: bool,
        explicit: Option<&Path>,
        cli_lang: Option<String>,
    ) -> Result<Resolver, ConfigError> {
        let mode = match explicit {
            _ if isolated => Mode::Isolated,
            Some(p) => Mode::Explicit(Arc::new(super::load(p)?)),
            None => Mode::Discover,
        };
        Ok(Resolver {
            mode,
            cli_lang,
            loaded: HashMap::new(),
            discovered: HashMap::new(),
            errors: Vec::new(),
            skipped: 0,
        })
    }

    /// The configuration governing `path`.
    pub fn resolve(&mut self, path: &Path) -> Resolved {
        match &self.mode {
            Mode::Isolated => return Resolved::None,
            Mode::Explicit(c) => return Resolved::File(c.clone()),
            Mode::Discover => {}
        }
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let found = match self.discovered.get(&folder) {
            Some(f) => f.clone(),
            None => {
                let f = super::discover(path);
                self.discovered.insert(folder, f.clone());
                f
            }
        };
        let Some(cfg) = found else {
            return Resolved::None;
        };
        let loaded = match self.loaded.get(&cfg) {
            Some(l) => l.clone(),
            None => {
                let l = match super::load(&cfg) {
                    Ok(c) => Some(Arc::new(c)),
                    Err(e) => {
                        self.errors.push(e);
                        None
                    }
                };
                self.loaded.insert(cfg.clone(), l.clone());
                l
            }
        };
        match loaded {
            Some(c) => Resolved::File(c),
            None => Resolved::Broken(cfg),
        }
    }

    /// Configuration errors found since the last call (each broken file once).
    pub fn take_errors(&mut self) -> Vec<ConfigError> {
        std::mem::take(&mut self.errors)
    }

    /// The settings for a file (or stdin, `path` being `--stdin-filename`).
    pub fn config(&self, r: &Resolved, path: Option<&Path>) -> Config {
        let mut c = match r {
            Resolved::File(cf) => cf.for_file(path),
            _ => Config::default(),
        };
        if self.cli_lang.is_some() {
            c.default_lang = self.cli_lang.clone();
        }
        c
    }

    /// The settings for stdin: `--config` applies (its overrides by `--stdin-filename`);
    /// otherwise the defaults.
    pub fn stdin_config(&self, name: Option<&Path>) -> Config {
        match &self.mode {
            Mode::Explicit(c) => self.config(&Resolved::File(c.clone()), name),
            _ => self.config(&Resolved::None, None),
        }
    }

    /// Whether a directory walk lints `path` (see [`ConfigFile::walks`]); a file under a
    /// broken configuration is walked by the built-in extensions, to report it.
    pub fn walks(&mut self, path: &Path) -> Option<(Format, Resolved)> {
        let r = self.resolve(path);
        let fmt = match &r {
            Resolved::File(cf) => match cf.walks(path) {
                Some(f) => f,
                None => {
                    if cf.formats.contains_key(&ext_of(path)) || source::is_walked_ext(path) {
                        self.skipped += 1;
                    }
                    return None;
                }
            },
            _ if source::is_walked_ext(path) => source::format_for_path(path)?,
            _ => return None,
        };
        Some((fmt, r))
    }

    /// The format of a file named on the command line: `[formats]`, then the built-in
    /// extensions (templates included).
    pub fn format_for(&self, r: &Resolved, path: &Path) -> Option<Format> {
        match r {
            Resolved::File(cf) => cf.format_for(path),
            _ => source::format_for_path(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cf(dir: &Path, text: &str) -> ConfigFile {
        let mut c = super::super::parse(&dir.join("consentlint.toml"), text).unwrap();
        c.dir = std::fs::canonicalize(dir).unwrap();
        c
    }

    #[test]
    fn include_exclude_formats_and_overrides() {
        let d = tempfile_dir();
        for f in [
            "a.md",
            "drafts/b.md",
            "da/c.md",
            "t/x.php",
            "t/y.twig",
            "n.txt",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let c = cf(&d, "exclude = [\"drafts\"]\n[formats]\nphp = \"html\"\n");
        assert_eq!(c.walks(&d.join("a.md")), Some(Format::Markdown));
        assert_eq!(c.walks(&d.join("drafts/b.md")), None);
        assert_eq!(c.walks(&d.join("t/x.php")), Some(Format::Html));
        assert_eq!(c.walks(&d.join("t/y.twig")), None, "not mapped, not walked");
        assert_eq!(c.format_for(&d.join("t/y.twig")), Some(Format::Html));
        assert_eq!(c.walks(&d.join("n.txt")), None);
        let c = cf(&d, "include = [\"da/**\", \"*.md\"]\n");
        assert!(c.walks(&d.join("a.md")).is_some());
        assert!(c.walks(&d.join("da/c.md")).is_some());
        assert!(
            c.walks(&d.join("drafts/b.md")).is_none(),
            "* stays in one folder"
        );
        let c = cf(
            &d,
            "language = \"en\"\n[[overrides]]\nfiles = [\"da/**\"]\nlanguage = \"da\"\n[overrides.lints]\nvague-purpose = \"off\"\n[[overrides]]\nfiles = [\"**/c.md\"]\n[overrides.lints.vague-purpose]\nseverity = \"info\"\n",
        );
        let a = c.for_file(Some(&d.join("a.md")));
        assert_eq!(a.default_lang.as_deref(), Some("en"));
        assert!(!a.lints.contains_key("vague-purpose"));
        let da = c.for_file(Some(&d.join("da/c.md")));
        assert_eq!(da.default_lang.as_deref(), Some("da"));
        assert_eq!(
            da.lints.get("vague-purpose"),
            Some(&Some(crate::Severity::Info)),
            "the later override wins"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "consentlint-files-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
