//! Saved states: any bytes as a state (as they are, and with their fingerprint made valid,
//! so the reader behind it is reached) are a report or an `invalidState` error, never a
//! panic; a real state split anywhere into a history and new rows updates to the report of
//! the whole input.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use segmenta::{analyze, seal_state, update, ErrorKind, Options, Updater};

#[derive(Arbitrary, Debug)]
struct Input {
    data: Vec<u8>,
    cut: u16,
    damage: Vec<(u16, u8)>,
    history_window: u8,
}

fuzz_target!(|input: Input| {
    let data = &input.data;
    let mut opts = Options::default();
    opts.read.history_window = Some(input.history_window as u32);
    // Any bytes as a state.
    for bytes in [data.clone(), {
        let mut b = data.clone();
        seal_state(&mut b);
        b
    }] {
        if let Ok(mut u) = Updater::new(&bytes) {
            let _ = u.push(b"a,2024-01-01,1\n");
            let _ = u.finish().map(|r| r.summary());
        }
    }
    // A real state: the update of a history equals the whole input's report.
    let cut = data
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .map(|(i, _)| i + 1)
        .nth(input.cut as usize % 8)
        .unwrap_or(data.len());
    let (Ok(whole), Ok(history)) = (analyze(data, &opts), analyze(&data[..cut], &opts)) else {
        return;
    };
    let Ok(state) = history.state() else {
        return;
    };
    if let Ok(updated) = update(&history, &data[cut..]) {
        assert_eq!(updated.len(), whole.len());
        assert_eq!(updated.audit().rows_accepted, whole.audit().rows_accepted);
    }
    let mut bad = state.clone();
    for &(at, v) in &input.damage {
        let n = bad.len();
        bad[at as usize % n] ^= v;
    }
    if bad != state {
        seal_state(&mut bad);
        if let Err(e) = Updater::new(&bad) {
            assert!(matches!(e.kind(), ErrorKind::InvalidState | ErrorKind::InvalidOption | ErrorKind::UnreadableInput | ErrorKind::MissingColumn | ErrorKind::EmptyInput | ErrorKind::HeaderOnly | ErrorKind::NotText), "{e:?}");
        }
    }
});
