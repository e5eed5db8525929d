//! The Raft Playground in the browser: the page (`src/main.rs`) and the embeddable element
//! (`src/bin/raft-element.rs`) are two front doors onto this one app.
//!
//! The app only renders and forwards intent: the protocol lives in `raft`, time, the network
//! and history in `sim`, and what a visitor can do in [`model`] and [`state`].

pub mod app;
pub mod cluster;
pub mod errors;
pub mod i18n;
pub mod logview;
pub mod model;
pub mod narrate;
pub mod num;
pub mod panic;
pub mod params;
pub mod seed;
pub mod state;
pub mod tools;
pub mod ui;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
