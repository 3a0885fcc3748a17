//! Bounded reads over streams: a whole payload up to a limit, one line up to a limit, skipping a
//! known number of bytes. Nothing here trusts a length or a line to be small.

use std::io::{self, BufRead, Read};

/// A payload read with a size limit.
pub(crate) enum Limited {
    Fit(Vec<u8>),
    /// More than the limit; what was read is dropped.
    Over,
}

/// Read everything up to `max` bytes; one byte more is read to tell "exactly max" from "over".
pub(crate) fn read_limited(reader: &mut dyn Read, max: u64, size_hint: Option<u64>) -> io::Result<Limited> {
    // Start small whatever the hint says: a hint comes from metadata, and files change.
    let cap = size_hint.unwrap_or(0).min(max).min(16 << 20) as usize;
    let mut buf = Vec::with_capacity(cap);
    reader.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Ok(Limited::Over);
    }
    Ok(Limited::Fit(buf))
}

/// Read up to `n` bytes (fewer only at the end of the stream).
pub(crate) fn read_prefix(reader: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A stream whose first bytes have been read ahead for sniffing and are replayed. A read error
/// met while reading ahead is held back until the replay reaches it, so what came before it
/// (the good records of a truncated crawl) is still read.
pub(crate) struct Peeked<'a> {
    head: Vec<u8>,
    pos: usize,
    error: Option<io::Error>,
    rest: &'a mut dyn BufRead,
}

impl<'a> Peeked<'a> {
    pub(crate) fn new(rest: &'a mut dyn BufRead, n: usize) -> Self {
        let mut head = Vec::with_capacity(n);
        // On error, read_to_end has already appended what it read.
        let error = rest.take(n as u64).read_to_end(&mut head).err();
        Peeked { head, pos: 0, error, rest }
    }

    /// The bytes read ahead.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }
}

impl Read for Peeked<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Peeked<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.head.len() {
            return Ok(&self.head[self.pos..]);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.rest.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.head.len() {
            self.pos = (self.pos + n).min(self.head.len());
        } else {
            self.rest.consume(n);
        }
    }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// The stream had ended before this line.
    Eof,
    /// A line is in the buffer, without its `\n` or `\r\n`.
    Done,
    /// The line had this many bytes, more than the limit; it was consumed but not kept.
    TooLong(u64),
}

/// Read one line into `buf` (cleared first), keeping at most `max` bytes of it.
pub(crate) fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<Line> {
    buf.clear();
    let mut total = 0u64;
    let mut over = false;
    let mut newline = false;
    loop {
        let avail = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        let (take, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        total += take as u64;
        if !over {
            // The newline itself does not count against the limit.
            if (buf.len() + take) as u64 > max.saturating_add(1) {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&avail[..take]);
            }
        }
        reader.consume(take);
        if done {
            newline = true;
            break;
        }
    }
    if total == 0 {
        return Ok(Line::Eof);
    }
    if over {
        return Ok(Line::TooLong(total - u64::from(newline)));
    }
    if newline {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if buf.len() as u64 > max {
        let len = buf.len() as u64;
        buf.clear();
        return Ok(Line::TooLong(len));
    }
    Ok(Line::Done)
}

/// Skip `n` bytes; returns how many there were (fewer at the end of the stream).
pub(crate) fn skip(reader: &mut dyn BufRead, n: u64) -> io::Result<u64> {
    io::copy(&mut reader.take(n), &mut io::sink())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn lines_are_bounded_and_stripped() {
        let mut r = Cursor::new(b"ab\r\ncdefgh\nij".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::Done);
        assert_eq!(buf, b"ab");
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::TooLong(6));
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::Done);
        assert_eq!(buf, b"ij");
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::Eof);
    }

    #[test]
    fn line_of_exactly_the_limit_fits() {
        let mut r = Cursor::new(b"abc\nabcd".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::Done);
        assert_eq!(read_line(&mut r, &mut buf, 3).unwrap(), Line::TooLong(4));
    }

    #[test]
    fn limited_reads() {
        assert!(
            matches!(read_limited(&mut Cursor::new(vec![1; 4]), 4, None).unwrap(), Limited::Fit(v) if v.len() == 4)
        );
        assert!(matches!(read_limited(&mut Cursor::new(vec![1; 5]), 4, Some(5)).unwrap(), Limited::Over));
    }
}
