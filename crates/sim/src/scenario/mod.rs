//! Scenario scripts (`shared/spec/scenario-language.md`): the syntax tree and the parser.

pub mod ast;
pub mod parse;
pub mod run;

pub use ast::*;
pub use parse::{parse, ParseError};
pub use run::{dump, run, Failure, NodeView, Report};
