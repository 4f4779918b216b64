//! The detection prefilter never hides a kind: for every window the detector sees in every
//! fixture and corpus file (each paragraph, each prompt segment, each whole file), a kind whose
//! `detect` answers must have been offered by `triggers::offered`. A failure names the kind
//! and the window: add the missing literal to `parsers/triggers.rs`.

use std::path::{Path, PathBuf};

use netdiag_core::parsers::normalize::Normalized;
use netdiag_core::parsers::registry::DETECT_WINDOW;
use netdiag_core::parsers::{Line, PARSERS, split, triggers};

fn txt_files(root: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

fn head<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    let start = lines
        .iter()
        .position(|l| !l.text.trim().is_empty())
        .unwrap_or(lines.len());
    let rest = lines.get(start..).unwrap_or(&[]);
    rest.get(..DETECT_WINDOW.min(rest.len())).unwrap_or(rest)
}

#[test]
fn prefilter_offers_every_kind_that_detects() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    txt_files(&manifest.join("tests/fixtures"), &mut files);
    let corpus = manifest.join("../../../shared/corpus/device");
    if corpus.is_dir() {
        txt_files(&corpus, &mut files);
    } else {
        println!("SKIP corpus part: {} not found", corpus.display());
    }
    let listed: Vec<usize> = PARSERS
        .iter()
        .enumerate()
        .filter(|(_, e)| triggers::TRIGGERS.iter().any(|(k, _)| *k == e.kind))
        .map(|(i, _)| i)
        .collect();
    let mut misses = Vec::new();
    let mut windows = 0usize;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let norm = Normalized::new(&text);
        let lines = norm.lines();
        let mut wins: Vec<Vec<Line<'_>>> = vec![lines.clone()];
        for seg in split::segments(&lines) {
            for para in split::paragraphs(seg.lines) {
                wins.push(seg.lines.get(para).unwrap_or(&[]).to_vec());
            }
            wins.push(seg.lines.to_vec());
        }
        for w in &wins {
            let win = head(w);
            if win.is_empty() {
                continue;
            }
            windows += 1;
            let offered = triggers::offered(win);
            for &i in &listed {
                let Some(e) = PARSERS.get(i) else { continue };
                if (e.detect)(win).is_some() && !offered.get(i).copied().unwrap_or(false) {
                    misses.push(format!(
                        "{}: {} detects the window at line {} ({:?}) but no trigger matched",
                        f.display(),
                        e.kind,
                        win.first().map_or(0, |l| l.no),
                        win.first().map_or("", |l| l.text)
                    ));
                }
            }
        }
    }
    println!("{windows} windows checked in {} files", files.len());
    assert!(
        misses.is_empty(),
        "{} miss(es):\n{}",
        misses.len(),
        misses.join("\n")
    );
}
