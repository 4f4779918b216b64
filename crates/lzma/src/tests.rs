use super::*;
use std::io::Write;
use std::process::{Command, Stdio};

const FIXTURE: &[u8] = include_bytes!("../tests/fixtures/ike-log.txt.lzma");
const FIXTURE_TEXT: &[u8] = include_bytes!("../tests/fixtures/ike-log.txt");

/// `xz --format=lzma` of `data` with the output size written into the header, as the bundler
/// does; None (and a SKIP line) where xz is not installed.
fn xz(data: &[u8], preset: &str) -> Option<Vec<u8>> {
    let child = Command::new("xz")
        .args(["--format=lzma", &format!("--lzma1={preset}"), "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("SKIP: xz is not installed; only the committed fixture is decoded");
        return None;
    };
    let mut stdin = child.stdin.take().expect("stdin");
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("xz runs");
    writer.join().expect("writer").expect("write to xz");
    assert!(out.status.success(), "xz failed");
    let mut packed = out.stdout;
    packed[5..13].copy_from_slice(&(data.len() as u64).to_le_bytes());
    Some(packed)
}

/// Bytes that exercise literals, long and short matches and repeated distances.
fn sample(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let r = next();
        match r % 4 {
            0 => out.extend_from_slice(
                format!("peer 198.51.100.{} spi {:08x}\n", r % 250, r >> 32).as_bytes(),
            ),
            1 if out.len() > 300 => {
                let from = (r as usize >> 8) % (out.len() - 200);
                let copy = out[from..from + 1 + (r as usize >> 40) % 150].to_vec();
                out.extend_from_slice(&copy);
            }
            _ => out.extend((0..(r % 40)).map(|i| (r >> (i % 56)) as u8)),
        }
    }
    out.truncate(len);
    out
}

#[test]
fn the_committed_fixture_decodes_whole_and_in_pieces() {
    assert_eq!(decode(FIXTURE).expect("decodes"), FIXTURE_TEXT);
    for piece in [1, 7, 64, 65, 1000] {
        let mut decoder = Decoder::new(FIXTURE.len()).expect("decoder");
        let mut seen = 0;
        for chunk in FIXTURE.chunks(piece) {
            let new = decoder.push(chunk).expect("push");
            seen += new;
            assert_eq!(decoder.output().len(), seen);
        }
        assert!(decoder.is_complete());
        assert_eq!(
            decoder.finish().expect("finish"),
            FIXTURE_TEXT,
            "pieces of {piece}"
        );
    }
}

#[test]
fn xz_output_round_trips_for_many_shapes() {
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        vec![0u8; 100_000],
        sample(300_000, 1),
        sample(70_000, 99),
        (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
    ];
    for (i, data) in cases.iter().enumerate() {
        for preset in [
            "preset=9e,pb=0",
            "preset=6",
            "preset=1,lc=0,lp=2,pb=2",
            "preset=9,lc=4,lp=0",
        ] {
            let Some(packed) = xz(data, preset) else {
                return;
            };
            let mut decoder = Decoder::new(packed.len()).expect("decoder");
            for chunk in packed.chunks(4096) {
                decoder.push(chunk).expect("push");
            }
            assert_eq!(
                &decoder.finish().expect("finish"),
                data,
                "case {i} {preset}"
            );
        }
    }
}

#[test]
fn damaged_input_is_an_error_never_a_panic() {
    // Every single-byte change of the fixture either decodes (to something) or is an error.
    let mut errors = 0;
    for at in 0..FIXTURE.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = FIXTURE.to_vec();
            bad[at] ^= flip;
            if decode(&bad).map(|out| out != FIXTURE_TEXT).unwrap_or(true) {
                errors += 1;
            }
        }
    }
    assert!(errors > FIXTURE.len(), "most changes are caught ({errors})");
}

#[test]
fn errors_say_what_is_wrong() {
    let short = decode(&FIXTURE[..FIXTURE.len() - 20]).expect_err("truncated");
    assert!(matches!(short, LzmaError::Truncated { .. }), "{short}");
    assert!(short.to_string().contains("truncated"), "{short}");

    let mut props = FIXTURE.to_vec();
    props[0] = 225;
    assert_eq!(
        decode(&props).expect_err("props").to_string(),
        "LZMA data is damaged: bad properties byte 225"
    );

    let mut unknown = FIXTURE.to_vec();
    unknown[5..13].copy_from_slice(&[0xff; 8]);
    assert!(
        decode(&unknown)
            .expect_err("size")
            .to_string()
            .contains("output size is not in the header")
    );

    let mut zero = FIXTURE.to_vec();
    zero[13] = 1;
    assert!(
        decode(&zero)
            .expect_err("start")
            .to_string()
            .contains("zero byte")
    );

    let mut decoder = Decoder::new(FIXTURE.len()).expect("decoder");
    decoder.push(FIXTURE).expect("push");
    assert_eq!(
        decoder.push(b"x"),
        Err(LzmaError::TooMuchInput {
            announced: FIXTURE.len()
        })
    );

    // A header naming nearly 2 GiB of output: an error (no room, or not enough input), never
    // an abort.
    let mut huge = FIXTURE.to_vec();
    huge[5..13].copy_from_slice(&0x7fff_fff0u64.to_le_bytes());
    assert!(decode(&huge).is_err());

    assert!(Decoder::new(3).is_err());
    let waiting = Decoder::new(FIXTURE.len()).expect("decoder");
    assert!(matches!(waiting.finish(), Err(LzmaError::Truncated { .. })));
}
