//! A quick reader for plain RON: the part of the format our files are written in (structs, enums,
//! lists, options, strings with the common escapes, decimal numbers, comments), read in one pass
//! over the bytes. The `ron` crate reads the whole format but spends most of a scenario's load
//! time on it, scanning character by character; this reads the same text several times faster.
//!
//! It is a shortcut, never the authority: anything it does not read exactly as `ron` would (an
//! extension, a raw string, a hex number, an unusual escape, non-ASCII outside strings) and any
//! error at all make it give up, and the caller reads the file with `ron`, which accepts or
//! rejects it with its own message and position. So whatever this returns, `ron` returns too
//! (tests compare the two over the shipped files and thousands of mutated ones).

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor, value::BorrowedStrDeserializer,
};

/// The value in `src`, or `None` if this reader does not take it (then `ron` must read it).
/// `src` has no byte-order mark.
pub(crate) fn read<T: DeserializeOwned>(src: &str) -> Option<T> {
    let mut r = Reader {
        src,
        at: 0,
        depth: 0,
    };
    r.blank().ok()?;
    // Document attributes (`#![enable(..)]`) change how the rest reads: `ron`'s business.
    if r.peek() == Some(b'#') {
        return None;
    }
    let value = T::deserialize(&mut r).ok()?;
    r.blank().ok()?;
    (r.at == src.len()).then_some(value)
}

/// Nesting this reader follows before it gives up; below the 256 `ron` is given
/// ([`super::ron_options`]), counted at the same places, so nothing read here would be too deep
/// for `ron`.
const DEEPEST: u32 = 200;

/// "Not plain RON, or not valid": the only thing this reader says. Deliberately empty: `ron`
/// reads the file again for the message.
#[derive(Debug)]
pub(crate) struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("not plain RON")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GaveUp
    }
}

type Result<T> = std::result::Result<T, GaveUp>;

struct Reader<'de> {
    src: &'de str,
    /// Byte offset of the next unread byte.
    at: usize,
    /// Containers and values open now, counted where `ron` counts them.
    depth: u32,
}

