//! Scenario scripts (`shared/spec/scenario-language.md`): the syntax tree and the parser.

pub mod ast;
pub mod parse;

pub use ast::*;
pub use parse::{parse, ParseError};
