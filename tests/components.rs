//! Components (issue #11): JSX/TSX, Vue, Svelte, Astro and Angular templates read into
//! the document model, linted with spans exact into the component file. The library is
//! called directly, and the real binary runs over files and a small website repository
//! built in a temporary folder.

use std::path::Path;

use consentlint::{lint, Config, Diagnostic, Format, Severity};
use serde_json::Value;

mod common;
use common::*;

const ID: &str = "pre-checked-consent";

fn pre_checked(src: &str, format: Format) -> Vec<Diagnostic> {
    lint(src, format, &Config::default())
        .into_iter()
        .filter(|d| d.lint == ID)
        .collect()
}

/// The sliced spans of the pre-checked-consent findings, checking the span contract.
fn spans(src: &str, format: Format) -> Vec<String> {
    pre_checked(src, format)
        .iter()
        .map(|d| {
            assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
            src[d.span.clone()].to_string()
        })
        .collect()
}

/// The sliced secondary labels of a finding.
fn labels(src: &str, d: &Diagnostic) -> Vec<String> {
    d.labels
        .iter()
        .map(|l| src[l.span.clone()].to_string())
        .collect()
}

fn react(body: &str) -> String {
    format!(
        "import {{ useState }} from \"react\";\nexport default function Form() {{\n  const [on, setOn] = useState(true);\n  const [off, setOff] = useState(false);\n  return (\n    <form>\n      {body}\n    </form>\n  );\n}}\n"
    )
}

// ------------------------------------------------------------------ JSX

#[test]
fn issue_example_tsx_fires_on_default_checked() {
    let src = r#"export const Signup = () => (
  <label><input type="checkbox" name="newsletter" defaultChecked /> Yes, send me offers and news from our partners</label>
);
"#;
    let d = pre_checked(src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(&src[d[0].span.clone()], "defaultChecked");
    assert_eq!(d[0].severity, Severity::Error);
    assert!(labels(src, &d[0])
        .iter()
        .any(|l| l == "Yes, send me offers and news from our partners"));
}

#[test]
fn jsx_checked_forms_fire_with_exact_spans() {
    let label = "Send me the newsletter with offers";
    for attr in [
        "checked",
        "defaultChecked",
        "checked={true}",
        "defaultChecked={true}",
        "checked={ true }",
        "checked={on}",
        "defaultChecked={!0}",
    ] {
        let src = react(&format!(
            r#"<label><input type="checkbox" name="newsletter" {attr} /> {label}</label>"#
        ));
        let d = pre_checked(&src, Format::Jsx);
        assert_eq!(d.len(), 1, "{attr}: {d:?}");
        assert_eq!(&src[d[0].span.clone()], attr, "{attr}");
        assert_eq!(d[0].severity, Severity::Error, "{attr}");
        if attr == "checked={on}" {
            // the initial value is shown as a secondary label
            assert!(
                labels(&src, &d[0]).iter().any(|l| l == "true"),
                "{:?}",
                d[0]
            );
        }
    }
}

#[test]
fn jsx_unchecked_forms_stay_silent() {
    for attr in [
        "",
        "checked={false}",
        "defaultChecked={false}",
        "checked={off}",
        "checked={null}",
        "{...rest}",
    ] {
        let src = react(&format!(
            r#"<label><input type="checkbox" name="newsletter" {attr} /> Send me the newsletter with offers</label>"#
        ));
        assert!(spans(&src, Format::Jsx).is_empty(), "{attr}");
    }
}

#[test]
fn jsx_undecidable_state_is_template_info() {
    let src = react(
        r#"<label><input type="checkbox" checked={props.optIn && !user.blocked} /> Send me the newsletter with offers</label>"#,
    );
    let d = pre_checked(&src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(
        &src[d[0].span.clone()],
        "checked={props.optIn && !user.blocked}"
    );
    // a prop passed in from elsewhere is not decidable from the file either
    let src = react(
        r#"<label><input type="checkbox" defaultChecked={subscribed} /> Send me the newsletter with offers</label>"#,
    );
    let d = pre_checked(&src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].severity, Severity::Info);
}

