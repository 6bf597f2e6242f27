//! The fonts reports are set in: the bundled Noto Sans SC (SIL OFL 1.1, `fonts/OFL.txt`), or
//! a company's own font files. Text is measured here, and characters no font covers are
//! replaced by a visible box instead of vanishing.

use std::borrow::Cow;
use std::path::Path;

use printpdf::ParsedFont;

/// Noto Sans SC Regular: Chinese, Latin, digits and the symbols reports use (¥ % ▲ ▼ □).
const BUNDLED: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.otf");

/// Characters every report prints; a font without them cannot set a report.
const REQUIRED: &str = "0123456789AZaz¥%,.中国分公司";

/// Why a font cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{what} is not a TrueType or OpenType font the renderer can read")]
    Parse { what: String },
    #[error("{what} has no glyph for {missing:?}: reports need Chinese, Latin letters and digits")]
    Coverage { what: String, missing: String },
}

/// The regular face and, when there is one, a bold face. Without a bold face, bold text is
/// drawn with a thin outline in the text colour (synthetic bold).
#[derive(Debug, Clone)]
pub struct Fonts {
    pub(crate) regular: ParsedFont,
    pub(crate) bold: Option<ParsedFont>,
    /// What stands in for a character no font covers.
    missing: char,
}

impl Fonts {
    /// The bundled Noto Sans SC.
    pub fn bundled() -> Result<Self, FontError> {
        let regular = parse(BUNDLED, 0, "the bundled Noto Sans SC")?;
        Ok(Self::new(regular, None))
    }

    /// A company's own font: a `.ttf`/`.otf` file (or a face of a `.ttc` collection) and an
    /// optional bold face.
    pub fn from_files(regular: &Path, bold: Option<&Path>, face: usize) -> Result<Self, FontError> {
        let load = |path: &Path| -> Result<ParsedFont, FontError> {
            let bytes = std::fs::read(path)
                .map_err(|source| FontError::Read { path: path.display().to_string(), source })?;
            parse(&bytes, face, &path.display().to_string())
        };
        let regular = load(regular)?;
        let bold = bold.map(load).transpose()?;
        Ok(Self::new(regular, bold))
    }

    fn new(regular: ParsedFont, bold: Option<ParsedFont>) -> Self {
        let missing = if regular.lookup_glyph_index('□' as u32).is_some() { '□' } else { '?' };
        Self { regular, bold, missing }
    }

    /// The face for a weight, and whether bold must be synthesised.
    pub(crate) fn face(&self, bold: bool) -> (&ParsedFont, bool) {
        match (&self.bold, bold) {
            (Some(face), true) => (face, false),
            (None, true) => (&self.regular, true),
            (_, false) => (&self.regular, false),
        }
    }

    /// `text` as it will be printed: characters the face lacks become `□`, control
    /// characters a space.
    pub(crate) fn shown<'t>(&self, text: &'t str, bold: bool) -> Cow<'t, str> {
        let (face, _) = self.face(bold);
        let covered = |c: char| {
            c == ' '
                || (!c.is_control() && face.lookup_glyph_index(c as u32).is_some_and(|g| g != 0))
        };
        if text.chars().all(covered) {
            return Cow::Borrowed(text);
        }
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if c.is_control() {
                        ' '
                    } else if covered(c) {
                        c
                    } else {
                        self.missing
                    }
                })
                .collect(),
        )
    }

    /// The width of printed text (already passed through [`Fonts::shown`]) in points.
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let (face, _) = self.face(bold);
        let em = f32::from(face.pdf_font_metrics.units_per_em.max(1));
        let units: u32 = text
            .chars()
            .map(|c| {
                face.lookup_glyph_index(c as u32)
                    .map_or(0, |g| u32::from(face.get_horizontal_advance(g)))
            })
            .sum();
        units as f32 * size / em
    }
}

fn parse(bytes: &[u8], face: usize, what: &str) -> Result<ParsedFont, FontError> {
    let font = ParsedFont::from_bytes(bytes, face, &mut Vec::new())
        .ok_or_else(|| FontError::Parse { what: what.to_owned() })?;
    let missing: String = REQUIRED
        .chars()
        .filter(|c| font.lookup_glyph_index(*c as u32).is_none_or(|g| g == 0))
        .collect();
    if !missing.is_empty() {
        return Err(FontError::Coverage { what: what.to_owned(), missing });
    }
    Ok(font)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_characters_become_a_visible_box() {
        let fonts = Fonts::bundled().unwrap();
        assert_eq!(fonts.shown("华东 East 1,2%", false), "华东 East 1,2%");
        assert_eq!(fonts.shown("好评😀!", false), "好评□!");
        assert_eq!(fonts.shown("a\tb", false), "a b");
        // A CJK character is a full em, a digit about half of one.
        assert!((fonts.width("中", 10.0, false) - 10.0).abs() < 0.01);
        assert!(fonts.width("1", 10.0, false) < 6.0);
    }

    #[test]
    fn a_company_font_file_replaces_the_bundled_one() {
        let file = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansSC-Regular.otf"));
        let fonts = Fonts::from_files(file, Some(file), 0).unwrap();
        // With a bold face of its own, bold is not synthesised.
        assert!(!fonts.face(true).1);
        assert!(Fonts::bundled().unwrap().face(true).1);
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_its_name() {
        let dir = std::env::temp_dir().join(format!("sg-font-{}", std::process::id()));
        std::fs::write(&dir, b"not a font").unwrap();
        let err = Fonts::from_files(&dir, None, 0).unwrap_err().to_string();
        assert!(err.contains("is not a TrueType or OpenType font"), "{err}");
        let _ = std::fs::remove_file(&dir);
        let err =
            Fonts::from_files(Path::new("/no/such/font.otf"), None, 0).unwrap_err().to_string();
        assert!(err.starts_with("cannot read the font file /no/such/font.otf"), "{err}");
    }
}
