//! The LZMA model: literal coder, match and repeated-match states, length and distance coders.

use crate::range::{PROB_INIT, RangeDecoder};
use crate::{LzmaError, damaged};

const STATES: usize = 12;
const POS_STATES_MAX: usize = 16;
const END_POS_MODEL_INDEX: u32 = 14;
const FULL_DISTANCES: usize = 128;
const ALIGN_BITS: u32 = 4;
const LEN_LOW_BITS: u32 = 3;
const LEN_MID_BITS: u32 = 3;
const LEN_HIGH_BITS: u32 = 8;
const LEN_LOW: u32 = 1 << LEN_LOW_BITS;
const LEN_MID: u32 = 1 << LEN_MID_BITS;
const MATCH_MIN_LEN: usize = 2;
/// The distance that marks the end of a stream without a known size.
const END_MARKER: u32 = u32::MAX;

/// Probabilities of one length coder: choice, choice2, low[16][8], mid[16][8], high[256].
struct LengthCoder {
    probs: Vec<u16>,
}

const LOW_BASE: usize = 2;
const MID_BASE: usize = LOW_BASE + POS_STATES_MAX * LEN_LOW as usize;
const HIGH_BASE: usize = MID_BASE + POS_STATES_MAX * LEN_MID as usize;

impl LengthCoder {
    fn new() -> Self {
        LengthCoder {
            probs: vec![PROB_INIT; HIGH_BASE + (1 << LEN_HIGH_BITS)],
        }
    }

    /// A match length minus [`MATCH_MIN_LEN`].
    #[inline(always)]
    fn decode(&mut self, rc: &mut RangeDecoder, pos_state: usize, input: &[u8]) -> u32 {
        if rc.bit(&mut self.probs, 0, input) == 0 {
            return rc.bit_tree(
                &mut self.probs,
                LOW_BASE + pos_state * LEN_LOW as usize,
                LEN_LOW_BITS,
                input,
            );
        }
        if rc.bit(&mut self.probs, 1, input) == 0 {
            return LEN_LOW
                + rc.bit_tree(
                    &mut self.probs,
                    MID_BASE + pos_state * LEN_MID as usize,
                    LEN_MID_BITS,
                    input,
                );
        }
        LEN_LOW + LEN_MID + rc.bit_tree(&mut self.probs, HIGH_BASE, LEN_HIGH_BITS, input)
    }
}

/// Every adaptive probability of the stream and the coder state.
pub(crate) struct Model {
    lc: u32,
    lp_mask: usize,
    pb_mask: usize,
    literal: Vec<u16>,
    is_match: Vec<u16>,
    is_rep: Vec<u16>,
    is_rep_g0: Vec<u16>,
    is_rep_g1: Vec<u16>,
    is_rep_g2: Vec<u16>,
    is_rep0_long: Vec<u16>,
    pos_slot: Vec<u16>,
    pos_decoders: Vec<u16>,
    align: Vec<u16>,
    len: LengthCoder,
    rep_len: LengthCoder,
    state: usize,
    reps: [u32; 4],
}

impl Model {
    /// A fresh model for the header's lc, lp and pb.
    pub(crate) fn new(lc: u32, lp: u32, pb: u32) -> Self {
        Model {
            lc,
            lp_mask: (1 << lp) - 1,
            pb_mask: (1 << pb) - 1,
            literal: vec![PROB_INIT; 0x300 << (lc + lp)],
            is_match: vec![PROB_INIT; STATES * POS_STATES_MAX],
            is_rep: vec![PROB_INIT; STATES],
            is_rep_g0: vec![PROB_INIT; STATES],
            is_rep_g1: vec![PROB_INIT; STATES],
            is_rep_g2: vec![PROB_INIT; STATES],
            is_rep0_long: vec![PROB_INIT; STATES * POS_STATES_MAX],
            pos_slot: vec![PROB_INIT; 4 << 6],
            pos_decoders: vec![PROB_INIT; 1 + FULL_DISTANCES - END_POS_MODEL_INDEX as usize],
            align: vec![PROB_INIT; 1 << ALIGN_BITS],
            len: LengthCoder::new(),
            rep_len: LengthCoder::new(),
            state: 0,
            reps: [0; 4],
        }
    }

