//! Translation files (issue #11): JSON and YAML locale files read with exact spans, linted
//! as text in their locale's language, and the secondary span a component's finding gets
//! in the translation file, in every output (human, JSON, SARIF); `locales` in
//! consentlint.toml; package.json and other JSON stay silent and unread.

use std::path::Path;

use consentlint::{Config, Format};
use serde_json::Value;

mod common;
use common::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/components/locales")
            .join(name),
    )
    .unwrap()
}

/// (lint, sliced span) of linting a translation file, checking the span contract.
fn findings(src: &str, format: Format, lang: &str) -> Vec<(String, String)> {
    let l = consentlint::lint_locale(src, format, Some(lang), &Config::default()).unwrap();
    l.diagnostics
        .iter()
        .map(|d| {
            assert!(d.span.start < d.span.end && d.span.end <= src.len());
            assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
            (d.lint.to_string(), src[d.span.clone()].to_string())
        })
        .collect()
}

#[test]
fn danish_json_values_are_linted_in_danish_spans_across_escapes() {
    let src = fixture("da.json");
    let got = findings(&src, Format::Json, "da");
    let value = "Ved at oprette en konto accepterer du, at vi videregiver dine oplysninger til vores samarbejdspartnere til markedsf\\u00f8ring.";
    assert!(
        got.contains(&("third-party-marketing".into(), value.into())),
        "{got:?}"
    );
    // the short UI strings say nothing
    assert!(got.iter().all(|(_, t)| t == value), "{got:?}");
    let l = consentlint::lint_locale(&src, Format::Json, Some("da"), &Config::default()).unwrap();
    assert_eq!(l.language, Some("da"));
}

#[test]
fn english_yaml_values_are_linted_with_spans_across_folded_lines() {
    let src = fixture("en.yml");
    let got = findings(&src, Format::Yaml, "en");
    assert!(
        got.contains(&(
            "vague-purpose".into(),
            "to improve\n      our services".into()
        )),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(l, t)| l == "third-party-marketing"
            && t.starts_with("By creating an account")
            && t.ends_with("for their marketing.")),
        "{got:?}"
    );
}

#[test]
fn silent_translation_files_stay_silent() {
    for (name, format, lang) in [
        ("en-GB.json", Format::Json, "en-GB"),
        ("da-DK.yml", Format::Yaml, "da-DK"),
    ] {
        let got = findings(&fixture(name), format, lang);
        assert!(got.is_empty(), "{name}: {got:?}");
    }
}

#[test]
fn malformed_translation_files_are_errors_not_panics() {
    for (src, f) in [
        ("{ \"a\": \"x\", }", Format::Json),
        ("{ \"a\": \"unterminated }", Format::Json),
        ("a:\n  b: 'open\n", Format::Yaml),
        ("a:\n\tb: x\n", Format::Yaml),
    ] {
        let e = consentlint::lint_locale(src, f, Some("da"), &Config::default()).unwrap_err();
        assert!(e.starts_with("line "), "{e}");
        // the plain entry point reads nothing and does not panic
        assert!(consentlint::lint(src, f, &Config::default()).is_empty());
    }
}

/// A next-intl app: messages/da.json and a component with `t('signup.newsletter_optin')`.
fn next_intl_repo(d: &Path) -> (String, String) {
    std::fs::create_dir_all(d.join(".git")).unwrap();
    let da = fixture("da.json");
    write(d, "messages/da.json", &da);
    let tsx = "import { useTranslations } from 'next-intl';\nexport default function Signup() {\n  const t = useTranslations();\n  return (\n    <form>\n      <label><input type=\"checkbox\" name=\"optin\" defaultChecked /> {t('signup.newsletter_optin')}</label>\n      <label><input type=\"checkbox\" name=\"terms\" /> {t('signup.terms')}</label>\n    </form>\n  );\n}\n";
    write(d, "app/signup/page.tsx", tsx);
    write(
        d,
        "package.json",
        "{ \"name\": \"shop\", \"description\": \"Ved at oprette en konto accepterer du, at vi videregiver dine oplysninger til vores samarbejdspartnere til markedsføring.\" }\n",
    );
    write(d, "tsconfig.json", "{ \"compilerOptions\": {} }\n");
    write(d, "messages/schema.json", "{ \"x\": \"Ved at oprette en konto accepterer du, at vi videregiver dine oplysninger til vores samarbejdspartnere til markedsføring.\" }\n");
    (da, tsx.to_string())
}