#[test]
fn component_library_boxes_and_switches() {
    let cases = [
        (
            r#"<Checkbox id="n" defaultChecked /><Label htmlFor="n">Send me the newsletter with offers</Label>"#,
            "defaultChecked",
        ),
        (
            r#"<Switch id="n" defaultChecked={true} /><label htmlFor="n">Send me the newsletter with offers</label>"#,
            "defaultChecked={true}",
        ),
        (
            r#"<Checkbox.Root id="n" defaultChecked><Checkbox.Indicator /></Checkbox.Root><label htmlFor="n">Send me the newsletter with offers</label>"#,
            "defaultChecked",
        ),
        (
            r#"<CheckboxPrimitive.Root checked={on} id="n" /><label htmlFor="n">Send me the newsletter with offers</label>"#,
            "checked={on}",
        ),
        (
            r#"<Checkbox isChecked>Send me the newsletter with offers</Checkbox>"#,
            "isChecked",
        ),
        (
            r#"<Checkbox defaultSelected>Send me the newsletter with offers</Checkbox>"#,
            "defaultSelected",
        ),
        (
            r#"<Checkbox label="Send me the newsletter with offers" defaultChecked />"#,
            "defaultChecked",
        ),
        (
            r#"<FormControlLabel control={<Checkbox defaultChecked />} label="Send me the newsletter with offers" />"#,
            "defaultChecked",
        ),
        (
            r#"<FormControlLabel control={<Switch checked={on} />} label={"Send me the newsletter with offers"} />"#,
            "checked={on}",
        ),
    ];
    for (body, want) in cases {
        let src = react(body);
        assert_eq!(spans(&src, Format::Jsx), vec![want.to_string()], "{body}");
    }
    // the same without a checked prop, or for a remembered login, is silent
    for body in [
        r#"<Checkbox id="n" /><Label htmlFor="n">Send me the newsletter with offers</Label>"#,
        r#"<FormControlLabel control={<Checkbox />} label="Send me the newsletter with offers" />"#,
        r#"<FormControlLabel control={<Checkbox defaultChecked />} label="Remember me" />"#,
        r#"<Switch defaultChecked>Dark mode</Switch>"#,
    ] {
        assert!(spans(&react(body), Format::Jsx).is_empty(), "{body}");
    }
}

