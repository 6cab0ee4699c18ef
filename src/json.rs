//! The JSON of a token: a small parser that keeps key order and refuses repeated
//! keys, and writers that produce exactly what JavaScript's `JSON.stringify` does.
//!
//! Hand-written rather than `serde_json` because it is a fifth of the size in the
//! wasm, and because a token needs only this: RFC 8259 JSON, objects with unique
//! keys (`{"user_id":"a","user_id":"b"}` means different things to different parsers,
//! which is how claims get smuggled), numbers kept as written, and a nesting limit so
//! hostile input is an error rather than a stack overflow.

use crate::prelude::*;
use alloc::borrow::Cow;
use core::fmt;
use core::ops::Index;

use crate::error::{ErrorCode, TokenError};

/// Deeper nesting than this is `invalid_json` (real claims nest two or three levels).
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Numbers keep the text they were written with.
///
/// ```
/// let o = tokenkit::json::parse_object(br#"{"a":[1.50,true,null]}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// assert_eq!(o["a"].to_string(), "[1.50,true,null]");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number: its value and its text as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Object),
}

/// A JSON number as written in the document, with its value as an `f64`.
///
/// ```
/// let o = tokenkit::json::parse_object(br#"{"exp":1.7e9}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// let tokenkit::json::Value::Number(n) = &o["exp"] else { panic!() };
/// assert_eq!((n.as_f64(), n.as_str()), (1.7e9, "1.7e9"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    value: f64,
    text: String,
}

impl Number {
    /// The value: the double nearest to the text, as `JSON.parse` reads it (finite: JSON
    /// numbers beyond `f64` are refused when parsing).
    pub fn as_f64(&self) -> f64 {
        self.value
    }

    /// The text as the document wrote it, e.g. `"1.50"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A JSON object: its members in document order, keys unique.
///
/// ```
/// let o = tokenkit::json::parse_object(br#"{"b":1,"a":2}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// assert_eq!(o.keys().collect::<Vec<_>>(), ["b", "a"]);
/// assert!(o.contains_key("a") && o.get("c").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object {
    members: Vec<(String, Value)>,
}

static NULL: Value = Value::Null;

impl Object {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.members.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_str())
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl Index<&str> for Object {
    type Output = Value;

    /// The value of `key`, or `Value::Null` when absent (as `serde_json` does).
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Value {
    /// What kind of value this is, for messages: `"null"`, `"a boolean"`, `"a number"`,
    /// `"a string"`, `"an array"` or `"an object"`.
    ///
    /// ```
    /// let o = tokenkit::json::parse_object(br#"{"a":[]}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
    /// assert_eq!(o["a"].kind(), "an array");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.value),
            _ => None,
        }
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// Compact JSON, numbers as written.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl Value {
    /// Compact JSON text, numbers as written (what `Display` shows).
    ///
    /// ```
    /// let o = tokenkit::json::parse_object(br#"{"a": [1.0, "x"]}"#, "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
    /// assert_eq!(o["a"].to_json(), r#"[1.0,"x"]"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

/// Appends `v` as compact JSON.
pub(crate) fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.text),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// Parses `bytes` as UTF-8 JSON that must be an object with unique keys.
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
    read_object(bytes, what, not_object, true)
}

/// Checks `bytes` exactly as [`parse_object`] does, with the same errors, without keeping
/// the values: no tree is built and no string copied (keys with escapes aside, which are
/// compared unescaped). For a 2 KB payload of a hundred claims that is a hundred-odd
/// allocations fewer; `decodeToken` hands the checked text to `JSON.parse`.
///
/// ```
/// use tokenkit::{json::check_object, ErrorCode};
/// assert!(check_object(br#"{"a":[1,{"b":"\u00e9"}]}"#, "payload", ErrorCode::InvalidClaims).is_ok());
/// let e = check_object(br#"{"a":1,"\u0061":2}"#, "payload", ErrorCode::InvalidClaims).unwrap_err();
/// assert_eq!(e.code(), ErrorCode::InvalidJson);
/// ```
pub fn check_object(bytes: &[u8], what: &str, not_object: ErrorCode) -> Result<(), TokenError> {
    read_object(bytes, what, not_object, false).map(drop)
}

/// [`parse_object`] when `keep`, else [`check_object`] (an empty object on success).
fn read_object(bytes: &[u8], what: &str, not_object: ErrorCode, keep: bool) -> Result<Object, TokenError> {
    let text = core::str::from_utf8(bytes).map_err(|e| not_utf8(what, &e))?;
    read_text(text, what, not_object, keep)
}

