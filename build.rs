//! Embeds every lint pack under `lints/` in the binary: parsed and checked here, at build
//! time, with the format and rules of `src/packs/schema.rs` (the same file the library
//! uses for user packs), and written out as Rust data, so a run builds its packs from
//! string literals instead of parsing ~150 KB of TOML. A broken pack fails the build.
//! The TOML text is embedded too (`EMBEDDED_PACKS`), for the tests that check the
//! generated packs against the text.
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/packs/schema.rs"]
mod schema;

use schema::{Example, Pack, PatternDef};

// the phrase compiler the library uses for user packs, run here over the embedded packs
#[allow(dead_code)]
#[path = "src/analysis/compile.rs"]
mod compile;
#[allow(dead_code)]
#[path = "src/analysis/dfa.rs"]
mod dfa;
#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;
// the token-pattern syntax: a broken pattern fails the build
#[allow(dead_code)]
#[path = "src/pattern_syntax.rs"]
mod pattern_syntax;

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

/// A string literal (`{:?}` of a `str` is valid Rust).
fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_string(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some(s({}))", lit(s)),
        None => "None".into(),
    }
}

fn str_slice(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", items.join(", "))
}

/// A `toml::Value` as an expression that constructs it.
fn value(v: &toml::Value) -> String {
    use toml::Value as V;
    match v {
        V::String(s) => format!("toml::Value::String(s({}))", lit(s)),
        V::Integer(i) => format!("toml::Value::Integer({i}i64)"),
        // bit for bit, whatever the float
        V::Float(f) => format!("toml::Value::Float(f64::from_bits({:#x}))", f.to_bits()),
        V::Boolean(b) => format!("toml::Value::Boolean({b})"),
        V::Datetime(d) => format!(
            "toml::Value::Datetime({}.parse().expect(\"datetime\"))",
            lit(&d.to_string())
        ),
        V::Array(a) => {
            let items: Vec<String> = a.iter().map(value).collect();
            format!("toml::Value::Array(vec![{}])", items.join(", "))
        }
        V::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("(s({}), {})", lit(k), value(v)))
                .collect();
            format!(
                "toml::Value::Table([{}].into_iter().collect())",
                items.join(", ")
            )
        }
    }
}

fn example(e: &Example) -> String {
    format!(
        "Example {{ lang: s({}), format: {}, bad: {}, good: {} }}",
        lit(&e.lang),
        opt_string(&e.format),
        opt_string(&e.bad),
        opt_string(&e.good)
    )
}

fn pattern_def(p: &PatternDef) -> String {
    format!(
        "PatternDef {{ name: s({}), lang: s({}), source: s({}), kind: s({}), pattern: s({}), unless: strings({}), fires: strings({}), silent: strings({}) }}",
        lit(&p.name),
        lit(&p.lang),
        lit(&p.source),
        lit(&p.kind),
        lit(&p.pattern),
        str_slice(&p.unless),
        str_slice(&p.fires),
        str_slice(&p.silent),
    )
}

/// A pack as an expression that constructs it.
fn pack(p: &Pack) -> String {
    let severity = match p.default_severity {
        Some(s) => format!("Some(Severity::{s:?})"),
        None => "None".into(),
    };
    let tables = |t: &std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, Vec<String>>,
    >| {
        let mut phrases = String::from("&[");
        for (lang, lists) in t {
            write!(phrases, "({}, &[", lit(lang)).unwrap();
            for (list, items) in lists {
                write!(phrases, "({}, {}), ", lit(list), str_slice(items)).unwrap();
            }
            phrases.push_str("]), ");
        }
        phrases.push(']');
        phrases
    };
    let phrases = tables(&p.phrases);
    let lexicon = tables(&p.lexicon);
    let examples: Vec<String> = p.examples.iter().map(example).collect();
    let patterns: Vec<String> = p.patterns.iter().map(pattern_def).collect();
    let options: Vec<String> = p
        .options
        .iter()
        .map(|(k, v)| format!("(s({}), {})", lit(k), value(v)))
        .collect();
    format!(
        "Pack {{\n        id: s({}),\n        default_severity: {severity},\n        summary: s({}),\n        basis: strings({}),\n        explanation: s({}),\n        help: s({}),\n        phrases: phrases({phrases}),\n        examples: vec![{}],\n        patterns: vec![{}],\n        lexicon: phrases({lexicon}),\n        options: [{}].into_iter().collect(),\n    }}",
        lit(&p.id),
        lit(&p.summary),
        str_slice(&p.basis),
        lit(&p.explanation),
        lit(&p.help),
        examples.join(", "),
        patterns.join(", "),
        options.join(", "),
    )
}