#[test]
fn react_hook_form_default_values_decide_registered_boxes() {
    let src = r#"import { useForm } from "react-hook-form";
export function Signup() {
  const { register } = useForm({ defaultValues: { newsletter: true, terms: false } });
  return (
    <form>
      <label><input type="checkbox" {...register("newsletter")} /> Send me the newsletter with offers</label>
      <label><input type="checkbox" {...register("partners")} /> Share my details with partners for marketing</label>
    </form>
  );
}
"#;
    let d = pre_checked(src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(&src[d[0].span.clone()], r#"{...register("newsletter")}"#);
    assert!(labels(src, &d[0]).iter().any(|l| l == "true"));
}

#[test]
fn jsx_danish_text_spans_on_utf8_boundaries() {
    let src = "export default function Tilmeld() {\n  return (\n    <div lang=\"da\">\n      <h2>Tilmeld dig – få fordele først</h2>\n      <label>\n        <input type=\"checkbox\" name=\"nyhedsbrev\" defaultChecked />\n        Ja tak, send mig nyhedsbrevet med tilbud og rabatter på æbler, øl og ål\n      </label>\n    </div>\n  );\n}\n";
    let d = pre_checked(src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(&src[d[0].span.clone()], "defaultChecked");
    assert!(labels(src, &d[0])
        .iter()
        .any(|l| l.starts_with("Ja tak, send mig nyhedsbrevet") && l.ends_with("ål")));
}

#[test]
fn jsx_text_and_string_children_are_text_and_expressions_masked() {
    // a consent sentence in JSX text is linted like HTML text; `{t('x')}` is not text
    let src = r#"export const Banner = () => (
  <div>
    <p>By continuing to browse this site you consent to our use of your data for marketing.</p>
    <p>{t("cookie.banner")}</p>
  </div>
);
"#;
    let d = lint(src, Format::Jsx, &Config::default());
    let implied: Vec<&Diagnostic> = d.iter().filter(|d| d.lint == "implied-consent").collect();
    assert!(!implied.is_empty(), "{d:?}");
    for x in &d {
        assert!(!src[x.span.clone()].contains("t(\""), "{x:?}");
    }
}

#[test]
fn jsx_suppression_comment() {
    let src = react(
        r#"{/* consentlint-disable-next-line pre-checked-consent -- unticked on mount */}
      <label><input type="checkbox" name="newsletter" defaultChecked /> Send me the newsletter with offers</label>"#,
    );
    let d = lint(&src, Format::Jsx, &Config::default());
    assert!(d.iter().all(|d| d.lint != ID), "{d:?}");
    assert!(d.iter().all(|d| d.lint != "unused-suppression"), "{d:?}");
    // a suppression with nothing to suppress is reported
    let src = react(
        r#"{/* consentlint-disable-next-line pre-checked-consent */}
      <label><input type="checkbox" name="newsletter" /> Send me the newsletter with offers</label>"#,
    );
    let d = lint(&src, Format::Jsx, &Config::default());
    assert!(d.iter().any(|d| d.lint == "unused-suppression"), "{d:?}");
}

#[test]
fn jsx_fix_removes_the_attribute() {
    for attr in ["defaultChecked", "checked={true}", "defaultChecked={true}"] {
        let src = react(&format!(
            r#"<label><input type="checkbox" name="newsletter" {attr} /> Send me the newsletter with offers</label>"#
        ));
        let d = lint(&src, Format::Jsx, &Config::default());
        let (fixed, n) = consentlint::fix::apply(&src, &d).expect("a fix");
        assert!(n >= 1);
        assert!(
            fixed.contains(r#"<input type="checkbox" name="newsletter" />"#),
            "{fixed}"
        );
        assert!(spans(&fixed, Format::Jsx).is_empty(), "{fixed}");
    }
}

#[test]
fn bound_boxes_get_no_fix_literal_bindings_do() {
    let src = react(
        r#"<label><input type="checkbox" checked={on} onChange={() => setOn(!on)} /> Send me the newsletter with offers</label>"#,
    );
    let d = pre_checked(&src, Format::Jsx);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].fix.is_none(),
        "deleting the binding would break the form"
    );
    let src = "<template><label><input type=\"checkbox\" :checked=\"true\"> Send me the newsletter with offers</label></template>\n";
    let d = lint(src, Format::Vue, &Config::default());
    let (fixed, _) = consentlint::fix::apply(src, &d).expect("a fix");
    assert!(fixed.contains("<input type=\"checkbox\">"), "{fixed}");
}

#[test]
fn jsx_without_markup_and_broken_jsx_are_harmless() {
    assert!(lint(
        "export function useX() { return 1 < 2; }\n",
        Format::Jsx,
        &Config::default()
    )
    .is_empty());
    assert!(lint("", Format::Jsx, &Config::default()).is_empty());
    // a syntax error does not panic; what parsed is read
    let _ = lint(
        "export default () => <label><input defaultChecked> Send me offers",
        Format::Jsx,
        &Config::default(),
    );
    // a TypeScript generic arrow and a cast are not tags
    let src = "const id = <T,>(x: T) => x;\nconst n = (y as number) < 3;\n";
    assert!(lint(src, Format::Jsx, &Config::default()).is_empty());
}

// ------------------------------------------------------------------ Vue, Svelte, Astro, Angular

#[test]
fn vue_forms() {
    let src = r#"<template>
  <div>
    <label><input type="checkbox" v-model="news"> Send me the newsletter with offers</label>
    <label><input type="checkbox" :checked="true"> Send me offers from our partners</label>
    <label><input type="checkbox" v-bind:checked="true"> Send me promotional e-mails</label>
    <v-checkbox :model-value="true" label="Send me SMS offers and discount codes" />
    <label><input type="checkbox" :checked="false"> Send me the partner newsletter</label>
    <label><input type="checkbox" v-model="other"> Send me more offers</label>
    <p>{{ "<input checked>" }}</p>
  </div>
</template>
<script setup>
import { ref } from 'vue'
const news = ref(true)
const other = ref([])
</script>
"#;
    assert_eq!(
        spans(src, Format::Vue),
        vec![
            r#"v-model="news""#,
            r#":checked="true""#,
            r#"v-bind:checked="true""#,
            r#":model-value="true""#
        ]
    );
    let d = pre_checked(src, Format::Vue);
    assert!(labels(src, &d[0]).iter().any(|l| l == "true"));
}

#[test]
fn vue_template_comment_suppresses() {
    let src = r#"<template>
  <!-- consentlint-disable-next pre-checked-consent -- unticked by the store -->
  <label><input type="checkbox" :checked="true"> Send me the newsletter with offers</label>
</template>
"#;
    let d = lint(src, Format::Vue, &Config::default());
    assert!(
        d.iter()
            .all(|d| d.lint != ID && d.lint != "unused-suppression"),
        "{d:?}"
    );
}

#[test]
fn svelte_forms() {
    let src = r#"<script>
  let news = true;
  let partners = $state(false);
</script>
{#if show}
<label><input type="checkbox" bind:checked={news} /> Send me the newsletter with offers</label>
{/if}
<label><input type="checkbox" checked={true} /> Send me SMS offers and discount codes</label>
<label><input type="checkbox" checked /> Send me promotional e-mails</label>
<label><input type="checkbox" bind:checked={partners} /> Share my details with partners for marketing</label>
<button on:click={() => (count = count > 1 ? 0 : 1)}>Go</button>
"#;
    assert_eq!(
        spans(src, Format::Svelte),
        vec!["bind:checked={news}", "checked={true}", "checked"]
    );
}

#[test]
fn astro_frontmatter_masked() {
    let src = r#"---
const html = "<label><input type=checkbox checked> Send me offers</label>";
const on = true;
---
<label><input type="checkbox" checked={on} /> Send me the newsletter with offers</label>
<p>{html}</p>
"#;
    assert_eq!(spans(src, Format::Astro), vec!["checked={on}"]);
}

#[test]
fn angular_bindings_in_html() {
    let src = r#"<label><input type="checkbox" [checked]="true"> Send me the newsletter with offers</label>
<label><input type="checkbox" [checked]="false"> Send me offers from partners</label>
<label><input type="checkbox" [(ngModel)]="model.news"> Send me promotional e-mails</label>
<mat-checkbox [checked]="true">Send me SMS offers and discount codes</mat-checkbox>
"#;
    let d = pre_checked(src, Format::Html);
    let got: Vec<(&str, Severity)> = d
        .iter()
        .map(|d| (&src[d.span.clone()], d.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (r#"[checked]="true""#, Severity::Error),
            (r#"[(ngModel)]="model.news""#, Severity::Info),
            (r#"[checked]="true""#, Severity::Error)
        ]
    );
}

// ------------------------------------------------------------------ the binary

fn pre_checked_spans(v: &Value, path: &str, src: &str) -> Vec<String> {
    let entry = files(v)
        .iter()
        .find(|f| f["path"] == path || f["path"] == format!("./{path}"))
        .unwrap_or_else(|| panic!("no {path}"));
    all_diags(entry)
        .iter()
        .filter(|d| d["lint"] == ID)
        .map(|d| {
            let s = d["span"]["start"].as_u64().unwrap() as usize;
            let e = d["span"]["end"].as_u64().unwrap() as usize;
            src[s..e].to_string()
        })
        .collect()
}

#[test]
fn binary_reads_a_named_tsx_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = "export const Signup = () => (\n  <label><input type=\"checkbox\" name=\"newsletter\" defaultChecked /> Yes, send me offers and news from our partners</label>\n);\n";
    write(dir.path(), "Signup.tsx", src);
    let o = run_in(dir.path(), &["--format", "json", "Signup.tsx"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let v = json(&o);
    let f = file(&v, "Signup.tsx");
    assert_eq!(f["format"], "jsx");
    assert!(f["error"].is_null());
    assert_eq!(
        pre_checked_spans(&v, "Signup.tsx", src),
        vec!["defaultChecked"]
    );
    // --fix removes it
    let o = run_in(dir.path(), &["--fix", "Signup.tsx"]);
    assert_no_panic(&o);
    let fixed = std::fs::read_to_string(dir.path().join("Signup.tsx")).unwrap();
    assert!(
        fixed.contains("name=\"newsletter\" />") && !fixed.contains("defaultChecked"),
        "{fixed}"
    );
}

/// A small website repository laid out as the frameworks' starters do: a Next.js app
/// router app, a Vue 3 app, a SvelteKit app and an Astro site, with files that must be
/// skipped (node_modules, a hook without markup, plain .ts).
#[test]
fn binary_walks_a_website_repository() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, ".gitignore", "node_modules/\n.next/\n");
    let next_page = "import NewsletterForm from \"@/components/NewsletterForm\";\n\nexport default function Page() {\n  return (\n    <main>\n      <h1>Sign up</h1>\n      <NewsletterForm />\n    </main>\n  );\n}\n";
    write(d, "next-app/app/signup/page.tsx", next_page);
    let next_form = "'use client';\nimport { useState } from 'react';\nimport { Checkbox } from '@/components/ui/checkbox';\nimport { Label } from '@/components/ui/label';\n\nexport default function NewsletterForm() {\n  const [news, setNews] = useState(true);\n  return (\n    <form>\n      <div className=\"flex gap-2\">\n        <Checkbox id=\"news\" checked={news} onCheckedChange={(v) => setNews(v === true)} />\n        <Label htmlFor=\"news\">Send me the newsletter with offers from our partners</Label>\n      </div>\n      <div className=\"flex gap-2\">\n        <Checkbox id=\"remember\" defaultChecked />\n        <Label htmlFor=\"remember\">Remember me</Label>\n      </div>\n    </form>\n  );\n}\n";
    write(d, "next-app/components/NewsletterForm.tsx", next_form);
    write(
        d,
        "next-app/lib/useAuth.ts",
        "export function useAuth() { return { user: null }; }\n",
    );
    write(
        d,
        "next-app/hooks/useToggle.tsx",
        "import { useState } from 'react';\nexport function useToggle(v = false) { const [on, set] = useState(v); return [on, () => set(!on)] as const; }\n",
    );
    write(
        d,
        "next-app/node_modules/lib/Checkbox.jsx",
        "export const X = () => <input type=\"checkbox\" name=\"newsletter\" defaultChecked />;\n",
    );
    let vue = "<template>\n  <form lang=\"da\">\n    <label><input type=\"checkbox\" v-model=\"nyhedsbrev\"> Ja tak, send mig nyhedsbrevet med tilbud</label>\n  </form>\n</template>\n\n<script setup lang=\"ts\">\nimport { ref } from 'vue'\nconst nyhedsbrev = ref(true)\n</script>\n";
    write(d, "vue-app/src/components/Signup.vue", vue);
    write(
        d,
        "vue-app/src/main.ts",
        "import { createApp } from 'vue'\ncreateApp({}).mount('#app')\n",
    );
    let svelte = "<script>\n  let offers = true;\n</script>\n\n<label><input type=\"checkbox\" bind:checked={offers} /> Send me offers by e-mail</label>\n";
    write(d, "svelte-app/src/routes/+page.svelte", svelte);
    let astro = "---\nimport Layout from '../layouts/Layout.astro';\n---\n<Layout title=\"Tilmeld\">\n  <label><input type=\"checkbox\" name=\"nyhedsbrev\" checked /> Send mig nyhedsbrevet med tilbud</label>\n</Layout>\n";
    write(d, "astro-site/src/pages/index.astro", astro);
    let o = run_in(d, &["--format", "json", "."]);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    let mut got: Vec<String> = files(&v)
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            p.strip_prefix("./").unwrap_or(p).to_string()
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "astro-site/src/pages/index.astro",
            "next-app/app/signup/page.tsx",
            "next-app/components/NewsletterForm.tsx",
            "next-app/hooks/useToggle.tsx",
            "svelte-app/src/routes/+page.svelte",
            "vue-app/src/components/Signup.vue",
        ]
    );
    assert_eq!(
        pre_checked_spans(&v, "next-app/components/NewsletterForm.tsx", next_form),
        vec!["checked={news}"]
    );
    assert_eq!(
        pre_checked_spans(&v, "vue-app/src/components/Signup.vue", vue),
        vec!["v-model=\"nyhedsbrev\""]
    );
    assert_eq!(
        pre_checked_spans(&v, "svelte-app/src/routes/+page.svelte", svelte),
        vec!["bind:checked={offers}"]
    );
    assert_eq!(
        pre_checked_spans(&v, "astro-site/src/pages/index.astro", astro),
        vec!["checked"]
    );
    assert!(pre_checked_spans(&v, "next-app/app/signup/page.tsx", next_page).is_empty());
    assert_eq!(
        file(&v, "./vue-app/src/components/Signup.vue")["format"],
        "vue"
    );
    assert_eq!(
        file(&v, "./astro-site/src/pages/index.astro")["format"],
        "astro"
    );
    // the secondary label at the initial value is in the JSON too
    let f = file(&v, "./next-app/components/NewsletterForm.tsx");
    let diag = all_diags(f).iter().find(|d| d["lint"] == ID).unwrap();
    let has_init = diag["labels"].as_array().unwrap().iter().any(|l| {
        let s = l["span"]["start"].as_u64().unwrap() as usize;
        let e = l["span"]["end"].as_u64().unwrap() as usize;
        &next_form[s..e] == "true"
    });
    assert!(has_init, "{diag:#}");
    let _ = Path::new(".");
}

/// Astro templates keep forms inside expressions (`{disclaimer && (<div>...</div>)}`, as
/// the AstroWind starter's Form.astro does): the markup in them is read as JSX.
#[test]
fn astro_markup_inside_expressions() {
    let src = r#"---
const { disclaimer } = Astro.props;
---
<form>
  {
    disclaimer && (
      <div class="mt-3 flex items-start">
        <input id="disclaimer" name="newsletter" type="checkbox" checked />
        <label for="disclaimer">{disclaimer.label} Send me the newsletter with offers</label>
      </div>
    )
  }
  {items.map((x) => <p>{x}</p>)}
</form>
"#;
    assert_eq!(spans(src, Format::Astro), vec!["checked"]);
}

/// Cut every component fixture short at many places (unclosed tags, braces, strings,
/// script blocks): reading never panics and every span keeps the contract.
#[test]
fn truncated_components_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/components");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let Some(format) = consentlint::source::format_for_path(&p) else {
            continue;
        };
        if p.extension().is_some_and(|x| x == "toml") {
            continue;
        }
        let src = std::fs::read_to_string(&p).unwrap();
        for cut in (0..src.len()).step_by(5) {
            if !src.is_char_boundary(cut) {
                continue;
            }
            let s = &src[..cut];
            for d in lint(s, format, &Config::default()) {
                assert!(d.span.start < d.span.end && d.span.end <= s.len());
                assert!(s.is_char_boundary(d.span.start) && s.is_char_boundary(d.span.end));
            }
            n += 1;
        }
    }
    assert!(n > 100);
}