/// `bytes` as a `String`, or the `invalid_json` error [`parse_object`] gives for bytes
/// that are not UTF-8 (checking once, where converting after parsing would check twice).
///
/// ```
/// assert_eq!(tokenkit::json::utf8(b"{}".to_vec(), "header").unwrap(), "{}");
/// assert!(tokenkit::json::utf8(vec![b'{', 0xff], "header").unwrap_err().message().contains("offset 1"));
/// ```
pub fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, TokenError> {
    String::from_utf8(bytes).map_err(|e| not_utf8(what, &e.utf8_error()))
}

fn not_utf8(what: &str, e: &core::str::Utf8Error) -> TokenError {
    TokenError::new(
        ErrorCode::InvalidJson,
        text!("The ", what, " is not valid UTF-8 (bad byte at offset ", number_text(e.valid_up_to() as f64), "). Tokens carry UTF-8 JSON; this one was made wrongly or altered."),
    )
}

/// [`parse_object`] (when `keep`) or [`check_object`] of text already known to be UTF-8.
pub(crate) fn read_text(text: &str, what: &str, not_object: ErrorCode, keep: bool) -> Result<Object, TokenError> {
    let mut p = Parser { text, at: 0, keep };
    let value = p.document().map_err(|e| {
        let message = match e {
            Problem::Duplicate(key) => {
                let mut quoted = String::new();
                write_string(&key, &mut quoted);
                text!("The ", what, " repeats the key ", quoted, "; parsers disagree on which value wins, so tokenkit refuses it. Issue the token with each key once.")
            }
            Problem::TooDeep => text!("The ", what, " nests arrays or objects more than 128 deep; no real token does. It was made wrongly or to attack parsers."),
            Problem::Syntax(why) => text!("The ", what, " is not valid JSON (", why, " at byte ", number_text(p.at as f64), "). Check that the whole token was copied."),
        };
        TokenError::new(ErrorCode::InvalidJson, message)
    })?;
    let kind = match value {
        Value::Object(object) => return Ok(object),
        // Not kept: only the first byte tells the kind (the text is valid JSON).
        _ if !keep => match text.trim_ascii_start().as_bytes().first() {
            Some(b'{') => return Ok(Object::default()),
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        },
        other => other.kind(),
    };
    Err(not_an_object(what, kind, not_object))
}

/// `code` for a JSON document that is `kind` ("an array", "null", ...), not an object.
pub(crate) fn not_an_object(what: &str, kind: &str, code: ErrorCode) -> TokenError {
    TokenError::new(code, text!("The ", what, " is ", kind, ", not a JSON object. A JWT's ", what, " must be an object like {\"user_id\":\"john\"}."))
}

enum Problem {
    Syntax(&'static str),
    Duplicate(String),
    TooDeep,
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    /// Build the tree (else only check: every value is returned as `Null`).
    keep: bool,
}

impl<'a> Parser<'a> {
    // The helpers every byte goes through, inlined: at opt-level "z" a call each would
    // cost more than the work (measured: a fifth fewer instructions per document).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    #[inline(always)]
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    #[inline(always)]
    fn eat_byte(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.text.as_bytes().get(self.at..self.at + literal.len()) == Some(literal.as_bytes());
        if found {
            self.at += literal.len();
        }
        found
    }

