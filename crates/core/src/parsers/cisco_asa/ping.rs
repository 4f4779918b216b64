//! `ping [interface] X [repeat N] [size N]` — Cisco ASA ping.
//!
//! Seen on ASA 8.x–9.x. The output is character for character the IOS layout, so the IOS
//! parser is reused; which platform a block is comes from the prompt or the other blocks of
//! the paste (detection reports the tie as an alternative when nothing tells them apart).
//!
//! ```text
//! Type escape sequence to abort.
//! Sending 5, 100-byte ICMP Echos to 192.0.2.1, timeout is 2 seconds:
//! !!!!!
//! Success rate is 100 percent (5/5), round-trip min/avg/max = 1/2/10 ms
//! ```

use crate::parsers::cisco_ios::ping::{self as ios, CiscoPing};
use crate::parsers::{Confidence, Line, ParseResult};

/// Same check as IOS (the text is identical).
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    ios::detect(lines)
}

/// Parses with the IOS reader.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<CiscoPing>> {
    ios::parse(lines)
}
