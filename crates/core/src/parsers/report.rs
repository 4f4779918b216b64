//! [`parse_paste`]: a whole paste in, a [`ParseReport`] out. This is the JSON of
//! `netdiag parse --format json` and of `window.netdiag.parse(text)`.
//!
//! Pipeline: normalise (line numbers kept) → split on prompts and command echoes → group
//! paragraphs of prompt-less text by detected kind → resolve ties with the platforms seen
//! elsewhere in the paste → parse each block with its parser (falling back to the next
//! candidate on failure) → split off trailing paragraphs the parser could not read.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::detect::{self, Candidate};
use super::normalize::Normalized;
use super::records::Records;
use super::split::{self, PromptStyle, Segment};
use super::{Confidence, Line, common};
use crate::LineSpan;

/// Kind name of blocks that match no parser.
pub const UNRECOGNISED: &str = "unrecognised";

/// Capacity of a block's kind string: longer than every registry kind (checked by a test).
const KIND_CAPACITY: usize = 48;

/// A new block starts at a paragraph detected with at least this confidence.
const NEW_BLOCK: Confidence = 0.5;
/// How often trailing unreadable paragraphs are re-detected (bounds the work on hostile input).
const MAX_RESPLIT: u8 = 4;

/// Everything found in one paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParseReport {
    /// The blocks, in paste order.
    pub blocks: Vec<Block>,
    /// Notes about the paste as a whole.
    pub warnings: Vec<String>,
}

/// Another kind a block could be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// `<platform>.<command>`.
    pub kind: String,
    /// Confidence in 0..=1.
    pub confidence: Confidence,
}

/// One detected block of a paste. Reading it back from JSON picks the records' variant from
/// `kind` (see [`Records::from_kind`]); the JSON shape is the same both ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BlockJson")]
pub struct Block {
    /// 0-based position in the report.
    pub index: usize,
    /// `<platform>.<command>` or `unrecognised`.
    pub kind: String,
    /// Detection confidence in 0..=1 (0 for unrecognised blocks).
    pub confidence: Confidence,
    /// Other plausible kinds, best first.
    pub alternatives: Vec<Alternative>,
    /// The lines of the paste this block covers (prompt line included), `[start, end]`.
    pub lines: LineSpan,
    /// The command typed at the prompt (or echoed above the output), if any.
    pub command: Option<String>,
    /// The device name shown in the prompt, if any.
    pub prompt: Option<String>,
    /// True when the output stops before it should.
    pub truncated: bool,
    /// The typed records (`null` when unrecognised or unreadable).
    pub records: Records,
    /// Lines inside the block the parser did not understand.
    pub skipped: Vec<LineSpan>,
    /// Notes from the parser or the detector.
    pub warnings: Vec<String>,
    /// Why the block could not be parsed, when it could not.
    pub error: Option<String>,
}

/// [`Block`] as JSON gives it, before the records are read for the block's kind.
#[derive(Deserialize)]
struct BlockJson {
    index: usize,
    kind: String,
    confidence: Confidence,
    alternatives: Vec<Alternative>,
    lines: LineSpan,
    command: Option<String>,
    prompt: Option<String>,
    truncated: bool,
    records: serde_json::Value,
    skipped: Vec<LineSpan>,
    warnings: Vec<String>,
    error: Option<String>,
}

impl TryFrom<BlockJson> for Block {
    type Error = String;

    fn try_from(b: BlockJson) -> Result<Self, Self::Error> {
        let records = Records::from_kind(&b.kind, b.records)
            .map_err(|e| format!("block {} ({}): records: {e}", b.index, b.kind))?;
        Ok(Block {
            index: b.index,
            kind: b.kind,
            confidence: b.confidence,
            alternatives: b.alternatives,
            lines: b.lines,
            command: b.command,
            prompt: b.prompt,
            truncated: b.truncated,
            records,
            skipped: b.skipped,
            warnings: b.warnings,
            error: b.error,
        })
    }
}

