//! A look-alike of a real online shop's order-line export (the well-known UK online
//! retailer's 2010–2011 file): one row per invoice line, `InvoiceNo,StockCode,Description,
//! Quantity,InvoiceDate,UnitPrice,CustomerID,Country`, with the quirks of the real thing:
//!
//! * cancellations as invoices numbered `C…` with negative quantities, after the invoice
//!   they cancel;
//! * about a quarter of the lines without a client id (guest invoices);
//! * exact duplicate lines, postage (`POST`) lines on invoices abroad, and a few
//!   "Adjust bad debt" lines without a client;
//! * wholesale clients who buy on a steady cycle, and others who buy in bursts.
//!
//! Two flavours: as pandas writes it (UTF-8, `2010-12-01 08:26:00`, client ids as floats
//! `17850.0`, LF) and as Excel en-US saves it (Windows-1252, `12/1/2010 8:26`, CRLF). The
//! same arguments give byte-identical output.

use super::Rng;
use crate::calendar::{self, Day};

/// How the file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetailFlavor {
    /// UTF-8, ISO dates with seconds, client ids as floats, LF.
    Pandas,
    /// Windows-1252, `m/d/yyyy h:mm`, client ids as integers, CRLF.
    ExcelUs,
}

/// The catalogue: stock code, description, unit price in pence.
const ITEMS: &[(&str, &str, u32)] = &[
    ("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 255),
    ("71053", "WHITE METAL LANTERN", 339),
    ("84406B", "CREAM CUPID HEARTS COAT HANGER", 275),
    ("84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", 339),
    ("22752", "SET 7 BABUSHKA NESTING BOXES", 765),
    ("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", 425),
    ("22633", "HAND WARMER UNION JACK", 185),
    ("84879", "ASSORTED COLOUR BIRD ORNAMENT", 169),
    ("22745", "POPPY'S PLAYHOUSE BEDROOM", 210),
    ("21754", "HOME BUILDING BLOCK WORD", 595),
    ("22423", "REGENCY CAKESTAND 3 TIER", 1275),
    ("85099B", "JUMBO BAG RED RETROSPOT", 195),
    ("47566", "PARTY BUNTING", 495),
    ("20725", "LUNCH BAG RED RETROSPOT", 165),
    ("22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 495),
    ("21212", "PACK OF 72 RETROSPOT CAKE CASES", 55),
    ("23203", "JUMBO BAG DOILEY PATTERNS", 208),
    ("22086", "PAPER CHAIN KIT 50'S CHRISTMAS", 295),
    ("22197", "SMALL POPCORN HOLDER", 85),
    ("84991", "60 TEATIME FAIRY CAKE CASES", 55),
    ("22960", "JAM MAKING SET WITH JARS", 425),
    ("22961", "JAM MAKING SET PRINTED", 145),
    ("21977", "PACK OF 60 PINK PAISLEY CAKE CASES", 55),
    ("23084", "RABBIT NIGHT LIGHT", 179),
    ("22382", "LUNCH BAG SPACEBOY DESIGN", 165),
    ("22993", "SET OF 4 PANTRY JELLY MOULDS", 125),
    ("21931", "JUMBO STORAGE BAG SUKI", 195),
    ("22411", "JUMBO SHOPPER VINTAGE RED PAISLEY", 195),
    ("22386", "JUMBO BAG PINK POLKADOT", 195),
    ("85152", "HAND OVER THE CHOCOLATE SIGN", 210),
    ("22457", "NATURAL SLATE HEART CHALKBOARD", 295),
    ("23298", "SPOTTY BUNTING", 495),
    ("22469", "HEART OF WICKER SMALL", 165),
    ("22178", "VICTORIAN GLASS HANGING T-LIGHT", 125),
    ("21181", "PLEASE ONE PERSON METAL SIGN", 210),
    ("22865", "HAND WARMER OWL DESIGN", 210),
    ("23166", "MEDIUM CERAMIC TOP STORAGE JAR", 125),
    ("22139", "RETROSPOT TEA SET CERAMIC 11 PC", 495),
    ("21166", "COOK WITH WINE METAL SIGN", 208),
    ("22467", "GUMBALL COAT RACK", 255),
    ("23245", "SET OF 3 REGENCY CAKE TINS", 495),
    ("22089", "PAPER BUNTING VINTAGE PAISLEY", 285),
    ("22910", "PAPER CHAIN KIT VINTAGE CHRISTMAS", 295),
    ("21080", "SET/20 RED RETROSPOT PAPER NAPKINS", 85),
    ("22834", "HAND WARMER BABUSHKA DESIGN", 210),
    ("21790", "VINTAGE SNAP CARDS", 85),
    ("22666", "RECIPE BOX PANTRY YELLOW DESIGN", 295),
    ("22697", "GREEN REGENCY TEACUP AND SAUCER", 295),
    ("22698", "PINK REGENCY TEACUP AND SAUCER", 295),
    ("23355", "HOT WATER BOTTLE KEEP CALM", 495),
    ("90214A", "CAFÉ TABLE LETTER \"A\" – CHARM", 29),
    ("22113", "GRAND CHOCOLATECANDLE", 145),
    ("21034", "REX CASH+CARRY JUMBO SHOPPER", 95),
    ("23199", "JUMBO BAG APPLES", 208),
    ("22328", "ROUND SNACK BOXES SET OF 4 FRUITS", 295),
    ("20727", "LUNCH BAG BLACK SKULL.", 165),
    ("22356", "CHARLOTTE BAG PINK POLKADOT", 85),
    ("21094", "SET/6 RED SPOTTY PAPER PLATES", 85),
    ("22629", "SPACEBOY LUNCH BOX", 195),
    ("84946", "ANTIQUE SILVER T-LIGHT GLASS", 125),
];

const COUNTRIES: &[(&str, u32)] = &[
    ("United Kingdom", 900),
    ("Germany", 25),
    ("France", 22),
    ("EIRE", 18),
    ("Spain", 8),
    ("Netherlands", 8),
    ("Belgium", 6),
    ("Switzerland", 5),
    ("Portugal", 4),
    ("Australia", 4),
];

/// A client of the shop.
struct Client {
    id: u32,
    country: &'static str,
    /// First and last day the client may buy, within the year.
    start: Day,
    end: Day,
    /// Gamma shape and mean of the days between orders (shape ≥ 3: a steady cycle; below
    /// 1: bursts).
    shape: f64,
    mean_gap: f64,
    /// Lines per invoice (mean) and quantity scale.
    lines: f64,
    quantity: f64,
}

/// What an invoice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A sale.
    Sale,
    /// A cancellation of lines of an earlier sale (`C…`, negative quantities).
    Cancel,
    /// A bad-debt adjustment (`A…`, no client).
    Adjust,
}

/// One invoice before it is written: its day, minute, client (`None`: a guest) and lines
/// (item, quantity).
struct Invoice {
    day: Day,
    minute: u32,
    client: Option<usize>,
    lines: Vec<(usize, i32)>,
    kind: Kind,
}

impl Rng {
    /// Gamma with `shape` and `scale` (Marsaglia and Tsang; shape below 1 by boosting).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        if shape < 1.0 {
            let u = self.f64().max(1e-300);
            return self.gamma(shape + 1.0, scale) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.f64();
            if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
                return d * v * scale;
            }
        }
    }

    fn pick<T: Copy>(&mut self, weighted: &[(T, u32)]) -> T {
        let total: u32 = weighted.iter().map(|w| w.1).sum();
        let mut r = self.below(total as u64) as u32;
        for (v, w) in weighted {
            if r < *w {
                return *v;
            }
            r -= w;
        }
        weighted[0].0
    }
}

