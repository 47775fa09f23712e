//! Every token pattern in the packs carries examples (LanguageTool's habit): each
//! `fires` sentence must be flagged by its lint with a span that overlaps a match of that
//! pattern, and each `silent` sentence must get no finding of that lint. Run for both
//! languages, as Markdown and as an HTML paragraph.

use consentlint::analysis::pattern::Compiled;
use consentlint::analysis::tokens::tokenize;
use consentlint::analysis::Lang;
use consentlint::{lint, Config, Format};

fn html(s: &str, lang: &str) -> String {
    let esc = s.replace('&', "&amp;").replace('<', "&lt;");
    format!("<!doctype html><html lang=\"{lang}\"><body><p>{esc}</p></body></html>")
}

#[test]
fn every_pattern_example_holds() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for pack in consentlint::packs::embedded() {
        for def in &pack.patterns {
            let lang =
                Lang::from_code(&def.lang).expect("pack languages are checked at build time");
            let compiled = Compiled::get(lang);
            let pattern = compiled
                .patterns
                .iter()
                .find(|p| p.pack == pack.id && p.name == def.name)
                .unwrap_or_else(|| panic!("{}: pattern {} not compiled", pack.id, def.name));
            let config = Config {
                default_lang: Some(def.lang.clone()),
                ..Config::default()
            };
            for (format, wrap) in [
                (Format::Markdown, None),
                (Format::Html, Some(def.lang.as_str())),
            ] {
                for ex in &def.fires {
                    checked += 1;
                    let src = match wrap {
                        Some(l) => html(ex, l),
                        None => ex.clone(),
                    };
                    let toks = tokenize(&src, 0..src.len(), lang);
                    let matches: Vec<_> = compiled
                        .find(std::iter::once(pattern), &toks)
                        .into_iter()
                        .map(|m| m.range)
                        .collect();
                    if matches.is_empty() {
                        failures.push(format!(
                            "{}/{} ({format:?}): pattern does not match its example {ex:?}",
                            pack.id, def.name
                        ));
                        continue;
                    }
                    if pack.is_concept() {
                        continue;
                    }
                    let diags = lint(&src, format, &config);
                    let hit = diags.iter().any(|d| {
                        d.lint == pack.id
                            && matches
                                .iter()
                                .any(|m| m.start < d.span.end && d.span.start < m.end)
                    });
                    if !hit {
                        let got: Vec<String> = diags
                            .iter()
                            .map(|d| format!("{} {:?}", d.lint, &src[d.span.clone()]))
                            .collect();
                        failures.push(format!(
                            "{}/{} ({format:?}): {ex:?} must fire through the pattern; got {got:?}",
                            pack.id, def.name
                        ));
                    }
                }
                for ex in &def.silent {
                    checked += 1;
                    let src = match wrap {
                        Some(l) => html(ex, l),
                        None => ex.clone(),
                    };
                    if pack.is_concept() {
                        // a concept pattern is checked on its own: it must not match
                        let toks = tokenize(&src, 0..src.len(), lang);
                        if let Some(m) = compiled.find(std::iter::once(pattern), &toks).first() {
                            failures.push(format!(
                                "{}/{} ({format:?}): pattern matches its silent example {ex:?} at {:?}",
                                pack.id,
                                def.name,
                                &src[m.range.clone()]
                            ));
                        }
                        continue;
                    }
                    let diags = lint(&src, format, &config);
                    if let Some(d) = diags.iter().find(|d| d.lint == pack.id) {
                        failures.push(format!(
                            "{}/{} ({format:?}): {ex:?} must stay silent; got {:?}",
                            pack.id,
                            def.name,
                            &src[d.span.clone()]
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no pattern examples found");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