    fn document(&mut self) -> Result<Value, Problem> {
        let value = self.value(0)?;
        self.skip_space();
        if self.at < self.text.len() {
            return Err(Problem::Syntax("unexpected text after the value"));
        }
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<Value, Problem> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(Problem::TooDeep);
                }
                self.at += 1;
                self.object(depth + 1).map(|o| if self.keep { Value::Object(o) } else { Value::Null })
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(Problem::TooDeep);
                }
                self.at += 1;
                self.array(depth + 1).map(|a| if self.keep { Value::Array(a) } else { Value::Null })
            }
            Some(b'"') => self.string().map(|s| if self.keep { Value::String(s.into_owned()) } else { Value::Null }),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't') if self.eat("true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Value::Null),
            None => Err(Problem::Syntax("it ends where a value should be")),
            Some(_) => Err(Problem::Syntax("unexpected character")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Object, Problem> {
        // Kept: the members. Only checked: the keys, for the repeat check below.
        let mut members: Vec<(String, Value)> = Vec::new();
        let mut keys: Vec<Cow<'a, str>> = Vec::new();
        self.skip_space();
        if self.eat_byte(b'}') {
            return Ok(Object { members });
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(Problem::Syntax("expected a key in double quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat_byte(b':') {
                return Err(Problem::Syntax("expected ':' after a key"));
            }
            let value = self.value(depth)?;
            if self.keep {
                members.push((key.into_owned(), value));
            } else {
                keys.push(key);
            }
            self.skip_space();
            if self.eat_byte(b',') {
                continue;
            }
            if self.eat_byte(b'}') {
                break;
            }
            return Err(Problem::Syntax("expected ',' or '}' in an object"));
        }
        let all = || members.iter().map(|(k, _)| k.as_str()).chain(keys.iter().map(|k| k.as_ref()));
        if members.len() + keys.len() <= 16 {
            // Few keys (a header, most payloads): each against those before it, without
            // allocating (an allocation costs more than these comparisons).
            for (i, key) in all().enumerate() {
                if all().take(i).any(|k| k == key) {
                    return Err(Problem::Duplicate(key.to_string()));
                }
            }
        } else {
            // A sorted list of the keys finds a repeat with a binary search per key
            // (no hashing or sorting code in the wasm).
            let mut seen: Vec<&str> = Vec::with_capacity(members.len() + keys.len());
            for key in all() {
                match seen.binary_search(&key) {
                    Ok(_) => return Err(Problem::Duplicate(key.to_string())),
                    Err(at) => seen.insert(at, key),
                }
            }
        }
        Ok(Object { members })
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value>, Problem> {
        let mut items = Vec::new();
        self.skip_space();
        if self.eat_byte(b']') {
            return Ok(items);
        }
        loop {
            let item = self.value(depth)?;
            if self.keep {
                items.push(item);
            }
            self.skip_space();
            if self.eat_byte(b',') {
                continue;
            }
            if self.eat_byte(b']') {
                return Ok(items);
            }
            return Err(Problem::Syntax("expected ',' or ']' in an array"));
        }
    }

    /// A string's value: borrowed from the text when it has no escapes (no copy).
    fn string(&mut self) -> Result<Cow<'a, str>, Problem> {
        self.at += 1; // the opening quote
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        // Made at the first escape; until then the value is a slice of the text.
        let mut unescaped: Option<String> = None;
        let mut start = self.at;
        loop {
            // The run up to the next quote, backslash or control character, found by a
            // plain loop (iterator adapters are a call per byte at opt-level "z").
            while self.at < bytes.len() && !matches!(bytes[self.at], b'"' | b'\\' | 0..=0x1f) {
                self.at += 1;
            }
            let run = text.get(start..self.at).unwrap_or_default();
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(match unescaped {
                        None => Cow::Borrowed(run),
                        Some(mut out) => {
                            out.push_str(run);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    let out = unescaped.get_or_insert_with(String::new);
                    out.push_str(run);
                    out.push(c);
                    start = self.at;
                }
                None => return Err(Problem::Syntax("a string is not closed")),
                _ => return Err(Problem::Syntax("a control character must be escaped in a string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, Problem> {
        let c = self.peek().ok_or(Problem::Syntax("a string is not closed"))?;
        self.at += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if !self.eat("\\u") {
                            return Err(Problem::Syntax("a lone UTF-16 surrogate escape, which has no UTF-8 form"));
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Problem::Syntax("a lone UTF-16 surrogate escape, which has no UTF-8 form"));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(Problem::Syntax("a lone UTF-16 surrogate escape, which has no UTF-8 form")),
                    _ => unit,
                };
                char::from_u32(code).ok_or(Problem::Syntax("an invalid \\u escape"))?
            }
            _ => return Err(Problem::Syntax("an invalid escape in a string")),
        })
    }

    fn hex4(&mut self) -> Result<u32, Problem> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(Problem::Syntax("a \\u escape needs four hex digits"))?;
        let mut unit = 0;
        for b in digits.bytes() {
            let d = char::from(b).to_digit(16).ok_or(Problem::Syntax("a \\u escape needs four hex digits"))?;
            unit = unit * 16 + d;
        }
        self.at += 4;
        Ok(unit)
    }

    fn number(&mut self) -> Result<Number, Problem> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        let mut at = start;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let int_start = at;
        let int_len = digits(&mut at);
        if int_len == 0 {
            return Err(Problem::Syntax("a number needs digits"));
        }
        if int_len > 1 && bytes.get(int_start) == Some(&b'0') {
            return Err(Problem::Syntax("a number may not start with 0"));
        }
        let plain = !matches!(bytes.get(at), Some(b'.' | b'e' | b'E'));
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                return Err(Problem::Syntax("a number needs digits after '.'"));
            }
        }
        let has_exponent = matches!(bytes.get(at), Some(b'e' | b'E'));
        if has_exponent {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                return Err(Problem::Syntax("a number needs digits in its exponent"));
            }
        }
        self.at = at;
        let text = self.text.get(start..at).unwrap_or_default();
        let value = if plain && int_len <= 15 {
            // An integer of up to 15 digits (every timestamp) is exact in an f64.
            let digits = bytes.get(int_start..at).unwrap_or_default();
            let n = digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
            #[allow(clippy::cast_precision_loss)] // below 10^15 < 2^53: exact
            let n = n as f64;
            if int_start > start {
                -n
            } else {
                n
            }
        } else if !self.keep && !has_exponent && int_len <= 308 {
            // Only checked, and without an exponent it cannot pass the largest double
            // (10^308 < f64::MAX): the value is not needed.
            0.0
        } else {
            crate::decimal::parse(text).ok_or(Problem::Syntax("a number too large for a 64-bit float"))?
        };
        Ok(Number { value, text: if self.keep { text.to_string() } else { String::new() } })
    }
}

