//! Benchmark and test transactions.
//!
//! The transactions follow the shape of real shops: heavy-tailed activity (many one-time
//! buyers, a few clients with hundreds of orders), acquisition spread over two years with
//! mild growth, churn after an active window, orders of one to a few line items, log-normal
//! line amounts and about 1 % returns. Rows are sorted by date and order id, like an order
//! export.

use super::Rng;
use crate::calendar::{self, Day};

struct Order {
    day: u16,
    customer: u32,
    lines: u8,
}

/// Writes `rows` transactions (`customer_id,order_id,order_date,amount`) into `out`, for
/// about one client per eight rows. Dates run over the two years from 2022-01-01.
pub fn transactions(rows: u64, seed: u64, out: &mut impl std::io::Write) -> std::io::Result<u64> {
    transactions_for(rows, rows / 8, seed, out)
}

/// Like [`transactions`], for a population of `clients` clients whatever the number of rows
/// (a long history of one shop rather than a bigger shop).
pub fn transactions_for(
    rows: u64,
    clients: u64,
    seed: u64,
    out: &mut impl std::io::Write,
) -> std::io::Result<u64> {
    const NDAYS: u32 = 730;
    let start = calendar::day_from_ymd(2022, 1, 1).unwrap_or(18_993);
    let mut rng = Rng::new(seed);
    let n_cust = clients.clamp(100, u32::MAX as u64 - 1) as usize;
    let width = n_cust.to_string().len().max(6);
    // Clients: activity weight (Lomax, capped), acquisition day, active window.
    let mut weight = Vec::with_capacity(n_cust);
    let mut start_day = Vec::with_capacity(n_cust);
    let mut window = Vec::with_capacity(n_cust);
    for _ in 0..n_cust {
        let w = ((1.0 - rng.f64()).powf(-1.0 / 1.5) - 1.0).min(300.0);
        let sd = (NDAYS as f64 * rng.f64().powf(0.85)).floor() as u32;
        let life = rng.exp(300.0) + 30.0 * w;
        weight.push(w);
        start_day.push(sd.min(NDAYS - 1));
        window.push(life.min((NDAYS - sd) as f64).max(1.0));
    }
    let mut cum = Vec::with_capacity(n_cust);
    let mut acc = 0.0;
    for w in &weight {
        acc += w;
        cum.push(acc);
    }
    // Orders: one acquisition order per client, the rest by weight.
    let target = (rows as f64 / 1.25 * 1.03) as usize + 1;
    let mut orders: Vec<Order> = Vec::with_capacity(target.max(n_cust));
    let line_count = |rng: &mut Rng| -> u8 {
        let mut l = 1u8;
        while l < 20 && rng.f64() >= 0.8 {
            l += 1;
        }
        l
    };
    for (c, sd) in start_day.iter().enumerate() {
        let lines = line_count(&mut rng);
        orders.push(Order {
            day: *sd as u16,
            customer: c as u32,
            lines,
        });
    }
    while orders.len() < target {
        let x = rng.f64() * acc;
        let c = cum.partition_point(|v| *v <= x).min(n_cust - 1);
        let day = start_day[c] + (rng.f64() * window[c]).floor() as u32;
        let lines = line_count(&mut rng);
        orders.push(Order {
            day: day.min(NDAYS - 1) as u16,
            customer: c as u32,
            lines,
        });
    }
    // Shuffle (so truncation is fair), truncate to exactly `rows` lines, then sort by day.
    for i in (1..orders.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        orders.swap(i, j);
    }
    let mut total = 0u64;
    let mut keep = 0;
    for (i, o) in orders.iter_mut().enumerate() {
        if total >= rows {
            break;
        }
        let l = (o.lines as u64).min(rows - total);
        o.lines = l as u8;
        total += l;
        keep = i + 1;
    }
    orders.truncate(keep);
    orders.sort_by_key(|o| o.day);
    // Client ids unrelated to activity.
    let mut ids: Vec<u32> = (1..=n_cust as u32).collect();
    for i in (1..ids.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        ids.swap(i, j);
    }
    let mut buf = Vec::with_capacity(1 << 20);
    buf.extend_from_slice(b"customer_id,order_id,order_date,amount\n");
    let mut written = 0u64;
    let mut last_day = u16::MAX;
    let mut day_text = Vec::new();
    for (k, o) in orders.iter().enumerate() {
        if o.day != last_day {
            day_text.clear();
            calendar::push_iso(&mut day_text, start + o.day as Day);
            last_day = o.day;
        }
        for _ in 0..o.lines {
            let id = ids[o.customer as usize];
            let s = id.to_string();
            buf.resize(buf.len() + width.saturating_sub(s.len()), b'0');
            buf.extend_from_slice(s.as_bytes());
            buf.push(b',');
            crate::money::push_u64(&mut buf, 100_000 + k as u64);
            buf.push(b',');
            buf.extend_from_slice(&day_text);
            buf.push(b',');
            let cents = (((3.2 + 0.9 * rng.normal()).exp() * 100.0).round() as i64).max(1);
            let cents = if rng.f64() < 0.01 { -cents } else { cents };
            if cents < 0 {
                buf.push(b'-');
            }
            let a = cents.unsigned_abs();
            crate::money::push_u64(&mut buf, a / 100);
            buf.push(b'.');
            buf.push(b'0' + (a % 100 / 10) as u8);
            buf.push(b'0' + (a % 10) as u8);
            buf.push(b'\n');
            written += 1;
            if buf.len() > (1 << 20) - 128 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    out.write_all(&buf)?;
    Ok(written)
}

/// A clients table for the given client ids (plus `leads` ids without orders), with every
/// attribute the catalogue reads: region, type, company size, revenue band, contact role,
/// acquisition source, funnel status, manual segments, tags, last contact, gone mark,
/// e-mail and phone. UTF-8, `,`-separated, deterministic.
pub fn clients_for(ids: &[&str], leads: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = String::from(
        "client_id,region,type,company_size,revenue_band,role,source,status,segments,tags,last_contact,gone,email,phone\n",
    );
    let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
    let lead_ids: Vec<String> = (0..leads).map(|i| format!("lead-{:05}", i + 1)).collect();
    for (k, id) in ids
        .iter()
        .copied()
        .chain(lead_ids.iter().map(String::as_str))
        .enumerate()
    {
        let is_lead = k >= ids.len();
        let b2b = rng.f64() < 0.3;
        let size = if b2b {
            pick(&mut rng, &["1-10", "11-50", "51-250", "250+"])
        } else {
            ""
        };
        let band = if b2b {
            pick(&mut rng, &["<10M", "10-100M", "100M+"])
        } else {
            ""
        };
        let role = if b2b {
            pick(&mut rng, &["owner", "buyer", "marketing", "CEO"])
        } else {
            ""
        };
        let status = if is_lead {
            pick(&mut rng, &["new", "contacted", "qualified", "cold"])
        } else {
            "client"
        };
        let mut tags = Vec::new();
        if rng.f64() < 0.1 {
            tags.push("vip");
        }
        if rng.f64() < 0.2 {
            tags.push("newsletter");
        }
        if b2b && rng.f64() < 0.3 {
            tags.push("wholesale");
        }
        let segments = if rng.f64() < 0.05 { "key account" } else { "" };
        let contact = if is_lead && rng.f64() < 0.5 {
            format!("1998-0{}-{:02}", 1 + rng.below(6), 1 + rng.below(28))
        } else {
            String::new()
        };
        let gone = if !is_lead && rng.f64() < 0.02 {
            "yes"
        } else {
            ""
        };
        out.push_str(&format!(
            "{id},{},{},{size},{band},{role},{},{status},{segments},\"{}\",{contact},{gone},client{k}@example.com,+1 555 {:03} {:04}\n",
            pick(&mut rng, &["Moscow", "Kazan", "Saint Petersburg", "Novosibirsk", "Yekaterinburg", "Samara"]),
            if b2b { "B2B" } else { "B2C" },
            pick(&mut rng, &["website", "marketplace", "referral", "trade show", "ads"]),
            tags.join(", "),
            k % 1000,
            (k * 7) % 10_000
        ));
    }
    out.into_bytes()
}
