//! Number text for [`crate::decimal`] beyond its fast paths (fractions, 16 or more
//! digits, large exponents), from the JavaScript engine: `Number(text)` reads a JSON
//! number exactly as `JSON.parse` does and `String(x)` writes it exactly as
//! `JSON.stringify` does, which is the definition tokenkit's numbers follow. Natively,
//! `decimal.rs` does both in exact big integers (and its tests check it against both).

use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Number(text)`.
    #[wasm_bindgen(js_name = Number)]
    fn number(text: &str) -> f64;
    /// `String(x)`.
    #[wasm_bindgen(js_name = String)]
    fn string(x: f64) -> String;
}

/// The double `JSON.parse` reads from a JSON number's text; `None` past the largest.
pub(crate) fn parse(text: &str) -> Option<f64> {
    let x = number(text);
    x.is_finite().then_some(x)
}

/// Appends a finite double as `JSON.stringify` writes it.
pub(crate) fn write(x: f64, out: &mut String) {
    out.push_str(&string(x));
}
