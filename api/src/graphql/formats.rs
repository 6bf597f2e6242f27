//! The formats of contact details a write accepts: e-mail addresses and phone numbers as people
//! in China write them, checked the same way wherever they are stored (contacts, employees,
//! branches), on create and on update.
//!
//! Deliberately small rather than complete: an address `local@domain.tld` (Unicode letters
//! allowed, as in 用户@例子.中国; no quoted local parts, no IP literals), and a phone number
//! that is a Chinese mobile (`1[3-9]` and 9 more digits), a landline with its area code
//! (`010`/`02x` and 8 digits, other area codes and 7 or 8 digits) and an optional extension, a
//! 400/800 service number, or an international number `+CC…` (7 to 15 digits). `+86` (or
//! `0086`) numbers follow the Chinese rules. Spaces, hyphens and one pair of parentheses may
//! group the digits; values are kept as written, trimmed.

use sea_orm::DatabaseConnection;

use super::crud::Kind;
use crate::auth::Principal;
use crate::error::ApiError;

/// The longest e-mail address the columns hold.
const EMAIL_MAX: usize = 100;
/// The longest phone number the columns hold.
const PHONE_MAX: usize = 30;

/// A trimmed e-mail address, else BAD_USER_INPUT naming `field`.
pub fn email(field: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    let refuse = |why: &str| {
        Err(ApiError::bad_input(
            field,
            format!("is not an e-mail address such as li.ming@example.cn: {why}"),
        ))
    };
    if value.chars().count() > EMAIL_MAX {
        return Err(ApiError::bad_input(field, format!("must be at most {EMAIL_MAX} characters")));
    }
    if value.chars().any(char::is_whitespace) {
        return refuse("it contains a space");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return refuse("it has no @");
    };
    if domain.contains('@') {
        return refuse("it has more than one @");
    }
    let local_char = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c);
    if local.is_empty()
        || local.chars().count() > 64
        || !local.chars().all(local_char)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return refuse("the part before the @ is not a mailbox name");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
        return refuse("the part after the @ is not a domain name");
    }
    let top = labels[labels.len() - 1];
    let top_ok = top.starts_with("xn--")
        || (top.chars().count() >= 2 && top.chars().all(char::is_alphabetic));
    if !top_ok {
        return refuse("the domain does not end in a top-level domain such as .cn or .com");
    }
    Ok(value.to_owned())
}

/// A trimmed phone number, else BAD_USER_INPUT naming `field`.
pub fn phone(field: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if value.chars().count() > PHONE_MAX {
        return Err(ApiError::bad_input(field, format!("must be at most {PHONE_MAX} characters")));
    }
    if is_phone(value) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::bad_input(
            field,
            "is not a phone number: a mobile such as 138 0013 8000, a landline with its area code such as 021-6888 1234 转 802, or +852 2123 4567",
        ))
    }
}

/// Whether `value` (trimmed) is a phone number of one of the accepted forms.
fn is_phone(value: &str) -> bool {
    let (main, extension) = split_extension(value);
    let has_extension = extension.is_some();
    if extension
        .is_some_and(|e| e.is_empty() || e.len() > 6 || !e.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let (international, rest) = match (main.strip_prefix('+'), main.strip_prefix("00")) {
        (Some(rest), _) | (None, Some(rest)) => (true, rest),
        (None, None) => (false, main),
    };
    let Some(groups) = digit_groups(rest) else { return false };
    let digits: String = groups.concat();
    // The length of a last group that may be an extension (021-6888 1234-802).
    let last = match groups.as_slice() {
        [_, .., last] if !has_extension && (1..=6).contains(&last.len()) => Some(last.len()),
        _ => None,
    };
    if !international {
        return national(&digits, last, has_extension);
    }
    match digits.strip_prefix("86") {
        // The trunk 0 is tolerated after +86 (+86 (0)21 …).
        Some(number) => {
            let number = number.strip_prefix('0').unwrap_or(number);
            if is_mobile(number) {
                return !has_extension;
            }
            national(&format!("0{number}"), last, has_extension)
        }
        None => !digits.starts_with('0') && (7..=15).contains(&digits.len()),
    }
}

/// A number as dialled within China: a mobile (without extension), a 400/800 service number or
/// a landline with its area code, whose extension may also be its last `last` digits.
fn national(digits: &str, last: Option<usize>, has_extension: bool) -> bool {
    if is_mobile(digits) {
        return !has_extension;
    }
    let fixed = |d: &str| is_landline(d) || is_service(d);
    let without_last = last.and_then(|n| digits.len().checked_sub(n)).and_then(|k| digits.get(..k));
    fixed(digits) || without_last.is_some_and(fixed)
}

/// The number and the extension after 转, ext, x or #, if any.
fn split_extension(value: &str) -> (&str, Option<&str>) {
    let lower = value.to_ascii_lowercase();
    for marker in ["转", "ext.", "ext", "x", "#"] {
        if let Some(at) = lower.find(marker) {
            let rest = value[at + marker.len()..].trim();
            return (value[..at].trim_end(), Some(rest));
        }
    }
    (value, None)
}

/// The digit groups of `value`, separated by spaces, hyphens and at most one pair of
/// parentheses; none when anything else appears or a separator is misplaced.
fn digit_groups(value: &str) -> Option<Vec<&str>> {
    let (mut opened, mut closed) = (0, 0);
    for (i, c) in value.char_indices() {
        match c {
            '0'..='9' | ' ' | '-' => {}
            '(' if opened == 0 => opened = i + 1,
            ')' if opened > 0 && closed == 0 && i > opened => closed = i,
            _ => return None,
        }
    }
    if opened > 0 && closed == 0 {
        return None;
    }
    if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
        return None;
    }
    let groups: Vec<&str> = value.split([' ', '-', '(', ')']).filter(|g| !g.is_empty()).collect();
    (!groups.is_empty()).then_some(groups)
}

