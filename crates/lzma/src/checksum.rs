//! Adler-32 (RFC 1950): the check the single file carries for each unpacked stream, since
//! LZMA itself has none (gzip's CRC-32 used to catch a damaged file before the compile).

/// Largest prime below 2^16.
const MOD: u32 = 65_521;
/// Bytes that can be summed before `b` could overflow a u32 (zlib's NMAX).
const NMAX: usize = 5_552;

/// A running Adler-32.
#[derive(Debug, Clone, Copy)]
pub struct Adler32 {
    a: u32,
    b: u32,
}

impl Default for Adler32 {
    fn default() -> Self {
        Adler32 { a: 1, b: 0 }
    }
}

impl Adler32 {
    /// Adds `data`.
    pub fn update(&mut self, data: &[u8]) {
        for chunk in data.chunks(NMAX) {
            for &byte in chunk {
                self.a += u32::from(byte);
                self.b += self.a;
            }
            self.a %= MOD;
            self.b %= MOD;
        }
    }

    /// The checksum of everything added so far.
    pub fn value(&self) -> u32 {
        (self.b << 16) | self.a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_and_pieces() {
        let mut sum = Adler32::default();
        assert_eq!(sum.value(), 1);
        sum.update(b"Wikipedia");
        assert_eq!(sum.value(), 0x11E6_0398);
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 3) as u8).collect();
        let mut whole = Adler32::default();
        whole.update(&data);
        let mut parts = Adler32::default();
        for piece in data.chunks(777) {
            parts.update(piece);
        }
        assert_eq!(whole.value(), parts.value());
        let mut ones = Adler32::default();
        ones.update(&vec![0xff; 20_000]);
        // zlib's adler32 of 20,000 bytes of 0xff.
        assert_eq!(ones.value(), 0x9F51_D664);
    }
}
