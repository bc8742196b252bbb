//! `benches/run.py` (`make bench`, by hand: it takes minutes to an hour) refuses bad arguments
//! with a located message before building or measuring anything, and `make test` never runs it.

use std::process::Command;

fn run_py(args: &[&str]) -> (Option<i32>, String) {
    let root = xtask::repo_root();
    let out = Command::new("python3").arg(root.join("benches/run.py")).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn bad_arguments_stop_before_any_build() {
    let (code, text) = run_py(&["--only", "throughput,bogus"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("unknown section 'bogus'"), "{text}");
    let (code, text) = run_py(&["--runs", "0"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("--runs must be at least 1"), "{text}");
    let (code, text) = run_py(&["--callgrind-rows", "100"]);
    assert_eq!(code, Some(2), "{text}");
    let (code, text) = run_py(&["--help"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("--cores-mb") && text.contains("(the floor)"), "{text}");
}

#[test]
fn make_test_does_not_run_the_benchmarks() {
    let makefile = std::fs::read_to_string(xtask::repo_root().join("Makefile")).unwrap();
    let test =
        makefile.lines().skip_while(|l| !l.starts_with("test:")).take(3).collect::<Vec<_>>().join("\n");
    assert!(test.starts_with("test:") && !test.contains("bench"), "{test}");
    assert!(makefile.contains("\nbench:\n\tpython3 benches/run.py"), "make bench runs the script");
}
