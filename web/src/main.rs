//! The Raft Playground page.
//!
//! This first page runs a five-node cluster in the simulator and shows the election as it
//! happens. It only renders and forwards intent: the protocol lives in `raft`, time and the
//! network in `sim`.

mod app;
mod panic;
mod seed;
mod view;

fn main() {
    panic::install_hook();
    yew::Renderer::<app::App>::new().render();
}
