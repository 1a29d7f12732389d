//! Byte spans into a document's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into `Document::text`.
///
/// Every annotation in lede is standoff: it points into the text rather than
/// copying it. Spans are byte offsets internally because that is what Rust
/// string slicing uses; the writer converts them to code points on request.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Makes a span; `start` must not exceed `end`.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` when it is out of bounds or
    /// splits a UTF-8 character (so a buggy stage cannot make the writer panic).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when the span is in bounds of `text` and both ends fall on
    /// character boundaries.
    #[inline]
    pub fn is_valid_in(&self, text: &str) -> bool {
        self.start <= self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_refuses_bad_boundaries() {
        let t = "Qāmishlī";
        assert_eq!(Span::new(0, 2).text(t), None);
        assert_eq!(Span::new(0, 1).text(t), Some("Q"));
        assert_eq!(Span::new(0, 3).text(t), Some("Qā"));
        assert!(!Span::new(0, 2).is_valid_in(t));
        assert!(!Span::new(0, 99).is_valid_in(t));
    }

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(2, 8)));
        assert!(a.contains(Span::new(3, 4)));
        assert!(!a.contains(Span::new(1, 4)));
        assert!(a.overlaps(Span::new(7, 12)));
        assert!(!a.overlaps(Span::new(8, 12)));
    }
}
