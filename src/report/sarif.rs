//! SARIF 2.1.0 for code scanning (GitHub code scanning, Azure DevOps, IDE viewers).
//!
//! Rule metadata comes from the lint packs; columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), matching the JSON contract; each result
//! carries its fingerprint in `partialFingerprints`.

use serde_json::{json, Value};

use super::{FileReport, Position};
use crate::diagnostic::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, everything but unreserved
/// characters and `/` percent-encoded.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(p: &Position) -> Value {
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
        "byteOffset": p.start,
        "byteLength": p.end - p.start,
    })
}

/// Render the run as one SARIF log.
pub fn render(reports: &[FileReport]) -> String {
    let lints = crate::lints::all();
    let mut rules: Vec<Value> = lints
        .iter()
        .map(|l| {
            let p = crate::lints::pack(l.id());
            let sev = p.default_severity.unwrap_or(Severity::Warning);
            json!({
                "id": p.id,
                "name": p.id,
                "shortDescription": { "text": p.summary },
                "fullDescription": { "text": p.explanation.trim() },
                "help": { "text": format!("{}\n\nLegal basis: {}", p.help.trim(), p.basis.join("; ")) },
                "defaultConfiguration": { "level": level(sev) },
                "properties": { "tags": ["consent", "privacy"], "basis": p.basis },
            })
        })
        .collect();
    rules.push(json!({
        "id": crate::suppress::UNUSED,
        "name": crate::suppress::UNUSED,
        "shortDescription": { "text": "Suppression comment that suppresses nothing or names an unknown lint" },
        "defaultConfiguration": { "level": "warning" },
    }));
    let rule_index = |id: &str| rules.iter().position(|r| r["id"] == id);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        if let Some(e) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", r.path, e.message) },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) } } } ],
                "properties": { "kind": e.kind },
            }));
        }
        for d in &r.diagnostics {
            let diag = &d.diagnostic;
            let mut result = json!({
                "ruleId": diag.lint,
                "level": level(diag.severity),
                "message": { "text": diag.message },
                "locations": [ {
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&r.path) },
                        "region": region(&d.position),
                    }
                } ],
                "partialFingerprints": { "consentlint/v1": diag.fingerprint },
            });
            if let Some(i) = rule_index(diag.lint) {
                result["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() || !d.related.is_empty() {
                let here = d.labels.iter().map(|(p, m)| (r.path.as_str(), p, m));
                let there = d
                    .related
                    .iter()
                    .map(|x| (x.path.as_str(), &x.position, &x.message));
                result["relatedLocations"] = Value::Array(
                    here.chain(there)
                        .enumerate()
                        .map(|(i, (path, p, m))| {
                            json!({
                                "id": i,
                                "message": { "text": m },
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri(path) },
                                    "region": region(p),
                                }
                            })
                        })
                        .collect(),
                );
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "consentlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "invocations": [ {
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            } ],
            "results": results,
        } ],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            super::uri("./docs/App Store/Privacy Policy.md"),
            "docs/App%20Store/Privacy%20Policy.md"
        );
        assert_eq!(super::uri("da/vilkår.md"), "da/vilk%C3%A5r.md");
    }
}
