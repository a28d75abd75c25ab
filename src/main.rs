//! Mounts the Gatehouse studio into the page.

fn main() {
    // The shipped build aborts on a panic without unwinding or formatting a message
    // (`-Cpanic=immediate-abort`, scripts/build-studio.sh), so a hook would never run there.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(gatehouse_studio::App);
}
