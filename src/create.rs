//! [`create_token`]: signed HS256 user tokens, byte-identical to Stream's server SDKs.
//!
//! The header is always `{"alg":"HS256","typ":"JWT"}`; the payload is `user_id`
//! first, then `exp` and `iat` when given, then the extra claims in their order.
//! Numbers are written as JavaScript's `JSON.stringify` writes them.

use crate::prelude::*;
use crate::float;
use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::{ErrorCode, TokenError};
use crate::json;

/// base64url of `{"alg":"HS256","typ":"JWT"}`, the header of every token tokenkit makes.
pub const HS256_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The `iat` to write.
///
/// ```
/// let o = tokenkit::CreateOptions { iat: Some(tokenkit::Iat::Now), ..Default::default() };
/// assert!(tokenkit::create_token(b"s", "u", &o, 1700000000.9).unwrap().len() > 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Iat {
    /// The current time, whole seconds (rounded down).
    Now,
    /// This many unix seconds.
    At(f64),
}

/// What to put in a token besides `user_id`.
///
/// ```
/// let o = tokenkit::CreateOptions { exp: Some(1700000000.0), ..Default::default() };
/// assert_eq!(o.validity_in_seconds, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateOptions {
    /// Expiry, unix seconds.
    pub exp: Option<f64>,
    /// Issued-at.
    pub iat: Option<Iat>,
    /// Expiry as seconds from now (`exp = floor(now) + validity`); not together with `exp`.
    pub validity_in_seconds: Option<f64>,
    /// Extra claims as the text of a JSON object, written in its order.
    pub claims_json: Option<String>,
}

/// `invalid_secret` for an empty secret (shared by creating and verifying).
pub(crate) fn empty_secret() -> TokenError {
    TokenError::new(ErrorCode::InvalidSecret, "The secret is empty. Pass your app's API secret: a non-empty string or Uint8Array.")
}

/// `invalid_user_id` for an empty user id (shared by signed and development tokens).
pub(crate) fn empty_user_id() -> TokenError {
    TokenError::new(ErrorCode::InvalidUserId, "The user id is empty. Pass the id of the user the token is for, e.g. \"john\".")
}

fn options_error(message: impl Into<String>) -> TokenError {
    TokenError::new(ErrorCode::InvalidOptions, message)
}

fn timestamp(name: &str, value: f64) -> Result<f64, TokenError> {
    if !(value.is_finite() && value >= 0.0) {
        return Err(options_error(text!(name, " must be a finite number of unix seconds, 0 or more; got ", json::number_text(value), ".")));
    }
    crate::claims::not_milliseconds(name, value)?;
    Ok(value)
}

/// Makes a signed HS256 token for `user_id` at time `now` (unix seconds; only used by
/// [`Iat::Now`] and `validity_in_seconds`).
///
/// Errors: `invalid_secret` (empty), `invalid_user_id` (empty), `invalid_options`
/// (a bad number; `exp`, `iat` or `now` after the year 3000, which is milliseconds given
/// for seconds; `exp` with `validity_in_seconds`; claims that are not a JSON object or
/// that set `user_id`, `exp` or `iat`).
///
/// ```
/// use tokenkit::{create_token, CreateOptions};
/// let t = create_token(b"secret", "john", &CreateOptions::default(), 0.0).unwrap();
/// assert_eq!(t, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU");
/// ```
pub fn create_token(secret: &[u8], user_id: &str, options: &CreateOptions, now: f64) -> Result<String, TokenError> {
    create_with(secret, user_id, options, options.claims_json.as_deref().map(Claims::Text), now)
}