#[test]
fn component_finding_has_a_related_span_in_the_translation_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (da, tsx) = next_intl_repo(d);
    let o = run_in(d, &["--format", "json", "."]);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    let mut paths: Vec<String> = files(&v)
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string()
        })
        .collect();
    paths.sort();
    // package.json, tsconfig.json and a JSON not named for a language are not translation files
    assert_eq!(paths, vec!["app/signup/page.tsx", "messages/da.json"]);
    let page = file(&v, "./app/signup/page.tsx");
    let pre = all_diags(page)
        .iter()
        .find(|x| x["lint"] == "pre-checked-consent")
        .unwrap();
    let s = pre["span"]["start"].as_u64().unwrap() as usize;
    let e = pre["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&tsx[s..e], "defaultChecked");
    let rel = pre["related"].as_array().expect("related");
    assert_eq!(rel.len(), 1, "{pre:#}");
    let r = &rel[0];
    assert!(
        r["path"].as_str().unwrap().ends_with("messages/da.json"),
        "{r}"
    );
    let rs = r["span"]["start"].as_u64().unwrap() as usize;
    let re = r["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&da[rs..re], "Ja tak, send mig tilbud fra vores partnere");
    assert_eq!(r["span"]["line"], 3);
    assert_eq!(r["span"]["column"], 26);
    assert_eq!(r["message"], "'signup.newsletter_optin' (da)");
    // the label at the call is still there (the old contract)
    assert!(pre["labels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["message"]
            .as_str()
            .unwrap()
            .starts_with("'signup.newsletter_optin' in ")));
    // the translation file's own finding is reported there, once: not again at the call
    let da_file = file(&v, "./messages/da.json");
    let tpm: Vec<&Value> = all_diags(da_file)
        .iter()
        .filter(|x| x["lint"] == "third-party-marketing")
        .collect();
    assert_eq!(tpm.len(), 1);
    assert_eq!(da_file["language"], "da");
    assert!(!all_diags(page)
        .iter()
        .any(|x| x["lint"] == "third-party-marketing"));
    // diagnostics without related spans have no `related` field (output unchanged for them)
    assert!(all_diags(da_file)
        .iter()
        .all(|x| x.get("related").is_none()));
}

/// next-intl's usual form: `useTranslations('signup')` sets the namespace, `t('optin')` is
/// `signup.optin`; the ticked box is named by its translated label, not by the nearest
/// other text (a button's 'Opret').
#[test]
fn next_intl_namespace_and_the_translated_label_name_the_box() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(d, "messages/da.json", &fixture("da.json"));
    let tsx = "import { useTranslations } from 'next-intl';\nexport default function Signup() {\n  const t = useTranslations('signup');\n  return (\n    <form>\n      <label><input type=\"checkbox\" name=\"optin\" defaultChecked /> {t('newsletter_optin')}</label>\n      <button>Opret</button>\n    </form>\n  );\n}\n";
    write(d, "app/signup/page.tsx", tsx);
    let o = run_in(d, &["--format", "json", "app/signup/page.tsx"]);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    let page = file(&v, "app/signup/page.tsx");
    let pre = all_diags(page)
        .iter()
        .find(|x| x["lint"] == "pre-checked-consent")
        .cloned()
        .unwrap();
    let msg = pre["message"].as_str().unwrap();
    assert!(msg.contains("Ja tak, send mig tilbud"), "{msg}");
    assert!(!msg.contains("Opret"), "{msg}");
    let rel = pre["related"].as_array().expect("related");
    assert_eq!(rel[0]["message"], "'signup.newsletter_optin' (da)");
}

