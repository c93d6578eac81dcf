//! `cargo bench --bench namespaces`: what each reference namespace costs once it is
//! loaded (spec §10 A: they load lazily and cost nothing when unused).
//!
//! Each namespace is measured in a process of its own (this program runs itself with
//! the namespace's name), so that nothing another one loaded is counted: the resident
//! size (`VmRSS` of `/proc/self/status`) and the wall time before and after each step a
//! lookup may need, in the order lookups need them: the table (decompressed and
//! indexed by exact name), its case-insensitive index, its spelling-variant index, and
//! the descriptions and classes that hover and `evn explain` show.

// Tests and benchmarks may unwrap, expect and panic (the crate denies them in library code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::Instant;

use evn::vocab::reference::gene_full_name;
use evn::vocab::table::NameTable;
use evn::vocab::variants::NameVariants;
use evn::vocab::{Reference, Species};

/// Every namespace: the genes, then the rows of [`Reference::ALL`].
fn namespaces() -> Vec<&'static str> {
    ["genes:human", "genes:mouse"]
        .into_iter()
        .chain(Reference::ALL.iter().map(|r| r.name()))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--one") {
        measure(&args[at + 1]);
        return;
    }
    println!(
        "{:<12} {:>8} {:>16} {:>16} {:>16} {:>16} {:>10}",
        "namespace", "entries", "table", "+ any case", "+ variants", "+ descriptions", "all"
    );
    for name in namespaces() {
        let out = Command::new(&args[0])
            .args(["--one", name])
            .output()
            .expect("run the measuring process");
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}

/// Resident size in kB.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// What `f` added to the resident size (kB), and how long it took (ms).
fn timed<T>(f: impl FnOnce() -> T) -> (T, u64, f64) {
    let before = resident();
    let start = Instant::now();
    let out = std::hint::black_box(f());
    let ms = start.elapsed().as_secs_f64() * 1e3;
    (out, resident().saturating_sub(before), ms)
}

fn measure(name: &str) {
    let ((table, reference, species), table_kb, table_ms) = timed(|| {
        let loaded: (&'static NameTable, Option<Reference>, Option<Species>) = match name {
            "genes:human" => (NameTable::get(Species::Human), None, Some(Species::Human)),
            "genes:mouse" => (NameTable::get(Species::Mouse), None, Some(Species::Mouse)),
            other => {
                let reference = Reference::from_name(other).expect("a reference namespace");
                (reference.table(), Some(reference), None)
            }
        };
        std::hint::black_box(loaded.0.lookup("ABCB1"));
        loaded
    });
    let (_, case_kb, case_ms) = timed(|| table.lookup_ignore_case("abcb1").is_none());
    let (_, variants_kb, variants_ms) = timed(|| {
        let index = match (reference, species) {
            (Some(r), _) => NameVariants::of_reference(r),
            (None, Some(s)) => NameVariants::get(s),
            _ => unreachable!(),
        };
        index.genes("TGF-beta").len()
    });
    let (_, info_kb, info_ms) = timed(|| match reference {
        Some(r) => table.names().next().and_then(|(_, id, _)| r.info(id)).is_some(),
        None if species == Some(Species::Human) => gene_full_name("ABCB1").is_some(),
        None => false,
    });
    let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
    let cell = |kb: u64, ms: f64| format!("{} ({ms:.0} ms)", mb(kb));
    println!(
        "{:<12} {:>8} {:>16} {:>16} {:>16} {:>16} {:>10}",
        name,
        table.len(),
        cell(table_kb, table_ms),
        cell(case_kb, case_ms),
        cell(variants_kb, variants_ms),
        cell(info_kb, info_ms),
        mb(table_kb + case_kb + variants_kb + info_kb)
    );
}
