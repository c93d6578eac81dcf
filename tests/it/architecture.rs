//! The invariants of ARCHITECTURE.md that a machine can check.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_core_does_no_io() {
    let mut files = Vec::new();
    for layer in ["syntax", "vocab", "check", "format", "export", "ide"] {
        rust_files(&src().join(layer), &mut files);
    }
    files.push(src().join("fix.rs"));
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "println!",
        "eprintln!",
        "print!(",
        "std::io::stdout",
        "std::io::stdin",
    ];
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may print; only the code before `#[cfg(test)]` counts.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for word in forbidden {
            if code.contains(word) {
                offences.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

/// The protocol's UTF-16 positions are counted only in `lsp/convert.rs` (and in
/// `text::LineIndex`, which it calls); `ide` knows nothing of LSP.
#[test]
fn utf16_only_in_lsp_convert() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut offences = Vec::new();
    for file in &files {
        let allowed = file.ends_with("lsp/convert.rs") || file.ends_with("text.rs");
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        if !allowed && (code.contains("utf16") || code.contains("len_utf16")) {
            offences.push(format!("{} counts UTF-16 units", file.display()));
        }
    }
    let mut ide = Vec::new();
    rust_files(&src().join("ide"), &mut ide);
    for file in &ide {
        let text = std::fs::read_to_string(file).unwrap();
        if text.contains("ls_types") || text.contains("tower_lsp") || text.contains("crate::lsp") {
            offences.push(format!("{} knows of LSP", file.display()));
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().trim_start().starts_with("//!"))
        .collect();
    assert!(missing.is_empty(), "modules without a //! doc: {missing:#?}");
}

#[test]
fn every_rule_has_its_own_module() {
    for rule in evn::diagnostic::Rule::ALL {
        let file = src().join("check/rules").join(format!("{}.rs", rule.name().replace('-', "_")));
        assert!(file.exists(), "no module for rule {rule}: {}", file.display());
    }
}
