//! The numbers notes are labelled with: `12`, and lowercase Roman numerals (`iv`) as endnotes
//! and prefaces print them.

/// The number of a note label: 1-3 digits with no leading zero (`12`), or a lowercase Roman
/// numeral up to 399 (`xiv`). Anything else (`*`, `a`, `smith`, `0`, `1234`) has none.
pub fn label_number(label: &str) -> Option<u32> {
    if label.bytes().all(|b| b.is_ascii_digit()) {
        if label.is_empty() || label.len() > 3 || label.starts_with('0') {
            return None;
        }
        return label.parse().ok();
    }
    roman(label)
}

/// A lowercase Roman numeral in its canonical form (`iv`, not `iiii`), 1 to 399.
pub fn roman(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b"ivxlc".contains(&b)) {
        return None;
    }
    let n = roman_value(text)?;
    // Only the canonical spelling counts: `iiii` or `vv` are words, not numbers.
    (to_roman(n) == text).then_some(n)
}

/// The value of Roman digits (a smaller digit before a larger one subtracts).
fn roman_value(text: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        _ => 0,
    };
    let digits: Vec<i64> = text.chars().map(digit).collect();
    let mut total = 0i64;
    for (k, &v) in digits.iter().enumerate() {
        if digits.get(k + 1).is_some_and(|&next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    u32::try_from(total).ok().filter(|t| (1..400).contains(t))
}

/// The canonical lowercase Roman numeral of `n` (1 to 399).
pub fn to_roman(mut n: u32) -> String {
    const PARTS: [(u32, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, part) in PARTS {
        while n >= value {
            out.push_str(part);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_numbers() {
        assert_eq!(label_number("12"), Some(12));
        assert_eq!(label_number("012"), None);
        assert_eq!(label_number("1234"), None);
        assert_eq!(label_number("xiv"), Some(14));
        assert_eq!(label_number("iv"), Some(4));
        assert_eq!(label_number("iiii"), None);
        assert_eq!(label_number("*"), None);
        assert_eq!(label_number("smith"), None);
        assert_eq!(label_number(""), None);
        for n in 1..400 {
            assert_eq!(roman(&to_roman(n)), Some(n));
        }
    }
}