fn clients(rng: &mut Rng, n: usize, first: Day, last: Day) -> Vec<Client> {
    (0..n)
        .map(|i| {
            let kind = rng.f64();
            // A third wholesalers on a steady cycle, the rest retail buyers, some bursty.
            let (shape, mean_gap, lines, quantity) = if kind < 0.3 {
                (3.0 + 4.0 * rng.f64(), 14.0 + 40.0 * rng.f64(), 25.0, 12.0)
            } else if kind < 0.7 {
                (1.0 + rng.f64(), 30.0 + 60.0 * rng.f64(), 12.0, 4.0)
            } else {
                (0.3 + 0.4 * rng.f64(), 40.0 + 80.0 * rng.f64(), 8.0, 3.0)
            };
            let start = first + (rng.f64().powf(1.5) * (last - first) as f64) as Day;
            let life = rng.exp(400.0) as Day + 30;
            Client {
                id: 12_346 + i as u32 * 3 + rng.below(3) as u32,
                country: rng.pick(COUNTRIES),
                start,
                end: (start + life).min(last),
                shape,
                mean_gap,
                lines,
                quantity,
            }
        })
        .collect()
}

fn invoice_lines(rng: &mut Rng, mean_lines: f64, quantity: f64) -> Vec<(usize, i32)> {
    let n = (1.0 + rng.exp(mean_lines - 1.0)) as usize;
    (0..n.min(80))
        .map(|_| {
            let item = rng.below(ITEMS.len() as u64) as usize;
            let q = (1.0 + rng.exp(quantity - 1.0)).round() as i32;
            (item, q)
        })
        .collect()
}

