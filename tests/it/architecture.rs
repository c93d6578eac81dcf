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

/// The core layers of ARCHITECTURE.md: everything below the front ends and `workspace`.
const CORE: [&str; 10] = [
    "text.rs",
    "text",
    "diagnostic.rs",
    "syntax",
    "vocab",
    "check",
    "format",
    "fix.rs",
    "export",
    "ide",
];

/// What the core may not name, as paths from the crate root (`crate::…`) or from an
/// external crate: IO, the process and its environment, the terminal's streams, the
/// modules that do IO or speak LSP, and the crates of the protocol, the terminal, the
/// runtime and the file system.
const FORBIDDEN: [&str; 17] = [
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "crate::workspace",
    "crate::cli",
    "crate::lsp",
    "tower_lsp_server",
    "anstream",
    "annotate_snippets",
    "tokio",
    "notify",
    "walkdir",
    "tempfile",
];

/// The print macros: the core returns what it has to say.
const PRINTS: [&str; 4] = ["print", "println", "eprint", "eprintln"];

/// The core's files with the module path of each (`src/check/rules/x.rs` is
/// `check::rules::x`), so that `super::` paths resolve.
fn core_files() -> Vec<(std::path::PathBuf, Vec<String>)> {
    let mut files = Vec::new();
    for layer in CORE {
        let path = src().join(layer);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    files.sort();
    let root = src();
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> =
                relative.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            (file, module)
        })
        .collect()
}

