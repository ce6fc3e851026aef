//! Links amendo's binaries as position-dependent executables on Linux.
//!
//! A position-independent executable is relocated by the dynamic loader at
//! every start: amendo's has about 48,000 relative relocations (vtables,
//! tables of strings), which write to some 250 pages of read-only data, a
//! copy-on-write page fault each. `amendo --version` took 1.8 ms of CPU and
//! 412 page faults that way; linked with `-no-pie`, where the addresses are
//! fixed when linking, 1.2 ms and 152 faults. Every command pays this at
//! start. The cost: the executable itself is loaded at a fixed address (its
//! stack, heap and libraries are still placed at random).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