/// A Chinese mobile number: 11 digits, 1 then 3 to 9.
fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A landline with its area code: 010 and 02x take 8 more digits, other area codes 7 or 8;
/// the local number does not start with 0 or 1.
fn is_landline(digits: &str) -> bool {
    if !digits.starts_with('0') || digits.starts_with("00") {
        return false;
    }
    let (area, locals): (usize, &[usize]) = if digits.starts_with("010") || digits.starts_with("02")
    {
        (3, &[8])
    } else {
        (4, &[7, 8])
    };
    let Some(local) = digits.get(area..) else { return false };
    locals.contains(&local.len()) && !local.starts_with(['0', '1'])
}

/// A 400 or 800 service number (10 digits).
fn is_service(digits: &str) -> bool {
    digits.len() == 10 && (digits.starts_with("400") || digits.starts_with("800"))
}

/// An e-mail address (see [`email`]).
pub struct Email;

impl Kind for Email {
    type In = String;
    type Out = String;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: String,
    ) -> Result<String, ApiError> {
        email(field, &value)
    }

    fn is_blank(value: &String) -> bool {
        value.trim().is_empty()
    }
}

/// A phone number (see [`phone`]).
pub struct Phone;

impl Kind for Phone {
    type In = String;
    type Out = String;

    async fn convert(
        _: &DatabaseConnection,
        _: &Principal,
        field: &str,
        value: String,
    ) -> Result<String, ApiError> {
        phone(field, &value)
    }

    fn is_blank(value: &String) -> bool {
        value.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_people_use_are_accepted() {
        for ok in [
            "li.ming@example.cn",
            "  wang_fang+crm@sub.example.com.cn ",
            "13800138000@163.com",
            "zhang-san@qq.com",
            "用户@例子.中国",
            "a@example.xn--fiqs8s",
        ] {
            assert!(email("email", ok).is_ok(), "{ok}");
        }
        assert_eq!(email("email", " li@example.cn ").ok().as_deref(), Some("li@example.cn"));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "li.ming",
            "li ming@example.cn",
            "li@@example.cn",
            "li@example",
            "li@example.",
            "li@.example.cn",
            "li@example..cn",
            "li@-example.cn",
            ".li@example.cn",
            "li.@example.cn",
            "li..ming@example.cn",
            "@example.cn",
            "li@example.c",
            "li@example.123",
            "li@[10.0.0.1]",
            "li,ming@example.cn",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.cn", "a".repeat(90));
        assert!(email("email", &long).is_err());
    }

    #[test]
    fn chinese_and_international_numbers_are_accepted() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "0086 139 1234 5678",
            "021-68881234",
            "021-6888 1234",
            "(021) 6888 1234",
            "010 8888 6666",
            "0755-2601 2345",
            "0571-8888888",
            "021-6888 1234 转 802",
            "021-68881234-802",
            "021-68881234 ext. 12",
            "021-68881234#802",
            "+86 21 6888 1234",
            "+86 (0)21 6888 1234",
            "+86 755 2601 2345",
            "400-820-1000",
            "400 820 1000 转 2",
            "800-820-8820",
            "+852 2123 4567",
            "+1 (415) 555-2671",
            "+44 20 7946 0958",
        ] {
            assert!(phone("phone", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in [
            "",
            "abc",
            "12345",
            "1380013800",
            "138001380001",
            "12800138000",
            "138 0013 8000 转 1",
            "68881234",
            "021-6888123",
            "021-06881234",
            "0755-123456",
            "02-12345678",
            "+86 128 0013 8000",
            "+86 21 688",
            "+0 123 4567",
            "+123",
            "021--68881234",
            "-021 68881234",
            "(021 68881234",
            "021) 68881234",
            "021-68881234 转 1234567",
            "021-68881234 转",
            "138.0013.8000",
            "１３８００１３８０００",
            "+86 138 0013 8000 +1",
            "+8 60",
            "+86 0",
        ] {
            assert!(phone("phone", bad).is_err(), "{bad}");
        }
        assert!(phone("phone", &"1".repeat(31)).is_err());
    }
}
