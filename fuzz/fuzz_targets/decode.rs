//! decode: arbitrary bytes as a token (the UTF-8 text when valid, else its lossy
//! conversion). It must never panic; a failure must carry one of decode's codes; a
//! success must satisfy the invariants in `tokenkit_fuzz::check_decoded` (segments,
//! spelling, JSON that parses again, canonical re-encoding decoding the same), and
//! surrounding ASCII whitespace must not change the outcome. `decode_to_json` (what
//! `decodeToken` runs: the payload checked without a tree) must give decode's result to
//! the byte, or decode's error to the message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenkit::{ErrorCode, InspectOptions, MAX_TOKEN_BYTES};
use tokenkit_fuzz::{check_decoded, check_error, check_inspect_result, DECODE_CODES};

fn run(token: &str) {
    let result = tokenkit::decode(token);
    match (&result, tokenkit::decode_to_json(token)) {
        (Ok(d), Ok(text)) => assert_eq!(d.to_json(), text),
        (Err(a), Err(b)) => assert_eq!(a, &b, "decode_to_json failed differently"),
        (a, b) => panic!("decode_to_json disagrees with decode: {:?} / {:?}", a.as_ref().err(), b.err()),
    }
    match &result {
        Ok(d) => {
            check_decoded(token, d);
            // A decoded token is inspectable unless its registered claims are mistyped.
            let o = InspectOptions::default();
            check_inspect_result(token, &o, &tokenkit::inspect_decoded(d.clone(), &o));
        }
        Err(e) => {
            check_error(e, DECODE_CODES, "decode");
            if token.len() > MAX_TOKEN_BYTES {
                assert_eq!(e.code(), ErrorCode::TooLarge);
            }
        }
    }
    // Tokens are pasted with stray whitespace: it must not change the outcome.
    let padded = format!(" \t{token}\r\n");
    if padded.len() <= MAX_TOKEN_BYTES {
        let again = tokenkit::decode(&padded);
        match (&result, &again) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.header, b.header);
                assert_eq!(a.payload, b.payload);
                assert_eq!(a.signature, b.signature);
            }
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "whitespace changed the error: {a} / {b}"),
            (a, b) => panic!("whitespace changed the outcome: {:?} / {:?}", a.as_ref().err(), b.as_ref().err()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => run(text),
        Err(_) => run(&String::from_utf8_lossy(data)),
    }
});
