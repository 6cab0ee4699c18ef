//! The claims of a payload: the registered ones typed and checked, every one explained.

use crate::prelude::*;
use crate::error::{ErrorCode, TokenError};
use crate::json::{Object, Value};
use crate::time::format_iso;

/// The claims tokenkit reads, checked for type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisteredClaims {
    /// `user_id`: the Stream user the token logs in.
    pub user_id: Option<String>,
    /// `exp`: expiry, unix seconds.
    pub exp: Option<f64>,
    /// `iat`: issued at, unix seconds.
    pub iat: Option<f64>,
    /// `nbf`: not before, unix seconds.
    pub nbf: Option<f64>,
}

/// 3000-01-01T00:00:00Z in unix seconds. A time claim or option past it is taken for
/// milliseconds (`Date.now()` where `Date.now() / 1000` was meant): today's date in
/// milliseconds is 1.7e12, in the year 55,000 when read as seconds.
pub const MILLISECONDS_AFTER: f64 = 32_503_680_000.0;

/// `invalid_options` for a time option past [`MILLISECONDS_AFTER`]: milliseconds given
/// for seconds (`createToken`'s `exp`, `iat` and `now`; `inspectToken`'s and
/// `verifyToken`'s `now` and revocation dates, where milliseconds would silently make
/// every token expired or revoked).
pub(crate) fn not_milliseconds(name: &str, value: f64) -> Result<(), TokenError> {
    if value > MILLISECONDS_AFTER {
        return Err(TokenError::new(
            ErrorCode::InvalidOptions,
            text!(name, " is ", crate::json::number_text(value), ", after the year 3000: it looks like milliseconds: divide by 1000. Tokens hold unix seconds (Date.now() / 1000)."),
        ));
    }
    Ok(())
}

/// Reads `user_id`, `exp`, `iat` and `nbf` from a payload: `invalid_claims` when one is
/// present with the wrong type, `null` included (as jose, jsonwebtoken, PyJWT and
/// golang-jwt refuse it: an `exp` of `null` must not make a token that never expires).
///
/// ```
/// use tokenkit::{json::parse_object, ErrorCode};
/// let p = parse_object(br#"{"user_id":"john","exp":1700000000}"#, "payload", ErrorCode::InvalidClaims).unwrap();
/// let c = tokenkit::claims::registered(&p).unwrap();
/// assert_eq!(c.user_id.as_deref(), Some("john"));
/// assert_eq!(c.exp, Some(1700000000.0));
/// let bad = parse_object(br#"{"user_id":"john","exp":null}"#, "payload", ErrorCode::InvalidClaims).unwrap();
/// assert_eq!(tokenkit::claims::registered(&bad).unwrap_err().code(), tokenkit::ErrorCode::InvalidClaims);
/// ```
pub fn registered(payload: &Object) -> Result<RegisteredClaims, TokenError> {
    let mut claims = RegisteredClaims::default();
    for (name, value) in payload.iter() {
        let seen = match value {
            Value::String(s) => Seen::String(s),
            Value::Number(n) => Seen::Number(n.as_f64()),
            other => Seen::Other(other.kind()),
        };
        register(&mut claims, name, seen)?;
    }
    Ok(claims)
}

/// A claim's value as [`register`] judges it: wherever it was parsed (tokenkit's parser,
/// or `JSON.parse` in the provider build).
///
/// ```
/// use tokenkit::claims::{register, RegisteredClaims, Seen};
/// let mut c = RegisteredClaims::default();
/// let e = register(&mut c, "exp", Seen::String("tomorrow")).unwrap_err();
/// assert!(e.message().contains("\"exp\" claim is a string"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seen<'a> {
    /// A string.
    String(&'a str),
    /// A finite number.
    Number(f64),
    /// Anything else, named for messages: "null", "a boolean", "an array", ...
    Other(&'a str),
}

/// Keeps `value` in `claims` when `name` is `user_id`, `exp`, `iat` or `nbf` (other names
/// are ignored); `invalid_claims` when its type is wrong, `null` included.
///
/// ```
/// use tokenkit::claims::{register, RegisteredClaims, Seen};
/// let mut c = RegisteredClaims::default();
/// register(&mut c, "exp", Seen::Number(1700000000.0)).unwrap();
/// register(&mut c, "role", Seen::Other("an array")).unwrap();
/// assert_eq!(c.exp, Some(1700000000.0));
/// assert!(register(&mut c, "user_id", Seen::Other("null")).unwrap_err().message().contains("left out"));
/// ```
pub fn register(claims: &mut RegisteredClaims, name: &str, value: Seen<'_>) -> Result<(), TokenError> {
    let (slot, must) = match name {
        "user_id" => match value {
            Seen::String(s) => {
                claims.user_id = Some(s.to_string());
                return Ok(());
            }
            _ => (None, "a string"),
        },
        "exp" => (Some(&mut claims.exp), SECONDS),
        "iat" => (Some(&mut claims.iat), SECONDS),
        "nbf" => (Some(&mut claims.nbf), SECONDS),
        _ => return Ok(()),
    };
    let kind = match (slot, value) {
        (Some(slot), Seen::Number(n)) => {
            *slot = Some(n);
            return Ok(());
        }
        (_, Seen::String(_)) => "a string",
        (_, Seen::Number(_)) => "a number",
        (_, Seen::Other(kind)) => kind,
    };
    let null = if kind == "null" { ": a claim that does not apply is left out, not set to null" } else { "" };
    Err(TokenError::new(ErrorCode::InvalidClaims, text!("The \"", name, "\" claim is ", kind, ", but it must be ", must, ". The token was issued wrongly", null, ".")))
}

const SECONDS: &str = "a number of seconds since 1970 (e.g. 1700000000)";

/// True for the claims that hold unix seconds.
fn is_timestamp(name: &str) -> bool {
    matches!(name, "exp" | "iat" | "nbf" | "auth_time" | "updated_at")
}

/// What a claim means, for people reading a token.
///
/// ```
/// assert!(tokenkit::claims::describe("iat").contains("Issued"));
/// assert_eq!(tokenkit::claims::describe("favourite_colour"), "Custom claim set by the token's issuer.");
/// ```
pub fn describe(name: &str) -> &'static str {
    match name {
        "user_id" => "Stream user ID: the user this token logs in.",
        "exp" => "Expiration time: the token is refused from this moment on.",
        "iat" => "Issued at: when the token was created. Revoking tokens by date compares against it.",
        "nbf" => "Not before: the token is refused until this moment.",
        "iss" => "Issuer: who created the token.",
        "sub" => "Subject: whom the token is about.",
        "aud" => "Audience: who the token is meant for.",
        "jti" => "JWT ID: a unique identifier for this token.",
        "auth_time" => "Authentication time: when the user last logged in.",
        "server" => "Stream server-side token: grants full access to the app. Never ship it to a browser.",
        "role" => "Role the token grants (Stream Video uses it for call roles).",
        "call_cids" => "Stream Video calls (type:id) this token is limited to.",
        "channel_cids" => "Stream channels this token is limited to.",
        _ => "Custom claim set by the token's issuer.",
    }
}

