//! Errors: what went wrong, and where in the user's own PAC text.

use netdiag_core::pac::{PacErrorInfo, SourcePos};

/// A PAC problem. Positions are in the original source (before macro substitution and
/// instrumentation): 1-based lines, 1-based columns in UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PacError {
    /// The PAC does not parse.
    #[error("syntax error: {message}")]
    Syntax {
        /// What the parser said.
        message: String,
        /// Where.
        pos: Option<SourcePos>,
    },
    /// An exception escaped the PAC.
    #[error("{message}")]
    Runtime {
        /// The exception.
        message: String,
        /// Where it was thrown, when known.
        pos: Option<SourcePos>,
    },
    /// A loop, recursion, stack, time or memory limit stopped the PAC.
    #[error("{message}")]
    LimitExceeded {
        /// Which limit.
        message: String,
        /// Where, when known.
        pos: Option<SourcePos>,
    },
    /// The entry point returned something other than a string.
    #[error("{0}")]
    BadReturn(String),
    /// Neither `FindProxyForURL` nor (for WinHTTP) `FindProxyForURLEx` is defined.
    #[error("{0}")]
    NoEntryPoint(String),
    /// The PAC relies on something no PAC client supports.
    #[error("{0}")]
    Unsupported(String),
    /// The environment is invalid (missing `now`, bad time zone, bad address...).
    #[error("{0}")]
    BadEnv(String),
    /// A test URL cannot be used.
    #[error("{0}")]
    BadUrl(String),
    /// The source is nested too deeply to parse safely.
    #[error("{message}")]
    TooDeep {
        /// Explanation with the limit.
        message: String,
        /// Where the limit was crossed.
        pos: Option<SourcePos>,
    },
}

impl PacError {
    /// The stable kind string used in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Syntax { .. } => "syntax",
            Self::Runtime { .. } => "runtime",
            Self::LimitExceeded { .. } => "limit",
            Self::BadReturn(_) => "bad_return",
            Self::NoEntryPoint(_) => "no_entry_point",
            Self::Unsupported(_) => "unsupported",
            Self::BadEnv(_) => "bad_env",
            Self::BadUrl(_) => "bad_url",
            Self::TooDeep { .. } => "too_deep",
        }
    }

    /// The position, when known.
    pub fn pos(&self) -> Option<&SourcePos> {
        match self {
            Self::Syntax { pos, .. }
            | Self::Runtime { pos, .. }
            | Self::LimitExceeded { pos, .. }
            | Self::TooDeep { pos, .. } => pos.as_ref(),
            _ => None,
        }
    }

    /// The JSON form.
    pub fn to_info(&self) -> PacErrorInfo {
        let pos = self.pos();
        PacErrorInfo {
            kind: self.kind().to_string(),
            message: self.to_string(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            source_line: pos.map(|p| p.text.clone()),
        }
    }
}

impl From<PacError> for PacErrorInfo {
    fn from(e: PacError) -> Self {
        e.to_info()
    }
}
