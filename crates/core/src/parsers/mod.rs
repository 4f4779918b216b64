//! Device-output parsers: one module per `<platform>.<command>` kind, and the registry that
//! the splitter/detector uses.
//!
//! Every parser has the same shape (see `parsers/README.md`): `detect(&[Line]) -> Option<Confidence>`
//! (cheap, no nom, sees the first lines of a block) and
//! `parse(&[Line]) -> Result<Parsed<T>, ParseError>` (nom, line-first, every record carrying
//! its `LineSpan`). [`parse_paste`] is the entry point: normalise, split, detect, parse.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::LineSpan;

pub mod azure;
pub mod cisco_asa;
pub mod cisco_ios;
pub mod clavister;
pub mod common;
pub mod detect;
pub mod fields;
pub mod fortigate;
pub mod ike_problems;
pub mod juniper_srx;
pub mod linux;
pub mod normalize;
pub mod paloalto;
pub mod probe_records;
pub mod records;
pub mod registry;
pub mod report;
pub mod split;
pub mod strongswan;
pub mod triggers;
pub mod windows;
pub mod zscaler;

pub use records::Records;
pub use registry::{PARSERS, ParserEntry};
pub use report::{Alternative, Block, DetectedBlock, ParseReport, detect_blocks, parse_paste};

/// Wraps a parser's typed result into [`Records`] (used by the registry rows).
pub fn wrap<T>(
    result: Result<Parsed<T>, ParseError>,
    variant: fn(T) -> Records,
) -> Result<Parsed<Records>, ParseError> {
    result.map(|p| p.map(variant))
}

/// A detection confidence between 0 and 1.
pub type Confidence = f32;

/// One numbered line of the (normalised) paste. Numbers are 1-based and refer to the
/// original paste, so spans point at what the user pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the whole paste.
    pub no: u32,
    /// The line's text without its line ending.
    pub text: &'a str,
}

/// What a parser returns: records plus what it could not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed<T> {
    /// Typed records.
    pub records: T,
    /// Lines the parser did not understand (reported, never silently dropped).
    pub skipped: Vec<LineSpan>,
    /// True when the output ends before it should (cut-off paste).
    pub truncated: bool,
    /// Notes about the parse (a variant seen, a value out of range...).
    pub warnings: Vec<String>,
}

impl<T> Parsed<T> {
    /// A result with records and nothing skipped.
    pub fn new(records: T) -> Self {
        Self {
            records,
            skipped: Vec::new(),
            truncated: false,
            warnings: Vec::new(),
        }
    }

    /// Converts the records, keeping the rest.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed {
            records: f(self.records),
            skipped: self.skipped,
            truncated: self.truncated,
            warnings: self.warnings,
        }
    }
}

/// A parser failure: the block was detected as this kind but could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// Nothing recognisable in the block.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line.
        line: u32,
        /// What was expected.
        message: String,
    },
    /// The block is empty.
    #[error("empty input")]
    Empty,
}

/// Crate-wide result alias for parsers.
pub type ParseResult<T> = Result<Parsed<T>, ParseError>;
