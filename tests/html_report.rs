//! `--format html`: the page a reviewer opens, as a browser shows it.
//!
//! The binary writes the report for an English Markdown file, a Danish HTML file and an HTML
//! file carrying `<script>` right next to a finding; headless Chromium loads the page and
//! dumps the DOM it built, which is parsed here (scraper) to check what a reader sees: the
//! file names, the offending text inside `<mark>`, the legal basis, the severity groups, the
//! Danish text intact, and the document's scripts shown as text, never run.
//!
//! Chromium is `/usr/bin/chromium` (Debian's package; `.ci/run` installs it), or the path in
//! `CONSENTLINT_CHROMIUM`. Without it the browser test is skipped with a note, except when
//! `CI` is set (`CI=true`, as in `.ci/run`, which installs Chromium): there it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_consentlint");

/// English Markdown (from testdata/bundled-consent/en-competition-rules.md and a pre-ticked
/// task item): a bundled consent clause and a ticked box.
const TERMS_MD: &str = "---
title: Summer Bake-Off 2025 – competition rules
lang: en
---

# Summer Bake-Off 2025: competition rules

1. The promoter is Crumb & Co Ltd, 4 Mill Lane, Bristol BS1 4AA.
2. To enter, upload a photo of your bake and its recipe on the competition page between 1 June and 30 June 2025.
3. By entering the competition, entrants consent to receiving marketing e-mails from the promoter and its partners.
4. These rules are governed by the law of England and Wales.

- [x] Yes, send me the newsletter
";

/// Danish HTML (from testdata/pre-checked-consent/da-checked-varianter.html): a pre-ticked
/// newsletter box and a vague purpose.
const TILMELDING_HTML: &str = r#"<!DOCTYPE html>
<html lang="da">
<head><meta charset="utf-8"><title>Opret profil – Apoteket Søndergade</title></head>
<body>
<form method="post" action="/profil/opret">
  <h2>Hold kontakten</h2>
  <p>
    <input type="checkbox" id="nb" name="nyhedsbrev" value="1" checked>
    <label for="nb">Send mig nyhedsbrevet med sundhedsråd og sæsontilbud</label>
  </p>
  <p>Vi bruger dine oplysninger til at forbedre vores tjenester.</p>
</form>
</body>
</html>
"#;

/// Scripts (and an event handler) on the line before and the line of a pre-ticked box: in
/// the report they are the context of the excerpt. Each would change the page's title.
const HOSTILE_HTML: &str = r#"<html lang="en"><body><form>
<p><script>alert(1)</script><script>document.title = "PWNED"</script><img src="x" onerror="document.title='PWNED'"></p>
<label><input type="checkbox" name="newsletter" checked> Send me the newsletter <script>document.title = "PWNED"</script></label>
</form></body></html>
"#;

/// A file name that is markup too.
const HOSTILE_NAME: &str = "hostile<b>bold.html";

fn write_inputs(dir: &Path) {
    std::fs::write(dir.join("terms.md"), TERMS_MD).unwrap();
    std::fs::write(dir.join("tilmelding.html"), TILMELDING_HTML).unwrap();
    std::fs::write(dir.join(HOSTILE_NAME), HOSTILE_HTML).unwrap();
}

/// Run `consentlint --format html` on the three files (and a missing one); the page.
fn report(dir: &Path) -> String {
    let o = Command::new(BIN)
        .args([
            "--format",
            "html",
            "terms.md",
            "tilmelding.html",
            HOSTILE_NAME,
            "missing.md",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run consentlint");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing file gives exit 2: {err}"
    );
    String::from_utf8(o.stdout).expect("the page is UTF-8")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s)).map(text).collect()
}

// ---------------------------------------------------------------- the page as written

#[test]
fn page_is_self_contained_and_escapes_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let page = report(dir.path());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<html lang=\"en\">"));
    // nothing to fetch, nothing to run
    for needle in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "onerror=\"",
    ] {
        assert!(!page.contains(needle), "the page contains {needle:?}");
    }
    let head = &page[..page.find("<body>").unwrap()];
    for needle in ["http:", "https:", "@import", "url("] {
        assert!(!head.contains(needle), "the head contains {needle:?}");
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("hostile&lt;b&gt;bold.html"));
    assert!(!page.contains("<b>bold"));
    // the Danish document's excerpts are marked as Danish
    assert!(page.contains("<pre class=\"excerpt\" lang=\"da\">"));
}

#[test]
fn diff_cannot_be_an_html_page() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let o = Command::new(BIN)
        .args(["--format", "html", "--diff", "terms.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--diff"));
}

/// The page counts its inputs as the summary line does: files checked, files that could not
/// be, and a directory as a directory (not "3 of 3 files" for 4 inputs).
#[test]
fn page_counts_inputs_as_the_summary_line_does() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let args = [
        "terms.md",
        "tilmelding.html",
        HOSTILE_NAME,
        "missing.md",
        "empty",
    ];
    let page = Command::new(BIN)
        .args(["--format", "html"])
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let page = String::from_utf8(page.stdout).unwrap();
    let human = Command::new(BIN)
        .args(args)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&human.stderr).into_owned();
    let line = err
        .lines()
        .find(|l| l.starts_with("Found "))
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert!(
        line.contains(" in 3 files; 1 file could not be linted; 1 directory had no Markdown or HTML files to lint"),
        "{line}"
    );
    let doc = Html::parse_document(&page);
    let summary = texts(&doc, "#summary p").join(" ");
    assert!(
        summary.contains(" in 3 files (3 with findings); 1 file could not be checked; 1 directory had no Markdown or HTML files to check."),
        "{summary}"
    );
    assert!(!summary.contains(" of 3 files"), "{summary}");
}

