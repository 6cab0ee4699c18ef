//! Oracles shared by tokenkit's fuzz targets: which error codes each entry point may
//! return, and the invariants a decoded token and an inspection must satisfy.
//!
//! Every check here panics on a violation, which libFuzzer reports as a crash with the
//! input that caused it.

use tokenkit::json::{self, Object, Value};
use tokenkit::{base64url, claims, Decoded, ErrorCode, InspectOptions, Inspection, Status, TokenError, MAX_TOKEN_BYTES};

/// The stable `err.code` strings, copied from the README's table (plus the provider's
/// three). A renamed code is an API break that this catches.
pub const STABLE_CODES: [&str; 14] = [
    "malformed",
    "too_large",
    "invalid_base64",
    "invalid_json",
    "invalid_header",
    "invalid_claims",
    "unsupported_algorithm",
    "signature_invalid",
    "invalid_secret",
    "invalid_user_id",
    "invalid_options",
    "provider_invalid_token",
    "provider_failed",
    "disposed",
];

/// What [`tokenkit::decode`] may fail with.
pub const DECODE_CODES: &[ErrorCode] =
    &[ErrorCode::Malformed, ErrorCode::TooLarge, ErrorCode::InvalidBase64, ErrorCode::InvalidJson, ErrorCode::InvalidHeader, ErrorCode::InvalidClaims];

/// What [`tokenkit::inspect`] may fail with: decode's codes and `invalid_options`.
pub const INSPECT_CODES: &[ErrorCode] = &[
    ErrorCode::Malformed,
    ErrorCode::TooLarge,
    ErrorCode::InvalidBase64,
    ErrorCode::InvalidJson,
    ErrorCode::InvalidHeader,
    ErrorCode::InvalidClaims,
    ErrorCode::InvalidOptions,
];

/// What [`tokenkit::verify`] may fail with.
pub const VERIFY_CODES: &[ErrorCode] = &[
    ErrorCode::Malformed,
    ErrorCode::TooLarge,
    ErrorCode::InvalidBase64,
    ErrorCode::InvalidJson,
    ErrorCode::InvalidHeader,
    ErrorCode::InvalidClaims,
    ErrorCode::InvalidOptions,
    ErrorCode::UnsupportedAlgorithm,
    ErrorCode::SignatureInvalid,
    ErrorCode::InvalidSecret,
];

/// What [`tokenkit::create_token`] may fail with.
pub const CREATE_CODES: &[ErrorCode] = &[ErrorCode::InvalidSecret, ErrorCode::InvalidUserId, ErrorCode::InvalidOptions, ErrorCode::TooLarge];

/// Warning codes in the order the README documents them.
pub const WARNING_ORDER: [&str; 11] = [
    "dev_token",
    "unsupported_algorithm",
    "typ_not_jwt",
    "non_canonical_base64",
    "no_user_id",
    "no_exp",
    "no_iat",
    "milliseconds",
    "iat_in_future",
    "exp_before_iat",
    "invisible_characters",
];

/// An error from `what` must carry one of `allowed`, a stable code string and a message.
pub fn check_error(e: &TokenError, allowed: &[ErrorCode], what: &str) {
    assert!(allowed.contains(&e.code()), "{what} failed with {:?} ({}), which it never should; allowed: {allowed:?}", e.code(), e.message());
    assert!(STABLE_CODES.contains(&e.code().as_str()), "{what}: code {:?} is not one of the stable code strings", e.code().as_str());
    assert!(!e.message().trim().is_empty(), "{what}: {:?} with an empty message", e.code());
    assert_eq!(e.to_string(), e.message());
}

/// True when the options pass tokenkit's own check (finite tolerance >= 0; a now and
/// revocation dates that are finite and not past the year 3000).
pub fn options_are_valid(o: &InspectOptions) -> bool {
    // Times past the year 3000 are milliseconds given for seconds, and refused.
    let seconds = |t: f64| t.is_finite() && t <= tokenkit::claims::MILLISECONDS_AFTER;
    seconds(o.now)
        && o.clock_tolerance.is_finite()
        && o.clock_tolerance >= 0.0
        && o.revocation.user_revoked_before.is_none_or(seconds)
        && o.revocation.app_revoked_before.is_none_or(seconds)
}

