//! The consentlint command line: a thin shell over the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use clap::{Parser, Subcommand, ValueEnum};

use consentlint::report::{self, FileReport};
use consentlint::source::{self, SourceError};
use consentlint::{Config, Format, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "consentlint",
    version,
    about = "Lint terms, privacy notices and signup forms (Markdown, HTML) for consent problems",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files and directories to lint (directories recursively, respecting .gitignore); `-` reads stdin.
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,

    /// The file name to report for stdin (its extension picks Markdown or HTML).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,

    /// Language to assume when a document neither declares nor shows one (en, da).
    #[arg(long, value_name = "LANG")]
    default_lang: Option<String>,

    /// Use this configuration file instead of discovering consentlint.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore all configuration files.
    #[arg(long)]
    isolated: bool,

    /// Apply automatic fixes (pre-ticked boxes unticked) to the files, atomically, and report what remains.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,

    /// Show the automatic fixes as a unified diff instead of applying them (exit 1 if any).
    #[arg(long)]
    diff: bool,

    /// Report only findings that are not in this baseline file (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Record today's findings as the baseline in FILE, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,

    /// Match baseline paths without regard to case (for case-insensitive file systems);
    /// recorded in the baseline by --write-baseline.
    #[arg(long)]
    baseline_ignore_case: bool,

    /// Print findings and file errors, nothing else (no summary line).
    #[arg(short, long)]
    quiet: bool,

    /// Print the number of findings per lint instead of the findings.
    #[arg(long)]
    statistics: bool,

    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the lints with their severities.
    Rules,
    /// Explain a lint: what it finds, why, the legal basis, examples.
    Explain {
        /// The lint id, e.g. pre-checked-consent.
        id: String,
    },
    /// Write a commented starter consentlint.toml in the current directory.
    Init {
        /// Overwrite an existing consentlint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Run a Language Server over stdio (diagnostics, quick fixes, hover) for editors.
    Lsp,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    /// `path:line:col: severity [lint] message`
    Compact,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// One self-contained HTML page for reviewers
    Html,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

/// Findings left out because the baseline knows them (for the summary line).
static BASELINED: AtomicUsize = AtomicUsize::new(0);
/// Linted files that the baseline has an entry for.
static BASELINE_FILES: AtomicUsize = AtomicUsize::new(0);
/// Files in the baseline none of whose recorded findings matched, though they have findings:
/// (path, recorded, found now).
static STALE: Mutex<Vec<(String, usize, usize)>> = Mutex::new(Vec::new());

/// One input: a path, or stdin.
enum Input {
    File(PathBuf, Option<Format>),
    Stdin,
    /// A path that cannot be linted (reported in its place in the input order).
    Error(SourceError),
}

/// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after
/// which the vectors of a large file grow inside the heap by copying, and the copies'
/// holes stay resident: a fixed threshold keeps large vectors in their own mappings,
/// which grow in place and go back to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    extern "C" {
        fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}

fn main() -> ExitCode {
    fix_mmap_threshold();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match &cli.command {
        Some(Command::Rules) => return rules(),
        Some(Command::Explain { id }) => return explain(id),
        Some(Command::Init { force }) => return init(*force),
        Some(Command::Lsp) => {
            return match consentlint::lsp::run_stdio() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        None => {}
    }
    if cli.paths.is_empty() {
        eprintln!("error: no paths given (try `consentlint .` or `consentlint --help`)");
        return ExitCode::from(2);
    }
    if cli.diff && cli.format != OutputFormat::Human {
        eprintln!(
            "error: --diff prints a unified diff (a patch); it cannot be combined with --format {}",
            format!("{:?}", cli.format).to_lowercase()
        );
        return ExitCode::from(2);
    }
    if cli.diff && (cli.write_baseline.is_some() || cli.statistics) {
        eprintln!("error: --diff prints a patch; it cannot be combined with --write-baseline or --statistics");
        return ExitCode::from(2);
    }
    if let Some(l) = &cli.default_lang {
        if !matches!(l.as_str(), "en" | "da") {
            eprintln!("error: --default-lang must be `en` or `da`, not `{l}`");
            return ExitCode::from(2);
        }
    }
    // configuration: --isolated, --config, or each file's nearest consentlint.toml
    let mut resolver = match consentlint::config::Resolver::new(
        cli.isolated,
        cli.config.as_deref(),
        cli.default_lang.clone(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprint!("{}", render_config_error(&e));
            return ExitCode::from(2);
        }
    };

    // collect inputs in the order given, each with its settings
    let mut inputs: Vec<(String, Input)> = Vec::new();
    let mut configs: Vec<Config> = Vec::new();
    for p in &cli.paths {
        if p.as_os_str() == "-" {
            let name = cli
                .stdin_filename
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "<stdin>".into());
            inputs.push((name, Input::Stdin));
            configs.push(resolver.stdin_config(cli.stdin_filename.as_deref()));
            continue;
        }
        if p.is_dir() {
            let before = inputs.len();
            let skipped = resolver.skipped;
            walk(p, &mut resolver, &mut inputs, &mut configs);
            if inputs.len() == before {
                let message = match resolver.skipped - skipped {
                    0 => "no Markdown or HTML files found in this directory".to_string(),
                    n => format!("no files to lint in this directory: {n} left out by include/exclude in consentlint.toml"),
                };
                inputs.push((
                    p.display().to_string(),
                    Input::Error(SourceError::new("no-files", message)),
                ));
                configs.push(Config::default());
            }
            continue;
        }
        // a file named explicitly is linted even if `exclude` matches it
        let r = resolver.resolve(p);
        let (input, config) = file_input(p, &resolver, r, None);
        inputs.push((p.display().to_string(), input));
        configs.push(config);
    }
    for e in resolver.take_errors() {
        eprint!("{}", render_config_error(&e));
    }

    let baseline = match &cli.baseline {
        Some(p) => match Baseline::read(p, cli.baseline_ignore_case) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot use the baseline {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => Baseline::default(),
    };

    let human = cli.format == OutputFormat::Human
        && cli.write_baseline.is_none()
        && !cli.statistics
        && !cli.diff;
    let color = human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let style = report::human::Style { color };
    let results = run(&inputs, &configs, &baseline, &cli, human, style);

    let mut reports = Vec::with_capacity(results.len());
    let mut texts = Vec::with_capacity(results.len());
    let mut fixes = Vec::with_capacity(results.len());
    for (r, t, f) in results {
        reports.push(r);
        texts.push(t);
        fixes.push(f);
    }
    let fixed_files = fixes.iter().filter(|f| f.fixed > 0).count();
    let fixed: usize = fixes.iter().map(|f| f.fixed).sum();

    if let (Some(p), false) = (&cli.baseline, cli.quiet) {
        baseline_warnings(p, &baseline, &reports);
    }
    if cli.diff {
        return diff_output(&reports, &fixes, cli.quiet);
    }
    if cli.fix && !cli.quiet {
        // say what changed on disk before anything else
        for (r, f) in reports.iter().zip(&fixes) {
            if f.fixed > 0 {
                eprintln!("fixed {} in {}", findings(f.fixed), r.path);
            }
        }
    }

    if let Some(p) = &cli.write_baseline {
        let n: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        return match write_baseline(p, &reports, cli.baseline_ignore_case) {
            Ok(()) => {
                eprintln!(
                    "wrote {n} finding{} to the baseline {}",
                    if n == 1 { "" } else { "s" },
                    p.display()
                );
                for r in reports.iter().filter(|r| r.error.is_some()) {
                    if let Some(e) = report::human::render_error(r) {
                        eprint!("{e}");
                    }
                }
                ExitCode::from(if reports.iter().any(|r| r.error.is_some()) {
                    2
                } else {
                    0
                })
            }
            Err(e) => {
                eprintln!("error: cannot write the baseline {}: {e}", p.display());
                ExitCode::from(2)
            }
        };
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.format {
        OutputFormat::Json => {
            let _ = out.write_all(report::json::render(&reports).as_bytes());
        }
        OutputFormat::Compact => {
            let _ = out.write_all(report::compact::render(&reports).as_bytes());
        }
        OutputFormat::Sarif => {
            let _ = out.write_all(report::sarif::render(&reports).as_bytes());
        }
        OutputFormat::Github => {
            let _ = out.write_all(report::compact::render_github(&reports).as_bytes());
        }
        OutputFormat::Html => {
            let _ = out.write_all(report::html::render_page(&reports, &texts).as_bytes());
        }
        OutputFormat::Human if cli.statistics => {
            let _ = out.write_all(report::human::statistics(&reports).as_bytes());
            for r in &reports {
                if let Some(e) = report::human::render_error(r) {
                    eprint!("{e}");
                }
            }
        }
        OutputFormat::Human => {
            for (r, t) in reports.iter().zip(&texts) {
                if let Some(e) = report::human::render_error(r) {
                    eprint!("{e}");
                }
                if let Some(t) = t {
                    let _ = out.write_all(t.as_bytes());
                }
            }
            let _ = out.flush();
            if !cli.quiet {
                let mut summary = report::human::summary(&reports);
                if cli.fix {
                    let what = if fixed == 0 {
                        "Nothing to fix automatically".to_string()
                    } else {
                        format!(
                            "Fixed {} in {fixed_files} file{}",
                            findings(fixed),
                            if fixed_files == 1 { "" } else { "s" }
                        )
                    };
                    let mut rest = summary.chars();
                    let first = rest.next().map(|c| c.to_lowercase().to_string());
                    summary = format!(
                        "{what}; remaining: {}{}",
                        first.unwrap_or_default(),
                        rest.as_str()
                    );
                }
                // say that the baseline hid findings, so "No problems" is not misread
                let hidden = BASELINED.load(Ordering::Relaxed);
                if hidden > 0 {
                    summary.pop();
                    summary.push_str(&format!(
                        " ({hidden} known finding{} in the baseline not shown)\n",
                        if hidden == 1 { "" } else { "s" }
                    ));
                }
                eprint!("{summary}");
                // say when some of what was reported can be fixed automatically
                let fixable: usize = reports
                    .iter()
                    .flat_map(|r| &r.diagnostics)
                    .filter(|d| d.diagnostic.fix.is_some())
                    .count();
                if fixable > 0 && !cli.fix {
                    eprintln!(
                        "{} can be fixed automatically: run with --fix (or --diff to see the patch first)",
                        if fixable == 1 {
                            "1 of them".to_string()
                        } else {
                            format!("{fixable} of them")
                        }
                    );
                }
            }
        }
    }
    let _ = out.flush();

    if reports.iter().any(|r| r.error.is_some()) {
        return ExitCode::from(2);
    }
    let threshold = match cli.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let failing = reports.iter().any(|r| {
        r.diagnostics
            .iter()
            .any(|d| d.diagnostic.severity >= threshold)
    });
    ExitCode::from(if failing { 1 } else { 0 })
}

/// The input for one file and its settings: a broken configuration or an unsupported
/// type is that file's error.
fn file_input(
    path: &Path,
    resolver: &consentlint::config::Resolver,
    r: consentlint::config::Resolved,
    walked: Option<Format>,
) -> (Input, Config) {
    use consentlint::config::Resolved;
    if let Resolved::Broken(cfg) = &r {
        let e = SourceError::new(
            "config",
            format!("its configuration file {} is broken", shown_path(cfg)),
        );
        return (Input::Error(e), Config::default());
    }
    let fmt = walked
        .or_else(|| resolver.format_for(&r, path))
        .or_else(|| {
            // a translation file named from inside its folder (`consentlint da.json` in
            // `locales/`): where it lives decides, so look at the folders above it too
            let cwd = std::env::current_dir().ok()?;
            consentlint::locales::is_locale_path(&cwd.join(path))
        });
    if fmt.is_none() && path.exists() {
        let e = SourceError::new(
            "unsupported-type",
            "not a file consentlint reads (expected Markdown .md, HTML .html/.htm, a template such as .php, .njk, .twig, .liquid, .hbs, .erb, a component .jsx, .tsx, .vue, .svelte, .astro, or plain text .txt; [formats] in consentlint.toml maps more)",
        );
        return (Input::Error(e), Config::default());
    }
    let config = resolver.config(&r, Some(path));
    (Input::File(path.to_path_buf(), fmt), config)
}

fn walk(
    dir: &Path,
    resolver: &mut consentlint::config::Resolver,
    inputs: &mut Vec<(String, Input)>,
    configs: &mut Vec<Config>,
) {
    let mut found: Vec<PathBuf> = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    found.push(e.into_path());
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.display().to_string(),
                    _ => dir.display().to_string(),
                };
                inputs.push((path, Input::Error(SourceError::new("io", err.to_string()))));
                configs.push(Config::default());
            }
        }
    }
    found.sort();
    for p in found {
        // the extension ([formats] included), include and exclude decide
        let Some((fmt, r)) = resolver.walks(&p) else {
            continue;
        };
        let (input, config) = file_input(&p, resolver, r, Some(fmt));
        inputs.push((p.display().to_string(), input));
        configs.push(config);
    }
}

