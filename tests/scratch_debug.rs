#[test]
fn debug_examples() {
    for name in ["mistakes", "review-3-4.1"] {
        let path = format!("../shared/examples/{name}.evn");
        let text = std::fs::read_to_string(&path).unwrap();
        let sources = [evn::check::Source { text: &text, kind: evn::check::SourceKind::Evn, invalid_utf8: &[] }];
        let options = evn::check::Options { hints: false, ..Default::default() };
        let analysis = evn::check::analyze(&sources, &options);
        let lines = evn::text::LineIndex::new(&text);
        for d in &analysis.diagnostics {
            let lc = lines.line_col(&text, d.span.start);
            println!("{name}:{}:{} {} {:?}: {}", lc.line, lc.column, d.rule, d.severity, d.message);
        }
    }
}
