fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(&path).unwrap();
    let opts = segmenta::Options::default();
    let agg =
        segmenta::input::read_all(&data, &opts, Some(segmenta::abc_xyz::Period::Month)).unwrap();
    println!(
        "clients {} heap {:.1} MB sorted {}",
        agg.stats.len(),
        agg.heap_bytes as f64 / 1e6,
        agg.sorted
    );
}