/// `text` after its first byte, when that is one of the ASCII `bytes`.
/// (`str::strip_prefix` costs a few hundred bytes of wasm for each kind of pattern.)
///
/// ```
/// assert_eq!(tokenkit::json::strip("-12", b"+-"), Some("12"));
/// assert_eq!(tokenkit::json::strip("12", b"+-"), None);
/// ```
pub fn strip<'a>(text: &'a str, bytes: &[u8]) -> Option<&'a str> {
    match text.as_bytes().first() {
        Some(b) if bytes.contains(b) => text.get(1..),
        _ => None,
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
    if !x.is_finite() {
        return false;
    }
    crate::decimal::write(x, out);
    true
}

/// `value` as a JSON string literal, for quoting user text in messages.
///
/// ```
/// assert_eq!(tokenkit::json::quote("a\"b"), r#""a\"b""#);
/// ```
pub fn quote(value: &str) -> String {
    let mut out = String::new();
    write_string(value, &mut out);
    out
}

/// `x` as JavaScript writes it, or `"NaN"`/`"Infinity"`, for messages. Also how
/// messages write byte counts and positions: `{}` of an integer in `format!` would bring
/// `core`'s integer formatting into the wasm (70 B gzipped).
///
/// ```
/// assert_eq!(tokenkit::json::number_text(f64::NAN), "NaN");
/// assert_eq!(tokenkit::json::number_text(2.5), "2.5");
/// ```
pub fn number_text(x: f64) -> String {
    let mut out = String::new();
    if !write_number(x, &mut out) {
        out.push_str(if x.is_nan() { "NaN" } else if x > 0.0 { "Infinity" } else { "-Infinity" });
    }
    out
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
    fn number_values_are_the_nearest_double() {
        for text in ["0", "-0", "1700000000", "1700000000.5", "0.1", "1.5e-3", "2E+2", "9007199254740993", "2005525906.6899002", "12345678901234567890123",
            "1.7976931348623157e308", "2.2250738585072014e-308", "5e-324", "123.456e-300", "0.00000000000000000000000000001234", "1e-400"] {
            let o = parse_object(format!("{{\"n\":{text}}}").as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap();
            assert_eq!(o["n"].as_f64().map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{text}");
        }
        for text in ["1e400", "-1e400", "1e99999999999999999999", "1.7976931348623159e308"] {
            let e = parse_object(format!("{{\"n\":{text}}}").as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidJson, "{text}");
        }
    }

    #[test]
    fn strings_like_json_stringify() {
        let mut s = String::new();
        write_string("a\u{1}b\u{1f}\u{7f}/é😀\u{8}\u{c}", &mut s);
        assert_eq!(s, "\"a\\u0001b\\u001f\u{7f}/é😀\\b\\f\"");
        // and the parser reads it back
        let o = parse_object(format!("{{\"k\":{s}}}").as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap();
        assert_eq!(o["k"], "a\u{1}b\u{1f}\u{7f}/é😀\u{8}\u{c}");
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
    fn rfc8259_edge_cases() {
        let ok = |doc: &str| parse_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims);
        let o = ok(" {\"a\" : [ -0 , 1.5e-3 , 2E+2 , \"\\ud83d\\ude00\\u00e9\\/\" , {} , [] ] }\n").unwrap();
        assert_eq!(o["a"].to_string(), "[-0,1.5e-3,2E+2,\"😀é/\",{},[]]");
        assert_eq!(ok("{\"n\":123456789012345678901234567890}").unwrap()["n"].as_f64(), Some(1.2345678901234568e29));
        assert_eq!(ok("{\"n\":-42}").unwrap()["n"].as_f64(), Some(-42.0));
        for bad in ["{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\t\"}", "{a:1}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":tru}", "{\"a\":NaN}", "{\"a\":\"\\u12\"}", "{\"a\":1e999}",
            "{\"x\":{\"k\":1,\"k\":2}}"] {
            assert_eq!(ok(bad).unwrap_err().code(), ErrorCode::InvalidJson, "{bad}");
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        for doc in [r#"{"a":"\u0000\u001f\"\\","b":[true,false,null],"c":{"d":-1.25e-10}}"#, r#"{"名前":"山田太郎","😀":9007199254740993}"#] {
            let ours = parse_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap();
            let theirs: serde_json::Map<String, serde_json::Value> = serde_json::from_str(doc).unwrap();
            assert_eq!(ours.keys().collect::<Vec<_>>(), theirs.keys().map(String::as_str).collect::<Vec<_>>());
            let ours_text = Value::Object(ours).to_string();
            let reparsed: serde_json::Value = serde_json::from_str(&ours_text).unwrap();
            assert_eq!(reparsed, serde_json::Value::Object(theirs));
        }
    }

    #[test]
    fn messages_give_positions_and_the_limit() {
        assert_eq!(MAX_DEPTH, 128);
        let deep = parse_object(format!("{{\"a\":{}}}", "[".repeat(200)).as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap_err();
        assert!(deep.message().contains("more than 128 deep"), "{deep}");
        assert!(parse_object(b"{\"a\":1,}", "payload", ErrorCode::InvalidClaims).unwrap_err().message().contains("at byte 7"));
        assert!(parse_object(b"{\"a\xff\":1}", "payload", ErrorCode::InvalidClaims).unwrap_err().message().contains("offset 3"));
    }

    #[test]
    fn checking_gives_the_errors_parsing_gives() {
        let docs = ["{}", " {\"a\" : [ -0 , 1.5e-3 , \"\\ud83d\\ude00\" , {} , [] ] }\n", "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"x\":{\"k\":1,\"k\":2}}",
            "{\"k\":1,\"k\":2,}", "[1]", "\"s\"", "null", "true", "-1", "{\"a\":1e400}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\t\"}", "{\"a\":\"x", "{\"a\":[1,]}",
            "{\"é\\n\":\"\\u00e9\",\"é\\u000a\":0}", "{\"a\":tru}", "\u{feff}{}", "{\"a\":01}"];
        for doc in docs {
            for (bytes, code) in [(doc.as_bytes(), ErrorCode::InvalidClaims), (&b"{\"a\xff\":1}"[..], ErrorCode::InvalidHeader)] {
                let parsed = parse_object(bytes, "payload", code).map(drop);
                assert_eq!(check_object(bytes, "payload", code), parsed, "{doc}");
            }
        }
        for digits in [15, 16, 308, 309, 400] {
            for number in ["9".repeat(digits), format!("-{}", "9".repeat(digits)), format!("{}.5", "9".repeat(digits))] {
                let doc = format!("{{\"n\":{number}}}");
                let parsed = parse_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims);
                assert_eq!(check_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims), parsed.clone().map(drop), "{digits}");
                assert_eq!(parsed.is_ok(), digits <= 308, "{digits}");
            }
        }
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check_object(deep.as_bytes(), "payload", ErrorCode::InvalidClaims), parse_object(deep.as_bytes(), "payload", ErrorCode::InvalidClaims).map(drop));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let doc = format!("{{\"a\":{deep}");
        assert_eq!(parse_object(doc.as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap_err().code(), ErrorCode::InvalidJson);
    }
}
