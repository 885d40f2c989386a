//! What an OLE compound file (CFB) holds, from its directory: enough to tell a Word 97-2003
//! document (a `WordDocument` stream) from a password-protected DOCX or ODT-less Office file
//! (`EncryptionInfo` and `EncryptedPackage` streams, as Word stores an encrypted document).
//!
//! Only the directory is read (the header, the sector allocation table and the directory
//! sectors), with every index checked and every chain bounded; nothing is decrypted or
//! decoded.

/// What a compound file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compound {
    /// Encrypted OOXML: `EncryptionInfo` and `EncryptedPackage` streams.
    Encrypted,
    /// A Word 97-2003 binary document: a `WordDocument` stream.
    WordBinary,
    /// Another compound file (an Excel or PowerPoint 97-2003 file, an Outlook message), or
    /// one whose directory cannot be read.
    Other,
}

const FREE_OR_END: u32 = 0xFFFF_FFFA;
const HEADER: usize = 512;
const ENTRY: usize = 128;

/// What the compound file in `bytes` is.
pub fn classify(bytes: &[u8]) -> Compound {
    let names = stream_names(bytes).unwrap_or_default();
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("EncryptionInfo") && has("EncryptedPackage") {
        Compound::Encrypted
    } else if has("WordDocument") {
        Compound::WordBinary
    } else {
        Compound::Other
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The names of the entries in the file's directory.
fn stream_names(bytes: &[u8]) -> Option<Vec<String>> {
    let shift = u16_at(bytes, 0x1E)?;
    if !(7..=16).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let fat = allocation_table(bytes, size, &sector)?;
    let mut names = Vec::new();
    let mut next = u32_at(bytes, 0x30)?;
    // A chain cannot be longer than the file has sectors: a loop is cut there.
    let mut budget = bytes.len() / size + 1;
    while next < FREE_OR_END && budget > 0 {
        budget -= 1;
        let dir = sector(next)?;
        for entry in dir.chunks_exact(ENTRY) {
            let len = usize::from(u16_at(entry, 64)?).min(64);
            let units: Vec<u16> = entry[..len]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&u| u != 0)
                .collect();
            if entry[66] != 0 {
                names.push(String::from_utf16_lossy(&units));
            }
        }
        next = *fat.get(next as usize)?;
    }
    Some(names)
}

/// The sector allocation table: the sectors the header's list (and the list's own chain of
/// sectors) names, read as one array of `u32`.
fn allocation_table<'a>(
    bytes: &'a [u8],
    size: usize,
    sector: &dyn Fn(u32) -> Option<&'a [u8]>,
) -> Option<Vec<u32>> {
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|k| u32_at(bytes, 0x4C + 4 * k))
        .filter(|&s| s < FREE_OR_END)
        .collect();
    let mut next = u32_at(bytes, 0x44)?;
    let mut budget = bytes.len() / size + 1;
    while next < FREE_OR_END && budget > 0 {
        budget -= 1;
        let list = sector(next)?;
        let (ids, last) = list.split_at(size - 4);
        fat_sectors.extend(
            ids.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .filter(|&s| s < FREE_OR_END),
        );
        next = u32::from_le_bytes(last.try_into().ok()?);
    }
    let mut table = Vec::new();
    for s in fat_sectors.into_iter().take(bytes.len() / size + 1) {
        let Some(data) = sector(s) else { break };
        table.extend(
            data.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    (bytes.len() >= HEADER).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_told_apart() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/docx");
        let encrypted = std::fs::read(format!("{dir}/encrypted.docx")).unwrap();
        let doc = std::fs::read(format!("{dir}/old.doc")).unwrap();
        assert_eq!(classify(&encrypted), Compound::Encrypted);
        assert_eq!(classify(&doc), Compound::WordBinary);
    }

    #[test]
    fn damaged_directories_are_other() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(classify(&bytes), Compound::Other);
        bytes.resize(1024, 0xFF);
        assert_eq!(classify(&bytes), Compound::Other);
        bytes[0x1E] = 9;
        bytes[0x30..0x34].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(classify(&bytes), Compound::Other);
    }
}
