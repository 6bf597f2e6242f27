//! Line breaking: Chinese (and Japanese, Korean) text may break between any two characters,
//! Latin text at spaces; a word longer than the line is cut; closing punctuation never starts
//! a line.

use super::canvas::{Canvas, Style};

/// Breaks `text` into lines at most `width` wide. Explicit newlines are kept.
pub(crate) fn wrap(canvas: &Canvas<'_>, text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let shown = canvas.fonts.shown(paragraph, style.bold);
        let mut line = String::new();
        for token in tokens(&shown) {
            let candidate = format!("{line}{token}");
            if canvas.width(&candidate, style) <= width
                || line.trim().is_empty() && fits_alone(canvas, token, style, width)
            {
                line = candidate;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_owned());
                line = String::new();
            }
            let token = token.trim_start();
            if canvas.width(token, style) <= width {
                line.push_str(token);
                continue;
            }
            // A word longer than the line: cut it character by character.
            for ch in token.chars() {
                let candidate = format!("{line}{ch}");
                if canvas.width(&candidate, style) > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(ch);
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

fn fits_alone(canvas: &Canvas<'_>, token: &str, style: Style, width: f32) -> bool {
    canvas.width(token.trim_start(), style) <= width
}

/// The unbreakable pieces of a text: a CJK character with the closing punctuation after it,
/// a Latin word with the spaces before it.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let breaks_after = match next {
            None => true,
            Some(n) if closing(n) => false,
            Some(n) => !opening(c) && (is_cjk(c) || is_cjk(n) || n == ' ' && c != ' '),
        };
        if breaks_after {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// Characters of scripts written without spaces, where a line may break anywhere.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn closing(c: char) -> bool {
    "，。、；：？！）》」』】〉”’%,.;:?!)]}".contains(c)
}

fn opening(c: char) -> bool {
    "（《「『【〈“‘([{¥$".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fonts;

    #[test]
    fn tokens_break_between_chinese_characters_and_at_latin_spaces() {
        assert_eq!(tokens("华东分公司"), ["华", "东", "分", "公", "司"]);
        assert_eq!(tokens("营收增长，达成率"), ["营", "收", "增", "长，", "达", "成", "率"]);
        assert_eq!(tokens("Revenue grew fast"), ["Revenue", " grew", " fast"]);
        assert_eq!(tokens("华东East Branch"), ["华", "东", "East", " Branch"]);
        assert_eq!(tokens("（华东）"), ["（华", "东）"]);
    }

    #[test]
    fn lines_fit_the_width_and_lose_no_character() {
        let fonts = Fonts::bundled().unwrap();
        let canvas = Canvas::new(&fonts);
        let style = Style::regular(10.0);
        let text = "华东分公司本月营收达成率为百分之九十二，落后进度约三个百分点。Revenue in the East grew by 12.3% year over year, supercalifragilisticexpialidocious.";
        let lines = wrap(&canvas, text, style, 120.0);
        assert!(lines.len() > 5, "{lines:?}");
        for line in &lines {
            assert!(canvas.width(line, style) <= 120.0 + 0.01, "{line} is too wide");
            assert!(!line.starts_with('，') && !line.starts_with('。'), "{line}");
        }
        let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, original);
        assert_eq!(wrap(&canvas, "一\n\n二", style, 100.0), ["一", "", "二"]);
    }
}
