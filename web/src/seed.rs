//! Fresh seeds for new runs: the only randomness the page draws itself.

/// A seed from the browser's random source, or a fixed one where there is none.
pub fn fresh() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom_fill(&mut bytes) {
        // Small seeds are easier to read out and type back in.
        Ok(()) => u64::from_le_bytes(bytes) % 1_000_000,
        Err(()) => 1,
    }
}

#[cfg(target_arch = "wasm32")]
fn getrandom_fill(bytes: &mut [u8]) -> Result<(), ()> {
    getrandom::fill(bytes).map_err(|_| ())
}

#[cfg(not(target_arch = "wasm32"))]
fn getrandom_fill(_bytes: &mut [u8]) -> Result<(), ()> {
    Err(())
}
