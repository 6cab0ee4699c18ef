//! The JSON rules of a token: objects with unique keys, and numbers written the way
//! JavaScript's `JSON.stringify` writes them.
//!
//! Parsing keeps key order (so `inspect` lists claims as the token has them) and
//! rejects an object whose top level repeats a key: `{"user_id":"a","user_id":"b"}` means
//! different things to different parsers, which is how claims get smuggled.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{ErrorCode, TokenError};

/// A JSON object with its keys in document order.
pub type Object = Map<String, Value>;

/// What a parsed JSON document turned out to be.
enum TopLevel {
    Object(Object),
    Duplicate(String),
    Other(&'static str),
}

struct TopLevelVisitor;

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut object = Object::new();
        let mut duplicate = None;
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            if object.contains_key(&key) {
                duplicate.get_or_insert(key);
            } else {
                object.insert(key, value);
            }
        }
        Ok(duplicate.map_or(TopLevel::Object(object), TopLevel::Duplicate))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TopLevel::Other("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("null"))
    }
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopLevelVisitor)
    }
}

/// Parses `bytes` as UTF-8 JSON that must be an object with unique top-level keys.
///
/// `what` names the part in messages ("header", "payload", "claims option");
/// `not_object` is the code used when the JSON is valid but not an object.
///
/// ```
/// use tokenkit::{json::parse_object, ErrorCode};
/// let o = parse_object(br#"{"b":1,"a":2}"#, "payload", ErrorCode::InvalidClaims).unwrap();
/// assert_eq!(o.keys().collect::<Vec<_>>(), ["b", "a"]);
/// let e = parse_object(b"[1]", "payload", ErrorCode::InvalidClaims).unwrap_err();
/// assert_eq!(e.code(), ErrorCode::InvalidClaims);
/// ```
pub fn parse_object(bytes: &[u8], what: &str, not_object: ErrorCode) -> Result<Object, TokenError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        TokenError::new(
            ErrorCode::InvalidJson,
            format!("The {what} is not valid UTF-8 (bad byte at offset {}). Tokens carry UTF-8 JSON; this one was made wrongly or altered.", e.valid_up_to()),
        )
    })?;
    match serde_json::from_str::<TopLevel>(text) {
        Ok(TopLevel::Object(object)) => Ok(object),
        Ok(TopLevel::Duplicate(key)) => Err(TokenError::new(
            ErrorCode::InvalidJson,
            format!("The {what} repeats the key {key:?}; parsers disagree on which value wins, so tokenkit refuses it. Issue the token with each key once."),
        )),
        Ok(TopLevel::Other(kind)) => {
            Err(TokenError::new(not_object, format!("The {what} is {kind}, not a JSON object. A JWT's {what} must be an object like {{\"user_id\":\"john\"}}.")))
        }
        Err(e) => Err(TokenError::new(
            ErrorCode::InvalidJson,
            format!("The {what} is not valid JSON ({e}). Check that the whole token was copied."),
        )),
    }
}

/// Appends `value` as a JSON string literal, escaped exactly as `JSON.stringify` does.
///
/// ```
/// let mut s = String::new();
/// tokenkit::json::write_string("名前\n\"x\"", &mut s);
/// assert_eq!(s, r#""名前\n\"x\"""#);
/// ```
pub fn write_string(value: &str, out: &mut String) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(value.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(value.get(start..).unwrap_or_default());
    out.push('"');
}

/// Appends a finite number the way JavaScript's `JSON.stringify` writes it:
/// `1700000000` (never `1700000000.0`), `1.5`, `1e+21`, `1e-7`.
///
/// Returns `false`, writing nothing, for NaN and infinities, which JSON cannot hold.
///
/// ```
/// let mut s = String::new();
/// assert!(tokenkit::json::write_number(1700000000.0, &mut s));
/// assert_eq!(s, "1700000000");
/// ```
pub fn write_number(x: f64, out: &mut String) -> bool {
    use fmt::Write;
    if !x.is_finite() {
        return false;
    }
    let abs = x.abs();
    // Rust's shortest round-trip digits are the digits ECMAScript's Number::toString
    // picks; only the choice of exponent notation and its sign differ.
    let written = if x == 0.0 {
        out.write_str("0")
    } else if (1e-6..1e21).contains(&abs) {
        write!(out, "{x}")
    } else {
        let sci = format!("{x:e}");
        match sci.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => write!(out, "{mantissa}e+{exp}"),
            _ => out.write_str(&sci),
        }
    };
    written.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(x: f64) -> String {
        let mut s = String::new();
        assert!(write_number(x, &mut s));
        s
    }

    #[test]
    fn numbers_like_json_stringify() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(num(1e21), "1e+21");
        assert_eq!(num(1.5e300), "1.5e+300");
        assert_eq!(num(1e-7), "1e-7");
        assert_eq!(num(0.000001), "0.000001");
        assert_eq!(num(123456789012345680000.0), "123456789012345680000");
        assert_eq!(num(9007199254740993.0), "9007199254740992");
        assert!(!write_number(f64::NAN, &mut String::new()));
        assert!(!write_number(f64::INFINITY, &mut String::new()));
    }

    #[test]
    fn strings_like_json_stringify() {
        let mut s = String::new();
        write_string("a\u{1}b\u{1f}\u{7f}/é😀\u{8}\u{c}", &mut s);
        assert_eq!(s, "\"a\\u0001b\\u001f\u{7f}/é😀\\b\\f\"");
        // and like serde_json, which JSON.parse agrees with
        let again: String = serde_json::from_str(&s).unwrap();
        assert_eq!(again, "a\u{1}b\u{1f}\u{7f}/é😀\u{8}\u{c}");
    }

    #[test]
    fn objects_keep_order_and_refuse_duplicates() {
        let o = parse_object("{\"名前\":\"山田太郎\",\"a\":{\"x\":1}}".as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["名前", "a"]);
        let e = parse_object(br#"{"a":1,"a":2}"#, "payload", ErrorCode::InvalidClaims).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidJson);
        for (bad, code) in [
            (&b"\xff{}"[..], ErrorCode::InvalidJson),
            (b"{", ErrorCode::InvalidJson),
            (b"{} x", ErrorCode::InvalidJson),
            (b"1e400", ErrorCode::InvalidJson),
            (b"null", ErrorCode::InvalidHeader),
            (b"\"s\"", ErrorCode::InvalidHeader),
            (b"[1,[2]]", ErrorCode::InvalidHeader),
            (b"true", ErrorCode::InvalidHeader),
            (b"-1", ErrorCode::InvalidHeader),
        ] {
            assert_eq!(parse_object(bad, "header", ErrorCode::InvalidHeader).unwrap_err().code(), code, "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let doc = format!("{{\"a\":{deep}");
        assert_eq!(parse_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap_err().code(), ErrorCode::InvalidJson);
    }
}