/// Lint every input on all cores; results come back in input order.
fn run(
    inputs: &[(String, Input)],
    configs: &[Config],
    baseline: &Baseline,
    cli: &Cli,
    human: bool,
    style: report::human::Style,
) -> Vec<(FileReport, Option<String>, Fixes)> {
    let n = inputs.len();
    type Slot = Mutex<Option<(FileReport, Option<String>, Fixes)>>;
    let slots: Vec<Slot> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n.max(1));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= n {
            break;
        }
        let (name, input) = &inputs[i];
        let result = lint_one(name, input, &configs[i], baseline, cli, human, style);
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(result);
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            m.into_inner().ok().flatten().unwrap_or_else(|| {
                (
                    FileReport::error(
                        inputs[i].0.clone(),
                        None,
                        SourceError::new("internal", "the linter failed on this file"),
                    ),
                    None,
                    Fixes::default(),
                )
            })
        })
        .collect()
}

/// What `--fix` or `--diff` did to one file.
#[derive(Debug, Default)]
struct Fixes {
    /// Findings fixed (`--fix`: written to the file; `--diff`: shown in the patch).
    fixed: usize,
    /// `--diff`: the patch for this file.
    diff: Option<String>,
}

fn lint_one(
    name: &str,
    input: &Input,
    config: &Config,
    baseline: &Baseline,
    cli: &Cli,
    human: bool,
    style: report::human::Style,
) -> (FileReport, Option<String>, Fixes) {
    let none = Fixes::default;
    let (text, format) = match input {
        Input::Error(e) => return (FileReport::error(name, None, e.clone()), None, none()),
        Input::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                return (
                    FileReport::error(name, None, SourceError::new("io", e.to_string())),
                    None,
                    none(),
                );
            }
            let fmt = cli
                .stdin_filename
                .as_deref()
                .and_then(source::format_for_path)
                .unwrap_or_else(|| sniff(&bytes));
            match source::decode(bytes) {
                Ok(t) => (t, fmt),
                Err(e) => return (FileReport::error(name, Some(fmt), e), None, none()),
            }
        }
        Input::File(path, fmt) => {
            let fmt = fmt.unwrap_or(Format::Html);
            match source::read_file(path) {
                Ok(t) => (t, fmt),
                Err(e) => return (FileReport::error(name, Some(fmt), e), None, none()),
            }
        }
    };
    // a component's translation files, when it calls `t('key')` and the repository has them
    let locales = match input {
        Input::File(path, _) if consentlint::locales::uses_translations(&text, format) => {
            let configured = config.locale_globs.as_ref().map(|g| (g.0.as_path(), &g.1));
            consentlint::locales::for_file(path, configured)
        }
        _ => std::sync::Arc::new(Vec::new()),
    };
    // a translation file: its values in its locale's language (from its name)
    if matches!(format, Format::Json | Format::Yaml) {
        let lang = match input {
            Input::File(path, _) => consentlint::locales::lang_of(path),
            _ => cli
                .stdin_filename
                .as_deref()
                .and_then(consentlint::locales::lang_of),
        };
        let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            consentlint::lint_locale(&text, format, lang.as_deref(), config)
        }));
        let linted = match linted {
            Ok(Ok(l)) => Ok(l),
            Ok(Err(m)) => {
                let e = SourceError::new(
                    "invalid-locale-file",
                    format!("not a translation file consentlint can read: {m}"),
                );
                return (FileReport::error(name, Some(format), e), None, none());
            }
            Err(p) => Err(p),
        };
        return finish_one(
            name,
            &text,
            linted,
            baseline,
            cli,
            human,
            style,
            Fixes::default(),
            format,
        );
    }
    // a panic in one file must not take the run down: report it as that file's error
    let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        consentlint::lint_with_locales(&text, format, config, &locales)
    }));
    let mut fixes = Fixes::default();
    let (text, linted) = match (linted, input) {
        (Ok(l), Input::File(path, _)) if cli.fix || cli.diff => {
            match consentlint::fix::apply(&text, &l.diagnostics) {
                None => (text, Ok(l)),
                Some((new, n)) if cli.diff => {
                    fixes.fixed = n;
                    fixes.diff = Some(consentlint::fix::unified_diff(
                        &patch_path(path),
                        &text,
                        &new,
                    ));
                    (text, Ok(l))
                }
                Some((new, n)) => match write_fixed(path, &text, &new) {
                    Ok(()) => {
                        fixes.fixed = n;
                        let again = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            consentlint::lint_with_locales(&new, format, config, &locales)
                        }));
                        (new, again)
                    }
                    Err(e) => return (FileReport::error(name, Some(format), e), None, none()),
                },
            }
        }
        (l, _) => (text, l),
    };
    finish_one(
        name, &text, linted, baseline, cli, human, style, fixes, format,
    )
}