/// Bytes that may continue an identifier (ASCII only: a non-ASCII byte after a word gives up).
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.src.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    /// Skip blanks and comments, as `ron` does between tokens (ASCII blanks only).
    fn blank(&mut self) -> Result<()> {
        let b = self.bytes();
        loop {
            match b.get(self.at) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => self.at += 1,
                Some(b'/') => match b.get(self.at + 1) {
                    Some(b'/') => {
                        self.at = b[self.at..]
                            .iter()
                            .position(|c| *c == b'\n')
                            .map_or(b.len(), |p| self.at + p);
                    }
                    Some(b'*') => self.block_comment()?,
                    _ => return Err(GaveUp),
                },
                _ => return Ok(()),
            }
        }
    }

    /// A `/* .. */` comment, nested as `ron` nests them.
    fn block_comment(&mut self) -> Result<()> {
        let b = self.bytes();
        self.at += 2;
        let mut level = 1;
        while level > 0 {
            let next = b[self.at..]
                .iter()
                .position(|c| matches!(c, b'/' | b'*'))
                .ok_or(GaveUp)?;
            self.at += next;
            if b[self.at..].starts_with(b"/*") {
                level += 1;
                self.at += 2;
            } else if b[self.at..].starts_with(b"*/") {
                level -= 1;
                self.at += 2;
            } else {
                self.at += 1;
            }
        }
        Ok(())
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.eat(c) { Ok(()) } else { Err(GaveUp) }
    }

    /// An identifier here (ASCII letters, digits, `_`, not starting with a digit). Gives up on
    /// anything `ron` would read differently after it: a raw-identifier character, a quote or a
    /// `#` (raw and byte strings), or a non-ASCII character.
    fn word(&mut self) -> Result<&'de str> {
        let b = self.bytes();
        let start = self.at;
        if !b
            .get(start)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return Err(GaveUp);
        }
        let len = b[start..].iter().take_while(|c| word_byte(**c)).count();
        if let Some(after) = b.get(start + len)
            && (*after >= 0x80 || matches!(after, b'.' | b'+' | b'-' | b'"' | b'#' | b'\''))
        {
            return Err(GaveUp);
        }
        self.at += len;
        Ok(&self.src[start..start + len])
    }

    /// Whether the next word is exactly `w` (consumed if so).
    fn eat_word(&mut self, w: &str) -> Result<bool> {
        let b = self.bytes();
        if !b[self.at..].starts_with(w.as_bytes()) {
            return Ok(false);
        }
        match b.get(self.at + w.len()) {
            Some(c) if *c >= 0x80 => Err(GaveUp),
            Some(c) if word_byte(*c) => Ok(false),
            _ => {
                self.at += w.len();
                Ok(true)
            }
        }
    }

    /// One level deeper for the length of `f`, as `ron`'s recursion guard counts.
    fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        if self.depth >= DEEPEST {
            return Err(GaveUp);
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// A comma after an element, if there is one (blanks around it skipped).
    fn comma(&mut self) -> Result<bool> {
        self.blank()?;
        let had = self.eat(b',');
        if had {
            self.blank()?;
        }
        Ok(had)
    }

    /// The run of characters `ron` takes as a float, if it is plain: no `_`, no `..`, and
    /// nothing word-like right after it (a suffix, `inf`, `NaN`).
    fn float_text(&mut self) -> Result<&'de str> {
        let b = self.bytes();
        let start = self.at;
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b'e' | b'E' | b'.' | b'+' | b'-'))
            .count();
        let text = &self.src[start..start + len];
        let after = b.get(start + len).copied();
        if len == 0 || text.contains("..") || after.is_some_and(|c| word_byte(c) || c >= 0x80) {
            return Err(GaveUp);
        }
        self.at += len;
        Ok(text)
    }

    /// A plain decimal whole number (`-` allowed when `signed`): no `+`, no base prefix, no `_`,
    /// no leading zero, no suffix, not followed by a `.` or a word.
    fn whole_text(&mut self, signed: bool) -> Result<&'de str> {
        let b = self.bytes();
        let start = self.at;
        let sign = usize::from(signed && b.get(start) == Some(&b'-'));
        let digits = b[start + sign..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let after = b.get(start + sign + digits).copied();
        if digits == 0
            || (digits > 1 && b[start + sign] == b'0')
            || after.is_some_and(|c| word_byte(c) || c == b'.' || c >= 0x80)
        {
            return Err(GaveUp);
        }
        self.at += sign + digits;
        Ok(&self.src[start..self.at])
    }

    fn unsigned(&mut self) -> Result<u64> {
        self.whole_text(false)?.parse().map_err(|_| GaveUp)
    }

    fn signed(&mut self) -> Result<i64> {
        self.whole_text(true)?.parse().map_err(|_| GaveUp)
    }

    /// A quoted string: borrowed from the source when it has no escapes.
    fn string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'"')?;
        let b = self.bytes();
        let start = self.at;
        let stop = |from: usize| {
            b[from..]
                .iter()
                .position(|c| matches!(c, b'"' | b'\\'))
                .map(|p| from + p)
                .ok_or(GaveUp)
        };
        let mut end = stop(start)?;
        if b[end] == b'"' {
            self.at = end + 1;
            return visitor.visit_borrowed_str(&self.src[start..end]);
        }
        let mut text = String::with_capacity(end - start + 16);
        let mut from = start;
        loop {
            text.push_str(&self.src[from..end]);
            if b[end] == b'"' {
                self.at = end + 1;
                return visitor.visit_string(text);
            }
            // The escapes `ron` reads as one ASCII character; any other gives up.
            text.push(match b.get(end + 1) {
                Some(b'\'') => '\'',
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'0') => '\0',
                _ => return Err(GaveUp),
            });
            from = end + 2;
            end = stop(from)?;
        }
    }

    /// `(` fields `)` after a struct's (optional) name.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = self.nested(|r| visitor.visit_map(Items::new(r, b')')))?;
        self.blank()?;
        self.expect(b')')?;
        Ok(value)
    }

    /// `(` elements `)`: a tuple or a tuple variant's values.
    fn tuple<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = self.nested(|r| visitor.visit_seq(Items::new(r, b')')))?;
        self.blank()?;
        self.expect(b')')?;
        Ok(value)
    }
}

