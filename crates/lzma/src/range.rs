//! The LZMA range decoder: adaptive binary probabilities (11 bits) and direct bits.

use crate::{LzmaError, damaged};

/// Probabilities start at one half.
pub(crate) const PROB_INIT: u16 = 1024;
const TOP: u32 = 1 << 24;

/// Range coder state and the read position in the input.
pub(crate) struct RangeDecoder {
    range: u32,
    code: u32,
    /// Next input byte; may run past the input by a few bytes, which the caller reports as a
    /// truncated stream (reads past the end see zeros).
    pub(crate) pos: usize,
}

impl RangeDecoder {
    /// Starts at `at`: a zero byte, then the first four code bytes.
    pub(crate) fn new(input: &[u8], at: usize) -> Result<Self, LzmaError> {
        let start = input
            .get(at..at + 5)
            .ok_or_else(|| damaged("the range coder's start is cut short"))?;
        if start.first() != Some(&0) {
            return Err(damaged("the range coder does not start with a zero byte"));
        }
        let code = start
            .iter()
            .skip(1)
            .fold(0u32, |code, &b| (code << 8) | u32::from(b));
        Ok(RangeDecoder {
            range: u32::MAX,
            code,
            pos: at + 5,
        })
    }

    #[inline(always)]
    fn normalize(&mut self, input: &[u8]) {
        if self.range < TOP {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(input.get(self.pos).copied().unwrap_or(0));
            self.pos += 1;
        }
    }

    /// One bit with the adaptive probability `probs[i]`.
    #[inline(always)]
    pub(crate) fn bit(&mut self, probs: &mut [u16], i: usize, input: &[u8]) -> u32 {
        let Some(p) = probs.get_mut(i) else { return 0 };
        let bound = (self.range >> 11) * u32::from(*p);
        let b = if self.code < bound {
            self.range = bound;
            *p += (2048 - *p) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> 5;
            1
        };
        self.normalize(input);
        b
    }

    /// A `bits`-bit symbol from a bit tree rooted at `probs[base + 1]`.
    #[inline(always)]
    pub(crate) fn bit_tree(
        &mut self,
        probs: &mut [u16],
        base: usize,
        bits: u32,
        input: &[u8],
    ) -> u32 {
        let mut m = 1u32;
        for _ in 0..bits {
            m = (m << 1) | self.bit(probs, base + m as usize, input);
        }
        m - (1 << bits)
    }

    /// A bit-tree symbol read least significant bit first.
    #[inline(always)]
    pub(crate) fn reverse_bit_tree(
        &mut self,
        probs: &mut [u16],
        base: usize,
        bits: u32,
        input: &[u8],
    ) -> u32 {
        let mut m = 1u32;
        let mut symbol = 0u32;
        for i in 0..bits {
            let b = self.bit(probs, base + m as usize, input);
            m = (m << 1) | b;
            symbol |= b << i;
        }
        symbol
    }

    /// `count` bits with probability one half each.
    pub(crate) fn direct_bits(&mut self, count: u32, input: &[u8]) -> u32 {
        let mut result = 0u32;
        for _ in 0..count {
            self.range >>= 1;
            let b = if self.code >= self.range {
                self.code -= self.range;
                1
            } else {
                0
            };
            result = (result << 1) | b;
            self.normalize(input);
        }
        result
    }
}