/// A linted file's report: baseline applied, rendered for human or HTML output.
#[allow(clippy::too_many_arguments)]
fn finish_one(
    name: &str,
    text: &str,
    linted: std::thread::Result<consentlint::Linted>,
    baseline: &Baseline,
    cli: &Cli,
    human: bool,
    style: report::human::Style,
    fixes: Fixes,
    format: Format,
) -> (FileReport, Option<String>, Fixes) {
    match linted {
        Ok(l) => {
            let mut r = FileReport::new(name, text, l);
            if let Some(known) = baseline.get(Path::new(name)) {
                let before = r.diagnostics.len();
                r.diagnostics
                    .retain(|d| !known.contains(&d.diagnostic.fingerprint));
                let hidden = before - r.diagnostics.len();
                BASELINED.fetch_add(hidden, Ordering::Relaxed);
                BASELINE_FILES.fetch_add(1, Ordering::Relaxed);
                if hidden == 0 && !known.is_empty() && !r.diagnostics.is_empty() {
                    if let Ok(mut s) = STALE.lock() {
                        s.push((name.to_string(), known.len(), r.diagnostics.len()));
                    }
                }
            }
            let rendered = if cli.format == OutputFormat::Html {
                Some(report::html::render_file(&r, text))
            } else {
                human.then(|| report::human::render_file(&r, text, style))
            };
            (r, rendered, fixes)
        }
        Err(_) => (
            FileReport::error(
                name,
                Some(format),
                SourceError::new(
                    "internal",
                    "internal error while linting this file (please report it)",
                ),
            ),
            None,
            fixes,
        ),
    }
}