fn reparse(text: &str, what: &str) -> Object {
    match json::parse_object(text.as_bytes(), what, ErrorCode::InvalidJson) {
        Ok(o) => o,
        Err(e) => panic!("{what} does not parse again: {e}\n{text:?}"),
    }
}

/// Parses JSON that tokenkit wrote for JavaScript (`to_json`). It nests the token's
/// JSON one to three levels deeper, so a payload at tokenkit's depth limit comes out
/// past it: that output is checked with [`is_json`] (no depth limit, like `JSON.parse`)
/// and `None` is returned.
fn reparse_output(text: &str, what: &str) -> Option<Object> {
    assert!(is_json(text), "{what} is not valid JSON:\n{text:?}");
    match json::parse_object(text.as_bytes(), what, ErrorCode::InvalidJson) {
        Ok(o) => Some(o),
        Err(e) if e.message().contains("nests arrays or objects") => None,
        Err(e) => panic!("{what} is valid JSON but tokenkit's parser refuses it: {e}\n{text:?}"),
    }
}

/// An RFC 8259 syntax check without a depth limit (an explicit stack, no recursion).
pub fn is_json(text: &str) -> bool {
    let b = text.as_bytes();
    let mut at = 0;
    let ws = |at: &mut usize| {
        while matches!(b.get(*at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            *at += 1;
        }
    };
    let string = |at: &mut usize| -> bool {
        *at += 1;
        loop {
            match b.get(*at) {
                None => return false,
                Some(b'"') => {
                    *at += 1;
                    return true;
                }
                Some(b'\\') => {
                    match b.get(*at + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => *at += 2,
                        Some(b'u') if b.get(*at + 2..*at + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => *at += 6,
                        _ => return false,
                    }
                }
                Some(&c) if c < 0x20 => return false,
                Some(_) => *at += 1,
            }
        }
    };
    let digits = |at: &mut usize| {
        let from = *at;
        while b.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at > from
    };
    // An object member's `"name" :`, up to its value.
    let member_name = |at: &mut usize| -> bool {
        if b.get(*at) != Some(&b'"') || !string(at) {
            return false;
        }
        ws(at);
        if b.get(*at) != Some(&b':') {
            return false;
        }
        *at += 1;
        true
    };
    // Stack of open containers: b'{' or b'['.
    let mut stack: Vec<u8> = Vec::new();
    loop {
        // A value.
        ws(&mut at);
        match b.get(at) {
            Some(b'{') | Some(b'[') => {
                let open = b[at];
                at += 1;
                ws(&mut at);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(at) == Some(&close) {
                    at += 1;
                } else {
                    stack.push(open);
                    if open == b'{' && !member_name(&mut at) {
                        return false;
                    }
                    continue;
                }
            }
            Some(b'"') => {
                if !string(&mut at) {
                    return false;
                }
            }
            Some(b't') if b[at..].starts_with(b"true") => at += 4,
            Some(b'f') if b[at..].starts_with(b"false") => at += 5,
            Some(b'n') if b[at..].starts_with(b"null") => at += 4,
            Some(b'-' | b'0'..=b'9') => {
                if b[at] == b'-' {
                    at += 1;
                }
                let int_start = at;
                if !digits(&mut at) || (at - int_start > 1 && b[int_start] == b'0') {
                    return false;
                }
                if b.get(at) == Some(&b'.') {
                    at += 1;
                    if !digits(&mut at) {
                        return false;
                    }
                }
                if matches!(b.get(at), Some(b'e' | b'E')) {
                    at += 1;
                    if matches!(b.get(at), Some(b'+' | b'-')) {
                        at += 1;
                    }
                    if !digits(&mut at) {
                        return false;
                    }
                }
            }
            _ => return false,
        }
        // After a value: close containers or go on to the next member.
        loop {
            ws(&mut at);
            let Some(&open) = stack.last() else {
                return at == b.len();
            };
            let close = if open == b'{' { b'}' } else { b']' };
            match b.get(at) {
                Some(&c) if c == close => {
                    at += 1;
                    stack.pop();
                }
                Some(b',') => {
                    at += 1;
                    if open == b'{' {
                        ws(&mut at);
                        if !member_name(&mut at) {
                            return false;
                        }
                    }
                    break;
                }
                _ => return false,
            }
        }
    }
}

/// Invariants of a successful [`tokenkit::decode`] of `token`.
pub fn check_decoded(token: &str, d: &Decoded<'_>) {
    assert!(token.len() <= MAX_TOKEN_BYTES, "decoded a token of {} bytes, over the limit", token.len());
    let trimmed = token.trim_ascii();
    let segments: Vec<&str> = trimmed.split('.').collect();
    assert_eq!(segments.len(), 3, "decoded a token that has {} segments", segments.len());
    let (h, p, s) = (segments[0], segments[1], segments[2]);
    assert!(!h.is_empty() && !p.is_empty(), "decoded a token with an empty header or payload");
    assert_eq!(d.signing_input, &trimmed[..h.len() + 1 + p.len()]);
    assert_eq!(d.signature, s);
    assert_eq!(d.is_dev_token(), s == tokenkit::DEV_TOKEN_SIGNATURE);

    // The segments decode to exactly the JSON text reported, with the reported spelling.
    for (segment, text, spelling, what) in
        [(h, &d.header_json, d.header_spelling, "header"), (p, &d.payload_json, d.payload_spelling, "payload")]
    {
        let (bytes, again) = base64url::decode(segment, what).expect("a decoded segment decodes again");
        assert_eq!(bytes, text.as_bytes(), "{what} bytes differ from {what}_json");
        assert_eq!(again, spelling);
        let canonical = base64url::encode(text.as_bytes());
        if spelling.is_non_canonical() {
            assert_ne!(canonical, segment, "{what} reported non-canonical but is canonical");
        } else {
            assert_eq!(canonical, segment, "{what} reported canonical but is spelled otherwise");
        }
        let (round, round_spelling) = base64url::decode(&canonical, what).expect("canonical encoding decodes");
        assert_eq!(round, text.as_bytes());
        assert!(!round_spelling.is_non_canonical());
    }

    // The JSON texts parse again to the same objects, and so does their compact re-encoding.
    assert_eq!(reparse(&d.header_json, "header_json"), d.header);
    assert_eq!(reparse(&d.payload_json, "payload_json"), d.payload);
    for (object, what) in [(&d.header, "header"), (&d.payload, "payload")] {
        let compact = Value::Object(object.clone()).to_json();
        assert_eq!(&reparse(&compact, what), object, "{what} changes when written compactly and read back");
        assert_eq!(Value::Object(object.clone()).to_string(), compact);
    }

    // alg is a string and alg() returns it.
    match d.header.get("alg") {
        Some(Value::String(alg)) => assert_eq!(d.alg(), alg),
        other => panic!("decode accepted a header whose alg is {other:?}"),
    }

    // The canonical spelling of the same token decodes to the same thing.
    let canonical = format!("{}.{}.{}", base64url::encode(d.header_json.as_bytes()), base64url::encode(d.payload_json.as_bytes()), d.signature);
    let again = tokenkit::decode(&canonical).unwrap_or_else(|e| panic!("the canonical spelling fails to decode: {e}"));
    assert_eq!(again.header, d.header);
    assert_eq!(again.payload, d.payload);
    assert!(!again.header_spelling.is_non_canonical() && !again.payload_spelling.is_non_canonical());

    // to_json: an object with exactly header, payload, signature, devToken.
    let Some(out) = reparse_output(&d.to_json(), "Decoded::to_json") else { return };
    assert_eq!(out.keys().collect::<Vec<_>>(), ["header", "payload", "signature", "devToken"]);
    assert_eq!(out["header"], Value::Object(d.header.clone()));
    assert_eq!(out["payload"], Value::Object(d.payload.clone()));
    assert_eq!(out["signature"], Value::String(d.signature.to_string()));
    assert_eq!(out["devToken"], Value::Bool(d.is_dev_token()));
}

/// Invariants of a successful inspection made with options `o`.
pub fn check_inspection(i: &Inspection<'_>, o: &InspectOptions) {
    assert!(options_are_valid(o), "inspection succeeded with invalid options {o:?}");
    let c = claims::registered(&i.decoded.payload).expect("an inspected payload has well-typed claims");
    assert_eq!(i.user_id, c.user_id);
    assert_eq!(i.issued_at, c.iat);
    assert_eq!(i.expires_at, c.exp);
    assert_eq!(i.not_before, c.nbf);
    for t in [c.iat, c.exp, c.nbf].into_iter().flatten() {
        assert!(t.is_finite(), "a claim time is not finite: {t}");
    }
    assert_eq!(i.expires_in, c.exp.map(|exp| exp - o.now));

    // Status, by the README's rules and precedence.
    let tol = o.clock_tolerance;
    let expected = if o.revocation.revokes(c.iat) {
        Status::Revoked
    } else if c.exp.is_some_and(|exp| o.now >= exp + tol) {
        Status::Expired
    } else if c.nbf.is_some_and(|nbf| nbf > o.now + tol) || c.iat.is_some_and(|iat| iat > o.now + tol) {
        Status::NotYetValid
    } else {
        Status::Valid
    };
    assert_eq!(i.status, expected, "status at {o:?} for claims {c:?}");

    // Warnings: known codes, documented order, each at most once, and the ones that follow
    // directly from the claims present exactly when they should be.
    let codes: Vec<&str> = i.warnings.iter().map(|w| w.code).collect();
    let positions: Vec<usize> = codes
        .iter()
        .map(|code| WARNING_ORDER.iter().position(|k| k == code).unwrap_or_else(|| panic!("unknown warning code {code:?}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "warnings out of order or repeated: {codes:?}");
    for w in &i.warnings {
        assert!(!w.message.trim().is_empty(), "warning {} has no message", w.code);
    }
    let has = |code: &str| codes.contains(&code);
    assert_eq!(has("dev_token"), i.decoded.is_dev_token());
    assert!(!(has("dev_token") && has("unsupported_algorithm")));
    assert_eq!(has("no_exp"), c.exp.is_none());
    assert_eq!(has("no_iat"), c.iat.is_none());
    assert_eq!(has("iat_in_future"), c.iat.is_some_and(|iat| iat > o.now + tol));
    assert_eq!(has("exp_before_iat"), matches!((c.exp, c.iat), (Some(e), Some(t)) if e <= t));
    assert_eq!(has("milliseconds"), [c.exp, c.iat, c.nbf].into_iter().flatten().any(|t| t > claims::MILLISECONDS_AFTER));
    assert_eq!(has("invisible_characters"), has_format_character(&Value::Object(i.decoded.payload.clone())));
    // A header with crit is refused when inspecting; one that got this far has none.
    assert!(!i.decoded.header.contains_key("crit"), "inspected a token whose header has crit");
    assert_eq!(
        has("non_canonical_base64"),
        i.decoded.header_spelling.is_non_canonical() || i.decoded.payload_spelling.is_non_canonical() || i.decoded.signature.contains(['+', '/', '='])
    );

    // Claims: one per payload member, in order.
    let claims = i.claims();
    assert_eq!(claims.len(), i.decoded.payload.len());
    for (claim, key) in claims.iter().zip(i.decoded.payload.keys()) {
        assert_eq!(claim.name, key);
        assert!(!claim.description.is_empty());
    }

    // to_json: valid JSON with the documented keys and values that match.
    let Some(out) = reparse_output(&i.to_json(), "Inspection::to_json") else { return };
    assert_eq!(
        out.keys().collect::<Vec<_>>(),
        ["userId", "issuedAt", "expiresAt", "notBefore", "expiresIn", "status", "header", "payload", "signature", "devToken", "warnings", "claims"]
    );
    assert_eq!(out["status"], Value::String(i.status.as_str().to_string()));
    match (&i.user_id, &out["userId"]) {
        (Some(id), Value::String(s)) => assert_eq!(id, s),
        (None, Value::Null) => {}
        (a, b) => panic!("userId {a:?} written as {b:?}"),
    }
    for (key, value) in [("issuedAt", i.issued_at), ("expiresAt", i.expires_at), ("notBefore", i.not_before), ("expiresIn", i.expires_in)] {
        match (value, &out[key]) {
            (Some(v), Value::Number(n)) => {
                // Written shortest-round-trip and read back correctly rounded: the same double.
                let back = n.as_f64();
                assert!(back == v, "{key}: {v} written as {} and read back as {back}", n.as_str());
            }
            // Infinite expiresIn (exp - now overflowing) is written as null.
            (Some(v), Value::Null) => assert!(!v.is_finite(), "{key}: finite {v} written as null"),
            (None, Value::Null) => {}
            (a, b) => panic!("{key} {a:?} written as {b:?}"),
        }
    }
    match &out["warnings"] {
        Value::Array(ws) => assert_eq!(ws.len(), i.warnings.len()),
        other => panic!("warnings written as {other:?}"),
    }
    match &out["claims"] {
        Value::Array(cs) => assert_eq!(cs.len(), claims.len()),
        other => panic!("claims written as {other:?}"),
    }
}

/// What inspect (and verify, once the signature is right) must refuse a decoded token
/// with: `invalid_header` for any `crit` (tokenkit implements no extension), else
/// `invalid_claims` (and then `claims::registered` must refuse the payload too).
pub fn refusal_after_decoding(d: &Decoded<'_>) -> ErrorCode {
    if d.header.contains_key("crit") {
        return ErrorCode::InvalidHeader;
    }
    assert!(claims::registered(&d.payload).is_err(), "inspect refused claims that claims::registered accepts");
    ErrorCode::InvalidClaims
}

/// True when a string or object key anywhere in `value` holds a format character
/// (Unicode Cf) that the `invisible_characters` warning reports: any but a zero width
/// joiner or non-joiner between two other non-ASCII characters.
pub fn has_format_character(value: &Value) -> bool {
    let text = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let joins = |c: Option<&char>| c.is_some_and(|&c| !c.is_ascii() && !tokenkit::invisible::is_format(c));
        chars.iter().enumerate().any(|(i, &c)| {
            let joiner = matches!(c, '\u{200C}' | '\u{200D}') && joins(i.checked_sub(1).and_then(|j| chars.get(j))) && joins(chars.get(i + 1));
            tokenkit::invisible::is_format(c) && !joiner
        })
    };
    match value {
        Value::String(s) => text(s),
        Value::Array(items) => items.iter().any(has_format_character),
        Value::Object(o) => o.iter().any(|(k, v)| text(k) || has_format_character(v)),
        _ => false,
    }
}

/// Checks `inspect`'s result against decode's, given the options it used.
pub fn check_inspect_result(token: &str, o: &InspectOptions, result: &Result<Inspection<'_>, TokenError>) {
    match result {
        Ok(i) => {
            check_inspection(i, o);
            check_decoded(token, &i.decoded);
        }
        Err(e) => {
            check_error(e, INSPECT_CODES, "inspect");
            if !options_are_valid(o) {
                assert_eq!(e.code(), ErrorCode::InvalidOptions, "inspect with invalid options {o:?} failed otherwise: {e}");
                return;
            }
            assert_ne!(e.code(), ErrorCode::InvalidOptions, "inspect refused valid options {o:?}: {e}");
            match tokenkit::decode(token) {
                Err(d) => assert_eq!(d.code(), e.code(), "inspect and decode disagree"),
                Ok(d) => assert_eq!(e.code(), refusal_after_decoding(&d), "inspect failed after decode succeeded: {e}"),
            }
        }
    }
}