#[test]
fn the_core_does_no_io() {
    let files = core_files();
    assert!(files.len() > 50, "the core's files were not found: {files:?}");
    let mut offences = Vec::new();
    for (file, module) in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for offence in layering::offences(&text, &module) {
            let name = file.strip_prefix(src()).unwrap_or(&file).display().to_string();
            offences.push(format!("src/{name}: {offence}"));
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

/// The checker itself: it must see a forbidden path however it is written, and only
/// outside the tests.
#[test]
fn the_layering_check_finds_every_way_of_naming_io() {
    let source = r#"
        use std::{fs, io};
        use crate::workspace::Limits;
        use std::io::{self, Read, stdout as out};
        use ::std::{collections::HashMap, process::{exit}};
        use super::super::cli::app;
        use super::rules;
        use std::io::*;
        use std::io as inout;
        fn f() -> usize {
            inout::stderr();
            let text = std::fs::read_to_string("x").unwrap_or_default();
            let home: Option<String> = std::env::var("HOME").ok();
            println!("{text}");
            format!("{:?}", std::net::Ipv4Addr::LOCALHOST).len() + home.map_or(0, |h| h.len())
        }
        impl S {
            #[cfg(test)]
            fn helper() { std::fs::write("x", "").unwrap(); }
        }
        #[cfg(test)]
        mod tests {
            use std::fs;
            use crate::lsp::server;
            #[test]
            fn t() { println!("tests may print"); }
        }
    "#;
    let found = layering::offences(source, &["check".to_owned(), "limits".to_owned()]);
    assert_eq!(
        found,
        [
            "`crate::cli::app`",
            "`crate::workspace::Limits`",
            "`println!`",
            "`std::env::var`",
            "`std::fs::read_to_string`",
            "`std::fs`",
            "`std::io::*`",
            "`std::io::stderr`",
            "`std::io::stdout`",
            "`std::net::Ipv4Addr::LOCALHOST`",
            "`std::process::exit`",
        ]
    );
    // What the core may name.
    let fine = "use std::io::{self, Read};\nuse crate::text::Span;\nuse super::Source;\n\
                fn f() -> std::io::Result<()> { Ok(()) }\n";
    assert_eq!(layering::offences(fine, &["check".to_owned()]), Vec::<String>::new());
}

/// The layering check: every path a file names, in `use` trees (with their groups),
/// expressions, types, patterns and macro invocations, resolved from the file's module
/// (`super::`, `self::`, a leading `::`), outside items under `#[cfg(test)]`.
mod layering {
    use std::collections::HashMap;

    use syn::punctuated::Punctuated;
    use syn::visit::{self, Visit};

    use super::{FORBIDDEN, PRINTS};

    /// What `source`, the file of module `module`, names that the core may not, as
    /// `` `path` `` (resolved from the crate root), sorted.
    pub fn offences(source: &str, module: &[String]) -> Vec<String> {
        let file = syn::parse_file(source).unwrap_or_else(|e| panic!("does not parse: {e}"));
        let mut walker = Walker {
            module: module.to_vec(),
            found: Vec::new(),
            names: HashMap::new(),
            paths: Vec::new(),
        };
        walker.visit_file(&file);
        // A path may start with a name that a `use` anywhere in the file brought in
        // (`use std::io; … io::stdout()`): read through it.
        for (segments, module) in std::mem::take(&mut walker.paths) {
            let first = segments.first().and_then(|s| walker.names.get(s)).cloned();
            let segments = match first {
                Some(mut full) => {
                    full.extend(segments.into_iter().skip(1));
                    full
                }
                None => segments,
            };
            walker.module = module;
            walker.path(segments);
        }
        walker.found.sort();
        walker.found.dedup();
        walker.found
    }

    struct Walker {
        /// The module the walker is in: the file's, then any inline `mod` inside it.
        module: Vec<String>,
        found: Vec<String>,
        /// The names that `use` items bring into scope, with their paths, resolved.
        names: HashMap<String, Vec<String>>,
        /// The paths outside `use` items, with the module each is in, checked once every
        /// `use` is known.
        paths: Vec<(Vec<String>, Vec<String>)>,
    }

    impl Walker {
        /// Checks one path, given as its segments.
        fn path(&mut self, segments: Vec<String>) {
            let resolved = self.resolve(segments);
            let joined = resolved.join("::");
            let forbidden = FORBIDDEN.iter().any(|f| {
                let f: Vec<&str> = f.split("::").collect();
                // The path names a forbidden module or something in it, or a glob over a
                // module brings a forbidden name into scope.
                resolved.len() >= f.len() && resolved.iter().zip(&f).all(|(a, b)| a == b)
                    || resolved.last().is_some_and(|l| l == "*")
                        && resolved.len() - 1 < f.len()
                        && resolved.iter().zip(&f).take(resolved.len() - 1).all(|(a, b)| a == b)
            });
            if forbidden {
                self.found.push(format!("`{joined}`"));
            }
        }

        /// A path from the crate root for `crate::`, `self::` and `super::` paths; any
        /// other as written, without a leading `::`.
        fn resolve(&self, segments: Vec<String>) -> Vec<String> {
            let mut segments = segments.into_iter().peekable();
            let mut out = match segments.peek().map(String::as_str) {
                Some("self") | Some("super") => {
                    let mut here = vec!["crate".to_owned()];
                    here.extend(self.module.iter().cloned());
                    here
                }
                _ => Vec::new(),
            };
            for segment in segments {
                match segment.as_str() {
                    "self" if !out.is_empty() => {}
                    "super" => {
                        if out.len() > 1 {
                            out.pop();
                        }
                    }
                    _ => out.push(segment),
                }
            }
            out
        }

        fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    self.use_tree(&p.tree, prefix);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => {
                    let full = self.resolve(with(prefix, n.ident.to_string()));
                    let name = if n.ident == "self" { prefix.last() } else { full.last() };
                    if let Some(name) = name {
                        self.names.insert(name.clone(), full.clone());
                    }
                    self.path(full);
                }
                syn::UseTree::Rename(r) => {
                    let full = self.resolve(with(prefix, r.ident.to_string()));
                    self.names.insert(r.rename.to_string(), full.clone());
                    self.path(full);
                }
                syn::UseTree::Glob(_) => self.path(with(prefix, "*".to_owned())),
                syn::UseTree::Group(g) => {
                    for tree in &g.items {
                        self.use_tree(tree, prefix);
                    }
                }
            }
        }
    }

    fn with(prefix: &[String], last: String) -> Vec<String> {
        let mut path = prefix.to_vec();
        path.push(last);
        path
    }

    /// Whether an item is compiled for the tests only (`#[cfg(test)]`,
    /// `#[cfg(all(test, …))]`).
    fn test_only(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|attr| {
            let syn::Meta::List(list) = &attr.meta else { return false };
            let tokens = list.tokens.to_string();
            list.path.is_ident("cfg")
                && (tokens == "test" || tokens.starts_with("all") && tokens.contains("test"))
        })
    }

    fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
        match item {
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::ExternCrate(i) => &i.attrs,
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::ForeignMod(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Macro(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Trait(i) => &i.attrs,
            syn::Item::TraitAlias(i) => &i.attrs,
            syn::Item::Type(i) => &i.attrs,
            syn::Item::Union(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            _ => &[],
        }
    }

    impl<'ast> Visit<'ast> for Walker {
        fn visit_item(&mut self, item: &'ast syn::Item) {
            if !test_only(item_attrs(item)) {
                visit::visit_item(self, item);
            }
        }

        fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
            let attrs: &[syn::Attribute] = match item {
                syn::ImplItem::Const(i) => &i.attrs,
                syn::ImplItem::Fn(i) => &i.attrs,
                syn::ImplItem::Type(i) => &i.attrs,
                syn::ImplItem::Macro(i) => &i.attrs,
                _ => &[],
            };
            if !test_only(attrs) {
                visit::visit_impl_item(self, item);
            }
        }

        fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
            self.module.push(item.ident.to_string());
            visit::visit_item_mod(self, item);
            self.module.pop();
        }

        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            self.use_tree(&item.tree, &mut Vec::new());
        }

        fn visit_path(&mut self, path: &'ast syn::Path) {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.paths.push((segments, self.module.clone()));
            visit::visit_path(self, path);
        }

        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if let Some(name) = mac.path.get_ident() {
                if PRINTS.contains(&name.to_string().as_str()) {
                    self.found.push(format!("`{name}!`"));
                }
            }
            // syn leaves a macro's arguments unparsed: read those of the macros that take
            // expressions (`format!("{}", std::env::var("X")?)`, `vec![…]`).
            let parser = Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            if let Ok(arguments) = mac.parse_body_with(parser) {
                for argument in &arguments {
                    self.visit_expr(argument);
                }
            }
            visit::visit_macro(self, mac);
        }
    }
}