/// "1 finding", "3 findings".
fn findings(n: usize) -> String {
    format!("{n} finding{}", if n == 1 { "" } else { "s" })
}

/// The path a patch names: relative to the repository root (the folder holding `.git`
/// above the current directory), as `git diff` writes it, so that `git apply` finds the
/// file from anywhere in the repository and `patch -p1` from its root; outside a
/// repository, relative to the current directory. `./`, `..` and duplicate separators are
/// resolved and `/` separates components.
fn patch_path(path: &Path) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return path.display().to_string();
    };
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let base = cwd
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&cwd)
        .to_path_buf();
    let abs = cwd.join(path);
    let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
    let Ok(rel) = abs.strip_prefix(&base) else {
        // outside: as given (the patch is applied from elsewhere)
        return path.display().to_string();
    };
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `--diff`: the patch alone on standard output; file errors and what the patch leaves
/// (findings without an automatic fix) on standard error. Exit 1 when there is a patch.
fn diff_output(reports: &[FileReport], fixes: &[Fixes], quiet: bool) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for f in fixes {
        if let Some(d) = &f.diff {
            let _ = out.write_all(d.as_bytes());
        }
    }
    let _ = out.flush();
    for r in reports {
        if let Some(e) = report::human::render_error(r) {
            eprint!("{e}");
        }
    }
    let fixed: usize = fixes.iter().map(|f| f.fixed).sum();
    let files = fixes.iter().filter(|f| f.diff.is_some()).count();
    let all: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let left = all.saturating_sub(fixed);
    if !quiet {
        let mut s = if fixed == 0 {
            "No automatic fixes".to_string()
        } else {
            format!(
                "The patch fixes {} in {files} file{} (apply it with `git apply` or `patch -p1`)",
                findings(fixed),
                if files == 1 { "" } else { "s" }
            )
        };
        if left > 0 {
            s.push_str(&format!(
                "; {} {} no automatic fix (run without --diff to see {})",
                findings(left),
                if left == 1 { "has" } else { "have" },
                if left == 1 { "it" } else { "them" }
            ));
        }
        eprintln!("{s}");
    }
    if reports.iter().any(|r| r.error.is_some()) {
        return ExitCode::from(2);
    }
    ExitCode::from(if files > 0 { 1 } else { 0 })
}