/// How a claim's value is shown: strings as they are, timestamps with their ISO date
/// (`1700000000 (2023-11-14T22:13:20Z)`), anything else as compact JSON.
///
/// ```
/// let p = tokenkit::json::parse_object(br#"{"exp":1700000000,"user_id":"john"}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// assert_eq!(tokenkit::claims::display("exp", &p["exp"]), "1700000000 (2023-11-14T22:13:20Z)");
/// assert_eq!(tokenkit::claims::display("user_id", &p["user_id"]), "john");
/// ```
pub fn display(name: &str, value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) if is_timestamp(name) => match format_iso(n.as_f64()) {
            Some(iso) => text!(n.as_str(), " (", iso, ")"),
            None => n.as_str().to_string(),
        },
        other => other.to_json(),
    }
}

/// One claim explained: what [`crate::inspect`] lists for every key of the payload.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// The key.
    pub name: &'a str,
    /// The value as the token has it.
    pub value: &'a Value,
    /// What the claim means.
    pub description: &'static str,
    /// The value for people (see [`display`]).
    pub display: String,
}

/// Every claim of `payload`, in token order, explained.
///
/// ```
/// let p = tokenkit::json::parse_object(br#"{"user_id":"john","exp":1700000000}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// let c = tokenkit::claims::explain(&p);
/// assert_eq!(c[1].name, "exp");
/// assert_eq!(c[1].display, "1700000000 (2023-11-14T22:13:20Z)");
/// ```
pub fn explain(payload: &Object) -> Vec<Claim<'_>> {
    payload.iter().map(|(name, value)| Claim { name, value, description: describe(name), display: display(name, value) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_object;

    fn obj(json: &str) -> Object {
        parse_object(json.as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap()
    }

    #[test]
    fn registered_types() {
        let c = registered(&obj(r#"{"user_id": "u", "exp": 2, "iat": 1.5}"#)).unwrap();
        assert_eq!(c, RegisteredClaims { user_id: Some("u".into()), exp: Some(2.0), iat: Some(1.5), nbf: None });
        for bad in [r#"{"exp": "1"}"#, r#"{"iat": true}"#, r#"{"nbf": [1]}"#, r#"{"user_id": 5}"#, r#"{"user_id": {}}"#] {
            assert_eq!(registered(&obj(bad)).unwrap_err().code(), ErrorCode::InvalidClaims, "{bad}");
        }
    }

    #[test]
    fn null_is_not_absent() {
        // A signed {"user_id":"john","exp":null} must not be a token that never expires.
        for name in ["exp", "iat", "nbf", "user_id"] {
            let e = registered(&obj(&format!(r#"{{"user_id": "john", "{name}": null}}"#).replace(r#""user_id": "john", "user_id""#, r#""user_id""#))).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims, "{name}");
            assert!(e.message().contains(&format!("\"{name}\" claim is null")) && e.message().contains("left out"), "{e}");
        }
    }

    #[test]
    fn display_forms() {
        let p = obj(r#"{"iat":1e300,"nbf":1700000000.5,"exp":"soon","count":1700000000,"名前":{"a":[1,"😀"]}}"#);
        assert_eq!(display("iat", &p["iat"]), "1e300");
        assert_eq!(display("nbf", &p["nbf"]), "1700000000.5 (2023-11-14T22:13:20.500Z)");
        assert_eq!(display("exp", &p["exp"]), "soon");
        assert_eq!(display("count", &p["count"]), "1700000000");
        assert_eq!(display("名前", &p["名前"]), "{\"a\":[1,\"😀\"]}");
    }
}
