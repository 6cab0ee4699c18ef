//! Invisible characters in claims: Unicode's format characters (general category Cf),
//! which draw nothing or reorder the text around them. In a claim they make one value
//! look like another: `"admin\u{200B}"` reads as `admin`, and a right-to-left override
//! shows the text after it backwards. [`crate::inspect`] warns about them
//! (`invisible_characters`).

use crate::prelude::*;
use crate::json::{Object, Value};

/// True for a format character (Unicode category Cf: every one in Unicode 17).
/// A `match` on ranges, which the compiler turns into a few comparisons: this runs for
/// every character of every claim.
///
/// ```
/// assert!(tokenkit::invisible::is_format('\u{202E}'));
/// assert!(!tokenkit::invisible::is_format('a'));
/// ```
pub fn is_format(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// The format characters of `text` (as code points), each once, in order of appearance.
/// A zero width joiner or non-joiner between two other non-ASCII characters is left out:
/// that is how emoji sequences (👩‍💻) and Persian and Indic scripts use them.
///
/// ```
/// assert_eq!(tokenkit::invisible::find("jo\u{200B}hn\u{200B}"), [0x200B]);
/// assert!(tokenkit::invisible::find("👩\u{200D}💻").is_empty());
/// ```
pub fn find(text: &str) -> Vec<u32> {
    let mut found = Vec::new();
    add(text, &mut found);
    found
}

/// [`find`], adding to `found`.
fn add(text: &str, found: &mut Vec<u32>) {
    // A joiner is judged at the character after it, by the one before it. Each character
    // is classified once (this runs for every character of every claim).
    let (mut before_joins, mut joiner) = (false, 0);
    for c in text.chars() {
        let code = u32::from(c);
        let format = is_format(c);
        let joins = !c.is_ascii() && !format;
        if !joins {
            remember(joiner, found);
        }
        joiner = 0;
        if matches!(code, 0x200C | 0x200D) && before_joins {
            joiner = code;
        } else if format {
            remember(code, found);
        }
        before_joins = joins;
    }
    remember(joiner, found);
}

/// Adds `code` to `found` unless it is 0 or already there.
fn remember(code: u32, found: &mut Vec<u32>) {
    if code != 0 && !found.contains(&code) {
        found.push(code);
    }
}

/// Adds the format characters of every string and object key in `value` to `found`.
fn collect(value: &Value, found: &mut Vec<u32>) {
    match value {
        Value::String(s) => add(s, found),
        Value::Array(items) => items.iter().for_each(|v| collect(v, found)),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            add(k, found);
            collect(v, found);
        }),
        _ => {}
    }
}

/// What the `invisible_characters` warning says about `payload`, or `None` when no
/// claim name or string (at any depth) holds a format character. A claim whose name
/// holds one is called "a claim name", so that the name cannot reorder the message.
///
/// ```
/// let p = tokenkit::json::parse_object("{\"user_id\":\"nhoj\u{202E}\"}".as_bytes(), "payload", tokenkit::ErrorCode::InvalidClaims).unwrap();
/// assert!(tokenkit::invisible::warning(&p).unwrap().starts_with("user_id holds U+202E (bidirectional control)"));
/// ```
pub fn warning(payload: &Object) -> Option<String> {
    let mut out = String::new();
    for (name, value) in payload.iter() {
        let mut found = find(name);
        // A name that holds such characters is not repeated: they could reorder this message.
        let shown = if found.is_empty() { name.as_str() } else { "a claim name" };
        collect(value, &mut found);
        if found.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(shown);
        out.push_str(" holds");
        for (i, &code) in found.iter().enumerate() {
            out.push_str(if i == 0 { " U+" } else { ", U+" });
            crate::decimal::push_digits(&mut out, u64::from(code), 4, 16);
            let bidi = matches!(code, 0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x61C);
            out.push_str(if bidi { " (bidirectional control)" } else { " (invisible)" });
        }
    }
    if out.is_empty() {
        return None;
    }
    out.push_str(". These hide or reorder text, so a value can pass for another: check where the token came from before trusting it.");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::parse_object;

    fn payload(json: &str) -> Object {
        parse_object(json.as_bytes(), "payload", ErrorCode::InvalidClaims).unwrap()
    }

    #[test]
    fn finds_format_characters_at_any_depth() {
        let p = payload("{\"user_id\":\"admin\u{200B}\",\"name\":\"ok\",\"x\u{2066}\":1,\"deep\":{\"a\":[[\"\u{FEFF}\u{E0041}\u{202E}\"]],\"b\u{AD}\":true}}");
        assert_eq!(
            warning(&p).unwrap(),
            "user_id holds U+200B (invisible); a claim name holds U+2066 (bidirectional control); deep holds U+FEFF (invisible), U+E0041 (invisible), U+202E (bidirectional control), U+00AD (invisible). These hide or reorder text, so a value can pass for another: check where the token came from before trusting it."
        );
        assert_eq!(warning(&payload(r#"{"user_id":"john","n":[1,null,{"a":"é😀"}]}"#)), None);
    }

    #[test]
    fn joiners_inside_scripts_and_emoji_are_fine() {
        for text in ["👩\u{200D}💻", "🏳\u{FE0F}\u{200D}🌈", "می\u{200C}خواهم", "क्\u{200D}ष"] {
            assert!(find(text).is_empty(), "{text:?}");
        }
        for (text, found) in [("john\u{200D}", 0x200D), ("\u{200D}john", 0x200D), ("a\u{200C}b", 0x200C), ("😀\u{200D}a", 0x200D), ("é\u{200D}\u{200D}é", 0x200D), ("😀\u{200D}", 0x200D)] {
            assert_eq!(find(text), [found], "{text:?}");
        }
    }

    #[test]
    fn format_characters() {
        for c in ['a', ' ', '\u{A0}', '\u{FE0F}', '\u{200A}', '\u{2065}', '\u{E0000}', '\u{E0080}', '😀'] {
            assert!(!is_format(c), "{c:?}");
        }
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{61C}'] {
            assert!(is_format(c), "{c:?}");
        }
        // Every range's ends, and the code points just outside them.
        let ranges = [(0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E),
            (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
            (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F)];
        let count = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_format(c)).count();
        assert_eq!(count, ranges.iter().map(|(a, b)| (b - a + 1) as usize).sum::<usize>());
        for (from, to) in ranges {
            assert!(is_format(char::from_u32(from).unwrap()) && is_format(char::from_u32(to).unwrap()));
            assert!(!char::from_u32(from - 1).is_some_and(is_format) && !char::from_u32(to + 1).is_some_and(is_format), "{from:x}");
        }
    }
}
