//! Syntax: the lexer (logos), the parser (chumsky) and the flat AST; and the entries of
//! BibTeX files ([`bib`]). Parsing never fails: [`parse`] always returns an [`Ast`], with
//! syntax errors as values in it.

pub mod ast;
pub mod bib;
mod fast;
pub mod lexer;
pub mod lines;
pub mod parser;
pub mod splice;

pub use ast::Ast;
pub use parser::{parse, parse_chunks, parse_declarations, parse_range, split_range};