// ------------------------------------------------------------------ translation files

fn locale(lang: &str, path: &str, pairs: &[(&str, &str)]) -> consentlint::Locale {
    consentlint::Locale::new(
        lang,
        path,
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

#[test]
fn translated_labels_are_linted_in_each_locale() {
    let src = r#"export default function Signup({ t }) {
  return (
    <form>
      <label><input type="checkbox" name="f1" defaultChecked /> {t('signup.optin')}</label>
      <label><input type="checkbox" name="f2" defaultChecked /> {t("signup.remember")}</label>
      <label><input type="checkbox" defaultChecked /> <Trans i18nKey="signup.optin" /></label>
      <label><input type="checkbox" defaultChecked /> <FormattedMessage id="signup.remember" /></label>
    </form>
  );
}
"#;
    // without translation files the labels are unknown: nothing to say
    assert!(spans(src, Format::Jsx).is_empty());
    let locales = [
        locale(
            "da",
            "messages/da.json",
            &[
                ("signup.optin", "Ja tak, send mig tilbud fra vores partnere"),
                ("signup.remember", "Husk mig"),
            ],
        ),
        locale(
            "en",
            "messages/en.json",
            &[
                ("signup.optin", "Yes, send me offers from our partners"),
                ("signup.remember", "Remember me"),
            ],
        ),
    ];
    let linted = consentlint::lint_with_locales(src, Format::Jsx, &Config::default(), &locales);
    let pre: Vec<&Diagnostic> = linted.diagnostics.iter().filter(|d| d.lint == ID).collect();
    assert_eq!(pre.len(), 2, "{pre:#?}");
    assert_eq!(&src[pre[0].span.clone()], "defaultChecked");
    let l0 = labels(src, pre[0]);
    assert!(l0.iter().all(|l| l == "{t('signup.optin')}"), "{l0:?}");
    let msgs: Vec<&str> = pre[0].labels.iter().map(|l| l.message.as_str()).collect();
    assert!(
        msgs.contains(&"'signup.optin' in messages/da.json (da)"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"'signup.optin' in messages/en.json (en)"),
        "{msgs:?}"
    );
    assert_eq!(
        labels(src, pre[1])[0],
        r#"<Trans i18nKey="signup.optin" />"#
    );
}

#[test]
fn binary_finds_locale_files_of_a_next_intl_and_vue_i18n_repo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        d,
        "messages/da.json",
        r#"{ "signup": { "newsletter_optin": "Ja tak, send mig tilbud fra vores partnere", "remember": "Husk mig" } }"#,
    );
    let tsx = "import { useTranslations } from 'next-intl';\nexport default function Signup() {\n  const t = useTranslations();\n  return (\n    <form>\n      <label><input type=\"checkbox\" name=\"optin\" defaultChecked /> {t('signup.newsletter_optin')}</label>\n      <label><input type=\"checkbox\" name=\"remember\" defaultChecked /> {t('signup.remember')}</label>\n    </form>\n  );\n}\n";
    write(d, "app/[locale]/signup/page.tsx", tsx);
    write(
        d,
        "vue/src/locales/da.json",
        r#"{ "optin": "Ja tak, send mig nyhedsbrevet med tilbud" }"#,
    );
    let vue = "<template>\n  <label><input type=\"checkbox\" :checked=\"true\"> {{ $t('optin') }}</label>\n</template>\n";
    write(d, "vue/src/components/Optin.vue", vue);
    write(
        d,
        "kit/src/lib/i18n/da.json",
        r#"{ "optin": "Ja tak, send mig nyhedsbrevet med tilbud" }"#,
    );
    let svelte = "<script>\n  import { _ } from 'svelte-i18n';\n</script>\n<label><input type=\"checkbox\" checked /> {$_('optin')}</label>\n";
    write(d, "kit/src/lib/Optin.svelte", svelte);
    let o = run_in(d, &["--format", "json", "."]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(
        pre_checked_spans(&v, "app/[locale]/signup/page.tsx", tsx),
        vec!["defaultChecked"]
    );
    assert_eq!(
        pre_checked_spans(&v, "vue/src/components/Optin.vue", vue),
        vec![":checked=\"true\""]
    );
    assert_eq!(
        pre_checked_spans(&v, "kit/src/lib/Optin.svelte", svelte),
        vec!["checked"]
    );
    let f = files(&v)
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("page.tsx"))
        .unwrap();
    let diag = all_diags(f).iter().find(|x| x["lint"] == ID).unwrap();
    let msg = diag["labels"][0]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("'signup.newsletter_optin' in ") && msg.ends_with("messages/da.json (da)"),
        "{msg}"
    );
}