    /// Decodes one literal or one match into `out`.
    #[inline(always)]
    pub(crate) fn step(
        &mut self,
        rc: &mut RangeDecoder,
        input: &[u8],
        out: &mut Vec<u8>,
        out_size: usize,
    ) -> Result<(), LzmaError> {
        let pos_state = out.len() & self.pb_mask;
        if rc.bit(&mut self.is_match, (self.state << 4) + pos_state, input) == 0 {
            return self.literal(rc, input, out);
        }
        let len;
        if rc.bit(&mut self.is_rep, self.state, input) == 0 {
            len = self.len.decode(rc, pos_state, input);
            self.state = if self.state < 7 { 7 } else { 10 };
            let dist = self.distance(rc, len, input);
            if dist == END_MARKER {
                return Err(damaged(format!(
                    "end marker after {} of {out_size} bytes",
                    out.len()
                )));
            }
            self.reps = [dist, self.reps[0], self.reps[1], self.reps[2]];
        } else {
            if out.is_empty() {
                return Err(damaged("a repeated match before any output"));
            }
            if rc.bit(&mut self.is_rep_g0, self.state, input) == 0 {
                if rc.bit(&mut self.is_rep0_long, (self.state << 4) + pos_state, input) == 0 {
                    // A one-byte repeat of rep0.
                    self.state = if self.state < 7 { 9 } else { 11 };
                    let byte = back(out, self.reps[0])?;
                    out.push(byte);
                    return Ok(());
                }
            } else {
                let [rep0, rep1, rep2, rep3] = self.reps;
                self.reps = if rc.bit(&mut self.is_rep_g1, self.state, input) == 0 {
                    [rep1, rep0, rep2, rep3]
                } else if rc.bit(&mut self.is_rep_g2, self.state, input) == 0 {
                    [rep2, rep0, rep1, rep3]
                } else {
                    [rep3, rep0, rep1, rep2]
                };
            }
            len = self.rep_len.decode(rc, pos_state, input);
            self.state = if self.state < 7 { 8 } else { 11 };
        }
        copy_match(out, self.reps[0], len as usize + MATCH_MIN_LEN, out_size)
    }

    #[inline(always)]
    fn literal(
        &mut self,
        rc: &mut RangeDecoder,
        input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), LzmaError> {
        let prev = out.last().copied().unwrap_or(0);
        let base = 0x300
            * (((out.len() & self.lp_mask) << self.lc) + (usize::from(prev) >> (8 - self.lc)));
        let mut symbol = 1usize;
        if self.state >= 7 {
            // After a match, the byte at rep0 steers the probabilities until the first
            // differing bit.
            let mut match_byte = usize::from(back(out, self.reps[0])?);
            while symbol < 0x100 {
                let match_bit = (match_byte >> 7) & 1;
                match_byte <<= 1;
                let b = rc.bit(
                    &mut self.literal,
                    base + ((1 + match_bit) << 8) + symbol,
                    input,
                ) as usize;
                symbol = (symbol << 1) | b;
                if match_bit != b {
                    break;
                }
            }
        }
        while symbol < 0x100 {
            symbol = (symbol << 1) | rc.bit(&mut self.literal, base + symbol, input) as usize;
        }
        out.push((symbol & 0xff) as u8);
        self.state = if self.state < 4 {
            0
        } else if self.state < 10 {
            self.state - 3
        } else {
            self.state - 6
        };
        Ok(())
    }

    /// A match distance minus one (or [`END_MARKER`]).
    #[inline(always)]
    fn distance(&mut self, rc: &mut RangeDecoder, len: u32, input: &[u8]) -> u32 {
        let len_state = len.min(3) as usize;
        let slot = rc.bit_tree(&mut self.pos_slot, len_state << 6, 6, input);
        if slot < 4 {
            return slot;
        }
        let direct = (slot >> 1) - 1;
        let dist = (2 | (slot & 1)) << direct;
        if slot < END_POS_MODEL_INDEX {
            let base = (dist - slot) as usize;
            return dist + rc.reverse_bit_tree(&mut self.pos_decoders, base, direct, input);
        }
        let high = rc.direct_bits(direct - ALIGN_BITS, input) << ALIGN_BITS;
        dist.wrapping_add(high).wrapping_add(rc.reverse_bit_tree(
            &mut self.align,
            0,
            ALIGN_BITS,
            input,
        ))
    }
}

/// The byte `dist + 1` back from the end of the output.
#[inline(always)]
fn back(out: &[u8], dist: u32) -> Result<u8, LzmaError> {
    let at = out.len().checked_sub(dist as usize + 1);
    at.and_then(|at| out.get(at).copied()).ok_or_else(|| {
        damaged(format!(
            "distance {} reaches before the start at byte {}",
            dist as u64 + 1,
            out.len()
        ))
    })
}

/// Appends `len` bytes copied from `dist + 1` back (the ranges may overlap).
#[inline(always)]
fn copy_match(out: &mut Vec<u8>, dist: u32, len: usize, out_size: usize) -> Result<(), LzmaError> {
    let from = out.len().checked_sub(dist as usize + 1).ok_or_else(|| {
        damaged(format!(
            "distance {} reaches before the start at byte {}",
            dist as u64 + 1,
            out.len()
        ))
    })?;
    if len > out_size - out.len() {
        return Err(damaged(format!(
            "a match runs past the {out_size}-byte output"
        )));
    }
    if dist as usize + 1 >= len {
        out.extend_from_within(from..from + len);
    } else {
        for i in from..from + len {
            let byte = out.get(i).copied().unwrap_or(0);
            out.push(byte);
        }
    }
    Ok(())
}
