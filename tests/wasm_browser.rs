//! The wasm layer in headless Chromium:
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test wasm_browser`.
//! Without `run_in_browser` these tests would silently run in Node instead.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm/cases.rs"]
mod cases;