/// The files of `src/lsp/` whose code may change the server's state: the state's owner
/// (`Inner`, in `server.rs`) has methods only there.
const STATE_OWNERS: [&str; 6] =
    ["server.rs", "receipt.rs", "sync.rs", "lifecycle.rs", "worker.rs", "watch.rs"];

/// The request handlers: functions of the view a receipt gives and of their parameters.
const HANDLERS: [&str; 4] = ["navigation.rs", "editing.rs", "highlighting.rs", "diagnostics.rs"];

/// What a handler may not name: the state's owner, the state, their lock.
const OWNER_NAMES: [&str; 5] = ["Inner", "Backend", "State", "lock", "Mutex"];

/// The server's state has one owner: `impl Inner` appears only in the files of
/// `STATE_OWNERS`, and a request handler names neither the owner nor its state.
#[test]
fn the_server_state_has_one_owner() {
    use syn::visit::Visit;

    struct Names<'a> {
        impls: usize,
        named: std::collections::BTreeSet<String>,
        wanted: &'a [&'a str],
    }
    impl<'ast> Visit<'ast> for Names<'_> {
        fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
            let owner = matches!(&*item.self_ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Inner"));
            if owner && item.trait_.is_none() {
                self.impls += 1;
            }
            syn::visit::visit_item_impl(self, item);
        }
        fn visit_ident(&mut self, ident: &'ast syn::Ident) {
            if self.wanted.iter().any(|w| ident == w) {
                self.named.insert(ident.to_string());
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            let tokens = mac.tokens.to_string();
            for word in tokens.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if self.wanted.contains(&word) {
                    self.named.insert(word.to_owned());
                }
            }
            syn::visit::visit_macro(self, mac);
        }
    }

    let names = |file: &str| {
        let text = std::fs::read_to_string(src().join("lsp").join(file)).unwrap();
        let parsed = syn::parse_file(&text).unwrap();
        let mut names = Names { impls: 0, named: Default::default(), wanted: &OWNER_NAMES };
        names.visit_file(&parsed);
        names
    };
    let mut files: Vec<String> = std::fs::read_dir(src().join("lsp"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    files.sort();
    assert!(files.len() > 15, "the server's files were not found: {files:?}");
    for file in HANDLERS.iter().chain(&STATE_OWNERS) {
        assert!(files.iter().any(|f| f == file), "src/lsp/{file} is gone: update the lists");
    }
    let mut offences = Vec::new();
    for file in &files {
        let found = names(file);
        if found.impls > 0 && !STATE_OWNERS.contains(&file.as_str()) {
            offences.push(format!("src/lsp/{file}: `impl Inner` outside the state's owners"));
        }
        if HANDLERS.contains(&file.as_str()) && !found.named.is_empty() {
            offences.push(format!("src/lsp/{file}: a handler names {:?}", found.named));
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
    // The check sees what it looks for.
    let source = "impl Inner { fn f(&self) { let s = self.lock(); } }\n\
                  fn g(x: &super::server::Inner) { assert!(State::default()); }";
    let mut names = Names { impls: 0, named: Default::default(), wanted: &OWNER_NAMES };
    names.visit_file(&syn::parse_file(source).unwrap());
    assert_eq!(names.impls, 1);
    assert_eq!(names.named.into_iter().collect::<Vec<_>>(), ["Inner", "State", "lock"]);
}

/// The protocol's UTF-16 positions are counted only in `lsp/convert.rs` (and in
/// `text::LineIndex`, which it calls). That `ide` knows nothing of LSP is
/// `the_core_does_no_io`'s.
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
