//! `uniffi-bindgen` at the exact uniffi version of `edgelite-uniffi`; `ci/test-swift` and
//! `bindings/swift/scripts/generate.sh` run it in library mode.

fn main() {
    uniffi::uniffi_bindgen_main()
}
