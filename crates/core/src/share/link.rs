//! Share links: `#v1=` + base64url (no padding) of the raw-deflated (level 9) JSON state.
//!
//! The state travels in the URL fragment, which browsers never send to a server. Decoding is
//! defensive: the input is capped ([`MAX_LINK_LEN`]), decompression stops at
//! [`MAX_STATE_BYTES`] (a decompression bomb fails with [`ShareError::Oversized`]), and every
//! failure names what is wrong and where. Decoding never returns part of a state.
//!
//! Raw deflate carries no checksum: a link whose characters were changed may still decode to a
//! (different) valid state. Truncation, the common chat-tool failure, is always detected, because
//! a cut deflate stream never reaches its final block.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use serde::Serialize;
use thiserror::Error;

use super::state::{AppState, STATE_VERSION};

/// The fragment prefix of links this build writes.
pub const LINK_PREFIX: &str = "#v1=";
/// Longest link accepted (and written): about what browsers accept in a URL (2 MiB).
pub const MAX_LINK_LEN: usize = 2 * 1024 * 1024;
/// Largest decompressed state accepted: far above any real state, small enough to stop a bomb.
pub const MAX_STATE_BYTES: usize = 8 * 1024 * 1024;
/// Teams fails to post messages above about 28 KB.
pub const TEAMS_LIMIT: usize = 28_000;
/// Slack cuts messages at 40,000 characters.
pub const SLACK_LIMIT: usize = 40_000;
/// Browsers accept URLs up to about 2 MB.
pub const BROWSER_LIMIT: usize = MAX_LINK_LEN;

/// Why a state could not be shared or a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareError {
    /// The text is not a netdiag link at all.
    #[error("not a netdiag link: {0}")]
    NotALink(String),
    /// The link was written by a newer netdiag.
    #[error(
        "this link was made by a newer netdiag (v{found}); this page understands v{supported}. \
         Open it with a newer netdiag"
    )]
    UnsupportedVersion {
        /// Version found in the link or state.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The link ends early (typically cut by a chat tool or a copy).
    #[error("the link is truncated: {0}. Copy the whole link again")]
    Truncated(String),
    /// A character that base64url does not use.
    #[error(
        "the link is corrupted: character {character:?} at position {position} is not part of a \
         netdiag link"
    )]
    BadCharacter {
        /// 1-based character position in the text given.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// The compressed data is damaged.
    #[error("the link is corrupted: {0}")]
    Corrupted(String),
    /// The compressed data decodes, but the state inside does not read.
    #[error(
        "the link is corrupted: the state inside does not read (line {line}, column {column}: {message})"
    )]
    BadState {
        /// 1-based line in the state JSON.
        line: usize,
        /// 1-based column in the state JSON.
        column: usize,
        /// What the JSON reader expected.
        message: String,
    },
    /// The link or the state in it is larger than allowed.
    #[error("the {what} is too large: {size} bytes (limit {limit})")]
    Oversized {
        /// What was too large (`link`, `decompressed state`).
        what: String,
        /// Size found (for a bomb: at least this).
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The state could not be written as a link.
    #[error("the state cannot be shared: {0}")]
    Encode(String),
}

impl ShareError {
    /// A stable machine-readable code (`not_a_link`, `unsupported_version`, `truncated`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotALink(_) => "not_a_link",
            Self::UnsupportedVersion { .. } => "unsupported_version",
            Self::Truncated(_) => "truncated",
            Self::BadCharacter { .. } | Self::Corrupted(_) | Self::BadState { .. } => "corrupted",
            Self::Oversized { .. } => "oversized",
            Self::Encode(_) => "encode",
        }
    }
}

