fn main() {
    let mut pass = 0;
    let mut fail = 0;
    for arg in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&arg).unwrap();
        let t = std::time::Instant::now();
        match twilio_codegen::generate(&text) {
            Ok(g) => {
                pass += 1;
                let out = format!(
                    "/tmp/gen/{}.rs",
                    std::path::Path::new(&arg)
                        .file_stem()
                        .unwrap()
                        .to_string_lossy()
                );
                std::fs::write(&out, &g.code).unwrap();
                println!(
                    "ok    {arg} {} ops {} lines {:?}",
                    g.operations.len(),
                    g.code.lines().count(),
                    t.elapsed()
                );
            }
            Err(e) => {
                fail += 1;
                let s = e.to_string();
                println!("FAIL  {arg}: {}", &s[..s.len().min(300)]);
            }
        }
    }
    println!("{pass} passed, {fail} failed");
}