/// Ranges have a syntax of their own in RON (`1..3`): left to `ron`.
const RANGES: &[&str] = &[
    "Range",
    "RangeInclusive",
    "RangeFrom",
    "RangeTo",
    "RangeToInclusive",
];

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GaveUp;

    /// Guessing a value's type from its text is `ron`'s job.
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("true")? {
            visitor.visit_bool(true)
        } else if self.eat_word("false")? {
            visitor.visit_bool(false)
        } else {
            Err(GaveUp)
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Parsed as an f32 directly, as `ron` does (through an f64 it could round twice).
        visitor.visit_f32(self.float_text()?.parse().map_err(|_| GaveUp)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float_text()?.parse().map_err(|_| GaveUp)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    /// `None`, `Some(x)`, or (our files allow it) a bare `x`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("None")? {
            return visitor.visit_none();
        }
        if self.eat_word("Some")? {
            self.blank()?;
            // `ron` reads `Some` without a bracket in a way of its own: left to it.
            self.expect(b'(')?;
            self.blank()?;
            let value = self.nested(|r| visitor.visit_some(&mut *r))?;
            self.comma()?;
            self.expect(b')')?;
            return Ok(value);
        }
        self.nested(|r| visitor.visit_some(&mut *r))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.bytes()[self.at..].starts_with(b"()") {
            self.at += 2;
            visitor.visit_unit()
        } else {
            Err(GaveUp)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = self.nested(|r| visitor.visit_seq(Items::new(r, b']')))?;
        self.blank()?;
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.tuple(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    /// `Name(field: value, ..)` or `(field: value, ..)`; another name gives up.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if RANGES.contains(&name) {
            return Err(GaveUp);
        }
        match self.peek() {
            Some(c) if c >= 0x80 => return Err(GaveUp),
            Some(c) if word_byte(c) && self.word()? != name => return Err(GaveUp),
            _ => {}
        }
        self.blank()?;
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nested(|r| visitor.visit_enum(Variant(r)))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.word()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }
}

/// The elements of a list or tuple, or the fields of a struct, up to `end`, with `ron`'s rules
/// for commas (between elements, and optionally after the last).
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    end: u8,
    had_comma: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(r: &'a mut Reader<'de>, end: u8) -> Self {
        Items {
            r,
            end,
            had_comma: true,
        }
    }

    fn more(&mut self) -> Result<bool> {
        self.r.blank()?;
        let at_end = self.r.peek() == Some(self.end);
        match (self.had_comma, at_end) {
            (true, at_end) => Ok(!at_end),
            (false, true) => Ok(false),
            (false, false) => Err(GaveUp),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        let value = self.r.nested(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(Some(value))
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        let key = self.r.word()?;
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.blank()?;
        self.r.expect(b':')?;
        self.r.blank()?;
        let value = self.r.nested(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(value)
    }
}

/// An enum's variant: its name, then nothing, `(value)`, `(a, b)` or `(field: value, ..)`.
struct Variant<'a, 'de>(&'a mut Reader<'de>);

impl<'a, 'de> EnumAccess<'de> for Variant<'a, 'de> {
    type Error = GaveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.0.blank()?;
        let name = self.0.word()?;
        let value = seed.deserialize(BorrowedStrDeserializer::new(name))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GaveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let r = self.0;
        r.blank()?;
        r.expect(b'(')?;
        r.blank()?;
        let value = r.nested(|r| seed.deserialize(&mut *r))?;
        r.comma()?;
        r.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.0.blank()?;
        self.0.tuple(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.0.blank()?;
        self.0.fields(visitor)
    }
}

#[cfg(test)]
#[path = "plain_tests.rs"]
mod tests;