impl ParseReport {
    /// Blocks of one kind.
    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// A block before parsing: which lines, what the prompt said, the candidates.
struct Pending<'a> {
    /// Borrowed from the paste's numbered lines (never copied: blocks are contiguous runs).
    lines: &'a [Line<'a>],
    prompt_line: Option<u32>,
    command: Option<&'a str>,
    device: Option<&'a str>,
    style: Option<PromptStyle>,
    cands: Vec<Candidate>,
}

/// A block as found by splitting and detection alone, before any parser runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetectedBlock {
    /// Lines of the block (prompt line included).
    pub lines: LineSpan,
    /// Best kind, or `unrecognised`.
    pub kind: String,
    /// Its confidence.
    pub confidence: Confidence,
}

/// Splits and detects without parsing: the cheap first pass (and what the throughput
/// benchmark measures as "splitter + detector"). Trailing text a parser cannot read is only
/// split off by [`parse_paste`].
pub fn detect_blocks(text: &str) -> Vec<DetectedBlock> {
    let norm = Normalized::new(text);
    let lines = norm.lines();
    plan(&lines)
        .into_iter()
        .filter_map(|p| {
            let content = common::span_of(p.lines);
            let lines = match (p.prompt_line, content) {
                (Some(pl), Some(s)) => LineSpan::new(pl, s.end),
                (Some(pl), None) => LineSpan::line(pl),
                (None, Some(s)) => s,
                (None, None) => return None,
            };
            let best = p
                .cands
                .first()
                .and_then(|c| c.parser().map(|e| (e.kind, c.confidence)));
            let (kind, confidence) = best.unwrap_or((UNRECOGNISED, 0.0));
            Some(DetectedBlock {
                lines,
                kind: kind.to_owned(),
                confidence,
            })
        })
        .collect()
}

