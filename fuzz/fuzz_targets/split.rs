//! Any bytes cut into byte ranges where `find_cut` says: when the ranges merge exactly, the
//! result is one reader's; a range's partial state read back from damaged bytes is an error,
//! never a panic.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use segmenta::parallel::{self, Partial, RangeReader};
use segmenta::Options;

#[derive(Arbitrary, Debug)]
struct Input {
    data: Vec<u8>,
    cuts: Vec<u16>,
    keep_duplicates: bool,
    damage: Option<(u16, u8)>,
}

fuzz_target!(|input: Input| {
    let data = &input.data;
    let mut opts = Options::default();
    opts.read.duplicates = if input.keep_duplicates {
        segmenta::DuplicatePolicy::Keep
    } else {
        segmenta::DuplicatePolicy::Drop
    };
    let head = &data[..data.len().min(parallel::HEAD_BYTES)];
    let total = data.len() as u64;
    // Range starts from `find_cut` on windows starting at the fuzzer's positions.
    let mut starts = vec![0usize];
    let mut positions: Vec<usize> = input
        .cuts
        .iter()
        .take(4)
        .map(|&c| c as usize % data.len().max(1))
        .collect();
    positions.sort_unstable();
    for p in positions {
        if let Ok(Some(off)) = parallel::find_cut(&opts, head, total, &data[p..]) {
            let cut = p + off;
            if cut > *starts.last().unwrap() && cut < data.len() {
                starts.push(cut);
            }
        }
    }
    let mut parts = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(data.len());
        let Ok(mut r) = RangeReader::new(&opts, head, total, i as u32, (e - s) as u64) else {
            return;
        };
        if r.push(&data[s..e]).is_err() {
            return;
        }
        let Ok(p) = r.finish() else { return };
        let mut bytes = p.to_bytes();
        let back = Partial::from_bytes(&bytes).expect("a partial state reads back");
        assert_eq!(back.to_bytes(), bytes);
        if let Some((at, x)) = input.damage {
            let n = bytes.len();
            bytes[at as usize % n] ^= x.max(1);
            let _ = Partial::from_bytes(&bytes);
        }
        parts.push(back.to_bytes());
    }
    let merged = segmenta::merge_ranges(&opts, None, head, total, None, &parts);
    if !matches!(&merged, Err(e) if e.kind() == segmenta::ErrorKind::InexactSplit) {
        let whole = segmenta::analyze(data, &opts);
        match (whole, merged) {
            (Ok(w), Ok(m)) => {
                assert_eq!(w.columns().revenue, m.columns().revenue);
                assert_eq!(w.columns().frequency, m.columns().frequency);
                assert_eq!(w.columns().recency, m.columns().recency);
                assert_eq!(w.audit().rows_read, m.audit().rows_read);
                assert_eq!(w.audit().rows_accepted, m.audit().rows_accepted);
            }
            (Err(_), Err(_)) => {}
            (w, m) => panic!("one reader {:?}, ranges {:?}", w.is_ok(), m.is_ok()),
        }
    }
});