#[test]
fn related_span_in_sarif_and_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    next_intl_repo(d);
    let o = run_in(d, &["--format", "sarif", "app/signup/page.tsx"]);
    let v = json(&o);
    let res = v["runs"][0]["results"].as_array().unwrap();
    let pre = res
        .iter()
        .find(|r| r["ruleId"] == "pre-checked-consent")
        .unwrap();
    let locs = pre["relatedLocations"].as_array().unwrap();
    let there = locs
        .iter()
        .find(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("messages/da.json")
        })
        .unwrap_or_else(|| panic!("{locs:#?}"));
    assert_eq!(there["physicalLocation"]["region"]["startLine"], 3);
    assert_eq!(there["physicalLocation"]["region"]["startColumn"], 26);
    assert_eq!(there["physicalLocation"]["region"]["byteLength"], 42);
    let o = run_in(d, &["app/signup/page.tsx"]);
    let out = stdout(&o);
    assert!(
        out.contains("note: 'signup.newsletter_optin' (da) at ./messages/da.json:3:26")
            || out.contains("note: 'signup.newsletter_optin' (da) at messages/da.json:3:26"),
        "{out}"
    );
    assert!(
        out.contains("\"newsletter_optin\": \"Ja tak, send mig tilbud fra vores partnere\","),
        "{out}"
    );
}

#[test]
fn yaml_translations_of_a_vue_i18n_app() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    let yml = "da:\n  optin: Ja tak, send mig nyhedsbrevet med tilbud\n";
    write(d, "src/locales/da.yml", yml);
    let vue = "<template>\n  <label><input type=\"checkbox\" :checked=\"true\"> {{ $t('optin') }}</label>\n</template>\n";
    write(d, "src/components/Optin.vue", vue);
    let o = run_in(d, &["--format", "json", "src/components/Optin.vue"]);
    let v = json(&o);
    let f = &files(&v)[0];
    let pre = all_diags(f)
        .iter()
        .find(|x| x["lint"] == "pre-checked-consent")
        .unwrap_or_else(|| panic!("{v:#}"));
    let r = &pre["related"][0];
    let s = r["span"]["start"].as_u64().unwrap() as usize;
    let e = r["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&yml[s..e], "Ja tak, send mig nyhedsbrevet med tilbud");
}

#[test]
fn locales_set_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        d,
        "consentlint.toml",
        "locales = [\"src/translations/**/*.json\"]\n",
    );
    let da = "{ \"optin\": \"Ja tak, send mig tilbud fra vores partnere\" }\n";
    write(d, "src/translations/da.json", da);
    let tsx = "export const S = ({ t }) => (\n  <label><input type=\"checkbox\" defaultChecked /> {t('optin')}</label>\n);\n";
    write(d, "src/Signup.tsx", tsx);
    let o = run_in(d, &["--format", "json", "."]);
    let v = json(&o);
    let mut paths: Vec<String> = files(&v)
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string()
        })
        .collect();
    paths.sort();
    assert_eq!(paths, vec!["src/Signup.tsx", "src/translations/da.json"]);
    let page = file(&v, "./src/Signup.tsx");
    let pre = all_diags(page)
        .iter()
        .find(|x| x["lint"] == "pre-checked-consent")
        .unwrap_or_else(|| panic!("{v:#}"));
    let r = &pre["related"][0];
    let s = r["span"]["start"].as_u64().unwrap() as usize;
    let e = r["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&da[s..e], "Ja tak, send mig tilbud fra vores partnere");
    // a typo in the key: an error that points into the file, with a suggestion
    write(
        d,
        "consentlint.toml",
        "locale = [\"src/translations/**/*.json\"]\n",
    );
    let o = run_in(d, &["--format", "json", "."]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("unknown key `locale`; did you mean `locales`?"),
        "{err}"
    );
    // a bad glob: the error points at the pattern
    write(d, "consentlint.toml", "locales = [\"src/[.json\"]\n");
    let o = run_in(d, &["."]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("bad glob \"src/[.json\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_malformed_translation_file_is_a_file_error_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "locales/da.json", "{ \"optin\": \"Ja tak\", }\n");
    write(d, "locales/en.yml", "en:\n  optin: 'open\n");
    let html = "<label><input type=\"checkbox\" checked> Send me offers</label>\n";
    write(d, "index.html", html);
    let o = run_in(d, &["--format", "json", "."]);
    let v = json(&o);
    let da = file(&v, "./locales/da.json");
    assert_eq!(da["error"]["kind"], "invalid-locale-file");
    assert!(
        da["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1, column"),
        "{da}"
    );
    assert_eq!(
        file(&v, "./locales/en.yml")["error"]["kind"],
        "invalid-locale-file"
    );
    assert!(!all_diags(file(&v, "./index.html")).is_empty());
}
