//! Configuration, rule selection, suppression, output formats, inputs and the CI recipes.

mod common;

use common::{Run, citelint, citelint_env, findings};

/// Run in a workspace under an absolute temporary path, whose length differs from machine to
/// machine: a wide terminal keeps messages that quote the path on one line.
fn citelint_in(dir: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    citelint_env(dir, args, &[("COLUMNS", "1000")], stdin)
}

/// A fresh directory under the target's temporary directory, with `files` written into it.
fn workspace(name: &str, files: &[(&str, &str)]) -> String {
    let dir = format!("{}/config-{name}", env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let full = format!("{dir}/{path}");
        std::fs::create_dir_all(std::path::Path::new(&full).parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn json_of(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

fn codes(run: &Run) -> Vec<String> {
    findings(&json_of(run)).into_iter().map(|f| f.0).collect()
}

#[test]
fn config_is_found_by_walking_up_and_sets_levels() {
    let dir = workspace(
        "walk",
        &[
            (
                "citelint.toml",
                "[rules]\nN002 = \"allow\"\nsplit-url = \"error\"\n",
            ),
            ("chapters/one/N002.txt", &fixture("fixtures/rules/N002.txt")),
            ("chapters/one/U001.txt", &fixture("fixtures/rules/U001.txt")),
        ],
    );
    let sub = format!("{dir}/chapters/one");
    let run = citelint_in(
        &sub,
        &[
            "check",
            "--offline",
            "--format",
            "json",
            "N002.txt",
            "U001.txt",
        ],
        None,
    );
    let report = json_of(&run);
    // N002 is allowed (off); U001 is raised to an error, so the run fails.
    assert_eq!(codes(&run), ["U001", "U001"]);
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert_eq!(run.code, 1);
    // --isolated ignores the file.
    let run = citelint_in(
        &sub,
        &[
            "check",
            "--offline",
            "--isolated",
            "--format",
            "json",
            "N002.txt",
        ],
        None,
    );
    assert_eq!(codes(&run), ["N002"]);
    // --config names another one.
    let other = workspace(
        "other",
        &[("elsewhere.toml", "[rules]\nignore = [\"N\"]\n")],
    );
    let run = citelint_in(
        &sub,
        &[
            "check",
            "--offline",
            "--config",
            &format!("{other}/elsewhere.toml"),
            "--format",
            "json",
            "N002.txt",
            "U001.txt",
        ],
        None,
    );
    assert_eq!(codes(&run), ["U001", "U001"]);
    assert_eq!(json_of(&run)["diagnostics"][0]["severity"], "warning");
}

#[test]
fn a_typo_in_a_key_points_into_the_toml() {
    let dir = workspace(
        "typo",
        &[(
            "citelint.toml",
            "style = \"chicago-17\"\n[links]\ntimout = 5\n",
        )],
    );
    let run = citelint_in(&dir, &["check", "--offline", "x.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `timout`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("citelint.toml:3:1"), "{}", run.stderr);
    assert!(run.stderr.contains("timout = 5"), "{}", run.stderr);
    // A wrong type points at the value.
    let dir = workspace(
        "type",
        &[("citelint.toml", "[links]\ntimeout = \"soon\"\n")],
    );
    let run = citelint_in(&dir, &["check", "--offline", "x.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("citelint.toml:2:11"), "{}", run.stderr);
    // A rule that does not exist.
    let dir = workspace("rule", &[("citelint.toml", "[rules]\nN999 = \"allow\"\n")]);
    let run = citelint_in(&dir, &["check", "--offline", "x.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`N999` is not a rule"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("citelint.toml:2:1"), "{}", run.stderr);
    // A bad level, a bad style, a bad pattern.
    for (text, says) in [
        ("[rules]\nN001 = \"loud\"\n", "must be \"allow\""),
        ("style = \"apa\"\n", "unknown style `apa`"),
        (
            "[[ignore]]\nrule = \"L005\"\npattern = \"(\"\n",
            "invalid pattern",
        ),
        (
            "[links]\nexclude = [\"[\"]\n",
            "invalid URL exclusion pattern",
        ),
    ] {
        let dir = workspace("bad", &[("citelint.toml", text)]);
        let run = citelint_in(&dir, &["check", "--offline", "x.txt"], None);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains(says), "{text}: {}", run.stderr);
    }
}

#[test]
fn command_line_overrides_the_file() {
    let dir = workspace(
        "override",
        &[
            (
                "citelint.toml",
                "style = \"mhra-4\"\n[rules]\nselect = [\"N\"]\n",
            ),
            ("U001.txt", &fixture("fixtures/rules/U001.txt")),
            ("C003.txt", &fixture("fixtures/rules/C003.txt")),
        ],
    );
    let run = citelint_in(
        &dir,
        &["check", "--offline", "--format", "json", "U001.txt"],
        None,
    );
    assert!(codes(&run).is_empty());
    let run = citelint_in(
        &dir,
        &[
            "check",
            "--offline",
            "--select",
            "U",
            "--format",
            "json",
            "U001.txt",
        ],
        None,
    );
    assert_eq!(codes(&run), ["U001", "U001"]);
    // MHRA never wants the place; Chicago 17 does.
    let run = citelint_in(
        &dir,
        &[
            "check",
            "--offline",
            "--select",
            "C003",
            "--format",
            "short",
            "C003.txt",
        ],
        None,
    );
    assert!(run.stdout.contains("has no publisher"), "{}", run.stdout);
    let run = citelint_in(
        &dir,
        &[
            "check",
            "--offline",
            "--select",
            "C003",
            "--style",
            "chicago-17",
            "--format",
            "short",
            "C003.txt",
        ],
        None,
    );
    assert!(
        run.stdout.contains("has no place or publisher"),
        "{}",
        run.stdout
    );
    // --ignore on the command line, by name.
    let run = citelint_in(
        &dir,
        &[
            "check",
            "--offline",
            "--select",
            "U",
            "--ignore",
            "split-url",
            "--format",
            "json",
            "U001.txt",
        ],
        None,
    );
    assert!(codes(&run).is_empty());
    let run = citelint_in(
        &dir,
        &["check", "--offline", "--select", "Z9", "U001.txt"],
        None,
    );
    assert_eq!(run.code, 2);
}

#[test]
fn deny_warnings() {
    let run = citelint(&[
        "check",
        "--offline",
        "--format",
        "short",
        "fixtures/rules/N002.txt",
    ]);
    assert_eq!(run.code, 0);
    let run = citelint(&[
        "check",
        "--offline",
        "--deny",
        "warnings",
        "--format",
        "short",
        "fixtures/rules/N002.txt",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "summary: 0 errors, 1 warning in 1 file (warnings fail the run: `--deny warnings`)\n"
        ),
        "{}",
        run.stdout
    );
    let dir = workspace(
        "deny",
        &[
            ("citelint.toml", "deny-warnings = true\n"),
            ("N002.txt", &fixture("fixtures/rules/N002.txt")),
        ],
    );
    let run = citelint_in(&dir, &["check", "--offline", "N002.txt"], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "(warnings fail the run: `deny-warnings = true` in the configuration file)\n"
        ),
        "{}",
        run.stdout
    );
    let report = json_of(&citelint_in(
        &dir,
        &["check", "--offline", "--format", "json", "N002.txt"],
        None,
    ));
    assert_eq!(report["summary"]["deny_warnings"], true);
}

/// A server on 127.0.0.1 that answers every request `200 OK`; its address.
fn answer_ok() -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    addr
}

#[test]
fn a_tilde_in_a_configured_path_is_the_home_directory() {
    let addr = answer_ok();
    let home = workspace("tilde-home", &[("keep", "")]);
    let dir = workspace(
        "tilde",
        &[
            (
                "citelint.toml",
                "[links]\ncache = \"~/.cache/citelint/links.json\"\nallow-private = true\n",
            ),
            ("thesis.txt", &format!("See http://{addr}/page for it.\n")),
        ],
    );
    let run = citelint_env(&dir, &["check", "thesis.txt"], &[("HOME", &home)], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        std::path::Path::new(&format!("{home}/.cache/citelint/links.json")).is_file(),
        "{}",
        run.stderr
    );
    assert!(
        !std::path::Path::new(&format!("{dir}/~")).exists(),
        "no directory named `~`"
    );
    // On the command line too, where no shell expands `--cache=~/…`.
    let run = citelint_env(
        &dir,
        &[
            "check",
            "--isolated",
            "--allow-private",
            "--cache=~/other.json",
            "thesis.txt",
        ],
        &[("HOME", &home)],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::path::Path::new(&format!("{home}/other.json")).is_file());
    assert!(!std::path::Path::new(&format!("{dir}/~")).exists());
    // `~user` is refused, pointing at the value.
    std::fs::write(
        format!("{dir}/citelint.toml"),
        "[links]\ncache = \"~alice/c.json\"\n",
    )
    .unwrap();
    let run = citelint_env(
        &dir,
        &["check", "--offline", "thesis.txt"],
        &[("HOME", &home)],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("only `~/` (your own home directory) is expanded"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("citelint.toml:2:9"), "{}", run.stderr);
}

#[test]
fn a_relative_path_in_the_configuration_is_relative_to_its_file() {
    let addr = answer_ok();
    let dir = workspace(
        "relative",
        &[
            (
                "citelint.toml",
                "[links]\ncache = \"cache/links.json\"\nallow-private = true\n",
            ),
            (
                "chapters/one.txt",
                &format!("See http://{addr}/page for it.\n"),
            ),
        ],
    );
    let run = citelint_in(&format!("{dir}/chapters"), &["check", "one.txt"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(std::path::Path::new(&format!("{dir}/cache/links.json")).is_file());
    assert!(!std::path::Path::new(&format!("{dir}/chapters/cache")).exists());
}

#[test]
fn ignore_entries_silence_by_pattern_and_path() {
    let dir = workspace(
        "ignore",
        &[
            (
                "citelint.toml",
                "[[ignore]]\nrule = \"U001\"\npattern = 'wilsoncenter'\npath = \"a.txt\"\n\n[[ignore]]\nrule = \"malformed-url\"\npattern = 'nothing-matches-this'\n",
            ),
            ("a.txt", &fixture("fixtures/rules/U001.txt")),
            ("b.txt", &fixture("fixtures/rules/U001.txt")),
        ],
    );
    let run = citelint_in(
        &dir,
        &[
            "check",
            "--offline",
            "--format",
            "short",
            "-q",
            "a.txt",
            "b.txt",
        ],
        None,
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    // In a.txt only the worldbank URL is left; b.txt is untouched.
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("a.txt:4:28"), "{}", run.stdout);
    assert!(lines[1].starts_with("b.txt:3:2") && lines[2].starts_with("b.txt:4:28"));
    // The entry that silenced nothing is reported.
    assert!(
        run.stderr.contains("[[ignore]] entry 2 (rule U002"),
        "{}",
        run.stderr
    );
}

#[test]
fn inline_directives_in_comment_forms() {
    let text = "citelint fixture\n<!-- citelint: allow U001 -->\nSee (http://www.digitalarchive. wilsoncenter.org) today.\n% citelint-disable-next-line split-url\nSee (http://www.digitalarchive. wilsoncenter.org) today.\nSee (http://www.digitalarchive. wilsoncenter.org) today.\n";
    let run = common::citelint_stdin(
        &["check", "--offline", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(findings(&json_of(&run)), [("U001".to_string(), 6, 6)]);
}

#[test]
fn output_formats() {
    let seed = "fixtures/korean-war-thesis.txt";
    for format in ["sarif", "github", "gitlab", "junit"] {
        let run = citelint(&["check", "--offline", "--format", format, seed]);
        assert_eq!(run.code, 1, "{format}");
        insta::assert_snapshot!(format!("seed.{format}"), run.stdout);
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&fixture("tests/schema/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for path in [
        "fixtures/korean-war-thesis.txt",
        "fixtures/rules/U001.txt",
        "fixtures/rules/N003.txt",
        "fixtures/prose-numbers.txt",
    ] {
        let run = citelint(&["check", "--offline", "--format", "sarif", path]);
        let doc = json_of(&run);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    // A document that breaks the schema is caught: the test can fail.
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn github_annotations_are_escaped() {
    let run = citelint(&[
        "check",
        "--offline",
        "--format",
        "github",
        "fixtures/rules/U001.txt",
    ]);
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "::warning file=fixtures/rules/U001.txt,line=3,col=2,endLine=3,endColumn=45,title=U001 split-url::URL is split by whitespace%0Ahelp: join the URL: `http://www.digitalarchive.wilsoncenter.org`"
    );
}

/// The files `check --offline --format short -q ARGS` reports findings in, run in `dir`.
fn reported_files(dir: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--offline", "--format", "short", "-q"];
    all.extend_from_slice(args);
    let run = citelint_in(dir, &all, None);
    run.stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn directories_are_walked_respecting_gitignore() {
    let n002 = fixture("fixtures/rules/N002.txt");
    let n002_md = fixture("fixtures/markdown/N002.md");
    let dir = workspace(
        "walk-dir",
        &[
            (".gitignore", "ignored.txt\n"),
            ("a.txt", &n002),
            ("sub/b.txt", &n002),
            ("ignored.txt", &n002),
            (".hidden.txt", &n002),
            ("notes.md", &n002_md),
            ("data.csv", &n002),
        ],
    );
    // Every format citelint knows is walked (Markdown too); other files are not.
    assert_eq!(
        reported_files(&dir, &["."]),
        ["./a.txt", "./notes.md", "./sub/b.txt"]
    );
    // [files] exclude.
    let config = format!("{dir}/citelint.toml");
    std::fs::write(&config, "[files]\nexclude = [\"sub/**\"]\n").unwrap();
    assert_eq!(reported_files(&dir, &["."]), ["./a.txt", "./notes.md"]);
    // [files] include and extensions.
    std::fs::write(
        &config,
        "[files]\ninclude = [\"sub/**\"]\nextensions = [\"txt\", \"md\"]\n",
    )
    .unwrap();
    std::fs::write(format!("{dir}/sub/c.md"), &n002_md).unwrap();
    assert_eq!(reported_files(&dir, &["."]), ["./sub/b.txt", "./sub/c.md"]);
    // --files-from: listed files are read whatever the globs say.
    std::fs::write(
        format!("{dir}/list"),
        "sub/b.txt\n# a comment\nignored.txt\n",
    )
    .unwrap();
    assert_eq!(
        reported_files(&dir, &["--files-from", "list"]),
        ["sub/b.txt", "ignored.txt"]
    );
}

#[test]
fn init_writes_a_working_default_file() {
    let dir = workspace("init", &[("N002.txt", &fixture("fixtures/rules/N002.txt"))]);
    let run = citelint_in(&dir, &["init"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(format!("{dir}/citelint.toml")).unwrap();
    assert!(written.contains("[[ignore]]"));
    assert_eq!(
        citelint_in(&dir, &["check", "--offline", "N002.txt"], None).code,
        0
    );
    let again = citelint_in(&dir, &["init"], None);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(citelint_in(&dir, &["init", "--force"], None).code, 0);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = citelint(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("citelint"), "{shell}");
    }
    let man = citelint(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains("EXIT STATUS"));
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH citelint"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
}

#[test]
fn ci_recipes_are_valid_yaml() {
    let github: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&fixture("ci/github-actions.yml")).unwrap();
    let steps = github["jobs"]["citelint"]["steps"].as_sequence().unwrap();
    assert!(steps.iter().any(|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("--format github"))
    }));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.contains("upload-sarif"))
    }));
    // citelint is not on crates.io: the recipes build it from a pinned git revision, and the
    // GitHub one caches the binary.
    let install = |steps: &str| {
        steps.contains("cargo install --locked --git \"$CITELINT_GIT\" --rev \"$CITELINT_REV\"")
    };
    assert!(steps.iter().any(|s| s["run"].as_str().is_some_and(install)));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/cache"))
            && s["with"]["key"]
                .as_str()
                .is_some_and(|k| k.contains("CITELINT_REV"))
    }));
    for recipe in ["ci/github-actions.yml", "ci/gitlab-ci.yml"] {
        assert!(
            !fixture(recipe).contains("cargo install citelint"),
            "{recipe}"
        );
    }
    let gitlab: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&fixture("ci/gitlab-ci.yml")).unwrap();
    let script = gitlab["citelint"]["script"].as_sequence().unwrap();
    assert!(script.iter().any(|s| s.as_str().is_some_and(install)));
    assert_eq!(
        gitlab["citelint"]["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
    let hooks: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&fixture(".pre-commit-hooks.yaml")).unwrap();
    let hooks = hooks.as_sequence().unwrap();
    assert_eq!(hooks[0]["id"].as_str(), Some("citelint"));
    assert!(hooks.iter().all(|h| {
        h["entry"]
            .as_str()
            .is_some_and(|e| e.starts_with("citelint check"))
    }));
}