/// Base64url without padding on output; padding tolerated on input (other encoders add it);
/// trailing bits tolerated so that a cut link is reported by the deflate layer as truncated.
const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Encodes the state as a link fragment (`#v1=...`).
pub fn encode_link(state: &AppState) -> Result<String, ShareError> {
    let json = serde_json::to_vec(state).map_err(|e| ShareError::Encode(e.to_string()))?;
    // A state that would not load again (e.g. a non-finite number, written as null) must not
    // become a link that fails on the other side.
    serde_json::from_slice::<AppState>(&json).map_err(|e| {
        ShareError::Encode(format!(
            "it would not load again ({e}); a number may be infinite or NaN"
        ))
    })?;
    if json.len() > MAX_STATE_BYTES {
        return Err(ShareError::Oversized {
            what: "state".into(),
            size: json.len(),
            limit: MAX_STATE_BYTES,
        });
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let mut link = String::with_capacity(LINK_PREFIX.len() + packed.len() * 4 / 3 + 4);
    link.push_str(LINK_PREFIX);
    B64.encode_string(&packed, &mut link);
    if link.len() > MAX_LINK_LEN {
        return Err(ShareError::Oversized {
            what: "link".into(),
            size: link.len(),
            limit: MAX_LINK_LEN,
        });
    }
    Ok(link)
}

/// Decodes a link: a full URL, a `#v1=...` fragment, `v1=...`, or the bare payload.
pub fn decode_link(text: &str) -> Result<AppState, ShareError> {
    if text.len() > MAX_LINK_LEN {
        return Err(ShareError::Oversized {
            what: "link".into(),
            size: text.len(),
            limit: MAX_LINK_LEN,
        });
    }
    let (payload, offset) = locate_payload(text)?;
    let bytes = decode_base64(payload, text, offset)?;
    let json = inflate_bounded(&bytes)?;
    parse_state(&json)
}

/// Finds the base64 payload and its byte offset in `text`.
fn locate_payload(text: &str) -> Result<(&str, usize), ShareError> {
    // Chat tools wrap links in <...>, quotes or brackets, or glue punctuation to the end; none
    // of these characters can occur in base64url, so dropping them loses nothing.
    let start_trim = text.len() - text.trim_start_matches(is_wrapper_start).len();
    let inner = text
        .trim_start_matches(is_wrapper_start)
        .trim_end_matches(is_wrapper_end);
    if inner.is_empty() {
        return Err(ShareError::NotALink("the text is empty".into()));
    }
    if let Some(i) = inner.find('#') {
        let fragment = inner.get(i + 1..).unwrap_or("");
        return match split_fragment(fragment) {
            Some(found) => check_version(found, start_trim + i + 1),
            None => Err(not_state_fragment(fragment)),
        };
    }
    if let Some(found) = split_fragment(inner) {
        return check_version(found, start_trim);
    }
    if inner
        .chars()
        .all(|c| is_b64url(c) || c.is_ascii_whitespace())
    {
        return Ok((inner, start_trim));
    }
    Err(ShareError::NotALink(
        "there is no #v1=... part (a netdiag link ends in #v1= followed by the state)".into(),
    ))
}

/// A fragment split as `v<version>=<payload>`: (version digits, payload, payload offset).
type FragmentParts<'a> = (&'a str, &'a str, usize);

/// Splits `v<digits>=<payload>` (the `=` possibly percent-encoded, as some tools do).
fn split_fragment(fragment: &str) -> Option<FragmentParts<'_>> {
    let rest = fragment.strip_prefix('v')?;
    let digits_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 {
        return None;
    }
    let (digits, after) = rest.split_at(digits_len);
    let (payload, eq_len) = if let Some(p) = after.strip_prefix('=') {
        (p, 1)
    } else if let Some(p) = after
        .strip_prefix("%3D")
        .or_else(|| after.strip_prefix("%3d"))
    {
        (p, 3)
    } else {
        return None;
    };
    Some((digits, payload, 1 + digits_len + eq_len))
}

fn check_version(
    (digits, payload, payload_offset): FragmentParts<'_>,
    fragment_offset: usize,
) -> Result<(&str, usize), ShareError> {
    // Too many digits for a u32 is still "a newer version".
    let version: u32 = digits.parse().unwrap_or(u32::MAX);
    if version > STATE_VERSION {
        return Err(ShareError::UnsupportedVersion {
            found: version,
            supported: STATE_VERSION,
        });
    }
    if version < STATE_VERSION {
        return Err(ShareError::NotALink(format!(
            "version v{version} does not exist (expected #v{STATE_VERSION}=...)"
        )));
    }
    if payload.trim().is_empty() {
        return Err(ShareError::Truncated(format!(
            "there is nothing after #v{STATE_VERSION}="
        )));
    }
    Ok((payload, fragment_offset + payload_offset))
}

fn not_state_fragment(fragment: &str) -> ShareError {
    let shown: String = fragment.chars().take(24).collect();
    ShareError::NotALink(format!(
        "the part after # ({shown:?}) is not a netdiag state (expected #v{STATE_VERSION}=...)"
    ))
}

fn is_wrapper_start(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '"' | '\'' | '(' | '[' | '`')
}

fn is_wrapper_end(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '>' | '"' | '\'' | ')' | ']' | '`' | '.' | ',' | ';' | '!'
        )
}

fn is_b64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '='
}

/// Base64url-decodes, ignoring whitespace (mail clients wrap long links) and reporting a bad
/// character by its 1-based character position in the original text.
fn decode_base64(payload: &str, text: &str, offset: usize) -> Result<Vec<u8>, ShareError> {
    let mut clean = String::with_capacity(payload.len());
    for (i, c) in payload.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if !is_b64url(c) {
            let byte_pos = offset + i;
            let position = text.get(..byte_pos).map_or(byte_pos, |p| p.chars().count()) + 1;
            return Err(ShareError::BadCharacter {
                position,
                character: c,
            });
        }
        clean.push(c);
    }
    // '=' is padding and may only end the payload.
    let unpadded = clean.trim_end_matches('=');
    if let Some(i) = unpadded.find('=') {
        let byte_pos = offset + payload_index_of_clean(payload, i);
        let position = text.get(..byte_pos).map_or(byte_pos, |p| p.chars().count()) + 1;
        return Err(ShareError::BadCharacter {
            position,
            character: '=',
        });
    }
    if unpadded.len() % 4 == 1 {
        return Err(ShareError::Truncated(
            "it ends in the middle of a character group".into(),
        ));
    }
    B64.decode(unpadded).map_err(|e| match e {
        base64::DecodeError::InvalidLength(_) => {
            ShareError::Truncated("it ends in the middle of a character group".into())
        }
        other => ShareError::Corrupted(format!("the base64 text does not decode ({other})")),
    })
}