/// Splits, groups and ranks candidates for every block of a paste.
fn plan<'a>(lines: &'a [Line<'a>]) -> Vec<Pending<'a>> {
    let segments = split_segments(lines);
    // Usually one block per segment.
    let mut pending = Vec::with_capacity(segments.len());
    for seg in segments {
        group_segment(seg, &mut pending);
    }
    prefer_platforms_seen(&mut pending);
    pending
}

/// Parses a whole paste. Never fails: what cannot be read becomes `unrecognised` blocks,
/// `skipped` spans or a block `error`.
pub fn parse_paste(text: &str) -> ParseReport {
    let norm = Normalized::new(text);
    let lines = norm.lines();
    let mut warnings = Vec::new();
    if norm.changed > 0 {
        warnings.push(format!(
            "{} line(s) cleaned of terminal control characters or pager prompts",
            norm.changed
        ));
    }

    let pending = plan(&lines);

    // One block per pending block in the common case: sized once, so 10,000s of large blocks
    // are not copied again and again as the vector grows.
    let mut blocks = Vec::with_capacity(pending.len());
    for p in pending {
        finish(p, 0, &mut blocks);
    }
    blocks.sort_by_key(|b| b.lines.start);
    for (i, b) in blocks.iter_mut().enumerate() {
        b.index = i;
    }
    ParseReport { blocks, warnings }
}

/// Segments on prompts, then on prompt-less command echoes inside them.
fn split_segments<'a>(lines: &'a [Line<'a>]) -> Vec<Segment<'a>> {
    let segments = split::segments(lines);
    let mut out = Vec::with_capacity(segments.len());
    for seg in segments {
        // The current segment's lines are `seg.lines[start..i]`.
        let mut prompt = seg.prompt;
        let mut prompt_line = seg.prompt_line;
        let mut start = 0usize;
        for (i, l) in seg.lines.iter().enumerate() {
            if detect::is_command_echo(l.text) {
                let cur = seg.lines.get(start..i).unwrap_or(&[]);
                let had_content = prompt.is_some() || cur.iter().any(|x| !common::is_blank(x));
                if had_content {
                    out.push(Segment {
                        prompt,
                        prompt_line,
                        lines: cur,
                    });
                }
                prompt = Some(split::Prompt {
                    device: None,
                    command: l.text.trim(),
                    style: PromptStyle::Cisco,
                });
                prompt_line = Some(l.no);
                start = i + 1;
            }
        }
        let cur = seg.lines.get(start..).unwrap_or(&[]);
        if prompt.is_some() || cur.iter().any(|x| !common::is_blank(x)) {
            out.push(Segment {
                prompt,
                prompt_line,
                lines: cur,
            });
        }
    }
    out
}

/// Turns one segment into pending blocks: the whole segment when its command names a kind,
/// otherwise paragraphs grouped by detected kind.
fn group_segment<'a>(seg: Segment<'a>, out: &mut Vec<Pending<'a>>) {
    let command = seg.prompt.map(|p| p.command);
    let device = seg.prompt.and_then(|p| p.device);
    // Echo lines found without a prompt carry no style information.
    let style = seg
        .prompt
        .filter(|p| p.device.is_some() || p.style != PromptStyle::Cisco)
        .map(|p| p.style);
    let trimmed = trim_blank(seg.lines);
    let echoed = command.map(detect::command_matches).unwrap_or_default();
    if !echoed.is_empty() {
        let mut cands = detect::score_echoed(trimmed, &echoed, style, None);
        detect::apply_device_hint(&mut cands, device);
        out.push(Pending {
            cands,
            lines: trimmed,
            prompt_line: seg.prompt_line,
            command,
            device,
            style,
        });
        return;
    }
    let first = out.len();
    group_paragraphs(trimmed, style, None, out);
    for p in out.iter_mut().skip(first) {
        detect::apply_device_hint(&mut p.cands, device);
    }
    match out.get_mut(first) {
        // The prompt and its unknown command belong to the first block after it.
        Some(p) if seg.prompt_line.is_some() => {
            p.prompt_line = seg.prompt_line;
            p.command = command;
            p.device = device;
        }
        None if seg.prompt_line.is_some() => out.push(Pending {
            lines: &[],
            prompt_line: seg.prompt_line,
            command,
            device,
            style,
            cands: Vec::new(),
        }),
        _ => {}
    }
}

/// Groups paragraphs: a paragraph joins the current block when the block's own detector
/// accepts it or nothing else claims it; another kind detected with enough confidence starts
/// a new block. `exclude` keeps one kind out of the first group (used when re-detecting text
/// a parser could not read).
fn group_paragraphs<'a>(
    lines: &'a [Line<'a>],
    style: Option<PromptStyle>,
    mut exclude: Option<usize>,
    out: &mut Vec<Pending<'a>>,
) {
    let mut cur: Option<(Range<usize>, Vec<Candidate>)> = None;
    for para in split::paragraphs(lines) {
        let Some(plines) = lines.get(para.clone()) else {
            continue;
        };
        if let Some((range, cands)) = cur.as_mut() {
            let own = cands.first().and_then(Candidate::parser);
            if own
                .is_some_and(|e| (e.detect)(detect::window(plines)).is_some_and(|c| c >= NEW_BLOCK))
            {
                range.end = para.end;
                continue;
            }
        }
        let cands = detect::score(plines, None, style, exclude);
        let best = cands.first().copied();
        let cur_entry = cur.as_ref().and_then(|(_, c)| c.first()).map(|c| c.entry);
        let starts_new = match (best, cur_entry) {
            (Some(b), Some(k)) => b.entry != k && b.confidence >= NEW_BLOCK,
            (Some(_), None) => true,
            (None, _) => cur.is_none(),
        };
        if starts_new {
            if let Some((range, cands)) = cur.take() {
                out.push(pending_from(lines, range, cands, style));
                exclude = None;
            }
            cur = Some((para, cands));
        } else if let Some((range, _)) = cur.as_mut() {
            range.end = para.end;
        }
    }
    if let Some((range, cands)) = cur {
        out.push(pending_from(lines, range, cands, style));
    }
}

fn pending_from<'a>(
    lines: &'a [Line<'a>],
    range: Range<usize>,
    cands: Vec<Candidate>,
    style: Option<PromptStyle>,
) -> Pending<'a> {
    Pending {
        lines: lines.get(range).unwrap_or(&[]),
        prompt_line: None,
        command: None,
        device: None,
        style,
        cands,
    }
}

