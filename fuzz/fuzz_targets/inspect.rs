//! inspect: arbitrary bytes as `token [NUL options]`. The bytes before the last NUL
//! are the token (UTF-8, or its lossy conversion); the bytes after it choose `now`, the
//! clock tolerance and the two revocation dates (raw f64s, including NaN and infinities;
//! offsets from the token's own exp/iat/nbf, to hit the boundaries exactly; ISO 8601
//! strings through `time::parse_iso`, as JavaScript passes them). Without a NUL the whole
//! input is the token, inspected at a few fixed moments.
//!
//! Checks: no panic; `invalid_options` exactly when an option is bad; otherwise decode's
//! error or `invalid_claims`; a success obeys the README's status rules and warning order
//! and serialises to JSON (see `tokenkit_fuzz::check_inspection`). ISO dates that parse
//! format back to the same moment.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use tokenkit::time::{describe_duration, format_iso, parse_iso};
use tokenkit::{InspectOptions, Revocation};
use tokenkit_fuzz::check_inspect_result;

#[derive(Arbitrary, Debug)]
enum Anchor {
    Exp,
    Iat,
    Nbf,
}

#[derive(Arbitrary, Debug)]
enum Moment {
    Absent,
    Raw(f64),
    Seconds(i64),
    Around(u32, i16),
    Relative(Anchor, i16),
    Iso(String),
}

#[derive(Arbitrary, Debug)]
struct Options {
    now: Moment,
    tolerance: Moment,
    user_revoked_before: Moment,
    app_revoked_before: Moment,
}

struct Claims {
    exp: Option<f64>,
    iat: Option<f64>,
    nbf: Option<f64>,
}

fn claim_times(token: &str) -> Claims {
    let Ok(d) = tokenkit::decode(token) else { return Claims { exp: None, iat: None, nbf: None } };
    let get = |k: &str| d.payload.get(k).and_then(|v| v.as_f64());
    Claims { exp: get("exp"), iat: get("iat"), nbf: get("nbf") }
}

/// An ISO date that parses must format back (to the millisecond) to the same moment.
fn check_iso(text: &str) -> Option<f64> {
    let seconds = parse_iso(text)?;
    assert!(seconds.is_finite(), "parse_iso({text:?}) = {seconds}");
    if let Some(formatted) = format_iso(seconds) {
        let back = parse_iso(&formatted).unwrap_or_else(|| panic!("format_iso wrote {formatted:?}, which parse_iso refuses"));
        // Half a millisecond of rounding, plus the float spacing at this magnitude (a year-5163
        // moment with a .1315 fraction came back .132: 0.0005 and 1.5e-5 of float error).
        let slack = 0.0005 + seconds.abs() * f64::EPSILON * 4.0 + 1e-6;
        assert!((back - seconds).abs() <= slack, "{text:?} -> {seconds} -> {formatted:?} -> {back}");
    }
    Some(seconds)
}

fn moment(m: &Moment, c: &Claims) -> Option<f64> {
    match m {
        Moment::Absent => None,
        Moment::Raw(x) => Some(*x),
        Moment::Seconds(s) => Some(*s as f64),
        Moment::Around(base, offset) => Some(f64::from(*base) + f64::from(*offset)),
        Moment::Relative(anchor, offset) => {
            let base = match anchor {
                Anchor::Exp => c.exp,
                Anchor::Iat => c.iat,
                Anchor::Nbf => c.nbf,
            }?;
            // Small offsets in tenths of a second land on and around exp + tolerance.
            Some(base + f64::from(*offset) / 10.0)
        }
        Moment::Iso(text) => check_iso(text),
    }
}

fn run(token: &str, o: &InspectOptions) {
    let result = tokenkit::inspect(token, o);
    check_inspect_result(token, o, &result);
    if let Ok(i) = &result {
        // describe_duration must cope with whatever distance the claims give.
        for t in [i.issued_at, i.expires_at, i.not_before].into_iter().flatten() {
            assert!(!describe_duration(t - o.now).is_empty());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (token_bytes, option_bytes) = match data.iter().rposition(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let token = String::from_utf8_lossy(token_bytes);
    let c = claim_times(&token);
    match option_bytes {
        Some(bytes) => {
            let Ok(opts) = Options::arbitrary_take_rest(Unstructured::new(bytes)) else { return };
            let o = InspectOptions {
                now: moment(&opts.now, &c).unwrap_or(0.0),
                clock_tolerance: moment(&opts.tolerance, &c).unwrap_or(0.0),
                revocation: Revocation {
                    user_revoked_before: moment(&opts.user_revoked_before, &c),
                    app_revoked_before: moment(&opts.app_revoked_before, &c),
                },
            };
            run(&token, &o);
        }
        None => {
            run(&token, &InspectOptions::default());
            // At the token's own boundaries, with and without revocation at its iat.
            for now in [c.exp, c.nbf, c.iat].into_iter().flatten() {
                run(&token, &InspectOptions { now, ..Default::default() });
                let revocation = Revocation { user_revoked_before: c.iat, app_revoked_before: None };
                run(&token, &InspectOptions { now, clock_tolerance: 1.0, revocation });
            }
        }
    }
});
