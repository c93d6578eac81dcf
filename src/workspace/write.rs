//! Writing a file the tools changed (`evn fmt`, `evn check --fix`): the one writer,
//! the way careful editors write. The new text goes into a temporary file in the same
//! folder as the file (a hidden `.NAME.XXXXXX.evn-tmp`, which discovery skips), is
//! flushed and synced, gets the file's permissions (and, where allowed, its owner),
//! and is then renamed over the file: at every instant the file on disk is either
//! its old text or its new text, never a mixture.
//!
//! - **Failure leaves the file alone.** A full disk, a read-only folder, a quota: the
//!   temporary file is removed and the error says what happened; the file is as it was.
//! - **Symbolic links are written through**: the link's target is replaced, the link
//!   stays a link.
//! - **A file that changed or disappeared since it was read is not written**: its text
//!   on disk is compared with the text the change was made from just before the rename,
//!   so a file deleted while `evn fmt` runs is not re-created and an edit saved
//!   meanwhile is not overwritten.
//! - **A UTF-8 byte-order mark** the file had is kept (decoding removed it).
//! - A file with several hard links becomes a file of its own (the rename gives the
//!   name a new file; the other names keep the old text): [`Written::LinkBroken`] says so.
//!
//! [`rewrite_with`] takes the function that writes the bytes, so that tests can make
//! the write fail the way a full disk does.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{decode, io_message};

/// Why a file was not written. The file on disk is unchanged in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The file is gone (deleted or moved since it was read): not re-created.
    Gone,
    /// Its text on disk is no longer the text the change was made from.
    Changed,
    /// It is not a regular file any more (a folder, a FIFO, a device).
    NotAFile,
    /// The temporary file could not be made, written, synced or renamed.
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Gone => {
                f.write_str("it was deleted or moved while evn ran; not re-created")
            }
            WriteError::Changed => {
                f.write_str("it changed on disk while evn ran; left as it is now")
            }
            WriteError::NotAFile => f.write_str("it is no longer a regular file"),
            WriteError::Io(error) => write!(f, "{}; the file is unchanged", io_message(error)),
        }
    }
}

impl std::error::Error for WriteError {}

/// What a successful write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Replaced,
    /// The file had other hard links, which keep the old text.
    LinkBroken {
        links: u64,
    },
}

/// Replaces the text of the file at `path` (through symbolic links) with `text`,
/// provided its decoded text on disk is still `original`.
pub fn rewrite(path: &Path, original: &str, text: &str) -> Result<Written, WriteError> {
    rewrite_with(path, original, text, |file, bytes| file.write_all(bytes))
}

/// [`rewrite`] with the function that writes the bytes into the temporary file.
pub fn rewrite_with(
    path: &Path,
    original: &str,
    text: &str,
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> Result<Written, WriteError> {
    let target = resolve(path)?;
    let metadata = fs::metadata(&target).map_err(gone_or_io)?;
    if !metadata.is_file() {
        return Err(WriteError::NotAFile);
    }
    let on_disk = fs::read(&target).map_err(gone_or_io)?;
    let had_bom = on_disk.starts_with(BOM);
    if decode(&on_disk).0 != original {
        return Err(WriteError::Changed);
    }
    let mut bytes = Vec::with_capacity(text.len() + BOM.len());
    if had_bom {
        bytes.extend_from_slice(BOM);
    }
    bytes.extend_from_slice(text.as_bytes());

    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".evn-tmp")
        .tempfile_in(folder)
        .map_err(WriteError::Io)?;
    // Any early return drops `temp`, which removes the temporary file.
    write(temp.as_file_mut(), &bytes).map_err(WriteError::Io)?;
    temp.as_file_mut().flush().map_err(WriteError::Io)?;
    keep_owner_and_mode(temp.as_file(), &metadata).map_err(WriteError::Io)?;
    temp.as_file().sync_all().map_err(WriteError::Io)?;

    // The last look before the rename: the file must still be there, unchanged.
    match fs::read(&target) {
        Ok(now) if now == on_disk => {}
        Ok(_) => return Err(WriteError::Changed),
        Err(error) => return Err(gone_or_io(error)),
    }
    temp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    // The rename itself is durable once the folder is synced; a folder that cannot be
    // opened or synced (some file systems) does not undo a write that happened.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(match links(&metadata) {
        n if n > 1 => Written::LinkBroken { links: n },
        _ => Written::Replaced,
    })
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file a path names, through any symbolic links (a link's target may itself be
/// relative to the link's folder).
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(path) {
        Err(error) => Err(gone_or_io(error)),
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(gone_or_io),
        Ok(_) => Ok(path.to_path_buf()),
    }
}

