fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let r = segmenta::analyze(&data, &segmenta::Options::default()).unwrap();
    let el = t.elapsed();
    let s = r.summary();
    println!("{}", serde_json::to_string_pretty(&s.segments).unwrap());
    println!(
        "customers {} tx {} rev {} asof {} in {:?}",
        s.customers, s.transactions, s.revenue, s.as_of, el
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&r.audit())
            .unwrap()
            .chars()
            .take(3000)
            .collect::<String>()
    );
    println!("{:?}", s.warnings);
}
