//! `consentlint lsp` end to end: the real binary, JSON-RPC with Content-Length framing
//! over its stdin and stdout. Expected positions are computed here, independently of
//! the server, in UTF-16 code units or UTF-8 bytes. Every read has a timeout, so a
//! hung server fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A Markdown signup page, CRLF line ends, emoji and æøå before and in the finding's line.
const MD: &str = "# Sign up 😀\r\n\r\nYour options, æøå 🎉:\r\n\r\n- [x] I agree to receive marketing emails 📧 from Fellside Travel\r\n- [ ] Text me when new competitions open\r\n";

/// A Danish HTML form whose newsletter box is ticked, after emoji and æøå on its line.
const HTML: &str = "<!doctype html>\n<html lang=\"da\">\n<body>\n<h1>Tilmeld dig vores nyhedsbrev 😀</h1>\n<form>\n<p>Kære kunde, æøå 🎉 <label><input type=\"checkbox\" name=\"nyhedsbrev\" checked> Ja tak, send mig nyhedsbrevet med tilbud</label></p>\n</form>\n</body>\n</html>\n";

const CLEAN: &str = "# Sign up\n\nThere is nothing to tick on this page.\n";

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    seen: Vec<Value>,
    /// What the server wrote to stderr (also echoed, so a failing test shows it).
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_consentlint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (mut err, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                eprint!("{text}");
                sink.lock().unwrap().push_str(&text);
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    assert!(line.ends_with("\r\n"), "header line {line:?}");
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = Some(v.parse::<usize>().expect("a length"));
                    }
                }
                let mut body = vec![0; len.expect("Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("a JSON body");
                assert_eq!(v["jsonrpc"], "2.0", "{v}");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            next_id: 0,
            seen: Vec::new(),
            stderr,
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.send_raw(v.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and return its whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(TIMEOUT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("the server said nothing for {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The next message that `pred` accepts; the others are kept in `seen`.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            let m = self.recv();
            if pred(&m) {
                return m;
            }
            self.seen.push(m);
        }
        panic!(
            "no expected message within {TIMEOUT:?}; seen {:?}",
            self.seen
        )
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, dir: &Path, encodings: Option<&[&str]>) -> Value {
        let mut caps =
            json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}});
        if let Some(e) = encodings {
            caps["general"] = json!({ "positionEncodings": e });
        }
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir, ""), "capabilities": caps}),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, language_id: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change_full(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    /// Close stdin and wait for the process, failing after the timeout.
    fn wait_exit(&mut self) -> ExitStatus {
        self.stdin = None;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown_and_exit(&mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `file:` URI in `dir` (ASCII names only in these tests, except where encoded by hand).
fn uri(dir: &Path, name: &str) -> String {
    let d = dir.to_str().unwrap().trim_end_matches('/');
    if name.is_empty() {
        format!("file://{d}")
    } else {
        format!("file://{d}/{name}")
    }
}

/// A temporary folder that is its own repository root, so no configuration above it applies.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    dir
}

// --- positions, computed independently of the server ---

fn units(s: &str, utf8: bool) -> u64 {
    if utf8 {
        s.len() as u64
    } else {
        s.encode_utf16().count() as u64
    }
}

fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": units(&text[line_start..offset], utf8)})
}

fn range(text: &str, start: usize, end: usize, utf8: bool) -> Value {
    json!({"start": position(text, start, utf8), "end": position(text, end, utf8)})
}

fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let want = pos["character"].as_u64().unwrap();
    let line_start = if line == 0 {
        0
    } else {
        text.match_indices('\n').nth(line - 1).unwrap().0 + 1
    };
    let mut n = 0;
    for (i, c) in text[line_start..].char_indices() {
        if n == want {
            return line_start + i;
        }
        n += units(c.encode_utf8(&mut [0; 4]), utf8);
    }
    assert_eq!(n, want);
    text.len()
}

