//! A file kept whole as a night goes: claimed at the start, then rewritten after each change so
//! that any way out (a quit, SIGTERM, SIGHUP, a closed terminal; all but `kill -9` and a power cut)
//! leaves the last whole version on disk and never a half-written one.
//!
//! [`Journal::claim`] takes a name for the night: a new file, or an empty one; a file with
//! something in it is never touched. [`Journal::save`] writes the whole text again with
//! [`save_atomically`]: a temporary file in the same directory, flushed to disk, renamed over the
//! old one. `blastradius play --record` keeps the player's decisions this way.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::scenario::shown;

/// Held while a file is being replaced, so the process never leaves (on a signal) half way
/// through writing one: see [`hold`].
static WRITING: Mutex<()> = Mutex::new(());

/// Wait until no file is being replaced and keep it so: for a process about to exit.
pub fn hold() -> MutexGuard<'static, ()> {
    WRITING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Replace `path` with `bytes` all at once: readers (and a process that ends at any moment) see the
/// old contents or the new, never a part. The new file keeps the old one's permissions.
pub fn save_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let _held = hold();
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = OsString::from(".");
    temp.push(name);
    temp.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(temp);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        if let Ok(old) = fs::metadata(path) {
            file.set_permissions(old.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
        return written;
    }
    // The rename itself reaches the disk with the directory.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A file claimed for a night's journal.
#[derive(Debug)]
pub struct Journal {
    /// Where the text goes (a symbolic link's target, so the link stays a link).
    path: PathBuf,
    /// The name as the player gave it, for messages.
    given: PathBuf,
    /// A device such as `/dev/null` is written in place; a file is replaced whole.
    device: bool,
    /// Whether the file is ours (created by the claim), to take back if the night never starts.
    created: bool,
}

impl Journal {
    /// Claim `path` and write `first` to it: a new file, or an existing empty one, or a character
    /// device. Refused, with the reason in words, when the file has something in it, is a
    /// directory, a pipe or a disk, or cannot be written (the system's own reason: no permission,
    /// no space left).
    pub fn claim(path: &Path, first: &[u8]) -> Result<Journal, String> {
        let given = path.to_path_buf();
        match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // A link to nothing: what it points at is not there, and the link is not ours
                // to follow or replace.
                if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(
                        "it is a link to a file that is not there; remove the link or give another name"
                            .into(),
                    );
                }
                let mut file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .map_err(|e| reason(&e))?;
                let written = file.write_all(first).and_then(|()| file.sync_all());
                if let Err(e) = written {
                    drop(file);
                    let _ = fs::remove_file(path);
                    return Err(reason(&e));
                }
                Ok(Journal {
                    path: given.clone(),
                    given,
                    device: false,
                    created: true,
                })
            }
            Err(e) => Err(reason(&e)),
            Ok(meta) if meta.is_dir() => Err("it is a directory; give a file name".into()),
            Ok(meta) if meta.is_file() => {
                if meta.len() > 0 {
                    return Err(
                        "it exists already and is not empty; choose a new name (nothing was overwritten)"
                            .into(),
                    );
                }
                let target = fs::canonicalize(path).map_err(|e| reason(&e))?;
                save_atomically(&target, first).map_err(|e| reason(&e))?;
                Ok(Journal {
                    path: target,
                    given,
                    device: false,
                    created: false,
                })
            }
            Ok(meta) => {
                if !is_char_device(&meta) {
                    return Err(
                        "it is not a regular file (a pipe, a socket or a disk); give a file name"
                            .into(),
                    );
                }
                let j = Journal {
                    path: given.clone(),
                    given,
                    device: true,
                    created: false,
                };
                j.save(first).map_err(|e| reason(&e))?;
                Ok(j)
            }
        }
    }

    /// A file this program wrote before (a kept night being resumed), to go on writing whole.
    pub fn reopen(path: PathBuf) -> Journal {
        let target = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        Journal {
            path: target,
            given: path,
            device: false,
            created: false,
        }
    }

    /// Write the whole text again.
    pub fn save(&self, bytes: &[u8]) -> io::Result<()> {
        if self.device {
            let mut f = OpenOptions::new().write(true).open(&self.path)?;
            f.write_all(bytes)?;
            return f.flush();
        }
        save_atomically(&self.path, bytes)
    }

    /// The name the file was given, as messages show it.
    pub fn shown(&self) -> String {
        shown::path(&self.given)
    }

    /// Give the file back untouched by the night: remove it if the claim created it, empty it
    /// again if it was an empty file before.
    pub fn give_back(self) {
        if self.created {
            let _ = fs::remove_file(&self.path);
        } else if !self.device {
            let _ = save_atomically(&self.path, b"");
        }
    }
}

/// An error as the system words it, without the "(os error N)" a reader cannot use.
fn reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(unix)]
fn is_char_device(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("blastradius-journal-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nothing_is_refused_and_left_alone() {
        let dir = scratch("dangling");
        let path = dir.join("night.ron");
        std::os::unix::fs::symlink(dir.join("not-there"), &path).unwrap();
        let why = Journal::claim(&path, b"[]\n").unwrap_err();
        assert!(why.contains("a link to a file that is not there"), "{why}");
        assert!(
            fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!dir.join("not-there").exists());
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_claimed_file_is_written_whole_each_time_and_no_temporary_file_stays() {
        let dir = scratch("whole");
        let path = dir.join("night.ron");
        let j = Journal::claim(&path, b"[]\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"[]\n");
        j.save(b"[(at: \"00:05\", action: \"x\")]\n").unwrap();
        j.save(b"[1]\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"[1]\n");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["night.ron"], "no temporary file left behind");
        j.give_back();
        assert!(!path.exists(), "a file the claim created is taken back");
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_file_with_something_in_it_is_never_claimed_an_empty_one_is() {
        let dir = scratch("existing");
        let full = dir.join("full.ron");
        fs::write(&full, "mine").unwrap();
        let e = Journal::claim(&full, b"[]").unwrap_err();
        assert!(
            e.contains("not empty") && e.contains("nothing was overwritten"),
            "{e}"
        );
        assert_eq!(fs::read_to_string(&full).unwrap(), "mine");

        let empty = dir.join("empty.ron");
        fs::write(&empty, "").unwrap();
        let j = Journal::claim(&empty, b"[]").unwrap();
        assert_eq!(fs::read(&empty).unwrap(), b"[]");
        j.give_back();
        assert_eq!(
            fs::read(&empty).unwrap(),
            b"",
            "an empty file is given back empty"
        );

        let e = Journal::claim(&dir, b"[]").unwrap_err();
        assert!(e.contains("directory"), "{e}");
        let e = Journal::claim(&dir.join("no/such/dir/x.ron"), b"[]").unwrap_err();
        assert!(e.contains("No such file"), "{e}");
        fs::remove_dir_all(&dir).ok();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_refused_with_the_real_reason() {
        let e = Journal::claim(Path::new("/dev/full"), b"[]").unwrap_err();
        assert!(e.contains("No space left on device"), "{e}");
        assert!(Journal::claim(Path::new("/dev/null"), b"[]").is_ok());
    }
}
