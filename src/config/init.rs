//! `consentlint init`: a commented starter configuration.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A starter `consentlint.toml`: every key, with the defaults commented out, so that the
/// file as written changes nothing.
pub fn starter() -> String {
    let mut s = String::from(
        r#"# consentlint configuration. Every setting is optional; the commented values are the
# defaults or examples, so this file as written changes nothing. consentlint uses the
# nearest consentlint.toml from each linted file's folder upward, up to the repository root.

# The language to assume when a document neither declares nor shows one: "en" or "da".
# language = "en"

# Which files a directory walk lints: globs relative to this file's folder (`*` stays in
# one folder, `**` crosses folders; a pattern that matches a folder covers what is in it).
# By default every .md, .markdown, .html and .htm file, plus the extensions in [formats].
# Files named on the command line are always linted.
# include = ["**/*.md", "**/*.html"]
# exclude = ["drafts/**", "vendor/**"]

# Translation files (JSON or YAML) that components' t('key') calls are looked up in, and
# that are linted as text, instead of the built-in folders (locales/, messages/, i18n/,
# lang/, also under src/ and public/); the language comes from each file's or folder's name.
# locales = ["src/translations/**/*.json"]

# Your own phrase packs (folders of .toml files, or files) that add phrases to the built-in
# phrase lists, in the format of the packs in consentlint's lints/ folder.
# extend-packs = ["consentlint-packs/"]

[lints]
# Per lint: "error", "warning", "info" or "off" (the defaults are shown).
"#,
    );
    let lints = crate::lints::all();
    let width = lints.iter().map(|l| l.id().len()).max().unwrap_or(0);
    for l in lints {
        let p = crate::lints::pack(l.id());
        let sev = p.default_severity.map_or("warning", |s| s.as_str());
        let _ = writeln!(s, "# {:<width$} = \"{sev}\"", l.id());
    }
    for l in lints {
        let p = crate::lints::pack(l.id());
        if p.options.is_empty() {
            continue;
        }
        let sev = p.default_severity.map_or("warning", |s| s.as_str());
        let _ = writeln!(
            s,
            "\n# A table sets the severity and the lint's options (`consentlint explain {}`).",
            l.id()
        );
        let _ = writeln!(s, "# [lints.{}]\n# severity = \"{sev}\"", l.id());
        for (k, v) in &p.options {
            let _ = writeln!(s, "# {k} = {v}");
        }
    }
    s.push_str(
        r#"
# Read more file types, and walk them in directories: extension = "html" or "markdown".
# Template syntax ({{ }}, {% %}, <?php ?>, <% %>) is masked when read as HTML.
[formats]
# php = "html"
# njk = "html"
# twig = "html"
# liquid = "html"
# hbs = "html"
# erb = "html"
# mdx = "markdown"

# Settings for some files only, by globs relative to this file's folder; when several
# match a file, later ones win.
# [[overrides]]
# files = ["da/**"]
# language = "da"
# [overrides.lints]
# narrow-purpose = "off"
"#,
    );
    s
}

/// Write the starter configuration into `dir`; an existing one (`consentlint.toml` or
/// `.consentlint.toml`) is kept unless `force`, which overwrites that file (a second file
/// next to it would silently shadow or be shadowed).
pub fn write_starter(dir: &Path, force: bool) -> Result<PathBuf, String> {
    let existing = super::FILE_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists());
    let path = existing
        .clone()
        .unwrap_or_else(|| dir.join(super::FILE_NAMES[0]));
    if !force && existing.is_some() {
        return Err(format!(
            "{} already exists (use --force to overwrite it)",
            path.display()
        ));
    }
    std::fs::write(&path, starter())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn init_keeps_or_overwrites_the_existing_file_whatever_its_name() {
        let d = std::env::temp_dir().join(format!("consentlint-init-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(".consentlint.toml"), "language = \"da\"\n").unwrap();
        let e = super::write_starter(&d, false).unwrap_err();
        assert!(e.contains(".consentlint.toml already exists"), "{e}");
        assert!(!d.join("consentlint.toml").exists());
        let p = super::write_starter(&d, true).unwrap();
        assert_eq!(p, d.join(".consentlint.toml"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), super::starter());
        assert!(!d.join("consentlint.toml").exists());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn the_starter_parses_and_changes_nothing() {
        let text = super::starter();
        let c = super::super::parse(std::path::Path::new("consentlint.toml"), &text)
            .unwrap_or_else(|e| panic!("{}: {:?}", e.message, e.span.map(|s| &text[s])));
        assert!(c.base.lints.is_empty());
        assert!(c.base.options.is_empty());
        assert!(c.base.default_lang.is_none());
        assert!(c.formats.is_empty() && c.overrides.is_empty() && c.include.is_none());
        for l in crate::lints::all() {
            assert!(text.contains(&format!("# {}", l.id())), "{}", l.id());
        }
        // every commented line is itself valid: uncommented, the file still parses
        let open: String = text
            .lines()
            .map(|l| {
                let l = l.strip_prefix("# ").unwrap_or(l);
                let key = l.split_once(" = ").map(|(k, _)| k.trim());
                let is_key = key.is_some_and(|k| {
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                });
                if l.starts_with('[') || is_key {
                    l
                } else {
                    ""
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        // the short and the table form of buried-consent cannot both stand: drop the short one
        let open = open.replacen("buried-consent", "# buried-consent", 1);
        super::super::parse(std::path::Path::new("consentlint.toml"), &open)
            .unwrap_or_else(|e| panic!("{}: {:?}\n{open}", e.message, e.span.map(|s| &open[s])));
    }
}