/// When two kinds of different platforms tie (Cisco IOS and ASA print `ping` alike), prefer
/// the platform that other blocks of the same paste clearly belong to.
fn prefer_platforms_seen(pending: &mut [Pending<'_>]) {
    let mut votes: HashMap<&str, usize> = HashMap::new();
    for p in pending.iter() {
        if let (Some(a), b) = (p.cands.first(), p.cands.get(1))
            && b.is_none_or(|b| a.confidence - b.confidence >= 0.1)
            && let Some(e) = a.parser()
        {
            *votes.entry(e.platform).or_default() += 1;
        }
    }
    if votes.is_empty() {
        return;
    }
    for p in pending.iter_mut() {
        let Some(top) = p.cands.first().copied() else {
            continue;
        };
        let vote = |c: &Candidate| {
            c.parser()
                .and_then(|e| votes.get(e.platform))
                .copied()
                .unwrap_or(0)
        };
        let top_votes = vote(&top);
        let better = p
            .cands
            .iter()
            .enumerate()
            .skip(1)
            .take_while(|(_, c)| top.confidence - c.confidence < 0.05)
            .filter(|(_, c)| vote(c) > top_votes)
            .max_by_key(|(_, c)| vote(c))
            .map(|(i, _)| i);
        if let Some(i) = better {
            let c = p.cands.remove(i);
            p.cands.insert(0, c);
        }
    }
}

/// Parses a pending block into one or more blocks (trailing unreadable paragraphs become
/// their own blocks).
fn finish(p: Pending<'_>, depth: u8, out: &mut Vec<Block>) {
    let content_span = common::span_of(p.lines);
    let span = match (p.prompt_line, content_span) {
        (Some(pl), Some(s)) => LineSpan::new(pl, s.end),
        (Some(pl), None) => LineSpan::line(pl),
        (None, Some(s)) => s,
        (None, None) => return,
    };
    let mut block = Block {
        index: 0,
        kind: {
            // Room for any registry kind, so `describe` overwrites it without reallocating.
            let mut kind = String::with_capacity(KIND_CAPACITY);
            kind.push_str(UNRECOGNISED);
            kind
        },
        confidence: 0.0,
        alternatives: Vec::new(),
        lines: span,
        command: p.command.map(str::to_owned),
        prompt: p.device.map(str::to_owned),
        truncated: false,
        records: Records::None,
        skipped: Vec::new(),
        warnings: Vec::new(),
        error: None,
    };
    if p.cands.is_empty() || p.lines.is_empty() {
        if !p.cands.is_empty() {
            // A known command with no output at all.
            describe(&mut block, &p.cands, 0);
            block
                .warnings
                .push("the command printed no output".to_owned());
        }
        out.push(block);
        return;
    }

    // Try the candidates in order; the first that reads something wins.
    let mut first_error: Option<(usize, String)> = None;
    for (ci, cand) in p.cands.iter().enumerate() {
        let Some(entry) = cand.parser() else { continue };
        match (entry.parse)(p.lines) {
            Ok(parsed) if read_something(p.lines, &parsed.skipped) => {
                describe(&mut block, &p.cands, ci);
                if let Some((fi, msg)) = &first_error
                    && let Some(fe) = p.cands.get(*fi).and_then(Candidate::parser)
                {
                    block
                        .warnings
                        .push(format!("not read as {}: {msg}", fe.kind));
                }
                let tail = trailing_unread(p.lines, &parsed.skipped);
                block.truncated = parsed.truncated;
                block.records = parsed.records;
                block.warnings.extend(parsed.warnings);
                let cut_at = tail.as_ref().map(|t| t.start);
                block.skipped = parsed
                    .skipped
                    .into_iter()
                    .filter(|s| cut_at.is_none_or(|c| s.start < c))
                    .collect();
                if let Some(t) = tail {
                    let rest = p.lines.get(t.index..).unwrap_or(&[]);
                    let head_end = p
                        .lines
                        .get(..t.index)
                        .map(trim_blank)
                        .and_then(common::span_of);
                    if let Some(h) = head_end {
                        block.lines.end = h.end;
                    }
                    out.push(block);
                    resplit(rest, p.style, Some(cand.entry), depth, out);
                } else {
                    out.push(block);
                }
                return;
            }
            Ok(_) => {
                if first_error.is_none() {
                    first_error = Some((ci, "no line could be read".to_owned()));
                }
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some((ci, e.to_string()));
                }
            }
        }
    }
    // Nothing could read it: keep the best guess and say why.
    describe(&mut block, &p.cands, 0);
    block.error = first_error.map(|(_, m)| m);
    block.skipped = common::spans(
        p.lines
            .iter()
            .filter(|l| !common::is_blank(l))
            .map(|l| l.no),
    );
    out.push(block);
}

