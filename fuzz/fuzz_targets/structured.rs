//! structured: near-valid tokens built with `arbitrary`, then decoded, inspected and
//! verified.
//!
//! Header and payload are JSON written from structured pieces: keys in any order and
//! repeated (also spelled with `\u` escapes), registered claims with right and wrong
//! types (`null` among the wrong ones), times in milliseconds, headers with `crit`,
//! deep nesting around tokenkit's limit of 128, huge and malformed numbers (whose
//! acceptance the model knows exactly, tokenkit's reader being correctly rounded),
//! strings with escapes, raw control characters and UTF-16 surrogate escapes (paired
//! and lone), whitespace that JSON allows and some it does not. Each part is base64url
//! encoded, canonically, padded, in the standard alphabet, or mutated (flipped,
//! inserted, deleted characters); the token gets a valid HMAC, a wrong one, a dev-token
//! signature or raw text, and sometimes two, four or empty segments.
//!
//! While writing, the harness keeps its own model of what tokenkit must answer: whether
//! the JSON is valid, what the header's alg and the registered claims are, whether the
//! signature matches. Whenever the model is sure (no random byte mutations), the error
//! code, or success, must be exactly the predicted one. Always: no panic, only the codes
//! each function documents, and the invariants of `tokenkit_fuzz` on every success.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tokenkit::json::MAX_DEPTH;
use tokenkit::{base64url, Algorithm, ErrorCode, InspectOptions, Revocation, MAX_TOKEN_BYTES};
use tokenkit_fuzz::{check_decoded, check_error, check_inspect_result, check_inspection, options_are_valid, DECODE_CODES, VERIFY_CODES};

// ---------------------------------------------------------------------------------------
// The structured input.

#[derive(Arbitrary, Debug)]
struct Case {
    header: Doc,
    payload: Doc,
    header_enc: Enc,
    payload_enc: Enc,
    signature: Sig,
    shape: Shape,
    secret: Vec<u8>,
    now: Moment,
    tolerance: Moment,
    user_revoked_before: Option<Moment>,
    app_revoked_before: Option<Moment>,
}

