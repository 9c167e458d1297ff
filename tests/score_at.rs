//! Scoring at request time: a model fitted months ago scores a client who ordered today,
//! with recency measured to the scoring date and the model's cut points and rules; the
//! result says how old the model is and whether that makes it stale.

use segmenta::calendar::{iso, parse_iso};
use segmenta::{analyze, ClientInput, ErrorKind, Options, ScoreOptions, Scorer};

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

fn scorer() -> Scorer {
    let r = analyze(CDNOW, &Options::default()).unwrap();
    assert_eq!(r.model().as_of, "1998-06-30");
    Scorer::new(r.model().clone()).unwrap()
}

fn at(date: &str) -> ScoreOptions {
    ScoreOptions {
        as_of: Some(date.into()),
        ..ScoreOptions::default()
    }
}

fn client(last: &str, first: &str, orders: u32, revenue: f64) -> ClientInput {
    ClientInput {
        id: Some("c".into()),
        last_order_date: Some(last.into()),
        first_order_date: Some(first.into()),
        frequency: Some(orders),
        revenue: Some(revenue),
        ..ClientInput::default()
    }
}

/// The labels alone, without the date fields.
fn labels(mut r: segmenta::ScoreResult) -> segmenta::ScoreResult {
    (r.as_of, r.model_age_days, r.stale) = (None, None, None);
    r
}

#[test]
fn the_models_own_date_scores_as_without_options() {
    let s = scorer();
    let c = client("1998-05-01", "1997-03-01", 4, 180.0);
    let plain = s.score(&c).unwrap();
    assert_eq!(plain.as_of, None, "no date fields without options");
    let dated = s.score_with(&c, &at("1998-06-30")).unwrap();
    assert_eq!(dated.as_of.as_deref(), Some("1998-06-30"));
    assert_eq!((dated.model_age_days, dated.stale), (Some(0), Some(false)));
    assert_eq!(labels(dated), plain);
}

#[test]
fn a_later_date_is_the_same_as_an_earlier_last_order() {
    let s = scorer();
    let m = parse_iso("1998-06-30").unwrap();
    for shift in [1, 17, 95, 400] {
        for (last, first) in [(m - 3, m - 300), (m - 40, m - 41), (m - 200, m - 500)] {
            let later = s
                .score_with(
                    &client(&iso(last), &iso(first), 3, 120.0),
                    &at(&iso(m + shift)),
                )
                .unwrap();
            let earlier = s
                .score(&client(&iso(last - shift), &iso(first - shift), 3, 120.0))
                .unwrap();
            assert_eq!(later.model_age_days, Some(shift as i64));
            assert_eq!(labels(later), earlier, "shift {shift}");
        }
    }
}

#[test]
fn a_client_who_ordered_today_is_scored_with_a_model_fitted_months_ago() {
    let s = scorer();
    let today = "1998-12-01";
    let c = client(today, "1998-11-20", 2, 60.0);
    // Without a date the model's asOf is the limit, as before.
    let e = s.score(&c).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidClient);
    assert!(
        e.to_string().contains("after the model's asOf 1998-06-30"),
        "{e}"
    );
    let got = s.score_with(&c, &at(today)).unwrap();
    assert_eq!(got.model_age_days, Some(154));
    assert_eq!(got.stale, Some(true), "154 days is past the default 30");
    let got = serde_json::to_value(&got).unwrap();
    assert_eq!(got["lifecycle"], "newClient");
    assert_eq!(got["r"], 5, "ordered today: the best recency level");
    assert_eq!(got["asOf"], today);
    // A last order after the scoring date is still an error, naming that date.
    let e = s
        .score_with(&client("1998-12-02", "1998-11-20", 2, 60.0), &at(today))
        .unwrap_err();
    assert!(e.to_string().contains("after asOf 1998-12-01"), "{e}");
}

#[test]
fn a_model_is_stale_after_the_days_the_options_give() {
    let s = scorer();
    let c = client("1998-06-01", "1998-01-01", 2, 50.0);
    let days = |date: &str, after: Option<u32>| {
        let o = ScoreOptions {
            as_of: Some(date.into()),
            stale_after_days: after,
            ..ScoreOptions::default()
        };
        s.score_with(&c, &o).unwrap().stale
    };
    assert_eq!(days("1998-07-30", None), Some(false), "30 days: not yet");
    assert_eq!(days("1998-07-31", None), Some(true), "31 days");
    assert_eq!(days("1998-07-10", Some(7)), Some(true));
    assert_eq!(
        days("1998-06-15", Some(7)),
        Some(false),
        "before the model's date"
    );
    let e = s.score_with(&c, &at("31.12.1998")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidOption);
}
