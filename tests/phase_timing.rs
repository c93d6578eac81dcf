//! Not a test of behaviour: prints how long each phase takes on a corpus named by
//! `EVN_BENCH_FILE` (see BENCHMARKS.md). Ignored by default.

#[test]
#[ignore]
fn phase_timing() {
    let Ok(path) = std::env::var("EVN_BENCH_FILE") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let t = std::time::Instant::now();
    let ast = evn::syntax::parse(&text);
    let parse = t.elapsed();
    let claims = ast.claims().count();
    drop(ast);
    let t = std::time::Instant::now();
    let sources = [evn::check::Source { text: &text, kind: evn::check::SourceKind::Evn, invalid_utf8: &[] }];
    let analysis = evn::check::analyze(&sources, &evn::check::Options { hints: false, ..Default::default() });
    let total = t.elapsed();
    println!(
        "{claims} claims: parse {:.0} ms ({:.2} M claims/s), analyze {:.0} ms ({:.2} M claims/s), {} diagnostics",
        parse.as_secs_f64() * 1e3,
        claims as f64 / parse.as_secs_f64() / 1e6,
        total.as_secs_f64() * 1e3,
        claims as f64 / total.as_secs_f64() / 1e6,
        analysis.diagnostics.len()
    );
}
