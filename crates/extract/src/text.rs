//! The text path's reader: a scraped page (a line per block, as scrapers save pages) becomes
//! blocks. Bullets are noted and stripped; a date glued to the front of the first body line
//! (" date 2025-10-16 President ...") is split off into a block of its own.

use storyweave_text::dates::find_datetime;

use crate::block::Block;

const BULLETS: &[char] = &['•', '·', '▪', '‣', '◦', '●', '*', '-', '–'];

pub(crate) fn blocks(content: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut gap = true;
    // A lone carriage return (old Mac line ends) ends a line too, as CR LF and LF do.
    for (i, raw_line) in content.lines().flat_map(|l| l.split('\r')).enumerate() {
        let line = raw_line.trim();
        if line.is_empty() {
            gap = true;
            continue;
        }
        let (bullet, text) = strip_bullet(line);
        if text.is_empty() {
            continue;
        }
        let base = Block { line: Some(i + 1), bullet, after_gap: gap, ..Block::default() };
        gap = false;
        if let Some((date, rest)) = split_leading_date(text) {
            out.push(Block { text: date.to_string(), ..base.clone() });
            out.push(Block { text: rest.to_string(), after_gap: false, ..base });
        } else {
            out.push(Block { text: text.to_string(), ..base });
        }
    }
    out
}

fn strip_bullet(line: &str) -> (bool, &str) {
    let mut chars = line.chars();
    if let Some(c) = chars.next() {
        let rest = chars.as_str();
        // A bullet is a marker then a space ("• News"); a lone marker is a bullet line too.
        if BULLETS.contains(&c) && (rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return (true, rest.trim());
        }
    }
    (false, line)
}

/// "date 2025-10-16 President Trump said..." -> ("date 2025-10-16", "President Trump said...").
fn split_leading_date(text: &str) -> Option<(&str, &str)> {
    // Every date form has a digit; most lines have none and skip the date patterns.
    if !text.bytes().take(64).any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (range, _) = find_datetime(text)?;
    let label = &text[..range.start];
    let label_is_short = label.split_whitespace().count() <= 2 && !label.contains(['.', ',']);
    let rest = text[range.end..].trim_start_matches([' ', '|', '-', '–', '—', ':', ',']).trim();
    if range.start > 24 || !label_is_short || rest.split_whitespace().count() < 6 {
        return None;
    }
    Some((text[..range.end].trim(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_with_bullets_and_gaps() {
        let b = blocks("Site\n\n  • News\n  • Sport\nA sentence of text.");
        assert_eq!(b.len(), 4);
        assert!(b[1].bullet && b[1].after_gap && b[1].text == "News");
        assert!(!b[2].after_gap);
        assert_eq!(b[3].line, Some(5));
    }

    #[test]
    fn leading_date_is_split_from_the_first_body_line() {
        let b = blocks(" date 2026-03-14 The river rose two metres overnight, forcing hundreds to leave.");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].text, "date 2026-03-14");
        assert!(b[1].text.starts_with("The river rose"));
        // A sentence that merely mentions a date is not split.
        let b = blocks("On 14 March 2026 the river rose.");
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn every_line_end_ends_a_line() {
        let texts =
            |page: &str| blocks(page).into_iter().map(|b| (b.text, b.line, b.after_gap)).collect::<Vec<_>>();
        let page = "Site\n\n  • News\nA sentence of text.\n";
        assert_eq!(texts(&page.replace('\n', "\r")), texts(page));
        assert_eq!(texts(&page.replace('\n', "\r\n")), texts(page));
    }
}
