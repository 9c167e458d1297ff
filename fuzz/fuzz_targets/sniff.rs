//! Any bytes: sniffing ends in a result or a clear error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = segmenta::sniff(data, &segmenta::Options::default());
});
