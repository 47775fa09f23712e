#![no_main]
//! Any bytes, read by the component readers: the first byte picks JSX, Vue, Svelte, Astro,
//! MDX, a JSON/YAML translation file or plain text, the rest is the file (invalid UTF-8 replaced). The
//! span contract is checked on the document model and the findings, and again with a locale
//! whose texts stand in for `t('k')` calls (the substitution path), and for translation
//! files on every value the reader returns (its offset map must cover exactly its span).
use libfuzzer_sys::fuzz_target;

use consentlint::{Config, Format};

#[path = "common.rs"]
mod common;

const FORMATS: [Format; 8] = [
    Format::Jsx,
    Format::Vue,
    Format::Svelte,
    Format::Astro,
    Format::Mdx,
    Format::Json,
    Format::Yaml,
    Format::Text,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = FORMATS[pick as usize % FORMATS.len()];
    let src = String::from_utf8_lossy(rest);
    let src: &str = &src;
    common::check(src, format);
    match format {
        Format::Json | Format::Yaml => {
            if let Ok(entries) = consentlint::locales::read(src, format) {
                for e in entries {
                    assert!(e.span.start <= e.span.end && e.span.end <= src.len());
                    assert!(src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end));
                    if !e.text.is_empty() {
                        let whole = e.map.span(&e.text, 0..e.text.len());
                        assert_eq!(whole, e.span, "value {:?}", e.key);
                    }
                }
            }
            if let Ok(l) = consentlint::lint_locale(src, format, Some("da"), &Config::default()) {
                for d in &l.diagnostics {
                    assert!(d.span.start < d.span.end && d.span.end <= src.len());
                }
            }
        }
        _ => {
            let texts = [
                ("k", "Ja tak, send mig tilbud fra vores partnere"),
                ("a.b", "Send me offers & news"),
                ("signup.optin", "æøå 😀"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let loc = consentlint::Locale::new("da", "locales/da.json", texts);
            let l = consentlint::lint_with_locales(src, format, &Config::default(), &[loc]);
            for d in &l.diagnostics {
                assert!(d.span.start < d.span.end && d.span.end <= src.len());
                assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
                for lb in &d.labels {
                    assert!(lb.span.end <= src.len() && src.is_char_boundary(lb.span.start));
                }
            }
        }
    }
});