/// Guess the format of unnamed input: HTML if it starts with a tag.
fn sniff(bytes: &[u8]) -> Format {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let t = s
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if t.starts_with("<!doctype")
        || t.starts_with("<html")
        || t.starts_with("<form")
        || t.starts_with("<div")
        || t.starts_with("<body")
        || t.starts_with("<head")
        || t.starts_with("<section")
        || t.starts_with("<input")
        || t.starts_with("<label")
    {
        Format::Html
    } else {
        Format::Markdown
    }
}

fn init(force: bool) -> ExitCode {
    match consentlint::config::write_starter(Path::new("."), force) {
        Ok(p) => {
            eprintln!("wrote {}", p.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn rules() -> ExitCode {
    let mut out = String::new();
    out.push_str(&format!("{:<36} {:<8} {}\n", "LINT", "SEVERITY", "SUMMARY"));
    for l in consentlint::lints::all() {
        let p = consentlint::lints::pack(l.id());
        out.push_str(&format!(
            "{:<36} {:<8} {}\n",
            p.id,
            p.default_severity.map_or("-", |s| s.as_str()),
            p.summary
        ));
    }
    print!("{out}");
    ExitCode::SUCCESS
}

fn explain(id: &str) -> ExitCode {
    if id == consentlint::suppress::UNUSED {
        print!(
            "{id} (warning)\nA suppression comment that suppresses nothing, or names an unknown lint.\n\n\
             Stale exceptions hide future findings: remove the comment, fix the lint id, or move the\n\
             comment right before the finding it is for. Syntax:\n\
             \x20 <!-- consentlint-disable-next LINT -- reason -->   the next block or control\n\
             \x20 <!-- consentlint-disable-line LINT -- reason -->   findings on the same line\n\
             \x20 <!-- consentlint-disable LINT -->  ...  <!-- consentlint-enable LINT -->\n\
             \x20 <!-- consentlint-disable-file -- reason -->\n"
        );
        return ExitCode::SUCCESS;
    }
    let Some(p) = consentlint::packs::lint_pack(id) else {
        let mut ids = consentlint::config::lint_ids();
        ids.push(consentlint::suppress::UNUSED);
        match consentlint::config::did_you_mean(id, &ids) {
            Some(near) => eprintln!(
                "error: unknown lint `{id}`; did you mean `{near}`? (`consentlint rules` lists them)"
            ),
            None => eprintln!("error: unknown lint `{id}` (`consentlint rules` lists them)"),
        }
        return ExitCode::from(2);
    };
    let mut s = String::new();
    s.push_str(&format!(
        "{} ({})\n{}\n\n",
        p.id,
        p.default_severity.map_or("-", |s| s.as_str()),
        p.summary
    ));
    s.push_str(p.explanation.trim());
    s.push_str("\n\nLegal basis:\n");
    for b in &p.basis {
        s.push_str(&format!("  - {b}\n"));
    }
    if !p.examples.is_empty() {
        s.push_str("\nExamples:\n");
        for e in &p.examples {
            if let Some(b) = &e.bad {
                s.push_str(&format!("  [{}] bad:  {}\n", e.lang, b));
            }
            if let Some(g) = &e.good {
                s.push_str(&format!("  [{}] good: {}\n", e.lang, g));
            }
        }
    }
    print!("{s}");
    ExitCode::SUCCESS
}

/// Every error of a configuration file as miette renders it, each pointing into the file,
/// then how many there were.
fn render_config_error(e: &consentlint::config::ConfigError) -> String {
    let all = e.all();
    let name = shown_path(&e.path);
    let mut out = String::new();
    for (message, span) in &all {
        let mut d = miette::MietteDiagnostic::new(format!("invalid configuration: {message}"))
            .with_code("config");
        if let Some(span) = span {
            d = d.with_label(miette::LabeledSpan::new_primary_with_span(
                Some("here".into()),
                (*span).clone(),
            ));
        }
        let report = miette::Report::new(d)
            .with_source_code(miette::NamedSource::new(name.clone(), e.source.clone()));
        let mut s = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        if handler.render_report(&mut s, report.as_ref()).is_err() {
            s = format!("error: {name}: {message}\n");
        }
        out.push_str(&s);
    }
    if all.len() > 1 {
        out.push_str(&format!(
            "{} errors in the configuration file {}\n",
            all.len(),
            name
        ));
    }
    out
}

/// A path as the user would type it: relative to the current directory when it is inside it.
fn shown_path(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .map(|d| std::fs::canonicalize(&d).unwrap_or(d));
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// Say once when the baseline does not fit this run: a file in it none of whose recorded
/// findings matched any of its findings now, or a run whose files are all missing from it.
fn baseline_warnings(path: &Path, baseline: &Baseline, reports: &[FileReport]) {
    let mut stale = STALE.lock().map(|s| s.clone()).unwrap_or_default();
    stale.sort();
    for (file, recorded, now) in stale {
        eprintln!(
            "warning: {file}: none of its {} in the baseline {} matched; its {} reported as new \
             (the text changed, or the baseline was written by another version of consentlint)",
            findings(recorded),
            path.display(),
            if now == 1 {
                "1 finding is".to_string()
            } else {
                format!("{now} findings are")
            },
        );
    }
    let with_findings = reports.iter().any(|r| !r.diagnostics.is_empty());
    if BASELINE_FILES.load(Ordering::Relaxed) == 0 && !baseline.files.is_empty() && with_findings {
        eprintln!(
            "warning: none of the {} file{} in the baseline {} was linted in this run; its paths are \
             relative to its folder {}",
            baseline.files.len(),
            if baseline.files.len() == 1 { "" } else { "s" },
            path.display(),
            baseline.dir.display()
        );
    }
}

/// How a baseline of this version says its paths are relative to its own folder (older
/// baselines recorded paths as spelled on the command line, relative to where it ran).
const PATH_BASE: &str = "baseline-folder";

/// Fingerprints of known findings by file. Keys are paths relative to the baseline file's
/// folder, with `.`, `..` and duplicate separators resolved and `/` between components
/// (lower-cased when matching ignores case), so `./legal/privacy.md`, `legal/privacy.md`,
/// an absolute path and `privacy.md` run from `legal/` are one file.
#[derive(Default)]
struct Baseline {
    /// The baseline file's folder, absolute.
    dir: PathBuf,
    ignore_case: bool,
    files: std::collections::HashMap<String, std::collections::HashSet<String>>,
}

impl Baseline {
    /// `{"version": 1, "path_base": "baseline-folder", "ignore_case": false,
    ///   "findings": {"path": ["fingerprint", ...]}}`
    fn read(p: &Path, ignore_case: bool) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "no such file (a baseline path is relative to the current directory, {})",
                std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default()
            ),
            _ => e.to_string(),
        })?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("not a baseline file: {e}"))?;
        let findings = v
            .get("findings")
            .and_then(|f| f.as_object())
            .ok_or("not a baseline file: no \"findings\" object")?;
        let relative_to_file = v.get("path_base").and_then(|b| b.as_str()) == Some(PATH_BASE);
        let mut b = Baseline {
            dir: folder_of(p),
            ignore_case: ignore_case
                || v.get("ignore_case").and_then(|b| b.as_bool()) == Some(true),
            files: Default::default(),
        };
        for (path, fps) in findings {
            let set = fps
                .as_array()
                .ok_or_else(|| format!("findings for {path} are not a list"))?
                .iter()
                .filter_map(|f| f.as_str().map(str::to_string));
            let key = if relative_to_file {
                b.key(&b.dir.join(path))
            } else {
                b.key(Path::new(path))
            };
            b.files.entry(key).or_default().extend(set);
        }
        Ok(b)
    }

    fn get(&self, path: &Path) -> Option<&std::collections::HashSet<String>> {
        if self.files.is_empty() {
            return None;
        }
        self.files.get(&self.key(path))
    }

    /// The key of a file named `path` (relative to the current directory, or absolute).
    fn key(&self, path: &Path) -> String {
        let k = relative_to(&absolute(path), &self.dir);
        if self.ignore_case {
            k.to_lowercase()
        } else {
            k
        }
    }
}

