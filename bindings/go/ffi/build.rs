//! Generates the C header with cbindgen and compares it with the committed
//! `bindings/go/include/edgelite.h`.
//!
//! - default: a drifted header is a build warning;
//! - `EDGELITE_FFI_HEADER=write`: the committed header is rewritten;
//! - `EDGELITE_FFI_HEADER=check` (CI): a drifted header fails the build.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=EDGELITE_FFI_HEADER");
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let committed = crate_dir.join("../include/edgelite.h");
    println!("cargo:rerun-if-changed={}", committed.display());
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read src/lib.rs");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("edgelite.h");
    std::fs::write(&out, &generated).expect("OUT_DIR is writable");
    let current = std::fs::read(&committed).unwrap_or_default();
    if current == generated {
        return;
    }
    match std::env::var("EDGELITE_FFI_HEADER").as_deref() {
        Ok("write") => std::fs::write(&committed, &generated).expect("include/ is writable"),
        Ok("check") => panic!(
            "bindings/go/include/edgelite.h is out of date; regenerate it with \
             `EDGELITE_FFI_HEADER=write cargo build -p edgelite-ffi` (generated: {})",
            out.display()
        ),
        _ => println!(
            "cargo:warning=bindings/go/include/edgelite.h is out of date (run with EDGELITE_FFI_HEADER=write to update it)"
        ),
    }
}
