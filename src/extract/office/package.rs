//! The ZIP container of a DOCX or ODT, read within limits.
//!
//! A document is a ZIP archive of XML parts; citelint inflates only the parts it reads, and
//! never more than [`Limits`] allow: a part whose inflated size (declared or actual) passes
//! [`Limits::part_bytes`], parts that together pass [`Limits::total_bytes`], or an archive that
//! lists more than [`Limits::entries`] entries is refused, saying which limit was hit. The
//! entry count is read from the archive's end record before its directory is parsed, so a
//! directory of millions of entries is never loaded. Headers that understate a part's size
//! do not help: reading stops one byte past the limit.
//!
//! This module refuses to repair: a damaged archive, an encrypted entry, or a compression
//! method other than deflate or stored is an error.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// How much of an archive is read before it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest inflated size of one part. A long thesis's `word/document.xml` is a few tens
    /// of megabytes; 256 MiB leaves room for heavy formatting and stops a bomb.
    pub part_bytes: u64,
    /// The largest inflated size of all the parts read together.
    pub total_bytes: u64,
    /// The most entries an archive may list (images and other parts included).
    pub entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            part_bytes: 256 << 20,
            total_bytes: 512 << 20,
            entries: 10_000,
        }
    }
}

/// Why an archive, or a part of it, was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// The bytes are not a ZIP archive, or its directory is damaged.
    NotZip(String),
    /// The archive lists more entries than [`Limits::entries`].
    TooManyEntries { count: u64, limit: u64 },
    /// A part inflates past [`Limits::part_bytes`]; `size` is what its header declares, or
    /// the limit plus one when the header understated it.
    PartTooLarge { part: String, size: u64, limit: u64 },
    /// The parts read inflate past [`Limits::total_bytes`] together.
    TotalTooLarge { part: String, limit: u64 },
    /// A part that cannot be inflated: encrypted, an unsupported compression method, a bad
    /// checksum.
    Unreadable { part: String, detail: String },
}

/// An open archive and what has been inflated from it so far.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    inflated: u64,
}

impl<'a> Package<'a> {
    /// Open the archive in `bytes`, refusing it if it lists too many entries.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Package<'a>, PackageError> {
        if let Some(count) = declared_entries(bytes)
            && count > limits.entries
        {
            return Err(PackageError::TooManyEntries {
                count,
                limit: limits.entries,
            });
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            ZipError::Io(e) => PackageError::NotZip(e.to_string()),
            other => PackageError::NotZip(other.to_string()),
        })?;
        let count = zip.len() as u64;
        if count > limits.entries {
            return Err(PackageError::TooManyEntries {
                count,
                limit: limits.entries,
            });
        }
        Ok(Package {
            zip,
            limits,
            inflated: 0,
        })
    }

    /// Does the archive hold a part of this name?
    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The inflated part `name` as text (invalid UTF-8 replaced), or `None` when there is no
    /// such part.
    pub fn read(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let unreadable = |detail: String| PackageError::Unreadable {
            part: name.to_string(),
            detail,
        };
        let part_limit = self.limits.part_bytes;
        let left = self.limits.total_bytes.saturating_sub(self.inflated);
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|e| unreadable(e.to_string()))?;
        let declared = file.size();
        if declared > part_limit {
            return Err(PackageError::PartTooLarge {
                part: name.to_string(),
                size: declared,
                limit: part_limit,
            });
        }
        let cap = part_limit.min(left);
        let mut bytes = Vec::with_capacity(declared.min(cap) as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(e.to_string()))?;
        let read = bytes.len() as u64;
        if read > part_limit {
            return Err(PackageError::PartTooLarge {
                part: name.to_string(),
                size: read,
                limit: part_limit,
            });
        }
        if read > left {
            return Err(PackageError::TotalTooLarge {
                part: name.to_string(),
                limit: self.limits.total_bytes,
            });
        }
        self.inflated += read;
        Ok(Some(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }))
    }
}

/// The entry count an archive's end-of-central-directory record declares (`u16::MAX` for a
/// ZIP64 archive, whose true count is larger still), if the record is found.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const SIGNATURE: &[u8] = b"PK\x05\x06";
    const RECORD: usize = 22;
    // The record is at the end, after a comment of at most 65,535 bytes.
    let from = bytes.len().saturating_sub(RECORD + usize::from(u16::MAX));
    let at = from + memchr::memmem::rfind(&bytes[from..], SIGNATURE)?;
    let field = bytes.get(at + 10..at + 12)?;
    Some(u64::from(u16::from_le_bytes([field[0], field[1]])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn parts_are_read_within_the_limits() {
        let bytes = zip_of(&[("a.xml", b"<a/>"), ("b.xml", &[b' '; 5000])]);
        let mut p = Package::open(&bytes, Limits::default()).unwrap();
        assert!(p.contains("a.xml") && !p.contains("c.xml"));
        assert_eq!(p.read("a.xml").unwrap().as_deref(), Some("<a/>"));
        assert_eq!(p.read("c.xml").unwrap(), None);
        let small = Limits {
            part_bytes: 1000,
            ..Limits::default()
        };
        let mut p = Package::open(&bytes, small).unwrap();
        assert_eq!(
            p.read("b.xml"),
            Err(PackageError::PartTooLarge {
                part: "b.xml".into(),
                size: 5000,
                limit: 1000
            })
        );
        let total = Limits {
            total_bytes: 4500,
            ..Limits::default()
        };
        let mut p = Package::open(&bytes, total).unwrap();
        p.read("a.xml").unwrap();
        assert!(matches!(
            p.read("b.xml"),
            Err(PackageError::TotalTooLarge { .. })
        ));
        let few = Limits {
            entries: 1,
            ..Limits::default()
        };
        assert!(matches!(
            Package::open(&bytes, few),
            Err(PackageError::TooManyEntries { count: 2, limit: 1 })
        ));
        assert!(matches!(
            Package::open(b"plain text", Limits::default()),
            Err(PackageError::NotZip(_))
        ));
    }

    #[test]
    fn an_understated_size_does_not_get_past_the_limit() {
        let mut bytes = zip_of(&[("big.xml", &[b' '; 5000])]);
        // Make both headers claim 10 bytes: the local header's size at 22, the central
        // directory's at 24 after its signature.
        let central = memchr::memmem::rfind(&bytes, b"PK\x01\x02").unwrap();
        bytes[22..26].copy_from_slice(&10u32.to_le_bytes());
        bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        let small = Limits {
            part_bytes: 1000,
            ..Limits::default()
        };
        let mut p = Package::open(&bytes, small).unwrap();
        match p.read("big.xml") {
            Err(PackageError::PartTooLarge { size, limit, .. }) => {
                assert_eq!((size, limit), (1001, 1000))
            }
            // The reader may also stop at the declared size and find the checksum wrong.
            Err(PackageError::Unreadable { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