/// Apply a WorkspaceEdit's edits for `uri` to `text`, as an editor would.
fn apply(text: &str, edit: &Value, uri: &str, utf8: bool) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .expect("edits for the document")
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// One session in one encoding: both documents, hover, quick fix, change, close, shutdown.
fn session(utf8: bool) {
    let dir = repo();
    let mut c = Client::start(dir.path());
    let offered: &[&str] = &["utf-8", "utf-16"];
    let init = c.initialize(dir.path(), utf8.then_some(offered));
    let caps = &init["result"]["capabilities"];
    let enc = caps["positionEncoding"].as_str().unwrap_or("utf-16");
    assert_eq!(enc, if utf8 { "utf-8" } else { "utf-16" }, "{init}");
    assert_eq!(caps["hoverProvider"], true, "{init}");
    assert!(caps["codeActionProvider"].is_object(), "{init}");

    // Markdown: `[x]` on line 4 (0-based); its label runs past an emoji
    let md_uri = uri(dir.path(), "signup.md");
    let diags = c.open(&md_uri, "markdown", MD);
    let pre = by_code(&diags, "pre-checked-consent");
    assert_eq!(pre.len(), 1, "{diags:?}");
    let d = pre[0];
    let x = MD.find("[x]").unwrap();
    assert_eq!(d["range"], range(MD, x, x + 3, utf8), "{d}");
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": 2}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "consentlint");
    assert!(
        d["message"].as_str().unwrap().contains("ticked by default"),
        "{d}"
    );
    let label = "I agree to receive marketing emails 📧 from Fellside Travel";
    let l = MD.find(label).unwrap();
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], md_uri.as_str());
    assert_eq!(
        related["location"]["range"],
        range(MD, l, l + label.len(), utf8)
    );
    // the emoji makes the encodings differ: 59 UTF-16 units or 61 bytes from column 6
    let end = related["location"]["range"]["end"]["character"].clone();
    assert_eq!(end, if utf8 { 67 } else { 65 });

    // Danish HTML: `checked` after "æøå 🎉" on line 5
    let html_uri = uri(dir.path(), "tilmelding.html");
    let hdiags = c.open(&html_uri, "html", HTML);
    let hpre = by_code(&hdiags, "pre-checked-consent");
    assert_eq!(hpre.len(), 1, "{hdiags:?}");
    let k = HTML.find(" checked>").unwrap() + 1;
    assert_eq!(hpre[0]["range"], range(HTML, k, k + 7, utf8), "{}", hpre[0]);
    let col = hpre[0]["range"]["start"]["character"].as_u64().unwrap();
    assert_eq!(col, if utf8 { 76 } else { 70 });

    // hover over `checked` shows the explanation and the legal basis from the pack
    let pack = consentlint::packs::lint_pack("pre-checked-consent").unwrap();
    let mid = position(HTML, k + 3, utf8);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": html_uri}, "position": mid}),
    );
    let value = h["result"]["contents"]["value"].as_str().expect("a hover");
    assert_eq!(h["result"]["contents"]["kind"], "markdown");
    assert!(value.contains("pre-checked-consent"), "{value}");
    assert!(value.contains("Planet49"), "{value}");
    for b in &pack.basis {
        assert!(value.contains(b.as_str()), "basis {b} missing: {value}");
    }
    assert_eq!(h["result"]["range"], hpre[0]["range"]);
    // nothing to say where there is no finding
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": html_uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(h["result"], Value::Null, "{h}");

    // quick fix for the HTML finding, applied by the client, removes the finding
    let ca = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": html_uri}, "range": hpre[0]["range"],
               "context": {"diagnostics": [hpre[0]]}}),
    );
    let actions = ca["result"].as_array().expect("actions");
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("{ca}"));
    assert!(fix["title"].as_str().unwrap().contains("checked"), "{fix}");
    assert_eq!(fix["diagnostics"][0]["code"], "pre-checked-consent");
    let fixed = apply(HTML, &fix["edit"], &html_uri, utf8);
    assert!(
        fixed.contains("name=\"nyhedsbrev\"> Ja tak"),
        "the box is unticked: {fixed}"
    );
    // send it back as an incremental change, with the edit's own range
    let e = &fix["edit"]["changes"][html_uri.as_str()][0];
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": html_uri, "version": 2},
               "contentChanges": [{"range": e["range"], "text": e["newText"]}]}),
    );
    let after = c.diagnostics(&html_uri);
    assert!(
        by_code(&after, "pre-checked-consent").is_empty(),
        "{after:?}"
    );
    // the server's text is the client's text: linting it directly gives the same
    let lib = consentlint::lint(&fixed, consentlint::Format::Html, &Default::default());
    assert_eq!(after.len(), lib.len(), "{after:?}");

    // the Markdown quick fix turns `[x]` into `[ ]`
    let ca = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": md_uri}, "range": d["range"], "context": {"diagnostics": []}}),
    );
    let fix = ca["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("{ca}"))
        .clone();
    let fixed = apply(MD, &fix["edit"], &md_uri, utf8);
    assert_eq!(fixed, MD.replacen("[x]", "[ ]", 1));
    let after = c.change_full(&md_uri, 2, &fixed);
    assert!(
        by_code(&after, "pre-checked-consent").is_empty(),
        "{after:?}"
    );

    // a clean text has no findings; closing clears them
    assert_eq!(c.change_full(&md_uri, 3, CLEAN), Vec::<Value>::new());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": html_uri}}),
    );
    assert_eq!(c.diagnostics(&html_uri), Vec::<Value>::new());

    let status = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
    assert!(!c.stderr.lock().unwrap().contains("panicked"));
}

