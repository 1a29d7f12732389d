//! Character classes for the scanner.
//!
//! ASCII goes through a 128-entry table; everything else through a few range
//! checks. We avoid a Unicode-category crate on purpose: the scanner needs
//! only "is this a word character, a separator, punctuation, a symbol or a
//! pictograph", and ranges keep that branch-light and dependency-free.

/// The class of one character, as the scanner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Whitespace and invisible separators: never part of a token.
    Space,
    /// Letters, digits, combining marks and joiners: the stuff of words.
    Alnum,
    /// Punctuation.
    Punct,
    /// Symbols (currency, math, `%`, `#`, ...).
    Symbol,
    /// Emoji and other pictographs.
    Emoji,
    /// Controls and anything unassigned to the classes above.
    Other,
}

const S: Class = Class::Space;
const A: Class = Class::Alnum;
const P: Class = Class::Punct;
const Y: Class = Class::Symbol;
const O: Class = Class::Other;

/// ASCII classes, indexed by byte.
#[rustfmt::skip]
pub(crate) static ASCII: [Class; 128] = [
    // 0x00..0x1f: controls; \t \n \v \f \r are space.
    O, O, O, O, O, O, O, O, O, S, S, S, S, S, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    // space ! " # $ % & ' ( ) * + , - . /
    S, P, P, Y, Y, Y, Y, P, P, P, P, Y, P, P, P, P,
    // 0-9 : ; < = > ?
    A, A, A, A, A, A, A, A, A, A, P, P, Y, Y, Y, P,
    // @ A-O
    Y, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    // P-Z [ \ ] ^ _
    A, A, A, A, A, A, A, A, A, A, A, P, P, P, Y, P,
    // ` a-o
    Y, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    // p-z { | } ~ DEL
    A, A, A, A, A, A, A, A, A, A, A, P, Y, P, Y, O,
];

/// The class of any character.
#[inline]
pub(crate) fn class(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return ASCII[u as usize];
    }
    class_non_ascii(c)
}

fn class_non_ascii(c: char) -> Class {
    let u = c as u32;
    match u {
        // Latin-1 supplement: NBSP is a space; the rest of A0..BF is mostly
        // punctuation and symbols, except the ordinal indicators and
        // superscripts, which belong to words.
        0xA0 | 0x85 => Class::Space,
        0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE => Class::Alnum,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF => Class::Punct,
        0xA2..=0xBF => Class::Symbol,
        0xD7 | 0xF7 => Class::Symbol,
        0x80..=0x9F => Class::Other,
        // Zero-width space and BOM separate words invisibly.
        0x200B | 0xFEFF | 0x2060 => Class::Space,
        // ZWNJ and ZWJ are part of Persian and Indic words (and of emoji
        // sequences, which the emoji scanner handles first).
        0x200C | 0x200D => Class::Alnum,
        0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 => Class::Space,
        0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 => Class::Other,
        0x2010..=0x2027 | 0x2030..=0x205E => {
            if matches!(u, 0x2030 | 0x2031 | 0x2044 | 0x2052) {
                Class::Symbol
            } else {
                Class::Punct
            }
        }
        0x2070..=0x209F => Class::Alnum,
        0x20A0..=0x20CF => Class::Symbol,
        0x20D0..=0x20FF => Class::Alnum,
        0x2100..=0x214F => {
            // Letterlike: some are letters used in words; most are symbols.
            if is_emoji(c) {
                Class::Emoji
            } else {
                Class::Symbol
            }
        }
        0x2150..=0x218F => Class::Alnum,
        0x2190..=0x2BFF => {
            if is_emoji(c) {
                Class::Emoji
            } else {
                Class::Symbol
            }
        }
        0x2E00..=0x2E7F => Class::Punct,
        0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x30FB => Class::Punct,
        0xFE10..=0xFE19 | 0xFE30..=0xFE4F | 0xFE50..=0xFE6B => Class::Punct,
        0xFE00..=0xFE0F => Class::Alnum,
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => Class::Punct,
        0xFFE0..=0xFFEE => Class::Symbol,
        0xFFF0..=0xFFFF => Class::Other,
        // Arabic comma, semicolon, question mark, full stop; Devanagari danda.
        0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4 | 0x0964 | 0x0965 => Class::Punct,
        0x055A..=0x055F | 0x0589 | 0x05BE | 0x05C0 | 0x05C3 | 0x05F3 | 0x05F4 => Class::Punct,
        0x0E3F => Class::Symbol,
        0x1F000..=0x1FAFF => Class::Emoji,
        0xE0000..=0xE007F => Class::Alnum,
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => Class::Other,
        _ => {
            if c.is_whitespace() {
                Class::Space
            } else if c.is_control() {
                Class::Other
            } else {
                Class::Alnum
            }
        }
    }
}

/// True for characters that start an emoji presentation on their own.
#[inline]
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF
        | 0x2600..=0x27BF
        | 0x2B00..=0x2BFF
        | 0x231A..=0x231B
        | 0x23E9..=0x23FA
        | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

/// True for characters that continue an emoji sequence (variation
/// selectors, skin tones, joiners, keycaps, tags).
#[inline]
pub(crate) fn is_emoji_continuation(c: char) -> bool {
    matches!(c as u32,
        0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x20E3 | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_common_characters() {
        assert_eq!(class('a'), Class::Alnum);
        assert_eq!(class('7'), Class::Alnum);
        assert_eq!(class('ā'), Class::Alnum);
        assert_eq!(class('\u{0301}'), Class::Alnum);
        assert_eq!(class('م'), Class::Alnum);
        assert_eq!(class(' '), Class::Space);
        assert_eq!(class('\u{A0}'), Class::Space);
        assert_eq!(class('“'), Class::Punct);
        assert_eq!(class('—'), Class::Punct);
        assert_eq!(class('€'), Class::Symbol);
        assert_eq!(class('£'), Class::Symbol);
        assert_eq!(class('%'), Class::Symbol);
        assert_eq!(class('😀'), Class::Emoji);
        assert_eq!(class('\0'), Class::Other);
        assert_eq!(class('،'), Class::Punct);
    }
}
