//! The configuration loader on arbitrary bytes written as `citelint.toml`: no panic, and an
//! error message for what it refuses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static DIR: tempfile::TempDir = tempfile::tempdir().expect("a temporary directory");
    }
    let path = DIR.with(|d| d.path().join("citelint.toml"));
    std::fs::write(&path, data).expect("write the configuration");
    if let Err(e) = citelint::config::load(&path) {
        assert!(!e.to_string().is_empty());
    }
});