#[test]
fn utf16_session_diagnostics_hover_quick_fix_and_exit() {
    session(false);
}

#[test]
fn utf8_session_when_the_client_offers_it() {
    session(true);
}

#[test]
fn save_relints_and_template_extensions_read_as_html() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), None);
    // a Twig template with an unknown language id is read as HTML by its extension
    let twig = uri(dir.path(), "signup.twig");
    let diags = c.open(&twig, "twig-custom", HTML);
    assert_eq!(by_code(&diags, "pre-checked-consent").len(), 1, "{diags:?}");
    // a file consentlint does not read gets no findings
    let rs = uri(dir.path(), "main.rs");
    assert_eq!(c.open(&rs, "rust", HTML), Vec::<Value>::new());
    // "fix all" on save, as editors ask for it with `only`
    let ca = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": twig},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = ca["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{ca}");
    assert_eq!(actions[0]["kind"], "source.fixAll.consentlint");
    let fixed = apply(HTML, &actions[0]["edit"], &twig, false);
    assert_eq!(fixed, HTML.replace(" checked>", ">"));
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": twig}, "text": CLEAN}),
    );
    assert_eq!(c.diagnostics(&twig), Vec::<Value>::new());
    assert_eq!(c.shutdown_and_exit().code(), Some(0));
}

#[test]
fn configuration_is_discovered_per_document_and_errors_do_not_crash() {
    let dir = repo();
    // a folder with a space and æ, to exercise the URI's percent-decoding
    let site = dir.path().join("vilkår og betingelser");
    std::fs::create_dir_all(site.join("ok")).unwrap();
    std::fs::create_dir_all(site.join("broken")).unwrap();
    std::fs::write(
        site.join("ok/consentlint.toml"),
        "[lints]\nmissing-withdrawal = \"off\"\npre-checked-consent = \"info\"\n",
    )
    .unwrap();
    std::fs::write(
        site.join("broken/consentlint.toml"),
        "[lints]\npre-checked-consent = \"loud\"\n",
    )
    .unwrap();
    let encoded = "vilk%C3%A5r%20og%20betingelser";
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), None);

    let ok = uri(dir.path(), &format!("{encoded}/ok/signup.md"));
    let diags = c.open(&ok, "markdown", MD);
    assert!(
        by_code(&diags, "missing-withdrawal").is_empty(),
        "{diags:?}"
    );
    let pre = by_code(&diags, "pre-checked-consent");
    assert_eq!(pre.len(), 1, "{diags:?}");
    assert_eq!(pre[0]["severity"], 3, "info, as configured: {diags:?}");

    // without a configuration both lints report at their defaults
    let plain = uri(dir.path(), "signup.md");
    let diags = c.open(&plain, "markdown", MD);
    assert_eq!(by_code(&diags, "missing-withdrawal").len(), 1, "{diags:?}");
    assert_eq!(by_code(&diags, "pre-checked-consent")[0]["severity"], 1);

    // a broken configuration: one diagnostic at the start of the file, pointing into the TOML
    let broken = uri(dir.path(), &format!("{encoded}/broken/signup.md"));
    let diags = c.open(&broken, "markdown", MD);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "config");
    assert_eq!(
        diags[0]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}})
    );
    assert!(
        diags[0]["message"].as_str().unwrap().contains("loud"),
        "{diags:?}"
    );
    let rel = &diags[0]["relatedInformation"][0]["location"];
    assert!(
        rel["uri"]
            .as_str()
            .unwrap()
            .ends_with("/broken/consentlint.toml"),
        "{rel}"
    );
    assert_eq!(
        rel["range"],
        json!({"start": {"line": 1, "character": 23}, "end": {"line": 1, "character": 27}})
    );
    // and a message for the user, shown once
    let shown = c
        .seen
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .count();
    assert_eq!(shown, 1, "{:?}", c.seen);
    // the server lives on
    assert_eq!(c.shutdown_and_exit().code(), Some(0));
}

