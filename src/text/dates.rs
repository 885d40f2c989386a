//! Dates: today's date, and calendar dates as notes write them (`12 March 2019`,
//! `March 12, 2019`, `2019-03-12`, `1969`).

/// Today's date in UTC, from the system clock.
pub fn today() -> (u32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u32;
    (year, month, day)
}

/// The four-digit years (1000-2999) in a text.
pub fn four_digit_years(text: &str) -> impl Iterator<Item = u32> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).filter_map(move |i| {
        let window = &bytes[i..i + 4];
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let boundary_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        (window.iter().all(u8::is_ascii_digit)
            && boundary_before
            && boundary_after
            && matches!(window[0], b'1' | b'2'))
        .then(|| text[i..i + 4].parse().ok())
        .flatten()
    })
}

/// A calendar date read from a note (`12 March 2019`, `March 12, 2019`, `2019-03-12`,
/// `March 2019`, `2019`): (year, month, day), month and day 1 when not given.
pub fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let year = four_digit_years(text).next()?;
    let month = words.iter().find_map(|w| month_number(w)).or_else(|| {
        // ISO: 2019-03-12.
        let parts: Vec<&str> = text.trim().split('-').collect();
        (parts.len() == 3).then(|| parts[1].parse().ok()).flatten()
    });
    let day = words
        .iter()
        .filter_map(|w| w.parse::<u32>().ok())
        .find(|&d| {
            (1..=31).contains(&d) && d != year && Some(d) != month.filter(|_| text.contains('-'))
        });
    let day = if text.trim().split('-').count() == 3 {
        text.trim().split('-').nth(2).and_then(|d| d.parse().ok())
    } else {
        day
    };
    Some((year, month.unwrap_or(1), day.unwrap_or(1)))
}

fn month_number(word: &str) -> Option<u32> {
    const NAMES: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix: String = word.chars().take(3).collect();
    if word.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|n| *n == prefix)
        .map(|k| k as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_785), (2026, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
