//! LZMA stream decoder (the `.lzma` format of `xz --format=lzma`), streaming and allocation-light.
//!
//! Why it exists: the single-file build carries the engine's wasm LZMA-compressed (a third
//! smaller than gzip, for issue 7's 1.6 MB budget) and browsers have neither LZMA nor brotli in
//! `DecompressionStream`. The page runs this decoder as wasm in Workers (`netdiag-lzma-wasm`).
//!
//! Written from the LZMA format description (range coder; literal, match and repeated-match
//! states; length and distance coders). The output size must be in the header (the bundler
//! writes it), so the output is one buffer allocated once that also serves as the dictionary.
//! [`Decoder::push`] decodes as far as the input received so far safely allows and resumes when
//! more arrives. Damaged input gives an [`LzmaError`], never a panic or a hang.

mod checksum;
mod model;
mod range;

pub use checksum::Adler32;

use model::Model;
use range::RangeDecoder;

/// Bytes of the `.lzma` header: properties, dictionary size, output size.
const HEADER_BYTES: usize = 13;
/// The most input one literal or match can read (about 48 bits, each at most one byte after
/// normalisation), with room to spare: decoding pauses this far from the end of the input
/// received so far, unless all of it is there.
const SAFE_MARGIN: usize = 64;
/// The largest output this decoder accepts (the engine's wasm is about 5 MB).
const MAX_OUTPUT: u64 = 1 << 31;

/// Why a stream cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LzmaError {
    /// The input says something impossible; the text says what and where.
    Damaged(String),
    /// The input ended before the output was complete.
    Truncated {
        received: usize,
        output: usize,
        expected: usize,
    },
    /// More input arrived than the stream's announced size.
    TooMuchInput { announced: usize },
}

impl std::fmt::Display for LzmaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LzmaError::Damaged(what) => write!(f, "LZMA data is damaged: {what}"),
            LzmaError::Truncated {
                received,
                output,
                expected,
            } => write!(
                f,
                "LZMA data is truncated: {received} bytes gave {output} of {expected} output bytes"
            ),
            LzmaError::TooMuchInput { announced } => {
                write!(
                    f,
                    "LZMA data is damaged: more than the announced {announced} compressed bytes"
                )
            }
        }
    }
}

impl std::error::Error for LzmaError {}

fn damaged(what: impl Into<String>) -> LzmaError {
    LzmaError::Damaged(what.into())
}

/// Decoding state that exists once the header has been read.
struct Stream {
    model: Model,
    rc: RangeDecoder,
    out: Vec<u8>,
    out_size: usize,
}

/// A streaming decoder of one `.lzma` stream whose header carries the output size.
pub struct Decoder {
    input: Vec<u8>,
    announced: usize,
    stream: Option<Stream>,
}

impl Decoder {
    /// A decoder for a stream of `input_size` compressed bytes (the whole stream's size).
    pub fn new(input_size: usize) -> Result<Self, LzmaError> {
        if input_size < HEADER_BYTES + 5 {
            return Err(damaged(format!(
                "{input_size} bytes is too short for a stream"
            )));
        }
        Ok(Decoder {
            input: reserved(input_size, "compressed bytes")?,
            announced: input_size,
            stream: None,
        })
    }

    /// All the announced compressed bytes have arrived.
    pub fn is_complete(&self) -> bool {
        self.input.len() == self.announced
    }

    /// The output decoded so far.
    pub fn output(&self) -> &[u8] {
        self.stream.as_ref().map_or(&[], |s| s.out.as_slice())
    }

    /// Adds compressed bytes and decodes what they allow; returns how many output bytes are new
    /// (the last ones of [`Decoder::output`]).
    pub fn push(&mut self, bytes: &[u8]) -> Result<usize, LzmaError> {
        if bytes.len() > self.announced - self.input.len() {
            return Err(LzmaError::TooMuchInput {
                announced: self.announced,
            });
        }
        self.input.extend_from_slice(bytes);
        let complete = self.is_complete();
        if self.stream.is_none() {
            if self.input.len() < HEADER_BYTES + 5 + SAFE_MARGIN && !complete {
                return Ok(0);
            }
            self.stream = Some(start(&self.input)?);
        }
        let Some(stream) = self.stream.as_mut() else {
            return Ok(0);
        };
        let before = stream.out.len();
        run(stream, &self.input, complete)?;
        Ok(stream.out.len() - before)
    }

    /// Checks that the stream is complete and consumes the decoder; returns the output.
    pub fn finish(self) -> Result<Vec<u8>, LzmaError> {
        let received = self.input.len();
        let Some(stream) = self.stream else {
            return Err(LzmaError::Truncated {
                received,
                output: 0,
                expected: 0,
            });
        };
        if received < self.announced || stream.out.len() < stream.out_size {
            return Err(LzmaError::Truncated {
                received,
                output: stream.out.len(),
                expected: stream.out_size,
            });
        }
        Ok(stream.out)
    }
}

/// Decodes a whole stream.
pub fn decode(bytes: &[u8]) -> Result<Vec<u8>, LzmaError> {
    let mut decoder = Decoder::new(bytes.len())?;
    decoder.push(bytes)?;
    decoder.finish()
}

/// An empty buffer with room for `len` bytes. The sizes come from the input (a damaged header
/// can name up to 2 GiB): one that cannot be had is an error, never an abort.
fn reserved(len: usize, what: &str) -> Result<Vec<u8>, LzmaError> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(len)
        .map_err(|_| damaged(format!("{len} {what} do not fit in memory")))?;
    Ok(buf)
}

/// Reads the header and starts the range decoder.
fn start(input: &[u8]) -> Result<Stream, LzmaError> {
    let header = input
        .get(..HEADER_BYTES + 5)
        .ok_or_else(|| damaged("the header is cut short"))?;
    let props = header.first().copied().unwrap_or(0xff);
    if props >= 9 * 5 * 5 {
        return Err(damaged(format!("bad properties byte {props}")));
    }
    let lc = u32::from(props % 9);
    let lp = u32::from(props / 9 % 5);
    let pb = u32::from(props / 45);
    let mut size_bytes = [0u8; 8];
    size_bytes.copy_from_slice(header.get(5..HEADER_BYTES).unwrap_or(&[0; 8]));
    let size = u64::from_le_bytes(size_bytes);
    if size >= MAX_OUTPUT {
        return Err(damaged(
            "the output size is not in the header (or is over 2 GiB)",
        ));
    }
    let out_size = usize::try_from(size).map_err(|_| damaged("the output size does not fit"))?;
    let rc = RangeDecoder::new(input, HEADER_BYTES)?;
    Ok(Stream {
        model: Model::new(lc, lp, pb),
        rc,
        out: reserved(out_size, "output bytes")?,
        out_size,
    })
}

/// Decodes until the output is complete or the input runs within [`SAFE_MARGIN`] of its end
/// (unless it is all there).
fn run(stream: &mut Stream, input: &[u8], complete: bool) -> Result<(), LzmaError> {
    let limit = if complete {
        input.len()
    } else {
        input.len().saturating_sub(SAFE_MARGIN)
    };
    let Stream {
        model,
        rc,
        out,
        out_size,
    } = stream;
    while out.len() < *out_size && rc.pos <= limit {
        model.step(rc, input, out, *out_size)?;
    }
    if rc.pos > input.len() {
        return Err(LzmaError::Truncated {
            received: input.len(),
            output: out.len(),
            expected: *out_size,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
