fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(&path).unwrap();
    let opts = segmenta::Options::default();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let agg = segmenta::input::read_all(&data, &opts, Some(segmenta::abc_xyz::Period::Month))
            .unwrap();
        let t1 = t.elapsed();
        let r = segmenta::report::build(agg, &opts, None).unwrap();
        let t2 = t.elapsed();
        let s = r.summary();
        let t3 = t.elapsed();
        println!(
            "read {:?} build {:?} summary {:?} ({} clients)",
            t1,
            t2 - t1,
            t3 - t2,
            s.customers
        );
    }
    let e = segmenta::Options::from_json(r#"{"binz": 3}"#);
    println!("{:?}", e.err().map(|e| e.to_string()));
}