// ---------------------------------------------------------------- the page in a browser

/// The browser, or the path where it was looked for.
fn chromium() -> Result<PathBuf, PathBuf> {
    let p = std::env::var_os("CONSENTLINT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if p.exists() {
        Ok(p)
    } else {
        Err(p)
    }
}

/// Chromium, headless, with a fresh profile and no network chatter, on `url`; its stdout.
fn run_chromium(browser: &Path, profile: &Path, extra: &[&str], url: &str) -> (String, String) {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start chromium");
    // read the pipes on threads so a chatty browser cannot block on a full pipe
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait().unwrap() {
            Some(_) => break,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish within 120 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    (out_t.join().unwrap(), err_t.join().unwrap())
}

#[test]
fn page_in_a_browser_shows_findings_and_runs_no_script() {
    let browser = match chromium() {
        Ok(b) => b,
        Err(missing) => {
            common::skip_without(
                "page_in_a_browser_shows_findings_and_runs_no_script",
                &format!(
                    "headless Chromium at {} (CONSENTLINT_CHROMIUM names another)",
                    missing.display()
                ),
                "apt-get install -y --no-install-recommends chromium",
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let page = report(dir.path());
    let out = tempfile::tempdir().unwrap();
    let html_path = out.path().join("report.html");
    std::fs::write(&html_path, &page).unwrap();
    let url = format!("file://{}", html_path.display());

    let profile = tempfile::tempdir().unwrap();
    let (dom, err) = run_chromium(&browser, profile.path(), &["--dump-dom"], &url);
    assert!(
        dom.contains("</html>"),
        "chromium dumped no DOM; its stderr:\n{err}"
    );
    let doc = Html::parse_document(&dom);

    // no script ran: the title is the page's own, and the document's scripts are text
    assert_eq!(texts(&doc, "title"), ["consentlint report"]);
    assert!(!dom.contains("PWNED\n") && !dom.contains("<title>PWNED"));
    assert_eq!(doc.select(&sel("script")).count(), 0, "a script element");
    assert_eq!(doc.select(&sel("img")).count(), 0, "an img element");
    assert_eq!(
        doc.select(&sel("main b")).count(),
        0,
        "a b element from a file name"
    );
    let excerpts = texts(&doc, "pre.excerpt");
    assert!(
        excerpts
            .iter()
            .any(|e| e.contains("<script>alert(1)</script>")
                && e.contains(r#"onerror="document.title='PWNED'""#)),
        "the scripts next to the finding are shown as text: {excerpts:#?}"
    );

    // the summary: counts by severity and the files (the competition's consent deemed
    // from entering is two findings, bundled-consent and implied-consent: Forbrugerombuds-
    // manden case 18/08053 holds such a consent not clearly given)
    let summary = texts(&doc, "#summary").join(" ");
    for want in [
        "6 errors",
        "5 warnings",
        "0 info",
        "1 file could not be checked",
    ] {
        assert!(summary.contains(want), "summary lacks {want:?}: {summary}");
    }
    let files = texts(&doc, "section.file > h2");
    assert_eq!(
        files,
        ["terms.md", "tilmelding.html", "hostile<b>bold.html"],
        "one section per file with findings, in input order"
    );
    let failed = texts(&doc, "#file-errors li").join(" ");
    assert!(failed.contains("missing.md"), "{failed}");

    // severity groups, errors first, in every file
    for f in doc.select(&sel("section.file")) {
        let groups: Vec<String> = f.select(&sel("section.severity > h3")).map(text).collect();
        assert!(groups[0].starts_with("Errors ("), "{groups:?}");
        assert!(
            groups.iter().any(|g| g.starts_with("Warnings (")),
            "{groups:?}"
        );
    }

    // each finding: the lint, the marked text, the basis
    let marks = texts(&doc, "mark");
    for want in [
        "[x]",
        "checked",
        "By entering the competition, entrants consent to receiving marketing e-mails from the promoter and its partners.",
        "til at forbedre vores tjenester",
    ] {
        assert!(marks.iter().any(|m| m == want), "no <mark> with {want:?}: {marks:#?}");
    }
    let danish = doc
        .select(&sel("section.file"))
        .find(|f| f.select(&sel("h2")).next().map(text).as_deref() == Some("tilmelding.html"))
        .unwrap();
    let da_text = text(danish);
    assert!(
        da_text.contains("Send mig nyhedsbrevet med sundhedsråd og sæsontilbud"),
        "Danish text intact: {da_text}"
    );
    assert!(da_text.contains("markedsføringsloven §10"), "{da_text}");
    let findings: Vec<ElementRef<'_>> = doc.select(&sel("article.finding")).collect();
    assert_eq!(findings.len(), 11);
    for f in &findings {
        let lint = f.select(&sel("code.lint")).next().map(text).unwrap();
        assert!(
            f.select(&sel("dd.basis li")).count() > 0,
            "{lint}: no legal basis"
        );
        assert!(f.select(&sel("dd.help")).count() == 1, "{lint}: no help");
    }
    let pre_checked = findings
        .iter()
        .find(|f| text(**f).contains("pre-checked-consent"))
        .unwrap();
    assert!(text(*pre_checked).contains("CJEU C-673/17 Planet49"));

    // and it draws: a screenshot of the page (kept when CONSENTLINT_KEEP_SCREENSHOT names a path)
    let png = out.path().join("report.png");
    let (_, err) = run_chromium(
        &browser,
        profile.path(),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,2000",
        ],
        &url,
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{err}"));
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
    if let Some(keep) = std::env::var_os("CONSENTLINT_KEEP_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }
}