/// Maps an index into the whitespace-free payload back to a byte index into `payload`.
fn payload_index_of_clean(payload: &str, clean_index: usize) -> usize {
    payload
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_whitespace())
        .nth(clean_index)
        .map_or(payload.len(), |(i, _)| i)
}

/// Inflates raw deflate data into at most [`MAX_STATE_BYTES`] bytes.
fn inflate_bounded(input: &[u8]) -> Result<Vec<u8>, ShareError> {
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0u8; input.len().saturating_mul(4).clamp(1024, MAX_STATE_BYTES)];
    let mut decomp = DecompressorOxide::new();
    let mut in_pos = 0usize;
    let mut out_pos = 0usize;
    loop {
        let rest = input.get(in_pos..).unwrap_or(&[]);
        let (status, consumed, written) = decompress(&mut decomp, rest, &mut out, out_pos, flags);
        in_pos += consumed;
        out_pos += written;
        match status {
            TINFLStatus::Done => {
                let trailing = input.len().saturating_sub(in_pos);
                if trailing > 0 {
                    return Err(ShareError::Corrupted(format!(
                        "{trailing} unexpected bytes follow the end of the compressed state"
                    )));
                }
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= MAX_STATE_BYTES {
                    return Err(ShareError::Oversized {
                        what: "decompressed state".into(),
                        size: out.len(),
                        limit: MAX_STATE_BYTES,
                    });
                }
                let grown = out.len().saturating_mul(2).min(MAX_STATE_BYTES);
                out.resize(grown, 0);
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(ShareError::Truncated(format!(
                    "the compressed state ends early (after {} of its bytes)",
                    input.len()
                )));
            }
            _ => {
                return Err(ShareError::Corrupted(format!(
                    "the compressed state is damaged near byte {}",
                    in_pos + 1
                )));
            }
        }
    }
}

/// The full state as pretty JSON (the "Export JSON" file).
pub fn state_to_json(state: &AppState) -> Result<String, ShareError> {
    serde_json::to_string_pretty(state).map_err(|e| ShareError::Encode(e.to_string()))
}

/// Reads a state from JSON (an exported file), with the same checks as a link.
pub fn state_from_json(json: &str) -> Result<AppState, ShareError> {
    if json.len() > MAX_STATE_BYTES {
        return Err(ShareError::Oversized {
            what: "state".into(),
            size: json.len(),
            limit: MAX_STATE_BYTES,
        });
    }
    parse_state(json.as_bytes())
}

fn parse_state(json: &[u8]) -> Result<AppState, ShareError> {
    // Check the version first, so a newer state says so rather than failing on a field.
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        #[serde(default)]
        version: Option<serde_json::Value>,
    }
    let bad = |e: serde_json::Error| ShareError::BadState {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let probe: VersionOnly = serde_json::from_slice(json).map_err(bad)?;
    if let Some(found) = probe.version.as_ref().and_then(serde_json::Value::as_u64)
        && found > u64::from(STATE_VERSION)
    {
        return Err(ShareError::UnsupportedVersion {
            found: u32::try_from(found).unwrap_or(u32::MAX),
            supported: STATE_VERSION,
        });
    }
    serde_json::from_slice(json).map_err(bad)
}

/// How long a link is and where it will not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkInfo {
    /// Length in characters (links are ASCII, so also bytes).
    pub length: usize,
    /// True when Teams will post it (about 28 KB).
    pub fits_teams: bool,
    /// True when Slack will post it (40,000 characters).
    pub fits_slack: bool,
    /// True when browsers open it (about 2 MB).
    pub fits_browser: bool,
    /// One message per limit exceeded, most restrictive first.
    pub warnings: Vec<String>,
}

/// Reports a link's length against chat tools' and browsers' limits.
pub fn link_info(length: usize) -> LinkInfo {
    let mut warnings = Vec::new();
    let fits_teams = length <= TEAMS_LIMIT;
    let fits_slack = length <= SLACK_LIMIT;
    let fits_browser = length <= BROWSER_LIMIT;
    if !fits_teams {
        warnings.push(format!(
            "{length} characters: too long for Microsoft Teams (posts fail above about \
             {TEAMS_LIMIT}); send the JSON export as a file instead"
        ));
    }
    if !fits_slack {
        warnings.push(format!(
            "{length} characters: too long for Slack (it cuts messages at {SLACK_LIMIT})"
        ));
    }
    if !fits_browser {
        warnings.push(format!(
            "{length} characters: too long for a browser address (about {BROWSER_LIMIT}); \
             remove pastes or use the JSON export"
        ));
    }
    LinkInfo {
        length,
        fits_teams,
        fits_slack,
        fits_browser,
        warnings,
    }
}
