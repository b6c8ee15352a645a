//! Browser UI for reviewing faces and people in a Gumnut photo library.

mod api;
mod app;
mod components;
mod edits;
mod pages;
mod paging;
mod panic_screen;
mod session;

fn main() {
    panic_screen::install();
    // Fails only when a logger is already set, and that one keeps working.
    let _ = console_log::init_with_level(log::Level::Info);
    leptos::mount::mount_to_body(app::App);
}