fn gone_or_io(error: io::Error) -> WriteError {
    if error.kind() == io::ErrorKind::NotFound {
        WriteError::Gone
    } else {
        WriteError::Io(error)
    }
}

#[cfg(unix)]
fn keep_owner_and_mode(file: &File, metadata: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // The owner first (changing it may clear set-id bits), then the mode. Only root
    // may give a file to someone else: otherwise the file becomes the writer's, as
    // with any editor that saves by renaming.
    let _ = std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()));
    file.set_permissions(metadata.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, metadata: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(metadata.permissions())
}

#[cfg(unix)]
fn links(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    /// The names in a folder, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_text_and_leaves_nothing_behind() {
        let dir = folder();
        let path = dir.path().join("a.evn");
        fs::write(&path, "old\n").unwrap();
        assert_eq!(rewrite(&path, "old\n", "new text\n").unwrap(), Written::Replaced);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text\n");
        assert_eq!(names(dir.path()), ["a.evn"]);
    }

    #[test]
    fn a_failing_write_leaves_the_file_and_no_temporary_file() {
        let dir = folder();
        let path = dir.path().join("a.evn");
        fs::write(&path, "the original\n").unwrap();
        // What a full disk does: part of the bytes written, then ENOSPC.
        let error =
            rewrite_with(&path, "the original\n", "a much longer new text\n", |file, bytes| {
                file.write_all(&bytes[..5])?;
                Err(io::Error::from_raw_os_error(28))
            })
            .unwrap_err();
        assert_eq!(error.to_string(), "no space left on device; the file is unchanged");
        assert_eq!(fs::read_to_string(&path).unwrap(), "the original\n");
        assert_eq!(names(dir.path()), ["a.evn"]);
    }

    #[test]
    fn a_file_deleted_or_changed_since_it_was_read_is_not_written() {
        let dir = folder();
        let path = dir.path().join("a.evn");
        assert!(matches!(rewrite(&path, "old\n", "new\n"), Err(WriteError::Gone)));
        assert!(!path.exists(), "a deleted file is not re-created");
        fs::write(&path, "edited meanwhile\n").unwrap();
        assert!(matches!(rewrite(&path, "old\n", "new\n"), Err(WriteError::Changed)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
        // Deleted between the write of the temporary file and the rename.
        let error = rewrite_with(&path, "edited meanwhile\n", "new\n", |file, bytes| {
            fs::remove_file(dir.path().join("a.evn"))?;
            file.write_all(bytes)
        })
        .unwrap_err();
        assert!(matches!(error, WriteError::Gone), "{error:?}");
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let dir = folder();
        let path = dir.path().join("a.evn");
        fs::write(&path, b"\xEF\xBB\xBFold\r\n").unwrap();
        rewrite(&path, "old\r\n", "new\r\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"\xEF\xBB\xBFnew\r\n");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_are_written_through() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = folder();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let target = real.join("a.evn");
        fs::write(&target, "old\n").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.evn");
        symlink("real/a.evn", &link).unwrap();
        rewrite(&link, "old\n", "new\n").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o7777, 0o640);
        assert_eq!(names(&real), ["a.evn"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_becomes_its_own() {
        let dir = folder();
        let path = dir.path().join("a.evn");
        fs::write(&path, "old\n").unwrap();
        fs::hard_link(&path, dir.path().join("b.evn")).unwrap();
        assert_eq!(rewrite(&path, "old\n", "new\n").unwrap(), Written::LinkBroken { links: 2 });
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(dir.path().join("b.evn")).unwrap(), "old\n");
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_refused() {
        let dir = folder();
        fs::create_dir(dir.path().join("a.evn")).unwrap();
        assert!(matches!(rewrite(&dir.path().join("a.evn"), "", "x"), Err(WriteError::NotAFile)));
    }
}
