//! The conformance harness: every case × mode × binding is one test.
//!
//! `cargo test -p edgelite-conformance` runs the Rust runner; set
//! `EDGELITE_CONFORMANCE_BINDINGS=rust,python,...` to add other bindings' runners (`ci/test`
//! does). Filter as usual: `cargo test -p edgelite-conformance -- rust/embedded/020-values`.

use std::collections::BTreeMap;
use std::sync::Arc;

use edgelite_conformance::cases;
use edgelite_conformance::harness::{
    self, Binding, Embedded, Environment, Mode, Remote, Replica, RunnerPool, Unavailable,
};
use libtest_mimic::{Arguments, Failed, Trial};

fn binding(name: &str) -> Result<Binding, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (command, cwd) = match name {
        "rust" => (vec![env!("CARGO_BIN_EXE_edgelite-conformance-runner").to_owned()], None),
        // The Node package's runner; `ci/test-node` builds the package first.
        "node" => {
            let runner = root.join("bindings/node/conformance/runner.js");
            (vec![std::env::var("NODE").unwrap_or_else(|_| "node".into()), runner.display().to_string()], None)
        }
        // The interpreter with the package installed (ci/test-python sets it to its virtualenv).
        "python" => (
            vec![
                std::env::var("EDGELITE_PYTHON").unwrap_or_else(|_| "python3".into()),
                "tests/conformance_runner.py".into(),
            ],
            Some(root.join("bindings/python")),
        ),
        // The Go runner (bindings/go/conformance/runner), built by `ci/test-go` next to the Rust
        // runner; `EDGELITE_GO_RUNNER` points elsewhere.
        "go" => {
            let runner = std::env::var("EDGELITE_GO_RUNNER").unwrap_or_else(|_| {
                let rust_runner = std::path::Path::new(env!("CARGO_BIN_EXE_edgelite-conformance-runner"));
                rust_runner.with_file_name("edgelite-go-conformance-runner").display().to_string()
            });
            (vec![runner], None)
        }
        // The JDBC driver's runner, run from source against the packaged jar (`ci/test-jvm`
        // builds it with `mvn package`), so the jar's own native-library loading is exercised.
        "jvm" => {
            let dir = root.join("bindings/jvm");
            let jar = dir.join(format!("target/edgelite-jdbc-{}.jar", env!("CARGO_PKG_VERSION")));
            if !jar.exists() {
                return Err(format!("{} is missing: build it with ci/test-jvm (mvn package)", jar.display()));
            }
            let java = std::env::var("JAVA").unwrap_or_else(|_| "java".into());
            let runner = dir.join("conformance/Runner.java");
            (vec![java, "-cp".into(), jar.display().to_string(), runner.display().to_string()], None)
        }
        // The Swift package's runner. It is built by the Swift toolchain in a Debian trixie
        // chroot and runs there, so the command is a launcher script that enters the chroot;
        // `ci/test-swift` builds both first.
        "swift" => {
            (vec!["bash".to_owned(), root.join("bindings/swift/conformance/runner.sh").display().to_string()], None)
        }
        other => return Err(format!("unknown binding {other:?}")),
    };
    Ok(Binding { name: name.to_owned(), command, cwd })
}

fn environments(runtime: &tokio::runtime::Runtime) -> Vec<Arc<dyn Environment>> {
    let mut envs: Vec<Arc<dyn Environment>> = vec![Arc::new(Embedded)];
    for transport in ["http", "ws"] {
        match Remote::start(runtime, transport) {
            Ok(remote) => envs.push(Arc::new(remote)),
            Err(reason) => envs.push(Arc::new(Unavailable { mode: Mode::Remote, reason })),
        }
    }
    match Replica::start(runtime) {
        Ok(replica) => envs.push(Arc::new(replica)),
        Err(reason) => envs.push(Arc::new(Unavailable { mode: Mode::Replica, reason })),
    }
    envs
}

fn main() {
    let args = Arguments::from_args();
    let cases = cases::load(&cases::cases_dir()).unwrap_or_else(|e| panic!("cannot load cases: {e}"));
    let names = std::env::var("EDGELITE_CONFORMANCE_BINDINGS").unwrap_or_else(|_| "rust".into());
    // The servers for remote and replica modes run on this runtime for the whole run.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let envs = environments(&runtime);
    let mut trials = Vec::new();
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let pool = binding(name).and_then(RunnerPool::start).unwrap_or_else(|e| panic!("binding {name}: {e}"));
        for env in &envs {
            for case in &cases {
                let trial_name = format!("{name}/{}/{}", env.name(), case.id);
                match harness::skip_reason(case, pool.hello(), env.as_ref()) {
                    Some(reason) => {
                        *ignored.entry(format!("{name}/{}: {reason}", env.name())).or_default() += 1;
                        trials.push(Trial::test(trial_name, || Ok(())).with_ignored_flag(true));
                    }
                    None => {
                        let (pool, env, case) = (pool.clone(), env.clone(), case.clone());
                        trials.push(Trial::test(trial_name, move || {
                            harness::run_case(&pool, env.as_ref(), &case).map_err(Failed::from)
                        }));
                    }
                }
            }
        }
    }
    if !args.list {
        for (reason, count) in &ignored {
            eprintln!("conformance: {count} ignored — {reason}");
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    drop(runtime);
    conclusion.exit();
}
