//! Directory walking: depth first, entries sorted by name so every run reads in the same order,
//! hidden entries skipped, symlinked directories not followed (no loops), special files ignored.

use std::ffi::OsString;
use std::fs::{self, FileType, Metadata};
use std::io;
use std::path::{Path, PathBuf};

/// What the walk hands out.
pub(crate) enum Entry {
    /// A regular file (or a symlink to one) and its metadata.
    File(PathBuf, Metadata),
    /// A directory or file that could not be read.
    Error(PathBuf, io::Error),
}

/// Visit every file under `dir`. The root itself is walked even when hidden (`.` or `.data`):
/// the user named it.
pub(crate) fn walk(dir: &Path, visit: &mut dyn FnMut(Entry)) {
    let entries = match list(dir) {
        Ok(e) => e,
        Err(e) => return visit(Entry::Error(dir.to_path_buf(), e)),
    };
    for (name, file_type) in entries {
        if name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = dir.join(&name);
        let file_type = match file_type {
            Ok(t) => t,
            Err(e) => {
                visit(Entry::Error(path, e));
                continue;
            }
        };
        if file_type.is_dir() {
            walk(&path, visit);
        } else if file_type.is_file() || file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(meta) if meta.is_file() => visit(Entry::File(path, meta)),
                // Symlinked directories, FIFOs, sockets and devices.
                Ok(_) => {}
                Err(e) => visit(Entry::Error(path, e)),
            }
        }
    }
}

/// A directory entry's name and type.
type Listed = (OsString, io::Result<FileType>);

/// A directory's entries, sorted, with the directory handle closed again before recursing so deep
/// trees do not hold one open descriptor per level.
fn list(dir: &Path) -> io::Result<Vec<Listed>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.file_name(), entry.file_type()));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_depth_first_without_hidden() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for p in ["b.txt", "a/z.txt", "a/.hidden.txt", ".git/config", "a/sub/m.txt", "c.html"] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let mut seen = Vec::new();
        walk(root, &mut |e| match e {
            Entry::File(p, _) => {
                seen.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            }
            Entry::Error(p, e) => panic!("{}: {e}", p.display()),
        });
        assert_eq!(seen, ["a/sub/m.txt", "a/z.txt", "b.txt", "c.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_directories_are_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir(root.join("d")).unwrap();
        fs::write(root.join("d/f.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("d/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("d/f.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("missing"), root.join("dangling.txt")).unwrap();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        walk(root, &mut |e| match e {
            Entry::File(p, _) => files.push(p.file_name().unwrap().to_string_lossy().into_owned()),
            Entry::Error(p, _) => errors.push(p.file_name().unwrap().to_string_lossy().into_owned()),
        });
        assert_eq!(files, ["f.txt", "link.txt"]);
        assert_eq!(errors, ["dangling.txt"]);
    }
}
