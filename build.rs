//! Embeds every lint pack under `lints/` in the binary.
use std::fmt::Write as _;
use std::path::Path;

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

fn main() {
    // read at run time: a build script compiled in another checkout must not read that checkout
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("lints");
    println!("cargo:rerun-if-changed=lints");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("/// Every embedded pack: (path under lints/, TOML text).\npub static EMBEDDED_PACKS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=lints/{f}");
        writeln!(
            code,
            "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lints/{f}\"))),"
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("packs.rs");
    std::fs::write(out, code).unwrap();
}