#[test]
fn bad_input_gets_error_responses_and_the_server_lives_on() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    // a request before initialize
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.initialize(dir.path(), None);
    // a second initialize
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // a body that is not JSON: a parse error with id null
    c.send_raw(b"{not json");
    let r = c.wait(|m| m.get("error").is_some());
    assert_eq!(r["error"]["code"], -32700, "{r}");
    assert_eq!(r["id"], Value::Null);
    // an unknown method
    let r = c.request("consentlint/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // a document that is not open
    let nowhere = uri(dir.path(), "nowhere.md");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": nowhere}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": nowhere}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // params of the wrong shape
    let r = c.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // notifications for unknown documents or with bad params are logged, not fatal
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nowhere, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": null}));
    // positions out of range are clamped
    let md = uri(dir.path(), "a.md");
    let diags = c.open(&md, "markdown", MD);
    assert!(!diags.is_empty());
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": md}, "position": {"line": 4000, "character": 4000}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": md}, "range": {"start": {"line": 99, "character": 0}, "end": {"line": 0, "character": 99}}, "context": {"diagnostics": []}}),
    );
    assert!(r["result"].is_array(), "{r}");
    // an incremental change with an out-of-range range appends at the end
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": md, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 900, "character": 0}, "end": {"line": 900, "character": 5}}, "text": "\r\nMore text 😀\r\n"}]}),
    );
    let again = c.diagnostics(&md);
    assert_eq!(by_code(&again, "pre-checked-consent").len(), 1, "{again:?}");
    let logged = c
        .seen
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .count();
    assert_eq!(logged, 2, "{:?}", c.seen);

    // exit without shutdown: exit code 1, as the protocol says
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
    std::thread::sleep(Duration::from_millis(100));
    let err = c.stderr.lock().unwrap().clone();
    assert!(err.contains("without `shutdown`"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn requests_after_shutdown_are_refused() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), None);
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

#[test]
fn a_burst_of_incremental_changes_ends_in_the_final_text() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), None);
    let md = uri(dir.path(), "burst.md");
    assert!(c.open(&md, "markdown", CLEAN).is_empty());
    // type the pre-ticked item character by character at the end, as an editor sends it
    let item = "- [x] Send me the newsletter 😀 with offers\n";
    let mut text = CLEAN.to_string();
    let mut version = 1;
    for ch in item.chars() {
        version += 1;
        let end = position(&text, text.len(), false);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": md, "version": version},
                   "contentChanges": [{"range": {"start": end, "end": end}, "text": ch.to_string()}]}),
        );
        text.push(ch);
    }
    // a request after the burst sees all of it
    let x = text.find("[x]").unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": md}, "position": position(&text, x + 1, false)}),
    );
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("pre-checked-consent")),
        "{h}"
    );
    // the last diagnostics published are for the last version, with the finding
    let mut last = None;
    for m in c.seen.iter() {
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == md.as_str() {
            last = Some(m.clone());
        }
    }
    let last = last.expect("diagnostics were published before the hover was answered");
    assert_eq!(last["params"]["version"], version, "{last}");
    let diags = last["params"]["diagnostics"].as_array().unwrap();
    let pre = by_code(diags, "pre-checked-consent");
    assert_eq!(pre.len(), 1, "{diags:?}");
    assert_eq!(pre[0]["range"], range(&text, x, x + 3, false));
    assert_eq!(c.shutdown_and_exit().code(), Some(0));
}

/// A component's finding on `t('key')` points into the translation file (relatedInformation
/// with that file's URI and range), and an open translation file is linted as text.
#[test]
fn translation_files_in_related_information_and_linted_when_open() {
    let dir = repo();
    let da = "{\n  \"signup\": {\n    \"optin\": \"Ja tak, send mig tilbud fra vores partnere\"\n  }\n}\n";
    std::fs::create_dir_all(dir.path().join("messages")).unwrap();
    std::fs::write(dir.path().join("messages/da.json"), da).unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), None);
    let tsx = "export const S = ({ t }) => (\n  <label><input type=\"checkbox\" defaultChecked /> {t('signup.optin')}</label>\n);\n";
    let diags = c.open(&uri(dir.path(), "app/Signup.tsx"), "typescriptreact", tsx);
    let pre = by_code(&diags, "pre-checked-consent");
    assert_eq!(pre.len(), 1, "{diags:?}");
    let rel = pre[0]["relatedInformation"].as_array().unwrap();
    let there = rel
        .iter()
        .find(|r| {
            r["location"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("/messages/da.json")
        })
        .unwrap_or_else(|| panic!("{rel:?}"));
    let at = da.find("Ja tak").unwrap();
    let end = at + "Ja tak, send mig tilbud fra vores partnere".len();
    assert_eq!(there["location"]["range"], range(da, at, end, false));
    // the translation file itself, open in the editor
    let terms = "{ \"terms\": \"Ved at oprette en konto accepterer du, at vi videregiver dine oplysninger til vores samarbejdspartnere til markedsføring.\" }\n";
    let diags = c.open(&uri(dir.path(), "messages/da.json"), "json", terms);
    assert_eq!(
        by_code(&diags, "third-party-marketing").len(),
        1,
        "{diags:?}"
    );
    // a broken one: one diagnostic that says so, the server lives on
    let diags = c.change_full(&uri(dir.path(), "messages/da.json"), 2, "{ \"a\": ");
    assert_eq!(by_code(&diags, "invalid-locale-file").len(), 1, "{diags:?}");
    // package.json is not a translation file
    let diags = c.open(&uri(dir.path(), "package.json"), "json", terms);
    assert!(diags.is_empty(), "{diags:?}");
}