fn describe(block: &mut Block, cands: &[Candidate], chosen: usize) {
    let Some(c) = cands.get(chosen) else { return };
    let Some(e) = c.parser() else { return };
    // In place: the block's kind string was made with room for any kind.
    block.kind.clear();
    block.kind.push_str(e.kind);
    block.confidence = c.confidence;
    // The chosen candidate first, the others in their order: the alternatives are the others
    // close enough to it (as `close_alternatives` decides, without copying the list).
    block.alternatives = cands
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != chosen)
        .map(|(_, c)| *c)
        .filter(|o| detect::is_close_alternative(c, o))
        .filter_map(|c| {
            c.parser().map(|e| Alternative {
                kind: e.kind.to_owned(),
                confidence: c.confidence,
            })
        })
        .collect();
}

/// True when at least one non-blank line is outside the skipped spans.
fn read_something(lines: &[Line<'_>], skipped: &[LineSpan]) -> bool {
    lines
        .iter()
        .any(|l| !common::is_blank(l) && !in_spans(l.no, skipped))
}

fn in_spans(no: u32, spans: &[LineSpan]) -> bool {
    spans.iter().any(|s| s.start <= no && no <= s.end)
}

struct Tail {
    /// Index into the block's lines where the unread tail starts.
    index: usize,
    /// Its first line number.
    start: u32,
}

/// The trailing paragraphs that the parser skipped entirely, if any (never the whole block).
fn trailing_unread(lines: &[Line<'_>], skipped: &[LineSpan]) -> Option<Tail> {
    if skipped.is_empty() {
        return None;
    }
    let paras = split::paragraphs(lines);
    let mut cut: Option<usize> = None;
    for para in paras.iter().skip(1).rev() {
        let all_skipped = lines
            .get(para.clone())
            .unwrap_or(&[])
            .iter()
            .all(|l| common::is_blank(l) || in_spans(l.no, skipped));
        if !all_skipped {
            break;
        }
        cut = Some(para.start);
    }
    let index = cut?;
    Some(Tail {
        index,
        start: lines.get(index)?.no,
    })
}

/// Re-detects trailing text a parser could not read, without offering it the same parser.
fn resplit<'a>(
    lines: &'a [Line<'a>],
    style: Option<PromptStyle>,
    exclude: Option<usize>,
    depth: u8,
    out: &mut Vec<Block>,
) {
    let mut pending = Vec::new();
    if depth >= MAX_RESPLIT {
        pending.push(Pending {
            lines: trim_blank(lines),
            prompt_line: None,
            command: None,
            device: None,
            style,
            cands: Vec::new(),
        });
    } else {
        group_paragraphs(lines, style, exclude, &mut pending);
    }
    for p in pending {
        finish(p, depth + 1, out);
    }
}