/// The invoices of every client, guests' invoices and the cancellations, by time.
fn invoices(
    rng: &mut Rng,
    clients: &[Client],
    guest_share: f64,
    first: Day,
    last: Day,
) -> Vec<Invoice> {
    let mut out = Vec::new();
    for (ci, c) in clients.iter().enumerate() {
        let mut day = c.start as f64;
        while day <= c.end as f64 {
            let lines = invoice_lines(rng, c.lines, c.quantity);
            let minute = 8 * 60 + rng.below(10 * 60) as u32;
            out.push(Invoice {
                day: day as Day,
                minute,
                client: Some(ci),
                lines,
                kind: Kind::Sale,
            });
            // About one invoice in seven is partly cancelled within days, as in the real file
            // (1.7 % of its lines).
            if rng.f64() < 0.15 {
                let taken = out.last().map(|i| i.lines.clone()).unwrap_or_default();
                let back: Vec<(usize, i32)> = taken
                    .into_iter()
                    .take(1 + rng.below(3) as usize)
                    .map(|(it, q)| (it, -q))
                    .collect();
                let d = (day as Day + rng.below(20) as Day).min(last);
                out.push(Invoice {
                    day: d,
                    minute: minute + 5,
                    client: Some(ci),
                    lines: back,
                    kind: Kind::Cancel,
                });
            }
            day += rng.gamma(c.shape, c.mean_gap / c.shape).max(1.0);
        }
    }
    // Guests: invoices without a client id, about `guest_share` of all lines.
    let client_lines: usize = out.iter().map(|i| i.lines.len()).sum();
    let mut guest_lines = 0.0;
    let target = client_lines as f64 * guest_share / (1.0 - guest_share);
    while guest_lines < target {
        let lines = invoice_lines(rng, 10.0, 2.0);
        guest_lines += lines.len() as f64;
        let day = first + rng.below((last - first + 1) as u64) as Day;
        let minute = 8 * 60 + rng.below(10 * 60) as u32;
        out.push(Invoice {
            day,
            minute,
            client: None,
            lines,
            kind: Kind::Sale,
        });
    }
    // Three bad-debt adjustments on one afternoon, two thirds into the year.
    let day = first + (last - first) * 2 / 3;
    for k in 0..3 {
        out.push(Invoice {
            day,
            minute: 14 * 60 + 50 + k,
            client: None,
            lines: Vec::new(),
            kind: Kind::Adjust,
        });
    }
    out.sort_by_key(|i| (i.day, i.minute, i.kind));
    out
}