/// `line:column` (1-based) of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

fn main() {
    // read at run time: a build script compiled in another checkout must not read that checkout
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("lints");
    println!("cargo:rerun-if-changed=lints");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("/// Every embedded pack: (path under lints/, TOML text).\npub static EMBEDDED_PACKS: &[(&str, &str)] = &[\n");
    let mut packs = String::from(
        "/// The embedded packs, as parsed and checked by the build script.\nfn embedded_packs() -> Vec<Pack> {\n    vec![\n",
    );
    let mut errors = Vec::new();
    let mut parsed_packs: Vec<Pack> = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed=lints/{f}");
        writeln!(
            code,
            "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lints/{f}\"))),"
        )
        .unwrap();
        let text = match std::fs::read_to_string(root.join(f)) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("lints/{f}: {e}"));
                continue;
            }
        };
        let parsed = schema::parse_pack(f, &text).map_err(|e| {
            let at = e.span.map(|s| format!(":{}", line_col(&text, s.start)));
            format!("lints/{f}{}: {}", at.unwrap_or_default(), e.message)
        });
        match parsed.and_then(|p| {
            schema::check_embedded(f, &p)
                .map(|()| p)
                .map_err(|e| format!("lints/{e}"))
        }) {
            Ok(p) => {
                writeln!(packs, "    {},", pack(&p)).unwrap();
                parsed_packs.push(p);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: broken lint pack: {e}");
            println!("cargo:warning=broken lint pack: {e}");
        }
        std::process::exit(1);
    }
    code.push_str("];\n\n");
    packs.push_str("    ]\n}\n");
    code.push_str(&packs);
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir).join("packs.rs");
    std::fs::write(out, code).unwrap();
    vocab(&parsed_packs, Path::new(&out_dir));
}

/// Compile the phrase lists of the embedded packs (in the order `packs::embedded()`
/// returns them, so the list ids are the ones a run-time compile would give) and write
/// `vocab.rs` plus one automaton per language (`vocab_<lang>.dfa`).
fn vocab(packs: &[Pack], out_dir: &Path) {
    let c = compile::compile(packs.iter().map(|p| (p.id.as_str(), &p.phrases)));
    let mut code = String::from("// generated by build.rs from lints/*.toml\n");
    let names: Vec<String> = c.names.iter().map(|n| lit(n)).collect();
    writeln!(
        code,
        "pub static LIST_NAMES: &[&str] = &[{}];",
        names.join(", ")
    )
    .unwrap();
    let mut tables = Vec::new();
    for (lang, l) in compile::LANGS.iter().zip(&c.langs) {
        let file = format!("vocab_{lang}.dfa");
        std::fs::write(out_dir.join(&file), &l.dfa).unwrap();
        let (starts, entries) = l.flat_entries();
        let join = |v: &[u32]| {
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        tables.push(format!(
            "    StaticLang {{ dfa: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")), starts: &[{}], entries: &[{}] }}",
            join(&starts),
            join(&entries)
        ));
    }
    writeln!(
        code,
        "pub static LANG_TABLES: [StaticLang; {}] = [\n{}\n];",
        tables.len(),
        tables.join(",\n")
    )
    .unwrap();
    std::fs::write(out_dir.join("vocab.rs"), code).unwrap();
}