fn trim_blank<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    let start = lines
        .iter()
        .position(|l| !common::is_blank(l))
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !common::is_blank(l))
        .map_or(start, |e| e + 1);
    lines.get(start..end).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = "R1#show crypto isakmp sa\r\nIPv4 Crypto ISAKMP SA\r\ndst             src             state          conn-id status\r\n192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE\r\n --More-- \r\n\r\nR1#show version\r\nCisco IOS Software, Version 15.4\r\nR1#\r\nthanks for looking!\r\n";

    #[test]
    fn splits_a_session_and_keeps_unknown_blocks() {
        let r = parse_paste(SESSION);
        let kinds: Vec<&str> = r.blocks.iter().map(|b| b.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "cisco_ios.show_crypto_isakmp_sa",
                UNRECOGNISED,
                UNRECOGNISED
            ]
        );
        let b = &r.blocks[0];
        assert_eq!(b.lines, LineSpan::new(1, 4));
        assert_eq!(b.command.as_deref(), Some("show crypto isakmp sa"));
        assert_eq!(b.prompt.as_deref(), Some("R1"));
        assert!(b.confidence >= 0.9);
        assert_eq!(b.records.len(), 1);
        assert_eq!(r.blocks[1].command.as_deref(), Some("show version"));
        assert_eq!(r.blocks[1].lines, LineSpan::new(7, 8));
        assert_eq!(r.blocks[2].lines, LineSpan::line(10));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    }

    #[test]
    fn detects_without_prompt_and_splits_off_junk() {
        let text = "Some notes from the customer\n\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE\n\nregards, bob\n";
        let r = parse_paste(text);
        let kinds: Vec<(&str, LineSpan)> = r
            .blocks
            .iter()
            .map(|b| (b.kind.as_str(), b.lines))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (UNRECOGNISED, LineSpan::line(1)),
                ("cisco_ios.show_crypto_isakmp_sa", LineSpan::new(3, 5)),
                (UNRECOGNISED, LineSpan::line(7)),
            ]
        );
        assert!(r.blocks[1].skipped.is_empty());
    }

    #[test]
    fn command_echo_without_prompt_and_empty_output() {
        let r =
            parse_paste("show crypto isakmp sa\n\nshow crypto isakmp sa\nIPv4 Crypto ISAKMP SA\n");
        assert_eq!(r.blocks.len(), 2);
        assert_eq!(r.blocks[0].kind, "cisco_ios.show_crypto_isakmp_sa");
        assert_eq!(r.blocks[0].records, Records::None);
        assert_eq!(r.blocks[1].lines, LineSpan::new(3, 4));
        assert_eq!(r.blocks[1].records.len(), 0);
    }

    #[test]
    fn serialises_to_the_documented_shape() {
        let r = parse_paste(SESSION);
        let v = serde_json::to_value(&r).unwrap();
        let b = &v["blocks"][0];
        assert_eq!(b["lines"], serde_json::json!([1, 4]));
        assert_eq!(b["records"][0]["state"], "QM_IDLE");
        assert_eq!(b["records"][0]["slot"], serde_json::Value::Null);
        assert_eq!(v["blocks"][1]["records"], serde_json::Value::Null);
        for key in [
            "index",
            "kind",
            "confidence",
            "alternatives",
            "command",
            "prompt",
            "truncated",
            "skipped",
            "warnings",
            "error",
        ] {
            assert!(b.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn never_panics_on_generated_noise() {
        // Deterministic noise built from pieces that stress the splitter and parsers.
        const PIECES: &[&str] = &[
            "R1#",
            "show crypto ipsec sa",
            "\r",
            "\n",
            "\u{1b}[2J",
            "\u{8}",
            " --More-- ",
            "interface: ",
            "spi: 0x",
            "(",
            ")",
            "/",
            ":",
            "#pkts encaps: ",
            "99999999999999999999999",
            "é",
            "界",
            "Tunnel0 is up, line protocol is ",
            "IKE Peer: ",
            "Sending 5, ",
            "-byte ICMP Echos to ",
            "  1 ",
            " msec",
            "*",
            "dst: ",
            "state: ",
            "\t",
            "Connection   : ",
            "[",
            "]",
            "$ ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..400 {
            let mut s = String::new();
            for _ in 0..60 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            let r = parse_paste(&s);
            let _ = serde_json::to_string(&r).unwrap();
        }
    }

    #[test]
    fn kind_capacity_fits_every_kind() {
        assert!(
            super::super::PARSERS
                .iter()
                .all(|e| e.kind.len() <= KIND_CAPACITY)
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "\n",
            "\r",
            "\u{1b}[",
            "#",
            "R1#",
            "$",
            "PS C:\\>",
            "\u{0}\u{8}\r\n\r",
            "dst: x\nsrc:",
        ] {
            let _ = parse_paste(text);
        }
    }
}
