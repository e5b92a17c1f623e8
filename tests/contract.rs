//! Contract tests from the spec itself (`harness = false`, so it always reports its counts):
//! every response example decodes into its generated type and re-encodes without losing a
//! field; every request-body example encodes to exactly the form or JSON it shows. Examples
//! that contradict their own schema are listed as spec errors, with the reason.

use twilio_flex::__contract::OPERATIONS;

fn main() {
    let report = twilio_spec::contract::check(include_str!("../spec/flex_v1.yaml"), OPERATIONS)
        .expect("the vendored spec parses");
    for (at, why) in &report.spec_errors {
        println!("spec error: {at}: {why}");
    }
    for f in &report.failures {
        eprintln!("FAILED {f}");
    }
    println!("{report}");
    assert_eq!(
        OPERATIONS.len(),
        73,
        "every operation of the spec is generated"
    );
    assert!(
        report.responses >= 60 && report.bodies >= 15,
        "too few examples found: the test would be hollow"
    );
    if !report.ok() {
        std::process::exit(1);
    }
}