/// Two components in one file: a box without a label in the first does not take its label
/// from the second's text (each top-level JSX tree is read apart).
#[test]
fn components_in_one_file_do_not_share_labels() {
    let src = r#"export function Register({ t }) {
  return (
    <form>
      <AuthCheckbox name="f1" defaultChecked label={t('auth.register.newsletter')} />
    </form>
  );
}
export function Story(args) {
  return (
    <form>
      <div>
        <Checkbox {...args} name="f2" defaultChecked />
        Subscribe to the newsletter with offers
      </div>
    </form>
  );
}
"#;
    let d = pre_checked(src, Format::Jsx);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span.start, src.rfind("defaultChecked").unwrap());
}

// ------------------------------------------------------------------ MDX

/// MDX: JSX blocks in between Markdown prose, two JSX blocks one after the other, an
/// expression block and ESM lines; the spans are exact into the .mdx file.
#[test]
fn mdx_jsx_blocks_and_prose() {
    let src = "import { Checkbox } from './ui'\nexport const on = true\n\n# Tilmeld dig\n\nVi bruger dine data til at forbedre vores tjenester. Se {props.link}.\n\n<Checkbox name=\"nyhedsbrev\" defaultChecked />\n<label>Ja tak, send mig nyhedsbrevet med tilbud</label>\n\n{/* en kommentar */}\n\n<label><input type=\"checkbox\" name=\"sms\" checked={true} /> Send mig tilbud på SMS</label>\n\n```jsx\n<input type=\"checkbox\" defaultChecked />\n```\n";
    assert_eq!(
        spans(src, Format::Mdx),
        vec!["defaultChecked", "checked={true}"]
    );
    // read as plain Markdown, the JSX is raw HTML and the component box is not seen
    assert_ne!(spans(src, Format::Markdown), spans(src, Format::Mdx));
    let all = lint(src, Format::Mdx, &Config::default());
    for d in &all {
        assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
        assert!(!src[d.span.clone()].contains("props.link"), "{d:?}");
    }
    assert!(
        all.iter().any(|d| d.lint == "vague-purpose"
            && &src[d.span.clone()] == "til at forbedre vores tjenester"),
        "{all:#?}"
    );
    // a suppression comment in MDX's own syntax, an expression block before the JSX block
    let sup = src.replace(
        "{/* en kommentar */}",
        "{/* consentlint-disable-next-line pre-checked-consent -- SMS er valgfri */}",
    );
    assert_eq!(spans(&sup, Format::Mdx), vec!["defaultChecked"]);
    // truncated anywhere: no panic, spans in bounds
    for cut in 0..src.len() {
        if src.is_char_boundary(cut) {
            for d in lint(&src[..cut], Format::Mdx, &Config::default()) {
                assert!(d.span.end <= cut);
            }
        }
    }
}

#[test]
fn binary_walks_mdx_as_mdx() {
    let dir = tempfile::tempdir().unwrap();
    let src = "# News\n\n<label><input type=\"checkbox\" defaultChecked /> Send me offers from our partners</label>\n";
    write(dir.path(), "docs/signup.mdx", src);
    let o = run_in(dir.path(), &["--format", "json", "."]);
    let v = json(&o);
    let f = &files(&v)[0];
    assert_eq!(f["format"], "mdx");
    assert_eq!(
        pre_checked_spans(&v, f["path"].as_str().unwrap(), src),
        vec!["defaultChecked"]
    );
}
