//! Throughput benchmark: `cargo bench --bench throughput [-- MD_DIR HTML_DIR]`.
//!
//! Prints, for Markdown and HTML, parse-only throughput (pulldown-cmark alone; for HTML
//! our positional tokenizer alone and html5ever via scraper for reference), full lint
//! throughput on one core, their ratio, and the release binary over each folder on all
//! cores. Defaults to the shared bench corpus when it is there, else `testdata/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use consentlint::document::html::tokenizer::Tokenizer;
use consentlint::{lint, Config, Format};

fn files(dir: &Path, ext: &[&str]) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ext.contains(&e))
            {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p, t));
                }
            }
        }
    }
    out.sort();
    out
}

/// Best of `runs` timings of `f` over the whole set.
fn best<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    best
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn binary_run(dir: &Path) -> Option<Duration> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/consentlint");
    if !bin.exists() {
        return None;
    }
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let out = std::process::Command::new(&bin)
            .arg("--format")
            .arg("json")
            .arg(dir)
            .output()
            .ok()?;
        let d = t.elapsed();
        if out.status.code().is_none_or(|c| c > 1) {
            return None;
        }
        best = best.min(d);
    }
    Some(best)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let shared = root.join("../shared/bench-corpus");
    let (md_dir, html_dir) = match (args.first(), args.get(1)) {
        (Some(a), Some(b)) => (PathBuf::from(a), PathBuf::from(b)),
        _ if shared.exists() => (shared.join("ota-contrib"), shared.join("ota-contrib-html")),
        _ => (root.join("testdata"), root.join("testdata")),
    };
    let runs = 3;
    let config = Config::default();
    println!("consentlint throughput (best of {runs}; MB = MiB)");

    let md = files(&md_dir, &["md", "markdown"]);
    let md_bytes: usize = md.iter().map(|(_, t)| t.len()).sum();
    if !md.is_empty() {
        let parse = best(runs, || {
            for (_, t) in &md {
                let mut opts = pulldown_cmark::Options::empty();
                opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
                opts.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
                opts.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
                let n = pulldown_cmark::Parser::new_ext(t, opts)
                    .into_offset_iter()
                    .count();
                std::hint::black_box(n);
            }
        });
        let full = best(runs, || {
            for (_, t) in &md {
                std::hint::black_box(lint(t, Format::Markdown, &config));
            }
        });
        println!(
            "markdown  {} files, {:.1} MB: pulldown-cmark alone {:.1} MB/s, full lint {:.1} MB/s, ratio {:.2}",
            md.len(),
            md_bytes as f64 / 1048576.0,
            mbps(md_bytes, parse),
            mbps(md_bytes, full),
            parse.as_secs_f64() / full.as_secs_f64()
        );
        if let Some(d) = binary_run(&md_dir) {
            println!(
                "markdown  binary over {} on all cores: {:.3} s wall, {:.1} MB/s",
                md_dir.display(),
                d.as_secs_f64(),
                mbps(md_bytes, d)
            );
        }
    }

    let html = files(&html_dir, &["html", "htm"]);
    let html_bytes: usize = html.iter().map(|(_, t)| t.len()).sum();
    if !html.is_empty() {
        let tokenize = best(runs, || {
            for (_, t) in &html {
                let mut tok = Tokenizer::new(t);
                let mut n = 0usize;
                while let Some(x) = tok.next_token() {
                    std::hint::black_box(&x);
                    n += 1;
                }
                std::hint::black_box(n);
            }
        });
        let html5ever = best(1, || {
            for (_, t) in &html {
                std::hint::black_box(scraper::Html::parse_document(t));
            }
        });
        let full = best(runs, || {
            for (_, t) in &html {
                std::hint::black_box(lint(t, Format::Html, &config));
            }
        });
        println!(
            "html      {} files, {:.1} MB: tokenizer alone {:.1} MB/s, html5ever (scraper) {:.1} MB/s, full lint {:.1} MB/s, ratio to html5ever {:.2}",
            html.len(),
            html_bytes as f64 / 1048576.0,
            mbps(html_bytes, tokenize),
            mbps(html_bytes, html5ever),
            mbps(html_bytes, full),
            html5ever.as_secs_f64() / full.as_secs_f64()
        );
        if let Some(d) = binary_run(&html_dir) {
            println!(
                "html      binary over {} on all cores: {:.3} s wall, {:.1} MB/s",
                html_dir.display(),
                d.as_secs_f64(),
                mbps(html_bytes, d)
            );
        }
    }
}