/// The extra claims of [`create_with`]: JSON text (the Rust API's `claims_json`), or an
/// object the wasm layer already parsed with the rest of the options (so a 2 KB claims
/// object is parsed once, not parsed, written out and parsed again).
pub(crate) enum Claims<'a> {
    /// The text of a JSON object: checked, then its members spliced in as written.
    Text(&'a str),
    /// A parsed object: its members written as compact JSON (numbers as written), which
    /// for `JSON.stringify`'s output is the same text. (Made only by the wasm layer's
    /// `createToken`, which native and provider builds do not have.)
    #[allow(dead_code)]
    Parsed(&'a json::Object),
}

/// [`create_token`] with the extra claims given as text or already parsed.
pub(crate) fn create_with(secret: &[u8], user_id: &str, options: &CreateOptions, claims: Option<Claims<'_>>, now: f64) -> Result<String, TokenError> {
    if secret.is_empty() {
        return Err(empty_secret());
    }
    if user_id.is_empty() {
        return Err(empty_user_id());
    }
    crate::claims::not_milliseconds("now", now)?;
    let exp = match (options.exp, options.validity_in_seconds) {
        (Some(_), Some(_)) => return Err(options_error("Give exp or validityInSeconds, not both: they both set the expiry.")),
        (Some(exp), None) => Some(timestamp("exp", exp)?),
        (None, Some(validity)) => {
            if !validity.is_finite() {
                return Err(options_error("validityInSeconds must be a finite number of seconds."));
            }
            Some(timestamp("exp", float::floor(timestamp("now", now)?) + validity)?)
        }
        (None, None) => None,
    };
    let iat = match options.iat {
        Some(Iat::Now) => Some(float::floor(timestamp("now", now)?)),
        Some(Iat::At(iat)) => Some(timestamp("iat", iat)?),
        None => None,
    };
    let mut payload = String::with_capacity(64 + user_id.len() + claims.as_ref().map_or(0, |c| if let Claims::Text(t) = c { t.len() } else { 256 }));
    payload.push_str("{\"user_id\":");
    json::write_string(user_id, &mut payload);
    for (name, value) in [("exp", exp), ("iat", iat)] {
        if let Some(value) = value {
            payload.push_str(",\"");
            payload.push_str(name);
            payload.push_str("\":");
            json::write_number(value, &mut payload);
        }
    }
    match claims {
        Some(Claims::Text(text)) => append_claims(text, &mut payload)?,
        Some(Claims::Parsed(object)) => {
            allowed_claims(object)?;
            for (name, value) in object.iter() {
                payload.push(',');
                json::write_string(name, &mut payload);
                payload.push(':');
                json::write_value(value, &mut payload);
            }
        }
        None => {}
    }
    payload.push('}');
    // A token tokenkit itself would refuse to read is not made either.
    let length = HS256_HEADER.len() + (payload.len() * 4).div_ceil(3) + 45;
    if length > crate::MAX_TOKEN_BYTES {
        return Err(crate::decode::too_large(length));
    }
    Ok(sign(Algorithm::HS256, HS256_HEADER, payload.as_bytes(), secret))
}

/// Checks the claims object and splices its members, as written, after the registered ones.
fn append_claims(claims: &str, payload: &mut String) -> Result<(), TokenError> {
    let parsed = json::parse_object(claims.as_bytes(), "claims option", ErrorCode::InvalidOptions)
        .map_err(|e| options_error(text!("claims: ", e.message())))?;
    allowed_claims(&parsed)?;
    if parsed.is_empty() {
        return Ok(());
    }
    // The text between the outer braces, so members keep their order and spelling.
    let trimmed = claims.trim_ascii();
    let inner = trimmed.get(1..trimmed.len().saturating_sub(1)).unwrap_or_default().trim_ascii();
    payload.push(',');
    payload.push_str(inner);
    Ok(())
}

/// `invalid_options` when the extra claims set what the arguments and options set.
fn allowed_claims(claims: &json::Object) -> Result<(), TokenError> {
    match ["user_id", "exp", "iat"].into_iter().find(|n| claims.contains_key(n)) {
        Some(name) => Err(options_error(text!("claims may not set \"", name, "\": pass it as the userId argument or the ", name, " option instead."))),
        None => Ok(()),
    }
}

/// `header.payload.signature` for an already-encoded header and raw payload bytes.
pub(crate) fn sign(alg: Algorithm, header_b64: &str, payload: &[u8], secret: &[u8]) -> String {
    let mut token = String::with_capacity(header_b64.len() + payload.len() * 4 / 3 + 96);
    token.push_str(header_b64);
    token.push('.');
    base64url::encode_into(payload, &mut token);
    let mac = alg.sign(secret, token.as_bytes());
    token.push('.');
    base64url::encode_into(&mac, &mut token);
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_make_a_token_it_would_not_read() {
        // {"user_id":"x…"} is n + 14 bytes; the token 36 + 1 + ⌈4(n + 14)/3⌉ + 1 + 43 bytes.
        let make = |n: usize| create_token(b"k", &"x".repeat(n), &CreateOptions::default(), 0.0);
        let largest = make(49_077).unwrap();
        assert_eq!(largest.len(), crate::MAX_TOKEN_BYTES);
        assert!(crate::decode(&largest).is_ok());
        assert_eq!(make(49_078).unwrap_err().code(), ErrorCode::TooLarge);
    }

    fn payload_of(token: &str) -> String {
        let seg = token.split('.').nth(1).unwrap();
        String::from_utf8(base64url::decode(seg, "payload").unwrap().0).unwrap()
    }

    #[test]
    fn stream_vectors() {
        let o = CreateOptions { exp: Some(1700000000.0), ..Default::default() };
        assert_eq!(
            create_token(b"secret", "john", &o, 0.0).unwrap(),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw"
        );
    }

    #[test]
    fn payload_order_and_numbers() {
        let o = CreateOptions { exp: Some(1.5), iat: Some(Iat::Now), claims_json: Some(" { \"名前\" : \"山田太郎\", \"a\":[1, 2] } ".into()), ..Default::default() };
        assert_eq!(payload_of(&create_token(b"k", "u\"1", &o, 99.9).unwrap()), r#"{"user_id":"u\"1","exp":1.5,"iat":99,"名前" : "山田太郎", "a":[1, 2]}"#);
        let v = CreateOptions { validity_in_seconds: Some(3600.0), iat: Some(Iat::At(0.0)), claims_json: Some("{}".into()), ..Default::default() };
        assert_eq!(payload_of(&create_token(b"k", "u", &v, 1000.7).unwrap()), r#"{"user_id":"u","exp":4600,"iat":0}"#);
    }

    #[test]
    fn parsed_claims_make_the_token_their_compact_text_makes() {
        // The wasm layer's path (claims parsed with the options) against the text path.
        let text = r#"{"名前":"山田太郎 🎉","n":1.50,"e":1e3,"a":[1,{"b":null}],"q":"\"\u0001"}"#;
        let object = json::parse_object(text.as_bytes(), "claims option", ErrorCode::InvalidOptions).unwrap();
        let o = CreateOptions { exp: Some(2e9), ..Default::default() };
        let parsed = create_with(b"k", "u", &o, Some(Claims::Parsed(&object)), 0.0).unwrap();
        let from_text = create_token(b"k", "u", &CreateOptions { claims_json: Some(text.into()), ..o.clone() }, 0.0).unwrap();
        assert_eq!(parsed, from_text);
        let empty = json::parse_object(b"{}", "claims option", ErrorCode::InvalidOptions).unwrap();
        assert_eq!(create_with(b"k", "u", &o, Some(Claims::Parsed(&empty)), 0.0).unwrap(), create_token(b"k", "u", &o, 0.0).unwrap());
        for name in ["user_id", "exp", "iat"] {
            let bad = json::parse_object(text!("{\"", name, "\":1}").as_bytes(), "claims option", ErrorCode::InvalidOptions).unwrap();
            let e = create_with(b"k", "u", &o, Some(Claims::Parsed(&bad)), 0.0).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidOptions);
            assert!(e.message().contains(name), "{e}");
        }
    }

    #[test]
    fn milliseconds_are_refused() {
        // Date.now() + 3600e3 where Date.now() / 1000 + 3600 was meant.
        let ms = 1_700_003_600_000.0;
        for (options, now, name) in [
            (CreateOptions { exp: Some(ms), ..Default::default() }, 0.0, "exp"),
            (CreateOptions { iat: Some(Iat::At(ms)), ..Default::default() }, 0.0, "iat"),
            (CreateOptions::default(), ms, "now"),
            (CreateOptions { iat: Some(Iat::Now), ..Default::default() }, ms, "now"),
            (CreateOptions { validity_in_seconds: Some(ms), ..Default::default() }, 1.7e9, "exp"),
        ] {
            let e = create_token(b"k", "u", &options, now).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidOptions, "{options:?}");
            assert!(e.message().starts_with(name) && e.message().contains("looks like milliseconds: divide by 1000"), "{e}");
        }
        // 3000-01-01T00:00:00Z itself is still seconds; a second later is not.
        let last = crate::claims::MILLISECONDS_AFTER;
        let o = CreateOptions { exp: Some(last), iat: Some(Iat::At(last)), ..Default::default() };
        assert!(create_token(b"k", "u", &o, last).is_ok());
        assert!(create_token(b"k", "u", &CreateOptions { exp: Some(last + 1.0), ..Default::default() }, 0.0).is_err());
    }

    #[test]
    fn bad_inputs_have_codes() {
        let now = 0.0;
        assert_eq!(create_token(b"", "u", &CreateOptions::default(), now).unwrap_err().code(), ErrorCode::InvalidSecret);
        assert_eq!(create_token(b"k", "", &CreateOptions::default(), now).unwrap_err().code(), ErrorCode::InvalidUserId);
        let bad = [
            CreateOptions { exp: Some(1.0), validity_in_seconds: Some(1.0), ..Default::default() },
            CreateOptions { exp: Some(f64::NAN), ..Default::default() },
            CreateOptions { exp: Some(-1.0), ..Default::default() },
            CreateOptions { iat: Some(Iat::At(f64::INFINITY)), ..Default::default() },
            CreateOptions { validity_in_seconds: Some(f64::NAN), ..Default::default() },
            CreateOptions { claims_json: Some("[1]".into()), ..Default::default() },
            CreateOptions { claims_json: Some("{\"exp\":1}".into()), ..Default::default() },
            CreateOptions { claims_json: Some("{\"a\":1,\"a\":2}".into()), ..Default::default() },
            CreateOptions { claims_json: Some("{".into()), ..Default::default() },
        ];
        for o in bad {
            let e = create_token(b"k", "u", &o, now).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidOptions, "{o:?}: {e}");
        }
    }
}
