//! `--format sarif` validates against the SARIF 2.1.0 JSON schema
//! (tests/schemas/sarif-2.1.0.json, the OASIS schema as shipped in Microsoft's MIT-licensed
//! @microsoft/jest-sarif package), using Python's jsonschema (installed if missing).

use std::process::Command;

#[test]
fn sarif_output_is_valid_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("App Store")).unwrap();
    std::fs::write(
        dir.path().join("App Store/tilmelding æ.html"),
        "<html lang=\"da\"><form><label><input type=\"checkbox\" name=\"nyhedsbrev\" checked> Ja tak, send mig nyhedsbrevet</label></form></html>\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.csv"), "x").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_consentlint"))
        .args(["--format", "sarif", "App Store", "empty.csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a file error still gives exit 2");
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 12, "every lint has rule metadata");
    let pcc = rules
        .iter()
        .find(|r| r["id"] == "pre-checked-consent")
        .unwrap();
    assert!(
        pcc["help"]["text"].as_str().unwrap().contains("Planet49"),
        "basis from the pack"
    );
    let results: Vec<&serde_json::Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "pre-checked-consent")
        .collect();
    assert_eq!(results.len(), 1);
    let r = results[0];
    assert_eq!(r["level"], "error");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "pre-checked-consent"
    );
    assert!(
        r["partialFingerprints"]["consentlint/v1"]
            .as_str()
            .unwrap()
            .len()
            == 16
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "App%20Store/tilmelding%20%C3%A6.html"
    );
    assert_eq!(loc["region"]["startLine"], 1);
    assert!(!run["invocations"][0]["executionSuccessful"]
        .as_bool()
        .unwrap());
    // validate against the schema
    let path = dir.path().join("out.sarif");
    std::fs::write(&path, &o.stdout).unwrap();
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schemas/sarif-2.1.0.json"
    );
    let check = |py: &str| {
        Command::new("python3")
            .args(["-c", py])
            .output()
            .expect("python3 runs")
    };
    if !check("import jsonschema").status.success() {
        let o = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "jsonschema"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "pip install jsonschema: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let v = check(&format!(
        "import json, jsonschema; jsonschema.validate(json.load(open({:?})), json.load(open({:?}))); print('valid')",
        path.display().to_string(),
        schema
    ));
    assert!(
        v.status.success(),
        "SARIF does not validate:\n{}",
        String::from_utf8_lossy(&v.stderr)
    );
}