/// Writes about `rows` order lines (within a few per cent for large files, ±15 % for small) over 2010-12-01 – 2011-12-09.
pub fn retail(rows: u64, seed: u64, flavor: RetailFlavor) -> Vec<u8> {
    let first = calendar::day_from_ymd(2010, 12, 1).unwrap_or(14_944);
    let last = calendar::day_from_ymd(2011, 12, 9).unwrap_or(15_317);
    // A pilot population gives the lines per client, hence the number of clients.
    const PILOT: usize = 2000;
    let mut pilot = Rng::new(seed ^ 0x5EED);
    let pc = clients(&mut pilot, PILOT, first, last);
    let lines: usize = invoices(&mut pilot, &pc, 0.25, first, last)
        .iter()
        .map(|i| i.lines.len().max(1))
        .sum();
    let per_client = (lines as f64 * 1.01 / PILOT as f64).max(1.0);
    let n = ((rows as f64 / per_client).round() as usize).max(10);
    let mut rng = Rng::new(seed);
    let clients = clients(&mut rng, n, first, last);
    let invoices = invoices(&mut rng, &clients, 0.25, first, last);
    let eol = match flavor {
        RetailFlavor::Pandas => "\n",
        RetailFlavor::ExcelUs => "\r\n",
    };
    let mut text = String::with_capacity(rows as usize * 80);
    text.push_str(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    );
    text.push_str(eol);
    let mut number = 536_365u32;
    for inv in &invoices {
        number += 1;
        let no = match inv.kind {
            Kind::Sale => number.to_string(),
            Kind::Cancel => format!("C{number}"),
            Kind::Adjust => format!("A{number}"),
        };
        let (y, m, d) = calendar::ymd(inv.day);
        let (h, min) = (inv.minute / 60, inv.minute % 60);
        let date = match flavor {
            RetailFlavor::Pandas => format!("{y}-{m:02}-{d:02} {h:02}:{min:02}:00"),
            RetailFlavor::ExcelUs => format!("{m}/{d}/{y} {h}:{min:02}"),
        };
        let client = inv.client.map(|c| &clients[c]);
        let id = match (client, flavor) {
            (Some(c), RetailFlavor::Pandas) => format!("{}.0", c.id),
            (Some(c), RetailFlavor::ExcelUs) => c.id.to_string(),
            (None, _) => String::new(),
        };
        let country = client.map_or("United Kingdom", |c| c.country);
        let mut lines: Vec<(&str, String, i32, u32)> = inv
            .lines
            .iter()
            .map(|&(it, q)| (ITEMS[it].0, ITEMS[it].1.to_string(), q, ITEMS[it].2))
            .collect();
        if inv.kind == Kind::Adjust {
            text.push_str(&format!(
                "{no},B,Adjust bad debt,1,{date},11062.06,,United Kingdom{eol}"
            ));
            continue;
        }
        if country != "United Kingdom" && inv.kind == Kind::Sale {
            lines.push(("POST", "POSTAGE".into(), 1 + rng.below(3) as i32, 1800));
        }
        for (code, desc, q, pence) in lines {
            let desc = if desc.contains(',') || desc.contains('"') {
                format!("\"{}\"", desc.replace('"', "\"\""))
            } else {
                desc
            };
            let line = format!(
                "{no},{code},{desc},{q},{date},{}.{:02},{id},{country}{eol}",
                pence / 100,
                pence % 100
            );
            text.push_str(&line);
            // About one line in a hundred is written twice.
            if rng.f64() < 0.01 {
                text.push_str(&line);
            }
        }
    }
    match flavor {
        RetailFlavor::Pandas => text.into_bytes(),
        RetailFlavor::ExcelUs => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
    }
}