/// The absolute folder a file (which may not exist yet) is in.
fn folder_of(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    absolute(dir)
}

/// `path` made absolute: symbolic links and `..` resolved where it exists, else lexically
/// (`.` dropped, `..` taking off the component before it).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        std::fs::canonicalize(&cwd).unwrap_or(cwd).join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `path` relative to `base` (both absolute), with `..` where it lies outside, and `/`
/// between components.
fn relative_to(path: &Path, base: &Path) -> String {
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Write the baseline atomically (a temporary file renamed over the target), its paths
/// relative to its own folder.
fn write_baseline(p: &Path, reports: &[FileReport], ignore_case: bool) -> std::io::Result<()> {
    let b = Baseline {
        dir: folder_of(p),
        ignore_case,
        files: Default::default(),
    };
    let mut files: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in reports {
        if r.diagnostics.is_empty() {
            continue;
        }
        let fps = files.entry(b.key(Path::new(&r.path))).or_default();
        for d in &r.diagnostics {
            if !fps.contains(&d.diagnostic.fingerprint) {
                fps.push(d.diagnostic.fingerprint.clone());
            }
        }
    }
    let mut v = serde_json::json!({ "version": 1, "path_base": PATH_BASE, "findings": files });
    if ignore_case {
        v["ignore_case"] = serde_json::Value::Bool(true);
    }
    let text = serde_json::to_string_pretty(&v).map_err(std::io::Error::other)? + "\n";
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        p.file_name().and_then(|n| n.to_str()).unwrap_or("baseline"),
        std::process::id()
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, p).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Write the fixed text over `path` atomically (a temporary file in the same folder, with the
/// same permissions, renamed over it), unless the file changed since it was read.
fn write_fixed(path: &Path, read: &str, fixed: &str) -> Result<(), SourceError> {
    let io = |e: std::io::Error| SourceError::new("io", format!("could not write the fix: {e}"));
    let now = std::fs::read(path).map_err(io)?;
    if now != read.as_bytes() {
        return Err(SourceError::new(
            "changed",
            "the file changed while it was being linted; not fixed",
        ));
    }
    let perms = std::fs::metadata(path).map_err(io)?.permissions();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.consentlint-{}.tmp", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, fixed)?;
        std::fs::set_permissions(&tmp, perms)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
