//! The header's `crit`: extensions a recipient must understand, or refuse the token
//! (RFC 7515 §4.1.11). tokenkit implements no extension, so a token with `crit` is
//! refused by [`crate::inspect`] and [`crate::verify`] with `invalid_header`, naming
//! what it lists; [`crate::decode`] still shows such a token as it is.

use crate::error::{ErrorCode, TokenError};
use crate::json::{Object, Value};

/// The header parameters RFC 7515 defines, which `crit` may not list.
const REGISTERED: [&str; 11] = ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"];

/// `Ok` for a header without `crit`; otherwise `invalid_header`, saying what `crit` lists
/// and why the token is refused.
///
/// ```
/// use tokenkit::{json::parse_object, ErrorCode};
/// let h = parse_object(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, "header", ErrorCode::InvalidHeader).unwrap();
/// let e = tokenkit::crit::check(&h).unwrap_err();
/// assert_eq!(e.code(), ErrorCode::InvalidHeader);
/// assert!(e.message().contains("\"b64\""));
/// assert!(tokenkit::crit::check(&parse_object(br#"{"alg":"HS256"}"#, "header", ErrorCode::InvalidHeader).unwrap()).is_ok());
/// ```
pub fn check(header: &Object) -> Result<(), TokenError> {
    let Some(crit) = header.get("crit") else { return Ok(()) };
    // Well formed (RFC 7515 §4.1.11): a non-empty list of distinct names of parameters the
    // header has, none of them defined by RFC 7515 itself.
    let well_formed = match crit {
        Value::Array(names) => {
            !names.is_empty()
                && names.iter().enumerate().all(|(i, name)| {
                    name.as_str().is_some_and(|n| !REGISTERED.contains(&n) && header.contains_key(n) && !names.iter().take(i).any(|earlier| earlier.as_str() == Some(n)))
                })
        }
        _ => false,
    };
    let why = if well_formed { ": extensions that tokenkit does not implement" } else { ", which is not a list of extensions the header uses (RFC 7515 §4.1.11)" };
    Err(TokenError::new(
        ErrorCode::InvalidHeader,
        text!("The header's crit is ", crit.to_json(), why, ". Such a token must be refused: issue it without crit, or verify it with a library that implements the extension."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_object;

    fn header(json: &str) -> Object {
        parse_object(json.as_bytes(), "header", ErrorCode::InvalidHeader).unwrap()
    }

    #[test]
    fn every_crit_is_refused_and_explained() {
        let unknown = "extensions that tokenkit does not implement";
        let malformed = "which is not a list of extensions the header uses (RFC 7515 §4.1.11)";
        for (json, says) in [
            (r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, r#"crit is ["b64"]: extensions that tokenkit does not implement"#),
            (r#"{"alg":"HS256","exp":1,"http://example.com/x":2,"crit":["exp","http://example.com/x"]}"#, unknown),
            (r#"{"alg":"HS256","crit":"b64","b64":false}"#, r#"crit is "b64", which is not a list"#),
            (r#"{"alg":"HS256","crit":null}"#, "crit is null, which"),
            (r#"{"alg":"HS256","crit":[]}"#, "crit is [], which"),
            (r#"{"alg":"HS256","b64":false,"crit":["b64",1]}"#, malformed),
            (r#"{"alg":"HS256","crit":["alg"]}"#, malformed),
            (r#"{"alg":"HS256","kid":"k","b64":false,"crit":["b64","kid"]}"#, malformed),
            (r#"{"alg":"HS256","crit":["b64"]}"#, malformed),
            (r#"{"alg":"HS256","b64":false,"crit":["b64","b64"]}"#, malformed),
        ] {
            let e = check(&header(json)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidHeader, "{json}");
            assert!(e.message().contains(says) && e.message().contains("must be refused"), "{json}: {e}");
        }
        assert!(check(&header(r#"{"alg":"HS256","typ":"JWT","b64":false}"#)).is_ok());
    }
}
