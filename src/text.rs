//! Message text built by joining pieces, without `format!`: in the wasm, `core::fmt`
//! (its formatter, padding and number code) costs more than the messages it writes.
//! Numbers in messages are written by [`crate::json::number_text`].

use crate::prelude::*;

/// `parts` joined into one `String`.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `parts` with a space between each (option lists in messages), without `slice::join`,
/// whose generic code cost 309 B gzipped in the provider's wasm.
pub(crate) fn spaced(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// A message from pieces that are `&str`, `String` or anything else with `AsRef<str>`:
/// `text!("The ", what, " is empty.")` reads like the sentence it writes.
macro_rules! text {
    ($($part:expr),+ $(,)?) => {
        $crate::text::concat(&[$(::core::convert::AsRef::<str>::as_ref(&$part)),+])
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn joins_pieces() {
        let what = String::from("header");
        assert_eq!(text!("The ", what, " is empty."), "The header is empty.");
        assert_eq!(super::concat(&["a", "bc", ""]), "abc");
        assert_eq!(super::spaced(&["now", "clockTolerance"]), "now clockTolerance");
        assert_eq!(super::spaced(&[]), "");
    }
}