#[derive(Arbitrary, Debug)]
enum Doc {
    Object { members: Vec<(Key, Val)>, spacing: Spacing, pad: Pad, trailer: Trailer },
    /// A header with alg first and a typ, the usual shape, plus extra members.
    Usual { alg: AlgName, extra: Vec<(Key, Val)>, spacing: Spacing },
    /// A payload with the usual claims, plus extra members.
    Claims { user_id: Option<Vec<Piece>>, exp: Option<TimeVal>, iat: Option<TimeVal>, nbf: Option<TimeVal>, extra: Vec<(Key, Val)> },
    /// A top-level value that is not an object.
    Other(Val),
    /// Arbitrary bytes, perhaps not even UTF-8.
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Spacing {
    Tight,
    Space,
    Newline,
    Tab,
    CrLf,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pad {
    None,
    Space,
    Newline,
    /// Form feed: ASCII whitespace, but not JSON whitespace.
    FormFeed,
    /// A byte-order mark: not allowed in JSON text.
    Bom,
    /// U+00A0: not JSON whitespace either.
    Nbsp,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Trailer {
    None,
    Comma,
    /// A printable ASCII character after the document.
    Garbage(u8),
    SecondObject,
}

#[derive(Arbitrary, Debug)]
enum Key {
    Alg,
    Typ,
    Kid,
    UserId,
    Exp,
    Iat,
    Nbf,
    Server,
    /// `crit`: in a header, tokenkit refuses it (it implements no extension).
    Crit,
    /// A registered name with its first letter written as a `\u` escape.
    Escaped(Registered),
    Name(Vec<Piece>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Registered {
    Alg,
    UserId,
    Exp,
    Iat,
    Nbf,
}

impl Registered {
    fn name(self) -> &'static str {
        match self {
            Registered::Alg => "alg",
            Registered::UserId => "user_id",
            Registered::Exp => "exp",
            Registered::Iat => "iat",
            Registered::Nbf => "nbf",
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Val {
    Null,
    True,
    False,
    Int(i64),
    Float(f64),
    Number(NumText),
    Time(TimeVal),
    Str(Vec<Piece>),
    Alg(AlgName),
    Array(Vec<Val>),
    Object(Vec<(Key, Val)>),
    /// `levels` nested arrays or objects around `inner`.
    Deep { levels: u16, objects: bool, inner: Box<Val> },
    /// Raw text spliced into the JSON.
    Raw(String),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum AlgName {
    HS256,
    HS384,
    HS512,
    None,
    RS256,
    LowerHs256,
    Empty,
    TrailingSpace,
}

impl AlgName {
    fn text(self) -> &'static str {
        match self {
            AlgName::HS256 => "HS256",
            AlgName::HS384 => "HS384",
            AlgName::HS512 => "HS512",
            AlgName::None => "none",
            AlgName::RS256 => "RS256",
            AlgName::LowerHs256 => "hs256",
            AlgName::Empty => "",
            AlgName::TrailingSpace => "HS256 ",
        }
    }
}

/// Realistic and unrealistic timestamps, always valid JSON numbers.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum TimeVal {
    Around(i32),
    Int(u32),
    Fraction(u32, u16),
    Negative(u32),
    Power(u8),
    Max,
    /// Milliseconds where seconds belong (past the year 3000: the `milliseconds` warning).
    Millis(u32),
}

/// A number written digit by digit: may be huge, tiny, or not JSON at all.
#[derive(Arbitrary, Debug)]
struct NumText {
    negative: bool,
    int: Vec<u8>,
    int_repeat: u8,
    fraction: Option<Vec<u8>>,
    exponent: Option<(ExpSign, Vec<u8>, u8)>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum ExpSign {
    None,
    Plus,
    Minus,
    UpperNone,
    UpperMinus,
}

#[derive(Arbitrary, Debug)]
enum Piece {
    Text(String),
    Escape(Esc),
    /// `\uXXXX` escapes of these UTF-16 units (surrogates included), upper- or lowercase hex.
    Units(Vec<u16>, bool),
    /// A raw control character (must be escaped in JSON).
    Control(u8),
    BadEscape(BadEscape),
    Emoji,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Esc {
    Quote,
    Backslash,
    Slash,
    B,
    F,
    N,
    R,
    T,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum BadEscape {
    X,
    Apostrophe,
    Zero,
    UpperU,
    ShortU,
    NonHexU,
    Space,
}

#[derive(Arbitrary, Debug)]
struct Enc {
    padded: bool,
    standard: bool,
    mutations: Vec<Mutation>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Mutation {
    Replace(u16, u8),
    Insert(u16, u8),
    Delete(u16),
    Truncate(u16),
    AppendPadding,
}

#[derive(Arbitrary, Debug)]
enum Sig {
    Valid,
    ValidPadded,
    ValidStandard,
    OtherSecret,
    Truncated,
    Wrong(Vec<u8>),
    DevToken,
    Empty,
    Raw(String),
    Mutated(Vec<Mutation>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Shape {
    Normal,
    Normal2,
    Normal3,
    TwoSegments,
    FourSegments,
    EmptyHeader,
    EmptyPayload,
    /// ASCII whitespace around the token (decode trims it).
    Surrounded(u8, u8),
    /// A vertical tab before it: not trimmed, so the header is not base64.
    LeadingVerticalTab,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Moment {
    Zero,
    Around(i32),
    Small(u16),
    Raw(f64),
}

impl Moment {
    fn value(self) -> f64 {
        match self {
            Moment::Zero => 0.0,
            Moment::Around(x) => 1_700_000_000.0 + f64::from(x),
            Moment::Small(x) => f64::from(x),
            Moment::Raw(x) => x,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing JSON while modelling what tokenkit must make of it.

/// What a written value is, as far as the claims checks care.
#[derive(Debug, Clone, PartialEq)]
enum Sem {
    Null,
    Bool,
    Num,
    Str(String),
    Array,
    Object,
    /// The model cannot tell (an invalid string, raw text).
    Unknown,
}

/// What tokenkit must make of a whole document.
#[derive(Debug)]
enum DocModel {
    /// Definitely not accepted JSON: `invalid_json`.
    Invalid,
    /// Valid JSON, not an object.
    NotObject,
    /// A valid object with these (unique) members.
    Object(Vec<(String, Sem)>),
    /// A valid object whose members the model did not track.
    SomeObject,
    Unknown,
}

const DIGITS: &[u8; 10] = b"0123456789";

struct Writer {
    out: String,
    sep: &'static str,
    /// A piece is certainly not JSON (so the whole document is `invalid_json`).
    invalid: bool,
    /// Raw text was spliced in: nothing is certain about the document.
    raw: bool,
}

impl Writer {
    fn new(sep: &'static str) -> Self {
        Writer { out: String::new(), sep, invalid: false, raw: false }
    }

    /// Writes a string literal; returns its value when it is valid JSON.
    fn string(&mut self, pieces: &[Piece]) -> Option<String> {
        self.out.push('"');
        let mut value = Some(String::new());
        let mut units: Vec<u16> = Vec::new();
        for piece in pieces {
            let writes_text = !matches!(piece, Piece::Units(..) | Piece::Text(_)) || matches!(piece, Piece::Text(t) if !t.is_empty());
            if writes_text {
                flush_units(&mut units, &mut value);
            }
            match piece {
                Piece::Text(text) => {
                    for c in text.chars() {
                        match c {
                            '"' => self.out.push_str("\\\""),
                            '\\' => self.out.push_str("\\\\"),
                            c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                            c => self.out.push(c),
                        }
                    }
                    if let Some(v) = &mut value {
                        v.push_str(text);
                    }
                }
                Piece::Escape(e) => {
                    let (text, c) = match e {
                        Esc::Quote => ("\\\"", '"'),
                        Esc::Backslash => ("\\\\", '\\'),
                        Esc::Slash => ("\\/", '/'),
                        Esc::B => ("\\b", '\u{8}'),
                        Esc::F => ("\\f", '\u{c}'),
                        Esc::N => ("\\n", '\n'),
                        Esc::R => ("\\r", '\r'),
                        Esc::T => ("\\t", '\t'),
                    };
                    self.out.push_str(text);
                    if let Some(v) = &mut value {
                        v.push(c);
                    }
                }
                Piece::Units(list, upper) => {
                    for &u in list {
                        self.out.push_str(&if *upper { format!("\\u{u:04X}") } else { format!("\\u{u:04x}") });
                        units.push(u);
                    }
                }
                Piece::Control(c) => {
                    self.out.push(char::from(c % 0x20));
                    value = None;
                }
                Piece::BadEscape(b) => {
                    self.out.push_str(match b {
                        BadEscape::X => "\\x41",
                        BadEscape::Apostrophe => "\\'",
                        BadEscape::Zero => "\\0",
                        BadEscape::UpperU => "\\U0041",
                        BadEscape::ShortU => "\\u12\"",
                        BadEscape::NonHexU => "\\u12G4",
                        BadEscape::Space => "\\ ",
                    });
                    value = None;
                }
                Piece::Emoji => {
                    self.out.push('😀');
                    if let Some(v) = &mut value {
                        v.push('😀');
                    }
                }
            }
        }
        flush_units(&mut units, &mut value);
        self.out.push('"');
        if value.is_none() {
            self.invalid = true;
        }
        value
    }

    /// Writes `key:value` for an extra member and records it in `seen`; a name already
    /// there makes the document invalid (tokenkit refuses repeated keys).
    fn extra_member(&mut self, key: &Key, val: &Val, seen: &mut Vec<(String, Sem)>) {
        let name = self.key(key);
        self.out.push(':');
        let sem = self.value(val, 1);
        match name {
            Some(name) if seen.iter().any(|(k, _)| *k == name) => self.invalid = true,
            Some(name) => seen.push((name, sem)),
            None => {}
        }
    }

    fn key(&mut self, key: &Key) -> Option<String> {
        let name = match key {
            Key::Alg => "alg",
            Key::Typ => "typ",
            Key::Kid => "kid",
            Key::UserId => "user_id",
            Key::Exp => "exp",
            Key::Iat => "iat",
            Key::Nbf => "nbf",
            Key::Server => "server",
            Key::Crit => "crit",
            Key::Escaped(r) => {
                let name = r.name();
                let first = name.as_bytes()[0];
                self.out.push_str(&format!("\"\\u{:04x}{}\"", first, &name[1..]));
                return Some(name.to_string());
            }
            Key::Name(pieces) => return self.string(pieces),
        };
        self.out.push('"');
        self.out.push_str(name);
        self.out.push('"');
        Some(name.to_string())
    }

    /// Writes `{members}` at nesting `level` (the number of containers around it).
    fn object(&mut self, members: &[(Key, Val)], level: usize) -> Vec<(String, Sem)> {
        if level >= MAX_DEPTH {
            self.invalid = true;
        }
        self.out.push('{');
        self.out.push_str(self.sep);
        let mut seen: Vec<(String, Sem)> = Vec::new();
        for (i, (key, val)) in members.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
                self.out.push_str(self.sep);
            }
            let name = self.key(key);
            self.out.push_str(self.sep);
            self.out.push(':');
            self.out.push_str(self.sep);
            let sem = self.value(val, level + 1);
            match name {
                Some(name) if seen.iter().any(|(k, _)| *k == name) => self.invalid = true, // a repeated key
                Some(name) => seen.push((name, sem)),
                None => {}
            }
        }
        self.out.push_str(self.sep);
        self.out.push('}');
        seen
    }

    fn value(&mut self, v: &Val, level: usize) -> Sem {
        // Keep the harness's own recursion shallow: far past tokenkit's limit, write a leaf.
        if level > 2 * MAX_DEPTH {
            self.out.push('0');
            return Sem::Num;
        }
        match v {
            Val::Null => {
                self.out.push_str("null");
                Sem::Null
            }
            Val::True => {
                self.out.push_str("true");
                Sem::Bool
            }
            Val::False => {
                self.out.push_str("false");
                Sem::Bool
            }
            Val::Int(i) => {
                self.out.push_str(&i.to_string());
                Sem::Num
            }
            Val::Float(x) => {
                if !tokenkit::json::write_number(*x, &mut self.out) {
                    // NaN and infinities are not JSON.
                    self.out.push_str(&tokenkit::json::number_text(*x));
                    self.invalid = true;
                }
                Sem::Num
            }
            Val::Number(n) => self.number(n),
            Val::Time(t) => {
                self.time(*t);
                Sem::Num
            }
            Val::Str(pieces) => match self.string(pieces) {
                Some(s) => Sem::Str(s),
                None => Sem::Unknown,
            },
            Val::Alg(a) => {
                self.out.push('"');
                self.out.push_str(a.text());
                self.out.push('"');
                Sem::Str(a.text().to_string())
            }
            Val::Array(items) => {
                if level >= MAX_DEPTH {
                    self.invalid = true;
                }
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                        self.out.push_str(self.sep);
                    }
                    self.value(item, level + 1);
                }
                self.out.push(']');
                Sem::Array
            }
            Val::Object(members) => {
                self.object(members, level);
                Sem::Object
            }
            Val::Deep { levels, objects, inner } => {
                let n = usize::from(*levels % 300);
                if n == 0 {
                    return self.value(inner, level);
                }
                if level + n > MAX_DEPTH {
                    self.invalid = true;
                }
                let (open, close) = if *objects { ("{\"d\":", "}") } else { ("[", "]") };
                for _ in 0..n {
                    self.out.push_str(open);
                }
                self.value(inner, level + n);
                for _ in 0..n {
                    self.out.push_str(close);
                }
                if *objects { Sem::Object } else { Sem::Array }
            }
            Val::Raw(text) => {
                self.out.push_str(text);
                self.raw = true;
                Sem::Unknown
            }
        }
    }

    fn time(&mut self, t: TimeVal) {
        let text = match t {
            TimeVal::Around(x) => (1_700_000_000i64 + i64::from(x)).to_string(),
            TimeVal::Int(x) => x.to_string(),
            TimeVal::Fraction(x, f) => format!("{x}.{f}"),
            TimeVal::Negative(x) => format!("-{x}"),
            TimeVal::Power(p) => format!("1e{}", p % 200),
            TimeVal::Max => "1.7976931348623157e308".to_string(),
            TimeVal::Millis(x) => (1_700_000_000_000i64 + i64::from(x)).to_string(),
        };
        self.out.push_str(&text);
    }

    fn number(&mut self, n: &NumText) -> Sem {
        let mut text = String::new();
        if n.negative {
            text.push('-');
        }
        let repeat = 1 + usize::from(n.int_repeat % 40);
        for _ in 0..repeat {
            text.extend(n.int.iter().map(|d| char::from(DIGITS[usize::from(d % 10)])));
        }
        let int_digits = text.len() - usize::from(n.negative);
        let mut grammatical = int_digits > 0 && !(int_digits > 1 && text.as_bytes()[usize::from(n.negative)] == b'0');
        if let Some(fraction) = &n.fraction {
            text.push('.');
            text.extend(fraction.iter().map(|d| char::from(DIGITS[usize::from(d % 10)])));
            grammatical &= !fraction.is_empty();
        }
        if let Some((sign, digits, repeat)) = &n.exponent {
            text.push_str(match sign {
                ExpSign::None => "e",
                ExpSign::Plus => "e+",
                ExpSign::Minus => "e-",
                ExpSign::UpperNone => "E",
                ExpSign::UpperMinus => "E-",
            });
            for _ in 0..1 + usize::from(repeat % 8) {
                text.extend(digits.iter().map(|d| char::from(DIGITS[usize::from(d % 10)])));
            }
            grammatical &= !digits.is_empty();
        }
        self.out.push_str(&text);
        if text.is_empty() {
            // Nothing written: `[]` instead of `[1]`, say. Whether that is valid depends on
            // the context, so treat it like raw text.
            self.raw = true;
            return Sem::Unknown;
        }
        if !grammatical {
            self.invalid = true;
            return Sem::Num;
        }
        // Rust's parser is correctly rounded, and so is tokenkit's reader: a number is
        // refused exactly when its nearest double is past the largest (Infinity).
        let exact: f64 = text.parse().expect("a grammatical JSON number parses in Rust");
        if exact.is_infinite() {
            self.invalid = true;
        }
        Sem::Num
    }

    fn document(doc: &Doc) -> (Vec<u8>, DocModel) {
        let spacing_text = |s: Spacing| match s {
            Spacing::Tight => "",
            Spacing::Space => " ",
            Spacing::Newline => "\n",
            Spacing::Tab => "\t",
            Spacing::CrLf => "\r\n",
        };
        let (w, model) = match doc {
            Doc::Bytes(bytes) => return (bytes.clone(), DocModel::Unknown),
            Doc::Object { members, spacing, pad, trailer } => {
                let mut w = Writer::new(spacing_text(*spacing));
                let pad_text = match pad {
                    Pad::None => "",
                    Pad::Space => " ",
                    Pad::Newline => "\n",
                    Pad::FormFeed => "\u{c}",
                    Pad::Bom => "\u{feff}",
                    Pad::Nbsp => "\u{a0}",
                };
                if matches!(pad, Pad::FormFeed | Pad::Bom | Pad::Nbsp) {
                    w.invalid = true;
                }
                w.out.push_str(pad_text);
                let seen = w.object(members, 0);
                w.out.push_str(pad_text);
                match trailer {
                    Trailer::None => {}
                    Trailer::Comma => {
                        w.out.push(',');
                        w.invalid = true;
                    }
                    Trailer::Garbage(b) => {
                        w.out.push(char::from(0x21 + b % 0x5e));
                        w.invalid = true;
                    }
                    Trailer::SecondObject => {
                        w.out.push_str("{}");
                        w.invalid = true;
                    }
                }
                (w, DocModel::Object(seen))
            }
            Doc::Usual { alg, extra, spacing } => {
                let mut w = Writer::new(spacing_text(*spacing));
                let members = [(Key::Alg, Val::Alg(*alg)), (Key::Typ, Val::Str(vec![Piece::Text("JWT".into())]))];
                w.out.push('{');
                let mut seen: Vec<(String, Sem)> = Vec::new();
                for (i, (key, val)) in members.iter().enumerate() {
                    if i > 0 {
                        w.out.push(',');
                    }
                    let name = w.key(key).expect("fixed keys");
                    w.out.push(':');
                    let sem = w.value(val, 1);
                    seen.push((name, sem));
                }
                for (key, val) in extra {
                    w.out.push(',');
                    w.extra_member(key, val, &mut seen);
                }
                w.out.push('}');
                (w, DocModel::Object(seen))
            }
            Doc::Claims { user_id, exp, iat, nbf, extra } => {
                let mut w = Writer::new("");
                w.out.push('{');
                let mut seen: Vec<(String, Sem)> = Vec::new();
                let mut first = true;
                let mut comma = |w: &mut Writer| {
                    if !std::mem::take(&mut first) {
                        w.out.push(',');
                    }
                };
                if let Some(pieces) = user_id {
                    comma(&mut w);
                    w.out.push_str("\"user_id\":");
                    let sem = w.string(pieces).map_or(Sem::Unknown, Sem::Str);
                    seen.push(("user_id".into(), sem));
                }
                for (name, t) in [("exp", exp), ("iat", iat), ("nbf", nbf)] {
                    if let Some(t) = t {
                        comma(&mut w);
                        w.out.push_str(&format!("\"{name}\":"));
                        w.time(*t);
                        seen.push((name.into(), Sem::Num));
                    }
                }
                for (key, val) in extra {
                    comma(&mut w);
                    w.extra_member(key, val, &mut seen);
                }
                w.out.push('}');
                (w, DocModel::Object(seen))
            }
            Doc::Other(val) => {
                let mut w = Writer::new("");
                let sem = w.value(val, 0);
                let model = match sem {
                    Sem::Object => DocModel::SomeObject,
                    Sem::Unknown => DocModel::Unknown,
                    _ => DocModel::NotObject,
                };
                (w, model)
            }
        };
        let model = if w.raw {
            DocModel::Unknown
        } else if w.invalid {
            DocModel::Invalid
        } else {
            model
        };
        (w.out.into_bytes(), model)
    }
}

/// Ends a run of `\u` escapes: UTF-16 rules (a high surrogate must be followed by a low
/// one) decide whether it is valid, as RFC 8259 and tokenkit's reader say.
fn flush_units(units: &mut Vec<u16>, value: &mut Option<String>) {
    if units.is_empty() {
        return;
    }
    let decoded: Result<String, _> = char::decode_utf16(units.drain(..)).collect();
    match (decoded, value.as_mut()) {
        (Ok(s), Some(v)) => v.push_str(&s),
        (Ok(_), None) => {}
        (Err(_), _) => *value = None,
    }
}

// ---------------------------------------------------------------------------------------
// Encoding and assembling the token.

const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. !~\n";

fn spell(bytes: &[u8], padded: bool, standard: bool) -> String {
    let mut s = base64url::encode(bytes);
    if standard {
        s = s.replace('-', "+").replace('_', "/");
    }
    if padded {
        while !s.len().is_multiple_of(4) {
            s.push('=');
        }
    }
    s
}

fn mutate(s: &mut String, mutations: &[Mutation]) {
    let mut bytes = std::mem::take(s).into_bytes();
    for m in mutations {
        let len = bytes.len();
        match *m {
            Mutation::Replace(at, sym) if len > 0 => bytes[usize::from(at) % len] = SYMBOLS[usize::from(sym) % SYMBOLS.len()],
            Mutation::Insert(at, sym) => bytes.insert(usize::from(at) % (len + 1), SYMBOLS[usize::from(sym) % SYMBOLS.len()]),
            Mutation::Delete(at) if len > 0 => {
                bytes.remove(usize::from(at) % len);
            }
            Mutation::Truncate(at) => bytes.truncate(usize::from(at) % (len + 1)),
            Mutation::AppendPadding => bytes.push(b'='),
            _ => {}
        }
    }
    *s = String::from_utf8(bytes).expect("only ASCII symbols are inserted");
}

/// What the model predicts for one call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Unknown,
    Ok,
    Err(ErrorCode),
}

struct Model {
    decode: Expect,
    /// The header's alg, when decode is predicted to succeed.
    alg: Option<String>,
    /// Whether the payload's registered claims are well typed (None: unknown).
    claims_ok: Option<bool>,
    /// Whether the header has no `crit`, which inspect and verify refuse (None: unknown).
    header_ok: Option<bool>,
}

fn registered_claims_ok(members: &[(String, Sem)]) -> Option<bool> {
    let mut ok = true;
    for (name, sem) in members {
        match (name.as_str(), sem) {
            (_, Sem::Unknown) if ["user_id", "exp", "iat", "nbf"].contains(&name.as_str()) => return None,
            // null is no longer "absent": it is refused like any other wrong type.
            ("user_id", Sem::Str(_)) => {}
            ("user_id", _) => ok = false,
            ("exp" | "iat" | "nbf", Sem::Num) => {}
            ("exp" | "iat" | "nbf", _) => ok = false,
            _ => {}
        }
    }
    Some(ok)
}

fn model_decode(header: &DocModel, payload: &DocModel) -> Model {
    let unknown = Model { decode: Expect::Unknown, alg: None, claims_ok: None, header_ok: None };
    let err = |code| Model { decode: Expect::Err(code), alg: None, claims_ok: None, header_ok: None };
    let (alg, header_ok) = match header {
        DocModel::Invalid => return err(ErrorCode::InvalidJson),
        DocModel::NotObject => return err(ErrorCode::InvalidHeader),
        DocModel::Unknown | DocModel::SomeObject => return unknown,
        DocModel::Object(members) => match members.iter().find(|(k, _)| k == "alg") {
            Some((_, Sem::Str(alg))) => (alg.clone(), Some(!members.iter().any(|(k, _)| k == "crit"))),
            Some((_, Sem::Unknown)) => return unknown,
            _ => return err(ErrorCode::InvalidHeader),
        },
    };
    match payload {
        DocModel::Invalid => err(ErrorCode::InvalidJson),
        DocModel::NotObject => err(ErrorCode::InvalidClaims),
        DocModel::Unknown => unknown,
        DocModel::SomeObject => Model { decode: Expect::Ok, alg: Some(alg), claims_ok: None, header_ok },
        DocModel::Object(members) => Model { decode: Expect::Ok, alg: Some(alg), claims_ok: registered_claims_ok(members), header_ok },
    }
}

fn check<T>(what: &str, expect: Expect, result: &Result<T, tokenkit::TokenError>, case: &Case, token: &str) {
    let got = match result {
        Ok(_) => Expect::Ok,
        Err(e) => Expect::Err(e.code()),
    };
    if expect != Expect::Unknown && expect != got {
        let message = result.as_ref().err().map(|e| e.message().to_string()).unwrap_or_default();
        panic!("{what}: expected {expect:?}, got {got:?} ({message})\ntoken: {token:?}\ncase: {case:#?}");
    }
}

/// TOKENKIT_FUZZ_TRACE=1 prints the model's predictions, to see how often it is sure.
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("TOKENKIT_FUZZ_TRACE").is_some())
}

fuzz_target!(|case: Case| {
    let (header_json, header_model) = Writer::document(&case.header);
    let (payload_json, payload_model) = Writer::document(&case.payload);

    let mut h = spell(&header_json, case.header_enc.padded, case.header_enc.standard);
    let mut p = spell(&payload_json, case.payload_enc.padded, case.payload_enc.standard);
    mutate(&mut h, &case.header_enc.mutations);
    mutate(&mut p, &case.payload_enc.mutations);
    let mut mutated = !case.header_enc.mutations.is_empty() || !case.payload_enc.mutations.is_empty();

    let model = model_decode(&header_model, &payload_model);
    let signing_input = format!("{h}.{p}");
    let secret = &case.secret;
    let alg = model.alg.as_deref().and_then(Algorithm::from_name).unwrap_or(Algorithm::HS256);
    let mac = alg.sign(secret, signing_input.as_bytes());
    // Whether the signature is the HMAC of the signing input under `secret`.
    let (signature, sig_matches) = match &case.signature {
        Sig::Valid => (spell(&mac, false, false), true),
        Sig::ValidPadded => (spell(&mac, true, false), true),
        Sig::ValidStandard => (spell(&mac, false, true), true),
        Sig::OtherSecret => {
            let mut other = secret.clone();
            match other.first_mut() {
                Some(b) => *b ^= 1,
                None => other.push(b'x'),
            }
            (spell(&alg.sign(&other, signing_input.as_bytes()), false, false), false)
        }
        Sig::Truncated => (spell(&mac[..mac.len() - 1], false, false), false),
        Sig::Wrong(bytes) => (spell(bytes, false, false), bytes == &mac),
        Sig::DevToken => (tokenkit::DEV_TOKEN_SIGNATURE.to_string(), false),
        Sig::Empty => (String::new(), false),
        Sig::Raw(text) => {
            mutated |= text.contains('.');
            (text.clone(), false)
        }
        Sig::Mutated(mutations) => {
            let mut s = spell(&mac, false, false);
            mutate(&mut s, mutations);
            mutated |= !mutations.is_empty();
            (s, mutations.is_empty())
        }
    };
    let token = match case.shape {
        Shape::Normal | Shape::Normal2 | Shape::Normal3 => format!("{h}.{p}.{signature}"),
        Shape::TwoSegments => format!("{h}.{p}"),
        Shape::FourSegments => format!("{h}.{p}.{signature}.{signature}"),
        Shape::EmptyHeader => format!(".{p}.{signature}"),
        Shape::EmptyPayload => format!("{h}..{signature}"),
        Shape::Surrounded(a, b) => {
            const WS: [&str; 5] = [" ", "\t", "\n", "\r", "\u{c}"];
            format!("{}{h}.{p}.{signature}{}", WS[usize::from(a % 5)].repeat(usize::from(a % 4)), WS[usize::from(b % 5)].repeat(usize::from(b % 4)))
        }
        Shape::LeadingVerticalTab => format!("\u{b}{h}.{p}.{signature}"),
    };
    let trimmed_signature = token.trim_ascii().rsplit('.').next().unwrap_or_default().to_string();

    // The model's predictions, most certain first.
    let decode_expect = if token.len() > MAX_TOKEN_BYTES {
        Expect::Err(ErrorCode::TooLarge)
    } else if mutated {
        Expect::Unknown
    } else {
        match case.shape {
            Shape::TwoSegments | Shape::FourSegments | Shape::EmptyHeader | Shape::EmptyPayload => Expect::Err(ErrorCode::Malformed),
            // An empty document encodes to an empty segment.
            _ if p.is_empty() => Expect::Err(ErrorCode::Malformed),
            Shape::LeadingVerticalTab => Expect::Err(ErrorCode::InvalidBase64),
            _ if h.is_empty() => Expect::Err(ErrorCode::Malformed),
            _ => model.decode,
        }
    };
    let options = InspectOptions {
        now: case.now.value(),
        clock_tolerance: case.tolerance.value(),
        revocation: Revocation {
            user_revoked_before: case.user_revoked_before.map(Moment::value),
            app_revoked_before: case.app_revoked_before.map(Moment::value),
        },
    };
    let options_ok = options_are_valid(&options);
    // After decoding: the header's crit (refused), then the registered claims.
    let claims_expect = |after: Expect| match after {
        Expect::Ok => match (model.header_ok, model.claims_ok) {
            (Some(false), _) => Expect::Err(ErrorCode::InvalidHeader),
            (Some(true), Some(true)) => Expect::Ok,
            (Some(true), Some(false)) => Expect::Err(ErrorCode::InvalidClaims),
            _ => Expect::Unknown,
        },
        other => other,
    };
    let inspect_expect = if !options_ok { Expect::Err(ErrorCode::InvalidOptions) } else { claims_expect(decode_expect) };
    let verify_expect = match decode_expect {
        Expect::Ok => {
            let alg_ok = model.alg.as_deref().and_then(Algorithm::from_name).is_some();
            if trimmed_signature == tokenkit::DEV_TOKEN_SIGNATURE {
                Expect::Err(ErrorCode::SignatureInvalid)
            } else if !alg_ok {
                Expect::Err(ErrorCode::UnsupportedAlgorithm)
            } else if secret.is_empty() {
                Expect::Err(ErrorCode::InvalidSecret)
            } else if !sig_matches {
                Expect::Err(ErrorCode::SignatureInvalid)
            } else if !options_ok {
                Expect::Err(ErrorCode::InvalidOptions)
            } else {
                claims_expect(Expect::Ok)
            }
        }
        other => other,
    };

    let decoded = tokenkit::decode(&token);
    if trace() {
        let verified = tokenkit::verify(&token, secret, &options);
        let got = verified.as_ref().map(|_| ()).map_err(|e| e.code());
        eprintln!("TRACE decode={decode_expect:?} inspect={inspect_expect:?} verify={verify_expect:?} verify_got={got:?}");
    }
    check("decode", decode_expect, &decoded, &case, &token);
    match &decoded {
        Ok(d) => check_decoded(&token, d),
        Err(e) => check_error(e, DECODE_CODES, "decode"),
    }

    let inspected = tokenkit::inspect(&token, &options);
    check("inspect", inspect_expect, &inspected, &case, &token);
    check_inspect_result(&token, &options, &inspected);

    let verified = tokenkit::verify(&token, secret, &options);
    check("verify", verify_expect, &verified, &case, &token);
    match &verified {
        Ok(i) => {
            check_inspection(i, &options);
            check_decoded(&token, &i.decoded);
        }
        Err(e) => check_error(e, VERIFY_CODES, "verify"),
    }
});
