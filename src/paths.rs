//! Paths the user writes, in the configuration file or on the command line: a leading `~/` is
//! the home directory, and a relative path in a configuration file is relative to that file.
//!
//! A shell expands `~` before citelint sees an argument, but not inside quotes, not after `=`
//! (`--cache=~/x`) and never in a TOML string: taken literally, `~/.cache/x` made a directory
//! named `~` in the thesis repository, which a later `rm -rf ~` turns into a disaster. So every
//! path citelint interprets goes through [`expand`]. Only `~` and `~/…` are expanded; `~user/…`
//! is refused with an error rather than guessed at.

use std::path::{Path, PathBuf};

/// `path` with a leading `~` or `~/` replaced by the home directory; other paths unchanged.
pub fn expand(path: &Path) -> Result<PathBuf, String> {
    let Some(text) = path.to_str() else {
        return Ok(path.to_path_buf());
    };
    let rest = match text.strip_prefix('~') {
        None => return Ok(path.to_path_buf()),
        Some("") => "",
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            &rest[1..]
        }
        Some(_) => {
            return Err(format!(
                "`{text}`: only `~/` (your own home directory) is expanded; write the full path"
            ));
        }
    };
    let home = dirs::home_dir()
        .filter(|h| !h.as_os_str().is_empty())
        .ok_or_else(|| format!("`{text}`: cannot expand `~`, the home directory is unknown"))?;
    Ok(if rest.is_empty() {
        home
    } else {
        home.join(rest)
    })
}

/// A path from a configuration file: [`expand`]ed, then, when relative, taken relative to the
/// directory of the file.
pub fn from_config(path: &Path, config_file: &Path) -> Result<PathBuf, String> {
    let path = expand(path)?;
    if path.is_absolute() {
        return Ok(path);
    }
    let dir = config_file.parent().unwrap_or(Path::new(""));
    Ok(dir.join(path))
}

/// A path from the command line, [`expand`]ed (relative paths stay relative to the current
/// directory). For clap's `value_parser`.
pub fn from_arg(value: &str) -> Result<PathBuf, String> {
    expand(Path::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_tilde_is_expanded() {
        let home = dirs::home_dir().unwrap();
        assert_eq!(expand(Path::new("~")).unwrap(), home);
        assert_eq!(expand(Path::new("~/a/b")).unwrap(), home.join("a/b"));
        assert_eq!(expand(Path::new("a/~/b")).unwrap(), Path::new("a/~/b"));
        assert_eq!(expand(Path::new("/x/y")).unwrap(), Path::new("/x/y"));
        let err = expand(Path::new("~alice/x")).unwrap_err();
        assert!(err.contains("only `~/`"), "{err}");
    }

    #[test]
    fn config_paths_are_relative_to_the_file() {
        let file = Path::new("/thesis/citelint.toml");
        assert_eq!(
            from_config(Path::new("cache/links.json"), file).unwrap(),
            Path::new("/thesis/cache/links.json")
        );
        assert_eq!(
            from_config(Path::new("/var/c.json"), file).unwrap(),
            Path::new("/var/c.json")
        );
        let home = dirs::home_dir().unwrap();
        assert_eq!(
            from_config(Path::new("~/c.json"), file).unwrap(),
            home.join("c.json")
        );
    }
}
